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

/* A full stop after an initial or a title: "J. Smith", "Gen. Milley". */
static int
dot_joins(struct ent_doc *d, size_t j)
{
	const struct nt_tok *t = d->tk.t;

	return punct(d, j, '.') && glued(d, j) && j + 1 < d->tk.n &&
	    capword(d, j + 1) && !(t[j + 1].f & NT_TF_NL) &&
	    ((t[j - 1].e - t[j - 1].b == 1) || (cls(d, j - 1) & NT_GC_TITLE));
}

/*
 * A hyphen inside a word: "Jong-un", "Secretary-General"; the part after
 * it capitalised, short and no ordinary word, or a title.
 */
static int
hyphen_joins(struct ent_doc *d, size_t j)
{
	const struct nt_tok *t = d->tk.t;

	return punct(d, j, '-') && glued(d, j) && glued(d, j + 1) &&
	    j + 1 < d->tk.n && t[j + 1].kind == NT_TOK_WORD &&
	    !(d->tf[j + 1] & TF_USED) && (capword(d, j + 1) ||
	    (t[j + 1].len <= 3 && !(cls(d, j + 1) & NT_GC_WORD)) ||
	    (cls(d, j + 1) & NT_GC_TITLE));
}

/*
 * "of" (the, a particle, or "for" after an organisation's word) between
 * capitalised words: "Bank of America", "Church of the Holy ...".  After
 * a plain word "of" joins only what an organisation's, a place's or a
 * title's word comes before.  Where the run goes on, or 0.
 */
static size_t
of_joins(struct ent_doc *d, size_t j)
{
	size_t k;

	if (d->tk.t[j].kind != NT_TOK_WORD || !(d->word[j] == W_OF ||
	    (cls(d, j) & NT_GC_PARTICLE) || (d->word[j] == W_FOR &&
	    (cls(d, j - 1) & (NT_GC_ORGSUF | NT_GC_ORGPRE)))))
		return 0;
	k = j + 1;
	if (k < d->tk.n && d->word[k] == W_THE && d->word[j] != W_THE)
		k++;
	if (k < d->tk.n && capword(d, k) && !(d->tk.t[k].f & NT_TF_NL) &&
	    (d->word[j] != W_OF || (cls(d, j - 1) & (NT_GC_ORGSUF |
	    NT_GC_ORGPRE | NT_GC_LOCPRE | NT_GC_LOCSUF | NT_GC_TITLE))))
		return k + 1;
	return 0;
}

/*
 * Does the capitalised run go on at token j: past a capitalised word,
 * one of the joins above, "&" before a capitalised word, or a gazetteer
 * name that goes on ("New People's Party")?  Where it goes on to, or j.
 */
static size_t
part_end(struct ent_doc *d, size_t j)
{
	const struct nt_gaz_ent *ge;
	size_t k;

	if (capword(d, j) || dot_joins(d, j))
		return j + 1;
	if (hyphen_joins(d, j))
		return j + 2;
	if ((k = of_joins(d, j)) != 0)
		return k;
	if (punct(d, j, '&') && j + 1 < d->tk.n && capword(d, j + 1))
		return j + 2;
	k = gaz_at(d, j - 1, d->tk.n, &ge);
	return k > j ? k : j;
}

