#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cli.h"
#include "pipe/pipe.h"
#include "core/util.h"

extern char **environ;

#ifndef NT_BINDIR
#define NT_BINDIR "/usr/local/bin"
#endif

/* Options that are npipe's to give, not the pipeline file's. */
static const char *const reserved[] = {
	"check", "describe-options", "help", "output", "version"
};

static const char *const topkeys[] = {
	"name", "input", "output", "append", "state", "steps", "allow"
};

static void
problem(struct nt_buf *errs, size_t *n, const char *file,
    const struct nt_ynode *node, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
problem(struct nt_buf *errs, size_t *n, const char *file,
    const struct nt_ynode *node, const char *fmt, ...)
{
	struct nt_buf msg = NT_BUF_INIT, line = NT_BUF_INIT;
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	nt_buf_grow(&msg, len < 0 ? 0 : (size_t)len);
	va_start(ap, fmt);
	vsnprintf(msg.p, (size_t)len + 1, fmt, ap);
	va_end(ap);
	nt_yerr(&line, file, node, "%s", msg.p);
	nt_buf_add(errs, line.p, line.len);
	nt_buf_addc(errs, '\n');
	nt_buf_free(&msg);
	nt_buf_free(&line);
	(*n)++;
}

/* Make b an empty string (its p a valid "" even when new). */
static void
empty(struct nt_buf *b)
{
	nt_buf_reset(b);
	nt_buf_grow(b, 0);
	b->p[0] = '\0';
}

static int
varstart(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int
varchar(int c)
{
	return varstart(c) || (c >= '0' && c <= '9');
}

int
nt_pipe_expand(const char *s, struct nt_buf *out, struct nt_buf *err)
{
	const char *p = s, *name, *def, *end, *v;
	char *var;
	size_t namelen;

	empty(out);
	while (*p != '\0') {
		if (p[0] != '$' || (p[1] != '$' && p[1] != '{')) {
			nt_buf_addc(out, *p++);
			continue;
		}
		if (p[1] == '$') {
			nt_buf_addc(out, '$');
			p += 2;
			continue;
		}
		name = p + 2;
		for (end = name; varchar((unsigned char)*end); end++)
			;
		namelen = (size_t)(end - name);
		if (namelen == 0 || !varstart((unsigned char)*name) ||
		    (*end != '}' && !(end[0] == ':' && end[1] == '-'))) {
			nt_buf_reset(err);
			nt_buf_adds(err, "bad variable reference (use ${NAME} or "
			    "${NAME:-default}, or $$ for a $)");
			return -1;
		}
		def = NULL;
		if (*end == ':') {
			def = end + 2;
			if ((end = strchr(def, '}')) == NULL) {
				nt_buf_reset(err);
				nt_buf_printf(err, "no '}' after ${%.*s:-",
				    (int)namelen, name);
				return -1;
			}
		}
		var = nt_estrndup(name, namelen);
		v = getenv(var);
		if (v == NULL && def == NULL) {
			nt_buf_reset(err);
			nt_buf_printf(err, "variable '%s' is not set (give a "
			    "default with ${%s:-default})", var, var);
			free(var);
			return -1;
		}
		free(var);
		if (def != NULL && (v == NULL || *v == '\0'))
			nt_buf_add(out, def, (size_t)(end - def));
		else
			nt_buf_adds(out, v);
		p = end + 1;
	}
	return 0;
}

void
nt_shquote(struct nt_buf *out, const char *s)
{
	const char *p;
	int plain = *s != '\0';

	for (p = s; *p != '\0' && plain; p++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv"
		    "wxyz0123456789_@%+=:,./-", *p) == NULL)
			plain = 0;
	if (plain) {
		nt_buf_adds(out, s);
		return;
	}
	nt_buf_addc(out, '\'');
	for (p = s; *p != '\0'; p++) {
		if (*p == '\'')
			nt_buf_adds(out, "'\\''");
		else
			nt_buf_addc(out, *p);
	}
	nt_buf_addc(out, '\'');
}

/* Expand a scalar; on failure, a problem at its node and NULL. */
static char *
scalar(struct nt_pipe *p, const struct nt_ynode *n, const char *what,
    struct nt_buf *errs, size_t *nerr)
{
	struct nt_buf out = NT_BUF_INIT, err = NT_BUF_INIT;
	char *s;

	if (n->type != NT_YSCALAR) {
		problem(errs, nerr, p->file, n, "%s must be a %s, not a %s",
		    what, "single value", n->type == NT_YMAP ? "mapping" :
		    "list");
		return NULL;
	}
	if (nt_pipe_expand(n->s, &out, &err) < 0) {
		problem(errs, nerr, p->file, n, "%s", err.p);
		nt_buf_free(&out);
		nt_buf_free(&err);
		return NULL;
	}
	s = nt_estrndup(out.p, out.len);
	nt_buf_free(&out);
	nt_buf_free(&err);
	return s;
}

/* A plain scalar that YAML reads as null: nothing, "~" or "null". */
static int
isnull(const struct nt_ynode *n)
{
	return n->type == NT_YSCALAR && n->plain && (n->s[0] == '\0' ||
	    strcmp(n->s, "~") == 0 || strcmp(n->s, "null") == 0 ||
	    strcmp(n->s, "Null") == 0 || strcmp(n->s, "NULL") == 0);
}

static int
executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    access(path, X_OK) == 0;
}

