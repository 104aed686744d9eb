/*
 * gaz: see gaz.h.  Nodes, entries and edges live in three flat arrays;
 * the edge table doubles when it is half full.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/conf.h"
#include "text/gaz.h"
#include "text/tok.h"
#include "core/utf8.h"
#include "core/util.h"

struct edge {
	uint64_t	 h;
	uint32_t	 parent;
	uint32_t	 child;		/* 0: empty slot */
};

struct node {
	uint32_t	 cls;
	uint32_t	 ent;		/* first entry, or NONE */
};

struct nt_gaz {
	struct edge	*tab;
	size_t		 mask, nedge;
	struct node	*node;
	size_t		 nnode, nodecap;
	struct nt_gaz_ent *ent;
	size_t		 nent, entcap;
	struct nt_buf	 pool;
	char		**types;
	size_t		 ntypes;
	uint64_t	 low[512];	/* bloom bits: lower-case first tokens */
	uint64_t	*lowset;	/* and the tokens themselves */
	size_t		 lowmask, nlow;
	uint64_t	*deep;		/* bloom bits: edges below the root */
	struct nt_toks	 tk;
	char		*lasttype;	/* the type of the last name added */
	uint32_t	 lastbit;
	int		 lastid;
};

/*
 * Below the root most probes miss (the text goes on with a word no name
 * continues with); a bloom filter small enough to stay in cache turns
 * most of them away before the big table is touched.
 */
#define DEEPBITS	((size_t)1 << 20)

static inline size_t
deepbit(uint64_t h, uint32_t parent)
{
	uint64_t x = (h + parent) * 0xd6e8feb86659fd93ULL;

	return (size_t)(x >> 44) & (DEEPBITS - 1);
}

static const char *const builtin[NT_ET_BUILTIN] = {
	"person", "organization", "location", "date", "time", "money",
	"percent", "quantity", "misc"
};

static const struct { const char *name; uint32_t bit; } classes[] = {
	{ "_demonym",	NT_GC_DEMONYM },
	{ "_first",	NT_GC_FIRST },
	{ "_func",	NT_GC_FUNC },
	{ "_last",	NT_GC_LAST },
	{ "_locpre",	NT_GC_LOCPRE },
	{ "_locsuf",	NT_GC_LOCSUF },
	{ "_media",	NT_GC_MEDIA },
	{ "_notname",	NT_GC_NOTNAME },
	{ "_orgpre",	NT_GC_ORGPRE },
	{ "_orgsuf",	NT_GC_ORGSUF },
	{ "_particle",	NT_GC_PARTICLE },
	{ "_say",	NT_GC_SAY },
	{ "_title",	NT_GC_TITLE },
	{ "_word",	NT_GC_WORD },
};

static inline size_t
slot(uint64_t h, uint32_t parent, size_t mask)
{
	uint64_t x = h ^ ((uint64_t)(parent + 1) * 0x9e3779b97f4a7c15ULL);

	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 32;
	return (size_t)x & mask;
}

struct nt_gaz *
nt_gaz_new(void)
{
	struct nt_gaz *g = nt_ecalloc(1, sizeof(*g));
	size_t i;

	g->mask = 1023;
	g->tab = nt_ecalloc(g->mask + 1, sizeof(*g->tab));
	g->deep = nt_ecalloc(DEEPBITS / 64, sizeof(*g->deep));
	g->nodecap = 1024;
	g->node = nt_emalloc(g->nodecap * sizeof(*g->node));
	g->node[0].cls = 0;
	g->node[0].ent = NT_GAZ_NONE;
	g->nnode = 1;
	g->types = nt_emalloc(NT_ET_BUILTIN * sizeof(*g->types));
	for (i = 0; i < NT_ET_BUILTIN; i++)
		g->types[i] = nt_estrdup(builtin[i]);
	g->ntypes = NT_ET_BUILTIN;
	return g;
}

void
nt_gaz_free(struct nt_gaz *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->ntypes; i++)
		free(g->types[i]);
	free(g->types);
	free(g->lasttype);
	free(g->tab);
	free(g->deep);
	free(g->lowset);
	free(g->node);
	free(g->ent);
	nt_buf_free(&g->pool);
	nt_toks_free(&g->tk);
	free(g);
}

