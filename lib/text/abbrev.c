#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "text/abbrev.h"
#include "core/conf.h"
#include "core/util.h"

static const struct {
	const char	*name;
	unsigned	 flag;
} classes[] = {
	{ "title",	NT_AB_TITLE },
	{ "number",	NT_AB_NUMBER },
	{ "end",	NT_AB_END },
	{ "inner",	NT_AB_INNER },
	{ "continue",	NT_AB_CONT },
	{ "starter",	NT_AB_STARTER },
	{ "place",	NT_AB_PLACE },
	{ "label",	NT_AB_LABEL },
};

static size_t
hash(const char *w, size_t n)
{
	return (size_t)XXH3_64bits(w, n);
}

static struct nt_abent *
slot(const struct nt_abbrev *t, const char *w, size_t n)
{
	size_t i;

	for (i = hash(w, n) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		if (t->tab[i].len == 0 ||
		    (t->tab[i].len == n && memcmp(t->tab[i].w, w, n) == 0))
			return &t->tab[i];
	}
}

static void
grow(struct nt_abbrev *t)
{
	struct nt_abent *old = t->tab, *e;
	size_t oldcap = t->cap, i;

	t->cap = oldcap ? oldcap * 2 : 256;
	t->tab = nt_ecalloc(t->cap, sizeof(*t->tab));
	for (i = 0; i < oldcap; i++) {
		if (old[i].len == 0)
			continue;
		e = slot(t, old[i].w, old[i].len);
		*e = old[i];
	}
	free(old);
}

int
nt_abbrev_add(struct nt_abbrev *t, const char *w, size_t n, unsigned flags)
{
	struct nt_abent *e;
	size_t i;
	int lower = 1;

	if (n > 1 && w[n - 1] == '.')
		n--;
	if (n == 0 || n >= NT_AB_MAXWORD)
		return -1;
	for (i = 0; i < n; i++)
		if (w[i] >= 'A' && w[i] <= 'Z')
			lower = 0;
	if (lower)
		flags |= NT_AB_ANYCASE;
	if ((t->n + 1) * 2 > t->cap)
		grow(t);
	e = slot(t, w, n);
	if (e->len == 0) {
		memcpy(e->w, w, n);
		e->len = (uint8_t)n;
		t->n++;
	}
	e->flags |= (uint16_t)flags;
	return 0;
}

unsigned
nt_abbrev_get(const struct nt_abbrev *t, const char *w, size_t n)
{
	const struct nt_abent *e;
	char low[NT_AB_MAXWORD];
	unsigned flags = 0;
	size_t i;
	int upper = 0;

	if (t->cap == 0 || n == 0 || n >= NT_AB_MAXWORD)
		return 0;
	e = slot(t, w, n);
	if (e->len != 0)
		flags = e->flags;
	for (i = 0; i < n; i++) {
		low[i] = w[i];
		if (w[i] >= 'A' && w[i] <= 'Z') {
			low[i] = (char)(w[i] - 'A' + 'a');
			upper = 1;
		}
	}
	if (!upper)
		return flags;
	e = slot(t, low, n);
	if (e->len != 0 && (e->flags & NT_AB_ANYCASE))
		flags |= e->flags;
	return flags;
}

static int
fill(struct nt_abbrev *t, const char *name, struct nt_ynode *root,
    struct nt_buf *err)
{
	struct nt_ynode *k, *v, *w;
	size_t i, j, c;

	if (root->type != NT_YMAP) {
		nt_yerr(err, name, root, "expected a mapping of word classes");
		return -1;
	}
	for (i = 0; i + 1 < root->n; i += 2) {
		k = root->kid[i];
		v = root->kid[i + 1];
		if (k->type != NT_YSCALAR) {
			nt_yerr(err, name, k, "expected a word class name");
			return -1;
		}
		for (c = 0; c < sizeof(classes) / sizeof(classes[0]); c++)
			if (strcmp(k->s, classes[c].name) == 0)
				break;
		if (c == sizeof(classes) / sizeof(classes[0])) {
			nt_yerr(err, name, k, "unknown word class '%s' (known: "
			    "title, number, end, place, inner, continue, starter, label)",
			    k->s);
			return -1;
		}
		if (v->type == NT_YSCALAR && v->len == 0)
			continue;
		if (v->type != NT_YSEQ) {
			nt_yerr(err, name, v, "expected a list of words");
			return -1;
		}
		for (j = 0; j < v->n; j++) {
			w = v->kid[j];
			if (w->type != NT_YSCALAR) {
				nt_yerr(err, name, w, "expected a word");
				return -1;
			}
			if (w->len == 0 || memchr(w->s, ' ', w->len) != NULL) {
				nt_yerr(err, name, w, "'%s' is not one word",
				    w->s);
				return -1;
			}
			if (nt_abbrev_add(t, w->s, w->len, classes[c].flag) <
			    0) {
				nt_yerr(err, name, w, "word longer than %d "
				    "bytes", NT_AB_MAXWORD - 1);
				return -1;
			}
		}
	}
	return 0;
}

int
nt_abbrev_load(struct nt_abbrev *t, const char *path, struct nt_buf *err)
{
	struct nt_ynode *root;
	int rv;

	if ((root = nt_yaml_load(path, err)) == NULL)
		return -1;
	rv = fill(t, path, root, err);
	nt_ynode_free(root);
	return rv;
}

int
nt_abbrev_parse(struct nt_abbrev *t, const char *name, const char *p,
    size_t n, struct nt_buf *err)
{
	struct nt_ynode *root;
	int rv;

	if ((root = nt_yaml_parse(name, p, n, err)) == NULL)
		return -1;
	rv = fill(t, name, root, err);
	nt_ynode_free(root);
	return rv;
}

void
nt_abbrev_free(struct nt_abbrev *t)
{
	if (t == NULL)
		return;
	free(t->tab);
	t->tab = NULL;
	t->cap = t->n = 0;
}
