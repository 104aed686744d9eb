/*
 * libFuzzer target for nclean's cleaner and normaliser.  Every input
 * that is valid UTF-8 is cleaned with the built-in rules; the cleaned
 * text must be valid UTF-8 with no blank line and no line that starts
 * or ends with a space, and every span --explain would report must lie
 * inside the input, in order, without overlap, on character boundaries;
 * the patterns' prefilters pass over no line of it that one matches.
 * Run from the top of the tree (tests/fuzz/run.sh does), so that the
 * rules are found under data/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "clean/clean.h"
#include "clean/cleanrun.h"
#include "text/norm.h"
#include "clean/rules.h"
#include "core/utf8.h"
#include "fuzz_pattern.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct nt_rules rs;
static struct nt_clean cl;
static struct nt_buf nb, js;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct nt_cleanopts o;
	struct nt_buf err = NT_BUF_INIT;

	(void)argc;
	(void)argv;
	setenv("NTOOLS_DATA", "data", 0);
	memset(&o, 0, sizeof(o));
	if (nt_cleanrun_rules(&rs, &o, &err) < 0)
		abort();
	nt_clean_init(&cl, &rs, 0);
	nt_buf_free(&err);
	return 0;
}

static int
boundary(const char *p, size_t n, size_t off)
{
	return off == n || off == 0 || ((unsigned char)p[off] & 0xC0) != 0x80;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *t;
	size_t i, n, prev = 0;

	if (nt_utf8_valid(p, size) != size)
		return 0;
	fuzz_pattern_check(&rs, p, size);
	nt_clean_text(&cl, p, size, NULL, 0, 0);
	t = cl.changed ? cl.out.p : p;
	n = cl.changed ? cl.out.len : size;
	if (cl.changed) {
		if (nt_utf8_valid(t, n) != n)
			abort();
		for (i = 0; i < n; i++)
			if (t[i] == '\n' && (i == 0 || i + 1 == n ||
			    t[i + 1] == '\n' || t[i - 1] == ' ' ||
			    t[i + 1] == ' '))
				abort();
		if (n > 0 && (t[0] == ' ' || t[n - 1] == ' '))
			abort();
	}
	for (i = 0; i < cl.nrm; i++)
		if (cl.rm[i].ob > cl.rm[i].oe || cl.rm[i].oe > size ||
		    !boundary(p, size, cl.rm[i].ob) ||
		    !boundary(p, size, cl.rm[i].oe))
			abort();
	nt_buf_reset(&js);
	nt_clean_explain(&cl, p, size, &js);
	for (i = 0; i < cl.nrm; i++) {
		if (cl.rm[i].dead)
			continue;
		if (cl.rm[i].ob < prev)
			abort();
		prev = cl.rm[i].oe;
	}
	nt_buf_reset(&nb);
	nt_norm_line(p, size, NT_NORM_ASCII, &nb);
	if (nt_utf8_valid(nb.p ? nb.p : "", nb.len) != nb.len)
		abort();
	if (nb.len > 0 && (nb.p[0] == ' ' || nb.p[nb.len - 1] == ' ' ||
	    strstr(nb.p, "  ") != NULL))
		abort();
	return 0;
}
