load helpers

# npipe runs only ntools programs beside it or installed.  The tests run
# a copy of it in a directory of its own, as an installed bin directory
# would be: the build's programs and the test program ntfilter, linked.
setup_file() {
	local t
	NTBIN="$BATS_FILE_TMPDIR/ntools"
	mkdir -p "$NTBIN"
	cp "$NT_ROOT/tools/npipe" "$NTBIN/"
	for t in nclean ndedupe nentities nimport nsplit nstats; do
		ln -s "$NT_ROOT/tools/$t" "$NTBIN/$t"
	done
	ln -s "$NT_ROOT/tests/bin/ntfilter" "$NTBIN/ntfilter"
	export NTBIN
}

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	cp "$FIX"/npipe/* .
	mkdir bin
	PATH="$BATS_TEST_TMPDIR/bin:$NTBIN:$PATH"
}

# A foreign program for the tests: bin/NAME, passing --check, then BODY.
# A pipeline runs it only with allow: [NAME] and npipe --allow-foreign.
fake() {
	printf '#!/bin/sh\n[ "$1" = --check ] && exit 0\n%s\n' "$2" >"bin/$1"
	chmod +x "bin/$1"
}

# Wait (up to a minute) until the shell condition holds.
waitfor() {
	local i
	for i in $(seq 600); do
		eval "$1" && return 0
		sleep 0.1
	done
	echo "gave up waiting for: $1" >&2
	return 1
}

records() {
	seq "$1" "$2" | sed 's/.*/{"id":"r&","text":"record &"}/'
}

@test "npipe runs the steps and writes what the shell pipeline writes" {
	set -o pipefail
	ntfilter --set='src="test"' --set=n=2 <records.ndjson |
	    ntfilter --del=title --del=big --no-chars >want
	run -0 --separate-stderr npipe two.yaml
	assert_output "$(cat want)"
	assert_equal "$stderr" "ntfilter: 1 record had no 'text' field and passed through unchanged"
	npipe run two.yaml >got 2>/dev/null
	cmp got want
}

@test "npipe --dry-run prints the shell pipeline, quoted, that gives the same" {
	run -0 npipe --dry-run two.yaml
	assert_output "$NT_ROOT/tests/bin/ntfilter '--set=src=\"test\"' --set=n=2 < records.ndjson | $NT_ROOT/tests/bin/ntfilter --del=title --del=big --no-chars"
	eval "$output" >want
	npipe two.yaml >got
	cmp got want
}

@test "npipe --graph prints the steps in DOT" {
	run -0 npipe --graph two.yaml
	assert_line --index 0 'digraph "two" {'
	assert_line '	step1 [label="ntfilter\n--set=src=\"test\"\n--set=n=2"];'
	assert_line '	step1 -> step2;'
	assert_line '	step2 -> out;'
}

@test "npipe --check passes a good pipeline without reading anything" {
	run -0 --separate-stderr npipe --check two.yaml </dev/full
	assert_output ""
	assert_equal "$stderr" ""
}

@test "a misspelt option fails before any input is read, at file:line:col" {
	rm records.ndjson
	mkfifo records.ndjson
	run -2 --separate-stderr npipe misspelt.yaml
	assert_output ""
	assert_equal "$stderr" "npipe: misspelt.yaml:7:7: unknown option 'treshold' for ntfilter"
	run -2 --separate-stderr npipe --check misspelt.yaml
	assert_equal "$stderr" "npipe: misspelt.yaml:7:7: unknown option 'treshold' for ntfilter"
}

@test "every problem in a pipeline file is reported, with line and column" {
	unset NTPIPE_UNSET
	run -2 --separate-stderr npipe --check broken.yaml
	assert_equal "$stderr" "npipe: broken.yaml:2:1: unknown key 'inptu' (known: name, input, output, append, state, steps, allow)
npipe: broken.yaml:3:9: append must be true or false
npipe: broken.yaml:4:9: output must be a single value, not a list
npipe: broken.yaml:7:12: variable 'NTPIPE_UNSET' is not set (give a default with \${NTPIPE_UNSET:-default})
npipe: broken.yaml:8:5: unknown program 'nclaen' (no ntools program of that name beside npipe or installed)
npipe: broken.yaml:10:5: a step names one program; indent 'del' under 'ntfilter' to make it an option"
}

