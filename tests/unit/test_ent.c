/*
 * Unit tests for lib/ent through ent.h: names of each type, values,
 * canonical names within a document, quotations, type filtering, user
 * gazetteers and code-point offsets.  The built-in gazetteers are the
 * tree's own (data/nentities), found through NTOOLS_DATA.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "ent/ent.h"
#include "t.h"

static struct nt_buf js;
static char tmpdir[] = "/tmp/test_ent.XXXXXX";

/* NTOOLS_DATA: the data directory two levels above this program. */
static int
use_tree_data(void)
{
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 16);
	int up;

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	for (up = 0; up < 3; up++) {
		if ((slash = strrchr(exe, '/')) == NULL)
			return -1;
		*slash = '\0';
	}
	strcat(exe, "/data");
	return setenv("NTOOLS_DATA", exe, 1);
}

/* The entities of text (with the record's date, or none) as JSON. */
static const char *
ents(struct nt_ents *x, const char *text, const char *date)
{
	nt_ents_run(x, text, strlen(text), date, date ? strlen(date) : 0);
	nt_ents_json(x, &js);
	return js.p;
}

static const char *
quotes(struct nt_ents *x, const char *text)
{
	nt_ents_run(x, text, strlen(text), NULL, 0);
	nt_ents_quotes_json(x, &js);
	return js.p;
}

/* Does the output hold this whole object (or any string)? */
static int
has(const char *json, const char *want)
{
	int found = strstr(json, want) != NULL;

	if (!found)
		printf("#   in   %s\n#   want %s\n", json, want);
	return found;
}

/* How many times s occurs in json. */
static int
count(const char *json, const char *s)
{
	int n = 0;

	for (; (json = strstr(json, s)) != NULL; json += strlen(s))
		n++;
	return n;
}

/* Byte offset of code point cp in s. */
static size_t
cp_byte(const char *s, size_t cp)
{
	size_t b = 0;

	for (; s[b] != '\0'; b++)
		if (((unsigned char)s[b] & 0xc0) != 0x80 && cp-- == 0)
			return b;
	return b;
}

/*
 * Is every "text" of the output the input's text between "start" and
 * "end", counted in code points?  The test texts need no escapes.
 */
static int
offsets_hold(const char *text, const char *json)
{
	const char *p = json, *q;
	size_t start, end, b0, b1;
	int n = 0;

	while ((p = strstr(p, "\"text\":\"")) != NULL) {
		p += 8;
		if ((q = strchr(p, '"')) == NULL || sscanf(q,
		    "\",\"start\":%zu,\"end\":%zu", &start, &end) != 2)
			return 0;
		b0 = cp_byte(text, start);
		b1 = cp_byte(text, end);
		if (b1 - b0 != (size_t)(q - p) ||
		    memcmp(text + b0, p, b1 - b0) != 0) {
			printf("#   '%.*s' is not at [%zu, %zu)\n",
			    (int)(q - p), p, start, end);
			return 0;
		}
		n++;
		p = q;
	}
	return n > 0;
}

static const char *
write_file(const char *name, const char *body)
{
	static char path[PATH_MAX];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	if ((fp = fopen(path, "w")) == NULL)
		return NULL;
	fputs(body, fp);
	fclose(fp);
	return path;
}

static void
test_names(struct nt_ents *x)
{
	const char *j;

	j = ents(x, "Lloyd Austin met NATO officials in Brussels.", NULL);
	ok(has(j, "{\"type\":\"person\",\"text\":\"Lloyd Austin\",\"start\":0,"
	    "\"end\":12,\"norm\":\"Lloyd Austin\"}"), "a person");
	ok(has(j, "{\"type\":\"organization\",\"text\":\"NATO\",\"start\":17,"
	    "\"end\":21,\"norm\":\"NATO\"}"),
	    "an organisation from the gazetteer");
	ok(has(j, "{\"type\":\"location\",\"text\":\"Brussels\",\"start\":35,"
	    "\"end\":43,\"norm\":\"Brussels\"}"), "a place from the gazetteer");
	j = ents(x, "The Ukrainian Defence Ministry and Acme Holdings Inc said "
	    "the Dnipro River rose near Mount Everest.", NULL);
	ok(has(j, "\"type\":\"organization\",\"text\":\"Acme Holdings Inc\""),
	    "an unknown organisation by the word that ends it");
	ok(has(j, "\"type\":\"organization\",\"text\":\"Ukrainian Defence "
	    "Ministry\""), "a ministry is an organisation");
	ok(has(j, "\"type\":\"location\",\"text\":\"Dnipro River\""),
	    "a place by the word that ends it");
	ok(has(j, "\"type\":\"location\",\"text\":\"Mount Everest\""),
	    "a place by the word that starts it");
	j = ents(x, "Gen. Valerii Zaluzhnyi spoke.", NULL);
	ok(has(j, "{\"type\":\"person\",\"text\":\"Valerii Zaluzhnyi\","
	    "\"start\":5,\"end\":22,"),
	    "a title is evidence, not part of the name");
	j = ents(x, "Meanwhile the talks went on. But Hours later, nothing.",
	    NULL);
	is_str(j, "[]", "sentence openers and ordinary words are no names");
	is_str(ents(x, "", NULL), "[]", "an empty text");
}

