/*
 * cleanrun: nclean's main loop, on one thread or several (parrun.h).
 *
 * Each worker cleans with its own rules and cleaner: a rule set keeps
 * match data and scratch buffers, so it is not shared.  The first
 * worker uses the rules the caller loaded; the others load their own.
 * A record with no text but an html field is extracted first (html.h):
 * the page's lines, those the DOM found to be furniture already removed,
 * go through the same line rules, and the page's title, date, author,
 * lang and url fill the fields the record lacks.  The class and id
 * words (dom.yaml) are read-only and shared by all workers.
 * A text's author, dateline and credit, where it prints them, become
 * fields too.  With a state file (--state, site.h) each site's own
 * furniture is learned from its pages in input order, so the run is on
 * one thread whatever --jobs says; what was learned is committed every
 * NT_CLEANRUN_BATCH records and at the end.
 */
#ifndef NT_CLEANRUN_H
#define NT_CLEANRUN_H

#include <stddef.h>
#include <stdint.h>

#include "core/cli.h"
#include "clean/rules.h"
#include "text/lang.h"

#define NT_CLEANRUN_BATCH	1000

struct nt_cleanopts {
	char		**rules;	/* --rules files, in order */
	size_t		 nrules;
	unsigned	 normflags;	/* NT_NORM_ASCII */
	int		 explain;
	int		 keep_html;	/* leave the html field in the output */
	struct nt_hints	*hints;		/* nt_cleanrun_hints */
	const struct nt_langmodel *lang; /* fills "lang"; shared, read-only */
	const char	*state;		/* --state FILE, or NULL */
	int64_t		 max_age;	/* --max-age, seconds; 0: forever */
	int		 wait_ms;	/* for another run's lock */
};

/*
 * Load the built-in rules and stop words, then each --rules file, and
 * compile them.  0, or -1 with "file:line:col: message" in err.
 */
int	nt_cleanrun_rules(struct nt_rules *, const struct nt_cleanopts *,
	    struct nt_buf *err);
/*
 * Load the class and id words of the HTML extractor (nclean/dom.yaml)
 * into o->hints.  0, or -1 with "file:line:col: message" in err.
 */
int	nt_cleanrun_hints(struct nt_cleanopts *o, struct nt_buf *err);
/*
 * Load the language model (lang/trigrams.tsv) that fills "lang".  0, or
 * -1 with the reason in err.
 */
int	nt_cleanrun_lang(struct nt_langmodel *, struct nt_buf *err);
/*
 * Clean every record of ctx's input with nthreads threads (1 or more),
 * writing to ctx's output, then warn about the rules that hit their
 * match limits.  rs holds rules already loaded with nt_cleanrun_rules.
 */
void	nt_cleanrun(struct nt_ctx *, const struct nt_cleanopts *,
	    struct nt_rules *rs, int nthreads);

#endif
