/*
 * parrun: every program's record loop, an ordered map over its input
 * records on one thread or several.  It is the only record loop.
 *
 * The program hands nt_parrun its per-record function.  With one
 * thread (nthreads 1, -u, or NT_PARRUN_SEQ) each record goes from input
 * to output in the main thread as it is read: the line is parsed where
 * the input buffer holds it and the program appends straight to the
 * output buffer, so nothing is copied on the way.  With n, the main
 * thread reads input lines into batches of about a megabyte; n - 1
 * workers, and the main thread while the batch it is to write next is
 * not done, parse the records of a batch and hand each one to the
 * program's function, which appends its output to the batch's own
 * buffer; the main thread writes the batches out in input order and
 * reports rejected lines in their places, so the output, the
 * diagnostics, the counts in the struct nt_ctx and the exit status are
 * exactly those of one thread.  Memory is a few batches per thread,
 * whatever the size of the input, plus the longest line.
 *
 * By default a record reaches the program only when its text field
 * (ctx->field) is a string: one without it passes through unchanged and
 * is counted (rejected under --strict), one where it is not a string is
 * rejected.  Under NT_PARRUN_ANY every record reaches the program, which
 * may read the field the same way with nt_parrun_text.
 *
 * A program whose state is sequential may still have most of each
 * record's work done on several threads with NT_PARRUN_PREP (below).
 *
 * A program whose state is sequential (an index that each record
 * extends, a running summary) sets NT_PARRUN_SEQ: it then runs on one
 * thread whatever was asked, and may pass its state as arg without
 * start and end.  On one thread job->nrec is always the record's
 * number in the run; on several it is a guess that is wrong after a
 * line that held no record, unless the program sets NT_PARRUN_NREC:
 * a batch that followed such a line is then run again, on the main
 * thread, with the right numbers (bad lines cost a batch each, good
 * input nothing).  Otherwise each
 * worker has state of its own, made and freed by the program's
 * callbacks in the main thread; whatever else the program's function
 * reads must only be read while workers run.
 */
#ifndef NT_PARRUN_H
#define NT_PARRUN_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/cli.h"
#include "core/rec.h"

/* One record, as the program's function gets it. */
struct nt_parjob {
	const char	*line;		/* the input line, without its '\n' */
	size_t		 len;
	struct nt_rec	*rec;		/* parsed from line; free to edit */
	const char	*text;		/* the text field, decoded; NULL only
					   under NT_PARRUN_ANY */
	size_t		 textlen;
	uint64_t	 nrec;		/* the record's number in the run, from
					   1 (see NT_PARRUN_NREC) */
	struct nt_buf	*out;		/* append the output here */
	/*
	 * When not NULL, out is sink's own buffer (one thread, or a line
	 * too long for a batch): a program that writes much for one
	 * record may write out what it has appended so far with
	 * nt_out_commit(sink), and must then not reject the record.
	 */
	struct nt_out	*sink;
	/* NT_PARRUN_PREP: what prepare made of this record, or NULL. */
	const void	*prep;
	struct nt_buf	 reason;	/* set by nt_parrun_reject */
	size_t		 col;

	/* The loop's, for nt_parrun_text; field and strict (ctx's -f and
	 * --strict) may be read, for a reason to reject with. */
	const char	*field;
	int		 strict;
	uint64_t	*nmissing;
};

/* What a program asks of the loop (struct nt_parrun's flags). */
#define NT_PARRUN_ANY	0x1	/* every record, text field or not */
#define NT_PARRUN_SEQ	0x2	/* sequential state: one thread */
#define NT_PARRUN_NREC	0x4	/* nrec right on several threads too */
#define NT_PARRUN_PREP	0x8	/* prepare on several, record on one */

struct nt_parrun {
	/* A worker's state, made before the first record (NULL: arg). */
	void	*(*start)(void *arg);
	/* Free it, after the last record and after every thread ended
	 * (NULL: nothing to free). */
	void	 (*end)(void *state, void *arg);
	/*
	 * Do one record, appending its output to job->out: 0, or the -1
	 * of nt_parrun_reject to reject the line (what the function
	 * appended is then dropped).
	 */
	int	 (*record)(void *state, struct nt_parjob *job);
	/*
	 * NT_PARRUN_PREP, for a program whose state is sequential but
	 * whose records need much work that is not (ndedupe's signatures):
	 * prepare(state, job, slot) runs first, on the workers, in any
	 * order, with a worker's state and the record as record would get
	 * it (nothing it writes is output, nothing it counts is counted);
	 * it may fill slot, prepsize bytes, and returns 1 if it did.  Then
	 * record(arg, job) runs on the main thread in input order, exactly
	 * as on one thread, with job->prep pointing at the slot (NULL for
	 * a record not prepared: on one thread, a long line, or where
	 * prepare returned 0).
	 */
	int	 (*prepare)(void *state, struct nt_parjob *job, void *slot);
	/*
	 * NT_PARRUN_PREP, when not NULL: asked on the main thread, in
	 * input order, of each prepared record before it is parsed there
	 * (a prepared line holds a record: prepare got it parsed), with
	 * job's line, len, nrec, prep, out and sink set but no rec and no
	 * text.  1: the record is done with, read and counted, as if
	 * record had been called; it is written only if quick called
	 * nt_parjob_pass.  0: it is parsed and record is called as usual.
	 * For a program that decides most records on what prepare made of
	 * them alone (ndedupe: a copy is dropped, a record kept is passed).
	 */
	int	 (*quick)(void *arg, struct nt_parjob *job);
	size_t	 prepsize;
	void	*arg;
	unsigned flags;			/* NT_PARRUN_ANY, NT_PARRUN_SEQ */
	/*
	 * When not NULL, called in the main thread each time output went
	 * to ctx's output buffer (after each record that was not
	 * rejected, on one thread; after each batch, on several): the
	 * place to flush, and then commit state that must never run ahead
	 * of the output.
	 */
	void	 (*written)(void *arg, struct nt_ctx *ctx);
};

/*
 * Write job's record as it came, its object without the white space
 * around it, as nt_parjob_write writes a record not edited: for quick,
 * which has none parsed.
 */
void	nt_parjob_pass(struct nt_parjob *job);

/*
 * Run every record of ctx's input (after nt_cli_start) through fn on
 * nthreads threads (1 or more), writing to ctx's output.
 */
void	nt_parrun(struct nt_ctx *, const struct nt_parrun *fn, int nthreads);
/*
 * The record's text field, decoded into out, as the loop reads it for
 * a program without NT_PARRUN_ANY: 1 found; 0 absent (counted, and the
 * program should pass the record on); -1 when it is not a string, or
 * absent under --strict, with the reason set (return the -1).
 */
int	nt_parrun_text(struct nt_parjob *, struct nt_buf *out);
/*
 * Reject the job's line for a reason, at a 1-based column (0: none).
 * Returns -1, for the program's function to return.
 */
int	nt_parrun_reject(struct nt_parjob *, size_t col, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/*
 * Write the record r (the job's, edited) as the job's output: to the
 * sink, its large pieces uncopied, when there is one (rec.h).
 */
void	nt_parjob_write(struct nt_parjob *, const struct nt_rec *r);
/* The default of --jobs: one thread per CPU, at most 4. */
int	nt_parrun_defjobs(void);
/* The value of --jobs, 1 to 64; anything else is a usage error. */
int	nt_parrun_jobs(const struct nt_ctx *, const char *arg);

#endif
