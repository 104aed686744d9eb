/*
 * lang: script counts, then Cyrillic and Arabic letters, then a naive
 * Bayes over Latin trigrams.  See lang.h for what each step decides and
 * ntools-lang(5) for the model file.
 *
 * One pass over the text feeds everything: each code point is looked up
 * in a table of scripts (ASCII without a lookup), letters are counted by
 * script, Latin letters are lower-cased into the current word, and each
 * trigram of a word is looked up in the model's hash table, whose slots
 * hold the costs beside the key (one memory access a trigram, in a table
 * of some 400 KB that stays in the cache), and the costs are added to
 * the running sums.  A trigram is three code points of 21 bits packed
 * into a 64-bit key, with 0 standing for the word boundary, so no string
 * is ever built.  The sums are 32-bit: at most NT_LANG_SCAN trigrams of
 * at most 255 each.
 */
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL		/* one 8-byte key per trigram: inline it */
#include <xxhash.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text/chars.h"
#include "text/lang.h"
#include "core/utf8.h"
#include "core/util.h"

#define BOUND	0u		/* the word boundary in a trigram */
#define NT_LANG_BATCH	32	/* trigrams looked up together */

/* What a code point is to the scanner. */
enum { SC_NONE, SC_LATIN, SC_CYR, SC_ARAB, SC_OTHER, SC_MARK, SC_N };

/*
 * Letters by script, outside ASCII.  Anything not listed ends a word and
 * counts as no letter (digits, punctuation, symbols, spaces, and the
 * apostrophe: "l'homme" is read as l and homme, like the word lists).
 * Marks (combining accents, Arabic vowel signs) neither count nor end a
 * word.
 * "Other" lists the scripts whose letters must stop a text from being
 * called Latin when they are most of it; the list need not be complete
 * for that, only for the scripts news is written in.
 */
static const struct range {
	uint32_t	lo, hi;
	uint8_t		sc;
} ranges[] = {
	{ 0x00AA, 0x00AA, SC_LATIN },	{ 0x00BA, 0x00BA, SC_LATIN },
	{ 0x00C0, 0x00D6, SC_LATIN },	{ 0x00D8, 0x00F6, SC_LATIN },
	{ 0x00F8, 0x024F, SC_LATIN },	{ 0x0300, 0x036F, SC_MARK },
	{ 0x0386, 0x03FF, SC_OTHER },
	{ 0x0400, 0x0481, SC_CYR },	{ 0x0483, 0x0489, SC_MARK },
	{ 0x048A, 0x052F, SC_CYR },	{ 0x0531, 0x0587, SC_OTHER },
	{ 0x0591, 0x05C7, SC_MARK },	{ 0x05D0, 0x05F2, SC_OTHER },
	{ 0x0610, 0x061A, SC_MARK },	{ 0x0620, 0x064A, SC_ARAB },
	{ 0x064B, 0x065F, SC_MARK },	{ 0x066E, 0x066F, SC_ARAB },
	{ 0x0670, 0x0670, SC_MARK },	{ 0x0671, 0x06D3, SC_ARAB },
	{ 0x06D5, 0x06D5, SC_ARAB },	{ 0x06D6, 0x06ED, SC_MARK },
	{ 0x06EE, 0x06EF, SC_ARAB },	{ 0x06FA, 0x06FF, SC_ARAB },
	{ 0x0750, 0x077F, SC_ARAB },	{ 0x08A0, 0x08C9, SC_ARAB },
	{ 0x08CA, 0x08FF, SC_MARK },	{ 0x0900, 0x0DFF, SC_OTHER },
	{ 0x0E01, 0x0E4E, SC_OTHER },	{ 0x0E81, 0x0EDF, SC_OTHER },
	{ 0x0F00, 0x0FFF, SC_OTHER },	{ 0x1000, 0x109F, SC_OTHER },
	{ 0x10A0, 0x10FF, SC_OTHER },	{ 0x1100, 0x11FF, SC_OTHER },
	{ 0x1200, 0x139F, SC_OTHER },	{ 0x1780, 0x17FF, SC_OTHER },
	{ 0x1AB0, 0x1AFF, SC_MARK },	{ 0x1DC0, 0x1DFF, SC_MARK },
	{ 0x1E00, 0x1EFF, SC_LATIN },	{ 0x1F00, 0x1FFF, SC_OTHER },
	{ 0x20D0, 0x20FF, SC_MARK },	{ 0x2C60, 0x2C7F, SC_LATIN },
	{ 0x2DE0, 0x2DFF, SC_MARK },
	{ 0x3041, 0x30FF, SC_OTHER },	{ 0x3105, 0x318E, SC_OTHER },
	{ 0x3400, 0x4DBF, SC_OTHER },	{ 0x4E00, 0x9FFF, SC_OTHER },
	{ 0xA640, 0xA69F, SC_CYR },	{ 0xA720, 0xA7FF, SC_LATIN },
	{ 0xAC00, 0xD7A3, SC_OTHER },	{ 0xF900, 0xFAFF, SC_OTHER },
	{ 0xFB00, 0xFB06, SC_LATIN },	{ 0xFB1D, 0xFB4F, SC_OTHER },
	{ 0xFB50, 0xFDFB, SC_ARAB },	{ 0xFE20, 0xFE2F, SC_MARK },
	{ 0xFE70, 0xFEFC, SC_ARAB },	{ 0xFF21, 0xFF3A, SC_LATIN },
	{ 0xFF41, 0xFF5A, SC_LATIN },	{ 0xFF66, 0xFFDC, SC_OTHER },
	{ 0x20000, 0x3134F, SC_OTHER },
};