static void
test_norms(struct nt_ents *x)
{
	const char *j;

	j = ents(x, "Gen. Zaluzhnyi spoke first. Later Valerii Zaluzhnyi, the "
	    "commander, met Lloyd Austin. Zaluzhnyi thanked Austin.", NULL);
	ok(count(j, "\"norm\":\"Valerii Zaluzhnyi\"") == 3 &&
	    count(j, "\"type\":\"person\"") == 5,
	    "Gen. Zaluzhnyi, Zaluzhnyi and Valerii Zaluzhnyi share a norm");
	ok(has(j, "{\"type\":\"person\",\"text\":\"Zaluzhnyi\",\"start\":5,"
	    "\"end\":14,\"norm\":\"Valerii Zaluzhnyi\"}"),
	    "a mention before the full name takes it too");
	ok(has(j, "{\"type\":\"person\",\"text\":\"Austin\",\"start\":104,"
	    "\"end\":110,\"norm\":\"Lloyd Austin\"}"),
	    "Austin after Lloyd Austin is the person, not the city");
	j = ents(x, "Zaluzhnyi spoke.", NULL);
	ok(strstr(j, "Valerii") == NULL,
	    "a full name does not carry over to the next record");
	j = ents(x, "The Podilsk Farmers Union (PFU) said on Monday that PFU "
	    "members would strike.", NULL);
	ok(has(j, "{\"type\":\"organization\",\"text\":\"PFU\",\"start\":27,"
	    "\"end\":30,\"norm\":\"Podilsk Farmers Union\"}"),
	    "an acronym in brackets takes the name's type and norm");
	ok(has(j, "{\"type\":\"organization\",\"text\":\"PFU\",\"start\":52,"
	    "\"end\":55,\"norm\":\"Podilsk Farmers Union\"}"),
	    "and so does the acronym again");
}

static void
test_money_percent(struct nt_ents *x)
{
	const char *j;

	j = ents(x, "The army needs $4.5 million and €30bn, or 47 million "
	    "Canadian dollars; profit was 5.93 mln dlrs.", NULL);
	ok(has(j, "{\"type\":\"money\",\"text\":\"$4.5 million\",\"start\":15,"
	    "\"end\":27,\"norm\":\"4500000 USD\",\"value\":4500000,"
	    "\"currency\":\"USD\"}"), "dollars with a scale word");
	ok(has(j, "{\"type\":\"money\",\"text\":\"€30bn\",\"start\":32,"
	    "\"end\":37,\"norm\":\"30000000000 EUR\",\"value\":30000000000,"
	    "\"currency\":\"EUR\"}"), "a currency sign and a short scale");
	ok(has(j, "\"text\":\"47 million Canadian dollars\",\"start\":42,"
	    "\"end\":69,\"norm\":\"47000000 CAD\",\"value\":47000000,"
	    "\"currency\":\"CAD\"}"), "a currency named in words");
	ok(has(j, "\"text\":\"5.93 mln dlrs\",\"start\":82,\"end\":95,"
	    "\"norm\":\"5930000 USD\",\"value\":5930000,\"currency\":\"USD\"}"),
	    "wire-service abbreviations");
	j = ents(x, "Prices rose 3.5% in May and 12 percent in June, or 9.40 "
	    "pct.", NULL);
	ok(has(j, "{\"type\":\"percent\",\"text\":\"3.5%\",\"start\":12,"
	    "\"end\":16,\"norm\":\"3.5%\",\"value\":3.5}"), "a percent sign");
	ok(has(j, "\"text\":\"12 percent\",\"start\":28,\"end\":38,"
	    "\"norm\":\"12%\",\"value\":12}"), "percent in words");
	ok(has(j, "\"text\":\"9.40 pct\",\"start\":51,\"end\":59,"
	    "\"norm\":\"9.4%\",\"value\":9.4}"), "pct");
}

