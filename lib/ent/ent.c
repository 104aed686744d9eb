/*
 * ent: see ent.h.  This file prepares a record (tokens, per-token
 * evidence, sentence starts, headline lines), runs the modules and
 * writes their findings as JSON.
 */
#include <math.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ent/ent.h"
#include "ent/geo.h"
#include "ent/entint.h"
#include "ent/entml.h"
#include "core/json.h"
#include "core/util.h"

/*
 * What a token's folded form means, remembered across records: news
 * repeats its words, and a probe here stays in cache where a probe of
 * the gazetteer's big table would not.
 */
#define TCACHE_SIZE 16384
#define TC_PART 0x8000		/* in word: the gazetteer was not asked */
#define TC_LOW	0x4000		/* in word: the word in lower case is asked too */
#define TC1_SIZE 512
struct tcache {
	uint64_t	 h;
	uint32_t	 node;
	uint16_t	 cls;
	uint16_t	 word;
};

/* A text longer than this is annotated a window at a time. */
#define WINDOW		(1024 * 1024)

struct nt_ents {
	struct tcache	 tc1[TC1_SIZE];
	struct tcache	*tc;
	struct nt_gaz	*gaz;
	int		 shared;	/* gaz belongs to the struct cloned */
	struct ent_doc	 d;
	unsigned char	*want;		/* by type id; NULL: everything */
	size_t		 nwant;
	int		 quotes;
	struct ml_model	*model;		/* NULL: the rules name names */
	struct ml_run	*run;		/* this struct's scratch for the model */
	size_t		 user0;		/* gazetteer entries from here: a user's */
	int		 explain;
	/* A long text's JSON, built window by window (nt_ents_run). */
	int		 windowed;
	struct nt_buf	 ej, qj;
	int		 ejfirst, qjfirst;
	const struct nt_geo *geo;	/* --geo: shared, only read */
	struct nt_geoq	*gq;		/* this record's location mentions */
	struct nt_geores *gr;		/* and their places */
	size_t		*gi;		/* and their entities */
	size_t		 gcap;
	const char	*source, *lang;	/* the record's, for geo; borrowed */
};

/* The built-in data files, in the order they are loaded. */
static const char *const datafiles[] = {
	"nentities/words.tsv",
	"nentities/names.tsv",
	"nentities/places.tsv",
	"nentities/lexicon.tsv",
	"nentities/curated.tsv",
};

/* --- the word map ------------------------------------------------------ */

