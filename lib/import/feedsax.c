/*
 * feedsax: one feed document, read with libxml2's SAX2 interface, to
 * its items.
 *
 * Nothing is built but the fields.  Elements are told apart by their
 * namespace's family (RSS 0.9x/2.0 and 1.0 are one family, Atom 0.3
 * and 1.0 another; names without a namespace are the root's family,
 * and a prefix used without a declaration, as "dc:" often is, is known
 * by its usual name) and their local name (the table elements[]).
 * Where an element is decides what it means (rules[]): a title inside
 * an item is the item's, one in the channel is the feed's, one inside
 * an image, a text input or an Atom entry's source is nobody's.  A
 * field's element starts a capture of its characters; elements inside
 * it are serialized back to markup (RSS's "naked" HTML, Atom's inline
 * XHTML), and the value is read when the element ends: as a text
 * construct of its type (feedtext.c), a date, a link or an author.
 * Several elements may give one field (pubDate, dc:date, published,
 * updated): each rule has a priority, and the best one present wins,
 * the first of equals.  An item is given when its end tag is read, so
 * an item cut off by a truncated document is never given.
 *
 * What the parser may and may not do is set here once: no DTD is
 * loaded (no externalSubset handler), no entity is resolved beyond
 * XML's five (getEntity; feedfix.c has already made HTML's numeric),
 * the network is off and a process-wide entity loader refuses every
 * load, so nothing outside the input is ever read.  libxml2's limits
 * on names, text and nesting (XML_PARSE_HUGE is never given) stay on.
 * libxml2 2.9 drops every entity reference, even "&amp;", once it has
 * found a document not well-formed; the errors are counted here, and
 * the parser is told the document is still well-formed after each one
 * (ctxt->wellFormed) so that recovery keeps the text.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/uri.h>
#include <xxhash.h>

#include "core/utf8.h"
#include "core/util.h"
#include "import/feed.h"
#include "import/feedint.h"

enum fam { FAM_NONE, FAM_RSS, FAM_ATOM, FAM_RDF, FAM_DC, FAM_DCT,
	FAM_CONTENT, FAM_XHTML, FAM_ITUNES, FAM_XML, FAM_OTHER };

#define NS_ATOM03	"http://purl.org/atom/ns#"
#define PUSH_BLOCK	(256 * 1024)	/* bytes given the parser at a time */

static const struct space {
	const char	*uri;
	const char	*prefix;	/* when used undeclared */
	enum fam	 fam;
} spaces[] = {
	{ "http://purl.org/rss/1.0/", NULL, FAM_RSS },
	{ "http://my.netscape.com/rdf/simple/0.9/", NULL, FAM_RSS },
	{ "http://channel.netscape.com/rdf/simple/0.9/", NULL, FAM_RSS },
	{ "http://backend.userland.com/rss2", NULL, FAM_RSS },
	{ "http://backend.userland.com/rss", NULL, FAM_RSS },
	{ "http://blogs.law.harvard.edu/tech/rss", NULL, FAM_RSS },
	{ "http://www.w3.org/2005/Atom", "atom", FAM_ATOM },
	{ NS_ATOM03, NULL, FAM_ATOM },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf", FAM_RDF },
	{ "http://purl.org/dc/elements/1.1/", "dc", FAM_DC },
	{ "http://purl.org/dc/terms/", "dcterms", FAM_DCT },
	{ "http://purl.org/rss/1.0/modules/content/", "content", FAM_CONTENT },
	{ "http://www.w3.org/1999/xhtml", "xhtml", FAM_XHTML },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes", FAM_ITUNES },
	{ "http://www.w3.org/XML/1998/namespace", "xml", FAM_XML },
};

enum el {
	E_OTHER,
	/* roots and containers */
	E_RSS, E_RDF, E_FEED, E_CHANNEL, E_ITEM, E_ENTRY, E_IMAGE,
	E_TEXTINPUT, E_SOURCE, E_PERSON, E_CONTRIB, E_ALINK,
	/* fields */
	E_TITLE, E_LINK, E_DESC, E_GUID, E_PUBDATE, E_AUTHOR, E_ID,
	E_SUMMARY, E_CONTENT, E_PUBLISHED, E_UPDATED, E_ISSUED, E_MODIFIED,
	E_CREATED, E_NAME, E_EMAIL, E_DC_TITLE, E_DC_CREATOR, E_DC_AUTHOR,
	E_DC_DATE, E_DC_DESC, E_DCT_ISSUED, E_DCT_CREATED, E_DCT_MODIFIED,
	E_ENCODED, E_BODY, E_IT_AUTHOR, E_IT_SUMMARY
};

