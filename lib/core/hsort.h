/*
 * hsort: sort 64-bit hash values in linear time on average.
 *
 * The values must be uniform (hashes): one counting pass on their top
 * bits puts each within a few places of its rank, and an insertion pass
 * finishes.  Adversarial input (many values sharing their top bits) only
 * makes it slower, never wrong.  A struct nt_hsort holds the scratch
 * arrays and is reused from call to call; it owns them (nt_hsort_free).
 * One struct per thread.
 */
#ifndef NT_HSORT_H
#define NT_HSORT_H

#include <stddef.h>
#include <stdint.h>

struct nt_hsort {
	uint64_t	*tmp;
	size_t		 tcap;
	size_t		*cnt;
	size_t		 ccap;
};

#define NT_HSORT_INIT { NULL, 0, NULL, 0 }

/*
 * Sort v[0..n) ascending into the struct's scratch array, v left as it
 * is: the sorted values, valid until the next call.
 */
const uint64_t *nt_hsort_into(struct nt_hsort *, const uint64_t *v,
	    size_t n);
/* Sort v[0..n) ascending. */
void	nt_hsort(struct nt_hsort *, uint64_t *v, size_t n);
/* Sort v[0..n) ascending and drop repeats; returns how many are left. */
size_t	nt_hsort_unique(struct nt_hsort *, uint64_t *v, size_t n);
void	nt_hsort_free(struct nt_hsort *);

#endif
