/*
 * Unit tests for lib/split/splitrec.c through splitrec.h: the record
 * written for each sentence (ids, offsets, --keep, escapes) and the
 * annotated form, over spans given by hand and spans from lib/text's
 * splitter on text beyond ASCII.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/io.h"
#include "core/rec.h"
#include "split/splitrec.h"
#include "text/sent.h"
#include "t.h"

static struct nt_buf got, text;
static struct nt_rec rec;

static int
parse(const char *line)
{
	struct nt_jerr err;

	return nt_rec_parse(&rec, line, strlen(line), &err);
}

/* The sentence records of line, for the spans in s. */
static const char *
each(struct nt_splitrec *sr, const char *line, const struct nt_sent *s)
{
	if (parse(line) < 0 || nt_rec_str(&rec, sr->field, &text) != 1)
		return "(bad test record)";
	nt_buf_reset(&got);
	nt_splitrec_each(sr, &rec, text.p, s, &got);
	nt_buf_adds(&got, "");
	return got.p;
}

static const char *
annotate(struct nt_splitrec *sr, const char *line, const char *name,
    const struct nt_sent *s)
{
	if (parse(line) < 0)
		return "(bad test record)";
	nt_buf_reset(&got);
	nt_splitrec_annotate(sr, &rec, name, s);
	nt_rec_write(&rec, &got);
	return got.p;
}

/* Spans by hand: pairs of byte offsets, ASCII text (code points alike). */
static struct nt_sent *
spans(size_t n, const size_t *b)
{
	static struct nt_span sp[8];
	static struct nt_sent s;
	size_t i;

	for (i = 0; i < n && i < 8; i++) {
		sp[i].b0 = sp[i].c0 = b[2 * i];
		sp[i].b1 = sp[i].c1 = b[2 * i + 1];
	}
	s.span = sp;
	s.n = n;
	return &s;
}

static void
test_records(void)
{
	struct nt_splitrec sr = { .field = "text", .ordinal = 3 };
	static const size_t two[] = { 0, 4, 5, 9 }, one[] = { 0, 3 };
	char keep[] = "source,x,id,n,text,,missing,start";

	is_str(each(&sr, "{\"id\":\"d\",\"text\":\"One. Two.\"}",
	    spans(2, two)),
	    "{\"id\":\"d:1\",\"doc_id\":\"d\",\"n\":1,\"start\":0,\"end\":4,"
	    "\"text\":\"One.\"}\n"
	    "{\"id\":\"d:2\",\"doc_id\":\"d\",\"n\":2,\"start\":5,\"end\":9,"
	    "\"text\":\"Two.\"}\n", "one record per span, numbered from 1");
	is_str(each(&sr, "{\"id\":7,\"text\":\"Hi.\"}", spans(1, one)),
	    "{\"id\":\"7:1\",\"doc_id\":7,\"n\":1,\"start\":0,\"end\":3,"
	    "\"text\":\"Hi.\"}\n", "a number id");
	is_str(each(&sr, "{\"text\":\"Hi.\"}", spans(1, one)),
	    "{\"id\":\"3:1\",\"doc_id\":\"3\",\"n\":1,\"start\":0,\"end\":3,"
	    "\"text\":\"Hi.\"}\n", "no id: the record's number, as a string");
	is_str(each(&sr, "{\"id\":\"q\\\"u\\u00e9\",\"text\":\"Hi.\"}",
	    spans(1, one)),
	    "{\"id\":\"q\\\"u\\u00e9:1\",\"doc_id\":\"q\\\"u\\u00e9\",\"n\":1,"
	    "\"start\":0,\"end\":3,\"text\":\"Hi.\"}\n",
	    "an id with escapes keeps them");
	is_str(each(&sr, "{\"id\":\"e\",\"text\":\"x\"}", spans(0, one)), "",
	    "no spans, no records");

	nt_splitrec_keep(&sr, keep);
	ok(sr.nkeep == 3 && strcmp(sr.keep[0], "source") == 0 &&
	    strcmp(sr.keep[1], "x") == 0 && strcmp(sr.keep[2], "missing") == 0,
	    "--keep drops the fields a sentence record owns");
	is_str(each(&sr, "{\"x\":{\"a\":[1e5]},\"id\":\"k\",\"n\":1.0,"
	    "\"source\":\"wire\",\"text\":\"A. B.\"}", spans(1, one)),
	    "{\"id\":\"k:1\",\"doc_id\":\"k\",\"n\":1,\"start\":0,\"end\":3,"
	    "\"text\":\"A. \",\"source\":\"wire\",\"x\":{\"a\":[1e5]}}\n",
	    "kept fields come after, in --keep order, byte for byte");
	nt_splitrec_free(&sr);
	ok(sr.keep == NULL && sr.nkeep == 0, "free empties the keep list");
	nt_splitrec_free(NULL);

	sr.field = "body";
	is_str(each(&sr, "{\"id\":\"f\",\"body\":\"One. Two.\",\"text\":\"x\"}",
	    spans(2, two)),
	    "{\"id\":\"f:1\",\"doc_id\":\"f\",\"n\":1,\"start\":0,\"end\":4,"
	    "\"body\":\"One.\"}\n"
	    "{\"id\":\"f:2\",\"doc_id\":\"f\",\"n\":2,\"start\":5,\"end\":9,"
	    "\"body\":\"Two.\"}\n", "another text field, in and out");
	nt_splitrec_free(&sr);
}

