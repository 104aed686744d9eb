#!/usr/bin/env bats
# Hostile input: configuration files nested or sized to make a parser
# slow, and text that would make a scan quadratic.  Each must be refused
# or done quickly; timeout(1) turns a slow run into a failure instead of
# a hang.
load helpers

# deep N: a YAML mapping whose value is N nested flow lists.
deep() {
	python3 -c "import sys; n = int(sys.argv[1]); print('a: ' + '[' * n + ']' * n)" "$1"
}

@test "npipe --check refuses 100,000 nested lists at once, naming file:line:col" {
	deep 100000 >deep.yaml
	run -2 --separate-stderr timeout 2 npipe --check deep.yaml
	assert_equal "$stderr" "npipe: deep.yaml:1:67: nested deeper than 64 levels"
}

@test "nclean refuses a deeply nested rules file before reading input" {
	deep 100000 >rules.yaml
	run -2 --separate-stderr timeout 2 nclean --rules rules.yaml --check
	assert_equal "$stderr" "nclean: rules.yaml:1:67: nested deeper than 64 levels"
}

@test "nentities refuses a deeply nested gazetteer" {
	deep 100000 >gaz.yaml
	run -2 --separate-stderr timeout 2 nentities --gazetteer gaz.yaml --check
	assert_output ""
	assert_equal "$stderr" "nentities: gaz.yaml:1:67: nested deeper than 64 levels"
}

@test "a configuration file over 16 MiB is refused" {
	head -c 17000000 /dev/zero | tr '\0' ' ' >big.yaml
	run -2 --separate-stderr npipe --check big.yaml
	assert_equal "$stderr" "npipe: big.yaml:1:1: larger than 16 MiB"
}

# quotes N MARK: one record whose text is N copies of MARK.
quotes() {
	python3 -c "import sys; print('{\"text\":\"' + sys.argv[2] * int(sys.argv[1]) + '\"}')" "$1" "$2"
}

@test "nentities is linear in a run of unclosed quotation marks" {
	quotes 300000 $'\u201c' >q.ndjson
	run -0 timeout 3 nentities --jobs 1 q.ndjson
	assert_output --partial '"entities":[]'
}

@test "nentities is linear in many quotations, each with a speaker" {
	quotes 20000 '\"We will stay here,\" said Anna Smith. ' >q.ndjson
	run -0 timeout 3 nentities --jobs 1 --types person q.ndjson
	[ "$(printf '%s\n' "$output" | jq '.quotes | length')" = 20000 ]
	[ "$(printf '%s\n' "$output" | jq -r '.quotes[19999].speaker')" = "Anna Smith" ]
}

# Found by tests/fuzz/fuzz_abbrev: a key that is a list was compared as
# a string (a NULL pointer).
@test "an abbreviation file whose key is a list is refused, not a crash" {
	printf 'end: [Inc]\n? [x]\n: [y]\n' >ab.yaml
	run -2 --separate-stderr nsplit --abbrev ab.yaml --check
	assert_equal "$stderr" "nsplit: ab.yaml:2:3: expected a word class name"
}

# Found by tests/fuzz/fuzz_pipeline: a value with a line break in it,
# quoted in a message, split the message over lines.
@test "a configuration message quoting a line break stays one line" {
	printf 'steps:\n  - nclean: {"a\\nb": 1}\n' >p.yaml
	run -2 --separate-stderr npipe --check p.yaml
	assert_equal "$stderr" "npipe: p.yaml:2:14: 'a\\nb' is not an option name (letters, digits, '-' and '_')"
	printf 'title: ["a\\tb c"]\n' >ab.yaml
	run -2 --separate-stderr nsplit --abbrev ab.yaml --check
	assert_equal "$stderr" "nsplit: ab.yaml:1:9: 'a\\tb c' is not one word"
}

@test "every tool names itself by its base name in an option error, run by any path" {
	local t
	for t in nclean ndedupe nentities nentities-train nimport npipe nsplit nstats; do
		run -2 --separate-stderr "$NT_ROOT/tools/$t" --bogus
		assert_equal "${stderr%%$'\n'*}" "$t: unrecognized option '--bogus'"
		run -2 --separate-stderr "$NT_ROOT/tools/$t" --output
		assert_equal "${stderr%%$'\n'*}" "$t: option '--output' requires an argument"
	done
	run -2 --separate-stderr "$NT_ROOT/tools/nclean" -Z
	assert_equal "${stderr%%$'\n'*}" "nclean: invalid option -- 'Z'"
	run -2 --separate-stderr "$NT_ROOT/tools/nsplit" --check=yes
	assert_equal "${stderr%%$'\n'*}" "nsplit: option '--check' doesn't allow an argument"
}

