#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/lock.h"
#include "dedupe/keyrun.h"
#include "dedupe/store.h"
#include "core/util.h"

/* "nDdp": what PRAGMA application_id says in an ndedupe state file. */
#define APP_ID		0x6e446470
/*
 * The format of the state, PRAGMA user_version.  6: a run of keys says
 * what kind of filter it has (keyrun.h); new runs have one of 16 bits a
 * key.  5, whose filters are all of 10 bits a key, is read and moved to
 * 6 in place.  4: keys in sorted runs (keyrun.h), those of the newest
 * records only in their doc rows.  3: spot keys and stories beside the
 * word keys, keys in tables k and kn.  2: words are the text core's
 * tokens and hashes are XXH3, no spots.  1: words hashed with FNV-1a.
 * The keys and sketches of a format before 5 mean nothing to this
 * ndedupe.
 */
#define FORMAT		6

/*
 * The keys of the records newer than the runs (doc rows after
 * `indexed`): in memory only, where a look-up finds them first, and in
 * their doc rows, from which the next run to open reads them back.
 * When MEM_KEYS of them are held they are written out as a new run, in
 * key order, in a transaction of its own; a crash before then loses
 * nothing, since the doc rows are the record.  A key's entries chain
 * newest first through `older`.
 */
struct pend {
	uint64_t	 key;
	uint32_t	 doc;		/* the doc row, less `indexed` */
	uint32_t	 older;		/* 1 + the previous one with this key */
};

/*
 * A slot of the hash of pend, with the key's top half so that a key not
 * there reads the slot only.
 */
struct mslot {
	uint32_t	 tag;		/* key >> 32 */
	uint32_t	 head;		/* 1 + the newest entry, 0: free */
};

struct nt_store {
	struct nt_db	 d;
	int		 lockfd;	/* nt_statelock's, for the whole run */
	sqlite3_stmt	*doc, *name, *add, *old, *undoc;
	struct nt_buf	 blob;		/* encoding scratch */
	struct nt_buf	 id, of, story;	/* what nt_store_doc returns */
	uint32_t	*sk, *spsk;
	size_t		 skcap, spcap;
	struct pend	*pend;		/* keys of the newest records */
	size_t		 npend, pcap;
	struct mslot	*slot;		/* key -> 1 + its newest in pend */
	size_t		 nslot;
	/*
	 * Whether slot is kept: not until a look-up asks the state.  A
	 * new state's run looks its keys up in ndedupe's own memory
	 * (dedupe.c's d->mem), and pend is then only written out.
	 */
	int		 hashing;
	size_t		 memkeys;	/* keys held before a run is written */
	int64_t		 indexed;	/* the newest doc row in the runs */
	int64_t		 last;		/* the newest doc row */
	struct nt_kruns	 runs;
};

static const char schema[] =
"CREATE TABLE meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL);"
"CREATE TABLE doc("
"  seen INTEGER NOT NULL,"	/* unix time the record was stored */
"  id TEXT NOT NULL,"		/* JSON text of the record's id */
"  of TEXT,"			/* duplicate: JSON id of the record kept */
"  story TEXT NOT NULL,"	/* JSON id of the story's first record */
"  sim REAL,"			/* duplicate: similarity */
"  cont REAL,"			/* duplicate: containment */
"  kind INTEGER,"		/* duplicate: dup_kind (lib/kind) */
"  fhash INTEGER,"		/* signed (kept, or a copy that adds):
				   hash of its furniture lines */
"  n INTEGER NOT NULL,"		/* distinct shingles */
"  nums BLOB,"			/* masks of word numbers, names and
				   synonyms (48 bytes), spot marks */
"  sketch BLOB,"		/* bottom-k MinHash, 4 bytes a value */
"  spn INTEGER,"		/* distinct spots */
"  spsk BLOB,"			/* their bottom-k sketch, the words' after */
"  wn INTEGER,"			/* distinct content words */
"  keys BLOB NOT NULL);"	/* 8 bytes a key: rows of k to forget */
"CREATE INDEX doc_seen ON doc(seen);"
NT_KRUN_SCHEMA;

/*
 * Pages of 32 KB: a kept record's row (about 2.5 KB, with its sketches)
 * left a third of a 4 KB page empty, and a new state was written 13%
 * slower and 8% larger; a look-up still reads one page.
 */
