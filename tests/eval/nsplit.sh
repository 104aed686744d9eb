#!/bin/sh
# nsplit accuracy: the Golden Rules cases (share fully right) and the
# GUM news articles (sentence-boundary F1).  The Golden Rules keep a
# quotation whole, so that set runs with --quotes keep; news runs with
# the default.
cd "$(dirname "$0")/../.." || exit 1
SHARED=${SHARED:-$(cd .. && pwd)/shared}
out=${TMPDIR:-/tmp}/nsplit-eval.$$
trap 'rm -f "$out"' EXIT INT TERM
echo "nsplit: Golden Rules cases (--quotes keep)"
tools/nsplit --quotes keep "$SHARED/eval/sbd_cases_dev.ndjson" >"$out" || exit 1
python3 "$SHARED/eval/score.py" sbd-golden "$SHARED/eval/sbd_cases_dev.ndjson" "$out" | tail -n 1
echo "nsplit: Golden Rules cases (default)"
tools/nsplit "$SHARED/eval/sbd_cases_dev.ndjson" >"$out" || exit 1
python3 "$SHARED/eval/score.py" sbd-golden "$SHARED/eval/sbd_cases_dev.ndjson" "$out" | tail -n 1
echo "nsplit: GUM news sentence boundaries (default)"
tools/nsplit "$SHARED/eval/gum_news_train.ndjson" >"$out" || exit 1
python3 "$SHARED/eval/score.py" sbd-spans "$SHARED/eval/gum_news_train.ndjson" "$out" | tail -n 1
