#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "stats/stats_counts.h"
#include "core/util.h"

void
nt_counts_init(struct nt_counts *t, size_t max)
{
	memset(t, 0, sizeof(*t));
	if (max < 1)
		max = 1;
	if (max > NT_COUNTS_MAXKEYS)
		max = NT_COUNTS_MAXKEYS;
	t->max = max;
}

const char *
nt_counts_key(const struct nt_counts *t, const struct nt_centry *e)
{
	return t->keys.p != NULL ? t->keys.p + e->koff : "";
}

static void
rehash(struct nt_counts *t, size_t nslot)
{
	size_t i, j;

	free(t->slot);
	t->slot = nt_ecalloc(nslot, sizeof(*t->slot));
	t->nslot = nslot;
	for (i = 0; i < t->n; i++) {
		j = (size_t)t->e[i].hash & (nslot - 1);
		while (t->slot[j] != 0)
			j = (j + 1) & (nslot - 1);
		t->slot[j] = (uint32_t)(i + 1);
	}
}

/* The slot that holds key, or the empty slot where it would go. */
static size_t
find(const struct nt_counts *t, uint64_t h, const char *key, size_t klen)
{
	size_t j = (size_t)h & (t->nslot - 1);
	const struct nt_centry *e;

	while (t->slot[j] != 0) {
		e = &t->e[t->slot[j] - 1];
		if (e->hash == h && e->klen == klen &&
		    memcmp(t->keys.p + e->koff, key, klen) == 0)
			break;
		j = (j + 1) & (t->nslot - 1);
	}
	return j;
}

const struct nt_centry *
nt_counts_get(const struct nt_counts *t, const char *key, size_t klen)
{
	size_t j;

	if (t->n == 0)
		return NULL;
	j = find(t, XXH3_64bits(key, klen), key, klen);
	return t->slot[j] != 0 ? &t->e[t->slot[j] - 1] : NULL;
}

static int
cmpdesc(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

void
nt_counts_prune(struct nt_counts *t)
{
	struct nt_buf keys = NT_BUF_INIT;
	uint64_t *c, cut;
	size_t i, m;

	if (t->n <= t->max)
		return;
	c = nt_ereallocarray(NULL, t->n, sizeof(*c));
	for (i = 0; i < t->n; i++)
		c[i] = t->e[i].count;
	qsort(c, t->n, sizeof(*c), cmpdesc);
	cut = c[t->max];
	free(c);
	t->err += cut;
	for (i = m = 0; i < t->n; i++) {
		if (t->e[i].count <= cut) {
			t->dropped += t->e[i].count;
			continue;
		}
		t->dropped += cut;
		t->e[m] = t->e[i];
		t->e[m].count -= cut;
		t->e[m].koff = keys.len;
		nt_buf_add(&keys, t->keys.p + t->e[i].koff, t->e[i].klen);
		m++;
	}
	t->n = m;
	nt_buf_free(&t->keys);
	t->keys = keys;
	rehash(t, t->nslot);
}

void
nt_counts_add(struct nt_counts *t, const char *key, size_t klen,
    size_t split, uint64_t n, uint64_t aux)
{
	struct nt_centry *e;
	uint64_t h;
	size_t j;

	if (t->nslot == 0)
		rehash(t, 64);
	h = XXH3_64bits(key, klen);
	j = find(t, h, key, klen);
	if (t->slot[j] != 0) {
		e = &t->e[t->slot[j] - 1];
		e->count += n;
		e->aux += aux;
		return;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->e = nt_ereallocarray(t->e, t->cap, sizeof(*t->e));
	}
	e = &t->e[t->n++];
	e->hash = h;
	e->count = n;
	e->aux = aux;
	e->koff = t->keys.len;
	e->klen = klen;
	e->split = split;
	nt_buf_add(&t->keys, key, klen);
	t->slot[j] = (uint32_t)t->n;
	if (t->n > 2 * t->max)
		nt_counts_prune(t);
	else if (t->n * 2 > t->nslot)
		rehash(t, t->nslot * 2);
}

struct sortctx {
	const struct nt_counts *t;
	int bykey;
};

static int
keycmp(const char *a, size_t na, const char *b, size_t nb)
{
	int r = memcmp(a, b, na < nb ? na : nb);

	if (r != 0)
		return r;
	return na < nb ? -1 : na > nb;
}

static int
cmpentry(const void *pa, const void *pb, void *arg)
{
	const struct sortctx *s = arg;
	const struct nt_centry *a = &s->t->e[*(const size_t *)pa];
	const struct nt_centry *b = &s->t->e[*(const size_t *)pb];
	const char *ka = nt_counts_key(s->t, a), *kb = nt_counts_key(s->t, b);
	int r;

	if (!s->bykey) {
		if ((r = keycmp(ka, a->split, kb, b->split)) != 0)
			return r;
		if (a->count != b->count)
			return a->count < b->count ? 1 : -1;
	}
	return keycmp(ka, a->klen, kb, b->klen);
}

size_t *
nt_counts_sorted(const struct nt_counts *t, int bykey)
{
	struct sortctx s = { t, bykey };
	size_t *ix, i;

	ix = nt_ereallocarray(NULL, t->n ? t->n : 1, sizeof(*ix));
	for (i = 0; i < t->n; i++)
		ix[i] = i;
	qsort_r(ix, t->n, sizeof(*ix), cmpentry, &s);
	return ix;
}

void
nt_counts_free(struct nt_counts *t)
{
	if (t == NULL)
		return;
	free(t->e);
	free(t->slot);
	nt_buf_free(&t->keys);
	t->e = NULL;
	t->slot = NULL;
	t->n = t->cap = t->nslot = 0;
}
