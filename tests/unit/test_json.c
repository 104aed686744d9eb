/* Unit tests for lib/json.c and lib/rec.c: what is accepted, what is
 * rejected and where, what comes back out, and the escaper and writer
 * everything writes JSON with. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/rec.h"
#include "t.h"

static struct nt_jparser jp;

static int
valid(const char *s)
{
	struct nt_jerr e;

	return nt_json_valid(&jp, s, strlen(s), &e) == 0;
}

static const char *
objerr(const char *s, size_t *col)
{
	struct nt_jerr e;
	const char *o;
	size_t n;

	if (nt_json_object(&jp, s, strlen(s), &o, &n, &e) == 0)
		return NULL;
	*col = e.col;
	return e.msg;
}

static void
test_valid(void)
{
	static const char *good[] = {
		"{}", "[]", "0", "-0", "1.5e-3", "1E+2", "\"\"", "true", "null",
		"{\"a\":[1,{\"b\":null}],\"c\":\"\\u00e9\\ud83d\\ude00\"}",
		" \t{ \"a\" : 1 } \r", "\"caf\xc3\xa9\"", "[[[[[[[[[[]]]]]]]]]]",
		"123456789012345678901234567890", "\"\\/\\b\\f\\n\\r\\t\"",
	};
	static const char *bad[] = {
		"", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "01",
		"1.", ".5", "-", "1e", "+1", "tru", "nul", "\"a", "\"\\x\"",
		"\"\\u12\"", "\"\\ud800\"", "\"\\udc00x\"", "\"a\tb\"", "{a:1}",
		"{'a':1}", "NaN", "[1 2]", "{\"a\":1 \"b\":2}", "\"\xc3\"",
		"\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "1 2",
		"[]]",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ok(valid(good[i]), "accepts %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(!valid(bad[i]), "rejects %s", bad[i]);
}

static void
test_errors(void)
{
	const char *m;
	size_t col = 0;

	m = objerr("{\"a\": \"abc", &col);
	ok(m && strcmp(m, "unterminated string") == 0 && col == 11,
	    "unterminated string at the end, column 11");
	m = objerr("[1,2]", &col);
	ok(m && strcmp(m, "not a JSON object (an array)") == 0 && col == 1,
	    "a bare array is not an object");
	m = objerr("{\"a\":1} x", &col);
	ok(m && strcmp(m, "trailing characters after the value") == 0 &&
	    col == 9, "trailing garbage, column 9");
	m = objerr("{\"a\":\"\xff\"}", &col);
	ok(m && strcmp(m, "invalid UTF-8") == 0 && col == 7,
	    "invalid UTF-8 inside a string, column 7");
}

static void
test_rec(void)
{
	struct nt_rec r;
	struct nt_buf out = NT_BUF_INIT, s = NT_BUF_INIT;
	struct nt_jerr e;
	const char *line = "{\"id\": 12345678901234567890, \"x\":1.0,"
	    "\"te\\u0078t\":\"a\\nb\\u00e9\",\"o\":{\"k\":[1,2]}}";

	memset(&r, 0, sizeof(r));
	ok(nt_rec_parse(&r, line, strlen(line), &e) == 0, "parses a record");
	ok(r.nf == 4, "finds four members");
	ok(nt_rec_str(&r, "text", &s) == 1 && strcmp(s.p, "a\nb\xc3\xa9") == 0,
	    "decodes an escaped key and value");
	ok(nt_rec_str(&r, "x", &s) == -1, "a number is not a string");
	ok(nt_rec_str(&r, "nope", &s) == 0, "absent field");
	ok(nt_rec_find(&r, "id") == 0 && nt_rec_find(&r, "i") < 0 &&
	    nt_rec_find(&r, "idx") < 0 && nt_rec_find(&r, "") < 0 &&
	    nt_rec_find(&r, "text") == 2, "keys are found whole, escaped or not");
	nt_rec_write(&r, &out);
	ok(out.len == strlen(line) + 1 && memcmp(out.p, line, out.len - 1) == 0,
	    "an untouched record comes back exactly");
	nt_buf_reset(&out);
	nt_rec_set_int(&r, "n", 7);
	nt_rec_set_str(&r, "x", "q\"", 2);
	nt_rec_del(&r, "o");
	nt_rec_write(&r, &out);
	is_str(out.p, "{\"id\": 12345678901234567890,\"x\":\"q\\\"\","
	    "\"te\\u0078t\":\"a\\nb\\u00e9\",\"n\":7}\n",
	    "edits keep order and bytes of the rest");
	nt_rec_set_int(&r, "n", 8);
	nt_buf_reset(&out);
	nt_rec_write(&r, &out);
	ok(strstr(out.p, "\"n\":8}") != NULL && strstr(out.p, "\"n\":7") == NULL,
	    "setting a new field twice keeps one copy");
	nt_rec_free(&r);
	nt_buf_free(&out);
	nt_buf_free(&s);
}

/*
 * The escaper byte by byte: what JSON needs escaped is, the rest (UTF-8
 * included) passes; the same at every place in and across the 16- and
 * 8-byte blocks of the fast paths.
 */
