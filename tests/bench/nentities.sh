#!/bin/sh
# nentities with every type on: on the default threads, and on one.
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
bench_data
make -s tools/nentities
measure "nentities (all types)" "$BIG" tools/nentities
measure "nentities --jobs 1" "$BIG" tools/nentities --jobs 1
