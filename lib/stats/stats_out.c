/*
 * The three ways nstats writes a summary as text: JSON (the mergeable
 * record), tab-separated lines, and a table for a terminal; and the
 * choice among them and the HTML report (report.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "stats/report.h"
#include "stats/stats.h"
#include "stats/stats_days.h"
#include "stats/stats_view.h"
#include "core/utf8.h"
#include "core/util.h"

static const double qs[] = { 0.10, 0.25, 0.50, 0.75, 0.90, 0.99 };
static const char *const qnames[] = { "p10", "p25", "p50", "p75", "p90",
    "p99" };
#define NQ (sizeof(qs) / sizeof(qs[0]))

static uint64_t
histhi(size_t b)
{
	return nt_stats_histlo(b + 1) - 1;
}

/* --- JSON --- */

/* An object key that may hold any bytes, NUL included. */
static void
jkey(struct nt_jw *w, const char *k, size_t n)
{
	nt_jw_raw(w, "", 0);
	nt_json_addstr(w->b, k, n);
	nt_buf_addc(w->b, ':');
	w->first[w->depth] = 2;
}

static void
jlength(const struct nt_stats *s, struct nt_jw *w)
{
	size_t b, from, to, i;

	nt_jw_key(w, "length");
	nt_jw_obj(w);
	nt_jw_key(w, "count");
	nt_jw_int(w, (int64_t)s->len.n);
	if (s->len.n > 0) {
		nt_jw_key(w, "min");
		nt_jw_int(w, (int64_t)s->lmin);
		nt_jw_key(w, "max");
		nt_jw_int(w, (int64_t)s->lmax);
		nt_jw_key(w, "mean");
		nt_jw_double(w, nt_stats_mean(s));
		for (i = 0; i < NQ; i++) {
			nt_jw_key(w, qnames[i]);
			nt_jw_int(w, (int64_t)nt_stats_quantile(s, qs[i]));
		}
	}
	nt_jw_key(w, "histogram");
	nt_jw_arr(w);
	nt_stats_histspan(s, &from, &to);
	for (b = from; b < to; b++) {
		nt_jw_obj(w);
		nt_jw_key(w, "lo");
		nt_jw_int(w, (int64_t)nt_stats_histlo(b));
		nt_jw_key(w, "hi");
		if (b + 1 < NT_HIST_MAX)
			nt_jw_int(w, (int64_t)histhi(b));
		else
			nt_jw_null(w);
		nt_jw_key(w, "n");
		nt_jw_int(w, (int64_t)s->hist[b]);
		nt_jw_end(w);
	}
	nt_jw_end(w);

	nt_jw_key(w, "sketch");
	nt_jw_obj(w);
	nt_jw_key(w, "alpha");
	nt_jw_double(w, NT_QS_ALPHA);
	nt_jw_key(w, "zero");
	nt_jw_int(w, (int64_t)s->len.zero);
	for (from = 0; from < s->len.nbin && s->len.bin[from] == 0; from++)
		;
	for (to = s->len.nbin; to > from && s->len.bin[to - 1] == 0; to--)
		;
	nt_jw_key(w, "offset");
	nt_jw_int(w, (int64_t)(from < to ? from : 0));
	nt_jw_key(w, "bins");
	nt_jw_arr(w);
	for (b = from; b < to; b++)
		nt_jw_int(w, (int64_t)s->len.bin[b]);
	nt_jw_end(w);
	nt_jw_end(w);
	nt_jw_end(w);
}

static void
jby(const struct nt_bytab *t, struct nt_jw *w, uint64_t records)
{
	const struct nt_centry *e;
	size_t *ix, i;

	jkey(w, t->field, strlen(t->field));
	nt_jw_obj(w);
	ix = nt_counts_sorted(&t->c, nt_stats_datetab(&t->c));
	nt_jw_key(w, "values");
	nt_jw_obj(w);
	for (i = 0; i < t->c.n; i++) {
		e = &t->c.e[ix[i]];
		jkey(w, nt_counts_key(&t->c, e), e->klen);
		nt_jw_int(w, (int64_t)e->count);
	}
	nt_jw_end(w);
	nt_jw_key(w, "duplicates");
	nt_jw_obj(w);
	for (i = 0; i < t->c.n; i++) {
		e = &t->c.e[ix[i]];
		if (e->aux == 0)
			continue;
		jkey(w, nt_counts_key(&t->c, e), e->klen);
		nt_jw_int(w, (int64_t)e->aux);
	}
	nt_jw_end(w);
	free(ix);
	nt_jw_key(w, "other");
	nt_jw_int(w, (int64_t)t->c.dropped);
	nt_jw_key(w, "missing");
	nt_jw_int(w, (int64_t)(t->missing + records - t->covered));
	nt_jw_key(w, "err");
	nt_jw_int(w, (int64_t)t->c.err);
	nt_jw_end(w);
}

