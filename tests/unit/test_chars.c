/*
 * Unit tests for lib/text/chars: the class table agrees with the classes
 * worked out afresh for every code point of the BMP, and says what news
 * text needs of letters, white space, breaks, invisible characters,
 * quotation marks, dashes and CJK; case and base forms.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "text/chars.h"
#include "t.h"

static int
has(uint32_t cp, unsigned bits)
{
	return (nt_cc(cp) & bits) == bits;
}

static void
table(void)
{
	uint32_t cp, bad = 0, abad = 0;

	for (cp = 0; cp < 0x10000; cp++)
		if (nt_cc(cp) != nt_cc_direct(cp) && bad++ == 0)
			printf("# U+%04X: table %#x, direct %#x\n", (unsigned)cp,
			    nt_cc(cp), nt_cc_direct(cp));
	ok(bad == 0, "the BMP table agrees with the classes worked out afresh");
	for (cp = 0; cp < 0x80; cp++)
		if (nt_cc_ascii[cp] != nt_cc_direct(cp))
			abad++;
	ok(abad == 0, "so does the constant ASCII table");
	ok(nt_cc_get(0x00E9) == nt_cc(0x00E9) && nt_cc_get(0x1F600) ==
	    nt_cc(0x1F600), "nt_cc_get is nt_cc");
	ok(nt_cc(0x110000) == 0, "beyond Unicode: nothing");
}

static void
letters(void)
{
	ok(has('A', NT_CC_UPPER | NT_CC_LETTER) && has('z', NT_CC_LOWER |
	    NT_CC_LETTER), "ASCII letters and their case");
	ok(has(0x00C9, NT_CC_UPPER) && has(0x00E9, NT_CC_LOWER), "É and é");
	ok(has(0x01C5, NT_CC_UPPER | NT_CC_LETTER), "title case (ǅ) counts as "
	    "upper");
	ok(has(0x05D0, NT_CC_LETTER) && !has(0x05D0, NT_CC_UPPER) &&
	    !has(0x05D0, NT_CC_LOWER), "an uncased letter (א)");
	ok(has(0x0301, NT_CC_MARK) && !has(0x0301, NT_CC_LETTER),
	    "a combining mark");
	ok(has(0x0663, NT_CC_DIGIT) && has(0x00BD, NT_CC_NUMBER) &&
	    !has(0x00BD, NT_CC_DIGIT), "٣ is a digit, ½ another number");
	ok((nt_cc(0x00E9) & NT_CC_WORD) && (nt_cc('7') & NT_CC_WORD) &&
	    !(nt_cc('-') & NT_CC_WORD), "NT_CC_WORD: letters, marks, numbers");
}

static void
space(void)
{
	ok(has(' ', NT_CC_SPACE) && has('\t', NT_CC_SPACE) &&
	    has(0x00A0, NT_CC_SPACE) && has(0x3000, NT_CC_SPACE),
	    "spaces: ASCII, tab, no-break, ideographic");
	ok(has(0x01, NT_CC_SPACE) && has(0x7F, NT_CC_SPACE),
	    "controls are white space");
	ok(has('\n', NT_CC_BREAK) && has('\r', NT_CC_BREAK) &&
	    has('\v', NT_CC_BREAK) && has('\f', NT_CC_BREAK) &&
	    has(0x0085, NT_CC_BREAK) && has(0x2028, NT_CC_BREAK) &&
	    has(0x2029, NT_CC_BREAK), "line breaks: LF CR VT FF NEL LS PS");
	ok(!(nt_cc('\n') & NT_CC_SPACE) && !(nt_cc(0x85) & NT_CC_SPACE),
	    "a break is not also a space");
	ok(has(0x200B, NT_CC_FORMAT) && has(0x00AD, NT_CC_FORMAT) &&
	    has(0xFEFF, NT_CC_FORMAT) && has(0x200D, NT_CC_FORMAT),
	    "invisible: zero-width space, soft hyphen, BOM, ZWJ");
	ok(nt_cc(0xFE0F) == NT_CC_FORMAT && nt_cc(0x3164) == NT_CC_FORMAT,
	    "default-ignorable marks and letters are only invisible");
}

static void
punctuation(void)
{
	ok(has('\'', NT_CC_APOS | NT_CC_QUOTE | NT_CC_PUNCT) &&
	    has(0x2019, NT_CC_APOS | NT_CC_QUOTE) && has(0x2018, NT_CC_APOS),
	    "apostrophes are quotation marks too");
	ok(has(0x02BC, NT_CC_APOS | NT_CC_LETTER), "ʼ is a letter and an "
	    "apostrophe");
	ok(has('"', NT_CC_QUOTE) && has(0x201C, NT_CC_QUOTE) &&
	    has(0x201E, NT_CC_QUOTE) && has(0x00AB, NT_CC_QUOTE) &&
	    has(0x300C, NT_CC_QUOTE) && !has('(', NT_CC_QUOTE),
	    "quotation marks, not brackets");
	ok(has('-', NT_CC_DASH) && has(0x2013, NT_CC_DASH) &&
	    has(0x2014, NT_CC_DASH) && has(0x2212, NT_CC_DASH) &&
	    !has('_', NT_CC_DASH), "dashes and the minus sign");
	ok(has('$', NT_CC_SYMBOL) && has(0x1F600, NT_CC_SYMBOL) &&
	    has('.', NT_CC_PUNCT), "symbols and punctuation, astral too");
	ok(has(0x6F22, NT_CC_CJK | NT_CC_LETTER) && has(0x30A2, NT_CC_CJK) &&
	    has(0xD55C, NT_CC_CJK) && !has('a', NT_CC_CJK), "CJK: 漢 ア 한");
	ok(nt_cc(0xE000) == 0, "private use: no class");
}

static void
forms(void)
{
	uint32_t out[8];
	size_t n;

	ok(nt_cc_lower('Q') == 'q' && nt_cc_lower(0x00C9) == 0x00E9 &&
	    nt_cc_lower('7') == '7', "lower case");
	ok(nt_cc_upper('q') == 'Q' && nt_cc_upper(0x00E9) == 0x00C9,
	    "upper case");
	n = nt_cc_base(0x00C9, out, 8);
	ok(n == 1 && out[0] == 'e', "the base of É is e");
	n = nt_cc_base(0xFB01, out, 8);
	ok(n == 2 && out[0] == 'f' && out[1] == 'i', "ﬁ is fi");
	n = nt_cc_base(0x00DF, out, 8);
	ok(n == 2 && out[0] == 's' && out[1] == 's', "ß is ss");
	ok(nt_cc_base(0x0301, out, 8) == 0 && nt_cc_base(0x200B, out, 8) == 0,
	    "a mark and an invisible character have none");
	ok(nt_cc_base('A', out, 0) == 0, "no room, nothing written");
}

struct reader {
	unsigned	 bad;
	uint32_t	 step;		/* blocks are met in another order */
};

static void *
reader(void *arg)
{
	struct reader *rd = arg;
	uint32_t i, cp;

	for (i = 0; i < 0x10000; i++) {
		cp = (i * rd->step) & 0xFFFF;
		if (nt_cc(cp) != nt_cc_direct(cp))
			rd->bad++;
	}
	return NULL;
}

int
main(void)
{
	pthread_t th[4];
	struct reader rd[4] = { { 0, 1 }, { 0, 40503 }, { 0, 257 },
	    { 0, 65535 } };
	int i;

	/* first use from several threads at once, each block met in a
	 * different order: built once, agreed on */
	for (i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, reader, &rd[i]);
	for (i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	ok(rd[0].bad + rd[1].bad + rd[2].bad + rd[3].bad == 0,
	    "threads that use the table first all see it whole");
	table();
	letters();
	space();
	punctuation();
	forms();
	return done();
}
