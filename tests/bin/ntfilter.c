/*
 * ntfilter: a filter built only for the tests and the benchmark.  It runs
 * the record layer the way every tool does: decodes the text field and
 * adds "chars" (its length in code points), and edits fields on request,
 * so tests can watch what the layer keeps and what it changes.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cli.h"
#include "core/parrun.h"
#include "core/utf8.h"
#include "core/util.h"

enum { OPT_SET = NT_OPT_TOOL, OPT_DEL, OPT_NOCHARS };

struct edits {
	char	**set;
	size_t	 nset;
	char	**del;
	size_t	 ndel;
	int	 chars;
	struct nt_buf text;
};

static const struct option longopts[] = {
	{ "del",	required_argument,	NULL, OPT_DEL },
	{ "no-chars",	no_argument,		NULL, OPT_NOCHARS },
	{ "set",	required_argument,	NULL, OPT_SET },
	NT_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

static const struct nt_optdoc docs[] = {
	{ "del", NT_USE_REPEAT, "delete this field" },
	{ "no-chars", NT_USE_ONCE, "do not add \"chars\"" },
	{ "set", NT_USE_REPEAT, "set a field: key=json" },
	{ NULL, NT_USE_ONCE, NULL }
};

static int
each(void *arg, struct nt_parjob *j)
{
	struct edits *e = arg;
	size_t i;
	char *eq;

	if (e->chars) {
		switch (nt_parrun_text(j, &e->text)) {
		case -1:
			return -1;
		case 1:
			nt_rec_set_int(j->rec, "chars",
			    (int64_t)nt_utf8_count(e->text.p, e->text.len));
			break;
		}
	}
	for (i = 0; i < e->nset; i++) {
		eq = strchr(e->set[i], '=');
		*eq = '\0';
		nt_rec_set_raw(j->rec, e->set[i], eq + 1, strlen(eq + 1));
		*eq = '=';
	}
	for (i = 0; i < e->ndel; i++)
		nt_rec_del(j->rec, e->del[i]);
	nt_rec_write(j->rec, j->out);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct nt_ctx ctx;
	struct edits e = { NULL, 0, NULL, 0, 1, NT_BUF_INIT };
	const struct nt_parrun fn = { .record = each, .arg = &e,
	    .flags = NT_PARRUN_ANY };
	int ch, status;

	nt_cli_init(&ctx, "ntfilter",
	    "usage: ntfilter [--set key=json] [--del key] [--no-chars] "
	    "[file ...]", "", longopts,
	    docs);
	while ((ch = getopt_long(argc, argv, NT_COMMON_SHORT, longopts,
	    NULL)) != -1) {
		if (nt_cli_opt(&ctx, ch, optarg))
			continue;
		switch (ch) {
		case OPT_SET:
			if (strchr(optarg, '=') == NULL)
				nt_cli_die(&ctx, "--set needs key=json");
			e.set = nt_ereallocarray(e.set, e.nset + 1,
			    sizeof(*e.set));
			e.set[e.nset++] = optarg;
			break;
		case OPT_DEL:
			e.del = nt_ereallocarray(e.del, e.ndel + 1,
			    sizeof(*e.del));
			e.del[e.ndel++] = optarg;
			break;
		case OPT_NOCHARS:
			e.chars = 0;
			break;
		default:
			nt_cli_usage(&ctx);
		}
	}
	nt_cli_start(&ctx, argc - optind, argv + optind);
	nt_parrun(&ctx, &fn, 1);
	status = nt_cli_finish(&ctx);
	free(e.set);
	free(e.del);
	nt_buf_free(&e.text);
	return status;
}
