/*
 * The three ways nstats writes a summary: JSON (the mergeable record),
 * tab-separated lines, and a table for a terminal.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "stats/stats.h"
#include "core/utf8.h"
#include "core/util.h"

static const double qs[] = { 0.10, 0.25, 0.50, 0.75, 0.90, 0.99 };
static const char *const qnames[] = { "p10", "p25", "p50", "p75", "p90",
    "p99" };
#define NQ (sizeof(qs) / sizeof(qs[0]))

/* The entries of one entity type, in the sorted index of s->ents. */
struct group {
	const char	*type;
	size_t		 tl;
	size_t		 from, to;
};

/* What the writers share: sorted tables and the entity groups. */
struct view {
	size_t		 *ents;		/* sorted index of s->ents */
	size_t		 *types;	/* sorted index of s->types */
	struct group	 *g;
	size_t		  ng;
};

static int
cmpgroup(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;
	int r = memcmp(a->type, b->type, a->tl < b->tl ? a->tl : b->tl);

	if (r != 0)
		return r;
	return a->tl < b->tl ? -1 : a->tl > b->tl;
}

static void
prepare(struct nt_stats *s, struct view *v)
{
	const struct nt_centry *e, *f;
	size_t i, j;

	for (i = 0; i < s->nby; i++)
		nt_counts_prune(&s->by[i].c);
	nt_counts_prune(&s->types);
	nt_counts_prune(&s->ents);
	v->ents = nt_counts_sorted(&s->ents, 0);
	v->types = nt_counts_sorted(&s->types, 1);
	v->g = NULL;
	v->ng = 0;
	for (i = 0; i < s->ents.n; i = j) {
		e = &s->ents.e[v->ents[i]];
		for (j = i + 1; j < s->ents.n; j++) {
			f = &s->ents.e[v->ents[j]];
			if (f->split != e->split ||
			    memcmp(nt_counts_key(&s->ents, e),
			    nt_counts_key(&s->ents, f), e->split) != 0)
				break;
		}
		v->g = nt_ereallocarray(v->g, v->ng + 1, sizeof(*v->g));
		v->g[v->ng].type = nt_counts_key(&s->ents, e) + sizeof(size_t);
		v->g[v->ng].tl = e->split - sizeof(size_t);
		v->g[v->ng].from = i;
		v->g[v->ng].to = j;
		v->ng++;
	}
	if (v->ng > 1)
		qsort(v->g, v->ng, sizeof(*v->g), cmpgroup);
}

static void
unview(struct view *v)
{
	free(v->ents);
	free(v->types);
	free(v->g);
}

/* The group of a type, or NULL; types and groups are both sorted. */
static const struct group *
findgroup(const struct view *v, size_t *gi, const char *type, size_t tl)
{
	struct group key = { type, tl, 0, 0 };
	int r;

	while (*gi < v->ng) {
		r = cmpgroup(&v->g[*gi], &key);
		if (r == 0)
			return &v->g[*gi];
		if (r > 0)
			return NULL;
		(*gi)++;
	}
	return NULL;
}

/* How many entries of a group are shown, and the type's error bound. */
static size_t
shown(const struct nt_stats *s, const struct view *v, const struct group *g,
    const struct nt_centry *type, uint64_t *err)
{
	size_t n = g != NULL ? g->to - g->from : 0;

	*err = type->aux + s->ents.err;
	if (s->top > 0 && n > s->top) {
		*err += s->ents.e[v->ents[g->from + s->top]].count;
		n = s->top;
	}
	return n;
}

/* A by table is listed in key order when every key is a day. */
static int
datetab(const struct nt_counts *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->e[i].klen != 10 ||
		    !nt_stats_isdate(nt_counts_key(c, &c->e[i]), 10))
			return 0;
	return c->n > 0;
}

static uint64_t
histhi(size_t b)
{
	return nt_stats_histlo(b + 1) - 1;
}

/* First and one past the last non-empty histogram bin. */
static void
histspan(const struct nt_stats *s, size_t *from, size_t *to)
{
	size_t b;

	*from = *to = 0;
	for (b = 0; b < NT_HIST_MAX; b++)
		if (s->hist[b] != 0) {
			if (*to == 0)
				*from = b;
			*to = b + 1;
		}
}

static double
mean(const struct nt_stats *s)
{
	return round((double)s->chars / (double)s->len.n * 100) / 100;
}

static uint64_t
quantile(const struct nt_stats *s, double q)
{
	uint64_t v = nt_qs_quantile(&s->len, q);

	return v < s->lmin ? s->lmin : v > s->lmax ? s->lmax : v;
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
		nt_jw_double(w, mean(s));
		for (i = 0; i < NQ; i++) {
			nt_jw_key(w, qnames[i]);
			nt_jw_int(w, (int64_t)quantile(s, qs[i]));
		}
	}
	nt_jw_key(w, "histogram");
	nt_jw_arr(w);
	histspan(s, &from, &to);
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
	nt_jw_key(w, "values");
	nt_jw_obj(w);
	ix = nt_counts_sorted(&t->c, datetab(&t->c));
	for (i = 0; i < t->c.n; i++) {
		e = &t->c.e[ix[i]];
		jkey(w, nt_counts_key(&t->c, e), e->klen);
		nt_jw_int(w, (int64_t)e->count);
	}
	free(ix);
	nt_jw_end(w);
	nt_jw_key(w, "other");
	nt_jw_int(w, (int64_t)t->c.dropped);
	nt_jw_key(w, "missing");
	nt_jw_int(w, (int64_t)(t->missing + records - t->covered));
	nt_jw_key(w, "err");
	nt_jw_int(w, (int64_t)t->c.err);
	nt_jw_end(w);
}

