/*
 * Unit tests for what the nstats report is built on: the calendar and
 * time buckets (stats_days), and SVG numbers and ticks (svg).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats/stats.h"
#include "stats/stats_days.h"
#include "stats/svg.h"
#include "t.h"

static void
test_calendar(void)
{
	char s[11];
	int64_t z, prev = INT64_MIN;
	int same = 1, steps = 1;

	ok(nt_day_parse("1970-01-01") == 0 && nt_day_parse("1970-01-02") == 1 &&
	    nt_day_parse("1969-12-31") == -1, "days count from 1970-01-01");
	ok(nt_day_parse("2000-03-01") - nt_day_parse("2000-02-28") == 2 &&
	    nt_day_parse("1900-03-01") - nt_day_parse("1900-02-28") == 1,
	    "2000 is a leap year, 1900 is not");
	ok(nt_day_parse("2023-02-29") == INT64_MIN &&
	    nt_day_parse("2024-13-01") == INT64_MIN &&
	    nt_day_parse("2024-04-31") == INT64_MIN &&
	    nt_day_parse("2024-00-10") == INT64_MIN &&
	    nt_day_parse("2024-1-10x") == INT64_MIN, "no such days");
	/* Every day of four digit years, there and back. */
	for (z = nt_day_parse("0000-01-01"); z <= nt_day_parse("9999-12-31");
	    z++) {
		nt_day_format(z, s);
		if (nt_day_parse(s) != z)
			same = 0;
		if (prev != INT64_MIN && z != prev + 1)
			steps = 0;
		prev = z;
	}
	ok(same && steps, "every day from 0000 to 9999 formats and parses back");
}

/* A by table with n days from first, count c each. */
static void
table(struct nt_bytab *t, const char *first, int n, uint64_t c)
{
	char s[11];
	int64_t z = nt_day_parse(first);
	int i;

	memset(t, 0, sizeof(*t));
	t->field = (char *)"date";
	nt_counts_init(&t->c, 1000);
	for (i = 0; i < n; i++) {
		nt_day_format(z + i * 3, s);
		nt_counts_add(&t->c, s, 10, 0, c, 1);
	}
}

static void
label(const struct nt_series *d, size_t i, int full, const char *want,
    const char *what)
{
	struct nt_buf b = NT_BUF_INIT;

	nt_series_label(d, i, full, &b);
	is_str(b.p, want, "%s", what);
	nt_buf_free(&b);
}

static void
test_series(void)
{
	struct nt_bytab t;
	struct nt_series d;

	/* 2024-03-04 .. 2024-03-16, every third day. */
	table(&t, "2024-03-04", 5, 2);
	ok(nt_series_init(&d, &t, 12, 92) == 0 && d.unit == NT_UNIT_DAY &&
	    d.n == 13 && d.v[0] == 2 && d.v[1] == 0 && d.v[12] == 2 &&
	    d.dup[3] == 1 && d.undated == 2, "days, with the quiet ones");
	label(&d, 0, 1, "4 Mar 2024", "a day, with its year");
	label(&d, 1, 0, "5 Mar", "a day, without");
	nt_series_free(&d);
	ok(nt_series_init(&d, &t, 10, 5) == 0 && d.unit == NT_UNIT_WEEK &&
	    d.n == 2 && d.v[0] == 6 && d.v[1] == 4,
	    "weeks from Monday when days do not fit");
	label(&d, 1, 0, "11 Mar", "a week is named by its Monday");
	nt_series_free(&d);
	nt_counts_free(&t.c);

	/* Every third day for three years. */
	table(&t, "2021-01-01", 365, 1);
	ok(nt_series_init(&d, &t, 365, 92) == 0 && d.unit == NT_UNIT_MONTH &&
	    d.n == 36, "months when weeks do not fit");
	label(&d, 0, 1, "Jan 2021", "a month");
	nt_series_free(&d);
	ok(nt_series_init(&d, &t, 365, 2) == 0 && d.unit == NT_UNIT_YEAR &&
	    d.step == 2 && d.n == 2 && d.v[0] + d.v[1] == 365,
	    "runs of years, from a round year, when months do not fit");
	nt_series_free(&d);
	nt_counts_free(&t.c);

	memset(&t, 0, sizeof(t));
	nt_counts_init(&t.c, 10);
	nt_counts_add(&t.c, "2024-02-30", 10, 0, 1, 0);
	nt_counts_add(&t.c, "soon", 4, 0, 1, 0);
	ok(nt_series_init(&d, &t, 2, 92) < 0, "no series without a real day");
	nt_counts_free(&t.c);
}

/* What a formatter writes, as a string in a static buffer. */
static const char *
fmt(void (*f)(struct nt_buf *, double), double v)
{
	static char s[64];
	struct nt_buf b = NT_BUF_INIT;

	f(&b, v);
	(void)snprintf(s, sizeof(s), "%s", b.p);
	nt_buf_free(&b);
	return s;
}

static const char *
count(uint64_t v)
{
	static char s[64];
	struct nt_buf b = NT_BUF_INIT;

	nt_svg_count(&b, v);
	(void)snprintf(s, sizeof(s), "%s", b.p);
	nt_buf_free(&b);
	return s;
}

static void
test_numbers(void)
{
	struct nt_buf b = NT_BUF_INIT;
	double top, step;

	is_str(count(0), "0", "0");
	is_str(count(999), "999", "999");
	is_str(count(1234567), "1,234,567", "thousands separators");
	is_str(count(UINT64_MAX), "18,446,744,073,709,551,615", "the largest");
	is_str(fmt(nt_svg_short, 950), "950", "short: 950");
	is_str(fmt(nt_svg_short, 1500), "1.5k", "short: 1.5k");
	is_str(fmt(nt_svg_short, 12000), "12k", "short: 12k");
	is_str(fmt(nt_svg_short, 3400000), "3.4M", "short: 3.4M");
	is_str(fmt(nt_svg_coord, 12.0), "12", "a whole coordinate");
	is_str(fmt(nt_svg_coord, -3.14), "-3.1", "a coordinate to a tenth");
	nt_svg_pct(&b, 61, 1000);
	nt_svg_pct(&b, 1, 100000);
	nt_svg_pct(&b, 2, 2);
	is_str(b.p, "6.1%<0.1%100%", "percentages");
	nt_buf_reset(&b);
	nt_svg_esc(&b, "<a href=\"x\">&\x01'", 15);
	is_str(b.p, "&lt;a href=&quot;x&quot;&gt;&amp;?&#39;", "escaping");
	nt_buf_free(&b);

	step = nt_svg_ticks(526, 5, 1, &top);
	ok(step == 200 && top == 600, "ticks for 526: 0 200 400 600");
	step = nt_svg_ticks(7, 5, 1, &top);
	ok(step == 2 && top == 8, "ticks for 7: 0 2 4 6 8");
	step = nt_svg_ticks(3, 5, 1, &top);
	ok(step == 1 && top == 3, "counts step by whole numbers");
	step = nt_svg_ticks(0, 5, 1, &top);
	ok(step == 1 && top == 1, "an empty axis still has a tick");
	step = nt_svg_ticks(3.2, 5, 0.1, &top);
	ok(step == 1 && top == 4, "ticks for 3.2%%: 0 1 2 3 4");
}

int
main(void)
{
	test_calendar();
	test_series();
	test_numbers();
	return done();
}
