/*
 * chars: see chars.h.  The only file that asks utf8proc for general
 * categories; everything else asks nt_cc.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/chars.h"

#define U	(NT_CC_UPPER | NT_CC_LETTER)
#define L	(NT_CC_LOWER | NT_CC_LETTER)
#define D	NT_CC_DIGIT
#define S	NT_CC_SPACE
#define B	NT_CC_BREAK
#define P	NT_CC_PUNCT
#define Y	NT_CC_SYMBOL

/* ASCII, as classify() below would make it (test_chars checks). */
const uint16_t nt_cc_ascii[128] = {
	[0x00 ... 0x08] = S, ['\t'] = S, ['\n'] = B, ['\v'] = B, ['\f'] = B,
	['\r'] = B, [0x0E ... 0x1F] = S, [' '] = S,
	['!'] = P, ['"'] = P | NT_CC_QUOTE, ['#'] = P, ['$'] = Y, ['%'] = P,
	['&'] = P, ['\''] = P | NT_CC_QUOTE | NT_CC_APOS, ['('] = P,
	[')'] = P, ['*'] = P, ['+'] = Y, [','] = P, ['-'] = P | NT_CC_DASH,
	['.'] = P, ['/'] = P, ['0' ... '9'] = D, [':'] = P, [';'] = P,
	['<'] = Y, ['='] = Y, ['>'] = Y, ['?'] = P, ['@'] = P,
	['A' ... 'Z'] = U, ['['] = P, ['\\'] = P, [']'] = P, ['^'] = Y,
	['_'] = P, ['`'] = Y, ['a' ... 'z'] = L, ['{'] = P, ['|'] = Y,
	['}'] = P, ['~'] = Y, [0x7F] = S,
};

/* What each general category means, before the refinements below. */
static const uint16_t bycat[30] = {
	[UTF8PROC_CATEGORY_LU] = U,
	[UTF8PROC_CATEGORY_LL] = L,
	[UTF8PROC_CATEGORY_LT] = U,
	[UTF8PROC_CATEGORY_LM] = NT_CC_LETTER,
	[UTF8PROC_CATEGORY_LO] = NT_CC_LETTER,
	[UTF8PROC_CATEGORY_MN] = NT_CC_MARK,
	[UTF8PROC_CATEGORY_MC] = NT_CC_MARK,
	[UTF8PROC_CATEGORY_ME] = NT_CC_MARK,
	[UTF8PROC_CATEGORY_ND] = D,
	[UTF8PROC_CATEGORY_NL] = NT_CC_NUMBER,
	[UTF8PROC_CATEGORY_NO] = NT_CC_NUMBER,
	[UTF8PROC_CATEGORY_PC] = P,
	[UTF8PROC_CATEGORY_PD] = P | NT_CC_DASH,
	[UTF8PROC_CATEGORY_PS] = P,
	[UTF8PROC_CATEGORY_PE] = P,
	[UTF8PROC_CATEGORY_PI] = P | NT_CC_QUOTE,
	[UTF8PROC_CATEGORY_PF] = P | NT_CC_QUOTE,
	[UTF8PROC_CATEGORY_PO] = P,
	[UTF8PROC_CATEGORY_SM] = Y,
	[UTF8PROC_CATEGORY_SC] = Y,
	[UTF8PROC_CATEGORY_SK] = Y,
	[UTF8PROC_CATEGORY_SO] = Y,
	[UTF8PROC_CATEGORY_ZS] = S,
	[UTF8PROC_CATEGORY_ZL] = B,
	[UTF8PROC_CATEGORY_ZP] = B,
	[UTF8PROC_CATEGORY_CC] = S,
	[UTF8PROC_CATEGORY_CF] = NT_CC_FORMAT,
};

#undef U
#undef L
#undef D
#undef S
#undef B
#undef P
#undef Y

/* Single code points whose class the categories do not give. */
static const struct {
	uint32_t	 cp;
	uint16_t	 add;
} extra[] = {
	{ '"', NT_CC_QUOTE },		/* Po, as typewriters made them */
	{ '\'', NT_CC_QUOTE | NT_CC_APOS },
	{ 0x0085, NT_CC_BREAK },	/* NEL: a control that ends a line */
	{ 0x02BC, NT_CC_APOS },		/* modifier letter apostrophe */
	{ 0x2018, NT_CC_APOS },
	{ 0x2019, NT_CC_APOS },
	{ 0x2212, NT_CC_DASH },		/* minus sign */
	/* quotation marks that are categorised as brackets or Po */
	{ 0x201A, NT_CC_QUOTE }, { 0x201E, NT_CC_QUOTE },
	{ 0x300C, NT_CC_QUOTE }, { 0x300D, NT_CC_QUOTE },
	{ 0x300E, NT_CC_QUOTE }, { 0x300F, NT_CC_QUOTE },
	{ 0x301D, NT_CC_QUOTE }, { 0x301E, NT_CC_QUOTE },
	{ 0x301F, NT_CC_QUOTE }, { 0xFF02, NT_CC_QUOTE },
	{ 0xFF07, NT_CC_QUOTE },
};

