#!/bin/sh
# nsplit on the 100 MB file: a record per sentence, and --annotate.
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
bench_data
make -s tools/nsplit
measure "nsplit" "$BIG" tools/nsplit
measure "nsplit --jobs 1" "$BIG" tools/nsplit --jobs 1
measure "nsplit --annotate" "$BIG" tools/nsplit --annotate