/*
 * Cyrillic letters (lower case) that tell the languages apart.  Only
 * Ukrainian writes і ї є ґ, only Russian ы э ё among the two (Belarusian
 * writes і and ы, but also ў, which is "other").  ъ is rare in Russian
 * and frequent in Bulgarian.  "Other" letters belong to the alphabets of
 * other languages (Serbian, Macedonian, Belarusian, Kazakh, ...).
 */
enum { CY_UK = 1, CY_RU, CY_HARD, CY_OTHER };

static const struct {
	uint32_t	cp;
	uint8_t		role;
} cyrletters[] = {
	{ 0x044A, CY_HARD },	{ 0x044B, CY_RU },	{ 0x044D, CY_RU },
	{ 0x0451, CY_RU },	{ 0x0452, CY_OTHER },	{ 0x0453, CY_OTHER },
	{ 0x0454, CY_UK },	{ 0x0455, CY_OTHER },	{ 0x0456, CY_UK },
	{ 0x0457, CY_UK },	{ 0x0458, CY_OTHER },	{ 0x0459, CY_OTHER },
	{ 0x045A, CY_OTHER },	{ 0x045B, CY_OTHER },	{ 0x045C, CY_OTHER },
	{ 0x045E, CY_OTHER },	{ 0x045F, CY_OTHER },	{ 0x0491, CY_UK },
};

/*
 * Arabic-script letters that Arabic does not use and Persian, Urdu,
 * Pashto or Kurdish do: peh, tcheh, jeh, gaf, keheh, farsi yeh, and
 * Urdu's tteh, ddal, rreh, noon ghunna, heh doachashmee, yeh barree.
 */
static const uint32_t arabforeign[] = {
	0x0679, 0x067E, 0x0686, 0x0688, 0x0691, 0x0698, 0x06A9, 0x06AF,
	0x06BA, 0x06BE, 0x06C0, 0x06C3, 0x06CC, 0x06D2, 0x06D3,
};

