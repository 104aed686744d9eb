/*
 * entint: what the entity modules share and nobody else sees.
 *
 * One struct ent_doc holds a record's tokens, the per-token evidence and
 * the entities found so far; ent.c fills and writes it, entname.c adds
 * names, entval.c values, entquote.c quotations, entnorm.c the canonical
 * names.  It is reused from record to record and owned by the struct
 * nt_ents that ent.h hands out.  One thread per struct.
 */
#ifndef NT_ENTINT_H
#define NT_ENTINT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "text/gaz.h"
#include "text/tok.h"

/* Words the value and context rules look for, by id. */
enum {
	W_NONE,
	/* numbers */
	W_ZERO, W_ONE, W_TWO, W_THREE, W_FOUR, W_FIVE, W_SIX, W_SEVEN,
	W_EIGHT, W_NINE, W_TEN, W_ELEVEN, W_TWELVE, W_THIRTEEN, W_FOURTEEN,
	W_FIFTEEN, W_SIXTEEN, W_SEVENTEEN, W_EIGHTEEN, W_NINETEEN,
	W_TWENTY, W_THIRTY, W_FORTY, W_FIFTY, W_SIXTY, W_SEVENTY, W_EIGHTY,
	W_NINETY, W_HUNDRED, W_DOZEN,
	/* scales */
	W_THOUSAND, W_MILLION, W_BILLION, W_TRILLION,
	/* percent */
	W_PERCENT, W_PCT, W_CENT,
	/* relative dates */
	W_TODAY, W_YESTERDAY, W_TOMORROW, W_LAST, W_NEXT, W_THIS, W_WEEK,
	W_MONTH, W_YEAR, W_AGO, W_DAYS, W_WEEKS, W_MONTHS, W_YEARS,
	W_EARLY, W_LATE, W_MID, W_TONIGHT, W_WEEKEND,
	/* times */
	W_AM, W_PM, W_NOON, W_MIDNIGHT, W_OCLOCK, W_GMT, W_UTC,
	/* context */
	W_IN, W_AT, W_NEAR, W_FROM, W_TO, W_OF, W_THE, W_AND, W_ON,
	W_BY, W_ACCORDING, W_WHO, W_WHICH, W_FOR, W_A, W_AN, W_WITH,
	W_HE, W_SHE, W_THEY, W_IT, W_I, W_WE, W_MORE, W_THAN, W_ABOUT,
	W_SOME, W_NEARLY, W_ALMOST, W_AROUND, W_OVER, W_UNDER, W_LEAST,
	W_UP, W_CITY, W_VIA, W_ACROSS, W_OUTSIDE, W_INSIDE, W_INTO,
	W_THROUGHOUT, W_WITHIN, W_TOWARD, W_BETWEEN, W_AMONG, W_BASED,
	W_VISIT, W_VISITED, W_CAPITAL, W_TOWN, W_VILLAGE, W_REGION,
	W_PROVINCE, W_COUNTRY, W_STATE,
	W_SPORT, W_PLAY, W_NOTPLURAL,	/* sports words; words of playing (entnorm.c) */
	W_NMAX
};

/* Months are 1..12 at W_MONTH0 + n, weekdays 0..6 (Monday 0). */
#define W_MONTH0	200
#define W_WDAY0		220
/* Currencies at W_CUR0 + index into the currency table. */
#define W_CUR0		300
/* Scales written short (bn, mln, m, k) at W_SCALE0 + power of ten. */
#define W_SCALE0	400
/* Units of measure (km, tonnes) at W_UNIT0 + index. */
#define W_UNIT0		500

/* Per-token flags computed before recognition. */
#define TF_SENT		0x01	/* first word of a sentence */
#define TF_HEAD		0x02	/* in a line set in capitals or title case */
#define TF_USED		0x04	/* inside an entity already */
#define TF_CAPSLINE	0x08	/* in a line set in capitals */
#define TF_QUOTE	0x10	/* inside a quotation */

