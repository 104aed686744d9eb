#!/bin/sh
# The record layer alone: validate every line, decode "text", add a field.
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
bench_data
make -s tests/bin/ntfilter
measure "record layer (ntfilter)" "$BIG" tests/bin/ntfilter
