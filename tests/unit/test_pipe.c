/*
 * Unit tests for lib/pipe.c and lib/pipe_state.c: variable expansion,
 * shell quoting, pipeline loading, offsets, whole lines, atomic files.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "pipe/pipe.h"
#include "pipe/pipe_state.h"

static int n, failed;

static void
ok(int cond, const char *name)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++n, name);
	if (!cond)
		failed = 1;
}

static int
expands(const char *in, const char *want)
{
	struct nt_buf out = NT_BUF_INIT, err = NT_BUF_INIT;
	int r;

	r = nt_pipe_expand(in, &out, &err) == 0 && strcmp(out.p, want) == 0;
	if (!r)
		fprintf(stderr, "# '%s' gave '%s' (%s)\n", in,
		    out.p ? out.p : "", err.p ? err.p : "");
	nt_buf_free(&out);
	nt_buf_free(&err);
	return r;
}

static int
fails(const char *in, const char *msg)
{
	struct nt_buf out = NT_BUF_INIT, err = NT_BUF_INIT;
	int r;

	r = nt_pipe_expand(in, &out, &err) == -1 && strstr(err.p, msg) != NULL;
	nt_buf_free(&out);
	nt_buf_free(&err);
	return r;
}

static int
quotes(const char *in, const char *want)
{
	struct nt_buf out = NT_BUF_INIT;
	int r;

	nt_shquote(&out, in);
	r = strcmp(out.p, want) == 0;
	nt_buf_free(&out);
	return r;
}

static void
writefile(const char *path, const char *s)
{
	FILE *fp = fopen(path, "w");

	fputs(s, fp);
	fclose(fp);
}

/* Load yaml, foreign programs allowed or not, ntools ones from bin/. */
static size_t
loadf(const char *yaml, int foreign, struct nt_pipe *p, struct nt_buf *errs)
{
	char dir[4096];

	writefile("t.yaml", yaml);
	nt_buf_reset(errs);
	if (getcwd(dir, sizeof(dir) - 4) == NULL)
		return 99;
	strcat(dir, "/bin");
	return nt_pipe_load(p, "t.yaml", dir, foreign, errs);
}

static size_t
load(const char *yaml, struct nt_pipe *p, struct nt_buf *errs)
{
	return loadf(yaml, 1, p, errs);
}

static void
test_load(void)
{
	struct nt_pipe p;
	struct nt_buf errs = NT_BUF_INIT;
	size_t e;

	setenv("PATH", "/bin:/usr/bin", 1);
	e = load("input: [a, b]\nsteps:\n  - true: {x: 1, flag: true, "
	    "off: false, list: [p, q]}\nallow: [true]\n", &p, &errs);
	ok(e == 0 && p.nstep == 1 && p.ninput == 2, "a pipeline loads");
	ok(e == 0 && p.step[0].nopt == 3 &&
	    strcmp(p.step[0].opt[0].arg, "--x=1") == 0 &&
	    strcmp(p.step[0].opt[1].arg, "--flag") == 0 &&
	    strcmp(p.step[0].opt[2].arg, "--list=p,q") == 0,
	    "a foreign program's options become long options, lists are "
	    "joined, false omitted");
	ok(strcmp(p.name, "t") == 0, "the name defaults to the file's");
	nt_pipe_free(&p);

	e = load("steps:\n  - true: {\"flag\": \"true\"}\nallow: true\n", &p,
	    &errs);
	ok(e == 0 && strcmp(p.step[0].opt[0].arg, "--flag=true") == 0,
	    "a quoted true is a string");
	nt_pipe_free(&p);

	e = load("nmae: x\nsteps: []\n", &p, &errs);
	ok(e == 2 && strstr(errs.p, "t.yaml:1:1: unknown key 'nmae'") &&
	    strstr(errs.p, "t.yaml:2:8: steps must be a list"),
	    "unknown keys and empty steps, with line and column");
	nt_pipe_free(&p);

	e = load("steps:\n  - true:\n      a: {b: 1}\n      c:\n      "
	    "output: x\nallow: [true]\n", &p, &errs);
	ok(e == 3 && strstr(errs.p, "t.yaml:3:10: option 'a' for true must "
	    "be a value or a list") && strstr(errs.p, "t.yaml:4:9: option "
	    "'c' for true has no value") && strstr(errs.p, "t.yaml:5:7: "
	    "option 'output' is npipe's"), "bad option values");
	nt_pipe_free(&p);

	e = load("steps: [nosuchprogram-xyz]\n", &p, &errs);
	ok(e == 1 && strstr(errs.p, "t.yaml:1:9: unknown program "
	    "'nosuchprogram-xyz'"), "an unknown program");
	nt_pipe_free(&p);

	e = load("steps:\n  - true: {state: db}\nallow: [true]\n", &p, &errs);
	ok(e == 0 && p.step[0].stateopt == 0, "a step's state is noticed");
	nt_pipe_free(&p);

	e = load("steps: [true]\nsteps: [true]\n", &p, &errs);
	ok(strstr(errs.p, "t.yaml:2:1: key 'steps' given twice") != NULL,
	    "a key given twice");
	nt_pipe_free(&p);
	nt_buf_free(&errs);
	unlink("t.yaml");
}