/* One entity's days: "NORM": {"DAY": n, ...}. */
static void
jdays1(struct nt_sview *v, const char *norm, size_t nl, size_t from,
    size_t to, struct nt_jw *w)
{
	const struct nt_counts *c = &v->s->entdays;
	const struct nt_centry *d;
	size_t j;

	jkey(w, norm, nl);
	nt_jw_obj(w);
	for (j = from; j < to; j++) {
		d = &c->e[v->days[j]];
		jkey(w, nt_counts_key(c, d) + d->klen - 10, 10);
		nt_jw_int(w, (int64_t)d->count);
	}
	nt_jw_end(w);
}

/*
 * The days of the n listed entities of group g that have any, then of
 * those of the --top entities most mentioned in dated records that are
 * not listed: the report draws its lines from these.
 */
static void
jdays(struct nt_sview *v, const struct nt_sgroup *g, size_t n,
    struct nt_jw *w)
{
	struct nt_sdated *d;
	const char *norm;
	size_t i, nl, from, to, nd;

	nt_jw_key(w, "days");
	nt_jw_obj(w);
	for (i = 0; i < n; i++) {
		(void)nt_sview_ent(v, g, i, &norm, &nl);
		nt_sview_days(v, g->type, g->tl, norm, nl, &from, &to);
		if (from < to)
			jdays1(v, norm, nl, from, to, w);
	}
	d = nt_sview_dated(v, g->type, g->tl, v->s->top, &nd);
	for (i = 0; i < nd; i++)
		if (!nt_sview_listed(v, g, n, d[i].norm, d[i].nl))
			jdays1(v, d[i].norm, d[i].nl, d[i].from, d[i].to, w);
	free(d);
	nt_jw_end(w);
}

static void
jtype(struct nt_sview *v, const struct nt_centry *t, const struct nt_sgroup *g,
    struct nt_jw *w)
{
	const struct nt_centry *e;
	const char *norm;
	size_t j, n, nl;
	uint64_t err;

	n = nt_sview_shown(v, g, t, &err);
	jkey(w, nt_counts_key(&v->s->types, t), t->klen);
	nt_jw_obj(w);
	nt_jw_key(w, "mentions");
	nt_jw_int(w, (int64_t)t->count);
	nt_jw_key(w, "err");
	nt_jw_int(w, (int64_t)err);
	nt_jw_key(w, "top");
	nt_jw_arr(w);
	for (j = 0; j < n; j++) {
		e = nt_sview_ent(v, g, j, &norm, &nl);
		nt_jw_arr(w);
		nt_jw_str(w, norm, nl);
		nt_jw_int(w, (int64_t)e->count);
		nt_jw_end(w);
	}
	nt_jw_end(w);
	if (g != NULL)
		jdays(v, g, n, w);
	else {
		nt_jw_key(w, "days");
		nt_jw_obj(w);
		nt_jw_end(w);
	}
	/* A per-day count may also have been cut by the day table's cap. */
	nt_jw_key(w, "days_err");
	nt_jw_int(w, (int64_t)(err + v->s->entdays.err));
	nt_jw_end(w);
}

static void
jents(struct nt_sview *v, struct nt_jw *w)
{
	const struct nt_stats *s = v->s;
	const struct nt_centry *t;
	size_t i, gi = 0;

	nt_jw_key(w, "entities");
	nt_jw_obj(w);
	for (i = 0; i < s->types.n; i++) {
		t = &s->types.e[v->types[i]];
		jtype(v, t, nt_sview_group(v, &gi, nt_counts_key(&s->types, t),
		    t->klen), w);
	}
	nt_jw_end(w);
}

