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
 */
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "ent/entint.h"

#define MAXREG 1024

struct reg {
	uint64_t	 key;
	size_t		 ent;		/* index in d->e */
	int		 surname;	/* the key is a person's last word */
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
find(const struct reg *r, size_t nr, uint64_t key, int surname)
{
	size_t k;

	for (k = 0; k < nr; k++)
		if (r[k].key == key && r[k].surname == surname)
			return (long)k;
	return -1;
}

/* Register key for entity ent unless it is registered already. */
static void
reg_add(struct reg *r, size_t *nrp, uint64_t key, size_t ent, int surname)
{
	if (find(r, *nrp, key, surname) >= 0)
		return;
	r[*nrp].key = key;
	r[*nrp].ent = ent;
	r[(*nrp)++].surname = surname;
}

static void
acronyms(struct ent_doc *d)
{
	size_t i, j;
	struct ent *a, *b;

	for (i = 0; i < d->ne; i++) {
		a = &d->e[i];
		if (!isname(a->type) || a->te + 2 >= d->tk.n ||
		    d->tk.t[a->te].kind != NT_TOK_PUNCT ||
		    d->tk.t[a->te].cp != '(')
			continue;
		/* a candidate acronym right inside the bracket */
		for (j = 0; j < d->nc; j++) {
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
}

/*
 * Inside organisations' names: "Church of Scientology" makes a later
 * "Scientology" the organisation; "Andy Warhol Foundation" names the
 * person Andy Warhol too.
 */
static void
orgs_inside(struct ent_doc *d, struct reg *r, size_t *nrp)
{
	size_t i, k, n = d->ne, y, plen;
	struct ent *e, *p;

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
			    NT_GC_WORD)) || *nrp + 1 >= MAXREG)
				break;
			reg_add(r, nrp, span_key(d, y, y + 1), i, 0);
			break;
		}
		if (e->te - e->tb < 3)
			continue;
		/* a person at the start of the name */
		plen = 0;
		for (k = 0; k < n; k++) {
			p = &d->e[k];
			if (p->type != NT_ET_PERSON || !p->strong ||
			    p->te - p->tb < 2 || p->te - p->tb >= e->te - e->tb)
				continue;
			if (span_key(d, p->tb, p->te) ==
			    span_key(d, e->tb, e->tb + (p->te - p->tb))) {
				plen = p->te - p->tb;
				break;
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
}

/*
 * In sports reporting a country is its team: "Belgium beat England".
 * A document with enough sports words turns the places that play,
 * win or lose into organisations, and the other mentions of those
 * places with them.
 */
/* The words themselves are in ent.c's word map as W_SPORT and W_PLAY. */

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
	if (!any)
		return;
	for (i = 0; i < d->ne; i++) {
		if (d->e[i].type != NT_ET_LOC || d->e[i].hasval != 2)
			continue;
		for (k = 0; k < d->ne; k++) {
			e = &d->e[k];
			if (e->type == NT_ET_LOC && e->hasval != 2 &&
			    e->norm >= 0 && d->e[i].norm >= 0 &&
			    strcmp(d->strs.p + e->norm,
			    d->strs.p + d->e[i].norm) == 0)
				e->type = NT_ET_ORG;
		}
		d->e[i].type = NT_ET_ORG;
		d->e[i].hasval = 0;
	}
}

/*
 * Register the names typed on evidence by their words up to the last
 * (a possessive left out), and people of two words or more also by
 * their family name, so that later mentions can be matched.
 */
static void
register_names(struct ent_doc *d, struct reg *r, size_t *nrp)
{
	size_t i, lw;
	struct ent *e;

	for (i = 0; i < d->ne && *nrp + 2 <= MAXREG; i++) {
		e = &d->e[i];
		if (!isname(e->type) || !e->strong)
			continue;
		lw = last_word(d, e->tb, e->te);
		reg_add(r, nrp, span_key(d, e->tb, lw + 1), i, 0);
		if (e->type == NT_ET_PERSON && nwords(d, e->tb, e->te) >= 2)
			reg_add(r, nrp, span_key(d, lw, lw + 1), i, 1);
	}
}

/*
 * Is a weak guess confirmed: are two candidates of the document the
 * span whose key is key?  The caller passes the key of the candidate's
 * last word.  Weak guesses are made for one-word candidates only, so
 * that is the candidate itself, but for a hyphenated word ("Jong-un",
 * three tokens), which is thus never confirmed.
 */
static int
said_again(const struct ent_doc *d, uint64_t key)
{
	size_t m, seen = 0;

	for (m = 0; m < d->nc && seen < 2; m++)
		if (d->c[m].te > d->c[m].tb &&
		    span_key(d, d->c[m].tb, d->c[m].te) == key)
			seen++;
	return seen >= 2;
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
resolve(struct ent_doc *d, const struct reg *r, size_t nr,
    const struct cand *c)
{
	size_t lw = last_word(d, c->tb, c->te);
	uint64_t key = span_key(d, c->tb, lw + 1);
	long f;
	struct ent *e;

	if ((f = find(r, nr, key, 0)) >= 0) {
		e = ent_add(d, d->e[r[f].ent].type, c->tb, c->te);
		/* ent_add may have moved d->e */
		e->norm = d->e[r[f].ent].norm;
		return;
	}
	key = span_key(d, lw, lw + 1);
	if (find(r, nr, key, 1) >= 0) {
		ent_add(d, NT_ET_PERSON, c->tb, c->te);
		return;
	}
	if (c->guess == NT_GAZ_NONE)
		return;
	if (c->say == 2 && !said_again(d, key))
		return;
	ent_add(d, c->guess, c->tb, c->te);
}

static void
candidates(struct ent_doc *d, const struct reg *r, size_t nr)
{
	size_t k;

	/* In order: each entity added marks its tokens used. */
	for (k = 0; k < d->nc; k++)
		if (d->c[k].te > d->c[k].tb && !cand_used(d, &d->c[k]))
			resolve(d, r, nr, &d->c[k]);
}

/*
 * A one-word place or organisation that is a registered family name is
 * that person: "Austin" after "Lloyd Austin", not the city.
 */
static void
surnames_win(struct ent_doc *d, const struct reg *r, size_t nr)
{
	size_t i, lw;
	struct ent *e;

	for (i = 0; i < d->ne; i++) {
		e = &d->e[i];
		if ((e->type != NT_ET_LOC && e->type != NT_ET_ORG) ||
		    nwords(d, e->tb, e->te) != 1)
			continue;
		lw = last_word(d, e->tb, e->te);
		if (find(r, nr, span_key(d, lw, lw + 1), 1) >= 0) {
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
	struct reg r[MAXREG];
	size_t nr = 0;

	acronyms(d);
	register_names(d, r, &nr);
	orgs_inside(d, r, &nr);
	candidates(d, r, nr);
	surnames_win(d, r, nr);
	teams(d);
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
