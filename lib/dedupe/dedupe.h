/*
 * dedupe: decide whether a text was seen before, exactly or nearly, and
 * remember what was seen, in memory or in a state file (lib/store).
 *
 * For each text, stopping at the first that answers:
 *  1. the hash of its exact bytes: a text seen before, kept or dropped,
 *     gets the same answer as then;
 *  2. the words of the whole text (dedupe_text, minhash): the hash of
 *     its normalised words (similarity 1; a text with no words left,
 *     blank or boilerplate only, is only ever a duplicate by its bytes),
 *     then the records its word keys lead to, verified by words;
 *  3. the rest of the signature (nt_dedupe_sign): its tokens (text/tok)
 *     classified (spot), its site furniture found (furn) and left out
 *     (the words are made again without it), its spots' sketch, keys
 *     and marks (spot); then the records its word and spot keys lead to
 *     (nt_dedupe_candidates), each verified (nt_dedupe_verify).
 * A key that NT_DD_PERKEY records hold already is a common phrase and is
 * ignored; a text left with fewer than its minimum of keys takes the
 * next values of its order (up to NT_DD_DEEP, NT_DD_SPOT_DEEP).
 * By words, a candidate matches by Jaccard similarity, or containment
 * of the shorter text in the longer when the shorter has at least
 * NT_DD_CONTAIN_MIN shingles (or NT_DD_WHOLE_MIN, found NT_DD_WHOLE);
 * texts whose numbers differ both ways never do, nor texts whose names
 * do, unless the spots are made and the smaller's names by the spot
 * marks are in the larger; short texts need 0.9.  By spots (a spun
 * copy): the containment of the text with fewer spots in the other
 * (NT_DD_SPOT_EASE less of a text of NT_DD_SPOT_LONG spots; only
 * NT_DD_SPOT_PART of a shorter one whose names and numbers agree by
 * words, with its first name and NT_DD_SPOT_WORDS of its shingles),
 * with at least NT_DD_SPOT_SHARED shared (or NT_DD_SPOT_FEW of a short
 * text whose words are found too, or whose names and numbers agree by
 * words with its first name found), the smaller's names and numbers
 * (nearly) all in the larger and its first name among them; a pair
 * that does not look spun (its word shingles found nearly as often as
 * its spots, its content words NT_DD_SPUN_WORDS as often) only with
 * NT_DD_SPOT_SURE of its spots (or NT_DD_SPOT_WORDS of its shingles,
 * or its names and numbers agreeing by their words) and its names,
 * forgiven a typo (or one swapped each way, first names and numbers
 * all alike), and numbers agreeing both ways.  Two texts
 * without furniture, nearly the same words each way and not spun, that
 * begin with other capitalised words are two stories of one template.
 * A candidate only spot keys led to is verified by spots only.  The
 * best by words wins, else the best by spots.  The kind of copy
 * (lib/kind) comes from the spots, the content words, the word
 * shingles, the synonyms as written and the furniture of the pair.
 *
 * A text that matched is remembered by its exact hash only, with its
 * verdict; a text that did not is remembered whole, and later texts are
 * compared with it.  Its story is its own id; a duplicate's story is
 * that of the record it duplicates, kept in the state with it.
 *
 * nt_dedupe_record is the record function ndedupe gives the record loop
 * (parrun.h, with NT_PARRUN_ANY | NT_PARRUN_PREP): it drops or annotates
 * duplicates, one record at a time in input order, each signed before
 * on a worker thread by a signer of its own (nt_dedupe_prepare) or, on
 * one thread, by itself: the verdicts are the same.  With a state file, nt_dedupe_written, the loop's written
 * hook, commits what it remembered only after the output it wrote is
 * flushed (and fsynced when it is a file), every `batch` records and
 * whenever the input has nothing more to read yet.  A run killed at any
 * moment thus loses no record; the next run repeats at most the records
 * of the last batch.
 *
 * struct nt_dedupe owns everything it allocates.  One thread; a signer
 * (nt_dedupe_signer) is a struct of its own, for its own thread.
 */
#ifndef NT_DEDUPE_H
#define NT_DEDUPE_H

#include <stddef.h>
#include <stdint.h>

#include "core/cli.h"
#include "core/parrun.h"
#include "core/rec.h"
#include "dedupe/minhash.h"
#include "dedupe/spot.h"
#include "dedupe/store.h"

#define NT_DD_CONTAIN_MIN	24
#define NT_DD_SHORT		10
/* The smaller text's numbers, at least this many, all in the larger:
 * its names need not agree (words_agree). */
#define NT_DD_NUMS_SURE		6
/* A shorter text of NT_DD_WHOLE_MIN shingles this much inside is a part. */
#define NT_DD_WHOLE		0.9
#define NT_DD_WHOLE_MIN		20
/* A key held by this many records is a common phrase, not a lead. */
#define NT_DD_PERKEY		3
/* How far up its MinHash order a text looks for keys of its own. */
#define NT_DD_DEEP		64
/* The same for spots, many of which are common phrases of anchors. */
#define NT_DD_SPOT_DEEP		16
/*
 * A copy found by its words with this much of each found in the other
 * is near enough not to need its spots made for its kind.
 */
