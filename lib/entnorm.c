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

#include "entint.h"

#define MAXREG 1024

struct reg {
	uint64_t	 key;
	size_t		 ent;		/* index in d->e */
	int		 surname;	/* the key is a person's last word */
};

static uint64_t
span_key(const struct ent_doc *d, size_t tb, size_t te)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	size_t k;

	for (k = tb; k < te; k++) {
		if (d->tk.t[k].kind == NT_TOK_PUNCT && d->tk.t[k].cp == '.')
			continue;
		h = (h ^ d->tk.t[k].h) * 0x100000001b3ULL;
		h ^= h >> 31;
	}
	return h;
}

static int
isname(uint32_t type)
{
	return type == NT_ET_PERSON || type == NT_ET_ORG ||
	    type == NT_ET_LOC || type >= NT_ET_BUILTIN;
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

void
ent_norms(struct ent_doc *d)
{
	struct reg r[MAXREG];
	size_t nr = 0, i, k, lw, best, bn;
	long f;
	struct ent *e, *o;
	struct cand *c;
	uint64_t key;

	acronyms(d);
	for (i = 0; i < d->ne && nr + 2 <= MAXREG; i++) {
		e = &d->e[i];
		if (!isname(e->type) || !e->strong)
			continue;
		key = span_key(d, e->tb, last_word(d, e->tb, e->te) + 1);
		if (find(r, nr, key, 0) < 0) {
			r[nr].key = key;
			r[nr].ent = i;
			r[nr++].surname = 0;
		}
		if (e->type == NT_ET_PERSON && nwords(d, e->tb, e->te) >= 2) {
			lw = last_word(d, e->tb, e->te);
			key = span_key(d, lw, lw + 1);
			if ((f = find(r, nr, key, 1)) < 0) {
				r[nr].key = key;
				r[nr].ent = i;
				r[nr++].surname = 1;
			}
		}
	}
	for (k = 0; k < d->nc; k++) {
		c = &d->c[k];
		if (c->te <= c->tb)
			continue;
		for (i = c->tb; i < c->te; i++)
			if (d->tf[i] & TF_USED)
				break;
		if (i < c->te)
			continue;
		lw = last_word(d, c->tb, c->te);
		key = span_key(d, c->tb, lw + 1);
		if ((f = find(r, nr, key, 0)) >= 0) {
			o = &d->e[r[f].ent];
			e = ent_add(d, o->type, c->tb, c->te);
			o = &d->e[r[f].ent];
			e->norm = o->norm;
			continue;
		}
		key = span_key(d, lw, lw + 1);
		if ((f = find(r, nr, key, 1)) >= 0) {
			e = ent_add(d, NT_ET_PERSON, c->tb, c->te);
			continue;
		}
		if (c->guess != NT_GAZ_NONE)
			ent_add(d, c->guess, c->tb, c->te);
	}
	/* "Austin" after "Lloyd Austin": the person, not the city. */
	for (i = 0; i < d->ne; i++) {
		e = &d->e[i];
		if ((e->type != NT_ET_LOC && e->type != NT_ET_ORG) ||
		    nwords(d, e->tb, e->te) != 1)
			continue;
		lw = last_word(d, e->tb, e->te);
		key = span_key(d, lw, lw + 1);
		if (find(r, nr, key, 1) >= 0) {
			e->type = NT_ET_PERSON;
			e->norm = -1;
		}
	}
	/* Canonical names. */
	for (i = 0; i < d->ne; i++) {
		e = &d->e[i];
		if (!isname(e->type) || e->norm >= 0)
			continue;
		lw = last_word(d, e->tb, e->te);
		if (e->type == NT_ET_PERSON) {
			key = d->tk.t[lw].h;
			best = i;
			bn = nwords(d, e->tb, lw + 1);
			for (k = 0; k < d->ne; k++) {
				o = &d->e[k];
				if (o->type != NT_ET_PERSON || o->dead)
					continue;
				size_t ol = last_word(d, o->tb, o->te);
				size_t on = nwords(d, o->tb, ol + 1);

				if (d->tk.t[ol].h == key && on > bn) {
					best = k;
					bn = on;
				}
			}
			o = &d->e[best];
			lw = last_word(d, o->tb, o->te);
			e->norm = ent_str(d, d->s + o->b, d->tk.t[lw].e - o->b);
			continue;
		}
		e->norm = ent_str(d, d->s + e->b, d->tk.t[lw].e - e->b);
	}
}
