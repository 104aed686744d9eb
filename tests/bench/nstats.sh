#!/bin/sh
# nstats: a summary of the 100 MB file, and the same with --pass.
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
bench_data
make -s tools/nstats
measure "nstats" "$BIG" tools/nstats
measure "nstats --pass" "$BIG" tools/nstats --pass \
    --report "$BENCH_DIR/nstats.report"
measure "nstats --format table" "$BIG" tools/nstats --format table
