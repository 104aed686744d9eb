/*
 * Unit tests for lib/text/tok: token spans and offsets, every kind, case
 * shapes, lines and paragraphs, abbreviations, hyphens, possessives,
 * numbers, invisible characters, markup, folding, runs, counting, bad and
 * long input; and the fast path against the general one (NT_TOK_GENERAL)
 * on many generated texts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/tok.h"
#include "core/utf8.h"
#include "t.h"

static struct nt_toks tk = NT_TOKS_INIT;

/* The tokens of s with options opts, as "a|b|c". */
static int
cuts(const char *s, unsigned opts, const char *want)
{
	char got[1024];
	size_t i, len = 0;

	nt_tok_scan(&tk, s, strlen(s), opts);
	got[0] = '\0';
	for (i = 0; i < tk.n && len + 128 < sizeof(got); i++) {
		if (i)
			got[len++] = '|';
		memcpy(got + len, s + tk.t[i].b, tk.t[i].e - tk.t[i].b);
		len += tk.t[i].e - tk.t[i].b;
		got[len] = '\0';
	}
	if (strcmp(got, want) != 0)
		printf("# got  %s\n# want %s\n", got, want);
	return strcmp(got, want) == 0;
}

static int
texts(const char *s, const char *want)
{
	return cuts(s, 0, want);
}

/* The kinds of the tokens of s, one letter each: w n p r. */
static int
kinds(const char *s, unsigned opts, const char *want)
{
	char got[256];
	size_t i;

	nt_tok_scan(&tk, s, strlen(s), opts);
	for (i = 0; i < tk.n && i + 1 < sizeof(got); i++)
		got[i] = "wnpr"[tk.t[i].kind];
	got[i] = '\0';
	if (strcmp(got, want) != 0)
		printf("# got  %s\n# want %s\n", got, want);
	return strcmp(got, want) == 0;
}

static uint16_t
flags(const char *s, size_t i)
{
	nt_tok_scan(&tk, s, strlen(s), 0);
	return i < tk.n ? tk.t[i].f : 0xFFFF;
}

static void
basics(void)
{
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
	nt_tok_run(&tk, " \t\n\xe2\x80\x8b ", 7);
	ok(tk.n == 0, "white space and invisible characters only: no token");
}

static void
offsets(void)
{
	const char *s = "naïve 😀 漢字 é\xcc\x81x";

	nt_tok_run(&tk, s, strlen(s));
	ok(tk.n == 4, "four tokens");
	ok(tk.t[0].b == 0 && tk.t[0].e == 6 && tk.t[0].cb == 0 &&
	    tk.t[0].ce == 5, "bytes and code points of a word with ï");
	ok(tk.t[1].kind == NT_TOK_PUNCT && tk.t[1].cp == 0x1F600 &&
	    tk.t[1].e - tk.t[1].b == 4 && tk.t[1].ce - tk.t[1].cb == 1,
	    "an emoji is one code point of four bytes");
	ok(tk.t[2].cb == 8 && tk.t[2].ce == 10, "CJK, three bytes a character");
	ok(tk.t[3].kind == NT_TOK_WORD && tk.t[3].ce - tk.t[3].cb == 3,
	    "a combining mark stays in its word");
	ok(tk.t[3].ce == nt_utf8_count(s, strlen(s)), "the last offset is the "
	    "text's length in code points");
}

