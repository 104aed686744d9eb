/* Unit tests for lib/clean/html*.c: tags, dates, class words, lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "clean/html.h"
#include "clean/htmlint.h"
#include "t.h"

static const char dom[] =
    "furniture:\n"
    "  nav: [nav, menu]\n"
    "  related: [related, read-more]\n"
    "  ad: [ad$]\n"
    "  share: [social]\n"
    "  footer: [footer]\n"
    "keep: [article, embed]\n"
    "article: [article, content]\n"
    "byline: [byline]\n";

static char path[] = "/tmp/test_html.XXXXXX";

/* A paragraph long enough to be an article by itself. */
#define LONG_10 "Words of a sentence, and commas in it, make it prose. "
#define LONG LONG_10 LONG_10 LONG_10 LONG_10 LONG_10 LONG_10 LONG_10 \
	LONG_10 LONG_10 LONG_10 "The end."


static struct nt_hints *
hints(void)
{
	struct nt_buf err = NT_BUF_INIT;
	struct nt_hints *h;
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, dom, sizeof(dom) - 1) != sizeof(dom) - 1)
		return NULL;
	close(fd);
	h = nt_hints_load(path, &err);
	if (h == NULL)
		printf("# %s\n", err.p);
	unlink(path);
	nt_buf_free(&err);
	return h;
}

static void
test_tags(void)
{
	size_t i;
	int sorted = 1;

	for (i = HT_OTHER + 2; i < HT_NTAGS; i++)
		if (strcmp(nt_htags[i - 1].name, nt_htags[i].name) >= 0)
			sorted = 0;
	ok(sorted, "the tag table is in byte order of names");
	ok(nt_htag("a") == HT_A && nt_htag("video") == HT_VIDEO &&
	    nt_htag("div") == HT_DIV, "tags are found");
	ok(nt_htag("amp-img") == HT_OTHER && nt_htag("") == HT_OTHER,
	    "an unknown tag is HT_OTHER");
	is_str(nt_hreason_name(NT_HR_COMMENTS), "dom:comments",
	    "a reason's name");
	ok(nt_hreason_find("low-text-density") == NT_HR_LOWTEXT &&
	    nt_hreason_find("bogus") == -1, "a reason by name");
	ok(nt_hreason_name(NT_HR_NONE) == NULL, "no reason, no name");
}

static const char *
date(const char *s)
{
	static struct nt_buf out;

	if (!nt_hdate(s, strlen(s), &out))
		return "-";
	return out.p;
}

static void
test_dates(void)
{
	is_str(date("2019-11-19T10:00:00.000Z"), "2019-11-19T10:00:00Z",
	    "ISO with fraction and Z");
	is_str(date("2019-11-19T10:00:00+0000"), "2019-11-19T10:00:00Z",
	    "+0000 is Z");
	is_str(date("2019-11-19T05:00-05:00"), "2019-11-19T05:00:00-05:00",
	    "a zone, no seconds");
	is_str(date("2019-11-19 10:00:00"), "2019-11-19T10:00:00",
	    "a space for the T, no zone");
	is_str(date(" 2019-11-19 "), "2019-11-19", "a day only");
	is_str(date("20191119"), "2019-11-19", "eight digits");
	is_str(date("2019/11/19"), "2019-11-19", "slashes");
	is_str(date("November 19, 2019"), "2019-11-19", "written out");
	is_str(date("Tue, 19 Nov 2019 10:00:00 GMT"), "2019-11-19",
	    "RFC 822");
	is_str(date("Monday November 18, 2019 7:45 am PST"), "2019-11-18",
	    "a weekday and a time");
	is_str(date("Sept. 3, 2021"), "2021-09-03", "Sept.");
	is_str(date("2019-02-30"), "-", "no 30 February");
	is_str(date("2019-13-01"), "-", "no month 13");
	is_str(date("1850-01-01"), "-", "too early");
	is_str(date("Decision 19, 2019"), "-", "a word that begins like a month");
	is_str(date("yesterday"), "-", "no date at all");
	is_str(date(""), "-", "empty");
}

static unsigned
match(const struct nt_hints *h, const char *s, uint8_t *why)
{
	return nt_hints_match(h, s, strlen(s), why);
}

static void
test_hints(const struct nt_hints *h)
{
	uint8_t why;
	unsigned fl;

	fl = match(h, "relatedStories", &why);
	ok(fl == HF_NEGATIVE && why == NT_HR_RELATED, "camelCase splits words");
	fl = match(h, "main-navigation", &why);
	ok(why == NT_HR_NAV, "a word matches as a prefix");
	match(h, "ad-slot", &why);
	ok(why == NT_HR_AD, "a whole word");
	match(h, "add-to-cart header-ads", &why);
	ok(why == 0, "a whole word is whole");
	match(h, "post READ_MORE_link", &why);
	ok(why == NT_HR_RELATED, "words that follow each other");
	match(h, "read more", &why);
	ok(why == 0, "not across class names");
	match(h, "post tag-social-media category-menus", &why);
	ok(why == 0, "no slug of a tag or category is read");
	fl = match(h, "article-footer", &why);
	ok(why == NT_HR_FOOTER && (fl & HF_KEEP) && (fl & HF_POSITIVE),
	    "furniture and keep at once");
	fl = match(h, "social-media-embed", &why);
	ok(why == NT_HR_SHARE && (fl & HF_KEEP), "an embed is kept");
	fl = match(h, "Byline", &why);
	ok(fl == HF_BYLINE && why == 0, "a byline");
	fl = match(h, "x", &why);
	ok(fl == 0 && why == 0, "nothing");
}

