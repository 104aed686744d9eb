#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "stats/stats.h"
#include "text/tok.h"
#include "core/util.h"

void
nt_stats_init(struct nt_stats *s, const char *field, size_t max_keys,
    size_t top)
{
	memset(s, 0, sizeof(*s));
	s->field = field;
	s->max_keys = max_keys;
	s->top = top;
	nt_counts_init(&s->types, max_keys);
	nt_counts_init(&s->ents, max_keys);
	nt_counts_init(&s->entdays, max_keys);
}

static struct nt_bytab *
bytab(struct nt_stats *s, const char *field, size_t n)
{
	struct nt_bytab *t;
	size_t i;

	for (i = 0; i < s->nby; i++)
		if (strlen(s->by[i].field) == n &&
		    memcmp(s->by[i].field, field, n) == 0)
			return &s->by[i];
	s->by = nt_ereallocarray(s->by, s->nby + 1, sizeof(*s->by));
	t = &s->by[s->nby++];
	memset(t, 0, sizeof(*t));
	t->field = nt_estrndup(field, n);
	nt_counts_init(&t->c, s->max_keys);
	if (n == 4 && memcmp(field, "date", 4) == 0)
		s->dateby = s->nby;
	return t;
}

void
nt_stats_by(struct nt_stats *s, const char *fields)
{
	const char *p = fields, *q;

	for (; (q = strchr(p, ',')) != NULL; p = q + 1)
		if (q > p)
			(void)bytab(s, p, (size_t)(q - p));
	if (*p != '\0')
		(void)bytab(s, p, strlen(p));
}

uint64_t
nt_stats_histlo(size_t bin)
{
	static const uint64_t m[3] = { 1, 2, 5 };
	uint64_t v;
	size_t i;

	if (bin == 0)
		return 0;
	v = m[(bin - 1) % 3];
	for (i = 0; i < (bin - 1) / 3; i++)
		v *= 10;
	return v;
}

static size_t
histbin(uint64_t x)
{
	size_t b = 0;

	while (b + 1 < NT_HIST_MAX && x >= nt_stats_histlo(b + 1))
		b++;
	return b;
}

