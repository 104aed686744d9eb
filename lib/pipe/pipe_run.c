/*
 * Running a pipeline: npipe forks a feeder that copies the inputs (from
 * their saved offsets, up to whole lines) into the first step, starts
 * each step with posix_spawn joined by pipes, and itself copies the last
 * step's output to where it goes, counting records for --progress.  Only
 * when every step has finished well is the output made permanent, then
 * the input offsets: a run killed at any instant is repeated whole by
 * the next (at-least-once).
 *
 * A step with a state file of its own (an option named "state", as
 * ndedupe's) keeps it, and locks it, itself: npipe never touches it.
 * What the step learns in a run must not be committed before the output
 * that holds those records is, or a run killed in between would lose
 * them for good (the next run would drop them as seen).  So such a step
 * gets a commit gate (core/lock.h): at the end of its input it says how
 * it would exit and waits; npipe answers "commit" only after the output
 * and the offsets are safe, and a run that fails or is killed closes the
 * gate, and the step forgets the run.  A kill between the offsets and
 * the step's commit costs only memory: the records are in the output,
 * and a later copy of them passes the step again.
 */
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/cli.h"
#include "pipe/pipe.h"
#include "pipe/pipe_state.h"
#include "core/util.h"

#define EX_TEMPFAIL	75
#define CHUNK		(256 * 1024)

extern char **environ;

struct input {
	char		*path;		/* NULL: standard input */
	int		 fd;
	struct stat	 st;
	uint64_t	 start, end;	/* end UINT64_MAX: to the end */
	uint64_t	 startline;	/* lines before start */
	int		 tracked;	/* its offset is kept in the state */
};

/* What the feeder tells the parent, in memory both share. */
struct counters {
	uint64_t	 recs;
	uint64_t	 bytes;
	int		 done;		/* every input was written */
	uint64_t	 lines[];	/* per input: the lines written */
};

struct run {
	struct nt_pipe	*p;
	struct input	*in;
	size_t		 nin;
	const char	*output;	/* NULL: standard output */
	struct stat	 outst;		/* the output file before the run */
	int		 outfd;
	struct nt_afile	 afile;
	int		 atomic;
	int		 lockfd;
	char		*statefile;	/* DIR/NAME.offsets */
	struct nt_pstate state;
	int		*gate;		/* per step: npipe's end of its commit */
					/* gate (core/lock.h), or -1 */
	int		*held;		/* the step waits at its gate */
	pid_t		*pid;		/* steps, then the feeder */
	int		*status;
	volatile struct counters *cnt;
	uint64_t	 outrecs, outbytes;
	enum nt_progress progress;
};

/* The pids the signal handler forwards to; 0 once reaped. */
static pid_t *volatile sigpid;
static volatile size_t nsigpid;
static volatile sig_atomic_t gotsig;

static void
onsig(int sig)
{
	int e = errno;
	size_t i;

	if (gotsig == 0)
		gotsig = sig;
	for (i = 0; i < nsigpid; i++)
		if (sigpid[i] > 0)
			kill(sigpid[i], sig);
	errno = e;
}

static const char *
signame(int sig, char *buf, size_t n)
{
	const char *abbrev = sigabbrev_np(sig);

	if (abbrev != NULL)
		snprintf(buf, n, "SIG%s", abbrev);
	else
		snprintf(buf, n, "signal %d", sig);
	return buf;
}

