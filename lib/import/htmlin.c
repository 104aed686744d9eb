/*
 * htmlin: an HTML file to a record: {"id", "source", "path", "url",
 * "html"}, the page in UTF-8 whatever it was written in.
 *
 * The charset is found the way a browser would without the HTTP
 * header: a byte-order mark; then, when the bytes are not UTF-8, the
 * <meta charset> or <meta http-equiv="Content-Type"> or the XML
 * declaration in the first bytes of the page; and Windows-1252 (the
 * web's default, of which Latin-1 is part) when nothing says.  Bytes
 * that are valid UTF-8 with non-ASCII in them are UTF-8 whatever the
 * page claims: a page saved in UTF-8 often keeps its old declaration,
 * and Latin-1 text is valid UTF-8 almost never.  iconv decodes; a byte
 * it cannot decode becomes U+FFFD.  The canonical URL is the href of
 * <link rel="canonical">, else the content of <meta property="og:url">,
 * read from the head; comments and scripts are skipped on the way.
 */
#include <errno.h>
#include <stdint.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include "import/import.h"
#include "core/json.h"
#include "core/utf8.h"
#include "text/norm.h"

#define PRESCAN		4096	/* bytes looked at for a charset */
#define SNIFF		1024	/* bytes looked at to tell HTML */

static int
space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Case-insensitive memmem. */
static const char *
find(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s), i;

	for (i = 0; i + k <= n; i++)
		if (strncasecmp(p + i, s, k) == 0)
			return p + i;
	return NULL;
}

int
nt_import_ishtml(const char *p, size_t n)
{
	size_t i = 0;

	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	else if (n >= 2 && (memcmp(p, "\xFF\xFE", 2) == 0 ||
	    memcmp(p, "\xFE\xFF", 2) == 0))
		return 1;
	while (i < n && space(p[i]))
		i++;
	if (i >= n || p[i] != '<')
		return 0;
	n = n - i > SNIFF ? i + SNIFF : n;
	return find(p + i, n - i, "<!doctype html") != NULL ||
	    find(p + i, n - i, "<html") != NULL ||
	    find(p + i, n - i, "<head") != NULL ||
	    find(p + i, n - i, "<body") != NULL;
}

/* --- Tags and attributes, enough for <meta> and <link>. --- */

/* The end of the tag that starts at p[i] ('<'): past its '>'. */
static size_t
tag_end(const char *p, size_t n, size_t i)
{
	char q = 0;

	for (i++; i < n; i++) {
		if (q != 0) {
			if (p[i] == q)
				q = 0;
		} else if (p[i] == '"' || p[i] == '\'')
			q = p[i];
		else if (p[i] == '>')
			return i + 1;
	}
	return n;
}

/* The value of attribute name in the tag t[0..n), or NULL. */
static const char *
attr(const char *t, size_t n, const char *name, size_t *vlen)
{
	size_t i = 1, a, k = strlen(name), e;

	while (i < n && !space(t[i]) && t[i] != '>')
		i++;
	while (i < n) {
		while (i < n && (space(t[i]) || t[i] == '/'))
			i++;
		a = i;
		while (i < n && !space(t[i]) && t[i] != '=' && t[i] != '>')
			i++;
		e = i;
		while (i < n && space(t[i]))
			i++;
		if (i >= n || t[i] != '=') {
			if (i < n && t[i] == '>')
				break;
			continue;
		}
		for (i++; i < n && space(t[i]); i++)
			;
		if (i < n && (t[i] == '"' || t[i] == '\'')) {
			const char *q = memchr(t + i + 1, t[i], n - i - 1);

			if (q == NULL)
				break;
			if (e - a == k && strncasecmp(t + a, name, k) == 0) {
				*vlen = (size_t)(q - t) - i - 1;
				return t + i + 1;
			}
			i = (size_t)(q - t) + 1;
			continue;
		}
		a = e - a == k && strncasecmp(t + a, name, k) == 0 ? i : n;
		while (i < n && !space(t[i]) && t[i] != '>')
			i++;
		if (a < n) {
			*vlen = i - a;
			return t + a;
		}
	}
	return NULL;
}

/*
 * Call fn with each <meta> and <link> tag before <body>, skipping
 * comments and scripts; stop when fn returns 1.
 */