static void
kinds_and_shapes(void)
{
	ok(kinds("Hello, 42 worlds!", 0, "wpnwp"), "words, numbers, "
	    "punctuation");
	ok(kinds("Hello, 42 worlds!", NT_TOK_RUNS, "rrr"), "runs");
	ok(flags("Nato", 0) & NT_TF_UPPER1 && !(flags("Nato", 0) &
	    NT_TF_ALLCAPS), "capitalised");
	ok((flags("NATO", 0) & (NT_TF_UPPER1 | NT_TF_ALLCAPS)) ==
	    (NT_TF_UPPER1 | NT_TF_ALLCAPS), "all capitals");
	ok((flags("iPhone", 0) & (NT_TF_LOWER1 | NT_TF_ALLCAPS)) ==
	    NT_TF_LOWER1, "lower case first, capitals inside");
	ok(flags("G7", 0) & NT_TF_DIGIT && flags("G7", 0) & NT_TF_ALLCAPS,
	    "a word with a digit");
	ok((flags("ÉTÉ", 0) & (NT_TF_UPPER1 | NT_TF_ALLCAPS)) ==
	    (NT_TF_UPPER1 | NT_TF_ALLCAPS), "capitals beyond ASCII");
	ok(flags("x y", 1) == (NT_TF_LOWER1) && flags("x-y", 2) ==
	    (NT_TF_LOWER1 | NT_TF_GLUED), "glued or not");
	ok(flags("abc", 0) & NT_TF_NL, "the first token starts a line");
}

static void
lines(void)
{
	ok((flags("a\r\nb", 1) & (NT_TF_NL | NT_TF_PARA)) == NT_TF_NL,
	    "CRLF is one break");
	ok((flags("a\r\n\r\nb", 1) & NT_TF_PARA) != 0, "two CRLF a paragraph");
	ok((flags("a\rb", 1) & NT_TF_NL) != 0, "a lone CR ends a line");
	ok((flags("a\xe2\x80\xa9" "b", 1) & NT_TF_PARA) != 0,
	    "PS is a paragraph");
	ok((flags("a \nb", 1) & NT_TF_SPNL) != 0 && !(flags("a\n b", 1) &
	    NT_TF_SPNL), "white space before the break is noted");
	ok((flags("a\vb", 1) & NT_TF_NL) && (flags("a\fb", 1) & NT_TF_NL),
	    "VT and FF end lines");
}

static void
words(void)
{
	ok(texts("U.S.A. e.g. a.m. U.S.A 5a.m.",
	    "U.S.A.|e.g.|a.m.|U|.|S|.|A|5|a.m."), "abbreviations, and one "
	    "that is not");
	ok((flags("a.m.", 0) & (NT_TF_ABBR | NT_TF_LOWER1)) ==
	    (NT_TF_ABBR | NT_TF_LOWER1), "a lower-case abbreviation");
	ok(texts("Kyiv's 'tis rock 'n' roll it's", "Kyiv|'s|'|tis|rock|'|n|'|"
	    "roll|it|'s"), "possessives, and apostrophes that are not");
	ok(flags("Kyiv's", 1) & NT_TF_POSS && !(flags("\n's", 0) &
	    NT_TF_POSS), "a possessive only glued to a word on its line");
	ok(flags("O'Brien", 0) & NT_TF_APOS, "an inner apostrophe is noted");
	ok(texts("well-being — Mid-East", "well|-|being|—|Mid|-|East"),
	    "hyphens and dashes part words");
	ok(texts("1,200 1.2.3 3.5% 1,200, 2024-05-01 12:30",
	    "1,200|1.2.3|3.5|%|1,200|,|2024|-|05|-|01|12|:|30"),
	    "numbers with separators, and where they end");
	ok(texts("1990s 7G G7 x2y", "1990|s|7|G|G7|x2y"), "a number then a "
	    "word, a word with digits");
	ok(texts("٣٤٥ and ௧௨", "٣٤٥|and|௧௨"), "digits beyond ASCII");
}

static void
invisible(void)
{
	ok(texts("in\xe2\x80\x8bternal 2\xe2\x80\x8b" "5 co\xc2\xad" "op",
	    "in\xe2\x80\x8bternal|2\xe2\x80\x8b" "5|co\xc2\xad" "op"),
	    "invisible characters do not cut words or numbers");
	ok(nt_tok_hash("in\xe2\x80\x8bternal", 11) == nt_tok_hash("internal",
	    8), "and are not in the hash");
	ok(texts("1,200,\xe2\x80\x8b" "000", "1,200,\xe2\x80\x8b" "000"),
	    "nor after a separator");
	ok(texts("said\xe2\x80\x8b. \xe2\x80\x8bThe", "said|.|The"),
	    "at the edges of a token they are the gap's");
	ok((flags("a\xe2\x80\x8b" "b", 0) & NT_TF_GLUED) == 0 &&
	    texts("a\xe2\x80\x8b" "b", "a\xe2\x80\x8b" "b"), "even between "
	    "letters: one word");
}

