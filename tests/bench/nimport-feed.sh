#!/bin/sh
# nimport over one large RSS feed: items a second, MB of feed a second
# and peak memory, beside jq -c . over the 100 MB NDJSON file.  The feed
# (about 100 MB) is made once from that file's articles: an item each,
# with a description and the text as escaped HTML in content:encoded.
cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
bench_data
FEED=$BENCH_DIR/feed-100mb.xml
if [ ! -s "$FEED" ]; then
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n'
		printf '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
		printf '<channel><title>Bench</title><link>https://bench.example/</link>\n'
		jq -r '"<item><title>" + ((.title // "") | @html) +
		    "</title><link>/a/" + (.id | @uri) + "</link><guid isPermaLink=\"false\">" +
		    (.id | @html) + "</guid><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>" +
		    "<dc:creator>" + ((.source // "") | @html) + "</dc:creator><description>" +
		    (.text[0:200] | @html) + "</description><content:encoded>" +
		    ("<p>" + (.text | split("\n") | map(select(length > 0)) |
		    join("</p><p>")) + "</p>" | @html) + "</content:encoded></item>"' "$BIG"
		printf '</channel></rss>\n'
	} >"$FEED.tmp" && mv "$FEED.tmp" "$FEED"
fi
# jq in this run, on this machine's load, not an earlier run's figure.
fastest "$BENCH_DIR/jq-feed.time" "$BIG" jq -c . >/dev/null
read -r JQ_SECS kb rc <"$BENCH_DIR/jq-feed.time"
awk -v b="$BYTES" -v r="$RECORDS" -v s="$JQ_SECS" -v kb="$kb" 'BEGIN {
	printf "%-28s %8.1f MB/s %10.0f rec/s %7.1f MB peak (%s)\n",
	    "jq -c .", b / s / 1e6, r / s, kb / 1024, "the 100 MB NDJSON"
}'
BYTES=$(wc -c <"$FEED")
RECORDS=$(grep -c '<item>' "$FEED")
export NTOOLS_DATA="$PWD/data"
echo "feed: $FEED ($(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB, $RECORDS items)"
# Beside each run, jq on the NDJSON the feed was made from.
JQ_IN=$BIG
measure "nimport (feed)" "$FEED" ./tools/nimport --format feed -
BENCH_BEFORE='rm -f "$BENCH_DIR/seen.db"'
measure "nimport --state (new)" "$FEED" ./tools/nimport --state "$BENCH_DIR/seen.db" -
BENCH_BEFORE=
measure "nimport --state (all seen)" "$FEED" ./tools/nimport --state "$BENCH_DIR/seen.db" -
rm -f "$BENCH_DIR/seen.db"
