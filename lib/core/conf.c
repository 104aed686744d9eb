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
		nt_buf_printf(err, "%s:%zu:%zu: %s", path, n->line, n->col, msg);
	else
		nt_buf_printf(err, "%s: %s", path, msg);
	free(msg);
}

struct nt_ynode *
nt_yaml_parse(const char *name, const char *p, size_t len, struct nt_buf *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct nt_ynode *root = NULL, *n, **stack = NULL;
	size_t depth = 0, cap = 0;
	int done = 0, docs = 0;

	if (!yaml_parser_initialize(&parser))
		nt_fatalx("cannot initialise the YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)p, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			nt_buf_reset(err);
			nt_buf_printf(err, "%s:%zu:%zu: %s", name,
			    parser.problem_mark.line + 1,
			    parser.problem_mark.column + 1,
			    parser.problem ? parser.problem : "YAML error");
			goto fail;
		}
		n = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				nt_buf_reset(err);
				nt_buf_printf(err, "%s:%zu:%zu: only one YAML "
				    "document is allowed", name,
				    ev.start_mark.line + 1,
				    ev.start_mark.column + 1);
				yaml_event_delete(&ev);
				goto fail;
			}
			break;
		case YAML_ALIAS_EVENT:
			nt_buf_reset(err);
			nt_buf_printf(err, "%s:%zu:%zu: aliases are not "
			    "allowed", name, ev.start_mark.line + 1,
			    ev.start_mark.column + 1);
			yaml_event_delete(&ev);
			goto fail;
		case YAML_SCALAR_EVENT:
			n = node(NT_YSCALAR, &ev.start_mark);
			n->s = nt_estrndup((const char *)ev.data.scalar.value,
			    ev.data.scalar.length);
			n->len = ev.data.scalar.length;
			n->plain = ev.data.scalar.style ==
			    YAML_PLAIN_SCALAR_STYLE;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			n = node(ev.type == YAML_SEQUENCE_START_EVENT ?
			    NT_YSEQ : NT_YMAP, &ev.start_mark);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		if (n != NULL) {
			if (depth > 0)
				add(stack[depth - 1], n);
			else if (root == NULL)
				root = n;
			else
				nt_ynode_free(n);
			if (n->type != NT_YSCALAR) {
				if (depth == cap) {
					cap = cap ? cap * 2 : 8;
					stack = nt_ereallocarray(stack, cap,
					    sizeof(*stack));
				}
				stack[depth++] = n;
			}
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	free(stack);
	if (root == NULL) {
		yaml_mark_t m = { 0, 0, 0 };

		root = node(NT_YMAP, &m);
	}
	return root;
fail:
	yaml_parser_delete(&parser);
	free(stack);
	nt_ynode_free(root);
	return NULL;
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
	while ((n = fread(tmp, 1, sizeof(tmp), fp)) > 0)
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
