/*
 * The passes of nt_clean_text for page dumps: what a crude dump of a
 * web page holds beyond the scraps the rules know.  Each pass works on
 * the lines of cleanint.h and only removes lines (or, for wrapped
 * paragraphs, joins them), so the order in clean.c is their precedence.
 *
 * The tests are about the shape of lines, like the classifier's: how
 * long, how many words, whether they end a sentence, what separates
 * them; and about the words they share with the article (nt_cl_related),
 * which tells a list that belongs to the text from one that does not.
 */
#include <string.h>
#include <strings.h>

#include <xxhash.h>

#include "clean/cleanint.h"
#include "clean/meta.h"
#include "clean/site.h"
#include "core/util.h"
#include "text/chars.h"
#include "text/tok.h"

/* --- Hard-wrapped paragraphs. --- */

#define WRAP_MIN	40	/* a text wrapped narrower is not prose */
#define WRAP_MAX	120	/* lines longer than this were not wrapped */
#define WRAP_JOINS	3	/* breaks it takes to show a wrapped text */

/* An ASCII byte's classes, from the text core's table (chars.h). */
static int
aclass(int ch, unsigned cls)
{
	return ch >= 0 && ch < 0x80 && (nt_cc_ascii[ch] & cls) != 0;
}

static int
blank(const struct nt_cline *l)
{
	return l->ne == l->nb;
}

/* Code points of the first word of s[0..n). */
static size_t
first_word(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n && s[i] != ' '; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* Does s[0..n) start like an item of a list: "•", "-", "*", "1.", "2)"? */
static int
item_start(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') &&
	    s[1] == ' ')
		return 1;
	if (n >= 3 && ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] ==
	    0x80 && ((unsigned char)s[2] == 0xA2 || (unsigned char)s[2] ==
	    0x93 || (unsigned char)s[2] == 0x94)))
		return 1;	/* •, –, — */
	while (i < n && i < 3 && aclass((unsigned char)s[i], NT_CC_DIGIT))
		i++;
	return i > 0 && i + 1 < n && (s[i] == '.' || s[i] == ')') &&
	    s[i + 1] == ' ';
}

/* How wide the line was in the dump, before a dateline was cut from it. */
static size_t
dumped(const struct nt_clean *c, const struct nt_cline *l)
{
	if (l->nspan == 0 && l->cut == 0)
		return l->nch;
	return nt_cl_cps(c->text + l->ob, l->oe - l->ob);
}

/*
 * Would a tool that wraps text at width w have broken the line a before
 * b?  It breaks where the next word does not fit: a is at most w long,
 * and a, a space and b's first word are longer.
 */
/*
 * Could b go on from a?  Neither was removed, b has no cuts (they would
 * fall inside a's line), a does not announce a list and b is not an
 * item of one.
 */
static int
joinable(const struct nt_clean *c, const struct nt_cline *a,
    const struct nt_cline *b)
{
	const char *s = nt_cl_text(c, a), *t = nt_cl_text(c, b);

	return !blank(a) && !blank(b) && !a->pre && !b->pre && a->rule == NULL &&
	    b->rule == NULL && b->nspan == 0 && s[a->ne - a->nb - 1] != ':' &&
	    !item_start(t, b->ne - b->nb);
}

static int
broken(const struct nt_clean *c, const struct nt_cline *a,
    const struct nt_cline *b, size_t w)
{
	size_t aw;

	if (!joinable(c, a, b) || (aw = dumped(c, a)) > w || b->nch > w)
		return 0;
	return aw + 1 + first_word(nt_cl_text(c, b), b->ne - b->nb) > w;
}

/*
 * The width the text was wrapped at: a tool that wraps at width w
 * breaks a line a before b where a is at most w long and a, a space and
 * b's first word would not fit, so each pair of lines could be a break
 * for the widths in an interval; the width that most pairs agree on,
 * if at least WRAP_JOINS do and half of them break inside a sentence
 * (the next line goes on in lower case), which a list of short
 * headlines never shows.  0 when the text was not wrapped.  A dump is
 * wrapped at one width, so the whole text votes: a long line (a footer,
 * a paragraph that was not wrapped) does not stop the count.
 */
