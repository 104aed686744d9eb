/*
 * svg: the few pieces of SVG and number formatting the report is drawn
 * with, appended to a struct nt_buf the caller owns.
 *
 * Output depends on the arguments alone: coordinates are written with at
 * most one decimal, numbers with fixed separators, never through the C
 * locale, so the same summary always gives the same bytes.  Text is
 * escaped for XML; control characters become '?'.  attrs arguments are
 * extra attribute text written as given (" fill=\"#123\""), or NULL.
 * No state; any thread.
 */
#ifndef NT_SVG_H
#define NT_SVG_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* The shapes that tell series apart without colour. */
enum nt_svg_mark { NT_MARK_CIRCLE, NT_MARK_SQUARE, NT_MARK_TRIANGLE,
	NT_MARK_DIAMOND, NT_MARK_CROSS, NT_MARK_N };

/* Text p[0..n), escaped for XML. */
void	nt_svg_esc(struct nt_buf *, const char *p, size_t n);
void	nt_svg_escs(struct nt_buf *, const char *s);
/* A coordinate, rounded to a tenth: "12", "12.5", "-3.1". */
void	nt_svg_coord(struct nt_buf *, double);

/* 1234567 as "1,234,567". */
void	nt_svg_count(struct nt_buf *, uint64_t);
/* A short count for an axis: "950", "1.5k", "12k", "3.4M". */
void	nt_svg_short(struct nt_buf *, double);
/* part of whole as a percentage, unescaped: "12.5%", "<0.1%", "100%". */
void	nt_svg_pct(struct nt_buf *, double part, double whole);

/*
 * Round ticks for an axis from 0 to at least max: a step of 1, 2 or 5
 * times a power of ten (at least minstep), at most maxticks steps.
 * Returns the step; *top is the last tick.
 */
double	nt_svg_ticks(double max, int maxticks, double minstep, double *top);

/* <svg> with a title and description for screen readers; and </svg>. */
void	nt_svg_open(struct nt_buf *, int w, int h, const char *id,
	    const char *title, const char *desc);
void	nt_svg_close(struct nt_buf *);
/* A rectangle; with tip, a tooltip (<title>) inside it. */
void	nt_svg_rect(struct nt_buf *, double x, double y, double w, double h,
	    const char *attrs, const char *tip);
void	nt_svg_line(struct nt_buf *, double x1, double y1, double x2,
	    double y2, const char *attrs);
/* Text at x, y; anchor "start", "middle" or "end". */
void	nt_svg_text(struct nt_buf *, double x, double y, const char *anchor,
	    const char *attrs, const char *p, size_t n);
/* A polyline through n points x[i], y[i]. */
void	nt_svg_polyline(struct nt_buf *, const double *x, const double *y,
	    size_t n, const char *attrs);
/* A marker of radius r at x, y; with tip, a tooltip. */
void	nt_svg_mark(struct nt_buf *, int shape, double x, double y, double r,
	    const char *attrs, const char *tip);

#endif
