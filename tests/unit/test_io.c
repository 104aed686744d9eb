/*
 * Unit tests for lib/core/io.c through io.h: lines from files and from
 * standard input, a last line without '\n', long lines, inputs that
 * cannot be read, and output that is buffered, unbuffered, or fails
 * (a failure ends the process, so those cases run in a child).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/io.h"
#include "t.h"
#include "child.h"

static char tmpdir[] = "/tmp/test_io.XXXXXX";
static char msg[1024];

static const char *
tmp(const char *name)
{
	static char p[4][PATH_MAX];
	static int k;

	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", tmpdir, name);
	return p[k];
}

static const char *
make(const char *name, const char *body, size_t n)
{
	const char *p = tmp(name);
	FILE *fp = fopen(p, "w");

	if (fp == NULL)
		return NULL;
	fwrite(body, 1, n, fp);
	fclose(fp);
	return p;
}

#define LIT(s)	s, sizeof(s) - 1

/* Every line of the inputs as "name:lineno:text|", into out. */
static void
lines(struct nt_in *in, struct nt_buf *out)
{
	const char *l;
	size_t n;

	nt_buf_reset(out);
	while (nt_in_next(in, &l, &n)) {
		nt_buf_printf(out, "%s:%llu:", strcmp(in->name, "stdin") == 0 ?
		    "stdin" : strrchr(in->name, '/') + 1,
		    (unsigned long long)in->lineno);
		nt_buf_add(out, l, n);
		nt_buf_addc(out, '|');
	}
	nt_buf_adds(out, "");
}

static void
test_files(void)
{
	struct nt_in in;
	struct nt_buf out = NT_BUF_INIT, errs = NT_BUF_INIT;
	char *paths[5];
	static const char want[] = "a:1:one|a:2:|a:3:two\r|a:4:three|"
	    "b:1:x\0y|b:2:last|";

	paths[0] = (char *)(uintptr_t)make("a", LIT("one\n\ntwo\r\nthree"));
	paths[1] = (char *)(uintptr_t)make("empty", "", 0);
	paths[2] = (char *)(uintptr_t)make("b", LIT("x\0y\nlast\n"));
	nt_in_init(&in, paths, 3);
	lines(&in, &out);
	ok(out.len == sizeof(want) - 1 && memcmp(out.p, want, out.len) == 0,
	    "lines of files in turn, a last line without newline, CR and NUL "
	    "kept, an empty file");
	ok(in.bytes == 15 + 9 && in.ioerrors == 0, "bytes are counted");
	ok(!nt_in_next(&in, &(const char *){ NULL }, &(size_t){ 0 }),
	    "and the end stays the end");
	nt_in_free(&in);

	paths[0] = (char *)(uintptr_t)tmp("missing");
	paths[1] = (char *)(uintptr_t)make("c", LIT("c1\n"));
	paths[2] = tmpdir;
	paths[3] = (char *)(uintptr_t)make("d", LIT("d1"));
	nt_in_init(&in, paths, 4);
	in.errs = &errs;
	lines(&in, &out);
	is_str(out.p, "c:1:c1|d:1:d1|", "files that cannot be read are "
	    "skipped");
	ok(in.ioerrors == 2 && strstr(errs.p, "/missing: No such file or "
	    "directory\n") != NULL && strstr(errs.p, ": Is a directory\n") !=
	    NULL, "and reported");
	nt_in_free(&in);
	nt_in_free(NULL);
	nt_buf_free(&out);
	nt_buf_free(&errs);
}

static void
test_stdin(void)
{
	struct nt_in in;
	struct nt_buf out = NT_BUF_INIT;
	char *paths[3];
	int fd, saved = dup(0);

	fd = open(make("in", LIT("s1\ns2")), O_RDONLY);
	dup2(fd, 0);
	close(fd);
	nt_in_init(&in, NULL, 0);
	lines(&in, &out);
	is_str(out.p, "stdin:1:s1|stdin:2:s2|", "no files: standard input");
	nt_in_free(&in);
	ok(fcntl(0, F_GETFD) != -1, "standard input is not closed");

	fd = open(make("in", LIT("s3\n")), O_RDONLY);
	dup2(fd, 0);
	close(fd);
	paths[0] = (char *)(uintptr_t)make("f", LIT("f1\n"));
	paths[1] = "-";
	paths[2] = paths[0];
	nt_in_init(&in, paths, 3);
	lines(&in, &out);
	is_str(out.p, "f:1:f1|stdin:1:s3|f:1:f1|", "- among files");
	nt_in_free(&in);
	dup2(saved, 0);
	close(saved);
	nt_buf_free(&out);
}

