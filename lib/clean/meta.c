/*
 * Bylines, dates, datelines and credits are read byte by byte: what
 * they are made of (a "by", month names, digits, dashes and brackets)
 * is ASCII or a handful of punctuation marks, and a name is whatever
 * lies between them, so no character class is needed.
 */
#include <string.h>
#include <strings.h>

#include "clean/meta.h"
#include "text/chars.h"

/* An ASCII byte's classes, from the text core's table (chars.h). */
static int
aclass(int ch, unsigned cls)
{
	return ch >= 0 && ch < 0x80 && (nt_cc_ascii[ch] & cls) != 0;
}

static int
space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* s[0..n) with white space (and the bytes in also) trimmed off both ends. */
static void
trim(const char **s, size_t *n, const char *also)
{
	while (*n > 0 && (space((unsigned char)**s) || (**s != '\0' &&
	    strchr(also, **s) != NULL))) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && (space((unsigned char)(*s)[*n - 1]) ||
	    ((*s)[*n - 1] != '\0' && strchr(also, (*s)[*n - 1]) != NULL)))
		(*n)--;
}

static int
set(struct nt_buf *out, const char *s, size_t n, const char *also)
{
	nt_buf_reset(out);
	trim(&s, &n, also);
	if (n == 0)
		return 0;
	nt_buf_add(out, s, n);
	return 1;
}

/* Where the name of a byline ends: a comma, a bar, a dash, a bracket. */
static size_t
name_end(const char *s, size_t n)
{
	static const char *const seps[] = { ",", "|", "/", "(", ";",
	    "\xc2\xb7", " - ", " \xe2\x80\x93", " \xe2\x80\x94", "\xe2\x80\xa2",
	    " on ", " at ", " updated", " published" };
	size_t i, k, len;

	for (i = 0; i < n; i++)
		for (k = 0; k < sizeof(seps) / sizeof(seps[0]); k++) {
			len = strlen(seps[k]);
			if (len <= n - i && strncasecmp(s + i, seps[k], len) == 0)
				return i;
		}
	return n;
}

int
nt_meta_author(const char *s, size_t n, struct nt_buf *out)
{
	size_t i;

	/* Past "By", or past a label such as "Text:". */
	for (i = 0; i + 3 <= n; i++)
		if (strncasecmp(s + i, "by", 2) == 0 && space((unsigned char)
		    s[i + 2]) && (i == 0 || space((unsigned char)s[i - 1])))
			break;
	if (i + 3 <= n)
		i += 3;
	else
		for (i = 0; i < n && !space((unsigned char)s[i]); i++)
			;
	s += i;
	n -= i;
	trim(&s, &n, ":");
	return set(out, s, name_end(s, n), ".");
}

/* --- Dates. --- */

static const char *const months[] = { "jan", "feb", "mar", "apr", "may",
	"jun", "jul", "aug", "sep", "oct", "nov", "dec" };

/* A month's number for a word of letters ("March", "Sept", "oct"), or 0. */
static int
month(const char *w, size_t n)
{
	static const char *const full[] = { "january", "february", "march",
	    "april", "may", "june", "july", "august", "september", "october",
	    "november", "december" };
	size_t m;

	for (m = 0; m < 12; m++) {
		if (n < 3 || strncasecmp(w, months[m], 3) != 0)
			continue;
		/* "Mar", "Sept", "March": a prefix of the name. */
		if (n <= strlen(full[m]) && strncasecmp(w, full[m], n) == 0)
			return (int)m + 1;
	}
	return 0;
}

struct word {
	const char	*p;
	size_t		 n;
	int		 num;		/* digits only */
};

