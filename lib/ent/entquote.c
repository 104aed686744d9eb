/*
 * entquote: direct quotations and who said them.
 *
 * A quotation runs from an opening double quotation mark to its closing
 * mark within a paragraph and holds at least three words.  Its speaker
 * is looked for after it ("..., said Zaluzhnyi", "..." Austin told),
 * then before it (Macron said: "..."), then in an "according to" phrase
 * of the same sentence.  A pronoun speaker takes the canonical name of
 * the last person named before the quotation.  Quotations with no
 * speaker are left out.
 *
 * Everything here is linear in the number of tokens: the entities are
 * indexed by the tokens they start and end at before the quotations
 * are looked for, and a run of opening marks with no closing mark is
 * scanned once, not once per mark.
 */
#include <string.h>

#include "ent/entint.h"
#include "core/util.h"

static int
is_open(const struct ent_doc *d, size_t i)
{
	const struct nt_tok *t = &d->tk.t[i];

	if (t->kind != NT_TOK_PUNCT)
		return 0;
	if (t->cp == 0x201c || t->cp == 0xab || t->cp == 0x201e)
		return 1;
	return t->cp == '"' && i + 1 < d->tk.n &&
	    (d->tk.t[i + 1].f & NT_TF_GLUED) && !(t->f & NT_TF_GLUED &&
	    i > 0 && d->tk.t[i - 1].kind == NT_TOK_WORD);
}

static int
is_close(const struct ent_doc *d, size_t i, uint32_t open)
{
	const struct nt_tok *t = &d->tk.t[i];

	if (t->kind != NT_TOK_PUNCT)
		return 0;
	if (open == 0xab)
		return t->cp == 0xbb;
	return t->cp == 0x201d || (t->cp == '"' && (t->f & NT_TF_GLUED)) ||
	    (open == 0x201e && t->cp == 0x201c);
}

/* Is entity k a live person or organisation? */
static int
speaker_type(const struct ent *e)
{
	return !e->dead && (e->type == NT_ET_PERSON || e->type == NT_ET_ORG);
}

/*
 * Index the entities by token: qstart[i] is the first person or
 * organisation (in the order of d->e) that starts at token i, qend[i]
 * the first that ends just before token i, qlastp[i] the person that
 * starts last among those ending at or before token i.
 */
static void
index_ents(struct ent_doc *d)
{
	size_t i, k, n = d->tk.n + 1;
	long best = -1;

	if (n > d->qcap2) {
		d->qcap2 = n + n / 2;
		d->qstart = nt_ereallocarray(d->qstart, d->qcap2, sizeof(long));
		d->qend = nt_ereallocarray(d->qend, d->qcap2, sizeof(long));
		d->qlastp = nt_ereallocarray(d->qlastp, d->qcap2, sizeof(long));
	}
	for (i = 0; i < n; i++)
		d->qstart[i] = d->qend[i] = d->qlastp[i] = -1;
	for (k = d->ne; k-- > 0;) {
		const struct ent *e = &d->e[k];

		if (!speaker_type(e))
			continue;
		d->qstart[e->tb] = (long)k;
		d->qend[e->te] = (long)k;
	}
	/* Persons by end token, the latest start kept (the first in
	 * the order of d->e among equal starts). */
	for (k = 0; k < d->ne; k++) {
		const struct ent *e = &d->e[k];

		if (e->type == NT_ET_PERSON && !e->dead &&
		    (d->qlastp[e->te] < 0 || e->tb > d->e[d->qlastp[e->te]].tb))
			d->qlastp[e->te] = (long)k;
	}
	for (i = 0; i < n; i++) {
		if (d->qlastp[i] >= 0 && (best < 0 ||
		    d->e[d->qlastp[i]].tb > d->e[best].tb))
			best = d->qlastp[i];
		d->qlastp[i] = best;
	}
}

/* The person or organisation entity starting (or ending) at token i. */
static long
ent_starting(const struct ent_doc *d, size_t i, int ending)
{
	long a, b;

	if (!ending)
		return d->qstart[i];
	a = d->qend[i + 1];
	b = d->tk.t[i].f & NT_TF_POSS ? d->qend[i] : -1;
	if (a < 0 || (b >= 0 && b < a))
		return b;
	return a;
}

static int
is_say(struct ent_doc *d, size_t i)
{
	if (i >= d->tk.n || d->tk.t[i].kind != NT_TOK_WORD)
		return 0;
	return (d->cls[i] & NT_GC_SAY) != 0;
}

static int
pronoun(const struct ent_doc *d, size_t i)
{
	return i < d->tk.n && (d->word[i] == W_HE || d->word[i] == W_SHE);
}

static void
set_ent(struct ent_doc *d, struct quote *q, long k)
{
	const struct ent *e = &d->e[k];

	q->speaker = ent_str(d, d->s + e->b, e->e - e->b);
	q->snorm = e->norm;
	q->sent = 1;
}

static void
set_pronoun(struct ent_doc *d, struct quote *q, size_t i)
{
	long best = d->qlastp[q->tb];

	q->speaker = ent_str(d, TOKP(d, i), TOKN(d, i));
	q->snorm = best >= 0 ? d->e[best].norm : -1;
	q->sent = 1;
}

static int
sentence_end(const struct ent_doc *d, size_t i)
{
	const struct nt_tok *t = &d->tk.t[i];

	return (t->f & NT_TF_NL) || (t->kind == NT_TOK_PUNCT &&
	    (t->cp == '.' || t->cp == '!' || t->cp == '?'));
}