/* bin/NAME: a shell script that prints body (and counts its runs). */
static void
fakeprog(const char *name, const char *body)
{
	char path[256];
	FILE *fp;

	mkdir("bin", 0755);
	snprintf(path, sizeof(path), "bin/%s", name);
	fp = fopen(path, "w");
	fprintf(fp, "#!/bin/sh\necho run >>runs.%s\n%s\n", name, body);
	fclose(fp);
	chmod(path, 0755);
}

static int
runs(const char *name)
{
	char path[256], line[16];
	FILE *fp;
	int k = 0;

	snprintf(path, sizeof(path), "runs.%s", name);
	if ((fp = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), fp) != NULL)
		k++;
	fclose(fp);
	return k;
}

/* Steps are checked against what their programs describe. */
static void
test_describe(void)
{
	struct nt_pipe p;
	struct nt_buf errs = NT_BUF_INIT;
	size_t e;

	fakeprog("nfake", "printf 'one\\targ\\tonce\\ta value\\n"
	    "rep\\targ\\trepeat\\tmany\\nlist\\targ\\tlist\\tcommas\\n"
	    "on\\tflag\\tonce\\ta flag\\n'");
	e = loadf("steps:\n  - nfake: {one: 1, rep: [a, b], list: [c, d], "
	    "on: true}\n  - nfake\n", 0, &p, &errs);
	ok(e == 0 && p.step[0].nopt == 5 && !p.step[0].foreign &&
	    strcmp(p.step[0].opt[0].arg, "--one=1") == 0 &&
	    strcmp(p.step[0].opt[1].arg, "--rep=a") == 0 &&
	    strcmp(p.step[0].opt[2].arg, "--rep=b") == 0 &&
	    strcmp(p.step[0].opt[3].arg, "--list=c,d") == 0 &&
	    strcmp(p.step[0].opt[4].arg, "--on") == 0,
	    "repeat options are repeated, list options joined");
	ok(runs("nfake") == 1, "a program is asked once per run");
	nt_pipe_free(&p);

	e = loadf("steps:\n  - nfake:\n      treshold: 1\n      on: 3\n"
	    "      one: [x, y]\n      rep: true\n", 0, &p, &errs);
	ok(e == 4 && strstr(errs.p, "t.yaml:3:7: unknown option 'treshold' "
	    "for nfake\n") && strstr(errs.p, "t.yaml:4:11: option 'on' for "
	    "nfake is a flag: true or false\n") && strstr(errs.p,
	    "t.yaml:5:12: option 'one' for nfake takes one value, not a "
	    "list\n") && strstr(errs.p, "t.yaml:6:12: option 'rep' for nfake "
	    "takes a value, not true or false\n"),
	    "unknown options and values of the wrong shape");
	nt_pipe_free(&p);

	fakeprog("nbad", "echo 'not a description'");
	fakeprog("nfail", "exit 1");
	e = loadf("steps: [nbad, nfail]\n", 0, &p, &errs);
	ok(e == 2 && strstr(errs.p, "t.yaml:1:9: step 1 (nbad): ") &&
	    strstr(errs.p, "line 1 is not") && strstr(errs.p, "t.yaml:1:15: "
	    "step 2 (nfail): ") && strstr(errs.p, "failed with status 1"),
	    "a program that does not describe itself is no ntools program");
	nt_pipe_free(&p);

	e = loadf("steps: [true, /bin/true]\n", 0, &p, &errs);
	ok(e == 2 && strstr(errs.p, "t.yaml:1:9: program 'true' is not an "
	    "ntools program") && strstr(errs.p, "t.yaml:1:15: program "
	    "'/bin/true' is not an ntools program"),
	    "a name found only on PATH, and a path, are refused");
	nt_pipe_free(&p);
	e = loadf("steps: [true]\nallow: [true]\n", 0, &p, &errs);
	ok(e == 1 && strstr(errs.p, "program 'true' is allowed by the "
	    "pipeline but runs only with --allow-foreign"),
	    "allow alone is not enough");
	nt_pipe_free(&p);
	e = loadf("steps: [/bin/true]\nallow: [/bin/true]\n", 1, &p, &errs);
	ok(e == 0 && p.step[0].foreign && p.step[0].desc == NULL &&
	    strcmp(p.step[0].path, "/bin/true") == 0,
	    "allow and --allow-foreign run a foreign program, unasked");
	nt_pipe_free(&p);
	nt_buf_free(&errs);
	unlink("t.yaml");
	unlink("bin/nfake");
	unlink("bin/nbad");
	unlink("bin/nfail");
	rmdir("bin");
	unlink("runs.nfake");
	unlink("runs.nbad");
	unlink("runs.nfail");
}

