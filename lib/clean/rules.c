#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/conf.h"
#include "text/norm.h"
#include "clean/rules.h"
#include "core/utf8.h"
#include "core/util.h"

static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void
nt_rules_init(struct nt_rules *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->heur = NT_H_DATE | NT_H_TITLE | NT_H_TEASER | NT_H_HEADLINES |
	    NT_H_NAV | NT_H_REPEATED | NT_H_CLASSIFIER | NT_H_WRAPPED |
	    NT_H_BRAND | NT_H_MENUS;
	rs->max_line_chars = 600;
}

static int
trailing_punct(const char *s, size_t n, size_t *len)
{
	static const char *const multi[] = { "\xc2\xbb", "\xe2\x80\xba",
	    "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\xa6", "\xe2\x86\x92" };
	size_t i, l;

	if (n == 0)
		return 0;
	if (strchr(" :.|>-\xbb", s[n - 1]) != NULL && (unsigned char)s[n - 1]
	    < 0x80) {
		*len = 1;
		return 1;
	}
	for (i = 0; i < sizeof(multi) / sizeof(multi[0]); i++) {
		l = strlen(multi[i]);
		if (n >= l && memcmp(s + n - l, multi[i], l) == 0) {
			*len = l;
			return 1;
		}
	}
	return 0;
}

void
nt_rules_key(const char *s, size_t n, struct nt_buf *out)
{
	size_t i, l;
	int ascii = 1;
	utf8proc_uint8_t *fold;
	utf8proc_ssize_t fl;

	nt_buf_reset(out);
	nt_norm_line(s, n, 0, out);
	for (i = 0; i < out->len; i++) {
		unsigned char c = (unsigned char)out->p[i];

		if (c >= 'A' && c <= 'Z')
			out->p[i] = (char)(c + 32);
		else if (c >= 0x80)
			ascii = 0;
	}
	if (!ascii) {
		fl = utf8proc_map((const utf8proc_uint8_t *)out->p,
		    (utf8proc_ssize_t)out->len, &fold, UTF8PROC_STABLE |
		    UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
		if (fl >= 0) {
			nt_buf_reset(out);
			nt_buf_add(out, fold, (size_t)fl);
			free(fold);
		}
	}
	while (trailing_punct(out->p, out->len, &l))
		nt_buf_trunc(out, out->len - l);
}

/* Insert key into an open-addressing table that grows at half full. */
static void
tab_put(struct nt_lineent **tab, size_t *cap, size_t *count, const char *k,
    size_t len, uint32_t val)
{
	struct nt_lineent *old = *tab, *e;
	size_t oldcap = *cap, i;
	uint64_t h;

	if ((*count + 1) * 2 > *cap) {
		*cap = *cap ? *cap * 2 : 256;
		*tab = nt_ecalloc(*cap, sizeof(**tab));
		*count = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i].key != NULL) {
				tab_put(tab, cap, count, old[i].key,
				    old[i].len, old[i].rule);
				free(old[i].key);
			}
		free(old);
	}
	h = hash(k, len);
	for (i = h & (*cap - 1);; i = (i + 1) & (*cap - 1)) {
		e = &(*tab)[i];
		if (e->key == NULL)
			break;
		if (e->h == h && e->len == len && memcmp(e->key, k, len) == 0) {
			e->rule = val;	/* a later rule wins */
			return;
		}
	}
	e->h = h;
	e->key = nt_estrndup(k, len);
	e->len = len;
	e->rule = val;
	(*count)++;
}

static const struct nt_lineent *
tab_get(const struct nt_lineent *tab, size_t cap, const char *k, size_t len)
{
	uint64_t h;
	size_t i;

	if (cap == 0)
		return NULL;
	h = hash(k, len);
	for (i = h & (cap - 1); tab[i].key != NULL; i = (i + 1) & (cap - 1))
		if (tab[i].h == h && tab[i].len == len &&
		    memcmp(tab[i].key, k, len) == 0)
			return &tab[i];
	return NULL;
}

static void
tab_free(struct nt_lineent *tab, size_t cap)
{
	size_t i;

	for (i = 0; i < cap; i++)
		free(tab[i].key);
	free(tab);
}

static void
rule_free(struct nt_rule *r)
{
	size_t i;

	free(r->id);
	free(r->src);
	free(r->pattern);
	for (i = 0; i < r->nlines; i++)
		free(r->lines[i]);
	free(r->lines);
	for (i = 0; i < r->nwith; i++)
		free(r->with[i]);
	free(r->with);
	nt_re_free(&r->re);
	memset(r, 0, sizeof(*r));
}

static long
find(const struct nt_rules *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->r[i].id, id) == 0)
			return (long)i;
	return -1;
}

static int
valid_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		    *s == '.'))
			return 0;
	return 1;
}

static int
get_bool(const char *path, const struct nt_ynode *v, const char *key,
    int *out, struct nt_buf *err)
{
	int b = nt_ybool(v);

	if (b < 0) {
		nt_yerr(err, path, v, "'%s' must be true or false", key);
		return -1;
	}
	*out = b;
	return 0;
}

