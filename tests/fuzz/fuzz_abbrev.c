/*
 * libFuzzer target for abbreviation files (nsplit's per-language word
 * lists).  Each input is parsed as a file; it either loads, and then
 * every word asked of it answers the same twice, or it fails with a
 * message and leaves nothing half-added behind that a lookup could
 * trip on.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "text/abbrev.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nt_abbrev ab = NT_ABBREV_INIT;
	struct nt_buf err = NT_BUF_INIT;
	const char *s = (const char *)data, *w, *end = s + size;
	size_t n;

	if (nt_abbrev_parse(&ab, "fuzz.yaml", s, size, &err) < 0 &&
	    err.len == 0)
		abort();
	/* Every run of non-space bytes of the input is asked for. */
	for (w = s; w < end; w += n + 1) {
		for (n = 0; w + n < end && w[n] != ' ' && w[n] != '\n'; n++)
			;
		if (n > 0 && nt_abbrev_get(&ab, w, n) !=
		    nt_abbrev_get(&ab, w, n))
			abort();
	}
	nt_abbrev_free(&ab);
	nt_buf_free(&err);
	return 0;
}
