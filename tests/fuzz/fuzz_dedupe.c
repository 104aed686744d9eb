/*
 * libFuzzer target for ndedupe's text normalisation, sketches and
 * engine.  Each input is split at its first NUL into two texts; both go
 * through nt_dedupe_check in memory.  It checks that a text is always a
 * duplicate of itself (exact bytes, similarity 1), that the similarity
 * estimates lie in [0, 1] and are symmetric, and that the sketch is
 * sorted and no longer than the shingle count.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dedupe/dedupe.h"
#include "dedupe/dedupe_text.h"
#include "dedupe/minhash.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_sketch(const struct nt_mh *m)
{
	uint32_t i;

	if (m->nsketch > m->n || m->nsketch > NT_MH_SKETCH)
		abort();
	for (i = 1; i < m->nsketch; i++)
		if (m->sketch[i] <= m->sketch[i - 1])
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nt_dtext ta, tb;
	static struct nt_mh ma, mb;
	static int ready;
	struct nt_dedupe_opt o = NT_DEDUPE_OPT_INIT;
	struct nt_dedupe *d;
	struct nt_dverdict v;
	struct nt_mh_sim r, q;
	const char *a = (const char *)data, *b;
	size_t na, nb;

	if (nt_utf8_valid(a, size) != size)
		return 0;
	if (!ready) {
		struct nt_buf err = NT_BUF_INIT;

		/* nt_dedupe_new finds its word lists there (run from the top) */
		setenv("NTOOLS_DATA", "data", 0);
		if (nt_dtext_load(&ta, "data/nclean/rules.yaml",
		    "data/ndedupe/words.yaml", &err) < 0 ||
		    nt_dtext_load(&tb, "data/nclean/rules.yaml",
		    "data/ndedupe/words.yaml", &err) < 0)
			abort();
		nt_buf_free(&err);
		nt_mh_init(&ma);
		nt_mh_init(&mb);
		ready = 1;
	}
	b = memchr(a, '\0', size);
	na = b != NULL ? (size_t)(b - a) : size;
	b = b != NULL ? b + 1 : a;
	nb = (size_t)(a + size - b);

	nt_dtext_run(&ta, a, na);
	nt_dtext_run(&tb, b, nb);
	nt_mh_run(&ma, ta.tok, ta.ntok, 1 + size % 4);
	nt_mh_run(&mb, tb.tok, tb.ntok, 1 + size % 4);
	check_sketch(&ma);
	check_sketch(&mb);
	nt_mh_compare(ma.sketch, ma.nsketch, ma.n, mb.sketch, mb.nsketch,
	    mb.n, &r);
	nt_mh_compare(mb.sketch, mb.nsketch, mb.n, ma.sketch, ma.nsketch,
	    ma.n, &q);
	if (r.jaccard < 0 || r.jaccard > 1 || r.cont_a < 0 || r.cont_a > 1 ||
	    r.cont_b < 0 || r.cont_b > 1 || r.jaccard != q.jaccard ||
	    r.cont_a != q.cont_b)
		abort();

	d = nt_dedupe_new(&o);
	if (nt_dedupe_check(d, a, na, "\"a\"", 3, &v))
		abort();
	nt_dedupe_check(d, b, nb, "\"b\"", 3, &v);
	if (!nt_dedupe_check(d, a, na, "\"c\"", 3, &v) || v.sim != 1 ||
	    v.how != 1)
		abort();
	nt_dedupe_free(d);
	return 0;
}
