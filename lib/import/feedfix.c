/*
 * feedfix: what feeds in the wild get wrong, repaired before the XML
 * parser sees it, and where one document of the input ends.
 *
 * The repairs keep every line where it was (nothing adds or removes a
 * newline), so diagnostics name the lines of the input.  Control
 * characters XML does not allow are dropped.  In a document meant to
 * be UTF-8, a byte that is not part of a UTF-8 sequence is the
 * Windows-1252 character it would be (a Latin-1 file saved without its
 * declaration).  Outside CDATA sections and comments, an '&' that
 * starts no XML reference is made "&amp;": an HTML named reference
 * ("&nbsp;") becomes its numeric one, a numeric reference to no
 * character (U+0000, a surrogate, above U+10FFFF) becomes U+FFFD, and
 * any other '&' is text, as a browser reads it.  This last is also why
 * an entity a document declares is never expanded: its reference is
 * read as text, however the DTD defines it.
 *
 * An edit log maps offsets in the repaired copy back to the input, so
 * that the next document of a stream starts in the right place.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "core/utf8.h"
#include "core/util.h"
#include "import/feed.h"
#include "import/feedint.h"

/* Windows-1252's 0x80 to 0x9F; 0 where it has no character. */
static const uint16_t cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

/* A repaired copy under way: out holds p[0..done) repaired. */
struct fix {
	const char	*p;
	size_t		 done;
	struct nt_buf	*out;
	struct nt_feedmap *map;
	int		 fixed;
};

/* Replace p[at..at+len) by s[0..k). */
static void
edit(struct fix *f, size_t at, size_t len, const char *s, size_t k)
{
	struct nt_feedmap *m = f->map;

	if (!f->fixed)
		nt_buf_reset(f->out);
	f->fixed = 1;
	nt_buf_add(f->out, f->p + f->done, at - f->done);
	nt_buf_add(f->out, s, k);
	f->done = at + len;
	if (m == NULL)
		return;
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->at = nt_ereallocarray(m->at, m->cap, sizeof(*m->at));
		m->orig = nt_ereallocarray(m->orig, m->cap, sizeof(*m->orig));
	}
	m->at[m->n] = f->out->len;
	m->orig[m->n++] = f->done;
}

static int
finish(struct fix *f, size_t n)
{
	if (f->fixed)
		nt_buf_add(f->out, f->p + f->done, n - f->done);
	return f->fixed;
}

static int
namechar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ||
	    c == ':';
}