static const struct element {
	enum fam	 fam;
	const char	*name;
	enum el		 el;
} elements[] = {
	{ FAM_RSS, "rss", E_RSS }, { FAM_RSS, "channel", E_CHANNEL },
	{ FAM_RSS, "item", E_ITEM }, { FAM_RSS, "image", E_IMAGE },
	{ FAM_RSS, "textinput", E_TEXTINPUT },
	{ FAM_RSS, "textInput", E_TEXTINPUT }, { FAM_RSS, "title", E_TITLE },
	{ FAM_RSS, "link", E_LINK }, { FAM_RSS, "description", E_DESC },
	{ FAM_RSS, "guid", E_GUID }, { FAM_RSS, "pubDate", E_PUBDATE },
	{ FAM_RSS, "author", E_AUTHOR }, { FAM_RDF, "RDF", E_RDF },
	{ FAM_ATOM, "feed", E_FEED }, { FAM_ATOM, "entry", E_ENTRY },
	{ FAM_ATOM, "source", E_SOURCE }, { FAM_ATOM, "author", E_PERSON },
	{ FAM_ATOM, "contributor", E_CONTRIB }, { FAM_ATOM, "link", E_ALINK },
	{ FAM_ATOM, "title", E_TITLE }, { FAM_ATOM, "id", E_ID },
	{ FAM_ATOM, "summary", E_SUMMARY }, { FAM_ATOM, "content", E_CONTENT },
	{ FAM_ATOM, "published", E_PUBLISHED },
	{ FAM_ATOM, "updated", E_UPDATED }, { FAM_ATOM, "issued", E_ISSUED },
	{ FAM_ATOM, "modified", E_MODIFIED }, { FAM_ATOM, "created", E_CREATED },
	{ FAM_ATOM, "name", E_NAME }, { FAM_ATOM, "email", E_EMAIL },
	{ FAM_DC, "title", E_DC_TITLE }, { FAM_DC, "creator", E_DC_CREATOR },
	{ FAM_DC, "author", E_DC_AUTHOR }, { FAM_DC, "date", E_DC_DATE },
	{ FAM_DC, "description", E_DC_DESC },
	{ FAM_DCT, "issued", E_DCT_ISSUED }, { FAM_DCT, "created", E_DCT_CREATED },
	{ FAM_DCT, "modified", E_DCT_MODIFIED },
	{ FAM_CONTENT, "encoded", E_ENCODED }, { FAM_XHTML, "body", E_BODY },
	{ FAM_ITUNES, "author", E_IT_AUTHOR },
	{ FAM_ITUNES, "summary", E_IT_SUMMARY },
};

/* The fields: an item's, an Atom person's parts, the feed's. */
enum field { S_TITLE, S_LINK, S_ID, S_SUMMARY, S_CONTENT, S_DATE, S_AUTHOR,
	S_NAME, S_EMAIL, S_FTITLE, S_FLINK, S_FID, S_FAUTHOR, S_COUNT };

#define S_ITEMS		S_NAME	/* the item's slots come before it */
#define NONE		INT_MAX	/* a slot's priority when it is empty */

/* Where an element is. */
enum where { W_FEED, W_ITEM, W_PERSON };

/* How its characters are read. */
enum how { H_TEXT, H_HTML, H_XHTML, H_PLAIN, H_URI, H_GUID, H_DATE,
	H_AUTHOR };

static const struct rule {
	enum el		 el;
	enum where	 where;
	enum field	 slot;
	int		 prio;		/* lower wins */
	enum how	 how;
} rules[] = {
	{ E_TITLE, W_ITEM, S_TITLE, 0, H_TEXT },
	{ E_DC_TITLE, W_ITEM, S_TITLE, 1, H_TEXT },
	{ E_LINK, W_ITEM, S_LINK, 0, H_URI },
	{ E_GUID, W_ITEM, S_ID, 0, H_GUID },
	{ E_ID, W_ITEM, S_ID, 0, H_PLAIN },
	{ E_DESC, W_ITEM, S_SUMMARY, 0, H_TEXT },
	{ E_SUMMARY, W_ITEM, S_SUMMARY, 0, H_TEXT },
	{ E_DC_DESC, W_ITEM, S_SUMMARY, 1, H_TEXT },
	{ E_IT_SUMMARY, W_ITEM, S_SUMMARY, 2, H_TEXT },
	{ E_ENCODED, W_ITEM, S_CONTENT, 0, H_HTML },
	{ E_CONTENT, W_ITEM, S_CONTENT, 0, H_TEXT },
	{ E_BODY, W_ITEM, S_CONTENT, 1, H_XHTML },
	{ E_PUBLISHED, W_ITEM, S_DATE, 0, H_DATE },
	{ E_ISSUED, W_ITEM, S_DATE, 0, H_DATE },
	{ E_PUBDATE, W_ITEM, S_DATE, 0, H_DATE },
	{ E_DC_DATE, W_ITEM, S_DATE, 1, H_DATE },
	{ E_DCT_ISSUED, W_ITEM, S_DATE, 1, H_DATE },
	{ E_CREATED, W_ITEM, S_DATE, 2, H_DATE },
	{ E_DCT_CREATED, W_ITEM, S_DATE, 2, H_DATE },
	{ E_UPDATED, W_ITEM, S_DATE, 3, H_DATE },
	{ E_MODIFIED, W_ITEM, S_DATE, 3, H_DATE },
	{ E_DCT_MODIFIED, W_ITEM, S_DATE, 3, H_DATE },
	{ E_AUTHOR, W_ITEM, S_AUTHOR, 1, H_AUTHOR },
	{ E_DC_CREATOR, W_ITEM, S_AUTHOR, 1, H_AUTHOR },
	{ E_DC_AUTHOR, W_ITEM, S_AUTHOR, 2, H_AUTHOR },
	{ E_IT_AUTHOR, W_ITEM, S_AUTHOR, 3, H_AUTHOR },
	{ E_NAME, W_PERSON, S_NAME, 0, H_PLAIN },
	{ E_EMAIL, W_PERSON, S_EMAIL, 0, H_PLAIN },
	{ E_TITLE, W_FEED, S_FTITLE, 0, H_TEXT },
	{ E_DC_TITLE, W_FEED, S_FTITLE, 1, H_TEXT },
	{ E_LINK, W_FEED, S_FLINK, 0, H_URI },
	{ E_ID, W_FEED, S_FID, 0, H_PLAIN },
};

