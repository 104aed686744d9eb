#include <err.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/buf.h"
#include "core/lock.h"
#include "dedupe/store.h"
#include "core/util.h"

/* "nDdp": what PRAGMA application_id says in an ndedupe state file. */
#define APP_ID		0x6e446470
/*
 * The format of the state, PRAGMA user_version.  2: words are the text
 * core's tokens and hashes are XXH3 (format 1 hashed words with FNV-1a:
 * its keys and sketches mean nothing to this ndedupe).
 */
#define FORMAT		2

struct nt_store {
	sqlite3		*db;
	const char	*path;
	int		 wait_ms;
	int		 intxn;
	int		 lockfd;	/* nt_statelock's, for the whole run */
	/* per key table: [0] the recent one, [1] the main one */
	sqlite3_stmt	*get[2], *setk[2], *unkey[2];
	sqlite3_stmt	*put, *doc, *name, *add, *old, *undoc, *merge;
	int64_t		 rows[2];	/* about how many keys each holds */
	struct nt_buf	 blob;		/* encoding scratch */
	struct nt_buf	 id, of;	/* what nt_store_doc returns */
	uint32_t	*sk;
	size_t		 skcap;
};

static const char schema[] =
"CREATE TABLE meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL);"
"CREATE TABLE doc("
"  seen INTEGER NOT NULL,"	/* unix time the record was stored */
"  id TEXT NOT NULL,"		/* JSON text of the record's id */
"  of TEXT,"			/* duplicate: JSON id of the record kept */
"  sim REAL,"			/* duplicate: similarity */
"  n INTEGER NOT NULL,"		/* distinct shingles */
"  nums BLOB,"			/* 32 bytes: numbers, names, a bit each */
"  sketch BLOB,"		/* bottom-k MinHash, 4 bytes a value */
"  keys BLOB NOT NULL);"	/* 8 bytes a key: rows of k to forget */
"CREATE INDEX doc_seen ON doc(seen);"
"CREATE TABLE k(key INTEGER PRIMARY KEY,"	/* the 64-bit key */
"  d1 INTEGER NOT NULL, d2 INTEGER, d3 INTEGER);"	/* newest first */
"CREATE TABLE kn(key INTEGER PRIMARY KEY,"
"  d1 INTEGER NOT NULL, d2 INTEGER, d3 INTEGER);";

/*
 * Keys are random, so an insert into a big table dirties a page of its
 * own: a commit of a batch would write nearly the whole key table once
 * the table outgrows the batch.  New keys go to the small table kn
 * instead, whose pages a batch shares, and kn is merged into k in key
 * order (each page of k written once) when it has grown to an eighth of
 * k.  A lookup asks both.  Writes per record stay flat as k grows.
 */
#define MERGE_MIN	50000

static void __attribute__((noreturn))
die(struct nt_store *s, int rc)
{
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		errx(1, "%s: in use by another run; gave up after %d s "
		    "(see --wait)", s->path, s->wait_ms / 1000);
	errx(1, "%s: %s", s->path, s->db != NULL ? sqlite3_errmsg(s->db) :
	    sqlite3_errstr(rc));
}

static void
exec(struct nt_store *s, const char *sql)
{
	int rc;

	if ((rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL)) != SQLITE_OK)
		die(s, rc);
}

static sqlite3_stmt *
prep(struct nt_store *s, const char *sql)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st, NULL);
	if (rc != SQLITE_OK)
		die(s, rc);
	return st;
}

static int64_t
pragma_int(struct nt_store *s, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	int rc;

	if ((rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL)) != SQLITE_OK)
		die(s, rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		die(s, rc);
	sqlite3_finalize(st);
	return v;
}

static void
step_done(struct nt_store *s, sqlite3_stmt *st)
{
	int rc;

	if ((rc = sqlite3_step(st)) != SQLITE_DONE)
		die(s, rc);
	sqlite3_reset(st);
}

static int64_t
meta(struct nt_store *s, const char *name)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	int rc;

	st = prep(s, "SELECT value FROM meta WHERE name = ?");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		die(s, rc);
	sqlite3_finalize(st);
	return v;
}

