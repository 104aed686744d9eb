/*
 * rules: see rules.h.  Loading validates every key against a table and
 * names file:line:col; matching works on the normalised line (exact
 * lines, patterns) or on its tokens (prefix and contains phrases, stop
 * words), which tok.h cuts and hashes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "core/conf.h"
#include "text/norm.h"
#include "text/tok.h"
#include "clean/rules.h"
#include "core/util.h"

static uint64_t
hash(const char *s, size_t n)
{
	return XXH3_64bits(s, n);
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
	static const struct { const char *s; size_t l; } multi[] = {
	    { "\xc2\xbb", 2 }, { "\xe2\x80\xba", 3 }, { "\xe2\x80\x93", 3 },
	    { "\xe2\x80\x94", 3 }, { "\xe2\x80\xa6", 3 }, { "\xe2\x86\x92", 3 } };
	size_t i, l;

	if (n == 0)
		return 0;
	/* An ASCII byte ends no character of multi[] (and strchr finds
	 * a NUL too, which goes like the punctuation). */
	if ((unsigned char)s[n - 1] < 0x80) {
		*len = 1;
		return strchr(" :.|>-", s[n - 1]) != NULL;
	}
	for (i = 0; i < sizeof(multi) / sizeof(multi[0]); i++) {
		l = multi[i].l;
		if (n >= l && memcmp(s + n - l, multi[i].s, l) == 0) {
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
	/* A line normalised already (most) needs only copying. */
	if (nt_norm_plain(s, n, 0, &l))
		nt_buf_add(out, s, n);
	else
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
	free(r->withh);
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


/* --- A rule, key by key. --- */

/* A rule being read: where from, and the nodes later checks name. */
struct rulectx {
	const char	*path;
	struct nt_rule	 r;
	const struct nt_ynode *idn;	/* its id */
	const struct nt_ynode *what;	/* what it matches by */
};

typedef int keyfn(struct rulectx *, const struct nt_ynode *k,
    const struct nt_ynode *v, struct nt_buf *err);

static int
key_id(struct rulectx *x, const struct nt_ynode *k, const struct nt_ynode *v,
    struct nt_buf *err)
{
	if (v->type != NT_YSCALAR || !valid_id(v->s)) {
		nt_yerr(err, x->path, v, "a rule id is letters, digits, '-', "
		    "'_' and '.'");
		return -1;
	}
	/* --explain names what --state learned "site". */
	if (strcmp(v->s, "site") == 0) {
		nt_yerr(err, x->path, v, "the rule id 'site' is what --state "
		    "learned; choose another");
		return -1;
	}
	x->idn = v;
	return 0;
}

static int
key_what(struct rulectx *x, const struct nt_ynode *k, const struct nt_ynode *v,
    struct nt_buf *err)
{
	if (x->what != NULL) {
		nt_yerr(err, x->path, k, "a rule has one of 'line(s)', "
		    "'prefix(es)', 'contains' or 'pattern'");
		return -1;
	}
	x->what = k;
	x->r.kind = (enum nt_rkind)kind_of(k->s);
	if (x->r.kind != NT_RK_PATTERN)
		return add_strs(x->path, v, &x->r.lines, &x->r.nlines, err);
	if (v->type != NT_YSCALAR || v->len == 0) {
		nt_yerr(err, x->path, v, "a pattern must be a non-empty string");
		return -1;
	}
	x->r.pattern = nt_estrndup(v->s, v->len);
	x->what = v;
	return 0;
}

static int
key_with(struct rulectx *x, const struct nt_ynode *k, const struct nt_ynode *v,
    struct nt_buf *err)
{
	return add_strs(x->path, v, &x->r.with, &x->r.nwith, err);
}

static int
key_remove(struct rulectx *x, const struct nt_ynode *k,
    const struct nt_ynode *v, struct nt_buf *err)
{
	if (v->type == NT_YSCALAR && strcmp(v->s, "line") == 0)
		x->r.match_only = 0;
	else if (v->type == NT_YSCALAR && strcmp(v->s, "match") == 0)
		x->r.match_only = 1;
	else {
		nt_yerr(err, x->path, v, "'remove' must be line or match");
		return -1;
	}
	return 0;
}

/* The boolean keys of a rule, and where each goes. */
static int *
boolfield(struct nt_rule *r, const char *key)
{
	if (strcmp(key, "heading") == 0)
		return &r->heading;
	if (strcmp(key, "ends") == 0)
		return &r->ends;
	if (strcmp(key, "boundary") == 0)
		return &r->boundary;
	return &r->icase;		/* ignore_case */
}

static int
key_bool(struct rulectx *x, const struct nt_ynode *k, const struct nt_ynode *v,
    struct nt_buf *err)
{
	return get_bool(x->path, v, k->s, boolfield(&x->r, k->s), err);
}

static int
key_max_chars(struct rulectx *x, const struct nt_ynode *k,
    const struct nt_ynode *v, struct nt_buf *err)
{
	char *e = NULL;
	unsigned long long u = v->type == NT_YSCALAR && v->s[0] >= '0' &&
	    v->s[0] <= '9' ? strtoull(v->s, &e, 10) : 0;

	if (u == 0 || *e != '\0' || u > 1000000) {
		nt_yerr(err, x->path, v, "'max_chars' must be a number from 1 "
		    "to 1000000");
		return -1;
	}
	x->r.max_chars = (size_t)u;
	return 0;
}

static int
key_field(struct rulectx *x, const struct nt_ynode *k,
    const struct nt_ynode *v, struct nt_buf *err)
{
	return get_field(x->path, v, &x->r.field, err);
}

/* The keys of a rule, in the order the message about an unknown one
 * lists them. */
static const struct {
	const char	*key;
	keyfn		*fn;
} rulekeys[] = {
	{ "id", key_id }, { "line", key_what }, { "lines", key_what },
	{ "prefix", key_what }, { "prefixes", key_what },
	{ "contains", key_what }, { "pattern", key_what },
	{ "with", key_with }, { "remove", key_remove },
	{ "heading", key_bool }, { "boundary", key_bool }, { "ends", key_bool },
	{ "field", key_field }, { "ignore_case", key_bool },
	{ "max_chars", key_max_chars },
};

static int
rule_key(struct rulectx *x, const struct nt_ynode *k, const struct nt_ynode *v,
    struct nt_buf *err)
{
	size_t i;

	for (i = 0; k->type == NT_YSCALAR &&
	    i < sizeof(rulekeys) / sizeof(rulekeys[0]); i++)
		if (strcmp(k->s, rulekeys[i].key) == 0)
			return rulekeys[i].fn(x, k, v, err);
	nt_yerr(err, x->path, k, "unknown key '%s' in a rule (known: id, "
	    "line, lines, prefix, prefixes, contains, pattern, with, remove, "
	    "heading, boundary, ends, field, ignore_case, max_chars)",
	    k->type == NT_YSCALAR ? k->s : "?");
	return -1;
}

/* What a rule needs besides its keys each being right. */
static int
rule_check(struct rulectx *x, const struct nt_ynode *m, struct nt_buf *err)
{
	struct nt_rule *r = &x->r;

	if (x->idn == NULL) {
		nt_yerr(err, x->path, m, "a rule needs an 'id'");
		return -1;
	}
	r->id = nt_estrdup(x->idn->s);
	if (x->what == NULL) {
		nt_yerr(err, x->path, m, "rule '%s' needs 'line(s)', "
		    "'prefix(es)', 'contains' or 'pattern'", r->id);
		return -1;
	}
	if (r->nwith > 0 && r->kind != NT_RK_PREFIX &&
	    r->kind != NT_RK_CONTAINS) {
		nt_yerr(err, x->path, m, "rule '%s': 'with' goes with 'prefix' "
		    "or 'contains'", r->id);
		return -1;
	}
	if (r->match_only && r->pattern == NULL) {
		nt_yerr(err, x->path, m, "rule '%s': 'remove: match' needs a "
		    "pattern", r->id);
		return -1;
	}
	return 0;
}

/* Compile the rule's pattern, if it has one; note where it was defined. */
static int
rule_compile(struct rulectx *x, int user, struct nt_buf *err)
{
	struct nt_rule *r = &x->r;
	struct nt_buf msg = NT_BUF_INIT;
	uint32_t opts = 0;
	unsigned flags;
	int rc = 0;

	nt_buf_printf(&msg, "%s:%zu:%zu", x->path, x->idn->line, x->idn->col);
	r->src = nt_estrdup(msg.p);
	nt_buf_reset(&msg);
	if (r->pattern != NULL) {
		flags = (r->icase ? NT_RE_ICASE : 0) | (user ? NT_RE_LIMITS : 0);
		if (nt_re_compile(&r->re, r->pattern, strlen(r->pattern), flags,
		    &msg) < 0) {
			nt_yerr(err, x->path, x->what, "rule '%s': bad pattern: "
			    "%s", r->id, msg.p);
			rc = -1;
		} else {
			pcre2_pattern_info(r->re.code, PCRE2_INFO_ALLOPTIONS,
			    &opts);
			r->anchored = (opts & PCRE2_ANCHORED) != 0;
		}
	}
	nt_buf_free(&msg);
	return rc;
}

static int
load_rule(struct nt_rules *rs, const char *path, const struct nt_ynode *m,
    int user, struct nt_buf *err)
{
	struct rulectx x;
	size_t i;
	long at;

	if (m->type != NT_YMAP) {
		nt_yerr(err, path, m, "a rule must be a mapping");
		return -1;
	}
	memset(&x, 0, sizeof(x));
	x.path = path;
	x.r.icase = 1;
	x.r.user = user;
	for (i = 0; i + 1 < m->n; i += 2)
		if (rule_key(&x, m->kid[i], m->kid[i + 1], err) < 0)
			goto fail;
	if (rule_check(&x, m, err) < 0 || rule_compile(&x, user, err) < 0)
		goto fail;
	/* A later rule with the same id replaces the earlier one. */
	if ((at = find(rs, x.r.id)) >= 0) {
		rule_free(&rs->r[at]);
		rs->r[at] = x.r;
		return 0;
	}
	rs->r = nt_ereallocarray(rs->r, rs->n + 1, sizeof(*rs->r));
	rs->r[rs->n++] = x.r;
	return 0;
fail:
	rule_free(&x.r);
	return -1;
}

/* --- A rule file, key by key. --- */

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

static int
load_rules(struct nt_rules *rs, const char *path, const struct nt_ynode *v,
    int user, struct nt_buf *err)
{
	size_t j;

	if (v->type != NT_YSEQ) {
		if (v->type == NT_YSCALAR && v->len == 0)
			return 0;
		nt_yerr(err, path, v, "'rules' must be a list");
		return -1;
	}
	for (j = 0; j < v->n; j++)
		if (load_rule(rs, path, v->kid[j], user, err) < 0)
			return -1;
	return 0;
}

static int
load_max(struct nt_rules *rs, const char *path, const struct nt_ynode *v,
    struct nt_buf *err)
{
	char *end = NULL;
	unsigned long long u = v->type == NT_YSCALAR && v->s[0] >= '0' &&
	    v->s[0] <= '9' ? strtoull(v->s, &end, 10) : 0;

	if (u == 0 || *end != '\0' || u > 1000000) {
		nt_yerr(err, path, v, "'max_line_chars' must be a number from "
		    "1 to 1000000");
		return -1;
	}
	rs->max_line_chars = (size_t)u;
	return 0;
}

/*
 * 'boilerplate_words': words scraper boilerplate lines are made of, for
 * ndedupe (dedupe_text.c reads them from the same file); nclean only
 * checks that they are a list of words.
 */
static int
load_boiler(const char *path, const struct nt_ynode *v, struct nt_buf *err)
{
	size_t j;

	if (v->type != NT_YSEQ) {
		nt_yerr(err, path, v, "'boilerplate_words' must be a list of "
		    "words");
		return -1;
	}
	for (j = 0; j < v->n; j++)
		if (v->kid[j]->type != NT_YSCALAR || v->kid[j]->len == 0) {
			nt_yerr(err, path, v->kid[j], "'boilerplate_words' "
			    "must be a list of words");
			return -1;
		}
	return 0;
}

static int
load_disable(struct nt_rules *rs, const char *path, const struct nt_ynode *v,
    struct nt_buf *err)
{
	size_t j;
	long at;

	if (v->type == NT_YSCALAR && v->len > 0) {
		nt_yerr(err, path, v, "'disable' must be a list of rule ids");
		return -1;
	}
	for (j = 0; j < v->n; j++) {
		if (v->kid[j]->type != NT_YSCALAR) {
			nt_yerr(err, path, v->kid[j], "'disable' must be a list "
			    "of rule ids");
			return -1;
		}
		if ((at = find(rs, v->kid[j]->s)) < 0) {
			nt_yerr(err, path, v->kid[j], "no rule '%s' to disable",
			    v->kid[j]->s);
			return -1;
		}
		rs->r[at].disabled = 1;
	}
	return 0;
}

/* One top-level key of a rule file ('disable' waits for the rules). */
static int
load_key(struct nt_rules *rs, const char *path, const struct nt_ynode *k,
    const struct nt_ynode *v, int user, struct nt_buf *err)
{
	if (k->type == NT_YSCALAR) {
		if (strcmp(k->s, "rules") == 0)
			return load_rules(rs, path, v, user, err);
		if (strcmp(k->s, "heuristics") == 0)
			return load_heur(rs, path, v, err);
		if (strcmp(k->s, "max_line_chars") == 0)
			return load_max(rs, path, v, err);
		if (strcmp(k->s, "boilerplate_words") == 0)
			return load_boiler(path, v, err);
		if (strcmp(k->s, "disable") == 0)
			return 0;
	}
	nt_yerr(err, path, k, "unknown key '%s' (known: rules, disable, "
	    "heuristics, max_line_chars, boilerplate_words)",
	    k->type == NT_YSCALAR ? k->s : "?");
	return -1;
}

int
nt_rules_load(struct nt_rules *rs, const char *path, int user,
    struct nt_buf *err)
{
	struct nt_ynode *root, *v;
	size_t i;
	int rc = -1;

	if ((root = nt_yaml_load(path, err)) == NULL)
		return -1;
	if (root->type != NT_YMAP) {
		nt_yerr(err, path, root, "a rule file is a mapping with "
		    "'rules', 'disable', 'heuristics' or 'max_line_chars'");
		goto out;
	}
	/* Rules first, so that 'disable' may name one the file adds. */
	for (i = 0; i + 1 < root->n; i += 2)
		if (load_key(rs, path, root->kid[i], root->kid[i + 1], user,
		    err) < 0)
			goto out;
	if ((v = nt_ymap_get(root, "disable")) != NULL &&
	    load_disable(rs, path, v, err) < 0)
		goto out;
	rc = 0;
out:
	nt_ynode_free(root);
	return rc;
}

/* --- Phrases: prefix and contains rules, over tokens. --- */

/*
 * A phrase is the hashes of its words (tok.h: case-folded, punctuation
 * left out, so "Click here!" is click, here).  A line matches when the
 * hashes of its words, from some word on (the first, for a prefix),
 * begin with the phrase's.  Phrases are found by their first word in
 * an open-addressing table that grows at half full.
 */
static void
hset_put(struct nt_hslot **tab, size_t *cap, size_t *count, uint64_t h,
    uint32_t v)
{
	struct nt_hslot *old = *tab;
	size_t oldcap = *cap, i;

	if ((*count + 1) * 2 > *cap) {
		*cap = *cap ? *cap * 2 : 256;
		*tab = nt_ecalloc(*cap, sizeof(**tab));
		*count = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i].h != 0)
				hset_put(tab, cap, count, old[i].h, old[i].v);
		free(old);
	}
	for (i = (size_t)h & (*cap - 1); (*tab)[i].h != 0 && (*tab)[i].h != h;
	    i = (i + 1) & (*cap - 1))
		;
	if ((*tab)[i].h == 0)
		(*count)++;
	(*tab)[i].h = h;
	(*tab)[i].v = v;
}

