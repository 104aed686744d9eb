/*
 * entnorm: consistency within a document and one canonical name per
 * entity.
 *
 * Names typed on evidence are registered by their tokens, and people
 * also by their family name; a capitalised candidate that entname.c
 * could not type takes the type and the canonical name of a registered
 * mention ("Milley" after "Mark Milley"), falls back on its guess, or
 * is dropped.  An acronym in brackets after a name takes that name's
 * type and norm.  Then every person gets the longest full name of the
 * document that ends in the same family name, everything else its
 * gazetteer norm or its own text without a possessive.
 *
 * Every question "is there another mention with these words?" is asked
 * of a hash index (struct kidx) built once per document, never of a
 * scan over the mentions, so that a document of a million names costs a
 * thousand times one of a thousand (a 5 MB record spent minutes here).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "core/util.h"
#include "ent/entint.h"

#define MAXREG 1024
#define NOVAL	SIZE_MAX

/*
 * An open-addressing index from 64-bit keys to one size_t each (an
 * entity's or a candidate's index, or a count).  The caller sizes it for
 * the keys it will add; it never grows.
 */
struct kidx {
	uint64_t	*key;
	size_t		*val;		/* NOVAL: an empty slot */
	size_t		 mask;
};

static void
kidx_init(struct kidx *x, size_t n)
{
	size_t cap = 16, i;

	while (cap < 2 * n + 16)
		cap *= 2;
	x->key = nt_ereallocarray(NULL, cap, sizeof(*x->key));
	x->val = nt_ereallocarray(NULL, cap, sizeof(*x->val));
	for (i = 0; i < cap; i++)
		x->val[i] = NOVAL;
	x->mask = cap - 1;
}

static void
kidx_free(struct kidx *x)
{
	free(x->key);
	free(x->val);
}

/* The value slot of key: its value, or NOVAL for a new key to fill. */
static size_t *
kidx_slot(struct kidx *x, uint64_t key)
{
	size_t i = (size_t)XXH3_64bits(&key, sizeof(key)) & x->mask;

	while (x->val[i] != NOVAL && x->key[i] != key)
		i = (i + 1) & x->mask;
	x->key[i] = key;
	return &x->val[i];
}

static size_t
kidx_get(const struct kidx *x, uint64_t key)
{
	size_t i = (size_t)XXH3_64bits(&key, sizeof(key)) & x->mask;

	while (x->val[i] != NOVAL && x->key[i] != key)
		i = (i + 1) & x->mask;
	return x->val[i];
}

struct reg {
	uint64_t	 key;
	size_t		 ent;		/* index in d->e */
	int		 surname;	/* the key is a person's last word */
};

/* The registered names, found by key: ix[surname] maps key to r's index. */
struct regs {
	struct reg	 r[MAXREG];
	size_t		 n;
	struct kidx	 ix[2];
};

/*
 * The tokens' hashes, full stops left out, hashed in turn; a span of one
 * token keys by the token's own hash (most spans are one word).
 */
static uint64_t
span_key(const struct ent_doc *d, size_t tb, size_t te)
{
	uint64_t h = 0;
	size_t k;

	for (k = tb; k < te; k++) {
		if (d->tk.t[k].kind == NT_TOK_PUNCT && d->tk.t[k].cp == '.')
			continue;
		h = h == 0 ? d->tk.t[k].h : XXH3_64bits_withSeed(&d->tk.t[k].h,
		    sizeof(d->tk.t[k].h), h);
	}
	return h;
}

static int
isname(uint32_t type)
{
	return type == NT_ET_PERSON || type == NT_ET_ORG ||
	    type == NT_ET_LOC || type == NT_ET_MISC || type >= NT_ET_BUILTIN;
}

/* Last word of a span, past a possessive. */
static size_t
last_word(const struct ent_doc *d, size_t tb, size_t te)
{
	while (te > tb + 1 && (d->tk.t[te - 1].kind == NT_TOK_PUNCT ||
	    (d->tk.t[te - 1].f & NT_TF_POSS)))
		te--;
	return te - 1;
}

