#!/bin/sh
# make train: rebuild nentities' name model, data/nentities/model.bin.
#
# Without DATA, from the corpora in $SHARED/train/ner (see NOTICE):
# CoNLL-2003 train, wikigold, Universal NER EWT and GUM (every genre
# there), turned into nentities-train's records by prep-train.py.
# CoNLL-2003 dev is never trained on: it is what the printed figures and
# `make eval` score.  First a model without GUM's news is trained and
# scored on CoNLL-2003 dev and on GUM news (the honest figures: none of
# the scored text was seen), then the shipped model, with GUM news.
#
# With DATA="a.ndjson b.ndjson", a model is trained on those records
# alone ({"text", "entities": [{"start", "end", "type"}]}) into MODEL
# (default data/nentities/model.bin).  The same input gives the same
# bytes.
set -eu
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-$(cd .. && pwd)/shared}
MODEL=${MODEL:-data/nentities/model.bin}
EPOCHS=${EPOCHS:-12}
train="tools/nentities-train --clusters data/nentities/clusters.tsv --epochs $EPOCHS"

if [ -n "${DATA:-}" ]; then
	# shellcheck disable=SC2086
	$train -o "$MODEL" $DATA
	exit 0
fi
src=$SHARED/train/ner
if [ ! -d "$src" ]; then
	echo "train: $src is missing; set DATA or SHARED" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
prep="python3 data/nentities/prep-train.py"
$prep conll "$src/conll2003_train.ndjson" >"$tmp/conll_train.ndjson"
$prep conll "$src/conll2003_dev.ndjson" >"$tmp/conll_dev.ndjson"
$prep wikigold "$src/wikigold.ndjson" >"$tmp/wikigold.ndjson"
$prep uner "$src/uner_ewt.ndjson" >"$tmp/uner.ndjson"
$prep gum "$src/gum_train.ndjson" >"$tmp/gum.ndjson"
$prep gum --no-news "$src/gum_train.ndjson" >"$tmp/gum_nonews.ndjson"
common="$tmp/conll_train.ndjson $tmp/wikigold.ndjson $tmp/uner.ndjson"

echo "== without GUM news: CoNLL-2003 dev (exact spans)"
# shellcheck disable=SC2086
$train -q --dev "$tmp/conll_dev.ndjson" -o "$tmp/honest.bin" $common \
    "$tmp/gum_nonews.ndjson" "$tmp/conll_dev.ndjson"
if [ -f "$SHARED/eval/gum_news_train.ndjson" ]; then
	echo "== without GUM news: GUM news (head match, score.py ner-gum)"
	jq -c '{id, text}' "$SHARED/eval/gum_news_train.ndjson" |
	    tools/nentities --no-quotes --model "$tmp/honest.bin" \
	    >"$tmp/gum.out"
	python3 "$SHARED/eval/score.py" ner-gum \
	    "$SHARED/eval/gum_news_train.ndjson" "$tmp/gum.out"
fi
echo "== the shipped model, $MODEL: CoNLL-2003 dev (exact spans)"
# shellcheck disable=SC2086
$train -q --dev "$tmp/conll_dev.ndjson" -o "$MODEL" $common \
    "$tmp/gum.ndjson" "$tmp/conll_dev.ndjson"
ls -l "$MODEL"
