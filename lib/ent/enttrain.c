/*
 * enttrain: the averaged structured perceptron behind nentities-train
 * (see nertrain.h).
 *
 * Every document is tokenised and its candidates' features computed
 * once, when it is added; features are then indices into one table of
 * weights, nine per feature side by side.  Only the history feature
 * (the label the model gave the same word earlier in the document)
 * changes as training goes: it is recomputed from the model's own
 * predictions, as at run time, so the model learns how far to trust
 * itself.  Weights are integers (each update adds or takes one), with
 * the usual running sums for averaging, so training is exact and
 * repeatable: the same documents and seed give the same bytes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ent/nertrain.h"
#include "ent/entml.h"
#include "core/json.h"
#include "core/utf8.h"
#include "core/util.h"

struct gold {
	uint32_t	 cb, ce;
	uint8_t		 type;
};

struct tdoc {
	size_t		 c0, nc;	/* its candidates */
	size_t		 g0, ng;	/* its gold names (dev documents) */
	size_t		 ntok;
	int		 dev;
};

struct nt_ner {
	struct nt_ents	*x;
	struct ml_clus	 clus;
	struct ml_doc	 md;
	/* features: hash to index */
	uint64_t	*fkey;
	uint32_t	*fidx;
	size_t		 fmask, nfeat;
	uint64_t	*fhash;		/* by index */
	/* candidates of every document */
	uint64_t	*word;
	uint8_t		*glab;
	uint8_t		*segst;		/* 1: starts a segment */
	uint32_t	*cb, *ce;
	size_t		*foff;		/* into fi, nc + 1 of them */
	size_t		 nc, ccap;
	uint32_t	*fi;
	size_t		 nfi, ficap;
	struct tdoc	*doc;
	size_t		 ndoc, dcap;
	struct gold	*g;
	size_t		 ng, gcap;
	uint8_t		*tlab;		/* scratch: gold label per token */
	size_t		 tcap;
	uint32_t	 hidx[ML_NTYPE + 2];	/* the history features */
	/* the model */
	int32_t		*w;
	int64_t		*u;
	int32_t		 tw[(ML_NL + 1) * ML_NL];
	int64_t		 tu[(ML_NL + 1) * ML_NL];
	int64_t		 c;
	float		*avg;
	float		 tavg[(ML_NL + 1) * ML_NL];
	size_t		 unreach, ignored;
};

struct nt_ner *
nt_ner_new(struct nt_ents *x)
{
	struct nt_ner *t = nt_ecalloc(1, sizeof(*t));
	unsigned v;

	t->x = x;
	t->fmask = 65535;
	t->fkey = nt_ecalloc(t->fmask + 1, sizeof(*t->fkey));
	t->fidx = nt_ecalloc(t->fmask + 1, sizeof(*t->fidx));
	t->foff = nt_ecalloc(1, sizeof(*t->foff));
	for (v = 0; v < ML_NTYPE + 2; v++)
		t->hidx[v] = 0;
	return t;
}

void
nt_ner_free(struct nt_ner *t)
{
	if (t == NULL)
		return;
	ml_clus_free(&t->clus);
	ml_doc_free(&t->md);
	free(t->fkey);
	free(t->fidx);
	free(t->fhash);
	free(t->word);
	free(t->glab);
	free(t->segst);
	free(t->cb);
	free(t->ce);
	free(t->foff);
	free(t->fi);
	free(t->doc);
	free(t->g);
	free(t->tlab);
	free(t->w);
	free(t->u);
	free(t->avg);
	free(t);
}

int
nt_ner_clusters(struct nt_ner *t, const char *path, struct nt_buf *err)
{
	ml_clus_free(&t->clus);
	return ml_clus_load(&t->clus, path, err);
}

/* --- the feature table ------------------------------------------------- */

