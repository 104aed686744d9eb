#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "core/conf.h"
#include "core/re.h"
#include "core/util.h"
#include "dedupe/furn.h"

#define P_PREFIX	1
#define P_CONTAINS	2

/* A headline has at most this many words; a prose line, at least LONG. */
#define HEAD_MAXW	16
#define PROSE_LONG	8
/* A line of one number and fewer words is the article's ("Pay April 30"). */
#define HEAD_MINW	4
#define SEED_LINE	0x6c696e65ULL

/* A prefix or contains phrase: its words and its "with" words, in h. */
struct phrase {
	size_t		 off, len;
	size_t		 woff, wlen;
	size_t		 max_chars;
	uint32_t	 next;		/* 1 + the next with this first word */
	uint8_t		 kind;
};

/*
 * A pattern that is a plain string, searched for as bytes; one that is a
 * single symbol (©) is found among the punctuation tokens instead.
 */
struct literal {
	char		*s;
	size_t		 len;
	size_t		 max_chars;
	uint32_t	 cp;		/* the symbol, or 0 */
};

/*
 * A pattern that removes a whole line (no "remove: match"), as nclean
 * has it; each thread compiles its own (struct nt_fres), since a
 * compiled pattern's match data serves one thread.
 */
struct pattern {
	char		*src;
	size_t		 len;
	unsigned	 flags;		/* NT_RE_ICASE */
	size_t		 max_chars;
};

struct first {
	uint64_t	 h;		/* a phrase's first word */
	uint32_t	 head;		/* 1 + index in ph */
};

struct nt_furn {
	uint64_t	*lines;		/* exact lines: hashes of their words */
	size_t		 lcap, nlines;
	size_t		 maxline;	/* words in the longest */
	uint64_t	*h;		/* the words of every phrase */
	size_t		 nh, hcap;
	struct phrase	*ph;
	size_t		 nph, phcap;
	struct first	*first;
	size_t		 fcap, nfirst;
	uint64_t	 bloom[64];	/* bits of the first words' hashes */
	struct literal	*lit;
	size_t		 nlit, litcap;
	struct pattern	*pat;
	size_t		 npat, patcap;
	size_t		 max_line_chars;
	size_t		 phrase_max;	/* the largest max_chars of a phrase */
	struct nt_toks	 tk;		/* loading scratch */
};

/* Open-addressing sets, sized to a power of two. */

static size_t
slot64(const uint64_t *t, size_t cap, uint64_t h)
{
	size_t i = (size_t)(h ^ h >> 31) & (cap - 1);

	while (t[i] != 0 && t[i] != h)
		i = (i + 1) & (cap - 1);
	return i;
}

static void
line_add(struct nt_furn *f, uint64_t h)
{
	uint64_t *old = f->lines;
	size_t ocap = f->lcap, i;

	if (2 * (f->nlines + 1) > f->lcap) {
		f->lcap = ocap ? ocap * 2 : 512;
		f->lines = nt_ecalloc(f->lcap, sizeof(*f->lines));
		for (i = 0; i < ocap; i++)
			if (old[i] != 0)
				f->lines[slot64(f->lines, f->lcap, old[i])] =
				    old[i];
		free(old);
	}
	i = slot64(f->lines, f->lcap, h);
	if (f->lines[i] == 0) {
		f->lines[i] = h;
		f->nlines++;
	}
}

static struct first *
first_slot(const struct nt_furn *f, uint64_t h)
{
	size_t i = (size_t)(h ^ h >> 31) & (f->fcap - 1);

	while (f->first[i].h != 0 && f->first[i].h != h)
		i = (i + 1) & (f->fcap - 1);
	return &f->first[i];
}

static void
first_grow(struct nt_furn *f)
{
	struct first *old = f->first;
	size_t ocap = f->fcap, i;

	f->fcap = ocap ? ocap * 2 : 256;
	f->first = nt_ecalloc(f->fcap, sizeof(*f->first));
	for (i = 0; i < ocap; i++)
		if (old[i].h != 0)
			*first_slot(f, old[i].h) = old[i];
	free(old);
}