struct scan {
	const struct nt_langmodel *m;
	uint32_t	 cost[NT_LANG_MAX];
	size_t		 letters[SC_N];
	size_t		 ntri;
	uint32_t	 w1, w2;	/* the last two code points of a word */
	int		 inword;	/* a Latin word is open */
	size_t		 cy[CY_OTHER + 1];
	size_t		 latinx;	/* Latin Extended Additional */
	uint64_t	 pend[NT_LANG_BATCH];	/* trigrams to look up */
	size_t		 npend;
	size_t		 arabforeign;
};

static int
script(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(ranges) / sizeof(ranges[0]), mid;

	if (cp < 0x80) {
		return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z' ? SC_LATIN :
		    SC_NONE;
	}
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (cp < ranges[mid].lo)
			hi = mid;
		else if (cp > ranges[mid].hi)
			lo = mid + 1;
		else
			return ranges[mid].sc;
	}
	return SC_NONE;
}

static uint32_t
lower(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 0x20 : cp;
	return nt_cc_lower(cp);
}

static size_t
home(const struct nt_langmodel *m, uint64_t k)
{
	return (size_t)XXH3_64bits(&k, sizeof(k)) & (m->cap - 1);
}

/* The slot of key k, from slot i on: where it is, or the empty one where
 * it would go. */
static struct nt_langslot *
probe(const struct nt_langmodel *m, uint64_t k, size_t i)
{
	while (m->slot[i].key != 0 && m->slot[i].key != k)
		i = (i + 1) & (m->cap - 1);
	return &m->slot[i];
}

static struct nt_langslot *
slot(const struct nt_langmodel *m, uint64_t k)
{
	return probe(m, k, home(m, k));
}

#ifdef __SSE2__
/*
 * Add the costs of the slots at[0..n) to sc->cost, 16 lanes at a time:
 * summed in 16 bits first (a batch is at most 32 trigrams of at most 255,
 * 8160), then widened.
 */
static void
add_costs(struct scan *sc, const struct nt_langslot *const *at, size_t n)
{
	const __m128i z = _mm_setzero_si128();
	__m128i lo = z, hi = z, c;
	uint16_t s[NT_LANG_MAX];
	size_t i, l;

	for (i = 0; i < n; i++) {
		c = _mm_loadu_si128((const __m128i *)(const void *)at[i]->cost);
		lo = _mm_add_epi16(lo, _mm_unpacklo_epi8(c, z));
		hi = _mm_add_epi16(hi, _mm_unpackhi_epi8(c, z));
	}
	_mm_storeu_si128((__m128i *)(void *)s, lo);
	_mm_storeu_si128((__m128i *)(void *)(s + 8), hi);
	for (l = 0; l < NT_LANG_MAX; l++)
		sc->cost[l] += s[l];
}
#else
static void
add_costs(struct scan *sc, const struct nt_langslot *const *at, size_t n)
{
	size_t i, l;

	for (i = 0; i < n; i++)
		for (l = 0; l < NT_LANG_MAX; l++)
			sc->cost[l] += at[i]->cost[l];
}
#endif

/*
 * Score the trigrams waiting in sc->pend.  Their slots are looked up in
 * a batch, all first fetched into the cache and then read, so that the
 * lookups wait for memory together rather than one after another: a
 * lookup is most of the detector's time, and it is memory-bound.  The
 * costs of languages past nlang are 0, and every lane is added.
 */
static void
flush(struct scan *sc)
{
	const struct nt_langmodel *m = sc->m;
	const struct nt_langslot *e, *hit[NT_LANG_BATCH];
	size_t i, n = 0, at[NT_LANG_BATCH];

	if (m->cap == 0) {
		sc->npend = 0;
		return;
	}
	for (i = 0; i < sc->npend; i++) {
		at[i] = home(m, sc->pend[i]);
		__builtin_prefetch(&m->slot[at[i]]);
	}
	for (i = 0; i < sc->npend; i++)
		if ((e = probe(m, sc->pend[i], at[i]))->key != 0)
			hit[n++] = e;	/* else no language knows it */
	add_costs(sc, hit, n);
	sc->ntri += n;
	sc->npend = 0;
}