static void
ftab_grow(struct nt_ner *t)
{
	size_t slots = (t->fmask + 1) * 2, i, j;
	uint64_t *key = nt_ecalloc(slots, sizeof(*key));
	uint32_t *idx = nt_ecalloc(slots, sizeof(*idx));

	for (i = 0; i <= t->fmask; i++) {
		if (t->fkey[i] == 0)
			continue;
		for (j = t->fkey[i] & (slots - 1); key[j] != 0;
		    j = (j + 1) & (slots - 1))
			;
		key[j] = t->fkey[i];
		idx[j] = t->fidx[i];
	}
	free(t->fkey);
	free(t->fidx);
	t->fkey = key;
	t->fidx = idx;
	t->fmask = slots - 1;
}

/* The index of feature h, added if new. */
static uint32_t
feature(struct nt_ner *t, uint64_t h)
{
	size_t j;

	if (h == 0)
		h = 1;
	for (j = h & t->fmask; t->fkey[j] != 0; j = (j + 1) & t->fmask)
		if (t->fkey[j] == h)
			return t->fidx[j];
	if (t->nfeat >= UINT32_MAX - 1)
		nt_fatalx("too many features");
	t->fkey[j] = h;
	t->fidx[j] = (uint32_t)t->nfeat;
	t->fhash = nt_ereallocarray(t->fhash, t->nfeat + 1, sizeof(*t->fhash));
	t->fhash[t->nfeat] = h;
	if (++t->nfeat * 2 > t->fmask)
		ftab_grow(t);
	return (uint32_t)t->nfeat - 1;
}

/* --- documents --------------------------------------------------------- */

static int
type_id(const char *p, size_t n)
{
	static const struct { const char *s; int t; } map[] = {
		{ "person", 0 }, { "PER", 0 }, { "per", 0 },
		{ "organization", 1 }, { "ORG", 1 }, { "org", 1 },
		{ "organisation", 1 },
		{ "location", 2 }, { "LOC", 2 }, { "loc", 2 }, { "place", 2 },
		{ "GPE", 2 }, { "gpe", 2 },
		{ "misc", 3 }, { "MISC", 3 },
	};
	size_t k;

	for (k = 0; k < sizeof(map) / sizeof(map[0]); k++)
		if (strlen(map[k].s) == n && memcmp(map[k].s, p, n) == 0)
			return map[k].t;
	return -1;
}

static int
getint(const char *obj, size_t n, const char *key, int64_t *v)
{
	const char *val;
	size_t vlen;

	return nt_json_get(obj, n, key, &val, &vlen) &&
	    nt_json_int(val, vlen, v) == 0 ? 0 : -1;
}

/* One entity of the array: its span and type (-1: a type not learned). */
static int
entity(const char *obj, size_t n, size_t ncp, struct gold *g, int *type,
    struct nt_buf *err)
{
	int64_t s, e;
	const char *val;
	size_t vlen;

	if (nt_json_type(obj, n) != NT_JOBJ || getint(obj, n, "start", &s) < 0 ||
	    getint(obj, n, "end", &e) < 0 ||
	    !nt_json_get(obj, n, "type", &val, &vlen) ||
	    nt_json_type(val, vlen) != NT_JSTR) {
		nt_buf_adds(err, "an entity needs integer start and end and a "
		    "string type");
		return -1;
	}
	if (s < 0 || e <= s || (uint64_t)e > ncp || e > UINT32_MAX) {
		nt_buf_printf(err, "entity [%lld, %lld) is not inside the text",
		    (long long)s, (long long)e);
		return -1;
	}
	g->cb = (uint32_t)s;
	g->ce = (uint32_t)e;
	*type = type_id(val + 1, vlen - 2);
	g->type = (uint8_t)(*type < 0 ? 0 : *type);
	return 0;
}

static void
gold_add(struct nt_ner *t, const struct gold *g)
{
	if (t->ng == t->gcap) {
		t->gcap = t->gcap ? t->gcap * 2 : 1024;
		t->g = nt_ereallocarray(t->g, t->gcap, sizeof(*t->g));
	}
	t->g[t->ng++] = *g;
}