static void
rehash(struct nt_gaz *g)
{
	struct edge *old = g->tab;
	size_t oldn = g->mask + 1, i, j;

	g->mask = oldn * 2 - 1;
	g->tab = nt_ecalloc(g->mask + 1, sizeof(*g->tab));
	for (i = 0; i < oldn; i++) {
		if (old[i].child == 0)
			continue;
		j = slot(old[i].h, old[i].parent, g->mask);
		while (g->tab[j].child != 0)
			j = (j + 1) & g->mask;
		g->tab[j] = old[i];
	}
	free(old);
}

/* A node's cls bit saying that edges leave it (most words are leaves). */
#define KIDS	0x80000000u

uint32_t
nt_gaz_next(const struct nt_gaz *g, uint32_t node, uint64_t h)
{
	size_t j;

	if (node != 0) {
		size_t b;

		if (!(g->node[node].cls & KIDS))
			return 0;
		b = deepbit(h, node);
		if (!((g->deep[b >> 6] >> (b & 63)) & 1))
			return 0;
	}
	j = slot(h, node, g->mask);
	for (;;) {
		const struct edge *e = &g->tab[j];

		if (e->child == 0)
			return 0;
		if (e->h == h && e->parent == node)
			return e->child;
		j = (j + 1) & g->mask;
	}
}

static uint32_t
child(struct nt_gaz *g, uint32_t node, uint64_t h)
{
	size_t j;
	uint32_t c;

	if ((c = nt_gaz_next(g, node, h)) != 0)
		return c;
	if ((g->nedge + 1) * 2 > g->mask + 1)
		rehash(g);
	if (g->nnode == g->nodecap) {
		g->nodecap *= 2;
		g->node = nt_ereallocarray(g->node, g->nodecap,
		    sizeof(*g->node));
	}
	if (g->nnode >= UINT32_MAX - 1)
		nt_fatalx("gazetteer: too many names");
	c = (uint32_t)g->nnode++;
	g->node[c].cls = 0;
	g->node[c].ent = NT_GAZ_NONE;
	j = slot(h, node, g->mask);
	while (g->tab[j].child != 0)
		j = (j + 1) & g->mask;
	g->tab[j].h = h;
	g->tab[j].parent = node;
	g->tab[j].child = c;
	g->nedge++;
	g->node[node].cls |= KIDS;
	if (node != 0) {
		size_t b = deepbit(h, node);

		g->deep[b >> 6] |= (uint64_t)1 << (b & 63);
	}
	return c;
}

uint32_t
nt_gaz_cls(const struct nt_gaz *g, uint32_t node)
{
	uint32_t c = g->node[node].cls;

	return (c & 0xffff & ~(NT_GC_KIDS | NT_GC_ENT)) |
	    (c & KIDS ? NT_GC_KIDS : 0) |
	    (g->node[node].ent != NT_GAZ_NONE ? NT_GC_ENT : 0);
}

const struct nt_gaz_ent *
nt_gaz_first(const struct nt_gaz *g, uint32_t node)
{
	return nt_gaz_ent(g, g->node[node].ent);
}

const struct nt_gaz_ent *
nt_gaz_ent(const struct nt_gaz *g, uint32_t idx)
{
	return idx == NT_GAZ_NONE ? NULL : &g->ent[idx];
}

const char *
nt_gaz_str(const struct nt_gaz *g, uint32_t off)
{
	return off == NT_GAZ_NONE ? NULL : g->pool.p + off;
}

/*
 * The first tokens of names that start in lower case, exactly: the bloom
 * bits in low turn most words away, but a word they let through must not
 * take the classes of a capitalised name with the same folded hash.
 * Open addressing over nonzero hashes, grown at half full.
 */
static void
low_put(uint64_t *set, size_t mask, uint64_t h)
{
	size_t j;

	for (j = (size_t)(h ^ h >> 32) & mask; set[j] != 0 && set[j] != h;
	    j = (j + 1) & mask)
		;
	set[j] = h;
}