/* The word hashes of s into f->h; how many. */
static size_t
words_of(struct nt_furn *f, const char *s, size_t n)
{
	size_t i, k = 0;

	nt_tok_run(&f->tk, s, n);
	for (i = 0; i < f->tk.n; i++) {
		if (f->tk.t[i].kind == NT_TOK_PUNCT)
			continue;
		if (f->nh == f->hcap) {
			f->hcap = f->hcap ? f->hcap * 2 : 1024;
			f->h = nt_ereallocarray(f->h, f->hcap, sizeof(*f->h));
		}
		f->h[f->nh++] = f->tk.t[i].h;
		k++;
	}
	return k;
}

static uint64_t
seq_hash(const uint64_t *h, size_t n)
{
	return XXH3_64bits_withSeed(h, n * sizeof(*h), SEED_LINE) | 1;
}

static void
add_line(struct nt_furn *f, const char *s)
{
	size_t off = f->nh, n = words_of(f, s, strlen(s));

	if (n > 0) {
		line_add(f, seq_hash(f->h + off, n));
		if (n > f->maxline)
			f->maxline = n;
	}
	f->nh = off;
}

static void
add_phrase(struct nt_furn *f, const char *s, uint8_t kind, size_t max,
    size_t woff, size_t wlen)
{
	struct phrase *p;
	struct first *fs;
	size_t off = f->nh, n = words_of(f, s, strlen(s));

	if (n == 0)
		return;
	if (f->nph == f->phcap) {
		f->phcap = f->phcap ? f->phcap * 2 : 64;
		f->ph = nt_ereallocarray(f->ph, f->phcap, sizeof(*f->ph));
	}
	if (2 * (f->nfirst + 1) > f->fcap)
		first_grow(f);
	p = &f->ph[f->nph];
	p->off = off;
	p->len = n;
	p->woff = woff;
	p->wlen = wlen;
	p->max_chars = max;
	p->kind = kind;
	f->bloom[(f->h[off] >> 58) & 63] |= (uint64_t)1 << (f->h[off] & 63);
	fs = first_slot(f, f->h[off]);
	if (fs->h == 0) {
		fs->h = f->h[off];
		f->nfirst++;
	}
	p->next = fs->head;
	fs->head = (uint32_t)++f->nph;
	if (max > f->phrase_max)
		f->phrase_max = max;
}

static void
add_literal(struct nt_furn *f, const char *s, size_t max)
{
	if (f->nlit == f->litcap) {
		f->litcap = f->litcap ? f->litcap * 2 : 8;
		f->lit = nt_ereallocarray(f->lit, f->litcap, sizeof(*f->lit));
	}
	f->lit[f->nlit].s = nt_estrdup(s);
	f->lit[f->nlit].len = strlen(s);
	f->lit[f->nlit].max_chars = max;
	nt_tok_run(&f->tk, s, strlen(s));
	f->lit[f->nlit].cp = f->tk.n == 1 && f->tk.t[0].kind == NT_TOK_PUNCT ?
	    f->tk.t[0].cp : 0;
	f->nlit++;
}

/*
 * A pattern rule that removes whole lines: compiled once here to check
 * it, and kept as text for each thread to compile.
 */
static int
add_pattern(struct nt_furn *f, const char *path, const struct nt_ynode *v,
    int icase, size_t max, struct nt_buf *err)
{
	struct nt_re re;
	struct nt_buf why = NT_BUF_INIT;
	struct pattern *p;
	unsigned flags = icase ? NT_RE_ICASE : 0;

	memset(&re, 0, sizeof(re));
	if (nt_re_compile(&re, v->s, strlen(v->s), flags, &why) < 0) {
		nt_yerr(err, path, v, "bad pattern: %s", why.p);
		nt_buf_free(&why);
		return -1;
	}
	nt_re_free(&re);
	nt_buf_free(&why);
	if (f->npat == f->patcap) {
		f->patcap = f->patcap ? f->patcap * 2 : 16;
		f->pat = nt_ereallocarray(f->pat, f->patcap, sizeof(*f->pat));
	}
	p = &f->pat[f->npat++];
	p->src = nt_estrdup(v->s);
	p->len = strlen(v->s);
	p->flags = flags;
	p->max_chars = max;
	return 0;
}

