/*
 * libFuzzer target for the language detector and its model loader.
 * Each input is a text for the shipped model (data/lang/trigrams.tsv,
 * read from the source tree), which must answer one of its codes, ru,
 * uk, ar or und, and the same answer on the same text twice; and it is
 * parsed as a model file, which must either load or give a message.
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
