/*
 * One pass over the line builds the output: plain ASCII is copied in
 * runs; everything else is looked at one code point at a time.  Spaces
 * are held back and written only before the next visible character,
 * which trims both ends and collapses runs in the same pass.  NFC is a
 * second pass over the output, run only when a character that may
 * compose or reorder was seen.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text/norm.h"
#include "core/utf8.h"
#include "core/util.h"

/* Bytes that need a closer look: controls, space, '&', '<', non-ASCII. */
static unsigned char special[256];

static void
init_special(void)
{
	int c;

	for (c = 0; c < 256; c++)
		special[c] = c < 0x21 || c == '&' || c == '<' || c >= 0x7F;
}

struct ent {
	const char	*name;
	uint32_t	 cp;
};

/* The named references news pages actually use; sorted for bsearch. */
static const struct ent ents[] = {
	{ "AElig", 0xC6 }, { "Aacute", 0xC1 }, { "Agrave", 0xC0 },
	{ "Auml", 0xC4 }, { "Ccedil", 0xC7 }, { "Eacute", 0xC9 },
	{ "Ntilde", 0xD1 }, { "Oacute", 0xD3 }, { "Ouml", 0xD6 },
	{ "Uuml", 0xDC }, { "aacute", 0xE1 }, { "acirc", 0xE2 },
	{ "aelig", 0xE6 }, { "agrave", 0xE0 }, { "amp", '&' },
	{ "apos", '\'' }, { "aring", 0xE5 }, { "atilde", 0xE3 },
	{ "auml", 0xE4 }, { "bdquo", 0x201E }, { "bull", 0x2022 },
	{ "ccedil", 0xE7 }, { "cent", 0xA2 }, { "copy", 0xA9 },
	{ "deg", 0xB0 }, { "divide", 0xF7 }, { "eacute", 0xE9 },
	{ "ecirc", 0xEA }, { "egrave", 0xE8 }, { "euml", 0xEB },
	{ "euro", 0x20AC }, { "frac12", 0xBD }, { "frac14", 0xBC },
	{ "gt", '>' }, { "hellip", 0x2026 }, { "iacute", 0xED },
	{ "icirc", 0xEE }, { "iexcl", 0xA1 }, { "iquest", 0xBF },
	{ "iuml", 0xEF }, { "laquo", 0xAB }, { "ldquo", 0x201C },
	{ "lrm", 0x200E }, { "lsaquo", 0x2039 }, { "lsquo", 0x2018 },
	{ "lt", '<' }, { "mdash", 0x2014 }, { "middot", 0xB7 },
	{ "nbsp", 0xA0 }, { "ndash", 0x2013 }, { "ntilde", 0xF1 },
	{ "oacute", 0xF3 }, { "ocirc", 0xF4 }, { "ouml", 0xF6 },
	{ "para", 0xB6 }, { "pound", 0xA3 }, { "quot", '"' },
	{ "raquo", 0xBB }, { "rdquo", 0x201D }, { "reg", 0xAE },
	{ "rlm", 0x200F }, { "rsaquo", 0x203A }, { "rsquo", 0x2019 },
	{ "sbquo", 0x201A }, { "sect", 0xA7 }, { "shy", 0xAD },
	{ "szlig", 0xDF }, { "thinsp", 0x2009 }, { "times", 0xD7 },
	{ "trade", 0x2122 }, { "uacute", 0xFA }, { "uuml", 0xFC },
	{ "yen", 0xA5 }, { "zwj", 0x200D }, { "zwnj", 0x200C },
};

static int
entcmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct ent *)e)->name);
}

