/*
 * nimport: text and HTML files, one article each, to NDJSON records.
 */
#include <sys/stat.h>

#include <err.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cli.h"
#include "import/import.h"

enum { OPT_FORMAT = NT_OPT_TOOL, OPT_ID, OPT_SOURCE };

static const char synopsis[] =
"usage: nimport [-ru] [--format auto|text|html] [--id name|path|sha1]\n"
"               [--source NAME] [-f field] [-o file] [--reject file]\n"
"               [--strict] file|dir ...";

static const char help[] =
"Write one record per text file: {\"id\", \"source\", \"path\", \"text\"};\n"
"per HTML page: {\"id\", \"source\", \"path\", \"url\", \"html\"}, in UTF-8.\n\n"
"  -r, --recursive    read directories, recursively, in sorted order\n"
"      --format FMT   auto (the default: HTML if the file looks like a\n"
"                     page), text or html\n"
"      --id MODE      id from the file name without extension (name, the\n"
"                     default), the path as given (path), or the SHA-1 of\n"
"                     the text (sha1)\n"
"      --source NAME  add \"source\": NAME to every record\n";

static const struct option longopts[] = {
	{ "format",	required_argument,	NULL, OPT_FORMAT },
	{ "id",		required_argument,	NULL, OPT_ID },
	{ "recursive",	no_argument,		NULL, 'r' },
	{ "source",	required_argument,	NULL, OPT_SOURCE },
	NT_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

static const struct nt_optdoc docs[] = {
	{ "format", NT_USE_ONCE, "auto, text or html: how the files are read" },
	{ "id", NT_USE_ONCE, "name, path or sha1: where a record's id comes "
	    "from" },
	{ "recursive", NT_USE_ONCE, "read directories, recursively" },
	{ "source", NT_USE_ONCE, "add \"source\" with this value to every "
	    "record" },
	{ NULL, NT_USE_ONCE, NULL }
};

int
main(int argc, char *argv[])
{
	struct nt_ctx ctx;
	struct nt_import im = { NT_ID_NAME, NULL, "text", NT_FMT_AUTO };
	struct nt_buf data = NT_BUF_INIT, why = NT_BUF_INIT, tmp = NT_BUF_INIT;
	struct stat st;
	char **files = NULL;
	size_t nfiles = 0, i;
	int ch, recursive = 0, ioerr = 0, status;

	nt_cli_init(&ctx, "nimport", synopsis, help, longopts,
	    docs);
	while ((ch = nt_getopt(argc, argv, "r" NT_COMMON_SHORT,
	    longopts)) != -1) {
		if (nt_cli_opt(&ctx, ch, optarg))
			continue;
		switch (ch) {
		case 'r':
			recursive = 1;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "auto") == 0)
				im.format = NT_FMT_AUTO;
			else if (strcmp(optarg, "text") == 0)
				im.format = NT_FMT_TEXT;
			else if (strcmp(optarg, "html") == 0)
				im.format = NT_FMT_HTML;
			else
				nt_cli_die(&ctx, "--format must be auto, text or "
				    "html, not '%s'", optarg);
			break;
		case OPT_ID:
			if (strcmp(optarg, "name") == 0)
				im.id = NT_ID_NAME;
			else if (strcmp(optarg, "path") == 0)
				im.id = NT_ID_PATH;
			else if (strcmp(optarg, "sha1") == 0)
				im.id = NT_ID_SHA1;
			else
				nt_cli_die(&ctx, "--id must be name, path or "
				    "sha1, not '%s'", optarg);
			break;
		case OPT_SOURCE:
			im.source = optarg;
			break;
		default:
			nt_cli_usage(&ctx);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		nt_cli_die(&ctx, "no files to import");
	im.field = ctx.field;

	for (i = 0; i < (size_t)argc; i++) {
		if (recursive && stat(argv[i], &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			if (nt_import_walk(argv[i], &files, &nfiles) < 0)
				ioerr = 1;
			continue;
		}
		files = realloc(files, (nfiles + 1) * sizeof(*files));
		if (files == NULL)
			err(1, NULL);
		files[nfiles++] = strdup(argv[i]);
		if (files[nfiles - 1] == NULL)
			err(1, NULL);
	}

	/* No records are read, so there is nothing for stdin to carry. */
	nt_cli_start(&ctx, 0, NULL);
	for (i = 0; i < nfiles && !ctx.stop; i++) {
		if (stat(files[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			warnx("%s: is a directory (use -r)", files[i]);
			ioerr = 1;
			continue;
		}
		switch (nt_import_file(&im, files[i], &data, &tmp, &why,
		    &ctx.out.buf)) {
		case -1:
			warn("%s", files[i]);
			ioerr = 1;
			break;
		case 1:
			nt_cli_reject_at(&ctx, files[i], 0, data.p ? data.p :
			    "", data.len, why.p, 0);
			break;
		default:
			nt_out_commit(&ctx.out);
			break;
		}
	}
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	nt_buf_free(&data);
	nt_buf_free(&why);
	nt_buf_free(&tmp);
	status = nt_cli_finish(&ctx);
	return ioerr ? 1 : status;
}