/* The real path of an executable prog in dir, or NULL. */
static char *
indir(const char *dir, const char *prog)
{
	struct nt_buf b = NT_BUF_INIT;
	char *found = NULL;

	nt_buf_printf(&b, "%s/%s", dir, prog);
	if (executable(b.p))
		found = realpath(b.p, NULL);
	nt_buf_free(&b);
	return found;
}

/* prog on PATH, for a foreign program the pipeline allows; or NULL. */
static char *
onpath(const char *prog)
{
	struct nt_buf b = NT_BUF_INIT;
	const char *path, *dir, *colon;
	char *found = NULL;

	if ((path = getenv("PATH")) == NULL)
		return NULL;
	for (dir = path; found == NULL; dir = colon + 1) {
		colon = strchr(dir, ':');
		nt_buf_reset(&b);
		if (colon == NULL)
			colon = dir + strlen(dir);
		if (colon == dir)
			nt_buf_adds(&b, ".");
		else
			nt_buf_add(&b, dir, (size_t)(colon - dir));
		nt_buf_printf(&b, "/%s", prog);
		if (executable(b.p))
			found = nt_estrdup(b.p);
		if (*colon == '\0')
			break;
	}
	nt_buf_free(&b);
	return found;
}

static int
allowed(const struct nt_pipe *p, const char *prog)
{
	size_t i;

	for (i = 0; i < p->nallow; i++)
		if (strcmp(p->allow[i], prog) == 0)
			return 1;
	return 0;
}

/*
 * Find step s's program.  An ntools program is a plain name found
 * beside npipe or in BINDIR: the places ntools was built or installed.
 * Anything else (a path, a name found only on PATH) is never run, not
 * even to check it, unless the pipeline allows it and the user said
 * --allow-foreign; a pipeline file alone cannot make npipe run a program
 * of its choosing.
 */
static void
findprog(struct nt_pipe *p, struct nt_pstep *s, const char *selfdir,
    int allow_foreign, struct nt_buf *errs, size_t *nerr)
{
	const char *prog = s->prog;
	int plain = strchr(prog, '/') == NULL;
	char *other;

	if (plain && selfdir != NULL)
		s->path = indir(selfdir, prog);
	if (plain && s->path == NULL)
		s->path = indir(NT_BINDIR, prog);
	if (s->path != NULL)
		return;
	if (allowed(p, prog) && allow_foreign) {
		s->foreign = 1;
		if (!plain)
			s->path = executable(prog) ? nt_estrdup(prog) : NULL;
		else
			s->path = onpath(prog);
		if (s->path == NULL)
			problem(errs, nerr, p->file, s->node, "unknown program "
			    "'%s' (allowed, but not found)", prog);
		return;
	}
	other = plain ? onpath(prog) : NULL;
	if (plain && other == NULL)
		problem(errs, nerr, p->file, s->node, "unknown program '%s' "
		    "(no ntools program of that name beside npipe or "
		    "installed)", prog);
	else if (allowed(p, prog))
		problem(errs, nerr, p->file, s->node, "program '%s' is "
		    "allowed by the pipeline but runs only with "
		    "--allow-foreign", prog);
	else
		problem(errs, nerr, p->file, s->node, "program '%s' is not an "
		    "ntools program; to run it, list it under 'allow' and "
		    "give --allow-foreign", prog);
	free(other);
}

