/*
 * entname: people, organisations, places and user gazetteer types.
 *
 * A name needs evidence beyond its capital letter.  Capitalised runs of
 * words ("chunks", with of/de/al and hyphens inside) are read left to
 * right: ordinary words that are capitalised only because they open a
 * sentence or stand in a headline are dropped, titles (President, Gen.,
 * Defense Minister) and demonyms before a name are taken as evidence
 * and left out of it, and what remains is typed by the gazetteers, by
 * the word that ends it (Party, Ministry: an organisation; River,
 * Province: a place), by a given name at its start, by a title or role
 * before it, or by its context (in/near before it, said after it).
 * Names that find no evidence here become candidates that entnorm.c
 * types from other mentions in the same document.
 */
#include <string.h>

#include "ent/entint.h"
#include "core/util.h"

static int
capword(const struct ent_doc *d, size_t i)
{
	const struct nt_tok *t = &d->tk.t[i];

	return t->kind == NT_TOK_WORD && (t->f & (NT_TF_UPPER1 |
	    NT_TF_ALLCAPS)) && !(t->f & NT_TF_POSS) && !(d->tf[i] & TF_USED);
}

static int
punct(const struct ent_doc *d, size_t i, uint32_t cp)
{
	return i < d->tk.n && d->tk.t[i].kind == NT_TOK_PUNCT &&
	    d->tk.t[i].cp == cp;
}

static int
glued(const struct ent_doc *d, size_t i)
{
	return i < d->tk.n && (d->tk.t[i].f & NT_TF_GLUED);
}

/* Lexicon classes of token i (ent.c looked every word up). */
static inline uint32_t
cls(const struct ent_doc *d, size_t i)
{
	return i < d->tk.n ? d->cls[i] : 0;
}

/* An entry at node valid for the text tokens [i, j). */
static const struct nt_gaz_ent *
valid_entry(struct ent_doc *d, uint32_t node, size_t i, size_t j)
{
	const struct nt_gaz_ent *e;
	const struct nt_tok *t = d->tk.t;

	for (e = nt_gaz_first(d->gaz, node); e; e = nt_gaz_ent(d->gaz,
	    e->next)) {
		if ((e->flags & NT_GE_ACRONYM) && !(t[i].f & NT_TF_ALLCAPS))
			continue;
		if (!(e->flags & NT_GE_LOWER)) {
			if (!(t[i].f & (NT_TF_UPPER1 | NT_TF_ALLCAPS)))
				continue;
			if (t[j - 1].kind == NT_TOK_WORD &&
			    !(t[j - 1].f & (NT_TF_UPPER1 | NT_TF_ALLCAPS |
			    NT_TF_DIGIT)))
				continue;
		}
		if ((d->tf[i] & TF_CAPSLINE) && j - i == 1 &&
		    (cls(d, i) & (NT_GC_WORD | NT_GC_FUNC)))
			continue;
		return e;
	}
	return NULL;
}

/*
 * The longest gazetteer name starting at token i, not past lim: its end
 * (0 if none) and entry.
 */
static size_t
gaz_at(struct ent_doc *d, size_t i, size_t lim, const struct nt_gaz_ent **ep)
{
	uint32_t node;
	size_t j, best = 0;
	const struct nt_gaz_ent *e;

	*ep = NULL;
	if (i >= d->tk.n || (d->tf[i] & TF_USED) ||
	    d->tk.t[i].kind == NT_TOK_PUNCT)
		return 0;
	if (!(d->cls[i] & (NT_GC_KIDS | NT_GC_ENT)))
		return 0;
	node = d->node[i];
	for (j = i + 1; node != 0; j++) {
		if ((j > i + 1 || (d->cls[i] & NT_GC_ENT)) &&
		    (e = valid_entry(d, node, i, j)) != NULL) {
			best = j;
			*ep = e;
		}
		if (j >= lim || j >= d->tk.n || (d->tf[j] & TF_USED) ||
		    (d->tk.t[j].f & NT_TF_NL))
			break;
		node = nt_gaz_next(d->gaz, node, d->tk.t[j].h);
	}
	return best;
}

