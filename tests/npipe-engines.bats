#!/usr/bin/env bats
# npipe's engines: the same pipeline over shards through GNU parallel
# (and Slurm) gives the records one process gives.

load helpers

setup_file() {
	local t
	NTBIN="$BATS_FILE_TMPDIR/ntools"
	mkdir -p "$NTBIN"
	cp "$NT_ROOT/tools/npipe" "$NTBIN/"
	for t in nclean ndedupe nentities nimport nsplit nstats; do
		ln -s "$NT_ROOT/tools/$t" "$NTBIN/$t"
	done
	export NTBIN
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	PATH="$NTBIN:$PATH"
	S="$FIX/ndedupe/stories.ndjson"
	# Copies of each story in other shards, a record without text.
	{
		cat "$FIX/npipe/records.ndjson"
		jq -c '.id += "x"' "$S" | tac
		cat "$S"
		printf '%s\n' '{"id":"t0","title":"no text"}'
		jq -c '.id += "y"' "$S"
	} >in.ndjson
	cat >news.yaml <<-'EOF'
	name: news
	input: in.ndjson
	steps:
	  - nclean
	  - ndedupe: {annotate: true}
	  - nentities
	EOF
	cat >stats.yaml <<-'EOF'
	name: stats
	input: in.ndjson
	steps:
	  - nclean
	  - ndedupe
	  - nstats: {top: 5}
	EOF
}

need_parallel() {
	command -v parallel >/dev/null ||
	    skip "GNU parallel is not installed (make deps installs it)"
}

@test "--engine parallel: nclean, ndedupe --annotate and nentities give one process's records, byte for byte" {
	need_parallel
	npipe news.yaml >want
	run --separate-stderr -0 npipe --engine parallel --jobs 4 news.yaml
	printf '%s\n' "$output" >got
	cmp want got
	[ "$(wc -l <got)" -eq "$(wc -l <in.ndjson)" ]
	[ "$(jq -r 'select(.dup) | .id' got | wc -l)" -ge 20 ]
}

@test "--engine parallel: a pipeline without ndedupe, several steps per shard, gives one process's records" {
	need_parallel
	cat >split.yaml <<-'EOF'
	name: split
	input: in.ndjson
	steps:
	  - nclean
	  - nsplit
	  - nentities
	EOF
	npipe split.yaml >want
	npipe --engine parallel --jobs 3 split.yaml >got
	cmp want got
	[ "$(wc -l <got)" -gt "$(wc -l <in.ndjson)" ]
}

@test "--engine parallel: a last nstats is merged into one process's summary" {
	need_parallel
	npipe stats.yaml >want
	npipe --engine parallel --jobs 3 stats.yaml >got
	cmp want got
}

@test "--engine parallel -o: the output appears whole, by rename" {
	need_parallel
	npipe -o want news.yaml
	run -0 npipe --engine parallel --jobs 2 -o got news.yaml
	cmp want got
	[ ! -e got.npipe-tmp ]
}

@test "--engine parallel --dry-run prints the script: shards, the stages, the join" {
	run -0 npipe --engine parallel --jobs 4 --dry-run news.yaml
	assert_line 'split -n l/4 -d -a 6 "$w/in" "$w/s."'
	assert_line --partial 'ndedupe --emit-keys --compact --shard "$2" --annotate || echo $? >>"$1.fail"; } <"$1.0" >"$1.k"'
	assert_line --regexp '^\{ sort -S 25% "\$w"/s\.\*\.k .*ndedupe --pairs --annotate .*ndedupe --clusters --annotate .* >"\$w/verdicts1"$'
	assert_line --partial 'ndedupe --apply "$3/verdicts1" --shard "$2" --annotate || echo $? >>"$1.fail"; } <"$1.0" | '
	assert_line --regexp '^parallel --jobs 4 --halt now,fail=1 sh "\$w/apply1.sh" \{\} \{#\} "\$w" :::: "\$w/shards"$'
	assert_line 'cat "$w"/s.*.1'
}

@test "--engine parallel --sshlogin --dry-run passes the hosts to parallel, the work directory in \$NPIPE_WORKDIR" {
	run -0 env NPIPE_WORKDIR=/shared/npipe npipe --engine parallel \
	    --jobs 4 --sshlogin '2/a.example,b.example' --dry-run news.yaml
	assert_line '# Every host must see the work directory at this path.'
	assert_line 'w=$(mktemp -d "${NPIPE_WORKDIR:-$PWD}/npipe.XXXXXX")'
	assert_line 'parallel --jobs 4 --halt now,fail=1 --sshlogin 2/a.example,b.example sh "$w/apply1.sh" {} {#} "$w" :::: "$w/shards"'
	run --separate-stderr -2 npipe --sshlogin : news.yaml
	[ "$stderr" = "npipe: --sshlogin needs --engine parallel" ]
}

@test "--engine parallel --sshlogin : (this machine, no ssh): one process's records, byte for byte" {
	need_parallel
	npipe news.yaml >want
	run --separate-stderr -0 npipe --engine parallel --jobs 3 \
	    --sshlogin : news.yaml
	printf '%s\n' "$output" >got
	cmp want got
	# The work directory, made here, is gone.
	[ -z "$(find . -maxdepth 1 -name 'npipe.*')" ]
}