uint32_t
nt_norm_entity(const char *s, size_t n, size_t *len)
{
	char name[12];
	const struct ent *e;
	uint32_t cp = 0;
	size_t i = 1, j;
	int hex = 0, digits = 0;

	if (n < 3 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		i = 2;
		if (i < n && (s[i] == 'x' || s[i] == 'X')) {
			hex = 1;
			i++;
		}
		for (; i < n && digits < 8; i++, digits++) {
			int c = (unsigned char)s[i], d;

			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				d = c - 'A' + 10;
			else
				break;
			cp = cp * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (digits == 0 || i >= n || s[i] != ';' || cp == 0 ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		*len = i + 1;
		return cp;
	}
	for (j = 0; i < n && j < sizeof(name) - 1; i++, j++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			break;
		name[j] = s[i];
	}
	if (j == 0 || i >= n || s[i] != ';')
		return 0;
	name[j] = '\0';
	e = bsearch(name, ents, sizeof(ents) / sizeof(ents[0]),
	    sizeof(ents[0]), entcmp);
	if (e == NULL)
		return 0;
	*len = i + 1;
	return e->cp;
}

size_t
nt_norm_refs(char *s, size_t n)
{
	char *amp = n > 0 ? memchr(s, '&', n) : NULL;
	size_t r, w, len;
	uint32_t cp;

	if (amp == NULL)
		return n;
	for (r = w = (size_t)(amp - s); r < n; )
		if (s[r] == '&' &&
		    (cp = nt_norm_entity(s + r, n - r, &len)) != 0) {
			w += nt_utf8_encode(cp, s + w);
			r += len;
		} else
			s[w++] = s[r++];
	return w;
}

/* HTML element names: only these make a '<...>' a tag to drop. */
static const char *const tags[] = {
	"a", "abbr", "article", "aside", "audio", "b", "big", "blockquote",
	"body", "br", "button", "center", "cite", "code", "dd", "del", "div",
	"dl", "dt", "em", "embed", "figcaption", "figure", "font", "footer",
	"form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
	"html", "i", "iframe", "img", "input", "ins", "label", "li", "link",
	"main", "mark", "meta", "nav", "noscript", "ol", "option", "p",
	"picture", "pre", "q", "s", "script", "section", "select", "small",
	"source", "span", "strike", "strong", "style", "sub", "sup", "table",
	"tbody", "td", "th", "thead", "time", "tr", "u", "ul", "video",
};

/* Length of the tag or comment at s (s[0] == '<'), or 0. */
static size_t
tag_len(const char *s, size_t n)
{
	char name[12];
	size_t i = 1, j, k, lim = n < 1024 ? n : 1024;

	if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
		for (i = 4; i + 2 < lim; i++)
			if (memcmp(s + i, "-->", 3) == 0)
				return i + 3;
		return 0;
	}
	if (i < n && s[i] == '/')
		i++;
	for (j = 0; i < n && j < sizeof(name) - 1; i++, j++) {
		int c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (!((c >= 'a' && c <= 'z') || (j > 0 && c >= '1' &&
		    c <= '6')))
			break;
		name[j] = (char)c;
	}
	if (j == 0 || i >= n || !(s[i] == '>' || s[i] == ' ' ||
	    s[i] == '/' || s[i] == '\t'))
		return 0;
	name[j] = '\0';
	for (k = 0; k < sizeof(tags) / sizeof(tags[0]); k++)
		if (strcmp(name, tags[k]) == 0)
			break;
	if (k == sizeof(tags) / sizeof(tags[0]))
		return 0;
	for (; i < lim; i++) {
		if (s[i] == '>')
			return i + 1;
		if (s[i] == '<')
			return 0;
	}
	return 0;
}

/* Windows-1252 bytes 0x80..0x9F; 0 where the code page has a hole. */
static const uint16_t cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* The byte a code point stood for when UTF-8 was read as Windows-1252
 * (or Latin-1), or -1. */
static int
as_byte(uint32_t cp)
{
	int i;

	if (cp >= 0x80 && cp <= 0xFF)
		return (int)cp;
	for (i = 0; i < 32; i++)
		if (cp1252[i] == cp)
			return 0x80 + i;
	return -1;
}

/*
 * Mojibake at p: a lead character U+00C2..U+00F4 followed by characters
 * that were UTF-8 continuation bytes.  Two-byte sequences are repaired
 * only when every byte came through Latin-1 unchanged (U+0080..U+00BF);
 * longer ones also through the Windows-1252 punctuation, which is what
 * "â€™" is.  Returns the input bytes used and the repaired code point.
 */
static size_t
mojibake(const char *p, const char *end, uint32_t lead, uint32_t *out)
{
	unsigned char b[4];
	const char *q = p;
	uint32_t cp;
	size_t need, i, len;
	int v;

	need = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
	b[0] = (unsigned char)lead;
	q += nt_utf8_decode(q, &cp);
	for (i = 1; i < need; i++) {
		if (q >= end)
			return 0;
		len = nt_utf8_decode(q, &cp);
		if (need == 2 && !(cp >= 0x80 && cp <= 0xBF))
			return 0;
		if ((v = as_byte(cp)) < 0 || v > 0xBF)
			return 0;
		b[i] = (unsigned char)v;
		q += len;
	}
	if (nt_utf8_seqlen(b, need) != need)
		return 0;
	nt_utf8_decode((const char *)b, out);
	return (size_t)(q - p);
}

/* Code points that NFC might change or combine with a neighbour. */
static int
nfc_suspect(uint32_t cp)
{
	const utf8proc_property_t *pr;

	if (cp < 0x300)
		return 0;
	if (cp >= 0x1100 && cp < 0x1200)
		return 1;
	if (cp >= 0xAC00 && cp <= 0xD7A3)
		return 0;
	pr = utf8proc_get_property((utf8proc_int32_t)cp);
	return pr->combining_class != 0 || pr->comp_exclusion ||
	    pr->comb_index != UINT16_MAX ||
	    (pr->decomp_seqindex != UINT16_MAX && pr->decomp_type == 0);
}

static int
is_space(uint32_t cp)
{
	return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
	    cp == 0x3000 || cp == 0x85;
}

static int
is_invisible(uint32_t cp)
{
	return cp == 0x200B || cp == 0x2060 || cp == 0xFEFF || cp == 0xAD ||
	    cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

static const char *
ascii_fold(uint32_t cp)
{
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
		return "'";
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
	case 0xAB: case 0xBB:
		return "\"";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212:
		return "-";
	case 0x2026:
		return "...";
	default:
		return NULL;
	}
}

struct out {
	struct nt_buf	*b;
	size_t		 start;
	int		 space;		/* a space is owed before the next char */
	int		 nfc;
	unsigned	 flags;
};

static void
put_cp(struct out *o, uint32_t cp)
{
	char enc[4];
	const char *f;

	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0 &&
	    cp != 0x85) || is_space(cp) || cp == 0x85 || cp == ' ') {
		if (cp >= 0x80 && cp < 0xA0 && cp != 0x85 &&
		    cp1252[cp - 0x80] != 0) {
			/* A C1 control is a Windows-1252 byte read as Latin-1. */
			put_cp(o, cp1252[cp - 0x80]);
			return;
		}
		if (!(cp >= 0x80 && cp < 0xA0 && cp != 0x85))
			o->space = 1;
		return;
	}
	if (is_invisible(cp))
		return;
	if (o->space) {
		if (o->b->len > o->start)
			nt_buf_addc(o->b, ' ');
		o->space = 0;
	}
	if ((o->flags & NT_NORM_ASCII) && (f = ascii_fold(cp)) != NULL) {
		nt_buf_adds(o->b, f);
		return;
	}
	if (!o->nfc && nfc_suspect(cp))
		o->nfc = 1;
	nt_buf_add(o->b, enc, nt_utf8_encode(cp, enc));
}

