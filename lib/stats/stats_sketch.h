/*
 * stats_sketch: quantiles of non-negative integers (text lengths) in a
 * few kilobytes, mergeable exactly.
 *
 * A struct nt_qsketch is a DDSketch (Masson, Rim and Lee, VLDB 2019) with
 * relative accuracy NT_QS_ALPHA: a value x >= 1 falls in bin
 * i = ceil(log(x) / log(g)), g = (1 + alpha) / (1 - alpha), and 0 has a
 * bin of its own.  A quantile is read as the middle of its bin,
 * 2 g^i / (g + 1), which lies within alpha * x of every x in the bin.
 * So the q-quantile it reports is within 1% of the value of rank
 * floor(q * (n - 1)) (0-based) in the sorted input, whatever the input.
 * Bins only ever add up, so merging two sketches (nt_qs_merge) gives
 * exactly the sketch one pass over both inputs would have built.
 * Lengths up to 2^63 need about 2,200 bins; the array grows to the
 * largest bin used.  The struct owns its array.  One thread at a time.
 */
#ifndef NT_STATS_SKETCH_H
#define NT_STATS_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#define NT_QS_ALPHA 0.01

struct nt_qsketch {
	uint64_t	 n;
	uint64_t	 zero;		/* how many 0s */
	uint64_t	*bin;		/* bin[i]: values in (g^(i-1), g^i] */
	size_t		 nbin;
};

/* The bin a value x >= 1 falls in. */
size_t	nt_qs_index(uint64_t x);
/* Add n occurrences of x. */
void	nt_qs_add(struct nt_qsketch *, uint64_t x, uint64_t n);
/* Add n to bin i directly (reading a stored sketch); -1 if i is absurd. */
int	nt_qs_addbin(struct nt_qsketch *, size_t i, uint64_t n);
void	nt_qs_merge(struct nt_qsketch *, const struct nt_qsketch *);
/* The q-quantile (0 <= q <= 1), rounded; 0 when the sketch is empty. */
uint64_t nt_qs_quantile(const struct nt_qsketch *, double q);
void	nt_qs_free(struct nt_qsketch *);

#endif
