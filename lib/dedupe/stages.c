#include <sys/mman.h>

#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xxhash.h>

#include "core/buf.h"
#include "core/cli.h"
#include "core/io.h"
#include "core/util.h"
#include "dedupe/dedupe.h"
#include "dedupe/dedupe_text.h"
#include "dedupe/kind.h"
#include "dedupe/minhash.h"
#include "dedupe/spot.h"
#include "dedupe/stages.h"
#include "dedupe/store.h"

/*
 * A record of the state (--state) in a pair line: its doc row with the
 * top bit set, which no SEQ has (shards keep 23 bits, records 40).
 */
#define OLD		((uint64_t)1 << 63)
/* Earlier records a pair line lists, at most: the window, the state's. */
#define NT_DS_LIST	(NT_DS_EARLY + NT_DD_PERKEY)
/* The keys a d line lists for the state: words, spots. */
#define NWKEYS		(NT_MH_MAXKEYS + NT_DS_DEEP)
#define NSKEYS		(NT_SP_MAXKEYS + NT_DS_DEEP)

/*
 * A sketch travels as the deltas of its ascending values, each in
 * groups of 5 bits, low first, one character of B64 per group: the
 * character's index is the group, plus 32 when more groups follow.
 * Deltas of a bottom-k sketch are small, so a value takes four or five
 * characters instead of eight hex digits, and no tab or comma.
 */
static const char B64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* An earlier record of the bucket being read (--pairs). */
struct member {
	uint64_t	 seq;
	unsigned	 rank;		/* of the key; the bits of an n line */
	struct nt_dsig	 sig;
};

/*
 * A record as --clusters replays it (or, of the state, as it was
 * decided then).
 */
struct crec {
	uint64_t	 seq;
	size_t		 idoff, ofoff, stoff;	/* in ids: its id, the kept */
	uint32_t	 idlen, oflen, stlen;	/* one's, its story's */
	uint64_t	 holds;		/* the ranks of the keys it holds:
					   words from bit 0, spots from 32 */
	unsigned	 nprimary[2];	/* its own keys; ranks past are deep */
	unsigned	 nprimary0;	/* those of its whole words */
	int		 furn;		/* it has furniture */
	int		 words0, words;	/* it has words (without furniture) */
	int		 text;		/* it has a text: it was looked up */
	int		 dup;
	int		 sgn;		/* a copy that added to the record it
					   was found like: it holds keys and
					   is a candidate (dedupe.c add_near) */
	int		 exact;		/* a copy of its bytes: not remembered */
	double		 sim, cont;
	int		 kind;
};

/*
 * A record whose signature --pairs keeps from its d line, read, in a
 * temporary file: the n-th of them, at n times the size of struct
 * nt_dsig.
 */
struct sigat {
	uint64_t	 seq;
};

/* A line of --clusters' input, by the record it is about. */
struct cline {
	uint64_t	 seq;
	int		 type;		/* 0 d, 1 r, 2 n, 3 m, 4 s */
	unsigned	 rank;
	size_t		 off, len;	/* the fields after the type */
};

struct nt_dstage {
	enum nt_dstage_mode mode;
	struct nt_dedupe_opt o;
	uint64_t	 shard;
	struct nt_dedupe *dd;
	struct nt_dsig	 sig;
	struct nt_buf	 text, num, id;

	/* --pairs: the bucket being read, with --state its records there */
	char		 key[18];
	size_t		 nmember;
	size_t		 nearly;	/* in early */
	uint64_t	 last;
	struct member	*early;		/* NT_DS_EARLY of them */
	struct member	 cur;
	int		 compact;	/* --emit-keys: signatures in d lines */
	FILE		*sigf;		/* --pairs: the d lines' signatures */
	struct sigat	*sigat;		/* by seq */
	size_t		 nsigat, sigcap;
	int		 sigread;	/* past the d lines */
	const struct nt_dsig *sigmap;	/* then sigf, mapped */
	struct nt_store	*st;
	struct member	 old[NT_DD_PERKEY];
	size_t		 nold;

	/* --apply: the verdicts, read along */
	struct nt_in	 vin;
	char		*vpath;
	uint64_t	 vseq;
	int		 vend;
	struct nt_buf	 vline;
};

static const char *where_name;
static uint64_t where_line;

/* A malformed stage line: fatal, at its file and line. */
static void __attribute__((noreturn))
bad(const char *what)
{
	errx(NT_EXIT_FATAL, "%s:%llu: %s", where_name,
	    (unsigned long long)where_line, what);
}

static void
add_hex(struct nt_buf *b, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	char d[16];
	int i;

	for (i = 15; i >= 0; i--, v >>= 4)
		d[i] = hex[v & 15];
	nt_buf_add(b, d, sizeof(d));
}

/* The value of a lower-case hex digit, -1 for anything else. */
static int
hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* 16 hex digits at *p, which moves past them; -1 if there are none. */
static int
get_hex(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	int i, c;

	if (end - s < 16)
		return -1;
	for (i = 0; i < 16; i++) {
		if ((c = hexdigit(s[i])) < 0)
			return -1;
		x = x << 4 | (uint64_t)c;
	}
	*p = s + 16;
	*v = x;
	return 0;
}

/* A decimal number at *p up to a non-digit; -1 if there is none. */
static int
get_num(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;

	if (s == end || *s < '0' || *s > '9')
		return -1;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (x > (UINT64_MAX - 9) / 10)
			return -1;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	*p = s;
	*v = x;
	return 0;
}

static int
get_char(const char **p, const char *end, int c)
{
	if (*p == end || **p != c)
		return -1;
	(*p)++;
	return 0;
}

/* A similarity as %.17g wrote it, up to a comma or the end. */
static int
get_sim(const char **p, const char *end, double *v)
{
	char tmp[40], *e;
	size_t n;

	for (n = 0; *p + n < end && (*p)[n] != ',' && (*p)[n] != '\t' &&
	    (*p)[n] != ':'; n++)
		;
	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, *p, n);
	tmp[n] = '\0';
	errno = 0;
	*v = strtod(tmp, &e);
	if (errno != 0 || *e != '\0')
		return -1;
	*p += n;
	return 0;
}

/* A sketch's ascending values as B64 deltas, then a comma. */
static void
add_sketch(struct nt_buf *b, const uint32_t *v, uint32_t n)
{
	uint32_t prev = 0, d;
	size_t i;

	for (i = 0; i < n; i++) {
		d = v[i] - prev;
		prev = v[i];
		while (d >= 32) {
			nt_buf_addc(b, B64[32 | (d & 31)]);
			d >>= 5;
		}
		nt_buf_addc(b, B64[d]);
	}
	nt_buf_addc(b, ',');
}

static void
add_marks(struct nt_buf *b, const uint64_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		nt_buf_printf(b, "%llx,", (unsigned long long)v[i]);
}

/*
 * The signature (nt_dsig): its counts and flags, its furniture, numbers
 * and marks in hex, its three sketches; every field ends in a comma.
 */
static void
add_sig(struct nt_buf *b, const struct nt_dsig *g)
{
	const struct nt_sdoc *s = &g->s;

	nt_buf_printf(b, "%u,%u,%u,%d,", s->n, s->spn, s->wn,
	    g->words0 | g->words << 1 | g->boiler0 << 2 | g->furn << 3);
	add_marks(b, &s->fhash, 1);
	add_marks(b, s->nums, NT_SD_NUMS);
	add_marks(b, g->nums0, NT_SD_NUMS);
	add_marks(b, s->marks, NT_SP_MARKS);
	add_sketch(b, s->sketch, s->nsketch);
	add_sketch(b, s->spsk, s->nspsk);
	add_sketch(b, s->wsk, s->nwsk);
	if (g->furn) {
		nt_buf_printf(b, "%u,", g->n0);
		add_sketch(b, g->sk0, g->nsk0);
	}
}

static int
get_mark(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	int c, n = 0;

	for (; s < end && *s != ','; s++, n++) {
		if ((c = hexdigit(*s)) < 0)
			return -1;
		if (n >= 16)
			return -1;
		x = x << 4 | (uint64_t)c;
	}
	if (n == 0 || s == end)
		return -1;
	*p = s + 1;
	*v = x;
	return 0;
}

static int
get_marks(const char **p, const char *end, uint64_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (get_mark(p, end, &v[i]) < 0)
			return -1;
	return 0;
}

/* The index in B64 of each byte, -1 for none (b64_init fills it). */
static signed char B64I[256];

static void
b64_init(void)
{
	size_t i;

	memset(B64I, -1, sizeof(B64I));
	for (i = 0; i < 64; i++)
		B64I[(unsigned char)B64[i]] = (signed char)i;
}

