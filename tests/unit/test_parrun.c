/*
 * Unit tests for lib/parrun: output, diagnostics, the reject file,
 * counts and status do not depend on the number of threads, with
 * rejections by the parser, by the text field and by the program, under
 * --strict and -u too.  On one thread, as the sequential programs run
 * it, a record goes from the input buffer to the output buffer without a
 * copy, is numbered, and the written hook follows it.  On several, the
 * main thread runs batches too.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cli.h"
#include "core/parrun.h"
#include "core/util.h"
#include "t.h"

#define NREC	30000		/* several batches of 8192 lines */

static int nstarted, nended;
static int numbered;		/* NT_PARRUN_NREC, each record's number out */

static void *
start(void *arg)
{
	nstarted++;
	return nt_ecalloc(1, sizeof(uint64_t));
}

static void
end(void *state, void *arg)
{
	nended++;
	free(state);
}

/* Add the text's length; reject "bad" after writing something. */
static int
record(void *state, struct nt_parjob *j)
{
	uint64_t *n = state;

	(*n)++;
	nt_buf_adds(j->out, "half a record");
	if (j->textlen == 3 && memcmp(j->text, "bad", 3) == 0)
		return nt_parrun_reject(j, 7, "bad text (%d)", 3);
	nt_buf_trunc(j->out, j->out->len - 13);
	nt_rec_set_int(j->rec, "len", (int64_t)j->textlen);
	if (numbered)
		nt_rec_set_int(j->rec, "nrec", (int64_t)j->nrec);
	nt_rec_write(j->rec, j->out);
	return 0;
}

struct res {
	int		 status;
	uint64_t	 nread, nmissing, nrejected;
	struct nt_buf	 out, err, rej;
};

static void
slurp(const char *path, struct nt_buf *b)
{
	char buf[65536];
	ssize_t n;
	int fd;

	nt_buf_reset(b);
	if ((fd = open(path, O_RDONLY)) < 0)
		return;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		nt_buf_add(b, buf, (size_t)n);
	close(fd);
}