static int
validname(const char *s, const char *extra)
{
	const char *q;

	if (*s == '\0')
		return 0;
	for (q = s; *q != '\0'; q++)
		if (!varchar((unsigned char)*q) && strchr(extra, *q) == NULL)
			return 0;
	return 1;
}

/* What the step's program says of option name; NULL if it has none. */
static const struct nt_poptdesc *
optdesc(const struct nt_pstep *s, const char *name)
{
	size_t i;

	for (i = 0; s->desc != NULL && i < s->desc->nopt; i++)
		if (strcmp(s->desc->opt[i].name, name) == 0)
			return &s->desc->opt[i];
	return NULL;
}

static void
addopt(struct nt_pstep *s, const char *name, const char *value,
    const struct nt_ynode *key, const struct nt_ynode *val)
{
	struct nt_popt *o;
	struct nt_buf b = NT_BUF_INIT;

	s->opt = nt_ereallocarray(s->opt, s->nopt + 1, sizeof(*s->opt));
	o = &s->opt[s->nopt++];
	o->name = nt_estrdup(name);
	o->value = value ? nt_estrdup(value) : NULL;
	nt_buf_printf(&b, "--%s", name);
	if (value != NULL)
		nt_buf_printf(&b, "=%s", value);
	o->arg = nt_estrndup(b.p, b.len);
	o->key = key;
	o->val = val;
	nt_buf_free(&b);
}

/* Is k a name a step may give?  If not, say why. */
static int
optname_ok(struct nt_pipe *p, const struct nt_ynode *k, struct nt_buf *errs,
    size_t *nerr)
{
	size_t i;

	if (k->type != NT_YSCALAR || !validname(k->s, "-") || k->s[0] == '-') {
		problem(errs, nerr, p->file, k, "'%s' is not an option name "
		    "(letters, digits, '-' and '_')", k->type == NT_YSCALAR ?
		    k->s : "");
		return 0;
	}
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strcmp(k->s, reserved[i]) == 0) {
			problem(errs, nerr, p->file, k, "option '%s' is npipe's "
			    "to give, not a step's%s", k->s,
			    strcmp(k->s, "output") == 0 ? " (use the top-level "
			    "output)" : "");
			return 0;
		}
	return 1;
}

/* A single value: a flag's true or false, or an option's value. */
static void
loadscalar(struct nt_pipe *p, struct nt_pstep *s, const struct nt_ynode *k,
    const struct nt_ynode *v, const struct nt_poptdesc *d,
    struct nt_buf *errs, size_t *nerr)
{
	char *val;
	int b = -1;

	if ((val = scalar(p, v, "an option", errs, nerr)) == NULL)
		return;
	if (v->plain && strcmp(val, "true") == 0)
		b = 1;
	else if (v->plain && strcmp(val, "false") == 0)
		b = 0;
	if (d != NULL && !d->arg && b < 0)
		problem(errs, nerr, p->file, v, "option '%s' for %s is a "
		    "flag: true or false", k->s, s->prog);
	else if (d != NULL && d->arg && b >= 0)
		problem(errs, nerr, p->file, v, "option '%s' for %s takes a "
		    "value, not true or false", k->s, s->prog);
	else if (b == 1)
		addopt(s, k->s, NULL, k, v);
	else if (b == -1)
		addopt(s, k->s, val, k, v);
	free(val);
}

/*
 * A list: the option once per item when the program takes it so, else
 * one comma-separated value (a foreign program's lists too).
 */
static void
loadlist(struct nt_pipe *p, struct nt_pstep *s, const struct nt_ynode *k,
    const struct nt_ynode *v, const struct nt_poptdesc *d,
    struct nt_buf *errs, size_t *nerr)
{
	struct nt_buf joined = NT_BUF_INIT;
	char *val;
	size_t i;
	int rep = d != NULL && d->use == NT_USE_REPEAT;

	if (v->n == 0) {
		problem(errs, nerr, p->file, v, "option '%s' for %s has an "
		    "empty list", k->s, s->prog);
		return;
	}
	if (d != NULL && (!d->arg || d->use == NT_USE_ONCE)) {
		problem(errs, nerr, p->file, v, "option '%s' for %s %s", k->s,
		    s->prog, d->arg ? "takes one value, not a list" :
		    "is a flag: true or false");
		return;
	}
	for (i = 0; i < v->n; i++) {
		if (v->kid[i]->type != NT_YSCALAR || isnull(v->kid[i])) {
			problem(errs, nerr, p->file, v->kid[i], "the list for "
			    "option '%s' may hold only values", k->s);
			continue;
		}
		if ((val = scalar(p, v->kid[i], "a list item", errs, nerr)) ==
		    NULL)
			continue;
		if (rep)
			addopt(s, k->s, val, k, v->kid[i]);
		else {
			if (i > 0)
				nt_buf_addc(&joined, ',');
			nt_buf_adds(&joined, val);
		}
		free(val);
	}
	if (!rep)
		addopt(s, k->s, joined.p ? joined.p : "", k, v);
	nt_buf_free(&joined);
}

