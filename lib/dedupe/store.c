#include <err.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/lock.h"
#include "dedupe/bloom.h"
#include "dedupe/store.h"
#include "core/util.h"

/* "nDdp": what PRAGMA application_id says in an ndedupe state file. */
#define APP_ID		0x6e446470
/*
 * The format of the state, PRAGMA user_version.  3: spot keys and
 * stories beside the word keys.  2: words are the text core's tokens and
 * hashes are XXH3, no spots.  1: words hashed with FNV-1a.  The keys and
 * sketches of an older format mean nothing to this ndedupe.
 */
#define FORMAT		3

/*
 * A key written in the open transaction: kept here, sorted by key and
 * written out at commit, so that a batch writes the key table in key
 * order (each page it touches once) rather than at random.
 */
struct pend {
	uint64_t	 key;
	int64_t		 doc;
	uint32_t	 seq;		/* order written */
	uint32_t	 older;		/* 1 + the previous one with this key */
};

struct nt_store {
	struct nt_db	 d;
	int		 lockfd;	/* nt_statelock's, for the whole run */
	/* per key table: [0] the recent one, [1] the main one */
	sqlite3_stmt	*get[2], *setk[2], *unkey[2];
	sqlite3_stmt	*put, *doc, *name, *add, *old, *undoc, *merge;
	int64_t		 rows[2];	/* about how many keys each holds */
	struct nt_buf	 blob;		/* encoding scratch */
	struct nt_buf	 id, of, story;	/* what nt_store_doc returns */
	uint32_t	*sk, *spsk;
	size_t		 skcap, spcap;
	struct pend	*pend;		/* keys not yet written */
	size_t		 npend, pcap;
	uint32_t	*pidx;		/* key -> 1 + its newest in pend */
	size_t		 picap;
	struct nt_bloom	 kb;		/* the keys of k and kn (see KB_CHUNK) */
	int64_t		 merges;	/* which merge kb was made at */
	sqlite3_stmt	*keys;		/* every key of k, for kb */
	sqlite3_stmt	*knkeys;	/* every key of kn, for kb */
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
"  fhash INTEGER,"		/* kept: hash of its furniture lines */
"  n INTEGER NOT NULL,"		/* distinct shingles */
"  nums BLOB,"			/* masks of word numbers, names and
				   synonyms (48 bytes), spot marks */
"  sketch BLOB,"		/* bottom-k MinHash, 4 bytes a value */
"  spn INTEGER,"		/* distinct spots */
"  spsk BLOB,"			/* their bottom-k sketch, the words' after */
"  wn INTEGER,"			/* distinct content words */
"  keys BLOB NOT NULL);"	/* 8 bytes a key: rows of k to forget */
"CREATE INDEX doc_seen ON doc(seen);"
"CREATE TABLE k(key INTEGER PRIMARY KEY,"	/* the 64-bit key */
"  d1 INTEGER NOT NULL, d2 INTEGER, d3 INTEGER);"	/* newest first */
"CREATE TABLE kn(key INTEGER PRIMARY KEY,"
"  d1 INTEGER NOT NULL, d2 INTEGER, d3 INTEGER);"
"CREATE TABLE kb(n INTEGER PRIMARY KEY,"	/* a Bloom filter of k's keys, */
"  bits BLOB NOT NULL);";			/* in chunks of KB_CHUNK words */

static const struct nt_dbkind kind = {
	APP_ID, FORMAT, "ndedupe", "an ndedupe state file", schema,
	"made by an older ndedupe (other word hashes, no spots or stories)"
};

/*
 * Keys are random, so an insert into a big table dirties a page of its
 * own: a commit of a batch would write nearly the whole key table once
 * the table outgrows the batch.  New keys go to the small table kn
 * instead, whose pages a batch shares, and kn is merged into k in key
 * order (each page of k written once) when it has grown to an eighth of
 * k.  A lookup asks both.  Writes per record stay flat as k grows.
 */
#define MERGE_MIN	50000

/*
 * A look-up that k or kn cannot answer from pages in memory reads one:
 * at a million stories k, and kn at an eighth of it, no longer fit
 * SQLite's cache, and most keys looked up are new.  kb, a Bloom filter
 * of k's keys (10 bits a key, with room for an eighth more), is made at
 * each merge and kept in the state; it is read whole when the state is
 * opened (or another run merged or committed since), kn's keys are
 * added to it then and as batches commit, and it says "in neither" from
 * memory for all but 2% of the keys never seen.
 */
#define KB_CHUNK	131072
/* Keys the filter has room for, at least, before the first merge. */
#define KB_MIN		(4 * MERGE_MIN)

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
	put_meta(d, "kn_rows", 0);
	put_meta(d, "k_rows", 0);
}