static size_t
width(const struct nt_clean *c)
{
	int cover[WRAP_MAX + 2], low[WRAP_MAX + 2], n = 0, nlow = 0, most = 0;
	size_t k, aw, lo, hi, w, best = 0, blow = 0, pairs = 0;
	const struct nt_cline *a, *b;
	const char *t;

	memset(cover, 0, sizeof(cover));
	memset(low, 0, sizeof(low));
	for (k = 0; k + 1 < c->nln; k++) {
		a = &c->ln[k];
		b = &c->ln[k + 1];
		if (!joinable(c, a, b) || (aw = dumped(c, a)) > WRAP_MAX)
			continue;
		t = nt_cl_text(c, b);
		lo = aw > b->nch ? aw : b->nch;
		lo = lo < WRAP_MIN ? WRAP_MIN : lo;
		hi = aw + first_word(t, b->ne - b->nb);
		hi = hi > WRAP_MAX ? WRAP_MAX : hi;
		if (lo > hi)
			continue;
		cover[lo]++;
		cover[hi + 1]--;
		pairs++;
		if (aclass((unsigned char)t[0], NT_CC_LOWER)) {
			low[lo]++;
			low[hi + 1]--;
		}
	}
	/* No width can have more votes than there are pairs (most texts
	 * have none): then the count need not be run. */
	if (pairs < WRAP_JOINS)
		return 0;
	for (w = 0; w <= WRAP_MAX; w++) {
		n += cover[w];
		nlow += low[w];
		if (n > most) {
			most = n;
			best = w;
			blow = (size_t)nlow;
		}
	}
	return most >= WRAP_JOINS && blow * 2 >= (size_t)most ? best : 0;
}

/* Lines [a, b] become line a, their texts joined by spaces. */
static void
join(struct nt_clean *c, size_t a, size_t b)
{
	struct nt_cline *l = &c->ln[a];
	size_t k, nch = 0;

	nt_buf_reset(&c->tmp);
	for (k = a; k <= b; k++) {
		if (k > a)
			nt_buf_addc(&c->tmp, ' ');
		nt_buf_add(&c->tmp, nt_cl_text(c, &c->ln[k]), c->ln[k].ne -
		    c->ln[k].nb);
		nch += c->ln[k].nch + (k > a);
	}
	l->nb = c->norm.len;
	nt_buf_add(&c->norm, c->tmp.p, c->tmp.len);
	l->ne = c->norm.len;
	l->orig = 0;
	l->toked = 0;		/* its tokens are cut again when asked for */
	l->oe = c->ln[b].oe;
	l->nch = nch;
	l->endp = nt_cl_endp(nt_cl_text(c, l), l->ne - l->nb);
	for (k = a + 1; k <= b; k++) {
		c->ln[k].nb = c->ln[k].ne;	/* blank now */
		c->ln[k].toked = 0;
	}
}

void
nt_cl_unwrap(struct nt_clean *c)
{
	size_t k, g, w;

	if ((w = width(c)) == 0)
		return;
	for (k = 0; k < c->nln; k++) {
		for (g = k; k + 1 < c->nln && broken(c, &c->ln[k], &c->ln[k + 1],
		    w); k++)
			;
		if (k > g)
			join(c, g, k);
	}
}

/* --- What the site learned. --- */

static void
key_room(struct nt_clean *c, size_t n)
{
	if (c->keycap >= n)
		return;
	c->keycap = n;
	c->keys = nt_ereallocarray(c->keys, n, sizeof(*c->keys));
	c->keyline = nt_ereallocarray(c->keyline, n, sizeof(*c->keyline));
	c->known = nt_erealloc(c->known, n);
}

/*
 * The page's own key: its two longest lines, the article, whatever the
 * lines around them say.
 */
static uint64_t
page_key(const struct nt_clean *c, size_t nk)
{
	size_t i, a = SIZE_MAX, b = SIZE_MAX, la = 0, lb = 0, len;
	uint64_t two[2];

	for (i = 0; i < nk; i++) {
		len = c->ln[c->keyline[i]].nch;
		if (len > la) {
			b = a, lb = la;
			a = i, la = len;
		} else if (len > lb) {
			b = i, lb = len;
		}
	}
	two[0] = a == SIZE_MAX ? 0 : c->keys[a];
	two[1] = b == SIZE_MAX ? 0 : c->keys[b];
	if (two[0] > two[1]) {
		uint64_t t = two[0];

		two[0] = two[1];
		two[1] = t;
	}
	return XXH3_64bits(two, sizeof(two));
}

