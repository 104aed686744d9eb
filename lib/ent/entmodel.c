/*
 * entmodel: the model file (nentities-model(5)), and tagging a document
 * with a loaded model (see entml.h).
 *
 * The file is mapped read-only and used in place: a header, the
 * transition weights, then an open-addressing table of features, each
 * slot 24 bytes: a 32-bit fingerprint and the nine label weights side by
 * side as 16-bit integers times one scale, so a feature costs one probe
 * of one cache line (a slot is where the low half of the feature's hash
 * falls in the table, scaled, so the table need not be a power of two
 * long); then the word clusters (64-bit word hash, two 16-bit ids).
 * All numbers are little-endian.
 *
 * Looking features up is most of the model's time, and nearly all of it
 * waiting for memory: a token's slots are all asked for (prefetched)
 * before the first is read, so the waits overlap.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ent/entml.h"
#include "core/json.h"
#include "core/util.h"

#define ML_MAGIC	"NTNERMD\n"
#define ML_VERSION	2
#define SLOT		24		/* bytes per feature slot */
#define SLOTW		2		/* int16 offset of the weights */
/* Bump when entfeat.c computes a feature differently. */
#define ML_FEATSET	3
#define HDR_SIZE	40
_Static_assert(ML_NL == 9, "sum() adds nine labels");
#define TR_N		((ML_NL + 1) * ML_NL)
#define TR_OFF		HDR_SIZE
#define TAB_OFF		(TR_OFF + TR_N * 4)

struct ml_model {
	void		*map;
	size_t		 maplen;
	const unsigned char *ftab;	/* nslots slots of SLOT bytes */
	size_t		 nslots;
	float		 scale;
	float		 tr[TR_N];
	struct ml_clus	 clus;
};

static uint32_t
rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static float
rdf(const unsigned char *p)
{
	uint32_t u = rd32(p);
	float f;

	memcpy(&f, &u, sizeof(f));
	return f;
}

static int
little_endian(void)
{
	uint16_t x = 1;

	return *(unsigned char *)&x == 1;
}

/* Check the header and lay the tables over the mapped bytes. */
static int
lay_out(struct ml_model *m, const char *path, struct nt_buf *err)
{
	const unsigned char *p = m->map;
	uint32_t fslots, cslots, k;
	size_t need;

	if (m->maplen < TAB_OFF || memcmp(p, ML_MAGIC, 8) != 0) {
		nt_buf_printf(err, "%s: not an nentities model", path);
		return -1;
	}
	if (rd32(p + 8) != ML_VERSION || rd32(p + 12) != ML_FEATSET ||
	    rd32(p + 16) != ML_NL) {
		nt_buf_printf(err, "%s: a model of another version or feature "
		    "set (retrain it with nentities-train)", path);
		return -1;
	}
	fslots = rd32(p + 20);
	cslots = rd32(p + 24);
	m->scale = rdf(p + 32);
	need = (size_t)TAB_OFF + (size_t)fslots * SLOT;
	need += (size_t)cslots * sizeof(struct ml_cslot);
	if (fslots < 64 ||
	    need != m->maplen || !isfinite(m->scale)) {
		nt_buf_printf(err, "%s: a damaged model (sizes do not add up)",
		    path);
		return -1;
	}
	for (k = 0; k < TR_N; k++)
		m->tr[k] = rdf(p + TR_OFF + 4 * k);
	ml_mask(m->tr, m->tr);
	m->ftab = p + TAB_OFF;
	m->nslots = fslots;
	if (cslots != 0) {
		size_t coff = TAB_OFF + (size_t)fslots * SLOT;

		m->clus.s = (struct ml_cslot *)(uintptr_t)(p + coff);
		m->clus.n = cslots;
	}
	return 0;
}

struct ml_model *
ml_model_load(const char *path, struct nt_buf *err)
{
	struct ml_model *m;
	struct stat st;
	int fd;

	nt_buf_reset(err);
	if (!little_endian()) {
		nt_buf_printf(err, "%s: model files are little-endian", path);
		return NULL;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		nt_buf_printf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || st.st_size <= 0) {
		nt_buf_printf(err, "%s: not an nentities model", path);
		close(fd);
		return NULL;
	}
	m = nt_ecalloc(1, sizeof(*m));
	m->maplen = (size_t)st.st_size;
	m->map = mmap(NULL, m->maplen, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m->map == MAP_FAILED) {
		nt_buf_printf(err, "%s: %s", path, strerror(errno));
		free(m);
		return NULL;
	}
	if (lay_out(m, path, err) < 0) {
		ml_model_free(m);
		return NULL;
	}
	return m;
}

