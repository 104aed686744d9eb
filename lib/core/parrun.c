/*
 * Batches go round a ring: the main thread fills a free one and marks
 * it ready; a worker takes the oldest ready one, runs its records and
 * marks it done; the main thread writes out the oldest done one and
 * frees it.  The main thread is a worker too: while the batch it is to
 * write out next is not done, it runs the oldest ready one itself, so
 * n threads are n - 1 workers and the main thread, one per processor,
 * and none of them waits while there is work (with n workers besides
 * it, three threads took turns on two processors, each turn evicting
 * the others' caches: ndedupe ran 10% slower).  Sequence numbers (fill,
 * take, emit) only grow, and a batch's slot is its number modulo the
 * ring size, so input order is output order.  The main thread reads
 * ahead of what it has written, so the input's own error messages (a
 * file that cannot be opened) wait in the batch too, before the line
 * they came before.
 *
 * A line of a batch's size or more is never copied into a batch: the
 * batch before it ends there, and once everything before it is written,
 * the main thread runs that record itself, from the input buffer to the
 * output buffer, as one thread would (a 50 MB record would otherwise
 * be held twice more, in a batch's input and output).
 */
#include <err.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/parrun.h"
#include "core/re.h"
#include "core/util.h"

#define BATCH_BYTES	(1024 * 1024)
#define BATCH_LINES	8192
#define PREP_BYTES	(2 * 1024 * 1024)	/* a batch's prepared slots */

enum { B_FREE, B_READY, B_BUSY, B_DONE };

/* A rejected line of a batch, or an input error before that line. */
struct rej {
	size_t		 line;		/* index in the batch */
	char		*reason;
	size_t		 col;
	int		 parsed;	/* the line held a record (nread) */
};

struct batch {
	struct nt_buf	 in;		/* the lines, each followed by '\n' */
	size_t		*off;		/* line i: in[off[i], off[i + 1] - 1) */
	const char	**src;		/* line i's file name */
	uint64_t	*lineno;
	size_t		 n, cap;
	struct nt_buf	 out;
	size_t		*outend;	/* out.len once line i was done */
	struct rej	*rej;
	size_t		 nrej, rejcap;
	struct rej	*ioerr;
	size_t		 nioerr, ioerrcap;
	uint64_t	 nread, nmissing;
	uint64_t	 base;		/* records before the batch, if every
					   line before it parsed */
	unsigned char	*prep;		/* NT_PARRUN_PREP: line i's slot */
	unsigned char	*prepped;	/* its prepare returned 1 */
	size_t		 prepcap;	/* lines the slots have room for */
	int		 state;
};

struct worker {
	void		*state;		/* the program's */
	int		 own;		/* state came from fn->start */
	struct nt_parjob job;
	struct nt_rec	 rec;
	struct nt_buf	 text;
	pthread_t	 tid;
	struct pool	*pool;
};

struct pool {
	pthread_mutex_t	 mu;
	pthread_cond_t	 work, done;
	struct batch	*b;
	size_t		 nb;
	size_t		 fill, take, emit;	/* sequence numbers */
	uint64_t	 nlines;	/* lines given out, batches and long */
	int		 eof;
	struct nt_buf	 ioerr;		/* the input's messages, not yet kept */
	unsigned	 nkept, nsaid;	/* input errors kept, and reported */
	const struct nt_parrun *fn;
	int		 inl;		/* one thread: records in line */
	int		 big;		/* a long line waits, not in a batch */
	const char	*bigline;	/* it, in the input's buffer */
	size_t		 biglen;
	struct worker	*mainw;		/* the main thread's, for such lines */
	size_t		 maxlines;	/* in a batch */
};

int
nt_parrun_reject(struct nt_parjob *j, size_t col, const char *fmt, ...)
{
	va_list ap;

	nt_buf_reset(&j->reason);
	va_start(ap, fmt);
	nt_buf_vprintf(&j->reason, fmt, ap);
	va_end(ap);
	j->col = col;
	return -1;
}

void
nt_parjob_write(struct nt_parjob *j, const struct nt_rec *r)
{
	if (j->sink != NULL)
		nt_rec_write_out(r, j->sink);
	else
		nt_rec_write(r, j->out);
}