static void
set_meta(struct nt_store *s, const char *name, int64_t v)
{
	sqlite3_stmt *st;

	st = prep(s, "INSERT INTO meta(name, value) VALUES(?, ?)");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, v);
	step_done(s, st);
	sqlite3_finalize(st);
}

static void
set_version(struct nt_store *s)
{
	struct nt_buf b = NT_BUF_INIT;

	nt_buf_printf(&b, "PRAGMA application_id = %d; "
	    "PRAGMA user_version = %d", APP_ID, FORMAT);
	exec(s, b.p);
	nt_buf_free(&b);
}

struct nt_store *
nt_store_open(const char *path, int wait_ms, unsigned shingle,
    unsigned sketch, const char **why)
{
	struct nt_store *s;
	int64_t app, ver, v;
	int rc;

	s = nt_ecalloc(1, sizeof(*s));
	s->path = path;
	s->wait_ms = wait_ms;
	s->lockfd = nt_statelock_or_die(path, wait_ms);
	rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		die(s, rc);
	sqlite3_extended_result_codes(s->db, 0);
	sqlite3_busy_timeout(s->db, wait_ms);

	/*
	 * Decide what the file is inside a write transaction, so that two
	 * runs starting on a new file do not both create the schema.
	 */
	exec(s, "BEGIN IMMEDIATE");
	app = pragma_int(s, "PRAGMA application_id");
	ver = pragma_int(s, "PRAGMA user_version");
	if (app == 0 && ver == 0 &&
	    pragma_int(s, "SELECT count(*) FROM sqlite_schema") == 0) {
		exec(s, schema);
		set_meta(s, "shingle", shingle);
		set_meta(s, "sketch", sketch);
		set_meta(s, "kn_rows", 0);
		set_meta(s, "k_rows", 0);
		set_version(s);
	} else if (app != APP_ID)
		errx(1, "%s: not an ndedupe state file (application_id "
		    "%lld); refusing to touch it", path, (long long)app);
	else if (ver > 0 && ver < FORMAT)
		errx(1, "%s: state format %lld, from an older ndedupe that "
		    "hashed words otherwise; this one reads format %d: start "
		    "a new state file", path, (long long)ver, FORMAT);
	else if (ver != FORMAT)
		errx(1, "%s: state format %lld, this ndedupe reads format "
		    "%d", path, (long long)ver, FORMAT);
	exec(s, "COMMIT");

	/* Keys are random: a bounded cache, the OS caches the rest. */
	exec(s, "PRAGMA cache_size = -65536");
	exec(s, "PRAGMA synchronous = NORMAL");
	exec(s, "PRAGMA wal_autocheckpoint = 8192");
	exec(s, "PRAGMA journal_mode = WAL");
	exec(s, "PRAGMA journal_size_limit = 67108864");

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
	s->get[0] = prep(s, "SELECT d1, d2, d3 FROM kn WHERE key = ?");
	s->get[1] = prep(s, "SELECT d1, d2, d3 FROM k WHERE key = ?");
	s->setk[0] = prep(s, "UPDATE kn SET d1 = ?2, d2 = ?3, d3 = ?4 "
	    "WHERE key = ?1");
	s->setk[1] = prep(s, "UPDATE k SET d1 = ?2, d2 = ?3, d3 = ?4 "
	    "WHERE key = ?1");
	s->unkey[0] = prep(s, "DELETE FROM kn WHERE key = ?");
	s->unkey[1] = prep(s, "DELETE FROM k WHERE key = ?");
	s->put = prep(s, "INSERT INTO kn(key, d1) VALUES(?1, ?2) "
	    "ON CONFLICT(key) DO UPDATE SET d3 = d2, d2 = d1, d1 = ?2");
	/* kn's holders first, then k's, three at most. */
	s->merge = prep(s, "INSERT INTO k(key, d1, d2, d3) "
	    "SELECT key, d1, d2, d3 FROM kn WHERE true ORDER BY key "
	    "ON CONFLICT(key) DO UPDATE SET d1 = excluded.d1, "
	    "d2 = coalesce(excluded.d2, k.d1), "
	    "d3 = CASE WHEN excluded.d3 IS NOT NULL THEN excluded.d3 "
	    "WHEN excluded.d2 IS NOT NULL THEN k.d1 ELSE k.d2 END");
	s->rows[0] = meta(s, "kn_rows");
	s->rows[1] = meta(s, "k_rows");
	s->doc = prep(s, "SELECT id, of, sim, n, nums, sketch FROM doc "
	    "WHERE rowid = ?");
	s->name = prep(s, "SELECT id, of, sim FROM doc WHERE rowid = ?");
	s->add = prep(s, "INSERT INTO doc(seen, id, of, sim, n, nums, "
	    "sketch, keys) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
	s->old = prep(s, "SELECT rowid, keys FROM doc WHERE seen < ?");
	s->undoc = prep(s, "DELETE FROM doc WHERE seen < ?");
	return s;
}

int
nt_store_begin(struct nt_store *s)
{
	if (s->intxn)
		return 0;
	exec(s, "BEGIN IMMEDIATE");
	s->intxn = 1;
	return 1;
}

int64_t
nt_store_last(struct nt_store *s)
{
	return pragma_int(s, "SELECT max(rowid) FROM doc");
}

static void
put_meta(struct nt_store *s, const char *name, int64_t v)
{
	sqlite3_stmt *st;

	st = prep(s, "INSERT INTO meta(name, value) VALUES(?, ?) "
	    "ON CONFLICT(name) DO UPDATE SET value = excluded.value");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, v);
	step_done(s, st);
	sqlite3_finalize(st);
}

