/*
 * abbrev: a table of words and what they mean to a sentence splitter:
 * abbreviations by the way they behave before the next word, and words
 * that start or continue sentences.
 *
 * The table is an open-addressing hash of short words (at most
 * NT_AB_MAXWORD bytes) to a set of NT_AB_* flags.  Words are stored as
 * written in the data file, without a final period ("U.S", "Gen", "e.g").
 * A word written all in lower case also matches any capitalisation of it
 * ("co" matches "Co" and "CO"); a word with a capital letter matches only
 * itself ("Gen" does not match "gen").  Adding a word twice ORs its flags.
 *
 * The data file (YAML, see nsplit(1)) is a mapping from class names to
 * lists of words:
 *
 *	title:  [Mr, Mrs, Dr, Gen]	# before a name; never end a sentence
 *	number: [No, p, Jan]		# before a number; never end there
 *	end:    [Inc, Co, a.m]		# may end a sentence
 *	place:  [U.S, D.C, Calif]	# may end one, more often names a
 *					# place before a noun (U.S. Army)
 *	inner:  [e.g, i.e, vs]		# never end a sentence
 *	continue: [Army, Senate]	# a capitalised word that carries an
 *					# "end" abbreviation on (U.S. Army)
 *	starter: [the, he, it]		# a word that opens sentences
 *	label:  [Image, Photo]		# "Image:" opens a caption credit
 *
 * The table owns its memory.  Once filled it is only read, so one table
 * may be shared by any number of threads; filling it is for one thread.
 */
#ifndef NT_ABBREV_H
#define NT_ABBREV_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define NT_AB_MAXWORD	48

enum {
	NT_AB_TITLE	= 1 << 0,
	NT_AB_NUMBER	= 1 << 1,
	NT_AB_END	= 1 << 2,
	NT_AB_INNER	= 1 << 3,
	NT_AB_CONT	= 1 << 4,
	NT_AB_STARTER	= 1 << 5,
	NT_AB_PLACE	= 1 << 6,
	NT_AB_LABEL	= 1 << 8,
	NT_AB_ANYCASE	= 1 << 7,	/* set by the table: a lower-case entry */
	/* Not classes of the word file: set by sentlang.c from ordinals.yaml. */
	NT_AB_ORDBEFORE	= 1 << 9,	/* "am": "N." after it is an ordinal */
	NT_AB_ORDAFTER	= 1 << 10	/* "Oktober": "N." before it is one */
};

struct nt_abent {
	char		 w[NT_AB_MAXWORD];
	uint8_t		 len;
	uint16_t	 flags;
};

struct nt_abbrev {
	struct nt_abent	*tab;
	size_t		 cap;		/* a power of two, or 0 */
	size_t		 n;
};

#define NT_ABBREV_INIT { NULL, 0, 0 }

/* Add word w[0..n) (a final '.' is dropped) with flags; -1 if too long. */
int	nt_abbrev_add(struct nt_abbrev *, const char *w, size_t n,
	    unsigned flags);
/*
 * The flags of w[0..n) (0 when unknown): those of its own entry and of
 * the entry of its lower-case form, if that one was written in lower case.
 */
unsigned nt_abbrev_get(const struct nt_abbrev *, const char *w, size_t n);
/*
 * Load a YAML word file and add its words.  Returns 0, or -1 with
 * "path:line:col: message" in err.
 */
int	nt_abbrev_load(struct nt_abbrev *, const char *path, struct nt_buf *err);
/* The same from memory; name is used in messages. */
int	nt_abbrev_parse(struct nt_abbrev *, const char *name, const char *p,
	    size_t n, struct nt_buf *err);
void	nt_abbrev_free(struct nt_abbrev *);

#endif
