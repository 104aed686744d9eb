/*
 * ent: named entities, values and quotations in news text.
 *
 * A struct nt_ents is the recogniser: the gazetteers it was given (the
 * built-in data under data/nentities and any user files), the types
 * asked for, and scratch space reused from record to record.
 * nt_ents_run annotates one text; nt_ents_json then writes the
 * "entities" and "quotes" arrays as JSON, with code-point offsets into
 * the text.  How names are found (gazetteers, titles, context, an
 * ordinary-word lexicon, consistency within the document) is described
 * in nentities(1); the modules behind this header are entname.c (names),
 * entval.c (dates, times, money, percentages, quantities), entnorm.c
 * (one canonical name per entity) and entquote.c (quotations).
 * The struct owns everything it holds, but for the gazetteers of a
 * clone; one thread per struct.  Threads that share the work each take
 * a clone of one loaded recogniser: the gazetteers are shared, only
 * read, and loaded once.
 */
#ifndef NT_ENT_H
#define NT_ENT_H

#include <stddef.h>

#include "core/buf.h"

struct nt_ents;

struct nt_ents	*nt_ents_new(void);
/*
 * A recogniser with the gazetteers, types and settings of x and scratch
 * space of its own, for another thread.  x must outlive it and must not
 * change while it is in use.
 */
struct nt_ents	*nt_ents_clone(const struct nt_ents *x);
void		 nt_ents_free(struct nt_ents *);
/* Load the built-in gazetteers and lexicon; 0, or -1 with err set. */
int		 nt_ents_defaults(struct nt_ents *, struct nt_buf *err);
/*
 * Name names with the model in file (NULL: the built-in
 * nentities/model.bin) instead of the rules alone; 0, or -1 with err
 * set.  A model is shared, read-only, by the clones made after it.
 */
int		 nt_ents_model(struct nt_ents *, const char *file,
		    struct nt_buf *err);
/* Add to each name the margin of its type and its strongest features. */
void		 nt_ents_explain(struct nt_ents *, int on);
/*
 * Give locations a country and coordinates from g (geo.h), which must
 * outlive the recogniser and its clones; NULL turns it off.
 */
struct nt_geo;
void		 nt_ents_geo(struct nt_ents *, const struct nt_geo *g);
/*
 * The record's source (or URL) and language, NUL-terminated, for the
 * next run's places and names (a German record's capitalised nouns are
 * no names: entlang.c); borrowed until then; NULL when the record has
 * none.
 */
void		 nt_ents_where(struct nt_ents *, const char *source,
		    const char *lang);
/* Load a user gazetteer (YAML or TSV); 0, or -1 with err set. */
int		 nt_ents_gazetteer(struct nt_ents *, const char *path,
		    struct nt_buf *err);
/*
 * Keep only the types in a comma-separated list (built-in or defined by
 * a gazetteer loaded before); 0, or -1 with err naming the unknown type.
 */
int		 nt_ents_types(struct nt_ents *, const char *list,
		    struct nt_buf *err);
/* Look for quotations (on by default). */
void		 nt_ents_quotes(struct nt_ents *, int on);
/*
 * Annotate valid UTF-8 text[0..n).  date, when not NULL, is the record's
 * date (ISO 8601, at least YYYY-MM-DD) that relative dates resolve
 * against.
 */
void		 nt_ents_run(struct nt_ents *, const char *text, size_t n,
		    const char *date, size_t datelen);
/* The entities found by the last run, as a JSON array, into out. */
void		 nt_ents_json(struct nt_ents *, struct nt_buf *out);
/* The quotations found by the last run, as a JSON array, into out. */
void		 nt_ents_quotes_json(struct nt_ents *, struct nt_buf *out);

#endif