static void
markup(void)
{
	ok(cuts("<b>bold</b> text", NT_TOK_MARKUP, "bold|text"),
	    "tags are white space with NT_TOK_MARKUP");
	ok(cuts("<b>bold</b> text", 0, "<|b|>|bold|<|/|b|>|text"),
	    "and punctuation without");
	ok(cuts("AUGAT<AUG> SEEKS", NT_TOK_MARKUP, "AUGAT|SEEKS"),
	    "a tag glued to a word still parts it");
	nt_tok_scan(&tk, "end<p>Next", 10, NT_TOK_MARKUP);
	ok(tk.n == 2 && (tk.t[1].f & NT_TF_PARA), "a block tag is a paragraph");
	nt_tok_scan(&tk, "one &lt;br&gt; two", 18, NT_TOK_MARKUP);
	ok(tk.n == 2 && (tk.t[1].f & NT_TF_PARA), "so is one escaped");
	nt_tok_scan(&tk, "end. \\nNext", 11, NT_TOK_MARKUP);
	ok(tk.n == 3 && (tk.t[2].f & NT_TF_NL) && tk.t[2].b == 7,
	    "a written \\n after white space is a line break");
	ok(cuts("said.\\nThe", NT_TOK_MARKUP, "said|.|\\|nThe"),
	    "glued to the text it is text");
	ok(cuts("a < b & c", NT_TOK_MARKUP, "a|<|b|&|c"), "< and & that start "
	    "no tag are punctuation");
}

static void
folding(void)
{
	size_t len;
	const char *f;

	nt_tok_scan(&tk, "Éclair U.S. Don’t", strlen("Éclair U.S. Don’t"),
	    NT_TOK_FOLD);
	f = nt_tok_fold(&tk, 0, &len);
	ok(len == 7 && memcmp(f, "\xc3\xa9" "clair", 7) == 0,
	    "folded bytes: lower case");
	f = nt_tok_fold(&tk, 1, &len);
	ok(len == 2 && memcmp(f, "us", 2) == 0, "without the dots");
	f = nt_tok_fold(&tk, 2, &len);
	ok(len == 5 && memcmp(f, "don't", 5) == 0, "a plain apostrophe");
	nt_tok_scan(&tk, "Éclair Straße", 15, NT_TOK_FOLD | NT_TOK_BASE);
	f = nt_tok_fold(&tk, 0, &len);
	ok(len == 6 && memcmp(f, "eclair", 6) == 0, "base letters: no accent");
	f = nt_tok_fold(&tk, 1, &len);
	ok(len == 7 && memcmp(f, "strasse", 7) == 0, "full case folding");
	ok(nt_tok_hash("Éclair", 7) == nt_tok_hash("éclair", 7) &&
	    nt_tok_hash("Éclair", 7) != nt_tok_hash("eclair", 6),
	    "the default hash keeps accents");
	nt_tok_scan(&tk, "Hello world", 11, NT_TOK_NOHASH);
	ok(tk.n == 2 && tk.t[0].h == 0 && tk.t[1].h == 0, "NT_TOK_NOHASH: no "
	    "hashes");
	nt_tok_run(&tk, "a b", 3);
	ok(tk.t[0].h != 0 && tk.t[0].h == nt_tok_hash("A", 1), "hashes are "
	    "never 0");
}

static void
append(void)
{
	nt_tok_run(&tk, "one two", 7);
	nt_tok_scan(&tk, "three", 5, NT_TOK_APPEND);
	ok(tk.n == 3 && tk.t[2].b == 0 && tk.t[2].e == 5 &&
	    (tk.t[2].f & NT_TF_NL), "appended tokens: their own offsets, a "
	    "line of their own");
	ok(tk.t[0].e == 3 && tk.t[1].b == 4, "the earlier ones are kept");
}

