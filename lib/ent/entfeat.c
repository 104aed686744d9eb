/*
 * entfeat: which tokens the learned recogniser scores, and their
 * features (see entml.h).  Training and tagging call the same code, so a
 * feature changed here changes both; a model trained before such a
 * change must be retrained (ML_FEATSET in entmodel.c says which feature
 * set a model file was trained with).
 *
 * The features of a candidate token, each a template and a value:
 *   of the word alone (the same wherever it stands, so a run caches
 *   their sum by spelling): bias; the word as written and folded; its
 *   shape (Xx, XX, X.X., dd, runs collapsed); prefixes of 2 and 3 and
 *   suffixes of 2, 3 and 4 bytes (ASCII letters lowered); each lexicon
 *   class of the word (given name, title, word that ends an
 *   organisation...); its coarse and fine word cluster; its length;
 *   of where it stands: the label the model gave the same word earlier
 *   in the document (first, see ml_hist_get); the folded words one and
 *   two tokens away on either side; the neighbours' shapes; its position (first word of a
 *   sentence, of a line, of a paragraph, in a line set in capitals, in
 *   a headline, in a quotation) alone and with its shape; its lexicon
 *   classes with the sentence start, and its neighbours'; the
 *   gazetteer name it and its neighbours are part of (type, first or
 *   inside); the neighbours' clusters; whether the same word is written
 *   in lower case elsewhere in the document; the rule recogniser's
 *   label, alone and with the shape.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* inlined: a feature hash is a few instructions, not a call */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "ent/entml.h"
#include "core/io.h"
#include "core/util.h"

/* Templates: the seed of each feature's hash, and its name. */
enum {
	F_BIAS, F_W, F_LW, F_SH, F_P2, F_P3, F_S2, F_S3, F_S4, F_WM1, F_WP1,
	F_WM2, F_WP2, F_SHM, F_SHP, F_POS, F_CLS, F_CLSB,
	F_CLSM, F_CLSP, F_GZ, F_GZM, F_GZP, F_C1, F_C2, F_C1M, F_C1P, F_C2M,
	F_C2P, F_LOW, F_HIST, F_RULE, F_LEN, F_SHPOS, F_RULESH,
	F_NTEMPL
};

static const char *const tname[F_NTEMPL] = {
	"bias", "w", "lw", "shape", "p2", "p3", "s2", "s3", "s4", "w-1",
	"w+1", "w-2", "w+2", "shape-1", "shape+1", "pos",
	"cls", "clsbit", "cls-1", "cls+1", "gaz", "gaz-1", "gaz+1", "c1",
	"c2", "c1-1", "c1+1", "c2-1", "c2+1", "lowseen", "hist", "rule",
	"len", "shape|pos", "rule|shape"
};

/* Lexicon classes that are evidence; the rest say how the trie goes on. */
#define CLSMASK	(NT_GC_WORD | NT_GC_FUNC | NT_GC_FIRST | NT_GC_LAST | \
	NT_GC_TITLE | NT_GC_ORGSUF | NT_GC_LOCSUF | NT_GC_DEMONYM | \
	NT_GC_ORGPRE | NT_GC_NOTNAME | NT_GC_PARTICLE | NT_GC_MEDIA | \
	NT_GC_SAY | NT_GC_LOCPRE)

struct hist {
	uint64_t	 h;		/* 0: empty */
	uint8_t	 	 n[ML_NTYPE + 1];	/* times labelled O, then by type */
	uint8_t		 low;		/* seen in lower case */
};

static const uint32_t mltypes[ML_NTYPE] = {
	NT_ET_PERSON, NT_ET_ORG, NT_ET_LOC, NT_ET_MISC
};

static const char *const histname[ML_NTYPE + 2] = {
	"unseen", "person", "organization", "location", "misc", "O"
};

static const char *const lnames[ML_NL] = {
	"O", "B-person", "I-person", "B-organization", "I-organization",
	"B-location", "I-location", "B-misc", "I-misc"
};

uint32_t
ml_type(unsigned t)
{
	return mltypes[t];
}

int
ml_typeof(uint32_t type)
{
	unsigned t;

	for (t = 0; t < ML_NTYPE; t++)
		if (mltypes[t] == type)
			return (int)t;
	return -1;
}

const char *
ml_label_name(unsigned l)
{
	return l < ML_NL ? lnames[l] : "?";
}

/* --- clusters ---------------------------------------------------------- */

