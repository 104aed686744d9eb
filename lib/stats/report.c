#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats/chart.h"
#include "stats/report.h"
#include "stats/stats_days.h"
#include "stats/stats_view.h"
#include "stats/svg.h"
#include "core/util.h"

/* Lines in a chart of mentions per day. */
#define NLINES NT_CHART_SERIES

struct report {
	struct nt_stats	*s;
	struct nt_sview	 v;
	struct nt_buf	*b;
	struct nt_series days;		/* of the date table, when hasdays */
	int		 hasdays;
	unsigned	 nchart;		/* charts so far, for their ids */
	char		 id[16];
	struct nt_buf	 t, u;			/* scratch */
};

static const char style[] =
"body{margin:0;background:#fff;color:#1a1a1a;"
"font:15px/1.45 \"DejaVu Sans\",Verdana,sans-serif}\n"
"main{max-width:760px;margin:0 auto;padding:24px 20px 40px}\n"
"h1{font-size:26px;margin:0 0 4px}\n"
".sub{color:#444;margin:0 0 20px}\n"
"h2{font-size:19px;margin:34px 0 6px;padding-bottom:3px;"
"border-bottom:2px solid #1f2a44}\n"
"h3{font-size:16px;margin:20px 0 4px}\n"
"figure{margin:8px 0 18px}\n"
"figcaption{font-size:13.5px;color:#333;margin-top:2px}\n"
"svg{display:block;max-width:100%;height:auto}\n"
"svg text{font-size:12px;fill:#1a1a1a}\n"
"svg text.m{fill:#555}\nsvg text.v{font-size:11px}\n"
"dl.figs{display:grid;grid-template-columns:repeat(4,1fr);gap:10px;"
"margin:0}\n"
"dl.figs div{border:1px solid #c8c8c8;border-radius:4px;padding:6px 10px}\n"
"dt{font-size:13px;color:#444}\n"
"dd{margin:0;font-size:21px;font-weight:bold}\n"
"table{border-collapse:collapse;font-size:14px}\n"
"th,td{padding:3px 12px 3px 0;text-align:left;vertical-align:top;"
"border-bottom:1px solid #ddd}\n"
"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
"footer{margin-top:36px;font-size:13px;color:#444;"
"border-top:1px solid #c8c8c8;padding-top:8px}\n"
"@media print{main{max-width:none;padding:0}h2,h3{break-after:avoid}"
"figure{break-inside:avoid}}\n";

/* --- Small pieces --- */

static void
esc(struct report *r, const char *s)
{
	nt_svg_escs(r->b, s);
}

/* r->t, escaped, into the page. */
static void
flush(struct report *r)
{
	nt_svg_esc(r->b, r->t.p, r->t.len);
	nt_buf_reset(&r->t);
}

static const char *
nextid(struct report *r)
{
	r->nchart++;
	(void)snprintf(r->id, sizeof(r->id), "c%u", r->nchart);
	return r->id;
}

/* "1 record", "3,000 records". */
static void
many(struct nt_buf *b, uint64_t n, const char *one, const char *more)
{
	nt_svg_count(b, n);
	nt_buf_addc(b, ' ');
	nt_buf_adds(b, n == 1 ? one : more);
}

static void
figure(struct report *r, const char *title)
{
	nt_buf_adds(r->b, "<figure>\n");
	if (title != NULL) {
		nt_buf_adds(r->b, "<h3>");
		esc(r, title);
		nt_buf_adds(r->b, "</h3>\n");
	}
}

/* Close a figure with r->t as its caption. */
static void
caption(struct report *r)
{
	nt_buf_adds(r->b, "<figcaption>");
	flush(r);
	nt_buf_adds(r->b, "</figcaption>\n</figure>\n");
}

static void
h2(struct report *r, const char *id, const char *title)
{
	nt_buf_printf(r->b, "<section id=\"%s\">\n<h2>", id);
	esc(r, title);
	nt_buf_adds(r->b, "</h2>\n");
}

static void
endsec(struct report *r)
{
	nt_buf_adds(r->b, "</section>\n");
}

