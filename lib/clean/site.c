/*
 * The state is three tables: site (a name for each site, so the others
 * hold an integer), page (the pages each site has shown, by their key)
 * and line (for each site and line key, on how many distinct pages it
 * was seen, and when last).  Both keyed tables are WITHOUT ROWID on
 * (site, key), so a lookup and a count are one B-tree search each.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>
#include <xxhash.h>

#include "clean/site.h"
#include "core/lock.h"
#include "core/util.h"

/* "nCls": what PRAGMA application_id says in an nclean state file. */
#define APP_ID		0x6e436c73
#define FORMAT		1

/* Words folded into one: month and day names, in English. */
static const char *const folded[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december", "jan",
	"feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
	"dec", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thurs",
	"fri", "sat", "sun", "am", "pm", "today", "yesterday",
};
#define NFOLDED	(sizeof(folded) / sizeof(folded[0]))

struct nt_site {
	sqlite3		*db;
	const char	*path;
	int		 wait_ms;
	int		 lockfd;	/* nt_statelock's, until closed */
	int		 intxn;
	int64_t		 now;
	uint64_t	 fold[NFOLDED];
	sqlite3_stmt	*site_get, *site_add, *page_get, *page_add, *page_seen;
	sqlite3_stmt	*line_get, *line_add;
	struct nt_buf	 name;		/* the last site asked about */
	int64_t		 id;
	size_t		*order;		/* scratch: keys in key order */
	size_t		 ordercap;
	const uint64_t	*sorting;	/* the keys being put in order */
};

static const char schema[] =
"CREATE TABLE meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL);"
"CREATE TABLE site(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
"CREATE TABLE page(site INTEGER NOT NULL, h INTEGER NOT NULL,"
"  seen INTEGER NOT NULL, PRIMARY KEY(site, h)) WITHOUT ROWID;"
"CREATE TABLE line(site INTEGER NOT NULL, h INTEGER NOT NULL,"
"  pages INTEGER NOT NULL,"	/* distinct pages it was seen on */
"  seen INTEGER NOT NULL,"	/* unix time it was last seen */
"  PRIMARY KEY(site, h)) WITHOUT ROWID;";

static void __attribute__((noreturn))
die(const struct nt_site *s, int rc)
{
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		errx(1, "%s: in use by another run; gave up after %d s",
		    s->path, s->wait_ms / 1000);
	errx(1, "%s: %s", s->path, s->db != NULL ? sqlite3_errmsg(s->db) :
	    sqlite3_errstr(rc));
}

static void
exec(struct nt_site *s, const char *sql)
{
	int rc;

	if ((rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL)) != SQLITE_OK)
		die(s, rc);
}

static sqlite3_stmt *
prep(struct nt_site *s, const char *sql)
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
one_int(struct nt_site *s, const char *sql)
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

/* Step st; 1 with a row, 0 when done.  The caller resets. */
static int
step(struct nt_site *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		die(s, rc);
	return 0;
}

/*
 * Decide what the file is inside a write transaction, so that two runs
 * starting on a new file do not both create the schema.
 */
static void
check_file(struct nt_site *s)
{
	struct nt_buf b = NT_BUF_INIT;
	int64_t app, ver;

	exec(s, "BEGIN IMMEDIATE");
	app = one_int(s, "PRAGMA application_id");
	ver = one_int(s, "PRAGMA user_version");
	if (app == 0 && ver == 0 &&
	    one_int(s, "SELECT count(*) FROM sqlite_schema") == 0) {
		exec(s, schema);
		nt_buf_printf(&b, "PRAGMA application_id = %d; "
		    "PRAGMA user_version = %d", APP_ID, FORMAT);
		exec(s, b.p);
		nt_buf_free(&b);
	} else if (app != APP_ID)
		errx(1, "%s: not an nclean state file (application_id %lld); "
		    "refusing to touch it", s->path, (long long)app);
	else if (ver != FORMAT)
		errx(1, "%s: state format %lld, this nclean reads format %d",
		    s->path, (long long)ver, FORMAT);
	exec(s, "COMMIT");
}

