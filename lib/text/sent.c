#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text/chars.h"
#include "text/sent.h"
#include "text/tok.h"
#include "core/utf8.h"
#include "core/util.h"

/*
 * A token is a run of the tokenizer (NT_TOK_RUNS: bytes between white
 * space, tags counting as white space), or a piece of one cut after a
 * full-width stop.  Its flags say whether a line or a paragraph starts
 * with it (NT_TF_NL, NT_TF_PARA) and whether the line before ended in
 * white space (NT_TF_SPNL), the mark of a line wrapped by hand ("early
 * \nmeans"); tkf[] holds what the decisions note of it (TK_*).
 */
/* A quotation mark or bracket: where it is, in which token and line. */
struct mark {
	size_t		 pos;
	size_t		 tok;
	size_t		 line;
};

/* What a split needs besides its results; kept from split to split. */
struct nt_sent_work {
	struct nt_toks	 runs;		/* the text's runs (tok.h) */
	struct nt_toks	 cut;		/* the runs cut after "。", if need be */
	const struct nt_tok *tok;	/* the tokens: runs.t or cut.t */
	size_t		 ntok;
	unsigned char	*tkf;		/* TK_* of each token */
	size_t		 tkfcap;
	size_t		*gap;		/* gaps that need a decision */
	size_t		 ngap, gapcap;
	int		*depth;		/* nesting at each gap */
	size_t		 depthcap;
	struct mark	*mk;		/* quotation marks and brackets */
	size_t		 nmk, mkcap;
	size_t		*ev;		/* bytes to look at (events()) */
	size_t		 nev, evcap;
	size_t		*glue;		/* after "world.": "Today" (gluestops()) */
	size_t		 nglue, gluecap;
	struct nt_toks	 glued;		/* the tokens cut there, if need be */
};

#define TK_ENDQ		0x2	/* ends in a letter, comma...: cannot
				   end a sentence */
#define TK_MARKQ	0x4	/* cannot be a list marker, a bullet or a
				   label */

/* What ends a token. */
enum { T_NONE, T_PERIOD, T_ELLIPSIS, T_EXCL, T_HARD, T_DASH };
/* The first letter or digit of a token. */
enum { C_NONE, C_UPPER, C_LOWER, C_DIGIT, C_OTHER };

struct tend {
	int	 term;
	int	 quote;		/* a closing quotation mark follows it */
	size_t	 cb, ce;	/* the word before the final punctuation */
	size_t	 te;		/* where the terminal run ends */
	int	 foot;		/* a footnote mark follows the terminal */
};

struct tnext {
	int	 cls;
	size_t	 wb, we;	/* its first word (letters only) */
	size_t	 tok;		/* the token it is in (dashes skipped) */
	int	 paren;		/* the token opens with ( or [ */
	int	 allcaps;	/* the word is two or more capitals */
	int	 punct;		/* the token holds no letter or digit */
};

/* A list marker: "1.", "a)", "(iv)", "2.)". */
struct marker {
	int	 style;		/* 0: not a marker */
	int	 num;		/* digits, or the letter's place in a-z */
	int	 roman;		/* its value as a roman numeral, or 0 */
};

/* The language of a split, or how to ask for it (nt_sent_split_lazy). */
struct rlang {
	const struct nt_sent_lang *lang;	/* or NULL */
	const struct nt_sent_lazy *lazy;	/* lang not asked for yet */
};

struct run {
	const struct nt_sent_conf *conf;
	struct rlang	*rl;		/* changes as the split goes */
	struct nt_sent_work *w;
	const char	*t;
	size_t		 n;
	unsigned	 flags;
	int		*qdepth;	/* per gap: inside quotation marks */
	int		*pdepth;	/* per gap: inside brackets */
};

/* --- characters --- */

static uint32_t
cpat(const char *t, size_t i, size_t n, size_t *len)
{
	uint32_t cp;
	size_t l;

	if ((unsigned char)t[i] < 0x80) {
		*len = 1;
		return (unsigned char)t[i];
	}
	l = nt_utf8_seqlen((const unsigned char *)t + i, n - i);
	if (l == 0) {
		*len = 1;
		return 0xFFFD;
	}
	nt_utf8_decode(t + i, &cp);
	*len = l;
	return cp;
}

/* Start of the code point that ends just before i (i > lo). */
static size_t
cpback(const char *t, size_t lo, size_t i)
{
	size_t k = i - 1;

	while (k > lo && ((unsigned char)t[k] & 0xC0) == 0x80 && i - k < 4)
		k--;
	return k;
}

/* The case of a letter; an uncased letter starts a sentence like a capital. */
static inline int
cls(uint32_t c)
{
	unsigned cc;

	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? C_UPPER : c >= 'a' && c <= 'z' ?
		    C_LOWER : c >= '0' && c <= '9' ? C_DIGIT : C_OTHER;
	cc = nt_cc(c);
	if (cc & NT_CC_UPPER)
		return C_UPPER;
	if (cc & NT_CC_LOWER)
		return C_LOWER;
	if (cc & NT_CC_LETTER)
		return C_UPPER;
	if (cc & NT_CC_DIGIT)
		return C_DIGIT;
	return C_OTHER;
}

static int
isletter(uint32_t c)
{
	int k = cls(c);

	return k == C_UPPER || k == C_LOWER;
}

static int
isterm_cp(uint32_t c)
{
	switch (c) {
	case '.': case '!': case '?': case 0x2026: case 0x203C: case 0x2047:
	case 0x2048: case 0x2049:
		return 1;
	case 0xFF0E: case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF61:
		return 2;		/* full width: ends a sentence at once */
	default:
		return 0;
	}
}

static int
iscloser_cp(uint32_t c)
{
	switch (c) {
	case '"': case '\'': case ')': case ']': case '}': case '*': case '_':
	case 0x201D: case 0x2019: case 0x201C: case 0x2018: case 0xBB:
	case 0x203A: case 0xFF09: case 0x300D: case 0x300F: case 0xFF02:
		return 1;
	default:
		return 0;
	}
}

static int
isopener_cp(uint32_t c)
{
	switch (c) {
	case '"': case '\'': case '`': case '(': case '[': case '{': case '*':
	case '_': case 0x201C: case 0x2018: case 0x201E: case 0x201A: case 0xAB:
	case 0x2039: case 0xBF: case 0xA1: case 0xFF08: case 0x300C:
	case 0x300E: case 0xFF02:
		return 1;
	default:
		return 0;
	}
}

static int
isdash_cp(uint32_t c)
{
	return (nt_cc(c) & NT_CC_DASH) != 0;
}

static int
isbullet_cp(uint32_t c)
{
	switch (c) {
	case 0x2022: case 0x2023: case 0x2043: case 0x25E6: case 0x25AA:
	case 0x25CF: case 0x25A0: case 0x25BA: case 0x25B8: case 0x2219:
		return 1;
	default:
		return 0;
	}
}

/* Runs of these, three or more, are decoration, not text. */
static int
isdeco(unsigned char c)
{
	switch (c) {
	case '/': case '\\': case '=': case '#': case '_': case '~':
	case '|': case '+': case '-': case '<': case '>': case '^':
		return 1;
	default:
		return 0;
	}
}

/* --- the tokenizer --- */

static int
lower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/*
 * The last byte of a token: LC_PLAIN cannot end a sentence (a letter, a
 * comma...), LC_DIGIT might end a footnote mark, LC_MARK may end a list
 * marker ("2." "b)"), LC_COLON may end a label ("Image:").
 */
#define LC_PLAIN	0x1
#define LC_DIGIT	0x2
#define LC_MARK		0x4
#define LC_COLON	0x8

static const unsigned char lastcls[256] = {
	[0x23 ... 0x25] = LC_PLAIN, [0x2B ... 0x2D] = LC_PLAIN,
	[0x2F] = LC_PLAIN, [0x3B] = LC_PLAIN, [0x3D ... 0x3E] = LC_PLAIN,
	[0x40 ... 0x5A] = LC_PLAIN, [0x5C] = LC_PLAIN, [0x5E] = LC_PLAIN,
	[0x60 ... 0x7A] = LC_PLAIN, [0x7C] = LC_PLAIN, [0x7E ... 0x7F] = LC_PLAIN,
	['0' ... '9'] = LC_DIGIT,
	['.'] = LC_MARK, [')'] = LC_MARK, [':'] = LC_COLON,
};