/* A sketch of at most max values, up to its comma; -1 if malformed. */
static int
get_sketch(const char **p, const char *end, uint32_t *out, uint32_t *n,
    uint32_t max)
{
	const char *s = *p;
	uint32_t v = 0, d;
	int shift, c;

	*n = 0;
	while (s < end && *s != ',') {
		if (*n == max)
			return -1;
		d = 0;
		for (shift = 0;; shift += 5) {
			if (s == end || shift > 30 ||
			    (c = B64I[(unsigned char)*s]) < 0)
				return -1;
			s++;
			d |= (uint32_t)(c & 31) << shift;
			if (c < 32)
				break;
		}
		v += d;
		out[(*n)++] = v;
	}
	if (s == end)
		return -1;
	*p = s + 1;
	return 0;
}

/* Point a signature's sketches at its own arrays (after a copy). */
static void
sig_own(struct nt_dsig *g)
{
	g->s.sketch = g->sk;
	g->s.spsk = g->spsk;
	g->s.wsk = g->wsk;
}

static int
get_u32(const char **p, const char *end, uint32_t *v)
{
	uint64_t x;

	if (get_num(p, end, &x) < 0 || x > UINT32_MAX ||
	    get_char(p, end, ',') < 0)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

/* Read a signature into g; -1 if malformed. */
static int
get_sig(const char *p, const char *end, struct nt_dsig *g)
{
	struct nt_sdoc *s = &g->s;
	uint32_t fl;

	memset(g, 0, sizeof(*g));
	if (get_u32(&p, end, &s->n) < 0 || get_u32(&p, end, &s->spn) < 0 ||
	    get_u32(&p, end, &s->wn) < 0 || get_u32(&p, end, &fl) < 0 ||
	    fl > 15 || get_marks(&p, end, &s->fhash, 1) < 0 ||
	    get_marks(&p, end, s->nums, NT_SD_NUMS) < 0 ||
	    get_marks(&p, end, g->nums0, NT_SD_NUMS) < 0 ||
	    get_marks(&p, end, s->marks, NT_SP_MARKS) < 0 ||
	    get_sketch(&p, end, g->sk, &s->nsketch, NT_MH_SKETCH) < 0 ||
	    get_sketch(&p, end, g->spsk, &s->nspsk, NT_SP_SKETCH) < 0 ||
	    get_sketch(&p, end, g->wsk, &s->nwsk, NT_SP_WSKETCH) < 0 ||
	    ((fl & 8) && (get_u32(&p, end, &g->n0) < 0 ||
	    get_sketch(&p, end, g->sk0, &g->nsk0, NT_MH_SKETCH) < 0)) ||
	    p != end)
		return -1;
	g->furn = fl >> 3 & 1;
	g->words0 = fl & 1;
	g->words = fl >> 1 & 1;
	g->boiler0 = fl >> 2 & 1;
	sig_own(g);
	return 0;
}

/* --emit-keys */

/*
 * The record's JSON id, or nothing: --clusters then gives it its number
 * in the whole input, as one process does.
 */
static int
record_id(struct nt_dstage *s, struct nt_parjob *j)
{
	const char *id;
	size_t len;

	nt_buf_reset(&s->id);
	if (!nt_rec_raw(j->rec, s->o.id_field, &id, &len))
		return 0;
	if (memchr(id, '\t', len) != NULL || memchr(id, '\n', len) != NULL)
		return -1;
	nt_buf_add(&s->id, id, len);
	return 0;
}

static void
key_line(struct nt_buf *out, int type, uint64_t key, uint64_t seq)
{
	nt_buf_addc(out, type);
	add_hex(out, key);
	nt_buf_addc(out, '\t');
	add_hex(out, seq);
}

/*
 * A key line with the signature: its rank (bits, for an n line) first.
 * --compact: without the signature, which the record's d line has.
 */
static void
sig_line(struct nt_dstage *s, struct nt_buf *out, int type, uint64_t key,
    uint64_t seq, unsigned rank)
{
	key_line(out, type, key, seq);
	nt_buf_printf(out, "\t%u", rank);
	if (!s->compact) {
		nt_buf_addc(out, '\t');
		add_sig(out, &s->sig);
	}
	nt_buf_addc(out, '\n');
}

/*
 * The keys nt_dedupe_check may look a text up by, in its order, into
 * out (NT_MH_MAXKEYS + NT_DS_DEEP of them at most): its own, then the
 * next values of its order that are not among them, up to deep of
 * them (the replay takes them only as it needs them).
 */
static size_t
key_list(const struct nt_dkeys *k, size_t deep, uint64_t *out)
{
	size_t i, j, n = 0, ndeep = 0;

	for (i = 0; i < k->nkeys; i++)
		out[n++] = k->keys[i];
	for (i = 0; i < k->norder && i < deep && ndeep < NT_DS_DEEP; i++) {
		for (j = 0; j < k->nkeys && k->keys[j] != k->order[i]; j++)
			;
		if (j < k->nkeys)
			continue;
		out[n++] = k->order[i];
		ndeep++;
	}
	return n;
}

/* The spot keys: their rank is their place in the list. */
static void
emit_spots(struct nt_dstage *s, struct nt_buf *out, uint64_t seq)
{
	uint64_t list[NT_SP_MAXKEYS + NT_DS_DEEP];
	struct nt_dkeys k;
	size_t i, n;

	nt_dedupe_keys(s->dd, 1, &k);
	n = key_list(&k, NT_DD_SPOT_DEEP, list);
	for (i = 0; i < n; i++)
		sig_line(s, out, 's', list[i], seq, (unsigned)i);
}

/*
 * The word keys: those of the words without furniture, which a kept
 * text holds and is found by at last, and those of a text with
 * furniture's whole words, which it is looked up by first.  A key's
 * rank is its place in the first list (NT_DS_UNHELD: not in it), and
 * for a text with furniture, from bit 6, 1 + its place in the second
 * (0: not in it).
 */
static void
emit_words(struct nt_dstage *s, struct nt_buf *out, uint64_t seq)
{
	uint64_t l1[NT_MH_MAXKEYS + NT_DS_DEEP], l0[NT_MH_MAXKEYS + NT_DS_DEEP];
	struct nt_dkeys k;
	size_t i, j, n1, n0 = 0;
	unsigned r;

	nt_dedupe_keys(s->dd, 0, &k);
	n1 = key_list(&k, NT_DD_DEEP, l1);
	if (s->sig.furn) {
		k.keys = s->sig.keys0;
		k.nkeys = s->sig.nkeys0;
		k.order = s->sig.order0;
		k.norder = s->sig.norder0;
		n0 = key_list(&k, NT_DD_DEEP, l0);
	}
	for (i = 0; i < n1; i++) {
		r = (unsigned)i;
		for (j = 0; j < n0 && l0[j] != l1[i]; j++)
			;
		if (s->sig.furn && j < n0)
			r |= (unsigned)(j + 1) << 6;
		sig_line(s, out, 'm', l1[i], seq, r);
	}
	for (j = 0; j < n0; j++) {
		for (i = 0; i < n1 && l1[i] != l0[j]; i++)
			;
		if (i == n1)
			sig_line(s, out, 'm', l0[j], seq,
			    NT_DS_UNHELD | (unsigned)(j + 1) << 6);
	}
}

/*
 * The normalised words, whole and without furniture: bit 1 looked up
 * first, bit 2 looked up after the words, bit 4 held when kept.
 */
static void
emit_norm(struct nt_dstage *s, struct nt_buf *out, uint64_t seq)
{
	const struct nt_dsig *g = &s->sig;
	unsigned held = g->words ? 4 : 0;

	if (g->norm == g->norm0) {
		if (g->words0 || held)
			sig_line(s, out, 'n', g->norm0, seq,
			    (g->words0 ? 1U : 0) | held);
		return;
	}
	if (g->words0 || held)
		sig_line(s, out, 'n', g->norm0, seq,
		    (g->words0 ? 1U : 0) | held);
	if (held)
		sig_line(s, out, 'n', g->norm, seq, 2 | held);
}

/*
 * With --state, what the state keeps of a kept record, after its d
 * line's counts: its exact, normalised and whole-word hashes, its word
 * and spot keys in their order (a rank is a place in them), its
 * signature.
 */
static void
emit_state(struct nt_dstage *s, struct nt_buf *out)
{
	uint64_t l[NWKEYS > NSKEYS ? NWKEYS : NSKEYS], h[3];
	struct nt_dkeys k;
	size_t n;

	h[0] = s->sig.raw;
	h[1] = s->sig.norm;
	h[2] = s->sig.norm0;
	nt_buf_addc(out, '\t');
	add_marks(out, h, 3);
	nt_buf_addc(out, '\t');
	nt_dedupe_keys(s->dd, 0, &k);
	n = key_list(&k, NT_DD_DEEP, l);
	add_marks(out, l, n);
	nt_buf_addc(out, '\t');
	nt_dedupe_keys(s->dd, 1, &k);
	n = key_list(&k, NT_DD_SPOT_DEEP, l);
	add_marks(out, l, n);
	nt_buf_addc(out, '\t');
	add_sig(out, &s->sig);
}

/* The d line: a record, its id, whether it has a text and its counts. */
static void
emit_d(struct nt_dstage *s, struct nt_buf *out, uint64_t seq, int text)
{
	struct nt_dkeys w, p;

	nt_buf_addc(out, 'd');
	add_hex(out, seq);
	nt_buf_addc(out, '\t');
	add_hex(out, seq);
	nt_buf_addc(out, '\t');
	nt_buf_add(out, s->id.p, s->id.len);
	if (!text) {
		nt_buf_add(out, "\t-\n", 3);
		return;
	}
	nt_dedupe_keys(s->dd, 0, &w);
	nt_dedupe_keys(s->dd, 1, &p);
	nt_buf_printf(out, "\t%d,%d,%zu,%zu,%d,%zu", s->sig.words0,
	    s->sig.words, w.nkeys, p.nkeys, s->sig.furn,
	    s->sig.furn ? s->sig.nkeys0 : w.nkeys);
	if (s->o.state != NULL || s->compact)
		emit_state(s, out);
	nt_buf_addc(out, '\n');
}

static int
emit_keys(struct nt_dstage *s, struct nt_parjob *j, int text)
{
	uint64_t seq = s->shard << 40 | j->nrec;

	if (record_id(s, j) < 0)
		return nt_parrun_reject(j, 0, "%s: holds a tab or a newline",
		    s->o.id_field);
	if (!text) {
		emit_d(s, j->out, seq, 0);
		return 0;
	}
	nt_dedupe_sig(s->dd, s->text.p, s->text.len, &s->sig);
	emit_d(s, j->out, seq, 1);
	key_line(j->out, 'r', s->sig.raw, seq);
	nt_buf_addc(j->out, '\n');
	emit_norm(s, j->out, seq);
	emit_words(s, j->out, seq);
	emit_spots(s, j->out, seq);
	return 0;
}

/* --apply */

/* Read verdict lines up to the one of seq; 1 found, 0 none. */
static int
verdict_find(struct nt_dstage *s, uint64_t seq)
{
	const char *line, *p;
	size_t len;

	while (!s->vend && s->vseq < seq) {
		if (!nt_in_next(&s->vin, &line, &len)) {
			s->vend = 1;
			break;
		}
		where_name = s->vpath;
		where_line = s->vin.lineno;
		if (len > 0 && line[0] == '#')
			continue;
		p = line;
		if (get_hex(&p, line + len, &s->vseq) < 0 ||
		    get_char(&p, line + len, '\t') < 0)
			bad("not a verdict line");
		nt_buf_reset(&s->vline);
		nt_buf_add(&s->vline, p, (size_t)(line + len - p));
		nt_buf_addc(&s->vline, '\0');
	}
	return !s->vend && s->vseq == seq;
}

/* A tab-ended field at *p, which moves past the tab. */
static int
get_field(const char **p, const char *end, const char **f, size_t *n)
{
	const char *tab = memchr(*p, '\t', (size_t)(end - *p));

	if (tab == NULL || tab == *p)
		return -1;
	*f = *p;
	*n = (size_t)(tab - *p);
	*p = tab + 1;
	return 0;
}

/*
 * The verdict just found: "0<TAB>STORY", or for a copy
 * "1<TAB>DUP_OF<TAB>STORY<TAB>SIM<TAB>CONT<TAB>KIND"; with --state,
 * what the state is to keep follows (a tab, then fields).
 */
static void
verdict_parse(struct nt_dstage *s, struct nt_dverdict *v)
{
	const char *p = s->vline.p, *end = p + s->vline.len - 1, *tab;
	uint64_t kind;

	memset(v, 0, sizeof(*v));
	if (end - p > 2 && p[0] == '0' && p[1] == '\t') {
		v->story = p + 2;
		tab = memchr(v->story, '\t', (size_t)(end - v->story));
		v->storylen = (size_t)((tab ? tab : end) - v->story);
		if (v->storylen == 0)
			bad("not a verdict line");
		return;
	}
	v->dup = 1;
	if (get_char(&p, end, '1') < 0 || get_char(&p, end, '\t') < 0 ||
	    get_field(&p, end, &v->of, &v->oflen) < 0 ||
	    get_field(&p, end, &v->story, &v->storylen) < 0 ||
	    get_sim(&p, end, &v->sim) < 0 || get_char(&p, end, '\t') < 0 ||
	    get_sim(&p, end, &v->cont) < 0 || get_char(&p, end, '\t') < 0 ||
	    get_num(&p, end, &kind) < 0 || (p != end && *p != '\t') ||
	    kind > 64 ||
	    nt_kind_name((int)kind) == NULL)
		bad("not a verdict line");
	v->kind = (int)kind;
}

static int
apply(struct nt_dstage *s, struct nt_parjob *j)
{
	struct nt_dverdict v;
	uint64_t seq = s->shard << 40 | j->nrec;

	if (!verdict_find(s, seq))
		errx(NT_EXIT_FATAL, "%s: no verdict for record %llu of shard "
		    "%llu", s->vpath, (unsigned long long)j->nrec,
		    (unsigned long long)s->shard);
	verdict_parse(s, &v);
	if (s->o.annotate) {
		nt_dedupe_annotate(j->rec, &v, &s->num);
		nt_parjob_write(j, j->rec);
	} else if (!v.dup)
		nt_parjob_write(j, j->rec);
	return 0;
}

int
nt_dstage_record(void *arg, struct nt_parjob *j)
{
	struct nt_dstage *s = arg;

	if (j->nrec >= (uint64_t)1 << 40)
		errx(NT_EXIT_FATAL, "more than 2^40 records in one shard");
	switch (nt_parrun_text(j, &s->text)) {
	case -1:
		return -1;
	case 0:
		if (s->mode == NT_DS_APPLY) {
			nt_parjob_write(j, j->rec);
			return 0;
		}
		return emit_keys(s, j, 0);
	}
	if (s->mode == NT_DS_KEYS)
		return emit_keys(s, j, 1);
	return apply(s, j);
}

/* --pairs */

/* The earlier records of the bucket: the state's, then the window. */
static struct member *
earlier(struct nt_dstage *s, size_t i)
{
	return i < s->nold ? &s->old[i] : &s->early[i - s->nold];
}

/* Copy doc d of the state into m, which owns its sketches. */
static void
old_sig(struct member *m, const struct nt_sdoc *d)
{
	if (d->nsketch > NT_MH_SKETCH || d->nspsk > NT_SP_SKETCH ||
	    d->nwsk > NT_SP_WSKETCH)
		errx(NT_EXIT_FATAL, "a record of the state has a sketch "
		    "too long");
	memset(&m->sig, 0, sizeof(m->sig));
	m->sig.s = *d;
	m->sig.s.id = m->sig.s.of = m->sig.s.story = NULL;
	if (d->nsketch > 0)
		memcpy(m->sig.sk, d->sketch, d->nsketch * sizeof(*d->sketch));
	if (d->nspsk > 0)
		memcpy(m->sig.spsk, d->spsk, d->nspsk * sizeof(*d->spsk));
	if (d->nwsk > 0)
		memcpy(m->sig.wsk, d->wsk, d->nwsk * sizeof(*d->wsk));
	sig_own(&m->sig);
}

/*
 * A new bucket, with --state: the records of the state that hold its
 * key, oldest first, as one process would find them before any of
 * this run (the first, for an exact or normalised key; up to
 * NT_DD_PERKEY for a word or spot key, more being a common phrase).
 * They hold the key: an n key's rank bits say so (4), an m or s key's
 * rank is 0.
 */
static void
pairs_old(struct nt_dstage *s, const char *line)
{
	int64_t h[NT_DD_PERKEY];
	struct nt_sdoc d;
	struct member *m;
	const char *p = line + 1;
	uint64_t key;
	size_t i, n;
	int t = line[0];

	s->nold = 0;
	if (s->st == NULL || t == 'd')
		return;
	if (get_hex(&p, line + 17, &key) < 0)
		bad("not a key line");
	n = nt_store_get(s->st, key, h, t == 'm' || t == 's' ?
	    NT_DD_PERKEY : 1);
	for (i = n; i-- > 0;) {
		m = &s->old[s->nold];
		if (t != 'r') {
			if (!nt_store_doc(s->st, h[i], 1, &d))
				continue;
			old_sig(m, &d);
		}
		m->seq = OLD | (uint64_t)h[i];
		m->rank = t == 'n' ? 4 : 0;
		s->nold++;
	}
}

/* Keep the current record in the bucket's window. */
static void
window_add(struct nt_dstage *s)
{
	s->early[s->nearly] = s->cur;
	sig_own(&s->early[s->nearly].sig);
	s->nearly++;
}

/*
 * An n line: for each earlier record that holds the key when kept, the
 * kind of the current one as its copy, found first (bit 1) or after
 * the words (bit 2).
 */
static void
pairs_n(struct nt_dstage *s, struct nt_buf *out)
{
	struct member *m = &s->cur, *e;
	size_t i;
	int any = 0;

	if ((m->rank & 3) != 0) {
		nt_dedupe_load(s->dd, &m->sig);
		for (i = 0; i < s->nold + s->nearly; i++) {
			e = earlier(s, i);
			if (!(e->rank & 4))
				continue;
			if (!any) {
				add_hex(out, m->seq);
				nt_buf_printf(out, "\tn\t%u\t", m->rank);
			} else
				nt_buf_addc(out, ',');
			any = 1;
			add_hex(out, e->seq);
			nt_buf_printf(out, ":%d:%d", m->rank & 1 ?
			    nt_dedupe_same(s->dd, &e->sig.s, 0) : 0,
			    m->rank & 2 ? nt_dedupe_same(s->dd, &e->sig.s, 1) : 0);
		}
		if (any)
			nt_buf_addc(out, '\n');
	}
	if (s->nearly < NT_DS_EARLY)
		window_add(s);
}

/*
 * One verdict of a pair: 0, or how:sim:cont:kind, then ":1" when the
 * copy adds to the record; is it a copy?
 */
static int
add_pair(struct nt_dstage *s, struct nt_buf *out, const struct nt_sdoc *e,
    int what)
{
	struct nt_dverdict v;

	if (what == 0 || !nt_dedupe_pair(s->dd, e, what, &v)) {
		nt_buf_addc(out, '0');
		return 0;
	}
	nt_buf_printf(out, "%d:%.17g:%.17g:%d", v.how, v.sim, v.cont, v.kind);
	if (v.adds)
		nt_buf_add(out, ":1", 2);
	return 1;
}

/*
 * A word (m) or spot (s) line: its pairs with the earlier records, each
 * "SEQ:RANK:VERDICT", the verdict as the key is followed at last (a word
 * key of the text without furniture: by words, then in full; a spot
 * key's: by spots); for a text with furniture, ";VERDICT" as its whole
 * words are first looked up (by words).
 */
static void
pairs_ms(struct nt_dstage *s, struct nt_buf *out, int type)
{
	struct member *m = &s->cur, *e;
	size_t i;
	int copy = 0, last, first = 0;

	if (type == 's')
		last = NT_DP_SPOTS;
	else if (!m->sig.furn)
		last = NT_DP_WORDS | NT_DP_FULL;
	else {
		last = (m->rank & 63) != NT_DS_UNHELD ? NT_DP_FULL : 0;
		first = (m->rank >> 6) != 0 ? NT_DP_WORDS : 0;
	}
	nt_dedupe_load(s->dd, &m->sig);
	add_hex(out, m->seq);
	nt_buf_printf(out, "\t%c\t%u\t", type, m->rank);
	for (i = 0; i < s->nold + s->nearly; i++) {
		e = earlier(s, i);
		if (i > 0)
			nt_buf_addc(out, ',');
		add_hex(out, e->seq);
		nt_buf_printf(out, ":%u:", e->rank);
		copy |= add_pair(s, out, &e->sig.s, last);
		if (type == 'm' && m->sig.furn) {
			nt_buf_addc(out, ';');
			copy |= add_pair(s, out, &e->sig.s, first);
		}
	}
	nt_buf_addc(out, '\n');
	/*
	 * Only a kept record (or a copy that added) holds a key, and a copy
	 * of an earlier one seldom does: past the first NT_DS_FIRST, the
	 * window takes only records that are no copy of one in it, so that
	 * a bucket of many copies of one story still shows the other
	 * stories sharing it.
	 */
	if (s->nearly < NT_DS_FIRST || (!copy && s->nearly < NT_DS_EARLY))
		window_add(s);
}

/* The fields of a line, split at its tabs: how many (max + 1: more). */
static size_t
fields(const char *p, const char *end, const char **f, size_t *n,
    size_t max)
{
	const char *tab;
	size_t k = 0;

	while (k < max) {
		tab = memchr(p, '\t', (size_t)(end - p));
		f[k] = p;
		n[k++] = (size_t)((tab ? tab : end) - p);
		if (tab == NULL)
			return k;
		p = tab + 1;
	}
	return max + 1;
}

/* A temporary file in $TMPDIR (else /tmp), gone once closed. */
static FILE *
sig_file(void)
{
	struct nt_buf path = NT_BUF_INIT;
	const char *dir = getenv("TMPDIR");
	FILE *fp;
	int fd;

	nt_buf_printf(&path, "%s/ndedupe-sigs.XXXXXX",
	    dir != NULL && *dir != '\0' ? dir : "/tmp");
	if ((fd = mkstemp(path.p)) < 0)
		err(NT_EXIT_FATAL, "%s", path.p);
	(void)unlink(path.p);
	if ((fp = fdopen(fd, "w+")) == NULL)
		err(NT_EXIT_FATAL, "%s", path.p);
	nt_buf_free(&path);
	return fp;
}

/*
 * A d line, on to --clusters.  With a signature (--compact, --state),
 * --pairs keeps it for the key lines without one, which a byte sort puts
 * after every d line; --clusters gets it only with --state.
 */
static void
pairs_d(struct nt_dstage *s, struct nt_buf *out, const char *p,
    const char *end)
{
	const char *f[8];
	size_t n[8], nf;

	if (s->sigread)
		bad("key lines out of order: sort them first (LC_ALL=C sort)");
	add_hex(out, s->cur.seq);
	nt_buf_add(out, "\td", 2);
	nf = fields(p, end, f, n, 7);
	if (nf != 7) {
		nt_buf_add(out, p, (size_t)(end - p));
		nt_buf_addc(out, '\n');
		return;
	}
	nt_buf_add(out, p, (size_t)((s->o.state ? end : f[3] - 1) - p));
	nt_buf_addc(out, '\n');
	if (get_sig(f[6], f[6] + n[6], &s->cur.sig) < 0)
		bad("not a key line");
	if (s->sigf == NULL)
		s->sigf = sig_file();
	if (fwrite(&s->cur.sig, sizeof(s->cur.sig), 1, s->sigf) != 1)
		err(NT_EXIT_FATAL, "a temporary file");
	if (s->nsigat == s->sigcap) {
		s->sigcap = s->sigcap ? s->sigcap * 2 : 4096;
		s->sigat = nt_ereallocarray(s->sigat, s->sigcap,
		    sizeof(*s->sigat));
	}
	s->sigat[s->nsigat++].seq = s->cur.seq;
}

/*
 * Past the d lines: their signatures, written, mapped to be read at
 * random (the page cache keeps them, not this process).
 */
static void
sig_map(struct nt_dstage *s)
{
	void *p;

	s->sigread = 1;
	if (s->sigf == NULL)
		return;
	if (fflush(s->sigf) != 0)
		err(NT_EXIT_FATAL, "a temporary file");
	if (s->nsigat > SIZE_MAX / sizeof(*s->sigmap))
		errx(NT_EXIT_FATAL, "too many signatures");
	p = mmap(NULL, s->nsigat * sizeof(*s->sigmap), PROT_READ, MAP_SHARED,
	    fileno(s->sigf), 0);
	if (p == MAP_FAILED)
		err(NT_EXIT_FATAL, "a temporary file");
	s->sigmap = p;
}

/* The signature of record seq, from its d line (pairs_d). */
static void
sig_get(struct nt_dstage *s, uint64_t seq, struct nt_dsig *g)
{
	size_t lo = 0, hi = s->nsigat, mid;

	if (!s->sigread)
		sig_map(s);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->sigat[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == s->nsigat || s->sigat[lo].seq != seq)
		bad("a key line without a signature, and none in a d line "
		    "before it");
	memcpy(g, &s->sigmap[lo], sizeof(*g));
	sig_own(g);
}

/* A line with a signature: its rank (or bits), then the signature. */
static void
pairs_sig(struct nt_dstage *s, struct nt_buf *out, int type, const char *p,
    const char *end)
{
	struct member *m = &s->cur;
	uint64_t rank;

	if (get_char(&p, end, '\t') < 0 || get_num(&p, end, &rank) < 0 ||
	    rank > (type == 'n' ? 7 : type == 'm' ? 4095 : 31))
		bad("not a key line");
	if (p == end)
		sig_get(s, m->seq, &m->sig);
	else if (get_char(&p, end, '\t') < 0 || get_sig(p, end, &m->sig) < 0)
		bad("not a key line");
	m->rank = (unsigned)rank;
	if (type == 'n')
		pairs_n(s, out);
	else
		pairs_ms(s, out, type);
}

/* An exact copy: the first earlier record of the bucket, or the state's. */
static void
pairs_r(struct nt_dstage *s, struct nt_buf *out)
{
	if (s->nold + s->nearly > 0) {
		add_hex(out, s->cur.seq);
		nt_buf_add(out, "\tr\t", 3);
		add_hex(out, earlier(s, 0)->seq);
		nt_buf_addc(out, '\n');
	} else
		s->early[s->nearly++].seq = s->cur.seq;
}

/* One key line: a new bucket, or the next record of this one. */
static void
pairs_line(struct nt_dstage *s, struct nt_buf *out, const char *line,
    size_t len)
{
	const char *p = line + 17, *end = line + len;
	int c;

	if (len < 34 || line[17] != '\t' || strchr("dmnrs", line[0]) == NULL)
		bad("not a key line");
	c = s->key[0] == '\0' ? 1 : memcmp(line, s->key, 17);
	if (c < 0)
		bad("key lines out of order: sort them first (LC_ALL=C sort)");
	if (c > 0) {
		memcpy(s->key, line, 17);
		s->nmember = 0;
		s->nearly = 0;
		s->last = 0;
		pairs_old(s, line);
	}
	p++;
	if (get_hex(&p, end, &s->cur.seq) < 0 || (s->nmember > 0 &&
	    s->cur.seq <= s->last))
		bad("key lines out of order: sort them first (LC_ALL=C sort)");
	s->last = s->cur.seq;
	if (line[0] == 'd')
		pairs_d(s, out, p, end);
	else if (line[0] != 'r')
		pairs_sig(s, out, line[0], p, end);
	else if (p == end)
		pairs_r(s, out);
	else
		bad("not a key line");
	s->nmember++;
}

/* --clusters */

/* A candidate as one process verified it. */
struct cand {
	size_t		 e;
	int		 how, kind;
	int		 adds;		/* the record adds to e */
	int		 dup;		/* e is a copy (one that added) */
	double		 sim, cont;
};

/* What one process keeps while looking a text up. */
struct lookup {
	struct cand	 c[(NT_DD_PERKEY - 1) * (NT_MH_MAXKEYS + NT_SP_MAXKEYS)];
	size_t		 n;
	unsigned	 nfresh;
	uint64_t	 fresh;
	uint64_t	 unheld;	/* of fresh, those no record holds */
};

/*
 * What a d line made with --state lists for the state (emit_state),
 * of the record being read.
 */
struct dstate {
	int		 have;
	uint64_t	 h[3];		/* exact, normalised, whole words */
	uint64_t	 w[NWKEYS], sp[NSKEYS];
	size_t		 nw, nsp;
	size_t		 sigoff, siglen;	/* in text */
};

struct clusters {
	struct nt_buf	 text;		/* the fields of the record's lines */
	struct cline	*line;		/* the record's lines */
	size_t		 nline, lcap;
	struct crec	*rec;		/* every record so far, in order */
	size_t		 nrec, rcap;
	struct nt_buf	 ids;		/* their ids */
	struct lookup	 look;

	/* --state: the records of the state the pair lines name */
	const struct nt_dedupe_opt *o;
	struct nt_store	*st;
	struct crec	*old;
	size_t		 nold, ocap;
	uint64_t	*oslot;		/* index + 1 by doc row, hashed */
	size_t		 oslots;
	struct dstate	 ds;
};

/* An index of c->old, told from one of c->rec. */
#define OLDIDX		((size_t)1 << (sizeof(size_t) * 8 - 1))

static struct crec *
rec_at(struct clusters *c, size_t i)
{
	return (i & OLDIDX) ? &c->old[i & ~OLDIDX] : &c->rec[i];
}

static int
cline_cmp(const void *a, const void *b)
{
	const struct cline *x = a, *y = b;

	if (x->type != y->type)
		return x->type - y->type;
	return (x->rank > y->rank) - (x->rank < y->rank);
}

/* Read one pair line's head: the record it is about, its type. */
static const char *
clusters_parse(const char *line, size_t len, struct cline *l)
{
	static const char types[] = "drnms";
	const char *p = line, *end = line + len, *t;
	uint64_t rank = 0;

	if (get_hex(&p, end, &l->seq) < 0 || get_char(&p, end, '\t') < 0 ||
	    p == end || (t = memchr(types, *p, 5)) == NULL)
		bad("not a pair line");
	p++;
	l->type = (int)(t - types);
	if (get_char(&p, end, '\t') < 0 || (l->type >= 2 &&
	    (get_num(&p, end, &rank) < 0 || rank > (l->type == 3 ? 4095 : 31) ||
	    get_char(&p, end, '\t') < 0)))
		bad("not a pair line");
	l->rank = (unsigned)rank;
	return p;
}

/* Keep a line of the record being read, its fields from p. */
static void
clusters_add(struct clusters *c, struct cline *l, const char *p,
    const char *end)
{
	l->off = c->text.len;
	l->len = (size_t)(end - p);
	nt_buf_add(&c->text, p, l->len);
	if (c->nline == c->lcap) {
		c->lcap = c->lcap ? c->lcap * 2 : 64;
		c->line = nt_ereallocarray(c->line, c->lcap, sizeof(*c->line));
	}
	c->line[c->nline++] = *l;
}

static size_t
ids_add(struct clusters *c, const char *p, size_t n, uint32_t *len)
{
	size_t off = c->ids.len;

	if (n > UINT32_MAX)
		nt_fatalx("an id of more than 4 GB");
	nt_buf_add(&c->ids, p, n);
	*len = (uint32_t)n;
	return off;
}

/* Open the state, as one process does, for its records' ids. */
static void
clusters_open(struct clusters *c)
{
	const char *why = NULL;

	c->st = nt_store_open(c->o->state, c->o->wait_ms, c->o->shingle,
	    NT_MH_SKETCH, &why);
	if (c->st == NULL)
		errx(NT_EXIT_USAGE, "%s: made with another --%s; use the same "
		    "options or a new state file", c->o->state, why);
}

/* The slot of doc row h in the hashed index of c->old. */
static uint64_t *
old_slot(struct clusters *c, int64_t h)
{
	size_t i = (size_t)XXH3_64bits(&h, sizeof(h)) & (c->oslots - 1);

	while (c->oslot[i] != 0 &&
	    c->old[c->oslot[i] - 1].seq != (uint64_t)h)
		i = (i + 1) & (c->oslots - 1);
	return &c->oslot[i];
}

static void
old_grow(struct clusters *c)
{
	size_t i;

	if (c->nold == c->ocap) {
		c->ocap = c->ocap ? c->ocap * 2 : 1024;
		c->old = nt_ereallocarray(c->old, c->ocap, sizeof(*c->old));
	}
	if (2 * (c->nold + 1) <= c->oslots)
		return;
	free(c->oslot);
	c->oslots = c->oslots ? c->oslots * 2 : 4096;
	c->oslot = nt_ecalloc(c->oslots, sizeof(*c->oslot));
	for (i = 0; i < c->nold; i++)
		*old_slot(c, (int64_t)c->old[i].seq) = i + 1;
}

/*
 * Doc row h of the state, as it was decided: kept (it holds the keys
 * that led to it), a copy, or a copy that added (with its signature:
 * it holds keys too).  Read once, then kept by its row.
 */
static size_t
clusters_old(struct clusters *c, int64_t h)
{
	struct nt_sdoc d;
	struct crec *r;
	uint64_t *sl;

	if (c->st == NULL)
		errx(NT_EXIT_FATAL, "pair lines name record %016llx of a "
		    "state: give --clusters the same --state",
		    (unsigned long long)((uint64_t)h | OLD));
	old_grow(c);
	if (*(sl = old_slot(c, h)) != 0)
		return (*sl - 1) | OLDIDX;
	if (!nt_store_doc(c->st, h, 1, &d))
		errx(NT_EXIT_FATAL, "%s: record %lld of the state is gone: "
		    "was it written meanwhile?", c->o->state, (long long)h);
	r = &c->old[c->nold];
	memset(r, 0, sizeof(*r));
	r->seq = (uint64_t)h;
	r->idoff = ids_add(c, d.id, d.idlen, &r->idlen);
	r->stoff = ids_add(c, d.story, d.storylen, &r->stlen);
	r->text = 1;
	r->holds = UINT64_MAX;
	if (d.of != NULL) {
		r->dup = 1;
		r->sgn = nt_sdoc_signed(&d);
		r->ofoff = ids_add(c, d.of, d.oflen, &r->oflen);
		r->sim = d.sim;
		r->cont = d.cont;
		r->kind = d.kind;
	}
	*sl = ++c->nold;
	return (*sl - 1) | OLDIDX;
}

/* The record of seq, which an earlier line named; fatal if none. */
static size_t
clusters_find(struct clusters *c, uint64_t seq, size_t before)
{
	size_t lo = 0, hi = before, mid;

	if (seq & OLD)
		return clusters_old(c, (int64_t)(seq & ~OLD));
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->rec[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == before || c->rec[lo].seq != seq)
		errx(NT_EXIT_FATAL, "pair lines name record %016llx, which "
		    "no earlier d line does", (unsigned long long)seq);
	return lo;
}

static void __attribute__((noreturn))
bad_rec(uint64_t seq, const char *what)
{
	errx(NT_EXIT_FATAL, "record %016llx: not %s", (unsigned long long)seq,
	    what);
}

/* A list of hex keys, each ending in a comma, up to a tab or the end. */
static int
get_keys(const char **p, const char *end, uint64_t *v, size_t *n,
    size_t max)
{
	*n = 0;
	while (*p < end && **p != '\t') {
		if (*n == max || get_mark(p, end, &v[*n]) < 0)
			return -1;
		(*n)++;
	}
	return 0;
}

/* A d line's fields for the state, from its tab after the counts. */
static int
clusters_dstate(struct clusters *c, const char *p, const char *end)
{
	struct dstate *d = &c->ds;
	size_t n;

	if (get_char(&p, end, '\t') < 0 || get_keys(&p, end, d->h, &n, 3) < 0 ||
	    n != 3 || get_char(&p, end, '\t') < 0 ||
	    get_keys(&p, end, d->w, &d->nw, NWKEYS) < 0 ||
	    get_char(&p, end, '\t') < 0 ||
	    get_keys(&p, end, d->sp, &d->nsp, NSKEYS) < 0 ||
	    get_char(&p, end, '\t') < 0 || p == end)
		return -1;
	d->sigoff = (size_t)(p - c->text.p);
	d->siglen = (size_t)(end - p);
	d->have = 1;
	return 0;
}

/*
 * A d line: the record, its id (none: its number in the whole input, as
 * one process gives it) and flags, or "-" for a record with no text.
 */
static void
clusters_rec(struct clusters *c, const struct cline *l)
{
	const char *p = c->text.p + l->off, *end = p + l->len, *tab;
	struct crec *r;
	uint64_t w0, w, nw, ns, f, nw0;

	if ((tab = memchr(p, '\t', l->len)) == NULL)
		bad_rec(l->seq, "a d line");
	if (c->nrec == c->rcap) {
		c->rcap = c->rcap ? c->rcap * 2 : 4096;
		c->rec = nt_ereallocarray(c->rec, c->rcap, sizeof(*c->rec));
	}
	r = &c->rec[c->nrec];
	memset(r, 0, sizeof(*r));
	c->ds.have = 0;
	r->seq = l->seq;
	r->idoff = c->ids.len;
	if (tab == p)
		nt_buf_addu(&c->ids, c->nrec + 1);
	else
		nt_buf_add(&c->ids, p, (size_t)(tab - p));
	r->idlen = (uint32_t)(c->ids.len - r->idoff);
	r->stoff = r->idoff;
	r->stlen = r->idlen;
	c->nrec++;
	p = tab + 1;
	if (end - p == 1 && *p == '-')
		return;
	if (get_num(&p, end, &w0) < 0 || get_char(&p, end, ',') < 0 ||
	    get_num(&p, end, &w) < 0 || get_char(&p, end, ',') < 0 ||
	    get_num(&p, end, &nw) < 0 || get_char(&p, end, ',') < 0 ||
	    get_num(&p, end, &ns) < 0 || get_char(&p, end, ',') < 0 ||
	    get_num(&p, end, &f) < 0 || get_char(&p, end, ',') < 0 ||
	    get_num(&p, end, &nw0) < 0 || w0 > 1 || w > 1 ||
	    nw > 31 || ns > 31 || f > 1 || nw0 > 31 ||
	    (p != end && (c->o->state == NULL ||
	    clusters_dstate(c, p, end) < 0)))
		bad_rec(l->seq, "a d line");
	if (c->o->state != NULL && !c->ds.have)
		errx(NT_EXIT_FATAL, "record %016llx: its d line keeps nothing "
		    "for the state: give --emit-keys the same --state",
		    (unsigned long long)l->seq);
	r->furn = (int)f;
	r->nprimary0 = (unsigned)nw0;
	r->text = 1;
	r->words0 = (int)w0;
	r->words = (int)w;
	r->nprimary[0] = (unsigned)nw;
	r->nprimary[1] = (unsigned)ns;
}

/* The record is a copy of record e (kept, or a copy that added). */
static void
copy_of(struct clusters *c, struct crec *r, size_t e, double sim,
    double cont, int kind)
{
	const struct crec *o = rec_at(c, e);

	r->dup = 1;
	r->ofoff = o->idoff;
	r->oflen = o->idlen;
	r->stoff = o->stoff;
	r->stlen = o->stlen;
	r->sim = sim;
	r->cont = cont;
	r->kind = kind;
}

/* The record repeats the bytes of earlier record e: what e was kept as. */
static void
kept_as(struct clusters *c, struct crec *r, size_t e)
{
	const struct crec *o = rec_at(c, e);

	r->exact = 1;
	if (!o->dup) {
		copy_of(c, r, e, 1, 1, NT_KIND_EXACT);
		return;
	}
	r->dup = 1;
	r->ofoff = o->ofoff;
	r->oflen = o->oflen;
	r->stoff = o->stoff;
	r->stlen = o->stlen;
	r->sim = o->sim;
	r->cont = o->cont;
	r->kind = o->kind;
}

/* The first record of an r line's bucket. */
static size_t
raw_first(struct clusters *c, const struct cline *l, size_t self)
{
	const char *p = c->text.p + l->off, *end = p + l->len;
	uint64_t seq;

	if (get_hex(&p, end, &seq) < 0 || p != end)
		bad_rec(l->seq, "an r line");
	return clusters_find(c, seq, self);
}

/*
 * The newest kept record of an n line's list, and the kind of the
 * record as its copy (found first, or after the words: body); 0 if none.
 */
static int
norm_kept(struct clusters *c, const struct cline *l, size_t self, int body,
    size_t *of, int *kind)
{
	const char *p = c->text.p + l->off, *end = p + l->len;
	uint64_t seq, k[2];
	size_t e;
	int found = 0;

	while (p < end) {
		if (get_hex(&p, end, &seq) < 0 || get_char(&p, end, ':') < 0 ||
		    get_num(&p, end, &k[0]) < 0 ||
		    get_char(&p, end, ':') < 0 ||
		    get_num(&p, end, &k[1]) < 0 || k[body] > 64 ||
		    (p < end && get_char(&p, end, ',') < 0))
			bad_rec(l->seq, "an n line");
		e = clusters_find(c, seq, self);
		if (!rec_at(c, e)->dup) {
			found = 1;
			*of = e;
			*kind = (int)k[body];
		}
	}
	return found;
}

/* A pair's verdict: 0, or how:sim:cont:kind[:1]. */
static void
get_verdict(const char **p, const char *end, uint64_t self, struct cand *d)
{
	uint64_t how, kind = 0, adds = 0;

	if (get_num(p, end, &how) < 0 || how > 4 || (how != 0 &&
	    (get_char(p, end, ':') < 0 || get_sim(p, end, &d->sim) < 0 ||
	    get_char(p, end, ':') < 0 || get_sim(p, end, &d->cont) < 0 ||
	    get_char(p, end, ':') < 0 || get_num(p, end, &kind) < 0 ||
	    kind > 64 || (*p < end && **p == ':' &&
	    (get_char(p, end, ':') < 0 || get_num(p, end, &adds) < 0 ||
	    adds != 1)))))
		bad_rec(self, "an m or s line");
	d->how = (int)how;
	d->kind = (int)kind;
	d->adds = (int)adds;
}

/*
 * One pair of an m or s line, SEQ:RANK:VERDICT[;VERDICT]: the verdict
 * as the key is followed (first: as the whole words are first looked up
 * by, the same as at last unless a second is given).
 */
static void
get_pair(const char **p, const char *end, uint64_t self, int first,
    uint64_t *seq, uint64_t *rank, struct cand *d)
{
	struct cand b;

	memset(d, 0, sizeof(*d));
	if (get_hex(p, end, seq) < 0 || get_char(p, end, ':') < 0 ||
	    get_num(p, end, rank) < 0 || *rank > 4095 ||
	    get_char(p, end, ':') < 0)
		bad_rec(self, "an m or s line");
	get_verdict(p, end, self, d);
	if (*p < end && **p == ';') {
		(*p)++;
		memset(&b, 0, sizeof(b));
		get_verdict(p, end, self, &b);
		if (first)
			*d = b;
	}
	if (*p < end && get_char(p, end, ',') < 0)
		bad_rec(self, "an m or s line");
}

/*
 * One key of the record, as nt_dedupe_check follows it (first: as the
 * whole words are first looked up): the records that hold it (kept, or
 * copies that added), newest first; none if NT_DD_PERKEY do.  shift is
 * where the key's family keeps its ranks in holds.
 */
static void
follow(struct clusters *c, const struct cline *l, size_t self,
    unsigned shift, int first, struct lookup *k)
{
	const char *p = c->text.p + l->off, *end = p + l->len;
	struct cand hold[NT_DS_LIST];
	size_t nhold = 0, nlist = 0, i, j;
	uint64_t seq, rank;
	const struct crec *e;

	while (p < end) {
		if (nlist++ == NT_DS_LIST)
			bad_rec(l->seq, "an m or s line");
		get_pair(&p, end, l->seq, first, &seq, &rank, &hold[nhold]);
		hold[nhold].e = clusters_find(c, seq, self);
		e = rec_at(c, hold[nhold].e);
		hold[nhold].dup = e->dup;
		rank &= 63;
		if ((!e->dup || e->sgn) && rank != NT_DS_UNHELD &&
		    shift + rank < 64 && (e->holds >> (shift + rank) & 1))
			nhold++;
	}
	if (nhold >= NT_DD_PERKEY)
		return;
	if (!first) {
		k->fresh |= (uint64_t)1 << (shift + (l->rank & 63));
		if (nhold == 0)
			k->unheld |= (uint64_t)1 << (shift + (l->rank & 63));
	}
	k->nfresh++;
	for (i = nhold; i-- > 0;) {
		for (j = 0; j < k->n && k->c[j].e != hold[i].e; j++)
			;
		if (j == k->n && k->n < sizeof(k->c) / sizeof(k->c[0]))
			k->c[k->n++] = hold[i];
	}
}

/* The record's line of type whose rank, first or at last, is r. */
static const struct cline *
line_ranked(const struct crec *rec, const struct cline *l, size_t n,
    int type, int first, unsigned r)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (l[i].type != type)
			continue;
		if (first && rec->furn ? (l[i].rank >> 6) == r + 1 :
		    (l[i].rank & 63) == r)
			return &l[i];
	}
	return NULL;
}

