#!/usr/bin/env bats
# nimport: text files to records.

load helpers

@test "the seeds: one record each, text equal to the file byte for byte" {
	run -0 nimport "$FIX"/nimport/seeds/*.txt
	[ "${#lines[@]}" -eq 5 ]
	run -0 jq -r .id <<<"$output"
	assert_output "$(printf '%s\n' 000_85b60c38e1fdebe1 001_e6ce5150afb8727f \
	    002_408fec2829424949 003_d9c602fcac4e2299 004_8b0239b2363de551)"
	set -o pipefail
	for f in "$FIX"/nimport/seeds/*.txt; do
		nimport "$f" | jq -j .text | cmp - "$f"
	done
}

@test "fields: id, source, path, text in that order" {
	run -0 nimport --source wire "$FIX/nimport/tree/a.txt"
	assert_output "{\"id\":\"a\",\"source\":\"wire\",\"path\":\"$FIX/nimport/tree/a.txt\",\"text\":\"a file\\n\"}"
}

@test "--id path and --id sha1" {
	run -0 nimport --id path "$FIX/nimport/tree/a.txt"
	assert_output --partial "\"id\":\"$FIX/nimport/tree/a.txt\""
	run -0 nimport --id sha1 "$FIX/nimport/tree/a.txt"
	assert_output --partial "\"id\":\"$(sha1sum <"$FIX/nimport/tree/a.txt" | cut -c1-40)\""
}

@test "a byte-order mark is removed and CRLF becomes LF" {
	run -0 bash -o pipefail -c "nimport '$FIX/nimport/bom-crlf.txt' | jq -j .text | od -c"
	assert_line --index 0 --partial 'l   i   n   e       1  \n   l   i   n   e       2  \n'
}

@test "an empty file gives a record with empty text" {
	run -0 nimport "$FIX/nimport/empty.txt"
	assert_output "{\"id\":\"empty\",\"path\":\"$FIX/nimport/empty.txt\",\"text\":\"\"}"
}

@test "-r walks a directory recursively in sorted order, skipping dot files" {
	run -0 nimport -r "$FIX/nimport/tree"
	run -0 jq -r .id <<<"$output"
	assert_output "$(printf '%s\n' a b c)"
}

@test "a directory without -r is an error, the other files go on" {
	run -1 --separate-stderr nimport "$FIX/nimport/tree" "$FIX/nimport/tree/a.txt"
	assert_output --partial '"id":"a"'
	[ "$stderr" = "nimport: $FIX/nimport/tree: is a directory (use -r)" ]
}

@test "binary and non-UTF-8 files are rejected, the others go on (status 3)" {
	run -3 --separate-stderr nimport --reject rej "$FIX/nimport/latin1.txt" \
	    "$FIX/nimport/binary.bin" "$FIX/nimport/tree/a.txt"
	assert_output --partial '"id":"a"'
	[ "${#lines[@]}" -eq 1 ]
	[ "$stderr" = "$(printf '%s\n' \
	    "nimport: $FIX/nimport/latin1.txt: not valid UTF-8 (byte offset 3)" \
	    "nimport: $FIX/nimport/binary.bin: looks binary (NUL byte at offset 2)")" ]
	run -0 jq -r '"\(.source)|\(.reason)|\(.base64)"' rej
	assert_line --index 0 "$FIX/nimport/latin1.txt|not valid UTF-8 (byte offset 3)|Y2Fm6Qo="
}

@test "--strict stops at the first rejected file" {
	run -3 --separate-stderr nimport --strict "$FIX/nimport/binary.bin" "$FIX/nimport/tree/a.txt"
	assert_output ''
}

@test "a missing file is status 1" {
	run -1 --separate-stderr nimport nope.txt
	[ "$stderr" = "nimport: nope.txt: No such file or directory" ]
}

@test "no arguments is a usage error" {
	run -2 --separate-stderr nimport
	[ "$stderr" = "nimport: no files to import" ]
}

@test "--help and --version" {
	run -0 nimport --help
	assert_line --index 0 --partial 'usage: nimport'
	run -0 nimport --version
	assert_output --regexp '^nimport \(ntools\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "output is valid for the other tools: it round-trips through the record layer" {
	nimport "$FIX"/nimport/seeds/*.txt >a
	run -0 ntfilter --no-chars a
	[ "$output" = "$(cat a)" ]
}