static void
speaker(struct ent_doc *d, struct quote *q, size_t open, size_t close)
{
	size_t a = close + 1, k, lim;
	long e;

	if (a < d->tk.n && d->tk.t[a].kind == NT_TOK_PUNCT &&
	    d->tk.t[a].cp == ',')
		a++;
	if (a < d->tk.n && !(d->tk.t[a].f & NT_TF_NL)) {
		/* "..., said Zaluzhnyi" */
		if (is_say(d, a)) {
			if ((e = ent_starting(d, a + 1, 0)) >= 0) {
				set_ent(d, q, e);
				return;
			}
			if (pronoun(d, a + 1)) {
				set_pronoun(d, q, a + 1);
				return;
			}
		}
		/* "..." Austin told; "...", Serhiy Popko, the head..., said */
		if ((e = ent_starting(d, a, 0)) >= 0) {
			lim = a + 20;
			for (k = d->e[e].te; k < d->tk.n && k < lim; k++) {
				if (sentence_end(d, k))
					break;
				if (is_say(d, k)) {
					set_ent(d, q, e);
					return;
				}
			}
		}
		if (pronoun(d, a) && (is_say(d, a + 1) || is_say(d, a + 2))) {
			set_pronoun(d, q, a);
			return;
		}
		/* "..., the military said" */
		if (d->word[a] == W_THE) {
			for (k = a + 1; k < d->tk.n && k < a + 6; k++) {
				if (d->tk.t[k].kind != NT_TOK_WORD)
					break;
				if (is_say(d, k)) {
					q->speaker = ent_str(d, TOKP(d, a),
					    d->tk.t[k - 1].e - d->tk.t[a].b);
					q->snorm = -1;
					q->sent = 1;
					return;
				}
			}
		}
	}
	/* Before the quotation: Macron said: "..." */
	lim = open > 25 ? open - 25 : 0;
	for (k = open; k > lim; k--) {
		size_t v = k - 1;

		if (d->tk.t[k].f & NT_TF_NL)
			break;
		if (v < open && sentence_end(d, v) && v + 1 < open)
			break;
		if (!is_say(d, v))
			continue;
		if (v > 0 && (e = ent_starting(d, v - 1, 1)) >= 0) {
			set_ent(d, q, e);
			return;
		}
		if (v > 1 && (e = ent_starting(d, v - 2, 1)) >= 0 &&
		    d->tk.t[v - 1].kind == NT_TOK_WORD) {
			set_ent(d, q, e);
			return;
		}
		if (v > 0 && pronoun(d, v - 1)) {
			set_pronoun(d, q, v - 1);
			return;
		}
		/* Zelenskyy ... said, with a clause between */
		for (size_t s = v; s > lim; s--) {
			if (sentence_end(d, s - 1))
				break;
			if ((e = ent_starting(d, s - 1, 0)) >= 0 &&
			    d->e[e].type == NT_ET_PERSON) {
				set_ent(d, q, e);
				return;
			}
		}
		break;
	}
	/* "according to the Ukrainian defense ministry" */
	for (k = close + 1; k + 2 < d->tk.n && k < close + 40; k++) {
		if (sentence_end(d, k))
			break;
		if (d->word[k] == W_ACCORDING && d->word[k + 1] == W_TO) {
			size_t s = k + 2, t = s;

			if ((e = ent_starting(d, s, 0)) >= 0) {
				set_ent(d, q, e);
				return;
			}
			while (t < d->tk.n && d->tk.t[t].kind == NT_TOK_WORD &&
			    !(d->tk.t[t].f & NT_TF_NL))
				t++;
			if (t > s) {
				q->speaker = ent_str(d, TOKP(d, s),
				    d->tk.t[t - 1].e - d->tk.t[s].b);
				q->snorm = -1;
				q->sent = 1;
			}
			return;
		}
	}
}

/* Which closing marks an opening mark takes: its class, 0 to 2. */
static int
close_class(uint32_t open)
{
	return open == 0xab ? 1 : open == 0x201e ? 2 : 0;
}

static struct quote *
new_quote(struct ent_doc *d, size_t i, size_t j)
{
	struct quote *q;

	if (d->nq == d->qcap) {
		d->qcap = d->qcap ? d->qcap * 2 : 16;
		d->q = nt_ereallocarray(d->q, d->qcap, sizeof(*d->q));
	}
	q = &d->q[d->nq];
	memset(q, 0, sizeof(*q));
	q->tb = i + 1;
	q->te = j;
	q->b = d->tk.t[i + 1].b;
	q->e = d->tk.t[j - 1].e;
	q->cb = d->tk.t[i + 1].cb;
	q->ce = d->tk.t[j - 1].ce;
	q->speaker = q->snorm = -1;
	return q;
}

void
ent_quotes(struct ent_doc *d)
{
	size_t i, j, nw, dead[3] = { 0, 0, 0 };
	uint32_t open;
	struct quote *q;
	int c;

	index_ents(d);
	for (i = 0; i < d->tk.n; i++) {
		if (!is_open(d, i))
			continue;
		open = d->tk.t[i].cp;
		/*
		 * An earlier mark of this class found no closing mark
		 * before token dead[c] (a line start or the end): nor
		 * will this one, which starts inside that stretch.
		 */
		c = close_class(open);
		if (i < dead[c])
			continue;
		nw = 0;
		for (j = i + 1; j < d->tk.n; j++) {
			if (d->tk.t[j].f & NT_TF_NL)
				break;
			if (is_close(d, j, open))
				break;
			if (d->tk.t[j].kind == NT_TOK_WORD)
				nw++;
		}
		if (j >= d->tk.n || !is_close(d, j, open) ||
		    (d->tk.t[j].f & NT_TF_NL)) {
			dead[c] = j;
			continue;
		}
		if (nw < 3 || j == i + 1) {
			i = j;
			continue;
		}
		q = new_quote(d, i, j);
		speaker(d, q, i, j);
		if (q->sent)
			d->nq++;
		i = j;
	}
}