/* Line breaks before token k: 0, 1, or 2 for a paragraph. */
static inline int
toknl(const struct nt_sent_work *w, size_t k)
{
	uint16_t f = w->tok[k].f;

	return k == 0 ? 0 : (f & NT_TF_PARA) ? 2 : (f & NT_TF_NL) ? 1 : 0;
}

/* What token k's ends say (TK_*), and whether the gap before it needs a
 * decision. */
static inline void
tokflags(struct nt_sent_work *s, const char *s_text, size_t k)
{
	size_t q, b = s->tok[k].b, e = s->tok[k].e;
	unsigned char last, lc, f = 0;

	last = (unsigned char)s_text[e - 1];
	lc = lastcls[last];
	if (lc & LC_PLAIN)
		f |= TK_ENDQ;
	else if (lc & LC_DIGIT) {
		/* a number ends nothing, unless it is a footnote mark */
		for (q = e - 1; q > b && s_text[q - 1] >= '0' &&
		    s_text[q - 1] <= '9'; q--)
			;
		/* four digits may be the year that ends a dateline */
		if ((q == b && e - b > 4) || (q > b && s_text[q - 1] != '.' &&
		    s_text[q - 1] != '!' && s_text[q - 1] != '?'))
			f |= TK_ENDQ;	/* "12" may end a footnote run */
	}
	if ((unsigned char)s_text[b] < 0x80 && !(lc & LC_COLON) &&
	    (!(lc & LC_MARK) || e - b > 12))
		f |= TK_MARKQ;
	s->tkf[k] = f;
	/* Between two plain words there is nothing to decide. */
	if (k > 0 && ((s->tok[k].f & (NT_TF_NL | NT_TF_PARA)) ||
	    !(s->tkf[k - 1] & TK_ENDQ) || !(f & TK_MARKQ))) {
		if (s->ngap == s->gapcap) {
			s->gapcap = s->gapcap ? s->gapcap * 2 : 256;
			s->gap = nt_ereallocarray(s->gap, s->gapcap,
			    sizeof(*s->gap));
		}
		s->gap[s->ngap++] = k;
	}
}

/*
 * The tokens of sentence splitting are the tokenizer's runs (tok.h,
 * NT_TOK_RUNS): what the words glued to one another make together
 * ("said." "(AP)" "U.S.-led"), with HTML tags and written-out line
 * breaks as white space.  The marks nesting() pairs (quotation marks and
 * brackets) and the full-width stops ("。", which end a sentence and
 * their token with no space) are found by one pass of bit masks over
 * the text, events(); tokenize() then walks the runs and those places
 * together.
 */
static int
ismark_cp(uint32_t c)
{
	return c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 ||
	    c == 0x201E || c == 0xAB || c == 0xBB;
}

static void
addev(struct nt_sent_work *w, size_t pos)
{
	if (w->nev == w->evcap) {
		w->evcap = w->evcap ? w->evcap * 2 : 256;
		w->ev = nt_ereallocarray(w->ev, w->evcap, sizeof(*w->ev));
	}
	w->ev[w->nev++] = pos;
}

#ifdef __SSE2__
/*
 * Bit j: byte j of p is an ASCII quotation mark (a backtick too) or
 * bracket, or the lead byte of a character that may be a mark or a
 * full-width stop: 0xC2 (« »), 0xE2 (‘ ’ “ ” „), 0xE3 (。) or 0xEF
 * (！ ？ ．).
 */
static unsigned
evmask(const char *p)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p), m;

	m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('\''))),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('`')));
	/* '(' and ')' differ in bit 0 only; '[' is '{' and ']' '}' with
	 * bit 5 set, and no other byte is */
	m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_and_si128(v,
	    _mm_set1_epi8((char)0xFE)), _mm_set1_epi8('(')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_or_si128(v,
	    _mm_set1_epi8(0x20)), _mm_set1_epi8('{')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_or_si128(v,
	    _mm_set1_epi8(0x20)), _mm_set1_epi8('}')));
	m = _mm_or_si128(m, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v,
	    _mm_set1_epi8((char)0xC2)), _mm_cmpeq_epi8(v,
	    _mm_set1_epi8((char)0xE2))), _mm_or_si128(_mm_cmpeq_epi8(v,
	    _mm_set1_epi8((char)0xE3)), _mm_cmpeq_epi8(v,
	    _mm_set1_epi8((char)0xEF)))));
	return (unsigned)_mm_movemask_epi8(m);
}
#endif

static int
evbyte(unsigned char c)
{
	return c == '"' || c == '\'' || c == '`' || c == '(' || c == ')' ||
	    c == '[' || c == ']' || c == '{' || c == '}' || c == 0xC2 ||
	    c == 0xE2 || c == 0xE3 || c == 0xEF;
}

/* Where the text holds a mark, or a character that may be one. */
static void
events(struct nt_sent_work *w, const char *t, size_t n)
{
	size_t i = 0;

	w->nev = 0;
#ifdef __SSE2__
	unsigned m;

	for (; i + 16 <= n; i += 16)
		for (m = evmask(t + i); m != 0; m &= m - 1)
			addev(w, i + (size_t)__builtin_ctz(m));
#endif
	for (; i < n; i++)
		if (evbyte((unsigned char)t[i]))
			addev(w, i);
}

static void
addmark(struct nt_sent_work *w, size_t pos, size_t tok, size_t line)
{
	if (w->nmk == w->mkcap) {
		w->mkcap = w->mkcap ? w->mkcap * 2 : 256;
		w->mk = nt_ereallocarray(w->mk, w->mkcap, sizeof(*w->mk));
	}
	w->mk[w->nmk].pos = pos;
	w->mk[w->nmk].tok = tok;
	w->mk[w->nmk].line = line;
	w->nmk++;
}

/* After a full-width stop, up to e: where its closers and stops end. */
static size_t
hardstop(const char *text, size_t i, size_t e)
{
	size_t l;
	uint32_t c;

	while (i < e) {
		c = cpat(text, i, e, &l);
		if (!isterm_cp(c) && !iscloser_cp(c))
			break;
		i += l;
	}
	return i;
}

/* Invisible characters from i: where they end. */
static size_t
skip_format(const char *text, size_t i, size_t e)
{
	size_t l;

	while (i < e && (unsigned char)text[i] >= 0x80 &&
	    (nt_cc(cpat(text, i, e, &l)) & NT_CC_FORMAT))
		i += l;
	return i;
}

static size_t	count(const char *, size_t);

static void
addcut(struct nt_toks *c, const struct nt_tok *t, size_t b, size_t e,
    size_t cb, size_t ce, uint16_t f)
{
	struct nt_tok *k;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->t = nt_ereallocarray(c->t, c->cap, sizeof(*c->t));
	}
	k = &c->t[c->n++];
	*k = *t;
	k->b = b;
	k->e = e;
	k->cb = cb;
	k->ce = ce;
	k->f = f;
}

/*
 * The runs with each cut after a full-width stop and its closers ("。"
 * ends a sentence, and so its token, with no space): into w->cut.
 */
static void
cut_runs(struct nt_sent_work *w, const char *text)
{
	const struct nt_tok *t;
	size_t r, k = 0, i, l, b, cb, nc;
	uint16_t f;

	w->cut.n = 0;
	for (r = 0; r < w->runs.n; r++) {
		t = &w->runs.t[r];
		b = t->b;
		cb = t->cb;
		f = t->f;
		for (; k < w->nev && w->ev[k] < b; k++)
			;
		for (; k < w->nev && (i = w->ev[k]) < t->e; k++) {
			if ((unsigned char)text[i] < 0x80 ||
			    isterm_cp(cpat(text, i, t->e, &l)) != 2 ||
			    (i = hardstop(text, i + l, t->e)) >= t->e)
				continue;
			nc = cb + count(text + b, i - b);
			addcut(&w->cut, t, b, i, cb, nc, f);
			f = NT_TF_GLUED;
			b = skip_format(text, i, t->e);
			cb = nc + count(text + i, b - i);
			while (k + 1 < w->nev && w->ev[k + 1] < b)
				k++;
		}
		if (b < t->e)
			addcut(&w->cut, t, b, t->e, cb, t->ce, f);
	}
}

/* Does the text hold a full-width stop? */
static int
hardstops(const struct nt_sent_work *w, const char *text, size_t n)
{
	size_t k, l;

	for (k = 0; k < w->nev; k++)
		if ((unsigned char)text[w->ev[k]] >= 0x80 &&
		    isterm_cp(cpat(text, w->ev[k], n, &l)) == 2)
			return 1;
	return 0;
}

