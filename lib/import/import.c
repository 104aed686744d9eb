#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "import/import.h"
#include "core/json.h"
#include "core/sha1.h"
#include "core/utf8.h"
#include "core/util.h"

int
nt_import_load(const char *path, struct nt_buf *data)
{
	struct stat st;
	ssize_t n;
	int fd, e;

	nt_buf_reset(data);
	if (path == NULL)
		fd = 0;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	/* A file is read into a buffer of its size, not twice it. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		nt_buf_grow(data, (size_t)st.st_size + 1);
	for (;;) {
		nt_buf_grow(data, 65536);
		n = read(fd, data->p + data->len, data->cap - data->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			if (fd != 0)
				close(fd);
			errno = e;
			return -1;
		}
		if (n == 0)
			break;
		data->len += (size_t)n;
		data->p[data->len] = '\0';
	}
	if (fd != 0)
		close(fd);
	return 0;
}

int
nt_import_check(const struct nt_buf *data, struct nt_buf *why)
{
	size_t i, ctl = 0, bad;

	nt_buf_reset(why);
	for (i = 0; i < data->len; i++) {
		unsigned char c = (unsigned char)data->p[i];

		if (c == 0) {
			nt_buf_printf(why, "looks binary (NUL byte at offset "
			    "%zu)", i);
			return 1;
		}
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' &&
		    c != '\f' && c != '\v')
			ctl++;
	}
	if ((bad = nt_utf8_valid(data->p, data->len)) != data->len) {
		nt_buf_printf(why, "not valid UTF-8 (byte offset %zu)", bad);
		return 1;
	}
	/* Text has the odd escape character; binary data has many. */
	if (ctl > 8 && ctl * 100 > data->len) {
		nt_buf_printf(why, "looks binary (%zu control characters)",
		    ctl);
		return 1;
	}
	return 0;
}

int
nt_import_read(const char *path, struct nt_buf *data, struct nt_buf *why)
{
	nt_buf_reset(why);
	if (nt_import_load(path, data) < 0)
		return -1;
	return nt_import_check(data, why);
}

void
nt_import_id(const struct nt_import *im, const char *path, const char *text,
    size_t n, struct nt_buf *out)
{
	const char *base, *dot;
	char hex[41];

	switch (im->id) {
	case NT_ID_PATH:
		nt_json_addstr(out, path, strlen(path));
		break;
	case NT_ID_SHA1:
		nt_sha1_hex(text, n, hex);
		nt_json_addstr(out, hex, 40);
		break;
	case NT_ID_NAME:
		base = strrchr(path, '/');
		base = base ? base + 1 : path;
		dot = strrchr(base, '.');
		if (dot == NULL || dot == base)
			dot = base + strlen(base);
		nt_json_addstr(out, base, (size_t)(dot - base));
		break;
	}
}

void
nt_import_record(const struct nt_import *im, const char *path,
    const struct nt_buf *data, struct nt_buf *out)
{
	struct nt_buf text = NT_BUF_INIT;
	const char *p = data->p ? data->p : "", *end = p + data->len, *cr;

	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	nt_buf_grow(&text, (size_t)(end - p));
	while ((cr = memchr(p, '\r', (size_t)(end - p))) != NULL) {
		nt_buf_add(&text, p, (size_t)(cr - p));
		/* CRLF: drop the CR, the LF follows; a lone CR stays. */
		if (cr + 1 == end || cr[1] != '\n')
			nt_buf_addc(&text, '\r');
		p = cr + 1;
	}
	nt_buf_add(&text, p, (size_t)(end - p));

	nt_buf_adds(out, "{\"id\":");
	nt_import_id(im, path, text.p, text.len, out);
	if (im->source != NULL) {
		nt_buf_adds(out, ",\"source\":");
		nt_json_addstr(out, im->source, strlen(im->source));
	}
	nt_buf_adds(out, ",\"path\":");
	nt_json_addstr(out, path, strlen(path));
	nt_buf_addc(out, ',');
	nt_json_addstr(out, im->field, strlen(im->field));
	nt_buf_addc(out, ':');
	nt_json_addstr(out, text.p, text.len);
	nt_buf_adds(out, "}\n");
	nt_buf_free(&text);
}

int
nt_import_file(const struct nt_import *im, const char *path,
    struct nt_buf *data, struct nt_buf *tmp, struct nt_buf *why,
    struct nt_buf *out)
{
	int html;

