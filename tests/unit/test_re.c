/* Unit tests for lib/re.c: the PCRE2 wrapper. */
#include <string.h>

#include "core/buf.h"
#include "core/re.h"
#include "t.h"

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
	nt_buf_free(&err);
	return done();
}
