/*
 * The decisions are made in passes over an array of lines; each pass
 * only removes lines (sets rule), so the order of the passes is the order
 * of precedence: rules, then the teaser blocks they anchor, the title,
 * headline runs, menus, repeats, and last the classifier, which sees
 * what the earlier passes removed as evidence of page furniture.
 *
 * The classifier gives each line a weight: article-like lines weigh
 * their length, furniture weighs against, and the kept stretch is the
 * one with the largest total (the maximum-sum segment), so a long
 * article survives a few scraps in its middle while a menu, however
 * long, never joins it.  Further stretches that score well close by
 * join it (an article goes on after a box of related links), up to the
 * start of the comments.  Inside, short lines stay only as subheadings
 * between paragraphs.  The classifier only cuts texts in which the
 * earlier passes found page furniture: a clean article is left whole.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "clean/clean.h"
#include "clean/cleanint.h"
#include "clean/meta.h"
#include "core/json.h"
#include "text/chars.h"
#include "text/norm.h"
#include "text/tok.h"
#include "core/utf8.h"
#include "core/util.h"

/* Classifier weights, in characters of article text. */
#define SHORT_CHARS	40	/* below this a line is short */
#define SHORT_PENALTY	25	/* a short line that is not a sentence */
#define GOOD_OFFSET	40	/* a good line weighs its length less this */
#define BAD_FACTOR	0.6	/* a bad line weighs -(penalty + this * len) */
#define NEAR_FACTOR	0.5	/* a near-good line weighs half a good one */
#define BOUNDARY_PENALTY 150	/* a line that usually ends an article */
#define WEIGHT_CAP	800	/* no single line outweighs this */
#define FURNITURE_MIN	2	/* removed lines that show a page around */
#define MENU_MIN	12	/* or menu-like lines (and a quarter of all) */
#define SECOND_MIN	150	/* a further stretch of article scores this */
#define SECOND_SHARE	0.1	/* or this share of the best, if more */
#define SECOND_GAP	10	/* lines at most between it and the article */
#define ENDS_AFTER	300	/* article text before an "ends" line */
#define RULE_PENALTY	50	/* a line a rule removed */
#define RULE_FACTOR	0.6

const char nt_cl_classifier[] = "classifier";

void
nt_clean_init(struct nt_clean *c, struct nt_rules *rs, unsigned normflags)
{
	memset(c, 0, sizeof(*c));
	c->rs = rs;
	c->normflags = normflags;
}

static void
add_removed(struct nt_clean *c, const char *rule, size_t ob, size_t oe,
    size_t line)
{
	if (c->nrm == c->rmcap) {
		c->rmcap = c->rmcap ? c->rmcap * 2 : 16;
		c->rm = nt_ereallocarray(c->rm, c->rmcap, sizeof(*c->rm));
	}
	c->rm[c->nrm].rule = rule;
	c->rm[c->nrm].ob = ob;
	c->rm[c->nrm].oe = oe;
	c->rm[c->nrm].line = line;
	c->rm[c->nrm].dead = 0;
	c->nrm++;
}

static void
drop(struct nt_clean *c, struct nt_cline *l, const char *rule)
{
	size_t i;

	if (l->rule != NULL || l->ne == l->nb)
		return;
	l->rule = rule;
	/* The whole line is reported; its partial cuts are part of it. */
	for (i = 0; i < l->nspan; i++)
		c->rm[l->span0 + i].dead = 1;
}

static const char *
ntext(const struct nt_clean *c, const struct nt_cline *l)
{
	return (l->orig ? c->text : c->norm.p) + l->nb;
}

static int	sentence_end(const char *, size_t);

/* --- Pass 1: lines, the date, rules that cut spans, normalisation. --- */

static int
digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

/*
 * A leading "date 2023-01-17": its length in bytes (with the white space
 * around it), and the date in out; 0 if there is none.
 */
static size_t
leading_date(const char *p, size_t n, char out[11])
{
	size_t i = 0, j;

	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
		i++;
	if (n - i < 15 || strncasecmp(p + i, "date", 4) != 0)
		return 0;
	i += 4;
	if (i < n && p[i] == ':')
		i++;
	if (i >= n || (p[i] != ' ' && p[i] != '\t'))
		return 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (n - i < 10)
		return 0;
	for (j = 0; j < 10; j++)
		if (j == 4 || j == 7 ? p[i + j] != '-' : !digit(p[i + j]))
			return 0;
	if (i + 10 < n && p[i + 10] != ' ' && p[i + 10] != '\t' &&
	    p[i + 10] != '\r')
		return 0;
	if ((p[i + 5] - '0') * 10 + (p[i + 6] - '0') < 1 ||
	    (p[i + 5] - '0') * 10 + (p[i + 6] - '0') > 12 ||
	    (p[i + 8] - '0') * 10 + (p[i + 9] - '0') < 1 ||
	    (p[i + 8] - '0') * 10 + (p[i + 9] - '0') > 31)
		return 0;
	memcpy(out, p + i, 10);
	out[10] = '\0';
	i += 10;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
		i++;
	return i;
}

static size_t
count_cp(const char *p, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += ((unsigned char)p[i] & 0xC0) != 0x80;
	return k;
}

struct cut {
	size_t	 a, b;
	uint32_t rule;
};

static int
cutcmp(const void *x, const void *y)
{
	const struct cut *a = x, *b = y;

	return a->a < b->a ? -1 : a->a > b->a;
}

/*
 * Apply the remove: match rules to the input line.  When they cut
 * something, normalise what is left and return 1; otherwise return 0.
 */