static void
trigram(struct scan *sc, uint32_t a, uint32_t b, uint32_t c)
{
	sc->pend[sc->npend++] = (uint64_t)a << 42 | (uint64_t)b << 21 | c;
	if (sc->npend == NT_LANG_BATCH)
		flush(sc);
}

static void
word_letter(struct scan *sc, uint32_t c)
{
	if (!sc->inword) {
		sc->w1 = BOUND;
		sc->w2 = c;
		sc->inword = 1;
		return;
	}
	trigram(sc, sc->w1, sc->w2, c);
	sc->w1 = sc->w2;
	sc->w2 = c;
}

static void
word_end(struct scan *sc)
{
	if (sc->inword)
		trigram(sc, sc->w1, sc->w2, BOUND);
	sc->inword = 0;
}

static void
cyrillic(struct scan *sc, uint32_t lc)
{
	size_t i;

	if (lc >= 0x0460 && lc != 0x0491) {
		sc->cy[CY_OTHER]++;
		return;
	}
	for (i = 0; i < sizeof(cyrletters) / sizeof(cyrletters[0]); i++)
		if (cyrletters[i].cp == lc) {
			sc->cy[cyrletters[i].role]++;
			return;
		}
}

static void
arabic(struct scan *sc, uint32_t cp)
{
	size_t i;

	for (i = 0; i < sizeof(arabforeign) / sizeof(arabforeign[0]); i++)
		if (arabforeign[i] == cp) {
			sc->arabforeign++;
			return;
		}
}

/* Feed one code point to the scanner. */
static void
feed(struct scan *sc, uint32_t cp)
{
	int s = script(cp);

	switch (s) {
	case SC_LATIN:
		word_letter(sc, lower(cp));
		if (cp >= 0x1E00 && cp <= 0x1EFF)
			sc->latinx++;
		break;
	case SC_MARK:
		return;
	default:
		word_end(sc);
		if (s == SC_CYR)
			cyrillic(sc, lower(cp));
		else if (s == SC_ARAB)
			arabic(sc, cp);
		break;
	}
	sc->letters[s]++;
}

/*
 * feed() of the ASCII bytes p[*ip..) (each a Latin letter or nothing),
 * up to lim or a byte that is not ASCII, with the word in locals rather
 * than in sc.  It stops, too, right after a full batch of trigrams is
 * flushed: sc->ntri has grown, and the caller may want to ask sure()
 * before the next byte, as it would after any byte.
 */
static void
feed_ascii(struct scan *sc, const unsigned char *p, size_t *ip, size_t lim)
{
	uint64_t *pend = sc->pend;
	size_t i = *ip, npend = sc->npend, latin = 0, none = 0;
	uint32_t w1 = sc->w1, w2 = sc->w2, c;
	int inword = sc->inword;

	for (; i < lim && p[i] < 0x80 && npend < NT_LANG_BATCH; i++) {
		c = p[i] | 0x20u;
		if (c >= 'a' && c <= 'z') {
			latin++;
			if (inword) {
				pend[npend++] = (uint64_t)w1 << 42 |
				    (uint64_t)w2 << 21 | c;
				w1 = w2;
			} else
				w1 = BOUND;
			w2 = c;
			inword = 1;
		} else {
			none++;
			if (inword)
				pend[npend++] = (uint64_t)w1 << 42 |
				    (uint64_t)w2 << 21 | BOUND;
			inword = 0;
		}
	}
	sc->w1 = w1;
	sc->w2 = w2;
	sc->inword = inword;
	sc->npend = npend;
	sc->letters[SC_LATIN] += latin;
	sc->letters[SC_NONE] += none;
	if (npend == NT_LANG_BATCH)
		flush(sc);
	*ip = i;
}