static void
head_tags(const char *p, size_t n, size_t limit,
    int (*fn)(const char *tag, size_t len, void *arg), void *arg)
{
	const char *lt, *q;
	size_t i = 0, e;

	if (n > limit)
		n = limit;
	while (i < n && (lt = memchr(p + i, '<', n - i)) != NULL) {
		i = (size_t)(lt - p);
		if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
			q = memmem(p + i + 4, n - i - 4, "-->", 3);
			i = q != NULL ? (size_t)(q - p) + 3 : n;
			continue;
		}
		e = tag_end(p, n, i);
		if (strncasecmp(p + i, "<body", 5) == 0)
			return;
		if ((strncasecmp(p + i, "<meta", 5) == 0 ||
		    strncasecmp(p + i, "<link", 5) == 0) &&
		    (i + 5 >= n || space(p[i + 5]) || p[i + 5] == '/') &&
		    fn(p + i, e - i, arg))
			return;
		if (strncasecmp(p + i, "<script", 7) == 0) {
			q = find(p + e, n - e, "</script");
			e = q != NULL ? (size_t)(q - p) : n;
		}
		i = e > i ? e : i + 1;
	}
}

/* --- The charset. --- */

struct charset {
	char	name[64];
};

static void
set_name(struct charset *cs, const char *v, size_t n)
{
	while (n > 0 && (space(*v) || *v == '"' || *v == '\'')) {
		v++;
		n--;
	}
	while (n > 0 && (space(v[n - 1]) || v[n - 1] == '"' ||
	    v[n - 1] == '\'' || v[n - 1] == ';'))
		n--;
	if (n == 0 || n >= sizeof(cs->name))
		return;
	memcpy(cs->name, v, n);
	cs->name[n] = '\0';
}

static int
meta_charset(const char *t, size_t n, void *arg)
{
	struct charset *cs = arg;
	const char *v, *c;
	size_t vn;

	if (strncasecmp(t, "<meta", 5) != 0)
		return 0;
	if ((v = attr(t, n, "charset", &vn)) != NULL) {
		set_name(cs, v, vn);
		return cs->name[0] != '\0';
	}
	if ((v = attr(t, n, "http-equiv", &vn)) == NULL || vn != 12 ||
	    strncasecmp(v, "content-type", 12) != 0 ||
	    (v = attr(t, n, "content", &vn)) == NULL ||
	    (c = find(v, vn, "charset=")) == NULL)
		return 0;
	c += 8;
	vn -= (size_t)(c - v);
	set_name(cs, c, strcspn(c, ";\"' ") < vn ? strcspn(c, ";\"' ") : vn);
	return cs->name[0] != '\0';
}

/* What the page says its charset is: "" when it says nothing. */
static void
declared(const char *p, size_t n, struct charset *cs)
{
	const char *v, *q;
	size_t vn;

	cs->name[0] = '\0';
	if (n >= 5 && memcmp(p, "<?xml", 5) == 0 &&
	    (q = memchr(p, '>', n)) != NULL &&
	    (v = attr(p, (size_t)(q - p) + 1, "encoding", &vn)) != NULL) {
		set_name(cs, v, vn);
		return;
	}
	head_tags(p, n, PRESCAN, meta_charset, cs);
}

/* Decode p[0..n) from charset name into out (UTF-8).  0, or -1 when
 * iconv does not know the charset. */
static int
decode(const char *name, const char *p, size_t n, struct nt_buf *out)
{
	iconv_t cd;
	char *in = (char *)(uintptr_t)p, *o;
	size_t left = n, room;

	if ((cd = iconv_open("UTF-8", name)) == (iconv_t)-1)
		return -1;
	nt_buf_reset(out);
	while (left > 0) {
		nt_buf_grow(out, left * 2 + 16);
		o = out->p + out->len;
		room = out->cap - out->len - 1;
		if (iconv(cd, &in, &left, &o, &room) == (size_t)-1) {
			out->len = (size_t)(o - out->p);
			if (errno == E2BIG)
				continue;
			/* A byte it cannot decode, or a sequence cut off. */
			nt_buf_add(out, "\xEF\xBF\xBD", 3);
			in++;
			left--;
			continue;
		}
		out->len = (size_t)(o - out->p);
	}
	out->p[out->len] = '\0';
	iconv_close(cd);
	return 0;
}

/* Latin-1 and ASCII, as browsers read them, are Windows-1252. */
static const char *
web_name(const char *name)
{
	static const char *const latin[] = { "iso-8859-1", "iso8859-1",
	    "latin1", "latin-1", "l1", "us-ascii", "ascii", "iso_8859-1",
	    "cp819", "ibm819", "x-cp1252" };
	size_t i;

	for (i = 0; i < sizeof(latin) / sizeof(latin[0]); i++)
		if (strcasecmp(name, latin[i]) == 0)
			return "WINDOWS-1252";
	/* <meta charset=utf-16> in bytes that are not: browsers say UTF-8. */
	if (strncasecmp(name, "utf-16", 6) == 0 ||
	    strncasecmp(name, "utf16", 5) == 0)
		return "UTF-8";
	return name;
}

