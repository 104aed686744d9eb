/*
 * tok: see tok.h.
 *
 * One pass over the bytes.  A struct run walks the text: gap_char()
 * passes over what lies between two tokens (white space, line breaks,
 * invisible characters, markup) and notes what it saw; begin() opens a
 * token with the flags the gap gives it; then the kind of the token's
 * first character picks its cutter from a table (cutter[]), and the
 * cutter consumes the token, folding it into tk->fold as it goes.  The
 * hash is XXH3 of the folded bytes (fold_hash), so a word hashes alike
 * whichever path folded it ("U.S." by the abbreviation cutter, "US" by
 * the word cutter).  That is the general path, a code point at a time.
 *
 * Most text is plain ASCII, and the fast path (fast_run) cuts it 64
 * bytes at a time from bit masks; it gives up, for one token, wherever
 * the general path could decide otherwise, so the two agree (checked
 * with NT_TOK_GENERAL).  Runs (NT_TOK_RUNS, scan_runs) are a third walk
 * over the same gaps.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Inline: the hash of a short word is a few instructions, not a call. */
#define XXH_INLINE_ALL
#include <xxhash.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text/chars.h"
#include "text/tok.h"
#include "core/json.h"
#include "core/utf8.h"
#include "core/util.h"

/* What the tokenizer needs to know of a character. */
enum { K_SPACE, K_BREAK, K_FORMAT, K_UPPER, K_LOWER, K_LETTER, K_MARK,
    K_DIGIT, K_APOS, K_OTHER, NKIND };

static unsigned char kascii[128];	/* the K_ of each ASCII byte */
/* ASCII letters and digits lower-cased, 0 for other bytes; and their
 * case: 1 lower, 2 upper, 4 digit. */
static unsigned char afold[128], abits[128];
static uint64_t punct_h[128];		/* the hash of each as a token */
/* What may end a run (NT_TOK_RUNS): 1 white space, 2 a tag, 3 UTF-8. */
static unsigned char runstop[256];

static pthread_once_t once = PTHREAD_ONCE_INIT;

/*
 * The hash of a token's folded bytes p[0..n): XXH3.  Up to 16 bytes are
 * hashed as 16, zero-padded (no folded token holds a NUL, so the padding
 * says where it ends): one code path for nearly every token, with the
 * length a constant, where XXH3 of n bytes branches on n.
 */
static inline uint64_t
hash16(const void *b16)
{
	uint64_t h = XXH3_64bits(b16, 16);

	return h ? h : 1;
}

static uint64_t
fold_hash(const char *p, size_t n)
{
	unsigned char b[16];
	uint64_t h;

	if (n > 16) {
		h = XXH3_64bits(p, n);
		return h ? h : 1;
	}
	memset(b, 0, sizeof(b));
	memcpy(b, p, n);
	return hash16(b);
}

static int
kind_of(unsigned cc)
{
	/* Letters first: U+02BC is a letter and an apostrophe. */
	if (cc & NT_CC_UPPER)
		return K_UPPER;
	if (cc & NT_CC_LOWER)
		return K_LOWER;
	if (cc & NT_CC_LETTER)
		return K_LETTER;
	if (cc & NT_CC_MARK)
		return K_MARK;
	if (cc & NT_CC_DIGIT)
		return K_DIGIT;
	if (cc & NT_CC_SPACE)
		return K_SPACE;
	if (cc & NT_CC_BREAK)
		return K_BREAK;
	if (cc & NT_CC_FORMAT)
		return K_FORMAT;
	if (cc & NT_CC_APOS)
		return K_APOS;
	return K_OTHER;
}

static void
init(void)
{
	unsigned char ch;
	int c;

	for (c = 0x80; c < 256; c++)
		runstop[c] = 3;
	for (c = 0; c < 128; c++) {
		kascii[c] = (unsigned char)kind_of(nt_cc_ascii[c]);
		if (kascii[c] == K_LOWER || kascii[c] == K_DIGIT)
			afold[c] = (unsigned char)c;
		else if (kascii[c] == K_UPPER)
			afold[c] = (unsigned char)(c + 32);
		abits[c] = kascii[c] == K_LOWER ? 1 : kascii[c] == K_UPPER ? 2 :
		    kascii[c] == K_DIGIT ? 4 : 0;
		ch = (unsigned char)c;
		punct_h[c] = fold_hash((const char *)&ch, 1);
		runstop[c] = kascii[c] == K_SPACE || kascii[c] == K_BREAK ? 1 :
		    c == '<' || c == '&' ? 2 : 0;
	}
}

static inline int
isletter(int k)
{
	return k == K_UPPER || k == K_LOWER || k == K_LETTER;
}

static inline int
isword(int k)
{
	return isletter(k) || k == K_MARK || k == K_DIGIT;
}

/* --- the walk --- */

/* Bit masks of 64 bytes of text for the fast path (see there). */
struct blk {
	size_t	 base;
	unsigned lim;		/* bytes of text in the block (64 but at the end) */
	uint64_t w;		/* ASCII letters and digits */
	uint64_t d;		/* digits */
	uint64_t u;		/* upper-case letters */
	uint64_t sp;		/* spaces */
	uint64_t x;		/* bytes for the general path */
};

struct run {
	struct nt_toks	*tk;
	const char	*s;
	size_t		 n;
	size_t		 i, ci;		/* where the walk is: byte, code point */
	unsigned	 opts;
	int		 fold;		/* folding: not NT_TOK_NOHASH */
	/* What the gap before the next token held. */
	unsigned	 nl;		/* line breaks */
	int		 sep;		/* anything that parts tokens */
	int		 sp;		/* white space since the last break */
	int		 spnl;		/* white space before the first break */
	size_t		 f0;		/* the token's folded bytes start here */
	size_t		 n0;		/* tokens in tk before this text's */
	struct blk	 bk;		/* the fast path's block */
	int		 havebk;
};

/* The kind and length of the code point at byte j (j < n). */
static inline int
at(const struct run *r, size_t j, uint32_t *cpp, size_t *lenp)
{
	unsigned char c = (unsigned char)r->s[j];

	if (c < 0x80) {
		*cpp = c;
		*lenp = 1;
		return kascii[c];
	}
	/* Invalid UTF-8 (the caller's promise broken) is one mark each. */
	if ((*lenp = nt_utf8_seqlen((const unsigned char *)r->s + j,
	    r->n - j)) == 0) {
		*cpp = 0xFFFD;
		*lenp = 1;
		return K_OTHER;
	}
	(void)nt_utf8_decode(r->s + j, cpp);
	return kind_of(nt_cc_get(*cpp));
}

/* The kind at byte j, or K_SPACE past the end. */
static inline int
kind_at(const struct run *r, size_t j, uint32_t *cpp, size_t *lenp)
{
	if (j >= r->n) {
		*cpp = ' ';
		*lenp = 0;
		return K_SPACE;
	}
	return at(r, j, cpp, lenp);
}

static inline void
advance(struct run *r, size_t len)
{
	r->i += len;
	r->ci++;
}

/* --- folding --- */

static inline void
fold_room(struct run *r, size_t need)
{
	struct nt_buf *b = &r->tk->fold;

	if (b->cap - b->len < need + 1)
		nt_buf_grow(b, need);
}

static inline void
fold_byte(struct run *r, unsigned char c)
{
	fold_room(r, 1);
	r->tk->fold.p[r->tk->fold.len++] = (char)c;
}

static void
fold_utf8(struct run *r, uint32_t cp)
{
	fold_room(r, 4);
	r->tk->fold.len += nt_utf8_encode(cp, r->tk->fold.p + r->tk->fold.len);
}

/* Fold one code point: lower case, or its base letters with NT_TOK_BASE;
 * every apostrophe is the plain one. */