static const char *const fields[] = {
	[NT_RF_AUTHOR] = "author", [NT_RF_DATE] = "date",
	[NT_RF_DATELINE] = "dateline", [NT_RF_CREDIT] = "credit",
};

/* "field: author": the record field a rule's removals fill. */
static int
get_field(const char *path, const struct nt_ynode *v, enum nt_rfield *out,
    struct nt_buf *err)
{
	size_t i;

	for (i = 1; v->type == NT_YSCALAR && i < sizeof(fields) /
	    sizeof(fields[0]); i++)
		if (strcmp(v->s, fields[i]) == 0) {
			*out = (enum nt_rfield)i;
			return 0;
		}
	nt_yerr(err, path, v, "'field' must be author, date, dateline or "
	    "credit");
	return -1;
}

static int
add_str(const char *path, const struct nt_ynode *v, char ***list,
    size_t *n, struct nt_buf *err)
{
	if (v->type != NT_YSCALAR || v->len == 0) {
		nt_yerr(err, path, v, "a non-empty string is needed here");
		return -1;
	}
	*list = nt_ereallocarray(*list, *n + 1, sizeof(**list));
	(*list)[(*n)++] = nt_estrndup(v->s, v->len);
	return 0;
}

/* One string or a list of them. */
static int
add_strs(const char *path, const struct nt_ynode *v, char ***list,
    size_t *n, struct nt_buf *err)
{
	size_t j;

	if (v->type != NT_YSEQ)
		return add_str(path, v, list, n, err);
	if (v->n == 0) {
		nt_yerr(err, path, v, "the list is empty");
		return -1;
	}
	for (j = 0; j < v->n; j++)
		if (add_str(path, v->kid[j], list, n, err) < 0)
			return -1;
	return 0;
}

static const struct {
	const char	*key;
	enum nt_rkind	 kind;
} kinds[] = {
	{ "line", NT_RK_LINE }, { "lines", NT_RK_LINE },
	{ "prefix", NT_RK_PREFIX }, { "prefixes", NT_RK_PREFIX },
	{ "contains", NT_RK_CONTAINS }, { "pattern", NT_RK_PATTERN },
};

static int
kind_of(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(key, kinds[i].key) == 0)
			return (int)kinds[i].kind;
	return -1;
}