/* SWAR helpers: a mask with 0x80 in each byte of x equal to c. */
#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

static inline uint64_t
eqmask(uint64_t x, unsigned char c)
{
	uint64_t t = x ^ (ONES * c);

	return ~(((t & ~HIGHS) + ~HIGHS) | t) & HIGHS;
}

/* Bytes below 0x20 (x holds no byte >= 0x80). */
static inline uint64_t
ltmask(uint64_t x, unsigned char c)
{
	return ~(((x & ~HIGHS) + (ONES * (0x80 - c))) | x) & HIGHS;
}

int
nt_norm_plain(const char *s, size_t n, unsigned flags, size_t *nch)
{
	const char *p = s, *end = s + n;
	size_t k = 0, len;
	uint32_t cp, fix;
	uint64_t x, sp;
	int prevsp = 1;
	unsigned char ch;

	if (!special['&'])
		init_special();
	if (n > 0 && (s[0] == ' ' || s[n - 1] == ' '))
		return 0;
	while (p < end) {
#ifdef __SSE2__
		/* Sixteen plain ASCII bytes at a time, the common case. */
		if (end - p >= 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)p);
			unsigned bad, spm;

			bad = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			    _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
			    _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F))),
			    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')),
			    _mm_cmpeq_epi8(v, _mm_set1_epi8('<')))));
			spm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
			    _mm_set1_epi8(' ')));
			if (bad == 0 && (spm & ((spm << 1) | (unsigned)prevsp))
			    == 0) {
				prevsp = (spm >> 15) & 1;
				p += 16;
				k += 16;
				continue;
			}
		}