/*
 * A scalar or a list of scalars: how many strings (0 or more), or -1
 * and err; nth() gives each.
 */
static long
strings(const char *path, const struct nt_ynode *v, const char *key,
    struct nt_buf *err)
{
	size_t i;

	if (v->type == NT_YSCALAR)
		return 1;
	if (v->type != NT_YSEQ) {
		nt_yerr(err, path, v, "'%s' must be a string or a list", key);
		return -1;
	}
	for (i = 0; i < v->n; i++)
		if (v->kid[i]->type != NT_YSCALAR) {
			nt_yerr(err, path, v->kid[i], "'%s': not a string",
			    key);
			return -1;
		}
	return (long)v->n;
}

static const char *
nth(const struct nt_ynode *v, long i)
{
	return v->type == NT_YSCALAR ? v->s : v->kid[i]->s;
}

static int
plain(const char *s)
{
	return *s != '\0' && strpbrk(s, "\\^$.|?*+()[]{}") == NULL;
}

static const struct {
	const char	*key;
	uint8_t		 kind;
} kinds[] = {
	{ "line", 0 }, { "lines", 0 }, { "prefix", P_PREFIX },
	{ "prefixes", P_PREFIX }, { "contains", P_CONTAINS },
};

/* One rule: the parts of it that are phrases. */
static int
load_rule(struct nt_furn *f, const char *path, const struct nt_ynode *m,
    struct nt_buf *err)
{
	const struct nt_ynode *v, *mc, *with;
	size_t k, max, woff = 0, wlen = 0;
	long i, n;
	char *end;

	if (m->type != NT_YMAP) {
		nt_yerr(err, path, m, "a rule must be a mapping");
		return -1;
	}
	max = f->max_line_chars;
	if ((mc = nt_ymap_get(m, "max_chars")) != NULL) {
		max = mc->type == NT_YSCALAR ? strtoul(mc->s, &end, 10) : 0;
		if (mc->type != NT_YSCALAR || *end != '\0' || max == 0) {
			nt_yerr(err, path, mc, "max_chars must be a number");
			return -1;
		}
	}
	if ((with = nt_ymap_get(m, "with")) != NULL) {
		if ((n = strings(path, with, "with", err)) < 0)
			return -1;
		woff = f->nh;
		for (i = 0; i < n; i++)
			wlen += words_of(f, nth(with, i), strlen(nth(with, i)));
	}
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		if ((v = nt_ymap_get(m, kinds[k].key)) == NULL)
			continue;
		if ((n = strings(path, v, kinds[k].key, err)) < 0)
			return -1;
		for (i = 0; i < n; i++)
			if (kinds[k].kind == 0)
				add_line(f, nth(v, i));
			else
				add_phrase(f, nth(v, i), kinds[k].kind, max,
				    woff, wlen);
	}
	if ((v = nt_ymap_get(m, "pattern")) == NULL || v->type != NT_YSCALAR ||
	    nt_ymap_get(m, "remove") != NULL)
		return 0;
	if (plain(v->s)) {
		add_literal(f, v->s, max);
		return 0;
	}
	return add_pattern(f, path, v,
	    nt_ybool(nt_ymap_get(m, "ignore_case")) != 0, max, err);
}

