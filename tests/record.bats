#!/usr/bin/env bats
# The record layer as a user meets it, through ntfilter (a test-only
# filter that decodes "text" and adds "chars"; --set/--del edit fields).

load helpers

@test "untouched records come out byte for byte" {
	run -0 ntfilter --no-chars "$FIX/record/exact.ndjson"
	[ "$output" = "$(cat "$FIX/record/exact.ndjson")" ]
}

@test "fields other than the edited ones keep their exact bytes and order" {
	run -0 ntfilter "$FIX/record/exact.ndjson"
	assert_line --index 0 '{"id":"a","n":12345678901234567890123,"f":1.0,"e":1E+2,"u":"\u00e9\ud83d\ude00\/","o":{"k":[1,{"z":null}]},"text":"Caf\u00e9 na\u00efve \"q\"","chars":14}'
	assert_line --index 1 '{"id":"b","text":"line one\nline two","meta":{},"chars":17}'
	assert_line --index 2 '{"id" : "c","text" : "spaced","chars":6}'
}

@test "chars counts code points, the way jq counts .text|length" {
	ntfilter "$FIX/record/exact.ndjson" >out
	run -0 jq -c 'select(.chars != (.text|length))' out
	assert_output ''
}

@test "replacing a field keeps its place; new fields go last; --del removes" {
	run -0 ntfilter --no-chars --set 'id="z"' --set 'new=[1]' --del meta \
	    "$FIX/record/exact.ndjson"
	assert_line --index 1 '{"id":"z","text":"line one\nline two","new":[1]}'
}

@test "bad lines are rejected with file:line and column, the rest goes on" {
	run -3 --separate-stderr ntfilter "$FIX/record/mixed.ndjson"
	assert_output "$(printf '%s\n' '{"id":"1","text":"ok","chars":2}' \
	    '{"id":"4","text":"fine","chars":4}' '{"id":"5"}' \
	    '{"id":"7","text":"last","chars":4}')"
	[ "$stderr" = "$(printf '%s\n' \
	    "ntfilter: $FIX/record/mixed.ndjson:2: invalid JSON: unterminated string (column 22)" \
	    "ntfilter: $FIX/record/mixed.ndjson:3: not a JSON object (an array) (column 1)" \
	    "ntfilter: $FIX/record/mixed.ndjson:4: invalid UTF-8 (column 19)" \
	    "ntfilter: $FIX/record/mixed.ndjson:8: field 'text' is not a string" \
	    "ntfilter: 1 record had no 'text' field and passed through unchanged")" ]
}

@test "stdin is named stdin in diagnostics" {
	run -3 --separate-stderr ntfilter <<<'{"a":'
	[ "$stderr" = "ntfilter: stdin:1: invalid JSON: unexpected end of line (column 6)" ]
}

@test "--reject keeps every rejected line, verbatim and replayable" {
	run -3 ntfilter --reject rej.ndjson "$FIX/record/mixed.ndjson"
	run -0 jq -r '"\(.line) \(.reason)"' rej.ndjson
	assert_output "$(printf '%s\n' '2 invalid JSON: unterminated string' \
	    '3 not a JSON object (an array)' '4 invalid UTF-8' \
	    "8 field 'text' is not a string")"
	# The text of each rejected line, decoded, is the line itself.
	run -0 jq -r 'select(.line == 8) | .text' rej.ndjson
	assert_output '{"id":"6","text":7}'
	# Bytes that are not UTF-8 are kept in base64.
	jq -r 'select(.line == 4) | .base64' rej.ndjson | base64 -d >bytes
	sed -n 4p "$FIX/record/mixed.ndjson" | tr -d '\n' | cmp - bytes
}

@test "--reject appends across runs" {
	run -3 ntfilter --reject rej.ndjson "$FIX/record/mixed.ndjson"
	run -3 ntfilter --reject rej.ndjson "$FIX/record/mixed.ndjson"
	run -0 wc -l <rej.ndjson
	[ "$output" -eq 8 ]
}

@test "--strict stops at the first rejected line with status 3" {
	run -3 --separate-stderr ntfilter --strict "$FIX/record/mixed.ndjson"
	assert_output '{"id":"1","text":"ok","chars":2}'
}

@test "--strict rejects a record without the text field" {
	run -3 --separate-stderr ntfilter --strict <<<'{"id":"x"}'
	[ "$stderr" = "ntfilter: stdin:1: no 'text' field" ]
}

@test "-f chooses the text field" {
	run -0 ntfilter -f body <<<'{"body":"abc","text":"zz"}'
	assert_output '{"body":"abc","text":"zz","chars":3}'
}

