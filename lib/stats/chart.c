#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stats/chart.h"
#include "stats/svg.h"
#include "core/utf8.h"
#include "core/util.h"

#define W	720	/* every chart's width */
#define CHARW	7.0	/* a 12px character, near enough */
#define ROWH	22	/* a row of horizontal bars */
#define MAXLAB	30	/* the longest label, in characters */

/*
 * Series colours step in lightness (luma about 40, 85, 115, 140, 200 of
 * 255) so that they stay apart in grey; dashes and marks do the rest.
 */
static const char *const colour[NT_CHART_SERIES] = { "#1f2a44", "#c0392b",
    "#2c7fb8", "#e08214", "#a6d96a" };
static const char *const dash[NT_CHART_SERIES] = { "", " stroke-dasharray=\"7 3\"",
    " stroke-dasharray=\"2 3\"", " stroke-dasharray=\"9 3 2 3\"",
    " stroke-dasharray=\"4 4\"" };
#define INK	"#2b5c8a"	/* one-series bars */
#define QUIET	"#aab4be"	/* bars that are no series */
#define GRID	"#dddddd"
#define AXIS	"#555555"

/* The plot area inside a chart. */
struct frame {
	double	 x0, x1, y0, y1;
};

static double
ypos(const struct frame *f, double top, double v)
{
	return f->y1 - v / top * (f->y1 - f->y0);
}

/* Code points in p[0..n), and a cut to at most max of them. */
static size_t
cut(const char *p, size_t n, size_t max, size_t *len)
{
	size_t i, cps = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80 && cps++ == max)
			break;
	*len = i;
	return cps > max ? max : cps;
}

/* A label cut to MAXLAB characters, with an ellipsis when it was cut. */
static void
label(struct nt_buf *b, double x, double y, const char *anchor,
    const char *attrs, const struct nt_str *s)
{
	struct nt_buf t = NT_BUF_INIT;
	size_t len;

	(void)cut(s->p, s->n, MAXLAB, &len);
	nt_buf_add(&t, s->p, len);
	if (len < s->n) {
		nt_buf_trunc(&t, t.len - (t.len > 0));
		(void)cut(t.p, t.len, MAXLAB - 1, &len);
		nt_buf_trunc(&t, len);
		nt_buf_adds(&t, "\xE2\x80\xA6");
	}
	nt_svg_text(b, x, y, anchor, attrs, t.p, t.len);
	nt_buf_free(&t);
}

static void
value(struct nt_buf *b, double v, int pct)
{
	if (pct)
		nt_svg_pct(b, v, 100);
	else
		nt_svg_count(b, (uint64_t)llround(v));
}

/* The hatching that marks duplicates, under the id ID-h. */
static void
hatchdef(struct nt_buf *b, const char *id)
{
	nt_buf_printf(b, "<defs><pattern id=\"%s-h\" width=\"6\" height=\"6\""
	    " patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	    "<rect width=\"6\" height=\"6\" fill=\"#f6d2a2\"/>"
	    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#8c510a\""
	    " stroke-width=\"2.5\"/></pattern></defs>\n", id);
}

/* Gridlines and labels of a y axis from 0 to top; the unit above it. */
static void
yaxis(struct nt_buf *b, const struct frame *f, double step, double top,
    int pct, const char *unit)
{
	struct nt_buf t = NT_BUF_INIT;
	double v, y;
	long i;

	for (i = 0; (v = (double)i * step) <= top * (1 + 1e-9); i++) {
		y = ypos(f, top, v);
		nt_svg_line(b, f->x0, y, f->x1, y, i == 0 ?
		    " stroke=\"" AXIS "\"" : " stroke=\"" GRID "\"");
		nt_buf_reset(&t);
		if (pct)
			nt_svg_pct(&t, v, 100);
		else
			nt_svg_short(&t, v);
		nt_svg_text(b, f->x0 - 6, y + 4, "end", " class=\"m\"", t.p,
		    t.len);
	}
	nt_svg_text(b, 8, f->y0 - 16, "start", " class=\"m\"", unit,
	    strlen(unit));
	nt_buf_free(&t);
}

/* Every how many categories a label fits. */
static size_t
labelstep(const struct nt_xaxis *x, double slot)
{
	struct nt_buf t = NT_BUF_INIT;
	size_t i, wide = 1, k;

	for (i = 0; i < x->n; i++) {
		nt_buf_reset(&t);
		x->label(x->arg, i, SIZE_MAX, &t);
		if (nt_utf8_count(t.p, t.len) > wide)
			wide = nt_utf8_count(t.p, t.len);
	}
	nt_buf_free(&t);
	k = (size_t)ceil(((double)wide * CHARW + 10) / slot);
	return k > 0 ? k : 1;
}