static const struct nt_hslot *
hset_get(const struct nt_hslot *tab, size_t cap, uint64_t h)
{
	size_t i;

	if (cap == 0)
		return NULL;
	for (i = (size_t)h & (cap - 1); tab[i].h != 0; i = (i + 1) & (cap - 1))
		if (tab[i].h == h)
			return &tab[i];
	return NULL;
}

static int
isword(const struct nt_tok *t)
{
	return t->kind == NT_TOK_WORD || t->kind == NT_TOK_NUM;
}

/*
 * The hashes of the words of s into *w (*nw of them, allocated); *key,
 * the longest word (the first of the longest).
 */
static void
word_hashes(struct nt_rules *rs, const char *s, uint64_t **w, size_t *nw,
    size_t *key)
{
	size_t i, klen = 0;

	nt_tok_run(&rs->tk, s, strlen(s));
	*w = nt_ereallocarray(NULL, rs->tk.n + 1, sizeof(**w));
	*nw = 0;
	*key = 0;
	for (i = 0; i < rs->tk.n; i++) {
		if (!isword(&rs->tk.t[i]))
			continue;
		if (rs->tk.t[i].len > klen) {
			klen = rs->tk.t[i].len;
			*key = *nw;
		}
		(*w)[(*nw)++] = rs->tk.t[i].h;
	}
}

