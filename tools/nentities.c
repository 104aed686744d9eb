/*
 * nentities: people, organisations, places, dates, money, quantities and
 * quotations in news records.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "ent.h"
#include "util.h"

enum { OPT_GAZ = NT_OPT_TOOL, OPT_TYPES, OPT_NOQUOTES };

static const char synopsis[] =
"usage: nentities [-u] [-g file] [-t types] [--no-quotes] [-f field]\n"
"                 [-o file] [--reject file] [--strict] [file ...]";

static const char help[] =
"Add \"entities\" and \"quotes\" to each record.\n\n"
"  -g, --gazetteer FILE  more names (YAML or TSV); may be repeated\n"
"  -t, --types LIST      only these types, comma-separated (person,\n"
"                        organization, location, date, time, money,\n"
"                        percent, quantity, or a gazetteer's type)\n"
"      --no-quotes       do not look for quotations\n";

static const struct option longopts[] = {
	{ "gazetteer",	required_argument,	NULL, 'g' },
	{ "no-quotes",	no_argument,		NULL, OPT_NOQUOTES },
	{ "types",	required_argument,	NULL, 't' },
	NT_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

struct job {
	struct nt_ents	*x;
	int		 quotes;
	struct nt_buf	 text, date, out;
};

static void
each(struct nt_ctx *ctx, struct nt_rec *r, void *arg)
{
	struct job *j = arg;
	int hasdate;

	switch (nt_cli_text(ctx, r, &j->text)) {
	case -1:
		return;
	case 0:
		nt_cli_emit(ctx, r);
		return;
	}
	hasdate = nt_rec_str(r, "date", &j->date) == 1;
	nt_ents_run(j->x, j->text.p ? j->text.p : "", j->text.len,
	    hasdate ? j->date.p : NULL, hasdate ? j->date.len : 0);
	nt_ents_json(j->x, &j->out);
	nt_rec_set_raw(r, "entities", j->out.p, j->out.len);
	if (j->quotes) {
		nt_ents_quotes_json(j->x, &j->out);
		nt_rec_set_raw(r, "quotes", j->out.p, j->out.len);
	}
	nt_cli_emit(ctx, r);
}

/* File-scope, so that what a usage error leaves behind is still reachable. */
static struct job j = { NULL, 1, NT_BUF_INIT, NT_BUF_INIT, NT_BUF_INIT };
static struct nt_buf err = NT_BUF_INIT;
static char **gaz;

int
main(int argc, char *argv[])
{
	struct nt_ctx ctx;
	const char *types = NULL;
	size_t ngaz = 0, i;
	int ch, status;

	nt_cli_init(&ctx, "nentities", synopsis, help);
	while ((ch = getopt_long(argc, argv, "g:t:" NT_COMMON_SHORT, longopts,
	    NULL)) != -1) {
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
		case OPT_NOQUOTES:
			j.quotes = 0;
			break;
		default:
			nt_cli_usage(&ctx);
		}
	}
	argc -= optind;
	argv += optind;

	j.x = nt_ents_new();
	if (nt_ents_defaults(j.x, &err) < 0)
		nt_cli_die(&ctx, "%s", err.p);
	for (i = 0; i < ngaz; i++)
		if (nt_ents_gazetteer(j.x, gaz[i], &err) < 0)
			nt_cli_die(&ctx, "%s", err.p);
	if (types != NULL && nt_ents_types(j.x, types, &err) < 0)
		nt_cli_die(&ctx, "--types: %s", err.p);
	nt_ents_quotes(j.x, j.quotes);

	nt_cli_start(&ctx, argc, argv);
	nt_cli_run(&ctx, each, &j);
	status = nt_cli_finish(&ctx);
	nt_ents_free(j.x);
	free(gaz);
	nt_buf_free(&j.text);
	nt_buf_free(&j.date);
	nt_buf_free(&j.out);
	nt_buf_free(&err);
	return status;
}
