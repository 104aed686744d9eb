/* Unit tests for lib/norm.c: one line in, its normal form out. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "text/norm.h"
#include "t.h"

static struct nt_buf b;

static const char *
norm(const char *s, unsigned flags)
{
	nt_buf_reset(&b);
	nt_norm_line(s, strlen(s), flags, &b);
	nt_buf_add(&b, "", 0);
	return b.p;
}

static int
plain(const char *s)
{
	size_t nch = 0;

	return nt_norm_plain(s, strlen(s), 0, &nch);
}

int
main(void)
{
	size_t len = 0;

	is_str(norm("  a  b\t\tc  ", 0), "a b c", "white space runs collapse and trim");
	is_str(norm("a\xc2\xa0" "b\xe2\x80\x83" "c\xe3\x80\x80" "d", 0), "a b c d",
	    "no-break, em and ideographic spaces are spaces");
	is_str(norm("in\xe2\x80\x8bvis\xc2\xadible\xef\xbb\xbf", 0), "invisible",
	    "zero-width space, soft hyphen and BOM go");
	is_str(norm("bell\x07 and\x01nul", 0), "bell and nul", "controls are spaces");
	is_str(norm("AT&amp;T &lt;b&gt; &#233;&#xE9; &hellip;", 0),
	    "AT&T <b> \xc3\xa9\xc3\xa9 \xe2\x80\xa6", "character references");
	is_str(norm("AT&T &nosuch; &#0; &#xD800;", 0), "AT&T &nosuch; &#0; &#xD800;",
	    "what is not a reference stays");
	is_str(norm("a<br>b <p class=\"x\">c</p> <!-- note --> d", 0), "a b c d",
	    "stray tags and comments go");
	is_str(norm("1 < 2 and x <y> z", 0), "1 < 2 and x <y> z",
	    "a '<' that starts no HTML tag stays");
	is_str(norm("It\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s", 0), "It\xe2\x80\x99s",
	    "UTF-8 read as Windows-1252 is repaired");
	is_str(norm("caf\xc3\x83\xc2\xa9", 0), "caf\xc3\xa9", "UTF-8 read as Latin-1 is repaired");
	is_str(norm("\xc3\x83 la \xc3\xa9t\xc3\xa9 \xc3\x89\xe2\x80\x9d", 0),
	    "\xc3\x83 la \xc3\xa9t\xc3\xa9 \xc3\x89\xe2\x80\x9d",
	    "Latin letters that only look like mojibake stay");
	is_str(norm("it\xc2\x92s", 0), "it\xe2\x80\x99s",
	    "a C1 control is the Windows-1252 character it stood for");
	is_str(norm("Cafe\xcc\x81", 0), "Caf\xc3\xa9", "NFC composes");
	is_str(norm("\xe2\x80\x9cQ\xe2\x80\x9d \xe2\x80\x98s\xe2\x80\x99 a\xe2\x80\x94" "b\xe2\x80\xa6", 0),
	    "\xe2\x80\x9cQ\xe2\x80\x9d \xe2\x80\x98s\xe2\x80\x99 a\xe2\x80\x94" "b\xe2\x80\xa6",
	    "typographic punctuation stays by default");
	is_str(norm("\xe2\x80\x9cQ\xe2\x80\x9d \xe2\x80\x98s\xe2\x80\x99 a\xe2\x80\x94" "b\xe2\x80\xa6", NT_NORM_ASCII),
	    "\"Q\" 's' a-b...", "NT_NORM_ASCII folds it");
	is_str(norm("", 0), "", "empty stays empty");
	is_str(norm("   ", 0), "", "blank becomes empty");

	ok(plain("Plain text, nothing to do."), "plain ASCII needs nothing");
	ok(plain("It\xe2\x80\x99s \xc3\xa9t\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac"), "ordinary UTF-8 needs nothing");
	ok(plain("AT&T <TICKER>"), "an '&' or '<' that is not markup needs nothing");
	ok(!plain("two  spaces"), "a double space needs work");
	ok(!plain(" lead"), "a leading space needs work");
	ok(!plain("trail "), "a trailing space needs work");
	ok(!plain("a&amp;b"), "a reference needs work");
	ok(!plain("e\xcc\x81"), "a combining mark needs NFC");
	ok(!plain("It\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s"), "mojibake needs work");
	ok(!plain("tab\there"), "a tab needs work");

	ok(nt_norm_entity("&amp;x", 6, &len) == '&' && len == 5, "entity length");
	ok(nt_norm_entity("&amp", 4, &len) == 0, "an unterminated entity is none");
	{
		char t[] = "AT&amp;T&#8217;s &#x1F600; &amp &bogus; &#0; x&lt;";
		size_t n = nt_norm_refs(t, strlen(t));

		ok(n == strlen("AT&T\xe2\x80\x99s \xf0\x9f\x98\x80 &amp "
		    "&bogus; &#0; x<") && memcmp(t, "AT&T\xe2\x80\x99s "
		    "\xf0\x9f\x98\x80 &amp &bogus; &#0; x<", n) == 0,
		    "references decoded in place, the rest left");
	}

	nt_norm_text("  one \n\n two\n", 12, 0, &b);
	nt_buf_add(&b, "", 0);
	is_str(b.p, "one\ntwo", "nt_norm_text drops blank lines");
	nt_buf_free(&b);
	return done();
}
