#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/util.h"

void
nt_buf_grow(struct nt_buf *b, size_t n)
{
	size_t need, cap;

	if (n > NT_BUF_MAX || b->len > NT_BUF_MAX - n - 1)
		nt_fatalx("buffer would exceed %zu bytes", (size_t)NT_BUF_MAX);
	need = b->len + n + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > NT_BUF_MAX / 2 ? NT_BUF_MAX + 1 : cap * 2;
	b->p = nt_erealloc(b->p, cap);
	b->cap = cap;
	b->p[b->len] = '\0';
}

void
nt_buf_add(struct nt_buf *b, const void *p, size_t n)
{
	if (n == 0) {
		if (b->p == NULL)
			nt_buf_grow(b, 0);
		return;
	}
	/* Room already (the common case) needs no call; cap > len. */
	if (b->p == NULL || b->cap - b->len <= n)
		nt_buf_grow(b, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
nt_buf_adds(struct nt_buf *b, const char *s)
{
	nt_buf_add(b, s, strlen(s));
}

void
nt_buf_addu(struct nt_buf *b, uint64_t v)
{
	char tmp[24], *e = tmp + sizeof(tmp), *s = e;

	do {
		*--s = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	nt_buf_add(b, s, (size_t)(e - s));
}

void
nt_buf_addi(struct nt_buf *b, int64_t v)
{
	if (v < 0) {
		nt_buf_addc(b, '-');
		nt_buf_addu(b, (uint64_t)0 - (uint64_t)v);
	} else
		nt_buf_addu(b, (uint64_t)v);
}

void
nt_buf_printf(struct nt_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nt_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
nt_buf_vprintf(struct nt_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		nt_fatalx("bad format string");
	nt_buf_grow(b, (size_t)n);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
nt_buf_reset(struct nt_buf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

void
nt_buf_trunc(struct nt_buf *b, size_t n)
{
	if (n < b->len) {
		b->len = n;
		b->p[n] = '\0';
	}
}

void
nt_buf_free(struct nt_buf *b)
{
	if (b == NULL)
		return;
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