/* Label the tokens of each gold name; a name over labelled ones is left. */
static int
gold_tokens(struct nt_ner *t, const struct ent_doc *d, const char *ents,
    size_t entslen, size_t ncp, int dev, struct nt_buf *err)
{
	struct nt_jiter it;
	const char *val;
	size_t vlen, k, a, b;
	struct gold g;
	int type;

	if (nt_jiter_init(&it, ents, entslen) < 0 ||
	    nt_json_type(ents, entslen) != NT_JARR) {
		nt_buf_adds(err, "\"entities\" is not an array");
		return -1;
	}
	memset(t->tlab, L_O, d->tk.n);
	while (nt_jiter_item(&it, &val, &vlen)) {
		if (entity(val, vlen, ncp, &g, &type, err) < 0)
			return -1;
		if (type < 0) {
			t->ignored++;
			continue;
		}
		if (dev)
			gold_add(t, &g);
		for (a = 0; a < d->tk.n && d->tk.t[a].cb < g.cb; a++)
			;
		for (b = a; b < d->tk.n && d->tk.t[b].ce <= g.ce; b++)
			if (t->tlab[b] != L_O)
				break;
		if (b == a || (b < d->tk.n && d->tk.t[b].ce <= g.ce))
			continue;
		for (k = a; k < b; k++)
			t->tlab[k] = (uint8_t)(k == a ? L_B(type) : L_I(type));
	}
	return 0;
}

static void
cand_grow(struct nt_ner *t)
{
	if (t->nc + 1 < t->ccap)
		return;
	t->ccap = t->ccap ? t->ccap * 2 : 4096;
	t->word = nt_ereallocarray(t->word, t->ccap, sizeof(*t->word));
	t->glab = nt_ereallocarray(t->glab, t->ccap, 1);
	t->segst = nt_ereallocarray(t->segst, t->ccap, 1);
	t->cb = nt_ereallocarray(t->cb, t->ccap, sizeof(*t->cb));
	t->ce = nt_ereallocarray(t->ce, t->ccap, sizeof(*t->ce));
	t->foff = nt_ereallocarray(t->foff, t->ccap + 1, sizeof(*t->foff));
}

/* The candidates of d with their features and gold labels. */
static void
candidates(struct nt_ner *t, const struct ent_doc *d)
{
	uint64_t f[ML_MAXF];
	size_t i, k, nf;
	uint8_t prev = L_O, l;

	for (i = 0; i < d->tk.n; i++) {
		if (!(t->md.st[i] & MS_CAND)) {
			if (t->tlab[i] != L_O)
				t->unreach++;
			prev = L_O;
			continue;
		}
		cand_grow(t);
		l = t->tlab[i];
		/* a name broken by a token never scored starts again */
		if (l != L_O && !L_ISB(l) && (prev == L_O ||
		    L_TYPE(prev) != L_TYPE(l) || i == 0 ||
		    !(t->md.st[i - 1] & MS_CAND)))
			l = (uint8_t)L_B(L_TYPE(l));
		t->word[t->nc] = d->tk.t[i].h;
		t->glab[t->nc] = l;
		t->segst[t->nc] = i == 0 || !(t->md.st[i - 1] & MS_CAND) ||
		    (d->tk.t[i].f & NT_TF_NL);
		t->cb[t->nc] = (uint32_t)d->tk.t[i].cb;
		t->ce[t->nc] = (uint32_t)d->tk.t[i].ce;
		nf = ml_feats(&t->md, d, &t->clus, i, f, NULL, ML_FALL);
		if (t->nfi + nf > t->ficap) {
			t->ficap = (t->ficap + nf) * 2;
			t->fi = nt_ereallocarray(t->fi, t->ficap, sizeof(*t->fi));
		}
		/* f[0] is the history: left out, computed as training goes */
		for (k = 1; k < nf; k++)
			t->fi[t->nfi++] = feature(t, f[k]);
		t->foff[++t->nc] = t->nfi;
		prev = l;
	}
}