/* The longest title (Gen., Defense Minister) at token i: its end, or 0. */
static size_t
title_at(struct ent_doc *d, size_t i, size_t lim)
{
	uint32_t node;
	size_t j, best = 0;

	if (i >= d->tk.n || d->tk.t[i].kind != NT_TOK_WORD)
		return 0;
	if (!(d->cls[i] & (NT_GC_TITLE | NT_GC_KIDS)))
		return 0;
	for (node = d->node[i], j = i + 1; node != 0; j++) {
		if ((j == i + 1 ? d->cls[i] : nt_gaz_cls(d->gaz, node)) &
		    NT_GC_TITLE)
			best = j;
		if (j >= lim || j >= d->tk.n || (d->tk.t[j].f & NT_TF_NL))
			break;
		node = nt_gaz_next(d->gaz, node, d->tk.t[j].h);
	}
	if (best && punct(d, best, '.') && glued(d, best))
		best++;
	return best;
}

/* Where the capitalised run starting at i ends. */
static size_t
chunk_end(struct ent_doc *d, size_t i)
{
	size_t j = i + 1, k;
	const struct nt_tok *t = d->tk.t;
	const struct nt_gaz_ent *ge;

	for (;;) {
		if (j >= d->tk.n || (t[j].f & NT_TF_NL) || (d->tf[j] & TF_USED))
			break;
		if (capword(d, j)) {
			j++;
			continue;
		}
		/* initials and titles: "J. Smith", "Gen. Milley" */
		if (punct(d, j, '.') && glued(d, j) && j + 1 < d->tk.n &&
		    capword(d, j + 1) && !(t[j + 1].f & NT_TF_NL) &&
		    ((t[j - 1].e - t[j - 1].b == 1) ||
		    (cls(d, j - 1) & NT_GC_TITLE))) {
			j++;
			continue;
		}
		/* hyphens: "Jong-un", "Secretary-General" */
		if (punct(d, j, '-') && glued(d, j) && glued(d, j + 1) &&
		    j + 1 < d->tk.n && t[j + 1].kind == NT_TOK_WORD &&
		    !(d->tf[j + 1] & TF_USED) && (capword(d, j + 1) ||
		    (t[j + 1].len <= 3 && !(cls(d, j + 1) & NT_GC_WORD)) ||
		    (cls(d, j + 1) & NT_GC_TITLE))) {
			j += 2;
			continue;
		}
		/* "Bank of America", "Church of the Holy ..." */
		if (t[j].kind == NT_TOK_WORD && (d->word[j] == W_OF ||
		    (cls(d, j) & NT_GC_PARTICLE) || (d->word[j] == W_FOR &&
		    (cls(d, j - 1) & (NT_GC_ORGSUF | NT_GC_ORGPRE))))) {
			k = j + 1;
			if (k < d->tk.n && d->word[k] == W_THE &&
			    d->word[j] != W_THE)
				k++;
			if (k < d->tk.n && capword(d, k) &&
			    !(t[k].f & NT_TF_NL) &&
			    (d->word[j] != W_OF || (cls(d, j - 1) &
			    (NT_GC_ORGSUF | NT_GC_ORGPRE | NT_GC_LOCPRE |
			    NT_GC_LOCSUF | NT_GC_TITLE)))) {
				j = k + 1;
				continue;
			}
		}
		if (punct(d, j, '&') && j + 1 < d->tk.n && capword(d, j + 1)) {
			j += 2;
			continue;
		}
		/* a gazetteer name that goes on: "New People's Party" */
		k = gaz_at(d, j - 1, d->tk.n, &ge);
		(void)ge;
		if (k > j) {
			j = k;
			continue;
		}
		break;
	}
	return j;
}

static int
ordinary(struct ent_doc *d, size_t i)
{
	uint32_t c = cls(d, i);

	if (d->tk.t[i].f & NT_TF_ABBR)
		return 0;
	if (c & (NT_GC_FUNC | NT_GC_NOTNAME))
		return 1;
	return (c & NT_GC_WORD) && !(c & (NT_GC_FIRST | NT_GC_LAST |
	    NT_GC_DEMONYM));
}

