/*
 * Unit tests for lib/clean/meta.c (bylines, dates, datelines and credits
 * read out of lines) and for the line keys of lib/clean/site.c.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clean/meta.h"
#include "clean/site.h"
#include "core/buf.h"
#include "t.h"

static struct nt_buf b;
static char day[11];

static const char *
author(const char *s)
{
	if (!nt_meta_author(s, strlen(s), &b))
		return "";
	nt_buf_add(&b, "", 0);
	return b.p;
}

static const char *
date(const char *s)
{
	return nt_meta_date(s, strlen(s), day) ? day : "";
}

static const char *
dateline(const char *s)
{
	if (!nt_meta_dateline(s, strlen(s), &b))
		return "";
	nt_buf_add(&b, "", 0);
	return b.p;
}

static const char *
credit(const char *s)
{
	if (!nt_meta_credit(s, strlen(s), &b))
		return "";
	nt_buf_add(&b, "", 0);
	return b.p;
}

static void
keys(void)
{
	char path[] = "/tmp/test_meta.XXXXXX";
	struct nt_toks toks = NT_TOKS_INIT;
	struct nt_site *s;
	int fd;

#define KEY(x)	nt_site_key(s, (x), strlen(x), &toks)
	if ((fd = mkstemp(path)) < 0)
		return;
	close(fd);
	unlink(path);
	s = nt_site_open(path, 1000, 0);
	ok(KEY("© 2023 Harbour Post") == KEY("© 2024 Harbour Post"),
	    "key: years fold");
	ok(KEY("Updated March 5, 2024 10:32 AM") ==
	    KEY("Updated Nov 17, 2023 9:05 PM"), "key: dates and times fold");
	ok(KEY("Sign up for OUR newsletter") == KEY("sign up for our newsletter"),
	    "key: case folds");
	ok(KEY("Harbour Post") != KEY("Harbour Times"), "key: words count");
	nt_site_close(s);
	unlink(path);
	nt_toks_free(&toks);
#undef KEY
}

int
main(void)
{
	is_str(author("By Jane Smith"), "Jane Smith", "author: By");
	is_str(author("BY JANE SMITH, Reuters"), "JANE SMITH",
	    "author: in capitals, an agency after a comma");
	is_str(author("By Jane Smith and Marcus Reed | Staff Writers"),
	    "Jane Smith and Marcus Reed", "author: two, a title after a bar");
	is_str(author("By Ana Lima \xe2\x80\x94 Updated 10:32"), "Ana Lima",
	    "author: a dash ends the name");
	is_str(author("Por Carlos Nadalim"), "Carlos Nadalim",
	    "author: another language's by");
	is_str(author("By"), "", "author: no name");

	is_str(date("March 5, 2024"), "2024-03-05", "date: month day, year");
	is_str(date("Updated: Nov. 17, 2023 at 9:05 p.m."), "2023-11-17",
	    "date: abbreviated, with a time");
	is_str(date("Published 5 March 2024"), "2024-03-05",
	    "date: day month year");
	is_str(date("2024-03-05T10:32"), "2024-03-05", "date: ISO");
	is_str(date("Sept 30, 1999"), "1999-09-30", "date: Sept");
	is_str(date("March 32, 2024"), "", "date: no 32nd");
	is_str(date("Mayor 5, 2024"), "", "date: a word that is not a month");
	is_str(date("12:30 pm"), "", "date: a time alone");

	is_str(dateline("WASHINGTON \xe2\x80\x94 "), "WASHINGTON",
	    "dateline: an em dash");
	is_str(dateline("LONDON, May 3 (Reuters) - "), "LONDON, May 3 (Reuters)",
	    "dateline: a hyphen");
	is_str(dateline("NEW DELHI: "), "NEW DELHI", "dateline: a colon");

	is_str(credit("(Reporting by A; Editing by B)"),
	    "Reporting by A; Editing by B", "credit: brackets go");
	is_str(credit("With reporting by Reuters and AP"),
	    "With reporting by Reuters and AP", "credit: as it is");

	keys();
	nt_buf_free(&b);
	return done();
}
