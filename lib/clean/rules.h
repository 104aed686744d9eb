/*
 * rules: nclean's rule set, read from YAML files (nclean-rules(5)).
 *
 * A rule has an id and matches lines in one of four ways: exact lines
 * (compared after normalisation, ignoring case and trailing
 * punctuation), a prefix or a phrase contained anywhere (whole words,
 * any case), or a PCRE2 pattern; what it removes may be metadata, the
 * value of a record field (a byline, a dateline).  The built-in file is
 * loaded first;
 * each --rules file then adds rules, replaces a rule with the same id,
 * disables rules by id, and switches heuristics on or off.
 * nt_rules_finish builds what matching needs: exact lines go into a hash
 * table; phrases and stop words are kept as the hashes of their tokens
 * (tok.h), which a line's tokens are looked up by, phrases from their
 * first word; each pattern is tried only on lines short enough for it
 * that hold the bytes it needs (nt_re_maybe) and, if it is anchored,
 * start with bytes a match can start with (nt_rules_prefix).  The
 * stop-word list for the classifier
 * lives here too.  A rule file may also hold 'boilerplate_words', which
 * nclean only checks and ndedupe reads.
 * Every error names file:line:col.  The struct owns all its memory
 * (nt_rules_free).  Matching reuses match data: one thread at a time.
 */
#ifndef NT_RULES_H
#define NT_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/re.h"
#include "text/tok.h"

/* The cache of nt_pgroup.pre, for a group of up to NT_PRE_MAX rules. */
#define NT_PRE_KNOWN	((uint64_t)1 << 63)
#define NT_PRE_MAX	63
#define NT_PRE_1	128
#define NT_PRE_SLOTS	(NT_PRE_1 + 128 * 128)

/* Heuristics, as bits of nt_rules.heur. */
#define NT_H_DATE	0x01
#define NT_H_TITLE	0x02
#define NT_H_TEASER	0x04
#define NT_H_HEADLINES	0x08
#define NT_H_NAV	0x10
#define NT_H_REPEATED	0x20
#define NT_H_CLASSIFIER	0x40
#define NT_H_WRAPPED	0x80
#define NT_H_BRAND	0x100
#define NT_H_MENUS	0x200

enum nt_rkind { NT_RK_LINE, NT_RK_PREFIX, NT_RK_CONTAINS, NT_RK_PATTERN };

/* The record field that what a rule removes fills ("field:"), if any. */
enum nt_rfield { NT_RF_NONE, NT_RF_AUTHOR, NT_RF_DATE, NT_RF_DATELINE,
	NT_RF_CREDIT };

struct nt_rule {
	char		*id;
	char		*src;		/* "file:line:col" where it was defined */
	enum nt_rkind	 kind;
	char		*pattern;	/* NT_RK_PATTERN */
	char		**lines;	/* the lines, prefixes or phrases */
	size_t		 nlines;
	char		**with;		/* one of these words must appear too */
	uint64_t	*withh;		/* their hashes (nt_rules_finish) */
	size_t		 nwith;
	int		 match_only;	/* remove: match */
	int		 heading;
	int		 boundary;
	int		 ends;		/* what follows is not the article */
	enum nt_rfield	 field;		/* what it removes is this field */
	int		 icase;
	int		 anchored;	/* can only match at the line start */
	size_t		 max_chars;	/* longer lines are not tested; 0: default */
	int		 user;		/* from --rules: bounded matching */
	uint64_t	 limited;	/* lines on which it hit a limit */
	int		 disabled;
	struct nt_re	 re;
};

/* A prefix or contains phrase: the hashes of its words (tok.h). */
struct nt_phrase {
	uint64_t	*w;
	size_t		 nw;
	uint32_t	 rule;
	uint32_t	 next;		/* next phrase with the same key word */
	uint32_t	 anchor;	/* its key word: w[anchor] */
};

