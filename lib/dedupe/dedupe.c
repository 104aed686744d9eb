#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xxhash.h>

#include "core/buf.h"
#include "core/cli.h"
#include "dedupe/dedupe.h"
#include "dedupe/dedupe_text.h"
#include "core/json.h"
#include "dedupe/minhash.h"
#include "dedupe/store.h"
#include "core/util.h"

#define SEED_RAW	0x72617774657874ULL

/* What the in-memory backend keeps of a record (see struct nt_sdoc). */
struct mdoc {
	size_t		 idoff, ofoff;	/* in ids */
	uint32_t	 idlen, oflen;
	double		 sim;
	int		 dup;
	uint32_t	 n;
	uint32_t	 nsk;
	size_t		 skoff;		/* in sk */
	uint64_t	 nums[4];
};

/*
 * key -> the docs that hold it, newest first: open addressing with
 * linear probing, each slot heading a chain of links.
 */
struct kslot {
	uint64_t	 k;
	uint32_t	 head;		/* 1 + index in links */
};
struct klink {
	uint32_t	 doc;		/* 1 + index in docs */
	uint32_t	 next;		/* 1 + index in links, or 0 */
};
struct kmap {
	struct kslot	*s;
	size_t		 cap, n;
	struct klink	*link;
	size_t		 nlink, lcap;
};

struct nt_dedupe {
	struct nt_dedupe_opt o;
	struct nt_store	*st;
	int64_t		 now;
	/*
	 * Look up in memory: no state, or one that held nothing when this
	 * run began and that no other run has written since; the state is
	 * then written to and never read.
	 */
	int		 mem;
	int64_t		 last;		/* newest doc row written */

	struct nt_dtext	 dt;
	struct nt_mh	 mh;

	/* the in-memory backend */
	struct mdoc	*docs;
	size_t		 ndocs, dcap;
	struct nt_buf	 ids;
	uint32_t	*sk;
	size_t		 nsk, skcap;
	struct kmap	 km;

	/* per record */
	struct nt_buf	 text, of, num;
	int64_t		 seen[NT_MH_MAXKEYS * NT_DD_PERKEY];
	size_t		 pending;
	int		 out_is_file;
	int		 out_checked;
};

/* The in-memory backend. */

static struct kslot *
km_slot(const struct kmap *m, uint64_t key)
{
	size_t i;

	for (i = key & (m->cap - 1); m->s[i].k != 0 && m->s[i].k != key;
	    i = (i + 1) & (m->cap - 1))
		;
	return &m->s[i];
}

static void
km_put(struct kmap *m, uint64_t key, uint32_t doc)
{
	struct kmap o;
	struct kslot *sl;
	size_t j;

	if (key == 0)
		key = 1;
	if (2 * (m->n + 1) > m->cap) {
		o = *m;
		m->cap = o.cap ? o.cap * 2 : 1024;
		m->s = nt_ecalloc(m->cap, sizeof(*m->s));
		for (j = 0; j < o.cap; j++)
			if (o.s[j].k != 0)
				*km_slot(m, o.s[j].k) = o.s[j];
		free(o.s);
	}
	if (m->nlink == m->lcap) {
		if (m->lcap >= UINT32_MAX / 2)
			nt_fatalx("too many keys to remember");
		m->lcap = m->lcap ? m->lcap * 2 : 4096;
		m->link = nt_ereallocarray(m->link, m->lcap, sizeof(*m->link));
	}
	sl = km_slot(m, key);
	if (sl->k == 0) {
		sl->k = key;
		m->n++;
	}
	m->link[m->nlink].doc = doc;
	m->link[m->nlink].next = sl->head;
	sl->head = (uint32_t)++m->nlink;
}

/* Up to max docs holding key, newest first. */
static size_t
km_get(const struct kmap *m, uint64_t key, int64_t *out, size_t max)
{
	const struct kslot *sl;
	uint32_t l;
	size_t n = 0;

	if (m->cap == 0)
		return 0;
	if (key == 0)
		key = 1;
	sl = km_slot(m, key);
	for (l = sl->head; l != 0 && n < max; l = m->link[l - 1].next)
		out[n++] = m->link[l - 1].doc;
	return n;
}