static void
fold_cp(struct run *r, uint32_t cp)
{
	uint32_t out[8];
	size_t k, m;

	if (!r->fold)
		return;
	if (cp < 0x80) {
		fold_byte(r, (unsigned char)(cp >= 'A' && cp <= 'Z' ? cp + 32 :
		    cp));
		return;
	}
	if (nt_cc_get(cp) & NT_CC_APOS) {
		fold_byte(r, '\'');
		return;
	}
	if (!(r->opts & NT_TOK_BASE)) {
		fold_utf8(r, nt_cc_lower(cp));
		return;
	}
	m = nt_cc_base(cp, out, sizeof(out) / sizeof(out[0]));
	for (k = 0; k < m; k++)
		fold_utf8(r, out[k]);
}

/* --- tokens --- */

static inline struct nt_tok *
push(struct nt_toks *tk, int keepfold)
{
	if (tk->n == tk->cap) {
		tk->cap = tk->cap ? tk->cap * 2 : 256;
		tk->t = nt_ereallocarray(tk->t, tk->cap, sizeof(*tk->t));
	}
	if (keepfold && tk->n + 2 > tk->focap) {
		tk->focap = tk->cap + 1;
		tk->fo = nt_ereallocarray(tk->fo, tk->focap, sizeof(*tk->fo));
	}
	return &tk->t[tk->n++];
}

/*
 * The line flags the gap before a token gives it: NL after a break or
 * for the first token of the text (first), PARA after two, SPNL when
 * white space came before the break.
 */
static inline uint16_t
gap_flags(const struct run *r, int first)
{
	uint16_t f = 0;

	if (r->nl || first)
		f |= NT_TF_NL;
	if (r->nl >= 2)
		f |= NT_TF_PARA;
	if (r->spnl)
		f |= NT_TF_SPNL;
	return f;
}

/* Open a token at the walk's place, flagged by the gap before it. */
static inline struct nt_tok *
begin(struct run *r)
{
	struct nt_tok *t = push(r->tk, (r->opts & NT_TOK_FOLD) != 0);
	uint16_t f = 0;

	if (!r->sep)
		f |= NT_TF_GLUED;
	f |= gap_flags(r, r->tk->n == r->n0 + 1);
	r->nl = 0;
	r->sep = r->sp = r->spnl = 0;
	t->b = r->i;
	t->cb = r->ci;
	t->h = 0;
	t->cp = 0;
	t->f = f;
	t->len = 0;
	if (!(r->opts & NT_TOK_FOLD))
		r->tk->fold.len = 0;
	r->f0 = r->tk->fold.len;
	if (r->opts & NT_TOK_FOLD)
		r->tk->fo[r->tk->n - 1] = r->f0;
	return t;
}

/* Close the token where the walk stands; h is its hash. */
static inline void
close_tok(struct run *r, struct nt_tok *t, int kind, size_t len,
    uint64_t h)
{
	t->e = r->i;
	t->ce = r->ci;
	t->kind = (uint8_t)kind;
	t->len = (uint8_t)(len > 255 ? 255 : len);
	if (r->fold)
		t->h = h ? h : 1;
}

/* Close the token, hashing the bytes folded since begin(). */
static void
end(struct run *r, struct nt_tok *t, int kind, size_t len)
{
	close_tok(r, t, kind, len, r->fold ? fold_hash(r->tk->fold.p +
	    r->f0, r->tk->fold.len - r->f0) : 0);
}

static void
cut_punct(struct run *r, struct nt_tok *t, int k, uint32_t cp, size_t len)
{
	t->cp = cp;
	fold_cp(r, cp);
	advance(r, len);
	end(r, t, NT_TOK_PUNCT, 1);
}

/*
 * Bytes of x (each below 0x80) strictly between m and n get their high
 * bit set (Sean Anderson's bit twiddling hacks, "hasbetween"); a byte
 * of 0x80 or more never does, so UTF-8 stops a run.
 */
#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

static inline uint64_t
between(uint64_t x, unsigned m, unsigned n)
{
	uint64_t low7 = x & (ONES * 127);

	return ((ONES * (127 + n) - low7) & ~x & (low7 + ONES * (127 - m))) &
	    HIGHS;
}

/* A word's case and length as it is cut. */
struct shape {
	unsigned	 bits;		/* 1 a lower, 2 an upper letter, 4 a digit */
	size_t		 bytes;		/* its letters, marks, digits */
};

/* Upper-case ASCII letters of x (ASCII letters and digits only) folded:
 * bit 5 set in exactly their bytes. */
static inline uint64_t
lower8(uint64_t x)
{
	return x | between(x, 'A' - 1, 'Z' + 1) >> 2;
}

/* Append the ASCII letters and digits s[0..len) to the fold, lower-cased. */
static void
fold_ascii(struct run *r, const char *p, size_t len)
{
	struct nt_buf *b = &r->tk->fold;
	uint64_t x;
	size_t j;
	char *q;

	fold_room(r, len + 8);
	q = b->p + b->len;
	for (j = 0; j + 8 <= len; j += 8) {
		memcpy(&x, p + j, 8);
		x = lower8(x);
		memcpy(q + j, &x, 8);
	}
	for (; j < len; j++)
		q[j] = (char)afold[(unsigned char)p[j]];
	b->len += len;
}

/* A run of ASCII letters and digits: folded, its case noted. */
static void
ascii_run(struct run *r, struct shape *sh)
{
	const char *s = r->s;
	size_t i = r->i, n = r->n, i0 = i;
	unsigned bits = 0;
	unsigned char c;

	while (i < n && (c = (unsigned char)s[i]) < 0x80 && afold[c] != 0) {
		bits |= abits[c];
		i++;
	}
	if (r->fold && i > i0)
		fold_ascii(r, s + i0, i - i0);
	sh->bits |= bits;
	sh->bytes += i - i0;
	r->ci += i - i0;
	r->i = i;
}

/* One word character that ascii_run does not take. */
static void
word_char(struct run *r, struct shape *sh, int k, uint32_t cp, size_t len)
{
	if (k == K_UPPER)
		sh->bits |= 2;
	else if (k == K_LOWER)
		sh->bits |= 1;
	else if (k == K_DIGIT)
		sh->bits |= 4;
	fold_cp(r, cp);
	sh->bytes += len;
	advance(r, len);
}

/*
 * An apostrophe of length len at the walk's place, inside a word: does
 * the word go on across it?  Only before a letter, and never before a
 * possessive 's (one that no letter or digit follows).
 */
static int
apos_joins(const struct run *r, size_t len)
{
	uint32_t c2, c3;
	size_t l2, l3;
	int k2, k3;

	if (r->i + len >= r->n)
		return 0;
	k2 = at(r, r->i + len, &c2, &l2);
	if (!isletter(k2))
		return 0;
	k3 = kind_at(r, r->i + len + l2, &c3, &l3);
	return !((c2 == 's' || c2 == 'S') && !isletter(k3) && k3 != K_DIGIT);
}

/*
 * Invisible characters at the walk's place: if what follows them is
 * wanted (wanted(kind)), pass over them and return 1; else leave the
 * walk where it is and return 0.
 */
static int
pass_format(struct run *r, int (*wanted)(int))
{
	size_t j = r->i, nc = 0, len;
	uint32_t cp;
	int k;

	do {
		k = at(r, j, &cp, &len);
		if (k != K_FORMAT)
			break;
		j += len;
		nc++;
	} while (j < r->n);
	if (j >= r->n || !wanted(k))
		return 0;
	r->i = j;
	r->ci += nc;
	return 1;
}

static void
word_flags(struct nt_tok *t, int firstk, unsigned bits)
{
	if (firstk == K_UPPER)
		t->f |= NT_TF_UPPER1;
	else if (firstk == K_LOWER)
		t->f |= NT_TF_LOWER1;
	if ((bits & 2) && !(bits & 1))
		t->f |= NT_TF_ALLCAPS;
	if (bits & 4)
		t->f |= NT_TF_DIGIT;
}

