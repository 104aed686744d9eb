#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "core/buf.h"
#include "core/cli.h"
#include "core/io.h"
#include "core/util.h"
#include "dedupe/dedupe.h"
#include "dedupe/dedupe_text.h"
#include "dedupe/minhash.h"
#include "dedupe/stages.h"

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
	unsigned	 rank;
	struct nt_sdoc	 sig;
	uint32_t	 sk[NT_MH_SKETCH];
};

/* A record as --clusters replays it. */
struct crec {
	uint64_t	 seq;
	size_t		 idoff;
	uint32_t	 idlen;
	uint32_t	 holds;		/* the ranks of the keys it holds */
	unsigned	 nprimary;	/* its own keys; ranks past are deep */
	int		 words;		/* it has words left */
	int		 dup;
	size_t		 of;		/* index of the record kept */
	double		 sim;
};

/* A line of --clusters' input, by the record it is about. */
struct cline {
	uint64_t	 seq;
	int		 type;		/* 0 d, 1 r, 2 n, 3 m */
	unsigned	 rank;
	size_t		 off, len;	/* the fields after the type */
};

struct nt_dstage {
	enum nt_dstage_mode mode;
	struct nt_dedupe_opt o;
	uint64_t	 shard;
	struct nt_dtext	 dt;
	struct nt_mh	 mh;
	struct nt_buf	 text, num, id;

