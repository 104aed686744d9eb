/*
 * rules: nclean's rule set, read from YAML files (nclean-rules(5)).
 *
 * A rule has an id and either exact lines (compared after normalisation,
 * ignoring case and trailing punctuation) or a PCRE2 pattern.  The
 * built-in file is loaded first; each --rules file then adds rules,
 * replaces a rule with the same id, disables rules by id, and switches
 * heuristics on or off.  nt_rules_finish compiles what was loaded: exact
 * lines go into a hash table, the patterns that remove whole lines are
 * joined into one alternation (each branch tagged with (*MARK)) so that
 * a line costs one match instead of one per rule.  The stop-word list for
 * the classifier lives here too.
 * Every error names file:line:col.  The struct owns all its memory
 * (nt_rules_free).  Matching reuses match data: one thread at a time.
 */
#ifndef NT_RULES_H
#define NT_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "re.h"

/* Heuristics, as bits of nt_rules.heur. */
#define NT_H_DATE	0x01
#define NT_H_TITLE	0x02
#define NT_H_TEASER	0x04
#define NT_H_HEADLINES	0x08
#define NT_H_NAV	0x10
#define NT_H_REPEATED	0x20
#define NT_H_CLASSIFIER	0x40

struct nt_rule {
	char		*id;
	char		*src;		/* "file:line:col" where it was defined */
	char		*pattern;	/* NULL for exact-line rules */
	char		**lines;
	size_t		 nlines;
	int		 match_only;	/* remove: match */
	int		 heading;
	int		 boundary;
	int		 icase;
	int		 user;		/* from --rules: bounded matching */
	int		 disabled;
	struct nt_re	 re;
};

struct nt_lineent {
	uint64_t	 h;
	char		*key;
	size_t		 len;
	uint32_t	 rule;
};

struct nt_rules {
	struct nt_rule	*r;
	size_t		 n;
	unsigned	 heur;
	size_t		 max_line_chars;

	/* Built by nt_rules_finish. */
	struct nt_lineent *lt;		/* exact lines, open addressing */
	size_t		 ltcap;
	size_t		 maxkey;	/* longest exact line, bytes */
	struct nt_re	 all;		/* every whole-line pattern, joined */
	int		 have_all;
	uint32_t	*linepat;	/* whole-line pattern rules (no join) */
	size_t		 nlinepat;
	uint32_t	*spanpat;	/* remove: match rules */
	size_t		 nspanpat;

	struct nt_lineent *sw;		/* stop words */
	size_t		 swcap;
	size_t		 nsw;
	struct nt_buf	 key;		/* scratch */
};

void	nt_rules_init(struct nt_rules *);
/* Load a rule file; user != 0 for --rules files.  0, or -1 and err. */
int	nt_rules_load(struct nt_rules *, const char *path, int user,
	    struct nt_buf *err);
/* Load a stop-word file (a map of language: [words]). */
int	nt_rules_stopwords(struct nt_rules *, const char *path,
	    struct nt_buf *err);
/* Compile everything loaded.  0, or -1 and err. */
int	nt_rules_finish(struct nt_rules *, struct nt_buf *err);
void	nt_rules_free(struct nt_rules *);

/*
 * The rule whose exact line is the normalised line s[0..n), or -1.
 */
long	nt_rules_line(struct nt_rules *, const char *s, size_t n);
/*
 * The first whole-line pattern rule that matches s[0..n), or -1; -2 when
 * a user's pattern hit its match limit (the line is then kept).
 */
long	nt_rules_pattern(struct nt_rules *, const char *s, size_t n);
/* Is the lower-cased word s[0..n) a stop word? */
int	nt_rules_isstop(const struct nt_rules *, const char *s, size_t n);
/* The comparison key of a line: normalised, case-folded, no trailing
 * punctuation.  Appends to out after resetting it. */
void	nt_rules_key(const char *s, size_t n, struct nt_buf *out);

#endif
