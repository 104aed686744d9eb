/*
 * htmlmain: which lines of a page are its article.
 *
 * First the furniture everyone agrees on: what is hidden, what the tags
 * and roles say (nav, aside, footer, header, dialog), what class and id
 * words say (htmlhint.c), each inherited by everything inside.  Then
 * the block that holds the article, scored the way Readability does:
 * every line of running text gives points (one, one per comma, one per
 * hundred characters up to three) to the blocks around it, the nearer
 * the more; a block starts from what its tag and its class words say,
 * and ends weighed down by its share of link text.  The best block may
 * give way to an ancestor that most of the other good blocks share, or
 * that scores nearly as well; siblings that score well, or read as
 * prose, join it.  Inside the article, blocks that look like furniture
 * by their numbers (more links than text, more pictures than
 * paragraphs, form controls, an embed and little else) go, then lines:
 * the headline, bylines, captions, paragraphs that are only a link to
 * another story.  Prose just outside the article's block, before or
 * after it, joins it (an article in several sections).  When what is
 * left is short, the whole thing runs again without the class words, in
 * case they hid the article, and the longer result wins.  The blocks
 * around the headline are never furniture by their class words.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clean/htmlint.h"
#include "core/util.h"

#define PARA_MIN	25	/* a line shorter than this scores nothing */
#define ARTICLE_MIN	500	/* shorter than this: try without hints */
#define CLASS_WEIGHT	25
#define ALT_SHARE	0.75	/* an alternative candidate scores this much */
#define ALT_MIN		3	/* alternatives that must share an ancestor */
#define SIBLING_SHARE	0.2
#define JUNK_COMMAS	10	/* a block with this many commas is prose */
#define NEAR_LEVELS	3	/* ancestors looked at for a byline */
#define BYLINE_MAX	200	/* a byline is no longer than this */
#define PROSE_MIN	80	/* a line of prose is at least this long */
#define GAP_MAX		8	/* lines of furniture a run of prose crosses */
#define LINKPARA_MAX	200	/* a paragraph that is a link is shorter */

static void
grow(struct nt_hdoc *d)
{
	if (d->statcap >= d->nn)
		return;
	d->statcap = d->nn;
	d->owner = nt_ereallocarray(d->owner, d->nn, sizeof(*d->owner));
	d->hidden = nt_ereallocarray(d->hidden, d->nn, sizeof(*d->hidden));
	d->wrap = nt_ereallocarray(d->wrap, d->nn, sizeof(*d->wrap));
	d->why = nt_ereallocarray(d->why, d->nn, sizeof(*d->why));
	d->st = nt_ereallocarray(d->st, d->nn, sizeof(*d->st));
}

/* Mark node i and its ancestors as holding the article. */
static void
wrap_up(struct nt_hdoc *d, uint32_t i)
{
	for (; i != 0 && !d->wrap[i]; i = d->n[i].parent)
		d->wrap[i] = 1;
}

/*
 * The blocks that hold the headline, or an itemprop="articleBody", hold
 * the article: whatever their class words say ("penci_sidebar" on the
 * page's container), they are not the page's furniture.  The headline
 * is the first <h1> that reads as the title, or else the first <h1>.
 */
static void
wrappers(struct nt_hdoc *d, const struct nt_buf *title)
{
	const struct hline *l;
	uint32_t h1 = 0;
	size_t i;

	memset(d->wrap, 0, d->nn);
	for (i = 0; i < d->nln; i++) {
		l = &d->ln[i];
		if (d->n[l->owner].tag != HT_H1 || d->why[l->owner] != 0)
			continue;
		if (h1 == 0)
			h1 = l->owner;
		if (nt_hsame(d->page.p + l->off, l->len, title->p,
		    title->len)) {
			h1 = l->owner;
			break;
		}
	}
	if (h1 != 0)
		wrap_up(d, h1);
	for (i = 1; i < d->nn; i++)
		if (d->n[i].fl & HF_BODYPROP)
			wrap_up(d, (uint32_t)i);
}