/*
 * Follow the record's keys of one family (m or s lines of l[0..n)) in
 * their order, as far as gather does: min fresh keys, more only of its
 * own, up to max.
 */
static void
follow_family(struct clusters *c, const struct cline *l, size_t n,
    int type, int first, struct lookup *k)
{
	size_t self = c->nrec - 1;
	const struct crec *r = &c->rec[self];
	const struct cline *kl;
	unsigned fam = type == 4, min, max, np, i;

	min = fam ? NT_SP_MINKEYS : NT_MH_MINKEYS;
	max = fam ? NT_SP_MAXKEYS : NT_MH_MAXKEYS;
	np = first && r->furn ? r->nprimary0 : r->nprimary[fam];
	k->nfresh = 0;
	for (i = 0; (kl = line_ranked(r, l, n, type, first, i)) != NULL;
	    i++) {
		if (k->nfresh >= max || (i >= np && k->nfresh >= min))
			break;
		follow(c, kl, self, fam ? 32 : 0, first, k);
	}
}

/*
 * The best of candidates c[0..n) as one process picks: only a record
 * kept, by words, if words (its whole words looked up first); else a
 * record kept over a copy, by words over by spots, then the highest,
 * the first of equals.  -1 if none.
 */
static long long
pick(const struct cand *c, size_t n, int words)
{
	long long best = -1;
	size_t i;

	for (i = 0; i < n; i++) {
		if (c[i].how == 0 || (words && (c[i].how != 3 || c[i].dup)))
			continue;
		if (best >= 0 && (c[i].dup > c[best].dup ||
		    (c[i].dup == c[best].dup && (c[i].how > c[best].how ||
		    (c[i].how == c[best].how && c[i].sim <= c[best].sim)))))
			continue;
		best = (long long)i;
	}
	return best;
}

