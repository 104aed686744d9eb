/*
 * Unit tests for lib/dedupe/store.c through store.h: a new state file,
 * records in and out, keys newest first, transactions and the lock,
 * expiry, reopening, and the files it refuses (those end the process,
 * so they run in a child whose status and message are checked).
 */
#include <sys/wait.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "dedupe/store.h"
#include "t.h"
#include "child.h"

static char tmpdir[] = "/tmp/test_store.XXXXXX";
static char path[PATH_MAX];
static char msg[1024];

#define in_child(fn, arg) t_in_child(fn, arg, msg, sizeof(msg))

static void
open_only(const char *p)
{
	const char *why = NULL;

	nt_store_close(nt_store_open(p, 0, 3, 256, &why));
}

/* Remember a record in a transaction, then die without committing. */
static void
add_and_die(const char *p)
{
	const char *why = NULL;
	struct nt_store *s = nt_store_open(p, 0, 3, 256, &why);
	struct nt_sdoc d = { .id = "\"lost\"", .idlen = 6, .story = "\"lost\"",
	    .storylen = 6, .n = 1 };
	uint64_t key = 99;

	nt_store_begin(s);
	nt_store_add(s, &d, 1000, &key, 1);
	_exit(0);
}

static int
write_file(const char *p, const char *body)
{
	FILE *fp = fopen(p, "w");

	if (fp == NULL)
		return -1;
	fputs(body, fp);
	return fclose(fp);
}

static int
same_file(const char *a, const char *b)
{
	char cmd[3 * PATH_MAX];

	snprintf(cmd, sizeof(cmd), "cmp -s '%s' '%s'", a, b);
	return system(cmd) == 0;
}

static int
sql(const char *p, const char *q)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open(p, &db) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, q, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

static void
test_records(void)
{
	static const uint32_t sketch[] = { 7, 11, 4000000000u };
	struct nt_sdoc a = { .id = "\"a1\"", .idlen = 4, .story = "\"a1\"",
	    .storylen = 4, .n = 42, .nums = { 1, 2, 3, 0x8000000000000000ull },
	    .sketch = sketch, .nsketch = 3 };
	struct nt_sdoc b = { .id = "\"a2\"", .idlen = 4, .of = "\"a1\"",
	    .oflen = 4, .story = "\"a1\"", .storylen = 4, .sim = 0.875 };
	struct nt_sdoc got;
	struct nt_store *s;
	const char *why = NULL;
	uint64_t keys[] = { 5, 6, 0xffffffffffffffffull };
	int64_t h[4], ha, hb, hc, hd;
	size_t n;

	s = nt_store_open(path, 0, 3, 256, &why);
	ok(s != NULL && access(path, F_OK) == 0, "a new state file is made");
	ok(nt_store_last(s) == 0, "and holds nothing");
	ok(nt_store_begin(s) == 1 && nt_store_begin(s) == 0,
	    "begin opens one transaction, not two");
	ha = nt_store_add(s, &a, 1000, keys, 3);
	hb = nt_store_add(s, &b, 1001, keys, 1);
	ok(ha > 0 && hb > ha && nt_store_last(s) == hb,
	    "rows are numbered in order");
	n = nt_store_get(s, 5, h, 4);
	ok(n == 2 && h[0] == hb && h[1] == ha, "a key's rows, newest first");
	ok(nt_store_get(s, 0xffffffffffffffffull, h, 4) == 1 && h[0] == ha,
	    "a key with the top bit set");
	ok(nt_store_get(s, 77, h, 4) == 0, "an unknown key");
	ok(nt_store_doc(s, ha, 1, &got) == 1 && got.idlen == 4 &&
	    memcmp(got.id, "\"a1\"", 4) == 0 && got.of == NULL &&
	    got.n == 42 && got.nums[0] == 1 && got.nums[3] ==
	    0x8000000000000000ull && got.nsketch == 3 &&
	    got.sketch[2] == 4000000000u, "a kept record comes back whole");
	ok(nt_store_doc(s, hb, 0, &got) == 1 && got.oflen == 4 &&
	    memcmp(got.of, "\"a1\"", 4) == 0 && got.sim == 0.875,
	    "a duplicate comes back with what it duplicates");
	ok(nt_store_doc(s, hb + 1, 1, &got) == 0, "a row that is not there");
	hc = nt_store_add(s, &b, 1002, keys, 1);
	hd = nt_store_add(s, &b, 1003, keys, 1);
	ok(nt_store_get(s, 5, h, 4) == 3 && h[0] == hd && h[1] == hc &&
	    h[2] == hb, "a key keeps its three newest rows");
	ok(nt_store_get(s, 5, h, 1) == 1 && h[0] == hd, "max is respected");
	nt_store_commit(s);
	ok(nt_store_begin(s) == 1, "commit ends the transaction");
	nt_store_commit(s);
	nt_store_close(s);
	nt_store_close(NULL);

	s = nt_store_open(path, 0, 3, 256, &why);
	ok(s != NULL && nt_store_last(s) == hd, "reopened, the rows are there");
	ok(nt_store_get(s, 6, h, 4) == 1 && h[0] == ha &&
	    nt_store_doc(s, ha, 1, &got) == 1 && got.n == 42 &&
	    got.sketch[0] == 7, "and so are keys and sketches");
	nt_store_begin(s);
	ok(nt_store_expire(s, 1002) == 2 && nt_store_doc(s, ha, 0, &got) == 0,
	    "expire forgets the rows seen before the cutoff");
	ok(nt_store_get(s, 6, h, 4) == 0 && nt_store_get(s, 5, h, 4) == 2 &&
	    h[0] == hd && h[1] == hc, "and their keys");
	nt_store_close(s);
	s = nt_store_open(path, 0, 3, 256, &why);
	ok(nt_store_get(s, 5, h, 4) == 2, "close commits what is open");
	nt_store_close(s);

	why = NULL;
	ok(nt_store_open(path, 0, 4, 256, &why) == NULL && why != NULL &&
	    strcmp(why, "shingle") == 0, "another shingle is refused");
	why = NULL;
	ok(nt_store_open(path, 0, 3, 128, &why) == NULL && why != NULL &&
	    strcmp(why, "sketch") == 0, "another sketch is refused");
}

