#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "core/json.h"
#include "core/utf8.h"
#include "core/util.h"

#ifndef NT_VERSION
#define NT_VERSION "0.0.0"
#endif

/* The common options, as --describe-options tells of them. */
static const struct nt_optdoc common_docs[] = {
	{ "check", NT_USE_ONCE, "check options and configuration, read nothing" },
	{ "describe-options", NT_USE_ONCE, "list the options, one a line" },
	{ "field", NT_USE_ONCE, "the text field to read (default: text)" },
	{ "help", NT_USE_ONCE, "print a short help and exit" },
	{ "output", NT_USE_ONCE, "write to this file instead of standard "
	    "output" },
	{ "reject", NT_USE_ONCE, "append rejected input lines to this file "
	    "as JSON" },
	{ "strict", NT_USE_ONCE, "stop at the first rejected line (exit 3)" },
	{ "unbuffered", NT_USE_ONCE, "write each record as soon as it is done" },
	{ "version", NT_USE_ONCE, "print the version and exit" },
	{ NULL, NT_USE_ONCE, NULL }
};

void
nt_cli_init(struct nt_ctx *c, const char *prog, const char *synopsis,
    const char *help, const struct option *longopts,
    const struct nt_optdoc *docs)
{
	memset(c, 0, sizeof(*c));
	c->prog = prog;
	c->synopsis = synopsis;
	c->help = help;
	c->longopts = longopts;
	c->docs = docs;
	c->field = "text";
}

static const struct nt_optdoc *
finddoc(const struct nt_optdoc *docs, const char *name)
{
	for (; docs != NULL && docs->name != NULL; docs++)
		if (strcmp(docs->name, name) == 0)
			return docs;
	return NULL;
}

void
nt_cli_describe(const struct option *longopts, const struct nt_optdoc *docs)
{
	static const char *const uses[] = { "once", "repeat", "list" };
	const struct option *o;
	const struct nt_optdoc *d;

	for (o = longopts; o != NULL && o->name != NULL; o++) {
		if ((d = finddoc(docs, o->name)) == NULL &&
		    (d = finddoc(common_docs, o->name)) == NULL)
			errx(NT_EXIT_FATAL, "--%s has no description", o->name);
		printf("%s\t%s\t%s\t%s\n", o->name,
		    o->has_arg == no_argument ? "flag" : "arg", uses[d->use],
		    d->help);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		err(NT_EXIT_FATAL, "stdout");
	exit(NT_EXIT_OK);
}

void
nt_cli_usage(const struct nt_ctx *c)
{
	fprintf(stderr, "%s\nTry '%s --help' for more.\n", c->synopsis,
	    c->prog);
	exit(NT_EXIT_USAGE);
}

void
nt_cli_die(const struct nt_ctx *c, const char *fmt, ...)
{
	va_list ap;

	(void)c;
	va_start(ap, fmt);
	verrx(NT_EXIT_USAGE, fmt, ap);
}

long long
nt_cli_number(const struct nt_ctx *c, const char *opt, const char *s,
    long long lo, long long hi)
{
	long long v;
	char *end;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		nt_cli_die(c, "%s: '%s' is not a number from %lld to %lld",
		    opt, s, lo, hi);
	return v;
}

static void __attribute__((noreturn))
help(const struct nt_ctx *c)
{
	printf("%s\n\n%s%s", c->synopsis, c->help ? c->help : "",
	    NT_COMMON_HELP);
	printf("\nExit status: 0 success, 1 fatal error, 2 usage error, "
	    "3 some input rejected%s%s.\nSee %s(1).\n", c->exits ? ",\n" : "",
	    c->exits ? c->exits : "", c->prog);
	if (fflush(stdout) != 0 || ferror(stdout))
		err(1, "stdout");
	exit(0);
}

int
nt_cli_opt(struct nt_ctx *c, int ch, const char *arg)
{
	switch (ch) {
	case 'f':
		if (*arg == '\0')
			nt_cli_die(c, "--field needs a name");
		c->field = arg;
		return 1;
	case 'h':
		help(c);
		/* NOTREACHED */
	case 'o':
		c->output = arg;
		return 1;
	case 'u':
		c->unbuffered = 1;
		return 1;
	case NT_OPT_CHECK:
		c->check = 1;
		return 1;
	case NT_OPT_DESCRIBE:
		nt_cli_describe(c->longopts, c->docs);
		/* NOTREACHED */
	case NT_OPT_REJECT:
		c->reject_path = arg;
		return 1;
	case NT_OPT_STRICT:
		c->strict = 1;
		return 1;
	case NT_OPT_VERSION:
		printf("%s (ntools) %s\n", c->prog, NT_VERSION);
		exit(0);
	case '?':
	case ':':
		nt_cli_usage(c);
	default:
		return 0;
	}
}

/* The long option whose val is v, or NULL. */
static const struct option *
longof(const struct option *longopts, int v)
{
	for (; longopts != NULL && longopts->name != NULL; longopts++)
		if (longopts->flag == NULL && longopts->val == v)
			return longopts;
	return NULL;
}

int
nt_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts)
{
	struct nt_buf spec = NT_BUF_INIT;
	const struct option *lo;
	const char *a;
	int ch, islong;

	/* A leading ':' tells a missing argument from an unknown option. */
	nt_buf_printf(&spec, ":%s", shortopts);
	opterr = 0;
	ch = getopt_long(argc, argv, spec.p, longopts, NULL);
	nt_buf_free(&spec);
	if (ch != '?' && ch != ':')
		return ch;
	a = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	islong = strncmp(a, "--", 2) == 0;
	lo = longof(longopts, optopt);
	if (ch == ':' && islong && lo != NULL)
		warnx("option '--%s' requires an argument", lo->name);
	else if (ch == ':')
		warnx("option requires an argument -- '%c'", optopt);
	else if (optopt == 0)
		warnx("unrecognized option '%s'", a);
	else if (islong && lo != NULL)
		warnx("option '--%s' doesn't allow an argument", lo->name);
	else
		warnx("invalid option -- '%c'", optopt);
	return '?';
}

