/*
 * ndedupe: drop (or mark) records whose text was seen before, exactly or
 * nearly, in this run or, with --state, in any earlier one.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "dedupe/dedupe.h"
#include "core/util.h"
#include "dedupe/stages.h"

enum { OPT_STATE = NT_OPT_TOOL, OPT_MAXAGE, OPT_IDFIELD, OPT_WAIT,
	OPT_BATCH, OPT_JOBS, OPT_KEYS, OPT_PAIRS, OPT_CLUSTERS, OPT_APPLY,
	OPT_SHARD, OPT_COMPACT };

static const char synopsis[] =
"usage: ndedupe [-au] [-t threshold] [-k words] [--state file]\n"
"               [--max-age age] [--id-field name] [--wait seconds]\n"
"               [--batch n] [--jobs n] [-f field] [-o file] [--reject file]\n"
"               [--strict] [file ...]\n"
"       ndedupe --emit-keys [--compact] [--shard n] [-k words]\n"
"               [--state file] [file ...]\n"
"       ndedupe --pairs [-t threshold] [--state file] [--max-age age]\n"
"               [file ...]\n"
"       ndedupe --clusters [--state file] [file ...]\n"
"       ndedupe --apply verdicts [-a] [--shard n] [file ...]";

static const char help[] =
"Write each record whose text was not seen before, exactly or nearly.\n\n"
"  -a, --annotate     keep every record; add \"dup\" and \"story\", and\n"
"                     \"dup_of\", \"dup_kind\", \"similarity\" and\n"
"                     \"containment\" to duplicates\n"
"  -t, --threshold T  similarity from which a text is a duplicate, 0 to 1\n"
"                     (default 0.8)\n"
"  -k, --shingle N    words per shingle, 1 to 16 (default 3)\n"
"      --state FILE   remember texts across runs in FILE (SQLite)\n"
"      --max-age AGE  forget texts stored more than AGE ago: a number\n"
"                     and s, m, h, d or w (days without a unit)\n"
"      --id-field NAME  the field that names a record (default id)\n"
"      --wait SECS    wait this long for another run's lock (default 60)\n"
"      --batch N      records between state commits (default 10000)\n"
"      --jobs N       sign texts on N threads (default: one per CPU, at\n"
"                     most 4); every decision is made in input order\n"
"\nThe stages, for running over shards (see ndedupe(1)):\n"
"      --emit-keys    each record's bucket keys and signature, as lines\n"
"      --compact      with --emit-keys: the signature once, in the record's\n"
"                     d line (for one --pairs)\n"
"      --pairs        verified pairs per bucket of sorted key lines\n"
"      --clusters     one verdict per record from all the pair lines\n"
"      --apply FILE   drop or mark (-a) each record by FILE's verdicts\n"
"      --shard N      the shard's number, 0 to 8388607 (default 0)\n";

static const struct option longopts[] = {
	{ "annotate",	no_argument,		NULL, 'a' },
	{ "apply",	required_argument,	NULL, OPT_APPLY },
	{ "batch",	required_argument,	NULL, OPT_BATCH },
	{ "clusters",	no_argument,		NULL, OPT_CLUSTERS },
	{ "compact",	no_argument,		NULL, OPT_COMPACT },
	{ "emit-keys",	no_argument,		NULL, OPT_KEYS },
	{ "id-field",	required_argument,	NULL, OPT_IDFIELD },
	{ "jobs",	required_argument,	NULL, OPT_JOBS },
	{ "max-age",	required_argument,	NULL, OPT_MAXAGE },
	{ "pairs",	no_argument,		NULL, OPT_PAIRS },
	{ "shard",	required_argument,	NULL, OPT_SHARD },
	{ "shingle",	required_argument,	NULL, 'k' },
	{ "state",	required_argument,	NULL, OPT_STATE },
	{ "threshold",	required_argument,	NULL, 't' },
	{ "wait",	required_argument,	NULL, OPT_WAIT },
	NT_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

static const struct nt_optdoc docs[] = {
	{ "annotate", NT_USE_ONCE, "keep every record; mark the duplicates" },
	{ "apply", NT_USE_ONCE, "drop or mark each record by this file's "
	    "verdicts (a stage)" },
	{ "batch", NT_USE_ONCE, "records between state commits" },
	{ "clusters", NT_USE_ONCE, "one verdict per record from all pair "
	    "lines (a stage)" },
	{ "compact", NT_USE_ONCE, "--emit-keys: each signature once, in the "
	    "record's d line" },
	{ "emit-keys", NT_USE_ONCE, "each record's bucket keys and signature "
	    "(a stage)" },
	{ "id-field", NT_USE_ONCE, "the field that names a record "
	    "(default: id)" },
	{ "jobs", NT_USE_ONCE, "sign texts on this many threads" },
	{ "max-age", NT_USE_ONCE, "forget texts stored longer ago than this" },
	{ "pairs", NT_USE_ONCE, "verified pairs per bucket of sorted key "
	    "lines (a stage)" },
	{ "shard", NT_USE_ONCE, "the shard's number, for --emit-keys and "
	    "--apply" },
	{ "shingle", NT_USE_ONCE, "words per shingle, 1 to 16" },
	{ "state", NT_USE_ONCE, "remember texts across runs in this file "
	    "(SQLite)" },
	{ "threshold", NT_USE_ONCE, "similarity from which a text is a "
	    "duplicate" },
	{ "wait", NT_USE_ONCE, "seconds to wait for another run's lock" },
	{ NULL, NT_USE_ONCE, NULL }
};

static enum nt_dstage_mode
stage_of(int ch)
{
	switch (ch) {
	case OPT_APPLY:
		return NT_DS_APPLY;
	case OPT_CLUSTERS:
		return NT_DS_CLUSTERS;
	case OPT_KEYS:
		return NT_DS_KEYS;
	default:
		return NT_DS_PAIRS;
	}
}

int
main(int argc, char *argv[])
{
	struct nt_ctx ctx;
	struct nt_dedupe_opt o = NT_DEDUPE_OPT_INIT;
	struct nt_dedupe *d;
	struct nt_parrun fn = { .start = nt_dedupe_signer,
	    .end = nt_dedupe_signer_free, .prepare = nt_dedupe_prepare,
	    .quick = nt_dedupe_quick,
	    .prepsize = sizeof(struct nt_dprep), .record = nt_dedupe_record,
	    .flags = NT_PARRUN_ANY | NT_PARRUN_PREP,
	    .written = nt_dedupe_written };
	enum nt_dstage_mode mode = NT_DS_NONE;
	const char *verdicts = NULL;
	unsigned shard = 0;
	char *end;
	int ch, jobs, status, compact = 0;

	jobs = nt_parrun_defjobs();
	nt_cli_init(&ctx, "ndedupe", synopsis, help, longopts,
	    docs);
	while ((ch = nt_getopt(argc, argv, "ak:t:" NT_COMMON_SHORT,
	    longopts)) != -1) {
		if (nt_cli_opt(&ctx, ch, optarg))
			continue;
		switch (ch) {
		case 'a':
			o.annotate = 1;
			break;
		case 'k':
			o.shingle = (unsigned)nt_cli_number(&ctx, "--shingle",
			    optarg, 1, 16);
			break;
		case 't':
			errno = 0;
			o.threshold = strtod(optarg, &end);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    !(o.threshold > 0 && o.threshold <= 1))
				nt_cli_die(&ctx, "--threshold: '%s' is not a "
				    "number above 0 and at most 1", optarg);
			break;
		case OPT_APPLY:
			verdicts = optarg;
			/* FALLTHROUGH */
		case OPT_CLUSTERS:
		case OPT_KEYS:
		case OPT_PAIRS:
			if (mode != NT_DS_NONE)
				nt_cli_die(&ctx, "give one stage at most");
			mode = stage_of(ch);
			break;
		case OPT_COMPACT:
			compact = 1;
			break;
		case OPT_SHARD:
			shard = (unsigned)nt_cli_number(&ctx, "--shard", optarg, 0,
			    NT_DS_MAXSHARD);
			break;
		case OPT_BATCH:
			o.batch = (size_t)nt_cli_number(&ctx, "--batch",
			    optarg, 1, 100000000);
			break;
		case OPT_JOBS:
			jobs = nt_parrun_jobs(&ctx, optarg);
			break;
		case OPT_IDFIELD:
			if (*optarg == '\0')
				nt_cli_die(&ctx, "--id-field needs a name");
			o.id_field = optarg;
			break;
		case OPT_MAXAGE:
			if (nt_age_parse(optarg, &o.max_age) < 0)
				nt_cli_die(&ctx, "--max-age: '%s' is not a "
				    "number and s, m, h, d or w", optarg);
			break;
		case OPT_STATE:
			if (*optarg == '\0')
				nt_cli_die(&ctx, "--state needs a file name");
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
	if (compact && mode != NT_DS_KEYS)
		nt_cli_die(&ctx, "--compact needs --emit-keys");
	if (mode != NT_DS_NONE)
		return nt_dstage_run(&ctx, mode, &o, shard, verdicts, compact,
		    argc, argv);

	/*
	 * A bad state file stops the run before the output is touched;
	 * --check reads the data files but leaves the state alone.
	 */
	if (ctx.check)
		o.state = NULL;
	d = nt_dedupe_new(&o);
	nt_cli_start(&ctx, argc, argv);
	fn.arg = d;
	nt_parrun(&ctx, &fn, jobs);
	nt_dedupe_end(&ctx, d);
	status = nt_dedupe_settle(d, nt_cli_finish(&ctx));
	nt_dedupe_free(d);
	return status;
}
