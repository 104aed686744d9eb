/*
 * cleanint: the lines of a text as nt_clean_text sees them, shared by
 * clean.c (splitting, the rules, the run heuristics, the classifier) and
 * cleanpage.c (the passes for page dumps: wrapped paragraphs, brand and
 * menu lines, what a site learned, teaser lists, the article's lists, the
 * headline and the metadata fields).  clean.h is the public face.
 * A pass only removes lines (sets rule), so passes compose in order.
 * Everything here belongs to one struct nt_clean; one thread at a time.
 */
#ifndef NT_CLEANINT_H
#define NT_CLEANINT_H

#include <stddef.h>

#include "clean/clean.h"

/* The classifier's removals are told from the others by this pointer. */
extern const char nt_cl_classifier[];
#define CLASSIFIER nt_cl_classifier

/* What the classifier makes of a line. */
enum { C_BLANK, C_SHORT, C_SHORTGOOD, C_NEUTRAL, C_BAD, C_NEAR, C_GOOD };

struct nt_cline {
	size_t		 ob, oe;	/* the line in the input, bytes */
	size_t		 cut;		/* bytes cut from its front (date) */
	size_t		 nb, ne;	/* its normalised text in c->norm */
	size_t		 nch;		/* code points, normalised */
	const char	*rule;		/* why it was removed, or NULL */
	size_t		 span0, nspan;	/* its entries in c->rm */
	size_t		 tok0, ntok;	/* its tokens in c->tk (line_toks) */
	unsigned	 words, stop, caps, lowers, nums, cjk, digits;
	unsigned	 feats:1, endp:1, boundary:1, heading:1, dup:1, ends:1;
	unsigned	 inreg:1;	/* in a stretch the classifier keeps */
	unsigned	 pre:1;		/* removed before, by nt_clean_preset */
	unsigned	 orig:1;	/* [nb, ne) is in the input, not c->norm */
	unsigned	 field:3;	/* its rule's enum nt_rfield */
	unsigned	 listed:1;	/* an item of a list a line announced */
	unsigned	 toked:1;	/* tok0 and ntok are set */
	int		 cls;
	double		 w;
};

/* clean.c's helpers, for cleanpage.c. */

/* The line's normalised text (l->ne - l->nb bytes). */
const char	*nt_cl_text(const struct nt_clean *, const struct nt_cline *);
/* Remove the line for rule (a static string), unless it is already. */
void		 nt_cl_drop(struct nt_clean *, struct nt_cline *, const char *);
/* Fill the line's word counts (words, stop, caps, ...) once. */
void		 nt_cl_features(struct nt_clean *, struct nt_cline *);
/* Does s[0..n) end a sentence (past closing quotes and brackets)? */
int		 nt_cl_endp(const char *s, size_t n);
/* A few words (at most maxwords), no sentence punctuation at the end. */
int		 nt_cl_headline(struct nt_clean *, struct nt_cline *,
		    unsigned maxwords);
/* A menu item: one to four words, short, no digits. */
int		 nt_cl_nav(struct nt_clean *, struct nt_cline *);
/* A sentence of running text. */
int		 nt_cl_prose(struct nt_clean *, struct nt_cline *);
/* The next or previous non-blank line that was not preset, or -1. */
long		 nt_cl_next(const struct nt_clean *, long i);
long		 nt_cl_prev(const struct nt_clean *, long i);
/* Of the content words of lines [from, to), how many the body uses. */
void		 nt_cl_related(struct nt_clean *, size_t from, size_t to,
		    size_t *shared, size_t *content);
/* Are the words of a and b the same, ignoring case and white space? */
int		 nt_cl_same(struct nt_clean *, struct nt_cline *, const char *,
		    size_t);
/* The code points of valid UTF-8 s[0..n). */
size_t		 nt_cl_cps(const char *s, size_t n);
/* The length of a page title without a trailing " | Site". */
size_t		 nt_cl_unsuffix(const char *s, size_t n);

/* cleanpage.c's passes, in the order nt_clean_text runs them. */

/* Join the lines of paragraphs that were hard-wrapped. */
void	nt_cl_unwrap(struct nt_clean *);
/* Lines the site learned (nt_clean_site), and learn this page's. */
void	nt_cl_site(struct nt_clean *);
/* The site's own name on a line, and menus on one line. */
void	nt_cl_brand(struct nt_clean *);
void	nt_cl_menus(struct nt_clean *);
/* Runs of headline and summary pairs: teasers for other stories. */
void	nt_cl_teaser_lists(struct nt_clean *);
/* Mark the items of lists that a line announces ("The dates so far:"). */
void	nt_cl_lists(struct nt_clean *);
/*
 * The end of the article's stretch [bs, be) moved past a list that its
 * last lines announce ("The tour dates so far:"); its lines are marked.
 */
size_t	nt_cl_list_after(struct nt_clean *, size_t bs, size_t be);
/* Inside the article, is line i part of a list or table it gives? */
int	nt_cl_in_list(struct nt_clean *, size_t i, size_t bs, size_t be);
/* Could the line be the headline the URL's path names (if it names one)? */
int	nt_cl_url_allows(struct nt_clean *, const struct nt_cline *);
/* Is line i, set apart by a blank line, the title of a table? */
int	nt_cl_table_title(struct nt_clean *, size_t i);
/* After the classifier: the headline, and the metadata fields. */
void	nt_cl_headline_field(struct nt_clean *, const char *title,
	    size_t tlen);
void	nt_cl_fields(struct nt_clean *, int have_date);

#endif
