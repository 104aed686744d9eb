/* Unit tests for lib/core/buf.c: appends across the buffer's growth. */
#include <string.h>

#include "core/buf.h"
#include "t.h"

int
main(void)
{
	struct nt_buf b = NT_BUF_INIT, c = NT_BUF_INIT;
	char want[5000];
	size_t i, bad = 0;

	/* Byte by byte and in pieces of every length, past many doublings. */
	for (i = 0; i < sizeof(want); i++)
		want[i] = (char)('a' + i % 26);
	for (i = 0; i < sizeof(want); i++) {
		nt_buf_addc(&b, want[i]);
		bad += b.len != i + 1 || b.p[b.len] != '\0' || b.cap <= b.len;
	}
	ok(bad == 0 && memcmp(b.p, want, sizeof(want)) == 0,
	    "nt_buf_addc keeps every byte and the NUL");
	for (i = 0, bad = 0; c.len < sizeof(want) - 100; i++) {
		nt_buf_add(&c, want + c.len, i % 97);
		bad += c.p[c.len] != '\0' || c.cap <= c.len;
	}
	ok(bad == 0 && memcmp(c.p, want, c.len) == 0,
	    "nt_buf_add keeps every byte and the NUL");
	nt_buf_free(&c);
	nt_buf_add(&c, "", 0);
	ok(c.p != NULL && c.len == 0 && c.p[0] == '\0',
	    "an empty add to an empty buffer gives an empty string");
	nt_buf_free(&b);
	nt_buf_free(&c);
	return done();
}