@test "input: and allow: each take a name or a list of names, nothing deeper" {
	printf 'input: [a.ndjson, [b.ndjson]]\nallow: {prog: x}\nsteps:\n  - ntfilter\n' >lists.yaml
	run -2 --separate-stderr npipe --check lists.yaml
	assert_equal "$stderr" "npipe: lists.yaml:1:19: input must be a file name or glob, or a list of them
npipe: lists.yaml:2:8: allow must be a program's name or path, or a list of them"
}

@test "a value a step rejects is reported at its line and column" {
	cat >p.yaml <<-'EOF'
	steps:
	  - ntfilter:
	      set: nokey
	EOF
	run -2 --separate-stderr npipe p.yaml
	assert_equal "$stderr" "npipe: p.yaml:3:7: step 1 (ntfilter): --set needs key=json"
}

@test "a pipeline file that is not YAML, or not there" {
	printf 'steps: [a\n' >p.yaml
	run -2 --separate-stderr npipe p.yaml
	assert_equal "$stderr" "npipe: p.yaml:2:1: did not find expected ',' or ']'"
	run -2 --separate-stderr npipe nothere.yaml
	assert_equal "$stderr" "npipe: nothere.yaml: No such file or directory"
	run -2 --separate-stderr npipe
	assert_equal "$stderr" "usage: npipe [run] [--check | --dry-run | --graph] [--[no-]progress]
             [--allow-foreign] [--engine local|parallel|slurm]
             [--jobs n] [--sshlogin hosts] [-o file] pipeline.yaml
             [input ...]
Try 'npipe --help' for more."
}

@test "\${VAR} and \${VAR:-default} come from the environment" {
	cat >p.yaml <<-'EOF'
	input: ${IN:-records.ndjson}
	steps:
	  - ntfilter: {no-chars: true, set: 'tag="${TAG}$$"'}
	EOF
	TAG=x run -0 npipe p.yaml
	assert_line --index 0 '{"id":"a1","text":"Kyiv, 17 January.","n":1.0,"tag":"x$"}'
	head -n 1 records.ndjson >one
	IN=one TAG=y run -0 npipe p.yaml
	assert_output '{"id":"a1","text":"Kyiv, 17 January.","n":1.0,"tag":"y$"}'
}

@test "inputs on the command line replace the file's, and - is stdin" {
	head -n 1 records.ndjson >one
	run -0 npipe two.yaml one
	assert_output '{"id":"a1","text":"Kyiv, 17 January.","n":2,"chars":17,"src":"test"}'
	printf '{"id":"s","text":""}' | npipe two.yaml - one >got
	run -0 cat got
	assert_line --index 0 '{"id":"s","text":"","chars":0,"src":"test","n":2}'
	assert_line --index 1 '{"id":"a1","text":"Kyiv, 17 January.","n":2,"chars":17,"src":"test"}'
}

@test "a failing step makes npipe exit with its status and name it" {
	cat >p.yaml <<-'EOF'
	input: one
	output: out.ndjson
	steps:
	  - ntfilter
	  - ntfilter: {reject: no/such/dir/rejects.ndjson}
	  - ntfilter
	EOF
	echo old >out.ndjson
	head -n 1 records.ndjson >one
	run -1 --separate-stderr npipe p.yaml
	assert_equal "$stderr" "ntfilter: no/such/dir/rejects.ndjson: No such file or directory
npipe: step 2 (ntfilter) exited with status 1"
	# The output is left as it was, and no temporary file stays.
	run -0 ls
	refute_output --partial npipe-
	assert_equal "$(cat out.ndjson)" old
	fake nexit 'cat >/dev/null; exit 4'
	printf 'steps: [ntfilter, nexit, ntfilter]\nallow: [nexit]\n' >p.yaml
	run -4 --separate-stderr npipe --allow-foreign p.yaml one
	assert_equal "$stderr" "npipe: step 2 (nexit) exited with status 4"
}

@test "a step killed by a signal is named with the signal" {
	fake nkill 'kill -s TERM $$'
	printf 'steps: [ntfilter, nkill]\nallow: [nkill]\n' >p.yaml
	head -n 1 records.ndjson >one
	run -143 --separate-stderr npipe --allow-foreign p.yaml one
	assert_equal "$stderr" "npipe: step 2 (nkill) was killed by SIGTERM"
}