static const struct { const char *w; uint16_t id; } wordlist[] = {
	{ "zero", W_ZERO }, { "one", W_ONE }, { "two", W_TWO },
	{ "three", W_THREE }, { "four", W_FOUR }, { "five", W_FIVE },
	{ "six", W_SIX }, { "seven", W_SEVEN }, { "eight", W_EIGHT },
	{ "nine", W_NINE }, { "ten", W_TEN }, { "eleven", W_ELEVEN },
	{ "twelve", W_TWELVE }, { "thirteen", W_THIRTEEN },
	{ "fourteen", W_FOURTEEN }, { "fifteen", W_FIFTEEN },
	{ "sixteen", W_SIXTEEN }, { "seventeen", W_SEVENTEEN },
	{ "eighteen", W_EIGHTEEN }, { "nineteen", W_NINETEEN },
	{ "twenty", W_TWENTY }, { "thirty", W_THIRTY }, { "forty", W_FORTY },
	{ "fifty", W_FIFTY }, { "sixty", W_SIXTY }, { "seventy", W_SEVENTY },
	{ "eighty", W_EIGHTY }, { "ninety", W_NINETY },
	{ "hundred", W_HUNDRED }, { "dozen", W_DOZEN },
	{ "thousand", W_THOUSAND }, { "million", W_MILLION },
	{ "billion", W_BILLION }, { "trillion", W_TRILLION },
	{ "millions", W_MILLION }, { "billions", W_BILLION },
	{ "thousands", W_THOUSAND }, { "hundreds", W_HUNDRED },
	{ "percent", W_PERCENT }, { "pct", W_PCT }, { "cent", W_CENT },
	{ "today", W_TODAY }, { "yesterday", W_YESTERDAY },
	{ "tomorrow", W_TOMORROW }, { "last", W_LAST }, { "next", W_NEXT },
	{ "this", W_THIS }, { "week", W_WEEK }, { "month", W_MONTH },
	{ "year", W_YEAR }, { "ago", W_AGO }, { "days", W_DAYS },
	{ "day", W_DAYS }, { "weeks", W_WEEKS }, { "months", W_MONTHS },
	{ "years", W_YEARS }, { "early", W_EARLY }, { "late", W_LATE },
	{ "mid", W_MID }, { "tonight", W_TONIGHT }, { "weekend", W_WEEKEND },
	{ "a.m.", W_AM }, { "am", W_AM }, { "p.m.", W_PM }, { "pm", W_PM },
	{ "noon", W_NOON }, { "midnight", W_MIDNIGHT },
	{ "o'clock", W_OCLOCK }, { "gmt", W_GMT }, { "utc", W_UTC },
	{ "in", W_IN }, { "at", W_AT }, { "near", W_NEAR }, { "from", W_FROM },
	{ "to", W_TO }, { "of", W_OF }, { "the", W_THE }, { "and", W_AND },
	{ "on", W_ON }, { "by", W_BY }, { "according", W_ACCORDING },
	{ "who", W_WHO }, { "which", W_WHICH }, { "for", W_FOR },
	{ "a", W_A }, { "an", W_AN }, { "with", W_WITH }, { "he", W_HE },
	{ "she", W_SHE }, { "they", W_THEY }, { "it", W_IT }, { "i", W_I },
	{ "we", W_WE }, { "more", W_MORE }, { "than", W_THAN },
	{ "about", W_ABOUT }, { "some", W_SOME }, { "nearly", W_NEARLY },
	{ "almost", W_ALMOST }, { "around", W_AROUND }, { "over", W_OVER },
	{ "under", W_UNDER }, { "least", W_LEAST }, { "up", W_UP },
	{ "via", W_VIA }, { "across", W_ACROSS }, { "outside", W_OUTSIDE },
	{ "inside", W_INSIDE }, { "into", W_INTO },
	{ "throughout", W_THROUGHOUT }, { "within", W_WITHIN },
	{ "toward", W_TOWARD }, { "towards", W_TOWARD },
	{ "between", W_BETWEEN }, { "among", W_AMONG }, { "based", W_BASED },
	{ "visit", W_VISIT }, { "visited", W_VISITED },
	{ "capital", W_CAPITAL }, { "town", W_TOWN }, { "village", W_VILLAGE },
	{ "region", W_REGION }, { "province", W_PROVINCE },
	{ "country", W_COUNTRY }, { "city", W_CITY },
	{ "january", W_MONTH0 + 1 }, { "jan", W_MONTH0 + 1 },
	{ "february", W_MONTH0 + 2 }, { "feb", W_MONTH0 + 2 },
	{ "march", W_MONTH0 + 3 }, { "mar", W_MONTH0 + 3 },
	{ "april", W_MONTH0 + 4 }, { "apr", W_MONTH0 + 4 },
	{ "may", W_MONTH0 + 5 }, { "june", W_MONTH0 + 6 },
	{ "jun", W_MONTH0 + 6 }, { "july", W_MONTH0 + 7 },
	{ "jul", W_MONTH0 + 7 }, { "august", W_MONTH0 + 8 },
	{ "aug", W_MONTH0 + 8 }, { "september", W_MONTH0 + 9 },
	{ "sept", W_MONTH0 + 9 }, { "sep", W_MONTH0 + 9 },
	{ "october", W_MONTH0 + 10 }, { "oct", W_MONTH0 + 10 },
	{ "november", W_MONTH0 + 11 }, { "nov", W_MONTH0 + 11 },
	{ "december", W_MONTH0 + 12 }, { "dec", W_MONTH0 + 12 },
	{ "monday", W_WDAY0 + 0 }, { "tuesday", W_WDAY0 + 1 },
	{ "wednesday", W_WDAY0 + 2 }, { "thursday", W_WDAY0 + 3 },
	{ "friday", W_WDAY0 + 4 }, { "saturday", W_WDAY0 + 5 },
	{ "sunday", W_WDAY0 + 6 },
	{ "bn", W_SCALE0 + 9 }, { "b", W_SCALE0 + 9 },
	{ "mln", W_SCALE0 + 6 }, { "m", W_SCALE0 + 6 },
	{ "mn", W_SCALE0 + 6 }, { "bln", W_SCALE0 + 9 },
	{ "billion", W_BILLION }, { "k", W_SCALE0 + 3 },
	{ "tn", W_SCALE0 + 12 }, { "trn", W_SCALE0 + 12 },
	/* words in -s that are no plural (entval.c) */
	{ "across", W_NOTPLURAL },
	{ "adds", W_NOTPLURAL },
	{ "afterwards", W_NOTPLURAL },
	{ "always", W_NOTPLURAL },
	{ "analysis", W_NOTPLURAL },
	{ "appears", W_NOTPLURAL },
	{ "as", W_NOTPLURAL },
	{ "asks", W_NOTPLURAL },
	{ "basis", W_NOTPLURAL },
	{ "becomes", W_NOTPLURAL },
	{ "besides", W_NOTPLURAL },
	{ "bonus", W_NOTPLURAL },
	{ "brings", W_NOTPLURAL },
	{ "bus", W_NOTPLURAL },
	{ "calls", W_NOTPLURAL },
	{ "campus", W_NOTPLURAL },
	{ "census", W_NOTPLURAL },
	{ "chaos", W_NOTPLURAL },
	{ "claims", W_NOTPLURAL },
	{ "comes", W_NOTPLURAL },
	{ "consensus", W_NOTPLURAL },
	{ "continues", W_NOTPLURAL },
	{ "corpus", W_NOTPLURAL },
	{ "crisis", W_NOTPLURAL },
	{ "dangerous", W_NOTPLURAL },
	{ "does", W_NOTPLURAL },
	{ "ends", W_NOTPLURAL },
	{ "enormous", W_NOTPLURAL },
	{ "ethos", W_NOTPLURAL },
	{ "expects", W_NOTPLURAL },
	{ "famous", W_NOTPLURAL },
	{ "focus", W_NOTPLURAL },
	{ "gas", W_NOTPLURAL },
	{ "gets", W_NOTPLURAL },
	{ "gives", W_NOTPLURAL },
	{ "goes", W_NOTPLURAL },
	{ "has", W_NOTPLURAL },
	{ "helps", W_NOTPLURAL },
	{ "hers", W_NOTPLURAL },
	{ "his", W_NOTPLURAL },
	{ "hits", W_NOTPLURAL },
	{ "holds", W_NOTPLURAL },
	{ "hopes", W_NOTPLURAL },
	{ "includes", W_NOTPLURAL },
	{ "is", W_NOTPLURAL },
	{ "its", W_NOTPLURAL },
	{ "keeps", W_NOTPLURAL },
	{ "kills", W_NOTPLURAL },
	{ "knows", W_NOTPLURAL },
	{ "leaves", W_NOTPLURAL },
	{ "less", W_NOTPLURAL },
	{ "lets", W_NOTPLURAL },
	{ "lies", W_NOTPLURAL },
	{ "makes", W_NOTPLURAL },
	{ "marks", W_NOTPLURAL },
	{ "means", W_NOTPLURAL },
	{ "meets", W_NOTPLURAL },
	{ "needless", W_NOTPLURAL },
	{ "needs", W_NOTPLURAL },
	{ "nevertheless", W_NOTPLURAL },
	{ "news", W_NOTPLURAL },
	{ "numerous", W_NOTPLURAL },
	{ "ours", W_NOTPLURAL },
	{ "pays", W_NOTPLURAL },
	{ "perhaps", W_NOTPLURAL },
	{ "plans", W_NOTPLURAL },
	{ "plus", W_NOTPLURAL },
	{ "previous", W_NOTPLURAL },
	{ "puts", W_NOTPLURAL },
	{ "regardless", W_NOTPLURAL },
	{ "remains", W_NOTPLURAL },
	{ "reports", W_NOTPLURAL },
	{ "runs", W_NOTPLURAL },
	{ "says", W_NOTPLURAL },
	{ "seeks", W_NOTPLURAL },
	{ "seems", W_NOTPLURAL },
	{ "sees", W_NOTPLURAL },
	{ "series", W_NOTPLURAL },
	{ "serious", W_NOTPLURAL },
	{ "sets", W_NOTPLURAL },
	{ "shows", W_NOTPLURAL },
	{ "sits", W_NOTPLURAL },
	{ "species", W_NOTPLURAL },
	{ "stands", W_NOTPLURAL },
	{ "starts", W_NOTPLURAL },
	{ "status", W_NOTPLURAL },
	{ "surplus", W_NOTPLURAL },
	{ "takes", W_NOTPLURAL },
	{ "tells", W_NOTPLURAL },
	{ "theirs", W_NOTPLURAL },
	{ "thesis", W_NOTPLURAL },
	{ "thinks", W_NOTPLURAL },
	{ "this", W_NOTPLURAL },
	{ "thus", W_NOTPLURAL },
	{ "towards", W_NOTPLURAL },
	{ "tries", W_NOTPLURAL },
	{ "unless", W_NOTPLURAL },
	{ "us", W_NOTPLURAL },
	{ "uses", W_NOTPLURAL },
	{ "various", W_NOTPLURAL },
	{ "virus", W_NOTPLURAL },
	{ "wants", W_NOTPLURAL },
	{ "was", W_NOTPLURAL },
	{ "whereas", W_NOTPLURAL },
	{ "yes", W_NOTPLURAL },
	{ "yours", W_NOTPLURAL },
	/* sports reporting (entnorm.c) */
	{ "match", W_SPORT },
	{ "goal", W_SPORT },
	{ "goals", W_SPORT },
	{ "scored", W_SPORT },
	{ "striker", W_SPORT },
	{ "midfielder", W_SPORT },
	{ "defender", W_SPORT },
	{ "goalkeeper", W_SPORT },
	{ "coach", W_SPORT },
	{ "tournament", W_SPORT },
	{ "championship", W_SPORT },
	{ "league", W_SPORT },
	{ "semi-final", W_SPORT },
	{ "semifinal", W_SPORT },
	{ "quarter-final", W_SPORT },
	{ "penalty", W_SPORT },
	{ "squad", W_SPORT },
	{ "kick-off", W_SPORT },
	{ "halftime", W_SPORT },
	{ "football", W_SPORT },
	{ "soccer", W_SPORT },
	{ "rugby", W_SPORT },
	{ "cricket", W_SPORT },
	{ "hockey", W_SPORT },
	{ "olympics", W_SPORT },
	{ "qualifier", W_SPORT },
	{ "playoff", W_SPORT },
	{ "fixture", W_SPORT },
	{ "referee", W_SPORT },
	{ "scoreline", W_SPORT },
	{ "equaliser", W_SPORT },
	{ "equalizer", W_SPORT },
	{ "winger", W_SPORT },
	{ "beat", W_PLAY },
	{ "beats", W_PLAY },
	{ "beaten", W_PLAY },
	{ "defeated", W_PLAY },
	{ "defeat", W_PLAY },
	{ "drew", W_PLAY },
	{ "draw", W_PLAY },
	{ "win", W_PLAY },
	{ "wins", W_PLAY },
	{ "lost", W_PLAY },
	{ "lose", W_PLAY },
	{ "loses", W_PLAY },
	{ "play", W_PLAY },
	{ "played", W_PLAY },
	{ "plays", W_PLAY },
	{ "face", W_PLAY },
	{ "faced", W_PLAY },
	{ "faces", W_PLAY },
	{ "against", W_PLAY },
	{ "vs", W_PLAY },
	{ "versus", W_PLAY },
	{ "qualified", W_PLAY },
	{ "eliminated", W_PLAY },
	{ "advance", W_PLAY },
	{ "advanced", W_PLAY },
	{ "team", W_PLAY },
	{ "side", W_PLAY },
	{ "fans", W_PLAY },
	{ "victory", W_PLAY },
	{ "thrashed", W_PLAY },
	{ "edged", W_PLAY },
	{ "routed", W_PLAY },
	{ "knocked", W_PLAY },
	{ "clash", W_PLAY },
	{ "score", W_PLAY },
	{ "manager", W_PLAY },
	{ "players", W_PLAY },
	{ "player", W_PLAY },
	{ "captain", W_PLAY },
};

