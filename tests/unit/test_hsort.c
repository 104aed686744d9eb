/*
 * Unit tests for lib/core/hsort: sorting hash values, with and without
 * repeats, into place and into the scratch array.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/hsort.h"
#include "core/util.h"
#include "t.h"

/* A hash of i (splitmix64's finaliser): uniform values. */
static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ x >> 30) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ x >> 27) * 0x94d049bb133111ebULL;
	return x ^ x >> 31;
}

static int
cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Values of n: uniform, with a repeat in every eight; or sharing top bits. */
static void
fill(uint64_t *v, size_t n, int same_top)
{
	size_t i;

	for (i = 0; i < n; i++) {
		v[i] = mix(i / 8 * 8 == i ? i / 2 : i + 1);
		if (same_top)
			v[i] = (v[i] >> 40) | (uint64_t)0xabc << 52;
	}
}

static size_t
unique(uint64_t *v, size_t n)
{
	size_t i, u = 0;

	for (i = 0; i < n; i++)
		if (u == 0 || v[i] != v[u - 1])
			v[u++] = v[i];
	return u;
}

static void
sizes(void)
{
	static const size_t ns[] = { 0, 1, 2, 31, 32, 33, 1000, 70000 };
	struct nt_hsort hs = NT_HSORT_INIT;
	uint64_t *v, *w, *x;
	const uint64_t *t;
	size_t k, n, u;
	int top, sorted = 1, uniq = 1, into = 1, kept = 1;

	v = nt_ereallocarray(NULL, 70000, sizeof(*v));
	w = nt_ereallocarray(NULL, 70000, sizeof(*w));
	x = nt_ereallocarray(NULL, 70000, sizeof(*x));
	for (top = 0; top < 2; top++) {
		for (k = 0; k < sizeof(ns) / sizeof(ns[0]); k++) {
			n = ns[k];
			fill(v, n, top);
			memcpy(w, v, n * sizeof(*v));
			qsort(w, n, sizeof(*w), cmp64);

			memcpy(x, v, n * sizeof(*v));
			nt_hsort(&hs, x, n);
			sorted &= n == 0 || memcmp(x, w, n * sizeof(*x)) == 0;

			memcpy(x, v, n * sizeof(*v));
			t = nt_hsort_into(&hs, x, n);
			into &= n == 0 || memcmp(t, w, n * sizeof(*t)) == 0;
			kept &= n == 0 || memcmp(x, v, n * sizeof(*x)) == 0;

			u = nt_hsort_unique(&hs, x, n);
			uniq &= u == unique(w, n) &&
			    (u == 0 || memcmp(x, w, u * sizeof(*x)) == 0);
		}
	}
	ok(sorted, "nt_hsort sorts as qsort does");
	ok(into, "nt_hsort_into sorts into its scratch");
	ok(kept, "nt_hsort_into leaves the values as they were");
	ok(uniq, "nt_hsort_unique sorts and drops repeats");
	nt_hsort_free(&hs);
	free(v);
	free(w);
	free(x);
}

int
main(void)
{
	sizes();
	return done();
}