void
ml_model_free(struct ml_model *m)
{
	if (m == NULL)
		return;
	if (m->map != NULL && m->map != MAP_FAILED)
		munmap(m->map, m->maplen);
	free(m);
}

const struct ml_clus *
ml_model_clus(const struct ml_model *m)
{
	return &m->clus;
}

/* --- writing ----------------------------------------------------------- */

static void
put32(struct nt_buf *b, uint32_t v)
{
	unsigned char c[4] = { (unsigned char)v, (unsigned char)(v >> 8),
	    (unsigned char)(v >> 16), (unsigned char)(v >> 24) };

	nt_buf_add(b, c, 4);
}

static void
putf(struct nt_buf *b, float f)
{
	uint32_t u;

	memcpy(&u, &f, sizeof(u));
	put32(b, u);
}

static uint32_t
fingerprint(uint64_t h)
{
	return (uint32_t)(h >> 32) | 1;
}


/* The feature table: a fingerprint and the quantised weights a slot. */
static void
put_features(struct nt_buf *b, const uint64_t *key, const float *w,
    size_t nf, size_t fslots, float scale)
{
	uint32_t *fk = nt_ecalloc(fslots, sizeof(*fk));
	int16_t *fw = nt_ecalloc(fslots * ML_NL, sizeof(*fw));
	size_t i, j, l;
	long q;

	for (i = 0; i < nf; i++) {
		for (j = ml_home(key[i], fslots); fk[j] != 0 &&
		    fk[j] != fingerprint(key[i]); j = j + 1 == fslots ? 0 : j + 1)
			;
		fk[j] = fingerprint(key[i]);
		for (l = 0; l < ML_NL; l++) {
			q = lroundf(w[i * ML_NL + l] / scale) + fw[j * ML_NL + l];
			fw[j * ML_NL + l] = (int16_t)(q > 32767 ? 32767 :
			    q < -32767 ? -32767 : q);
		}
	}
	for (j = 0; j < fslots; j++) {
		put32(b, fk[j]);
		for (l = 0; l < ML_NL; l++) {
			uint16_t u = (uint16_t)fw[j * ML_NL + l];

			nt_buf_addc(b, (int)(u & 0xff));
			nt_buf_addc(b, (int)(u >> 8));
		}
		nt_buf_add(b, "\0\0", 2);
	}
	free(fk);
	free(fw);
}

static void
put_clusters(struct nt_buf *b, const struct ml_clus *c)
{
	size_t j, k;

	for (j = 0; c->s != NULL && j < c->n; j++) {
		for (k = 0; k < 8; k++)
			nt_buf_addc(b, (int)(unsigned char)(c->s[j].key >> (8 * k)));
		for (k = 0; k < 2; k++) {
			nt_buf_addc(b, (int)(c->s[j].c[k] & 0xff));
			nt_buf_addc(b, (int)(c->s[j].c[k] >> 8));
		}
		nt_buf_add(b, "\0\0\0\0", 4);
	}
}

void
ml_model_write(struct nt_buf *b, const uint64_t *key, const float *w,
    size_t nf, const float *tr, const struct ml_clus *c)
{
	size_t fslots = nf + nf / 3 + 64, i;
	float maxw = 0, scale;

	for (i = 0; i < nf * ML_NL; i++)
		if (fabsf(w[i]) > maxw)
			maxw = fabsf(w[i]);
	scale = maxw > 0 ? maxw / 32000.0f : 1.0f;
	nt_buf_reset(b);
	nt_buf_add(b, ML_MAGIC, 8);
	put32(b, ML_VERSION);
	put32(b, ML_FEATSET);
	put32(b, ML_NL);
	put32(b, (uint32_t)fslots);
	put32(b, c->s != NULL ? (uint32_t)c->n : 0);
	put32(b, 0);
	putf(b, scale);
	put32(b, 0);
	for (i = 0; i < TR_N; i++)
		putf(b, tr[i]);
	put_features(b, key, w, nf, fslots, scale);
	put_clusters(b, c);
}

/* --- tagging ----------------------------------------------------------- */