void
nt_cl_site(struct nt_clean *c)
{
	struct nt_toks toks = NT_TOKS_INIT;
	struct nt_cline *l;
	size_t i, nk = 0;

	if (c->learn == NULL || c->site == NULL || c->sitelen == 0)
		return;
	key_room(c, c->nln);
	for (i = 0; i < c->nln; i++) {
		l = &c->ln[i];
		if (blank(l) || l->pre || l->rule != NULL ||
		    l->nch > NT_SITE_CHARS)
			continue;
		c->keys[nk] = nt_site_key(c->learn, nt_cl_text(c, l),
		    l->ne - l->nb, &toks);
		c->keyline[nk++] = i;
	}
	nt_toks_free(&toks);
	if (nk == 0)
		return;
	nt_site_page(c->learn, c->site, c->sitelen, page_key(c, nk), c->keys,
	    nk, c->known);
	for (i = 0; i < nk; i++)
		if (c->known[i])
			nt_cl_drop(c, &c->ln[c->keyline[i]], "site");
}

/* --- The site's name, and menus on one line. --- */

/* The letters and digits of s[0..n), ASCII lower-cased, without "the". */
static void
squash(const char *s, size_t n, struct nt_buf *out)
{
	size_t i;
	unsigned char ch;

	nt_buf_reset(out);
	if (n > 4 && strncasecmp(s, "the ", 4) == 0) {
		s += 4;
		n -= 4;
	}
	/* Room for all of it at once: no call per byte. */
	nt_buf_grow(out, n);
	for (i = 0; i < n; i++) {
		ch = (unsigned char)s[i];
		if (aclass(ch, NT_CC_UPPER))
			out->p[out->len++] = (char)(ch + 32);
		else if (aclass(ch, NT_CC_LOWER | NT_CC_DIGIT) || ch >= 0x80)
			out->p[out->len++] = (char)ch;
	}
	out->p[out->len] = '\0';
}

#define BRAND_MIN	4	/* a shorter name is found in too many words */
#define BRAND_MORE	12	/* "Live", "News", "Plus" after the name */

static int
alnum(int ch)
{
	return aclass(ch, NT_CC_LETTER | NT_CC_DIGIT) || ch >= 0x80;
}

/*
 * Does s[0..n) start with the squashed name sq[0..sn), ending at the end
 * of a word ("Capital Wire Live", not "Newsom" for a site "News")?
 */
static int
starts_with_name(const char *s, size_t n, const char *sq, size_t sn)
{
	size_t i = 0, k = 0;

	if (n > 4 && strncasecmp(s, "the ", 4) == 0)
		i = 4;
	for (; i < n && k < sn; i++) {
		if (!alnum((unsigned char)s[i]))
			continue;
		if ((aclass((unsigned char)s[i], NT_CC_UPPER) ? s[i] + 32 : s[i]) != sq[k++])
			return 0;
	}
	return k == sn && (i == n || !alnum((unsigned char)s[i]));
}

/*
 * A short line that is the site's name, alone or with a word or two
 * after it ("Capital Wire Live"), is its masthead, not the article.
 */
void
nt_cl_brand(struct nt_clean *c)
{
	struct nt_cline *l;
	size_t i;

	if (c->site == NULL)
		return;
	squash(c->site, c->sitelen, &c->sq);
	if (c->sq.len < BRAND_MIN)
		return;
	for (i = 0; i < c->nln; i++) {
		l = &c->ln[i];
		if (blank(l) || l->pre || l->rule != NULL || l->endp ||
		    l->ne - l->nb > c->sitelen + 4 * BRAND_MORE)
			continue;
		squash(nt_cl_text(c, l), l->ne - l->nb, &c->sq2);
		if (c->sq2.len <= c->sq.len + BRAND_MORE &&
		    starts_with_name(nt_cl_text(c, l), l->ne - l->nb, c->sq.p,
		    c->sq.len))
			nt_cl_drop(c, l, "brand");
	}
}

static const char *const menu_seps[] = { " | ", " > ", " \xc2\xb7 ",
	" \xe2\x80\xa2 ", " \xe2\x80\xba ", " \xc2\xbb ", " / " };
#define NSEPS	(sizeof(menu_seps) / sizeof(menu_seps[0]))

/*
 * The first separator of menus in s[0..n), by its index in menu_seps,
 * or -1: one pass that looks only after spaces, for the lines of
 * prose, most of them, that hold none.
 */
static int
menu_sep(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	size_t k, sl;

	while ((p = memchr(p, ' ', (size_t)(end - p))) != NULL && p + 2 < end) {
		p++;
		if (*p != '|' && *p != '>' && *p != '/' && *p != '\xc2' &&
		    *p != '\xe2')
			continue;
		for (k = 0; k < NSEPS; k++) {
			sl = strlen(menu_seps[k]);
			if ((size_t)(end - p) >= sl - 1 &&
			    memcmp(p, menu_seps[k] + 1, sl - 1) == 0)
				return (int)k;
		}
	}
	return -1;
}