struct slot {
	int		 prio;		/* of the value held; NONE: empty */
	struct nt_buf	 v, html;
};

/* An xml:base in force from the element at depth on. */
struct base {
	int		 depth;
	char		*uri;
};

struct nt_feed {
	struct nt_html	 h;
	xmlParserCtxtPtr ctxt;
	struct nt_fdoc	*doc;
	nt_feed_fn	 fn;
	void		*arg;
	const char	*url;		/* where the input came from, or NULL */

	/* The document being read. */
	enum nt_fkind	 kind;
	int		 atom;		/* names without a namespace: Atom's */
	int		 atom03;
	int		 depth;
	int		 item, skip, person;	/* depth of the open one, or 0 */
	int		 ended;		/* the root element ended */
	size_t		 rootend;	/* where, in the bytes parsed */
	uint64_t	 line0;		/* lines before the document */

	/* The capture under way. */
	int		 cdepth;	/* 0: none */
	const struct rule *crule;
	enum ftype	 ctype;
	int		 cmarkup;	/* child elements were serialized */
	int		 cperma;	/* a guid that is the item's link */
	struct nt_buf	 cap;

	struct base	*base;
	size_t		 nbase, basecap;
	struct slot	 s[S_COUNT];
	struct nt_fitem	 it;
	struct nt_finfo	 fi;

	/* Scratch. */
	const xmlChar	*lasturi;	/* libxml2 interns namespace URIs */
	enum fam	 lastfam;
	struct nt_buf	 text, html, val, fixed, fixed2;
	struct nt_feedmap map;
	size_t		 lpos;		/* lines counted up to here */
	uint64_t	 lline;
};

static enum fam
family(struct nt_feed *f, const xmlChar *uri, const xmlChar *prefix)
{
	size_t i;

	if (uri == NULL) {
		if (prefix == NULL)
			return f->atom ? FAM_ATOM : FAM_RSS;
		for (i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++)
			if (spaces[i].prefix != NULL &&
			    strcmp(spaces[i].prefix, (const char *)prefix) == 0)
				return spaces[i].fam;
		return FAM_OTHER;
	}
	if (uri == f->lasturi)
		return f->lastfam;
	f->lasturi = uri;
	f->lastfam = FAM_OTHER;
	for (i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++)
		if (strcmp(spaces[i].uri, (const char *)uri) == 0)
			f->lastfam = spaces[i].fam;
	return f->lastfam;
}

static enum el
element(enum fam fam, const xmlChar *local)
{
	size_t i;

	for (i = 0; i < sizeof(elements) / sizeof(elements[0]); i++)
		if (elements[i].fam == fam &&
		    strcmp(elements[i].name, (const char *)local) == 0)
			return elements[i].el;
	return E_OTHER;
}

/*
 * Make b valid UTF-8, each byte of a bad sequence U+FFFD: libxml2
 * passes on what a document that lies about its encoding holds.
 */
static void
utf8ok(struct nt_buf *b, struct nt_buf *tmp)
{
	const unsigned char *u = (const unsigned char *)b->p;
	size_t i, k;

	if (b->p == NULL || nt_utf8_valid(b->p, b->len) == b->len)
		return;
	nt_buf_reset(tmp);
	for (i = 0; i < b->len; i += k)
		if ((k = nt_utf8_seqlen(u + i, b->len - i)) > 0)
			nt_buf_add(tmp, u + i, k);
		else {
			nt_buf_add(tmp, "\xEF\xBF\xBD", 3);
			k = 1;
		}
	nt_buf_reset(b);
	nt_buf_add(b, tmp->p, tmp->len);
}

/* The value of attribute name (in namespace fam, or none) into out;
 * 1 if the element has it.  libxml2 gives '&' in values as "&#38;". */
static int
attr(struct nt_feed *f, int nattr, const xmlChar **a, const char *name,
    enum fam fam, struct nt_buf *out)
{
	const char *v, *e, *amp;
	int i;

	nt_buf_reset(out);
	for (i = 0; i < nattr; i++, a += 5) {
		if (strcmp((const char *)a[0], name) != 0 ||
		    (fam == FAM_NONE ? a[2] != NULL :
		    family(f, a[2], a[1]) != fam))
			continue;
		v = (const char *)a[3];
		e = (const char *)a[4];
		while ((amp = memmem(v, (size_t)(e - v), "&#38;", 5)) != NULL) {
			nt_buf_add(out, v, (size_t)(amp - v));
			nt_buf_addc(out, '&');
			v = amp + 5;
		}
		nt_buf_add(out, v, (size_t)(e - v));
		utf8ok(out, &f->fixed2);
		return 1;
	}
	return 0;
}