/* Scripts written without spaces between words: nclean's CJK. */
static const struct {
	uint32_t	 lo, hi;
} cjk[] = {
	{ 0x3040, 0x30FF }, { 0x3400, 0x9FFF }, { 0xAC00, 0xD7AF },
	{ 0xF900, 0xFAFF },
};

/* The classes the general category and the properties give. */
static unsigned
basic(uint32_t cp)
{
	utf8proc_category_t cat;
	unsigned c;

	cat = utf8proc_category((utf8proc_int32_t)cp);
	c = (unsigned)cat < sizeof(bycat) / sizeof(bycat[0]) ? bycat[cat] : 0;
	if (cat == UTF8PROC_CATEGORY_CC && (cp == '\n' || cp == '\v' ||
	    cp == '\f' || cp == '\r'))
		c = NT_CC_BREAK;
	/* Default-ignorable code points (variation selectors, Hangul
	 * fillers, soft hyphen) are as invisible as the format ones. */
	if (utf8proc_get_property((utf8proc_int32_t)cp)->ignorable)
		c = NT_CC_FORMAT;
	return c;
}

/* The refinements of extra[] and cjk[] for code points [lo, lo + n). */
static void
refine(uint32_t lo, uint16_t *c, size_t n)
{
	size_t i;
	uint32_t a, b, cp;

	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		if (extra[i].cp < lo || extra[i].cp - lo >= n)
			continue;
		if (extra[i].add == NT_CC_BREAK)
			c[extra[i].cp - lo] = NT_CC_BREAK;
		else
			c[extra[i].cp - lo] |= extra[i].add;
	}
	for (i = 0; i < sizeof(cjk) / sizeof(cjk[0]); i++) {
		a = cjk[i].lo > lo ? cjk[i].lo : lo;
		b = cjk[i].hi < lo + n - 1 ? cjk[i].hi : lo + (uint32_t)n - 1;
		for (cp = a; cp <= b && b >= a; cp++)
			c[cp - lo] |= NT_CC_CJK;
	}
}

static unsigned
classify(uint32_t cp)
{
	uint16_t c;

	if (cp > 0x10FFFF)
		return 0;
	c = (uint16_t)basic(cp);
	refine(cp, &c, 1);
	return c;
}

/*
 * The BMP: 256 blocks of 256 code points, each built when a code point
 * of it is first asked for (news meets a handful of blocks; building
 * them all would read all of utf8proc's tables in).  Most blocks are
 * alike (all CJK ideographs, all unassigned), so each distinct block is
 * stored once; 256 would hold even a table with no two alike.  A block
 * is built under the lock and published with a release store, read
 * with an acquire load (a plain load on x86).
 */
#define NBLOCK	256
static uint16_t pool[NBLOCK][256];
static size_t npool;
_Atomic(const uint16_t *) nt_cc_bmp[256];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Block b of the BMP, built once. */
static const uint16_t *
build(size_t b)
{
	uint16_t blk[256];
	const uint16_t *got;
	size_t k, i;

	for (i = 0; i < 256; i++)
		blk[i] = (uint16_t)basic((uint32_t)(b << 8 | i));
	refine((uint32_t)b << 8, blk, 256);
	if (pthread_mutex_lock(&lock) != 0)
		abort();
	got = atomic_load_explicit(&nt_cc_bmp[b], memory_order_relaxed);
	if (got == NULL) {
		for (k = 0; k < npool; k++)
			if (memcmp(pool[k], blk, sizeof(blk)) == 0)
				break;
		if (k == npool)
			memcpy(pool[npool++], blk, sizeof(blk));
		got = pool[k];
		atomic_store_explicit(&nt_cc_bmp[b], got, memory_order_release);
	}
	(void)pthread_mutex_unlock(&lock);
	return got;
}

unsigned
nt_cc_block(uint32_t cp)
{
	return build(cp >> 8)[cp & 0xFF];
}

unsigned
nt_cc(uint32_t cp)
{
	return nt_cc_get(cp);
}

unsigned
nt_cc_direct(uint32_t cp)
{
	return classify(cp);
}

uint32_t
nt_cc_lower(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

uint32_t
nt_cc_upper(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
	return (uint32_t)utf8proc_toupper((utf8proc_int32_t)cp);
}

size_t
nt_cc_base(uint32_t cp, uint32_t *out, size_t max)
{
	utf8proc_int32_t d[8];
	utf8proc_ssize_t n, i;
	size_t k = 0;
	int bound = 0;

	if (cp < 0x80) {
		if (max == 0)
			return 0;
		out[0] = nt_cc_lower(cp);
		return 1;
	}
	if (nt_cc(cp) & NT_CC_FORMAT)
		return 0;
	n = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 8,
	    UTF8PROC_CASEFOLD | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
	    UTF8PROC_STRIPMARK, &bound);
	if (n < 0 || n > 8 || (size_t)n > max) {
		if (max == 0)
			return 0;
		out[0] = nt_cc_lower(cp);
		return 1;
	}
	for (i = 0; i < n; i++)
		out[k++] = (uint32_t)d[i];
	return k;
}
