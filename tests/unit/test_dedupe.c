/*
 * Unit tests for lib/dedupe/dedupe.c through dedupe.h: exact copies,
 * copies that differ only in spacing and case, near copies, stories
 * kept apart, a state file shared by two runs, --max-age values, the
 * fields --annotate adds (through the record loop, as ndedupe runs),
 * and a pair verified from signatures as the stages do.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cli.h"
#include "core/parrun.h"
#include "dedupe/dedupe.h"
#include "dedupe/kind.h"
#include "core/util.h"
#include "t.h"

static char tmpdir[] = "/tmp/test_dedupe.XXXXXX";

static const char A[] =
    "The port authority said on Tuesday that the new harbour bridge would "
    "open to traffic in March, two months later than planned, after "
    "engineers found cracks in two of its steel cables.\n"
    "The bridge, which links the container terminal with the northern ring "
    "road, was due to carry about 40,000 vehicles a day once finished, the "
    "authority said in a statement.\n"
    "Repairs to the cables will cost around 12 million euros, a "
    "spokeswoman said, adding that the contractor had agreed to pay for "
    "most of the work.\n"
    "Local businesses have complained that the delay will keep lorries on "
    "the narrow streets of the old town for another winter.";

/* A in capitals and with its spacing changed. */
static const char A_SPACED[] =
    "THE PORT AUTHORITY said on Tuesday that the new harbour bridge would "
    "open to traffic in March,  two months later than planned, after "
    "engineers found cracks in two of its steel cables.\r\n\r\n"
    "The bridge, which links the container terminal with the northern ring "
    "road, was due to carry about 40,000 vehicles a day once finished, the "
    "authority said in a statement.\n"
    "Repairs to the cables will cost around 12 million euros, a "
    "spokeswoman said, adding that the contractor had agreed to pay for "
    "most of the work.\n"
    "Local businesses have complained that the delay will keep lorries on "
    "the narrow streets of the old town for another winter.  ";

/* A without its last paragraph, and a word changed. */
static const char A_NEAR[] =
    "The port authority said on Tuesday that the new harbour bridge would "
    "open to traffic in March, two months later than planned, after "
    "inspectors found cracks in two of its steel cables.\n"
    "The bridge, which links the container terminal with the northern ring "
    "road, was due to carry about 40,000 vehicles a day once finished, the "
    "authority said in a statement.\n"
    "Repairs to the cables will cost around 12 million euros, a "
    "spokeswoman said, adding that the contractor had agreed to pay for "
    "most of the work.";

/* A's template with other figures: another story. */
static const char A_FIGURES[] =
    "The port authority said on Tuesday that the new harbour bridge would "
    "open to traffic in March, two months later than planned, after "
    "engineers found cracks in two of its steel cables.\n"
    "The bridge, which links the container terminal with the northern ring "
    "road, was due to carry about 65,000 vehicles a day once finished, the "
    "authority said in a statement.\n"
    "Repairs to the cables will cost around 31 million euros, a "
    "spokeswoman said, adding that the contractor had agreed to pay for "
    "most of the work.\n"
    "Local businesses have complained that the delay will keep lorries on "
    "the narrow streets of the old town for another winter.";

static const char B[] =
    "The city council approved a budget of 310 million dollars for next "
    "year on Monday, cutting spending on roads and parks to pay for more "
    "teachers and a new fire station in the east of the city.\n"
    "Council members voted 9 to 4 in favour of the plan after a debate "
    "that lasted more than six hours, with opponents saying the cuts would "
    "hurt poorer neighbourhoods the most.";

static int
check(struct nt_dedupe *d, const char *text, const char *id,
    struct nt_dverdict *v)
{
	return nt_dedupe_check(d, text, strlen(text), id, strlen(id), v);
}

/* The verdict's "of" as a string, for comparing. */
static const char *
of(const struct nt_dverdict *v)
{
	static char s[64];

	snprintf(s, sizeof(s), "%.*s", v->of ? (int)v->oflen : 6,
	    v->of ? v->of : "(none)");
	return s;
}