@test "a last line without a newline is still a record" {
	run -0 ntfilter < <(printf '{"text":"a"}\n{"text":"bc"}')
	assert_line --index 1 '{"text":"bc","chars":2}'
}

@test "several files are read in order, and - is stdin" {
	printf '{"text":"x"}\n' >one
	run -0 ntfilter --no-chars one - one <<<'{"text":"y"}'
	assert_output "$(printf '%s\n' '{"text":"x"}' '{"text":"y"}' '{"text":"x"}')"
}

@test "empty input gives empty output and status 0" {
	run -0 ntfilter </dev/null
	assert_output ''
}

@test "a missing input file is an error (status 1) but the others are read" {
	printf '{"text":"x"}\n' >one
	run -1 --separate-stderr ntfilter --no-chars nope one
	assert_output '{"text":"x"}'
	[ "$stderr" = "ntfilter: nope: No such file or directory" ]
}

@test "-o writes to a file" {
	run -0 ntfilter -o out.ndjson <<<'{"text":"abc"}'
	assert_output ''
	run -0 cat out.ndjson
	assert_output '{"text":"abc","chars":3}'
}

@test "a write error on stdout is status 1, not success" {
	run -1 --separate-stderr bash -c 'ntfilter "$FIX/record/exact.ndjson" >/dev/full'
	[ "$stderr" = "ntfilter: write error: stdout: No space left on device" ]
}

@test "a closed stdout is not a silent success" {
	# SIGPIPE kills the writer (status 141), as it does cat.
	run -0 bash -c 'yes "{\"text\":\"abc\"}" | head -n 300000 | ntfilter | head -n 1
	    echo "ntfilter ${PIPESTATUS[2]}"'
	assert_output '{"text":"abc","chars":3}
ntfilter 141'
	run bash -c 'ntfilter "$FIX/record/exact.ndjson" >&- 2>/dev/null; echo $?'
	assert_output 1
}

@test "a 100 MB line goes through whole" {
	head -c 100000000 /dev/zero | tr '\0' 'a' >body
	{ printf '{"id":"big","text":"'; cat body; printf '"}\n'; } >big.ndjson
	run -0 bash -o pipefail -c 'ntfilter big.ndjson | jq -c "[.id, .chars]"'
	assert_output '["big",100000000]'
}

@test "deep nesting is fine and does not crash" {
	{ printf '{"a":'; head -c 200000 /dev/zero | tr '\0' '['
	  head -c 200000 /dev/zero | tr '\0' ']'; printf ',"text":"x"}\n'; } >deep
	run -0 ntfilter deep
	want=$(cat deep)
	[ "$output" = "${want%\}},\"chars\":1}" ]
}

@test "every prefix of a fixture is handled without a crash" {
	f="$FIX/record/exact.ndjson"
	n=$(wc -c <"$f")
	for i in $(seq 0 "$n"); do
		rc=0
		head -c "$i" "$f" | ntfilter >/dev/null 2>&1 || rc=$?
		[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || { echo "prefix $i: $rc"; false; }
	done
}

@test "--check reads nothing and succeeds" {
	run -0 ntfilter --check nope
	assert_output ''
}

@test "usage errors are status 2" {
	run -2 --separate-stderr ntfilter --bogus
	[[ "$stderr" == *"usage: ntfilter"* ]]
}

@test "a UTF-8 byte-order mark before the first record is skipped, in every program" {
	printf '\357\273\277{"id":"a","text":"Paris is big."}\n{"id":"b","text":"x"}\n' >bom.ndjson
	printf '\357\273\277{"id":"c","text":"y"}\n' >bom2.ndjson
	for t in nclean nsplit nentities ndedupe nstats ntfilter; do
		run -0 --separate-stderr "$t" bom.ndjson bom2.ndjson
		assert_equal "$stderr" ""
	done
	run -0 ntfilter --no-chars bom.ndjson bom2.ndjson
	assert_output "$(printf '{"id":"a","text":"Paris is big."}\n{"id":"b","text":"x"}\n{"id":"c","text":"y"}')"
}

@test "a byte-order mark anywhere else is not skipped" {
	printf '{"id":"a","text":"x"}\n\357\273\277{"id":"b","text":"y"}\n' >bom.ndjson
	run -3 --separate-stderr ntfilter --no-chars bom.ndjson
	assert_output '{"id":"a","text":"x"}'
	assert_equal "$stderr" "ntfilter: bom.ndjson:2: not a JSON object (column 1)"
}