static int
load_rule(struct nt_rules *rs, const char *path, const struct nt_ynode *m,
    int user, struct nt_buf *err)
{
	struct nt_rule r;
	const struct nt_ynode *k, *v, *idn = NULL, *what = NULL;
	struct nt_buf msg = NT_BUF_INIT;
	size_t i;
	long at;
	unsigned flags;
	uint32_t opts = 0;
	int kind;

	if (m->type != NT_YMAP) {
		nt_yerr(err, path, m, "a rule must be a mapping");
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.icase = 1;
	r.user = user;
	for (i = 0; i + 1 < m->n; i += 2) {
		k = m->kid[i];
		v = m->kid[i + 1];
		if (k->type != NT_YSCALAR)
			goto badkey;
		if (strcmp(k->s, "id") == 0) {
			if (v->type != NT_YSCALAR || !valid_id(v->s)) {
				nt_yerr(err, path, v, "a rule id is letters, "
				    "digits, '-', '_' and '.'");
				goto fail;
			}
			idn = v;
		} else if ((kind = kind_of(k->s)) >= 0) {
			if (what != NULL) {
				nt_yerr(err, path, k, "a rule has one of "
				    "'line(s)', 'prefix(es)', 'contains' or "
				    "'pattern'");
				goto fail;
			}
			what = k;
			r.kind = (enum nt_rkind)kind;
			if (kind == NT_RK_PATTERN) {
				if (v->type != NT_YSCALAR || v->len == 0) {
					nt_yerr(err, path, v, "a pattern must "
					    "be a non-empty string");
					goto fail;
				}
				r.pattern = nt_estrndup(v->s, v->len);
				what = v;
			} else if (add_strs(path, v, &r.lines, &r.nlines,
			    err) < 0)
				goto fail;
		} else if (strcmp(k->s, "with") == 0) {
			if (add_strs(path, v, &r.with, &r.nwith, err) < 0)
				goto fail;
		} else if (strcmp(k->s, "remove") == 0) {
			if (v->type == NT_YSCALAR && strcmp(v->s, "line") == 0)
				r.match_only = 0;
			else if (v->type == NT_YSCALAR &&
			    strcmp(v->s, "match") == 0)
				r.match_only = 1;
			else {
				nt_yerr(err, path, v, "'remove' must be line "
				    "or match");
				goto fail;
			}
		} else if (strcmp(k->s, "heading") == 0) {
			if (get_bool(path, v, "heading", &r.heading, err) < 0)
				goto fail;
		} else if (strcmp(k->s, "ends") == 0) {
			if (get_bool(path, v, "ends", &r.ends, err) < 0)
				goto fail;
		} else if (strcmp(k->s, "boundary") == 0) {
			if (get_bool(path, v, "boundary", &r.boundary,
			    err) < 0)
				goto fail;
		} else if (strcmp(k->s, "max_chars") == 0) {
			char *e = NULL;
			unsigned long long u = v->type == NT_YSCALAR &&
			    v->s[0] >= '0' && v->s[0] <= '9' ?
			    strtoull(v->s, &e, 10) : 0;

			if (u == 0 || *e != '\0' || u > 1000000) {
				nt_yerr(err, path, v, "'max_chars' must be a "
				    "number from 1 to 1000000");
				goto fail;
			}
			r.max_chars = (size_t)u;
		} else if (strcmp(k->s, "field") == 0) {
			if (get_field(path, v, &r.field, err) < 0)
				goto fail;
		} else if (strcmp(k->s, "ignore_case") == 0) {
			if (get_bool(path, v, "ignore_case", &r.icase,
			    err) < 0)
				goto fail;
		} else
			goto badkey;
		continue;
badkey:
		nt_yerr(err, path, k, "unknown key '%s' in a rule (known: id, "
		    "line, lines, prefix, prefixes, contains, pattern, with, "
		    "remove, heading, boundary, ends, field, ignore_case, "
		    "max_chars)", k->type == NT_YSCALAR ? k->s : "?");
		goto fail;
	}
	if (idn == NULL) {
		nt_yerr(err, path, m, "a rule needs an 'id'");
		goto fail;
	}
	r.id = nt_estrdup(idn->s);
	if (what == NULL) {
		nt_yerr(err, path, m, "rule '%s' needs 'line(s)', "
		    "'prefix(es)', 'contains' or 'pattern'", r.id);
		goto fail;
	}
	if (r.nwith > 0 && r.kind != NT_RK_PREFIX &&
	    r.kind != NT_RK_CONTAINS) {
		nt_yerr(err, path, m, "rule '%s': 'with' goes with 'prefix' or "
		    "'contains'", r.id);
		goto fail;
	}
	if (r.match_only && r.pattern == NULL) {
		nt_yerr(err, path, m, "rule '%s': 'remove: match' needs a "
		    "pattern", r.id);
		goto fail;
	}
	nt_buf_printf(&msg, "%s:%zu:%zu", path, idn->line, idn->col);
	r.src = nt_estrdup(msg.p);
	nt_buf_free(&msg);
	if (r.pattern != NULL) {
		flags = (r.icase ? NT_RE_ICASE : 0) | (user ? NT_RE_LIMITS : 0);
		if (nt_re_compile(&r.re, r.pattern, strlen(r.pattern), flags,
		    &msg) < 0) {
			nt_yerr(err, path, what, "rule '%s': bad pattern: %s",
			    r.id, msg.p);
			nt_buf_free(&msg);
			goto fail;
		}
		nt_buf_free(&msg);
		pcre2_pattern_info(r.re.code, PCRE2_INFO_ALLOPTIONS, &opts);
		r.anchored = (opts & PCRE2_ANCHORED) != 0;
	}
	/* A later rule with the same id replaces the earlier one. */
	if ((at = find(rs, r.id)) >= 0) {
		rule_free(&rs->r[at]);
		rs->r[at] = r;
		return 0;
	}
	rs->r = nt_ereallocarray(rs->r, rs->n + 1, sizeof(*rs->r));
	rs->r[rs->n++] = r;
	return 0;
fail:
	rule_free(&r);
	return -1;
}

static const struct {
	const char	*name;
	unsigned	 bit;
} heurs[] = {
	{ "brand", NT_H_BRAND }, { "classifier", NT_H_CLASSIFIER },
	{ "date", NT_H_DATE }, { "headlines", NT_H_HEADLINES },
	{ "menus", NT_H_MENUS }, { "navigation", NT_H_NAV },
	{ "repeated", NT_H_REPEATED }, { "teaser", NT_H_TEASER },
	{ "title", NT_H_TITLE }, { "wrapped", NT_H_WRAPPED },
};

static int
load_heur(struct nt_rules *rs, const char *path, const struct nt_ynode *m,
    struct nt_buf *err)
{
	size_t i, j;
	int on;

	if (m->type != NT_YMAP) {
		nt_yerr(err, path, m, "'heuristics' must be a mapping of "
		    "names to true or false");
		return -1;
	}
	for (i = 0; i + 1 < m->n; i += 2) {
		for (j = 0; j < sizeof(heurs) / sizeof(heurs[0]); j++)
			if (m->kid[i]->type == NT_YSCALAR &&
			    strcmp(m->kid[i]->s, heurs[j].name) == 0)
				break;
		if (j == sizeof(heurs) / sizeof(heurs[0])) {
			nt_yerr(err, path, m->kid[i], "unknown heuristic '%s' "
			    "(known: brand, classifier, date, headlines, menus, "
			    "navigation, repeated, teaser, title, wrapped)",
			    m->kid[i]->type ==
			    NT_YSCALAR ? m->kid[i]->s : "?");
			return -1;
		}
		if (get_bool(path, m->kid[i + 1], heurs[j].name, &on, err) < 0)
			return -1;
		if (on)
			rs->heur |= heurs[j].bit;
		else
			rs->heur &= ~heurs[j].bit;
	}
	return 0;
}

int
nt_rules_load(struct nt_rules *rs, const char *path, int user,
    struct nt_buf *err)
{
	struct nt_ynode *root, *k, *v;
	size_t i, j;
	long at;
	char *end;
	unsigned long long u;
	int rc = -1;

	if ((root = nt_yaml_load(path, err)) == NULL)
		return -1;
	if (root->type != NT_YMAP) {
		nt_yerr(err, path, root, "a rule file is a mapping with "
		    "'rules', 'disable', 'heuristics' or 'max_line_chars'");
		goto out;
	}
	/* Rules first, so that 'disable' may name one the file adds. */
	for (i = 0; i + 1 < root->n; i += 2) {
		k = root->kid[i];
		v = root->kid[i + 1];
		if (k->type != NT_YSCALAR)
			goto badkey;
		if (strcmp(k->s, "rules") == 0) {
			if (v->type != NT_YSEQ) {
				if (v->type == NT_YSCALAR && v->len == 0)
					continue;
				nt_yerr(err, path, v, "'rules' must be a list");
				goto out;
			}
			for (j = 0; j < v->n; j++)
				if (load_rule(rs, path, v->kid[j], user,
				    err) < 0)
					goto out;
		} else if (strcmp(k->s, "heuristics") == 0) {
			if (load_heur(rs, path, v, err) < 0)
				goto out;
		} else if (strcmp(k->s, "max_line_chars") == 0) {
			u = v->type == NT_YSCALAR && v->s[0] >= '0' &&
			    v->s[0] <= '9' ? strtoull(v->s, &end, 10) : 0;
			if (u == 0 || *end != '\0' || u > 1000000) {
				nt_yerr(err, path, v, "'max_line_chars' must be "
				    "a number from 1 to 1000000");
				goto out;
			}
			rs->max_line_chars = (size_t)u;
		} else if (strcmp(k->s, "disable") != 0)
			goto badkey;
	}
	if ((v = nt_ymap_get(root, "disable")) != NULL) {
		if (v->type == NT_YSCALAR && v->len > 0) {
			nt_yerr(err, path, v, "'disable' must be a list of "
			    "rule ids");
			goto out;
		}
		for (j = 0; j < v->n; j++) {
			if (v->kid[j]->type != NT_YSCALAR) {
				nt_yerr(err, path, v->kid[j], "'disable' must "
				    "be a list of rule ids");
				goto out;
			}
			if ((at = find(rs, v->kid[j]->s)) < 0) {
				nt_yerr(err, path, v->kid[j], "no rule '%s' to "
				    "disable", v->kid[j]->s);
				goto out;
			}
			rs->r[at].disabled = 1;
		}
	}
	rc = 0;
	goto out;
badkey:
	nt_yerr(err, path, k, "unknown key '%s' (known: rules, disable, "
	    "heuristics, max_line_chars)", k->type == NT_YSCALAR ? k->s : "?");
out:
	nt_ynode_free(root);
	return rc;
}

/* --- Words, for prefix and contains rules. --- */

#define FNV0	0xcbf29ce484222325ULL
#define FNVP	0x100000001b3ULL

/* ASCII letters and digits, lower-cased; 0 for other ASCII bytes. */
static unsigned char wordch[128];

static void
init_wordch(void)
{
	int c;

	for (c = 0; c < 128; c++)
		wordch[c] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ?
		    (unsigned char)c : c >= 'A' && c <= 'Z' ?
		    (unsigned char)(c + 32) : 0;
}

/* Beyond ASCII: letters, marks and digits make words. */
static int
word_cp(uint32_t cp)
{
	int cat = utf8proc_category((utf8proc_int32_t)cp);

	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO);
}

