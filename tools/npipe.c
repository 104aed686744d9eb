/*
 * npipe: run a YAML pipeline of ntools programs, checked first.
 */
#include <err.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cli.h"
#include "pipe/engine.h"
#include "pipe/pipe.h"
#include "core/util.h"

enum { OPT_CHECK = NT_OPT_CHECK, OPT_DESCRIBE = NT_OPT_DESCRIBE,
	OPT_DRYRUN = NT_OPT_TOOL, OPT_FOREIGN, OPT_GRAPH, OPT_PROGRESS,
	OPT_NOPROGRESS, OPT_ENGINE, OPT_JOBS, OPT_SSHLOGIN, OPT_VERSION = NT_OPT_VERSION };

static const char synopsis[] =
"usage: npipe [run] [--check | --dry-run | --graph] [--[no-]progress]\n"
"             [--allow-foreign] [--engine local|parallel|slurm]\n"
"             [--jobs n] [--sshlogin hosts] [-o file] pipeline.yaml\n"
"             [input ...]";

static const struct option longopts[] = {
	{ "allow-foreign", no_argument,		NULL, OPT_FOREIGN },
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "describe-options", no_argument,	NULL, OPT_DESCRIBE },
	{ "dry-run",	no_argument,		NULL, OPT_DRYRUN },
	{ "engine",	required_argument,	NULL, OPT_ENGINE },
	{ "graph",	no_argument,		NULL, OPT_GRAPH },
	{ "help",	no_argument,		NULL, 'h' },
	{ "jobs",	required_argument,	NULL, OPT_JOBS },
	{ "no-progress", no_argument,		NULL, OPT_NOPROGRESS },
	{ "output",	required_argument,	NULL, 'o' },
	{ "progress",	no_argument,		NULL, OPT_PROGRESS },
	{ "sshlogin",	required_argument,	NULL, OPT_SSHLOGIN },
	{ "version",	no_argument,		NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

static const struct nt_optdoc docs[] = {
	{ "allow-foreign", NT_USE_ONCE, "run the programs the pipeline lists "
	    "under allow" },
	{ "check", NT_USE_ONCE, "check the pipeline and every step's options, "
	    "run nothing" },
	{ "dry-run", NT_USE_ONCE, "print the equivalent shell pipeline" },
	{ "engine", NT_USE_ONCE, "local (one process a step), parallel "
	    "(shards through GNU parallel) or slurm (sbatch job arrays)" },
	{ "graph", NT_USE_ONCE, "print the steps as a DOT graph" },
	{ "jobs", NT_USE_ONCE, "shards (and parallel's job slots) for "
	    "--engine" },
	{ "no-progress", NT_USE_ONCE, "no progress report" },
	{ "progress", NT_USE_ONCE, "records in and out, each second, on "
	    "stderr" },
	{ "sshlogin", NT_USE_ONCE, "hosts (GNU parallel's --sshlogin list) "
	    "that run --engine parallel's shards" },
	{ NULL, NT_USE_ONCE, NULL }
};

static void __attribute__((noreturn))
usage(int status)
{
	FILE *fp = status ? stderr : stdout;

	fprintf(fp, "%s\n", synopsis);
	if (status == 0)
		fputs("\nRun the steps of pipeline.yaml (see npipe.yaml(5)), "
		    "each program checked first.\n\n"
		    "      --allow-foreign  run the programs the pipeline lists "
		    "under allow\n"
		    "      --check        check the pipeline and every step's "
		    "options, run nothing\n"
		    "      --describe-options  list the options, one a line "
		    "(ntools(7))\n"
		    "  -n, --dry-run      print the equivalent shell pipeline\n"
		    "                     (the engine's script with --engine)\n"
		    "      --engine NAME  local (the default); parallel: shards "
		    "through GNU\n"
		    "                     parallel; slurm: sbatch job arrays\n"
		    "      --jobs N       shards (and parallel's job slots; "
		    "default 2)\n"
		    "      --sshlogin HOSTS  run --engine parallel's shards on "
		    "these hosts\n"
		    "                     (parallel's list; the work directory "
		    "must be shared)\n"
		    "      --graph        print the steps as a DOT graph\n"
		    "  -o, --output FILE  write to FILE instead of the "
		    "pipeline's output\n"
		    "      --progress     records in and out, MB/s, each "
		    "second on stderr\n"
		    "      --no-progress  none (the default unless stderr is "
		    "a terminal)\n"
		    "  -h, --help         print this help and exit\n"
		    "      --version      print the version and exit\n"
		    "\nExit status: 0 success, 1 fatal error, 2 bad pipeline, "
		    "3 some input rejected,\n75 another run holds the lock, "
		    "else the failing step's.  See npipe(1).\n", fp);
	else
		fputs("Try 'npipe --help' for more.\n", fp);
	if (fflush(fp) != 0 || ferror(fp))
		err(NT_EXIT_FATAL, "%s", status ? "stderr" : "stdout");
	exit(status);
}

/* The directory npipe runs from, where its sibling programs are. */
static char *
selfdir(const char *argv0)
{
	char buf[PATH_MAX], *slash, *rp = NULL;
	ssize_t n;

	if ((n = readlink("/proc/self/exe", buf, sizeof(buf) - 1)) > 0) {
		buf[n] = '\0';
		rp = nt_estrdup(buf);
	} else if (strchr(argv0, '/') != NULL)
		rp = realpath(argv0, NULL);
	if (rp != NULL && (slash = strrchr(rp, '/')) != NULL)
		*slash = '\0';
	return rp;
}

/* 0 local, 1 parallel, 2 slurm, -1 no engine. */
static int
engine_of(const char *name)
{
	static const char *const names[] = { "local", "parallel", "slurm" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

/* Print or run the pipeline's script for GNU parallel or Slurm. */
static int
engine_script(const struct nt_pipe *p, int engine, char **in, size_t nin,
    const char *output, int jobs, const char *ssh, int dry)
{
	struct nt_buf script = NT_BUF_INIT;
	int status = 0, r;

	if (engine == 1)
		r = nt_engine_parallel(p, in, nin, output, jobs, ssh,
		    &script);
	else
		r = nt_engine_slurm(p, in, nin, output, jobs, &script);
	if (r < 0) {
		fprintf(stderr, "npipe: %s\n", script.p);
		status = NT_EXIT_USAGE;
	} else if (dry) {
		fwrite(script.p, 1, script.len, stdout);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			warn("stdout");
			status = NT_EXIT_FATAL;
		}
	} else
		status = nt_engine_run(script.p);
	nt_buf_free(&script);
	return status;
}

int
main(int argc, char *argv[])
{
	struct nt_pipe p;
	struct nt_buf errs = NT_BUF_INIT, out = NT_BUF_INIT;
	enum nt_progress progress;
	const char *output = NULL, *argv0 = argv[0], *ssh = NULL;
	char *dir, *line, *nl;
	size_t nerr;
	int ch, check = 0, dry = 0, foreign = 0, graph = 0, status = 0;
	int engine = 0, jobs = 2;
	char *end;

	progress = isatty(2) ? NT_PROGRESS_TTY : NT_PROGRESS_OFF;
	while ((ch = nt_getopt(argc, argv, "hno:", longopts)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
		case 'n':
		case OPT_DRYRUN:
			dry = 1;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_CHECK:
			check = 1;
			break;
		case OPT_DESCRIBE:
			nt_cli_describe(longopts, docs);
		case OPT_ENGINE:
			if ((engine = engine_of(optarg)) < 0)
				errx(NT_EXIT_USAGE, "--engine: '%s' is not "
				    "local, parallel or slurm", optarg);
			break;
		case OPT_JOBS:
			jobs = (int)strtol(optarg, &end, 10);
			if (end == optarg || *end != '\0' || jobs < 1 ||
			    jobs > 4096)
				errx(NT_EXIT_USAGE, "--jobs: '%s' is not a "
				    "number from 1 to 4096", optarg);
			break;
		case OPT_SSHLOGIN:
			if (*optarg == '\0')
				errx(NT_EXIT_USAGE, "--sshlogin needs hosts");
			ssh = optarg;
			break;
		case OPT_FOREIGN:
			foreign = 1;
			break;
		case OPT_GRAPH:
			graph = 1;
			break;
		case OPT_NOPROGRESS:
			progress = NT_PROGRESS_OFF;
			break;
		case OPT_PROGRESS:
			progress = isatty(2) ? NT_PROGRESS_TTY :
			    NT_PROGRESS_LINES;
			break;
		case OPT_VERSION:
			printf("npipe (ntools) %s\n", NT_VERSION);
			return 0;
		default:
			usage(NT_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc >= 2 && strcmp(argv[0], "run") == 0) {
		argc--;
		argv++;
	}
	if (argc < 1 || check + dry + graph > 1)
		usage(NT_EXIT_USAGE);
	if (ssh != NULL && engine != 1)
		errx(NT_EXIT_USAGE, "--sshlogin needs --engine parallel");

	dir = selfdir(argv0);
	nerr = nt_pipe_load(&p, argv[0], dir, foreign, &errs);
	free(dir);
	if (!dry && !graph)
		status = nt_pipe_check(&p, &errs);
	if (errs.len > 0) {
		nt_pipe_errsort(&p, &errs);
		for (line = errs.p; (nl = strchr(line, '\n')) != NULL;
		    line = nl + 1)
			fprintf(stderr, "npipe: %.*s\n", (int)(nl - line), line);
		nt_pipe_free(&p);
		nt_buf_free(&errs);
		return nerr > 0 || status == 0 ? NT_EXIT_USAGE : status;
	}
	if (engine && !graph) {
		status = engine_script(&p, engine, argv + 1,
		    (size_t)argc - 1, output, jobs, ssh, dry);
	} else if (dry || graph) {
		if (dry)
			nt_pipe_shell(&p, argv + 1, (size_t)argc - 1, &out);
		else
			nt_pipe_dot(&p, argv + 1, (size_t)argc - 1, &out);
		fwrite(out.p, 1, out.len, stdout);
		status = fflush(stdout) != 0 || ferror(stdout);
		if (status)
			warn("stdout");
	} else if (check)
		status = 0;
	else
		status = nt_pipe_run(&p, argv + 1, (size_t)argc - 1, output,
		    progress);
	nt_pipe_free(&p);
	nt_buf_free(&errs);
	nt_buf_free(&out);
	return status;
}