/* The base a relative link at this point resolves against, or NULL. */
static const char *
base_now(const struct nt_feed *f)
{
	if (f->nbase > 0)
		return f->base[f->nbase - 1].uri;
	return f->url;
}

static void
push_base(struct nt_feed *f, int nattr, const xmlChar **a)
{
	struct base *b;

	if (!attr(f, nattr, a, "base", FAM_XML, &f->val))
		return;
	if (f->nbase == f->basecap) {
		f->basecap = f->basecap ? 2 * f->basecap : 8;
		f->base = nt_ereallocarray(f->base, f->basecap,
		    sizeof(*f->base));
	}
	nt_feed_resolve(f->val.p ? f->val.p : "", f->val.len, base_now(f),
	    &f->text);
	b = &f->base[f->nbase++];
	b->depth = f->depth;
	b->uri = nt_estrndup(f->text.p ? f->text.p : "", f->text.len);
}

static void
pop_base(struct nt_feed *f)
{
	if (f->nbase > 0 && f->base[f->nbase - 1].depth == f->depth)
		free(f->base[--f->nbase].uri);
}

/* Offer a value for a slot at a priority: kept if it beats what is
 * there and is not empty. */
static void
offer(struct nt_feed *f, enum field sl, int prio, const struct nt_buf *v,
    const struct nt_buf *html)
{
	struct slot *s = &f->s[sl];

	if (prio >= s->prio || v->len == 0)
		return;
	s->prio = prio;
	nt_buf_reset(&s->v);
	nt_buf_add(&s->v, v->p, v->len);
	nt_buf_reset(&s->html);
	if (html != NULL)
		nt_buf_add(&s->html, html->p ? html->p : "", html->len);
}

static void
clear(struct nt_feed *f, enum field from, enum field to)
{
	int i;

	for (i = (int)from; i < (int)to; i++) {
		f->s[i].prio = NONE;
		nt_buf_reset(&f->s[i].v);
		nt_buf_reset(&f->s[i].html);
	}
}

/* --- Markup inside a capture. --- */

static void
escape(struct nt_buf *out, const char *s, size_t n, int quot)
{
	size_t i, a = 0;

	for (i = 0; i < n; i++) {
		const char *r = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" :
		    s[i] == '>' ? "&gt;" : quot && s[i] == '"' ? "&quot;" :
		    NULL;

		if (r == NULL)
			continue;
		nt_buf_add(out, s + a, i - a);
		nt_buf_adds(out, r);
		a = i + 1;
	}
	nt_buf_add(out, s + a, n - a);
}

static void
markup_open(struct nt_feed *f, const xmlChar *local, int nattr,
    const xmlChar **a)
{
	int i;

	if (!f->cmarkup) {
		/* What was read as text so far becomes text in markup. */
		nt_buf_reset(&f->val);
		escape(&f->val, f->cap.p ? f->cap.p : "", f->cap.len, 0);
		nt_buf_reset(&f->cap);
		nt_buf_add(&f->cap, f->val.p ? f->val.p : "", f->val.len);
		f->cmarkup = 1;
	}
	nt_buf_addc(&f->cap, '<');
	nt_buf_adds(&f->cap, (const char *)local);
	for (i = 0; i < nattr; i++, a += 5) {
		nt_buf_addc(&f->cap, ' ');
		nt_buf_adds(&f->cap, (const char *)a[0]);
		nt_buf_adds(&f->cap, "=\"");
		attr(f, 1, a, (const char *)a[0], a[2] == NULL ? FAM_NONE :
		    family(f, a[2], a[1]), &f->val);
		escape(&f->cap, f->val.p ? f->val.p : "", f->val.len, 1);
		nt_buf_addc(&f->cap, '"');
	}
	nt_buf_addc(&f->cap, '>');
}

static void
markup_close(struct nt_feed *f, const xmlChar *local)
{
	const htmlElemDesc *d = htmlTagLookup(local);

	/* <br/> is a start and an end to XML, and one line break to HTML. */
	if (d != NULL && d->empty)
		return;
	nt_buf_adds(&f->cap, "</");
	nt_buf_adds(&f->cap, (const char *)local);
	nt_buf_addc(&f->cap, '>');
}

/* --- Fields. --- */

static const struct rule *
rule_for(enum el el, enum where w)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].el == el && rules[i].where == w)
			return &rules[i];
	return NULL;
}