	/* --pairs: the bucket being read */
	char		 key[18];
	size_t		 nmember;
	size_t		 nearly;	/* in early */
	uint64_t	 last;
	struct member	*early;		/* NT_DS_EARLY of them */
	struct member	 cur;

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
	nt_buf_printf(b, "%016llx", (unsigned long long)v);
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
		c = s[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else
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

	for (n = 0; *p + n < end && (*p)[n] != ',' && (*p)[n] != '\t'; n++)
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

/* The signature: n, the four mark words, the sketch. */
static void
add_sig(struct nt_buf *b, const struct nt_dstage *s)
{
	const struct nt_mh *m = &s->mh;
	uint32_t prev = 0, d;
	size_t i;

	nt_buf_printf(b, "%u,%llx,%llx,%llx,%llx,", m->n,
	    (unsigned long long)s->dt.nums[0],
	    (unsigned long long)s->dt.nums[1],
	    (unsigned long long)s->dt.names[0],
	    (unsigned long long)s->dt.names[1]);
	for (i = 0; i < m->nsketch; i++) {
		d = m->sketch[i] - prev;
		prev = m->sketch[i];
		while (d >= 32) {
			nt_buf_addc(b, B64[32 | (d & 31)]);
			d >>= 5;
		}
		nt_buf_addc(b, B64[d]);
	}
}

static int
get_mark(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	int c, n = 0;

	for (; s < end && *s != ','; s++, n++) {
		c = *s;
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else
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

/* Read a signature into m (its sketch in m->sk); -1 if malformed. */
static int
get_sig(const char *p, const char *end, struct member *m)
{
	uint64_t n;
	uint32_t v = 0, d;
	const char *c;
	int i, shift;

	memset(&m->sig, 0, sizeof(m->sig));
	if (get_num(&p, end, &n) < 0 || n > UINT32_MAX ||
	    get_char(&p, end, ',') < 0)
		return -1;
	m->sig.n = (uint32_t)n;
	for (i = 0; i < 4; i++)
		if (get_mark(&p, end, &m->sig.nums[i]) < 0)
			return -1;
	while (p < end) {
		if (m->sig.nsketch == NT_MH_SKETCH)
			return -1;
		d = 0;
		for (shift = 0;; shift += 5) {
			if (p == end || shift > 30 ||
			    (c = memchr(B64, *p, 64)) == NULL)
				return -1;
			p++;
			d |= (uint32_t)((c - B64) & 31) << shift;
			if ((c - B64) < 32)
				break;
		}
		v += d;
		m->sk[m->sig.nsketch++] = v;
	}
	m->sig.sketch = m->sk;
	return 0;
}

/* --emit-keys */

/* The record's JSON id, or its number in the shard standing for it. */
static int
record_id(struct nt_dstage *s, struct nt_parjob *j)
{
	const char *id;
	size_t len;

	nt_buf_reset(&s->id);
	if (!nt_rec_raw(j->rec, s->o.id_field, &id, &len)) {
		if (s->shard == 0)
			nt_buf_addu(&s->id, j->nrec);
		else
			nt_buf_printf(&s->id, "\"%llu:%llu\"",
			    (unsigned long long)s->shard,
			    (unsigned long long)j->nrec);
		return 0;
	}
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

static void
mkey_line(struct nt_dstage *s, struct nt_buf *out, uint64_t key,
    uint64_t seq, unsigned rank)
{
	key_line(out, 'm', key, seq);
	nt_buf_printf(out, "\t%u\t", rank);
	add_sig(out, s);
	nt_buf_addc(out, '\n');
}

/*
 * The keys nt_dedupe_check may look the text up by, in its order: its
 * own, then the next values of its MinHash order that are not among
 * them (the deep keys; the replay takes them only as it needs them).
 */
static void
emit_mkeys(struct nt_dstage *s, struct nt_buf *out, uint64_t seq)
{
	const struct nt_mh *m = &s->mh;
	size_t i, j, ndeep = 0;

	for (i = 0; i < m->nkeys; i++)
		mkey_line(s, out, m->keys[i], seq, (unsigned)i);
	for (i = 0; i < m->nsh && i < NT_DD_DEEP && ndeep < NT_DS_DEEP;
	    i++) {
		for (j = 0; j < m->nkeys && m->keys[j] != m->sh[i]; j++)
			;
		if (j < m->nkeys)
			continue;
		mkey_line(s, out, m->sh[i], seq, (unsigned)(m->nkeys + ndeep));
		ndeep++;
	}
}

static int
emit_keys(struct nt_dstage *s, struct nt_parjob *j)
{
	uint64_t seq = s->shard << 40 | j->nrec;
	int words;

	if (record_id(s, j) < 0)
		return nt_parrun_reject(j, 0, "%s: holds a tab or a newline",
		    s->o.id_field);
	nt_dtext_run(&s->dt, s->text.p, s->text.len);
	words = s->dt.ntok > 0;
	nt_buf_addc(j->out, 'd');
	add_hex(j->out, seq);
	nt_buf_addc(j->out, '\t');
	add_hex(j->out, seq);
	nt_buf_addc(j->out, '\t');
	nt_buf_add(j->out, s->id.p, s->id.len);
	nt_mh_run(&s->mh, s->dt.tok, s->dt.ntok, s->o.shingle);
	nt_buf_printf(j->out, "\t%d,%u\n", words, words ? s->mh.nkeys : 0);
	key_line(j->out, 'r', XXH3_64bits(s->text.p, s->text.len), seq);
	nt_buf_addc(j->out, '\n');
	if (!words)
		return 0;
	key_line(j->out, 'n', nt_dtext_key(&s->dt), seq);
	nt_buf_addc(j->out, '\n');
	emit_mkeys(s, j->out, seq);
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

/* The verdict just found: "0", or "1<TAB>DUP_OF<TAB>SIM". */
static void
verdict_parse(struct nt_dstage *s, struct nt_dverdict *v)
{
	const char *p = s->vline.p, *end = p + s->vline.len - 1, *tab;

	memset(v, 0, sizeof(*v));
	if (end - p == 1 && *p == '0')
		return;
	if (get_char(&p, end, '1') < 0 || get_char(&p, end, '\t') < 0 ||
	    (tab = memchr(p, '\t', (size_t)(end - p))) == NULL || tab == p)
		bad("not a verdict line");
	v->dup = 1;
	v->of = p;
	v->oflen = (size_t)(tab - p);
	p = tab + 1;
	if (get_sim(&p, end, &v->sim) < 0 || p != end)
		bad("not a verdict line");
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
		nt_dedupe_mark(j->rec, &v, &s->num);
		nt_rec_write(j->rec, j->out);
	} else if (!v.dup)
		nt_rec_write(j->rec, j->out);
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
		if (s->mode == NT_DS_APPLY)
			nt_rec_write(j->rec, j->out);
		return 0;
	}
	if (s->mode == NT_DS_KEYS)
		return emit_keys(s, j);
	return apply(s, j);
}

/* --pairs */

/* The MinHash pairs of the current line with the earlier records. */
static void
pairs_m(struct nt_dstage *s, struct nt_buf *out, const char *p,
    const char *end)
{
	struct member *m = &s->cur;
	uint64_t rank;
	size_t i;
	double sim;
	int copy = 0;

	if (get_char(&p, end, '\t') < 0 || get_num(&p, end, &rank) < 0 ||
	    rank > 31 || get_char(&p, end, '\t') < 0 ||
	    get_sig(p, end, m) < 0)
		bad("not a key line");
	m->rank = (unsigned)rank;
	add_hex(out, m->seq);
	nt_buf_printf(out, "\tm\t%u\t", m->rank);
	for (i = 0; i < s->nearly; i++) {
		sim = nt_dedupe_sim(s->o.threshold, &m->sig, &s->early[i].sig);
		if (i > 0)
			nt_buf_addc(out, ',');
		add_hex(out, s->early[i].seq);
		nt_buf_printf(out, ":%u:%.17g", s->early[i].rank, sim);
		if (sim >= 0)
			copy = 1;
	}
	nt_buf_addc(out, '\n');
	/*
	 * Only a kept record holds a key, and a copy of an earlier one is
	 * seldom kept: past the first NT_DS_FIRST, the window takes only
	 * records that are no copy of one in it, so that a bucket of many
	 * copies of one story still shows the other stories sharing it.
	 */
	if (s->nearly < NT_DS_FIRST || (!copy && s->nearly < NT_DS_EARLY)) {
		s->early[s->nearly] = *m;
		s->early[s->nearly].sig.sketch = s->early[s->nearly].sk;
		s->nearly++;
	}
}

/*
 * Exact and normalised copies: the earlier records of the bucket (an
 * exact copy needs only the first).
 */
static void
pairs_rn(struct nt_dstage *s, struct nt_buf *out, int type)
{
	size_t i, n;

	n = s->nearly;
	if (type == 'r' && n > 1)
		n = 1;
	if (n > 0) {
		add_hex(out, s->cur.seq);
		nt_buf_printf(out, "\t%c\t", type);
		for (i = 0; i < n; i++) {
			if (i > 0)
				nt_buf_addc(out, ',');
			add_hex(out, s->early[i].seq);
		}
		nt_buf_addc(out, '\n');
	}
	if (s->nearly < NT_DS_EARLY)
		s->early[s->nearly++].seq = s->cur.seq;
}

/* One key line: a new bucket, or the next record of this one. */
static void
pairs_line(struct nt_dstage *s, struct nt_buf *out, const char *line,
    size_t len)
{
	const char *p = line + 17, *end = line + len;
	int c;

	if (len < 34 || line[17] != '\t' || strchr("dmnr", line[0]) == NULL)
		bad("not a key line");
	c = s->key[0] == '\0' ? 1 : memcmp(line, s->key, 17);
	if (c < 0)
		bad("key lines out of order: sort them first (LC_ALL=C sort)");
	if (c > 0) {
		memcpy(s->key, line, 17);
		s->nmember = 0;
		s->nearly = 0;
		s->last = 0;
	}
	p++;
	if (get_hex(&p, end, &s->cur.seq) < 0 || (s->nmember > 0 &&
	    s->cur.seq <= s->last))
		bad("key lines out of order: sort them first (LC_ALL=C sort)");
	s->last = s->cur.seq;
	if (line[0] == 'd') {
		add_hex(out, s->cur.seq);
		nt_buf_add(out, "\td", 2);
		nt_buf_add(out, p, (size_t)(end - p));
		nt_buf_addc(out, '\n');
	} else if (line[0] == 'm')
		pairs_m(s, out, p, end);
	else if (p == end)
		pairs_rn(s, out, line[0]);
	else
		bad("not a key line");
	s->nmember++;
}

/* --clusters */

struct clusters {
	struct nt_buf	 text;		/* the fields of the record's lines */
	struct cline	*line;		/* the record's lines */
	size_t		 nline, lcap;
	struct crec	*rec;		/* every record so far, in order */
	size_t		 nrec, rcap;
	struct nt_buf	 ids;		/* their ids */
};

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
	static const char types[] = "drnm";
	const char *p = line, *end = line + len, *t;
	uint64_t rank = 0;

	if (get_hex(&p, end, &l->seq) < 0 || get_char(&p, end, '\t') < 0 ||
	    p == end || (t = memchr(types, *p, 4)) == NULL)
		bad("not a pair line");
	p++;
	l->type = (int)(t - types);
	if (get_char(&p, end, '\t') < 0 || (l->type == 3 &&
	    (get_num(&p, end, &rank) < 0 || rank > 31 ||
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

/* The record of seq, which an earlier line named; fatal if none. */
static size_t
clusters_find(const struct clusters *c, uint64_t seq, size_t before)
{
	size_t lo = 0, hi = before, mid;

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

/* A d line: the record, its id and flags. */
static void
clusters_rec(struct clusters *c, const struct cline *l)
{
	const char *p = c->text.p + l->off, *end = p + l->len, *tab;
	struct crec *r;
	uint64_t words, np;

	if ((tab = memchr(p, '\t', l->len)) == NULL || tab == p)
		errx(NT_EXIT_FATAL, "record %016llx: not a d line",
		    (unsigned long long)l->seq);
	if (c->nrec == c->rcap) {
		c->rcap = c->rcap ? c->rcap * 2 : 4096;
		c->rec = nt_ereallocarray(c->rec, c->rcap, sizeof(*c->rec));
	}
	r = &c->rec[c->nrec];
	memset(r, 0, sizeof(*r));
	r->seq = l->seq;
	r->idoff = c->ids.len;
	r->idlen = (uint32_t)(tab - p);
	nt_buf_add(&c->ids, p, r->idlen);
	p = tab + 1;
	if (get_num(&p, end, &words) < 0 || get_char(&p, end, ',') < 0 ||
	    get_num(&p, end, &np) < 0 || p != end || words > 1 || np > 31)
		errx(NT_EXIT_FATAL, "record %016llx: not a d line",
		    (unsigned long long)l->seq);
	r->words = (int)words;
	r->nprimary = (unsigned)np;
	c->nrec++;
}

/* The record repeats earlier record e: it is what e was kept as. */
static void
kept_as(struct clusters *c, struct crec *r, size_t e)
{
	r->dup = 1;
	if (c->rec[e].dup) {
		r->of = c->rec[e].of;
		r->sim = c->rec[e].sim;
	} else {
		r->of = e;
		r->sim = 1;
	}
}

/* The first record of an r line's bucket. */
static size_t
raw_first(struct clusters *c, const struct cline *l, size_t self)
{
	const char *p = c->text.p + l->off, *end = p + l->len;
	uint64_t seq;

	if (get_hex(&p, end, &seq) < 0 || p != end)
		errx(NT_EXIT_FATAL, "record %016llx: not an r line",
		    (unsigned long long)l->seq);
	return clusters_find(c, seq, self);
}

/* The newest kept record of an n line's list, or -1. */
static long long
newest_kept(struct clusters *c, const struct cline *l, size_t self)
{
	const char *p = c->text.p + l->off, *end = p + l->len;
	uint64_t seq;
	size_t e;
	long long best = -1;

	while (p < end) {
		if (get_hex(&p, end, &seq) < 0 || (p < end &&
		    get_char(&p, end, ',') < 0))
			errx(NT_EXIT_FATAL, "record %016llx: not an n line",
			    (unsigned long long)l->seq);
		e = clusters_find(c, seq, self);
		if (!c->rec[e].dup && c->rec[e].words)
			best = (long long)e;
	}
	return best;
}

/* What one process keeps while looking a text up. */
struct lookup {
	size_t		 seen[NT_DS_EARLY * (NT_MH_MAXKEYS + NT_DS_DEEP)];
	size_t		 nseen;
	unsigned	 nfresh;
	uint32_t	 fresh;
	double		 best;
	size_t		 of;
};

/*
 * One key of the record, as nt_dedupe_check follows it: the kept
 * records that hold it, newest first; none if NT_DD_PERKEY do.
 */
static void
follow(struct clusters *c, const struct cline *l, size_t self,
    struct lookup *k)
{
	const char *p = c->text.p + l->off, *end = p + l->len;
	size_t hold[NT_DS_EARLY], nhold = 0, nlist = 0, e, i, j;
	double sims[NT_DS_EARLY];
	uint64_t seq, rank;

	while (p < end) {
		if (nlist++ == NT_DS_EARLY || get_hex(&p, end, &seq) < 0 ||
		    get_char(&p, end, ':') < 0 ||
		    get_num(&p, end, &rank) < 0 || rank > 31 ||
		    get_char(&p, end, ':') < 0 ||
		    get_sim(&p, end, &sims[nhold]) < 0 ||
		    (p < end && get_char(&p, end, ',') < 0))
			errx(NT_EXIT_FATAL, "record %016llx: not an m line",
			    (unsigned long long)l->seq);
		e = clusters_find(c, seq, self);
		if (!c->rec[e].dup && (c->rec[e].holds >> rank & 1))
			hold[nhold++] = e;
	}
	if (nhold >= NT_DD_PERKEY)
		return;
	k->fresh |= (uint32_t)1 << l->rank;
	k->nfresh++;
	for (i = nhold; i-- > 0;) {
		for (j = 0; j < k->nseen && k->seen[j] != hold[i]; j++)
			;
		if (j < k->nseen)
			continue;
		k->seen[k->nseen++] = hold[i];
		if (sims[i] > k->best) {
			k->best = sims[i];
			k->of = hold[i];
		}
	}
}

/*
 * Replay nt_dedupe_check for the record whose lines are l[0..n): its
 * exact copy, its normalised copy, then its keys in their order.
 */
static void
replay(struct clusters *c, const struct cline *l, size_t n)
{
	size_t self = c->nrec - 1, i;
	struct crec *r = &c->rec[self];
	struct lookup k;
	long long e;

	for (i = 1; i < n && l[i].type == 1; i++)
		kept_as(c, r, raw_first(c, &l[i], self));
	if (r->dup)
		return;
	for (; i < n && l[i].type == 2; i++)
		if (r->words && (e = newest_kept(c, &l[i], self)) >= 0) {
			r->dup = 1;
			r->of = (size_t)e;
			r->sim = 1;
			return;
		}
	memset(&k, 0, sizeof(k));
	k.best = -1;
	for (; i < n; i++) {
		if (k.nfresh >= NT_MH_MAXKEYS || (l[i].rank >= r->nprimary &&
		    k.nfresh >= NT_MH_MINKEYS))
			break;
		follow(c, &l[i], self, &k);
	}
	if (k.best >= 0) {
		r->dup = 1;
		r->of = k.of;
		r->sim = k.best;
	} else
		r->holds = k.fresh;
}

/* The verdict of the record just replayed. */
static void
clusters_write(struct nt_ctx *ctx, const struct clusters *c)
{
	const struct crec *r = &c->rec[c->nrec - 1], *o;

	add_hex(&ctx->out.buf, r->seq);
	if (r->dup) {
		o = &c->rec[r->of];
		nt_buf_add(&ctx->out.buf, "\t1\t", 3);
		nt_buf_add(&ctx->out.buf, c->ids.p + o->idoff, o->idlen);
		nt_buf_printf(&ctx->out.buf, "\t%.17g\n", r->sim);
	} else
		nt_buf_add(&ctx->out.buf, "\t0\n", 3);
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
	replay(c, c->line, c->nline);
	clusters_write(ctx, c);
	c->nline = 0;
	nt_buf_reset(&c->text);
}

/*
 * The pair lines come sorted by record, so that only a few dozen bytes
 * a record are held: what the replay needs of the records before.
 */
static void
clusters(struct nt_ctx *ctx)
{
	struct clusters c;
	struct cline l;
	const char *line, *p;
	size_t len;

	memset(&c, 0, sizeof(c));
	while (nt_in_next(&ctx->in, &line, &len)) {
		where_name = ctx->in.name;
		where_line = ctx->in.lineno;
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
	nt_buf_free(&c.text);
	nt_buf_free(&c.ids);
	free(c.line);
	free(c.rec);
}

static void
pairs(struct nt_ctx *ctx, struct nt_dstage *s)
{
	const char *line;
	size_t len;

	while (nt_in_next(&ctx->in, &line, &len)) {
		where_name = ctx->in.name;
		where_line = ctx->in.lineno;
		pairs_line(s, &ctx->out.buf, line, len);
		nt_out_commit(&ctx->out);
	}
}

void
nt_dstage_lines(struct nt_ctx *ctx, struct nt_dstage *s)
{
	if (s->mode == NT_DS_PAIRS)
		pairs(ctx, s);
	else
		clusters(ctx);
}

struct nt_dstage *
nt_dstage_new(enum nt_dstage_mode mode, const struct nt_dedupe_opt *o,
    unsigned shard, const char *verdicts)
{
	struct nt_dstage *s;
	struct nt_buf err = NT_BUF_INIT;

	s = nt_ecalloc(1, sizeof(*s));
	s->mode = mode;
	s->o = *o;
	s->shard = shard;
	if (mode == NT_DS_KEYS) {
		if (nt_dtext_init(&s->dt, &err) < 0)
			errx(NT_EXIT_USAGE, "%s", err.p);
		nt_mh_init(&s->mh);
	}
	nt_buf_free(&err);
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
	if (s->mode == NT_DS_KEYS) {
		nt_dtext_free(&s->dt);
		nt_mh_free(&s->mh);
	}
	if (s->mode == NT_DS_APPLY) {
		nt_in_free(&s->vin);
		free(s->vpath);
	}
	free(s->early);
	nt_buf_free(&s->text);
	nt_buf_free(&s->num);
	nt_buf_free(&s->id);
	nt_buf_free(&s->vline);
	free(s);
}

int
nt_dstage_run(struct nt_ctx *ctx, enum nt_dstage_mode mode,
    const struct nt_dedupe_opt *o, unsigned shard, const char *verdicts,
    int argc, char **argv)
{
	struct nt_dstage *s;
	struct nt_parrun fn = { .record = nt_dstage_record,
	    .flags = NT_PARRUN_ANY | NT_PARRUN_SEQ };
	int status;

	nt_cli_start(ctx, argc, argv);
	s = nt_dstage_new(mode, o, shard, verdicts);
	fn.arg = s;
	if (mode == NT_DS_KEYS || mode == NT_DS_APPLY)
		nt_parrun(ctx, &fn, 1);
	else
		nt_dstage_lines(ctx, s);
	status = nt_cli_finish(ctx);
	nt_dstage_free(s);
	return status;
}