static int
span_rules(struct nt_clean *c, struct nt_cline *l, const char *text,
    size_t idx)
{
	struct nt_rules *rs = c->rs;
	struct cut *cuts = NULL;
	size_t ncut = 0, cap = 0, i, k, pos, ms, me, from = l->ob + l->cut;
	size_t keep, last;
	struct nt_rule *r;

	for (i = 0; i < rs->nspanpat; i++) {
		r = &rs->r[rs->spanpat[i]];
		if (!nt_re_maybe(&r->re, text + from, l->oe - from))
			continue;
		pos = 0;
		while (nt_re_next(&r->re, text + from, l->oe - from, &pos, &ms,
		    &me) == 1) {
			if (me == ms)
				continue;
			if (ncut == cap) {
				cap = cap ? cap * 2 : 4;
				cuts = nt_ereallocarray(cuts, cap,
				    sizeof(*cuts));
			}
			cuts[ncut].a = from + ms;
			cuts[ncut].b = from + me;
			cuts[ncut].rule = rs->spanpat[i];
			ncut++;
		}
	}
	if (ncut == 0)
		return 0;
	qsort(cuts, ncut, sizeof(*cuts), cutcmp);
	nt_buf_reset(&c->tmp);
	l->span0 = c->nrm;
	last = from;
	for (k = 0, keep = 0; k < ncut; k++) {
		if (cuts[k].a < last)
			continue;	/* overlaps a cut already made */
		nt_buf_add(&c->tmp, text + last, cuts[k].a - last);
		nt_buf_addc(&c->tmp, ' ');
		add_removed(c, rs->r[cuts[k].rule].id, cuts[k].a, cuts[k].b,
		    idx);
		if (rs->r[cuts[k].rule].field == NT_RF_DATELINE &&
		    c->dlline < 0 && nt_meta_dateline(text + cuts[k].a,
		    cuts[k].b - cuts[k].a, &c->dateline))
			c->dlline = (long)idx;
		keep++;
		last = cuts[k].b;
	}
	nt_buf_add(&c->tmp, text + last, l->oe - last);
	l->nspan = keep;
	nt_norm_line(c->tmp.p, c->tmp.len, c->normflags, &c->norm);
	free(cuts);
	return 1;
}

static void
split(struct nt_clean *c, const char *text, size_t n, int have_date)
{
	const char *p = text, *end = text + n, *nl;
	struct nt_cline *l;
	int first = 1;
	size_t cut;
	char date[11];

	c->nln = 0;
	while (p <= end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (c->nln == c->lncap) {
			c->lncap = c->lncap ? c->lncap * 2 : 64;
			c->ln = nt_ereallocarray(c->ln, c->lncap,
			    sizeof(*c->ln));
		}
		l = &c->ln[c->nln];
		memset(l, 0, sizeof(*l));
		l->ob = (size_t)(p - text);
		l->oe = (size_t)(nl - text);
		if (c->nln < c->npreset && c->preset[c->nln] != NULL) {
			/* Decided already: kept as it is, for --explain. */
			l->rule = c->preset[c->nln];
			l->pre = l->orig = 1;
			l->nb = l->ob;
			l->ne = l->oe;
			goto next;
		}
		if (first && (c->rs->heur & NT_H_DATE) &&
		    (cut = leading_date(p, l->oe - l->ob, date)) > 0) {
			l->cut = cut;
			add_removed(c, "date", l->ob, l->ob + cut, c->nln);
			if (!have_date)
				memcpy(c->date, date, sizeof(date));
		}
		l->nb = c->norm.len;
		if (c->rs->nspanpat > 0 && span_rules(c, l, text, c->nln)) {
			l->ne = c->norm.len;
			l->nch = count_cp(ntext(c, l), l->ne - l->nb);
		} else if (nt_norm_plain(p + l->cut, l->oe - l->ob - l->cut,
		    c->normflags, &l->nch)) {
			/* Nothing to normalise: point into the input. */
			l->orig = 1;
			l->nb = l->ob + l->cut;
			l->ne = l->oe;
		} else {
			nt_norm_line(p + l->cut, l->oe - l->ob - l->cut,
			    c->normflags, &c->norm);
			l->ne = c->norm.len;
			l->nch = count_cp(ntext(c, l), l->ne - l->nb);
		}
		if (l->ne > l->nb)
			l->endp = sentence_end(ntext(c, l), l->ne - l->nb);
		if (l->ne > l->nb)
			first = 0;
next:
		c->nln++;
		if (nl == end)
			break;
		p = nl + 1;
	}
}

/*
 * A line of this many code points or more that ends like a sentence is
 * taken for article prose without looking at its words (classify).
 */
#define PROSE_CHARS	100

/* --- Tokens: a line's, cut when first needed. --- */

/*
 * The tokens of line l (tok.h), cut from its normalised text the first
 * time they are asked for and kept in c->tk with those of the other
 * lines, so that rules, features and the words of the body all read the
 * one cut.  Past TOK_KEEP tokens (48 MB of them; a 50 MB text has ten
 * million) a line's tokens are cut again each time they are asked for,
 * into c->ltk, and hold until the next line's are.
 */
#define TOK_KEEP	((size_t)1 << 20)

static const struct nt_tok *
line_toks(struct nt_clean *c, struct nt_cline *l, size_t *n)
{
	if (!l->toked && c->tk.n > TOK_KEEP) {
		nt_tok_scan(&c->ltk, ntext(c, l), l->ne - l->nb, 0);
		*n = c->ltk.n;
		return c->ltk.t;
	}
	if (!l->toked) {
		l->toked = 1;
		l->tok0 = c->tk.n;
		nt_tok_scan(&c->tk, ntext(c, l), l->ne - l->nb, NT_TOK_APPEND);
		l->ntok = c->tk.n - l->tok0;
	}
	*n = l->ntok;
	return l->ntok > 0 ? c->tk.t + l->tok0 : c->tk.t;
}

/* --- Pass 2: rules on whole lines. --- */

static long
line_phrase(struct nt_clean *c, struct nt_cline *l)
{
	const struct nt_tok *t;
	size_t n;

	if (!nt_rules_phrasable(c->rs, l->nch))
		return -1;
	/*
	 * Most long sentences hold no phrase's word, and classify takes
	 * them for prose without their tokens: they need never be cut.
	 */
	if (!l->toked && l->endp && l->nch >= PROSE_CHARS &&
	    !nt_rules_phrase_maybe(c->rs, ntext(c, l), l->ne - l->nb, l->nch))
		return -1;
	t = line_toks(c, l, &n);
	return nt_rules_phrase_tok(c->rs, t, n, l->nch);
}

static void
line_rules(struct nt_clean *c)
{
	struct nt_rules *rs = c->rs;
	struct nt_cline *l;
	struct nt_rule *r;
	size_t i;
	long k;

	for (i = 0; i < c->nln; i++) {
		l = &c->ln[i];
		if (l->ne == l->nb || l->pre)
			continue;
		k = nt_rules_line(rs, ntext(c, l), l->ne - l->nb);
		if (k < 0)
			k = line_phrase(c, l);
		if (k < 0 && rs->nlinepat > 0 && l->nch <= rs->max_line_chars)
			k = nt_rules_pattern(rs, ntext(c, l), l->ne - l->nb,
			    l->nch);
		if (k < 0)
			continue;
		r = &rs->r[k];
		drop(c, l, r->id);
		l->heading = r->heading;
		l->boundary = r->boundary;
		l->ends = r->ends;
		l->field = r->field;
	}
}

