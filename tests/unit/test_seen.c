/*
 * Unit tests for lib/core/seen.c and lock.c: keys in and out, the open
 * transaction, a run killed before it commits, expiry, the lock naming
 * its holder, and a file that is another program's (refused in a
 * child, whose status and message are checked).
 */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/lock.h"
#include "core/seen.h"
#include "t.h"
#include "child.h"

static char tmpdir[] = "/tmp/test_seen.XXXXXX";
static char path[PATH_MAX], lockpath[PATH_MAX];
static char msg[1024];

#define in_child(fn, arg) t_in_child(fn, arg, msg, sizeof(msg))

static void
add_and_die(const char *p)
{
	struct nt_buf h = NT_BUF_INIT;
	struct nt_seen *s = nt_seen_open(p, "test", 0, &h);

	nt_seen_add(s, "lost", 4, 1);
	kill(getpid(), SIGKILL);
}

static void
open_only(const char *p)
{
	struct nt_buf h = NT_BUF_INIT;
	struct nt_seen *s = nt_seen_open(p, "test", 0, &h);

	if (s == NULL) {
		fprintf(stderr, "held by %s", h.p);
		_exit(75);
	}
	nt_seen_close(s);
}

static void
test_keys(void)
{
	struct nt_buf h = NT_BUF_INIT;
	struct nt_seen *s;

	s = nt_seen_open(path, "test", 0, &h);
	ok(s != NULL && access(path, F_OK) == 0, "a new set is made");
	ok(access(lockpath, F_OK) == 0, "and its lock file is there");
	ok(!nt_seen_has(s, "a", 1) && nt_seen_count(s) == 0, "it is empty");
	nt_seen_add(s, "a", 1, 100);
	nt_seen_add(s, "a\0b", 3, 100);
	ok(nt_seen_has(s, "a", 1) && nt_seen_has(s, "a\0b", 3) &&
	    !nt_seen_has(s, "b", 1), "added keys are seen before the commit");
	nt_seen_add(s, "a", 1, 500);
	nt_seen_commit(s);
	ok(nt_seen_count(s) == 2, "a key added twice is there once");
	nt_seen_add(s, "rolled back", 11, 200);
	nt_seen_close(s);

	s = nt_seen_open(path, "test", 0, &h);
	ok(s != NULL && nt_seen_has(s, "a", 1) && nt_seen_count(s) == 2,
	    "reopened, the committed keys are there");
	ok(!nt_seen_has(s, "rolled back", 11),
	    "what was not committed is not");
	nt_seen_close(s);

	ok(in_child(add_and_die, path) == 128 + SIGKILL,
	    "a run killed before it commits");
	s = nt_seen_open(path, "test", 0, &h);
	ok(s != NULL && !nt_seen_has(s, "lost", 4),
	    "leaves no key behind, and its lock is free");
	nt_seen_add(s, "old", 3, 10);
	nt_seen_commit(s);
	ok(nt_seen_expire(s, 100) == 1 && !nt_seen_has(s, "old", 3) &&
	    nt_seen_has(s, "a", 1), "expiry forgets keys first seen before");
	nt_buf_free(&h);
	nt_seen_close(s);
}

static void
test_lock(void)
{
	struct nt_buf h = NT_BUF_INIT, want = NT_BUF_INIT;
	struct nt_seen *s;
	int fd;

	s = nt_seen_open(path, "nimport", 0, &h);
	ok(in_child(open_only, path) == 75, "a second run finds it locked");
	nt_buf_printf(&want, "held by %s (pid %ld)", program_invocation_short_name,
	    (long)getpid());
	is_str(msg, want.p, "and names the holder");
	nt_seen_close(s);
	ok(in_child(open_only, path) == 0, "once released, it may open");

	fd = nt_statelock(path, 0, &h);
	ok(fd >= 0 && nt_statelock(path, 250, &h) == -2,
	    "a lock is not taken twice, even after waiting");
	close(fd);
	fd = open(lockpath, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	ok(fd >= 0 && write(fd, "gone 99999999\n", 14) == 14,
	    "a lock file a killed run left");
	close(fd);
	fd = nt_statelock(path, 0, &h);
	ok(fd >= 0, "is taken over");
	close(fd);
	nt_buf_free(&h);
	nt_buf_free(&want);
}

static void
test_foreign(void)
{
	char other[PATH_MAX + 16];
	FILE *f;

	snprintf(other, sizeof(other), "%s/notes.db", tmpdir);
	f = fopen(other, "w");
	ok(f != NULL && fputs("not a database, just notes\n", f) >= 0 &&
	    fclose(f) == 0, "a text file");
	ok(in_child(open_only, other) == 1, "is refused, status 1");
	ok(strstr(msg, "notes.db: file is not a database") != NULL,
	    "with SQLite's reason: %s", msg);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/seen.db", tmpdir);
	snprintf(lockpath, sizeof(lockpath), "%s/seen.db.lock", tmpdir);
	test_keys();
	test_lock();
	test_foreign();
	snprintf(path, sizeof(path), "rm -rf '%s'", tmpdir);
	if (system(path) != 0)
		return 1;
	return done();
}
