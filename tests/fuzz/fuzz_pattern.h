/*
 * fuzz_pattern: the check that the fuzz targets for nclean's rules and
 * its cleaner share.  The prefilters of the pattern rules (a line's
 * first bytes, nt_rules_prefix; the bytes a pattern needs, nt_re_maybe)
 * pass over no line that a pattern matches.  One thread.
 */
#ifndef NT_FUZZ_PATTERN_H
#define NT_FUZZ_PATTERN_H

#include <stdlib.h>
#include <string.h>

#include "clean/rules.h"
#include "core/re.h"
#include "core/utf8.h"

/*
 * The first line pattern that matches s[0..n) with every rule tried,
 * or -1; -2 when none does and a limit stopped one (the fast path may
 * have skipped that one: then -1 is right too).
 */
static long
fuzz_pattern_slow(struct nt_rules *rs, const char *s, size_t n, size_t nch)
{
	size_t g, i, ms, me;
	struct nt_rule *r;
	int rc, limited = 0;

	for (g = 0; g < 2; g++)
		for (i = 0; i < rs->grp[g].n; i++) {
			r = &rs->r[rs->grp[g].rule[i]];
			if (nch > r->max_chars)
				continue;
			rc = nt_re_search(&r->re, s, n, 0, &ms, &me);
			if (rc == 1)
				return (long)rs->grp[g].rule[i];
			if (rc < 0)
				limited = 1;
		}
	return limited ? -2 : -1;
}

/* Check every line of s[0..size), which is valid UTF-8. */
static void
fuzz_pattern_check(struct nt_rules *rs, const char *s, size_t size)
{
	const char *e = s + size, *nl;
	size_t i, n, nch, ms, me;
	struct nt_rule *r;
	long want, got;

	for (;; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(e - s))) == NULL)
			nl = e;
		n = (size_t)(nl - s);
		nch = nt_utf8_count(s, n);
		want = fuzz_pattern_slow(rs, s, n, nch);
		got = nt_rules_pattern(rs, s, n, nch);
		if (want >= -1 ? got != want : got >= 0)
			abort();
		for (i = 0; i < rs->nspanpat; i++) {
			r = &rs->r[rs->spanpat[i]];
			if (nt_re_search(&r->re, s, n, 0, &ms, &me) == 1 &&
			    !nt_re_maybe(&r->re, s, n))
				abort();
		}
		if (nl == e)
			break;
	}
}

#endif
