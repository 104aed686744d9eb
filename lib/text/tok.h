/*
 * tok: the one word tokenizer of the text core, with byte and code-point
 * offsets.
 *
 * nt_tok_run cuts valid UTF-8 text into words, numbers and punctuation
 * and appends them to a struct nt_toks the caller owns and reuses from
 * record to record.  Each token carries its byte span, its code-point
 * span (the offsets the tools publish), a 64-bit hash (XXH3) of its
 * folded form (lower case, typographic apostrophes made plain, the dots
 * of an abbreviation dropped: "U.S." and "US" hash alike) and flags
 * describing its case shape, where lines and paragraphs start, and what
 * separates it from the previous token.  Characters are classified by
 * the text core's table (chars.h) and nowhere else.
 *
 * The rules, one function each in tok.c:
 *  - white space parts tokens; a line break (LF, CR, CRLF, VT, FF, NEL,
 *    LS) starts a line, two or more (or a PS) a paragraph;
 *  - invisible characters (zero-width space, soft hyphen, other format
 *    characters) are nothing: they neither part tokens nor belong to
 *    them, and a word or number goes on across them ("in\u200bternal");
 *  - a word is letters, marks and digits, with inner apostrophes before
 *    a letter ("O'Brien", "don't"); it stops before a possessive 's,
 *    which is a word of its own flagged NT_TF_POSS ("Ukraine" "’s");
 *  - words are split at hyphens ("Iranian-made" is Iranian, -, made, the
 *    last two flagged NT_TF_GLUED);
 *  - two or more single ASCII letters each followed by a dot are one
 *    abbreviation (U.S., D.C., a.m.), flagged NT_TF_ABBR;
 *  - a number is digits with inner separators ("1,200.50"); a unit glued
 *    to it ("1.2bn") is a word of its own;
 *  - anything else is one code point of punctuation.
 *
 * nt_tok_scan takes options: NT_TOK_MARKUP makes HTML tags ("<b>",
 * "&lt;p&gt;") and line breaks written as "\n" white space (a block tag
 * is a paragraph break), as sentence splitting wants; NT_TOK_NOHASH
 * skips folding for callers that need only spans and shapes;
 * NT_TOK_FOLD keeps every token's folded bytes (nt_tok_fold);
 * NT_TOK_BASE folds to base letters (no accents, compatibility forms
 * decomposed, full case folding: "Éclair" and "eclair" alike), which
 * changes the hashes too.  nt_tok_count counts word runs, the stuff
 * words are cut from, without cutting them (nstats' "tokens").
 *
 * No state outside the struct but the class table, built once; one
 * thread per struct.
 */
#ifndef NT_TOK_H
#define NT_TOK_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

enum nt_tokkind { NT_TOK_WORD, NT_TOK_NUM, NT_TOK_PUNCT, NT_TOK_RUN };

#define NT_TF_UPPER1	0x0001	/* a word whose first letter is upper case */
#define NT_TF_ALLCAPS	0x0002	/* a word whose letters are all upper case */
#define NT_TF_LOWER1	0x0004	/* a word whose first letter is lower case */
#define NT_TF_GLUED	0x0008	/* no white space before it */
#define NT_TF_NL	0x0010	/* first token of a line */
#define NT_TF_PARA	0x0020	/* first token after a blank line */
#define NT_TF_ABBR	0x0040	/* a dotted abbreviation (U.S.) */
#define NT_TF_DIGIT	0x0080	/* a word that holds a digit (G7) */
#define NT_TF_POSS	0x0100	/* the possessive 's */
#define NT_TF_SPNL	0x0200	/* the line before it ended in white space */
#define NT_TF_APOS	0x0400	/* a word with an apostrophe inside (O'Brien) */

/* Options for nt_tok_scan. */
#define NT_TOK_MARKUP	0x1	/* HTML tags and written "\n" are white space */
#define NT_TOK_NOHASH	0x2	/* no folding: every h is 0 */
#define NT_TOK_FOLD	0x4	/* keep the folded bytes (nt_tok_fold) */
#define NT_TOK_BASE	0x8	/* fold to base letters (no accents) */
#define NT_TOK_RUNS	0x10	/* runs between white space, not words */
#define NT_TOK_APPEND	0x20	/* add to tk instead of emptying it */
#define NT_TOK_GENERAL	0x80	/* for tests: no fast path (same tokens) */

