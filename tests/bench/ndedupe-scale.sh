#!/bin/sh
# ndedupe --state as the state grows to a million records: twelve runs
# of 100,000 records each (made up; after the first run, one in ten
# repeats a record of the first run and one in twenty is a near copy of
# one, so a run writes 85,000), each run timed on its own: before the
# second, 100,000 records are in the state, before the twelfth about a
# million.  Flat means the time and peak memory per run do not grow with
# the state.  CPU seconds (user and system, and user alone) are printed
# beside the wall clock: on a machine others share, they are the fairer
# figure, and user time is ndedupe's own work (on this machine a run
# that writes into pages the kernel is writing back can spend seconds
# more in the system, whatever the state's size).  Not part
# of `make bench` (it writes ~1.3 GB and takes minutes):
#   NDEDUPE_SCALE=1 sh tests/bench/ndedupe-scale.sh
cd "$(dirname "$0")/../.." || exit 1
if [ -z "$NDEDUPE_SCALE" ]; then
	echo "ndedupe-scale: set NDEDUPE_SCALE=1 to run (minutes, ~1 GB)"
	exit 0
fi
RUNS=${RUNS:-12}
PER=${PER:-100000}
DIR=${TMPDIR:-/tmp}/ntools-bench/ndedupe-scale
mkdir -p "$DIR"
make -s tools/ndedupe
ST=$DIR/state.db
rm -f "$ST" "$ST-wal" "$ST-shm"

# Run r: records r*PER .. r*PER+PER-1, each 3 paragraphs of 20 words
# drawn from 20,000 made-up words, with numbers.
gen() {
	awk -v r="$1" -v per="$PER" 'BEGIN {
		for (n = r * per; n < (r + 1) * per; n++) {
			m = n
			kind = ""
			if (r > 0 && n % 10 == 3) {		# an earlier record
				m = (n * 7919) % per
			} else if (r > 0 && n % 20 == 7) {	# a near copy
				m = (n * 104729) % per
				kind = "near"
			}
			srand(m + 1)
			t = ""
			for (p = 0; p < 3; p++) {
				if (p > 0)
					t = t "\\n"
				for (w = 0; w < 20; w++) {
					x = int(rand() * 20000)
					t = t (w ? " " : "") "w" x "x" (x % 7 == 0 ? " " int(rand() * 1000) : "")
				}
				t = t "."
			}
			if (kind == "near")
				t = "[ad_1]\\n" t "\\nSource link"
			printf "{\"id\":\"g%d\",\"text\":\"%s\"}\n", n, t
		}
	}'
}

printf '%-6s %9s %9s %10s %8s %8s %8s %8s %8s %9s\n' run instate records written seconds cpu user us/rec peakMB stateMB
r=0
instate=0
while [ "$r" -lt "$RUNS" ]; do
	gen "$r" >"$DIR/in.ndjson"
	/usr/bin/time -f '%e %U %S %M' -o "$DIR/t" tools/ndedupe --state "$ST" \
	    "$DIR/in.ndjson" >"$DIR/out.ndjson" || exit 1
	read -r secs user sys kb <"$DIR/t"
	w=$(wc -l <"$DIR/out.ndjson")
	awk -v r="$r" -v n="$PER" -v w="$w" -v st="$instate" -v s="$secs" \
	    -v u="$user" -v y="$sys" -v kb="$kb" -v sz="$(wc -c <"$ST")" 'BEGIN {
		printf "%-6d %9d %9d %10d %8.2f %8.2f %8.2f %8.1f %8.1f %9.1f\n",
		    r + 1, st, n, w, s, u + y, u, (u + y) * 1e6 / n, kb / 1024,
		    sz / 1e6 }'
	instate=$((instate + w))
	r=$((r + 1))
done
rm -f "$DIR/in.ndjson" "$DIR/out.ndjson"
