#include <math.h>
#include <string.h>

#include "stats/svg.h"

void
nt_svg_esc(struct nt_buf *b, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		switch (p[i]) {
		case '&': nt_buf_adds(b, "&amp;"); break;
		case '<': nt_buf_adds(b, "&lt;"); break;
		case '>': nt_buf_adds(b, "&gt;"); break;
		case '"': nt_buf_adds(b, "&quot;"); break;
		case '\'': nt_buf_adds(b, "&#39;"); break;
		default:
			/* XML has no place for control characters. */
			nt_buf_addc(b, (unsigned char)p[i] < 0x20 ||
			    p[i] == 0x7f ? '?' : p[i]);
		}
}

void
nt_svg_escs(struct nt_buf *b, const char *s)
{
	nt_svg_esc(b, s, strlen(s));
}

void
nt_svg_coord(struct nt_buf *b, double v)
{
	long long t = llround(v * 10);

	if (t < 0) {
		nt_buf_addc(b, '-');
		t = -t;
	}
	nt_buf_addu(b, (uint64_t)(t / 10));
	if (t % 10 != 0) {
		nt_buf_addc(b, '.');
		nt_buf_addc(b, (int)('0' + t % 10));
	}
}

void
nt_svg_count(struct nt_buf *b, uint64_t v)
{
	char d[24];
	int n = 0, i;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	for (i = n - 1; i >= 0; i--) {
		nt_buf_addc(b, d[i]);
		if (i > 0 && i % 3 == 0)
			nt_buf_addc(b, ',');
	}
}

void
nt_svg_short(struct nt_buf *b, double v)
{
	static const char *const sfx[] = { "", "k", "M", "G", "T", "P" };
	size_t i = 0;

	while (fabs(v) >= 1000 && i + 1 < sizeof(sfx) / sizeof(sfx[0])) {
		v /= 1000;
		i++;
	}
	/* One decimal below ten ("1.5k"), whole numbers above ("15k"). */
	nt_svg_coord(b, fabs(v) < 10 ? v : round(v));
	nt_buf_adds(b, sfx[i]);
}

void
nt_svg_pct(struct nt_buf *b, double part, double whole)
{
	double p = whole > 0 ? 100 * part / whole : 0;

	if (p > 0 && p < 0.05)
		nt_buf_adds(b, "<0.1");
	else
		nt_svg_coord(b, p < 10 ? p : round(p));
	nt_buf_addc(b, '%');
}

double
nt_svg_ticks(double max, int maxticks, double minstep, double *top)
{
	static const double m[] = { 1, 2, 5, 10 };
	double raw, mag, step = minstep;
	size_t i;

	if (max > 0 && maxticks > 0) {
		raw = max / maxticks;
		mag = pow(10, floor(log10(raw)));
		for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
			if ((step = m[i] * mag) >= raw * (1 - 1e-9))
				break;
		if (step < minstep)
			step = minstep;
	}
	*top = max > 0 ? ceil(max / step - 1e-9) * step : step;
	return step;
}

void
nt_svg_open(struct nt_buf *b, int w, int h, const char *id,
    const char *title, const char *desc)
{
	nt_buf_printf(b, "<svg viewBox=\"0 0 %d %d\" width=\"%d\" "
	    "height=\"%d\" role=\"img\" aria-labelledby=\"%s-t %s-d\">\n"
	    "<title id=\"%s-t\">", w, h, w, h, id, id, id);
	nt_svg_escs(b, title);
	nt_buf_printf(b, "</title>\n<desc id=\"%s-d\">", id);
	nt_svg_escs(b, desc);
	nt_buf_adds(b, "</desc>\n");
}

void
nt_svg_close(struct nt_buf *b)
{
	nt_buf_adds(b, "</svg>\n");
}

/* The end of an element: "/>", or a tooltip and the closing tag. */
static void
endtip(struct nt_buf *b, const char *name, const char *attrs,
    const char *tip)
{
	if (attrs != NULL)
		nt_buf_adds(b, attrs);
	if (tip == NULL) {
		nt_buf_adds(b, "/>\n");
		return;
	}
	nt_buf_adds(b, "><title>");
	nt_svg_escs(b, tip);
	nt_buf_printf(b, "</title></%s>\n", name);
}