/* Currency words and codes: index i is W_CUR0 + i (see entval.c). */
extern const struct ent_currency {
	const char	*word;
	const char	*code;
} ent_currencies[];
extern const size_t ent_ncurrencies;

extern const char *const ent_units[];
extern const size_t ent_nunits;

#define WMAP_SIZE 1024
static struct { uint64_t h; uint16_t id; } wmap[WMAP_SIZE];
static pthread_once_t wmap_once = PTHREAD_ONCE_INIT;
/* Bloom bits of the map's keys, as nt_gaz_lowstart places them. */
static uint64_t wbloom[512];

static inline int
wbloom_has(uint64_t h)
{
	unsigned b = (unsigned)(h >> 20) & 32767;

	return (wbloom[b >> 6] >> (b & 63)) & 1;
}

static void
wmap_put(const char *w, uint16_t id)
{
	uint64_t h = nt_tok_hash(w, strlen(w));
	size_t j = (size_t)(h >> 7) & (WMAP_SIZE - 1);
	unsigned b = (unsigned)(h >> 20) & 32767;

	wbloom[b >> 6] |= (uint64_t)1 << (b & 63);
	while (wmap[j].id != 0 && wmap[j].h != h)
		j = (j + 1) & (WMAP_SIZE - 1);
	if (wmap[j].id == 0) {
		wmap[j].h = h;
		wmap[j].id = id;
	}
}