static void
cut_word(struct run *r, struct nt_tok *t, int k, uint32_t cp, size_t len)
{
	struct shape sh = { 0, 0 };
	int firstk = k;

	for (;;) {
		if (cp >= 0x80 || afold[cp] == 0)
			word_char(r, &sh, k, cp, len);
		ascii_run(r, &sh);
		if (r->i >= r->n)
			break;
		k = at(r, r->i, &cp, &len);
		if (isword(k))
			continue;
		if (k == K_APOS && apos_joins(r, len)) {
			t->f |= NT_TF_APOS;
			continue;
		}
		if (k == K_FORMAT && pass_format(r, isword)) {
			k = at(r, r->i, &cp, &len);
			continue;
		}
		break;
	}
	word_flags(t, firstk, sh.bits);
	end(r, t, NT_TOK_WORD, sh.bytes);
}

/* Is s[i..] a dotted abbreviation (two or more "X." in a row)? */
static size_t
abbr_len(const struct run *r)
{
	const char *s = r->s;
	size_t j = r->i, k = 0, n = r->n;

	while (j + 1 < n && (unsigned char)s[j] < 0x80 &&
	    isletter(kascii[(unsigned char)s[j]]) && s[j + 1] == '.') {
		j += 2;
		k++;
	}
	if (k < 2)
		return 0;
	/* "U.S.A" without the last dot is not one. */
	if (j < n && (unsigned char)s[j] < 0x80 &&
	    (isletter(kascii[(unsigned char)s[j]]) ||
	    kascii[(unsigned char)s[j]] == K_DIGIT))
		return 0;
	return j - r->i;
}

static void
cut_abbr(struct run *r, struct nt_tok *t, size_t j)
{
	size_t q;
	int allup = 1;
	unsigned char c;

	t->f |= NT_TF_ABBR | (kascii[(unsigned char)r->s[r->i]] == K_UPPER ?
	    NT_TF_UPPER1 : NT_TF_LOWER1);
	for (q = r->i; q < r->i + j; q += 2) {
		c = (unsigned char)r->s[q];
		if (kascii[c] != K_UPPER)
			allup = 0;
		if (r->fold)
			fold_byte(r, afold[c]);
	}
	if (allup)
		t->f |= NT_TF_ALLCAPS;
	r->i += j;
	r->ci += j;
	end(r, t, NT_TOK_WORD, j / 2);
}

static void
cut_letter(struct run *r, struct nt_tok *t, int k, uint32_t cp, size_t len)
{
	size_t j;

	if (cp < 0x80 && r->i + 1 < r->n && r->s[r->i + 1] == '.' &&
	    (j = abbr_len(r)) != 0)
		cut_abbr(r, t, j);
	else
		cut_word(r, t, k, cp, len);
}

static int
isdigitk(int k)
{
	return k == K_DIGIT;
}

/* Is the first visible character from byte j an ASCII digit? */
static int
digit_after(const struct run *r, size_t j)
{
	uint32_t cp;
	size_t len;

	while (j < r->n && (unsigned char)r->s[j] >= 0x80 && at(r, j, &cp,
	    &len) == K_FORMAT)
		j += len;
	return j < r->n && r->s[j] >= '0' && r->s[j] <= '9';
}

/* Digits, with a ',' or '.' between two of them ("1,200.50"). */
static void
cut_num(struct run *r, struct nt_tok *t, int k, uint32_t cp, size_t len)
{
	const char *s = r->s;

	for (;;) {
		fold_cp(r, cp);
		advance(r, len);
		while (r->i < r->n && s[r->i] >= '0' && s[r->i] <= '9') {
			if (r->fold)
				fold_byte(r, (unsigned char)s[r->i]);
			advance(r, 1);
		}
		if (r->i >= r->n)
			break;
		k = at(r, r->i, &cp, &len);
		if (k == K_DIGIT)
			continue;
		if ((cp == ',' || cp == '.') && digit_after(r, r->i + 1))
			continue;
		if (k == K_FORMAT && pass_format(r, isdigitk)) {
			(void)at(r, r->i, &cp, &len);
			continue;
		}
		break;
	}
	end(r, t, NT_TOK_NUM, r->i - t->b);
}

/*
 * An apostrophe that starts a token: the possessive 's, split from the
 * word it is glued to ("Ukraine" "’s"), or punctuation.
 */
static void
cut_apos(struct run *r, struct nt_tok *t, int k, uint32_t cp, size_t len)
{
	uint32_t c2, c3;
	size_t l2, l3;
	int k3;

	if (r->tk->n < 2 || (t->f & NT_TF_NL) || !(t->f & NT_TF_GLUED) ||
	    r->i + len >= r->n) {
		cut_punct(r, t, k, cp, len);
		return;
	}
	(void)at(r, r->i + len, &c2, &l2);
	k3 = kind_at(r, r->i + len + l2, &c3, &l3);
	if (!(c2 == 's' || c2 == 'S') || isletter(k3) || k3 == K_DIGIT) {
		cut_punct(r, t, k, cp, len);
		return;
	}
	if (r->fold) {
		fold_byte(r, '\'');
		fold_byte(r, 's');
	}
	r->i += len + l2;
	r->ci += 2;
	t->f |= NT_TF_POSS | NT_TF_LOWER1;
	end(r, t, NT_TOK_WORD, 2);
}

typedef void cutfn(struct run *, struct nt_tok *, int, uint32_t, size_t);

/* The cutter for a token that starts with a character of each kind. */
static cutfn *const cutter[NKIND] = {
	[K_SPACE] = cut_punct,		/* gap_char() takes these */
	[K_BREAK] = cut_punct,
	[K_FORMAT] = cut_punct,
	[K_UPPER] = cut_letter,
	[K_LOWER] = cut_letter,
	[K_LETTER] = cut_letter,
	[K_MARK] = cut_word,
	[K_DIGIT] = cut_num,
	[K_APOS] = cut_apos,
	[K_OTHER] = cut_punct,
};

/* --- the fast path --- */

/*
 * Most text is ASCII letters and digits, spaces and ASCII punctuation.
 * fast_run cuts it 64 bytes at a time: struct blk holds bit masks of a
 * block (bit j says what byte base + j is), the token starts are the set
 * bits of (letters and digits not after one) | punctuation, and each
 * token is cut from its start with a count of trailing ones instead of a
 * branch per byte.  The block's "special" bytes (x: UTF-8, controls,
 * apostrophes, with NT_TOK_MARKUP '<', '&' and '\') and a few patterns
 * (a run that reaches one of them or the block's end, a lone letter
 * before a dot, a number before a separator and a digit) are left to
 * the general path above, which cuts that one token; so both paths give
 * the same tokens, which test_tok and fuzz_tok check against
 * NT_TOK_GENERAL.
 */

#ifdef __SSE2__
/* The bytes of v from lo to hi (ASCII), as 0xFF. */
static inline __m128i
in_range(__m128i v, char lo, char hi)
{
	return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)(lo - 1))),
	    _mm_cmplt_epi8(v, _mm_set1_epi8((char)(hi + 1))));
}
#endif

