#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/stats_sketch.h"
#include "core/util.h"

/* 2^64 is bin 2,218 at 1%; anything past this did not come from us. */
#define QS_MAXBIN 4096

/* A constant: the compiler folds it. */
#define lngamma() log((1 + NT_QS_ALPHA) / (1 - NT_QS_ALPHA))

size_t
nt_qs_index(uint64_t x)
{
	double v;

	if (x <= 1)
		return 0;
	v = ceil(log((double)x) / lngamma());
	return v < 0 ? 0 : (size_t)v;
}

int
nt_qs_addbin(struct nt_qsketch *s, size_t i, uint64_t n)
{
	size_t m;

	if (i >= QS_MAXBIN)
		return -1;
	if (i >= s->nbin) {
		m = s->nbin ? s->nbin : 64;
		while (m <= i)
			m *= 2;
		s->bin = nt_ereallocarray(s->bin, m, sizeof(*s->bin));
		memset(s->bin + s->nbin, 0, (m - s->nbin) * sizeof(*s->bin));
		s->nbin = m;
	}
	s->bin[i] += n;
	s->n += n;
	return 0;
}

void
nt_qs_add(struct nt_qsketch *s, uint64_t x, uint64_t n)
{
	if (x == 0) {
		s->zero += n;
		s->n += n;
		return;
	}
	(void)nt_qs_addbin(s, nt_qs_index(x), n);
}

void
nt_qs_merge(struct nt_qsketch *s, const struct nt_qsketch *o)
{
	size_t i;

	s->zero += o->zero;
	s->n += o->zero;
	for (i = o->nbin; i-- > 0;)
		if (o->bin[i] != 0)
			(void)nt_qs_addbin(s, i, o->bin[i]);
}

uint64_t
nt_qs_quantile(const struct nt_qsketch *s, double q)
{
	uint64_t rank, cum;
	double g;
	size_t i;

	if (s->n == 0)
		return 0;
	if (q < 0)
		q = 0;
	if (q > 1)
		q = 1;
	rank = (uint64_t)floor(q * (double)(s->n - 1));
	if (rank < s->zero)
		return 0;
	cum = s->zero;
	for (i = 0; i < s->nbin; i++) {
		cum += s->bin[i];
		if (cum > rank)
			break;
	}
	if (i == 0)
		return 1;
	g = exp(lngamma());
	return (uint64_t)llround(2 * pow(g, (double)i) / (g + 1));
}

void
nt_qs_free(struct nt_qsketch *s)
{
	if (s == NULL)
		return;
	free(s->bin);
	memset(s, 0, sizeof(*s));
}