static size_t
nwords(const struct ent_doc *d, size_t tb, size_t te)
{
	size_t k, n = 0;

	for (k = tb; k < te; k++)
		if (d->tk.t[k].kind == NT_TOK_WORD)
			n++;
	return n;
}

static long
find(const struct regs *rg, uint64_t key, int surname)
{
	size_t k = kidx_get(&rg->ix[surname != 0], key);

	return k == NOVAL ? -1 : (long)k;
}

/* Register key for entity ent unless it is registered already. */
static void
reg_add(struct regs *rg, uint64_t key, size_t ent, int surname)
{
	size_t *v = kidx_slot(&rg->ix[surname != 0], key);

	if (*v != NOVAL)
		return;
	*v = rg->n;
	rg->r[rg->n].key = key;
	rg->r[rg->n].ent = ent;
	rg->r[rg->n++].surname = surname;
}

static void
acronyms(struct ent_doc *d)
{
	struct kidx first;
	size_t i, j, *v, *next;
	struct ent *a, *b;

	/* The one-token candidates by their token, each list in order. */
	kidx_init(&first, d->nc);
	next = nt_ereallocarray(NULL, d->nc + 1, sizeof(*next));
	for (j = d->nc; j-- > 0; ) {
		if (d->c[j].te != d->c[j].tb + 1)
			continue;
		v = kidx_slot(&first, d->c[j].tb);
		next[j] = *v;
		*v = j;
	}
	for (i = 0; i < d->ne; i++) {
		a = &d->e[i];
		if (!isname(a->type) || a->te + 2 >= d->tk.n ||
		    d->tk.t[a->te].kind != NT_TOK_PUNCT ||
		    d->tk.t[a->te].cp != '(')
			continue;
		/* a candidate acronym right inside the bracket */
		for (j = kidx_get(&first, a->te + 1); j != NOVAL;
		    j = next[j]) {
			if (d->c[j].tb != a->te + 1 ||
			    d->c[j].te != d->c[j].tb + 1)
				continue;
			if (!(d->tk.t[d->c[j].tb].f & NT_TF_ALLCAPS))
				continue;
			b = ent_add(d, a->type, d->c[j].tb, d->c[j].te);
			a = &d->e[i];
			b->strong = 1;
			b->norm = a->norm >= 0 ? a->norm :
			    ent_str(d, d->s + a->b, a->e - a->b);
			d->c[j].te = d->c[j].tb;	/* consumed */
		}
	}
	kidx_free(&first);
	free(next);
}

/* The key of a person's name of len tokens, for orgs_inside. */
static uint64_t
len_key(uint64_t span, size_t len)
{
	return span ^ ((uint64_t)len * 0x9e3779b97f4a7c15ULL);
}

/*
 * Inside organisations' names: "Church of Scientology" makes a later
 * "Scientology" the organisation; "Andy Warhol Foundation" names the
 * person Andy Warhol too.
 */
