/*
 * htmltree: a page's bytes to the flat tree of htmlint.h.
 *
 * Two steps.  A pre-pass copies the page into d->src, made safe and
 * small for libxml2: invalid UTF-8 becomes U+FFFD (libxml2 would
 * otherwise take the whole page for Latin-1) and NUL bytes go; comments go; the
 * bodies of scripts (but JSON-LD), styles and SVG images go, since no
 * text of theirs is read and libxml2 reads them a character at a time;
 * and a tag keeps at most NT_HTML_ATTRS attributes, since libxml2
 * checks each new attribute against all the earlier ones of its tag.
 * The pre-pass tokenizes tags the way HTML does (quoted values may hold
 * '>'), so that it agrees with the parser about where a tag ends.
 * Then libxml2's HTML parser, through SAX, calls us for every element
 * and text run; we keep what the extractor needs of each (its tag, the
 * flags its attributes give, its metadata) and stop the parse when the
 * elements nest deeper than NT_HTML_DEPTH: libxml2 scans its stack of
 * open elements for each end tag, which deep hostile nesting would make
 * quadratic.
 */
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "clean/htmlint.h"
#include "core/utf8.h"
#include "core/util.h"

#define HINT_MAX	512	/* class and id bytes looked at */

/* --- The pre-pass. --- */

static int
alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Copy p[0..n) to out with invalid UTF-8 as U+FFFD and without NUL
 * bytes (which browsers ignore). */
static void
sanitize(const char *p, size_t n, struct nt_buf *out)
{
	size_t i = 0, k;

	nt_buf_reset(out);
	nt_buf_grow(out, n);
	while (i < n) {
		k = nt_utf8_seqlen((const unsigned char *)p + i, n - i);
		if (p[i] == '\0')
			i++;
		else if (k == 0) {
			nt_buf_add(out, "\xEF\xBF\xBD", 3);
			i++;
		} else {
			nt_buf_add(out, p + i, k);
			i += k;
		}
	}
}

/* Where the raw text of an element named name (len bytes) ends: the
 * next "</name", any case, or n. */
static size_t
raw_end(const char *p, size_t n, size_t i, const char *name, size_t len)
{
	const char *lt;

	while ((lt = memchr(p + i, '<', n - i)) != NULL) {
		i = (size_t)(lt - p) + 1;
		if (i + len < n && p[i] == '/' &&
		    strncasecmp(p + i + 1, name, len) == 0)
			return i - 1;
	}
	return n;
}

/* The end of the attribute that starts at p[i] (not white space, '/'
 * or '>'): a name, then perhaps '=' and a value, quoted or not. */
static size_t
attr_end(const char *p, size_t n, size_t i)
{
	const char *q;
	size_t j;

	i++;
	while (i < n && !space(p[i]) && p[i] != '/' && p[i] != '>' &&
	    p[i] != '=')
		i++;
	for (j = i; j < n && space(p[j]); j++)
		;
	if (j >= n || p[j] != '=')
		return i;
	for (j++; j < n && space(p[j]); j++)
		;
	if (j < n && (p[j] == '"' || p[j] == '\'')) {
		q = memchr(p + j + 1, p[j], n - j - 1);
		return q != NULL ? (size_t)(q - p) + 1 : n;
	}
	while (j < n && !space(p[j]) && p[j] != '>')
		j++;
	return j;
}

/*
 * Copy the start tag at p[i] ('<' and a letter) to out, keeping at most
 * NT_HTML_ATTRS attributes; return where it ends.  *name and *nlen get
 * its name, *ldjson whether it says "ld+json" anywhere.
 */
static size_t
start_tag(const char *p, size_t n, size_t i, struct nt_buf *out,
    const char **name, size_t *nlen, int *ldjson)
{
	size_t j = i + 1, a, nattr = 0;

	while (j < n && !space(p[j]) && p[j] != '/' && p[j] != '>')
		j++;
	*name = p + i + 1;
	*nlen = j - i - 1;
	*ldjson = 0;
	nt_buf_add(out, p + i, j - i);
	while (j < n) {
		a = j;
		while (j < n && (space(p[j]) || p[j] == '/'))
			j++;
		nt_buf_add(out, p + a, j - a);
		if (j >= n)
			break;
		if (p[j] == '>') {
			nt_buf_addc(out, '>');
			return j + 1;
		}
		a = j;
		j = attr_end(p, n, j);
		if (++nattr <= NT_HTML_ATTRS) {
			nt_buf_add(out, p + a, j - a);
			if (!*ldjson && memmem(p + a, j - a, "ld+json", 7))
				*ldjson = 1;
		}
	}
	return n;
}

