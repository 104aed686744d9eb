/*
 * gaz: gazetteers (lists of names and the type of each) compiled into a
 * trie over tokens.
 *
 * A name is cut into tokens by tok.h and stored as a path of token
 * hashes from the root; each trie edge is one slot of a single open
 * addressing hash table keyed by (parent node, token hash), so following
 * a text token costs one probe whatever the number of names: 100,000
 * names cost about what 100 do.  A node holds the entries of the names
 * that end there (a type, a canonical form "norm", case flags) and a
 * bit set of lexicon classes (a first name, a title, an ordinary word...)
 * that the recogniser uses as evidence.
 *
 * Types are interned: 0..8 are the built-in entity types (person,
 * organization, location, date, time, money, percent, quantity, misc),
 * user gazetteers add more.  Lexicon classes are written in files as types
 * with a leading underscore (_first, _title, ...; see
 * ntools-gazetteer(5)).
 *
 * Files: TSV lines "type<TAB>name[<TAB>norm]" ('#' starts a comment), or
 * YAML (a mapping from type to a sequence of names, each a string or a
 * mapping with name, norm and aliases).  Errors carry file:line[:col].
 * The struct owns everything it holds; once loaded it is only read, so
 * several threads may match against it.
 */
#ifndef NT_GAZ_H
#define NT_GAZ_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

enum {
	NT_ET_PERSON, NT_ET_ORG, NT_ET_LOC, NT_ET_DATE, NT_ET_TIME,
	NT_ET_MONEY, NT_ET_PERCENT, NT_ET_QUANTITY, NT_ET_MISC, NT_ET_BUILTIN
};

/* Lexicon classes, a bit each. */
#define NT_GC_WORD	0x0001	/* an ordinary lower-case word */
#define NT_GC_FUNC	0x0002	/* a function word: the, of, and */
#define NT_GC_FIRST	0x0004	/* a given name */
#define NT_GC_LAST	0x0008	/* a family name */
#define NT_GC_TITLE	0x0010	/* a title or role before a name: Gen., President */
#define NT_GC_ORGSUF	0x0020	/* ends an organisation: Party, Ministry, Inc */
#define NT_GC_LOCSUF	0x0040	/* ends a place: River, Province, Street */
#define NT_GC_DEMONYM	0x0080	/* Ukrainian, Polish */
#define NT_GC_ORGPRE	0x0100	/* begins an organisation: University (of) */
#define NT_GC_NOTNAME	0x0200	/* capitalised but never a name on its own */
#define NT_GC_PARTICLE	0x0400	/* inside a name in lower case: de, van, bin */
#define NT_GC_MEDIA	0x0800	/* a news organisation (for "according to") */
#define NT_GC_SAY	0x1000	/* a verb of saying: said, told, added */
#define NT_GC_LOCPRE	0x2000	/* begins a place: Lake, Mount, Gulf (of) */
/* Set by nt_gaz_cls, not by files: */
#define NT_GC_KIDS	0x4000	/* longer names go on from this node */
#define NT_GC_ENT	0x8000	/* a name ends at this node */

/* Entry flags. */
#define NT_GE_ACRONYM	0x01	/* matches text in capitals only (NATO, US) */
#define NT_GE_LOWER	0x02	/* the name starts in lower case */

#define NT_GAZ_NONE	UINT32_MAX

struct nt_gaz_ent {
	uint32_t	 type;
	uint32_t	 norm;		/* offset in the string pool, or NONE */
	uint32_t	 next;		/* next entry of the node, or NONE */
	uint32_t	 flags;
	uint32_t	 ntok;		/* tokens in the name */
};

struct nt_gaz;

struct nt_gaz	*nt_gaz_new(void);
void		 nt_gaz_free(struct nt_gaz *);

/* Load a file (YAML by its .yaml/.yml name, TSV otherwise); 0, or -1
 * with "file:line[:col]: message" in err. */
int		 nt_gaz_load(struct nt_gaz *, const char *path,
		    struct nt_buf *err);
/* Load TSV text held in memory; name is used in messages. */
int		 nt_gaz_load_tsv(struct nt_gaz *, const char *name,
		    const char *p, size_t n, struct nt_buf *err);
/*
 * Add one name of type (a type or "_class" name, interned as needed);
 * norm may be NULL.  Returns 0, or -1 when the name has no tokens or
 * the class is unknown.
 */
int		 nt_gaz_add(struct nt_gaz *, const char *type, const char *name,
		    size_t namelen, const char *norm, size_t normlen);

/* The id of a type name, or -1. */
int		 nt_gaz_typeid(const struct nt_gaz *, const char *type);
const char	*nt_gaz_typename(const struct nt_gaz *, uint32_t id);
size_t		 nt_gaz_ntypes(const struct nt_gaz *);
size_t		 nt_gaz_nnames(const struct nt_gaz *);

/* The trie: the root is node 0; nt_gaz_next returns 0 for no edge. */
uint32_t	 nt_gaz_next(const struct nt_gaz *, uint32_t node, uint64_t h);
uint32_t	 nt_gaz_cls(const struct nt_gaz *, uint32_t node);
/* First entry of a node, or NULL; follow ->next with nt_gaz_ent. */
const struct nt_gaz_ent *nt_gaz_first(const struct nt_gaz *, uint32_t node);
const struct nt_gaz_ent *nt_gaz_ent(const struct nt_gaz *, uint32_t idx);
const char	*nt_gaz_str(const struct nt_gaz *, uint32_t off);
/* Does a name start with a lower-case token of this hash? */
int		 nt_gaz_lowstart(const struct nt_gaz *, uint64_t h);

#endif
