/*
 * tok: see tok.h.  One pass over the bytes; ASCII is classified from a
 * table, anything else through utf8proc's categories.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/tok.h"
#include "core/utf8.h"
#include "core/util.h"

#define FNV_OFF	0xcbf29ce484222325ULL
#define FNV_MUL	0x100000001b3ULL

enum { C_OTHER, C_SPACE, C_NL, C_UPPER, C_LOWER, C_LETTER, C_DIGIT,
    C_MARK, C_ZW };

static unsigned char ascii_class[128];
/* Word bytes: their lower-case form (0: not a word byte), and whether
 * each is lower (1), upper (2) or a digit (4). */
static unsigned char ascii_fold[256], ascii_bits[256];
/* Built once, by whichever thread tokenizes first. */
static pthread_once_t ascii_once = PTHREAD_ONCE_INIT;

static void
ascii_init(void)
{
	int c;

	for (c = 0; c < 128; c++) {
		if (c >= 'A' && c <= 'Z')
			ascii_class[c] = C_UPPER;
		else if (c >= 'a' && c <= 'z')
			ascii_class[c] = C_LOWER;
		else if (c >= '0' && c <= '9')
			ascii_class[c] = C_DIGIT;
		else if (c == '\n')
			ascii_class[c] = C_NL;
		else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
		    c == '\v')
			ascii_class[c] = C_SPACE;
		else if (c < 32 || c == 127)
			ascii_class[c] = C_SPACE;
		else
			ascii_class[c] = C_OTHER;
		if (ascii_class[c] == C_LOWER) {
			ascii_fold[c] = (unsigned char)c;
			ascii_bits[c] = 1;
		} else if (ascii_class[c] == C_UPPER) {
			ascii_fold[c] = (unsigned char)(c + 32);
			ascii_bits[c] = 2;
		} else if (ascii_class[c] == C_DIGIT) {
			ascii_fold[c] = (unsigned char)c;
			ascii_bits[c] = 4;
		}
	}
}

static int
uclass(uint32_t cp)
{
	if (cp < 128)
		return ascii_class[cp];
	switch (cp) {
	/* news punctuation, without asking utf8proc */
	case 0x2018: case 0x2019: case 0x201c: case 0x201d: case 0x2013:
	case 0x2014: case 0x2026: case 0xab: case 0xbb: case 0x20ac:
	case 0xa3: case 0xb0: case 0xb7: case 0x2022:
		return C_OTHER;
	case 0xa0: case 0x2009: case 0x202f:
		return C_SPACE;
	case 0x2028: case 0x2029: case 0x85:
		return C_NL;
	case 0x200b: case 0x200c: case 0x200d: case 0x2060: case 0xfeff:
	case 0xad:
		return C_ZW;
	}
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LT:
		return C_UPPER;
	case UTF8PROC_CATEGORY_LL:
		return C_LOWER;
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return C_LETTER;
	case UTF8PROC_CATEGORY_ND:
		return C_DIGIT;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return C_MARK;
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_CC:
		return C_SPACE;
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return C_NL;
	case UTF8PROC_CATEGORY_CF:
		return C_ZW;
	default:
		return C_OTHER;
	}
}

/* Class and length of the code point at s[i] (i < n). */
static inline int
at(const char *s, size_t n, size_t i, uint32_t *cpp, size_t *lenp)
{
	unsigned char c = (unsigned char)s[i];
	uint32_t cp;

	if (c < 128) {
		*cpp = c;
		*lenp = 1;
		return ascii_class[c];
	}
	*lenp = nt_utf8_decode(s + i, &cp);
	if (i + *lenp > n)
		*lenp = n - i;
	*cpp = cp;
	return uclass(cp);
}

static inline int
isletter(int k)
{
	return k == C_UPPER || k == C_LOWER || k == C_LETTER;
}

static inline int
isapos(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02bc;
}