/* --- Line features. --- */

static int
sentence_end(const char *p, size_t n)
{
	uint32_t cp = 0;
	size_t i;

	/* Look past closing quotes and brackets to the punctuation. */
	while (n > 0) {
		i = n - 1;
		while (i > 0 && ((unsigned char)p[i] & 0xC0) == 0x80)
			i--;
		nt_utf8_decode(p + i, &cp);
		if (cp == '"' || cp == '\'' || cp == ')' || cp == ']' ||
		    cp == 0x201D || cp == 0x2019 || cp == 0xBB ||
		    cp == 0x300D || cp == 0x300F) {
			n = i;
			continue;
		}
		break;
	}
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 ||
	    cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == ':' ||
	    cp == ';';
}

/*
 * The CJK characters of word token t (scripts written without spaces:
 * each counts on its own, not as part of a word), and in *rest whether
 * it holds other characters too.
 */
static unsigned
cjk_chars(const char *p, const struct nt_tok *t, int *rest)
{
	size_t i;
	unsigned n = 0;
	uint32_t cp;

	*rest = 1;
	if (t->ce - t->cb == t->e - t->b)
		return 0;		/* ASCII */
	*rest = 0;
	for (i = t->b; i < t->e; ) {
		i += nt_utf8_decode(p + i, &cp);
		if (nt_cc(cp) & NT_CC_CJK)
			n++;
		else if (!(nt_cc(cp) & NT_CC_FORMAT))
			*rest = 1;
	}
	return n;
}

/*
 * The words of a line, from its tokens (tok.h), as the classifier's
 * thresholds count them: a possessive 's is part of the word before it;
 * a number counts its groups of digits ("1,284.50" is three figures of a
 * table row) and an abbreviation its letters ("U.S." two); a unit glued
 * to a number makes its last group a word with letters ("1990s", "2UND").
 * CJK characters count on their own, in cjk, not as words.
 */
static void
num_features(struct nt_cline *l, const char *p, const struct nt_tok *t)
{
	size_t q;
	unsigned g = 1;

	for (q = t->b; q < t->e; q++)
		g += p[q] == ',' || p[q] == '.';
	l->words += g;
	l->digits += g;
	l->nums += g;
}

static void
word_features(struct nt_clean *c, struct nt_cline *l, const struct nt_tok *t,
    size_t i, size_t n)
{
	unsigned w = (t[i].f & NT_TF_ABBR) ? t[i].len : 1;

	if (i > 0 && (t[i].f & NT_TF_GLUED) && t[i - 1].kind == NT_TOK_NUM) {
		l->nums--;		/* "1990s": no longer a number */
		l->lowers++;
		return;
	}
	l->words += w;
	if (t[i].f & NT_TF_DIGIT)
		l->digits++;
	if (t[i].f & NT_TF_UPPER1)
		l->caps += w;
	else
		l->lowers += w;
	if (nt_rules_stop(c->rs, t, i, n))
		l->stop++;
}

static void
features(struct nt_clean *c, struct nt_cline *l)
{
	const struct nt_tok *t;
	const char *p;
	size_t i, n;
	int rest;

	if (l->feats)
		return;
	l->feats = 1;
	t = line_toks(c, l, &n);
	p = ntext(c, l);
	for (i = 0; i < n; i++) {
		if (t[i].kind == NT_TOK_PUNCT || (t[i].f & NT_TF_POSS))
			continue;
		if (t[i].kind == NT_TOK_NUM) {
			num_features(l, p, &t[i]);
			continue;
		}
		l->cjk += cjk_chars(p, &t[i], &rest);
		if (rest)
			word_features(c, l, t, i, n);
	}
}

/* Headline-like: a few words, no sentence punctuation at the end. */
static int
headline_like(struct nt_clean *c, struct nt_cline *l, unsigned maxwords)
{
	if (l->endp || l->nch > 250)
		return 0;
	features(c, l);
	return l->words >= 2 && l->words <= maxwords && l->nch <= 250 &&
	    !l->endp && l->caps + l->lowers > 0;
}

/* "Chelsea v Birmingham": a fixture, part of a list the text gives. */
static int
fixture(const char *t, size_t n)
{
	return memmem(t, n, " v ", 3) != NULL || memmem(t, n, " vs ", 4) !=
	    NULL || memmem(t, n, " vs. ", 5) != NULL;
}

/* Title case: most words that are not function words are capitalised. */
static int
title_case(struct nt_clean *c, struct nt_cline *l)
{
	unsigned content;
	const char *t;

	if (!headline_like(c, l, 25) || l->words < 3)
		return 0;
	content = l->words > l->stop ? l->words - l->stop : 0;
	if (content < 2 || l->stop * 10 > l->words * 4 || l->words < 5)
		return 0;
	/* Rankings and fixtures are lists, not headlines. */
	t = ntext(c, l);
	if (digit(t[0]) || fixture(t, l->ne - l->nb))
		return 0;
	return l->caps * 4 >= content * 3;
}

static int
ends_ellipsis(const struct nt_clean *c, const struct nt_cline *l)
{
	size_t n = l->ne - l->nb;
	const char *p = ntext(c, l);

	return (n >= 3 && memcmp(p + n - 3, "\xe2\x80\xa6", 3) == 0) ||
	    (n >= 3 && memcmp(p + n - 3, "...", 3) == 0);
}

static long
prev_line(const struct nt_clean *c, long i)
{
	while (--i >= 0)
		if (c->ln[i].ne > c->ln[i].nb && !c->ln[i].pre)
			return i;
	return -1;
}

static long
next_line(const struct nt_clean *c, long i)
{
	while (++i < (long)c->nln)
		if (c->ln[i].ne > c->ln[i].nb && !c->ln[i].pre)
			return i;
	return -1;
}

/* --- Pass 3: what a "heading: true" rule takes along. --- */

