/*
 * htmlint: the page as the HTML extractor sees it; shared by html*.c
 * only (html.h is the public face).
 *
 * A page becomes a flat array of nodes in document order: node 0 is the
 * document, every element and text run after it.  A node's parent comes
 * before it and its subtree is the range [i, end), so every walk over
 * the tree is a loop over indices (forward: parents before children;
 * backward: children before parents) and no walk recurses, however deep
 * the page.  Text lives in one buffer; what class and id words say is
 * read as the page is parsed and kept as flags.
 * Everything here belongs to one struct nt_html and is reused from page
 * to page; one thread at a time.
 */
#ifndef NT_HTMLINT_H
#define NT_HTMLINT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/json.h"
#include "clean/html.h"

/* What a tag is, for making lines. */
#define TF_BLOCK	0x0001	/* starts and ends a line */
#define TF_SKIP		0x0002	/* nothing in it is page text */
#define TF_CELL		0x0004	/* td, th: a cell of a row's line */
#define TF_ROW		0x0008	/* tr */

/*
 * The tags told apart, in byte order of their names (htmltags.c looks
 * them up by binary search, and a unit test checks the order).
 * X(id, name, flags, reason): reason is what a tag is as furniture.
 */
#define NT_HTAGS(X) \
	X(A, "a", 0, 0) \
	X(ADDRESS, "address", TF_BLOCK, 0) \
	X(APPLET, "applet", TF_SKIP, 0) \
	X(ARTICLE, "article", TF_BLOCK, 0) \
	X(ASIDE, "aside", TF_BLOCK, NT_HR_ASIDE) \
	X(AUDIO, "audio", TF_SKIP, 0) \
	X(BLOCKQUOTE, "blockquote", TF_BLOCK, 0) \
	X(BODY, "body", TF_BLOCK, 0) \
	X(BR, "br", 0, 0) \
	X(BUTTON, "button", TF_SKIP, 0) \
	X(CANVAS, "canvas", TF_SKIP, 0) \
	X(CAPTION, "caption", TF_BLOCK, 0) \
	X(CENTER, "center", TF_BLOCK, 0) \
	X(DATALIST, "datalist", TF_SKIP, 0) \
	X(DD, "dd", TF_BLOCK, 0) \
	X(DETAILS, "details", TF_BLOCK, 0) \
	X(DIALOG, "dialog", TF_BLOCK, NT_HR_POPUP) \
	X(DIR, "dir", TF_BLOCK, 0) \
	X(DIV, "div", TF_BLOCK, 0) \
	X(DL, "dl", TF_BLOCK, 0) \
	X(DT, "dt", TF_BLOCK, 0) \
	X(EMBED, "embed", TF_SKIP, 0) \
	X(FIELDSET, "fieldset", TF_BLOCK, 0) \
	X(FIGCAPTION, "figcaption", TF_BLOCK, 0) \
	X(FIGURE, "figure", TF_BLOCK, 0) \
	X(FOOTER, "footer", TF_BLOCK, NT_HR_FOOTER) \
	X(FORM, "form", TF_BLOCK, 0) \
	X(FRAME, "frame", TF_SKIP, 0) \
	X(FRAMESET, "frameset", TF_SKIP, 0) \
	X(H1, "h1", TF_BLOCK, 0) \
	X(H2, "h2", TF_BLOCK, 0) \
	X(H3, "h3", TF_BLOCK, 0) \
	X(H4, "h4", TF_BLOCK, 0) \
	X(H5, "h5", TF_BLOCK, 0) \
	X(H6, "h6", TF_BLOCK, 0) \
	X(HEAD, "head", TF_SKIP, 0) \
	X(HEADER, "header", TF_BLOCK, NT_HR_HEADER) \
	X(HGROUP, "hgroup", TF_BLOCK, 0) \
	X(HR, "hr", TF_BLOCK, 0) \
	X(HTML, "html", TF_BLOCK, 0) \
	X(IFRAME, "iframe", TF_SKIP, 0) \
	X(IMG, "img", 0, 0) \
	X(INPUT, "input", TF_SKIP, 0) \
	X(LEGEND, "legend", TF_BLOCK, 0) \
	X(LI, "li", TF_BLOCK, 0) \
	X(LINK, "link", TF_SKIP, 0) \
	X(MAIN, "main", TF_BLOCK, 0) \
	X(MAP, "map", TF_SKIP, 0) \
	X(MENU, "menu", TF_BLOCK, NT_HR_NAV) \
	X(META, "meta", TF_SKIP, 0) \
	X(NAV, "nav", TF_BLOCK, NT_HR_NAV) \
	X(NOEMBED, "noembed", TF_SKIP, 0) \
	X(NOFRAMES, "noframes", TF_SKIP, 0) \
	X(NOSCRIPT, "noscript", TF_SKIP, 0) \
	X(OBJECT, "object", TF_SKIP, 0) \
	X(OL, "ol", TF_BLOCK, 0) \
	X(OPTGROUP, "optgroup", TF_SKIP, 0) \
	X(OPTION, "option", TF_SKIP, 0) \
	X(OUTPUT, "output", TF_SKIP, 0) \
	X(P, "p", TF_BLOCK, 0) \
	X(PICTURE, "picture", 0, 0) \
	X(PRE, "pre", TF_BLOCK, 0) \
	X(PROGRESS, "progress", TF_SKIP, 0) \
	X(SCRIPT, "script", TF_SKIP, 0) \
	X(SECTION, "section", TF_BLOCK, 0) \
	X(SELECT, "select", TF_SKIP, 0) \
	X(SOURCE, "source", TF_SKIP, 0) \
	X(STYLE, "style", TF_SKIP, 0) \
	X(SUMMARY, "summary", TF_BLOCK, 0) \
	X(SVG, "svg", TF_SKIP, 0) \
	X(TABLE, "table", TF_BLOCK, 0) \
	X(TBODY, "tbody", TF_BLOCK, 0) \
	X(TD, "td", TF_CELL, 0) \
	X(TEMPLATE, "template", TF_SKIP, 0) \
	X(TEXTAREA, "textarea", TF_SKIP, 0) \
	X(TFOOT, "tfoot", TF_BLOCK, 0) \
	X(TH, "th", TF_CELL, 0) \
	X(THEAD, "thead", TF_BLOCK, 0) \
	X(TIME, "time", 0, 0) \
	X(TITLE, "title", TF_SKIP, 0) \
	X(TR, "tr", TF_BLOCK | TF_ROW, 0) \
	X(TRACK, "track", TF_SKIP, 0) \
	X(UL, "ul", TF_BLOCK, 0) \
	X(VIDEO, "video", TF_SKIP, 0)

