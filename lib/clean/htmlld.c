/*
 * htmlld: the page's JSON-LD articleBody as a second opinion.
 *
 * The body is the article as the site told search engines, but often
 * cut short, stripped of its paragraphs, or a teaser; the DOM is the
 * article as readers see it.  So the body only checks the DOM's choice,
 * by words (sets of hashed, lower-cased words):
 *  - the kept lines hold most of the body's words: the choice stands,
 *    but kept lines with few of the body's words go
 *    (dom:not-in-articlebody), unless the body is much shorter than the
 *    kept lines (a teaser: the rest is not in it), or they are quoted
 *    (an embedded post is seldom in the body);
 *  - they miss much of it, but the page's lines hold it: the lines made
 *    of the body's words are the article, wherever they are;
 *  - the page does not hold it (the text comes by script): the body,
 *    paragraph by paragraph, is the article.
 * A body of fewer than BODY_MIN distinct words says too little, unless
 * the page shows next to nothing (a "Loading..."): then it is the text.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "clean/htmlint.h"
#include "core/util.h"

#define BODY_MIN	40	/* distinct words */
#define AGREE		0.8	/* share of words that counts as most */
#define LINE_IN		0.8	/* a line made of the body's words */
#define LINE_OUT	0.3	/* a line with few of them */
#define LINE_WORDS	4	/* shorter lines are not judged by words */
#define TEASER		0.7	/* a body this much shorter than the kept
				   lines is their beginning, not all of it */

struct wset {
	uint64_t	*h;
	uint8_t		*seen;		/* found in the kept lines */
	size_t		 mask, n;
};

static int
wch(int c)
{
	return isalnum(c) || c >= 0x80;
}

static uint64_t
word_hash(const char *s, size_t n)
{
	char buf[64];
	size_t i;
	uint64_t h;

	if (n > sizeof(buf))
		return XXH3_64bits(s, n) | 1;
	for (i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)s[i]);
	h = XXH3_64bits(buf, n);
	return h ? h : 1;
}

/* The next word of s[*i..n), hashed; 0 at the end. */
static uint64_t
next(const char *s, size_t n, size_t *i)
{
	size_t a;

	while (*i < n && !wch((unsigned char)s[*i]))
		(*i)++;
	a = *i;
	while (*i < n && wch((unsigned char)s[*i]))
		(*i)++;
	return *i > a ? word_hash(s + a, *i - a) : 0;
}

/* The slot of h: where it is, or where it would go. */
static size_t
slot(const struct wset *w, uint64_t h)
{
	size_t k = h & w->mask;

	while (w->h[k] != 0 && w->h[k] != h)
		k = (k + 1) & w->mask;
	return k;
}

static void
build(struct wset *w, const char *s, size_t n)
{
	size_t i = 0, cap = 64, k;
	uint64_t h;

	while (cap < n / 2)
		cap *= 2;
	w->h = nt_ecalloc(cap, sizeof(*w->h));
	w->seen = nt_ecalloc(cap, 1);
	w->mask = cap - 1;
	w->n = 0;
	while ((h = next(s, n, &i)) != 0) {
		k = slot(w, h);
		if (w->h[k] == 0 && w->n * 2 < cap) {
			w->h[k] = h;
			w->n++;
		}
	}
}

/* Words of line l, and how many of them the body has. */
static void
line_words(const struct nt_hdoc *d, const struct hline *l,
    const struct wset *w, size_t *words, size_t *in)
{
	size_t i = 0;
	uint64_t h;

	*words = *in = 0;
	while ((h = next(d->page.p + l->off, l->len, &i)) != 0) {
		(*words)++;
		*in += w->h[slot(w, h)] == h;
	}
}

/* Mark the body's words that the lines chosen (reason 0) hold, and
 * return the share of the body so held. */