/* Take candidate b as the record's verdict. */
static void
take(struct clusters *c, struct crec *r, const struct lookup *k,
    long long b)
{
	copy_of(c, r, k->c[b].e, k->c[b].sim, k->c[b].cont, k->c[b].kind);
}

/* The n line of the record with bit, if any. */
static const struct cline *
norm_line(const struct cline *l, size_t n, unsigned bit)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (l[i].type == 2 && (l[i].rank & bit))
			return &l[i];
	return NULL;
}

/* Follow the record's keys as best_match gathers them: words, spots. */
static void
follow_last(struct clusters *c, const struct cline *l, size_t n,
    struct lookup *k)
{
	k->n = 0;
	k->fresh = k->unheld = 0;
	follow_family(c, l, n, 3, 0, k);
	follow_family(c, l, n, 4, 0, k);
}

/*
 * The record, a copy that adds to the record it was found like, holds
 * the keys of k (followed as best_match gathers them) that no record
 * holds, as one process keeps it (dedupe.c, add_near).
 */
static void
hold_added(struct crec *r, const struct lookup *k)
{
	r->sgn = 1;
	r->holds = k->fresh & k->unheld;
}

/*
 * Replay nt_dedupe_check for the record whose lines are l[0..n), sorted
 * by type and rank: its exact copy, its normalised copy, its copy by
 * words, by the words without furniture, by its full signature.
 */
