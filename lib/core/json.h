/*
 * json: a strict RFC 8259 validator, and readers and writers for JSON
 * text held in memory.
 *
 * The validator never builds a tree: it checks a line and reports where
 * each top-level member's key and value lie, so the record layer can hand
 * those bytes back untouched.  Nesting is tracked on a heap stack, so depth
 * has no fixed limit and hostile input cannot overflow the C stack.
 * The readers (nt_json_skip, the iterators, nt_json_unescape) assume text
 * that has already been validated.  The writer (struct nt_jw) appends
 * compact JSON to a struct nt_buf and places the commas; nt_json_esc is
 * the one string escaper every writer of JSON in ntools goes through.
 * Nothing here has global state; a struct is safe to use from one thread
 * at a time.
 */
#ifndef NT_JSON_H
#define NT_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "core/util.h"

enum nt_jtype {
	NT_JNONE, NT_JNULL, NT_JFALSE, NT_JTRUE, NT_JNUM, NT_JSTR, NT_JARR,
	NT_JOBJ
};

/* Where a validation failed: a static message and a 1-based byte column. */
struct nt_jerr {
	const char	*msg;
	size_t		 col;
};

/* A top-level member as the validator found it. */
struct nt_jmember {
	const char	*key;	/* key bytes, without the quotes, still escaped */
	size_t		 klen;
	const char	*val;	/* the value's bytes exactly */
	size_t		 vlen;
	int		 kesc;	/* the key holds a backslash escape */
};

/* The validator's reusable state: its nesting stack. */
struct nt_jparser {
	struct nt_buf	 stack;
	struct nt_jmember *m;
	size_t		 nm, mcap;
};

/*
 * Validate p[0..n) as exactly one JSON object (with optional white space
 * around it) and fill jp->m with its members.  Returns 0, or -1 and fills
 * err.  *obj and *objlen get the span from '{' to '}'.
 */
int	nt_json_object(struct nt_jparser *, const char *p, size_t n,
	    const char **obj, size_t *objlen, struct nt_jerr *err);
/* Validate p[0..n) as exactly one JSON value of any kind. */
int	nt_json_valid(struct nt_jparser *, const char *p, size_t n,
	    struct nt_jerr *err);
void	nt_jparser_free(struct nt_jparser *);

/* --- Readers of validated JSON --- */

enum nt_jtype nt_json_type(const char *val, size_t n);
/* Pointer just past the value starting at p (p at its first byte). */
const char *nt_json_skip(const char *p, const char *end);
/* Decode string content (between the quotes) and append it to out. */
void	nt_json_unescape(const char *p, size_t n, struct nt_buf *out);
/* The code unit of the escape "\uXXXX" at p (n bytes left), or -1. */
long	nt_json_uescape(const char *p, size_t n);
/* Compare escaped string content with a plain C string. */
int	nt_json_streq(const char *p, size_t n, int escaped, const char *s);
/* Parse a number value; returns 0 or -1 when it is not a number. */
int	nt_json_double(const char *val, size_t n, double *out);
int	nt_json_int(const char *val, size_t n, int64_t *out);

/* Iterate over the items of an array or the members of an object. */
struct nt_jiter {
	const char	*p;
	const char	*end;
};
/* Start at an array or object value; returns -1 if val is neither. */
int	nt_jiter_init(struct nt_jiter *, const char *val, size_t n);
/* Next array item into val and vlen; returns 1, or 0 at the end. */
int	nt_jiter_item(struct nt_jiter *, const char **val, size_t *vlen);
/* Next object member (key content still escaped); 1, or 0 at the end. */
int	nt_jiter_member(struct nt_jiter *, const char **key, size_t *klen,
	    const char **val, size_t *vlen);
/* In an object value, find key and return its value; 1 found, else 0. */
int	nt_json_get(const char *obj, size_t n, const char *key,
	    const char **val, size_t *vlen);

/* --- Writers --- */

/*
 * The JSON escaper, the only one: s[0..n) as string content, without
 * the quotes, written at p, which must have room for 6 * n bytes;
 * returns the end.  The bytes must be valid UTF-8; they pass as they
 * are, but for '"', '\\' and control characters.
 */
