/*
 * clean: scraped page text to the article, line by line.
 *
 * nt_clean_text splits a text into lines and decides about each one:
 * rules (exact lines and patterns, nt_rules) remove markers and scraps;
 * heuristics remove teaser blocks, runs of headlines, runs of menu-like
 * short lines and repeated lines; then a classifier in the manner of
 * jusText scores every line (length, share of stop words, sentence
 * punctuation, its neighbours) and keeps the best-scoring stretch of the
 * text, the article, dropping the page furniture before and after it and
 * the scraps inside it.  Page dumps get passes of their own
 * (cleanint.h): hard-wrapped paragraphs are joined, the site's name and
 * one-line menus go, and so do lists of teasers for other stories and
 * the lines the site prints on all its pages (site.h); lists and tables
 * inside the article stay.  Metadata leave the text for fields: a
 * leading "date YYYY-MM-DD" or a date line for the date, the headline
 * for the title, a byline for the author, the dateline before the first
 * sentence, a credit line ("With reporting by ...").  Kept lines are
 * normalised (nt_norm) and joined with '\n'.
 * Every removal is remembered with its rule and its byte span in the
 * input, so --explain can report it.
 * A struct nt_clean borrows its rules and owns its buffers, which are
 * reused from text to text.  One thread at a time.
 */
#ifndef NT_CLEAN_H
#define NT_CLEAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "clean/rules.h"
#include "text/tok.h"

struct nt_removed {
	const char	*rule;
	size_t		 ob, oe;	/* bytes of the input text */
	size_t		 line;		/* index of its line */
	int		 dead;		/* superseded by its line's removal */
};

struct nt_cline;
struct nt_site;

struct nt_clean {
	struct nt_rules	*rs;
	unsigned	 normflags;	/* NT_NORM_ASCII */

	/* The results of the last nt_clean_text. */
	struct nt_buf	 out;		/* the cleaned text */
	int		 changed;	/* out differs from the input */
	char		 date[11];	/* "" when none was found */
	struct nt_buf	 title;		/* empty when none was found */
	struct nt_buf	 author, dateline, credit;	/* the same */
	struct nt_removed *rm;
	size_t		 nrm, rmcap;
	const char *const *preset;	/* nt_clean_preset, for the next text */
	size_t		 npreset;
	const char	*site;		/* nt_clean_site, for the next text */
	size_t		 sitelen;
	const char	*url;
	size_t		 urllen;
	struct nt_site	*learn;

	/* Scratch, reused. */
	const char	*text;		/* the text being cleaned */
	struct nt_cline	*ln;
	size_t		 nln, lncap;
	struct nt_buf	 norm;
	struct nt_buf	 tmp;
	uint64_t	*seen;		/* hashes of lines seen */
	size_t		*seenline;	/* and where */
	size_t		 seencap;
	struct nt_toks	 tk;		/* the tokens of the lines cut so far */
	struct nt_toks	 ltk;		/* one line's, past tk's limit */
	struct nt_toks	 ttk;		/* the record's title's */
	uint64_t	*bw;		/* words of the body, hashed */
	size_t		 bwcap, bwmask;
	int		 bwdone;	/* bw is built for this text */
	uint64_t	*keys;		/* lines a site may have learned */
	size_t		*keyline;
	unsigned char	*known;
	size_t		 keycap;
	struct nt_buf	 sq, sq2;	/* squashed names */
	struct nt_buf	 slug;		/* " words " of the URL's path */
	long		 dlline;	/* the line a dateline was cut from */
};

void	nt_clean_init(struct nt_clean *, struct nt_rules *, unsigned normflags);
/*
 * Clean text[0..n) (valid UTF-8).  title[0..tlen) is the record's own
 * title, or NULL: then no title is looked for, and a first line that
 * repeats it is removed.  have_date says whether the record has a date:
 * a leading date is then still removed from the text, but not reported.
 */
void	nt_clean_text(struct nt_clean *, const char *text, size_t n,
	    const char *title, size_t tlen, int have_date);
/*
 * For the next nt_clean_text only: line i of its text is removed
 * already, for rules[i] (borrowed, a static string), unless that is
 * NULL.  Such lines are not the text: no pass looks at them (a title,
 * a teaser or a subheading is never found among them), and they are
 * not evidence of page furniture for the classifier; they are reported
 * by nt_clean_explain like any other removal.  The HTML extractor
 * (html.h) hands over its page this way.
 */
void	nt_clean_preset(struct nt_clean *, const char *const *rules,
	    size_t n);
/*
 * For the next nt_clean_text only: the text comes from the site called
 * name[0..n) (the record's source, or its URL's host; borrowed), or
 * NULL, and from the page at url[0..urln), or NULL (its path names the
 * headline, often); learn, when not NULL, learns the site's own
 * furniture and removes what it learned (site.h).
 */
void	nt_clean_site(struct nt_clean *, const char *name, size_t n,
	    const char *url, size_t urln, struct nt_site *learn);
/*
 * Append {"removed":[{"rule","text","start","end"},...]} for the last
 * text (the same text and n) to out; offsets count code points.
 */
void	nt_clean_explain(struct nt_clean *, const char *text, size_t n,
	    struct nt_buf *out);
void	nt_clean_free(struct nt_clean *);

#endif
