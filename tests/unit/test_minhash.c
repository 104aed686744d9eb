/*
 * Unit tests for lib/dedupe_text (what counts as the same text) and
 * lib/minhash (sketches, keys and the similarity estimates).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dedupe/dedupe_text.h"
#include "dedupe/minhash.h"
#include "t.h"

static struct nt_dtext dt;

/* The word lists of the tree's data files (the tests run from its top). */
static void
lex(struct nt_dtext *t)
{
	struct nt_buf err = NT_BUF_INIT;

	if (nt_dtext_load(t, "data/nclean/rules.yaml", "data/ndedupe/words.yaml",
	    &err) < 0) {
		printf("Bail out! %s\n", err.p);
		exit(1);
	}
	nt_buf_free(&err);
}

static uint64_t
key(const char *s)
{
	nt_dtext_run(&dt, s, strlen(s));
	return nt_dtext_key(&dt);
}

static int
same(const char *a, const char *b)
{
	return key(a) == key(b);
}

/* Jaccard and containment of b in a, through nt_mh_run. */
static void
sim(const char *a, const char *b, struct nt_mh_sim *r)
{
	struct nt_mh ma, mb;
	struct nt_dtext db;

	nt_mh_init(&ma);
	nt_mh_init(&mb);
	lex(&db);
	nt_dtext_run(&dt, a, strlen(a));
	nt_mh_run(&ma, dt.tok, dt.ntok, 3);
	nt_dtext_run(&db, b, strlen(b));
	nt_mh_run(&mb, db.tok, db.ntok, 3);
	nt_mh_compare(ma.sketch, ma.nsketch, ma.n, mb.sketch, mb.nsketch,
	    mb.n, r);
	nt_mh_free(&ma);
	nt_mh_free(&mb);
	nt_dtext_free(&db);
}

static void
text(void)
{
	ok(same("The Bank said", "the  BANK said."), "case, spaces, punctuation");
	ok(same("it said\nmore", "it said\r\n\r\nmore"), "CRLF and blank lines");
	ok(same("the bank\xe2\x80\x99s view", "the bank's view"),
	    "curly and straight apostrophes");
	ok(same("a\xc2\xa0" "b", "a b"), "NBSP is a space");
	ok(same("inter\xe2\x80\x8bnational", "international"),
	    "a zero-width space inside a word is nothing");
	ok(same("caf\xc3\xa9 na\xc3\xafve", "cafe naive"), "accents");
	ok(same("caf\x65\xcc\x81", "caf\xc3\xa9"), "NFD and NFC");
	ok(same("The Reocrd was set", "The Record was set"),
	    "a swap of two inner letters");
	ok(same("profits fell", "profit fell"), "a plural s");
	ok(same("the company stated", "the firm said"), "synonyms");
	ok(!same("the bank said", "the bank sad"), "a missing letter counts");
	ok(!same("Shr 1.20 dlrs", "Shr 2.10 dlrs"), "numbers count exactly");
	ok(!same("Shr 1.20 dlrs", "Shr 1 20 dlrs"), "1.20 is one number");
	ok(same("Net 1,200,000", "Net 1,200,\xe2\x80\x8b" "000"),
	    "a zero-width space inside a number is nothing");
	ok(same("[ad_1]\nBody text here.\n[ad_2]\nSource link",
	    "Body text here."), "shortcodes and Source link are dropped");
	ok(same("Advertisement\nBody text here.\n"
	    "Share this article: Facebook Twitter Email\n"
	    "\xc2\xa9 2024 All rights reserved.", "Body text here."),
	    "share and copyright lines are dropped");
	ok(same("Body text here.\nSoruce lnik", "Body text here."),
	    "boilerplate with a typo is still boilerplate");
	ok(!same("Body text here.\nShares of the bank rose.",
	    "Body text here."), "a sentence about shares stays");
	key("Shr 25 cts\nPay May 1\nRecord 10");
	ok(dt.ntok == 8 && dt.nlines == 3, "tokens and lines counted");
	ok(__builtin_popcountll(dt.nums[0]) +
	    __builtin_popcountll(dt.nums[1]) == 3, "three numbers");
	ok(key("") == key(" \n\t"), "empty and blank texts are alike");
	ok(nt_dtext_word(&dt, "Record", 6) == nt_dtext_word(&dt, "reocrd", 6),
	    "nt_dtext_word agrees");
}

/*
 * A text over 1 MiB is read a piece at a time, each ending at a line
 * break: its lines, words and dropped lines come out as those of one
 * scan (here, as n times those of one stanza), and a line longer than a
 * piece keeps every word.
 */
