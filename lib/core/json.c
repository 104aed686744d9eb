/*
 * The validator is an explicit state machine over a byte pointer with a
 * heap stack of open containers ('{' or '['), so that no input can make it
 * recurse.  Strings, the bulk of news records, are scanned eight bytes at
 * a time until a quote, a backslash, a control character or a non-ASCII
 * byte shows up; only those bytes take the slow path.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/json.h"
#include "core/utf8.h"
#include "core/util.h"

#define ONES	((uint64_t)0x0101010101010101ULL)
#define HIGHS	((uint64_t)0x8080808080808080ULL)

typedef const unsigned char uc;

static int
fail(struct nt_jerr *err, const char *msg, uc *at, uc *base)
{
	err->msg = msg;
	err->col = (size_t)(at - base) + 1;
	return -1;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
hex4(uc *p, uc *end)
{
	int v = 0, i, h;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((h = hexval(p[i])) < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

long
nt_json_uescape(const char *p, size_t n)
{
	if (n < 6 || p[0] != '\\' || p[1] != 'u')
		return -1;
	return hex4((uc *)p + 2, (uc *)p + n);
}

/*
 * Skip, sixteen bytes at a time, the bytes of a string that need no
 * look: not a quote, a backslash, a control character or a non-ASCII
 * byte (whose high bit the OR with v itself keeps in the mask).  Returns
 * the first byte that does, or where fewer than sixteen are left.
 */
static uc *
scan_plain(uc *p, uc *end)
{
#ifdef __SSE2__
	const __m128i x1f = _mm_set1_epi8(0x1F), dq = _mm_set1_epi8('"'),
	    bs = _mm_set1_epi8('\\');
	__m128i v;
	int m;

	while (end - p >= 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)p);
		m = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(v, dq), _mm_cmpeq_epi8(v, bs)),
		    _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, x1f), v), v)));
		if (m != 0)
			return p + __builtin_ctz((unsigned)m);
		p += 16;
	}
#else
	(void)end;
#endif
	return p;
}

/*
 * An escape: *pp at the byte after the backslash.  On success *pp is
 * just past it; a \u escape of a high surrogate must be followed by one
 * of a low surrogate, and a low one may not stand alone.
 */
static int
scan_escape(uc **pp, uc *end, uc *base, struct nt_jerr *err)
{
	uc *p = *pp;
	int u, lo;

	if (p >= end)
		return fail(err, "unterminated string", p, base);
	switch (*p) {
	case '"': case '\\': case '/': case 'b': case 'f': case 'n':
	case 'r': case 't':
		*pp = p + 1;
		return 0;
	case 'u':
		break;
	default:
		return fail(err, "invalid escape", p - 1, base);
	}
	if ((u = hex4(p + 1, end)) < 0)
		return fail(err, "invalid \\u escape", p - 1, base);
	p += 5;
	if (u >= 0xDC00 && u <= 0xDFFF)
		return fail(err, "lone surrogate in \\u escape", p - 6, base);
	if (u >= 0xD800 && u <= 0xDBFF) {
		if (end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
		    (lo = hex4(p + 2, end)) < 0xDC00 || lo > 0xDFFF)
			return fail(err, "lone surrogate in \\u escape", p - 6,
			    base);
		p += 6;
	}
	*pp = p;
	return 0;
}

/*
 * p is just past the opening quote.  On success *pp is just past the
 * closing quote and *esc says whether a backslash was seen.
 */
static int
scan_string(uc **pp, uc *end, int *esc, uc *base, struct nt_jerr *err)
{
	uc *p = *pp;
	uint64_t w, t;
	size_t k;

	*esc = 0;
	for (;;) {
		p = scan_plain(p, end);
		while (end - p >= 8) {
			memcpy(&w, p, 8);
			t = ((w ^ (ONES * '"')) - ONES) & ~(w ^ (ONES * '"'));
			t |= ((w ^ (ONES * '\\')) - ONES) & ~(w ^ (ONES * '\\'));
			t |= (w - ONES * 0x20) & ~w;
			t |= w;
			if ((t & HIGHS) != 0)
				break;
			p += 8;
		}
		if (p >= end)
			return fail(err, "unterminated string", p, base);
		if (*p == '"') {
			*pp = p + 1;
			return 0;
		}
		if (*p == '\\') {
			*esc = 1;
			p++;
			if (scan_escape(&p, end, base, err) < 0)
				return -1;
			continue;
		}
		if (*p < 0x20)
			return fail(err, "control character in string", p, base);
		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((k = nt_utf8_seqlen(p, (size_t)(end - p))) == 0)
			return fail(err, "invalid UTF-8", p, base);
		p += k;
	}
}