static void
teasers(struct nt_clean *c)
{
	struct nt_cline *l;
	long i, j;

	for (i = 0; i < (long)c->nln; i++) {
		if (!c->ln[i].heading || c->ln[i].rule == NULL)
			continue;
		j = prev_line(c, i);
		if (j < 0 || c->ln[j].rule != NULL)
			continue;
		l = &c->ln[j];
		if (ends_ellipsis(c, l) && l->nch <= 500) {
			drop(c, l, "teaser");
			j = prev_line(c, j);
			if (j < 0 || c->ln[j].rule != NULL)
				continue;
			l = &c->ln[j];
		}
		if (headline_like(c, l, 30))
			drop(c, l, "teaser");
	}
}

/* --- Title: the first line, if it reads like this text's headline. --- */

/*
 * The length of a page title without a trailing site name: "Story |
 * Site", "Story - Site", "Story — Site", when the site is a few words.
 */
static size_t
site_suffix(const char *p, size_t n)
{
	static const char *const seps[] = { " | ", " - ", " \xe2\x80\x93 ",
	    " \xe2\x80\x94 ", " :: " };
	size_t i, k, j, words, sl;

	for (i = n; i-- > 0;) {
		for (k = 0; k < sizeof(seps) / sizeof(seps[0]); k++) {
			sl = strlen(seps[k]);
			if (i + sl > n || memcmp(p + i, seps[k], sl) != 0)
				continue;
			for (j = i + sl, words = 1; j < n; j++)
				words += p[j] == ' ';
			/* A short tail, after a head of some length. */
			if (words <= 4 && i >= 20)
				return i;
			return n;
		}
	}
	return n;
}

/*
 * Words of the article body, for telling a list that belongs to the
 * text from one that does not: the words of four letters or more in the
 * lines that read as prose (long enough, ending a sentence), by their
 * hashes (tok.h), in c->bw.  Built once per text, when first needed; the
 * lines it is asked about never end a sentence, so they are not in it.
 */
#define WORD_MIN	4

/* Is token i of t[0..n) a word of the body's kind? */
static int
body_word(const struct nt_tok *t, size_t i)
{
	return t[i].kind == NT_TOK_WORD && !(t[i].f & NT_TF_POSS) &&
	    t[i].len >= WORD_MIN;
}

/*
 * Put h into the body's word set, which grows to stay at most half full:
 * sized by the distinct words, not by the bytes of the text (a 50 MB
 * text once took a 268 MB table here).
 */
static void
bw_put(struct nt_clean *c, uint64_t h, size_t *n)
{
	uint64_t *old = c->bw;
	size_t k, i, oldcap = c->bwmask + 1;

	for (k = h & c->bwmask; c->bw[k] != 0 && c->bw[k] != h;
	    k = (k + 1) & c->bwmask)
		;
	if (c->bw[k] == h)
		return;
	c->bw[k] = h;
	if (++*n * 2 <= oldcap)
		return;
	c->bw = nt_ecalloc(oldcap * 2, sizeof(*c->bw));
	c->bwcap = oldcap * 2;
	c->bwmask = c->bwcap - 1;
	for (i = 0; i < oldcap; i++) {
		if (old[i] == 0)
			continue;
		for (k = old[i] & c->bwmask; c->bw[k] != 0;
		    k = (k + 1) & c->bwmask)
			;
		c->bw[k] = old[i];
	}
	free(old);
}

static void
body_words(struct nt_clean *c)
{
	const struct nt_tok *t;
	size_t i, j, n, count = 0;

	if (c->bwdone)
		return;
	c->bwdone = 1;
	/* What a long text grew is not cleared again for every short one. */
	if (c->bwcap > 1024) {
		free(c->bw);
		c->bwcap = 0;
	}
	if (c->bwcap == 0) {
		c->bwcap = 1024;
		c->bw = nt_ecalloc(c->bwcap, sizeof(*c->bw));
	} else
		memset(c->bw, 0, c->bwcap * sizeof(*c->bw));
	c->bwmask = c->bwcap - 1;
	for (i = 0; i < c->nln; i++) {
		if (c->ln[i].rule != NULL || !c->ln[i].endp ||
		    c->ln[i].nch < 60)
			continue;
		t = line_toks(c, &c->ln[i], &n);
		for (j = 0; j < n; j++) {
			if (!body_word(t, j))
				continue;
			bw_put(c, t[j].h, &count);
		}
	}
}

/*
 * Of the content words in lines [from, to), how many the body uses, and
 * how many there are.
 */
static void
related(struct nt_clean *c, size_t from, size_t to, size_t *shared,
    size_t *content)
{
	const struct nt_tok *t;
	size_t i, j, n, k;

	*shared = *content = 0;
	body_words(c);
	for (i = from; i < to; i++) {
		if (c->ln[i].ne == c->ln[i].nb || c->ln[i].pre)
			continue;
		t = line_toks(c, &c->ln[i], &n);
		for (j = 0; j < n; j++) {
			if (!body_word(t, j) || nt_rules_stop(c->rs, t, j, n))
				continue;
			(*content)++;
			for (k = t[j].h & c->bwmask; c->bw[k] != 0; k = (k + 1) &
			    c->bwmask)
				if (c->bw[k] == t[j].h) {
					(*shared)++;
					break;
				}
		}
	}
}

/* Are the words (not numbers) of line l those of title[0..hn), any case? */
static int
same_words(struct nt_clean *c, struct nt_cline *l, const char *title,
    size_t hn)
{
	const struct nt_tok *a, *b;
	const char *p = ntext(c, l), *sp;
	size_t i = 0, j = 0, na, nb, n = l->ne - l->nb, lim = 2 * hn + 64;
	int part = 0;

	/*
	 * Words end at white space, so the first tokens of a long line are
	 * those of its first part up to a space, and they are enough to
	 * tell most lines from a title; the whole line only if not.
	 */
	if (!l->toked && n > lim && (sp = memchr(p + lim, ' ', n - lim)) !=
	    NULL) {
		nt_tok_scan(&c->ltk, p, (size_t)(sp - p) + 1, 0);
		a = c->ltk.t;
		na = c->ltk.n;
		part = 1;
	} else
		a = line_toks(c, l, &na);
	nt_tok_run(&c->ttk, title, hn);
	b = c->ttk.t;
	nb = c->ttk.n;
	for (;;) {
		while (i < na && a[i].kind != NT_TOK_WORD)
			i++;
		while (j < nb && b[j].kind != NT_TOK_WORD)
			j++;
		if (i == na && part) {
			/* The part matched; does the rest? */
			a = line_toks(c, l, &na);
			part = 0;
			continue;
		}
		if (i == na || j == nb)
			return i == na && j == nb;
		if (a[i++].h != b[j++].h)
			return 0;
	}
}

