#include <err.h>
#include <fcntl.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/util.h"

#ifndef NT_DATADIR
#define NT_DATADIR "/usr/local/share/ntools"
#endif

void *
nt_emalloc(size_t n)
{
	void *p;

	if ((p = malloc(n ? n : 1)) == NULL)
		err(1, "malloc");
	return p;
}

void *
nt_ecalloc(size_t n, size_t sz)
{
	void *p;

	if ((p = calloc(n ? n : 1, sz ? sz : 1)) == NULL)
		err(1, "calloc");
	return p;
}

void *
nt_erealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		err(1, "realloc");
	return p;
}

void *
nt_ereallocarray(void *p, size_t n, size_t sz)
{
	if (sz != 0 && n > SIZE_MAX / sz)
		errx(1, "array of %zu items of %zu bytes is too large", n, sz);
	return nt_erealloc(p, n * sz);
}

char *
nt_estrdup(const char *s)
{
	return nt_estrndup(s, strlen(s));
}

char *
nt_estrndup(const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		errx(1, "string too long");
	p = nt_emalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
nt_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(1, fmt, ap);
}

void
nt_fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrx(1, fmt, ap);
}

static int
try(struct nt_buf *out, const char *dir, size_t dlen, const char *name)
{
	nt_buf_reset(out);
	nt_buf_add(out, dir, dlen);
	nt_buf_addc(out, '/');
	nt_buf_adds(out, name);
	return access(out->p, R_OK) == 0 ? 0 : -1;
}

/* The directory of the running executable into dir; -1 if unknown. */
static int
exedir(struct nt_buf *dir)
{
	char exe[PATH_MAX];
	const char *slash;
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return -1;
	nt_buf_reset(dir);
	nt_buf_add(dir, exe, (size_t)(slash - exe));
	return 0;
}

/*
 * The places a data file may be, in the order they are tried: what the
 * user named, the build tree, an installation under any prefix (bin/
 * beside share/ntools/, so that a tree moved or staged with DESTDIR still
 * works), and last the directory the program was built for.
 */
int
nt_datapath(const char *name, struct nt_buf *out)
{
	struct nt_buf dir = NT_BUF_INIT, tried = NT_BUF_INIT;
	const char *env, *rel[] = { "/../data", "/../share/ntools" };
	size_t i, base;
	int found = -1;

	if ((env = getenv("NTOOLS_DATA")) != NULL && *env != '\0') {
		if (try(out, env, strlen(env), name) == 0)
			return 0;
		nt_buf_printf(&tried, "%s, ", out->p);
	}
	if (exedir(&dir) == 0) {
		base = dir.len;
		for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			nt_buf_trunc(&dir, base);
			nt_buf_adds(&dir, rel[i]);
			if ((found = try(out, dir.p, dir.len, name)) == 0)
				break;
			nt_buf_printf(&tried, "%s, ", out->p);
		}
	}
	if (found != 0 && (found = try(out, NT_DATADIR, strlen(NT_DATADIR),
	    name)) != 0) {
		nt_buf_printf(&tried, "%s", out->p);
		nt_buf_reset(out);
		nt_buf_printf(out, "data file %s not found (tried %s; set "
		    "NTOOLS_DATA to the data directory)", name, tried.p);
	}
	nt_buf_free(&dir);
	nt_buf_free(&tried);
	return found;
}

int
nt_readfd(int fd, struct nt_buf *out)
{
	ssize_t r;

	for (;;) {
		nt_buf_grow(out, 1 << 16);
		r = read(fd, out->p + out->len, out->cap - out->len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r == 0 ? 0 : -1;
		out->len += (size_t)r;
		out->p[out->len] = '\0';
	}
}

int
nt_readfile(const char *path, struct nt_buf *out, struct nt_buf *err)
{
	int fd, e, r;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		goto fail;
	r = nt_readfd(fd, out);
	e = errno;
	close(fd);
	if (r == 0)
		return 0;
	errno = e;
fail:
	nt_buf_reset(err);
	nt_buf_printf(err, "%s: %s", path, strerror(errno));
	return -1;
}

int64_t
nt_now(void)
{
	const char *e = getenv("NTOOLS_NOW");
	char *end;
	long long v;

	if (e != NULL && *e != '\0') {
		errno = 0;
		v = strtoll(e, &end, 10);
		if (errno == 0 && *end == '\0')
			return v;
	}
	return (int64_t)time(NULL);
}

int
nt_age_parse(const char *s, int64_t *secs)
{
	static const char units[] = "smhdw";
	static const int64_t mult[] = { 1, 60, 3600, 86400, 604800 };
	const char *u;
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || v < 1 || v > 1000000000)
		return -1;
	if (*end == '\0') {
		*secs = v * 86400;
		return 0;
	}
	if (end[1] != '\0' || (u = strchr(units, *end)) == NULL)
		return -1;
	*secs = v * mult[u - units];
	return 0;
}