static int
scan_number(uc **pp, uc *end, uc *base, struct nt_jerr *err)
{
	uc *p = *pp;

	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (p < end && *p >= '1' && *p <= '9')
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	else
		return fail(err, "invalid number", *pp, base);
	if (p < end && *p == '.') {
		p++;
		if (p >= end || *p < '0' || *p > '9')
			return fail(err, "invalid number", *pp, base);
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9')
			return fail(err, "invalid number", *pp, base);
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	*pp = p;
	return 0;
}

static uc *
skipws(uc *p, uc *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static int
unexpected(struct nt_jerr *err, const char *msg, uc *p, uc *end, uc *base)
{
	if (p >= end)
		return fail(err, "unexpected end of line", p, base);
	if (*p >= 0x80 && nt_utf8_seqlen(p, (size_t)(end - p)) == 0)
		return fail(err, "invalid UTF-8", p, base);
	return fail(err, msg, p, base);
}

static void
add_member(struct nt_jparser *jp, const char *k, size_t klen, int kesc,
    const char *v)
{
	struct nt_jmember *m;

	if (jp->nm == jp->mcap) {
		jp->mcap = jp->mcap ? jp->mcap * 2 : 16;
		jp->m = nt_ereallocarray(jp->m, jp->mcap, sizeof(*jp->m));
	}
	m = &jp->m[jp->nm++];
	m->key = k;
	m->klen = klen;
	m->kesc = kesc;
	m->val = v;
	m->vlen = 0;
}

/*
 * The state machine: one function per state, each taking the read
 * position and returning the new one (NULL when the text is invalid,
 * err filled) and the next state.  VALUE reads a value, or opens a
 * container; KEY reads a member's key and its colon; AFTER follows a
 * value with a comma, a closing bracket or, at the top, the end of the
 * text.  With want_obj, the top-level value must be an object and its
 * members are recorded.  The position stays a local of parse(), in a
 * register, which is what keeps the split as fast as one function.
 */
enum step { VALUE, KEY, AFTER, DONE };

struct walk {
	uc		*base, *end;
	uc		*start;		/* the top-level value */
	struct nt_jparser *jp;
	struct nt_buf	*st;		/* the open containers, '{' or '[' */
	int		 want_obj;
	struct nt_jerr	*err;
};

/* Fail at p: the message, or what is wrong with the byte there. */
static uc *
bad(const struct walk *w, const char *msg, uc *p)
{
	unexpected(w->err, msg, p, w->end, w->base);
	return NULL;
}

/* Open a container at p; an empty one is closed at once. */
static uc *
open_container(const struct walk *w, uc *p, enum step *next)
{
	char open = (char)*p, close = open == '{' ? '}' : ']';

	nt_buf_addc(w->st, open);
	p = skipws(p + 1, w->end);
	if (p < w->end && *p == close) {
		w->st->len--;
		*next = AFTER;
		return p + 1;
	}
	*next = open == '{' ? KEY : VALUE;
	return p;
}

static uc *
literal(const struct walk *w, uc *p, const char *word, size_t n)
{
	if ((size_t)(w->end - p) < n || memcmp(p, word, n) != 0)
		return bad(w, "unexpected character", p);
	return p + n;
}

static uc *
value(const struct walk *w, uc *p, enum step *next)
{
	int esc;

	p = skipws(p, w->end);
	*next = AFTER;
	if (p >= w->end)
		return bad(w, "unexpected end of line", p);
	switch (*p) {
	case '{':
	case '[':
		return open_container(w, p, next);
	case '"':
		p++;
		return scan_string(&p, w->end, &esc, w->base, w->err) < 0 ?
		    NULL : p;
	case 't':
		return literal(w, p, "true", 4);
	case 'f':
		return literal(w, p, "false", 5);
	case 'n':
		return literal(w, p, "null", 4);
	}
	if (*p == '-' || (*p >= '0' && *p <= '9'))
		return scan_number(&p, w->end, w->base, w->err) < 0 ? NULL : p;
	return bad(w, "unexpected character", p);
}

static uc *
key(const struct walk *w, uc *p, enum step *next)
{
	struct nt_jparser *jp = w->jp;
	int top = w->want_obj && w->st->len == 1, esc;
	uc *k;

	if (p >= w->end || *p != '"')
		return bad(w, "expected a string key", p);
	k = ++p;
	if (scan_string(&p, w->end, &esc, w->base, w->err) < 0)
		return NULL;
	if (top)
		add_member(jp, (const char *)k, (size_t)(p - 1 - k), esc,
		    NULL);
	p = skipws(p, w->end);
	if (p >= w->end || *p != ':')
		return bad(w, "expected ':' after key", p);
	p = skipws(p + 1, w->end);
	if (top)
		jp->m[jp->nm - 1].val = (const char *)p;
	*next = VALUE;
	return p;
}

/* The top-level value ends at p: only white space may follow. */
static uc *
finish(const struct walk *w, uc *p, const char **obj, size_t *objlen)
{
	if (obj != NULL) {
		*obj = (const char *)w->start;
		*objlen = (size_t)(p - w->start);
	}
	p = skipws(p, w->end);
	if (p < w->end)
		return bad(w, "trailing characters after the value", p);
	return p;
}

static uc *
after(const struct walk *w, uc *p, enum step *next, const char **obj,
    size_t *objlen)
{
	struct nt_jparser *jp = w->jp;
	struct nt_buf *st = w->st;
	char top;

	if (w->want_obj && st->len == 1 && jp->nm > 0 &&
	    jp->m[jp->nm - 1].vlen == 0)
		jp->m[jp->nm - 1].vlen = (size_t)((const char *)p -
		    jp->m[jp->nm - 1].val);
	if (st->len == 0) {
		*next = DONE;
		return finish(w, p, obj, objlen);
	}
	p = skipws(p, w->end);
	top = st->p[st->len - 1];
	if (p < w->end && *p == ',') {
		*next = top == '{' ? KEY : VALUE;
		return skipws(p + 1, w->end);
	}
	if (p < w->end && *p == (top == '{' ? '}' : ']')) {
		st->len--;
		*next = AFTER;
		return p + 1;
	}
	return bad(w, top == '{' ? "expected ',' or '}'" :
	    "expected ',' or ']'", p);
}

/* What a record line holds when it is not an object. */
static int
not_object(const struct walk *w, uc *p)
{
	if (p < w->end && *p == '[')
		return fail(w->err, "not a JSON object (an array)", p, w->base);
	if (p < w->end && (*p == '"' || *p == '-' || (*p >= '0' &&
	    *p <= '9') || *p == 't' || *p == 'f' || *p == 'n'))
		return fail(w->err, "not a JSON object", p, w->base);
	return unexpected(w->err, "not a JSON object", p, w->end, w->base);
}

static int
parse(struct nt_jparser *jp, const char *s, size_t n, int want_obj,
    const char **obj, size_t *objlen, struct nt_jerr *err)
{
	struct walk w;
	enum step step = VALUE;
	uc *p;

	w.base = (uc *)s;
	w.end = w.base + n;
	w.jp = jp;
	w.st = &jp->stack;
	w.want_obj = want_obj;
	w.err = err;
	nt_buf_reset(w.st);
	jp->nm = 0;
	p = w.start = skipws(w.base, w.end);
	if (want_obj && (p >= w.end || *p != '{'))
		return not_object(&w, p);
	while (step != DONE) {
		if (step == VALUE)
			p = value(&w, p, &step);
		else if (step == KEY)
			p = key(&w, p, &step);
		else
			p = after(&w, p, &step, obj, objlen);
		if (p == NULL)
			return -1;
	}
	return 0;
}

int
nt_json_object(struct nt_jparser *jp, const char *p, size_t n,
    const char **obj, size_t *objlen, struct nt_jerr *err)
{
	return parse(jp, p, n, 1, obj, objlen, err);
}

int
nt_json_valid(struct nt_jparser *jp, const char *p, size_t n,
    struct nt_jerr *err)
{
	return parse(jp, p, n, 0, NULL, NULL, err);
}

void
nt_jparser_free(struct nt_jparser *jp)
{
	if (jp == NULL)
		return;
	nt_buf_free(&jp->stack);
	free(jp->m);
	jp->m = NULL;
	jp->nm = jp->mcap = 0;
}

enum nt_jtype
nt_json_type(const char *val, size_t n)
{
	if (n == 0)
		return NT_JNONE;
	switch (val[0]) {
	case '{':
		return NT_JOBJ;
	case '[':
		return NT_JARR;
	case '"':
		return NT_JSTR;
	case 't':
		return NT_JTRUE;
	case 'f':
		return NT_JFALSE;
	case 'n':
		return NT_JNULL;
	default:
		return NT_JNUM;
	}
}

static const char *
skip_str(const char *p, const char *end)
{
	/* p is just past the opening quote of a valid string. */
	for (;;) {
		const char *q = memchr(p, '"', (size_t)(end - p));
		const char *b;
		size_t nb;

		if (q == NULL)
			return end;
		/* The quote is escaped if an odd run of backslashes precedes it. */
		for (b = q, nb = 0; b > p && b[-1] == '\\'; b--)
			nb++;
		if (nb % 2 == 0)
			return q + 1;
		p = q + 1;
	}
}

const char *
nt_json_skip(const char *p, const char *end)
{
	size_t depth = 0;

	do {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
		    *p == '\r' || *p == ',' || *p == ':'))
			p++;
		if (p >= end)
			return end;
		switch (*p) {
		case '{': case '[':
			depth++;
			p++;
			break;
		case '}': case ']':
			depth--;
			p++;
			break;
		case '"':
			p = skip_str(p + 1, end);
			break;
		default:
			while (p < end && *p != ',' && *p != '}' && *p != ']' &&
			    *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' &&
			    *p != ':')
				p++;
			break;
		}
	} while (depth > 0);
	return p;
}