static void
title(struct nt_clean *c, const char *have, size_t hn)
{
	struct nt_cline *l;
	long i;
	size_t shared, content;
	const char *t;

	if ((i = next_line(c, -1)) < 0 || c->ln[i].rule != NULL)
		return;
	l = &c->ln[i];
	t = ntext(c, l);
	/* A record's own title, repeated at the top of its text. */
	if (have != NULL) {
		if (same_words(c, l, have, hn))
			drop(c, l, "title");
		return;
	}
	if (!headline_like(c, l, 30) || l->words < 3 || l->nums >= 2 ||
	    !((unsigned char)t[0] >= 0x80 || isalnum((unsigned char)t[0]) ||
	    t[0] == '"' || t[0] == '\''))
		return;
	if (next_line(c, i) < 0)
		return;
	/* The body must speak of what the title names. */
	related(c, (size_t)i, (size_t)i + 1, &shared, &content);
	if ((shared < 2 || shared * 10 < content * 4) &&
	    !nt_cl_table_title(c, (size_t)i))
		return;
	if (!nt_cl_url_allows(c, l))
		return;
	nt_buf_reset(&c->title);
	nt_buf_add(&c->title, t, site_suffix(t, l->ne - l->nb));
	drop(c, l, "title");
}

/* --- Heuristic runs: headlines and menus. --- */

static int
nav_like(struct nt_clean *c, struct nt_cline *l)
{
	if (l->endp || l->nch > 30)
		return 0;
	features(c, l);
	if (l->cjk * 2 > l->nch)
		return l->nch <= 12 && l->digits == 0;
	return l->words >= 1 && l->words <= 4 && l->digits == 0 &&
	    !fixture(ntext(c, l), l->ne - l->nb);
}

/* Does the kept line before line i announce a list (end in ':')? */
static int
announced(const struct nt_clean *c, size_t i)
{
	long j = prev_line(c, (long)i);

	return j >= 0 && c->ln[j].rule == NULL &&
	    ntext(c, &c->ln[j])[c->ln[j].ne - c->ln[j].nb - 1] == ':';
}

/*
 * Remove runs of at least min lines passing test; removed and blank
 * lines do not break a run.  A run most of whose words the article uses,
 * or that a line announces ("The tour dates:"), is a list that belongs
 * to it (the nominees, the fixtures) and stays.
 */
static void
runs(struct nt_clean *c, int (*test)(struct nt_clean *, struct nt_cline *),
    size_t min, const char *rule)
{
	size_t i, j, start = 0, count = 0, shared, content;
	struct nt_cline *l;

	for (i = 0; i <= c->nln; i++) {
		l = i < c->nln ? &c->ln[i] : NULL;
		if (l != NULL && (l->ne == l->nb || l->rule != NULL))
			continue;
		if (l != NULL && test(c, l)) {
			if (count++ == 0)
				start = i;
			continue;
		}
		if (count >= min && !announced(c, start)) {
			related(c, start, i, &shared, &content);
			if (shared * 2 < content || content == 0)
				for (j = start; j < i; j++)
					if (c->ln[j].rule == NULL &&
					    c->ln[j].ne > c->ln[j].nb)
						drop(c, &c->ln[j], rule);
		}
		count = 0;
	}
}

/* --- Repeated lines. --- */

/* A sentence of running text: long enough, and it ends like one. */
static int
prose(struct nt_clean *c, struct nt_cline *l)
{
	if (!l->endp || l->nch < 60)
		return 0;
	/* A long one is, as the classifier has it (classify). */
	if (l->nch >= PROSE_CHARS && !l->feats)
		return 1;
	features(c, l);
	return l->words >= 10 && l->stop * 5 >= l->words;
}

/*
 * Later copies of a line go.  Short lines (table headings, "Shr not
 * given") repeat in honest articles too, so they go only from a text
 * that shows page furniture (short_too).
 */
#define REPEAT_SHORT	40

static void
repeated(struct nt_clean *c, int short_too)
{
	size_t i, k, cap = 16, first;
	uint64_t h;
	struct nt_cline *l;

	while (cap < c->nln * 2)
		cap *= 2;
	if (c->seencap < cap) {
		free(c->seen);
		free(c->seenline);
		c->seen = nt_ecalloc(cap, sizeof(*c->seen));
		c->seenline = nt_ecalloc(cap, sizeof(*c->seenline));
		c->seencap = cap;
	} else
		memset(c->seen, 0, cap * sizeof(*c->seen));
	for (i = 0; i < c->nln; i++) {
		l = &c->ln[i];
		/* Rows of figures repeat in tables (quarter and year). */
		if (l->rule != NULL || l->nch < 10 || (l->nch <= 100 &&
		    (features(c, l), l->nums >= 2)))
			continue;
		h = XXH3_64bits(ntext(c, l), l->ne - l->nb);
		h = h ? h : 1;
		for (k = h & (cap - 1); c->seen[k] != 0; k = (k + 1) &
		    (cap - 1)) {
			first = c->seenline[k];
			if (c->seen[k] == h && c->ln[first].ne -
			    c->ln[first].nb == l->ne - l->nb &&
			    memcmp(ntext(c, &c->ln[first]), ntext(c, l),
			    l->ne - l->nb) == 0)
				break;
		}
		if (c->seen[k] == 0) {
			c->seen[k] = h;
			c->seenline[k] = i;
			continue;
		}
		if (l->nch < REPEAT_SHORT && !short_too)
			continue;
		/*
		 * The first copy of a sentence is the article (a page that
		 * prints its article twice); the first copy of anything
		 * else that repeats is furniture too (a menu, a headline).
		 */
		if (!prose(c, l))
			c->ln[c->seenline[k]].dup = 1;
		drop(c, l, "repeated");
	}
}

/* --- The classifier. --- */