static void
expire(struct nt_site *s, int64_t max_age)
{
	sqlite3_stmt *st;
	int k;

	exec(s, "BEGIN IMMEDIATE");
	for (k = 0; k < 2; k++) {
		st = prep(s, k == 0 ? "DELETE FROM line WHERE seen < ?" :
		    "DELETE FROM page WHERE seen < ?");
		sqlite3_bind_int64(st, 1, s->now - max_age);
		step(s, st);
		sqlite3_finalize(st);
	}
	exec(s, "COMMIT");
}

struct nt_site *
nt_site_open(const char *path, int wait_ms, int64_t max_age)
{
	struct nt_site *s;
	size_t i;
	int rc;

	s = nt_ecalloc(1, sizeof(*s));
	s->path = path;
	s->wait_ms = wait_ms;
	s->now = nt_now();
	for (i = 0; i < NFOLDED; i++)
		s->fold[i] = nt_tok_hash(folded[i], strlen(folded[i]));
	/* One run at a time, for the whole run (lock.h): 75 after waiting. */
	s->lockfd = nt_statelock_or_die(path, wait_ms);
	rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		die(s, rc);
	sqlite3_extended_result_codes(s->db, 0);
	sqlite3_busy_timeout(s->db, wait_ms);
	check_file(s);
	exec(s, "PRAGMA synchronous = NORMAL");
	exec(s, "PRAGMA journal_mode = WAL");
	if (max_age > 0)
		expire(s, max_age);
	s->site_get = prep(s, "SELECT id FROM site WHERE name = ?");
	s->site_add = prep(s, "INSERT INTO site(name) VALUES(?)");
	s->page_get = prep(s, "SELECT 1 FROM page WHERE site = ? AND h = ?");
	s->page_add = prep(s, "INSERT INTO page(site, h, seen) "
	    "VALUES(?1, ?2, ?3)");
	s->page_seen = prep(s, "UPDATE page SET seen = ?3 "
	    "WHERE site = ?1 AND h = ?2");
	s->line_get = prep(s, "SELECT pages FROM line WHERE site = ? AND "
	    "h = ?");
	s->line_add = prep(s, "INSERT INTO line(site, h, pages, seen) "
	    "VALUES(?1, ?2, 1, ?3) ON CONFLICT(site, h) DO UPDATE SET "
	    "pages = pages + 1, seen = ?3 RETURNING pages");
	return s;
}

uint64_t
nt_site_key(const struct nt_site *s, const char *p, size_t n,
    struct nt_toks *toks)
{
	uint64_t v, h = 0;
	size_t i, k;

	nt_tok_run(toks, p, n);
	for (i = 0; i < toks->n; i++) {
		const struct nt_tok *t = &toks->t[i];

		if (t->kind == NT_TOK_NUM || (t->f & NT_TF_DIGIT))
			v = 1;
		else if (t->kind == NT_TOK_PUNCT)
			v = t->cp;
		else {
			v = t->h;
			for (k = 0; k < NFOLDED; k++)
				if (s->fold[k] == v)
					v = 2;
		}
		/* Runs of numbers ("10:32", "2024-03-05") fold into one. */
		if (v == 1 && i > 0 && (toks->t[i].f & NT_TF_GLUED) &&
		    (toks->t[i - 1].kind == NT_TOK_NUM ||
		    toks->t[i - 1].kind == NT_TOK_PUNCT))
			continue;
		h = XXH3_64bits_withSeed(&v, sizeof(v), h);
	}
	return h;
}

static void
begin(struct nt_site *s)
{
	if (s->intxn)
		return;
	exec(s, "BEGIN IMMEDIATE");
	s->intxn = 1;
}