static void
replay(struct clusters *c, const struct cline *l, size_t n)
{
	size_t self = c->nrec - 1, i, of;
	struct crec *r = &c->rec[self];
	const struct cline *nl;
	struct lookup *k = &c->look;
	long long b;
	int kind;

	for (i = 1; i < n && l[i].type == 1; i++)
		kept_as(c, r, raw_first(c, &l[i], self));
	if (r->dup)
		return;
	if (r->words0 && (nl = norm_line(l, n, 1)) != NULL &&
	    norm_kept(c, nl, self, 0, &of, &kind)) {
		copy_of(c, r, of, 1, 1, kind);
		return;
	}
	k->n = 0;
	follow_family(c, l, n, 3, 1, k);
	if ((b = pick(k->c, k->n, 1)) >= 0) {
		take(c, r, k, b);
		/* found by its whole words: its keys are followed after */
		if (k->c[b].adds && r->words) {
			follow_last(c, l, n, k);
			hold_added(r, k);
		}
		return;
	}
	if ((nl = norm_line(l, n, 2)) != NULL &&
	    norm_kept(c, nl, self, 1, &of, &kind)) {
		copy_of(c, r, of, 1, 1, kind);
		return;
	}
	follow_last(c, l, n, k);
	/* A word candidate was verified in full; one by spots, by spots. */
	if ((b = pick(k->c, k->n, 0)) >= 0) {
		take(c, r, k, b);
		if (k->c[b].adds && r->words)
			hold_added(r, k);
		return;
	}
	if (r->words)
		r->holds = k->fresh;
}