static void
words_init(void)
{
	size_t i;

	for (i = 0; i < sizeof(wordlist) / sizeof(wordlist[0]); i++)
		wmap_put(wordlist[i].w, wordlist[i].id);
	for (i = 0; i < ent_ncurrencies; i++)
		wmap_put(ent_currencies[i].word, (uint16_t)(W_CUR0 + i));
	for (i = 0; i < ent_nunits; i++)
		wmap_put(ent_units[i], (uint16_t)(W_UNIT0 + i));
}

uint16_t
ent_word(uint64_t h)
{
	size_t j = (size_t)(h >> 7) & (WMAP_SIZE - 1);

	while (wmap[j].id != 0) {
		if (wmap[j].h == h)
			return wmap[j].id;
		j = (j + 1) & (WMAP_SIZE - 1);
	}
	return W_NONE;
}

/* --- the recogniser ---------------------------------------------------- */

struct nt_ents *
nt_ents_new(void)
{
	struct nt_ents *x = nt_ecalloc(1, sizeof(*x));

	x->gaz = nt_gaz_new();
	x->tc = nt_ecalloc(TCACHE_SIZE, sizeof(*x->tc));
	x->quotes = 1;
	pthread_once(&wmap_once, words_init);
	return x;
}

struct nt_ents *
nt_ents_clone(const struct nt_ents *x)
{
	struct nt_ents *c = nt_ecalloc(1, sizeof(*c));

	c->gaz = x->gaz;
	c->shared = 1;
	c->tc = nt_ecalloc(TCACHE_SIZE, sizeof(*c->tc));
	c->quotes = x->quotes;
	c->model = x->model;
	c->run = x->model ? ml_run_new() : NULL;
	c->user0 = x->user0;
	c->explain = x->explain;
	c->geo = x->geo;
	if (x->want != NULL) {
		c->want = nt_emalloc(x->nwant ? x->nwant : 1);
		memcpy(c->want, x->want, x->nwant);
		c->nwant = x->nwant;
	}
	return c;
}

void
nt_ents_free(struct nt_ents *x)
{
	if (x == NULL)
		return;
	if (!x->shared) {
		nt_gaz_free(x->gaz);
		ml_model_free(x->model);
	}
	ml_run_free(x->run);
	free(x->gq);
	free(x->gr);
	free(x->gi);
	free(x->tc);
	nt_toks_free(&x->d.tk);
	free(x->d.cls);
	free(x->d.node);
	free(x->d.word);
	free(x->d.tf);
	free(x->d.e);
	free(x->d.q);
	free(x->d.c);
	free(x->d.qstart);
	free(x->d.qend);
	free(x->d.qlastp);
	nt_buf_free(&x->d.strs);
	nt_buf_free(&x->d.tmp);
	nt_buf_free(&x->ej);
	nt_buf_free(&x->qj);
	free(x->want);
	free(x);
}

int
nt_ents_defaults(struct nt_ents *x, struct nt_buf *err)
{
	struct nt_buf path = NT_BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(datafiles) / sizeof(datafiles[0]); i++) {
		if (nt_datapath(datafiles[i], &path) < 0) {
			nt_buf_reset(err);
			nt_buf_add(err, path.p, path.len);
			rc = -1;
			break;
		}
		if ((rc = nt_gaz_load(x->gaz, path.p, err)) < 0)
			break;
	}
	nt_buf_free(&path);
	/* entries are numbered in load order: the user's come after */
	x->user0 = nt_gaz_nnames(x->gaz);
	return rc;
}

int
nt_ents_model(struct nt_ents *x, const char *file, struct nt_buf *err)
{
	struct nt_buf path = NT_BUF_INIT;

	if (file == NULL) {
		if (nt_datapath("nentities/model.bin", &path) < 0) {
			nt_buf_reset(err);
			nt_buf_adds(err, "cannot find data file "
			    "nentities/model.bin (set NTOOLS_DATA)");
			return -1;
		}
		file = path.p;
	}
	ml_model_free(x->model);
	x->model = ml_model_load(file, err);
	nt_buf_free(&path);
	if (x->model == NULL)
		return -1;
	/* a fresh scratch: its word cache was for the model before */
	ml_run_free(x->run);
	x->run = ml_run_new();
	return 0;
}

void
nt_ents_explain(struct nt_ents *x, int on)
{
	x->explain = on;
}

int
nt_ents_gazetteer(struct nt_ents *x, const char *path, struct nt_buf *err)
{
	memset(x->tc, 0, TCACHE_SIZE * sizeof(*x->tc));
	memset(x->tc1, 0, sizeof(x->tc1));
	return nt_gaz_load(x->gaz, path, err);
}

int
nt_ents_types(struct nt_ents *x, const char *list, struct nt_buf *err)
{
	const char *p = list, *c;
	char name[128];
	size_t len;
	int id;

	free(x->want);
	x->nwant = nt_gaz_ntypes(x->gaz);
	x->want = nt_ecalloc(x->nwant ? x->nwant : 1, 1);
	for (;;) {
		c = strchr(p, ',');
		len = c ? (size_t)(c - p) : strlen(p);
		if (len > 0) {
			if (len >= sizeof(name))
				len = sizeof(name) - 1;
			memcpy(name, p, len);
			name[len] = '\0';
			if ((id = nt_gaz_typeid(x->gaz, name)) < 0) {
				nt_buf_reset(err);
				nt_buf_printf(err, "unknown type '%s'", name);
				return -1;
			}
			x->want[id] = 1;
		}
		if (c == NULL)
			break;
		p = c + 1;
	}
	return 0;
}

