/*
 * norm: text normalisation for scraped news, one line at a time.
 *
 * nt_norm_line rewrites a line so that text that reads the same compares
 * the same: HTML character references are decoded and stray HTML tags
 * dropped; zero-width characters and controls go; every run of white
 * space (including no-break and other Unicode spaces) becomes one space,
 * with none at either end; UTF-8 that was decoded as Windows-1252 or
 * Latin-1 ("â€™", "Ã©") is repaired where the bytes leave no doubt; and
 * the result is in Unicode NFC (computed only when a character that NFC
 * could change is present).  Typographic quotes stay unless NT_NORM_ASCII
 * asks for plain ones.  Input must be valid UTF-8; so is the output.
 * Stateless apart from the caller's buffers; thread-safe.
 */
#ifndef NT_NORM_H
#define NT_NORM_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define NT_NORM_ASCII	0x1	/* typographic quotes, dashes, ellipsis to ASCII */

/*
 * Append the normalised form of s[0..n) to out.  A '\n' in the input is
 * white space like any other.  Returns the number of bytes appended.
 */
size_t	nt_norm_line(const char *s, size_t n, unsigned flags,
	    struct nt_buf *out);
/*
 * Would nt_norm_line leave s[0..n) exactly as it is?  1 (with its length
 * in code points in *nch) or 0.  Much cheaper than normalising.
 */
int	nt_norm_plain(const char *s, size_t n, unsigned flags, size_t *nch);
/*
 * Normalise a whole text line by line: out gets the non-blank lines,
 * each normalised, joined by '\n' (out is reset first).
 */
void	nt_norm_text(const char *s, size_t n, unsigned flags,
	    struct nt_buf *out);
/* Decode the HTML character reference at s (s[0] == '&'): the code
 * point, and its length in *len; 0 if it is not one. */
uint32_t nt_norm_entity(const char *s, size_t n, size_t *len);
/*
 * Decode the HTML character references of s[0..n) in place ("&amp;",
 * "&#8217;": a reference is never shorter than its UTF-8); the rest of
 * the text is left as it is.  Returns the new length.
 */
size_t	nt_norm_refs(char *s, size_t n);

#endif