static size_t
get(struct nt_dedupe *d, uint64_t key, int64_t *out, size_t max)
{
	if (!d->mem)
		return nt_store_get(d->st, key, out, max);
	return km_get(&d->km, key, out, max);
}

/* Doc h, with its sketch when whole. */
static int
getdoc(struct nt_dedupe *d, int64_t h, int whole, struct nt_sdoc *s)
{
	const struct mdoc *m;

	if (!d->mem)
		return nt_store_doc(d->st, h, whole, s);
	if (h <= 0 || (size_t)h > d->ndocs)
		return 0;
	m = &d->docs[h - 1];
	memset(s, 0, sizeof(*s));
	s->id = d->ids.p + m->idoff;
	s->idlen = m->idlen;
	if (m->dup) {
		s->of = d->ids.p + m->ofoff;
		s->oflen = m->oflen;
		s->sim = m->sim;
	}
	s->n = m->n;
	memcpy(s->nums, m->nums, sizeof(s->nums));
	s->sketch = m->nsk > 0 ? d->sk + m->skoff : NULL;
	s->nsketch = m->nsk;
	return 1;
}

static void
add(struct nt_dedupe *d, const struct nt_sdoc *s, const uint64_t *keys,
    size_t nkeys)
{
	struct mdoc *m;
	size_t i;

	if (d->st != NULL)
		d->last = nt_store_add(d->st, s, d->now, keys, nkeys);
	if (!d->mem)
		return;
	if (d->ndocs >= UINT32_MAX - 1)
		nt_fatalx("more than %u records to remember", UINT32_MAX - 1);
	if (d->ndocs == d->dcap) {
		d->dcap = d->dcap ? d->dcap * 2 : 1024;
		d->docs = nt_ereallocarray(d->docs, d->dcap, sizeof(*d->docs));
	}
	m = &d->docs[d->ndocs++];
	memset(m, 0, sizeof(*m));
	m->idoff = d->ids.len;
	m->idlen = (uint32_t)s->idlen;
	nt_buf_add(&d->ids, s->id, s->idlen);
	if (s->of != NULL) {
		m->dup = 1;
		m->ofoff = d->ids.len;
		m->oflen = (uint32_t)s->oflen;
		nt_buf_add(&d->ids, s->of, s->oflen);
		m->sim = s->sim;
	}
	m->n = s->n;
	memcpy(m->nums, s->nums, sizeof(m->nums));
	if (d->nsk + s->nsketch > d->skcap) {
		while (d->nsk + s->nsketch > d->skcap)
			d->skcap = d->skcap ? d->skcap * 2 : 65536;
		d->sk = nt_ereallocarray(d->sk, d->skcap, sizeof(*d->sk));
	}
	m->skoff = d->nsk;
	m->nsk = s->nsketch;
	if (s->nsketch > 0)
		memcpy(d->sk + d->nsk, s->sketch,
		    s->nsketch * sizeof(*d->sk));
	d->nsk += s->nsketch;
	for (i = 0; i < nkeys; i++)
		km_put(&d->km, keys[i], (uint32_t)d->ndocs);
}

static int64_t
now(void)
{
	const char *e = getenv("NTOOLS_NOW");
	char *end;
	long long v;

	if (e != NULL && *e != '\0') {
		errno = 0;
		v = strtoll(e, &end, 10);
		if (errno == 0 && *end == '\0')
			return v;
	}
	return (int64_t)time(NULL);
}

struct nt_dedupe *
nt_dedupe_new(const struct nt_dedupe_opt *o)
{
	struct nt_dedupe *d;
	struct nt_buf err = NT_BUF_INIT;
	const char *why = NULL;

	d = nt_ecalloc(1, sizeof(*d));
	d->o = *o;
	d->now = now();
	if (nt_dtext_init(&d->dt, &err) < 0)
		errx(NT_EXIT_USAGE, "%s", err.p);
	nt_buf_free(&err);
	nt_mh_init(&d->mh);
	if (o->state != NULL) {
		d->st = nt_store_open(o->state, o->wait_ms, o->shingle,
		    NT_MH_SKETCH, &why);
		if (d->st == NULL)
			errx(NT_EXIT_USAGE, "%s: made with another --%s; use "
			    "the same options or a new state file", o->state,
			    why);
		nt_store_begin(d->st);
		if (o->max_age > 0)
			nt_store_expire(d->st, d->now - o->max_age);
		d->last = nt_store_last(d->st);
		nt_store_commit(d->st);
	}
	d->mem = d->st == NULL || d->last == 0;
	return d;
}

