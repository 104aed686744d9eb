/* Unit tests for lib/ent/geo.c: the gazetteer and the choice of place. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "ent/geo.h"
#include "t.h"

static struct nt_geo *g;

/*
 * Place the mentions of text, each given as a substring (the n-th
 * occurrence if repeated is not needed here: the first after the
 * previous mention), and check mention k's country and, when want_lat
 * is not 0, that it lies within a degree of (lat, lon).
 */
#define MAXQ 8
static struct nt_geores res[MAXQ];

static size_t
place(const char *text, const char *const *names, const char *source,
    const char *lang)
{
	struct nt_geoq q[MAXQ];
	const char *at = text;
	size_t n;

	for (n = 0; names[n] != NULL && n < MAXQ; n++) {
		const char *p = strstr(at, names[n]);

		q[n].s = p;
		q[n].n = strlen(names[n]);
		q[n].b = (size_t)(p - text);
		q[n].e = q[n].b + q[n].n;
		at = p + q[n].n;
	}
	nt_geo_resolve(g, text, strlen(text), q, n, source, lang, res);
	return n;
}

static int
near(const struct nt_geores *r, double lat, double lon)
{
	return r->hascoord && r->lat > lat - 1 && r->lat < lat + 1 &&
	    r->lon > lon - 1 && r->lon < lon + 1;
}

int
main(void)
{
	struct nt_buf err = NT_BUF_INIT;

	setenv("NTOOLS_DATA", "data", 1);
	g = nt_geo_load(NULL, &err);
	ok(g != NULL, "the gazetteer loads");
	if (g == NULL)
		return done();

	place("Talks opened in Paris on Monday.",
	    (const char *[]){ "Paris", NULL }, NULL, NULL);
	ok(strcmp(res[0].country, "FR") == 0 && near(&res[0], 48.85, 2.35) &&
	    res[0].geonames == 2988507, "Paris alone is the French capital");
	ok(res[0].why == NT_GEOWHY_POPULATION || res[0].why == NT_GEOWHY_ONLY,
	    "by its population");

	place("A storm hit Paris, Texas, overnight.",
	    (const char *[]){ "Paris", "Texas", NULL }, NULL, NULL);
	ok(strcmp(res[0].country, "US") == 0 && near(&res[0], 33.66, -95.56),
	    "Paris, Texas is in Texas");
	ok(res[0].why == NT_GEOWHY_QUALIFIER, "decided by the qualifier");
	ok(res[0].admin1 != NULL && strcmp(res[0].admin1, "Texas") == 0,
	    "with its region");
	ok(strcmp(res[1].country, "US") == 0 && res[1].kind == NT_GEO_REGION,
	    "and Texas is the state");

	place("Protests in Atlanta, Georgia, spread.",
	    (const char *[]){ "Atlanta", "Georgia", NULL }, NULL, NULL);
	ok(strcmp(res[1].country, "US") == 0, "Georgia after Atlanta is the US state");

	place("Georgia and Armenia signed a deal in Tbilisi.",
	    (const char *[]){ "Georgia", "Armenia", "Tbilisi", NULL }, NULL,
	    NULL);
	ok(strcmp(res[0].country, "GE") == 0, "Georgia beside Armenia and Tbilisi is the country");

	place("Police in Perth said the fire near Dundee and Aberdeen was out.",
	    (const char *[]){ "Perth", "Dundee", "Aberdeen", NULL }, NULL, NULL);
	ok(strcmp(res[0].country, "GB") == 0 && near(&res[0], 56.4, -3.43),
	    "Perth among Scottish towns is in Scotland");
	ok(res[0].why == NT_GEOWHY_DOCUMENT, "decided by the document");

	place("Police in Perth said a fire was out.",
	    (const char *[]){ "Perth", NULL }, NULL, NULL);
	ok(strcmp(res[0].country, "AU") == 0, "Perth alone is in Australia");

	place("Flooding closed roads in Hyderabad.",
	    (const char *[]){ "Hyderabad", NULL }, NULL, NULL);
	ok(strcmp(res[0].country, "IN") == 0, "Hyderabad alone is the larger, in India");
	place("Flooding closed roads in Hyderabad.",
	    (const char *[]){ "Hyderabad", NULL }, "https://tribune.com.pk/story",
	    NULL);
	ok(strcmp(res[0].country, "PK") == 0 && res[0].why == NT_GEOWHY_SOURCE,
	    "Hyderabad from a Pakistani source is in Pakistan");

	place("Troops left Kiev and Kharkov.",
	    (const char *[]){ "Kiev", "Kharkov", NULL }, NULL, NULL);
	ok(strcmp(res[0].country, "UA") == 0 && near(&res[0], 50.45, 30.52),
	    "an exonym finds Kyiv");
	ok(strcmp(res[1].country, "UA") == 0, "and Kharkiv");

	place("Fans in MUNCHEN cheered.", (const char *[]){ "MUNCHEN", NULL },
	    NULL, NULL);
	ok(strcmp(res[0].country, "DE") == 0, "names are folded: MUNCHEN");

	place("He flew to Springfield.", (const char *[]){ "Springfield", NULL },
	    NULL, NULL);
	ok(strcmp(res[0].country, "US") == 0 && !res[0].hascoord,
	    "Springfield: the country, but no coordinates to guess");

	place("He left Zzyzxville.", (const char *[]){ "Zzyzxville", NULL }, NULL,
	    NULL);
	ok(res[0].why == NT_GEOWHY_NONE && res[0].country[0] == '\0',
	    "a name the gazetteer lacks gets nothing");

	place("The U.S. and the Netherlands agreed.",
	    (const char *[]){ "U.S.", "Netherlands", NULL }, NULL, NULL);
	ok(strcmp(res[0].country, "US") == 0 && res[0].kind == NT_GEO_COUNTRY,
	    "U.S. is a country");
	ok(strcmp(res[1].country, "NL") == 0, "the Netherlands too");

	nt_geo_free(g);
	nt_buf_free(&err);
	return done();
}
