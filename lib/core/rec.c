#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/rec.h"
#include "core/util.h"

int
nt_rec_parse(struct nt_rec *r, const char *line, size_t len,
    struct nt_jerr *err)
{
	struct nt_jparser *jp = &r->jp;
	size_t i;

	r->nf = 0;
	r->changed = 0;
	nt_buf_reset(&r->ed);
	if (nt_json_object(jp, line, len, &r->obj, &r->objlen, err) < 0)
		return -1;
	if (jp->nm > r->fcap) {
		r->fcap = jp->mcap;
		r->f = nt_ereallocarray(r->f, r->fcap, sizeof(*r->f));
	}
	for (i = 0; i < jp->nm; i++) {
		struct nt_field *f = &r->f[i];

		memset(f, 0, sizeof(*f));
		f->key = jp->m[i].key;
		f->klen = jp->m[i].klen;
		f->kesc = jp->m[i].kesc != 0;
		f->val = jp->m[i].val;
		f->vlen = jp->m[i].vlen;
	}
	r->nf = jp->nm;
	return 0;
}

/* Is the field's key name (of nlen bytes)? */
static int
keyeq(const struct nt_rec *r, const struct nt_field *f, const char *name,
    size_t nlen)
{
	const char *k;
	size_t n;

	/* Most keys have no escapes: compare the bytes as they are. */
	if (f->key != NULL && !f->kesc)
		return f->klen == nlen && memcmp(f->key, name, nlen) == 0;
	if (f->key != NULL)
		return nt_json_streq(f->key, f->klen, f->kesc, name);
	/* A new key is kept as a JSON string: compare its content. */
	k = r->ed.p + f->koff + 1;
	n = f->klen - 2;
	return nt_json_streq(k, n, memchr(k, '\\', n) != NULL, name);
}

long
nt_rec_find(const struct nt_rec *r, const char *name)
{
	size_t i, nlen = strlen(name);

	for (i = r->nf; i-- > 0;)
		if (!r->f[i].dead && keyeq(r, &r->f[i], name, nlen))
			return (long)i;
	return -1;
}

static void
value(const struct nt_rec *r, const struct nt_field *f, const char **v,
    size_t *n)
{
	if (f->edited) {
		*v = r->ed.p + f->eoff;
		*n = f->elen;
	} else {
		*v = f->val;
		*n = f->vlen;
	}
}

int
nt_rec_raw(const struct nt_rec *r, const char *name, const char **val,
    size_t *vlen)
{
	long i;

	if ((i = nt_rec_find(r, name)) < 0 || r->f[i].isref)
		return 0;
	value(r, &r->f[i], val, vlen);
	return 1;
}

int
nt_rec_str(const struct nt_rec *r, const char *name, struct nt_buf *out)
{
	const char *v;
	size_t n;

	nt_buf_reset(out);
	if (!nt_rec_raw(r, name, &v, &n))
		return 0;
	if (nt_json_type(v, n) != NT_JSTR)
		return -1;
	nt_json_unescape(v + 1, n - 2, out);
	if (out->p == NULL)
		nt_buf_grow(out, 0);
	return 1;
}

/* The field to write name's new value into, made if need be. */
static struct nt_field *
slot(struct nt_rec *r, const char *name)
{
	struct nt_field *f;
	long i;
	size_t klen;

	r->changed = 1;
	if ((i = nt_rec_find(r, name)) >= 0) {
		r->f[i].isref = r->f[i].rawref = 0;
		return &r->f[i];
	}
	if (r->nf == r->fcap) {
		r->fcap = r->fcap ? r->fcap * 2 : 16;
		r->f = nt_ereallocarray(r->f, r->fcap, sizeof(*r->f));
	}
	f = &r->f[r->nf++];
	memset(f, 0, sizeof(*f));
	klen = strlen(name);
	f->koff = r->ed.len;
	nt_json_addstr(&r->ed, name, klen);
	f->klen = r->ed.len - f->koff;	/* the whole JSON string */
	return f;
}

void
nt_rec_set_raw(struct nt_rec *r, const char *name, const char *json,
    size_t n)
{
	struct nt_field *f = slot(r, name);

	f->edited = 1;
	f->eoff = r->ed.len;
	f->elen = n;
	nt_buf_add(&r->ed, json, n);
}