/* The hash of the lower case of ASCII letters p[0..len), len <= 64. */
static uint64_t
pf_hash(const char *p, size_t len)
{
	char low[64];
	size_t i;

	for (i = 0; i < len; i++)
		low[i] = (char)(p[i] | 0x20);
	return XXH3_64bits(low, len) | 1;
}

static size_t
bigger(size_t a, size_t b)
{
	return a > b ? a : b;
}

/* Is byte c of a folded word an ASCII letter (lower case, folded)? */
static int
ascii_letter(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

/*
 * Note word `word` (of the words, not tokens) of phrase text for the
 * prefilter: the first run of ASCII letters of its folded form.  A word
 * that is not ASCII is never one of an ASCII line's words; a word with
 * no letters, or (first words) one that starts with none, cannot be
 * told by its runs, and every line it could match is a maybe.
 */
static void
pf_add(struct nt_rules *rs, const char *text, size_t word,
    const struct nt_rule *r)
{
	const struct nt_hslot *e;
	const char *f;
	size_t i, len, b, nw = 0;
	uint64_t h;
	uint32_t v, cmax, pmax;
	int prefix = r->kind == NT_RK_PREFIX;

	nt_tok_scan(&rs->tk, text, strlen(text), NT_TOK_FOLD);
	for (i = 0; i < rs->tk.n; i++)
		if (isword(&rs->tk.t[i]) && nw++ == word)
			break;
	f = nt_tok_fold(&rs->tk, i, &len);
	for (b = 0; b < len && !ascii_letter((unsigned char)f[b]); b++)
		if ((unsigned char)f[b] >= 0x80)
			return;
	for (i = b; i < len; i++)
		if ((unsigned char)f[i] >= 0x80)
			return;
	for (i = b; i < len && ascii_letter((unsigned char)f[i]); i++)
		;
	/* Also a run too long to hash, and a length past 16 bits. */
	if (b == len || (prefix && b > 0) || i - b > 64 ||
	    r->max_chars >= 0xFFFF) {
		if (prefix)
			rs->pf_anyp = bigger(rs->pf_anyp, r->max_chars);
		else
			rs->pf_anyc = bigger(rs->pf_anyc, r->max_chars);
		return;
	}
	len = i - b;
	h = pf_hash(f + b, len);
	e = hset_get(rs->pf, rs->pfcap, h);
	v = e != NULL ? e->v : 0;
	cmax = v & 0xFFFF;
	pmax = v >> 16;
	if (prefix)
		pmax = (uint32_t)bigger(pmax, r->max_chars);
	else
		cmax = (uint32_t)bigger(cmax, r->max_chars);
	hset_put(&rs->pf, &rs->pfcap, &rs->npf, h, pmax << 16 | cmax);
	i = nt_run_slot(f + b, len);
	rs->pfbits[i >> 6] |= (uint64_t)1 << (i & 63);
	rs->pf_maxrun = bigger(rs->pf_maxrun, len);
	if (!prefix && (rs->pf_minrun == 0 || len < rs->pf_minrun))
		rs->pf_minrun = len;
}

/* Is the ASCII run p[0..len) in pf, for a line of nch code points? */
static int
pf_has(const struct nt_rules *rs, const char *p, size_t len, size_t nch,
    int first)
{
	const struct nt_hslot *e;
	unsigned k;

	if (len > rs->pf_maxrun)
		return 0;
	k = nt_run_slot(p, len);
	if (!(rs->pfbits[k >> 6] >> (k & 63) & 1))
		return 0;
	e = hset_get(rs->pf, rs->pfcap, pf_hash(p, len));
	return e != NULL && (nch <= (e->v & 0xFFFF) ||
	    (first && nch <= e->v >> 16));
}

int
nt_rules_phrase_maybe(struct nt_rules *rs, const char *s, size_t n,
    size_t nch)
{
	const struct nt_run *u;
	size_t i, b, nrun;

	if (!nt_rules_phrasable(rs, nch))
		return 0;
	if ((nch <= rs->contains_max && nch <= rs->pf_anyc) ||
	    (nch <= rs->prefix_max && nch <= rs->pf_anyp))
		return 1;
	if (nt_tok_letter_runs(s, n, rs->pf_minrun, rs->pf_maxrun, rs->pfbits,
	    &rs->runs, &rs->runcap, &nrun) < 0)
		return 1;
	if (nch <= rs->prefix_max) {
		/* The line's first word: its first run of letters. */
		for (b = 0; b < n && !ascii_letter((unsigned char)s[b] | 0x20);
		    b++)
			;
		for (i = b; i < n && ascii_letter((unsigned char)s[i] | 0x20);
		    i++)
			;
		if (i > b && pf_has(rs, s + b, i - b, nch, 1))
			return 1;
		/* A dotted abbreviation's letters are one word. */
		if (i == b + 1 && i + 1 < n && s[i] == '.' &&
		    ascii_letter((unsigned char)s[i + 1] | 0x20))
			return 1;
	}
	for (i = 0; i < nrun; i++) {
		u = &rs->runs[i];
		if (pf_has(rs, s + u->b, u->e - u->b, nch, 0))
			return 1;
	}
	return 0;
}

static void
add_phrase(struct nt_rules *rs, const char *text, uint32_t rule)
{
	struct nt_phrase *ph;
	const struct nt_hslot *e;
	struct nt_hslot **tab;
	size_t key, *cap, *n;
	uint64_t h;

	rs->ph = nt_ereallocarray(rs->ph, rs->nph + 1, sizeof(*rs->ph));
	ph = &rs->ph[rs->nph];
	word_hashes(rs, text, &ph->w, &ph->nw, &key);
	if (ph->nw == 0) {
		free(ph->w);
		return;
	}
	ph->rule = rule;
	ph->next = UINT32_MAX;
	if (rs->r[rule].kind == NT_RK_PREFIX) {
		ph->anchor = 0;
		tab = &rs->fw, cap = &rs->fwcap, n = &rs->nfw;
	} else {
		ph->anchor = (uint32_t)key;
		tab = &rs->aw, cap = &rs->awcap, n = &rs->naw;
	}
	pf_add(rs, text, ph->anchor, &rs->r[rule]);
	h = ph->w[ph->anchor];
	if ((e = hset_get(*tab, *cap, h)) != NULL)
		ph->next = e->v;
	hset_put(tab, cap, n, h, (uint32_t)rs->nph);
	if (tab == &rs->aw)
		rs->awbits[h >> 58] |= (uint64_t)1 << (h >> 52 & 63);
	rs->nph++;
}

/* The rule's 'with' words, one hash each. */
static void
add_with(struct nt_rules *rs, struct nt_rule *r)
{
	uint64_t *w;
	size_t j, nw, key;

	r->withh = nt_ereallocarray(NULL, r->nwith, sizeof(*r->withh));
	for (j = 0; j < r->nwith; j++) {
		word_hashes(rs, r->with[j], &w, &nw, &key);
		/* a 'with' of several words is no single word: never there */
		r->withh[j] = nw == 1 ? w[0] : 0;
		free(w);
	}
}

/* Do the phrase's words begin at word k of the line's words w[0..nw)? */
static int
phrase_here(const struct nt_phrase *ph, const uint64_t *w, size_t nw,
    size_t k)
{
	return k + ph->nw <= nw && memcmp(w + k, ph->w, ph->nw *
	    sizeof(*w)) == 0;
}

/* Is one of the rule's 'with' words among w[0..nw)? */
static int
with_here(const struct nt_rule *r, const uint64_t *w, size_t nw)
{
	size_t i, j;

	for (i = 0; i < nw; i++)
		for (j = 0; j < r->nwith; j++)
			if (w[i] == r->withh[j])
				return 1;
	return 0;
}

/* The phrase a line's words w[0..nw) match at best, so far. */
struct phbest {
	size_t		 start;		/* where it starts */
	uint32_t	 ph;		/* which */
	long		 rule;		/* -1: none yet */
};

/*
 * The phrases of the chain from slot e whose key word stands at word k
 * of the line, against the best so far: the one that starts first wins,
 * and of two that start alike the one given last (the rules file's
 * last word).
 */
static void
phrase_at(const struct nt_rules *rs, const struct nt_hslot *e,
    const uint64_t *w, size_t nw, size_t k, size_t nch, struct phbest *b)
{
	const struct nt_phrase *ph;
	const struct nt_rule *r;
	size_t start;
	uint32_t i;

	for (i = e != NULL ? e->v : UINT32_MAX; i != UINT32_MAX; i = ph->next) {
		ph = &rs->ph[i];
		r = &rs->r[ph->rule];
		if (ph->anchor > k || nch > r->max_chars)
			continue;
		start = k - ph->anchor;
		if (b->rule >= 0 && (start > b->start ||
		    (start == b->start && i < b->ph)))
			continue;
		if (phrase_here(ph, w, nw, start) && (r->nwith == 0 ||
		    with_here(r, w, nw))) {
			b->start = start;
			b->ph = i;
			b->rule = (long)ph->rule;
		}
	}
}

int
nt_rules_phrasable(const struct nt_rules *rs, size_t nch)
{
	return rs->nph > 0 && (nch <= rs->prefix_max || nch <= rs->contains_max);
}

/* Might h be a contains phrase's key word? */
static int
key_word(const struct nt_rules *rs, uint64_t h)
{
	return (rs->awbits[h >> 58] >> (h >> 52 & 63)) & 1;
}

long
nt_rules_phrase_tok(struct nt_rules *rs, const struct nt_tok *t, size_t n,
    size_t nch)
{
	struct phbest b = { 0, 0, -1 };
	size_t i, nw = 0, nat = 0;

	if (!nt_rules_phrasable(rs, nch))
		return -1;
	if (rs->wcap < n) {
		rs->wcap = n + n / 2;
		free(rs->w);
		free(rs->at);
		rs->w = nt_ereallocarray(NULL, rs->wcap, sizeof(*rs->w));
		rs->at = nt_ereallocarray(NULL, rs->wcap, sizeof(*rs->at));
	}
	for (i = 0; i < n; i++) {
		if (!isword(&t[i]))
			continue;
		if (nch <= rs->contains_max && key_word(rs, t[i].h))
			rs->at[nat++] = nw;
		rs->w[nw++] = t[i].h;
	}
	if (nw > 0 && nch <= rs->prefix_max)
		phrase_at(rs, hset_get(rs->fw, rs->fwcap, rs->w[0]), rs->w, nw,
		    0, nch, &b);
	for (i = 0; i < nat; i++)
		phrase_at(rs, hset_get(rs->aw, rs->awcap, rs->w[rs->at[i]]),
		    rs->w, nw, rs->at[i], nch, &b);
	return b.rule;
}

long
nt_rules_phrase(struct nt_rules *rs, const char *s, size_t n, size_t nch)
{
	nt_tok_run(&rs->tk, s, n);
	return nt_rules_phrase_tok(rs, rs->tk.t, rs->tk.n, nch);
}

/* --- Stop words. --- */

/*
 * Stop words are kept as keys in an open-addressing set: the hash of the
 * word's one token, or, for a word the tokenizer cuts before its 's
 * ("it's"), the hash of its first token marked as having one.
 */
static uint64_t
stopkey(uint64_t h, int poss)
{
	return poss ? XXH3_64bits_withSeed(&h, sizeof(h), 0x27) | 1 : h;
}

static void
sw_put(struct nt_rules *rs, uint64_t key)
{
	uint64_t *old = rs->sw;
	size_t oldcap = rs->swcap, i;

	if ((rs->nsw + 1) * 2 > rs->swcap) {
		rs->swcap = rs->swcap ? rs->swcap * 2 : 1024;
		rs->sw = nt_ecalloc(rs->swcap, sizeof(*rs->sw));
		rs->nsw = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i] != 0)
				sw_put(rs, old[i]);
		free(old);
	}
	for (i = (size_t)key & (rs->swcap - 1); rs->sw[i] != 0 &&
	    rs->sw[i] != key; i = (i + 1) & (rs->swcap - 1))
		;
	if (rs->sw[i] == 0)
		rs->nsw++;
	rs->sw[i] = key;
}

