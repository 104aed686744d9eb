#!/bin/sh
# nentities: names on CoNLL-2003 dev (exact spans, person/organization/
# location) and on the GUM news gold (head match).  The shipped model
# was trained on GUM news, so its GUM figure is inflated: `make train`
# prints the figure of a model trained without it.
cd "$(dirname "$0")/../.." || exit 1
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT INT TERM
conll=$SHARED/train/ner/conll2003_dev.ndjson
if [ -f "$conll" ]; then
	jq -c '{id, text}' "$conll" |
	    tools/nentities --no-quotes >"$out" || exit 1
	echo "nentities: ner-conll on conll2003_dev"
	python3 "$SHARED/eval/score.py" ner-conll "$conll" "$out"
fi
jq -c '{id, text}' "$SHARED/eval/gum_news_train.ndjson" |
    tools/nentities --no-quotes >"$out" || exit 1
echo "nentities: ner-gum on gum_news_train (the model saw these: see make train)"
python3 "$SHARED/eval/score.py" ner-gum "$SHARED/eval/gum_news_train.ndjson" "$out"
