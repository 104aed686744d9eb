/*
 * splitrec: the records nsplit writes, built from a document record and
 * the spans lib/sent found in its text.
 *
 * nt_splitrec_each writes one record per span, {"id": "<doc id>:<n>",
 * "doc_id", "n", "start", "end", "<field>": the span's text} followed by
 * the fields named in keep, copied byte for byte.  nt_splitrec_annotate
 * instead adds "sentences" (or "paragraphs") as [[start, end], ...] to
 * the document record itself.  Offsets are code points; n counts from 1.
 * Both write through json.h's writer.
 * Everything is borrowed; output goes to the caller's buffer.  One
 * thread at a time.
 */
#ifndef NT_SPLITREC_H
#define NT_SPLITREC_H

#include <stdint.h>

#include "core/buf.h"
#include "core/io.h"
#include "core/rec.h"
#include "text/sent.h"

struct nt_splitrec {
	const char	*field;		/* the text field, in and out */
	char		**keep;		/* fields to copy into each sentence */
	size_t		 nkeep;
	uint64_t	 ordinal;	/* the record's number: the id when it
					   has none */
	size_t		 nbase;		/* spans before these (a window's) */
	struct nt_buf	 tmp, id;	/* scratch, owned */
	/*
	 * When not NULL, the output buffer given to nt_splitrec_each is
	 * sink's, and is written out as it fills (parrun.h, job->sink): the
	 * sentences of a long text are not all held at once.
	 */
	struct nt_out	*sink;
};

/* Append one record per span of s to out. */
void	nt_splitrec_each(struct nt_splitrec *, const struct nt_rec *,
	    const char *text, const struct nt_sent *s, struct nt_buf *out);
/*
 * A text longer than this is split a window at a time, each ending at
 * a blank line when there is one (else a line break, else a space), so
 * that the splitter's tables are those of one window (a token costs it
 * 24 bytes).  A window's last span, which the window's end may have cut
 * short, is split again as the start of the next window: only a span
 * longer than a window is ever cut.
 */
#define NT_SPLIT_WINDOW	(1024 * 1024)

/*
 * How a text, or one window of it, is split: split(arg, s, text, len)
 * puts its spans in s, as nt_sent_split and its language variants do
 * (nsplit's chooses the words of the record's language).
 */
struct nt_splitter {
	size_t	(*split)(void *arg, struct nt_sent *s, const char *text,
		    size_t len);
	void	*arg;
};

/*
 * Split text[0..len) of r into s with sp, a window at a time when it is
 * long, the spans moved on to the whole text.  With all NULL, write each
 * window's sentence records to out as it is split (nt_splitrec_each);
 * otherwise gather every span and return where they are (s, or all for
 * a text of several windows), for nt_splitrec_annotate.
 */
const struct nt_sent *nt_splitrec_split(struct nt_splitrec *,
	    struct nt_sent *s, const struct nt_splitter *sp,
	    const char *text, size_t len, const struct nt_rec *r,
	    struct nt_buf *out, struct nt_sent *all);
/* Add the spans to r as the member name ("sentences", "paragraphs"). */
void	nt_splitrec_annotate(struct nt_splitrec *, struct nt_rec *,
	    const char *name, const struct nt_sent *s);
/* Split "a,b,c" into the keep list (the string is modified, borrowed). */
void	nt_splitrec_keep(struct nt_splitrec *, char *list);
void	nt_splitrec_free(struct nt_splitrec *);

#endif