/* Ukrainian or Russian, from the letters counted. */
static const char *
decide_cyrillic(const struct scan *sc)
{
	size_t uk = sc->cy[CY_UK], ru = sc->cy[CY_RU];

	/* Another alphabet's letters, a few in a hundred, are no accident. */
	if (sc->cy[CY_OTHER] * 100 > sc->letters[SC_CYR])
		return "und";
	/* ъ without ы э ё is Bulgarian, not Russian. */
	if (sc->cy[CY_HARD] > 2 && sc->cy[CY_HARD] > ru)
		return "und";
	if (uk > 0 && uk >= 3 * ru)
		return "uk";
	if (ru > 0 && ru >= 3 * uk)
		return "ru";
	/*
	 * Ukrainian hardly writes a sentence without і, ї or є; Russian
	 * often writes two without ы, э or ё ("трех" for "трёх").
	 */
	if (uk == 0 && ru == 0 && sc->letters[SC_CYR] >= NT_LANG_RULETTERS)
		return "ru";
	return "und";
}

static const char *
decide_arabic(const struct scan *sc)
{
	return sc->arabforeign * 50 > sc->letters[SC_ARAB] ? "und" : "ar";
}

/*
 * The cheapest Latin language so far (its index in *b), its lead over
 * the runner-up, and the lead it needs: margin per trigram, plus slope
 * for each unit its cost per trigram is above knee.
 */
static void
latin_lead(const struct scan *sc, size_t *b, uint64_t *lead, uint64_t *need)
{
	const struct nt_langmodel *m = sc->m;
	uint64_t best = UINT64_MAX, second = UINT64_MAX, n = sc->ntri;
	size_t l;

	*b = 0;
	for (l = 0; l < m->nlang; l++) {
		if (sc->cost[l] < best) {
			second = best;
			best = sc->cost[l];
			*b = l;
		} else if (sc->cost[l] < second)
			second = sc->cost[l];
	}
	if (m->nlang < 2)
		second = best + (uint64_t)m->margin * n;
	*lead = second - best;
	*need = (uint64_t)m->margin * n;
	if (best > (uint64_t)m->knee * n)
		*need += (uint64_t)m->slope * (best - (uint64_t)m->knee * n);
}

static const char *
decide_latin(const struct scan *sc, struct nt_langinfo *info)
{
	const struct nt_langmodel *m = sc->m;
	uint64_t lead, need, n = sc->ntri;
	size_t b;

	/* One letter in twenty from U+1Exx (ạ ế ộ ữ ...) is Vietnamese. */
	if (n == 0 || m->nlang == 0 || sc->latinx * 20 > sc->letters[SC_LATIN])
		return "und";
	latin_lead(sc, &b, &lead, &need);
	if (info != NULL) {
		info->cost = (unsigned)(sc->cost[b] / n);
		info->margin = (unsigned)(lead / n);
		info->best = m->code[b];
	}
	if (n < m->mintri || lead < need)
		return "und";
	return m->code[b];
}

/*
 * Has a Latin text said enough?  NT_LANG_ENOUGH trigrams, two letters
 * in three Latin so far, and a lead of the model's "sure" cost units
 * beyond the one it needs: the rest of the text cannot overturn that
 * unless it changes language, and an article that does is taken by its
 * beginning.
 */
static int
sure(const struct scan *sc)
{
	uint64_t lead, need;
	size_t b, all = sc->letters[SC_LATIN] + sc->letters[SC_CYR] +
	    sc->letters[SC_ARAB] + sc->letters[SC_OTHER];

	if (sc->m->nlang == 0 || sc->letters[SC_LATIN] * 3 < 2 * all ||
	    sc->latinx * 20 > sc->letters[SC_LATIN])
		return 0;
	latin_lead(sc, &b, &lead, &need);
	return lead >= need + sc->m->sure;
}

const char *
nt_lang_detect(const struct nt_langmodel *m, const char *s, size_t n,
    struct nt_langinfo *info)
{
	struct scan sc;
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len, lim = n < NT_LANG_SCAN ? n : NT_LANG_SCAN, k;
	size_t next = NT_LANG_ENOUGH;
	uint32_t cp;
	int best = SC_LATIN;