static int
named(const char *name, size_t len, const char *s)
{
	return len == strlen(s) && strncasecmp(name, s, len) == 0;
}

/* The end of the comment, doctype or processing instruction at p[i]. */
static size_t
markup_end(const char *p, size_t n, size_t i)
{
	const char *q;

	if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
		/* "<!-->" and "<!--->" are whole comments. */
		if (i + 4 < n && p[i + 4] == '>')
			return i + 5;
		if (i + 5 < n && p[i + 4] == '-' && p[i + 5] == '>')
			return i + 6;
		q = memmem(p + i + 4, n - i - 4, "-->", 3);
		return q != NULL ? (size_t)(q - p) + 3 : n;
	}
	q = memchr(p + i, '>', n - i);
	return q != NULL ? (size_t)(q - p) + 1 : n;
}

static void
prepass(const char *p, size_t n, struct nt_buf *out)
{
	const char *lt, *name;
	size_t i = 0, j, nlen;
	int ldjson;

	nt_buf_reset(out);
	nt_buf_grow(out, n);
	while (i < n && (lt = memchr(p + i, '<', n - i)) != NULL) {
		j = (size_t)(lt - p);
		nt_buf_add(out, p + i, j - i);
		i = j;
		if (i + 1 < n && alpha(p[i + 1])) {
			i = start_tag(p, n, i, out, &name, &nlen, &ldjson);
			if (named(name, nlen, "script") ||
			    named(name, nlen, "style") ||
			    named(name, nlen, "svg")) {
				j = raw_end(p, n, i, name, nlen);
				if (ldjson && named(name, nlen, "script"))
					nt_buf_add(out, p + i, j - i);
				i = j;
			}
		} else if (i + 1 < n && p[i + 1] == '!') {
			j = markup_end(p, n, i);
			/* A doctype stays; comments, and what HTML reads as
			 * comments (<![CDATA[ ]]>), go. */
			if (j - i > 9 && strncasecmp(p + i, "<!doctype", 9) == 0)
				nt_buf_add(out, p + i, j - i);
			i = j;
		} else {
			nt_buf_addc(out, '<');
			i++;
		}
	}
	if (i < n)
		nt_buf_add(out, p + i, n - i);
}

/* --- The tree, as SAX builds it. --- */

static uint32_t
add_node(struct nt_hdoc *d, uint16_t tag)
{
	struct hnode *x;

	if (d->nn == d->ncap) {
		d->ncap = d->ncap ? d->ncap * 2 : 1024;
		if (d->ncap > UINT32_MAX)
			nt_fatalx("html: too many nodes");
		d->n = nt_ereallocarray(d->n, d->ncap, sizeof(*d->n));
	}
	x = &d->n[d->nn];
	memset(x, 0, sizeof(*x));
	x->tag = tag;
	x->parent = d->cur;
	x->end = (uint32_t)d->nn + 1;
	return (uint32_t)d->nn++;
}

static void
add_meta(struct nt_hdoc *d, enum hmkey key, uint32_t node, const char *v,
    int fromtext)
{
	struct hmeta *m;

	if (d->nm == d->mcap) {
		d->mcap = d->mcap ? d->mcap * 2 : 32;
		d->m = nt_ereallocarray(d->m, d->mcap, sizeof(*d->m));
	}
	m = &d->m[d->nm++];
	m->key = (uint8_t)key;
	m->node = node;
	m->fromtext = fromtext;
	m->off = (uint32_t)d->abuf.len;
	m->len = 0;
	if (v != NULL) {
		size_t len = strlen(v);

		if (len > UINT32_MAX - d->abuf.len)
			len = 0;
		nt_buf_add(&d->abuf, v, len);
		m->len = (uint32_t)len;
	}
}

/* The attributes of one start tag, by name. */
struct attrs {
	const char	*cls, *id, *role, *style, *href, *rel, *itemprop;
	const char	*name, *property, *httpequiv, *content, *datetime;
	const char	*lang, *xmllang, *type;
	int		 hidden, ariahidden;
};

/* The attributes read, by name, in byte order for bsearch. */
static const struct attr_name {
	const char	*name;
	size_t		 off;		/* of its value in struct attrs */
} attr_names[] = {
	{ "class", offsetof(struct attrs, cls) },
	{ "content", offsetof(struct attrs, content) },
	{ "datetime", offsetof(struct attrs, datetime) },
	{ "href", offsetof(struct attrs, href) },
	{ "http-equiv", offsetof(struct attrs, httpequiv) },
	{ "id", offsetof(struct attrs, id) },
	{ "itemprop", offsetof(struct attrs, itemprop) },
	{ "lang", offsetof(struct attrs, lang) },
	{ "name", offsetof(struct attrs, name) },
	{ "property", offsetof(struct attrs, property) },
	{ "rel", offsetof(struct attrs, rel) },
	{ "role", offsetof(struct attrs, role) },
	{ "style", offsetof(struct attrs, style) },
	{ "type", offsetof(struct attrs, type) },
	{ "xml:lang", offsetof(struct attrs, xmllang) },
};

