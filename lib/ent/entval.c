/*
 * entval: dates, times, money, percentages and quantities, with their
 * values normalised (ISO 8601 dates, amounts as numbers, ISO 4217
 * currency codes).  Works on the tokens of ent.c, left to right; a
 * token is used by at most one value.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ent/entint.h"

const struct ent_currency {
	const char	*word;
	const char	*code;
} ent_currencies[] = {
	{ "dollars", "USD" }, { "dollar", "USD" }, { "dlrs", "USD" },
	{ "dlr", "USD" }, { "usd", "USD" }, { "euros", "EUR" },
	{ "euro", "EUR" }, { "eur", "EUR" }, { "pounds", "GBP" },
	{ "pound", "GBP" }, { "sterling", "GBP" }, { "gbp", "GBP" },
	{ "stg", "GBP" }, { "yen", "JPY" }, { "jpy", "JPY" },
	{ "yuan", "CNY" }, { "renminbi", "CNY" }, { "cny", "CNY" },
	{ "rmb", "CNY" }, { "rupees", "INR" }, { "rupee", "INR" },
	{ "inr", "INR" }, { "rubles", "RUB" }, { "roubles", "RUB" },
	{ "ruble", "RUB" }, { "rouble", "RUB" }, { "rub", "RUB" },
	{ "hryvnias", "UAH" }, { "hryvnia", "UAH" }, { "hryvnas", "UAH" },
	{ "uah", "UAH" }, { "francs", "CHF" }, { "franc", "CHF" },
	{ "chf", "CHF" }, { "won", "KRW" }, { "krw", "KRW" },
	{ "pesos", "MXN" }, { "peso", "MXN" }, { "riyals", "SAR" },
	{ "riyal", "SAR" }, { "sar", "SAR" }, { "shekels", "ILS" },
	{ "shekel", "ILS" }, { "ils", "ILS" }, { "lira", "TRY" },
	{ "liras", "TRY" }, { "rand", "ZAR" }, { "zar", "ZAR" },
	{ "naira", "NGN" }, { "zlotys", "PLN" }, { "zloty", "PLN" },
	{ "pln", "PLN" }, { "cad", "CAD" }, { "aud", "AUD" },
	{ "hkd", "HKD" }, { "nzd", "NZD" }, { "sgd", "SGD" },
	{ "sek", "SEK" }, { "kronor", "SEK" }, { "krona", "SEK" },
	{ "nok", "NOK" }, { "kroner", "NOK" }, { "krone", "NOK" },
	{ "dkk", "DKK" }, { "brl", "BRL" }, { "reais", "BRL" },
	{ "real", "BRL" }, { "mxn", "MXN" }, { "dinars", "IQD" },
	{ "dirhams", "AED" }, { "aed", "AED" }, { "ringgit", "MYR" },
	{ "baht", "THB" }, { "rupiah", "IDR" }, { "lire", "ITL" },
	{ "marks", "DEM" }, { "guilders", "NLG" },
};
const size_t ent_ncurrencies = sizeof(ent_currencies) /
    sizeof(ent_currencies[0]);

/* Nouns counted whatever their form (irregular plurals, measures). */
const char *const ent_units[] = {
	"people", "children", "men", "women", "personnel", "police", "staff",
	"aircraft", "cattle", "sheep", "fish", "km", "kilometers",
	"kilometres", "kilometer", "kilometre", "miles", "mile", "meters",
	"metres", "kg", "kilograms", "tonnes", "tons", "tonne", "ton",
	"barrels", "bpd", "feet", "ft", "acres", "hectares", "mw", "gw",
	"kwh", "mph", "km/h", "lbs", "ounces", "oz", "cm", "mm", "litres",
	"liters", "gallons", "degrees", "civilians", "infantry", "livestock",
	"offspring", "crew", "militia", "youth", "clergy",
};
const size_t ent_nunits = sizeof(ent_units) / sizeof(ent_units[0]);