void
ml_clus_get(const struct ml_clus *c, uint64_t h, uint16_t *out)
{
	size_t j, k;

	out[0] = out[1] = 0;
	if (c->s == NULL || h == 0)
		return;
	for (j = ml_home(h, c->n), k = 0; k < c->n && c->s[j].key != 0; k++) {
		if (c->s[j].key == h) {
			out[0] = c->s[j].c[0];
			out[1] = c->s[j].c[1];
			return;
		}
		j = j + 1 == c->n ? 0 : j + 1;
	}
}

static void
clus_put(struct ml_clus *c, uint64_t h, uint16_t a, uint16_t b)
{
	size_t j;

	for (j = ml_home(h, c->n); c->s[j].key != 0 && c->s[j].key != h;
	    j = j + 1 == c->n ? 0 : j + 1)
		;
	if (c->s[j].key == h)
		return;		/* the first (most frequent) line wins */
	c->s[j].key = h;
	c->s[j].c[0] = a;
	c->s[j].c[1] = b;
}

static int
clus_line(struct ml_clus *c, const char *p, size_t n, uint16_t *v)
{
	const char *t1, *t2, *end = p + n;
	char *ep;
	unsigned long a, b;

	if ((t1 = memchr(p, '\t', n)) == NULL || t1 == p)
		return -1;
	if ((t2 = memchr(t1 + 1, '\t', (size_t)(end - t1 - 1))) == NULL)
		return -1;
	a = strtoul(t1 + 1, &ep, 10);
	if (ep != t2 || a == 0 || a > 65535)
		return -1;
	b = strtoul(t2 + 1, &ep, 10);
	if (ep != end || b == 0 || b > 65535)
		return -1;
	v[0] = (uint16_t)a;
	v[1] = (uint16_t)b;
	clus_put(c, nt_tok_hash(p, (size_t)(t1 - p)), v[0], v[1]);
	return 0;
}

int
ml_clus_load(struct ml_clus *c, const char *path, struct nt_buf *err)
{
	struct nt_in in;
	char *paths[1];
	const char *line;
	size_t len, nlines = 0;
	uint16_t v[2];
	int rc = 0;

	memset(c, 0, sizeof(*c));
	paths[0] = (char *)(uintptr_t)path;
	/* count first, to size the table once */
	nt_in_init(&in, paths, 1);
	while (nt_in_next(&in, &line, &len))
		nlines++;
	nt_in_free(&in);
	c->n = nlines + nlines / 4 + 16;
	c->s = nt_ecalloc(c->n, sizeof(*c->s));
	c->owned = 1;
	nt_in_init(&in, paths, 1);
	while (nt_in_next(&in, &line, &len)) {
		if (len == 0 || line[0] == '#')
			continue;
		if (clus_line(c, line, len, v) < 0) {
			nt_buf_reset(err);
			nt_buf_printf(err, "%s:%llu: expected "
			    "word<TAB>cluster<TAB>cluster", path,
			    (unsigned long long)in.lineno);
			rc = -1;
			break;
		}
	}
	if (rc == 0 && in.ioerrors) {
		nt_buf_reset(err);
		nt_buf_printf(err, "%s: cannot read", path);
		rc = -1;
	}
	nt_in_free(&in);
	if (rc < 0)
		ml_clus_free(c);
	return rc;
}

void
ml_clus_free(struct ml_clus *c)
{
	if (c == NULL)
		return;
	if (c->owned)
		free(c->s);
	memset(c, 0, sizeof(*c));
}

/* --- the document's tables --------------------------------------------- */

void
ml_doc_free(struct ml_doc *m)
{
	if (m == NULL)
		return;
	free(m->st);
	free(m->gz);
	free(m->rule);
	free(m->lab);
	free(m->hist);
	nt_buf_free(&m->names);
	memset(m, 0, sizeof(*m));
}

static int
capword(const struct nt_tok *t)
{
	return t->kind == NT_TOK_WORD && (t->f & (NT_TF_UPPER1 |
	    NT_TF_ALLCAPS)) && !(t->f & NT_TF_POSS);
}

/* A word or mark that joins two parts of a name: of, the, de, &, -. */
static int
connector(const struct ent_doc *d, size_t i)
{
	const struct nt_tok *t = &d->tk.t[i];
	uint16_t w = d->word[i];

	if (t->kind == NT_TOK_PUNCT)
		return t->cp == '&' || t->cp == '-' || t->cp == '.' ||
		    t->cp == '\'' || t->cp == 0x2019;
	if (t->kind != NT_TOK_WORD)
		return 0;
	if (t->f & NT_TF_POSS)
		return 1;
	return w == W_OF || w == W_THE || w == W_AND || w == W_FOR ||
	    w == W_ON || w == W_AT || w == W_IN ||
	    (d->cls[i] & NT_GC_PARTICLE);
}

