/*
 * kind: how a duplicate relates to the record it duplicates (dup_kind).
 *
 *   exact     the same words (white space, case, punctuation aside)
 *   wrapped   the same text with other lines around it (site furniture)
 *   excerpt   a part of it
 *   extended  it is a part of this one
 *   spun      words swapped (synonyms)
 *   mixed     more than one of the above
 *
 * nt_kind_of decides from what the comparisons of a pair measured: the
 * spots, which a spin keeps, and the content words between them, which
 * it swaps.  A part is told by the containments of the spots both ways
 * (the share of one text found in the other), a spin by content words,
 * or word shingles, found less often than spots (a typo or two costs a
 * word or two, a spin of a third of the common words many), by more word
 * shingles of the smaller text lost than three typos cost, or by a
 * synonym as written in the smaller text that the larger lacks (a
 * spinner that swapped only a few words), a wrapper by furniture that
 * differs.
 * Pure functions and constant tables: any thread.
 */
#ifndef NT_KIND_H
#define NT_KIND_H

#include <stdint.h>

enum nt_kind {
	NT_KIND_NONE,		/* not a duplicate */
	NT_KIND_EXACT,
	NT_KIND_WRAPPED,
	NT_KIND_EXCERPT,
	NT_KIND_EXTENDED,
	NT_KIND_SPUN,
	NT_KIND_MIXED,
	NT_KIND_COUNT
};

/* What was measured of a pair (x the new text, k the one kept). */
struct nt_kindin {
	double		 sx, sk;	/* spots: share of x in k, k in x */
	double		 ux, uk;	/* content words: the same */
	double		 wx, wk;	/* word shingles: the same */
	int		 words;		/* 0: no content words to compare */
	int		 shingles;	/* 0: no word shingles to compare */
	int		 vx, vk;	/* synonyms as written: of x not in k,
					   of k not in x */
	uint32_t	 nx, nk;	/* distinct word shingles of each */
	uint64_t	 fx, fk;	/* furniture hashes */
};

enum nt_kind	 nt_kind_of(const struct nt_kindin *);
/* Only the furniture differs (the same normalised words). */
enum nt_kind	 nt_kind_same(uint64_t fx, uint64_t fk);
/* "exact", "wrapped", ...; NULL for NT_KIND_NONE or out of range. */
const char	*nt_kind_name(int);

#endif
