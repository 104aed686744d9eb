#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/json.h"
#include "pipe/pipe_state.h"
#include "core/sha1.h"
#include "core/utf8.h"
#include "core/util.h"

#define TAILBYTES 1024

int
nt_writeall(int fd, const void *p, size_t n)
{
	const char *q = p;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, q, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		q += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The directory part of path ("." when there is none). */
static char *
dirof(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return nt_estrdup(".");
	if (slash == path)
		return nt_estrdup("/");
	return nt_estrndup(path, (size_t)(slash - path));
}

int
nt_fsyncdir(const char *path)
{
	char *dir = dirof(path);
	int fd, r = 0, e;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		e = errno;
		free(dir);
		errno = e;
		return -1;
	}
	/* Some file systems cannot sync a directory; that is not a loss. */
	if (fsync(fd) < 0 && errno != EINVAL && errno != ENOTSUP)
		r = -1;
	e = errno;
	close(fd);
	free(dir);
	errno = e;
	return r;
}

int
nt_mkdirs(const char *path)
{
	char *p = nt_estrdup(path), *q;
	struct stat st;
	int e, last;

	for (q = p + 1; ; q++) {
		if (*q != '/' && *q != '\0')
			continue;
		if (*q == '/' && q[1] == '/')
			continue;
		last = *q == '\0';
		*q = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			e = errno;
			free(p);
			errno = e;
			return -1;
		}
		if (last)
			break;
		*q = '/';
	}
	e = stat(p, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
	free(p);
	errno = e;
	return e ? -1 : 0;
}

int
nt_lockfile(const char *path)
{
	int fd;

	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) < 0)
		return -1;
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EINTR)
			continue;
		close(fd);
		if (errno == EWOULDBLOCK)
			return -2;
		return -1;
	}
	return fd;
}

/*
 * The permissions a new file gets: those of the file it replaces, or
 * 0666 less the umask, as if it had been created by open(2).
 */
static mode_t
newmode(const char *path)
{
	struct stat st;
	mode_t m;

	if (stat(path, &st) == 0)
		return st.st_mode & 07777;
	m = umask(0);
	umask(m);
	return 0666 & ~m;
}

int
nt_afile_open(struct nt_afile *a, const char *path)
{
	struct nt_buf b = NT_BUF_INIT;
	struct stat st;
	char *dir;
	unsigned i;
	int e;

	a->fd = -1;
	a->tmp = a->path = NULL;
	/*
	 * Only a regular file is replaced; through a symbolic link, the
	 * file it names.  A device or a FIFO is never renamed over.
	 */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		errno = EINVAL;
		return -1;
	}
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		a->path = realpath(path, NULL);
	if (a->path == NULL)
		a->path = nt_estrdup(path);
	path = a->path;
	/*
	 * An unnamed file (O_TMPFILE) leaves nothing behind when the run
	 * is killed; it needs /proc to be given a name at the end.
	 */
	dir = dirof(path);
	if (access("/proc/self/fd", X_OK) == 0)
		a->fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	free(dir);
	for (i = 0; a->fd < 0 && i < 100; i++) {
		nt_buf_reset(&b);
		nt_buf_printf(&b, "%s.npipe-%ld-%u", path, (long)getpid(), i);
		a->fd = open(b.p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600);
		if (a->fd >= 0)
			a->tmp = nt_estrdup(b.p);
		else if (errno != EEXIST)
			break;
	}
	e = errno;
	nt_buf_free(&b);
	if (a->fd < 0) {
		free(a->path);
		a->path = NULL;
		errno = e;
		return -1;
	}
	if (fchmod(a->fd, newmode(path)) < 0) {
		e = errno;
		nt_afile_abort(a);
		errno = e;
		return -1;
	}
	return a->fd;
}