static const struct nt_dbkind kind = {
	APP_ID, FORMAT, "ndedupe", "an ndedupe state file", schema,
	"made by an older ndedupe (other keys, hashes or tables)", 32768,
	5, NT_KRUN_UPGRADE5
};

/*
 * Keys held in memory before they are written as a run: 16 MB of
 * them, 16 MB of hash, 16 MB more for the moment they are sorted.
 * Runs of about the same number of keys are merged FANIN at a time, so
 * that a key is rewritten once for each FANIN-fold the state grows by
 * past MEM_KEYS keys (a state of a million records holds 15 million
 * keys: one or two merges a key), and a look-up asks at most FANIN - 1
 * runs of each size, about eight filters at a million records.
 */
#define MEM_KEYS	1000000
#define FANIN		8

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint64_t
get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static int64_t
meta(struct nt_store *s, const char *name)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	int rc;

	st = nt_db_prep(&s->d, "SELECT value FROM meta WHERE name = ?");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		nt_db_die(&s->d, rc);
	sqlite3_finalize(st);
	return v;
}

/* Set the meta value name to v. */
static void
put_meta(struct nt_db *d, const char *name, int64_t v)
{
	sqlite3_stmt *st;

	st = nt_db_prep(d, "INSERT INTO meta(name, value) VALUES(?, ?) "
	    "ON CONFLICT(name) DO UPDATE SET value = excluded.value");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, v);
	nt_db_done(d, st);
	sqlite3_finalize(st);
}

/* What a new state file starts with: the settings, no keys. */
struct fresh {
	unsigned	 shingle, sketch;
};

static void
fill(struct nt_db *d, void *arg)
{
	const struct fresh *f = arg;

	put_meta(d, "shingle", f->shingle);
	put_meta(d, "sketch", f->sketch);
	put_meta(d, "indexed", 0);
}

static size_t
pslot(const struct nt_store *s, uint64_t key)
{
	/* Fibonacci hashing: MinHash keys are small numbers. */
	size_t i = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 32) &
	    (s->nslot - 1);

	while (s->slot[i].head != 0 && (s->slot[i].tag != (uint32_t)(key >> 32)
	    || s->pend[s->slot[i].head - 1].key != key))
		i = (i + 1) & (s->nslot - 1);
	return i;
}

static void
pend_index(struct nt_store *s)
{
	size_t i, j;

	free(s->slot);
	/* Zeroed by hand: see dedupe.c's km_put. */
	s->slot = nt_ereallocarray(NULL, s->nslot, sizeof(*s->slot));
	memset(s->slot, 0, s->nslot * sizeof(*s->slot));
	for (i = 0; i < s->npend; i++) {
		j = pslot(s, s->pend[i].key);
		s->pend[i].older = s->slot[j].head;
		s->slot[j].tag = (uint32_t)(s->pend[i].key >> 32);
		s->slot[j].head = (uint32_t)(i + 1);
	}
}

/*
 * Room in the hash for one key more, what it holds hashed again if it
 * grew or if rehash is set.
 */
static void
slot_room(struct nt_store *s, int rehash)
{
	while (2 * (s->npend + 1) > s->nslot) {
		s->nslot = s->nslot ? s->nslot * 2 : 8192;
		rehash = 1;
	}
	if (rehash)
		pend_index(s);
}

static void
pend_add(struct nt_store *s, uint64_t key, int64_t doc)
{
	size_t j;

	if (s->npend >= UINT32_MAX / 4 || doc - s->indexed > UINT32_MAX)
		nt_fatalx("%s: too many keys in memory", s->d.path);
	if (s->npend == s->pcap) {
		s->pcap = s->pcap ? s->pcap * 2 : 4096;
		s->pend = nt_ereallocarray(s->pend, s->pcap, sizeof(*s->pend));
	}
	s->pend[s->npend].key = key;
	s->pend[s->npend].doc = (uint32_t)(doc - s->indexed);
	s->pend[s->npend].older = 0;
	if (!s->hashing) {
		s->npend++;
		return;
	}
	slot_room(s, 0);
	j = pslot(s, key);
	s->pend[s->npend].older = s->slot[j].head;
	s->slot[j].tag = (uint32_t)(key >> 32);
	s->slot[j].head = (uint32_t)++s->npend;
}