/* Where the capitalised run starting at i ends: at a line's end too. */
static size_t
chunk_end(struct ent_doc *d, size_t i)
{
	size_t j = i + 1, k;

	while (j < d->tk.n && !(d->tk.t[j].f & NT_TF_NL) &&
	    !(d->tf[j] & TF_USED) && (k = part_end(d, j)) > j)
		j = k;
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

/* An entity typed by the evidence of its own words. */
static void
strong(struct ent_doc *d, uint32_t type, size_t a, size_t b)
{
	ent_add(d, type, a, b)->strong = 1;
}

/*
 * The words of [a, b), a hyphenated one counting once ("Lee
 * Cheuk-yan"), and in *nord how many of them are ordinary words.
 */
static size_t
run_words(struct ent_doc *d, size_t a, size_t b, int *nord)
{
	const struct nt_tok *t = d->tk.t;
	size_t n = 0, k;

	*nord = 0;
	for (k = a; k < b; k++) {
		if (t[k].kind == NT_TOK_PUNCT)
			continue;
		if (k > a && (t[k].f & NT_TF_GLUED) && t[k - 1].kind ==
		    NT_TOK_PUNCT && t[k - 1].cp == '-')
			continue;
		n++;
		if (ordinary(d, k))
			(*nord)++;
	}
	return n;
}

/*
 * A person on evidence: after a title, a role word or "who", up to four
 * words not all ordinary; or two to four words that start with a given
 * name (and do not end as an organisation) or end in a family name with
 * no ordinary word.  1 if [a, b) was one.
 */
static int
person_run(struct ent_doc *d, size_t a, size_t b, size_t n, int nord,
    int title, size_t cs)
{
	uint32_t c0 = cls(d, a), cl = cls(d, b - 1);
	struct ent *e;

	if ((title || role_before(d, cs) || (cs > 0 &&
	    d->word[cs - 1] == W_WHO)) && n <= 4 && nord < (int)n) {
		e = ent_add(d, NT_ET_PERSON, a, b);
		e->strong = 1;
		e->title = title;
		return 1;
	}
	if (((c0 & NT_GC_FIRST) && n >= 2 && n <= 4 && !(cl & NT_GC_ORGSUF)) ||
	    ((cl & NT_GC_LAST) && n >= 2 && n <= 4 && nord == 0)) {
		strong(d, NT_ET_PERSON, a, b);
		return 1;
	}
	return 0;
}

/*
 * No evidence: [a, b) becomes a candidate with a guess that entnorm.c
 * keeps only if nothing else in the document types it.  A short word
 * in capitals is a body; a run in a headline has no guess; two or three
 * words none of them ordinary are a person, with ordinary words a body;
 * a given name alone a person; a word after in/near a place.
 */
static void
guess_run(struct ent_doc *d, size_t a, size_t b, size_t n, int nord,
    size_t cs)
{
	const struct nt_tok *t = d->tk.t;
	uint16_t pw = cs > 0 ? d->word[cs - 1] : 0;
	int say = say_after(d, b);

	if (n == 1 && (t[a].f & NT_TF_ALLCAPS) && !(d->tf[a] & TF_HEAD) &&
	    t[a].len >= 2 && t[a].len <= 6 && !(t[a].f & NT_TF_ABBR))
		add_cand(d, a, b, NT_ET_ORG, say);
	else if (d->tf[a] & TF_HEAD)
		add_cand(d, a, b, NT_GAZ_NONE, 0);
	else if (n >= 2 && n <= 3 && nord == 0)
		add_cand(d, a, b, NT_ET_PERSON, say);
	else if (n >= 2 && nord > 0)
		add_cand(d, a, b, NT_ET_ORG, say);
	else if (n == 1 && (cls(d, a) & NT_GC_FIRST) && !ordinary(d, a))
		add_cand(d, a, b, NT_ET_PERSON, say);
	else if (n == 1 && (pw == W_IN || pw == W_NEAR) && !say)
		add_cand(d, a, b, NT_ET_LOC, 0);
	/* repeated, an unknown word is most likely a body (entnorm.c) */
	else
		add_cand(d, a, b, say ? NT_ET_PERSON : n == 1 &&
		    !(d->tf[a] & TF_SENT) && !(t[a].f & NT_TF_ABBR) ?
		    NT_ET_ORG : NT_GAZ_NONE, say ? 0 : 2);
}

/*
 * Type the run [a, b) of a chunk, cs the chunk's start (for the word
 * before it): a demonym alone is no name; a person on evidence, or a
 * candidate.
 */
static void
type_run(struct ent_doc *d, size_t a, size_t b, int title, size_t cs)
{
	int nord;
	size_t n = run_words(d, a, b, &nord);

	if (n == 1 && (cls(d, a) & NT_GC_DEMONYM))
		return;
	if (!person_run(d, a, b, n, nord, title, cs))
		guess_run(d, a, b, n, nord, cs);
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

/*
 * Is token p capitalised only because it opens a sentence or stands in
 * a headline?  An ordinary word there ("Meanwhile", "Hours") is no name.
 */
static int
opener(struct ent_doc *d, size_t p)
{
	return (d->tf[p] & (TF_SENT | TF_HEAD)) && ordinary(d, p);
}

/*
 * Is word p, at the start of the chunk [p, ce), left out of the name?
 * Openers, words that are never names, and a demonym before more words
 * ("Ukrainian President X").  A demonym stays when the chunk ends in an
 * organisation's word: "Ukrainian Defence Ministry" is one name.
 */
static int
lead_word(struct ent_doc *d, size_t p, size_t ce)
{
	if (opener(d, p))
		return 1;
	if (cls(d, p) & (NT_GC_NOTNAME | NT_GC_FUNC))
		return 1;
	return (cls(d, p) & NT_GC_DEMONYM) && p + 1 < ce &&
	    !(cls(d, ce - 1) & NT_GC_ORGSUF);
}

/*
 * Skip what comes before the name in the chunk [p, ce): stray full stops
 * and hyphens, titles (which set *title: evidence of a person), openers,
 * and a place or body before a title ("US General X"), which is a name
 * of its own and is emitted here.  Returns where the name starts.
 */
static size_t
skip_lead(struct ent_doc *d, size_t p, size_t ce, int *title)
{
	const struct nt_gaz_ent *ge;
	size_t m;

	while (p < ce) {
		if (punct(d, p, '.') || punct(d, p, '-')) {
			p++;
			continue;
		}
		/* A gazetteer name starts the name, unless it is an opener. */
		if ((m = gaz_at(d, p, ce, &ge)) != 0 &&
		    !(m == p + 1 && opener(d, p))) {
			if (m >= ce || !title_at(d, m, ce) ||
			    (cls(d, p) & NT_GC_TITLE))
				break;
			add_gaz(d, ge, p, m);
			p = m;
			continue;
		}
		if ((m = title_at(d, p, ce)) != 0) {
			*title = 1;
			p = m;
			continue;
		}
		if (!lead_word(d, p, ce))
			break;
		p++;
	}
	return p;
}

/*
 * Does a title at token k start a new name, "Army Gen. Mark Milley"?
 * It must be followed, inside the chunk, by a capitalised word that
 * could begin a name: not a function word, not an ordinary word unless
 * it is also a given name.  Returns where that name starts, or 0.
 */
static size_t
inner_title(struct ent_doc *d, size_t k, size_t ce)
{
	size_t m = title_at(d, k, ce);

	if (m == 0 || m >= ce || !capword(d, m) || (cls(d, m) & NT_GC_FUNC) ||
	    (ordinary(d, m) && !(cls(d, m) & NT_GC_FIRST)))
		return 0;
	return m;
}

static void	chunk(struct ent_doc *, size_t, size_t);

/*
 * A title inside the chunk ends one name and starts another: "... of
 * Ukraine Gen. Valerii Zaluzhnyi".  What comes before it is a chunk of
 * its own; returns where the last name starts, with *title set when it
 * follows a title.  A chunk that ends in an organisation's word is one
 * name, a title inside and all ("Joint Chiefs Gen. Smith Foundation").
 */
static size_t
split_titles(struct ent_doc *d, size_t p, size_t ce, int *title)
{
	size_t k, m;

	if (cls(d, ce - 1) & NT_GC_ORGSUF)
		return p;
	for (k = p + 1; k < ce; k++) {
		if ((m = inner_title(d, k, ce)) == 0)
			continue;
		chunk(d, p, k);
		p = m;
		*title = 1;
		k = p;
	}
	return p;
}

/* Drop trailing junk from [p, ce): a full stop, a hyphen, "of", "the". */
static size_t
trim_end(struct ent_doc *d, size_t p, size_t ce)
{
	while (ce > p && (d->tk.t[ce - 1].kind == NT_TOK_PUNCT ||
	    d->word[ce - 1] == W_OF || d->word[ce - 1] == W_THE))
		ce--;
	return ce;
}

/*
 * The whole of [p, ce) is a gazetteer name: emit it, and the places
 * named inside an organisation's name.  1 if it was.
 */
static int
whole_gaz(struct ent_doc *d, size_t p, size_t ce)
{
	const struct nt_gaz_ent *ge;

	if (gaz_at(d, p, ce, &ge) != ce)
		return 0;
	if (ge->type == NT_ET_ORG)
		nested(d, p + 1, ce);
	add_gaz(d, ge, p, ce);
	return 1;
}

/*
 * [p, ce) typed by the word that ends or starts it: an organisation's
 * word at the end (Party, Ministry; but a title alone before it is a
 * role, "Defence Minister"), an organisation's word before "of"
 * anywhere (University of ...), a place's word at either end (River,
 * Province; Lake, Mount).  Two words at least.  1 if it was typed.
 */
static int
by_affix(struct ent_doc *d, size_t p, size_t ce)
{
	uint32_t cl = cls(d, ce - 1);
	size_t k;

	if ((cl & NT_GC_ORGSUF) && ce - p >= 2 && !(cls(d, p) & NT_GC_TITLE)) {
		org(d, p, ce);
		return 1;
	}
	for (k = p; k + 1 < ce; k++)
		if ((cls(d, k) & NT_GC_ORGPRE) && d->word[k + 1] == W_OF) {
			org(d, p, ce);
			return 1;
		}
	if (((cl & NT_GC_LOCSUF) || (cls(d, p) & NT_GC_LOCPRE)) &&
	    ce - p >= 2) {
		strong(d, NT_ET_LOC, p, ce);
		return 1;
	}
	return 0;
}

/*
 * A one-word person's name that is also an ordinary word ("Will",
 * "Rose") proves nothing inside a longer run: it is typed with the run.
 */
static int
weak_person(struct ent_doc *d, const struct nt_gaz_ent *ge, size_t q,
    size_t m)
{
	return m == q + 1 && ge->type == NT_ET_PERSON &&
	    (cls(d, q) & NT_GC_WORD);
}

/*
 * "Valeska Paris": two words, a place's name after one that could be a
 * given name (not ordinary, not a demonym or the word of a place, a
 * body or a title, not a name itself, not an acronym, three letters at
 * least) are a person with a place-named surname.
 */
static int
given_and_place(struct ent_doc *d, size_t q, size_t ce)
{
	const struct nt_gaz_ent *ge;
	const struct nt_tok *t = &d->tk.t[q];

	return ce == q + 2 && t->kind == NT_TOK_WORD &&
	    gaz_at(d, q + 1, ce, &ge) == ce && ge->type == NT_ET_LOC &&
	    !ordinary(d, q) && !(cls(d, q) & (NT_GC_DEMONYM | NT_GC_LOCPRE |
	    NT_GC_ORGSUF | NT_GC_TITLE | NT_GC_ENT)) && t->len >= 3 &&
	    !(t->f & NT_TF_ALLCAPS);
}

/*
 * Where the run of words without a gazetteer name, from q, ends: before
 * the next gazetteer name that is no person's and is not the last word,
 * less the punctuation, "of" and particles it ends with.
 */
static size_t
run_end(struct ent_doc *d, size_t q, size_t ce)
{
	const struct nt_gaz_ent *ge;
	size_t r;

	for (r = q + 1; r < ce; r++)
		if (gaz_at(d, r, ce, &ge) != 0 && r + 1 < ce &&
		    ge->type != NT_ET_PERSON)
			break;
	while (r > q && (d->tk.t[r - 1].kind == NT_TOK_PUNCT ||
	    d->word[r - 1] == W_OF || (cls(d, r - 1) & NT_GC_PARTICLE)))
		r--;
	return r;
}

/*
 * The name [p, ce) in segments: gazetteer names, and the runs of other
 * words between them, each typed by type_run.  A title is evidence for
 * the first segment only.  After a title, a place's name that goes on
 * is a given name before an unknown surname ("Gen. Jordan X"): the
 * whole is one run.
 */
static void
segments(struct ent_doc *d, size_t p, size_t ce, int title, size_t cs)
{
	const struct nt_gaz_ent *ge;
	size_t q, m, r;

	for (q = p; q < ce; ) {
		if (d->tk.t[q].kind == NT_TOK_PUNCT) {
			q++;
			continue;
		}
		if ((m = gaz_at(d, q, ce, &ge)) != 0 &&
		    !weak_person(d, ge, q, m)) {
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
		if (q == p && given_and_place(d, q, ce)) {
			strong(d, NT_ET_PERSON, q, ce);
			return;
		}
		r = run_end(d, q, ce);
		if (r > q)
			type_run(d, q, r, title, cs);
		title = 0;
		q = r > q ? r : q + 1;
		while (q < ce && (d->tk.t[q].kind == NT_TOK_PUNCT ||
		    d->word[q] == W_OF))
			q++;
	}
}

/*
 * The capitalised run [cs, ce), from chunk_end: what comes before the
 * name goes, titles inside split it, junk at the end goes, and what is
 * left is typed whole (gazetteer, first or last word) or in segments.
 */
static void
chunk(struct ent_doc *d, size_t cs, size_t ce)
{
	int title = 0;
	size_t p;

	p = skip_lead(d, cs, ce, &title);
	p = split_titles(d, p, ce, &title);
	ce = trim_end(d, p, ce);
	if (p >= ce)
		return;
	if (whole_gaz(d, p, ce) || by_affix(d, p, ce))
		return;
	segments(d, p, ce, title, cs);
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