int
nt_ner_add(struct nt_ner *t, const char *text, size_t n, const char *ents,
    size_t entslen, int dev, struct nt_buf *err)
{
	struct ent_doc *d;
	struct tdoc *doc;
	size_t ncp, g0 = t->ng, c0 = t->nc;

	if (t->w != NULL)
		nt_fatalx("nt_ner_add after nt_ner_train");

	nt_buf_reset(err);
	d = ent_rules(t->x, text, n);
	ncp = nt_utf8_count(text, n);
	if (d->tk.n > t->tcap) {
		t->tcap = d->tk.n + d->tk.n / 2;
		t->tlab = nt_erealloc(t->tlab, t->tcap);
	}
	if (gold_tokens(t, d, ents, entslen, ncp, dev, err) < 0) {
		t->ng = g0;
		return -1;
	}
	ml_prepare(&t->md, d);
	candidates(t, d);
	if (t->ndoc == t->dcap) {
		t->dcap = t->dcap ? t->dcap * 2 : 256;
		t->doc = nt_ereallocarray(t->doc, t->dcap, sizeof(*t->doc));
	}
	doc = &t->doc[t->ndoc++];
	doc->c0 = c0;
	doc->nc = t->nc - c0;
	doc->g0 = g0;
	doc->ng = t->ng - g0;
	doc->ntok = d->tk.n;
	doc->dev = dev;
	return 0;
}

/* --- training ---------------------------------------------------------- */

/* Scratch for one segment. */
struct seg {
	float		*em, *dp;
	uint8_t		*back, *pred;
	uint32_t	*hf;		/* the history feature of each token */
	size_t		 cap;
};

static void
seg_grow(struct seg *s, size_t n)
{
	if (n <= s->cap)
		return;
	s->cap = n * 2;
	s->em = nt_ereallocarray(s->em, s->cap, ML_NL * sizeof(*s->em));
	s->dp = nt_ereallocarray(s->dp, s->cap, ML_NL * sizeof(*s->dp));
	s->back = nt_ereallocarray(s->back, s->cap, ML_NL);
	s->pred = nt_ereallocarray(s->pred, s->cap, 1);
	s->hf = nt_ereallocarray(s->hf, s->cap, sizeof(*s->hf));
}

static void
seg_free(struct seg *s)
{
	free(s->em);
	free(s->dp);
	free(s->back);
	free(s->pred);
	free(s->hf);
}

/* Emission scores of candidate k: the live weights, or the averaged. */
static void
score(const struct nt_ner *t, size_t k, uint32_t hf, int avg, float *em)
{
	size_t a, l;
	int32_t acc[ML_NL];
	const uint32_t *fi = t->fi + t->foff[k];
	size_t nf = t->foff[k + 1] - t->foff[k];

	if (avg) {
		const float *w = t->avg + (size_t)hf * ML_NL;

		for (l = 0; l < ML_NL; l++)
			em[l] = w[l];
		for (a = 0; a < nf; a++)
			for (l = 0, w = t->avg + (size_t)fi[a] * ML_NL;
			    l < ML_NL; l++)
				em[l] += w[l];
		return;
	}
	for (l = 0; l < ML_NL; l++)
		acc[l] = t->w[(size_t)hf * ML_NL + l];
	for (a = 0; a < nf; a++) {
		const int32_t *w = t->w + (size_t)fi[a] * ML_NL;

		for (l = 0; l < ML_NL; l++)
			acc[l] += w[l];
	}
	for (l = 0; l < ML_NL; l++)
		em[l] = (float)acc[l];
}

static void
bump(int32_t *w, int64_t *u, size_t i, int d, int64_t c)
{
	w[i] += d;
	u[i] += (int64_t)d * c;
}

/* The perceptron's update for one segment [s, e) the model got wrong. */
static void
update(struct nt_ner *t, size_t s, size_t e, const struct seg *sg)
{
	size_t k, a;
	unsigned g, p, gp = ML_NL, pp = ML_NL;

	for (k = s; k < e; k++) {
		g = t->glab[k];
		p = sg->pred[k - s];
		if (g != p) {
			const uint32_t *fi = t->fi + t->foff[k];
			size_t nf = t->foff[k + 1] - t->foff[k];

			for (a = 0; a <= nf; a++) {
				size_t f = a < nf ? fi[a] : sg->hf[k - s];

				bump(t->w, t->u, f * ML_NL + g, 1, t->c);
				bump(t->w, t->u, f * ML_NL + p, -1, t->c);
			}
		}
		if (g != p || gp != pp) {
			bump(t->tw, t->tu, gp * ML_NL + g, 1, t->c);
			bump(t->tw, t->tu, pp * ML_NL + p, -1, t->c);
		}
		gp = g;
		pp = p;
	}
}