static void
pend_clear(struct nt_store *s)
{
	s->npend = 0;
	if (s->slot != NULL)
		memset(s->slot, 0, s->nslot * sizeof(*s->slot));
}

/* Hold the keys of every doc row after `indexed`, in row order. */
static void
pend_load(struct nt_store *s)
{
	sqlite3_stmt *st;
	const unsigned char *p;
	size_t nk, i;
	int64_t h;
	int rc;

	pend_clear(s);
	st = nt_db_prep(&s->d, "SELECT rowid, keys FROM doc WHERE rowid > ? "
	    "ORDER BY rowid");
	sqlite3_bind_int64(st, 1, s->indexed);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		h = sqlite3_column_int64(st, 0);
		p = sqlite3_column_blob(st, 1);
		nk = (size_t)sqlite3_column_bytes(st, 1) / 8;
		for (i = 0; i < nk; i++)
			pend_add(s, get64(p + 8 * i), h);
	}
	if (rc != SQLITE_DONE)
		nt_db_die(&s->d, rc);
	sqlite3_finalize(st);
}

/* Key order; a key's entries newest (the highest doc row) first. */
static int
pend_cmp(const void *a, const void *b)
{
	const struct pend *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->doc > y->doc ? -1 : x->doc < y->doc;
}

/*
 * p[0..n), whose keys are mixed (uniform), sorted into a new array:
 * spread over 2048 buckets by their top bits, a pass that writes each
 * bucket in order, then each bucket sorted while it is in the cache.
 */
static struct pend *
pend_sort(const struct pend *p, size_t n)
{
	size_t start[2049] = { 0 }, next[2048], b, i;
	struct pend *t;

	t = nt_ereallocarray(NULL, n + 1, sizeof(*t));
	for (i = 0; i < n; i++)
		start[(p[i].key >> 53) + 1]++;
	for (b = 0; b < 2048; b++) {
		start[b + 1] += start[b];
		next[b] = start[b];
	}
	for (i = 0; i < n; i++)
		t[next[p[i].key >> 53]++] = p[i];
	for (b = 0; b < 2048; b++)
		qsort(t + start[b], start[b + 1] - start[b], sizeof(*t),
		    pend_cmp);
	return t;
}

/*
 * Write the keys held in memory as the newest run, then merge runs of
 * one size: a transaction of its own, after the batch's, so that a
 * crash in it loses nothing (the doc rows still hold the keys).
 */
static void
pend_flush(struct nt_store *s)
{
	int64_t h[NT_KRUN_HOLD];
	struct pend *t;
	size_t i, j, nh, n = s->npend;

	nt_db_exec(&s->d, "BEGIN IMMEDIATE");
	for (i = 0; i < n; i++)
		s->pend[i].key = nt_kruns_mix(s->pend[i].key);
	t = pend_sort(s->pend, n);
	nt_kruns_begin(&s->runs, n);
	for (i = 0; i < n; i = j) {
		nh = 0;
		for (j = i; j < n && t[j].key == t[i].key; j++)
			if (nh < NT_KRUN_HOLD)
				h[nh++] = s->indexed + t[j].doc;
		nt_kruns_put(&s->runs, t[i].key, h, nh);
	}
	free(t);
	nt_kruns_end(&s->runs);
	s->indexed = s->last;
	put_meta(&s->d, "indexed", s->indexed);
	pend_clear(s);
	nt_kruns_compact(&s->runs, s->memkeys, FANIN);
	nt_db_exec(&s->d, "COMMIT");
}

/* MEM_KEYS, or $NTOOLS_STATE_KEYS for tests that want runs of a few. */
static size_t
memkeys(void)
{
	const char *e = getenv("NTOOLS_STATE_KEYS");
	char *end;
	unsigned long long v;

	if (e == NULL || *e == '\0')
		return MEM_KEYS;
	errno = 0;
	v = strtoull(e, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || v > SIZE_MAX / 2)
		errx(2, "NTOOLS_STATE_KEYS: not a number of keys: %s", e);
	return (size_t)v;
}

