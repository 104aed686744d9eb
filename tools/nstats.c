/*
 * nstats: one summary record of a stream of records, or of summaries.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "core/parrun.h"
#include "stats/report.h"
#include "stats/stats.h"

enum { OPT_BY = NT_OPT_TOOL, OPT_FORMAT, OPT_HTML, OPT_MAXKEYS, OPT_MERGE,
	OPT_PASS, OPT_REPORT, OPT_TOP };

struct run {
	struct nt_stats	 st, tmp;
	int		 pass;
	struct nt_buf	 msg;
};

static const char synopsis[] =
"usage: nstats [-u] [--by field] [--top n] [--max-keys n]\n"
"              [--format json|tsv|table|html] [--html file]\n"
"              [--pass --report file] [-f field] [-o file] [--reject file]\n"
"              [--strict] [file ...]\n"
"       nstats --merge [--top n] [--max-keys n] [--format fmt]\n"
"              [--html file] [file ...]";

static const char help[] =
"Summarise records: counts, text lengths, values per field, top entities.\n\n"
"      --by FIELD     count records per value of FIELD (repeat, or a comma\n"
"                     list; default: source,date); ISO dates count by day\n"
"      --top N        entities listed per type (default 10, 0 all)\n"
"      --max-keys N   distinct values kept per table (default 100000)\n"
"      --format F     json (default), tsv, table or html (a page of charts)\n"
"      --html FILE    also write the summary as an HTML page to FILE\n"
"      --pass         copy the records to the output, the summary to --report\n"
"      --report FILE  write the summary to FILE\n"
"      --merge        the inputs are nstats summaries: combine them\n";

static const struct option longopts[] = {
	{ "by",		required_argument,	NULL, OPT_BY },
	{ "format",	required_argument,	NULL, OPT_FORMAT },
	{ "html",	required_argument,	NULL, OPT_HTML },
	{ "max-keys",	required_argument,	NULL, OPT_MAXKEYS },
	{ "merge",	no_argument,		NULL, OPT_MERGE },
	{ "pass",	no_argument,		NULL, OPT_PASS },
	{ "report",	required_argument,	NULL, OPT_REPORT },
	{ "top",	required_argument,	NULL, OPT_TOP },
	NT_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

static const struct nt_optdoc docs[] = {
	{ "by", NT_USE_LIST, "count records per value of these fields" },
	{ "format", NT_USE_ONCE, "json, tsv, table or html" },
	{ "html", NT_USE_ONCE, "also write the summary as an HTML report to "
	    "this file" },
	{ "max-keys", NT_USE_ONCE, "distinct values kept per table" },
	{ "merge", NT_USE_ONCE, "the inputs are nstats summaries: combine "
	    "them" },
	{ "pass", NT_USE_ONCE, "copy the records to the output, the summary "
	    "to --report" },
	{ "report", NT_USE_ONCE, "write the summary to this file" },
	{ "top", NT_USE_ONCE, "entities listed per type (0: all)" },
	{ NULL, NT_USE_ONCE, NULL }
};

static size_t
number(const struct nt_ctx *ctx, const char *opt, const char *s, size_t max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || v > max)
		nt_cli_die(ctx, "%s needs a number from 0 to %zu, not '%s'",
		    opt, max, s);
	return (size_t)v;
}

static int
each(void *arg, struct nt_parjob *j)
{
	struct run *a = arg;
	int rv;

	if ((rv = nt_stats_record(&a->st, j->rec, j->strict)) ==
	    NT_STATS_NOTEXT)
		return nt_parrun_reject(j, 0, "no '%s' field", j->field);
	if (rv < 0)
		return nt_parrun_reject(j, 0, "field '%s' is not a string",
		    j->field);
	if (a->pass)
		nt_rec_write(j->rec, j->out);
	return 0;
}

static int
merge(void *arg, struct nt_parjob *j)
{
	struct run *a = arg;

	nt_stats_reset(&a->tmp);
	if (nt_stats_read(&a->tmp, j->rec->obj, j->rec->objlen, &a->msg) < 0)
		return nt_parrun_reject(j, 0, "%s", a->msg.p);
	nt_stats_merge(&a->st, &a->tmp);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct nt_ctx ctx;
	struct run a;
	struct nt_parrun fn = { .record = each,
	    .flags = NT_PARRUN_ANY | NT_PARRUN_SEQ };
	struct nt_buf out = NT_BUF_INIT, by = NT_BUF_INIT;
	const char *report = NULL, *html = NULL;
	size_t top = 10, maxkeys = 100000;
	int ch, fmt = NT_STATS_JSON, domerge = 0, status;

	memset(&a, 0, sizeof(a));
	nt_cli_init(&ctx, "nstats", synopsis, help, longopts,
	    docs);
	while ((ch = nt_getopt(argc, argv, NT_COMMON_SHORT, longopts)) != -1) {
		if (nt_cli_opt(&ctx, ch, optarg))
			continue;
		switch (ch) {
		case OPT_BY:
			if (*optarg == '\0')
				nt_cli_die(&ctx, "--by needs a field name");
			if (by.len > 0)
				nt_buf_addc(&by, ',');
			nt_buf_adds(&by, optarg);
			break;
		case OPT_FORMAT:
			if ((fmt = nt_stats_fmt(optarg)) < 0)
				nt_cli_die(&ctx, "--format must be json, tsv, "
				    "table or html, not '%s'", optarg);
			break;
		case OPT_HTML:
			html = optarg;
			break;
		case OPT_MAXKEYS:
			maxkeys = number(&ctx, "--max-keys", optarg,
			    NT_COUNTS_MAXKEYS);
			if (maxkeys == 0)
				nt_cli_die(&ctx, "--max-keys must be at "
				    "least 1");
			break;
		case OPT_MERGE:
			domerge = 1;
			break;
		case OPT_PASS:
			a.pass = 1;
			break;
		case OPT_REPORT:
			report = optarg;
			break;
		case OPT_TOP:
			top = number(&ctx, "--top", optarg, NT_COUNTS_MAXKEYS);
			break;
		default:
			nt_cli_usage(&ctx);
		}
	}
	argc -= optind;
	argv += optind;
	if (domerge && a.pass)
		nt_cli_die(&ctx, "--merge reads summaries; --pass needs "
		    "records");
	if (domerge && by.len > 0)
		nt_cli_die(&ctx, "--merge keeps the --by fields of its "
		    "summaries; --by cannot change them");
	if (a.pass && report == NULL)
		nt_cli_die(&ctx, "--pass needs --report FILE for the summary");

	nt_stats_init(&a.st, ctx.field, maxkeys, top);
	nt_stats_init(&a.tmp, ctx.field, maxkeys, top);
	if (!domerge)
		nt_stats_by(&a.st, by.len > 0 ? by.p : "source,date");
	nt_cli_start(&ctx, argc, argv);
	if (domerge)
		fn.record = merge;
	fn.arg = &a;
	nt_parrun(&ctx, &fn, 1);
	if (!domerge)
		a.st.rejected = ctx.nrejected;

	nt_stats_write(&a.st, fmt, &out);
	if (report != NULL) {
		if (nt_stats_save(report, out.p, out.len) < 0)
			err(NT_EXIT_FATAL, "%s", report);
	} else {
		nt_buf_add(&ctx.out.buf, out.p, out.len);
		nt_out_commit(&ctx.out);
	}
	if (html != NULL) {
		nt_buf_reset(&out);
		nt_stats_html(&a.st, &out);
		if (nt_stats_save(html, out.p, out.len) < 0)
			err(NT_EXIT_FATAL, "%s", html);
	}
	status = nt_cli_finish(&ctx);
	nt_stats_free(&a.st);
	nt_stats_free(&a.tmp);
	nt_buf_free(&a.msg);
	nt_buf_free(&out);
	nt_buf_free(&by);
	return status;
}