static int
sameline(const struct nt_tok *t, size_t i, size_t j)
{
	size_t k;

	for (k = i + 1; k <= j; k++)
		if (t[k].f & NT_TF_NL)
			return 0;
	return 1;
}

/* A number beside a capitalised word: "Leopard 2", "1860 Munich". */
static int
number_beside(const struct nt_tok *t, size_t i, size_t n)
{
	if (!(t[i].kind == NT_TOK_NUM || (t[i].kind == NT_TOK_WORD &&
	    (t[i].f & NT_TF_DIGIT))))
		return 0;
	return (i > 0 && capword(&t[i - 1]) && !(t[i].f & NT_TF_NL)) ||
	    (i + 1 < n && capword(&t[i + 1]) && !(t[i + 1].f & NT_TF_NL));
}

/*
 * How many tokens from i, after a candidate, may go on with the name:
 * a lower-case part glued by a hyphen ("Chi-fung"), the full stop of
 * "Corp." or "Fla.", or one or two joining words before another
 * capitalised word ("Bank of America", "Church of the Holy ...").
 */
static size_t
joins(const struct ent_doc *d, size_t i)
{
	const struct nt_tok *t = d->tk.t;
	size_t n = d->tk.n;

	if (t[i].f & NT_TF_NL)
		return 0;
	if (t[i].kind == NT_TOK_PUNCT && t[i].cp == '-' &&
	    (t[i].f & NT_TF_GLUED) && i + 1 < n &&
	    (t[i + 1].f & NT_TF_GLUED) && t[i + 1].kind == NT_TOK_WORD &&
	    !(t[i + 1].f & NT_TF_NL))
		return 2;
	if (t[i].kind == NT_TOK_PUNCT && t[i].cp == '.' &&
	    (t[i].f & NT_TF_GLUED) && t[i - 1].kind == NT_TOK_WORD &&
	    t[i - 1].len <= 4 && !(t[i - 1].f & NT_TF_ALLCAPS))
		return 1;
	if (!connector(d, i) || i + 1 >= n)
		return 0;
	if (capword(&t[i + 1]) && sameline(t, i, i + 1))
		return 1;
	if (i + 2 < n && connector(d, i + 1) && capword(&t[i + 2]) &&
	    sameline(t, i, i + 2))
		return 2;
	return 0;
}

/*
 * The candidates: capitalised words, but a function word opening a
 * sentence ("The", "But") unless a capitalised word follows, and what
 * number_beside and joins let in.  Returns how many.
 */
static size_t
cands(struct ml_doc *m, const struct ent_doc *d)
{
	const struct nt_tok *t = d->tk.t;
	size_t i, k, n = d->tk.n, nc = 0;

	for (i = 0; i < n; i++)
		m->st[i] = capword(&t[i]) && !((d->tf[i] & TF_SENT) &&
		    (d->cls[i] & NT_GC_FUNC) && !(t[i].f & NT_TF_ALLCAPS) &&
		    !(i + 1 < n && capword(&t[i + 1]) &&
		    !(t[i + 1].f & NT_TF_NL))) ? MS_CAND : 0;
	for (i = 0; i < n; i++) {
		if (m->st[i]) {
			nc++;
			continue;
		}
		if (number_beside(t, i, n)) {
			m->st[i] = MS_CAND;
			nc++;
		} else if (i > 0 && (m->st[i - 1] & MS_CAND) &&
		    (k = joins(d, i)) > 0) {
			for (; k > 0; k--, i++, nc++)
				m->st[i] = MS_CAND;
			i--;
		}
	}
	return nc;
}

static struct hist *
hist_at(const struct ml_doc *m, uint64_t h)
{
	size_t j;

	if (h == 0)
		h = 1;
	for (j = (size_t)h & m->hmask; m->hist[j].h != 0 && m->hist[j].h != h;
	    j = (j + 1) & m->hmask)
		;
	m->hist[j].h = h;
	return &m->hist[j];
}

