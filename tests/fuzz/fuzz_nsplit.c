/*
 * libFuzzer target for lib/sent.c.  Any bytes, valid UTF-8 or not, must
 * split without a crash, in each mode; and the spans must be in order,
 * inside the text, apart, never begin or end with white space, and, for
 * valid UTF-8, carry code point offsets that agree with their bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "text/sent.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
white(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nt_sent_conf conf;
	static struct nt_sent s;
	static int loaded;
	struct nt_buf err = NT_BUF_INIT;
	const char *t = (const char *)data;
	size_t i, last;
	unsigned flags;
	int valid = nt_utf8_valid(t, size) == size;

	if (!loaded) {
		nt_sent_conf_empty(&conf);
		(void)nt_sent_conf_add(&conf, "data/nsplit/abbrev.yaml", &err);
		nt_buf_free(&err);
		loaded = 1;
	}
	for (flags = 0; flags < 4; flags++) {
		nt_sent_split(&s, &conf, t, size, flags);
		last = 0;
		for (i = 0; i < s.n; i++) {
			if (s.span[i].b0 < last || s.span[i].b0 >= s.span[i].b1 ||
			    s.span[i].b1 > size)
				abort();
			if (white(data[s.span[i].b0]) ||
			    white(data[s.span[i].b1 - 1]))
				abort();
			if (valid && (s.span[i].c0 != nt_utf8_count(t,
			    s.span[i].b0) || s.span[i].c1 != nt_utf8_count(t,
			    s.span[i].b1)))
				abort();
			last = s.span[i].b1;
		}
	}
	return 0;
}