/* Add the normalised word key[0..n) as a stop word, if it is one word. */
static void
add_stop(struct nt_rules *rs, const char *key, size_t n)
{
	const struct nt_tok *t;

	nt_tok_run(&rs->tk, key, n);
	t = rs->tk.t;
	if (rs->tk.n == 1 && t[0].kind == NT_TOK_WORD)
		sw_put(rs, stopkey(t[0].h, 0));
	else if (rs->tk.n == 2 && t[0].kind == NT_TOK_WORD &&
	    (t[1].f & NT_TF_POSS))
		sw_put(rs, stopkey(t[0].h, 1));
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
			if (rs->key.len > 0)
				add_stop(rs, rs->key.p, rs->key.len);
		}
	}
	rc = 0;
out:
	nt_ynode_free(root);
	return rc;
}

int
nt_rules_stop(const struct nt_rules *rs, const struct nt_tok *t, size_t i,
    size_t n)
{
	uint64_t key;
	size_t j;

	if (rs->swcap == 0 || t[i].kind != NT_TOK_WORD)
		return 0;
	key = stopkey(t[i].h, i + 1 < n && (t[i + 1].f & NT_TF_POSS));
	for (j = (size_t)key & (rs->swcap - 1); rs->sw[j] != 0;
	    j = (j + 1) & (rs->swcap - 1))
		if (rs->sw[j] == key)
			return 1;
	return 0;
}

