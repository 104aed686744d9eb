#!/bin/sh
# One record of 50 MB (news texts joined with \n) through each text
# tool: seconds and peak memory, beside jq -c . on the same line.  The
# budget (issue 13.5): at most 6 times the record, and 300 MB, each.
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
bench_data
make -s tools/nclean tools/nsplit tools/nentities tools/ndedupe tools/nstats
REC=$BENCH_DIR/record-50mb.ndjson
if [ ! -s "$REC" ]; then
	python3 - "$BIG" "$REC" <<'PY' || exit 1
import json, sys
texts, n = [], 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        t = json.loads(line).get("text") or ""
        texts.append(t)
        n += len(t.encode()) + 1
        if n >= 50_000_000:
            break
text = "\n".join(texts).encode()[:50_000_000].decode("utf-8", "ignore")
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(json.dumps({"id": "big", "source": "bench", "text": text},
                       ensure_ascii=False) + "\n")
PY
fi
SIZE=$(wc -c <"$REC")
printf 'one record: %s (%.1f MB); budget %.0f MB a tool\n' "$REC" \
    "$(echo "$SIZE" | awk '{ print $1 / 1e6 }')" \
    "$(echo "$SIZE" | awk '{ m = 6 * $1 / 1048576; print m < 300 ? m : 300 }')"
# one LABEL CMD...: the record on stdin, the output dropped.
one() {
	label=$1
	shift
	/usr/bin/time -f '%e %M' -o "$BENCH_DIR/t" timeout 900 "$@" \
	    <"$REC" >/dev/null 2>"$BENCH_DIR/err"
	rc=$?
	read -r secs kb <"$BENCH_DIR/t"
	awk -v l="$label" -v s="$secs" -v kb="$kb" -v size="$SIZE" \
	    -v rc="$rc" 'BEGIN {
		mb = kb / 1024
		budget = 6 * size / 1048576
		if (budget > 300) budget = 300
		over = mb > budget ? "  OVER BUDGET" : ""
		bad = rc == 0 || rc == 3 ? "" : "  (exit " rc ")"
		printf "%-22s %8.2f s %8.1f MB peak %5.1fx the record%s%s\n",
		    l, s, mb, kb * 1024 / size, over, bad
	}'
}
one "jq -c ." jq -c .
one "nclean" tools/nclean
one "nsplit" tools/nsplit
one "nsplit --annotate" tools/nsplit --annotate
one "nentities" tools/nentities
one "ndedupe" tools/ndedupe
one "nstats" tools/nstats