/* The site's id, made when it is new. */
static int64_t
site_id(struct nt_site *s, const char *name, size_t n)
{
	if (s->name.len == n && n > 0 && memcmp(s->name.p, name, n) == 0)
		return s->id;
	sqlite3_bind_text(s->site_get, 1, name, (int)n, SQLITE_STATIC);
	if (step(s, s->site_get))
		s->id = sqlite3_column_int64(s->site_get, 0);
	else {
		sqlite3_bind_text(s->site_add, 1, name, (int)n, SQLITE_STATIC);
		step(s, s->site_add);
		sqlite3_reset(s->site_add);
		s->id = sqlite3_last_insert_rowid(s->db);
	}
	sqlite3_reset(s->site_get);
	nt_buf_reset(&s->name);
	nt_buf_add(&s->name, name, n);
	return s->id;
}

/* Has the site shown this page before?  Remember it, and when. */
static int
page_seen(struct nt_site *s, int64_t site, uint64_t page)
{
	sqlite3_stmt *st;
	int seen;

	sqlite3_bind_int64(s->page_get, 1, site);
	sqlite3_bind_int64(s->page_get, 2, (int64_t)page);
	seen = step(s, s->page_get);
	sqlite3_reset(s->page_get);
	st = seen ? s->page_seen : s->page_add;
	sqlite3_bind_int64(st, 1, site);
	sqlite3_bind_int64(st, 2, (int64_t)page);
	sqlite3_bind_int64(st, 3, s->now);
	step(s, st);
	sqlite3_reset(st);
	return seen;
}

/* How many distinct pages showed key before, counting this one if new. */
static int64_t
line_pages(struct nt_site *s, int64_t site, uint64_t key, int count)
{
	sqlite3_stmt *st = count ? s->line_add : s->line_get;
	int64_t pages = 0;

	sqlite3_bind_int64(st, 1, site);
	sqlite3_bind_int64(st, 2, (int64_t)key);
	if (count)
		sqlite3_bind_int64(st, 3, s->now);
	if (step(s, st))
		pages = sqlite3_column_int64(st, 0) - count;
	/* An UPSERT ... RETURNING is done only when stepped to the end. */
	while (count && step(s, st))
		;
	sqlite3_reset(st);
	return pages;
}

static int
keycmp(const void *a, const void *b, void *site)
{
	const uint64_t *k = ((struct nt_site *)site)->sorting;
	uint64_t x = k[*(const size_t *)a], y = k[*(const size_t *)b];

	return x < y ? -1 : x > y;
}

void
nt_site_page(struct nt_site *s, const char *name, size_t namelen,
    uint64_t page, const uint64_t *keys, size_t nkeys, unsigned char *known)
{
	int64_t site;
	size_t i, j;
	int fresh;

	begin(s);
	site = site_id(s, name, namelen);
	fresh = !page_seen(s, site, page);
	if (s->ordercap < nkeys) {
		s->ordercap = nkeys;
		s->order = nt_ereallocarray(s->order, nkeys, sizeof(*s->order));
	}
	/* A line twice on one page is seen on one page. */
	for (i = 0; i < nkeys; i++)
		s->order[i] = i;
	s->sorting = keys;
	qsort_r(s->order, nkeys, sizeof(*s->order), keycmp, s);
	for (i = 0; i < nkeys; i = j) {
		known[s->order[i]] = line_pages(s, site, keys[s->order[i]],
		    fresh) >= NT_SITE_PAGES;
		for (j = i + 1; j < nkeys && keys[s->order[j]] ==
		    keys[s->order[i]]; j++)
			known[s->order[j]] = known[s->order[i]];
	}
}

void
nt_site_commit(struct nt_site *s)
{
	if (!s->intxn)
		return;
	exec(s, "COMMIT");
	s->intxn = 0;
}

void
nt_site_close(struct nt_site *s)
{
	if (s == NULL)
		return;
	nt_site_commit(s);
	sqlite3_finalize(s->site_get);
	sqlite3_finalize(s->site_add);
	sqlite3_finalize(s->page_get);
	sqlite3_finalize(s->page_add);
	sqlite3_finalize(s->page_seen);
	sqlite3_finalize(s->line_get);
	sqlite3_finalize(s->line_add);
	sqlite3_close(s->db);
	close(s->lockfd);
	nt_buf_free(&s->name);
	free(s->order);
	free(s);
}