@test "a step that stops reading early fails the run: records went unread" {
	records 1 100000 >big.ndjson
	fake nhead 'exec head -n 1'
	printf 'state: state\noutput: out.ndjson\nsteps: [ntfilter, nhead]\nallow: [nhead]\n' >p.yaml
	run -1 --separate-stderr npipe --allow-foreign p.yaml big.ndjson
	assert_equal "$stderr" "npipe: step 2 (nhead) ended before reading all its input"
	printf 'state: state\noutput: out.ndjson\nsteps: [nhead, ntfilter]\nallow: [nhead]\n' >p.yaml
	run -1 --separate-stderr npipe --allow-foreign p.yaml big.ndjson
	assert_equal "$stderr" "npipe: step 1 (nhead) ended before reading all its input"
	[ ! -e out.ndjson ]
	[ ! -e state/p.offsets ]
}

@test "rejected records give status 3, and the rest is written" {
	printf '{"id":"x"}\nnot json\n{"id":"y"}\n' >in.ndjson
	printf 'output: out.ndjson\nsteps: [ntfilter]\n' >p.yaml
	run -3 --separate-stderr npipe p.yaml in.ndjson
	assert_equal "$stderr" "ntfilter: in.ndjson:2: not a JSON object (column 1)
ntfilter: 2 records had no 'text' field and passed through unchanged
npipe: step 1 (ntfilter) exited with status 3 (some records rejected)"
	assert_equal "$(cat out.ndjson)" '{"id":"x"}
{"id":"y"}'
}

@test "output: a file is replaced whole; append: true adds to it" {
	printf 'input: records.ndjson\noutput: out.ndjson\nsteps: [ntfilter]\n' >p.yaml
	echo old >out.ndjson
	chmod 640 out.ndjson
	npipe p.yaml
	ntfilter records.ndjson >want
	cmp out.ndjson want
	run -0 stat -c %a out.ndjson
	assert_output 640
	printf 'append: true\n' >>p.yaml
	npipe p.yaml
	cat want want >want2
	cmp out.ndjson want2
	npipe -o other.ndjson p.yaml
	cmp other.ndjson want
}

@test "a last line without a newline is still a record, between files too" {
	printf '{"id":"x"}' >a
	printf '{"id":"y"}\n' >b
	printf 'steps: [ntfilter]\n' >p.yaml
	run -0 --separate-stderr npipe p.yaml a b
	assert_output '{"id":"x"}
{"id":"y"}'
}

@test "a closed standard output ends npipe and its steps quietly" {
	records 1 100000 >big.ndjson
	printf 'steps: [ntfilter, ntfilter]\n' >p.yaml
	run -0 --separate-stderr bash -c 'set -o pipefail; npipe p.yaml big.ndjson | head -n 1; echo "status ${PIPESTATUS[0]}"'
	assert_output '{"id":"r1","text":"record 1","chars":8}
status 141'
	assert_equal "$stderr" ""
}

@test "--progress reports records in and out on stderr" {
	printf 'steps: [ntfilter]\n' >p.yaml
	records 1 4 >in.ndjson
	run -0 --separate-stderr npipe --progress p.yaml in.ndjson
	# One line a second while it runs (none, on a fast machine), then
	# the totals.
	[[ ${stderr_lines[-1]} =~ ^npipe:\ 4\ records\ in,\ 4\ out,\ [0-9]+\.[0-9]\ MB/s$ ]]
}

@test "with state, a second run reads exactly the records appended since" {
	mkdir feed
	records 1 500 >feed/a.ndjson
	run -0 npipe incremental.yaml
	assert_equal "$(wc -l <out.ndjson)" 500
	records 501 600 >>feed/a.ndjson
	npipe incremental.yaml
	assert_equal "$(wc -l <out.ndjson)" 600
	records 1 600 | ntfilter --no-chars --set=seen=true >want
	cmp out.ndjson want
	# Nothing new: nothing read.
	npipe incremental.yaml
	cmp out.ndjson want
}

@test "with state, a partial last line waits for its newline" {
	mkdir feed
	printf '{"id":"a"}\n{"id":' >feed/a.ndjson
	npipe incremental.yaml
	assert_equal "$(cat out.ndjson)" '{"id":"a","seen":true}'
	printf '"b"}\n' >>feed/a.ndjson
	npipe incremental.yaml
	assert_equal "$(cat out.ndjson)" '{"id":"a","seen":true}
{"id":"b","seen":true}'
}

@test "with state, a replaced or truncated file is read from the start" {
	mkdir feed
	records 1 3 >feed/a.ndjson
	npipe incremental.yaml
	records 11 12 >feed/new && mv feed/new feed/a.ndjson
	OUT=out2 npipe incremental.yaml
	assert_equal "$(jq -r .id out2 | tr '\n' ' ')" "r11 r12 "
	records 21 21 >feed/a.ndjson
	OUT=out3 npipe incremental.yaml
	assert_equal "$(jq -r .id out3)" "r21"
	# A new file matching the glob is read from its start.
	records 31 31 >feed/b.ndjson
	OUT=out4 npipe incremental.yaml
	assert_equal "$(jq -r .id out4)" "r31"
}