void
nt_parjob_pass(struct nt_parjob *j)
{
	const char *p = j->line, *e = j->line + j->len;

	/* A line prepare got parsed: an object, and JSON white space. */
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	if (j->sink != NULL)
		nt_out_put(j->sink, p, (size_t)(e - p));
	else
		nt_buf_add(j->out, p, (size_t)(e - p));
	nt_buf_addc(j->out, '\n');
}

int
nt_parrun_defjobs(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	return cpus < 1 ? 1 : cpus > 4 ? 4 : (int)cpus;
}

int
nt_parrun_jobs(const struct nt_ctx *ctx, const char *arg)
{
	char *end;
	long n;

	n = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || n < 1 || n > 64)
		nt_cli_die(ctx, "--jobs must be a number from 1 to 64, not "
		    "'%s'", arg);
	return (int)n;
}

/* --- One record. --- */

int
nt_parrun_text(struct nt_parjob *j, struct nt_buf *out)
{
	int rv;

	rv = nt_cli_field(j->rec, j->field, j->strict, out, &j->reason);
	if (rv == 0)
		(*j->nmissing)++;
	return rv;
}

/*
 * Parse one input line and hand the record to the program, which
 * appends to out.  Returns 0, or -1 when the line is rejected: the
 * reason is then in w->job.reason and its column in w->job.col.
 */
static int
run_record(struct worker *w, const char *line, size_t len,
    struct nt_out *sink, struct nt_buf *out, uint64_t base, uint64_t *nread,
    uint64_t *nmissing)
{
	const struct pool *p = w->pool;
	struct nt_parjob *j = &w->job;
	size_t mark = out->len;
	int rv;

	if (nt_cli_parse(&w->rec, line, len, &j->reason, &j->col) < 0)
		return -1;
	(*nread)++;
	j->col = 0;
	j->line = line;
	j->len = len;
	j->rec = &w->rec;
	j->nrec = base + *nread;
	j->out = out;
	j->sink = sink;
	j->nmissing = nmissing;
	j->text = NULL;
	j->textlen = 0;
	nt_buf_reset(&j->reason);
	if (!(p->fn->flags & NT_PARRUN_ANY)) {
		if ((rv = nt_parrun_text(j, &w->text)) < 0)
			return -1;
		if (rv == 0) {
			nt_parjob_write(j, &w->rec);
			return 0;
		}
		j->text = w->text.p != NULL ? w->text.p : "";
		j->textlen = w->text.len;
	}
	if (p->fn->record(w->state, j) < 0) {
		nt_buf_trunc(out, mark);
		if (j->reason.len == 0)
			nt_buf_adds(&j->reason, "rejected");
		return -1;
	}
	return 0;
}

/* --- One batch. --- */

static struct rej *
add_rej(struct rej **r, size_t *n, size_t *cap, size_t line,
    const char *reason, size_t len, size_t col)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*r = nt_ereallocarray(*r, *cap, sizeof(**r));
	}
	(*r)[*n].line = line;
	(*r)[*n].reason = nt_estrndup(reason, len);
	(*r)[*n].col = col;
	(*r)[*n].parsed = 0;
	return &(*r)[(*n)++];
}

static void
free_rej(struct rej *r, size_t *n)
{
	size_t k;

	for (k = 0; k < *n; k++)
		free(r[k].reason);
	*n = 0;
}

static void
reject(struct batch *b, size_t line, const char *reason, size_t col,
    int parsed)
{
	add_rej(&b->rej, &b->nrej, &b->rejcap, line, reason, strlen(reason),
	    col)->parsed = parsed;
}

/* Keep the input's messages, one a line, to come before line b->n. */
static void
keep_ioerr(struct pool *p, struct batch *b)
{
	const char *s = p->ioerr.p, *nl;

	while ((nl = strchr(s, '\n')) != NULL) {
		add_rej(&b->ioerr, &b->nioerr, &b->ioerrcap, b->n, s,
		    (size_t)(nl - s), 0);
		p->nkept++;
		s = nl + 1;
	}
	nt_buf_reset(&p->ioerr);
}

/*
 * NT_PARRUN_PREP: prepare each record of the batch into its slot; a
 * line that holds no record is left for the main thread to reject.
 */
