/*
 * bloom: a blocked Bloom filter of 64-bit hash keys, so that the state
 * answers "never seen" from memory instead of from a page of its key
 * table.
 *
 * Each key picks one 64-byte block (its top bits) and sets NT_BLOOM_K
 * bits in it (taken from its other bits): a look-up reads one cache
 * line, and keys added in increasing order fill the filter from its
 * first block to its last.  Sized at NT_BLOOM_BITS bits a key, about 2%
 * of the keys never added are taken for added ones; a key added is
 * never missed.  Keys must be spread over all 64 bits (hashes, or
 * values mixed by a hash: keyrun's are).  The filter owns its words;
 * nt_bloom_free accepts NULL.  Read-only after it is made: threads may
 * share it.
 */
#ifndef NT_BLOOM_H
#define NT_BLOOM_H

#include <stddef.h>
#include <stdint.h>

#define NT_BLOOM_BITS	10
#define NT_BLOOM_K	6
#define NT_BLOOM_BLOCK	8		/* 64-bit words a block */

struct nt_bloom {
	uint64_t	*w;
	size_t		 nblocks;
};

/* An empty filter for about nkeys keys (at least one block). */
void	nt_bloom_init(struct nt_bloom *, uint64_t nkeys);
void	nt_bloom_add(struct nt_bloom *, uint64_t key);
/* 0: key was never added; 1: it may have been. */
int	nt_bloom_maybe(const struct nt_bloom *, uint64_t key);
/* The words, nblocks * NT_BLOOM_BLOCK of them. */
size_t	nt_bloom_words(const struct nt_bloom *);
void	nt_bloom_free(struct nt_bloom *);

#endif
