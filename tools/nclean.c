/*
 * nclean: scraped article text to the article.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "clean/cleanrun.h"
#include "clean/html.h"
#include "core/cli.h"
#include "text/norm.h"
#include "core/parrun.h"
#include "clean/rules.h"
#include "core/util.h"

enum { OPT_ASCII = NT_OPT_TOOL, OPT_EXPLAIN, OPT_JOBS, OPT_KEEP_HTML,
    OPT_MAXAGE, OPT_RULES, OPT_STATE, OPT_WAIT };

static const char synopsis[] =
"usage: nclean [-u] [--ascii] [--explain] [--keep-html] [--rules file.yaml]\n"
"              [--state file [--max-age age] [--wait seconds]] [--jobs n]\n"
"              [-f field] [-o file]\n"
"              [--reject file] [--strict] [--check]\n"
"              [file ...]";

static const char help[] =
"Remove page furniture from each record's text; fill title, date, author,\n"
"dateline, credit and lang from it.\n"
"A record with html and no text gets its text, title, date, author, lang\n"
"and url from the page.\n\n"
"      --ascii        write typographic quotes, dashes and ellipses as ASCII\n"
"      --explain      add \"clean\": {\"removed\": [...]} to each record\n"
"      --keep-html    keep the html field (default: drop it once extracted)\n"
"      --rules FILE   add, replace or disable rules (nclean-rules(5));\n"
"                     may be given more than once\n"
"      --state FILE   learn each site's own furniture in FILE (SQLite) and\n"
"                     remove it from later pages; runs on one thread\n"
"      --max-age AGE  forget what FILE learned more than AGE ago: a number\n"
"                     and s, m, h, d or w (default unit: days)\n"
"      --wait SECS    wait this long for another run's lock on FILE\n"
"                     (default 60), then exit 75\n"
"      --jobs N       clean on N threads (default: one per CPU, at most 4)\n";

static const struct option longopts[] = {
	{ "ascii",	no_argument,		NULL, OPT_ASCII },
	{ "explain",	no_argument,		NULL, OPT_EXPLAIN },
	{ "jobs",	required_argument,	NULL, OPT_JOBS },
	{ "keep-html",	no_argument,		NULL, OPT_KEEP_HTML },
	{ "max-age",	required_argument,	NULL, OPT_MAXAGE },
	{ "rules",	required_argument,	NULL, OPT_RULES },
	{ "state",	required_argument,	NULL, OPT_STATE },
	{ "wait",	required_argument,	NULL, OPT_WAIT },
	NT_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

static const struct nt_optdoc docs[] = {
	{ "ascii", NT_USE_ONCE, "write typographic quotes, dashes and "
	    "ellipses as ASCII" },
	{ "explain", NT_USE_ONCE, "add \"clean\": what was removed and why" },
	{ "jobs", NT_USE_ONCE, "clean on this many threads" },
	{ "keep-html", NT_USE_ONCE, "keep the html field of a page that was "
	    "extracted" },
	{ "max-age", NT_USE_ONCE, "forget what the state learned longer ago "
	    "than this" },
	{ "rules", NT_USE_REPEAT, "add, replace or disable rules "
	    "(nclean-rules(5))" },
	{ "state", NT_USE_ONCE, "learn each site's own furniture in this "
	    "SQLite file" },
	{ "wait", NT_USE_ONCE, "seconds to wait for another run's lock" },
	{ NULL, NT_USE_ONCE, NULL }
};

int
main(int argc, char *argv[])
{
	struct nt_ctx ctx;
	struct nt_cleanopts o;
	struct nt_rules rs;
	struct nt_langmodel lang = NT_LANGMODEL_INIT;
	struct nt_buf err = NT_BUF_INIT;
	int ch, jobs, status;

	nt_cli_init(&ctx, "nclean", synopsis, help, longopts,
	    docs);
	ctx.exits = "75 another run holds the --state file";
	memset(&o, 0, sizeof(o));
	o.wait_ms = 60 * 1000;
	jobs = nt_parrun_defjobs();
	while ((ch = nt_getopt(argc, argv, NT_COMMON_SHORT, longopts)) != -1) {
		if (nt_cli_opt(&ctx, ch, optarg))
			continue;
		switch (ch) {
		case OPT_ASCII:
			o.normflags |= NT_NORM_ASCII;
			break;
		case OPT_EXPLAIN:
			o.explain = 1;
			break;
		case OPT_JOBS:
			jobs = nt_parrun_jobs(&ctx, optarg);
			break;
		case OPT_KEEP_HTML:
			o.keep_html = 1;
			break;
		case OPT_MAXAGE:
			if (nt_age_parse(optarg, &o.max_age) < 0)
				nt_cli_die(&ctx, "--max-age: '%s' is not a "
				    "number of s, m, h, d or w", optarg);
			break;
		case OPT_RULES:
			o.rules = nt_ereallocarray(o.rules, o.nrules + 1,
			    sizeof(*o.rules));
			o.rules[o.nrules++] = optarg;
			break;
		case OPT_STATE:
			o.state = optarg;
			break;
		case OPT_WAIT:
			o.wait_ms = 1000 * (int)nt_cli_number(&ctx, "--wait",
			    optarg, 0, 86400);
			break;
		default:
			nt_cli_usage(&ctx);
		}
	}
	argc -= optind;
	argv += optind;
	if (o.max_age > 0 && o.state == NULL)
		nt_cli_die(&ctx, "--max-age needs --state");

	/* Every rule is compiled before a byte of input is read. */
	if (nt_cleanrun_rules(&rs, &o, &err) < 0 ||
	    nt_cleanrun_hints(&o, &err) < 0 ||
	    nt_cleanrun_lang(&lang, &err) < 0)
		nt_cli_die(&ctx, "%s", err.p);
	o.lang = &lang;
	nt_buf_free(&err);

	nt_cli_start(&ctx, argc, argv);
	nt_cleanrun(&ctx, &o, &rs, jobs);
	status = nt_cli_finish(&ctx);
	nt_rules_free(&rs);
	nt_hints_free(o.hints);
	nt_lang_free(&lang);
	free(o.rules);
	return status;
}