/* Who issues a dollar, a pound... when the text names them. */
static const struct {
	const char	*mod;		/* one or two words */
	const char	*family;	/* the currency's code without them */
	const char	*code;
} curmods[] = {
	{ "canadian", "USD", "CAD" }, { "australian", "USD", "AUD" },
	{ "us", "USD", "USD" }, { "american", "USD", "USD" },
	{ "hong kong", "USD", "HKD" }, { "new zealand", "USD", "NZD" },
	{ "singapore", "USD", "SGD" }, { "taiwan", "USD", "TWD" },
	{ "taiwanese", "USD", "TWD" }, { "zimbabwe", "USD", "ZWL" },
	{ "jamaican", "USD", "JMD" }, { "egyptian", "GBP", "EGP" },
	{ "lebanese", "GBP", "LBP" }, { "syrian", "GBP", "SYP" },
	{ "british", "GBP", "GBP" }, { "sudanese", "GBP", "SDG" },
	{ "pakistani", "INR", "PKR" }, { "indian", "INR", "INR" },
	{ "nepalese", "INR", "NPR" }, { "sri lankan", "INR", "LKR" },
	{ "indonesian", "INR", "IDR" }, { "swiss", "CHF", "CHF" },
	{ "french", "CHF", "FRF" }, { "mexican", "MXN", "MXN" },
	{ "argentine", "MXN", "ARS" }, { "philippine", "MXN", "PHP" },
	{ "chilean", "MXN", "CLP" }, { "colombian", "MXN", "COP" },
	{ "swedish", "SEK", "SEK" }, { "norwegian", "NOK", "NOK" },
	{ "danish", "NOK", "DKK" }, { "iraqi", "IQD", "IQD" },
	{ "jordanian", "IQD", "JOD" }, { "kuwaiti", "IQD", "KWD" },
	{ "tunisian", "IQD", "TND" }, { "algerian", "IQD", "DZD" },
	{ "south african", "ZAR", "ZAR" }, { "turkish", "TRY", "TRY" },
	{ "russian", "RUB", "RUB" }, { "ukrainian", "UAH", "UAH" },
	{ "japanese", "JPY", "JPY" }, { "chinese", "CNY", "CNY" },
	{ "saudi", "SAR", "SAR" }, { "qatari", "SAR", "QAR" },
	{ "iranian", "SAR", "IRR" }, { "brazilian", "BRL", "BRL" },
	{ "polish", "PLN", "PLN" }, { "malaysian", "MYR", "MYR" },
	{ "thai", "THB", "THB" }, { "south korean", "KRW", "KRW" },
	{ "korean", "KRW", "KRW" }, { "israeli", "ILS", "ILS" },
	{ "nigerian", "NGN", "NGN" }, { "emirati", "AED", "AED" },
	{ "european", "EUR", "EUR" },
};
#define NCURMODS (sizeof(curmods) / sizeof(curmods[0]))
static uint64_t curmod_h[NCURMODS][2];
static pthread_once_t curmod_once = PTHREAD_ONCE_INIT;

static void
curmod_init(void)
{
	size_t i;
	const char *sp;

	for (i = 0; i < NCURMODS; i++) {
		sp = strchr(curmods[i].mod, ' ');
		if (sp == NULL) {
			curmod_h[i][0] = nt_tok_hash(curmods[i].mod,
			    strlen(curmods[i].mod));
			curmod_h[i][1] = 0;
		} else {
			curmod_h[i][0] = nt_tok_hash(curmods[i].mod,
			    (size_t)(sp - curmods[i].mod));
			curmod_h[i][1] = nt_tok_hash(sp + 1, strlen(sp + 1));
		}
	}
}

static int
isword(const struct ent_doc *d, size_t i, uint16_t w)
{
	return i < d->tk.n && d->word[i] == w;
}

static int
ispunc(const struct ent_doc *d, size_t i, uint32_t cp)
{
	return i < d->tk.n && d->tk.t[i].kind == NT_TOK_PUNCT &&
	    d->tk.t[i].cp == cp;
}

static int
glued(const struct ent_doc *d, size_t i)
{
	return i < d->tk.n && (d->tk.t[i].f & NT_TF_GLUED);
}

static int
free_tok(const struct ent_doc *d, size_t i)
{
	return i < d->tk.n && !(d->tf[i] & TF_USED);
}

/* Digits of a number token, with thousands separators. */
static int
parse_num(const struct ent_doc *d, size_t i, double *v, int *isint,
    int *ndig)
{
	const char *p = TOKP(d, i);
	size_t n = TOKN(d, i), k, ndots = 0, ncommas = 0, lastsep = 0;
	char buf[64];
	size_t bl = 0;

	for (k = 0; k < n; k++) {
		if (p[k] == '.') {
			ndots++;
			lastsep = k;
		} else if (p[k] == ',') {
			ncommas++;
			lastsep = k;
		}
	}
	*isint = ndots == 0;
	*ndig = (int)n;
	if (ndots == 0 && n <= 15) {
		/* the common case: digits and commas, exactly */
		double x = 0;

		for (k = 0; k < n; k++)
			if (p[k] != ',')
				x = x * 10 + (p[k] - '0');
		*v = x;
		return 0;
	}
	for (k = 0; k < n && bl + 1 < sizeof(buf); k++) {
		if (p[k] == ',')
			continue;
		if (p[k] == '.') {
			/* "1.200.000": dots as thousands separators. */
			if (ndots > 1 || (ncommas > 0 && k < lastsep))
				continue;
			if (ncommas > 0 && k != lastsep)
				continue;
		}
		buf[bl++] = p[k];
	}
	buf[bl] = '\0';
	if (ndots > 1)
		*isint = 1;
	*v = strtod(buf, NULL);
	*ndig = (int)n;
	(void)lastsep;
	return 0;
}

static int
word_value(uint16_t w, double *v)
{
	static const unsigned char small[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
	    10, 11, 12, 13, 14, 15, 16, 17, 18, 19 };

	if (w >= W_ZERO && w <= W_NINETEEN) {
		*v = small[w - W_ZERO];
		return 1;
	}
	if (w >= W_TWENTY && w <= W_NINETY) {
		*v = 20 + 10 * (w - W_TWENTY);
		return 2;
	}
	if (w == W_DOZEN) {
		*v = 12;
		return 1;
	}
	return 0;
}

