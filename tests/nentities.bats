#!/usr/bin/env bats
# nentities: names, values, quotes and their offsets.

load helpers

@test "every entity and quote is the text between its offsets" {
	run -0 bash -o pipefail -c "nentities '$FIX/nentities/seeds.ndjson' | jq -e '
	    . as \$r | all(.entities[], .quotes[];
	    .text == \$r.text[.start:.end])'"
	assert_output - <<'OUT'
true
true
true
true
true
OUT
}

@test "seeds: the people, with one canonical name each" {
	set -o pipefail
	nentities "$FIX/nentities/seeds.ndjson" | jq -r '.entities[] |
	    select(.type == "person") | .norm' | sort -u >people
	for p in "Valeriy Zaluzhnyi" "Christopher Cavoli" \
	    "Volodymyr Zelenskyy" "Boris Pistorius" "Andrzej Duda" \
	    "Dmitry Medvedev" "Vladimir Putin" "Jens Stoltenberg" \
	    "Lloyd Austin" "Oleksiy Reznikov" "Serhiy Popko" "Dmytro Lunin" \
	    "Mark Milley" "Valerii Zaluzhnyi" "Dave Butler" "Donald Trump" \
	    "Friedrich Merz" "Emmanuel Macron"; do
		grep -qx "$p" people || { echo "missing: $p"; return 1; }
	done
}

