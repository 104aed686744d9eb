#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stats/stats_days.h"
#include "core/util.h"

static const char *const months[12] = { "Jan", "Feb", "Mar", "Apr", "May",
    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static int
leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
mdays(int64_t y, int m)
{
	static const int n[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	return m == 2 && leap(y) ? 29 : n[m - 1];
}

/*
 * Days from 1970-01-01 to y-m-d.  The year is counted from March, so
 * that the leap day falls at its end; 400 years are 146097 days.
 */
static int64_t
fromcivil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of fromcivil. */
static void
tocivil(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
num(const char *p, size_t n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*p++ - '0');
	return v;
}

int64_t
nt_day_parse(const char *p)
{
	int y, m, d;

	if (!nt_stats_isdate(p, 10))
		return INT64_MIN;
	y = num(p, 4);
	m = num(p + 5, 2);
	d = num(p + 8, 2);
	if (m < 1 || m > 12 || d < 1 || d > mdays(y, m))
		return INT64_MIN;
	return fromcivil(y, m, d);
}

void
nt_day_format(int64_t z, char out[11])
{
	int64_t y;
	int m, d, i;

	tocivil(z, &y, &m, &d);
	for (i = 3; i >= 0; i--, y /= 10)
		out[i] = (char)('0' + y % 10);
	out[4] = out[7] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

void
nt_day_label(int64_t z, struct nt_buf *b)
{
	int64_t y;
	int m, d;

	tocivil(z, &y, &m, &d);
	nt_buf_printf(b, "%d %s %lld", d, months[m - 1], (long long)y);
}

/* Floor division, for days before 1970. */
static int64_t
fdiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The bucket number of day z in a unit (1970-01-01 was a Thursday). */
static int64_t
unitof(int unit, int64_t step, int64_t z)
{
	int64_t y;
	int m, d;

	if (unit == NT_UNIT_DAY)
		return z;
	if (unit == NT_UNIT_WEEK)
		return fdiv(z + 3, 7);
	tocivil(z, &y, &m, &d);
	if (unit == NT_UNIT_MONTH)
		return y * 12 + m - 1;
	return fdiv(y, step);
}

int64_t
nt_series_start(const struct nt_series *s, size_t i)
{
	int64_t u = s->first + (int64_t)i;

	switch (s->unit) {
	case NT_UNIT_DAY:
		return u;
	case NT_UNIT_WEEK:
		return u * 7 - 3;
	case NT_UNIT_MONTH:
		return fromcivil(fdiv(u, 12), (int)(u - fdiv(u, 12) * 12) + 1,
		    1);
	default:
		return fromcivil(u * s->step, 1, 1);
	}
}

/* The smallest unit in which days lo..hi take at most maxn buckets. */
static void
pickunit(struct nt_series *s, int64_t lo, int64_t hi, size_t maxn)
{
	int64_t span;

	for (s->unit = NT_UNIT_DAY; s->unit < NT_UNIT_YEAR; s->unit++)
		if (unitof(s->unit, 1, hi) - unitof(s->unit, 1, lo) <
		    (int64_t)maxn)
			break;
	s->step = 1;
	if (s->unit == NT_UNIT_YEAR) {
		span = unitof(NT_UNIT_YEAR, 1, hi) - unitof(NT_UNIT_YEAR, 1,
		    lo) + 1;
		s->step = (span + (int64_t)maxn - 1) / (int64_t)maxn;
		/* Runs of years begin at a round year. */
		while (fdiv(unitof(NT_UNIT_YEAR, 1, hi), s->step) -
		    fdiv(unitof(NT_UNIT_YEAR, 1, lo), s->step) >= (int64_t)maxn)
			s->step++;
	}
	s->first = unitof(s->unit, s->step, lo);
	s->n = (size_t)(unitof(s->unit, s->step, hi) - s->first + 1);
}

/* The first and last valid day among t's keys; 0 if there is none. */
static int
span(const struct nt_bytab *t, int64_t *lo, int64_t *hi)
{
	const struct nt_centry *e;
	int64_t z;
	size_t i;
	int any = 0;

	for (i = 0; i < t->c.n; i++) {
		e = &t->c.e[i];
		if (e->klen != 10 ||
		    (z = nt_day_parse(nt_counts_key(&t->c, e))) == INT64_MIN)
			continue;
		if (!any || z < *lo)
			*lo = z;
		if (!any || z > *hi)
			*hi = z;
		any = 1;
	}
	return any;
}

int
nt_series_init(struct nt_series *s, const struct nt_bytab *t,
    uint64_t records, size_t maxn)
{
	const struct nt_centry *e;
	int64_t lo = 0, hi = 0, z;
	long b;
	size_t i;

	memset(s, 0, sizeof(*s));
	if (!span(t, &lo, &hi))
		return -1;
	s->lo = lo;
	s->hi = hi;
	pickunit(s, lo, hi, maxn);
	s->v = nt_ecalloc(s->n, sizeof(*s->v));
	s->dup = nt_ecalloc(s->n, sizeof(*s->dup));
	s->undated = records;
	for (i = 0; i < t->c.n; i++) {
		e = &t->c.e[i];
		z = e->klen == 10 ? nt_day_parse(nt_counts_key(&t->c, e)) :
		    INT64_MIN;
		if (z == INT64_MIN || (b = nt_series_bucket(s, z)) < 0)
			continue;
		s->v[b] += e->count;
		s->dup[b] += e->aux;
		s->undated -= e->count < s->undated ? e->count : s->undated;
	}
	return 0;
}

long
nt_series_bucket(const struct nt_series *s, int64_t z)
{
	int64_t u = unitof(s->unit, s->step, z) - s->first;

	return u < 0 || u >= (int64_t)s->n ? -1 : (long)u;
}

void
nt_series_label(const struct nt_series *s, size_t i, int full,
    struct nt_buf *b)
{
	int64_t z = nt_series_start(s, i), y;
	int m, d;

	tocivil(z, &y, &m, &d);
	if (s->unit == NT_UNIT_YEAR) {
		nt_buf_printf(b, "%lld", (long long)y);
		return;
	}
	if (s->unit != NT_UNIT_MONTH)
		nt_buf_printf(b, "%d ", d);
	nt_buf_adds(b, months[m - 1]);
	if (full)
		nt_buf_printf(b, " %lld", (long long)y);
}

const char *
nt_series_unit(const struct nt_series *s)
{
	static const char *const names[] = { "day", "week", "month", "year" };

	if (s->unit == NT_UNIT_YEAR && s->step > 1)
		return "run of years";
	return names[s->unit];
}

void
nt_series_free(struct nt_series *s)
{
	if (s == NULL)
		return;
	free(s->v);
	free(s->dup);
	s->v = s->dup = NULL;
	s->n = 0;
}