void
nt_store_commit(struct nt_store *s)
{
	if (!s->intxn)
		return;
	put_meta(s, "kn_rows", s->rows[0]);
	exec(s, "COMMIT");
	s->intxn = 0;
	if (s->rows[0] < MERGE_MIN || s->rows[0] < s->rows[1] / 8)
		return;
	/* A transaction of its own: a crash in it loses nothing. */
	exec(s, "BEGIN IMMEDIATE");
	step_done(s, s->merge);
	exec(s, "DELETE FROM kn");
	s->rows[1] += s->rows[0];
	s->rows[0] = 0;
	put_meta(s, "kn_rows", 0);
	put_meta(s, "k_rows", s->rows[1]);
	exec(s, "COMMIT");
}

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
		die(s, rc);
	sqlite3_reset(st);
	return n;
}

size_t
nt_store_get(struct nt_store *s, uint64_t key, int64_t *out, size_t max)
{
	int64_t h[6];
	size_t n, i;

	n = holders(s, 0, key, h);
	n += holders(s, 1, key, h + n);
	for (i = 0; i < n && i < max; i++)
		out[i] = h[i];
	return i;
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
		step_done(s, s->unkey[t]);
		return;
	}
	sqlite3_bind_int64(s->setk[t], 1, (int64_t)key);
	for (i = 0; i < 3; i++)
		if (i < m)
			sqlite3_bind_int64(s->setk[t], (int)i + 2, keep[i]);
		else
			sqlite3_bind_null(s->setk[t], (int)i + 2);
	step_done(s, s->setk[t]);
}

static void
copy_text(struct nt_buf *b, sqlite3_stmt *st, int col)
{
	nt_buf_reset(b);
	nt_buf_add(b, sqlite3_column_text(st, col),
	    (size_t)sqlite3_column_bytes(st, col));
}

int
nt_store_doc(struct nt_store *s, int64_t h, int whole, struct nt_sdoc *d)
{
	sqlite3_stmt *st = whole ? s->doc : s->name;
	const unsigned char *p;
	size_t n, i, k;
	int rc;

	memset(d, 0, sizeof(*d));
	sqlite3_bind_int64(st, 1, h);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	if (rc != SQLITE_ROW)
		die(s, rc);
	copy_text(&s->id, st, 0);
	d->id = s->id.p;
	d->idlen = s->id.len;
	if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
		copy_text(&s->of, st, 1);
		d->of = s->of.p;
		d->oflen = s->of.len;
		d->sim = sqlite3_column_double(st, 2);
	}
	if (whole) {
		d->n = (uint32_t)sqlite3_column_int64(st, 3);
		p = sqlite3_column_blob(st, 4);
		k = p == NULL ? 0 : (size_t)sqlite3_column_bytes(st, 4) / 8;
		for (i = 0; i < k && i < 4; i++)
			d->nums[i] = get64(p + 8 * i);
		p = sqlite3_column_blob(st, 5);
		n = (size_t)sqlite3_column_bytes(st, 5) / 4;
		if (n > s->skcap) {
			s->skcap = n;
			s->sk = nt_ereallocarray(s->sk, n, sizeof(*s->sk));
		}
		for (i = 0; i < n; i++)
			s->sk[i] = get32(p + 4 * i);
		d->sketch = s->sk;
		d->nsketch = (uint32_t)n;
	}
	sqlite3_reset(st);
	return 1;
}

