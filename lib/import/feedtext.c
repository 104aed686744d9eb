/*
 * feedtext: a feed's text constructs to plain text.
 *
 * Whether RSS text is HTML is a guess, made as feedparser makes it: it
 * is when it closes a tag HTML knows or holds an entity, and every tag
 * and entity in it is HTML's.  HTML goes through the page extractor
 * (clean/html.h) and gives its visible lines, less what no reader of
 * the item sees as part of it (navigation, share bars, ads, hidden
 * blocks and the like: lines the extractor gives a reason by their
 * markup); the extractor's judgement of where a page's article is does
 * not apply to an item, which is all article.  HTML without a tag is
 * only unescaped.  Also here: base64, authors given with an address,
 * links made absolute (libxml2's RFC 3986 resolver) and their hosts.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/uri.h>

#include "core/utf8.h"
#include "import/feedint.h"

static int
space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* Is name[0..n) an element HTML knows? */
static int
html_tag(const char *name, size_t n)
{
	char buf[32];
	size_t i;

	if (n == 0 || n >= sizeof(buf))
		return 0;
	for (i = 0; i < n; i++)
		buf[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ?
		    name[i] + 32 : name[i]);
	buf[n] = '\0';
	return htmlTagLookup((const xmlChar *)buf) != NULL;
}

/* The code point of the reference at s[0..n) ('&' first), its length
 * in *len; 0 if there is none there. */
static uint32_t
reference(const char *s, size_t n, size_t *len)
{
	const htmlEntityDesc *e;
	char name[40];
	uint32_t cp = 0;
	size_t i = 1;
	int hex = 0;

	if (n > 2 && s[1] == '#') {
		i = 2;
		if (s[2] == 'x' || s[2] == 'X')
			hex = i++;
		for (; i < n && i < 12 && word(s[i]); i++) {
			int c = s[i] | 0x20;

			if (c >= '0' && c <= '9')
				cp = cp * (hex ? 16 : 10) + (uint32_t)(c - '0');
			else if (hex && c >= 'a' && c <= 'f')
				cp = cp * 16 + (uint32_t)(c - 'a' + 10);
			else
				return 0;
		}
	} else {
		for (; i < n && i < sizeof(name) && word(s[i]); i++)
			name[i - 1] = s[i];
		if (i == 1 || i >= sizeof(name))
			return 0;
		name[i - 1] = '\0';
		if ((e = htmlEntityLookup((const xmlChar *)name)) == NULL)
			return 0;
		cp = e->value;
	}
	if (i >= n || s[i] != ';' || cp == 0 || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	*len = i + 1;
	return cp;
}

/* The length of a named reference at s ("&name;"), 0 if none. */
static size_t
named(const char *s, size_t n)
{
	size_t i = 1;

	while (i < n && word(s[i]))
		i++;
	return i > 1 && i < n && s[i] == ';' ? i + 1 : 0;
}

int
nt_feed_lookshtml(const char *s, size_t n)
{
	size_t i, a, len;
	int closed = 0, ent = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '&') {
			/* Every named reference must be HTML's. */
			if (reference(s + i, n - i, &len) != 0)
				ent = 1;
			else if (named(s + i, n - i) > 0)
				return 0;
			continue;
		}
		if (s[i] != '<')
			continue;
		a = i + 1 + (i + 1 < n && s[i + 1] == '/');
		for (len = 0; a + len < n && word(s[a + len]); len++)
			;
		if (len == 0)
			continue;
		if (!html_tag(s + a, len))
			return 0;
		closed |= s[i + 1] == '/';
	}
	return closed || ent;
}

/* Does b->p[start..] need squeezing: white space at an end, or other
 * than one space between words? */
static int
ragged(const struct nt_buf *b, size_t start)
{
	size_t i;

	if (b->len == start)
		return 0;
	if (space(b->p[start]) || space(b->p[b->len - 1]))
		return 1;
	for (i = start; i < b->len; i++)
		if (space(b->p[i]) && (b->p[i] != ' ' || b->p[i + 1] == ' '))
			return 1;
	return 0;
}

