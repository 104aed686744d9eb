/*
 * stats_days: calendar days, and the counts of a per-day table laid out
 * on a time line with no gaps, for charts and sparklines.
 *
 * A day is a number, days since 1970-01-01 in the proleptic Gregorian
 * calendar.  A struct nt_series covers every bucket from the first day
 * of a table to its last, empty ones included, so that a quiet day shows
 * as a gap rather than vanishing.  Buckets are days while they fit in
 * maxn, else weeks (from Monday), months, or runs of years.  The struct
 * owns its arrays.  Nothing here keeps global state; one thread per
 * series.
 */
#ifndef NT_STATS_DAYS_H
#define NT_STATS_DAYS_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "stats/stats.h"

enum nt_unit { NT_UNIT_DAY, NT_UNIT_WEEK, NT_UNIT_MONTH, NT_UNIT_YEAR };

struct nt_series {
	int		 unit;		/* enum nt_unit */
	int64_t		 step;		/* years per bucket, for NT_UNIT_YEAR */
	int64_t		 lo, hi;	/* the first and last day seen */
	int64_t		 first;		/* the first bucket, in units */
	size_t		 n;		/* buckets */
	uint64_t	*v;		/* records per bucket */
	uint64_t	*dup;		/* duplicates per bucket */
	uint64_t	 undated;	/* records whose value is not a day */
};

/* The day p[0..10) names (YYYY-MM-DD), or INT64_MIN if it is none. */
int64_t	nt_day_parse(const char *p);
/* The day d as YYYY-MM-DD, into out[0..11). */
void	nt_day_format(int64_t d, char out[11]);
/* The day d for people: "26 Feb 1987". */
void	nt_day_label(int64_t d, struct nt_buf *);

/*
 * Lay out t's counts (a table whose keys are days) in at most maxn
 * buckets (maxn >= 1); t's missing and non-day values go to undated.
 * records is the summary's total.  Returns 0, or -1 (series empty) when
 * no key is a day.
 */
int	nt_series_init(struct nt_series *, const struct nt_bytab *t,
	    uint64_t records, size_t maxn);
/* The bucket of day d, or -1 when it lies outside the series. */
long	nt_series_bucket(const struct nt_series *, int64_t d);
/*
 * A short label for bucket i ("4 Mar", "Mar", "2024"), with the year
 * when full is set.
 */
void	nt_series_label(const struct nt_series *, size_t i, int full,
	    struct nt_buf *);
/* The first day of bucket i. */
int64_t	nt_series_start(const struct nt_series *, size_t i);
/* What one bucket is, "day", "week", "month" or "year(s)". */
const char *nt_series_unit(const struct nt_series *);
void	nt_series_free(struct nt_series *);

#endif
