/*
 * db: what every SQLite state file of ntools shares: how it is opened,
 * told apart from other files, and how its errors end the run.
 *
 * A state file carries an application_id naming the program that owns
 * it and a user_version naming its format.  nt_db_open opens or creates
 * one inside a write transaction (BEGIN IMMEDIATE), so that two runs
 * starting on a new file do not both create the schema; a file that is
 * not a database, belongs to another program or is of an unknown
 * format is refused with a message and exit status 1, never replaced;
 * one of the older format the kind names (upgrade_from) is moved to the
 * kind's format in the transaction that opens it.
 * The file is then put in WAL mode with synchronous=NORMAL: a commit
 * survives the process being killed, and a run killed before it commits
 * leaves the file as it was.  A writer that finds the file locked waits
 * up to wait_ms for it.  Every SQLite error is fatal: exit 1 with
 * "prog: FILE: message" (a lock held too long says so and names
 * --wait).  Statements and the handle belong to the struct nt_db; one
 * thread at a time.
 */
#ifndef NT_DB_H
#define NT_DB_H

#include <stdint.h>

#include <sqlite3.h>

/* What kind of state file a program keeps. */
struct nt_dbkind {
	int32_t		 app_id;	/* PRAGMA application_id */
	int		 format;	/* PRAGMA user_version */
	const char	*prog;		/* "ndedupe": for the messages */
	const char	*what;		/* "an ndedupe state file" */
	const char	*schema;	/* SQL run once, in a new file */
	/* Who made an older format and what it did that this one
	 * cannot read ("made by an older ndedupe (other word hashes)"),
	 * for the message; NULL: none is known. */
	const char	*older;
	/* PRAGMA page_size of a new file (0: SQLite's default); a file
	 * keeps the one it was made with. */
	int		 page_size;
	/*
	 * An older format this one reads once moved on (0: none), and
	 * the SQL that moves a file of it to this format, run in the
	 * transaction that opens the file.
	 */
	int		 upgrade_from;
	const char	*upgrade;
};

struct nt_db {
	sqlite3		*db;
	const char	*path;		/* borrowed */
	int		 wait_ms;
	int		 intxn;		/* nt_db_begin opened a transaction */
};

/*
 * Open or create path as a state file of kind k.  In a new file, init
 * (when not NULL) runs with arg after the schema is made, in the same
 * transaction, to fill it.  Exits 1 on any error.
 */
void	 nt_db_open(struct nt_db *, const char *path, int wait_ms,
	    const struct nt_dbkind *k, void (*init)(struct nt_db *, void *),
	    void *arg);
/* Run sql (no results wanted). */
void	 nt_db_exec(struct nt_db *, const char *sql);
/* A statement kept for the life of the handle. */
sqlite3_stmt *nt_db_prep(struct nt_db *, const char *sql);
/* Step st, which returns no row, and reset it. */
void	 nt_db_done(struct nt_db *, sqlite3_stmt *st);
/* The integer the one-row query sql returns (0 if no row). */
int64_t	 nt_db_int(struct nt_db *, const char *sql);
/* Open a write transaction unless one is open; 1 if it opened one. */
int	 nt_db_begin(struct nt_db *);
/* Commit the open transaction, if any. */
void	 nt_db_commit(struct nt_db *);
/* Exit 1 with the message for rc. */
void	 nt_db_die(const struct nt_db *, int rc) __attribute__((noreturn));
/* Close (statements must be finalized); exits 1 if SQLite cannot. */
void	 nt_db_close(struct nt_db *);

#endif