static int
top_tag(unsigned tag)
{
	return tag == HT_DOC || tag == HT_HTML || tag == HT_BODY;
}

/* Owner, hidden and furniture of every node, parents first. */
static void
propagate(struct nt_hdoc *d, int use_hints)
{
	const struct hnode *x;
	size_t i;
	uint32_t p;
	uint8_t w;

	d->owner[0] = 0;
	d->hidden[0] = 0;
	d->why[0] = 0;
	for (i = 1; i < d->nn; i++) {
		x = &d->n[i];
		p = x->parent;
		d->owner[i] = nt_htags[x->tag].fl & (TF_BLOCK | TF_ROW) ?
		    (uint32_t)i : d->owner[p];
		d->hidden[i] = d->hidden[p] || ((x->fl & HF_HIDDEN) &&
		    !top_tag(x->tag));
		w = d->why[p];
		if (w == 0 && !top_tag(x->tag) && !(x->fl & HF_BODYPROP)) {
			if (d->hidden[i])
				w = NT_HR_HIDDEN;
			else if (x->reason != 0)
				w = x->reason;
			else if (x->tag == HT_FIGCAPTION)
				w = NT_HR_CAPTION;
			else if (use_hints && !(x->fl & HF_KEEP) &&
			    x->tag != HT_A && !d->wrap[i]) {
				if (x->hint != 0)
					w = x->hint;
				else if (x->fl & HF_CAPTION)
					w = NT_HR_CAPTION;
			}
		}
		d->why[i] = w;
	}
}

/* A line's furniture: its block's, or that of the inline element
 * around all of it. */
static uint8_t
line_why(const struct nt_hdoc *d, const struct hline *l)
{
	uint8_t a = d->why[l->owner];

	if (a != 0)
		return a;
	a = d->why[l->first];
	return a == d->why[l->last] ? a : 0;
}

static int
para_line(const struct nt_hdoc *d, const struct hline *l)
{
	unsigned tag = d->n[l->owner].tag;

	if (l->kind != NT_HK_PARA && l->kind != NT_HK_ROW &&
	    l->kind != NT_HK_PRE && l->kind != NT_HK_HEADING)
		return 0;
	return tag != HT_H1 && tag != HT_BLOCKQUOTE;
}

static void
count_elements(struct nt_hdoc *d)
{
	struct hstat *s;
	size_t i;

	for (i = 1; i < d->nn; i++) {
		if (d->why[i] != 0)
			continue;
		s = &d->st[i];
		switch (d->n[i].tag) {
		case HT_IMG: case HT_PICTURE:
			s->imgs++;
			break;
		case HT_LI:
			s->items++;
			break;
		case HT_INPUT: case HT_SELECT: case HT_TEXTAREA:
		case HT_BUTTON:
			s->inputs++;
			break;
		case HT_IFRAME: case HT_EMBED: case HT_OBJECT: case HT_VIDEO:
			s->embeds++;
			break;
		case HT_TR:
			s->rows++;
			break;
		case HT_TH: case HT_THEAD: case HT_CAPTION:
			s->heads++;
			break;
		default:
			break;
		}
	}
}

/* What each node holds, of the lines that are not furniture yet. */
static void
stats(struct nt_hdoc *d)
{
	const struct hline *l;
	struct hstat *s, *p;
	size_t i;

	memset(d->st, 0, d->nn * sizeof(*d->st));
	for (i = 0; i < d->nln; i++) {
		l = &d->ln[i];
		if (l->reason != 0)
			continue;
		s = &d->st[l->owner];
		s->chars += l->chars;
		s->linkchars += l->linkchars;
		s->commas += l->commas;
		s->paras += para_line(d, l);
		s->dots += d->page.p[l->off + l->len - 1] == '.';
		if (l->kind == NT_HK_QUOTE)
			s->quoted += l->chars;
	}
	count_elements(d);
	for (i = d->nn - 1; i > 0; i--) {
		s = &d->st[i];
		p = &d->st[d->n[i].parent];
		p->chars += s->chars;
		p->linkchars += s->linkchars;
		p->commas += s->commas;
		p->paras += s->paras;
		p->items += s->items;
		p->imgs += s->imgs;
		p->inputs += s->inputs;
		p->embeds += s->embeds;
		p->rows += s->rows;
		p->heads += s->heads;
		p->dots += s->dots;
		p->quoted += s->quoted;
		p->kids += d->n[i].tag != HT_TEXT;
	}
}