#define MENU_ITEM_CHARS	32
#define MENU_ITEM_WORDS	4

/* Is s[0..n) a menu's item: a few words, no full stop? */
static int
menu_item(const char *s, size_t n, int *digits)
{
	size_t i, words = 1, cp = 0;

	while (n > 0 && s[0] == ' ')
		s++, n--;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		cp += ((unsigned char)s[i] & 0xC0) != 0x80;
		words += s[i] == ' ';
		*digits += aclass((unsigned char)s[i], NT_CC_DIGIT);
		if (s[i] == '.' || s[i] == '!' || s[i] == '?' || s[i] == ',')
			return 0;
	}
	return cp <= MENU_ITEM_CHARS && words <= MENU_ITEM_WORDS;
}

/*
 * "Home | Politics | Congress", "Home > World > Europe": items of a few
 * words between the same separator, three or more of them (two will do
 * for a trail of '>'), hardly a digit among them (a table's row has
 * figures).
 */
static int
menu_line(const char *s, size_t n)
{
	size_t sl, items = 0, withdig = 0;
	const char *p, *q, *end = s + n;
	int digits, k;

	/* The first separator found is the menu's (if it is one). */
	if ((k = menu_sep(s, n)) < 0)
		return 0;
	sl = strlen(menu_seps[k]);
	for (p = s; p < end; p = q + sl) {
		if ((q = memmem(p, (size_t)(end - p), menu_seps[k], sl)) == NULL)
			q = end;
		digits = 0;
		if (!menu_item(p, (size_t)(q - p), &digits))
			return 0;
		items++;
		withdig += digits > 0;
		if (q == end)
			break;
	}
	return (items >= 3 || (items == 2 && k >= 1 && k != 6)) &&
	    withdig * 3 <= items;
}

void
nt_cl_menus(struct nt_clean *c)
{
	struct nt_cline *l;
	size_t i;

	for (i = 0; i < c->nln; i++) {
		l = &c->ln[i];
		if (blank(l) || l->pre || l->rule != NULL || l->endp ||
		    l->nch > 400)
			continue;
		if (menu_line(nt_cl_text(c, l), l->ne - l->nb))
			nt_cl_drop(c, l, "menu");
	}
}

/* --- Lists of teasers: a headline, a summary, again and again. --- */

static int	letter(int);

#define TEASER_PAIRS	3	/* pairs that make a list of teasers */
#define TEASER_MIN	50	/* a summary's length, in code points */
#define TEASER_MAX	350

/*
 * Does the line end in a function word ("... will be down", "... plant
 * at")?  A line broken off a paragraph does; a headline hardly ever.
 */
static int
ends_in_stop(const struct nt_clean *c, const struct nt_cline *l)
{
	const char *t = nt_cl_text(c, l);
	size_t n = l->ne - l->nb, b, k;
	char low[16];

	for (b = n; b > 0 && letter((unsigned char)t[b - 1]); b--)
		;
	if (b == n || n - b > sizeof(low) || (b > 0 && t[b - 1] != ' '))
		return 0;
	for (k = 0; k < n - b; k++)
		low[k] = (char)(t[b + k] | 0x20);
	return nt_rules_isstop(c->rs, low, n - b);
}

/* A headline; one that asks a question ends in '?'. */
static int
teaser_head(struct nt_clean *c, struct nt_cline *l)
{
	const char *t = nt_cl_text(c, l);

	if (l->rule != NULL || l->nch > 150 || aclass((unsigned char)t[0], NT_CC_LOWER) ||
	    item_start(t, l->ne - l->nb) || ends_in_stop(c, l))
		return 0;
	if (l->endp && t[l->ne - l->nb - 1] == '?') {
		nt_cl_features(c, l);
		return l->words >= 2 && l->words <= 15;
	}
	return nt_cl_headline(c, l, 20) && l->words >= 3;
}

static int
teaser_text(struct nt_clean *c, struct nt_cline *l)
{
	const char *t = nt_cl_text(c, l);
	size_t n = l->ne - l->nb;

	return l->rule == NULL && l->nch >= TEASER_MIN &&
	    l->nch <= TEASER_MAX && (l->endp || (n >= 3 &&
	    memcmp(t + n - 3, "\xe2\x80\xa6", 3) == 0));
}