/*
 * Tag one document with the live (train) or averaged weights; when
 * training, update on every segment that came out wrong.  pred, when
 * not NULL, gets the labels of its candidates.
 */
static void
run_doc(struct nt_ner *t, const struct tdoc *doc, int train, struct seg *sg,
    uint8_t *pred)
{
	float tr[(ML_NL + 1) * ML_NL];
	size_t s, e, k;
	unsigned l;

	ml_hist_clear(&t->md, doc->ntok);
	for (s = doc->c0; s < doc->c0 + doc->nc; s = e) {
		for (e = s + 1; e < doc->c0 + doc->nc && !t->segst[e]; e++)
			;
		seg_grow(sg, e - s);
		/* the transitions move with every update */
		for (k = 0; k < (ML_NL + 1) * ML_NL; k++)
			tr[k] = train ? (float)t->tw[k] : t->tavg[k];
		ml_mask(tr, tr);
		for (k = s; k < e; k++) {
			sg->hf[k - s] = t->hidx[ml_hist_get(&t->md, t->word[k])];
			score(t, k, sg->hf[k - s], !train, sg->em + (k - s) *
			    ML_NL);
		}
		ml_viterbi(sg->em, e - s, tr, sg->back, sg->dp, sg->pred);
		if (train) {
			for (k = s; k < e && t->glab[k] == sg->pred[k - s]; k++)
				;
			if (k < e)
				update(t, s, e, sg);
			t->c++;
		}
		for (k = s; k < e; k++) {
			l = sg->pred[k - s];
			ml_hist_add(&t->md, t->word[k], l);
			if (pred != NULL)
				pred[k - doc->c0] = (uint8_t)l;
		}
	}
}

static void
average(struct nt_ner *t)
{
	size_t i, n = t->nfeat * ML_NL;
	double c = (double)t->c;

	for (i = 0; i < n; i++)
		t->avg[i] = (float)((double)t->w[i] - (double)t->u[i] / c);
	for (i = 0; i < (ML_NL + 1) * ML_NL; i++)
		t->tavg[i] = (float)((double)t->tw[i] - (double)t->tu[i] / c);
}

uint64_t
nt_ner_rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
nt_ner_train(struct nt_ner *t, unsigned epochs, unsigned long seed, FILE *log)
{
	struct seg sg = { 0 };
	size_t *order, ntrain = 0, i, j, tmp;
	uint64_t st = seed;
	unsigned ep, v;

	for (v = 0; v < ML_NTYPE + 2; v++)
		t->hidx[v] = feature(t, ml_hist_feat(v));
	free(t->w);
	free(t->u);
	free(t->avg);
	t->w = nt_ecalloc(t->nfeat, ML_NL * sizeof(*t->w));
	t->u = nt_ecalloc(t->nfeat, ML_NL * sizeof(*t->u));
	t->avg = nt_ecalloc(t->nfeat, ML_NL * sizeof(*t->avg));
	t->c = 1;
	order = nt_ecalloc(t->ndoc ? t->ndoc : 1, sizeof(*order));
	for (i = 0; i < t->ndoc; i++)
		if (!t->doc[i].dev)
			order[ntrain++] = i;
	if (log != NULL)
		fprintf(log, "%zu documents for training, %zu for scoring, "
		    "%zu candidates, %zu features; %zu name tokens out of "
		    "reach, %zu names of other types ignored\n", ntrain,
		    t->ndoc - ntrain, t->nc, t->nfeat, t->unreach, t->ignored);
	for (ep = 0; ep < epochs; ep++) {
		for (i = ntrain; i > 1; i--) {
			j = (size_t)(nt_ner_rnd(&st) % i);
			tmp = order[i - 1];
			order[i - 1] = order[j];
			order[j] = tmp;
		}
		for (i = 0; i < ntrain; i++)
			run_doc(t, &t->doc[order[i]], 1, &sg, NULL);
		if (log != NULL && ntrain < t->ndoc && ep + 1 < epochs) {
			average(t);
			fprintf(log, "epoch %u: ", ep + 1);
			nt_ner_score(t, log);
		}
	}
	average(t);
	free(order);
	seg_free(&sg);
}