struct nt_furn *
nt_furn_load(const char *path, struct nt_buf *err)
{
	struct nt_furn *f;
	struct nt_ynode *root;
	const struct nt_ynode *rules, *mlc;
	size_t i;
	int rc = 0;

	if ((root = nt_yaml_load(path, err)) == NULL)
		return NULL;
	f = nt_ecalloc(1, sizeof(*f));
	f->max_line_chars = 600;
	first_grow(f);
	if (root->type != NT_YMAP) {
		nt_yerr(err, path, root, "expected a mapping");
		rc = -1;
	} else if ((mlc = nt_ymap_get(root, "max_line_chars")) != NULL &&
	    mlc->type == NT_YSCALAR)
		f->max_line_chars = strtoul(mlc->s, NULL, 10);
	rules = rc == 0 ? nt_ymap_get(root, "rules") : NULL;
	if (rules != NULL && rules->type != NT_YSEQ) {
		nt_yerr(err, path, rules, "'rules' must be a list");
		rc = -1;
	}
	for (i = 0; rc == 0 && rules != NULL && i < rules->n; i++)
		rc = load_rule(f, path, rules->kid[i], err);
	nt_ynode_free(root);
	nt_toks_free(&f->tk);
	if (rc < 0) {
		nt_furn_free(f);
		return NULL;
	}
	return f;
}

struct nt_furn *
nt_furn_default(struct nt_buf *err)
{
	struct nt_buf path = NT_BUF_INIT;
	struct nt_furn *f = NULL;

	if (nt_datapath("nclean/rules.yaml", &path) < 0) {
		nt_buf_reset(err);
		nt_buf_adds(err, "cannot find data file nclean/rules.yaml "
		    "(set NTOOLS_DATA)");
	} else
		f = nt_furn_load(path.p, err);
	nt_buf_free(&path);
	return f;
}

void
nt_furn_free(struct nt_furn *f)
{
	size_t i;

	if (f == NULL)
		return;
	free(f->lines);
	free(f->h);
	free(f->ph);
	free(f->first);
	for (i = 0; i < f->nlit; i++)
		free(f->lit[i].s);
	free(f->lit);
	for (i = 0; i < f->npat; i++)
		free(f->pat[i].src);
	free(f->pat);
	nt_toks_free(&f->tk);
	free(f);
}

/* What nt_furn_run knows of a line. */
struct nt_fshape {
	size_t		 words;		/* words and numbers */
	size_t		 nums;
	size_t		 caps, alpha;	/* capitalised words, of the words */
	size_t		 lower, anchors;
	size_t		 chars;
	int		 month, year;
	int		 end;		/* ends a sentence */
	int		 ask;		/* ... with a question or exclamation
					   mark */
	int		 bracketed;
	int		 site;		/* names a site: "DailyWire.com" */
};

/* Is token i a word glued to a dot glued to a lower-case word? */
static int
domain_at(const struct nt_toks *tk, size_t i, size_t t1)
{
	const struct nt_tok *t = &tk->t[i];

	return i + 2 < t1 && t[0].kind == NT_TOK_WORD &&
	    t[1].kind == NT_TOK_PUNCT && t[1].cp == '.' &&
	    (t[1].f & NT_TF_GLUED) && t[2].kind == NT_TOK_WORD &&
	    (t[2].f & NT_TF_GLUED) && (t[2].f & NT_TF_LOWER1);
}

static void
shape_of(const struct nt_toks *tk, const struct nt_spot *sp, size_t t0,
    size_t t1, struct nt_fshape *s)
{
	const struct nt_tok *t;
	size_t i, last = t1 - 1;

	memset(s, 0, sizeof(*s));
	s->chars = tk->t[last].ce - tk->t[t0].cb;
	for (i = t0; i < t1; i++) {
		t = &tk->t[i];
		if (sp->fl[i] & NT_SPF_MONTH)
			s->month = 1;
		if (sp->fl[i] & NT_SPF_YEAR)
			s->year = 1;
		if (sp->fl[i] & NT_SPF_DATE)
			s->month = s->year = 1;
		if (t->kind == NT_TOK_PUNCT)
			continue;
		if (domain_at(tk, i, t1))
			s->site = 1;
		s->words++;
		if (sp->cls[i] == NT_SPC_NUM || (t->f & NT_TF_DIGIT)) {
			s->nums++;
			continue;
		}
		s->alpha++;
		if (t->f & NT_TF_UPPER1)
			s->caps++;
		else if (t->f & NT_TF_LOWER1)
			s->lower++;
		if (sp->cls[i] == NT_SPC_ANCHOR)
			s->anchors++;
	}
	/* The last sentence mark, perhaps inside closing quotes. */
	while (last > t0 && tk->t[last].kind == NT_TOK_PUNCT &&
	    !(sp->fl[last] & NT_SPF_END) && last + 3 > t1)
		last--;
	s->end = tk->t[last].kind == NT_TOK_PUNCT &&
	    (sp->fl[last] & NT_SPF_END);
	s->ask = s->end && (tk->t[last].cp == '?' || tk->t[last].cp == '!');
	s->bracketed = tk->t[t0].kind == NT_TOK_PUNCT &&
	    tk->t[t0].cp == '[' && tk->t[t1 - 1].kind == NT_TOK_PUNCT &&
	    tk->t[t1 - 1].cp == ']' && s->words <= 4;
}

