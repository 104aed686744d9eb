/*
 * libFuzzer target for npipe's pipeline loader: each input is a
 * pipeline file, loaded with the programs of tools/ (built first: run
 * from the top of the tree after make) and never run.  Loading either
 * succeeds, and then the shell and DOT forms of the pipeline come out
 * with every step named in them, or it reports at least one problem,
 * each a line "file:line:col: message" (or "file: message").
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "pipe/pipe.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_errs(const char *path, const struct nt_buf *errs, size_t n)
{
	const char *s = errs->p, *nl;
	size_t lines = 0, plen = strlen(path);

	if (n == 0 || errs->len == 0)
		abort();
	for (; s < errs->p + errs->len; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(errs->p + errs->len - s))) ==
		    NULL)
			abort();
		if (strncmp(s, path, plen) != 0 || s[plen] != ':')
			abort();
		lines++;
	}
	if (lines < n)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nt_pipe p;
	struct nt_buf errs = NT_BUF_INIT, out = NT_BUF_INIT;
	const char *path;
	size_t n, i;

	if ((path = fuzz_file("pipeline", ".yaml", data, size)) == NULL)
		return 0;
	setenv("NTOOLS_FUZZ", "x", 0);
	n = nt_pipe_load(&p, path, "tools", 0, &errs);
	if (n > 0) {
		nt_pipe_errsort(&p, &errs);
		check_errs(path, &errs, n);
	} else {
		nt_pipe_shell(&p, NULL, 0, &out);
		for (i = 0; i < p.nstep; i++)
			if (p.step[i].path == NULL ||
			    strstr(out.p, p.step[i].prog) == NULL)
				abort();
		nt_buf_reset(&out);
		nt_pipe_dot(&p, NULL, 0, &out);
		if (out.len == 0)
			abort();
	}
	nt_pipe_free(&p);
	nt_buf_free(&errs);
	nt_buf_free(&out);
	return 0;
}