static void
long_text(void)
{
	static const char stanza[] = "[ad_1]\nThe Bank said profits fell "
	    "by 1,200 dlrs.\nShare this article: Facebook Twitter Email\n"
	    "Anna Berg met Olaf in Kyiv.\n";
	size_t n = 40000, len = sizeof(stanza) - 1, i, ntok, nl, nb, bad = 0;
	uint64_t first[16];
	char *big = malloc(n * len + 1);

	nt_dtext_run(&dt, stanza, len);
	ntok = dt.ntok;
	nl = dt.nlines;
	nb = dt.nboiler;
	memcpy(first, dt.tok, ntok * sizeof(*first));
	for (i = 0; i < n; i++)
		memcpy(big + i * len, stanza, len);
	nt_dtext_run(&dt, big, n * len);
	for (i = 0; i < dt.ntok; i++)
		bad += dt.tok[i] != first[i % ntok];
	ok(ntok > 0 && ntok <= 16 && dt.ntok == n * ntok && bad == 0 &&
	    dt.nlines == n * nl && dt.nboiler == n * nb,
	    "a 4 MB text: words and lines as one stanza's, 40,000 times");
	for (i = 0; i < n * len; i++)
		if (big[i] == '\n')
			big[i] = ' ';
	nt_dtext_run(&dt, big, n * len);
	ok(dt.ntok >= n * ntok && dt.nlines == 1,
	    "one line of 4 MB keeps every word");
	free(big);
}

static void
minhash(void)
{
	static const char *lead =
	    "The port authority said the new bridge would open in March "
	    "after engineers found cracks in two of its steel cables.";
	static const char *more =
	    "\nRepairs will cost around twelve million euros, a spokeswoman "
	    "said, adding that the contractor had agreed to pay.\nLocal "
	    "businesses complained that the delay keeps lorries in town.";
	struct nt_mh m;
	struct nt_mh_sim r;
	char *full;
	uint64_t tok[1000];
	size_t i;

	full = malloc(strlen(lead) + strlen(more) + 1);
	memcpy(full, lead, strlen(lead));
	memcpy(full + strlen(lead), more, strlen(more) + 1);

	sim(full, full, &r);
	ok(r.jaccard == 1 && r.cont_a == 1 && r.cont_b == 1, "a text is itself");
	sim(full, lead, &r);
	ok(r.cont_b == 1 && r.jaccard < 0.5, "the first part is contained, "
	    "Jaccard is low (%.2f)", r.jaccard);
	sim("Markets closed higher on Monday", "Markets closed lower on Monday",
	    &r);
	ok(r.jaccard < 0.5, "one word in five changes most shingles");

	nt_mh_init(&m);
	nt_mh_run(&m, tok, 0, 3);
	ok(m.n == 0 && m.nkeys == 0, "no words, no shingles");
	for (i = 0; i < 1000; i++)
		tok[i] = (i + 1) * 0x9e3779b97f4a7c15ULL;
	nt_mh_run(&m, tok, 2, 3);
	ok(m.n == 1, "fewer words than a shingle make one shingle");
	nt_mh_run(&m, tok, 1000, 3);
	ok(m.n == 998 && m.nsketch == NT_MH_SKETCH, "a long text: %u shingles, "
	    "a full sketch", m.n);
	for (i = 1; i < m.nsketch; i++)
		if (m.sketch[i] <= m.sketch[i - 1])
			break;
	ok(i == m.nsketch, "the sketch is sorted and distinct");
	ok(m.nkeys >= NT_MH_MINKEYS && m.nkeys <= NT_MH_MAXKEYS, "keys");
	nt_mh_free(&m);
	free(full);
}

/* The words, masks and counts of two readings, all the same? */
static int
same_reading(const struct nt_dtext *a, const struct nt_dtext *b)
{
	return a->ntok == b->ntok && (a->ntok == 0 ||
	    memcmp(a->tok, b->tok, a->ntok * sizeof(*a->tok)) == 0) &&
	    memcmp(a->nums, b->nums, sizeof(a->nums)) == 0 &&
	    memcmp(a->names, b->names, sizeof(a->names)) == 0 &&
	    memcmp(a->vars, b->vars, sizeof(a->vars)) == 0 &&
	    a->nlines == b->nlines && a->nboiler == b->nboiler;
}

/*
 * nt_dtext_keep: the lines kept, read from the whole text's reading,
 * are what reading those lines again makes of them.
 */
