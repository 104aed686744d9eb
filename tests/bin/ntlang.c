/*
 * ntlang: the language detector of lib/text/lang alone, built for the
 * tests and the benchmark.  Sets "lang" on every record that has text
 * (whatever it had), and with --time prints to stderr how many bytes of
 * text nt_lang_detect read and the processor time it took, so that its
 * cost can be told apart from that of the record layer around it (and
 * from other work on a shared machine).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/cli.h"
#include "core/parrun.h"
#include "core/util.h"
#include "text/lang.h"

enum { OPT_TIME = NT_OPT_TOOL };

struct run {
	struct nt_langmodel m;
	double		 secs;
	unsigned long long bytes;
};

static const struct option longopts[] = {
	{ "time",	no_argument,		NULL, OPT_TIME },
	NT_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
each(void *arg, struct nt_parjob *j)
{
	struct run *run = arg;
	const char *code;
	double t;

	t = now();
	code = nt_lang_detect(&run->m, j->text, j->textlen, NULL);
	run->secs += now() - t;
	run->bytes += j->textlen;
	nt_rec_set_str(j->rec, "lang", code, strlen(code));
	nt_rec_write(j->rec, j->out);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct nt_ctx ctx;
	struct run run = { NT_LANGMODEL_INIT, 0, 0 };
	struct nt_buf path = NT_BUF_INIT, err = NT_BUF_INIT;
	struct nt_parrun fn = { .record = each, .arg = &run,
	    .flags = NT_PARRUN_SEQ };
	static const struct nt_optdoc docs[] = {
		{ "time", NT_USE_ONCE, "print the detector's own cost" },
		{ NULL, NT_USE_ONCE, NULL }
	};
	int ch, status, timing = 0;

	nt_cli_init(&ctx, "ntlang", "usage: ntlang [--time] [file ...]", "",
	    longopts, docs);
	while ((ch = getopt_long(argc, argv, NT_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (nt_cli_opt(&ctx, ch, optarg))
			continue;
		if (ch == OPT_TIME)
			timing = 1;
		else
			nt_cli_usage(&ctx);
	}
	if (nt_datapath("lang/trigrams.tsv", &path) < 0)
		nt_cli_die(&ctx, "%s", path.p);
	if (nt_lang_load(&run.m, path.p, &err) < 0)
		nt_cli_die(&ctx, "%s", err.p);
	nt_cli_start(&ctx, argc - optind, argv + optind);
	nt_parrun(&ctx, &fn, 1);
	status = nt_cli_finish(&ctx);
	if (timing)
		fprintf(stderr, "ntlang: %llu bytes of text in %.3f s: "
		    "%.1f MB/s of processor time\n", run.bytes, run.secs,
		    run.secs > 0 ? (double)run.bytes / run.secs / 1e6 : 0.0);
	nt_lang_free(&run.m);
	nt_buf_free(&path);
	nt_buf_free(&err);
	return status;
}
