/*
 * rec: one NDJSON record, read strictly and written back exactly.
 *
 * nt_rec_parse validates a line and indexes its top-level members; it
 * borrows the line, which must stay unchanged until the next parse.  A
 * program reads the fields it owns (strings come out decoded), then sets,
 * adds or deletes fields.  nt_rec_write writes the record back: every
 * member nobody touched is copied byte for byte and in order, a replaced
 * member keeps its place, new members go at the end in the order they were
 * set.  A record nobody edited is written exactly as it was read.
 * The values given to the setters are copied, but for nt_rec_set_strref
 * and nt_rec_set_rawref: their bytes are borrowed and go (escaped, for
 * the first) only as the record is written, straight into the output (a
 * 50 MB text is then not held once more), so they must stay unchanged
 * until nt_rec_write; such a field is for writing only, and nt_rec_raw
 * and nt_rec_str report it absent.  nt_rec_write_out writes to an
 * output stream, its large pieces without copying them (io.h).
 * The struct owns its memory and is reused from record to record.  One
 * thread at a time.
 */
#ifndef NT_REC_H
#define NT_REC_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/io.h"
#include "core/json.h"

struct nt_field {
	const char	*key;	/* original key bytes (escaped), or NULL if new */
	size_t		 klen;	/* new key: length of its JSON string */
	const char	*val;	/* original value bytes */
	size_t		 vlen;
	size_t		 koff;	/* new key: offset of its JSON string in ed */
	size_t		 eoff;	/* edited value: offset in ed */
	size_t		 elen;
	const char	*ref;	/* nt_rec_set_strref's string, borrowed */
	unsigned	 kesc:1;
	unsigned	 edited:1;
	unsigned	 isref:1;	/* edited to ref[0..elen) */
	unsigned	 rawref:1;	/* ref is JSON, not a string */
	unsigned	 dead:1;
};

struct nt_rec {
	const char	*obj;	/* the object, '{' to '}' */
	size_t		 objlen;
	struct nt_field	*f;
	size_t		 nf, fcap;
	int		 changed;
	struct nt_buf	 ed;	/* bytes of new keys and edited values */
	struct nt_jparser jp;
};

/* Parse line[0..len) as one JSON object; 0, or -1 with err filled. */
int	nt_rec_parse(struct nt_rec *, const char *line, size_t len,
	    struct nt_jerr *err);
/* Index of the (last) member called name, or -1. */
long	nt_rec_find(const struct nt_rec *, const char *name);
/* The current value's JSON bytes; 1 if present, else 0. */
int	nt_rec_raw(const struct nt_rec *, const char *name, const char **val,
	    size_t *vlen);
/*
 * Decode the string field name into out (reset first).  Returns 1, 0 when
 * the field is absent, -1 when it is there but not a string.
 */
int	nt_rec_str(const struct nt_rec *, const char *name, struct nt_buf *out);

/* Set name to a JSON value given as text (trusted to be valid JSON). */
void	nt_rec_set_raw(struct nt_rec *, const char *name, const char *json,
	    size_t n);
void	nt_rec_set_str(struct nt_rec *, const char *name, const char *s,
	    size_t n);
/* The same with s borrowed until nt_rec_write (see above). */
void	nt_rec_set_strref(struct nt_rec *, const char *name, const char *s,
	    size_t n);
/* nt_rec_set_raw with json borrowed until nt_rec_write. */
void	nt_rec_set_rawref(struct nt_rec *, const char *name, const char *json,
	    size_t n);
void	nt_rec_set_int(struct nt_rec *, const char *name, int64_t);
void	nt_rec_set_bool(struct nt_rec *, const char *name, int);
void	nt_rec_del(struct nt_rec *, const char *name);

/* Append the record and a '\n' to out. */
void	nt_rec_write(const struct nt_rec *, struct nt_buf *out);
/* Write the record and a '\n' to o (then nt_out_commit). */
void	nt_rec_write_out(const struct nt_rec *, struct nt_out *o);
void	nt_rec_free(struct nt_rec *);

#endif