# ntools(7): a closed pipe ends a tool by SIGPIPE, as it does grep and jq.
@test "every filter writing to a closed pipe is ended by SIGPIPE (status 141)" {
	local t
	seq 1 40000 | sed 's/.*/{"id":"r&","text":"Anna Berg met the minister in Kyiv on Monday, story &."}/' >in.ndjson
	mkdir pages
	# 300 pages of 1 KB: more than a pipe holds, so a tool that finishes
	# before the reader goes still meets the closed pipe.
	line=$(printf 'Page of the feed, a line of text. %.0s' $(seq 1 30))
	for i in $(seq 1 300); do echo "$i $line" >pages/$i.txt; done
	for t in "nclean in.ndjson" "ndedupe in.ndjson" "nentities in.ndjson" \
	    "nsplit in.ndjson" "nstats in.ndjson" "nimport -r pages"; do
		run -0 bash -c "$t | (exec 0<&-; sleep 1); echo \${PIPESTATUS[0]}"
		assert_equal "$t: $output" "$t: 141"
	done
}

# ent_norms scanned every candidate for each one (said_again, acronyms,
# the register): 20,000 sentences of new names took 25 s, now under 2.
@test "nentities is linear in a long document of many new names" {
	python3 -c "
import json, random
random.seed(1)
parts = []
for i in range(20000):
    w = ''.join(random.choice('bcdfghklmnprstvz') + random.choice('aeiou')
                for _ in range(3)).capitalize()
    parts.append(f'{w} said. The Bank of {w} (BOK{i % 7}) met {w} Trust '
                 f'and Anna {w} in Kyiv.')
print(json.dumps({'id': 'x', 'text': ' '.join(parts)}))" >names.ndjson
	run -0 timeout 8 nentities --jobs 1 names.ndjson
	[ "$(printf '%s\n' "$output" | jq '.entities | length')" -gt 60000 ]
}

# A text over 1 MiB is annotated a window at a time; the offsets go on
# across windows, in code points.
@test "nentities on a 3 MB text: bounded memory, every offset right past the first window" {
	python3 -c "
import json
p = 'Anna Berg met Olaf Scholz in Zürich and Київ on Monday. \"We will stay,\" said Anna Berg.\n'
print(json.dumps({'id': 'x', 'text': p * 34000}, ensure_ascii=False))" >long.ndjson
	run -0 /usr/bin/time -f '%M' -o mem nentities --jobs 1 -o out.ndjson long.ndjson
	run -0 python3 -c "
import json
r = json.loads(open('out.ndjson', encoding='utf-8').read())
t = r['text']
spans = r['entities'] + r['quotes']
print(sum(t[x['start']:x['end']] != x['text'] for x in spans),
      sum(e['start'] > 1100000 for e in r['entities']) > 1000,
      sum(q['speaker'] == 'Anna Berg' for q in r['quotes']))"
	assert_output '0 True 34000'
	mem_below 150000
}

# The tokens of a whole 22 MB text (48 bytes each) were held at once:
# nclean took 297 MB here and ndedupe 391; each now holds about 1 MiB's,
# and ndedupe lets its word hashes go before it sorts the shingles (153).
@test "nclean and ndedupe on a 22 MB record: memory of a window of tokens, not of the text's" {
	python3 -c "
import json
lines = ['Anna Berg met Olaf Scholz in Zürich on Monday %d, and the ministry said in a statement that talks on item %d would go on.' % (i, i * 7) for i in range(170000)]
print(json.dumps({'id': 'big', 'text': '\n'.join(lines)}, ensure_ascii=False))" >big.ndjson
	run -0 /usr/bin/time -f '%M' -o mem nclean --jobs 1 -o out.ndjson big.ndjson
	mem_below 200000
	[ "$(jq '.text | length' out.ndjson)" -gt 20000000 ]
	run -0 /usr/bin/time -f '%M' -o mem ndedupe -o out.ndjson big.ndjson
	mem_below 175000
	[ "$(jq -r .id out.ndjson)" = big ]
}