/* The marks among the events, each with its token and line. */
static void
marks(struct nt_sent_work *w, const char *text)
{
	size_t e, k = 0, line = 0, l, i;

	w->nmk = 0;
	for (e = 0; e < w->nev && k < w->ntok; e++) {
		i = w->ev[e];
		for (; k < w->ntok && w->tok[k].e <= i; k++)
			if (k + 1 < w->ntok && toknl(w, k + 1))
				line++;
		if (k >= w->ntok || w->tok[k].b > i)
			continue;		/* in a tag: a gap */
		if ((unsigned char)text[i] < 0x80 ||
		    ismark_cp(cpat(text, i, w->tok[k].e, &l)))
			addmark(w, i, k, line);
	}
}

/*
 * A full stop with no space after it that still ends a sentence:
 * "world.Today", "1,000.That".  The stop follows a word of two or more
 * letters or digits, the last in lower case or a digit, and a word of a
 * capital and a lower-case letter follows it; a run holding '@', "://"
 * or a full stop before a lower-case letter is an address or a file
 * name, and a stop in it is never a sentence end ("Jane.Doe@example.com",
 * "www.testurl.Awesome.com").  The places are found with memchr over the
 * whole text, so text without full stops costs nothing; the run they
 * lie in is cut there by gluecut().
 */
static int
gluedstop(const char *t, size_t n, size_t p)
{
	unsigned char a, b;

	if (p < 2 || p + 2 >= n)
		return 0;
	a = (unsigned char)t[p - 1];
	b = (unsigned char)t[p - 2];
	return
	    ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9')) &&
	    ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
	    (b >= '0' && b <= '9') || b == ',') &&
	    t[p + 1] >= 'A' && t[p + 1] <= 'Z' &&
	    t[p + 2] >= 'a' && t[p + 2] <= 'z';
}

static int
address(const char *t, size_t b, size_t e)
{
	size_t i;

	for (i = b; i < e; i++)
		if (t[i] == '@' || (t[i] == ':' && i + 2 < e && t[i + 1] == '/'
		    && t[i + 2] == '/') || (t[i] == '.' && i + 1 < e &&
		    t[i + 1] >= 'a' && t[i + 1] <= 'z'))
			return 1;
	return 0;
}

/* The glued stops of the text into w->glue (positions after the stop). */
static void
gluestops(struct nt_sent_work *w, const char *t, size_t n)
{
	const char *p = t;

	w->nglue = 0;
	while (n > 2 && (p = memchr(p, '.', n - (size_t)(p - t) - 2)) != NULL) {
		if (p > t + 1 && gluedstop(t, n, (size_t)(p - t))) {
			if (w->nglue == w->gluecap) {
				w->gluecap = w->gluecap ? w->gluecap * 2 : 16;
				w->glue = nt_ereallocarray(w->glue, w->gluecap,
				    sizeof(*w->glue));
			}
			w->glue[w->nglue++] = (size_t)(p - t) + 1;
		}
		p++;
	}
}

/* The tokens w->tok cut at the glued stops, into w->glued. */
static void
gluecut(struct nt_sent_work *w, const char *t)
{
	const struct nt_tok *k;
	size_t i, g = 0, b, cb, nc;
	uint16_t f;

	w->glued.n = 0;
	for (i = 0; i < w->ntok; i++) {
		k = &w->tok[i];
		b = k->b;
		cb = k->cb;
		f = k->f;
		for (; g < w->nglue && w->glue[g] <= k->b; g++)
			;
		if (g < w->nglue && w->glue[g] < k->e && !address(t, k->b,
		    k->e))
			for (; g < w->nglue && w->glue[g] < k->e; g++) {
				nc = cb + count(t + b, w->glue[g] - b);
				addcut(&w->glued, k, b, w->glue[g], cb, nc, f);
				f = NT_TF_GLUED;
				b = w->glue[g];
				cb = nc;
			}
		addcut(&w->glued, k, b, k->e, cb, k->ce, f);
	}
	w->tok = w->glued.t;
	w->ntok = w->glued.n;
}

static void
tokenize(struct nt_sent_work *w, const char *text, size_t n)
{
	size_t k;

	nt_tok_scan(&w->runs, text, n, NT_TOK_RUNS | NT_TOK_MARKUP);
	events(w, text, n);
	w->tok = w->runs.t;
	w->ntok = w->runs.n;
	if (hardstops(w, text, n)) {
		cut_runs(w, text);
		w->tok = w->cut.t;
		w->ntok = w->cut.n;
	}
	gluestops(w, text, n);
	if (w->nglue > 0)
		gluecut(w, text);
	if (w->tkfcap < w->ntok) {
		w->tkfcap = w->ntok + w->ntok / 2;
		free(w->tkf);
		w->tkf = nt_ereallocarray(NULL, w->tkfcap, sizeof(*w->tkf));
	}
	w->ngap = 0;
	for (k = 0; k < w->ntok; k++)
		tokflags(w, text, k);
	marks(w, text);
}

/* --- looking at tokens --- */

/* The end of token k: its final punctuation and the word before it. */
static struct tend
tokend(const struct run *r, size_t k)
{
	const char *t = r->t;
	size_t b = r->w->tok[k].b, p = r->w->tok[k].e, q, l, j;
	struct tend te;
	uint32_t c;
	int ndots = 0, ell = 0, excl = 0, hard = 0, any = 0;

	memset(&te, 0, sizeof(te));
	c = (unsigned char)t[p - 1];
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ',') {
		te.cb = te.ce = te.te = p;
		return te;		/* the common case: a plain word */
	}
	/* Footnote marks: "martyr.[1]", "July.[17][18]", "consultation.11" */
	while (p - b >= 3 && t[p - 1] == ']') {
		for (q = p - 1; q > b && p - q < 16 && t[q - 1] != '['; q--)
			if (!((t[q - 1] >= '0' && t[q - 1] <= '9') ||
			    t[q - 1] == '-' || t[q - 1] == ',' ||
			    (unsigned char)t[q - 1] >= 0x80))
				break;
		if (q <= b || t[q - 1] != '[' || q == p - 1)
			break;
		p = q - 1;
		te.foot = 1;
	}
	if (!te.foot) {
		for (q = p; q > b && t[q - 1] >= '0' && t[q - 1] <= '9'; q--)
			;
		if (q < p && p - q <= 3 && q - b >= 2 && t[q - 1] == '.') {
			c = (unsigned char)t[q - 2];
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    c == ')' || c == ']' || c == '"' || c == '\'') {
				te.foot = 1;
				p = q;
			}
		}
	}
	/* closing quotes and brackets */
	while (p > b) {
		j = cpback(t, b, p);
		c = cpat(t, j, p, &l);
		if (!iscloser_cp(c))
			break;
		if (c == '"' || c == '\'' || c == 0x201D || c == 0x2019 ||
		    c == 0xBB)
			te.quote = 1;
		p = j;
	}
	te.te = p;
	while (p > b) {
		j = cpback(t, b, p);
		c = cpat(t, j, p, &l);
		if (!isterm_cp(c))
			break;
		any = 1;
		if (c == '.')
			ndots++;
		else if (c == 0x2026)
			ell = 1;
		else if (isterm_cp(c) == 2)
			hard = 1;
		else
			excl = 1;
		p = j;
	}
	if (!any) {
		te.term = T_NONE;
		/* speech broken off: "to--" */
		if (te.quote && p > b && isdash_cp(cpat(t, cpback(t, b, p), p,
		    &l)))
			te.term = T_DASH;
	} else if (hard)
		te.term = T_HARD;
	else if (excl)
		te.term = T_EXCL;
	else if (ell || ndots > 1)
		te.term = T_ELLIPSIS;
	else
		te.term = T_PERIOD;
	te.ce = p;
	/* opening quotes and brackets before the word */
	q = b;
	while (q < p) {
		c = cpat(t, q, p, &l);
		if (!isopener_cp(c))
			break;
		q += l;
	}
	te.cb = q;
	return te;
}

static int
tokpunct(const struct run *r, size_t k)
{
	size_t i, l;
	int kk;

	for (i = r->w->tok[k].b; i < r->w->tok[k].e; i += l) {
		kk = cls(cpat(r->t, i, r->w->tok[k].e, &l));
		if (kk != C_OTHER)
			return 0;
	}
	return 1;
}

static int
tokdash(const struct run *r, size_t k)
{
	size_t i, l;

	for (i = r->w->tok[k].b; i < r->w->tok[k].e; i += l)
		if (!isdash_cp(cpat(r->t, i, r->w->tok[k].e, &l)))
			return 0;
	return 1;
}