/*
 * With --state, what the state is to keep of the record, after its
 * verdict (as one process keeps it): its id, then "-" for a copy of
 * bytes seen before (nothing is kept), the hash of its bytes for
 * another copy, or for a kept record the keys it is found by (its
 * bytes; with words, its normalised words, whole and without
 * furniture, and the word and spot keys it holds) and its signature;
 * for a copy that added, its bytes, the keys it holds, its signature.
 */
static void
clusters_keep(struct nt_buf *b, const struct clusters *c,
    const struct crec *r)
{
	const struct dstate *d = &c->ds;
	uint64_t keys[3 + 64];
	size_t n = 0;
	unsigned i;

	nt_buf_addc(b, '\t');
	nt_buf_add(b, c->ids.p + r->idoff, r->idlen);
	nt_buf_addc(b, '\t');
	if (r->exact) {
		nt_buf_addc(b, '-');
		return;
	}
	keys[n++] = d->h[0];
	if (!r->dup && r->words) {
		keys[n++] = d->h[1];
		if (d->h[2] != d->h[1])
			keys[n++] = d->h[2];
	}
	if ((!r->dup || r->sgn) && r->words) {
		for (i = 0; i < 64; i++) {
			if (!(r->holds >> i & 1))
				continue;
			if (i < 32 && i < d->nw)
				keys[n++] = d->w[i];
			else if (i >= 32 && i - 32 < d->nsp)
				keys[n++] = d->sp[i - 32];
		}
	}
	add_marks(b, keys, n);
	if (!r->dup || r->sgn) {
		nt_buf_addc(b, '\t');
		nt_buf_add(b, c->text.p + d->sigoff, d->siglen);
	}
}