void
nt_stats_json(struct nt_stats *s, struct nt_buf *b)
{
	struct nt_jw w;
	struct nt_sview v;
	size_t i;

	nt_sview_init(&v, s);
	nt_jw_init(&w, b);
	nt_jw_obj(&w);
	nt_jw_key(&w, "nstats");
	nt_jw_int(&w, NT_STATS_VERSION);
	nt_jw_key(&w, "records");
	nt_jw_int(&w, (int64_t)s->records);
	nt_jw_key(&w, "rejected");
	nt_jw_int(&w, (int64_t)s->rejected);
	nt_jw_key(&w, "no_text");
	nt_jw_int(&w, (int64_t)s->no_text);
	nt_jw_key(&w, "duplicates");
	nt_jw_int(&w, (int64_t)s->duplicates);
	nt_jw_key(&w, "chars");
	nt_jw_int(&w, (int64_t)s->chars);
	nt_jw_key(&w, "tokens");
	nt_jw_int(&w, (int64_t)s->tokens);
	nt_jw_key(&w, "sentences");
	nt_jw_int(&w, (int64_t)s->sentences);
	jlength(s, &w);
	nt_jw_key(&w, "by");
	nt_jw_obj(&w);
	for (i = 0; i < s->nby; i++)
		jby(&s->by[i], &w, s->records);
	nt_jw_end(&w);
	jents(&v, &w);
	nt_jw_end(&w);
	nt_buf_addc(b, '\n');
	nt_sview_free(&v);
}

/* --- Tab-separated values --- */

static void
tsvtext(struct nt_buf *b, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		switch (p[i]) {
		case '\t': nt_buf_add(b, "\\t", 2); break;
		case '\n': nt_buf_add(b, "\\n", 2); break;
		case '\r': nt_buf_add(b, "\\r", 2); break;
		case '\\': nt_buf_add(b, "\\\\", 2); break;
		default: nt_buf_addc(b, p[i]); break;
		}
}

static void
tsvrow(struct nt_buf *b, const char *kind, const char *p, size_t n,
    uint64_t v)
{
	nt_buf_adds(b, kind);
	nt_buf_addc(b, '\t');
	tsvtext(b, p, n);
	nt_buf_addc(b, '\t');
	nt_buf_addu(b, v);
	nt_buf_addc(b, '\n');
}

