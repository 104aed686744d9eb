/*
 * dedupe: decide whether a text was seen before, exactly or nearly, and
 * remember what was seen, in memory or in a state file (lib/store).
 *
 * For each text, in order, stopping at the first that answers:
 *  1. the hash of the exact bytes: a text seen before, kept or dropped,
 *     gets the same answer as then;
 *  2. the hash of the normalised words (lib/dedupe_text): similarity 1
 *     (a text with no words left, blank or boilerplate only, is only ever
 *     a duplicate by its exact bytes);
 *  3. candidates that share a MinHash key (lib/minhash) with the text
 *     (a key that NT_DD_PERKEY records hold already is a common phrase
 *     and is ignored; a text left with fewer than NT_MH_MINKEYS keys
 *     takes the next values of its MinHash order, up to NT_DD_DEEP),
 *     each verified on the sketches: Jaccard similarity, or containment
 *     of the shorter text in the longer when the shorter has at least
 *     NT_DD_CONTAIN_MIN shingles; texts whose numbers, or names,
 *     differ (one has a number the other lacks, both ways) never match;
 *     a pair where both texts have fewer than NT_DD_SHORT shingles
 *     needs 0.9 at least.
 *     The best candidate at or above the threshold wins.
 * A text that matched is remembered by its exact hash only; a text that
 * did not is remembered whole, and later texts are compared with it.
 *
 * nt_dedupe_record is the record function ndedupe gives the record loop
 * (parrun.h, with NT_PARRUN_ANY | NT_PARRUN_SEQ): it drops or annotates
 * duplicates.  With a state file, nt_dedupe_written, the loop's written
 * hook, commits what it remembered only after the output it wrote is
 * flushed (and fsynced when it is a file), every `batch` records and
 * whenever the input has nothing more to read yet.  A run killed at any
 * moment thus loses no record; the next run repeats at most the records
 * of the last batch.
 *
 * struct nt_dedupe owns everything it allocates.  One thread.
 */
#ifndef NT_DEDUPE_H
#define NT_DEDUPE_H

#include <stddef.h>
#include <stdint.h>

#include "core/cli.h"
#include "core/parrun.h"
#include "core/rec.h"
#include "dedupe/store.h"

#define NT_DD_CONTAIN_MIN	24
#define NT_DD_SHORT		10
/* A key held by this many records is a common phrase, not a lead. */
#define NT_DD_PERKEY		3
/* How far up its MinHash order a text looks for keys of its own. */
#define NT_DD_DEEP		64

struct nt_dedupe_opt {
	double		 threshold;	/* similarity that makes a duplicate */
	unsigned	 shingle;	/* words per shingle */
	int		 annotate;	/* mark duplicates instead of dropping */
	const char	*id_field;
	const char	*state;		/* state file, or NULL for memory */
	int64_t		 max_age;	/* seconds; 0 keeps state forever */
	int		 wait_ms;	/* for another run's lock */
	size_t		 batch;		/* records per state commit */
};

#define NT_DEDUPE_OPT_INIT { 0.8, 3, 0, "id", NULL, 0, 60000, 10000 }

struct nt_dverdict {
	int		 dup;
	double		 sim;
	const char	*of;		/* JSON id of the record kept */
	size_t		 oflen;
	int		 how;		/* 1 exact bytes, 2 normalised, 3 near */
};

struct nt_dedupe;

/*
 * Set up; opens the state file when there is one (exits 1 on a bad
 * file, 2 when it was made with another --shingle).
 */
struct nt_dedupe *nt_dedupe_new(const struct nt_dedupe_opt *);
/*
 * Decide about text[0..len) of a record whose id is the JSON text
 * id[0..idlen), and remember it.  The verdict's pointers stay valid
 * until the next call.  Returns v->dup.
 */
int		 nt_dedupe_check(struct nt_dedupe *, const char *text,
		    size_t len, const char *id, size_t idlen,
		    struct nt_dverdict *v);
/*
 * The similarity of text a to the remembered text s, as nt_dedupe_check
 * verifies a candidate (a is the later text: containment is taken of
 * a when both have as many shingles), or -1 when it is below thr or
 * the two are not comparable.  For the stages (stages.h).
 */
double		 nt_dedupe_sim(double thr, const struct nt_sdoc *a,
		    const struct nt_sdoc *s);
/*
 * Mark r with a verdict as --annotate does: "dup", and "dup_of" and
 * "similarity" (formatted in num) for a duplicate.
 */
void		 nt_dedupe_mark(struct nt_rec *r, const struct nt_dverdict *v,
		    struct nt_buf *num);
/* nt_parrun's record function; arg is the struct nt_dedupe. */
int		 nt_dedupe_record(void *arg, struct nt_parjob *);
/* nt_parrun's written hook: commit the state when a batch is out. */
void		 nt_dedupe_written(void *arg, struct nt_ctx *);
/* After nt_parrun: flush the output, then commit the state. */
void		 nt_dedupe_end(struct nt_ctx *, struct nt_dedupe *);
/*
 * Parse an age for --max-age: a number from 1 to 10^9 and a unit s, m, h,
 * d or w (days without one).  0, or -1 if s is not one.
 */
int		 nt_dedupe_age(const char *s, int64_t *secs);
void		 nt_dedupe_free(struct nt_dedupe *);

#endif