static double
link_density(const struct hstat *s)
{
	return s->chars > 0 ? (double)s->linkchars / s->chars : 0;
}

static int
class_weight(const struct hnode *x)
{
	/* A keep word ("article-footer", "social-embed") cancels the
	 * furniture word. */
	return (x->fl & HF_POSITIVE ? CLASS_WEIGHT : 0) -
	    ((x->fl & HF_NEGATIVE) && !(x->fl & HF_KEEP) ? CLASS_WEIGHT : 0);
}

static void
init_score(struct nt_hdoc *d, uint32_t i, int use_weights)
{
	struct hstat *s = &d->st[i];
	double v;

	switch (d->n[i].tag) {
	case HT_DIV: case HT_ARTICLE: case HT_MAIN: case HT_SECTION:
		v = 5;
		break;
	case HT_PRE: case HT_TD: case HT_BLOCKQUOTE:
		v = 3;
		break;
	case HT_ADDRESS: case HT_OL: case HT_UL: case HT_DL: case HT_DD:
	case HT_DT: case HT_LI: case HT_FORM:
		v = -3;
		break;
	case HT_H1: case HT_H2: case HT_H3: case HT_H4: case HT_H5:
	case HT_H6: case HT_TH:
		v = -5;
		break;
	default:
		v = 0;
		break;
	}
	if (use_weights)
		v += class_weight(&d->n[i]);
	if (d->n[i].fl & HF_BODYPROP)
		v += CLASS_WEIGHT;
	s->score = v;
	s->scored = 1;
}

/* Every line of running text scores for the blocks around it. */
static void
score(struct nt_hdoc *d, int use_weights)
{
	const struct hline *l;
	double points;
	size_t i, level;
	uint32_t a;

	for (i = 0; i < d->nln; i++) {
		l = &d->ln[i];
		if (l->reason != 0 || l->chars < PARA_MIN || !para_line(d, l))
			continue;
		points = 2 + l->commas + fmin(floor(l->chars / 100.0), 3);
		a = d->n[l->owner].parent;
		for (level = 0; level < 5 && a != 0; level++) {
			if (!d->st[a].scored)
				init_score(d, a, use_weights);
			d->st[a].score += points / (level == 0 ? 1 : level ==
			    1 ? 2 : level * 3.0);
			a = d->n[a].parent;
		}
	}
	for (i = 1; i < d->nn; i++)
		if (d->st[i].scored)
			d->st[i].score *= 1 - link_density(&d->st[i]);
}

static int
inside(const struct nt_hdoc *d, uint32_t anc, uint32_t i)
{
	return anc <= i && i < d->n[anc].end;
}

static uint32_t
body_of(const struct nt_hdoc *d)
{
	size_t i;

	for (i = 1; i < d->nn; i++)
		if (d->n[i].tag == HT_BODY)
			return (uint32_t)i;
	return 0;
}

/*
 * An ancestor that most of the other good candidates share holds the
 * article better than the best one alone.
 */
static uint32_t
shared_ancestor(const struct nt_hdoc *d, uint32_t top, uint32_t body)
{
	uint32_t alt[5], a;
	size_t nalt = 0, i, k, n;
	double best = d->st[top].score;

	for (i = 1; i < d->nn; i++) {
		if (!d->st[i].scored || i == top || d->st[i].score < best *
		    ALT_SHARE)
			continue;
		if (nalt < 5)
			alt[nalt++] = (uint32_t)i;
	}
	if (nalt < ALT_MIN)
		return top;
	for (a = d->n[top].parent; a != 0 && a != body; a = d->n[a].parent) {
		for (k = 0, n = 0; k < nalt; k++)
			n += inside(d, a, alt[k]);
		if (n >= ALT_MIN)
			return a;
	}
	return top;
}