void
nt_ents_quotes(struct nt_ents *x, int on)
{
	x->quotes = on;
}

int
ent_want(const struct ent_doc *d, uint32_t type)
{
	if (d->want == NULL)
		return 1;
	return type < d->nwant && d->want[type];
}

void
ent_span(const struct ent_doc *d, struct ent *e, size_t tb, size_t te)
{
	e->tb = tb;
	e->te = te;
	e->b = d->tk.t[tb].b;
	e->e = d->tk.t[te - 1].e;
	e->cb = d->tk.t[tb].cb;
	e->ce = d->tk.t[te - 1].ce;
}

struct ent *
ent_add(struct ent_doc *d, uint32_t type, size_t tb, size_t te)
{
	struct ent *e;
	size_t i;

	if (d->ne == d->ecap) {
		d->ecap = d->ecap ? d->ecap * 2 : 64;
		d->e = nt_ereallocarray(d->e, d->ecap, sizeof(*d->e));
	}
	e = &d->e[d->ne++];
	memset(e, 0, sizeof(*e));
	e->type = type;
	ent_span(d, e, tb, te);
	e->norm = e->unit = e->sval = e->expl = e->geo = -1;
	for (i = tb; i < te; i++)
		d->tf[i] |= TF_USED;
	return e;
}

long
ent_str(struct ent_doc *d, const char *s, size_t n)
{
	long off = (long)d->strs.len;

	nt_buf_add(&d->strs, s, n);
	nt_buf_addc(&d->strs, '\0');
	return off;
}

long
ent_days(int y, int m, int d)
{
	/* Howard Hinnant's days_from_civil. */
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
ent_civil(long z, int *yp, int *mp, int *dp)
{
	long era, doe, yoe, y, doy, mp_, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp_ = (5 * doy + 2) / 153;
	d = doy - (153 * mp_ + 2) / 5 + 1;
	m = mp_ + (mp_ < 10 ? 3 : -9);
	*yp = (int)(y + (m <= 2));
	*mp = (int)m;
	*dp = (int)d;
}

static void
parse_date(struct ent_doc *d, const char *s, size_t n)
{
	int y, m, dd, i;

	d->hasdate = 0;
	if (s == NULL || n < 10)
		return;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	dd = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || dd < 1 || dd > 31)
		return;
	d->year = y;
	d->mon = m;
	d->mday = dd;
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	d->refday = ent_days(y, m, dd);
	d->wday = (int)(((d->refday % 7) + 7 + 3) % 7);
	d->hasdate = 1;
}

static int
is_closer(uint32_t cp)
{
	return cp == '"' || cp == 0x201d || cp == 0x2019 || cp == ')' ||
	    cp == '\'' || cp == ']' || cp == 0x201c || cp == 0x2018 ||
	    cp == '(' || cp == 0xbb || cp == 0xab;
}

/* Does token i end a sentence?  "Gen." and "J." do not. */
static int
ends_sentence(const struct ent_doc *d, size_t i)
{
	const struct nt_tok *t = d->tk.t;

	if (t[i].cp != '.' && t[i].cp != '!' && t[i].cp != '?' &&
	    t[i].cp != 0x2026)
		return 0;
	if (t[i].cp == '.' && i > 0 && (t[i].f & NT_TF_GLUED) &&
	    t[i - 1].kind == NT_TOK_WORD && ((d->cls[i - 1] & NT_GC_TITLE) ||
	    ((t[i - 1].f & NT_TF_UPPER1) && t[i - 1].e - t[i - 1].b == 1)))
		return 0;
	return 1;
}

/*
 * Look up the word of hash h into cache entry c.  A word in lower case
 * needs the gazetteer only when a name or an evidence word could start
 * with it; one seen only in lower case is remembered as looked up in
 * part.
 */
static void
tc_fill(const struct ent_doc *d, struct tcache *c, uint64_t h, int up)
{
	c->h = h;
	c->word = ent_word(h);
	if (nt_gaz_lowstart(d->gaz, h))
		c->word |= TC_LOW;
	if (up || (c->word & TC_LOW)) {
		c->node = nt_gaz_next(d->gaz, 0, h);
		c->cls = (uint16_t)(c->node ? nt_gaz_cls(d->gaz, c->node) : 0);
	} else {
		c->node = 0;
		c->cls = 0;
		c->word |= TC_PART;
	}
}

/*
 * One pass over the tokens: what each word means (through the cache),
 * where sentences start, and which lines are set in capitals (most of
 * their words) or in title case (every longer word capitalised, one of
 * them an ordinary word, no full stop at the end): headlines.
 */