static void
test_escaper(void)
{
	struct nt_buf b = NT_BUF_INIT, want = NT_BUF_INIT, dec = NT_BUF_INIT;
	char in[64], esc[8];
	size_t pos, i, bad = 0, all = 0;
	int c;

	for (c = 0; c < 256; c++) {
		nt_buf_reset(&b);
		in[0] = (char)c;
		nt_json_addstr(&b, in, 1);
		nt_buf_reset(&want);
		nt_buf_addc(&want, '"');
		if (c == '"' || c == '\\')
			nt_buf_printf(&want, "\\%c", c);
		else if (c == '\n' || c == '\t' || c == '\r' || c == '\b' ||
		    c == '\f')
			nt_buf_printf(&want, "\\%c", c == '\n' ? 'n' : c == '\t' ?
			    't' : c == '\r' ? 'r' : c == '\b' ? 'b' : 'f');
		else if (c < 0x20)
			nt_buf_printf(&want, "\\u%04x", c);
		else
			nt_buf_addc(&want, c);
		nt_buf_addc(&want, '"');
		all++;
		bad += b.len != want.len || memcmp(b.p, want.p, b.len) != 0;
	}
	ok(bad == 0 && all == 256, "each byte alone is escaped as JSON wants");
	bad = 0;
	for (pos = 0; pos < 40; pos++)
		for (i = 0; i < 4; i++) {
			memset(in, i == 3 ? '\xc3' : 'a', 40);
			if (i == 3)
				for (c = 1; c < 40; c += 2)
					in[c] = '\xa9';
			snprintf(esc, sizeof(esc), "%c", "\"\\\x01\""[i]);
			if (i < 3)
				in[pos] = esc[0];
			else {
				/* Between UTF-8 pairs, keeping them whole. */
				in[pos & ~(size_t)1] = '"';
				in[(pos & ~(size_t)1) + 1] = '\\';
			}
			nt_buf_reset(&b);
			nt_json_addstr(&b, in, 40);
			nt_buf_reset(&dec);
			bad += !valid(b.p);
			nt_json_unescape(b.p + 1, b.len - 2, &dec);
			bad += dec.len != 40 || memcmp(dec.p, in, 40) != 0;
		}
	ok(bad == 0, "a byte to escape at each of 40 places comes back whole");
	nt_buf_reset(&b);
	nt_buf_reset(&want);
	for (i = 0; i < 200000; i++)
		nt_buf_addc(&want, i % 1000 == 999 ? '\n' : 'x');
	nt_json_addstr(&b, want.p, want.len);
	nt_buf_reset(&dec);
	nt_json_unescape(b.p + 1, b.len - 2, &dec);
	ok(b.len == want.len + 200 + 2 && dec.len == want.len &&
	    memcmp(dec.p, want.p, dec.len) == 0 && b.p[b.len] == '\0',
	    "a text longer than one escaping round");
	nt_buf_free(&b);
	nt_buf_free(&want);
	nt_buf_free(&dec);
}

