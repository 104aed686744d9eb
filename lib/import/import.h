/*
 * import: plain text files to article records (the work behind nimport).
 *
 * nt_import_read loads a file whole and checks it is text: valid UTF-8 and
 * not binary (no NUL bytes, few control characters).  nt_import_record
 * then writes its record: id, source, path, text, with a UTF-8 byte-order
 * mark removed and CRLF turned into LF.  nt_import_walk lists the regular
 * files under a directory, recursively, in byte order of their paths,
 * skipping names that start with a dot.  Buffers and lists are the
 * caller's.  One thread at a time.
 */
#ifndef NT_IMPORT_H
#define NT_IMPORT_H

#include <stddef.h>

#include "core/buf.h"

enum nt_idmode { NT_ID_NAME, NT_ID_PATH, NT_ID_SHA1 };

struct nt_import {
	enum nt_idmode	 id;
	const char	*source;	/* NULL: no source field */
	const char	*field;		/* the text field's name */
};

/*
 * Read path into data.  Returns 0; 1 when it is not text (a reason in
 * *why, static, and the file's bytes in data); -1 on an I/O error (errno
 * set).
 */
int	nt_import_read(const char *path, struct nt_buf *data, struct nt_buf *why);
/* Append path's record for the text in data, and a '\n', to out. */
void	nt_import_record(const struct nt_import *, const char *path,
	    const struct nt_buf *data, struct nt_buf *out);
/*
 * Append the paths of the files under dir to *list (each malloc'd),
 * sorted.  Returns 0, or -1 with errno set and a warning printed.
 */
int	nt_import_walk(const char *dir, char ***list, size_t *n);

#endif