static int
tokbullet(const struct run *r, size_t k)
{
	size_t l;

	if ((unsigned char)r->t[r->w->tok[k].b] < 0x80)
		return 0;
	return isbullet_cp(cpat(r->t, r->w->tok[k].b, r->w->tok[k].e, &l));
}

/* The token after a gap, seen from the gap: what its first word is. */
static struct tnext
toknext(const struct run *r, size_t k)
{
	const char *t = r->t;
	struct tnext nx;
	size_t i, e, l, hops = 0;
	uint32_t c;
	int kk, lower = 0;

	memset(&nx, 0, sizeof(nx));
	while (hops < 2 && k + 1 < r->w->ntok && toknl(r->w, k + 1) == 0 &&
	    tokdash(r, k)) {
		k++;
		hops++;
	}
	nx.tok = k;
	i = r->w->tok[k].b;
	e = r->w->tok[k].e;
	nx.paren = t[i] == '(' || t[i] == '[';
	nx.punct = tokpunct(r, k);
	for (; i < e; i += l) {
		c = cpat(t, i, e, &l);
		if (!isopener_cp(c) && !isdash_cp(c))
			break;
	}
	if (i >= e) {
		nx.cls = C_NONE;
		return nx;
	}
	c = cpat(t, i, e, &l);
	nx.cls = cls(c);
	nx.wb = nx.we = i;
	for (; i < e; i += l) {
		c = cpat(t, i, e, &l);
		kk = cls(c);
		if (kk != C_UPPER && kk != C_LOWER)
			break;
		if (kk == C_LOWER)
			lower = 1;
	}
	nx.we = i;
	nx.allcaps = !lower && nx.we - nx.wb >= 2 && nx.cls == C_UPPER;
	return nx;
}

/*
 * The word t[b..e) without the invisible characters in it, into buf (of
 * NT_AB_MAXWORD bytes): what an abbreviation is looked up by ("U.\u200bS"
 * is "U.S").  Returns the word's length; a word longer than any
 * abbreviation, with invisible characters in it, is left as it is.
 */
static inline size_t
visible(const char *t, size_t b, size_t e, const char **p,
    char buf[NT_AB_MAXWORD])
{
	size_t i, l, k = 0;

	for (i = b; i < e && (unsigned char)t[i] < 0x80; i++)
		;
	*p = t + b;
	if (i == e)
		return e - b;		/* the common case: ASCII */
	for (i = b; i < e; i += l) {
		if (nt_cc(cpat(t, i, e, &l)) & NT_CC_FORMAT)
			continue;
		if (k + l > NT_AB_MAXWORD)
			return e - b;
		memcpy(buf + k, t + i, l);
		k += l;
	}
	*p = buf;
	return k;
}

/*
 * The language of a lazy split, asked for now: no decision taken so
 * far needed it, so none of them changes.
 */
static void
needlang(const struct run *r)
{
	if (r->rl->lazy != NULL) {
		r->rl->lang = r->rl->lazy->resolve(r->rl->lazy->arg);
		r->rl->lazy = NULL;
	}
}

/* The flags of word p[0..n): the default words', and the language's. */
static unsigned
lookupw(const struct run *r, const char *p, size_t n)
{
	unsigned f = nt_abbrev_get(&r->conf->ab, p, n);

	if (r->rl->lazy != NULL && (!r->conf->all ||
	    nt_abbrev_get(&r->conf->extra, p, n) != 0))
		needlang(r);
	if (r->rl->lang != NULL)
		f |= nt_abbrev_get(&r->rl->lang->ab, p, n);
	return f;
}

static unsigned
lookup(const struct run *r, size_t b, size_t e)
{
	char buf[NT_AB_MAXWORD];
	const char *p;
	size_t n = visible(r->t, b, e, &p, buf);

	return lookupw(r, p, n);
}

static int
roman(const char *p, size_t n)
{
	static const char *const lo[] = { "i", "ii", "iii", "iv", "v", "vi",
	    "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi",
	    "xvii", "xviii", "xix", "xx", NULL };
	char w[8];
	size_t i;

	if (n == 0 || n >= sizeof(w))
		return 0;
	for (i = 0; i < n; i++) {
		w[i] = (char)lower_ascii((unsigned char)p[i]);
		switch (w[i]) {
		case 'i': case 'v': case 'x': case 'l': case 'c': case 'd':
		case 'm':
			break;
		default:
			return 0;
		}
	}
	w[n] = '\0';
	for (i = 0; lo[i] != NULL; i++)
		if (strcmp(w, lo[i]) == 0)
			return (int)i + 1;
	return 0;
}

/* Is token k a list marker: "1.", "1)", "1.)", "(1)", "a.", "(iv)"? */
static struct marker
tokmarker(const struct run *r, size_t k)
{
	const char *t = r->t;
	size_t b = r->w->tok[k].b, e = r->w->tok[k].e, x, l;
	struct marker m;
	int paren = 0, kind, suf, v = 0;

	memset(&m, 0, sizeof(m));
	if (e - b < 2 || e - b > 12 || (t[e - 1] != '.' && t[e - 1] != ')'))
		return m;
	if (isbullet_cp(cpat(t, b, e, &l)))
		b += l;
	if (b < e && t[b] == '(') {
		paren = 1;
		b++;
	}
	x = b;
	if (x < e && t[x] >= '0' && t[x] <= '9') {
		for (; x < e && t[x] >= '0' && t[x] <= '9' && x - b < 4; x++)
			v = v * 10 + (t[x] - '0');
		if (x - b > 3)
			return m;
		kind = 1;
	} else {
		for (; x < e && ((t[x] >= 'a' && t[x] <= 'z') ||
		    (t[x] >= 'A' && t[x] <= 'Z')) && x - b < 6; x++)
			;
		if (x == b)
			return m;
		if (x - b > 1 && (m.roman = roman(t + b, x - b)) == 0)
			return m;
		if (x - b == 1) {
			v = lower_ascii((unsigned char)t[b]) - 'a' + 1;
			m.roman = roman(t + b, 1);
		}
		kind = t[b] >= 'a' ? 2 : 3;
	}
	if (paren) {
		if (x + 1 != e || t[x] != ')')
			return m;
		suf = 1;
	} else if (x + 1 == e && t[x] == '.')
		suf = 2;
	else if (x + 1 == e && t[x] == ')')
		suf = 3;
	else if (x + 2 == e && t[x] == '.' && t[x + 1] == ')')
		suf = 4;
	else
		return m;
	m.num = v;
	m.style = kind * 8 + suf;
	return m;
}

static int
successor(struct marker a, struct marker b)
{
	if (a.style == 0 || a.style != b.style)
		return 0;
	return (a.num && b.num == a.num + 1) ||
	    (a.roman && b.roman == a.roman + 1);
}

/*
 * In an item that opened with marker a, marker b opens a new list: a
 * "1" or an "a", of any style ("2.) the second item 1.) the first",
 * "10. the last item a. the first").  Capital letters are left out:
 * "A." and "I." are as often an initial or a word.
 */
static int
restart(struct marker a, struct marker b)
{
	return a.style != 0 && b.style != 0 && b.num == 1 &&
	    (b.style / 8 == 1 || b.style / 8 == 2);
}

/* A word with internal periods of one or two letters each: U.S, e.g, Ph.D */
static int
initialism(const char *text, size_t b, size_t e)
{
	char buf[NT_AB_MAXWORD];
	const char *t;
	size_t i, seg = 0, nseg = 0;

	e = visible(text, b, e, &t, buf);
	for (i = 0; i < e; i++) {
		if ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z')) {
			if (++seg > 2)
				return 0;
		} else if (t[i] == '.' && seg > 0) {
			seg = 0;
			nseg++;
		} else
			return 0;
	}
	return seg > 0 && nseg >= 1;
}

static int
capword(const struct run *r, size_t k)
{
	size_t l;
	size_t i = r->w->tok[k].b;

	for (; i < r->w->tok[k].e; i += l) {
		uint32_t c = cpat(r->t, i, r->w->tok[k].e, &l);
		if (!isopener_cp(c))
			return cls(c) == C_UPPER;
	}
	return 0;
}

/* --- quotations and brackets --- */

struct open {
	uint32_t c;
	size_t	 tok;
};

#define QSTACK 64

