#include <stdio.h>
#include <string.h>

#include "core/re.h"
#include "core/util.h"

/*
 * Each thread has its own JIT stack, made on first use: a JIT stack may
 * serve only one match at a time.
 */
static _Thread_local pcre2_jit_stack *jit_stack;

static pcre2_jit_stack *
thread_stack(void *unused)
{
	(void)unused;
	if (jit_stack == NULL)
		jit_stack = pcre2_jit_stack_create(32 * 1024, NT_RE_JIT_STACK,
		    NULL);
	return jit_stack;	/* NULL: PCRE2 falls back to its own 32 KiB */
}

void
nt_re_thread_free(void)
{
	pcre2_jit_stack_free(jit_stack);
	jit_stack = NULL;
}

static void
errmsg(struct nt_buf *err, int code, size_t off, int have_off)
{
	PCRE2_UCHAR msg[256];

	if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
		snprintf((char *)msg, sizeof(msg), "error %d", code);
	nt_buf_reset(err);
	if (have_off)
		nt_buf_printf(err, "%s at offset %zu", (char *)msg, off);
	else
		nt_buf_adds(err, (char *)msg);
}

/*
 * The copy of an anchored pattern that nt_re_prefix matches partially.
 * Should it not compile, nt_re_prefix always says 1.
 */
static void
probe_compile(struct nt_re *re, const char *pat, size_t len, uint32_t opt)
{
	int code;
	PCRE2_SIZE off;

	re->probe = pcre2_compile((PCRE2_SPTR)pat, len,
	    opt | PCRE2_NO_START_OPTIMIZE, &code, &off, NULL);
	if (re->probe == NULL)
		return;
	re->pmd = pcre2_match_data_create_from_pattern(re->probe, NULL);
	if (re->pmd == NULL)
		nt_fatalx("out of memory compiling a pattern");
}

int
nt_re_compile(struct nt_re *re, const char *pat, size_t len, unsigned flags,
    struct nt_buf *err)
{
	uint32_t opt = PCRE2_UTF | PCRE2_UCP;
	int code;
	PCRE2_SIZE off;

	memset(re, 0, sizeof(*re));
	if (flags & NT_RE_ICASE)
		opt |= PCRE2_CASELESS;
	if (flags & NT_RE_ANCHORED)
		opt |= PCRE2_ANCHORED;
	re->code = pcre2_compile((PCRE2_SPTR)pat, len, opt, &code, &off,
	    NULL);
	if (re->code == NULL) {
		errmsg(err, code, off, 1);
		return -1;
	}
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	re->mctx = pcre2_match_context_create(NULL);
	if (re->md == NULL || re->mctx == NULL)
		nt_fatalx("out of memory compiling a pattern");
	if (flags & NT_RE_LIMITS) {
		pcre2_set_match_limit(re->mctx, NT_RE_MATCH_LIMIT);
		pcre2_set_depth_limit(re->mctx, NT_RE_MATCH_LIMIT);
		pcre2_set_heap_limit(re->mctx, NT_RE_HEAP_LIMIT);
	}
	/* A pattern whose matches all start with one byte can be skipped
	 * with memchr on lines that lack it. */
	{
		uint32_t type = 0, unit = 0, opts = 0;

		pcre2_pattern_info(re->code, PCRE2_INFO_LASTCODETYPE, &type);
		pcre2_pattern_info(re->code, PCRE2_INFO_LASTCODEUNIT, &unit);
		pcre2_pattern_info(re->code, PCRE2_INFO_ALLOPTIONS, &opts);
		/* "(?i)" inside is not in opts, but PCRE2 matches by it. */
		if (nt_re_inline_icase(pat, len))
			opts |= PCRE2_CASELESS;
		/* A byte every match must contain, whatever its case. */
		if (type == 1 && unit < 128 && (!(opts & PCRE2_CASELESS) ||
		    !((unit | 32) >= 'a' && (unit | 32) <= 'z')))
			re->last = (int)unit;
		else
			re->last = -1;
		re->anchored = (opts & PCRE2_ANCHORED) != 0;
		{
			const uint8_t *map = NULL;

			if (pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTBITMAP,
			    &map) == 0 && map != NULL) {
				memcpy(re->map, map, sizeof(re->map));
				re->have_map = 1;
			}
		}
		type = 0;
		pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODETYPE, &type);
		pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODEUNIT, &unit);
		if (type == 1 && unit < 256) {
			re->first[re->nfirst++] = (unsigned char)unit;
			if ((opts & PCRE2_CASELESS) && unit < 128 &&
			    ((unit | 32) >= 'a' && (unit | 32) <= 'z')) {
				/* Caseless letters beyond ASCII are not
				 * single bytes; ASCII ones have two forms. */
				re->first[re->nfirst++] =
				    (unsigned char)(unit ^ 32);
			} else if ((opts & PCRE2_CASELESS) && unit >= 128)
				re->nfirst = 0;
		}
	}
	if (re->anchored)
		probe_compile(re, pat, len, opt);
	nt_re_need(re, pat, len, (flags & NT_RE_ICASE) != 0);
	/* Without JIT support (or memory for it) the interpreter still works. */
	if (pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0) {
		pcre2_jit_stack_assign(re->mctx, thread_stack, NULL);
		re->jit = 1;
	}
	return 0;
}

