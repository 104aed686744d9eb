/*
 * chart: the three kinds of chart the report draws, as inline SVG.
 *
 * Vertical bars (a count or a share per day, per histogram bin), with a
 * hatched second part stacked on the first; horizontal bars (records
 * per source, the top entities of a type); and lines with markers and
 * labels at their ends (mentions per day of a few entities).  Every
 * chart has round ticks, labelled axes, a title and a description for
 * screen readers, and a tooltip on each bar or point.  Series differ in
 * lightness, dash and marker shape as well as colour, so they survive a
 * grey-scale print.  A chart borrows the description struct and
 * appends to the caller's buffer; the id must be unique in the page.
 * No state; any thread.
 */
#ifndef NT_CHART_H
#define NT_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* How many lines a chart tells apart. */
#define NT_CHART_SERIES 5

struct nt_str {
	const char	*p;
	size_t		 n;
};

/* The categories along the bottom of a chart. */
struct nt_xaxis {
	size_t		 n;
	/*
	 * Append the label of category i; prev is the category labelled
	 * before it, or SIZE_MAX for the first label (and for tooltips).
	 */
	void		(*label)(const void *arg, size_t i, size_t prev,
			    struct nt_buf *);
	const void	*arg;
	const char	*title;
};

struct nt_vbars {
	const char	*id, *title, *desc;
	const char	*yunit;		/* over the y axis: "records" */
	struct nt_xaxis	 x;
	const double	*a;		/* the solid part; < 0: no data */
	const double	*b;		/* a hatched part on top, or NULL */
	const char	*aname, *bname;	/* their names in the legend */
	int		 pct;		/* values are percentages */
	int		 hatch;		/* draw the solid part hatched */
};

struct nt_hbars {
	const char	*id, *title, *desc;
	size_t		 n;
	const struct nt_str *label;
	const uint64_t	*a;		/* each bar's length */
	const uint64_t	*b;		/* of which hatched, or NULL */
	const char	*aname, *bname;	/* legend, when b */
	uint64_t	 whole;		/* shares are of this; 0: none */
	const int	*mark;		/* row i is series mark[i] (or -1), */
};					/* or NULL: none */

struct nt_lines {
	const char	*id, *title, *desc, *yunit;
	struct nt_xaxis	 x;
	size_t		 k;		/* series, at most NT_CHART_SERIES */
	const struct nt_str *name;
	const double	*const *v;	/* v[j][i]: series j at category i */
};

void	nt_chart_vbars(struct nt_buf *, const struct nt_vbars *);
void	nt_chart_hbars(struct nt_buf *, const struct nt_hbars *);
void	nt_chart_lines(struct nt_buf *, const struct nt_lines *);

#endif
