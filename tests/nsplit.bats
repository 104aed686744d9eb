#!/usr/bin/env bats
# nsplit: sentences and paragraphs, their offsets, and the record rules.
load helpers

S="$FIX/nsplit/seeds.ndjson"
C="$FIX/nsplit/cases.ndjson"

# The sentences nsplit finds in the record with this id, one a line.
sentences() {
	jq -c --arg id "$1" 'select(.doc_id == $id) | .text'
}

@test "seed: Army Gen. Mark Milley stays inside his sentence" {
	run -0 nsplit "$S"
	run -0 sentences milley <<<"$output"
	assert_line --index 0 --partial 'Army Gen. Mark Milley, the chairman'
	assert_line --index 0 --partial 'of Ukraine Gen. Valerii Zaluzhnyi."'
	assert_line --index 1 '"The meeting took place at an undisclosed location in southeastern Poland, close to the Polish-Ukrainian border, on Tuesday."'
	[ "${#lines[@]}" -eq 2 ]
}

@test "seed: U.S. Defense Secretary stays inside its sentence" {
	run -0 nsplit "$S"
	run -0 sentences austin <<<"$output"
	[ "${#lines[@]}" -eq 1 ]
	assert_line --index 0 --partial 'U.S. Defense Secretary Lloyd Austin reassured'
}

@test "seed: Washington D.C. ends a sentence before a capitalised start" {
	run -0 nsplit "$S"
	run -0 sentences dc <<<"$output"
	assert_output - <<'OUT'
"Officials from both countries have been travelling between Kyiv and Washington D.C."
"The meeting took place in Poland."
"Both sides met again in Washington D.C. to co-ordinate policies."
OUT
}

@test "seed: the ellipsis ends the first quoted sentence" {
	run -0 nsplit "$S"
	run -0 sentences ellipsis <<<"$output"
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 0 '"“After a 25-day lull, the capital of Ukraine suffered another air attack from the enemy…."'
	assert_line --index 1 --regexp '^"About eight enemy drones were detected and shot down,” Serhiy Popko'
}

@test "seed: quoted speech of several sentences splits where they end" {
	run -0 nsplit "$S"
	run -0 sentences lunin <<<"$output"
	assert_output - <<'OUT'
"“There is destruction of civilian infrastructure."
"Rescuers are working to control the fire."
"Preliminarily, there are no victims,”  Lunin said."
OUT
}

@test "news cases: titles, initials, months, money, quotes, lists, URLs" {
	run -0 nsplit --keep want "$C"
	run -0 jq -sr 'group_by(.doc_id)[] | select([.[].text] != .[0].want)
	    | "\(.[0].doc_id): \([.[].text])"' <<<"$output"
	assert_output ''
}

@test "every sentence is the document's text[start:end], code points" {
	set -o pipefail
	nsplit --annotate "$S" "$C" |
	    jq -c '.text as $t | .sentences[] | $t[.[0]:.[1]]' >annotated
	nsplit "$S" "$C" | jq -c .text >split
	run -0 diff annotated split
	[ -s split ]
	# and with jq on each sentence record against its own document
	nsplit --keep want "$S" "$C" >recs
	run -0 jq -n --slurpfile d <(jq -s . "$S" "$C") --slurpfile r recs '
	    ($d[0] | flatten | map({(.id): .text}) | add) as $docs
	    | [$r[] | select($docs[.doc_id][.start:.end] != .text)] | length'
	assert_output 0
}

@test "offsets count code points beyond the BMP" {
	printf '{"id":"e","text":"Wow 😀 great. Next one… Yes! Déjà vu."}\n' >in
	run -0 nsplit in
	assert_output - <<'OUT'
{"id":"e:1","doc_id":"e","n":1,"start":0,"end":12,"text":"Wow 😀 great."}
{"id":"e:2","doc_id":"e","n":2,"start":13,"end":22,"text":"Next one…"}
{"id":"e:3","doc_id":"e","n":3,"start":23,"end":27,"text":"Yes!"}
{"id":"e:4","doc_id":"e","n":4,"start":28,"end":36,"text":"Déjà vu."}
OUT
}

@test "white space between sentences belongs to neither" {
	printf '{"id":"w","text":"  One.   Two.\\n\\n  Three.  "}\n' >in
	run -0 nsplit --annotate in
	assert_output '{"id":"w","text":"  One.   Two.\n\n  Three.  ","sentences":[[2,6],[9,13],[17,23]]}'
}