static void
test_memory(void)
{
	struct nt_dedupe_opt o = NT_DEDUPE_OPT_INIT;
	struct nt_dedupe *d = nt_dedupe_new(&o);
	struct nt_dverdict v;

	ok(check(d, A, "\"a1\"", &v) == 0 && !v.dup, "a first story is kept");
	ok(check(d, B, "\"b1\"", &v) == 0, "a different story is kept");
	ok(check(d, A, "\"a2\"", &v) == 1 && v.how == 1 && v.sim == 1,
	    "an exact copy is found by its bytes");
	is_str(of(&v), "\"a1\"", "... as a copy of the first");
	ok(check(d, A_SPACED, "\"a3\"", &v) == 1 && v.how == 2 && v.sim == 1,
	    "case, spacing and CRLF do not hide a copy");
	is_str(of(&v), "\"a1\"", "... of the first");
	ok(check(d, A_NEAR, "\"a4\"", &v) == 1 && v.how == 3 &&
	    v.sim >= 0.8 && v.sim < 1, "a copy with a paragraph less and a "
	    "word changed is near (%.3f)", v.sim);
	is_str(of(&v), "\"a1\"", "... of the first");
	ok(check(d, A_NEAR, "\"a5\"", &v) == 1 && v.how == 1 && v.sim >= 0.8 &&
	    v.sim < 1, "a copy of a copy keeps the similarity it had");
	is_str(of(&v), "\"a1\"", "... and points at the record kept");
	ok(check(d, A_FIGURES, "\"r1\"", &v) == 0,
	    "the same template with other figures is another story");
	ok(check(d, "", "\"e1\"", &v) == 0 &&
	    check(d, " \n", "\"e2\"", &v) == 0, "texts with no words are kept");
	ok(check(d, "[ad_1]\nSource link", "\"e3\"", &v) == 0,
	    "boilerplate only is not a copy of an empty text");
	ok(check(d, "", "\"e4\"", &v) == 1 && v.how == 1,
	    "an empty text again is an exact copy");
	is_str(of(&v), "\"e1\"", "... of the first empty one");
	nt_dedupe_free(d);

	o.threshold = 1;
	d = nt_dedupe_new(&o);
	check(d, A, "1", &v);
	ok(check(d, A_NEAR, "2", &v) == 0, "threshold 1 keeps near copies");
	ok(check(d, A_SPACED, "3", &v) == 1 && v.how == 2,
	    "and still drops normalised ones");
	nt_dedupe_free(d);
	nt_dedupe_free(NULL);
}

static void
test_state(void)
{
	struct nt_dedupe_opt o = NT_DEDUPE_OPT_INIT;
	struct nt_dedupe *d;
	struct nt_dverdict v;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/st.db", tmpdir);
	o.state = path;
	d = nt_dedupe_new(&o);
	ok(check(d, A, "\"a1\"", &v) == 0, "with a state file: kept");
	ok(check(d, A_NEAR, "\"a4\"", &v) == 1 && v.how == 3,
	    "with a state file: a near copy in the same run");
	nt_dedupe_free(d);
	ok(access(path, F_OK) == 0, "the state file is made");
	d = nt_dedupe_new(&o);
	ok(check(d, A_SPACED, "\"a3\"", &v) == 1 && v.how == 2,
	    "the next run remembers the text");
	is_str(of(&v), "\"a1\"", "... and its id");
	ok(check(d, A_NEAR, "\"a9\"", &v) == 1 && v.how == 1,
	    "and the duplicates it saw");
	is_str(of(&v), "\"a1\"", "... pointing at the record kept");
	ok(check(d, B, "\"b1\"", &v) == 0, "a new story is still kept");
	nt_dedupe_free(d);
	unlink(path);
}

static void
test_age(void)
{
	int64_t s = -1;

	ok(nt_age_parse("30d", &s) == 0 && s == 30 * 86400, "30d");
	ok(nt_age_parse("12", &s) == 0 && s == 12 * 86400,
	    "days without a unit");
	ok(nt_age_parse("90s", &s) == 0 && s == 90, "seconds");
	ok(nt_age_parse("2w", &s) == 0 && s == 14 * 86400, "weeks");
	ok(nt_age_parse("3y", &s) == -1, "an unknown unit");
	ok(nt_age_parse("0", &s) == -1 && nt_age_parse("", &s) == -1 &&
	    nt_age_parse("-1d", &s) == -1 && nt_age_parse("5dd", &s) == -1,
	    "no age");
	ok(nt_age_parse("1000000000s", &s) == 0 &&
	    nt_age_parse("1000000001s", &s) == -1, "at most 10^9");
}