/* An Atom text construct's type, from its type and mode attributes. */
static enum ftype
atom_type(struct nt_feed *f, int nattr, const xmlChar **a)
{
	const char *t;
	int mode, html;

	attr(f, nattr, a, "type", FAM_NONE, &f->val);
	t = f->val.p ? f->val.p : "";
	html = strcasestr(t, "html") != NULL;
	mode = attr(f, nattr, a, "mode", FAM_NONE, &f->text);
	if (mode && strcasecmp(f->text.p, "base64") == 0)
		return html ? FT_B64HTML : FT_B64TEXT;
	if (mode && strcasecmp(f->text.p, "escaped") == 0)
		return html ? FT_HTML : FT_TEXT;
	if (mode && strcasecmp(f->text.p, "xml") == 0)
		return html || strcasestr(t, "xml") ? FT_XHTML : FT_TEXT;
	if (*t == '\0' || strcasecmp(t, "text") == 0 ||
	    strncasecmp(t, "text/", 5) == 0)
		return strcasecmp(t, "text/html") == 0 ? FT_HTML : FT_TEXT;
	if (strcasecmp(t, "html") == 0)
		return FT_HTML;
	if (strcasecmp(t, "xhtml") == 0 || strcasestr(t, "xml") != NULL)
		return FT_XHTML;
	/* Any other media type is base64 (RFC 4287, 4.1.3.3). */
	return FT_B64TEXT;
}

static int
is_web(const struct nt_buf *v)
{
	return v->len > 7 && (strncasecmp(v->p, "http://", 7) == 0 ||
	    strncasecmp(v->p, "https://", 8) == 0);
}

/* A relative link resolves against xml:base, the input's URL, else the
 * feed's own link. */
static void
resolve(struct nt_feed *f, const struct nt_buf *href, struct nt_buf *out)
{
	const char *b = base_now(f);

	if (b == NULL && is_web(&f->s[S_FLINK].v))
		b = f->s[S_FLINK].v.p;
	nt_feed_resolve(href->p ? href->p : "", href->len, b, out);
}

static void
atom_link(struct nt_feed *f, int nattr, const xmlChar **a, enum field sl)
{
	const char *rel;
	int prio;

	rel = attr(f, nattr, a, "rel", FAM_NONE, &f->val) ? f->val.p : "";
	if (*rel != '\0' && strcasecmp(rel, "alternate") != 0 &&
	    strcasecmp(rel, "http://www.iana.org/assignments/relation/"
	    "alternate") != 0)
		return;
	attr(f, nattr, a, "type", FAM_NONE, &f->val);
	prio = f->val.len == 0 || strcasestr(f->val.p, "html") != NULL ? 0 : 1;
	if (!attr(f, nattr, a, "href", FAM_NONE, &f->val))
		return;
	resolve(f, &f->val, &f->text);
	offer(f, sl, prio, &f->text, NULL);
}

static void
capture(struct nt_feed *f, enum el el, enum fam fam, int nattr,
    const xmlChar **a)
{
	enum where w = f->person ? W_PERSON : f->item ? W_ITEM : W_FEED;
	const struct rule *r;

	if (el == E_ALINK && w != W_PERSON) {
		atom_link(f, nattr, a, w == W_ITEM ? S_LINK : S_FLINK);
		return;
	}
	if ((r = rule_for(el, w)) == NULL)
		return;
	/* Beaten already, or out of line: read past it. */
	if (f->s[r->slot].prio <= r->prio || (el == E_CONTENT &&
	    attr(f, nattr, a, "src", FAM_NONE, &f->val))) {
		f->skip = f->depth;
		return;
	}
	f->cdepth = f->depth;
	f->crule = r;
	f->cmarkup = 0;
	nt_buf_reset(&f->cap);
	f->ctype = r->how == H_HTML ? FT_HTML : r->how == H_XHTML ? FT_XHTML :
	    r->how != H_TEXT ? FT_TEXT : fam == FAM_ATOM ?
	    atom_type(f, nattr, a) : FT_GUESS;
	f->cperma = r->how == H_GUID && !(attr(f, nattr, a, "isPermaLink",
	    FAM_NONE, &f->val) && strcasecmp(f->val.p, "false") == 0);
}

static void
finish_capture(struct nt_feed *f)
{
	const struct rule *r = f->crule;
	int multi = r->slot == S_SUMMARY || r->slot == S_CONTENT;

	f->cdepth = 0;
	utf8ok(&f->cap, &f->fixed2);
	nt_feed_text(&f->h, f->ctype, f->cmarkup, f->cap.p ? f->cap.p : "",
	    f->cap.len, multi, &f->text, &f->html);
	switch (r->how) {
	case H_TEXT:
	case H_HTML:
	case H_XHTML:
		offer(f, r->slot, r->prio, &f->text, &f->html);
		return;
	case H_URI:
		resolve(f, &f->text, &f->val);
		offer(f, r->slot, r->prio, &f->val, NULL);
		return;
	case H_GUID:
		offer(f, S_ID, r->prio, &f->text, NULL);
		if (f->cperma && is_web(&f->text)) {
			resolve(f, &f->text, &f->val);
			offer(f, S_LINK, 2, &f->val, NULL);
		}
		return;
	case H_DATE:
		if (nt_feed_date(f->text.p, f->text.len, &f->val))
			offer(f, r->slot, r->prio, &f->val, NULL);
		return;
	case H_AUTHOR:
		nt_feed_author(f->text.p, f->text.len, &f->val);
		offer(f, r->slot, r->prio, &f->val, NULL);
		return;
	case H_PLAIN:
		offer(f, r->slot, r->prio, &f->text, NULL);
		return;
	}
}

