/* Unit tests for lib/rules.c and lib/clean.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "clean/clean.h"
#include "clean/rules.h"
#include "text/norm.h"
#include "t.h"

static char path[] = "/tmp/test_clean.XXXXXX";

static int
load(struct nt_rules *rs, const char *yaml, struct nt_buf *err)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return -2;
	fputs(yaml, fp);
	fclose(fp);
	return nt_rules_load(rs, path, 1, err);
}

/* The error with the temporary file's name taken out. */
static const char *
msg(struct nt_buf *err)
{
	size_t n = strlen(path);

	nt_buf_add(err, "", 0);
	return strncmp(err->p, path, n) == 0 ? err->p + n : err->p;
}

static const char *
cleaned(struct nt_clean *c, const char *text)
{
	nt_clean_text(c, text, strlen(text), NULL, 0, 0);
	if (!c->changed)
		return text;
	nt_buf_add(&c->out, "", 0);
	return c->out.p;
}

static const char *
rule_of(struct nt_clean *c, size_t i)
{
	return i < c->nrm ? c->rm[i].rule : "(none)";
}

/* Line s[..n) at lengths up to 700: does the prefilter let it by? */
static void
try_line(struct nt_rules *rs, const char *s, size_t n, int *wrong,
    int *matched)
{
	size_t nch = nt_utf8_count(s, n);
	long m = nt_rules_phrase(rs, s, n, nch);

	if (m >= 0)
		(*matched)++;
	if (m >= 0 && !nt_rules_phrase_maybe(rs, s, n, nch) && *wrong == 0) {
		printf("# missed rule %s: '%.*s'\n", rs->r[m].id, (int)n, s);
		(*wrong)++;
	}
}

/* s[0..n) in upper case (mode 1) or with each word capitalised (2). */
static void
recase(char *s, size_t n, int mode)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= 'a' && s[i] <= 'z' && (mode == 1 || i == 0 ||
		    s[i - 1] == ' '))
			s[i] = (char)(s[i] - 32);
}

/*
 * nt_rules_phrase_maybe says 0 only where nt_rules_phrase finds nothing:
 * every phrase of the built-in rules, and some of a user's, in lines of
 * many lengths with the phrase at many places (across the 64-byte
 * blocks the prefilter reads), in three cases; and it does say 0 for
 * most prose.
 */
static void
prefilter(void)
{
	static const char filler[] = "The budget committee said on Tuesday "
	    "that 40 people had left the city, and that officials would meet "
	    "again next week to draft a plan for the fiscal year, with the "
	    "governor's support. The minister added that talks went on. "
	    "Prices rose 3.5% in May, the fastest pace since 2021, while "
	    "wages lagged behind. Analysts expect more of the same in June. "
	    "Shares fell in early trading and the bank's chief declined to "
	    "comment on the talks, which began in March and went on all "
	    "through the spring and into the summer months of that year.";
	static const size_t lens[] = { 100, 150, 199, 220, 300, 400, 601, 700 };
	static const size_t at[] = { 0, 13, 50, 61, 62, 63, 64, 65, 120 };
	struct nt_rules rs;
	struct nt_buf err = NT_BUF_INIT;
	char line[2048], prose[1024];
	const char *ph;
	size_t i, j, a, l, n, pl, c;
	int wrong = 0, matched = 0, quiet = 0;

	/* The filler again and again: longer than any line made of it. */
	for (n = 0; n < sizeof(prose); n++)
		prose[n] = filler[n % (sizeof(filler) - 1)];
	nt_rules_init(&rs);
	ok(nt_rules_load(&rs, "data/nclean/rules.yaml", 0, &err) == 0 &&
	    load(&rs, "rules:\n"
	    "  - id: t-abbr\n    contains: [\"usa go\"]\n"
	    "  - id: t-num\n    contains: [\"1234 5678\"]\n    max_chars: 150\n"
	    "  - id: t-apos\n    contains: [\"can't stop\"]\n"
	    "  - id: t-pre\n    prefix: [\"3d printing\"]\n    max_chars: 160\n"
	    "  - id: t-abbr-pre\n    prefix: [\"us troops\"]\n"
	    "    max_chars: 300\n",
	    &err) == 0 && nt_rules_stopwords(&rs, "data/nclean/stopwords.yaml",
	    &err) == 0 && nt_rules_finish(&rs, &err) == 0,
	    "the built-in rules and some of a user's load");
	for (i = 0; i < rs.n; i++) {
		if (rs.r[i].kind != NT_RK_PREFIX &&
		    rs.r[i].kind != NT_RK_CONTAINS)
			continue;
		for (j = 0; j < rs.r[i].nlines; j++) {
			ph = rs.r[i].lines[j];
			pl = strlen(ph);
			for (a = 0; a < sizeof(at) / sizeof(at[0]); a++)
			for (l = 0; l < sizeof(lens) / sizeof(lens[0]); l++)
			for (c = 0; c < 3; c++) {
				n = rs.r[i].kind == NT_RK_PREFIX ? 0 : at[a];
				if (n + pl + 1 >= lens[l])
					continue;
				memcpy(line, prose, n);
				memcpy(line + n, ph, pl);
				line[n + pl] = ' ';
				memcpy(line + n + pl + 1, prose + n,
				    lens[l] - n - pl - 1);
				line[lens[l] - 1] = '.';
				recase(line + n, pl, (int)c);
				try_line(&rs, line, lens[l], &wrong, &matched);
			}
		}
	}
	n = (size_t)snprintf(line, sizeof(line), "%.80s the U.S.A. go "
	    "poll %.80s", filler, filler + 100);
	try_line(&rs, line, n, &wrong, &matched);
	n = (size_t)snprintf(line, sizeof(line), "U.S. troops %.150s",
	    filler);
	try_line(&rs, line, n, &wrong, &matched);
	ok(wrong == 0 && matched > 1000, "no line a phrase matches is passed "
	    "over (%d matched)", matched);
	for (i = 0; i + 200 < sizeof(filler); i += 7)
		quiet += !nt_rules_phrase_maybe(&rs, filler + i, 200, 200);
	ok(quiet * 10 > (int)i / 7 * 9, "but most prose is (%d of %zu)", quiet,
	    i / 7);
	nt_rules_free(&rs);
	nt_buf_free(&err);
}

