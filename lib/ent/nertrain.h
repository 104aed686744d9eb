/*
 * nertrain: training the name model nentities uses (nentities-train(1)),
 * and learning the word clusters it reads.
 *
 * A struct nt_ner collects annotated documents ({"text", "entities":
 * [{"start", "end", "type"}]}, code-point offsets; types person,
 * organization, location, misc, or PER, ORG, LOC, MISC), each either
 * for training or for scoring, tokenises them and computes their
 * features once with the rules and gazetteers of the struct nt_ents it
 * was given; nt_ner_train then runs an averaged structured perceptron
 * over them (documents in a shuffled order fixed by the seed, so the
 * same data gives the same model, byte for byte), and nt_ner_write
 * writes the model file (nentities-model(5)).
 *
 * nt_clus_build learns word clusters from plain text without labels:
 * each frequent word is described by the words seen just before and
 * after it, and two rounds of k-means (a coarse one, then each coarse
 * cluster split again) group the words whose neighbours look alike.
 *
 * The structs own what they hold; one thread each.
 */
#ifndef NT_NERTRAIN_H
#define NT_NERTRAIN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "ent/ent.h"

struct nt_ner;

/* A trainer over x's rules and gazetteers (x must outlive it). */
struct nt_ner	*nt_ner_new(struct nt_ents *x);
void		 nt_ner_free(struct nt_ner *);
/* Word clusters (TSV, see nentities-train(1)); 0, or -1 with err set. */
int		 nt_ner_clusters(struct nt_ner *, const char *path,
		    struct nt_buf *err);
/*
 * Add a document: text[0..n) and the JSON array of its entities;
 * dev: for scoring only.  0, or -1 with the reason in err.
 */
int		 nt_ner_add(struct nt_ner *, const char *text, size_t n,
		    const char *ents, size_t entslen, int dev,
		    struct nt_buf *err);
/* Train for epochs passes; progress (and dev scores) to log if not NULL. */
void		 nt_ner_train(struct nt_ner *, unsigned epochs,
		    unsigned long seed, FILE *log);
/* Precision, recall and F1 per type on the dev documents, to out. */
void		 nt_ner_score(struct nt_ner *, FILE *out);
/*
 * The trained model file's bytes into out, without the features whose
 * weights are all within prune of 0 (in updates of the perceptron:
 * a weight of 2 is two more right answers than wrong ones, averaged).
 */
void		 nt_ner_write(struct nt_ner *, double prune, struct nt_buf *out);

struct nt_clus;

/* Collect words of texts, then build; k1 coarse and k2 fine per coarse. */
struct nt_clus	*nt_clus_new(void);
void		 nt_clus_add(struct nt_clus *, const char *text, size_t n);
/* The clusters as TSV "word<TAB>coarse<TAB>fine" into out. */
void		 nt_clus_build(struct nt_clus *, unsigned mincount,
		    unsigned k1, unsigned k2, FILE *log, struct nt_buf *out);
void		 nt_clus_free(struct nt_clus *);

/* The next of a seeded sequence of pseudo-random numbers (SplitMix64,
 * state in *s): shuffles and seeds repeat from run to run. */
uint64_t	 nt_ner_rnd(uint64_t *s);

#endif
