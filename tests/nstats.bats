load helpers

NEWS="$FIX/nstats/news.ndjson"
ANN="$FIX/nstats/annotated.ndjson"

# Headless Chromium with the flags this closed network needs, and no
# network at all: it runs in a network namespace of its own, where
# nothing is reachable.  Not installed is a failure: make deps puts it
# there.
browse() {
	if [ ! -x /usr/bin/chromium ]; then
		echo "chromium is not installed: make deps installs it" >&2
		return 1
	fi
	timeout 120 unshare -n /usr/bin/chromium --headless --no-sandbox \
	    --disable-gpu --disable-quic --no-first-run \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --user-data-dir="$BATS_TEST_TMPDIR/profile" \
	    "$@" 2>>chromium.log
}

# The news fixture through ndedupe and nentities, with 30 records sent
# again by another source, so that every chart has something to show.
annotated_news() {
	{ cat "$NEWS"; jq -c 'select(.date != null) | .id += "-again" |
	    .source = "wire-copy"' "$NEWS" | head -n 30; } |
	    ndedupe --annotate | nentities
}

@test "records, characters and per-source/per-date counts equal jq's" {
	jq -s -S '{records: length, chars: (map(.text | length) | add),
	    source: (group_by(.source)
		| map({key: .[0].source, value: length}) | from_entries),
	    date: (map(select(.date != null)) | group_by(.date[0:10])
		| map({key: .[0].date[0:10], value: length}) | from_entries)}' \
	    "$NEWS" >want.json
	run -0 nstats "$NEWS"
	echo "$output" | jq -S '{records, chars, source: .by.source.values,
	    date: .by.date.values}' >got.json
	run -0 diff want.json got.json
	# The fixture has characters outside ASCII, so code points are counted.
	[ "$(wc -c <"$NEWS")" -gt "$(jq -s 'map(.text | length) | add' "$NEWS")" ]
}

@test "a file split in three, summarised and merged, equals the whole" {
	split -n l/3 "$NEWS" part.
	for p in part.aa part.ab part.ac; do nstats "$p" >"$p.json"; done
	run -0 nstats --merge part.aa.json part.ab.json part.ac.json
	echo "$output" >merged.json
	nstats "$NEWS" >whole.json
	run -0 cmp merged.json whole.json
	jq -e '.records == 213 and .by.source.values["bbc-news"] == 23' \
	    merged.json
}

@test "merging is exact for entities too under the key cap, in any order" {
	head -n 2 "$ANN" >a.ndjson
	sed -n 3,5p "$ANN" >b.ndjson
	tail -n 2 "$ANN" >c.ndjson
	for p in a b c; do nstats --top 0 "$p.ndjson" >"$p.json"; done
	# Hourly summaries roll up, and the roll-ups roll up again.
	nstats --merge --top 0 c.json a.json >ca.json
	cat ca.json b.json | nstats --merge --top 0 >merged.json
	nstats --top 0 "$ANN" >whole.json
	run -0 cmp merged.json whole.json
	# The per-day counts are in it, so they merged exactly too.
	jq -e '.by.date.duplicates == {"2023-01-18": 1} and
	    .entities.person.days["Valerii Zaluzhnyi"] ==
	    {"2023-01-17": 2, "2023-01-18": 1}' merged.json
}

@test "the page of a merge is the page of one run" {
	annotated_news >ann.ndjson
	split -n l/3 ann.ndjson part.
	for p in part.aa part.ab part.ac; do nstats --top 0 "$p" >"$p.json"; done
	run -0 nstats --merge --format html part.ac.json part.aa.json part.ab.json
	printf '%s\n' "$output" >merged.html
	nstats --format html ann.ndjson >whole.html
	run -0 cmp merged.html whole.html
	grep -q 'Mentions per week of the top places' whole.html
}