enum htag {
	HT_TEXT,		/* a text run, not an element */
	HT_DOC,			/* node 0 */
	HT_OTHER,		/* an element not in the table */
#define NT_HTAG_ENUM(id, name, fl, why) HT_##id,
	NT_HTAGS(NT_HTAG_ENUM)
#undef NT_HTAG_ENUM
	HT_NTAGS
};

struct htaginfo {
	const char	*name;
	uint16_t	 fl;
	uint8_t		 reason;
};

extern const struct htaginfo nt_htags[HT_NTAGS];

/* The tag called name (lower case, as libxml2 gives it), or HT_OTHER. */
enum htag	nt_htag(const char *name);

/* Flags of a node, set from its attributes as the page is read. */
#define HF_HIDDEN	0x0001	/* hidden, aria-hidden, display: none */
#define HF_HREF		0x0002	/* an a with an href */
#define HF_JSONLD	0x0004	/* a script of JSON-LD */
#define HF_BODYPROP	0x0008	/* itemprop articleBody or text */
#define HF_POSITIVE	0x0010	/* class or id says article */
#define HF_NEGATIVE	0x0020	/* class or id says furniture */
#define HF_BYLINE	0x0040	/* class, id or rel says author */
#define HF_CAPTION	0x0080	/* class or id says caption */
#define HF_KEEP		0x0100	/* class or id says article: not furniture */

struct hnode {
	uint32_t	 parent;
	uint32_t	 end;		/* one past the last node inside */
	uint32_t	 off, len;	/* text: bytes in d->text */
	uint16_t	 tag;		/* enum htag */
	uint16_t	 fl;		/* HF_* */
	uint8_t		 reason;	/* furniture by tag or role, or 0 */
	uint8_t		 hint;		/* furniture by class or id, or 0 */
};

/* Metadata the page offers, as found: resolved by htmlmeta.c. */
enum hmkey {
	HM_NONE,
	HM_TITLE, HM_OGTITLE, HM_TWTITLE, HM_PROPHEADLINE,
	HM_DATE, HM_OGDATE, HM_PROPDATE, HM_TIME,
	HM_AUTHOR, HM_OGAUTHOR, HM_PROPAUTHOR, HM_RELAUTHOR,
	HM_LANG, HM_CONTENTLANG, HM_OGLOCALE,
	HM_CANONICAL, HM_OGURL,
	HM_NKEYS
};

