/*
 * entml: the learned name recogniser, shared by the run time (entmodel.c)
 * and the trainer (enttrain.c).
 *
 * Names (person, organization, location, misc) are tagged token by token
 * with BIO labels.  Only tokens that can be in a name are scored
 * (capitalised words, numbers beside them, the connecting words between
 * them: entfeat.c, ml_cands); every other token is O without a look.  A
 * run of such tokens on one line is a segment, decoded by Viterbi under
 * the BIO constraint (I-X only after B-X or I-X) with a linear model:
 * hashed features (entfeat.c, ml_feats) times one weight per label, plus
 * label-to-label transition weights.
 *
 * Features are 64-bit hashes, XXH3 of a value seeded by its template, so
 * the same code extracts them at training and at run time.  A table of
 * word clusters (folded word hash to a coarse and a fine cluster id,
 * learned without labels: entclus.c) is part of every model.
 *
 * struct ml_model is a loaded model: read-only once loaded, so any number
 * of threads may share it.  struct ml_doc is one thread's scratch for the
 * document being tagged.
 */
#ifndef NT_ENTML_H
#define NT_ENTML_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "ent/entint.h"

/* Labels: O, then B and I of each type in ml_type order. */
enum { L_O, L_BPER, L_IPER, L_BORG, L_IORG, L_BLOC, L_ILOC, L_BMISC,
	L_IMISC, ML_NL };
#define ML_NTYPE	4
#define L_TYPE(l)	(((l) - 1) / 2)		/* 0..3, for l != L_O */
#define L_ISB(l)	((l) != L_O && ((l) - 1) % 2 == 0)
#define L_B(t)		(1 + 2 * (t))
#define L_I(t)		(2 + 2 * (t))

/* Entity type id (gaz.h) of ML type t. */
uint32_t	 ml_type(unsigned t);
/* ML type of an entity type id, or -1. */
int		 ml_typeof(uint32_t type);
const char	*ml_label_name(unsigned l);

/*
 * Where hash h first probes an open-addressing table of n slots: the
 * low half of h scaled to n, so that n need not be a power of two.
 */
static inline size_t
ml_home(uint64_t h, size_t n)
{
	return (size_t)(((h & 0xffffffffULL) * (uint64_t)n) >> 32);
}

/* Word clusters: folded word hash to two ids (0: no cluster). */
struct ml_cslot {
	uint64_t	 key;		/* 0: empty */
	uint16_t	 c[2];		/* coarse, fine */
	uint32_t	 pad;
};

struct ml_clus {
	struct ml_cslot	*s;		/* NULL: no clusters */
	size_t		 n;
	int		 owned;
};

void		 ml_clus_get(const struct ml_clus *, uint64_t h, uint16_t *c);
/* Build from TSV "word<TAB>coarse<TAB>fine"; 0, or -1 with err set. */
int		 ml_clus_load(struct ml_clus *, const char *path,
		    struct nt_buf *err);
void		 ml_clus_free(struct ml_clus *);

/* Per-token state of the tagger (ml_doc.st). */
#define MS_CAND		0x01	/* may be in a name */
#define MS_LOWSEEN	0x02	/* the word is also written in lower case */
#define MS_BLOCK	0x80	/* a user's name or a value holds it (entmodel.c) */

/* The most features one token has (ml_feats). */
#define ML_MAXF		64

/* Neighbours' clusters, remembered: they are mostly common words. */
#define ML_CCACHE	4096
struct ml_ccache {
	uint64_t	 h;
	uint16_t	 c[2];
};

/*
 * A document's scratch: per-token candidate flags, gazetteer and rule
 * labels, predicted labels, and the history of the labels given to each
 * word so far (the document-level feature).
 */
struct ml_doc {
	struct ml_ccache cc[ML_CCACHE];	/* valid across documents */
	uint8_t		*st;
	uint8_t		*gz;		/* gazetteer match: 1 + 2*type + inside */
	uint8_t		*rule;		/* the rules' label, L_* */
	uint8_t		*lab;		/* the model's label, L_* */
	size_t		 cap;
	struct hist	*hist;		/* open addressing, by word hash */
	size_t		 hmask;
	size_t		 hcap;
	/* for --explain: feature names of the token being explained */
	struct nt_buf	 names;
};

