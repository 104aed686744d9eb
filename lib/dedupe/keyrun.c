#include <err.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
#include <xxhash.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/util.h"
#include "dedupe/bloom.h"
#include "dedupe/keyrun.h"

/*
 * An entry: the key mixed (nt_kruns_mix, 8 bytes) and three holders (6 bytes each, doc
 * rowids below 2^48, 0 for none), little-endian.  CHUNK_ENTS of them
 * fill a chunk to 3.9 KB, a row SQLite keeps whole in one leaf page (4 KB
 * at least; a state made now has pages of 32 KB, store.c).
 */
#define ENT		26
#define CHUNK_ENTS	150
/* A Bloom filter is stored in rows of PART words. */
#define PART		131072
/* Run ids are shifted by 32 into bloom row ids. */
#define MAX_RUN		((int64_t)1 << 30)

uint64_t
nt_kruns_mix(uint64_t key)
{
	return XXH3_64bits(&key, sizeof(key));
}

static void
put64(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t
get64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	    (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	    (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	    (uint64_t)p[7] << 56;
}

static void
put48(unsigned char *p, int64_t v)
{
	int i;

	for (i = 0; i < 6; i++)
		p[i] = (unsigned char)((uint64_t)v >> (8 * i));
}

static int64_t
get48(const unsigned char *p)
{
	return (int64_t)((uint64_t)p[0] | (uint64_t)p[1] << 8 |
	    (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
	    (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40);
}

/* Holders of the entry at p into h; how many. */
static size_t
ent_holders(const unsigned char *p, int64_t *h)
{
	size_t n = 0, i;

	for (i = 0; i < NT_KRUN_HOLD; i++)
		if ((h[n] = get48(p + 8 + 6 * i)) != 0)
			n++;
	return n;
}

static void
ent_put(unsigned char *p, uint64_t key, const int64_t *h, size_t nh)
{
	size_t i;

	put64(p, key);
	for (i = 0; i < NT_KRUN_HOLD; i++)
		put48(p + 8 + 6 * i, i < nh ? h[i] : 0);
}

/* The entry of key among the n at p, or NULL. */
static unsigned char *
ent_find(unsigned char *p, size_t n, uint64_t key)
{
	size_t lo = 0, hi = n, mid;
	uint64_t k;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		k = get64(p + ENT * mid);
		if (k == key)
			return p + ENT * mid;
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The chunk of r that would hold key, or -1. */
static int64_t
chunk_of(const struct nt_krun *r, uint64_t key)
{
	size_t lo = 0, hi = r->nchunks, mid;

	if (r->nchunks == 0 || key < r->fence[0])
		return -1;
	/* The last chunk whose first key is at most key. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (r->fence[mid] <= key)
			lo = mid;
		else
			hi = mid;
	}
	return (int64_t)lo;
}

static void
load_bloom(struct nt_kruns *ks, struct nt_krun *r, uint64_t cap, int kind)
{
	sqlite3_stmt *st;
	const unsigned char *p;
	size_t off = 0, n, i, words;
	int rc;

	nt_bloom_init(&r->bf, cap, kind);
	words = nt_bloom_words(&r->bf);
	st = nt_db_prep(ks->d, "SELECT bits FROM bloom WHERE id BETWEEN ?1 "
	    "AND ?2 ORDER BY id");
	sqlite3_bind_int64(st, 1, r->id << 32);
	sqlite3_bind_int64(st, 2, r->id << 32 | 0xffffffff);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p = sqlite3_column_blob(st, 0);
		n = (size_t)sqlite3_column_bytes(st, 0) / 8;
		for (i = 0; i < n && off < words; i++)
			r->bf.w[off++] = get64(p + 8 * i);
	}
	if (rc != SQLITE_DONE)
		nt_db_die(ks->d, rc);
	sqlite3_finalize(st);
	if (off != words)
		errx(1, "%s: damaged key filter of run %lld (%zu words of %zu)",
		    ks->d->path, (long long)r->id, off, words);
}

static struct nt_krun *
grow(struct nt_kruns *ks)
{
	if (ks->n == ks->cap) {
		ks->cap = ks->cap ? 2 * ks->cap : 8;
		ks->r = nt_ereallocarray(ks->r, ks->cap, sizeof(*ks->r));
	}
	return &ks->r[ks->n];
}

/* Read every run: its fence and its filter. */
static void
load(struct nt_kruns *ks)
{
	sqlite3_stmt *st;
	struct nt_krun *r;
	const unsigned char *p;
	size_t i, nb;
	int rc, kind;

	st = nt_db_prep(ks->d, "SELECT id, nkeys, bloomkeys, fence, filter "
	    "FROM run ORDER BY id");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r = grow(ks);
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(st, 0);
		r->nkeys = (uint64_t)sqlite3_column_int64(st, 1);
		p = sqlite3_column_blob(st, 3);
		nb = (size_t)sqlite3_column_bytes(st, 3);
		kind = sqlite3_column_int(st, 4);
		if (r->id <= 0 || r->id >= MAX_RUN || nb % 8 != 0 ||
		    (kind != NT_BLOOM_V1 && kind != NT_BLOOM_V2))
			errx(1, "%s: damaged key run %lld", ks->d->path,
			    (long long)r->id);
		r->nchunks = (uint32_t)(nb / 8);
		r->fence = nt_ereallocarray(NULL, nb / 8 + 1, sizeof(uint64_t));
		for (i = 0; i < nb / 8; i++)
			r->fence[i] = get64(p + 8 * i);
		ks->n++;
		load_bloom(ks, r, (uint64_t)sqlite3_column_int64(st, 2), kind);
	}
	if (rc != SQLITE_DONE)
		nt_db_die(ks->d, rc);
	sqlite3_finalize(st);
}

void
nt_kruns_open(struct nt_kruns *ks, struct nt_db *d)
{
	memset(ks, 0, sizeof(*ks));
	ks->d = d;
	ks->addbloom = nt_db_prep(d, "INSERT INTO bloom(id, bits) "
	    "VALUES(?, ?)");
	ks->addrun = nt_db_prep(d, "INSERT INTO run(id, nkeys, bloomkeys, "
	    "fence, filter) VALUES(?, ?, ?, ?, ?)");
	ks->delbloom = nt_db_prep(d, "DELETE FROM bloom WHERE id BETWEEN ?1 "
	    "AND ?2");
	ks->delrun = nt_db_prep(d, "DELETE FROM run WHERE id = ?");
	ks->wbuf = nt_emalloc(ENT * CHUNK_ENTS);
	ks->cbuf = nt_emalloc(ENT * CHUNK_ENTS);
	load(ks);
}

/* Prepare the statement `head k<id> tail` on r's table. */
static sqlite3_stmt *
prep_run(struct nt_kruns *ks, const struct nt_krun *r, const char *head,
    const char *tail)
{
	struct nt_buf b = NT_BUF_INIT;
	sqlite3_stmt *st;

	nt_buf_printf(&b, "%s k%lld %s", head, (long long)r->id, tail);
	st = nt_db_prep(ks->d, b.p);
	nt_buf_free(&b);
	return st;
}

/* Chunk id of run r into ks->cbuf; how many entries, or -1 if gone. */
static long
read_chunk(struct nt_kruns *ks, struct nt_krun *r, int64_t id)
{
	size_t nb;
	int rc;

	if (r->get == NULL)
		r->get = prep_run(ks, r, "SELECT ents FROM", "WHERE n = ?");
	sqlite3_bind_int64(r->get, 1, id);
	if ((rc = sqlite3_step(r->get)) != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			nt_db_die(ks->d, rc);
		sqlite3_reset(r->get);
		return -1;
	}
	nb = (size_t)sqlite3_column_bytes(r->get, 0);
	if (nb % ENT != 0 || nb > ENT * CHUNK_ENTS)
		errx(1, "%s: damaged key chunk %lld of run %lld", ks->d->path,
		    (long long)id, (long long)r->id);
	if (nb > 0)
		memcpy(ks->cbuf, sqlite3_column_blob(r->get, 0), nb);
	sqlite3_reset(r->get);
	return (long)(nb / ENT);
}

size_t
nt_kruns_get(struct nt_kruns *ks, uint64_t key, int64_t *out, size_t n,
    size_t max)
{
	struct nt_krun *r;
	unsigned char *e;
	int64_t h[NT_KRUN_HOLD], id;
	size_t i, j, nh;
	long ne;

	key = nt_kruns_mix(key);
	/* The filters' lines in flight at once, then asked in order. */
	for (i = 0; i < ks->n; i++)
		nt_bloom_prefetch(&ks->r[i].bf, key);
	for (i = ks->n; i-- > 0 && n < max;) {
		r = &ks->r[i];
		if (!nt_bloom_maybe(&r->bf, key) || (id = chunk_of(r, key)) < 0)
			continue;
		if ((ne = read_chunk(ks, r, id)) <= 0 ||
		    (e = ent_find(ks->cbuf, (size_t)ne, key)) == NULL)
			continue;
		nh = ent_holders(e, h);
		for (j = 0; j < nh && n < max; j++)
			out[n++] = h[j];
	}
	return n;
}

/* Take doc off key's holders in run r. */
static void
unkey_run(struct nt_kruns *ks, struct nt_krun *r, uint64_t key,
    int64_t doc)
{
	unsigned char *e;
	int64_t h[NT_KRUN_HOLD], keep[NT_KRUN_HOLD], id;
	size_t nh, m = 0, i;
	long ne;

	if (!nt_bloom_maybe(&r->bf, key) || (id = chunk_of(r, key)) < 0 ||
	    (ne = read_chunk(ks, r, id)) <= 0 ||
	    (e = ent_find(ks->cbuf, (size_t)ne, key)) == NULL)
		return;
	nh = ent_holders(e, h);
	for (i = 0; i < nh; i++)
		if (h[i] != doc)
			keep[m++] = h[i];
	if (m == nh)
		return;
	if (m > 0)
		ent_put(e, key, keep, m);
	else {
		memmove(e, e + ENT, (size_t)(ks->cbuf + ENT * ne - (e + ENT)));
		ne--;
	}
	if (r->set == NULL)
		r->set = prep_run(ks, r, "UPDATE",
		    "SET ents = ?2 WHERE n = ?1");
	sqlite3_bind_int64(r->set, 1, id);
	/* cbuf, never NULL: an empty chunk is an empty blob. */
	sqlite3_bind_blob(r->set, 2, ks->cbuf, (int)(ENT * ne), SQLITE_STATIC);
	nt_db_done(ks->d, r->set);
}

void
nt_kruns_unkey(struct nt_kruns *ks, uint64_t key, int64_t doc)
{
	size_t i;

	key = nt_kruns_mix(key);
	for (i = 0; i < ks->n; i++)
		unkey_run(ks, &ks->r[i], key, doc);
}

static void
drop_table(struct nt_kruns *ks, const struct nt_krun *r)
{
	nt_buf_reset(&ks->sql);
	nt_buf_printf(&ks->sql, "DROP TABLE k%lld", (long long)r->id);
	nt_db_exec(ks->d, ks->sql.p);
}

void
nt_kruns_begin(struct nt_kruns *ks, uint64_t nkeys)
{
	struct nt_krun *w = &ks->w;

	memset(w, 0, sizeof(*w));
	w->id = (ks->n > 0 ? ks->r[ks->n - 1].id : 0) + 1;
	if (w->id >= MAX_RUN)
		errx(1, "%s: too many key runs", ks->d->path);
	nt_bloom_init(&w->bf, nkeys, NT_BLOOM_V2);
	/* A table a run: dropped whole, its pages freed unwritten. */
	nt_buf_reset(&ks->sql);
	nt_buf_printf(&ks->sql, "CREATE TABLE k%lld(n INTEGER PRIMARY KEY, "
	    "ents BLOB NOT NULL)", (long long)w->id);
	nt_db_exec(ks->d, ks->sql.p);
	ks->addchunk = prep_run(ks, w, "INSERT INTO",
	    "(n, ents) VALUES(?, ?)");
	ks->wcap = nkeys;
	ks->wn = 0;
	ks->fcap = 0;
}

static void
put_chunk(struct nt_kruns *ks)
{
	struct nt_krun *w = &ks->w;

	if (w->nchunks == UINT32_MAX)
		errx(1, "%s: a key run of too many chunks", ks->d->path);
	sqlite3_bind_int64(ks->addchunk, 1, w->nchunks);
	sqlite3_bind_blob(ks->addchunk, 2, ks->wbuf, (int)(ENT * ks->wn),
	    SQLITE_STATIC);
	nt_db_done(ks->d, ks->addchunk);
	w->nchunks++;
	ks->wn = 0;
}

void
nt_kruns_put(struct nt_kruns *ks, uint64_t key, const int64_t *h, size_t nh)
{
	struct nt_krun *w = &ks->w;

	if (ks->wn == CHUNK_ENTS)
		put_chunk(ks);
	if (ks->wn == 0) {
		if (w->nchunks == ks->fcap) {
			ks->fcap = ks->fcap ? 2 * ks->fcap : 1024;
			w->fence = nt_ereallocarray(w->fence, ks->fcap,
			    sizeof(*w->fence));
		}
		w->fence[w->nchunks] = key;
	}
	ent_put(ks->wbuf + ENT * ks->wn++, key, h, nh);
	nt_bloom_add(&w->bf, key);
	w->nkeys++;
}

/* Write w's filter and its row. */
static void
put_run(struct nt_kruns *ks, const struct nt_krun *w, uint64_t cap)
{
	struct nt_buf b = NT_BUF_INIT;
	size_t i, j, n = nt_bloom_words(&w->bf);

	for (i = 0; i < n; i += PART) {
		nt_buf_reset(&b);
		nt_buf_grow(&b, 8 * PART);
		for (j = i; j < n && j < i + PART; j++)
			put64((unsigned char *)b.p + 8 * (j - i), w->bf.w[j]);
		sqlite3_bind_int64(ks->addbloom, 1, w->id << 32 |
		    (int64_t)(i / PART));
		sqlite3_bind_blob(ks->addbloom, 2, b.p, (int)(8 * (j - i)),
		    SQLITE_STATIC);
		nt_db_done(ks->d, ks->addbloom);
	}
	nt_buf_reset(&b);
	nt_buf_grow(&b, 8 * (size_t)w->nchunks + 1);
	for (i = 0; i < w->nchunks; i++)
		put64((unsigned char *)b.p + 8 * i, w->fence[i]);
	sqlite3_bind_int64(ks->addrun, 1, w->id);
	sqlite3_bind_int64(ks->addrun, 2, (int64_t)w->nkeys);
	sqlite3_bind_int64(ks->addrun, 3, (int64_t)cap);
	sqlite3_bind_blob(ks->addrun, 4, b.p, (int)(8 * w->nchunks),
	    SQLITE_STATIC);
	sqlite3_bind_int(ks->addrun, 5, w->bf.kind);
	nt_db_done(ks->d, ks->addrun);
	nt_buf_free(&b);
}

/* End the run being written, with a filter made for cap keys. */
static void
end_run(struct nt_kruns *ks, uint64_t cap)
{
	struct nt_krun *w = &ks->w;

	if (ks->wn > 0)
		put_chunk(ks);
	sqlite3_finalize(ks->addchunk);
	ks->addchunk = NULL;
	if (w->nkeys == 0) {
		drop_table(ks, w);
		free(w->fence);
		nt_bloom_free(&w->bf);
		memset(w, 0, sizeof(*w));
		return;
	}
	if (w->fence == NULL)
		w->fence = nt_ereallocarray(NULL, 1, sizeof(*w->fence));
	put_run(ks, w, cap);
	*grow(ks) = *w;
	ks->n++;
	memset(w, 0, sizeof(*w));
}

void
nt_kruns_end(struct nt_kruns *ks)
{
	end_run(ks, ks->wcap);
}

/* A run read in key order, a chunk at a time. */
struct kcur {
	sqlite3_stmt	*st;
	unsigned char	*buf;
	size_t		 n, i;
	int		 end;
};

static void
cur_fill(struct nt_kruns *ks, struct kcur *c)
{
	size_t nb;
	int rc;

	while (c->i == c->n && !c->end) {
		if ((rc = sqlite3_step(c->st)) == SQLITE_DONE) {
			c->end = 1;
			return;
		}
		if (rc != SQLITE_ROW)
			nt_db_die(ks->d, rc);
		nb = (size_t)sqlite3_column_bytes(c->st, 0);
		if (nb % ENT != 0 || nb > ENT * CHUNK_ENTS)
			errx(1, "%s: damaged key chunk", ks->d->path);
		/* Copied: the merge writes to the table it reads. */
		if (nb > 0)
			memcpy(c->buf, sqlite3_column_blob(c->st, 0), nb);
		c->n = nb / ENT;
		c->i = 0;
	}
}

static void
cur_open(struct nt_kruns *ks, struct kcur *c, const struct nt_krun *r)
{
	memset(c, 0, sizeof(*c));
	c->st = prep_run(ks, r, "SELECT ents FROM", "ORDER BY n");
	c->buf = nt_emalloc(ENT * CHUNK_ENTS);
	cur_fill(ks, c);
}

/*
 * Put the smallest key of the cursors c[0..m) (c[m-1] the newest run)
 * with its holders, newest first, and step past it; 0 at the end.
 */
static int
merge_one(struct nt_kruns *ks, struct kcur *c, size_t m)
{
	int64_t h[2 * NT_KRUN_HOLD];
	uint64_t key = 0, k;
	size_t j, nh = 0;
	int any = 0;

	for (j = 0; j < m; j++) {
		if (c[j].i >= c[j].n)
			continue;
		k = get64(c[j].buf + ENT * c[j].i);
		if (!any || k < key) {
			key = k;
			any = 1;
		}
	}
	if (!any)
		return 0;
	for (j = m; j-- > 0;) {
		if (c[j].i >= c[j].n || get64(c[j].buf + ENT * c[j].i) != key)
			continue;
		if (nh < NT_KRUN_HOLD)
			nh += ent_holders(c[j].buf + ENT * c[j].i, h + nh);
		c[j].i++;
		cur_fill(ks, &c[j]);
	}
	if (nh > NT_KRUN_HOLD)
		nh = NT_KRUN_HOLD;
	if (nh > 0)
		nt_kruns_put(ks, key, h, nh);
	return 1;
}

static void
drop(struct nt_kruns *ks, struct nt_krun *r)
{
	sqlite3_finalize(r->get);
	sqlite3_finalize(r->set);
	r->get = r->set = NULL;
	drop_table(ks, r);
	sqlite3_bind_int64(ks->delbloom, 1, r->id << 32);
	sqlite3_bind_int64(ks->delbloom, 2, r->id << 32 | 0xffffffff);
	nt_db_done(ks->d, ks->delbloom);
	sqlite3_bind_int64(ks->delrun, 1, r->id);
	nt_db_done(ks->d, ks->delrun);
	free(r->fence);
	nt_bloom_free(&r->bf);
}

/* Merge runs first.. (the newest) into one, in their place. */
static void
merge(struct nt_kruns *ks, size_t first)
{
	struct kcur *c;
	size_t m = ks->n - first, j;
	uint64_t total = 0;

	c = nt_ereallocarray(NULL, m, sizeof(*c));
	for (j = 0; j < m; j++) {
		total += ks->r[first + j].nkeys;
		cur_open(ks, &c[j], &ks->r[first + j]);
	}
	nt_kruns_begin(ks, total);
	while (merge_one(ks, c, m))
		;
	for (j = 0; j < m; j++) {
		sqlite3_finalize(c[j].st);
		free(c[j].buf);
	}
	free(c);
	end_run(ks, ks->wcap);
	/* The new run is the last; the ones it replaces go. */
	for (j = first; j < first + m; j++)
		drop(ks, &ks->r[j]);
	if (ks->n > first + m)
		ks->r[first] = ks->r[first + m];
	ks->n = ks->n > first + m ? first + 1 : first;
}

static unsigned
size_class(uint64_t nkeys, uint64_t unit, unsigned fanin)
{
	unsigned c = 0;

	while (nkeys >= unit * fanin && c < 64) {
		unit *= fanin;
		c++;
	}
	return c;
}

void
nt_kruns_compact(struct nt_kruns *ks, uint64_t unit, unsigned fanin)
{
	size_t j, first;
	unsigned c;

	while (ks->n >= fanin) {
		first = ks->n - fanin;
		c = size_class(ks->r[first].nkeys, unit, fanin);
		for (j = first + 1; j < ks->n; j++)
			if (size_class(ks->r[j].nkeys, unit, fanin) > c)
				return;
		merge(ks, first);
	}
}

uint64_t
nt_kruns_keys(const struct nt_kruns *ks)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < ks->n; i++)
		n += ks->r[i].nkeys;
	return n;
}

void
nt_kruns_close(struct nt_kruns *ks)
{
	size_t i;

	if (ks == NULL || ks->d == NULL)
		return;
	for (i = 0; i < ks->n; i++) {
		sqlite3_finalize(ks->r[i].get);
		sqlite3_finalize(ks->r[i].set);
		free(ks->r[i].fence);
		nt_bloom_free(&ks->r[i].bf);
	}
	free(ks->r);
	free(ks->w.fence);
	nt_bloom_free(&ks->w.bf);
	sqlite3_finalize(ks->addchunk);
	sqlite3_finalize(ks->addbloom);
	sqlite3_finalize(ks->addrun);
	sqlite3_finalize(ks->delbloom);
	sqlite3_finalize(ks->delrun);
	free(ks->wbuf);
	free(ks->cbuf);
	nt_buf_free(&ks->sql);
	memset(ks, 0, sizeof(*ks));
}