@test "a newline ends a sentence unless the line was wrapped" {
	printf '{"id":"n","text":"Storm Hits Coast\\nThousands lost power\\nand water on Monday \\nwhile it rained.\\nfeatures\\ncontact"}\n' >in
	run -0 nsplit in
	run -0 jq -r .text <<<"$output"
	assert_output - <<'OUT'
Storm Hits Coast
Thousands lost power
and water on Monday 
while it rained.
features
contact
OUT
	# the wrapped pair is one sentence
	printf '{"id":"n","text":"It rained on Monday \\nand on Tuesday."}\n' >in2
	run -0 nsplit in2
	assert_output '{"id":"n:1","doc_id":"n","n":1,"start":0,"end":36,"text":"It rained on Monday \nand on Tuesday."}'
}

@test "--unit paragraph: one record per paragraph" {
	printf '{"id":"p","text":"One. Two.\\nThree.\\n\\nFour"}\n' >in
	run -0 nsplit --unit paragraph in
	run -0 jq -c '[.n, .text]' <<<"$output"
	assert_output - <<'OUT'
[1,"One. Two."]
[2,"Three."]
[3,"Four"]
OUT
	run -0 nsplit --unit paragraph --annotate in
	assert_output --partial '"paragraphs":[[0,9],[10,16],[18,22]]}'
}

@test "--keep copies fields byte for byte; owned fields are not copied" {
	printf '{"id":7,"source":"wire","n":1.0,"x":{"a":[1e5]},"text":"A. B. Smith came. He left."}\n' >in
	run -0 nsplit --keep source,x,id,n,missing in
	assert_output - <<'OUT'
{"id":"7:1","doc_id":7,"n":1,"start":0,"end":17,"text":"A. B. Smith came.","source":"wire","x":{"a":[1e5]}}
{"id":"7:2","doc_id":7,"n":2,"start":18,"end":26,"text":"He left.","source":"wire","x":{"a":[1e5]}}
OUT
}

@test "a record without an id is numbered by its place in the input" {
	printf '{"text":"Hi."}\n{"text":"Yo."}\n' >in
	run -0 nsplit in
	assert_line --index 1 '{"id":"2:1","doc_id":"2","n":1,"start":0,"end":3,"text":"Yo."}'
}

@test "--jobs: many threads number records without an id as one thread does" {
	# Several batches of records without ids, lines that hold no
	# record (which must not be counted) among them, and languages.
	for i in $(seq 1 20000); do
		printf '{"text":"Am 3. Oktober kam er an. Er sah %d Dinge."}\n' "$i"
		printf '{"text":"Mr. Smith met Dr. Jones at 6 P.M. on Friday."}\n'
		[ $((i % 7000)) -eq 0 ] && echo 'not json'
		[ $((i % 9000)) -eq 0 ] && echo '{"lang":"sv","text":"Hej. Tack."}'
	done >mix
	run -3 --separate-stderr nsplit --jobs 1 --reject r1 mix
	echo "$output" >o1
	echo "$stderr" >e1
	run -3 --separate-stderr nsplit --jobs 3 --reject r3 mix
	echo "$output" >o3
	echo "$stderr" >e3
	cmp o1 o3
	cmp e1 e3
	cmp r1 r3
	# The last record is number 40,002: two per i and two in Swedish.
	run -0 tail -n 1 o1
	assert_output --partial '"doc_id":"40002"'
	run -3 --separate-stderr nsplit --jobs 2 --annotate --lang de mix
	[ "${#lines[@]}" -eq 40002 ]
	run -2 nsplit --jobs 0 mix
}

@test "-f names the text field, in and out" {
	printf '{"id":"f","body":"One. Two."}\n' >in
	run -0 nsplit -f body in
	assert_line --index 1 '{"id":"f:2","doc_id":"f","n":2,"start":5,"end":9,"body":"Two."}'
}

@test "records without the text field pass through untouched" {
	printf '{"id":"a","title":"x",  "n":1.50}\n{"id":"b","text":"Hi."}\n' >in
	run -0 --separate-stderr nsplit in
	assert_output - <<'OUT'
{"id":"a","title":"x",  "n":1.50}
{"id":"b:1","doc_id":"b","n":1,"start":0,"end":3,"text":"Hi."}
OUT
	run -0 --separate-stderr nsplit --annotate in
	assert_line --index 0 '{"id":"a","title":"x",  "n":1.50}'
}

