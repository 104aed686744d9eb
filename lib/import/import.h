/*
 * import: text files, HTML pages and RSS and Atom feeds to article
 * records (the work behind nimport).
 *
 * nt_import_read loads a file whole and checks it is text: valid UTF-8 and
 * not binary (no NUL bytes, few control characters).  nt_import_record
 * then writes its record: id, source, path, text, with a UTF-8 byte-order
 * mark removed and CRLF turned into LF.  A file that nt_import_ishtml
 * takes for a web page is decoded from its charset instead
 * (nt_import_decode, htmlin.c) and written by nt_import_html as id,
 * source, path, url (the page's canonical URL, when it names one) and
 * html, the page as it is, in UTF-8.  nt_import_walk lists the regular
 * files under a directory, recursively, in byte order of their paths,
 * skipping names that start with a dot and, when given a list of
 * extensions, names that end with none of them.  A file that
 * nt_feed_sniff takes for a feed gives one record per item instead
 * (nt_import_feed, feedin.c), and with a set of seen ids (--state)
 * only the items no run emitted before.  nt_import_input reads one
 * input whole, a file or standard input, and does what its content
 * asks.  Buffers and lists are the caller's; a struct nt_import holds
 * the options, the feed reader and scratch of one run.  One thread at a
 * time.
 */
#ifndef NT_IMPORT_H
#define NT_IMPORT_H

#include <stddef.h>

#include "core/buf.h"
#include "core/cli.h"
#include "core/seen.h"
#include "import/feed.h"

enum nt_idmode { NT_ID_NAME, NT_ID_PATH, NT_ID_SHA1 };
enum nt_format { NT_FMT_AUTO, NT_FMT_TEXT, NT_FMT_HTML, NT_FMT_FEED };

struct nt_import {
	enum nt_idmode	 id;
	const char	*source;	/* NULL: no source field (a feed's own) */
	const char	*field;		/* the text field's name */
	enum nt_format	 format;	/* AUTO: a feed if nt_feed_sniff, HTML
					   if nt_import_ishtml, else text */
	const char	*url;		/* where standard input came from */
	struct nt_seen	*seen;		/* items emitted before; NULL: none */
	struct nt_feed	*feed;		/* the feed reader (nt_feed_new) */
	int64_t		 now;		/* the time ids are seen at */
	uint64_t	 nitems, nold;	/* items written, items seen before */
	struct nt_buf	 data, tmp, why, key;	/* scratch */
};

/*
 * Read path into data.  Returns 0; 1 when it is not text (a reason in
 * *why, static, and the file's bytes in data); -1 on an I/O error (errno
 * set).
 */
int	nt_import_read(const char *path, struct nt_buf *data, struct nt_buf *why);
/* Read path into data, whatever it holds: 0, or -1 (errno set). */
int	nt_import_load(const char *path, struct nt_buf *data);
/* Is data text?  0; 1 with the reason in why (as nt_import_read). */
int	nt_import_check(const struct nt_buf *data, struct nt_buf *why);
/* Append the record's id for path (with text[0..n) for --id sha1). */
void	nt_import_id(const struct nt_import *, const char *path,
	    const char *text, size_t n, struct nt_buf *out);
/*
 * Does p[0..n) look like a web page: after a byte-order mark and white
 * space, a '<', and a doctype, <html>, <head> or <body> in its first
 * kilobyte (or a UTF-16 byte-order mark)?
 */
int	nt_import_ishtml(const char *p, size_t n);
/*
 * Turn an HTML page in data into UTF-8 in place, from the charset its
 * byte-order mark, <meta> or XML declaration names (Windows-1252 when
 * none does; UTF-8 when the bytes are UTF-8).  tmp is scratch.  0, or
 * -1 when iconv cannot decode it at all.
 */
int	nt_import_decode(struct nt_buf *data, struct nt_buf *tmp);
/* Append the record of the page in data (UTF-8), and a '\n', to out. */
void	nt_import_html(const struct nt_import *, const char *path,
	    const struct nt_buf *data, struct nt_buf *out);
/* Append path's record for the text in data, and a '\n', to out. */
void	nt_import_record(const struct nt_import *, const char *path,
	    const struct nt_buf *data, struct nt_buf *out);
/*
 * Read path and append its record, text or HTML as im->format says, to
 * out.  0; 1 when it is rejected (the reason in why, its bytes in data);
 * -1 on an I/O error (errno set).  tmp is scratch.
 */
int	nt_import_file(const struct nt_import *, const char *path,
	    struct nt_buf *data, struct nt_buf *tmp, struct nt_buf *why,
	    struct nt_buf *out);
/*
 * Append the paths of the files under dir to *list (each malloc'd),
 * sorted; with exts (a comma-separated list such as ".txt,.html"),
 * only those whose names end with one of them, in any case.  Returns
 * 0, or -1 with errno set and a warning printed.
 */
int	nt_import_walk(const char *dir, const char *exts, char ***list,
	    size_t *n);
/*
 * The inputs argv[0..argc) name, in *list (each malloc'd; NULL for
 * "-", standard input, which is also the only input when argc is 0):
 * files as named, and with recursive the files under directories, of
 * the extensions exts (NULL: all).  0, or -1 when a directory could not
 * be read (a warning was printed; the rest is listed).
 */
int	nt_import_list(int argc, char **argv, const char *exts, int recursive,
	    char ***list, size_t *n);
/*
 * Open the set of items written before (--state) at path, waiting up
 * to wait_ms for another run's lock, and forget ids first seen more
 * than max_age seconds ago (0: none).  0; -1 when another run still
 * holds it (named in holder).  Other failures exit 1.
 */
int	nt_import_state(struct nt_import *, const char *path, int wait_ms,
	    int64_t max_age, struct nt_buf *holder);
/*
 * Write the records of the feed documents in data, read from path
 * (NULL: standard input), to ctx's output; documents that are not
 * feeds, or not well-formed, are rejected through ctx (the items read
 * from them are written).  With im->seen, an item whose key is in the
 * set is not written, and one written is added to it.  Returns 0, or 1
 * when a document was rejected.
 */
int	nt_import_feed(struct nt_ctx *, struct nt_import *, const char *path,
	    const struct nt_buf *data);
/*
 * Read path (NULL: standard input) whole and write its records to
 * ctx's output as im->format says, reporting what is rejected through
 * ctx.  0; -1 on an I/O error (errno set, nothing written).
 */
int	nt_import_input(struct nt_ctx *, struct nt_import *, const char *path);
/* After the last input: flush the output, then commit the seen ids. */
void	nt_import_end(struct nt_ctx *, struct nt_import *);
/* Free the scratch (not the feed reader or the set). */
void	nt_import_free(struct nt_import *);

#endif