static void
low_add(struct nt_gaz *g, uint64_t h)
{
	uint64_t *old = g->lowset;
	size_t oldmask = g->lowmask, j;
	unsigned b = (unsigned)(h >> 20) & 32767;

	g->low[b >> 6] |= (uint64_t)1 << (b & 63);
	if (g->lowset == NULL || (g->nlow + 1) * 2 > g->lowmask + 1) {
		g->lowmask = g->lowset == NULL ? 255 : g->lowmask * 2 + 1;
		g->lowset = nt_ecalloc(g->lowmask + 1, sizeof(*g->lowset));
		for (j = 0; old != NULL && j <= oldmask; j++)
			if (old[j] != 0)
				low_put(g->lowset, g->lowmask, old[j]);
		free(old);
	}
	for (j = (size_t)(h ^ h >> 32) & g->lowmask; g->lowset[j] != 0;
	    j = (j + 1) & g->lowmask)
		if (g->lowset[j] == h)
			return;
	g->lowset[j] = h;
	g->nlow++;
}

int
nt_gaz_lowstart(const struct nt_gaz *g, uint64_t h)
{
	unsigned b = (unsigned)(h >> 20) & 32767;
	size_t j;

	if (!((g->low[b >> 6] >> (b & 63)) & 1))
		return 0;
	for (j = (size_t)(h ^ h >> 32) & g->lowmask; g->lowset[j] != 0;
	    j = (j + 1) & g->lowmask)
		if (g->lowset[j] == h)
			return 1;
	return 0;
}

int
nt_gaz_typeid(const struct nt_gaz *g, const char *type)
{
	size_t i;

	for (i = 0; i < g->ntypes; i++)
		if (strcmp(g->types[i], type) == 0)
			return (int)i;
	return -1;
}

const char *
nt_gaz_typename(const struct nt_gaz *g, uint32_t id)
{
	return id < g->ntypes ? g->types[id] : NULL;
}

size_t
nt_gaz_ntypes(const struct nt_gaz *g)
{
	return g->ntypes;
}

size_t
nt_gaz_nnames(const struct nt_gaz *g)
{
	return g->nent;
}

static uint32_t
classbit(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (strcmp(classes[i].name, type) == 0)
			return classes[i].bit;
	return 0;
}

int
nt_gaz_add(struct nt_gaz *g, const char *type, const char *name,
    size_t namelen, const char *norm, size_t normlen)
{
	uint32_t node = 0, bit = 0, flags = 0;
	size_t i, ntok;
	int id = -1;
	struct nt_gaz_ent *e;

	/* files come in runs of one type: remember the last one */
	if (g->lasttype != NULL && strcmp(type, g->lasttype) == 0) {
		bit = g->lastbit;
		id = g->lastid;
	} else if (type[0] == '_') {
		if ((bit = classbit(type)) == 0)
			return -1;
	} else if ((id = nt_gaz_typeid(g, type)) < 0) {
		g->types = nt_ereallocarray(g->types, g->ntypes + 1,
		    sizeof(*g->types));
		g->types[g->ntypes] = nt_estrdup(type);
		id = (int)g->ntypes++;
	}
	if (g->lasttype == NULL || strcmp(type, g->lasttype) != 0) {
		free(g->lasttype);
		g->lasttype = nt_estrdup(type);
		g->lastbit = bit;
		g->lastid = id;
	}
	nt_tok_run(&g->tk, name, namelen);
	ntok = g->tk.n;
	/* "Gen." is the title Gen: the text's full stop is matched apart. */
	if (ntok > 1 && g->tk.t[ntok - 1].kind == NT_TOK_PUNCT &&
	    g->tk.t[ntok - 1].cp == '.')
		ntok--;
	if (ntok == 0)
		return -1;
	for (i = 0; i < ntok; i++)
		node = child(g, node, g->tk.t[i].h);
	if (bit) {
		g->node[node].cls |= bit;
		/* Lower-case evidence words are looked up in running text. */
		if (!(bit & NT_GC_WORD) &&
		    !(g->tk.t[0].f & NT_TF_UPPER1))
			low_add(g, g->tk.t[0].h);
		return 0;
	}
	if (ntok == 1 && (g->tk.t[0].f & NT_TF_ALLCAPS) &&
	    g->tk.t[0].e - g->tk.t[0].b >= 2 && g->tk.t[0].kind == NT_TOK_WORD)
		flags |= NT_GE_ACRONYM;
	if (!(g->tk.t[0].f & NT_TF_UPPER1) && g->tk.t[0].kind == NT_TOK_WORD) {
		flags |= NT_GE_LOWER;
		low_add(g, g->tk.t[0].h);
	}
	if (g->nent == g->entcap) {
		g->entcap = g->entcap ? g->entcap * 2 : 1024;
		g->ent = nt_ereallocarray(g->ent, g->entcap, sizeof(*g->ent));
	}
	if (g->nent >= UINT32_MAX - 1 || g->pool.len >= UINT32_MAX - normlen - 1)
		nt_fatalx("gazetteer: too many names");
	e = &g->ent[g->nent];
	e->type = (uint32_t)id;
	e->flags = flags;
	e->ntok = (uint32_t)ntok;
	e->norm = NT_GAZ_NONE;
	if (norm != NULL && normlen > 0) {
		e->norm = (uint32_t)g->pool.len;
		nt_buf_add(&g->pool, norm, normlen);
		nt_buf_addc(&g->pool, '\0');
	}
	/* The last file loaded wins: its entry goes first. */
	e->next = g->node[node].ent;
	g->node[node].ent = (uint32_t)g->nent++;
	return 0;
}