void
nt_json_unescape(const char *p, size_t n, struct nt_buf *out)
{
	const char *end = p + n, *q;
	char tmp[4];
	uint32_t cp, lo;

	nt_buf_grow(out, n);
	while (p < end) {
		if ((q = memchr(p, '\\', (size_t)(end - p))) == NULL) {
			nt_buf_add(out, p, (size_t)(end - p));
			return;
		}
		nt_buf_add(out, p, (size_t)(q - p));
		p = q + 1;
		switch (*p++) {
		case 'b': nt_buf_addc(out, '\b'); break;
		case 'f': nt_buf_addc(out, '\f'); break;
		case 'n': nt_buf_addc(out, '\n'); break;
		case 'r': nt_buf_addc(out, '\r'); break;
		case 't': nt_buf_addc(out, '\t'); break;
		case 'u':
			cp = (uint32_t)hex4((uc *)p, (uc *)end);
			p += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 6) {
				lo = (uint32_t)hex4((uc *)p + 2, (uc *)end);
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				    (lo - 0xDC00);
				p += 6;
			}
			nt_buf_add(out, tmp, nt_utf8_encode(cp, tmp));
			break;
		default:		/* " \ / */
			nt_buf_addc(out, p[-1]);
			break;
		}
	}
}

int
nt_json_streq(const char *p, size_t n, int escaped, const char *s)
{
	struct nt_buf b = NT_BUF_INIT;
	int eq;

	if (!escaped)
		return strlen(s) == n && memcmp(p, s, n) == 0;
	nt_json_unescape(p, n, &b);
	eq = strlen(s) == b.len && memcmp(b.p, s, b.len) == 0;
	nt_buf_free(&b);
	return eq;
}

