#include <sys/wait.h>

#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "pipe/engine.h"
#include "pipe/pipe.h"

/* What the script is for. */
struct eng {
	int		 jobs;		/* shards, and parallel's job slots */
	int		 slurm;		/* sbatch job arrays, not parallel */
	const char	*ssh;		/* parallel's --sshlogin, or NULL */
	struct nt_buf	 phases;	/* the per-shard phases' names */
	struct nt_buf	 remember;	/* ndedupe --state's, once published */
};

/* The options of a last nstats that its --merge takes instead. */
static const char *const merge_opts[] = { "format", "max-keys", "top",
	NULL };

static int
is_prog(const struct nt_pstep *s, const char *name)
{
	return !s->foreign && strcmp(s->prog, name) == 0;
}

static int
in_list(const char *const *l, const char *name)
{
	for (; *l != NULL; l++)
		if (strcmp(*l, name) == 0)
			return 1;
	return 0;
}

/*
 * Step s as words of a command, extra (shell words, as they are) after
 * its program: with only (a list), just the options it names; with
 * skip, all but those.
 */
static void
command(struct nt_buf *out, const struct nt_pstep *s, const char *extra,
    const char *const *only, const char *const *skip)
{
	size_t i;

	nt_shquote(out, s->path ? s->path : s->prog);
	if (extra != NULL) {
		nt_buf_addc(out, ' ');
		nt_buf_adds(out, extra);
	}
	for (i = 0; i < s->nopt; i++) {
		if ((only != NULL && !in_list(only, s->opt[i].name)) ||
		    (skip != NULL && in_list(skip, s->opt[i].name)))
			continue;
		nt_buf_addc(out, ' ');
		nt_shquote(out, s->opt[i].arg);
	}
}

/* A step in a pipeline that notes its failure in FAIL.fail. */
static void
wrapped(struct nt_buf *out, const struct nt_pstep *s, const char *extra,
    const char *fail)
{
	nt_buf_adds(out, "{ ");
	command(out, s, extra, NULL, NULL);
	nt_buf_printf(out, " || echo $? >>\"%s.fail\"; }", fail);
}

/*
 * Steps [from, to) as one shell pipeline, or cat when there are none.
 * sh(1) has no pipefail: each step that fails says so in the shard's
 * .fail file, which the phase then reads (see phase).
 */
static void
segment(struct nt_buf *out, const struct nt_pipe *p, size_t from, size_t to)
{
	size_t i;

	if (from == to)
		nt_buf_adds(out, "cat");
	for (i = from; i < to; i++) {
		if (i > from)
			nt_buf_adds(out, " | ");
		wrapped(out, &p->step[i], NULL, "$1");
	}
}

/* The script's start: a work directory, the shards. */
static void
prologue(struct nt_buf *out, const struct nt_pipe *p, char **in, size_t nin,
    const struct eng *e)
{
	size_t i;

	nt_buf_printf(out, "#!/bin/sh\n# npipe --engine %s: ",
	    e->slurm ? "slurm" : "parallel");
	nt_buf_adds(out, p->file);
	nt_buf_adds(out, "\nset -eu\nexport LC_ALL=C\n");
	if (e->slurm)
		nt_buf_adds(out, "# Every node must see the work directory.\n"
		    "w=$(mktemp -d \"${NPIPE_WORKDIR:-$PWD}/npipe-slurm."
		    "XXXXXX\")\nmkdir \"$w/done\" \"$w/log\"\ndep=\n");
	else if (e->ssh != NULL)
		nt_buf_adds(out, "# Every host must see the work directory at "
		    "this path.\nw=$(mktemp -d \"${NPIPE_WORKDIR:-$PWD}/"
		    "npipe.XXXXXX\")\nw=$(cd \"$w\" && pwd)\n");
	else
		nt_buf_adds(out, "w=$(mktemp -d \"${TMPDIR:-/tmp}/npipe."
		    "XXXXXX\")\n");
	nt_buf_adds(out, "trap 'rm -rf \"$w\"' EXIT\n"
	    "trap 'exit 130' INT TERM\n"
	    "# Shards cut at line boundaries, numbered from 1 in input order.\n"
	    "cat --");
	for (i = 0; i < nin; i++) {
		nt_buf_addc(out, ' ');
		nt_shquote(out, in[i]);
	}
	nt_buf_printf(out, " >\"$w/in\"\nsplit -n l/%d -d -a 6 \"$w/in\" "
	    "\"$w/s.\"\nrm -f \"$w/in\"\nls \"$w\"/s.* >\"$w/shards\"\n",
	    e->jobs);
	if (e->slurm)
		nt_buf_adds(out, "n=$(wc -l <\"$w/shards\")\n");
}