static void
test_dates_times(struct nt_ents *x)
{
	const char *j, *t;

	/* 2023-01-17 was a Tuesday. */
	t = "Prices fell yesterday and on Monday, after last week; next month "
	    "and three days ago too. It arrived on January 20, 2023, on "
	    "2023-04-25 and on April 21.";
	j = ents(x, t, "2023-01-17T08:00:00Z");
	ok(has(j, "\"text\":\"yesterday\",\"start\":12,\"end\":21,"
	    "\"value\":\"2023-01-16\"}"),
	    "yesterday against the record's date");
	ok(has(j, "\"text\":\"Monday\",\"start\":29,\"end\":35,"
	    "\"value\":\"2023-01-16\"}"), "a weekday is the last one before");
	ok(has(j, "\"text\":\"last week\",\"start\":43,\"end\":52,"
	    "\"value\":\"2023-W02\"}"), "last week as an ISO week");
	ok(has(j, "\"text\":\"next month\",\"start\":54,\"end\":64,"
	    "\"value\":\"2023-02\"}"), "next month");
	ok(has(j, "\"text\":\"three days ago\",\"start\":69,\"end\":83,"
	    "\"value\":\"2023-01-14\"}"), "three days ago");
	ok(has(j, "\"text\":\"January 20, 2023\",\"start\":103,\"end\":119,"
	    "\"value\":\"2023-01-20\"}"), "an absolute date");
	ok(has(j, "\"text\":\"2023-04-25\",\"start\":124,\"end\":134,"
	    "\"value\":\"2023-04-25\"}"), "an ISO date");
	ok(has(j, "\"text\":\"April 21\",\"start\":142,\"end\":150,"
	    "\"value\":\"2023-04-21\"}"), "a day without a year takes the "
	    "record's");
	j = ents(x, t, NULL);
	ok(has(j, "\"text\":\"April 21\",\"start\":142,\"end\":150,"
	    "\"value\":\"--04-21\"}"), "without a record date: partial");
	ok(has(j, "{\"type\":\"date\",\"text\":\"Monday\",\"start\":29,"
	    "\"end\":35}"), "without a record date a weekday has no value");
	ok(has(j, "\"value\":\"2023-01-20\""), "an absolute date needs none");
	j = ents(x, "It began at 10:30 a.m., paused at 3 p.m. and ended at "
	    "noon.", NULL);
	ok(has(j, "{\"type\":\"time\",\"text\":\"10:30 a.m.\",\"start\":12,"
	    "\"end\":22,\"value\":\"10:30\"}"), "a clock time");
	ok(has(j, "{\"type\":\"time\",\"text\":\"3 p.m.\",\"start\":34,"
	    "\"end\":40,\"value\":\"15:00\"}"), "p.m. is after noon");
	ok(has(j, "\"text\":\"noon\",\"start\":54,\"end\":58,"
	    "\"value\":\"12:00\"}"), "noon");
}

static void
test_quantities(struct nt_ents *x)
{
	const char *j;

	j = ents(x, "The shipment weighed 40 tonnes and travelled 300 km with "
	    "14 Leopard 2 tanks.", NULL);
	ok(has(j, "{\"type\":\"quantity\",\"text\":\"40 tonnes\",\"start\":21,"
	    "\"end\":30,\"value\":40,\"unit\":\"tonnes\"}"),
	    "a unit of weight");
	ok(has(j, "{\"type\":\"quantity\",\"text\":\"300 km\",\"start\":45,"
	    "\"end\":51,\"value\":300,\"unit\":\"km\"}"),
	    "an abbreviated unit");
	ok(has(j, "\"text\":\"14 Leopard 2 tanks\",\"start\":57,\"end\":75,"
	    "\"value\":14,\"unit\":\"tanks\"}"), "a count of things");
}

static void
test_quotes(struct nt_ents *x)
{
	const char *j, *t;

	t = "Valerii Zaluzhnyi met reporters. \"We need more shells now,\" "
	    "Zaluzhnyi said. Lloyd Austin agreed. He said, \"Our support will "
	    "not waver at all.\"";
	j = quotes(x, t);
	ok(has(j, "{\"text\":\"We need more shells now,\",\"start\":34,"
	    "\"end\":58,\"speaker\":\"Zaluzhnyi\",\"speaker_norm\":"
	    "\"Valerii Zaluzhnyi\"}"), "a speaker after the quotation, "
	    "with the full name");
	ok(has(j, "{\"text\":\"Our support will not waver at all.\","
	    "\"start\":107,\"end\":141,\"speaker\":\"He\",\"speaker_norm\":"
	    "\"Lloyd Austin\"}"), "a pronoun speaker is the last person named");
	ok(offsets_hold(t, j), "quotation offsets");
	is_str(quotes(x, "The door closed. \"Not today, maybe tomorrow.\" The "
	    "rain fell."), "[]", "a quotation nobody said is left out");
	is_str(quotes(x, "\"Go now,\" Zaluzhnyi said."), "[]",
	    "a quotation of two words is none");
	nt_ents_quotes(x, 0);
	is_str(quotes(x, t), "[]", "quotations can be turned off");
	nt_ents_quotes(x, 1);
}