char	*nt_json_esc(char *p, const char *s, size_t n);
/* Append s[0..n) as a quoted JSON string (s must be valid UTF-8). */
void	nt_json_addstr(struct nt_buf *, const char *s, size_t n);
/* Append a number the way JSON wants it (no inf/nan: those become null). */
void	nt_json_adddouble(struct nt_buf *, double);

/*
 * The JSON writer, the one way to build JSON text: it appends to a
 * struct nt_buf (borrowed) and places the commas and colons.  A field of
 * a record is set with rec.h's nt_rec_set_* instead, which keeps the
 * rest of the record as it was; a value built here goes in with
 * nt_rec_set_raw.  Keys and strings are escaped by nt_json_esc.
 */
#define NT_JW_DEPTH 64

struct nt_jw {
	struct nt_buf	*b;
	int		 depth;
	unsigned char	 first[NT_JW_DEPTH];
	char		 kind[NT_JW_DEPTH];
};

void	nt_jw_init(struct nt_jw *, struct nt_buf *);
void	nt_jw_obj(struct nt_jw *);
void	nt_jw_arr(struct nt_jw *);
void	nt_jw_key(struct nt_jw *, const char *);
/* A key of any bytes k[0..n) (valid UTF-8). */
void	nt_jw_keyn(struct nt_jw *, const char *k, size_t n);
void	nt_jw_str(struct nt_jw *, const char *, size_t);
void	nt_jw_strz(struct nt_jw *, const char *);
void	nt_jw_int(struct nt_jw *, int64_t);
void	nt_jw_double(struct nt_jw *, double);
void	nt_jw_bool(struct nt_jw *, int);
void	nt_jw_null(struct nt_jw *);

/*
 * The writer's own step, inline because nsplit writes a record per
 * sentence with it: make room for an item of at most n bytes and the
 * comma before it, write the comma when one is due, and return where
 * the item goes; nt_jw__done then sets the length.  (cap > len whenever
 * p is allocated, so the test cannot wrap.)
 */
static inline char *
nt_jw__room(struct nt_jw *w, size_t n)
{
	struct nt_buf *b = w->b;
	char *p;

	if (b->p == NULL || n + 2 > b->cap - b->len)
		nt_buf_grow(b, n + 1);
	p = b->p + b->len;
	if (w->depth > 0) {
		if (w->first[w->depth] == 0)
			*p++ = ',';
		w->first[w->depth] = 0;
	}
	return p;
}

static inline void
nt_jw__done(struct nt_jw *w, char *p)
{
	w->b->len = (size_t)(p - w->b->p);
	*p = '\0';
}

/* A value that is already JSON text. */
static inline void
nt_jw_raw(struct nt_jw *w, const char *s, size_t n)
{
	char *p = nt_jw__room(w, n);

	memcpy(p, s, n);
	nt_jw__done(w, p + n);
}

/* A key given as JSON text, its quotes and colon included. */
static inline void
nt_jw_rawkey(struct nt_jw *w, const char *json, size_t n)
{
	nt_jw_raw(w, json, n);
	w->first[w->depth] = 2;
}

/* The digits of v at p; returns the end. */
static inline char *
nt_jw__putu(char *p, uint64_t v)
{
	char tmp[20];
	size_t n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

static inline void
nt_jw_uint(struct nt_jw *w, uint64_t v)
{
	nt_jw__done(w, nt_jw__putu(nt_jw__room(w, 20), v));
}

/* Close the innermost object or array. */
static inline void
nt_jw_end(struct nt_jw *w)
{
	struct nt_buf *b = w->b;

	if (w->depth == 0)
		nt_fatalx("JSON writer: end without a matching start");
	if (b->p == NULL || b->cap - b->len < 2)
		nt_buf_grow(b, 1);
	b->p[b->len++] = w->kind[w->depth--];
	b->p[b->len] = '\0';
}

/*
 * A key that is a string literal needing no escapes ("start", not one
 * with a quote, a backslash or a control character): put together at
 * compile time, written with one copy.
 */
#define NT_JW_KEY(w, lit)	nt_jw_rawkey((w), "\"" lit "\":", \
				    sizeof(lit) + 2)

#endif
