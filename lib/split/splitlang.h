/*
 * splitlang: the language nsplit splits a record's text in.
 *
 * The record's "lang" (a string, ISO 639-1: "de", "de-AT") when it has
 * one; otherwise the language lib/text/lang reads the text as.  "und",
 * and a language without data of its own, split with the default words
 * only.  The language detector's model (data/lang/trigrams.tsv) is
 * loaded on the first record without a lang, so a stream whose records
 * all carry one never reads it.  Only the first NT_SPLITLANG_SCAN bytes
 * are read (a code point cut there counts as punctuation): a paragraph
 * tells the language as well as a page, at a fraction of the cost.  The struct owns the model and
 * borrows the conf, which it fills with each language it meets
 * (nt_sent_conf_lang); one thread at a time.
 */
#ifndef NT_SPLITLANG_H
#define NT_SPLITLANG_H

#include "core/buf.h"
#include "core/rec.h"
#include "text/lang.h"
#include "text/sent.h"

#define NT_SPLITLANG_SCAN	512

struct nt_splitlang {
	struct nt_sent_conf *conf;	/* borrowed */
	struct nt_langmodel model;
	int		 loaded;	/* model: 0 not yet, 1 ready, -1 none */
	int		 detect;	/* detect when a record has no lang */
};

#define NT_SPLITLANG_INIT(conf) { (conf), NT_LANGMODEL_INIT, 0, 1 }

/*
 * The language for record r, whose text is text[0..len): NULL for the
 * default words.  -1 with the message in err when a data file is bad.
 */
int	nt_splitlang_get(struct nt_splitlang *, const struct nt_rec *r,
	    const char *text, size_t len, const struct nt_sent_lang **lang,
	    struct nt_buf *err);
void	nt_splitlang_free(struct nt_splitlang *);

#endif
