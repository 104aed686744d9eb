/*
 * lang: which language a text is written in, as an ISO 639-1 code.
 *
 * nt_lang_detect looks at the first NT_LANG_SCAN bytes of a text and
 * answers one of en de fr es it nl pt pl tr (the Latin-script languages
 * of the model file), ru uk (Cyrillic) or ar (Arabic script), or "und"
 * when it cannot tell.  It first counts the letters of each script:
 * when most letters are neither Latin, Cyrillic nor Arabic, or there are
 * fewer than NT_LANG_MINLETTERS, or no script has two letters in
 * three, the answer is "und".  Cyrillic text is Ukrainian or Russian by
 * the letters only one of them writes (і ї є ґ against ы э ё; a text of
 * NT_LANG_RULETTERS letters or more with neither is Russian), and "und"
 * when letters of another Cyrillic alphabet (ў ј љ њ ...) or a heavy use
 * of ъ (Bulgarian) say it is neither.
 * Arabic-script text is Arabic unless the letters of Persian or Urdu
 * (پ چ ژ گ ک ی ...) show.  Latin-script text is scored against the
 * character trigrams of each language in the model (ntools-lang(5)): a
 * naive Bayes sum of costs, -ln P, over the trigrams of its lower-cased
 * words, each padded with a word boundary at both ends; the cheapest
 * language wins if the text had enough known trigrams and if it beat
 * the runner-up by the model's margin per trigram, a margin that grows
 * with the winner's own cost per trigram above the model's knee: a text
 * that fits no language well must be won clearly (Swedish is not called
 * Dutch, but a table of English abbreviations is still English).  Latin
 * text with one letter in twenty from U+1E00-U+1EFF (Vietnamese) is
 * "und".
 *
 * Reading stops early once a Latin text has given NT_LANG_ENOUGH
 * trigrams and its leader is ahead by the model's "sure" margin (on
 * English news that is after some 150 bytes).  The work is linear in
 * min(n, NT_LANG_SCAN) and allocates nothing.  A model starts as
 * NT_LANGMODEL_INIT, is filled once (by one thread) and then only read,
 * so one model may serve any number of threads.  It owns its memory.
 */
#ifndef NT_LANG_H
#define NT_LANG_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define NT_LANG_MAX		16	/* languages in one model file */
#define NT_LANG_SCAN		8192	/* bytes of a text looked at, at most */
#define NT_LANG_ENOUGH		128	/* trigrams before reading may stop */
#define NT_LANG_MINLETTERS	10	/* fewer letters: "und" */
#define NT_LANG_RULETTERS	30	/* Cyrillic letters that make Russian
					   without ы э ё */

/* A trigram and its cost in each language: one cache line away. */
struct nt_langslot {
	uint64_t	 key;		/* 0: an empty slot */
	uint8_t		 cost[NT_LANG_MAX];
};

struct nt_langmodel {
	char		 code[NT_LANG_MAX][4];	/* "en", "de", ... */
	size_t		 nlang;
	struct nt_langslot *slot;	/* open addressing, linear probing */
	size_t		 cap;		/* a power of two, or 0 */
	size_t		 ntri;
	unsigned	 floor;		/* a trigram a language lacks */
	unsigned	 mintri;	/* fewer known trigrams: "und" */
	unsigned	 margin;	/* lead per trigram over the runner-up */
	unsigned	 knee;		/* a winner's cost per trigram above */
	unsigned	 slope;		/* which each unit asks this much more lead */
	unsigned	 sure;		/* a lead past need that ends the reading */
};

#define NT_LANGMODEL_INIT { { { 0 } }, 0, NULL, 0, 0, 0, 0, 0, 0, 0, 0 }

/* What nt_lang_detect saw, for tests and for tuning the model. */
struct nt_langinfo {
	size_t		 letters;	/* in the script that won */
	size_t		 ntri;		/* Latin: known trigrams scored */
	unsigned	 cost;		/* Latin: the winner's cost per trigram */
	unsigned	 margin;	/* Latin: its lead per trigram */
	const char	*best;		/* Latin: the cheapest language */
};

/*
 * Load a model file (see ntools-lang(5)).  Returns 0, or -1 with
 * "path:line: message" in err; the model is then empty but may be
 * freed or loaded again.
 */
int	 nt_lang_load(struct nt_langmodel *, const char *path,
	    struct nt_buf *err);
/* The same from memory; name is used in messages. */
int	 nt_lang_parse(struct nt_langmodel *, const char *name, const char *p,
	    size_t n, struct nt_buf *err);
/*
 * The language of s[0..n) (UTF-8; invalid bytes are skipped like
 * punctuation): a code of the model, "ru", "uk", "ar" or "und".  The
 * string is static or the model's.  info may be NULL.
 */
const char *nt_lang_detect(const struct nt_langmodel *, const char *s,
	    size_t n, struct nt_langinfo *info);
void	 nt_lang_free(struct nt_langmodel *);

#endif
