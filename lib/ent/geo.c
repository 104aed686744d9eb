/*
 * geo: the gazetteer and the choice among the places of one name.
 *
 * The file is read whole and kept: entries point into it.  Every name
 * of every entry is folded and hashed (XXH3) into one array of (hash,
 * entry) pairs sorted by hash, so the candidates of a name are one
 * binary search and a short run; regions are found by their code the
 * same way, countries by their two letters in a 26 x 26 table.
 *
 * The choice is a score per candidate in log space: the log of its
 * population (countries weighted up, as news names a country far more
 * often than a town of the same name), plus a bonus for the share of
 * the document's other confident places in its country and in its
 * region, plus one when the record's source or language points at its
 * country.  The scores become weights (exp), and a mention is given the
 * country holding most of its weight, and the place itself when that
 * place holds most of it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#include <xxhash.h>

#include "core/buf.h"
#include "core/util.h"
#include "ent/geo.h"

/* Log-space weights of the evidence (see the comment above). */
#define W_COUNTRY	log(10.0)	/* a country over a place */
/* A region's population is that of all its towns: a tenth of it stands
 * against a town of the same name ("New York", "Washington"). */
#define W_REGION	log(0.1)
#define W_CAPITAL	log(3.0)	/* a national capital */
#define W_SEAT		log(1.5)	/* the seat of a region */
#define W_DOCCOUNTRY	2.5		/* times the share of the document */
#define W_DOCREGION	2.5
#define W_SOURCE	2.0
/* What "most of the weight" is. */
#define P_COUNTRY	0.6
#define P_PLACE		0.5
/* Past this many words a qualifier is not looked for. */
#define QUAL_WORDS	4

struct entry {
	uint8_t		 kind;		/* enum nt_geokind */
	uint8_t		 rank;		/* a place: 2 capital, 1 seat, 0 other */
	char		 cc[3];
	const char	*code;		/* "US.TX" for regions and places */
	const char	*name;		/* the first name, NUL-terminated */
	long		 id;
	double		 lat, lon;
	double		 pop;
	int32_t		 region;	/* a place's region entry, or -1 */
};

struct key {
	uint64_t	 h;
	uint32_t	 e;
};

struct nt_geo {
	char		*data;		/* the file, its tabs made NULs */
	size_t		 len;
	struct entry	*e;
	size_t		 ne, ecap;
	struct key	*names;		/* folded name -> entry */
	size_t		 nnames, ncap;
	struct key	*codes;		/* region code -> entry */
	size_t		 ncodes, codecap;
	int32_t		 country[26 * 26];
};

/* ---- folding ---- */

/*
 * Letters that have no decomposition to strip a mark from, written as
 * their plain Latin letters (Adıyaman, Łódź, Tromsø): two bytes each.
 */
