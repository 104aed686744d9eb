/* Unit tests for lib/tok: token spans, flags and folded hashes. */
#include <stdio.h>
#include <string.h>

#include "text/tok.h"
#include "t.h"

static int
texts(const char *s, const char *want)
{
	struct nt_toks tk = NT_TOKS_INIT;
	char got[512];
	size_t i, len = 0;

	nt_tok_run(&tk, s, strlen(s));
	got[0] = '\0';
	for (i = 0; i < tk.n && len + 64 < sizeof(got); i++) {
		if (i)
			got[len++] = '|';
		memcpy(got + len, s + tk.t[i].b, tk.t[i].e - tk.t[i].b);
		len += tk.t[i].e - tk.t[i].b;
		got[len] = '\0';
	}
	nt_toks_free(&tk);
	if (strcmp(got, want) != 0)
		printf("# got  %s\n# want %s\n", got, want);
	return strcmp(got, want) == 0;
}

int
main(void)
{
	struct nt_toks tk = NT_TOKS_INIT;
	const char *s = "Ukraine’s U.S. aid: $1.2bn, 9.4%";

	ok(texts("Ukraine’s U.S. Iranian-made",
	    "Ukraine|’s|U.S.|Iranian|-|made"), "possessive, abbreviation, hyphen");
	ok(texts("$1,200.50 and 1.2bn", "$|1,200.50|and|1.2|bn"),
	    "numbers keep their separators, units split off");
	ok(texts("O'Brien don't Jong-un", "O'Brien|don't|Jong|-|un"),
	    "apostrophes inside words");
	ok(texts("“Quote,” he said.", "“|Quote|,|”|he|said|."),
	    "typographic quotes");
	nt_tok_run(&tk, s, strlen(s));
	ok(tk.n == 11, "token count");
	ok(tk.t[0].cb == 0 && tk.t[0].ce == 7 && tk.t[1].cb == 7 &&
	    tk.t[1].ce == 9, "code-point offsets past a multi-byte character");
	ok(tk.t[1].f & NT_TF_POSS, "possessive flagged");
	ok((tk.t[2].f & NT_TF_ABBR) && (tk.t[2].f & NT_TF_ALLCAPS),
	    "abbreviation flagged");
	ok(tk.t[2].h == nt_tok_hash("US", 2) && tk.t[2].h != nt_tok_hash("U",
	    1), "U.S. hashes as US");
	ok(nt_tok_hash("NATO", 4) == nt_tok_hash("nato", 4),
	    "hashes fold case");
	ok(nt_tok_hash("Kyiv’s", 6) == 0, "a hash is of one token");
	nt_tok_run(&tk, "a\n\nB", 4);
	ok(tk.n == 2 && (tk.t[1].f & NT_TF_PARA) && (tk.t[1].f & NT_TF_NL) &&
	    (tk.t[1].f & NT_TF_UPPER1), "paragraph and case flags");
	nt_tok_run(&tk, "", 0);
	ok(tk.n == 0, "empty text");
	nt_toks_free(&tk);
	return done();
}