struct nt_tok {
	size_t		 b, e;		/* byte span in the text */
	size_t		 cb, ce;	/* code-point span */
	uint64_t	 h;		/* hash of the folded form: never 0,
					   but 0 with NT_TOK_NOHASH */
	uint32_t	 cp;		/* punctuation: its code point */
	uint16_t	 f;		/* NT_TF_* */
	uint8_t		 kind;		/* enum nt_tokkind */
	uint8_t		 len;		/* bytes of its letters, marks,
					   digits and inner apostrophes
					   (a number: and separators; an
					   abbreviation: letters only; a
					   possessive: 2), capped at 255 */
};

struct nt_toks {
	struct nt_tok	*t;
	size_t		 n, cap;
	/* With NT_TOK_FOLD: token i's folded bytes are fold.p[fo[i] ..
	 * fo[i + 1]); otherwise scratch. */
	struct nt_buf	 fold;
	size_t		*fo;
	size_t		 focap;
};

#define NT_TOKS_INIT { NULL, 0, 0, NT_BUF_INIT, NULL, 0 }

/* Empty toks and fill it with the tokens of valid UTF-8 s[0..n). */
void	 nt_tok_run(struct nt_toks *, const char *s, size_t n);
/*
 * The same with NT_TOK_* options.  With NT_TOK_APPEND the tokens of s
 * go after those tk holds (their offsets are s's, and the first of them
 * starts a line), so one array can hold the tokens of many lines.
 */
void	 nt_tok_scan(struct nt_toks *, const char *s, size_t n,
	    unsigned opts);
/*
 * The hash nt_tok_run gives a token whose text is s[0..n): fold and
 * hash one word (no white space inside).  0 unless s is one token.
 */
uint64_t nt_tok_hash(const char *s, size_t n);
/* Token i's folded bytes (after a scan with NT_TOK_FOLD); *len set. */
const char *nt_tok_fold(const struct nt_toks *, size_t i, size_t *len);
/*
 * Count, several times faster than cutting them, the word runs of valid
 * UTF-8 s[0..n): maximal runs of letters, marks and numbers (NT_CC_WORD;
 * an invisible character inside one does not end it), what the words and
 * numbers of nt_tok_run are cut from.  A run with inner punctuation is
 * more than one here and one token there ("don't", "3.5", "U.S.").  In
 * *cps, unless NULL, the code points.  nt_tok_count_json does the same
 * over the content of a JSON string, escapes undecoded (each counts as
 * the character it stands for).
 */
uint64_t nt_tok_count(const char *s, size_t n, uint64_t *cps);
uint64_t nt_tok_count_json(const char *s, size_t n, uint64_t *cps);
/*
 * The maximal runs of ASCII letters of s[0..n), for a caller that asks
 * only which words an ASCII text might hold, several times faster than
 * cutting them: in ASCII the letters of a word token are runs of their
 * own, the same but for case, but for a dotted abbreviation, whose
 * letters are runs of one each and one word together ("U.S." is "us").
 * The runs from min to max bytes long whose slot (nt_run_slot) is set in
 * filter (NT_RUN_SLOTS bits) go to *runs as byte spans (*cap of them
 * allocated, grown as needed), and their number to *nrun.  -1 when s
 * holds a byte that is not ASCII, or an abbreviation of min letters or
 * more: then a word of min letters or more may be missing from the runs.
 */
struct nt_run {
	size_t		 b, e;
};
#define NT_RUN_SLOTS	65536
int	 nt_tok_letter_runs(const char *s, size_t n, size_t min, size_t max,
	    const uint64_t *filter, struct nt_run **runs, size_t *cap,
	    size_t *nrun);

/* The slot of letters p[0..len) (len > 0): length and three letters. */
static inline unsigned
nt_run_slot(const char *p, size_t len)
{
	return (unsigned)((len & 15) << 12 | ((unsigned char)p[0] & 31) << 7 |
	    ((unsigned char)p[len - 1] & 31) << 2 |
	    ((unsigned char)p[len / 2] & 3));
}

void	 nt_toks_free(struct nt_toks *);
/*
 * Where a piece of s[0..n) that starts at off and is at most max bytes
 * long (max > 0) should end, so that a long text can be tokenized a
 * piece at a time: n when the rest fits, else after the last line break
 * in it, else after its last space (a line longer than max), else at a
 * character boundary; always past off.
 */
size_t	 nt_tok_piece(const char *s, size_t off, size_t n, size_t max);

#endif
