#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "core/util.h"
#include "core/conf.h"

static struct nt_ynode *
node(enum nt_ytype t, const yaml_mark_t *m)
{
	struct nt_ynode *n = nt_ecalloc(1, sizeof(*n));

	n->type = t;
	n->line = m->line + 1;
	n->col = m->column + 1;
	return n;
}

static void
add(struct nt_ynode *parent, struct nt_ynode *kid)
{
	parent->kid = nt_ereallocarray(parent->kid, parent->n + 1,
	    sizeof(*parent->kid));
	parent->kid[parent->n++] = kid;
}

/*
 * Append msg with its control characters written out, so that a message
 * quoting a value (a key with a line break in it, say) stays one line.
 */
static void
addline(struct nt_buf *err, const char *msg)
{
	static const char esc[] = "\tt\nn\rr";
	const char *e;

	for (; *msg != '\0'; msg++) {
		if ((unsigned char)*msg >= 0x20 && *msg != 0x7f)
			nt_buf_addc(err, *msg);
		else if ((e = strchr(esc, *msg)) != NULL && *msg != '\0')
			nt_buf_printf(err, "\\%c", e[1]);
		else
			nt_buf_printf(err, "\\x%02x", (unsigned char)*msg);
	}
}

void
nt_yerr(struct nt_buf *err, const char *path, const struct nt_ynode *n,
    const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = nt_emalloc((size_t)(len < 0 ? 0 : len) + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)len + 1, fmt, ap);
	va_end(ap);
	nt_buf_reset(err);
	if (n != NULL)
		nt_buf_printf(err, "%s:%zu:%zu: ", path, n->line, n->col);
	else
		nt_buf_printf(err, "%s: ", path);
	addline(err, msg);
	free(msg);
}

/* What nt_yaml_parse keeps between events. */
struct ybuild {
	const char	*name;
	struct nt_ynode	*root;
	struct nt_ynode	**stack;	/* open sequences and mappings */
	size_t		 depth, cap;
	int		 docs;
	struct nt_buf	*err;
};

static int
yfail(struct ybuild *b, const yaml_mark_t *m, const char *msg)
{
	nt_buf_reset(b->err);
	nt_buf_printf(b->err, "%s:%zu:%zu: %s", b->name, m->line + 1,
	    m->column + 1, msg);
	return -1;
}

/* Hang a new node under the innermost open collection (or make it the
 * root), and open it when it is a collection. */
static int
yplace(struct ybuild *b, struct nt_ynode *n, const yaml_mark_t *m)
{
	if (b->depth > 0)
		add(b->stack[b->depth - 1], n);
	else if (b->root == NULL)
		b->root = n;
	else
		nt_ynode_free(n);
	if (n->type == NT_YSCALAR)
		return 0;
	/* Refused here, before libyaml's scanner, whose cost per token
	 * grows with the nesting, makes a deep file slow to read. */
	if (b->depth >= NT_YAML_MAXDEPTH)
		return yfail(b, m, "nested deeper than "
		    NT_STR(NT_YAML_MAXDEPTH) " levels");
	if (b->depth == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 8;
		b->stack = nt_ereallocarray(b->stack, b->cap,
		    sizeof(*b->stack));
	}
	b->stack[b->depth++] = n;
	return 0;
}

/* One parser event: 1 at the end of the stream, 0 to go on, -1 failed. */
static int
yevent(struct ybuild *b, const yaml_event_t *ev)
{
	struct nt_ynode *n;

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++b->docs > 1)
			return yfail(b, &ev->start_mark,
			    "only one YAML document is allowed");
		return 0;
	case YAML_ALIAS_EVENT:
		return yfail(b, &ev->start_mark, "aliases are not allowed");
	case YAML_SCALAR_EVENT:
		n = node(NT_YSCALAR, &ev->start_mark);
		n->s = nt_estrndup((const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		n->len = ev->data.scalar.length;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		return yplace(b, n, &ev->start_mark);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		n = node(ev->type == YAML_SEQUENCE_START_EVENT ? NT_YSEQ :
		    NT_YMAP, &ev->start_mark);
		/* A key may be a collection: s is never NULL for strcmp. */
		n->s = nt_estrdup("");
		return yplace(b, n, &ev->start_mark);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		b->depth--;
		return 0;
	default:
		return 0;
	}
}

struct nt_ynode *
nt_yaml_parse(const char *name, const char *p, size_t len, struct nt_buf *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct ybuild b = { name, NULL, NULL, 0, 0, 0, err };
	int r = 0;

	if (len > NT_YAML_MAXSIZE) {
		yaml_mark_t m = { 0, 0, 0 };

		yfail(&b, &m, "larger than " NT_STR(NT_YAML_MAXMIB) " MiB");
		return NULL;
	}
	if (!yaml_parser_initialize(&parser))
		nt_fatalx("cannot initialise the YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)p, len);
	while (r == 0) {
		if (!yaml_parser_parse(&parser, &ev)) {
			r = yfail(&b, &parser.problem_mark, parser.problem ?
			    parser.problem : "YAML error");
			break;
		}
		r = yevent(&b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	free(b.stack);
	if (r < 0) {
		nt_ynode_free(b.root);
		return NULL;
	}
	if (b.root == NULL) {
		yaml_mark_t m = { 0, 0, 0 };

		b.root = node(NT_YMAP, &m);
		b.root->s = nt_estrdup("");
	}
	return b.root;
}

struct nt_ynode *
nt_yaml_load(const char *path, struct nt_buf *err)
{
	struct nt_buf data = NT_BUF_INIT;
	struct nt_ynode *root;
	FILE *fp;
	char tmp[65536];
	size_t n;

	if ((fp = fopen(path, "r")) == NULL) {
		nt_buf_reset(err);
		nt_buf_printf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	/* Read one byte past the limit, for nt_yaml_parse to refuse. */
	while (data.len <= NT_YAML_MAXSIZE &&
	    (n = fread(tmp, 1, sizeof(tmp), fp)) > 0)
		nt_buf_add(&data, tmp, n);
	if (ferror(fp)) {
		nt_buf_reset(err);
		nt_buf_printf(err, "%s: read error", path);
		fclose(fp);
		nt_buf_free(&data);
		return NULL;
	}
	fclose(fp);
	root = nt_yaml_parse(path, data.p ? data.p : "", data.len, err);
	nt_buf_free(&data);
	return root;
}

void
nt_ynode_free(struct nt_ynode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n; i++)
		nt_ynode_free(n->kid[i]);
	free(n->kid);
	free(n->s);
	free(n);
}

struct nt_ynode *
nt_ymap_get(const struct nt_ynode *m, const char *key)
{
	size_t i;

	if (m == NULL || m->type != NT_YMAP)
		return NULL;
	for (i = 0; i + 1 < m->n; i += 2)
		if (m->kid[i]->type == NT_YSCALAR &&
		    strcmp(m->kid[i]->s, key) == 0)
			return m->kid[i + 1];
	return NULL;
}

int
nt_ybool(const struct nt_ynode *n)
{
	if (n == NULL || n->type != NT_YSCALAR || !n->plain)
		return -1;
	if (strcmp(n->s, "true") == 0)
		return 1;
	if (strcmp(n->s, "false") == 0)
		return 0;
	return -1;
}