/* The verdict of the record just replayed. */
static void
clusters_write(struct nt_ctx *ctx, const struct clusters *c)
{
	const struct crec *r = &c->rec[c->nrec - 1];
	struct nt_buf *b = &ctx->out.buf;

	add_hex(b, r->seq);
	if (r->dup) {
		nt_buf_add(b, "\t1\t", 3);
		nt_buf_add(b, c->ids.p + r->ofoff, r->oflen);
		nt_buf_addc(b, '\t');
		nt_buf_add(b, c->ids.p + r->stoff, r->stlen);
		nt_buf_printf(b, "\t%.17g\t%.17g\t%d", r->sim, r->cont,
		    r->kind);
	} else {
		nt_buf_add(b, "\t0\t", 3);
		nt_buf_add(b, c->ids.p + r->stoff, r->stlen);
	}
	if (c->o->state != NULL)
		clusters_keep(b, c, r);
	nt_buf_addc(b, '\n');
	nt_out_commit(&ctx->out);
}

/* The lines of one record are all read: decide it. */
static void
clusters_flush(struct nt_ctx *ctx, struct clusters *c)
{
	uint64_t seq = c->line[0].seq;

	qsort(c->line, c->nline, sizeof(*c->line), cline_cmp);
	if (c->line[0].type != 0)
		errx(NT_EXIT_FATAL, "record %016llx: pair lines but no d line",
		    (unsigned long long)seq);
	if (c->nline > 1 && c->line[1].type == 0)
		errx(NT_EXIT_FATAL, "record %016llx: two d lines",
		    (unsigned long long)seq);
	clusters_rec(c, &c->line[0]);
	if (c->rec[c->nrec - 1].text) {
		replay(c, c->line, c->nline);
		clusters_write(ctx, c);
	} else if (c->nline > 1)
		bad_rec(seq, "a record with a text");
	c->nline = 0;
	nt_buf_reset(&c->text);
}

/*
 * One verdict line made with --state: the record it names remembered
 * in the state as one process would (clusters_keep).
 */
