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

@test "no arguments, or '-', reads standard input" {
	run -0 bash -c "printf 'from a pipe\n' | nimport"
	assert_output '{"id":"stdin","path":"stdin","text":"from a pipe\n"}'
	run -0 bash -c "printf 'from a pipe\n' | nimport - '$FIX/nimport/tree/a.txt' | jq -r .id"
	assert_output "$(printf '%s\n' stdin a)"
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

# --- HTML pages. ---

H="$FIX/nclean/html"

@test "an HTML page, told by its content: id, path, url, html byte for byte" {
	run -0 nimport --source gazette "$H/news.html"
	run -0 jq -c 'del(.html)' <<<"$output"
	assert_output "{\"id\":\"news\",\"source\":\"gazette\",\"path\":\"$H/news.html\",\"url\":\"https://gazette.example/news/2024/03/05/harbour-bridge-funding\"}"
	nimport "$H/news.html" | jq -j .html | cmp - "$H/news.html"
}

@test "a page that names no canonical URL has no url; og:url stands in" {
	run -0 bash -c "nimport '$H/table-list.html' | jq -c 'has(\"url\")'"
	assert_output 'false'
	printf '%s\n' '<html><head><meta property="og:url" content="https://x.example/a?b=1&amp;c=2"></head><body>x</body></html>' >og.html
	run -0 bash -c "nimport og.html | jq -r .url"
	assert_output 'https://x.example/a?b=1&c=2'
	printf '%s\n' '<html><head><!-- <link rel="canonical" href="https://old.example/"> -->' \
	    '<script>var s = "<link rel=canonical href=https://js.example/>";</script>' \
	    '<link rel="canonical" href="/relative/path"></head><body>x</body></html>' >rel.html
	run -0 bash -c "nimport rel.html | jq -c 'has(\"url\")'"
	assert_output 'false'
}

@test "a Windows-1252 page is decoded to UTF-8 by its meta charset" {
	run -0 bash -c "nimport '$H/cp1252.html' | jq -r .html | grep '<title>'"
	assert_output '<title>Le café de la gare rouvre ses portes – Le Journal</title>'
}

@test "charsets: a UTF-16 byte-order mark, Latin-1, none (Windows-1252), UTF-8 whatever it says" {
	printf '<html><body><p>na\xefve</p></body></html>' | iconv -f latin1 -t UTF-16 >u16.html
	printf '<html><head><meta charset="iso-8859-1"></head><body>\x93na\xefve\x94</body></html>' >l1.html
	printf '<html><body>caf\xe9 \x80 \x81</body></html>' >none.html
	printf '<html><head><meta charset="iso-8859-2"></head><body>caf\xc3\xa9</body></html>' >utf8.html
	run -0 bash -c "nimport u16.html l1.html none.html utf8.html | jq -r .html"
	assert_output '<html><body><p>naïve</p></body></html>
<html><head><meta charset="iso-8859-1"></head><body>“naïve”</body></html>
<html><body>café € �</body></html>
<html><head><meta charset="iso-8859-2"></head><body>café</body></html>'
	printf '<html><head><meta charset="x-no-such-charset"></head><body>caf\xe9</body></html>' >bad.html
	run -0 bash -c "nimport bad.html | jq -r .html"
	assert_output --partial '<body>café</body>'
}

@test "--format text keeps a page as text; --format html reads any file as a page" {
	run -0 bash -c "nimport --format text '$H/news.html' | jq -c 'keys'"
	assert_output '["id","path","text"]'
	printf 'plain words, caf\xe9\n' >t.txt
	run -0 bash -c "nimport --format html t.txt | jq -r .html"
	assert_output 'plain words, café'
	run -2 --separate-stderr nimport --format xml t.txt
	[ "$stderr" = "nimport: --format must be auto, text, html or feed, not 'xml'" ]
}

@test "a page with a NUL byte is rejected as binary" {
	printf '<html><body>a\0b</body></html>' >nul.html
	run -3 --separate-stderr nimport nul.html
	[ "$stderr" = "nimport: nul.html: looks binary (NUL byte at offset 13)" ]
}

@test "nimport | nclean: a page becomes its article" {
	run -0 bash -c "nimport '$H/news.html' | nclean | jq -r '.title, (.text | split(\"\n\") | length)'"
	assert_output 'Harbour bridge gets its funding at last
5'
}
