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
#include "core/util.h"
#include "text/lang.h"

enum { OPT_TIME = NT_OPT_TOOL };

struct run {
	struct nt_langmodel m;
	struct nt_buf	 text;
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

static void
each(struct nt_ctx *ctx, struct nt_rec *r, void *arg)
{
	struct run *run = arg;
	const char *code;
	double t;

	if (nt_cli_text(ctx, r, &run->text) == 1) {
		t = now();
		code = nt_lang_detect(&run->m, run->text.p, run->text.len, NULL);
		run->secs += now() - t;
		run->bytes += run->text.len;
		nt_rec_set_str(r, "lang", code, strlen(code));
	}
	nt_cli_emit(ctx, r);
}

int
main(int argc, char *argv[])
{
	struct nt_ctx ctx;
	struct run run = { NT_LANGMODEL_INIT, NT_BUF_INIT, 0, 0 };
	struct nt_buf path = NT_BUF_INIT, err = NT_BUF_INIT;
	int ch, status, timing = 0;

	nt_cli_init(&ctx, "ntlang", "usage: ntlang [--time] [file ...]", "");
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
		nt_cli_die(&ctx, "cannot find lang/trigrams.tsv");
	if (nt_lang_load(&run.m, path.p, &err) < 0)
		nt_cli_die(&ctx, "%s", err.p);
	nt_cli_start(&ctx, argc - optind, argv + optind);
	nt_cli_run(&ctx, each, &run);
	status = nt_cli_finish(&ctx);
	if (timing)
		fprintf(stderr, "ntlang: %llu bytes of text in %.3f s: "
		    "%.1f MB/s of processor time\n", run.bytes, run.secs,
		    run.secs > 0 ? (double)run.bytes / run.secs / 1e6 : 0.0);
	nt_lang_free(&run.m);
	nt_buf_free(&run.text);
	nt_buf_free(&path);
	nt_buf_free(&err);
	return status;
}