static void
prepare(struct worker *w, struct batch *b)
{
	const struct nt_parrun *fn = w->pool->fn;
	struct nt_parjob *j = &w->job;
	uint64_t nmissing = 0;
	size_t i;

	if (b->prepcap < b->n) {
		b->prepcap = b->n;
		free(b->prep);
		free(b->prepped);
		b->prep = nt_ereallocarray(NULL, b->n, fn->prepsize);
		b->prepped = nt_emalloc(b->n);
	}
	for (i = 0; i < b->n; i++) {
		b->prepped[i] = 0;
		j->line = b->in.p + b->off[i];
		j->len = b->off[i + 1] - b->off[i] - 1;
		if (nt_cli_parse(&w->rec, j->line, j->len, &j->reason,
		    &j->col) < 0)
			continue;
		j->rec = &w->rec;
		j->nrec = 0;
		j->out = &b->out;
		j->sink = NULL;
		j->prep = NULL;
		j->nmissing = &nmissing;
		j->text = NULL;
		j->textlen = 0;
		if (!(fn->flags & NT_PARRUN_ANY)) {
			if (nt_parrun_text(j, &w->text) != 1)
				continue;
			j->text = w->text.p != NULL ? w->text.p : "";
			j->textlen = w->text.len;
		}
		b->prepped[i] = fn->prepare(w->state, j,
		    b->prep + i * fn->prepsize) == 1;
		nt_buf_reset(&b->out);
	}
}

static void
process(struct worker *w, struct batch *b)
{
	size_t i;
	uint64_t nread;

	if (w->pool->fn->flags & NT_PARRUN_PREP) {
		prepare(w, b);
		return;
	}
	for (i = 0; i < b->n; i++) {
		nread = b->nread;
		if (run_record(w, b->in.p + b->off[i], b->off[i + 1] -
		    b->off[i] - 1, NULL, &b->out, b->base, &b->nread,
		    &b->nmissing) < 0)
			reject(b, i, w->job.reason.p, w->job.col,
			    b->nread > nread);
		b->outend[i] = b->out.len;
	}
}

/* Read up to a batch of lines; 0 when there was nothing more. */
static int
fill(struct nt_ctx *ctx, struct pool *p, struct batch *b)
{
	const char *line;
	size_t len;
	int more = 1;

	b->n = 0;
	nt_buf_reset(&b->in);
	nt_buf_reset(&b->out);
	b->nread = b->nmissing = 0;
	while (more && b->in.len < BATCH_BYTES && b->n < p->maxlines) {
		/* A producer that pauses gets its lines through now. */
		if (b->n > 0 && nt_in_idle(&ctx->in))
			break;
		more = nt_in_next(&ctx->in, &line, &len);
		if (p->ioerr.len > 0)
			keep_ioerr(p, b);
		if (!more || nt_cli_blank(line, len))
			continue;
		if (len >= BATCH_BYTES) {
			p->big = 1;
			p->bigline = line;
			p->biglen = len;
			break;
		}
		if (b->n + 1 >= b->cap) {
			b->cap = b->cap ? b->cap * 2 : 256;
			b->off = nt_ereallocarray(b->off, b->cap,
			    sizeof(*b->off));
			b->src = nt_ereallocarray(b->src, b->cap,
			    sizeof(*b->src));
			b->lineno = nt_ereallocarray(b->lineno, b->cap,
			    sizeof(*b->lineno));
			b->outend = nt_ereallocarray(b->outend, b->cap,
			    sizeof(*b->outend));
		}
		b->off[b->n] = b->in.len;
		b->src[b->n] = ctx->in.name;
		b->lineno[b->n] = ctx->in.lineno;
		nt_buf_add(&b->in, line, len);
		nt_buf_addc(&b->in, '\n');
		b->n++;
	}
	if (b->n > 0)
		b->off[b->n] = b->in.len;
	b->base = p->nlines;
	p->nlines += b->n + (size_t)p->big;
	return b->n > 0 || b->nioerr > 0;
}

/*
 * Write a batch out, with its rejections and the input's messages in
 * their places.
 */