/* Label of a time bucket: the year on the first and at each new year. */
static void
daylabel(const void *arg, size_t i, size_t prev, struct nt_buf *b)
{
	const struct nt_series *s = arg;
	char d1[11], d2[11];
	int full = prev == SIZE_MAX;

	if (!full && s->unit != NT_UNIT_YEAR) {
		nt_day_format(nt_series_start(s, i), d1);
		nt_day_format(nt_series_start(s, prev), d2);
		full = memcmp(d1, d2, 4) != 0;
	}
	nt_series_label(s, i, full, b);
}

/* --- Header and key figures --- */

static void
head(struct report *r)
{
	nt_buf_adds(r->b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>");
	many(&r->t, r->s->records, "record", "records");
	nt_buf_adds(r->b, "nstats report: ");
	flush(r);
	nt_buf_adds(r->b, "</title>\n<style>\n");
	nt_buf_adds(r->b, style);
	nt_buf_adds(r->b, "</style>\n</head>\n<body>\n<main>\n");
}

/* The by table of a field, or NULL. */
static const struct nt_bytab *
bytab(const struct nt_stats *s, const char *field)
{
	size_t i;

	for (i = 0; i < s->nby; i++)
		if (strcmp(s->by[i].field, field) == 0)
			return &s->by[i];
	return NULL;
}

static void
subtitle(struct report *r)
{
	const struct nt_bytab *src = bytab(r->s, "source");

	many(&r->t, r->s->records, "record", "records");
	if (r->hasdays) {
		nt_buf_adds(&r->t, " \xC2\xB7 dates from ");
		nt_day_label(r->days.lo, &r->t);
		nt_buf_adds(&r->t, " to ");
		nt_day_label(r->days.hi, &r->t);
	}
	if (src != NULL && src->c.n > 0) {
		nt_buf_adds(&r->t, " \xC2\xB7 ");
		many(&r->t, src->c.n, "source", "sources");
	}
	if (r->s->duplicates > 0) {
		nt_buf_adds(&r->t, " \xC2\xB7 ");
		many(&r->t, r->s->duplicates, "duplicate", "duplicates");
		nt_buf_adds(&r->t, " (");
		nt_svg_pct(&r->t, (double)r->s->duplicates,
		    (double)r->s->records);
		nt_buf_adds(&r->t, ")");
	}
	nt_buf_adds(r->b, "<header>\n<h1>What came through the feed</h1>\n"
	    "<p class=\"sub\">");
	flush(r);
	nt_buf_adds(r->b, "</p>\n</header>\n");
}

static void
fig(struct report *r, const char *name, uint64_t v)
{
	nt_buf_adds(r->b, "<div><dt>");
	esc(r, name);
	nt_buf_adds(r->b, "</dt><dd>");
	nt_svg_count(&r->t, v);
	flush(r);
	nt_buf_adds(r->b, "</dd></div>\n");
}

static void
figures(struct report *r)
{
	const struct nt_stats *s = r->s;

	h2(r, "figures", "Key figures");
	nt_buf_adds(r->b, "<dl class=\"figs\">\n");
	fig(r, "Records", s->records);
	fig(r, "Duplicates", s->duplicates);
	fig(r, "Rejected lines", s->rejected);
	fig(r, "Without text", s->no_text);
	fig(r, "Characters", s->chars);
	fig(r, "Tokens", s->tokens);
	/* Only records that nsplit --annotate saw have sentences. */
	if (s->sentences > 0)
		fig(r, "Sentences", s->sentences);
	fig(r, "Median length", s->len.n > 0 ? nt_stats_quantile(s, 0.5) : 0);
	nt_buf_adds(r->b, "</dl>\n");
	endsec(r);
}

/* --- Time --- */

static const char *
units(const struct nt_series *d)
{
	static const char *const names[] = { "days", "weeks", "months",
	    "years" };

	return d->unit == NT_UNIT_YEAR && d->step > 1 ? "runs of years" :
	    names[d->unit];
}

/* "over 5 days from 26 Feb 1987 to 2 Mar 1987; busiest 2 Mar 1987 (526)" */
static void
span(struct report *r, const struct nt_series *d, const double *v)
{
	size_t i, best = 0;

	for (i = 1; i < d->n; i++)
		if (v[i] > v[best])
			best = i;
	nt_buf_adds(&r->t, " over ");
	many(&r->t, d->n, nt_series_unit(d), units(d));
	nt_buf_adds(&r->t, ", from ");
	nt_day_label(d->lo, &r->t);
	nt_buf_adds(&r->t, " to ");
	nt_day_label(d->hi, &r->t);
	nt_buf_adds(&r->t, "; the busiest ");
	nt_buf_adds(&r->t, nt_series_unit(d));
	nt_buf_adds(&r->t, d->unit == NT_UNIT_DAY ? " was " : " began ");
	nt_day_label(nt_series_start(d, best), &r->t);
	nt_buf_adds(&r->t, ", with ");
	nt_svg_count(&r->t, (uint64_t)v[best]);
}

static void
timechart(struct report *r, const struct nt_bytab *t,
    const struct nt_series *d)
{
	struct nt_vbars c;
	double *a, *h, *all;
	uint64_t dups = 0;
	size_t i;

	a = nt_ecalloc(d->n, sizeof(*a));
	h = nt_ecalloc(d->n, sizeof(*h));
	all = nt_ecalloc(d->n, sizeof(*all));
	for (i = 0; i < d->n; i++) {
		h[i] = (double)(d->dup[i] < d->v[i] ? d->dup[i] : d->v[i]);
		a[i] = (double)d->v[i] - h[i];
		all[i] = (double)d->v[i];
		dups += d->dup[i];
	}
	nt_buf_reset(&r->u);
	nt_buf_printf(&r->u, "Records per %s", nt_series_unit(d));
	if (strcmp(t->field, "date") != 0)
		nt_buf_printf(&r->u, " of %s", t->field);
	many(&r->t, r->s->records - d->undated, "record", "records");
	span(r, d, all);
	nt_buf_adds(&r->t, ".");
	if (d->undated > 0) {
		nt_buf_adds(&r->t, " Not shown: ");
		many(&r->t, d->undated, "record", "records");
		nt_buf_printf(&r->t, " without a %s that is a day.", t->field);
	}
	memset(&c, 0, sizeof(c));
	c.id = nextid(r);
	c.title = r->u.p;
	c.desc = r->t.p;
	c.yunit = "records";
	c.x.n = d->n;
	c.x.label = daylabel;
	c.x.arg = d;
	c.x.title = d->unit == NT_UNIT_DAY ? "day" : d->unit == NT_UNIT_WEEK ?
	    "week (from Monday)" : d->unit == NT_UNIT_MONTH ? "month" : "year";
	c.a = a;
	c.b = dups > 0 ? h : NULL;
	c.aname = "first seen";
	c.bname = "duplicates";
	figure(r, r->u.p);
	nt_chart_vbars(r->b, &c);
	caption(r);
	free(a);
	free(h);
	free(all);
}

static void
dupshare(struct report *r, const struct nt_series *d)
{
	struct nt_vbars c;
	double *p;
	uint64_t dated = 0, dups = 0;
	size_t i, best = 0;

	p = nt_ecalloc(d->n, sizeof(*p));
	for (i = 0; i < d->n; i++) {
		/* A bucket without records has no share at all. */
		p[i] = d->v[i] > 0 ? 100.0 * (double)d->dup[i] /
		    (double)d->v[i] : -1;
		if (p[i] > p[best])
			best = i;
	}
	for (i = 0; i < d->n; i++) {
		dated += d->v[i];
		dups += d->dup[i];
	}
	nt_buf_adds(&r->t, "Of all records, ");
	nt_svg_pct(&r->t, (double)r->s->duplicates, (double)r->s->records);
	nt_buf_adds(&r->t, " were duplicates of one seen before; of those "
	    "with a day, ");
	nt_svg_pct(&r->t, (double)dups, (double)dated);
	nt_buf_adds(&r->t, ". The highest share was ");
	nt_svg_pct(&r->t, p[best], 100);
	if (d->unit == NT_UNIT_DAY)
		nt_buf_adds(&r->t, ", on ");
	else
		nt_buf_printf(&r->t, ", in the %s from ", nt_series_unit(d));
	nt_day_label(nt_series_start(d, best), &r->t);
	nt_buf_adds(&r->t, ".");
	memset(&c, 0, sizeof(c));
	c.id = nextid(r);
	c.title = "Share of duplicates";
	c.desc = r->t.p;
	c.yunit = "duplicates, % of records";
	c.x.n = d->n;
	c.x.label = daylabel;
	c.x.arg = d;
	c.x.title = d->unit == NT_UNIT_DAY ? "day" : nt_series_unit(d);
	c.a = p;
	c.pct = 1;
	c.hatch = 1;
	figure(r, "Share of duplicates");
	nt_chart_vbars(r->b, &c);
	caption(r);
	free(p);
}

/* The tables of days: records per day, and the share of duplicates. */
static void
timesec(struct report *r)
{
	struct nt_series d;
	const struct nt_bytab *t;
	size_t i;
	int open = 0;

	for (i = 0; i < r->s->nby; i++) {
		t = &r->s->by[i];
		if (i + 1 != r->s->dateby && !nt_stats_datetab(&t->c))
			continue;
		if (nt_series_init(&d, t, r->s->records, NT_REPORT_MAXDAYS) < 0)
			continue;
		if (!open++)
			h2(r, "time", "Over time");
		timechart(r, t, &d);
		if (i + 1 == r->s->dateby && r->s->duplicates > 0)
			dupshare(r, &d);
		nt_series_free(&d);
	}
	if (open)
		endsec(r);
}

/* --- Values of the other --by fields --- */

struct rows {
	struct nt_str	*label;
	uint64_t	*a, *b;
	size_t		 n;
};

static void
addrow(struct rows *w, const char *p, size_t n, uint64_t a, uint64_t b)
{
	w->label = nt_ereallocarray(w->label, w->n + 1, sizeof(*w->label));
	w->a = nt_ereallocarray(w->a, w->n + 1, sizeof(*w->a));
	w->b = nt_ereallocarray(w->b, w->n + 1, sizeof(*w->b));
	w->label[w->n].p = p;
	w->label[w->n].n = n;
	w->a[w->n] = a;
	w->b[w->n] = b < a ? b : a;
	w->n++;
}

static void
freerows(struct rows *w)
{
	free(w->label);
	free(w->a);
	free(w->b);
}

/* How many rows a bar chart shows. */
static size_t
maxrows(const struct report *r)
{
	return r->s->top > 0 && r->s->top < NT_REPORT_MAXBARS ? r->s->top :
	    NT_REPORT_MAXBARS;
}

static void
valrows(struct report *r, const struct nt_bytab *t, struct rows *w)
{
	const struct nt_centry *e;
	size_t *ix, i, max = maxrows(r);
	uint64_t rest = t->c.dropped, missing;

	ix = nt_counts_sorted(&t->c, 0);
	for (i = 0; i < t->c.n; i++) {
		e = &t->c.e[ix[i]];
		if (i < max)
			addrow(w, nt_counts_key(&t->c, e), e->klen, e->count,
			    e->aux);
		else
			rest += e->count;
	}
	free(ix);
	if (rest > 0)
		addrow(w, "(all others)", 12, rest, 0);
	missing = t->missing + r->s->records - t->covered;
	if (missing > 0)
		addrow(w, "(none)", 6, missing, 0);
}

/*
 * Draw c, bars of the rows w under the title in r->u and the text in
 * r->t; what the caller set in c besides stays.
 */
static void
drawbars(struct report *r, struct nt_hbars *c, const struct rows *w)
{
	c->id = nextid(r);
	c->title = r->u.p;
	c->desc = r->t.p;
	c->n = w->n;
	c->label = w->label;
	c->a = w->a;
	figure(r, r->u.p);
	nt_chart_hbars(r->b, c);
	caption(r);
}

static void
valchart(struct report *r, const struct nt_bytab *t)
{
	struct nt_hbars c;
	struct rows w = { NULL, NULL, NULL, 0 };
	uint64_t dups = 0;
	size_t i, shown;

	valrows(r, t, &w);
	for (i = 0; i < w.n; i++)
		dups += w.b[i];
	shown = t->c.n < maxrows(r) ? t->c.n : maxrows(r);
	nt_buf_reset(&r->u);
	nt_buf_printf(&r->u, "Records per %s", t->field);
	many(&r->t, t->c.n, "distinct value", "distinct values");
	nt_buf_printf(&r->t, " of %s", t->field);
	if (shown < t->c.n)
		nt_buf_printf(&r->t, ", the %zu with most records shown", shown);
	nt_buf_adds(&r->t, "; the share after each count is of all records.");
	if (dups > 0)
		nt_buf_adds(&r->t, " Hatched: duplicates.");
	memset(&c, 0, sizeof(c));
	c.b = dups > 0 ? w.b : NULL;
	c.aname = "first seen";
	c.bname = "duplicates";
	c.whole = r->s->records;
	drawbars(r, &c, &w);
	freerows(&w);
}

static void
valsec(struct report *r)
{
	const struct nt_bytab *t, *src = bytab(r->s, "source");
	size_t i;
	int open = 0;

	for (i = 0; i < r->s->nby; i++) {
		t = &r->s->by[i];
		if (i + 1 == r->s->dateby || nt_stats_datetab(&t->c) ||
		    t->c.n == 0)
			continue;
		if (!open++) {
			h2(r, "values", "Where the records came from");
			/* Sources first, whatever the order of --by. */
			if (src != NULL && src->c.n > 0)
				valchart(r, src);
		}
		if (t != src)
			valchart(r, t);
	}
	if (open)
		endsec(r);
}

/* --- Entities --- */

struct trend {
	const struct nt_sgroup *g;
	size_t		 n;		/* entities listed */
	int		*mark;		/* mark[i]: the line of entity i, or -1 */
	size_t		 k;		/* lines */
	struct nt_str	 name[NLINES];
	double		*v[NLINES];
};

/* Add the mentions of day entries days[from..to) to their buckets. */
static void
perbucket(struct report *r, size_t from, size_t to, double *v)
{
	const struct nt_counts *c = &r->s->entdays;
	const struct nt_centry *e;
	size_t j;
	int64_t z;
	long bk;

	for (j = from; j < to; j++) {
		e = &c->e[r->v.days[j]];
		z = nt_day_parse(nt_counts_key(c, e) + e->klen - 10);
		if (z != INT64_MIN && (bk = nt_series_bucket(&r->days, z)) >= 0)
			v[bk] += (double)e->count;
	}
}

/* Mark the listed entity that line j is, if it is listed. */
static void
markrow(struct report *r, struct trend *tr, size_t j)
{
	const char *norm;
	size_t i, nl;

	for (i = 0; i < tr->n; i++) {
		(void)nt_sview_ent(&r->v, tr->g, i, &norm, &nl);
		if (nl == tr->name[j].n && memcmp(norm, tr->name[j].p, nl) == 0)
			tr->mark[i] = (int)j;
	}
}

/*
 * The lines: the entities with most mentions in dated records, which
 * need not be the most mentioned overall.
 */
static void
pick(struct report *r, struct trend *tr)
{
	struct nt_sdated *d;
	size_t j;

	d = nt_sview_dated(&r->v, tr->g->type, tr->g->tl, NLINES, &tr->k);
	for (j = 0; j < tr->k; j++) {
		tr->name[j].p = d[j].norm;
		tr->name[j].n = d[j].nl;
		tr->v[j] = nt_ecalloc(r->days.n, sizeof(double));
		perbucket(r, d[j].from, d[j].to, tr->v[j]);
		markrow(r, tr, j);
	}
	free(d);
}

/* Which line rose and which fell most, first half against second. */
static void
risefall(struct report *r, const struct trend *tr)
{
	size_t j, i, n = r->days.n, up = 0, down = 0;
	double a[NLINES], b[NLINES], d, dmax = 0, dmin = 0;

	for (j = 0; j < tr->k; j++) {
		a[j] = b[j] = 0;
		for (i = 0; i < n / 2; i++) {
			a[j] += tr->v[j][i];
			b[j] += tr->v[j][n - 1 - i];
		}
		if ((d = b[j] - a[j]) > dmax) {
			dmax = d;
			up = j;
		} else if (d < dmin) {
			dmin = d;
			down = j;
		}
	}
	if (dmax > 0) {
		nt_buf_adds(&r->t, " Rose most: ");
		nt_buf_add(&r->t, tr->name[up].p, tr->name[up].n);
		nt_buf_printf(&r->t, " (%.0f in the first half of the %s, "
		    "%.0f in the second).", a[up], units(&r->days), b[up]);
	}
	if (dmin < 0) {
		nt_buf_adds(&r->t, " Fell most: ");
		nt_buf_add(&r->t, tr->name[down].p, tr->name[down].n);
		nt_buf_printf(&r->t, " (%.0f, then %.0f).", a[down], b[down]);
	}
}

/* Is any line one of the entities in the list? */
static int
marked(const struct trend *tr)
{
	size_t i;

	for (i = 0; i < tr->n; i++)
		if (tr->mark[i] >= 0)
			return 1;
	return 0;
}

static void
trendchart(struct report *r, struct trend *tr, const char *what)
{
	struct nt_lines c;
	size_t j;

	nt_buf_reset(&r->u);
	nt_buf_printf(&r->u, "Mentions per %s of the top %s",
	    nt_series_unit(&r->days), what);
	nt_buf_printf(&r->t, "Mentions per %s of the %zu %s mentioned most "
	    "in dated records; each line is labelled at its end%s.",
	    nt_series_unit(&r->days), tr->k, what, marked(tr) ?
	    ", and marked as in the list above" : "");
	risefall(r, tr);
	memset(&c, 0, sizeof(c));
	c.id = nextid(r);
	c.title = r->u.p;
	c.desc = r->t.p;
	c.yunit = "mentions";
	c.x.n = r->days.n;
	c.x.label = daylabel;
	c.x.arg = &r->days;
	c.x.title = r->days.unit == NT_UNIT_DAY ? "day" :
	    nt_series_unit(&r->days);
	c.k = tr->k;
	c.name = tr->name;
	c.v = (const double *const *)tr->v;
	figure(r, r->u.p);
	nt_chart_lines(r->b, &c);
	caption(r);
	for (j = 0; j < tr->k; j++)
		free(tr->v[j]);
}

static void
topchart(struct report *r, const struct nt_sgroup *g,
    const struct nt_centry *type, const int *mark, size_t n,
    const char *what)
{
	struct nt_hbars c;
	struct rows w = { NULL, NULL, NULL, 0 };
	const struct nt_centry *e;
	const char *norm;
	size_t i, nl;
	uint64_t err;

	(void)nt_sview_shown(&r->v, g, type, &err);
	for (i = 0; i < n; i++) {
		e = nt_sview_ent(&r->v, g, i, &norm, &nl);
		addrow(&w, norm, nl, e->count, 0);
	}
	nt_buf_reset(&r->u);
	nt_buf_printf(&r->u, "The %zu most mentioned %s", n, what);
	many(&r->t, type->count, "mention", "mentions");
	nt_buf_adds(&r->t, " in all");
	if (err > 0) {
		nt_buf_adds(&r->t, "; a count may be up to ");
		nt_svg_count(&r->t, err);
		nt_buf_adds(&r->t, " low");
	}
	nt_buf_adds(&r->t, ".");
	memset(&c, 0, sizeof(c));
	c.mark = mark;
	drawbars(r, &c, &w);
	freerows(&w);
}

/* The three kinds of name, in the order a reader asks about them. */
static const struct {
	const char	*type, *id, *title, *what;
} kinds[] = {
	{ "person", "people", "People", "people" },
	{ "organization", "organisations", "Organisations", "organisations" },
	{ "location", "places", "Places", "places" },
	{ "country", "countries", "Places by country", "countries" },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static const struct nt_centry *
typeentry(const struct report *r, const char *type)
{
	return nt_counts_get(&r->s->types, type, strlen(type));
}

static void
kindsec(struct report *r, size_t kind)
{
	const struct nt_centry *type = typeentry(r, kinds[kind].type);
	const struct nt_sgroup *g;
	struct trend tr;
	size_t gi = 0, n, i;
	uint64_t err;

	if (type == NULL)
		return;
	g = nt_sview_group(&r->v, &gi, kinds[kind].type,
	    strlen(kinds[kind].type));
	if ((n = nt_sview_shown(&r->v, g, type, &err)) == 0)
		return;
	if (n > maxrows(r))
		n = maxrows(r);
	memset(&tr, 0, sizeof(tr));
	tr.g = g;
	tr.n = n;
	tr.mark = nt_ereallocarray(NULL, n, sizeof(*tr.mark));
	for (i = 0; i < n; i++)
		tr.mark[i] = -1;
	if (r->hasdays && r->days.n > 1)
		pick(r, &tr);
	h2(r, kinds[kind].id, kinds[kind].title);
	topchart(r, g, type, marked(&tr) ? tr.mark : NULL, n,
	    kinds[kind].what);
	if (tr.k > 0)
		trendchart(r, &tr, kinds[kind].what);
	free(tr.mark);
	endsec(r);
}

static void
people(struct report *r)
{
	kindsec(r, 0);
}

static void
organisations(struct report *r)
{
	kindsec(r, 1);
}

static void
places(struct report *r)
{
	kindsec(r, 2);
}

/* The countries of the places nentities --geo placed (nstats(1)). */
static void
countries(struct report *r)
{
	kindsec(r, 3);
}

static int
iskind(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strlen(kinds[i].type) == n && memcmp(kinds[i].type, p, n) == 0)
			return 1;
	return 0;
}

/* One row of the table of other types: type, mentions, the first few. */
static void
otherrow(struct report *r, const struct nt_centry *t, size_t *gi)
{
	const struct nt_sgroup *g;
	const struct nt_centry *e;
	const char *norm, *key = nt_counts_key(&r->s->types, t);
	size_t i, n, nl;
	uint64_t err;

	g = nt_sview_group(&r->v, gi, key, t->klen);
	n = nt_sview_shown(&r->v, g, t, &err);
	nt_buf_adds(r->b, "<tr><td>");
	nt_svg_esc(r->b, key, t->klen);
	nt_buf_adds(r->b, "</td><td class=\"n\">");
	nt_svg_count(r->b, t->count);
	nt_buf_adds(r->b, "</td><td>");
	for (i = 0; i < n && i < 5; i++) {
		e = nt_sview_ent(&r->v, g, i, &norm, &nl);
		nt_buf_adds(r->b, i > 0 ? "; " : "");
		nt_svg_esc(r->b, norm, nl);
		nt_buf_adds(r->b, " (");
		nt_svg_count(r->b, e->count);
		nt_buf_adds(r->b, ")");
	}
	nt_buf_adds(r->b, "</td></tr>\n");
}

static void
othersec(struct report *r)
{
	const struct nt_centry *t;
	size_t i, gi = 0;
	int open = 0;

	for (i = 0; i < r->s->types.n; i++) {
		t = &r->s->types.e[r->v.types[i]];
		if (iskind(nt_counts_key(&r->s->types, t), t->klen))
			continue;
		if (!open++) {
			h2(r, "other", "Other entities");
			nt_buf_adds(r->b, "<table>\n<tr><th>type</th><th class=\"n\">"
			    "mentions</th><th>most frequent</th></tr>\n");
		}
		otherrow(r, t, &gi);
	}
	if (open) {
		nt_buf_adds(r->b, "</table>\n");
		endsec(r);
	}
}

/* --- Text lengths --- */

static void
binlabel(const void *arg, size_t i, size_t prev, struct nt_buf *b)
{
	const size_t *from = arg;
	size_t bin = *from + i;

	nt_svg_short(b, (double)nt_stats_histlo(bin));
	if (bin < 2)
		return;
	nt_buf_adds(b, "\xE2\x80\x93");
	if (bin + 1 < NT_HIST_MAX)
		nt_svg_short(b, (double)nt_stats_histlo(bin + 1));
}

/* How to read a bin, with the fullest bin of two values or more. */
static void
binnote(struct report *r, size_t from, size_t to)
{
	size_t i, best = to;

	for (i = from > 2 ? from : 2; i < to && i + 1 < NT_HIST_MAX; i++)
		if (best == to || r->s->hist[i] > r->s->hist[best])
			best = i;
	if (best == to)
		return;
	nt_buf_adds(&r->t, " The bar ");
	binlabel(&from, best - from, SIZE_MAX, &r->t);
	nt_buf_adds(&r->t, " counts texts of ");
	nt_svg_count(&r->t, nt_stats_histlo(best));
	nt_buf_adds(&r->t, " to ");
	nt_svg_count(&r->t, nt_stats_histlo(best + 1) - 1);
	nt_buf_adds(&r->t, " characters.");
}

static void
lensec(struct report *r)
{
	const struct nt_stats *s = r->s;
	struct nt_vbars c;
	double v[NT_HIST_MAX];
	size_t from, to, i;

	if (s->len.n == 0)
		return;
	nt_stats_histspan(s, &from, &to);
	for (i = from; i < to; i++)
		v[i - from] = (double)s->hist[i];
	many(&r->t, s->len.n, "text", "texts");
	nt_buf_adds(&r->t, ", in characters: median ");
	nt_svg_count(&r->t, nt_stats_quantile(s, 0.5));
	nt_buf_adds(&r->t, ", 90% up to ");
	nt_svg_count(&r->t, nt_stats_quantile(s, 0.9));
	nt_buf_adds(&r->t, ", shortest ");
	nt_svg_count(&r->t, s->lmin);
	nt_buf_adds(&r->t, ", longest ");
	nt_svg_count(&r->t, s->lmax);
	nt_buf_adds(&r->t, ".");
	binnote(r, from, to);
	memset(&c, 0, sizeof(c));
	c.id = nextid(r);
	c.title = "Text lengths";
	c.desc = r->t.p;
	c.yunit = "texts";
	c.x.n = to - from;
	c.x.label = binlabel;
	c.x.arg = &from;
	c.x.title = "length in characters";
	c.a = v;
	h2(r, "lengths", "Text lengths");
	figure(r, NULL);
	nt_chart_vbars(r->b, &c);
	caption(r);
	endsec(r);
}

/* --- Notes --- */

static void
footer(struct report *r)
{
	nt_buf_adds(r->b, "<footer>\n<p>");
	nt_buf_adds(&r->t, "Made by nstats " NT_VERSION " from a summary of ");
	many(&r->t, r->s->records, "record", "records");
	nt_buf_adds(&r->t, ". Counts are exact while a table holds no more "
	    "than --max-keys values; past that, and after merging cut lists, "
	    "a count may be low by the bound given beside it (see nstats(1)). "
	    "This page loads nothing and runs no script.");
	flush(r);
	nt_buf_adds(r->b, "</p>\n</footer>\n</main>\n</body>\n</html>\n");
}

/*
 * The page, top to bottom.  A section writes nothing when the summary
 * lacks its data.
 */
static void (*const sections[])(struct report *) = {
	head, subtitle, figures, timesec, valsec, people, organisations,
	places, countries, othersec, lensec, footer,
};

void
nt_stats_html(struct nt_stats *s, struct nt_buf *b)
{
	struct report r;
	const struct nt_bytab *d;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.s = s;
	r.b = b;
	nt_sview_init(&r.v, s);
	d = s->dateby != 0 ? &s->by[s->dateby - 1] : NULL;
	r.hasdays = d != NULL && nt_series_init(&r.days, d, s->records,
	    NT_REPORT_MAXDAYS) == 0;
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		sections[i](&r);
	nt_series_free(&r.days);
	nt_sview_free(&r.v);
	nt_buf_free(&r.t);
	nt_buf_free(&r.u);
}