@test "a second run while one holds the lock exits 75" {
	mkdir feed
	records 1 3 >feed/a.ndjson
	mkdir state
	run -75 --separate-stderr flock state/incremental.lock npipe incremental.yaml
	assert_equal "$stderr" "npipe: incremental.yaml: another run of incremental is still going (state/incremental.lock is locked)"
	[ ! -e out.ndjson ]
	run -0 npipe incremental.yaml
}

@test "a run killed with SIGKILL loses no record: the next run makes the output whole" {
	records 1 200 >feed.ndjson
	fake nhold 'if [ -n "$HOLD" ]; then
	head -n 100; echo $$ >"$HOLD"; exec sleep 600
fi
exec cat'
	HOLD=$PWD/held npipe --allow-foreign hold.yaml 3>&- &
	pid=$!
	waitfor '[ -s held ] && [ -f out.ndjson ] && [ "$(wc -l <out.ndjson)" -ge 100 ]'
	kill -KILL "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 137 ]
	# The steps hold the lock: the next run may start once they are gone.
	run -75 npipe --allow-foreign hold.yaml
	kill "$(cat held)"
	flock state/hold.lock true
	run -0 --separate-stderr npipe --allow-foreign hold.yaml
	records 1 200 | ntfilter --no-chars >want
	assert_equal "$stderr" "npipe: out.ndjson: removing $(head -n 100 want | wc -c) bytes an interrupted run left"
	cmp out.ndjson want
}

@test "SIGTERM reaches every step and nothing is committed" {
	records 1 10 >feed.ndjson
	fake nhold 'echo $$ >"$HOLD"; exec sleep 600'
	HOLD=$PWD/held npipe --allow-foreign hold.yaml 3>&- 2>err &
	pid=$!
	waitfor '[ -s held ]'
	kill -TERM "$pid"
	status=0
	wait "$pid" || status=$?
	assert_equal "$status" 143
	assert_equal "$(cat err)" "npipe: interrupted by SIGTERM; nothing was committed"
	# The step was stopped by npipe passing the signal on.
	run ! kill -0 "$(cat held)"
	run -1 grep -c '"path"' state/hold.offsets
}

# n articles whose texts share no shingles: ndedupe keeps every one.
articles() {
	awk -v from="$1" -v to="$2" 'BEGIN {
		for (i = from; i <= to; i++) {
			srand(i)
			s = ""
			for (j = 0; j < 30; j++)
				s = s sprintf("w%d ", int(rand() * 100000))
			printf "{\"id\":\"a%d\",\"text\":\"%s.\"}\n", i, s
		}
	}'
}

@test "a step's state file is the step's own: npipe neither copies nor renames it" {
	records 1 5 >feed.ndjson
	cat >p.yaml <<-'EOF'
	input: feed.ndjson
	output: out.ndjson
	state: state
	steps:
	  - ndedupe: {state: seen.db}
	EOF
	ndedupe --state seen.db </dev/null
	ino=$(stat -c %i seen.db)
	# An offsets file of an earlier version, which ran steps on copies.
	mkdir state
	echo '{"pending":"seen.db.npipe","to":"seen.db"}' >state/p.offsets
	run -0 npipe p.yaml
	assert_equal "$(stat -c %i seen.db)" "$ino"
	run -0 ls
	refute_output --partial .npipe
	run -1 grep -c pending state/p.offsets
	assert_equal "$(wc -l <out.ndjson)" 5
}

@test "a step's state file learns a run only when the run is committed" {
	articles 1 10 >feed.ndjson
	fake nfail 'cat; [ -z "$FAIL" ]'
	cat >p.yaml <<-'EOF'
	input: feed.ndjson
	output: out.ndjson
	state: state
	allow: [nfail]
	steps:
	  - ndedupe: {state: seen.db}
	  - nfail
	EOF
	FAIL=1 run -1 --separate-stderr npipe --allow-foreign p.yaml
	assert_equal "$stderr" "npipe: step 2 (nfail) exited with status 1
ndedupe: seen.db: the pipeline did not commit its output; nothing of this run is remembered"
	[ ! -e out.ndjson ]
	run -0 ndedupe --state seen.db --annotate feed.ndjson
	assert_equal "$(jq -c 'select(.dup)' <<<"$output")" ""
	rm seen.db*
	run -0 npipe --allow-foreign p.yaml
	assert_equal "$(wc -l <out.ndjson)" 10
	run -0 ndedupe --state seen.db feed.ndjson
	assert_output ''
}

