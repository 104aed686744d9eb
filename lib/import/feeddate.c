/*
 * feeddate: the dates feeds give, in the forms they give them, to ISO
 * 8601 with their offsets: "2003-12-31T10:14:55-08:00", "...Z" for UTC,
 * no offset when the feed gives none, and only the parts given
 * ("2003-12-31", "2003-12", "2003").
 *
 * Two families.  W3C-DTF and RFC 3339, which Atom and dc:date use, with
 * what producers get wrong: a space for the 'T', fractions of a second,
 * an offset without its colon or minutes, and a month of three digits
 * ("2003-012-31").  RFC 822 and its successors, which RSS uses, read as
 * a sequence of words and numbers so that the order may vary: a
 * weekday or none, the day before or after the month ("30 Aug 2012",
 * "Aug 30 2012", asctime's "Jan  4 16:29:06 2004"), month names in full
 * or short ("Sept", "Sept."), two-digit years (below 50 is 20xx, RFC
 * 2822 4.3), single-digit days, stray commas and runs of spaces, no
 * seconds or no time at all, and the zone as an offset ("+0200",
 * "-01:01"), "GMT+01:00", a name (UT, GMT, Z, EST, PDT, CET, ...) or
 * none.  A day the month does not have, an hour past 23, a minute or
 * second past 59 (60 for a leap second), an offset beyond 18 hours or
 * an unknown word make it no date: better none than a wrong one.
 * Stateless; thread-safe.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "import/feedint.h"

struct when {
	int	 y, mo, d, h, mi, s;	/* -1: not given */
	int	 zone;			/* offset in minutes */
	int	 haszone;
};

