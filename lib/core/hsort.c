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

void
nt_hsort(struct nt_hsort *s, uint64_t *v, size_t n)
{
	size_t nb = 16, i, sum, c;
	unsigned bits = 4;

	if (n < 32) {
		insertion(v, n);
		return;
	}
	/* About one bucket per value: nb is the power of two at or above n. */
	while (nb < n) {
		nb *= 2;
		bits++;
	}
	if (nb > s->ccap) {
		free(s->cnt);
		s->ccap = nb;
		s->cnt = nt_ereallocarray(NULL, nb, sizeof(*s->cnt));
	}
	if (n > s->tcap) {
		free(s->tmp);
		s->tcap = n;
		s->tmp = nt_ereallocarray(NULL, n, sizeof(*s->tmp));
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
	memcpy(v, s->tmp, n * sizeof(*v));
}

size_t
nt_hsort_unique(struct nt_hsort *s, uint64_t *v, size_t n)
{
	size_t i, u;

	nt_hsort(s, v, n);
	for (i = u = 0; i < n; i++)
		if (u == 0 || v[i] != v[u - 1])
			v[u++] = v[i];
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