struct hmeta {
	uint8_t		 key;		/* enum hmkey */
	uint32_t	 node;		/* where it was said */
	uint32_t	 off, len;	/* its value in d->abuf, or len 0 */
	int		 fromtext;	/* the value is the node's text */
};

/* One line of the page text, as htmltext.c makes it. */
struct hline {
	uint32_t	 owner;		/* the block it is in */
	uint32_t	 first, last;	/* its first and last text node */
	size_t		 off, len;	/* in d->page */
	uint32_t	 chars;		/* code points */
	uint32_t	 linkchars;	/* code points inside links */
	uint32_t	 commas;
	uint8_t		 kind;		/* enum nt_hkind */
	uint8_t		 reason;	/* enum nt_hreason, 0: the article */
};

/* What a node holds, of the lines not yet found to be furniture. */
struct hstat {
	uint32_t	 chars, linkchars, commas;
	uint32_t	 paras;		/* lines of running text */
	uint32_t	 items, imgs, inputs, embeds, rows, heads;
	uint32_t	 dots;		/* lines that end a sentence */
	uint32_t	 quoted;	/* chars of lines in quotes */
	uint32_t	 kids;		/* element children */
	double		 score;		/* as a candidate for the article */
	int		 scored;
	int		 article;	/* in the article */
};

struct nt_hdoc {
	struct hnode	*n;
	size_t		 nn, ncap;
	struct nt_buf	 src;		/* the page, made safe for libxml2 */
	struct nt_buf	 text;		/* text runs */
	struct nt_buf	 abuf;		/* attribute values kept */
	struct nt_buf	 hint;		/* scratch: class and id */
	struct hmeta	*m;
	size_t		 nm, mcap;
	uint32_t	 cur;		/* the open element */
	uint32_t	 depth;
	int		 stopped;	/* too deep: the rest was not read */
	void		*ctxt;		/* the libxml2 parser, while parsing */
	struct nt_jparser jp;		/* for JSON-LD */
	const struct nt_hints *hints;

	/* Per node, made by htmlmain.c. */
	uint32_t	*owner;		/* the nearest block: itself, if one */
	uint8_t		*hidden;	/* it or an ancestor is hidden */
	uint8_t		*wrap;		/* holds the headline or articleBody */
	uint8_t		*why;		/* it or an ancestor is furniture */
	struct hstat	*st;
	size_t		 statcap;

	struct hline	*ln;
	size_t		 nln, lncap;
	struct nt_buf	 page;		/* the lines' text */
};

/* htmltree.c: read html[0..n) into d (any bytes; invalid UTF-8 is
 * replaced).  0, or -1 when the page is too large for libxml2. */
int	nt_hdoc_read(struct nt_hdoc *, const char *html, size_t n);
void	nt_hdoc_free(struct nt_hdoc *);

/* htmlhint.c: what class and id words say, as HF_* flags, and the
 * furniture reason (0 for none) in *reason. */
unsigned nt_hints_match(const struct nt_hints *, const char *s, size_t n,
	    uint8_t *reason);

/* htmltext.c: the page's lines (d->ln, d->page). */
void	nt_hlines(struct nt_hdoc *);

/* htmlmain.c: mark every line with the article, or a reason; title is
 * the page's headline, whose copies are not the article. */
void	nt_hmain(struct nt_hdoc *, const struct nt_buf *title);

/* htmlmeta.c: title, date, author, lang, url into h; JSON-LD
 * articleBody into body. */
void	nt_hmeta(struct nt_hdoc *, struct nt_html *, const char *url,
	    size_t urllen, struct nt_buf *body);
/* htmldate.c: a date as pages write it to ISO 8601 in out (reset);
 * 1, or 0 when s[0..n) is no date. */
int	nt_hdate(const char *s, size_t n, struct nt_buf *out);

/* htmlld.c: check the lines against the JSON-LD articleBody, body[0..n),
 * and correct them; 1 when the body decided the text. */
int	nt_hld(struct nt_hdoc *, const char *body, size_t n);

/* Do a and b hold the same words (letters and digits, any case)? */
int	nt_hsame(const char *a, size_t an, const char *b, size_t bn);

#endif
