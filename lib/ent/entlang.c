/*
 * entlang: what a record's language changes in the names found.
 *
 * German capitalises every noun, so a capital letter, the first thing
 * the name rules and the model look at, says little there: "Die
 * Regierung", "die Kosten" and "am Dienstag das Gesetz" are not names.
 * In a record whose lang is German (de, de-AT, ...), a person,
 * organisation, place or other name is kept only when the gazetteers
 * know one of its words: a name or the start of one, a given name or a
 * family name (Berlin, Olaf Scholz, Deutsche Bahn); and the words
 * before the first known one are cut off ("Bundeskanzler Olaf Scholz"
 * is "Olaf Scholz", "Gewerkschaft IG Metall" "IG Metall"), its
 * canonical name made again.  Types defined by
 * user gazetteers come from the gazetteers and are kept.  Other
 * languages are left as they are: their names are out of scope beyond
 * what the English rules and gazetteers find (nentities(1)).
 */
#include <string.h>

#include "ent/entint.h"

static int
german(const char *lang)
{
	return lang != NULL && (lang[0] == 'd' || lang[0] == 'D') &&
	    (lang[1] == 'e' || lang[1] == 'E') &&
	    (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_');
}

/*
 * Does a gazetteer know token i of entity e: a name, a given or family
 * name, or the start of a name that the next word of e goes on with
 * ("Der" begins "Der Spiegel", not "Der Vorstand")?
 */
static int
known(const struct ent_doc *d, const struct ent *e, size_t i)
{
	if (d->cls[i] & (NT_GC_ENT | NT_GC_FIRST | NT_GC_LAST))
		return 1;
	return (d->cls[i] & NT_GC_KIDS) && i + 1 < e->te &&
	    nt_gaz_next(d->gaz, d->node[i], d->tk.t[i + 1].h) != 0;
}

/* Entity e from its first known word on; 0 when it has none. */
static int
cut(const struct ent_doc *d, struct ent *e)
{
	size_t tb = e->tb, te = e->te;

	while (tb < te && !known(d, e, tb))
		tb++;
	if (tb == te)
		return 0;
	if (tb != e->tb || te != e->te) {
		ent_span(d, e, tb, te);
		e->norm = -1;
	}
	return 1;
}

void
ent_lang(struct ent_doc *d, const char *lang)
{
	struct ent *e;
	size_t i;

	if (!german(lang))
		return;
	for (i = 0; i < d->ne; i++) {
		e = &d->e[i];
		if (e->dead || (e->type != NT_ET_PERSON && e->type != NT_ET_ORG &&
		    e->type != NT_ET_LOC && e->type != NT_ET_MISC))
			continue;
		if (!cut(d, e))
			e->dead = 1;
	}
}
