#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "stats/stats.h"

static int
writeall(int fd, const char *p, size_t n)
{
	ssize_t w;

	for (; n > 0; p += w, n -= (size_t)w)
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR) {
				w = 0;
				continue;
			}
			return -1;
		}
	return 0;
}

/* Into a file that is not a regular one (a device, a pipe): in place. */
static int
inplace(const char *path, const char *p, size_t n)
{
	int fd, e;

	if ((fd = open(path, O_WRONLY | O_TRUNC)) < 0)
		return -1;
	if (writeall(fd, p, n) < 0) {
		e = errno;
		(void)close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

/* A new file beside path, its name in tmp; the descriptor or -1. */
static int
tmpfile_at(const char *path, struct nt_buf *tmp)
{
	unsigned i;
	int fd;

	for (i = 0; i < 100; i++) {
		nt_buf_reset(tmp);
		nt_buf_printf(tmp, "%s.%ld-%u.tmp", path, (long)getpid(), i);
		if ((fd = open(tmp->p, O_WRONLY | O_CREAT | O_EXCL, 0666)) >= 0 ||
		    errno != EEXIST)
			return fd;
	}
	return -1;
}

int
nt_stats_save(const char *path, const char *p, size_t n)
{
	struct nt_buf tmp = NT_BUF_INIT;
	struct stat st;
	int fd, e;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return inplace(path, p, n);
	if ((fd = tmpfile_at(path, &tmp)) < 0) {
		nt_buf_free(&tmp);
		return -1;
	}
	if (writeall(fd, p, n) < 0 || fsync(fd) < 0) {
		e = errno;
		(void)close(fd);
		goto fail;
	}
	if (close(fd) < 0 || rename(tmp.p, path) < 0) {
		e = errno;
		goto fail;
	}
	nt_buf_free(&tmp);
	return 0;
fail:
	(void)unlink(tmp.p);
	nt_buf_free(&tmp);
	errno = e;
	return -1;
}
