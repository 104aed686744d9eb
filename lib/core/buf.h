/*
 * buf: a growable byte buffer.
 *
 * A struct nt_buf owns its bytes; the caller owns the struct.  The bytes
 * are always NUL-terminated (the NUL is not counted in len), so a buffer
 * holding text can be passed to C string functions.  Growth past
 * NT_BUF_MAX, or an allocation failure, is fatal (exit 1): the tools have
 * no way to go on without the record they are building.
 * Not safe to share across threads without a lock.
 */
#ifndef NT_BUF_H
#define NT_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* No single record or field may exceed this (1 TiB): a guard against
 * runaway size arithmetic, not a practical limit. */
#define NT_BUF_MAX ((size_t)1 << 40)

struct nt_buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

#define NT_BUF_INIT { NULL, 0, 0 }

/* Make room for n more bytes (plus the NUL). */
void	nt_buf_grow(struct nt_buf *, size_t n);
void	nt_buf_add(struct nt_buf *, const void *, size_t);
void	nt_buf_adds(struct nt_buf *, const char *);
void	nt_buf_addu(struct nt_buf *, uint64_t);
void	nt_buf_addi(struct nt_buf *, int64_t);
void	nt_buf_printf(struct nt_buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	nt_buf_vprintf(struct nt_buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* Empty the buffer, keeping its memory. */
void	nt_buf_reset(struct nt_buf *);
/* Shrink len to n (n <= len). */
void	nt_buf_trunc(struct nt_buf *, size_t n);
/*
 * Append the byte c.  Inline: callers add byte after byte, and a buffer
 * with room (the common case) then costs no call.
 */
static inline void
nt_buf_addc(struct nt_buf *b, int c)
{
	if (b->p == NULL || b->cap - b->len < 2)
		nt_buf_grow(b, 1);
	b->p[b->len++] = (char)c;
	b->p[b->len] = '\0';
}
/* Give the memory back; the buffer is empty and reusable. NULL is fine. */
void	nt_buf_free(struct nt_buf *);

#endif