static void
remember_line(struct clusters *c, const char *line, size_t len,
    int64_t now)
{
	const char *f[10], *p;
	size_t n[10], nf, nk, k;
	uint64_t keys[3 + 64], kind;
	struct nt_dsig g;
	struct nt_sdoc *d = &g.s;

	nf = fields(line, line + len, f, n, 10);
	if (!(nf == 6 && n[1] == 1 && f[1][0] == '0') &&
	    !((nf == 9 || nf == 10) && n[1] == 1 && f[1][0] == '1'))
		bad("not a verdict line made with --state");
	k = nf == 6 ? 3 : 7;
	if (n[k + 1] == 1 && f[k + 1][0] == '-')
		return;
	p = f[k + 1];
	if (get_keys(&p, p + n[k + 1], keys, &nk, 3 + 64) < 0 ||
	    p != f[k + 1] + n[k + 1] || nk == 0)
		bad("not a verdict line made with --state");
	if (nf == 6) {
		if (get_sig(f[5], f[5] + n[5], &g) < 0)
			bad("not a verdict line made with --state");
	} else {
		/* a copy; with its signature, one that added */
		memset(&g, 0, sizeof(g));
		if (nf == 10 && get_sig(f[9], f[9] + n[9], &g) < 0)
			bad("not a verdict line made with --state");
		d->of = f[2];
		d->oflen = n[2];
		p = f[4];
		if (get_sim(&p, f[4] + n[4], &d->sim) < 0 ||
		    (p = f[5], get_sim(&p, f[5] + n[5], &d->cont)) < 0 ||
		    (p = f[6], get_num(&p, f[6] + n[6], &kind)) < 0 ||
		    p != f[6] + n[6] || kind > 64)
			bad("not a verdict line made with --state");
		d->kind = (int)kind;
	}
	d->id = f[k];
	d->idlen = n[k];
	d->story = nf == 6 ? f[2] : f[3];
	d->storylen = nf == 6 ? n[2] : n[3];
	(void)nt_store_add(c->st, d, now, keys, nk);
}

/*
 * --clusters with --state over its own verdicts (their first line
 * "#state<TAB>LAST"): remember their records, the state's one writer.
 * The state must be as the verdicts found it: its last row LAST.
 */
static void
remember(struct nt_ctx *ctx, struct clusters *c, const char *line,
    size_t len)
{
	const char *p = line + 7;
	uint64_t last, nrec = 0;
	int64_t now = nt_now();

	if (get_num(&p, line + len, &last) < 0 || p != line + len)
		bad("not a verdict line");
	clusters_open(c);
	if (nt_store_last(c->st) != (int64_t)last)
		errx(NT_EXIT_FATAL, "%s: written since these verdicts were "
		    "made; nothing was remembered: run again", c->o->state);
	nt_store_begin(c->st);
	while (nt_in_next(&ctx->in, &line, &len)) {
		where_name = ctx->in.name;
		where_line = ctx->in.lineno;
		remember_line(c, line, len, now);
		if (++nrec % c->o->batch == 0) {
			nt_store_commit(c->st);
			nt_store_begin(c->st);
		}
	}
	nt_store_commit(c->st);
}

/*
 * With --state, the first line: verdicts to remember, or pair lines,
 * before which the verdicts say how the state was (its last row).
 * 1 when it was verdicts, all remembered.
 */
static int
clusters_first(struct nt_ctx *ctx, struct clusters *c, const char *line,
    size_t len)
{
	if (len >= 7 && memcmp(line, "#state\t", 7) == 0) {
		remember(ctx, c, line, len);
		return 1;
	}
	clusters_open(c);
	nt_buf_printf(&ctx->out.buf, "#state\t%lld\n",
	    (long long)nt_store_last(c->st));
	nt_out_commit(&ctx->out);
	return 0;
}

/*
 * The pair lines come sorted by record, so that only a few dozen bytes
 * a record are held: what the replay needs of the records before.
 */
static void
clusters(struct nt_ctx *ctx, const struct nt_dedupe_opt *o)
{
	struct clusters c;
	struct cline l;
	const char *line, *p;
	size_t len;

	memset(&c, 0, sizeof(c));
	c.o = o;
	while (nt_in_next(&ctx->in, &line, &len)) {
		where_name = ctx->in.name;
		where_line = ctx->in.lineno;
		if (o->state != NULL && c.st == NULL &&
		    clusters_first(ctx, &c, line, len))
			break;
		p = clusters_parse(line, len, &l);
		if (c.nline > 0 && l.seq != c.line[0].seq) {
			if (l.seq < c.line[0].seq)
				bad("pair lines out of order: sort them first "
				    "(LC_ALL=C sort)");
			clusters_flush(ctx, &c);
		}
		clusters_add(&c, &l, p, line + len);
	}
	if (c.nline > 0)
		clusters_flush(ctx, &c);
	nt_store_close(c.st);
	nt_buf_free(&c.text);
	nt_buf_free(&c.ids);
	free(c.line);
	free(c.rec);
	free(c.old);
	free(c.oslot);
}

/*
 * With --state, --pairs opens it first in a run: it forgets what is
 * older than --max-age (as one process does on opening it), then only
 * reads.
 */
static void
pairs_open(struct nt_dstage *s)
{
	const char *why = NULL;

	s->st = nt_store_open(s->o.state, s->o.wait_ms, s->o.shingle,
	    NT_MH_SKETCH, &why);
	if (s->st == NULL)
		errx(NT_EXIT_USAGE, "%s: made with another --%s; use the same "
		    "options or a new state file", s->o.state, why);
	if (s->o.max_age > 0) {
		nt_store_begin(s->st);
		(void)nt_store_expire(s->st, nt_now() - s->o.max_age);
		nt_store_commit(s->st);
	}
}

static void
pairs(struct nt_ctx *ctx, struct nt_dstage *s)
{
	const char *line;
	size_t len;

	if (s->o.state != NULL)
		pairs_open(s);
	while (nt_in_next(&ctx->in, &line, &len)) {
		where_name = ctx->in.name;
		where_line = ctx->in.lineno;
		pairs_line(s, &ctx->out.buf, line, len);
		nt_out_commit(&ctx->out);
	}
	/* Let --clusters, next in the run, have the state. */
	nt_store_close(s->st);
	s->st = NULL;
}

void
nt_dstage_lines(struct nt_ctx *ctx, struct nt_dstage *s)
{
	if (s->mode == NT_DS_PAIRS)
		pairs(ctx, s);
	else
		clusters(ctx, &s->o);
}

struct nt_dstage *
nt_dstage_new(enum nt_dstage_mode mode, const struct nt_dedupe_opt *o,
    unsigned shard, const char *verdicts, int compact)
{
	struct nt_dstage *s;
	struct nt_dedupe_opt no;

	b64_init();
	s = nt_ecalloc(1, sizeof(*s));
	s->mode = mode;
	s->o = *o;
	s->shard = shard;
	s->compact = compact;
	if (mode == NT_DS_KEYS || mode == NT_DS_PAIRS) {
		/* The signatures and verdicts need no state. */
		no = *o;
		no.state = NULL;
		s->dd = nt_dedupe_new(&no);
	}
	if (mode == NT_DS_PAIRS)
		s->early = nt_ecalloc(NT_DS_EARLY, sizeof(*s->early));
	if (mode == NT_DS_APPLY) {
		s->vpath = nt_estrdup(verdicts);
		nt_in_init(&s->vin, &s->vpath, 1);
	}
	return s;
}

void
nt_dstage_free(struct nt_dstage *s)
{
	if (s == NULL)
		return;
	nt_dedupe_free(s->dd);
	if (s->mode == NT_DS_APPLY) {
		nt_in_free(&s->vin);
		free(s->vpath);
	}
	free(s->early);
	if (s->sigmap != NULL)
		(void)munmap((void *)(uintptr_t)s->sigmap,
		    s->nsigat * sizeof(*s->sigmap));
	if (s->sigf != NULL)
		(void)fclose(s->sigf);
	free(s->sigat);
	nt_buf_free(&s->text);
	nt_buf_free(&s->num);
	nt_buf_free(&s->id);
	nt_buf_free(&s->vline);
	free(s);
}

int
nt_dstage_run(struct nt_ctx *ctx, enum nt_dstage_mode mode,
    const struct nt_dedupe_opt *o, unsigned shard, const char *verdicts,
    int compact, int argc, char **argv)
{
	struct nt_dstage *s;
	struct nt_parrun fn = { .record = nt_dstage_record,
	    .flags = NT_PARRUN_ANY | NT_PARRUN_SEQ };
	int status;

	nt_cli_start(ctx, argc, argv);
	s = nt_dstage_new(mode, o, shard, verdicts, compact);
	fn.arg = s;
	if (mode == NT_DS_KEYS || mode == NT_DS_APPLY)
		nt_parrun(ctx, &fn, 1);
	else
		nt_dstage_lines(ctx, s);
	status = nt_cli_finish(ctx);
	nt_dstage_free(s);
	return status;
}