@test "two pipelines sharing one ndedupe state, started 20 ways apart: it knows every record of both" {
	articles 1 1500 >a.ndjson
	articles 1501 3000 >b.ndjson
	for x in a b; do
		cat >p$x.yaml <<-EOF
		input: $x.ndjson
		output: out-$x.ndjson
		state: state-$x
		steps:
		  - nclean
		  - ndedupe: {state: shared.db, batch: 50}
		EOF
	done
	for i in $(seq 0 19); do
		rm -rf shared.db* state-a state-b out-*
		npipe pa.yaml 3>&- &
		pa=$!
		sleep "0.0$((i / 2))$((i % 2 * 5))"
		run -0 npipe pb.yaml
		wait "$pa"
		assert_equal "$(cat out-a.ndjson out-b.ndjson | wc -l)" 3000
		run -0 ndedupe --state shared.db a.ndjson b.ndjson
		assert_output ''
	done
}

@test "two steps of one pipeline on one state file are refused before anything runs" {
	cat >p.yaml <<-'EOF'
	steps:
	  - ndedupe: {state: s.db}
	  - nclean
	  - ndedupe:
	      state: s.db
	EOF
	run -2 --separate-stderr npipe --check p.yaml
	assert_equal "$stderr" "npipe: p.yaml:5:14: state file 's.db' is step 1's already (line 2): two steps cannot share one"
	[ ! -e s.db ]
}

# Found by tests/fuzz/fuzz_pipeline: a state option whose value was an
# error was still looked up as the step's state file (past the end of
# its options: a crash).
@test "a state option that fails to expand is an error, not a step's state file" {
	printf 'steps:\n  - ndedupe:\n      state: ${NTOOLS_STATE:-x\n  - ndedupe: {state: y}\n' >p.yaml
	run -2 --separate-stderr npipe --check p.yaml
	assert_equal "$stderr" "npipe: p.yaml:3:14: no '}' after \${NTOOLS_STATE:-"
}

@test "a rejected line is named by its own file and line, also when a run resumes" {
	printf '{"id":"a","text":"one"}\n{"id":"b","text":"two"}\n' >f1.ndjson
	printf '{"id":"c","text":"three"}\nnot json\n{"id":"d","text":"four"}\n' >f2.ndjson
	cat >p.yaml <<-'EOF'
	input: [f1.ndjson, f2.ndjson]
	output: out.ndjson
	append: true
	state: state
	steps:
	  - nclean: {reject: rej.ndjson, jobs: 2}
	  - nsplit
	EOF
	run -3 --separate-stderr npipe p.yaml
	assert_equal "$stderr" "nclean: f2.ndjson:2: not a JSON object (column 1)
npipe: step 1 (nclean) exited with status 3 (some records rejected)"
	assert_equal "$(jq -c '[.source, .line]' rej.ndjson)" '["f2.ndjson",2]'
	printf 'bad again\n' >>f2.ndjson
	printf '{"id":"e","text":"five"}\n[]\n' >>f1.ndjson
	run -3 --separate-stderr npipe p.yaml
	assert_equal "$stderr" "nclean: f1.ndjson:4: not a JSON object (an array) (column 1)
nclean: f2.ndjson:4: not a JSON object (column 1)
npipe: step 1 (nclean) exited with status 3 (some records rejected)"
	assert_equal "$(jq -c '[.source, .line]' rej.ndjson | tail -n 2)" '["f1.ndjson",4]
["f2.ndjson",4]'
	# Offsets saved before lines were kept: the lines are counted.
	sed -i 's/"line":[0-9]*,//' state/p.offsets
	printf 'x\n' >>f2.ndjson
	run -3 --separate-stderr npipe p.yaml
	assert_equal "$stderr" "nclean: f2.ndjson:5: not a JSON object (column 1)
npipe: step 1 (nclean) exited with status 3 (some records rejected)"
	# A byte-order mark that opens a file is no part of its records.
	printf '\xef\xbb\xbf{"id":"g","text":"seven"}\n' >f3.ndjson
	run -0 npipe p.yaml f3.ndjson
}

