/*
 * seen: a persistent set of keys, for a program that must emit each
 * thing once however many runs see it (nimport --state: feed items).
 *
 * The set lives in an SQLite state file (db.h: WAL, refused when it is
 * another program's), one row per key with the time it was first
 * seen, and is locked for the whole run by the lock file PATH.lock
 * (lock.h), so that a second run waits for the first or gives up
 * naming it.  Keys added go into an open write transaction and become
 * permanent only at nt_seen_commit: a caller adds a key once the
 * thing's output is written, and commits once that output is flushed,
 * so a run killed at any instant emits again what it did not commit
 * (at-least-once, never at-most-once).  nt_seen_has sees the keys of
 * the open transaction too.  Lookups and inserts are B-tree
 * operations; nothing is held in memory beyond SQLite's page cache.
 * One thread.
 */
#ifndef NT_SEEN_H
#define NT_SEEN_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

struct nt_seen;

/*
 * Open or create the set at path for prog, waiting up to wait_ms for
 * its lock.  NULL when another run still holds it (who, in holder);
 * any other failure exits 1 with a message.
 */
struct nt_seen	*nt_seen_open(const char *path, const char *prog,
		    int wait_ms, struct nt_buf *holder);
/* Is key[0..n) in the set (committed or added in this transaction)? */
int		 nt_seen_has(struct nt_seen *, const char *key, size_t n);
/* Add key[0..n), seen at time now, to the open transaction. */
void		 nt_seen_add(struct nt_seen *, const char *key, size_t n,
		    int64_t now);
/* Make what was added permanent. */
void		 nt_seen_commit(struct nt_seen *);
/*
 * Forget keys first seen before cutoff, and commit (call it before
 * adding anything).  Returns how many went.
 */
uint64_t	 nt_seen_expire(struct nt_seen *, int64_t cutoff);
/* How many keys the set holds. */
uint64_t	 nt_seen_count(struct nt_seen *);
/* Drop what was not committed, release the lock, close.  NULL is fine. */
void		 nt_seen_close(struct nt_seen *);

#endif
