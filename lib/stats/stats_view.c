#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/stats_view.h"
#include "core/util.h"

static int
cmpgroup(const void *pa, const void *pb)
{
	const struct nt_sgroup *a = pa, *b = pb;
	int r = memcmp(a->type, b->type, a->tl < b->tl ? a->tl : b->tl);

	if (r != 0)
		return r;
	return a->tl < b->tl ? -1 : a->tl > b->tl;
}

/* Entities i and j of the sorted index have the same type. */
static int
sametype(const struct nt_stats *s, const size_t *ix, size_t i, size_t j)
{
	const struct nt_centry *e = &s->ents.e[ix[i]], *f = &s->ents.e[ix[j]];

	return f->split == e->split && memcmp(nt_counts_key(&s->ents, e),
	    nt_counts_key(&s->ents, f), e->split) == 0;
}

static void
groups(struct nt_sview *v)
{
	const struct nt_stats *s = v->s;
	const struct nt_centry *e;
	struct nt_sgroup *g;
	size_t i, j;

	for (i = 0; i < s->ents.n; i = j) {
		for (j = i + 1; j < s->ents.n && sametype(s, v->ents, i, j); j++)
			;
		e = &s->ents.e[v->ents[i]];
		v->g = nt_ereallocarray(v->g, v->ng + 1, sizeof(*v->g));
		g = &v->g[v->ng++];
		g->type = nt_counts_key(&s->ents, e) + sizeof(size_t);
		g->tl = e->split - sizeof(size_t);
		g->from = i;
		g->to = j;
	}
	if (v->ng > 1)
		qsort(v->g, v->ng, sizeof(*v->g), cmpgroup);
}

void
nt_sview_init(struct nt_sview *v, struct nt_stats *s)
{
	size_t i;

	for (i = 0; i < s->nby; i++)
		nt_counts_prune(&s->by[i].c);
	nt_counts_prune(&s->types);
	nt_counts_prune(&s->ents);
	nt_counts_prune(&s->entdays);
	memset(v, 0, sizeof(*v));
	v->s = s;
	v->ents = nt_counts_sorted(&s->ents, 0);
	v->types = nt_counts_sorted(&s->types, 1);
	v->days = nt_counts_sorted(&s->entdays, 1);
	groups(v);
}

void
nt_sview_free(struct nt_sview *v)
{
	if (v == NULL)
		return;
	free(v->ents);
	free(v->types);
	free(v->days);
	free(v->g);
	nt_buf_free(&v->key);
	v->ents = v->types = v->days = NULL;
	v->g = NULL;
	v->ng = 0;
}