/*
 * The next word of s[0..n) from *pos: its start in *start, a 16-bit
 * hash of its lower-cased bytes in *h (what the first-word filter
 * needs) and, when w is not NULL, those bytes appended to w.  Returns 0
 * when there is no further word.
 */
static int
word_next(const char *s, size_t n, size_t *pos, size_t *start, uint64_t *h,
    struct nt_buf *w)
{
	size_t i = *pos, len, j;
	uint32_t cp, hh = 5381;
	unsigned char c;
	char enc[4];

	for (;;) {
		if (i >= n)
			return 0;
		c = (unsigned char)s[i];
		if (c < 0x80) {
			if (wordch[c])
				break;
			i++;
			continue;
		}
		len = nt_utf8_decode(s + i, &cp);
		if (word_cp(cp))
			break;
		i += len;
	}
	*start = i;
	while (i < n) {
		c = (unsigned char)s[i];
		if (c < 0x80) {
			if (!wordch[c])
				break;
			hh = ((hh << 5) + hh) ^ wordch[c];
			if (w != NULL)
				nt_buf_addc(w, wordch[c]);
			i++;
			continue;
		}
		len = nt_utf8_decode(s + i, &cp);
		if (!word_cp(cp))
			break;
		cp = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
		j = nt_utf8_encode(cp, enc);
		if (w != NULL)
			nt_buf_add(w, enc, j);
		while (j > 0)
			hh = ((hh << 5) + hh) ^ (unsigned char)enc[--j];
		i += len;
	}
	*pos = i;
	*h = (hh ^ (hh >> 16)) & 65535;
	return 1;
}