/* Labels and ticks under categories of width slot, and the axis title. */
static void
xaxis(struct nt_buf *b, const struct frame *f, const struct nt_xaxis *x,
    double slot)
{
	struct nt_buf t = NT_BUF_INIT;
	size_t i, k = labelstep(x, slot), prev = SIZE_MAX;
	double cx;

	for (i = 0; i < x->n; i += k) {
		cx = f->x0 + ((double)i + 0.5) * slot;
		nt_buf_reset(&t);
		x->label(x->arg, i, prev, &t);
		nt_svg_line(b, cx, f->y1, cx, f->y1 + 4, " stroke=\"" AXIS "\"");
		nt_svg_text(b, cx, f->y1 + 17, "middle", NULL, t.p, t.len);
		prev = i;
	}
	if (x->title != NULL)
		nt_svg_text(b, (f->x0 + f->x1) / 2, f->y1 + 36, "middle",
		    " class=\"m\"", x->title, strlen(x->title));
	nt_buf_free(&t);
}

/* A legend entry at x, y: a swatch and a name; returns the next x. */
static double
swatch(struct nt_buf *b, double x, double y, const char *fill,
    const char *name)
{
	struct nt_buf a = NT_BUF_INIT;

	nt_buf_printf(&a, " fill=\"%s\" stroke=\"" AXIS "\"", fill);
	nt_svg_rect(b, x, y - 10, 12, 12, a.p, NULL);
	nt_svg_text(b, x + 17, y, "start", NULL, name, strlen(name));
	nt_buf_free(&a);
	return x + 17 + (double)strlen(name) * CHARW + 16;
}

/* Legend of a two-part chart, at the top right. */
static void
legend2(struct nt_buf *b, const char *id, const char *aname,
    const char *bname, double y)
{
	struct nt_buf h = NT_BUF_INIT;
	double x = W - 16 - ((double)(strlen(aname) + strlen(bname)) * CHARW +
	    66);

	nt_buf_printf(&h, "url(#%s-h)", id);
	x = swatch(b, x, y, INK, aname);
	(void)swatch(b, x, y, h.p, bname);
	nt_buf_free(&h);
}

/* "label: value" for a tooltip. */
static void
tip(struct nt_buf *t, const struct nt_xaxis *x, size_t i, double v, int pct)
{
	nt_buf_reset(t);
	x->label(x->arg, i, SIZE_MAX, t);
	nt_buf_adds(t, ": ");
	value(t, v, pct);
}

static void
vbar(struct nt_buf *b, const struct nt_vbars *c, const struct frame *f,
    double top, size_t i, struct nt_buf *t)
{
	struct nt_buf h = NT_BUF_INIT;
	double slot = (f->x1 - f->x0) / (double)c->x.n, gap = slot > 6 ?
	    slot * 0.15 : 0;
	double x = f->x0 + (double)i * slot + gap, w = slot - 2 * gap;
	double va = c->a[i], vb = c->b != NULL ? c->b[i] : 0, y;

	if (va < 0)
		return;
	nt_buf_printf(&h, " fill=\"url(#%s-h)\"", c->id);
	y = ypos(f, top, va);
	tip(t, &c->x, i, va, c->pct);
	if (va > 0)
		nt_svg_rect(b, x, y, w, f->y1 - y, c->hatch ? h.p :
		    " fill=\"" INK "\"", t->p);
	if (vb > 0) {
		tip(t, &c->x, i, vb, c->pct);
		nt_buf_adds(t, c->bname != NULL ? " " : "");
		nt_buf_adds(t, c->bname != NULL ? c->bname : "");
		nt_svg_rect(b, x, ypos(f, top, va + vb), w, y - ypos(f, top,
		    va + vb), h.p, t->p);
	}
	nt_buf_reset(t);
	value(t, va + vb, c->pct);
	/* Numbers over the bars when they fit; none over empty ones. */
	if (va + vb > 0 && (double)t->len * CHARW + 4 <= slot)
		nt_svg_text(b, x + w / 2, ypos(f, top, va + vb) - 4, "middle",
		    " class=\"v\"", t->p, t->len);
	nt_buf_free(&h);
}