/* Squeeze b->p[start..] in place (nt_feed_squeeze). */
static void
squeeze_from(struct nt_buf *b, size_t start)
{
	size_t i, o = start;
	int sp = 0;

	if (!ragged(b, start))
		return;
	for (i = start; i < b->len; i++) {
		unsigned char c = (unsigned char)b->p[i];

		/* A no-break space is a character, and stays. */
		if (space(c)) {
			sp = o > start;
			continue;
		}
		if (sp)
			b->p[o++] = ' ';
		sp = 0;
		b->p[o++] = (char)c;
	}
	nt_buf_trunc(b, o);
}

void
nt_feed_squeeze(struct nt_buf *b)
{
	squeeze_from(b, 0);
}

/* HTML without a tag: references decoded, white space made one. */
static void
unescape(const char *s, size_t n, struct nt_buf *out)
{
	char enc[4];
	uint32_t cp;
	size_t i, len;

	for (i = 0; i < n; i++) {
		if (s[i] == '&' && (cp = reference(s + i, n - i, &len)) != 0) {
			nt_buf_add(out, enc, nt_utf8_encode(cp, enc));
			i += len - 1;
		} else
			nt_buf_addc(out, s[i]);
	}
	nt_feed_squeeze(out);
}

/* Lines the extractor marks by markup as no part of what is read. */
static int
unread(const char *reason)
{
	static const enum nt_hreason drop[] = { NT_HR_NAV, NT_HR_COMMENTS,
	    NT_HR_SHARE, NT_HR_RELATED, NT_HR_COOKIE, NT_HR_NEWSLETTER,
	    NT_HR_AD, NT_HR_POPUP, NT_HR_HIDDEN };
	size_t i;

	if (reason == NULL)
		return 0;
	for (i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
		if (reason == nt_hreason_name(drop[i]))
			return 1;
	return 0;
}

static void
html_text(struct nt_html *h, const char *s, size_t n, int multiline,
    struct nt_buf *out)
{
	const char *p, *e;
	size_t i, start;

	if (memchr(s, '<', n) == NULL) {
		unescape(s, n, out);
		return;
	}
	if (nt_html_extract(h, s, n, NULL, 0) < 0)
		return;
	p = h->text.p ? h->text.p : "";
	for (i = 0; i < h->nline; i++, p = e + (*e == '\n')) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		if (unread(h->reason[i]))
			continue;
		/* One paragraph a line, its spaces made one. */
		start = out->len;
		if (start > 0)
			nt_buf_addc(out, multiline ? '\n' : ' ');
		nt_buf_add(out, p, (size_t)(e - p));
		squeeze_from(out, start + (start > 0));
		if (out->len == start + (start > 0))
			nt_buf_trunc(out, start);
	}
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Base64 s[0..n) decoded into out; white space and padding skipped. */
static void
unbase64(const char *s, size_t n, struct nt_buf *out)
{
	uint32_t acc = 0;
	size_t i;
	int bits = 0, v;

	for (i = 0; i < n; i++) {
		if ((v = b64val((unsigned char)s[i])) < 0)
			continue;
		acc = (acc << 6) | (uint32_t)v;
		if ((bits += 6) >= 8) {
			bits -= 8;
			nt_buf_addc(out, (char)((acc >> bits) & 0xFF));
		}
	}
}

/* Plain text as given: its ends trimmed, and on one line if asked. */
static void
plain(const char *s, size_t n, int multiline, struct nt_buf *out)
{
	while (n > 0 && space(*s)) {
		s++;
		n--;
	}
	while (n > 0 && space(s[n - 1]))
		n--;
	nt_buf_add(out, s, n);
	if (!multiline)
		nt_feed_squeeze(out);
}

void
nt_feed_text(struct nt_html *h, enum ftype t, int markup, const char *v,
    size_t n, int multiline, struct nt_buf *text, struct nt_buf *html)
{
	struct nt_buf dec = NT_BUF_INIT;

	nt_buf_reset(text);
	nt_buf_reset(html);
	if ((t == FT_B64TEXT || t == FT_B64HTML) && !markup) {
		unbase64(v, n, &dec);
		/* Only what decodes to UTF-8 is text. */
		if (nt_utf8_valid(dec.p ? dec.p : "", dec.len) == dec.len)
			nt_feed_text(h, t == FT_B64HTML ? FT_HTML : FT_TEXT, 0,
			    dec.p ? dec.p : "", dec.len, multiline, text, html);
		nt_buf_free(&dec);
		return;
	}
	if (t == FT_GUESS)
		t = markup || nt_feed_lookshtml(v, n) ? FT_HTML : FT_TEXT;
	if (!markup && t != FT_HTML) {
		plain(v, n, multiline, text);
		return;
	}
	plain(v, n, 1, html);
	html_text(h, v, n, multiline, text);
}

/*
 * The address around s[at] ('@'): itself in [*a, *b), and with a
 * "mailto:" before it in [*from, *b).
 */
static void
address(const char *s, size_t n, size_t at, size_t *from, size_t *a,
    size_t *b)
{
	*a = at;
	while (*a > 0 && (word(s[*a - 1]) || s[*a - 1] == '.' ||
	    s[*a - 1] == '-' || s[*a - 1] == '+'))
		(*a)--;
	*b = at + 1;
	while (*b < n && (word(s[*b]) || s[*b] == '.' || s[*b] == '-'))
		(*b)++;
	while (*b > at + 1 && s[*b - 1] == '.')
		(*b)--;
	*from = *a >= 7 && strncasecmp(s + *a - 7, "mailto:", 7) == 0 ?
	    *a - 7 : *a;
}

void
nt_feed_author(const char *s, size_t n, struct nt_buf *out)
{
	const char *at = memchr(s, '@', n);
	size_t from, a, b, i;

	nt_buf_reset(out);
	if (at == NULL) {
		plain(s, n, 0, out);
		return;
	}
	address(s, n, (size_t)(at - s), &from, &a, &b);
	/* The rest, less the brackets that held the address. */
	for (i = 0; i < n; i++)
		if ((i < from || i >= b) && s[i] != '(' && s[i] != ')' &&
		    s[i] != '<' && s[i] != '>')
			nt_buf_addc(out, s[i]);
	nt_feed_squeeze(out);
	if (out->len == 0)
		nt_buf_add(out, s + a, b - a);
}

void
nt_feed_resolve(const char *href, size_t n, const char *base,
    struct nt_buf *out)
{
	struct nt_buf h = NT_BUF_INIT;
	xmlChar *u;

	nt_buf_reset(out);
	plain(href, n, 0, &h);
	if (h.len == 0) {
		nt_buf_free(&h);
		return;
	}
	if (base == NULL || *base == '\0' ||
	    (u = xmlBuildURI((const xmlChar *)h.p,
	    (const xmlChar *)base)) == NULL) {
		nt_buf_add(out, h.p, h.len);
		nt_buf_free(&h);
		return;
	}
	nt_buf_adds(out, (const char *)u);
	xmlFree(u);
	nt_buf_free(&h);
}

void
nt_feed_host(const char *url, size_t n, struct nt_buf *out)
{
	const char *p = memchr(url, ':', n), *end = url + n, *h;

	nt_buf_reset(out);
	if (p == NULL || end - p < 3 || p[1] != '/' || p[2] != '/')
		return;
	h = p + 3;
	for (p = h; p < end && *p != '/' && *p != ':' && *p != '?' &&
	    *p != '#'; p++)
		if (*p == '@')
			h = p + 1;
	if (p - h > 4 && strncasecmp(h, "www.", 4) == 0)
		h += 4;
	for (; h < p; h++)
		nt_buf_addc(out, (char)(*h >= 'A' && *h <= 'Z' ? *h + 32 : *h));
}
