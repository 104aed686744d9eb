#include <sys/file.h>
#include <sys/socket.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/cli.h"
#include "core/lock.h"

#define POLL_MS	50

/* What the lock file says of its holder, into holder. */
static void
holder_of(int fd, struct nt_buf *holder)
{
	char buf[256], *sp, *nl;
	ssize_t n;

	nt_buf_reset(holder);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	if ((nl = strchr(buf, '\n')) != NULL)
		*nl = '\0';
	if ((sp = strchr(buf, ' ')) == NULL || sp == buf) {
		nt_buf_adds(holder, "another run");
		return;
	}
	*sp = '\0';
	nt_buf_printf(holder, "%s (pid %s)", buf, sp + 1);
}

/* Say who holds the lock now: this program. */
static void
claim(int fd)
{
	char buf[256];
	int n;

	n = snprintf(buf, sizeof(buf), "%s %ld\n",
	    program_invocation_short_name, (long)getpid());
	if (ftruncate(fd, 0) == 0 && n > 0)
		(void)!pwrite(fd, buf, (size_t)n, 0);
}

int
nt_statelock(const char *state, int wait_ms, struct nt_buf *holder)
{
	struct nt_buf path = NT_BUF_INIT;
	struct timespec ts = { 0, POLL_MS * 1000000L };
	int fd, waited = 0, e;

	nt_buf_printf(&path, "%s.lock", state);
	fd = open(path.p, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	e = errno;
	nt_buf_free(&path);
	if (fd < 0) {
		errno = e;
		return -1;
	}
	/*
	 * Polled rather than blocking: an flock wait cannot time out, and
	 * a holder that never lets go must not hang a cron job for ever.
	 */
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK || waited >= wait_ms) {
			e = errno;
			if (e == EWOULDBLOCK)
				holder_of(fd, holder);
			close(fd);
			errno = e;
			return e == EWOULDBLOCK ? -2 : -1;
		}
		nanosleep(&ts, NULL);
		waited += POLL_MS;
	}
	claim(fd);
	return fd;
}

void
nt_statelock_busy(const char *state, const char *holder, int wait_ms)
{
	errx(NT_EXIT_BUSY, "%s: in use by %s; gave up after %d s (see --wait)",
	    state, holder, wait_ms / 1000);
}

int
nt_statelock_or_die(const char *state, int wait_ms)
{
	struct nt_buf holder = NT_BUF_INIT;
	int fd;

	if ((fd = nt_statelock(state, wait_ms, &holder)) == -1)
		err(NT_EXIT_FATAL, "%s.lock", state);
	if (fd == -2)
		nt_statelock_busy(state, holder.p, wait_ms);
	nt_buf_free(&holder);
	return fd;
}

int
nt_gate_open(void)
{
	const char *e = getenv("NTOOLS_COMMIT_FD");
	char *end;
	long v;

	if (e == NULL || *e == '\0')
		return -1;
	errno = 0;
	v = strtol(e, &end, 10);
	if (errno != 0 || *end != '\0' || v < 3 || v > 65535 ||
	    fcntl((int)v, F_GETFD) < 0)
		return -1;
	/* Not for the programs this one might start. */
	(void)fcntl((int)v, F_SETFD, FD_CLOEXEC);
	unsetenv("NTOOLS_COMMIT_FD");
	return (int)v;
}

int
nt_gate_wait(int gate, int status)
{
	char c = (char)('0' + (status >= 0 && status <= 9 ? status : 1));
	ssize_t n;

	/* The steps after this one end only when its output does. */
	close(STDOUT_FILENO);
	while ((n = send(gate, &c, 1, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	if (n != 1)
		return 0;
	while ((n = read(gate, &c, 1)) < 0 && errno == EINTR)
		;
	return n == 1 && c == 'c';
}