static void
prepare(struct nt_ents *x, struct ent_doc *d)
{
	size_t i, j, n = d->tk.n, ls = 0, nw = 0, ncaps = 0, n4 = 0, c4 = 0,
	    ordcap = 0;
	struct nt_tok *t;
	struct tcache *c;
	int prevend = 1, up;
	uint8_t mark;

	if (n > d->cap) {
		d->cap = n + n / 2;
		d->cls = nt_ereallocarray(d->cls, d->cap, sizeof(*d->cls));
		d->node = nt_ereallocarray(d->node, d->cap, sizeof(*d->node));
		d->word = nt_ereallocarray(d->word, d->cap, sizeof(*d->word));
		d->tf = nt_ereallocarray(d->tf, d->cap, sizeof(*d->tf));
	}
	if (n > 0)
		memset(d->tf, 0, n);
	d->nsport = 0;
	for (i = 0; i <= n; i++) {
		/* a line ends before a token that starts one, or at the end */
		if (i == n || ((d->tk.t[i].f & NT_TF_NL) && i > 0)) {
			mark = 0;
			if (nw >= 2 && ncaps * 4 >= nw * 3)
				mark = TF_HEAD | TF_CAPSLINE;
			else if (nw >= 3 && n4 >= 2 && c4 == n4 && ordcap >= 1 &&
			    !(d->tk.t[i - 1].kind == NT_TOK_PUNCT &&
			    d->tk.t[i - 1].cp == '.'))
				mark = TF_HEAD;
			if (mark)
				for (j = ls; j < i; j++)
					d->tf[j] |= mark;
			if (i == n)
				break;
			ls = i;
			nw = ncaps = n4 = c4 = ordcap = 0;
		}
		t = &d->tk.t[i];
		if (t->f & NT_TF_NL)
			prevend = 1;
		/*
		 * Punctuation, numbers, and words in lower case that neither
		 * the word map nor a gazetteer class knows (most of the text)
		 * need no lookup at all.
		 */
		if (t->kind != NT_TOK_WORD || (!(t->f & (NT_TF_UPPER1 |
		    NT_TF_ALLCAPS)) && !wbloom_has(t->h) &&
		    !nt_gaz_lowstart(d->gaz, t->h))) {
			d->cls[i] = 0;
			d->node[i] = 0;
			d->word[i] = W_NONE;
		} else {
			up = (t->f & (NT_TF_UPPER1 | NT_TF_ALLCAPS)) != 0;
			/* a small cache in front for the commonest words */
			c = &x->tc1[(t->h >> 40) & (TC1_SIZE - 1)];
			if (c->h != t->h || ((c->word & TC_PART) && up)) {
				c = &x->tc[(t->h >> 17) & (TCACHE_SIZE - 1)];
				/* The tokenizer never gives a token hash 0. */
				if (c->h != t->h || c->h == 0 ||
				    ((c->word & TC_PART) && up))
					tc_fill(d, c, t->h, up);
				x->tc1[(t->h >> 40) & (TC1_SIZE - 1)] = *c;
			}
			d->word[i] = (uint16_t)(c->word & ~(TC_PART | TC_LOW));
			if (d->word[i] == W_SPORT)
				d->nsport++;
			/*
			 * A word in lower case has only what lower-case names
			 * and evidence words give it, even when the same word
			 * in capitals, in this record or an earlier one, filled
			 * the entry: a record's entities must not depend on the
			 * records before it.
			 */
			if (up || (c->word & TC_LOW)) {
				d->node[i] = c->node;
				d->cls[i] = c->cls;
			} else {
				d->node[i] = 0;
				d->cls[i] = 0;
			}
		}
		if (t->kind == NT_TOK_PUNCT) {
			if (ends_sentence(d, i))
				prevend = 1;
			else if (!is_closer(t->cp) && t->cp != '-' &&
			    t->cp != 0x2014 && t->cp != 0x2013)
				prevend = 0;
			continue;
		}
		if (prevend)
			d->tf[i] |= TF_SENT;
		prevend = 0;
		if (t->kind != NT_TOK_WORD || (t->f & (NT_TF_POSS | NT_TF_DIGIT)))
			continue;
		nw++;
		if ((t->f & NT_TF_ALLCAPS) && t->e - t->b >= 2)
			ncaps++;
		if (t->len >= 4) {
			n4++;
			if (t->f & NT_TF_UPPER1) {
				c4++;
				if ((d->cls[i] & NT_GC_WORD) &&
				    !(d->tf[i] & TF_SENT))
					ordcap++;
			}
		}
	}
}

struct ent_doc *
ent_rules(struct nt_ents *x, const char *text, size_t n)
{
	struct ent_doc *d = &x->d;

	d->s = text;
	d->n = n;
	d->gaz = x->gaz;
	d->want = NULL;
	d->nwant = 0;
	d->ne = 0;
	d->nq = 0;
	d->nc = 0;
	d->hasdate = 0;
	nt_buf_reset(&d->strs);
	nt_tok_run(&d->tk, text, n);
	prepare(x, d);
	ent_values(d);
	ent_names(d);
	ent_norms(d);
	return d;
}

void
nt_ents_geo(struct nt_ents *x, const struct nt_geo *g)
{
	x->geo = g;
}

void
nt_ents_where(struct nt_ents *x, const char *source, const char *lang)
{
	x->source = source;
	x->lang = lang;
}

/* Location entities in the order of the text, by their byte offsets. */
static int
bybyte(const void *a, const void *b)
{
	const struct nt_geoq *x = a, *y = b;

	return x->b < y->b ? -1 : x->b > y->b;
}

/*
 * Give each location its place (geo.h): all the document's locations at
 * once, in the order of the text, as the evidence is the document's.
 * The entities themselves keep their order (the quotations look them up
 * in it); each mention remembers its entity in its e field until sorted,
 * then the entity learns its mention's place.
 */
static void
place(struct nt_ents *x, struct ent_doc *d)
{
	size_t i, n = 0;

	if (d->ne > x->gcap) {
		x->gcap = d->ne + d->ne / 2;
		x->gq = nt_ereallocarray(x->gq, x->gcap, sizeof(*x->gq));
		x->gr = nt_ereallocarray(x->gr, x->gcap, sizeof(*x->gr));
		x->gi = nt_ereallocarray(x->gi, x->gcap, sizeof(*x->gi));
	}
	for (i = 0; i < d->ne; i++) {
		const struct ent *e = &d->e[i];

		if (e->dead || e->type != NT_ET_LOC)
			continue;
		x->gq[n].s = d->s + e->b;
		x->gq[n].n = e->e - e->b;
		x->gq[n].b = e->b;
		x->gq[n++].e = i;	/* the entity, for now */
	}
	if (n == 0)
		return;
	qsort(x->gq, n, sizeof(*x->gq), bybyte);
	for (i = 0; i < n; i++) {
		x->gi[i] = x->gq[i].e;
		d->e[x->gi[i]].geo = (long)i;
		x->gq[i].e = d->e[x->gi[i]].e;
	}
	nt_geo_resolve(x->geo, d->s, d->n, x->gq, n, x->source, x->lang,
	    x->gr);
}


