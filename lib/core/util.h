/*
 * util: allocation that cannot fail, fatal diagnostics, where the data
 * files are, and the clock and ages of the state files.
 *
 * The e-prefixed allocators exit with status 1 and a message when memory
 * runs out; what they return is the caller's to free.  nt_fatal and
 * nt_fatalx print "prog: message" (with errno's text for nt_fatal) and
 * exit 1.  Nothing here keeps state except the program name.
 */
#ifndef NT_UTIL_H
#define NT_UTIL_H

#include <stddef.h>
#include <stdint.h>

struct nt_buf;

void	*nt_emalloc(size_t);
void	*nt_ecalloc(size_t, size_t);
void	*nt_erealloc(void *, size_t);
/* realloc for an array of n items of size sz, checking n * sz. */
void	*nt_ereallocarray(void *, size_t n, size_t sz);
char	*nt_estrdup(const char *);
char	*nt_estrndup(const char *, size_t);

void	 nt_fatal(const char *, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));
void	 nt_fatalx(const char *, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));

/*
 * Find the data file NAME (for example "nclean/rules.yaml"): in
 * $NTOOLS_DATA, then in ../data beside the running executable (the build
 * tree), then in ../share/ntools beside it (an installation under any
 * prefix), then in the share directory the program was built for.  Puts
 * the path in out and returns 0, or returns -1 with the message to print
 * in out ("data file NAME not found (tried ...)").
 */
int	 nt_datapath(const char *name, struct nt_buf *out);
/*
 * Append the whole of the file at path to out.  Returns 0, or -1 with
 * "path: reason" in err.
 */
int	 nt_readfile(const char *path, struct nt_buf *out, struct nt_buf *err);
/*
 * Append what fd gives until its end to out (read again after EINTR).
 * Returns 0, or -1 with errno on a read error (out keeps what came).
 */
int	 nt_readfd(int fd, struct nt_buf *out);
/*
 * Now, in seconds since the epoch; $NTOOLS_NOW (a number) stands in for
 * the clock, so tests of --max-age need not wait.
 */
int64_t	 nt_now(void);
/*
 * Parse an age for --max-age: a number from 1 to 10^9 and a unit s, m,
 * h, d or w (none: days).  0 with the seconds in *secs, or -1.
 */
int	 nt_age_parse(const char *s, int64_t *secs);

#endif