int
nt_afile_commit(struct nt_afile *a)
{
	struct nt_buf b = NT_BUF_INIT, proc = NT_BUF_INIT;
	unsigned i;
	int e;

	if (fsync(a->fd) < 0)
		goto fail;
	if (a->tmp == NULL) {
		nt_buf_printf(&proc, "/proc/self/fd/%d", a->fd);
		for (i = 0; i < 100; i++) {
			nt_buf_reset(&b);
			nt_buf_printf(&b, "%s.npipe-%ld-%u", a->path,
			    (long)getpid(), i);
			if (linkat(AT_FDCWD, proc.p, AT_FDCWD, b.p,
			    AT_SYMLINK_FOLLOW) == 0)
				break;
			if (errno != EEXIST)
				goto fail;
		}
		if (i == 100)
			goto fail;
		a->tmp = nt_estrdup(b.p);
	}
	if (close(a->fd) < 0) {
		a->fd = -1;
		goto fail;
	}
	a->fd = -1;
	if (rename(a->tmp, a->path) < 0)
		goto fail;
	free(a->tmp);
	a->tmp = NULL;
	if (nt_fsyncdir(a->path) < 0)
		goto fail;
	nt_buf_free(&b);
	nt_buf_free(&proc);
	nt_afile_abort(a);
	return 0;
fail:
	e = errno;
	nt_buf_free(&b);
	nt_buf_free(&proc);
	nt_afile_abort(a);
	errno = e;
	return -1;
}

void
nt_afile_abort(struct nt_afile *a)
{
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
	if (a->tmp != NULL)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	a->tmp = a->path = NULL;
}

int
nt_afile_write(const char *path, const void *p, size_t n)
{
	struct nt_afile a;
	int e;

	if (nt_afile_open(&a, path) < 0)
		return -1;
	if (nt_writeall(a.fd, p, n) < 0) {
		e = errno;
		nt_afile_abort(&a);
		errno = e;
		return -1;
	}
	return nt_afile_commit(&a);
}

void
nt_pstate_add(struct nt_pstate *s, const char *path, const struct stat *st,
    uint64_t size, uint64_t off, uint64_t line, const char tail[41])
{
	struct nt_poffset *f;

	s->f = nt_ereallocarray(s->f, s->n + 1, sizeof(*s->f));
	f = &s->f[s->n++];
	f->path = nt_estrdup(path);
	f->dev = (uint64_t)st->st_dev;
	f->ino = (uint64_t)st->st_ino;
	f->size = size;
	f->off = off;
	f->line = line;
	memcpy(f->tail, tail, 41);
}

static int
getnum(const char *obj, size_t n, const char *key, uint64_t *out)
{
	const char *v;
	size_t vl;
	int64_t i;

	if (!nt_json_get(obj, n, key, &v, &vl) ||
	    nt_json_int(v, vl, &i) < 0 || i < 0)
		return -1;
	*out = (uint64_t)i;
	return 0;
}

static char *
getstr(const char *obj, size_t n, const char *key)
{
	struct nt_buf b = NT_BUF_INIT;
	const char *v;
	size_t vl;
	char *s;

	if (!nt_json_get(obj, n, key, &v, &vl) ||
	    nt_json_type(v, vl) != NT_JSTR)
		return NULL;
	nt_json_unescape(v + 1, vl - 2, &b);
	s = nt_estrndup(b.p ? b.p : "", b.len);
	nt_buf_free(&b);
	return s;
}

