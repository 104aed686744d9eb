#!/bin/sh
# nentities with every type on: on the default threads, and on one.
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
bench_data
make -s tools/nentities
measure "nentities (all types)" "$BIG" tools/nentities
measure "nentities --jobs 1" "$BIG" tools/nentities --jobs 1
# The cost of --geo: the places of every location looked up and chosen.
measure "nentities --geo" "$BIG" tools/nentities --geo
measure "nentities --geo --jobs 1" "$BIG" tools/nentities --geo --jobs 1
