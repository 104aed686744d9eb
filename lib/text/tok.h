/*
 * tok: a word tokenizer for news text, with byte and code-point offsets.
 *
 * nt_tok_run cuts valid UTF-8 text into words, numbers and punctuation
 * and appends them to a struct nt_toks the caller owns and reuses from
 * record to record.  Each token carries its byte span, its code-point
 * span (the offsets the tools publish), a 64-bit hash of its folded form
 * (lower case, typographic apostrophes made plain, the dots of an
 * abbreviation dropped: "U.S." and "US" hash alike) and flags describing
 * its case and what separates it from the previous token.
 *
 * Words are split at hyphens ("Iranian-made" is Iranian, -, made, the
 * last two flagged NT_TF_GLUED) and before a possessive 's; dotted
 * abbreviations (U.S., D.C., a.m.) stay whole; numbers keep their inner
 * separators ("1,200.50"); a unit glued to a number ("1.2bn") is a word
 * of its own.  No state outside the struct; one thread per struct.
 */
#ifndef NT_TOK_H
#define NT_TOK_H

#include <stddef.h>
#include <stdint.h>

enum nt_tokkind { NT_TOK_WORD, NT_TOK_NUM, NT_TOK_PUNCT };

#define NT_TF_UPPER1	0x0001	/* a word whose first letter is upper case */
#define NT_TF_ALLCAPS	0x0002	/* a word whose letters are all upper case */
#define NT_TF_LOWER1	0x0004	/* a word whose first letter is lower case */
#define NT_TF_GLUED	0x0008	/* no white space before it */
#define NT_TF_NL	0x0010	/* first token of a line */
#define NT_TF_PARA	0x0020	/* first token after a blank line */
#define NT_TF_ABBR	0x0040	/* a dotted abbreviation (U.S.) */
#define NT_TF_DIGIT	0x0080	/* a word that holds a digit (G7) */
#define NT_TF_POSS	0x0100	/* the possessive 's */

struct nt_tok {
	size_t		 b, e;		/* byte span in the text */
	size_t		 cb, ce;	/* code-point span */
	uint64_t	 h;		/* hash of the folded form */
	uint32_t	 cp;		/* punctuation: its code point */
	uint16_t	 f;		/* NT_TF_* */
	uint8_t		 kind;		/* enum nt_tokkind */
	uint8_t		 len;		/* folded length in bytes, capped at 255 */
};

struct nt_toks {
	struct nt_tok	*t;
	size_t		 n, cap;
};

#define NT_TOKS_INIT { NULL, 0, 0 }

/* Empty toks and fill it with the tokens of valid UTF-8 s[0..n). */
void	 nt_tok_run(struct nt_toks *, const char *s, size_t n);
/*
 * The hash nt_tok_run gives a token whose text is s[0..n): fold and
 * hash one word (no white space inside).
 */
uint64_t nt_tok_hash(const char *s, size_t n);
void	 nt_toks_free(struct nt_toks *);

#endif
