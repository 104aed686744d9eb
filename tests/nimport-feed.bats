#!/usr/bin/env bats
# nimport: RSS and Atom feeds, one record per item; --state; hostile feeds.

load helpers

F="$FIX/nimport/feeds"

@test "RSS 2.0: one record per item, its fields in order" {
	nimport "$F/rss2.xml" | jq -c 'del(.text, .html, .path)' >got
	diff -u "$F/rss2.expected" got
	run -0 bash -c "nimport '$F/rss2.xml' | jq -c keys_unsorted | head -n 1"
	assert_output '["id","source","feed","path","url","title","date","author","summary","text","html"]'
}

@test "content:encoded is the text, without markup; its HTML is kept" {
	run -0 bash -c "nimport '$F/rss2.xml' | head -n 1 | jq -r .text"
	assert_output 'The city council voted 31 to 9 on Tuesday to spend $4.5 million on emergency repairs to the Harbour Street bridge.
The bridge carries about 18,000 vehicles a day between downtown and the ferry terminal.
The bridge in February.
The post Council approves $4.5M appeared first on Harbour Post.'
	run -0 bash -c "nimport '$F/rss2.xml' | head -n 1 | jq -r .html | head -c 60"
	assert_output '<p>The city council voted 31 to 9 on Tuesday to spend <stron'
	run -0 bash -c "nimport '$F/rss2.xml' | tail -n 1 | jq -c 'has(\"html\")'"
	assert_output 'false'
}

@test "RSS 1.0, Atom 1.0 and Atom 0.3: ids, links against xml:base, dates, authors" {
	run -0 bash -c "nimport '$F/rss1.xml' '$F/atom.xml' '$F/atom03.xml' | jq -r '[.id, .url, .date, .author // \"-\", .feed] | @tsv'"
	assert_output "$(printf '%s\t%s\t%s\t%s\t%s\n' \
	    https://wire.example/2024/03/05/naval-exercise https://wire.example/2024/03/05/naval-exercise 2024-03-05T06:30:00Z 'Liis Tamm' 'Baltic Wire' \
	    https://wire.example/2024/03/04/port-strike https://wire.example/2024/03/04/port-strike 2024-03-04 - 'Baltic Wire' \
	    tag:science.example,2024:lunar-orbiter https://science.example/blog/2024/03/lunar-orbiter 2024-03-05T09:00:00+01:00 'Ana Lima' 'Orbit & Beyond' \
	    tag:science.example,2024:rocket-test https://science.example/blog/2024/03/rocket-test 2024-03-04T16:20:00-05:00 'Orbit Desk' 'Orbit & Beyond' \
	    tag:runner.example,2004:record http://runner.example/2004/04/record 2004-04-11T15:02:00+02:00 'Pieter de Vries' 'Rotterdam Runner')"
}

@test "inline XHTML, escaped HTML and plain text all come out as text" {
	run -0 bash -c "nimport '$F/atom.xml' | jq -r '.title, .text'"
	assert_output 'Lunar orbiter sends first images <and data>
The orbiter reached a stable orbit on Sunday, the agency said.
Its camera took the first images on Monday.
Rocket test postponed
High winds forced a delay.'
	run -0 bash -c "nimport '$F/rss1.xml' | tail -n 1 | jq -r .text"
	assert_output 'Cargo handling resumed on Monday after a two-day strike.
The union said talks would go on.'
}

@test "a feed in ISO-8859-1 is read in its encoding" {
	run -0 bash -c "nimport '$F/latin1.xml' | jq -r '.title, .summary'"
	assert_output 'Le café de la gare rouvre
Après deux ans de travaux.'
}

@test "a feed is told by its content; --format feed and text say otherwise" {
	cp "$F/grow-1.xml" feed.txt
	run -0 bash -c "nimport feed.txt | wc -l"
	assert_output 5
	run -0 bash -c "nimport --format text feed.txt | jq -c keys"
	assert_output '["id","path","text"]'
	printf '<?xml version="1.0"?>\n<html><body>not a feed</body></html>\n' >page.xml
	run -3 --separate-stderr nimport --format feed page.xml
	[ "$stderr" = "nimport: page.xml:1: not an RSS or Atom feed" ]
	assert_output ''
}

