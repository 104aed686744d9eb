/*
 * stats_counts: how often each key occurs, in bounded memory, in a form
 * that merges.
 *
 * A struct nt_counts is a Misra-Gries frequent-items summary with room for
 * max keys.  While no more than max distinct keys have been added, every
 * count is exact.  Past that, the table prunes itself: it finds the
 * (max+1)-th largest count c, subtracts c from every count and drops the
 * keys that reach zero, so at most max keys survive.  Each prune adds c to
 * err, and the mass it removes to dropped.  A count in the table is then
 * never above the truth and at most err below it; a key not in the table
 * occurred at most err times.  Because err only grows by c and each prune
 * removes at least c*(max+1), err <= total/(max+1).  Two tables merge by
 * adding counts (nt_counts_add with n > 1) with the same guarantee, as in
 * Agarwal et al., "Mergeable summaries" (2012).
 *
 * To keep prunes rare, a table holds up to 2*max keys before it prunes;
 * nt_counts_prune brings it down to max before the result is read.
 *
 * Each key carries a count and aux, a second number that is summed along
 * (nstats keeps an error bound there) and a split, the length of a
 * prefix of the key that the caller gives meaning to (nstats puts the
 * entity type there).  Keys are arbitrary bytes.  The table owns copies of
 * its keys.  One thread at a time.
 */
#ifndef NT_STATS_COUNTS_H
#define NT_STATS_COUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

struct nt_centry {
	uint64_t	 hash;
	uint64_t	 count;
	uint64_t	 aux;
	size_t		 koff;		/* key bytes at keys.p + koff */
	size_t		 klen;
	size_t		 split;
};

struct nt_counts {
	struct nt_centry *e;
	size_t		 n, cap;
	uint32_t	*slot;		/* entry index + 1; 0 is empty */
	size_t		 nslot;		/* a power of two */
	struct nt_buf	 keys;
	size_t		 max;
	uint64_t	 err;		/* how far any count may be low */
	uint64_t	 dropped;	/* mass taken out by prunes */
};

/* The largest --max-keys a table accepts. */
#define NT_COUNTS_MAXKEYS ((size_t)1 << 28)

/* An empty table for up to max keys (1 <= max <= NT_COUNTS_MAXKEYS). */
void	nt_counts_init(struct nt_counts *, size_t max);
/* Add n to key's count and aux to its aux; prunes when it must. */
void	nt_counts_add(struct nt_counts *, const char *key, size_t klen,
	    size_t split, uint64_t n, uint64_t aux);
/* The entry for key, or NULL. */
const struct nt_centry *nt_counts_get(const struct nt_counts *,
	    const char *key, size_t klen);
/* Prune down to max keys if there are more. */
void	nt_counts_prune(struct nt_counts *);
/* The key bytes of an entry. */
const char *nt_counts_key(const struct nt_counts *, const struct nt_centry *);
/*
 * Indexes of all entries, sorted: by split prefix, then count (largest
 * first), then key bytes; with bykey, by key bytes only.  The caller
 * frees the array.
 */
size_t	*nt_counts_sorted(const struct nt_counts *, int bykey);
void	nt_counts_free(struct nt_counts *);

#endif