/* A slot of a table from a hash (never 0) to an index. */
struct nt_hslot {
	uint64_t	 h;
	uint32_t	 v;
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
	/*
	 * Whole-line patterns in two groups, anchored at the line start
	 * and not.  Each pattern is tried alone: its max_chars and the
	 * bytes it needs (nt_re_maybe) skip most lines without a match.
	 * For the anchored group, pre caches by a line's first byte or
	 * first two (ASCII) which rules a match can start with them
	 * (nt_re_prefix): bit i for rule[i], NT_PRE_KNOWN once looked up;
	 * pre[c0] for one byte, pre[NT_PRE_1 + c0 * 128 + c1] for two.
	 */
	struct nt_pgroup {
		uint32_t	*rule;
		size_t		 n;
		size_t		 max;	/* the largest max_chars in it */
		uint64_t	*pre;	/* made on first use */
	}		 grp[2];
	size_t		 nlinepat;
	/*
	 * Prefix phrases, found by their first word (the line's first);
	 * contains phrases by their longest word, the rarest as a rule,
	 * wherever it stands.  The key words' hashes are bits h >> 52 of
	 * awbits: most words of a line are no phrase's key, and one bit
	 * says so.
	 */
	struct nt_phrase *ph;
	size_t		 nph;
	struct nt_hslot	*fw;		/* first word -> first prefix phrase */
	size_t		 fwcap, nfw;
	struct nt_hslot	*aw;		/* key word -> first contains phrase */
	size_t		 awcap, naw;
	uint64_t	 awbits[64];
	size_t		 prefix_max;	/* the largest max_chars of each kind */
	size_t		 contains_max;
	/*
	 * For nt_rules_phrase_maybe: the first run of ASCII letters of
	 * each contains phrase's key word and each prefix phrase's first
	 * word, lower case, by hash, to the longest line a phrase of each
	 * kind takes (v: contains in the low 16 bits, prefix in the high);
	 * pfbits says at a glance which runs can be one (their slots,
	 * nt_run_slot).  A key with no such run (a number)
	 * makes every line up to its max_chars a maybe: pf_anyc, pf_anyp.
	 */
	struct nt_hslot	*pf;
	size_t		 pfcap, npf;
	uint64_t	 pfbits[NT_RUN_SLOTS / 64];
	size_t		 pf_anyc, pf_anyp;
	size_t		 pf_maxrun;	/* the longest run in pf */
	size_t		 pf_minrun;	/* the shortest contains key run */
	struct nt_run	*runs;		/* scratch: a line's letter runs */
	size_t		 runcap;
	uint32_t	*spanpat;	/* remove: match rules */
	size_t		 nspanpat;

	uint64_t	*sw;		/* stop words' keys, open addressing */
	size_t		 swcap, nsw;
	/* scratch */
	struct nt_toks	 tk;
	uint64_t	*w;		/* a line's word hashes */
	size_t		*at;		/* where its key words stand */
	size_t		 wcap;
	struct nt_buf	 key;
	struct nt_buf	 tmp;
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
 * A whole-line pattern rule that matches s[0..n) (nch code points), or
 * -1; -2 when a user's pattern hit its match limit (the line is then
 * kept).  Rules whose max_chars is below nch are not tried.
 */
long	nt_rules_pattern(struct nt_rules *, const char *s, size_t n,
	    size_t nch);
/*
 * The rules of the anchored group (bit i for grp[0].rule[i]) that a line
 * starting with the k ASCII bytes s[0..k) (k is 1 or 2) may match; the
 * others cannot.  All bits but NT_PRE_KNOWN when the group is too big,
 * all bits when a byte is not ASCII.
 */
uint64_t nt_rules_prefix(struct nt_rules *, const char *s, size_t k);
/*
 * A prefix or contains rule that matches the line of tokens t[0..n) (nch
 * code points), or -1.  nt_rules_phrase cuts the normalised line s[0..n)
 * into tokens first.
 */
/* Could a line of nch code points match a prefix or contains rule? */
int	nt_rules_phrasable(const struct nt_rules *, size_t nch);
/*
 * Might the normalised line s[0..n) match one?  0 only when it cannot,
 * found without cutting the line into tokens: an ASCII line (most of
 * them) holds none of the phrases' key words, not even as a run of
 * letters.  Then nt_rules_phrase_tok would give -1.
 */
int	nt_rules_phrase_maybe(struct nt_rules *, const char *s, size_t n,
	    size_t nch);
long	nt_rules_phrase_tok(struct nt_rules *, const struct nt_tok *t,
	    size_t n, size_t nch);
long	nt_rules_phrase(struct nt_rules *, const char *s, size_t n,
	    size_t nch);
/*
 * Is word token i of t[0..n) a stop word?  A possessive after it counts
 * ("it" "'s" is the stop word "it's").  nt_rules_isstop asks the same of
 * the word s[0..n).
 */
int	nt_rules_stop(const struct nt_rules *, const struct nt_tok *t,
	    size_t i, size_t n);
int	nt_rules_isstop(struct nt_rules *, const char *s, size_t n);
/* The comparison key of a line: normalised, case-folded, no trailing
 * punctuation.  Appends to out after resetting it. */
void	nt_rules_key(const char *s, size_t n, struct nt_buf *out);

#endif