void
nt_stats_tsv(struct nt_stats *s, struct nt_buf *b)
{
	const struct nt_centry *t, *e;
	const struct nt_sgroup *g;
	struct nt_bytab *by;
	struct nt_buf lab = NT_BUF_INIT;
	struct nt_sview v;
	size_t i, j, n, from, to, *ix, gi = 0;
	uint64_t err;

	nt_sview_init(&v, s);
	tsvrow(b, "total", "records", 7, s->records);
	tsvrow(b, "total", "rejected", 8, s->rejected);
	tsvrow(b, "total", "no_text", 7, s->no_text);
	tsvrow(b, "total", "duplicates", 10, s->duplicates);
	tsvrow(b, "total", "chars", 5, s->chars);
	tsvrow(b, "total", "tokens", 6, s->tokens);
	tsvrow(b, "total", "sentences", 9, s->sentences);
	tsvrow(b, "length", "count", 5, s->len.n);
	if (s->len.n > 0) {
		tsvrow(b, "length", "min", 3, s->lmin);
		tsvrow(b, "length", "max", 3, s->lmax);
		nt_buf_printf(b, "length\tmean\t%.2f\n", nt_stats_mean(s));
		for (i = 0; i < NQ; i++)
			tsvrow(b, "length", qnames[i], 3, nt_stats_quantile(s, qs[i]));
	}
	nt_stats_histspan(s, &from, &to);
	for (i = from; i < to; i++) {
		nt_buf_reset(&lab);
		nt_buf_addu(&lab, nt_stats_histlo(i));
		nt_buf_addc(&lab, '-');
		if (i + 1 < NT_HIST_MAX)
			nt_buf_addu(&lab, histhi(i));
		tsvrow(b, "histogram", lab.p, lab.len, s->hist[i]);
	}
	for (i = 0; i < s->nby; i++) {
		by = &s->by[i];
		nt_buf_reset(&lab);
		nt_buf_adds(&lab, "by:");
		tsvtext(&lab, by->field, strlen(by->field));
		ix = nt_counts_sorted(&by->c, nt_stats_datetab(&by->c));
		for (j = 0; j < by->c.n; j++) {
			e = &by->c.e[ix[j]];
			tsvrow(b, lab.p, nt_counts_key(&by->c, e), e->klen,
			    e->count);
		}
		free(ix);
		tsvrow(b, "by-other", by->field, strlen(by->field),
		    by->c.dropped);
		tsvrow(b, "by-missing", by->field, strlen(by->field),
		    by->missing + s->records - by->covered);
		tsvrow(b, "by-err", by->field, strlen(by->field), by->c.err);
	}
	for (i = 0; i < s->types.n; i++) {
		t = &s->types.e[v.types[i]];
		g = nt_sview_group(&v, &gi, nt_counts_key(&s->types, t), t->klen);
		n = nt_sview_shown(&v, g, t, &err);
		nt_buf_reset(&lab);
		nt_buf_adds(&lab, "entity:");
		tsvtext(&lab, nt_counts_key(&s->types, t), t->klen);
		for (j = 0; j < n; j++) {
			e = &s->ents.e[v.ents[g->from + j]];
			tsvrow(b, lab.p, nt_counts_key(&s->ents, e) + e->split,
			    e->klen - e->split, e->count);
		}
		tsvrow(b, "entity-mentions", nt_counts_key(&s->types, t),
		    t->klen, t->count);
		tsvrow(b, "entity-err", nt_counts_key(&s->types, t), t->klen,
		    err);
	}
	nt_buf_free(&lab);
	nt_sview_free(&v);
}

/* --- A table for people --- */

struct row {
	const char	*k;
	size_t		 kl;
	uint64_t	 n;
	const char	*note;		/* after the count, or NULL */
};

#define KEYMAX	40	/* widest key column */
#define SPARKMAX 60	/* longest sparkline */
#define BARMAX	40	/* longest bar */

/* Display width: code points, near enough for news text. */
static size_t
width(const char *p, size_t n)
{
	return nt_utf8_count(p, n);
}

/* A key, control characters shown as '?', padded to w columns. */
static void
putkey(struct nt_buf *b, const char *p, size_t n, size_t w)
{
	size_t i, dw = width(p, n);

	for (i = 0; i < n; i++)
		nt_buf_addc(b, (unsigned char)p[i] < 0x20 || p[i] == 0x7f ?
		    '?' : p[i]);
	for (; dw < w; dw++)
		nt_buf_addc(b, ' ');
}

