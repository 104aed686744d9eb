load helpers

NEWS="$FIX/nstats/news.ndjson"
ANN="$FIX/nstats/annotated.ndjson"

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
	assert_line '  2023-01-17  2  ########################################'
	assert_line '  2023-01-19  1  ####################'
	assert_line --regexp '^  characters +181$'
	assert_line 'entities: location (7 mentions)'
}

@test "a summary can be shown in any format after a merge" {
	nstats "$ANN" >s.json
	run -0 nstats --merge --format tsv s.json
	assert_line $'total\trecords\t7'
}

@test "empty input gives an empty summary" {
	run -0 nstats </dev/null
	echo "$output" | jq -e '.records == 0 and .length.count == 0'
	run -0 nstats --format table </dev/null
	assert_line --regexp '^  records +0$'
	run -0 nstats --merge </dev/null
	echo "$output" | jq -e '.records == 0'
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
	[ "$stderr" = "nstats: --format must be json, tsv or table, not 'xml'" ]
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
