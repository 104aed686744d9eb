#!/bin/sh
# Rebuild data/lang/trigrams.tsv, the language model of lib/text/lang.c,
# from named public sources (licences in NOTICE):
#   npm:    stopwords-iso 1.1.0 (MIT)
#   Debian: wamerican, wngerman, wfrench, wspanish, witalian, wdutch,
#           wportuguese, wpolish (word lists in /usr/share/dict),
#           hunspell-tr (Turkish word list of hunspell)
# Needs npm and python3; run from anywhere: sh data/lang/build.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
d=/usr/share/dict
tr=/usr/share/hunspell/tr_TR.dic
for f in "$d/american-english" "$d/ngerman" "$d/french" "$d/spanish" \
    "$d/italian" "$d/dutch" "$d/portuguese" "$d/polish" "$tr"; do
	if [ ! -r "$f" ]; then
		echo "build.sh: $f missing: apt-get install wamerican wngerman" \
		    "wfrench wspanish witalian wdutch wportuguese wpolish" \
		    "hunspell-tr" >&2
		exit 1
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund stopwords-iso@1.1.0 >/dev/null
python3 "$here/build.py" "$tmp/node_modules/stopwords-iso/stopwords-iso.json" \
    "$tmp/trigrams.tsv" \
    en="$d/american-english" de="$d/ngerman" fr="$d/french" \
    es="$d/spanish" it="$d/italian" nl="$d/dutch" pt="$d/portuguese" \
    pl="$d/polish" tr="$tr"
mv "$tmp/trigrams.tsv" "$here/trigrams.tsv"