@test "standard input: one feed, or several one after another" {
	run -0 bash -c "nimport - <'$F/grow-1.xml' | jq -r .id | tr '\n' ' '"
	assert_output 'brief-5 brief-4 brief-3 brief-2 brief-1 '
	run -0 bash -c "cat '$F/rss1.xml' '$F/atom03.xml' | nimport | jq -r .feed | uniq"
	assert_output 'Baltic Wire
Rotterdam Runner'
	run -0 bash -c "nimport <'$F/rss1.xml' | jq -c 'has(\"path\")' | uniq"
	assert_output 'false'
}

@test "--url: relative links of standard input resolve against it" {
	printf '<rss><channel><title>T</title><item><link>/a/b</link></item></channel></rss>\n' >rel.xml
	run -0 bash -c "nimport --url https://rel.example/feed.xml - <rel.xml | jq -r '.url, .source'"
	assert_output 'https://rel.example/a/b
rel.example'
}

# --- --state ---

@test "--state: items 1-5, then 3-8: five records, then three (text from content:encoded, ISO dates), then none" {
	run -0 bash -c "nimport --state seen.db '$F/grow-1.xml' | jq -r .id | tr '\n' ' '"
	assert_output 'brief-5 brief-4 brief-3 brief-2 brief-1 '
	run -0 bash -c "nimport --state seen.db - <'$F/grow-2.xml' >new"
	run -0 jq -r '[.id, .date, .text] | @tsv' new
	assert_output "$(printf '%s\t%s\t%s\n' \
	    brief-8 2024-03-08T10:00:00Z 'Text of brief 8, in full.' \
	    brief-7 2024-03-07T10:00:00Z 'Text of brief 7, in full.' \
	    brief-6 2024-03-06T10:00:00Z 'Text of brief 6, in full.')"
	run -0 bash -c "nimport --state seen.db '$F/grow-1.xml' '$F/grow-2.xml' | wc -l"
	assert_output 0
}

@test "--state: an item in two inputs of one run is written once" {
	run -0 bash -c "nimport --state s.db '$F/grow-1.xml' '$F/grow-2.xml' | jq -r .id | sort | uniq -d | wc -l"
	assert_output 0
	run -0 bash -c "nimport --state t.db '$F/grow-1.xml' '$F/grow-2.xml' | wc -l"
	assert_output 8
}

@test "--state: an id that is not a URI is remembered with its feed" {
	sed 's/Wire Briefs/Other/; s/briefs.example/other.example/g' "$F/grow-1.xml" >other.xml
	nimport --state seen.db "$F/grow-1.xml" >/dev/null
	run -0 bash -c "nimport --state seen.db other.xml | wc -l"
	assert_output 5
	run -0 ntsql seen.db "SELECT key FROM seen ORDER BY key LIMIT 1"
	assert_output 'https://briefs.example/ brief-1'
}

@test "--state: nothing is remembered when the output cannot be written" {
	run -1 --separate-stderr nimport --state seen.db -o /dev/full "$F/grow-1.xml"
	run -0 bash -c "nimport --state seen.db '$F/grow-1.xml' | wc -l"
	assert_output 5
}

@test "--state: a run killed after an input is out has it out and remembered" {
	mkfifo slow
	nimport --state seen.db "$F/grow-1.xml" slow >out 2>/dev/null &
	pid=$!
	sleep 0.5
	kill -9 "$pid"
	wait "$pid" || true
	run -0 bash -c "wc -l <out"
	assert_output 5
	run -0 bash -c "nimport --state seen.db '$F/grow-1.xml' | wc -l"
	assert_output 0
}