/* The words of a phrase, lower-cased and joined by single spaces. */
static void
phrase_key(const char *s, struct nt_buf *out)
{
	size_t pos = 0, start, n = strlen(s);
	uint64_t h;

	nt_buf_reset(out);
	while (1) {
		if (out->len > 0)
			nt_buf_addc(out, ' ');
		if (!word_next(s, n, &pos, &start, &h, out))
			break;
	}
	if (out->len > 0 && out->p[out->len - 1] == ' ')
		nt_buf_trunc(out, out->len - 1);
}

/*
 * The filter that keeps contains rules cheap: every word start in a line
 * is looked up by its first four bytes (fewer if the word is shorter),
 * with ASCII letters lower-cased, in a 65536-bit set; only a hit costs
 * a real comparison.  The scan finds word starts eight bytes at a time.
 */
#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* 0x80 in each byte of x (bytes below 0x80 only) within [lo, hi]. */
static inline uint64_t
inrange(uint64_t y, unsigned lo, unsigned hi)
{
	return (y + ONES * (0x80 - lo)) & ~(y + ONES * (0x7F - hi)) & HIGHS;
}

/* Bytes that are ASCII letters or digits. */
static inline uint64_t
alnum_mask(uint64_t x)
{
	uint64_t y = x & ~HIGHS;

	return (inrange(y | ONES * 0x20, 'a', 'z') | inrange(y, '0', '9')) &
	    ~(x & HIGHS);
}

/* Non-ASCII lead bytes (0xC0 and above). */
static inline uint64_t
lead_mask(uint64_t x)
{
	return x & (x << 1) & HIGHS;
}

static inline uint32_t
word_key(const unsigned char *p, size_t avail)
{
	unsigned char b[8] = { 0 };
	uint64_t x, m;
	size_t j;

	if (avail >= 8)
		memcpy(&x, p, 8);
	else {
		memcpy(b, p, avail);
		memcpy(&x, b, 8);
	}
	/* The word ends at the first ASCII byte that is not alphanumeric. */
	m = ~(alnum_mask(x) | (x & HIGHS)) & HIGHS;
	j = m ? (size_t)__builtin_ctzll(m) / 8 : 8;
	if (j > 4)
		j = 4;
	x |= (inrange((x & ~HIGHS) | ONES * 0x20, 'a', 'z') &
	    ~(x & HIGHS)) >> 2;
	return (uint32_t)(x & (j >= 4 ? 0xFFFFFFFFULL : (1ULL << (8 * j)) - 1));
}

static inline uint64_t
eqmask8(uint64_t x, unsigned char c)
{
	uint64_t t = x ^ (ONES * c);

	return ~(((t & ~HIGHS) + ~HIGHS) | t) & HIGHS;
}

static inline uint32_t
key_bit(uint32_t k)
{
	return (k * 2654435761U) >> 16;
}

static void
bloom_key(struct nt_rules *rs, const char *w, size_t n, uint64_t *bloom)
{
	uint32_t b = key_bit(word_key((const unsigned char *)w, n));
	unsigned char c = (unsigned char)w[0];

	if (bloom == rs->bloom) {
		rs->first[c] = 1;
		if (c >= 'a' && c <= 'z')
			rs->first[c - 32] = 1;
	}

	bloom[b >> 6] |= 1ULL << (b & 63);
}

/* Add a first word in lower case, Title case and upper case. */
static void
bloom_word(struct nt_rules *rs, const char *w, size_t n, uint64_t *bloom)
{
	utf8proc_uint8_t *up;
	utf8proc_ssize_t ul;
	uint32_t cp;
	size_t l;
	char enc[4];
	struct nt_buf t = NT_BUF_INIT;

	bloom_key(rs, w, n, bloom);
	ul = utf8proc_map((const utf8proc_uint8_t *)w, (utf8proc_ssize_t)n,
	    &up, UTF8PROC_STABLE);
	if (ul < 0)
		return;
	for (l = 0; l < (size_t)ul; ) {
		size_t len = nt_utf8_decode((char *)up + l, &cp);

		cp = (uint32_t)utf8proc_toupper((utf8proc_int32_t)cp);
		nt_buf_add(&t, enc, nt_utf8_encode(cp, enc));
		if (l == 0) {
			nt_buf_add(&t, w + len, n - len);
			bloom_key(rs, t.p, t.len, bloom);
			nt_buf_trunc(&t, t.len - (n - len));
		}
		l += len;
	}
	bloom_key(rs, t.p, t.len, bloom);
	free(up);
	nt_buf_free(&t);
}

