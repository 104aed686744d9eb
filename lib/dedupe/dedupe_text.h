/*
 * dedupe_text: turn an article's text into the sequence of word hashes
 * that ndedupe compares, so that copies of one story look alike and
 * different stories do not.
 *
 * The words are the tokenizer's (tok.h) words and numbers, taken by
 * their base letters.  What is ignored: case (Unicode case
 * folding), accents and compatibility forms, punctuation and every kind
 * of white space (NBSP, CRLF, doubled spaces), zero-width and other
 * format characters (even inside a word), apostrophes inside words
 * ("don't" is "dont"), blank lines, and lines that are scraper
 * boilerplate (shortcodes such as "[ad_1]", and short lines made mostly
 * of boilerplate words: "Source link", "Advertisement", newsletter,
 * share and copyright lines).  What is forgiven: a swap of two inner
 * letters of a word (each word of three letters or more hashes by its
 * first letter, its length and the multiset of its other letters), a
 * plural "s", and synonyms that spinners swap ("stated" for "said",
 * "firm" for "company").  What always counts: numbers, hashed exactly,
 * and also collected in a 128-bit mask so two texts can be checked for
 * numbers one has and the other lacks; names (capitalised words that do
 * not start a sentence) are collected in a mask of their own, and so
 * are the synonyms as written (before they count as their group's
 * first word), which tells a spun copy from one with the same words.
 *
 * The word lists are data: the boilerplate words are the
 * 'boilerplate_words' of nclean's rule file (data/nclean/rules.yaml,
 * nclean-rules(5)), the synonyms and the function words (neither
 * content nor boilerplate) are data/ndedupe/words.yaml (ndedupe(1)).
 *
 * A struct nt_dtext owns its lexicon and its arrays and is reused from
 * text to text; one struct per thread.
 */
#ifndef NT_DEDUPE_TEXT_H
#define NT_DEDUPE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "text/tok.h"

struct nt_dlex;

struct nt_dtext {
	uint64_t	*tok;		/* word hashes of the kept lines */
	size_t		 ntok, tcap;
	uint64_t	 nums[2];	/* a bit per distinct number */
	uint64_t	 names[2];	/* a bit per distinct name */
	uint64_t	 vars[2];	/* a bit per distinct synonym, as written */
	size_t		 nlines;	/* lines kept */
	size_t		 nboiler;	/* lines dropped as boilerplate */
	/* private */
	struct nt_dlex	*lex;		/* the word lists */
	struct nt_toks	 tk;		/* the text's tokens */
	size_t		 nlt;		/* words of the line being read, in
					   tok[ntok ..] (and tf, tv) */
	/* With nt_dtext_run_toks: the lines read, for nt_dtext_keep. */
	struct nt_dline	*ln;
	size_t		 nln, lncap;
	uint8_t		*tf, *tv;	/* per word of tok: flags, synonym's
					   bit in vars */
	int		 lined;		/* ln, tf and tv describe tok */
};

/*
 * Make t ready, with the word lists of the default data files (found
 * with nt_datapath).  Returns 0, or -1 with the reason in err (t is then
 * empty and must still be freed).
 */
int	nt_dtext_init(struct nt_dtext *, struct nt_buf *err);
/* The same from a rule file (its boilerplate_words) and a word file. */
int	nt_dtext_load(struct nt_dtext *, const char *rules, const char *words,
	    struct nt_buf *err);
/* Read valid UTF-8 s[0..n); the result replaces the previous one. */
void	nt_dtext_run(struct nt_dtext *, const char *s, size_t n);
/*
 * The same, from tk, the tokens of s[0..n) (nt_tok_run or nt_tok_scan
 * of any options): a text already cut need not be cut again.  A text
 * longer than a piece (1 MiB) is read as nt_dtext_run reads it.
 */
void	nt_dtext_run_toks(struct nt_dtext *, const char *s, size_t n,
	    const struct nt_toks *tk);
/*
 * After nt_dtext_run_toks: the result as if the text had been read
 * with only the lines whose first token (an index into its tk) is not
 * set in drop, each line on a line of its own: what nt_dtext_run makes
 * of those lines joined by line breaks, without reading them again.
 * Returns 0 and does nothing unless the last text was read by
 * nt_dtext_run_toks (and not released).
 */
int	nt_dtext_keep(struct nt_dtext *, const uint8_t *drop);
/* A hash of the token sequence: equal for texts that normalise alike. */
uint64_t nt_dtext_key(const struct nt_dtext *);
/*
 * Give back the memory of a long text's word hashes (over a million
 * words) once the key and the shingles are made: the next nt_dtext_run
 * takes it again.  The counts stay; tok is not to be read until then.
 */
void	nt_dtext_release(struct nt_dtext *);
/* The hash of the word s[0..n) as nt_dtext_run makes it (0: no word). */
uint64_t nt_dtext_word(struct nt_dtext *, const char *s, size_t n);
void	nt_dtext_free(struct nt_dtext *);

#endif
