/*
 * dedupe_text: turn an article's text into the sequence of word hashes
 * that ndedupe compares, so that copies of one story look alike and
 * different stories do not.
 *
 * What is ignored: case (Unicode case folding via utf8proc), accents and
 * compatibility forms, punctuation and every kind of white space (NBSP,
 * CRLF, doubled spaces), zero-width and other format characters (even
 * inside a word), blank lines, and lines that are scraper boilerplate
 * (shortcodes such as "[ad_1]", "Source link", "Advertisement",
 * newsletter, share and copyright lines).  What is forgiven: a swap of
 * two inner letters of a word (each word of four letters or more hashes
 * by its first and last letter, its length and the multiset of its other
 * letters), a plural "s", and a built-in list of synonyms that spinners
 * swap ("stated" for "said", "firm" for "company").  What always counts:
 * numbers, hashed exactly, and also collected in a 128-bit mask so two
 * texts can be checked for numbers one has and the other lacks; names
 * (capitalised words that do not start a sentence) are collected in a
 * mask of their own.
 *
 * A struct nt_dtext owns its arrays and is reused from text to text.
 * The built-in tables are made once, on first use, and are read-only
 * afterwards; one struct per thread.
 */
#ifndef NT_DEDUPE_TEXT_H
#define NT_DEDUPE_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct nt_dtext {
	uint64_t	*tok;		/* word hashes of the kept lines */
	size_t		 ntok, tcap;
	uint64_t	 nums[2];	/* a bit per distinct number */
	uint64_t	 names[2];	/* a bit per distinct name */
	size_t		 nlines;	/* lines kept */
	size_t		 nboiler;	/* lines dropped as boilerplate */
	/* scratch: the tokens of the line being read */
	uint64_t	*lt;
	uint8_t		*lf;
	size_t		 nlt, lcap;
};

void	nt_dtext_init(struct nt_dtext *);
/* Read valid UTF-8 s[0..n); the result replaces the previous one. */
void	nt_dtext_run(struct nt_dtext *, const char *s, size_t n);
/* A hash of the token sequence: equal for texts that normalise alike. */
uint64_t nt_dtext_key(const struct nt_dtext *);
/* The hash of one word as nt_dtext_run makes it (for tests). */
uint64_t nt_dtext_word(const char *s, size_t n);
void	nt_dtext_free(struct nt_dtext *);

#endif
