/*
 * cleanrun: nclean's rules, and its work on each record as parrun runs
 * it.  The first worker uses the rules loaded at start-up; every other
 * one compiles its own copy, because a rule set keeps match data and
 * scratch buffers.
 */
#include <ctype.h>
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clean/clean.h"
#include "clean/cleanrun.h"
#include "clean/html.h"
#include "clean/site.h"
#include "core/io.h"
#include "core/parrun.h"
#include "core/util.h"

struct run {
	const struct nt_cleanopts *o;
	const char	*field;
	struct nt_rules	*rs;		/* loaded by the caller */
	int		 lent;		/* rs is a worker's already */
	struct nt_site	*site;		/* --state, or NULL */
	size_t		 pending;	/* records since the last commit */
};

struct worker {
	struct nt_rules	 rs;		/* a copy, unless rsp is the caller's */
	struct nt_rules	*rsp;
	struct nt_clean	 cl;
	struct nt_html	 html;
	struct nt_buf	 json, title, url, source;
	struct nt_buf	 text, page;	/* the record's text, or its html */
	const struct run *run;
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
		nt_buf_add(err, path.p, path.len);
		goto out;
	}
	if (nt_rules_load(rs, path.p, 0, err) < 0)
		goto out;
	if (nt_datapath("nclean/stopwords.yaml", &path) < 0) {
		nt_buf_reset(err);
		nt_buf_add(err, path.p, path.len);
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

int
nt_cleanrun_hints(struct nt_cleanopts *o, struct nt_buf *err)
{
	struct nt_buf path = NT_BUF_INIT;

	if (nt_datapath("nclean/dom.yaml", &path) < 0) {
		nt_buf_reset(err);
		nt_buf_add(err, path.p, path.len);
		nt_buf_free(&path);
		return -1;
	}
	o->hints = nt_hints_load(path.p, err);
	nt_buf_free(&path);
	return o->hints != NULL ? 0 : -1;
}

int
nt_cleanrun_lang(struct nt_langmodel *m, struct nt_buf *err)
{
	struct nt_buf path = NT_BUF_INIT;
	int rc = -1;

	if (nt_datapath("lang/trigrams.tsv", &path) < 0) {
		nt_buf_reset(err);
		nt_buf_add(err, path.p, path.len);
	} else
		rc = nt_lang_load(m, path.p, err);
	nt_buf_free(&path);
	return rc;
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

/* Set name to b, unless the record has a value for it already. */
static void
fill(struct nt_rec *r, const char *name, const struct nt_buf *b)
{
	if (b->len > 0 && !has(r, name))
		nt_rec_set_str(r, name, b->p, b->len);
}

/*
 * The site a record comes from, for its brand lines and for what the
 * state learns: its source, or else its URL's host without "www.".
 */
static void
site_of(struct worker *w, struct nt_rec *r)
{
	struct nt_buf *b = &w->source, *u = &w->url;
	const char *h, *e;

	if (nt_rec_str(r, "url", u) != 1)
		nt_buf_reset(u);
	if (nt_rec_str(r, "source", b) != 1 || b->len == 0) {
		nt_buf_reset(b);
		if (u->len > 0 && (h = memmem(u->p, u->len, "://", 3)) != NULL) {
			h += 3;
			for (e = h; e < u->p + u->len && *e != '/' && *e != ':' &&
			    *e != '?' && *e != '#'; e++)
				;
			if (e - h > 4 && strncasecmp(h, "www.", 4) == 0)
				h += 4;
			nt_buf_add(b, h, (size_t)(e - h));
		}
	}
	nt_clean_site(&w->cl, b->len > 0 ? b->p : NULL, b->len,
	    u->len > 0 ? u->p : NULL, u->len, w->run->site);
}

/* The author, dateline and credit the text printed. */
static void
fields(struct worker *w, struct nt_rec *r)
{
	struct nt_clean *cl = &w->cl;

	fill(r, "author", &cl->author);
	if (cl->dateline.len > 0)
		nt_rec_set_str(r, "dateline", cl->dateline.p, cl->dateline.len);
	if (cl->credit.len > 0)
		nt_rec_set_str(r, "credit", cl->credit.p, cl->credit.len);
}

static void
explain(struct worker *w, struct nt_rec *r, const char *text, size_t n,
    int truncated)
{
	nt_buf_reset(&w->json);
	nt_clean_explain(&w->cl, text, n, &w->json);
	if (truncated) {
		/* {"removed":[...]} gains a member: the page was cut. */
		nt_buf_trunc(&w->json, w->json.len - 1);
		nt_buf_adds(&w->json, ",\"truncated\":true}");
	}
	nt_rec_set_raw(r, "clean", w->json.p, w->json.len);
}

/* Fill "lang" from the cleaned text (ISO 639-1, or "und"). */
static void
set_lang(struct nt_rec *r, const struct nt_langmodel *m, const char *text,
    size_t n)
{
	const char *code = nt_lang_detect(m, text, n, NULL);

	nt_rec_set_str(r, "lang", code, strlen(code));
}

/*
 * A page's language: what it says of itself (<html lang="en-GB"> gives
 * "en", ISO 639-1 as every record's lang), or else what its text reads
 * as; a record's own lang is kept.
 */
static void
page_lang(struct worker *w, struct nt_rec *r, const struct nt_buf *text)
{
	const struct nt_buf *l = &w->html.lang;
	char code[3];

	if (has(r, "lang"))
		return;
	if (l->len >= 2 && (l->len == 2 || l->p[2] == '-' || l->p[2] == '_') &&
	    isalpha((unsigned char)l->p[0]) && isalpha((unsigned char)l->p[1])) {
		code[0] = (char)tolower((unsigned char)l->p[0]);
		code[1] = (char)tolower((unsigned char)l->p[1]);
		code[2] = '\0';
		nt_rec_set_str(r, "lang", code, 2);
	} else if (w->run->o->lang != NULL)
		set_lang(r, w->run->o->lang, text->p ? text->p : "", text->len);
}

/*
 * A record with html and no text: the page's lines, with what the DOM
 * says of them, through the line rules; the page's metadata into the
 * fields the record lacks.
 */
static int
clean_html(struct worker *w, struct nt_parjob *j, const char *page,
    size_t pagelen)
{
	struct nt_clean *cl = &w->cl;
	struct nt_html *h = &w->html;
	struct nt_rec *r = j->rec;
	const struct nt_buf *title, *text;
	int url;

	url = nt_rec_str(r, "url", &w->url) == 1 && w->url.len > 0;
	if (nt_html_extract(h, page, pagelen, url ? w->url.p : NULL,
	    url ? w->url.len : 0) < 0)
		return nt_parrun_reject(j, 0, "html too large to parse "
		    "(%zu bytes)", pagelen);
	title = nt_rec_str(r, "title", &w->title) == 1 && w->title.len > 0 ?
	    &w->title : &h->title;
	nt_clean_preset(cl, h->reason, h->nline);
	site_of(w, r);
	nt_clean_text(cl, h->text.p ? h->text.p : "", h->text.len,
	    title->len > 0 ? title->p : NULL, title->len,
	    has(r, "date") || h->date.len > 0);
	text = cl->changed ? &cl->out : &h->text;
	nt_rec_set_strref(r, w->run->field, text->p ? text->p : "",
	    text->len);
	fill(r, "title", title->len > 0 ? title : &cl->title);
	fill(r, "date", &h->date);
	if (cl->date[0] != '\0' && !has(r, "date"))
		nt_rec_set_str(r, "date", cl->date, strlen(cl->date));
	fill(r, "author", &h->author);
	fields(w, r);
	page_lang(w, r, text);
	fill(r, "url", &h->url);
	if (!w->run->o->keep_html)
		nt_rec_del(r, "html");
	if (w->run->o->explain)
		explain(w, r, h->text.p ? h->text.p : "", h->text.len,
		    h->truncated);
	nt_parjob_write(j, r);
	return 0;
}


/*
 * Clean one record's text, or its page when it has html and no text,
 * and write the record out.  A record with neither passes unchanged
 * (counted, or rejected under --strict, by nt_parrun_text).
 */
static int
clean_record(void *state, struct nt_parjob *j)
{
	struct worker *w = state;
	struct nt_clean *cl = &w->cl;
	struct nt_rec *r = j->rec;
	const char *v;
	size_t vlen;

	if (!nt_rec_raw(r, w->run->field, &v, &vlen)) {
		switch (nt_rec_str(r, "html", &w->page)) {
		case 1:
			return clean_html(w, j, w->page.p, w->page.len);
		case -1:
			return nt_parrun_reject(j, 0, "field 'html' is not a "
			    "string");
		}
	}
	switch (nt_parrun_text(j, &w->text)) {
	case -1:
		return -1;
	case 0:
		nt_parjob_write(j, r);
		return 0;
	}
	site_of(w, r);
	if (nt_rec_str(r, "title", &w->title) == 1 && w->title.len > 0)
		nt_clean_text(cl, w->text.p, w->text.len, w->title.p,
		    w->title.len, has(r, "date"));
	else
		nt_clean_text(cl, w->text.p, w->text.len, NULL, 0,
		    has(r, "date"));
	/* Escaped only into the output: no copy of the text in the record. */
	if (cl->changed)
		nt_rec_set_strref(r, w->run->field, cl->out.p, cl->out.len);
	if (cl->date[0] != '\0')
		nt_rec_set_str(r, "date", cl->date, strlen(cl->date));
	if (cl->title.len > 0)
		nt_rec_set_str(r, "title", cl->title.p, cl->title.len);
	fields(w, r);
	if (w->run->o->lang != NULL && !has(r, "lang"))
		set_lang(r, w->run->o->lang, cl->changed ? cl->out.p : w->text.p,
		    cl->changed ? cl->out.len : w->text.len);
	if (w->run->o->explain)
		explain(w, r, w->text.p, w->text.len, 0);
	nt_parjob_write(j, r);
	return 0;
}

static void *
worker_new(void *arg)
{
	struct run *run = arg;
	struct worker *w = nt_ecalloc(1, sizeof(*w));
	struct nt_buf err = NT_BUF_INIT;

	w->run = run;
	if (!run->lent) {
		w->rsp = run->rs;
		run->lent = 1;
	} else {
		w->rsp = &w->rs;
		/* Checked once already: this cannot fail but for memory,
		 * or a file changed under us. */
		if (nt_cleanrun_rules(&w->rs, run->o, &err) < 0)
			nt_fatalx("%s", err.p);
		nt_buf_free(&err);
	}
	nt_clean_init(&w->cl, w->rsp, run->o->normflags);
	nt_html_init(&w->html, run->o->hints);
	return w;
}

/* Free a worker; what its copy of the rules counted goes to the caller's. */
static void
worker_free(void *state, void *arg)
{
	struct worker *w = state;
	struct run *run = arg;
	size_t k;

	nt_clean_free(&w->cl);
	nt_html_free(&w->html);
	nt_buf_free(&w->json);
	nt_buf_free(&w->title);
	nt_buf_free(&w->url);
	nt_buf_free(&w->source);
	nt_buf_free(&w->page);
	nt_buf_free(&w->text);
	if (w->rsp == &w->rs) {
		for (k = 0; k < w->rs.n && k < run->rs->n; k++)
			run->rs->r[k].limited += w->rs.r[k].limited;
		nt_rules_free(&w->rs);
	}
	free(w);
}

/*
 * Output first, then what the pages taught: a run killed between the
 * two counts no page twice when it is run again (site.h).
 */
static void
written(void *arg, struct nt_ctx *ctx)
{
	struct run *run = arg;

	if (++run->pending < NT_CLEANRUN_BATCH && !ctx->unbuffered)
		return;
	nt_out_flush(&ctx->out);
	nt_site_commit(run->site);
	run->pending = 0;
}

void
nt_cleanrun(struct nt_ctx *ctx, const struct nt_cleanopts *o,
    struct nt_rules *rs, int nthreads)
{
	struct run run = { o, ctx->field, rs, 0, NULL, 0 };
	struct nt_parrun fn = { .start = worker_new, .end = worker_free,
	    .record = clean_record, .arg = &run, .flags = NT_PARRUN_ANY };
	size_t k;
	uint64_t lim;

	nt_html_global_init();
	if (o->state != NULL) {
		/* What a page teaches decides the next: input order. */
		run.site = nt_site_open(o->state, o->wait_ms, o->max_age);
		fn.flags |= NT_PARRUN_SEQ;
		fn.written = written;
	}
	nt_parrun(ctx, &fn, nthreads);
	if (run.site != NULL) {
		nt_out_flush(&ctx->out);
		nt_site_close(run.site);
	}
	/* A pattern that gave up is not silent: say where, and how often. */
	for (k = 0; k < rs->n; k++)
		if ((lim = rs->r[k].limited) > 0)
			warnx("rule '%s' (%s) hit its match limit on %llu "
			    "line%s, which %s kept", rs->r[k].id, rs->r[k].src,
			    (unsigned long long)lim, lim == 1 ? "" : "s",
			    lim == 1 ? "was" : "were");
}
