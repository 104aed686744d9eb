#include <stdlib.h>
#include <string.h>

#include "core/hsort.h"
#include "core/util.h"

static void
insertion(uint64_t *v, size_t n)
{
	size_t i, j;
	uint64_t x;

	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/*
 * About one bucket per value, at most 2^20 (8 MB of counts: one a value
 * was 134 MB for a text of 50 MB, and a few values a bucket cost the
 * insertion pass little).
 */
#define MAXBITS	20

const uint64_t *
nt_hsort_into(struct nt_hsort *s, const uint64_t *v, size_t n)
{
	size_t nb = 16, i, sum, c;
	unsigned bits = 4;

	if (n > s->tcap) {
		free(s->tmp);
		s->tcap = n;
		s->tmp = nt_ereallocarray(NULL, n, sizeof(*s->tmp));
	}
	if (n < 32) {
		if (n > 0)
			memcpy(s->tmp, v, n * sizeof(*v));
		insertion(s->tmp, n);
		return s->tmp;
	}
	while (nb < n && bits < MAXBITS) {
		nb *= 2;
		bits++;
	}
	if (nb > s->ccap) {
		free(s->cnt);
		s->ccap = nb;
		s->cnt = nt_ereallocarray(NULL, nb, sizeof(*s->cnt));
	}
	memset(s->cnt, 0, nb * sizeof(*s->cnt));
	for (i = 0; i < n; i++)
		s->cnt[v[i] >> (64 - bits)]++;
	for (i = 0, sum = 0; i < nb; i++) {
		c = s->cnt[i];
		s->cnt[i] = sum;
		sum += c;
	}
	for (i = 0; i < n; i++)
		s->tmp[s->cnt[v[i] >> (64 - bits)]++] = v[i];
	/* Every value is now in its bucket, buckets in order. */
	insertion(s->tmp, n);
	return s->tmp;
}

void
nt_hsort(struct nt_hsort *s, uint64_t *v, size_t n)
{
	const uint64_t *t = nt_hsort_into(s, v, n);

	if (n > 0)
		memcpy(v, t, n * sizeof(*v));
}

size_t
nt_hsort_unique(struct nt_hsort *s, uint64_t *v, size_t n)
{
	const uint64_t *t = nt_hsort_into(s, v, n);
	size_t i, u;

	if (n == 0)
		return 0;
	v[0] = t[0];
	for (i = u = 1; i < n; i++)
		if (t[i] != v[u - 1])
			v[u++] = t[i];
	return u;
}

void
nt_hsort_free(struct nt_hsort *s)
{
	if (s == NULL)
		return;
	free(s->tmp);
	free(s->cnt);
	memset(s, 0, sizeof(*s));
}
