#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#include <xxhash.h>

#include "dedupe/dedupe_text.h"
#include "dedupe/minhash.h"
#include "core/utf8.h"
#include "core/util.h"

#define FNV_OFF		0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

/* Token flags, per token of the current line. */
#define F_NUM	1	/* digits only: a number */
#define F_CUE	2	/* a word boilerplate lines are made of */
#define F_STOP	4	/* a function word, neutral in that test */
#define F_NAME	8	/* capitalised, not first in its sentence */

/* A boilerplate line has at most this many words. */
#define BOILER_MAXTOK	12

/* ASCII classes */
enum { C_SEP, C_ALPHA, C_DIGIT, C_EOL, C_POINT, C_HIGH };

static uint8_t	 cls[256];
static uint8_t	 fold[256];
static uint64_t	 tval[128];

/*
 * The lexicon: word hash -> canonical hash and flags.  Open addressing,
 * a power of two well above the number of entries.
 */
#define LEX_SIZE 2048
struct lexent {
	uint64_t	key;
	uint64_t	canon;
	uint8_t		flags;
};
static struct lexent lex[LEX_SIZE];
static int	 ready;

/*
 * Synonym groups: the first word stands for the group.  Words that
 * article spinners and wire styles swap for one another; each group
 * only ever makes two texts more alike, never less.
 */
static const char *const synonyms[] = {
	"said stated mentioned told informed remarked commented noted",
	"say state mention tell",
	"company firm corporation",
	"billion bn",
	"million mln mn",
	"thousand thousands",
	"year yr",
	"month mth",
	"quarter qtr",
	"cent cts",
	"dollar dlr",
	"percent pct",
	"would will",
	"could might",
	"also additionally",
	"stock share",
	"rose climbed increased rise climb increase",
	"fell dropped declined fall drop decline",
	"government administration",
	"after following",
	"before prior",
	"expected anticipated expect anticipate",
	"war struggle conflict",
	"call dialog dialogue",
	"help assist aid assistance",
	"buy purchase",
	"begin start commence began started",
	"end finish ended finished",
	"big large huge",
	"about approximately around",
	"many numerous",
	"important significant",
	"people individuals",
	"use utilize employ",
	"need require",
	"try attempt",
	"show demonstrate",
	"get obtain",
	"give provide",
	"make create",
	"quickly rapidly",
	"however nevertheless",
	"because since",
	"main primary",
	"chief head leader",
	"meeting assembly",
	"country nation",
	"official officer",
	"talk discussion",
	"agreement deal",
	"plan scheme",
	"military army",
	"think assume believe",
	"stop cease halt",
	"together collectively",
	"phone telephone cellphone",
	"security safety",
	"production manufacturing",
	"want desire wish",
	"attack assault",
	"information knowledge",
	"worry concern",
	"soldier troop",
	"fight battle combat",
	"kill slay",
	"also too",
	"very extremely",
	"big major",
	"hard difficult",
	"job work",
	"car vehicle automobile",
	"area region",
	"rule regulation",
	"law legislation",
	"price cost",
	"ask request",
	"answer reply respond",
	"warn caution",
	"report account",
	NULL
};

/* Words scraper boilerplate lines are made of. */
static const char cues[] =
    "ad ads advertisement advertisements advert sponsored promoted "
    "source link links subscribe subscription subscriber newsletter "
    "newsletters signup sign share facebook twitter whatsapp linkedin "
    "pinterest telegram instagram youtube email mail print follow like "
    "read more top stories story skip main content copyright rights "
    "reserved originally published partner site breaking news click "
    "tap here related article articles latest updates update "
    "comment comments photo credit getty images video watch continue "
    "reading trending recommended menu home login register cookie "
    "cookies privacy policy terms";

/* Function words: neither content nor boilerplate. */
static const char stops[] =
    "a an the to of on in for and or by with at from this that our us "
    "we you your all is was be are it its as up now get";

static inline uint64_t
cpval(uint32_t cp)
{
	return cp < 128 ? tval[cp] : nt_mix64((uint64_t)cp * 0x9e3779b97f4a7c15ULL);
}

