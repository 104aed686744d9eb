/*
 * bloom: a blocked Bloom filter of 64-bit hash keys, so that the state
 * answers "never seen" from memory instead of from a page of its key
 * table.
 *
 * Each key picks one 64-byte block (its top bits) and sets k bits in it:
 * a look-up reads one cache line, and keys added in increasing order
 * fill the filter from its first block to its last.  Two kinds, fixed
 * by the state file's format, as a run of keys records it:
 *
 *  - NT_BLOOM_V1 (state format 5): 10 bits a key, 6 bits set, taken
 *    from the key's own bits, 9 at a time; about 1.2% of the keys never
 *    added are taken for added ones.
 *  - NT_BLOOM_V2 (format 6): 16 bits a key, 8 bits set, taken from the
 *    key mixed again, so that they do not repeat the bits that chose
 *    the block; about 0.09% are taken for added ones.  A look-up that a
 *    filter does not rule out reads a page of the state, and a key new
 *    to the state asks the filter of every run: at a million records
 *    (six runs or so), V1 sent one new key in twelve to a page for
 *    nothing.
 *
 * A key added is never missed.  Keys must be spread over all 64 bits
 * (hashes, or values mixed by a hash: keyrun's are).  The filter owns
 * its words; nt_bloom_free accepts NULL.  Read-only after it is made:
 * threads may share it.
 */
#ifndef NT_BLOOM_H
#define NT_BLOOM_H

#include <stddef.h>
#include <stdint.h>

#define NT_BLOOM_V1	1
#define NT_BLOOM_V2	2
#define NT_BLOOM_BLOCK	8		/* 64-bit words a block */

struct nt_bloom {
	uint64_t	*w;
	size_t		 nblocks;
	int		 kind;		/* NT_BLOOM_V1 or NT_BLOOM_V2 */
};

/* An empty filter of a kind for about nkeys keys (at least one block). */
void	nt_bloom_init(struct nt_bloom *, uint64_t nkeys, int kind);
void	nt_bloom_add(struct nt_bloom *, uint64_t key);
/* 0: key was never added; 1: it may have been. */
int	nt_bloom_maybe(const struct nt_bloom *, uint64_t key);
/*
 * Start fetching the cache line nt_bloom_maybe will read for key: a
 * look-up in several filters then waits for memory once, not once each.
 */
void	nt_bloom_prefetch(const struct nt_bloom *, uint64_t key);
/* The words, nblocks * NT_BLOOM_BLOCK of them. */
size_t	nt_bloom_words(const struct nt_bloom *);
void	nt_bloom_free(struct nt_bloom *);

#endif