/* The history table, with the words written in lower case marked. */
static void
hist_reset(struct ml_doc *m, const struct ent_doc *d, size_t ncand)
{
	size_t i, j, n = d->tk.n;
	const struct nt_tok *t = d->tk.t;
	struct hist *h;

	/*
	 * The candidates' words first, then a probe for each word in lower
	 * case: most probes meet an empty slot at once, in a table sized by
	 * the candidates, small enough to stay in cache.
	 */
	ml_hist_clear(m, ncand);
	for (i = 0; i < n; i++)
		if (m->st[i] & MS_CAND)
			(void)hist_at(m, t[i].h);
	for (i = 0; i < n; i++) {
		if (t[i].kind != NT_TOK_WORD || !(t[i].f & NT_TF_LOWER1))
			continue;
		for (j = (size_t)(t[i].h ? t[i].h : 1) & m->hmask;
		    m->hist[j].h != 0; j = (j + 1) & m->hmask)
			if (m->hist[j].h == (t[i].h ? t[i].h : 1)) {
				m->hist[j].low = 1;
				break;
			}
	}
	for (i = 0; i < n; i++)
		if ((m->st[i] & MS_CAND) && (h = hist_at(m, t[i].h))->low)
			m->st[i] |= MS_LOWSEEN;
}

/*
 * The longest gazetteer name of a built-in name type at token i: its
 * end (i when none) and its ML type.
 */
static size_t
gaz_at(const struct ent_doc *d, size_t i, int *type)
{
	const struct nt_tok *t = d->tk.t;
	const struct nt_gaz_ent *e;
	uint32_t node = d->node[i];
	size_t j, best = i;
	int ty;

	if (!(d->cls[i] & (NT_GC_KIDS | NT_GC_ENT)) || !capword(&t[i]))
		return i;
	for (j = i + 1; node != 0; j++) {
		for (e = nt_gaz_first(d->gaz, node); e != NULL;
		    e = nt_gaz_ent(d->gaz, e->next)) {
			if ((e->flags & NT_GE_ACRONYM) &&
			    !(t[i].f & NT_TF_ALLCAPS))
				continue;
			if ((ty = ml_typeof(e->type)) < 0)
				continue;
			if (t[j - 1].kind == NT_TOK_WORD &&
			    !(t[j - 1].f & (NT_TF_UPPER1 | NT_TF_ALLCAPS |
			    NT_TF_DIGIT)))
				continue;
			best = j;
			*type = ty;
			break;
		}
		if (j >= d->tk.n || (t[j].f & NT_TF_NL))
			break;
		node = nt_gaz_next(d->gaz, node, t[j].h);
	}
	return best;
}

static void
gazetteer(struct ml_doc *m, const struct ent_doc *d)
{
	size_t i, j, k;
	int type = 0;

	memset(m->gz, 0, d->tk.n);
	for (i = 0; i < d->tk.n; i++) {
		if (!(m->st[i] & MS_CAND) || (j = gaz_at(d, i, &type)) == i)
			continue;
		for (k = i; k < j; k++)
			m->gz[k] = (uint8_t)(1 + 2 * type + (k > i));
		i = j - 1;
	}
}

static void
rules(struct ml_doc *m, const struct ent_doc *d)
{
	size_t i, k;
	int ty;

	memset(m->rule, L_O, d->tk.n);
	for (i = 0; i < d->ne; i++) {
		if (d->e[i].dead || (ty = ml_typeof(d->e[i].type)) < 0)
			continue;
		for (k = d->e[i].tb; k < d->e[i].te; k++)
			m->rule[k] = (uint8_t)(k == d->e[i].tb ? L_B(ty) :
			    L_I(ty));
	}
}

void
ml_prepare(struct ml_doc *m, const struct ent_doc *d)
{
	size_t n = d->tk.n;

	if (n > m->cap) {
		m->cap = n + n / 2;
		m->st = nt_erealloc(m->st, m->cap);
		m->gz = nt_erealloc(m->gz, m->cap);
		m->rule = nt_erealloc(m->rule, m->cap);
		m->lab = nt_erealloc(m->lab, m->cap);
	}
	if (n == 0)
		return;
	memset(m->lab, L_O, n);
	hist_reset(m, d, cands(m, d));
	gazetteer(m, d);
	rules(m, d);
}

/*
 * The type the model gave this word most often before (1..4), 5 when it
 * was only ever O, 0 when it was not seen.
 */
static unsigned
history(const struct ml_doc *m, uint64_t key)
{
	const struct hist *h;
	size_t j;
	unsigned k, best = 0;

	if (key == 0)
		key = 1;
	for (j = (size_t)key & m->hmask; m->hist[j].h != 0;
	    j = (j + 1) & m->hmask) {
		if (m->hist[j].h != key)
			continue;
		h = &m->hist[j];
		for (k = 1; k <= ML_NTYPE; k++)
			if (h->n[k] > h->n[best])
				best = k;
		return best == 0 && h->n[0] > 0 ? ML_NTYPE + 1 : best;
	}
	return 0;
}