/* --- Items and containers. --- */

/*
 * The item's id: its own, else its link, else a hash of what it says
 * (XXH3 of its title, date, summary and text), so that an item with
 * neither is the same item for as long as it says the same.
 */
static void
item_id(struct nt_feed *f, const struct nt_buf *own)
{
	static const enum field part[] = { S_TITLE, S_DATE, S_SUMMARY,
	    S_CONTENT };
	size_t i;

	nt_buf_reset(&f->it.id);
	if (own->len > 0) {
		nt_buf_add(&f->it.id, own->p, own->len);
		return;
	}
	nt_buf_reset(&f->val);
	for (i = 0; i < sizeof(part) / sizeof(part[0]); i++) {
		nt_buf_add(&f->val, f->s[part[i]].v.p ? f->s[part[i]].v.p : "",
		    f->s[part[i]].v.len);
		nt_buf_addc(&f->val, '\n');
	}
	nt_buf_printf(&f->it.id, "%016llx",
	    (unsigned long long)XXH3_64bits(f->val.p, f->val.len));
}

static void
copy(struct nt_buf *to, const struct nt_buf *from)
{
	nt_buf_reset(to);
	nt_buf_add(to, from->p ? from->p : "", from->len);
}

static void
end_person(struct nt_feed *f)
{
	const struct nt_buf *v = f->s[S_NAME].v.len > 0 ? &f->s[S_NAME].v :
	    &f->s[S_EMAIL].v;

	f->person = 0;
	offer(f, f->item ? S_AUTHOR : S_FAUTHOR, 0, v, NULL);
	clear(f, S_NAME, S_FTITLE);
}

static void
end_item(struct nt_feed *f)
{
	const struct slot *body = f->s[S_CONTENT].v.len > 0 ?
	    &f->s[S_CONTENT] : &f->s[S_SUMMARY];

	f->item = 0;
	item_id(f, f->s[S_ID].v.len > 0 ? &f->s[S_ID].v : &f->s[S_LINK].v);
	copy(&f->it.url, &f->s[S_LINK].v);
	copy(&f->it.title, &f->s[S_TITLE].v);
	copy(&f->it.date, &f->s[S_DATE].v);
	/* An Atom entry without an author has its feed's (RFC 4287 4.2.1). */
	copy(&f->it.author, f->s[S_AUTHOR].v.len > 0 || !f->atom ?
	    &f->s[S_AUTHOR].v : &f->s[S_FAUTHOR].v);
	/* No summary: the content is one, as feedparser has it. */
	copy(&f->it.summary, f->s[S_SUMMARY].v.len > 0 ? &f->s[S_SUMMARY].v :
	    &f->s[S_CONTENT].v);
	copy(&f->it.text, &body->v);
	copy(&f->it.html, &body->html);
	copy(&f->fi.title, &f->s[S_FTITLE].v);
	copy(&f->fi.link, &f->s[S_FLINK].v);
	copy(&f->fi.id, &f->s[S_FID].v);
	nt_feed_host(f->fi.link.p ? f->fi.link.p : "", f->fi.link.len,
	    &f->fi.host);
	f->fi.kind = f->kind;
	f->doc->items++;
	f->fn(f->arg, &f->it, &f->fi);
	clear(f, S_TITLE, S_ITEMS);
}

/* A container element: 1 if el was one (and is now open). */
static int
container(struct nt_feed *f, enum el el, int nattr, const xmlChar **a)
{
	switch (el) {
	case E_ITEM:
	case E_ENTRY:
		if ((el == E_ENTRY) != (f->atom != 0))
			return 0;
		/* An item in an item: the first one's end tag is missing. */
		if (f->item != 0)
			end_item(f);
		f->item = f->depth;
		clear(f, S_TITLE, S_ITEMS);
		if (attr(f, nattr, a, "about", FAM_RDF, &f->val))
			offer(f, S_ID, 1, &f->val, NULL);
		return 1;
	case E_IMAGE:
	case E_TEXTINPUT:
	case E_SOURCE:
	case E_CONTRIB:
		f->skip = f->depth;
		return 1;
	case E_PERSON:
		if (f->person == 0)
			f->person = f->depth;
		return 1;
	default:
		return 0;
	}
}

static void
root(struct nt_feed *f, enum el el, const xmlChar *local,
    const xmlChar *uri)
{
	if (el == E_OTHER && uri == NULL && strcmp((const char *)local,
	    "feed") == 0)
		el = E_FEED;
	switch (el) {
	case E_RSS:
		f->kind = NT_FK_RSS;
		break;
	case E_RDF:
		f->kind = NT_FK_RDF;
		break;
	case E_FEED:
		f->atom = 1;
		f->atom03 = uri == NULL || strcmp((const char *)uri,
		    NS_ATOM03) == 0;
		f->kind = f->atom03 ? NT_FK_ATOM03 : NT_FK_ATOM10;
		break;
	default:
		f->kind = NT_FK_NONE;
	}
}

/* --- The SAX handlers. --- */

