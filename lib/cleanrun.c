/*
 * Batches go round a ring: the main thread fills a free one and marks
 * it ready; a worker takes the oldest ready one, cleans it and marks it
 * done; the main thread writes out the oldest done one and frees it.
 * Sequence numbers (fill, work, emit) only grow, and a batch's slot is
 * its number modulo the ring size, so input order is output order.
 */
#include <err.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "clean.h"
#include "cleanrun.h"
#include "json.h"
#include "util.h"

#define BATCH_BYTES	(1024 * 1024)
#define BATCH_LINES	8192

enum { B_FREE, B_READY, B_BUSY, B_DONE };

struct rej {
	size_t		 line;
	char		*reason;
	size_t		 col;
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
	uint64_t	 nread, nmissing;
	int		 state;
};

struct worker {
	struct nt_rules	 rs;
	struct nt_rules	*rsp;
	struct nt_clean	 cl;
	struct nt_rec	 rec;
	struct nt_buf	 text, json, reason, title;
	pthread_t	 tid;
	struct pool	*pool;
};

struct pool {
	pthread_mutex_t	 mu;
	pthread_cond_t	 work, done;
	struct batch	*b;
	size_t		 nb;
	size_t		 fill, take, emit;	/* sequence numbers */
	int		 eof;
	const struct nt_cleanopts *o;
	const char	*field;
	int		 strict;
};

int
nt_cleanrun_rules(struct nt_rules *rs, const struct nt_cleanopts *o,
    struct nt_buf *err)
{
	struct nt_buf path = NT_BUF_INIT;
	size_t i;
	int rc = -1;

	nt_rules_init(rs);
	if (nt_datapath("nclean/rules.yaml", &path) < 0) {
		nt_buf_reset(err);
		nt_buf_adds(err, "cannot find the built-in rules "
		    "(nclean/rules.yaml; set NTOOLS_DATA)");
		goto out;
	}
	if (nt_rules_load(rs, path.p, 0, err) < 0)
		goto out;
	if (nt_datapath("nclean/stopwords.yaml", &path) < 0) {
		nt_buf_reset(err);
		nt_buf_adds(err, "cannot find nclean/stopwords.yaml (set "
		    "NTOOLS_DATA)");
		goto out;
	}
	if (nt_rules_stopwords(rs, path.p, err) < 0)
		goto out;
	for (i = 0; i < o->nrules; i++)
		if (nt_rules_load(rs, o->rules[i], 1, err) < 0)
			goto out;
	rc = nt_rules_finish(rs, err);
out:
	nt_buf_free(&path);
	return rc;
}

/* --- One batch. --- */

static void
reject(struct batch *b, size_t line, const char *reason, size_t col)
{
	if (b->nrej == b->rejcap) {
		b->rejcap = b->rejcap ? b->rejcap * 2 : 8;
		b->rej = nt_ereallocarray(b->rej, b->rejcap, sizeof(*b->rej));
	}
	b->rej[b->nrej].line = line;
	b->rej[b->nrej].reason = nt_estrdup(reason);
	b->rej[b->nrej].col = col;
	b->nrej++;
}

/* Is the field there with a value worth keeping (not null, not "")? */
static int
has(const struct nt_rec *r, const char *name)
{
	const char *v;
	size_t n;

	if (!nt_rec_raw(r, name, &v, &n))
		return 0;
	return !(n == 4 && memcmp(v, "null", 4) == 0) &&
	    !(n == 2 && memcmp(v, "\"\"", 2) == 0);
}

/*
 * Parse and clean one input line, appending the record to out.  Returns
 * 0, or -1 when the line is rejected: the reason is then in w->reason
 * and its column in *col.
 */
static int
clean_record(struct worker *w, const char *line, size_t len,
    struct nt_buf *out, uint64_t *nread, uint64_t *nmissing, size_t *col)
{
	const struct pool *p = w->pool;
	struct nt_clean *cl = &w->cl;
	struct nt_jerr je;
	int rv;