static double
scale_of(uint16_t w, int shortok)
{
	switch (w) {
	case W_HUNDRED:
		return 1e2;
	case W_THOUSAND:
		return 1e3;
	case W_MILLION:
		return 1e6;
	case W_BILLION:
		return 1e9;
	case W_TRILLION:
		return 1e12;
	}
	if (w >= W_SCALE0 && w <= W_SCALE0 + 12) {
		double s = 1;
		int k;

		if (!shortok && w != W_SCALE0 + 6 && w != W_SCALE0 + 9)
			return 0;
		for (k = 0; k < w - W_SCALE0; k++)
			s *= 10;
		return s;
	}
	return 0;
}

/*
 * A number at token i: digits or number words, and a scale after it.
 * Returns the token after it, or 0.  shortok allows "m", "k", "b".
 */
static size_t
number_at(const struct ent_doc *d, size_t i, double *v, int shortok,
    int *isword_, int *ndig)
{
	size_t j;
	double s, u;
	int isint, kind;
	uint16_t w;

	*isword_ = 0;
	*ndig = 0;
	if (!free_tok(d, i))
		return 0;
	if (d->tk.t[i].kind == NT_TOK_NUM) {
		parse_num(d, i, v, &isint, ndig);
		j = i + 1;
	} else if (d->tk.t[i].kind == NT_TOK_WORD &&
	    (kind = word_value(d->word[i], v)) != 0) {
		*isword_ = 1;
		j = i + 1;
		/* twenty-five */
		if (kind == 2 && ispunc(d, j, '-') && glued(d, j) &&
		    glued(d, j + 1) && word_value(d->word[j + 1], &u) == 1 &&
		    u < 10) {
			*v += u;
			j += 2;
		}
	} else
		return 0;
	/* "1.2bn", "5.93 mln", "47 million", "two hundred" */
	if (j < d->tk.n && d->tk.t[j].kind == NT_TOK_WORD && free_tok(d, j)) {
		w = d->word[j];
		s = 0;
		if (w >= W_HUNDRED && w <= W_TRILLION)
			s = scale_of(w, 0);
		else if (w >= W_SCALE0 && w <= W_SCALE0 + 12) {
			/* "m", "b", "k" alone only glued and after a sign */
			if (TOKN(d, j) > 1 || (glued(d, j) && shortok))
				s = scale_of(w, 1);
		}
		if (s > 0) {
			*v *= s;
			/* 4.1 * 1e6 is 4099999.9999999995 in binary */
			if (s >= 1e3)
				*v = nearbyint(*v);
			j++;
			if (s == 1e2 && j < d->tk.n && free_tok(d, j) &&
			    (s = scale_of(d->word[j], 0)) >= 1e3) {
				*v *= s;
				j++;
			}
		}
	}
	return j;
}

enum { V_YMD, V_YM, V_Y, V_MD, V_M, V_WEEK, V_HM };

static void
put_val(struct ent_doc *d, struct ent *e, int kind, int a, int b, int c)
{
	char buf[32];
	int n = -1;

	switch (kind) {
	case V_YMD:
		n = snprintf(buf, sizeof(buf), "%04d-%02d-%02d", a, b, c);
		break;
	case V_YM:
		n = snprintf(buf, sizeof(buf), "%04d-%02d", a, b);
		break;
	case V_Y:
		n = snprintf(buf, sizeof(buf), "%04d", a);
		break;
	case V_MD:
		n = snprintf(buf, sizeof(buf), "--%02d-%02d", b, c);
		break;
	case V_M:
		n = snprintf(buf, sizeof(buf), "--%02d", b);
		break;
	case V_WEEK:
		n = snprintf(buf, sizeof(buf), "%04d-W%02d", a, b);
		break;
	case V_HM:
		n = snprintf(buf, sizeof(buf), "%02d:%02d", a, b);
		break;
	}
	if (n > 0 && (size_t)n < sizeof(buf))
		e->sval = ent_str(d, buf, (size_t)n);
}

static void
put_norm_num(struct ent_doc *d, struct ent *e, const char *pre,
    const char *post)
{
	char buf[96];
	int n;

	if (e->value < 1e18 && e->value > -1e18 &&
	    e->value == (double)(long long)e->value)
		n = snprintf(buf, sizeof(buf), "%s%lld%s", pre,
		    (long long)e->value, post);
	else
		n = snprintf(buf, sizeof(buf), "%s%.10g%s", pre, e->value,
		    post);
	if (n > 0 && (size_t)n < sizeof(buf))
		e->norm = ent_str(d, buf, (size_t)n);
}

static void
put_money_norm(struct ent_doc *d, struct ent *e)
{
	char post[8];

	post[0] = ' ';
	memcpy(post + 1, e->cur, 4);
	put_norm_num(d, e, "", post);
}

static const char *
symbol_code(uint32_t cp)
{
	switch (cp) {
	case '$': return "USD";
	case 0x20ac: return "EUR";
	case 0xa3: return "GBP";
	case 0xa5: return "JPY";
	case 0x20b9: return "INR";
	case 0x20bd: return "RUB";
	case 0x20b4: return "UAH";
	case 0x20a9: return "KRW";
	case 0x20ba: return "TRY";
	case 0x20a6: return "NGN";
	case 0x20aa: return "ILS";
	}
	return NULL;
}

