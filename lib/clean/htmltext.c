/*
 * htmltext: the page's text as lines, the way a browser would break it.
 *
 * A line is a run of text inside one block (its owner: the nearest
 * element that starts a line) that no <br> or nested block interrupts.
 * White space collapses to one space, except inside <pre>, where every
 * newline ends a line.  Table cells are not blocks: the cells of a row
 * make one line, joined by " | ".  Text in skipped elements (scripts,
 * forms' controls, <head>) is not page text at all; hidden inline text
 * inside a visible block is left out of its line.  One walk in document
 * order; the ends of links, quotes, pre and hidden spans are remembered
 * as node indices, so nothing needs a stack.
 */
#include <string.h>

#include "clean/htmlint.h"
#include "core/utf8.h"
#include "core/util.h"

static const char CELL_SEP[] = " | ";

struct walk {
	struct nt_hdoc	*d;
	struct hline	*l;		/* the open line, or NULL */
	int		 brk;		/* a line break is due */
	int		 cell;		/* a cell started since the last text */
	int		 space;		/* white space is due before more text */
	uint32_t	 link_end, pre_end, quote_end;
};

static int
ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static enum nt_hkind
kind_of(const struct nt_hdoc *d, uint32_t owner, const struct walk *w,
    uint32_t i)
{
	/* A block inside a quote is quoted; a heading stays a heading. */
	switch (d->n[owner].tag) {
	case HT_H1: case HT_H2: case HT_H3: case HT_H4: case HT_H5: case HT_H6:
		return NT_HK_HEADING;
	case HT_LI: case HT_DT: case HT_DD:
		return NT_HK_ITEM;
	case HT_TR:
		return NT_HK_ROW;
	case HT_FIGCAPTION: case HT_CAPTION:
		return NT_HK_CAPTION;
	default:
		break;
	}
	if (i < w->pre_end)
		return NT_HK_PRE;
	if (i < w->quote_end)
		return NT_HK_QUOTE;
	return NT_HK_PARA;
}

/* End the open line: drop it if it holds nothing. */
static void
close_line(struct walk *w)
{
	struct nt_hdoc *d = w->d;
	struct hline *l = w->l;

	w->l = NULL;
	w->brk = w->cell = w->space = 0;
	if (l == NULL)
		return;
	if (l->len == 0) {
		d->nln--;
		d->page.len = l->off;
		return;
	}
	nt_buf_addc(&d->page, '\n');
}

static struct hline *
open_line(struct walk *w, uint32_t owner, uint32_t i)
{
	struct nt_hdoc *d = w->d;
	struct hline *l;

	if (d->nln == d->lncap) {
		d->lncap = d->lncap ? d->lncap * 2 : 256;
		d->ln = nt_ereallocarray(d->ln, d->lncap, sizeof(*d->ln));
	}
	l = &d->ln[d->nln++];
	memset(l, 0, sizeof(*l));
	l->owner = owner;
	l->first = l->last = i;
	l->off = d->page.len;
	l->kind = (uint8_t)kind_of(d, owner, w, i);
	w->l = l;
	w->brk = 0;
	return l;
}

/* Commas in s[0..n): ASCII, Arabic, ideographic and full-width ones,
 * for Readability's count of clauses. */
static uint32_t
commas(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;
	uint32_t k = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == ',')
			k++;
		else if (p[i] >= 0xD8 && i + 1 < n)
			k += (p[i] == 0xD8 && p[i + 1] == 0x8C) ||
			    (i + 2 < n && ((p[i] == 0xE3 && p[i + 1] == 0x80 &&
			    p[i + 2] == 0x81) || (p[i] == 0xEF &&
			    p[i + 1] == 0xBC && p[i + 2] == 0x8C)));
	}
	return k;
}

/* Append one word to the line it belongs to, opening one if need be. */
static void
word(struct walk *w, uint32_t i, const char *s, size_t n, int inlink)
{
	struct nt_hdoc *d = w->d;
	struct nt_buf *b = &d->page;
	struct hline *l;
	uint32_t owner = d->owner[i], cps;

	if (w->l != NULL && (w->brk || w->l->owner != owner))
		close_line(w);
	if ((l = w->l) == NULL)
		l = open_line(w, owner, i);
	if (l->len > 0 && (w->space || w->cell)) {
		if (w->cell) {
			nt_buf_adds(b, CELL_SEP);
			l->chars += 3;
		} else {
			nt_buf_addc(b, ' ');
			l->chars++;
			/* The space between words of a link is the link's. */
			l->linkchars += inlink;
		}
	}
	w->space = w->cell = 0;
	l->last = i;
	nt_buf_add(b, s, n);
	cps = (uint32_t)nt_utf8_count(s, n);
	l->chars += cps;
	if (inlink)
		l->linkchars += cps;
	l->commas += commas(s, n);
	l->len = b->len - l->off;
}

static void
text_node(struct walk *w, uint32_t i)
{
	const struct hnode *x = &w->d->n[i];
	const char *s = w->d->text.p + x->off;
	size_t n = x->len, k, j;
	int pre = i < w->pre_end, inlink = i < w->link_end;

	for (k = 0; k < n; k = j) {
		if (pre && s[k] == '\n') {
			w->brk = 1;
			j = k + 1;
		} else if (ws(s[k])) {
			w->space = 1;
			j = k + 1;
		} else {
			for (j = k; j < n && !ws(s[j]); j++)
				;
			word(w, i, s + k, j - k, inlink);
		}
	}
}

static uint32_t
element(struct walk *w, uint32_t i)
{
	const struct nt_hdoc *d = w->d;
	const struct hnode *x = &d->n[i];
	unsigned fl = nt_htags[x->tag].fl;

	if ((fl & TF_SKIP) || (d->hidden[i] && !d->hidden[d->owner[i]]))
		return x->end;
	if (fl & (TF_BLOCK | TF_ROW))
		w->brk = 1;
	if (x->tag == HT_BR)
		w->brk = 1;
	if (fl & TF_CELL)
		w->cell = 1;
	if (x->tag == HT_A && (x->fl & HF_HREF) && x->end > w->link_end)
		w->link_end = x->end;
	if (x->tag == HT_PRE && x->end > w->pre_end)
		w->pre_end = x->end;
	if (x->tag == HT_BLOCKQUOTE && x->end > w->quote_end)
		w->quote_end = x->end;
	return i + 1;
}

void
nt_hlines(struct nt_hdoc *d)
{
	struct walk w;
	size_t i, k;

	memset(&w, 0, sizeof(w));
	w.d = d;
	d->nln = 0;
	nt_buf_reset(&d->page);
	for (i = 1; i < d->nn; ) {
		if (d->n[i].tag == HT_TEXT) {
			text_node(&w, (uint32_t)i);
			i++;
		} else
			i = element(&w, (uint32_t)i);
	}
	close_line(&w);
	if (d->page.len > 0)
		d->page.len--;		/* the last '\n' */
	if (d->page.p != NULL)
		d->page.p[d->page.len] = '\0';
	/* libxml2 decodes what it is given; still, never pass on bad
	 * UTF-8 (a reference to a surrogate, say): a bad byte becomes
	 * '?', which keeps every offset where it was. */
	for (i = 0; i < d->page.len; i += (uint32_t)k)
		if ((k = nt_utf8_seqlen((unsigned char *)d->page.p + i,
		    d->page.len - i)) == 0) {
			d->page.p[i] = '?';
			k = 1;
		}
}
