/*
 * lock: a program's own state file, held by one process at a time, and
 * the commit gate through which npipe says when it may be committed.
 *
 * nt_statelock takes an flock(2) on "<state>.lock" beside the state
 * file (never on the state file itself: closing a second descriptor of
 * an SQLite database would drop SQLite's own POSIX locks) and writes
 * "PROG PID" into it, so that a program kept waiting can say who holds
 * it.  The lock is held until the descriptor is closed or the process
 * ends; it is close-on-exec.
 *
 * The gate: npipe starts a step that has a state file with
 * NTOOLS_COMMIT_FD naming a socket.  Such a step, at the end of its
 * input, after closing its output, sends npipe the status it would exit
 * with (one byte, '0' to '9') and waits: npipe answers 'c' once the
 * pipeline's output and input offsets are safe, and only then does the
 * step commit what it learnt; end of file (npipe gone, or the run
 * failed) means forget it.  A step run by hand has no gate and commits
 * as it goes.  One thread.
 */
#ifndef NT_LOCK_H
#define NT_LOCK_H

#include "core/buf.h"

#define NT_EXIT_BUSY	75	/* EX_TEMPFAIL: another run holds it */

/*
 * Lock state (a file path) for this process, waiting up to wait_ms.
 * Returns the lock's descriptor; -2 after waiting in vain, with the
 * holder ("ndedupe (pid 42)") in holder; -1 with errno on other errors.
 */
int	nt_statelock(const char *state, int wait_ms, struct nt_buf *holder);
/*
 * The same, or exit: 75 with "PROG: STATE: in use by HOLDER; gave up
 * after N s (see --wait)", 1 on other errors.
 */
int	nt_statelock_or_die(const char *state, int wait_ms);
/* That message and exit 75, for a caller that took the lock itself. */
void	nt_statelock_busy(const char *state, const char *holder, int wait_ms)
	    __attribute__((noreturn));

/* The gate npipe gave this process, or -1 when there is none. */
int	nt_gate_open(void);
/*
 * Close standard output (flushed already: the steps after this one end
 * only when it does), tell npipe through gate the status the program
 * would exit with, and wait for its word: 1 commit, 0 forget.
 */
int	nt_gate_wait(int gate, int status);

#endif
