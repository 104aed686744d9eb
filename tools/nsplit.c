/*
 * nsplit: split the text of each record into sentences or paragraphs.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cli.h"
#include "core/parrun.h"
#include "core/util.h"
#include "text/sent.h"
#include "split/splitlang.h"
#include "split/splitrec.h"

enum { OPT_ABBREV = NT_OPT_TOOL, OPT_ANNOTATE, OPT_JOBS, OPT_KEEP, OPT_LANG,
    OPT_QUOTES, OPT_UNIT };

static const char synopsis[] =
"usage: nsplit [-u] [--annotate] [--unit sentence|paragraph] [--keep list]\n"
"              [--abbrev file] [--lang code|auto|none] [--quotes split|keep]\n"
"              [--jobs n] [-f field] [-o file] [--reject file] [--strict]\n"
"              [file ...]";

static const char help[] =
"Write one record per sentence: {\"id\", \"doc_id\", \"n\", \"start\", \"end\",\n"
"\"text\"}; start and end count code points into the document's text.\n\n"
"      --annotate     keep one record per document, adding \"sentences\"\n"
"                     (or \"paragraphs\"): [[start, end], ...]\n"
"      --unit UNIT    sentence (the default) or paragraph\n"
"      --keep LIST    copy these fields (comma-separated) into each record\n"
"      --abbrev FILE  add the words of this YAML word file to the built-in\n"
"                     abbreviations (see nsplit(1)); may be repeated\n"
"      --lang CODE    split every text as language CODE (de, fr, ...); auto\n"
"                     (the default) reads each record's lang, or detects it;\n"
"                     none uses the default words only\n"
"      --quotes MODE  split (the default) ends sentences inside quotations;\n"
"                     keep never does\n"
"      --jobs N       split on N threads (default: one per CPU, at most 4)\n";

static const struct option longopts[] = {
	{ "abbrev",	required_argument,	NULL, OPT_ABBREV },
	{ "annotate",	no_argument,		NULL, OPT_ANNOTATE },
	{ "jobs",	required_argument,	NULL, OPT_JOBS },
	{ "keep",	required_argument,	NULL, OPT_KEEP },
	{ "lang",	required_argument,	NULL, OPT_LANG },
	{ "quotes",	required_argument,	NULL, OPT_QUOTES },
	{ "unit",	required_argument,	NULL, OPT_UNIT },
	NT_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

static const struct nt_optdoc docs[] = {
	{ "abbrev", NT_USE_REPEAT, "add the words of this YAML file to the "
	    "abbreviations" },
	{ "annotate", NT_USE_ONCE, "keep one record per document, adding "
	    "the spans" },
	{ "jobs", NT_USE_ONCE, "split on this many threads" },
	{ "keep", NT_USE_LIST, "copy these fields into each sentence" },
	{ "lang", NT_USE_ONCE, "the language of every text, auto or none" },
	{ "quotes", NT_USE_ONCE, "split or keep: end sentences inside "
	    "quotations or not" },
	{ "unit", NT_USE_ONCE, "sentence or paragraph" },
	{ NULL, NT_USE_ONCE, NULL }
};

/* What every thread reads: the options and the language data. */
struct opts {
	const struct nt_ctx *ctx;
	struct nt_sent_conf conf;	/* its language loads are locked */
	const char	*lang;		/* --lang CODE, or NULL: auto */
	struct nt_splitrec sr;		/* field and keep, for each job's */
	unsigned	 flags;
	int		 annotate;
};

/* One thread's. */
struct job {
	struct opts	*o;
	struct nt_splitlang sl;
	struct nt_buf	 err;
	struct nt_parjob *pj;		/* the record being split */
	struct nt_sent	 sent, all;	/* all: a long text's every span */
	struct nt_splitrec sr;		/* its keep list is o->sr's */
};

static void *
job_new(void *arg)
{
	struct opts *o = arg;
	struct job *j = nt_ecalloc(1, sizeof(*j));

	j->o = o;
	j->sl = (struct nt_splitlang)NT_SPLITLANG_INIT(&o->conf);
	j->sr.field = o->sr.field;
	j->sr.keep = o->sr.keep;
	j->sr.nkeep = o->sr.nkeep;
	return j;
}

static void
job_free(void *state, void *arg)
{
	struct job *j = state;

	(void)arg;
	j->sr.keep = NULL;	/* borrowed */
	nt_splitrec_free(&j->sr);
	nt_sent_free(&j->sent);
	nt_sent_free(&j->all);
	nt_splitlang_free(&j->sl);
	nt_buf_free(&j->err);
	free(j);
}

/* The record's language, asked for by the splitter when it needs it. */
static const struct nt_sent_lang *
reclang(void *arg)
{
	struct job *j = arg;
	const struct nt_sent_lang *lang;

	if (nt_splitlang_get(&j->sl, j->pj->rec, j->pj->text, j->pj->textlen,
	    &lang, &j->err) < 0)
		nt_cli_die(j->o->ctx, "%s", j->err.p);
	return lang;
}

