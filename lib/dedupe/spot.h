/*
 * spot: ndedupe's spin-robust signature, and the word classes that it
 * and furn (site furniture) read texts by.
 *
 * Article spinners swap content words for synonyms ("mentioned" for
 * "said", "struggle" for "war") and leave function words, names and
 * numbers alone.  So a text's skeleton is the sequence of its anchors
 * (the function words of data/ndedupe/spot.yaml), names (capitalised
 * words that do not begin a sentence, and words with digits) and
 * numbers (a number word counts as its digits), in order, with the
 * words between them left out; a spot is a run of NT_SP_RUN consecutive
 * skeleton tokens.  A spun copy keeps most of its original's spots, and
 * texts that are not copies share few.  The idea is SpotSigs' (Theobald,
 * Siddharth and Paepcke, SIGIR 2008: stop-word antecedents and the words
 * after them); here the words after them are the ones spinners keep.
 *
 * The content words left out of the skeleton have a small sketch of their
 * own (NT_SP_WSKETCH of their distinct hashes): the share of them found
 * in another text, beside the share of spots, tells a spin (many words
 * swapped) from a typo or two.
 *
 * From the spot hashes come, as in minhash, a bottom-k sketch
 * (NT_SP_SKETCH values, their top 32 bits, sorted), compared with
 * nt_mh_compare, and the keys that find candidates: the NT_SP_MINKEYS
 * smallest, and the NT_SP_LEADKEYS smallest of the first NT_SP_LEAD
 * spots.  The names and the numbers of the text also set bits of two
 * masks (marks, 256 and 1024 bits), so that a check can tell whether the smaller
 * of two texts has names or numbers that the larger lacks, or lacks
 * the larger's first name.
 *
 * struct nt_spotw, the word lists, is read once and read-only after:
 * threads may share it.  A struct nt_spot owns its arrays and is reused
 * from text to text; one per thread.
 */
#ifndef NT_SPOT_H
#define NT_SPOT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/hsort.h"
#include "text/tok.h"

#define NT_SP_RUN	5
#define NT_SP_SKETCH	128
/* The content words' sketch, to tell a spin from a typo or two. */
#define NT_SP_WSKETCH	64
#define NT_SP_MINKEYS	8
#define NT_SP_LEAD	24
#define NT_SP_LEADKEYS	2
#define NT_SP_MAXKEYS	(NT_SP_MINKEYS + NT_SP_LEADKEYS)
/*
 * The marks: numbers in NT_SP_NUMW 64-bit words, names in NT_SP_NAMEW
 * (a text has more names, and the first one is looked up alone), then
 * the bit of the first name, plus one (0 if there is none), in the low
 * half of a word whose high half holds the text's first word when it
 * is capitalised (what a story is about most often comes first:
 * "Vantor said on Monday"; 0 if it is not); then NT_SP_STARTW words
 * holding, two to a word, the first words of the next lines that begin
 * with a capitalised one, as that high half (a copy with its first
 * paragraphs in another order begins with one of them).
 */
#define NT_SP_NUMW	4
#define NT_SP_NAMEW	16
#define NT_SP_LEADW	(NT_SP_NUMW + NT_SP_NAMEW)
#define NT_SP_STARTS	(NT_SP_LEADW + 1)
#define NT_SP_STARTW	4
#define NT_SP_MARKS	(NT_SP_STARTS + NT_SP_STARTW)

/* What a token is to the skeleton. */
enum nt_spc {
	NT_SPC_WORD,		/* a content word: left out */
	NT_SPC_ANCHOR,		/* a function word */
	NT_SPC_NAME,		/* capitalised inside a sentence, or G7 */
	NT_SPC_NUM,		/* digits, or a number word */
	NT_SPC_PUNCT
};

/* Token flags beside the class. */
#define NT_SPF_START	0x01	/* first word of a sentence */
#define NT_SPF_MONTH	0x02	/* a month name */
#define NT_SPF_YEAR	0x04	/* four digits, 1900 to 2099 */
#define NT_SPF_END	0x08	/* punctuation that ends a sentence */
#define NT_SPF_DATE	0x10	/* three numbers in a chain: 2024-02-07 */

struct nt_spotw;

struct nt_spot {
	uint8_t		*cls;		/* per token: enum nt_spc */
	uint8_t		*fl;		/* per token: NT_SPF_* */
	uint64_t	*val;		/* per token: its value in the skeleton */
	uint64_t	*mkey;		/* per token: what it counts as in marks */
	uint32_t	*fkey;		/* per token: as the text's first word */
	size_t		 tcap;
	uint64_t	*sk;		/* the skeleton of the lines kept */
	size_t		 nsk, skcap;
	uint64_t	*sp;		/* spot hashes, then sorted, unique */
	size_t		 nsp, spcap;
	struct nt_hsort	 hs;
	uint32_t	 n;		/* distinct spots (by their top 32 bits) */
	uint32_t	 sketch[NT_SP_SKETCH];
	uint32_t	 nsketch;
	uint64_t	*cw;		/* content word hashes, sorted, unique */
	size_t		 ncw, cwcap;
	uint32_t	 wn;		/* distinct content words */
	uint32_t	 wsketch[NT_SP_WSKETCH];
	uint32_t	 nwsketch;
	uint64_t	 keys[NT_SP_MAXKEYS];
	uint32_t	 nkeys;
	uint64_t	 marks[NT_SP_MARKS];
};

/*
 * Read the word lists from path (YAML: anchors, numbers, months).
 * NULL with "path:line:col: message" in err on a bad file.
 */
struct nt_spotw	*nt_spotw_load(const char *path, struct nt_buf *err);
/* The same from the data directory (ndedupe/spot.yaml). */
struct nt_spotw	*nt_spotw_default(struct nt_buf *err);
void		 nt_spotw_free(struct nt_spotw *);

void	nt_spot_init(struct nt_spot *);
/* Give each of text's tokens tk (nt_tok_run) its class, flags and value. */
void	nt_spot_classify(struct nt_spot *, const struct nt_spotw *,
	    const char *text, const struct nt_toks *tk);
/*
 * Make the signature of the classified tokens, leaving out each token i
 * for which drop[i] is not 0 (drop may be NULL).
 */
void	nt_spot_run(struct nt_spot *, const struct nt_toks *tk,
	    const uint8_t *drop);
/*
 * How many of the marks of `small` (numbers, or names: which = 0 or 1)
 * are missing from `big`, and how many it has: *miss of *all.
 */
void	nt_spot_marks_out(const uint64_t *small, const uint64_t *big,
	    int which, int *miss, int *all);
/*
 * Do the texts begin with other capitalised words (each has one, not an
 * anchor or a number), neither of which begins a later line of the
 * other, and have the same first name (or none)?  A text whose
 * sentences were put in another order begins with another name; one
 * whose paragraphs were, with a word that begins a line of the other.
 */
int	nt_spot_first_apart(const uint64_t *a, const uint64_t *b);
/*
 * What the first word of text, tokenized (perhaps only its first line)
 * in tk, counts as in the high half of the marks' lead word, as
 * nt_spot_run makes it of a text without furniture: 0 if it is not a
 * capitalised word, or is an anchor or a number word.
 */
uint32_t nt_spot_first_word(const struct nt_spotw *, const char *text,
	    const struct nt_toks *tk);
/* Is the first name of `small` (if it has one) among the names of big? */
int	nt_spot_lead_in(const uint64_t *small, const uint64_t *big);
void	nt_spot_free(struct nt_spot *);

#endif
