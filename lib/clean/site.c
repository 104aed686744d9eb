/*
 * The state is three tables: site (a name for each site, so the others
 * hold an integer), page (the pages each site has shown, by their key)
 * and line (for each site and line key, on how many distinct pages it
 * was seen, and when last).  Both keyed tables are WITHOUT ROWID on
 * (site, key), so a lookup and a count are one B-tree search each.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>
#include <xxhash.h>

#include "clean/site.h"
#include "core/db.h"
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
	struct nt_db	 d;
	int		 lockfd;	/* nt_statelock's, until closed */
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

static const struct nt_dbkind kind = {
	APP_ID, FORMAT, "nclean", "an nclean state file", schema, NULL, 0, 0, NULL
};

/* Step st; 1 with a row, 0 when done.  The caller resets. */
static int
step(struct nt_site *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		nt_db_die(&s->d, rc);
	return 0;
}

static void
expire(struct nt_site *s, int64_t max_age)
{
	sqlite3_stmt *st;
	int k;

	nt_db_exec(&s->d, "BEGIN IMMEDIATE");
	for (k = 0; k < 2; k++) {
		st = nt_db_prep(&s->d, k == 0 ?
		    "DELETE FROM line WHERE seen < ?" :
		    "DELETE FROM page WHERE seen < ?");
		sqlite3_bind_int64(st, 1, s->now - max_age);
		step(s, st);
		sqlite3_finalize(st);
	}
	nt_db_exec(&s->d, "COMMIT");
}

struct nt_site *
nt_site_open(const char *path, int wait_ms, int64_t max_age)
{
	struct nt_site *s;
	struct nt_db *d;
	size_t i;

	s = nt_ecalloc(1, sizeof(*s));
	d = &s->d;
	s->now = nt_now();
	for (i = 0; i < NFOLDED; i++)
		s->fold[i] = nt_tok_hash(folded[i], strlen(folded[i]));
	/* One run at a time, for the whole run (lock.h): 75 after waiting. */
	s->lockfd = nt_statelock_or_die(path, wait_ms);
	nt_db_open(d, path, wait_ms, &kind, NULL, NULL);
	if (max_age > 0)
		expire(s, max_age);
	s->site_get = nt_db_prep(d, "SELECT id FROM site WHERE name = ?");
	s->site_add = nt_db_prep(d, "INSERT INTO site(name) VALUES(?)");
	s->page_get = nt_db_prep(d, "SELECT 1 FROM page WHERE site = ? AND h = ?");
	s->page_add = nt_db_prep(d, "INSERT INTO page(site, h, seen) "
	    "VALUES(?1, ?2, ?3)");
	s->page_seen = nt_db_prep(d, "UPDATE page SET seen = ?3 "
	    "WHERE site = ?1 AND h = ?2");
	s->line_get = nt_db_prep(d, "SELECT pages FROM line WHERE site = ? AND "
	    "h = ?");
	s->line_add = nt_db_prep(d, "INSERT INTO line(site, h, pages, seen) "
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
		s->id = sqlite3_last_insert_rowid(s->d.db);
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

	nt_db_begin(&s->d);
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
	nt_db_commit(&s->d);
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
	nt_db_close(&s->d);
	close(s->lockfd);
	nt_buf_free(&s->name);
	free(s->order);
	free(s);
}
