#include <err.h>
#include <errno.h>
#include <fcntl.h>
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
				in->lineno++;
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
			b->len += (size_t)n;
			b->p[b->len] = '\0';
		}
		/* End of this file: a last line without '\n'. */
		if (b->len > in->pos) {
			*line = b->p + in->pos;
			*len = b->len - in->pos;
			in->pos = b->len;
			in->lineno++;
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
	if (in == NULL)
		return;
	if (in->fd >= 0)
		close_cur(in);
	nt_buf_free(&in->buf);
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

void
nt_out_flush(struct nt_out *o)
{
	const char *p = o->buf.p;
	size_t left = o->buf.len;
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
	nt_buf_reset(&o->buf);
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
