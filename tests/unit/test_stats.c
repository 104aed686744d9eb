/*
 * Unit tests for the nstats summary: the Misra-Gries tables, the
 * quantile sketch, and the character and token counter.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats/stats.h"
#include "stats/stats_counts.h"
#include "stats/stats_sketch.h"
#include "t.h"
#include "core/utf8.h"

/* A small deterministic generator, so failures can be replayed. */
static uint64_t rng = 88172645463325252ULL;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void
test_counts(void)
{
	struct nt_counts t, u;
	const struct nt_centry *e;
	uint64_t truth[1000], total = 0, i, k, worst = 0;
	char key[16];
	int exact = 1, bounded = 1, n;

	nt_counts_init(&t, 1000);
	for (i = 0; i < 1000; i++)
		truth[i] = 0;
	for (i = 0; i < 50000; i++) {
		k = next() % 1000;
		n = snprintf(key, sizeof(key), "k%llu", (unsigned long long)k);
		nt_counts_add(&t, key, (size_t)n, 0, 1, 0);
		truth[k]++;
	}
	nt_counts_prune(&t);
	for (i = 0; i < 1000; i++) {
		n = snprintf(key, sizeof(key), "k%llu", (unsigned long long)i);
		e = nt_counts_get(&t, key, (size_t)n);
		if (truth[i] != 0 && (e == NULL || e->count != truth[i]))
			exact = 0;
	}
	ok(exact && t.err == 0 && t.dropped == 0,
	    "counts are exact up to max keys");
	nt_counts_free(&t);

	/* Skewed keys, a table too small: lower bounds within err. */
	nt_counts_init(&t, 50);
	for (i = 0; i < 1000; i++)
		truth[i] = 0;
	for (i = 0; i < 100000; i++) {
		k = (next() % 1000) * (next() % 1000) / 1000;
		n = snprintf(key, sizeof(key), "k%llu", (unsigned long long)k);
		nt_counts_add(&t, key, (size_t)n, 0, 1, 0);
		truth[k]++;
		total++;
	}
	nt_counts_prune(&t);
	for (i = 0; i < 1000; i++) {
		n = snprintf(key, sizeof(key), "k%llu", (unsigned long long)i);
		e = nt_counts_get(&t, key, (size_t)n);
		k = e != NULL ? e->count : 0;
		if (k > truth[i] || truth[i] > k + t.err)
			bounded = 0;
		if (truth[i] - k > worst)
			worst = truth[i] - k;
	}
	ok(t.n <= 50, "a pruned table keeps at most max keys");
	ok(bounded, "pruned counts are lower bounds within err");
	ok(t.err <= total / 51, "err is at most total / (max + 1)");
	k = 0;
	for (i = 0; i < t.n; i++)
		k += t.e[i].count;
	ok(k + t.dropped == total, "kept plus dropped is the total");

	/* Merging two halves keeps the bound. */
	nt_counts_init(&u, 50);
	for (i = 0; i < 10; i++)
		nt_counts_add(&u, "k0", 2, 0, 5, 1);
	nt_counts_add(&u, "zz", 2, 1, 7, 0);
	k = t.dropped + u.dropped;
	for (i = 0; i < u.n; i++)
		nt_counts_add(&t, nt_counts_key(&u, &u.e[i]), u.e[i].klen,
		    u.e[i].split, u.e[i].count, u.e[i].aux);
	e = nt_counts_get(&t, "k0", 2);
	ok(e != NULL && e->count >= 50 && e->aux == 10,
	    "adding many at once adds counts and aux");
	nt_counts_free(&u);
	nt_counts_free(&t);
}

static void
test_sorted(void)
{
	struct nt_counts t;
	size_t *ix;

	nt_counts_init(&t, 10);
	nt_counts_add(&t, "b", 1, 0, 2, 0);
	nt_counts_add(&t, "a", 1, 0, 2, 0);
	nt_counts_add(&t, "c", 1, 0, 5, 0);
	nt_counts_add(&t, "ab", 2, 0, 1, 0);
	ix = nt_counts_sorted(&t, 0);
	ok(strncmp(nt_counts_key(&t, &t.e[ix[0]]), "c", 1) == 0 &&
	    strncmp(nt_counts_key(&t, &t.e[ix[1]]), "a", 1) == 0 &&
	    strncmp(nt_counts_key(&t, &t.e[ix[2]]), "b", 1) == 0 &&
	    t.e[ix[3]].klen == 2, "sorted by count, ties by key");
	free(ix);
	ix = nt_counts_sorted(&t, 1);
	ok(t.e[ix[0]].klen == 1 && t.e[ix[1]].klen == 2 &&
	    nt_counts_key(&t, &t.e[ix[3]])[0] == 'c', "sorted by key");
	free(ix);
	nt_counts_free(&t);
}

