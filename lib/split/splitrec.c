#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "split/splitrec.h"
#include "text/tok.h"
#include "core/util.h"

/* Fields every sentence record has; --keep cannot override them. */
static int
owned(const struct nt_splitrec *sr, const char *name)
{
	static const char *const names[] = { "id", "doc_id", "n", "start",
	    "end", NULL };
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return strcmp(name, sr->field) == 0;
}

void
nt_splitrec_keep(struct nt_splitrec *sr, char *list)
{
	char *p, *comma;

	for (p = list; p != NULL; p = comma) {
		if ((comma = strchr(p, ',')) != NULL)
			*comma++ = '\0';
		if (*p == '\0' || owned(sr, p))
			continue;
		sr->keep = nt_ereallocarray(sr->keep, sr->nkeep + 1,
		    sizeof(*sr->keep));
		sr->keep[sr->nkeep++] = p;
	}
}

/*
 * The id's escaped content ("a7" of "a7:2", or the record's number) goes
 * to sr->tmp once per document; each sentence's id is that, ':' and its
 * number, written as JSON text into sr->id.  A string id's JSON content
 * is already escaped text, so it is copied, not escaped again; any other
 * id (a number, an object) is JSON text that is escaped into the string.
 * A document without an id gets its number as a string: ids are always
 * strings.
 */
static void
id_prefix(struct nt_splitrec *sr, const struct nt_rec *r, const char **id,
    size_t *idlen)
{
	nt_buf_reset(&sr->tmp);
	if (!nt_rec_raw(r, "id", id, idlen)) {
		nt_buf_addu(&sr->tmp, sr->ordinal);
		*id = NULL;
	} else if (nt_json_type(*id, *idlen) == NT_JSTR)
		nt_buf_add(&sr->tmp, *id + 1, *idlen - 2);
	else {
		if (*idlen > (NT_BUF_MAX - 1) / 6)
			nt_fatalx("an id of %zu bytes", *idlen);
		nt_buf_grow(&sr->tmp, 6 * *idlen);
		sr->tmp.len = (size_t)(nt_json_esc(sr->tmp.p, *id, *idlen) -
		    sr->tmp.p);
		sr->tmp.p[sr->tmp.len] = '\0';
	}
	nt_buf_reset(&sr->id);
	nt_buf_addc(&sr->id, '"');
	nt_buf_add(&sr->id, sr->tmp.p, sr->tmp.len);
	nt_buf_addc(&sr->id, ':');
}

void
nt_splitrec_each(struct nt_splitrec *sr, const struct nt_rec *r,
    const char *text, const struct nt_sent *s, struct nt_buf *b)
{
	struct nt_jw w;
	const char *id, *v;
	size_t idlen, plen, flen, vlen, i, j;

	id_prefix(sr, r, &id, &idlen);
	plen = sr->id.len;
	flen = strlen(sr->field);
	nt_jw_init(&w, b);
	for (i = 0; i < s->n; i++) {
		nt_buf_trunc(&sr->id, plen);
		nt_buf_addu(&sr->id, (uint64_t)(sr->nbase + i) + 1);
		nt_buf_addc(&sr->id, '"');
		nt_jw_obj(&w);
		NT_JW_KEY(&w, "id");
		nt_jw_raw(&w, sr->id.p, sr->id.len);
		NT_JW_KEY(&w, "doc_id");
		if (id != NULL)
			nt_jw_raw(&w, id, idlen);
		else
			nt_jw_str(&w, sr->tmp.p, sr->tmp.len);
		NT_JW_KEY(&w, "n");
		nt_jw_uint(&w, (uint64_t)(sr->nbase + i) + 1);
		NT_JW_KEY(&w, "start");
		nt_jw_uint(&w, s->span[i].c0);
		NT_JW_KEY(&w, "end");
		nt_jw_uint(&w, s->span[i].c1);
		nt_jw_keyn(&w, sr->field, flen);
		nt_jw_str(&w, text + s->span[i].b0, s->span[i].b1 -
		    s->span[i].b0);
		for (j = 0; j < sr->nkeep; j++)
			if (nt_rec_raw(r, sr->keep[j], &v, &vlen)) {
				nt_jw_key(&w, sr->keep[j]);
				nt_jw_raw(&w, v, vlen);
			}
		nt_jw_end(&w);
		nt_jw_raw(&w, "\n", 1);
		if (sr->sink != NULL)
			nt_out_commit(sr->sink);
	}
}