int
nt_json_double(const char *val, size_t n, double *out)
{
	char *tmp;

	if (nt_json_type(val, n) != NT_JNUM)
		return -1;
	tmp = nt_estrndup(val, n);
	*out = strtod(tmp, NULL);
	free(tmp);
	return 0;
}

int
nt_json_int(const char *val, size_t n, int64_t *out)
{
	char tmp[32], *e;
	long long v;

	if (nt_json_type(val, n) != NT_JNUM || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, val, n);
	tmp[n] = '\0';
	errno = 0;
	v = strtoll(tmp, &e, 10);
	if (errno != 0 || *e != '\0')
		return -1;
	*out = v;
	return 0;
}

int
nt_jiter_init(struct nt_jiter *it, const char *val, size_t n)
{
	if (n < 2 || (val[0] != '[' && val[0] != '{'))
		return -1;
	it->p = val + 1;
	it->end = val + n - 1;
	return 0;
}

static const char *
ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
	    *p == '\r' || *p == ','))
		p++;
	return p;
}

int
nt_jiter_item(struct nt_jiter *it, const char **val, size_t *vlen)
{
	const char *p = ws(it->p, it->end), *q;

	if (p >= it->end)
		return 0;
	q = nt_json_skip(p, it->end);
	*val = p;
	*vlen = (size_t)(q - p);
	it->p = q;
	return 1;
}

