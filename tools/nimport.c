/*
 * nimport: text files, HTML pages and RSS and Atom feeds to NDJSON
 * records, one per article or feed item.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cli.h"
#include "core/lock.h"
#include "core/util.h"
#include "clean/html.h"
#include "import/import.h"


enum { OPT_EXT = NT_OPT_TOOL, OPT_FORMAT, OPT_ID, OPT_MAXAGE, OPT_SOURCE,
	OPT_STATE, OPT_URL, OPT_WAIT };

static const char synopsis[] =
"usage: nimport [-ru] [--format auto|text|html|feed] [--id name|path|sha1]\n"
"               [--ext list] [--source name] [--url url] [--state file\n"
"               [--max-age age] [--wait secs]] [-f field] [-o file]\n"
"               [--reject file] [--strict] [file|dir|- ...]";

static const char help[] =
"Write one record per text file: {\"id\", \"source\", \"path\", \"text\"};\n"
"per HTML page: {\"id\", \"source\", \"path\", \"url\", \"html\"}, in UTF-8;\n"
"per RSS or Atom feed item: {\"id\", \"source\", \"feed\", \"path\", \"url\",\n"
"\"title\", \"date\", \"author\", \"summary\", \"text\", \"html\"}.  No file, or\n"
"'-', is standard input.\n\n"
"  -r, --recursive    read directories, recursively, in sorted order\n"
"      --ext LIST     in directories, only files ending so (default\n"
"                     .txt,.html,.htm,.xml)\n"
"      --format FMT   auto (the default: a feed or a page if the file\n"
"                     looks like one), text, html or feed\n"
"      --id MODE      a file's id from its name without extension (name,\n"
"                     the default), its path (path), or the SHA-1 of its\n"
"                     text (sha1); a feed item's is its own\n"
"      --source NAME  add \"source\": NAME to every record\n"
"      --url URL      where the input came from: relative links resolve\n"
"                     against it\n"
"      --state FILE   write only feed items no run wrote before; FILE\n"
"                     remembers them (SQLite)\n"
"      --max-age AGE  forget items first seen more than AGE ago: a number\n"
"                     and s, m, h, d or w (days without)\n"
"      --wait SECS    wait this long for another run's lock (default 60),\n"
"                     then exit 75\n";

static const struct option longopts[] = {
	{ "ext",	required_argument,	NULL, OPT_EXT },
	{ "format",	required_argument,	NULL, OPT_FORMAT },
	{ "id",		required_argument,	NULL, OPT_ID },
	{ "max-age",	required_argument,	NULL, OPT_MAXAGE },
	{ "recursive",	no_argument,		NULL, 'r' },
	{ "source",	required_argument,	NULL, OPT_SOURCE },
	{ "state",	required_argument,	NULL, OPT_STATE },
	{ "url",	required_argument,	NULL, OPT_URL },
	{ "wait",	required_argument,	NULL, OPT_WAIT },
	NT_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

static const struct nt_optdoc docs[] = {
	{ "ext", NT_USE_LIST, "in directories, only files with these "
	    "extensions" },
	{ "format", NT_USE_ONCE, "auto, text, html or feed: how the files are "
	    "read" },
	{ "id", NT_USE_ONCE, "name, path or sha1: where a file's id comes "
	    "from" },
	{ "max-age", NT_USE_ONCE, "forget feed items first seen longer ago "
	    "than this" },
	{ "recursive", NT_USE_ONCE, "read directories, recursively" },
	{ "source", NT_USE_ONCE, "add \"source\" with this value to every "
	    "record" },
	{ "state", NT_USE_ONCE, "write only feed items not written before; "
	    "remember them in this file" },
	{ "url", NT_USE_ONCE, "where the input came from, for relative links" },
	{ "wait", NT_USE_ONCE, "seconds to wait for another run's lock" },
	{ NULL, NT_USE_ONCE, NULL }
};

/* The index of arg in names (NULL-terminated), or a usage error. */
static int
choice(struct nt_ctx *ctx, const char *opt, const char *what,
    const char *arg, const char *const *names)
{
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(arg, names[i]) == 0)
			return i;
	nt_cli_die(ctx, "%s must be %s, not '%s'", opt, what, arg);
}

