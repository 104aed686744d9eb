#!/usr/bin/env bats
# nclean: scraped text to the article.

load helpers

SEEDS="$FIX/nclean/seeds.ndjson"

# The texts of all records, white space collapsed, one per line.
texts() {
	jq -r '.text | gsub("\\s+"; " ")' "$@"
}

@test "seeds: every article line is kept, every piece of furniture is gone" {
	run -0 nclean "$SEEDS"
	[ "${#lines[@]}" -eq 5 ]
	texts <<<"$output" >all
	while IFS= read -r l; do
		grep -qF -- "$l" all || fail "lost: $l"
	done <"$FIX/nclean/seeds.keep"
	while IFS= read -r l; do
		! grep -qF -- "$l" all || fail "left in: $l"
	done <"$FIX/nclean/seeds.remove"
}

@test "seeds: record 002 gets its date and starts with its first sentence" {
	run -0 bash -o pipefail -c "nclean '$SEEDS' | jq -c 'select(.id == \"002_408fec2829424949\") | [.date, .text[0:45]]'"
	assert_output '["2023-01-17","U.S. top military officer, Army Gen. Mark Mil"]'
}

@test "seeds: a leading headline becomes the title; an unrelated one does not" {
	run -0 bash -o pipefail -c "nclean '$SEEDS' | jq -r '[.id[0:3], .title // \"-\"] | join(\" \")'"
	assert_output "$(printf '%s\n' '000 -' '001 -' '002 -' \
	    '004 Western pledge to strengthen Ukraine’s defenses, and Macron invites Putin to the negotiating table' | sed '4i 003 -')"
}

@test "seeds: a credit line leaves the text for the credit field" {
	run -0 bash -o pipefail -c "nclean '$SEEDS' | jq -r 'select(.credit) | [.id[0:3], .credit] | join(\" \")'"
	assert_output '001 With reporting by Reuters and AP'
	run -0 bash -o pipefail -c "nclean '$SEEDS' | jq -r .text"
	refute_output --partial 'With reporting by'
}

@test "seeds: subheadings between paragraphs stay" {
	run -0 bash -o pipefail -c "nclean '$SEEDS' | jq -r .text"
	assert_line 'Large drone assault'
	assert_line 'To protect it from march attacks'
	assert_line 'Providing Ukraine with a complete air defense system'
}

@test "--explain: every removed span is the input text at its offsets" {
	nclean --explain "$SEEDS" >out
	run -0 jq -c '.clean.removed[]' out
	[ "${#lines[@]}" -gt 0 ]
	paste -d '\t' <(jq -c . "$SEEDS") <(jq -c .clean out) |
	while IFS=$'\t' read -r in clean; do
		jq -n --argjson r "$in" --argjson c "$clean" -e \
		    '[$c.removed[] | $r.text[.start:.end] == .text] | all' >/dev/null ||
		    fail "offsets wrong in $(jq -r .id <<<"$in")"
	done
	run -0 jq -c '.clean.removed[] | select(.rule == "date")' out
	assert_output '{"rule":"date","text":" date 2023-01-17 ","start":0,"end":17}'
	run -0 jq -r '.clean.removed[].rule' out
	assert_line 'teaser'
	assert_line 'see-more'
	assert_line 'ad-marker'
	assert_line 'source-link'
	assert_line 'headlines'
}

@test "--explain: offsets count code points, not bytes" {
	printf '%s\n' '{"text":"Zürich, 日本: the first paragraph of the article is long enough.\nShare this\nThe rest of it is an article sentence, long enough to be prose."}' >in
	run -0 bash -o pipefail -c "nclean --explain in | jq -c '.clean.removed'"
	assert_output '[{"rule":"share","text":"Share this","start":63,"end":73}]'
}

@test "other fields come out byte for byte: big numbers, 1.0, escapes, nesting" {
	printf '%s\n' '{"n":12345678901234567890123,"f":1.0,"e":1E+2,"s":"\u00e9\ud83d\ude00\/","o":{"a":[1,{"b":null}],"c":"\u0041"},"text":"Source link\nA sentence that is long enough to be a paragraph of an article, and it ends."}' >in
	run -0 nclean in
	assert_output '{"n":12345678901234567890123,"f":1.0,"e":1E+2,"s":"\u00e9\ud83d\ude00\/","o":{"a":[1,{"b":null}],"c":"\u0041"},"text":"A sentence that is long enough to be a paragraph of an article, and it ends.","lang":"en"}'
}