int
nt_re_search(struct nt_re *re, const char *s, size_t n, size_t start,
    size_t *ms, size_t *me)
{
	PCRE2_SIZE *ov;
	int rc;

	if (start > n)
		return 0;
	/*
	 * pcre2_match would only check its arguments (ours are valid) and
	 * then call the JIT code through pcre2_jit_match: call it directly.
	 */
	if (re->jit)
		rc = pcre2_jit_match(re->code, (PCRE2_SPTR)(s ? s : ""), n,
		    start, 0, re->md, re->mctx);
	else
		rc = pcre2_match(re->code, (PCRE2_SPTR)(s ? s : ""), n, start,
		    PCRE2_NO_UTF_CHECK, re->md, re->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return -1;
	ov = pcre2_get_ovector_pointer(re->md);
	*ms = ov[0];
	*me = ov[1];
	/* \K in a lookbehind can put the end before the start. */
	if (*me < *ms)
		*me = *ms;
	return 1;
}

int
nt_re_next(struct nt_re *re, const char *s, size_t n, size_t *pos,
    size_t *ms, size_t *me)
{
	int rc;

	rc = nt_re_search(re, s, n, *pos, ms, me);
	if (rc != 1)
		return rc;
	if (*me > *ms)
		*pos = *me;
	else {
		/* An empty match: step over one whole character. */
		*pos = *me + 1;
		while (*pos < n && ((unsigned char)s[*pos] & 0xC0) == 0x80)
			(*pos)++;
	}
	return 1;
}

/*
 * Does s[0..n) hold the character c[0..l)?  A memchr for its last byte
 * (a lead byte like the 0xE2 of a dash is in every curly quote too).
 */
static int
has_char(const char *s, size_t n, const unsigned char *c, size_t l)
{
	const char *p, *e = s + n;

	if (n < l)
		return 0;
	for (p = s + l - 1; (p = memchr(p, c[l - 1], (size_t)(e - p))) != NULL;
	    p++)
		if (memcmp(p - (l - 1), c, l - 1) == 0)
			return 1;
	return 0;
}

/* Does s[0..n) hold one of the characters of need[]? */
static int
has_need(const struct nt_re *re, const char *s, size_t n)
{
	int i;

	for (i = 0; i < re->nneed; i++)
		if (has_char(s, n, re->need[i], re->needlen[i]))
			return 1;
	return 0;
}

int
nt_re_maybe(const struct nt_re *re, const char *s, size_t n)
{
	int i;

	if (re->anchored && n > 0) {
		/* Only the first byte can start a match. */
		unsigned char c = (unsigned char)s[0];

		if (re->have_map && !(re->map[c >> 3] & (1 << (c & 7))))
			return 0;
		if (re->nfirst == 1 && c != re->first[0])
			return 0;
		if (re->nfirst == 2 && c != re->first[0] && c != re->first[1])
			return 0;
	}
	if (re->last >= 0 && memchr(s, re->last, n) == NULL)
		return 0;
	if (re->nfirst > 0 && !re->anchored) {
		for (i = 0; i < re->nfirst; i++)
			if (memchr(s, re->first[i], n) != NULL)
				break;
		if (i == re->nfirst)
			return 0;
	}
	return re->nneed == 0 || has_need(re, s, n);
}

int
nt_re_prefix(struct nt_re *re, const char *p, size_t k)
{
	int rc;

	if (re->probe == NULL)
		return 1;
	rc = pcre2_match(re->probe, (PCRE2_SPTR)(p ? p : ""), k, 0,
	    PCRE2_ANCHORED | PCRE2_PARTIAL_HARD | PCRE2_NO_UTF_CHECK,
	    re->pmd, re->mctx);
	return rc != PCRE2_ERROR_NOMATCH;
}

const char *
nt_re_mark(const struct nt_re *re)
{
	return (const char *)pcre2_get_mark(re->md);
}

void
nt_re_free(struct nt_re *re)
{
	if (re == NULL)
		return;
	pcre2_match_data_free(re->pmd);
	pcre2_code_free(re->probe);
	pcre2_match_data_free(re->md);
	pcre2_match_context_free(re->mctx);
	pcre2_code_free(re->code);
	memset(re, 0, sizeof(*re));
}