void
nt_cli_start(struct nt_ctx *c, int argc, char **argv)
{
	if (c->check)
		exit(NT_EXIT_OK);
	nt_in_init(&c->in, argv, (size_t)argc);
	nt_out_open(&c->out, c->output);
	c->out.unbuffered = c->unbuffered;
	if (c->reject_path != NULL &&
	    (c->reject = fopen(c->reject_path, "a")) == NULL)
		err(NT_EXIT_FATAL, "%s", c->reject_path);
}

static void
add_base64(struct nt_buf *b, const unsigned char *p, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;
	uint32_t v;

	for (i = 0; i + 3 <= n; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		nt_buf_addc(b, tab[v >> 18]);
		nt_buf_addc(b, tab[(v >> 12) & 63]);
		nt_buf_addc(b, tab[(v >> 6) & 63]);
		nt_buf_addc(b, tab[v & 63]);
	}
	if (n - i == 1) {
		v = (uint32_t)p[i] << 16;
		nt_buf_addc(b, tab[v >> 18]);
		nt_buf_addc(b, tab[(v >> 12) & 63]);
		nt_buf_adds(b, "==");
	} else if (n - i == 2) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		nt_buf_addc(b, tab[v >> 18]);
		nt_buf_addc(b, tab[(v >> 12) & 63]);
		nt_buf_addc(b, tab[(v >> 6) & 63]);
		nt_buf_addc(b, '=');
	}
}

void
nt_cli_reject_at(struct nt_ctx *c, const char *source, uint64_t lineno,
    const char *data, size_t len, const char *reason, size_t col)
{
	struct nt_buf b = NT_BUF_INIT, b64 = NT_BUF_INIT;
	struct nt_jw w;

	c->nrejected++;
	if (lineno > 0 && col > 0)
		warnx("%s:%llu: %s (column %zu)", source,
		    (unsigned long long)lineno, reason, col);
	else if (lineno > 0)
		warnx("%s:%llu: %s", source, (unsigned long long)lineno,
		    reason);
	else
		warnx("%s: %s", source, reason);
	if (c->reject != NULL) {
		nt_jw_init(&w, &b);
		nt_jw_obj(&w);
		nt_jw_key(&w, "source");
		nt_jw_strz(&w, source);
		if (lineno > 0) {
			nt_jw_key(&w, "line");
			nt_jw_int(&w, (int64_t)lineno);
		}
		if (col > 0) {
			nt_jw_key(&w, "column");
			nt_jw_int(&w, (int64_t)col);
		}
		nt_jw_key(&w, "reason");
		nt_jw_strz(&w, reason);
		if (nt_utf8_valid(data, len) == len) {
			nt_jw_key(&w, "text");
			nt_jw_str(&w, data, len);
		} else {
			/* Bytes JSON cannot carry go in base64, intact. */
			add_base64(&b64, (const unsigned char *)data, len);
			nt_jw_key(&w, "base64");
			nt_jw_str(&w, b64.p, b64.len);
			nt_buf_free(&b64);
		}
		nt_jw_end(&w);
		nt_jw_raw(&w, "\n", 1);
		if (fwrite(b.p, 1, b.len, c->reject) != b.len)
			err(NT_EXIT_FATAL, "%s", c->reject_path);
		nt_buf_free(&b);
	}
	if (c->strict)
		c->stop = 1;
}

int
nt_cli_blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 0;
	return 1;
}

int
nt_cli_parse(struct nt_rec *r, const char *line, size_t len,
    struct nt_buf *reason, size_t *col)
{
	struct nt_jerr je;

	if (nt_rec_parse(r, line, len, &je) == 0)
		return 0;
	nt_buf_reset(reason);
	if (strncmp(je.msg, "invalid UTF-8", 13) != 0 &&
	    strncmp(je.msg, "not a JSON", 10) != 0)
		nt_buf_adds(reason, "invalid JSON: ");
	nt_buf_adds(reason, je.msg);
	*col = je.col;
	return -1;
}

int
nt_cli_field(const struct nt_rec *r, const char *field, int strict,
    struct nt_buf *out, struct nt_buf *reason)
{
	int rv;

	rv = nt_rec_str(r, field, out);
	if (rv == 1 || (rv == 0 && !strict))
		return rv;
	nt_buf_reset(reason);
	nt_buf_printf(reason, rv == 0 ? "no '%s' field" :
	    "field '%s' is not a string", field);
	return -1;
}

int
nt_cli_finish(struct nt_ctx *c)
{
	int status = NT_EXIT_OK;

	nt_out_close(&c->out);
	if (c->reject != NULL && fclose(c->reject) != 0)
		err(NT_EXIT_FATAL, "%s", c->reject_path);
	c->reject = NULL;
	if (c->nmissing > 0)
		warnx("%llu record%s had no '%s' field and passed through "
		    "unchanged", (unsigned long long)c->nmissing,
		    c->nmissing == 1 ? "" : "s", c->field);
	if (c->in.ioerrors > 0)
		status = NT_EXIT_FATAL;
	else if (c->nrejected > 0)
		status = NT_EXIT_REJECT;
	nt_in_free(&c->in);
	return status;
}
