#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xxhash.h>

#include "core/buf.h"
#include "core/cli.h"
#include "core/json.h"
#include "core/util.h"
#include "dedupe/dedupe.h"
#include "dedupe/dedupe_text.h"
#include "core/lock.h"
#include "dedupe/furn.h"
#include "dedupe/kind.h"
#include "dedupe/minhash.h"
#include "dedupe/spot.h"
#include "dedupe/store.h"
#include "text/norm.h"
#include "text/tok.h"

#define SEED_RAW	0x72617774657874ULL

/* Candidates one text may verify, at most. */
#define MAXCAND		((NT_MH_MAXKEYS + NT_SP_MAXKEYS) * NT_DD_PERKEY)

/* What the in-memory backend keeps of a record (see struct nt_sdoc). */
struct mdoc {
	size_t		 idoff, ofoff, stoff;	/* in ids */
	uint32_t	 idlen, oflen, stlen;
	double		 sim, cont;
	int		 dup, kind;
	uint64_t	 fhash;
	uint32_t	 n, nsk;
	size_t		 skoff;		/* in sk */
	uint64_t	 nums[NT_SD_NUMS];
	uint32_t	 spn, nspsk;
	size_t		 spoff;		/* in ssk, the words' sketch after */
	uint32_t	 wn, nwsk;
	uint64_t	 marks[NT_SP_MARKS];
};

/*
 * key -> the docs that hold it, newest first: open addressing with
 * linear probing, each slot holding the newest and heading a chain of
 * links to the others (most keys are held by one doc: its look-up
 * reads the slot only, not a link as well, at another place in memory).
 */
struct kslot {
	uint64_t	 k;
	uint32_t	 doc;		/* the newest: 1 + index in docs */
	uint32_t	 older;		/* the others: 1 + index in links */
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

/* A growable array of 32-bit sketch values. */
struct u32s {
	uint32_t	*v;
	size_t		 n, cap;
};

struct nt_dedupe {
	struct nt_dedupe_opt o;
	struct nt_store	*st;
	int64_t		 now;
	/*
	 * Look up in memory: no state, or one that held nothing when this
	 * run began, that no other run has written since, and to which
	 * this run wrote fewer than NT_DD_MEMDOCS records; the state is
	 * then written to and never read.
	 */
	int		 mem;
	int64_t		 last;		/* newest doc row written */

	struct nt_spotw	*words;
	struct nt_furn	*furn;

	/* the signature of the current text */
	struct nt_toks	 tk;
	struct nt_spot	 sp;
	struct nt_fres	 fr;
	struct nt_buf	 body;		/* the text without its furniture */
	struct nt_dtext	 dt;
	struct nt_mh	 mh;
	uint64_t	 raw, norm;
	uint64_t	 norm0;		/* the words of the whole text */
	int		 full;		/* furniture and spots are made */
	int		 toked;		/* tk holds the text's tokens */
	const struct nt_dsig *loaded;	/* the signature, not the text */
	const struct nt_dprep *prep;	/* made on another thread, or NULL */
	const uint64_t	*rawin;		/* the text's exact hash, made there */
	/*
	 * The exact hash nt_dedupe_skip found no record for (absent set),
	 * which the record's check then need not ask again.
	 */
	uint64_t	 absent;
	int		 absent_set;
	/*
	 * The signers' note of the texts they met (nt_dedupe_prepare): the
	 * main struct's, which its signers share; lossy, a hash a slot.
	 */
	_Atomic uint32_t *met;
	void		*metmem;	/* met, when this struct made it */
	/*
	 * Whether a duplicate's dup_kind is ever seen (--annotate, or a
	 * state, where the kinds are kept for later runs): else none is
	 * made, nor the spots that only the kind needs.  And, when not,
	 * the signers' note of the whole words' keys they met, as met:
	 * a text most of whose keys another text had is most likely
	 * found by its whole words, and is signed no further.
	 */
	int		 kinds;
	_Atomic uint32_t *metk;
	void		*metkmem;
	/*
	 * Set by the main struct while nearly every record is answered by
	 * its exact bytes (a run over what the state holds already): the
	 * signers then leave the few others to it, as one thread does.
	 */
	_Atomic int	*idle;
	_Atomic int	 idleflag;	/* the main struct's, idle points here */
	unsigned	 nwin, nexact;	/* records of the window, how == 1 */
	uint64_t	 fresh[NT_MH_MAXKEYS + NT_SP_MAXKEYS];
	size_t		 nfresh;

	/* the in-memory backend */
	struct mdoc	*docs;
	size_t		 ndocs, dcap;
	struct nt_buf	 ids;
	struct u32s	 sk, ssk;
	struct kmap	 km;