static void
masks(const char *p, int markup, struct blk *b)
{
	uint64_t mw = 0, md = 0, mu = 0, ms = 0, mx = 0;
	unsigned j;

#ifdef __SSE2__
	/* Signed compares: bytes of UTF-8 are negative, below every bound. */
	__m128i v, dg, up, lo, x;

	for (j = 0; j < 64; j += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(p + j));
		dg = in_range(v, '0', '9');
		up = in_range(v, 'A', 'Z');
		lo = in_range(v, 'a', 'z');
		x = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(' ')),
		    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('\''))));
		if (markup)
			x = _mm_or_si128(x, _mm_or_si128(_mm_cmpeq_epi8(v,
			    _mm_set1_epi8('<')), _mm_or_si128(_mm_cmpeq_epi8(v,
			    _mm_set1_epi8('&')), _mm_cmpeq_epi8(v,
			    _mm_set1_epi8('\\')))));
		md |= (uint64_t)(unsigned)_mm_movemask_epi8(dg) << j;
		mu |= (uint64_t)(unsigned)_mm_movemask_epi8(up) << j;
		mw |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(dg,
		    _mm_or_si128(up, lo))) << j;
		ms |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
		    _mm_set1_epi8(' '))) << j;
		mx |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << j;
	}
#else
	unsigned char c;

	for (j = 0; j < 64; j++) {
		c = (unsigned char)p[j];
		if (c >= 0x80 || c < ' ' || c == 0x7F || c == '\'' ||
		    (markup && (c == '<' || c == '&' || c == '\\')))
			mx |= (uint64_t)1 << j;
		else if (c == ' ')
			ms |= (uint64_t)1 << j;
		else if (afold[c] != 0) {
			mw |= (uint64_t)1 << j;
			if (kascii[c] == K_DIGIT)
				md |= (uint64_t)1 << j;
			else if (kascii[c] == K_UPPER)
				mu |= (uint64_t)1 << j;
		}
	}
#endif
	b->w = mw;
	b->d = md;
	b->u = mu;
	b->sp = ms;
	b->x = mx;
}

/* Masks for s[pos .. pos + 64); past the end of the text, nothing. */
static void
refill(struct blk *b, const char *s, size_t n, size_t pos, int markup)
{
	char pad[64];
	uint64_t valid;

	b->base = pos;
	if (n - pos >= 64) {
		b->lim = 64;
		masks(s + pos, markup, b);
		return;
	}
	b->lim = (unsigned)(n - pos);
	memset(pad, ' ', sizeof(pad));
	memcpy(pad, s + pos, n - pos);
	masks(pad, markup, b);
	valid = ((uint64_t)1 << b->lim) - 1;
	b->w &= valid;
	b->d &= valid;
	b->u &= valid;
	b->sp &= valid;
}

/* The number of ones of m from bit j up (j < 64). */
static inline unsigned
ones(uint64_t m, unsigned j)
{
	m = ~(m >> j);
	return m ? (unsigned)__builtin_ctzll(m) : 64 - j;
}

/* Bits [j, e) (j < e <= 64). */
static inline uint64_t
span(unsigned j, unsigned e)
{
	return (~(uint64_t)0 >> (64 - e)) & (~(uint64_t)0 << j);
}

/*
 * The flags of a plain word from what its bytes hold: index bit 0 a
 * lower-case letter, 1 an upper-case one, 2 a digit, 3 its first letter
 * is upper case (word_flags would give the same).
 */
static const uint16_t wshape[16] = {
	[0x1] = NT_TF_LOWER1, [0x3] = NT_TF_LOWER1,
	[0x5] = NT_TF_LOWER1 | NT_TF_DIGIT, [0x7] = NT_TF_LOWER1 | NT_TF_DIGIT,
	[0x2] = NT_TF_LOWER1 | NT_TF_ALLCAPS,
	[0x6] = NT_TF_LOWER1 | NT_TF_ALLCAPS | NT_TF_DIGIT,
	[0xA] = NT_TF_UPPER1 | NT_TF_ALLCAPS, [0xB] = NT_TF_UPPER1,
	[0xE] = NT_TF_UPPER1 | NT_TF_ALLCAPS | NT_TF_DIGIT,
	[0xF] = NT_TF_UPPER1 | NT_TF_DIGIT,
};

/*
 * The fast path's small functions are inlined by force: a call costs
 * more than what most of them do.
 */
#define HOT	static inline __attribute__((always_inline))

/*
 * The hash of the plain token s[i..e), folded into tk->fold if need be.
 * A token of 16 bytes or fewer is folded in two registers (its letters
 * and digits lowered at once, the bytes past it cleared) and hashed
 * from there.
 */
HOT uint64_t
fast_hash(struct run *r, size_t i, size_t e, int kind, int upper)
{
	struct nt_buf *fb = &r->tk->fold;
	const char *p = r->s + i;
	int keep = (r->opts & NT_TOK_FOLD) != 0;
	size_t f0, len = e - i;
	uint64_t w[2];

	if (kind == NT_TOK_PUNCT) {
		if (keep)
			fold_byte(r, (unsigned char)*p);
		return punct_h[(unsigned char)*p];
	}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (len <= 16) {
		if (r->n - i >= 16)
			memcpy(w, p, 16);
		else {
			memset(w, 0, sizeof(w));
			memcpy(w, p, len);
		}
		w[0] = lower8(w[0]) & (len >= 8 ? ~(uint64_t)0 :
		    ~(~(uint64_t)0 << (8 * len)));
		w[1] = len <= 8 ? 0 : lower8(w[1]) & (len == 16 ?
		    ~(uint64_t)0 : ~(~(uint64_t)0 << (8 * (len - 8))));
		if (keep) {
			fold_room(r, 16);
			memcpy(fb->p + fb->len, w, 16);
			fb->len += len;
		}
		return hash16(w);
	}
#endif
	if (!upper && !keep)
		return fold_hash(p, len);	/* lower case already */
	if (!keep)
		fb->len = 0;
	f0 = fb->len;
	fold_ascii(r, p, len);
	return fold_hash(fb->p + f0, len);
}

/*
 * Room for 64 more tokens (and their folded offsets): as each is at
 * least a byte long, enough for a block.
 */
static void
fast_room(struct run *r)
{
	struct nt_toks *tk = r->tk;

	if (tk->cap - tk->n < 64) {
		tk->cap = tk->cap * 2 > tk->n + 64 ? tk->cap * 2 : tk->n + 256;
		tk->t = nt_ereallocarray(tk->t, tk->cap, sizeof(*tk->t));
	}
	if ((r->opts & NT_TOK_FOLD) && tk->focap < tk->cap + 1) {
		tk->focap = tk->cap + 1;
		tk->fo = nt_ereallocarray(tk->fo, tk->focap, sizeof(*tk->fo));
	}
}

/*
 * The state of one pass of fast_block, in a local the tokens written
 * cannot alias (so it stays in registers): the block's text and masks,
 * and where the next token goes.
 */
struct fblk {
	struct run	*r;
	const char	*s;		/* the block's text */
	size_t		 n;		/* bytes of text from s */
	size_t		 base, c0;	/* its offset; code points before it */
	uint64_t	 d, u;		/* digits, upper case (struct blk) */
	struct nt_tok	*t;		/* the next token */
	uint16_t	 extra;		/* what the gap gives the next token */
	int		 fold, keep;	/* hashing; keeping folded bytes */
};

/* A plain token [j, e) of the block, of kind kind, with flags f. */
HOT void
fast_emit(struct fblk *fb, unsigned j, unsigned e, int kind, uint16_t f)
{
	struct nt_tok *t = fb->t++;
	struct nt_toks *tk;

	if (fb->keep) {
		tk = fb->r->tk;
		tk->fo[t - tk->t] = tk->fold.len;
	}
	t->b = fb->base + j;
	t->e = fb->base + e;
	t->cb = fb->c0 + j;
	t->ce = fb->c0 + e;
	t->kind = (uint8_t)kind;
	t->len = (uint8_t)(e - j);
	t->f = f | fb->extra;
	fb->extra = 0;
	t->cp = kind == NT_TOK_PUNCT ? (unsigned char)fb->s[j] : 0;
	t->h = fb->fold ? fast_hash(fb->r, fb->base + j, fb->base + e, kind,
	    (f & NT_TF_UPPER1) || (fb->u & span(j, e))) : 0;
}

