/*
 * store: ndedupe's persistent state, an SQLite database in WAL mode.
 *
 * `doc` holds one row per record remembered: for a record that was
 * kept, its id, shingle count, number mask and sketch; for a duplicate,
 * its id, the id of the record it duplicates and the similarity.  Each
 * row lists the keys that point at it.  Each 64-bit key (a text hash or
 * a MinHash key) leads to the three newest doc rows that hold it: for
 * the newest records (up to MEM_KEYS keys, see store.c) through a hash
 * in memory, read back from their doc rows when the state is opened;
 * for the others through sorted runs in the file (keyrun.h), written
 * when the keys in memory reach MEM_KEYS and merged as they pile up.
 * A batch's commit writes doc rows only, so its cost does not grow with
 * the state; memory holds the keys of the newest records, the runs'
 * filters (10 bits a key) and fences, and SQLite's bounded page cache.
 *
 * The store holds the state file's lock (core/lock.h) from open to
 * close, so no other process writes the file meanwhile and what it
 * keeps in memory stays true.
 *
 * The file carries an application_id and a user_version: a file that is
 * not a database, is another program's database, or is of an unknown
 * version is refused with a message and exit status 1, never replaced.
 * Writes happen in transactions the caller opens and commits (BEGIN
 * IMMEDIATE): a second process waits for the lock up to the timeout
 * given to nt_store_open, then gives up with a clear message.  Every
 * SQLite error is fatal (exit 1, "prog: FILE: message").
 *
 * Pointers that nt_store_doc fills stay valid until the next call on the
 * store.  One thread.
 */
#ifndef NT_STORE_H
#define NT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "dedupe/spot.h"

/* Masks of a text's numbers, names and synonyms, 128 bits each. */
#define NT_SD_NUMS	6

/* One remembered record, in and out of the store. */
struct nt_sdoc {
	const char	*id;		/* JSON text of the record's id */
	size_t		 idlen;
	const char	*of;		/* duplicate: JSON id of the kept one */
	size_t		 oflen;		/* (of == NULL: the record was kept) */
	const char	*story;		/* JSON id of its story */
	size_t		 storylen;
	double		 sim, cont;	/* duplicate: similarity, containment */
	int		 kind;		/* duplicate: enum nt_kind */
	uint64_t	 fhash;		/* kept: its furniture (lib/furn) */
	uint32_t	 n;		/* distinct shingles */
	uint64_t	 nums[NT_SD_NUMS];	/* numbers, names, synonyms as
					   written (dedupe_text): a bit each */
	const uint32_t	*sketch;
	uint32_t	 nsketch;
	uint32_t	 spn;		/* distinct spots (lib/spot) */
	uint64_t	 marks[NT_SP_MARKS];
	const uint32_t	*spsk;		/* their sketch */
	uint32_t	 nspsk;
	uint32_t	 wn;		/* distinct content words */
	const uint32_t	*wsk;		/* their sketch */
	uint32_t	 nwsk;
};

/*
 * Does the row keep its words and spots: a record kept, or a copy that
 * added to the record it was found like?  (Another copy's row keeps its
 * ids only.)
 */
static inline int
nt_sdoc_signed(const struct nt_sdoc *s)
{
	return s->of == NULL || s->nsketch > 0 || s->nspsk > 0;
}

struct nt_store;

/*
 * Open or create the state file.  shingle and sketch describe how the
 * signatures are made; an existing file made otherwise is refused (the
 * return is NULL and *why says so: a usage error for the caller).
 */
struct nt_store	*nt_store_open(const char *path, int wait_ms,
		    unsigned shingle, unsigned sketch, const char **why);
/* Open a write transaction unless one is open; 1 if it opened one. */
int		 nt_store_begin(struct nt_store *);
/*
 * Commit the open transaction; then, once MEM_KEYS keys are held in
 * memory, write them as a run and merge runs, in a transaction of its
 * own.
 */
void		 nt_store_commit(struct nt_store *);
/* Up to max (at most 3) doc rows that hold key, newest first; how many. */
size_t		 nt_store_get(struct nt_store *, uint64_t key, int64_t *out,
		    size_t max);
/* Read doc row h, whole or only its names and masks; 0 if it is gone. */
int		 nt_store_doc(struct nt_store *, int64_t h, int whole,
		    struct nt_sdoc *);
/* The newest doc row, 0 when there is none. */
int64_t		 nt_store_last(struct nt_store *);
/* Remember a record seen at time `seen`, pointing keys at it. */
int64_t		 nt_store_add(struct nt_store *, const struct nt_sdoc *,
		    int64_t seen, const uint64_t *keys, size_t nkeys);
/* Forget every row seen before cutoff; returns how many. */
uint64_t	 nt_store_expire(struct nt_store *, int64_t cutoff);
/* Commit what is open and close. NULL is fine. */
void		 nt_store_close(struct nt_store *);

#endif