int
nt_jiter_member(struct nt_jiter *it, const char **key, size_t *klen,
    const char **val, size_t *vlen)
{
	const char *p = ws(it->p, it->end), *q;

	if (p >= it->end || *p != '"')
		return 0;
	q = skip_str(p + 1, it->end);
	*key = p + 1;
	*klen = (size_t)(q - 1 - (p + 1));
	p = q;
	while (p < it->end && *p != ':')
		p++;
	p++;
	while (p < it->end && (*p == ' ' || *p == '\t' || *p == '\n' ||
	    *p == '\r'))
		p++;
	q = nt_json_skip(p, it->end);
	*val = p;
	*vlen = (size_t)(q - p);
	it->p = q;
	return 1;
}

int
nt_json_get(const char *obj, size_t n, const char *key, const char **val,
    size_t *vlen)
{
	struct nt_jiter it;
	const char *k;
	size_t kl;

	if (nt_jiter_init(&it, obj, n) < 0 || obj[0] != '{')
		return 0;
	while (nt_jiter_member(&it, &k, &kl, val, vlen))
		if (nt_json_streq(k, kl, memchr(k, '\\', kl) != NULL, key))
			return 1;
	return 0;
}

/*
 * The escaper.  News text is long runs of bytes that need no escape, so
 * those are copied sixteen bytes at a time (SSE2, on every x86-64) or
 * eight (SWAR), and only a quote, a backslash or a control character
 * takes the byte-at-a-time path.  Non-ASCII bytes pass as they are: the
 * caller's text is valid UTF-8, and JSON carries it unescaped.
 *
 * SSE2: a byte v is < 0x20 exactly when min(v, 0x1F) == v (unsigned);
 * the 16-byte store may run ahead of the escaped output's final length,
 * which is safe because the caller made room for 6 bytes per input byte.
 * SWAR: HASLESS(w, 0x20) flags a byte below 0x20 and HASZERO(w ^ c) a
 * byte equal to c, each in the byte's high bit; they may also flag a
 * byte >= 0x80, hence the mask with ~(w & HIGHS): a false alarm only
 * sends that word down the slow path, which decides byte by byte.
 */
#define HASZERO(x)	(((x) - ONES) & ~(x) & HIGHS)
#define HASLESS(x, n)	(((x) - ONES * (n)) & ~(x) & HIGHS)

/* Copy the leading run of s[i..n) that needs no escape; returns the new i. */
static size_t
esc_plain(char **pp, const unsigned char *q, size_t i, size_t n)
{
	char *p = *pp;
	uint64_t w;
#ifdef __SSE2__
	const __m128i x1f = _mm_set1_epi8(0x1F), dq = _mm_set1_epi8('"'),
	    bs = _mm_set1_epi8('\\');
	__m128i v, bad;

	for (; i + 16 <= n; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(q + i));
		bad = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, x1f), v),
		    _mm_or_si128(_mm_cmpeq_epi8(v, dq), _mm_cmpeq_epi8(v, bs)));
		if (_mm_movemask_epi8(bad) != 0)
			break;
		_mm_storeu_si128((__m128i *)(void *)p, v);
		p += 16;
	}
#endif
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, q + i, 8);
		if ((HASLESS(w, 0x20) | HASZERO(w ^ (ONES * '"')) |
		    HASZERO(w ^ (ONES * '\\'))) & ~(w & HIGHS))
			break;
		memcpy(p, q + i, 8);
		p += 8;
	}
	*pp = p;
	return i;
}

/* One byte, escaped if JSON needs it. */
static char *
esc_byte(char *p, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	static const char short_esc[0x20] = {
		['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f',
		['\r'] = 'r',
	};

	if (c >= 0x20 && c != '"' && c != '\\') {
		*p++ = (char)c;
		return p;
	}
	*p++ = '\\';
	if (c == '"' || c == '\\')
		*p++ = (char)c;
	else if (short_esc[c] != 0)
		*p++ = short_esc[c];
	else {
		memcpy(p, "u00", 3);
		p[3] = hex[c >> 4];
		p[4] = hex[c & 15];
		p += 5;
	}
	return p;
}

char *
nt_json_esc(char *p, const char *s, size_t n)
{
	const unsigned char *q = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		i = esc_plain(&p, q, i, n);
		if (i < n)
			p = esc_byte(p, q[i++]);
	}
	return p;
}

/* Input bytes escaped per round, so that the room made stays small. */
#define ESC_CHUNK	65536

