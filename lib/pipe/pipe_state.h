/*
 * pipe_state: what lets npipe run from cron without losing or
 * double-processing a record: files replaced atomically, the lock that
 * keeps two runs of one pipeline apart, and the offsets file that says
 * how far each input was read.
 *
 * struct nt_afile is a file written in place of another: the bytes go to
 * an unnamed (or hidden temporary) file in the same directory, and only
 * nt_afile_commit (fsync, rename, fsync of the directory) makes them
 * visible, whole.  A run killed before that leaves the old file as it
 * was.
 *
 * struct nt_pstate is the offsets file, one JSON object per line:
 *   {"path":..,"dev":..,"ino":..,"size":..,"offset":..,"line":..,
 *    "tail":"<sha1>"}
 * per input file, where "size" is the file's size when the run began,
 * "offset" the end of the last whole line read, "line" how many lines
 * are before it (so that the next run numbers its lines on; files from
 * before it was kept have it counted again) and "tail" the SHA-1 of
 * the (up to) 1024 bytes before it, and one
 *   {"output":..,"dev":..,"ino":..,"size":..}
 * for an output appended to.  (A line {"pending":..,"to":..} that
 * earlier versions wrote, when they still ran a step's state file on a
 * copy, is read and ignored.)  A file is known again by device and inode,
 * and resumed only when its tail still matches and it has not shrunk
 * below the offset; anything else starts from 0.  The struct owns its
 * strings.  One thread.
 */
#ifndef NT_PIPE_STATE_H
#define NT_PIPE_STATE_H

#include <sys/stat.h>

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

struct nt_afile {
	char	*path;		/* where the file goes */
	char	*tmp;		/* its temporary name, NULL while unnamed */
	int	 fd;
};

/* Open a temporary file beside path; returns its fd or -1 (errno). */
int	nt_afile_open(struct nt_afile *, const char *path);
/* fsync, put it in place, fsync the directory; 0 or -1 (errno). */
int	nt_afile_commit(struct nt_afile *);
/* Throw it away.  Safe after a failed open or a commit. */
void	nt_afile_abort(struct nt_afile *);
/* Replace path with p[0..n), atomically; 0 or -1 (errno). */
int	nt_afile_write(const char *path, const void *p, size_t n);

/* Write all of p[0..n) to fd, retrying after EINTR; 0 or -1 (errno). */
int	nt_writeall(int fd, const void *p, size_t n);
/* fsync the directory that holds path; 0 or -1 (errno). */
int	nt_fsyncdir(const char *path);
/* mkdir -p; 0 or -1 (errno). */
int	nt_mkdirs(const char *path);
/*
 * Take the lock file path (created if need be) without waiting.
 * Returns its fd (close-on-exec; closing it releases the lock), -2 when
 * another process holds it, -1 on other errors (errno).
 */
int	nt_lockfile(const char *path);

#define NT_NOLINE	UINT64_MAX

struct nt_poffset {
	char		*path;
	uint64_t	 dev, ino;
	uint64_t	 size;		/* the file's size when the run began */
	uint64_t	 off;		/* read up to here */
	uint64_t	 line;		/* lines before off; NT_NOLINE: unknown */
	char		 tail[41];	/* SHA-1 of the bytes before off */
};

struct nt_pstate {
	struct nt_poffset *f;
	size_t		 n;
	char		*out;		/* the output appended to, or NULL */
	uint64_t	 outdev, outino, outsize;
};

/*
 * Load path (a missing file is an empty state).  Returns 0, or -1 with
 * "path:line: reason" in err.
 */
int	nt_pstate_load(struct nt_pstate *, const char *path,
	    struct nt_buf *err);
/* Write it to path atomically; 0 or -1 (errno). */
int	nt_pstate_save(const struct nt_pstate *, const char *path);
void	nt_pstate_free(struct nt_pstate *);
/* Add an entry (path copied). */
void	nt_pstate_add(struct nt_pstate *, const char *path,
	    const struct stat *, uint64_t size, uint64_t off, uint64_t line,
	    const char tail[41]);

/* The fingerprint of the up to 1024 bytes before off in fd; 0 or -1. */
int	nt_pstate_tail(int fd, uint64_t off, char hex[41]);
/*
 * Where to start reading fd (with st its fstat) given what s knows; the
 * lines before it in *line (NT_NOLINE when s does not know).
 */
uint64_t nt_pstate_resume(const struct nt_pstate *, int fd,
	    const struct stat *st, uint64_t *line);
/* The '\n' bytes in fd's [start, end) into *n; 0, or -1 on a read error. */
int	nt_countlines(int fd, uint64_t start, uint64_t end, uint64_t *n);
/*
 * The end of the last whole line in fd's [start, size): the offset just
 * past its '\n', or start when there is none.  0, or -1 on a read error.
 */
int	nt_lastline(int fd, uint64_t start, uint64_t size, uint64_t *end);

#endif