static void
jents(const struct nt_stats *s, const struct view *v, struct nt_jw *w)
{
	const struct nt_centry *t, *e;
	const struct group *g;
	size_t i, j, n, gi = 0;
	uint64_t err;

	nt_jw_key(w, "entities");
	nt_jw_obj(w);
	for (i = 0; i < s->types.n; i++) {
		t = &s->types.e[v->types[i]];
		g = findgroup(v, &gi, nt_counts_key(&s->types, t), t->klen);
		n = shown(s, v, g, t, &err);
		jkey(w, nt_counts_key(&s->types, t), t->klen);
		nt_jw_obj(w);
		nt_jw_key(w, "mentions");
		nt_jw_int(w, (int64_t)t->count);
		nt_jw_key(w, "err");
		nt_jw_int(w, (int64_t)err);
		nt_jw_key(w, "top");
		nt_jw_arr(w);
		for (j = 0; j < n; j++) {
			e = &s->ents.e[v->ents[g->from + j]];
			nt_jw_arr(w);
			nt_jw_str(w, nt_counts_key(&s->ents, e) + e->split,
			    e->klen - e->split);
			nt_jw_int(w, (int64_t)e->count);
			nt_jw_end(w);
		}
		nt_jw_end(w);
		nt_jw_end(w);
	}
	nt_jw_end(w);
}

void
nt_stats_json(struct nt_stats *s, struct nt_buf *b)
{
	struct nt_jw w;
	struct view v;
	size_t i;

	prepare(s, &v);
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
	jents(s, &v, &w);
	nt_jw_end(&w);
	nt_buf_addc(b, '\n');
	unview(&v);
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
	const struct group *g;
	struct nt_bytab *by;
	struct nt_buf lab = NT_BUF_INIT;
	struct view v;
	size_t i, j, n, from, to, *ix, gi = 0;
	uint64_t err;

	prepare(s, &v);
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
		nt_buf_printf(b, "length\tmean\t%.2f\n", mean(s));
		for (i = 0; i < NQ; i++)
			tsvrow(b, "length", qnames[i], 3, quantile(s, qs[i]));
	}
	histspan(s, &from, &to);
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
		ix = nt_counts_sorted(&by->c, datetab(&by->c));
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
		g = findgroup(&v, &gi, nt_counts_key(&s->types, t), t->klen);
		n = shown(s, &v, g, t, &err);
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
	unview(&v);
}

/* --- A table for people --- */

struct row {
	const char	*k;
	size_t		 kl;
	uint64_t	 n;
};

#define KEYMAX	40	/* widest key column */
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
	(*n)++;
}

static void
tabby(struct nt_buf *b, const struct nt_bytab *t, uint64_t records)
{
	const struct nt_centry *e;
	struct row *r = NULL;
	size_t *ix, i, n = 0, nbar;
	uint64_t missing = t->missing + records - t->covered;
	int dates = datetab(&t->c), months;

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
tabents(struct nt_buf *b, const struct nt_stats *s, const struct view *v)
{
	const struct nt_centry *t, *e;
	const struct group *g;
	struct row *r = NULL;
	size_t i, j, n, nr, gi = 0;
	uint64_t err;

	for (i = 0; i < s->types.n; i++) {
		t = &s->types.e[v->types[i]];
		g = findgroup(v, &gi, nt_counts_key(&s->types, t), t->klen);
		n = shown(s, v, g, t, &err);
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

void
nt_stats_table(struct nt_stats *s, struct nt_buf *b)
{
	struct row *r = NULL, lr[NT_HIST_MAX];
	struct nt_buf lab = NT_BUF_INIT;
	struct view v;
	size_t i, n = 0, from, to, off[NT_HIST_MAX];

	prepare(s, &v);
	addrow(&r, &n, "records", 7, s->records);
	addrow(&r, &n, "rejected lines", 14, s->rejected);
	addrow(&r, &n, "without text", 12, s->no_text);
	addrow(&r, &n, "duplicates", 10, s->duplicates);
	addrow(&r, &n, "characters", 10, s->chars);
	addrow(&r, &n, "tokens", 6, s->tokens);
	addrow(&r, &n, "sentences", 9, s->sentences);
	putrows(b, r, n, 0, 0);
	free(r);

	nt_buf_printf(b, "\nlength in characters (%llu texts)\n",
	    (unsigned long long)s->len.n);
	if (s->len.n > 0) {
		nt_buf_printf(b, "  min %llu  mean %.1f  max %llu\n ",
		    (unsigned long long)s->lmin, mean(s),
		    (unsigned long long)s->lmax);
		for (i = 0; i < NQ; i++)
			nt_buf_printf(b, " %s %llu", qnames[i],
			    (unsigned long long)quantile(s, qs[i]));
		nt_buf_addc(b, '\n');
	}
	histspan(s, &from, &to);
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
	}
	putrows(b, lr, to - from, 0, to - from);
	nt_buf_free(&lab);

	for (i = 0; i < s->nby; i++)
		tabby(b, &s->by[i], s->records);
	tabents(b, s, &v);
	unview(&v);
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
	return -1;
}

void
nt_stats_write(struct nt_stats *s, int fmt, struct nt_buf *b)
{
	if (fmt == NT_STATS_TSV)
		nt_stats_tsv(s, b);
	else if (fmt == NT_STATS_TABLE)
		nt_stats_table(s, b);
	else
		nt_stats_json(s, b);
}