/* Cut s into words of letters and numbers of digits; at most max. */
static size_t
words(const char *s, size_t n, struct word *w, size_t max)
{
	size_t i = 0, k = 0, b;
	int digit;

	while (i < n && k < max) {
		unsigned char ch = (unsigned char)s[i];

		digit = aclass(ch, NT_CC_DIGIT);
		if (!digit && !aclass(ch, NT_CC_LETTER)) {
			i++;
			continue;
		}
		b = i;
		while (i < n && aclass((unsigned char)s[i], digit ?
		    NT_CC_DIGIT : NT_CC_LETTER))
			i++;
		w[k].p = s + b;
		w[k].n = i - b;
		w[k].num = digit;
		k++;
	}
	return k;
}

static int
number(const struct word *w, int lo, int hi)
{
	int v = 0;
	size_t i;

	if (!w->num || w->n > 4)
		return -1;
	for (i = 0; i < w->n; i++)
		v = v * 10 + (w->p[i] - '0');
	return v >= lo && v <= hi ? v : -1;
}

/* n's last k digits at out (n >= 0). */
static void
digits(char *out, int n, int k)
{
	while (k-- > 0) {
		out[k] = (char)('0' + n % 10);
		n /= 10;
	}
}

/* "YYYY-MM-DD" of a year 0-9999, a month and a day of 1-99 each. */
static int
iso(char out[11], int y, int m, int d)
{
	digits(out, y, 4);
	out[4] = '-';
	digits(out + 5, m, 2);
	out[7] = '-';
	digits(out + 8, d, 2);
	out[10] = '\0';
	return 1;
}

/* "2024-03-05" at s[i..]. */
static int
iso_at(const char *s, size_t n, size_t i, char out[11])
{
	size_t j;
	int y = 0, m, d;

	if (n - i < 10)
		return 0;
	for (j = 0; j < 10; j++)
		if (j == 4 || j == 7 ? s[i + j] != '-' : !aclass((unsigned char)s[i + j],
		    NT_CC_DIGIT))
			return 0;
	if (i + 10 < n && aclass((unsigned char)s[i + 10], NT_CC_DIGIT))
		return 0;
	for (j = 0; j < 4; j++)
		y = y * 10 + (s[i + j] - '0');
	m = (s[i + 5] - '0') * 10 + (s[i + 6] - '0');
	d = (s[i + 8] - '0') * 10 + (s[i + 9] - '0');
	if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	return iso(out, y, m, d);
}

int
nt_meta_date(const char *s, size_t n, char out[11])
{
	struct word w[32];
	size_t nw, i;
	int m, d, y;

	out[0] = '\0';
	for (i = 0; i < n; i++)
		if ((i == 0 || !aclass((unsigned char)s[i - 1], NT_CC_DIGIT)) &&
		    iso_at(s, n, i, out))
			return 1;
	nw = words(s, n, w, sizeof(w) / sizeof(w[0]));
	for (i = 0; i < nw; i++) {
		if (w[i].num || (m = month(w[i].p, w[i].n)) == 0)
			continue;
		/* "March 5, 2024" */
		if (i + 2 < nw && (d = number(&w[i + 1], 1, 31)) > 0 &&
		    (y = number(&w[i + 2], 1900, 2099)) > 0)
			return iso(out, y, m, d);
		/* "5 March 2024" */
		if (i > 0 && i + 1 < nw && (d = number(&w[i - 1], 1, 31)) > 0 &&
		    (y = number(&w[i + 1], 1900, 2099)) > 0)
			return iso(out, y, m, d);
	}
	return 0;
}

int
nt_meta_dateline(const char *s, size_t n, struct nt_buf *out)
{
	/* The dash or colon that ends it, and the space after. */
	trim(&s, &n, ":-");
	while (n >= 3 && (memcmp(s + n - 3, "\xe2\x80\x94", 3) == 0 ||
	    memcmp(s + n - 3, "\xe2\x80\x93", 3) == 0)) {
		n -= 3;
		trim(&s, &n, ":-");
	}
	return set(out, s, n, "");
}

int
nt_meta_credit(const char *s, size_t n, struct nt_buf *out)
{
	trim(&s, &n, "()");
	return set(out, s, n, "");
}
