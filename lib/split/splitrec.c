#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/json.h"
#include "split/splitrec.h"
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
 * The writers below put bytes straight into room made beforehand with
 * nt_buf_grow: a sentence record is written for every sentence of a
 * 100 MB feed, and this is where the time would go.
 */
static char *
put(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

static char *
putu(char *p, uint64_t v)
{
	char tmp[24];
	size_t n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL
#define HASZERO(x)	(((x) - ONES) & ~(x) & HIGHS)
#define HASLESS(x, n)	(((x) - ONES * (n)) & ~(x) & HIGHS)

/* s[0..n) as JSON string content: at most 6 bytes out per byte in. */
static char *
putesc(char *p, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *q = (const unsigned char *)s;
	size_t i = 0;
	uint64_t w;
	unsigned char c;

	while (i < n) {
#ifdef __SSE2__
		const __m128i x1f = _mm_set1_epi8(0x1F),
		    dq = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\');
		__m128i v, bad;

		for (; i + 16 <= n; i += 16) {
			v = _mm_loadu_si128((const __m128i *)(const void *)
			    (q + i));
			/* v <= 0x1F unsigned, or a quote, or a backslash */
			bad = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, x1f),
			    v), _mm_or_si128(_mm_cmpeq_epi8(v, dq),
			    _mm_cmpeq_epi8(v, bs)));
			if (_mm_movemask_epi8(bad) != 0)
				break;
			_mm_storeu_si128((__m128i *)(void *)p, v);
			p += 16;
		}
#endif
		for (; i + 8 <= n; i += 8) {
			memcpy(&w, q + i, 8);
			if ((HASLESS(w, 0x20) | HASZERO(w ^ (ONES * '"')) |
			    HASZERO(w ^ (ONES * '\\'))) & ~(w & HIGHS))
				break;
			memcpy(p, q + i, 8);
			p += 8;
		}
		if (i >= n)
			break;
		c = q[i++];
		if (c >= 0x20 && c != '"' && c != '\\') {
			*p++ = (char)c;
			continue;
		}
		*p++ = '\\';
		switch (c) {
		case '"': *p++ = '"'; break;
		case '\\': *p++ = '\\'; break;
		case '\n': *p++ = 'n'; break;
		case '\t': *p++ = 't'; break;
		case '\r': *p++ = 'r'; break;
		case '\b': *p++ = 'b'; break;
		case '\f': *p++ = 'f'; break;
		default:
			p = put(p, "u00", 3);
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
			break;
		}
	}
	return p;
}

void
nt_splitrec_each(struct nt_splitrec *sr, const struct nt_rec *r,
    const char *text, const struct nt_sent *s, struct nt_buf *b)
{
	const char *id, *v;
	size_t idlen = 0, vlen, i, j, need, fieldlen, keeplen = 0, tlen;
	char *p;

	/*
	 * In tmp: the escaped id prefix ("a7" of "a7:2"), then the doc_id
	 * value.  A string id's JSON content is already escaped text.
	 */
	nt_buf_reset(&sr->tmp);
	if (nt_rec_raw(r, "id", &id, &idlen)) {
		if (nt_json_type(id, idlen) == NT_JSTR)
			nt_buf_add(&sr->tmp, id + 1, idlen - 2);
		else
			nt_buf_add(&sr->tmp, id, idlen);
	} else {
		nt_buf_addu(&sr->tmp, sr->ordinal);
		id = NULL;
	}
	fieldlen = strlen(sr->field);
	for (j = 0; j < sr->nkeep; j++)
		if (nt_rec_raw(r, sr->keep[j], &v, &vlen))
			keeplen += strlen(sr->keep[j]) * 6 + vlen + 8;
	for (i = 0; i < s->n; i++) {
		tlen = s->span[i].b1 - s->span[i].b0;
		need = 128 + 2 * sr->tmp.len + idlen + fieldlen * 6 +
		    tlen * 6 + keeplen;
		nt_buf_grow(b, need);
		p = b->p + b->len;
		p = put(p, "{\"id\":\"", 7);
		p = put(p, sr->tmp.p, sr->tmp.len);
		*p++ = ':';
		p = putu(p, (uint64_t)i + 1);
		p = put(p, "\",\"doc_id\":", 11);
		if (id != NULL)
			p = put(p, id, idlen);
		else
			p = put(p, sr->tmp.p, sr->tmp.len);
		p = put(p, ",\"n\":", 5);
		p = putu(p, (uint64_t)i + 1);
		p = put(p, ",\"start\":", 9);
		p = putu(p, s->span[i].c0);
		p = put(p, ",\"end\":", 7);
		p = putu(p, s->span[i].c1);
		p = put(p, ",\"", 2);
		p = putesc(p, sr->field, fieldlen);
		p = put(p, "\":\"", 3);
		p = putesc(p, text + s->span[i].b0, tlen);
		*p++ = '"';
		for (j = 0; j < sr->nkeep; j++) {
			if (!nt_rec_raw(r, sr->keep[j], &v, &vlen))
				continue;
			p = put(p, ",\"", 2);
			p = putesc(p, sr->keep[j], strlen(sr->keep[j]));
			p = put(p, "\":", 2);
			p = put(p, v, vlen);
		}
		p = put(p, "}\n", 2);
		b->len = (size_t)(p - b->p);
		b->p[b->len] = '\0';
	}
}

void
nt_splitrec_annotate(struct nt_splitrec *sr, struct nt_rec *r,
    const char *name, const struct nt_sent *s)
{
	size_t i;
	char *p;

	nt_buf_reset(&sr->tmp);
	nt_buf_grow(&sr->tmp, 2 + s->n * 48);
	p = sr->tmp.p;
	*p++ = '[';
	for (i = 0; i < s->n; i++) {
		if (i > 0)
			*p++ = ',';
		*p++ = '[';
		p = putu(p, s->span[i].c0);
		*p++ = ',';
		p = putu(p, s->span[i].c1);
		*p++ = ']';
	}
	*p++ = ']';
	sr->tmp.len = (size_t)(p - sr->tmp.p);
	sr->tmp.p[sr->tmp.len] = '\0';
	nt_rec_set_raw(r, name, sr->tmp.p, sr->tmp.len);
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
}