static void
add_phrase(struct nt_rules *rs, const char *text, uint32_t rule)
{
	struct nt_phrase *ph;
	const struct nt_lineent *e;
	size_t fl;

	phrase_key(text, &rs->key);
	if (rs->key.len == 0)
		return;
	rs->ph = nt_ereallocarray(rs->ph, rs->nph + 1, sizeof(*rs->ph));
	ph = &rs->ph[rs->nph];
	ph->words = nt_estrndup(rs->key.p, rs->key.len);
	ph->len = rs->key.len;
	ph->rule = rule;
	ph->next = UINT32_MAX;
	for (fl = 0; fl < ph->len && ph->words[fl] != ' '; fl++)
		;
	if ((e = tab_get(rs->fw, rs->fwcap, ph->words, fl)) != NULL)
		ph->next = e->rule;
	tab_put(&rs->fw, &rs->fwcap, &rs->nfw, ph->words, fl,
	    (uint32_t)rs->nph);
	if (rs->r[rule].kind == NT_RK_CONTAINS)
		bloom_word(rs, ph->words, fl, rs->bloom);
	bloom_word(rs, ph->words, fl, rs->pbloom);
	rs->nph++;
}

/* Does the phrase's word sequence start at s[start..n)? */
static int
phrase_here(struct nt_rules *rs, const struct nt_phrase *ph, const char *s,
    size_t n, size_t start)
{
	size_t pos = start, st, done = 0, wl;
	uint64_t h;

	while (done < ph->len) {
		nt_buf_reset(&rs->tmp);
		if (!word_next(s, n, &pos, &st, &h, &rs->tmp))
			return 0;
		wl = rs->tmp.len;
		if (done + wl > ph->len || memcmp(ph->words + done, rs->tmp.p,
		    wl) != 0 || (done + wl < ph->len && ph->words[done + wl] !=
		    ' '))
			return 0;
		done += wl + 1;
	}
	return 1;
}

/* Does one of the rule's 'with' words appear in s[0..n)? */
static int
with_here(struct nt_rules *rs, const struct nt_rule *r, const char *s,
    size_t n)
{
	size_t pos = 0, st, j;
	uint64_t h;

	while (1) {
		nt_buf_reset(&rs->tmp);
		if (!word_next(s, n, &pos, &st, &h, &rs->tmp))
			return 0;
		for (j = 0; j < r->nwith; j++)
			if (strcmp(r->with[j], rs->tmp.p) == 0)
				return 1;
	}
}

static long
phrase_at(struct nt_rules *rs, const char *s, size_t n, size_t start,
    size_t widx, size_t nch)
{
	const struct nt_lineent *e;
	const struct nt_phrase *ph;
	const struct nt_rule *r;
	size_t p2 = start, fl;
	uint64_t h2;
	uint32_t k;

	nt_buf_reset(&rs->tmp);
	word_next(s, n, &p2, &fl, &h2, &rs->tmp);
	e = tab_get(rs->fw, rs->fwcap, rs->tmp.p, rs->tmp.len);
	for (k = e != NULL ? e->rule : UINT32_MAX; k != UINT32_MAX;
	    k = ph->next) {
		ph = &rs->ph[k];
		r = &rs->r[ph->rule];
		if ((r->kind == NT_RK_PREFIX && widx > 0) || nch > r->max_chars)
			continue;
		if (phrase_here(rs, ph, s, n, start) &&
		    (r->nwith == 0 || with_here(rs, r, s, n)))
			return (long)ph->rule;
	}
	return -1;
}

/* Check the word starts in mask (bit i: byte base + i) against the filter. */
static long
check_starts(struct nt_rules *rs, const char *s, size_t n, size_t nch,
    size_t base, size_t first, uint64_t mask)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t b;
	uint32_t bit;
	long k;

	while (mask != 0) {
		b = base + (size_t)__builtin_ctzll(mask);
		mask &= mask - 1;
		if (b <= first || b >= n || !rs->first[u[b]])
			continue;
		bit = key_bit(word_key(u + b, n - b));
		if ((rs->bloom[bit >> 6] & (1ULL << (bit & 63))) &&
		    (k = phrase_at(rs, s, n, b, 1, nch)) >= 0)
			return k;
	}
	return -1;
}

long
nt_rules_phrase(struct nt_rules *rs, const char *s, size_t n, size_t nch)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t pos = 0, start, i;
	uint64_t h, starts, al, wd, lead, cand, c_al = 0, c_wd = 0;
	uint32_t bit;
	long k;
	int f, nlo = 0;
#ifdef __SSE2__
	__m128i fv[8];
#endif

	if (rs->nph == 0 || (nch > rs->prefix_max && nch > rs->contains_max))
		return -1;
	/* The first word may begin a prefix or a contains phrase. */
	if (!word_next(s, n, &pos, &start, &h, NULL))
		return -1;
	bit = key_bit(word_key(u + start, n - start));
	if ((rs->pbloom[bit >> 6] & (1ULL << (bit & 63))) &&
	    (k = phrase_at(rs, s, n, start, 0, nch)) >= 0)
		return k;
	if (nch > rs->contains_max)
		return -1;
