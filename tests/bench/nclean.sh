#!/bin/sh
# nclean over the 100 MB file, then over a tenth and the whole of it
# again with --explain, to show that peak memory does not grow with the
# input.
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
bench_data
make -s tools/nclean
measure "nclean" "$BIG" ./tools/nclean
measure "nclean --jobs 1" "$BIG" ./tools/nclean --jobs 1
head -c "$((BYTES / 10))" "$BIG" | sed '$d' >"$BENCH_DIR/tenth.ndjson"
/usr/bin/time -f '%M' -o "$BENCH_DIR/t10" ./tools/nclean --explain \
    <"$BENCH_DIR/tenth.ndjson" >/dev/null
/usr/bin/time -f '%M' -o "$BENCH_DIR/t100" ./tools/nclean --explain \
    <"$BIG" >/dev/null
awk -v a="$(cat "$BENCH_DIR/t10")" -v b="$(cat "$BENCH_DIR/t100")" 'BEGIN {
	printf "%-28s %7.1f MB peak on 10 MB, %.1f MB on 100 MB\n",
	    "nclean --explain", a / 1024, b / 1024
}'
rm -f "$BENCH_DIR/tenth.ndjson"
