/*
 * child.h: run a function in a child process, for the unit tests of
 * code that exits (a fatal error, a lock given up): what the child
 * wrote on stderr goes to msg (its last newline dropped), and its exit
 * status (128 + the signal when one killed it) comes back; -1 when the
 * child could not be run.  One thread.
 */
#ifndef NT_T_CHILD_H
#define NT_T_CHILD_H

#include <sys/wait.h>
#include <stdio.h>
#include <unistd.h>

static int
t_in_child(void (*fn)(const char *), const char *arg, char *msg,
    size_t cap)
{
	int fd[2], status;
	ssize_t n;
	size_t len = 0;
	pid_t pid;

	/* The child may exit(): it must not write our buffered lines too. */
	fflush(stdout);
	if (pipe(fd) < 0 || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		dup2(fd[1], 2);
		close(fd[0]);
		fn(arg);
		_exit(0);
	}
	close(fd[1]);
	while (len + 1 < cap &&
	    (n = read(fd[0], msg + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	msg[len] = '\0';
	if (len > 0 && msg[len - 1] == '\n')
		msg[len - 1] = '\0';
	close(fd[0]);
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) :
	    128 + WTERMSIG(status);
}

#endif