/*
 * Do the numbers, or the names, of two texts agree?  Each distinct
 * number (name) sets one bit of 128.  They agree when every one of one
 * text is in the other (a copy with a paragraph less, or with a byline
 * added), or when at most one in ten is in only one of them (two copies
 * that each lost another paragraph).  Texts made from one template with
 * other figures, or about another company, do not.
 */
static int
marks_agree(const uint64_t *a, const uint64_t *b)
{
	int only_a, only_b, all;

	only_a = __builtin_popcountll(a[0] & ~b[0]) +
	    __builtin_popcountll(a[1] & ~b[1]);
	only_b = __builtin_popcountll(b[0] & ~a[0]) +
	    __builtin_popcountll(b[1] & ~a[1]);
	if (only_a == 0 || only_b == 0)
		return 1;
	all = __builtin_popcountll(a[0] | b[0]) +
	    __builtin_popcountll(a[1] | b[1]);
	return 10 * (only_a + only_b) <= all;
}

/* How many numbers a text has (up to collisions in the mask). */
static int
numbers(const uint64_t *v)
{
	return __builtin_popcountll(v[0]) + __builtin_popcountll(v[1]);
}

double
nt_dedupe_sim(double thr, const struct nt_sdoc *a, const struct nt_sdoc *s)
{
	struct nt_mh_sim r;
	double sim, c;
	uint32_t nmin, nmax;

	if (s->nsketch == 0 || a->nsketch == 0)
		return -1;
	if (!marks_agree(a->nums, s->nums) ||
	    !marks_agree(a->nums + 2, s->nums + 2))
		return -1;
	nt_mh_compare(a->sketch, a->nsketch, a->n, s->sketch, s->nsketch,
	    s->n, &r);
	nmin = a->n < s->n ? a->n : s->n;
	nmax = a->n < s->n ? s->n : a->n;
	sim = r.jaccard;
	/*
	 * Containment needs a shorter text long enough not to be found
	 * in unrelated ones by chance, or one made specific by numbers.
	 */
	if (nmin >= NT_DD_CONTAIN_MIN || (nmin >= NT_DD_SHORT &&
	    numbers(a->n <= s->n ? a->nums : s->nums) >= 3)) {
		c = a->n <= s->n ? r.cont_a : r.cont_b;
		if (c > sim)
			sim = c;
	}
	if (nmax < NT_DD_SHORT && thr < 0.9)
		thr = 0.9;
	return sim >= thr ? sim : -1;
}

/* The current text's signature, as nt_dedupe_sim compares it. */
static void
current(const struct nt_dedupe *d, struct nt_sdoc *a)
{
	memset(a, 0, sizeof(*a));
	a->n = d->mh.n;
	a->nums[0] = d->dt.nums[0];
	a->nums[1] = d->dt.nums[1];
	a->nums[2] = d->dt.names[0];
	a->nums[3] = d->dt.names[1];
	a->sketch = d->mh.sketch;
	a->nsketch = d->mh.nsketch;
}

/* The similarity of the current text to s, or -1 if not comparable. */
static double
similarity(const struct nt_dedupe *d, const struct nt_sdoc *s)
{
	struct nt_sdoc a;

	current(d, &a);
	return nt_dedupe_sim(d->o.threshold, &a, s);
}

static void
set_of(struct nt_dedupe *d, const char *p, size_t n)
{
	nt_buf_reset(&d->of);
	nt_buf_add(&d->of, p, n);
}

/*
 * The current text repeats record s: it is a duplicate of the record s
 * was kept as (s itself, or what s duplicated, with its similarity).
 */
static void
kept_as(struct nt_dedupe *d, const struct nt_sdoc *s, struct nt_dverdict *v)
{
	if (s->of != NULL) {
		set_of(d, s->of, s->oflen);
		v->sim = s->sim;
	} else {
		set_of(d, s->id, s->idlen);
		v->sim = 1;
	}
}

/* Remember the current text as a duplicate of d->of. */
static void
add_dup(struct nt_dedupe *d, const char *id, size_t idlen, uint64_t raw,
    struct nt_dverdict *v)
{
	struct nt_sdoc s;