static void
loadopt(struct nt_pipe *p, struct nt_pstep *s, const struct nt_ynode *k,
    const struct nt_ynode *v, struct nt_buf *errs, size_t *nerr)
{
	const struct nt_poptdesc *d = NULL;
	size_t before;

	if (!optname_ok(p, k, errs, nerr))
		return;
	if (s->desc != NULL && (d = optdesc(s, k->s)) == NULL) {
		problem(errs, nerr, p->file, k, "unknown option '%s' for %s",
		    k->s, s->prog);
		return;
	}
	if (isnull(v)) {
		problem(errs, nerr, p->file, v, "option '%s' for %s has no "
		    "value (a flag is 'true')", k->s, s->prog);
		return;
	}
	if (v->type == NT_YMAP) {
		problem(errs, nerr, p->file, v, "option '%s' for %s must be a "
		    "value or a list, not a mapping", k->s, s->prog);
		return;
	}
	before = s->nopt;
	if (v->type == NT_YSCALAR)
		loadscalar(p, s, k, v, d, errs, nerr);
	else
		loadlist(p, s, k, v, d, errs, nerr);
	/* Only an option that was added is one (a bad value is not). */
	if (strcmp(k->s, "state") == 0 && s->nopt > before)
		s->stateopt = (long)before;
}

static void
loadstep(struct nt_pipe *p, const struct nt_ynode *item, const char *selfdir,
    int allow_foreign, struct nt_buf *errs, size_t *nerr)
{
	struct nt_pstep *s;
	const struct nt_ynode *name, *opts = NULL;
	struct nt_buf why = NT_BUF_INIT;
	size_t i, j;

	if (item->type == NT_YSCALAR)
		name = item;
	else if (item->type == NT_YMAP && item->n >= 2) {
		name = item->kid[0];
		opts = item->kid[1];
		if (item->n > 2) {
			problem(errs, nerr, p->file, item->kid[2], "a step "
			    "names one program; indent '%s' under '%s' to "
			    "make it an option", item->kid[2]->type ==
			    NT_YSCALAR ? item->kid[2]->s : "",
			    name->type == NT_YSCALAR ? name->s : "");
			return;
		}
	} else {
		problem(errs, nerr, p->file, item, "a step is a program's "
		    "name, or its name with a mapping of options");
		return;
	}
	if (name->type != NT_YSCALAR || isnull(name) ||
	    strpbrk(name->s, " \t\n") != NULL) {
		problem(errs, nerr, p->file, name, "a step must begin with a "
		    "program's name");
		return;
	}
	p->step = nt_ereallocarray(p->step, p->nstep + 1, sizeof(*p->step));
	s = &p->step[p->nstep++];
	memset(s, 0, sizeof(*s));
	s->prog = nt_estrdup(name->s);
	s->node = name;
	s->stateopt = -1;
	findprog(p, s, selfdir, allow_foreign, errs, nerr);
	if (s->path != NULL && !s->foreign &&
	    (s->desc = nt_pipe_describe(p, s->path, &why)) == NULL)
		problem(errs, nerr, p->file, name, "step %zu (%s): %s",
		    p->nstep, s->prog, why.p);
	nt_buf_free(&why);
	if (opts == NULL || isnull(opts))
		return;
	if (opts->type != NT_YMAP) {
		problem(errs, nerr, p->file, opts, "the options of %s must be "
		    "a mapping (name: value)", s->prog);
		return;
	}
	for (i = 0; i + 1 < opts->n; i += 2) {
		for (j = 0; j < i; j += 2)
			if (opts->kid[i]->type == NT_YSCALAR &&
			    opts->kid[j]->type == NT_YSCALAR &&
			    strcmp(opts->kid[i]->s, opts->kid[j]->s) == 0)
				break;
		if (j < i) {
			problem(errs, nerr, p->file, opts->kid[i], "option "
			    "'%s' given twice (first at line %zu)",
			    opts->kid[i]->s, opts->kid[j]->line);
			continue;
		}
		loadopt(p, s, opts->kid[i], opts->kid[i + 1], errs, nerr);
	}
}