struct ent {
	uint32_t	 type;
	size_t		 tb, te;	/* token span [tb, te) */
	size_t		 cb, ce;	/* code-point span */
	size_t		 b, e;		/* byte span */
	long		 norm;		/* offset in doc strs, or -1 */
	long		 unit;		/* quantity unit: offset in strs, or -1 */
	long		 sval;		/* date/time value: offset in strs, or -1 */
	double		 value;
	int		 hasval;
	char		 cur[4];	/* money: ISO 4217 */
	int		 strong;	/* typed by evidence, not by guessing */
	int		 title;		/* a title or role came before it */
	int		 dead;
	long		 expl;		/* --explain: JSON in strs, or -1 */
	long		 geo;		/* --geo: index of its place, or -1 */
};

struct quote {
	size_t		 cb, ce;	/* the quoted text, inside the marks */
	size_t		 b, e;
	size_t		 tb, te;
	long		 speaker;	/* offset in strs, or -1 */
	long		 snorm;
	int		 sent;		/* speaker found */
};

/* A capitalised name the name rules could not type on the spot. */
struct cand {
	size_t		 tb, te;
	uint32_t	 guess;		/* a type to fall back on, or NONE */
	int		 say;		/* a verb of saying follows */
};

struct ent_doc {
	const char	*s;
	size_t		 n;
	struct nt_toks	 tk;
	uint32_t	*cls;		/* lexicon classes of each token */
	uint32_t	*node;		/* trie node of each token alone */
	uint16_t	*word;		/* W_* id of each token */
	uint8_t		*tf;		/* TF_* */
	size_t		 cap;
	struct ent	*e;
	size_t		 ne, ecap;
	struct quote	*q;
	size_t		 nq, qcap;
	struct cand	*c;
	size_t		 nc, ccap;
	struct nt_buf	 strs;
	struct nt_buf	 tmp;
	/* entquote.c: by token, the first person or organisation that
	 * starts there, that ends there, and the last person ended by
	 * then (an index into e, or -1); tk.n + 1 of each. */
	long		*qstart, *qend, *qlastp;
	size_t		 qcap2;
	int		 hasdate;
	int		 year, mon, mday, wday;
	long		 refday;	/* the record's date as days since 1970 */
	size_t		 nsport;	/* sports words seen (W_SPORT) */
	const struct nt_gaz *gaz;
	const unsigned char *want;	/* types asked for, by id */
	size_t		 nwant;
};

/* Small hash map from token hash to W_* id (ent.c). */
uint16_t	 ent_word(uint64_t h);

struct ent	*ent_add(struct ent_doc *, uint32_t type, size_t tb, size_t te);
/* Make e span tokens tb to te (exclusive): their bytes and characters. */
void		 ent_span(const struct ent_doc *, struct ent *e, size_t tb,
		    size_t te);
long		 ent_str(struct ent_doc *, const char *, size_t);
/* Is type id wanted in the output? */
int		 ent_want(const struct ent_doc *, uint32_t type);
/* Text of token i. */
#define TOKP(d, i)	((d)->s + (d)->tk.t[i].b)
#define TOKN(d, i)	((d)->tk.t[i].e - (d)->tk.t[i].b)

void		 ent_values(struct ent_doc *);
void		 ent_names(struct ent_doc *);
void		 ent_norms(struct ent_doc *);
/* One canonical name (norm) for every name that has none yet. */
void		 ent_canon(struct ent_doc *);
void		 ent_quotes(struct ent_doc *);
/* What the record's language (may be NULL) changes: entlang.c. */
void		 ent_lang(struct ent_doc *, const char *lang);
/* Days since 1970-01-01 and back; weekday of a day number (Monday 0). */
long		 ent_days(int y, int m, int d);
void		 ent_civil(long days, int *y, int *m, int *d);

#endif