/* Add every key of kn to kb. */
static void
kb_add_kn(struct nt_store *s)
{
	int rc;

	while ((rc = sqlite3_step(s->knkeys)) == SQLITE_ROW)
		nt_bloom_add(&s->kb,
		    (uint64_t)sqlite3_column_int64(s->knkeys, 0));
	if (rc != SQLITE_DONE)
		nt_db_die(&s->d, rc);
	sqlite3_reset(s->knkeys);
}

/*
 * Read kb as the last merge left it, then add kn's keys to it: the
 * filter answers for both tables.  Before the first merge k is empty
 * and kb is made here, with room for the keys to come.
 */
static void
kb_load(struct nt_store *s)
{
	sqlite3_stmt *st;
	const unsigned char *p;
	size_t off = 0, n, i;
	int64_t want;
	int rc;

	nt_bloom_free(&s->kb);
	/* meta() is -1 for a name not there: no merge yet. */
	if ((s->merges = meta(s, "merges")) < 0)
		s->merges = 0;
	s->rows[0] = meta(s, "kn_rows");
	s->rows[1] = meta(s, "k_rows");
	if (s->merges <= 0) {
		want = 2 * s->rows[0];
		nt_bloom_init(&s->kb, (uint64_t)(want > KB_MIN ? want : KB_MIN));
		kb_add_kn(s);
		return;
	}
	nt_bloom_init(&s->kb, (uint64_t)meta(s, "kb_keys"));
	st = nt_db_prep(&s->d, "SELECT bits FROM kb ORDER BY n");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p = sqlite3_column_blob(st, 0);
		n = (size_t)sqlite3_column_bytes(st, 0) / 8;
		for (i = 0; i < n && off < nt_bloom_words(&s->kb); i++)
			s->kb.w[off++] = get64(p + 8 * i);
	}
	if (rc != SQLITE_DONE)
		nt_db_die(&s->d, rc);
	sqlite3_finalize(st);
	if (off != nt_bloom_words(&s->kb))
		errx(1, "%s: damaged key filter (%zu words of %zu)", s->d.path,
		    off, nt_bloom_words(&s->kb));
	kb_add_kn(s);
}