#define NT_DD_NEAR		0.97
/* Records a run with a new state keeps in memory, at most, as well. */
#define NT_DD_MEMDOCS		131072
/*
 * Spots two texts must share, at least, to be copies by their spots; or
 * NT_DD_SPOT_FEW of a short text, with NT_DD_SPOT_SURE of its spots and
 * NT_DD_SPOT_WORDS of its word shingles found, and at least
 * NT_DD_SPOT_FEWWORDS shingles (a sentence or two: shorter texts are
 * only copies when they say the same).
 */
#define NT_DD_SPOT_SHARED	6
/*
 * A pair not spun that shares NT_DD_SPOT_MANY spots, NT_DD_SPOT_WORDS of
 * the word shingles, the first name and the numbers is a copy whatever
 * its other names (two copies cut otherwise).
 */
#define NT_DD_SPOT_MANY		20
#define NT_DD_SPOT_FEW		3
/* A short text whose words are found may have this share of its spots. */
#define NT_DD_SPOT_PART		0.4
#define NT_DD_SPOT_FEWWORDS	16
/* A smaller text of this many spots or more needs this share less. */
#define NT_DD_SPOT_LONG		20
#define NT_DD_SPOT_EASE		0.1
/*
 * A pair looks spun when its word shingles are found less than
 * NT_DD_SPUN times as often as its spots; one that does not is a copy by
 * its spots only with NT_DD_SPOT_SURE of them found.
 */
#define NT_DD_SPUN		0.82
#define NT_DD_SPOT_SURE		0.75
/* ... or NT_DD_SPOT_WORDS of its word shingles found as well. */
#define NT_DD_SPOT_WORDS	0.6
/*
 * A pair looks spun by its content words when they are found less than
 * NT_DD_SPUN_WORDS times as often as its spots (a typo costs one word).
 */
#define NT_DD_SPUN_WORDS	0.92
/*
 * Two copies cut otherwise, each with numbers of its own, share at
 * least NT_DD_NUMS_CUT numbers, and more than those they do not.
 */
#define NT_DD_NUMS_CUT		4
/* With this much of its spots found, a copy need not have the first name. */
#define NT_DD_LEAD_SURE		0.85
/* ... or with this many of its other names found. */
#define NT_DD_NAMES_MANY	8

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
	double		 sim;		/* similarity */
	double		 cont;		/* containment of the smaller */
	int		 kind;		/* enum nt_kind */
	const char	*of;		/* JSON id of the record kept */
	size_t		 oflen;
	const char	*story;		/* JSON id of the story */
	size_t		 storylen;
	int		 how;		/* 1 exact bytes, 2 normalised, 3 near
					   by words, 4 by spots */
	int		 adds;		/* nt_dedupe_pair: a near copy that
					   adds to the record (dedupe.c,
					   adds_to), kept with its words */
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
 * The stages of nt_dedupe_check, for engines that run them apart:
 * sign the text (the signature stays in the struct until the next
 * call); the candidates its keys lead to, up to max doc handles;
 * verify one (fills v: sim, cont, kind, how; 0 if it is no copy).
 */
void		 nt_dedupe_sign(struct nt_dedupe *, const char *text,
		    size_t len);
size_t		 nt_dedupe_candidates(struct nt_dedupe *, int64_t *out,
		    size_t max);
int		 nt_dedupe_verify(struct nt_dedupe *, const struct nt_sdoc *,
		    struct nt_dverdict *v);
/*
 * For the stages (stages.h), which sign in one process and verify in
 * another: a text's signature, what the state keeps of a kept text (s,
 * its sketches in the arrays below) and what looking it up needs
 * besides.  A text with furniture has a second word sketch, of its
 * whole words, which one process compares first.
 */
struct nt_dsig {
	struct nt_sdoc	 s;
	uint32_t	 sk[NT_MH_SKETCH];
	uint32_t	 spsk[NT_SP_SKETCH];
	uint32_t	 wsk[NT_SP_WSKETCH];
	uint64_t	 raw;		/* its exact bytes */
	uint64_t	 norm0;		/* its words */
	uint64_t	 norm;		/* its words without furniture */
	uint64_t	 nums0[NT_SD_NUMS];	/* of its words, as s.nums */
	int		 words0, words;	/* it has words (without furniture) */
	int		 boiler0;	/* it has lines of boilerplate */
	int		 furn;		/* it has furniture: sk0 is its own */
	uint32_t	 n0, nsk0;	/* the sketch of its whole words */
	uint32_t	 sk0[NT_MH_SKETCH];
	uint64_t	 keys0[NT_MH_MAXKEYS];	/* and its keys, then order */
	uint64_t	 order0[NT_DD_DEEP];
	size_t		 nkeys0, norder0;
};