/* The word being read. */
struct word {
	uint64_t	h;		/* FNV-1a of the folded code points */
	uint64_t	sum;		/* sum of cpval(), order-free */
	uint32_t	first, last, prev;
	size_t		len;
	int		digit, alpha;
	int		cap;		/* capitalised, not first */
};

static inline void
word_reset(struct word *w)
{
	w->h = FNV_OFF;
	w->len = 0;
	w->sum = 0;
	w->digit = w->alpha = w->cap = 0;
}

static inline void
word_add(struct word *w, uint32_t cp)
{
	w->h = (w->h ^ cp) * FNV_PRIME;
	w->sum += cpval(cp);
	if (w->len == 0)
		w->first = cp;
	w->prev = w->last;
	w->last = cp;
	w->len++;
}

static struct lexent *
lex_find(uint64_t key)
{
	size_t i = (size_t)key & (LEX_SIZE - 1);

	while (lex[i].key != 0 && lex[i].key != key)
		i = (i + 1) & (LEX_SIZE - 1);
	return &lex[i];
}

/*
 * The hash of a finished word, before the lexicon.  Digits make a word
 * exact.  An alphabetic word of three letters or more (after dropping a
 * plural s) hashes by its first letter, its length and the multiset of
 * its other letters, which is what a swap of two letters that are not
 * the first keeps: "Reocrd" is "Record", "drls" is "dlrs".
 */
static uint64_t
word_hash(const struct word *w)
{
	uint64_t sum;
	size_t len;

	if (w->digit)
		return nt_mix64(w->h ^ 0x4e554d4e554d4e55ULL) | 1;
	len = w->len;
	sum = w->sum;
	if (len >= 4 && w->last == 's' && w->prev != 's') {
		len--;
		sum -= cpval('s');
	}
	if (len < 3)
		return nt_mix64(w->h) | 1;
	sum -= cpval(w->first);
	return nt_mix64(sum ^ nt_mix64((uint64_t)w->first << 40 ^ len)) | 1;
}

static void
emit(struct nt_dtext *t, const struct word *w)
{
	struct lexent *e;
	uint64_t h;
	uint8_t f = 0;

	if (w->len == 0)
		return;
	h = word_hash(w);
	if (w->digit && !w->alpha)
		f = F_NUM;
	else if (!w->digit) {
		e = lex_find(h);
		if (e->key != 0) {
			f = e->flags;
			h = e->canon;
		} else if (w->cap && w->len >= 2)
			f = F_NAME;
	}
	if (t->nlt == t->lcap) {
		t->lcap = t->lcap ? t->lcap * 2 : 64;
		t->lt = nt_ereallocarray(t->lt, t->lcap, sizeof(*t->lt));
		t->lf = nt_ereallocarray(t->lf, t->lcap, sizeof(*t->lf));
	}
	t->lt[t->nlt] = h;
	t->lf[t->nlt++] = f;
}

/*
 * Decide about the line just read: keep its words, or drop it as
 * boilerplate.  A boilerplate line is short and made mostly of cue
 * words ("Share this article: Facebook Twitter Email"), or is a lone
 * shortcode ("[ad_1]").
 */
static void
end_line(struct nt_dtext *t, int bracketed)
{
	size_t i, cue = 0, stop = 0, num = 0, content;
	uint64_t b;

	if (t->nlt == 0)
		return;
	if (t->nlt <= BOILER_MAXTOK) {
		for (i = 0; i < t->nlt; i++) {
			if (t->lf[i] & F_CUE)
				cue++;
			else if (t->lf[i] & F_STOP)
				stop++;
			else if (t->lf[i] & F_NUM)
				num++;
		}
		content = t->nlt - stop - (num <= 1 ? num : 0);
		if ((bracketed && t->nlt <= 4) ||
		    (cue > 0 && cue * 10 >= content * 6)) {
			t->nboiler++;
			t->nlt = 0;
			return;
		}
	}
	if (t->ntok + t->nlt > t->tcap) {
		while (t->ntok + t->nlt > t->tcap)
			t->tcap = t->tcap ? t->tcap * 2 : 256;
		t->tok = nt_ereallocarray(t->tok, t->tcap, sizeof(*t->tok));
	}
	for (i = 0; i < t->nlt; i++) {
		t->tok[t->ntok++] = t->lt[i];
		if (t->lf[i] & F_NUM) {
			b = t->lt[i] >> 57;
			t->nums[b >> 6] |= (uint64_t)1 << (b & 63);
		} else if (t->lf[i] & F_NAME) {
			b = t->lt[i] >> 57;
			t->names[b >> 6] |= (uint64_t)1 << (b & 63);
		}
	}
	t->nlines++;
	t->nlt = 0;
}