/*
 * A name, or a list of names, under key: each appended to *list.  want
 * says what a name must be, for the message.
 */
static void
loadnames(struct nt_pipe *p, const struct nt_ynode *v, const char *key,
    const char *want, char ***list, size_t *nlist, struct nt_buf *errs,
    size_t *nerr)
{
	const struct nt_ynode *const *items = &v;
	size_t n = 1, i;
	char *s;

	if (v->type == NT_YSEQ) {
		items = (const struct nt_ynode *const *)v->kid;
		n = v->n;
	}
	for (i = 0; i < n; i++) {
		if (items[i]->type != NT_YSCALAR || isnull(items[i])) {
			problem(errs, nerr, p->file, items[i], "%s must be %s, "
			    "or a list of them", key, want);
			continue;
		}
		if ((s = scalar(p, items[i], key, errs, nerr)) == NULL)
			continue;
		*list = nt_ereallocarray(*list, *nlist + 1, sizeof(**list));
		(*list)[(*nlist)++] = s;
	}
}

/* The file's base name without a .yaml or .yml ending. */
static char *
defaultname(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".yaml") == 0)
		n -= 5;
	else if (n > 4 && strcmp(base + n - 4, ".yml") == 0)
		n -= 4;
	return nt_estrndup(base, n);
}

/*
 * Two steps of one pipeline on one state file would wait for each other:
 * each holds its state until npipe commits the run (pipe_run.c).
 */
static void
sharedstate(struct nt_pipe *p, struct nt_buf *errs, size_t *nerr)
{
	const struct nt_popt *a, *b;
	size_t i, j;

	for (j = 1; j < p->nstep; j++) {
		if (p->step[j].stateopt < 0)
			continue;
		b = &p->step[j].opt[p->step[j].stateopt];
		for (i = 0; i < j && b->value != NULL; i++) {
			if (p->step[i].stateopt < 0)
				continue;
			a = &p->step[i].opt[p->step[i].stateopt];
			if (a->value == NULL || strcmp(a->value, b->value) != 0)
				continue;
			problem(errs, nerr, p->file, b->val, "state file '%s' "
			    "is step %zu's already (line %zu): two steps cannot "
			    "share one", b->value, i + 1, a->val->line);
			break;
		}
	}
}

size_t
nt_pipe_load(struct nt_pipe *p, const char *path, const char *selfdir,
    int allow_foreign, struct nt_buf *errs)
{
	struct nt_buf err = NT_BUF_INIT;
	const struct nt_ynode *k, *v, *steps = NULL;
	size_t nerr = 0, i, j, t;
	int b;

	memset(p, 0, sizeof(*p));
	p->file = nt_estrdup(path);
	if ((p->root = nt_yaml_load(path, &err)) == NULL) {
		nt_buf_add(errs, err.p, err.len);
		nt_buf_addc(errs, '\n');
		nt_buf_free(&err);
		return 1;
	}
	nt_buf_free(&err);
	if (p->root->type != NT_YMAP) {
		problem(errs, &nerr, path, p->root, "a pipeline is a mapping "
		    "with at least 'steps'");
		return nerr;
	}
	for (i = 0; i + 1 < p->root->n; i += 2) {
		k = p->root->kid[i];
		v = p->root->kid[i + 1];
		for (t = 0; t < sizeof(topkeys) / sizeof(topkeys[0]); t++)
			if (k->type == NT_YSCALAR &&
			    strcmp(k->s, topkeys[t]) == 0)
				break;
		if (t == sizeof(topkeys) / sizeof(topkeys[0])) {
			problem(errs, &nerr, path, k, "unknown key '%s' (known: "
			    "name, input, output, append, state, steps, allow)",
			    k->type == NT_YSCALAR ? k->s : "");
			continue;
		}
		for (j = 0; j < i; j += 2)
			if (p->root->kid[j]->type == NT_YSCALAR &&
			    strcmp(p->root->kid[j]->s, k->s) == 0)
				break;
		if (j < i) {
			problem(errs, &nerr, path, k, "key '%s' given twice "
			    "(first at line %zu)", k->s,
			    p->root->kid[j]->line);
			continue;
		}
		switch (t) {
		case 0:
			if ((p->name = scalar(p, v, "name", errs, &nerr)) !=
			    NULL && !validname(p->name, ".-")) {
				problem(errs, &nerr, path, v, "name '%s' may "
				    "hold only letters, digits, '.', '-' and "
				    "'_'", p->name);
			}
			break;
		case 1:
			loadnames(p, v, "input", "a file name or glob",
			    &p->input, &p->ninput, errs, &nerr);
			break;
		case 2:
			p->output = scalar(p, v, "output", errs, &nerr);
			if (p->output != NULL && *p->output == '\0')
				problem(errs, &nerr, path, v, "output is empty "
				    "('-' is standard output)");
			break;
		case 3:
			if ((b = nt_ybool(v)) < 0)
				problem(errs, &nerr, path, v, "append must be "
				    "true or false");
			else
				p->append = b;
			break;
		case 4:
			p->state = scalar(p, v, "state", errs, &nerr);
			if (p->state != NULL && *p->state == '\0')
				problem(errs, &nerr, path, v, "state is empty");
			break;
		case 5:
			steps = v;
			break;
		case 6:
			/* the foreign programs the pipeline may run */
			loadnames(p, v, "allow", "a program's name or path",
			    &p->allow, &p->nallow, errs, &nerr);
			break;
		}
	}
	if (p->name == NULL)
		p->name = defaultname(path);
	if (steps == NULL)
		problem(errs, &nerr, path, p->root, "no 'steps'");
	else if (steps->type != NT_YSEQ || steps->n == 0)
		problem(errs, &nerr, path, steps, "steps must be a list of at "
		    "least one step");
	else
		for (i = 0; i < steps->n; i++)
			loadstep(p, steps->kid[i], selfdir, allow_foreign, errs,
			    &nerr);
	sharedstate(p, errs, &nerr);
	return nerr;
}