/* The validator's fast string scan: a byte that stops it, anywhere. */
static void
test_scan(void)
{
	char s[128];
	const char *m;
	size_t pos, col = 0, bad = 0;

	for (pos = 0; pos < 40; pos++) {
		snprintf(s, sizeof(s), "{\"k\":\"%.*s\x01%.*s\"}", (int)pos,
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", (int)(39 - pos),
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
		m = objerr(s, &col);
		bad += m == NULL || strcmp(m, "control character in string") !=
		    0 || col != pos + 7;
		snprintf(s, sizeof(s), "{\"k\":\"%.*s\\\"%.*s\"}", (int)pos,
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", (int)(39 - pos),
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
		bad += !valid(s);
		snprintf(s, sizeof(s), "{\"k\":\"%.*s\xff%.*s\"}", (int)pos,
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", (int)(39 - pos),
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
		m = objerr(s, &col);
		bad += m == NULL || strcmp(m, "invalid UTF-8") != 0 ||
		    col != pos + 7;
	}
	ok(bad == 0, "a control byte, an escape or bad UTF-8 at each of 40 "
	    "places in a string, found at its column");
}

static void
test_writer(void)
{
	struct nt_buf b = NT_BUF_INIT;
	struct nt_jw w;

	nt_jw_init(&w, &b);
	nt_jw_obj(&w);
	nt_jw_key(&w, "a");
	nt_jw_arr(&w);
	nt_jw_int(&w, -3);
	nt_jw_double(&w, 0.1);
	nt_jw_strz(&w, "\x01\t");
	nt_jw_end(&w);
	nt_jw_key(&w, "b");
	nt_jw_obj(&w);
	nt_jw_end(&w);
	nt_jw_key(&w, "c");
	nt_jw_bool(&w, 1);
	nt_jw_end(&w);
	is_str(b.p, "{\"a\":[-3,0.1,\"\\u0001\\t\"],\"b\":{},\"c\":true}",
	    "the writer places commas and escapes");
	ok(valid(b.p), "and what it writes is valid");

	nt_buf_reset(&b);
	nt_jw_init(&w, &b);
	nt_jw_obj(&w);
	NT_JW_KEY(&w, "n");
	nt_jw_uint(&w, UINT64_MAX);
	nt_jw_keyn(&w, "k\"\0z", 4);
	nt_jw_int(&w, INT64_MIN);
	nt_jw_key(&w, "r");
	nt_jw_raw(&w, "[1, 2]", 6);
	nt_jw_key(&w, "z");
	nt_jw_null(&w);
	nt_jw_key(&w, "s");
	nt_jw_str(&w, "", 0);
	nt_jw_end(&w);
	nt_jw_raw(&w, "\n", 1);
	is_str(b.p, "{\"n\":18446744073709551615,\"k\\\"\\u0000z\":"
	    "-9223372036854775808,\"r\":[1, 2],\"z\":null,\"s\":\"\"}\n",
	    "literal keys, keys of any bytes, the extreme integers, raw text");

	/* Found by fuzz_nentities: 1e63 was cast to int64_t (UBSan). */
	nt_buf_reset(&b);
	nt_json_adddouble(&b, 1e63);
	nt_buf_addc(&b, ' ');
	nt_json_adddouble(&b, -9.5e18);
	nt_buf_addc(&b, ' ');
	nt_json_adddouble(&b, 4096);
	is_str(b.p, "1e+63 -9.5e+18 4096",
	    "a double beyond int64_t is written as a double");
	nt_buf_free(&b);
}

static void
test_readers(void)
{
	const char *obj = "{\"a\": [1, \"x,]\\\"\", {\"b\": 2}], \"c\": 3}";
	const char *v;
	size_t n, count = 0;
	struct nt_jiter it;
	int64_t i;

	ok(nt_json_get(obj, strlen(obj), "c", &v, &n) && n == 1 && *v == '3',
	    "nt_json_get finds a member after a tricky string");
	ok(nt_json_get(obj, strlen(obj), "a", &v, &n) &&
	    nt_jiter_init(&it, v, n) == 0, "iterates an array");
	while (nt_jiter_item(&it, &v, &n))
		count++;
	ok(count == 3, "three items");
	ok(nt_json_int("-42", 3, &i) == 0 && i == -42, "reads an integer");
}

int
main(void)
{
	test_valid();
	test_errors();
	test_rec();
	test_escaper();
	test_scan();
	test_writer();
	test_readers();
	nt_jparser_free(&jp);
	return done();
}
