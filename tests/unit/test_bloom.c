/*
 * Unit tests for lib/dedupe/bloom: no key added is missed, and the
 * share of others taken for added ones is what each kind promises.
 */
#include <stdint.h>
#include <stdlib.h>

#include "dedupe/bloom.h"
#include "t.h"

/* Uniform keys (splitmix64's finaliser of i). */
static uint64_t
key(uint64_t i)
{
	uint64_t x = i + 0x9e3779b97f4a7c15ULL;

	x = (x ^ x >> 30) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ x >> 27) * 0x94d049bb133111ebULL;
	return x ^ x >> 31;
}

#define NADD	200000
#define NASK	1000000

/* The share of NASK keys never added that kind takes for added ones. */
static double
false_share(int kind, int *missed)
{
	struct nt_bloom b;
	uint64_t i, fp = 0;

	nt_bloom_init(&b, NADD, kind);
	for (i = 0; i < NADD; i++)
		nt_bloom_add(&b, key(i));
	*missed = 0;
	for (i = 0; i < NADD; i++)
		*missed += !nt_bloom_maybe(&b, key(i));
	for (i = 0; i < NASK; i++)
		fp += nt_bloom_maybe(&b, key(NADD + i));
	nt_bloom_free(&b);
	return (double)fp / NASK;
}

int
main(void)
{
	struct nt_bloom empty = { NULL, 0, 0 };
	double v1, v2;
	int m1, m2;

	v1 = false_share(NT_BLOOM_V1, &m1);
	v2 = false_share(NT_BLOOM_V2, &m2);
	ok(m1 == 0 && m2 == 0, "no key added is missed (%d, %d)", m1, m2);
	ok(v1 > 0.005 && v1 < 0.02, "10 bits a key: %.3f%% taken", 100 * v1);
	ok(v2 < 0.002, "16 bits a key: %.3f%% taken", 100 * v2);
	ok(v2 * 8 < v1, "the new kind takes far fewer");
	ok(nt_bloom_maybe(&empty, key(1)), "a filter not made rules nothing out");
	return done();
}