static void
test_offsets(struct nt_ents *x)
{
	const char *j, *t;

	t = "😀 Zürich: Ангела Меркель met Olaf Scholz in München, Germany. "
	    "日本 Tokyo welcomed Emmanuel Macron.";
	j = ents(x, t, NULL);
	ok(has(j, "\"text\":\"Zürich\",\"start\":2,\"end\":8,"),
	    "after a character beyond the BMP");
	ok(has(j, "{\"type\":\"person\",\"text\":\"Ангела Меркель\","
	    "\"start\":10,\"end\":24,"), "a name in Cyrillic");
	ok(has(j, "\"text\":\"Tokyo\",\"start\":65,\"end\":70,"),
	    "after CJK characters");
	ok(offsets_hold(t, j), "every entity is the text between its offsets");
}

static void
test_types(struct nt_ents *x)
{
	struct nt_ents *y = nt_ents_new();
	struct nt_buf err = NT_BUF_INIT;
	const char *t = "Lloyd Austin paid $5 million in Kyiv on Monday.";
	const char *j;

	ok(nt_ents_defaults(y, &err) == 0, "a second recogniser loads");
	ok(nt_ents_types(y, "person,money", &err) == 0, "known types");
	j = ents(y, t, NULL);
	ok(count(j, "\"type\":") == 2 && has(j, "\"type\":\"person\"") &&
	    has(j, "\"type\":\"money\""), "only the types asked for");
	ok(nt_ents_types(y, "person,people", &err) == -1 &&
	    strcmp(err.p, "unknown type 'people'") == 0, "an unknown type");
	j = ents(x, t, NULL);
	ok(has(j, "\"type\":\"location\"") && has(j, "\"type\":\"date\""),
	    "another recogniser is not filtered");
	nt_ents_free(y);
	nt_buf_free(&err);
}

static void
test_gazetteer(void)
{
	struct nt_ents *y = nt_ents_new(), *c;
	struct nt_buf err = NT_BUF_INIT;
	const char *p, *t, *j;
	struct nt_buf first = NT_BUF_INIT;

	t = "Paris arrived with a howitzer and two Leopard 2 tanks.";
	ok(nt_ents_defaults(y, &err) == 0, "defaults for the gazetteer test");
	ok(has(ents(y, t, NULL), "\"type\":\"location\",\"text\":\"Paris\""),
	    "Paris is a place by default");
	p = write_file("user.tsv", "person\tParis\tParis Hilton\n"
	    "equipment\thowitzer\nequipment\tLeopard 2\n");
	ok(p && nt_ents_gazetteer(y, p, &err) == 0, "a user TSV loads");
	j = ents(y, t, NULL);
	ok(has(j, "{\"type\":\"person\",\"text\":\"Paris\",\"start\":0,"
	    "\"end\":5,\"norm\":\"Paris Hilton\"}"),
	    "the user's entry wins over the built-in one");
	ok(has(j, "{\"type\":\"equipment\",\"text\":\"howitzer\",\"start\":21,"
	    "\"end\":29,\"norm\":\"howitzer\"}"), "a user name in lower case");
	ok(has(j, "\"type\":\"equipment\",\"text\":\"Leopard 2\""),
	    "a user type");
	ok(nt_ents_types(y, "equipment", &err) == 0 &&
	    count(ents(y, t, NULL), "\"type\":\"equipment\"") == 2 &&
	    count(js.p, "\"type\":") == 2, "a user type can be asked for");
	nt_buf_adds(&first, js.p);
	c = nt_ents_clone(y);
	is_str(ents(c, t, NULL), first.p, "a clone answers as its original");
	nt_ents_free(c);
	p = write_file("bad.tsv", "equipment Leopard\n");
	ok(p && nt_ents_gazetteer(y, p, &err) == -1 &&
	    strstr(err.p, "bad.tsv:1: expected type<TAB>name") != NULL,
	    "a bad line names file and line");
	nt_ents_free(y);
	nt_ents_free(NULL);
	nt_buf_free(&err);
	nt_buf_free(&first);
}

int
main(void)
{
	struct nt_ents *x;
	struct nt_buf err = NT_BUF_INIT;
	int rc;

	if (use_tree_data() < 0 || mkdtemp(tmpdir) == NULL) {
		printf("Bail out! no data directory or temporary directory\n");
		return 1;
	}
	x = nt_ents_new();
	rc = nt_ents_defaults(x, &err);
	ok(rc == 0, "the built-in gazetteers load (%s)", rc ? err.p : "");
	if (rc != 0)
		return done();
	test_names(x);
	test_norms(x);
	test_money_percent(x);
	test_dates_times(x);
	test_quantities(x);
	test_quotes(x);
	test_offsets(x);
	test_types(x);
	test_gazetteer();
	nt_ents_free(x);
	nt_buf_free(&err);
	nt_buf_free(&js);
	unlink(write_file("user.tsv", ""));
	unlink(write_file("bad.tsv", ""));
	rmdir(tmpdir);
	return done();
}