static int
loadline(struct nt_pstate *s, struct nt_jparser *jp, const char *p,
    size_t n)
{
	struct nt_jerr je;
	struct nt_poffset f;
	const char *obj, *v;
	size_t olen, vl;
	char *tail, *work;

	if (nt_json_object(jp, p, n, &obj, &olen, &je) < 0)
		return -1;
	if ((work = getstr(obj, olen, "pending")) != NULL) {
		free(work);
		return 0;
	}
	if ((s->out = getstr(obj, olen, "output")) != NULL)
		return getnum(obj, olen, "dev", &s->outdev) < 0 ||
		    getnum(obj, olen, "ino", &s->outino) < 0 ||
		    getnum(obj, olen, "size", &s->outsize) < 0 ? -1 : 0;
	memset(&f, 0, sizeof(f));
	if ((f.path = getstr(obj, olen, "path")) == NULL)
		return -1;
	if (getnum(obj, olen, "dev", &f.dev) < 0 ||
	    getnum(obj, olen, "ino", &f.ino) < 0 ||
	    getnum(obj, olen, "size", &f.size) < 0 ||
	    getnum(obj, olen, "offset", &f.off) < 0 ||
	    (tail = getstr(obj, olen, "tail")) == NULL) {
		free(f.path);
		return -1;
	}
	/* Written before "line" was kept: the lines are counted again. */
	f.line = NT_NOLINE;
	if (strlen(tail) != 40 || (nt_json_get(obj, olen, "line", &v, &vl) &&
	    getnum(obj, olen, "line", &f.line) < 0)) {
		free(tail);
		free(f.path);
		return -1;
	}
	memcpy(f.tail, tail, 41);
	free(tail);
	s->f = nt_ereallocarray(s->f, s->n + 1, sizeof(*s->f));
	s->f[s->n++] = f;
	return 0;
}