static int
hasglob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static void
addinput(struct run *r, const char *path, int globbed)
{
	struct input *in;
	struct stat st;
	size_t i;
	int fd;

	if (strcmp(path, "-") == 0) {
		r->in = nt_ereallocarray(r->in, r->nin + 1, sizeof(*r->in));
		in = &r->in[r->nin++];
		memset(in, 0, sizeof(*in));
		in->fd = 0;
		in->end = UINT64_MAX;
		return;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		nt_fatal("%s", path);
	if (fstat(fd, &st) < 0)
		nt_fatal("%s", path);
	if (S_ISDIR(st.st_mode))
		nt_fatalx("%s: is a directory", path);
	/* Reading what the run writes would never end, or read it twice. */
	if (r->output != NULL && S_ISREG(st.st_mode) &&
	    st.st_dev == r->outst.st_dev && st.st_ino == r->outst.st_ino) {
		if (!globbed)
			nt_fatalx("%s: is the output too", path);
		close(fd);
		return;
	}
	/* A file named twice (two globs that overlap) is read once. */
	for (i = 0; i < r->nin; i++)
		if (r->in[i].path != NULL && r->in[i].st.st_dev == st.st_dev &&
		    r->in[i].st.st_ino == st.st_ino) {
			close(fd);
			return;
		}
	r->in = nt_ereallocarray(r->in, r->nin + 1, sizeof(*r->in));
	in = &r->in[r->nin++];
	in->path = nt_estrdup(path);
	in->fd = fd;
	in->st = st;
	in->start = in->startline = 0;
	in->end = UINT64_MAX;
	in->tracked = r->p->state != NULL && S_ISREG(st.st_mode);
	if (!in->tracked)
		return;
	in->start = nt_pstate_resume(&r->state, fd, &st, &in->startline);
	if (in->startline == NT_NOLINE &&
	    nt_countlines(fd, 0, in->start, &in->startline) < 0)
		nt_fatal("%s", path);
	if (nt_lastline(fd, in->start, (uint64_t)st.st_size, &in->end) < 0)
		nt_fatal("%s", path);
}

static void
openinputs(struct run *r, char **inputs, size_t ninputs)
{
	char **pat = ninputs > 0 ? inputs : r->p->input;
	size_t npat = ninputs > 0 ? ninputs : r->p->ninput, i, j;
	glob_t g;
	int e;

	if (npat == 0)
		addinput(r, "-", 0);
	for (i = 0; i < npat; i++) {
		if (ninputs > 0 || !hasglob(pat[i])) {
			addinput(r, pat[i], 0);
			continue;
		}
		/* A glob that matches nothing is no input yet, not an error. */
		if ((e = glob(pat[i], 0, NULL, &g)) == GLOB_NOMATCH)
			continue;
		if (e != 0)
			nt_fatalx("%s: cannot expand the pattern", pat[i]);
		for (j = 0; j < g.gl_pathc; j++)
			addinput(r, g.gl_pathv[j], 1);
		globfree(&g);
	}
}

static void
openoutput(struct run *r)
{
	struct stat st;

	r->outfd = 1;
	if (r->output == NULL)
		return;
	/* A device or a FIFO is written to, never replaced. */
	if (stat(r->output, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((r->outfd = open(r->output, O_WRONLY | O_CLOEXEC |
		    (r->p->append ? O_APPEND : 0))) < 0)
			nt_fatal("%s", r->output);
		return;
	}
	if (!r->p->append) {
		if (nt_afile_open(&r->afile, r->output) < 0)
			nt_fatal("%s", r->output);
		r->outfd = r->afile.fd;
		r->atomic = 1;
		return;
	}
	if ((r->outfd = open(r->output, O_WRONLY | O_APPEND | O_CREAT |
	    O_CLOEXEC, 0666)) < 0 || fstat(r->outfd, &st) < 0)
		nt_fatal("%s", r->output);
	/*
	 * What a killed run appended after the last commit comes again
	 * from the inputs in this run: cut it, so that nothing is doubled
	 * and no record is left half-written.
	 */
	if (r->state.out != NULL && S_ISREG(st.st_mode) &&
	    r->state.outdev == (uint64_t)st.st_dev &&
	    r->state.outino == (uint64_t)st.st_ino &&
	    (uint64_t)st.st_size > r->state.outsize) {
		warnx("%s: removing %llu bytes an interrupted run left",
		    r->output, (unsigned long long)((uint64_t)st.st_size -
		    r->state.outsize));
		if (ftruncate(r->outfd, (off_t)r->state.outsize) < 0 ||
		    fsync(r->outfd) < 0)
			nt_fatal("%s", r->output);
		return;
	}
	/*
	 * A file new to the state: note where it ends before anything is
	 * appended, so that even a first run, killed, can be cut back.
	 */
	if (r->statefile != NULL && S_ISREG(st.st_mode) &&
	    (r->state.out == NULL || r->state.outdev != (uint64_t)st.st_dev ||
	    r->state.outino != (uint64_t)st.st_ino ||
	    r->state.outsize != (uint64_t)st.st_size)) {
		free(r->state.out);
		r->state.out = nt_estrdup(r->output);
		r->state.outdev = (uint64_t)st.st_dev;
		r->state.outino = (uint64_t)st.st_ino;
		r->state.outsize = (uint64_t)st.st_size;
		if (fsync(r->outfd) < 0 ||
		    nt_pstate_save(&r->state, r->statefile) < 0)
			nt_fatal("%s", r->statefile);
	}
}

/*
 * Tell the first step where input i begins (io.h, NTOOLS_SOURCE_FD): its
 * next line is line startline + 1 of the file.  A step that does not
 * read what it is told, and lets the channel fill, is told no more.
 */
static void
announce(struct run *r, size_t i, int *src)
{
	struct nt_buf b = NT_BUF_INIT;
	const struct input *in = &r->in[i];
	size_t k;

	if (*src < 0)
		return;
	nt_buf_printf(&b, "%llu\t%llu\t", (unsigned long long)r->cnt->recs + 1,
	    (unsigned long long)in->startline + 1);
	k = b.len;
	nt_buf_adds(&b, in->path != NULL ? in->path : "stdin");
	for (; k < b.len; k++)
		if (b.p[k] == '\n')
			b.p[k] = '?';
	nt_buf_addc(&b, '\n');
	if (nt_writeall(*src, b.p, b.len) < 0) {
		close(*src);
		*src = -1;
	}
	nt_buf_free(&b);
}

/* The feeder's body, in its own process; never returns. */
static void __attribute__((noreturn))
feed(struct run *r, int out, int src)
{
	char *buf = nt_emalloc(CHUNK);
	struct input *in;
	uint64_t pos, left;
	size_t i, want;
	ssize_t n;
	char last;
	const char *q, *end;

	for (i = 0; i < r->nin; i++) {
		in = &r->in[i];
		pos = in->start;
		left = in->end - in->start;
		if (in->path != NULL && lseek(in->fd, (off_t)pos, SEEK_SET) < 0)
			nt_fatal("%s", in->path);
		if (left > 0)
			announce(r, i, &src);
		last = '\n';
		while (left > 0) {
			want = left < CHUNK ? (size_t)left : CHUNK;
			if ((n = read(in->fd, buf, want)) < 0) {
				if (errno == EINTR)
					continue;
				nt_fatal("%s", in->path ? in->path : "stdin");
			}
			if (n == 0)
				break;
			for (q = buf, end = buf + n;
			    (q = memchr(q, '\n', (size_t)(end - q))) != NULL;
			    q++) {
				r->cnt->recs++;
				r->cnt->lines[i]++;
			}
			last = buf[n - 1];
			if (nt_writeall(out, buf, (size_t)n) < 0)
				nt_fatal("writing to step 1");
			r->cnt->bytes += (uint64_t)n;
			if (in->end != UINT64_MAX)
				left -= (uint64_t)n;
		}
		/* A last line without '\n' is a record of its own. */
		if (last != '\n') {
			if (nt_writeall(out, "\n", 1) < 0)
				nt_fatal("writing to step 1");
			r->cnt->recs++;
			r->cnt->lines[i]++;
		}
	}
	r->cnt->done = 1;
	_exit(0);
}

/* The environment with var[0..n) ("NAME=value", borrowed) set. */
static char **
withenv(char **var, size_t nvar)
{
	size_t n = 0, i, k, len;
	char **env;

	while (environ[n] != NULL)
		n++;
	env = nt_ecalloc(n + nvar + 1, sizeof(*env));
	for (i = n = 0; environ[i] != NULL; i++) {
		for (k = 0; k < nvar; k++) {
			len = strcspn(var[k], "=") + 1;
			if (strncmp(environ[i], var[k], len) == 0)
				break;
		}
		if (k == nvar)
			env[n++] = environ[i];
	}
	for (k = 0; k < nvar; k++)
		env[n++] = var[k];
	return env;
}

/*
 * Start step i reading in and writing out; src is the read end of the
 * source channel (io.h) for the first step, or -1.  A step with a state
 * file gets its commit gate.  Returns its pid, or -1 (said).
 */
static pid_t
spawnstep(struct run *r, size_t i, int in, int out, int src)
{
	posix_spawn_file_actions_t fa;
	struct nt_pstep *s = &r->p->step[i];
	char **argv, **env, var[2][64], *vars[2];
	size_t j, nvar = 0;
	int e, gate[2] = { -1, -1 };
	pid_t pid;

	argv = nt_ecalloc(s->nopt + 2, sizeof(*argv));
	argv[0] = s->prog;
	for (j = 0; j < s->nopt; j++)
		argv[j + 1] = s->opt[j].arg;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, 0);
	posix_spawn_file_actions_adddup2(&fa, out, 1);
	/* Each extra descriptor keeps its number: only close-on-exec goes. */
	if (src >= 0) {
		posix_spawn_file_actions_adddup2(&fa, src, src);
		snprintf(var[nvar], sizeof(var[0]), "NTOOLS_SOURCE_FD=%d", src);
		vars[nvar] = var[nvar];
		nvar++;
	}
	if (s->stateopt >= 0 && s->opt[s->stateopt].value != NULL) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, gate) < 0)
			nt_fatal("socketpair");
		r->gate[i] = gate[0];
		posix_spawn_file_actions_adddup2(&fa, gate[1], gate[1]);
		snprintf(var[nvar], sizeof(var[0]), "NTOOLS_COMMIT_FD=%d",
		    gate[1]);
		vars[nvar] = var[nvar];
		nvar++;
	}
	env = nvar > 0 ? withenv(vars, nvar) : NULL;
	e = nt_pipe_spawn(&pid, s->path, argv, &fa, env);
	posix_spawn_file_actions_destroy(&fa);
	if (gate[1] >= 0)
		close(gate[1]);
	free(env);
	free(argv);
	if (e != 0) {
		errno = e;
		warn("step %zu (%s): %s", i + 1, s->prog, s->path);
		return -1;
	}
	return pid;
}