static void
emit(struct nt_ctx *ctx, struct pool *p, struct batch *b)
{
	size_t k = 0, m = 0, pos = 0, end, l;

	while (!ctx->stop && (k < b->nrej || m < b->nioerr)) {
		if (m < b->nioerr && (k == b->nrej ||
		    b->ioerr[m].line <= b->rej[k].line)) {
			warnx("%s", b->ioerr[m++].reason);
			p->nsaid++;
			continue;
		}
		l = b->rej[k++].line;
		end = b->outend[l];
		nt_buf_add(&ctx->out.buf, b->out.p + pos, end - pos);
		pos = end;
		nt_out_commit(&ctx->out);
		nt_cli_reject_at(ctx, b->src[l], b->lineno[l],
		    b->in.p + b->off[l], b->off[l + 1] - b->off[l] - 1,
		    b->rej[k - 1].reason, b->rej[k - 1].col);
		if (ctx->stop) {
			/* Count only the records up to here, as one
			 * thread would. */
			b->nread = l + 1;
			while (k > 0)
				b->nread -= !b->rej[--k].parsed;
		}
	}
	if (!ctx->stop && pos == 0 && ctx->out.buf.len == 0) {
		/* Hand the batch's buffer over rather than copy it. */
		struct nt_buf t = ctx->out.buf;

		ctx->out.buf = b->out;
		b->out = t;
		nt_out_commit(&ctx->out);
	} else if (!ctx->stop && pos < b->out.len) {
		nt_buf_add(&ctx->out.buf, b->out.p + pos, b->out.len - pos);
		nt_out_commit(&ctx->out);
	}
	ctx->nread += b->nread;
	ctx->nmissing += b->nmissing;
	free_rej(b->rej, &b->nrej);
	free_rej(b->ioerr, &b->nioerr);
	if (p->fn->written != NULL)
		p->fn->written(p->fn->arg, ctx);
}

static void
batch_free(struct batch *b)
{
	free_rej(b->rej, &b->nrej);
	free(b->rej);
	free_rej(b->ioerr, &b->nioerr);
	free(b->ioerr);
	nt_buf_free(&b->in);
	nt_buf_free(&b->out);
	free(b->off);
	free(b->src);
	free(b->lineno);
	free(b->outend);
	free(b->prep);
	free(b->prepped);
}

/*
 * A worker of the pool: with the program's state from fn->start when
 * own (a worker thread's, or any under neither NT_PARRUN_PREP nor a
 * start function), else fn->arg (what record gets under NT_PARRUN_PREP).
 */
static void
worker_init(const struct nt_ctx *ctx, struct pool *p, struct worker *w,
    int own)
{
	const struct nt_parrun *fn = p->fn;

	w->pool = p;
	w->job.field = ctx->field;
	w->job.strict = ctx->strict;
	w->own = own && fn->start != NULL;
	w->state = w->own ? fn->start(fn->arg) : fn->arg;
}

/* The main thread's own worker, made when it first needs one. */
static struct worker *
main_worker(struct nt_ctx *ctx, struct pool *p)
{
	const struct nt_parrun *fn = p->fn;
	struct worker *w = p->mainw;

	if (w == NULL) {
		w = p->mainw = nt_ecalloc(1, sizeof(*w));
		worker_init(ctx, p, w, !(fn->flags & NT_PARRUN_PREP));
	}
	return w;
}

/*
 * A batch was run with the number of records before it guessed from
 * the lines before it; when a line before it held no record, a program
 * that reads job->nrec gets the batch again, on the main thread, with
 * the number counted.
 */
static void
renumber(struct nt_ctx *ctx, struct pool *p, struct batch *b)
{
	if (!(p->fn->flags & NT_PARRUN_NREC) || b->base == ctx->nread)
		return;
	nt_buf_reset(&b->out);
	free_rej(b->rej, &b->nrej);
	b->nread = b->nmissing = 0;
	b->base = ctx->nread;
	process(main_worker(ctx, p), b);
}

/* An input error kept before line b->ioerr[*m].line, said. */
static void
say_ioerr(struct pool *p, struct batch *b, size_t *m)
{
	warnx("%s", b->ioerr[(*m)++].reason);
	p->nsaid++;
}

/*
 * NT_PARRUN_PREP: the prepared record on line[0..len), read, given to
 * the program's quick; 1 if it was done with there.
 */
static int
quick(struct nt_ctx *ctx, struct worker *w, const char *line, size_t len)
{
	struct nt_parjob *j = &w->job;

	j->line = line;
	j->len = len;
	j->rec = NULL;
	j->text = NULL;
	j->textlen = 0;
	j->nrec = ctx->nread + 1;
	j->out = &ctx->out.buf;
	j->sink = &ctx->out;
	j->nmissing = &ctx->nmissing;
	if (!w->pool->fn->quick(w->pool->fn->arg, j))
		return 0;
	ctx->nread++;
	return 1;
}