/* Run the inputs through fn on nthreads threads. */
static void
run_fn(const struct nt_parrun *fn, char **in, int nin, int nthreads,
    int strict, int unbuffered, struct res *r)
{
	struct nt_ctx ctx;
	int saved, fd;

	nt_cli_init(&ctx, "test_parrun", "usage", "", NULL, NULL);
	ctx.output = "out";
	ctx.reject_path = "rej";
	ctx.strict = strict;
	ctx.unbuffered = unbuffered;
	unlink("rej");
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	fd = open("err", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dup2(fd, STDERR_FILENO);
	close(fd);
	nstarted = nended = 0;
	nt_cli_start(&ctx, nin, in);
	nt_parrun(&ctx, fn, nthreads);
	r->status = nt_cli_finish(&ctx);
	dup2(saved, STDERR_FILENO);
	close(saved);
	r->nread = ctx.nread;
	r->nmissing = ctx.nmissing;
	r->nrejected = ctx.nrejected;
	slurp("out", &r->out);
	slurp("err", &r->err);
	slurp("rej", &r->rej);
}

/* Run the inputs through record() on nthreads threads. */
static void
run(char **in, int nin, int nthreads, int strict, int unbuffered,
    struct res *r)
{
	const struct nt_parrun fn = { .start = start, .end = end,
	    .record = record, .flags = numbered ? NT_PARRUN_NREC : 0 };

	run_fn(&fn, in, nin, nthreads, strict, unbuffered, r);
}

static int
same(const struct res *a, const struct res *b)
{
	return a->status == b->status && a->nread == b->nread &&
	    a->nmissing == b->nmissing && a->nrejected == b->nrejected &&
	    a->out.len == b->out.len && memcmp(a->out.p, b->out.p,
	    a->out.len) == 0 && a->err.len == b->err.len &&
	    memcmp(a->err.p, b->err.p, a->err.len) == 0 &&
	    a->rej.len == b->rej.len && memcmp(a->rej.p, b->rej.p,
	    a->rej.len) == 0;
}

/*
 * n threads are n - 1 workers and the main thread, which runs batches
 * too while the one it is to write next is not done.  Here a worker's
 * records wait (once, up to ten seconds) until the main thread has run
 * one: without the main thread's part the wait runs out, and none of
 * the records ran on it.
 */
static pthread_t main_tid;
static atomic_int on_main, waited;

static int
help_record(void *state, struct nt_parjob *j)
{
	int i;

	if (pthread_equal(pthread_self(), main_tid))
		atomic_fetch_add(&on_main, 1);
	else if (atomic_exchange(&waited, 1) == 0)
		for (i = 0; i < 1000 && atomic_load(&on_main) == 0; i++)
			usleep(10000);
	return record(state, j);
}

static void
test_help(char **in, int nin, struct res *one, struct res *many)
{
	const struct nt_parrun fn = { .start = start, .end = end,
	    .record = help_record };

	main_tid = pthread_self();
	run(in, nin, 1, 0, 0, one);
	run_fn(&fn, in, nin, 2, 0, 0, many);
	ok(same(one, many) && nstarted == 2 && nended == 2,
	    "two threads: two workers' states, the same output");
	ok(atomic_load(&on_main) > 0, "two threads: the main thread runs "
	    "records too, and a worker need not wait for it");
}

/* The sequential programs' way: NT_PARRUN_ANY | NT_PARRUN_SEQ. */
struct seq {
	struct nt_ctx	*ctx;
	struct nt_buf	 text;
	uint64_t	 nrec[8];
	size_t		 n;
	int		 inplace, direct, textnull, written, bad;
	size_t		 outlen;	/* what the output held, at the hook */
};

static int
seq_record(void *arg, struct nt_parjob *j)
{
	struct seq *q = arg;
	const struct nt_in *in = &q->ctx->in;
	int rv;

	if (q->n < 8)
		q->nrec[q->n++] = j->nrec;
	/* The line lies in the input buffer; output goes straight out. */
	q->inplace += j->line >= in->buf.p &&
	    j->line + j->len <= in->buf.p + in->buf.len;
	q->direct += j->out == &q->ctx->out.buf;
	q->textnull += j->text == NULL;
	if ((rv = nt_parrun_text(j, &q->text)) < 0)
		return -1;
	if (rv == 1 && q->text.len == 4 && memcmp(q->text.p, "skip", 4) == 0)
		return 0;
	nt_rec_write(j->rec, j->out);
	return 0;
}

static void
seq_written(void *arg, struct nt_ctx *ctx)
{
	struct seq *q = arg;

	q->written++;
	q->outlen = ctx->out.buf.len;
}

static void
test_seq(void)
{
	static const char in[] =
	    "{\"text\":\"a\"}\n"
	    "not json\n"
	    "\n"
	    "{\"id\":1}\n"
	    "{\"text\":2}\n"
	    "{\"text\":\"skip\"}\n"
	    "{\"text\":\"b\"}\n";
	struct nt_ctx ctx;
	struct seq q;
	const struct nt_parrun fn = { .record = seq_record, .arg = &q,
	    .flags = NT_PARRUN_ANY | NT_PARRUN_SEQ, .written = seq_written };
	struct nt_buf out = NT_BUF_INIT, err = NT_BUF_INIT;
	char *files[] = { "seq" };
	int saved, fd, status;
	FILE *f;

	memset(&q, 0, sizeof(q));
	q.ctx = &ctx;
	if ((f = fopen("seq", "w")) == NULL)
		return;
	fputs(in, f);
	fclose(f);
	nt_cli_init(&ctx, "test_parrun", "usage", "", NULL, NULL);
	ctx.output = "out";
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	fd = open("err", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dup2(fd, STDERR_FILENO);
	close(fd);
	nt_cli_start(&ctx, 1, files);
	/* Many threads asked, one given: the state is sequential. */
	nt_parrun(&ctx, &fn, 4);
	status = nt_cli_finish(&ctx);
	dup2(saved, STDERR_FILENO);
	close(saved);
	slurp("out", &out);
	slurp("err", &err);
	ok(status == 3 && ctx.nread == 5 && ctx.nmissing == 1 &&
	    ctx.nrejected == 2, "one thread: counts and status");
	ok(q.n == 5 && q.nrec[0] == 1 && q.nrec[1] == 2 && q.nrec[2] == 3 &&
	    q.nrec[3] == 4 && q.nrec[4] == 5, "records are numbered from 1, "
	    "a line that held no object not counted");
	ok(q.inplace == 5 && q.direct == 5, "each record is read where the "
	    "input holds it and written straight to the output");
	ok(q.textnull == 5, "NT_PARRUN_ANY: every record, text not read");
	ok(q.written == 4 && q.outlen == out.len, "the written hook follows "
	    "each record not rejected, its output in ctx's buffer");
	is_str(out.p, "{\"text\":\"a\"}\n{\"id\":1}\n{\"text\":\"b\"}\n",
	    "what the program wrote, in order");
	is_str(err.p, "test_parrun: seq:2: not a JSON object (column 1)\n"
	    "test_parrun: seq:5: field 'text' is not a string\n"
	    "test_parrun: 1 record had no 'text' field and passed through "
	    "unchanged\n", "nt_parrun_text rejects and counts as the loop "
	    "would");
	nt_buf_free(&q.text);
	nt_buf_free(&out);
	nt_buf_free(&err);
	unlink("seq");
}

/*
 * NT_PARRUN_PREP: a sequential running count (record, on the main
 * thread) over what prepare worked out (the text's length doubled).
 */
struct prep {
	uint64_t	 sum;		/* the running count */
	size_t		 nprepped;	/* records that came prepared */
	size_t		 nskipped;	/* of those, records skip took */
	int		 quiet;		/* an even length writes nothing */
};

static int
prep_prepare(void *state, struct nt_parjob *j, void *slot)
{
	uint64_t v = 2 * (uint64_t)j->textlen;

	(void)state;
	if (j->textlen == 1)
		return 0;	/* left for record to do itself */
	memcpy(slot, &v, sizeof(v));
	return 1;
}

static int
prep_record(void *arg, struct nt_parjob *j)
{
	struct prep *q = arg;
	uint64_t v = 2 * (uint64_t)j->textlen;

	if (j->prep != NULL) {
		memcpy(&v, j->prep, sizeof(v));
		q->nprepped++;
	}
	if (j->textlen == 3 && memcmp(j->text, "bad", 3) == 0)
		return nt_parrun_reject(j, 7, "bad text (%d)", 3);
	q->sum += v;
	if (q->quiet && v == 10) {
		nt_parjob_write(j, j->rec);
		return 0;
	}
	if (q->quiet && v % 4 == 0)
		return 0;
	nt_rec_set_int(j->rec, "sum", (int64_t)q->sum);
	nt_rec_set_int(j->rec, "nrec", (int64_t)j->nrec);
	nt_rec_write(j->rec, j->out);
	return 0;
}

/*
 * quick: what prep_record does with a quiet record, without a parse; a
 * record of length 5 (v 10) it passes as it came, as prep_record does.
 */
static int
prep_quick(void *arg, struct nt_parjob *j)
{
	struct prep *q = arg;
	uint64_t v;

	memcpy(&v, j->prep, sizeof(v));
	if (j->rec != NULL || j->text != NULL)
		return 0;	/* quick is given neither */
	if (v == 10) {
		q->sum += v;
		q->nskipped++;
		nt_parjob_pass(j);
		return 1;
	}
	if (!q->quiet || v % 4 != 0)
		return 0;
	q->sum += v;
	q->nskipped++;
	return 1;
}

/* Run the inputs through prep_record on nthreads threads. */
static void
run_prep(char **in, int nin, int nthreads, int strict, struct res *r,
    struct prep *q, int quiet)
{
	const struct nt_parrun fn = { .start = start, .end = end,
	    .prepare = prep_prepare, .prepsize = sizeof(uint64_t),
	    .quick = quiet ? prep_quick : NULL, .record = prep_record,
	    .arg = q, .flags = NT_PARRUN_PREP };

	memset(q, 0, sizeof(*q));
	q->quiet = quiet;
	run_fn(&fn, in, nin, nthreads, strict, 0, r);
}

static void
test_prep(char **in, int nin, struct res *one, struct res *many)
{
	struct prep q1, q3;

	run_prep(in, nin, 1, 0, one, &q1, 0);
	ok(one->status == 1 && q1.nprepped == 0 && nstarted == 0,
	    "NT_PARRUN_PREP on one thread: nothing prepared, no worker made");
	run_prep(in, nin, 3, 0, many, &q3, 0);
	ok(same(one, many), "NT_PARRUN_PREP on three threads: the same "
	    "output, diagnostics, reject file, counts and status");
	ok(q3.nprepped > 2 * (NREC - 4) * 9 / 10 && q3.nprepped <
	    2 * (NREC - 4) && nstarted == 3 && nended == 3, "most records "
	    "come prepared by three workers, a few not");
	ok(strstr(one->out.p, "\"nrec\":7000}") != NULL,
	    "records are numbered as on one thread");
	run_prep(in, nin, 1, 1, one, &q1, 0);
	run_prep(in, nin, 4, 1, many, &q3, 0);
	ok(one->status == 3 && one->nread == 5000 && same(one, many),
	    "--strict: stops where one thread does");

	run_prep(in, nin, 1, 0, one, &q1, 1);
	run_prep(in, nin, 3, 0, many, &q3, 1);
	ok(q1.nskipped == 0 && q3.nskipped > (NREC - 4) / 3 &&
	    q3.sum == q1.sum && same(one, many), "skip: records dropped "
	    "unparsed on three threads, the same output, counts and status "
	    "as record dropping them on one");
	ok(strstr(one->out.p, "\"nrec\":7001}") != NULL &&
	    strstr(many->out.p, "\"nrec\":7001}") != NULL,
	    "and the records after them are numbered as on one thread");
	ok(strstr(many->out.p, "\n{\"n\":45,\"text\":\"abcde\"}\n") != NULL,
	    "a record quick passed is written as it came, without the white "
	    "space around it");
	run_prep(in, nin, 1, 1, one, &q1, 1);
	run_prep(in, nin, 4, 1, many, &q3, 1);
	ok(one->status == 3 && one->nread == 5000 && same(one, many),
	    "skip under --strict: stops where one thread does");
}

int
main(void)
{
	char dir[] = "/tmp/test_parrun.XXXXXX";
	char *in[] = { "in", "missing", "in" };
	struct res one, many;
	FILE *f;
	int i;

	memset(&one, 0, sizeof(one));
	memset(&many, 0, sizeof(many));
	if (mkdtemp(dir) == NULL || chdir(dir) < 0)
		return 1;
	if ((f = fopen("in", "w")) == NULL)
		return 1;
	for (i = 0; i < NREC; i++) {
		if (i % 5000 == 4999)
			fprintf(f, "{\"n\":%d,\"text\":\"bad\"}\n", i);
		else if (i % 7000 == 6999)
			fprintf(f, "{\"n\":%d,\"text\"\n", i);
		else if (i % 9000 == 8999)
			fprintf(f, "{\"n\":%d}\n\n", i);
		else if (i % 40 == 5)	/* quick passes these as they came */
			fprintf(f, "  {\"n\":%d,\"text\":\"abcde\"} \t\n", i);
		else
			fprintf(f, "{\"n\":%d,\"text\":\"%.*s\"}\n", i, i % 40,
			    "abcdefghijklmnopqrstuvwxyz0123456789abcd");
	}
	fclose(f);

	run(in, 3, 1, 0, 0, &one);
	ok(one.status == 1 && one.nread == 2 * (NREC - 4) &&
	    one.nmissing == 6 && one.nrejected == 2 * (6 + 4),
	    "one thread: status and counts");
	ok(nstarted == 1 && nended == 1, "one worker made and freed");
	ok(strstr(one.out.p, "half") == NULL,
	    "a rejected record's output is dropped");
	ok(strstr(one.err.p, "test_parrun: in:5000: bad text (3) "
	    "(column 7)\n") != NULL, "the program's reason and column");
	ok(strstr(one.err.p, "in:30003: bad text (3) (column 7)\n"
	    "test_parrun: missing: No such file or directory\n"
	    "test_parrun: in:5000:") != NULL,
	    "an unreadable file in its place");
	run(in, 3, 3, 0, 0, &many);
	ok(same(&one, &many), "three threads: the same output, diagnostics, "
	    "reject file, counts and status");
	ok(nstarted == 3 && nended == 3, "three workers made and freed");
	run(in, 3, 3, 0, 1, &many);
	ok(same(&one, &many), "-u: the same");
	ok(nstarted == 1, "-u: one worker");

	numbered = 1;
	run(in, 3, 1, 0, 0, &one);
	ok(strstr(one.out.p, "\"n\":7000,\"text\":\"\",\"len\":0,"
	    "\"nrec\":7000}") != NULL, "one thread: records numbered, a line "
	    "that held none not counted");
	run(in, 3, 3, 0, 0, &many);
	ok(same(&one, &many), "NT_PARRUN_NREC: three threads number every "
	    "record as one does, after lines that held none");
	numbered = 0;

	run(in, 3, 1, 1, 0, &one);
	ok(one.status == 3 && one.nrejected == 1 && one.nread == 5000,
	    "--strict stops at the first rejection");
	run(in, 3, 4, 1, 0, &many);
	ok(same(&one, &many), "--strict: the same on four threads");

	test_prep(in, 3, &one, &many);
	test_help(in, 3, &one, &many);
	test_seq();

	unlink("in");
	unlink("out");
	unlink("err");
	unlink("rej");
	if (chdir("/") == 0)
		rmdir(dir);
	nt_buf_free(&one.out);
	nt_buf_free(&one.err);
	nt_buf_free(&one.rej);
	nt_buf_free(&many.out);
	nt_buf_free(&many.err);
	nt_buf_free(&many.rej);
	return done();
}