int
nt_rules_isstop(struct nt_rules *rs, const char *s, size_t n)
{
	nt_tok_run(&rs->tk, s, n);
	return rs->tk.n >= 1 && rs->tk.n <= 2 &&
	    nt_rules_stop(rs, rs->tk.t, 0, rs->tk.n);
}

/* --- Compiling and matching. --- */

/* Build what the rule's kind of matching needs. */
static void
finish_rule(struct nt_rules *rs, struct nt_rule *r, uint32_t i, size_t *count)
{
	struct nt_pgroup *g;
	size_t j;

	if (r->kind == NT_RK_PREFIX || r->kind == NT_RK_CONTAINS) {
		for (j = 0; j < r->nlines; j++)
			add_phrase(rs, r->lines[j], i);
		add_with(rs, r);
		if (r->kind == NT_RK_PREFIX && r->max_chars > rs->prefix_max)
			rs->prefix_max = r->max_chars;
		if (r->kind == NT_RK_CONTAINS && r->max_chars > rs->contains_max)
			rs->contains_max = r->max_chars;
	} else if (r->pattern == NULL) {
		for (j = 0; j < r->nlines; j++) {
			nt_rules_key(r->lines[j], strlen(r->lines[j]), &rs->key);
			if (rs->key.len == 0)
				continue;
			tab_put(&rs->lt, &rs->ltcap, count, rs->key.p,
			    rs->key.len, i);
			if (rs->key.len > rs->maxkey)
				rs->maxkey = rs->key.len;
		}
	} else if (r->match_only) {
		rs->spanpat = nt_ereallocarray(rs->spanpat, rs->nspanpat + 1,
		    sizeof(*rs->spanpat));
		rs->spanpat[rs->nspanpat++] = i;
	} else {
		g = &rs->grp[r->anchored ? 0 : 1];
		g->rule = nt_ereallocarray(g->rule, g->n + 1, sizeof(*g->rule));
		g->rule[g->n++] = i;
		if (r->max_chars > g->max)
			g->max = r->max_chars;
		rs->nlinepat++;
	}
}