static void
counting(void)
{
	uint64_t cps;

	ok(nt_tok_count("don't 3.5 Köln", 15, &cps) == 5 && cps == 14,
	    "word runs and code points");
	ok(nt_tok_count("in\xe2\x80\x8bternal", 10, NULL) == 1,
	    "an invisible character does not end a run");
	ok(nt_tok_count("K\\u00f6ln \\\"x\\\"", 15, NULL) == 3 &&
	    nt_tok_count_json("K\\u00f6ln \\\"x\\\"", 15, &cps) == 2 &&
	    cps == 8, "JSON escapes count as what they stand for");
	ok(nt_tok_count("", 0, &cps) == 0 && cps == 0, "nothing");
}

static void
bad_input(void)
{
	const char bad[] = "ab\xff" "cd \xe2\x80 \xc3";

	nt_tok_run(&tk, bad, sizeof(bad) - 1);
	ok(tk.n >= 4 && tk.t[tk.n - 1].e == sizeof(bad) - 1,
	    "invalid UTF-8: every byte in a token, no read past the end");
	nt_tok_scan(&tk, bad, sizeof(bad) - 1, NT_TOK_RUNS | NT_TOK_MARKUP);
	ok(tk.n == 3, "and in runs");
	ok(nt_tok_count(bad, sizeof(bad) - 1, NULL) == 2, "and counted");
}

static void
long_text(void)
{
	size_t n = 1 << 20, i, j;
	char *s = malloc(n + 1);
	int good = 1;

	for (i = 0; i < n; i++)
		s[i] = "Word and 12,5 more. "[i % 20];
	s[n] = '\0';
	nt_tok_run(&tk, s, n);
	/* 20 bytes make 5 tokens; the last 16, "Word and 12,5 mo", 4 */
	ok(tk.n == (n / 20) * 5 + 4, "a megabyte of text: %zu tokens", tk.n);
	for (j = 1; j < tk.n; j++)
		if (tk.t[j].b < tk.t[j - 1].e || tk.t[j].cb != tk.t[j].b)
			good = 0;
	ok(good, "in order, ASCII offsets equal");
	memset(s, 'x', n);
	nt_tok_run(&tk, s, n);
	ok(tk.n == 1 && tk.t[0].e == n && tk.t[0].len == 255,
	    "one word a megabyte long (its length capped at 255)");
	nt_tok_scan(&tk, s, n, NT_TOK_RUNS);
	ok(tk.n == 1 && tk.t[0].e == n, "one run");
	free(s);
}

/* --- the paths agree --- */

static int
same_tokens(const struct nt_toks *a, const struct nt_toks *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->t[i].b != b->t[i].b || a->t[i].e != b->t[i].e ||
		    a->t[i].cb != b->t[i].cb || a->t[i].ce != b->t[i].ce ||
		    a->t[i].h != b->t[i].h || a->t[i].cp != b->t[i].cp ||
		    a->t[i].f != b->t[i].f || a->t[i].kind != b->t[i].kind ||
		    a->t[i].len != b->t[i].len)
			return 0;
	return 1;
}

/* Do the runs of r equal the glued runs of the words of w? */
static int
same_runs(const struct nt_toks *r, const struct nt_toks *w)
{
	size_t i = 0, j, k = 0;
	unsigned m = NT_TF_NL | NT_TF_PARA | NT_TF_SPNL;

	while (i < w->n) {
		for (j = i + 1; j < w->n && (w->t[j].f & NT_TF_GLUED); j++)
			;
		if (k >= r->n || r->t[k].b != w->t[i].b ||
		    r->t[k].e != w->t[j - 1].e || r->t[k].cb != w->t[i].cb ||
		    r->t[k].ce != w->t[j - 1].ce ||
		    (r->t[k].f & m) != (w->t[i].f & m))
			return 0;
		k++;
		i = j;
	}
	return k == r->n;
}

