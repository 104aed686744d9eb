#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Inline: most hashes here are of a few words, a few instructions. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "core/conf.h"
#include "core/util.h"
#include "dedupe/spot.h"

/* What the word lists say of a word (a table entry's kind). */
#define W_ANCHOR	0x01
#define W_NUMBER	0x02
#define W_MONTH		0x04

/* Each class hashes apart, so that "may" and "May" differ. */
#define TAG_ANCHOR	0x616e63686f72ULL
#define TAG_NAME	0x6e616d65ULL
#define TAG_NUM		0x6e756d626572ULL
#define SEED_SPOT	0x73706f74ULL
/* The lead word of the marks: the first name's bit + 1, low half. */
#define LEAD_NAME	0xffffffffULL

struct went {
	uint64_t	 h;		/* nt_tok hash of the folded word */
	uint64_t	 num;		/* W_NUMBER: the hash of its digits */
	uint8_t		 kind;
};

/*
 * Open addressing, a power of two at least twice the entries; in front,
 * a bit for each word's hash's top 12 bits: most words of a text are in
 * no list, and one bit of 4096 tells, where a probe of the table went
 * on to the next empty slot.
 */
struct nt_spotw {
	struct went	*t;
	size_t		 cap, n;
	uint64_t	 some[64];
};

static struct went *
wfind(const struct nt_spotw *w, uint64_t h)
{
	size_t i = (size_t)(h ^ h >> 29) & (w->cap - 1);

	while (w->t[i].h != 0 && w->t[i].h != h)
		i = (i + 1) & (w->cap - 1);
	return &w->t[i];
}

static const struct went wnone;

/* The bit of some for word hash h: its top 12 bits. */
#define SOME_BIT(h)	((unsigned)((h) >> 52))

/* The entry of word hash h, or one whose h is 0. */
static inline const struct went *
wget(const struct nt_spotw *w, uint64_t h)
{
	unsigned b = SOME_BIT(h);

	if (!(w->some[b >> 6] >> (b & 63) & 1))
		return &wnone;
	return wfind(w, h);
}

static void
wgrow(struct nt_spotw *w)
{
	struct went *old = w->t;
	size_t ocap = w->cap, i;

	w->cap = ocap ? ocap * 2 : 256;
	w->t = nt_ecalloc(w->cap, sizeof(*w->t));
	for (i = 0; i < ocap; i++)
		if (old[i].h != 0)
			*wfind(w, old[i].h) = old[i];
	free(old);
}

/* The hash nt_tok_run gives the first token of s. */
static uint64_t
tokhash(const char *s, struct nt_toks *tk)
{
	nt_tok_run(tk, s, strlen(s));
	return tk->n > 0 ? tk->t[0].h : 0;
}

static void
wadd(struct nt_spotw *w, uint64_t h, uint8_t kind, uint64_t num)
{
	struct went *e;
	unsigned b;

	if (h == 0)
		return;
	if (2 * (w->n + 1) > w->cap)
		wgrow(w);
	e = wfind(w, h);
	if (e->h == 0) {
		e->h = h;
		w->n++;
		b = SOME_BIT(h);
		w->some[b >> 6] |= (uint64_t)1 << (b & 63);
	}
	e->kind |= kind;
	if (kind & W_NUMBER)
		e->num = num;
}

/* A list of words under key: each gets kind. */
static int
load_list(struct nt_spotw *w, const char *path, const struct nt_ynode *root,
    const char *key, uint8_t kind, struct nt_toks *tk, struct nt_buf *err)
{
	const struct nt_ynode *v = nt_ymap_get(root, key), *x;
	size_t i;

	if (v == NULL || v->type != NT_YSEQ) {
		nt_yerr(err, path, v != NULL ? v : root, "'%s' must be a list "
		    "of words", key);
		return -1;
	}
	for (i = 0; i < v->n; i++) {
		x = v->kid[i];
		if (x->type != NT_YSCALAR || x->len == 0) {
			nt_yerr(err, path, x, "'%s': not a word", key);
			return -1;
		}
		wadd(w, tokhash(x->s, tk), kind, 0);
	}
	return 0;
}