int
nt_pstate_load(struct nt_pstate *s, const char *path, struct nt_buf *err)
{
	struct nt_jparser jp;
	FILE *fp;
	char *line = NULL, *nl;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int r = 0;

	memset(s, 0, sizeof(*s));
	if ((fp = fopen(path, "re")) == NULL) {
		if (errno == ENOENT)
			return 0;
		nt_buf_reset(err);
		nt_buf_printf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	memset(&jp, 0, sizeof(jp));
	while ((n = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if ((nl = memchr(line, '\n', (size_t)n)) != NULL)
			n = nl - line;
		if (n == 0)
			continue;
		if (loadline(s, &jp, line, (size_t)n) < 0) {
			nt_buf_reset(err);
			nt_buf_printf(err, "%s:%zu: not an offset record "
			    "(remove the file to read every input from the "
			    "start)", path, lineno);
			r = -1;
			break;
		}
	}
	if (r == 0 && ferror(fp)) {
		nt_buf_reset(err);
		nt_buf_printf(err, "%s: %s", path, strerror(errno));
		r = -1;
	}
	free(line);
	fclose(fp);
	nt_jparser_free(&jp);
	if (r < 0)
		nt_pstate_free(s);
	return r;
}

/* A path as a JSON string; bytes that are not UTF-8 become '?'. */
static void
addpath(struct nt_jw *w, const char *path)
{
	size_t n = strlen(path), i;
	char *copy;

	if (nt_utf8_valid(path, n) == n) {
		nt_jw_strz(w, path);
		return;
	}
	copy = nt_estrdup(path);
	for (i = 0; i < n; i++)
		if ((unsigned char)copy[i] >= 0x80)
			copy[i] = '?';
	nt_jw_strz(w, copy);
	free(copy);
}

int
nt_pstate_save(const struct nt_pstate *s, const char *path)
{
	struct nt_buf b = NT_BUF_INIT;
	struct nt_jw w;
	size_t i;
	int r, e;

	for (i = 0; i < s->n; i++) {
		nt_jw_init(&w, &b);
		nt_jw_obj(&w);
		nt_jw_key(&w, "path");
		addpath(&w, s->f[i].path);
		nt_jw_key(&w, "dev");
		nt_jw_int(&w, (int64_t)s->f[i].dev);
		nt_jw_key(&w, "ino");
		nt_jw_int(&w, (int64_t)s->f[i].ino);
		nt_jw_key(&w, "size");
		nt_jw_int(&w, (int64_t)s->f[i].size);
		nt_jw_key(&w, "offset");
		nt_jw_int(&w, (int64_t)s->f[i].off);
		if (s->f[i].line != NT_NOLINE) {
			nt_jw_key(&w, "line");
			nt_jw_int(&w, (int64_t)s->f[i].line);
		}
		nt_jw_key(&w, "tail");
		nt_jw_strz(&w, s->f[i].tail);
		nt_jw_end(&w);
		nt_buf_addc(&b, '\n');
	}
	if (s->out != NULL) {
		nt_jw_init(&w, &b);
		nt_jw_obj(&w);
		nt_jw_key(&w, "output");
		addpath(&w, s->out);
		nt_jw_key(&w, "dev");
		nt_jw_int(&w, (int64_t)s->outdev);
		nt_jw_key(&w, "ino");
		nt_jw_int(&w, (int64_t)s->outino);
		nt_jw_key(&w, "size");
		nt_jw_int(&w, (int64_t)s->outsize);
		nt_jw_end(&w);
		nt_buf_addc(&b, '\n');
	}
	r = nt_afile_write(path, b.p ? b.p : "", b.len);
	e = errno;
	nt_buf_free(&b);
	errno = e;
	return r;
}

void
nt_pstate_free(struct nt_pstate *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		free(s->f[i].path);
	free(s->f);
	free(s->out);
	memset(s, 0, sizeof(*s));
}

int
nt_pstate_tail(int fd, uint64_t off, char hex[41])
{
	char buf[TAILBYTES];
	size_t n = off < TAILBYTES ? (size_t)off : TAILBYTES, got = 0;
	ssize_t r;

	while (got < n) {
		r = pread(fd, buf + got, n - got, (off_t)(off - n + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	nt_sha1_hex(buf, n, hex);
	return 0;
}

uint64_t
nt_pstate_resume(const struct nt_pstate *s, int fd, const struct stat *st,
    uint64_t *line)
{
	char hex[41];
	size_t i;

	*line = 0;
	for (i = 0; i < s->n; i++) {
		if (s->f[i].dev != (uint64_t)st->st_dev ||
		    s->f[i].ino != (uint64_t)st->st_ino)
			continue;
		/* Truncated, or rewritten before the offset: start again. */
		if ((uint64_t)st->st_size < s->f[i].off ||
		    nt_pstate_tail(fd, s->f[i].off, hex) < 0 ||
		    strcmp(hex, s->f[i].tail) != 0)
			return 0;
		*line = s->f[i].line;
		return s->f[i].off;
	}
	return 0;
}

int
nt_countlines(int fd, uint64_t start, uint64_t end, uint64_t *n)
{
	char buf[65536];
	const char *q, *e;
	ssize_t r;
	size_t want;

	*n = 0;
	while (start < end) {
		want = end - start < sizeof(buf) ? (size_t)(end - start) :
		    sizeof(buf);
		if ((r = pread(fd, buf, want, (off_t)start)) < 0 &&
		    errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		for (q = buf, e = buf + r; (q = memchr(q, '\n',
		    (size_t)(e - q))) != NULL; q++)
			(*n)++;
		start += (uint64_t)r;
	}
	return 0;
}

int
nt_lastline(int fd, uint64_t start, uint64_t size, uint64_t *end)
{
	char buf[65536];
	uint64_t pos = size;
	size_t n, got;
	ssize_t r;
	char *nl;

	while (pos > start) {
		n = pos - start < sizeof(buf) ? (size_t)(pos - start) :
		    sizeof(buf);
		for (got = 0; got < n; got += (size_t)r) {
			r = pread(fd, buf + got, n - got,
			    (off_t)(pos - n + got));
			if (r < 0 && errno == EINTR) {
				r = 0;
				continue;
			}
			if (r <= 0)
				return -1;
		}
		if ((nl = memrchr(buf, '\n', n)) != NULL) {
			*end = pos - n + (uint64_t)(nl - buf) + 1;
			return 0;
		}
		pos -= n;
	}
	*end = start;
	return 0;
}
