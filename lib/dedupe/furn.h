/*
 * furn: find the site furniture in a text, so that ndedupe signs the
 * article and not the page around it: a content farm's copy comes inside
 * a header (site name, breadcrumbs, date, byline, title) and a footer
 * (share lines, "Source link", headlines of other stories, copyright).
 *
 * A line is furniture when
 *  - nclean's phrase rules (data/nclean/rules.yaml: exact lines,
 *    prefixes, phrases contained, with their max_chars and "with"
 *    words; a pattern that is a plain string is a phrase too) match it,
 *    or it is a lone [shortcode]; wherever it is;
 *  - or it lies before the first line of prose or after the last one
 *    and is shaped like a headline, at most 16 words and not a
 *    sentence: a date line; a line in capitals or title case, unless
 *    dense with numbers ("Production 0.77 0.77 0.73" is a table) or
 *    of fewer than four words with a number ("Pay April 30"); and,
 *    after the article, a headline in sentence case with at most one
 *    number.  Above the article, and in a text with no line of prose at
 *    all (a table of results, a notice), lower-case lines ("Qtly div 21
 *    cts", "Shr four cts vs five cts") are the text.  Lines that stay
 *    do not stop the search: the next one may still be furniture.
 * A line of prose ends a sentence (but a question or an exclamation of
 * fewer than eight words is a headline: "What's next for consoles?"),
 * is continued by the next line (a lower-case start: hard-wrapped
 * text), or has eight words or more, most of them lower-case and a
 * fifth of them anchors.  A text whose every
 * line would be furniture keeps them all.  Other patterns of nclean's
 * rules (dates, bylines) are nclean's; the line shape covers them here.
 *
 * struct nt_furn, the rules, is read-only once loaded: threads may
 * share it.  A struct nt_fres is the answer for one text, reused from
 * text to text; it owns its arrays.
 */
#ifndef NT_FURN_H
#define NT_FURN_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/re.h"
#include "dedupe/spot.h"
#include "text/tok.h"

struct nt_furn;
struct nt_fshape;

struct nt_fline {
	size_t		 t0, t1;	/* tokens [t0, t1) */
	int		 furn;		/* 1 by a rule, 2 by its shape */
};

struct nt_fres {
	struct nt_fline	*line;		/* the lines that hold a token */
	size_t		 nline, lcap;
	uint8_t		*drop;		/* per token: 1 in a furniture line */
	size_t		 dcap;
	/*
	 * An order-free hash of the furniture lines of three words or
	 * more (or found by a rule), and their number: two texts with the
	 * same article and other furniture differ in it.
	 */
	uint64_t	 hash;
	uint32_t	 nfurn;
	/* nclean's line patterns, compiled for this thread (re_of's) */
	struct nt_re	*re;
	size_t		 nre;
	const struct nt_furn *re_of;
	/* scratch */
	struct nt_fshape *sh;
	uint8_t		*prose;
	size_t		 shcap;
};

/* Load rules_path (nclean-rules(5)); NULL and err on a bad file. */
struct nt_furn	*nt_furn_load(const char *rules_path, struct nt_buf *err);
/* The built-in rules, nclean/rules.yaml in the data directory. */
struct nt_furn	*nt_furn_default(struct nt_buf *err);
void		 nt_furn_free(struct nt_furn *);

/*
 * Find the furniture of text, tokenized in tk and classified in sp
 * (nt_spot_classify).
 */
void	nt_furn_run(const struct nt_furn *, const char *text,
	    const struct nt_toks *tk, const struct nt_spot *sp,
	    struct nt_fres *out);
void	nt_fres_free(struct nt_fres *);

#endif
