#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/io.h"
#include "core/util.h"

#define READ_CHUNK	(256 * 1024)
#define WRITE_CHUNK	(256 * 1024)

void
nt_in_init(struct nt_in *in, char **paths, size_t npaths)
{
	memset(in, 0, sizeof(*in));
	in->paths = paths;
	in->npaths = npaths;
	in->fd = -1;
	in->eof = 1;
	in->srcfd = -1;
}

/* Take the source channel npipe may have given (once, for stdin). */
static void
src_open(struct nt_in *in)
{
	const char *e = getenv("NTOOLS_SOURCE_FD");
	char *end;
	long v;

	if (e == NULL)
		return;
	errno = 0;
	v = strtol(e, &end, 10);
	unsetenv("NTOOLS_SOURCE_FD");
	if (errno != 0 || *end != '\0' || v < 3 || v > 65535 ||
	    fcntl((int)v, F_SETFL, O_NONBLOCK) < 0)
		return;
	(void)fcntl((int)v, F_SETFD, FD_CLOEXEC);
	in->srcfd = (int)v;
}

/* One "S<TAB>F<TAB>name" line; a malformed one is ignored. */
static void
src_add(struct nt_in *in, char *s)
{
	struct nt_insrc *x;
	unsigned long long sl, fl;
	char *t;

	errno = 0;
	sl = strtoull(s, &t, 10);
	if (errno != 0 || *t != '\t' || sl == 0)
		return;
	fl = strtoull(t + 1, &t, 10);
	if (errno != 0 || *t != '\t' || fl == 0 ||
	    (in->nsrc > 0 && sl < in->src[in->nsrc - 1].sline))
		return;
	in->src = nt_ereallocarray(in->src, in->nsrc + 1, sizeof(*in->src));
	x = &in->src[in->nsrc++];
	x->sline = sl;
	x->fline = fl;
	x->name = nt_estrdup(t + 1);
}

/*
 * Read what the channel holds now.  Called after each read of standard
 * input: whatever it says of the lines just read was written before them.
 */
