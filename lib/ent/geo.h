/*
 * geo: places named in a document, given a country and coordinates.
 *
 * struct nt_geo is the offline gazetteer of data/nentities/geo.tsv
 * (ntools-geo(5)): countries, first-level regions and populated places,
 * each under all its names.  Names are looked up folded (case, marks and
 * full stops dropped), so "Munchen", "MUNICH" and "St Petersburg" find
 * their places.  Loaded once, then only read: threads may share it.
 *
 * nt_geo_resolve places every location mention of one document at once,
 * because the evidence is the document's: in order of strength, a
 * qualifier written after the name ("Paris, Texas", "Perth, Scotland",
 * "Atlanta, Georgia", where Georgia is then the state), the other places
 * of the document (their countries and regions), what the record's
 * source or language says of the country, and last the population of
 * each candidate.  A mention is given a country only when most of the
 * weight of its candidates lies in one country, and coordinates only
 * when most lies on one place; what is unsure is left out, with the
 * confidence of what is given.  The caller owns the arrays it passes;
 * results point into the gazetteer, which must outlive them.
 */
#ifndef NT_GEO_H
#define NT_GEO_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

struct nt_geo;

/* What a gazetteer entry is. */
enum nt_geokind { NT_GEO_COUNTRY, NT_GEO_REGION, NT_GEO_PLACE };

/* Which evidence decided a mention (for --explain). */
enum nt_geowhy {
	NT_GEOWHY_NONE,		/* no entry of that name */
	NT_GEOWHY_ONLY,		/* one candidate, or one far above the rest */
	NT_GEOWHY_QUALIFIER,	/* ", Texas" after it */
	NT_GEOWHY_DOCUMENT,	/* the other places of the document */
	NT_GEOWHY_SOURCE,	/* the record's source or language */
	NT_GEOWHY_POPULATION	/* the largest candidate */
};

/* One location mention: its text, and the bytes of the document after it. */
struct nt_geoq {
	const char	*s;
	size_t		 n;
	size_t		 b, e;		/* byte span in the document */
};

struct nt_geores {
	enum nt_geowhy	 why;
	int		 kind;		/* enum nt_geokind of the place, -1 none */
	char		 country[3];	/* ISO 3166-1 alpha-2, "" when unsure */
	const char	*admin1;	/* region name, or NULL */
	const char	*admin1code;	/* GeoNames code "US.TX", or NULL */
	int		 hascoord;
	double		 lat, lon;
	long		 geonames;	/* GeoNames id, 0 when none */
	double		 conf;		/* 0..1: the weight behind what is given */
};

/* Load data/nentities/geo.tsv (or path, when not NULL); NULL and err. */
struct nt_geo	*nt_geo_load(const char *path, struct nt_buf *err);
void		 nt_geo_free(struct nt_geo *);
/* Bytes the gazetteer holds in memory, for reports. */
size_t		 nt_geo_size(const struct nt_geo *);

/*
 * Place the n mentions q of the document text[0..len).  source is the
 * record's source or URL (may be NULL), lang its language (may be NULL).
 * Fills res[0..n).
 */
void		 nt_geo_resolve(const struct nt_geo *, const char *text,
		    size_t len, const struct nt_geoq *q, size_t n,
		    const char *source, const char *lang,
		    struct nt_geores *res);
/* The word --explain gives a reason: "qualifier", "document", ... */
const char	*nt_geo_why(enum nt_geowhy);

#endif