struct nt_store *
nt_store_open(const char *path, int wait_ms, unsigned shingle,
    unsigned sketch, const char **why)
{
	struct fresh f = { shingle, sketch };
	struct nt_store *s;
	struct nt_db *d;

	s = nt_ecalloc(1, sizeof(*s));
	d = &s->d;
	s->lockfd = nt_statelock_or_die(path, wait_ms);
	nt_db_open(d, path, wait_ms, &kind, fill, &f);
	/* Look-ups read doc rows at random: a bounded cache, the OS's
	 * for the rest. */
	nt_db_exec(d, "PRAGMA cache_size = -32768");
	nt_db_exec(d, "PRAGMA wal_autocheckpoint = 8192");
	nt_db_exec(d, "PRAGMA journal_size_limit = 67108864");
	/*
	 * Debian's SQLite zeroes and writes every page freed: a merge
	 * would write the runs it drops once more.  FAST still zeroes
	 * what is deleted on pages written anyway.
	 */
	nt_db_exec(d, "PRAGMA secure_delete = FAST");
	s->memkeys = memkeys();

	if (meta(s, "shingle") != (int64_t)shingle) {
		*why = "shingle";
		nt_store_close(s);
		return NULL;
	}
	if (meta(s, "sketch") != (int64_t)sketch) {
		*why = "sketch";
		nt_store_close(s);
		return NULL;
	}
	s->doc = nt_db_prep(d, "SELECT id, of, story, sim, cont, kind, fhash, "
	    "nums, n, sketch, spn, spsk, wn FROM doc WHERE rowid = ?");
	s->name = nt_db_prep(d, "SELECT id, of, story, sim, cont, kind, fhash, "
	    "nums FROM doc WHERE rowid = ?");
	s->add = nt_db_prep(d, "INSERT INTO doc(seen, id, of, story, sim, cont, "
	    "kind, fhash, n, nums, sketch, spn, spsk, keys, wn) "
	    "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	s->old = nt_db_prep(d, "SELECT rowid, keys FROM doc WHERE seen < ?");
	s->undoc = nt_db_prep(d, "DELETE FROM doc WHERE seen < ?");
	nt_kruns_open(&s->runs, d);
	s->indexed = meta(s, "indexed");
	s->last = nt_db_int(d, "SELECT max(rowid) FROM doc");
	pend_load(s);
	return s;
}

int
nt_store_begin(struct nt_store *s)
{
	return nt_db_begin(&s->d);
}

int64_t
nt_store_last(struct nt_store *s)
{
	return s->last;
}

void
nt_store_commit(struct nt_store *s)
{
	if (!s->d.intxn)
		return;
	nt_db_commit(&s->d);
	if (s->npend >= s->memkeys)
		pend_flush(s);
}

size_t
nt_store_get(struct nt_store *s, uint64_t key, int64_t *out, size_t max)
{
	size_t n = 0;
	uint32_t l;

	/* A key has its three newest holders, wherever they are. */
	if (max > NT_KRUN_HOLD)
		max = NT_KRUN_HOLD;
	/* From the first look-up on, the keys in memory are hashed. */
	if (!s->hashing) {
		s->hashing = 1;
		slot_room(s, 1);
	}
	/* Newest first: those in memory, then the runs'. */
	if (s->npend > 0)
		for (l = s->slot[pslot(s, key)].head; l != 0 && n < max;
		    l = s->pend[l - 1].older)
			out[n++] = s->indexed + s->pend[l - 1].doc;
	return nt_kruns_get(&s->runs, key, out, n, max);
}

static void
copy_text(struct nt_buf *b, sqlite3_stmt *st, int col)
{
	nt_buf_reset(b);
	nt_buf_add(b, sqlite3_column_text(st, col),
	    (size_t)sqlite3_column_bytes(st, col));
}

/* Blob column col as 32-bit values into *v (grown); how many. */
static uint32_t
get_u32s(sqlite3_stmt *st, int col, uint32_t **v, size_t *cap)
{
	const unsigned char *p = sqlite3_column_blob(st, col);
	size_t n = (size_t)sqlite3_column_bytes(st, col) / 4, i;

	if (p == NULL)
		return 0;
	if (n > *cap) {
		*cap = n;
		*v = nt_ereallocarray(*v, n, sizeof(**v));
	}
	for (i = 0; i < n; i++)
		(*v)[i] = get32(p + 4 * i);
	return (uint32_t)n;
}

/* Column 7, the masks of numbers, names and synonyms (and marks). */
static void
nums(sqlite3_stmt *st, struct nt_sdoc *d)
{
	const unsigned char *p = sqlite3_column_blob(st, 7);
	size_t k, i;

	k = p == NULL ? 0 : (size_t)sqlite3_column_bytes(st, 7) / 8;
	for (i = 0; i < k && i < NT_SD_NUMS; i++)
		d->nums[i] = get64(p + 8 * i);
}

/* The columns of a whole row after those of a name row. */
static void
whole_doc(struct nt_store *s, sqlite3_stmt *st, struct nt_sdoc *d)
{
	const unsigned char *p;
	size_t k, i;
	uint32_t n;

	d->n = (uint32_t)sqlite3_column_int64(st, 8);
	p = sqlite3_column_blob(st, 7);
	k = p == NULL ? 0 : (size_t)sqlite3_column_bytes(st, 7) / 8;
	for (i = NT_SD_NUMS; i < k && i < NT_SD_NUMS + NT_SP_MARKS; i++)
		d->marks[i - NT_SD_NUMS] = get64(p + 8 * i);
	d->nsketch = get_u32s(st, 9, &s->sk, &s->skcap);
	d->sketch = s->sk;
	d->spn = (uint32_t)sqlite3_column_int64(st, 10);
	n = get_u32s(st, 11, &s->spsk, &s->spcap);
	d->nspsk = d->spn < NT_SP_SKETCH ? d->spn : NT_SP_SKETCH;
	if (d->nspsk > n)
		d->nspsk = n;
	d->spsk = s->spsk;
	d->wn = (uint32_t)sqlite3_column_int64(st, 12);
	d->wsk = s->spsk + d->nspsk;
	d->nwsk = n - d->nspsk;
}

int
nt_store_doc(struct nt_store *s, int64_t h, int whole, struct nt_sdoc *d)
{
	sqlite3_stmt *st = whole ? s->doc : s->name;
	int rc;

	memset(d, 0, sizeof(*d));
	sqlite3_bind_int64(st, 1, h);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	if (rc != SQLITE_ROW)
		nt_db_die(&s->d, rc);
	copy_text(&s->id, st, 0);
	d->id = s->id.p;
	d->idlen = s->id.len;
	if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
		copy_text(&s->of, st, 1);
		d->of = s->of.p;
		d->oflen = s->of.len;
		d->sim = sqlite3_column_double(st, 3);
		d->cont = sqlite3_column_double(st, 4);
		d->kind = (int)sqlite3_column_int64(st, 5);
	}
	copy_text(&s->story, st, 2);
	d->story = s->story.p;
	d->storylen = s->story.len;
	d->fhash = (uint64_t)sqlite3_column_int64(st, 6);
	nums(st, d);
	if (whole)
		whole_doc(s, st, d);
	sqlite3_reset(st);
	return 1;
}