static int
is_prose(const struct nt_fshape *s, const struct nt_tok *next)
{
	/* "What's next for next-gen consoles?" is a headline */
	if (s->end && !(s->ask && s->words < PROSE_LONG))
		return 1;
	if (next != NULL && next->kind == NT_TOK_WORD &&
	    (next->f & NT_TF_LOWER1))
		return 1;
	return s->words >= PROSE_LONG && 10 * s->lower >= 6 * s->alpha &&
	    5 * s->anchors >= s->words;
}

/*
 * Shaped like a headline, a date or a site name, not like figures: a date
 * line; a line that names a site by its domain, without numbers; a line in capitals or title case ("Wichita Industries Inc 4Th Qtr
 * Net") unless dense with numbers ("Production 0.77 0.77 0.73") or short
 * with one ("Pay April 30"); and,
 * below the article of a text with prose, a headline in sentence case
 * with at most one number ("Halo 2 heralds traffic explosion").  Above
 * the article, or in a text without prose (a table of results, a
 * notice), a line of lower-case words is the text: "Qtly div 21 cts".
 */
static int
headline(const struct nt_fshape *s, int below, int tabular)
{
	if (s->words > HEAD_MAXW)
		return 0;
	if (s->month && s->year && s->words <= 9)
		return 1;
	/* "DailyWire.com - Your daily source of news" */
	if (s->site && s->nums == 0)
		return 1;
	/* "Pay April 30", "Record May 15": a notice's short lines. */
	if (s->nums > 0 && s->words < HEAD_MINW)
		return 0;
	if (10 * s->caps >= 7 * s->alpha && s->alpha > 0)
		return s->nums < 2 || 100 * s->nums < 34 * s->words;
	if (!below || tabular)
		return 0;
	return s->nums <= 1;
}

/* Do the words of the line (punctuation aside) from token i on match p? */
static int
phrase_at(const struct nt_furn *f, const struct phrase *p,
    const struct nt_toks *tk, size_t i, size_t t1)
{
	size_t k = 0;

	for (; i < t1 && k < p->len; i++) {
		if (tk->t[i].kind == NT_TOK_PUNCT)
			continue;
		if (tk->t[i].h != f->h[p->off + k])
			return 0;
		k++;
	}
	return k == p->len;
}

static int
has_with(const struct nt_furn *f, const struct phrase *p,
    const struct nt_toks *tk, size_t t0, size_t t1)
{
	size_t i, k;

	if (p->wlen == 0)
		return 1;
	for (i = t0; i < t1; i++)
		for (k = 0; k < p->wlen; k++)
			if (tk->t[i].h == f->h[p->woff + k])
				return 1;
	return 0;
}