int
nt_import_decode(struct nt_buf *data, struct nt_buf *tmp)
{
	struct charset cs;
	const char *p = data->p ? data->p : "", *name;
	size_t n = data->len;

	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		name = "UTF-8";
	else if (n >= 2 && memcmp(p, "\xFF\xFE", 2) == 0)
		name = "UTF-16LE";
	else if (n >= 2 && memcmp(p, "\xFE\xFF", 2) == 0)
		name = "UTF-16BE";
	else if (nt_utf8_valid(p, n) == n)
		return 0;
	else {
		declared(p, n, &cs);
		name = cs.name[0] != '\0' ? web_name(cs.name) : "WINDOWS-1252";
	}
	if (strcasecmp(name, "UTF-8") == 0 && nt_utf8_valid(p, n) == n)
		return 0;
	if (decode(name, p, n, tmp) < 0 &&
	    decode("WINDOWS-1252", p, n, tmp) < 0)
		return -1;
	nt_buf_reset(data);
	nt_buf_add(data, tmp->p, tmp->len);
	/* A byte-order mark is no part of the page. */
	if (data->len >= 3 && memcmp(data->p, "\xEF\xBB\xBF", 3) == 0) {
		memmove(data->p, data->p + 3, data->len - 3);
		nt_buf_trunc(data, data->len - 3);
	}
	return 0;
}

/* --- The canonical URL. --- */

struct canon {
	struct nt_buf	*url;
	int		 link;		/* the url is a rel=canonical's */
};

static int
has_token(const char *v, size_t n, const char *tok)
{
	size_t k = strlen(tok), i = 0, a;

	while (i < n) {
		while (i < n && space(v[i]))
			i++;
		a = i;
		while (i < n && !space(v[i]))
			i++;
		if (i - a == k && strncasecmp(v + a, tok, k) == 0)
			return 1;
	}
	return 0;
}

/* A URL as written in an attribute: references decoded, space cut. */
static void
set_url(struct nt_buf *u, const char *v, size_t n)
{
	size_t i, len;
	uint32_t cp;
	char enc[4];

	nt_buf_reset(u);
	while (n > 0 && space(*v)) {
		v++;
		n--;
	}
	while (n > 0 && space(v[n - 1]))
		n--;
	for (i = 0; i < n; i++) {
		if (v[i] == '&' && (cp = nt_norm_entity(v + i, n - i, &len))) {
			nt_buf_add(u, enc, nt_utf8_encode(cp, enc));
			i += len - 1;
		} else
			nt_buf_addc(u, v[i]);
	}
}

static int
canonical(const char *t, size_t n, void *arg)
{
	struct canon *c = arg;
	const char *v, *h;
	size_t vn, hn;

	if (strncasecmp(t, "<link", 5) == 0) {
		if ((v = attr(t, n, "rel", &vn)) != NULL &&
		    has_token(v, vn, "canonical") &&
		    (h = attr(t, n, "href", &hn)) != NULL && hn > 0) {
			set_url(c->url, h, hn);
			c->link = 1;
			return 1;
		}
		return 0;
	}
	if (c->url->len == 0 && (v = attr(t, n, "property", &vn)) != NULL &&
	    vn == 6 && strncasecmp(v, "og:url", 6) == 0 &&
	    (h = attr(t, n, "content", &hn)) != NULL && hn > 0)
		set_url(c->url, h, hn);
	return 0;
}

void
nt_import_html(const struct nt_import *im, const char *path,
    const struct nt_buf *data, struct nt_buf *out)
{
	struct nt_buf url = NT_BUF_INIT;
	struct canon c = { &url, 0 };
	const char *p = data->p ? data->p : "";

	head_tags(p, data->len, data->len, canonical, &c);
	nt_buf_adds(out, "{\"id\":");
	nt_import_id(im, path, p, data->len, out);
	if (im->source != NULL) {
		nt_buf_adds(out, ",\"source\":");
		nt_json_addstr(out, im->source, strlen(im->source));
	}
	nt_buf_adds(out, ",\"path\":");
	nt_json_addstr(out, path, strlen(path));
	/* Only a URL that can stand alone; a relative one needs the page's. */
	if (strncasecmp(url.p ? url.p : "", "http://", 7) == 0 ||
	    strncasecmp(url.p ? url.p : "", "https://", 8) == 0) {
		nt_buf_adds(out, ",\"url\":");
		nt_json_addstr(out, url.p, url.len);
	}
	nt_buf_adds(out, ",\"html\":");
	nt_json_addstr(out, p, data->len);
	nt_buf_adds(out, "}\n");
	nt_buf_free(&url);
}