/*
 * NT_PARRUN_PREP: run the batch's records on the main thread, in
 * order, each with what prepare made of it, as run_inline does.
 */
static void
emit_prep(struct nt_ctx *ctx, struct pool *p, struct batch *b)
{
	const struct nt_parrun *fn = p->fn;
	struct worker *w = main_worker(ctx, p);
	const char *line;
	size_t i, m = 0, len;

	for (i = 0; i < b->n && !ctx->stop; i++) {
		while (m < b->nioerr && b->ioerr[m].line <= i)
			say_ioerr(p, b, &m);
		line = b->in.p + b->off[i];
		len = b->off[i + 1] - b->off[i] - 1;
		w->job.prep = b->prepped[i] ? b->prep + i * fn->prepsize :
		    NULL;
		if (w->job.prep != NULL && fn->quick != NULL &&
		    quick(ctx, w, line, len)) {
			nt_out_commit(&ctx->out);
			if (fn->written != NULL)
				fn->written(fn->arg, ctx);
			continue;
		}
		if (run_record(w, line, len, &ctx->out, &ctx->out.buf, 0,
		    &ctx->nread, &ctx->nmissing) < 0) {
			nt_cli_reject_at(ctx, b->src[i], b->lineno[i], line,
			    len, w->job.reason.p, w->job.col);
			continue;
		}
		nt_out_commit(&ctx->out);
		if (fn->written != NULL)
			fn->written(fn->arg, ctx);
	}
	w->job.prep = NULL;
	while (!ctx->stop && m < b->nioerr)
		say_ioerr(p, b, &m);
	free_rej(b->ioerr, &b->nioerr);
}

/*
 * The long line that ended the last batch, on the main thread once
 * every batch before it is written: as run_inline does it.
 */
static void
run_big(struct nt_ctx *ctx, struct pool *p)
{
	const struct nt_parrun *fn = p->fn;
	struct worker *w = main_worker(ctx, p);

	if (run_record(w, p->bigline, p->biglen, &ctx->out, &ctx->out.buf,
	    0, &ctx->nread, &ctx->nmissing) < 0) {
		nt_cli_reject_at(ctx, ctx->in.name, ctx->in.lineno,
		    p->bigline, p->biglen, w->job.reason.p, w->job.col);
		return;
	}
	nt_out_commit(&ctx->out);
	if (fn->written != NULL)
		fn->written(fn->arg, ctx);
}

static void
worker_free(const struct nt_parrun *fn, struct worker *w)
{
	if (w->own && fn->end != NULL)
		fn->end(w->state, fn->arg);
	nt_rec_free(&w->rec);
	nt_buf_free(&w->text);
	nt_buf_free(&w->job.reason);
}

/* --- Threads. --- */

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
	struct batch *b;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->take == p->fill && !p->eof)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->take == p->fill)
			break;
		b = &p->b[p->take++ % p->nb];
		b->state = B_BUSY;
		pthread_mutex_unlock(&p->mu);
		process(w, b);
		pthread_mutex_lock(&p->mu);
		b->state = B_DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	/* A program's patterns leave a JIT stack with the thread. */
	nt_re_thread_free();
	return NULL;
}

/*
 * The main thread, called with the lock held, runs the oldest ready
 * batch as a worker would, with a worker's state of its own.
 */
static void
help(struct pool *p, struct worker *helper)
{
	struct batch *b = &p->b[p->take++ % p->nb];

	b->state = B_BUSY;
	pthread_mutex_unlock(&p->mu);
	process(helper, b);
	pthread_mutex_lock(&p->mu);
	b->state = B_DONE;
}