int
nt_stats_isdate(const char *p, size_t n)
{
	static const char pat[] = "dddd-dd-dd";
	size_t i;

	if (n < 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (pat[i] == 'd' ? p[i] < '0' || p[i] > '9' : p[i] != pat[i])
			return 0;
	return 1;
}

/* Tokens are the text core's word runs (tok.h, nt_tok_count). */
void
nt_stats_scan(const char *s, size_t n, uint64_t *chars, uint64_t *tokens)
{
	uint64_t c;

	*tokens += nt_tok_count(s, n, &c);
	*chars += c;
}

void
nt_stats_scanjson(const char *s, size_t n, uint64_t *chars, uint64_t *tokens)
{
	uint64_t c;

	*tokens += nt_tok_count_json(s, n, &c);
	*chars += c;
}

/* A string value's content: the bytes themselves, or decoded into b. */
static void
strval(const char *v, size_t n, struct nt_buf *b, const char **p, size_t *len)
{
	if (memchr(v + 1, '\\', n - 2) == NULL) {
		*p = v + 1;
		*len = n - 2;
		return;
	}
	nt_buf_reset(b);
	nt_json_unescape(v + 1, n - 2, b);
	*p = b->p != NULL ? b->p : "";
	*len = b->len;
}

static void
addlen(struct nt_stats *s, uint64_t len, uint64_t n)
{
	if (s->len.n == 0 || len < s->lmin)
		s->lmin = len;
	if (s->len.n == 0 || len > s->lmax)
		s->lmax = len;
	s->hist[histbin(len)] += n;
	nt_qs_add(&s->len, len, n);
}

/* Count the record's value of t's field; dup: it is a duplicate. */
static void
addby(struct nt_stats *s, struct nt_bytab *t, const struct nt_rec *r,
    int dup)
{
	const char *v, *k;
	size_t n, kl;

	t->covered++;
	if (!nt_rec_raw(r, t->field, &v, &n) || nt_json_type(v, n) == NT_JNULL) {
		t->missing++;
		return;
	}
	if (nt_json_type(v, n) == NT_JSTR) {
		strval(v, n, &s->s1, &k, &kl);
		/* Count a timestamp by its day. */
		if (nt_stats_isdate(k, kl)) {
			kl = 10;
			if (s->dateby != 0 && t == &s->by[s->dateby - 1]) {
				memcpy(s->day, k, 10);
				s->hasday = 1;
			}
		}
	} else {
		k = v;
		kl = n;
	}
	nt_counts_add(&t->c, k, kl, 0, 1, (uint64_t)dup);
}

void
nt_stats_entkey(struct nt_buf *key, const char *type, size_t tl,
    const char *norm, size_t nl)
{
	nt_buf_reset(key);
	nt_buf_add(key, &tl, sizeof(tl));
	nt_buf_add(key, type, tl);
	nt_buf_add(key, norm, nl);
}

void
nt_stats_daykey(struct nt_buf *key, const char *type, size_t tl,
    const char *norm, size_t nl, const char *day)
{
	nt_buf_reset(key);
	nt_buf_add(key, &tl, sizeof(tl));
	nt_buf_add(key, type, tl);
	nt_buf_add(key, &nl, sizeof(nl));
	nt_buf_add(key, norm, nl);
	if (day != NULL)
		nt_buf_add(key, day, 10);
}

/* Count one mention of type tp[0..tl) under the name np[0..nl). */
static void
mention(struct nt_stats *s, const char *tp, size_t tl, const char *np,
    size_t nl)
{
	nt_stats_entkey(&s->key, tp, tl, np, nl);
	nt_counts_add(&s->types, tp, tl, 0, 1, 0);
	nt_counts_add(&s->ents, s->key.p, s->key.len, sizeof(tl) + tl, 1, 0);
	if (s->hasday) {
		nt_stats_daykey(&s->dkey, tp, tl, np, nl, s->day);
		nt_counts_add(&s->entdays, s->dkey.p, s->dkey.len,
		    sizeof(tl) + tl, 1, 0);
	}
}

/*
 * One entity: a mention of its type under its norm (or text).  A place
 * that nentities --geo gave a country is also a mention of that country,
 * as the type "country", so that places are counted per country.
 */
static void
addent(struct nt_stats *s, const char *obj, size_t n)
{
	struct nt_jiter it;
	const char *k, *v, *type = NULL, *norm = NULL, *text = NULL;
	const char *cc = NULL, *tp, *np;
	size_t kl, vl, tlen = 0, nlen = 0, xlen = 0, clen = 0, tl, nl;

	if (nt_json_type(obj, n) != NT_JOBJ)
		return;
	(void)nt_jiter_init(&it, obj, n);
	while (nt_jiter_member(&it, &k, &kl, &v, &vl)) {
		if (kl == 4 && memcmp(k, "type", 4) == 0) {
			type = v;
			tlen = vl;
		} else if (kl == 4 && memcmp(k, "norm", 4) == 0) {
			norm = v;
			nlen = vl;
		} else if (kl == 4 && memcmp(k, "text", 4) == 0) {
			text = v;
			xlen = vl;
		} else if (kl == 7 && memcmp(k, "country", 7) == 0) {
			cc = v;
			clen = vl;
		}
	}
	if (type == NULL || nt_json_type(type, tlen) != NT_JSTR)
		return;
	if (norm == NULL || nt_json_type(norm, nlen) == NT_JNULL) {
		if (text == NULL || nt_json_type(text, xlen) != NT_JSTR)
			return;
		norm = text;
		nlen = xlen;
	}
	strval(type, tlen, &s->s1, &tp, &tl);
	if (nt_json_type(norm, nlen) == NT_JSTR) {
		strval(norm, nlen, &s->s2, &np, &nl);
	} else {
		np = norm;
		nl = nlen;
	}
	mention(s, tp, tl, np, nl);
	if (cc != NULL && nt_json_type(cc, clen) == NT_JSTR && clen > 2 &&
	    tl == 8 && memcmp(tp, "location", 8) == 0) {
		strval(cc, clen, &s->s2, &np, &nl);
		mention(s, "country", 7, np, nl);
	}
}

int
nt_stats_record(struct nt_stats *s, const struct nt_rec *r, int strict)
{
	struct nt_jiter it;
	const char *v, *item;
	size_t n, il, i;
	uint64_t chars = 0, tokens = 0;
	int has, dup;

	has = nt_rec_raw(r, s->field, &v, &n);
	if (has && nt_json_type(v, n) != NT_JSTR)
		return NT_STATS_NOTSTR;
	if (!has && strict)
		return NT_STATS_NOTEXT;
	s->records++;
	if (has) {
		/* Counting needs no decoded copy of the text. */
		nt_stats_scanjson(v + 1, n - 2, &chars, &tokens);
		s->chars += chars;
		s->tokens += tokens;
		addlen(s, chars, 1);
	} else
		s->no_text++;
	dup = nt_rec_raw(r, "dup", &v, &n) && n == 4 &&
	    memcmp(v, "true", 4) == 0;
	s->duplicates += (uint64_t)dup;
	if (nt_rec_raw(r, "sentences", &v, &n) &&
	    nt_json_type(v, n) == NT_JARR) {
		(void)nt_jiter_init(&it, v, n);
		while (nt_jiter_item(&it, &item, &il))
			s->sentences++;
	}
	s->hasday = 0;
	for (i = 0; i < s->nby; i++)
		addby(s, &s->by[i], r, dup);
	if (nt_rec_raw(r, "entities", &v, &n) &&
	    nt_json_type(v, n) == NT_JARR) {
		(void)nt_jiter_init(&it, v, n);
		while (nt_jiter_item(&it, &item, &il))
			addent(s, item, il);
	}
	return 0;
}

/* --- Reading a summary back --- */

static int
getu(const char *o, size_t n, const char *key, uint64_t *out)
{
	const char *v;
	size_t vl;
	int64_t i;

	if (!nt_json_get(o, n, key, &v, &vl) || nt_json_int(v, vl, &i) < 0 ||
	    i < 0)
		return -1;
	*out = (uint64_t)i;
	return 0;
}

static int
bad(struct nt_buf *why, const char *what)
{
	nt_buf_reset(why);
	nt_buf_printf(why, "bad nstats summary: %s", what);
	return -1;
}

static int
readlen(struct nt_stats *s, const char *o, size_t n, struct nt_buf *why)
{
	struct nt_jiter it;
	const char *v, *item;
	size_t vl, il, b;
	uint64_t count, lo, c, sum = 0, off, zero;
	int64_t ic;
	double alpha;

	if (getu(o, n, "count", &count) < 0)
		return bad(why, "length.count");
	if (count > 0 && (getu(o, n, "min", &s->lmin) < 0 ||
	    getu(o, n, "max", &s->lmax) < 0 || s->lmin > s->lmax))
		return bad(why, "length.min or length.max");
	if (!nt_json_get(o, n, "histogram", &v, &vl) ||
	    nt_json_type(v, vl) != NT_JARR)
		return bad(why, "length.histogram");
	(void)nt_jiter_init(&it, v, vl);
	while (nt_jiter_item(&it, &item, &il)) {
		if (getu(item, il, "lo", &lo) < 0 || getu(item, il, "n", &c) < 0)
			return bad(why, "length.histogram");
		if ((b = histbin(lo)) >= NT_HIST_MAX ||
		    nt_stats_histlo(b) != lo)
			return bad(why, "length.histogram");
		s->hist[b] += c;
		sum += c;
	}
	if (sum != count)
		return bad(why, "length.histogram does not add up to count");

	if (!nt_json_get(o, n, "sketch", &v, &vl) ||
	    nt_json_type(v, vl) != NT_JOBJ)
		return bad(why, "length.sketch");
	o = v;
	n = vl;
	if (!nt_json_get(o, n, "alpha", &v, &vl) ||
	    nt_json_double(v, vl, &alpha) < 0 ||
	    fabs(alpha - NT_QS_ALPHA) > 1e-12)
		return bad(why, "length.sketch.alpha is not 0.01");
	if (getu(o, n, "zero", &zero) < 0 || getu(o, n, "offset", &off) < 0 ||
	    !nt_json_get(o, n, "bins", &v, &vl) ||
	    nt_json_type(v, vl) != NT_JARR)
		return bad(why, "length.sketch");
	nt_qs_add(&s->len, 0, zero);
	(void)nt_jiter_init(&it, v, vl);
	for (b = (size_t)off; nt_jiter_item(&it, &item, &il); b++) {
		if (nt_json_int(item, il, &ic) < 0 || ic < 0 ||
		    nt_qs_addbin(&s->len, b, (uint64_t)ic) < 0)
			return bad(why, "length.sketch.bins");
	}
	if (s->len.n != count)
		return bad(why, "length.sketch does not add up to count");
	return 0;
}

/* A member's key, decoded into b; NULL when it holds a NUL byte. */
static const char *
keyval(struct nt_buf *b, const char *k, size_t kl)
{
	nt_buf_reset(b);
	nt_json_unescape(k, kl, b);
	if (b->len > 0 && memchr(b->p, '\0', b->len) != NULL)
		return NULL;
	return b->p != NULL ? b->p : "";
}

/* The "duplicates" of a by table: each must be one of its values. */
static int
readdups(struct nt_stats *s, struct nt_bytab *t, const char *o, size_t n,
    struct nt_buf *why)
{
	struct nt_jiter it;
	const char *k, *v;
	size_t kl, vl;
	int64_t i;

	if (nt_json_type(o, n) != NT_JOBJ)
		return bad(why, "duplicates in by");
	(void)nt_jiter_init(&it, o, n);
	while (nt_jiter_member(&it, &k, &kl, &v, &vl)) {
		nt_buf_reset(&s->s1);
		nt_json_unescape(k, kl, &s->s1);
		if (nt_json_int(v, vl, &i) < 0 || i <= 0 ||
		    nt_counts_get(&t->c, s->s1.p ? s->s1.p : "", s->s1.len) ==
		    NULL)
			return bad(why, "a count of duplicates in by");
		nt_counts_add(&t->c, s->s1.p ? s->s1.p : "", s->s1.len, 0, 0,
		    (uint64_t)i);
	}
	return 0;
}

static int
readtab(struct nt_stats *s, struct nt_bytab *t, const char *o, size_t n,
    struct nt_buf *why)
{
	struct nt_jiter it;
	const char *k, *v, *vv;
	size_t kl, vl, vvl;
	uint64_t sum;
	int64_t i;

	if (getu(o, n, "other", &t->c.dropped) < 0 ||
	    getu(o, n, "missing", &t->missing) < 0 ||
	    getu(o, n, "err", &t->c.err) < 0 ||
	    !nt_json_get(o, n, "values", &vv, &vvl) ||
	    nt_json_type(vv, vvl) != NT_JOBJ)
		return bad(why, "a table in by");
	sum = t->c.dropped + t->missing;
	(void)nt_jiter_init(&it, vv, vvl);
	while (nt_jiter_member(&it, &k, &kl, &v, &vl)) {
		if (nt_json_int(v, vl, &i) < 0 || i <= 0)
			return bad(why, "a count in by");
		nt_buf_reset(&s->s1);
		nt_json_unescape(k, kl, &s->s1);
		nt_counts_add(&t->c, s->s1.p ? s->s1.p : "", s->s1.len, 0,
		    (uint64_t)i, 0);
		sum += (uint64_t)i;
	}
	if (sum != s->records)
		return bad(why, "by counts do not add up to records");
	t->covered = s->records;
	/* Summaries written before duplicates were counted have none. */
	if (nt_json_get(o, n, "duplicates", &v, &vl))
		return readdups(s, t, v, vl, why);
	return 0;
}

static int
readby(struct nt_stats *s, const char *o, size_t n, struct nt_buf *why)
{
	struct nt_jiter it;
	const char *k, *v, *f;
	size_t kl, vl;

	if (nt_json_type(o, n) != NT_JOBJ)
		return bad(why, "by");
	(void)nt_jiter_init(&it, o, n);
	while (nt_jiter_member(&it, &k, &kl, &v, &vl)) {
		if ((f = keyval(&s->s1, k, kl)) == NULL || s->s1.len == 0)
			return bad(why, "a field name in by");
		if (readtab(s, bytab(s, f, s->s1.len), v, vl, why) < 0)
			return -1;
	}
	return 0;
}

/* The "top" list of type s->s1 (length tl) into s->ents. */
static int
readtop(struct nt_stats *s, size_t tl, const char *l, size_t ll,
    struct nt_buf *why)
{
	struct nt_jiter it, pit;
	const char *item, *nv, *cv;
	size_t il, nvl, cvl;
	int64_t c;

	if (nt_json_type(l, ll) != NT_JARR)
		return bad(why, "an entity type");
	(void)nt_jiter_init(&it, l, ll);
	while (nt_jiter_item(&it, &item, &il)) {
		if (nt_jiter_init(&pit, item, il) < 0 ||
		    !nt_jiter_item(&pit, &nv, &nvl) ||
		    nt_json_type(nv, nvl) != NT_JSTR ||
		    !nt_jiter_item(&pit, &cv, &cvl) ||
		    nt_json_int(cv, cvl, &c) < 0 || c <= 0)
			return bad(why, "an entity in a top list");
		nt_buf_reset(&s->s2);
		nt_json_unescape(nv + 1, nvl - 2, &s->s2);
		nt_stats_entkey(&s->key, s->s1.p ? s->s1.p : "", tl,
		    s->s2.p ? s->s2.p : "", s->s2.len);
		nt_counts_add(&s->ents, s->key.p, s->key.len,
		    sizeof(tl) + tl, (uint64_t)c, 0);
	}
	return 0;
}

/* One entity's days, {"YYYY-MM-DD": n, ...}, norm in s->s2. */
static int
readdays1(struct nt_stats *s, size_t tl, const char *o, size_t n,
    struct nt_buf *why)
{
	struct nt_jiter it;
	const char *k, *v;
	size_t kl, vl;
	int64_t c;

	if (nt_json_type(o, n) != NT_JOBJ)
		return bad(why, "an entity's days");
	(void)nt_jiter_init(&it, o, n);
	while (nt_jiter_member(&it, &k, &kl, &v, &vl)) {
		if (kl != 10 || !nt_stats_isdate(k, kl) ||
		    nt_json_int(v, vl, &c) < 0 || c <= 0)
			return bad(why, "a day of an entity");
		nt_stats_daykey(&s->dkey, s->s1.p ? s->s1.p : "", tl,
		    s->s2.p ? s->s2.p : "", s->s2.len, k);
		nt_counts_add(&s->entdays, s->dkey.p, s->dkey.len,
		    sizeof(tl) + tl, (uint64_t)c, 0);
	}
	return 0;
}

/*
 * A type's "days" and "days_err" (absent from older summaries).  What
 * days_err adds to err is the bound of the day table, the same for all
 * types of a summary: keep the largest.
 */
static int
readdays(struct nt_stats *s, size_t tl, const char *o, size_t n,
    uint64_t err, struct nt_buf *why)
{
	struct nt_jiter it;
	const char *d, *k, *v;
	size_t dl, kl, vl;
	uint64_t derr;

	if (!nt_json_get(o, n, "days", &d, &dl))
		return 0;
	if (nt_json_type(d, dl) != NT_JOBJ ||
	    getu(o, n, "days_err", &derr) < 0 || derr < err)
		return bad(why, "the days of an entity type");
	if (derr - err > s->entdays.err)
		s->entdays.err = derr - err;
	(void)nt_jiter_init(&it, d, dl);
	while (nt_jiter_member(&it, &k, &kl, &v, &vl)) {
		nt_buf_reset(&s->s2);
		nt_json_unescape(k, kl, &s->s2);
		if (readdays1(s, tl, v, vl, why) < 0)
			return -1;
	}
	return 0;
}

static int
readents(struct nt_stats *s, const char *o, size_t n, struct nt_buf *why)
{
	struct nt_jiter it;
	const char *k, *v, *l;
	size_t kl, vl, ll, tl;
	uint64_t mentions, err;

	if (nt_json_type(o, n) != NT_JOBJ)
		return bad(why, "entities");
	(void)nt_jiter_init(&it, o, n);
	while (nt_jiter_member(&it, &k, &kl, &v, &vl)) {
		nt_buf_reset(&s->s1);
		nt_json_unescape(k, kl, &s->s1);
		tl = s->s1.len;
		if (getu(v, vl, "mentions", &mentions) < 0 ||
		    getu(v, vl, "err", &err) < 0 ||
		    !nt_json_get(v, vl, "top", &l, &ll))
			return bad(why, "an entity type");
		nt_counts_add(&s->types, s->s1.p ? s->s1.p : "", tl, 0,
		    mentions, err);
		if (readtop(s, tl, l, ll, why) < 0 ||
		    readdays(s, tl, v, vl, err, why) < 0)
			return -1;
	}
	return 0;
}

int
nt_stats_read(struct nt_stats *s, const char *o, size_t n, struct nt_buf *why)
{
	static const char *const names[] = { "records", "rejected", "no_text",
	    "duplicates", "chars", "tokens", "sentences" };
	uint64_t *const vals[] = { &s->records, &s->rejected, &s->no_text,
	    &s->duplicates, &s->chars, &s->tokens, &s->sentences };
	const char *v;
	size_t vl, i;
	uint64_t ver;

	if (getu(o, n, "nstats", &ver) < 0) {
		nt_buf_reset(why);
		nt_buf_adds(why, "not an nstats summary");
		return -1;
	}
	if (ver != NT_STATS_VERSION)
		return bad(why, "unknown version");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (getu(o, n, names[i], vals[i]) < 0)
			return bad(why, names[i]);
	if (!nt_json_get(o, n, "length", &v, &vl) ||
	    nt_json_type(v, vl) != NT_JOBJ)
		return bad(why, "length");
	if (readlen(s, v, vl, why) < 0)
		return -1;
	if (s->len.n + s->no_text != s->records)
		return bad(why, "length.count and no_text do not add up to "
		    "records");
	if (nt_json_get(o, n, "by", &v, &vl) && readby(s, v, vl, why) < 0)
		return -1;
	if (nt_json_get(o, n, "entities", &v, &vl) &&
	    readents(s, v, vl, why) < 0)
		return -1;
	return 0;
}

/* --- Merging --- */

static void
addcounts(struct nt_counts *dst, const struct nt_counts *src)
{
	const struct nt_centry *e;
	size_t i;

	for (i = 0; i < src->n; i++) {
		e = &src->e[i];
		nt_counts_add(dst, nt_counts_key(src, e), e->klen, e->split,
		    e->count, e->aux);
	}
	dst->err += src->err;
	dst->dropped += src->dropped;
}

void
nt_stats_merge(struct nt_stats *d, const struct nt_stats *s)
{
	struct nt_bytab *t;
	size_t i;

	d->records += s->records;
	d->rejected += s->rejected;
	d->no_text += s->no_text;
	d->duplicates += s->duplicates;
	d->chars += s->chars;
	d->tokens += s->tokens;
	d->sentences += s->sentences;
	if (s->len.n > 0) {
		if (d->len.n == 0 || s->lmin < d->lmin)
			d->lmin = s->lmin;
		if (d->len.n == 0 || s->lmax > d->lmax)
			d->lmax = s->lmax;
	}
	for (i = 0; i < NT_HIST_MAX; i++)
		d->hist[i] += s->hist[i];
	nt_qs_merge(&d->len, &s->len);
	for (i = 0; i < s->nby; i++) {
		t = bytab(d, s->by[i].field, strlen(s->by[i].field));
		addcounts(&t->c, &s->by[i].c);
		t->missing += s->by[i].missing;
		t->covered += s->by[i].covered;
	}
	addcounts(&d->types, &s->types);
	addcounts(&d->ents, &s->ents);
	addcounts(&d->entdays, &s->entdays);
}

void
nt_stats_reset(struct nt_stats *s)
{
	const char *field = s->field;
	size_t max_keys = s->max_keys, top = s->top;

	nt_stats_free(s);
	nt_stats_init(s, field, max_keys, top);
}

void
nt_stats_free(struct nt_stats *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nby; i++) {
		free(s->by[i].field);
		nt_counts_free(&s->by[i].c);
	}
	free(s->by);
	s->by = NULL;
	s->nby = 0;
	s->dateby = 0;
	nt_counts_free(&s->types);
	nt_counts_free(&s->ents);
	nt_counts_free(&s->entdays);
	nt_qs_free(&s->len);
	nt_buf_free(&s->text);
	nt_buf_free(&s->key);
	nt_buf_free(&s->dkey);
	nt_buf_free(&s->s1);
	nt_buf_free(&s->s2);
}
