/*
 * libFuzzer target for the feed reader.  Any bytes are a stream of feed
 * documents: reading must make progress through them, and every field
 * of every item must be valid UTF-8 without a NUL byte; a date is ISO
 * 8601 (digits first) or nothing, and a one-line field holds no
 * newline.  Run from the top of the tree (tests/fuzz/run.sh does).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "clean/html.h"
#include "import/feed.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct nt_feed *rd;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct nt_buf err = NT_BUF_INIT;
	struct nt_hints *hints;

	(void)argc;
	(void)argv;
	if ((hints = nt_hints_load("data/nclean/dom.yaml", &err)) == NULL)
		abort();
	nt_html_global_init();
	rd = nt_feed_new(hints);
	nt_buf_free(&err);
	return 0;
}

static void
check(const struct nt_buf *b, int oneline)
{
	const char *p = b->p ? b->p : "";

	if (nt_utf8_valid(p, b->len) != b->len || memchr(p, '\0', b->len) ||
	    (oneline && memchr(p, '\n', b->len)))
		abort();
}

static void
item(void *arg, const struct nt_fitem *it, const struct nt_finfo *fi)
{
	(void)arg;
	check(&it->id, 0);
	check(&it->url, 1);
	check(&it->title, 1);
	check(&it->date, 1);
	check(&it->author, 1);
	check(&it->summary, 0);
	check(&it->text, 0);
	check(&it->html, 0);
	check(&fi->title, 1);
	check(&fi->host, 1);
	if (it->date.len > 0 && (it->date.len < 4 || it->date.p[0] < '0' ||
	    it->date.p[0] > '9'))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nt_fdoc doc = { 0 };
	size_t off = 0, last;

	for (;;) {
		last = off;
		if (!nt_feed_next(rd, (const char *)data, size, &off,
		    "https://fuzz.example/feed", item, NULL, &doc))
			break;
		if (off <= last || off > size)
			abort();
	}
	nt_fdoc_free(&doc);
	return 0;
}