static double
held(const struct nt_hdoc *d, struct wset *w, int all)
{
	size_t i, j, k, seen = 0, words, in;
	uint64_t h;
	const struct hline *l;

	memset(w->seen, 0, w->mask + 1);
	for (i = 0; i < d->nln; i++) {
		l = &d->ln[i];
		if (all) {
			line_words(d, l, w, &words, &in);
			if (words < LINE_WORDS || in < words * LINE_IN)
				continue;
		} else if (l->reason != 0)
			continue;
		for (j = 0; (h = next(d->page.p + l->off, l->len, &j)) != 0; )
			if (w->h[k = slot(w, h)] == h && !w->seen[k]) {
				w->seen[k] = 1;
				seen++;
			}
	}
	return w->n ? (double)seen / w->n : 0;
}

/* The share of the kept lines' words that the body has, and how many
 * words they have. */
static double
precision(const struct nt_hdoc *d, const struct wset *w, size_t *kept)
{
	size_t i, words, in, tw = 0, ti = 0;

	for (i = 0; i < d->nln; i++)
		if (d->ln[i].reason == 0) {
			line_words(d, &d->ln[i], w, &words, &in);
			tw += words;
			ti += in;
		}
	*kept = tw;
	return tw ? (double)ti / tw : 1;
}

static size_t
count_words(const char *s, size_t n)
{
	size_t i = 0, k = 0;

	while (next(s, n, &i) != 0)
		k++;
	return k;
}

static void
drop_strangers(struct nt_hdoc *d, const struct wset *w)
{
	size_t i, words, in;

	for (i = 0; i < d->nln; i++) {
		/* Quotes and embedded posts are seldom in the body. */
		if (d->ln[i].reason != 0 || d->ln[i].kind == NT_HK_QUOTE)
			continue;
		line_words(d, &d->ln[i], w, &words, &in);
		if (words >= LINE_WORDS && in < words * LINE_OUT)
			d->ln[i].reason = NT_HR_JSONLD;
	}
}

static void
take_body_lines(struct nt_hdoc *d, const struct wset *w)
{
	size_t i, words, in;
	struct hline *l;

	for (i = 0; i < d->nln; i++) {
		l = &d->ln[i];
		line_words(d, l, w, &words, &in);
		if (words >= LINE_WORDS && in >= words * LINE_IN &&
		    l->reason != NT_HR_HIDDEN && l->reason != NT_HR_TITLE)
			l->reason = 0;
		else if (l->reason == 0)
			l->reason = NT_HR_JSONLD;
	}
}

/* The body itself, a line per paragraph, after the page's lines. */
static void
append_body(struct nt_hdoc *d, const char *body, size_t n)
{
	const char *p = body, *end = body + n, *nl;
	struct hline *l;
	size_t i;

	for (i = 0; i < d->nln; i++)
		if (d->ln[i].reason == 0)
			d->ln[i].reason = NT_HR_JSONLD;
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		while (p < nl && isspace((unsigned char)*p))
			p++;
		if (p == nl)
			continue;
		if (d->nln == d->lncap) {
			d->lncap = d->lncap ? d->lncap * 2 : 16;
			d->ln = nt_ereallocarray(d->ln, d->lncap,
			    sizeof(*d->ln));
		}
		l = &d->ln[d->nln++];
		memset(l, 0, sizeof(*l));
		if (d->page.len > 0)
			nt_buf_addc(&d->page, '\n');
		l->off = d->page.len;
		l->len = (size_t)(nl - p);
		l->kind = NT_HK_PARA;
		nt_buf_add(&d->page, p, l->len);
	}
}

int
nt_hld(struct nt_hdoc *d, const char *body, size_t n)
{
	struct wset w;
	size_t kept;
	int rv = 0;

	if (body == NULL || n == 0)
		return 0;
	build(&w, body, n);
	if (w.n < BODY_MIN && precision(d, &w, &kept) >= 0 &&
	    kept * 4 < count_words(body, n)) {
		/* The page shows next to nothing: any body is better. */
		append_body(d, body, n);
		rv = 1;
	} else if (w.n >= BODY_MIN) {
		if (held(d, &w, 0) >= AGREE) {
			if (precision(d, &w, &kept) < 1 &&
			    count_words(body, n) >= kept * TEASER)
				drop_strangers(d, &w);
		} else if (held(d, &w, 1) >= AGREE) {
			take_body_lines(d, &w);
			rv = 1;
		} else {
			append_body(d, body, n);
			rv = 1;
		}
	}
	free(w.h);
	free(w.seen);
	return rv;
}