#ifdef __SSE2__
	/* The first letters, ASCII ones (compared case-blind) first. */
	for (f = 0, nlo = 0; f < rs->nfl; f++)
		if (rs->fl[f] < 0x80)
			fv[nlo++] = _mm_set1_epi8((char)rs->fl[f]);
	for (f = 0, i = (size_t)nlo; f < rs->nfl; f++)
		if (rs->fl[f] >= 0x80)
			fv[i++] = _mm_set1_epi8((char)rs->fl[f]);
	for (; i < 8; i++)
		fv[i] = _mm_setzero_si128();
#endif
	/*
	 * Every later word start: an ASCII letter or digit after a byte
	 * that is neither, or a non-ASCII lead byte after ASCII that is
	 * not alphanumeric.  Sixteen bytes at a time where SSE2 is there.
	 */
	for (i = 0; i < n; i += 16) {
		unsigned char t[16];
		const unsigned char *q = u + i;

		if (n - i < 16) {
			memset(t, 0, sizeof(t));
			memcpy(t, q, n - i);
			q = t;
		}
#ifdef __SSE2__
		{
			__m128i x = _mm_loadu_si128((const __m128i *)q);
			__m128i lo = _mm_or_si128(x, _mm_set1_epi8(0x20));
			__m128i alpha = _mm_and_si128(
			    _mm_cmpgt_epi8(lo, _mm_set1_epi8('a' - 1)),
			    _mm_cmplt_epi8(lo, _mm_set1_epi8('z' + 1)));
			__m128i digit = _mm_and_si128(
			    _mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
			    _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
			__m128i fm = _mm_setzero_si128();
			uint64_t hi;

			al = (uint64_t)_mm_movemask_epi8(_mm_or_si128(alpha,
			    digit));
			hi = (uint64_t)_mm_movemask_epi8(x);
			lead = (uint64_t)_mm_movemask_epi8(_mm_cmpgt_epi8(
			    _mm_set1_epi8((char)0xC0), x)) ^ 0xFFFF;
			lead &= hi;
			wd = al | hi;
			starts = (al & ~((al << 1) | c_al)) |
			    (lead & ~((wd << 1) | c_wd));
			c_al = (al >> 15) & 1;
			c_wd = (wd >> 15) & 1;
			if (rs->nfl > 0 && starts != 0) {
				/* Unused slots hold NUL, which text lacks
				 * (and lo, with bit 5 set, never has). */
				for (f = 0; f < 8; f++)
					fm = _mm_or_si128(fm, _mm_cmpeq_epi8(
					    f < nlo ? lo : x, fv[f]));
				starts &= (uint64_t)_mm_movemask_epi8(fm);
			}
		}
#else
		{
			size_t j;

			starts = 0;
			for (j = 0; j < 16; j++) {
				unsigned c = q[j];
				int a = c < 0x80 && wordch[c] != 0;
				int w = a || c >= 0x80;

				if ((a && !c_al) || (c >= 0xC0 && !c_wd))
					starts |= 1ULL << j;
				c_al = (uint64_t)a;
				c_wd = (uint64_t)w;
			}
			(void)al;
			(void)wd;
			(void)lead;
			(void)f;
		}
#endif
		cand = starts;
		if (cand != 0 && (k = check_starts(rs, s, n, nch, i, start,
		    cand)) >= 0)
			return k;
	}
	return -1;
}

static inline size_t
sw8_slot(uint64_t x)
{
	return (size_t)((x * 0x9E3779B97F4A7C15ULL) >> 52);
}

static void
sw8_put(struct nt_rules *rs, const char *s, size_t n)
{
	uint64_t x = 0;
	size_t i;

	memcpy(&x, s, n);
	for (i = sw8_slot(x); rs->sw8[i] != 0 && rs->sw8[i] != x;
	    i = (i + 1) & 4095)
		;
	rs->sw8[i] = x;
}

int
nt_rules_stopwords(struct nt_rules *rs, const char *path, struct nt_buf *err)
{
	struct nt_ynode *root;
	const struct nt_ynode *v;
	size_t i, j;
	int rc = -1;

	if ((root = nt_yaml_load(path, err)) == NULL)
		return -1;
	if (root->type != NT_YMAP) {
		nt_yerr(err, path, root, "a stop-word file maps languages "
		    "to lists of words");
		goto out;
	}
	for (i = 0; i + 1 < root->n; i += 2) {
		v = root->kid[i + 1];
		if (v->type != NT_YSEQ) {
			nt_yerr(err, path, v, "a list of words is needed here");
			goto out;
		}
		for (j = 0; j < v->n; j++) {
			if (v->kid[j]->type != NT_YSCALAR) {
				nt_yerr(err, path, v->kid[j], "a stop word "
				    "must be a string");
				goto out;
			}
			nt_rules_key(v->kid[j]->s, v->kid[j]->len, &rs->key);
			if (rs->key.len > 8)
				tab_put(&rs->sw, &rs->swcap, &rs->nsw,
				    rs->key.p, rs->key.len, 1);
			else if (rs->key.len > 0 && rs->nsw8++ < 2048)
				sw8_put(rs, rs->key.p, rs->key.len);
		}
	}
	rc = 0;
out:
	nt_ynode_free(root);
	return rc;
}