/* Workers w[0..n) on threads of their own, and w[n] the main thread's. */
static void
run_threads(struct nt_ctx *ctx, struct pool *p, struct worker *w, int n)
{
	struct worker *helper = &w[n];
	struct batch *b;
	int i, rc;

	for (i = 0; i < n; i++)
		if ((rc = pthread_create(&w[i].tid, NULL, work, &w[i])) != 0)
			nt_fatalx("cannot start a thread: %s", strerror(rc));
	ctx->in.errs = &p->ioerr;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		/*
		 * Keep the ring full while there is input; while the
		 * input waits for its producer, write what is done.
		 */
		b = &p->b[p->fill % p->nb];
		if (!p->eof && !ctx->stop && !p->big && b->state == B_FREE &&
		    (p->emit == p->fill || !nt_in_idle(&ctx->in))) {
			pthread_mutex_unlock(&p->mu);
			i = fill(ctx, p, b);
			pthread_mutex_lock(&p->mu);
			if (i) {
				b->state = B_READY;
				p->fill++;
			} else if (!p->big)
				p->eof = 1;
			pthread_cond_broadcast(&p->work);
			continue;
		}
		if (p->emit == p->fill && p->big && !ctx->stop) {
			pthread_mutex_unlock(&p->mu);
			run_big(ctx, p);
			pthread_mutex_lock(&p->mu);
			p->big = 0;
			continue;
		}
		if (p->emit == p->fill && (p->eof || ctx->stop))
			break;
		b = &p->b[p->emit % p->nb];
		while (b->state != B_DONE)
			if (p->take != p->fill)
				help(p, helper);
			else
				pthread_cond_wait(&p->done, &p->mu);
		pthread_mutex_unlock(&p->mu);
		if (!ctx->stop && (p->fn->flags & NT_PARRUN_PREP))
			emit_prep(ctx, p, b);
		else if (!ctx->stop) {
			renumber(ctx, p, b);
			emit(ctx, p, b);
		}
		pthread_mutex_lock(&p->mu);
		b->state = B_FREE;
		p->emit++;
	}
	p->eof = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < n; i++)
		pthread_join(w[i].tid, NULL);
	/* What --strict stopped short of was never reported: as if unread. */
	ctx->in.errs = NULL;
	ctx->in.ioerrors -= p->nkept - p->nsaid;
	nt_buf_free(&p->ioerr);
}

/*
 * One thread: each line straight from the input buffer to the output
 * buffer, parsed where it lies.
 */
static void
run_inline(struct nt_ctx *ctx, struct worker *w)
{
	const struct nt_parrun *fn = w->pool->fn;
	const char *line;
	size_t len;

	while (!ctx->stop && nt_in_next(&ctx->in, &line, &len)) {
		if (nt_cli_blank(line, len))
			continue;
		if (run_record(w, line, len, &ctx->out, &ctx->out.buf, 0,
		    &ctx->nread, &ctx->nmissing) < 0) {
			nt_cli_reject_at(ctx, ctx->in.name, ctx->in.lineno,
			    line, len, w->job.reason.p, w->job.col);
			continue;
		}
		nt_out_commit(&ctx->out);
		if (fn->written != NULL)
			fn->written(fn->arg, ctx);
	}
}

void
nt_parrun(struct nt_ctx *ctx, const struct nt_parrun *fn, int nthreads)
{
	struct pool p;
	struct worker *w;
	int i;

	memset(&p, 0, sizeof(p));
	p.fn = fn;
	if (nthreads < 1 || ctx->unbuffered || (fn->flags & NT_PARRUN_SEQ))
		nthreads = 1;
	p.inl = nthreads == 1;
	p.nb = p.inl ? 0 : (size_t)nthreads * 2 + 1;
	p.b = p.inl ? NULL : nt_ecalloc(p.nb, sizeof(*p.b));
	w = nt_ecalloc((size_t)nthreads, sizeof(*w));
	p.maxlines = BATCH_LINES;
	if ((fn->flags & NT_PARRUN_PREP) && fn->prepsize > 0 &&
	    PREP_BYTES / fn->prepsize < p.maxlines)
		p.maxlines = PREP_BYTES / fn->prepsize > 0 ?
		    PREP_BYTES / fn->prepsize : 1;
	for (i = 0; i < nthreads; i++)
		worker_init(ctx, &p, &w[i], !(p.inl &&
		    (fn->flags & NT_PARRUN_PREP)));
	if (p.inl)
		run_inline(ctx, &w[0]);
	else {
		pthread_mutex_init(&p.mu, NULL);
		pthread_cond_init(&p.work, NULL);
		pthread_cond_init(&p.done, NULL);
		run_threads(ctx, &p, w, nthreads - 1);
		pthread_mutex_destroy(&p.mu);
		pthread_cond_destroy(&p.work);
		pthread_cond_destroy(&p.done);
	}
	for (i = 0; i < nthreads; i++)
		worker_free(fn, &w[i]);
	if (p.mainw != NULL) {
		worker_free(fn, p.mainw);
		free(p.mainw);
	}
	for (i = 0; i < (int)p.nb; i++)
		batch_free(&p.b[i]);
	free(p.b);
	free(w);
}
