/*
 * libFuzzer target for lib/text/tok.c.  Any bytes, valid UTF-8 or not,
 * must be cut without a crash, with every option; tokens must be in
 * order and inside the text.  For valid UTF-8 the fast path and the
 * general one (NT_TOK_GENERAL) must give the same tokens, runs must be
 * the glued runs of the words, and code-point offsets must agree with
 * the bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>

#include "text/tok.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const unsigned opts[] = {
	0, NT_TOK_NOHASH, NT_TOK_MARKUP, NT_TOK_FOLD, NT_TOK_FOLD | NT_TOK_BASE,
	NT_TOK_MARKUP | NT_TOK_NOHASH,
};

static void
check_order(const struct nt_toks *tk, const char *s, size_t n, int valid)
{
	size_t i, last = 0;

	for (i = 0; i < tk->n; i++) {
		if (tk->t[i].b < last || tk->t[i].b >= tk->t[i].e ||
		    tk->t[i].e > n)
			abort();
		if (valid && (tk->t[i].cb != nt_utf8_count(s, tk->t[i].b) ||
		    tk->t[i].ce != nt_utf8_count(s, tk->t[i].e)))
			abort();
		last = tk->t[i].e;
	}
}

static void
check_same(const struct nt_toks *a, const struct nt_toks *g)
{
	size_t i;

	if (a->n != g->n)
		abort();
	for (i = 0; i < a->n; i++)
		if (a->t[i].b != g->t[i].b || a->t[i].e != g->t[i].e ||
		    a->t[i].cb != g->t[i].cb || a->t[i].ce != g->t[i].ce ||
		    a->t[i].h != g->t[i].h || a->t[i].cp != g->t[i].cp ||
		    a->t[i].f != g->t[i].f || a->t[i].kind != g->t[i].kind ||
		    a->t[i].len != g->t[i].len)
			abort();
}

static void
check_runs(const struct nt_toks *r, const struct nt_toks *w)
{
	size_t i = 0, j, k = 0;
	unsigned m = NT_TF_NL | NT_TF_PARA | NT_TF_SPNL;

	while (i < w->n) {
		for (j = i + 1; j < w->n && (w->t[j].f & NT_TF_GLUED); j++)
			;
		if (k >= r->n || r->t[k].b != w->t[i].b ||
		    r->t[k].e != w->t[j - 1].e || (r->t[k].f & m) !=
		    (w->t[i].f & m))
			abort();
		k++;
		i = j;
	}
	if (k != r->n)
		abort();
}

/*
 * nt_tok_letter_runs, with every slot kept, runs of min letters or more:
 * spans in order, letters only, maximal; and when it takes the text,
 * every word token whose first run of letters is as long is one of
 * them, as rules.c's prefilter relies on.
 */
static void
check_letters(const char *s, size_t n, size_t min)
{
	static uint64_t all[NT_RUN_SLOTS / 64];
	static struct nt_run *runs;
	static size_t cap;
	static struct nt_toks t;
	size_t i, j, a, b, nrun, fl, last = 0;
	const char *f;
	int hit;

	memset(all, 0xFF, sizeof(all));
	if (nt_tok_letter_runs(s, n, min, n + 1, all, &runs, &cap, &nrun) < 0)
		return;
	for (i = 0; i < nrun; i++) {
		if (runs[i].b < last || runs[i].e - runs[i].b < min ||
		    runs[i].e > n || (runs[i].b > 0 &&
		    isalpha((unsigned char)s[runs[i].b - 1])) ||
		    (runs[i].e < n && isalpha((unsigned char)s[runs[i].e])))
			abort();
		for (j = runs[i].b; j < runs[i].e; j++)
			if (!isalpha((unsigned char)s[j]))
				abort();
		last = runs[i].e;
	}
	nt_tok_scan(&t, s, n, NT_TOK_FOLD);
	for (i = 0; i < t.n; i++) {
		if (t.t[i].kind != NT_TOK_WORD)
			continue;
		f = nt_tok_fold(&t, i, &fl);
		for (a = 0; a < fl && !isalpha((unsigned char)f[a]); a++)
			;
		for (b = a; b < fl && isalpha((unsigned char)f[b]); b++)
			;
		for (j = 0, hit = b - a < min; j < nrun && !hit; j++)
			hit = runs[j].e - runs[j].b == b - a &&
			    strncasecmp(s + runs[j].b, f + a, b - a) == 0;
		if (!hit)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nt_toks a, g, r;
	const char *s = (const char *)data;
	int valid = nt_utf8_valid(s, size) == size;
	size_t o;

	for (o = 0; o < sizeof(opts) / sizeof(opts[0]); o++) {
		nt_tok_scan(&a, s, size, opts[o]);
		check_order(&a, s, size, valid);
		nt_tok_scan(&g, s, size, opts[o] | NT_TOK_GENERAL);
		if (valid)
			check_same(&a, &g);
	}
	for (o = 0; o < 2; o++) {
		nt_tok_scan(&r, s, size, NT_TOK_RUNS | (o ? NT_TOK_MARKUP : 0));
		check_order(&r, s, size, valid);
		nt_tok_scan(&a, s, size, o ? NT_TOK_MARKUP : 0);
		if (valid)
			check_runs(&r, &a);
	}
	check_letters(s, size, 1);
	check_letters(s, size, 3);
	(void)nt_tok_count(s, size, NULL);
	(void)nt_tok_count_json(s, size, NULL);
	return 0;
}