/*
 * A Slurm job: its script, run with W the work directory; an array
 * job runs the phase NAME.sh on one shard per task and leaves a
 * completion marker.  Each waits for the job before (afterok), and is
 * cancelled if that one failed; the last is waited for.
 */
static void
sbatch(struct nt_buf *out, const char *name, const char *body, int array,
    int last)
{
	nt_buf_printf(out, "cat >\"$w/%s.job\" <<'NPIPE_EOF'\n#!/bin/sh\n"
	    "#SBATCH --job-name=npipe-%s\nset -eu\nexport LC_ALL=C\n"
	    "w=$W\n", name, name);
	if (array)
		nt_buf_printf(out, "t=$SLURM_ARRAY_TASK_ID\n"
		    "sh \"$w/%s.sh\" \"$(sed -n \"${t}p\" \"$w/shards\")\" "
		    "\"$t\" \"$w\"\n: >\"$w/done/%s.$t.tmp\"\n"
		    "mv \"$w/done/%s.$t.tmp\" \"$w/done/%s.$t\"\n",
		    name, name, name, name);
	else
		nt_buf_printf(out, "%s\n", body);
	nt_buf_printf(out, "NPIPE_EOF\ndep=$(sbatch --parsable%s "
	    "--kill-on-invalid-dep=yes ${dep:+--dependency=afterok:$dep} "
	    "--export=ALL,W=\"$w\" -o \"$w/log/%s.%s\"%s "
	    "\"$w/%s.job\")%s\n", array ? " --array=1-$n" : "", name,
	    array ? "%a" : "out", last ? " --wait" : "", name,
	    last ? " || :" : "");
}

/*
 * A per-shard phase: the script body (run as sh FILE shard number
 * workdir, reading shard.IN and writing shard.OUT), and its run.  A
 * step that rejected records (status 3) lets the run go on, to end
 * with status 3 as one process does; any other failure stops it.
 */
static void
phase(struct nt_buf *out, struct eng *e, const char *name, const char *body)
{
	nt_buf_printf(out, "cat >\"$w/%s.sh\" <<'NPIPE_EOF'\nset -eu\n"
	    "export LC_ALL=C\nrm -f \"$1.fail\"\n%s\n"
	    "if [ -s \"$1.fail\" ]; then\n"
	    "\tst=$(grep -vx 3 \"$1.fail\" | head -n 1)\n"
	    "\t[ -z \"$st\" ] || exit \"$st\"\n"
	    "\t: >\"$3/rejected\"\nfi\n"
	    "NPIPE_EOF\n", name, body);
	if (e->slurm) {
		sbatch(out, name, NULL, 1, 0);
		nt_buf_printf(&e->phases, " %s", name);
		return;
	}
	nt_buf_printf(out, "parallel --jobs %d --halt now,fail=1 ", e->jobs);
	if (e->ssh != NULL) {
		nt_buf_adds(out, "--sshlogin ");
		nt_shquote(out, e->ssh);
		nt_buf_addc(out, ' ');
	}
	nt_buf_printf(out, "sh \"$w/%s.sh\" {} {#} \"$w\" :::: "
	    "\"$w/shards\"\n", name);
}

/* A step on all the shards at once: inline, or a Slurm job. */
static void
serial(struct nt_buf *out, const struct eng *e, const char *name,
    const char *body, int last)
{
	if (e->slurm)
		sbatch(out, name, body, 0, last);
	else
		nt_buf_adds(out, body);
}

