/*
 * stats: the summary nstats keeps of a stream of records, and how it is
 * read back, merged and written out.
 *
 * A struct nt_stats counts records, characters, tokens, sentences and
 * duplicates exactly; keeps the distribution of text lengths as an exact
 * histogram plus a quantile sketch (stats_sketch.h); counts the values of
 * each --by field and the entities of each type in Misra-Gries tables
 * (stats_counts.h), exact while a table holds at most max_keys keys.
 * A --by table also sums, per value, the records marked as duplicates;
 * when one of the --by fields is "date", the mentions of each entity
 * are also counted per day, in a table of their own (entdays).
 * Everything in it merges: nt_stats_merge of the summaries of two inputs
 * equals the summary of both, exactly for the totals, histogram, sketch
 * and (under the key cap) the per-value counts.  Lists cut to the top N
 * carry an error bound instead (see nt_stats_json).
 *
 * nt_stats_record adds one record.  nt_stats_read parses a summary as
 * nt_stats_json wrote it into an empty struct, for merging.  The writers
 * append to a struct nt_buf the caller owns.  The struct owns all its
 * memory, including copies of the --by field names; scratch buffers are
 * reused, so adding a record allocates nothing once they have grown.
 * One thread at a time.
 */
#ifndef NT_STATS_H
#define NT_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/rec.h"
#include "stats/stats_counts.h"
#include "stats/stats_sketch.h"

#define NT_STATS_VERSION 1
/* Histogram bins: 0, 1, 2-4, 5-9, 10-19, 20-49, ..., 10^19 and up. */
#define NT_HIST_MAX 59

/* Counts of the values of one --by field; aux counts duplicates. */
struct nt_bytab {
	char		*field;
	struct nt_counts c;
	uint64_t	 missing;	/* records without the field, or null */
	uint64_t	 covered;	/* records this table has seen */
};

struct nt_stats {
	const char	*field;		/* the text field (borrowed) */
	size_t		 max_keys;
	size_t		 top;		/* entities per type shown; 0 all */

	uint64_t	 records;
	uint64_t	 rejected;
	uint64_t	 no_text;
	uint64_t	 duplicates;	/* records with "dup": true */
	uint64_t	 chars;		/* code points of the text field */
	uint64_t	 tokens;
	uint64_t	 sentences;	/* items of "sentences" arrays */

	uint64_t	 lmin, lmax;	/* text lengths, when len.n > 0 */
	uint64_t	 hist[NT_HIST_MAX];
	struct nt_qsketch len;

	struct nt_bytab	*by;
	size_t		 nby;
	size_t		 dateby;	/* index of the "date" table + 1, or 0 */
	struct nt_counts types;		/* entity type: mentions; aux err */
	struct nt_counts ents;		/* type and norm: mentions */
	/* Type, norm and day (see nt_stats_daykey): mentions that day. */
	struct nt_counts entdays;

	/* The record being added: its day, when it has one. */
	char		 day[10];
	int		 hasday;
	struct nt_buf	 text, key, dkey, s1, s2;	/* scratch */
};

/* What nt_stats_record says about a record it did not count. */
#define NT_STATS_NOTSTR	(-1)	/* the text field is not a string */
#define NT_STATS_NOTEXT	(-2)	/* no text field, and strict is set */

void	nt_stats_init(struct nt_stats *, const char *field, size_t max_keys,
	    size_t top);
/*
 * Count the values of each field in a comma-separated list (copied) in
 * every record from now on.
 */
void	nt_stats_by(struct nt_stats *, const char *fields);
/*
 * Add a record.  Returns 0, or NT_STATS_NOTSTR / NT_STATS_NOTEXT when
 * the caller should reject it (nothing was counted).
 */
int	nt_stats_record(struct nt_stats *, const struct nt_rec *, int strict);
/* Count code points and tokens (the word runs of nt_tok_count: maximal
 * runs of letters, marks and numbers) in valid UTF-8 p[0..n), adding to
 * *chars and *tokens. */
void	nt_stats_scan(const char *p, size_t n, uint64_t *chars,
	    uint64_t *tokens);
/* The same over the content of a valid JSON string, escapes undecoded. */
void	nt_stats_scanjson(const char *p, size_t n, uint64_t *chars,
	    uint64_t *tokens);
/*
 * Read a summary object (JSON text obj[0..n), validated) into s, which
 * must be freshly initialised or reset.  Returns 0, or -1 with the
 * reason in why.
 */
int	nt_stats_read(struct nt_stats *, const char *obj, size_t n,
	    struct nt_buf *why);
/* Add src into dst. */
void	nt_stats_merge(struct nt_stats *dst, const struct nt_stats *src);
/* Forget every count and --by table; keep the options. */
void	nt_stats_reset(struct nt_stats *);

/*
 * Writers: one JSON line (the summary record, which nt_stats_read takes
 * back), tab-separated lines, or a table for a terminal (an HTML page of
 * charts is in report.h).  They prune the
 * tables to max_keys first.  Entity lists hold the top entries per type;
 * each type's "err" bounds how far any entity's count (0 when unlisted)
 * may fall below the truth.
 */
void	nt_stats_json(struct nt_stats *, struct nt_buf *);
void	nt_stats_tsv(struct nt_stats *, struct nt_buf *);
void	nt_stats_table(struct nt_stats *, struct nt_buf *);

enum nt_stats_fmt { NT_STATS_JSON, NT_STATS_TSV, NT_STATS_TABLE,
	NT_STATS_HTML };
/* The format called name ("json", "tsv", "table", "html"), or -1. */
int	nt_stats_fmt(const char *name);
/* Write the summary in format fmt. */
void	nt_stats_write(struct nt_stats *, int fmt, struct nt_buf *);
void	nt_stats_free(struct nt_stats *);
/*
 * Write p[0..n) to path whole or not at all: into a new file beside it,
 * then renamed over it, so that a reader never sees half a summary.  A
 * path that is not a regular file (/dev/stdout, a pipe) is written in
 * place.  Returns 0, or -1 with errno set (the new file is removed).
 */
int	nt_stats_save(const char *path, const char *p, size_t n);

/* Internal to the stats modules: shared by stats.c and stats_out.c. */
/* The smallest length in histogram bin (bin < NT_HIST_MAX). */
uint64_t nt_stats_histlo(size_t bin);
/* 1 if p[0..n) starts with an ISO 8601 day, YYYY-MM-DD. */
int	nt_stats_isdate(const char *p, size_t n);
/*
 * The key of an entity in s->ents: the type's length (a size_t), the
 * type, the norm.
 */
void	nt_stats_entkey(struct nt_buf *, const char *type, size_t tl,
	    const char *norm, size_t nl);
/*
 * The key of an entity's mentions on a day in s->entdays, without the
 * day when day is NULL: the type's length, the type, the norm's length
 * (size_t), the norm, the day (10 bytes).  Lengths come first so that
 * the keys of one entity sort together, days in order.  The split is
 * sizeof(size_t) + tl, as in s->ents.
 */
void	nt_stats_daykey(struct nt_buf *, const char *type, size_t tl,
	    const char *norm, size_t nl, const char *day);

#endif
