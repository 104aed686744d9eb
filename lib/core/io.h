/*
 * io: line input over a list of files, and buffered output that treats
 * every write error as fatal.
 *
 * struct nt_in reads the named files in turn ("-" or none is standard
 * input) and returns one line at a time, without its '\n'; a last line
 * without '\n' is still a line.  Lines have no length limit: the buffer
 * grows to the longest line and no further.  The returned pointer is
 * valid until the next call.  A file that cannot be opened or read is
 * reported ("prog: name: reason"), counted in ioerrors, and skipped;
 * a caller that reads ahead of what it has reported can set errs to
 * have the messages ("name: reason\n") kept there instead.
 *
 * Standard input may be several files joined (npipe feeds its first step
 * so).  When NTOOLS_SOURCE_FD names a pipe, the feeder says on it where
 * each file begins, one line "S<TAB>F<TAB>name" each: line S of standard
 * input (1-based) is line F of name, and so are the lines after it up to
 * the next such line.  The feeder writes that line before the file's
 * first byte, so by the time a line has been read its source is known:
 * name and lineno then give the file and its line, in every diagnostic
 * and --reject record, and each file loses its own byte-order mark.
 *
 * struct nt_out collects output in a buffer the caller appends to
 * directly and writes it out in large blocks; nt_out_close flushes,
 * fsyncs nothing, and reports a failure (a full disk, a closed pipe) as
 * a fatal error, exit 1.  One thread at a time.
 */
#ifndef NT_IO_H
#define NT_IO_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Where a stretch of standard input came from (NTOOLS_SOURCE_FD). */
struct nt_insrc {
	uint64_t	 sline;		/* the first line of standard input */
	uint64_t	 fline;		/* is this line of name */
	char		*name;
};

struct nt_in {
	char		**paths;
	size_t		 npaths;
	size_t		 next;		/* index of the next file to open */
	int		 fd;
	int		 eof;
	const char	*name;		/* "stdin" or the path */
	uint64_t	 lineno;	/* of the line last returned, 1-based */
	uint64_t	 bytes;		/* bytes returned so far, all files */
	unsigned	 ioerrors;
	struct nt_buf	*errs;		/* NULL: messages go to stderr */
	struct nt_buf	 buf;
	size_t		 pos;		/* start of unread data in buf */

	int		 srcfd;		/* the source channel, or -1 (0 too) */
	struct nt_buf	 srcbuf;	/* what it said, not yet parsed */
	struct nt_insrc	*src;
	size_t		 nsrc, cursrc;
	uint64_t	 sline;		/* lines of standard input so far */
};

/* paths may be NULL/0 for standard input; they are borrowed. */
void	nt_in_init(struct nt_in *, char **paths, size_t npaths);
/* 1 and a line, or 0 when every file is read. */
int	nt_in_next(struct nt_in *, const char **line, size_t *len);
/*
 * Would reading the next line wait for the producer (a pipe or a
 * terminal with nothing more to read yet)?  Never for a regular file.
 */
int	nt_in_idle(const struct nt_in *);
void	nt_in_free(struct nt_in *);

struct nt_out {
	int		 fd;
	const char	*name;
	int		 unbuffered;
	struct nt_buf	 buf;
};

/* path NULL or "-" is standard output; otherwise the file is created. */
void	nt_out_open(struct nt_out *, const char *path);
/*
 * Append p[0..n) to the output: into the buffer, or, when it is large,
 * written out at once after what the buffer holds (so that a large
 * piece of a record is never copied).  A record may be written so in
 * pieces; nt_out_commit still ends it.
 */
void	nt_out_put(struct nt_out *, const char *p, size_t n);
/* Call after appending a whole record: writes when the buffer is full. */
void	nt_out_commit(struct nt_out *);
void	nt_out_flush(struct nt_out *);
/* Flush and close; exits 1 on any write or close error. */
void	nt_out_close(struct nt_out *);

#endif
