/*
 * dedupe_text: see dedupe_text.h.
 *
 * The text is cut once by the tokenizer (no hashes: dedupe_text makes
 * its own).  Each word token's bytes are read once more for what its
 * hash needs (word_read: ASCII from a table, the rest through its base
 * letters, nt_cc_base); the hash (word_hash) is looked up in the lexicon
 * (synonyms to their group's first word, boilerplate and function words
 * flagged), and the words of each line are kept or dropped together
 * (end_line).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Inline: a word's hash is a few instructions, not a call. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "core/conf.h"
#include "dedupe/dedupe_text.h"
#include "text/chars.h"
#include "core/utf8.h"
#include "core/util.h"

/* Word flags, per word of the current line. */
#define F_NUM	1	/* digits only: a number */
#define F_CUE	2	/* a word boilerplate lines are made of */
#define F_STOP	4	/* a function word, neutral in that test */
#define F_NAME	8	/* capitalised, not first in its sentence */
#define F_SYN	16	/* in a group of synonyms */

/* A boilerplate line has at most this many words. */
#define BOILER_MAXTOK	12

#define SEED_CP		0x6e64656475706531ULL	/* a letter's value */
#define SEED_NUM	0x4e554d4e554d4e55ULL	/* a word with digits */
#define SEED_SHAPE	0x7368617065ULL		/* first, length, letters */

/*
 * The lexicon: word hash -> canonical hash and flags.  Open addressing,
 * a power of two at least four times the number of entries.
 */
struct lexent {
	uint64_t	key;
	uint64_t	canon;
	uint8_t		flags;
};

/*
 * What word() makes of a word: its hash (through the lexicon), its
 * flags, and whether a capital makes it a name.  A memo of it for short
 * ASCII words (most words, and they come again and again), keyed by
 * their bytes: an entry is a word's eight bytes or fewer, zero-padded
 * (a word holds no NUL), and its kind.
 */
struct wres {
	uint64_t	h;
	uint8_t		fl;
	uint8_t		nameable;	/* F_NAME if capitalised mid-sentence */
	uint8_t		none;		/* not a word: nothing counts in it */
	uint8_t		vbit;		/* a synonym: its bit in vars */
	uint8_t		kind;		/* in the memo: the token's kind */
	uint8_t		byh;		/* in the memo: keyed by its hash */
};

/* 24 bytes: the memo's 32768 take 768 kB of the cache, not 1.25 MB. */
struct memo {
	uint64_t	key;
	struct wres	r;
};

#define MEMO_BITS	15
#define MEMO_SIZE	((size_t)1 << MEMO_BITS)
/* read_piece fetches the slot of the token this many tokens on. */
#define MEMO_AHEAD	16

struct nt_dlex {
	struct lexent	*e;
	size_t		 mask, n;
	uint64_t	 cpv[128];	/* the value of each ASCII character */
	struct memo	 memo[MEMO_SIZE];
};

/* --- words --- */

/* A word's value in the order-free part of its hash. */
static inline uint64_t
cpval(const struct nt_dlex *x, uint32_t cp)
{
	return cp < 128 ? x->cpv[cp] : XXH3_64bits_withSeed(&cp, sizeof(cp),
	    SEED_CP);
}

/* What word_hash needs of a word, gathered from its bytes. */
struct word {
	uint64_t	 sum;		/* sum of cpval(), order-free */
	uint32_t	 first, last, prev;
	size_t		 len;		/* letters and digits */
	int		 digit, alpha;
	/* For an exact hash: the word as written, when ASCII; else its
	 * base letters (up to 64 bytes, then their count only). */
	const char	*s;
	size_t		 n;
	int		 number;	/* a number's separators count */
	size_t		 nex;
	char		 ex[64];
};

static inline void
word_add(const struct nt_dlex *x, struct word *w, uint32_t cp)
{
	char enc[4];
	size_t k, j;

	k = nt_utf8_encode(cp, enc);
	for (j = 0; j < k; j++, w->nex++)
		if (w->nex < sizeof(w->ex))
			w->ex[w->nex] = enc[j];
	w->sum += cpval(x, cp);
	if (w->len == 0)
		w->first = cp;
	w->prev = w->last;
	w->last = cp;
	w->len++;
}

