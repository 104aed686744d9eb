/*
 * nclean: scraped article text to the article.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clean.h"
#include "cli.h"
#include "norm.h"
#include "rules.h"
#include "util.h"

enum { OPT_ASCII = NT_OPT_TOOL, OPT_EXPLAIN, OPT_RULES };

static const char synopsis[] =
"usage: nclean [-u] [--ascii] [--explain] [--rules file.yaml] [-f field]\n"
"              [-o file] [--reject file] [--strict] [--check] [file ...]";

static const char help[] =
"Remove page furniture from each record's text; fill date and title.\n\n"
"      --ascii        write typographic quotes, dashes and ellipses as ASCII\n"
"      --explain      add \"clean\": {\"removed\": [...]} to each record\n"
"      --rules FILE   add, replace or disable rules (nclean-rules(5));\n"
"                     may be given more than once\n";

static const struct option longopts[] = {
	{ "ascii",	no_argument,		NULL, OPT_ASCII },
	{ "explain",	no_argument,		NULL, OPT_EXPLAIN },
	{ "rules",	required_argument,	NULL, OPT_RULES },
	NT_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

struct state {
	struct nt_clean	 cl;
	struct nt_buf	 text;
	struct nt_buf	 json;
	int		 explain;
};

/* Is the field there with a value worth keeping (not null, not ""). */
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

static void
each(struct nt_ctx *ctx, struct nt_rec *r, void *arg)
{
	struct state *st = arg;

	switch (nt_cli_text(ctx, r, &st->text)) {
	case -1:
		return;
	case 0:
		nt_cli_emit(ctx, r);
		return;
	}
	nt_clean_text(&st->cl, st->text.p, st->text.len, has(r, "title"),
	    has(r, "date"));
	if (st->cl.changed)
		nt_rec_set_str(r, ctx->field, st->cl.out.p, st->cl.out.len);
	if (st->cl.date[0] != '\0')
		nt_rec_set_str(r, "date", st->cl.date, strlen(st->cl.date));
	if (st->cl.title.len > 0)
		nt_rec_set_str(r, "title", st->cl.title.p, st->cl.title.len);
	if (st->explain) {
		nt_buf_reset(&st->json);
		nt_clean_explain(&st->cl, st->text.p, st->text.len, &st->json);
		nt_rec_set_raw(r, "clean", st->json.p, st->json.len);
	}
	nt_cli_emit(ctx, r);
}

int
main(int argc, char *argv[])
{
	struct nt_ctx ctx;
	struct nt_rules rs;
	struct state st;
	struct nt_buf path = NT_BUF_INIT, err = NT_BUF_INIT;
	char **files = NULL;
	size_t nfiles = 0, i;
	unsigned flags = 0;
	int ch, status;

	nt_cli_init(&ctx, "nclean", synopsis, help);
	memset(&st, 0, sizeof(st));
	while ((ch = getopt_long(argc, argv, NT_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (nt_cli_opt(&ctx, ch, optarg))
			continue;
		switch (ch) {
		case OPT_ASCII:
			flags |= NT_NORM_ASCII;
			break;
		case OPT_EXPLAIN:
			st.explain = 1;
			break;
		case OPT_RULES:
			files = nt_ereallocarray(files, nfiles + 1,
			    sizeof(*files));
			files[nfiles++] = optarg;
			break;
		default:
			nt_cli_usage(&ctx);
		}
	}
	argc -= optind;
	argv += optind;

	/* Every rule is compiled before a byte of input is read. */
	nt_rules_init(&rs);
	if (nt_datapath("nclean/rules.yaml", &path) < 0)
		nt_cli_die(&ctx, "cannot find the built-in rules "
		    "(nclean/rules.yaml; set NTOOLS_DATA)");
	if (nt_rules_load(&rs, path.p, 0, &err) < 0)
		nt_cli_die(&ctx, "%s", err.p);
	if (nt_datapath("nclean/stopwords.yaml", &path) < 0)
		nt_cli_die(&ctx, "cannot find nclean/stopwords.yaml");
	if (nt_rules_stopwords(&rs, path.p, &err) < 0)
		nt_cli_die(&ctx, "%s", err.p);
	for (i = 0; i < nfiles; i++)
		if (nt_rules_load(&rs, files[i], 1, &err) < 0)
			nt_cli_die(&ctx, "%s", err.p);
	if (nt_rules_finish(&rs, &err) < 0)
		nt_cli_die(&ctx, "%s", err.p);
	free(files);
	nt_buf_free(&path);
	nt_buf_free(&err);

	nt_cli_start(&ctx, argc, argv);
	nt_clean_init(&st.cl, &rs, flags);
	nt_cli_run(&ctx, each, &st);
	status = nt_cli_finish(&ctx);
	nt_clean_free(&st.cl);
	nt_buf_free(&st.text);
	nt_buf_free(&st.json);
	nt_rules_free(&rs);
	return status;
}