@test "tokens, sentences, duplicates, lengths and entities" {
	run -0 nstats "$ANN"
	echo "$output" >s.json
	jq -e '.records == 7 and .no_text == 1 and .chars == 181 and
	    .tokens == 30 and .sentences == 4 and .duplicates == 1' s.json
	jq -e '.length | .count == 6 and .min == 0 and .max == 54 and
	    .p50 == 32 and .mean == 30.17' s.json
	jq -e '.by.date.values == {"2023-01-17": 2, "2023-01-18": 2,
	    "2023-01-19": 1} and .by.date.missing == 2' s.json
	jq -e '.entities.person.top == [["Valerii Zaluzhnyi", 3],
	    ["Olaf Scholz", 1]] and .entities.person.mentions == 4' s.json
	# No norm: the entity's text counts; "K\u00f6ln" and "Köln" are one.
	jq -e '.entities.location.top == [["Kyiv", 3], ["Berlin", 2],
	    ["Köln", 2]] and .entities.location.err == 0' s.json
}

@test "duplicates are counted per value, and entity mentions per day" {
	run -0 nstats "$ANN"
	echo "$output" >s.json
	jq -e '.by.source.duplicates == {"blog": 1} and
	    .by.date.duplicates == {"2023-01-18": 1}' s.json
	jq -e '.entities.location.days == {"Kyiv": {"2023-01-17": 1,
	    "2023-01-18": 1, "2023-01-19": 1}, "Berlin": {"2023-01-17": 1,
	    "2023-01-19": 1}, "Köln": {"2023-01-18": 1, "2023-01-19": 1}} and
	    .entities.location.days_err == 0' s.json
	# Without a date field in --by there is no day to count by.
	run -0 nstats --by source "$ANN"
	echo "$output" | jq -e '.entities.location.days == {}'
}

@test "a cut list keeps the days of the entities most mentioned on dated records" {
	# Olaf Scholz is the least mentioned person but the only one with
	# a date in the second file: he keeps his days when the list is cut.
	printf '%s\n' '{"text":"a","entities":[{"type":"person","norm":"A"},
{"type":"person","norm":"A"}]}' | tr -d '\n' >in
	printf '\n%s\n' '{"text":"b","date":"2024-05-01","entities":[{"type":"person","norm":"B"}]}' >>in
	run -0 nstats --top 1 in
	echo "$output" | jq -e '.entities.person.top == [["A", 2]] and
	    .entities.person.days == {"B": {"2024-05-01": 1}} and
	    .entities.person.days_err == 1'
}

@test "tokens are runs of letters, marks and digits" {
	printf '%s\n' '{"text":"Hello, w\u00f6rld: 3.5% x-y \u65e5\u672c\u8a9e!"}' |
	    nstats >s.json
	jq -e '.tokens == 7 and .chars == 27' s.json
}

