#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/db.h"
#include "core/lock.h"
#include "core/seen.h"
#include "core/util.h"

/* "nSen": what PRAGMA application_id says in a set of seen keys. */
#define APP_ID		0x6e53656e
#define FORMAT		1

static const struct nt_dbkind kind = {
	APP_ID, FORMAT, NULL, "a state file of seen ids",
	"CREATE TABLE seen(key TEXT PRIMARY KEY, first INTEGER NOT NULL) "
	"WITHOUT ROWID;"
	"CREATE INDEX seen_first ON seen(first);",
	NULL, 0, 0, NULL
};

struct nt_seen {
	struct nt_db	 d;
	int		 lockfd;	/* nt_statelock's, until closed */
	sqlite3_stmt	*has, *add, *old;
};

struct nt_seen *
nt_seen_open(const char *path, const char *prog, int wait_ms,
    struct nt_buf *holder)
{
	struct nt_dbkind k = kind;
	struct nt_seen *s;

	s = nt_ecalloc(1, sizeof(*s));
	if ((s->lockfd = nt_statelock(path, wait_ms, holder)) == -2) {
		free(s);
		return NULL;
	}
	if (s->lockfd < 0)
		nt_fatal("%s.lock", path);
	k.prog = prog;
	nt_db_open(&s->d, path, wait_ms, &k, NULL, NULL);
	s->has = nt_db_prep(&s->d, "SELECT 1 FROM seen WHERE key = ?");
	s->add = nt_db_prep(&s->d, "INSERT INTO seen(key, first) "
	    "VALUES(?, ?) ON CONFLICT(key) DO NOTHING");
	s->old = nt_db_prep(&s->d, "DELETE FROM seen WHERE first < ?");
	return s;
}

int
nt_seen_has(struct nt_seen *s, const char *key, size_t n)
{
	int rc;

	sqlite3_bind_text(s->has, 1, key, (int)n, SQLITE_STATIC);
	rc = sqlite3_step(s->has);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		nt_db_die(&s->d, rc);
	sqlite3_reset(s->has);
	return rc == SQLITE_ROW;
}

void
nt_seen_add(struct nt_seen *s, const char *key, size_t n, int64_t now)
{
	nt_db_begin(&s->d);
	sqlite3_bind_text(s->add, 1, key, (int)n, SQLITE_STATIC);
	sqlite3_bind_int64(s->add, 2, now);
	nt_db_done(&s->d, s->add);
}

void
nt_seen_commit(struct nt_seen *s)
{
	nt_db_commit(&s->d);
}

uint64_t
nt_seen_expire(struct nt_seen *s, int64_t cutoff)
{
	uint64_t n;

	nt_db_begin(&s->d);
	sqlite3_bind_int64(s->old, 1, cutoff);
	nt_db_done(&s->d, s->old);
	n = (uint64_t)sqlite3_changes64(s->d.db);
	nt_db_commit(&s->d);
	return n;
}

uint64_t
nt_seen_count(struct nt_seen *s)
{
	return (uint64_t)nt_db_int(&s->d, "SELECT count(*) FROM seen");
}

void
nt_seen_close(struct nt_seen *s)
{
	if (s == NULL)
		return;
	if (s->d.intxn)
		nt_db_exec(&s->d, "ROLLBACK");
	sqlite3_finalize(s->has);
	sqlite3_finalize(s->add);
	sqlite3_finalize(s->old);
	nt_db_close(&s->d);
	close(s->lockfd);
	free(s);
}