/*
 * Keys written out as runs (four keys held in memory, not a million)
 * and runs merged: a key's holders still come newest first, across
 * memory and runs, and expiry takes them out of the runs too.
 */
static void
test_runs(void)
{
	char rp[PATH_MAX];
	struct nt_sdoc d = { .id = "\"r\"", .idlen = 3, .story = "\"r\"",
	    .storylen = 3, .n = 1 };
	struct nt_store *s;
	const char *why = NULL;
	uint64_t keys[2];
	int64_t h[4], first[40];
	int i, good = 1;

	snprintf(rp, sizeof(rp), "%s/runs.db", tmpdir);
	setenv("NTOOLS_STATE_KEYS", "4", 1);
	s = nt_store_open(rp, 0, 3, 256, &why);
	for (i = 0; i < 40; i++) {
		/* key 7 in every record, key 1000 + i in its own */
		keys[0] = 7;
		keys[1] = 1000 + (uint64_t)i;
		nt_store_begin(s);
		first[i] = nt_store_add(s, &d, 1000 + i, keys, 2);
		nt_store_commit(s);
	}
	for (i = 0; i < 40; i++)
		if (nt_store_get(s, 1000 + (uint64_t)i, h, 4) != 1 ||
		    h[0] != first[i])
			good = 0;
	ok(good, "every key found once its run is written");
	ok(nt_store_get(s, 7, h, 4) == 3 && h[0] == first[39] &&
	    h[1] == first[38] && h[2] == first[37],
	    "a key in every run: its three newest holders");
	ok(nt_store_get(s, 999, h, 4) == 0 && nt_store_get(s, 5000, h, 4) == 0,
	    "keys never added are not found");
	nt_store_close(s);
	ok(sql(rp, "SELECT 1 FROM run WHERE nkeys > 16") == 0,
	    "runs were merged");

	s = nt_store_open(rp, 0, 3, 256, &why);
	ok(nt_store_get(s, 1000, h, 4) == 1 && h[0] == first[0] &&
	    nt_store_get(s, 1039, h, 4) == 1 && h[0] == first[39],
	    "reopened: keys in runs and in doc rows alike");
	nt_store_begin(s);
	ok(nt_store_expire(s, 1038) == 38, "expire in runs");
	good = nt_store_get(s, 1000, h, 4) == 0 && nt_store_get(s, 1020, h, 4)
	    == 0 && nt_store_get(s, 1038, h, 4) == 1 && h[0] == first[38];
	ok(good, "and the expired rows' keys are gone");
	ok(nt_store_get(s, 7, h, 4) == 2 && h[0] == first[39] &&
	    h[1] == first[38], "a shared key keeps the rows left");
	nt_store_close(s);
	unsetenv("NTOOLS_STATE_KEYS");
	s = nt_store_open(rp, 0, 3, 256, &why);
	ok(nt_store_get(s, 7, h, 4) == 2 && nt_store_get(s, 1001, h, 4) == 0,
	    "and after reopening");
	nt_store_close(s);
}

/* A new state file of this name in tmpdir, its path in p. */
static struct nt_store *
open_named(char *p, size_t size, const char *name)
{
	const char *why = NULL;

	snprintf(p, size, "%s/%s", tmpdir, name);
	return nt_store_open(p, 0, 3, 256, &why);
}