/* s as JSON string content, the plain way. */
static void
escape(struct nt_buf *b, const char *s, size_t n)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			nt_buf_printf(b, "\\%c", c);
		else if (c == '\n')
			nt_buf_adds(b, "\\n");
		else if (c == '\t')
			nt_buf_adds(b, "\\t");
		else if (c == '\r')
			nt_buf_adds(b, "\\r");
		else if (c == '\b')
			nt_buf_adds(b, "\\b");
		else if (c == '\f')
			nt_buf_adds(b, "\\f");
		else if (c < 0x20)
			nt_buf_printf(b, "\\u%04x", c);
		else
			nt_buf_addc(b, c);
	}
}

/*
 * Every character JSON escapes, at every place in a text long enough
 * for the escaper's 16- and 8-byte strides: the output is what the
 * plain escaper gives.
 */
static void
test_escapes(void)
{
	static const char specials[] = "\"\\\n\t\r\b\f\x01\x1f\x7f";
	struct nt_splitrec sr = { .field = "text", .ordinal = 1 };
	struct nt_buf line = NT_BUF_INIT, want = NT_BUF_INIT;
	char t[48];
	size_t pos, k, b[2] = { 0, 40 };
	int bad = 0;

	for (k = 0; k < sizeof(specials) - 1 && !bad; k++) {
		for (pos = 0; pos < 40 && !bad; pos++) {
			memset(t, 'a', 40);
			/* and bytes above 0x7f, away from the one tried */
			memcpy(t + (pos < 24 ? 30 : 10), "é", 2);
			t[40] = '\0';
			t[pos] = specials[k];
			nt_buf_reset(&line);
			nt_buf_adds(&line, "{\"id\":1,\"text\":\"");
			escape(&line, t, 40);
			nt_buf_adds(&line, "\"}");
			nt_buf_reset(&want);
			nt_buf_adds(&want, "{\"id\":\"1:1\",\"doc_id\":1,"
			    "\"n\":1,\"start\":0,\"end\":40,\"text\":\"");
			escape(&want, t, 40);
			nt_buf_adds(&want, "\"}\n");
			bad = strcmp(each(&sr, line.p, spans(1, b)), want.p);
		}
	}
	if (bad)
		printf("# byte 0x%02x at %zu:\n#   got  %s#   want %s",
		    (unsigned char)specials[k - 1], pos - 1, got.p, want.p);
	ok(!bad, "every escaped byte at every offset of a 40-byte text");
	nt_buf_free(&line);
	nt_buf_free(&want);
	nt_splitrec_free(&sr);
}

static void
test_annotate(void)
{
	struct nt_splitrec sr = { .field = "text", .ordinal = 1 };
	static const size_t three[] = { 2, 6, 9, 13, 17, 23 };

	is_str(annotate(&sr, "{\"id\":\"w\",\"text\":\"  One.   Two.\\n\\n  "
	    "Three.  \"}", "sentences", spans(3, three)),
	    "{\"id\":\"w\",\"text\":\"  One.   Two.\\n\\n  Three.  \","
	    "\"sentences\":[[2,6],[9,13],[17,23]]}\n",
	    "the spans are added to the record");
	is_str(annotate(&sr, "{\"paragraphs\":1,\"id\":\"p\",\"text\":\"\"}",
	    "paragraphs", spans(0, three)),
	    "{\"paragraphs\":[],\"id\":\"p\",\"text\":\"\"}\n",
	    "an old member is replaced in its place; no spans is []");
	nt_splitrec_free(&sr);
}

/* Offsets from the real splitter count code points, not bytes. */
static void
test_codepoints(void)
{
	struct nt_splitrec sr = { .field = "text", .ordinal = 1 };
	struct nt_sent_conf conf;
	struct nt_sent s = NT_SENT_INIT;
	const char *line = "{\"id\":\"e\",\"text\":\"Wow 😀 great. Next one… "
	    "Yes! Déjà vu.\"}";

	nt_sent_conf_empty(&conf);
	if (parse(line) < 0 || nt_rec_str(&rec, "text", &text) != 1)
		return;
	nt_sent_split(&s, &conf, text.p, text.len, 0);
	is_str(each(&sr, line, &s),
	    "{\"id\":\"e:1\",\"doc_id\":\"e\",\"n\":1,\"start\":0,\"end\":12,"
	    "\"text\":\"Wow 😀 great.\"}\n"
	    "{\"id\":\"e:2\",\"doc_id\":\"e\",\"n\":2,\"start\":13,\"end\":22,"
	    "\"text\":\"Next one…\"}\n"
	    "{\"id\":\"e:3\",\"doc_id\":\"e\",\"n\":3,\"start\":23,\"end\":27,"
	    "\"text\":\"Yes!\"}\n"
	    "{\"id\":\"e:4\",\"doc_id\":\"e\",\"n\":4,\"start\":28,\"end\":36,"
	    "\"text\":\"Déjà vu.\"}\n",
	    "code-point offsets beyond the BMP");
	is_str(annotate(&sr, line, "sentences", &s),
	    "{\"id\":\"e\",\"text\":\"Wow 😀 great. Next one… Yes! "
	    "Déjà vu.\",\"sentences\":[[0,12],[13,22],[23,27],[28,36]]}\n",
	    "the same offsets annotated");
	nt_sent_free(&s);
	nt_sent_conf_free(&conf);
	nt_splitrec_free(&sr);
}

int
main(void)
{
	test_records();
	test_escapes();
	test_annotate();
	test_codepoints();
	nt_rec_free(&rec);
	nt_buf_free(&got);
	nt_buf_free(&text);
	return done();
}