@test "invalid lines are rejected, the rest is split, exit 3" {
	printf '{"id":"a","text":"Hi."}\nnot json\n{"id":"b","text":"Yo."}\n' >in
	run -3 --separate-stderr nsplit in
	assert_equal "$stderr" "nsplit: in:2: not a JSON object (column 1)"
	[ "${#lines[@]}" -eq 2 ]
}

@test "a text field that is not a string is rejected" {
	printf '{"id":"a","text":5}\n' >in
	run -3 --separate-stderr nsplit in
	assert_output ''
	assert_equal "$stderr" "nsplit: in:1: field 'text' is not a string"
}

@test "--abbrev adds words; a bad file names line and column, exit 2" {
	printf '{"id":"a","text":"Ask Insp. Clouseau about it. Zut. Done."}\n' >in
	run -0 nsplit in
	run -0 jq -r .text <<<"$output"
	assert_line --index 0 'Ask Insp. Clouseau about it.'
	printf 'title: [Zut]\n' >extra.yaml
	run -0 nsplit --abbrev extra.yaml in
	run -0 jq -r .text <<<"$output"
	assert_line --index 1 'Zut. Done.'
	printf 'title: [Zut]\nbogus: [x]\n' >bad.yaml
	run -2 --separate-stderr nsplit --abbrev bad.yaml in
	assert_output ''
	assert_equal "$stderr" "nsplit: bad.yaml:2:1: unknown word class 'bogus' (known: title, number, end, place, inner, continue, starter, label)"
	run -2 --separate-stderr nsplit --check --abbrev bad.yaml
	run -0 nsplit --check --abbrev extra.yaml
	run -2 --separate-stderr nsplit --abbrev nonesuch.yaml in
	assert_equal "$stderr" "nsplit: nonesuch.yaml: No such file or directory"
}

@test "bad option values are usage errors, exit 2" {
	run -2 --separate-stderr nsplit --unit word
	assert_equal "$stderr" "nsplit: --unit must be sentence or paragraph, not 'word'"
	run -2 --separate-stderr nsplit --quotes maybe
	assert_equal "$stderr" "nsplit: --quotes must be split or keep, not 'maybe'"
	run -2 --separate-stderr nsplit --bogus
}

@test "--quotes keep never ends a sentence inside a quotation" {
	printf '{"id":"q","text":"He said, \\"Stop. Go back.\\" Then he left."}\n' >in
	run -0 nsplit --quotes keep in
	run -0 jq -r .text <<<"$output"
	assert_output - <<'OUT'
He said, "Stop. Go back."
Then he left.
OUT
	run -0 nsplit in
	[ "${#lines[@]}" -eq 3 ]
}

@test "text without letters is no sentence; empty input is no output" {
	printf '{"id":"x","text":"3\\n\\n- 12 -\\n----\\nIntro\\n* * *"}\n{"id":"y","text":""}\n' >in
	run -0 nsplit in
	assert_output - <<'OUT'
{"id":"x:1","doc_id":"x","n":1,"start":15,"end":20,"text":"Intro"}
{"id":"x:2","doc_id":"x","n":2,"start":21,"end":26,"text":"* * *"}
OUT
	run -0 nsplit </dev/null
	assert_output ''
}

@test "a write error on stdout is exit 1" {
	run -1 --separate-stderr sh -c 'nsplit "$1" >/dev/full' sh "$S"
	assert_equal "$stderr" "nsplit: write error: stdout: No space left on device"
}

@test "hostile input stays linear: long runs of dots, tags, quotes" {
	awk 'BEGIN { s = "{\"id\":\"h\",\"text\":\""; for (i = 0; i < 200000; i++) s = s "a. <b (\\\" ... "; print s "\"}" }' >big
	run -0 timeout 20 nsplit --quotes keep big
	run -0 timeout 20 nsplit --annotate big
}