/* US$, C$, A$, HK$ ... : the letters glued before a dollar sign. */
static const char *
dollar_prefix(const struct ent_doc *d, size_t i)
{
	static const struct { const char *p; const char *code; } pre[] = {
		{ "US", "USD" }, { "U.S.", "USD" }, { "C", "CAD" },
		{ "CA", "CAD" }, { "A", "AUD" }, { "AU", "AUD" },
		{ "HK", "HKD" }, { "NZ", "NZD" }, { "S", "SGD" },
		{ "R", "BRL" }, { "NT", "TWD" }, { "Z", "ZWL" },
	};
	size_t k, n;

	if (i >= d->tk.n || d->tk.t[i].kind != NT_TOK_WORD)
		return NULL;
	n = TOKN(d, i);
	for (k = 0; k < sizeof(pre) / sizeof(pre[0]); k++)
		if (strlen(pre[k].p) == n && memcmp(pre[k].p, TOKP(d, i), n)
		    == 0)
			return pre[k].code;
	return NULL;
}

static const char *
modified_code(const struct ent_doc *d, size_t cur, const char *family,
    size_t *start)
{
	size_t k;

	pthread_once(&curmod_once, curmod_init);
	if (cur == 0)
		return NULL;
	for (k = 0; k < NCURMODS; k++) {
		if (strcmp(curmods[k].family, family) != 0)
			continue;
		if (curmod_h[k][1] == 0) {
			if (d->tk.t[cur - 1].h == curmod_h[k][0] &&
			    d->tk.t[cur - 1].kind == NT_TOK_WORD) {
				*start = cur - 1;
				return curmods[k].code;
			}
		} else if (cur >= 2 && d->tk.t[cur - 2].h == curmod_h[k][0] &&
		    d->tk.t[cur - 1].h == curmod_h[k][1]) {
			*start = cur - 2;
			return curmods[k].code;
		}
	}
	return NULL;
}

static int
cur_word(const struct ent_doc *d, size_t i)
{
	uint16_t w;

	if (i >= d->tk.n || !free_tok(d, i))
		return -1;
	w = d->word[i];
	if (w >= W_CUR0 && w < W_CUR0 + ent_ncurrencies)
		return w - W_CUR0;
	return -1;
}

static int
money(struct ent_doc *d, size_t i, size_t *next)
{
	const char *code = NULL, *c2;
	size_t j, start = i, numtok;
	double v;
	int iw, nd, cw;
	struct ent *e;

	if (d->tk.t[i].kind == NT_TOK_PUNCT &&
	    (code = symbol_code(d->tk.t[i].cp)) != NULL) {
		if (code[0] == 'U' && i > 0 && glued(d, i) &&
		    (c2 = dollar_prefix(d, i - 1)) != NULL && free_tok(d, i - 1)) {
			code = c2;
			start = i - 1;
		}
		numtok = i + 1;
		if (numtok < d->tk.n && d->tk.t[numtok].kind != NT_TOK_NUM)
			return 0;
	} else if ((cw = cur_word(d, i)) >= 0 &&
	    (d->tk.t[i].f & NT_TF_ALLCAPS) && TOKN(d, i) == 3) {
		code = ent_currencies[cw].code;	/* "USD 5 million" */
		numtok = i + 1;
	} else
		return 0;
	if ((j = number_at(d, numtok, &v, 1, &iw, &nd)) == 0)
		return 0;
	/* "$5 million dollars" or "$5 million (US)" */
	if ((cw = cur_word(d, j)) >= 0 && strcmp(ent_currencies[cw].code,
	    code) == 0)
		j++;
	e = ent_add(d, NT_ET_MONEY, start, j);
	e->value = v;
	e->hasval = 1;
	memcpy(e->cur, code, 4);
	put_money_norm(d, e);
	*next = j;
	return 1;
}

static int
isplural(const struct ent_doc *d, size_t i)
{
	const char *p = TOKP(d, i);
	size_t n = TOKN(d, i);
	uint16_t w;

	if (d->tk.t[i].kind != NT_TOK_WORD || !(d->tk.t[i].f & NT_TF_LOWER1))
		return 0;
	if (d->word[i] >= W_UNIT0 && d->word[i] < W_UNIT0 + ent_nunits)
		return 1;
	if (n < 3 || p[n - 1] != 's' || p[n - 2] == 's' || p[n - 2] == 'u' ||
	    p[n - 2] == '\'')
		return 0;
	/* "is", "news", "various": in ent.c's word map as W_NOTPLURAL */
	w = d->word[i];
	if (w == W_NOTPLURAL)
		return 0;
	return w == W_NONE || w >= W_MONTH0 || w == W_SPORT || w == W_PLAY ||
	    w == W_DAYS || w == W_WEEKS || w == W_MONTHS || w == W_YEARS;
}