const struct nt_sgroup *
nt_sview_group(const struct nt_sview *v, size_t *gi, const char *type,
    size_t tl)
{
	struct nt_sgroup key = { type, tl, 0, 0 };
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

size_t
nt_sview_shown(const struct nt_sview *v, const struct nt_sgroup *g,
    const struct nt_centry *type, uint64_t *err)
{
	const struct nt_stats *s = v->s;
	size_t n = g != NULL ? g->to - g->from : 0;

	*err = type->aux + s->ents.err;
	if (s->top > 0 && n > s->top) {
		*err += s->ents.e[v->ents[g->from + s->top]].count;
		n = s->top;
	}
	return n;
}

const struct nt_centry *
nt_sview_ent(const struct nt_sview *v, const struct nt_sgroup *g, size_t i,
    const char **norm, size_t *nl)
{
	const struct nt_counts *c = &v->s->ents;
	const struct nt_centry *e = &c->e[v->ents[g->from + i]];

	*norm = nt_counts_key(c, e) + e->split;
	*nl = e->klen - e->split;
	return e;
}

int
nt_sview_listed(struct nt_sview *v, const struct nt_sgroup *g, size_t n,
    const char *norm, size_t nl)
{
	const struct nt_counts *c = &v->s->ents;
	const struct nt_centry *e, *last;
	int r;

	if (g == NULL || n == 0)
		return 0;
	nt_stats_entkey(&v->key, g->type, g->tl, norm, nl);
	if ((e = nt_counts_get(c, v->key.p, v->key.len)) == NULL)
		return 0;
	/* The group is sorted by count, then key: compare with the last. */
	last = &c->e[v->ents[g->from + n - 1]];
	if (e->count != last->count)
		return e->count > last->count;
	r = memcmp(nt_counts_key(c, e), nt_counts_key(c, last),
	    e->klen < last->klen ? e->klen : last->klen);
	return r < 0 || (r == 0 && e->klen <= last->klen);
}

/* Compare the key of day entry i with the prefix p[0..n). */
static int
cmpday(const struct nt_counts *c, const struct nt_centry *e, const char *p,
    size_t n)
{
	int r = memcmp(nt_counts_key(c, e), p, e->klen < n ? e->klen : n);

	if (r != 0)
		return r;
	return e->klen < n ? -1 : 0;
}

/* The first day entry not below the prefix p[0..n). */
static size_t
lowbound(const struct nt_sview *v, const char *p, size_t n)
{
	const struct nt_counts *c = &v->s->entdays;
	size_t lo = 0, hi = c->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmpday(c, &c->e[v->days[mid]], p, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* One past the last day entry from i on that starts with p[0..n). */
static size_t
prefixend(const struct nt_sview *v, size_t i, const char *p, size_t n)
{
	const struct nt_counts *c = &v->s->entdays;

	while (i < c->n && cmpday(c, &c->e[v->days[i]], p, n) == 0)
		i++;
	return i;
}

void
nt_sview_days(struct nt_sview *v, const char *type, size_t tl,
    const char *norm, size_t nl, size_t *from, size_t *to)
{
	nt_stats_daykey(&v->key, type, tl, norm, nl, NULL);
	*from = lowbound(v, v->key.p, v->key.len);
	*to = prefixend(v, *from, v->key.p, v->key.len);
}

/* The norm of day entry e: after the type and the norm's length. */
static const char *
daynorm(const struct nt_counts *c, const struct nt_centry *e, size_t *nl)
{
	const char *k = nt_counts_key(c, e) + e->split;

	memcpy(nl, k, sizeof(*nl));
	return k + sizeof(*nl);
}

/* Two day entries of one entity: their keys differ in the day only. */
static int
sameent(const struct nt_counts *c, const struct nt_centry *a,
    const struct nt_centry *b)
{
	return a->klen == b->klen && memcmp(nt_counts_key(c, a),
	    nt_counts_key(c, b), a->klen - 10) == 0;
}

static int
cmpdated(const void *pa, const void *pb)
{
	const struct nt_sdated *a = pa, *b = pb;

	if (a->total != b->total)
		return a->total < b->total ? 1 : -1;
	return a->from < b->from ? -1 : a->from > b->from;
}

struct nt_sdated *
nt_sview_dated(struct nt_sview *v, const char *type, size_t tl, size_t max,
    size_t *n)
{
	const struct nt_counts *c = &v->s->entdays;
	struct nt_sdated *d = NULL;
	size_t i, end, m = 0;

	/* The type's prefix: its length and its name. */
	nt_buf_reset(&v->key);
	nt_buf_add(&v->key, &tl, sizeof(tl));
	nt_buf_add(&v->key, type, tl);
	i = lowbound(v, v->key.p, v->key.len);
	end = prefixend(v, i, v->key.p, v->key.len);
	/* Each entity's days lie together: one run per entity. */
	while (i < end) {
		d = nt_ereallocarray(d, m + 1, sizeof(*d));
		d[m].norm = daynorm(c, &c->e[v->days[i]], &d[m].nl);
		d[m].from = i;
		d[m].total = 0;
		for (; i < end && sameent(c, &c->e[v->days[i]],
		    &c->e[v->days[d[m].from]]); i++)
			d[m].total += c->e[v->days[i]].count;
		d[m].to = i;
		m++;
	}
	if (m > 1)
		qsort(d, m, sizeof(*d), cmpdated);
	*n = max > 0 && m > max ? max : m;
	return d;
}

int
nt_stats_datetab(const struct nt_counts *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->e[i].klen != 10 ||
		    !nt_stats_isdate(nt_counts_key(c, &c->e[i]), 10))
			return 0;
	return c->n > 0;
}

void
nt_stats_histspan(const struct nt_stats *s, size_t *from, size_t *to)
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

double
nt_stats_mean(const struct nt_stats *s)
{
	return round((double)s->chars / (double)s->len.n * 100) / 100;
}

uint64_t
nt_stats_quantile(const struct nt_stats *s, double q)
{
	uint64_t v = nt_qs_quantile(&s->len, q);

	return v < s->lmin ? s->lmin : v > s->lmax ? s->lmax : v;
}