static int
xmlchar(uint32_t c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	    (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* A numeric reference at s ("&#..."): its length, the value in *cp
 * (0 when it is no character); 0 if it is not one at all. */
static size_t
numeric(const char *s, size_t n, uint32_t *cp)
{
	size_t i = 2, d;
	int hex = 0;

	*cp = 0;
	if (i < n && (s[i] == 'x' || s[i] == 'X'))
		hex = i++;
	for (d = 0; i < n; i++, d++) {
		int c = s[i] | 0x20, v;

		if (s[i] >= '0' && s[i] <= '9')
			v = s[i] - '0';
		else if (hex && c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else
			break;
		if (*cp <= 0x10FFFF)
			*cp = *cp * (hex ? 16 : 10) + (uint32_t)v;
	}
	if (d == 0 || i >= n || s[i] != ';')
		return 0;
	if (!xmlchar(*cp))
		*cp = 0;
	return i + 1;
}

/* The '&' at p[i]: left alone, or repaired. */
static void
fix_amp(struct fix *f, const char *p, size_t n, size_t i)
{
	static const char *const xml[] = { "amp", "lt", "gt", "quot", "apos" };
	const htmlEntityDesc *e;
	char name[40], num[16];
	uint32_t cp;
	size_t k, len;

	if (i + 1 < n && p[i + 1] == '#') {
		if ((len = numeric(p + i, n - i, &cp)) > 0 && cp != 0)
			return;
		if (len > 0)
			edit(f, i, len, "&#65533;", 8);
		else
			edit(f, i, 1, "&amp;", 5);
		return;
	}
	for (k = i + 1; k < n && namechar((unsigned char)p[k]); k++)
		;
	len = k - i - 1;
	if (k < n && p[k] == ';' && len > 0 && len < sizeof(name)) {
		memcpy(name, p + i + 1, len);
		name[len] = '\0';
		for (k = 0; k < sizeof(xml) / sizeof(xml[0]); k++)
			if (strcmp(name, xml[k]) == 0)
				return;
		if ((e = htmlEntityLookup((const xmlChar *)name)) != NULL) {
			k = (size_t)snprintf(num, sizeof(num), "&#%u;", e->value);
			edit(f, i, len + 2, num, k);
			return;
		}
	}
	edit(f, i, 1, "&amp;", 5);
}

/* Where the section that starts at p[i] ("<!") ends, or i if it is
 * neither CDATA nor a comment. */
static size_t
skip_section(const char *p, size_t n, size_t i)
{
	const char *e;

	if (n - i >= 9 && memcmp(p + i, "<![CDATA[", 9) == 0) {
		e = memmem(p + i + 9, n - i - 9, "]]>", 3);
		return e != NULL ? (size_t)(e - p) + 3 : n;
	}
	if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
		e = memmem(p + i + 4, n - i - 4, "-->", 3);
		return e != NULL ? (size_t)(e - p) + 3 : n;
	}
	return i;
}

/*
 * An HTML element that is never closed (<br>, <hr>, <img ...>, <wbr>),
 * as RSS's unescaped HTML has it, closed where it opens: otherwise the
 * element of the feed that holds it never ends.
 */
static void
fix_void(struct fix *f, const char *p, size_t n, size_t i)
{
	static const char *const names[] = { "br", "hr", "img", "wbr" };
	size_t k, len, e;
	char q = 0;

	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		len = strlen(names[k]);
		if (n - i > len + 1 && strncasecmp(p + i + 1, names[k], len) == 0 &&
		    (p[i + 1 + len] == '>' || p[i + 1 + len] == ' ' ||
		    p[i + 1 + len] == '/' || p[i + 1 + len] == '\t'))
			break;
	}
	if (k == sizeof(names) / sizeof(names[0]))
		return;
	for (e = i + 1; e < n && (q != 0 || p[e] != '>'); e++)
		if (q == 0 && (p[e] == '"' || p[e] == '\''))
			q = p[e];
		else if (p[e] == q)
			q = 0;
	if (e < n && p[e - 1] != '/')
		edit(f, e, 1, "/>", 2);
}

/* A byte that is not ASCII, or not UTF-8 where UTF-8 is meant. */
static size_t
fix_byte(struct fix *f, const unsigned char *u, size_t n, size_t i,
    int utf8)
{
	char enc[4];
	uint32_t cp;
	size_t len;

	if (u[i] < 0x20) {
		if (u[i] != '\t' && u[i] != '\n' && u[i] != '\r')
			edit(f, i, 1, "", 0);
		return 1;
	}
	if (!utf8)
		return 1;
	if ((len = nt_utf8_seqlen(u + i, n - i)) > 0)
		return len;
	cp = u[i] < 0xA0 ? cp1252[u[i] - 0x80] : u[i];
	edit(f, i, 1, enc, nt_utf8_encode(cp ? cp : 0xFFFD, enc));
	return 1;
}

/* The bytes a repair passes over: printable ASCII but '&' and '<'. */
static const unsigned char plain[256] = {
#define P16(b) b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b
	P16(0), P16(0),
	1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* '&' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,	/* '<' */
	P16(1), P16(1), P16(1), P16(1),
	P16(0), P16(0), P16(0), P16(0), P16(0), P16(0), P16(0), P16(0)
#undef P16
};

int
nt_feed_repair(const char *p, size_t n, int utf8, struct nt_buf *out,
    struct nt_feedmap *map)
{
	const unsigned char *u = (const unsigned char *)p;
	struct fix f = { p, 0, out, map, 0 };
	size_t i = 0, sec = 0;		/* in a section up to p[sec] */

	map->n = 0;
	while (i < n) {
		while (i < n && plain[u[i]])
			i++;
		if (i >= n)
			break;
		if (u[i] == '<' && i >= sec) {
			sec = skip_section(p, n, i);
			if (sec == i)
				fix_void(&f, p, n, i);
		}
		else if (u[i] == '&' && i >= sec)
			fix_amp(&f, p, n, i);
		else if (u[i] != '<' && u[i] != '&') {
			i += fix_byte(&f, u, n, i, utf8);
			continue;
		}
		i = f.done > i + 1 ? f.done : i + 1;
	}
	return finish(&f, n);
}

size_t
nt_feedmap_orig(const struct nt_feedmap *m, size_t r)
{
	size_t lo = 0, hi = m->n, mid;

	/* The last edit that ends at or before r. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->at[mid] <= r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == 0 ? r : m->orig[lo - 1] + (r - m->at[lo - 1]);
}

void
nt_feedmap_free(struct nt_feedmap *m)
{
	free(m->at);
	free(m->orig);
	memset(m, 0, sizeof(*m));
}

int
nt_feed_foreign(const char *p, size_t n)
{
	const char *q, *e;
	size_t k;

	if (n >= 2 && ((p[0] == '\xFF' && p[1] == '\xFE') ||
	    (p[0] == '\xFE' && p[1] == '\xFF') || p[0] == '\0' || p[1] == '\0'))
		return 1;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		return 0;
	if (n < 6 || memcmp(p, "<?xml", 5) != 0 ||
	    (e = memchr(p, '>', n)) == NULL ||
	    (q = memmem(p, (size_t)(e - p), "encoding", 8)) == NULL)
		return 0;
	for (q += 8; q < e && (*q == ' ' || *q == '=' || *q == '"' ||
	    *q == '\''); q++)
		;
	k = (size_t)(e - q);
	return !((k >= 5 && strncasecmp(q, "utf-8", 5) == 0) ||
	    (k >= 4 && strncasecmp(q, "utf8", 4) == 0));
}

size_t
nt_feed_limit(const char *p, size_t n, size_t start)
{
	const char *q = p + start + 1, *end = p + n;

	/* An XML declaration, which only a document's first line holds. */
	while (q < end && (q = memmem(q, (size_t)(end - q), "\n<?xml",
	    6)) != NULL) {
		if (end - q > 7 && (q[6] == ' ' || q[6] == '\t'))
			return (size_t)(q - p) + 1;
		q += 6;
	}
	return n;
}

/* Past the doctype at p[i], with its internal subset. */
static size_t
doctype_end(const char *p, size_t n, size_t i)
{
	const char *gt = memchr(p + i, '>', n - i);
	const char *br = memchr(p + i, '[', n - i), *e;

	if (br != NULL && (gt == NULL || br < gt)) {
		e = memchr(br, ']', n - (size_t)(br - p));
		gt = e != NULL ? memchr(e, '>', n - (size_t)(e - p)) : NULL;
	}
	return gt != NULL ? (size_t)(gt - p) + 1 : n;
}

/* Past the white space, comments, processing instructions and
 * doctype at p[i]. */
static size_t
prolog(const char *p, size_t n, size_t i)
{
	const char *e;

	for (;;) {
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' ||
		    p[i] == '\r'))
			i++;
		if (n - i >= 9 && strncasecmp(p + i, "<!DOCTYPE", 9) == 0) {
			i = doctype_end(p, n, i);
			continue;
		}
		if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
			e = memmem(p + i, n - i, "-->", 3);
			i = e != NULL ? (size_t)(e - p) + 3 : n;
		} else if (n - i >= 2 && memcmp(p + i, "<?", 2) == 0) {
			e = memmem(p + i, n - i, "?>", 2);
			i = e != NULL ? (size_t)(e - p) + 2 : n;
		} else
			return i;
	}
}