static void
test_state(void)
{
	struct nt_pstate s, t;
	struct nt_buf err = NT_BUF_INIT;
	struct stat st;
	char tail[41];
	uint64_t end, line;
	int fd;

	writefile("f.ndjson", "{\"a\":1}\n{\"a\":2}\n{\"a\"");
	fd = open("f.ndjson", O_RDONLY);
	fstat(fd, &st);
	ok(nt_lastline(fd, 0, (uint64_t)st.st_size, &end) == 0 && end == 16,
	    "whole lines end at the last newline");
	ok(nt_lastline(fd, 16, (uint64_t)st.st_size, &end) == 0 && end == 16,
	    "a partial last line waits");

	memset(&s, 0, sizeof(s));
	nt_pstate_tail(fd, 8, tail);
	nt_pstate_add(&s, "f.ndjson", &st, (uint64_t)st.st_size, 8, 1, tail);
	s.out = strdup("o\"ut");
	s.outsize = 42;
	ok(nt_pstate_save(&s, "offsets") == 0, "offsets are saved");
	ok(nt_pstate_load(&t, "offsets", &err) == 0 && t.n == 1 &&
	    t.f[0].off == 8 && t.f[0].line == 1 &&
	    strcmp(t.f[0].tail, tail) == 0 &&
	    strcmp(t.out, "o\"ut") == 0 && t.outsize == 42,
	    "and loaded again");
	ok(nt_pstate_resume(&t, fd, &st, &line) == 8 && line == 1,
	    "a known file resumes, its lines counted on");
	nt_pstate_free(&t);
	close(fd);
	writefile("old-offsets", "{\"pending\":\"w.npipe\",\"to\":\"w\"}\n");
	ok(nt_pstate_load(&t, "old-offsets", &err) == 0 && t.n == 0,
	    "an earlier version's pending line is read and ignored");
	nt_pstate_free(&t);
	ok(nt_pstate_load(&t, "offsets", &err) == 0, "offsets again");

	writefile("f.ndjson", "{\"b\":1}\n{\"a\":2}\n");
	fd = open("f.ndjson", O_RDONLY);
	fstat(fd, &st);
	ok(nt_pstate_resume(&t, fd, &st, &line) == 0 && line == 0,
	    "a file rewritten before the offset starts again");
	close(fd);
	writefile("f.ndjson", "{");
	fd = open("f.ndjson", O_RDONLY);
	fstat(fd, &st);
	ok(nt_pstate_resume(&t, fd, &st, &line) == 0, "a truncated file starts "
	    "again");
	close(fd);
	nt_pstate_free(&s);
	nt_pstate_free(&t);

	writefile("offsets", "{\"path\":1}\n");
	ok(nt_pstate_load(&t, "offsets", &err) == -1 &&
	    strstr(err.p, "offsets:1: not an offset record") != NULL,
	    "a damaged offsets file is an error");
	ok(nt_pstate_load(&t, "no-such-offsets", &err) == 0 && t.n == 0,
	    "no offsets file is an empty state");
	nt_buf_free(&err);
	unlink("f.ndjson");
	unlink("offsets");
}