@test "seeds: later mentions take the full name" {
	run -0 bash -o pipefail -c "nentities '$FIX/nentities/seeds.ndjson' | jq -c '
	    .entities[] | select(.type == \"person\" and
	    (.text == \"Zaluzhnyi\" or .text == \"Milley\" or
	    .text == \"Austin\")) | .norm' | sort -u"
	assert_output - <<'OUT'
"Lloyd Austin"
"Mark Milley"
"Valerii Zaluzhnyi"
"Valeriy Zaluzhnyi"
OUT
}

@test "seeds: places and organisations" {
	set -o pipefail
	nentities "$FIX/nentities/seeds.ndjson" | jq -r '.entities[] |
	    select(.type == "location" or .type == "organization") |
	    "\(.type) \(.norm)"' | sort -u >names
	for n in "location Ukraine" "location Kyiv" "location Germany" \
	    "location Poland" "location Bakhmut" "location Munster" \
	    "location United States" "location Washington, D.C." \
	    "organization NATO" "organization Reuters" \
	    "organization Ukraine Defense Contact Group"; do
		grep -qx "$n" names || { echo "missing: $n"; return 1; }
	done
}

@test "seeds: scraper words and sentence openers are not names" {
	run -0 --separate-stderr nentities "$FIX/nentities/seeds.ndjson"
	assert_equal "$stderr" ""
	run -0 jq -r '.entities[] | select(.type == "person" or
	    .type == "organization" or .type == "location" or
	    .type == "misc") | .text' <<<"$output"
	# The seeds are full of names: an empty list would prove nothing.
	[ "${#lines[@]}" -gt 100 ]
	for w in 'Source link' Source 'Live Briefing' Live Briefing Meanwhile \
	    Hours The In But; do
		refute_line "$w"
	done
	assert_line "Kyiv"
}

@test "seeds: money and counts with their values" {
	run -0 bash -o pipefail -c "nentities '$FIX/nentities/seeds.ndjson' | jq -c '
	    .entities[] | select(.type == \"money\" or (.type == \"quantity\"
	    and (.value == 539 or .value == 14 or .value == 8))) |
	    [.text, .value, (.currency // .unit)]'"
	assert_output - <<'OUT'
["14 Leopard 2 tanks",14,"tanks"]
["$92 Million",92000000,"USD"]
["eight Iranian-made Shahed drones",8,"drones"]
["eight enemy drones",8,"drones"]
["539 drones",539,"drones"]
["47 million Canadian dollars",47000000,"CAD"]
["34 million US dollars",34000000,"USD"]
OUT
}

@test "seeds: dates against the record's date, partial without one" {
	run -0 bash -o pipefail -c "nentities '$FIX/nentities/seeds.ndjson' | jq -c '
	    select(.id | test(\"^00[12]\")) | [.id[0:3], (.entities[] |
	    select(.type == \"date\") | [.text, .value])]'"
	assert_output - <<'OUT'
["001",["April 21","--04-21"],["April 21","--04-21"],["April 21","--04-21"]]
["002",["Tuesday","2023-01-17"],["February last year","2022-02"],["this week","2023-W03"],["Monday","2023-01-16"],["Monday","2023-01-16"]]
OUT
}

@test "seeds: quotes and who said them" {
	run -0 bash -o pipefail -c "nentities '$FIX/nentities/seeds.ndjson' | jq -r '
	    .quotes[] | \"\(.speaker_norm) | \(.text[0:31])\"'"
	assert_line "Valeriy Zaluzhnyi | We discussed the issue of suppl"
	assert_line "Lloyd Austin | Our support for the forces of f"
	assert_line "Dmytro Lunin | There is destruction of civilia"
}

@test "money, percentages, dates and times are normalised" {
	run -0 bash -o pipefail -c "nentities '$FIX/nentities/values.ndjson' | jq -c '
	    [.entities[] | [.type, .text, .value,
	    (.currency // .unit // empty)]]'"
	assert_output - <<'OUT'
[["money","5.93 mln dlrs",5930000,"USD"],["money","4.1 mln dlrs",4100000,"USD"],["percent","9.40 pct",9.4]]
[["money","€1.2bn",1200000000,"EUR"],["percent","9.4%",9.4],["money","$92 Million",92000000,"USD"]]
[["date","Tuesday","2023-01-17"],["date","last week","2023-W02"],["date","January 20, 2023","2023-01-20"],["date","yesterday","2023-01-16"],["time","10:30 a.m.","10:30"]]
[["date","April 21","--04-21"],["location","Brussels",null],["date","2023-04-25","2023-04-25"]]
OUT
}

# Found by tests/fuzz/fuzz_nentities: a value past long long was cast to
# one to see whether it was whole (UBSan, under make asan).
@test "a value too large for an integer is normalised as a double" {
	printf '{"id":"n","text":"Sales rose by 99999999999999999999999 percent, and by 12 percent in May."}\n' >big.ndjson
	run -0 bash -o pipefail -c "nentities big.ndjson | jq -c '[.entities[] | select(.type == \"percent\") | .norm]'"
	assert_output '["1e+23%","12%"]'
}

@test "a user gazetteer in YAML adds a type" {
	run -0 bash -o pipefail -c "nentities -g '$FIX/nentities/equipment.yaml' \
	    -t equipment '$FIX/nentities/seeds.ndjson' |
	    jq -r '.entities[] | \"\(.text) \(.norm)\"' | sort | uniq -c"
	assert_output - <<'OUT'
      1 Abrams Abrams
      1 Challenger 2 Challenger 2
      4 Leopard 2 Leopard 2
      3 Patriot Patriot
      1 Patriots Patriot
OUT
}

@test "a user gazetteer in TSV, and --types keeps only what is asked" {
	run -0 bash -o pipefail -c "nentities -g '$FIX/nentities/equipment.tsv' \
	    -t equipment,money '$FIX/nentities/seeds.ndjson' |
	    jq -r '.entities[] | \"\(.type) \(.text) \(.norm)\"' | sort -u"
	assert_output - <<'OUT'
equipment Marder Marder
equipment Shahed Shahed-136
money $92 Million 92000000 USD
money 34 million US dollars 34000000 USD
money 47 million Canadian dollars 47000000 CAD
OUT
}

@test "headlines in capitals do not become names" {
	# "SENATE COMMITTEE" may be a body; the ordinary words may not.
	printf '%s\n' '{"text":"SENATE COMMITTEE MAY LOOK AT FUEL TAX PROPOSALS IN NEW YORK\nThe committee met in Washington."}' >in
	run -0 bash -o pipefail -c "nentities in | jq -r '.entities[] | .text'"
	assert_line "NEW YORK"
	assert_line "Washington"
	refute_line --regexp 'MAY|LOOK|FUEL|TAX|PROPOSALS|IN NEW'
}

@test "title-case headline lists keep only names" {
	printf '%s\n' '{"text":"Trump Administration Tightens Visa Vetting With New Focus on Free Speech\nCalifornia Launches Portal for Reporting Alleged Misconduct"}' >in
	run -0 bash -o pipefail -c "nentities in | jq -r '.entities[] | .text'"
	assert_line "California"
	refute_line --regexp 'Tightens|Visa|Vetting|Focus|Free|Speech|Launches|Portal|Reporting|Alleged|Misconduct'
}

@test "a user gazetteer wins over the model" {
	printf '%s\n' '{"text":"Jonas Berg met Nordic Rail staff in Oslo."}' >in
	printf 'location\tJonas Berg\norganization\tOslo\n' >g.tsv
	run -0 bash -o pipefail -c "nentities in | jq -c '[.entities[] | select(.text == \"Jonas Berg\" or .text == \"Oslo\") | [.type, .text]]'"
	assert_output '[["person","Jonas Berg"],["location","Oslo"]]'
	run -0 bash -o pipefail -c "nentities -g g.tsv in | jq -c '[.entities[] | select(.text == \"Jonas Berg\" or .text == \"Oslo\") | [.type, .text]]'"
	assert_output '[["location","Jonas Berg"],["organization","Oslo"]]'
}

@test "--explain: each name's margin and strongest features" {
	printf '%s\n' '{"text":"Jonas Berg met Nordic Rail staff in Oslo on Monday."}' >in
	run -0 bash -o pipefail -c "nentities --explain in | jq -c '.entities[] | select(.explain) |
	    [.type, .text, (.explain.margin > 0), (.explain.features | length),
	    (.explain.features | map(.[1]) | . == (sort | reverse))]'"
	assert_line '["person","Jonas Berg",true,5,true]'
	assert_line '["location","Oslo",true,5,true]'
	# values have no explanation
	run -0 bash -o pipefail -c "nentities --explain in | jq -c '.entities[] | select(.type == \"date\") | .explain'"
	assert_output null
	run -0 bash -o pipefail -c "nentities --explain in | jq -r '.entities[] | select(.text == \"Oslo\") | .explain.features[][0]' | grep -c '^[a-z0-9|+-]*='"
	assert_output 5
}

@test "bad gazetteers and unknown types are usage errors" {
	printf 'equipment Leopard\n' >bad.tsv
	run -2 --separate-stderr nentities -g bad.tsv </dev/null
	assert_equal "$stderr" "nentities: bad.tsv:1: expected type<TAB>name"
	printf 'equipment:\n  - {name: X, nrom: Y}\n' >bad.yaml
	run -2 --separate-stderr nentities -g bad.yaml </dev/null
	assert_equal "$stderr" "nentities: bad.yaml:2:15: unknown key 'nrom' (name, norm, aliases)"
	run -2 --separate-stderr nentities -t people </dev/null
	assert_equal "$stderr" "nentities: --types: unknown type 'people'"
	run -0 nentities --check -g "$FIX/nentities/equipment.yaml" -t equipment
}

@test "records without text pass through; bad lines are rejected" {
	printf '%s\n' '{"id":1,"n":1.0}' 'not json' '{"id":2,"text":"In Kyiv."}' >in
	run -3 --separate-stderr nentities in
	assert_line -n 0 '{"id":1,"n":1.0}'
	assert_line -n 1 '{"id":2,"text":"In Kyiv.","entities":[{"type":"location","text":"Kyiv","start":3,"end":7,"norm":"Kyiv"}],"quotes":[]}'
	assert_equal "$stderr" "nentities: in:2: not a JSON object (column 1)
nentities: 1 record had no 'text' field and passed through unchanged"
}

@test "empty input, empty text, a full disk" {
	run -0 nentities </dev/null
	assert_output ""
	run -0 bash -o pipefail -c "echo '{\"text\":\"\"}' | nentities"
	assert_output '{"text":"","entities":[],"quotes":[]}'
	run -1 bash -c "nentities '$FIX/nentities/seeds.ndjson' >/dev/full"
}

@test "every prefix of a record is handled" {
	line=$(head -n 1 "$FIX/nentities/seeds.ndjson" | jq -r .text)
	for n in 1 2 3 5 8 13 21 34 55 89 144 233 377 610 987 1597; do
		jq -cn --arg t "${line:0:$n}" '{text: $t}'
	done >in
	run -0 bash -o pipefail -c "nentities in | jq -e '. as \$r | all(.entities[];
	    .text == \$r.text[.start:.end])' | sort -u"
	assert_output true
}

@test "a record's entities do not depend on the records before it" {
	# "Day" in capitals once made the "day" of a later "D-day" a name.
	printf '%s\n' '{"text":"It named the date as D-day and said, \"On D-day, talks begin.\""}' >one
	{ echo '{"text":"Day One."}'; cat one; } >two
	run -0 nentities one
	alone=$output
	run -0 nentities two
	assert_line -n 1 "$alone"
	run -0 bash -o pipefail -c "nentities two | jq -c '[.entities[].text]'"
	assert_output '[]
[]'
}

@test "--jobs: many threads give the output, diagnostics and status of one" {
	# Records enough for several batches, numbered, with bad lines and
	# records without text among them.
	for i in $(seq 1 150); do
		cat "$FIX/nentities/seeds.ndjson" "$FIX/nentities/values.ndjson"
		[ $((i % 50)) -eq 0 ] && echo '{"text": "broken'
		[ $((i % 70)) -eq 0 ] && echo '{"no":"text"}'
	done | awk '{ sub(/^\{/, "{\"n\":" NR ","); print }' >mix
	[ "$(wc -c <mix)" -gt 2500000 ]
	for j in 1 3; do
		run -3 --separate-stderr nentities --jobs $j --reject r$j mix
		printf '%s\n' "$output" >o$j
		printf '%s\n' "$stderr" >e$j
	done
	cmp o1 o3
	cmp e1 e3
	cmp r1 r3
	[ "$(wc -l <o1)" -eq 1352 ]
	jq .n o3 | sort -nc
	assert_equal "$(cat e3)" "nentities: mix:451: invalid JSON: unterminated string (column 25)
nentities: mix:903: invalid JSON: unterminated string (column 25)
nentities: mix:1355: invalid JSON: unterminated string (column 26)
nentities: 2 records had no 'text' field and passed through unchanged"
	run -3 --separate-stderr nentities --jobs 3 --strict mix
	[ "${#lines[@]}" -eq 450 ]
	assert_equal "$stderr" "nentities: mix:451: invalid JSON: unterminated string (column 25)"
	run -3 bash -o pipefail -c "nentities --jobs 3 -u mix 2>/dev/null | cmp - o1"
}

@test "--jobs: a bad count is a usage error, before any input is read" {
	run -2 --separate-stderr nentities --jobs 0 missing
	assert_equal "$stderr" "nentities: --jobs must be a number from 1 to 64, not '0'"
	run -2 --separate-stderr nentities --jobs x missing
	assert_equal "$stderr" "nentities: --jobs must be a number from 1 to 64, not 'x'"
	run -0 nentities --jobs 64 --check
}

@test "hostile text stays linear: quotation marks, one name said 40,000 times" {
	python3 -c "
import json
print(json.dumps({'text': '\"' * 300000}))
print(json.dumps({'text': ' '.join(['Mr. Big Capital Name'] * 40000)}))
print(json.dumps({'text': ' '.join(['Big'] * 200000)}))" >in
	SECONDS=0
	run -0 bash -o pipefail -c "nentities in | jq -c '[.entities | length, (.[0].text // null)]'"
	[ "$SECONDS" -lt 4 ]
	assert_line -n 0 '[0,null]'
	[ "${#lines[@]}" -eq 3 ]
}

@test "--geo: places get a country, and coordinates when the evidence is enough" {
	printf '%s\n' '{"text":"A tornado hit Paris, Texas, on Sunday. Talks went on in Paris and Lyon, French officials said. He later flew to Springfield."}' >in
	run -0 bash -o pipefail -c "nentities --geo --types location in | jq -c '.entities[] | [.text, .country, .admin1, .lat, .lon]'"
	assert_line --index 0 '["Paris","US","Texas",33.66,-95.56]'
	assert_line --index 1 '["Texas","US","Texas",30.97,-97.54]'
	assert_line --index 2 '["Paris","FR","Île-de-France Region",48.85,2.35]'
	assert_line --index 3 '["Lyon","FR","Auvergne-Rhône-Alpes",45.75,4.85]'
	# Many Springfields, all in the United States: the country, no guess.
	assert_line --index 4 '["Springfield","US",null,null,null]'
}

@test "--geo --explain says which evidence placed each place" {
	printf '%s\n' '{"text":"Police in Perth and Dundee said the roads across Scotland were closed."}' >in
	run -0 bash -o pipefail -c "nentities --geo --explain --types location in | jq -r '.entities[] | \"\(.text) \(.country) \(.geo_why)\"'"
	assert_line --index 0 'Perth GB document'
	printf '%s\n' '{"text":"Police in Perth said the roads were closed."}' >in
	run -0 bash -o pipefail -c "nentities --geo --explain --types location in | jq -r '.entities[] | \"\(.text) \(.country) \(.geo_why)\"'"
	assert_output 'Perth AU population'
}

@test "--geo: a source in a country's domain tips a close choice" {
	printf '%s\n' '{"text":"Flooding closed roads in Hyderabad.","url":"https://tribune.com.pk/story/1"}' \
	    '{"text":"Flooding closed roads in Hyderabad."}' >in
	run -0 bash -o pipefail -c "nentities --geo --types location in | jq -r '.entities[0].country'"
	assert_output "$(printf '%s\n' PK IN)"
}

@test "--geo leaves the output without it unchanged, and without --geo adds nothing" {
	printf '%s\n' '{"text":"Talks went on in Paris on Monday, officials said."}' >in
	run -0 nentities in
	refute_output --partial '"country"'
	run -0 bash -o pipefail -c "nentities --geo in | jq -c '.entities | map(del(.country, .lat, .lon, .admin1, .geonames, .geo_confidence))'"
	assert_output "$(nentities in | jq -c .entities)"
}

@test "a German record's capitalised nouns are not names; without lang they are read as English" {
	t='Die Regierung in Berlin hat das Gesetz beschlossen. Bundeskanzler Olaf Scholz lobte die Kosten.'
	printf '{"id":"d","lang":"de","text":"%s"}\n{"id":"e","text":"%s"}\n' "$t" "$t" >in
	run -0 bash -c "nentities -t person,organization,location in | jq -c '[.id, [.entities[].text]]'"
	assert_line --index 0 '["d",["Berlin","Olaf Scholz"]]'
	assert_line --index 1 --partial '"Regierung"'
}