static void
on_start(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **nss, int nattr,
    int ndef, const xmlChar **a)
{
	struct nt_feed *f = ud;
	enum fam fam;
	enum el el;

	f->ctxt->wellFormed = 1;
	f->depth++;
	if (f->ended)
		return;
	push_base(f, nattr, a);
	if (f->cdepth != 0) {
		markup_open(f, local, nattr, a);
		return;
	}
	if (f->skip != 0)
		return;
	fam = family(f, uri, prefix);
	el = element(fam, local);
	if (f->depth == 1) {
		root(f, el, local, uri);
		return;
	}
	if (f->kind == NT_FK_NONE || container(f, el, nattr, a))
		return;
	capture(f, el, fam, nattr, a);
}

static void
on_end(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct nt_feed *f = ud;

	f->ctxt->wellFormed = 1;
	if (!f->ended) {
		if (f->cdepth != 0 && f->depth > f->cdepth)
			markup_close(f, local);
		else if (f->cdepth != 0)
			finish_capture(f);
		else if (f->skip == f->depth)
			f->skip = 0;
		else if (f->skip == 0 && f->person == f->depth)
			end_person(f);
		else if (f->skip == 0 && f->item == f->depth)
			end_item(f);
		pop_base(f);
	}
	if (--f->depth == 0 && !f->ended) {
		/* Whatever follows the root is another document's. */
		f->ended = 1;
		f->rootend = (size_t)xmlByteConsumed(f->ctxt);
		xmlStopParser(f->ctxt);
	}
}

static void
on_text(void *ud, const xmlChar *s, int len)
{
	struct nt_feed *f = ud;

	f->ctxt->wellFormed = 1;
	if (f->cdepth == 0 || f->ended || len <= 0)
		return;
	if (f->cmarkup)
		escape(&f->cap, (const char *)s, (size_t)len, 0);
	else
		nt_buf_add(&f->cap, s, (size_t)len);
}

static xmlEntityPtr
on_entity(void *ud, const xmlChar *name)
{
	/* XML's five; every other reference was made text (feedfix.c). */
	return xmlGetPredefinedEntity(name);
}

static void
on_error(void *ud, xmlErrorPtr e)
{
	struct nt_feed *f = ud;
	struct nt_fdoc *d = f->doc;
	size_t n;

	/* The doctype is never used, nor what it fails to load. */
	if (e->level < XML_ERR_ERROR || e->domain == XML_FROM_NAMESPACE ||
	    e->code == XML_ERR_USER_STOP || f->ended ||
	    (f->ctxt != NULL && f->ctxt->inSubset != 0))
		return;
	if (d->errors++ > 0)
		return;
	d->errline = f->line0 + (uint64_t)(e->line > 0 ? e->line : 1);
	nt_buf_reset(&d->err);
	/* The push parser's word for a document cut off in an element. */
	if (e->code == XML_ERR_DOCUMENT_END && f->depth > 0) {
		nt_buf_adds(&d->err, "the document ends inside an element "
		    "(cut off?)");
		return;
	}
	n = e->message != NULL ? strlen(e->message) : 0;
	while (n > 0 && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
		n--;
	nt_buf_add(&d->err, e->message, n);
}

static const xmlSAXHandler sax = {
	.getEntity = on_entity,
	.characters = on_text,
	.cdataBlock = on_text,
	.ignorableWhitespace = on_text,
	.startElementNs = on_start,
	.endElementNs = on_end,
	.serror = on_error,
	.initialized = XML_SAX2_MAGIC,
};

/* libxml2's messages without a context (its encoders'): never printed;
 * what they mean is told by halted(). */
static void
on_generic(void *ud, const char *msg, ...)
{
}

static xmlParserInputPtr
no_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	return NULL;
}

/* --- Documents. --- */

struct nt_feed *
nt_feed_new(const struct nt_hints *hints)
{
	struct nt_feed *f = nt_ecalloc(1, sizeof(*f));

	/* Nothing the input names is ever loaded, whatever asks; nothing
	 * libxml2 says is printed but through on_error (both global). */
	xmlSetExternalEntityLoader(no_loader);
	xmlSetGenericErrorFunc(NULL, on_generic);
	nt_html_init(&f->h, hints);
	clear(f, S_TITLE, S_COUNT);
	return f;
}

static void
reset(struct nt_feed *f)
{
	f->kind = NT_FK_NONE;
	f->atom = f->atom03 = f->depth = 0;
	f->item = f->skip = f->person = f->cdepth = f->ended = 0;
	f->rootend = 0;
	f->lasturi = NULL;
	while (f->nbase > 0)
		free(f->base[--f->nbase].uri);
	clear(f, S_TITLE, S_COUNT);
}

/*
 * The parser stopped (rc, xmlParseChunk's) with no error told to
 * on_error: bytes its encoder could not convert.  Said as an error of
 * the document, so that what followed them is not lost unsaid.
 */