/* x="..." and the like, each coordinate rounded. */
static void
attr(struct nt_buf *b, const char *name, double v)
{
	nt_buf_printf(b, " %s=\"", name);
	nt_svg_coord(b, v);
	nt_buf_addc(b, '"');
}

void
nt_svg_rect(struct nt_buf *b, double x, double y, double w, double h,
    const char *attrs, const char *tip)
{
	nt_buf_adds(b, "<rect");
	attr(b, "x", x);
	attr(b, "y", y);
	attr(b, "width", w);
	attr(b, "height", h);
	endtip(b, "rect", attrs, tip);
}

void
nt_svg_line(struct nt_buf *b, double x1, double y1, double x2, double y2,
    const char *attrs)
{
	nt_buf_adds(b, "<line");
	attr(b, "x1", x1);
	attr(b, "y1", y1);
	attr(b, "x2", x2);
	attr(b, "y2", y2);
	endtip(b, "line", attrs, NULL);
}

void
nt_svg_text(struct nt_buf *b, double x, double y, const char *anchor,
    const char *attrs, const char *p, size_t n)
{
	nt_buf_adds(b, "<text");
	attr(b, "x", x);
	attr(b, "y", y);
	if (strcmp(anchor, "start") != 0)
		nt_buf_printf(b, " text-anchor=\"%s\"", anchor);
	if (attrs != NULL)
		nt_buf_adds(b, attrs);
	nt_buf_addc(b, '>');
	nt_svg_esc(b, p, n);
	nt_buf_adds(b, "</text>\n");
}

void
nt_svg_polyline(struct nt_buf *b, const double *x, const double *y,
    size_t n, const char *attrs)
{
	size_t i;

	nt_buf_adds(b, "<polyline points=\"");
	for (i = 0; i < n; i++) {
		if (i > 0)
			nt_buf_addc(b, ' ');
		nt_svg_coord(b, x[i]);
		nt_buf_addc(b, ',');
		nt_svg_coord(b, y[i]);
	}
	nt_buf_addc(b, '"');
	endtip(b, "polyline", attrs, NULL);
}

/* A closed path through n points around x, y: dx[i] * r, dy[i] * r. */
static void
shape(struct nt_buf *b, double x, double y, double r, const double *dx,
    const double *dy, size_t n)
{
	size_t i;

	nt_buf_adds(b, "<path d=\"");
	for (i = 0; i < n; i++) {
		nt_buf_addc(b, i == 0 ? 'M' : 'L');
		nt_svg_coord(b, x + dx[i] * r);
		nt_buf_addc(b, ' ');
		nt_svg_coord(b, y + dy[i] * r);
	}
	nt_buf_adds(b, "Z\"");
}

void
nt_svg_mark(struct nt_buf *b, int kind, double x, double y, double r,
    const char *attrs, const char *tip)
{
	static const double tx[] = { 0, 1.15, -1.15 }, ty[] = { -1.2, 0.8,
	    0.8 };
	static const double dx[] = { 0, 1.3, 0, -1.3 }, dy[] = { -1.3, 0, 1.3,
	    0 };
	static const double cx[] = { -1, -0.35, -0.35, 0.35, 0.35, 1, 1, 0.35,
	    0.35, -0.35, -0.35, -1 }, cy[] = { -0.35, -0.35, -1, -1, -0.35,
	    -0.35, 0.35, 0.35, 1, 1, 0.35, 0.35 };

	switch (kind % NT_MARK_N) {
	case NT_MARK_CIRCLE:
		nt_buf_adds(b, "<circle");
		attr(b, "cx", x);
		attr(b, "cy", y);
		attr(b, "r", r);
		endtip(b, "circle", attrs, tip);
		return;
	case NT_MARK_SQUARE:
		nt_svg_rect(b, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8,
		    attrs, tip);
		return;
	case NT_MARK_TRIANGLE:
		shape(b, x, y, r * 1.1, tx, ty, 3);
		break;
	case NT_MARK_DIAMOND:
		shape(b, x, y, r, dx, dy, 4);
		break;
	default:
		shape(b, x, y, r * 1.1, cx, cy, 12);
		break;
	}
	endtip(b, "path", attrs, tip);
}
