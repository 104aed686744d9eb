/*
 * htmldate: the dates pages give, in the forms they give them, to ISO
 * 8601.
 *
 * A machine-readable date ("2019-11-19T10:00:00.000+0000", "2019-11-19
 * 10:00", "20191119") keeps its time and zone: "2019-11-19T10:00:00Z",
 * "2019-11-19T10:00:00+05:30".  One written for people ("November 19,
 * 2019", "Tue, 19 Nov 2019 10:00:00 GMT", "19 Nov. 2019", "2019/11/19")
 * gives its day, "2019-11-19".  Month names are English.  A year before
 * 1970 or after 2100, or a day the month does not have, is no date.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "clean/htmlint.h"

static const char *const months[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

static int
valid_day(int y, int m, int d)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };

	if (y < 1970 || y > 2100 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1])
		return 0;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0));
}

/* n digits at s as a number, or -1. */
static int
digits(const char *s, size_t avail, size_t n)
{
	size_t i;
	int v = 0;

	if (avail < n)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* A time zone at s: "Z", "+05:30", "+0530", "-05"; into out. */
static void
zone(const char *s, size_t n, char out[8])
{
	int h, m = 0;

	out[0] = '\0';
	if (n >= 1 && (s[0] == 'Z' || s[0] == 'z')) {
		memcpy(out, "Z", 2);
		return;
	}
	if (n < 3 || (s[0] != '+' && s[0] != '-') ||
	    (h = digits(s + 1, n - 1, 2)) < 0 || h > 14)
		return;
	if (n >= 6 && s[3] == ':')
		m = digits(s + 4, n - 4, 2);
	else if (n >= 5 && isdigit((unsigned char)s[3]))
		m = digits(s + 3, n - 3, 2);
	if (m < 0 || m > 59)
		return;
	if (h == 0 && m == 0)
		memcpy(out, "Z", 2);
	else
		snprintf(out, 8, "%c%02d:%02d", s[0], h, m);
}

/* "2019-11-19", "2019/11/19", "20191119", perhaps with a time. */
static int
iso(const char *s, size_t n, struct nt_buf *out)
{
	int y, mo, d, h = -1, mi = 0, se = 0;
	size_t i;
	char z[8] = "";

	if ((y = digits(s, n, 4)) < 0)
		return 0;
	if (n >= 10 && (s[4] == '-' || s[4] == '/') && s[7] == s[4]) {
		mo = digits(s + 5, n - 5, 2);
		d = digits(s + 8, n - 8, 2);
		i = 10;
	} else {
		mo = digits(s + 4, n - 4, 2);
		d = digits(s + 6, n - 6, 2);
		i = 8;
		if (n > 8 && isdigit((unsigned char)s[8]))
			return 0;
	}
	if (!valid_day(y, mo, d))
		return 0;
	if (i + 6 <= n && (s[i] == 'T' || s[i] == ' ') &&
	    (h = digits(s + i + 1, n - i - 1, 2)) >= 0 && s[i + 3] == ':' &&
	    (mi = digits(s + i + 4, n - i - 4, 2)) >= 0 && h < 24 && mi < 60) {
		i += 6;
		if (i + 3 <= n && s[i] == ':' &&
		    (se = digits(s + i + 1, n - i - 1, 2)) >= 0 && se < 60)
			i += 3;
		else
			se = 0;
		while (i < n && (s[i] == '.' || s[i] == ',' ||
		    isdigit((unsigned char)s[i])))
			i++;
		while (i < n && s[i] == ' ')
			i++;
		zone(s + i, n - i, z);
	} else
		h = -1;
	nt_buf_reset(out);
	if (h < 0)
		nt_buf_printf(out, "%04d-%02d-%02d", y, mo, d);
	else
		nt_buf_printf(out, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, mo, d,
		    h, mi, se, z);
	return 1;
}

static int
month_at(const char *s, size_t n)
{
	int m;

	/* The name, or a beginning of it ("Nov", "Sept"). */
	if (n < 3)
		return 0;
	for (m = 0; m < 12; m++)
		if (n <= strlen(months[m]) && strncasecmp(s, months[m], n) == 0)
			return m + 1;
	return 0;
}

/* "November 19, 2019", "19 Nov. 2019", "Tue, 19 Nov 2019 10:00 GMT". */
static int
written(const char *s, size_t n, struct nt_buf *out)
{
	size_t i = 0, k;
	int num[2] = { -1, -1 }, nnum = 0, m = 0, y = -1, v;

	while (i < n) {
		if (isalpha((unsigned char)s[i])) {
			for (k = i; k < n && isalpha((unsigned char)s[k]); k++)
				;
			if (m == 0 && (v = month_at(s + i, k - i)) > 0)
				m = v;
			i = k;
		} else if (isdigit((unsigned char)s[i])) {
			for (k = i, v = 0; k < n && isdigit((unsigned char)s[k]) &&
			    k - i < 5; k++)
				v = v * 10 + (s[k] - '0');
			/* A time (10:00) is not the day. */
			if (k < n && s[k] == ':')
				break;
			if (k - i == 4 && y < 0)
				y = v;
			else if (k - i <= 2 && nnum < 2)
				num[nnum++] = v;
			i = k;
		} else
			i++;
		if (m > 0 && y > 0 && nnum > 0)
			break;
	}
	if (m == 0 || y < 0 || nnum == 0 || !valid_day(y, m, num[0]))
		return 0;
	nt_buf_reset(out);
	nt_buf_printf(out, "%04d-%02d-%02d", y, m, num[0]);
	return 1;
}

int
nt_hdate(const char *s, size_t n, struct nt_buf *out)
{
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || n > 100)
		return 0;
	if (isdigit((unsigned char)s[0]) && iso(s, n, out))
		return 1;
	return written(s, n, out);
}