static void
test_long(void)
{
	enum { LONG = 5000000 };
	struct nt_in in;
	struct nt_buf body = NT_BUF_INIT;
	char *paths[1];
	const char *l;
	size_t n, i;
	int good = 1;

	for (i = 0; i < LONG; i++)
		nt_buf_addc(&body, 'a' + (int)(i % 26));
	nt_buf_adds(&body, "\nshort\n");
	for (i = 0; i < LONG; i++)
		nt_buf_addc(&body, 'A' + (int)(i % 26));
	paths[0] = (char *)(uintptr_t)make("long", body.p, body.len);
	nt_in_init(&in, paths, 1);
	good = nt_in_next(&in, &l, &n) && n == LONG &&
	    memcmp(l, body.p, LONG) == 0;
	ok(good, "a 5 MB line, whole");
	ok(nt_in_next(&in, &l, &n) && n == 5 && memcmp(l, "short", 5) == 0,
	    "the line after it");
	ok(nt_in_next(&in, &l, &n) && n == LONG &&
	    memcmp(l, body.p + LONG + 7, LONG) == 0 && in.lineno == 3,
	    "a 5 MB last line without newline");
	ok(in.buf.cap < 3 * (size_t)LONG, "the buffer grows to about the "
	    "longest line (%zu bytes)", in.buf.cap);
	ok(!nt_in_next(&in, &l, &n), "then the end");
	nt_in_free(&in);
	nt_buf_free(&body);
}

#define in_child(fn, arg) t_in_child(fn, arg, msg, sizeof(msg))

static void
write_to(const char *path)
{
	struct nt_out o;

	nt_out_open(&o, path);
	nt_buf_adds(&o.buf, "{\"id\":1}\n");
	nt_out_commit(&o);
	nt_out_close(&o);
}

static void
write_closed_stdout(const char *unused)
{
	close(1);
	write_to(NULL);
}

/* A pipe whose reader is gone, SIGPIPE ignored or not (arg "ignore"). */
static void
write_broken_pipe(const char *how)
{
	int fd[2];

	if (strcmp(how, "ignore") == 0)
		signal(SIGPIPE, SIG_IGN);
	if (pipe(fd) < 0)
		_exit(9);
	close(fd[0]);
	dup2(fd[1], 1);
	close(fd[1]);
	write_to("-");
}

static off_t
size_of(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 ? st.st_size : -1;
}

static void
test_output(void)
{
	struct nt_out o;
	const char *p = tmp("out");

	nt_out_open(&o, p);
	nt_buf_adds(&o.buf, "{\"a\":1}\n");
	nt_out_commit(&o);
	ok(size_of(p) == 0, "output is buffered");
	nt_out_close(&o);
	ok(size_of(p) == 8, "and written at close");
	nt_out_open(&o, p);
	ok(size_of(p) == 0, "opening replaces the file");
	o.unbuffered = 1;
	nt_buf_adds(&o.buf, "{\"b\":2}\n");
	nt_out_commit(&o);
	ok(size_of(p) == 8, "unbuffered: each commit is written");
	nt_out_close(&o);

	ok(in_child(write_to, "/dev/full") == 1, "a full disk is exit 1");
	is_str(msg, "test_io: write error: /dev/full: No space left on device",
	    "and says so");
	ok(in_child(write_closed_stdout, NULL) == 1, "a closed stdout is "
	    "exit 1");
	is_str(msg, "test_io: write error: stdout: Bad file descriptor",
	    "and says so");
	ok(in_child(write_broken_pipe, "default") == 128 + SIGPIPE,
	    "a closed pipe ends the writer by SIGPIPE");
	ok(in_child(write_broken_pipe, "ignore") == 1, "or, with SIGPIPE "
	    "ignored, is exit 1");
	is_str(msg, "test_io: write error: stdout: Broken pipe", "and says so");
	ok(in_child(write_to, "/nonexistent/out") == 1, "an output that "
	    "cannot be made is exit 1");
	is_str(msg, "test_io: /nonexistent/out: No such file or directory",
	    "and says why");
}

int
main(void)
{
	char cmd[PATH_MAX + 16];

	if (mkdtemp(tmpdir) == NULL) {
		printf("Bail out! no temporary directory\n");
		return 1;
	}
	test_files();
	test_stdin();
	test_long();
	test_output();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	return done();
}