static size_t
digits(uint64_t v)
{
	size_t d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

/*
 * Rows under a heading: with total > 0 each gets its share in percent;
 * the first nbar rows get a bar as long as their count is against the
 * largest of them.
 */
static void
putrows(struct nt_buf *b, const struct row *r, size_t n, uint64_t total,
    size_t nbar)
{
	size_t i, kw = 0, nw = 1, w;
	uint64_t max = 0;

	for (i = 0; i < n; i++) {
		if ((w = width(r[i].k, r[i].kl)) > kw)
			kw = w < KEYMAX ? w : KEYMAX;
		if (digits(r[i].n) > nw)
			nw = digits(r[i].n);
		if (i < nbar && r[i].n > max)
			max = r[i].n;
	}
	for (i = 0; i < n; i++) {
		nt_buf_adds(b, "  ");
		putkey(b, r[i].k, r[i].kl, kw);
		nt_buf_printf(b, "  %*llu", (int)nw, (unsigned long long)r[i].n);
		if (i < nbar && max > 0) {
			w = (size_t)ceil((double)r[i].n * BARMAX / (double)max);
			if (w > 0)
				nt_buf_adds(b, "  ");
			for (; w > 0; w--)
				nt_buf_addc(b, '#');
		} else if (total > 0)
			nt_buf_printf(b, "  %5.1f%%",
			    100.0 * (double)r[i].n / (double)total);
		if (r[i].note != NULL)
			nt_buf_printf(b, "  %s", r[i].note);
		nt_buf_addc(b, '\n');
	}
}

static void
addrow(struct row **r, size_t *n, const char *k, size_t kl, uint64_t v)
{
	*r = nt_ereallocarray(*r, *n + 1, sizeof(**r));
	(*r)[*n].k = k;
	(*r)[*n].kl = kl;
	(*r)[*n].n = v;
	(*r)[*n].note = NULL;
	(*n)++;
}

static void
tabby(struct nt_buf *b, const struct nt_bytab *t, uint64_t records)
{
	const struct nt_centry *e;
	struct row *r = NULL;
	size_t *ix, i, n = 0, nbar;
	uint64_t missing = t->missing + records - t->covered;
	int dates = nt_stats_datetab(&t->c), months;

	/* Too many days for a screen: one bar per month. */
	months = dates && t->c.n > 62;
	nt_buf_printf(b, "\nby %s%s\n", t->field, months ? " (per month)" :
	    "");
	ix = nt_counts_sorted(&t->c, dates);
	for (i = 0; i < t->c.n; i++) {
		e = &t->c.e[ix[i]];
		if (months && n > 0 && memcmp(r[n - 1].k,
		    nt_counts_key(&t->c, e), 7) == 0)
			r[n - 1].n += e->count;
		else
			addrow(&r, &n, nt_counts_key(&t->c, e),
			    months ? 7 : e->klen, e->count);
	}
	nbar = dates ? n : 0;
	if (t->c.dropped > 0)
		addrow(&r, &n, "(other)", 7, t->c.dropped);
	if (missing > 0)
		addrow(&r, &n, "(none)", 6, missing);
	putrows(b, r, n, dates ? 0 : records, nbar);
	if (t->c.err > 0)
		nt_buf_printf(b, "  (over --max-keys: counts may be up to "
		    "%llu low)\n", (unsigned long long)t->c.err);
	free(r);
	free(ix);
}

static void
tabents(struct nt_buf *b, const struct nt_stats *s, const struct nt_sview *v)
{
	const struct nt_centry *t, *e;
	const struct nt_sgroup *g;
	struct row *r = NULL;
	size_t i, j, n, nr, gi = 0;
	uint64_t err;

	for (i = 0; i < s->types.n; i++) {
		t = &s->types.e[v->types[i]];
		g = nt_sview_group(v, &gi, nt_counts_key(&s->types, t), t->klen);
		n = nt_sview_shown(v, g, t, &err);
		/* Listed counts are off by what was merged or pruned only. */
		err = t->aux + s->ents.err;
		nt_buf_adds(b, "\nentities: ");
		putkey(b, nt_counts_key(&s->types, t), t->klen, 0);
		nt_buf_printf(b, " (%llu mention%s", (unsigned long long)
		    t->count, t->count == 1 ? "" : "s");
		if (err > 0)
			nt_buf_printf(b, "; counts may be up to %llu low",
			    (unsigned long long)err);
		nt_buf_adds(b, ")\n");
		for (j = nr = 0; j < n; j++) {
			e = &s->ents.e[v->ents[g->from + j]];
			addrow(&r, &nr, nt_counts_key(&s->ents, e) + e->split,
			    e->klen - e->split, e->count);
		}
		putrows(b, r, nr, 0, 0);
	}
	free(r);
}

/*
 * Records per day as a sparkline, one block a day (or week, or month)
 * as high as its count against the busiest, a blank for none; then the
 * unit and the span.  Nothing when the days are fewer than two.
 */
static void
sparkline(const struct nt_stats *s, struct nt_buf *b)
{
	struct nt_series d;
	uint64_t max = 0;
	size_t i, lv;

	if (s->dateby == 0 || nt_series_init(&d, &s->by[s->dateby - 1],
	    s->records, SPARKMAX) < 0)
		return;
	for (i = 0; i < d.n; i++)
		if (d.v[i] > max)
			max = d.v[i];
	for (i = 0; i < d.n && d.n > 1; i++) {
		if (d.v[i] == 0) {
			nt_buf_addc(b, ' ');
			continue;
		}
		/* U+2581 LOWER ONE EIGHTH BLOCK to U+2588 FULL BLOCK. */
		lv = (size_t)ceil((double)d.v[i] * 8 / (double)max);
		nt_buf_adds(b, "\xE2\x96");
		nt_buf_addc(b, (int)(0x80 + (lv < 1 ? 1 : lv > 8 ? 8 : lv)));
	}
	if (d.n > 1) {
		nt_buf_printf(b, "  per %s, ", nt_series_unit(&d));
		nt_day_label(d.lo, b);
		nt_buf_adds(b, " to ");
		nt_day_label(d.hi, b);
	}
	nt_series_free(&d);
}

static void
tabtotals(const struct nt_stats *s, struct nt_buf *b)
{
	struct nt_buf spark = NT_BUF_INIT;
	struct row *r = NULL;
	size_t n = 0;

	sparkline(s, &spark);
	addrow(&r, &n, "records", 7, s->records);
	r[0].note = spark.len > 0 ? spark.p : NULL;
	addrow(&r, &n, "rejected lines", 14, s->rejected);
	addrow(&r, &n, "without text", 12, s->no_text);
	addrow(&r, &n, "duplicates", 10, s->duplicates);
	addrow(&r, &n, "characters", 10, s->chars);
	addrow(&r, &n, "tokens", 6, s->tokens);
	addrow(&r, &n, "sentences", 9, s->sentences);
	putrows(b, r, n, 0, 0);
	free(r);
	nt_buf_free(&spark);
}

static void
tablen(const struct nt_stats *s, struct nt_buf *b)
{
	struct row lr[NT_HIST_MAX];
	struct nt_buf lab = NT_BUF_INIT;
	size_t i, from, to, off[NT_HIST_MAX];

	nt_buf_printf(b, "\nlength in characters (%llu texts)\n",
	    (unsigned long long)s->len.n);
	if (s->len.n > 0) {
		nt_buf_printf(b, "  min %llu  mean %.1f  max %llu\n ",
		    (unsigned long long)s->lmin, nt_stats_mean(s),
		    (unsigned long long)s->lmax);
		for (i = 0; i < NQ; i++)
			nt_buf_printf(b, " %s %llu", qnames[i],
			    (unsigned long long)nt_stats_quantile(s, qs[i]));
		nt_buf_addc(b, '\n');
	}
	nt_stats_histspan(s, &from, &to);
	for (i = from; i < to; i++) {
		off[i] = lab.len;
		nt_buf_addu(&lab, nt_stats_histlo(i));
		nt_buf_addc(&lab, '-');
		if (i + 1 < NT_HIST_MAX)
			nt_buf_addu(&lab, histhi(i));
	}
	for (i = from; i < to; i++) {
		lr[i - from].k = lab.p + off[i];
		lr[i - from].kl = (i + 1 < to ? off[i + 1] : lab.len) - off[i];
		lr[i - from].n = s->hist[i];
		lr[i - from].note = NULL;
	}
	putrows(b, lr, to - from, 0, to - from);
	nt_buf_free(&lab);
}

void
nt_stats_table(struct nt_stats *s, struct nt_buf *b)
{
	struct nt_sview v;
	size_t i;

	nt_sview_init(&v, s);
	tabtotals(s, b);
	tablen(s, b);
	for (i = 0; i < s->nby; i++)
		tabby(b, &s->by[i], s->records);
	tabents(b, s, &v);
	nt_sview_free(&v);
}

int
nt_stats_fmt(const char *name)
{
	if (strcmp(name, "json") == 0)
		return NT_STATS_JSON;
	if (strcmp(name, "tsv") == 0)
		return NT_STATS_TSV;
	if (strcmp(name, "table") == 0)
		return NT_STATS_TABLE;
	if (strcmp(name, "html") == 0)
		return NT_STATS_HTML;
	return -1;
}

void
nt_stats_write(struct nt_stats *s, int fmt, struct nt_buf *b)
{
	if (fmt == NT_STATS_TSV)
		nt_stats_tsv(s, b);
	else if (fmt == NT_STATS_TABLE)
		nt_stats_table(s, b);
	else if (fmt == NT_STATS_HTML)
		nt_stats_html(s, b);
	else
		nt_stats_json(s, b);
}
