#!/bin/sh
# The language detector alone over the 100 MB file: tests/bin/ntlang
# (record layer plus detector) beside jq -c ., then the processor time
# the detector itself took, in MB of text a second.
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
bench_data
make -s tests/bin/ntlang
export NTOOLS_DATA="$PWD/data"
measure "ntlang (records + lang)" "$BIG" ./tests/bin/ntlang
./tests/bin/ntlang --time <"$BIG" 2>&1 >/dev/null | sed 's/^ntlang: /lang alone: /'