@test "a record nobody needs to change comes out exactly as it went in" {
	printf '%s\n' '{"id":"x","lang":"en","text":"One clean paragraph of news text, which says something.\nAnother one, with a \u201cquote\u201d in it, as news has."}' >in
	run -0 nclean in
	assert_output "$(cat in)"
}

@test "a clean article keeps its table, its list and its short last line" {
	printf '%s\n' '{"lang":"en","text":"Acme Corp said third-quarter profit rose on stronger sales of its machine tools in Europe.\nOper shr 25 cts vs 30 cts\nOper net 1,000,000 vs 2,000,000\nRevs 31.1 mln vs 27.8 mln\nNine mths\nOper shr 75 cts vs 80 cts\nAn Acme spokesman declined comment."}' >in
	run -0 nclean in
	assert_output "$(cat in)"
}

@test "invalid lines are rejected with their line number; the rest goes on" {
	printf '%s\n' '{"text":"ok one"}' '{"text": "unterminated' '[1,2]' \
	    '{"text":"ok two"}' >in
	printf '{"text":"\xff"}\n' >>in
	run -3 --separate-stderr nclean --reject rej in
	assert_output "$(printf '%s\n' '{"text":"ok one","lang":"und"}' \
	    '{"text":"ok two","lang":"und"}')"
	[ "$stderr" = "$(printf '%s\n' \
	    'nclean: in:2: invalid JSON: unterminated string (column 23)' \
	    'nclean: in:3: not a JSON object (an array) (column 1)' \
	    'nclean: in:5: invalid UTF-8 (column 10)')" ]
	run -0 jq -r '"\(.line) \(.reason)"' rej
	assert_output "$(printf '%s\n' '2 invalid JSON: unterminated string' \
	    '3 not a JSON object (an array)' '5 invalid UTF-8')"
}

@test "--strict stops at the first rejected line" {
	printf '%s\n' '{"text":"a"}' 'nope' '{"text":"b"}' >in
	run -3 --separate-stderr nclean --strict in
	assert_output '{"text":"a","lang":"und"}'
}

@test "a record without text passes through, and is counted" {
	printf '%s\n' '{"id":1,"body":"Source link"}' >in
	run -0 --separate-stderr nclean in
	assert_output '{"id":1,"body":"Source link"}'
	[ "$stderr" = "nclean: 1 record had no 'text' field and passed through unchanged" ]
	run -0 nclean -f body in
	assert_output '{"id":1,"body":"","lang":"und"}'
}

@test "a text that is not a string is rejected" {
	printf '%s\n' '{"text":3}' >in
	run -3 --separate-stderr nclean in
	[ "$stderr" = "nclean: in:1: field 'text' is not a string" ]
}

@test "normalisation: entities, tags, zero-width, controls, spaces, NFC" {
	printf '%s\n' '{"text":"  Caf\u0065\u0301 &amp; bar&nbsp;&#8212; <b>bold</b>\u200b te\u00adxt\u0007 end  \r"}' >in
	run -0 bash -o pipefail -c "nclean in | jq -r .text"
	assert_output 'Café & bar — bold text end'
	run -0 bash -o pipefail -c "nclean in | jq -r .text | od -An -c"
	assert_line --index 0 --partial 'C   a   f 303 251'
}

@test "normalisation: certain mojibake is repaired, plain Latin-1 letters are not" {
	printf '%s\n' '{"text":"It\u00e2\u0080\u0099s a caf\u00c3\u00a9, \u00e2\u0080\u009cquoted\u00e2\u0080\u009d. Ångström à la crème."}' >in
	run -0 bash -o pipefail -c "nclean in | jq -r .text"
	assert_output 'It’s a café, “quoted”. Ångström à la crème.'
}

@test "typographic quotes stay; --ascii folds them" {
	printf '%s\n' '{"text":"“Yes,” she said — it’s done…"}' >in
	run -0 bash -o pipefail -c "nclean in | jq -r .text"
	assert_output '“Yes,” she said — it’s done…'
	run -0 bash -o pipefail -c "nclean --ascii in | jq -r .text"
	assert_output '"Yes," she said - it'"'"'s done...'
}

@test "a title or date already in the record is kept" {
	printf '%s\n' '{"title":"Mine","date":"2020-01-01","text":"date 2023-01-17 Prices rose again on Monday, the ministry said in a statement.\nIt was the third rise this year, and more are expected soon."}' >in
	run -0 bash -o pipefail -c "nclean in | jq -c '[.title, .date, .text[0:11]]'"
	assert_output '["Mine","2020-01-01","Prices rose"]'
}