/*
 * The run of letters and digits [j, e) of the block as tokens: a number,
 * a word, or a number and the word glued to it ("1990s").  Returns where
 * the tokens end: e, or less to leave the rest to the general path.
 */
HOT unsigned
fast_alnum(struct fblk *fb, unsigned j, unsigned e, uint16_t f)
{
	const char *s = fb->s;
	size_t n = fb->n;
	uint64_t seg, u = fb->u, d = fb->d;
	unsigned k = j, sh;

	if ((d >> j) & 1) {
		k = j + ones(d, j);
		if (k == e && e + 1 < n && (s[e] == ',' || s[e] == '.') &&
		    ((s[e + 1] >= '0' && s[e + 1] <= '9') ||
		    (unsigned char)s[e + 1] >= 0x80))
			return j;	/* "1,200": the number may go on */
		fast_emit(fb, j, k, NT_TOK_NUM, f);
		if (k == e)
			return e;
		f = NT_TF_GLUED;
	}
	/* a lone letter before a dot may begin an abbreviation */
	if (e - k == 1 && e < n && s[e] == '.')
		return k;
	/* every byte of the run is in w: neither upper nor digit is lower */
	seg = span(k, e);
	sh = (seg & ~(u | d) ? 1 : 0) | (u & seg ? 2 : 0) |
	    (d & seg ? 4 : 0) | (unsigned)((u >> k) & 1) << 3;
	fast_emit(fb, k, e, NT_TOK_WORD, f | wshape[sh]);
	return e;
}

/* What the walk takes from a pass of fast_block that cut tokens. */
static void
fast_done(struct run *r, const struct fblk *fb, int sep, int spc)
{
	size_t n = (size_t)(fb->t - r->tk->t);

	if (n > r->tk->n) {
		r->tk->n = n;
		r->nl = 0;
		r->spnl = 0;
		r->sp = spc;
	} else
		r->sp |= spc;
	r->sep = sep;
}

/*
 * Cut the plain tokens of the block from offset from (a token start or a
 * gap) up to its first special byte.  Returns the offset reached; *more
 * says the block was plain to its end and the next one may go on.
 */
static unsigned
fast_block(struct run *r, const struct blk *b, unsigned from, int *more)
{
	struct fblk fb;
	unsigned stop, j, e, pos = from, got, lim = b->lim;
	uint64_t starts, punct, w = b->w, x = b->x & (~(uint64_t)0 << from);
	int sep = r->sep, spc = 0;	/* spaces since the last token */

	stop = x ? (unsigned)__builtin_ctzll(x) : 64;
	if (stop > lim)
		stop = lim;
	*more = stop == 64;
	if (stop <= from)
		return from;
	fb.r = r;
	fb.base = b->base;
	fb.s = r->s + b->base;
	fb.n = r->n - b->base;
	fb.c0 = r->ci - from;
	fb.d = b->d;
	fb.u = b->u;
	fb.t = r->tk->t + r->tk->n;
	fb.fold = r->fold;
	fb.keep = (r->opts & NT_TOK_FOLD) != 0;
	fb.extra = gap_flags(r, r->tk->n == r->n0);
	punct = ~(w | b->sp | b->x) & span(from, stop);
	/* a run starts at from even after a letter or digit ("1990" "s") */
	starts = ((w & ~(w << 1)) | (w & ((uint64_t)1 << from)) | punct) &
	    span(from, stop);
	for (; starts != 0; starts &= starts - 1) {
		j = (unsigned)__builtin_ctzll(starts);
		if (j > pos)
			sep = spc = 1;
		if ((punct >> j) & 1) {
			fast_emit(&fb, j, j + 1, NT_TOK_PUNCT, sep ? 0 :
			    NT_TF_GLUED);
			e = j + 1;
		} else {
			e = j + ones(w, j);
			/* it may go on past what the block knows, unless
			 * the text ends there */
			got = e == stop && !(stop == lim && lim < 64) ?
			    j : fast_alnum(&fb, j, e, sep ? 0 : NT_TF_GLUED);
			if (got != e) {
				*more = got == j && e == 64 && j > from;
				if (got > j)
					sep = spc = 0;
				fast_done(r, &fb, sep, spc);
				return got;
			}
		}
		sep = spc = 0;
		pos = e;
	}
	if (stop > pos) {
		sep = spc = 1;		/* spaces to the stop */
		pos = stop;
	}
	fast_done(r, &fb, sep, spc);
	return pos;
}

/*
 * Cut plain tokens for as long as they come (see above).  The block's
 * masks stay in r->bk while the general path cuts a token or two.
 */
static void
fast_run(struct run *r)
{
	struct blk *b = &r->bk;
	unsigned from, got;
	int more;

	do {
		if (!r->havebk || r->i - b->base >= 64) {
			refill(b, r->s, r->n, r->i, (r->opts &
			    NT_TOK_MARKUP) != 0);
			r->havebk = 1;
		}
		from = (unsigned)(r->i - b->base);
		fast_room(r);
		got = fast_block(r, b, from, &more);
		r->i += got - from;
		r->ci += got - from;
	} while (more && r->i < r->n);
}

/* --- the gap between tokens --- */

/* A line break of length len ("\r\n" is one, a PS two). */
static void
line_break(struct run *r, uint32_t cp, size_t len)
{
	if (r->nl == 0 && r->sp)
		r->spnl = 1;
	r->nl += cp == 0x2029 ? 2 : 1;
	advance(r, len);
	if (cp == '\r' && r->i < r->n && r->s[r->i] == '\n')
		advance(r, 1);
	r->sep = 1;
	r->sp = 0;
}

