/*
 * libFuzzer target for gazetteer files.  The first byte chooses the
 * format (odd: YAML, read from a file; even: TSV, from memory); the
 * rest is the file.  Loading succeeds, and then every type named has a
 * name and every name a type, or it fails with "file:line..." in err.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "text/gaz.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nt_gaz *g;
	struct nt_buf err = NT_BUF_INIT;
	const char *s = (const char *)data + 1, *path, *name;
	size_t n = size - 1, i;
	int r;

	if (size == 0)
		return 0;
	g = nt_gaz_new();
	if (data[0] & 1) {
		if ((path = fuzz_file("gaz", ".yaml", s, n)) == NULL) {
			nt_gaz_free(g);
			return 0;
		}
		name = path;
		r = nt_gaz_load(g, path, &err);
	} else {
		name = "fuzz.tsv";
		r = nt_gaz_load_tsv(g, name, s, n, &err);
	}
	if (r < 0 && (err.len == 0 || strncmp(err.p, name, strlen(name)) != 0))
		abort();
	for (i = 0; i < nt_gaz_ntypes(g); i++)
		if (nt_gaz_typename(g, (uint32_t)i) == NULL ||
		    nt_gaz_typeid(g, nt_gaz_typename(g, (uint32_t)i)) !=
		    (int)i)
			abort();
	nt_gaz_free(g);
	nt_buf_free(&err);
	return 0;
}