static int
by_phrase(const struct nt_furn *f, const struct nt_toks *tk, size_t t0,
    size_t t1, size_t chars)
{
	const struct first *fs;
	const struct phrase *p;
	size_t i, first = 1;
	uint32_t l;

	if (chars > f->phrase_max)
		return 0;
	for (i = t0; i < t1; i++) {
		if (tk->t[i].kind == NT_TOK_PUNCT)
			continue;
		/* Most words begin no phrase: a bit in 4096 says so. */
		if (!(f->bloom[(tk->t[i].h >> 58) & 63] >>
		    (tk->t[i].h & 63) & 1)) {
			first = 0;
			continue;
		}
		fs = first_slot(f, tk->t[i].h);
		for (l = fs->h != 0 ? fs->head : 0; l != 0; l = p->next) {
			p = &f->ph[l - 1];
			if ((p->kind == P_PREFIX && !first) ||
			    chars > p->max_chars)
				continue;
			if (phrase_at(f, p, tk, i, t1) &&
			    has_with(f, p, tk, t0, t1))
				return 1;
		}
		first = 0;
	}
	return 0;
}

static int
by_literal(const struct nt_furn *f, const char *text,
    const struct nt_toks *tk, size_t t0, size_t t1, size_t chars)
{
	const char *s = text + tk->t[t0].b;
	const struct literal *l;
	size_t n = tk->t[t1 - 1].e - tk->t[t0].b, i, j;

	for (i = 0; i < f->nlit; i++) {
		l = &f->lit[i];
		if (chars > l->max_chars)
			continue;
		if (l->cp == 0) {
			if (memmem(s, n, l->s, l->len) != NULL)
				return 1;
			continue;
		}
		for (j = t0; j < t1; j++)
			if (tk->t[j].kind == NT_TOK_PUNCT && tk->t[j].cp == l->cp)
				return 1;
	}
	return 0;
}

/* Is the line furniture by nclean's phrase rules? */
static int
by_rule(const struct nt_furn *f, const char *text, const struct nt_toks *tk,
    size_t t0, size_t t1, const struct nt_fshape *s)
{
	uint64_t w[64];
	size_t i, n = 0;

	if (s->bracketed)
		return 1;
	if (s->words > 0 && s->words <= f->maxline && s->words <= 64) {
		for (i = t0; i < t1; i++)
			if (tk->t[i].kind != NT_TOK_PUNCT)
				w[n++] = tk->t[i].h;
		i = slot64(f->lines, f->lcap, seq_hash(w, n));
		if (f->lines[i] != 0)
			return 1;
	}
	return by_phrase(f, tk, t0, t1, s->chars) ||
	    by_literal(f, text, tk, t0, t1, s->chars);
}

/* The patterns compiled for this thread, once. */
static void
compile_patterns(const struct nt_furn *f, struct nt_fres *r)
{
	struct nt_buf why = NT_BUF_INIT;
	size_t i;

	if (r->re_of == f)
		return;
	for (i = 0; i < r->nre; i++)
		nt_re_free(&r->re[i]);
	free(r->re);
	r->re = nt_ecalloc(f->npat, sizeof(*r->re));
	for (i = 0; i < f->npat; i++)
		if (nt_re_compile(&r->re[i], f->pat[i].src, f->pat[i].len,
		    f->pat[i].flags, &why) < 0)
			nt_fatalx("furniture pattern: %s", why.p);
	r->nre = f->npat;
	r->re_of = f;
	nt_buf_free(&why);
}

/* Is the line, not prose, furniture by one of nclean's line patterns? */
static int
by_pattern(const struct nt_furn *f, struct nt_fres *r, const char *text,
    const struct nt_toks *tk, size_t t0, size_t t1,
    const struct nt_fshape *s)
{
	const char *p = text + tk->t[t0].b;
	size_t i, n = tk->t[t1 - 1].e - tk->t[t0].b, ms, me;

	compile_patterns(f, r);
	for (i = 0; i < r->nre; i++)
		if (s->chars <= f->pat[i].max_chars &&
		    nt_re_maybe(&r->re[i], p, n) &&
		    nt_re_search(&r->re[i], p, n, 0, &ms, &me) == 1)
			return 1;
	return 0;
}

static void
lines_of(const struct nt_toks *tk, struct nt_fres *r)
{
	size_t i;

	r->nline = 0;
	for (i = 0; i < tk->n; i++) {
		if (i > 0 && !(tk->t[i].f & NT_TF_NL)) {
			r->line[r->nline - 1].t1 = i + 1;
			continue;
		}
		if (r->nline == r->lcap) {
			r->lcap = r->lcap ? r->lcap * 2 : 64;
			r->line = nt_ereallocarray(r->line, r->lcap,
			    sizeof(*r->line));
		}
		r->line[r->nline].t0 = i;
		r->line[r->nline].t1 = i + 1;
		r->line[r->nline].furn = 0;
		r->nline++;
	}
}