@test "killed after ndedupe recorded its texts, the next run still loses none" {
	articles 1 200 >feed.ndjson
	fake nhold 'if [ -n "$HOLD" ]; then
	head -n 100; echo $$ >"$HOLD"; exec sleep 600
fi
exec cat'
	cat >p.yaml <<-'EOF'
	input: feed.ndjson
	output: out.ndjson
	append: true
	state: state
	allow: [nhold]
	steps:
	  - ndedupe: {state: state/seen.db, batch: 10}
	  - nhold
	EOF
	HOLD=$PWD/held npipe --allow-foreign p.yaml 3>&- &
	pid=$!
	waitfor '[ -s held ] && [ -f out.ndjson ] && [ "$(wc -l <out.ndjson)" -ge 100 ]'
	kill -KILL "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 137 ]
	kill "$(cat held)"
	flock state/p.lock true
	run -0 --separate-stderr npipe --allow-foreign p.yaml
	cmp out.ndjson feed.ndjson
	# What ndedupe remembered was committed with the output: now they
	# are all duplicates.
	articles 1 200 >feed.ndjson
	: >out.ndjson
	rm state/p.offsets
	run -0 npipe --allow-foreign p.yaml
	assert_equal "$(wc -c <out.ndjson)" 0
}

@test "a step whose data file is missing is named, with its status, before anything runs" {
	printf '{"id":"x","text":"Anna Berg spoke."}\n' >in.ndjson
	cat >p.yaml <<-'EOF'
	input: in.ndjson
	output: out.ndjson
	steps:
	  - ntfilter
	  - nentities:
	      gazetteer: [names.yaml, missing.yaml]
	EOF
	printf 'person: [Anna Berg]\n' >names.yaml
	# npipe exits with the status the step's check gave.
	run --separate-stderr nentities --check -g names.yaml -g missing.yaml
	want=$status
	[ "$want" -ne 0 ]
	run -"$want" --separate-stderr npipe p.yaml
	assert_equal "$stderr" "npipe: p.yaml:6:31: step 2 (nentities): missing.yaml: No such file or directory"
	[ ! -e out.ndjson ]
}

@test "an output that is not a regular file is written to, never replaced" {
	printf 'output: fifo\nsteps: [ntfilter]\n' >p.yaml
	head -n 1 records.ndjson >one
	mkfifo fifo
	cat fifo >got 3>&- &
	run -0 npipe p.yaml one
	wait
	[ -p fifo ]
	assert_equal "$(cat got)" '{"id":"a1","text":"Kyiv, 17 January.","n":1.0,"chars":17}'
	# Through a symbolic link, the file it names is replaced.
	echo old >real
	ln -s real link
	run -0 npipe -o link p.yaml one
	[ -L link ]
	assert_equal "$(cat real)" '{"id":"a1","text":"Kyiv, 17 January.","n":1.0,"chars":17}'
}

@test "a full disk on standard output is an error" {
	printf 'steps: [ntfilter]\n' >p.yaml
	head -n 1 records.ndjson >one
	run -1 --separate-stderr bash -c 'npipe p.yaml one >/dev/full'
	assert_equal "$stderr" "npipe: stdout: No space left on device"
}

@test "the output is never read as an input" {
	mkdir feed
	records 1 3 >feed/a.ndjson
	printf 'input: feed/*.ndjson\noutput: feed/out.ndjson\nappend: true\nsteps: [ntfilter]\n' >p.yaml
	npipe p.yaml
	npipe p.yaml
	assert_equal "$(wc -l <feed/out.ndjson)" 6
	run -1 --separate-stderr npipe p.yaml feed/a.ndjson feed/out.ndjson
	assert_equal "$stderr" "npipe: feed/out.ndjson: is the output too"
}

@test "pipelines/entities.yaml annotates whole articles" {
	run -0 --separate-stderr npipe --check "$NT_ROOT/pipelines/entities.yaml"
	assert_equal "$stderr" ""
	mkdir examples
	cp "$NT_ROOT/examples/articles.ndjson" examples/
	npipe "$NT_ROOT/pipelines/entities.yaml" >got
	set -o pipefail
	nclean <examples/articles.ndjson |
	    nentities --types=person,organization,location,date,money,percent,quantity >want
	cmp got want
	assert_equal "$(wc -l <got)" "$(wc -l <examples/articles.ndjson)"
}