	memset(&sc, 0, sizeof(sc));
	sc.m = m;
	while (i < lim) {
		if (sc.ntri >= next) {
			if (sure(&sc))
				break;
			next = sc.ntri + 2 * NT_LANG_BATCH;
		}
		if (p[i] < 0x80) {
			feed_ascii(&sc, p, &i, lim);
			continue;
		}
		if ((len = nt_utf8_seqlen(p + i, n - i)) == 0) {
			feed(&sc, ' ');		/* an invalid byte: punctuation */
			i++;
			continue;
		}
		nt_utf8_decode(s + i, &cp);
		i += len;
		feed(&sc, cp);
	}
	word_end(&sc);
	flush(&sc);
	for (k = SC_CYR; k <= SC_OTHER; k++)
		if (sc.letters[k] > sc.letters[best])
			best = (int)k;
	if (info != NULL) {
		memset(info, 0, sizeof(*info));
		info->letters = sc.letters[best];
		info->ntri = sc.ntri;
	}
	/* Two letters in three must be of one script, and enough of them. */
	if (sc.letters[best] < NT_LANG_MINLETTERS ||
	    sc.letters[best] * 3 < 2 * (sc.letters[SC_LATIN] +
	    sc.letters[SC_CYR] + sc.letters[SC_ARAB] + sc.letters[SC_OTHER]))
		return "und";
	if (best == SC_CYR)
		return decide_cyrillic(&sc);
	if (best == SC_ARAB)
		return decide_arabic(&sc);
	if (best == SC_LATIN)
		return decide_latin(&sc, info);
	return "und";
}

/* Loading the model. */

struct parse {
	struct nt_langmodel *m;
	const char	*name;
	size_t		 lineno;
	int		 header;	/* the first line was seen */
	int		 started;	/* the first "lang" line was seen */
	struct nt_buf	*err;
};

static int
perr(struct parse *ps, const char *msg)
{
	nt_buf_reset(ps->err);
	nt_buf_printf(ps->err, "%s:%zu: %s", ps->name, ps->lineno, msg);
	return -1;
}

/* A decimal number in [lo, hi] that is the whole of s[0..n). */
static int
number(const char *s, size_t n, unsigned long lo, unsigned long hi,
    unsigned long *v)
{
	size_t i;

	*v = 0;
	if (n == 0 || n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (unsigned long)(s[i] - '0');
	}
	return *v >= lo && *v <= hi ? 0 : -1;
}

/* The key of a trigram as the file writes it, or 0 if it is not one. */
static uint64_t
trikey(const char *s, size_t n)
{
	uint64_t k = 0;
	uint32_t cp;
	size_t i = 0, len, c;

	for (c = 0; c < 3; c++) {
		if (i >= n || (len = nt_utf8_seqlen((const unsigned char *)s +
		    i, n - i)) == 0)
			return 0;
		nt_utf8_decode(s + i, &cp);
		i += len;
		if (cp == '_')
			cp = BOUND;
		else if (script(cp) != SC_LATIN || lower(cp) != cp)
			return 0;
		k = k << 21 | cp;
	}
	return i == n ? k : 0;
}

static void
grow(struct nt_langmodel *m)
{
	struct nt_langslot *old = m->slot;
	size_t ocap = m->cap, i;

	m->cap = ocap ? ocap * 2 : 1024;
	m->slot = nt_ecalloc(m->cap, sizeof(*m->slot));
	for (i = 0; i < ocap; i++)
		if (old[i].key != 0)
			*slot(m, old[i].key) = old[i];
	free(old);
}