static int
attr_cmp(const void *key, const void *ent)
{
	return strcmp(key, *(const char *const *)ent);
}

static void
read_attrs(const xmlChar **atts, struct attrs *a)
{
	const char *k, *v;
	const void *e;

	memset(a, 0, sizeof(*a));
	for (; atts != NULL && atts[0] != NULL; atts += 2) {
		k = (const char *)atts[0];
		v = atts[1] != NULL ? (const char *)atts[1] : "";
		if (strcmp(k, "hidden") == 0)
			a->hidden = 1;
		else if (strcmp(k, "aria-hidden") == 0)
			a->ariahidden = strcasecmp(v, "true") == 0;
		else if ((e = bsearch(k, attr_names, sizeof(attr_names) /
		    sizeof(attr_names[0]), sizeof(attr_names[0]),
		    attr_cmp)) != NULL)
			memcpy((char *)a + ((const struct attr_name *)e)->off,
			    &v, sizeof(v));
	}
	if (a->lang == NULL)
		a->lang = a->xmllang;
}

/* Does a style attribute hide the element? */
static int
style_hides(const char *s)
{
	char buf[13];
	const char *p;
	size_t k;

	for (; *s != '\0'; s++) {
		if (*s != 'd' && *s != 'D' && *s != 'v' && *s != 'V')
			continue;
		/* Twelve bytes on, without white space, lower case. */
		for (p = s, k = 0; *p != '\0' && *p != ';' && k < 12; p++)
			if (!space(*p))
				buf[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 :
				    *p);
		buf[k] = '\0';
		if (strcmp(buf, "display:none") == 0 ||
		    strcmp(buf, "visibility:h") == 0)
			return 1;
	}
	return 0;
}

/* ARIA roles that say what a block is. */
static const struct {
	const char	*role;
	uint8_t		 reason;
	uint16_t	 fl;
} roles[] = {
	{ "alertdialog", NT_HR_POPUP, 0 },
	{ "article", 0, HF_POSITIVE },
	{ "banner", NT_HR_HEADER, 0 },
	{ "complementary", NT_HR_ASIDE, 0 },
	{ "contentinfo", NT_HR_FOOTER, 0 },
	{ "dialog", NT_HR_POPUP, 0 },
	{ "main", 0, HF_POSITIVE },
	{ "menu", NT_HR_NAV, 0 },
	{ "menubar", NT_HR_NAV, 0 },
	{ "navigation", NT_HR_NAV, 0 },
	{ "search", NT_HR_NAV, 0 },
};

static void
role(struct hnode *x, const char *r)
{
	size_t i;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcasecmp(r, roles[i].role) == 0) {
			x->fl |= roles[i].fl;
			if (roles[i].reason != 0 && x->reason == 0)
				x->reason = roles[i].reason;
			return;
		}
}

/* What class and id say. */
static void
hints(struct nt_hdoc *d, struct hnode *x, const struct attrs *a)
{
	uint8_t why = 0;
	size_t k;

	if (d->hints == NULL || (a->cls == NULL && a->id == NULL))
		return;
	nt_buf_reset(&d->hint);
	if (a->cls != NULL)
		nt_buf_add(&d->hint, a->cls, (k = strlen(a->cls)) >
		    HINT_MAX ? HINT_MAX : k);
	if (a->id != NULL) {
		nt_buf_addc(&d->hint, ' ');
		nt_buf_add(&d->hint, a->id, (k = strlen(a->id)) > HINT_MAX ?
		    HINT_MAX : k);
	}
	x->fl |= (uint16_t)nt_hints_match(d->hints, d->hint.p, d->hint.len,
	    &why);
	x->hint = why;
}

