#!/bin/sh
# Start a one-node Slurm on this machine, for tests/npipe-engines.bats
# and .ci/run: munged, then slurmctld and slurmd with a configuration
# written to DIR (default /tmp/ntools-slurm).  Prints the configuration's
# path (for SLURM_CONF) once the node takes jobs; a Slurm already
# answering at that configuration is used as it is.  When Slurm cannot
# start, says why on stderr and exits 1.  Needs root (SlurmUser=root).
set -u
dir=${1:-/tmp/ntools-slurm}
conf=$dir/slurm.conf
fail() {
	echo "slurm-up: $*" >&2
	exit 1
}
up() {
	SLURM_CONF=$conf sinfo -h -o %t 2>/dev/null | grep -Eq '^(idle|mix|alloc)'
}
# Run a daemon with no descriptor of this shell's but 0 to 2: munged
# keeps what it inherits, and a pipe it held (bats's, under make test)
# would keep its reader waiting for an end that never comes.
detached() {
	python3 -c 'import os, sys
os.closerange(3, 65536)
os.execvp(sys.argv[1], sys.argv[1:])' "$@"
}
for p in munged slurmctld slurmd sbatch sinfo; do
	command -v "$p" >/dev/null ||
	    fail "$p is missing (make deps installs slurm-wlm and munge)"
done
[ "$(id -u)" -eq 0 ] || fail "starting slurmctld and slurmd needs root"
[ -r /etc/munge/munge.key ] || mungekey -c >/dev/null 2>&1 ||
    fail "no munge key, and mungekey -c could not make one"
mkdir -p "$dir/state" "$dir/spool" || fail "cannot make $dir"
host=$(hostname -s)
cat >"$conf" <<CONF
ClusterName=ntools
SlurmctldHost=$host
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SchedulerType=sched/builtin
SchedulerParameters=sched_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmUser=root
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
up && { echo "$conf"; exit 0; }
if ! munge -n >/dev/null 2>&1; then
	mkdir -p /run/munge /var/log/munge /var/lib/munge &&
	    chown munge:munge /run/munge /var/log/munge /var/lib/munge ||
	    fail "cannot make munge's directories"
	detached runuser -u munge -- munged </dev/null >/dev/null 2>&1 ||
	    fail "munged did not start"
fi
detached slurmctld -f "$conf" </dev/null >/dev/null 2>&1 ||
    fail "slurmctld did not start (see $dir/slurmctld.log)"
detached slurmd -f "$conf" </dev/null >/dev/null 2>&1 ||
    fail "slurmd did not start (see $dir/slurmd.log)"
i=0
until up; do
	i=$((i + 1))
	[ "$i" -le 30 ] || fail "the node did not come up in 30 s (see $dir)"
	sleep 1
done
echo "$conf"
