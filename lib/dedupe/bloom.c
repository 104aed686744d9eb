#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "dedupe/bloom.h"
#include "dedupe/minhash.h"

/* Bits a key and bits set, by kind. */
static const struct {
	unsigned bits, k;
} kinds[] = {
	[NT_BLOOM_V1] = { 10, 6 },
	[NT_BLOOM_V2] = { 16, 8 },
};

void
nt_bloom_init(struct nt_bloom *b, uint64_t nkeys, int kind)
{
	uint64_t bits;

	if (kind != NT_BLOOM_V1 && kind != NT_BLOOM_V2)
		nt_fatalx("bloom: no filter of kind %d", kind);
	bits = nkeys * kinds[kind].bits;
	b->kind = kind;
	b->nblocks = (size_t)(bits / (64 * NT_BLOOM_BLOCK)) + 1;
	b->w = nt_ecalloc(b->nblocks, NT_BLOOM_BLOCK * sizeof(*b->w));
}

/*
 * The block: the key's top 32 bits scaled to the number of blocks (no
 * modulo bias, no power of two needed).
 */
static uint64_t *
block(const struct nt_bloom *b, uint64_t key)
{
	return b->w + NT_BLOOM_BLOCK *
	    (size_t)(((key >> 32) * (uint64_t)b->nblocks) >> 32);
}

/*
 * The places among the block's 512 of the bits of key, in p; how many.
 * V1 takes them 9 at a time from the key's bottom; V2 takes seven from
 * the key mixed again and the eighth from the key's bottom 9 bits (the
 * block is chosen by its top bits).
 */
static unsigned
places(const struct nt_bloom *b, uint64_t key, unsigned *p)
{
	unsigned i, k = kinds[b->kind].k;
	uint64_t h;

	if (b->kind == NT_BLOOM_V1) {
		for (i = 0; i < k; i++)
			p[i] = (unsigned)(key >> (9 * i)) & 511;
		return k;
	}
	/* the key mixed again: bits the block's choice did not use */
	h = nt_mix64(key);
	for (i = 0; i < 7; i++)
		p[i] = (unsigned)(h >> (9 * i)) & 511;
	p[7] = (unsigned)key & 511;
	return k;
}

void
nt_bloom_add(struct nt_bloom *b, uint64_t key)
{
	uint64_t *w = block(b, key);
	unsigned p[8], i, n = places(b, key, p);

	for (i = 0; i < n; i++)
		w[p[i] >> 6] |= (uint64_t)1 << (p[i] & 63);
}

int
nt_bloom_maybe(const struct nt_bloom *b, uint64_t key)
{
	const uint64_t *w;
	unsigned p[8], i, n;

	if (b->w == NULL)
		return 1;
	w = block(b, key);
	n = places(b, key, p);
	for (i = 0; i < n; i++)
		if (!(w[p[i] >> 6] >> (p[i] & 63) & 1))
			return 0;
	return 1;
}

void
nt_bloom_prefetch(const struct nt_bloom *b, uint64_t key)
{
	if (b->w != NULL)
		__builtin_prefetch(block(b, key));
}

size_t
nt_bloom_words(const struct nt_bloom *b)
{
	return b->nblocks * NT_BLOOM_BLOCK;
}

void
nt_bloom_free(struct nt_bloom *b)
{
	if (b == NULL)
		return;
	free(b->w);
	memset(b, 0, sizeof(*b));
}