@test "every prefix of a fixture line is handled without a crash" {
	line=$(sed -n 3p "$S")
	for ((i = 1; i < ${#line}; i += 7)); do
		rc=0
		printf '%s\n' "${line:0:i}" | nsplit >/dev/null 2>&1 || rc=$?
		[ $rc -le 3 ] || { echo "crash at $i: $rc"; return 1; }
	done
}

@test "invalid UTF-8 is rejected; an 8 MB text is split" {
	printf '{"id":"u","text":"caf\xe9. Ok."}\n' >in
	run -3 --separate-stderr nsplit in
	assert_output ''
	assert_equal "$stderr" "nsplit: in:1: invalid UTF-8 (column 22)"
	awk 'BEGIN { printf "{\"id\":\"big\",\"text\":\""; for (i = 0; i < 200000; i++) printf "The U.S. Army met Gen. Smith at 5 p.m. It rained. "; print "\"}" }' >big
	run -0 nsplit --annotate big
	run -0 jq '.sentences | length' <<<"$output"
	assert_output 400000
}

# A text over 1 MiB is split a window at a time, each ending at a blank
# line, else a line break, else a space (the last part, a line of 1.4 MB):
# the offsets, ids and n go on over the whole text, and no sentence is
# cut where a window ends, as a window's last sentence is split again in
# the next.
@test "a 4 MB text, split in windows: every sentence is text[start:end], ids and n go on" {
	python3 -c "
import json
a = 'Anna Berg met Olaf Scholz in Zürich. Київ is far 😀 away.\n\n' * 25000
b = 'The court sat on Monday. It rose at noon.\n' * 30000
c = 'Rates rose again. Prices fell. ' * 45000
print(json.dumps({'id': 'x', 'text': a + b + c}, ensure_ascii=False))" >long
	nsplit long >out
	nsplit --annotate long >ann
	run -0 python3 -c "
import json
from collections import Counter
t = json.loads(open('long', encoding='utf-8').read())['text']
rs = [json.loads(l) for l in open('out', encoding='utf-8')]
n = Counter(r['text'] for r in rs)
a = json.loads(open('ann', encoding='utf-8').read())['sentences']
print(sum(t[r['start']:r['end']] != r['text'] for r in rs),
      [r['n'] for r in rs] == list(range(1, len(rs) + 1)),
      all(r['id'] == 'x:%d' % r['n'] for r in rs),
      max(r['start'] for r in rs) > 3000000,
      n['Київ is far 😀 away.'], n['It rose at noon.'], n['Prices fell.'],
      len(rs), a == [[r['start'], r['end']] for r in rs])"
	assert_output '0 True True True 25000 30000 45000 200000 True'
}

@test "a closed output is an error" {
	run -1 bash -c "nsplit '$S' >&-"
}

@test "ids are strings: a record without one is known by its number, an object id is escaped" {
	run -0 nsplit < <(printf '{"text":"No id."}\n{"id":{"a":"b"},"text":"Hi."}\n')
	assert_line --index 0 '{"id":"1:1","doc_id":"1","n":1,"start":0,"end":6,"text":"No id."}'
	assert_line --index 1 '{"id":"{\"a\":\"b\"}:1","doc_id":{"a":"b"},"n":1,"start":0,"end":3,"text":"Hi."}'
}

@test "each language's abbreviation file loads, and keeps its titles whole" {
	for f in "$NT_ROOT"/data/nsplit/abbrev-*.yaml; do
		run -0 --separate-stderr nsplit --check --abbrev "$f"
		[ "$stderr" = "" ] || fail "$f: $stderr"
	done
	# The files given by hand, on records with no lang to go by.
	printf '%s\n' '{"id":"d","text":"Der Vertrag mit Hrn. Brandt endet. Ein Nachfolger wird gesucht."}' >in
	run -0 bash -c "nsplit --abbrev '$NT_ROOT/data/nsplit/abbrev-de.yaml' in | jq -r .text"
	assert_output "$(printf '%s\n' 'Der Vertrag mit Hrn. Brandt endet.' 'Ein Nachfolger wird gesucht.')"
	printf '%s\n' '{"id":"e","text":"El Sr. García llegó el lunes. Se reunió con la Sra. López y la Dra. Ruiz."}' >in
	run -0 bash -c "nsplit --abbrev '$NT_ROOT/data/nsplit/abbrev-es.yaml' in | jq -r .text"
	assert_output "$(printf '%s\n' 'El Sr. García llegó el lunes.' 'Se reunió con la Sra. López y la Dra. Ruiz.')"
}

# The sentences of one record, one a line.
split_text() {
	printf '%s\n' "$1" >in
	shift
	nsplit "$@" in | jq -r .text
}

@test "German: an ordinal before a month or a noun stays inside its sentence" {
	run -0 split_text '{"id":"d","lang":"de","text":"Die Messe beginnt am 3. Oktober in Frankfurt. Im 2. Weltkrieg brannte die Halle ab. Gebaut wurde sie 1911. Der Architekt ist unbekannt."}'
	assert_output - <<'OUT'
Die Messe beginnt am 3. Oktober in Frankfurt.
Im 2. Weltkrieg brannte die Halle ab.
Gebaut wurde sie 1911.
Der Architekt ist unbekannt.
OUT
}

@test "German: z. B., d. h. and u. a. are closed up and end nothing" {
	run -0 split_text '{"id":"d","lang":"de","text":"Viele Kommunen, z. B. Köln, erhöhen die Gebühren, d. h. Wasser wird teurer. Betroffen sind u. a. Familien."}'
	assert_output - <<'OUT'
Viele Kommunen, z. B. Köln, erhöhen die Gebühren, d. h. Wasser wird teurer.
Betroffen sind u. a. Familien.
OUT
}

@test "Spanish: EE. UU. ends a sentence only before a word that starts one" {
	run -0 split_text '{"id":"e","lang":"es","text":"Trabajó en EE. UU. durante diez años. El acto tuvo lugar en EE. UU. El presidente no asistió."}'
	assert_output - <<'OUT'
Trabajó en EE. UU. durante diez años.
El acto tuvo lugar en EE. UU.
El presidente no asistió.
OUT
}

@test "French and Italian: an elided article does not hide an abbreviation" {
	run -0 split_text '{"id":"f","lang":"fr","text":"Le texte figure à l'"'"'art. 12 de la loi. La norma è all’art. 3 del decreto."}'
	assert_output - <<'OUT'
Le texte figure à l'art. 12 de la loi.
La norma è all’art. 3 del decreto.
OUT
}

@test "lang is read from the record (de-AT is de), detected when absent, overridden by --lang" {
	t='Der Termin ist am 3. Oktober. Alle sind eingeladen.'
	want="$(printf '%s\n' 'Der Termin ist am 3. Oktober.' 'Alle sind eingeladen.')"
	run -0 split_text '{"id":"d","lang":"de-AT","text":"'"$t"'"}'
	assert_output "$want"
	run -0 split_text '{"id":"d","text":"'"$t"'"}'
	assert_output "$want"
	# the record's lang is believed: English has no "3." ordinals
	run -0 split_text '{"id":"d","lang":"en","text":"'"$t"'"}'
	assert_output "$(printf '%s\n' 'Der Termin ist am 3.' 'Oktober.' 'Alle sind eingeladen.')"
	run -0 split_text '{"id":"d","lang":"de","text":"'"$t"'"}' --lang none
	assert_output "$(printf '%s\n' 'Der Termin ist am 3.' 'Oktober.' 'Alle sind eingeladen.')"
	run -0 split_text '{"id":"d","lang":"en","text":"'"$t"'"}' --lang de
	assert_output "$want"
}

@test "--lang without data is exit 2; a bad ordinals file names line and column, exit 2" {
	run -2 --separate-stderr nsplit --lang xx /dev/null
	assert_equal "$stderr" "nsplit: --lang: no data for language 'xx'"
	mkdir -p data/nsplit
	cp "$NT_ROOT/data/nsplit/abbrev.yaml" data/nsplit/
	printf 'de:\n  dot: maybe\n' >data/nsplit/ordinals.yaml
	printf '%s\n' '{"id":"d","lang":"de","text":"Am 3. Oktober."}' >in
	NTOOLS_DATA="$PWD/data" run -2 --separate-stderr nsplit in
	assert_equal "$stderr" "nsplit: $PWD/data/nsplit/ordinals.yaml:2:8: dot must be true, false or rare"
}

@test "a headline and a dateline without final punctuation are sentences of their own" {
	run -0 split_text '{"id":"h","text":"Council Approves New Budget For Schools\nmore money goes to teachers, the mayor said.\nThursday, May 7, 2015 On Tuesday the council met.\nMay 8, 2015\nofficials were not available."}'
	assert_output - <<'OUT'
Council Approves New Budget For Schools
more money goes to teachers, the mayor said.
Thursday, May 7, 2015
On Tuesday the council met.
May 8, 2015
officials were not available.
OUT
	# a wrapped line of four words or more goes on
	run -0 split_text '{"id":"w","text":"This is a sentence\ncut off in the middle because pdf."}'
	assert_output "$(printf 'This is a sentence\ncut off in the middle because pdf.')"
}

@test "Golden Rules: 6 P.M. Mr., spaced and four-dot ellipses, no space after the full stop" {
	run -0 split_text '{"id":"t","text":"At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. Mr. Smith then went to the store."}' --quotes keep
	assert_output - <<'OUT'
At 5 a.m. Mr. Smith went to the bank.
He left the bank at 6 P.M.
Mr. Smith then went to the store.
OUT
	run -0 split_text '{"id":"e","text":"I wasn’t really ... well, what I mean...see . . . what I am saying, the thing is . . . I didn’t mean it."}' --quotes keep
	assert_output 'I wasn’t really ... well, what I mean...see . . . what I am saying, the thing is . . . I didn’t mean it.'
	run -0 split_text '{"id":"f","text":"One habit was weakened . . . was that of compounds. . . . The practice was not abandoned. . . ."}' --quotes keep
	assert_output - <<'OUT'
One habit was weakened . . . was that of compounds.
. . . The practice was not abandoned. . . .
OUT
	run -0 split_text '{"id":"g","text":"Hello world.Today is Tuesday.Mr. Smith bought 1,000.That is a lot. Mail Jane.Doe@example.com or see www.testurl.Awesome.com today."}' --quotes keep
	assert_output - <<'OUT'
Hello world.
Today is Tuesday.
Mr. Smith bought 1,000.
That is a lot.
Mail Jane.Doe@example.com or see www.testurl.Awesome.com today.
OUT
}

@test "lists inline: a new list opens at 1 or a after an item, in any marker style" {
	run -0 split_text '{"id":"l","text":"3.) Sign the form 1.) Read the terms first. 2.) Keep a copy"}' --quotes keep
	assert_output - <<'OUT'
3.) Sign the form
1.) Read the terms first.
2.) Keep a copy
OUT
	run -0 split_text '{"id":"m","text":"12. Close the valve a. Check the gauge b. Write the reading down"}'
	assert_output - <<'OUT'
12. Close the valve
a. Check the gauge
b. Write the reading down
OUT
	# a capital letter is no new list: it may be an initial or a word
	run -0 split_text '{"id":"n","text":"1. Ask Peter A. Brown 2. Ask me"}'
	assert_output - <<'OUT'
1. Ask Peter A. Brown
2. Ask me
OUT
}