static void
classify(struct nt_clean *c, struct nt_cline *l)
{
	double len, d;
	unsigned words;

	if (l->ne == l->nb || l->pre) {
		l->cls = C_BLANK;
		l->w = 0;
		return;
	}
	if (l->rule == NULL && !l->feats && l->endp && l->nch >= PROSE_CHARS &&
	    !l->dup && !l->boundary) {
		/*
		 * A long line that ends a sentence is article prose; the
		 * word counts would only confirm it, at a cost paid on
		 * every paragraph of every clean text.
		 */
		l->cls = C_GOOD;
		l->w = (l->nch > WEIGHT_CAP ? WEIGHT_CAP : (double)l->nch) -
		    GOOD_OFFSET;
		return;
	}
	features(c, l);
	len = (double)l->nch;
	words = l->words;
	if (l->cjk * 10 > l->nch * 3) {
		/* No spaces, no stop-word list: judge by length and by the
		 * punctuation that CJK sentences carry. */
		len *= 3;
		if (words < len / 6)
			words = (unsigned)(len / 6);
		d = l->endp && l->nch >= 15 ? 0.4 : 0.1;
	} else
		d = l->words ? (double)l->stop / l->words : 0;
	if (len > WEIGHT_CAP)
		len = WEIGHT_CAP;
	if (l->rule != NULL) {
		l->cls = C_BAD;
		l->w = -(RULE_PENALTY + RULE_FACTOR * len);
	} else if (l->nch < SHORT_CHARS && !(l->endp && words >= 4)) {
		if (l->nums >= 2 && l->caps + l->lowers >= 1) {
			l->cls = C_NEUTRAL;	/* a row of figures */
			l->w = 0;
		} else if (words >= 3 && d >= 0.3) {
			l->cls = C_SHORTGOOD;
			l->w = 5;
		} else {
			l->cls = C_SHORT;
			l->w = -SHORT_PENALTY;
		}
	} else if ((d >= 0.30 && (len >= 150 || (l->endp && words >= 8))) ||
	    (d >= 0.22 && l->endp && words >= 6)) {
		l->cls = C_GOOD;
		l->w = len - GOOD_OFFSET;
	} else if ((d >= 0.22 && len >= 100) || (words >= 6 && d >= 0.15 &&
	    l->endp)) {
		l->cls = C_NEAR;
		l->w = (len - GOOD_OFFSET) * NEAR_FACTOR;
	} else {
		l->cls = C_BAD;
		l->w = -(SHORT_PENALTY + BAD_FACTOR * len);
	}
	if (l->listed && l->rule == NULL && l->w < 0) {
		l->cls = C_NEUTRAL;	/* an item of a list */
		l->w = 0;
	}
	if (l->dup && l->rule == NULL && l->w > -SHORT_PENALTY) {
		l->cls = C_BAD;
		l->w = -(l->w > 0 ? l->w : 0) - SHORT_PENALTY;
	}
	if (l->boundary)
		l->w -= BOUNDARY_PENALTY;
}

static int
keeps(int cls)
{
	return cls == C_GOOD || cls == C_NEAR || cls == C_NEUTRAL ||
	    cls == C_SHORTGOOD;
}

/*
 * The maximum-sum stretch of non-blank lines in [from, to), stopping
 * before a line that ends articles when stop_at_ends is set.  Returns
 * its score; the stretch is [*bs, *be).
 */
static double
best_stretch(const struct nt_clean *c, size_t from, size_t to,
    int stop_at_ends, size_t *bs, size_t *be)
{
	double best = 0, cur = 0;
	size_t i, s0 = from;

	*bs = *be = from;
	for (i = from; i < to; i++) {
		if (c->ln[i].cls == C_BLANK)
			continue;
		if (stop_at_ends && c->ln[i].ends)
			break;
		if (cur <= 0) {
			cur = c->ln[i].w;
			s0 = i;
		} else
			cur += c->ln[i].w;
		if (cur > best) {
			best = cur;
			*bs = s0;
			*be = i + 1;
		}
	}
	return best;
}

static size_t
nonblank(const struct nt_clean *c, size_t from, size_t to)
{
	size_t i, k = 0;

	for (i = from; i < to; i++)
		k += c->ln[i].cls != C_BLANK;
	return k;
}

static void
mark(struct nt_clean *c, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		c->ln[i].inreg = 1;
}

/*
 * The good line next to the article's edge at line `at` (dir -1: before
 * it, 1: after it), past one scrap the rules removed or more (none a
 * boundary): an article's paragraph cut off by a promo.  -1 if none.
 */
static long
good_past_scraps(const struct nt_clean *c, long at, int dir)
{
	long k = at;
	size_t passed = 0;

	for (;; passed++) {
		k = dir < 0 ? prev_line(c, k) : next_line(c, k);
		if (k < 0 || c->ln[k].rule == NULL)
			break;
		if (c->ln[k].boundary)
			return -1;
	}
	return k >= 0 && passed > 0 && c->ln[k].cls == C_GOOD ? k : -1;
}

/*
 * Figures and short sentences next to the article belong to it, and so
 * does article text that only scraps the rules removed separate from
 * it: the new start of the kept stretch [bs, ...).
 */
static size_t
grow_back(struct nt_clean *c, size_t bs)
{
	long j, k;

	for (;;) {
		if ((j = prev_line(c, (long)bs)) >= 0 && c->ln[j].rule == NULL &&
		    (c->ln[j].cls == C_NEUTRAL || c->ln[j].cls == C_SHORTGOOD))
			bs = (size_t)j;
		else if ((k = good_past_scraps(c, (long)bs, -1)) >= 0)
			bs = (size_t)k;
		else
			return bs;
		mark(c, bs, bs + 1);
	}
}

/* The same after the stretch [..., be): its new end. */
static size_t
grow_on(struct nt_clean *c, size_t be)
{
	long j, k;

	for (;;) {
		if ((j = next_line(c, (long)be - 1)) >= 0 &&
		    c->ln[j].rule == NULL && (c->ln[j].cls == C_NEUTRAL ||
		    c->ln[j].cls == C_SHORTGOOD))
			be = (size_t)j + 1;
		else if ((k = good_past_scraps(c, (long)be - 1, 1)) >= 0)
			be = (size_t)k + 1;
		else
			return be;
		mark(c, be - 1, be);
	}
}