unsigned
ml_hist_get(const struct ml_doc *m, uint64_t h)
{
	return history(m, h);
}

const char *
ml_hist_name(unsigned v)
{
	return v < ML_NTYPE + 2 ? histname[v] : "?";
}

uint64_t
ml_hist_feat(unsigned v)
{
	uint64_t x = v;

	return XXH3_64bits_withSeed(&x, sizeof(x), F_HIST + 1);
}

void
ml_hist_clear(struct ml_doc *m, size_t n)
{
	size_t slots = 64;

	while (slots < 2 * n + 2)
		slots *= 2;
	if (slots > m->hcap) {
		free(m->hist);
		m->hist = nt_ecalloc(slots, sizeof(*m->hist));
		m->hcap = slots;
	} else
		memset(m->hist, 0, slots * sizeof(*m->hist));
	m->hmask = slots - 1;
}

void
ml_hist_add(struct ml_doc *m, uint64_t word, unsigned l)
{
	struct hist *h = hist_at(m, word);
	unsigned k = l == L_O ? 0 : 1 + L_TYPE(l);

	if (h->n[k] < 255)
		h->n[k]++;
}

size_t
ml_segend(const struct ml_doc *m, const struct ent_doc *d, size_t i)
{
	size_t j = i + 1;

	while (j < d->tk.n && (m->st[j] & MS_CAND) &&
	    !(d->tk.t[j].f & NT_TF_NL))
		j++;
	return j;
}

/* --- features ---------------------------------------------------------- */

struct fx {
	uint64_t	*f;
	size_t		 n;
	struct nt_buf	*names;
};

static const struct { uint32_t bit; const char *name; } clsname[] = {
	{ NT_GC_WORD, "word" }, { NT_GC_FUNC, "func" },
	{ NT_GC_FIRST, "first" }, { NT_GC_LAST, "last" },
	{ NT_GC_TITLE, "title" }, { NT_GC_ORGSUF, "orgsuf" },
	{ NT_GC_LOCSUF, "locsuf" }, { NT_GC_DEMONYM, "demonym" },
	{ NT_GC_ORGPRE, "orgpre" }, { NT_GC_NOTNAME, "notname" },
	{ NT_GC_PARTICLE, "particle" }, { NT_GC_MEDIA, "media" },
	{ NT_GC_SAY, "say" }, { NT_GC_LOCPRE, "locpre" },
};

static const char *const posname[] = {
	"sent", "line", "para", "caps", "head", "quote"
};

/* A readable value for --explain, where the value is a code. */
static void
describe(struct nt_buf *b, unsigned tmpl, uint64_t v)
{
	size_t k;
	int any = 0;

	switch (tmpl) {
	case F_CLS: case F_CLSB: case F_CLSM: case F_CLSP:
		for (k = 0; k < sizeof(clsname) / sizeof(clsname[0]); k++)
			if (v & clsname[k].bit) {
				nt_buf_printf(b, "%s%s", any++ ? "+" : "",
				    clsname[k].name);
			}
		if (tmpl == F_CLS && (v >> 32))
			nt_buf_printf(b, "%s|sent", any++ ? "" : "none");
		else if (!any)
			nt_buf_adds(b, "none");
		return;
	case F_GZ: case F_GZM: case F_GZP:
		nt_buf_adds(b, v == 0 ? "none" : ml_label_name(1 + (unsigned)(v - 1)));
		return;
	case F_POS:
		for (k = 0; k < 6; k++)
			if (v & (1u << k))
				nt_buf_printf(b, "%s%s", any++ ? "+" : "",
				    posname[k]);
		if (!any)
			nt_buf_adds(b, "inside");
		return;
	case F_HIST:
		nt_buf_adds(b, v < ML_NTYPE + 2 ? histname[v] : "?");
		return;
	case F_LOW:
		nt_buf_adds(b, v == 0 ? "no" : v == 1 ? "yes" : "yes|sent");
		return;
	}
	nt_buf_addu(b, v);
}

/* Add feature (template, value); name is its value for --explain. */
static void
add(struct fx *x, unsigned tmpl, uint64_t v, const char *name, size_t len)
{
	if (x->n >= ML_MAXF)
		return;
	x->f[x->n++] = XXH3_64bits_withSeed(&v, sizeof(v), tmpl + 1);
	if (x->names == NULL)
		return;
	nt_buf_adds(x->names, tname[tmpl]);
	nt_buf_addc(x->names, '=');
	if (name != NULL)
		nt_buf_add(x->names, name, len);
	else
		describe(x->names, tmpl, v);
	nt_buf_addc(x->names, '\0');
}