static const char *const months[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static const char *const wdays[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday"
};

/* Zone names and their offsets in minutes; US ones as RFC 822 has them. */
static const struct zname {
	const char	*name;
	int		 off;
} znames[] = {
	{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 }, { "wet", 0 },
	{ "est", -300 }, { "edt", -240 }, { "cst", -360 }, { "cdt", -300 },
	{ "mst", -420 }, { "mdt", -360 }, { "pst", -480 }, { "pdt", -420 },
	{ "at", -240 }, { "et", -300 }, { "ct", -360 }, { "mt", -420 },
	{ "pt", -480 }, { "akst", -540 }, { "akdt", -480 }, { "hst", -600 },
	{ "bst", 60 }, { "west", 60 }, { "cet", 60 }, { "met", 60 },
	{ "cest", 120 }, { "mest", 120 }, { "eet", 120 }, { "eest", 180 },
	{ "msk", 180 }, { "ist", 330 }, { "hkt", 480 }, { "sgt", 480 },
	{ "jst", 540 }, { "kst", 540 }, { "aest", 600 }, { "aedt", 660 },
	{ "nzst", 720 }, { "nzdt", 780 },
};

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
isalph(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The number of the digits s[0..n), or -1 if one is not a digit. */
static int
num(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	if (n == 0 || n > 6)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdig(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
leap(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int
valid(const struct when *w)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };

	if (w->y < 1000 || w->y > 9999)
		return 0;
	if (w->mo != -1 && (w->mo < 1 || w->mo > 12))
		return 0;
	if (w->d != -1 && (w->mo == -1 || w->d < 1 || w->d > mdays[w->mo - 1] ||
	    (w->mo == 2 && w->d == 29 && !leap(w->y))))
		return 0;
	if (w->h != -1 && (w->d == -1 || w->h > 23 || w->mi < 0 ||
	    w->mi > 59 || w->s > 60))
		return 0;
	return w->zone >= -18 * 60 && w->zone <= 18 * 60;
}

static void
format(const struct when *w, struct nt_buf *out)
{
	nt_buf_reset(out);
	nt_buf_printf(out, "%04d", w->y);
	if (w->mo != -1)
		nt_buf_printf(out, "-%02d", w->mo);
	if (w->d != -1)
		nt_buf_printf(out, "-%02d", w->d);
	if (w->h == -1)
		return;
	nt_buf_printf(out, "T%02d:%02d:%02d", w->h, w->mi,
	    w->s == -1 ? 0 : w->s);
	if (!w->haszone)
		return;
	if (w->zone == 0)
		nt_buf_addc(out, 'Z');
	else
		nt_buf_printf(out, "%c%02d:%02d", w->zone < 0 ? '-' : '+',
		    (w->zone < 0 ? -w->zone : w->zone) / 60,
		    (w->zone < 0 ? -w->zone : w->zone) % 60);
}

/*
 * An offset at s[0..n): "+hh:mm", "+hhmm", "+hh" (the sign included).
 * Its length, with the minutes in *off; 0 if there is none.
 */
static size_t
offset(const char *s, size_t n, int *off)
{
	size_t i = 1, d;
	int h, m = 0;

	if (n < 3 || (s[0] != '+' && s[0] != '-'))
		return 0;
	for (d = 0; i + d < n && isdig(s[i + d]); d++)
		;
	if (d == 4) {
		h = num(s + 1, 2);
		m = num(s + 3, 2);
		i = 5;
	} else if (d == 2 || d == 1) {
		h = num(s + 1, d);
		i = 1 + d;
		if (i + 2 < n && s[i] == ':' && isdig(s[i + 1]) &&
		    isdig(s[i + 2])) {
			m = num(s + i + 1, 2);
			i += 3;
		}
	} else
		return 0;
	if (m > 59)
		return 0;
	*off = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
	return i;
}

/* hh:mm[:ss[.fff]] at s[0..n): its length, 0 if it is not one. */
static size_t
clock_at(const char *s, size_t n, struct when *w)
{
	size_t i = 0, a;
	int part[3] = { -1, -1, -1 }, k;

	for (k = 0; k < 3; k++) {
		for (a = i; i < n && isdig(s[i]); i++)
			;
		if (i - a < 1 || i - a > 2)
			return 0;
		part[k] = num(s + a, i - a);
		if (i >= n || s[i] != ':' || k == 2)
			break;
		i++;
	}
	if (k == 0 || (i < n && s[i] == ':'))
		return 0;
	if (k == 2 && i < n && (s[i] == '.' || s[i] == ',')) {
		for (i++; i < n && isdig(s[i]); i++)
			;
	}
	w->h = part[0];
	w->mi = part[1];
	w->s = part[2];
	return i;
}

/* W3C-DTF / RFC 3339; 1 if s[0..n) is one (in *w). */
static int
iso(const char *s, size_t n, struct when *w)
{
	size_t i = 4, len;

	if (n < 4 || (w->y = num(s, 4)) < 0 || (n > 4 && s[4] != '-'))
		return 0;
	if (n > 4) {
		/* Google's "2003-012-31": a month of three digits. */
		len = n >= 8 && s[5] == '0' && isdig(s[6]) && isdig(s[7]) &&
		    (n == 8 || s[8] == '-') ? 3 : 2;
		if (n < 5 + len || (w->mo = num(s + 5, len)) < 0)
			return 0;
		i = 5 + len;
	}
	if (i < n && s[i] == '-') {
		if (n < i + 3 || (w->d = num(s + i + 1, 2)) < 0)
			return 0;
		i += 3;
	}
	if (i < n && (s[i] == 'T' || s[i] == 't' || s[i] == ' ') &&
	    w->d != -1) {
		if ((len = clock_at(s + i + 1, n - i - 1, w)) == 0)
			return 0;
		i += 1 + len;
		while (i < n && s[i] == ' ')
			i++;
		if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
			w->haszone = 1;
			i++;
		} else if ((len = offset(s + i, n - i, &w->zone)) > 0) {
			w->haszone = 1;
			i += len;
		}
	}
	return i == n;
}

/* Does word w[0..n) (letters) name an item of list, at least 3 long? */
static int
named(const char *wd, size_t n, const char *const *list, int nlist)
{
	int i;

	for (i = 0; i < nlist; i++)
		if (n >= 3 && n <= strlen(list[i]) &&
		    strncasecmp(wd, list[i], n) == 0)
			return i;
	return -1;
}

static int
zone_named(const char *wd, size_t n, int *off)
{
	size_t i;

	for (i = 0; i < sizeof(znames) / sizeof(znames[0]); i++)
		if (strlen(znames[i].name) == n &&
		    strncasecmp(wd, znames[i].name, n) == 0) {
			*off = znames[i].off;
			return 1;
		}
	return 0;
}

/* A word of the RFC 822 family: month, weekday or zone; 0 if unknown. */
static int
word(const char *s, size_t n, struct when *w)
{
	int m;

	/* "Sept" and "June" are months; "Mar" and "Mon" are not weekdays. */
	if ((m = named(s, n, months, 12)) >= 0 && w->mo == -1 &&
	    (n == 3 || n == strlen(months[m]) || (m == 8 && n == 4))) {
		w->mo = m + 1;
		return 1;
	}
	if (named(s, n, wdays, 7) >= 0)
		return 1;
	if (!w->haszone && zone_named(s, n, &w->zone)) {
		w->haszone = 1;
		return 1;
	}
	return 0;
}

/* A number of the RFC 822 family: day or year. */
static int
number(const char *s, size_t n, struct when *w)
{
	int v = num(s, n);

	if (v < 0)
		return 0;
	if (n == 4 && w->y == -1) {
		w->y = v;
		return 1;
	}
	if (n > 2)
		return 0;
	if (w->d == -1 && (w->y == -1 || w->mo != -1)) {
		w->d = v;
		return 1;
	}
	if (w->y == -1) {
		w->y = v < 50 ? 2000 + v : 1900 + v;
		return 1;
	}
	return 0;
}

/* One token of the RFC 822 family at s[0..n); its length, 0 if bad. */
static size_t
token(const char *s, size_t n, struct when *w)
{
	size_t i = 0, len;

	if (isalph(s[0])) {
		while (i < n && isalph(s[i]))
			i++;
		/* "Etc/GMT"; "GMT+01:00"; "Sept." */
		if (i == 3 && i < n && s[i] == '/' &&
		    strncasecmp(s, "etc", 3) == 0)
			return i + 1;
		if (!word(s, i, w))
			return 0;
		if (i < n && s[i] == '.')
			i++;
		if (w->haszone && w->zone == 0 &&
		    (len = offset(s + i, n - i, &w->zone)) > 0)
			i += len;
		return i;
	}
	if (s[0] == '+' || s[0] == '-') {
		if (w->haszone || w->h == -1 ||
		    (len = offset(s, n, &w->zone)) == 0)
			return 0;
		w->haszone = 1;
		return len;
	}
	while (i < n && isdig(s[i]))
		i++;
	if (i < n && s[i] == ':')
		return w->h == -1 ? clock_at(s, n, w) : 0;
	return number(s, i, w) ? i : 0;
}

static int
rfc822(const char *s, size_t n, struct when *w)
{
	size_t i = 0, len;

	while (i < n) {
		if (s[i] == ' ' || s[i] == ',' || s[i] == '\t') {
			i++;
			continue;
		}
		if ((len = token(s + i, n - i, w)) == 0)
			return 0;
		i += len;
	}
	return w->y != -1 && w->mo != -1 && w->d != -1;
}

int
nt_feed_date(const char *s, size_t n, struct nt_buf *out)
{
	struct when w = { -1, -1, -1, -1, -1, -1, 0, 0 };
	struct when z = w;

	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\n' ||
	    *s == '\r')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (n == 0)
		return 0;
	if (!iso(s, n, &w)) {
		w = z;
		if (!rfc822(s, n, &w))
			return 0;
	}
	if (!valid(&w))
		return 0;
	format(&w, out);
	return 1;
}
