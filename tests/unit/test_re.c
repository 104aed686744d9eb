/* Unit tests for lib/re.c: the PCRE2 wrapper. */
#include <string.h>

#include "core/buf.h"
#include "core/re.h"
#include "t.h"

/*
 * nt_re_prefix says 0 for no first one or two bytes of a subject that
 * matches, and says 0 where it should (a probe that always says 1 would
 * pass the first half).
 */
static void
test_prefix(void)
{
	static const char *const pats[] = {
		"^(?:\\d+|one|two|three)\\s+(?:comments?|replies)\\s+on\\b",
		"^(?=\\p{Lu}{2})(?!NOTE\\b)\\p{Lu}{2,}+\\s*+(?:\xe2\x80\x94|-|:)\\s",
		"^\\W{0,3}live\\W{0,3}$|^watch\\s+live$",
		"^a(?=bc)|^x$",
	};
	static const char *const subj[] = {
		"12 comments on this", "three replies on it", "Three Comments On",
		"th", "t", "PARIS \xe2\x80\x94 The", "NOTE: x", "NOTED - y",
		"LIVE", " live ", "watch live", "abc", "x", "ab", "xy",
		"The cat", "12", "PA", "live!", "wa",
	};
	struct nt_re re;
	struct nt_buf err = NT_BUF_INIT;
	size_t i, j, k, ms, me, n, bad = 0, refused = 0;

	for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
		if (nt_re_compile(&re, pats[i], strlen(pats[i]), NT_RE_ICASE,
		    &err) < 0) {
			ok(0, "a prefix test pattern compiles");
			continue;
		}
		for (j = 0; j < sizeof(subj) / sizeof(subj[0]); j++) {
			n = strlen(subj[j]);
			for (k = 1; k <= 2 && k <= n; k++) {
				if (nt_re_search(&re, subj[j], n, 0, &ms,
				    &me) == 1 && !nt_re_prefix(&re, subj[j], k))
					bad++;
				if (!nt_re_prefix(&re, subj[j], k))
					refused++;
			}
		}
		nt_re_free(&re);
	}
	ok(bad == 0, "no matching subject's first bytes are refused");
	ok(refused > 0, "first bytes no match starts with are refused");
	ok(nt_re_compile(&re, "^(?:one|two)", 12, 0, &err) == 0 &&
	    nt_re_prefix(&re, "on", 2) && nt_re_prefix(&re, "t", 1) &&
	    !nt_re_prefix(&re, "ot", 2) && !nt_re_prefix(&re, "x", 1),
	    "the first bytes of an anchored pattern");
	nt_re_free(&re);
	ok(nt_re_compile(&re, "one|two", 7, 0, &err) == 0 &&
	    nt_re_prefix(&re, "x", 1), "a pattern not anchored: always 1");
	nt_re_free(&re);
	nt_buf_free(&err);
}

/* The characters nt_re_need finds in a pattern, as "a|b|c". */
static const char *
need_of(const char *pat, unsigned flags, char *out)
{
	struct nt_re re;
	struct nt_buf err = NT_BUF_INIT;
	char *o = out;
	int i;

	*o = '\0';
	if (nt_re_compile(&re, pat, strlen(pat), flags, &err) < 0) {
		nt_buf_free(&err);
		return "(bad)";
	}
	for (i = 0; i < re.nneed; i++) {
		if (i > 0)
			*o++ = '|';
		memcpy(o, re.need[i], re.needlen[i]);
		o += re.needlen[i];
	}
	*o = '\0';
	nt_re_free(&re);
	nt_buf_free(&err);
	return out;
}

/*
 * nt_re_need reads what it should and gives up where it must; and
 * nt_re_maybe with need[] refuses no subject that matches.
 */
