#!/bin/sh
# ndedupe --annotate on a development set of copies of the base corpus's
# stories (tests/eval/ndedupe_copies.py: excerpts, wrappers, spins and
# their mixes), scored with dup_of checked (score.py), then per kind of
# copy and for dup_kind (ndedupe_score.py); then the same on the check
# set of a second generator written apart (ndedupe_copies2.py), of a
# third (ndedupe_copies3.py) and of a fourth (ndedupe_copies4.py); then
# each generator's output for two other seeds (7 and 11), fresh samples
# of stories and of edits that no rule was tuned on (the figures to
# trust: the first sets were looked at).  Each set is made once per
# version of its generator and kept in $BENCH_DIR.
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
C=$SHARED/corpora/news.ndjson.gz
if [ ! -f "$C" ]; then
	echo "eval: $C is missing; nothing to score" >&2
	exit 0
fi
if [ ! -f /usr/share/wordnet/index.noun ]; then
	echo "eval: wordnet-base is not installed (make deps)" >&2
	exit 1
fi
# one NAME GENERATOR: make the set if needed, run and score ndedupe.
one() {
	OUT=$BENCH_DIR/$1
	stamp=$( (cat "$2" tests/eval/ndedupe_copies.py "$C"; echo "${3:-}") |
	    cksum | cut -d' ' -f1)
	if [ "$(cat "$OUT/stamp" 2>/dev/null)" != "$stamp" ]; then
		mkdir -p "$OUT"
		python3 "$2" ${3:+--seed "$3"} "$C" "$OUT" || exit 1
		echo "$stamp" >"$OUT/stamp"
	fi
	./tools/ndedupe --annotate "$OUT/dev.ndjson" \
	    >"$OUT/annotated.ndjson" || exit 1
	python3 "$SHARED/eval/score.py" dedupe "$OUT/truth.tsv" \
	    "$OUT/annotated.ndjson" | tail -n 2 | sed 's/^/  /'
	python3 tests/eval/ndedupe_score.py "$OUT/copies.tsv" \
	    "$OUT/annotated.ndjson" | sed 's/^/  /'
}
echo "ndedupe --annotate, copies of news.ndjson stories (development set;"
echo "originals that are near-copies of each other dropped first):"
one ndedupe-copies tests/eval/ndedupe_copies.py
echo "the same, on the check set of a second generator written apart:"
one ndedupe-copies2 tests/eval/ndedupe_copies2.py
echo "and on a third (WordNet verbs and adjectives, the last part or a"
echo "middle left out, a portal's page around it):"
one ndedupe-copies3 tests/eval/ndedupe_copies3.py
echo "and on a fourth (WordNet nouns and a rewriter's house style, teasers"
echo "and windows from the middle, lines between paragraphs, entities):"
one ndedupe-copies4 tests/eval/ndedupe_copies4.py
echo "each of the four on two other seeds (stories and edits not tuned on):"
for seed in 7 11; do
	for g in "" 2 3 4; do
		echo "  ndedupe_copies$g.py --seed $seed:"
		one "ndedupe-copies$g-seed$seed" \
		    "tests/eval/ndedupe_copies$g.py" "$seed" \
		    >"$BENCH_DIR/seed.out" || exit 1
		grep -E 'dedupe:|^ +[a-z]+ +[0-9]+ of|dup_kind right' \
		    "$BENCH_DIR/seed.out" | sed 's/^/  /'
	done
done
