/* Unit tests for lib/sent.c and lib/abbrev.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/abbrev.h"
#include "core/buf.h"
#include "text/sent.h"
#include "t.h"

static int nresolve;

/* A lazy split's language: German, counted. */
static const struct nt_sent_lang *
german(void *arg)
{
	nresolve++;
	return arg;
}

/* The spans of text joined with " | ", for comparing. */
static const char *
split(struct nt_sent *s, const struct nt_sent_conf *c, const char *text,
    unsigned flags)
{
	static struct nt_buf out;
	size_t i;

	nt_buf_reset(&out);
	nt_sent_split(s, c, text, strlen(text), flags);
	for (i = 0; i < s->n; i++) {
		if (i > 0)
			nt_buf_adds(&out, " | ");
		nt_buf_add(&out, text + s->span[i].b0,
		    s->span[i].b1 - s->span[i].b0);
	}
	nt_buf_adds(&out, "");
	return out.p;
}

int
main(void)
{
	struct nt_sent_conf conf, empty;
	struct nt_sent s = NT_SENT_INIT;
	struct nt_abbrev ab = NT_ABBREV_INIT;
	struct nt_buf err = NT_BUF_INIT;
	const char *t;
	int rv;

	nt_sent_conf_empty(&conf);
	rv = nt_sent_conf_add(&conf, "data/nsplit/abbrev.yaml", &err);
	ok(rv == 0, "the default word file loads (%s)", rv ? err.p : "");

	is_str(split(&s, &conf, "Gen. Mark Milley left. He came back.", 0),
	    "Gen. Mark Milley left. | He came back.", "titles");
	is_str(split(&s, &conf, "She works in the U.S. The U.S. Army "
	    "agreed.", 0), "She works in the U.S. | The U.S. Army agreed.",
	    "places end only before a starter");
	is_str(split(&s, &conf, "It rose to $4.5 million. Jan. 5 was cold.",
	    0), "It rose to $4.5 million. | Jan. 5 was cold.",
	    "decimals and months");
	is_str(split(&s, &conf, "One. Two.\nThree", NT_SENT_PARAGRAPH),
	    "One. Two. | Three", "paragraphs");
	is_str(split(&s, &conf, "", 0), "", "empty text");
	is_str(split(&s, &conf, " \n 12 \n--- ", 0), "",
	    "no letters, no sentence");
	is_str(split(&s, &conf, "\"Go. Now.\" He left.", NT_SENT_KEEPQUOTES),
	    "\"Go. Now.\" | He left.", "quotations kept whole");
	is_str(split(&s, &conf, "\"Go. Now.\" He left.", 0),
	    "\"Go. | Now.\" | He left.", "quotations split by default");
	is_str(split(&s, &conf, "`Go. Now.' He left.", NT_SENT_KEEPQUOTES),
	    "`Go. Now.' | He left.", "a backtick opens a quotation");
	is_str(split(&s, &conf, "2) Two 1) One a. Ay b. Bee", 0),
	    "2) Two | 1) One | a. Ay | b. Bee", "a list starts again at 1 or a");
	is_str(split(&s, &conf, "It was cold. then 5th st. near", 0),
	    "It was cold. | then 5th st. near",
	    "lower case after a plain word, not after a short one");
	is_str(split(&s, &conf, "A long line of text. tea\nred wine\nmilk", 0),
	    "A long line of text. | tea | red wine | milk", "a list of lines");

	t = "Déjà vu… Ça va? Oui.";
	nt_sent_split(&s, &conf, t, strlen(t), 0);
	ok(s.n == 3, "three sentences with UTF-8");
	ok(s.n == 3 && s.span[1].b0 == 13 && s.span[1].c0 == 9 &&
	    s.span[1].c1 == 15 && s.span[2].c0 == 16 && s.span[2].c1 == 20,
	    "byte and code point offsets");

	nt_sent_conf_empty(&empty);
	is_str(split(&s, &empty, "Mr. Smith left. Bye.", 0),
	    "Mr. | Smith left. | Bye.", "an empty conf knows no titles");
	nt_sent_conf_free(&empty);

	rv = nt_abbrev_add(&ab, "co.", 3, NT_AB_END);
	ok(rv == 0 && (nt_abbrev_get(&ab, "CO", 2) & NT_AB_END) &&
	    (nt_abbrev_get(&ab, "Co", 2) & NT_AB_END),
	    "a lower-case word matches any case");
	nt_abbrev_add(&ab, "Gen", 3, NT_AB_TITLE);
	ok(nt_abbrev_get(&ab, "gen", 3) == 0 &&
	    nt_abbrev_get(&ab, "Gen", 3) == NT_AB_TITLE,
	    "a capitalised word matches only itself");
	ok(nt_abbrev_parse(&ab, "x.yaml", "title: Mr\n", 10, &err) < 0 &&
	    strcmp(err.p, "x.yaml:1:8: expected a list of words") == 0,
	    "a bad word file names line and column (%s)", err.p);

	/* Languages, from the data directory of the tree. */
	setenv("NTOOLS_DATA", "data", 1);
	{
		const struct nt_sent_lang *de, *de2;
		struct nt_sent_lazy lazy;
		const char *ord = "Er kam am 3. Oktober. Dann ging er.";

		de = nt_sent_conf_lang(&conf, "de", 2, &err);
		de2 = nt_sent_conf_lang(&conf, "de-AT", 5, &err);
		ok(de != NULL && de == de2 && strcmp(de->code, "de") == 0 &&
		    de->dot == NT_ORD_YES && de->digits == 3,
		    "de and de-AT are one language, loaded once");
		ok(nt_sent_conf_lang(&conf, "../x", 4, &err) == NULL &&
		    err.len == 0 && nt_sent_conf_lang(&conf, "xx", 2, &err) ==
		    NULL && err.len == 0 && nt_sent_conf_lang(&conf, "und", 3,
		    &err) == NULL, "no language for ../x, xx, und");
		nt_sent_split_lang(&s, &conf, de, ord, strlen(ord), 0);
		ok(s.n == 2, "German: the ordinal stays in its sentence");
		nt_sent_split(&s, &conf, ord, strlen(ord), 0);
		ok(s.n == 3, "without the language it ends one");
		rv = nt_sent_conf_all(&conf, &err);
		ok(rv == 0 && conf.all && conf.maxdigits == 3,
		    "every language loads (%s)", rv ? err.p : "");
		lazy.resolve = german;
		lazy.arg = (void *)(uintptr_t)de;
		nresolve = 0;
		t = "He left. She came back on Monday.";
		nt_sent_split_lazy(&s, &conf, &lazy, t, strlen(t), 0);
		ok(s.n == 2 && nresolve == 0,
		    "a text no language reads otherwise never asks for one");
		nt_sent_split_lazy(&s, &conf, &lazy, ord, strlen(ord), 0);
		ok(s.n == 2 && nresolve == 1,
		    "a number that may be an ordinal asks, once");
	}

	nt_abbrev_free(&ab);
	nt_sent_free(&s);
	nt_sent_conf_free(&conf);
	nt_buf_free(&err);
	return done();
}
