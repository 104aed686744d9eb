#!/bin/sh
# ndedupe --annotate on the 100 MB benchmark file, scored against its
# provenance: records derived from one original are one story.
#
# The base corpus holds its own duplicates under different ids (see
# $SHARED/corpora/SOURCES.md): originals with byte-identical texts are
# joined into one story before scoring (the first figure).  It also holds
# near-duplicates: Reuters stories filed twice with a word changed, or
# once in short and once in full.  The second figure also joins two
# originals when ndedupe linked them and a check independent of ndedupe
# (difflib on their words) finds them the same story: 80% alike, or the
# shorter one 90% inside the longer.  Both are printed; the first is the
# one the acceptance criterion names.
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
gzip -dc "$C/news-100mb.provenance.tsv.gz" >"$OUT/prov.tsv"
./tools/ndedupe --annotate <"$BIG" >"$OUT/annotated.ndjson" || exit 1
python3 - "$BIG" "$OUT/prov.tsv" "$OUT/annotated.ndjson" \
    "$OUT/truth.tsv" "$OUT/truth-near.tsv" <<'PY' || exit 1
import difflib, json, re, sys
big, provf, sysf, truthf, nearf = sys.argv[1:]
prov = {}
with open(provf) as f:
    next(f)
    for line in f:
        rid, orig, copy, _ = line.rstrip("\n").split("\t")
        prov[rid] = (orig, copy)
text = {}
with open(big, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        orig, copy = prov[r["id"]]
        if copy == "0":
            text[orig] = r.get("text", "")
parent = {}
def find(x):
    while parent.get(x, x) != x:
        x = parent[x]
    return x
def join(a, b):
    a, b = find(a), find(b)
    if a != b:
        parent[max(a, b)] = min(a, b)
first = {}
for orig, t in text.items():
    join(orig, first.setdefault(t, orig))
def write(path):
    with open(path, "w") as f:
        for rid, (orig, _) in prov.items():
            f.write("%s\t%s\n" % (rid, find(orig)))
write(truthf)
words = lambda t: re.findall(r"\w+", t.lower())
linked = set()
with open(sysf, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        if r.get("dup"):
            a, b = prov[r["id"]][0], prov[str(r["dup_of"])][0]
            if find(a) != find(b):
                linked.add((min(a, b), max(a, b)))
same = 0
for a, b in sorted(linked):
    wa, wb = words(text[a]), words(text[b])
    m = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    inside = sum(x.size for x in m.get_matching_blocks())
    short = min(len(wa), len(wb)) or 1
    if m.ratio() >= 0.8 or inside / short >= 0.9:
        join(a, b)
        same += 1
write(nearf)
print("original pairs ndedupe linked across stories: %d, the same story by "
      "difflib: %d" % (len(linked), same))
PY
score() {
	python3 "$SHARED/eval/score.py" dedupe "$1" "$OUT/annotated.ndjson" |
	    tail -n 2 | sed 's/^/  /'
}
echo "ndedupe --annotate, news-100mb; identical originals joined:"
score "$OUT/truth.tsv"
echo "the same, base-corpus near-duplicates (checked by difflib) joined too:"
score "$OUT/truth-near.tsv"