static int
utf8ok(const char *a, size_t an, const char *b, size_t bn)
{
	if (nt_utf8_valid(a, an) != an)
		return -1;
	if (b != NULL && nt_utf8_valid(b, bn) != bn)
		return -1;
	return 0;
}

static void
trim(const char **p, size_t *n)
{
	while (*n > 0 && ((*p)[0] == ' ' || (*p)[0] == '\r')) {
		(*p)++;
		(*n)--;
	}
	while (*n > 0 && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\r'))
		(*n)--;
}

int
nt_gaz_load_tsv(struct nt_gaz *g, const char *fname, const char *p, size_t n,
    struct nt_buf *err)
{
	const char *end = p + n, *nl, *t1, *t2, *name, *norm;
	size_t lineno = 0, tl, nl_, ml;
	char type[128];

	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if (p == nl || *p == '#') {
			p = nl + 1;
			continue;
		}
		t1 = memchr(p, '\t', (size_t)(nl - p));
		if (t1 == NULL) {
			nt_buf_reset(err);
			nt_buf_printf(err, "%s:%zu: expected type<TAB>name",
			    fname, lineno);
			return -1;
		}
		tl = (size_t)(t1 - p);
		if (tl == 0 || tl >= sizeof(type)) {
			nt_buf_reset(err);
			nt_buf_printf(err, "%s:%zu: bad type", fname, lineno);
			return -1;
		}
		memcpy(type, p, tl);
		type[tl] = '\0';
		name = t1 + 1;
		t2 = memchr(name, '\t', (size_t)(nl - name));
		nl_ = (size_t)((t2 ? t2 : nl) - name);
		norm = t2 ? t2 + 1 : NULL;
		ml = t2 ? (size_t)(nl - norm) : 0;
		trim(&name, &nl_);
		if (norm)
			trim(&norm, &ml);
		if (utf8ok(name, nl_, norm, ml) < 0 ||
		    nt_gaz_add(g, type, name, nl_, norm, ml) < 0) {
			nt_buf_reset(err);
			if (type[0] == '_' && classbit(type) == 0)
				nt_buf_printf(err, "%s:%zu: unknown lexicon "
				    "class '%s'", fname, lineno, type);
			else
				nt_buf_printf(err, "%s:%zu: bad name", fname,
				    lineno);
			return -1;
		}
		p = nl + 1;
	}
	return 0;
}

static int
yerr(struct nt_buf *err, const char *path, const struct nt_ynode *n,
    const char *msg)
{
	nt_buf_reset(err);
	nt_yerr(err, path, n, "%s", msg);
	return -1;
}