/*
 * The summed weights of the features of a spelling (ml_word_key), and
 * of a neighbour's (ml_side_key): news repeats its names, and the words
 * around them are mostly the commonest words; a hit saves a third of a
 * token's lookups, or a sixth.
 */
#define WC_SIZE	8192
#define SC_SIZE	2048
struct wcache {
	uint64_t	 key;		/* 0 empty */
	int32_t		 w[ML_NL];
};

struct ml_run {
	struct ml_doc	 md;
	/*
	 * ML_NL emission scores a token, and the Viterbi's own tables: for
	 * one segment of candidates at a time (a segment's first token at
	 * 0), or for every token of the document when --explain reads them
	 * afterwards.  Per token they were 81 bytes of every document.
	 */
	float		*em;
	float		*dp;
	uint8_t		*back;
	size_t		 segcap;
	long		*ridx;		/* a retired rule name starting here */
	uint8_t		*hv;		/* the history value each token saw */
	size_t		 cap;
	uint64_t	 f[ML_MAXF];
	struct wcache	*wc;		/* WC_SIZE */
	struct wcache	*sc[2];		/* SC_SIZE each: before, after */
};

struct ml_run *
ml_run_new(void)
{
	struct ml_run *r = nt_ecalloc(1, sizeof(*r));

	r->wc = nt_ecalloc(WC_SIZE, sizeof(*r->wc));
	r->sc[0] = nt_ecalloc(SC_SIZE, sizeof(*r->sc[0]));
	r->sc[1] = nt_ecalloc(SC_SIZE, sizeof(*r->sc[1]));
	return r;
}

void
ml_run_free(struct ml_run *r)
{
	if (r == NULL)
		return;
	ml_doc_free(&r->md);
	free(r->em);
	free(r->dp);
	free(r->back);
	free(r->ridx);
	free(r->hv);
	free(r->wc);
	free(r->sc[0]);
	free(r->sc[1]);
	free(r);
}

/*
 * The weights of feature h, or NULL.  The slot is 4-byte aligned (the
 * map is page aligned, the table starts at a multiple of 8 and slots are
 * 24 bytes), so its fields can be read in place.
 */
static inline const int16_t *
weights(const struct ml_model *m, uint64_t h)
{
	uint32_t fp = fingerprint(h);
	const uint32_t *slot;
	size_t j = ml_home(h, m->nslots), k;

	/* bounded, so that a damaged file with no empty slot still ends */
	for (k = 0; k < m->nslots; k++) {
		slot = (const uint32_t *)(const void *)(m->ftab + j * SLOT);
		if (*slot == fp)
			return (const int16_t *)(const void *)slot + SLOTW;
		if (*slot == 0)
			return NULL;
		j = j + 1 == m->nslots ? 0 : j + 1;
	}
	return NULL;
}

/* Add the weights of features f[0..nf) to acc, their lookups overlapped. */
static void
sum(const struct ml_model *m, const uint64_t *f, size_t nf, int32_t *acc)
{
	const int16_t *w;
	int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0,
	    a7 = 0, a8 = 0;
	size_t k;

	for (k = 0; k < nf; k++)
		__builtin_prefetch(m->ftab + ml_home(f[k], m->nslots) * SLOT);
	/* nine sums in registers: ML_NL is 9 */
	for (k = 0; k < nf; k++) {
		if ((w = weights(m, f[k])) == NULL)
			continue;
		a0 += w[0];
		a1 += w[1];
		a2 += w[2];
		a3 += w[3];
		a4 += w[4];
		a5 += w[5];
		a6 += w[6];
		a7 += w[7];
		a8 += w[8];
	}
	acc[0] += a0;
	acc[1] += a1;
	acc[2] += a2;
	acc[3] += a3;
	acc[4] += a4;
	acc[5] += a5;
	acc[6] += a6;
	acc[7] += a7;
	acc[8] += a8;
}

/* The summed weights of one part of token i's features, cached. */
static const int32_t *
cached(struct ml_run *r, const struct ml_model *m, const struct ent_doc *d,
    size_t i, struct wcache *c, uint64_t key, unsigned part)
{
	size_t nf;

	if (c->key != key) {
		nf = ml_feats(&r->md, d, &m->clus, i, r->f, NULL, part);
		memset(c->w, 0, sizeof(c->w));
		sum(m, r->f, nf, c->w);
		c->key = key;
	}
	return c->w;
}

