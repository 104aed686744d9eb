/* Unit tests for lib/json.c and lib/rec.c: what is accepted, what is
 * rejected and where, and what comes back out. */
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
	test_writer();
	test_readers();
	nt_jparser_free(&jp);
	return done();
}
