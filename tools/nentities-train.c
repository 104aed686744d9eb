/*
 * nentities-train: train the name model nentities uses, from annotated
 * records; or learn the word clusters it uses, from plain text records.
 */
#include <err.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cli.h"
#include "core/parrun.h"
#include "core/util.h"
#include "ent/ent.h"
#include "ent/nertrain.h"

enum { OPT_CLUSTERS = NT_OPT_TOOL, OPT_DEV, OPT_EPOCHS, OPT_SEED,
	OPT_MAKE, OPT_MINCOUNT, OPT_K1, OPT_K2, OPT_PRUNE };

static const char synopsis[] =
"usage: nentities-train [-q] [--clusters file] [--dev file] [--epochs n]\n"
"                       [--prune w] [--seed n] [-o model] [file ...]\n"
"       nentities-train --make-clusters [--min-count n] [--k1 n] [--k2 n]\n"
"                       [-o clusters.tsv] [file ...]";

static const char help[] =
"Train a name model from {\"text\", \"entities\": [{\"start\", \"end\",\n"
"\"type\"}]} records, or (--make-clusters) word clusters from text.\n\n"
"      --clusters FILE   word clusters to build into the model\n"
"      --dev FILE        score on these records instead of training on\n"
"                        them (may be repeated; also named as input)\n"
"      --epochs N        passes over the training records (default 12)\n"
"      --prune W         leave out features whose weights are all within W\n"
"                        of 0 (default 2)\n"
"      --seed N          the order of the records in each pass (default 1)\n"
"  -q                    no progress report on standard error\n"
"      --make-clusters   learn word clusters from the records' text\n"
"      --min-count N     words seen fewer times get none (default 3)\n"
"      --k1 N, --k2 N    coarse clusters, and fine ones in each\n"
"                        (default 64 and 16)\n";

static const struct option longopts[] = {
	{ "clusters",	required_argument,	NULL, OPT_CLUSTERS },
	{ "dev",	required_argument,	NULL, OPT_DEV },
	{ "epochs",	required_argument,	NULL, OPT_EPOCHS },
	{ "k1",		required_argument,	NULL, OPT_K1 },
	{ "k2",		required_argument,	NULL, OPT_K2 },
	{ "make-clusters", no_argument,		NULL, OPT_MAKE },
	{ "min-count",	required_argument,	NULL, OPT_MINCOUNT },
	{ "prune",	required_argument,	NULL, OPT_PRUNE },
	{ "seed",	required_argument,	NULL, OPT_SEED },
	NT_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

static const struct nt_optdoc docs[] = {
	{ "clusters", NT_USE_ONCE, "word clusters to build into the model" },
	{ "dev", NT_USE_REPEAT, "score on these records, do not train on them" },
	{ "epochs", NT_USE_ONCE, "passes over the training records" },
	{ "k1", NT_USE_ONCE, "coarse clusters" },
	{ "k2", NT_USE_ONCE, "fine clusters in each coarse one" },
	{ "make-clusters", NT_USE_ONCE, "learn word clusters from the text" },
	{ "min-count", NT_USE_ONCE, "words seen fewer times get no cluster" },
	{ "prune", NT_USE_ONCE, "leave out features with weights this near 0" },
	{ "seed", NT_USE_ONCE, "the order of the records in each pass" },
	{ NULL, NT_USE_ONCE, NULL }
};

struct job {
	const struct nt_ctx *ctx;	/* whose input names the dev files */
	struct nt_ner	*ner;
	struct nt_clus	*clus;
	char		**dev;
	size_t		 ndev;
	struct nt_buf	 text, err;
};

static unsigned long
number(const struct nt_ctx *ctx, const char *opt, const char *s,
    unsigned long max)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v == 0 || v > max)
		nt_cli_die(ctx, "%s: expected a number from 1 to %lu, not '%s'",
		    opt, max, s);
	return v;
}

static int
is_dev(const struct job *j, const char *name)
{
	size_t i;

	for (i = 0; i < j->ndev; i++)
		if (strcmp(j->dev[i], name) == 0)
			return 1;
	return 0;
}

/*
 * One record: its text for the clusters, or its text and entities for
 * the model.  Nothing is written per record (the output is the model),
 * and the records run in input order on one thread, so the input's name
 * says whether a record is for scoring.
 */