struct nt_store *
nt_store_open(const char *path, int wait_ms, unsigned shingle,
    unsigned sketch, const char **why)
{
	struct fresh f = { shingle, sketch };
	struct nt_store *s;
	struct nt_db *d;
	int64_t v;

	s = nt_ecalloc(1, sizeof(*s));
	d = &s->d;
	s->lockfd = nt_statelock_or_die(path, wait_ms);
	nt_db_open(d, path, wait_ms, &kind, fill, &f);
	/* Keys are random: a bounded cache, the OS caches the rest. */
	nt_db_exec(d, "PRAGMA cache_size = -65536");
	nt_db_exec(d, "PRAGMA wal_autocheckpoint = 8192");
	nt_db_exec(d, "PRAGMA journal_size_limit = 67108864");

	if ((v = meta(s, "shingle")) != (int64_t)shingle) {
		*why = "shingle";
		nt_store_close(s);
		return NULL;
	}
	if ((v = meta(s, "sketch")) != (int64_t)sketch) {
		*why = "sketch";
		nt_store_close(s);
		return NULL;
	}
	s->get[0] = nt_db_prep(d, "SELECT d1, d2, d3 FROM kn WHERE key = ?");
	s->get[1] = nt_db_prep(d, "SELECT d1, d2, d3 FROM k WHERE key = ?");
	s->setk[0] = nt_db_prep(d, "UPDATE kn SET d1 = ?2, d2 = ?3, d3 = ?4 "
	    "WHERE key = ?1");
	s->setk[1] = nt_db_prep(d, "UPDATE k SET d1 = ?2, d2 = ?3, d3 = ?4 "
	    "WHERE key = ?1");
	s->unkey[0] = nt_db_prep(d, "DELETE FROM kn WHERE key = ?");
	s->unkey[1] = nt_db_prep(d, "DELETE FROM k WHERE key = ?");
	s->put = nt_db_prep(d, "INSERT INTO kn(key, d1) VALUES(?1, ?2) "
	    "ON CONFLICT(key) DO UPDATE SET d3 = d2, d2 = d1, d1 = ?2");
	/* kn's holders first, then k's, three at most. */
	s->merge = nt_db_prep(d, "INSERT INTO k(key, d1, d2, d3) "
	    "SELECT key, d1, d2, d3 FROM kn WHERE true ORDER BY key "
	    "ON CONFLICT(key) DO UPDATE SET d1 = excluded.d1, "
	    "d2 = coalesce(excluded.d2, k.d1), "
	    "d3 = CASE WHEN excluded.d3 IS NOT NULL THEN excluded.d3 "
	    "WHEN excluded.d2 IS NOT NULL THEN k.d1 ELSE k.d2 END");
	s->rows[0] = meta(s, "kn_rows");
	s->rows[1] = meta(s, "k_rows");
	s->keys = nt_db_prep(d, "SELECT key FROM k");
	s->knkeys = nt_db_prep(d, "SELECT key FROM kn");
	kb_load(s);
	s->doc = nt_db_prep(d, "SELECT id, of, story, sim, cont, kind, fhash, "
	    "nums, n, sketch, spn, spsk, wn FROM doc WHERE rowid = ?");
	s->name = nt_db_prep(d, "SELECT id, of, story, sim, cont, kind, fhash, "
	    "nums FROM doc WHERE rowid = ?");
	s->add = nt_db_prep(d, "INSERT INTO doc(seen, id, of, story, sim, cont, "
	    "kind, fhash, n, nums, sketch, spn, spsk, keys, wn) "
	    "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	s->old = nt_db_prep(d, "SELECT rowid, keys FROM doc WHERE seen < ?");
	s->undoc = nt_db_prep(d, "DELETE FROM doc WHERE seen < ?");
	return s;
}

static size_t
pslot(const struct nt_store *s, uint64_t key)
{
	size_t i = (size_t)(key ^ key >> 29) & (s->picap - 1);

	while (s->pidx[i] != 0 && s->pend[s->pidx[i] - 1].key != key)
		i = (i + 1) & (s->picap - 1);
	return i;
}

static void
pend_index(struct nt_store *s)
{
	size_t i, j;

	free(s->pidx);
	s->pidx = nt_ecalloc(s->picap, sizeof(*s->pidx));
	for (i = 0; i < s->npend; i++) {
		j = pslot(s, s->pend[i].key);
		s->pend[i].older = s->pidx[j];
		s->pidx[j] = (uint32_t)(i + 1);
	}
}

static void
pend_add(struct nt_store *s, uint64_t key, int64_t doc)
{
	size_t j;

	if (s->npend >= UINT32_MAX - 1)
		nt_fatalx("%s: too many keys in one batch", s->d.path);
	if (s->npend == s->pcap) {
		s->pcap = s->pcap ? s->pcap * 2 : 4096;
		s->pend = nt_ereallocarray(s->pend, s->pcap, sizeof(*s->pend));
	}
	if (2 * (s->npend + 1) > s->picap) {
		s->picap = s->picap ? s->picap * 2 : 8192;
		pend_index(s);
	}
	j = pslot(s, key);
	s->pend[s->npend].key = key;
	s->pend[s->npend].doc = doc;
	s->pend[s->npend].seq = (uint32_t)s->npend;
	s->pend[s->npend].older = s->pidx[j];
	s->pidx[j] = (uint32_t)++s->npend;
}

static int
pend_cmp(const void *a, const void *b)
{
	const struct pend *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Write the pending keys in key order, each key's in the order written. */
static void
pend_flush(struct nt_store *s)
{
	size_t i;

	if (s->npend == 0)
		return;
	qsort(s->pend, s->npend, sizeof(*s->pend), pend_cmp);
	for (i = 0; i < s->npend; i++) {
		sqlite3_bind_int64(s->put, 1, (int64_t)s->pend[i].key);
		sqlite3_bind_int64(s->put, 2, s->pend[i].doc);
		nt_db_done(&s->d, s->put);
		nt_bloom_add(&s->kb, s->pend[i].key);
	}
	s->npend = 0;
	if (s->pidx != NULL)
		memset(s->pidx, 0, s->picap * sizeof(*s->pidx));
}

int
nt_store_begin(struct nt_store *s)
{
	int64_t m;

	if (!nt_db_begin(&s->d))
		return 0;
	/*
	 * Another run merged, or committed keys: kb no longer knows them
	 * all, and the counts moved.
	 */
	m = meta(s, "merges");
	if ((m < 0 ? 0 : m) != s->merges || meta(s, "kn_rows") != s->rows[0])
		kb_load(s);
	return 1;
}

int64_t
nt_store_last(struct nt_store *s)
{
	return nt_db_int(&s->d, "SELECT max(rowid) FROM doc");
}

/* Make kb anew from k's keys and write it: part of a merge. */
static void
kb_make(struct nt_store *s)
{
	struct nt_buf b = NT_BUF_INIT;
	sqlite3_stmt *st;
	size_t i, j, n;
	int64_t nk = s->rows[1] > 0 ? s->rows[1] : 1;
	int rc;

	/* Room for the keys that kn takes until the next merge (k/8). */
	nk += nk / 8;
	nt_bloom_free(&s->kb);
	nt_bloom_init(&s->kb, (uint64_t)nk);
	while ((rc = sqlite3_step(s->keys)) == SQLITE_ROW)
		nt_bloom_add(&s->kb, (uint64_t)sqlite3_column_int64(s->keys, 0));
	if (rc != SQLITE_DONE)
		nt_db_die(&s->d, rc);
	sqlite3_reset(s->keys);
	nt_db_exec(&s->d, "DELETE FROM kb");
	st = nt_db_prep(&s->d, "INSERT INTO kb(n, bits) VALUES(?, ?)");
	n = nt_bloom_words(&s->kb);
	for (i = 0; i < n; i += KB_CHUNK) {
		nt_buf_reset(&b);
		nt_buf_grow(&b, 8 * KB_CHUNK);
		for (j = i; j < n && j < i + KB_CHUNK; j++)
			put64((unsigned char *)b.p + 8 * (j - i), s->kb.w[j]);
		sqlite3_bind_int64(st, 1, (int64_t)(i / KB_CHUNK));
		sqlite3_bind_blob(st, 2, b.p, (int)(8 * (j - i)), SQLITE_STATIC);
		nt_db_done(&s->d, st);
	}
	sqlite3_finalize(st);
	nt_buf_free(&b);
	put_meta(&s->d, "kb_keys", nk);
	put_meta(&s->d, "merges", ++s->merges);
}

void
nt_store_commit(struct nt_store *s)
{
	if (!s->d.intxn)
		return;
	pend_flush(s);
	put_meta(&s->d, "kn_rows", s->rows[0]);
	nt_db_commit(&s->d);
	if (s->rows[0] < MERGE_MIN || s->rows[0] < s->rows[1] / 8)
		return;
	/* A transaction of its own: a crash in it loses nothing. */
	nt_db_exec(&s->d, "BEGIN IMMEDIATE");
	nt_db_done(&s->d, s->merge);
	nt_db_exec(&s->d, "DELETE FROM kn");
	s->rows[1] += s->rows[0];
	s->rows[0] = 0;
	put_meta(&s->d, "kn_rows", 0);
	put_meta(&s->d, "k_rows", s->rows[1]);
	kb_make(s);
	nt_db_exec(&s->d, "COMMIT");
}

/* The holders of key in table t, newest first; how many (0 to 3). */
static size_t
holders(struct nt_store *s, int t, uint64_t key, int64_t *out)
{
	sqlite3_stmt *st = s->get[t];
	size_t n = 0;
	int rc, i;

	sqlite3_bind_int64(st, 1, (int64_t)key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		for (i = 0; i < 3; i++)
			if (sqlite3_column_type(st, i) != SQLITE_NULL)
				out[n++] = sqlite3_column_int64(st, i);
	} else if (rc != SQLITE_DONE)
		nt_db_die(&s->d, rc);
	sqlite3_reset(st);
	return n;
}

size_t
nt_store_get(struct nt_store *s, uint64_t key, int64_t *out, size_t max)
{
	int64_t h[6];
	size_t n = 0, nh, i;
	uint32_t l;

	/* A key has its three newest holders, wherever they are. */
	if (max > 3)
		max = 3;
	/* Newest first: this batch's, then kn's, then k's. */
	if (s->npend > 0)
		for (l = s->pidx[pslot(s, key)]; l != 0 && n < max;
		    l = s->pend[l - 1].older)
			out[n++] = s->pend[l - 1].doc;
	if (n >= max)
		return n;
	if (!nt_bloom_maybe(&s->kb, key))
		return n;
	nh = holders(s, 0, key, h);
	nh += holders(s, 1, key, h + nh);
	for (i = 0; i < nh && n < max; i++)
		out[n++] = h[i];
	return n;
}

/* Take doc off key's list in table t. */
static void
unkey(struct nt_store *s, int t, uint64_t key, int64_t doc)
{
	int64_t h[3], keep[3];
	size_t n, m = 0, i;

	n = holders(s, t, key, h);
	for (i = 0; i < n; i++)
		if (h[i] != doc)
			keep[m++] = h[i];
	if (m == n)
		return;
	if (m == 0) {
		sqlite3_bind_int64(s->unkey[t], 1, (int64_t)key);
		nt_db_done(&s->d, s->unkey[t]);
		return;
	}
	sqlite3_bind_int64(s->setk[t], 1, (int64_t)key);
	for (i = 0; i < 3; i++)
		if (i < m)
			sqlite3_bind_int64(s->setk[t], (int)i + 2, keep[i]);
		else
			sqlite3_bind_null(s->setk[t], (int)i + 2);
	nt_db_done(&s->d, s->setk[t]);
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

/* Lay out a kept record's blobs in s->blob: nums, sketch, spsk, keys. */
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
	} else {
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
	for (i = 0; i < nkeys; i++)
		pend_add(s, keys[i], h);
	s->rows[0] += (int64_t)nkeys;
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
		for (i = 0; i < nk; i++) {
			unkey(s, 0, get64(p + 8 * i), h);
			unkey(s, 1, get64(p + 8 * i), h);
		}
		n++;
	}
	if (rc != SQLITE_DONE)
		nt_db_die(&s->d, rc);
	sqlite3_reset(s->old);
	sqlite3_bind_int64(s->undoc, 1, cutoff);
	nt_db_done(&s->d, s->undoc);
	return n;
}

void
nt_store_close(struct nt_store *s)
{
	int i;

	if (s == NULL)
		return;
	if (s->d.intxn)
		nt_store_commit(s);
	for (i = 0; i < 2; i++) {
		sqlite3_finalize(s->get[i]);
		sqlite3_finalize(s->setk[i]);
		sqlite3_finalize(s->unkey[i]);
	}
	sqlite3_finalize(s->put);
	sqlite3_finalize(s->keys);
	sqlite3_finalize(s->knkeys);
	sqlite3_finalize(s->merge);
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
	free(s->pidx);
	nt_bloom_free(&s->kb);
	free(s);
}