static void
orgs_inside(struct ent_doc *d, struct regs *rg)
{
	struct kidx people;
	size_t i, k, n = d->ne, y, plen, len, best, *v;
	struct ent *e, *p;

	/* The first strong person of each name, by its words and length. */
	kidx_init(&people, n);
	for (k = 0; k < n; k++) {
		p = &d->e[k];
		if (p->type != NT_ET_PERSON || !p->strong || p->te - p->tb < 2)
			continue;
		v = kidx_slot(&people, len_key(span_key(d, p->tb, p->te),
		    p->te - p->tb));
		if (*v == NOVAL)
			*v = k;
	}
	for (i = 0; i < n; i++) {
		e = &d->e[i];
		if (e->type != NT_ET_ORG || !e->strong)
			continue;
		for (k = e->tb + 1; k + 1 < e->te; k++) {
			if (d->word[k] != W_OF)
				continue;
			y = k + 1;
			if (y < e->te && d->word[y] == W_THE)
				y++;
			if (y + 1 != e->te || (d->cls[y] & (NT_GC_ENT |
			    NT_GC_WORD)) || rg->n + 1 >= MAXREG)
				break;
			reg_add(rg, span_key(d, y, y + 1), i, 0);
			break;
		}
		if (e->te - e->tb < 3)
			continue;
		/* a person at the start of the name: the first one named */
		plen = 0;
		best = NOVAL;
		for (len = 2; len < e->te - e->tb; len++) {
			k = kidx_get(&people, len_key(span_key(d, e->tb,
			    e->tb + len), len));
			if (k != NOVAL && (best == NOVAL || k < best)) {
				best = k;
				plen = len;
			}
		}
		if (plen == 0 && (d->cls[e->tb] & NT_GC_FIRST) &&
		    d->tk.t[e->tb + 1].kind == NT_TOK_WORD &&
		    (d->tk.t[e->tb + 1].f & NT_TF_UPPER1) &&
		    !(d->cls[e->tb + 1] & (NT_GC_WORD | NT_GC_ORGSUF |
		    NT_GC_ENT)))
			plen = 2;
		if (plen) {
			p = ent_add(d, NT_ET_PERSON, e->tb, e->tb + plen);
			p->strong = 1;
		}
	}
	kidx_free(&people);
}

/*
 * In sports reporting a country is its team: "Belgium beat England".
 * A document with enough sports words turns the places that play,
 * win or lose into organisations, and the other mentions of those
 * places with them.
 */
/* The words themselves are in ent.c's word map as W_SPORT and W_PLAY. */

/* The hash of an entity's norm (a string), or 0 when it has none. */
static uint64_t
norm_key(const struct ent_doc *d, const struct ent *e)
{
	const char *s;

	if (e->norm < 0)
		return 0;
	s = d->strs.p + e->norm;
	return XXH3_64bits(s, strlen(s)) | 1;
}

/*
 * The places marked as playing become organisations, and so does every
 * other place with the norm of one of them.
 */
static void
teams_mark(struct ent_doc *d)
{
	struct kidx norms;
	size_t i;
	uint64_t k;
	struct ent *e;

	kidx_init(&norms, d->ne);
	for (i = 0; i < d->ne; i++)
		if (d->e[i].type == NT_ET_LOC && d->e[i].hasval == 2 &&
		    (k = norm_key(d, &d->e[i])) != 0)
			*kidx_slot(&norms, k) = i;
	for (i = 0; i < d->ne; i++) {
		e = &d->e[i];
		if (e->type != NT_ET_LOC)
			continue;
		if (e->hasval == 2) {
			e->type = NT_ET_ORG;
			e->hasval = 0;
		} else if ((k = norm_key(d, e)) != 0 &&
		    kidx_get(&norms, k) != NOVAL &&
		    strcmp(d->strs.p + e->norm, d->strs.p +
		    d->e[kidx_get(&norms, k)].norm) == 0)
			e->type = NT_ET_ORG;
	}
	kidx_free(&norms);
}

static void
teams(struct ent_doc *d)
{
	size_t i, k, lo, hi;
	struct ent *e;
	int any = 0;

	if (d->nsport < 6)
		return;
	for (i = 0; i < d->ne; i++) {
		e = &d->e[i];
		if (e->type != NT_ET_LOC || e->dead)
			continue;
		/* "in Belgium", "from England": the place, not the team */
		if (e->tb > 0 && (d->word[e->tb - 1] == W_IN ||
		    d->word[e->tb - 1] == W_AT ||
		    d->word[e->tb - 1] == W_NEAR ||
		    d->word[e->tb - 1] == W_FROM))
			continue;
		lo = e->tb > 3 ? e->tb - 3 : 0;
		hi = e->te + 3 < d->tk.n ? e->te + 3 : d->tk.n;
		for (k = lo; k < hi; k++) {
			if (k >= e->tb && k < e->te)
				continue;
			if (d->word[k] == W_PLAY || d->word[k] == W_SPORT) {
				e->hasval = 2;	/* marked: plays */
				any = 1;
				break;
			}
		}
	}
	if (any)
		teams_mark(d);
}