/* nt_rules_key the slow way: normalised always, every ending tried. */
static void
key_slow(const char *s, size_t n, struct nt_buf *out)
{
	static const char *const ends[] = { "\xc2\xbb", "\xe2\x80\xba",
	    "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\xa6", "\xe2\x86\x92" };
	utf8proc_uint8_t *fold;
	utf8proc_ssize_t fl;
	size_t i, l = 0;
	int ascii = 1, more = 1;

	nt_buf_reset(out);
	nt_norm_line(s, n, 0, out);
	for (i = 0; i < out->len; i++) {
		if (out->p[i] >= 'A' && out->p[i] <= 'Z')
			out->p[i] = (char)(out->p[i] + 32);
		ascii &= (unsigned char)out->p[i] < 0x80;
	}
	if (!ascii && (fl = utf8proc_map((const utf8proc_uint8_t *)out->p,
	    (utf8proc_ssize_t)out->len, &fold, UTF8PROC_STABLE |
	    UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD)) >= 0) {
		nt_buf_reset(out);
		nt_buf_add(out, fold, (size_t)fl);
		free(fold);
	}
	while (more && out->len > 0) {
		l = 1;
		more = memchr(" :.|>-", out->p[out->len - 1], 7) != NULL;
		for (i = 0; !more && i < sizeof(ends) / sizeof(ends[0]); i++) {
			l = strlen(ends[i]);
			more = out->len >= l && memcmp(out->p + out->len - l,
			    ends[i], l) == 0;
		}
		if (more)
			nt_buf_trunc(out, out->len - l);
	}
}

/*
 * nt_rules_key, which copies a line that is normalised already and
 * looks at one byte for an ASCII ending, gives the slow way's key.
 */
static void
rules_key(void)
{
	static const char *const lines[] = { "Read more", "Read more:",
	    "Read more ...", "Share  this", " Share this ", "Tom &amp; Jerry",
	    "<b>Menu</b> >", "Next \xc2\xbb", "Next \xe2\x80\xba", "A \xe2\x80\x94",
	    "Wait\xe2\x80\xa6", "Go \xe2\x86\x92 |", "Caf\xc3\xa9 :", "|-:.",
	    "", ":", "x\0", "Line\tbreak", "x\x7f y", "NEWS - ",
	    "\xc3\x89T\xc3\x89 \xc2\xbb", "Cafe\xcc\x81", "Stra\xc3\x9f\xc3\x9f ." };
	struct nt_buf fast = NT_BUF_INIT, slow = NT_BUF_INIT;
	size_t i, n;
	int wrong = 0;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		n = strlen(lines[i]) + (strcmp(lines[i], "x") == 0);
		nt_rules_key(lines[i], n, &fast);
		key_slow(lines[i], n, &slow);
		if (fast.len != slow.len || memcmp(fast.p, slow.p, fast.len))
			wrong++;
	}
	ok(wrong == 0, "a line's key, fast and slow, is the same");
	nt_buf_free(&fast);
	nt_buf_free(&slow);
}