static int
bare(const utf8proc_uint8_t *p, struct nt_buf *out)
{
	static const struct {
		const char	*utf8;
		const char	*plain;
	} t[] = {
		{ "\xc4\xb1", "i" }, { "\xc5\x82", "l" }, { "\xc3\xb8", "o" },
		{ "\xc4\x91", "d" }, { "\xc3\xa6", "ae" }, { "\xc5\x93", "oe" },
		{ "\xc3\xbe", "th" }, { "\xc4\xa7", "h" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (memcmp(p, t[i].utf8, 2) == 0) {
			nt_buf_adds(out, t[i].plain);
			return 1;
		}
	return 0;
}

/*
 * The form names are compared in: case and marks folded, full stops
 * dropped, hyphens and runs of white space one space, an initial
 * "the " dropped ("the Netherlands").
 */
static void
fold(const char *s, size_t n, struct nt_buf *out)
{
	utf8proc_uint8_t *f = NULL;
	utf8proc_ssize_t fl;
	size_t i;
	int space = 1;

	nt_buf_reset(out);
	fl = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
	    &f, UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
	if (fl < 0) {
		nt_buf_add(out, s, n);
		return;
	}
	for (i = 0; i < (size_t)fl; i++) {
		int c = f[i];

		if (c == '.')
			continue;
		if (c == '-' || c == ' ' || c == '\t' || c == '\n') {
			if (!space)
				nt_buf_addc(out, ' ');
			space = 1;
			continue;
		}
		if (c >= 0xc2 && i + 1 < (size_t)fl && bare(f + i, out)) {
			i++;
			space = 0;
			continue;
		}
		if (c == 0xe2 && i + 2 < (size_t)fl && f[i + 1] == 0x80 &&
		    (f[i + 2] == 0x98 || f[i + 2] == 0x99)) {
			nt_buf_addc(out, '\'');	/* typographic apostrophe */
			i += 2;
			space = 0;
			continue;
		}
		nt_buf_addc(out, c);
		space = 0;
	}
	free(f);
	while (out->len > 0 && out->p[out->len - 1] == ' ')
		out->len--;
	out->p[out->len] = '\0';
	if (out->len > 4 && memcmp(out->p, "the ", 4) == 0) {
		memmove(out->p, out->p + 4, out->len - 4 + 1);
		out->len -= 4;
	}
}

static uint64_t
fold_hash(const char *s, size_t n, struct nt_buf *tmp)
{
	fold(s, n, tmp);
	return XXH3_64bits(tmp->p, tmp->len);
}

/* ---- loading ---- */

static void
add_key(struct key **k, size_t *nk, size_t *cap, uint64_t h, size_t e)
{
	if (*nk == *cap) {
		*cap = *cap ? *cap * 2 : 4096;
		*k = nt_ereallocarray(*k, *cap, sizeof(**k));
	}
	(*k)[*nk].h = h;
	(*k)[(*nk)++].e = (uint32_t)e;
}

static int
keycmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->e < y->e ? -1 : x->e > y->e;
}

/* Split line at tabs into f[0..max); the number of fields. */
static size_t
fields(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *t;

	f[n++] = line;
	while (n < max && (t = strchr(f[n - 1], '\t')) != NULL) {
		*t = '\0';
		f[n++] = t + 1;
	}
	return n;
}

static int
country_index(const char *cc)
{
	if (cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
		return -1;
	return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

/* One line "kind id code lat lon population names"; 0 or -1. */
static int
load_line(struct nt_geo *g, char *line, struct nt_buf *tmp)
{
	char *f[7], *name, *bar;
	struct entry *e;
	int ci;

	if (line[0] == '#' || line[0] == '\0')
		return 0;
	if (fields(line, f, 7) != 7 || strlen(f[0]) != 1 ||
	    strchr("crpPS", f[0][0]) == NULL || strlen(f[2]) < 2)
		return -1;
	if (g->ne == g->ecap) {
		g->ecap = g->ecap ? g->ecap * 2 : 4096;
		g->e = nt_ereallocarray(g->e, g->ecap, sizeof(*g->e));
	}
	e = &g->e[g->ne];
	e->kind = f[0][0] == 'c' ? NT_GEO_COUNTRY : f[0][0] == 'r' ?
	    NT_GEO_REGION : NT_GEO_PLACE;
	e->rank = f[0][0] == 'P' ? 2 : f[0][0] == 'S' ? 1 : 0;
	memcpy(e->cc, f[2], 2);
	e->cc[2] = '\0';
	e->code = e->kind == NT_GEO_COUNTRY ? NULL : f[2];
	e->id = strtol(f[1], NULL, 10);
	e->lat = strtod(f[3], NULL);
	e->lon = strtod(f[4], NULL);
	e->pop = strtod(f[5], NULL);
	e->region = -1;
	e->name = f[6];
	if ((ci = country_index(e->cc)) < 0)
		return -1;
	if (e->kind == NT_GEO_COUNTRY)
		g->country[ci] = (int32_t)g->ne;
	if (e->kind == NT_GEO_REGION)
		add_key(&g->codes, &g->ncodes, &g->codecap,
		    XXH3_64bits(e->code, strlen(e->code)), g->ne);
	for (name = f[6]; name != NULL; name = bar) {
		if ((bar = strchr(name, '|')) != NULL)
			*bar++ = '\0';
		add_key(&g->names, &g->nnames, &g->ncap,
		    fold_hash(name, strlen(name), tmp), g->ne);
	}
	g->ne++;
	return 0;
}

static const struct key *
find(const struct key *k, size_t n, uint64_t h, size_t *count)
{
	size_t lo = 0, hi = n, i;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k[mid].h < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < n && k[i].h == h; i++)
		;
	*count = i - lo;
	return k + lo;
}

/* Each place learns its region entry, once every region is read. */
static void
link_regions(struct nt_geo *g)
{
	size_t i, n;
	const struct key *k;

	qsort(g->names, g->nnames, sizeof(*g->names), keycmp);
	qsort(g->codes, g->ncodes, sizeof(*g->codes), keycmp);
	for (i = 0; i < g->ne; i++) {
		struct entry *e = &g->e[i];

		if (e->kind != NT_GEO_PLACE)
			continue;
		k = find(g->codes, g->ncodes, XXH3_64bits(e->code,
		    strlen(e->code)), &n);
		if (n > 0)
			e->region = (int32_t)k->e;
	}
}

static int
read_all(const char *path, struct nt_geo *g, struct nt_buf *err)
{
	FILE *fp;
	struct nt_buf b = NT_BUF_INIT;
	char chunk[65536];
	size_t n;

	if ((fp = fopen(path, "r")) == NULL) {
		nt_buf_printf(err, "%s: cannot open", path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		nt_buf_add(&b, chunk, n);
	if (ferror(fp)) {
		fclose(fp);
		nt_buf_free(&b);
		nt_buf_printf(err, "%s: read error", path);
		return -1;
	}
	fclose(fp);
	nt_buf_grow(&b, 0);
	g->data = b.p;
	g->len = b.len;
	return 0;
}

struct nt_geo *
nt_geo_load(const char *path, struct nt_buf *err)
{
	struct nt_buf where = NT_BUF_INIT, tmp = NT_BUF_INIT;
	struct nt_geo *g = nt_ecalloc(1, sizeof(*g));
	char *line, *nl;
	size_t lineno = 0;

	nt_buf_reset(err);
	if (path == NULL) {
		if (nt_datapath("nentities/geo.tsv", &where) < 0) {
			nt_buf_add(err, where.p, where.len);
			goto fail;
		}
		path = where.p;
	}
	if (read_all(path, g, err) < 0)
		goto fail;
	memset(g->country, 0xff, sizeof(g->country));
	for (line = g->data; line < g->data + g->len; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(g->data + g->len -
		    line))) == NULL)
			nl = g->data + g->len;
		*nl = '\0';
		lineno++;
		if (load_line(g, line, &tmp) < 0) {
			nt_buf_printf(err, "%s:%zu: not a gazetteer line "
			    "(kind, id, code, lat, lon, population, names)",
			    path, lineno);
			goto fail;
		}
	}
	link_regions(g);
	nt_buf_free(&where);
	nt_buf_free(&tmp);
	return g;
fail:
	nt_buf_free(&where);
	nt_buf_free(&tmp);
	nt_geo_free(g);
	return NULL;
}

void
nt_geo_free(struct nt_geo *g)
{
	if (g == NULL)
		return;
	free(g->data);
	free(g->e);
	free(g->names);
	free(g->codes);
	free(g);
}

size_t
nt_geo_size(const struct nt_geo *g)
{
	return sizeof(*g) + g->len + g->ecap * sizeof(*g->e) +
	    g->ncap * sizeof(*g->names) + g->codecap * sizeof(*g->codes);
}

const char *
nt_geo_why(enum nt_geowhy w)
{
	static const char *const why[] = { "none", "only", "qualifier",
	    "document", "source", "population" };

	return why[w];
}

/* ---- resolution ---- */

struct cand {
	uint32_t	 e;
	double		 prior;		/* population and kind */
	double		 score;
	double		 p;
};

struct mention {
	size_t		 c0, nc;	/* its candidates in the cands array */
	int		 qualified;
	int		 confident;	/* counts as context for the others */
	int32_t		 ctxcountry;	/* country index it lends, or -1 */
	int32_t		 ctxregion;	/* region entry it lends, or -1 */
	double		 ctxweight;	/* how much it lends */
};

struct work {
	const struct nt_geo *g;
	struct cand	*c;
	size_t		 nc, ccap;
	struct mention	*m;
	struct nt_buf	 tmp;
	double		*ccount;	/* confident mentions per country */
	double		 nconf;
	int		 src[26 * 26];	/* countries the source points at */
};

static double
prior(const struct entry *e)
{
	double w = log(e->pop + 1000.0);

	if (e->kind == NT_GEO_COUNTRY)
		w += W_COUNTRY;
	else if (e->kind == NT_GEO_REGION)
		w += W_REGION;
	else if (e->rank == 2)
		w += W_CAPITAL;
	else if (e->rank == 1)
		w += W_SEAT;
	return w;
}

/* Append the entries named s[0..n) as candidates; how many. */
static size_t
lookup(struct work *w, const char *s, size_t n)
{
	const struct key *k;
	size_t cnt, i, j, start = w->nc;

	k = find(w->g->names, w->g->nnames, fold_hash(s, n, &w->tmp), &cnt);
	for (i = 0; i < cnt; i++) {
		/* The same entry under two names that fold alike, once. */
		for (j = start; j < w->nc && w->c[j].e != k[i].e; j++)
			;
		if (j < w->nc)
			continue;
		if (w->nc == w->ccap) {
			w->ccap = w->ccap ? w->ccap * 2 : 64;
			w->c = nt_ereallocarray(w->c, w->ccap, sizeof(*w->c));
		}
		w->c[w->nc].e = k[i].e;
		w->c[w->nc].prior = prior(&w->g->e[k[i].e]);
		w->c[w->nc].score = w->c[w->nc].prior;
		w->c[w->nc++].p = 0;
	}
	return w->nc - start;
}

/* Does entry q (a country or region) hold entry c? */
static int
holds(const struct nt_geo *g, uint32_t q, uint32_t c)
{
	const struct entry *qe = &g->e[q], *ce = &g->e[c];

	if (q == c)
		return 0;
	if (qe->kind == NT_GEO_COUNTRY)
		return memcmp(qe->cc, ce->cc, 2) == 0;
	if (qe->kind == NT_GEO_REGION)
		return ce->kind == NT_GEO_PLACE && ce->region == (int32_t)q;
	return 0;
}

/* Keep only the candidates of m that entry q holds; how many are left. */
static size_t
narrow(struct work *w, struct mention *m, uint32_t q)
{
	size_t i, k = m->c0;

	for (i = m->c0; i < m->c0 + m->nc; i++)
		if (holds(w->g, q, w->c[i].e))
			w->c[k++] = w->c[i];
	if (k > m->c0)
		m->nc = k - m->c0;
	return k - m->c0;
}

/* Where the qualifier after a mention would start: past ", ". */
static size_t
qual_start(const char *t, size_t len, size_t e)
{
	size_t i = e;

	if (i < len && t[i] == ',')
		i++;
	else
		return len;
	while (i < len && t[i] == ' ')
		i++;
	return i;
}

/* The byte length of the first k words at t[i..len), 0 if fewer. */
static size_t
words(const char *t, size_t len, size_t i, int k)
{
	size_t j = i;
	int n = 0;

	while (j < len && n < k) {
		while (j < len && t[j] != ' ' && t[j] != ',' && t[j] != '.' &&
		    t[j] != ';' && t[j] != ':' && t[j] != '\n' && t[j] != ')')
			j++;
		if (j == i)
			return 0;
		n++;
		if (n < k) {
			if (j >= len || t[j] != ' ')
				return 0;
			j++;
		}
	}
	/* "D.C." keeps its full stops. */
	while (j < len && t[j] == '.' && j + 1 < len && t[j + 1] != ' ')
		j++;
	return n == k ? j - i : 0;
}

/*
 * A country or region written after mention i (", Texas") that holds
 * some of its candidates narrows them to those; the mention that is the
 * qualifier itself, if the recogniser found one there, is placed as it.
 */
static void
qualify(struct work *w, const char *t, size_t len, const struct nt_geoq *q,
    size_t n, size_t i)
{
	struct mention *m = &w->m[i];
	size_t s = qual_start(t, len, q[i].e), l, save, k, j;
	int nw;

	if (m->nc == 0 || s >= len)
		return;
	for (nw = QUAL_WORDS; nw > 0; nw--) {
		if ((l = words(t, len, s, nw)) == 0)
			continue;
		save = w->nc;
		lookup(w, t + s, l);
		for (k = save; k < w->nc; k++) {
			uint32_t qe = w->c[k].e;

			if (w->g->e[qe].kind == NT_GEO_PLACE ||
			    narrow(w, m, qe) == 0)
				continue;
			m->qualified = 1;
			for (j = i + 1; j < n && q[j].b <= s; j++)
				if (q[j].b == s && w->m[j].nc > 0) {
					w->c[w->m[j].c0] = w->c[k];
					w->m[j].nc = 1;
					w->m[j].qualified = 1;
				}
			w->nc = save;
			return;
		}
		w->nc = save;
	}
}

/* Weights from scores: p of each candidate of m, summing to 1. */
static void
normalise(struct work *w, const struct mention *m)
{
	double top = -HUGE_VAL, sum = 0;
	size_t i;

	for (i = m->c0; i < m->c0 + m->nc; i++)
		if (w->c[i].score > top)
			top = w->c[i].score;
	for (i = m->c0; i < m->c0 + m->nc; i++)
		sum += w->c[i].p = exp(w->c[i].score - top);
	for (i = m->c0; i < m->c0 + m->nc; i++)
		w->c[i].p /= sum;
}

/* The best candidate of m and the weight of its country. */
static size_t
best(const struct work *w, const struct mention *m, double *pcountry)
{
	size_t i, b = m->c0;
	double pc = 0;

	for (i = m->c0; i < m->c0 + m->nc; i++)
		if (w->c[i].p > w->c[b].p)
			b = i;
	for (i = m->c0; i < m->c0 + m->nc; i++)
		if (memcmp(w->g->e[w->c[i].e].cc, w->g->e[w->c[b].e].cc, 2) == 0)
			pc += w->c[i].p;
	*pcountry = pc;
	return b;
}

/*
 * What the source and the language say: a country-code top-level
 * domain in the source or URL ("bbc.co.uk" is GB), and the countries
 * where a language is mostly written.
 */
static const struct {
	const char	*lang;
	const char	*cc;		/* two letters each */
} langcc[] = {
	{ "de", "DEATCH" }, { "fr", "FRBECHCA" }, { "es", "ESMXARCOCLPE" },
	{ "it", "ITCH" }, { "nl", "NLBE" }, { "pt", "PTBRAO" }, { "pl", "PL" },
	{ "ru", "RUBYKZ" }, { "uk", "UA" }, { "tr", "TR" },
};

static void
source_hints(struct work *w, const char *source, const char *lang)
{
	const char *h, *end, *dot;
	size_t i, k;
	char cc[3];
	int ci;

	memset(w->src, 0, sizeof(w->src));
	if (source != NULL) {
		h = strstr(source, "://");
		h = h ? h + 3 : source;
		end = h + strcspn(h, "/:?#");
		for (dot = end; dot > h && dot[-1] != '.'; dot--)
			;
		if (dot > h && end - dot == 2) {
			cc[0] = (char)(dot[0] & ~0x20);
			cc[1] = (char)(dot[1] & ~0x20);
			if (cc[0] == 'U' && cc[1] == 'K')
				cc[1] = 'B', cc[0] = 'G';
			if ((ci = country_index(cc)) >= 0)
				w->src[ci] = 1;
		}
	}
	if (lang == NULL)
		return;
	for (i = 0; i < sizeof(langcc) / sizeof(langcc[0]); i++)
		if (strcmp(lang, langcc[i].lang) == 0)
			for (k = 0; langcc[i].cc[k] != '\0'; k += 2)
				if ((ci = country_index(langcc[i].cc + k)) >= 0)
					w->src[ci] = 1;
}

/*
 * The context a confident mention lends the others: its country, and
 * its region when it is a place or a region.
 */
static void
lend(struct work *w, struct mention *m)
{
	const struct entry *e;
	double pc;
	size_t b;

	m->ctxcountry = m->ctxregion = -1;
	if (m->nc == 0)
		return;
	normalise(w, m);
	b = best(w, m, &pc);
	if (pc < P_COUNTRY && !m->qualified)
		return;
	e = &w->g->e[w->c[b].e];
	m->confident = 1;
	m->ctxcountry = country_index(e->cc);
	if (w->c[b].p >= P_PLACE || m->qualified)
		m->ctxregion = e->kind == NT_GEO_REGION ? (int32_t)w->c[b].e :
		    e->region;
	/*
	 * A country named says less of where the story is than a town
	 * does: stories name the countries that take part in them.
	 */
	m->ctxweight = e->kind == NT_GEO_COUNTRY ? 0.25 : 1.0;
	w->ccount[m->ctxcountry] += m->ctxweight;
	w->nconf += m->ctxweight;
}

/* The weight of the confident mentions other than self. */
static double
others(const struct work *w, size_t self)
{
	const struct mention *m = &w->m[self];

	return w->nconf - (m->confident ? m->ctxweight : 0);
}

/* Share of the other confident mentions in region r. */
static double
region_share(const struct work *w, size_t n, size_t self, int32_t r)
{
	double k = 0, all = others(w, self);
	size_t i;

	if (r < 0 || all <= 0)
		return 0;
	for (i = 0; i < n; i++)
		if (i != self && w->m[i].confident && w->m[i].ctxregion == r)
			k += w->m[i].ctxweight;
	return k / all;
}

static double
country_share(const struct work *w, size_t self, int ci)
{
	const struct mention *m = &w->m[self];
	double own = m->confident && m->ctxcountry == ci ? m->ctxweight : 0;
	double all = others(w, self);

	return all > 0 ? (w->ccount[ci] - own) / all : 0;
}

/* Score m's candidates with the evidence asked for: 0 prior, 1 +document,
 * 2 +source; the index of the best. */
static size_t
score(struct work *w, size_t n, size_t self, int upto)
{
	struct mention *m = &w->m[self];
	size_t i;
	double pc;

	for (i = m->c0; i < m->c0 + m->nc; i++) {
		const struct entry *e = &w->g->e[w->c[i].e];
		int ci = country_index(e->cc);
		int32_t r = e->kind == NT_GEO_REGION ? (int32_t)w->c[i].e :
		    e->region;

		w->c[i].score = w->c[i].prior;
		if (upto >= 1)
			w->c[i].score += W_DOCCOUNTRY * country_share(w, self,
			    ci) + W_DOCREGION * region_share(w, n, self, r);
		if (upto >= 2 && w->src[ci])
			w->c[i].score += W_SOURCE;
	}
	normalise(w, m);
	return best(w, m, &pc);
}

static void
fill(const struct work *w, const struct mention *m, size_t b,
    struct nt_geores *r)
{
	const struct entry *e = &w->g->e[w->c[b].e], *reg = NULL;
	double pc;

	best(w, m, &pc);
	if (pc < P_COUNTRY)
		return;
	memcpy(r->country, e->cc, 3);
	r->conf = pc;
	r->kind = e->kind;
	if (e->kind == NT_GEO_COUNTRY || w->c[b].p < P_PLACE)
		return;
	reg = e->kind == NT_GEO_REGION ? e : e->region >= 0 ?
	    &w->g->e[e->region] : NULL;
	r->hascoord = 1;
	r->lat = e->lat;
	r->lon = e->lon;
	r->geonames = e->kind == NT_GEO_PLACE ? e->id : 0;
	if (reg != NULL) {
		r->admin1 = reg->name;
		r->admin1code = reg->code;
	}
	r->conf = w->c[b].p;
}

/* Decide mention i and say which evidence did. */
static void
decide(struct work *w, size_t n, size_t i, struct nt_geores *r)
{
	struct mention *m = &w->m[i];
	size_t b0, b1, b2;

	memset(r, 0, sizeof(*r));
	r->kind = -1;
	if (m->nc == 0)
		return;
	b0 = score(w, n, i, 0);
	b1 = score(w, n, i, 1);
	b2 = score(w, n, i, 2);
	if (m->qualified)
		r->why = NT_GEOWHY_QUALIFIER;
	else if (m->nc == 1 || (w->c[b0].p >= 0.99 && b2 == b0))
		r->why = NT_GEOWHY_ONLY;
	else if (b2 != b0)
		r->why = b1 == b2 ? NT_GEOWHY_DOCUMENT : NT_GEOWHY_SOURCE;
	else
		r->why = NT_GEOWHY_POPULATION;
	fill(w, m, b2, r);
}

void
nt_geo_resolve(const struct nt_geo *g, const char *text, size_t len,
    const struct nt_geoq *q, size_t n, const char *source, const char *lang,
    struct nt_geores *res)
{
	struct work w;
	size_t i;

	memset(&w, 0, sizeof(w));
	w.g = g;
	w.m = nt_ecalloc(n ? n : 1, sizeof(*w.m));
	w.ccount = nt_ecalloc(26 * 26, sizeof(*w.ccount));
	for (i = 0; i < n; i++) {
		w.m[i].c0 = w.nc;
		w.m[i].nc = lookup(&w, q[i].s, q[i].n);
	}
	for (i = 0; i < n; i++)
		qualify(&w, text, len, q, n, i);
	for (i = 0; i < n; i++)
		lend(&w, &w.m[i]);
	source_hints(&w, source, lang);
	for (i = 0; i < n; i++)
		decide(&w, n, i, &res[i]);
	free(w.c);
	free(w.m);
	free(w.ccount);
	nt_buf_free(&w.tmp);
}