static void
kept_lines(void)
{
	/* names, numbers, synonyms, boilerplate, a line of punctuation */
	static const char *const lines[] = {
		"Acme Corp stated on Monday that sales rose 12%.",
		"Share this article: Facebook Twitter Email",
		"The firm said Jane Doe will lead it from 2025.",
		"--- * ---",
		"Read more: Acme's chief, in an interview",
		"[ad_1]",
		"Analysts in Boston expect 3.5 billion in revenue.",
	};
	const size_t nl = sizeof(lines) / sizeof(lines[0]);
	/* which lines each case leaves out, a bit each */
	static const unsigned out[] = { 0x01, 0x02, 0x05, 0x0a, 0x40, 0x3e };
	struct nt_toks tk = NT_TOKS_INIT;
	struct nt_buf all = NT_BUF_INIT, kept = NT_BUF_INIT;
	struct nt_dtext db;
	uint8_t drop[256];
	size_t i, c, line;
	int same = 1, told = 1, boiler = 1;

	memset(&db, 0, sizeof(db));
	lex(&db);
	for (i = 0; i < nl; i++) {
		nt_buf_adds(&all, lines[i]);
		nt_buf_adds(&all, i + 1 < nl ? "\n\n" : "\n");
	}
	for (c = 0; c < sizeof(out) / sizeof(out[0]); c++) {
		nt_buf_reset(&kept);
		for (i = 0; i < nl; i++) {
			if (out[c] >> i & 1)
				continue;
			if (kept.len > 0)
				nt_buf_addc(&kept, '\n');
			nt_buf_adds(&kept, lines[i]);
		}
		nt_tok_run(&tk, all.p, all.len);
		for (i = 0, line = 0; i < tk.n && i < sizeof(drop); i++) {
			if (i > 0 && (tk.t[i].f & NT_TF_NL))
				line++;
			drop[i] = out[c] >> line & 1;
		}
		nt_dtext_run_toks(&dt, all.p, all.len, &tk);
		boiler &= dt.nboiler == 2;
		told &= nt_dtext_keep(&dt, drop) == 1;
		nt_dtext_run(&db, kept.p, kept.len);
		same &= same_reading(&dt, &db) &&
		    nt_dtext_key(&dt) == nt_dtext_key(&db);
	}
	ok(told, "nt_dtext_keep after nt_dtext_run_toks");
	ok(same, "the lines kept read as those lines alone");
	ok(boiler, "the share line and the shortcode are boilerplate");
	nt_dtext_run(&dt, all.p, all.len);
	ok(nt_dtext_keep(&dt, drop) == 0, "nothing kept from nt_dtext_run");
	nt_toks_free(&tk);
	nt_buf_free(&all);
	nt_buf_free(&kept);
	nt_dtext_free(&db);
}

static void
estimates(void)
{
	/* Two big sets: a[0..3000) and b[1000..4000); J = 0.5. */
	struct nt_mh a, b;
	struct nt_mh_sim r;
	uint64_t *t;
	size_t i;

	t = malloc(5000 * sizeof(*t));
	for (i = 0; i < 5000; i++)
		t[i] = (i + 7) * 0xd6e8feb86659fd93ULL;
	nt_mh_init(&a);
	nt_mh_init(&b);
	nt_mh_run(&a, t, 3000, 1);
	nt_mh_run(&b, t + 1000, 3000, 1);
	nt_mh_compare(a.sketch, a.nsketch, a.n, b.sketch, b.nsketch, b.n, &r);
	ok(r.jaccard > 0.4 && r.jaccard < 0.6, "Jaccard estimate %.3f ~ 0.5",
	    r.jaccard);
	/* b[0..600) is inside a: containment 1, Jaccard 0.2. */
	nt_mh_run(&b, t, 600, 1);
	nt_mh_compare(a.sketch, a.nsketch, a.n, b.sketch, b.nsketch, b.n, &r);
	ok(r.cont_b > 0.9, "containment estimate %.3f ~ 1", r.cont_b);
	ok(r.jaccard > 0.1 && r.jaccard < 0.3, "Jaccard estimate %.3f ~ 0.2",
	    r.jaccard);
	nt_mh_free(&a);
	nt_mh_free(&b);
	free(t);
}

/* The key of s read from its tokens by t (whose memo keeps what it read). */
static uint64_t
toks_key(struct nt_dtext *t, struct nt_toks *tk, const char *s)
{
	nt_tok_run(tk, s, strlen(s));
	nt_dtext_run_toks(t, s, strlen(s), tk);
	return nt_dtext_key(t);
}

/*
 * A word read again comes from the memo: what it makes must not depend
 * on a look-alike read before it ("cops" and the abbreviation "C.O.P.S.",
 * whose folded forms are the same; "1000" and "1,000").
 */
static void
memo(void)
{
	static const char *const pair[][2] = {
		{ "The cops said the meeting was over.",
		    "The C.O.P.S. said the meeting was over." },
		{ "Shares rose to 1000 yen.", "Shares rose to 1,000 yen." },
		{ "Acme Corp rose.", "ACME CORP rose." },
	};
	struct nt_dtext fresh;
	struct nt_toks tk = NT_TOKS_INIT;
	size_t i, j;
	uint64_t after, alone;
	int ok_all = 1;

	for (i = 0; i < sizeof(pair) / sizeof(pair[0]); i++)
		for (j = 0; j < 2; j++) {
			memset(&fresh, 0, sizeof(fresh));
			lex(&fresh);
			alone = toks_key(&fresh, &tk, pair[i][1 - j]);
			nt_dtext_free(&fresh);
			(void)toks_key(&dt, &tk, pair[i][j]);
			after = toks_key(&dt, &tk, pair[i][1 - j]);
			ok_all &= after == alone;
		}
	ok(ok_all, "a word reads the same after a look-alike as alone");
	ok(toks_key(&dt, &tk, pair[0][0]) != toks_key(&dt, &tk, pair[0][1]),
	    "an abbreviation is another word than its letters");
	nt_toks_free(&tk);
}

int
main(void)
{
	lex(&dt);
	text();
	long_text();
	minhash();
	kept_lines();
	memo();
	estimates();
	nt_dtext_free(&dt);
	return done();
}