/* nt_rules_pattern the slow way: every rule tried on every line. */
static long
pattern_slow(struct nt_rules *rs, const char *s, size_t n, size_t nch)
{
	size_t g, i, ms, me;
	struct nt_rule *r;

	for (g = 0; g < 2; g++)
		for (i = 0; i < rs->grp[g].n; i++) {
			r = &rs->r[rs->grp[g].rule[i]];
			if (nch <= r->max_chars &&
			    nt_re_search(&r->re, s, n, 0, &ms, &me) == 1)
				return (long)rs->grp[g].rule[i];
		}
	return -1;
}

/*
 * The line patterns' prefilters (the first bytes, nt_rules_prefix, and
 * the bytes a pattern needs, nt_re_maybe) pass over no line a pattern
 * matches, in any case, and still refuse most lines.
 */
static void
pattern_prefilter(void)
{
	static const char *const lines[] = {
		"12 comments on this story", "Three responses to \"Budget\"",
		"Tags: budget, tax", "Photo: Jane Doe/AP", "By John Smith",
		"By Ana de la Cruz, Staff Writer", "Posted on: 3 May 2021",
		"Published 14:02, 3 May 2021", "Reporting by Jane Doe; editing",
		"3 hours ago", "Copyright 2020 The Paper", "Copyright (c) 2019",
		"Related: The budget vote", "Trending: Budget vote", "LIVE",
		"Live updates", "Watch live", "Rating: 4", "12 votes",
		"Mon, Jan 3, 2022", "2022-01-03 10:00", "Comments (4)", "[4 comments]",
		"Jane Doe says:", "In this file photo, the minister speaks",
		"This undated image shows the site", "Image: Reuters",
		"Filed under: Politics", "(Photo by John Doe/Getty Images)",
		"\xc2\xa9 2021 The Paper", "The Capital Wire (capitalwire.com)",
		"The minister said on Tuesday that the budget would pass.",
		"\"We will not stop,\" she said.", "- a dash", "",
	};
	struct nt_rules rs;
	struct nt_buf err = NT_BUF_INIT;
	char line[256];
	size_t i, j, c, n, nch;
	uint64_t m;
	long want, got;
	int wrong = 0, matched = 0, refused = 0;

	nt_rules_init(&rs);
	ok(nt_rules_load(&rs, "data/nclean/rules.yaml", 0, &err) == 0 &&
	    nt_rules_finish(&rs, &err) == 0, "the built-in rules load");
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		for (c = 0; c < 3; c++) {
			n = strlen(lines[i]);
			memcpy(line, lines[i], n);
			recase(line, n, (int)c);
			nch = nt_utf8_count(line, n);
			want = pattern_slow(&rs, line, n, nch);
			got = nt_rules_pattern(&rs, line, n, nch);
			wrong += want != got;
			matched += want >= 0;
			m = n > 0 ? nt_rules_prefix(&rs, line, n > 1 ? 2 : 1) :
			    ~(uint64_t)0;
			for (j = 0; j < rs.grp[0].n; j++)
				refused += !(m >> j & 1);
		}
	ok(wrong == 0 && matched > 60, "the prefilters pass over no line a "
	    "pattern matches (%d matched)", matched);
	ok(refused > 1000, "and refuse most rules by a line's first bytes "
	    "(%d)", refused);
	nt_rules_free(&rs);
	nt_buf_free(&err);
}