@test "--top cuts entity lists and says how far counts may be off" {
	run -0 nstats --top 1 "$ANN"
	echo "$output" | jq -e '.entities.location |
	    .top == [["Kyiv", 3]] and .err == 2'
	# Listed counts of one run are exact: the table does not warn.
	run -0 nstats --top 1 --format table "$ANN"
	assert_line 'entities: location (7 mentions)'
	# A merge of cut lists keeps a bound that covers the truth.
	head -n 3 "$ANN" | nstats --top 1 >a.json
	tail -n 4 "$ANN" | nstats --top 1 >b.json
	run -0 nstats --merge --top 5 a.json b.json
	# True counts: Kyiv 3, Berlin 2, Köln 2; each within [listed, +err].
	echo "$output" | jq -e '.entities.location as $l |
	    ($l.top | map({key: .[0], value: .[1]}) | from_entries) as $t |
	    [["Kyiv", 3], ["Berlin", 2], ["Köln", 2]] |
	    all(($t[.[0]] // 0) <= .[1] and .[1] <= ($t[.[0]] // 0) + $l.err)'
	run -0 nstats --merge --format table a.json b.json
	assert_line 'entities: location (7 mentions; counts may be up to 2 low)'
}

@test "--max-keys caps a table and counts the rest as other" {
	run -0 nstats --max-keys 3 --by id "$NEWS"
	echo "$output" | jq -e '.by.id | (.values | length) <= 3 and
	    (.values | add) + .other + .missing == 213 and .err > 0'
	run -0 nstats --max-keys 2 "$NEWS"
	echo "$output" | jq -e '.by.source.err == 0 and .by.date.err > 0'
}

@test "--pass copies records byte for byte and writes the summary aside" {
	printf '%s\n' '{"text":"a","n":1.0,"s":"\u00e9"}' '{"x":[1, 2]}' >in
	run -0 nstats --pass --report r.json in
	[ "$output" = "$(cat in)" ]
	jq -e '.records == 2 and .no_text == 1' r.json
	run -0 nstats --pass --report r.tsv --format tsv "$NEWS"
	[ "$output" = "$(cat "$NEWS")" ]
	grep -qx 'total	records	213' r.tsv
}

@test "rejected lines are counted, reported and not passed on" {
	printf '%s\n' '{"text":"ok"}' 'not json' '{"text":1}' >in
	run -3 --separate-stderr nstats --pass --report r.json in
	[ "$output" = '{"text":"ok"}' ]
	[ "$stderr" = "nstats: in:2: not a JSON object (column 1)
nstats: in:3: field 'text' is not a string" ]
	jq -e '.records == 1 and .rejected == 2' r.json
	run -3 --separate-stderr nstats --strict in
	echo "$output" | jq -e '.records == 1 and .rejected == 1'
}

@test "--format tsv and table" {
	run -0 nstats --format tsv "$ANN"
	assert_line $'by:source\twire\t4'
	assert_line $'entity:person\tValerii Zaluzhnyi\t3'
	assert_line $'length\tp50\t32'
	run -0 nstats --format table "$ANN"
	assert_line '  records           7  ██▄  per day, 17 Jan 2023 to 19 Jan 2023'
	assert_line '  2023-01-17  2  ########################################'
	assert_line '  2023-01-19  1  ####################'
	assert_line --regexp '^  characters +181$'
	assert_line 'entities: location (7 mentions)'
}

@test "--format table: a sparkline of records per day, weeks when days do not fit" {
	printf '{"date":"2024-03-0%s","text":"x"}\n' 1 1 1 1 3 4 4 >in
	run -0 nstats --format table in
	# 2 March had none: a blank, not the lowest block.
	assert_line --regexp '^  records +7  █ ▂▄  per day, 1 Mar 2024 to 4 Mar 2024$'
	printf '{"date":"2024-%s","text":"x"}\n' 01-01 01-02 12-30 >in
	run -0 nstats --format table in
	assert_line --regexp '^  records +3  █ +▄  per week, 1 Jan 2024 to 30 Dec 2024$'
	# One day is no line.
	printf '{"date":"2024-03-01","text":"x"}\n' >in
	run -0 nstats --format table in
	assert_line --regexp '^  records +1$'
}

@test "a summary can be shown in any format after a merge" {
	nstats "$ANN" >s.json
	run -0 nstats --merge --format tsv s.json
	assert_line $'total\trecords\t7'
}

@test "--format html: one page, its charts, nothing to fetch" {
	annotated_news >ann.ndjson
	nstats --format html ann.ndjson >page.html
	[ "$(head -n 1 page.html)" = "<!DOCTYPE html>" ]
	[ "$(tail -n 1 page.html)" = "</html>" ]
	for title in 'Records per week' 'Share of duplicates' \
	    'Records per source' 'The 10 most mentioned places' \
	    'Mentions per week of the top organisations' 'Text lengths'; do
		grep -q "<title id=\"c[0-9]*-t\">$title" page.html
	done
	[ "$(grep -c '<svg viewBox' page.html)" -ge 8 ]
	[ "$(wc -c <page.html)" -lt 3000000 ]
	# Every element closed where it should be, no id twice.
	run -0 python3 "$BATS_TEST_DIRNAME/browser.py" tags page.html
	assert_output ""
	# Nothing that could load: no source or link attribute, script,
	# style import, or url() other than the page's own hatch patterns.
	run -1 grep -Ein 'src=|href=|<script|<link|<img|<iframe|@import|https?:' page.html
	grep -o 'url([^)]*)' page.html | sort -u >urls
	run -1 grep -v '^url(#c[0-9]*-h)$' urls
	[ -s urls ]
}

@test "the same summary always gives the same page" {
	annotated_news >ann.ndjson
	nstats ann.ndjson >s.json
	nstats --format html ann.ndjson >a.html
	TZ=Pacific/Chatham LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 \
	    nstats --format html ann.ndjson >b.html
	nstats --merge --format html s.json >c.html
	cmp a.html b.html
	cmp a.html c.html
	# No date or time of the run: only the data's own days appear.
	run -1 grep -E "$(date +%Y-%m-%d)|$(date '+%-d %b %Y')" a.html
}

@test "names are escaped in the page" {
	printf '%s\n' '{"text":"x","source":"<b>Tom & \"Jerry\"</b>","entities":[{"type":"person","norm":"<script>x</script>"}]}' >in
	nstats --format html in >page.html
	grep -qF '&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;' page.html
	grep -qF '&lt;script&gt;x&lt;/script&gt;' page.html
	run -1 grep -F '<script' page.html
	run -0 python3 "$BATS_TEST_DIRNAME/browser.py" tags page.html
	assert_output ""
}

@test "--html writes the page beside the summary, whole or not at all" {
	echo old >r.html
	run -0 nstats --pass --report r.json --html r.html "$ANN"
	[ "$output" = "$(cat "$ANN")" ]
	jq -e '.records == 7' r.json
	nstats --format html "$ANN" >want.html
	cmp r.html want.html
	# Only the two files: no temporary file is left behind.
	[ "$(ls)" = "$(printf 'r.html\nr.json\nwant.html')" ]
	run -0 nstats --merge --html m.html r.json
	cmp m.html want.html
	run -1 --separate-stderr nstats --html nodir/r.html "$ANN"
	[ "$stderr" = "nstats: nodir/r.html: No such file or directory" ]
	run -1 nstats --html /dev/full "$ANN"
	# A new page is a new file renamed over the old one, never the old
	# one rewritten in place, where a reader could see half of it.
	before=$(stat -c %i r.html)
	nstats --html r.html "$NEWS" >/dev/null
	[ "$(stat -c %i r.html)" != "$before" ]
	run -1 cmp -s r.html want.html
}

@test "headless Chromium draws the page: not blank, charts in its DOM, nothing fetched" {
	annotated_news | nstats --format html >page.html
	browse --hide-scrollbars --window-size=800,1300 \
	    --log-net-log="$PWD/net.json" --screenshot="$PWD/shot.png" \
	    "file://$PWD/page.html"
	run -0 python3 "$BATS_TEST_DIRNAME/browser.py" png shot.png
	read -r w h colours ink <<<"$output"
	[ "$w" -eq 800 ]
	[ "$h" -eq 1300 ]
	# Text, bars in several colours and hatching: a blank or failed
	# page has one or two colours and no ink.
	[ "$colours" -ge 100 ]
	[ "$ink" -ge 50 ]
	run -0 python3 "$BATS_TEST_DIRNAME/browser.py" netlog net.json
	assert_output ""
	browse --dump-dom "file://$PWD/page.html" >dom.html
	[ "$(grep -c '<svg viewBox' dom.html)" -ge 8 ]
	grep -q '>Records per week</h3>' dom.html
}

@test "the browser check sees a page that asks for something outside" {
	printf '%s\n' '<!DOCTYPE html><p>x<img src="http://images.invalid/a.png">' >bad.html
	browse --log-net-log="$PWD/net.json" --dump-dom "file://$PWD/bad.html" >/dev/null
	run -0 python3 "$BATS_TEST_DIRNAME/browser.py" netlog net.json
	assert_output "http://images.invalid/a.png"
}

@test "pipelines/news.yaml writes its page beside its summary" {
	mkdir examples
	cp "$NT_ROOT/examples/articles.ndjson" examples/
	npipe "$NT_ROOT/pipelines/news.yaml" >out.ndjson
	nstats --merge --format html news-stats.json >want.html
	cmp news-stats.html want.html
	grep -q '>Records per day</h3>' news-stats.html
	grep -q '>Records per source</h3>' news-stats.html
}

@test "empty input gives an empty summary" {
	run -0 nstats </dev/null
	echo "$output" | jq -e '.records == 0 and .length.count == 0'
	run -0 nstats --format table </dev/null
	assert_line --regexp '^  records +0$'
	run -0 nstats --merge </dev/null
	echo "$output" | jq -e '.records == 0'
}

@test "--merge rejects bad days and duplicates" {
	nstats "$ANN" >s.json
	jq -c '.entities.person.days["Olaf Scholz"] = {"yesterday": 1}' s.json >d.json
	jq -c '.by.source.duplicates = {"nowhere": 1}' s.json >u.json
	jq -c '.entities.person.days_err = 0 | .entities.person.err = 5' s.json >e.json
	run -3 --separate-stderr nstats --merge d.json u.json e.json
	[ "$stderr" = "nstats: d.json:1: bad nstats summary: a day of an entity
nstats: u.json:1: bad nstats summary: a count of duplicates in by
nstats: e.json:1: bad nstats summary: the days of an entity type" ]
	# A summary written before days and duplicates were counted merges.
	jq -c 'del(.by[].duplicates, .entities[].days, .entities[].days_err)' \
	    s.json >old.json
	run -0 nstats --merge old.json
	echo "$output" | jq -e '.records == 7 and .by.date.duplicates == {}'
}

@test "--merge rejects what is not a summary" {
	nstats "$ANN" >s.json
	jq -c '.length.count = 5' s.json >bad.json
	printf '{"a":1}\n' >other.json
	run -3 --separate-stderr nstats --merge s.json bad.json other.json
	echo "$output" | jq -e '.records == 7'
	[ "$stderr" = "nstats: bad.json:1: bad nstats summary: length.histogram does not add up to count
nstats: other.json:1: not an nstats summary" ]
}

@test "every prefix of a summary is merged or rejected, never a crash" {
	nstats "$ANN" >s.nl
	tr -d '\n' <s.nl >s.json
	n=$(wc -c <s.json)
	for i in $(seq 1 7 "$n"); do
		head -c "$i" s.json >p.json
		run nstats --merge p.json
		[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
	done
}

@test "usage errors exit 2" {
	run -2 --separate-stderr nstats --format xml
	[ "$stderr" = "nstats: --format must be json, tsv, table or html, not 'xml'" ]
	run -2 --separate-stderr nstats --pass
	[ "$stderr" = "nstats: --pass needs --report FILE for the summary" ]
	run -2 nstats --merge --pass --report x
	run -2 nstats --merge --by id
	run -2 nstats --top -1
	run -2 nstats --max-keys 0
	run -0 nstats --check --by id --top 3
}

@test "-f names the text field" {
	printf '%s\n' '{"body":"one two","text":"x"}' | nstats -f body >s.json
	jq -e '.chars == 7 and .tokens == 2' s.json
}

@test "a write error is a failure" {
	run -1 nstats "$ANN" -o /dev/full
	run -1 nstats --pass --report /dev/full "$ANN"
}

@test "every prefix of the input is summarised or rejected, never a crash" {
	n=$(wc -c <"$ANN")
	for i in $(seq 1 13 "$n"); do
		head -c "$i" "$ANN" >p.ndjson
		run nstats --format table p.ndjson
		[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
		run nstats --format html p.ndjson
		[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
	done
}

@test "invalid UTF-8 is rejected and counted" {
	printf '{"text":"ok"}\n{"text":"\377"}\n' >in
	run -3 --separate-stderr nstats in
	echo "$output" | jq -e '.records == 1 and .rejected == 1'
	[ "$stderr" = "nstats: in:2: invalid UTF-8 (column 10)" ]
}

@test "a long text is counted whole" {
	awk 'BEGIN { printf "{\"source\":\"x\",\"text\":\""
		for (i = 0; i < 200000; i++) printf "w\\u00f6rd "
		print "\"}" }' >big.ndjson
	run -0 nstats big.ndjson
	echo "$output" | jq -e '.chars == 1000000 and .tokens == 200000 and
	    .length.max == 1000000'
}

@test "places placed by nentities --geo are counted per country, in the summary and the page" {
	printf '%s\n' '{"date":"2024-03-01","entities":[{"type":"location","text":"Paris","norm":"Paris","country":"FR"},{"type":"location","text":"Lyon","norm":"Lyon","country":"FR"},{"type":"location","text":"Perth","norm":"Perth","country":"AU"},{"type":"person","text":"Ann","norm":"Ann"}]}' >in
	run -0 bash -o pipefail -c "nstats in | jq -c '.entities.country.top'"
	assert_output '[["FR",2],["AU",1]]'
	run -0 nstats --format html in
	assert_output --partial 'id="countries"'
	assert_output --partial 'Places by country'
}