/* "trigram<TAB>cost" for the language last named. */
static int
parse_trigram(struct parse *ps, const char *p, size_t n)
{
	struct nt_langmodel *m = ps->m;
	const char *tab = memchr(p, '\t', n);
	struct nt_langslot *e;
	unsigned long cost;
	uint64_t k;

	if (tab == NULL || (k = trikey(p, (size_t)(tab - p))) == 0)
		return perr(ps, "expected a trigram of lower-case Latin "
		    "letters or _, a tab and its cost");
	if (number(tab + 1, (size_t)(p + n - tab - 1), 1, 255, &cost) < 0)
		return perr(ps, "a cost is a number from 1 to 255");
	/* At most 5/8 full: probes stay short, the table small. */
	if ((m->ntri + 1) * 8 > m->cap * 5)
		grow(m);
	if ((e = slot(m, k))->key == 0) {
		e->key = k;
		m->ntri++;
	}
	if (e->cost[m->nlang - 1] != 0)
		return perr(ps, "the same trigram twice for one language");
	e->cost[m->nlang - 1] = (uint8_t)cost;
	return 0;
}

static const struct {
	const char	*name;
	size_t		 off;
	unsigned long	 lo, hi;
} settings[] = {
	{ "floor",	offsetof(struct nt_langmodel, floor),	1, 255 },
	{ "mintri",	offsetof(struct nt_langmodel, mintri),	1, 1000000 },
	{ "margin",	offsetof(struct nt_langmodel, margin),	0, 255 },
	{ "knee",	offsetof(struct nt_langmodel, knee),	1, 255 },
	{ "slope",	offsetof(struct nt_langmodel, slope),	0, 255 },
	{ "sure",	offsetof(struct nt_langmodel, sure),	1, 1000000 },
};
#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

struct fields {
	const char	*f[3];
	size_t		 len[3];
	size_t		 n;
};

/* Cut a line at its tabs: at most three fields, or n = 4 for more. */
static void
split(const char *p, size_t n, struct fields *fl)
{
	const char *end = p + n, *t;

	fl->n = 0;
	for (;;) {
		if (fl->n == 3) {
			fl->n = 4;
			return;
		}
		t = memchr(p, '\t', (size_t)(end - p));
		fl->f[fl->n] = p;
		fl->len[fl->n++] = (size_t)((t ? t : end) - p);
		if (t == NULL)
			return;
		p = t + 1;
	}
}

static int
is(const struct fields *fl, size_t i, const char *s)
{
	return fl->len[i] == strlen(s) && memcmp(fl->f[i], s, fl->len[i]) == 0;
}

/* "name<TAB>value" before the first language. */
static int
parse_setting(struct parse *ps, const struct fields *fl, unsigned *seen)
{
	unsigned long v;
	size_t i;

	for (i = 0; i < NSETTINGS; i++)
		if (fl->n == 2 && is(fl, 0, settings[i].name))
			break;
	if (i == NSETTINGS)
		return perr(ps, "expected floor, mintri, margin, knee, slope, "
		    "sure or lang, and a value");
	if (number(fl->f[1], fl->len[1], settings[i].lo, settings[i].hi,
	    &v) < 0) {
		nt_buf_reset(ps->err);
		nt_buf_printf(ps->err, "%s:%zu: %s is a number from %lu to "
		    "%lu", ps->name, ps->lineno, settings[i].name,
		    settings[i].lo, settings[i].hi);
		return -1;
	}
	*(unsigned *)(void *)((char *)ps->m + settings[i].off) = (unsigned)v;
	*seen |= 1u << i;
	return 0;
}

