/* Unit tests for lib/utf8.c, lib/buf.c and lib/sha1.c. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/sha1.h"
#include "core/utf8.h"
#include "t.h"

int
main(void)
{
	static const uint32_t cps[] = { 0x41, 0xE9, 0x201C, 0x1F600 };
	struct nt_buf b = NT_BUF_INIT;
	char hex[41], enc[4];
	uint32_t cp;
	const char *s = "a\xc3\xa9\xe2\x80\x9c\xf0\x9f\x98\x80z";
	size_t i, n;

	ok(nt_utf8_valid(s, strlen(s)) == strlen(s), "valid UTF-8");
	ok(nt_utf8_valid("ab\xc3(", 4) == 2, "stops at a bad sequence");
	ok(nt_utf8_valid("\xef\xbf\xbf", 3) == 3, "U+FFFF is valid");
	ok(nt_utf8_valid("\xf4\x8f\xbf\xbf", 4) == 4, "U+10FFFF is valid");
	ok(nt_utf8_count(s, strlen(s)) == 5, "counts code points");
	ok(nt_utf8_count("0123456789\xc3\xa9", 12) == 11,
	    "counts across the word-at-a-time path");
	ok(nt_utf8_byteoff(s, strlen(s), 3) == 6, "code point 3 is byte 6");
	ok(nt_utf8_decode(s + 6, &cp) == 4 && cp == 0x1F600, "decodes U+1F600");
	for (i = 0; i < 4; i++) {
		n = nt_utf8_encode(cps[i], enc);
		ok(nt_utf8_decode(enc, &cp) == n && cp == cps[i],
		    "round trip U+%04X", (unsigned)cps[i]);
	}

	nt_buf_adds(&b, "x=");
	nt_buf_addi(&b, -9223372036854775807LL - 1);
	nt_buf_printf(&b, " %s", "y");
	is_str(b.p, "x=-9223372036854775808 y", "buffer appends");
	nt_buf_trunc(&b, 1);
	is_str(b.p, "x", "buffer truncates");
	nt_buf_free(&b);
	nt_buf_free(NULL);

	nt_sha1_hex("abc", 3, hex);
	is_str(hex, "a9993e364706816aba3e25717850c26c9cd0d89d", "SHA-1 of abc");
	nt_sha1_hex("", 0, hex);
	is_str(hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709", "SHA-1 of empty");
	nt_sha1_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56, hex);
	is_str(hex, "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
	    "SHA-1 of a two-block message");
	return done();
}