/* After a number ending at j: the counted noun, within a few words. */
static size_t
unit_after(const struct ent_doc *d, size_t j, double v, size_t *unit)
{
	size_t k, lim = j + 5;
	const struct nt_tok *t = d->tk.t;

	/* "25-day", "3-year" */
	if (ispunc(d, j, '-') && glued(d, j) && glued(d, j + 1) &&
	    j + 1 < d->tk.n && t[j + 1].kind == NT_TOK_WORD &&
	    (t[j + 1].f & NT_TF_LOWER1) && free_tok(d, j + 1)) {
		*unit = j + 1;
		return j + 2;
	}
	for (k = j; k < d->tk.n && k < lim; k++) {
		if (!free_tok(d, k))
			return 0;
		if (t[k].kind == NT_TOK_PUNCT) {
			if (t[k].cp == '-' && glued(d, k) && glued(d, k + 1))
				continue;
			return 0;
		}
		if (k > j && (t[k].f & NT_TF_NL))
			return 0;
		if (t[k].kind == NT_TOK_NUM) {
			/* "14 Leopard 2 tanks": a number in a name */
			if (k > j && (t[k - 1].f & NT_TF_UPPER1))
				continue;
			return 0;
		}
		if (t[k].f & NT_TF_POSS)
			return 0;
		if (isplural(d, k) || (v == 1 && d->word[k] >= W_UNIT0 &&
		    d->word[k] < W_UNIT0 + ent_nunits)) {
			*unit = k;
			return k + 1;
		}
		if (d->cls[k] & NT_GC_FUNC)
			return 0;
		if (d->word[k] != W_NONE && d->word[k] < W_MONTH0 &&
		    d->word[k] != W_NOTPLURAL && d->word[k] != W_SPORT &&
		    d->word[k] != W_PLAY)
			return 0;
		if (t[k].f & NT_TF_LOWER1) {
			/* a lower-case modifier needs a plural right after */
			if (k + 1 >= d->tk.n || !isplural(d, k + 1))
				if (!(ispunc(d, k + 1, '-') && glued(d, k + 1)))
					if (!(k > j && ispunc(d, k - 1, '-')))
						return 0;
		}
	}
	return 0;
}

static int
percent_or_quantity(struct ent_doc *d, size_t i, size_t *next)
{
	size_t j, k, unit = 0, end;
	double v;
	int iw, nd, cw;
	const char *code;
	struct ent *e;

	if ((j = number_at(d, i, &v, 0, &iw, &nd)) == 0)
		return 0;
	if (iw && !(d->tk.t[i].f & NT_TF_LOWER1) && !(d->tf[i] & TF_SENT))
		return 0;
	/* percent */
	end = 0;
	if (ispunc(d, j, '%') || isword(d, j, W_PERCENT) ||
	    isword(d, j, W_PCT))
		end = j + 1;
	else if (j + 1 < d->tk.n && TOKN(d, j) == 3 &&
	    memcmp(TOKP(d, j), "per", 3) == 0 && d->word[j + 1] == W_CENT)
		end = j + 2;
	if (end) {
		e = ent_add(d, NT_ET_PERCENT, i, end);
		e->value = v;
		e->hasval = 1;
		put_norm_num(d, e, "", "%");
		*next = end;
		return 1;
	}
	/* money: "47 million Canadian dollars", "5.93 mln dlrs" */
	for (k = j; k < j + 3 && k < d->tk.n; k++) {
		if ((cw = cur_word(d, k)) >= 0) {
			size_t ms = k;

			code = ent_currencies[cw].code;
			if (k > j) {
				const char *mc = modified_code(d, k, code, &ms);

				if (mc == NULL || ms != j)
					break;
				code = mc;
			}
			/* "won" and "real" are words too */
			if ((strcmp(ent_currencies[cw].word, "won") == 0 ||
			    strcmp(ent_currencies[cw].word, "real") == 0 ||
			    strcmp(ent_currencies[cw].word, "marks") == 0 ||
			    strcmp(ent_currencies[cw].word, "rand") == 0) &&
			    k == j && nd > 0 && v < 1000)
				break;
			e = ent_add(d, NT_ET_MONEY, i, k + 1);
			e->value = v;
			e->hasval = 1;
			memcpy(e->cur, code, 4);
			put_money_norm(d, e);
			*next = k + 1;
			return 1;
		}
	}
	/* quantity; "Leopard 2 tanks": a number inside a name is not one */
	if (i > 0 && d->tk.t[i].kind == NT_TOK_NUM &&
	    d->tk.t[i - 1].kind == NT_TOK_WORD &&
	    (d->tk.t[i - 1].f & NT_TF_UPPER1) && !(d->tf[i - 1] & TF_SENT) &&
	    !(d->word[i - 1] > W_MONTH0 && d->word[i - 1] <= W_MONTH0 + 12))
		return 0;
	if ((end = unit_after(d, j, v, &unit)) != 0) {
		e = ent_add(d, NT_ET_QUANTITY, i, end);
		e->value = v;
		e->hasval = 1;
		e->unit = ent_str(d, TOKP(d, unit), TOKN(d, unit));
		/* the words between may hold a name: "14 Leopard 2 tanks" */
		for (k = j; k < unit; k++)
			d->tf[k] &= (uint8_t)~TF_USED;
		*next = end;
		return 1;
	}
	return 0;
}

