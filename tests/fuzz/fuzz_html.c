/*
 * libFuzzer target for the HTML extractor.  Any bytes are a page: the
 * page's text must be valid UTF-8, hold exactly one line per reason,
 * no line may be empty, and every reason must be a dom: one.  Run from
 * the top of the tree (tests/fuzz/run.sh does), so that the class words
 * are found under data/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "clean/html.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct nt_hints *hints;
static struct nt_html h;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct nt_buf err = NT_BUF_INIT;

	(void)argc;
	(void)argv;
	if ((hints = nt_hints_load("data/nclean/dom.yaml", &err)) == NULL)
		abort();
	nt_html_global_init();
	nt_html_init(&h, hints);
	nt_buf_free(&err);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p, *nl;
	size_t i;

	if (nt_html_extract(&h, (const char *)data, size,
	    "https://fuzz.example/a/b", 24) < 0)
		return 0;
	p = h.text.p ? h.text.p : "";
	if (nt_utf8_valid(p, h.text.len) != h.text.len)
		abort();
	for (i = 0; i < h.nline; i++, p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		if (nl == p)
			abort();
		if (h.reason[i] != NULL && strncmp(h.reason[i], "dom:", 4) != 0)
			abort();
		if (i + 1 < h.nline && *nl != '\n')
			abort();
	}
	if (h.nline > 0 && (size_t)(nl - h.text.p) != h.text.len)
		abort();
	if (nt_utf8_valid(h.title.p ? h.title.p : "", h.title.len) !=
	    h.title.len || nt_utf8_valid(h.author.p ? h.author.p : "",
	    h.author.len) != h.author.len)
		abort();
	return 0;
}