void
nt_json_addstr(struct nt_buf *b, const char *s, size_t n)
{
	size_t k;

	nt_buf_addc(b, '"');
	while (n > 0) {
		k = n < ESC_CHUNK ? n : ESC_CHUNK;
		nt_buf_grow(b, 6 * k + 1);
		b->len = (size_t)(nt_json_esc(b->p + b->len, s, k) - b->p);
		s += k;
		n -= k;
	}
	nt_buf_addc(b, '"');
}

void
nt_json_adddouble(struct nt_buf *b, double v)
{
	char tmp[40];
	int prec;

	if (!isfinite(v)) {
		nt_buf_adds(b, "null");
		return;
	}
	if (fabs(v) < 9e15 && v == (double)(int64_t)v) {
		nt_buf_addi(b, (int64_t)v);
		return;
	}
	/* The shortest form that reads back as the same double. */
	for (prec = 6; prec < 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	if (prec == 17)
		snprintf(tmp, sizeof(tmp), "%.17g", v);
	nt_buf_adds(b, tmp);
}

void
nt_jw_init(struct nt_jw *w, struct nt_buf *b)
{
	w->b = b;
	w->depth = 0;
	w->first[0] = 1;
}

/*
 * first[d] is 1 before the first item at depth d, 2 just after a key, 0
 * otherwise; only the last case needs a comma before the next item.
 * Every item is written with one check for room: room() makes space for
 * the item's most bytes and its comma, writes the comma when one is
 * due, and returns where the item goes; done() sets the length.  They
 * are inline in json.h, with the writers of raw text.
 */
#define room	nt_jw__room
#define done	nt_jw__done

static void
jw_open(struct nt_jw *w, char c)
{
	char *p = room(w, 1);

	*p++ = c;
	done(w, p);
	if (w->depth + 1 >= NT_JW_DEPTH)
		nt_fatalx("JSON writer nested too deeply");
	w->depth++;
	w->first[w->depth] = 1;
	w->kind[w->depth] = c == '{' ? '}' : ']';
}

void
nt_jw_obj(struct nt_jw *w)
{
	jw_open(w, '{');
}

void
nt_jw_arr(struct nt_jw *w)
{
	jw_open(w, '[');
}

/* A quoted string, and a ':' after it when it is a key. */
static void
jw_string(struct nt_jw *w, const char *s, size_t n, int key)
{
	size_t i;
	unsigned char c;
	char *p;

	if (n > ESC_CHUNK) {
		/* Long: nt_json_addstr escapes it in rounds. */
		done(w, room(w, 0));
		nt_json_addstr(w->b, s, n);
		if (key)
			nt_buf_addc(w->b, ':');
		return;
	}
	p = room(w, 6 * n + 3);
	*p++ = '"';
	if (n < 16) {
		/* Keys and short values: the wide paths would not start. */
		for (i = 0; i < n; i++) {
			c = (unsigned char)s[i];
			if (c < 0x20 || c == '"' || c == '\\')
				break;
			*p++ = (char)c;
		}
		p = nt_json_esc(p, s + i, n - i);
	} else
		p = nt_json_esc(p, s, n);
	*p++ = '"';
	if (key)
		*p++ = ':';
	done(w, p);
}

void
nt_jw_keyn(struct nt_jw *w, const char *k, size_t n)
{
	jw_string(w, k, n, 1);
	w->first[w->depth] = 2;
}

void
nt_jw_key(struct nt_jw *w, const char *k)
{
	nt_jw_keyn(w, k, strlen(k));
}

void
nt_jw_str(struct nt_jw *w, const char *s, size_t n)
{
	jw_string(w, s, n, 0);
}

void
nt_jw_strz(struct nt_jw *w, const char *s)
{
	nt_jw_str(w, s, strlen(s));
}

void
nt_jw_int(struct nt_jw *w, int64_t v)
{
	char *p = room(w, 21);

	if (v < 0) {
		*p++ = '-';
		/* -(v + 1) + 1: the negation of INT64_MIN overflows. */
		p = nt_jw__putu(p, (uint64_t)-(v + 1) + 1);
	} else
		p = nt_jw__putu(p, (uint64_t)v);
	done(w, p);
}

void
nt_jw_double(struct nt_jw *w, double v)
{
	done(w, room(w, 0));
	nt_json_adddouble(w->b, v);
}

void
nt_jw_bool(struct nt_jw *w, int v)
{
	nt_jw_raw(w, v ? "true" : "false", v ? 4 : 5);
}

void
nt_jw_null(struct nt_jw *w)
{
	nt_jw_raw(w, "null", 4);
}