@test "a long first line that begins with the record's title and goes on with more words is kept" {
	# The title's words, then figures for longer than the part of the
	# line that is compared first, then words the title does not have.
	line="Markets rally $(seq -s ' ' 100 139) and then shares fell sharply in late trading."
	jq -nc --arg l "$line" '{title: "Markets rally", text: "\($l)\nThe index closed lower on Friday after a week of gains, traders said."}' >in
	run -0 bash -o pipefail -c "nclean in | jq -r '.text[0:25]'"
	assert_output 'Markets rally 100 101 102'
	printf '%s\n' '{"title":"Markets rally","text":"Markets rally\nThe index closed lower on Friday after a week of gains, traders said."}' >in
	run -0 bash -o pipefail -c "nclean in | jq -r '.text[0:9]'"
	assert_output 'The index'
}

@test "--rules adds a pattern rule, an exact line and disables a built-in" {
	cat >r.yaml <<-'EOF'
	rules:
	  - id: promo
	    pattern: '^Buy now\b'
	  - id: sign-off
	    line: "The End"
	disable: [source-link]
	heuristics: {classifier: false}
	EOF
	printf '%s\n' '{"text":"A paragraph of article text that goes on long enough to count.\nBuy now and save!\nSource link\nAnother paragraph of the article, which is also long enough.\nthe end."}' >in
	run -0 bash -o pipefail -c "nclean --rules r.yaml --explain in | jq -c '[.text, [.clean.removed[].rule]]'"
	assert_output '["A paragraph of article text that goes on long enough to count.\nSource link\nAnother paragraph of the article, which is also long enough.",["promo","sign-off"]]'
}

@test "--rules can switch heuristics off" {
	printf 'heuristics: {classifier: false, date: false}\n' >h.yaml
	printf '%s\n' '{"text":"date 2023-01-17 Menu\nHome"}' >in
	run -0 nclean --rules h.yaml in
	assert_output '{"text":"date 2023-01-17 Menu","lang":"und"}'
}

@test "rule file errors name file:line:col and exit 2 before reading input" {
	printf 'rules:\n  - id: x\n    patern: "abc"\n' >bad.yaml
	run -2 --separate-stderr nclean --rules bad.yaml /nonexistent
	[ "$output" = "" ]
	[ "$stderr" = "nclean: bad.yaml:3:5: unknown key 'patern' in a rule (known: id, line, lines, prefix, prefixes, contains, pattern, with, remove, heading, boundary, ends, field, ignore_case, max_chars)" ]
	printf 'disable: [nope]\n' >bad.yaml
	run -2 --separate-stderr nclean --rules bad.yaml /nonexistent
	[ "$stderr" = "nclean: bad.yaml:1:11: no rule 'nope' to disable" ]
	printf 'rules:\n  - id: site\n    line: x\n' >bad.yaml
	run -2 --separate-stderr nclean --rules bad.yaml /nonexistent
	[ "$stderr" = "nclean: bad.yaml:2:9: the rule id 'site' is what --state learned; choose another" ]
	printf 'disable: [site]\n' >bad.yaml
	run -2 --separate-stderr nclean --rules bad.yaml /nonexistent
	[ "$stderr" = "nclean: bad.yaml:1:11: no rule 'site' to disable" ]
	printf 'heuristics:\n  teaser: yes\n' >bad.yaml
	run -2 --separate-stderr nclean --rules bad.yaml /nonexistent
	[ "$stderr" = "nclean: bad.yaml:2:11: 'teaser' must be true or false" ]
	printf 'rules:\n  - {id: a, line: x\n' >bad.yaml
	run -2 --separate-stderr nclean --rules bad.yaml /nonexistent
	[ "$stderr" = "nclean: bad.yaml:3:1: did not find expected ',' or '}'" ]
	run -2 --separate-stderr nclean --rules missing.yaml /nonexistent
	[ "$stderr" = "nclean: missing.yaml: No such file or directory" ]
}

@test "a bad pattern names its offset and exits 2" {
	printf 'rules:\n  - id: x\n    pattern: "ab(c"\n' >bad.yaml
	run -2 --separate-stderr nclean --rules bad.yaml /nonexistent
	[ "$stderr" = "nclean: bad.yaml:3:14: rule 'x': bad pattern: missing closing parenthesis at offset 4" ]
}

@test "--check validates the rules and reads nothing" {
	printf 'rules:\n  - id: x\n    line: y\n' >ok.yaml
	run -0 --separate-stderr nclean --check --rules ok.yaml /nonexistent
	[ "$output" = "" ]
	[ "$stderr" = "" ]
}