/* --- dates -------------------------------------------------------------- */

static int
month_of(const struct ent_doc *d, size_t i)
{
	uint16_t w;

	if (i >= d->tk.n || !free_tok(d, i))
		return 0;
	w = d->word[i];
	if (w > W_MONTH0 && w <= W_MONTH0 + 12 &&
	    (d->tk.t[i].f & NT_TF_UPPER1))
		return w - W_MONTH0;
	return 0;
}

static int
small_int(const struct ent_doc *d, size_t i, int lo, int hi)
{
	const char *p;
	size_t n, k;
	int v = 0;

	if (i >= d->tk.n || d->tk.t[i].kind != NT_TOK_NUM || !free_tok(d, i))
		return -1;
	p = TOKP(d, i);
	n = TOKN(d, i);
	if (n > 4)
		return -1;
	for (k = 0; k < n; k++) {
		if (p[k] < '0' || p[k] > '9')
			return -1;
		v = v * 10 + (p[k] - '0');
	}
	return v >= lo && v <= hi ? v : -1;
}

/* Skip an ordinal suffix glued to a day number ("21st"). */
static size_t
ordinal(const struct ent_doc *d, size_t j)
{
	const char *p;

	if (j < d->tk.n && glued(d, j) && d->tk.t[j].kind == NT_TOK_WORD &&
	    TOKN(d, j) == 2) {
		p = TOKP(d, j);
		if ((p[0] == 's' && p[1] == 't') || (p[0] == 'n' &&
		    p[1] == 'd') || (p[0] == 'r' && p[1] == 'd') ||
		    (p[0] == 't' && p[1] == 'h'))
			return j + 1;
	}
	return j;
}

/* The year nearest the record's date for a month and day. */
static int
guess_year(const struct ent_doc *d, int m, int dd)
{
	long ref = d->refday, best = -1, dist;
	int y, by = d->year;

	for (y = d->year - 1; y <= d->year + 1; y++) {
		dist = labs(ent_days(y, m, dd) - ref);
		if (best < 0 || dist < best) {
			best = dist;
			by = y;
		}
	}
	return by;
}

static void
date_ymd(struct ent_doc *d, struct ent *e, long days)
{
	int y, m, dd;

	ent_civil(days, &y, &m, &dd);
	put_val(d, e, V_YMD, y, m, dd);
}

static void
date_week(struct ent_doc *d, struct ent *e, long days)
{
	int wd = (int)(((days % 7) + 7 + 3) % 7), y, m, dd;
	long thu = days - wd + 3, jan1;

	ent_civil(thu, &y, &m, &dd);
	jan1 = ent_days(y, 1, 1);
	put_val(d, e, V_WEEK, y, (int)((thu - jan1) / 7 + 1), 0);
}