@test "--state: a second run waits for the lock, then exits 75 naming the holder" {
	mkfifo in
	nimport --state seen.db in >out 2>err &
	holder=$!
	sleep 0.5
	run -75 --separate-stderr nimport --state seen.db --wait 0 "$F/grow-1.xml"
	[ "$stderr" = "nimport: seen.db: in use by nimport (pid $holder); gave up after 0 s (see --wait)" ]
	assert_output ''
	cat "$F/grow-1.xml" >in
	wait "$holder"
	run -0 bash -c "wc -l <out"
	assert_output 5
	run -0 bash -c "nimport --state seen.db '$F/grow-2.xml' | wc -l"
	assert_output 3
}

@test "--max-age forgets ids first seen longer ago" {
	nimport --state seen.db "$F/grow-1.xml" >/dev/null
	run -0 ntsql seen.db "UPDATE seen SET first = first - 864000 WHERE key LIKE '% brief-1'"
	run -0 bash -c "nimport --state seen.db --max-age 5d '$F/grow-1.xml' | jq -r .id"
	assert_output 'brief-1'
	run -2 --separate-stderr nimport --max-age 5d "$F/grow-1.xml"
	[ "$stderr" = "nimport: --max-age needs --state" ]
}

@test "a state file of another kind is refused, status 1, and left alone" {
	printf 'my notes\n' >notes.db
	run -1 --separate-stderr nimport --state notes.db "$F/grow-1.xml"
	[ "$stderr" = "nimport: notes.db: file is not a database" ]
	[ "$(cat notes.db)" = "my notes" ]
	assert_output ''
}

@test "--check with --state reads nothing and makes no state" {
	run -0 nimport --check --state seen.db "$F/grow-1.xml"
	assert_output ''
	[ ! -e seen.db ]
}

# --- Bad and hostile feeds ---

@test "a billion laughs finishes at once and expands nothing" {
	start=$(date +%s%N)
	run -0 --separate-stderr nimport "$F/billion-laughs.xml"
	[ $(( ($(date +%s%N) - start) / 1000000 )) -lt 2000 ]
	run -0 jq -r '.title, .summary' <<<"$output"
	assert_output '&lol9;
&lol9;&lol9;&lol9;&lol9;'
	[ "$stderr" = "" ]
}

@test "an external entity naming /etc/passwd is never read" {
	run -0 --separate-stderr nimport "$F/xxe-passwd.xml"
	refute_output --partial 'root:'
	run -0 jq -r .title <<<"$output"
	assert_output 'Leak &passwd;'
}

@test "bytes a feed's declared encoding cannot have: the items before them out, status 3, one message" {
	printf '<?xml version="1.0" encoding="Shift_JIS"?>\n<rss><channel><title>J</title>\n<item><guid>a</guid></item>\n<item><title>\377\377_`</title></item></channel></rss>\n' >sjis.xml
	run -3 --separate-stderr nimport sjis.xml
	[ "$stderr" = "nimport: sjis.xml:4: not well-formed XML: bytes that are not Shift_JIS, as the document declares; 1 item read" ]
	run -0 jq -r .id <<<"$output"
	assert_output 'a'
}

@test "a broken feed between two good ones: its file named, status 3, the others' items out" {
	run -3 --separate-stderr nimport "$F/grow-1.xml" "$F/broken.xml" "$F/rss1.xml"
	[ "$stderr" = "nimport: $F/broken.xml:9: not well-formed XML: the document ends inside an element (cut off?); 0 items read" ]
	run -0 jq -r .id <<<"$output"
	assert_output 'brief-5
brief-4
brief-3
brief-2
brief-1
https://wire.example/2024/03/05/naval-exercise
https://wire.example/2024/03/04/port-strike'
}

@test "a feed not quite well-formed is read with recovery, and said so" {
	printf '<rss><channel><title>T</title>\n<item><title>One</title></item>\n<item><title>Two</title>\n</channel></rss\n' >bad.xml
	run -3 --separate-stderr nimport --reject rej bad.xml
	[ "$stderr" = "nimport: bad.xml:4: not well-formed XML: Opening and ending tag mismatch: item line 3 and channel; 2 items read" ]
	run -0 jq -r .title <<<"$output"
	assert_output 'One
Two'
	run -0 jq -r '"\(.source):\(.line) \(.text | length)"' rej
	assert_output "bad.xml:4 $(wc -c <bad.xml)"
}