static void
src_drain(struct nt_in *in)
{
	struct nt_buf *b = &in->srcbuf;
	char *nl, *s;
	ssize_t n;

	for (;;) {
		nt_buf_grow(b, 4096);
		n = read(in->srcfd, b->p + b->len, b->cap - b->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		b->len += (size_t)n;
		b->p[b->len] = '\0';
	}
	for (s = b->p; b->len > 0 && (nl = strchr(s, '\n')) != NULL;
	    s = nl + 1) {
		*nl = '\0';
		src_add(in, s);
	}
	if (b->len > 0) {
		b->len -= (size_t)(s - b->p);
		memmove(b->p, s, b->len + 1);
	}
}

/* Count the line just read; from standard input, find its source. */
static void
counted(struct nt_in *in)
{
	const struct nt_insrc *x;

	in->lineno++;
	if (in->fd != STDIN_FILENO || in->nsrc == 0)
		return;
	in->sline++;
	while (in->cursrc + 1 < in->nsrc &&
	    in->src[in->cursrc + 1].sline <= in->sline)
		in->cursrc++;
	x = &in->src[in->cursrc];
	if (x->sline > in->sline)
		return;
	in->name = x->name;
	in->lineno = x->fline + (in->sline - x->sline);
}

/* An input that cannot be opened or read: say so, or keep the message. */
static void
ioerror(struct nt_in *in, const char *name)
{
	in->ioerrors++;
	if (in->errs == NULL)
		warn("%s", name);
	else
		nt_buf_printf(in->errs, "%s: %s\n", name, strerror(errno));
}

/* Open the next input; 0, or -1 when there are no more. */
static int
open_next(struct nt_in *in)
{
	static char *stdin_only[] = { "-" };
	const char *path;

	if (in->npaths == 0) {
		in->paths = stdin_only;
		in->npaths = 1;
	}
	while (in->next < in->npaths) {
		path = in->paths[in->next++];
		in->lineno = 0;
		if (strcmp(path, "-") == 0) {
			in->fd = STDIN_FILENO;
			in->name = "stdin";
			src_open(in);
		} else if ((in->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
			ioerror(in, path);
			continue;
		} else
			in->name = path;
		in->eof = 0;
		if (in->buf.p == NULL)
			nt_buf_grow(&in->buf, READ_CHUNK);
		return 0;
	}
	return -1;
}

static void
close_cur(struct nt_in *in)
{
	if (in->fd > STDIN_FILENO)
		close(in->fd);
	in->fd = -1;
	in->eof = 1;
}

/*
 * The first line of an input loses a UTF-8 byte-order mark: editors on
 * some systems write one, and it is no part of the first record.
 */
static int
line_out(struct nt_in *in, const char **line, size_t *len)
{
	if (in->lineno == 1 && *len >= 3 &&
	    memcmp(*line, "\xef\xbb\xbf", 3) == 0) {
		*line += 3;
		*len -= 3;
	}
	return 1;
}

int
nt_in_next(struct nt_in *in, const char **line, size_t *len)
{
	struct nt_buf *b = &in->buf;
	char *nl;
	size_t scanned;
	ssize_t n;

	for (;;) {
		if (in->fd < 0 && open_next(in) < 0)
			return 0;
		scanned = 0;
		for (;;) {
			nl = memchr(b->p + in->pos + scanned, '\n',
			    b->len - in->pos - scanned);
			if (nl != NULL) {
				*line = b->p + in->pos;
				*len = (size_t)(nl - *line);
				in->pos += *len + 1;
				counted(in);
				in->bytes += *len + 1;
				return line_out(in, line, len);
			}
			scanned = b->len - in->pos;
			if (in->eof)
				break;
			/* Slide the partial line to the front, then read. */
			if (in->pos > 0) {
				memmove(b->p, b->p + in->pos, b->len - in->pos);
				b->len -= in->pos;
				in->pos = 0;
			}
			nt_buf_grow(b, READ_CHUNK);
			n = read(in->fd, b->p + b->len, b->cap - b->len - 1);
			if (n < 0) {
				if (errno == EINTR)
					continue;
				ioerror(in, in->name);
				in->eof = 1;
				break;
			}
			if (n == 0)
				in->eof = 1;
			if (in->srcfd > STDERR_FILENO)
				src_drain(in);
			b->len += (size_t)n;
			b->p[b->len] = '\0';
		}
		/* End of this file: a last line without '\n'. */
		if (b->len > in->pos) {
			*line = b->p + in->pos;
			*len = b->len - in->pos;
			in->pos = b->len;
			counted(in);
			in->bytes += *len;
			close_cur(in);
			return line_out(in, line, len);
		}
		close_cur(in);
		nt_buf_reset(b);
		in->pos = 0;
	}
}

void
nt_in_free(struct nt_in *in)
{
	size_t i;

	if (in == NULL)
		return;
	if (in->fd >= 0)
		close_cur(in);
	nt_buf_free(&in->buf);
	if (in->srcfd > STDERR_FILENO)
		close(in->srcfd);
	in->srcfd = -1;
	for (i = 0; i < in->nsrc; i++)
		free(in->src[i].name);
	free(in->src);
	in->src = NULL;
	in->nsrc = 0;
	nt_buf_free(&in->srcbuf);
}

void
nt_out_open(struct nt_out *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	if (path == NULL || strcmp(path, "-") == 0) {
		o->fd = STDOUT_FILENO;
		o->name = "stdout";
		return;
	}
	o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (o->fd < 0)
		err(1, "%s", path);
	o->name = path;
}

static void
writeall(struct nt_out *o, const char *p, size_t left)
{
	ssize_t n;

	while (left > 0) {
		n = write(o->fd, p, left);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err(1, "write error: %s", o->name);
		}
		p += n;
		left -= (size_t)n;
	}
}

void
nt_out_flush(struct nt_out *o)
{
	writeall(o, o->buf.p, o->buf.len);
	nt_buf_reset(&o->buf);
}

void
nt_out_put(struct nt_out *o, const char *p, size_t n)
{
	if (n < WRITE_CHUNK) {
		nt_buf_add(&o->buf, p, n);
		return;
	}
	nt_out_flush(o);
	writeall(o, p, n);
}

void
nt_out_commit(struct nt_out *o)
{
	if (o->unbuffered || o->buf.len >= WRITE_CHUNK)
		nt_out_flush(o);
}

void
nt_out_close(struct nt_out *o)
{
	nt_out_flush(o);
	if (o->fd > STDERR_FILENO && close(o->fd) < 0)
		err(1, "close: %s", o->name);
	o->fd = -1;
	nt_buf_free(&o->buf);
}

int
nt_in_idle(const struct nt_in *in)
{
	struct pollfd pfd;

	if (in->fd < 0 || in->eof)
		return 0;
	if (in->buf.len > in->pos &&
	    memchr(in->buf.p + in->pos, '\n', in->buf.len - in->pos) != NULL)
		return 0;
	pfd.fd = in->fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	return poll(&pfd, 1, 0) == 0;
}
