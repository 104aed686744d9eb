/*
 * sent: sentence and paragraph segmentation of news text.
 *
 * A hand-written scanner, no regular expressions: the text is cut into
 * white-space separated tokens (HTML tags and escaped "\n" count as white
 * space), and each gap between two tokens is judged from the token before
 * it (its final punctuation and the word it ends: an abbreviation, an
 * initial, a number, a list marker) and the token after it (its case, and
 * whether it is a word that starts or continues a sentence).  Every token
 * is looked at a bounded number of times, so the time is linear in the
 * length of the text whatever it holds.
 *
 * The rules are described in nsplit(1).  The words they need come from
 * data files (data/nsplit/abbrev.yaml, format in abbrev.h) loaded into a
 * struct nt_sent_conf once; --abbrev files add to it.
 *
 * A text in a known language is split with that language's words on
 * top of the default ones: nt_sent_conf_lang loads
 * data/nsplit/abbrev-<code>.yaml and the language's entry of
 * data/nsplit/ordinals.yaml the first time a code is asked for, and
 * keeps them in the conf for every later text in that language
 * (sentlang.c).  With them a number and a full stop stay inside the
 * sentence where the language writes ordinals so ("am 3. Oktober").
 *
 * Use:
 *
 *	struct nt_sent_conf conf;
 *	struct nt_sent s = NT_SENT_INIT;
 *	if (nt_sent_conf_init(&conf, &err) < 0) ...	// default data
 *	n = nt_sent_split(&s, &conf, text, len, 0);
 *	for (i = 0; i < n; i++)
 *		use s.span[i].b0, s.span[i].b1 (bytes),
 *		    s.span[i].c0, s.span[i].c1 (code points)
 *	nt_sent_free(&s);
 *	nt_sent_conf_free(&conf);
 *
 * Spans are half-open, in text order, do not overlap, and never begin or
 * end with white space; white space between two spans belongs to
 * neither.  Text that holds no letter is not a sentence (a page number,
 * a rule of dashes) and gets no span, except a row of asterisks (a scene
 * break).
 *
 * Ownership and threads: the conf is filled once and then only read, so
 * one conf may serve many threads at once; nt_sent_conf_lang fills it
 * further, so it is for the thread that owns the conf (nsplit runs its
 * records on one thread), and the language it returns is then only
 * read.  A struct nt_sent holds the
 * results of the last split and the scratch memory the splitter reuses;
 * it belongs to one thread at a time.  The text is borrowed and not kept.
 * There is no global mutable state.
 */
#ifndef NT_SENT_H
#define NT_SENT_H

#include <stddef.h>

#include "text/abbrev.h"
#include "core/buf.h"

/* Flags for nt_sent_split. */
#define NT_SENT_PARAGRAPH	0x1	/* paragraphs instead of sentences */
#define NT_SENT_KEEPQUOTES	0x2	/* never end a sentence inside a
					   quotation or brackets */

/* How a language writes ordinal numbers (ordinals.yaml's "dot"). */
enum { NT_ORD_NO, NT_ORD_YES, NT_ORD_RARE };

/* What one language adds to the default words. */
struct nt_sent_lang {
	char		 code[4];	/* "de" */
	struct nt_abbrev ab;		/* abbrev-<code>.yaml, or empty */
	struct nt_abbrev ord;		/* NT_AB_ORDBEFORE, NT_AB_ORDAFTER */
	int		 dot;		/* NT_ORD_* */
	unsigned	 digits;	/* the most digits of "N." ordinals */
	int		 some;		/* it has any data at all */
};

struct nt_sent_conf {
	struct nt_abbrev ab;
	struct nt_sent_lang **lang;	/* the languages met so far */
	size_t		 nlang;
	struct nt_ynode	*ordinals;	/* ordinals.yaml, parsed once */
	struct nt_buf	 ordpath;	/* where it was found */
	int		 noord;		/* ordinals.yaml was looked for and
					   is not there */
	/* nt_sent_conf_all: what some language could change */
	struct nt_abbrev extra;		/* words a language gives flags the
					   default words do not */
	unsigned	 maxdigits;	/* of "N." ordinals, in any language */
	int		 all;		/* extra and maxdigits are filled */
};