/*
 * Where the window from off ends: after the last blank line within
 * NT_SPLIT_WINDOW bytes (no sentence goes on past one), else after the
 * last line break, else after the last space, else at a character
 * boundary.  Two windows in a row always cover NT_SPLIT_WINDOW bytes.
 */
static size_t
window_end(const char *text, size_t off, size_t n)
{
	size_t lim, k;

	if (n - off <= NT_SPLIT_WINDOW)
		return n;
	lim = off + NT_SPLIT_WINDOW;
	for (k = lim - 1; k > off + 1; k--)
		if (text[k] == '\n' && text[k - 1] == '\n')
			return k + 1;
	return nt_tok_piece(text, off, n, NT_SPLIT_WINDOW);
}

/* Move the spans of a window at byte off, code point cp, onto the text. */
static void
shift(struct nt_sent *s, size_t off, size_t cp)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		s->span[i].b0 += off;
		s->span[i].b1 += off;
		s->span[i].c0 += cp;
		s->span[i].c1 += cp;
	}
}

/* Append the spans of s to all. */
static void
gather(struct nt_sent *all, const struct nt_sent *s)
{
	if (s->n > all->cap - all->n) {
		if (all->n + s->n > SIZE_MAX / 2 / sizeof(*all->span))
			nt_fatalx("%zu sentences in one text", all->n + s->n);
		all->cap = 2 * (all->n + s->n);
		all->span = nt_ereallocarray(all->span, all->cap,
		    sizeof(*all->span));
	}
	memcpy(all->span + all->n, s->span, s->n * sizeof(*s->span));
	all->n += s->n;
}

/*
 * Split the window text[off..end) into s; return where the next window
 * starts.  Short of the text's end, the window's last span may be cut
 * short: it is left for the next window, unless it is the only one (a
 * sentence over a window long).
 */
static size_t
split_window(struct nt_sent *s, const struct nt_splitter *sp,
    const char *text, size_t off, size_t end, size_t len)
{
	sp->split(sp->arg, s, text + off, end - off);
	if (end == len || s->n < 2)
		return end;
	s->n--;
	return off + s->span[s->n].b0;
}

const struct nt_sent *
nt_splitrec_split(struct nt_splitrec *sr, struct nt_sent *s,
    const struct nt_splitter *sp, const char *text, size_t len,
    const struct nt_rec *r, struct nt_buf *out, struct nt_sent *all)
{
	size_t off, next, cp = 0, k;

	sr->nbase = 0;
	if (len <= NT_SPLIT_WINDOW) {
		sp->split(sp->arg, s, text, len);
		if (all == NULL)
			nt_splitrec_each(sr, r, text, s, out);
		return s;
	}
	if (all != NULL)
		all->n = 0;
	for (off = 0; off < len; off = next) {
		next = split_window(s, sp, text, off, window_end(text, off,
		    len), len);
		shift(s, off, cp);
		if (all != NULL)
			gather(all, s);
		else {
			nt_splitrec_each(sr, r, text, s, out);
			sr->nbase += s->n;
		}
		for (k = off; k < next; k++)
			cp += ((unsigned char)text[k] & 0xC0) != 0x80;
	}
	sr->nbase = 0;
	return all != NULL ? all : s;
}

void
nt_splitrec_annotate(struct nt_splitrec *sr, struct nt_rec *r,
    const char *name, const struct nt_sent *s)
{
	struct nt_jw w;
	size_t i;

	nt_buf_reset(&sr->tmp);
	nt_jw_init(&w, &sr->tmp);
	nt_jw_arr(&w);
	for (i = 0; i < s->n; i++) {
		nt_jw_arr(&w);
		nt_jw_uint(&w, s->span[i].c0);
		nt_jw_uint(&w, s->span[i].c1);
		nt_jw_end(&w);
	}
	nt_jw_end(&w);
	/* Borrowed: tmp is left alone until the record is written. */
	nt_rec_set_rawref(r, name, sr->tmp.p, sr->tmp.len);
}

void
nt_splitrec_free(struct nt_splitrec *sr)
{
	if (sr == NULL)
		return;
	free(sr->keep);
	sr->keep = NULL;
	sr->nkeep = 0;
	nt_buf_free(&sr->tmp);
	nt_buf_free(&sr->id);
}
