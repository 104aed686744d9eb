#!/bin/sh
# ndedupe on the 100 MB benchmark file, --annotate, scored against its
# provenance: records derived from one original are one story.  The base
# corpus holds its own exact duplicates under different ids (see
# $SHARED/corpora/SOURCES.md); originals whose texts are byte for byte
# the same are joined into one story here, so that finding them is not
# counted against the tool.
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
C=$SHARED/corpora
if [ ! -f "$C/news-100mb.provenance.tsv.gz" ]; then
	echo "eval: $C is missing; nothing to score" >&2
	exit 0
fi
bench_data
OUT=$BENCH_DIR/ndedupe
mkdir -p "$OUT"
TRUTH=$OUT/truth.tsv
if [ ! -s "$TRUTH" ]; then
	gzip -dc "$C/news-100mb.provenance.tsv.gz" >"$OUT/prov.tsv"
	python3 - "$BIG" "$OUT/prov.tsv" >"$TRUTH" <<'PY' || exit 1
import json, sys
prov = {}
with open(sys.argv[2]) as f:
    next(f)
    for line in f:
        rid, orig, copy, _ = line.rstrip("\n").split("\t")
        prov[rid] = (orig, copy)
# One story per distinct original text: copy 0 is the original verbatim.
story = {}
first = {}
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        orig, copy = prov[r["id"]]
        if copy == "0":
            story[orig] = first.setdefault(r.get("text", ""), orig)
for rid, (orig, _) in prov.items():
    print("%s\t%s" % (rid, story.get(orig, orig)))
PY
fi
./tools/ndedupe --annotate <"$BIG" >"$OUT/annotated.ndjson"
echo "ndedupe --annotate, news-100mb, one story per distinct original text:"
python3 "$SHARED/eval/score.py" dedupe "$TRUTH" "$OUT/annotated.ndjson" |
    tail -n 2
