/*
 * libFuzzer target for nclean's rule files (nclean-rules(5)).  Each
 * input is a user rule file, loaded alone (the built-in rules are one
 * more such file, and loading them each time would slow the search
 * down a hundredfold).  It loads and compiles,
 * and then cleaning a sample text gives valid UTF-8, or loading or
 * compiling fails with a message that names the file.  The patterns'
 * prefilters pass over no line of the sample, or of the file itself,
 * that a pattern matches.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "clean/clean.h"
#include "clean/rules.h"
#include "fuzz_file.h"
#include "fuzz_pattern.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char sample[] =
    "date 2023-01-17\nA Title Line\n[ad_1]\nThe minister said on Tuesday "
    "that 40 people had left.\nSource link\nsee more\nClick here to "
    "subscribe\nThe minister said on Tuesday that 40 people had left.\n";

/*
 * The prefilter passes over no line a phrase matches: each phrase of
 * the file in a sentence, at the start and inside, its own case and
 * upper case.
 */
static void
check_prefilter(struct nt_rules *rs)
{
	static const char pre[] = "Officials said on Tuesday that ";
	static const char post[] = " and the talks went on into the night "
	    "while the committee met to draft a plan for next year.";
	char line[1024];
	size_t i, j, k, n, pl, nch, c;

	for (i = 0; i < rs->n; i++) {
		if (rs->r[i].kind != NT_RK_PREFIX &&
		    rs->r[i].kind != NT_RK_CONTAINS)
			continue;
		for (j = 0; j < rs->r[i].nlines; j++) {
			pl = strlen(rs->r[i].lines[j]);
			if (pl > 600)
				continue;
			for (c = 0; c < 4; c++) {
				n = c & 1 ? sizeof(pre) - 1 : 0;
				memcpy(line, pre, n);
				memcpy(line + n, rs->r[i].lines[j], pl);
				for (k = n; c & 2 && k < n + pl; k++)
					if (line[k] >= 'a' && line[k] <= 'z')
						line[k] = (char)(line[k] - 32);
				memcpy(line + n + pl, post, sizeof(post) - 1);
				n += pl + sizeof(post) - 1;
				if (nt_utf8_valid(line, n) != n)
					continue;
				nch = nt_utf8_count(line, n);
				if (nt_rules_phrase(rs, line, n, nch) >= 0 &&
				    !nt_rules_phrase_maybe(rs, line, n, nch))
					abort();
			}
		}
	}
}

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
		check_prefilter(&rs);
		fuzz_pattern_check(&rs, sample, sizeof(sample) - 1);
		if (nt_utf8_valid((const char *)data, size) == size)
			fuzz_pattern_check(&rs, (const char *)data, size);
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