/*
 * A run of headline and summary pairs is a list of other stories; an
 * article told in sections has sections of more than one short
 * paragraph.  The last pair, when more prose follows it, is the
 * article's own headline and first paragraph.
 */
void
nt_cl_teaser_lists(struct nt_clean *c)
{
	long i, j, k, end, last;
	size_t pairs;

	for (i = nt_cl_next(c, -1); i >= 0; i = k < 0 ? -1 : k) {
		pairs = 0;
		end = i;
		for (k = i, last = -1; k >= 0 && teaser_head(c, &c->ln[k]) &&
		    (j = nt_cl_next(c, k)) >= 0 && teaser_text(c, &c->ln[j]);
		    k = nt_cl_next(c, j)) {
			pairs++;
			last = end;
			end = j;
		}
		/* A pair that prose goes on from is the article's start. */
		if (pairs > TEASER_PAIRS && k >= 0 && c->ln[k].rule == NULL &&
		    nt_cl_prose(c, &c->ln[k])) {
			pairs--;
			end = last;
		}
		if (pairs >= TEASER_PAIRS)
			for (j = i; j <= end; j++)
				nt_cl_drop(c, &c->ln[j], "teasers");
		if (pairs == 0)
			k = nt_cl_next(c, i);
	}
}

/* --- Lists and tables inside the article. --- */

#define LIST_MAX	60	/* lines of one list, at most */
#define LIST_CHARS	200	/* a longer line is not an item */

static int
list_line(const struct nt_cline *l)
{
	return l->rule == NULL && l->nch <= LIST_CHARS;
}

/* An item: marked ("•", "1."), or a row that holds figures. */
static int
item(struct nt_clean *c, struct nt_cline *l)
{
	if (item_start(nt_cl_text(c, l), l->ne - l->nb))
		return 1;
	nt_cl_features(c, l);
	return l->digits > 0;
}

static int
announces(const struct nt_clean *c, const struct nt_cline *l)
{
	return l->rule == NULL && l->ne > l->nb &&
	    nt_cl_text(c, l)[l->ne - l->nb - 1] == ':';
}

/*
 * The lines after one that ends in ':' are the list it announces, while
 * they are short, no rule removed them and they hold words (the items
 * of a list do not end sentences, but one or two may).
 */
void
nt_cl_lists(struct nt_clean *c)
{
	long i, k;
	size_t n, ends;

	for (i = nt_cl_next(c, -1); i >= 0; i = nt_cl_next(c, i)) {
		if (!announces(c, &c->ln[i]))
			continue;
		for (n = ends = 0, k = nt_cl_next(c, i); k >= 0 &&
		    n < LIST_MAX && list_line(&c->ln[k]) &&
		    !announces(c, &c->ln[k]); k = nt_cl_next(c, k), n++) {
			/* A rule of underscores or dashes ends it too. */
			nt_cl_features(c, &c->ln[k]);
			if ((ends += c->ln[k].endp) > 2 ||
			    c->ln[k].words + c->ln[k].cjk == 0)
				break;
			c->ln[k].listed = 1;
		}
	}
}

/*
 * Line i, in the article's stretch [bs, be) but not article-like
 * itself, is part of a list or a table the article gives when the run
 * of such lines it is in follows a line that announces it (ends in
 * ':'), or lies between kept text and article text; and is not long.
 */
int
nt_cl_in_list(struct nt_clean *c, size_t i, size_t bs, size_t be)
{
	long a, b;
	size_t n = 0, items = 0;
	int lead = 0;

	if (!list_line(&c->ln[i]))
		return 0;
	if (c->ln[i].listed)
		return 1;
	items += item(c, &c->ln[i]);
	for (a = nt_cl_prev(c, (long)i); a >= (long)bs && list_line(&c->ln[a])
	    && c->ln[a].cls != C_GOOD && n < LIST_MAX; a = nt_cl_prev(c, a)) {
		lead |= announces(c, &c->ln[a]);
		items += item(c, &c->ln[a]);
		n++;
	}
	for (b = nt_cl_next(c, (long)i); b >= 0 && b < (long)be &&
	    list_line(&c->ln[b]) && c->ln[b].cls != C_GOOD && n < LIST_MAX;
	    b = nt_cl_next(c, b)) {
		items += item(c, &c->ln[b]);
		n++;
	}
	if (n >= LIST_MAX || a < (long)bs || c->ln[a].rule != NULL)
		return 0;
	if (lead || announces(c, &c->ln[a]))
		return 1;
	/* Between paragraphs, numbered or marked items, or rows of figures. */
	return items * 2 >= n + 1 && c->ln[a].cls == C_GOOD && b >= 0 &&
	    b < (long)be && c->ln[b].rule == NULL && c->ln[b].cls == C_GOOD;
}