/* Dedupe step d between the shards' files .IN and .OUT. */
static void
dedupe(struct nt_buf *out, const struct nt_pipe *p, size_t d, size_t to,
    int k, struct eng *e)
{
	struct nt_buf b = NT_BUF_INIT, name = NT_BUF_INIT;
	const struct nt_pstep *s = &p->step[d];

	/* One --pairs reads every d line first: signatures only there. */
	wrapped(&b, s, "--emit-keys --compact --shard \"$2\"", "$1");
	nt_buf_printf(&b, " <\"$1.%d\" >\"$1.k\"", k - 1);
	nt_buf_printf(&name, "keys%d", k);
	phase(out, e, name.p, b.p);
	nt_buf_reset(&b);
	nt_buf_adds(&b, "# The shuffle: key lines sorted, so that each bucket's "
	    "lines meet;\n# then pair lines sorted, so that each record's "
	    "lines meet.\n{ sort -S 25% \"$w\"/s.*.k || echo $? "
	    ">>\"$w/shuffle.fail\"; } | ");
	wrapped(&b, s, "--pairs", "$w/shuffle");
	nt_buf_adds(&b, " | { sort -S 25% || echo $? >>\"$w/shuffle.fail\"; } | ");
	wrapped(&b, s, "--clusters", "$w/shuffle");
	nt_buf_printf(&b, " >\"$w/verdicts%d\"\n"
	    "[ ! -s \"$w/shuffle.fail\" ] || exit \"$(head -n 1 "
	    "\"$w/shuffle.fail\")\"\nrm -f \"$w\"/s.*.k\n", k);
	nt_buf_reset(&name);
	nt_buf_printf(&name, "shuffle%d", k);
	serial(out, e, name.p, b.p, 0);
	nt_buf_reset(&b);
	nt_buf_reset(&name);
	nt_buf_printf(&name, "--apply \"$3/verdicts%d\" --shard \"$2\"", k);
	wrapped(&b, s, name.p, "$1");
	nt_buf_printf(&b, " <\"$1.%d\" | ", k - 1);
	segment(&b, p, d + 1, to);
	nt_buf_printf(&b, " >\"$1.%d\"\nrm -f \"$1.%d\"", k, k - 1);
	nt_buf_reset(&name);
	nt_buf_printf(&name, "apply%d", k);
	phase(out, e, name.p, b.p);
	/*
	 * The verdicts carry what the state is to keep; its one writer
	 * keeps it once the output is published.
	 */
	if (s->stateopt >= 0) {
		command(&e->remember, s, "--clusters", NULL, NULL);
		nt_buf_printf(&e->remember, " <\"$w/verdicts%d\"\n", k);
	}
	nt_buf_free(&b);
	nt_buf_free(&name);
}

/* The shards' outputs joined, or their summaries merged, published. */
static void
publish(struct nt_buf *out, const struct nt_pipe *p, const char *output,
    int last, int stats, int slurm)
{
	const char *redir = p->append ? ">>" : ">";

	if (stats) {
		command(out, &p->step[p->nstep - 1], "--merge", merge_opts,
		    NULL);
		nt_buf_printf(out, " \"$w\"/s.*.%d", last);
	} else
		nt_buf_printf(out, "cat \"$w\"/s.*.%d", last);
	if (output == NULL || strcmp(output, "-") == 0) {
		nt_buf_adds(out, slurm ? " >\"$w/stdout\"\n" : "\n");
		return;
	}
	if (p->append) {
		nt_buf_printf(out, " %s", redir);
		nt_shquote(out, output);
		nt_buf_adds(out, "\nsync -- ");
		nt_shquote(out, output);
		nt_buf_addc(out, '\n');
		return;
	}
	nt_buf_adds(out, " >\"$w/out\"\nsync -- \"$w/out\"\no=");
	nt_shquote(out, output);
	nt_buf_adds(out, "\ncp -- \"$w/out\" \"$o.npipe-tmp\"\n"
	    "sync -- \"$o.npipe-tmp\"\nmv -f -- \"$o.npipe-tmp\" \"$o\"\n");
}

/*
 * Slurm's last job: every task of every phase left its marker, or
 * nothing is published.
 */
static void
markers(struct nt_buf *out, const struct eng *e)
{
	nt_buf_printf(out, "n=$(wc -l <\"$w/shards\")\n"
	    "for ph in%s; do\n"
	    "\t[ \"$(ls \"$w/done\" | grep -c \"^$ph\\.[0-9]*$\")\" -eq "
	    "\"$n\" ] || { echo \"npipe: $ph: a task left no completion "
	    "marker\" >&2; exit 1; }\ndone\n", e->phases.p ? e->phases.p : "");
}

/*
 * A pipeline whose state would have many writers, the reason in out:
 * all but ndedupe's, whose stages have one writer, --clusters.
 */
static int
stateful(const struct nt_pipe *p, struct nt_buf *out)
{
	size_t i;

	if (p->state != NULL) {
		nt_buf_printf(out, "%s: a pipeline with a state directory "
		    "runs in one process only", p->file);
		return 1;
	}
	for (i = 0; i < p->nstep; i++)
		if (p->step[i].stateopt >= 0 &&
		    !is_prog(&p->step[i], "ndedupe")) {
			nt_buf_printf(out, "%s: a step that keeps state (%s) "
			    "runs in one process only", p->file, p->step[i].prog);
			return 1;
		}
	return 0;
}

