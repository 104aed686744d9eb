/* Unit tests for lib/conf.c: the tree, and where errors point. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/conf.h"
#include "t.h"

/* A document of n nested flow lists: "a: [[...]]". */
static char *
nested(size_t n, size_t *len)
{
	char *p = malloc(2 * n + 4);
	size_t i;

	memcpy(p, "a: ", 3);
	for (i = 0; i < n; i++) {
		p[3 + i] = '[';
		p[3 + n + i] = ']';
	}
	*len = 3 + 2 * n;
	p[*len] = '\0';
	return p;
}

static void
limits(void)
{
	struct nt_buf err = NT_BUF_INIT;
	struct nt_ynode *root;
	char *p;
	size_t len;

	/* The mapping is one level, so 63 lists make 64. */
	p = nested(NT_YAML_MAXDEPTH - 1, &len);
	root = nt_yaml_parse("d.yaml", p, len, &err);
	ok(root != NULL, "64 levels of nesting are read");
	nt_ynode_free(root);
	free(p);
	p = nested(NT_YAML_MAXDEPTH, &len);
	root = nt_yaml_parse("d.yaml", p, len, &err);
	ok(root == NULL && strcmp(err.p,
	    "d.yaml:1:67: nested deeper than 64 levels") == 0,
	    "65 levels are refused where the 65th opens");
	free(p);
	p = nested(100000, &len);
	root = nt_yaml_parse("d.yaml", p, len, &err);
	ok(root == NULL && strstr(err.p, "nested deeper") != NULL,
	    "100,000 nested lists are refused");
	free(p);
	p = calloc(1, NT_YAML_MAXSIZE + 2);
	memset(p, ' ', NT_YAML_MAXSIZE + 1);
	root = nt_yaml_parse("big.yaml", p, NT_YAML_MAXSIZE + 1, &err);
	ok(root == NULL && strcmp(err.p, "big.yaml:1:1: larger than 16 MiB")
	    == 0, "a document over the size limit is refused");
	free(p);
	nt_buf_free(&err);
}

int
main(void)
{
	struct nt_buf err = NT_BUF_INIT;
	struct nt_ynode *root, *v;
	const char *doc = "name: news\nsteps:\n  - nclean: {explain: true}\n"
	    "  - ndedupe:\n      threshold: 0.8\nflag: \"true\"\n";

	root = nt_yaml_parse("p.yaml", doc, strlen(doc), &err);
	ok(root != NULL && root->type == NT_YMAP, "parses a mapping");
	v = nt_ymap_get(root, "steps");
	ok(v != NULL && v->type == NT_YSEQ && v->n == 2, "a sequence of 2");
	ok(v != NULL && v->kid[1]->line == 4 && v->kid[1]->col == 5,
	    "remembers line 4, column 5");
	v = v ? nt_ymap_get(v->kid[1], "ndedupe") : NULL;
	v = nt_ymap_get(v, "threshold");
	ok(v != NULL && strcmp(v->s, "0.8") == 0 && v->line == 5 &&
	    v->col == 18, "a nested scalar and its position");
	ok(nt_ybool(nt_ymap_get(root, "flag")) == -1,
	    "a quoted \"true\" is not a boolean");
	nt_ynode_free(root);

	root = nt_yaml_parse("a.yaml", "a: &x 1\nb: *x\n", 14, &err);
	ok(root == NULL && strcmp(err.p, "a.yaml:2:4: aliases are not allowed")
	    == 0, "aliases are refused with a position");
	root = nt_yaml_parse("b.yaml", "a: [1, 2\n", 9, &err);
	ok(root == NULL && strncmp(err.p, "b.yaml:2:1: ", 12) == 0,
	    "a syntax error names file:line:col");
	root = nt_yaml_parse("c.yaml", "", 0, &err);
	ok(root != NULL && root->type == NT_YMAP && root->n == 0,
	    "an empty file is an empty mapping");
	nt_ynode_free(root);
	nt_buf_free(&err);
	limits();
	return done();
}
