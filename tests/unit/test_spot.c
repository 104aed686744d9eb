/*
 * Unit tests for lib/dedupe/spot, furn and kind: what a token is to the
 * skeleton, that a spin keeps the spots, which lines are furniture, and
 * the kinds of copy.  Run from the top of the tree (it reads data/).
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "dedupe/furn.h"
#include "dedupe/kind.h"
#include "dedupe/minhash.h"
#include "dedupe/spot.h"
#include "text/tok.h"
#include "t.h"

static struct nt_spotw *words;
static struct nt_furn *furn;

/* The classes of the tokens of s, one letter each: a n # w p. */
static int
classes(const char *s, const char *want)
{
	static const char letter[] = "wan#p";
	struct nt_toks tk = NT_TOKS_INIT;
	struct nt_spot sp;
	char got[256];
	size_t i;
	int same;

	nt_spot_init(&sp);
	nt_tok_run(&tk, s, strlen(s));
	nt_spot_classify(&sp, words, s, &tk);
	for (i = 0; i < tk.n && i + 1 < sizeof(got); i++)
		got[i] = letter[sp.cls[i]];
	got[i] = '\0';
	same = strcmp(got, want) == 0;
	if (!same)
		printf("# got  %s\n# want %s\n", got, want);
	nt_spot_free(&sp);
	nt_toks_free(&tk);
	return same;
}

/* The spot containment of a in b, after furniture is left out. */
static double
contained(const char *a, const char *b)
{
	struct nt_toks tk = NT_TOKS_INIT;
	struct nt_spot x, y;
	struct nt_fres fr;
	struct nt_mh_sim r;

	memset(&fr, 0, sizeof(fr));
	nt_spot_init(&x);
	nt_spot_init(&y);
	nt_tok_run(&tk, a, strlen(a));
	nt_spot_classify(&x, words, a, &tk);
	nt_furn_run(furn, a, &tk, &x, &fr);
	nt_spot_run(&x, &tk, fr.drop);
	nt_tok_run(&tk, b, strlen(b));
	nt_spot_classify(&y, words, b, &tk);
	nt_furn_run(furn, b, &tk, &y, &fr);
	nt_spot_run(&y, &tk, fr.drop);
	nt_mh_compare(x.sketch, x.nsketch, x.n, y.sketch, y.nsketch, y.n, &r);
	nt_spot_free(&x);
	nt_spot_free(&y);
	nt_fres_free(&fr);
	nt_toks_free(&tk);
	return r.cont_a;
}

/* The lines of s that are furniture: 'F' or '.' each. */
static int
furniture(const char *s, const char *want)
{
	struct nt_toks tk = NT_TOKS_INIT;
	struct nt_spot sp;
	struct nt_fres fr;
	char got[64];
	size_t i;
	int same;

	memset(&fr, 0, sizeof(fr));
	nt_spot_init(&sp);
	nt_tok_run(&tk, s, strlen(s));
	nt_spot_classify(&sp, words, s, &tk);
	nt_furn_run(furn, s, &tk, &sp, &fr);
	for (i = 0; i < fr.nline && i + 1 < sizeof(got); i++)
		got[i] = fr.line[i].furn ? 'F' : '.';
	got[i] = '\0';
	same = strcmp(got, want) == 0;
	if (!same)
		printf("# got  %s\n# want %s\n", got, want);
	nt_spot_free(&sp);
	nt_fres_free(&fr);
	nt_toks_free(&tk);
	return same;
}

static const char story[] =
    "The city council voted on Wednesday to close the old pool at the "
    "end of the summer, after engineers warned that its roof could not "
    "survive another winter.\n"
    "Councillor Maria Lopez said the decision had been painful but that "
    "the safety of swimmers had to come first.\n"
    "The pool, which opened in 1962, draws about 80,000 visitors a year.";

static const char spun[] =
    "The city council voted on Wednesday to shut the previous pool at the "
    "finish of the summer, after engineers cautioned that its roof could "
    "not endure another winter.\n"
    "Councillor Maria Lopez mentioned the choice had been distressing but "
    "that the security of swimmers had to come first.\n"
    "The pool, which opened in 1962, attracts about 80,000 guests a year.";

