#!/bin/sh
# make bench: every tests/bench/*.sh, after jq -c . on the same file.
cd "$(dirname "$0")/.." || exit 1
. tests/bench/lib.sh
unset JQ_SECS
bench_data
export JQ_SECS
awk -v b="$BYTES" -v r="$RECORDS" -v s="$JQ_SECS" -v f="$BIG" 'BEGIN {
	printf "input: %s (%.1f MB, %d records)\n", f, b / 1e6, r
	printf "%-28s %8.1f MB/s %10.0f rec/s\n", "jq -c .", b / s / 1e6, r / s
}'
for s in tests/bench/*.sh; do
	[ "$(basename "$s")" = lib.sh ] && continue
	sh "$s" || exit 1
done