static int
pairs(uint32_t open, uint32_t close)
{
	switch (close) {
	case ')': return open == '(';
	case ']': return open == '[';
	case '}': return open == '{';
	case 0x201D: return open == 0x201C || open == '"';
	case 0x2019: return open == 0x2018 || open == '\'';
	case '"': return open == '"' || open == 0x201C || open == 0x201E;
	case '\'': return open == '\'' || open == 0x2018 || open == '`';
	case 0xBB: return open == 0xAB;
	default: return 0;
	}
}

static void
mark(int *depth, size_t a, size_t b)
{
	/* gaps a+1 .. b, the gap g lying before token g */
	if (b > a) {
		depth[a + 1]++;
		depth[b + 1]--;
	}
}

/*
 * Pair quotation marks and brackets within each line and mark the gaps
 * they enclose.  A mark that is never closed on its line encloses
 * nothing: an apostrophe ("'nineties") or a quotation that runs on into
 * the next paragraph.
 */
static void
nesting(struct run *r)
{
	struct nt_sent_work *s = r->w;
	struct open st[QSTACK];
	size_t ns = 0, d, k, i, b, e, l, pl, m, line = 0;
	uint32_t c, prev, next;
	int isopen, isclose, brk;

	memset(r->qdepth, 0, (s->ntok + 1) * sizeof(*r->qdepth));
	memset(r->pdepth, 0, (s->ntok + 1) * sizeof(*r->pdepth));
	for (m = 0; m < s->nmk; m++) {
		if (s->mk[m].line != line) {
			ns = 0;
			line = s->mk[m].line;
		}
		k = s->mk[m].tok;
		i = s->mk[m].pos;
		b = s->tok[k].b;
		e = s->tok[k].e;
		c = cpat(r->t, i, e, &l);
		prev = i > b ? cpat(r->t, cpback(r->t, b, i), i, &pl) : ' ';
		next = i + l < e ? cpat(r->t, i + l, e, &pl) : ' ';
		brk = c == '(' || c == ')' || c == '[' || c == ']' ||
		    c == '{' || c == '}';
		isopen = isclose = 0;
		switch (c) {
		case '(': case '[': case '{': case 0x201C: case 0x201E:
		case 0xAB:
			isopen = 1;
			break;
		case ')': case ']': case '}': case 0x201D: case 0xBB:
			isclose = 1;
			break;
		case 0x2018:
			isopen = 1;
			break;
		case '`':
			/* `So what?' and ``So what?'' open with backticks */
			isopen = next != ' ';
			break;
		case 0x2019:
			isclose = prev != ' ' && !isletter(next);
			break;
		case '"':
			isclose = prev != ' ' && !isletter(next) &&
			    cls(next) != C_DIGIT;
			isopen = prev == ' ' || prev == '(' || prev == '[' ||
			    isdash_cp(prev);
			break;
		case '\'':
			isclose = prev != ' ' && !isletter(next) &&
			    cls(next) != C_DIGIT;
			isopen = (prev == ' ' || prev == '(' || prev == '[' ||
			    prev == '"' || isdash_cp(prev)) && next != ' ';
			break;
		default:
			continue;	/* a neighbour the masks let through */
		}
		for (d = ns; isclose && d > 0; d--)
			if (pairs(st[d - 1].c, c))
				break;
		if (isclose && d > 0) {
			/* marks opened inside and never closed are
			 * apostrophes, or stray */
			ns = d - 1;
			mark(brk ? r->pdepth : r->qdepth, st[ns].tok, k);
		} else if (isopen && ns < QSTACK) {
			st[ns].c = c;
			st[ns].tok = k;
			ns++;
		}
	}
	for (k = 1; k <= s->ntok; k++) {
		r->qdepth[k] += r->qdepth[k - 1];
		r->pdepth[k] += r->pdepth[k - 1];
	}
}

/* --- the decisions --- */

struct state {
	size_t		 start;		/* first token of this sentence */
	struct marker	 m;		/* the list marker it opened with */
	size_t		 mtok;		/* the token of that marker */
};

static int
atstart(const struct run *r, const struct state *st, size_t k)
{
	return k == st->start || (k == st->start + 1 && tokbullet(r, st->start));
}

/*
 * Does the abbreviation that ends token k, before a capitalised word,
 * end its sentence?  Not before a word that carries it on; before a
 * title only when the sentence has more than the opening phrase the
 * abbreviation ends ("At 5 a.m. Mr. Smith went", but "He left at 6
 * P.M. Mr. Smith then ...").
 */
static int
endabbr(const struct run *r, const struct state *st, size_t k,
    const struct tnext *nx)
{
	unsigned f;

	if (nx->cls == C_DIGIT || nx->cls == C_LOWER)
		return 0;
	if (nx->cls == C_UPPER) {
		if (nx->allcaps)
			return 0;
		f = lookup(r, nx->wb, nx->we);
		if (f & NT_AB_CONT)
			return 0;
		if (f & NT_AB_TITLE)
			return k >= st->start + 3;
	}
	return 1;
}

static int
starter(const struct run *r, const struct tnext *nx)
{
	return nx->cls == C_UPPER &&
	    (lookup(r, nx->wb, nx->we) & NT_AB_STARTER);
}

/* Token k is a number of one to three digits (a footnote: "gap.11 12"). */
static int
shortnum(const struct run *r, size_t k)
{
	size_t i, b = r->w->tok[k].b, e = r->w->tok[k].e;

	if (e - b > 3)
		return 0;
	for (i = b; i < e; i++)
		if (r->t[i] < '0' || r->t[i] > '9')
			return 0;
	return 1;
}

/* Token k is a label that opens a caption or credit: "Image:", "Photo:". */
static int
toklabel(const struct run *r, size_t k)
{
	size_t b = r->w->tok[k].b, e = r->w->tok[k].e;

	return e - b >= 3 && r->t[e - 1] == ':' &&
	    (lookup(r, b, e - 1) & NT_AB_LABEL) && cls((unsigned char)r->t[b])
	    == C_UPPER;
}

/*
 * After a dash, a name of at most three words that ends the line is the
 * author of what came before ("... a long game." - Matthew Ingram).
 */
static int
attribution(const struct run *r, size_t k)
{
	size_t j;

	for (j = k + 1; j < r->w->ntok && toknl(r->w, j) == 0; j++)
		if (j - k > 3 || !capword(r, j))
			return 0;
	return j > k + 1;
}

/*
 * A bracketed aside between two quotations is a sentence of its own:
 * "... I should think!" (Dinah was the cat.) "I hope ...".  k + 1 opens
 * the bracket; look for its close on the line, and a quotation after it.
 */
static int
aside(const struct run *r, size_t k)
{
	size_t j;
	struct tnext nx;
	unsigned char c;

	for (j = k + 1; j + 1 < r->w->ntok && j - k < 64; j++) {
		if (toknl(r->w, j + 1))
			return 0;
		if (r->pdepth[j + 1] == r->pdepth[k + 1])
			break;
	}
	if (j + 1 >= r->w->ntok || j - k >= 64 || toknl(r->w, j + 1))
		return 0;
	c = (unsigned char)r->t[r->w->tok[j + 1].b];
	if (c != '"' && !(r->w->tok[j + 1].e - r->w->tok[j + 1].b >= 3 &&
	    memcmp(r->t + r->w->tok[j + 1].b, "\xe2\x80\x9c", 3) == 0))
		return 0;
	nx = toknext(r, j + 1);
	return nx.cls == C_UPPER;
}

/*
 * Abbreviations written with spaces ("z. B.", "d. h.", "EE. UU."): a
 * run of pieces, each one to three ASCII letters and a full stop, on one
 * line, looked up closed up ("z.B"), as the word files list them.  Runs
 * of at most NT_PIECES pieces are tried, so each gap costs a bounded
 * number of lookups; only a run the tables know counts, so initials
 * ("J. R. R. Tolkien") are left to the rules for initials.
 */
#define NT_PIECES	3

static int
piece(const struct run *r, size_t k)
{
	size_t i, b = r->w->tok[k].b, e = r->w->tok[k].e;

	if (e - b < 2 || e - b > 4 || r->t[e - 1] != '.')
		return 0;
	for (i = b; i + 1 < e; i++)
		if (!((r->t[i] >= 'a' && r->t[i] <= 'z') ||
		    (r->t[i] >= 'A' && r->t[i] <= 'Z')))
			return 0;
	return 1;
}

/* The flags of pieces [a, b] closed up: "z. B." as "z.B". */
static unsigned
spacedflags(const struct run *r, size_t a, size_t b)
{
	char buf[NT_AB_MAXWORD];
	size_t j, l, n = 0;

	for (j = a; j <= b; j++) {
		l = r->w->tok[j].e - r->w->tok[j].b;
		if (n + l > sizeof(buf))
			return 0;
		memcpy(buf + n, r->t + r->w->tok[j].b, l);
		n += l;
	}
	return lookupw(r, buf, n - 1);
}

