#!/bin/sh
# nentities with every type on, and with names only.
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
bench_data
make -s tools/nentities
measure "nentities (all types)" "$BIG" tools/nentities