void
nt_rec_set_str(struct nt_rec *r, const char *name, const char *s, size_t n)
{
	struct nt_field *f = slot(r, name);

	f->edited = 1;
	f->eoff = r->ed.len;
	nt_json_addstr(&r->ed, s, n);
	f->elen = r->ed.len - f->eoff;
}

void
nt_rec_set_strref(struct nt_rec *r, const char *name, const char *s,
    size_t n)
{
	struct nt_field *f = slot(r, name);

	f->edited = 1;
	f->isref = 1;
	f->ref = s;
	f->elen = n;
}

void
nt_rec_set_rawref(struct nt_rec *r, const char *name, const char *json,
    size_t n)
{
	nt_rec_set_strref(r, name, json, n);
	r->f[nt_rec_find(r, name)].rawref = 1;
}

void
nt_rec_set_int(struct nt_rec *r, const char *name, int64_t v)
{
	struct nt_field *f = slot(r, name);

	f->edited = 1;
	f->eoff = r->ed.len;
	nt_buf_addi(&r->ed, v);
	f->elen = r->ed.len - f->eoff;
}

void
nt_rec_set_bool(struct nt_rec *r, const char *name, int v)
{
	nt_rec_set_raw(r, name, v ? "true" : "false", v ? 4 : 5);
}

void
nt_rec_del(struct nt_rec *r, const char *name)
{
	long i;

	/* Duplicate keys: every copy goes. */
	while ((i = nt_rec_find(r, name)) >= 0) {
		r->f[i].dead = 1;
		r->changed = 1;
	}
}

/*
 * Add p[0..n) to the record being written: to out, or, writing to the
 * stream o (whose buffer out is), through it, so that a large piece is
 * written without a copy.
 */
static void
put(struct nt_buf *out, struct nt_out *o, const char *p, size_t n)
{
	if (o != NULL)
		nt_out_put(o, p, n);
	else
		nt_buf_add(out, p, n);
}

/* A borrowed string, escaped; to o a part at a time. */
static void
put_str(struct nt_buf *out, struct nt_out *o, const char *s, size_t n)
{
	size_t k;

	if (o == NULL) {
		nt_json_addstr(out, s, n);
		return;
	}
	nt_buf_addc(out, '"');
	for (; n > 0; s += k, n -= k) {
		k = n < 65536 ? n : 65536;
		nt_buf_grow(out, 6 * k + 1);
		out->len = (size_t)(nt_json_esc(out->p + out->len, s, k) -
		    out->p);
		if (out->len >= 1024 * 1024)
			nt_out_flush(o);
	}
	nt_buf_addc(out, '"');
}

static void
write_rec(const struct nt_rec *r, struct nt_buf *out, struct nt_out *o)
{
	const struct nt_field *f;
	const char *v;
	size_t i, n;
	int first = 1;

	if (!r->changed) {
		put(out, o, r->obj, r->objlen);
		nt_buf_addc(out, '\n');
		return;
	}
	nt_buf_addc(out, '{');
	for (i = 0; i < r->nf; i++) {
		f = &r->f[i];
		if (f->dead)
			continue;
		if (!first)
			nt_buf_addc(out, ',');
		first = 0;
		if (f->key != NULL && !f->edited) {
			/* Key, colon and value exactly as they came. */
			put(out, o, f->key - 1,
			    (size_t)(f->val + f->vlen - (f->key - 1)));
			continue;
		}
		if (f->key != NULL) {
			nt_buf_addc(out, '"');
			nt_buf_add(out, f->key, f->klen);
			nt_buf_addc(out, '"');
		} else
			nt_buf_add(out, r->ed.p + f->koff, f->klen);
		nt_buf_addc(out, ':');
		if (f->rawref)
			put(out, o, f->ref, f->elen);
		else if (f->isref)
			put_str(out, o, f->ref, f->elen);
		else {
			value(r, f, &v, &n);
			put(out, o, v, n);
		}
	}
	nt_buf_add(out, "}\n", 2);
}

void
nt_rec_write(const struct nt_rec *r, struct nt_buf *out)
{
	write_rec(r, out, NULL);
}

void
nt_rec_write_out(const struct nt_rec *r, struct nt_out *o)
{
	write_rec(r, &o->buf, o);
}

void
nt_rec_free(struct nt_rec *r)
{
	if (r == NULL)
		return;
	free(r->f);
	r->f = NULL;
	r->nf = r->fcap = 0;
	nt_buf_free(&r->ed);
	nt_jparser_free(&r->jp);
}