/*
 * Lines from one end inward, up to the first line of prose: each shaped
 * like a headline is furniture; others (figures) stay.
 */
static void
peel(struct nt_fres *r, const struct nt_fshape *sh, const uint8_t *prose,
    int tabular, int from_end)
{
	size_t k, i;

	for (k = 0; k < r->nline; k++) {
		i = from_end ? r->nline - 1 - k : k;
		if (prose[i])
			return;
		if (r->line[i].furn == 0 && headline(&sh[i], from_end,
		    tabular))
			r->line[i].furn = 2;
	}
}

static void
finish(struct nt_fres *r, const char *text, const struct nt_toks *tk,
    const struct nt_fshape *sh)
{
	const struct nt_fline *l;
	size_t i, j, kept = 0;

	for (i = 0; i < r->nline; i++)
		kept += r->line[i].furn == 0;
	r->hash = 0;
	r->nfurn = 0;
	if (r->dcap < tk->n) {
		r->dcap = tk->n;
		free(r->drop);
		r->drop = nt_ereallocarray(NULL, r->dcap, sizeof(*r->drop));
	}
	memset(r->drop, 0, tk->n);
	if (kept == 0) {
		for (i = 0; i < r->nline; i++)
			r->line[i].furn = 0;
		return;
	}
	for (i = 0; i < r->nline; i++) {
		l = &r->line[i];
		if (l->furn == 0)
			continue;
		for (j = l->t0; j < l->t1; j++)
			r->drop[j] = 1;
		if (l->furn == 1 || sh[i].words >= 3) {
			r->hash += XXH3_64bits(text + tk->t[l->t0].b,
			    tk->t[l->t1 - 1].e - tk->t[l->t0].b);
			r->nfurn++;
		}
	}
}

void
nt_furn_run(const struct nt_furn *f, const char *text,
    const struct nt_toks *tk, const struct nt_spot *sp, struct nt_fres *r)
{
	struct nt_fshape *sh;
	uint8_t *prose;
	size_t i;
	int tabular = 1;

	lines_of(tk, r);
	if (r->nline == 0) {
		r->hash = 0;
		r->nfurn = 0;
		return;
	}
	if (r->nline > r->shcap) {
		r->shcap = r->nline;
		free(r->sh);
		free(r->prose);
		r->sh = nt_ereallocarray(NULL, r->shcap, sizeof(*r->sh));
		r->prose = nt_emalloc(r->shcap);
	}
	sh = r->sh;
	prose = r->prose;
	for (i = 0; i < r->nline; i++)
		shape_of(tk, sp, r->line[i].t0, r->line[i].t1, &sh[i]);
	for (i = 0; i < r->nline; i++) {
		if (by_rule(f, text, tk, r->line[i].t0, r->line[i].t1, &sh[i]))
			r->line[i].furn = 1;
		prose[i] = r->line[i].furn == 0 && is_prose(&sh[i],
		    i + 1 < r->nline ? &tk->t[r->line[i + 1].t0] : NULL);
		if (r->line[i].furn == 0 && !prose[i] && f->npat > 0 &&
		    by_pattern(f, r, text, tk, r->line[i].t0, r->line[i].t1,
		    &sh[i]))
			r->line[i].furn = 1;
		tabular &= !prose[i];
	}
	peel(r, sh, prose, tabular, 0);
	peel(r, sh, prose, tabular, 1);
	finish(r, text, tk, sh);
}

void
nt_fres_free(struct nt_fres *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nre; i++)
		nt_re_free(&r->re[i]);
	free(r->re);
	free(r->line);
	free(r->drop);
	free(r->sh);
	free(r->prose);
	memset(r, 0, sizeof(*r));
}