/* "--name" in s, not followed by more of a name: where, or NULL. */
static const char *
findopt(const char *s, const char *name)
{
	size_t n = strlen(name);
	const char *q;

	for (q = s; (q = strstr(q, "--")) != NULL; q += 2)
		if (strncmp(q + 2, name, n) == 0 &&
		    !varchar((unsigned char)q[n + 2]) && q[n + 2] != '-')
			return q;
	return NULL;
}

/* value in s as a whole word (bounded by quotes, blanks, ':' ...). */
static int
findvalue(const char *s, const char *value)
{
	size_t n = strlen(value);
	const char *q;

	if (n < 2)
		return 0;
	for (q = s; (q = strstr(q, value)) != NULL; q++)
		if ((q == s || strchr(" '\"`:=,(", q[-1]) != NULL) &&
		    (q[n] == '\0' || strchr(" '\"`:,)", q[n]) != NULL))
			return 1;
	return 0;
}

/* Turn one complaint line of a step's --check into a problem. */
static void
complaint(struct nt_pipe *p, size_t idx, const char *line,
    struct nt_buf *errs, size_t *nerr)
{
	const struct nt_pstep *s = &p->step[idx];
	const char *base = strrchr(s->prog, '/'), *msg = line;
	size_t i, n;

	base = base ? base + 1 : s->prog;
	n = strlen(base);
	if (strncmp(line, base, n) == 0 && line[n] == ':' && line[n + 1] == ' ')
		msg = line + n + 2;
	for (i = 0; i < s->nopt; i++)
		if (findopt(msg, s->opt[i].name) != NULL) {
			if (strstr(msg, "unrecognized option") != NULL ||
			    strstr(msg, "unknown option") != NULL)
				problem(errs, nerr, p->file, s->opt[i].key,
				    "unknown option '%s' for %s",
				    s->opt[i].name, s->prog);
			else
				problem(errs, nerr, p->file, s->opt[i].key,
				    "step %zu (%s): %s", idx + 1, s->prog, msg);
			return;
		}
	for (i = 0; i < s->nopt; i++)
		if (s->opt[i].value != NULL &&
		    findvalue(msg, s->opt[i].value)) {
			problem(errs, nerr, p->file, s->opt[i].val,
			    "step %zu (%s): %s", idx + 1, s->prog, msg);
			return;
		}
	problem(errs, nerr, p->file, s->node, "step %zu (%s): %s", idx + 1,
	    s->prog, msg);
}

