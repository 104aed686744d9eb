#!/bin/sh
# nclean on HTML records: the 62 pages of the HTML dev set, {"id",
# "html"}, repeated to about 100 MB, beside jq -c . on the same file.
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
gold=$SHARED/eval/html_dev.ndjson
if [ ! -f "$gold" ]; then
	echo "bench: $gold is missing; no HTML to measure" >&2
	exit 0
fi
make -s tools/nclean
HTML=$BENCH_DIR/html-100mb.ndjson
[ -s "$HTML" ] || python3 - "$gold" "$HTML" <<'PY' || exit 1
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
size, k = 0, 0
with open(sys.argv[2], "w", encoding="utf-8") as out:
    while size < 100e6:
        for r in recs:
            line = json.dumps({"id": "%s-%d" % (r["id"][:12], k),
                               "html": r["html"]}, ensure_ascii=False) + "\n"
            out.write(line)
            size += len(line.encode())
        k += 1
PY
fastest "$BENCH_DIR/jq-html.time" "$HTML" jq -c . >/dev/null
# measure() compares with jq on the file in BYTES, RECORDS, JQ_SECS.
BYTES=$(wc -c <"$HTML")
RECORDS=$(wc -l <"$HTML")
JQ_SECS=$(cut -d' ' -f1 "$BENCH_DIR/jq-html.time")
awk -v b="$BYTES" -v r="$RECORDS" -v s="$JQ_SECS" 'BEGIN {
	printf "%-28s %8.1f MB/s %10.0f rec/s  (html: %.1f MB, %d records)\n",
	    "jq -c . (html)", b / s / 1e6, r / s, b / 1e6, r
}'
measure "nclean (html)" "$HTML" ./tools/nclean
measure "nclean --jobs 1 (html)" "$HTML" ./tools/nclean --jobs 1