static int
cmpu(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void
test_sketch(void)
{
	static const double q[] = { 0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1 };
	struct nt_qsketch s = { 0 }, a = { 0 }, b = { 0 };
	uint64_t *v, x, est, want;
	size_t i, n = 20000;
	int within = 1, same = 1;

	v = malloc(n * sizeof(*v));
	for (i = 0; i < n; i++) {
		/* Lengths spread over six orders of magnitude, some 0. */
		x = i % 97 == 0 ? 0 : (uint64_t)exp((double)(next() % 1400) /
		    100);
		v[i] = x;
		nt_qs_add(&s, x, 1);
		nt_qs_add(i % 3 ? &a : &b, x, 1);
	}
	qsort(v, n, sizeof(*v), cmpu);
	nt_qs_merge(&a, &b);
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		want = v[(size_t)floor(q[i] * (double)(n - 1))];
		est = nt_qs_quantile(&s, q[i]);
		if (fabs((double)est - (double)want) >
		    NT_QS_ALPHA * (double)want + 0.5)
			within = 0;
		if (nt_qs_quantile(&a, q[i]) != est)
			same = 0;
	}
	ok(within, "quantiles within 1%% of the exact ones");
	ok(same && a.n == s.n, "a merged sketch answers like one pass");
	ok(nt_qs_index(1) == 0 && nt_qs_index(2) > 0 &&
	    nt_qs_addbin(&s, 100000, 1) < 0, "bins: 1 is bin 0, no absurd bins");
	free(v);
	nt_qs_free(&s);
	nt_qs_free(&a);
	nt_qs_free(&b);
	ok(nt_qs_quantile(&s, 0.5) == 0, "an empty sketch says 0");
}

/* The obvious way to count, to check the fast one against. */
static void
slowscan(const char *p, size_t n, uint64_t *chars, uint64_t *tokens)
{
	size_t i;
	int in = 0, w;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if ((c & 0xC0) == 0x80)
			continue;
		(*chars)++;
		/* The test alphabet's non-ASCII letters are all 2 bytes. */
		w = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || c == 0xC3;
		if (w && !in)
			(*tokens)++;
		in = w;
	}
}

static void
test_scan(void)
{
	static const char *const bits[] = { "a", "Z", "9", " ", ".", "-",
	    "\n", "\xC3\xA9", "\xE2\x80\x94", "\xC2\xA0", "0", "q" };
	char buf[256];
	size_t i, j, len;
	uint64_t c1, t1, c2, t2;
	int same = 1;

	for (i = 0; i < 3000; i++) {
		len = 0;
		for (j = next() % 60; j > 0; j--) {
			const char *b = bits[next() % 12];

			memcpy(buf + len, b, strlen(b));
			len += strlen(b);
		}
		c1 = t1 = c2 = t2 = 0;
		nt_stats_scan(buf, len, &c1, &t1);
		slowscan(buf, len, &c2, &t2);
		if (c1 != c2 || t1 != t2)
			same = 0;
	}
	ok(same, "fast scan counts like the obvious loop");
	c1 = t1 = 0;
	nt_stats_scan("Hello, w\xC3\xB6rld: 3.5% x-y", 23, &c1, &t1);
	ok(c1 == 22 && t1 == 6, "tokens are runs of letters and digits");
}

/* Append cp to plain as UTF-8 and to esc as JSON string content. */
static void
addcp(struct nt_buf *plain, struct nt_buf *esc, uint32_t cp, int escape)
{
	char u[4];
	size_t n = nt_utf8_encode(cp, u);

	nt_buf_add(plain, u, n);
	if (cp == '"' || cp == '\\' || cp < 0x20 || escape) {
		if (cp >= 0x10000)
			nt_buf_printf(esc, "\\u%04X\\u%04x",
			    0xD800 + ((cp - 0x10000) >> 10),
			    0xDC00 + ((cp - 0x10000) & 0x3FF));
		else if (cp == '\n' && !escape)
			nt_buf_adds(esc, "\\n");
		else
			nt_buf_printf(esc, "\\u%04x", cp);
	} else
		nt_buf_add(esc, u, n);
}

static void
test_scanjson(void)
{
	static const uint32_t cps[] = { 'a', 'Z', '7', ' ', '\n', '"', '\\',
	    '/', 0xE9, 0x2014, 0xA0, 0x65E5, 0x1D400, 0x1F600, 0x301, 'q' };
	struct nt_buf plain = NT_BUF_INIT, esc = NT_BUF_INIT;
	uint64_t c1, t1, c2, t2;
	size_t i, j;
	int same = 1;

	for (i = 0; i < 3000; i++) {
		nt_buf_reset(&plain);
		nt_buf_reset(&esc);
		for (j = next() % 80; j > 0; j--)
			addcp(&plain, &esc, cps[next() % 16], next() % 5 == 0);
		c1 = t1 = c2 = t2 = 0;
		nt_stats_scan(plain.p, plain.len, &c1, &t1);
		nt_stats_scanjson(esc.p, esc.len, &c2, &t2);
		if (c1 != c2 || t1 != t2)
			same = 0;
	}
	ok(same, "counting escaped JSON equals counting the decoded text");
	nt_buf_free(&plain);
	nt_buf_free(&esc);
}

static void
test_histogram(void)
{
	ok(nt_stats_histlo(0) == 0 && nt_stats_histlo(1) == 1 &&
	    nt_stats_histlo(2) == 2 && nt_stats_histlo(3) == 5 &&
	    nt_stats_histlo(4) == 10 &&
	    nt_stats_histlo(NT_HIST_MAX - 1) == 10000000000000000000ULL,
	    "histogram bins 0, 1, 2, 5, 10, ..., 10^19");
	ok(nt_stats_isdate("2023-01-17T08:00", 16) &&
	    !nt_stats_isdate("2023-1-17", 9) && !nt_stats_isdate("2023/01/17",
	    10), "ISO days");
}

int
main(void)
{
	test_counts();
	test_sorted();
	test_sketch();
	test_scan();
	test_scanjson();
	test_histogram();
	return done();
}