/* One text, or one window of a long one. */
static void
run_one(struct nt_ents *x, const char *text, size_t n, const char *date,
    size_t datelen)
{
	struct ent_doc *d = &x->d;

	d->s = text;
	d->n = n;
	d->gaz = x->gaz;
	d->want = x->want;
	d->nwant = x->nwant;
	d->ne = 0;
	d->nq = 0;
	d->nc = 0;
	nt_buf_reset(&d->strs);
	parse_date(d, date, datelen);
	nt_tok_run(&d->tk, text, n);
	prepare(x, d);
	ent_values(d);
	ent_names(d);
	ent_norms(d);
	if (x->model != NULL)
		ml_tag(x->run, x->model, d, x->user0, x->explain);
	ent_lang(d, x->lang);
	ent_canon(d);
	if (x->geo != NULL)
		place(x, d);
	if (x->quotes)
		ent_quotes(d);
}

static void ents_items(struct nt_ents *, struct nt_buf *, size_t, int *);
static void quote_items(struct nt_ents *, struct nt_buf *, size_t, int *);

/*
 * A text longer than WINDOW is annotated a window at a time, each
 * ending at a line break: memory stays that of one window (a token
 * costs some 200 bytes of tables), and the JSON of each window, its
 * offsets moved on by the code points before it, is kept as it comes.
 * Names are made consistent, and quotations found, within a window.
 */
void
nt_ents_run(struct nt_ents *x, const char *text, size_t n, const char *date,
    size_t datelen)
{
	size_t off, end, cp = 0, k;

	x->windowed = n > WINDOW;
	if (!x->windowed) {
		run_one(x, text, n, date, datelen);
		return;
	}
	nt_buf_reset(&x->ej);
	nt_buf_reset(&x->qj);
	nt_buf_addc(&x->ej, '[');
	nt_buf_addc(&x->qj, '[');
	x->ejfirst = x->qjfirst = 1;
	for (off = 0; off < n; off = end) {
		end = nt_tok_piece(text, off, n, WINDOW);
		run_one(x, text + off, end - off, date, datelen);
		ents_items(x, &x->ej, cp, &x->ejfirst);
		quote_items(x, &x->qj, cp, &x->qjfirst);
		for (k = off; k < end; k++)
			cp += ((unsigned char)text[k] & 0xC0) != 0x80;
	}
	nt_buf_addc(&x->ej, ']');
	nt_buf_addc(&x->qj, ']');
}

static int
bystart(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;

	if (x->cb != y->cb)
		return x->cb < y->cb ? -1 : 1;
	if (x->ce != y->ce)
		return x->ce > y->ce ? -1 : 1;
	return 0;
}

static void
addnum(struct nt_buf *b, double v)
{
	if (fabs(v) < 9007199254740992.0 && v == floor(v))
		nt_buf_addi(b, (int64_t)v);
	else
		nt_json_adddouble(b, v);
}

/*
 * The entities are written straight into the output's memory: room for
 * the worst case (every byte of a string escaped as \u00XX) is made once
 * per entity, then literals, numbers and strings are copied in place.
 * This runs for every entity of every record.
 */
#define PUTLIT(w, lit)	(memcpy((w), (lit), sizeof(lit) - 1), \
			    (w) += sizeof(lit) - 1)

static char *
put_uint(char *w, uint64_t v)
{
	char tmp[24], *e = tmp + sizeof(tmp), *p = e;

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	memcpy(w, p, (size_t)(e - p));
	return w + (e - p);
}

static char *
put_str(char *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t k;

	*w++ = '"';
	for (k = 0; k < n; k++) {
		unsigned char c = p[k];

		if (c >= 0x20 && c != '"' && c != '\\') {
			*w++ = (char)c;
			continue;
		}
		*w++ = '\\';
		switch (c) {
		case '"': *w++ = '"'; break;
		case '\\': *w++ = '\\'; break;
		case '\n': *w++ = 'n'; break;
		case '\t': *w++ = 't'; break;
		case '\r': *w++ = 'r'; break;
		default:
			*w++ = 'u';
			*w++ = '0';
			*w++ = '0';
			*w++ = hex[c >> 4];
			*w++ = hex[c & 15];
		}
	}
	*w++ = '"';
	return w;
}

/* Hand over the JSON a windowed run kept, leaving out's storage in b. */
static void
handover(struct nt_buf *b, struct nt_buf *out)
{
	struct nt_buf t = *out;

	*out = *b;
	*b = t;
	nt_buf_reset(b);
}

/* A coordinate to two places, without trailing zeros: 48.85, 2.3, -95. */
static void
coord(struct nt_buf *b, double v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%.2f", v);

	while (n > 0 && tmp[n - 1] == '0')
		n--;
	if (n > 0 && tmp[n - 1] == '.')
		n--;
	if (n == 2 && memcmp(tmp, "-0", 2) == 0)
		tmp[0] = '0', n = 1, tmp[1] = '\0';
	nt_buf_add(b, tmp, (size_t)n);
}

