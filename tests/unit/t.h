/*
 * t.h: the smallest TAP harness for the C unit tests.  ok() prints
 * "ok N - name" or "not ok N - name" and remembers failures; done()
 * prints the plan and returns the exit status.
 */
#ifndef NT_T_H
#define NT_T_H

#include <stdio.h>
#include <string.h>

static int t_n, t_failed;

#define ok(cond, ...) do {						\
	int t_c = (cond);						\
	t_n++;								\
	if (t_c)							\
		printf("ok %d - ", t_n);				\
	else {								\
		t_failed++;						\
		printf("not ok %d - ", t_n);				\
	}								\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!t_c)							\
		printf("#   failed at %s:%d\n", __FILE__, __LINE__);	\
} while (0)

#define is_str(got, want, ...) do {					\
	const char *t_g = (got), *t_w = (want);				\
	int t_eq = t_g != NULL && strcmp(t_g, t_w) == 0;		\
	ok(t_eq, __VA_ARGS__);						\
	if (!t_eq)							\
		printf("#   got  '%s'\n#   want '%s'\n",		\
		    t_g ? t_g : "(null)", t_w);				\
} while (0)

static int
done(void)
{
	printf("1..%d\n", t_n);
	return t_failed ? 1 : 0;
}

#endif
