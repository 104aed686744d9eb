#!/bin/sh
# nentities on German news (tests/fixtures/nentities/de-names.ndjson, our
# own sentences with the names in them marked): precision and recall of
# person, organisation and place names, matched on text and type, with
# the records' lang (de) and with it taken out (German text read as
# English).  A capitalised noun taken for a name is a false positive.
# Needs no ../shared.
cd "$(dirname "$0")/../.." || exit 1
fix=tests/fixtures/nentities/de-names.ndjson
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
score() {
	python3 - "$fix" "$1" <<'PY'
import json, sys
gold = {}
for l in open(sys.argv[1], encoding="utf-8"):
    g = json.loads(l)
    gold[g["id"]] = {(n["text"], n["type"]) for n in g["names"]}
tp = fp = fn = 0
for l in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(l)
    got = {(e["text"], e["type"]) for e in r.get("entities", [])
           if e["type"] in ("person", "organization", "location")}
    want = gold[r["id"]]
    tp += len(got & want); fp += len(got - want); fn += len(want - got)
p = tp / (tp + fp) if tp + fp else 0.0
r = tp / (tp + fn) if tp + fn else 0.0
f = 2 * p * r / (p + r) if p + r else 0.0
print("  names: P %.3f R %.3f F1 %.3f (tp %d, fp %d, fn %d)" % (p, r, f, tp, fp, fn))
PY
}
echo "nentities: German news, lang de"
tools/nentities "$fix" >"$tmp/out" || exit 1
score "$tmp/out"
echo "nentities: German news, lang taken out"
jq -c 'del(.lang)' "$fix" | tools/nentities >"$tmp/out" || exit 1
score "$tmp/out"