/* What nt_dedupe_pair verifies a candidate as (flags). */
enum {
	NT_DP_WORDS = 1,	/* by the words first looked up by */
	NT_DP_FULL = 2,		/* by the full signature */
	NT_DP_SPOTS = 4		/* by the spots only (a spot key's) */
};

/* The keys a text is looked up by, then its order past them. */
struct nt_dkeys {
	const uint64_t	*keys;
	size_t		 nkeys;
	const uint64_t	*order;
	size_t		 norder;
};

/* Sign a text into g (nothing is looked up or remembered). */
void		 nt_dedupe_sig(struct nt_dedupe *, const char *text,
		    size_t len, struct nt_dsig *g);
/* The word (spots 0) or spot keys of the text nt_dedupe_sig signed. */
void		 nt_dedupe_keys(const struct nt_dedupe *, int spots,
		    struct nt_dkeys *);
/* Make g, which must outlive its use, the text to verify. */
void		 nt_dedupe_load(struct nt_dedupe *, const struct nt_dsig *g);
/*
 * Verify the loaded text against candidate s as nt_dedupe_check does,
 * as what (NT_DP_*): by its whole words (kind as when they match),
 * then by its full signature (words without furniture, then spots),
 * or by its spots only (a candidate only spot keys led to).  Fills v
 * (dup, how, sim, cont, kind, adds); returns v->dup.
 */
int		 nt_dedupe_pair(struct nt_dedupe *, const struct nt_sdoc *s,
		    int what, struct nt_dverdict *v);
/*
 * The kind of the loaded text as a copy of s by the same normalised
 * words: of its whole words, or (body) of those without furniture.
 */
int		 nt_dedupe_same(struct nt_dedupe *, const struct nt_sdoc *s,
		    int body);
/*
 * The fields --annotate sets by v: dup and story, and for a copy
 * dup_of, dup_kind, similarity and containment (formatted in num).
 */
void		 nt_dedupe_annotate(struct nt_rec *, const struct nt_dverdict *v,
		    struct nt_buf *num);
/*
 * What nt_dedupe_prepare works out of a text on a worker thread for
 * nt_dedupe_record to decide by on the main one (parrun.h,
 * NT_PARRUN_PREP): its signature and the keys it is looked up by, as
 * its own signing would leave them.  The decisions are the same as
 * without it.
 */
struct nt_dprep {
	uint64_t	 raw;		/* the exact hash of its text */
	int		 sig;		/* 0: raw only, nothing signed */
	struct nt_dsig	 g;
	uint64_t	 keys[NT_MH_MAXKEYS];	/* of its words without furniture */
	uint64_t	 order[NT_DD_DEEP];
	uint64_t	 spkeys[NT_SP_MAXKEYS];	/* of its spots */
	uint64_t	 sporder[NT_DD_SPOT_DEEP];
	uint32_t	 nkeys, norder, nspkeys, nsporder;
	/*
	 * 0: only the words of the whole text were made (g up to order0),
	 * the same words as a text met before, or (when no kind is made)
	 * most of its keys, which most likely answer for it; the rest is
	 * made from the text when it is needed.
	 */
	int		 full;
	/*
	 * Where its id's raw value is in the line (idlen 0: no id; idoff
	 * SIZE_MAX: not told), for nt_dedupe_quick.
	 */
	size_t		 idoff, idlen;
};

/*
 * nt_parrun's start, end and prepare for that: a signer with the
 * options of the struct nt_dedupe arg (and no state), and the text of a
 * record signed into slot, a struct nt_dprep (1; 0 when the record has
 * no text).  A text met before, or any while the signers are idle, has
 * its exact hash only.  nt_parrun's quick: outside --annotate, a
 * record whose exact text is known already is dropped without being
 * parsed on the main thread (1), as nt_dedupe_record would drop it; so
 * is a copy found by the signature its text was signed into in full
 * when no kind is made, and a record kept by it is passed as it came.
 */
void		*nt_dedupe_signer(void *arg);
void		 nt_dedupe_signer_free(void *state, void *arg);
int		 nt_dedupe_prepare(void *state, struct nt_parjob *, void *slot);
int		 nt_dedupe_quick(void *arg, struct nt_parjob *);
/* nt_parrun's record function; arg is the struct nt_dedupe. */
int		 nt_dedupe_record(void *arg, struct nt_parjob *);
/* nt_parrun's written hook: commit the state when a batch is out. */
void		 nt_dedupe_written(void *arg, struct nt_ctx *);
/* After nt_parrun: flush the output, then commit the state. */
void		 nt_dedupe_end(struct nt_ctx *, struct nt_dedupe *);
/*
 * After nt_cli_finish, whose exit status is status: under npipe's
 * commit gate (lock.h), commit the state on its word, or exit 1 having
 * committed nothing.  Returns status.
 */
int		 nt_dedupe_settle(struct nt_dedupe *, int status);
void		 nt_dedupe_free(struct nt_dedupe *);

#endif