static inline uint64_t
hashcp(uint64_t h, uint32_t cp)
{
	char enc[4];
	size_t k, m;

	if (cp < 128) {
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		return (h ^ cp) * FNV_MUL;
	}
	if (isapos(cp))
		return (h ^ '\'') * FNV_MUL;
	cp = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
	m = nt_utf8_encode(cp, enc);
	for (k = 0; k < m; k++)
		h = (h ^ (unsigned char)enc[k]) * FNV_MUL;
	return h;
}

/*
 * Words are hashed from their folded bytes eight at a time: a word's
 * bytes are gathered in a small buffer (a very long word is folded into
 * the hash a block at a time) and mixed at its end.  The same bytes give
 * the same hash whichever path folded them, so "U.S." and "US" agree.
 */
/*
 * Bytes of x (each below 0x80) strictly between m and n get their high
 * bit set (Sean Anderson's bit twiddling hacks, "hasbetween").
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

struct fold {
	unsigned char	 b[256] __attribute__((aligned(8)));
	size_t		 n;
	uint64_t	 acc;
};

static inline uint64_t
hash_bytes(const unsigned char *p, size_t n, uint64_t h)
{
	uint64_t x;

	h ^= 0x9e3779b97f4a7c15ULL + n;
	while (n >= 8) {
		memcpy(&x, p, 8);
		h = (h ^ x) * 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 29;
		p += 8;
		n -= 8;
	}
	if (n) {
		/* p lies in a 256-byte buffer at a multiple of 8: the whole
		 * word can be read, and the bytes past the end masked */
		memcpy(&x, p, 8);
		x &= ((uint64_t)1 << (8 * n)) - 1;
		h = (h ^ x) * 0x94d049bb133111ebULL;
		h ^= h >> 31;
	}
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	return h;
}

static inline void
fold_put(struct fold *f, unsigned char c)
{
	if (f->n == sizeof(f->b)) {
		f->acc = hash_bytes(f->b, f->n, f->acc);
		f->n = 0;
	}
	f->b[f->n++] = c;
}

static inline void
fold_cp(struct fold *f, uint32_t cp)
{
	char enc[4];
	size_t k, m;

	if (cp < 128) {
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		fold_put(f, (unsigned char)cp);
		return;
	}
	if (isapos(cp)) {
		fold_put(f, '\'');
		return;
	}
	cp = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
	m = nt_utf8_encode(cp, enc);
	for (k = 0; k < m; k++)
		fold_put(f, (unsigned char)enc[k]);
}

static inline uint64_t
fold_hash(const struct fold *f)
{
	uint64_t h = hash_bytes(f->b, f->n, f->acc);

	return h ? h : 1;
}

static struct nt_tok *
push(struct nt_toks *tk)
{
	if (tk->n == tk->cap) {
		tk->cap = tk->cap ? tk->cap * 2 : 256;
		tk->t = nt_ereallocarray(tk->t, tk->cap, sizeof(*tk->t));
	}
	return &tk->t[tk->n++];
}

/* Is s[i..] a dotted abbreviation (two or more "X." in a row)? */
static size_t
abbr_len(const char *s, size_t n, size_t i)
{
	size_t j = i, k = 0;

	while (j + 1 < n && (unsigned char)s[j] < 128 &&
	    isletter(ascii_class[(unsigned char)s[j]]) && s[j + 1] == '.') {
		j += 2;
		k++;
	}
	if (k < 2)
		return 0;
	/* "U.S.A" without the last dot still counts as a letter run end. */
	if (j < n && (unsigned char)s[j] < 128 &&
	    (isletter(ascii_class[(unsigned char)s[j]]) ||
	    ascii_class[(unsigned char)s[j]] == C_DIGIT))
		return 0;
	return j - i;
}

