/*
 * pipe: npipe's pipeline files, from YAML to the processes they describe.
 *
 * nt_pipe_load reads a pipeline file (see npipe.yaml(5)) with conf.h,
 * checks every key and value against what the format allows, expands
 * ${VAR} and ${VAR:-default} from the environment, and finds each step's
 * program.  Only ntools programs run: one found beside npipe's own
 * executable or in BINDIR, never a path nor a name found only on PATH,
 * unless the pipeline lists it under allow and the caller allows
 * foreign programs.  Each ntools program is asked, once a run, for its
 * options (--describe-options, cli.h); a step's keys are checked
 * against them and become long options ("threshold: 0.8" ->
 * "--threshold=0.8"; a list becomes the option repeated, or one comma
 * list, as the program says).  A foreign program's options are passed
 * as written.  nt_pipe_check then runs every ntools program with --check
 * and its options and maps a complaint back to the YAML node it came
 * from.  Every problem is one line "file:line:col: message" appended to
 * an error buffer, so that all of them can be reported before any data
 * moves.
 *
 * The struct nt_pipe owns everything it points to, the YAML tree
 * included (messages keep pointing into it); nt_pipe_free releases it.
 * Running a loaded pipeline is pipe_run.c's job (nt_pipe_run, below).
 * One thread.
 */
#ifndef NT_PIPE_H
#define NT_PIPE_H

#include <sys/types.h>

#include <spawn.h>
#include <stddef.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/conf.h"

/* One option of a step, as the program will see it. */
struct nt_popt {
	char			*name;	/* "threshold" */
	char			*arg;	/* "--threshold=0.8" */
	char			*value;	/* "0.8", NULL for a flag */
	const struct nt_ynode	*key;	/* where it was written */
	const struct nt_ynode	*val;
};

/* One option as a program describes it (--describe-options). */
struct nt_poptdesc {
	char			*name;
	int			 arg;	/* takes a value */
	int			 use;	/* NT_USE_ONCE, _REPEAT or _LIST */
};

/* What one program said of its options, asked once per run. */
struct nt_pdesc {
	char			*path;
	struct nt_poptdesc	*opt;
	size_t			 nopt;
	int			 ok;	/* it answered, in the format */
};

struct nt_pstep {
	char			*prog;	/* the name as written: "ndedupe" */
	char			*path;	/* the program found, NULL if none */
	int			 foreign; /* allowed, not an ntools program */
	const struct nt_pdesc	*desc;	/* its options; NULL if foreign */
	struct nt_popt		*opt;
	size_t			 nopt;
	const struct nt_ynode	*node;	/* the program's name in the file */
	long			 stateopt; /* index of a "state" option, or -1 */
};

struct nt_pipe {
	char			*file;	/* the pipeline file's path */
	struct nt_ynode		*root;
	char			*name;	/* names the state and lock files */
	char			**input; /* paths or globs; "-" is stdin */
	size_t			 ninput;
	char			*output; /* NULL or "-": standard output */
	int			 append;
	char			*state;	/* a directory, or NULL */
	char			**allow; /* foreign programs it may run */
	size_t			 nallow;
	struct nt_pstep		*step;
	size_t			 nstep;
	struct nt_pdesc		**desc;	/* each program's options, once */
	size_t			 ndesc;
};

/*
 * Load and check path.  ntools programs are looked for in selfdir (npipe's
 * own directory; may be NULL), then in BINDIR; with allow_foreign, a step
 * the pipeline lists under allow is a path, or a name looked for on PATH.
 * Returns the number of problems found, each a line in errs; the
 * pipeline is usable only when that is 0.  The caller frees p with
 * nt_pipe_free in every case.
 */
size_t	nt_pipe_load(struct nt_pipe *p, const char *path, const char *selfdir,
	    int allow_foreign, struct nt_buf *errs);
/*
 * Run each ntools step's program with --check and its options, standard
 * input from /dev/null (a foreign program is not run).  Complaints go to errs, one line each, at the YAML node
 * of the option they name, or at the step.  Returns 0 when every step
 * passed, else the first failing step's status (2 for a usage error).
 */
int	nt_pipe_check(struct nt_pipe *p, struct nt_buf *errs);
/*
 * The equivalent shell pipeline, one line, every word quoted as needed.
 * inputs overrides the file's input when ninputs > 0.
 */
void	nt_pipe_shell(const struct nt_pipe *p, char **inputs, size_t ninputs,
	    struct nt_buf *out);
/* The steps as a DOT digraph. */
void	nt_pipe_dot(const struct nt_pipe *p, char **inputs, size_t ninputs,
	    struct nt_buf *out);
/* Put the lines of errs in the order of the places they name. */
void	nt_pipe_errsort(const struct nt_pipe *p, struct nt_buf *errs);
void	nt_pipe_free(struct nt_pipe *p);
/*
 * posix_spawn a step with a clean signal state and the environment envp
 * (NULL: npipe's own); 0 or an errno value.
 */
int	nt_pipe_spawn(pid_t *pid, const char *path, char **argv,
	    const posix_spawn_file_actions_t *fa, char **envp);

/*
 * Expand ${VAR} and ${VAR:-default} in s from the environment ("$$" is
 * a "$"; any other "$" stays as it is).  The default is used when VAR is
 * unset or empty, as in sh(1).  Returns 0, or -1 with a message in err
 * for an unset variable without a default or a malformed reference.
 */
int	nt_pipe_expand(const char *s, struct nt_buf *out, struct nt_buf *err);
/* Append s quoted for sh(1) (unchanged when it needs no quotes). */
void	nt_shquote(struct nt_buf *out, const char *s);

/* Internal to the pipe modules (pipe_desc.c). */
/*
 * The options of the ntools program at path, asked of it the first
 * time (PROG --describe-options) and kept in p.  NULL, with the reason
 * in why, when it does not answer in the format.
 */
const struct nt_pdesc *nt_pipe_describe(struct nt_pipe *p, const char *path,
	    struct nt_buf *why);
/*
 * Run path with argv, standard input from /dev/null and the output
 * stream fd (1 or 2) into out, the other to /dev/null.  Returns its exit
 * status, 128 + the signal that killed it, or 127 when it could not
 * start (out then says why).
 */
int	nt_pipe_capture(const char *path, char **argv, int fd,
	    struct nt_buf *out);
void	nt_pdesc_free(struct nt_pdesc *);

/* How nt_pipe_run reports progress on stderr. */
enum nt_progress { NT_PROGRESS_OFF, NT_PROGRESS_TTY, NT_PROGRESS_LINES };

/*
 * Run a loaded, checked pipeline: inputs (when ninputs > 0) replace the
 * file's input; output, when not NULL, replaces its output.  Returns
 * npipe's exit status, having said on stderr what went wrong.
 */
int	nt_pipe_run(struct nt_pipe *p, char **inputs, size_t ninputs,
	    const char *output, enum nt_progress progress);

#endif