/* Run one step with --check; its stderr into out.  Returns a status. */
/*
 * Start path with argv and the file actions fa, signals unblocked, and
 * SIGPIPE, SIGINT, SIGTERM and SIGHUP at their defaults whatever npipe
 * does with them.  Returns 0 or an errno value.
 */
int
nt_pipe_spawn(pid_t *pid, const char *path, char **argv,
    const posix_spawn_file_actions_t *fa, char **envp)
{
	posix_spawnattr_t attr;
	sigset_t def, none;
	int e;

	sigemptyset(&none);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	sigaddset(&def, SIGINT);
	sigaddset(&def, SIGTERM);
	sigaddset(&def, SIGHUP);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF);
	e = posix_spawn(pid, path, fa, &attr, argv, envp ? envp : environ);
	posix_spawnattr_destroy(&attr);
	return e;
}

static int
checkone(const struct nt_pstep *s, struct nt_buf *out)
{
	char **argv;
	size_t i;
	int st;

	argv = nt_ecalloc(s->nopt + 3, sizeof(*argv));
	argv[0] = s->prog;
	argv[1] = (char *)"--check";
	for (i = 0; i < s->nopt; i++)
		argv[i + 2] = s->opt[i].arg;
	st = nt_pipe_capture(s->path, argv, 2, out);
	free(argv);
	return st;
}

int
nt_pipe_check(struct nt_pipe *p, struct nt_buf *errs)
{
	struct nt_buf out = NT_BUF_INIT;
	size_t i, nerr = 0, said;
	char *line, *nl;
	int st, first = 0;

	for (i = 0; i < p->nstep; i++) {
		if (p->step[i].path == NULL || p->step[i].foreign)
			continue;
		empty(&out);
		if ((st = checkone(&p->step[i], &out)) == 0)
			continue;
		if (first == 0)
			first = st;
		said = nerr;
		for (line = out.p; *line != '\0'; line = nl) {
			if ((nl = strchr(line, '\n')) != NULL)
				*nl++ = '\0';
			else
				nl = line + strlen(line);
			/* The usage lines after an option error add nothing. */
			if (*line == '\0' || *line == ' ' || *line == '\t' ||
			    strncmp(line, "usage:", 6) == 0 ||
			    strncmp(line, "Try '", 5) == 0)
				continue;
			complaint(p, i, line, errs, &nerr);
		}
		if (nerr == said)
			problem(errs, &nerr, p->file, p->step[i].node,
			    "step %zu (%s): --check failed with status %d",
			    i + 1, p->step[i].prog, st);
	}
	nt_buf_free(&out);
	return first;
}

static void
shellinput(char **in, size_t n, struct nt_buf *out, int first)
{
	size_t i;

	if (n == 1 && strcmp(in[0], "-") != 0) {
		nt_buf_adds(out, " < ");
		nt_shquote(out, in[0]);
		return;
	}
	if (!first)
		return;
	for (i = 0; i < n; i++)
		if (strcmp(in[i], "-") != 0)
			break;
	if (i == n)
		return;
	nt_buf_adds(out, "cat --");
	for (i = 0; i < n; i++) {
		nt_buf_addc(out, ' ');
		nt_shquote(out, in[i]);
	}
	nt_buf_adds(out, " | ");
}

void
nt_pipe_shell(const struct nt_pipe *p, char **inputs, size_t ninputs,
    struct nt_buf *out)
{
	char **in = ninputs > 0 ? inputs : p->input;
	size_t nin = ninputs > 0 ? ninputs : p->ninput, i, j;

	if (nin > 1)
		shellinput(in, nin, out, 1);
	for (i = 0; i < p->nstep; i++) {
		if (i > 0)
			nt_buf_adds(out, " | ");
		nt_shquote(out, p->step[i].path ? p->step[i].path :
		    p->step[i].prog);
		for (j = 0; j < p->step[i].nopt; j++) {
			nt_buf_addc(out, ' ');
			nt_shquote(out, p->step[i].opt[j].arg);
		}
		if (i == 0 && nin == 1)
			shellinput(in, nin, out, 0);
	}
	if (p->output != NULL && strcmp(p->output, "-") != 0) {
		nt_buf_adds(out, p->append ? " >> " : " > ");
		nt_shquote(out, p->output);
	}
	nt_buf_addc(out, '\n');
}

/* s as a DOT string: quotes and backslashes escaped. */
static void
dotstr(struct nt_buf *out, const char *s)
{
	nt_buf_addc(out, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			nt_buf_addc(out, '\\');
		if (*s == '\n')
			nt_buf_adds(out, "\\n");
		else
			nt_buf_addc(out, *s);
	}
	nt_buf_addc(out, '"');
}