static void
lex_add(const char *w, size_t n, uint64_t canon, uint8_t flags)
{
	struct lexent *e;
	uint64_t h;

	h = nt_dtext_word(w, n);
	e = lex_find(h);
	if (e->key == 0) {
		e->key = h;
		e->canon = canon ? canon : h;
	}
	e->flags |= flags;
}

static void
lex_words(const char *s, uint64_t canon, uint8_t flags)
{
	const char *p = s, *q;
	uint64_t head = canon;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		q = p;
		while (*q != '\0' && *q != ' ')
			q++;
		if (q > p) {
			if (head == 0 && flags == 0)
				head = nt_dtext_word(p, (size_t)(q - p));
			lex_add(p, (size_t)(q - p), head, flags);
		}
		p = q;
	}
}

static void
setup(void)
{
	uint64_t s = 0x6e64656475706531ULL;
	size_t i;
	int c;

	for (c = 0; c < 256; c++) {
		fold[c] = (uint8_t)c;
		if (c >= 0x80)
			cls[c] = C_HIGH;
		else if (c >= 'a' && c <= 'z')
			cls[c] = C_ALPHA;
		else if (c >= 'A' && c <= 'Z') {
			cls[c] = C_ALPHA;
			fold[c] = (uint8_t)(c - 'A' + 'a');
		} else if (c >= '0' && c <= '9')
			cls[c] = C_DIGIT;
		else if (c == '\n' || c == '\r' || c == '\f' || c == '\v')
			cls[c] = C_EOL;
		else if (c == '.' || c == ',')
			cls[c] = C_POINT;
		else
			cls[c] = C_SEP;
	}
	for (i = 0; i < 128; i++) {
		s += 0x9e3779b97f4a7c15ULL;
		tval[i] = nt_mix64(s);
	}
	ready = 1;
	for (i = 0; synonyms[i] != NULL; i++)
		lex_words(synonyms[i], 0, 0);
	lex_words(cues, 0, F_CUE);
	lex_words(stops, 0, F_STOP);
}

void
nt_dtext_init(struct nt_dtext *t)
{
	memset(t, 0, sizeof(*t));
	if (!ready)
		setup();
}

/* Feed a non-ASCII code point; 1 if it ended the word, 2 the line. */
static int
high(struct word *w, uint32_t cp)
{
	utf8proc_int32_t out[8];
	utf8proc_ssize_t n, i;
	utf8proc_category_t cat;
	int bound = 0;

	if (cp == 0x2028 || cp == 0x2029 || cp == 0x85)
		return 2;
	cat = utf8proc_category((utf8proc_int32_t)cp);
	if (cat == UTF8PROC_CATEGORY_CF ||
	    utf8proc_get_property((utf8proc_int32_t)cp)->ignorable)
		return 0;
	if (!(cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO))
		return 1;
	n = utf8proc_decompose_char((utf8proc_int32_t)cp, out, 8,
	    UTF8PROC_CASEFOLD | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
	    UTF8PROC_STRIPMARK, &bound);
	if (n < 0 || n > 8)
		return 1;
	for (i = 0; i < n; i++) {
		cp = (uint32_t)out[i];
		cat = utf8proc_category(out[i]);
		if (cp < 128 ? cls[cp] == C_DIGIT :
		    cat == UTF8PROC_CATEGORY_ND)
			w->digit = 1;
		else if (cp < 128 ? cls[cp] == C_ALPHA :
		    (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO))
			w->alpha = 1;
		else
			continue;
		word_add(w, cp < 128 ? fold[cp] : cp);
	}
	return 0;
}