void
nt_chart_vbars(struct nt_buf *b, const struct nt_vbars *c)
{
	struct frame f = { 64, W - 16, 44, 260 - 48 };
	struct nt_buf t = NT_BUF_INIT;
	double max = 0, top, step;
	size_t i;

	for (i = 0; i < c->x.n; i++)
		if (c->a[i] + (c->b != NULL ? c->b[i] : 0) > max)
			max = c->a[i] + (c->b != NULL ? c->b[i] : 0);
	step = nt_svg_ticks(c->pct && max > 100 ? 100 : max, 5,
	    c->pct ? 0.1 : 1, &top);
	nt_svg_open(b, W, 260, c->id, c->title, c->desc);
	hatchdef(b, c->id);
	yaxis(b, &f, step, top, c->pct, c->yunit);
	for (i = 0; i < c->x.n; i++)
		vbar(b, c, &f, top, i, &t);
	xaxis(b, &f, &c->x, (f.x1 - f.x0) / (double)(c->x.n ? c->x.n : 1));
	if (c->b != NULL)
		legend2(b, c->id, c->aname, c->bname, 16);
	nt_svg_close(b);
	nt_buf_free(&t);
}

/* --- Horizontal bars --- */

static void
mark(struct nt_buf *b, size_t j, double x, double y, const char *tipt)
{
	struct nt_buf a = NT_BUF_INIT;

	nt_buf_printf(&a, " fill=\"%s\" stroke=\"#222222\" stroke-width=\"0.8\"",
	    colour[j % NT_CHART_SERIES]);
	nt_svg_mark(b, (int)j, x, y, 4, a.p, tipt);
	nt_buf_free(&a);
}

/* The widest label of a bar chart, in characters, at most MAXLAB. */
static size_t
widest(const struct nt_hbars *c)
{
	size_t i, w = 1, len, cps;

	for (i = 0; i < c->n; i++)
		if ((cps = cut(c->label[i].p, c->label[i].n, MAXLAB, &len)) > w)
			w = cps;
	return w;
}

static void
hbar(struct nt_buf *b, const struct nt_hbars *c, const struct frame *f,
    double max, size_t i, struct nt_buf *t)
{
	struct nt_buf a = NT_BUF_INIT;
	double y = f->y0 + (double)i * ROWH, len, part;
	uint64_t hv = c->b != NULL ? c->b[i] : 0;

	if (c->mark != NULL && c->mark[i] >= 0) {
		mark(b, (size_t)c->mark[i], 10, y + ROWH / 2.0, NULL);
		nt_buf_printf(&a, " fill=\"%s\"",
		    colour[c->mark[i] % NT_CHART_SERIES]);
	} else
		/* Beside marked rows, the others step back. */
		nt_buf_adds(&a, c->mark != NULL ? " fill=\"" QUIET "\"" :
		    " fill=\"" INK "\"");
	label(b, f->x0 - 8, y + 15, "end", NULL, &c->label[i]);
	len = max > 0 ? (double)c->a[i] / max * (f->x1 - f->x0) : 0;
	part = max > 0 ? (double)hv / max * (f->x1 - f->x0) : 0;
	nt_buf_reset(t);
	nt_buf_add(t, c->label[i].p, c->label[i].n);
	nt_buf_adds(t, ": ");
	nt_svg_count(t, c->a[i]);
	nt_svg_rect(b, f->x0, y + 4, len - part, ROWH - 8, a.p, t->p);
	nt_buf_reset(&a);
	nt_buf_printf(&a, " fill=\"url(#%s-h)\"", c->id);
	if (hv > 0)
		nt_svg_rect(b, f->x0 + len - part, y + 4, part, ROWH - 8, a.p,
		    NULL);
	nt_buf_reset(t);
	nt_svg_count(t, c->a[i]);
	if (c->whole > 0) {
		nt_buf_adds(t, " (");
		nt_svg_pct(t, (double)c->a[i], (double)c->whole);
		nt_buf_adds(t, ")");
	}
	nt_svg_text(b, f->x0 + len + 6, y + 15, "start", " class=\"v\"", t->p,
	    t->len);
	nt_buf_free(&a);
}

void
nt_chart_hbars(struct nt_buf *b, const struct nt_hbars *c)
{
	struct frame f;
	struct nt_buf t = NT_BUF_INIT;
	double max = 0, top = c->b != NULL ? 30 : 8;
	size_t i;

	for (i = 0; i < c->n; i++)
		if ((double)c->a[i] > max)
			max = (double)c->a[i];
	f.x0 = (c->mark != NULL ? 22 : 8) + (double)widest(c) * CHARW + 8;
	f.x1 = W - 110;
	f.y0 = top;
	f.y1 = top + (double)c->n * ROWH;
	nt_svg_open(b, W, (int)f.y1 + 8, c->id, c->title, c->desc);
	hatchdef(b, c->id);
	for (i = 0; i < c->n; i++)
		hbar(b, c, &f, max, i, &t);
	nt_svg_line(b, f.x0, f.y0, f.x0, f.y1, " stroke=\"" AXIS "\"");
	if (c->b != NULL)
		legend2(b, c->id, c->aname, c->bname, 16);
	nt_svg_close(b);
	nt_buf_free(&t);
}

