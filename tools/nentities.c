/*
 * nentities: people, organisations, places, dates, money, quantities and
 * quotations in news records.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cli.h"
#include "ent/ent.h"
#include "ent/geo.h"
#include "core/parrun.h"
#include "core/util.h"

enum { OPT_JOBS = NT_OPT_TOOL, OPT_NOQUOTES, OPT_MODEL, OPT_EXPLAIN,
	OPT_GEO };

static const char synopsis[] =
"usage: nentities [-u] [-g file] [-t types] [--model file] [--geo]\n"
"                 [--explain] [--no-quotes] [--jobs n] [-f field] [-o file]\n"
"                 [--reject file] [--strict] [--check] [file ...]";

static const char help[] =
"Add \"entities\" and \"quotes\" to each record.\n\n"
"  -g, --gazetteer FILE  more names (YAML or TSV); may be repeated\n"
"  -t, --types LIST      only these types, comma-separated (person,\n"
"                        organization, location, misc, date, time,\n"
"                        money, percent, quantity, or a gazetteer's type)\n"
"      --model FILE      name names with this model (nentities-train)\n"
"      --geo             give places a country and, when sure, coordinates\n"
"      --explain         add each name's margin and strongest features,\n"
"                        and with --geo the evidence that placed it\n"
"      --no-quotes       do not look for quotations\n"
"      --jobs N          work on N threads (default: one per CPU, at most 4)\n";

static const struct option longopts[] = {
	{ "explain",	no_argument,		NULL, OPT_EXPLAIN },
	{ "gazetteer",	required_argument,	NULL, 'g' },
	{ "geo",	no_argument,		NULL, OPT_GEO },
	{ "jobs",	required_argument,	NULL, OPT_JOBS },
	{ "model",	required_argument,	NULL, OPT_MODEL },
	{ "no-quotes",	no_argument,		NULL, OPT_NOQUOTES },
	{ "types",	required_argument,	NULL, 't' },
	NT_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

static const struct nt_optdoc docs[] = {
	{ "explain", NT_USE_ONCE, "add each name's margin and strongest "
	    "features" },
	{ "gazetteer", NT_USE_REPEAT, "more names, from a YAML or TSV file" },
	{ "geo", NT_USE_ONCE, "give places a country and coordinates" },
	{ "jobs", NT_USE_ONCE, "work on this many threads" },
	{ "model", NT_USE_ONCE, "the name model to use (nentities-model(5))" },
	{ "no-quotes", NT_USE_ONCE, "do not look for quotations" },
	{ "types", NT_USE_LIST, "only these entity types" },
	{ NULL, NT_USE_ONCE, NULL }
};

/* A worker: a clone of the recogniser the options made, and scratch. */
struct worker {
	struct nt_ents	*x;
	struct nt_buf	 date, out, qout, source, lang;
};

static int quotes = 1, geo;

static void *
worker_new(void *arg)
{
	struct worker *w = nt_ecalloc(1, sizeof(*w));

	w->x = nt_ents_clone(arg);
	return w;
}

static void
worker_free(void *state, void *arg)
{
	struct worker *w = state;

	nt_ents_free(w->x);
	nt_buf_free(&w->date);
	nt_buf_free(&w->out);
	nt_buf_free(&w->qout);
	nt_buf_free(&w->source);
	nt_buf_free(&w->lang);
	free(w);
}

/* What the record says of where it is from: its url or source, and lang. */
static void
where(struct worker *w, const struct nt_rec *r)
{
	int src, lang;

	src = nt_rec_str(r, "url", &w->source) == 1 ||
	    nt_rec_str(r, "source", &w->source) == 1;
	lang = nt_rec_str(r, "lang", &w->lang) == 1;
	nt_ents_where(w->x, src ? w->source.p : NULL, lang ? w->lang.p : NULL);
}

static int
each(void *state, struct nt_parjob *j)
{
	struct worker *w = state;
	int hasdate;

	hasdate = nt_rec_str(j->rec, "date", &w->date) == 1;
	where(w, j->rec);		/* lang counts for names too */
	nt_ents_run(w->x, j->text, j->textlen, hasdate ? w->date.p : NULL,
	    hasdate ? w->date.len : 0);
	/* Borrowed by the record until it is written: no copy. */
	nt_ents_json(w->x, &w->out);
	nt_rec_set_rawref(j->rec, "entities", w->out.p, w->out.len);
	if (quotes) {
		nt_ents_quotes_json(w->x, &w->qout);
		nt_rec_set_rawref(j->rec, "quotes", w->qout.p, w->qout.len);
	}
	nt_parjob_write(j, j->rec);
	return 0;
}

/* File-scope, so that what a usage error leaves behind is still reachable. */
static struct nt_ents *x;
static struct nt_geo *places;
static struct nt_buf err = NT_BUF_INIT;
static char **gaz;

int
main(int argc, char *argv[])
{
	struct nt_ctx ctx;
	struct nt_parrun fn = { .start = worker_new, .end = worker_free,
	    .record = each };
	const char *types = NULL, *model = NULL;
	size_t ngaz = 0, i;
	int ch, jobs, status, explain = 0;

	nt_cli_init(&ctx, "nentities", synopsis, help, longopts,
	    docs);
	jobs = nt_parrun_defjobs();
	while ((ch = nt_getopt(argc, argv, "g:t:" NT_COMMON_SHORT,
	    longopts)) != -1) {
		if (nt_cli_opt(&ctx, ch, optarg))
			continue;
		switch (ch) {
		case 'g':
			gaz = nt_ereallocarray(gaz, ngaz + 1, sizeof(*gaz));
			gaz[ngaz++] = optarg;
			break;
		case 't':
			types = optarg;
			break;
		case OPT_EXPLAIN:
			explain = 1;
			break;
		case OPT_GEO:
			geo = 1;
			break;
		case OPT_MODEL:
			model = optarg;
			break;
		case OPT_JOBS:
			jobs = nt_parrun_jobs(&ctx, optarg);
			break;
		case OPT_NOQUOTES:
			quotes = 0;
			break;
		default:
			nt_cli_usage(&ctx);
		}
	}
	argc -= optind;
	argv += optind;

	x = nt_ents_new();
	if (nt_ents_defaults(x, &err) < 0)
		nt_cli_die(&ctx, "%s", err.p);
	if (nt_ents_model(x, model, &err) < 0)
		nt_cli_die(&ctx, "%s", err.p);
	nt_ents_explain(x, explain);
	for (i = 0; i < ngaz; i++)
		if (nt_ents_gazetteer(x, gaz[i], &err) < 0)
			nt_cli_die(&ctx, "%s", err.p);
	if (types != NULL && nt_ents_types(x, types, &err) < 0)
		nt_cli_die(&ctx, "--types: %s", err.p);
	nt_ents_quotes(x, quotes);
	if (geo && (places = nt_geo_load(NULL, &err)) == NULL)
		nt_cli_die(&ctx, "%s", err.p);
	nt_ents_geo(x, places);

	nt_cli_start(&ctx, argc, argv);
	fn.arg = x;
	nt_parrun(&ctx, &fn, jobs);
	status = nt_cli_finish(&ctx);
	nt_ents_free(x);
	nt_geo_free(places);
	free(gaz);
	nt_buf_free(&err);
	return status;
}