static int
each(void *arg, struct nt_parjob *jb)
{
	struct job *j = arg;
	const char *ents;
	size_t elen;
	int rv;

	if ((rv = nt_parrun_text(jb, &j->text)) != 1)
		return rv;
	if (j->clus != NULL) {
		nt_clus_add(j->clus, j->text.p, j->text.len);
		return 0;
	}
	if (!nt_rec_raw(jb->rec, "entities", &ents, &elen))
		return nt_parrun_reject(jb, 0, "no \"entities\" array");
	if (nt_ner_add(j->ner, j->text.p, j->text.len, ents, elen,
	    is_dev(j, j->ctx->in.name), &j->err) < 0)
		return nt_parrun_reject(jb, 0, "%s", j->err.p);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct nt_ctx ctx;
	struct job j;
	struct nt_parrun fn = { .record = each,
	    .flags = NT_PARRUN_ANY | NT_PARRUN_SEQ };
	struct nt_ents *x;
	struct nt_buf model = NT_BUF_INIT;
	const char *clusters = NULL;
	double prune = 2;
	char *end;
	unsigned long epochs = 12, seed = 1, mincount = 3, k1 = 64, k2 = 16;
	int ch, status, quiet = 0, make = 0;

	memset(&j, 0, sizeof(j));
	nt_cli_init(&ctx, "nentities-train", synopsis, help, longopts, docs);
	while ((ch = nt_getopt(argc, argv, "q" NT_COMMON_SHORT,
	    longopts)) != -1) {
		if (nt_cli_opt(&ctx, ch, optarg))
			continue;
		switch (ch) {
		case 'q':
			quiet = 1;
			break;
		case OPT_CLUSTERS:
			clusters = optarg;
			break;
		case OPT_DEV:
			j.dev = nt_ereallocarray(j.dev, j.ndev + 1,
			    sizeof(*j.dev));
			j.dev[j.ndev++] = optarg;
			break;
		case OPT_EPOCHS:
			epochs = number(&ctx, "--epochs", optarg, 1000);
			break;
		case OPT_K1:
			k1 = number(&ctx, "--k1", optarg, 255);
			break;
		case OPT_K2:
			k2 = number(&ctx, "--k2", optarg, 255);
			break;
		case OPT_MAKE:
			make = 1;
			break;
		case OPT_MINCOUNT:
			mincount = number(&ctx, "--min-count", optarg, 1000000);
			break;
		case OPT_PRUNE:
			prune = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || !(prune >= 0) ||
			    prune > 1e6)
				nt_cli_die(&ctx, "--prune: expected a weight from "
				    "0 up, not '%s'", optarg);
			break;
		case OPT_SEED:
			seed = number(&ctx, "--seed", optarg, 0xffffffffUL);
			break;
		default:
			nt_cli_usage(&ctx);
		}
	}
	argc -= optind;
	argv += optind;

	x = nt_ents_new();
	if (!make) {
		if (nt_ents_defaults(x, &j.err) < 0)
			nt_cli_die(&ctx, "%s", j.err.p);
		j.ner = nt_ner_new(x);
		if (clusters != NULL &&
		    nt_ner_clusters(j.ner, clusters, &j.err) < 0)
			nt_cli_die(&ctx, "%s", j.err.p);
	} else
		j.clus = nt_clus_new();
	nt_cli_start(&ctx, argc, argv);
	j.ctx = &ctx;
	fn.arg = &j;
	nt_parrun(&ctx, &fn, 1);
	if (make)
		nt_clus_build(j.clus, (unsigned)mincount, (unsigned)k1,
		    (unsigned)k2, quiet ? NULL : stderr, &model);
	else {
		nt_ner_train(j.ner, (unsigned)epochs, seed, quiet ? NULL :
		    stderr);
		if (j.ndev > 0)
			nt_ner_score(j.ner, stderr);
		nt_ner_write(j.ner, prune, &model);
	}
	nt_buf_add(&ctx.out.buf, model.p, model.len);
	nt_out_commit(&ctx.out);
	status = nt_cli_finish(&ctx);
	nt_ner_free(j.ner);
	nt_clus_free(j.clus);
	nt_ents_free(x);
	nt_buf_free(&model);
	nt_buf_free(&j.text);
	nt_buf_free(&j.err);
	free(j.dev);
	return status;
}