static void
test_need(void)
{
	static const struct { const char *pat, *need; unsigned fl; } cases[] = {
		{ "^\\p{Lu}+\\s*+(?:\xe2\x80\x94|--?|:)\\s", "\xe2\x80\x94|-|:", 0 },
		{ "(?:a|b)c", "a|b", 0 }, { "(a|b)+", "a|b", 0 },
		{ "(?>\\-|\\.)", "-|.", 0 }, { "(?:a|b){1,2}", "a|b", 0 },
		{ "(?:a|b)?c", "", 0 }, { "(?:a|b)*", "", 0 },
		{ "(?:a|b){0,2}", "", 0 }, { "x|(?:a|b)", "", 0 },
		{ "(?:a|\\d)", "", 0 }, { "(?:a|)", "", 0 },
		{ "(?:a?|b)", "", 0 }, { "(?:a{0}|b)", "", 0 },
		{ "(?:a|b)", "", NT_RE_ICASE }, { "(?:-|:)", "-|:", NT_RE_ICASE },
		{ "(?i)(?:a|b)", "", 0 }, { "(?x)(?:- | :)", "", 0 },
		{ "(*ACCEPT)(?:a|b)", "", 0 }, { "\\Q(?:a|b)\\E", "", 0 },
		{ "(?=(?:a|b))", "", 0 }, { "(?!a)(?:-|:)", "-|:", 0 },
		{ "[(|](?:a|b)", "a|b", 0 }, { "\\((?:a|b)", "a|b", 0 },
		{ "\\p{L}{2}(?:a|b)", "a|b", 0 },
		{ "(?:\xc3\xa9|e)", "", NT_RE_ICASE },
		{ "(?:(?:a|b)c|d)", "", 0 }, { "(a)?(?(1)b|c)(?:d|e)", "", 0 },
	};
	static const char *const subj[] = { "c", "ac", "bc", "x", "--", "a",
	    "b", "ab", "NOTE - x", "PARIS \xe2\x80\x94 x", "PARIS: x", "d",
	    "(a", "|b", "Ab", ".", "- :", "", "\xc3\xa9", "E", "dd" };
	struct nt_re re;
	struct nt_buf err = NT_BUF_INIT;
	char out[64];
	size_t i, j, ms, me, bad = 0, refused = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ok(strcmp(need_of(cases[i].pat, cases[i].fl, out),
		    cases[i].need) == 0, "need of %s: '%s'", cases[i].pat, out);
		if (nt_re_compile(&re, cases[i].pat, strlen(cases[i].pat),
		    cases[i].fl, &err) < 0)
			continue;
		for (j = 0; j < sizeof(subj) / sizeof(subj[0]); j++) {
			if (nt_re_search(&re, subj[j], strlen(subj[j]), 0, &ms,
			    &me) == 1 && !nt_re_maybe(&re, subj[j],
			    strlen(subj[j])))
				bad++;
			refused += !nt_re_maybe(&re, subj[j], strlen(subj[j]));
		}
		nt_re_free(&re);
	}
	ok(bad == 0, "no subject that matches is refused");
	/* Regression: the last byte of "(?i)book" was taken to be 'k'. */
	ok(nt_re_compile(&re, "(?i)book", 8, 0, &err) == 0 &&
	    nt_re_maybe(&re, "BOOK", 4), "case ignored by (?i) inside");
	nt_re_free(&re);
	ok(nt_re_compile(&re, "x(?i:Book)", 10, 0, &err) == 0 &&
	    nt_re_maybe(&re, "xBOOK", 5) && !nt_re_maybe(&re, "BOOK", 4),
	    "and by (?i:...)");
	nt_re_free(&re);
	ok(refused > 50, "subjects without the characters are (%zu)", refused);
	nt_buf_free(&err);
}

int
main(void)
{
	struct nt_re re;
	struct nt_buf err = NT_BUF_INIT;
	size_t ms = 0, me = 0, pos;
	int n;
	char big[40000];

	ok(nt_re_compile(&re, "b+", 2, 0, &err) == 0, "compiles");
	ok(nt_re_search(&re, "aabbbc", 6, 0, &ms, &me) == 1 && ms == 2 && me == 5,
	    "finds the match");
	ok(nt_re_search(&re, "aaa", 3, 0, &ms, &me) == 0, "no match is 0");
	ok(nt_re_maybe(&re, "xxx", 3) == 0 && nt_re_maybe(&re, "xbx", 3) == 1,
	    "a fixed first byte lets lines without it be skipped");
	nt_re_free(&re);

	ok(nt_re_compile(&re, "ab(c", 4, 0, &err) == -1, "a bad pattern fails");
	nt_buf_add(&err, "", 0);
	is_str(err.p, "missing closing parenthesis at offset 4", "and says where");

	ok(nt_re_compile(&re, "\\bcaf\xc3\xa9\\b", 9, NT_RE_ICASE, &err) == 0,
	    "UTF-8 pattern");
	ok(nt_re_search(&re, "au CAF\xc3\x89 du", 11, 0, &ms, &me) == 1 && ms == 3 &&
	    me == 8, "caseless beyond ASCII (UTF and UCP)");
	nt_re_free(&re);

	ok(nt_re_compile(&re, "x*", 2, 0, &err) == 0, "a pattern that matches empty");
	pos = 0;
	n = 0;
	while (nt_re_next(&re, "a\xc3\xa9xxb", 6, &pos, &ms, &me) == 1 && n < 100)
		n++;
	ok(n == 5, "empty matches advance one character each (%d matches)", n);
	nt_re_free(&re);

	ok(nt_re_compile(&re, "^(a+)+$", 7, NT_RE_LIMITS, &err) == 0,
	    "a pattern that backtracks badly");
	memset(big, 'a', sizeof(big) - 2);
	big[sizeof(big) - 2] = '!';
	big[sizeof(big) - 1] = '\0';
	ok(nt_re_search(&re, big, strlen(big), 0, &ms, &me) <= 0,
	    "its limits end the search");
	nt_re_free(&re);

	ok(nt_re_compile(&re, "(?:a(*MARK:one)|b(*MARK:two))", 29, 0, &err) == 0,
	    "marks");
	ok(nt_re_search(&re, "xb", 2, 0, &ms, &me) == 1 &&
	    strcmp(nt_re_mark(&re), "two") == 0, "the mark of the branch taken");
	nt_re_free(&re);

	ok(nt_re_compile(&re, "abc", 3, NT_RE_ANCHORED, &err) == 0, "anchored");
	ok(nt_re_search(&re, "xabc", 4, 0, &ms, &me) == 0, "matches only at the start");
	nt_re_free(&re);
	nt_re_free(NULL);
	test_prefix();
	test_need();
	nt_buf_free(&err);
	return done();
}
