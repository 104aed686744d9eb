#!/bin/sh
# Language detection (lib/text/lang through nclean): per language, how
# many of our own two-sentence texts are told right (tests/fixtures/lang:
# dev.tsv tuned the model's thresholds, test.tsv did not), the odd cases
# (short, numeric, mixed, foreign: und or the sensible answer), and, when
# ../shared is there, the share of the English news corpus called "en".
cd "$(dirname "$0")/../.." || exit 1
SHARED=${SHARED:-$(cd .. && pwd)/shared}
for set in dev test; do
	echo "lang: $set texts (tests/fixtures/lang/$set.tsv)"
	jq -Rc 'split("\t") | {expect: .[0], text: .[1]}' \
	    "tests/fixtures/lang/$set.tsv" | tools/nclean |
	    jq -r '[.expect, .lang] | @tsv' | awk -F'\t' '
	    { n[$1]++; if ($1 == $2) ok[$1]++; else miss[$1] = miss[$1] " " $2 }
	    END { for (l in n) { printf "  %s %2d/%2d%s\n", l, ok[l], n[l],
		    miss[l] == "" ? "" : "  (called" miss[l] ")"; t += n[l]; r += ok[l] }
		printf "  all %d/%d\n", r, t }' | sort
done
echo "lang: odd texts (tests/fixtures/lang/odd.tsv)"
jq -Rc 'split("\t") | {expect: .[0], text: (.[1] // "")}' \
    tests/fixtures/lang/odd.tsv | tools/nclean |
    jq -r '[.expect, .lang, .text[0:40]] | @tsv' | awk -F'\t' '
    { k = split($1, w, "|"); hit = 0
      for (i = 1; i <= k; i++) if (w[i] == $2) hit = 1
      if (hit) ok++; else print "  wrong: " $2 " for " $3; n++ }
    END { printf "  %d/%d und or sensible\n", ok, n }'
big=$SHARED/corpora/news.ndjson.gz
if [ -f "$big" ]; then
	echo "lang: English news ($big)"
	gzip -dc "$big" | jq -c 'del(.lang)' | tools/nclean |
	    jq -r .lang | sort | uniq -c | sort -rn | awk '
	    { n += $1; c[$2] = $1; printf "  %7d %s\n", $1, $2 }
	    END { printf "  en: %.2f%% of %d records\n", 100 * c["en"] / n, n }'
fi