static int
lower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Names of the tags that end a block of text. */
static int
blocktag(const char *p, size_t n)
{
	static const char *const names[] = {
		"p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li",
		"ul", "ol", "tr", "td", "th", "table", "blockquote", "section",
		"article", "header", "footer", "hr", "dd", "dt", "title",
		"pre", "figure", "figcaption", "aside", "nav", "main", NULL
	};
	char name[16];
	size_t i, k = 0;

	for (i = 0; i < n && (p[i] == '/' || p[i] == '!'); i++)
		;
	for (; i < n && k + 1 < sizeof(name) &&
	    ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
	    (p[i] >= '0' && p[i] <= '9')); i++)
		name[k++] = (char)lower_ascii((unsigned char)p[i]);
	name[k] = '\0';
	for (i = 0; names[i] != NULL; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

static int
tagstart(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/';
}

#define TAGMAX 512

/*
 * An HTML tag at s[i] ("<b>", "</p>", "<img src=...>") or one escaped as
 * entities ("&lt;b&gt;"): its length, or 0.  The scan stops at the next
 * '<' or line break and after TAGMAX bytes, so the cost stays linear.
 */
static size_t
tag_at(const char *s, size_t i, size_t n, int *block)
{
	size_t j, lim = n - i < TAGMAX ? n - i : TAGMAX;
	const char *p = s + i;

	if (p[0] == '<') {
		if (lim < 3 || !(tagstart((unsigned char)p[1]) || p[1] == '!'))
			return 0;
		for (j = 1; j < lim; j++) {
			if (p[j] == '>') {
				*block = blocktag(p + 1, j - 1);
				return j + 1;
			}
			if (p[j] == '<' || p[j] == '\n')
				return 0;
		}
		return 0;
	}
	if (lim < 9 || memcmp(p, "&lt;", 4) != 0 ||
	    !tagstart((unsigned char)p[4]))
		return 0;
	for (j = 4; j + 4 <= lim; j++) {
		if (memcmp(p + j, "&gt;", 4) == 0) {
			*block = blocktag(p + 4, j - 4);
			return j + 4;
		}
		if (p[j] == '<' || p[j] == '\n' || memcmp(p + j, "&lt;", 4) == 0)
			return 0;
	}
	return 0;
}

/* A line break written as an escape ("\n", "\r", "\ n"): its length. */
static size_t
escbreak_at(const char *s, size_t i, size_t n)
{
	if (s[i] != '\\' || i + 1 >= n)
		return 0;
	if (s[i + 1] == 'n' || s[i + 1] == 'r')
		return 2;
	if (s[i + 1] == ' ' && i + 2 < n && (s[i + 2] == 'n' ||
	    s[i + 2] == 'r'))
		return 3;
	return 0;
}

/* NT_TOK_MARKUP: a tag or a written line break here?  Passes it, 1. */
static int
markup(struct run *r, uint32_t cp)
{
	size_t k;
	int block = 0;

	if ((cp == '<' || cp == '&') && (k = tag_at(r->s, r->i, r->n,
	    &block)) != 0) {
		if (block)
			r->nl += 2;
		else
			r->sp = 1;
		r->sep = 1;
		r->ci += nt_utf8_count(r->s + r->i, k);
		r->i += k;
		return 1;
	}
	/* Only between tokens: "said.\nThe" glued is one run of text. */
	if (cp == '\\' && (r->sep || r->tk->n == r->n0) &&
	    (k = escbreak_at(r->s, r->i, r->n)) != 0) {
		if (r->nl == 0 && r->sp)
			r->spnl = 1;
		r->i += k;
		r->ci += k;
		/* "\r\n" written out is one break, not two */
		if (r->s[r->i - 1] == 'r' && r->i + 1 < r->n &&
		    r->s[r->i] == '\\' && r->s[r->i + 1] == 'n') {
			r->i += 2;
			r->ci += 2;
		}
		r->nl++;
		r->sep = 1;
		r->sp = 0;
		return 1;
	}
	return 0;
}

/* A character between tokens at the walk's place: pass it, 1; or 0. */
static int
gap_char(struct run *r, int k, uint32_t cp, size_t len)
{
	switch (k) {
	case K_SPACE:
		r->sep = r->sp = 1;
		advance(r, len);
		return 1;
	case K_BREAK:
		line_break(r, cp, len);
		return 1;
	case K_FORMAT:
		advance(r, len);
		return 1;
	default:
		return (r->opts & NT_TOK_MARKUP) && markup(r, cp);
	}
}

/* --- runs --- */

/*
 * With NT_TOK_RUNS a token is a run: what the tokens of nt_tok_run glued
 * to one another make together ("said." "(AP)" "U.S.-led"), from the
 * first character after a gap to the last visible one before the next.
 * Cutting words is left out, not the rules of the gap (gap_char), so the
 * runs are exactly those of the word tokens (test_tok checks).
 *
 * scan_runs reads 64-byte masks of the bytes that may end a run (white
 * space and controls, UTF-8, DEL, with NT_TOK_MARKUP '<' and '&') and
 * of plain spaces; a run ends at the first of those that does end it,
 * and a run that one space follows starts the next at once.
 */
struct rblk {
	size_t	 base;
	uint64_t stop;		/* bytes that may end a run */
	uint64_t sp;		/* plain spaces (among stop) */
};

static void
run_masks(const char *p, int markup, struct rblk *b)
{
	uint64_t st = 0, sp = 0;
	unsigned j;

#ifdef __SSE2__
	/* Signed: bytes of UTF-8 are below 0x21 too. */
	__m128i v, m;

	for (j = 0; j < 64; j += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(p + j));
		m = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x21)),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
		if (markup)
			m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(v,
			    _mm_set1_epi8('<')), _mm_cmpeq_epi8(v,
			    _mm_set1_epi8('&'))));
		st |= (uint64_t)(unsigned)_mm_movemask_epi8(m) << j;
		sp |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
		    _mm_set1_epi8(' '))) << j;
	}
#else
	unsigned char c;

	for (j = 0; j < 64; j++) {
		c = (unsigned char)p[j];
		if (runstop[c] == 1 || runstop[c] == 3 || (markup &&
		    runstop[c] == 2))
			st |= (uint64_t)1 << j;
		if (c == ' ')
			sp |= (uint64_t)1 << j;
	}
#endif
	b->stop = st;
	b->sp = sp;
}

/* Masks from pos; past the end of the text every byte stops a run. */
static void
run_refill(struct rblk *b, const char *s, size_t n, size_t pos, int markup)
{
	char pad[64];

	b->base = pos;
	if (n - pos >= 64) {
		run_masks(s + pos, markup, b);
		return;
	}
	memset(pad, 'a', sizeof(pad));
	memcpy(pad, s + pos, n - pos);
	run_masks(pad, markup, b);
	b->stop |= ~(uint64_t)0 << (n - pos);
	b->sp &= ~(~(uint64_t)0 << (n - pos));
}

/* The first byte at or after i that may end a run (n at the end). */
static inline size_t
run_next(struct rblk *b, const char *s, size_t n, size_t i, int markup)
{
	uint64_t m;

	for (;;) {
		if (i - b->base >= 64)			/* i >= base always */
			run_refill(b, s, n, i, markup);
		m = b->stop >> (i - b->base);
		if (m != 0) {
			i += (size_t)__builtin_ctzll(m);
			return i < n ? i : n;
		}
		i = b->base + 64;
	}
}

/*
 * The end of the run that starts at i (its last visible character: the
 * invisible ones after it are the gap's), and in *cip the code points
 * up to there from *cip at i.
 */
static inline size_t
run_end2(struct run *r, struct rblk *b, size_t i, size_t *cip)
{
	const char *s = r->s;
	const size_t n = r->n;
	const int markup = (r->opts & NT_TOK_MARKUP) != 0;
	size_t last = i, ci = *cip, lastci = ci, j, len;
	uint32_t cp;
	int block, k;

	while (i < n) {
		j = run_next(b, s, n, i, markup);
		if (j > i) {
			ci += j - i;		/* plain ASCII */
			i = last = j;
			lastci = ci;
		}
		if (i >= n || s[i] == ' ')
			break;
		if ((unsigned char)s[i] < 0x80) {
			if (runstop[(unsigned char)s[i]] == 1 ||
			    tag_at(s, i, n, &block) != 0)
				break;		/* white space, or a tag */
			last = ++i;		/* '<' or '&' as text */
			lastci = ++ci;
			continue;
		}
		k = at(r, i, &cp, &len);
		if (k == K_SPACE || k == K_BREAK)
			break;
		i += len;
		ci++;
		/* invisible characters that end the run are the gap's */
		if (k != K_FORMAT) {
			last = i;
			lastci = ci;
		}
	}
	*cip = lastci;
	return last;
}

/*
 * The walk with NT_TOK_RUNS: gaps as ever (gap_char), runs instead of
 * words.  The walk's place, the white space before a run and the token
 * array live in locals (a store to a token could otherwise be a store
 * to any size_t of r or tk, for the compiler); r holds them only while
 * gap_char decides about what is neither a space nor a run's start.
 */