static int
absolute_date(struct ent_doc *d, size_t i, size_t *next)
{
	int m, dd = -1, y = -1;
	size_t j = i, s = i;
	struct ent *e;

	if ((m = month_of(d, i)) != 0) {
		j = i + 1;
		if (ispunc(d, j, '.') && glued(d, j))
			j++;
		if ((dd = small_int(d, j, 1, 31)) > 0) {
			j = ordinal(d, j + 1);
			if (ispunc(d, j, ',') && small_int(d, j + 1, 1000,
			    2999) > 0)
				j++;
			if ((y = small_int(d, j, 1000, 2999)) > 0)
				j++;
		} else if ((y = small_int(d, j, 1000, 2999)) > 0) {
			j++;
		} else {
			/* "in April", "early March": a month alone */
			uint16_t pw = i > 0 ? d->word[i - 1] : 0;

			if (m == 5 && pw != W_IN)
				return 0;
			if (pw != W_IN && pw != W_EARLY && pw != W_LATE &&
			    pw != W_MID && pw != W_LAST && pw != W_NEXT &&
			    pw != W_THIS && pw != W_OF && pw != W_BY &&
			    !(i > 0 && d->tk.t[i - 1].kind == NT_TOK_WORD &&
			    TOKN(d, i - 1) == 5 &&
			    memcmp(TOKP(d, i - 1), "since", 5) == 0) &&
			    !(i > 0 && TOKN(d, i - 1) == 5 &&
			    memcmp(TOKP(d, i - 1), "until", 5) == 0))
				return 0;
			j = i + 1;
			if (j + 1 < d->tk.n && d->word[j + 1] == W_YEAR &&
			    free_tok(d, j) && free_tok(d, j + 1) &&
			    (d->word[j] == W_LAST || d->word[j] == W_THIS ||
			    d->word[j] == W_NEXT)) {
				if (d->hasdate)
					y = d->year + (d->word[j] == W_LAST ?
					    -1 : d->word[j] == W_NEXT ? 1 : 0);
				j += 2;
			}
		}
		/* a weekday before: "Friday, July 21, 2017" */
		if (i >= 2 && ispunc(d, i - 1, ',') &&
		    d->word[i - 2] >= W_WDAY0 && d->word[i - 2] < W_WDAY0 + 7
		    && free_tok(d, i - 2))
			s = i - 2;
	} else if ((dd = small_int(d, i, 1, 31)) > 0) {
		j = ordinal(d, i + 1);
		if ((m = month_of(d, j)) == 0)
			return 0;
		j++;
		if ((y = small_int(d, j, 1000, 2999)) > 0)
			j++;
	} else if ((y = small_int(d, i, 1900, 2099)) > 0 && TOKN(d, i) == 4) {
		/* 2023-01-17 */
		if (ispunc(d, i + 1, '-') && glued(d, i + 1) &&
		    (m = small_int(d, i + 2, 1, 12)) > 0 && glued(d, i + 2) &&
		    ispunc(d, i + 3, '-') && glued(d, i + 3) &&
		    (dd = small_int(d, i + 4, 1, 31)) > 0 && glued(d, i + 4) &&
		    TOKN(d, i + 4) == 2) {
			j = i + 5;
		} else {
			uint16_t pw = i > 0 ? d->word[i - 1] : 0;

			if (pw != W_IN && pw != W_OF && pw != W_BY &&
			    pw != W_EARLY && pw != W_LATE && pw != W_MID &&
			    pw != W_FROM && pw != W_TO && !(i > 0 &&
			    ((TOKN(d, i - 1) == 5 &&
			    (memcmp(TOKP(d, i - 1), "since", 5) == 0 ||
			    memcmp(TOKP(d, i - 1), "until", 5) == 0)) ||
			    (TOKN(d, i - 1) == 6 &&
			    memcmp(TOKP(d, i - 1), "fiscal", 6) == 0))))
				return 0;
			if (i + 1 < d->tk.n && (ispunc(d, i + 1, '%') ||
			    isplural(d, i + 1)))
				return 0;
			m = 0;
			dd = -1;
			j = i + 1;
		}
	} else
		return 0;
	e = ent_add(d, NT_ET_DATE, s, j);
	if (y < 0 && d->hasdate && m > 0)
		y = dd > 0 ? guess_year(d, m, dd) : d->year;
	if (y > 0 && m > 0 && dd > 0)
		put_val(d, e, V_YMD, y, m, dd);
	else if (y > 0 && m > 0)
		put_val(d, e, V_YM, y, m, 0);
	else if (y > 0)
		put_val(d, e, V_Y, y, 0, 0);
	else if (dd > 0)
		put_val(d, e, V_MD, 0, m, dd);
	else
		put_val(d, e, V_M, 0, m, 0);
	*next = j;
	return 1;
}

static int
relative_date(struct ent_doc *d, size_t i, size_t *next)
{
	uint16_t w = d->word[i], w2;
	long ref;
	struct ent *e;
	int delta, y, m, dd, n;
	size_t j;
	double v;

	if (!(w >= W_WDAY0 && w < W_WDAY0 + 7) && w != W_TODAY &&
	    w != W_YESTERDAY && w != W_TOMORROW && w != W_TONIGHT &&
	    w != W_LAST && w != W_NEXT && w != W_THIS &&
	    d->tk.t[i].kind != NT_TOK_NUM && word_value(w, &v) == 0)
		return 0;
	ref = d->hasdate ? d->refday : 0;
	if (w >= W_WDAY0 && w < W_WDAY0 + 7) {
		int wd = w - W_WDAY0, last = 0, nxt = 0;
		size_t s = i;

		if (!(d->tk.t[i].f & NT_TF_UPPER1))
			return 0;
		if (i > 0 && free_tok(d, i - 1) && (d->word[i - 1] == W_LAST ||
		    d->word[i - 1] == W_NEXT || d->word[i - 1] == W_THIS)) {
			last = d->word[i - 1] == W_LAST;
			nxt = d->word[i - 1] == W_NEXT;
			s = i - 1;
		}
		e = ent_add(d, NT_ET_DATE, s, i + 1);
		if (d->hasdate) {
			if (nxt) {
				delta = (wd - d->wday + 7) % 7;
				if (delta == 0)
					delta = 7;
				date_ymd(d, e, ref + delta);
			} else {
				delta = (d->wday - wd + 7) % 7;
				if (delta == 0 && last)
					delta = 7;
				date_ymd(d, e, ref - delta);
			}
		}
		*next = i + 1;
		return 1;
	}
	if (w == W_TODAY || w == W_YESTERDAY || w == W_TOMORROW ||
	    w == W_TONIGHT) {
		e = ent_add(d, NT_ET_DATE, i, i + 1);
		if (d->hasdate)
			date_ymd(d, e, ref + (w == W_YESTERDAY ? -1 :
			    w == W_TOMORROW ? 1 : 0));
		*next = i + 1;
		return 1;
	}
	if ((w == W_LAST || w == W_NEXT || w == W_THIS) && i + 1 < d->tk.n &&
	    free_tok(d, i + 1)) {
		w2 = d->word[i + 1];
		n = w == W_LAST ? -1 : w == W_NEXT ? 1 : 0;
		if (w2 != W_WEEK && w2 != W_MONTH && w2 != W_YEAR &&
		    w2 != W_WEEKEND)
			return 0;
		e = ent_add(d, NT_ET_DATE, i, i + 2);
		if (d->hasdate) {
			if (w2 == W_WEEK || w2 == W_WEEKEND)
				date_week(d, e, ref + 7 * n);
			else if (w2 == W_MONTH) {
				m = d->mon + n;
				y = d->year;
				if (m < 1) {
					m = 12;
					y--;
				} else if (m > 12) {
					m = 1;
					y++;
				}
				put_val(d, e, V_YM, y, m, 0);
			} else
				put_val(d, e, V_Y, d->year + n, 0, 0);
		}
		*next = i + 2;
		return 1;
	}
	/* "three days ago", "2 weeks ago" */
	if (!((i + 2 < d->tk.n && d->word[i + 2] == W_AGO) ||
	    (i + 3 < d->tk.n && d->word[i + 3] == W_AGO) ||
	    (i + 4 < d->tk.n && d->word[i + 4] == W_AGO)))
		return 0;
	if ((j = number_at(d, i, &v, 0, &n, &dd)) != 0 && j + 1 < d->tk.n &&
	    d->word[j + 1] == W_AGO && v >= 1 && v < 1000 &&
	    (d->word[j] == W_DAYS || d->word[j] == W_WEEKS ||
	    d->word[j] == W_MONTHS || d->word[j] == W_YEARS)) {
		e = ent_add(d, NT_ET_DATE, i, j + 2);
		if (d->hasdate) {
			if (d->word[j] == W_DAYS)
				date_ymd(d, e, ref - (long)v);
			else if (d->word[j] == W_WEEKS)
				date_week(d, e, ref - 7 * (long)v);
			else if (d->word[j] == W_MONTHS) {
				long mm = (long)d->year * 12 + d->mon - 1 -
				    (long)v;
				put_val(d, e, V_YM, (int)(mm / 12),
				    (int)(mm % 12) + 1, 0);
			} else
				put_val(d, e, V_Y, d->year - (int)v, 0, 0);
		}
		*next = j + 2;
		return 1;
	}
	return 0;
}