	if (nt_rec_parse(&w->rec, line, len, &je) < 0) {
		nt_buf_reset(&w->reason);
		if (strncmp(je.msg, "invalid UTF-8", 13) != 0 &&
		    strncmp(je.msg, "not a JSON", 10) != 0)
			nt_buf_adds(&w->reason, "invalid JSON: ");
		nt_buf_adds(&w->reason, je.msg);
		*col = je.col;
		return -1;
	}
	(*nread)++;
	rv = nt_rec_str(&w->rec, p->field, &w->text);
	if (rv != 1) {
		if (rv == 0 && !p->strict) {
			(*nmissing)++;
			nt_rec_write(&w->rec, out);
			return 0;
		}
		nt_buf_reset(&w->reason);
		nt_buf_printf(&w->reason, rv == 0 ? "no '%s' field" :
		    "field '%s' is not a string", p->field);
		*col = 0;
		return -1;
	}
	if (w->text.p == NULL)
		nt_buf_add(&w->text, "", 0);
	if (nt_rec_str(&w->rec, "title", &w->title) == 1 && w->title.len > 0)
		nt_clean_text(cl, w->text.p, w->text.len, w->title.p,
		    w->title.len, has(&w->rec, "date"));
	else
		nt_clean_text(cl, w->text.p, w->text.len, NULL, 0,
		    has(&w->rec, "date"));
	if (cl->changed)
		nt_rec_set_str(&w->rec, p->field, cl->out.p, cl->out.len);
	if (cl->date[0] != '\0')
		nt_rec_set_str(&w->rec, "date", cl->date, strlen(cl->date));
	if (cl->title.len > 0)
		nt_rec_set_str(&w->rec, "title", cl->title.p, cl->title.len);
	if (p->o->explain) {
		nt_buf_reset(&w->json);
		nt_clean_explain(cl, w->text.p, w->text.len, &w->json);
		nt_rec_set_raw(&w->rec, "clean", w->json.p, w->json.len);
	}
	nt_rec_write(&w->rec, out);
	return 0;
}

static void
process(struct worker *w, struct batch *b)
{
	size_t i, col;

	for (i = 0; i < b->n; i++) {
		if (clean_record(w, b->in.p + b->off[i], b->off[i + 1] -
		    b->off[i] - 1, &b->out, &b->nread, &b->nmissing, &col) < 0)
			reject(b, i, w->reason.p, col);
		b->outend[i] = b->out.len;
	}
}

/* Is the line only white space?  It holds no record, and is skipped. */
static int
blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 0;
	return 1;
}

