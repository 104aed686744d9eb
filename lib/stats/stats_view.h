/*
 * stats_view: the read side of a summary, shared by every writer (JSON,
 * TSV, the table and the HTML report), so that all of them list the
 * same entries in the same order.
 *
 * nt_sview_init prunes the tables of a struct nt_stats down to their key
 * cap, then builds sorted indexes over them: entity types by name; the
 * entities in groups of one type, most frequent first; and the
 * per-day entity counts by key, so that the days of one entity lie
 * together in date order.  The view borrows the summary, which must not
 * change while the view lives; nt_sview_free frees the indexes only.
 * One thread at a time.
 */
#ifndef NT_STATS_VIEW_H
#define NT_STATS_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "stats/stats.h"

/* The entries of one entity type: ents[from..to) of the view. */
struct nt_sgroup {
	const char	*type;
	size_t		 tl;
	size_t		 from, to;
};

struct nt_sview {
	const struct nt_stats *s;
	size_t		*ents;		/* sorted index of s->ents */
	size_t		*types;		/* sorted index of s->types */
	size_t		*days;		/* sorted index of s->entdays */
	struct nt_sgroup *g;		/* sorted by type */
	size_t		 ng;
	struct nt_buf	 key;		/* scratch */
};

void	nt_sview_init(struct nt_sview *, struct nt_stats *);
void	nt_sview_free(struct nt_sview *);
/*
 * The group of a type, or NULL.  Walking the types in order, pass the
 * same *gi (start at 0) each time: the search goes on from there.
 */
const struct nt_sgroup *nt_sview_group(const struct nt_sview *, size_t *gi,
	    const char *type, size_t tl);
/*
 * How many entries of group g (NULL: none) are listed under --top, and
 * in *err the bound on the type's counts (type is its s->types entry).
 */
size_t	nt_sview_shown(const struct nt_sview *, const struct nt_sgroup *g,
	    const struct nt_centry *type, uint64_t *err);
/* The entity at rank i of group g, and its norm. */
const struct nt_centry *nt_sview_ent(const struct nt_sview *,
	    const struct nt_sgroup *g, size_t i, const char **norm,
	    size_t *nl);
/* Is the entity norm among the first n entries of group g? */
int	nt_sview_listed(struct nt_sview *, const struct nt_sgroup *g,
	    size_t n, const char *norm, size_t nl);
/*
 * The day entries of one entity, as indexes days[*from..*to) of the view;
 * the day of entry e is its key's last 10 bytes.
 */
void	nt_sview_days(struct nt_sview *, const char *type, size_t tl,
	    const char *norm, size_t nl, size_t *from, size_t *to);

/* An entity with mentions in dated records: its day entries, their sum. */
struct nt_sdated {
	const char	*norm;
	size_t		 nl;
	size_t		 from, to;	/* days[from..to) of the view */
	uint64_t	 total;
};

/*
 * The entities of a type with the most mentions in dated records, most
 * first (ties in key order): at most max of them (0: all), *n in all.
 * The caller frees the array; its norms point into the summary.
 */
struct nt_sdated *nt_sview_dated(struct nt_sview *, const char *type,
	    size_t tl, size_t max, size_t *n);

/* 1 when every key of a table is a day (YYYY-MM-DD), and there are some. */
int	nt_stats_datetab(const struct nt_counts *);
/* First and one past the last non-empty histogram bin. */
void	nt_stats_histspan(const struct nt_stats *, size_t *from, size_t *to);
/* The mean text length, to two decimals. */
double	nt_stats_mean(const struct nt_stats *);
/* The q-quantile of the text lengths, within the minimum and maximum. */
uint64_t nt_stats_quantile(const struct nt_stats *, double q);

#endif
