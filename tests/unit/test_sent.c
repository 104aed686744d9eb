/* Unit tests for lib/sent.c and lib/abbrev.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/abbrev.h"
#include "core/buf.h"
#include "text/sent.h"
#include "t.h"

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

	nt_abbrev_free(&ab);
	nt_sent_free(&s);
	nt_sent_conf_free(&conf);
	nt_buf_free(&err);
	return done();
}