/* Is the element name at s[0..n) (a prefix allowed) name? */
static int
root_is(const char *s, size_t n, const char *name)
{
	size_t i, k = strlen(name);

	for (i = 0; i < n && i < 64 && s[i] != ' ' && s[i] != '>' &&
	    s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '/'; i++)
		if (s[i] == ':') {
			s += i + 1;
			n -= i + 1;
			break;
		}
	return n > k && strncmp(s, name, k) == 0 && (s[k] == ' ' ||
	    s[k] == '>' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r' ||
	    s[k] == '/');
}

int
nt_feed_sniff(const char *p, size_t n)
{
	char view[8192];
	size_t i = 0, k, start;

	/* UTF-16: its ASCII, one byte in two, is enough to tell. */
	if (n >= 4 && (p[0] == '\0' || p[1] == '\0' ||
	    (p[0] == '\xFF' && p[1] == '\xFE') ||
	    (p[0] == '\xFE' && p[1] == '\xFF'))) {
		start = p[0] == '\0' || p[0] == '\xFE' ? 1 : 0;
		start += p[0] == '\xFF' || p[0] == '\xFE' ? 2 : 0;
		for (k = 0; start + 2 * k < n && k < sizeof(view); k++)
			view[k] = p[start + 2 * k];
		p = view;
		n = k;
	}
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	i = prolog(p, n, i);
	if (i >= n || p[i] != '<')
		return 0;
	i++;
	return root_is(p + i, n - i, "rss") || root_is(p + i, n - i, "feed") ||
	    root_is(p + i, n - i, "RDF");
}

size_t
nt_feed_misc(const char *p, size_t n, size_t i)
{
	const char *e;

	for (;;) {
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' ||
		    p[i] == '\r'))
			i++;
		if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
			e = memmem(p + i, n - i, "-->", 3);
			i = e != NULL ? (size_t)(e - p) + 3 : n;
		} else if (n - i >= 2 && memcmp(p + i, "<?", 2) == 0 &&
		    !(n - i >= 6 && memcmp(p + i, "<?xml", 5) == 0 &&
		    (p[i + 5] == ' ' || p[i + 5] == '\t'))) {
			e = memmem(p + i, n - i, "?>", 2);
			i = e != NULL ? (size_t)(e - p) + 2 : n;
		} else
			return i;
	}
}
