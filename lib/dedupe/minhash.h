/*
 * minhash: word shingles, bottom-k MinHash sketches, the keys that find
 * candidate duplicates, and the comparison that verifies them.
 *
 * A text's shingles are its runs of `shingle` consecutive word hashes
 * (one shingle for a text shorter than that).  Each shingle hashes to 64
 * bits; the distinct values sorted ascending are the text's MinHash
 * order.  From it come:
 *
 *  - the sketch: the NT_MH_SKETCH smallest values, cut to their top 32
 *    bits.  A text with fewer shingles keeps them all, so short texts
 *    compare exactly.  Two sketches give estimates of the Jaccard
 *    similarity and of the containment of either text in the other
 *    (bottom-k estimators over the range both sketches cover).
 *  - the keys (locality-sensitive hashing with one-row bands): the
 *    NT_MH_MINKEYS smallest shingle values of the whole text, and the
 *    NT_MH_LEADKEYS smallest of its first NT_MH_LEAD shingles, so that a
 *    copy with a paragraph less, or only the first part of an article,
 *    still meets the original under one key.
 *
 * A struct nt_mh owns its arrays and is reused from text to text.  No
 * global state; one struct per thread.
 */
#ifndef NT_MINHASH_H
#define NT_MINHASH_H

#include <stddef.h>
#include <stdint.h>

#include "core/hsort.h"

#define NT_MH_SKETCH	256
#define NT_MH_MINKEYS	8
#define NT_MH_LEAD	24
#define NT_MH_LEADKEYS	2
#define NT_MH_MAXKEYS	(NT_MH_MINKEYS + NT_MH_LEADKEYS)

struct nt_mh {
	uint64_t	*sh;		/* shingle hashes, then sorted, unique */
	size_t		 nsh;		/* the MinHash order: sh[0..nsh) */
	size_t		 nraw;		/* shingles made, before nt_mh_finish */
	size_t		 cap;
	struct nt_hsort	 hs;		/* sorting scratch */
	uint32_t	 n;		/* distinct shingles */
	uint32_t	 sketch[NT_MH_SKETCH];
	uint32_t	 nsketch;	/* min(n, NT_MH_SKETCH) */
	uint64_t	 keys[NT_MH_MAXKEYS];
	uint32_t	 nkeys;		/* distinct keys */
};

/* The result of comparing two sketches. */
struct nt_mh_sim {
	double	jaccard;
	double	cont_a;		/* share of a's shingles found in b */
	double	cont_b;		/* share of b's shingles found in a */
};

void	nt_mh_init(struct nt_mh *);
/* Shingle tok[0..ntok) by `shingle` words; fills everything above. */
void	nt_mh_run(struct nt_mh *, const uint64_t *tok, size_t ntok,
	    unsigned shingle);
/*
 * nt_mh_run in two halves, for a caller that frees tok in between (the
 * words of a long text, before the sort's scratch is taken):
 * nt_mh_shingle reads tok, nt_mh_finish makes the keys and sketch.
 */
void	nt_mh_shingle(struct nt_mh *, const uint64_t *tok, size_t ntok,
	    unsigned shingle);
void	nt_mh_finish(struct nt_mh *);
/*
 * Compare sketch a (na values of a text with ta distinct shingles) with
 * sketch b.  Both must be sorted ascending, as nt_mh_run makes them.
 */
void	nt_mh_compare(const uint32_t *a, uint32_t na, uint32_t ta,
	    const uint32_t *b, uint32_t nb, uint32_t tb, struct nt_mh_sim *);
void	nt_mh_free(struct nt_mh *);

/* The SplitMix64 finaliser: a cheap, well-spread 64-bit mix. */
static inline uint64_t
nt_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

#endif
