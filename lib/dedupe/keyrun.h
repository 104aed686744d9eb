/*
 * keyrun: the key index of ndedupe's state, kept in the state file as
 * sorted runs, so that the index is written in key order and look-ups
 * read one page.
 *
 * A run maps 64-bit keys to the (up to three) newest doc rows that hold
 * them.  It is written once, in key order (keys mixed, see
 * nt_kruns_mix), as chunks of CHUNK_ENTS entries (about 4 KB: one row,
 * in one page) in a table of its own, k<id>, and never changes but for
 * expiry: new keys make a new run, and runs of about the same size are
 * merged into one (a log-structured merge; the runs merged are dropped
 * whole), so that a key is rewritten a few times in its life however
 * large the state grows, never once a batch.  In memory a run keeps the
 * first key of each chunk (the fence, 8 bytes a chunk) and a Bloom
 * filter of its keys (16 bits a key, bloom.h; 10 in a run made by
 * format 5, which keeps its own until it is merged): a look-up asks the
 * filters, newest run first, and reads the one chunk the fence names
 * only where a filter says "maybe".
 *
 * The set owns its runs, fences, filters and statements; its database
 * is borrowed.  Writes happen in the caller's transaction.  One thread.
 */
#ifndef NT_KEYRUN_H
#define NT_KEYRUN_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/db.h"
#include "dedupe/bloom.h"

/* SQL of the tables a run lives in, for the state file's schema. */
#define NT_KRUN_SCHEMA \
"CREATE TABLE run(id INTEGER PRIMARY KEY,"	/* newer runs, higher ids */ \
"  nkeys INTEGER NOT NULL,"			/* keys in it */ \
"  bloomkeys INTEGER NOT NULL,"		/* its filter is made for */ \
"  fence BLOB NOT NULL,"			/* each chunk's first key */ \
"  filter INTEGER NOT NULL DEFAULT 1);"	/* its kind, NT_BLOOM_V* */ \
"CREATE TABLE bloom(id INTEGER PRIMARY KEY,"	/* run << 32 | part */ \
"  bits BLOB NOT NULL);"

/*
 * SQL that moves the runs of a state of format 5, whose filters are all
 * NT_BLOOM_V1, to this layout: new runs get NT_BLOOM_V2 filters.
 */
#define NT_KRUN_UPGRADE5 \
"ALTER TABLE run ADD COLUMN filter INTEGER NOT NULL DEFAULT 1;"

/* Holders a key keeps, newest first. */
#define NT_KRUN_HOLD	3

struct nt_krun {
	int64_t		 id;
	uint64_t	 nkeys;
	uint32_t	 nchunks;
	uint64_t	*fence;
	struct nt_bloom	 bf;
	sqlite3_stmt	*get, *set;	/* its chunks, prepared when needed */
};

struct nt_kruns {
	struct nt_db	*d;
	struct nt_krun	*r;		/* oldest first */
	size_t		 n, cap;
	sqlite3_stmt	*addchunk, *addbloom, *addrun;
	sqlite3_stmt	*delbloom, *delrun;
	struct nt_buf	 sql;
	/* the run being written */
	struct nt_krun	 w;
	unsigned char	*wbuf;
	size_t		 wn, fcap;
	uint64_t	 wcap;		/* keys its filter is made for */
	unsigned char	*cbuf;		/* a chunk read to change it */
};

/* Prepare and read every run of d; a damaged one is exit 1. */
void	nt_kruns_open(struct nt_kruns *, struct nt_db *d);
/*
 * Append to out[n..max) the holders of key in the runs, newest first;
 * how many out holds then.
 */
size_t	nt_kruns_get(struct nt_kruns *, uint64_t key, int64_t *out, size_t n,
	    size_t max);
/* Take doc off key's holders wherever a run has it. */
void	nt_kruns_unkey(struct nt_kruns *, uint64_t key, int64_t doc);
/*
 * A key as runs keep it: mixed by XXH3, which on 8 bytes is one to one,
 * so that keys spread evenly over runs and filters (MinHash keys are
 * small numbers) and a run's filter is made from its first block to
 * its last.
 */
uint64_t nt_kruns_mix(uint64_t key);
/*
 * Write a new run, the newest: begin with room for up to nkeys keys,
 * then put keys mixed by nt_kruns_mix, in increasing order, each once
 * with its holders (1 to NT_KRUN_HOLD, newest first), then end.
 */
void	nt_kruns_begin(struct nt_kruns *, uint64_t nkeys);
void	nt_kruns_put(struct nt_kruns *, uint64_t mixed, const int64_t *h,
	    size_t nh);
void	nt_kruns_end(struct nt_kruns *);
/*
 * Merge the newest runs while fanin of them are of one size class
 * (class c: below unit * fanin^(c+1) keys).
 */
void	nt_kruns_compact(struct nt_kruns *, uint64_t unit, unsigned fanin);
/* Keys in all runs. */
uint64_t nt_kruns_keys(const struct nt_kruns *);
void	nt_kruns_close(struct nt_kruns *);

#endif