/* The lines of a page, each as "kind:text", joined by '/'. */
static const char *
lines(struct nt_html *x, const char *html)
{
	static struct nt_buf out;
	const char *p, *nl;
	size_t i;

	nt_html_extract(x, html, strlen(html), NULL, 0);
	nt_buf_reset(&out);
	p = x->text.p ? x->text.p : "";
	for (i = 0; i < x->nline; i++, p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		if (i > 0)
			nt_buf_addc(&out, '/');
		nt_buf_printf(&out, "%d%s:%.*s", x->kind[i],
		    x->reason[i] ? "x" : "", (int)(nl - p), p);
	}
	nt_buf_add(&out, "", 0);
	return out.p;
}

static void
test_lines(const struct nt_hints *h)
{
	struct nt_html x;
	struct nt_buf deep = NT_BUF_INIT;
	size_t i;

	nt_html_init(&x, h);
	is_str(lines(&x, "<p>one <b>two</b>\n three<br>four</p>"),
	    "0:one two three/0:four", "white space collapses; <br> breaks");
	is_str(lines(&x, "<div>a<p>b</p>c</div>"), "0:a/0:b/0:c",
	    "a block inside text breaks it");
	is_str(lines(&x, "<pre>x  y\nz</pre>"), "4:x y/4:z",
	    "a newline in pre ends a line");
	is_str(lines(&x, "<table><tr><th>A</th><th>B</th></tr>"
	    "<tr><td>1</td><td></td><td>3</td></tr></table>"),
	    "5:A | B/5:1 | 3", "a row is a line, cells joined");
	is_str(lines(&x, "<ul><li>i<ul><li>j</li></ul></li></ul><h2>H</h2>"),
	    "2:i/2:j/1:H", "list items and headings");
	is_str(lines(&x, "<p>seen<span style=\"display: NONE\">unseen</span>"
	    "<span hidden>no</span></p><blockquote>q</blockquote>"),
	    "0:seen/3:q", "hidden inline text is left out; a quote");
	is_str(lines(&x, "<p>x<script>var a = '<p>no</p>';</script>"
	    "<style>p{}</style><!-- c -->y</p>"), "0:xy",
	    "scripts, styles and comments are no text");
	is_str(lines(&x, "<p>caf\xc3\xa9 \xff\xfe ok</p>"),
	    "0:caf\xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd ok",
	    "invalid UTF-8 becomes U+FFFD");
	is_str(lines(&x, "<nav><a href=/>Home</a></nav><p class=menu>m</p>"),
	    "0x:Home/0:m", "furniture by tag; on a short page, not by class");
	is_str(lines(&x, "<nav><a href=/>Home</a></nav><p class=menu>m</p>"
	    "<p>" LONG "</p>"), "0x:Home/0x:m/0:" LONG,
	    "by class words when the article is long enough");
	is_str(lines(&x, ""), "", "an empty page has no lines");
	ok(!x.truncated, "a shallow page is read whole");
	nt_buf_adds(&deep, "<p>before</p>");
	for (i = 0; i < NT_HTML_DEPTH + 10; i++)
		nt_buf_adds(&deep, "<div>");
	nt_buf_adds(&deep, "after");
	is_str(lines(&x, deep.p), "0:before", "too deep: the rest is not read");
	ok(x.truncated, "and the page is marked truncated");
	nt_buf_free(&deep);
	nt_html_free(&x);
	nt_html_free(NULL);
}

static void
test_meta(const struct nt_hints *h)
{
	struct nt_html x;
	static const char page[] =
	    "<html lang=\"pt_BR\"><head><title>T - Site</title>"
	    "<meta name=\"author\" content=\"https://facebook.com/x\">"
	    "<meta name=\"author\" content=\"By Ana Lima\">"
	    "<meta name=\"date\" content=\"Nov. 5, 2021\">"
	    "<link rel=\"canonical\" href=\"/a/b\"></head>"
	    "<body><h1>The headline</h1><p>Text.</p></body></html>";

	nt_html_init(&x, h);
	nt_html_extract(&x, page, strlen(page), "https://site.example/x/y?z",
	    26);
	is_str(x.title.p, "The headline", "the h1 before <title>");
	is_str(x.author.p, "Ana Lima", "no URL for an author; no 'By'");
	is_str(x.date.p, "2021-11-05", "a written date");
	is_str(x.lang.p, "pt", "lang cut to its code");
	is_str(x.url.p, "https://site.example/a/b", "a relative canonical URL");
	ok(nt_hsame("The  Headline!", 14, "the headline", 12) &&
	    !nt_hsame("The headline", 12, "The headline too", 16),
	    "same words");
	nt_html_free(&x);
}

int
main(void)
{
	struct nt_hints *h;

	nt_html_global_init();
	test_tags();
	test_dates();
	h = hints();
	ok(h != NULL, "the class words load");
	if (h != NULL) {
		test_hints(h);
		test_lines(h);
		test_meta(h);
	}
	nt_hints_free(h);
	nt_hints_free(NULL);
	return done();
}
