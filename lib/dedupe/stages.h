/*
 * stages: ndedupe cut into four filters of lines that any engine can run
 * apart (GNU parallel, Slurm, Hadoop Streaming, Spark's pipe()), and
 * that together decide as one ndedupe process over the whole input.
 *
 *  --emit-keys  per record (a map): a line per bucket key the record is
 *               found by, "KEY<TAB>SEQ..." where KEY is a type letter and
 *               16 hex digits (r: the exact bytes; n: the normalised
 *               words, whole and without furniture; m: a word key, of
 *               the words without furniture or, of a text with
 *               furniture, of its whole words too; s: a spot key), then
 *               its rank (for n, when it is looked up and held) and
 *               signature (nt_dsig), and one line
 *               "dSEQ<TAB>SEQ<TAB>ID<TAB>FLAGS" naming the record ("-",
 *               a record with no text; no ID, none in the record).
 *               SEQ (16 hex digits: the shard << 40 | the record's
 *               number in it) orders the records as one process reads
 *               them, so that a plain byte sort (LC_ALL=C sort) groups
 *               each key's lines in input order.
 *  --pairs      per bucket of sorted key lines (a reduce): each record
 *               with a window of the records before it in the bucket
 *               (NT_DS_FIRST), each pair verified by nt_dedupe_pair (n:
 *               nt_dedupe_same), the function one process verifies by;
 *               lines "SEQ<TAB>TYPE..." keyed by the later record (a
 *               verdict says too when the copy adds to the record).
 *  --clusters   over all pair lines, sorted again (so that each record's
 *               lines meet, in input order): replays nt_dedupe_check in
 *               input order over the pair edges (exact bytes, the
 *               normalised words, the words, the words without
 *               furniture, the full signature; a record is a copy of a
 *               kept one, or of a copy that added to one and holds the
 *               keys no record held, the first of a story is the one
 *               kept, a key held by NT_DD_PERKEY records is a common
 *               phrase), one verdict line per record, in SEQ order:
 *               "SEQ<TAB>0<TAB>STORY" or
 *               "SEQ<TAB>1<TAB>DUP_OF<TAB>STORY<TAB>SIM<TAB>CONT<TAB>KIND".
 *  --apply FILE per shard: drops, or marks as --annotate does, each
 *               record by its verdict in FILE.
 * With --state (the state file of one process, lib/store), the state
 * is read as the records before the input, and written by one process:
 * --emit-keys adds to each d line what the state keeps of a kept
 * record (its hashes, its keys in order, its signature); --pairs opens
 * the state first (forgetting what --max-age says is old), looks each
 * bucket's key up in it and lists the records found before the
 * bucket's own, their SEQ being their doc row with the top bit set;
 * --clusters reads their ids and verdicts, and writes first
 * "#state<TAB>LAST" (the state's newest row), then after each verdict
 * what the state is to keep of the record.  Nothing is written until
 * --clusters is given those verdicts as its input, once the output is
 * published: it keeps their records, refusing if the state is no longer
 * as LAST says.  The state has one writer, and a run that fails before
 * leaves it as it was.
 * The replay differs from one process only where a bucket holds more
 * than NT_DS_FIRST records before the one looked up that are not all
 * copies, and in the deep keys of a text made of common phrases (at most
 * NT_DS_DEEP of each family are sent).
 * A malformed or unsorted stage line is fatal (exit 1) with its file
 * and line: a shuffle that lost or reordered lines must not pass for a
 * verdict.
 *
 * struct nt_dstage owns what it allocates, and the state it opens.
 * One thread.
 */
#ifndef NT_STAGES_H
#define NT_STAGES_H

#include <stdint.h>

#include "core/cli.h"
#include "core/parrun.h"
#include "dedupe/dedupe.h"

/*
 * Earlier records of a bucket each record is compared with, at most: the
 * first NT_DS_FIRST, then those that are no copy of one before.
 */
#define NT_DS_FIRST	16
#define NT_DS_EARLY	64
/*
 * Deep keys (dedupe.h, NT_DD_DEEP) sent per record.  A text whose own
 * keys are all common phrases looks further up its MinHash order, past
 * values that are common too: on 18,000 news articles six were short
 * for two texts, sixteen gave every verdict of one process.  Each costs
 * a key line with the signature (about 0.5 KB).
 */
#define NT_DS_DEEP	16
/* A word key's rank when it is not among the keys a kept text holds. */
#define NT_DS_UNHELD	63
/* The largest shard number (SEQ keeps 40 bits for the record). */
#define NT_DS_MAXSHARD	((1U << 23) - 1)

enum nt_dstage_mode { NT_DS_NONE, NT_DS_KEYS, NT_DS_PAIRS, NT_DS_CLUSTERS,
	NT_DS_APPLY };

struct nt_dstage;

/*
 * Set up a stage: shard numbers the records of --emit-keys and
 * --apply; verdicts is --apply's file (exits 1 when it cannot be
 * read); compact is --emit-keys --compact.
 */
struct nt_dstage *nt_dstage_new(enum nt_dstage_mode,
		    const struct nt_dedupe_opt *, unsigned shard,
		    const char *verdicts, int compact);
/* nt_parrun's record function for --emit-keys and --apply. */
int		 nt_dstage_record(void *arg, struct nt_parjob *);
/* --pairs and --clusters: read ctx's input lines, write ctx's output. */
void		 nt_dstage_lines(struct nt_ctx *, struct nt_dstage *);
void		 nt_dstage_free(struct nt_dstage *);
/*
 * ndedupe's main for a stage: start ctx on the input files, run the
 * stage, finish.  Returns the exit status.
 */
int		 nt_dstage_run(struct nt_ctx *, enum nt_dstage_mode,
		    const struct nt_dedupe_opt *, unsigned shard,
		    const char *verdicts, int compact, int argc,
		    char **argv);

#endif