void
nt_pipe_dot(const struct nt_pipe *p, char **inputs, size_t ninputs,
    struct nt_buf *out)
{
	char **in = ninputs > 0 ? inputs : p->input;
	size_t nin = ninputs > 0 ? ninputs : p->ninput, i, j;
	struct nt_buf label = NT_BUF_INIT;

	nt_buf_adds(out, "digraph ");
	dotstr(out, p->name);
	nt_buf_adds(out, " {\n\trankdir=LR;\n\tnode [shape=box];\n");
	for (i = 0; i < nin; i++) {
		nt_buf_printf(out, "\tin%zu [shape=note, label=", i);
		dotstr(out, strcmp(in[i], "-") == 0 ? "stdin" : in[i]);
		nt_buf_printf(out, "];\n\tin%zu -> step1;\n", i);
	}
	if (nin == 0)
		nt_buf_adds(out, "\tin0 [shape=note, label=\"stdin\"];\n"
		    "\tin0 -> step1;\n");
	for (i = 0; i < p->nstep; i++) {
		nt_buf_reset(&label);
		nt_buf_adds(&label, p->step[i].prog);
		for (j = 0; j < p->step[i].nopt; j++) {
			nt_buf_addc(&label, '\n');
			nt_buf_adds(&label, p->step[i].opt[j].arg);
		}
		nt_buf_printf(out, "\tstep%zu [label=", i + 1);
		dotstr(out, label.p);
		nt_buf_adds(out, "];\n");
		if (i > 0)
			nt_buf_printf(out, "\tstep%zu -> step%zu;\n", i,
			    i + 1);
	}
	nt_buf_adds(out, "\tout [shape=note, label=");
	dotstr(out, p->output == NULL || strcmp(p->output, "-") == 0 ?
	    "stdout" : p->output);
	nt_buf_printf(out, "];\n\tstep%zu -> out;\n}\n", p->nstep);
	nt_buf_free(&label);
}

struct errline {
	const char	*s;
	size_t		 len, line, col, seq;
};

static int
errcmp(const void *a, const void *b)
{
	const struct errline *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
nt_pipe_errsort(const struct nt_pipe *p, struct nt_buf *errs)
{
	struct nt_buf out = NT_BUF_INIT;
	struct errline *e = NULL;
	size_t n = 0, i, flen = strlen(p->file);
	const char *q, *nl;
	char *end;

	for (q = errs->p; q != NULL && (nl = strchr(q, '\n')) != NULL;
	    q = nl + 1) {
		e = nt_ereallocarray(e, n + 1, sizeof(*e));
		e[n].s = q;
		e[n].len = (size_t)(nl - q) + 1;
		e[n].line = e[n].col = 0;
		e[n].seq = n;
		if (strncmp(q, p->file, flen) == 0 && q[flen] == ':') {
			e[n].line = strtoul(q + flen + 1, &end, 10);
			if (*end == ':')
				e[n].col = strtoul(end + 1, NULL, 10);
		}
		n++;
	}
	qsort(e, n, sizeof(*e), errcmp);
	for (i = 0; i < n; i++)
		nt_buf_add(&out, e[i].s, e[i].len);
	free(e);
	nt_buf_reset(errs);
	nt_buf_add(errs, out.p, out.len);
	nt_buf_free(&out);
}

void
nt_pipe_free(struct nt_pipe *p)
{
	size_t i, j;

	if (p == NULL)
		return;
	for (i = 0; i < p->nstep; i++) {
		for (j = 0; j < p->step[i].nopt; j++) {
			free(p->step[i].opt[j].name);
			free(p->step[i].opt[j].arg);
			free(p->step[i].opt[j].value);
		}
		free(p->step[i].opt);
		free(p->step[i].prog);
		free(p->step[i].path);
	}
	free(p->step);
	for (i = 0; i < p->nallow; i++)
		free(p->allow[i]);
	free(p->allow);
	for (i = 0; i < p->ndesc; i++)
		nt_pdesc_free(p->desc[i]);
	free(p->desc);
	for (i = 0; i < p->ninput; i++)
		free(p->input[i]);
	free(p->input);
	free(p->output);
	free(p->state);
	free(p->name);
	free(p->file);
	nt_ynode_free(p->root);
	memset(p, 0, sizeof(*p));
}
