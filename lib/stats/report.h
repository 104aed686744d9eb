/*
 * report: a summary as one self-contained HTML page of charts, for
 * people.
 *
 * The page holds everything it shows: inline SVG drawn here (chart.h),
 * one inline style sheet, no script, and no reference to anything
 * outside it (no fonts, images, links or styles to fetch), so it opens
 * the same from a mail attachment, offline, or printed.  The same
 * summary always gives the same bytes: no time stamps, no random ids,
 * numbers formatted without the C locale.
 *
 * Sections, each written only when the summary has its data: key
 * figures; records per day (duplicates hatched on top) and the share of
 * duplicates per day; records per value of every other --by field
 * (source first); for people, organisations and places, the top
 * entities and the mentions per day of the first few; the other entity
 * types; the distribution of text lengths; notes on error bounds.
 *
 * nt_stats_html prunes the summary's tables (as every writer does) and
 * appends the page to b.  One thread at a time per summary.
 */
#ifndef NT_REPORT_H
#define NT_REPORT_H

#include "core/buf.h"
#include "stats/stats.h"

/* Bars in a chart of values or entities, whatever --top says. */
#define NT_REPORT_MAXBARS 50
/* Buckets on a time axis: days while they fit, else weeks or months. */
#define NT_REPORT_MAXDAYS 92

void	nt_stats_html(struct nt_stats *, struct nt_buf *b);

#endif