@test "bare ampersands, HTML entities and stray bytes are repaired, not rejected" {
	printf '<rss><channel><title>Fish & Chips &copy; caf\xe9</title><item><title>x&nbsp;y</title><link>http://a/?b=1&c=2</link></item></channel></rss>\n' >fix.xml
	run -0 --separate-stderr nimport fix.xml
	run -0 jq -r '.feed, .title, .url' <<<"$output"
	assert_output "$(printf 'Fish & Chips \302\251 caf\303\251\nx\302\240y\nhttp://a/?b=1&c=2')"
}

@test "every prefix of a feed is read or rejected, never a crash" {
	f="$F/rss2.xml"
	n=$(wc -c <"$f")
	for k in $(seq 0 97 "$n"); do
		head -c "$k" "$f" >p.xml
		run nimport --format feed p.xml
		[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
	done
}

@test "a write error is status 1" {
	run -1 --separate-stderr nimport -o /dev/full "$F/rss2.xml"
	[ -n "$stderr" ]
}

# --- Directories, extensions, ids ---

@test "-r imports only --ext files (default .txt,.html,.htm,.xml)" {
	mkdir -p d/sub
	printf 'a\n' >d/a.txt
	printf 'readme\n' >d/README
	printf '{"id":"x"}\n' >d/x.ndjson
	cp "$F/grow-1.xml" d/sub/feed.XML
	printf 'notes\n' >d/sub/n.md
	run -0 bash -c "nimport -r d | jq -r .id | tr '\n' ' '"
	assert_output 'a brief-5 brief-4 brief-3 brief-2 brief-1 '
	run -0 bash -c "nimport -r --ext .md,.ndjson d | jq -r .id | tr '\n' ' '"
	assert_output 'n x '
	run -0 bash -c "nimport d/README | jq -r .id"
	assert_output 'README'
}

@test "ids are always strings, even of files named by numbers" {
	printf 'x\n' >2024.txt
	printf 'y\n' >007.txt
	run -0 bash -c "nimport 2024.txt 007.txt | jq -r '.id | type + \":\" + .'"
	assert_output 'string:2024
string:007'
	printf '<rss><channel><item><guid>123</guid></item></channel></rss>\n' >n.xml
	run -0 bash -c "nimport n.xml | jq -r '.id | type'"
	assert_output 'string'
}

@test "--describe-options lists the feed options" {
	run -0 bash -c "nimport --describe-options | cut -f1-3"
	assert_line 'state	arg	once'
	assert_line 'ext	arg	list'
	assert_line 'max-age	arg	once'
	assert_line 'url	arg	once'
}

@test "pipelines/feeds.yaml from standard input: each item once, over runs" {
	export NTOOLS_OUT=items.ndjson NTOOLS_STATE=st
	run -0 --separate-stderr npipe "$NT_ROOT/pipelines/feeds.yaml" <"$F/grow-1.xml"
	run -0 bash -c "wc -l <items.ndjson"
	assert_output 5
	run -0 --separate-stderr npipe "$NT_ROOT/pipelines/feeds.yaml" <"$F/grow-2.xml"
	run -0 bash -c "jq -r .id items.ndjson | tr '\n' ' '"
	assert_output 'brief-5 brief-4 brief-3 brief-2 brief-1 brief-8 brief-7 brief-6 '
	cat "$F/grow-1.xml" "$F/grow-2.xml" "$F/rss1.xml" |
	    npipe "$NT_ROOT/pipelines/feeds.yaml"
	run -0 bash -c "wc -l <items.ndjson"
	assert_output 10
	run -0 bash -c "tail -n 1 items.ndjson | jq -c '[.id, .lang, (.entities | length > 0)]'"
	assert_output '["https://wire.example/2024/03/04/port-strike","en",true]'
}

@test "--help names status 75, as nimport(1) does" {
	run -0 nimport --help
	assert_line '75 another run holds the --state file.'
	run -0 grep -c '^\.It 75$' "$NT_ROOT/man/man1/nimport.1"
	assert_output 1
}
