/*
 * entclus: word clusters learned from unlabelled text (see nertrain.h).
 *
 * A word is described by what stands next to it: counts of the word
 * just before and just after it (the 2000 commonest tokens, the rest
 * pooled, a line's edge as a token of its own), weighted by positive
 * pointwise mutual information, and the share of its occurrences
 * capitalised inside a sentence.  Vectors are scaled to length one and
 * grouped by spherical k-means: k1 coarse clusters, then each split
 * into k2 fine ones.  Names of people fall together because they follow
 * "Mr." and precede "said", towns because they follow "in" and precede
 * a comma, and so on; a model that has seen a few members of a cluster
 * has seen them all a little.  Starting centres come from a seeded
 * generator and sums run in one order, so the result is repeatable.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ent/nertrain.h"
#include "core/util.h"
#include "text/tok.h"

#define NCTX	2000		/* context words kept apart */
#define CTX_OTHER NCTX		/* every other word */
#define CTX_EDGE (NCTX + 1)	/* the edge of a line */
#define SIDE	(NCTX + 2)
#define DIMS	(2 * SIDE + 1)	/* left, right, capitalisation */
#define EDGE_ID	0		/* in the token stream: a line's edge */

struct vword {
	uint64_t	 h;
	size_t		 count, caps;
	size_t		 off, len;	/* its first spelling, in strs */
	int		 punct;
};

struct nt_clus {
	struct vword	*w;
	size_t		 nw, wcap;
	uint32_t	*tab;		/* word hash to index + 1 */
	size_t		 tmask;
	uint32_t	*seq;		/* the text as word indices + 1, 0 edges */
	size_t		 nseq, scap;
	struct nt_buf	 strs;
	struct nt_toks	 tk;
};

struct nt_clus *
nt_clus_new(void)
{
	struct nt_clus *c = nt_ecalloc(1, sizeof(*c));

	c->tmask = 65535;
	c->tab = nt_ecalloc(c->tmask + 1, sizeof(*c->tab));
	return c;
}

void
nt_clus_free(struct nt_clus *c)
{
	if (c == NULL)
		return;
	free(c->w);
	free(c->tab);
	free(c->seq);
	nt_buf_free(&c->strs);
	nt_toks_free(&c->tk);
	free(c);
}

static void
tab_grow(struct nt_clus *c)
{
	size_t slots = (c->tmask + 1) * 2, i, j;
	uint32_t *t = nt_ecalloc(slots, sizeof(*t));

	for (i = 0; i < c->nw; i++) {
		for (j = c->w[i].h & (slots - 1); t[j] != 0;
		    j = (j + 1) & (slots - 1))
			;
		t[j] = (uint32_t)i + 1;
	}
	free(c->tab);
	c->tab = t;
	c->tmask = slots - 1;
}

static uint32_t
word_id(struct nt_clus *c, const char *s, const struct nt_tok *t)
{
	size_t j;
	struct vword *w;

	for (j = t->h & c->tmask; c->tab[j] != 0; j = (j + 1) & c->tmask)
		if (c->w[c->tab[j] - 1].h == t->h)
			return c->tab[j];
	if (c->nw == c->wcap) {
		c->wcap = c->wcap ? c->wcap * 2 : 4096;
		c->w = nt_ereallocarray(c->w, c->wcap, sizeof(*c->w));
	}
	w = &c->w[c->nw];
	memset(w, 0, sizeof(*w));
	w->h = t->h;
	w->off = c->strs.len;
	w->len = t->e - t->b;
	w->punct = t->kind != NT_TOK_WORD || (t->f & NT_TF_DIGIT);
	nt_buf_add(&c->strs, s + t->b, t->e - t->b);
	c->tab[j] = (uint32_t)++c->nw;
	if (c->nw * 2 > c->tmask)
		tab_grow(c);
	return (uint32_t)c->nw;
}

static void
seq_add(struct nt_clus *c, uint32_t id)
{
	if (c->nseq == c->scap) {
		c->scap = c->scap ? c->scap * 2 : 1 << 16;
		c->seq = nt_ereallocarray(c->seq, c->scap, sizeof(*c->seq));
	}
	c->seq[c->nseq++] = id;
}

