#!/bin/sh
# ndedupe --annotate over single edits of news.ndjson stories, each
# beside its original: paragraphs re-wrapped, joined, reversed or two
# swapped, typographic quotes, a headline in capitals, sentences or
# halves left out, a page's scraps around it, figures in words.  Prints
# the share found per edit, and originals taken for copies of others
# (the corpus's own near-copies).
. tests/bench/lib.sh
C=$SHARED/corpora
if [ ! -f "$C/news.ndjson.gz" ]; then
	echo "eval: $C is missing; nothing to score" >&2
	exit 0
fi
OUT=$BENCH_DIR/ndedupe-edits
mkdir -p "$OUT"
python3 tests/eval/ndedupe_edits.py "$C/news.ndjson.gz" >"$OUT/edits.ndjson" ||
    exit 1
./tools/ndedupe --annotate "$OUT/edits.ndjson" >"$OUT/annotated.ndjson" ||
    exit 1
echo "ndedupe --annotate, single edits of news.ndjson stories (50 each):"
python3 - "$OUT/annotated.ndjson" <<'PY'
import json
import sys
from collections import Counter

# A copy is found when it names its original, or the record its
# original was taken for a copy of (a near-copy in the corpus itself).
found, total, wrong = Counter(), Counter(), 0
order, of = [], {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    kind, edit = r["id"].split("_", 1)
    if kind[0] == "c":
        if edit not in total:
            order.append(edit)
        total[edit] += 1
        orig = "o" + r["id"][1:]
        found[edit] += bool(r.get("dup")) and r["dup_of"] in (orig,
            of.get(orig))
    elif r.get("dup"):
        wrong += 1
        of[r["id"]] = r["dup_of"]
for e in order:
    print("  %-10s %3d of %3d  %.2f" % (e, found[e], total[e],
        found[e] / total[e]))
print("  all        %3d of %3d  %.4f" % (sum(found.values()),
    sum(total.values()), sum(found.values()) / sum(total.values())))
print("  originals marked as copies of others: %d" % wrong)
PY
