/*
 * libFuzzer target for the language detector and its model loader.
 * Each input is a text for the shipped model (data/lang/trigrams.tsv,
 * read from the source tree), which must answer one of its codes, ru,
 * uk, ar or und, and the same answer on the same text twice, and with
 * a mark after each ASCII letter (check_runs); and it is parsed as a
 * model file, which must either load or give a message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "text/lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
known(const struct nt_langmodel *m, const char *code)
{
	static const char *const fixed[] = { "ru", "uk", "ar", "und" };
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (strcmp(code, fixed[i]) == 0)
			return 1;
	for (i = 0; i < m->nlang; i++)
		if (strcmp(code, m->code[i]) == 0)
			return 1;
	return 0;
}

/*
 * The text read with a combining accent after each ASCII letter (a mark
 * neither counts nor ends a word) goes byte by byte through the ASCII
 * fast path, and must be read to the same trigrams, counts and answer.
 */
static void
check_runs(const struct nt_langmodel *m, const char *s, size_t n)
{
	struct nt_buf marked = NT_BUF_INIT;
	struct nt_langinfo x, y;
	const char *a, *b;
	size_t i;

	if (n > NT_LANG_SCAN / 3)
		return;
	for (i = 0; i < n; i++) {
		nt_buf_addc(&marked, s[i]);
		if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')
			nt_buf_add(&marked, "\xcc\x81", 2);
	}
	a = nt_lang_detect(m, s, n, &x);
	b = nt_lang_detect(m, marked.p ? marked.p : "", marked.len, &y);
	if (strcmp(a, b) != 0 || x.letters != y.letters || x.ntri != y.ntri ||
	    x.cost != y.cost || x.margin != y.margin)
		abort();
	nt_buf_free(&marked);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nt_langmodel m = NT_LANGMODEL_INIT;
	static int ready;
	struct nt_langmodel fm = NT_LANGMODEL_INIT;
	struct nt_buf err = NT_BUF_INIT;
	const char *s = (const char *)data, *a, *b;

	if (!ready) {
		if (nt_lang_load(&m, "data/lang/trigrams.tsv", &err) < 0)
			abort();
		ready = 1;
	}
	a = nt_lang_detect(&m, s, size, NULL);
	b = nt_lang_detect(&m, s, size, NULL);
	if (!known(&m, a) || strcmp(a, b) != 0)
		abort();
	check_runs(&m, s, size);
	if (nt_lang_parse(&fm, "fuzz", s, size, &err) == 0) {
		if (!known(&fm, nt_lang_detect(&fm, "the text of a test", 18,
		    NULL)))
			abort();
	} else if (err.len == 0 || fm.nlang != 0)
		abort();
	nt_lang_free(&fm);
	nt_buf_free(&err);
	return 0;
}