	memset(&s, 0, sizeof(s));
	s.id = id;
	s.idlen = idlen;
	s.of = d->of.p;
	s.oflen = d->of.len;
	s.sim = v->sim;
	add(d, &s, &raw, 1);
	v->dup = 1;
	v->of = d->of.p;
	v->oflen = d->of.len;
}

int
nt_dedupe_check(struct nt_dedupe *d, const char *text, size_t len,
    const char *id, size_t idlen, struct nt_dverdict *v)
{
	struct nt_sdoc s;
	uint64_t raw, norm, key, keys[2 + NT_MH_MAXKEYS], fresh[NT_MH_MAXKEYS];
	size_t nseen = 0, nfresh, i, j, k, nh;
	int64_t h, hs[NT_DD_PERKEY];
	double sim, best = -1;

	memset(v, 0, sizeof(*v));
	/* Another run wrote meanwhile: from now on, ask the state. */
	if (d->st != NULL && nt_store_begin(d->st) && d->mem &&
	    nt_store_last(d->st) != d->last)
		d->mem = 0;

	raw = XXH3_64bits_withSeed(text, len, SEED_RAW);
	if (get(d, raw, &h, 1) && getdoc(d, h, 0, &s)) {
		kept_as(d, &s, v);
		v->dup = 1;
		v->how = 1;
		v->of = d->of.p;
		v->oflen = d->of.len;
		return 1;
	}

	/*
	 * A text with no words left (blank, or boilerplate only) says
	 * nothing of a story: only its exact bytes can repeat.
	 */
	nt_dtext_run(&d->dt, text, len);
	norm = nt_dtext_key(&d->dt);
	if (d->dt.ntok > 0 && get(d, norm, &h, 1) &&
	    getdoc(d, h, 0, &s)) {
		kept_as(d, &s, v);
		v->how = 2;
		add_dup(d, id, idlen, raw, v);
		return 1;
	}

	nt_mh_run(&d->mh, d->dt.tok, d->dt.ntok, d->o.shingle);
	nfresh = 0;
	/*
	 * The text's keys, then, while it has fewer than NT_MH_MINKEYS of
	 * its own, the next values of its MinHash order: a text made mostly
	 * of common phrases (a eurobond notice) still gets keys to be found
	 * by, and its copies look it up by the same ones.
	 */
	for (i = 0; i < d->mh.nkeys + NT_DD_DEEP && nfresh < NT_MH_MAXKEYS;
	    i++) {
		if (i < d->mh.nkeys)
			key = d->mh.keys[i];
		else if (nfresh >= NT_MH_MINKEYS || i - d->mh.nkeys >=
		    d->mh.nsh)
			break;
		else {
			key = d->mh.sh[i - d->mh.nkeys];
			for (j = 0; j < d->mh.nkeys && d->mh.keys[j] != key;
			    j++)
				;
			if (j < d->mh.nkeys)
				continue;
		}
		/*
		 * A key that many records hold is a common phrase, not a
		 * sign of a copy: it is neither followed nor added to.
		 */
		nh = get(d, key, hs, NT_DD_PERKEY);
		if (nh >= NT_DD_PERKEY)
			continue;
		fresh[nfresh++] = key;
		for (k = 0; k < nh; k++) {
			h = hs[k];
			for (j = 0; j < nseen && d->seen[j] != h; j++)
				;
			if (j < nseen)
				continue;
			d->seen[nseen++] = h;
			if (!getdoc(d, h, 1, &s) || s.of != NULL)
				continue;
			if ((sim = similarity(d, &s)) > best) {
				best = sim;
				set_of(d, s.id, s.idlen);
			}
		}
	}
	if (best >= 0) {
		v->sim = best;
		v->how = 3;
		add_dup(d, id, idlen, raw, v);
		return 1;
	}

	current(d, &s);
	s.id = id;
	s.idlen = idlen;
	keys[0] = raw;
	keys[1] = norm;
	memcpy(keys + 2, fresh, nfresh * sizeof(*keys));
	if (d->dt.ntok == 0)
		add(d, &s, keys, 1);
	else
		add(d, &s, keys, 2 + nfresh);
	return 0;
}