/* Read up to a batch of lines; returns how many. */
static size_t
fill(struct nt_ctx *ctx, struct batch *b)
{
	const char *line;
	size_t len;

	b->n = 0;
	nt_buf_reset(&b->in);
	nt_buf_reset(&b->out);
	b->nread = b->nmissing = 0;
	while (b->in.len < BATCH_BYTES && b->n < BATCH_LINES &&
	    nt_in_next(&ctx->in, &line, &len)) {
		if (blank(line, len))
			continue;
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
	return b->n;
}

/* Write a cleaned batch out, with its rejections in their places. */
static void
emit(struct nt_ctx *ctx, struct batch *b)
{
	size_t k, pos = 0, end, l;

	for (k = 0; k < b->nrej && !ctx->stop; k++) {
		l = b->rej[k].line;
		end = b->outend[l];
		nt_buf_add(&ctx->out.buf, b->out.p + pos, end - pos);
		pos = end;
		nt_out_commit(&ctx->out);
		nt_cli_reject_at(ctx, b->src[l], b->lineno[l],
		    b->in.p + b->off[l], b->off[l + 1] - b->off[l] - 1,
		    b->rej[k].reason, b->rej[k].col);
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
	for (k = 0; k < b->nrej; k++)
		free(b->rej[k].reason);
	b->nrej = 0;
}

static void
batch_free(struct batch *b)
{
	size_t k;

	for (k = 0; k < b->nrej; k++)
		free(b->rej[k].reason);
	free(b->rej);
	nt_buf_free(&b->in);
	nt_buf_free(&b->out);
	free(b->off);
	free(b->src);
	free(b->lineno);
	free(b->outend);
}

static void
worker_init(struct worker *w, struct pool *p, struct nt_rules *rs)
{
	memset(w, 0, sizeof(*w));
	w->pool = p;
	w->rsp = rs;
	nt_clean_init(&w->cl, rs, p->o->normflags);
}

static void
worker_free(struct worker *w)
{
	nt_clean_free(&w->cl);
	nt_rec_free(&w->rec);
	nt_buf_free(&w->text);
	nt_buf_free(&w->json);
	nt_buf_free(&w->reason);
	nt_buf_free(&w->title);
	if (w->rsp == &w->rs)
		nt_rules_free(&w->rs);
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
	nt_re_thread_free();
	return NULL;
}

static void
run_threads(struct nt_ctx *ctx, struct pool *p, struct worker *w, int n)
{
	struct batch *b;
	int i, rc;

	for (i = 0; i < n; i++)
		if ((rc = pthread_create(&w[i].tid, NULL, work, &w[i])) != 0)
			nt_fatalx("cannot start a thread: %s", strerror(rc));
	pthread_mutex_lock(&p->mu);
	for (;;) {
		/* Keep the ring full while there is input. */
		b = &p->b[p->fill % p->nb];
		if (!p->eof && !ctx->stop && b->state == B_FREE) {
			pthread_mutex_unlock(&p->mu);
			i = fill(ctx, b) == 0;
			pthread_mutex_lock(&p->mu);
			if (i)
				p->eof = 1;
			else {
				b->state = B_READY;
				p->fill++;
			}
			pthread_cond_broadcast(&p->work);
			continue;
		}
		if (p->emit == p->fill && (p->eof || ctx->stop))
			break;
		b = &p->b[p->emit % p->nb];
		while (b->state != B_DONE)
			pthread_cond_wait(&p->done, &p->mu);
		pthread_mutex_unlock(&p->mu);
		if (!ctx->stop)
			emit(ctx, b);
		pthread_mutex_lock(&p->mu);
		b->state = B_FREE;
		p->emit++;
	}
	p->eof = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < n; i++)
		pthread_join(w[i].tid, NULL);
}

/* One thread: each line straight from the input to the output. */
static void
run_inline(struct nt_ctx *ctx, struct worker *w)
{
	const char *line;
	size_t len, col;

	while (!ctx->stop && nt_in_next(&ctx->in, &line, &len)) {
		if (blank(line, len))
			continue;
		ctx->line = line;
		ctx->linelen = len;
		if (clean_record(w, line, len, &ctx->out.buf, &ctx->nread,
		    &ctx->nmissing, &col) < 0)
			nt_cli_reject(ctx, w->reason.p, col);
		else
			nt_out_commit(&ctx->out);
	}
}

void
nt_cleanrun(struct nt_ctx *ctx, const struct nt_cleanopts *o,
    struct nt_rules *rs, int nthreads)
{
	struct pool p;
	struct worker *w;
	struct nt_buf err = NT_BUF_INIT;
	size_t k;
	int i;

	memset(&p, 0, sizeof(p));
	p.o = o;
	p.field = ctx->field;
	p.strict = ctx->strict;
	if (nthreads < 1 || ctx->unbuffered)
		nthreads = 1;
	p.nb = nthreads == 1 ? 1 : (size_t)nthreads * 2 + 1;
	p.b = nt_ecalloc(p.nb, sizeof(*p.b));
	w = nt_ecalloc((size_t)nthreads, sizeof(*w));
	if (nthreads == 1) {
		worker_init(&w[0], &p, rs);
		run_inline(ctx, &w[0]);
	} else {
		pthread_mutex_init(&p.mu, NULL);
		pthread_cond_init(&p.work, NULL);
		pthread_cond_init(&p.done, NULL);
		for (i = 0; i < nthreads; i++) {
			worker_init(&w[i], &p, &w[i].rs);
			/* Checked once already: this cannot fail but for
			 * memory, or a file changed under us. */
			if (nt_cleanrun_rules(&w[i].rs, o, &err) < 0)
				nt_fatalx("%s", err.p);
		}
		run_threads(ctx, &p, w, nthreads);
		pthread_mutex_destroy(&p.mu);
		pthread_cond_destroy(&p.work);
		pthread_cond_destroy(&p.done);
	}
	/* A pattern that gave up is not silent: say where, and how often. */
	for (k = 0; k < rs->n; k++) {
		uint64_t lim = rs->r[k].limited;

		for (i = 0; nthreads > 1 && i < nthreads; i++)
			if (k < w[i].rs.n)
				lim += w[i].rs.r[k].limited;
		if (lim > 0)
			warnx("rule '%s' (%s) hit its match limit on %llu "
			    "line%s, which %s kept", rs->r[k].id, rs->r[k].src,
			    (unsigned long long)lim, lim == 1 ? "" : "s",
			    lim == 1 ? "was" : "were");
	}
	for (i = 0; i < nthreads; i++)
		worker_free(&w[i]);
	for (i = 0; i < (int)p.nb; i++)
		batch_free(&p.b[i]);
	free(p.b);
	free(w);
	nt_buf_free(&err);
}