static void
test_kinds(void)
{
	struct nt_kindin in;

	memset(&in, 0, sizeof(in));
	in.words = 1;
	in.ux = in.uk = in.sx = in.sk = 0.97;
	ok(nt_kind_of(&in) == NT_KIND_EXACT, "a typo or two: exact");
	in.fx = 7;
	ok(nt_kind_of(&in) == NT_KIND_WRAPPED, "other furniture: wrapped");
	in.fx = 0;
	in.uk = in.sk = 0.5;
	ok(nt_kind_of(&in) == NT_KIND_EXCERPT, "half of it: an excerpt");
	in.ux = in.sx = 0.5;
	in.uk = in.sk = 1;
	ok(nt_kind_of(&in) == NT_KIND_EXTENDED, "the other way: extended");
	in.ux = in.uk = 0.7;
	in.sx = in.sk = 0.95;
	ok(nt_kind_of(&in) == NT_KIND_SPUN, "words lost, spots kept: spun");
	in.sk = 0.5;
	in.fx = 3;
	ok(nt_kind_of(&in) == NT_KIND_MIXED, "cut, spun, wrapped: mixed");
	memset(&in, 0, sizeof(in));
	in.words = 1;
	in.ux = in.uk = in.sx = in.sk = 0.97;
	in.vk = 1;
	ok(nt_kind_of(&in) == NT_KIND_SPUN, "a synonym written otherwise, "
	    "the rest the same: spun");
	in.ux = in.sx = 1;
	in.uk = in.sk = 0.5;
	ok(nt_kind_of(&in) == NT_KIND_EXCERPT, "a part lacking a synonym of "
	    "the whole: an excerpt");
	in.vx = 1;
	ok(nt_kind_of(&in) == NT_KIND_MIXED, "a part with a synonym the whole "
	    "lacks: cut and spun");
	memset(&in, 0, sizeof(in));
	in.words = in.shingles = 1;
	in.sx = in.sk = 1;
	in.ux = in.uk = 0.95;
	in.wx = in.wk = 0.9;
	in.nx = in.nk = 120;
	ok(nt_kind_of(&in) == NT_KIND_SPUN, "four words swapped in a long "
	    "text, twelve shingles lost: spun");
	in.wx = in.wk = 0.95;
	in.nx = in.nk = 60;
	ok(nt_kind_of(&in) == NT_KIND_EXACT, "one typo in a short text, three "
	    "shingles lost: exact");
	memset(&in, 0, sizeof(in));
	in.words = in.shingles = 1;
	in.sx = in.sk = 0.6;
	in.ux = in.uk = 0.6;
	in.wx = in.wk = 0.58;
	in.nx = in.nk = 100;
	in.vx = in.vk = 1;
	ok(nt_kind_of(&in) == NT_KIND_MIXED, "two copies cut otherwise, each "
	    "with a part of its own: mixed, not spun");
	in.wx = in.wk = 0.3;
	ok(nt_kind_of(&in) == NT_KIND_SPUN, "the same shares with most "
	    "shingles lost: spun");
	in.wx = in.wk = 0.67;
	in.ux = in.uk = 0.8;
	ok(nt_kind_of(&in) == NT_KIND_SPUN, "spots lost more than words and "
	    "shingles, as a heavy spin costs them: spun");
	in.sx = in.sk = in.ux = in.uk = 0.8;
	in.wx = in.wk = 0.78;
	ok(nt_kind_of(&in) == NT_KIND_SPUN, "a fifth of the spots lost each "
	    "way is no cut, and its synonyms tell a spin");
	is_str(nt_kind_name(NT_KIND_EXTENDED), "extended", "kind names");
	ok(nt_kind_name(NT_KIND_NONE) == NULL, "no name for no kind");
}

