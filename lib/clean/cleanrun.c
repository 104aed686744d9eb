/*
 * cleanrun: nclean's rules, and its work on each record as parrun runs
 * it.  The first worker uses the rules loaded at start-up; every other
 * one compiles its own copy, because a rule set keeps match data and
 * scratch buffers.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "clean/clean.h"
#include "clean/cleanrun.h"
#include "core/parrun.h"
#include "core/util.h"

struct run {
	const struct nt_cleanopts *o;
	const char	*field;
	struct nt_rules	*rs;		/* loaded by the caller */
	int		 lent;		/* rs is a worker's already */
};

struct worker {
	struct nt_rules	 rs;		/* a copy, unless rsp is the caller's */
	struct nt_rules	*rsp;
	struct nt_clean	 cl;
	struct nt_buf	 json, title;
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

int
nt_cleanrun_lang(struct nt_langmodel *m, struct nt_buf *err)
{
	struct nt_buf path = NT_BUF_INIT;
	int rc = -1;

	if (nt_datapath("lang/trigrams.tsv", &path) < 0) {
		nt_buf_reset(err);
		nt_buf_adds(err, "cannot find the language model "
		    "(lang/trigrams.tsv; set NTOOLS_DATA)");
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

/* Fill "lang" from the cleaned text (ISO 639-1, or "und"). */
static void
set_lang(struct nt_rec *r, const struct nt_langmodel *m, const char *text,
    size_t n)
{
	const char *code = nt_lang_detect(m, text, n, NULL);

	nt_rec_set_str(r, "lang", code, strlen(code));
}

/* Clean one record's text and write the record out. */
static int
clean_record(void *state, struct nt_parjob *j)
{
	struct worker *w = state;
	struct nt_clean *cl = &w->cl;
	struct nt_rec *r = j->rec;

	if (nt_rec_str(r, "title", &w->title) == 1 && w->title.len > 0)
		nt_clean_text(cl, j->text, j->textlen, w->title.p,
		    w->title.len, has(r, "date"));
	else
		nt_clean_text(cl, j->text, j->textlen, NULL, 0,
		    has(r, "date"));
	if (cl->changed)
		nt_rec_set_str(r, w->run->field, cl->out.p, cl->out.len);
	if (cl->date[0] != '\0')
		nt_rec_set_str(r, "date", cl->date, strlen(cl->date));
	if (cl->title.len > 0)
		nt_rec_set_str(r, "title", cl->title.p, cl->title.len);
	if (w->run->o->lang != NULL && !has(r, "lang"))
		set_lang(r, w->run->o->lang, cl->changed ? cl->out.p : j->text,
		    cl->changed ? cl->out.len : j->textlen);
	if (w->run->o->explain) {
		nt_buf_reset(&w->json);
		nt_clean_explain(cl, j->text, j->textlen, &w->json);
		nt_rec_set_raw(r, "clean", w->json.p, w->json.len);
	}
	nt_rec_write(r, j->out);
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
	nt_buf_free(&w->json);
	nt_buf_free(&w->title);
	if (w->rsp == &w->rs) {
		for (k = 0; k < w->rs.n && k < run->rs->n; k++)
			run->rs->r[k].limited += w->rs.r[k].limited;
		nt_rules_free(&w->rs);
	}
	free(w);
}

void
nt_cleanrun(struct nt_ctx *ctx, const struct nt_cleanopts *o,
    struct nt_rules *rs, int nthreads)
{
	struct run run = { o, ctx->field, rs, 0 };
	const struct nt_parrun fn = { worker_new, worker_free, clean_record,
	    &run };
	size_t k;
	uint64_t lim;

	nt_parrun(ctx, &fn, nthreads);
	/* A pattern that gave up is not silent: say where, and how often. */
	for (k = 0; k < rs->n; k++)
		if ((lim = rs->r[k].limited) > 0)
			warnx("rule '%s' (%s) hit its match limit on %llu "
			    "line%s, which %s kept", rs->r[k].id, rs->r[k].src,
			    (unsigned long long)lim, lim == 1 ? "" : "s",
			    lim == 1 ? "was" : "were");
}
