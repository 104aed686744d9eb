/*
 * engine: a loaded pipeline (pipe.h) as a shell script that runs it
 * over shards, through GNU parallel on one machine's cores or through
 * Slurm job arrays on a cluster.
 *
 * The input is cut into shards at line boundaries (split -n l/N); the
 * steps between two ndedupe steps run per shard; each ndedupe runs as
 * its stages (stages.h): --emit-keys per shard, one sort of all key
 * lines, --pairs, a sort, --clusters, then --apply per shard; a last
 * nstats runs per shard and its summaries are joined with nstats
 * --merge; otherwise the shards' outputs are joined in input order.
 * The output file is written beside its place, fsynced and renamed, so
 * a reader never sees half of it.  sh(1) has no pipefail, so each step
 * of a shard's pipeline notes its own failure; a status 3 (records
 * rejected) lets the run go on to end with 3, any other stops it.  A
 * pipeline or step that keeps state is refused (it would have many
 * writers), but for ndedupe's --state, which its stages read and whose
 * one writer, --clusters over the verdicts, runs once the output is
 * published.
 *
 * Nothing is kept between calls: the script goes to the caller's
 * buffer.  One thread.
 */
#ifndef NT_ENGINE_H
#define NT_ENGINE_H

#include <stddef.h>

#include "core/buf.h"
#include "pipe/pipe.h"

/*
 * The script for p over inputs (when ninputs > 0; else the file's)
 * into output (NULL: the file's) with jobs job slots and shards.  With
 * sshlogin (GNU parallel's --sshlogin list, NULL for none) the shards'
 * phases run on those hosts: the work directory is then made under
 * $NPIPE_WORKDIR (else the current directory), which every host must
 * see at the same path, as it must the programs; the shuffles and the
 * join run here.  Returns 0, or -1 with the reason in out.
 */
int	nt_engine_parallel(const struct nt_pipe *p, char **inputs,
	    size_t ninputs, const char *output, int jobs,
	    const char *sshlogin, struct nt_buf *out);
/*
 * The same as a script that submits to Slurm (sbatch): a job array per
 * per-shard phase, one job for each shuffle, one that publishes when
 * every task left its completion marker; each after the one before
 * (afterok).  The work directory ($NPIPE_WORKDIR, else the current
 * one) must be shared by the nodes.  The script waits for the last job.
 */
int	nt_engine_slurm(const struct nt_pipe *p, char **inputs,
	    size_t ninputs, const char *output, int shards,
	    struct nt_buf *out);
/* Run a script with sh(1); returns its exit status. */
int	nt_engine_run(const char *script);

#endif
