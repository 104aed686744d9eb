/* Unit tests for lib/gaz: loading, the token trie, classes, errors. */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "text/gaz.h"
#include "text/tok.h"
#include "t.h"

static uint32_t
walk(const struct nt_gaz *g, const char *name)
{
	struct nt_toks tk = NT_TOKS_INIT;
	uint32_t node = 0;
	size_t i;

	nt_tok_run(&tk, name, strlen(name));
	for (i = 0; i < tk.n && (i == 0 || node); i++)
		node = nt_gaz_next(g, node, tk.t[i].h);
	nt_toks_free(&tk);
	return node;
}

int
main(void)
{
	struct nt_gaz *g = nt_gaz_new();
	struct nt_buf err = NT_BUF_INIT;
	const char tsv[] = "# comment\n"
	    "location\tUnited States\tUnited States\n"
	    "location\tU.S.\tUnited States\n"
	    "equipment\tLeopard 2\n"
	    "_title\tGen.\n"
	    "_word\tmeanwhile\n";
	const struct nt_gaz_ent *e;
	uint32_t node;
	char name[32];
	int i, rc;

	rc = nt_gaz_load_tsv(g, "t.tsv", tsv, sizeof(tsv) - 1, &err);
	ok(rc == 0, "load TSV");
	node = walk(g, "United States");
	e = nt_gaz_first(g, node);
	ok(node && e && e->type == 2 &&
	    strcmp(nt_gaz_str(g, e->norm), "United States") == 0,
	    "a two-word name and its norm");
	ok(walk(g, "United") && nt_gaz_first(g, walk(g, "United")) == NULL,
	    "a prefix is a node without entries");
	e = nt_gaz_first(g, walk(g, "US"));
	ok(e && strcmp(nt_gaz_str(g, e->norm), "United States") == 0,
	    "U.S. found as US");
	ok(nt_gaz_typeid(g, "equipment") == NT_ET_BUILTIN &&
	    strcmp(nt_gaz_typename(g, NT_ET_BUILTIN), "equipment") == 0 &&
	    nt_gaz_typeid(g, "misc") == NT_ET_MISC,
	    "a new type is interned after the built-in ones, misc among them");
	ok(nt_gaz_cls(g, walk(g, "gen")) & NT_GC_TITLE, "a class, full stop dropped");
	ok(nt_gaz_cls(g, walk(g, "Meanwhile")) & NT_GC_WORD, "classes fold case");
	rc = nt_gaz_load_tsv(g, "b.tsv", "location Paris\n", 15, &err);
	ok(rc < 0 && strcmp(err.p, "b.tsv:1: expected type<TAB>name") == 0,
	    "error names file and line");
	rc = nt_gaz_load_tsv(g, "c.tsv", "_nonsense\tx\n", 12, &err);
	ok(rc < 0 && strcmp(err.p, "c.tsv:1: unknown lexicon class "
	    "'_nonsense'") == 0, "unknown class");
	for (i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "Town%d Upon Sea", i);
		nt_gaz_add(g, "location", name, strlen(name), NULL, 0);
	}
	ok(nt_gaz_nnames(g) == 20003 && walk(g, "Town19999 Upon Sea") &&
	    nt_gaz_first(g, walk(g, "Town19999 Upon Sea")), "many names");
	ok(nt_gaz_first(g, walk(g, "United States")) != NULL,
	    "old names survive the table growing");
	nt_gaz_free(g);
	nt_buf_free(&err);
	return done();
}
