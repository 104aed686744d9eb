/*
 * chars: the one character-class table of the text core.
 *
 * Every tool asks here what a code point is: a letter (upper, lower or
 * uncased), a mark, a digit, white space, a line break, an invisible
 * format character, punctuation, a quotation mark, a dash, and so on.
 * The answer is a set of NT_CC_* bits; a code point may carry several
 * ("’" is PUNCT, QUOTE and APOS).  The classes come from the Unicode
 * general categories (through utf8proc, asked here and nowhere else),
 * refined where news text needs it: a control character is white space,
 * a lone carriage return ends a line, a default-ignorable code point is
 * invisible.
 *
 * ASCII is a constant table.  The rest of the Basic Multilingual Plane
 * is a two-level table (blocks of 256 code points, identical blocks
 * shared) whose blocks are built as their code points are first met,
 * under a lock, and never written again; a lookup after that takes no
 * lock and is safe from any number of threads.  Code points above the
 * BMP are classified on each call.
 *
 * Case and base forms live here too: nt_cc_lower (simple lower case)
 * and nt_cc_base (what a letter is without its accents, compatibility
 * forms and case: "É" is "e", "ﬁ" is "fi", "ß" is "ss").
 */
#ifndef NT_CHARS_H
#define NT_CHARS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define NT_CC_UPPER	0x0001	/* upper or title case letter (Lu, Lt) */
#define NT_CC_LOWER	0x0002	/* lower case letter (Ll) */
#define NT_CC_LETTER	0x0004	/* any letter (L*), cased or not */
#define NT_CC_MARK	0x0008	/* combining mark (M*) */
#define NT_CC_DIGIT	0x0010	/* decimal digit (Nd) */
#define NT_CC_NUMBER	0x0020	/* other number: Nl, No ("²", "½", "Ⅳ") */
#define NT_CC_SPACE	0x0040	/* white space in a line: Zs, tab, controls */
#define NT_CC_BREAK	0x0080	/* ends a line: LF, CR, VT, FF, NEL, LS, PS */
#define NT_CC_FORMAT	0x0100	/* invisible: Cf, default-ignorable */
#define NT_CC_PUNCT	0x0200	/* punctuation (P*) */
#define NT_CC_SYMBOL	0x0400	/* symbol (S*) */
#define NT_CC_APOS	0x0800	/* an apostrophe: ' ‘ ’ ʼ */
#define NT_CC_QUOTE	0x1000	/* a quotation mark: " ' “ ” „ « » 「 ... */
#define NT_CC_DASH	0x2000	/* a dash or hyphen (Pd) or the minus sign */
#define NT_CC_CJK	0x4000	/* Han, kana or Hangul */

/* Letters, marks and numbers: what words are made of. */
#define NT_CC_WORD	(NT_CC_LETTER | NT_CC_MARK | NT_CC_DIGIT | NT_CC_NUMBER)

/* The classes of ASCII. */
extern const uint16_t nt_cc_ascii[128];
/* The BMP table's blocks, NULL until built (nt_cc_block builds one). */
extern _Atomic(const uint16_t *) nt_cc_bmp[256];

/* The classes of any code point. */
unsigned nt_cc(uint32_t cp);
/* The classes of any code point, worked out afresh: what the table is
 * made of, and the answer above the BMP. */
unsigned nt_cc_direct(uint32_t cp);
/* The classes of code point cp of the BMP, its block built. */
unsigned nt_cc_block(uint32_t cp);

/* nt_cc, inline. */
static inline unsigned
nt_cc_get(uint32_t cp)
{
	const uint16_t *b;

	if (cp < 0x80)
		return nt_cc_ascii[cp];
	if (cp < 0x10000) {
		b = atomic_load_explicit(&nt_cc_bmp[cp >> 8],
		    memory_order_acquire);
		return b != NULL ? b[cp & 0xFF] : nt_cc_block(cp);
	}
	return nt_cc_direct(cp);
}

/* The simple lower-case mapping of cp (cp itself if it has none). */
uint32_t nt_cc_lower(uint32_t cp);
/* The simple upper-case mapping of cp. */
uint32_t nt_cc_upper(uint32_t cp);
/*
 * The base form of cp: its compatibility decomposition, case folded,
 * without combining marks or invisible characters, into out[0..max).
 * Returns the number of code points (0 for a mark or an invisible
 * character; cp itself, lower-cased, when it has no decomposition or
 * the decomposition would not fit).
 */
size_t	 nt_cc_base(uint32_t cp, uint32_t *out, size_t max);

#endif