/* --- Lines --- */

static void
linestyle(struct nt_buf *a, size_t j)
{
	nt_buf_reset(a);
	nt_buf_printf(a, " fill=\"none\" stroke=\"%s\" stroke-width=\"2.2\"%s",
	    colour[j % NT_CHART_SERIES], dash[j % NT_CHART_SERIES]);
}

static void
series(struct nt_buf *b, const struct nt_lines *c, const struct frame *f,
    double top, size_t j)
{
	struct nt_buf a = NT_BUF_INIT, t = NT_BUF_INIT;
	double slot = (f->x1 - f->x0) / (double)c->x.n, *x, *y;
	size_t i;

	x = nt_ereallocarray(NULL, c->x.n, sizeof(*x));
	y = nt_ereallocarray(NULL, c->x.n, sizeof(*y));
	for (i = 0; i < c->x.n; i++) {
		x[i] = f->x0 + ((double)i + 0.5) * slot;
		y[i] = ypos(f, top, c->v[j][i]);
	}
	linestyle(&a, j);
	nt_svg_polyline(b, x, y, c->x.n, a.p);
	for (i = 0; i < c->x.n && c->x.n <= 60; i++) {
		nt_buf_reset(&t);
		nt_buf_add(&t, c->name[j].p, c->name[j].n);
		nt_buf_adds(&t, ", ");
		tip(&a, &c->x, i, c->v[j][i], 0);
		nt_buf_add(&t, a.p, a.len);
		mark(b, j, x[i], y[i], t.p);
	}
	free(x);
	free(y);
	nt_buf_free(&a);
	nt_buf_free(&t);
}

static int
cmpy(const void *pa, const void *pb)
{
	const double *a = pa, *b = pb;

	return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1;
}

/* The series' names by their last points, pushed apart to be read. */
static void
ends(struct nt_buf *b, const struct nt_lines *c, const struct frame *f,
    double top)
{
	double at[NT_CHART_SERIES][2];
	size_t j, k = c->k < NT_CHART_SERIES ? c->k : NT_CHART_SERIES;

	for (j = 0; j < k; j++) {
		at[j][0] = ypos(f, top, c->v[j][c->x.n - 1]);
		at[j][1] = (double)j;
	}
	qsort(at, k, sizeof(at[0]), cmpy);
	/* Down from the top, 15px apart; then up from the bottom edge. */
	for (j = 1; j < k; j++)
		if (at[j][0] < at[j - 1][0] + 15)
			at[j][0] = at[j - 1][0] + 15;
	if (k > 0 && at[k - 1][0] > f->y1)
		at[k - 1][0] = f->y1;
	for (j = k; j-- > 1;)
		if (at[j - 1][0] > at[j][0] - 15)
			at[j - 1][0] = at[j][0] - 15;
	for (j = 0; j < k; j++) {
		mark(b, (size_t)at[j][1], f->x1 + 16, at[j][0], NULL);
		label(b, f->x1 + 26, at[j][0] + 4, "start", NULL,
		    &c->name[(size_t)at[j][1]]);
	}
}

void
nt_chart_lines(struct nt_buf *b, const struct nt_lines *c)
{
	struct frame f = { 64, W - 170, 44, 260 - 48 };
	double max = 0, top, step;
	size_t i, j;

	for (j = 0; j < c->k && j < NT_CHART_SERIES; j++)
		for (i = 0; i < c->x.n; i++)
			if (c->v[j][i] > max)
				max = c->v[j][i];
	step = nt_svg_ticks(max, 5, 1, &top);
	nt_svg_open(b, W, 260, c->id, c->title, c->desc);
	yaxis(b, &f, step, top, 0, c->yunit);
	for (j = 0; j < c->k && j < NT_CHART_SERIES; j++)
		series(b, c, &f, top, j);
	xaxis(b, &f, &c->x, (f.x1 - f.x0) / (double)(c->x.n ? c->x.n : 1));
	if (c->x.n > 0)
		ends(b, c, &f, top);
	nt_svg_close(b);
}
