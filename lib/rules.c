#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "conf.h"
#include "norm.h"
#include "rules.h"
#include "util.h"

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
	    NT_H_NAV | NT_H_REPEATED | NT_H_CLASSIFIER;
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

static int
add_line(const char *path, const struct nt_ynode *v, struct nt_rule *r,
    struct nt_buf *err)
{
	if (v->type != NT_YSCALAR || v->len == 0) {
		nt_yerr(err, path, v, "a line must be a non-empty string");
		return -1;
	}
	r->lines = nt_ereallocarray(r->lines, r->nlines + 1,
	    sizeof(*r->lines));
	r->lines[r->nlines++] = nt_estrndup(v->s, v->len);
	return 0;
}

static int
load_rule(struct nt_rules *rs, const char *path, const struct nt_ynode *m,
    int user, struct nt_buf *err)
{
	struct nt_rule r;
	const struct nt_ynode *k, *v, *idn = NULL, *what = NULL;
	struct nt_buf msg = NT_BUF_INIT;
	size_t i, j;
	long at;
	unsigned flags;

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
		} else if (strcmp(k->s, "line") == 0 ||
		    strcmp(k->s, "lines") == 0 ||
		    strcmp(k->s, "pattern") == 0) {
			if (what != NULL) {
				nt_yerr(err, path, k, "a rule has one of "
				    "'line', 'lines' or 'pattern'");
				goto fail;
			}
			what = k;
			if (strcmp(k->s, "pattern") == 0) {
				if (v->type != NT_YSCALAR || v->len == 0) {
					nt_yerr(err, path, v, "a pattern must "
					    "be a non-empty string");
					goto fail;
				}
				r.pattern = nt_estrndup(v->s, v->len);
				what = v;
			} else if (v->type == NT_YSEQ) {
				if (strcmp(k->s, "line") == 0) {
					nt_yerr(err, path, v, "'line' takes "
					    "one string; use 'lines' for a "
					    "list");
					goto fail;
				}
				for (j = 0; j < v->n; j++)
					if (add_line(path, v->kid[j], &r,
					    err) < 0)
						goto fail;
			} else if (add_line(path, v, &r, err) < 0)
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
		} else if (strcmp(k->s, "boundary") == 0) {
			if (get_bool(path, v, "boundary", &r.boundary,
			    err) < 0)
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
		    "line, lines, pattern, remove, heading, boundary, "
		    "ignore_case)", k->type == NT_YSCALAR ? k->s : "?");
		goto fail;
	}
	if (idn == NULL) {
		nt_yerr(err, path, m, "a rule needs an 'id'");
		goto fail;
	}
	r.id = nt_estrdup(idn->s);
	if (what == NULL) {
		nt_yerr(err, path, m, "rule '%s' needs 'line', 'lines' or "
		    "'pattern'", r.id);
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
	{ "classifier", NT_H_CLASSIFIER }, { "date", NT_H_DATE },
	{ "headlines", NT_H_HEADLINES }, { "navigation", NT_H_NAV },
	{ "repeated", NT_H_REPEATED }, { "teaser", NT_H_TEASER },
	{ "title", NT_H_TITLE },
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
			    "(known: classifier, date, headlines, navigation, "
			    "repeated, teaser, title)", m->kid[i]->type ==
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
				tab_put(&rs->sw, &rs->swcap, &rs->nsw,
				    rs->key.p, rs->key.len, 1);
		}
	}
	rc = 0;
out:
	nt_ynode_free(root);
	return rc;
}

static int
has_refs(const struct nt_re *re)
{
	uint32_t backref = 0, names = 0;

	pcre2_pattern_info(re->code, PCRE2_INFO_BACKREFMAX, &backref);
	pcre2_pattern_info(re->code, PCRE2_INFO_NAMECOUNT, &names);
	return backref > 0 || names > 0;
}

int
nt_rules_finish(struct nt_rules *rs, struct nt_buf *err)
{
	struct nt_buf all = NT_BUF_INIT, msg = NT_BUF_INIT;
	size_t i, j, count = 0;
	int join = 1, user = 0;
	struct nt_rule *r;

	for (i = 0; i < rs->n; i++) {
		r = &rs->r[i];
		if (r->disabled)
			continue;
		if (r->pattern == NULL) {
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
			rs->linepat = nt_ereallocarray(rs->linepat,
			    rs->nlinepat + 1, sizeof(*rs->linepat));
			rs->linepat[rs->nlinepat++] = (uint32_t)i;
			if (has_refs(&r->re))
				join = 0;
			user |= r->user;
		}
	}
	if (join && rs->nlinepat > 1) {
		/*
		 * One alternation, each branch tagged with its rule.  If it
		 * does not compile (a pattern's (?x) comment swallowing the
		 * parenthesis, say), the rules are matched one by one.
		 */
		for (i = 0; i < rs->nlinepat; i++) {
			r = &rs->r[rs->linepat[i]];
			nt_buf_printf(&all, "%s(?%s:%s)(*MARK:%zu)",
			    i ? "|" : "", r->icase ? "i" : "-i", r->pattern,
			    (size_t)rs->linepat[i]);
		}
		if (nt_re_compile(&rs->all, all.p, all.len,
		    user ? NT_RE_LIMITS : 0, &msg) == 0)
			rs->have_all = 1;
	}
	nt_buf_free(&all);
	nt_buf_free(&msg);
	(void)err;
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

long
nt_rules_pattern(struct nt_rules *rs, const char *s, size_t n)
{
	size_t i, ms, me;
	const char *mark;
	int rc, limited = 0;

	if (rs->have_all) {
		rc = nt_re_search(&rs->all, s, n, 0, &ms, &me);
		if (rc == 1 && (mark = nt_re_mark(&rs->all)) != NULL)
			return strtol(mark, NULL, 10);
		if (rc == 0)
			return -1;
		/* A limit was hit: try the rules one by one. */
	}
	for (i = 0; i < rs->nlinepat; i++) {
		rc = nt_re_search(&rs->r[rs->linepat[i]].re, s, n, 0, &ms,
		    &me);
		if (rc == 1)
			return (long)rs->linepat[i];
		if (rc < 0)
			limited = 1;
	}
	return limited ? -2 : -1;
}

int
nt_rules_isstop(const struct nt_rules *rs, const char *s, size_t n)
{
	return tab_get(rs->sw, rs->swcap, s, n) != NULL;
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
	nt_re_free(&rs->all);
	free(rs->linepat);
	free(rs->spanpat);
	nt_buf_free(&rs->key);
	memset(rs, 0, sizeof(*rs));
}