/* What word_read counts of an ASCII byte: 1 a letter, 2 a digit. */
static const unsigned char akeep[128] = {
	['0' ... '9'] = 2, ['a' ... 'z'] = 1, ['A' ... 'Z'] = 1,
};

/* Lower case of ASCII letters and digits; 0 for what a word does not count. */
static const unsigned char alow[128] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e',
	['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j',
	['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n', ['o'] = 'o',
	['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
	['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y',
	['z'] = 'z', ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd',
	['E'] = 'e', ['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i',
	['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
	['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's',
	['T'] = 't', ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x',
	['Y'] = 'y', ['Z'] = 'z',
};

/*
 * A word of ASCII bytes f[0..n): its letters and digits count (an
 * apostrophe or a separator does not), upper case as lower.  The sum
 * over them is all the loop does.  A word token begins and ends with a
 * letter or a digit, so its first and last are its ends; the one before
 * the last is looked for past an apostrophe ("don't").
 */
static void
word_ascii(const struct nt_dlex *x, struct word *w, const char *f, size_t n)
{
	const unsigned char *u = (const unsigned char *)f;
	uint64_t sum = 0;
	size_t i, len = 0;
	unsigned seen = 0, k;

	for (i = 0; i < n; i++) {
		k = akeep[u[i]];
		seen |= k;
		len += k != 0;
		sum += x->cpv[u[i]];
	}
	w->sum = sum;
	w->len = len;
	w->alpha = (seen & 1) != 0;
	w->digit = (seen & 2) != 0;
	if (len == 0)
		return;
	w->first = alow[u[0]];
	w->last = alow[u[n - 1]];
	for (i = n - 1; i > 0 && (w->prev = alow[u[i - 1]]) == 0; i--)
		;
}

/*
 * The same for a word of ASCII letters only (most words; the tokenizer
 * says so): every byte counts.
 */
static void
word_letters(const struct nt_dlex *x, struct word *w, const char *f,
    size_t n)
{
	const unsigned char *u = (const unsigned char *)f;
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += x->cpv[u[i]];
	w->sum = sum;
	w->len = n;
	w->alpha = 1;
	w->first = alow[u[0]];
	w->last = alow[u[n - 1]];
	w->prev = n > 1 ? alow[u[n - 2]] : 0;
}

/* One character of a word beyond ASCII: its base letters count. */
static void
word_char(const struct nt_dlex *x, struct word *w, uint32_t cp)
{
	uint32_t out[8];
	size_t k, m = nt_cc_base(cp, out, sizeof(out) / sizeof(out[0]));
	unsigned cc;

	for (k = 0; k < m; k++) {
		cc = nt_cc(out[k]);
		if (cc & NT_CC_DIGIT)
			w->digit = 1;
		else if (cc & NT_CC_LETTER)
			w->alpha = 1;
		else
			continue;
		word_add(x, w, out[k]);
	}
}

/*
 * What word_hash needs of word token k of the text s, its text as
 * written (its base letters are taken here).
 */
static void
word_read(const struct nt_dlex *x, struct word *w, const char *s,
    const struct nt_tok *k)
{
	size_t i = 0, n = k->e - k->b;
	int number = k->kind == NT_TOK_NUM;
	uint32_t cp;

	s += k->b;
	memset(w, 0, offsetof(struct word, ex));
	w->number = number;
	if (k->ce - k->cb == n) {
		w->s = s;
		w->n = n;
		if (k->len == n && k->kind == NT_TOK_WORD && !(k->f &
		    (NT_TF_DIGIT | NT_TF_APOS | NT_TF_POSS | NT_TF_ABBR)))
			word_letters(x, w, s, n);
		else
			word_ascii(x, w, s, n);
		return;
	}
	while (i < n) {
		i += nt_utf8_decode(s + i, &cp);
		if (cp < 0x80) {
			if (number && (cp == ',' || cp == '.') &&
			    w->nex < sizeof(w->ex))
				w->ex[w->nex++] = (char)cp;
			if (akeep[cp] == 0)
				continue;
			w->alpha |= akeep[cp] == 1;
			w->digit |= akeep[cp] == 2;
			cp |= cp >= 'A' && cp <= 'Z' ? 0x20 : 0;
			word_add(x, w, cp);
		} else
			word_char(x, w, cp);
	}
}

/* Does an ASCII byte count in a word's exact hash? */
static inline int
exact_byte(const struct word *w, unsigned char c)
{
	return alow[c] != 0 || (w->number && (c == ',' || c == '.'));
}

/*
 * The exact hash of a word: of its letters and digits, lower-cased (and
 * a number's separators), up to 64 bytes of them and their count.  An
 * ASCII word is read again from its text: the common case pays nothing
 * for the few words hashed exactly.
 */
static uint64_t
word_exact(struct word *w, uint64_t seed)
{
	size_t i;
	unsigned char c;

	if (w->s != NULL)
		for (i = 0; i < w->n; i++) {
			c = (unsigned char)w->s[i];
			if (!exact_byte(w, c))
				continue;
			if (w->nex < sizeof(w->ex))
				w->ex[w->nex] = (char)(alow[c] ? alow[c] : c);
			w->nex++;
		}
	return XXH3_64bits_withSeed(w->ex, w->nex < sizeof(w->ex) ? w->nex :
	    sizeof(w->ex), seed ^ w->nex);
}

/*
 * The hash of a word.  Digits make a word exact.  An alphabetic word of three letters or more
 * (after dropping a plural s) hashes by its first letter, its length
 * and the multiset of its other letters, which is what a swap of two
 * letters that are not the first keeps: "Reocrd" is "Record", "drls" is
 * "dlrs".
 */
static uint64_t
word_hash(const struct nt_dlex *x, struct word *w)
{
	uint64_t v[2];
	size_t len = w->len;

	if (w->digit)
		return word_exact(w, SEED_NUM) | 1;
	v[0] = w->sum;
	if (len >= 4 && w->last == 's' && w->prev != 's') {
		len--;
		v[0] -= cpval(x, 's');
	}
	if (len < 3)
		return word_exact(w, 0) | 1;
	v[0] -= cpval(x, w->first);
	v[1] = (uint64_t)w->first << 40 ^ len;
	return XXH3_64bits_withSeed(v, sizeof(v), SEED_SHAPE) | 1;
}

/* --- the lexicon --- */

static struct lexent *
lex_find(const struct nt_dlex *x, uint64_t key)
{
	size_t i = (size_t)key & x->mask;

	while (x->e[i].key != 0 && x->e[i].key != key)
		i = (i + 1) & x->mask;
	return &x->e[i];
}

static void
lex_grow(struct nt_dlex *x)
{
	struct lexent *old = x->e, *e;
	size_t oldmask = x->mask, i;

	x->mask = x->e == NULL ? 1023 : x->mask * 2 + 1;
	x->e = nt_ecalloc(x->mask + 1, sizeof(*x->e));
	for (i = 0; old != NULL && i <= oldmask; i++)
		if (old[i].key != 0) {
			e = lex_find(x, old[i].key);
			*e = old[i];
		}
	free(old);
}

/* Add word key with its canonical hash and flags (or them to an entry). */
static void
lex_add(struct nt_dlex *x, uint64_t key, uint64_t canon, uint8_t flags)
{
	struct lexent *e;

	if (key == 0)
		return;
	if ((x->n + 1) * 4 > x->mask + 1)
		lex_grow(x);
	e = lex_find(x, key);
	if (e->key == 0) {
		e->key = key;
		e->canon = canon ? canon : key;
		x->n++;
	}
	e->flags |= flags;
}

/* A list of words, each a scalar; the first of a synonym group leads. */
static int
lex_list(struct nt_dtext *t, const char *path, const struct nt_ynode *v,
    uint8_t flags, int group, struct nt_buf *err)
{
	uint64_t head = 0, h;
	size_t j;

	if (v->type != NT_YSEQ) {
		nt_yerr(err, path, v, "a list of words is needed here");
		return -1;
	}
	for (j = 0; j < v->n; j++) {
		if (v->kid[j]->type != NT_YSCALAR || v->kid[j]->len == 0) {
			nt_yerr(err, path, v->kid[j], "a word is needed here");
			return -1;
		}
		if ((h = nt_dtext_word(t, v->kid[j]->s, v->kid[j]->len)) == 0) {
			nt_yerr(err, path, v->kid[j], "'%s' is not a word",
			    v->kid[j]->s);
			return -1;
		}
		if (group && head == 0)
			head = h;
		lex_add(t->lex, h, head, flags);
	}
	return 0;
}

static int
load_synonyms(struct nt_dtext *t, const char *path, const struct nt_ynode *v,
    struct nt_buf *err)
{
	size_t j;

	if (v->type != NT_YSEQ) {
		nt_yerr(err, path, v, "'synonyms' must be a list of lists of "
		    "words");
		return -1;
	}
	for (j = 0; j < v->n; j++)
		if (lex_list(t, path, v->kid[j], F_SYN, 1, err) < 0)
			return -1;
	return 0;
}

/* The word file: synonyms and function words. */
static int
load_words(struct nt_dtext *t, const char *path, struct nt_buf *err)
{
	struct nt_ynode *root, *k;
	size_t i;
	int rc = -1;

	if ((root = nt_yaml_load(path, err)) == NULL)
		return -1;
	if (root->type != NT_YMAP) {
		nt_yerr(err, path, root, "a word file is a mapping with "
		    "'synonyms' and 'function_words'");
		goto out;
	}
	for (i = 0; i + 1 < root->n; i += 2) {
		k = root->kid[i];
		if (k->type == NT_YSCALAR && strcmp(k->s, "synonyms") == 0) {
			if (load_synonyms(t, path, root->kid[i + 1], err) < 0)
				goto out;
		} else if (k->type == NT_YSCALAR &&
		    strcmp(k->s, "function_words") == 0) {
			if (lex_list(t, path, root->kid[i + 1], F_STOP, 0,
			    err) < 0)
				goto out;
		} else {
			nt_yerr(err, path, k, "unknown key '%s' (known: "
			    "synonyms, function_words)", k->type == NT_YSCALAR ?
			    k->s : "?");
			goto out;
		}
	}
	rc = 0;
out:
	nt_ynode_free(root);
	return rc;
}

/* The rule file's boilerplate_words (its rules are nclean's). */
static int
load_cues(struct nt_dtext *t, const char *path, struct nt_buf *err)
{
	struct nt_ynode *root;
	const struct nt_ynode *v;
	int rc = -1;

	if ((root = nt_yaml_load(path, err)) == NULL)
		return -1;
	if (root->type != NT_YMAP ||
	    (v = nt_ymap_get(root, "boilerplate_words")) == NULL) {
		nt_yerr(err, path, root, "no 'boilerplate_words' here");
		goto out;
	}
	rc = lex_list(t, path, v, F_CUE, 0, err);
out:
	nt_ynode_free(root);
	return rc;
}

int
nt_dtext_load(struct nt_dtext *t, const char *rules, const char *words,
    struct nt_buf *err)
{
	struct nt_dlex *x;
	uint32_t i;

	memset(t, 0, sizeof(*t));
	t->lex = x = nt_ecalloc(1, sizeof(*x));
	/* upper case is worth its lower case; what is not counted, 0 */
	for (i = 0; i < 128; i++)
		x->cpv[i] = !akeep[i] ? 0 : XXH3_64bits_withSeed((uint32_t[]){
		    i >= 'A' && i <= 'Z' ? i + 32 : i }, sizeof(i), SEED_CP);
	lex_grow(x);
	/* synonyms first: a boilerplate word may also be one */
	if (load_words(t, words, err) < 0 || load_cues(t, rules, err) < 0)
		return -1;
	return 0;
}

int
nt_dtext_init(struct nt_dtext *t, struct nt_buf *err)
{
	struct nt_buf rules = NT_BUF_INIT, words = NT_BUF_INIT;
	const char *missing = NULL;
	int rc = -1;

	memset(t, 0, sizeof(*t));
	if (nt_datapath("nclean/rules.yaml", &rules) < 0)
		missing = "nclean/rules.yaml";
	else if (nt_datapath("ndedupe/words.yaml", &words) < 0)
		missing = "ndedupe/words.yaml";
	if (missing != NULL) {
		nt_buf_reset(err);
		nt_buf_printf(err, "%s: data file not found (set NTOOLS_DATA "
		    "to the data directory)", missing);
	} else
		rc = nt_dtext_load(t, rules.p, words.p, err);
	nt_buf_free(&rules);
	nt_buf_free(&words);
	return rc;
}

/* --- a text --- */

/*
 * Word h (flags f, synonym bit vbit) of the line being read: written
 * after the words kept so far, and kept by end_line unless the line is
 * boilerplate.
 */
static void
emit(struct nt_dtext *t, uint64_t h, uint8_t f, uint8_t vbit)
{
	size_t i = t->ntok + t->nlt;

	if (i == t->tcap) {
		t->tcap = t->tcap ? t->tcap * 2 : 256;
		t->tok = nt_ereallocarray(t->tok, t->tcap, sizeof(*t->tok));
		t->tf = nt_ereallocarray(t->tf, t->tcap, 1);
		t->tv = nt_ereallocarray(t->tv, t->tcap, 1);
	}
	t->tok[i] = h;
	t->tf[i] = f;
	t->tv[i] = vbit;
	t->nlt++;
}

/* A line read by nt_dtext_run_toks: for nt_dtext_keep. */
struct nt_dline {
	size_t		 t0;		/* its first token in the tk read */
	size_t		 w0, w1;	/* its words: tok[w0 .. w1) */
	int		 boiler;	/* dropped as boilerplate */
};

static void
note_line(struct nt_dtext *t, size_t t0, size_t w0, int boiler)
{
	struct nt_dline *l;

	if (t->nln == t->lncap) {
		t->lncap = t->lncap ? t->lncap * 2 : 64;
		t->ln = nt_ereallocarray(t->ln, t->lncap, sizeof(*t->ln));
	}
	l = &t->ln[t->nln++];
	l->t0 = t0;
	l->w0 = w0;
	l->w1 = t->ntok;
	l->boiler = boiler;
}

/* Word h, flags f (a synonym: its bit vbit), is kept: its mask bits. */
static inline void
mark_word(struct nt_dtext *t, uint64_t h, uint8_t f, unsigned vbit)
{
	unsigned b = (unsigned)(h >> 57);

	if (f & F_NUM)
		t->nums[b >> 6] |= (uint64_t)1 << (b & 63);
	else if (f & F_NAME)
		t->names[b >> 6] |= (uint64_t)1 << (b & 63);
	if (f & F_SYN)
		t->vars[vbit >> 6] |= (uint64_t)1 << (vbit & 63);
}

/* Is the line a lone "[shortcode]": tokens [a, b) from '[' to ']'? */
static int
bracketed(const struct nt_toks *tk, size_t a, size_t b)
{
	return b > a + 1 && tk->t[a].kind == NT_TOK_PUNCT &&
	    tk->t[a].cp == '[' && tk->t[b - 1].kind == NT_TOK_PUNCT &&
	    tk->t[b - 1].cp == ']';
}

/* A line of boilerplate: short and made mostly of cue words. */
static int
boilerplate(const struct nt_dtext *t, int bracket)
{
	const uint8_t *lf = t->tf + t->ntok;
	size_t i, cue = 0, stop = 0, num = 0, content;

	if (t->nlt > BOILER_MAXTOK)
		return 0;
	for (i = 0; i < t->nlt; i++) {
		if (lf[i] & F_CUE)
			cue++;
		else if (lf[i] & F_STOP)
			stop++;
		else if (lf[i] & F_NUM)
			num++;
	}
	content = t->nlt - stop - (num <= 1 ? num : 0);
	return (bracket && t->nlt <= 4) || (cue > 0 && cue * 10 >= content * 6);
}

/*
 * Decide about the line just read: keep its words, or drop it as
 * boilerplate ("Share this article: Facebook Twitter Email", a lone
 * "[ad_1]").
 */
static void
end_line(struct nt_dtext *t, int bracket, size_t t0)
{
	size_t i, w0 = t->ntok;

	if (t->nlt == 0)
		return;
	if (boilerplate(t, bracket)) {
		t->nboiler++;
		if (t->lined)
			note_line(t, t0, w0, 1);
		t->nlt = 0;
		return;
	}
	for (i = w0; i < w0 + t->nlt; i++)
		mark_word(t, t->tok[i], t->tf[i], t->tv[i]);
	t->ntok += t->nlt;
	if (t->lined)
		note_line(t, t0, w0, 0);
	t->nlines++;
	t->nlt = 0;
}

/* What word() makes of word token k of the text s, worked out. */
static void
word_eval(const struct nt_dlex *x, const char *s, const struct nt_tok *k,
    struct wres *r)
{
	const struct lexent *e;
	struct word w;

	memset(r, 0, sizeof(*r));
	word_read(x, &w, s, k);
	if (w.len == 0) {
		r->none = 1;
		return;
	}
	r->h = word_hash(x, &w);
	if (w.digit && !w.alpha)
		r->fl = F_NUM;
	else if (!w.digit) {
		e = lex_find(x, r->h);
		if (e->key != 0) {
			r->fl = e->flags;
			if (e->flags & F_SYN)
				r->vbit = (uint8_t)(r->h >> 57);
			r->h = e->canon;
		} else
			r->nameable = w.len >= 2;
	}
}

/*
 * The memo's key for word token k of the text s[0..n), an ASCII word:
 * the hash the tokenizer made of its bytes in lower case (*byh 1), when
 * it is a word whose folded form is all of them (an abbreviation's is
 * not: "C.O.P.S." folds as "cops", another word; nor a number's, whose
 * separators count); else a short word's bytes as a number; 0 for any
 * other.  What a word makes depends on its bytes in lower case only (a
 * capital counts where the word is, in word()).  A key that stood for
 * two words made the output depend on which a thread met first.
 */
static inline uint64_t
memo_key(const char *s, size_t n, const struct nt_tok *k, uint8_t *byh)
{
	size_t len = k->e - k->b;
	uint64_t v = 0;

	*byh = 0;
	if (k->ce - k->cb != len)
		return 0;
	if (k->h != 0 && k->kind == NT_TOK_WORD && k->len == len) {
		*byh = 1;
		return k->h;
	}
	if (len > 8)
		return 0;
	if (k->b + 8 <= n) {
		memcpy(&v, s + k->b, 8);
		return len == 8 ? v : v & ((((uint64_t)1) << (8 * len)) - 1);
	}
	memcpy(&v, s + k->b, len);
	return v;
}

/* The memo's slot for key. */
static inline struct memo *
memo_slot(struct nt_dlex *x, uint64_t key)
{
	return &x->memo[(key * 0x9e3779b97f4a7c15ull) >> (64 - MEMO_BITS)];
}

/* Word token i of the text s[0..n): its hash and flags, kept. */
static void
word(struct nt_dtext *t, const struct nt_toks *tk, const char *s, size_t n,
    size_t i, int first)
{
	const struct nt_tok *k = &tk->t[i];
	struct memo *m = NULL;
	struct wres r;
	uint64_t key;
	uint8_t fl, byh;

	if ((key = memo_key(s, n, k, &byh)) != 0) {
		m = memo_slot(t->lex, key);
		if (m->key == key && m->r.kind == k->kind && m->r.byh == byh) {
			r = m->r;
			m = NULL;
		} else
			word_eval(t->lex, s, k, &r);
	} else
		word_eval(t->lex, s, k, &r);
	if (m != NULL) {
		m->key = key;
		m->r = r;
		m->r.kind = k->kind;
		m->r.byh = byh;
	}
	if (r.none)
		return;
	fl = r.fl;
	if (r.nameable && !first && (k->f & NT_TF_UPPER1))
		fl = F_NAME;
	emit(t, r.h, fl | (r.fl & F_SYN), r.vbit);
}

/* Punctuation that ends a sentence, for telling names from first words. */
static int
ends_sentence(const struct nt_tok *k)
{
	return k->kind == NT_TOK_PUNCT && (k->cp == '.' || k->cp == '!' ||
	    k->cp == '?' || k->cp == ':');
}

/*
 * The words of s[0..n), a piece of the text that starts a line (or goes
 * on with the line the last piece ended in: *first is carried over).
 * The last piece, and one that ends in a line break, ends its line.
 */
static void
read_piece(struct nt_dtext *t, const char *s, size_t n,
    const struct nt_toks *tk, int *first, int last)
{
	const struct nt_tok *k;
	size_t i, line = 0;

	for (i = 0; i < tk->n; i++) {
		k = &tk->t[i];
		/* The memo's slot for a word further on, fetched meanwhile
		 * (wasted on one memo_key keys otherwise). */
		if (i + MEMO_AHEAD < tk->n && k[MEMO_AHEAD].h != 0)
			__builtin_prefetch(memo_slot(t->lex, k[MEMO_AHEAD].h));
		if ((k->f & NT_TF_NL) && i > 0) {
			end_line(t, bracketed(tk, line, i), line);
			line = i;
			*first = 1;
		}
		if (k->kind == NT_TOK_PUNCT) {
			if (ends_sentence(k))
				*first = 1;
			continue;
		}
		word(t, tk, s, n, i, *first);
		*first = 0;
	}
	if (last || s[n - 1] == '\n') {
		end_line(t, bracketed(tk, line, tk->n), line);
		*first = 1;
	}
}

static void
run_piece(struct nt_dtext *t, const char *s, size_t n, int *first, int last)
{
	nt_tok_scan(&t->tk, s, n, NT_TOK_NOHASH);
	read_piece(t, s, n, &t->tk, first, last);
}

/*
 * A long text is read a piece of PIECE bytes at a time, each ending at
 * a line break (tok.h's nt_tok_piece): its tokens are those of one
 * piece, not 48 bytes for every token of the text.  Lines, the unit of
 * everything here, come out as they would from one scan; only a line
 * longer than a piece is read in two.
 */
#define PIECE	(1024 * 1024)

/* Forget what the words kept told: marks and line counts. */
static void
clear_marks(struct nt_dtext *t)
{
	t->nums[0] = t->nums[1] = 0;
	t->names[0] = t->names[1] = 0;
	t->vars[0] = t->vars[1] = 0;
	t->nlines = t->nboiler = 0;
}

/* Forget the last text. */
static void
start(struct nt_dtext *t)
{
	t->ntok = 0;
	t->nlt = 0;
	clear_marks(t);
	t->nln = 0;
	t->lined = 0;
}

void
nt_dtext_run(struct nt_dtext *t, const char *s, size_t n)
{
	size_t off = 0, end;
	int first = 1;

	start(t);
	do {
		end = nt_tok_piece(s, off, n, PIECE);
		run_piece(t, s + off, end - off, &first, end == n);
		off = end;
	} while (off < n);
}

void
nt_dtext_run_toks(struct nt_dtext *t, const char *s, size_t n,
    const struct nt_toks *tk)
{
	int first = 1;

	if (n > PIECE) {
		nt_dtext_run(t, s, n);
		return;
	}
	start(t);
	t->lined = 1;
	read_piece(t, s, n, tk, &first, 1);
}

int
nt_dtext_keep(struct nt_dtext *t, const uint8_t *drop)
{
	const struct nt_dline *l;
	size_t i, j, k = 0;

	if (!t->lined)
		return 0;
	clear_marks(t);
	/* Lines in order, each moved down over those left out. */
	for (i = 0; i < t->nln; i++) {
		l = &t->ln[i];
		if (drop[l->t0])
			continue;
		if (l->boiler) {
			t->nboiler++;
			continue;
		}
		for (j = l->w0; j < l->w1; j++, k++) {
			t->tok[k] = t->tok[j];
			t->tf[k] = t->tf[j];
			t->tv[k] = t->tv[j];
			mark_word(t, t->tok[k], t->tf[k], t->tv[k]);
		}
		t->nlines++;
	}
	t->ntok = k;
	t->lined = 0;
	return 1;
}

uint64_t
nt_dtext_key(const struct nt_dtext *t)
{
	return XXH3_64bits_withSeed(t->tok, t->ntok * sizeof(*t->tok),
	    0x6e6f726d);
}

void
nt_dtext_release(struct nt_dtext *t)
{
	if (t->tcap <= (size_t)1 << 20)
		return;
	free(t->tok);
	free(t->tf);
	free(t->tv);
	t->tok = NULL;
	t->tf = t->tv = NULL;
	t->tcap = 0;
	t->lined = 0;
}

uint64_t
nt_dtext_word(struct nt_dtext *t, const char *s, size_t n)
{
	const struct nt_tok *k;
	struct word w;

	nt_tok_scan(&t->tk, s, n, NT_TOK_NOHASH);
	k = t->tk.t;
	if (t->tk.n != 1 || k->kind == NT_TOK_PUNCT)
		return 0;
	word_read(t->lex, &w, s, k);
	return w.len ? word_hash(t->lex, &w) : 0;
}

void
nt_dtext_free(struct nt_dtext *t)
{
	if (t == NULL)
		return;
	if (t->lex != NULL)
		free(t->lex->e);
	free(t->lex);
	free(t->tok);
	free(t->ln);
	free(t->tf);
	free(t->tv);
	nt_toks_free(&t->tk);
	memset(t, 0, sizeof(*t));
}