static int
yadd(struct nt_gaz *g, const char *path, const char *type,
    const struct nt_ynode *item, struct nt_buf *err)
{
	const struct nt_ynode *nm, *norm, *al;
	size_t i, k;

	if (item->type == NT_YSCALAR) {
		if (nt_gaz_add(g, type, item->s, item->len, NULL, 0) < 0)
			return yerr(err, path, item, "bad name");
		return 0;
	}
	if (item->type != NT_YMAP)
		return yerr(err, path, item, "expected a name or a mapping "
		    "with name, norm, aliases");
	for (k = 0; k + 1 < item->n; k += 2) {
		const char *key = item->kid[k]->s;

		if (item->kid[k]->type != NT_YSCALAR ||
		    (strcmp(key, "name") != 0 && strcmp(key, "norm") != 0 &&
		    strcmp(key, "aliases") != 0)) {
			nt_buf_reset(err);
			nt_yerr(err, path, item->kid[k], "unknown key '%s' "
			    "(name, norm, aliases)", item->kid[k]->type ==
			    NT_YSCALAR ? key : "?");
			return -1;
		}
	}
	nm = nt_ymap_get(item, "name");
	norm = nt_ymap_get(item, "norm");
	al = nt_ymap_get(item, "aliases");
	if (nm == NULL || nm->type != NT_YSCALAR)
		return yerr(err, path, item, "a name is needed");
	if (norm != NULL && norm->type != NT_YSCALAR)
		return yerr(err, path, norm, "norm must be a string");
	if (nt_gaz_add(g, type, nm->s, nm->len, norm ? norm->s : nm->s,
	    norm ? norm->len : nm->len) < 0)
		return yerr(err, path, nm, "bad name");
	if (al == NULL)
		return 0;
	if (al->type != NT_YSEQ)
		return yerr(err, path, al, "aliases must be a list");
	for (i = 0; i < al->n; i++) {
		if (al->kid[i]->type != NT_YSCALAR ||
		    nt_gaz_add(g, type, al->kid[i]->s, al->kid[i]->len,
		    norm ? norm->s : nm->s, norm ? norm->len : nm->len) < 0)
			return yerr(err, path, al->kid[i], "bad alias");
	}
	return 0;
}

static int
load_yaml(struct nt_gaz *g, const char *path, struct nt_buf *err)
{
	struct nt_ynode *root, *k, *v;
	size_t i, j;
	int rc = 0;

	if ((root = nt_yaml_load(path, err)) == NULL)
		return -1;
	if (root->type != NT_YMAP) {
		rc = yerr(err, path, root, "expected a mapping from type to "
		    "names");
		goto out;
	}
	for (i = 0; i + 1 < root->n && rc == 0; i += 2) {
		k = root->kid[i];
		v = root->kid[i + 1];
		if (k->type != NT_YSCALAR || k->len == 0 ||
		    (k->s[0] == '_' && classbit(k->s) == 0)) {
			rc = yerr(err, path, k, "bad type name");
			break;
		}
		if (strchr(k->s, '\t') || strchr(k->s, '"') ||
		    strchr(k->s, '\\')) {
			rc = yerr(err, path, k, "bad type name");
			break;
		}
		if (v->type != NT_YSEQ) {
			rc = yadd(g, path, k->s, v, err);
			continue;
		}
		for (j = 0; j < v->n && rc == 0; j++)
			rc = yadd(g, path, k->s, v->kid[j], err);
	}
out:
	nt_ynode_free(root);
	return rc;
}

int
nt_gaz_load(struct nt_gaz *g, const char *path, struct nt_buf *err)
{
	struct nt_buf data = NT_BUF_INIT;
	size_t plen = strlen(path);
	ssize_t r;
	int fd, rc;

	if ((plen > 5 && strcmp(path + plen - 5, ".yaml") == 0) ||
	    (plen > 4 && strcmp(path + plen - 4, ".yml") == 0))
		return load_yaml(g, path, err);
	if ((fd = open(path, O_RDONLY)) < 0) {
		nt_buf_reset(err);
		nt_buf_printf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		nt_buf_grow(&data, 1 << 16);
		r = read(fd, data.p + data.len, data.cap - data.len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		data.len += (size_t)r;
	}
	if (r < 0) {
		nt_buf_reset(err);
		nt_buf_printf(err, "%s: %s", path, strerror(errno));
		close(fd);
		nt_buf_free(&data);
		return -1;
	}
	close(fd);
	rc = nt_gaz_load_tsv(g, path, data.p ? data.p : "", data.len, err);
	nt_buf_free(&data);
	return rc;
}
