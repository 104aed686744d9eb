#!/bin/sh
# nsplit on news in German, French, Spanish, Italian, Dutch and
# Portuguese (tests/fixtures/nsplit/langs.ndjson, our own sentences with
# ordinals and abbreviations; langs-heldout.ndjson, written before the
# rules were and never tuned on): per language, the share of texts split
# exactly right and the F1 of sentence ends.  Run with the default words
# only (--lang none), with each record's lang, and with lang taken out
# of the records (nsplit detects it).  A file given as $1 is scored
# alone.  Needs no ../shared.
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
score() {
	python3 - "$fix" "$1" <<'PY'
import json, re, sys
from collections import defaultdict
ws = lambda s: re.sub(r"\s+", " ", s).strip()
gold = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
got = defaultdict(list)
for l in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(l)
    got[r["doc_id"]].append((r["n"], ws(r["text"])))
def ends(sents):
    out, i = set(), 0
    for s in sents:
        i += len(s)
        out.add(i)
    return out
per = defaultdict(lambda: [0, 0, 0, 0, 0])   # texts, exact, tp, fp, fn
for g in gold:
    want = [ws(s) for s in g["sentences"]]
    have = [t for _, t in sorted(got[g["id"]])]
    p = per[g["lang"]]
    p[0] += 1
    p[1] += want == have
    w, h = ends(s.replace(" ", "") for s in want), ends(s.replace(" ", "") for s in have)
    p[2] += len(w & h); p[3] += len(h - w); p[4] += len(w - h)
tot = [0] * 5
for lang in sorted(per):
    p = per[lang]
    tot = [a + b for a, b in zip(tot, p)]
for lang, p in sorted(per.items()) + [("all", tot)]:
    f1 = 2 * p[2] / (2 * p[2] + p[3] + p[4]) if p[2] else 0.0
    print("  %-4s %2d/%2d texts exact, sentence-end F1 %.3f" %
          (lang, p[1], p[0], f1))
PY
}
for fix in ${1:-tests/fixtures/nsplit/langs.ndjson tests/fixtures/nsplit/langs-heldout.ndjson}; do
	echo "nsplit: $fix, default words only (--lang none)"
	tools/nsplit --lang none "$fix" >"$tmp/out" || exit 1
	score "$tmp/out"
	echo "nsplit: $fix, each record's lang"
	tools/nsplit "$fix" >"$tmp/out" || exit 1
	score "$tmp/out"
	echo "nsplit: $fix, lang detected (taken out of the records)"
	jq -c 'del(.lang)' "$fix" | tools/nsplit >"$tmp/out" || exit 1
	score "$tmp/out"
done