/* The script for e's engine; see nt_engine_parallel. */
static int
script(const struct nt_pipe *p, char **inputs, size_t ninputs,
    const char *output, struct eng *e, struct nt_buf *out)
{
	struct nt_buf b = NT_BUF_INIT;
	char **in = ninputs > 0 ? inputs : p->input;
	size_t nin = ninputs > 0 ? ninputs : p->ninput, i, from = 0, end;
	int k = 0, stats;

	if (stateful(p, out))
		return -1;
	stats = p->nstep > 0 && is_prog(&p->step[p->nstep - 1], "nstats");
	end = p->nstep - (size_t)stats;
	prologue(out, p, in, nin, e);
	for (i = 0; i <= end; i++)
		if (i == end || is_prog(&p->step[i], "ndedupe"))
			break;
	/* The group's redirections reach the first step and the last. */
	nt_buf_adds(&b, "{ ");
	segment(&b, p, 0, i);
	nt_buf_adds(&b, "; } <\"$1\" >\"$1.0\"\nrm -f \"$1\"");
	phase(out, e, "steps0", b.p);
	for (from = i; from < end; from = i) {
		for (i = from + 1; i < end && !is_prog(&p->step[i], "ndedupe");
		    i++)
			;
		dedupe(out, p, from, i, ++k, e);
	}
	if (stats) {
		nt_buf_reset(&b);
		command(&b, &p->step[p->nstep - 1], NULL, NULL, merge_opts);
		nt_buf_printf(&b, " <\"$1.%d\" >\"$1.%d\" || echo $? "
		    ">>\"$1.fail\"", k, k + 1);
		phase(out, e, "stats", b.p);
		k++;
	}
	nt_buf_reset(&b);
	if (e->slurm)
		markers(&b, e);
	publish(&b, p, output ? output : p->output, k, stats, e->slurm);
	if (e->slurm)
		nt_buf_adds(&b, ": >\"$w/published\"\n");
	if (e->remember.len > 0) {
		nt_buf_adds(&b, "# The output is published: ndedupe's state "
		    "keeps its records.\n");
		nt_buf_add(&b, e->remember.p, e->remember.len);
		if (e->slurm)
			nt_buf_adds(&b, ": >\"$w/remembered\"\n");
	}
	serial(out, e, "publish", b.p, 1);
	if (e->slurm)
		nt_buf_adds(out, "cat \"$w\"/log/* >&2\n"
		    "# sbatch --wait is content with a job cancelled unrun.\n"
		    "[ -e \"$w/published\" ] || { echo \"npipe: a job failed "
		    "(its log is above); nothing was published\" >&2; exit 1; }\n"
		    "[ ! -e \"$w/stdout\" ] || cat \"$w/stdout\"\n");
	if (e->slurm && e->remember.len > 0)
		nt_buf_adds(out, "[ -e \"$w/remembered\" ] || { echo \"npipe: "
		    "the output is published, but ndedupe's state did not keep "
		    "its records (see the log above)\" >&2; exit 1; }\n");
	nt_buf_adds(out, "[ ! -e \"$w/rejected\" ] || exit 3\n");
	nt_buf_free(&b);
	return 0;
}

int
nt_engine_parallel(const struct nt_pipe *p, char **inputs, size_t ninputs,
    const char *output, int jobs, const char *sshlogin, struct nt_buf *out)
{
	struct eng e = { jobs, 0, sshlogin, NT_BUF_INIT, NT_BUF_INIT };
	int r;

	r = script(p, inputs, ninputs, output, &e, out);
	nt_buf_free(&e.remember);
	return r;
}

int
nt_engine_slurm(const struct nt_pipe *p, char **inputs, size_t ninputs,
    const char *output, int shards, struct nt_buf *out)
{
	struct eng e = { shards, 1, NULL, NT_BUF_INIT, NT_BUF_INIT };
	int r;

	r = script(p, inputs, ninputs, output, &e, out);
	nt_buf_free(&e.phases);
	nt_buf_free(&e.remember);
	return r;
}

int
nt_engine_run(const char *script)
{
	char *argv[] = { "sh", "-c", NULL, "npipe", NULL };
	pid_t pid;
	int e, st;

	argv[2] = (char *)(uintptr_t)script;
	if ((e = nt_pipe_spawn(&pid, "/bin/sh", argv, NULL, NULL)) != 0) {
		errno = e;
		return 127;
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}
