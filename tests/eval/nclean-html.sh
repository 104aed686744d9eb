#!/bin/sh
# nclean on the HTML gold data: main-text token F1 (score.py extract) on
# all pages, and on the two halves the extractor was designed with (the
# pages sorted by id, alternately: "tune" was looked at, "check" only
# measured), and the share of pages that get a title.
cd "$(dirname "$0")/../.." || exit 1
SHARED=${SHARED:-$(cd .. && pwd)/shared}
gold=$SHARED/eval/html_dev.ndjson
[ -f "$gold" ] || { echo "eval: $gold is missing" >&2; exit 0; }
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT INT TERM
python3 - "$gold" "$dir" <<'PY' || exit 1
import json, sys
gold, d = sys.argv[1], sys.argv[2]
recs = sorted((json.loads(l) for l in open(gold, encoding="utf-8")),
              key=lambda r: r["id"])
with open(d + "/in", "w", encoding="utf-8") as f:
    for r in recs:
        f.write(json.dumps({"id": r["id"], "html": r["html"]}) + "\n")
for name, part in (("tune", recs[0::2]), ("check", recs[1::2])):
    with open(d + "/" + name, "w", encoding="utf-8") as f:
        for r in part:
            f.write(json.dumps(r) + "\n")
PY
./tools/nclean "$dir/in" >"$dir/out" || exit 1
for part in tune check; do
	printf 'nclean html (%s half): ' "$part"
	python3 "$SHARED/eval/score.py" extract "$dir/$part" "$dir/out"
done
python3 -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
n = sum(1 for r in recs if r.get("title"))
print("nclean html: title on %d of %d pages (%.0f%%)" % (n, len(recs), 100.0 * n / len(recs)))
' "$dir/out"
printf 'nclean html: '
python3 "$SHARED/eval/score.py" extract "$gold" "$dir/out"
