/*
 * lock: a lock file that names its holder, for state that one run at a
 * time may change.
 *
 * nt_lock_take takes an exclusive flock(2) on path (created if need
 * be) and writes the holder into it, "PID PROG\n", so that a second
 * run that finds it taken can say who holds it.  The lock goes with
 * its holder: closing the descriptor, or the process ending in any
 * way, releases it, and a file left behind by a killed run is taken
 * over by the next.  nt_lock_release removes the file and releases
 * the lock; a run that opened the file while it was being removed
 * finds, once it holds the lock, that the path names another file (or
 * none), and tries again, so two runs never both hold one path.
 * One thread; the descriptor is close-on-exec.
 */
#ifndef NT_LOCK_H
#define NT_LOCK_H

#include "core/buf.h"

/*
 * Take the lock at path for prog, waiting up to wait_ms for another
 * holder to let go (polling ten times a second).  Returns the
 * descriptor; -2 when it is still held after wait_ms, with the holder
 * in holder ("process 1234 (nimport)"); -1 on another error (errno).
 */
int	nt_lock_take(const char *path, const char *prog, int wait_ms,
	    struct nt_buf *holder);
/* Remove path and release the lock fd holds.  fd < 0 is fine. */
void	nt_lock_release(const char *path, int fd);

#endif