static int
write_file(const char *path, const char *body)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return -1;
	fputs(body, fp);
	return fclose(fp);
}

static char *
read_file(const char *path)
{
	static char buf[8192];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* Run the record loop over in with nt_dedupe_record, as ndedupe does. */
static int
run(const struct nt_dedupe_opt *o, const char *in, const char *out)
{
	struct nt_ctx ctx;
	struct nt_dedupe *d;
	struct nt_parrun fn = { .record = nt_dedupe_record,
	    .flags = NT_PARRUN_ANY | NT_PARRUN_SEQ,
	    .written = nt_dedupe_written };
	static const struct option none[] = { { NULL, 0, NULL, 0 } };
	static const struct nt_optdoc nodocs[] = { { NULL, 0, NULL } };
	char *argv[1];
	int status;

	argv[0] = (char *)(uintptr_t)in;
	nt_cli_init(&ctx, "test_dedupe", "usage: test_dedupe", "", none,
	    nodocs);
	nt_cli_opt(&ctx, 'o', out);
	d = nt_dedupe_new(o);
	nt_cli_start(&ctx, 1, argv);
	fn.arg = d;
	nt_parrun(&ctx, &fn, 1);
	nt_dedupe_end(&ctx, d);
	status = nt_cli_finish(&ctx);
	nt_dedupe_free(d);
	return status;
}

static void
test_records(void)
{
	struct nt_dedupe_opt o = NT_DEDUPE_OPT_INIT;
	char in[PATH_MAX], out[PATH_MAX];
	const char *got;

	snprintf(in, sizeof(in), "%s/in", tmpdir);
	snprintf(out, sizeof(out), "%s/out", tmpdir);
	write_file(in,
	    "{\"id\":\"1\",\"text\":\"Markets closed higher on Friday.\"}\n"
	    "{\"id\":\"2\",\"text\":\"Markets closed higher on Friday.\","
	    "\"dup\":false,\"similarity\":0.5}\n"
	    "{\"id\":\"3\",\"text\":\"Snow fell in the north overnight.\","
	    "\"dup_of\":\"9\",\"similarity\":0.5}\n"
	    "{\"text\":\"markets  CLOSED higher on friday\"}\n"
	    "{\"id\":\"5\",\"body\":\"no text\"}\n"
	    "{\"text\":\"Rain is due on Sunday in the south.\"}\n"
	    "{\"id\":\"7\",\"text\":\"Rain is due on Sunday in the "
	    "south.\"}\n");
	ok(run(&o, in, out) == 0, "the record loop succeeds");
	got = read_file(out);
	is_str(got,
	    "{\"id\":\"1\",\"text\":\"Markets closed higher on Friday.\"}\n"
	    "{\"id\":\"3\",\"text\":\"Snow fell in the north overnight.\","
	    "\"dup_of\":\"9\",\"similarity\":0.5}\n"
	    "{\"id\":\"5\",\"body\":\"no text\"}\n"
	    "{\"text\":\"Rain is due on Sunday in the south.\"}\n",
	    "duplicates are dropped, the rest comes out byte for byte");
	o.annotate = 1;
	ok(run(&o, in, out) == 0, "the record loop succeeds, annotating");
	got = read_file(out);
	is_str(got,
	    "{\"id\":\"1\",\"text\":\"Markets closed higher on Friday.\","
	    "\"dup\":false,\"story\":\"1\"}\n"
	    "{\"id\":\"2\",\"text\":\"Markets closed higher on Friday.\","
	    "\"dup\":true,\"similarity\":1.000,\"dup_of\":\"1\","
	    "\"dup_kind\":\"exact\",\"containment\":1.000,\"story\":\"1\"}\n"
	    "{\"id\":\"3\",\"text\":\"Snow fell in the north overnight.\","
	    "\"dup\":false,\"story\":\"3\"}\n"
	    "{\"text\":\"markets  CLOSED higher on friday\",\"dup\":true,"
	    "\"dup_of\":\"1\",\"dup_kind\":\"exact\",\"similarity\":1.000,"
	    "\"containment\":1.000,\"story\":\"1\"}\n"
	    "{\"id\":\"5\",\"body\":\"no text\"}\n"
	    "{\"text\":\"Rain is due on Sunday in the south.\","
	    "\"dup\":false,\"story\":6}\n"
	    "{\"id\":\"7\",\"text\":\"Rain is due on Sunday in the south.\","
	    "\"dup\":true,\"dup_of\":6,\"dup_kind\":\"exact\","
	    "\"similarity\":1.000,\"containment\":1.000,\"story\":6}\n",
	    "annotated: dup, dup_of, dup_kind, similarity, containment and "
	    "story, stale ones replaced or removed, a record without id known "
	    "by its number");
	unlink(in);
	unlink(out);
}

/* Signed apart and verified from the signatures, as one process does. */
static void
test_pair(void)
{
	struct nt_dedupe_opt o = NT_DEDUPE_OPT_INIT, shown = o;
	struct nt_dedupe *d = nt_dedupe_new(&o), *one;

	/* the process that shows kinds: --annotate */
	shown.annotate = 1;
	one = nt_dedupe_new(&shown);
	static struct nt_dsig a, near, figures;
	struct nt_dverdict v, want;

	check(one, A, "\"a1\"", &want);
	check(one, A_NEAR, "\"a2\"", &want);
	nt_dedupe_sig(d, A, strlen(A), &a);
	nt_dedupe_sig(d, A_NEAR, strlen(A_NEAR), &near);
	nt_dedupe_sig(d, A_FIGURES, strlen(A_FIGURES), &figures);
	ok(a.raw != near.raw && a.norm != near.norm && a.words && !a.furn,
	    "two texts sign apart");
	nt_dedupe_load(d, &near);
	ok(nt_dedupe_pair(d, &a.s, NT_DP_WORDS | NT_DP_FULL, &v) == 1 &&
	    v.how == 3 && v.sim == want.sim && v.cont == want.cont &&
	    v.kind == want.kind, "a near copy verified from signatures has "
	    "one process's similarity, containment and kind (%.3f)", v.sim);
	ok(nt_dedupe_pair(d, &a.s, NT_DP_FULL, &v) == 1 && v.how == 3,
	    "... in full too");
	nt_dedupe_load(d, &figures);
	ok(nt_dedupe_pair(d, &a.s, NT_DP_WORDS | NT_DP_FULL, &v) == 0 &&
	    !v.dup, "the template with other figures is no copy");
	ok(nt_dedupe_pair(d, &a.s, 0, &v) == 0, "verified as nothing, "
	    "nothing is a copy");
	nt_dedupe_free(d);
	nt_dedupe_free(one);
}

/*
 * Without --annotate or a state no kind is ever seen, and none is made:
 * the verdicts are those of a run that shows them, but for the kind.
 */
static void
test_unseen_kinds(void)
{
	static const char *texts[] = { A, A_SPACED, A_NEAR, A_FIGURES, B, A };
	struct nt_dedupe_opt o = NT_DEDUPE_OPT_INIT, shown = o;
	struct nt_dedupe *d, *one;
	struct nt_dverdict v, w;
	char id[8];
	size_t i;
	int same = 1, kinds = 0, dups = 0;

	shown.annotate = 1;
	d = nt_dedupe_new(&o);
	one = nt_dedupe_new(&shown);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		snprintf(id, sizeof(id), "\"%zu\"", i);
		same &= check(d, texts[i], id, &v) == check(one, texts[i], id,
		    &w) && v.how == w.how && v.sim == w.sim && v.cont == w.cont &&
		    v.oflen == w.oflen && (v.oflen == 0 ||
		    memcmp(v.of, w.of, v.oflen) == 0);
		dups += w.dup;
		kinds += w.dup && w.kind != NT_KIND_EXACT;
	}
	ok(same && dups >= 3 && kinds >= 1, "kinds not shown are not made: "
	    "the same verdicts (%d duplicates, %d not exact)", dups, kinds);
	nt_dedupe_free(d);
	nt_dedupe_free(one);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		printf("Bail out! no temporary directory\n");
		return 1;
	}
	test_memory();
	test_state();
	test_age();
	test_records();
	test_pair();
	test_unseen_kinds();
	rmdir(tmpdir);
	return done();
}