/* Lay out a signed record's blobs in s->blob: nums, sketch, spsk, keys. */
static unsigned char *
blobs(struct nt_store *s, const struct nt_sdoc *d, const uint64_t *keys,
    size_t nkeys)
{
	unsigned char *p;
	size_t i, off = 0;

	nt_buf_reset(&s->blob);
	nt_buf_grow(&s->blob, 8 * (NT_SD_NUMS + NT_SP_MARKS) + 4 * (size_t)d->nsketch +
	    4 * (size_t)d->nspsk + 4 * (size_t)d->nwsk + 8 * nkeys);
	p = (unsigned char *)s->blob.p;
	for (i = 0; i < NT_SD_NUMS; i++, off += 8)
		put64(p + off, d->nums[i]);
	for (i = 0; i < NT_SP_MARKS; i++, off += 8)
		put64(p + off, d->marks[i]);
	for (i = 0; i < d->nsketch; i++, off += 4)
		put32(p + off, d->sketch[i]);
	for (i = 0; i < d->nspsk; i++, off += 4)
		put32(p + off, d->spsk[i]);
	for (i = 0; i < d->nwsk; i++, off += 4)
		put32(p + off, d->wsk[i]);
	for (i = 0; i < nkeys; i++, off += 8)
		put64(p + off, keys[i]);
	return p;
}

static void
bind_text(sqlite3_stmt *st, int col, const char *p, size_t n)
{
	if (p == NULL)
		sqlite3_bind_null(st, col);
	else
		sqlite3_bind_text(st, col, p, (int)n, SQLITE_STATIC);
}