void		 ml_doc_free(struct ml_doc *);
/*
 * Fill the per-token tables of m for d's tokens: candidates, the words
 * seen in lower case, gazetteer matches, the rules' labels (from the
 * entities in d->e), and an empty history.
 */
void		 ml_prepare(struct ml_doc *m, const struct ent_doc *d);
/*
 * The features of token i into f (at most ML_MAXF), in parts: those of
 * where it stands (ML_FCTX, the history first); of the word alone
 * (ML_FWORD: the same for every token spelt alike, ml_word_key); of
 * its neighbour before and after (ML_FLEFT, ML_FRIGHT: the same for
 * every token beside a neighbour spelt alike, ml_side_key); or all.
 * names, when not NULL, gets each feature's name, NUL-terminated, in
 * order.
 */
#define ML_FCTX		1
#define ML_FWORD	2
#define ML_FLEFT	4
#define ML_FRIGHT	8
#define ML_FALL		15
size_t		 ml_feats(struct ml_doc *m, const struct ent_doc *d,
		    const struct ml_clus *c, size_t i, uint64_t *f,
		    struct nt_buf *names, unsigned parts);
uint64_t	 ml_word_key(const struct ent_doc *d, size_t i);
uint64_t	 ml_side_key(const struct ent_doc *d, size_t i, int dir);
/*
 * The history: the first feature ml_feats gives is ml_hist_feat of
 * ml_hist_get of the token's word; ml_hist_add records that a word was
 * given label l; ml_hist_clear empties it for a document of n tokens.
 */
void		 ml_hist_add(struct ml_doc *m, uint64_t word, unsigned l);
unsigned	 ml_hist_get(const struct ml_doc *m, uint64_t word);
uint64_t	 ml_hist_feat(unsigned v);
const char	*ml_hist_name(unsigned v);
void		 ml_hist_clear(struct ml_doc *m, size_t n);
/* The end of the segment starting at candidate i. */
size_t		 ml_segend(const struct ml_doc *m, const struct ent_doc *d,
		    size_t i);

/*
 * Viterbi over a segment of len tokens: em[len*ML_NL] emission scores,
 * tr[(ML_NL+1)*ML_NL] transitions (row ML_NL: from the start) as
 * ml_mask leaves them; the best labels into out.  back and dp are
 * scratch of len*ML_NL.
 */
void		 ml_viterbi(const float *em, size_t len, const float *tr,
		    uint8_t *back, float *dp, uint8_t *out);
/* Transitions tr with those BIO forbids made -1e30, into out. */
void		 ml_mask(const float *tr, float *out);
/* May label b follow label a (a == ML_NL: the start)? */
int		 ml_allowed(unsigned a, unsigned b);

/*
 * The rules alone on text[0..n) (tokens, evidence, values, the rule
 * names): the document the model's features are computed from.  For
 * the trainer; ent.c.
 */
struct nt_ents;
struct ent_doc	*ent_rules(struct nt_ents *, const char *text, size_t n);

/* A loaded model (entmodel.c). */
struct ml_model;

struct ml_model	*ml_model_load(const char *path, struct nt_buf *err);
void		 ml_model_free(struct ml_model *);
const struct ml_clus *ml_model_clus(const struct ml_model *);

/* One thread's scratch for tagging with a model. */
struct ml_run;

struct ml_run	*ml_run_new(void);
void		 ml_run_free(struct ml_run *);
/*
 * Tag d's names with model: the rules' person, organisation and place
 * entities in d->e are replaced by the model's, but for those a user
 * gazetteer named (entries from index user0 on); explain adds each
 * name's margin and strongest features.
 */
void		 ml_tag(struct ml_run *, const struct ml_model *,
		    struct ent_doc *d, size_t user0, int explain);

/*
 * Writing a model (enttrain.c): nf features of hashes key[] (sorted,
 * distinct) and weights w[nf*ML_NL], transitions tr, the clusters.
 */
void		 ml_model_write(struct nt_buf *out, const uint64_t *key,
		    const float *w, size_t nf, const float *tr,
		    const struct ml_clus *c);

#endif
