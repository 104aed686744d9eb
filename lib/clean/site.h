/*
 * site: the furniture each site prints on all its pages, learned from
 * the pages themselves and kept in an SQLite file (nclean --state).
 *
 * A line is known by a key: its words, lower-cased, with numbers, month
 * and day names folded (nt_site_key), so "© 2023 Harbour Post" and "©
 * 2024 Harbour Post", or two dates, are one line.  For every site (a
 * record's source, or its URL's host) the file counts, for each key, on
 * how many distinct pages it was seen.  A page is told from another by
 * a hash of its longest lines (its article, whatever its timestamps and
 * the lines around it say), so a page fed twice, or an article sent
 * again with a new time on it, counts once, and a sentence two articles
 * quote counts twice: far below NT_SITE_PAGES, the pages a line must be
 * seen on before it is the site's furniture.  nt_site_page answers for
 * each line of a page whether the site had learned it before the page
 * came, then counts the page.
 *
 * The file carries an application_id and a user_version, and a file that
 * is not one of ours is refused (exit 1), never replaced.  Everything a
 * run learns is written in transactions (BEGIN IMMEDIATE, so a second
 * process waits for the lock up to wait_ms, then gives up with exit 1)
 * that nt_site_commit ends, in WAL mode: a run killed at any instant
 * leaves the file as its last commit had it.  --max-age forgets keys and
 * pages not seen for that long.  Every SQLite error is fatal (exit 1,
 * "nclean: FILE: message").  One thread.
 */
#ifndef NT_SITE_H
#define NT_SITE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "text/tok.h"

/* Distinct pages a line is seen on before it is the site's furniture. */
#define NT_SITE_PAGES	5
/* Longer lines are never learned: they are the article. */
#define NT_SITE_CHARS	400

struct nt_site;

/*
 * Open or create the state file at path, waiting up to wait_ms for
 * another run's lock; forget what was last seen more than max_age
 * seconds ago (0: never).  Exits on failure.
 */
struct nt_site	*nt_site_open(const char *path, int wait_ms, int64_t max_age);
/* The key of the line s[0..n) (valid UTF-8); toks is scratch. */
uint64_t	 nt_site_key(const struct nt_site *, const char *s, size_t n,
		    struct nt_toks *toks);
/*
 * A page of site name[0..namelen): the keys of its lines, and the key
 * of the page.  Sets known[i] for each key the site learned before
 * this page; then, unless the page was seen already, counts it for
 * every key.  Opens a transaction if none is open.
 */
void		 nt_site_page(struct nt_site *, const char *name,
		    size_t namelen, uint64_t page, const uint64_t *keys,
		    size_t nkeys, unsigned char *known);
/* Commit what the pages since the last commit taught. */
void		 nt_site_commit(struct nt_site *);
/* Commit and close; NULL is fine. */
void		 nt_site_close(struct nt_site *);

#endif