/* The same, the name made by a format when it is wanted. */
static void __attribute__((format(printf, 4, 5)))
addf(struct fx *x, unsigned tmpl, uint64_t v, const char *fmt, ...)
{
	char name[160];
	va_list ap;
	int n = 0;

	if (x->names != NULL) {
		va_start(ap, fmt);
		n = vsnprintf(name, sizeof(name), fmt, ap);
		va_end(ap);
		if (n < 0)
			n = 0;
		if ((size_t)n >= sizeof(name)) {
			/* cut at a character's start, not inside it */
			n = (int)sizeof(name) - 1;
			while (n > 0 && ((unsigned char)name[n] & 0xc0) == 0x80)
				n--;
		}
	}
	add(x, tmpl, v, x->names ? name : NULL, (size_t)n);
}

static void
addw(struct fx *x, unsigned tmpl, const struct ent_doc *d, size_t i,
    uint64_t v)
{
	add(x, tmpl, v, x->names ? TOKP(d, i) : NULL, TOKN(d, i));
}

/* The shape of a token: X, x, d and marks, runs collapsed, into s. */
static size_t
shape(const struct ent_doc *d, size_t i, char *s, size_t cap)
{
	const struct nt_tok *t = &d->tk.t[i];
	const unsigned char *p = (const unsigned char *)TOKP(d, i);
	size_t k, n = 0, len = TOKN(d, i);
	char c;

	for (k = 0; k < len && n < cap; k++) {
		if (p[k] >= 'A' && p[k] <= 'Z')
			c = 'X';
		else if (p[k] >= 'a' && p[k] <= 'z')
			c = 'x';
		else if (p[k] >= '0' && p[k] <= '9')
			c = 'd';
		else if (p[k] < 0x80)
			c = (char)p[k];
		else if ((p[k] & 0xc0) == 0x80)
			continue;	/* inside a character */
		else	/* a letter beyond ASCII takes the token's case */
			c = (t->f & NT_TF_ALLCAPS) || (k == 0 &&
			    (t->f & NT_TF_UPPER1)) ? 'X' : 'x';
		if (n == 0 || s[n - 1] != c)
			s[n++] = c;
	}
	return n;
}

static uint64_t
shapeh(const struct ent_doc *d, size_t i, char *s, size_t *n)
{
	*n = shape(d, i, s, 16);
	return XXH3_64bits(s, *n);
}

