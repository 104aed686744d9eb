#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "dedupe/bloom.h"

void
nt_bloom_init(struct nt_bloom *b, uint64_t nkeys)
{
	uint64_t bits = nkeys * NT_BLOOM_BITS;

	b->nblocks = (size_t)(bits / (64 * NT_BLOOM_BLOCK)) + 1;
	b->w = nt_ecalloc(b->nblocks, NT_BLOOM_BLOCK * sizeof(*b->w));
}

/*
 * The block: the key's top 32 bits scaled to the number of blocks (no
 * modulo bias, no power of two needed).  The bits: 9 at a time from
 * the bottom, each a place among the block's 512.
 */
static uint64_t *
block(const struct nt_bloom *b, uint64_t key)
{
	return b->w + NT_BLOOM_BLOCK *
	    (size_t)(((key >> 32) * (uint64_t)b->nblocks) >> 32);
}

void
nt_bloom_add(struct nt_bloom *b, uint64_t key)
{
	uint64_t *w;
	unsigned i, bit;

	w = block(b, key);
	for (i = 0; i < NT_BLOOM_K; i++) {
		bit = (unsigned)(key >> (9 * i)) & 511;
		w[bit >> 6] |= (uint64_t)1 << (bit & 63);
	}
}

int
nt_bloom_maybe(const struct nt_bloom *b, uint64_t key)
{
	const uint64_t *w;
	unsigned i, bit;

	if (b->w == NULL)
		return 1;
	w = block(b, key);
	for (i = 0; i < NT_BLOOM_K; i++) {
		bit = (unsigned)(key >> (9 * i)) & 511;
		if (!(w[bit >> 6] >> (bit & 63) & 1))
			return 0;
	}
	return 1;
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
