/*
 * cli: what every ntools program shares on the command line and around
 * its main loop, so that all of them behave alike.
 *
 * A program declares its own long options followed by NT_COMMON_OPTIONS,
 * hands every option getopt_long returns to nt_cli_opt first, then calls
 * nt_cli_start with the remaining arguments (its input files).  The
 * record loop is parrun.h's: it reads records, rejects the bad ones
 * through nt_cli_reject_at (a diagnostic "prog: file:line: reason" on
 * stderr, the line kept in --reject FILE), and calls the program's
 * function with each good one.  nt_cli_finish flushes the output and
 * returns the exit status: 0, 1 (I/O), or 3 (some records rejected).
 * The struct nt_ctx owns the input, output and reject streams.
 * One thread; but nt_cli_blank, nt_cli_parse and nt_cli_field touch no
 * struct nt_ctx and may run on any thread (parrun.c uses them).
 */
#ifndef NT_CLI_H
#define NT_CLI_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/io.h"
#include "core/rec.h"

#define NT_EXIT_OK	0
#define NT_EXIT_FATAL	1
#define NT_EXIT_USAGE	2
#define NT_EXIT_REJECT	3

enum {
	NT_OPT_VERSION = 0x100,
	NT_OPT_REJECT,
	NT_OPT_STRICT,
	NT_OPT_CHECK,
	NT_OPT_DESCRIBE,
	NT_OPT_TOOL = 0x200		/* a program's own long-only options */
};

#define NT_COMMON_SHORT	"f:ho:u"
#define NT_COMMON_OPTIONS \
	{ "check",	no_argument,		NULL, NT_OPT_CHECK }, \
	{ "describe-options", no_argument,	NULL, NT_OPT_DESCRIBE }, \
	{ "field",	required_argument,	NULL, 'f' }, \
	{ "help",	no_argument,		NULL, 'h' }, \
	{ "output",	required_argument,	NULL, 'o' }, \
	{ "reject",	required_argument,	NULL, NT_OPT_REJECT }, \
	{ "strict",	no_argument,		NULL, NT_OPT_STRICT }, \
	{ "unbuffered",	no_argument,		NULL, 'u' }, \
	{ "version",	no_argument,		NULL, NT_OPT_VERSION }

/* The option lines every program's --help ends with. */
#define NT_COMMON_HELP \
"  -f, --field NAME   the text field to read (default: text)\n" \
"  -o, --output FILE  write to FILE instead of standard output\n" \
"  -u, --unbuffered   write each record as soon as it is done\n" \
"      --reject FILE  append rejected input lines to FILE as JSON\n" \
"      --strict       stop at the first rejected line (exit 3)\n" \
"      --check        check options and configuration, read nothing\n" \
"      --describe-options  list the options, one a line (ntools(7))\n" \
"  -h, --help         print this help and exit\n" \
"      --version      print the version and exit\n"

/*
 * What --describe-options says of each option, for npipe and for shell
 * completion: one line per long option, in the order of the program's
 * struct option table,
 *
 *	NAME <TAB> arg|flag <TAB> once|repeat|list <TAB> HELP
 *
 * arg: the option takes a value (--NAME=VALUE); flag: it takes none.
 * once: one value; repeat: given once per value; list: one value that
 * is a comma-separated list.  HELP is one line without tabs.  The kind
 * comes from the struct option table; the rest from the program's
 * struct nt_optdoc table, or cli.c's own for the common options.
 */
enum nt_optuse { NT_USE_ONCE, NT_USE_REPEAT, NT_USE_LIST };

struct nt_optdoc {
	const char	*name;		/* the long name, as in struct option */
	enum nt_optuse	 use;
	const char	*help;		/* one line */
};