static void
emission(struct ml_run *r, const struct ml_model *m,
    const struct ent_doc *d, size_t i, float *em)
{
	int32_t acc[ML_NL] = { 0 };
	uint64_t kw = ml_word_key(d, i) | 1, kl = ml_side_key(d, i, -1),
	    kr = ml_side_key(d, i, 1);
	const int32_t *w, *wl, *wr;
	size_t nf;
	unsigned l;

	w = cached(r, m, d, i, &r->wc[(kw >> 40) & (WC_SIZE - 1)], kw,
	    ML_FWORD);
	wl = cached(r, m, d, i, &r->sc[0][(kl >> 40) & (SC_SIZE - 1)], kl,
	    ML_FLEFT);
	wr = cached(r, m, d, i, &r->sc[1][(kr >> 40) & (SC_SIZE - 1)], kr,
	    ML_FRIGHT);
	nf = ml_feats(&r->md, d, &m->clus, i, r->f, NULL, ML_FCTX);
	sum(m, r->f, nf, acc);
	for (l = 0; l < ML_NL; l++)
		em[l] = (float)(acc[l] + w[l] + wl[l] + wr[l]) * m->scale;
}

static void
run_grow(struct ml_run *r, size_t n)
{
	if (n <= r->cap)
		return;
	r->cap = n + n / 2;
	r->ridx = nt_ereallocarray(r->ridx, r->cap, sizeof(*r->ridx));
	r->hv = nt_erealloc(r->hv, r->cap);
}

static void
seg_grow(struct ml_run *r, size_t n)
{
	if (n <= r->segcap)
		return;
	r->segcap = n + n / 2;
	r->em = nt_ereallocarray(r->em, r->segcap, ML_NL * sizeof(*r->em));
	r->dp = nt_ereallocarray(r->dp, r->segcap, ML_NL * sizeof(*r->dp));
	r->back = nt_ereallocarray(r->back, r->segcap, ML_NL);
}

/*
 * Label every segment of candidates, left to right; with whole, keep
 * every token's scores (at its own index) for explain.
 */
static void
decode(struct ml_run *r, const struct ml_model *m, const struct ent_doc *d,
    int whole)
{
	size_t i, j, k, at;

	if (whole)
		seg_grow(r, d->tk.n);
	for (i = 0; i < d->tk.n; i++) {
		if (!(r->md.st[i] & MS_CAND))
			continue;
		j = ml_segend(&r->md, d, i);
		at = whole ? i : 0;
		seg_grow(r, at + j - i);
		for (k = i; k < j; k++) {
			r->hv[k] = (uint8_t)ml_hist_get(&r->md, d->tk.t[k].h);
			emission(r, m, d, k, r->em + (at + k - i) * ML_NL);
		}
		ml_viterbi(r->em + at * ML_NL, j - i, m->tr, r->back, r->dp,
		    r->md.lab + i);
		for (k = i; k < j; k++)
			ml_hist_add(&r->md, d->tk.t[k].h, r->md.lab[k]);
		i = j - 1;
	}
}

/* The gazetteer entry for exactly the tokens [tb, te) of type, or NULL. */
static const struct nt_gaz_ent *
exact(const struct ent_doc *d, size_t tb, size_t te, uint32_t type,
    size_t from)
{
	const struct nt_gaz_ent *e, *base;
	uint32_t node = d->node[tb];
	size_t k;

	if (nt_gaz_nnames(d->gaz) == 0)
		return NULL;
	base = nt_gaz_ent(d->gaz, 0);

	for (k = tb + 1; k < te && node != 0; k++)
		node = nt_gaz_next(d->gaz, node, d->tk.t[k].h);
	if (node == 0)
		return NULL;
	for (e = nt_gaz_first(d->gaz, node); e != NULL;
	    e = nt_gaz_ent(d->gaz, e->next))
		if (e->type == type && (size_t)(e - base) >= from)
			return e;
	return NULL;
}

/*
 * The rules' names go, but for those a user gazetteer gave; what stays
 * (user names, dates, times, money, percentages) blocks the model's
 * names over the same tokens.
 */