/* Meta tags: name or property, and content. */
static const struct {
	const char	*name;
	enum hmkey	 key;
} metas[] = {
	{ "article.published", HM_DATE },
	{ "article:author", HM_OGAUTHOR },
	{ "article:published_time", HM_OGDATE },
	{ "author", HM_AUTHOR },
	{ "byl", HM_AUTHOR },
	{ "content-language", HM_CONTENTLANG },
	{ "date", HM_DATE },
	{ "datepublished", HM_DATE },
	{ "dc.creator", HM_AUTHOR },
	{ "dc.date", HM_DATE },
	{ "dc.date.issued", HM_DATE },
	{ "dc.language", HM_CONTENTLANG },
	{ "dc.title", HM_TWTITLE },
	{ "dcterms.created", HM_DATE },
	{ "dcterms.date", HM_DATE },
	{ "dcterms.issued", HM_DATE },
	{ "language", HM_CONTENTLANG },
	{ "og:locale", HM_OGLOCALE },
	{ "og:published_time", HM_OGDATE },
	{ "og:title", HM_OGTITLE },
	{ "og:url", HM_OGURL },
	{ "parsely-author", HM_AUTHOR },
	{ "parsely-pub-date", HM_DATE },
	{ "parsely-title", HM_TWTITLE },
	{ "pubdate", HM_DATE },
	{ "publish-date", HM_DATE },
	{ "publish_date", HM_DATE },
	{ "publishdate", HM_DATE },
	{ "sailthru.author", HM_AUTHOR },
	{ "sailthru.date", HM_DATE },
	{ "sailthru.title", HM_TWTITLE },
	{ "twitter:title", HM_TWTITLE },
};

static enum hmkey
meta_key(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(metas) / sizeof(metas[0]); i++)
		if (strcasecmp(name, metas[i].name) == 0)
			return metas[i].key;
	return HM_NONE;
}

static void
meta(struct nt_hdoc *d, uint32_t node, const struct attrs *a)
{
	enum hmkey k = HM_NONE;

	if (a->content == NULL)
		return;
	if (a->property != NULL)
		k = meta_key(a->property);
	if (k == HM_NONE && a->name != NULL)
		k = meta_key(a->name);
	if (k == HM_NONE && a->httpequiv != NULL)
		k = meta_key(a->httpequiv);
	if (k != HM_NONE)
		add_meta(d, k, node, a->content, 0);
}

/* itemprop="...": microdata about the article. */
static void
itemprop(struct nt_hdoc *d, uint32_t node, const struct attrs *a)
{
	const char *p = a->itemprop, *v = a->content;

	if (strcasecmp(p, "articleBody") == 0 || strcasecmp(p, "text") == 0)
		d->n[node].fl |= HF_BODYPROP;
	else if (strcasecmp(p, "headline") == 0)
		add_meta(d, HM_PROPHEADLINE, node, v, v == NULL);
	else if (strcasecmp(p, "datePublished") == 0) {
		if (v == NULL)
			v = a->datetime;
		add_meta(d, HM_PROPDATE, node, v, v == NULL);
	} else if (strcasecmp(p, "author") == 0 || strcasecmp(p,
	    "creator") == 0) {
		add_meta(d, HM_PROPAUTHOR, node, v, v == NULL);
		d->n[node].fl |= HF_BYLINE;
	}
}

static void
element(struct nt_hdoc *d, uint32_t node, const struct attrs *a)
{
	struct hnode *x = &d->n[node];

	switch (x->tag) {
	case HT_A:
		if (a->href != NULL)
			x->fl |= HF_HREF;
		if (a->rel != NULL && strcasecmp(a->rel, "author") == 0) {
			add_meta(d, HM_RELAUTHOR, node, NULL, 1);
			x->fl |= HF_BYLINE;
		}
		break;
	case HT_HTML:
		if (a->lang != NULL)
			add_meta(d, HM_LANG, node, a->lang, 0);
		break;
	case HT_LINK:
		if (a->rel != NULL && a->href != NULL &&
		    strcasecmp(a->rel, "canonical") == 0)
			add_meta(d, HM_CANONICAL, node, a->href, 0);
		break;
	case HT_META:
		meta(d, node, a);
		break;
	case HT_SCRIPT:
		if (a->type != NULL && strcasestr(a->type, "ld+json"))
			x->fl |= HF_JSONLD;
		break;
	case HT_TIME:
		if (a->datetime != NULL)
			add_meta(d, HM_TIME, node, a->datetime, 0);
		break;
	case HT_TITLE:
		add_meta(d, HM_TITLE, node, NULL, 1);
		break;
	default:
		break;
	}
}