/* The block that holds the article: the best, perhaps moved up. */
static uint32_t
candidate(struct nt_hdoc *d, int use_weights)
{
	uint32_t top = 0, body = body_of(d), p;
	double last, threshold;
	size_t i;

	for (i = 1; i < d->nn; i++)
		if (d->st[i].scored && d->st[i].score > 0 && (top == 0 ||
		    d->st[i].score > d->st[top].score))
			top = (uint32_t)i;
	if (top == 0 || top == body)
		return body;
	top = shared_ancestor(d, top, body);
	if (!d->st[top].scored)
		init_score(d, top, use_weights);
	/* A parent that scores better holds more of the article. */
	last = d->st[top].score;
	threshold = last / 3;
	for (p = d->n[top].parent; p != 0 && p != body; p = d->n[p].parent) {
		if (!d->st[p].scored)
			continue;
		if (d->st[p].score < threshold)
			break;
		if (d->st[p].score > last) {
			top = p;
			break;
		}
		last = d->st[p].score;
	}
	/* An only child says no more than its parent. */
	while ((p = d->n[top].parent) != 0 && p != body &&
	    d->st[p].kids == 1)
		top = p;
	return top;
}

static int
prose(const struct nt_hdoc *d, uint32_t c)
{
	const struct hstat *s = &d->st[c];

	if (s->chars > 80)
		return link_density(s) < 0.25;
	return s->chars > 0 && s->linkchars == 0 && s->dots > 0;
}

static void
mark_article(struct nt_hdoc *d, uint32_t a)
{
	uint32_t i;

	for (i = a; i < d->n[a].end; i++)
		d->st[i].article = 1;
}

/* The candidate and the siblings that belong with it. */
static void
join_siblings(struct nt_hdoc *d, uint32_t top)
{
	uint32_t p = d->n[top].parent, c;
	double threshold = fmax(10, d->st[top].score * SIBLING_SHARE);

	if (top == 0 || p == 0 || d->n[top].tag == HT_BODY) {
		mark_article(d, top);
		return;
	}
	for (c = p + 1; c < d->n[p].end; c = d->n[c].end) {
		if (d->n[c].tag == HT_TEXT || d->why[c] != 0)
			continue;
		if (c == top || (d->st[c].scored && d->st[c].score >=
		    threshold) || (d->n[c].tag == HT_P && prose(d, c)))
			mark_article(d, c);
	}
}

static int
in_figure(const struct nt_hdoc *d, uint32_t i)
{
	for (i = d->n[i].parent; i != 0; i = d->n[i].parent)
		if (d->n[i].tag == HT_FIGURE)
			return 1;
	return 0;
}

/* A table of data (rows of cells), not of layout. */
static int
data_table(const struct nt_hdoc *d, uint32_t i)
{
	const struct hstat *s = &d->st[i];

	return s->rows >= 2 && (s->heads > 0 || s->paras <= s->rows);
}

/*
 * Does a block inside the article look like furniture by its numbers?
 * The reason, or 0.
 */
static uint8_t
junk(const struct nt_hdoc *d, uint32_t i, int use_weights)
{
	const struct hstat *s = &d->st[i];
	unsigned tag = d->n[i].tag;
	int weight = use_weights ? class_weight(&d->n[i]) : 0;
	int list = tag == HT_UL || tag == HT_OL || tag == HT_DL;
	double ld = link_density(s);

	if (tag != HT_DIV && tag != HT_SECTION && tag != HT_FORM &&
	    tag != HT_FIELDSET && tag != HT_TABLE && !list &&
	    tag != HT_ASIDE)
		return 0;
	if (weight + (s->scored ? s->score : 0) < 0)
		return NT_HR_LOWTEXT;
	/* Prose, or an embedded post (a quote full of links and handles). */
	if (s->commas >= JUNK_COMMAS || s->quoted * 2 > s->chars)
		return 0;
	if (s->imgs > 1 && s->paras * 2 < s->imgs && !in_figure(d, i))
		return NT_HR_LOWTEXT;
	if (!list && s->items > s->paras + 100)
		return NT_HR_LINKS;
	if (s->inputs * 3 > s->paras)
		return NT_HR_LOWTEXT;
	if (!list && weight < CLASS_WEIGHT && ld > 0.2)
		return NT_HR_LINKS;
	if (weight >= CLASS_WEIGHT && ld > 0.5)
		return NT_HR_LINKS;
	if ((s->embeds == 1 && s->chars < 75) || s->embeds > 1)
		return NT_HR_LOWTEXT;
	return 0;
}