int64_t
nt_store_add(struct nt_store *s, const struct nt_sdoc *d, int64_t seen,
    const uint64_t *keys, size_t nkeys)
{
	sqlite3_stmt *st = s->add;
	unsigned char *p;
	size_t nb = 8 * (NT_SD_NUMS + NT_SP_MARKS), sb = 4 * (size_t)d->nsketch;
	size_t pb = 4 * ((size_t)d->nspsk + d->nwsk), i;
	int64_t h;

	p = blobs(s, d, keys, nkeys);
	sqlite3_bind_int64(st, 1, seen);
	bind_text(st, 2, d->id, d->idlen);
	bind_text(st, 3, d->of, d->oflen);
	bind_text(st, 4, d->story, d->storylen);
	sqlite3_bind_null(st, 5);
	sqlite3_bind_null(st, 6);
	sqlite3_bind_null(st, 7);
	sqlite3_bind_null(st, 8);
	sqlite3_bind_null(st, 10);
	sqlite3_bind_null(st, 11);
	sqlite3_bind_null(st, 13);
	if (d->of != NULL) {
		sqlite3_bind_double(st, 5, d->sim);
		sqlite3_bind_double(st, 6, d->cont);
		sqlite3_bind_int64(st, 7, d->kind);
	}
	/* a kept record's words and spots, or a copy's that has them */
	if (nt_sdoc_signed(d)) {
		sqlite3_bind_int64(st, 8, (int64_t)d->fhash);
		sqlite3_bind_blob(st, 10, p, (int)nb, SQLITE_STATIC);
		sqlite3_bind_blob(st, 11, p + nb, (int)sb, SQLITE_STATIC);
		sqlite3_bind_blob(st, 13, p + nb + sb, (int)pb, SQLITE_STATIC);
	}
	sqlite3_bind_int64(st, 9, d->n);
	sqlite3_bind_int64(st, 12, d->spn);
	sqlite3_bind_blob(st, 14, p + nb + sb + pb, (int)(8 * nkeys),
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, 15, d->wn);
	nt_db_done(&s->d, st);
	h = sqlite3_last_insert_rowid(s->d.db);
	if (h >= (int64_t)1 << 48)
		nt_fatalx("%s: too many rows", s->d.path);
	for (i = 0; i < nkeys; i++)
		pend_add(s, keys[i], h);
	s->last = h;
	return h;
}

uint64_t
nt_store_expire(struct nt_store *s, int64_t cutoff)
{
	const unsigned char *p;
	uint64_t n = 0;
	int64_t h;
	size_t nk, i;
	int rc;

	sqlite3_bind_int64(s->old, 1, cutoff);
	while ((rc = sqlite3_step(s->old)) == SQLITE_ROW) {
		h = sqlite3_column_int64(s->old, 0);
		p = sqlite3_column_blob(s->old, 1);
		nk = (size_t)sqlite3_column_bytes(s->old, 1) / 8;
		/* Newer rows' keys are only in memory, read again below. */
		for (i = 0; i < nk && h <= s->indexed; i++)
			nt_kruns_unkey(&s->runs, get64(p + 8 * i), h);
		n++;
	}
	if (rc != SQLITE_DONE)
		nt_db_die(&s->d, rc);
	sqlite3_reset(s->old);
	sqlite3_bind_int64(s->undoc, 1, cutoff);
	nt_db_done(&s->d, s->undoc);
	if (n > 0) {
		s->last = nt_db_int(&s->d, "SELECT max(rowid) FROM doc");
		pend_load(s);
	}
	return n;
}

void
nt_store_close(struct nt_store *s)
{
	if (s == NULL)
		return;
	if (s->d.intxn)
		nt_store_commit(s);
	nt_kruns_close(&s->runs);
	sqlite3_finalize(s->doc);
	sqlite3_finalize(s->name);
	sqlite3_finalize(s->add);
	sqlite3_finalize(s->old);
	sqlite3_finalize(s->undoc);
	nt_db_close(&s->d);
	close(s->lockfd);
	nt_buf_free(&s->blob);
	nt_buf_free(&s->id);
	nt_buf_free(&s->of);
	nt_buf_free(&s->story);
	free(s->sk);
	free(s->spsk);
	free(s->pend);
	free(s->slot);
	free(s);
}