@test "--engine parallel --sshlogin 1/localhost: the shards go through ssh and give one process's records" {
	need_parallel
	local ssh
	if ! ssh=$(sh "$NT_ROOT/tests/ssh-up.sh" 2>why); then
		skip "sshd cannot start here: $(sed 's/^ssh-up: //' why)"
	fi
	# GNU parallel runs $PARALLEL_SSH: a wrapper that notes each login.
	mkdir -p bin
	printf '#!/bin/sh\necho "$*" >>%s/ssh.log\nexec %s "$@"\n' \
	    "$PWD" "$ssh" >bin/logssh
	chmod +x bin/logssh
	npipe news.yaml >want
	PARALLEL_SSH=$PWD/bin/logssh run --separate-stderr -0 \
	    npipe --engine parallel --jobs 3 --sshlogin 1/localhost -o got \
	    news.yaml
	cmp want got
	# Each of 3 shards of each phase (steps0, keys1, apply1) went by ssh.
	[ "$(grep -c '^localhost -- exec ' ssh.log)" -eq 9 ]
}

@test "--engine parallel: a failing step fails the run" {
	need_parallel
	printf 'not json\n' >>in.ndjson
	run --separate-stderr -3 npipe --engine parallel --jobs 2 -o got news.yaml
	[[ "$stderr" == *"nclean: stdin:"*": not a JSON object (column 1)"* ]]
	[ "$(wc -l <got)" -eq "$(($(wc -l <in.ndjson) - 1))" ]
}

@test "--engine parallel refuses a step other than ndedupe that keeps state" {
	cat >state.yaml <<-'EOF'
	name: state
	input: in.ndjson
	steps:
	  - nclean: {state: s.db}
	  - ndedupe
	EOF
	run --separate-stderr -2 npipe --engine parallel --dry-run state.yaml
	[ "$stderr" = "npipe: state.yaml: a step that keeps state (nclean) runs in one process only" ]
}

# Two inputs that share copies, and a pipeline keeping ndedupe's state.
two_runs() {
	jq -c '.id += "x"' "$S" | tac >a.ndjson
	cat "$S" >>a.ndjson
	printf '%s\n' '{"text":"A record without an id, in the first run."}' \
	    >>a.ndjson
	jq -c '.id += "y"' "$S" >b.ndjson
	cat "$FIX/npipe/records.ndjson" >>b.ndjson
	cat >keep.yaml <<-'EOF'
	name: keep
	steps:
	  - nclean
	  - ndedupe: {annotate: true, state: seen.db}
	  - nentities
	EOF
}

@test "--engine parallel with ndedupe's state: two runs give two one-process runs' records, and leave the same state" {
	need_parallel
	two_runs
	npipe -o want.a keep.yaml a.ndjson
	npipe -o want.b keep.yaml b.ndjson
	mv seen.db one.db
	run --separate-stderr -0 npipe --engine parallel --jobs 3 -o got.a \
	    keep.yaml a.ndjson
	run --separate-stderr -0 npipe --engine parallel --jobs 2 -o got.b \
	    keep.yaml b.ndjson
	cmp want.a got.a
	cmp want.b got.b
	# Every record of the second run is a copy of one of the first.
	[ "$(jq -r 'select(.dup and (.id | endswith("y"))) | .id' got.b |
	    wc -l)" -eq "$(wc -l <"$S")" ]
	[ "$(jq -r 'select(.id | endswith("y")) | .story' got.b |
	    grep -c 'x$')" -ge 10 ]
	# The two states answer a third run alike.
	cat "$S" "$FIX/npipe/records.ndjson" >c.ndjson
	ndedupe -a --state one.db c.ndjson >want.c
	ndedupe -a --state seen.db c.ndjson >got.c
	cmp want.c got.c
}

@test "--engine parallel with ndedupe's state: a run that fails after the shuffle leaves the state as it was" {
	need_parallel
	two_runs
	failer
	cat >keepfail.yaml <<-'EOF'
	name: keepfail
	allow: [failer]
	steps:
	  - ndedupe: {annotate: true, state: seen.db}
	  - failer
	EOF
	run --separate-stderr -0 npipe --engine parallel --jobs 2 -o got.a \
	    keep.yaml a.ndjson
	cp seen.db before.db
	printf '%s\n' '{"id":"boom","text":"This one says boom."}' >>b.ndjson
	run --separate-stderr -1 npipe --allow-foreign --engine parallel \
	    --jobs 2 -o got.b keepfail.yaml b.ndjson
	[[ "$stderr" == *"failer: boom"* ]]
	[ ! -e got.b ]
	# The state answers as before the failed run: no record of b in it.
	ndedupe -a --state before.db b.ndjson >want.c
	ndedupe -a --state seen.db b.ndjson >got.c
	cmp want.c got.c
}

