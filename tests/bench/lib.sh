# Shared by the benchmark scripts: where the data is, and measure(),
# which runs a command BENCH_RUNS times, each time right after a run of
# `jq -c .` on the same input, and prints MB/s, records/s and peak
# memory, and its speed beside jq's.  Each figure is the fastest of the
# runs, jq's too: what else runs on the machine only ever adds time, and
# on a shared machine one run of either can be a fifth slower than the
# next, or a minute later a third slower (a program on two threads more
# so than jq on one, when a neighbour takes a processor).  jq run in
# turn with the program meets the same load.
SHARED=${SHARED:-$(cd .. && pwd)/shared}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/ntools-bench}
BENCH_RUNS=${BENCH_RUNS:-3}
mkdir -p "$BENCH_DIR"
BIG=$BENCH_DIR/news-100mb.ndjson

# The smaller of two numbers.
least() {
	awk -v a="$1" -v b="$2" 'BEGIN { print (b < a ? b : a) }'
}

# fastest OUT INPUT CMD...: run CMD on stdin INPUT BENCH_RUNS times,
# running $BENCH_BEFORE first each time if it is set, and, if JQ_BESIDE
# names a file, `jq -c .` on it before each; write the fastest run's
# seconds, the largest peak memory in KB, the last exit status and the
# fastest jq's seconds (0 without JQ_BESIDE) to OUT.
fastest() {
	out=$1 in=$2
	shift 2
	best= jbest=0 peak=0 rc=0 i=0
	while [ "$i" -lt "$BENCH_RUNS" ]; do
		if [ -n "${JQ_BESIDE:-}" ]; then
			/usr/bin/time -f '%e' -o "$out.jq" jq -c . \
			    <"$JQ_BESIDE" >/dev/null
			j=$(cat "$out.jq")
			[ "$jbest" = 0 ] && jbest=$j
			jbest=$(least "$jbest" "$j")
		fi
		[ -n "${BENCH_BEFORE:-}" ] && eval "$BENCH_BEFORE"
		/usr/bin/time -f '%e %M' -o "$out.1" "$@" <"$in"
		rc=$?
		read -r s kb <"$out.1"
		best=$(least "${best:-$s}" "$s")
		[ "$kb" -gt "$peak" ] && peak=$kb
		i=$((i + 1))
	done
	echo "$best $peak $rc $jbest" >"$out"
}

# Unpack the 100 MB benchmark file once.
bench_data() {
	if [ ! -f "$SHARED/corpora/news-100mb.ndjson.gz" ]; then
		echo "bench: $SHARED/corpora is missing; nothing to measure" >&2
		exit 0
	fi
	[ -s "$BIG" ] || gzip -dc "$SHARED/corpora/news-100mb.ndjson.gz" >"$BIG"
	BYTES=$(wc -c <"$BIG")
	RECORDS=$(wc -l <"$BIG")
	# jq in this run (make bench times it once for every script), on
	# a file read once before, as every program after it reads it.
	if [ -z "${JQ_SECS:-}" ]; then
		cat "$BIG" >/dev/null
		fastest "$BENCH_DIR/jq.time" "$BIG" jq -c . >/dev/null
		JQ_SECS=$(cut -d' ' -f1 "$BENCH_DIR/jq.time")
	fi
}

# measure LABEL INPUT CMD...: CMD reads INPUT on stdin; output is dropped.
# jq runs beside it on JQ_IN (default INPUT).
measure() {
	label=$1 input=$2
	shift 2
	JQ_BESIDE=${JQ_IN:-$input} fastest "$BENCH_DIR/t" "$input" "$@" \
	    >/dev/null
	read -r secs kb rc jq <"$BENCH_DIR/t"
	awk -v l="$label" -v s="$secs" -v kb="$kb" -v b="$BYTES" \
	    -v r="$RECORDS" -v jq="$jq" -v rc="$rc" 'BEGIN {
		if (s <= 0) s = 0.01
		printf "%-28s %8.1f MB/s %10.0f rec/s %7.1f MB peak %6.1fx jq -c .%s\n",
		    l, b / s / 1e6, r / s, kb / 1024, jq / s,
		    rc == 0 || rc == 3 ? "" : "  (exit " rc ")"
	}'
}