static void
retire_rules(struct ml_run *r, struct ent_doc *d, size_t user0)
{
	size_t i, k;
	struct ent *e;
	int block;

	for (i = 0; i < d->tk.n; i++)
		r->ridx[i] = -1;
	for (i = 0; i < d->ne; i++) {
		e = &d->e[i];
		if (e->dead)
			continue;
		if (e->type >= NT_ET_BUILTIN)
			block = 1;
		else if (ml_typeof(e->type) >= 0) {
			block = e->strong && exact(d, e->tb, e->te, e->type,
			    user0) != NULL;
			if (!block) {
				e->dead = 2;	/* retired, its norm reusable */
				r->ridx[e->tb] = (long)i;
			}
		} else
			block = e->type == NT_ET_DATE || e->type == NT_ET_TIME ||
			    e->type == NT_ET_MONEY || e->type == NT_ET_PERCENT;
		if (block)
			for (k = e->tb; k < e->te; k++)
				r->md.st[k] |= MS_BLOCK;
	}
}

/* A norm for a new name: a retired rule name's, or the gazetteer's. */
static long
norm_for(const struct ml_run *r, struct ent_doc *d, size_t tb, size_t te,
    uint32_t type)
{
	const struct nt_gaz_ent *g;
	const char *s;
	long i = r->ridx[tb];

	if (i >= 0 && d->e[i].te == te && d->e[i].type == type)
		return d->e[i].norm;
	if ((g = exact(d, tb, te, type, 0)) != NULL &&
	    (s = nt_gaz_str(d->gaz, g->norm)) != NULL)
		return ent_str(d, s, strlen(s));
	return -1;
}

/*
 * Is every word of [a, b) one the lexicon says is never a name on its
 * own ("Live Briefing", "Source")?  Such a span is no name, whatever
 * the model thinks of the programme it might be.
 */
static int
only_notname(const struct ent_doc *d, size_t a, size_t b)
{
	size_t k;

	for (k = a; k < b; k++)
		if (d->tk.t[k].kind == NT_TOK_WORD &&
		    !(d->cls[k] & NT_GC_NOTNAME))
			return 0;
	return 1;
}

/*
 * The places a gazetteer knows inside the model's organisations and
 * other names ("United States" in "United States Navy") are places too,
 * as the rules always had them.
 */
static void
nested_places(struct ml_run *r, struct ent_doc *d, size_t from)
{
	size_t i, k, j, n = d->ne;
	uint32_t type;
	struct ent *e;
	long norm;

	for (i = from; i < n; i++) {
		type = d->e[i].type;
		/*
		 * Only an institution's name ("... Navy", "University of
		 * ..."), not a club's: "Manchester" is no place in
		 * "Manchester United".
		 */
		if (type != NT_ET_ORG || !((d->cls[d->e[i].te - 1] &
		    NT_GC_ORGSUF) || (d->cls[d->e[i].tb] & NT_GC_ORGPRE)))
			continue;
		for (k = d->e[i].tb; k < d->e[i].te; k++) {
			if (r->md.gz[k] != 1 + 2 * 2)	/* B-location */
				continue;
			for (j = k + 1; j < d->e[i].te && r->md.gz[j] == 1 + 2 * 2 + 1;
			    j++)
				;
			if ((k == d->e[i].tb && j == d->e[i].te) ||
			    (j < d->tk.n && r->md.gz[j] == 1 + 2 * 2 + 1))
				break;	/* the whole name, or a place going on */
			norm = norm_for(r, d, k, j, NT_ET_LOC);
			e = ent_add(d, NT_ET_LOC, k, j);
			e->norm = norm;
			e->strong = 1;
			k = j - 1;
		}
	}
}

static void explain(struct ml_run *, const struct ml_model *,
    struct ent_doc *, size_t);

void
ml_tag(struct ml_run *r, const struct ml_model *m, struct ent_doc *d,
    size_t user0, int expl)
{
	size_t i, j, k, ne0 = d->ne;
	struct ent *e;
	unsigned t;
	int blocked;

	run_grow(r, d->tk.n);
	ml_prepare(&r->md, d);
	decode(r, m, d, expl);
	retire_rules(r, d, user0);
	for (i = 0; i < d->tk.n; i++) {
		if (!L_ISB(r->md.lab[i]))
			continue;
		t = L_TYPE(r->md.lab[i]);
		for (j = i + 1; j < d->tk.n && r->md.lab[j] == L_I(t); j++)
			;
		blocked = only_notname(d, i, j);
		for (k = i; k < j; k++)
			blocked |= r->md.st[k] & MS_BLOCK;
		if (!blocked) {
			long norm = norm_for(r, d, i, j, ml_type(t));

			e = ent_add(d, ml_type(t), i, j);
			e->norm = norm;
			e->strong = 1;
			if (expl)
				explain(r, m, d, d->ne - 1);
		}
		i = j - 1;
	}
	for (i = 0; i < ne0; i++)
		if (d->e[i].dead == 2)
			d->e[i].dead = 1;
	nested_places(r, d, ne0);
}

