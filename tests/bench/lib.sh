# Shared by the benchmark scripts: where the data is, and measure(),
# which runs a command once and prints MB/s, records/s and peak memory
# beside `jq -c .` on the same input.
SHARED=${SHARED:-$(cd .. && pwd)/shared}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/ntools-bench}
mkdir -p "$BENCH_DIR"
BIG=$BENCH_DIR/news-100mb.ndjson

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
		/usr/bin/time -f '%e %M' -o "$BENCH_DIR/jq.time" \
		    jq -c . "$BIG" >/dev/null
		JQ_SECS=$(cut -d' ' -f1 "$BENCH_DIR/jq.time")
	fi
}

# measure LABEL INPUT CMD...: CMD reads INPUT on stdin; output is dropped.
measure() {
	label=$1 input=$2
	shift 2
	/usr/bin/time -f '%e %M' -o "$BENCH_DIR/t" "$@" <"$input" >/dev/null
	rc=$?
	read -r secs kb <"$BENCH_DIR/t"
	awk -v l="$label" -v s="$secs" -v kb="$kb" -v b="$BYTES" \
	    -v r="$RECORDS" -v jq="$JQ_SECS" -v rc="$rc" 'BEGIN {
		if (s <= 0) s = 0.01
		printf "%-28s %8.1f MB/s %10.0f rec/s %7.1f MB peak %6.1fx jq -c .%s\n",
		    l, b / s / 1e6, r / s, kb / 1024, jq / s,
		    rc == 0 || rc == 3 ? "" : "  (exit " rc ")"
	}'
}
