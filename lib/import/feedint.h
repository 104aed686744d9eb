/*
 * feedint: what the feed reader's files share (feed.h is its public
 * face): text constructs (feedtext.c), dates (feeddate.c) and the
 * repairs made before parsing (feedfix.c).  Stateless apart from the
 * caller's buffers and extractor; one thread per extractor.
 */
#ifndef NT_FEEDINT_H
#define NT_FEEDINT_H

#include <stddef.h>

#include "core/buf.h"
#include "clean/html.h"

/* How a text construct's characters are to be read. */
enum ftype {
	FT_TEXT,	/* plain text */
	FT_HTML,	/* escaped HTML (or CDATA) */
	FT_XHTML,	/* inline markup */
	FT_GUESS,	/* RSS: HTML if it looks like HTML, else text */
	FT_B64TEXT,	/* base64 of plain text */
	FT_B64HTML	/* base64 of HTML */
};

/*
 * Turn a text construct's value v[0..n) into plain text (text, reset
 * first) and, when it is HTML, its HTML (html, reset first).  markup:
 * v is serialized markup (the element had child elements).  multiline:
 * keep one line per paragraph; otherwise one line, white space runs
 * made one space.
 */
void	nt_feed_text(struct nt_html *, enum ftype, int markup, const char *v,
	    size_t n, int multiline, struct nt_buf *text, struct nt_buf *html);
/* Does s[0..n) look like HTML (a known tag closed, or an entity)? */
int	nt_feed_lookshtml(const char *s, size_t n);
/* Trim s, and make each run of white space one space. */
void	nt_feed_squeeze(struct nt_buf *);
/* The name in an author given as "me@x.org (Name)", "Name <me@x.org>"
 * or the like (the address when there is no name). */
void	nt_feed_author(const char *s, size_t n, struct nt_buf *out);
/* href[0..n), trimmed, resolved against base (NULL: none) into out. */
void	nt_feed_resolve(const char *href, size_t n, const char *base,
	    struct nt_buf *out);
/* The host of an absolute URL, lower case and without "www."; "" if
 * it has none. */
void	nt_feed_host(const char *url, size_t n, struct nt_buf *out);
/* ISO 8601 for the date s[0..n) (feeddate.c): 1, or 0 if it is none. */
int	nt_feed_date(const char *s, size_t n, struct nt_buf *out);

/* Where the edits of a repair put the bytes of the input. */
struct nt_feedmap {
	size_t		*at;		/* offsets in the copy, ascending */
	size_t		*orig;		/* and what they are in the input */
	size_t		 n, cap;
};

/*
 * feedfix.c.  Copy p[0..n) into out with the repairs of feed.h made,
 * logging each edit in map: 1 if anything was repaired, else 0 (out
 * then holds nothing useful).  utf8: the document is meant to be UTF-8
 * (it declares no other encoding), so bytes that are not are read as
 * Windows-1252.
 */
int	nt_feed_repair(const char *p, size_t n, int utf8, struct nt_buf *out,
	    struct nt_feedmap *map);
/* The offset in the input of offset r of the repaired copy. */
size_t	nt_feedmap_orig(const struct nt_feedmap *, size_t r);
void	nt_feedmap_free(struct nt_feedmap *);
/* Does the document at p[0..n) declare an encoding other than UTF-8
 * (or start with a UTF-16 byte-order mark)? */
int	nt_feed_foreign(const char *p, size_t n);
/* Past the white space, comments and processing instructions (but an
 * XML declaration) at p[i]: what may follow a document's root. */
size_t	nt_feed_misc(const char *p, size_t n, size_t i);
/* Where a document that starts at p[start] ends at the latest: the
 * next line that starts with an XML declaration, or n. */
size_t	nt_feed_limit(const char *p, size_t n, size_t start);

#endif