static void
classifier(struct nt_clean *c)
{
	double best, more;
	size_t i, bs, be, s2, e2, ngood = 0;
	long j, k;
	struct nt_cline *l;

	nt_cl_lists(c);
	for (i = 0; i < c->nln; i++)
		classify(c, &c->ln[i]);
	best = best_stretch(c, 0, c->nln, 0, &bs, &be);
	for (i = bs; i < be; i++) {
		/* Comments after an article are not the article. */
		if (c->ln[i].ends && ngood >= ENDS_AFTER) {
			be = i;
			break;
		}
		if (c->ln[i].cls == C_GOOD && c->ln[i].rule == NULL)
			ngood += c->ln[i].nch;
	}
	/* Nothing reads like an article: leave the text to the rules. */
	if (ngood == 0)
		return;
	mark(c, bs, be);
	/*
	 * An article interrupted by a box of related links goes on after
	 * it: take further stretches that score well, close by, on either
	 * side, but never past the start of the comments.
	 */
	while (be < c->nln) {
		more = best_stretch(c, be, c->nln, ngood >= ENDS_AFTER, &s2,
		    &e2);
		if (more < SECOND_MIN || more < best * SECOND_SHARE ||
		    nonblank(c, be, s2) > SECOND_GAP)
			break;
		mark(c, s2, e2);
		be = e2;
	}
	while (bs > 0) {
		more = best_stretch(c, 0, bs, 0, &s2, &e2);
		if (more < SECOND_MIN || more < best * SECOND_SHARE ||
		    nonblank(c, e2, bs) > SECOND_GAP)
			break;
		mark(c, s2, e2);
		bs = s2;
	}
	/* The paragraph a dateline opens is the article's first. */
	if (c->dlline >= 0 && (size_t)c->dlline < bs &&
	    c->ln[c->dlline].rule == NULL && keeps(c->ln[c->dlline].cls) &&
	    nonblank(c, (size_t)c->dlline, bs) <= SECOND_GAP) {
		mark(c, (size_t)c->dlline, bs);
		bs = (size_t)c->dlline;
	}
	bs = grow_back(c, bs);
	be = grow_on(c, be);
	be = nt_cl_list_after(c, bs, be);
	for (i = 0; i < c->nln; i++) {
		l = &c->ln[i];
		if (l->rule != NULL || l->cls == C_BLANK)
			continue;
		if (!l->inreg) {
			drop(c, l, CLASSIFIER);
			continue;
		}
		if (keeps(l->cls) || nt_cl_in_list(c, i, bs, be))
			continue;
		if ((l->cls == C_SHORT || (l->cls == C_BAD && l->nch <= 100 &&
		    headline_like(c, l, 16))) && l->words >= 2 &&
		    l->caps + l->lowers > l->nums) {
			/* A subheading: between kept text and a good line. */
			for (j = prev_line(c, (long)i); j >= 0 &&
			    c->ln[j].rule != NULL && c->ln[j].rule != CLASSIFIER;
			    j = prev_line(c, j))
				;
			for (k = next_line(c, (long)i); k >= 0 &&
			    c->ln[k].rule != NULL; k = next_line(c, k))
				;
			if (j >= 0 && c->ln[j].inreg && c->ln[j].rule == NULL &&
			    k >= 0 && c->ln[k].inreg && c->ln[k].rule == NULL &&
			    c->ln[k].cls == C_GOOD && !c->ln[i].endp)
				continue;
		}
		drop(c, l, CLASSIFIER);
	}
}

/* --- Putting it together. --- */

/*
 * The passes that remove lines by what they are, before the repeats
 * and the classifier: rules, then (for a page dump, cut 0) joined
 * paragraphs, what the site learned, brand and menu lines, teasers, the
 * leading title, runs of headlines and of menu items, teaser lists.
 */
static void
line_passes(struct nt_clean *c, const char *have_title, size_t tlen, int cut)
{
	struct nt_rules *rs = c->rs;

	line_rules(c);
	/* A page from the HTML extractor has its lines and menus sorted. */
	if ((rs->heur & NT_H_WRAPPED) && !cut)
		nt_cl_unwrap(c);
	nt_cl_site(c);
	if (rs->heur & NT_H_BRAND)
		nt_cl_brand(c);
	if ((rs->heur & NT_H_MENUS) && !cut)
		nt_cl_menus(c);
	if (rs->heur & NT_H_TEASER)
		teasers(c);
	if (rs->heur & NT_H_TITLE)
		title(c, have_title, tlen);
	if (rs->heur & NT_H_HEADLINES)
		runs(c, title_case, 3, "headlines");
	if (rs->heur & NT_H_NAV)
		runs(c, nav_like, 4, "navigation");
	if (rs->heur & NT_H_TEASER)
		nt_cl_teaser_lists(c);
}

/*
 * The classifier cuts the article out of a page.  A text in which the
 * rules and the run heuristics found no page furniture to speak of is an
 * article already: cutting it would only lose its tables, lists and
 * short closing lines.
 */
static int
shows_page(struct nt_clean *c)
{
	size_t i, furniture, menu, lines;

	for (i = 0, furniture = 0; i < c->nln; i++)
		furniture += c->ln[i].rule != NULL && !c->ln[i].pre &&
		    strcmp(c->ln[i].rule, "title") != 0;
	/* Many menu-like lines, scattered, are furniture the rules missed. */
	for (i = 0, menu = 0, lines = 0; furniture < FURNITURE_MIN &&
	    i < c->nln; i++) {
		lines += c->ln[i].ne > c->ln[i].nb && !c->ln[i].pre;
		menu += c->ln[i].rule == NULL && nav_like(c, &c->ln[i]);
	}
	if (menu >= MENU_MIN && menu * 4 >= lines)
		furniture = FURNITURE_MIN;
	return furniture >= FURNITURE_MIN;
}

