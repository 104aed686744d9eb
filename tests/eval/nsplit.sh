#!/bin/sh
# nsplit accuracy: the English Golden Rules (tests/eval/golden_rules_en.ndjson,
# the 52 rules of pragmatic_segmenter, MIT), the 129 cases of its spec
# (share fully right) and the GUM news articles (sentence-boundary F1),
# each both ways: the Golden Rules keep quoted speech of several sentences
# whole (--quotes keep), GUM and news practice split it where its
# sentences end (the default).
cd "$(dirname "$0")/../.." || exit 1
SHARED=${SHARED:-$(cd .. && pwd)/shared}
out=${TMPDIR:-/tmp}/nsplit-eval.$$
trap 'rm -f "$out"' EXIT INT TERM
GR=tests/eval/golden_rules_en.ndjson
echo "nsplit: English Golden Rules (--quotes keep)"
tools/nsplit --quotes keep "$GR" >"$out" || exit 1
python3 "$SHARED/eval/score.py" sbd-golden "$GR" "$out" | tail -n 1
echo "nsplit: English Golden Rules (default)"
tools/nsplit "$GR" >"$out" || exit 1
python3 "$SHARED/eval/score.py" sbd-golden "$GR" "$out" | tail -n 1
echo "nsplit: pragmatic_segmenter spec cases (--quotes keep)"
tools/nsplit --quotes keep "$SHARED/eval/sbd_cases_dev.ndjson" >"$out" || exit 1
python3 "$SHARED/eval/score.py" sbd-golden "$SHARED/eval/sbd_cases_dev.ndjson" "$out" | tail -n 1
echo "nsplit: pragmatic_segmenter spec cases (default)"
tools/nsplit "$SHARED/eval/sbd_cases_dev.ndjson" >"$out" || exit 1
python3 "$SHARED/eval/score.py" sbd-golden "$SHARED/eval/sbd_cases_dev.ndjson" "$out" | tail -n 1
# A case whose gold sentences are not, in order, pieces of its text (a
# list marker or a stray space removed, "pricing\n." made "pricing.")
# is out of reach of any splitter whose sentences are spans of the text.
python3 - "$SHARED/eval/sbd_cases_dev.ndjson" <<'PY'
import json, re, sys
ws = lambda s: re.sub(r"\s+", " ", s).strip()
n = out = 0
for line in open(sys.argv[1], encoding="utf-8"):
    g = json.loads(line)
    n += 1
    t, i = ws(g["text"]), 0
    for s in g["sentences"]:
        i = t.find(ws(s), i)
        if i < 0:
            out += 1
            break
        i += len(ws(s))
print("  (%d cases have gold that is not spans of the text: at most "
      "%d/%d = %.2f%% for spans)" % (out, n - out, n, 100.0 * (n - out) / n))
PY
echo "nsplit: GUM news sentence boundaries (default)"
tools/nsplit "$SHARED/eval/gum_news_train.ndjson" >"$out" || exit 1
python3 "$SHARED/eval/score.py" sbd-spans "$SHARED/eval/gum_news_train.ndjson" "$out" | tail -n 1
echo "nsplit: GUM news sentence boundaries (--quotes keep)"
tools/nsplit --quotes keep "$SHARED/eval/gum_news_train.ndjson" >"$out" || exit 1
python3 "$SHARED/eval/score.py" sbd-spans "$SHARED/eval/gum_news_train.ndjson" "$out" | tail -n 1