size_t
nt_cl_list_after(struct nt_clean *c, size_t bs, size_t be)
{
	long k, a;
	size_t n = 0;

	if ((a = nt_cl_prev(c, (long)be)) < (long)bs)
		return be;
	/* The announcing line, or the list's first lines, end the stretch. */
	for (k = a; k >= (long)bs && !announces(c, &c->ln[k]) && n < 3 &&
	    list_line(&c->ln[k]) && c->ln[k].cls != C_GOOD; k = nt_cl_prev(c, k))
		n++;
	if (k < (long)bs || !announces(c, &c->ln[k]))
		return be;
	for (n = 0, k = nt_cl_next(c, a); k >= 0 && n < LIST_MAX &&
	    list_line(&c->ln[k]) && !c->ln[k].endp; k = nt_cl_next(c, k), n++) {
		c->ln[k].inreg = 1;
		be = (size_t)k + 1;
	}
	return be;
}

/* --- The headline. --- */

#define TABLE_ROWS	3	/* rows of figures that make a table */

/*
 * A text that is a table (an earnings report: "Shr 1.20 dlrs vs 1.05
 * dlrs") has no sentences to tell its title by: a headline-like first
 * line, a blank line, then rows of figures and no prose.
 */
int
nt_cl_table_title(struct nt_clean *c, size_t i)
{
	size_t k, rows = 0;
	struct nt_cline *l;

	if (i + 1 >= c->nln || !blank(&c->ln[i + 1]))
		return 0;
	for (k = i + 1; k < c->nln; k++) {
		l = &c->ln[k];
		if (blank(l) || l->pre || l->rule != NULL)
			continue;
		if (nt_cl_prose(c, l))
			return 0;
		nt_cl_features(c, l);
		rows += l->nums >= 2;
	}
	return rows >= TABLE_ROWS;
}

/* --- The headline, after the classifier. --- */

#define HEAD_BACK	6	/* lines looked at before the article */

/* The article's first line: the first kept line that reads as prose. */
static long
article_start(struct nt_clean *c)
{
	long p;

	for (p = nt_cl_next(c, -1); p >= 0; p = nt_cl_next(c, p))
		if (c->ln[p].rule == NULL && nt_cl_prose(c, &c->ln[p]))
			return p;
	return -1;
}

/* Does s[0..n) hold w[0..wn), any ASCII case? */
static int
has_word(const char *s, size_t n, const char *w, size_t wn)
{
	size_t i;

	for (i = 0; i + wn <= n; i++)
		if (strncasecmp(s + i, w, wn) == 0)
			return 1;
	return 0;
}

/*
 * Does the tail after a headline's separator name the site: one of its
 * words (of three letters or more) in the record's source or its URL's
 * host?  "Story - Harbour Post" on harbourpost.example does, "Bank
 * hopeful on Brazil - President" does not.  With neither known, any
 * short tail is taken for the site's name.
 */
static int
names_site(struct nt_clean *c, const char *tail, size_t n)
{
	const struct nt_tok *t;
	size_t i, host = 0, h0 = 0;

	if (c->sitelen == 0 && c->urllen == 0)
		return 1;
	if (c->urllen > 0) {
		for (h0 = 0; h0 + 1 < c->urllen && !(c->url[h0] == '/' &&
		    c->url[h0 + 1] == '/'); h0++)
			;
		h0 = h0 + 1 < c->urllen ? h0 + 2 : 0;
		for (host = h0; host < c->urllen && c->url[host] != '/'; host++)
			;
	}
	nt_tok_run(&c->ttk, tail, n);
	for (i = 0; i < c->ttk.n; i++) {
		t = &c->ttk.t[i];
		if (t->kind != NT_TOK_WORD || t->e - t->b < 3)
			continue;
		if (has_word(c->site, c->sitelen, tail + t->b, t->e - t->b) ||
		    has_word(c->url + h0, host - h0, tail + t->b, t->e - t->b))
			return 1;
	}
	return 0;
}

/* Did a run heuristic (menus, headlines) remove the line? */
static int
in_run(const struct nt_cline *l)
{
	return l->rule != NULL && (strcmp(l->rule, "navigation") == 0 ||
	    strcmp(l->rule, "headlines") == 0);
}