static void
add_cand(struct ent_doc *d, size_t tb, size_t te, uint32_t guess, int say)
{
	struct cand *c;

	if (d->nc == d->ccap) {
		d->ccap = d->ccap ? d->ccap * 2 : 32;
		d->c = nt_ereallocarray(d->c, d->ccap, sizeof(*d->c));
	}
	c = &d->c[d->nc++];
	c->tb = tb;
	c->te = te;
	c->guess = guess;
	c->say = say;
}

static struct ent *
add_gaz(struct ent_doc *d, const struct nt_gaz_ent *ge, size_t tb, size_t te)
{
	struct ent *e = ent_add(d, ge->type, tb, te);
	const char *norm = nt_gaz_str(d->gaz, ge->norm);

	if (norm)
		e->norm = ent_str(d, norm, strlen(norm));
	e->strong = 1;
	return e;
}

/* Is a verb of saying right after token j (past a comma or "has")? */
static int
say_after(struct ent_doc *d, size_t j)
{
	if (j < d->tk.n && punct(d, j, ','))
		return 0;
	if (j < d->tk.n && (d->tk.t[j].f & NT_TF_POSS))
		return 0;
	return j < d->tk.n && (cls(d, j) & NT_GC_SAY);
}

/* A role word before the chunk: "chairman Dmitry Medvedev". */
static int
role_before(struct ent_doc *d, size_t i)
{
	size_t k = i;

	if (k > 0 && punct(d, k - 1, ','))
		k--;
	return k > 0 && d->tk.t[k - 1].kind == NT_TOK_WORD &&
	    (d->tk.t[k - 1].f & NT_TF_LOWER1) &&
	    (cls(d, k - 1) & NT_GC_TITLE);
}

static void
type_run(struct ent_doc *d, size_t a, size_t b, int title, size_t cs)
{
	const struct nt_tok *t = d->tk.t;
	size_t n = 0, k;
	uint32_t c0 = cls(d, a), cl = cls(d, b - 1);
	uint16_t pw = cs > 0 ? d->word[cs - 1] : 0;
	int nord = 0, say = say_after(d, b);
	struct ent *e;

	/* words, a hyphenated one counting once: "Lee Cheuk-yan" */
	for (k = a; k < b; k++) {
		if (t[k].kind == NT_TOK_PUNCT)
			continue;
		if (k > a && (t[k].f & NT_TF_GLUED) && t[k - 1].kind ==
		    NT_TOK_PUNCT && t[k - 1].cp == '-')
			continue;
		n++;
		if (ordinary(d, k))
			nord++;
	}
	if (n == 1 && (c0 & NT_GC_DEMONYM))
		return;
	if (title || role_before(d, cs) || (cs > 0 && d->word[cs - 1] == W_WHO)) {
		if (n <= 4 && nord < (int)n) {
			e = ent_add(d, NT_ET_PERSON, a, b);
			e->strong = 1;
			e->title = title;
			return;
		}
	}
	if ((c0 & NT_GC_FIRST) && n >= 2 && n <= 4 && !(cl & NT_GC_ORGSUF)) {
		e = ent_add(d, NT_ET_PERSON, a, b);
		e->strong = 1;
		return;
	}
	if ((cl & NT_GC_LAST) && n >= 2 && n <= 4 && nord == 0) {
		e = ent_add(d, NT_ET_PERSON, a, b);
		e->strong = 1;
		return;
	}
	if (n == 1 && (t[a].f & NT_TF_ALLCAPS) && !(d->tf[a] & TF_HEAD) &&
	    t[a].len >= 2 && t[a].len <= 6 && !(t[a].f & NT_TF_ABBR)) {
		add_cand(d, a, b, NT_ET_ORG, say);
		return;
	}
	if (d->tf[a] & TF_HEAD) {
		add_cand(d, a, b, NT_GAZ_NONE, 0);
		return;
	}
	if (n >= 2 && n <= 3 && nord == 0) {
		add_cand(d, a, b, NT_ET_PERSON, say);
		return;
	}
	if (n >= 2 && nord > 0) {
		add_cand(d, a, b, NT_ET_ORG, say);
		return;
	}
	if (n == 1 && (c0 & NT_GC_FIRST) && !ordinary(d, a)) {
		add_cand(d, a, b, NT_ET_PERSON, say);
		return;
	}
	if (n == 1 && (pw == W_IN || pw == W_NEAR) && !say) {
		add_cand(d, a, b, NT_ET_LOC, 0);
		return;
	}
	/* repeated, an unknown word is most likely a body (entnorm.c) */
	add_cand(d, a, b, say ? NT_ET_PERSON : n == 1 && !(d->tf[a] & TF_SENT) &&
	    !(t[a].f & NT_TF_ABBR) ? NT_ET_ORG : NT_GAZ_NONE, say ? 0 : 2);
}