/*
 * Register the names typed on evidence by their words up to the last
 * (a possessive left out), and people of two words or more also by
 * their family name, so that later mentions can be matched.
 */
static void
register_names(struct ent_doc *d, struct regs *rg)
{
	size_t i, lw;
	struct ent *e;

	for (i = 0; i < d->ne && rg->n + 2 <= MAXREG; i++) {
		e = &d->e[i];
		if (!isname(e->type) || !e->strong)
			continue;
		lw = last_word(d, e->tb, e->te);
		reg_add(rg, span_key(d, e->tb, lw + 1), i, 0);
		if (e->type == NT_ET_PERSON && nwords(d, e->tb, e->te) >= 2)
			reg_add(rg, span_key(d, lw, lw + 1), i, 1);
	}
}

/*
 * Is a weak guess confirmed: are two candidates of the document the
 * span whose key is key?  The caller passes the key of the candidate's
 * last word.  Weak guesses are made for one-word candidates only, so
 * that is the candidate itself, but for a hyphenated word ("Jong-un",
 * three tokens), which is thus never confirmed.  said counts the
 * candidates of each key (candidates() builds it).
 */
static int
said_again(const struct kidx *said, uint64_t key)
{
	size_t n = kidx_get(said, key);

	return n != NOVAL && n >= 2;
}

/* Is a token of candidate c inside an entity already? */
static int
cand_used(const struct ent_doc *d, const struct cand *c)
{
	size_t i;

	for (i = c->tb; i < c->te; i++)
		if (d->tf[i] & TF_USED)
			return 1;
	return 0;
}

/*
 * Candidate c, not consumed and not inside an entity, becomes an entity:
 * of the type and norm of a registered mention with the same words
 * ("Milley" after "Mark Milley"), a person when its last word is a
 * registered family name, or of its own guess; a weak guess only when
 * the document has the name twice.
 */
static void
resolve(struct ent_doc *d, const struct regs *rg, const struct kidx *said,
    const struct cand *c)
{
	size_t lw = last_word(d, c->tb, c->te);
	uint64_t key = span_key(d, c->tb, lw + 1);
	long f;
	struct ent *e;

	if ((f = find(rg, key, 0)) >= 0) {
		e = ent_add(d, d->e[rg->r[f].ent].type, c->tb, c->te);
		/* ent_add may have moved d->e */
		e->norm = d->e[rg->r[f].ent].norm;
		return;
	}
	key = span_key(d, lw, lw + 1);
	if (find(rg, key, 1) >= 0) {
		ent_add(d, NT_ET_PERSON, c->tb, c->te);
		return;
	}
	if (c->guess == NT_GAZ_NONE)
		return;
	if (c->say == 2 && !said_again(said, key))
		return;
	ent_add(d, c->guess, c->tb, c->te);
}

static void
candidates(struct ent_doc *d, const struct regs *rg)
{
	struct kidx said;
	size_t k, *v;

	kidx_init(&said, d->nc);
	for (k = 0; k < d->nc; k++) {
		if (d->c[k].te <= d->c[k].tb)
			continue;
		v = kidx_slot(&said, span_key(d, d->c[k].tb, d->c[k].te));
		*v = *v == NOVAL ? 1 : *v + 1;
	}
	/* In order: each entity added marks its tokens used. */
	for (k = 0; k < d->nc; k++)
		if (d->c[k].te > d->c[k].tb && !cand_used(d, &d->c[k]))
			resolve(d, rg, &said, &d->c[k]);
	kidx_free(&said);
}