static void
open_state(struct nt_ctx *ctx, struct nt_import *im, const char *state,
    int wait_ms, int64_t max_age)
{
	struct nt_buf holder = NT_BUF_INIT;

	if (state == NULL || ctx->check)
		return;
	if (nt_import_state(im, state, wait_ms, max_age, &holder) < 0)
		nt_statelock_busy(state, holder.p, wait_ms);
	nt_buf_free(&holder);
}

static struct nt_hints *
hints(struct nt_ctx *ctx)
{
	struct nt_buf path = NT_BUF_INIT, err = NT_BUF_INIT;
	struct nt_hints *h;

	if (nt_datapath("nclean/dom.yaml", &path) < 0)
		nt_cli_die(ctx, "%s", path.p);
	if ((h = nt_hints_load(path.p, &err)) == NULL)
		nt_cli_die(ctx, "%s", err.p);
	nt_buf_free(&path);
	nt_buf_free(&err);
	return h;
}

int
main(int argc, char *argv[])
{
	static const char *const formats[] = { "auto", "text", "html",
	    "feed", NULL };
	static const char *const ids[] = { "name", "path", "sha1", NULL };
	struct nt_ctx ctx;
	struct nt_import im = { .id = NT_ID_NAME, .field = "text",
	    .format = NT_FMT_AUTO };
	struct nt_hints *h;
	struct stat st;
	const char *ext = ".txt,.html,.htm,.xml", *state = NULL;
	char **files;
	size_t nfiles, i;
	int64_t max_age = 0;
	int ch, recursive = 0, ioerr = 0, wait_ms = 60000, status;

	nt_cli_init(&ctx, "nimport", synopsis, help, longopts, docs);
	ctx.exits = "75 another run holds the --state file";
	while ((ch = nt_getopt(argc, argv, "r" NT_COMMON_SHORT,
	    longopts)) != -1) {
		if (nt_cli_opt(&ctx, ch, optarg))
			continue;
		switch (ch) {
		case 'r':
			recursive = 1;
			break;
		case OPT_EXT:
			ext = optarg;
			break;
		case OPT_FORMAT:
			im.format = (enum nt_format)choice(&ctx, "--format",
			    "auto, text, html or feed", optarg, formats);
			break;
		case OPT_ID:
			im.id = (enum nt_idmode)choice(&ctx, "--id",
			    "name, path or sha1", optarg, ids);
			break;
		case OPT_MAXAGE:
			if (nt_age_parse(optarg, &max_age) < 0)
				nt_cli_die(&ctx, "--max-age: '%s' is not a "
				    "number and s, m, h, d or w", optarg);
			break;
		case OPT_SOURCE:
			im.source = optarg;
			break;
		case OPT_STATE:
			if (*optarg == '\0')
				nt_cli_die(&ctx, "--state needs a file name");
			state = optarg;
			break;
		case OPT_URL:
			im.url = optarg;
			break;
		case OPT_WAIT:
			wait_ms = 1000 * (int)nt_cli_number(&ctx, "--wait",
			    optarg, 0, 86400);
			break;
		default:
			nt_cli_usage(&ctx);
		}
	}
	argc -= optind;
	argv += optind;
	if (max_age > 0 && state == NULL)
		nt_cli_die(&ctx, "--max-age needs --state");
	im.field = ctx.field;
	h = hints(&ctx);
	nt_html_global_init();
	im.feed = nt_feed_new(h);
	if (nt_import_list(argc, argv, ext, recursive,
	    &files, &nfiles) < 0)
		ioerr = 1;

	/* A state file in use stops the run before the output is touched. */
	open_state(&ctx, &im, state, wait_ms, max_age);
	nt_cli_start(&ctx, 0, NULL);
	for (i = 0; i < nfiles && !ctx.stop; i++) {
		if (files[i] != NULL && stat(files[i], &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			warnx("%s: is a directory (use -r)", files[i]);
			ioerr = 1;
		} else if (nt_import_input(&ctx, &im, files[i]) < 0) {
			warn("%s", files[i] ? files[i] : "stdin");
			ioerr = 1;
		}
	}
	nt_import_end(&ctx, &im);
	status = nt_cli_finish(&ctx);
	nt_seen_close(im.seen);
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	nt_feed_free(im.feed);
	nt_hints_free(h);
	nt_import_free(&im);
	return ioerr ? 1 : status;
}