/* Emit the gazetteer places inside an organisation's name. */
static void
nested(struct ent_doc *d, size_t a, size_t b)
{
	size_t k, m;
	const struct nt_gaz_ent *ge;
	struct ent *e;

	for (k = a; k < b; k++) {
		if ((m = gaz_at(d, k, b, &ge)) == 0 || ge->type != NT_ET_LOC)
			continue;
		e = add_gaz(d, ge, k, m);
		(void)e;
		k = m - 1;
	}
}

static void
org(struct ent_doc *d, size_t a, size_t b)
{
	struct ent *e = ent_add(d, NT_ET_ORG, a, b);

	e->strong = 1;
	/* ent_add marked the span used; nested places may reuse it */
	for (size_t k = a; k < b; k++)
		d->tf[k] &= (uint8_t)~TF_USED;
	nested(d, a, b);
	for (size_t k = a; k < b; k++)
		d->tf[k] |= TF_USED;
}

static void
chunk(struct ent_doc *d, size_t cs, size_t ce)
{
	size_t p = cs, q, m, r, k;
	int title = 0;
	const struct nt_gaz_ent *ge;
	uint32_t cl;

	/* Leading words that are not part of a name. */
	while (p < ce) {
		if (punct(d, p, '.') || punct(d, p, '-')) {
			p++;
			continue;
		}
		if ((m = gaz_at(d, p, ce, &ge)) != 0 && !((d->tf[p] &
		    (TF_SENT | TF_HEAD)) && m == p + 1 && ordinary(d, p))) {
			/* a place or body before a title: "US General X" */
			if (m < ce && title_at(d, m, ce) && !(cls(d, p) &
			    NT_GC_TITLE)) {
				add_gaz(d, ge, p, m);
				p = m;
				continue;
			}
			break;
		}
		if ((m = title_at(d, p, ce)) != 0) {
			title = 1;
			p = m;
			continue;
		}
		if ((d->tf[p] & (TF_SENT | TF_HEAD)) && ordinary(d, p)) {
			p++;
			continue;
		}
		if (cls(d, p) & (NT_GC_NOTNAME | NT_GC_FUNC)) {
			p++;
			continue;
		}
		if ((cls(d, p) & NT_GC_DEMONYM) && p + 1 < ce &&
		    !(cls(d, ce - 1) & NT_GC_ORGSUF)) {
			p++;
			continue;
		}
		break;
	}
	/* A title inside: "Army Gen. Mark Milley", "... of Ukraine Gen. X" */
	for (k = p + 1; k < ce; k++) {
		if ((m = title_at(d, k, ce)) == 0 || m >= ce ||
		    !capword(d, m) || (cls(d, m) & NT_GC_FUNC) ||
		    (ordinary(d, m) && !(cls(d, m) & NT_GC_FIRST)))
			continue;
		if (cls(d, ce - 1) & NT_GC_ORGSUF)
			break;
		chunk(d, p, k);
		p = m;
		title = 1;
		k = p;
	}
	/* Trailing junk: a full stop, a hyphen, "of". */
	while (ce > p && (d->tk.t[ce - 1].kind == NT_TOK_PUNCT ||
	    d->word[ce - 1] == W_OF || d->word[ce - 1] == W_THE))
		ce--;
	if (p >= ce)
		return;
	cl = cls(d, ce - 1);
	/* A whole gazetteer name. */
	if ((m = gaz_at(d, p, ce, &ge)) == ce) {
		if (ge->type == NT_ET_ORG)
			nested(d, p + 1, ce);
		add_gaz(d, ge, p, ce);
		return;
	}
	if ((cl & NT_GC_ORGSUF) && ce - p >= 2 && !(cls(d, p) & NT_GC_TITLE)) {
		org(d, p, ce);
		return;
	}
	for (k = p; k + 1 < ce; k++)
		if ((cls(d, k) & NT_GC_ORGPRE) && d->word[k + 1] == W_OF) {
			org(d, p, ce);
			return;
		}
	if ((cl & NT_GC_LOCSUF) && ce - p >= 2) {
		struct ent *e = ent_add(d, NT_ET_LOC, p, ce);

		e->strong = 1;
		return;
	}
	if ((cls(d, p) & NT_GC_LOCPRE) && ce - p >= 2) {
		struct ent *e = ent_add(d, NT_ET_LOC, p, ce);

		e->strong = 1;
		return;
	}
	/* Segments: gazetteer names and the runs between them. */
	for (q = p; q < ce; ) {
		if (d->tk.t[q].kind == NT_TOK_PUNCT) {
			q++;
			continue;
		}
		if ((m = gaz_at(d, q, ce, &ge)) != 0 && !(m == q + 1 &&
		    ge->type == NT_ET_PERSON && (cls(d, q) & NT_GC_WORD))) {
			/* A first name alone before an unknown surname. */
			if (ge->type == NT_ET_LOC && m < ce && q == p &&
			    title) {
				type_run(d, q, ce, title, cs);
				return;
			}
			add_gaz(d, ge, q, m);
			q = m;
			title = 0;
			continue;
		}
		for (r = q + 1; r < ce; r++)
			if (gaz_at(d, r, ce, &ge) != 0 && r + 1 < ce &&
			    ge->type != NT_ET_PERSON)
				break;
		/* "Valeska Paris": a given name and a place-named surname */
		if (q == p && ce == p + 2 && d->tk.t[q].kind == NT_TOK_WORD &&
		    gaz_at(d, q + 1, ce, &ge) == ce && ge->type == NT_ET_LOC &&
		    !ordinary(d, q) && !(cls(d, q) & (NT_GC_DEMONYM |
		    NT_GC_LOCPRE | NT_GC_ORGSUF | NT_GC_TITLE | NT_GC_ENT)) &&
		    d->tk.t[q].len >= 3 && !(d->tk.t[q].f & NT_TF_ALLCAPS)) {
			struct ent *e = ent_add(d, NT_ET_PERSON, q, ce);

			e->strong = 1;
			return;
		}
		while (r > q && (d->tk.t[r - 1].kind == NT_TOK_PUNCT ||
		    d->word[r - 1] == W_OF || (cls(d, r - 1) &
		    NT_GC_PARTICLE)))
			r--;
		if (r > q)
			type_run(d, q, r, title, cs);
		title = 0;
		q = r > q ? r : q + 1;
		while (q < ce && (d->tk.t[q].kind == NT_TOK_PUNCT ||
		    d->word[q] == W_OF))
			q++;
	}
}

void
ent_names(struct ent_doc *d)
{
	size_t i, ce;
	const struct nt_gaz_ent *ge;
	const struct nt_tok *t = d->tk.t;

	for (i = 0; i < d->tk.n; i++) {
		if (d->tf[i] & TF_USED)
			continue;
		if (capword(d, i)) {
			/* "pro-Beijing", "anti-Western": an adjective */
			if (i >= 2 && punct(d, i - 1, '-') && glued(d, i) &&
			    glued(d, i - 1) && t[i - 2].kind == NT_TOK_WORD &&
			    (t[i - 2].f & NT_TF_LOWER1))
				continue;
			ce = chunk_end(d, i);
			chunk(d, i, ce);
			i = ce - 1;
			continue;
		}
		/* user names in lower case: "howitzer" */
		if (t[i].kind == NT_TOK_WORD && nt_gaz_lowstart(d->gaz, t[i].h)
		    && (ce = gaz_at(d, i, d->tk.n, &ge)) != 0 &&
		    (ge->flags & NT_GE_LOWER)) {
			add_gaz(d, ge, i, ce);
			i = ce - 1;
		}
	}
}