static void
scan_runs(struct run *r)
{
	const char *s = r->s;
	const size_t n = r->n;
	struct nt_toks *tk = r->tk;
	struct nt_tok *t, *tt = tk->t;
	struct rblk b;
	uint32_t cp;
	size_t i = 0, ci = 0, e, eci, len, tn = tk->n, tcap = tk->cap;
	unsigned char c;
	uint16_t f;
	int k, sep = 1, sp = 0, gapped = 1;

	run_refill(&b, s, n, 0, (r->opts & NT_TOK_MARKUP) != 0);
	while (i < n) {
		c = (unsigned char)s[i];
		if (c == ' ') {
			sep = sp = 1;
			i++;
			ci++;
			continue;
		}
		if (runstop[c] != 0 || c == '\\') {
			r->i = i;
			r->ci = ci;
			r->sep = sep;
			r->sp = sp;
			tk->n = tn;
			k = at(r, i, &cp, &len);
			k = gap_char(r, k, cp, len);
			i = r->i;
			ci = r->ci;
			sep = r->sep;
			sp = r->sp;
			gapped = 1;
			if (k)
				continue;
		}
		f = sep ? 0 : NT_TF_GLUED;
		if (gapped || tn == r->n0) {
			f |= gap_flags(r, tn == r->n0);
			r->nl = 0;
			r->spnl = 0;
			gapped = 0;
		}
		sep = sp = 0;
		eci = ci;
		e = run_end2(r, &b, i, &eci);
		if (tn == tcap) {
			tcap = tcap ? tcap * 2 : 256;
			tt = nt_ereallocarray(tt, tcap, sizeof(*tt));
			tk->t = tt;
			tk->cap = tcap;
		}
		t = &tt[tn++];
		t->b = i;
		t->e = e;
		t->cb = ci;
		t->ce = eci;
		t->h = 0;
		t->cp = 0;
		t->f = f;
		t->kind = NT_TOK_RUN;
		t->len = (uint8_t)(e - i > 255 ? 255 : e - i);
		i = e;
		ci = eci;
	}
	tk->n = tn;
	r->i = i;
	r->ci = ci;
}

/* --- counting word runs --- */

/*
 * nt_tok_count: the number of maximal runs of word characters (letters,
 * marks, numbers: NT_CC_WORD), invisible characters inside a run not
 * ending it, and of code points.  Plain ASCII is counted sixteen (or
 * eight) bytes at a time from a mask of its letters and digits: the
 * starts of runs are the set bits not after one.
 */

/*
 * Bit 7 of each byte of x set when that byte is an ASCII letter or digit;
 * x holds only ASCII.  b + (0x80 - lo) reaches bit 7 when b >= lo, and
 * b + (0x7f - hi) when b > hi; no byte carries into the next.
 */
static inline uint64_t
wordmask(uint64_t x)
{
	uint64_t y = x | 0x20 * ONES;
	uint64_t d = (x + (0x80 - '0') * ONES) & ~(x + (0x7f - '9') * ONES);
	uint64_t l = (y + (0x80 - 'a') * ONES) & ~(y + (0x7f - 'z') * ONES);

	return (d | l) & HIGHS;
}

/* Bits set in x < 2^16 (no popcnt instruction is assumed). */
static inline unsigned
pop16(unsigned x)
{
	x = x - ((x >> 1) & 0x5555);
	x = (x & 0x3333) + ((x >> 2) & 0x3333);
	x = (x + (x >> 4)) & 0x0F0F;
	return (x + (x >> 8)) & 0x1F;
}

struct counter {
	uint64_t	 cps;		/* code points */
	uint64_t	 runs;
	unsigned	 in;		/* the last character was a word's */
};

/*
 * Up to 16 bytes of plain ASCII (no backslash when json) at p: counted,
 * and how many; 0 when they are not plain.
 */
static inline size_t
count_ascii(struct counter *c, const unsigned char *p, size_t avail,
    int json)
{
	uint64_t x, w;
#ifdef __SSE2__
	__m128i v, y, d, l;
	unsigned m, st;

	if (avail >= 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)p);
		if (_mm_movemask_epi8(v) == 0 && (!json || _mm_movemask_epi8(
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))) == 0)) {
			/* All bytes are below 0x80: signed compares work. */
			d = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' -
			    1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
			y = _mm_or_si128(v, _mm_set1_epi8(0x20));
			l = _mm_and_si128(_mm_cmpgt_epi8(y, _mm_set1_epi8('a' -
			    1)), _mm_cmplt_epi8(y, _mm_set1_epi8('z' + 1)));
			m = (unsigned)_mm_movemask_epi8(_mm_or_si128(d, l));
			st = m & ~(m << 1 | c->in) & 0xFFFF;
			c->runs += pop16(st);
			c->in = m >> 15;
			c->cps += 16;
			return 16;
		}
	}
#endif
	if (avail < 8)
		return 0;
	memcpy(&x, p, 8);
	if ((x & HIGHS) != 0 || (json &&
	    (((x ^ '\\' * ONES) - ONES) & ~x & HIGHS) != 0))
		return 0;
	w = wordmask(x);
	/* Starts of runs: one bit 7 per byte at most, so a multiply sums
	 * them into the top byte. */
	c->runs += (((w & ~(w << 8 | (c->in ? 0x80 : 0))) >> 7) * ONES) >> 56;
	c->in = (unsigned)(w >> 63);
	c->cps += 8;
	return 8;
}

/* One character of classes cc: counted. */
static inline void
count_char(struct counter *c, unsigned cc)
{
	unsigned w = (cc & NT_CC_WORD) != 0;

	c->cps++;
	if (cc & NT_CC_FORMAT)
		return;			/* invisible: neither in a run nor not */
	c->runs += w & (c->in ^ 1);
	c->in = w;
}

/* A JSON escape at p: counted as the character it stands for; its length. */
static size_t
count_escape(struct counter *c, const char *p, size_t avail)
{
	long u, lo;
	size_t k = 2;

	u = nt_json_uescape(p, avail);
	if (u < 0) {
		count_char(c, 0);	/* \n, \", ...: not a word's */
		return avail < k ? avail : k;
	}
	k = 6;
	if (u >= 0xD800 && u <= 0xDBFF && avail >= 12 &&
	    (lo = nt_json_uescape(p + 6, avail - 6)) >= 0xDC00 &&
	    lo <= 0xDFFF) {
		u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
		k = 12;
	}
	count_char(c, nt_cc((uint32_t)u));
	return k;
}

static void
count(const char *s, size_t n, int json, uint64_t *runs, uint64_t *cps)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	struct counter c = { 0, 0, 0 };
	uint32_t cp;
	size_t k;

	while (p < end) {
		if ((k = count_ascii(&c, p, (size_t)(end - p), json)) > 0) {
			p += k;
			continue;
		}
		if (json && *p == '\\')
			k = count_escape(&c, (const char *)p, (size_t)(end - p));
		else if (*p < 0x80) {
			count_char(&c, nt_cc_ascii[*p]);
			k = 1;
		} else if ((k = nt_utf8_seqlen(p, (size_t)(end - p))) == 0) {
			count_char(&c, 0);	/* invalid: a mark of its own */
			k = 1;
		} else {
			(void)nt_utf8_decode((const char *)p, &cp);
			count_char(&c, nt_cc_get(cp));
		}
		p += k;
	}
	*runs = c.runs;
	if (cps != NULL)
		*cps = c.cps;
}

uint64_t
nt_tok_count(const char *s, size_t n, uint64_t *cps)
{
	uint64_t runs;

	count(s, n, 0, &runs, cps);
	return runs;
}

uint64_t
nt_tok_count_json(const char *s, size_t n, uint64_t *cps)
{
	uint64_t runs;

	count(s, n, 1, &runs, cps);
	return runs;
}

void
nt_tok_scan(struct nt_toks *tk, const char *s, size_t n, unsigned opts)
{
	struct run r;
	struct nt_tok *t;
	uint32_t cp;
	size_t len;
	unsigned char c;
	int k;

	pthread_once(&once, init);
	memset(&r, 0, sizeof(r));
	r.tk = tk;
	r.s = s;
	r.n = n;
	r.opts = opts;
	r.fold = !(opts & (NT_TOK_NOHASH | NT_TOK_RUNS));
	r.sep = 1;
	if (!(opts & NT_TOK_APPEND)) {
		tk->n = 0;
		nt_buf_reset(&tk->fold);
	}
	r.n0 = tk->n;
	if (opts & NT_TOK_RUNS) {
		scan_runs(&r);
		return;
	}
	while (r.i < n) {
		c = (unsigned char)s[r.i];
		if (c == ' ') {
			r.sep = r.sp = 1;
			advance(&r, 1);
			continue;
		}
		if (c < 0x80 && !(opts & NT_TOK_GENERAL)) {
			fast_run(&r);
			if (r.i >= n)
				break;
		}
		k = at(&r, r.i, &cp, &len);
		if (gap_char(&r, k, cp, len))
			continue;
		t = begin(&r);
		cutter[k](&r, t, k, cp, len);
	}
	if ((opts & NT_TOK_FOLD) && tk->fo != NULL)
		tk->fo[tk->n] = tk->fold.len;
}