/* The first piece of the run that ends with piece k, on k's line. */
static size_t
piecestart(const struct run *r, size_t k)
{
	size_t a = k;

	while (a > 0 && k - a + 1 < NT_PIECES && toknl(r->w, a) == 0 &&
	    piece(r, a - 1))
		a--;
	return a;
}

/* Is the gap after piece k inside a known spaced abbreviation? */
static int
inspaced(const struct run *r, size_t k)
{
	size_t a, b, a0;

	if (!piece(r, k) || k + 1 >= r->w->ntok || !piece(r, k + 1))
		return 0;
	a0 = piecestart(r, k);
	for (b = k + 1; b < r->w->ntok && b <= k + NT_PIECES - 1 &&
	    piece(r, b) && (b == k + 1 || toknl(r->w, b) == 0); b++)
		for (a = a0; a <= k; a++)
			if (b - a < NT_PIECES && spacedflags(r, a, b) != 0)
				return 1;
	return 0;
}

/*
 * The flags of the word that token k ends with, before its full stop:
 * the longest known spaced abbreviation it ends ("EE. UU."), or the
 * word itself, or, for a word with an elided article or preposition
 * ("l'art." "dell'art."), the word after the apostrophe.
 */
static unsigned
endflags(const struct run *r, size_t k, const struct tend *te)
{
	size_t a, i, l;
	unsigned f;

	if (piece(r, k))
		for (a = piecestart(r, k); a < k; a++)
			if ((f = spacedflags(r, a, k)) != 0)
				return f;
	if ((f = lookup(r, te->cb, te->ce)) != 0)
		return f;
	for (i = te->ce; i > te->cb + 1; i--) {
		if (r->t[i - 1] == '\'' && i < te->ce)
			return lookup(r, i, te->ce);
		if ((unsigned char)r->t[i - 1] == 0x99 && i >= te->cb + 4 &&
		    cpat(r->t, i - 3, te->ce, &l) == 0x2019 && i < te->ce)
			return lookup(r, i, te->ce);
	}
	return 0;
}

/*
 * A number and a full stop that the language reads as an ordinal: at
 * most lang->digits digits, then after a word that takes ordinals ("am",
 * "der") or before a month or a noun that does ("Oktober", "Spieltag");
 * both, in a language that writes them so only at times (Dutch).
 */
static int
ordinal(const struct run *r, size_t k, const struct tend *te,
    const struct tnext *nx)
{
	const struct nt_sent_lang *lg;
	size_t i, b = r->w->tok[k].b;
	int before, after;

	if (r->rl->lazy != NULL && te->cb == b && te->ce > b &&
	    (!r->conf->all || te->ce - b <= r->conf->maxdigits) &&
	    r->t[b] >= '0' && r->t[b] <= '9')
		needlang(r);
	lg = r->rl->lang;
	if (lg == NULL || lg->dot == NT_ORD_NO || te->cb != b ||
	    te->ce - b > lg->digits || te->quote || te->foot ||
	    te->te != te->ce + 1)
		return 0;
	for (i = b; i < te->ce; i++)
		if (r->t[i] < '0' || r->t[i] > '9')
			return 0;
	after = nx->cls == C_UPPER && (nt_abbrev_get(&lg->ord, r->t + nx->wb,
	    nx->we - nx->wb) & NT_AB_ORDAFTER);
	before = k > 0 && toknl(r->w, k) == 0 &&
	    (nt_abbrev_get(&lg->ord, r->t + r->w->tok[k - 1].b,
	    r->w->tok[k - 1].e - r->w->tok[k - 1].b) & NT_AB_ORDBEFORE);
	return lg->dot == NT_ORD_YES ? before || after : before && after;
}

/*
 * Datelines and headlines: lines that are sentences of
 * their own though they end without final punctuation.
 */

/* Token k is a year: four digits from 1000 to 2999. */
static int
tokyear(const struct run *r, size_t k)
{
	size_t i, b = r->w->tok[k].b;

	if (r->w->tok[k].e - b != 4 || (r->t[b] != '1' && r->t[b] != '2'))
		return 0;
	for (i = b; i < b + 4; i++)
		if (r->t[i] < '0' || r->t[i] > '9')
			return 0;
	return 1;
}

/* Token k is a day of the month and a comma: "7," "21,". */
static int
tokday(const struct run *r, size_t k)
{
	size_t b = r->w->tok[k].b, n = r->w->tok[k].e - b;

	return (n == 2 || n == 3) && r->t[b + n - 1] == ',' &&
	    r->t[b] >= '0' && r->t[b] <= '9' &&
	    (n == 2 || (r->t[b + 1] >= '0' && r->t[b + 1] <= '9'));
}

static int
linestart(const struct run *r, size_t k)
{
	return k == 0 || toknl(r->w, k) != 0;
}

/*
 * Token k is the year of a date that fills its line so far: "May 7,
 * 2015", "Thursday, May 7, 2015" (a capitalised word, a day and a
 * comma, the year; a capitalised word and a comma before them).
 */
static int
dateline(const struct run *r, size_t k)
{
	const struct nt_tok *t = r->w->tok;

	if (k < 2 || !tokyear(r, k) || toknl(r->w, k) || toknl(r->w, k - 1) ||
	    !tokday(r, k - 1) || !capword(r, k - 2) ||
	    r->t[t[k - 2].e - 1] == ',')
		return 0;
	if (linestart(r, k - 2))
		return 1;
	return !toknl(r->w, k - 2) && linestart(r, k - 3) &&
	    capword(r, k - 3) && r->t[t[k - 3].e - 1] == ',';
}

/*
 * The line of the linetoks tokens that end with token k is a headline
 * in title case: three or more words, each of more than four bytes
 * capitalised (or a number), two of them at least.
 */
static int
headline(const struct run *r, size_t k, size_t linetoks)
{
	size_t j, caps = 0;
	const struct nt_tok *t = r->w->tok;

	if (linetoks < 3 || linetoks > 16 || linetoks > k + 1)
		return 0;
	for (j = k + 1 - linetoks; j <= k; j++) {
		if (capword(r, j))
			caps++;
		else if (t[j].e - t[j].b > 4 && cls((unsigned char)r->t[t[j].b])
		    != C_DIGIT)
			return 0;
	}
	return caps >= 2;
}

/*
 * Spaced ellipses: the lone full stops ending at token k, on its line.
 * Three are an omission (". . ."), inside a sentence or opening one
 * after a full stop ("compounds. . . . The practice"); a fourth is the
 * full stop that ends one ("with a period . . . . Next").
 */
static int
lonedot(const struct run *r, size_t k)
{
	return r->w->tok[k].e == r->w->tok[k].b + 1 &&
	    r->t[r->w->tok[k].b] == '.';
}

static size_t
lonedots(const struct run *r, size_t k)
{
	size_t n = 0;

	while (n < 5 && lonedot(r, k - n) && k > n && toknl(r->w, k - n) == 0)
		n++;
	return n;
}

/* Token k ends a word, k + 1 to k + 3 are lone full stops, k + 4 is not. */
static int
dotsafter(const struct run *r, size_t k)
{
	size_t j;

	if (k + 4 >= r->w->ntok || lonedot(r, k) || lonedot(r, k + 4))
		return 0;
	for (j = k + 1; j <= k + 4; j++)
		if (toknl(r->w, j) != 0 || (j < k + 4 && !lonedot(r, j)))
			return 0;
	return 1;
}

/*
 * Token k is a plain word and a full stop, nothing around them: NT_PLAIN
 * or more letters, all in lower case, and only white space after it.  Such a word is no abbreviation
 * the tables know, so the full stop ends its sentence even before a
 * word in lower case ("in the city. features", "a barrel. the price
 * move follows"); a shorter word may be one they do not know ("st.").
 */
#define NT_PLAIN	4

static int
plainend(const struct run *r, size_t k, const struct tend *te)
{
	size_t i;

	if (te->cb != r->w->tok[k].b || te->ce + 1 != r->w->tok[k].e ||
	    te->ce - te->cb < NT_PLAIN)
		return 0;
	for (i = te->cb; i < te->ce; i++)
		if (r->t[i] < 'a' || r->t[i] > 'z')
			return 0;
	/* a tag between them may be a name ("issues. <Nomura Inc> and") */
	for (i = te->ce + 1; i < r->w->tok[k + 1].b; i++)
		if (r->t[i] == '<' || r->t[i] == '&')
			return 0;
	return 1;
}