static const char *const pieces[] = {
	"a", "Zq", "word", "UPPER", "x", "1", "42", "1,2", "3.5", ".", ",",
	"'", "’", "‘", "s", "S", "-", "—", " ", " ", "  ", "\n", "\r", "\r\n",
	"\t", "\xc2\xa0", "\xe2\x80\x8b", "\xc2\xad", "é", "É", "漢", "😀",
	"\xcc\x81", "<b>", "<p>", "&lt;", "&gt;", "\\n", "\\", "<", "&", "U.",
	"e.", "(", ")", "\"", "“", "”", "%", "$", "٣", "\xe2\x80\xa9", "ʼ",
	"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm",
};

static void
paths(void)
{
	static const unsigned opts[] = { 0, NT_TOK_NOHASH, NT_TOK_MARKUP,
	    NT_TOK_FOLD, NT_TOK_FOLD | NT_TOK_BASE, NT_TOK_MARKUP |
	    NT_TOK_NOHASH };
	struct nt_toks a = NT_TOKS_INIT, g = NT_TOKS_INIT, r = NT_TOKS_INIT;
	char s[4096];
	size_t len, k, o, np = sizeof(pieces) / sizeof(pieces[0]);
	unsigned long x = 12345;
	int fast = 1, runs = 1, i;

	for (i = 0; i < 3000; i++) {
		len = 0;
		for (k = 0; k < 60; k++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			const char *p = pieces[(x >> 33) % np];
			memcpy(s + len, p, strlen(p));
			len += strlen(p);
		}
		for (o = 0; o < sizeof(opts) / sizeof(opts[0]); o++) {
			nt_tok_scan(&a, s, len, opts[o]);
			nt_tok_scan(&g, s, len, opts[o] | NT_TOK_GENERAL);
			if (fast && !same_tokens(&a, &g)) {
				printf("# paths differ: '%.*s'\n", (int)len, s);
				fast = 0;
			}
		}
		for (o = 0; o < 2; o++) {
			nt_tok_scan(&r, s, len, NT_TOK_RUNS | (o ? NT_TOK_MARKUP :
			    0));
			nt_tok_scan(&a, s, len, o ? NT_TOK_MARKUP : 0);
			if (runs && !same_runs(&r, &a)) {
				printf("# runs differ: '%.*s'\n", (int)len, s);
				runs = 0;
			}
		}
	}
	ok(fast, "the fast path and the general one give the same tokens");
	ok(runs, "runs are exactly the glued runs of the words");
	nt_toks_free(&a);
	nt_toks_free(&g);
	nt_toks_free(&r);
}

/* The letter runs of s[0..n) one byte at a time, as tok.h has them. */
static int
naive_runs(const char *s, size_t n, struct nt_run *out, size_t *nout)
{
	size_t i, b;

#define LETTER(c) ((((unsigned char)(c) | 0x20) >= 'a' && \
	((unsigned char)(c) | 0x20) <= 'z'))
	*nout = 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return -1;
	for (i = 0; i < n; ) {
		if (!LETTER(s[i])) {
			i++;
			continue;
		}
		for (b = i; i < n && LETTER(s[i]); i++)
			;
		if (i - b == 1 && i + 1 < n && s[i] == '.' &&
		    LETTER(s[i + 1])) {
			*nout = 0;
			return -1;
		}
		out[*nout].b = b;
		out[(*nout)++].e = i;
	}
	return 0;
#undef LETTER
}

static const char *const apieces[] = {
	"a", "Zq", "word", "UPPER", "x", "1", "42", "3.5", ".", ",", "'", "s",
	"-", " ", "  ", "\t", "U.", "e.", "(", "\"", "%", "A.B", "don't",
	"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm",
	"Ukraine's", "G7", "1.2bn",
};

/*
 * nt_tok_letter_runs against naive_runs over text that crosses 64-byte
 * blocks anywhere; and what callers rely on: in an ASCII text it takes,
 * every word token's first run of letters is one of its runs.
 */