int
nt_rules_finish(struct nt_rules *rs, struct nt_buf *err)
{
	size_t i, count = 0;
	struct nt_rule *r;

	(void)err;
	for (i = 0; i < rs->n; i++) {
		r = &rs->r[i];
		if (r->disabled)
			continue;
		if (r->max_chars == 0)
			r->max_chars = rs->max_line_chars;
		finish_rule(rs, r, (uint32_t)i, &count);
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

uint64_t
nt_rules_prefix(struct nt_rules *rs, const char *s, size_t k)
{
	struct nt_pgroup *g = &rs->grp[0];
	const unsigned char *u = (const unsigned char *)s;
	uint64_t *e, from, m = NT_PRE_KNOWN;
	size_t i;

	/* (a byte past ASCII has no slot: any rule may match) */
	if (g->n > NT_PRE_MAX || u[0] >= 0x80 || (k == 2 && u[1] >= 0x80))
		return ~(uint64_t)0;
	if (g->pre == NULL)
		g->pre = nt_ecalloc(NT_PRE_SLOTS, sizeof(*g->pre));
	e = k == 1 ? &g->pre[u[0]] : &g->pre[NT_PRE_1 + u[0] * 128 + u[1]];
	if (*e & NT_PRE_KNOWN)
		return *e;
	/* Two bytes: only the rules that the first byte leaves. */
	from = k == 1 ? ~(uint64_t)0 : nt_rules_prefix(rs, s, 1);
	for (i = 0; i < g->n; i++)
		if ((from >> i & 1) &&
		    nt_re_prefix(&rs->r[g->rule[i]].re, s, k))
			m |= (uint64_t)1 << i;
	*e = m;
	return m;
}

/* The rules a line may match by its first bytes (nt_rules_prefix). */
static uint64_t
line_prefix(struct nt_rules *rs, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n == 0 || u[0] >= 0x80)
		return ~(uint64_t)0;
	return nt_rules_prefix(rs, s, n >= 2 && u[1] < 0x80 ? 2 : 1);
}

static long
group_match(struct nt_rules *rs, struct nt_pgroup *g, const char *s,
    size_t n, size_t nch, uint64_t may, int *limited)
{
	struct nt_rule *r;
	size_t i, ms, me;
	int rc;

	for (i = 0; i < g->n; i++) {
		r = &rs->r[g->rule[i]];
		if ((i < 64 && !(may >> i & 1)) || nch > r->max_chars ||
		    !nt_re_maybe(&r->re, s, n))
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
	struct nt_pgroup *g;
	long k;
	int limited = 0;

	g = &rs->grp[0];
	if (g->n > 0 && nch <= g->max && (k = group_match(rs, g, s, n, nch,
	    line_prefix(rs, s, n), &limited)) >= 0)
		return k;
	g = &rs->grp[1];
	if (g->n > 0 && nch <= g->max && (k = group_match(rs, g, s, n, nch,
	    ~(uint64_t)0, &limited)) >= 0)
		return k;
	return limited ? -2 : -1;
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
	free(rs->fw);
	free(rs->aw);
	free(rs->pf);
	free(rs->runs);
	free(rs->at);
	free(rs->sw);
	for (i = 0; i < rs->nph; i++)
		free(rs->ph[i].w);
	free(rs->ph);
	free(rs->w);
	nt_toks_free(&rs->tk);
	for (i = 0; i < 2; i++) {
		free(rs->grp[i].rule);
		free(rs->grp[i].pre);
	}
	free(rs->spanpat);
	nt_buf_free(&rs->key);
	nt_buf_free(&rs->tmp);
	memset(rs, 0, sizeof(*rs));
}
