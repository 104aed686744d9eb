/*
 * import: text and HTML files to article records (the work behind
 * nimport).
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
 * skipping names that start with a dot.  Buffers and lists are the
 * caller's.  One thread at a time.
 */
#ifndef NT_IMPORT_H
#define NT_IMPORT_H

#include <stddef.h>

#include "core/buf.h"

enum nt_idmode { NT_ID_NAME, NT_ID_PATH, NT_ID_SHA1 };
enum nt_format { NT_FMT_AUTO, NT_FMT_TEXT, NT_FMT_HTML };

struct nt_import {
	enum nt_idmode	 id;
	const char	*source;	/* NULL: no source field */
	const char	*field;		/* the text field's name */
	enum nt_format	 format;	/* AUTO: HTML if nt_import_ishtml */
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
 * sorted.  Returns 0, or -1 with errno set and a warning printed.
 */
int	nt_import_walk(const char *dir, char ***list, size_t *n);

#endif