/*
 * A language found only when the split needs it (nt_sent_split_lazy):
 * resolve(arg) gives it, and is called at most once per split, the
 * first time a word or a number that some language would read
 * otherwise than the default words comes up.  Most English texts never
 * call it, and so never pay for detecting their language.
 */
struct nt_sent_lazy {
	const struct nt_sent_lang *(*resolve)(void *arg);
	void		*arg;
};

/* One sentence or paragraph: bytes [b0, b1), code points [c0, c1). */
struct nt_span {
	size_t	b0, b1;
	size_t	c0, c1;
};

struct nt_sent_work;
struct nt_ynode;

struct nt_sent {
	struct nt_span	*span;		/* the results of the last split */
	size_t		 n, cap;
	struct nt_sent_work *work;	/* scratch memory, private */
};

#define NT_SENT_INIT { NULL, 0, 0, NULL }

/*
 * Fill conf with the default word lists (nsplit/abbrev.yaml found with
 * nt_datapath).  Returns 0, or -1 with a message in err (conf is then
 * empty but usable, and must still be freed).
 */
int	nt_sent_conf_init(struct nt_sent_conf *, struct nt_buf *err);
/* An empty conf: no abbreviations known. */
void	nt_sent_conf_empty(struct nt_sent_conf *);
/* Add the words of a YAML word file; 0, or -1 with "path:line:col: ...". */
int	nt_sent_conf_add(struct nt_sent_conf *, const char *path,
	    struct nt_buf *err);
void	nt_sent_conf_free(struct nt_sent_conf *);
/* Private to sent.c and sentlang.c: free the languages of a conf. */
void	nt_sent_conf_langfree(struct nt_sent_conf *);

/*
 * Split text[0..len), which must be valid UTF-8, into sentences (or
 * paragraphs with NT_SENT_PARAGRAPH).  The spans replace what s held;
 * returns their number, s->n.  Allocation failure is fatal (exit 1).
 */
size_t	nt_sent_split(struct nt_sent *s, const struct nt_sent_conf *,
	    const char *text, size_t len, unsigned flags);
/*
 * The same, for a text in language lang (from nt_sent_conf_lang; NULL
 * is no language: the default words only).
 */
size_t	nt_sent_split_lang(struct nt_sent *s, const struct nt_sent_conf *,
	    const struct nt_sent_lang *lang, const char *text, size_t len,
	    unsigned flags);
/*
 * The same, the language asked of lazy only if the text needs it; with
 * the conf filled by nt_sent_conf_all, a text that does not gets the
 * spans the default words give, which are then also its language's.
 */
size_t	nt_sent_split_lazy(struct nt_sent *s, const struct nt_sent_conf *,
	    const struct nt_sent_lazy *lazy, const char *text, size_t len,
	    unsigned flags);
/*
 * Load every language ordinals.yaml names (nt_sent_conf_lang), and note
 * which words and numbers any of them reads otherwise than the default
 * words, for nt_sent_split_lazy.  0, or -1 with the message in err.
 */
int	nt_sent_conf_all(struct nt_sent_conf *, struct nt_buf *err);
/*
 * The words of language code (ISO 639-1, "de"; "de-AT" is "de"), loaded
 * into conf the first time it is asked for.  Returns NULL for a code
 * that is not two or three letters or has no data files (the default
 * words then serve alone), or NULL with a message "path:line:col: ..."
 * in err when a data file is bad; err is empty otherwise.
 */
const struct nt_sent_lang *nt_sent_conf_lang(struct nt_sent_conf *,
	    const char *code, size_t len, struct nt_buf *err);
/* Release the memory of s; s is then empty and reusable.  NULL is fine. */
void	nt_sent_free(struct nt_sent *s);

#endif