/* Blocks inside the article that look like furniture: junk(). */
static void
clean_article(struct nt_hdoc *d, uint32_t top, int use_weights)
{
	uint32_t i, k;
	uint8_t why;

	for (i = top + 1; i < d->n[top].end; ) {
		if (d->n[i].tag == HT_TABLE && data_table(d, i)) {
			i = d->n[i].end;
			continue;
		}
		if (!d->st[i].article || d->why[i] != 0 || (why = junk(d, i,
		    use_weights)) == 0) {
			i++;
			continue;
		}
		for (k = i; k < d->n[i].end; k++)
			if (d->why[k] == 0)
				d->why[k] = why;
		i = d->n[i].end;
	}
}

/*
 * Is the line's block, or one close around it, a byline: a block whose
 * class says author and that holds little text (a box that holds more
 * is the author's biography, or the whole article)?
 */
static int
byline(const struct nt_hdoc *d, uint32_t i)
{
	size_t level;

	for (level = 0; level <= NEAR_LEVELS && i != 0; level++) {
		if ((d->n[i].fl & HF_BYLINE) && d->st[i].chars <= BYLINE_MAX)
			return 1;
		i = d->n[i].parent;
	}
	return 0;
}

/*
 * A paragraph that is a link and nothing else, inside an article, is a
 * pointer to another story ("Fans really want ..."), not the story.
 */
static int
link_para(const struct nt_hdoc *d, const struct hline *l)
{
	const char *t = d->page.p + l->off;

	/* A bare URL is a source or a shop the article gives. */
	if ((l->len > 4 && strncmp(t, "http", 4) == 0) ||
	    (l->len > 4 && strncmp(t, "www.", 4) == 0))
		return 0;
	return d->n[l->owner].tag == HT_P && l->chars < LINKPARA_MAX &&
	    l->linkchars * 10 >= l->chars * 9;
}

/* The reasons of the lines, once the article is known. */
static void
line_reasons(struct nt_hdoc *d, const struct nt_buf *title)
{
	struct hline *l;
	size_t i;
	int h1 = 0;

	for (i = 0; i < d->nln; i++) {
		l = &d->ln[i];
		if (l->reason == 0)
			l->reason = line_why(d, l);
		if (l->reason != 0)
			continue;
		if (d->n[l->owner].tag == HT_H1 && !h1++)
			l->reason = NT_HR_TITLE;
		else if (l->kind == NT_HK_HEADING && nt_hsame(d->page.p +
		    l->off, l->len, title->p, title->len))
			l->reason = NT_HR_TITLE;
		else if (byline(d, l->owner))
			l->reason = NT_HR_BYLINE;
		else if (!d->st[l->owner].article)
			l->reason = NT_HR_OUTSIDE;
		else if (l->kind == NT_HK_CAPTION)
			l->reason = NT_HR_CAPTION;
		else if (link_para(d, l))
			l->reason = NT_HR_LINKS;
	}
}

/* A line of running text: long, few links, ends a sentence. */
static int
prose_line(const struct nt_hdoc *d, const struct hline *l)
{
	unsigned char c;

	if (l->kind != NT_HK_PARA || l->chars < PROSE_MIN ||
	    l->linkchars * 4 > l->chars)
		return 0;
	c = (unsigned char)d->page.p[l->off + l->len - 1];
	/* '.', '!', '?', a closing quote, or the last byte of a non-ASCII
	 * full stop or quote. */
	return c == '.' || c == '!' || c == '?' || c == '"' || c >= 0x80;
}