/* Is there a sentence break between token k and token k + 1, same line? */
static int
inline_break(const struct run *r, const struct state *st, size_t k)
{
	const char *t = r->t;
	struct tend te;
	struct tnext nx;
	struct marker m;
	unsigned f = 0;
	size_t j;

	if (tokbullet(r, k + 1))
		return !(k == st->start && tokbullet(r, k));
	if (toklabel(r, k + 1))
		return 1;
	te = tokend(r, k);
	if (te.term == T_NONE) {
		if (r->pdepth[k + 1] > 0)
			return 0;
		if (dateline(r, k))
			return toknext(r, k + 1).cls == C_UPPER;
		/* the last of a run of footnote numbers: "gap.11 12 Take" */
		if (shortnum(r, k)) {
			for (j = k; j > st->start && j + 3 > k &&
			    shortnum(r, j - 1); j--)
				;
			if (j > st->start && tokend(r, j - 1).foot)
				return toknext(r, k + 1).cls == C_UPPER;
		}
		m = tokmarker(r, k + 1);
		return successor(st->m, m) || restart(st->m, m);
	}
	if (r->pdepth[k + 1] > 0)
		return 0;
	if (r->qdepth[k + 1] > 0 && ((r->flags & NT_SENT_KEEPQUOTES) ||
	    te.term == T_EXCL))
		return 0;	/* 'Oh dear! Oh dear! I shall be late!' */
	if (te.term == T_HARD)
		return 1;
	if (te.foot && shortnum(r, k + 1))
		return 0;
	nx = toknext(r, k + 1);
	if (te.term == T_PERIOD && dotsafter(r, k) && !(endflags(r, k, &te) &
	    (NT_AB_END | NT_AB_PLACE | NT_AB_TITLE | NT_AB_INNER)))
		return toknext(r, k + 4).cls == C_UPPER;
	if (nx.punct && !tokbullet(r, k + 1) && !nx.paren &&
	    !tokdash(r, k + 1))
		return 0;		/* a stray closing mark stays behind */
	if (tokdash(r, k + 1) && attribution(r, k + 1))
		return 0;
	if (lonedots(r, k) == 3)
		return 0;		/* ". . . I didn't mean it" */
	if (te.term == T_PERIOD) {
		if (inspaced(r, k))
			return 0;	/* "z. B." */
		f = endflags(r, k, &te);
		if (f & NT_AB_INNER)
			return 0;
		if ((f & NT_AB_TITLE) && nx.cls != C_LOWER)
			return 0;
		if ((f & NT_AB_NUMBER) && nx.cls == C_DIGIT)
			return 0;
		if ((atstart(r, st, k) || k == st->mtok) && st->m.style != 0)
			return 0;	/* "1. The first item" */
		if (ordinal(r, k, &te, &nx))
			return 0;	/* "am 3. Oktober" */
	}
	m = tokmarker(r, k + 1);
	if (m.style != 0 && (m.style % 8 == 1 || m.style / 8 == 2) &&
	    !(lookup(r, r->w->tok[k + 1].b, r->w->tok[k + 1].e - 1) &
	    (NT_AB_TITLE | NT_AB_NUMBER | NT_AB_END | NT_AB_INNER)))
		return 1;	/* "end. (b) next", "end. a. next", not "v." */
	if (nx.cls == C_LOWER)
		return te.term == T_PERIOD && f == 0 && plainend(r, k, &te);
	if (nx.cls == C_NONE)
		return 0;
	if (nx.paren)
		return te.quote && aside(r, k);
	switch (te.term) {
	case T_EXCL:
		return 1;
	case T_ELLIPSIS:
	case T_DASH:
		return nx.cls == C_UPPER;
	default:
		break;
	}
	if (f & NT_AB_END)
		return endabbr(r, st, k, &nx);
	if (f & NT_AB_PLACE)
		return starter(r, &nx);
	if (te.ce - te.cb == 1 && t[te.cb] >= 'A' && t[te.cb] <= 'Z') {
		/* an initial: "Albert I. Jones", "Q. What ...", but "group
		 * B. The ..." */
		if (k == st->start)
			return 0;
		return starter(r, &nx);
	}
	if (initialism(t, te.cb, te.ce))
		return starter(r, &nx);
	return 1;
}

/*
 * The line that token k opens and the line after it are items of a
 * list of lines: each of at most NT_LISTLINE tokens, the last without
 * final punctuation ("features\ncontact manager\nevents, activities").
 * A line wrapped by hand goes on at length, or ends its sentence; so
 * does the line after a word set on a line of its own ("Real
 * Madrid\ndid\nask for an option on ...").
 */
#define NT_LISTLINE	3

/* The token after the short unpunctuated line k opens, or 0. */
static size_t
shortline(const struct run *r, size_t k)
{
	size_t j;

	for (j = k + 1; j < r->w->ntok && toknl(r->w, j) == 0; j++)
		if (j - k >= NT_LISTLINE)
			return 0;
	return tokend(r, j - 1).term == T_NONE ? j : 0;
}

static int
listline(const struct run *r, size_t k)
{
	size_t j = shortline(r, k);

	return j != 0 && j < r->w->ntok && shortline(r, j) != 0;
}

/* Does the line break before token k + 1 end a sentence? */
static int
line_break(const struct run *r, size_t k, size_t linetoks)
{
	struct tend te;
	struct tnext nx;
	unsigned f;

	if (toknl(r->w, k + 1) >= 2)
		return 1;
	te = tokend(r, k);
	nx = toknext(r, k + 1);
	/*
	 * A wrapped line: it ends without final punctuation, the next one
	 * goes on in lower case (or with a bracket), and the line ended in
	 * white space, or, going on in lower case, is a long one.
	 */
	if (te.term == T_NONE && nx.cls == C_LOWER &&
	    ((r->w->tok[k + 1].f & NT_TF_SPNL) || linetoks >= 4) &&
	    !dateline(r, k) && !headline(r, k, linetoks) &&
	    !listline(r, k + 1))
		return 0;
	if (te.term == T_NONE && nx.paren && (r->w->tok[k + 1].f & NT_TF_SPNL))
		return 0;
	if (te.term == T_PERIOD && nx.cls != C_LOWER) {
		f = lookup(r, te.cb, te.ce);
		if (f & (NT_AB_TITLE | NT_AB_INNER))
			return 0;	/* "Gen.\nMark Milley" */
	}
	return 1;
}

/* A sentence begins at token k: note the list marker it opens with. */
static void
opensentence(const struct run *r, struct state *st, size_t k)
{
	st->start = st->mtok = k;
	st->m = tokmarker(r, k);
	if (st->m.style == 0 && k + 1 < r->w->ntok && tokbullet(r, k)) {
		st->m = tokmarker(r, k + 1);
		st->mtok = k + 1;
	}
}

/* --- spans --- */

static int	hasletter(const char *, size_t, size_t);

static void
addspan(struct nt_sent *s, size_t b0, size_t b1, size_t c0, size_t c1)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->span = nt_ereallocarray(s->span, s->cap, sizeof(*s->span));
	}
	s->span[s->n].b0 = b0;
	s->span[s->n].b1 = b1;
	s->span[s->n].c0 = c0;
	s->span[s->n].c1 = c1;
	s->n++;
}

/*
 * A unit of text needs a letter; without one it is a page number or
 * leftover punctuation, except a row of asterisks, the scene break of
 * a story ("* * *").
 */
static int
istext(const char *t, size_t b, size_t e)
{
	size_t i;

	for (i = b; i < e && (t[i] == '*' || t[i] == ' '); i++)
		;
	if (i == e && t[b] == '*')
		return 1;
	return hasletter(t, b, e);
}

static int
hasletter(const char *t, size_t b, size_t e)
{
	size_t l;

	for (; b < e; b += l) {
		if ((unsigned char)t[b] < 0x80) {
			l = 1;
			if ((t[b] >= 'a' && t[b] <= 'z') ||
			    (t[b] >= 'A' && t[b] <= 'Z'))
				return 1;
			continue;
		}
		if (isletter(cpat(t, b, e, &l)))
			return 1;
	}
	return 0;
}

static int
iswhite(const char *t, size_t i, size_t e)
{
	size_t l;
	uint32_t c = cpat(t, i, e, &l);

	return (nt_cc(c) & (NT_CC_SPACE | NT_CC_BREAK)) != 0;
}