/* "lang<TAB>code<TAB>count": the trigrams of a new language follow. */
static int
parse_lang(struct parse *ps, const struct fields *fl, unsigned seen,
    size_t *expect)
{
	struct nt_langmodel *m = ps->m;
	unsigned long count;
	size_t i;

	if (seen != (1u << NSETTINGS) - 1)
		return perr(ps, "floor, mintri, margin, knee, slope and sure "
		    "must come before the first language");
	if (fl->n != 3 || fl->len[1] < 2 || fl->len[1] > 3 ||
	    number(fl->f[2], fl->len[2], 1, 100000000, &count) < 0)
		return perr(ps, "expected lang, a language code and the "
		    "number of its trigrams");
	for (i = 0; i < fl->len[1]; i++)
		if (fl->f[1][i] < 'a' || fl->f[1][i] > 'z')
			return perr(ps, "a language code is two or three "
			    "lower-case letters");
	if (m->nlang == NT_LANG_MAX)
		return perr(ps, "too many languages");
	memcpy(m->code[m->nlang], fl->f[1], fl->len[1]);
	m->code[m->nlang++][fl->len[1]] = '\0';
	ps->started = 1;
	*expect = count;
	return 0;
}

/* Did the language just finished have as many trigrams as it said? */
static int
check_count(struct parse *ps, size_t expect, size_t got)
{
	if (got == expect)
		return 0;
	nt_buf_reset(ps->err);
	nt_buf_printf(ps->err, "%s:%zu: language '%s' has %zu trigrams, not "
	    "the %zu it announced", ps->name, ps->lineno,
	    ps->m->code[ps->m->nlang - 1], got, expect);
	return -1;
}

static int
parse_line(struct parse *ps, const char *p, size_t n, unsigned *seen,
    size_t *expect, size_t *got)
{
	struct fields fl;

	split(p, n, &fl);
	if (!ps->header) {
		ps->header = 1;
		return fl.n == 2 && is(&fl, 0, "ntools-lang") &&
		    is(&fl, 1, "1") ? 0 : perr(ps, "not a language model "
		    "(expected 'ntools-lang', a tab and 1)");
	}
	if (is(&fl, 0, "lang")) {
		if (ps->started && check_count(ps, *expect, *got) < 0)
			return -1;
		*got = 0;
		return parse_lang(ps, &fl, *seen, expect);
	}
	if (!ps->started)
		return parse_setting(ps, &fl, seen);
	++*got;
	return parse_trigram(ps, p, n);
}

/* A language that does not list a trigram pays the floor for it. */
static void
fill_floor(struct nt_langmodel *m)
{
	size_t i, l;

	for (i = 0; i < m->cap; i++)
		for (l = 0; m->slot[i].key != 0 && l < m->nlang; l++)
			if (m->slot[i].cost[l] == 0)
				m->slot[i].cost[l] = (uint8_t)m->floor;
}

int
nt_lang_parse(struct nt_langmodel *m, const char *name, const char *p,
    size_t n, struct nt_buf *err)
{
	struct parse ps = { m, name, 0, 0, 0, err };
	const char *end = p + n, *nl;
	size_t expect = 0, got = 0, lines = 0;
	unsigned seen = 0;
	int rc = -1;

	nt_lang_free(m);
	while (p < end) {
		lines++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		ps.lineno = lines;
		if (nl > p && *p != '#' && parse_line(&ps, p, (size_t)(nl - p),
		    &seen, &expect, &got) < 0)
			goto out;
		p = nl + 1;
	}
	ps.lineno = lines ? lines : 1;
	if (!ps.started) {
		perr(&ps, "no language in the model");
		goto out;
	}
	if (check_count(&ps, expect, got) < 0)
		goto out;
	fill_floor(m);
	rc = 0;
out:
	if (rc < 0)
		nt_lang_free(m);
	return rc;
}

int
nt_lang_load(struct nt_langmodel *m, const char *path, struct nt_buf *err)
{
	struct nt_buf data = NT_BUF_INIT;
	int rc = -1;

	if (nt_readfile(path, &data, err) == 0)
		rc = nt_lang_parse(m, path, data.p ? data.p : "", data.len,
		    err);
	nt_buf_free(&data);
	return rc;
}

void
nt_lang_free(struct nt_langmodel *m)
{
	if (m == NULL)
		return;
	free(m->slot);
	memset(m, 0, sizeof(*m));
}