/* Furniture that sits inside articles, which a run of prose may cross:
 * a box of links, a share bar, a sign-up, a picture. */
static int
crossable(const struct hline *l)
{
	switch (l->reason) {
	case NT_HR_ASIDE: case NT_HR_SHARE: case NT_HR_NEWSLETTER:
	case NT_HR_AD: case NT_HR_FURNITURE: case NT_HR_CAPTION:
	case NT_HR_HIDDEN: case NT_HR_POPUP: case NT_HR_RELATED:
		return 1;
	default:
		return 0;
	}
}

/*
 * Prose just before or after the article, outside its block, is the
 * article too (an article in several sections, of which the scoring
 * found one): a run of prose lines joins it, with the headings between
 * them and across a few lines of the furniture articles hold
 * (crossable); any other line ends the run.
 */
static void
extend_run(struct nt_hdoc *d, size_t from, int step)
{
	size_t i, head = SIZE_MAX, gap = 0;
	struct hline *l;

	for (i = from; i < d->nln; i += (size_t)step) {
		l = &d->ln[i];
		if (l->reason == NT_HR_OUTSIDE && prose_line(d, l)) {
			l->reason = 0;
			if (head != SIZE_MAX)
				d->ln[head].reason = 0;
			head = SIZE_MAX;
			gap = 0;
		} else if (l->reason == NT_HR_OUTSIDE &&
		    l->kind == NT_HK_HEADING && step < 0) {
			/* Going back, a heading opens the prose after it. */
			if (d->ln[i + 1].reason == 0)
				l->reason = 0;
			else if (++gap > GAP_MAX)
				break;
		} else if (l->reason == NT_HR_OUTSIDE &&
		    l->kind == NT_HK_HEADING && head == SIZE_MAX) {
			head = i;
		} else if (!crossable(l) || ++gap > GAP_MAX)
			break;
	}
}

static void
extend(struct nt_hdoc *d)
{
	size_t first, last;

	for (first = 0; first < d->nln && d->ln[first].reason != 0; first++)
		;
	if (first == d->nln)
		return;
	for (last = d->nln - 1; d->ln[last].reason != 0; last--)
		;
	if (first > 0)
		extend_run(d, first - 1, -1);
	extend_run(d, last + 1, 1);
}

static size_t
kept_chars(const struct nt_hdoc *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->nln; i++)
		if (d->ln[i].reason == 0)
			n += d->ln[i].chars;
	return n;
}

/* One attempt: with or without what class and id words say. */
static size_t
attempt(struct nt_hdoc *d, const struct nt_buf *title, int use_hints)
{
	uint32_t top;
	size_t i;

	propagate(d, use_hints);
	for (i = 0; i < d->nln; i++)
		d->ln[i].reason = line_why(d, &d->ln[i]);
	stats(d);
	score(d, use_hints);
	top = candidate(d, use_hints);
	join_siblings(d, top);
	clean_article(d, top, use_hints);
	for (i = 0; i < d->nln; i++)
		d->ln[i].reason = 0;
	line_reasons(d, title);
	extend(d);
	return kept_chars(d);
}

void
nt_hmain(struct nt_hdoc *d, const struct nt_buf *title)
{
	size_t with;
	uint8_t *keep;
	size_t i;

	grow(d);
	memset(d->wrap, 0, d->nn);
	propagate(d, 0);
	nt_hlines(d);
	if (d->nln == 0)
		return;
	wrappers(d, title);
	if ((with = attempt(d, title, 1)) >= ARTICLE_MIN)
		return;
	keep = nt_emalloc(d->nln);
	for (i = 0; i < d->nln; i++)
		keep[i] = d->ln[i].reason;
	if (attempt(d, title, 0) <= with)
		for (i = 0; i < d->nln; i++)
			d->ln[i].reason = keep[i];
	free(keep);
}
