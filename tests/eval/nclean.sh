#!/bin/sh
# nclean on the page-dump gold data: main-text token F1 (score.py extract).
cd "$(dirname "$0")/../.." || exit 1
SHARED=${SHARED:-$(cd .. && pwd)/shared}
gold=$SHARED/eval/page_text_dev.ndjson
[ -f "$gold" ] || { echo "eval: $gold is missing" >&2; exit 0; }
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT INT TERM
./tools/nclean "$gold" >"$out" || exit 1
printf 'nclean: '
python3 "$SHARED/eval/score.py" extract "$gold" "$out"
