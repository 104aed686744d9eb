/*
 * libFuzzer target for nclean's rule files (nclean-rules(5)).  Each
 * input is a user rule file, loaded alone (the built-in rules are one
 * more such file, and loading them each time would slow the search
 * down a hundredfold).  It loads and compiles,
 * and then cleaning a sample text gives valid UTF-8, or loading or
 * compiling fails with a message that names the file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "clean/clean.h"
#include "clean/rules.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char sample[] =
    "date 2023-01-17\nA Title Line\n[ad_1]\nThe minister said on Tuesday "
    "that 40 people had left.\nSource link\nsee more\nClick here to "
    "subscribe\nThe minister said on Tuesday that 40 people had left.\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nt_rules rs;
	struct nt_clean cl;
	struct nt_buf err = NT_BUF_INIT;
	const char *path, *t;
	size_t n;
	int r;

	if ((path = fuzz_file("rules", ".yaml", data, size)) == NULL)
		return 0;
	nt_rules_init(&rs);
	if ((r = nt_rules_load(&rs, path, 1, &err)) == 0)
		r = nt_rules_finish(&rs, &err);
	if (r < 0) {
		if (err.len == 0 || strstr(err.p, "ntools-rules") == NULL)
			abort();
	} else {
		nt_clean_init(&cl, &rs, 0);
		nt_clean_text(&cl, sample, sizeof(sample) - 1, NULL, 0, 0);
		t = cl.changed ? cl.out.p : sample;
		n = cl.changed ? cl.out.len : sizeof(sample) - 1;
		if (nt_utf8_valid(t, n) != n)
			abort();
		nt_clean_free(&cl);
	}
	nt_rules_free(&rs);
	nt_buf_free(&err);
	return 0;
}