/* ASCII letters lowered: the affixes compare "McCain" and "MCCAIN". */
static void
affixes(struct fx *x, const struct ent_doc *d, size_t i)
{
	const char *p = TOKP(d, i);
	size_t k, len = TOKN(d, i);
	char lo[4];
	uint64_t v;
	static const unsigned pre[2] = { F_P2, F_P3 }, suf[3] = { F_S2,
	    F_S3, F_S4 };

	for (k = 2; k <= 4; k++) {
		size_t j;

		if (len <= k)
			break;
		if (k <= 3) {
			for (j = 0; j < k; j++)
				lo[j] = (char)(p[j] >= 'A' && p[j] <= 'Z' ?
				    p[j] + 32 : p[j]);
			v = XXH3_64bits(lo, k);
			add(x, pre[k - 2], v, x->names ? lo : NULL, k);
		}
		for (j = 0; j < k; j++) {
			char c = p[len - k + j];

			lo[j] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		v = XXH3_64bits(lo, k);
		add(x, suf[k - 2], v, x->names ? lo : NULL, k);
	}
}

/* Folded word of token j, or a mark for the edge of the line. */
static uint64_t
nb(const struct ent_doc *d, size_t i, long off)
{
	long j = (long)i + off;
	size_t k;

	if (j < 0 || (size_t)j >= d->tk.n)
		return 1;
	/* a line break between them is an edge too */
	for (k = off < 0 ? (size_t)j + 1 : i + 1; k <= (off < 0 ? i :
	    (size_t)j); k++)
		if (d->tk.t[k].f & NT_TF_NL)
			return 1;
	return d->tk.t[j].h;
}

static void
context(struct fx *x, const struct ent_doc *d, size_t i)
{
	static const unsigned tm[2] = { F_WM2, F_WP2 };
	static const long off[2] = { -2, 2 };
	uint64_t v[2];
	unsigned k;

	for (k = 0; k < 2; k++) {
		v[k] = nb(d, i, off[k]);
		if (v[k] == 1)
			add(x, tm[k], 1, "<edge>", 6);
		else
			addw(x, tm[k], d, (size_t)((long)i + off[k]), v[k]);
	}
}

static unsigned
position(const struct ent_doc *d, size_t i)
{
	const struct nt_tok *t = &d->tk.t[i];

	return ((d->tf[i] & TF_SENT) ? 1u : 0) |
	    ((t->f & NT_TF_NL) ? 2u : 0) | ((t->f & NT_TF_PARA) ? 4u : 0) |
	    ((d->tf[i] & TF_CAPSLINE) ? 8u : 0) |
	    ((d->tf[i] & TF_HEAD) ? 16u : 0) |
	    ((d->tf[i] & TF_QUOTE) ? 32u : 0);
}

static void
lexicon(struct fx *x, const struct ml_doc *m, const struct ent_doc *d,
    size_t i, unsigned pos)
{
	uint32_t c = d->cls[i] & CLSMASK;

	add(x, F_CLS, c | ((uint64_t)(pos & 1) << 32), NULL, 0);
	add(x, F_GZ, m->gz[i], NULL, 0);
	add(x, F_GZM, i > 0 ? m->gz[i - 1] : 0, NULL, 0);
	add(x, F_GZP, i + 1 < d->tk.n ? m->gz[i + 1] : 0, NULL, 0);
}

/* The clusters of a neighbour, through the document's small cache. */
static void
nclus(struct ml_doc *m, const struct ml_clus *c, uint64_t h, uint16_t *out)
{
	struct ml_ccache *e = &m->cc[(h >> 20) & (ML_CCACHE - 1)];

	if (h == 1) {
		out[0] = out[1] = 0;
		return;
	}
	if (e->h != h) {
		ml_clus_get(c, h, e->c);
		e->h = h;
	}
	out[0] = e->c[0];
	out[1] = e->c[1];
}

/*
 * The features of the neighbour on one side (dir -1 or 1): its folded
 * word (or the edge of the line), shape, lexicon classes and clusters.
 * They depend on that token alone (and on a line break between), so a
 * run caches their sum by ml_side_key.
 */
static void
side_feats(struct fx *x, struct ml_doc *m, const struct ent_doc *d,
    const struct ml_clus *c, size_t i, int dir)
{
	static const unsigned tw[2] = { F_WM1, F_WP1 }, ts[2] = { F_SHM,
	    F_SHP }, tc[2] = { F_CLSM, F_CLSP }, t1[2] = { F_C1M, F_C1P },
	    t2[2] = { F_C2M, F_C2P };
	int s = dir > 0;
	uint64_t v = nb(d, i, dir), shv = 1;
	int has = dir < 0 ? i > 0 : i + 1 < d->tk.n;
	size_t j = (size_t)((long)i + dir), ns = 0;
	uint16_t cl[2];
	char sh[16];

	if (v == 1)
		add(x, tw[s], 1, "<edge>", 6);
	else {
		addw(x, tw[s], d, j, v);
		shv = shapeh(d, j, sh, &ns);
	}
	add(x, ts[s], shv, sh, ns);
	add(x, tc[s], has ? d->cls[j] & CLSMASK : 0, NULL, 0);
	nclus(m, c, v, cl);
	add(x, t1[s], cl[0], NULL, 0);
	add(x, t2[s], cl[1], NULL, 0);
}

uint64_t
ml_side_key(const struct ent_doc *d, size_t i, int dir)
{
	size_t j;

	if (dir < 0 ? i == 0 : i + 1 >= d->tk.n)
		return 5;
	j = (size_t)((long)i + dir);
	/* a line break between makes the word an edge */
	return XXH3_64bits_withSeed(TOKP(d, j), TOKN(d, j),
	    nb(d, i, dir) == 1 ? 7 : 3) | 1;
}

/* The features of the word alone: the same wherever it stands. */
static void
word_feats(struct fx *x, const struct ent_doc *d, const struct ml_clus *c,
    size_t i, uint64_t wh)
{
	const struct nt_tok *t = &d->tk.t[i];
	uint32_t cl = d->cls[i] & CLSMASK, b;
	uint16_t cw[2];
	char sh[16];
	size_t ns;
	uint64_t shv = shapeh(d, i, sh, &ns);

	add(x, F_BIAS, 0, "", 0);
	addw(x, F_W, d, i, wh);
	addw(x, F_LW, d, i, t->h);
	add(x, F_SH, shv, sh, ns);
	affixes(x, d, i);
	for (b = 1; b <= NT_GC_LOCPRE; b <<= 1)
		if (cl & b)
			add(x, F_CLSB, b, NULL, 0);
	ml_clus_get(c, t->h, cw);
	add(x, F_C1, cw[0], NULL, 0);
	add(x, F_C2, cw[1], NULL, 0);
	add(x, F_LEN, t->len > 12 ? 12 : t->len, NULL, 0);
}

/* The features of where it stands, the history first. */
static void
ctx_feats(struct fx *x, struct ml_doc *m, const struct ent_doc *d,
    const struct ml_clus *c, size_t i)
{
	const struct nt_tok *t = &d->tk.t[i];
	char sh[16];
	size_t ns;
	uint64_t shv;
	unsigned pos = position(d, i);

	/* first, where the trainer replaces it as the history grows */
	add(x, F_HIST, history(m, t->h), NULL, 0);
	shv = shapeh(d, i, sh, &ns);
	context(x, d, i);
	add(x, F_POS, pos, NULL, 0);
	addf(x, F_SHPOS, shv ^ pos, "%.*s|%u", (int)ns, sh, pos);
	lexicon(x, m, d, i, pos);
	add(x, F_LOW, (m->st[i] & MS_LOWSEEN) ? 1u + (pos & 1) : 0, NULL, 0);
	add(x, F_RULE, m->rule[i], ml_label_name(m->rule[i]),
	    strlen(ml_label_name(m->rule[i])));
	addf(x, F_RULESH, shv ^ ((uint64_t)m->rule[i] << 56), "%s|%.*s",
	    ml_label_name(m->rule[i]), (int)ns, sh);
}

uint64_t
ml_word_key(const struct ent_doc *d, size_t i)
{
	return XXH3_64bits(TOKP(d, i), TOKN(d, i));
}

size_t
ml_feats(struct ml_doc *m, const struct ent_doc *d,
    const struct ml_clus *c, size_t i, uint64_t *f, struct nt_buf *names,
    unsigned parts)
{
	struct fx x = { f, 0, names };

	if (names != NULL)
		nt_buf_reset(names);
	if (parts & ML_FCTX)
		ctx_feats(&x, m, d, c, i);
	if (parts & ML_FLEFT)
		side_feats(&x, m, d, c, i, -1);
	if (parts & ML_FRIGHT)
		side_feats(&x, m, d, c, i, 1);
	if (parts & ML_FWORD)
		word_feats(&x, d, c, i, ml_word_key(d, i));
	return x.n;
}

/* --- decoding ---------------------------------------------------------- */

int
ml_allowed(unsigned a, unsigned b)
{
	if (b == L_O || L_ISB(b))
		return 1;
	/* I-X only after B-X or I-X */
	return a != ML_NL && a != L_O && L_TYPE(a) == L_TYPE(b);
}

void
ml_mask(const float *tr, float *out)
{
	unsigned a, b;

	for (a = 0; a <= ML_NL; a++)
		for (b = 0; b < ML_NL; b++)
			out[a * ML_NL + b] = ml_allowed(a, b) ?
			    tr[a * ML_NL + b] : -1e30f;
}

void
ml_viterbi(const float *em, size_t len, const float *tr, uint8_t *back,
    float *dp, uint8_t *out)
{
	size_t i;
	unsigned a, b, best;
	float s, bs;

	if (len == 1) {
		/* most segments are one word: no need for the table */
		for (best = 0, b = 1; b < ML_NL; b++)
			if (tr[ML_NL * ML_NL + b] + em[b] >
			    tr[ML_NL * ML_NL + best] + em[best])
				best = b;
		out[0] = (uint8_t)best;
		return;
	}
	for (b = 0; b < ML_NL; b++)
		dp[b] = tr[ML_NL * ML_NL + b] + em[b];
	for (i = 1; i < len; i++) {
		for (b = 0; b < ML_NL; b++) {
			bs = -3e30f;
			best = 0;
			for (a = 0; a < ML_NL; a++) {
				s = dp[(i - 1) * ML_NL + a] + tr[a * ML_NL + b];
				if (s > bs) {
					bs = s;
					best = a;
				}
			}
			dp[i * ML_NL + b] = bs + em[i * ML_NL + b];
			back[i * ML_NL + b] = (uint8_t)best;
		}
	}
	best = 0;
	for (b = 1; b < ML_NL; b++)
		if (dp[(len - 1) * ML_NL + b] > dp[(len - 1) * ML_NL + best])
			best = b;
	for (i = len; i-- > 0; ) {
		out[i] = (uint8_t)best;
		if (i > 0)
			best = back[i * ML_NL + best];
	}
}
