/*
 * reneed: nt_re_need (re.h), the characters one of which every match
 * of a pattern holds, read from the pattern's text.  The reading is
 * cautious: whatever it does not follow leaves no condition, so that
 * nt_re_maybe never refuses a subject that matches.
 */
#include <string.h>

#include "core/re.h"

/* The length of the UTF-8 character that starts with byte c. */
static size_t
cplen(unsigned char c)
{
	if (c < 0xC0)
		return 1;
	return c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/*
 * Past the escape at p (a backslash) and the braces some take
 * ("\p{Lu}"); NULL for \Q, \E and \c, whose text is not what it seems.
 */
static const char *
esc_end(const char *p, const char *e)
{
	if (e - p < 2 || p[1] == 'Q' || p[1] == 'E' || p[1] == 'c')
		return NULL;
	if (strchr("xopPNgk", p[1]) != NULL && e - p > 2 && p[2] == '{') {
		p = memchr(p + 2, '}', (size_t)(e - p - 2));
		return p == NULL ? NULL : p + 1;
	}
	return p + 1 + cplen((unsigned char)p[1]);
}

/* Past the class at p ('['); NULL for one with a POSIX name inside. */
static const char *
class_end(const char *p, const char *e)
{
	p++;
	if (p < e && *p == '^')
		p++;
	if (p < e && *p == ']')
		p++;
	while (p < e && *p != ']') {
		if (*p == '[')
			return NULL;
		p = *p == '\\' ? esc_end(p, e) : p + 1;
		if (p == NULL)
			return NULL;
	}
	return p < e ? p + 1 : NULL;
}

/*
 * Past the item at p: a character, an escape, a class or a whole group
 * (p at '('); NULL for what this reading does not follow: a verb
 * "(*", a condition "(?(", a comment "(?#", an unbalanced ')'.
 */
static const char *
item_end(const char *p, const char *e)
{
	int depth = 0;

	do {
		if (*p == '\\' || *p == '[') {
			p = *p == '\\' ? esc_end(p, e) : class_end(p, e);
			if (p == NULL)
				return NULL;
			continue;
		}
		if (*p == '(') {
			if (e - p > 1 && (p[1] == '*' || (p[1] == '?' &&
			    e - p > 2 && (p[2] == '(' || p[2] == '#'))))
				return NULL;
			depth++;
		} else if (*p == ')' && --depth < 0)
			return NULL;
		p += cplen((unsigned char)*p);
	} while (depth > 0 && p < e);
	return depth == 0 ? p : NULL;
}

/*
 * The length of the literal character an alternative starts with at p,
 * or 0; *lit is where its UTF-8 is (past the backslash of "\-").  A
 * quantifier after it that may repeat it no time counts as no literal.
 */
static size_t
literal(const char *p, const char *z, int icase, const char **lit)
{
	unsigned char c;
	size_t l;

	*lit = p;
	if (p < z && *p == '\\') {
		if (z - p < 2 || (unsigned char)p[1] >= 0x80 ||
		    strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", p[1]) != NULL)
			return 0;
		*lit = ++p;
	} else if (p >= z || strchr("^$.[|()?*+{", *p) != NULL)
		return 0;
	c = (unsigned char)*p;
	if (icase && (c >= 0x80 || ((c | 32) >= 'a' && (c | 32) <= 'z')))
		return 0;
	l = cplen(c);
	if (l > (size_t)(z - p) || (p + l < z && strchr("?*{", p[l]) != NULL))
		return 0;
	return l;
}

/* Add the character s[0..l) to need[], once; 0 when it is full. */
static int
add_need(struct nt_re *re, const char *s, size_t l)
{
	int i;

	for (i = 0; i < re->nneed; i++)
		if (re->needlen[i] == l && memcmp(re->need[i], s, l) == 0)
			return 1;
	if (re->nneed == NT_RE_NEED)
		return 0;
	memcpy(re->need[re->nneed], s, l);
	re->needlen[re->nneed++] = (unsigned char)l;
	return 1;
}

/*
 * The group p..q (from '(' to past its ')'): if every alternative starts
 * with a literal, those characters go into need[] and 1 is returned.
 */
static int
group_need(struct nt_re *re, const char *p, const char *q, int icase)
{
	const char *z = q - 1, *lit;
	size_t l;

	if (p[1] == '?' && (p[2] == ':' || p[2] == '>'))
		p += 3;
	else if (p[1] != '?')
		p++;
	else
		return 0;
	for (;;) {
		if ((l = literal(p, z, icase, &lit)) == 0 ||
		    !add_need(re, lit, l))
			return 0;
		while (p < z && *p != '|')
			if ((p = item_end(p, z)) == NULL)
				return 0;
		if (p >= z)
			return 1;
		p++;
	}
}

/* Does a quantifier at p let the item before it be skipped? */
static int
optional(const char *p, const char *e)
{
	if (p >= e)
		return 0;
	if (*p == '?' || *p == '*')
		return 1;
	return *p == '{' && !(e - p > 1 && p[1] >= '1' && p[1] <= '9');
}

/*
 * Options set inside the pattern: -1 for extended mode (spaces and
 * comments) or a verb, which this reading does not follow; else 1 if
 * case may be ignored somewhere, 0 if not.
 */
static int
inline_options(const char *p, const char *e)
{
	int icase = 0;

	for (; p + 1 < e; p++) {
		if (p[0] != '(')
			continue;
		if (p[1] == '*')
			return -1;
		if (p[1] != '?')
			continue;
		for (p += 2; p < e && (strchr("^-", *p) != NULL ||
		    ((*p | 32) >= 'a' && (*p | 32) <= 'z')); p++) {
			if (*p == 'x' || *p == 'X')
				return -1;
			if (*p == 'i' || *p == '^')
				icase = 1;
		}
		p--;
	}
	return icase;
}

int
nt_re_inline_icase(const char *pat, size_t len)
{
	return inline_options(pat, pat + len) != 0;
}

void
nt_re_need(struct nt_re *re, const char *pat, size_t len, int icase)
{
	const char *p = pat, *e = pat + len, *q;
	int opt = inline_options(pat, e);

	re->nneed = 0;
	if (opt < 0)
		return;
	icase |= opt;
	for (; p < e; p = q) {
		if (*p == '|' || (q = item_end(p, e)) == NULL) {
			re->nneed = 0;
			return;
		}
		if (*p == '(' && re->nneed == 0 && !optional(q, e) &&
		    !group_need(re, p, q, icase))
			re->nneed = 0;
	}
}