/* --- scoring ----------------------------------------------------------- */

struct prf {
	size_t		 tp, nsys, ngold;
};

static void
score_doc(struct nt_ner *t, const struct tdoc *doc, struct seg *sg,
    uint8_t *pred, struct prf *st)
{
	size_t k, e, g, c0 = doc->c0;
	unsigned ty;

	run_doc(t, doc, 0, sg, pred);
	for (g = doc->g0; g < doc->g0 + doc->ng; g++)
		st[t->g[g].type].ngold++;
	for (k = 0; k < doc->nc; k++) {
		if (!L_ISB(pred[k]))
			continue;
		ty = L_TYPE(pred[k]);
		for (e = k + 1; e < doc->nc && pred[e] == L_I(ty) &&
		    !t->segst[c0 + e]; e++)
			;
		st[ty].nsys++;
		for (g = doc->g0; g < doc->g0 + doc->ng; g++)
			if (t->g[g].cb == t->cb[c0 + k] &&
			    t->g[g].ce == t->ce[c0 + e - 1] &&
			    t->g[g].type == ty) {
				st[ty].tp++;
				break;
			}
		k = e - 1;
	}
}

static void
print_prf(FILE *out, const char *name, const struct prf *s)
{
	double p = s->nsys ? (double)s->tp / (double)s->nsys : 0,
	    r = s->ngold ? (double)s->tp / (double)s->ngold : 0,
	    f = p + r > 0 ? 2 * p * r / (p + r) : 0;

	fprintf(out, "%-13s P %.3f R %.3f F1 %.3f (gold %zu, system %zu)\n",
	    name, p, r, f, s->ngold, s->nsys);
}

static const char *const tnames[ML_NTYPE] = {
	"person", "organization", "location", "misc"
};

void
nt_ner_score(struct nt_ner *t, FILE *out)
{
	struct prf st[ML_NTYPE], all = { 0, 0, 0 };
	struct seg sg = { 0 };
	uint8_t *pred = NULL;
	size_t i, cap = 0;
	unsigned ty;

	memset(st, 0, sizeof(st));
	for (i = 0; i < t->ndoc; i++) {
		if (!t->doc[i].dev)
			continue;
		if (t->doc[i].nc + 1 > cap) {
			cap = t->doc[i].nc + 1;
			pred = nt_erealloc(pred, cap);
		}
		score_doc(t, &t->doc[i], &sg, pred, st);
	}
	fprintf(out, "dev, exact spans:\n");
	for (ty = 0; ty < ML_NTYPE; ty++) {
		print_prf(out, tnames[ty], &st[ty]);
		if (ty < 3) {
			all.tp += st[ty].tp;
			all.nsys += st[ty].nsys;
			all.ngold += st[ty].ngold;
		}
	}
	print_prf(out, "per+org+loc", &all);
	free(pred);
	seg_free(&sg);
}

/* --- writing ----------------------------------------------------------- */

void
nt_ner_write(struct nt_ner *t, double prune, struct nt_buf *out)
{
	uint64_t *key = nt_ecalloc(t->nfeat ? t->nfeat : 1, sizeof(*key));
	float *w = nt_ecalloc(t->nfeat ? t->nfeat : 1, ML_NL * sizeof(*w));
	size_t i, n = 0, l;

	for (i = 0; i < t->nfeat; i++) {
		for (l = 0; l < ML_NL; l++)
			if (fabsf(t->avg[i * ML_NL + l]) > prune)
				break;
		if (l == ML_NL)
			continue;	/* too light to matter */
		key[n] = t->fhash[i];
		memcpy(w + n * ML_NL, t->avg + i * ML_NL, ML_NL * sizeof(*w));
		n++;
	}
	ml_model_write(out, key, w, n, t->tavg, &t->clus);
	free(key);
	free(w);
}