/* Would reading the next line wait for the producer? */
static int
input_idle(const struct nt_ctx *ctx)
{
	const struct nt_in *in = &ctx->in;
	struct pollfd pfd;

	if (in->fd < 0 || in->eof)
		return 0;
	if (in->buf.len > in->pos &&
	    memchr(in->buf.p + in->pos, '\n', in->buf.len - in->pos) != NULL)
		return 0;
	pfd.fd = in->fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	return poll(&pfd, 1, 0) == 0;
}

/* Output first, state second: the order at-least-once rests on. */
static void
sync_batch(struct nt_ctx *ctx, struct nt_dedupe *d)
{
	struct stat sb;

	if (d->st == NULL)
		return;
	nt_out_flush(&ctx->out);
	if (!d->out_checked) {
		d->out_checked = 1;
		d->out_is_file = fstat(ctx->out.fd, &sb) == 0 &&
		    S_ISREG(sb.st_mode);
	}
	if (d->out_is_file && fsync(ctx->out.fd) < 0 && errno != EINVAL)
		err(NT_EXIT_FATAL, "fsync: %s", ctx->out.name);
	nt_store_commit(d->st);
	d->pending = 0;
}

void
nt_dedupe_mark(struct nt_rec *r, const struct nt_dverdict *v,
    struct nt_buf *num)
{
	nt_rec_set_bool(r, "dup", v->dup);
	if (v->dup) {
		nt_rec_set_raw(r, "dup_of", v->of, v->oflen);
		nt_buf_reset(num);
		nt_buf_printf(num, "%.3f", v->sim);
		nt_rec_set_raw(r, "similarity", num->p, num->len);
	} else {
		nt_rec_del(r, "dup_of");
		nt_rec_del(r, "similarity");
	}
}

int
nt_dedupe_record(void *arg, struct nt_parjob *j)
{
	struct nt_dedupe *d = arg;
	struct nt_dverdict v;
	const char *id;
	size_t idlen;

	switch (nt_parrun_text(j, &d->text)) {
	case -1:
		return -1;
	case 0:
		nt_rec_write(j->rec, j->out);
		d->pending++;
		return 0;
	}
	if (!nt_rec_raw(j->rec, d->o.id_field, &id, &idlen)) {
		/* No id: the record's number in this run stands for it. */
		nt_buf_reset(&d->num);
		nt_buf_addu(&d->num, j->nrec);
		id = d->num.p;
		idlen = d->num.len;
	}
	nt_dedupe_check(d, d->text.p, d->text.len, id, idlen, &v);
	if (d->o.annotate) {
		nt_dedupe_mark(j->rec, &v, &d->num);
		nt_rec_write(j->rec, j->out);
	} else if (!v.dup)
		nt_rec_write(j->rec, j->out);
	d->pending++;
	return 0;
}

void
nt_dedupe_written(void *arg, struct nt_ctx *ctx)
{
	struct nt_dedupe *d = arg;

	if (d->st != NULL && (d->pending >= d->o.batch || ctx->unbuffered ||
	    input_idle(ctx)))
		sync_batch(ctx, d);
}

void
nt_dedupe_end(struct nt_ctx *ctx, struct nt_dedupe *d)
{
	if (d->st != NULL)
		sync_batch(ctx, d);
}

int
nt_dedupe_age(const char *s, int64_t *secs)
{
	static const char units[] = "smhdw";
	static const int64_t mult[] = { 1, 60, 3600, 86400, 604800 };
	const char *u;
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || v < 1 || v > 1000000000)
		return -1;
	if (*end == '\0') {
		*secs = v * 86400;
		return 0;
	}
	if (end[1] != '\0' || (u = strchr(units, *end)) == NULL)
		return -1;
	*secs = v * mult[u - units];
	return 0;
}

void
nt_dedupe_free(struct nt_dedupe *d)
{
	if (d == NULL)
		return;
	nt_store_close(d->st);
	nt_dtext_free(&d->dt);
	nt_mh_free(&d->mh);
	free(d->docs);
	nt_buf_free(&d->ids);
	free(d->sk);
	free(d->km.s);
	free(d->km.link);
	nt_buf_free(&d->text);
	nt_buf_free(&d->of);
	nt_buf_free(&d->num);
	free(d);
}