/*
 * A one-word place or organisation that is a registered family name is
 * that person: "Austin" after "Lloyd Austin", not the city.
 */
static void
surnames_win(struct ent_doc *d, const struct regs *rg)
{
	size_t i, lw;
	struct ent *e;

	for (i = 0; i < d->ne; i++) {
		e = &d->e[i];
		if ((e->type != NT_ET_LOC && e->type != NT_ET_ORG) ||
		    nwords(d, e->tb, e->te) != 1)
			continue;
		lw = last_word(d, e->tb, e->te);
		if (find(rg, span_key(d, lw, lw + 1), 1) >= 0) {
			e->type = NT_ET_PERSON;
			e->norm = -1;
		}
	}
}

/*
 * The longest full name of the document for each family name: a small
 * table of last-word hashes, so that finding norms stays linear in the
 * number of entities.  Family names past the table's size keep their
 * own text.
 */
struct fullnames {
	struct {
		uint64_t	 h;	/* the last word's token hash */
		size_t		 ent;	/* the person with the most words */
		size_t		 nw;	/* and how many */
	} t[256];
	size_t		 n;
};

static size_t
fn_find(const struct fullnames *fn, uint64_t h)
{
	size_t b;

	for (b = 0; b < fn->n && fn->t[b].h != h; b++)
		;
	return b;
}

static void
fullnames(const struct ent_doc *d, struct fullnames *fn)
{
	const struct ent *o;
	size_t k, lw, nw, b;

	fn->n = 0;
	for (k = 0; k < d->ne; k++) {
		o = &d->e[k];
		if (o->type != NT_ET_PERSON || o->dead)
			continue;
		lw = last_word(d, o->tb, o->te);
		nw = nwords(d, o->tb, lw + 1);
		b = fn_find(fn, d->tk.t[lw].h);
		if (b == fn->n) {
			if (fn->n == sizeof(fn->t) / sizeof(fn->t[0]))
				continue;
			fn->t[b].h = d->tk.t[lw].h;
			fn->t[b].ent = k;
			fn->t[fn->n++].nw = nw;
		} else if (nw > fn->t[b].nw) {
			fn->t[b].ent = k;
			fn->t[b].nw = nw;
		}
	}
}

/*
 * Every name without a norm gets one: a person the longest full name
 * with its family name, anything else its own text; both up to the
 * last word, without a possessive.
 */
static void
set_norms(struct ent_doc *d, const struct fullnames *fn)
{
	size_t i, lw, b;
	const struct ent *o;
	struct ent *e;

	for (i = 0; i < d->ne; i++) {
		e = &d->e[i];
		if (!isname(e->type) || e->norm >= 0)
			continue;
		o = e;
		lw = last_word(d, e->tb, e->te);
		if (e->type == NT_ET_PERSON) {
			b = fn_find(fn, d->tk.t[lw].h);
			if (b < fn->n && fn->t[b].nw > nwords(d, e->tb, lw + 1))
				o = &d->e[fn->t[b].ent];
			lw = last_word(d, o->tb, o->te);
		}
		e->norm = ent_str(d, d->s + o->b, d->tk.t[lw].e - o->b);
	}
}

void
ent_norms(struct ent_doc *d)
{
	struct regs *rg = nt_ecalloc(1, sizeof(*rg));

	kidx_init(&rg->ix[0], MAXREG);
	kidx_init(&rg->ix[1], MAXREG);
	acronyms(d);
	register_names(d, rg);
	orgs_inside(d, rg);
	candidates(d, rg);
	surnames_win(d, rg);
	teams(d);
	kidx_free(&rg->ix[0]);
	kidx_free(&rg->ix[1]);
	free(rg);
}

/*
 * Canonical names, once the names are final (after the model): each
 * person the longest full name of the document with the same family
 * name, every other name its own text.
 */
void
ent_canon(struct ent_doc *d)
{
	struct fullnames fn;

	fullnames(d, &fn);
	set_norms(d, &fn);
}