/* --- explanations ------------------------------------------------------ */

/* One feature's pull towards a name's labels, for --explain. */
struct pull {
	const char	*name;		/* in the run's names buffer */
	float		 w;
};

static int
by_name(const void *a, const void *b)
{
	const struct pull *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static int
by_pull(const void *a, const void *b)
{
	const struct pull *x = a, *y = b;

	if (x->w != y->w)
		return x->w > y->w ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * The margin of a name's type: the emission scores of its labels minus
 * those of the best other type with the same span, or of O throughout;
 * and its features that pushed hardest towards its labels.
 */
static void
explain(struct ml_run *r, const struct ml_model *m, struct ent_doc *d,
    size_t ei)
{
	struct nt_buf js = NT_BUF_INIT, names = NT_BUF_INIT;
	struct nt_jw jw;
	const struct ent *e = &d->e[ei];
	const int16_t *w;
	const char *nm;
	struct pull *pl = NULL;
	float s[ML_NTYPE + 1] = { 0 }, alt = -1e30f;
	size_t k, f, nf, np = 0, q, *off = NULL, noff = 0;
	unsigned t, mine = (unsigned)ml_typeof(e->type), l;

	/* every feature of every token, names kept side by side */
	for (k = e->tb; k < e->te; k++) {
		const float *em = r->em + k * ML_NL;

		for (t = 0; t < ML_NTYPE; t++)
			s[t] += em[k == e->tb ? L_B(t) : L_I(t)];
		s[ML_NTYPE] += em[L_O];
		l = k == e->tb ? L_B(mine) : L_I(mine);
		nf = ml_feats(&r->md, d, &m->clus, k, r->f, &r->md.names,
		    ML_FALL);
		pl = nt_ereallocarray(pl, np + nf + 1, sizeof(*pl));
		off = nt_ereallocarray(off, noff + nf + 1, sizeof(*off));
		/* the history as it was when the token was tagged */
		r->f[0] = ml_hist_feat(r->hv[k]);
		for (f = 0, nm = r->md.names.p; f < nf; f++, nm += strlen(nm) + 1) {
			if ((w = weights(m, r->f[f])) == NULL || w[l] == 0)
				continue;
			off[noff++] = names.len;
			if (f == 0)
				nt_buf_printf(&names, "hist=%s%c",
				    ml_hist_name(r->hv[k]), 0);
			else
				nt_buf_add(&names, nm, strlen(nm) + 1);
			pl[np++].w = (float)w[l] * m->scale;
		}
	}
	for (q = 0; q < np; q++)
		pl[q].name = names.p + off[q];
	/* the same feature on several tokens pulls once, with the sum */
	qsort(pl, np, sizeof(*pl), by_name);
	for (q = 0, k = 0; q < np; q++) {
		if (k > 0 && strcmp(pl[k - 1].name, pl[q].name) == 0)
			pl[k - 1].w += pl[q].w;
		else
			pl[k++] = pl[q];
	}
	np = k;
	qsort(pl, np, sizeof(*pl), by_pull);
	for (t = 0; t <= ML_NTYPE; t++)
		if (t != mine && s[t] > alt)
			alt = s[t];
	nt_jw_init(&jw, &js);
	nt_jw_obj(&jw);
	nt_jw_key(&jw, "margin");
	nt_jw_double(&jw, round((s[mine] - alt) * 1000) / 1000);
	nt_jw_key(&jw, "features");
	nt_jw_arr(&jw);
	for (q = 0; q < np && q < 5; q++) {
		nt_jw_arr(&jw);
		nt_jw_strz(&jw, pl[q].name);
		nt_jw_double(&jw, round(pl[q].w * 1000) / 1000);
		nt_jw_end(&jw);
	}
	nt_jw_end(&jw);
	nt_jw_end(&jw);
	d->e[ei].expl = ent_str(d, js.p, js.len);
	nt_buf_free(&js);
	nt_buf_free(&names);
	free(pl);
	free(off);
}