static void
letter_runs(void)
{
	static uint64_t all[NT_RUN_SLOTS / 64], none[NT_RUN_SLOTS / 64];
	static struct nt_run want[4096];
	struct nt_run *got = NULL;
	struct nt_toks t = NT_TOKS_INIT;
	char s[4096];
	const char *f;
	size_t len, k, cap = 0, ngot, nwant, np = sizeof(apieces) /
	    sizeof(apieces[0]), i, j, fl, a, q;
	unsigned long x = 777;
	int same = 1, found = 1, tried = 0, r, w;

	memset(all, 0xFF, sizeof(all));
	for (i = 0; i < 3000; i++) {
		len = 0;
		for (k = 0; k < 1 + i % 90; k++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			f = apieces[(x >> 33) % np];
			memcpy(s + len, f, strlen(f));
			len += strlen(f);
		}
		r = nt_tok_letter_runs(s, len, 1, 4096, all, &got, &cap,
		    &ngot);
		w = naive_runs(s, len, want, &nwant);
		if (same && (r != w || ngot != nwant || (ngot > 0 &&
		    memcmp(got, want, ngot * sizeof(*got)) != 0))) {
			printf("# runs differ: '%.*s'\n", (int)len, s);
			same = 0;
		}
		if (r < 0)
			continue;
		nt_tok_scan(&t, s, len, NT_TOK_FOLD);
		for (j = 0; j < t.n; j++) {
			if (t.t[j].kind != NT_TOK_WORD)
				continue;
			f = nt_tok_fold(&t, j, &fl);
			for (a = 0; a < fl && (f[a] < 'a' || f[a] > 'z'); a++)
				;
			for (k = a; k < fl && f[k] >= 'a' && f[k] <= 'z'; k++)
				;
			if (k == a)
				continue;
			tried++;
			for (w = 0, q = 0; q < ngot && !w; q++)
				w = got[q].e - got[q].b == k - a &&
				    strncasecmp(s + got[q].b, f + a, k - a) == 0;
			if (!w && found) {
				printf("# '%.*s' not a run of '%.*s'\n",
				    (int)(k - a), f + a, (int)len, s);
				found = 0;
			}
		}
	}
	ok(same, "letter runs are the maximal runs of ASCII letters");
	ok(found && tried > 3000, "every word's first letters are a run "
	    "(%d words)", tried);
	ok(nt_tok_letter_runs("caf\xc3\xa9 x", 7, 1, 64, all, &got, &cap,
	    &ngot) == -1 && ngot == 0, "text that is not ASCII is refused");
	ok(nt_tok_letter_runs("the U.S. army", 13, 1, 64, all, &got, &cap,
	    &ngot) == -1, "and so is a dotted abbreviation");
	ok(nt_tok_letter_runs("the U.S. army", 13, 3, 64, all, &got, &cap,
	    &ngot) == 0 && ngot == 2 && got[1].b == 9,
	    "but not one with fewer letters than the shortest run asked for");
	ok(nt_tok_letter_runs("the U.S.A. army", 15, 3, 64, all, &got, &cap,
	    &ngot) == -1, "which one as long is");
	ok(nt_tok_letter_runs("plan B. Then", 12, 1, 64, all, &got, &cap,
	    &ngot) == 0 && ngot == 3, "but not a letter that ends a sentence");
	ok(nt_tok_letter_runs("an old red barn", 15, 3, 3, all, &got, &cap,
	    &ngot) == 0 && ngot == 2 && got[1].b == 7,
	    "runs are kept by their length");
	ok(nt_tok_letter_runs("an old red barn", 15, 1, 64, none, &got, &cap,
	    &ngot) == 0 && ngot == 0, "and by the filter's slots");
	free(got);
	nt_toks_free(&t);
}

int
main(void)
{
	basics();
	offsets();
	kinds_and_shapes();
	lines();
	words();
	invisible();
	markup();
	folding();
	append();
	counting();
	bad_input();
	long_text();
	paths();
	letter_runs();
	nt_toks_free(&tk);
	nt_toks_free(NULL);
	return done();
}