int64_t
nt_store_add(struct nt_store *s, const struct nt_sdoc *d, int64_t seen,
    const uint64_t *keys, size_t nkeys)
{
	unsigned char *p;
	size_t i, off;
	int64_t h;

	nt_buf_reset(&s->blob);
	nt_buf_grow(&s->blob, 32 + 4 * (size_t)d->nsketch + 8 * nkeys);
	p = (unsigned char *)s->blob.p;
	put64(p, d->nums[0]);
	put64(p + 8, d->nums[1]);
	put64(p + 16, d->nums[2]);
	put64(p + 24, d->nums[3]);
	off = 32;
	for (i = 0; i < d->nsketch; i++, off += 4)
		put32(p + off, d->sketch[i]);
	for (i = 0; i < nkeys; i++, off += 8)
		put64(p + off, keys[i]);

	sqlite3_bind_int64(s->add, 1, seen);
	sqlite3_bind_text(s->add, 2, d->id, (int)d->idlen, SQLITE_STATIC);
	if (d->of != NULL) {
		sqlite3_bind_text(s->add, 3, d->of, (int)d->oflen,
		    SQLITE_STATIC);
		sqlite3_bind_double(s->add, 4, d->sim);
		sqlite3_bind_null(s->add, 6);
		sqlite3_bind_null(s->add, 7);
	} else {
		sqlite3_bind_null(s->add, 3);
		sqlite3_bind_null(s->add, 4);
		sqlite3_bind_blob(s->add, 6, p, 32, SQLITE_STATIC);
		sqlite3_bind_blob(s->add, 7, p + 32,
		    (int)(4 * (size_t)d->nsketch), SQLITE_STATIC);
	}
	sqlite3_bind_int64(s->add, 5, d->n);
	sqlite3_bind_blob(s->add, 8, p + 32 + 4 * (size_t)d->nsketch,
	    (int)(8 * nkeys), SQLITE_STATIC);
	step_done(s, s->add);
	h = sqlite3_last_insert_rowid(s->db);
	for (i = 0; i < nkeys; i++) {
		sqlite3_bind_int64(s->put, 1, (int64_t)keys[i]);
		sqlite3_bind_int64(s->put, 2, h);
		step_done(s, s->put);
	}
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
		die(s, rc);
	sqlite3_reset(s->old);
	sqlite3_bind_int64(s->undoc, 1, cutoff);
	step_done(s, s->undoc);
	return n;
}

void
nt_store_close(struct nt_store *s)
{
	int i;

	if (s == NULL)
		return;
	if (s->intxn)
		nt_store_commit(s);
	for (i = 0; i < 2; i++) {
		sqlite3_finalize(s->get[i]);
		sqlite3_finalize(s->setk[i]);
		sqlite3_finalize(s->unkey[i]);
	}
	sqlite3_finalize(s->put);
	sqlite3_finalize(s->merge);
	sqlite3_finalize(s->doc);
	sqlite3_finalize(s->name);
	sqlite3_finalize(s->add);
	sqlite3_finalize(s->old);
	sqlite3_finalize(s->undoc);
	if (sqlite3_close(s->db) != SQLITE_OK)
		errx(1, "%s: %s", s->path, sqlite3_errmsg(s->db));
	close(s->lockfd);
	nt_buf_free(&s->blob);
	nt_buf_free(&s->id);
	nt_buf_free(&s->of);
	free(s->sk);
	free(s);
}
