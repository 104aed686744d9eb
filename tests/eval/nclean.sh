#!/bin/sh
# nclean on page dumps: main-text token F1 (score.py extract) on the real
# page-dump gold data, all of it and the two halves it was designed with
# (the pages sorted by id, alternately: "tune" was looked at, "check"
# only measured), and on pages tests/eval/pagegen.py makes from the news
# corpus, with how often the headline, byline, dateline and credit came
# out as fields.
cd "$(dirname "$0")/../.." || exit 1
SHARED=${SHARED:-$(cd .. && pwd)/shared}
gold=$SHARED/eval/page_text_dev.ndjson
corpus=$SHARED/corpora/news.ndjson.gz
[ -f "$gold" ] || { echo "eval: $gold is missing" >&2; exit 0; }
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT INT TERM
python3 - "$gold" "$dir" <<'PY' || exit 1
import json, sys
gold, d = sys.argv[1], sys.argv[2]
recs = sorted((json.loads(l) for l in open(gold, encoding="utf-8")),
              key=lambda r: r["id"])
for name, part in (("tune", recs[0::2]), ("check", recs[1::2])):
    with open(d + "/" + name, "w", encoding="utf-8") as f:
        for r in part:
            f.write(json.dumps(r) + "\n")
PY
./tools/nclean "$gold" >"$dir/out" || exit 1
for part in tune check; do
	printf 'nclean (%s half): ' "$part"
	python3 "$SHARED/eval/score.py" extract "$dir/$part" "$dir/out"
done
printf 'nclean: '
python3 "$SHARED/eval/score.py" extract "$gold" "$dir/out"
[ -f "$corpus" ] || { echo "eval: $corpus is missing" >&2; exit 0; }
python3 tests/eval/pagegen.py "$corpus" 240 >"$dir/gen" || exit 1
./tools/nclean "$dir/gen" >"$dir/genout" || exit 1
printf 'nclean (generated pages): '
python3 "$SHARED/eval/score.py" extract "$dir/gen" "$dir/genout"
python3 - "$dir/gen" "$dir/genout" <<'PY'
import json, re, sys
gold = {}
for l in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(l)
    gold[r["id"]] = r
def same(a, b):
    w = lambda s: re.findall(r"\w+", (s or "").lower())
    return w(a) == w(b)
out = []
for field in ("title", "author", "dateline", "credit"):
    want = got = 0
    for l in open(sys.argv[2], encoding="utf-8"):
        r = json.loads(l)
        g = gold[r["id"]].get("gold_" + field)
        if g:
            want += 1
            got += same(g, r.get(field))
    out.append("%s %d/%d" % (field, got, want))
print("nclean (generated pages): fields right: " + ", ".join(out))
PY