	/* per record */
	struct nt_buf	 text, of, story, num;
	struct nt_buf	 plain;		/* the text, its references decoded */
	int64_t		 cand[MAXCAND];
	size_t		 nwordcand;	/* cand[0..n) came by word keys */
	int64_t		 ofh;		/* the doc a near copy was found like */
	double		 ofcont;	/* the share of the copy's whole words
					   found there (words_first), or -1 */
	int		 spots_only;	/* verifying one that came by spots */
	size_t		 pending;
	int		 out_is_file;
	int		 out_checked;
	int		 gate;		/* npipe's commit gate (lock.h), or -1 */
};

/* The in-memory backend. */

/* Where key's probe starts (the key as km_put and km_get hold it). */
static inline size_t
km_home(const struct kmap *m, uint64_t key)
{
	return (key != 0 ? key : 1) & (m->cap - 1);
}

/* Fetch the slot key's look-up reads first, ahead of km_get. */
static inline void
km_prefetch(const struct kmap *m, uint64_t key)
{
	if (m->cap > 0)
		__builtin_prefetch(&m->s[km_home(m, key)]);
}

static struct kslot *
km_slot(const struct kmap *m, uint64_t key)
{
	size_t i;

	for (i = km_home(m, key); m->s[i].k != 0 && m->s[i].k != key;
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
		/*
		 * Zeroed by hand, not by calloc: a fresh mapping read
		 * before it is written maps the zero page, and the write
		 * after it then costs a second fault and, while signers
		 * run on other CPUs, a flush of their TLBs.
		 */
		m->s = nt_ereallocarray(NULL, m->cap, sizeof(*m->s));
		memset(m->s, 0, m->cap * sizeof(*m->s));
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
	} else {
		m->link[m->nlink].doc = sl->doc;
		m->link[m->nlink].next = sl->older;
		sl->older = (uint32_t)++m->nlink;
	}
	sl->doc = doc;
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
	if (sl->k == 0 || max == 0)
		return 0;
	out[n++] = sl->doc;
	for (l = sl->older; l != 0 && n < max; l = m->link[l - 1].next)
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

/* Append n values to a; their offset. */
static size_t
u32s_add(struct u32s *a, const uint32_t *v, size_t n)
{
	size_t off = a->n;

	if (a->n + n > a->cap) {
		while (a->n + n > a->cap)
			a->cap = a->cap ? a->cap * 2 : 65536;
		a->v = nt_ereallocarray(a->v, a->cap, sizeof(*a->v));
	}
	if (n > 0)
		memcpy(a->v + a->n, v, n * sizeof(*v));
	a->n += n;
	return off;
}

/* Doc h, with its sketches when whole. */
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
	s->story = d->ids.p + m->stoff;
	s->storylen = m->stlen;
	if (m->dup) {
		s->of = d->ids.p + m->ofoff;
		s->oflen = m->oflen;
		s->sim = m->sim;
		s->cont = m->cont;
		s->kind = m->kind;
	}
	s->fhash = m->fhash;
	memcpy(s->nums, m->nums, sizeof(s->nums));
	if (!whole)
		return 1;
	s->n = m->n;
	s->sketch = m->nsk > 0 ? d->sk.v + m->skoff : NULL;
	s->nsketch = m->nsk;
	s->spn = m->spn;
	memcpy(s->marks, m->marks, sizeof(s->marks));
	s->spsk = m->nspsk > 0 ? d->ssk.v + m->spoff : NULL;
	s->nspsk = m->nspsk;
	s->wn = m->wn;
	s->wsk = m->nwsk > 0 ? d->ssk.v + m->spoff + m->nspsk : NULL;
	s->nwsk = m->nwsk;
	return 1;
}

static size_t
ids_add(struct nt_dedupe *d, const char *p, size_t n, uint32_t *len)
{
	size_t off = d->ids.len;

	nt_buf_add(&d->ids, p, n);
	*len = (uint32_t)n;
	return off;
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
	m->idoff = ids_add(d, s->id, s->idlen, &m->idlen);
	m->stoff = ids_add(d, s->story, s->storylen, &m->stlen);
	if (s->of != NULL) {
		m->dup = 1;
		m->ofoff = ids_add(d, s->of, s->oflen, &m->oflen);
		m->sim = s->sim;
		m->cont = s->cont;
		m->kind = s->kind;
	}
	m->fhash = s->fhash;
	m->n = s->n;
	memcpy(m->nums, s->nums, sizeof(m->nums));
	m->nsk = s->nsketch;
	m->skoff = u32s_add(&d->sk, s->sketch, s->nsketch);
	m->spn = s->spn;
	memcpy(m->marks, s->marks, sizeof(m->marks));
	m->nspsk = s->nspsk;
	m->spoff = u32s_add(&d->ssk, s->spsk, s->nspsk);
	m->wn = s->wn;
	m->nwsk = s->nwsk;
	(void)u32s_add(&d->ssk, s->wsk, s->nwsk);
	for (i = 0; i < nkeys; i++)
		km_put(&d->km, keys[i], (uint32_t)d->ndocs);
}

static void
mem_free(struct nt_dedupe *d)
{
	free(d->docs);
	d->docs = NULL;
	d->ndocs = d->dcap = 0;
	nt_buf_free(&d->ids);
	free(d->sk.v);
	free(d->ssk.v);
	memset(&d->sk, 0, sizeof(d->sk));
	memset(&d->ssk, 0, sizeof(d->ssk));
	free(d->km.s);
	free(d->km.link);
	memset(&d->km, 0, sizeof(d->km));
}

static void
open_state(struct nt_dedupe *d, const struct nt_dedupe_opt *o)
{
	const char *why = NULL;

	d->st = nt_store_open(o->state, o->wait_ms, o->shingle,
	    NT_MH_SKETCH, &why);
	if (d->st == NULL)
		errx(NT_EXIT_USAGE, "%s: made with another --%s; use "
		    "the same options or a new state file", o->state, why);
	nt_store_begin(d->st);
	if (o->max_age > 0)
		nt_store_expire(d->st, d->now - o->max_age);
	d->last = nt_store_last(d->st);
	nt_store_commit(d->st);
}

struct nt_dedupe *
nt_dedupe_new(const struct nt_dedupe_opt *o)
{
	struct nt_dedupe *d;
	struct nt_buf err = NT_BUF_INIT;

	d = nt_ecalloc(1, sizeof(*d));
	d->o = *o;
	d->kinds = o->annotate || o->state != NULL;
	d->now = nt_now();
	if ((d->words = nt_spotw_default(&err)) == NULL ||
	    (d->furn = nt_furn_default(&err)) == NULL ||
	    nt_dtext_init(&d->dt, &err) < 0)
		errx(NT_EXIT_USAGE, "%s", err.p);
	nt_buf_free(&err);
	nt_mh_init(&d->mh);
	nt_spot_init(&d->sp);
	if (o->state != NULL)
		open_state(d, o);
	d->mem = d->st == NULL || d->last == 0;
	d->gate = d->st != NULL ? nt_gate_open() : -1;
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

/* How many bits of the 128-bit mask a are not in b. */
static int
apart(const uint64_t *a, const uint64_t *b)
{
	return __builtin_popcountll(a[0] & ~b[0]) +
	    __builtin_popcountll(a[1] & ~b[1]);
}

/* How many numbers a text has (up to collisions in the mask). */
static int
numbers(const uint64_t *v)
{
	return __builtin_popcountll(v[0]) + __builtin_popcountll(v[1]);
}

static int	names_inside(const uint64_t *, const uint64_t *, double);
static int	looks_spun(const struct nt_dedupe *, const struct nt_sdoc *);
static int	one_template(const struct nt_dedupe *, const struct nt_sdoc *,
		    const struct nt_mh_sim *);

/*
 * Compare the word sketches of the current text and s into r, unless
 * done (r->jaccard is -1 until then); all 0 when either has none.
 */
static void
word_compare(const struct nt_dedupe *d, const struct nt_sdoc *s,
    struct nt_mh_sim *r)
{
	const struct nt_mh *m = &d->mh;

	if (r->jaccard >= 0)
		return;
	if (s->nsketch == 0 || m->nsketch == 0) {
		memset(r, 0, sizeof(*r));
		return;
	}
	nt_mh_compare(m->sketch, m->nsketch, m->n, s->sketch, s->nsketch,
	    s->n, r);
}

/*
 * Are the many numbers of the smaller text all in the larger, which has
 * more?  Then it is a part of it, cut and perhaps with its lines joined,
 * whatever its names: a table's line starts ("Net", "Revs") are names
 * once its lines run together.  Another period's or company's table
 * differs in figures; a text with the same figures and another name is
 * not a part (one company's figures under another's name stay apart).
 */
static int
nums_inside(const uint64_t *small, const uint64_t *big)
{
	return numbers(small) >= NT_DD_NUMS_SURE && (small[0] & ~big[0]) == 0 &&
	    (small[1] & ~big[1]) == 0 && numbers(big) > numbers(small);
}

/*
 * Do the numbers of two texts of many spots, whose names agree, differ
 * only as two copies cut otherwise do: each has a few of its own (from
 * the paragraphs only it kept), and they share NT_DD_NUMS_CUT or more,
 * more than they do not?  Another period's or company's report from
 * one template shares few numbers, if any, or has other names.
 */
static int
nums_cut(const struct nt_dedupe *d, const struct nt_sdoc *s)
{
	const uint64_t *a = d->dt.nums, *b = s->nums;
	int both, only;

	if ((d->sp.n < s->spn ? d->sp.n : s->spn) < NT_DD_SPOT_LONG ||
	    !marks_agree(d->dt.names, s->nums + 2))
		return 0;
	both = __builtin_popcountll(a[0] & b[0]) +
	    __builtin_popcountll(a[1] & b[1]);
	only = __builtin_popcountll(a[0] ^ b[0]) +
	    __builtin_popcountll(a[1] ^ b[1]);
	return both >= NT_DD_NUMS_CUT && both > only;
}

/*
 * Do the numbers and the names of the current text and s agree by their
 * words, as by_words asks before their similarity: the numbers as
 * marks_agree has it, and the names too, or (the spots made) those of
 * the smaller text inside the larger (names_inside)?  r as by_words.
 */
static int
words_agree(const struct nt_dedupe *d, const struct nt_sdoc *s,
    struct nt_mh_sim *r)
{
	const struct nt_mh *m = &d->mh;
	double c;

	if (s->nsketch == 0 || m->nsketch == 0 ||
	    !marks_agree(d->dt.nums, s->nums))
		return 0;
	if (marks_agree(d->dt.names, s->nums + 2))
		return 1;
	if (m->n <= s->n ? nums_inside(d->dt.nums, s->nums) :
	    nums_inside(s->nums, d->dt.nums))
		return 1;
	if (!d->full)
		return 0;
	word_compare(d, s, r);
	c = m->n <= s->n ? r->cont_a : r->cont_b;
	return m->n <= s->n ? names_inside(d->sp.marks, s->marks, c) :
	    names_inside(s->marks, d->sp.marks, c);
}

/*
 * Do the smaller text's numbers, NT_DD_NUMS_SURE of them or more, all
 * appear in the larger, and do the two texts' names agree?  A copy spun,
 * or with sentences of the other left out, keeps its figures and names;
 * the same report for another period, or about another company, does not.
 */
static int
nums_vouch(const struct nt_dedupe *d, const struct nt_sdoc *s)
{
	const uint64_t *small = d->mh.n <= s->n ? d->dt.nums : s->nums;
	const uint64_t *big = d->mh.n <= s->n ? s->nums : d->dt.nums;

	return numbers(small) >= NT_DD_NUMS_SURE && apart(small, big) == 0 &&
	    marks_agree(d->dt.names, s->nums + 2);
}

/*
 * The similarity by words of the current text to s, or -1 if not
 * comparable; r gets the comparison if one was made.
 */
static double
by_words(const struct nt_dedupe *d, const struct nt_sdoc *s,
    struct nt_mh_sim *r, double *cont)
{
	const struct nt_mh *m = &d->mh;
	double sim, c, thr = d->o.threshold;
	uint32_t nmin, nmax;

	if (!words_agree(d, s, r))
		return -1;
	word_compare(d, s, r);
	nmin = m->n < s->n ? m->n : s->n;
	nmax = m->n < s->n ? s->n : m->n;
	sim = r->jaccard;
	c = m->n <= s->n ? r->cont_a : r->cont_b;
	*cont = c;
	/*
	 * Containment needs a shorter text long enough not to be found
	 * in unrelated ones by chance, or one made specific by numbers,
	 * or one found nearly whole (a short excerpt: the passage of
	 * twenty words or so is in the other as it stands; a one-line
	 * notice that a wire files every day is not long enough).
	 */
	if (c > sim && (nmin >= NT_DD_CONTAIN_MIN || (nmin >= NT_DD_SHORT &&
	    numbers(m->n <= s->n ? d->dt.nums : s->nums) >= 3) ||
	    (nmin >= NT_DD_WHOLE_MIN && c >= NT_DD_WHOLE)))
		sim = c;
	if (nmax < NT_DD_SHORT && thr < 0.9)
		thr = 0.9;
	/*
	 * A text of NT_DD_WHOLE_MIN shingles or more whose numbers and
	 * names vouch for it needs less of them found: twice as far below
	 * 1 as the threshold (60% for 0.8, 3 of 5 shingles counted in;
	 * none of it with 1).
	 */
	if (sim < thr && d->o.threshold < 1 && nmin >= NT_DD_WHOLE_MIN &&
	    c >= 1 - 2 * (1 - d->o.threshold) - 1e-9 && nums_vouch(d, s))
		return c;
	return sim >= thr ? sim : -1;
}

/*
 * Does the smaller text have no more than one in ten of its numbers,
 * and of its names, missing from the larger (one name, when it has
 * eight or more, or its first name is found: a spinner swaps a
 * capitalised common word now and then, "Air Force" for "Air Drive"),
 * and its first name (what it is about, most often) in it, unless c,
 * the share of its spots found, is as good as certain, or it has
 * NT_DD_NAMES_MANY other names found (another company's release from
 * one template shares a few)?  A spun copy keeps both; a template
 * filled in for another company, or with other figures, does not.
 */
static int
names_inside(const uint64_t *small, const uint64_t *big, double c)
{
	int miss, all, lead = nt_spot_lead_in(small, big);

	nt_spot_marks_out(small, big, 1, &miss, &all);
	if (10 * miss > all && !(miss == 1 && (all >= 8 || lead)))
		return 0;
	return c >= NT_DD_LEAD_SURE || lead || all - miss >= NT_DD_NAMES_MANY;
}

/*
 * marks_inside for a pair that looks spun by its shingles: the spinner
 * that swapped a third of its words swapped a capitalised one now and
 * then, so one name in eight may be missing besides.
 */
static int
spun_inside(const uint64_t *small, const uint64_t *big, double c)
{
	int miss, all, lead = nt_spot_lead_in(small, big);

	nt_spot_marks_out(small, big, 0, &miss, &all);
	if (10 * miss > all)
		return 0;
	nt_spot_marks_out(small, big, 1, &miss, &all);
	if (8 * (miss - 1) > all && 10 * miss > all)
		return 0;
	return c >= NT_DD_LEAD_SURE || lead || all - miss >= NT_DD_NAMES_MANY;
}

static int
marks_inside(const uint64_t *small, const uint64_t *big, double c)
{
	int miss, all;

	nt_spot_marks_out(small, big, 0, &miss, &all);
	return 10 * miss <= all && names_inside(small, big, c);
}

/*
 * Does the pair look spun by its content words: those of the text with
 * fewer spots found in the other below NT_DD_SPUN_WORDS as often as its
 * spots?  A typo costs one word; a spin swaps many, and may cost spots
 * too (a word spun into a phrase of anchors), so that its shingles are
 * found nearly as often as its spots.  Two stories from one template
 * read the same but for their names.
 */
static int
looks_spun(const struct nt_dedupe *d, const struct nt_sdoc *s)
{
	const struct nt_spot *p = &d->sp;
	struct nt_mh_sim r, u;
	int xsmall = p->n <= s->spn;

	if (s->nspsk == 0 || p->nsketch == 0 || s->nwsk == 0 ||
	    p->nwsketch == 0)
		return 0;
	nt_mh_compare(p->sketch, p->nsketch, p->n, s->spsk, s->nspsk, s->spn,
	    &r);
	nt_mh_compare(p->wsketch, p->nwsketch, p->wn, s->wsk, s->nwsk, s->wn,
	    &u);
	return (xsmall ? u.cont_a : u.cont_b) < NT_DD_SPUN_WORDS *
	    (xsmall ? r.cont_a : r.cont_b);
}

/*
 * Do the spot marks of two texts agree as marks_agree's do (one has all
 * of the other's, or at most one in ten are in one only)?  Names count
 * by their first two letters and their last, so a typo is forgiven.
 */
static int
spot_marks_agree(const uint64_t *a, const uint64_t *b)
{
	int ma, aa, mb, ab, which;

	for (which = 0; which < 2; which++) {
		nt_spot_marks_out(a, b, which, &ma, &aa);
		nt_spot_marks_out(b, a, which, &mb, &ab);
		if (ma > 0 && mb > 0 && 10 * (ma + mb) > aa + ab - ma)
			return 0;
	}
	return 1;
}

/*
 * Is the only difference of names one swapped (a spinner's "Air Group"
 * for "Air Team"), with the first names of both found in the other and
 * at least three numbers, all the same both ways?  A template filled in
 * for another company has another first name, or other figures.
 */
static int
one_name_swapped(const uint64_t *a, const uint64_t *b)
{
	int ma, aa, mb, ab, na, nb;

	nt_spot_marks_out(a, b, 0, &na, &aa);
	nt_spot_marks_out(b, a, 0, &nb, &ab);
	if (na != 0 || nb != 0 || aa < 3)
		return 0;
	nt_spot_marks_out(a, b, 1, &ma, &aa);
	nt_spot_marks_out(b, a, 1, &mb, &ab);
	return ma == 1 && mb == 1 && aa >= 4 && ab >= 4 &&
	    nt_spot_lead_in(a, b) && nt_spot_lead_in(b, a);
}

/*
 * The spot threshold: the word threshold moved 1.75 times as far from
 * 1, so that the default 0.8 asks 0.65 of the spots (a spin of half the
 * common words, a wrapper and a cut keep that much), and 1 asks all of
 * them (and turns spots off: a spot is never the same words).
 */
static double
spot_threshold(const struct nt_dedupe *d)
{
	return 1 - 1.75 * (1 - d->o.threshold);
}

/*
 * The spot threshold for a pair whose smaller sketch has n spots: a
 * text of NT_DD_SPOT_LONG spots or more meets an unrelated one on so
 * large a share of them far less often than a short one does (and a
 * spin that turns a word into a phrase, "agreed" into "in agreement",
 * costs it five spots), so it asks NT_DD_SPOT_EASE less.
 */
static double
spot_threshold_for(const struct nt_dedupe *d, uint32_t n)
{
	double thr = spot_threshold(d);

	return n >= NT_DD_SPOT_LONG && thr < 1 ? thr - NT_DD_SPOT_EASE : thr;
}

/*
 * The similarity by spots of the current text to s, or -1; w is the
 * comparison by words.  Spots are for spun copies: a pair whose word
 * shingles are found nearly as often as its spots is not spun, and was
 * judged by its words (unless its content words say it is spun: a spin
 * that cost it spots as well as shingles); it must have most of its
 * spots found (or most of its word shingles too: a heavy spin that
 * turned words into phrases of anchors cost it spots as well; or its
 * numbers and names agree by their words, agree: two copies sharing a
 * part, each with a part of its own, or each spun its own way), its
 * numbers agree by words too, and no names or numbers that differ both
 * ways by spots: the words' names then differed only by a typo (two
 * versions of one story whose names, or figures, differ both ways stay
 * apart).  The smaller text's names and numbers must be inside the
 * larger's by spots as well, with its first name, unless agree: the
 * words found them in agreement (words_agree) and only fell short of
 * the similarity, as an excerpt spun and wrapped does, whose spinner's
 * swapped capitalised words cost its spot marks.  Such a pair may even
 * have spot marks that differ both ways, when it has the share of spots
 * found that a short text needs (spot_threshold): two stories of one
 * topic, or one template, that share names and figures meet on fewer.
 */
/* Is the first name of the text with fewer spots in the other's marks? */
static int
lead_found(const struct nt_spot *p, const struct nt_sdoc *s, int xsmall)
{
	return xsmall ? nt_spot_lead_in(p->marks, s->marks) :
	    nt_spot_lead_in(s->marks, p->marks);
}

static double
by_spots(const struct nt_dedupe *d, const struct nt_sdoc *s,
    struct nt_mh_sim *w, struct nt_mh_sim *r, double *cont, int agree)
{
	const struct nt_spot *p = &d->sp;
	double c, cw, shared, thr = spot_threshold(d);
	int xsmall = p->n <= s->spn, spun;

	if (s->nspsk == 0 || p->nsketch == 0 || thr >= 1)
		return -1;
	nt_mh_compare(p->sketch, p->nsketch, p->n, s->spsk, s->nspsk, s->spn,
	    r);
	c = xsmall ? r->cont_a : r->cont_b;
	*cont = c;
	shared = c * (xsmall ? p->nsketch : s->nspsk);
	thr = spot_threshold_for(d, xsmall ? p->nsketch : s->nspsk);
	if (shared < NT_DD_SPOT_FEW || (c < thr && !(agree &&
	    c >= NT_DD_SPOT_PART && (xsmall ? p->n : s->spn) <
	    NT_DD_SPOT_LONG)))
		return -1;
	word_compare(d, s, w);
	cw = xsmall ? w->cont_a : w->cont_b;
	/*
	 * A text of a sentence or three, spun lightly, loses more of its
	 * few spots than of its word shingles (a swapped verb costs the
	 * spot of the anchor before it): with its names and numbers
	 * agreeing by their words, its first name found and NT_DD_SPOT_WORDS
	 * of its shingles, a share of NT_DD_SPOT_PART of its spots will do.
	 * Another company's notice from one template has another first
	 * name.
	 */
	if (c < thr && (cw < NT_DD_SPOT_WORDS || !lead_found(p, s, xsmall)))
		return -1;
	/*
	 * A short text shares few spots: it needs most of them found, a
	 * sentence or two of words, and its word shingles found too, or
	 * (a sentence spun, whose swapped words cost most of its shingles)
	 * its names and numbers agreeing by words and its first name found.
	 */
	if (shared < NT_DD_SPOT_SHARED && (c < NT_DD_SPOT_SURE ||
	    (d->mh.n < s->n ? d->mh.n : s->n) < NT_DD_SPOT_FEWWORDS ||
	    (cw < NT_DD_SPOT_WORDS && !(agree && lead_found(p, s, xsmall)))))
		return -1;
	/*
	 * Spun by its content words only, a pair keeps its numbers: two
	 * reports of other figures differ in their notes' words too.
	 */
	spun = cw < NT_DD_SPUN * c || (looks_spun(d, s) &&
	    marks_agree(d->dt.nums, s->nums));
	/*
	 * Two copies cut otherwise, each with paragraphs of its own, share
	 * the first name and many spots and word shingles with the numbers,
	 * or most spots and more numbers than either has alone (nums_cut):
	 * the names, or the figures, of the paragraphs only one has do not
	 * keep them apart.  (A template filled in for another company has
	 * another first name; another period's, other figures.)
	 */
	if (!spun && ((shared >= NT_DD_SPOT_MANY && cw >= NT_DD_SPOT_WORDS &&
	    marks_agree(d->dt.nums, s->nums)) || (c >= NT_DD_SPOT_SURE &&
	    nums_cut(d, s))) && lead_found(p, s, xsmall))
		return c;
	if (!spun && ((c < NT_DD_SPOT_SURE && cw < NT_DD_SPOT_WORDS &&
	    !agree) ||
	    !marks_agree(d->dt.nums, s->nums) || (!(agree &&
	    c >= spot_threshold(d)) && !spot_marks_agree(p->marks, s->marks) &&
	    !one_name_swapped(p->marks, s->marks))))
		return -1;
	if (!agree && (spun ? !(xsmall ? spun_inside(p->marks, s->marks,
	    c) : spun_inside(s->marks, p->marks, c)) :
	    !(xsmall ? marks_inside(p->marks, s->marks, c) :
	    marks_inside(s->marks, p->marks, c))))
		return -1;
	return c;
}

static void
set_buf(struct nt_buf *b, const char *p, size_t n)
{
	nt_buf_reset(b);
	nt_buf_add(b, p, n);
}

/* Point the verdict at the kept record and story in d->of, d->story. */
static void
verdict_ids(struct nt_dedupe *d, struct nt_dverdict *v)
{
	v->of = d->of.p;
	v->oflen = d->of.len;
	v->story = d->story.p;
	v->storylen = d->story.len;
}

/*
 * The current text repeats record s: it is a duplicate of the record s
 * was kept as (s itself, or what s duplicated, as s did).
 */
static void
kept_as(struct nt_dedupe *d, const struct nt_sdoc *s, struct nt_dverdict *v)
{
	if (s->of != NULL) {
		set_buf(&d->of, s->of, s->oflen);
		v->sim = s->sim;
		v->cont = s->cont;
		v->kind = s->kind;
	} else {
		set_buf(&d->of, s->id, s->idlen);
		v->sim = v->cont = 1;
		v->kind = NT_KIND_EXACT;
	}
	set_buf(&d->story, s->story, s->storylen);
	v->dup = 1;
	verdict_ids(d, v);
}

/* What a duplicate's row says of it, from its verdict v. */
static void
as_copy(struct nt_sdoc *s, const struct nt_dverdict *v)
{
	s->of = v->of;
	s->oflen = v->oflen;
	s->story = v->story;
	s->storylen = v->storylen;
	s->sim = v->sim;
	s->cont = v->cont;
	s->kind = v->kind;
}

/* Remember the current text as a duplicate, as v says. */
static void
add_dup(struct nt_dedupe *d, const char *id, size_t idlen,
    const struct nt_dverdict *v)
{
	struct nt_sdoc s;

	memset(&s, 0, sizeof(s));
	s.id = id;
	s.idlen = idlen;
	as_copy(&s, v);
	add(d, &s, &d->raw, 1);
}

/* What the state keeps of the current text, when it is kept. */
static void
kept_doc(const struct nt_dedupe *d, struct nt_sdoc *sd)
{
	struct nt_sdoc s;

	memset(&s, 0, sizeof(s));
	s.fhash = d->fr.hash;
	s.n = d->mh.n;
	s.nums[0] = d->dt.nums[0];
	s.nums[1] = d->dt.nums[1];
	s.nums[2] = d->dt.names[0];
	s.nums[3] = d->dt.names[1];
	s.nums[4] = d->dt.vars[0];
	s.nums[5] = d->dt.vars[1];
	s.sketch = d->mh.sketch;
	s.nsketch = d->mh.nsketch;
	s.spn = d->sp.n;
	memcpy(s.marks, d->sp.marks, sizeof(s.marks));
	s.spsk = d->sp.sketch;
	s.nspsk = d->sp.nsketch;
	s.wn = d->sp.wn;
	s.wsk = d->sp.wsketch;
	s.nwsk = d->sp.nwsketch;
	*sd = s;
}

/*
 * Remember the current text whole, with the keys of its words and spots:
 * the first of its story (v NULL), or a copy as v says that adds to the
 * record it was found like (adds_to), by the keys no record holds.
 */
static void
add_signed(struct nt_dedupe *d, const char *id, size_t idlen,
    const struct nt_dverdict *v)
{
	struct nt_sdoc s;
	uint64_t keys[3 + NT_MH_MAXKEYS + NT_SP_MAXKEYS];
	int64_t h;
	size_t nk = 1, i;

	kept_doc(d, &s);
	s.id = s.story = id;
	s.idlen = s.storylen = idlen;
	if (v != NULL)
		as_copy(&s, v);
	keys[0] = d->raw;
	/*
	 * A record kept is found by its normalised words, and by its whole
	 * words too, which a copy is looked up by first.  A copy is not: a
	 * text with its words is a copy of the record it copied, found by
	 * its words, and of the kind it is of that one.
	 */
	if (v == NULL) {
		keys[nk++] = d->norm;
		if (d->norm0 != d->norm)
			keys[nk++] = d->norm0;
	}
	for (i = 0; i < d->nfresh; i++)
		if (v == NULL || !get(d, d->fresh[i], &h, 1))
			keys[nk++] = d->fresh[i];
	add(d, &s, keys, d->dt.ntok == 0 ? 1 : nk);
}

static void
add_kept(struct nt_dedupe *d, const char *id, size_t idlen)
{
	add_signed(d, id, idlen, NULL);
}

/*
 * The text, its furniture lines left out, for the word signature (when
 * dt cannot give its words: see sign_full).
 */
static void
body(struct nt_dedupe *d, const char *text)
{
	const struct nt_fline *l;
	const struct nt_tok *t = d->tk.t;
	size_t i;

	nt_buf_reset(&d->body);
	for (i = 0; i < d->fr.nline; i++) {
		l = &d->fr.line[i];
		if (l->furn)
			continue;
		if (d->body.len > 0)
			nt_buf_addc(&d->body, '\n');
		nt_buf_add(&d->body, text + t[l->t0].b,
		    t[l->t1 - 1].e - t[l->t0].b);
	}
}

/*
 * The words of the whole text of signature g, as sign_words leaves
 * them: their marks, and their sketch when sketch is set (else the
 * sketch in place serves: the text's own, without furniture to leave
 * out).
 */
static void
whole_words(struct nt_dedupe *d, const struct nt_dsig *g, int sketch)
{
	d->full = 0;
	if (sketch) {
		d->mh.n = g->n0;
		d->mh.nsketch = g->nsk0;
		memcpy(d->mh.sketch, g->sk0, g->nsk0 * sizeof(*g->sk0));
	}
	memcpy(d->dt.nums, g->nums0, sizeof(d->dt.nums));
	memcpy(d->dt.names, g->nums0 + 2, sizeof(d->dt.names));
	memcpy(d->dt.vars, g->nums0 + 4, sizeof(d->dt.vars));
	d->dt.ntok = g->words0;
	d->dt.nboiler = g->boiler0;
}

/*
 * The words of a text signed on another thread only so far (its
 * struct nt_dprep's full 0), as sign_words leaves them; sign_full makes
 * the rest from the text.
 */
static void
load_words(struct nt_dedupe *d, const struct nt_dsig *g)
{
	d->loaded = NULL;
	whole_words(d, g, 1);
}

/*
 * Of a text longer than this, the tokens, furniture and spots are those
 * of its first FULL_MAX bytes (to a line break), and its words are not
 * signed again without the furniture: what tells a spun or wrapped copy
 * is in its first megabyte, and the tokens of a whole long text (48
 * bytes each) would cost many times its size.
 */
#define FULL_MAX	(1024 * 1024)
/* Bytes of a text read for its first word, at most (to a line break). */
#define FIRST_MAX	4096

/* The words of the whole text: what a copy is most often found by. */
static void
sign_words(struct nt_dedupe *d, const char *text, size_t len)
{
	if (d->prep != NULL) {
		/* signed on another thread: as if here (sign_full loads
		 * the rest, or makes it from the text) */
		if (d->prep->full)
			nt_dedupe_load(d, &d->prep->g);
		else
			load_words(d, &d->prep->g);
		d->norm = d->norm0 = d->prep->g.norm0;
		d->nfresh = 0;
		d->toked = 0;
		return;
	}
	/* The tokens serve sign_full too: a text is cut once. */
	d->toked = len <= FULL_MAX;
	if (d->toked) {
		nt_tok_run(&d->tk, text, len);
		nt_dtext_run_toks(&d->dt, text, len, &d->tk);
	} else
		nt_dtext_run(&d->dt, text, len);
	d->norm = d->norm0 = nt_dtext_key(&d->dt);
	nt_mh_shingle(&d->mh, d->dt.tok, d->dt.ntok, d->o.shingle);
	nt_dtext_release(&d->dt);
	nt_mh_finish(&d->mh);
	d->nfresh = 0;
	d->full = 0;
}

/* Has the text a line of furniture? */
static int
furnished(const struct nt_fres *fr)
{
	size_t i;

	for (i = 0; i < fr->nline; i++)
		if (fr->line[i].furn)
			return 1;
	return 0;
}

/*
 * A loaded signature (nt_dedupe_load) as sign_words leaves the text: the
 * words of the whole text; its spots are made already.
 */
static void
load_whole(struct nt_dedupe *d)
{
	whole_words(d, d->loaded, d->loaded->furn);
}

/* ... and as sign_full leaves it: the words without the furniture. */
static void
load_body(struct nt_dedupe *d)
{
	const struct nt_dsig *g = d->loaded;

	if (g->furn) {
		d->mh.n = g->s.n;
		d->mh.nsketch = g->s.nsketch;
		memcpy(d->mh.sketch, g->s.sketch,
		    g->s.nsketch * sizeof(*g->s.sketch));
	}
	memcpy(d->dt.nums, g->s.nums, sizeof(d->dt.nums));
	memcpy(d->dt.names, g->s.nums + 2, sizeof(d->dt.names));
	memcpy(d->dt.vars, g->s.nums + 4, sizeof(d->dt.vars));
	d->dt.ntok = g->words;
}

/*
 * The rest of the signature: tokens, furniture, spots; the words again
 * without the furniture, when there is some.
 */
static void
sign_full(struct nt_dedupe *d, const char *text, size_t len)
{
	int whole = len <= FULL_MAX;

	if (d->full)
		return;
	d->full = 1;
	if (d->loaded != NULL) {
		load_body(d);
		if (d->prep != NULL)
			d->norm = d->prep->g.norm;
		return;
	}
	if (!whole)
		len = nt_tok_piece(text, 0, len, FULL_MAX);
	if (!d->toked)
		nt_tok_run(&d->tk, text, len);
	nt_spot_classify(&d->sp, d->words, text, &d->tk);
	nt_furn_run(d->furn, text, &d->tk, &d->sp, &d->fr);
	nt_spot_run(&d->sp, &d->tk, d->fr.nline > 0 ? d->fr.drop : NULL);
	if (!whole || !furnished(&d->fr))
		return;
	/*
	 * The words of the lines kept, as sign_words read them when it
	 * read this text's tokens (toked; not a text signed elsewhere
	 * only so far, whose words dt does not hold), else read again.
	 */
	if (!d->toked || !nt_dtext_keep(&d->dt, d->fr.drop)) {
		body(d, text);
		nt_dtext_run(&d->dt, d->body.p != NULL ? d->body.p : "",
		    d->body.len);
	}
	d->norm = nt_dtext_key(&d->dt);
	nt_mh_shingle(&d->mh, d->dt.tok, d->dt.ntok, d->o.shingle);
	nt_dtext_release(&d->dt);
	nt_mh_finish(&d->mh);
}

void
nt_dedupe_sign(struct nt_dedupe *d, const char *text, size_t len)
{
	sign_words(d, text, len);
	sign_full(d, text, len);
}

/*
 * Add to d->fresh the keys of one signature (keys, then while fewer than
 * min are fresh, the next values of its order) that fewer than
 * NT_DD_PERKEY records hold, and to out the records that hold them.
 */
static size_t
gather(struct nt_dedupe *d, const uint64_t *keys, size_t nkeys,
    const uint64_t *order, size_t norder, size_t min, size_t maxk,
    size_t deep, int64_t *out, size_t n, size_t max)
{
	int64_t hs[NT_DD_PERKEY];
	size_t i, j, k, nh, mine = 0;
	uint64_t key;

	/* Each key's slot, fetched before the first is read. */
	if (d->mem)
		for (i = 0; i < nkeys; i++)
			km_prefetch(&d->km, keys[i]);
	for (i = 0; i < nkeys + deep && mine < maxk; i++) {
		if (i < nkeys)
			key = keys[i];
		else if (mine >= min || i - nkeys >= norder)
			break;
		else {
			key = order[i - nkeys];
			for (j = 0; j < nkeys && keys[j] != key; j++)
				;
			if (j < nkeys)
				continue;
		}
		/*
		 * A key that many records hold is a common phrase, not a
		 * sign of a copy: it is neither followed nor added to.
		 */
		if ((nh = get(d, key, hs, NT_DD_PERKEY)) >= NT_DD_PERKEY)
			continue;
		d->fresh[d->nfresh++] = key;
		mine++;
		for (k = 0; k < nh && n < max; k++) {
			for (j = 0; j < n && out[j] != hs[k]; j++)
				;
			if (j == n)
				out[n++] = hs[k];
		}
	}
	return n;
}

size_t
nt_dedupe_candidates(struct nt_dedupe *d, int64_t *out, size_t max)
{
	size_t n;

	struct nt_dkeys w, sp;

	d->nfresh = 0;
	nt_dedupe_keys(d, 0, &w);
	nt_dedupe_keys(d, 1, &sp);
	n = gather(d, w.keys, w.nkeys, w.order, w.norder,
	    NT_MH_MINKEYS, NT_MH_MAXKEYS, NT_DD_DEEP, out, 0, max);
	d->nwordcand = n;
	return gather(d, sp.keys, sp.nkeys, sp.order, sp.norder,
	    NT_SP_MINKEYS, NT_SP_MAXKEYS, NT_DD_SPOT_DEEP, out, n, max);
}

/*
 * dup_kind of the current text against s: its spots (r, compared here
 * unless have_r), its content words, its furniture.  Without spots (a
 * text of content words only) the word shingles w stand for them.
 */
static int
kind_of(const struct nt_dedupe *d, const struct nt_sdoc *s,
    const struct nt_mh_sim *w, struct nt_mh_sim *r, int have_r)
{
	const struct nt_spot *p = &d->sp;
	struct nt_kindin in;
	struct nt_mh_sim u;

	memset(&in, 0, sizeof(in));
	if (s->nspsk > 0 && p->nsketch > 0) {
		if (!have_r)
			nt_mh_compare(p->sketch, p->nsketch, p->n, s->spsk,
			    s->nspsk, s->spn, r);
		in.sx = r->cont_a;
		in.sk = r->cont_b;
	} else {
		in.sx = w->cont_a;
		in.sk = w->cont_b;
	}
	if (s->nwsk > 0 && p->nwsketch > 0) {
		nt_mh_compare(p->wsketch, p->nwsketch, p->wn, s->wsk, s->nwsk,
		    s->wn, &u);
		in.words = 1;
		in.ux = u.cont_a;
		in.uk = u.cont_b;
	}
	if (s->nsketch > 0 && d->mh.nsketch > 0) {
		in.shingles = 1;
		in.wx = w->cont_a;
		in.wk = w->cont_b;
		in.nx = d->mh.n;
		in.nk = s->n;
	}
	in.vx = apart(d->dt.vars, s->nums + 4);
	in.vk = apart(s->nums + 4, d->dt.vars);
	in.fx = d->fr.hash;
	in.fk = s->fhash;
	return nt_kind_of(&in);
}

/*
 * Are the current text and s two stories from one template: nearly the
 * same words both ways (neither a part of the other), not spun, but other
 * first words ("Vantor said on Monday", "Kelmar said on Monday")?  A
 * name that begins a sentence is in neither's names.  Texts with site
 * furniture are left alone: a headline kept above one article, or a
 * first word spun, is no other story.
 */
static int
one_template(const struct nt_dedupe *d, const struct nt_sdoc *s,
    const struct nt_mh_sim *w)
{
	return w->cont_a >= NT_DD_NEAR && w->cont_b >= NT_DD_NEAR &&
	    d->fr.hash == 0 && s->fhash == 0 &&
	    nt_spot_first_apart(d->sp.marks, s->marks) && !looks_spun(d, s);
}

int
nt_dedupe_verify(struct nt_dedupe *d, const struct nt_sdoc *s,
    struct nt_dverdict *v)
{
	struct nt_mh_sim w, r;
	double sim, cont = 0;

	w.jaccard = -1;
	v->how = 0;
	if (!nt_sdoc_signed(s))
		return 0;
	if (!d->spots_only && (sim = by_words(d, s, &w, &cont)) >= 0) {
		v->how = 3;
	} else if ((sim = by_spots(d, s, &w, &r, &cont,
	    words_agree(d, s, &w))) >= 0) {
		v->how = 4;
	} else
		return 0;
	word_compare(d, s, &w);
	if (one_template(d, s, &w))
		return v->how = 0;
	v->sim = sim;
	v->cont = cont;
	v->kind = kind_of(d, s, &w, &r, v->how == 4);
	return 1;
}

/*
 * Could s be a copy by its spots?  Asked first of a candidate that only
 * spot keys led to: most such are chance meetings on common phrases,
 * and the spots, shorter than the words, tell them apart cheaper.
 */
static int
spots_promise(const struct nt_dedupe *d, const struct nt_sdoc *s)
{
	const struct nt_spot *p = &d->sp;
	struct nt_mh_sim r;
	double c;
	int xsmall = p->n <= s->spn;

	if (s->nspsk == 0 || p->nsketch == 0)
		return 0;
	nt_mh_compare(p->sketch, p->nsketch, p->n, s->spsk, s->nspsk, s->spn,
	    &r);
	c = xsmall ? r.cont_a : r.cont_b;
	return c >= spot_threshold_for(d, xsmall ? p->nsketch : s->nspsk) &&
	    c * (xsmall ? p->nsketch : s->nspsk) >= NT_DD_SPOT_FEW;
}

/*
 * Verify candidate s as best_match does: one that only spot keys led to
 * (spots_only) by its spots, if they promise.
 */
static int
try_candidate(struct nt_dedupe *d, const struct nt_sdoc *s, int spots_only,
    struct nt_dverdict *v)
{
	int r;

	d->spots_only = spots_only;
	r = !(spots_only && !spots_promise(d, s)) && nt_dedupe_verify(d, s, v);
	d->spots_only = 0;
	return r;
}

/*
 * The best candidate: a record kept over a copy that added to one (a
 * copy found like a kept record is decided as it was before copies were
 * candidates), then by words over by spots, then the highest.
 */
static int
best_match(struct nt_dedupe *d, struct nt_dverdict *v)
{
	struct nt_dverdict t;
	struct nt_sdoc s;
	size_t n, i;
	int found = 0, dup = 0;

	n = nt_dedupe_candidates(d, d->cand, MAXCAND);
	for (i = 0; i < n; i++) {
		if (!getdoc(d, d->cand[i], 1, &s) ||
		    !try_candidate(d, &s, i >= d->nwordcand, &t))
			continue;
		if (found && ((s.of != NULL) > dup || ((s.of != NULL) == dup &&
		    (t.how > v->how || (t.how == v->how && t.sim <= v->sim)))))
			continue;
		found = 1;
		dup = s.of != NULL;
		v->how = t.how;
		v->sim = t.sim;
		v->cont = t.cont;
		v->kind = t.kind;
		set_buf(&d->of, s.id, s.idlen);
		set_buf(&d->story, s.story, s.storylen);
		d->ofh = d->cand[i];
		d->ofcont = -1;
	}
	d->spots_only = 0;
	if (found) {
		v->dup = 1;
		verdict_ids(d, v);
	}
	return found;
}

/*
 * The kind of a copy with the same words as s, its furniture unknown:
 * wrapped when one of them had lines of boilerplate and the other not.
 */
static int
boiler_kind(const struct nt_dedupe *d, const struct nt_sdoc *s)
{
	if (d->full)
		return nt_kind_same(d->fr.hash, s->fhash);
	return (d->dt.nboiler > 0) == (s->fhash != 0) ? NT_KIND_EXACT :
	    NT_KIND_WRAPPED;
}

/* Do the current text and s write their synonyms otherwise? */
static int
swapped(const struct nt_dedupe *d, const struct nt_sdoc *s)
{
	/* (A duplicate's row keeps no words.) */
	return s->of == NULL && (apart(d->dt.vars, s->nums + 4) > 0 ||
	    apart(s->nums + 4, d->dt.vars) > 0);
}

/*
 * The kind of a copy with the same words as s, synonyms forgiven: spun
 * (or mixed, wrapped too) when it writes the synonyms otherwise.  The
 * synonyms of s are those of its text without furniture: a text whose
 * differ has its furniture found first.
 */
static int
same_kind(struct nt_dedupe *d, const struct nt_sdoc *s, const char *text,
    size_t len)
{
	int k;

	if (swapped(d, s) && !d->full)
		sign_full(d, text, len);
	k = boiler_kind(d, s);
	if (!swapped(d, s))
		return k;
	return k == NT_KIND_EXACT ? NT_KIND_SPUN : NT_KIND_MIXED;
}

/*
 * The kind of a copy of s found by its words (w, the comparison): one
 * that is nearly the same words needs no spots made.
 */
static int
words_kind(struct nt_dedupe *d, const struct nt_sdoc *s,
    const struct nt_mh_sim *w, const char *text, size_t len)
{
	struct nt_mh_sim r;

	if (w->cont_a >= NT_DD_NEAR && w->cont_b >= NT_DD_NEAR)
		return same_kind(d, s, text, len);
	sign_full(d, text, len);
	return kind_of(d, s, w, &r, 0);
}

/*
 * The first word of the text's first FIRST_MAX bytes (to a line break),
 * as nt_spot_first_word tells it: from the tokens of the whole text
 * when sign_words made them (they are the piece's up to there), else
 * from the piece's own, which then leave d->tk for sign_full to make
 * again.
 */
static uint32_t
first_word(struct nt_dedupe *d, const char *text, size_t len)
{
	size_t end = nt_tok_piece(text, 0, len, FIRST_MAX), i;
	const struct nt_tok *t = d->tk.t;

	if (!d->toked) {
		nt_tok_run(&d->tk, text, end);
		return nt_spot_first_word(d->words, text, &d->tk);
	}
	for (i = 0; i < d->tk.n && t[i].e <= end &&
	    t[i].kind == NT_TOK_PUNCT; i++)
		;
	if (i == d->tk.n || t[i].e > end)
		return 0;
	return nt_spot_first_word(d->words, text, &d->tk);
}

/*
 * one_template for a copy found by its words w, the spots made first
 * when the pair is near enough to be one (and s has a first word).
 */
static int
near_template(struct nt_dedupe *d, const struct nt_sdoc *s,
    const struct nt_mh_sim *w, const char *text, size_t len)
{
	uint32_t first = (uint32_t)(s->marks[NT_SP_LEADW] >> 32);

	if (w->cont_a < NT_DD_NEAR || w->cont_b < NT_DD_NEAR || first == 0 ||
	    s->fhash != 0)
		return 0;
	/*
	 * Most such copies begin with the same word: its first line
	 * tells, before the whole text is tokenized and classified.
	 */
	if (text != NULL && !d->full && first_word(d, text, len) == first)
		return 0;
	sign_full(d, text, len);
	return one_template(d, s, w);
}

/*
 * Most copies are found by the words of the whole text, before its
 * tokens, furniture and spots are made: only a copy that differs in
 * more than a word or two has them made, for its kind.
 */
static int
words_first(struct nt_dedupe *d, const char *text, size_t len,
    struct nt_dverdict *v)
{
	struct nt_mh_sim w, best;
	struct nt_sdoc s;
	struct nt_dkeys k;
	double sim, cont, top = -1;
	size_t n, i;
	int64_t h = 0;

	nt_dedupe_keys(d, 0, &k);
	n = gather(d, k.keys, k.nkeys, k.order, k.norder,
	    NT_MH_MINKEYS, NT_MH_MAXKEYS, NT_DD_DEEP, d->cand, 0, MAXCAND);
	for (i = 0; i < n; i++) {
		w.jaccard = -1;
		if (!getdoc(d, d->cand[i], 1, &s) || s.of != NULL ||
		    (sim = by_words(d, &s, &w, &cont)) < 0 || sim <= top)
			continue;
		top = sim;
		best = w;
		h = d->cand[i];
		v->cont = cont;
	}
	d->nfresh = 0;
	if (top < 0 || !getdoc(d, h, 1, &s))
		return 0;
	if (near_template(d, &s, &best, text, len))
		return 0;
	d->ofh = h;
	d->ofcont = best.cont_a;
	v->sim = top;
	v->how = 3;
	v->kind = d->kinds ? words_kind(d, &s, &best, text, len) :
	    NT_KIND_EXACT;
	v->dup = 1;
	set_buf(&d->of, s.id, s.idlen);
	set_buf(&d->story, s.story, s.storylen);
	verdict_ids(d, v);
	return 1;
}

/*
 * A copy adds to the record it was found like when this much of it, or
 * less, is in that record: a longer version, or another part of the
 * story with the part they share.  Its own words and spots are then
 * kept too, so that a later copy of what it added finds the story (an
 * excerpt seen first, the whole article after it, then another excerpt
 * that shares more with the article than with the first).
 */
#define ADDS	0.8

/*
 * Does the current text, a near copy of s, add to it?  wcont is the
 * share of its whole words found in s when its whole words found it
 * (words_first), else -1: most copies found so are in it nearly whole,
 * and need nothing more made to tell.
 */
static int
adds(struct nt_dedupe *d, const struct nt_sdoc *s, double wcont,
    const char *text, size_t len)
{
	struct nt_mh_sim r;

	if (wcont >= ADDS)
		return 0;
	sign_full(d, text, len);
	if (d->dt.ntok == 0)
		return 0;
	if (s->nspsk > 0 && d->sp.nsketch > 0)
		nt_mh_compare(d->sp.sketch, d->sp.nsketch, d->sp.n, s->spsk,
		    s->nspsk, s->spn, &r);
	else if (s->nsketch > 0 && d->mh.nsketch > 0)
		nt_mh_compare(d->mh.sketch, d->mh.nsketch, d->mh.n, s->sketch,
		    s->nsketch, s->n, &r);
	else
		return 0;
	return r.cont_a < ADDS;
}

/* ... of the doc it was found like (d->ofh, d->ofcont). */
static int
adds_to(struct nt_dedupe *d, const char *text, size_t len)
{
	struct nt_sdoc s;

	return d->ofcont < ADDS && getdoc(d, d->ofh, 1, &s) &&
	    adds(d, &s, d->ofcont, text, len);
}

/* Remember the current text, a near copy as v says. */
static void
add_near(struct nt_dedupe *d, const char *id, size_t idlen,
    const struct nt_dverdict *v, const char *text, size_t len)
{
	if (!adds_to(d, text, len)) {
		add_dup(d, id, idlen, v);
		return;
	}
	/* the keys of its words and spots, as best_match gathers them */
	(void)nt_dedupe_candidates(d, d->cand, MAXCAND);
	add_signed(d, id, idlen, v);
}

/*
 * The current text has the words of record h: a duplicate of what h is
 * a copy of, or of h (similarity 1), remembered as one.
 */
static int
same_words(struct nt_dedupe *d, int64_t h, const char *text, size_t len,
    const char *id, size_t idlen, struct nt_dverdict *v)
{
	struct nt_sdoc s;

	if (!getdoc(d, h, 0, &s))
		return 0;
	kept_as(d, &s, v);
	if (d->kinds)
		v->kind = same_kind(d, &s, text, len);
	v->how = 2;
	add_dup(d, id, idlen, v);
	return 1;
}

/*
 * The text as it is compared, after its exact hash: with its HTML
 * character references decoded ("AT&amp;T" reads as "AT&T"), in d->plain
 * when it has an '&'.
 */
static const char *
plain_text(struct nt_dedupe *d, const char *text, size_t *len)
{
	if (*len == 0 || memchr(text, '&', *len) == NULL)
		return text;
	nt_buf_reset(&d->plain);
	nt_buf_add(&d->plain, text, *len);
	*len = d->plain.len = nt_norm_refs(d->plain.p, d->plain.len);
	return d->plain.p;
}

/* A record's first step: if another run wrote meanwhile, ask the state. */
static void
begin(struct nt_dedupe *d)
{
	if (d->st != NULL && nt_store_begin(d->st) && d->mem &&
	    nt_store_last(d->st) != d->last)
		d->mem = 0;
}

int
nt_dedupe_check(struct nt_dedupe *d, const char *text, size_t len,
    const char *id, size_t idlen, struct nt_dverdict *v)
{
	struct nt_sdoc s;
	int64_t h;
	int known;

	memset(v, 0, sizeof(*v));
	begin(d);
	d->loaded = NULL;
	d->raw = d->rawin != NULL ? *d->rawin :
	    XXH3_64bits_withSeed(text, len, SEED_RAW);
	text = plain_text(d, text, &len);
	/*
	 * Asked already by nt_dedupe_skip for this record (nothing is kept
	 * between that and this: only a check keeps records).
	 */
	known = d->rawin != NULL && d->absent_set && d->absent == d->raw;
	d->absent_set = 0;
	if (!known && get(d, d->raw, &h, 1) && getdoc(d, h, 0, &s)) {
		kept_as(d, &s, v);
		v->how = 1;
		return 1;
	}

	/*
	 * A text with no words left (blank, or boilerplate only) says
	 * nothing of a story: only its exact bytes can repeat.
	 */
	sign_words(d, text, len);
	if (d->dt.ntok > 0 && get(d, d->norm, &h, 1) &&
	    same_words(d, h, text, len, id, idlen, v))
		return 1;
	if (words_first(d, text, len, v)) {
		add_near(d, id, idlen, v, text, len);
		return 1;
	}
	sign_full(d, text, len);
	if (d->norm != d->norm0 && d->dt.ntok > 0 && get(d, d->norm, &h, 1) &&
	    same_words(d, h, text, len, id, idlen, v))
		return 1;
	if (best_match(d, v)) {
		add_near(d, id, idlen, v, text, len);
		return 1;
	}
	add_kept(d, id, idlen);
	set_buf(&d->story, id, idlen);
	v->story = d->story.p;
	v->storylen = d->story.len;
	return 0;
}

/*
 * The first max (or n) of an order src[0..n) into dst, as far as gather
 * follows it; how many.  A text with no shingles or spots has no array.
 */
static size_t
copy_order(uint64_t *dst, const uint64_t *src, size_t n, size_t max)
{
	if (n > max)
		n = max;
	if (n > 0)
		memcpy(dst, src, n * sizeof(*dst));
	return n;
}

/*
 * The first half of nt_dedupe_sig: the words of the whole text, whose
 * exact hash is raw.
 */
static void
sig_words(struct nt_dedupe *d, const char *text, size_t len, uint64_t raw,
    struct nt_dsig *g)
{
	memset(g, 0, sizeof(*g));
	d->loaded = NULL;
	g->raw = raw;
	sign_words(d, text, len);
	g->norm0 = d->norm0;
	memcpy(g->nums0, d->dt.nums, sizeof(d->dt.nums));
	memcpy(g->nums0 + 2, d->dt.names, sizeof(d->dt.names));
	memcpy(g->nums0 + 4, d->dt.vars, sizeof(d->dt.vars));
	g->words0 = d->dt.ntok > 0;
	g->boiler0 = d->dt.nboiler > 0;
	g->n0 = d->mh.n;
	g->nsk0 = d->mh.nsketch;
	memcpy(g->sk0, d->mh.sketch, d->mh.nsketch * sizeof(*g->sk0));
	g->nkeys0 = d->mh.nkeys;
	memcpy(g->keys0, d->mh.keys, d->mh.nkeys * sizeof(*g->keys0));
	g->norder0 = copy_order(g->order0, d->mh.sh, d->mh.nsh, NT_DD_DEEP);
}

/* The second half: furniture, spots, the words without furniture. */
static void
sig_full(struct nt_dedupe *d, const char *text, size_t len,
    struct nt_dsig *g)
{
	sign_full(d, text, len);
	if (!(g->furn = furnished(&d->fr)))
		g->n0 = g->nsk0 = 0;
	g->norm = d->norm;
	g->words = d->dt.ntok > 0;
	kept_doc(d, &g->s);
	memcpy(g->sk, d->mh.sketch, d->mh.nsketch * sizeof(*g->sk));
	memcpy(g->spsk, d->sp.sketch, d->sp.nsketch * sizeof(*g->spsk));
	memcpy(g->wsk, d->sp.wsketch, d->sp.nwsketch * sizeof(*g->wsk));
	g->s.sketch = g->sk;
	g->s.spsk = g->spsk;
	g->s.wsk = g->wsk;
}

void
nt_dedupe_sig(struct nt_dedupe *d, const char *text, size_t len,
    struct nt_dsig *g)
{
	uint64_t raw = XXH3_64bits_withSeed(text, len, SEED_RAW);

	text = plain_text(d, text, &len);
	sig_words(d, text, len, raw, g);
	sig_full(d, text, len, g);
}

void
nt_dedupe_keys(const struct nt_dedupe *d, int spots, struct nt_dkeys *k)
{
	const struct nt_dprep *p = d->prep;

	/*
	 * A text signed on another thread: its keys as its own signing
	 * would leave them (the whole words' before sign_full, and after
	 * it when it has no furniture), unless the rest of it was made
	 * here.
	 */
	if (p != NULL && !spots && (!d->full || (!p->full &&
	    !furnished(&d->fr)))) {
		k->keys = p->g.keys0;
		k->nkeys = p->g.nkeys0;
		k->order = p->g.order0;
		k->norder = p->g.norder0;
		return;
	}
	if (p != NULL && p->full) {
		k->keys = spots ? p->spkeys : p->keys;
		k->nkeys = spots ? p->nspkeys : p->nkeys;
		k->order = spots ? p->sporder : p->order;
		k->norder = spots ? p->nsporder : p->norder;
		return;
	}
	if (spots) {
		k->keys = d->sp.keys;
		k->nkeys = d->sp.nkeys;
		k->order = d->sp.sp;
		k->norder = d->sp.nsp;
	} else {
		k->keys = d->mh.keys;
		k->nkeys = d->mh.nkeys;
		k->order = d->mh.sh;
		k->norder = d->mh.nsh;
	}
}

void
nt_dedupe_load(struct nt_dedupe *d, const struct nt_dsig *g)
{
	const struct nt_sdoc *s = &g->s;

	d->loaded = g;
	d->mh.n = s->n;
	d->mh.nsketch = s->nsketch;
	memcpy(d->mh.sketch, s->sketch, s->nsketch * sizeof(*s->sketch));
	d->sp.n = s->spn;
	d->sp.nsketch = s->nspsk;
	memcpy(d->sp.sketch, s->spsk, s->nspsk * sizeof(*s->spsk));
	d->sp.wn = s->wn;
	d->sp.nwsketch = s->nwsk;
	memcpy(d->sp.wsketch, s->wsk, s->nwsk * sizeof(*s->wsk));
	memcpy(d->sp.marks, s->marks, sizeof(d->sp.marks));
	d->fr.hash = s->fhash;
	load_whole(d);
}

int
nt_dedupe_pair(struct nt_dedupe *d, const struct nt_sdoc *s, int what,
    struct nt_dverdict *v)
{
	struct nt_mh_sim w;
	double cont = 0;

	memset(v, 0, sizeof(*v));
	load_whole(d);
	w.jaccard = -1;
	if ((what & NT_DP_WORDS) &&
	    (v->sim = by_words(d, s, &w, &cont)) >= 0) {
		if (near_template(d, s, &w, NULL, 0))
			return v->dup = 0;
		v->how = 3;
		v->cont = cont;
		v->kind = words_kind(d, s, &w, NULL, 0);
		v->adds = adds(d, s, w.cont_a, NULL, 0);
		return v->dup = 1;
	}
	v->sim = 0;
	if (!(what & (NT_DP_FULL | NT_DP_SPOTS)))
		return 0;
	sign_full(d, NULL, 0);
	if (!try_candidate(d, s, (what & NT_DP_SPOTS) != 0, v))
		return v->dup = 0;
	v->adds = adds(d, s, -1, NULL, 0);
	return v->dup = 1;
}

int
nt_dedupe_same(struct nt_dedupe *d, const struct nt_sdoc *s, int body)
{
	load_whole(d);
	if (body)
		sign_full(d, NULL, 0);
	return same_kind(d, s, NULL, 0);
}

/* Output first, state second: the order at-least-once rests on. */
static void
sync_batch(struct nt_ctx *ctx, struct nt_dedupe *d)
{
	struct stat sb;

	/* Under npipe, one commit at the end, on its word (settle). */
	if (d->st == NULL || d->gate >= 0)
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
	/*
	 * What is in memory is all in the state now: past NT_DD_MEMDOCS
	 * records, ask the state instead, so memory stays bounded.
	 */
	if (d->mem && d->ndocs >= NT_DD_MEMDOCS) {
		d->mem = 0;
		mem_free(d);
	}
}

static void
set_ratio(struct nt_buf *num, struct nt_rec *r, const char *name, double x)
{
	nt_buf_reset(num);
	nt_buf_printf(num, "%.3f", x);
	nt_rec_set_raw(r, name, num->p, num->len);
}

void
nt_dedupe_annotate(struct nt_rec *r, const struct nt_dverdict *v,
    struct nt_buf *num)
{
	const char *kind;

	nt_rec_set_bool(r, "dup", v->dup);
	if (v->dup) {
		nt_rec_set_raw(r, "dup_of", v->of, v->oflen);
		kind = nt_kind_name(v->kind);
		nt_rec_set_str(r, "dup_kind", kind, strlen(kind));
		set_ratio(num, r, "similarity", v->sim);
		set_ratio(num, r, "containment", v->cont);
	} else {
		nt_rec_del(r, "dup_of");
		nt_rec_del(r, "dup_kind");
		nt_rec_del(r, "similarity");
		nt_rec_del(r, "containment");
	}
	nt_rec_set_raw(r, "story", v->story, v->storylen);
}

/*
 * Of each window of IDLE_WINDOW records, how many were answered by
 * their exact bytes: past nine in ten, the signers stand idle (what
 * they would sign is thrown away), below, they sign again.
 */
#define IDLE_WINDOW	1024

static void
count_exact(struct nt_dedupe *d, int exact)
{
	if (d->idle == NULL)
		return;
	d->nexact += exact != 0;
	if (++d->nwin < IDLE_WINDOW)
		return;
	atomic_store_explicit(d->idle, d->nexact * 10 > d->nwin * 9,
	    memory_order_relaxed);
	d->nwin = d->nexact = 0;
}

/*
 * Decide the record of job j, whose text (NULL: signed in full on
 * another thread) and id are given, and write it if it is to be: as it
 * came (pass) when it need not be parsed.
 */
static void
decide(struct nt_dedupe *d, struct nt_parjob *j, const char *text,
    size_t len, const char *id, size_t idlen, int pass)
{
	const struct nt_dprep *p = j->prep;
	struct nt_dverdict v;

	if (id == NULL) {
		/* No id: the record's number in this run stands for it. */
		nt_buf_reset(&d->num);
		nt_buf_addu(&d->num, j->nrec);
		id = d->num.p;
		idlen = d->num.len;
	}
	d->prep = p != NULL && p->sig ? p : NULL;
	d->rawin = p != NULL ? &p->raw : NULL;
	nt_dedupe_check(d, text, len, id, idlen, &v);
	d->prep = NULL;
	d->rawin = NULL;
	d->loaded = NULL;
	count_exact(d, v.how == 1);
	if (d->o.annotate) {
		nt_dedupe_annotate(j->rec, &v, &d->num);
		nt_parjob_write(j, j->rec);
	} else if (!v.dup && pass)
		nt_parjob_pass(j);
	else if (!v.dup)
		nt_parjob_write(j, j->rec);
	d->pending++;
}

int
nt_dedupe_record(void *arg, struct nt_parjob *j)
{
	struct nt_dedupe *d = arg;
	const struct nt_dprep *p = j->prep;
	const char *id, *text = NULL;
	size_t idlen, len = 0;

	/*
	 * A text signed in full on another thread is decided by its
	 * signature: it is not decoded again (the signer found it valid),
	 * unless kinds are made, which its first line may tell sooner
	 * (near_template: the kind is then told without the furniture).
	 */
	if (d->kinds || p == NULL || !p->sig || !p->full) {
		switch (nt_parrun_text(j, &d->text)) {
		case -1:
			return -1;
		case 0:
			nt_parjob_write(j, j->rec);
			d->pending++;
			return 0;
		}
		text = d->text.p;
		len = d->text.len;
	}
	if (!nt_rec_raw(j->rec, d->o.id_field, &id, &idlen))
		id = NULL;
	decide(d, j, text, len, id, idlen, 0);
	return 0;
}

/*
 * The signers' note of texts met: 2^20 slots (4 MB), a slot chosen by a
 * text's exact hash and holding its top 32 bits, of the last text that
 * fell in it.  A text whose hash is there was met before, by this
 * signer or another, and will be answered by its exact bytes (step 1),
 * wherever in the input the other copy stands, or signed on the main
 * thread if it comes first: most repeated texts (half of a scraped
 * archive, often) are not signed at all.  A slot that was overwritten
 * only costs a signature, and the one text in 2^32 taken for another
 * only a signature made on the main thread.  (With 2^18 slots, another
 * text had taken the slot before the copy came for about one repeated
 * text in six of news-100mb: the signers signed 19% more texts than one
 * thread.)
 */
#define MET_SLOTS	((size_t)1 << 20)

static int
met_in(_Atomic uint32_t *met, size_t slots, uint64_t h)
{
	uint32_t v = (uint32_t)(h >> 32) | 1;

	return met != NULL && atomic_exchange_explicit(&met[h & (slots - 1)],
	    v, memory_order_relaxed) == v;
}

static int
met_before(struct nt_dedupe *d, uint64_t h)
{
	return met_in(d->met, MET_SLOTS, h);
}

/*
 * The note of keys met (kinds not made): 2^19 slots, 2 MB, of the
 * whole words' keys.  A text of which KEYS_MET keys or more were met,
 * by this signer or another, is most likely a copy that its whole
 * words find (of news-100mb's, 85%; the others are signed on the main
 * thread, as a text met before is).  Its furniture and spots are not
 * made: a third of the signers' work, for some 5,600 of its texts.
 */
#define METK_SLOTS	((size_t)1 << 19)
#define KEYS_MET	6

static int
keys_met(struct nt_dedupe *d, const struct nt_dsig *g)
{
	size_t i;
	int n = 0;

	for (i = 0; i < g->nkeys0; i++)
		n += met_in(d->metk, METK_SLOTS, nt_mix64(g->keys0[i]));
	return n >= KEYS_MET;
}

void *
nt_dedupe_signer(void *arg)
{
	struct nt_dedupe *d = arg;
	struct nt_dedupe_opt o = d->o;

	struct nt_dedupe *g;

	if (d->met == NULL)
		d->met = d->metmem = nt_ecalloc(MET_SLOTS, sizeof(*d->met));
	if (d->metk == NULL && !d->kinds)
		d->metk = d->metkmem = nt_ecalloc(METK_SLOTS,
		    sizeof(*d->metk));
	o.state = NULL;
	g = nt_dedupe_new(&o);
	g->met = d->met;
	g->metk = d->metk;
	g->idle = d->idle = &d->idleflag;
	return g;
}

void
nt_dedupe_signer_free(void *state, void *arg)
{
	(void)arg;
	nt_dedupe_free(state);
}

/* Where the record's id is in its line, for nt_dedupe_quick. */
static void
id_at(const struct nt_dedupe *d, const struct nt_parjob *j,
    struct nt_dprep *p)
{
	const char *id;
	size_t idlen;

	p->idoff = 0;
	p->idlen = 0;
	if (!nt_rec_raw(j->rec, d->o.id_field, &id, &idlen))
		return;
	if (idlen > 0 && id >= j->line && idlen <= j->len &&
	    (size_t)(id - j->line) <= j->len - idlen) {
		p->idoff = (size_t)(id - j->line);
		p->idlen = idlen;
	} else
		p->idoff = SIZE_MAX;
}

int
nt_dedupe_prepare(void *state, struct nt_parjob *j, void *slot)
{
	struct nt_dedupe *d = state;
	struct nt_dprep *p = slot;
	const char *text;
	uint64_t raw;

	if (nt_parrun_text(j, &d->text) != 1)
		return 0;
	id_at(d, j, p);
	text = d->text.p != NULL ? d->text.p : "";
	p->raw = raw = XXH3_64bits_withSeed(text, d->text.len, SEED_RAW);
	d->text.len = nt_norm_refs(d->text.p, d->text.len);
	p->sig = 0;
	if ((d->idle != NULL && atomic_load_explicit(d->idle,
	    memory_order_relaxed)) || met_before(d, raw))
		return 1;
	p->sig = 1;
	sig_words(d, text, d->text.len, raw, &p->g);
	/* The same words as a text met before: most likely found by them. */
	if ((p->full = !met_before(d, d->norm0)) == 0)
		return 1;
	/* So is one most of whose keys were met, when kinds are not made. */
	if (d->metk != NULL && keys_met(d, &p->g)) {
		p->full = 0;
		return 1;
	}
	sig_full(d, text, d->text.len, &p->g);
	p->nkeys = d->mh.nkeys;
	memcpy(p->keys, d->mh.keys, p->nkeys * sizeof(*p->keys));
	p->norder = (uint32_t)copy_order(p->order, d->mh.sh, d->mh.nsh,
	    NT_DD_DEEP);
	p->nspkeys = d->sp.nkeys;
	memcpy(p->spkeys, d->sp.keys, p->nspkeys * sizeof(*p->spkeys));
	p->nsporder = (uint32_t)copy_order(p->sporder, d->sp.sp, d->sp.nsp,
	    NT_DD_SPOT_DEEP);
	return 1;
}

int
nt_dedupe_quick(void *arg, struct nt_parjob *j)
{
	struct nt_dedupe *d = arg;
	const struct nt_dprep *p = j->prep;
	struct nt_sdoc s;
	int64_t h;

	if (d->o.annotate)
		return 0;
	/* nt_dedupe_check's first step, then its answer by exact bytes */
	begin(d);
	if (get(d, p->raw, &h, 1) && getdoc(d, h, 0, &s)) {
		count_exact(d, 1);
		d->pending++;
		return 1;
	}
	d->absent = p->raw;
	d->absent_set = 1;
	/* nt_dedupe_record, without the parse it has no need of */
	if (d->kinds || !p->sig || !p->full || p->idoff == SIZE_MAX)
		return 0;
	decide(d, j, NULL, 0, p->idlen > 0 ? j->line + p->idoff : NULL,
	    p->idlen, 1);
	return 1;
}

void
nt_dedupe_written(void *arg, struct nt_ctx *ctx)
{
	struct nt_dedupe *d = arg;

	if (d->st != NULL && (d->pending >= d->o.batch || ctx->unbuffered ||
	    nt_in_idle(&ctx->in)))
		sync_batch(ctx, d);
}

void
nt_dedupe_end(struct nt_ctx *ctx, struct nt_dedupe *d)
{
	if (d->st != NULL)
		sync_batch(ctx, d);
}

int
nt_dedupe_settle(struct nt_dedupe *d, int status)
{
	if (d == NULL || d->gate < 0)
		return status;
	if (status == NT_EXIT_FATAL || !nt_gate_wait(d->gate, status))
		errx(NT_EXIT_FATAL, "%s: the pipeline did not commit its "
		    "output; nothing of this run is remembered", d->o.state);
	nt_store_commit(d->st);
	return status;
}

void
nt_dedupe_free(struct nt_dedupe *d)
{
	if (d == NULL)
		return;
	free(d->metmem);
	free(d->metkmem);
	nt_store_close(d->st);
	nt_spotw_free(d->words);
	nt_furn_free(d->furn);
	nt_toks_free(&d->tk);
	nt_spot_free(&d->sp);
	nt_fres_free(&d->fr);
	nt_buf_free(&d->body);
	nt_dtext_free(&d->dt);
	nt_mh_free(&d->mh);
	mem_free(d);
	nt_buf_free(&d->text);
	nt_buf_free(&d->plain);
	nt_buf_free(&d->of);
	nt_buf_free(&d->story);
	nt_buf_free(&d->num);
	free(d);
}
