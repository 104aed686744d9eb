/*
 * parrun: a program's main loop as an ordered map over its input
 * records, on one thread or several.
 *
 * The main thread reads input lines into batches of about a megabyte;
 * workers parse the records of a batch and hand each one to the
 * program's function, which appends its output to the batch's own
 * buffer; the main thread writes the batches out in input order and
 * reports rejected lines in their places, so the output, the
 * diagnostics, the counts in the struct nt_ctx and the exit status are
 * exactly those of one thread.  With one thread, or with -u, each record
 * goes from input to output in the main thread as it is read.  Memory is
 * a few batches per thread, whatever the size of the input, plus the
 * longest line.
 *
 * A record reaches the program only when its text field (ctx->field) is
 * a string: one without it passes through unchanged and is counted
 * (rejected under --strict), one where it is not a string is rejected,
 * as nt_cli_text does.  Each worker has state of its own, made and
 * freed by the program's callbacks in the main thread; whatever else the
 * program's function reads must only be read while workers run.
 */
#ifndef NT_PARRUN_H
#define NT_PARRUN_H

#include <stddef.h>

#include "core/buf.h"
#include "core/cli.h"
#include "core/rec.h"

/* One record, as the program's function gets it. */
struct nt_parjob {
	const char	*line;		/* the input line, without its '\n' */
	size_t		 len;
	struct nt_rec	*rec;		/* parsed from line; free to edit */
	const char	*text;		/* the text field, decoded, never NULL */
	size_t		 textlen;
	int		 alt;		/* text is the alt field's: nt_parrun_alt */
	struct nt_buf	*out;		/* append the output here */
	struct nt_buf	 reason;	/* set by nt_parrun_reject */
	size_t		 col;
};

struct nt_parrun {
	/* A worker's state, made before the first record. */
	void	*(*start)(void *arg);
	/* Free it, after the last record and after every thread ended. */
	void	 (*end)(void *state, void *arg);
	/*
	 * Do one record, appending its output to job->out: 0, or the -1
	 * of nt_parrun_reject to reject the line (what the function
	 * appended is then dropped).
	 */
	int	 (*record)(void *state, struct nt_parjob *job);
	void	*arg;
};

/*
 * Run every record of ctx's input (after nt_cli_start) through fn on
 * nthreads threads (1 or more), writing to ctx's output.
 */
void	nt_parrun(struct nt_ctx *, const struct nt_parrun *fn, int nthreads);
/*
 * The same, but a record without the text field that has the field alt
 * as a string goes to fn->record too, with job->text holding alt's
 * value and job->alt set (nclean reads html when there is no text).
 */
void	nt_parrun_alt(struct nt_ctx *, const struct nt_parrun *fn,
	    int nthreads, const char *alt);
/*
 * Reject the job's line for a reason, at a 1-based column (0: none).
 * Returns -1, for the program's function to return.
 */
int	nt_parrun_reject(struct nt_parjob *, size_t col, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* The default of --jobs: one thread per CPU, at most 4. */
int	nt_parrun_defjobs(void);
/* The value of --jobs, 1 to 64; anything else is a usage error. */
int	nt_parrun_jobs(const struct nt_ctx *, const char *arg);

#endif