static void
test_afile(void)
{
	struct nt_afile a;
	char buf[16] = "";
	FILE *fp;

	writefile("a.out", "old\n");
	nt_afile_open(&a, "a.out");
	write(a.fd, "new\n", 4);
	fp = fopen("a.out", "r");
	fgets(buf, sizeof(buf), fp);
	fclose(fp);
	ok(strcmp(buf, "old\n") == 0, "the old file stays until commit");
	nt_afile_abort(&a);
	nt_afile_open(&a, "a.out");
	write(a.fd, "new\n", 4);
	ok(nt_afile_commit(&a) == 0, "commit");
	fp = fopen("a.out", "r");
	fgets(buf, sizeof(buf), fp);
	fclose(fp);
	ok(strcmp(buf, "new\n") == 0, "the new file is in place");
	unlink("a.out");
	ok(nt_lockfile("l") >= 0 && nt_lockfile("l") == -2,
	    "a lock is held once");
	unlink("l");
}

int
main(void)
{
	char dir[] = "/tmp/test_pipe.XXXXXX";

	if (mkdtemp(dir) == NULL || chdir(dir) < 0)
		return 1;
	setenv("NT_SET", "v", 1);
	setenv("NT_EMPTY", "", 1);
	unsetenv("NT_UNSET");
	ok(expands("a ${NT_SET} b", "a v b"), "${VAR}");
	ok(expands("${NT_UNSET:-d/e}", "d/e"), "${VAR:-default} unset");
	ok(expands("${NT_EMPTY:-d}", "d"), "${VAR:-default} empty");
	ok(expands("${NT_SET:-d}", "v"), "${VAR:-default} set");
	ok(expands("${NT_EMPTY}x", "x"), "an empty variable");
	ok(expands("$$HOME $x a$", "$HOME $x a$"), "$$ and a lone $");
	ok(fails("${NT_UNSET}", "variable 'NT_UNSET' is not set"),
	    "an unset variable is an error");
	ok(fails("${1X}", "bad variable reference"), "a bad name");
	ok(fails("${NT_SET:-x", "no '}'"), "an unclosed default");
	ok(quotes("plain/path-1.yaml", "plain/path-1.yaml"), "plain words");
	ok(quotes("it's here", "'it'\\''s here'"), "quotes");
	ok(quotes("", "''"), "the empty word");
	test_load();
	test_describe();
	test_state();
	test_afile();
	chdir("/");
	rmdir(dir);
	return failed;
}