static void
sax_start(void *ud, const xmlChar *name, const xmlChar **atts)
{
	struct nt_hdoc *d = ud;
	struct attrs a;
	struct hnode *x;
	uint32_t node;

	if (d->depth >= NT_HTML_DEPTH) {
		d->stopped = 1;
		xmlStopParser(d->ctxt);
		return;
	}
	node = add_node(d, (uint16_t)nt_htag((const char *)name));
	x = &d->n[node];
	x->reason = nt_htags[x->tag].reason;
	read_attrs(atts, &a);
	if (a.hidden || a.ariahidden || (a.style != NULL &&
	    style_hides(a.style)) || (x->tag == HT_INPUT && a.type != NULL &&
	    strcasecmp(a.type, "hidden") == 0))
		x->fl |= HF_HIDDEN;
	if (a.role != NULL)
		role(x, a.role);
	hints(d, x, &a);
	element(d, node, &a);
	if (a.itemprop != NULL)
		itemprop(d, node, &a);
	d->cur = node;
	d->depth++;
}

static void
sax_end(void *ud, const xmlChar *name)
{
	struct nt_hdoc *d = ud;

	if (d->cur == 0)
		return;
	d->n[d->cur].end = (uint32_t)d->nn;
	d->cur = d->n[d->cur].parent;
	d->depth--;
}

static void
sax_text(void *ud, const xmlChar *s, int len)
{
	struct nt_hdoc *d = ud;
	struct hnode *x;
	uint32_t k;

	if (len <= 0)
		return;
	if ((size_t)len > UINT32_MAX - d->text.len)
		nt_fatalx("html: too much text");
	x = &d->n[d->nn - 1];
	/* libxml2 hands text over in pieces: join those of one run. */
	if (x->tag == HT_TEXT && x->parent == d->cur &&
	    x->off + x->len == d->text.len && (size_t)x->len + (size_t)len <=
	    UINT32_MAX) {
		x->len += (uint32_t)len;
	} else {
		k = add_node(d, HT_TEXT);
		x = &d->n[k];
		x->off = (uint32_t)d->text.len;
		x->len = (uint32_t)len;
	}
	nt_buf_add(&d->text, s, (size_t)len);
}

static void
sax_error(void *ud, xmlErrorPtr e)
{
	(void)ud;
	(void)e;
}

/* What libxml2 calls; constant, so every thread may use it. */
static const htmlSAXHandler sax = {
	.startElement = sax_start,
	.endElement = sax_end,
	.characters = sax_text,
	.cdataBlock = sax_text,
	.ignorableWhitespace = sax_text,
	.serror = sax_error,
	/* serror is read only from a handler marked SAX2. */
	.initialized = XML_SAX2_MAGIC,
};

int
nt_hdoc_read(struct nt_hdoc *d, const char *html, size_t n)
{
	htmlParserCtxtPtr ctxt;
	const char *p = html;

	d->nn = d->nm = 0;
	d->cur = 0;
	d->depth = 0;
	d->stopped = 0;
	nt_buf_reset(&d->text);
	nt_buf_reset(&d->abuf);
	d->cur = 0;
	add_node(d, HT_DOC);
	if (n > INT_MAX)
		return -1;
	/* d->page is free until the lines are made: borrow it. */
	if (nt_utf8_valid(html, n) != n || memchr(html, '\0', n) != NULL) {
		sanitize(html, n, &d->page);
		p = d->page.p;
		n = d->page.len;
	}
	prepass(p, n, &d->src);
	if (d->src.len > INT_MAX)
		return -1;
	if (d->src.len == 0)
		return 0;
	ctxt = htmlCreateMemoryParserCtxt(d->src.p ? d->src.p : "",
	    (int)d->src.len);
	if (ctxt == NULL)
		nt_fatalx("html: out of memory");
	memcpy(ctxt->sax, &sax, sizeof(sax));
	ctxt->userData = d;
	d->ctxt = ctxt;
	xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
	htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT |
	    HTML_PARSE_IGNORE_ENC | HTML_PARSE_NODEFDTD);
	htmlParseDocument(ctxt);
	if (ctxt->myDoc != NULL)
		xmlFreeDoc(ctxt->myDoc);
	htmlFreeParserCtxt(ctxt);
	d->ctxt = NULL;
	/* What the parse left open ends with the page. */
	while (d->cur != 0)
		sax_end(d, NULL);
	d->n[0].end = (uint32_t)d->nn;
	return 0;
}

void
nt_hdoc_free(struct nt_hdoc *d)
{
	if (d == NULL)
		return;
	free(d->n);
	free(d->m);
	free(d->owner);
	free(d->hidden);
	free(d->wrap);
	free(d->why);
	free(d->st);
	free(d->ln);
	nt_jparser_free(&d->jp);
	nt_buf_free(&d->src);
	nt_buf_free(&d->text);
	nt_buf_free(&d->abuf);
	nt_buf_free(&d->hint);
	nt_buf_free(&d->page);
	memset(d, 0, sizeof(*d));
}