@test "--engine parallel --dry-run with ndedupe's state: its records are kept once the output is published" {
	two_runs
	run -0 npipe --engine parallel --jobs 2 --dry-run keep.yaml a.ndjson
	assert_line --regexp '^\{ sort .*ndedupe --pairs --annotate --state=seen.db .*ndedupe --clusters --annotate --state=seen.db .* >"\$w/verdicts1"$'
	printf '%s\n' "${lines[@]}" | tail -n 4 |
	    sed 's|^[^ ]*/ndedupe |ndedupe |' >tail
	printf '%s\n' 'cat "$w"/s.*.1' \
	    "# The output is published: ndedupe's state keeps its records." \
	    "ndedupe --clusters --annotate --state=seen.db <\"\$w/verdicts1\"" \
	    '[ ! -e "$w/rejected" ] || exit 3' | diff - tail
}

@test "--engine slurm refuses a pipeline with a state directory" {
	cat >state.yaml <<-'EOF'
	name: state
	input: in.ndjson
	state: st
	steps:
	  - nclean
	EOF
	run --separate-stderr -2 npipe --engine slurm --dry-run state.yaml
	[ "$stderr" = "npipe: state.yaml: a pipeline with a state directory runs in one process only" ]
}

@test "--engine: an unknown engine is a usage error" {
	run --separate-stderr -2 npipe --engine spark news.yaml
	[ "$stderr" = "npipe: --engine: 'spark' is not local, parallel or slurm" ]
}

# A foreign step that fails on a shard holding "boom", passing the rest.
failer() {
	mkdir -p bin
	printf '%s\n' '#!/bin/sh' '[ "$1" = --check ] && exit 0' \
	    'd=$(cat); printf "%s\n" "$d"' \
	    'case $d in *boom*) echo "failer: boom" >&2; exit 1;; esac' \
	    >bin/failer
	chmod +x bin/failer
	cat >fail.yaml <<-'EOF'
	name: fail
	input: in.ndjson
	allow: [failer]
	steps:
	  - nclean
	  - failer
	EOF
	PATH="$PWD/bin:$PATH"
	printf '%s\n' '{"id":"boom","text":"This one says boom."}' >>in.ndjson
}

@test "--engine parallel: a shard whose step fails stops the run, and nothing is published" {
	need_parallel
	failer
	run --separate-stderr -1 npipe --allow-foreign --engine parallel \
	    --jobs 3 -o got fail.yaml
	[[ "$stderr" == *"failer: boom"* ]]
	[ ! -e got ] && [ ! -e got.npipe-tmp ]
}

# Start a one-node Slurm (tests/slurm-up.sh), or skip saying why.
need_slurm() {
	local why
	if ! SLURM_CONF=$(sh "$NT_ROOT/tests/slurm-up.sh" 2>why); then
		why=$(cat why)
		skip "Slurm cannot start here: ${why#slurm-up: }"
	fi
	export SLURM_CONF NPIPE_WORKDIR="$BATS_TEST_TMPDIR"
}

@test "--engine slurm --dry-run prints sbatch job arrays chained by afterok, with completion markers" {
	run -0 npipe --engine slurm --jobs 3 --dry-run news.yaml
	assert_line 'split -n l/3 -d -a 6 "$w/in" "$w/s."'
	assert_line --regexp '^dep=\$\(sbatch --parsable --array=1-\$n --kill-on-invalid-dep=yes \$\{dep:\+--dependency=afterok:\$dep\} .* "\$w/apply1.job"\)$'
	assert_line 'mv "$w/done/keys1.$t.tmp" "$w/done/keys1.$t"'
	assert_line 'for ph in steps0 keys1 apply1; do'
	assert_line --partial '--wait "$w/publish.job")'
}

@test "--engine slurm on a one-node Slurm: one process's records, byte for byte" {
	need_slurm
	npipe news.yaml >want
	run --separate-stderr -0 npipe --engine slurm --jobs 2 -o got news.yaml
	cmp want got
	[ "$(jq -r 'select(.dup) | .id' got | wc -l)" -ge 20 ]
	# The work directory is gone once the output is published.
	[ -z "$(find . -maxdepth 1 -name 'npipe-slurm.*')" ]
}

@test "--engine slurm: a task that fails leaves the output unpublished" {
	need_slurm
	failer
	run --separate-stderr -1 npipe --allow-foreign --engine slurm \
	    --jobs 2 -o got fail.yaml
	[[ "$stderr" == *"failer: boom"* ]]
	[ ! -e got ] && [ ! -e got.npipe-tmp ]
}

@test "--engine slurm with ndedupe's state: two runs give two one-process runs' records, the state kept by the last job" {
	need_slurm
	two_runs
	npipe -o want.a keep.yaml a.ndjson
	npipe -o want.b keep.yaml b.ndjson
	mv seen.db one.db
	run --separate-stderr -0 npipe --engine slurm --jobs 2 -o got.a \
	    keep.yaml a.ndjson
	run --separate-stderr -0 npipe --engine slurm --jobs 2 -o got.b \
	    keep.yaml b.ndjson
	cmp want.a got.a
	cmp want.b got.b
	ndedupe -a --state one.db "$S" >want.c
	ndedupe -a --state seen.db "$S" >got.c
	cmp want.c got.c
}
