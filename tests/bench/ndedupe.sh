#!/bin/sh
# ndedupe on the 100 MB file: in memory, with a new state file, and again
# with that state (every record seen before).
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
bench_data
make -s tools/ndedupe
ST=$BENCH_DIR/ndedupe-bench.db
rm -f "$ST" "$ST-wal" "$ST-shm"
measure "ndedupe" "$BIG" tools/ndedupe
measure "ndedupe --jobs 1" "$BIG" tools/ndedupe --jobs 1
measure "ndedupe --annotate" "$BIG" tools/ndedupe --annotate
BENCH_BEFORE='rm -f "$ST" "$ST-wal" "$ST-shm"'
measure "ndedupe --state (new)" "$BIG" tools/ndedupe --state "$ST"
BENCH_BEFORE=
measure "ndedupe --state (again)" "$BIG" tools/ndedupe --state "$ST"
rm -f "$ST" "$ST-wal" "$ST-shm"