#endif
		/* Eight plain ASCII bytes at a time. */
		if (end - p >= 8) {
			memcpy(&x, p, 8);
			sp = eqmask(x, ' ');
			if ((x & HIGHS) == 0 && ltmask(x, 0x20) == 0 &&
			    (eqmask(x, '&') | eqmask(x, '<') |
			    eqmask(x, 0x7F)) == 0 &&
			    (sp & (sp >> 8)) == 0 && !(prevsp && (sp & 0x80))) {
				prevsp = (sp >> 56) != 0;
				p += 8;
				k += 8;
				continue;
			}
		}
		ch = (unsigned char)*p;
		if (ch < 0x80) {
			if (ch == ' ') {
				if (prevsp)
					return 0;
				prevsp = 1;
			} else if (ch == '&') {
				if (nt_norm_entity(p, (size_t)(end - p), &len))
					return 0;
				prevsp = 0;
			} else if (ch == '<') {
				if (tag_len(p, (size_t)(end - p)) != 0)
					return 0;
				prevsp = 0;
			} else if (special[ch])
				return 0;
			else
				prevsp = 0;
			p++;
			k++;
			continue;
		}
		len = nt_utf8_decode(p, &cp);
		if (cp < 0xA0 || is_space(cp) || is_invisible(cp) ||
		    nfc_suspect(cp) || ((flags & NT_NORM_ASCII) &&
		    ascii_fold(cp) != NULL) || (cp >= 0xC2 && cp <= 0xF4 &&
		    mojibake(p, end, cp, &fix) != 0))
			return 0;
		prevsp = 0;
		p += len;
		k++;
	}
	*nch = k;
	return 1;
}

size_t
nt_norm_line(const char *s, size_t n, unsigned flags, struct nt_buf *b)
{
	struct out o;
	const char *p = s, *end = s + n, *q;
	uint32_t cp, fix;
	size_t len;
	utf8proc_uint8_t *nfc;
	utf8proc_ssize_t nl;

	if (!special['&'])
		init_special();
	o.b = b;
	o.start = b->len;
	o.space = 0;
	o.nfc = 0;
	o.flags = flags;
	nt_buf_grow(b, n);
	while (p < end) {
		for (q = p; q < end && !special[(unsigned char)*q]; q++)
			;
		if (q > p) {
			if (o.space) {
				if (b->len > o.start)
					nt_buf_addc(b, ' ');
				o.space = 0;
			}
			nt_buf_add(b, p, (size_t)(q - p));
			p = q;
			continue;
		}
		if (*p == '&' && (cp = nt_norm_entity(p, (size_t)(end - p),
		    &len)) != 0) {
			put_cp(&o, cp);
			p += len;
			continue;
		}
		if (*p == '<' && (len = tag_len(p, (size_t)(end - p))) != 0) {
			o.space = 1;
			p += len;
			continue;
		}
		len = nt_utf8_decode(p, &cp);
		if (cp >= 0xC2 && cp <= 0xF4 &&
		    (len = mojibake(p, end, cp, &fix)) != 0) {
			put_cp(&o, fix);
			p += len;
			continue;
		}
		len = nt_utf8_decode(p, &cp);
		put_cp(&o, cp);
		p += len;
	}
	if (o.nfc && b->len > o.start) {
		nl = utf8proc_map((const utf8proc_uint8_t *)b->p + o.start,
		    (utf8proc_ssize_t)(b->len - o.start), &nfc,
		    UTF8PROC_STABLE | UTF8PROC_COMPOSE);
		if (nl >= 0) {
			nt_buf_trunc(b, o.start);
			nt_buf_add(b, nfc, (size_t)nl);
			free(nfc);
		}
	}
	return b->len - o.start;
}

void
nt_norm_text(const char *s, size_t n, unsigned flags, struct nt_buf *out)
{
	const char *p = s, *end = s + n, *nl;
	size_t mark;

	nt_buf_reset(out);
	while (p <= end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		mark = out->len;
		if (out->len > 0)
			nt_buf_addc(out, '\n');
		if (nt_norm_line(p, (size_t)(nl - p), flags, out) == 0)
			nt_buf_trunc(out, mark);
		p = nl + 1;
	}
}
