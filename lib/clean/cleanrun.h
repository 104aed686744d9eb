/*
 * cleanrun: nclean's main loop, on one thread or several (parrun.h).
 *
 * Each worker cleans with its own rules and cleaner: a rule set keeps
 * match data and scratch buffers, so it is not shared.  The first
 * worker uses the rules the caller loaded; the others load their own.
 */
#ifndef NT_CLEANRUN_H
#define NT_CLEANRUN_H

#include <stddef.h>

#include "core/cli.h"
#include "clean/rules.h"
#include "text/lang.h"

struct nt_cleanopts {
	char		**rules;	/* --rules files, in order */
	size_t		 nrules;
	unsigned	 normflags;	/* NT_NORM_ASCII */
	int		 explain;
	const struct nt_langmodel *lang; /* fills "lang"; shared, read-only */
};

/*
 * Load the built-in rules and stop words, then each --rules file, and
 * compile them.  0, or -1 with "file:line:col: message" in err.
 */
int	nt_cleanrun_rules(struct nt_rules *, const struct nt_cleanopts *,
	    struct nt_buf *err);
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