void
nt_tok_run(struct nt_toks *tk, const char *s, size_t n)
{
	nt_tok_scan(tk, s, n, 0);
}

/* --- ASCII letter runs --- */

/*
 * The letters of p[0..64) as bits, its full stops in *dot, and in *hi
 * whether one of its bytes is not ASCII.
 */
static uint64_t
letter_mask(const char *p, uint64_t *dot, int *hi)
{
	uint64_t m = 0, d = 0, h = 0;
	unsigned j;

#ifdef __SSE2__
	__m128i v, up, lo;

	for (j = 0; j < 64; j += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(p + j));
		up = in_range(v, 'A', 'Z');
		lo = in_range(v, 'a', 'z');
		m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(up,
		    lo)) << j;
		d |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
		    _mm_set1_epi8('.'))) << j;
		h |= (uint64_t)(unsigned)_mm_movemask_epi8(v);
	}
#else
	unsigned char c;

	for (j = 0; j < 64; j++) {
		c = (unsigned char)p[j];
		h |= c >> 7;
		if (c < 0x80 && isletter(kascii[c]))
			m |= (uint64_t)1 << j;
		else if (c == '.')
			d |= (uint64_t)1 << j;
	}
#endif
	*dot = d;
	*hi = h != 0;
	return m;
}

/* Is s[i] an ASCII letter (i < n)? */
static int
ascii_letter_at(const char *s, size_t n, size_t i)
{
	return i < n && (unsigned char)s[i] < 0x80 &&
	    isletter(kascii[(unsigned char)s[i]]);
}

/*
 * The letters of the dotted abbreviation that may start at s[i], a
 * letter alone: one for each letter that stands alone before a full
 * stop.  The tokenizer's abbreviations (abbr_len) are never longer.
 */
static size_t
abbrev_letters(const char *s, size_t n, size_t i)
{
	size_t k = 0;

	while (i + 1 < n && ascii_letter_at(s, n, i) &&
	    (i == 0 || !ascii_letter_at(s, n, i - 1)) && s[i + 1] == '.') {
		k++;
		i += 2;
	}
	return k;
}

/*
 * Does the block at base (letters m, full stops d) start a dotted
 * abbreviation of min letters or more?  single: its letters that stand
 * alone, as far as the block tells.  A candidate is a letter alone, a
 * full stop and a letter; bits 62 and 63 look into the next block.
 */
static int
abbrev(const char *s, size_t n, size_t base, uint64_t single, uint64_t m,
    uint64_t d, size_t min)
{
	uint64_t c = single & d >> 1 & m >> 2;
	unsigned j;

	if ((single >> 62 & 1) && base + 63 < n && s[base + 63] == '.' &&
	    ascii_letter_at(s, n, base + 64))
		c |= (uint64_t)1 << 62;
	if ((single >> 63) && !ascii_letter_at(s, n, base + 64) &&
	    base + 65 < n && s[base + 64] == '.' &&
	    ascii_letter_at(s, n, base + 65))
		c |= (uint64_t)1 << 63;
	for (; c != 0; c &= c - 1) {
		j = (unsigned)__builtin_ctzll(c);
		if (abbrev_letters(s, n, base + j) >= min)
			return 1;
	}
	return 0;
}

/* What nt_tok_letter_runs keeps. */
struct runsel {
	size_t		 min, max;
	const uint64_t	*filter;
	struct nt_run	*runs;
	size_t		 k;
};

/* Keep letters s[b..e) if selected; no branch on the letters. */
static inline void
letter_run(const char *s, size_t b, size_t e, struct runsel *sel)
{
	unsigned slot = nt_run_slot(s + b, e - b);

	sel->runs[sel->k].b = b;
	sel->runs[sel->k].e = e;
	sel->k += (e - b >= sel->min) & (e - b <= sel->max) &
	    (unsigned)(sel->filter[slot >> 6] >> (slot & 63));
}

int
nt_tok_letter_runs(const char *s, size_t n, size_t min, size_t max,
    const uint64_t *filter, struct nt_run **runs, size_t *cap, size_t *nrun)
{
	struct runsel sel = { min > 0 ? min : 1, max, filter, *runs, 0 };
	char pad[64];
	const char *p;
	size_t base, open = 0;
	uint64_t m, d, st, en, single;
	int hi, isopen = 0, goes_on;

	pthread_once(&once, init);
	*nrun = 0;
	for (base = 0; base < n; base += 64) {
		p = s + base;
		if (n - base < 64) {
			memset(pad, ' ', sizeof(pad));
			memcpy(pad, s + base, n - base);
			p = pad;
		}
		m = letter_mask(p, &d, &hi);
		if (hi)
			return -1;
		if (*cap < sel.k + 34) {
			*cap = (sel.k + 34) * 2;
			*runs = nt_ereallocarray(*runs, *cap, sizeof(**runs));
			sel.runs = *runs;
		}
		/* A run that reaches a block's end may go on in the next. */
		goes_on = base + 64 < n && (m >> 63);
		st = m & ~(m << 1 | (uint64_t)isopen);
		en = m & ~(m >> 1);
		single = st & en;
		if (abbrev(s, n, base, single, m, d, sel.min))
			return -1;
		en &= ~((uint64_t)goes_on << 63);
		if (isopen && !(m & 1)) {
			letter_run(s, open, base, &sel);
			isopen = 0;
		} else if (isopen && en != 0) {
			letter_run(s, open, base +
			    (unsigned)__builtin_ctzll(en) + 1, &sel);
			en &= en - 1;
			isopen = 0;
		}
		for (; en != 0; en &= en - 1, st &= st - 1)
			letter_run(s, base + (unsigned)__builtin_ctzll(st),
			    base + (unsigned)__builtin_ctzll(en) + 1, &sel);
		if (goes_on && !isopen) {
			open = base + 63 - (unsigned)__builtin_clzll(st);
			isopen = 1;
		}
	}
	*nrun = sel.k;
	return 0;
}

uint64_t
nt_tok_hash(const char *s, size_t n)
{
	struct nt_toks tk = NT_TOKS_INIT;
	uint64_t h;

	nt_tok_run(&tk, s, n);
	h = tk.n == 1 ? tk.t[0].h : 0;
	nt_toks_free(&tk);
	return h;
}

const char *
nt_tok_fold(const struct nt_toks *tk, size_t i, size_t *len)
{
	*len = tk->fo[i + 1] - tk->fo[i];
	return tk->fold.p != NULL ? tk->fold.p + tk->fo[i] : "";
}

void
nt_toks_free(struct nt_toks *tk)
{
	if (tk == NULL)
		return;
	free(tk->t);
	free(tk->fo);
	nt_buf_free(&tk->fold);
	memset(tk, 0, sizeof(*tk));
}

size_t
nt_tok_piece(const char *s, size_t off, size_t n, size_t max)
{
	size_t lim, k;
	const char *p;

	if (n - off <= max)
		return n;
	lim = off + max;
	if ((p = memrchr(s + off, '\n', lim - off)) != NULL ||
	    (p = memrchr(s + off, ' ', lim - off)) != NULL)
		return (size_t)(p - s) + 1;
	for (k = lim; k > off + 1 && ((unsigned char)s[k] & 0xC0) == 0x80; k--)
		;
	return k;
}