/*
 * Keys are hashed in memory only from the first look-up on: many keys
 * (past the first table's 4096) added before it, then more after, are
 * all found, a key's holders newest first.
 */
static void
test_lazy(void)
{
	static int64_t row[12000];
	struct nt_sdoc d = { .id = "\"l\"", .idlen = 3, .story = "\"l\"",
	    .storylen = 3, .n = 1 };
	char lp[PATH_MAX];
	struct nt_store *s = open_named(lp, sizeof(lp), "lazy.db");
	uint64_t keys[3];
	int64_t h[4];
	int i, good = 1;

	nt_store_begin(s);
	for (i = 0; i < 12000; i++) {
		/* its own key, one of 100 shared ones, and key 3 in all */
		keys[0] = 0x100000000ull * (uint64_t)i + 77;
		keys[1] = 5000 + (uint64_t)(i % 100);
		keys[2] = 3;
		row[i] = nt_store_add(s, &d, 1000, keys, 3);
		if (i == 9000 && (nt_store_get(s, 3, h, 4) != 3 ||
		    h[0] != row[9000] || h[2] != row[8998]))
			good = 0;
	}
	for (i = 0; i < 12000; i++)
		if (nt_store_get(s, 0x100000000ull * (uint64_t)i + 77, h, 4)
		    != 1 || h[0] != row[i])
			good = 0;
	ok(good, "keys added before the first look-up and after it are found");
	ok(nt_store_get(s, 5042, h, 4) == 3 && h[0] == row[11942] &&
	    h[1] == row[11842] && h[2] == row[11742],
	    "a shared key's newest holders first");
	ok(nt_store_get(s, 3, h, 4) == 3 && h[0] == row[11999],
	    "a key in every record");
	nt_store_commit(s);
	nt_store_close(s);
}

static void
test_transactions(void)
{
	const char *why = NULL;
	struct nt_store *s;
	int64_t h[4];
	char want[2 * PATH_MAX];

	ok(in_child(add_and_die, path) == 0, "a run that dies uncommitted");
	s = nt_store_open(path, 0, 3, 256, &why);
	ok(nt_store_get(s, 99, h, 4) == 0, "leaves nothing behind");
	nt_store_begin(s);
	snprintf(want, sizeof(want), "test_store: %s: in use by test_store "
	    "(pid %ld); gave up after 0 s (see --wait)", path, (long)getpid());
	ok(in_child(open_only, path) == 75, "a second run waits for the lock, "
	    "then gives up with status 75");
	is_str(msg, want, "and names the holder");
	nt_store_commit(s);
	ok(in_child(open_only, path) == 75, "a commit does not let go of it");
	nt_store_close(s);
	ok(in_child(open_only, path) == 0, "once closed, it may open");
}

static void
test_refused(void)
{
	char notes[PATH_MAX], keep[PATH_MAX], other[PATH_MAX];
	char want[3 * PATH_MAX];

	snprintf(notes, sizeof(notes), "%s/notes.txt", tmpdir);
	snprintf(keep, sizeof(keep), "%s/keep", tmpdir);
	snprintf(other, sizeof(other), "%s/other.db", tmpdir);

	write_file(notes, "precious notes, not a database at all\n");
	write_file(keep, "precious notes, not a database at all\n");
	snprintf(want, sizeof(want), "test_store: %s: file is not a database",
	    notes);
	ok(in_child(open_only, notes) == 1, "a text file is refused, status 1");
	is_str(msg, want, "with SQLite's reason");
	ok(same_file(notes, keep), "and left as it was");

	ok(sql(other, "CREATE TABLE t(x); INSERT INTO t VALUES(1)") == 0,
	    "another program's database");
	snprintf(want, sizeof(want), "cp '%s' '%s'", other, keep);
	ok(system(want) == 0, "kept aside");
	snprintf(want, sizeof(want), "test_store: %s: not an ndedupe state "
	    "file (application_id 0); refusing to touch it", other);
	ok(in_child(open_only, other) == 1, "is refused, status 1");
	is_str(msg, want, "with the reason");
	ok(same_file(other, keep), "and left as it was");

	ok(sql(path, "PRAGMA user_version = 9") == 0, "a later format");
	snprintf(want, sizeof(want), "test_store: %s: state format 9, this "
	    "ndedupe reads format 6", path);
	ok(in_child(open_only, path) == 1, "is refused, status 1");
	is_str(msg, want, "naming both formats");
	unlink(notes);
	unlink(keep);
	unlink(other);
}

int
main(void)
{
	char cmd[PATH_MAX + 16];

	if (mkdtemp(tmpdir) == NULL) {
		printf("Bail out! no temporary directory\n");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/st.db", tmpdir);
	test_records();
	test_runs();
	test_lazy();
	test_transactions();
	test_refused();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	return done();
}