/* Trim decoration ("/////", "=====") and a table-of-contents leader
 * ("Chapter 2 ........ 16") off the ends of a span, then white space. */
static void
trim(const char *t, size_t *pb, size_t *pe)
{
	size_t b = *pb, e = *pe, q, r, d;
	int again = 1;

	/* The two ends apart: a long end must not be scanned again for
	 * every piece taken off the other. */
	while (again && b < e) {
		again = 0;
		for (q = b; q < e && t[q] == t[b] && isdeco((unsigned char)t[b]);
		    q++)
			;
		if (q - b >= 3) {
			b = q;
			again = 1;
		}
		while (b < e && iswhite(t, b, e)) {
			b += cpat(t, b, e, &q) == 0 ? 1 : q;
			again = 1;
		}
	}
	again = 1;
	while (again && b < e) {
		again = 0;
		for (q = e; q > b && t[q - 1] == t[e - 1] &&
		    isdeco((unsigned char)t[e - 1]); q--)
			;
		if (e - q >= 3) {
			e = q;
			again = 1;
		}
		for (r = e; r > b && ((t[r - 1] >= '0' && t[r - 1] <= '9') ||
		    t[r - 1] == '-'); r--)
			;
		for (q = r; q > b && t[q - 1] == ' '; q--)
			;
		for (d = q; d > b && t[d - 1] == '.'; d--)
			;
		if ((r < e && q - d >= 4) || q - d >= 8) {
			e = d;		/* "Chapter 2 ........ 16" */
			again = 1;
		}
		while (e > b && ((unsigned char)t[e - 1] == ' ' ||
		    t[e - 1] == '\t' || t[e - 1] == '\n' || t[e - 1] == '\r')) {
			e--;
			again = 1;
		}
		if (e > b && (unsigned char)t[e - 1] >= 0x80 &&
		    iswhite(t, cpback(t, b, e), e)) {
			e = cpback(t, b, e);
			again = 1;
		}
	}
	*pb = b;
	*pe = e;
}

/*
 * Tokens [k0, k1] as a span, trimmed; its code points are the tokens',
 * less those trimmed off.
 */
static void
emit(struct nt_sent *s, const struct nt_sent_work *w, const char *t,
    size_t k0, size_t k1)
{
	size_t b = w->tok[k0].b, e = w->tok[k1].e;

	trim(t, &b, &e);
	if (b < e && istext(t, b, e))
		addspan(s, b, e, w->tok[k0].cb + count(t + w->tok[k0].b, b -
		    w->tok[k0].b), w->tok[k1].ce - count(t + e, w->tok[k1].e -
		    e));
}

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* Code points in valid UTF-8: the bytes that are not 10xxxxxx. */
static size_t
count(const char *p, size_t n)
{
	size_t i = 0, cont = 0;
	uint64_t w;

#ifdef __SSE2__
	const __m128i c0 = _mm_set1_epi8((char)0xC0),
	    c8 = _mm_set1_epi8((char)0x80), one = _mm_set1_epi8(1),
	    zero = _mm_setzero_si128();
	__m128i v, sum = zero;

	/* 10xxxxxx bytes as 1s, summed eight at a time into two lanes */
	for (; i + 16 <= n; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		v = _mm_and_si128(_mm_cmpeq_epi8(_mm_and_si128(v, c0), c8), one);
		sum = _mm_add_epi64(sum, _mm_sad_epu8(v, zero));
	}
	cont += (size_t)_mm_cvtsi128_si64(sum) +
	    (size_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(sum, sum));
#endif
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		w = (w & HIGHS) & (~w << 1);
		cont += (size_t)((((w >> 7) & ONES) * ONES) >> 56);
	}
	for (; i < n; i++)
		cont += ((unsigned char)p[i] & 0xC0) == 0x80;
	return n - cont;
}

static size_t	split(struct nt_sent *, const struct nt_sent_conf *,
		    const struct nt_sent_lang *, const struct nt_sent_lazy *,
		    const char *, size_t, unsigned);

size_t
nt_sent_split(struct nt_sent *s, const struct nt_sent_conf *conf,
    const char *text, size_t len, unsigned flags)
{
	return nt_sent_split_lang(s, conf, NULL, text, len, flags);
}

size_t
nt_sent_split_lang(struct nt_sent *s, const struct nt_sent_conf *conf,
    const struct nt_sent_lang *lang, const char *text, size_t len,
    unsigned flags)
{
	return split(s, conf, lang, NULL, text, len, flags);
}

size_t
nt_sent_split_lazy(struct nt_sent *s, const struct nt_sent_conf *conf,
    const struct nt_sent_lazy *lazy, const char *text, size_t len,
    unsigned flags)
{
	return split(s, conf, NULL, lazy, text, len, flags);
}

static size_t
split(struct nt_sent *s, const struct nt_sent_conf *conf,
    const struct nt_sent_lang *lang, const struct nt_sent_lazy *lazy,
    const char *text, size_t len, unsigned flags)
{
	struct run r;
	struct rlang rl;
	struct state st;
	struct marker m;
	struct nt_sent_work *w;
	size_t g, k, linestart = 0, first = 0;
	int brk;

	s->n = 0;
	if (s->work == NULL)
		s->work = nt_ecalloc(1, sizeof(*s->work));
	w = s->work;
	tokenize(w, text, len);
	if (w->ntok == 0)
		return 0;
	if (w->depthcap < 2 * (w->ntok + 1)) {
		w->depthcap = 2 * (w->ntok + 1);
		free(w->depth);
		w->depth = nt_ereallocarray(NULL, w->depthcap,
		    sizeof(*w->depth));
	}
	memset(&r, 0, sizeof(r));
	rl.lang = lang;
	rl.lazy = lazy;
	r.conf = conf;
	r.rl = &rl;
	r.w = w;
	r.t = text;
	r.n = len;
	r.flags = flags;
	r.qdepth = w->depth;
	r.pdepth = w->depth + w->ntok + 1;
	nesting(&r);

	memset(&st, 0, sizeof(st));
	opensentence(&r, &st, 0);
	for (g = 0; g < w->ngap; g++) {
		k = w->gap[g] - 1;
		if (toknl(w, k + 1)) {
			brk = line_break(&r, k, k + 1 - linestart);
			linestart = k + 1;
		} else
			brk = !(flags & NT_SENT_PARAGRAPH) &&
			    inline_break(&r, &st, k);
		if (!brk) {
			/* "Steps: 1. Open the box 2. Take ..." */
			if (toknl(w, k + 1) == 0 && text[w->tok[k].e - 1] == ':'
			    && (m = tokmarker(&r, k + 1)).style != 0) {
				st.m = m;
				st.mtok = k + 1;
			}
			continue;
		}
		emit(s, w, text, first, k);
		first = k + 1;
		opensentence(&r, &st, first);
	}
	emit(s, w, text, first, w->ntok - 1);
	return s->n;
}

void
nt_sent_free(struct nt_sent *s)
{
	if (s == NULL)
		return;
	free(s->span);
	if (s->work != NULL) {
		nt_toks_free(&s->work->runs);
		nt_toks_free(&s->work->cut);
		nt_toks_free(&s->work->glued);
		free(s->work->glue);
		free(s->work->tkf);
		free(s->work->gap);
		free(s->work->depth);
		free(s->work->mk);
		free(s->work->ev);
		free(s->work);
	}
	memset(s, 0, sizeof(*s));
}

/* --- configuration --- */

void
nt_sent_conf_empty(struct nt_sent_conf *c)
{
	memset(c, 0, sizeof(*c));
}

int
nt_sent_conf_init(struct nt_sent_conf *c, struct nt_buf *err)
{
	struct nt_buf path = NT_BUF_INIT;
	int rv;

	nt_sent_conf_empty(c);
	if (nt_datapath("nsplit/abbrev.yaml", &path) < 0) {
		nt_buf_reset(err);
		nt_buf_add(err, path.p, path.len);
		nt_buf_free(&path);
		return -1;
	}
	rv = nt_abbrev_load(&c->ab, path.p, err);
	nt_buf_free(&path);
	return rv;
}

int
nt_sent_conf_add(struct nt_sent_conf *c, const char *path,
    struct nt_buf *err)
{
	return nt_abbrev_load(&c->ab, path, err);
}

void
nt_sent_conf_free(struct nt_sent_conf *c)
{
	if (c == NULL)
		return;
	nt_abbrev_free(&c->ab);
	nt_sent_conf_langfree(c);
}