@test "a user pattern that backtracks badly is stopped by its limit" {
	printf 'rules:\n  - id: slow\n    pattern: "^(a+)+$"\n' >slow.yaml
	awk 'BEGIN { s = ""; for (i = 0; i < 40; i++) s = s "a"; print "{\"text\":\"" s "!\"}" }' >in
	run -0 --separate-stderr timeout 60 nclean --rules slow.yaml in
	assert_output --partial 'aaaa!'
	[ "$stderr" = "nclean: rule 'slow' (slow.yaml:2:9) hit its match limit on 1 line, which was kept" ]
}

@test "a 100 MB single line finishes (in linear time)" {
	awk 'BEGIN { s = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. "
		while (length(s) < 1048576) s = s s
		printf "{\"id\":\"big\",\"text\":\""
		for (i = 0; i < 100; i++) printf "%s", s
		print "\"}" }' >big
	run -0 timeout 300 bash -o pipefail -c 'nclean big | jq -r ".text | length"'
	[ "$output" -ge 100000000 ]
}

@test "text built to trip regexes finishes (in linear time)" {
	# Long runs of what the patterns look for, without the rest.
	awk 'BEGIN {
		a = "(((((((((((((((((((((((((((((((((((((((((((((( "
		while (length(a) < 200000) a = a a
		b = "cookie cookie click click [ad_ [ad_ ©©©© credit... "
		while (length(b) < 200000) b = b b
		printf "{\"text\":\"%s\\n%s\\n", a, b
		for (i = 0; i < 20000; i++) printf "Share \\n"
		for (i = 0; i < 50000; i++) printf "The same line, over and over again\\n"
		for (i = 0; i < 50000; i++) printf "Menu\\nHome\\n"
		for (i = 0; i < 20000; i++) printf "Big Story About Markets Today Again\\nAnother Big Story About Things Here\\nThird Story Of The Same Kind Now\\nA sentence of prose that goes on long enough to be a paragraph, it says.\\n"
		print "\"}" }' >hostile
	run -0 timeout 120 bash -o pipefail -c 'nclean hostile | wc -l'
	assert_output 1
}