/* A location's place: ,"country":...,"lat":...,"geo_confidence":... */
static void
geo_json(struct nt_buf *b, const struct nt_geores *r, int explain)
{
	nt_buf_adds(b, ",\"country\":\"");
	nt_buf_adds(b, r->country);
	nt_buf_addc(b, '"');
	if (r->hascoord) {
		nt_buf_adds(b, ",\"lat\":");
		coord(b, r->lat);
		nt_buf_adds(b, ",\"lon\":");
		coord(b, r->lon);
		if (r->admin1 != NULL) {
			nt_buf_adds(b, ",\"admin1\":");
			nt_json_addstr(b, r->admin1, strlen(r->admin1));
		}
		if (r->geonames > 0) {
			nt_buf_adds(b, ",\"geonames\":");
			nt_buf_addi(b, r->geonames);
		}
	}
	nt_buf_adds(b, ",\"geo_confidence\":");
	coord(b, r->conf);
	if (explain) {
		nt_buf_adds(b, ",\"geo_why\":\"");
		nt_buf_adds(b, nt_geo_why(r->why));
		nt_buf_addc(b, '"');
	}
}

void
nt_ents_json(struct nt_ents *x, struct nt_buf *out)
{
	int first = 1;

	if (x->windowed) {
		handover(&x->ej, out);
		return;
	}
	nt_buf_reset(out);
	nt_buf_addc(out, '[');
	ents_items(x, out, 0, &first);
	nt_buf_addc(out, ']');
}

/* The last run's entities, code points moved on by cp, appended to out. */
static void
ents_items(struct nt_ents *x, struct nt_buf *out, size_t cp, int *first)
{
	struct ent_doc *d = &x->d;
	struct ent *e;
	size_t i, need, nl, tl;
	const char *tn, *norm, *sval, *unit;
	char *w;

	if (d->ne > 1)
		qsort(d->e, d->ne, sizeof(*d->e), bystart);
	for (i = 0; i < d->ne; i++) {
		e = &d->e[i];
		if (e->dead || !ent_want(d, e->type))
			continue;
		tn = nt_gaz_typename(d->gaz, e->type);
		tl = strlen(tn);
		norm = e->norm >= 0 ? d->strs.p + e->norm : NULL;
		sval = e->sval >= 0 ? d->strs.p + e->sval : NULL;
		unit = e->unit >= 0 ? d->strs.p + e->unit : NULL;
		nl = norm ? strlen(norm) : 0;
		need = 160 + 6 * (tl + (e->e - e->b) + nl +
		    (sval ? strlen(sval) : 0) + (unit ? strlen(unit) : 0));
		nt_buf_grow(out, need);
		w = out->p + out->len;
		if (!*first)
			*w++ = ',';
		*first = 0;
		PUTLIT(w, "{\"type\":");
		w = put_str(w, tn, tl);
		PUTLIT(w, ",\"text\":");
		w = put_str(w, d->s + e->b, e->e - e->b);
		PUTLIT(w, ",\"start\":");
		w = put_uint(w, (uint64_t)(e->cb + cp));
		PUTLIT(w, ",\"end\":");
		w = put_uint(w, (uint64_t)(e->ce + cp));
		if (norm) {
			PUTLIT(w, ",\"norm\":");
			w = put_str(w, norm, nl);
		}
		out->len = (size_t)(w - out->p);
		if (sval) {
			PUTLIT(w, ",\"value\":");
			w = put_str(w, sval, strlen(sval));
			out->len = (size_t)(w - out->p);
		} else if (e->hasval) {
			nt_buf_add(out, ",\"value\":", 9);
			addnum(out, e->value);
			w = out->p + out->len;
		}
		if (e->cur[0]) {
			PUTLIT(w, ",\"currency\":");
			w = put_str(w, e->cur, strlen(e->cur));
		}
		if (unit) {
			PUTLIT(w, ",\"unit\":");
			w = put_str(w, unit, strlen(unit));
		}
		if (e->geo >= 0 && x->gr[e->geo].country[0] != '\0') {
			out->len = (size_t)(w - out->p);
			geo_json(out, &x->gr[e->geo], x->explain);
			nt_buf_grow(out, 2);
			w = out->p + out->len;
		}
		if (e->expl >= 0) {
			out->len = (size_t)(w - out->p);
			nt_buf_adds(out, ",\"explain\":");
			nt_buf_adds(out, d->strs.p + e->expl);
			nt_buf_grow(out, 2);
			w = out->p + out->len;
		}
		*w++ = '}';
		out->len = (size_t)(w - out->p);
		out->p[out->len] = '\0';
	}
}

void
nt_ents_quotes_json(struct nt_ents *x, struct nt_buf *out)
{
	int first = 1;

	if (x->windowed) {
		handover(&x->qj, out);
		return;
	}
	nt_buf_reset(out);
	nt_buf_addc(out, '[');
	quote_items(x, out, 0, &first);
	nt_buf_addc(out, ']');
}

/* The last run's quotations, code points moved on by cp, onto out. */
static void
quote_items(struct nt_ents *x, struct nt_buf *out, size_t cp, int *first)
{
	struct ent_doc *d = &x->d;
	struct nt_jw w;
	struct quote *q;
	size_t i;

	for (i = 0; i < d->nq; i++) {
		q = &d->q[i];
		if (!*first)
			nt_buf_addc(out, ',');
		*first = 0;
		nt_jw_init(&w, out);
		nt_jw_obj(&w);
		nt_jw_key(&w, "text");
		nt_jw_str(&w, d->s + q->b, q->e - q->b);
		nt_jw_key(&w, "start");
		nt_jw_int(&w, (int64_t)(q->cb + cp));
		nt_jw_key(&w, "end");
		nt_jw_int(&w, (int64_t)(q->ce + cp));
		nt_jw_key(&w, "speaker");
		if (q->speaker >= 0)
			nt_jw_strz(&w, d->strs.p + q->speaker);
		else
			nt_jw_null(&w);
		nt_jw_key(&w, "speaker_norm");
		if (q->snorm >= 0)
			nt_jw_strz(&w, d->strs.p + q->snorm);
		else
			nt_jw_null(&w);
		nt_jw_end(&w);
	}
}