static void
halted(struct nt_feed *f, xmlParserCtxtPtr c, int rc)
{
	struct nt_fdoc *d = f->doc;

	if (rc == 0 || f->ended || d->errors > 0)
		return;
	d->errors = 1;
	d->errline = f->line0 + (uint64_t)(c->input != NULL &&
	    c->input->line > 0 ? c->input->line : 1);
	nt_buf_reset(&d->err);
	nt_buf_printf(&d->err, "bytes that are not %s, as the document "
	    "declares", c->encoding != NULL ? (const char *)c->encoding :
	    "its encoding");
}

/*
 * Parse q[0..n) as one document, handed to libxml2's push parser a
 * block at a time (its memory parser would copy the whole document
 * first), until the root element ends.
 */
static void
parse(struct nt_feed *f, const char *q, size_t n)
{
	xmlSAXHandler h = sax;
	xmlParserCtxtPtr c;
	size_t off, k;
	int rc = 0;

	reset(f);
	/* No bytes yet: the handlers may then rely on f->ctxt. */
	if ((c = xmlCreatePushParserCtxt(&h, f, NULL, 0, NULL)) == NULL)
		nt_fatalx("out of memory");
	xmlCtxtUseOptions(c, XML_PARSE_RECOVER | XML_PARSE_NONET |
	    XML_PARSE_NOWARNING);
	f->ctxt = c;
	for (off = 0; off < n && !f->ended && rc == 0; off += k) {
		k = n - off < PUSH_BLOCK ? n - off : PUSH_BLOCK;
		rc = xmlParseChunk(c, q + off, (int)k, 0);
	}
	if (!f->ended && rc == 0)
		rc = xmlParseChunk(c, NULL, 0, 1);
	halted(f, c, rc);
	f->ctxt = NULL;
	/* A doctype's declarations are kept in a document of their own. */
	if (c->myDoc != NULL)
		xmlFreeDoc(c->myDoc);
	xmlFreeParserCtxt(c);
}

/* The line p[at] is on, counting on from the last document. */
static uint64_t
line_at(struct nt_feed *f, const char *p, size_t at)
{
	const char *q;

	if (at < f->lpos) {
		f->lpos = 0;
		f->lline = 1;
	}
	while ((q = memchr(p + f->lpos, '\n', at - f->lpos)) != NULL) {
		f->lline++;
		f->lpos = (size_t)(q - p) + 1;
	}
	f->lpos = at;
	return f->lline;
}

static int
utf16(const char *p, size_t n)
{
	return n >= 2 && (p[0] == '\0' || p[1] == '\0' ||
	    (p[0] == '\xFF' && p[1] == '\xFE') ||
	    (p[0] == '\xFE' && p[1] == '\xFF'));
}

int
nt_feed_next(struct nt_feed *f, const char *p, size_t n, size_t *off,
    const char *url, nt_feed_fn fn, void *arg, struct nt_fdoc *doc)
{
	size_t start, limit, len, used;
	const char *q;
	int fixed = 0;

	if (*off == 0)
		f->lpos = 0, f->lline = 1;
	if ((start = nt_feed_misc(p, n, *off)) >= n) {
		*off = n;
		return 0;
	}
	limit = nt_feed_limit(p, n, start);
	doc->start = start;
	doc->line = line_at(f, p, start);
	doc->items = doc->errors = 0;
	doc->errline = 0;
	nt_buf_reset(&doc->err);
	q = p + start;
	len = limit - start;
	if (!utf16(q, len) && nt_feed_repair(q, len, !nt_feed_foreign(q, len),
	    &f->fixed, &f->map)) {
		fixed = 1;
		q = f->fixed.p;
		len = f->fixed.len;
	}
	f->doc = doc;
	f->fn = fn;
	f->arg = arg;
	f->url = url;
	f->line0 = doc->line - 1;
	parse(f, q, len);
	used = !f->ended ? limit - start : fixed ?
	    nt_feedmap_orig(&f->map, f->rootend) : f->rootend;
	*off = used > 0 && start + used <= limit ? start + used : limit;
	doc->end = *off;
	doc->kind = f->kind;
	return 1;
}

void
nt_fdoc_free(struct nt_fdoc *d)
{
	if (d != NULL)
		nt_buf_free(&d->err);
}

void
nt_feed_free(struct nt_feed *f)
{
	size_t i;

	if (f == NULL)
		return;
	reset(f);
	free(f->base);
	for (i = 0; i < S_COUNT; i++) {
		nt_buf_free(&f->s[i].v);
		nt_buf_free(&f->s[i].html);
	}
	nt_buf_free(&f->it.id);
	nt_buf_free(&f->it.url);
	nt_buf_free(&f->it.title);
	nt_buf_free(&f->it.date);
	nt_buf_free(&f->it.author);
	nt_buf_free(&f->it.summary);
	nt_buf_free(&f->it.text);
	nt_buf_free(&f->it.html);
	nt_buf_free(&f->fi.title);
	nt_buf_free(&f->fi.link);
	nt_buf_free(&f->fi.id);
	nt_buf_free(&f->fi.host);
	nt_buf_free(&f->cap);
	nt_buf_free(&f->text);
	nt_buf_free(&f->html);
	nt_buf_free(&f->val);
	nt_buf_free(&f->fixed);
	nt_buf_free(&f->fixed2);
	nt_feedmap_free(&f->map);
	nt_html_free(&f->h);
	free(f);
}
