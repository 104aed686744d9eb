#include <err.h>
#include <stdlib.h>

#include "core/buf.h"
#include "core/db.h"

void
nt_db_die(const struct nt_db *d, int rc)
{
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		errx(1, "%s: in use by another run; gave up after %d s "
		    "(see --wait)", d->path, d->wait_ms / 1000);
	errx(1, "%s: %s", d->path, d->db != NULL ? sqlite3_errmsg(d->db) :
	    sqlite3_errstr(rc));
}

void
nt_db_exec(struct nt_db *d, const char *sql)
{
	int rc;

	if ((rc = sqlite3_exec(d->db, sql, NULL, NULL, NULL)) != SQLITE_OK)
		nt_db_die(d, rc);
}

sqlite3_stmt *
nt_db_prep(struct nt_db *d, const char *sql)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v3(d->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st, NULL);
	if (rc != SQLITE_OK)
		nt_db_die(d, rc);
	return st;
}

void
nt_db_done(struct nt_db *d, sqlite3_stmt *st)
{
	int rc;

	if ((rc = sqlite3_step(st)) != SQLITE_DONE)
		nt_db_die(d, rc);
	sqlite3_reset(st);
}

int64_t
nt_db_int(struct nt_db *d, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	int rc;

	if ((rc = sqlite3_prepare_v2(d->db, sql, -1, &st, NULL)) != SQLITE_OK)
		nt_db_die(d, rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		nt_db_die(d, rc);
	sqlite3_finalize(st);
	return v;
}

/* Is the file new: no id, no version, no tables? */
static int
empty(struct nt_db *d, int64_t app, int64_t ver)
{
	return app == 0 && ver == 0 &&
	    nt_db_int(d, "SELECT count(*) FROM sqlite_schema") == 0;
}

void
nt_db_open(struct nt_db *d, const char *path, int wait_ms,
    const struct nt_dbkind *k, void (*init)(struct nt_db *, void *),
    void *arg)
{
	struct nt_buf b = NT_BUF_INIT;
	int64_t app, ver;
	int rc;

	d->db = NULL;
	d->path = path;
	d->wait_ms = wait_ms;
	d->intxn = 0;
	rc = sqlite3_open_v2(path, &d->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		nt_db_die(d, rc);
	sqlite3_extended_result_codes(d->db, 0);
	sqlite3_busy_timeout(d->db, wait_ms);

	if (k->page_size > 0) {
		nt_buf_printf(&b, "PRAGMA page_size = %d", k->page_size);
		nt_db_exec(d, b.p);
		nt_buf_free(&b);
	}
	/* What the file is, decided inside a write transaction. */
	nt_db_exec(d, "BEGIN IMMEDIATE");
	app = nt_db_int(d, "PRAGMA application_id");
	ver = nt_db_int(d, "PRAGMA user_version");
	if (empty(d, app, ver)) {
		nt_db_exec(d, k->schema);
		nt_buf_printf(&b, "PRAGMA application_id = %d; "
		    "PRAGMA user_version = %d", (int)k->app_id, k->format);
		nt_db_exec(d, b.p);
		nt_buf_free(&b);
		if (init != NULL)
			init(d, arg);
	} else if (app != k->app_id)
		errx(1, "%s: not %s (application_id %lld); refusing to "
		    "touch it", path, k->what, (long long)app);
	else if (k->upgrade != NULL && ver == k->upgrade_from) {
		nt_db_exec(d, k->upgrade);
		nt_buf_printf(&b, "PRAGMA user_version = %d", k->format);
		nt_db_exec(d, b.p);
		nt_buf_free(&b);
	} else if (ver > 0 && ver < k->format && k->older != NULL)
		errx(1, "%s: state format %lld, %s; this one reads format "
		    "%d: start a new state file", path, (long long)ver,
		    k->older, k->format);
	else if (ver != k->format)
		errx(1, "%s: state format %lld, this %s reads format %d",
		    path, (long long)ver, k->prog, k->format);
	nt_db_exec(d, "COMMIT");

	nt_db_exec(d, "PRAGMA synchronous = NORMAL");
	nt_db_exec(d, "PRAGMA journal_mode = WAL");
}

int
nt_db_begin(struct nt_db *d)
{
	if (d->intxn)
		return 0;
	nt_db_exec(d, "BEGIN IMMEDIATE");
	d->intxn = 1;
	return 1;
}

void
nt_db_commit(struct nt_db *d)
{
	if (!d->intxn)
		return;
	nt_db_exec(d, "COMMIT");
	d->intxn = 0;
}

void
nt_db_close(struct nt_db *d)
{
	if (d->db == NULL)
		return;
	if (sqlite3_close(d->db) != SQLITE_OK)
		errx(1, "%s: %s", d->path, sqlite3_errmsg(d->db));
	d->db = NULL;
}