static void
take_title(struct nt_clean *c, struct nt_cline *l)
{
	const char *t = nt_cl_text(c, l);
	size_t n = l->ne - l->nb, k = nt_cl_unsuffix(t, n);

	if (k < n && !names_site(c, t + k, n - k))
		k = n;
	nt_buf_reset(&c->title);
	nt_buf_add(&c->title, t, k);
	if (l->rule == NULL)
		nt_cl_drop(c, l, "title");
	else if (l->rule == CLASSIFIER || in_run(l))
		l->rule = "title";
}

#define SLUG_WORD	3	/* shorter words of a URL say nothing */
#define SLUG_MIN	3	/* fewer name a section ("world-europe") */

static int
letter(int ch)
{
	return aclass(ch, NT_CC_LETTER);
}

/*
 * Append the ASCII words of s[0..n) that are SLUG_WORD letters or more,
 * lower-cased, each followed by a space; how many.
 */
static size_t
slug_words(const char *s, size_t n, struct nt_buf *out)
{
	size_t i = 0, b, k = 0;

	while (i < n) {
		for (; i < n && !letter((unsigned char)s[i]); i++)
			;
		for (b = i; i < n && letter((unsigned char)s[i]); i++)
			;
		if (i - b < SLUG_WORD || (i < n && (unsigned char)s[i] >= 0x80))
			continue;
		for (; b < i; b++)
			nt_buf_addc(out, s[b] | 0x20);
		nt_buf_addc(out, ' ');
		k++;
	}
	return k;
}

/*
 * The words of the URL's path segment that has the most of them
 * ("/2019/11/19/opinion/republicans-elections-impeachment.html"), in
 * c->slug as " word word ... "; how many (0 without one worth it).
 */
static size_t
slug(struct nt_clean *c)
{
	const char *p, *end, *q, *best = NULL;
	size_t hy, most = 0, n;

	nt_buf_reset(&c->slug);
	if (c->url == NULL || (p = memmem(c->url, c->urllen, "://", 3)) ==
	    NULL)
		return 0;
	end = c->url + c->urllen;
	if ((p = memchr(p + 3, '/', (size_t)(end - p - 3))) == NULL)
		return 0;
	for (; p < end && *p != '?' && *p != '#'; p = q) {
		for (q = ++p, hy = 0; q < end && *q != '/' && *q != '?' &&
		    *q != '#'; q++)
			hy += *q == '-' || *q == '_';
		if (hy > most) {
			most = hy;
			best = p;
		}
	}
	if (most < 2)
		return 0;
	for (q = best; q < end && *q != '/' && *q != '?' && *q != '#' &&
	    *q != '.'; q++)
		;
	nt_buf_addc(&c->slug, ' ');
	n = slug_words(best, (size_t)(q - best), &c->slug);
	return n >= SLUG_MIN ? n : 0;
}

/* Words of the line that the URL's path has too. */
static size_t
slug_hits(struct nt_clean *c, const struct nt_cline *l, size_t *words)
{
	size_t hits = 0, at, i;

	nt_buf_reset(&c->sq2);
	nt_buf_addc(&c->sq2, ' ');
	*words = slug_words(nt_cl_text(c, l), l->ne - l->nb, &c->sq2);
	/* " word " in " slug words ": each word with the spaces around. */
	for (i = 1; i < c->sq2.len; i = at + 1) {
		at = (size_t)((char *)memchr(c->sq2.p + i, ' ', c->sq2.len - i) -
		    c->sq2.p);
		if (memmem(c->slug.p, c->slug.len, c->sq2.p + i - 1, at - i +
		    2) != NULL)
			hits++;
	}
	return hits;
}

int
nt_cl_url_allows(struct nt_clean *c, const struct nt_cline *l)
{
	size_t words;

	return slug(c) == 0 || slug_hits(c, l, &words) > 0 || words == 0;
}

/* Two sentences ("... a big win. He didn't get it.") are not a headline. */
static int
two_sentences(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i + 2 < n; i++)
		if ((s[i] == '.' || s[i] == '?' || s[i] == '!') &&
		    s[i + 1] == ' ' && aclass((unsigned char)s[i + 2], NT_CC_UPPER) &&
		    letter((unsigned char)s[i - 1]) && !(i >= 2 &&
		    s[i - 2] == '.') && !(i >= 2 && s[i - 2] == ' '))
			return 1;
	return 0;
}

