/*
 * utf8: validation, decoding and counting of UTF-8 text.
 *
 * Validation follows RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF.  Decoding functions assume valid input (they are called
 * on text the record layer has already validated).  Offsets that the
 * tools publish count code points; these helpers convert.  Stateless and
 * thread-safe.
 */
#ifndef NT_UTF8_H
#define NT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the longest valid UTF-8 prefix of p[0..n): n when all valid. */
size_t	nt_utf8_valid(const char *p, size_t n);
/* Length of the valid sequence starting at p (1..4), or 0 if invalid. */
size_t	nt_utf8_seqlen(const unsigned char *p, size_t avail);
/* Decode one code point of valid UTF-8; returns bytes used (>= 1). */
size_t	nt_utf8_decode(const char *p, uint32_t *cp);
/* Encode cp (<= 0x10FFFF) into out; returns bytes written (1..4). */
size_t	nt_utf8_encode(uint32_t cp, char *out);
/* Number of code points in valid UTF-8 p[0..n). */
size_t	nt_utf8_count(const char *p, size_t n);
/* Byte offset of code point index cp in valid UTF-8 p[0..n) (n if past). */
size_t	nt_utf8_byteoff(const char *p, size_t n, size_t cp);

#endif
