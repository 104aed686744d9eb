/*
 * sha1: the SHA-1 digest (FIPS 180-4), used for content-derived record
 * ids, where a well-known, reproducible name matters and collision
 * resistance against an attacker does not.  Stateless; thread-safe.
 */
#ifndef NT_SHA1_H
#define NT_SHA1_H

#include <stddef.h>

/* Write the 40-character lower-case hex digest of p[0..n) and a NUL. */
void	nt_sha1_hex(const void *p, size_t n, char out[41]);

#endif