/* Could the line be a headline: a few words, not a sentence or an item. */
static int
head_shape(struct nt_clean *c, struct nt_cline *l)
{
	const char *t = nt_cl_text(c, l);

	return nt_cl_headline(c, l, 30) && l->words >= 3 &&
	    memmem(t, l->ne - l->nb, "://", 3) == NULL &&
	    l->nums * 3 <= l->words && !item_start(t, l->ne - l->nb) &&
	    !two_sentences(t, l->ne - l->nb);
}

/* The same, and not a menu item. */
static int
head_candidate(struct nt_clean *c, struct nt_cline *l)
{
	return head_shape(c, l) && !nt_cl_nav(c, l);
}

/*
 * A record's own title printed above the article goes; without one,
 * the headline above the article (past bylines, dates and the like, a
 * few lines at most) becomes the title: the line the URL names, or else
 * the nearest headline-like line whose words the article uses.
 */
void
nt_cl_headline_field(struct nt_clean *c, const char *have, size_t hn)
{
	struct nt_cline *l, *near = NULL, *named = NULL;
	long p, i;
	size_t seen = 0, shared, content, nslug, hits, words = 0, most = 1;

	if (c->title.len > 0 || (p = article_start(c)) < 0)
		return;
	nslug = have == NULL ? slug(c) : 0;
	for (i = nt_cl_prev(c, p); i >= 0; i = nt_cl_prev(c, i)) {
		l = &c->ln[i];
		if (have != NULL) {
			if (nt_cl_same(c, l, have, hn) && (l->rule == NULL ||
			    l->rule == CLASSIFIER))
				l->rule = "title";
			continue;
		}
		/* A headline a run of menu lines took in, if the URL names it. */
		if (in_run(l)) {
			if (nslug > 0 && head_shape(c, l) &&
			    (hits = slug_hits(c, l, &words)) > most &&
			    hits * 5 >= (words < nslug ? words : nslug) * 4) {
				most = hits;
				named = l;
			}
			continue;
		}
		if (l->rule != NULL && l->rule != CLASSIFIER)
			continue;
		if (++seen > HEAD_BACK)
			break;
		if (!head_candidate(c, l))
			continue;
		hits = nslug > 0 ? slug_hits(c, l, &words) : 0;
		if (hits > most && hits * 5 >= (words < nslug ? words :
		    nslug) * 2) {
			most = hits;
			named = l;
		}
		/* A URL that names none of the words is not this line's. */
		if (near != NULL || (nslug > 0 && hits == 0 && words > 0))
			continue;
		nt_cl_related(c, (size_t)i, (size_t)i + 1, &shared, &content);
		if (shared >= 2 && shared * 10 >= content * 3)
			near = l;
	}
	if (named != NULL || near != NULL)
		take_title(c, named != NULL ? named : near);
}

/* --- Metadata fields. --- */

static void
add_credit(struct nt_clean *c, const struct nt_cline *l)
{
	struct nt_buf one = NT_BUF_INIT;

	if (nt_meta_credit(nt_cl_text(c, l), l->ne - l->nb, &one)) {
		if (c->credit.len > 0)
			nt_buf_adds(&c->credit, "; ");
		nt_buf_add(&c->credit, one.p, one.len);
	}
	nt_buf_free(&one);
}

/*
 * The lines rules with a field removed: the first byline names the
 * author, the first date line above the article gives the date (unless
 * the record has one), credit lines are the credit; a dateline cut from
 * a line stays only if that line is the article's first.
 */
void
nt_cl_fields(struct nt_clean *c, int have_date)
{
	struct nt_cline *l;
	long p = article_start(c), first;
	size_t i;

	for (i = 0; i < c->nln; i++) {
		l = &c->ln[i];
		if (l->rule == NULL || l->pre || blank(l))
			continue;
		if (l->field == NT_RF_AUTHOR && c->author.len == 0)
			nt_meta_author(nt_cl_text(c, l), l->ne - l->nb,
			    &c->author);
		else if (l->field == NT_RF_DATE && !have_date &&
		    c->date[0] == '\0' && (p < 0 || (long)i < p))
			nt_meta_date(nt_cl_text(c, l), l->ne - l->nb, c->date);
		else if (l->field == NT_RF_CREDIT)
			add_credit(c, l);
	}
	for (first = nt_cl_next(c, -1); first >= 0 &&
	    c->ln[first].rule != NULL; first = nt_cl_next(c, first))
		;
	if (c->dateline.len > 0 && first != c->dlline)
		nt_buf_reset(&c->dateline);
}