/* numbers: a map of word -> digits. */
static int
load_numbers(struct nt_spotw *w, const char *path,
    const struct nt_ynode *root, struct nt_toks *tk, struct nt_buf *err)
{
	const struct nt_ynode *v = nt_ymap_get(root, "numbers");
	const struct nt_ynode *k, *d;
	uint64_t num;
	size_t i;

	if (v == NULL || v->type != NT_YMAP) {
		nt_yerr(err, path, v != NULL ? v : root, "'numbers' must map "
		    "number words to digits");
		return -1;
	}
	for (i = 0; i + 1 < v->n; i += 2) {
		k = v->kid[i];
		d = v->kid[i + 1];
		if (d->type != NT_YSCALAR || d->len == 0 ||
		    strspn(d->s, "0123456789") != d->len) {
			nt_yerr(err, path, d, "'%s': not digits", k->s);
			return -1;
		}
		num = tokhash(d->s, tk);
		wadd(w, tokhash(k->s, tk), W_NUMBER, num);
	}
	return 0;
}

struct nt_spotw *
nt_spotw_load(const char *path, struct nt_buf *err)
{
	struct nt_spotw *w;
	struct nt_ynode *root;
	struct nt_toks tk = NT_TOKS_INIT;
	int rc;

	if ((root = nt_yaml_load(path, err)) == NULL)
		return NULL;
	w = nt_ecalloc(1, sizeof(*w));
	wgrow(w);
	rc = root->type != NT_YMAP ? -1 : 0;
	if (rc < 0)
		nt_yerr(err, path, root, "expected a mapping");
	if (rc == 0)
		rc = load_list(w, path, root, "anchors", W_ANCHOR, &tk, err);
	if (rc == 0)
		rc = load_list(w, path, root, "months", W_MONTH, &tk, err);
	if (rc == 0)
		rc = load_numbers(w, path, root, &tk, err);
	nt_toks_free(&tk);
	nt_ynode_free(root);
	if (rc < 0) {
		nt_spotw_free(w);
		return NULL;
	}
	return w;
}

struct nt_spotw *
nt_spotw_default(struct nt_buf *err)
{
	struct nt_buf path = NT_BUF_INIT;
	struct nt_spotw *w = NULL;

	if (nt_datapath("ndedupe/spot.yaml", &path) < 0) {
		nt_buf_reset(err);
		nt_buf_adds(err, "cannot find data file ndedupe/spot.yaml "
		    "(set NTOOLS_DATA)");
	} else
		w = nt_spotw_load(path.p, err);
	nt_buf_free(&path);
	return w;
}

void
nt_spotw_free(struct nt_spotw *w)
{
	if (w == NULL)
		return;
	free(w->t);
	free(w);
}

void
nt_spot_init(struct nt_spot *s)
{
	memset(s, 0, sizeof(*s));
}

static void
grow_tokens(struct nt_spot *s, size_t n)
{
	if (n <= s->tcap)
		return;
	s->tcap = n + n / 2;
	s->cls = nt_ereallocarray(s->cls, s->tcap, sizeof(*s->cls));
	s->fl = nt_ereallocarray(s->fl, s->tcap, sizeof(*s->fl));
	s->val = nt_ereallocarray(s->val, s->tcap, sizeof(*s->val));
	s->mkey = nt_ereallocarray(s->mkey, s->tcap, sizeof(*s->mkey));
	s->fkey = nt_ereallocarray(s->fkey, s->tcap, sizeof(*s->fkey));
}

/* Punctuation after which a capital does not make a name. */
static int
starts_sentence(uint32_t cp)
{
	switch (cp) {
	case '.': case '!': case '?': case ':': case ';': case '"': case '(':
	case '[': case 0x201c: case 0x2018: case 0x2026: case 0x2022:
		return 1;
	}
	return 0;
}