@test "ndedupe's misspelt threshold is caught at its line and column, nothing read" {
	cat >daily.yaml <<-'EOF'
	name: daily
	input: feed.ndjson
	output: out.ndjson
	steps:
	  - nclean
	  - ndedupe:
	      treshold: 0.8
	  - nentities
	EOF
	mkfifo feed.ndjson
	run -2 --separate-stderr npipe daily.yaml
	assert_output ""
	assert_equal "$stderr" "npipe: daily.yaml:7:7: unknown option 'treshold' for ndedupe"
	[ ! -e out.ndjson ]
}

@test "every pipeline in pipelines/ passes npipe --check" {
	for f in "$NT_ROOT"/pipelines/*.yaml; do
		run -0 --separate-stderr npipe --check "$f"
		assert_equal "$stderr" ""
	done
}

@test "pipelines/news.yaml gives byte for byte what the shell pipeline gives" {
	mkdir examples
	cp "$NT_ROOT/examples/articles.ndjson" examples/
	run -0 --separate-stderr npipe "$NT_ROOT/pipelines/news.yaml"
	printf '%s\n' "$output" >got
	set -o pipefail
	nclean <examples/articles.ndjson | ndedupe --threshold=0.8 |
	    nsplit --unit=sentence --keep=source,date,title | nentities |
	    nstats --pass --report=typed-stats.json >want
	cmp got want
	cmp news-stats.json typed-stats.json
	[ "$(wc -l <want)" -gt 100 ]
	# The pipeline --dry-run prints runs the same.
	rm news-stats.json
	eval "$(npipe --dry-run "$NT_ROOT/pipelines/news.yaml")" >dry
	cmp dry want
	cmp news-stats.json typed-stats.json
}

@test "pipelines/hourly.yaml: a second run processes exactly the 100 records appended" {
	export NTOOLS_FEED='feed/*.ndjson' NTOOLS_OUT=out.ndjson NTOOLS_STATE=st
	mkdir feed
	articles 1 500 >feed/a.ndjson
	run -0 npipe "$NT_ROOT/pipelines/hourly.yaml"
	cp out.ndjson first
	assert_equal "$(jq -r .doc_id first | sort -u | wc -l)" 500
	articles 501 600 >>feed/a.ndjson
	run -0 npipe "$NT_ROOT/pipelines/hourly.yaml"
	cmp -n "$(wc -c <first)" first out.ndjson
	tail -c +"$(($(wc -c <first) + 1))" out.ndjson | jq -r .doc_id | uniq >new
	articles 501 600 | jq -r .id >want
	cmp new want
	# A story seen in an earlier run is not written again.
	articles 1 100 >feed/b.ndjson
	cp out.ndjson second
	run -0 npipe "$NT_ROOT/pipelines/hourly.yaml"
	cmp out.ndjson second
}

@test "pipelines/hourly.yaml killed with SIGKILL: the next run leaves the output as one whole run would" {
	export NTOOLS_FEED='feed/*.ndjson' NTOOLS_STATE=st
	mkdir feed
	articles 1 3000 >feed/a.ndjson
	NTOOLS_OUT=whole.ndjson NTOOLS_STATE=st-whole npipe "$NT_ROOT/pipelines/hourly.yaml"
	export NTOOLS_OUT=out.ndjson
	npipe "$NT_ROOT/pipelines/hourly.yaml" 3>&- &
	pid=$!
	# Kill it as soon as output appears, or after the end: either way
	# the next run must make the output whole.
	waitfor '[ -s out.ndjson ] || ! kill -0 '"$pid"
	# The shell reaps a finished child at once, and kill then finds no
	# process; the status tells which it was: killed (137) or done (0).
	kill -KILL "$pid" 2>/dev/null || [ ! -e "/proc/$pid" ]
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 0 ] || [ "$rc" -eq 137 ]
	flock st/hourly.lock true
	run -0 npipe "$NT_ROOT/pipelines/hourly.yaml"
	cmp out.ndjson whole.ndjson
}

@test "every program describes its options, one a line, as ntools(7) says" {
	local t name rest
	for t in nclean ndedupe nentities nimport npipe nsplit nstats ntfilter; do
		run -0 --separate-stderr "$t" --describe-options
		assert_equal "$stderr" ""
		[ "${#lines[@]}" -gt 5 ]
		for l in "${lines[@]}"; do
			[[ $l =~ ^[a-z][a-z-]*$'\t'(arg|flag)$'\t'(once|repeat|list)$'\t'[^$'\t']+$ ]] ||
			    { echo "$t: bad line '$l'"; return 1; }
		done
		assert_line --partial $'describe-options\tflag\tonce\t'
		assert_line --partial $'help\tflag\tonce\t'
		[ "$t" = ntfilter ] && continue
		# Every option described is in --help and in the man page.
		for l in "${lines[@]}"; do
			name=${l%%$'\t'*}
			"$t" --help | grep -q -- "--$name\\b" ||
			    { echo "$t --help lacks --$name"; return 1; }
			sed 's/\\-/-/g' "$NT_ROOT/man/man1/$t.1" |
			    grep -q -- "Fl -$name\\b" ||
			    { echo "$t(1) lacks --$name"; return 1; }
		done
	done
	run -0 nclean --describe-options
	assert_line $'rules\targ\trepeat\tadd, replace or disable rules (nclean-rules(5))'
	assert_line --partial $'explain\tflag\tonce\t'
	run -0 nentities --describe-options
	assert_line --partial $'gazetteer\targ\trepeat\t'
	assert_line --partial $'types\targ\tlist\t'
	run -0 nsplit --describe-options
	assert_line --partial $'abbrev\targ\trepeat\t'
	assert_line --partial $'keep\targ\tlist\t'
	run -0 ndedupe --describe-options
	assert_line --partial $'threshold\targ\tonce\t'
	run -0 nstats --describe-options
	assert_line --partial $'by\targ\tlist\t'
	run -0 ntfilter --describe-options
	assert_line --partial $'set\targ\trepeat\t'
	run -1 bash -c 'nsplit --describe-options >/dev/full'
}

@test "a step's options are checked against what its program describes" {
	cat >p.yaml <<-'EOF'
	steps:
	  - ndedupe:
	      annotate: 3
	      threshold: [0.8, 0.9]
	      state: true
	EOF
	run -2 --separate-stderr npipe --check p.yaml
	assert_equal "$stderr" "npipe: p.yaml:3:17: option 'annotate' for ndedupe is a flag: true or false
npipe: p.yaml:4:18: option 'threshold' for ndedupe takes one value, not a list
npipe: p.yaml:5:14: option 'state' for ndedupe takes a value, not true or false"
	# A list is the option repeated, or one comma list, as the program says.
	printf 'steps:\n  - nsplit: {keep: [id, title], abbrev: [a.yaml, b.yaml], annotate: true}\n' >p.yaml
	run -0 npipe --dry-run p.yaml
	assert_output "$NT_ROOT/tools/nsplit --keep=id,title --abbrev=a.yaml --abbrev=b.yaml --annotate"
}

@test "a step that is a path is refused and never run, not even by --check" {
	mkdir x
	printf '#!/bin/sh\ntouch "%s/ran"\ncat\n' "$PWD" >x/evil.sh
	chmod +x x/evil.sh
	printf 'steps:\n  - %s/x/evil.sh\n' "$PWD" >p.yaml
	for mode in --check --dry-run --graph run; do
		run -2 --separate-stderr npipe $mode p.yaml records.ndjson
		assert_output ""
		assert_equal "$stderr" "npipe: p.yaml:2:5: program '$PWD/x/evil.sh' is not an ntools program; to run it, list it under 'allow' and give --allow-foreign"
		[ ! -e ran ]
	done
	# Allowed by the pipeline and by the user, it runs.
	printf 'allow: [%s/x/evil.sh]\n' "$PWD" >>p.yaml
	run -2 --separate-stderr npipe --check p.yaml
	assert_equal "$stderr" "npipe: p.yaml:2:5: program '$PWD/x/evil.sh' is allowed by the pipeline but runs only with --allow-foreign"
	[ ! -e ran ]
	run -0 --separate-stderr npipe --allow-foreign --check p.yaml
	[ ! -e ran ]
	run -0 --separate-stderr npipe --allow-foreign p.yaml records.ndjson
	[ -e ran ]
	assert_output "$(cat records.ndjson)"
}

@test "a program found only on PATH is refused, and an ntools program is not looked for there" {
	fake nmark 'touch ran; cat'
	printf 'steps: [nmark]\n' >p.yaml
	run -2 --separate-stderr npipe p.yaml records.ndjson
	assert_equal "$stderr" "npipe: p.yaml:1:9: program 'nmark' is not an ntools program; to run it, list it under 'allow' and give --allow-foreign"
	[ ! -e ran ]
	# A program beside npipe wins over one of the same name on PATH.
	fake nsplit 'touch ran; cat'
	printf 'steps: [nsplit]\n' >p.yaml
	run -0 npipe --dry-run p.yaml
	assert_output "$NT_ROOT/tools/nsplit"
	run -0 npipe p.yaml records.ndjson
	[ ! -e ran ]
}