/* Split a text, or a window of one, in the record's language. */
static size_t
split(void *arg, struct nt_sent *s, const char *text, size_t len)
{
	struct job *j = arg;
	struct opts *o = j->o;
	struct nt_sent_lazy lazy = { reclang, j };

	if (o->lang == NULL)
		return nt_sent_split_lazy(s, &o->conf, &lazy, text, len,
		    o->flags);
	return nt_sent_split_lang(s, &o->conf, *o->lang == '\0' ? NULL :
	    nt_sent_conf_lang(&o->conf, o->lang, strlen(o->lang), &j->err),
	    text, len, o->flags);
}

static int
each(void *arg, struct nt_parjob *pj)
{
	struct job *j = arg;
	const struct nt_splitter sp = { split, j };

	/* A record without an id is named by its number in the run. */
	j->sr.ordinal = pj->nrec;
	j->pj = pj;
	j->sr.sink = pj->sink;
	if (j->o->annotate) {
		nt_splitrec_annotate(&j->sr, pj->rec, j->o->flags &
		    NT_SENT_PARAGRAPH ? "paragraphs" : "sentences",
		    nt_splitrec_split(&j->sr, &j->sent, &sp, pj->text,
		    pj->textlen, pj->rec, pj->out, &j->all));
		nt_parjob_write(pj, pj->rec);
	} else
		nt_splitrec_split(&j->sr, &j->sent, &sp, pj->text,
		    pj->textlen, pj->rec, pj->out, NULL);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct nt_ctx ctx;
	struct opts j;
	struct nt_parrun fn = { .start = job_new, .end = job_free,
	    .record = each, .flags = NT_PARRUN_NREC };
	struct nt_buf err = NT_BUF_INIT;
	char **abbrev = NULL, *keep = NULL;
	size_t nabbrev = 0, i;
	int ch, jobs, status;

	memset(&j, 0, sizeof(j));
	jobs = nt_parrun_defjobs();
	nt_cli_init(&ctx, "nsplit", synopsis, help, longopts,
	    docs);
	while ((ch = nt_getopt(argc, argv, NT_COMMON_SHORT, longopts)) != -1) {
		if (nt_cli_opt(&ctx, ch, optarg))
			continue;
		switch (ch) {
		case OPT_ABBREV:
			abbrev = realloc(abbrev, (nabbrev + 1) *
			    sizeof(*abbrev));
			if (abbrev == NULL)
				nt_cli_die(&ctx, "out of memory");
			abbrev[nabbrev++] = optarg;
			break;
		case OPT_ANNOTATE:
			j.annotate = 1;
			break;
		case OPT_JOBS:
			jobs = nt_parrun_jobs(&ctx, optarg);
			break;
		case OPT_KEEP:
			keep = optarg;
			break;
		case OPT_LANG:
			j.lang = strcmp(optarg, "auto") == 0 ? NULL :
			    strcmp(optarg, "none") == 0 ? "" : optarg;
			break;
		case OPT_QUOTES:
			if (strcmp(optarg, "keep") == 0)
				j.flags |= NT_SENT_KEEPQUOTES;
			else if (strcmp(optarg, "split") == 0)
				j.flags &= ~(unsigned)NT_SENT_KEEPQUOTES;
			else
				nt_cli_die(&ctx, "--quotes must be split or "
				    "keep, not '%s'", optarg);
			break;
		case OPT_UNIT:
			if (strcmp(optarg, "paragraph") == 0)
				j.flags |= NT_SENT_PARAGRAPH;
			else if (strcmp(optarg, "sentence") == 0)
				j.flags &= ~(unsigned)NT_SENT_PARAGRAPH;
			else
				nt_cli_die(&ctx, "--unit must be sentence or "
				    "paragraph, not '%s'", optarg);
			break;
		default:
			nt_cli_usage(&ctx);
		}
	}
	if (nt_sent_conf_init(&j.conf, &err) < 0)
		nt_cli_die(&ctx, "%s", err.p);
	for (i = 0; i < nabbrev; i++)
		if (nt_sent_conf_add(&j.conf, abbrev[i], &err) < 0)
			nt_cli_die(&ctx, "%s", err.p);
	if (j.lang != NULL && *j.lang != '\0' &&
	    nt_sent_conf_lang(&j.conf, j.lang, strlen(j.lang), &err) == NULL) {
		if (err.len > 0)
			nt_cli_die(&ctx, "%s", err.p);
		nt_cli_die(&ctx, "--lang: no data for language '%s'", j.lang);
	}
	if (j.lang == NULL && nt_sent_conf_all(&j.conf, &err) < 0)
		nt_cli_die(&ctx, "%s", err.p);
	j.ctx = &ctx;
	j.sr.field = ctx.field;
	if (keep != NULL)
		nt_splitrec_keep(&j.sr, keep);

	nt_cli_start(&ctx, argc - optind, argv + optind);
	fn.arg = &j;
	nt_parrun(&ctx, &fn, jobs);
	status = nt_cli_finish(&ctx);
	nt_sent_conf_free(&j.conf);
	nt_splitrec_free(&j.sr);
	nt_buf_free(&err);
	free(abbrev);
	return status;
}