int
main(void)
{
	struct nt_buf err = NT_BUF_INIT;

	words = nt_spotw_load("data/ndedupe/spot.yaml", &err);
	furn = nt_furn_load("data/nclean/rules.yaml", &err);
	ok(words != NULL && furn != NULL, "the data files load (%s)",
	    err.p != NULL ? err.p : "");
	if (words == NULL || furn == NULL)
		return done();

	ok(classes("The bank said it would pay Acme Corp two mln dlrs.",
	    "awwaawnn#wwp"), "anchors, names, a number word as a number");
	ok(classes("Trump said. Lord Goldsmith said", "wwpnnw"),
	    "a sentence's first word, unless a name follows it");
	ok(classes("AVX Corp rose 1-1/2 to 9.5", "nnw#ppppa#"),
	    "capitals begin a name; a fraction is one number");
	ok(classes("the G7 in May and may", "anaaaa"),
	    "a word with digits is a name; an anchor is one in any case");

	ok(contained(spun, story) >= 0.9, "a spun copy keeps its spots (%.2f)",
	    contained(spun, story));
	ok(contained("Harbour festival draws crowds as the weather holds and "
	    "the city fills with visitors from the north.", story) < 0.2,
	    "another story shares few");

	ok(furniture("Metro Daily Ledger\nHome > Local > City Hall\n"
	    "Published June 4, 2024\n" "The council voted to close the pool.\n"
	    "It will shut in September, the council said.\n"
	    "Share this:\nHarbour Festival Draws Record Crowds This Weekend\n"
	    "Ten Things To Do In The City Before Autumn\n"
	    "Local bakery wins national bread award\n"
	    "© 2024 Metro Daily Ledger. All rights reserved.",
	    "FFF..FFFFF"), "a header and a footer around two paragraphs");
	ok(furniture("Qtly div 21 cts vs 20 cts prior\nPay April 15\n"
	    "Record March 31", "..."), "a dividend notice is all text");
	ok(furniture("Shr four cts vs five cts\nNet 85,292 vs 109,285\n"
	    "Year\nRevs 2,916,128 vs 474,819\nNOTE: Figures are unaudited.",
	    "..F.."), "a table of results keeps its lines of figures");
	ok(furniture("Shr fuor cts vs fvie cts\nNet 85,292 vs 109,285\n"
	    "Pay April 30", "..."), "and, with no prose, its lines of words");
	ok(furniture("[ad_1]\nThe council voted to close the pool.\n"
	    "Source link", "F.F"), "markers and scraps by nclean's rules");
	ok(furniture("CityWire.com - Your daily source of news\n"
	    "Shr four cts vs five cts\nNet 85,292 vs 109,285",
	    "F.."), "a line naming a site by its domain, even above a table");
	ok(furniture("Harbour.com readers voted to close the pool.\n"
	    "Shr four cts vs five cts\nShop.com 2 for 1\n",
	    "..."), "but not prose, nor a line with a number");
	ok(furniture("The council voted to close the pool.\n"
	    "It will shut in September, the council said.\n"
	    "Harbour Festival Draws Record Crowds\n"
	    "What's next for next-gen consoles?\n"
	    "Ten Things To Do In The City", "..FFF"),
	    "a short question among the headlines is one of them");
	ok(furniture("Will the pool close?\n"
	    "The council voted to close the pool on Monday.\n"
	    "Why did it vote so?\nIt will shut in September, it said.",
	    "...."), "a question above the last line of prose is the text");

	ok(furniture("By Anna Smith | Posted on January 25, 2023 by admin\n"
	    "The council voted to close the pool.\n"
	    "It will shut in September, the council said.\n"
	    "(Photo: Anna Smith / Reuters)\n"
	    "The pool opened in 1931.\nTags: Local, Council, Pools",
	    "F..F.F"), "bylines, captions and tags by nclean's line patterns");
	ok(furniture("By the river the council voted to close the pool.\n"
	    "Posted on the notice board, the plan drew a crowd.", ".."),
	    "but not prose that begins like them");

	test_kinds();
	nt_spotw_free(words);
	nt_furn_free(furn);
	nt_buf_free(&err);
	return done();
}