struct nt_ctx {
	const char	*prog;
	const char	*synopsis;	/* "usage: nclean [options] [file ...]" */
	const char	*help;		/* the program's own option lines */
	const char	*exits;		/* more of --help's exit statuses
					 * ("75 ..."), or NULL */
	const struct option *longopts;	/* ends with a NULL name */
	const struct nt_optdoc *docs;	/* ends with a NULL name */
	const char	*field;		/* "text" unless -f */
	const char	*output;
	const char	*reject_path;
	int		 strict;
	int		 check;
	int		 unbuffered;
	int		 stop;		/* set to end the main loop early */

	FILE		*reject;
	struct nt_in	 in;
	struct nt_out	 out;

	uint64_t	 nread;		/* lines that held a record */
	uint64_t	 nrejected;
	uint64_t	 nmissing;	/* records without the text field */
};

/*
 * Set up ctx for the program prog; everything is borrowed.  longopts and
 * docs (both ending with a NULL name; docs covers the program's own
 * options, the common ones are cli.c's) are what --describe-options
 * prints.
 */
void	nt_cli_init(struct nt_ctx *, const char *prog, const char *synopsis,
	    const char *help, const struct option *longopts,
	    const struct nt_optdoc *docs);
/*
 * Print the --describe-options lines of longopts, described by docs or
 * by the common options' table, to standard output and exit 0 (1 on a
 * write error, or when an option has no description).
 */
void	nt_cli_describe(const struct option *longopts,
	    const struct nt_optdoc *docs) __attribute__((noreturn));
/*
 * getopt_long, with its complaints about an unknown option or a missing
 * argument in the form of every other message, "prog: ..." with the
 * program's base name (getopt's own would name the path it was run by).
 * Returns what getopt_long returns; '?' after a complaint.
 */
int	nt_getopt(int argc, char **argv, const char *shortopts,
	    const struct option *longopts);
/* Handle a common option; 1 if it was one (or exits), 0 if not. */
int	nt_cli_opt(struct nt_ctx *, int ch, const char *arg);
/* Print the synopsis to stderr and exit 2. */
void	nt_cli_usage(const struct nt_ctx *) __attribute__((noreturn));
/* A usage or configuration error: "prog: message", exit 2. */
void	nt_cli_die(const struct nt_ctx *, const char *, ...)
	    __attribute__((noreturn, format(printf, 2, 3)));
/*
 * The value s of option opt ("--wait") as a whole number in [lo, hi];
 * otherwise a usage error naming the option, exit 2.
 */
long long nt_cli_number(const struct nt_ctx *, const char *opt,
	    const char *s, long long lo, long long hi);
/*
 * After options: with --check, exit 0 now.  Otherwise open the inputs
 * (argv[0..argc), borrowed), the output and the reject file.
 */
void	nt_cli_start(struct nt_ctx *, int argc, char **argv);
/*
 * Reject input: data[0..len), line lineno of source (0: a whole file),
 * for reason at a 1-based column (0: none).  A diagnostic on stderr, a
 * copy in --reject; with --strict, also stops the record loop.
 */
void	nt_cli_reject_at(struct nt_ctx *, const char *source, uint64_t lineno,
	    const char *data, size_t len, const char *reason, size_t col);
/* Is the line only white space?  It holds no record, and is skipped. */
int	nt_cli_blank(const char *line, size_t len);
/*
 * Parse line[0..len) into r: 0, or -1 with the reason to reject the
 * line in reason and its column in *col.
 */
int	nt_cli_parse(struct nt_rec *r, const char *line, size_t len,
	    struct nt_buf *reason, size_t *col);
/*
 * The text field, decoded into out, without counting or reporting: 1
 * found, 0 absent and to be passed on, -1 (not a string, or absent
 * under strict) with the reason to reject the record in reason.
 */
int	nt_cli_field(const struct nt_rec *r, const char *field, int strict,
	    struct nt_buf *out, struct nt_buf *reason);
/* Flush and close everything; returns the exit status. */
int	nt_cli_finish(struct nt_ctx *);

#endif
