/*
 * pipe_desc: what npipe asks of the programs it runs.  Each ntools
 * program describes its own options (--describe-options, the format in
 * cli.h and ntools(7)); npipe asks each program once per process and
 * keeps what it made of the answer in the struct nt_pipe, so that no
 * table of other programs' options lives here.  A program that does not answer in the format is
 * no ntools program, and its step is an error.  One thread.
 */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cli.h"
#include "core/util.h"
#include "pipe/pipe.h"

int
nt_pipe_capture(const char *path, char **argv, int fd, struct nt_buf *out)
{
	posix_spawn_file_actions_t fa;
	int p[2], status, e;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		nt_fatal("pipe");
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, fd == 1 ? 2 : 1, "/dev/null",
	    O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], fd);
	e = nt_pipe_spawn(&pid, path, argv, &fa, NULL);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (e != 0) {
		close(p[0]);
		nt_buf_printf(out, "%s: %s\n", path, strerror(e));
		return 127;
	}
	(void)nt_readfd(p[0], out);
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			nt_fatal("waitpid");
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

void
nt_pdesc_free(struct nt_pdesc *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nopt; i++)
		free(d->opt[i].name);
	free(d->opt);
	free(d->path);
	free(d);
}

/* The index of s in words (NULL-terminated), or -1. */
static int
word(const char *s, size_t n, const char *const *words)
{
	int i;

	for (i = 0; words[i] != NULL; i++)
		if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0)
			return i;
	return -1;
}

/* One line "name<TAB>arg|flag<TAB>once|repeat|list<TAB>help": 0 or -1. */
static int
parseline(struct nt_pdesc *d, const char *line, size_t len)
{
	static const char *const kinds[] = { "flag", "arg", NULL };
	static const char *const uses[] = { "once", "repeat", "list", NULL };
	const char *f[4], *end = line + len, *tab;
	size_t flen[3];
	int i, kind, use;

	f[0] = line;
	for (i = 0; i < 3; i++) {
		if ((tab = memchr(f[i], '\t', (size_t)(end - f[i]))) == NULL)
			return -1;
		flen[i] = (size_t)(tab - f[i]);
		f[i + 1] = tab + 1;
	}
	if (flen[0] == 0 || memchr(f[0], ' ', flen[0]) != NULL ||
	    (kind = word(f[1], flen[1], kinds)) < 0 ||
	    (use = word(f[2], flen[2], uses)) < 0)
		return -1;
	d->opt = nt_ereallocarray(d->opt, d->nopt + 1, sizeof(*d->opt));
	d->opt[d->nopt].name = nt_estrndup(f[0], flen[0]);
	d->opt[d->nopt].arg = kind;
	d->opt[d->nopt].use = use == 1 ? NT_USE_REPEAT : use == 2 ?
	    NT_USE_LIST : NT_USE_ONCE;
	d->nopt++;
	return 0;
}

/*
 * Parse the answer, one option a line; 0, or the 1-based number of the
 * first line not in the format.
 */
static size_t
parse(struct nt_pdesc *d, const char *s)
{
	const char *nl;
	size_t n;

	for (n = 1; *s != '\0'; s = nl + 1, n++)
		if ((nl = strchr(s, '\n')) == NULL ||
		    parseline(d, s, (size_t)(nl - s)) < 0)
			return n;
	return d->nopt > 0 ? 0 : 1;
}

/*
 * What each program answered, kept for the life of the process: a
 * process that loads many pipelines (a test, a fuzz target) asks each
 * program once.  The answers are never freed.
 */
struct answer {
	char	*path;
	char	*text;		/* its standard output */
	int	 status;	/* as nt_pipe_capture returns it */
};

static struct answer *answers;
static size_t nanswers;

static const struct answer *
answer(const char *path)
{
	static char describe[] = "--describe-options";
	struct nt_buf out = NT_BUF_INIT;
	char *argv[3], *base;
	struct answer *a;
	size_t i;

	for (i = 0; i < nanswers; i++)
		if (strcmp(answers[i].path, path) == 0)
			return &answers[i];
	answers = nt_ereallocarray(answers, nanswers + 1, sizeof(*answers));
	a = &answers[nanswers++];
	a->path = nt_estrdup(path);
	base = strrchr(a->path, '/');
	argv[0] = base != NULL ? base + 1 : a->path;
	argv[1] = describe;
	argv[2] = NULL;
	nt_buf_grow(&out, 0);
	a->status = nt_pipe_capture(path, argv, 1, &out);
	a->text = nt_estrndup(out.p, out.len);
	nt_buf_free(&out);
	return a;
}

/* Ask the program; fills d, or says in why what went wrong. */
static void
ask(struct nt_pdesc *d, struct nt_buf *why)
{
	const struct answer *a = answer(d->path);
	size_t bad = 0, n = strlen(a->text);
	int st = a->status;

	if (st == 0)
		bad = parse(d, a->text);
	d->ok = st == 0 && bad == 0;
	nt_buf_reset(why);
	if (st == 127 && n > 0)
		nt_buf_add(why, a->text, n - 1);
	else if (st != 0)
		nt_buf_printf(why, "%s --describe-options failed with status "
		    "%d: not an ntools program", d->path, st);
	else if (bad > 0)
		nt_buf_printf(why, "%s --describe-options: line %zu is not "
		    "'name, arg|flag, once|repeat|list, help': not an ntools "
		    "program", d->path, bad);
}

const struct nt_pdesc *
nt_pipe_describe(struct nt_pipe *p, const char *path, struct nt_buf *why)
{
	struct nt_pdesc *d;
	size_t i;

	for (i = 0; i < p->ndesc; i++)
		if (strcmp(p->desc[i]->path, path) == 0)
			break;
	if (i == p->ndesc) {
		d = nt_ecalloc(1, sizeof(*d));
		d->path = nt_estrdup(path);
		ask(d, why);
		p->desc = nt_ereallocarray(p->desc, p->ndesc + 1,
		    sizeof(*p->desc));
		p->desc[p->ndesc++] = d;
	} else if (!p->desc[i]->ok) {
		nt_buf_reset(why);
		nt_buf_printf(why, "%s did not describe its options: not an "
		    "ntools program", path);
	}
	return p->desc[i]->ok ? p->desc[i] : NULL;
}