void
nt_clus_add(struct nt_clus *c, const char *text, size_t n)
{
	size_t i;
	uint32_t id;
	int sent = 1;
	const struct nt_tok *t;

	nt_tok_run(&c->tk, text, n);
	for (i = 0; i < c->tk.n; i++) {
		t = &c->tk.t[i];
		if (t->f & NT_TF_NL) {
			seq_add(c, EDGE_ID);
			sent = 1;
		}
		id = word_id(c, text, t);
		seq_add(c, id);
		c->w[id - 1].count++;
		if (!sent && t->kind == NT_TOK_WORD && (t->f & NT_TF_UPPER1))
			c->w[id - 1].caps++;
		sent = t->kind == NT_TOK_PUNCT && (t->cp == '.' ||
		    t->cp == '?' || t->cp == '!' || t->cp == '"' ||
		    t->cp == 0x201c);
	}
	seq_add(c, EDGE_ID);
}

/* --- the vectors ------------------------------------------------------- */

struct vec {
	size_t		*off;		/* per clustered word, into dim/val */
	uint32_t	*dim;
	float		*val;
	size_t		 n;
};

static int
by_count(const void *a, const void *b, void *arg)
{
	const struct vword *w = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	if (w[x].count != w[y].count)
		return w[x].count > w[y].count ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int
cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Word index to its context id (by frequency rank) and to its row (the
 * words to cluster), from the list of words sorted by count.
 */
static void
ranks(struct nt_clus *c, const uint32_t *order, unsigned mincount,
    uint32_t *ctx, uint32_t *row, uint32_t *rowword, size_t *nrow)
{
	size_t i, r = 0;

	for (i = 0; i < c->nw; i++) {
		ctx[order[i]] = i < NCTX ? (uint32_t)i : CTX_OTHER;
		row[order[i]] = UINT32_MAX;
	}
	for (i = 0; i < c->nw; i++)
		if (c->w[order[i]].count >= mincount &&
		    !c->w[order[i]].punct) {
			rowword[r] = order[i];
			row[order[i]] = (uint32_t)r++;
		}
	*nrow = r;
}

/* Sorted (row, dimension) pairs of every occurrence; counted runs. */
static uint64_t *
pairs(const struct nt_clus *c, const uint32_t *ctx, const uint32_t *row,
    size_t *np)
{
	uint64_t *p = nt_ecalloc(2 * c->nseq + 1, sizeof(*p));
	size_t i, n = 0;
	uint32_t w, l, r;

	for (i = 0; i < c->nseq; i++) {
		if (c->seq[i] == EDGE_ID || row[c->seq[i] - 1] == UINT32_MAX)
			continue;
		w = row[c->seq[i] - 1];
		l = i == 0 || c->seq[i - 1] == EDGE_ID ? CTX_EDGE :
		    ctx[c->seq[i - 1] - 1];
		r = i + 1 == c->nseq || c->seq[i + 1] == EDGE_ID ? CTX_EDGE :
		    ctx[c->seq[i + 1] - 1];
		p[n++] = (uint64_t)w << 32 | l;
		p[n++] = (uint64_t)w << 32 | (SIDE + r);
	}
	qsort(p, n, sizeof(*p), cmp64);
	*np = n;
	return p;
}

static void
unit(struct vec *v, size_t r)
{
	double norm = 0;
	size_t k;

	for (k = v->off[r]; k < v->off[r + 1]; k++)
		norm += (double)v->val[k] * v->val[k];
	norm = norm > 0 ? sqrt(norm) : 1;
	for (k = v->off[r]; k < v->off[r + 1]; k++)
		v->val[k] = (float)(v->val[k] / norm);
}

/*
 * PPMI-weighted, unit-length context vectors of the rows, and the share
 * of capitals (rowword: the word of each row) as one more dimension.
 */
static void
vectors(const struct nt_clus *c, const uint32_t *rowword, size_t nrow,
    const uint64_t *p, size_t np, struct vec *v)
{
	double *dimtot = nt_ecalloc(DIMS, sizeof(*dimtot)), *rowtot, tot = 0;
	size_t i, j, nnz = 0, r;
	double pmi;
	const struct vword *w;

	rowtot = nt_ecalloc(nrow ? nrow : 1, sizeof(*rowtot));
	for (i = 0; i < np; i++) {
		dimtot[p[i] & 0xffffffff]++;
		rowtot[p[i] >> 32]++;
		tot++;
	}
	v->n = nrow;
	v->off = nt_ecalloc(nrow + 1, sizeof(*v->off));
	v->dim = nt_ecalloc(np + nrow + 1, sizeof(*v->dim));
	v->val = nt_ecalloc(np + nrow + 1, sizeof(*v->val));
	for (i = 0, r = 0; r < nrow; r++) {
		v->off[r] = nnz;
		for (; i < np && (p[i] >> 32) == r; i = j) {
			for (j = i; j < np && p[j] == p[i]; j++)
				;
			pmi = log((double)(j - i) * tot / (rowtot[r] *
			    dimtot[p[i] & 0xffffffff]));
			if (pmi <= 0)
				continue;
			v->dim[nnz] = (uint32_t)(p[i] & 0xffffffff);
			v->val[nnz++] = (float)pmi;
		}
		v->off[r + 1] = nnz;
		unit(v, r);
		w = &c->w[rowword[r]];
		v->dim[nnz] = DIMS - 1;
		v->val[nnz++] = (float)(0.7 * (double)w->caps /
		    (double)w->count);
		v->off[r + 1] = nnz;
		unit(v, r);
	}
	free(dimtot);
	free(rowtot);
}

static void
vec_free(struct vec *v)
{
	free(v->off);
	free(v->dim);
	free(v->val);
}

/* --- spherical k-means ------------------------------------------------- */

static float
dot_dense(const struct vec *v, size_t r, const float *dense)
{
	size_t k;
	float s = 0;

	for (k = v->off[r]; k < v->off[r + 1]; k++)
		s += v->val[k] * dense[v->dim[k]];
	return s;
}

/* k-means++: each next centre drawn by its squared distance to the last. */
static void
seed_centres(const struct vec *v, const uint32_t *rows, size_t n, size_t k,
    float *cent, uint64_t *st)
{
	float *dense = nt_ecalloc(DIMS, sizeof(*dense));
	double *best = nt_ecalloc(n, sizeof(*best)), sum, x;
	size_t c, i, pick = (size_t)(nt_ner_rnd(st) % n), q;

	for (i = 0; i < n; i++)
		best[i] = -1;
	for (c = 0; c < k; c++) {
		size_t r = rows[pick];

		for (q = v->off[r]; q < v->off[r + 1]; q++) {
			dense[v->dim[q]] = v->val[q];
			cent[(size_t)v->dim[q] * k + c] = v->val[q];
		}
		sum = 0;
		for (i = 0; i < n; i++) {
			x = dot_dense(v, rows[i], dense);
			if (x > best[i])
				best[i] = x;
			sum += (1 - best[i]) * (1 - best[i]);
		}
		for (q = v->off[r]; q < v->off[r + 1]; q++)
			dense[v->dim[q]] = 0;
		x = sum * (double)(nt_ner_rnd(st) >> 11) / 9007199254740992.0;
		for (pick = 0; pick + 1 < n; pick++) {
			x -= (1 - best[pick]) * (1 - best[pick]);
			if (x <= 0)
				break;
		}
	}
	free(dense);
	free(best);
}

static void
assign(const struct vec *v, const uint32_t *rows, size_t n, const float *cent,
    size_t k, uint8_t *lab, float *sc)
{
	size_t i, q, c, best;
	const float *col;

	for (i = 0; i < n; i++) {
		memset(sc, 0, k * sizeof(*sc));
		for (q = v->off[rows[i]]; q < v->off[rows[i] + 1]; q++) {
			col = cent + (size_t)v->dim[q] * k;
			for (c = 0; c < k; c++)
				sc[c] += v->val[q] * col[c];
		}
		for (best = 0, c = 1; c < k; c++)
			if (sc[c] > sc[best])
				best = c;
		lab[i] = (uint8_t)best;
	}
}

static void
recentre(const struct vec *v, const uint32_t *rows, size_t n,
    const uint8_t *lab, size_t k, float *cent, double *norm)
{
	size_t i, q, c, d;

	memset(cent, 0, (size_t)DIMS * k * sizeof(*cent));
	memset(norm, 0, k * sizeof(*norm));
	for (i = 0; i < n; i++)
		for (q = v->off[rows[i]]; q < v->off[rows[i] + 1]; q++)
			cent[(size_t)v->dim[q] * k + lab[i]] += v->val[q];
	for (d = 0; d < DIMS; d++)
		for (c = 0; c < k; c++)
			norm[c] += (double)cent[d * k + c] * cent[d * k + c];
	for (c = 0; c < k; c++)
		norm[c] = norm[c] > 0 ? 1 / sqrt(norm[c]) : 0;
	for (d = 0; d < DIMS; d++)
		for (c = 0; c < k; c++)
			cent[d * k + c] = (float)(cent[d * k + c] * norm[c]);
}

/* Cluster rows[0..n) into k groups: labels into lab. */
static void
kmeans(const struct vec *v, const uint32_t *rows, size_t n, size_t k,
    unsigned iters, uint64_t *st, uint8_t *lab)
{
	float *cent, *sc;
	double *norm;
	unsigned it;

	if (n <= k) {
		for (it = 0; it < n; it++)
			lab[it] = (uint8_t)it;
		return;
	}
	cent = nt_ecalloc((size_t)DIMS * k, sizeof(*cent));
	sc = nt_ecalloc(k, sizeof(*sc));
	norm = nt_ecalloc(k, sizeof(*norm));
	seed_centres(v, rows, n, k, cent, st);
	for (it = 0; it < iters; it++) {
		assign(v, rows, n, cent, k, lab, sc);
		recentre(v, rows, n, lab, k, cent, norm);
	}
	assign(v, rows, n, cent, k, lab, sc);
	free(cent);
	free(sc);
	free(norm);
}

static void
write_tsv(const struct nt_clus *c, const uint32_t *rowword, size_t nrow,
    const uint8_t *l1, const uint8_t *l2, unsigned k2, struct nt_buf *out)
{
	size_t r;

	nt_buf_reset(out);
	nt_buf_adds(out, "# word clusters for nentities "
	    "(nentities-train --make-clusters): word, coarse, fine\n");
	for (r = 0; r < nrow; r++) {
		const struct vword *w = &c->w[rowword[r]];

		nt_buf_add(out, c->strs.p + w->off, w->len);
		nt_buf_printf(out, "\t%u\t%u\n", l1[r] + 1u,
		    (unsigned)l1[r] * k2 + l2[r] + 1u);
	}
}

void
nt_clus_build(struct nt_clus *c, unsigned mincount, unsigned k1, unsigned k2,
    FILE *log, struct nt_buf *out)
{
	uint32_t *order, *ctx, *row, *rowword, *rows, *sub;
	uint8_t *l1, *l2, *ls;
	uint64_t *p, st = 1;
	size_t i, nrow, np, g, ns;
	struct vec v;

	order = nt_ecalloc(c->nw + 1, sizeof(*order));
	ctx = nt_ecalloc(c->nw + 1, sizeof(*ctx));
	row = nt_ecalloc(c->nw + 1, sizeof(*row));
	rowword = nt_ecalloc(c->nw + 1, sizeof(*rowword));
	for (i = 0; i < c->nw; i++)
		order[i] = (uint32_t)i;
	qsort_r(order, c->nw, sizeof(*order), by_count, c->w);
	ranks(c, order, mincount, ctx, row, rowword, &nrow);
	p = pairs(c, ctx, row, &np);
	vectors(c, rowword, nrow, p, np, &v);
	free(p);
	if (log != NULL)
		fprintf(log, "%zu tokens, %zu words, %zu clustered\n", c->nseq,
		    c->nw, nrow);
	rows = nt_ecalloc(nrow + 1, sizeof(*rows));
	sub = nt_ecalloc(nrow + 1, sizeof(*sub));
	l1 = nt_ecalloc(nrow + 1, 1);
	l2 = nt_ecalloc(nrow + 1, 1);
	ls = nt_ecalloc(nrow + 1, 1);
	for (i = 0; i < nrow; i++)
		rows[i] = (uint32_t)i;
	kmeans(&v, rows, nrow, k1, 12, &st, l1);
	for (g = 0; g < k1; g++) {
		for (i = 0, ns = 0; i < nrow; i++)
			if (l1[i] == g)
				sub[ns++] = (uint32_t)i;
		kmeans(&v, sub, ns, k2, 10, &st, ls);
		for (i = 0; i < ns; i++)
			l2[sub[i]] = ls[i];
	}
	write_tsv(c, rowword, nrow, l1, l2, k2, out);
	vec_free(&v);
	free(order);
	free(ctx);
	free(row);
	free(rowword);
	free(rows);
	free(sub);
	free(l1);
	free(l2);
	free(ls);
}