void
nt_tok_run(struct nt_toks *tk, const char *s, size_t n)
{
	size_t i = 0, ci = 0, len, j, nl = 0;
	int k, space = 1, first = 1;
	uint32_t cp;
	struct nt_tok *t;
	uint16_t flags;

	pthread_once(&ascii_once, ascii_init);
	tk->n = 0;
	while (i < n) {
		if (s[i] == ' ') {
			space = 1;
			i++;
			ci++;
			continue;
		}
		k = at(s, n, i, &cp, &len);
		if (k == C_SPACE || k == C_NL || k == C_ZW) {
			if (k == C_NL)
				nl++;
			if (k != C_ZW)
				space = 1;
			i += len;
			ci++;
			continue;
		}
		flags = space ? 0 : NT_TF_GLUED;
		if (first || nl)
			flags |= NT_TF_NL;
		if (nl >= 2)
			flags |= NT_TF_PARA;
		first = 0;
		nl = 0;
		space = 0;
		t = push(tk);
		t->b = i;
		t->cb = ci;
		t->cp = 0;
		t->h = FNV_OFF;

		if (isletter(k) && (j = abbr_len(s, n, i)) != 0) {
			size_t q;
			struct fold fo;
			int allup = 1;

			fo.n = 0;
			fo.acc = 0;
			for (q = i; q < i + j; q++) {
				if (s[q] == '.')
					continue;
				if (ascii_class[(unsigned char)s[q]] != C_UPPER)
					allup = 0;
				fold_cp(&fo, (unsigned char)s[q]);
			}
			t->kind = NT_TOK_WORD;
			t->h = fold_hash(&fo);
			flags |= NT_TF_ABBR;
			flags |= k == C_UPPER ? NT_TF_UPPER1 : NT_TF_LOWER1;
			if (allup)
				flags |= NT_TF_ALLCAPS;
			i += j;
			ci += j;
			t->len = (uint8_t)(j / 2);
		} else if (k == C_DIGIT) {
			uint64_t h = FNV_OFF;

			for (;;) {
				h = hashcp(h, cp);
				i += len;
				ci++;
				if (i >= n)
					break;
				k = at(s, n, i, &cp, &len);
				if (k == C_DIGIT)
					continue;
				if ((cp == ',' || cp == '.') && i + 1 < n &&
				    ascii_class[(unsigned char)s[i + 1] & 0x7f]
				    == C_DIGIT && (unsigned char)s[i + 1] < 128)
					continue;
				break;
			}
			t->kind = NT_TOK_NUM;
			t->h = h;
			t->len = (uint8_t)(i - t->b > 255 ? 255 : i - t->b);
		} else if (isletter(k) || k == C_MARK ||
		    (isapos(cp) && tk->n > 1 && !(flags & NT_TF_NL) &&
		    (flags & NT_TF_GLUED) && i + 1 < n)) {
			uint64_t h = FNV_OFF;
			int nup = 0, nlow = 0, ndig = 0, firstk = k;
			size_t flen = 0;
			struct fold fo;

			fo.n = 0;
			fo.acc = 0;

			if (isapos(cp)) {
				/* The possessive 's split from its word. */
				size_t l2;
				uint32_t c2;
				int k2 = at(s, n, i + len, &c2, &l2);
				int k3 = C_SPACE;
				uint32_t c3;
				size_t l3;

				if (i + len + l2 < n)
					k3 = at(s, n, i + len + l2, &c3, &l3);
				if (!((c2 == 's' || c2 == 'S') && k2 != C_OTHER
				    && !isletter(k3) && k3 != C_DIGIT)) {
					t->kind = NT_TOK_PUNCT;
					t->cp = cp;
					t->h = hashcp(FNV_OFF, cp);
					t->len = 1;
					i += len;
					ci++;
					t->e = i;
					t->ce = ci;
					t->f = flags;
					continue;
				}
				fold_put(&fo, '\'');
				fold_put(&fo, 's');
				h = fold_hash(&fo);
				i += len + l2;
				ci += 2;
				t->kind = NT_TOK_WORD;
				t->h = h;
				t->len = 2;
				t->f = flags | NT_TF_POSS | NT_TF_LOWER1;
				t->e = i;
				t->ce = ci;
				continue;
			}
			for (;;) {
				/* ASCII letters and digits go to the loop below */
				if (cp >= 128 || ascii_fold[cp] == 0) {
					if (k == C_UPPER)
						nup++;
					else if (k == C_LOWER)
						nlow++;
					else if (k == C_DIGIT)
						ndig++;
					fold_cp(&fo, cp);
					flen += len;
					i += len;
					ci++;
				}
				/* the common case: a run of ASCII letters */
				{
					size_t i0 = i;
					unsigned bits = 0;
					unsigned char c, f;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
					/* eight bytes at a time while they last */
					while (i + 8 <= n && fo.n + 8 <= sizeof(fo.b)) {
						uint64_t x, lo, up, dg, nm, keep, fx;
						unsigned r;

						memcpy(&x, s + i, 8);
						lo = between(x, 'a' - 1, 'z' + 1);
						up = between(x, 'A' - 1, 'Z' + 1);
						dg = between(x, '0' - 1, '9' + 1);
						nm = ~(lo | up | dg) & HIGHS;
						r = nm ? (unsigned)__builtin_ctzll(nm) /
						    8 : 8;
						if (r == 0)
							break;
						keep = r == 8 ? ~(uint64_t)0 :
						    ((uint64_t)1 << (8 * r)) - 1;
						fx = x | ((up & keep) >> 2);
						memcpy(fo.b + fo.n, &fx, 8);
						fo.n += r;
						bits |= (lo & keep) ? 1 : 0;
						bits |= (up & keep) ? 2 : 0;
						bits |= (dg & keep) ? 4 : 0;
						i += r;
						if (r < 8)
							break;
					}
#endif
					while (i < n && (f = ascii_fold[(unsigned
					    char)s[i]]) != 0) {
						c = (unsigned char)s[i];
						bits |= ascii_bits[c];
						fold_put(&fo, f);
						i++;
					}
					flen += i - i0;
					ci += i - i0;
					nlow += bits & 1;
					nup += (bits >> 1) & 1;
					ndig += (bits >> 2) & 1;
				}
				if (i >= n)
					break;
				k = at(s, n, i, &cp, &len);
				if (isletter(k) || k == C_MARK || k == C_DIGIT)
					continue;
				if (isapos(cp) && i + len < n) {
					size_t l2, l3;
					uint32_t c2, c3;
					int k2 = at(s, n, i + len, &c2, &l2);
					int k3 = C_SPACE;

					if (!isletter(k2))
						break;
					if (i + len + l2 < n)
						k3 = at(s, n, i + len + l2, &c3,
						    &l3);
					if ((c2 == 's' || c2 == 'S') &&
					    !isletter(k3) && k3 != C_DIGIT)
						break;	/* possessive */
					continue;
				}
				break;
			}
			t->kind = NT_TOK_WORD;
			t->h = fold_hash(&fo);
			t->len = (uint8_t)(flen > 255 ? 255 : flen);
			if (firstk == C_UPPER)
				flags |= NT_TF_UPPER1;
			else if (firstk == C_LOWER)
				flags |= NT_TF_LOWER1;
			if (nup > 0 && nlow == 0)
				flags |= NT_TF_ALLCAPS;
			if (ndig)
				flags |= NT_TF_DIGIT;
		} else {
			t->kind = NT_TOK_PUNCT;
			t->cp = cp;
			t->h = hashcp(FNV_OFF, cp);
			t->len = 1;
			i += len;
			ci++;
		}
		t->e = i;
		t->ce = ci;
		t->f = flags;
	}
}

uint64_t
nt_tok_hash(const char *s, size_t n)
{
	struct nt_toks tk = NT_TOKS_INIT;
	uint64_t h;

	nt_tok_run(&tk, s, n);
	h = tk.n == 1 ? tk.t[0].h : 0;
	free(tk.t);
	return h;
}

void
nt_toks_free(struct nt_toks *tk)
{
	if (tk == NULL)
		return;
	free(tk->t);
	tk->t = NULL;
	tk->n = tk->cap = 0;
}