void
nt_clean_text(struct nt_clean *c, const char *text, size_t n,
    const char *have_title, size_t tlen, int have_date)
{
	struct nt_rules *rs = c->rs;
	struct nt_cline *l;
	size_t i;
	int same, furniture, cut = c->npreset > 0;

	c->text = text;
	c->bwdone = 0;
	c->tk.n = 0;
	nt_buf_reset(&c->norm);
	nt_buf_reset(&c->out);
	nt_buf_reset(&c->title);
	nt_buf_reset(&c->author);
	nt_buf_reset(&c->dateline);
	nt_buf_reset(&c->credit);
	c->dlline = -1;
	c->date[0] = '\0';
	c->nrm = 0;
	split(c, text, n, have_date);
	c->preset = NULL;
	c->npreset = 0;
	line_passes(c, have_title, tlen, cut);
	furniture = shows_page(c);
	if (rs->heur & NT_H_REPEATED)
		repeated(c, furniture);
	/* A page whose lines came marked (nt_clean_preset) is cut already. */
	if ((rs->heur & NT_H_CLASSIFIER) && furniture && !cut)
		classifier(c);
	if (rs->heur & NT_H_TITLE)
		nt_cl_headline_field(c, have_title, tlen);
	nt_cl_fields(c, have_date);
	c->site = c->url = NULL;
	c->sitelen = c->urllen = 0;
	c->learn = NULL;
	same = c->nrm == 0;
	for (i = 0; i < c->nln; i++) {
		l = &c->ln[i];
		if (l->rule != NULL && l->ne > l->nb)
			add_removed(c, l->rule, l->ob + l->cut, l->oe, i);
		if (!l->orig || l->rule != NULL || l->cut > 0 || l->ne == l->nb)
			same = 0;
	}
	/* Every line kept as it was: the text is unchanged. */
	if (same && n > 0 && text[n - 1] != '\n') {
		c->changed = 0;
		return;
	}
	for (i = 0; i < c->nln; i++) {
		l = &c->ln[i];
		if (l->ne == l->nb || l->rule != NULL)
			continue;
		if (c->out.len > 0)
			nt_buf_addc(&c->out, '\n');
		nt_buf_add(&c->out, ntext(c, l), l->ne - l->nb);
	}
	if (c->out.p == NULL)
		nt_buf_add(&c->out, "", 0);
	c->changed = c->out.len != n || memcmp(c->out.p, text, n) != 0;
}

static int
rmcmp(const void *x, const void *y)
{
	const struct nt_removed *a = x, *b = y;

	if (a->ob != b->ob)
		return a->ob < b->ob ? -1 : 1;
	return a->oe < b->oe ? -1 : a->oe > b->oe;
}

void
nt_clean_preset(struct nt_clean *c, const char *const *rules, size_t n)
{
	c->preset = rules;
	c->npreset = n;
}

void
nt_clean_site(struct nt_clean *c, const char *name, size_t n,
    const char *url, size_t urln, struct nt_site *learn)
{
	c->site = name;
	c->sitelen = n;
	c->url = url;
	c->urllen = urln;
	c->learn = learn;
}

void
nt_clean_explain(struct nt_clean *c, const char *text, size_t n,
    struct nt_buf *out)
{
	struct nt_jw w;
	size_t i, pos = 0, cp = 0, start;

	if (c->nrm > 1)
		qsort(c->rm, c->nrm, sizeof(*c->rm), rmcmp);
	nt_jw_init(&w, out);
	nt_jw_obj(&w);
	nt_jw_key(&w, "removed");
	nt_jw_arr(&w);
	for (i = 0; i < c->nrm; i++) {
		if (c->rm[i].dead || c->rm[i].oe > n)
			continue;
		/* Spans are sorted: count code points incrementally. */
		cp += count_cp(text + pos, c->rm[i].ob - pos);
		pos = c->rm[i].ob;
		start = cp;
		cp += count_cp(text + pos, c->rm[i].oe - pos);
		pos = c->rm[i].oe;
		nt_jw_obj(&w);
		nt_jw_key(&w, "rule");
		nt_jw_strz(&w, c->rm[i].rule);
		nt_jw_key(&w, "text");
		nt_jw_str(&w, text + c->rm[i].ob, c->rm[i].oe - c->rm[i].ob);
		nt_jw_key(&w, "start");
		nt_jw_int(&w, (int64_t)start);
		nt_jw_key(&w, "end");
		nt_jw_int(&w, (int64_t)cp);
		nt_jw_end(&w);
	}
	nt_jw_end(&w);
	nt_jw_end(&w);
}

void
nt_clean_free(struct nt_clean *c)
{
	if (c == NULL)
		return;
	nt_buf_free(&c->out);
	nt_buf_free(&c->title);
	nt_buf_free(&c->author);
	nt_buf_free(&c->dateline);
	nt_buf_free(&c->credit);
	nt_buf_free(&c->sq);
	nt_buf_free(&c->sq2);
	nt_buf_free(&c->slug);
	free(c->keys);
	free(c->keyline);
	free(c->known);
	nt_buf_free(&c->norm);
	nt_buf_free(&c->tmp);
	nt_toks_free(&c->tk);
	nt_toks_free(&c->ltk);
	nt_toks_free(&c->ttk);
	free(c->rm);
	free(c->ln);
	free(c->seen);
	free(c->seenline);
	free(c->bw);
	memset(c, 0, sizeof(*c));
}

/* --- For the passes of cleanpage.c (cleanint.h). --- */

const char *
nt_cl_text(const struct nt_clean *c, const struct nt_cline *l)
{
	return ntext(c, l);
}

void
nt_cl_drop(struct nt_clean *c, struct nt_cline *l, const char *rule)
{
	drop(c, l, rule);
}

void
nt_cl_features(struct nt_clean *c, struct nt_cline *l)
{
	features(c, l);
}

int
nt_cl_endp(const char *s, size_t n)
{
	return sentence_end(s, n);
}

int
nt_cl_headline(struct nt_clean *c, struct nt_cline *l, unsigned maxwords)
{
	return headline_like(c, l, maxwords);
}

int
nt_cl_nav(struct nt_clean *c, struct nt_cline *l)
{
	return nav_like(c, l);
}

int
nt_cl_prose(struct nt_clean *c, struct nt_cline *l)
{
	return prose(c, l);
}

long
nt_cl_next(const struct nt_clean *c, long i)
{
	return next_line(c, i);
}

long
nt_cl_prev(const struct nt_clean *c, long i)
{
	return prev_line(c, i);
}

void
nt_cl_related(struct nt_clean *c, size_t from, size_t to, size_t *shared,
    size_t *content)
{
	related(c, from, to, shared, content);
}

int
nt_cl_same(struct nt_clean *c, struct nt_cline *l, const char *b, size_t bn)
{
	return same_words(c, l, b, bn);
}

size_t
nt_cl_cps(const char *s, size_t n)
{
	return count_cp(s, n);
}

size_t
nt_cl_unsuffix(const char *s, size_t n)
{
	return site_suffix(s, n);
}