/* Start the steps and the feeder; returns the last step's output. */
static int
spawnall(struct run *r, int *closefd, size_t nclose)
{
	int (*fd)[2], last, src[2] = { -1, -1 };
	size_t i, n = r->p->nstep;
	pid_t pid, parent;

	fd = nt_ecalloc(n + 1, sizeof(*fd));
	for (i = 0; i <= n; i++) {
		if (pipe2(fd[i], O_CLOEXEC) < 0)
			nt_fatal("pipe");
		/* Fewer, larger hand-overs between the processes. */
		(void)fcntl(fd[i][1], F_SETPIPE_SZ, 1 << 20);
	}
	/* Where each input begins, for the first step's messages. */
	if (!r->p->step[0].foreign) {
		if (pipe2(src, O_CLOEXEC) < 0)
			nt_fatal("pipe");
		(void)fcntl(src[1], F_SETPIPE_SZ, 1 << 20);
	}
	for (i = 0; i < n; i++)
		r->pid[i] = spawnstep(r, i, fd[i][0], fd[i + 1][1],
		    i == 0 ? src[0] : -1);
	if (src[0] >= 0)
		close(src[0]);

	/*
	 * The feeder: a fork of npipe that writes into the first pipe.  It
	 * dies with npipe, so that the steps of a killed run see the end
	 * of their input and are gone soon after.
	 */
	parent = getpid();
	if ((pid = fork()) < 0)
		nt_fatal("fork");
	if (pid == 0) {
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
			_exit(NT_EXIT_FATAL);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		for (i = 0; i < nclose; i++)
			if (closefd[i] >= 0)
				close(closefd[i]);
		for (i = 0; i < n; i++)
			if (r->gate[i] >= 0)
				close(r->gate[i]);
		for (i = 0; i <= n; i++) {
			close(fd[i][0]);
			if (i > 0)
				close(fd[i][1]);
		}
		if (src[1] >= 0)
			(void)fcntl(src[1], F_SETFL, O_NONBLOCK);
		feed(r, fd[0][1], src[1]);
	}
	if (src[1] >= 0)
		close(src[1]);
	r->pid[n] = pid;
	for (i = 0; i <= n; i++) {
		close(fd[i][1]);
		if (i < n)
			close(fd[i][0]);
	}
	last = fd[n][0];
	free(fd);
	return last;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
progress(struct run *r, double dt, uint64_t dbytes, int final)
{
	char line[160];
	double mbs = dt > 0 ? (double)dbytes / dt / 1e6 : 0;

	snprintf(line, sizeof(line), "npipe: %llu records in, %llu out, "
	    "%.1f MB/s", (unsigned long long)r->cnt->recs,
	    (unsigned long long)r->outrecs, mbs);
	if (r->progress == NT_PROGRESS_TTY)
		fprintf(stderr, "\r%s\033[K%s", line, final ? "\n" : "");
	else
		fprintf(stderr, "%s\n", line);
	fflush(stderr);
}

/*
 * Copy the last step's output to its place until the end.  Returns 0,
 * -1 after an error writing the output (said), -2 when standard output
 * was closed under us.
 */
static int
drain(struct run *r, int fd)
{
	char *buf = nt_emalloc(CHUNK);
	struct pollfd pfd;
	double t0, tick, t;
	uint64_t lastbytes = 0, startbytes = 0;
	const char *q, *end;
	ssize_t n;
	int ret = 0, timeout;

	pfd.fd = fd;
	pfd.events = POLLIN;
	t0 = tick = now();
	for (;;) {
		timeout = -1;
		if (r->progress != NT_PROGRESS_OFF) {
			t = now();
			if (t >= tick + 1) {
				progress(r, t - tick, r->cnt->bytes -
				    lastbytes, 0);
				lastbytes = r->cnt->bytes;
				tick = t;
			}
			timeout = (int)((tick + 1 - t) * 1000) + 1;
		}
		if (poll(&pfd, 1, timeout) < 0) {
			if (errno == EINTR)
				continue;
			nt_fatal("poll");
		}
		if (pfd.revents == 0)
			continue;
		if ((n = read(fd, buf, CHUNK)) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			nt_fatal("reading from the last step");
		}
		if (n == 0)
			break;
		for (q = buf, end = buf + n;
		    (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
			r->outrecs++;
		r->outbytes += (uint64_t)n;
		if (nt_writeall(r->outfd, buf, (size_t)n) < 0) {
			if (errno == EPIPE && r->output == NULL) {
				ret = -2;
				break;
			}
			warn("%s", r->output ? r->output : "stdout");
			ret = -1;
			break;
		}
	}
	if (r->progress != NT_PROGRESS_OFF)
		progress(r, now() - t0, r->cnt->bytes - startbytes, 1);
	close(fd);
	free(buf);
	return ret;
}

/*
 * Has step i stopped at its gate?  Then its status is the one it says
 * it will exit with.  A step that ends without a word (it failed, or
 * does not know of gates) has closed its end.
 */
static int
atgate(struct run *r, size_t i)
{
	char c;
	ssize_t n;

	while ((n = read(r->gate[i], &c, 1)) < 0 && errno == EINTR)
		;
	if (n != 1 || c < '0' || c > '9')
		return 0;
	r->held[i] = 1;
	r->status[i] = (c - '0') << 8;	/* as waitpid gives an exit status */
	return 1;
}

/*
 * Tell the steps held at their gates to commit (or, when commit is 0,
 * to forget the run), close every gate, and reap them.  Returns 0, or
 * 1 when a step could not commit (said).
 */
static int
release(struct run *r, int commit)
{
	size_t i;
	int st, bad = 0;

	for (i = 0; i < r->p->nstep; i++) {
		if (r->gate[i] < 0)
			continue;
		if (r->held[i] && commit)
			(void)!send(r->gate[i], "c", 1, MSG_NOSIGNAL);
		close(r->gate[i]);
		r->gate[i] = -1;
		if (!r->held[i])
			continue;
		while (waitpid(r->pid[i], &st, 0) < 0)
			if (errno != EINTR)
				nt_fatal("waitpid");
		r->pid[i] = 0;
		r->held[i] = 0;
		if (commit && st != r->status[i]) {
			warnx("step %zu (%s) could not record this run in its "
			    "state; the output is complete, and its records "
			    "will pass that step again", i + 1,
			    r->p->step[i].prog);
			bad = 1;
		}
	}
	return bad;
}

static void
reap(struct run *r)
{
	size_t i, n = r->p->nstep + 1;
	int st;

	for (i = 0; i < n; i++) {
		if (r->pid[i] <= 0) {
			r->status[i] = -1;
			continue;
		}
		/*
		 * Once the first step is gone nobody reads what the feeder
		 * writes; it may be waiting on a terminal for nothing.
		 */
		if (i == n - 1)
			kill(r->pid[i], SIGKILL);
		if (i < n - 1 && r->gate[i] >= 0 && atgate(r, i))
			continue;
		while (waitpid(r->pid[i], &st, 0) < 0)
			if (errno != EINTR)
				nt_fatal("waitpid");
		r->pid[i] = 0;
		r->status[i] = st;
	}
}

/*
 * What the steps' statuses add up to: 0, 3 when some step rejected
 * records but every one finished, or the first failure's status (said
 * on stderr).  A process killed by SIGPIPE only followed a failure
 * further down; when nothing else failed, the step after the last one
 * so killed stopped reading early, and records went unread: that is a
 * failure too.
 */
static int
verdict(struct run *r)
{
	size_t i, n = r->p->nstep;
	int st, lastpipe = -1, rejected = -1;
	char name[32];

	for (i = 0; i < n; i++) {
		st = r->status[i];
		if (st == -1)
			return NT_EXIT_FATAL;
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE) {
			lastpipe = (int)i;
			continue;
		}
		if (WIFSIGNALED(st)) {
			warnx("step %zu (%s) was killed by %s", i + 1,
			    r->p->step[i].prog, signame(WTERMSIG(st), name,
			    sizeof(name)));
			return 128 + WTERMSIG(st);
		}
		if (WEXITSTATUS(st) == NT_EXIT_REJECT) {
			if (rejected < 0)
				rejected = (int)i;
			continue;
		}
		if (WEXITSTATUS(st) != 0) {
			warnx("step %zu (%s) exited with status %d", i + 1,
			    r->p->step[i].prog, WEXITSTATUS(st));
			return WEXITSTATUS(st);
		}
	}
	/* The feeder has said what went wrong when it exits 1. */
	st = r->status[n];
	if (WIFEXITED(st) && WEXITSTATUS(st) != 0)
		return NT_EXIT_FATAL;
	if (lastpipe >= 0 && (size_t)lastpipe + 1 < n) {
		warnx("step %d (%s) ended before reading all its input",
		    lastpipe + 2, r->p->step[lastpipe + 1].prog);
		return NT_EXIT_FATAL;
	}
	if (lastpipe >= 0) {
		warnx("step %d (%s) was killed by SIGPIPE", lastpipe + 1,
		    r->p->step[lastpipe].prog);
		return 128 + SIGPIPE;
	}
	if (!r->cnt->done) {
		warnx("step 1 (%s) ended before reading all its input",
		    r->p->step[0].prog);
		return NT_EXIT_FATAL;
	}
	if (rejected >= 0) {
		warnx("step %d (%s) exited with status 3 (some records "
		    "rejected)", rejected + 1, r->p->step[rejected].prog);
		return NT_EXIT_REJECT;
	}
	return 0;
}

/* Make the output permanent, then the offsets.  0, or 1 (said). */
static int
commit(struct run *r)
{
	struct nt_pstate next;
	struct stat st;
	char tail[41];
	size_t i;
	int bad = 0;

	if (r->atomic) {
		if (nt_afile_commit(&r->afile) < 0) {
			warn("%s", r->output);
			return NT_EXIT_FATAL;
		}
		r->atomic = 0;
	} else if (fstat(r->outfd, &st) == 0 && S_ISREG(st.st_mode) &&
	    fsync(r->outfd) < 0) {
		warn("%s", r->output ? r->output : "stdout");
		return NT_EXIT_FATAL;
	}
	if (r->statefile == NULL)
		return 0;
	memset(&next, 0, sizeof(next));
	for (i = 0; i < r->nin; i++) {
		if (!r->in[i].tracked)
			continue;
		if (nt_pstate_tail(r->in[i].fd, r->in[i].end, tail) < 0) {
			warn("%s", r->in[i].path);
			nt_pstate_free(&next);
			return NT_EXIT_FATAL;
		}
		nt_pstate_add(&next, r->in[i].path, &r->in[i].st,
		    (uint64_t)r->in[i].st.st_size, r->in[i].end,
		    r->in[i].startline + r->cnt->lines[i], tail);
	}
	if (r->output != NULL && r->p->append && fstat(r->outfd, &st) == 0) {
		next.out = nt_estrdup(r->output);
		next.outdev = (uint64_t)st.st_dev;
		next.outino = (uint64_t)st.st_ino;
		next.outsize = (uint64_t)st.st_size;
	}
	if (nt_pstate_save(&next, r->statefile) < 0) {
		warn("%s", r->statefile);
		bad = 1;
	}
	nt_pstate_free(&next);
	return bad ? NT_EXIT_FATAL : 0;
}

static void
lockstate(struct run *r)
{
	struct nt_buf b = NT_BUF_INIT, err = NT_BUF_INIT;

	if (nt_mkdirs(r->p->state) < 0)
		nt_fatal("%s", r->p->state);
	nt_buf_printf(&b, "%s/%s.lock", r->p->state, r->p->name);
	switch (r->lockfd = nt_lockfile(b.p)) {
	case -2:
		warnx("%s: another run of %s is still going (%s is locked)",
		    r->p->file, r->p->name, b.p);
		exit(EX_TEMPFAIL);
	case -1:
		nt_fatal("%s", b.p);
	}
	nt_buf_reset(&b);
	nt_buf_printf(&b, "%s/%s.offsets", r->p->state, r->p->name);
	r->statefile = nt_estrdup(b.p);
	if (nt_pstate_load(&r->state, r->statefile, &err) < 0)
		nt_fatalx("%s", err.p);
	nt_buf_free(&b);
	nt_buf_free(&err);
}

int
nt_pipe_run(struct nt_pipe *p, char **inputs, size_t ninputs,
    const char *output, enum nt_progress prog)
{
	struct run r;
	struct sigaction sa;
	size_t i, n = p->nstep;
	int ret, c, closefd[1], lastfd;
	char name[32];
	void *cntmem;
	size_t cntsize;

	memset(&r, 0, sizeof(r));
	r.p = p;
	r.lockfd = -1;
	r.afile.fd = -1;
	r.progress = prog;
	r.output = output ? output : p->output;
	if (r.output != NULL && strcmp(r.output, "-") == 0)
		r.output = NULL;
	if (p->state != NULL)
		lockstate(&r);
	if (r.output != NULL && stat(r.output, &r.outst) < 0)
		memset(&r.outst, 0, sizeof(r.outst));
	openinputs(&r, inputs, ninputs);
	openoutput(&r);

	cntsize = sizeof(*r.cnt) + r.nin * sizeof(r.cnt->lines[0]);
	cntmem = mmap(NULL, cntsize, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (cntmem == MAP_FAILED)
		nt_fatal("mmap");
	r.cnt = cntmem;
	r.pid = nt_ecalloc(n + 1, sizeof(*r.pid));
	r.status = nt_ecalloc(n + 1, sizeof(*r.status));
	r.gate = nt_ecalloc(n, sizeof(*r.gate));
	r.held = nt_ecalloc(n, sizeof(*r.held));
	for (i = 0; i < n; i++)
		r.gate[i] = -1;

	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onsig;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigpid = r.pid;
	nsigpid = n + 1;

	/*
	 * Every process of the run holds the lock, so that the next run
	 * cannot start while a step of a killed one is still at work (on
	 * its state file, say).
	 */
	if (r.lockfd >= 0 && fcntl(r.lockfd, F_SETFD, 0) < 0)
		nt_fatal("%s", p->state);
	closefd[0] = r.outfd == 1 ? -1 : r.outfd;
	lastfd = spawnall(&r, closefd, 1);
	/* A signal that came while the steps were starting. */
	if (gotsig != 0)
		for (i = 0; i <= n; i++)
			if (r.pid[i] > 0)
				kill(r.pid[i], gotsig);

	ret = drain(&r, lastfd);
	reap(&r);
	nsigpid = 0;

	if (ret == -2) {
		/* Standard output was closed: end as a shell pipeline would. */
		nt_afile_abort(&r.afile);
		release(&r, 0);
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		ret = NT_EXIT_FATAL;
	} else if (gotsig != 0) {
		warnx("interrupted by %s; nothing was committed",
		    signame(gotsig, name, sizeof(name)));
		ret = 128 + gotsig;
	} else if (ret == -1)
		ret = NT_EXIT_FATAL;
	else if ((ret = verdict(&r)) == 0 || ret == NT_EXIT_REJECT) {
		if ((c = commit(&r)) != 0)
			ret = c;
		else if (release(&r, 1) != 0)
			ret = NT_EXIT_FATAL;
	}
	/* Whatever was not committed is forgotten by the steps too. */
	release(&r, 0);

	if (r.atomic)
		nt_afile_abort(&r.afile);
	if (r.outfd > 2)
		close(r.outfd);
	free(r.gate);
	free(r.held);
	for (i = 0; i < r.nin; i++) {
		if (r.in[i].path != NULL)
			close(r.in[i].fd);
		free(r.in[i].path);
	}
	free(r.in);
	free(r.pid);
	free(r.status);
	munmap(cntmem, cntsize);
	nt_pstate_free(&r.state);
	free(r.statefile);
	if (r.lockfd >= 0)
		close(r.lockfd);
	return ret;
}
