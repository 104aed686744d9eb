/*
 * cleanrun: nclean's main loop, on one thread or several.
 *
 * The main thread reads input lines into batches of about a megabyte;
 * workers parse and clean the records of a batch into that batch's own
 * output buffer, each with its own rules, cleaner and record (the rule
 * set keeps match data and scratch buffers, so it is not shared); the
 * main thread writes the batches out in input order, and reports
 * rejected lines in order too, so the output, the diagnostics and the
 * exit status are exactly those of one thread.  With one thread, or
 * with -u, batches are cleaned in the main thread as they are read.
 * Memory is a few batches per thread, whatever the size of the input,
 * plus the longest line.
 */
#ifndef NT_CLEANRUN_H
#define NT_CLEANRUN_H

#include <stddef.h>

#include "cli.h"
#include "rules.h"

struct nt_cleanopts {
	char		**rules;	/* --rules files, in order */
	size_t		 nrules;
	unsigned	 normflags;	/* NT_NORM_ASCII */
	int		 explain;
};

/*
 * Load the built-in rules and stop words, then each --rules file, and
 * compile them.  0, or -1 with "file:line:col: message" in err.
 */
int	nt_cleanrun_rules(struct nt_rules *, const struct nt_cleanopts *,
	    struct nt_buf *err);
/*
 * Clean every record of ctx's input with nthreads threads (1 or more),
 * writing to ctx's output.  rs holds rules already loaded with
 * nt_cleanrun_rules; the workers load their own copies.
 */
void	nt_cleanrun(struct nt_ctx *, const struct nt_cleanopts *,
	    struct nt_rules *rs, int nthreads);

#endif