static int
ends_sentence(uint32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

/* Four digits from 1900 to 2099. */
static int
is_year(const char *text, const struct nt_tok *t)
{
	const char *p = text + t->b;

	return t->e - t->b == 4 && (p[0] == '1' || p[0] == '2') &&
	    (p[1] == '9' || p[1] == '0') && p[2] >= '0' && p[2] <= '9' &&
	    p[3] >= '0' && p[3] <= '9' && (p[0] == '1') == (p[1] == '9');
}

/*
 * What a name counts as among the marks: its first two letters and its
 * last, so that a typo inside it ("Soutions", "Datparoducts") leaves it
 * the same name, while another company's ("AVX", "MTech") is another.
 */
static uint64_t
name_key(const char *text, const struct nt_tok *t)
{
	const unsigned char *p = (const unsigned char *)text + t->b;
	size_t n = t->e - t->b, i;
	unsigned char k[3];

	if (n < 3)
		return t->h ^ TAG_NAME;
	for (i = 0; i < n; i++)
		if (p[i] >= 0x80 || !((p[i] | 0x20) >= 'a' &&
		    (p[i] | 0x20) <= 'z'))
			return t->h ^ TAG_NAME;
	k[0] = p[0] | 0x20;
	k[1] = p[1] | 0x20;
	k[2] = p[n - 1] | 0x20;
	return XXH3_64bits(k, sizeof(k));
}

/* The class of word token t (not a number), given the lists' entry e. */
static void
classify_word(struct nt_spot *s, size_t i, const char *text,
    const struct nt_tok *t, const struct went *e, int start)
{
	s->val[i] = 0;
	if (e->h != 0 && (e->kind & W_MONTH))
		s->fl[i] |= NT_SPF_MONTH;
	if (e->h != 0 && (e->kind & W_NUMBER)) {
		s->cls[i] = NT_SPC_NUM;
		s->val[i] = s->mkey[i] = e->num ^ TAG_NUM;
	} else if (t->f & NT_TF_DIGIT) {
		s->cls[i] = NT_SPC_NAME;
		s->val[i] = s->mkey[i] = t->h ^ TAG_NAME;
	} else if (e->h != 0 && (e->kind & W_ANCHOR)) {
		s->cls[i] = NT_SPC_ANCHOR;
		s->val[i] = t->h ^ TAG_ANCHOR;
	} else if ((t->f & NT_TF_UPPER1) && !start) {
		s->cls[i] = NT_SPC_NAME;
		s->val[i] = t->h ^ TAG_NAME;
		s->mkey[i] = name_key(text, t);
	} else
		s->cls[i] = NT_SPC_WORD;
}

/*
 * A number glued to the one two tokens before it by '/', '-' or ':'
 * ("1-1/2", "1986/87", "04/09/87") is part of it: the whole chain is
 * one number, held by its first token.  *head and *last follow the
 * chain: its first token and its latest number.
 */
static void
number(struct nt_spot *s, const char *text, const struct nt_toks *tk,
    size_t i, size_t *head, size_t *last)
{
	const struct nt_tok *t = &tk->t[i], *sep = &tk->t[i - (i > 0)];
	uint64_t v[2];

	s->cls[i] = NT_SPC_NUM;
	s->val[i] = s->mkey[i] = t->h ^ TAG_NUM;
	if (is_year(text, t))
		s->fl[i] |= NT_SPF_YEAR;
	if (i < 2 || *last != i - 2 || !(t->f & NT_TF_GLUED) ||
	    sep->kind != NT_TOK_PUNCT || !(sep->f & NT_TF_GLUED) ||
	    (sep->cp != '/' && sep->cp != '-' && sep->cp != ':')) {
		*head = *last = i;
		return;
	}
	v[0] = s->val[*head];
	v[1] = s->val[i];
	s->val[*head] = XXH3_64bits(v, sizeof(v));
	s->mkey[*head] = s->val[*head];
	/* Three numbers in a chain are a date: 2024-02-07, 04/09/87. */
	if (i - *head == 4 && sep->cp != ':')
		s->fl[*head] |= NT_SPF_DATE;
	s->cls[i] = NT_SPC_PUNCT;
	s->val[i] = 0;
	*last = i;
}

/*
 * A capitalised word that begins a sentence is a name too when it is in
 * capitals (AVX) or a name follows it (Lord Goldsmith, Witco Corp).
 */
static void
first_names(struct nt_spot *s, const char *text, const struct nt_toks *tk)
{
	const struct nt_tok *t;
	size_t i;

	for (i = 0; i < tk->n; i++) {
		t = &tk->t[i];
		if (!(s->fl[i] & NT_SPF_START) || s->cls[i] != NT_SPC_WORD ||
		    !(t->f & NT_TF_UPPER1))
			continue;
		if ((t->f & NT_TF_ALLCAPS) && t->len >= 2) {
			s->cls[i] = NT_SPC_NAME;
			s->val[i] = t->h ^ TAG_NAME;
			s->mkey[i] = name_key(text, t);
		} else if (i + 1 < tk->n && s->cls[i + 1] == NT_SPC_NAME &&
		    !(s->fl[i + 1] & NT_SPF_START)) {
			/*
			 * In the skeleton only: a spinner may swap it
			 * ("Total M2" for "Come M2").
			 */
			s->cls[i] = NT_SPC_NAME;
			s->val[i] = t->h ^ TAG_NAME;
			s->mkey[i] = 0;
		}
	}
}

/*
 * What token i counts as if it is the first word of the text kept: a
 * capitalised word that is not an anchor or a number ("Vantor said on
 * Monday") by name_key, so that a typo in it ("Chevrn") leaves it the
 * same word; else 0.
 */
static uint32_t
first_key(const struct nt_spot *s, const char *text, const struct nt_tok *t,
    size_t i)
{
	if (t->kind != NT_TOK_WORD || !(t->f & NT_TF_UPPER1) ||
	    s->cls[i] == NT_SPC_ANCHOR || s->cls[i] == NT_SPC_NUM)
		return 0;
	return (uint32_t)(name_key(text, t) >> 32) | 1;
}

void
nt_spot_classify(struct nt_spot *s, const struct nt_spotw *w,
    const char *text, const struct nt_toks *tk)
{
	const struct nt_tok *t;
	size_t i, head = SIZE_MAX, last = SIZE_MAX;
	int start = 1;

	grow_tokens(s, tk->n);
	for (i = 0; i < tk->n; i++) {
		t = &tk->t[i];
		s->fl[i] = 0;
		if (t->f & NT_TF_NL)
			start = 1;
		switch (t->kind) {
		case NT_TOK_PUNCT:
			s->cls[i] = NT_SPC_PUNCT;
			s->val[i] = 0;
			if (ends_sentence(t->cp))
				s->fl[i] |= NT_SPF_END;
			if (starts_sentence(t->cp))
				start = 1;
			continue;
		case NT_TOK_NUM:
			number(s, text, tk, i, &head, &last);
			break;
		default:
			classify_word(s, i, text, t, wget(w, t->h), start);
			break;
		}
		if (start)
			s->fl[i] |= NT_SPF_START;
		start = 0;
	}
	first_names(s, text, tk);
	/* Furniture goes by lines: the first word kept begins a line. */
	for (i = 0, start = 1; i < tk->n; i++) {
		t = &tk->t[i];
		if (t->f & NT_TF_NL)
			start = 1;
		s->fkey[i] = start ? first_key(s, text, t, i) : 0;
		if (t->kind != NT_TOK_PUNCT)
			start = 0;
	}
}

/*
 * Set the bit of v in the mask of nw words (a power of two) and return
 * it.  Token hashes of numbers are not mixed well enough to take bits of.
 */
static unsigned
mark(uint64_t *m, size_t nw, uint64_t v)
{
	unsigned b = (unsigned)(XXH3_64bits(&v, sizeof(v)) % (64 * nw));

	m[b >> 6] |= (uint64_t)1 << (b & 63);
	return b;
}

/* Line starts' first words kept after the text's first, in marks. */
static void
start_add(uint64_t *marks, size_t *n, uint32_t key)
{
	if (*n < 2 * NT_SP_STARTW) {
		marks[NT_SP_STARTS + *n / 2] |= (uint64_t)key << (32 * (*n % 2));
		(*n)++;
	}
}

/* The skeleton of the tokens kept, and the marks. */
static void
skeleton(struct nt_spot *s, const struct nt_toks *tk, const uint8_t *drop)
{
	size_t i, nstart = 0;
	unsigned b;

	if (tk->n > s->skcap) {
		s->skcap = tk->n;
		free(s->sk);
		s->sk = nt_ereallocarray(NULL, s->skcap, sizeof(*s->sk));
	}
	if (tk->n > s->cwcap) {
		s->cwcap = tk->n;
		free(s->cw);
		s->cw = nt_ereallocarray(NULL, s->cwcap, sizeof(*s->cw));
	}
	s->nsk = s->ncw = 0;
	memset(s->marks, 0, sizeof(s->marks));
	for (i = 0; i < tk->n; i++) {
		if (drop != NULL && drop[i])
			continue;
		if (s->nsk + s->ncw == 0 && s->cls[i] != NT_SPC_PUNCT)
			s->marks[NT_SP_LEADW] = (uint64_t)s->fkey[i] << 32;
		else if (s->fkey[i] != 0)
			start_add(s->marks, &nstart, s->fkey[i]);
		switch (s->cls[i]) {
		case NT_SPC_WORD:
			s->cw[s->ncw++] = tk->t[i].h;
			continue;
		case NT_SPC_NUM:
			mark(s->marks, NT_SP_NUMW, s->mkey[i]);
			break;
		case NT_SPC_NAME:
			if (s->mkey[i] == 0)
				break;
			b = mark(s->marks + NT_SP_NUMW, NT_SP_NAMEW,
			    s->mkey[i]);
			if ((s->marks[NT_SP_LEADW] & LEAD_NAME) == 0)
				s->marks[NT_SP_LEADW] |= b + 1;
			break;
		case NT_SPC_ANCHOR:
			break;
		default:
			continue;
		}
		s->sk[s->nsk++] = s->val[i];
	}
}

static void
addkey(struct nt_spot *s, uint64_t k)
{
	uint32_t i;

	for (i = 0; i < s->nkeys; i++)
		if (s->keys[i] == k)
			return;
	s->keys[s->nkeys++] = k;
}

/* The smallest NT_SP_LEADKEYS of the first NT_SP_LEAD spots. */
static void
lead_keys(const uint64_t *sp, size_t n, uint64_t *lead, size_t *nlead)
{
	size_t i, j, m = 0;
	uint64_t v;

	for (i = 0; i < n && i < NT_SP_LEAD; i++) {
		v = sp[i];
		for (j = 0; j < m && lead[j] < v; j++)
			;
		if ((j < m && lead[j] == v) || j >= NT_SP_LEADKEYS)
			continue;
		if (m < NT_SP_LEADKEYS)
			m++;
		memmove(lead + j + 1, lead + j, (m - j - 1) * sizeof(*lead));
		lead[j] = v;
	}
	*nlead = m;
}

/*
 * The bottom-k sketch of v[0..n) (sorted, unique): the smallest cap
 * distinct top 32 bits into sk (*nsk of them); *distinct counts them all.
 */
static void
bottom_k(const uint64_t *v, size_t n, uint32_t *sk, uint32_t cap,
    uint32_t *nsk, uint32_t *distinct)
{
	uint32_t top, prev = 0;
	size_t i;

	*nsk = *distinct = 0;
	for (i = 0; i < n; i++) {
		top = (uint32_t)(v[i] >> 32);
		if (i > 0 && top == prev)
			continue;
		prev = top;
		if (*nsk < cap)
			sk[(*nsk)++] = top;
		(*distinct)++;
	}
}

void
nt_spot_run(struct nt_spot *s, const struct nt_toks *tk, const uint8_t *drop)
{
	uint64_t lead[NT_SP_LEADKEYS];
	size_t ns, i, nlead;

	s->n = s->nsketch = s->nkeys = 0;
	s->nsp = 0;
	skeleton(s, tk, drop);
	s->ncw = nt_hsort_unique(&s->hs, s->cw, s->ncw);
	bottom_k(s->cw, s->ncw, s->wsketch, NT_SP_WSKETCH, &s->nwsketch,
	    &s->wn);
	if (s->nsk == 0)
		return;
	ns = s->nsk < NT_SP_RUN ? 1 : s->nsk - NT_SP_RUN + 1;
	if (ns > s->spcap) {
		s->spcap = ns + ns / 2;
		free(s->sp);
		s->sp = nt_ereallocarray(NULL, s->spcap, sizeof(*s->sp));
	}
	for (i = 0; i < ns; i++)
		s->sp[i] = XXH3_64bits_withSeed(s->sk + i, sizeof(*s->sk) *
		    (s->nsk < NT_SP_RUN ? s->nsk : NT_SP_RUN), SEED_SPOT);
	lead_keys(s->sp, ns, lead, &nlead);
	s->nsp = nt_hsort_unique(&s->hs, s->sp, ns);
	for (i = 0; i < s->nsp && s->nkeys < NT_SP_MINKEYS; i++)
		addkey(s, s->sp[i]);
	for (i = 0; i < nlead; i++)
		addkey(s, lead[i]);
	bottom_k(s->sp, s->nsp, s->sketch, NT_SP_SKETCH, &s->nsketch, &s->n);
}

void
nt_spot_marks_out(const uint64_t *small, const uint64_t *big, int which,
    int *miss, int *all)
{
	int i, m = 0, a = 0;

	size_t nw = which ? NT_SP_NAMEW : NT_SP_NUMW;

	small += which ? NT_SP_NUMW : 0;
	big += which ? NT_SP_NUMW : 0;
	for (i = 0; i < (int)nw; i++) {
		m += __builtin_popcountll(small[i] & ~big[i]);
		a += __builtin_popcountll(small[i]);
	}
	*miss = m;
	*all = a;
}

uint32_t
nt_spot_first_word(const struct nt_spotw *w, const char *text,
    const struct nt_toks *tk)
{
	const struct nt_tok *t;
	const struct went *e;
	size_t i;

	for (i = 0; i < tk->n && tk->t[i].kind == NT_TOK_PUNCT; i++)
		;
	if (i == tk->n)
		return 0;
	t = &tk->t[i];
	if (t->kind != NT_TOK_WORD || !(t->f & NT_TF_UPPER1))
		return 0;
	/* As classify_word: a number word, or an anchor without digits. */
	e = wfind(w, t->h);
	if (e->h != 0 && ((e->kind & W_NUMBER) ||
	    ((e->kind & W_ANCHOR) && !(t->f & NT_TF_DIGIT))))
		return 0;
	return (uint32_t)(name_key(text, t) >> 32) | 1;
}

/* Does a line of the text of marks m, past its first, begin with key? */
static int
starts_with(const uint64_t *m, uint32_t key)
{
	size_t i;

	for (i = 0; i < 2 * NT_SP_STARTW; i++)
		if ((uint32_t)(m[NT_SP_STARTS + i / 2] >> (32 * (i % 2))) == key)
			return 1;
	return 0;
}

int
nt_spot_first_apart(const uint64_t *a, const uint64_t *b)
{
	uint64_t fa = a[NT_SP_LEADW] & ~LEAD_NAME, fb = b[NT_SP_LEADW] &
	    ~LEAD_NAME;

	return fa != 0 && fb != 0 && fa != fb && (a[NT_SP_LEADW] &
	    LEAD_NAME) == (b[NT_SP_LEADW] & LEAD_NAME) &&
	    !starts_with(b, (uint32_t)(fa >> 32)) &&
	    !starts_with(a, (uint32_t)(fb >> 32));
}

int
nt_spot_lead_in(const uint64_t *small, const uint64_t *big)
{
	uint64_t b = small[NT_SP_LEADW] & LEAD_NAME;

	if (b == 0)
		return 1;
	b--;
	return (big[NT_SP_NUMW + (b >> 6)] >> (b & 63)) & 1;
}

void
nt_spot_free(struct nt_spot *s)
{
	if (s == NULL)
		return;
	free(s->cls);
	free(s->fl);
	free(s->val);
	free(s->mkey);
	free(s->fkey);
	free(s->sk);
	free(s->sp);
	free(s->cw);
	nt_hsort_free(&s->hs);
	memset(s, 0, sizeof(*s));
}