@test "a plain lower-case word and a full stop end a sentence before lower case; abbreviations do not" {
	run -0 split_text '{"id":"p","text":"Oil traded at 19 dlrs a barrel. the rise follows a wave of increases."}'
	assert_output - <<'OUT'
Oil traded at 19 dlrs a barrel.
the rise follows a wave of increases.
OUT
	run -0 split_text '{"id":"q","text":"The shop on 9th st. near the park sold pens, pads etc. at cost, approx. half price."}'
	assert_output 'The shop on 9th st. near the park sold pens, pads etc. at cost, approx. half price.'
	# quoted or bracketed, or a tag after it (a name in angle brackets)
	run -0 split_text '{"id":"r","text":"He said \"we are ready.\" then left (as planned.) at noon. Buyers of bonds. <Acme Securities Inc> and others bid."}'
	assert_output - <<'OUT'
He said "we are ready." then left (as planned.) at noon.
Buyers of bonds. <Acme Securities Inc> and others bid.
OUT
}

@test "short lines without final punctuation are a list; a word set on a line of its own is not" {
	run -0 split_text '{"id":"s","text":"The site was down for an hour this morning. home\nlatest news\nsport, weather\n"}'
	assert_output - <<'OUT'
The site was down for an hour this morning.
home
latest news
sport, weather
OUT
	run -0 split_text '{"id":"t","text":"The club said Madrid\ndid\nask for an option on the player."}'
	assert_output "$(printf 'The club said Madrid\ndid\nask for an option on the player.')"
	# a carriage return alone breaks a line
	run -0 split_text "$(printf '{"id":"u","text":"the last item \\rThe next line starts here."}')"
	assert_output - <<'OUT'
the last item
The next line starts here.
OUT
}

@test "a backtick opens a quotation an apostrophe closes; --quotes keep keeps it whole" {
	run -0 split_text '{"id":"b","text":"The board met. `Why now? Why us?'"'"' asked the chairman. He added: ``We will! We must!'"''"'"}' --quotes keep
	assert_output - <<'OUT'
The board met.
`Why now? Why us?' asked the chairman.
He added: ``We will! We must!''
OUT
}