int
main(void)
{
	struct nt_rules rs;
	struct nt_clean c;
	struct nt_buf err = NT_BUF_INIT, js = NT_BUF_INIT;
	const char *t;
	int fd;

	if ((fd = mkstemp(path)) < 0)
		return 1;
	close(fd);

	/* Rule files. */
	nt_rules_init(&rs);
	ok(load(&rs, "rules:\n  - id: a\n    pattern: 'x('\n", &err) == -1,
	    "a bad pattern is an error");
	is_str(msg(&err), ":3:14: rule 'a': bad pattern: missing closing "
	    "parenthesis at offset 2", "naming line, column and offset");
	ok(load(&rs, "rules:\n  - line: x\n", &err) == -1, "a rule needs an id");
	is_str(msg(&err), ":2:5: a rule needs an 'id'", "and says so");
	ok(load(&rs, "rules:\n  - id: a\n    line: x\n    pattern: y\n", &err) ==
	    -1, "one kind of match per rule");
	ok(load(&rs, "rules:\n  - id: a\n    remove: match\n    line: x\n",
	    &err) == -1, "remove: match needs a pattern");
	ok(load(&rs, "rules:\n  - id: a b\n    line: x\n", &err) == -1,
	    "ids have no spaces");
	ok(load(&rs, "rules:\n  - id: a\n    line: x\n    max_chars: -1\n",
	    &err) == -1, "max_chars is a positive number");
	ok(load(&rs, "bogus: 1\n", &err) == -1, "unknown top-level keys");
	is_str(msg(&err), ":1:1: unknown key 'bogus' (known: rules, disable, "
	    "heuristics, max_line_chars, boilerplate_words)", "are named");
	ok(load(&rs, "boilerplate_words: [share, [x]]\n", &err) == -1,
	    "boilerplate words are words");
	is_str(msg(&err), ":1:28: 'boilerplate_words' must be a list of words",
	    "and a list that holds something else is named");
	ok(load(&rs, "heuristics: {title: no}\n", &err) == -1,
	    "only true and false are booleans");
	nt_rules_free(&rs);

	nt_rules_init(&rs);
	ok(load(&rs,
	    "rules:\n"
	    "  - id: exact\n    lines: [\"Source link\", \"See more\"]\n"
	    "    heading: true\n"
	    "  - id: pre\n    prefix: read more\n    max_chars: 60\n"
	    "  - id: has\n    contains: [click here, \xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xb0 \xd0\xb7\xd0\xb0\xd1\x89\xd0\xb8\xd1\x89\xd0\xb5\xd0\xbd\xd1\x8b]\n"
	    "  - id: cookie\n    contains: cookies\n    with: [site, policy]\n"
	    "  - id: pat\n    pattern: '^\\[\\d+\\]$'\n"
	    "  - id: span\n    pattern: '\\[ad_\\d\\]'\n    remove: match\n"
	    "  - id: gone\n    line: x\n"
	    "disable: [gone]\n", &err) == 0, "a rule file of every kind");
	ok(nt_rules_stopwords(&rs, "data/nclean/stopwords.yaml", &err) == 0,
	    "the stop words load");
	ok(nt_rules_finish(&rs, &err) == 0, "and compile");

	ok(nt_rules_line(&rs, "SOURCE LINK:", 12) >= 0,
	    "exact lines ignore case and trailing punctuation");
	ok(nt_rules_line(&rs, "Source links", 12) < 0, "but not other words");
	ok(nt_rules_line(&rs, "x", 1) < 0, "disabled rules are gone");
	ok(nt_rules_phrase(&rs, "Read more: the story", 20, 20) >= 0,
	    "a prefix at the start");
	ok(nt_rules_phrase(&rs, "Do read more", 12, 12) < 0,
	    "a prefix elsewhere is not one");
	ok(nt_rules_phrase(&rs, "Readmore", 8, 8) < 0,
	    "a prefix ends at a word boundary");
	ok(nt_rules_phrase(&rs, "Read more: a story whose line is far too long "
	    "for the rule that has a limit", 75, 75) < 0, "max_chars holds");
	ok(nt_rules_phrase(&rs, "For the rest, \xe2\x80\x9c" "Click  Here\xe2\x80\x9d now.",
	    33, 29) >= 0, "contains: any case, after punctuation, any spacing");
	ok(nt_rules_phrase(&rs, "Don't clickhere", 15, 15) < 0,
	    "contains matches whole words");
	ok(nt_rules_phrase(&rs, "\xd0\x92\xd1\x81\xd0\xb5 \xd0\x9f\xd1\x80\xd0\xb0\xd0\xb2\xd0\xb0 "
	    "\xd0\x97\xd0\xb0\xd1\x89\xd0\xb8\xd1\x89\xd0\xb5\xd0\xbd\xd1\x8b", 35, 19) >= 0,
	    "contains folds case beyond ASCII");
	ok(nt_rules_phrase(&rs, "We bake cookies with butter", 27, 27) < 0,
	    "'with' words must appear too");
	ok(nt_rules_phrase(&rs, "This site uses cookies", 22, 22) >= 0,
	    "and then the rule matches");
	ok(nt_rules_phrase(&rs, "Read more: click here", 21, 21) == 1,
	    "of two phrases on a line, the one that starts first wins");
	ok(nt_rules_phrase(&rs, "Now click here, or read more", 28, 28) == 2,
	    "a contains phrase is found by its longest word, at any place");
	ok(nt_rules_pattern(&rs, "[12]", 4, 4) >= 0, "patterns match lines");
	ok(nt_rules_isstop(&rs, "the", 3) && !nt_rules_isstop(&rs, "house", 5),
	    "stop words");

	/* Cleaning. */
	nt_clean_init(&c, &rs, 0);
	t = cleaned(&c, "A first paragraph that is long enough to be prose, "
	    "it says.\n[12]\nSecond [ad_1]paragraph, which is also long enough to "
	    "count as prose.");
	is_str(t, "A first paragraph that is long enough to be prose, it says.\n"
	    "Second paragraph, which is also long enough to count as prose.",
	    "a line rule and a span rule");
	ok(c.nrm == 2, "two removals");
	nt_clean_explain(&c, "A first paragraph that is long enough to be prose, "
	    "it says.\n[12]\nSecond [ad_1]paragraph, which is also long enough to "
	    "count as prose.", 136, &js);
	nt_buf_add(&js, "", 0);
	is_str(js.p, "{\"removed\":[{\"rule\":\"pat\",\"text\":\"[12]\",\"start\":60,"
	    "\"end\":64},{\"rule\":\"span\",\"text\":\"[ad_1]\",\"start\":72,"
	    "\"end\":78}]}", "explained with code-point offsets");

	t = cleaned(&c, " date 2023-01-17 Officials met on Tuesday to discuss the "
	    "plan, the ministry said.\nThey agreed to meet again next month, "
	    "according to a statement.");
	is_str(c.date, "2023-01-17", "a leading date is found");
	ok(strncmp(t, "Officials met", 13) == 0, "and taken out of the text");
	t = cleaned(&c, "date 2023-13-17 Not a date at the start of this line, "
	    "which is long enough.");
	is_str(c.date, "", "an impossible date is not one");

	t = cleaned(&c, "Officials Agree on a Plan for Water\nOfficials met on "
	    "Tuesday and agreed on a plan to share water, the ministry said.");
	nt_buf_add(&c.title, "", 0);
	is_str(c.title.p, "Officials Agree on a Plan for Water",
	    "a headline the text speaks of is the title");
	t = cleaned(&c, "Stocks Fall in Tokyo Trading\nOfficials met on Tuesday "
	    "and agreed on a plan to share water, the ministry said.");
	ok(c.title.len == 0, "an unrelated one is not");

	t = cleaned(&c, "Big Story Here Today\nRain fell on the city for the "
	    "third day and\xe2\x80\xa6\nSee more\nThe river rose by two metres overnight, the "
	    "city said, and roads were closed.");
	ok(strstr(t, "Big Story") == NULL && strstr(t, "third day") == NULL,
	    "a teaser block goes with its 'see more' (%s)", rule_of(&c, 0));

	t = cleaned(&c, "The storm reached the coast on Monday night, "
	    "officials said.\nMarkets Rally as Rates Fall Again\nNew Phone "
	    "Launch Draws Long Queues\nLocal Team Wins Cup After Extra Time\n"
	    "The storm is expected to weaken as it moves inland.");
	ok(strstr(t, "Markets") == NULL && strstr(t, "Local Team") == NULL,
	    "a run of headlines goes");
	t = cleaned(&c, "Home\nNews\nSport\nWeather\nThe storm reached the coast "
	    "on Monday night, officials said, and many homes lost power.");
	is_str(t, "The storm reached the coast on Monday night, officials said, "
	    "and many homes lost power.", "a menu goes");
	t = cleaned(&c, "Shr 25 cts vs 30 cts\nNet 1,000 vs 2,000\nRevs 3.1 mln "
	    "vs 2.7 mln");
	is_str(t, "Shr 25 cts vs 30 cts\nNet 1,000 vs 2,000\nRevs 3.1 mln vs "
	    "2.7 mln", "a table of figures with no prose is left alone");
	t = cleaned(&c, "The company said profits rose in the quarter, helped by "
	    "strong sales.\nShr 25 cts vs 30 cts\nNet 1,000 vs 2,000");
	ok(strstr(t, "Net 1,000") != NULL, "figures next to prose stay");
	t = cleaned(&c, "");
	is_str(t, "", "an empty text");
	ok(!c.changed, "is unchanged");
	t = cleaned(&c, "\n\n");
	is_str(t, "", "blank lines go");

	nt_clean_free(&c);
	nt_rules_free(&rs);
	nt_buf_free(&err);
	nt_buf_free(&js);
	prefilter();
	pattern_prefilter();
	rules_key();
	unlink(path);
	return done();
}
