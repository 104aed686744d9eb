#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/lock.h"

#define POLL_MS	100

/* Does fd still name the file at path? */
static int
same(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* One attempt: the descriptor, -2 when held, -1 on an error. */
static int
attempt(const char *path)
{
	int fd, e;

	for (;;) {
		if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) < 0)
			return -1;
		while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			close(fd);
			errno = e;
			return e == EWOULDBLOCK ? -2 : -1;
		}
		if (same(fd, path))
			return fd;
		/* Removed by the run that let go: the path is someone else's. */
		close(fd);
	}
}

/* "process 1234 (nimport)", from what the holder wrote. */
static void
describe(const char *path, struct nt_buf *holder)
{
	char buf[128], prog[64];
	long pid = 0;
	ssize_t n = -1;
	int fd;

	nt_buf_reset(holder);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	if (n > 0) {
		buf[n] = '\0';
		if (sscanf(buf, "%ld %63s", &pid, prog) == 2 && pid > 0 &&
		    (kill((pid_t)pid, 0) == 0 || errno == EPERM)) {
			nt_buf_printf(holder, "process %ld (%s)", pid, prog);
			return;
		}
	}
	nt_buf_adds(holder, "another process");
}

static void
note(int fd, const char *prog)
{
	char buf[96];
	int n;

	n = snprintf(buf, sizeof(buf), "%ld %s\n", (long)getpid(), prog);
	/* The note is for people; the lock holds whether it is written. */
	if (n <= 0 || (size_t)n >= sizeof(buf) || ftruncate(fd, 0) < 0 ||
	    pwrite(fd, buf, (size_t)n, 0) != n)
		return;
}

int
nt_lock_take(const char *path, const char *prog, int wait_ms,
    struct nt_buf *holder)
{
	struct timespec ts = { 0, POLL_MS * 1000000L };
	int fd, waited = 0;

	while ((fd = attempt(path)) == -2 && waited < wait_ms) {
		nanosleep(&ts, NULL);
		waited += POLL_MS;
	}
	if (fd == -2)
		describe(path, holder);
	else if (fd >= 0)
		note(fd, prog);
	return fd;
}

void
nt_lock_release(const char *path, int fd)
{
	if (fd < 0)
		return;
	/* Unlink first: whoever opens the path now opens a new file. */
	unlink(path);
	close(fd);
}