@test "every prefix of a seed record is handled without a crash" {
	head -n 1 "$FIX/nclean/seeds.ndjson" | tail -c +1 >rec
	n=$(wc -c <rec)
	for ((i = 1; i < n; i += 97)); do
		head -c "$i" rec >p
		rc=0
		nclean p >/dev/null 2>&1 || rc=$?
		[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || fail "prefix $i: status $rc"
	done
}

@test "an empty text and one of blank lines come out as they are" {
	printf '%s\n' '{"id":"e","text":""}' '{"id":"b","text":"\n\n"}' \
	    '{"id":"s","text":"\u0001 \t"}' >in
	run -0 bash -c "nclean in | jq -c '[.id, .text]'"
	assert_line --index 0 '["e",""]'
	assert_line --index 1 '["b",""]'
	assert_line --index 2 '["s",""]'
	[ "${#lines[@]}" -eq 3 ]
}

@test "an empty input gives no output" {
	run -0 nclean </dev/null
	assert_output ''
}

@test "a write error on stdout is status 1" {
	run -1 bash -c "nclean '$SEEDS' >/dev/full"
}

@test "--help and --version" {
	run -0 nclean --help
	assert_line --index 0 --partial 'usage: nclean'
	assert_output --partial '--explain'
	run -0 nclean --version
	assert_output --partial 'nclean (ntools)'
	run -2 nclean --bogus
}

@test "--jobs: many threads give the output, diagnostics and status of one" {
	# Enough lines for several batches, with bad ones among them.
	for i in $(seq 1 1800); do
		cat "$FIX/nclean/seeds.ndjson"
		[ $((i % 300)) -eq 0 ] && echo '{"text": "broken'
		[ $((i % 450)) -eq 0 ] && echo '{"no":"text"}'
	done >mix
	run -3 --separate-stderr nclean --jobs 1 --reject r1 mix
	echo "$output" >o1
	echo "$stderr" >e1
	run -3 --separate-stderr nclean --jobs 4 --reject r4 mix
	echo "$output" >o4
	echo "$stderr" >e4
	cmp o1 o4
	cmp e1 e4
	cmp r1 r4
	[ "$(wc -l <o1)" -eq 9004 ]
	run -3 --separate-stderr nclean --jobs 4 --strict mix
	[ "${#lines[@]}" -eq 1500 ]
	run -0 bash -o pipefail -c "nclean --jobs 3 -u <'$FIX/nclean/seeds.ndjson' | wc -l"
	assert_output 5
}

@test "--jobs: a file that cannot be read is reported in its place" {
	printf '%s\n' '{"text":"a"}' 'bad' >a
	printf '%s\n' '{"text":"b"}' >b
	for j in 1 4; do
		run -1 --separate-stderr nclean --jobs $j a missing b
		assert_equal "$stderr" "nclean: a:2: not a JSON object (column 1)
nclean: missing: No such file or directory"
		assert_equal "${#lines[@]}" 2
		run -3 --separate-stderr nclean --jobs $j --strict a missing b
		assert_equal "$stderr" "nclean: a:2: not a JSON object (column 1)"
	done
}

# Texts of tests/fixtures/lang/FILE.tsv (expected<TAB>text) as records.
lang_records() {
	jq -Rc 'split("\t") | {expect: .[0], text: (.[1] // "")}' \
	    "$FIX/lang/$1.tsv"
}

@test "lang: nine texts in ten of each of the twelve languages are told right" {
	lang_records test >in
	run -0 bash -c "nclean in | jq -r '[.expect, .lang] | @tsv'"
	[ "${#lines[@]}" -eq 144 ]
	printf '%s\n' "$output" | awk -F'\t' '
	    { n[$1]++; if ($1 == $2) ok[$1]++ }
	    END { for (l in n) if (ok[l] < 0.9 * n[l]) {
		print l ": " ok[l] + 0 " of " n[l]; bad = 1 }
		exit bad }'
	# All twelve are there.
	[ "$(printf '%s\n' "$output" | cut -f1 | sort -u | tr '\n' ' ')" = \
	    "ar de en es fr it nl pl pt ru tr uk " ]
}

@test "lang: short, numeric, mixed and foreign texts are und or the sensible answer" {
	lang_records odd >in
	run -0 bash -c "nclean in | jq -r '[.expect, .lang, .text] | @tsv'"
	[ "${#lines[@]}" -eq "$(wc -l <"$FIX/lang/odd.tsv")" ]
	printf '%s\n' "$output" | awk -F'\t' '
	    { k = split($1, want, "|"); hit = 0
	      for (i = 1; i <= k; i++) if (want[i] == $2) hit = 1
	      if (!hit) { print "got " $2 " for: " $3; bad = 1 } }
	    END { exit bad }'
}

@test "lang: a record's own lang is kept; an empty or null one is filled" {
	t='The council approved the budget on Tuesday after a long debate. The mayor said buses would run more often next year.'
	jq -nc --arg t "$t" '{lang: "fr", text: $t}, {lang: "", text: $t},
	    {lang: null, text: $t}, {text: $t}' >in
	run -0 bash -c "nclean in | jq -c .lang"
	assert_output "$(printf '%s\n' '"fr"' '"en"' '"en"' '"en"')"
}

@test "lang: told from the cleaned text, not from the furniture around it" {
	printf '%s\n' '{"text":"Source link\nDer Stadtrat hat am Dienstag nach langer Debatte den Haushalt beschlossen.\nShare this\nClick here to subscribe\nDie Busse sollen im kommenden Jahr häufiger fahren, sagte der Bürgermeister."}' >in
	run -0 bash -c "nclean in | jq -r .lang"
	assert_output de
}

@test "lang: without its model nclean stops with status 2 before reading" {
	# A build tree of its own: bin/nclean finds ../data, which has no lang/.
	mkdir -p bin data/nclean
	cp "$NT_ROOT/tools/nclean" bin/
	cp "$NT_ROOT/data/nclean/"* data/nclean/
	run -2 --separate-stderr bin/nclean /nonexistent
	assert_equal "$stderr" "nclean: data file lang/trigrams.tsv not found (tried $PWD/bin/../data/lang/trigrams.tsv, $PWD/bin/../share/ntools/lang/trigrams.tsv, $(make -s -C "$NT_ROOT" print-datadir)/lang/trigrams.tsv; set NTOOLS_DATA to the data directory)"
	printf 'ntools-lang\t2\n' >bad.tsv
	mkdir data/lang
	cp bad.tsv data/lang/trigrams.tsv
	run -2 --separate-stderr bin/nclean --check
	[ "$stderr" = "nclean: $PWD/bin/../data/lang/trigrams.tsv:1: not a language model (expected 'ntools-lang', a tab and 1)" ]
}
