/*
 * re: PCRE2 patterns compiled once and matched many times.
 *
 * nt_re_compile compiles a pattern in UTF and Unicode-property mode and
 * JIT-compiles it when the library can (falling back to the interpreter
 * when it cannot); its match data is created once and reused by every
 * match, so matching allocates nothing.  Subjects must be valid UTF-8
 * (the record layer guarantees it), so matching skips PCRE2's own check.
 * Patterns a user supplied get match and heap limits, so a hostile one
 * ends in an error rather than in exponential time.  Each thread gets
 * one JIT stack of up to NT_RE_JIT_STACK bytes, shared by its patterns.
 * An anchored pattern keeps a second copy, interpreted, for the partial
 * matches of nt_re_prefix; nt_re_need (reneed.c) reads the pattern's
 * text once for what nt_re_maybe may ask of a subject.
 * A struct nt_re is owned by the caller (nt_re_free) and, because its
 * match data is reused, may be used by one thread at a time; different
 * threads may use different ones.
 */
#ifndef NT_RE_H
#define NT_RE_H

#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/buf.h"

#define NT_RE_ICASE	0x1	/* ignore case */
#define NT_RE_LIMITS	0x2	/* a user's pattern: bound its work */
#define NT_RE_ANCHORED	0x4	/* match only at the start offset */

#define NT_RE_NEED	8	/* at most this many characters in need[] */
#define NT_RE_JIT_STACK	(1024 * 1024)
#define NT_RE_MATCH_LIMIT 10000000
#define NT_RE_HEAP_LIMIT  (64 * 1024)	/* KiB */

struct nt_re {
	pcre2_code		*code;
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	int			 jit;
	int			 nfirst;	/* every match starts with first[] */
	unsigned char		 first[2];
	int			 last;		/* and holds this byte, or -1 */
	int			 anchored;	/* matches only at the start */
	int			 have_map;
	unsigned char		 map[32];	/* bytes a match may start with */
	int			 nneed;		/* and one of these characters */
	unsigned char		 need[NT_RE_NEED][4];
	unsigned char		 needlen[NT_RE_NEED];
	pcre2_code		*probe;		/* anchored: for nt_re_prefix */
	pcre2_match_data	*pmd;
};

/*
 * Compile pat[0..len).  Returns 0, or -1 with "message at offset N" in
 * err (the offset counts bytes into the pattern).
 */
int		 nt_re_compile(struct nt_re *, const char *pat, size_t len,
		    unsigned flags, struct nt_buf *err);
/*
 * Search s[0..n) from byte start.  Returns 1 with the match in
 * [*ms, *me), 0 when there is none, -1 when a limit stopped the search.
 */
int		 nt_re_search(struct nt_re *, const char *s, size_t n,
		    size_t start, size_t *ms, size_t *me);
/*
 * Iterate over the matches in s[0..n): set *pos to 0 first; each call
 * returns the next match like nt_re_search and moves *pos past it.  An
 * empty match advances by one character, so the loop always ends.
 */
int		 nt_re_next(struct nt_re *, const char *s, size_t n,
		    size_t *pos, size_t *ms, size_t *me);
/*
 * 0 when no match can be in s[0..n) because a byte every match starts
 * with, or must contain, is absent (a memchr, far cheaper than a match),
 * or none of the characters of need[]; else 1.  PCRE2 tells the bytes;
 * need[] comes from the pattern's text (nt_re_need).
 */
int		 nt_re_maybe(const struct nt_re *, const char *s, size_t n);
/*
 * Read pat[0..len) for characters one of which every match must hold:
 * a group, at the top level of the pattern (no '|' outside groups), that
 * no quantifier lets be skipped and whose every alternative starts with
 * a literal character, like "(?:—|-|:)" or "(a|b)+".  Their
 * UTF-8 goes into need[] (nneed); 0 when there is no such group, or
 * the pattern holds what this reading does not follow (verbs, \Q,
 * conditions, extended mode, a letter or non-ASCII character where
 * case is ignored).  nt_re_compile calls it.
 */
void		 nt_re_need(struct nt_re *, const char *pat, size_t len,
		    int icase);
/*
 * 1 when an option set inside pat[0..len) ("(?i)", "(?i:") may make it
 * ignore case somewhere, or when the pattern holds what nt_re_need does
 * not follow; else 0.
 */
int		 nt_re_inline_icase(const char *pat, size_t len);
/*
 * 0 when no match of an anchored pattern can start with p[0..k) (valid
 * UTF-8); else 1, and always 1 for a pattern not anchored.  A partial
 * match of p alone says so: a match of a longer subject starting with p
 * runs the same way as on p until it reads past p, where the partial
 * match stops with "partial".  The probe is the interpreter on a copy
 * compiled without start-up optimisations (which only ever refuse),
 * about 0.2 microseconds: cache what it says.
 */
int		 nt_re_prefix(struct nt_re *, const char *p, size_t k);
/* The name given by (*MARK:name) on the path of the last match, or NULL. */
const char	*nt_re_mark(const struct nt_re *);
/* Release the calling thread's JIT stack (at the end of a thread). */
void		 nt_re_thread_free(void);
/* Release the pattern; NULL members are fine, the struct is reusable. */
void		 nt_re_free(struct nt_re *);

#endif