/* Does a digit follow, perhaps after zero-width characters? */
static int
digit_next(const unsigned char *p, const unsigned char *end)
{
	uint32_t cp;
	size_t n;

	while (p < end && *p >= 0x80) {
		n = nt_utf8_decode((const char *)p, &cp);
		if (utf8proc_category((utf8proc_int32_t)cp) !=
		    UTF8PROC_CATEGORY_CF &&
		    !utf8proc_get_property((utf8proc_int32_t)cp)->ignorable)
			return 0;
		p += n;
	}
	return p < end && cls[*p] == C_DIGIT;
}

/* Is the line a lone "[shortcode]"?  Only asked of very short lines. */
static int
bracketed(const unsigned char *p, const unsigned char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return e - p >= 2 && *p == '[' && e[-1] == ']';
}

void
nt_dtext_run(struct nt_dtext *t, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + n, *line = p, *q;
	struct word w;
	uint32_t cp;
	unsigned c, k;
	int r, first = 1, started;

	t->ntok = 0;
	t->nlt = 0;
	t->nums[0] = t->nums[1] = 0;
	t->names[0] = t->names[1] = 0;
	t->nlines = t->nboiler = 0;
	word_reset(&w);
	while (p < end) {
		c = *p;
		k = cls[c];
		if (k == C_ALPHA || k == C_DIGIT) {
			/* The hot loop: a run of ASCII letters and digits. */
			q = p;
			if (w.len == 0) {
				w.first = fold[c];
				w.cap = !first && c >= 'A' && c <= 'Z';
				first = 0;
			}
			do {
				c = fold[*p];
				w.h = (w.h ^ c) * FNV_PRIME;
				w.sum += tval[c];
				if (k == C_ALPHA)
					w.alpha = 1;
				else
					w.digit = 1;
			} while (++p < end &&
			    ((k = cls[*p]) == C_ALPHA || k == C_DIGIT));
			w.len += (size_t)(p - q);
			w.prev = p - q >= 2 ? fold[p[-2]] : w.last;
			w.last = fold[p[-1]];
			continue;
		}
		switch (k) {
		case C_POINT:
			/* "1,200.50" is one number. */
			if (w.len > 0 && w.digit && w.last < 128 &&
			    cls[w.last] == C_DIGIT && digit_next(p + 1, end)) {
				word_add(&w, c);
				p++;
				break;
			}
			/* FALLTHROUGH */
		case C_SEP:
			emit(t, &w);
			word_reset(&w);
			if (c == '.' || c == '!' || c == '?' || c == ':')
				first = 1;
			p++;
			break;
		case C_EOL:
			emit(t, &w);
			word_reset(&w);
			first = 1;
			end_line(t, t->nlt <= 4 && bracketed(line, p));
			line = ++p;
			break;
		default:
			q = p;
			p += nt_utf8_decode((const char *)p, &cp);
			started = w.len == 0;
			r = high(&w, cp);
			if (started && w.len > 0)
				first = 0;
			if (r > 0) {
				emit(t, &w);
				word_reset(&w);
			}
			if (r == 2) {
				first = 1;
				end_line(t, t->nlt <= 4 && bracketed(line, q));
				line = p;
			}
			break;
		}
	}
	emit(t, &w);
	end_line(t, t->nlt <= 4 && bracketed(line, p));
}

uint64_t
nt_dtext_key(const struct nt_dtext *t)
{
	return XXH3_64bits_withSeed(t->tok, t->ntok * sizeof(*t->tok),
	    0x6e6f726d);
}

uint64_t
nt_dtext_word(const char *s, size_t n)
{
	struct word w;
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + n;
	uint32_t cp;

	if (!ready)
		setup();
	word_reset(&w);
	while (p < end) {
		if (*p < 128) {
			if (cls[*p] == C_ALPHA)
				w.alpha = 1;
			else if (cls[*p] == C_DIGIT)
				w.digit = 1;
			else {
				p++;
				continue;
			}
			word_add(&w, fold[*p++]);
		} else {
			p += nt_utf8_decode((const char *)p, &cp);
			(void)high(&w, cp);
		}
	}
	return w.len ? word_hash(&w) : 0;
}

void
nt_dtext_free(struct nt_dtext *t)
{
	if (t == NULL)
		return;
	free(t->tok);
	free(t->lt);
	free(t->lf);
	memset(t, 0, sizeof(*t));
}