static int
time_at(struct ent_doc *d, size_t i, size_t *next)
{
	int h, mi = 0;
	size_t j;
	uint16_t w;
	struct ent *e;

	if (d->word[i] == W_NOON || d->word[i] == W_MIDNIGHT) {
		if (!(d->tk.t[i].f & NT_TF_LOWER1))
			return 0;
		e = ent_add(d, NT_ET_TIME, i, i + 1);
		put_val(d, e, V_HM, d->word[i] == W_NOON ? 12 : 0, 0, 0);
		*next = i + 1;
		return 1;
	}
	if ((h = small_int(d, i, 0, 24)) < 0 || TOKN(d, i) > 2)
		return 0;
	j = i + 1;
	if (ispunc(d, j, ':') && glued(d, j) && glued(d, j + 1) &&
	    (mi = small_int(d, j + 1, 0, 59)) >= 0 && TOKN(d, j + 1) == 2)
		j += 2;
	else
		mi = -1;
	w = j < d->tk.n ? d->word[j] : 0;
	if ((w == W_AM || w == W_PM) && free_tok(d, j) && h >= 1 && h <= 12) {
		if (w == W_PM && h != 12)
			h += 12;
		if (w == W_AM && h == 12)
			h = 0;
		j++;
		if (mi < 0)
			mi = 0;
	} else if (mi < 0)
		return 0;
	else if (i > 0 && ispunc(d, i - 1, ':'))
		return 0;
	if (j < d->tk.n && (d->word[j] == W_GMT || d->word[j] == W_UTC))
		j++;
	e = ent_add(d, NT_ET_TIME, i, j);
	put_val(d, e, V_HM, h, mi, 0);
	*next = j;
	return 1;
}

void
ent_values(struct ent_doc *d)
{
	size_t i, next;
	const struct nt_tok *t;
	uint16_t w;
	double v;

	for (i = 0; i < d->tk.n; i++) {
		t = &d->tk.t[i];
		if (d->tf[i] & TF_USED)
			continue;
		next = i + 1;
		if (t->kind == NT_TOK_PUNCT) {
			if (symbol_code(t->cp) && money(d, i, &next))
				i = next - 1;
			continue;
		}
		w = d->word[i];
		if (t->kind == NT_TOK_WORD) {
			/* only some words can start a value */
			if (w == W_NONE)
				continue;
			if (w > W_MONTH0 && w <= W_MONTH0 + 12) {
				if (absolute_date(d, i, &next))
					i = next - 1;
				continue;
			}
			if (w >= W_CUR0 && w < W_CUR0 + ent_ncurrencies) {
				if (money(d, i, &next))
					i = next - 1;
				continue;
			}
			if (w == W_NOON || w == W_MIDNIGHT) {
				if (time_at(d, i, &next))
					i = next - 1;
				continue;
			}
			if (relative_date(d, i, &next) || (word_value(w, &v) &&
			    percent_or_quantity(d, i, &next)))
				i = next - 1;
			continue;
		}
		if (absolute_date(d, i, &next) || relative_date(d, i, &next) ||
		    time_at(d, i, &next) || percent_or_quantity(d, i, &next))
			i = next - 1;
	}
}