int
nt_rules_finish(struct nt_rules *rs, struct nt_buf *err)
{
	size_t i, j, count = 0;
	struct nt_rule *r;
	struct nt_pgroup *g;

	(void)err;
	init_wordch();
	for (i = 0; i < rs->n; i++) {
		r = &rs->r[i];
		if (r->disabled)
			continue;
		if (r->max_chars == 0)
			r->max_chars = rs->max_line_chars;
		if (r->kind == NT_RK_PREFIX || r->kind == NT_RK_CONTAINS) {
			for (j = 0; j < r->nlines; j++)
				add_phrase(rs, r->lines[j], (uint32_t)i);
			for (j = 0; j < r->nwith; j++) {
				phrase_key(r->with[j], &rs->key);
				free(r->with[j]);
				r->with[j] = nt_estrndup(rs->key.p,
				    rs->key.len);
			}
			if (r->kind == NT_RK_PREFIX &&
			    r->max_chars > rs->prefix_max)
				rs->prefix_max = r->max_chars;
			if (r->kind == NT_RK_CONTAINS &&
			    r->max_chars > rs->contains_max)
				rs->contains_max = r->max_chars;
		} else if (r->pattern == NULL) {
			for (j = 0; j < r->nlines; j++) {
				nt_rules_key(r->lines[j], strlen(r->lines[j]),
				    &rs->key);
				if (rs->key.len == 0)
					continue;
				tab_put(&rs->lt, &rs->ltcap, &count, rs->key.p,
				    rs->key.len, (uint32_t)i);
				if (rs->key.len > rs->maxkey)
					rs->maxkey = rs->key.len;
			}
		} else if (r->match_only) {
			rs->spanpat = nt_ereallocarray(rs->spanpat,
			    rs->nspanpat + 1, sizeof(*rs->spanpat));
			rs->spanpat[rs->nspanpat++] = (uint32_t)i;
		} else {
			g = &rs->grp[r->anchored ? 0 : 1];
			g->rule = nt_ereallocarray(g->rule, g->n + 1,
			    sizeof(*g->rule));
			g->rule[g->n++] = (uint32_t)i;
			if (r->max_chars > g->max)
				g->max = r->max_chars;
			rs->nlinepat++;
		}
	}
	for (i = 0; i < 256; i++) {
		if (!rs->first[i] || (i >= 'A' && i <= 'Z'))
			continue;
		if (rs->nfl == (int)sizeof(rs->fl)) {
			rs->nfl = 0;
			break;
		}
		rs->fl[rs->nfl++] = (unsigned char)i;
	}
	return 0;
}

long
nt_rules_line(struct nt_rules *rs, const char *s, size_t n)
{
	const struct nt_lineent *e;

	if (rs->ltcap == 0 || n > rs->maxkey * 2 + 8)
		return -1;
	nt_rules_key(s, n, &rs->key);
	if ((e = tab_get(rs->lt, rs->ltcap, rs->key.p, rs->key.len)) == NULL)
		return -1;
	return (long)e->rule;
}

static long
group_match(struct nt_rules *rs, struct nt_pgroup *g, const char *s,
    size_t n, size_t nch, int *limited)
{
	struct nt_rule *r;
	size_t i, ms, me;
	int rc;

	if (g->n == 0 || nch > g->max)
		return -1;
	for (i = 0; i < g->n; i++) {
		r = &rs->r[g->rule[i]];
		if (nch > r->max_chars || !nt_re_maybe(&r->re, s, n))
			continue;
		rc = nt_re_search(&r->re, s, n, 0, &ms, &me);
		if (rc == 1)
			return (long)g->rule[i];
		if (rc < 0) {
			r->limited++;
			*limited = 1;
		}
	}
	return -1;
}

long
nt_rules_pattern(struct nt_rules *rs, const char *s, size_t n, size_t nch)
{
	long k;
	int limited = 0;

	if ((k = group_match(rs, &rs->grp[0], s, n, nch, &limited)) >= 0 ||
	    (k = group_match(rs, &rs->grp[1], s, n, nch, &limited)) >= 0)
		return k;
	return limited ? -2 : -1;
}

int
nt_rules_isstop(const struct nt_rules *rs, const char *s, size_t n)
{
	uint64_t x = 0;
	size_t i;

	if (n > 8)
		return tab_get(rs->sw, rs->swcap, s, n) != NULL;
	memcpy(&x, s, n);
	for (i = sw8_slot(x); rs->sw8[i] != 0; i = (i + 1) & 4095)
		if (rs->sw8[i] == x)
			return 1;
	return 0;
}

void
nt_rules_free(struct nt_rules *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++)
		rule_free(&rs->r[i]);
	free(rs->r);
	tab_free(rs->lt, rs->ltcap);
	tab_free(rs->sw, rs->swcap);
	tab_free(rs->fw, rs->fwcap);
	for (i = 0; i < rs->nph; i++)
		free(rs->ph[i].words);
	free(rs->ph);
	nt_buf_free(&rs->tmp);
	for (i = 0; i < 2; i++)
		free(rs->grp[i].rule);
	free(rs->spanpat);
	nt_buf_free(&rs->key);
	memset(rs, 0, sizeof(*rs));
}