	nt_buf_reset(why);
	if (nt_import_load(path, data) < 0)
		return -1;
	html = im->format == NT_FMT_HTML || (im->format == NT_FMT_AUTO &&
	    nt_import_ishtml(data->p ? data->p : "", data->len));
	if (html && nt_import_decode(data, tmp) < 0) {
		nt_buf_adds(why, "cannot decode the page's charset");
		return 1;
	}
	if (nt_import_check(data, why) != 0)
		return 1;
	if (html)
		nt_import_html(im, path, data, out);
	else
		nt_import_record(im, path, data, out);
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Does name end with one of the comma-separated exts (NULL: all)? */
static int
wanted(const char *name, const char *exts)
{
	size_t n = strlen(name), k;
	const char *e;

	if (exts == NULL)
		return 1;
	for (; *exts != '\0'; exts = *e == ',' ? e + 1 : e) {
		e = strchr(exts, ',');
		if (e == NULL)
			e = exts + strlen(exts);
		k = (size_t)(e - exts);
		if (k > 0 && k < n && strncasecmp(name + n - k, exts, k) == 0)
			return 1;
	}
	return 0;
}

int
nt_import_walk(const char *dir, const char *exts, char ***list, size_t *n)
{
	DIR *d;
	struct dirent *e;
	struct stat st;
	struct nt_buf path = NT_BUF_INIT;
	char **names = NULL;
	size_t nn = 0, i;
	int rv = 0;

	if ((d = opendir(dir)) == NULL) {
		warn("%s", dir);
		return -1;
	}
	while ((errno = 0, e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = nt_ereallocarray(names, nn + 1, sizeof(*names));
		names[nn++] = nt_estrdup(e->d_name);
	}
	if (errno != 0) {
		warn("%s", dir);
		rv = -1;
	}
	closedir(d);
	if (nn > 1)
		qsort(names, nn, sizeof(*names), cmp);
	for (i = 0; i < nn; i++) {
		nt_buf_reset(&path);
		nt_buf_adds(&path, dir);
		if (path.len > 0 && path.p[path.len - 1] != '/')
			nt_buf_addc(&path, '/');
		nt_buf_adds(&path, names[i]);
		if (stat(path.p, &st) < 0) {
			warn("%s", path.p);
			rv = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (nt_import_walk(path.p, exts, list, n) < 0)
				rv = -1;
		} else if (S_ISREG(st.st_mode) && wanted(names[i], exts)) {
			*list = nt_ereallocarray(*list, *n + 1, sizeof(**list));
			(*list)[(*n)++] = nt_estrdup(path.p);
		}
		free(names[i]);
	}
	free(names);
	nt_buf_free(&path);
	return rv;
}

int
nt_import_list(int argc, char **argv, const char *exts, int recursive,
    char ***list, size_t *n)
{
	static char *none[] = { "-" };
	struct stat st;
	int i, rv = 0;

	if (argc == 0) {
		argc = 1;
		argv = none;
	}
	*list = NULL;
	*n = 0;
	for (i = 0; i < argc; i++) {
		if (recursive && stat(argv[i], &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			if (nt_import_walk(argv[i], exts, list, n) < 0)
				rv = -1;
			continue;
		}
		*list = nt_ereallocarray(*list, *n + 1, sizeof(**list));
		(*list)[(*n)++] = strcmp(argv[i], "-") == 0 ? NULL :
		    nt_estrdup(argv[i]);
	}
	return rv;
}

/* A text file or a web page, as nt_import_file reads one. */
static void
article(struct nt_ctx *ctx, struct nt_import *im, const char *path,
    int html)
{
	const char *name = path ? path : "stdin";

	nt_buf_reset(&im->why);
	if (html && nt_import_decode(&im->data, &im->tmp) < 0)
		nt_buf_adds(&im->why, "cannot decode the page's charset");
	else if (nt_import_check(&im->data, &im->why) == 0) {
		if (html)
			nt_import_html(im, name, &im->data, &ctx->out.buf);
		else
			nt_import_record(im, name, &im->data, &ctx->out.buf);
		nt_out_commit(&ctx->out);
		return;
	}
	nt_cli_reject_at(ctx, name, 0, im->data.p ? im->data.p : "",
	    im->data.len, im->why.p, 0);
}

int
nt_import_input(struct nt_ctx *ctx, struct nt_import *im, const char *path)
{
	const char *p;

	if (nt_import_load(path, &im->data) < 0)
		return -1;
	p = im->data.p ? im->data.p : "";
	if (im->format == NT_FMT_FEED || (im->format == NT_FMT_AUTO &&
	    nt_feed_sniff(p, im->data.len))) {
		nt_import_feed(ctx, im, path, &im->data);
		return 0;
	}
	article(ctx, im, path, im->format == NT_FMT_HTML ||
	    (im->format == NT_FMT_AUTO && nt_import_ishtml(p, im->data.len)));
	return 0;
}

void
nt_import_free(struct nt_import *im)
{
	nt_buf_free(&im->data);
	nt_buf_free(&im->tmp);
	nt_buf_free(&im->why);
	nt_buf_free(&im->key);
}
