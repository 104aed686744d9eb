#!/bin/sh
# nentities on the GUM news gold: person/organization/location head F1.
cd "$(dirname "$0")/../.." || exit 1
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT INT TERM
jq -c '{id, text}' "$SHARED/eval/gum_news_train.ndjson" |
    tools/nentities --no-quotes >"$out" || exit 1
echo "nentities: ner-gum on gum_news_train"
python3 "$SHARED/eval/score.py" ner-gum "$SHARED/eval/gum_news_train.ndjson" "$out"
