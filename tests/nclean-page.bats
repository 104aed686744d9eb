#!/usr/bin/env bats
# nclean on page dumps: metadata into fields, the page's furniture gone,
# the article's own lists and tables kept, and --state learning what each
# site prints on all its pages.

load helpers

PAGES="$FIX/nclean/pages.ndjson"
EXAMPLES="$NT_ROOT/examples/articles.ndjson"

# The texts of all records, one line of output per line of text.
lines_of() {
	jq -r '.text' "$@"
}

@test "pages: the headline, byline, date, dateline and credit become fields" {
	run -0 bash -o pipefail -c "nclean '$PAGES' | jq -c '[.title, .author, .date, .dateline, .credit]'"
	assert_line --index 0 '["Harbour authority approves $80 million expansion of container terminal","Marta Kowalczyk","2024-03-12","LAKEVIEW","With reporting by Tomas Lindgren."]'
	assert_line --index 1 '["School board picks new superintendent after year-long search","Aaron Feld","2024-04-03",null,null]'
	assert_line --index 2 '["Rail strike halts trains across three countries","Ines Carvalho and Jonas Weber","2024-05-05","BRUSSELS, May 5 (Continental Post)","Additional reporting by Pieter de Vries; Editing by Clara Moreau"]'
}

@test "pages: the first and last sentences stay, nine in ten furniture lines go" {
	nclean "$PAGES" >out
	run -0 jq -r '.text | split("\n") | first, last' out
	assert_output "$(printf '%s\n' \
	    'The harbour authority on Tuesday approved an $80 million plan to extend the east container terminal by 400 metres, a project it says will let the port handle ships twice the size of those that call today.' \
	    'The expansion is expected to add about 250 jobs at the terminal once it opens.' \
	    "The Northfield school board on Wednesday named Grace Adeyemi, the deputy head of the county's largest school district, as its new superintendent after a search that took more than a year." \
	    'Her contract runs for three years, at a salary of $198,000 a year.' \
	    'Rail workers in Belgium, the Netherlands and Luxembourg walked off the job on Sunday in a coordinated strike over pay and pensions, halting most passenger and freight trains across the three countries.' \
	    'Talks between the unions and the operators are due to resume on Tuesday.')"
	lines_of out >text
	total=0 gone=0
	while IFS= read -r l; do
		total=$((total + 1))
		grep -qxF -- "$l" text || gone=$((gone + 1))
	done <"$FIX/nclean/pages.furniture"
	[ "$total" -gt 50 ]
	[ $((gone * 10)) -ge $((total * 9)) ] || fail "only $gone of $total furniture lines went"
}

@test "a headline keeps a tail after its dash unless the tail names the site" {
	for h in 'Bank of Montreal hopeful on Brazil talks - President' 'Bank of Montreal hopeful on Brazil talks - Harbour Post'; do
		jq -nc --arg h "$h" '{source: "Harbour Post", text: ("Harbour Post\nHome | News | Sport\n" + $h + "\nBy Claire Doucet\nThe president of the Bank of Montreal said on Tuesday that he was hopeful the talks on the foreign debt of Brazil would end in an agreement before the summer.\nThe bank is owed about 1.2 billion dollars by Brazilian borrowers, he told reporters after the annual meeting.")}'
	done >in
	run -0 jq -r .title <(nclean in)
	assert_output "$(printf '%s\n' 'Bank of Montreal hopeful on Brazil talks - President' 'Bank of Montreal hopeful on Brazil talks')"
}

@test "a headline under a menu of one item a line is the title when the URL names it" {
	jq -nc '{url: "https://www.harbourpost.example/2023/flood-threat-in-texas", text: "Harbour Post\nHome\nHealth\nLocal\nWorld\nVideo\nFlood Threat in Texas\nUpdated: September 6, 2023 at 11:56 a.m.\nThe National Weather Service said heavy afternoon and evening rainfall caused a threat of flooding over portions of Texas.\nThere were reports of more than two inches of rain falling across two counties during the afternoon, which caused street flooding."}' >in
	run -0 jq -r .title <(nclean in)
	assert_output 'Flood Threat in Texas'
	run -0 jq -r .text <(nclean in)
	refute_line 'Flood Threat in Texas'
	jq -c '.url = "https://www.harbourpost.example/2023/rain-in-the-south"' in >other
	run -0 jq -r .title <(nclean other)
	assert_output null
}

@test "a dateline leaves the first sentence, which stays whole" {
	printf '%s\n' '{"text":"WASHINGTON — A Senate committee on Wednesday approved a bill that would require labels on political ads made with artificial intelligence.\nThe Rules Committee voted 12-4 for the bill, which now goes to the full Senate for a vote later this year."}' >in
	run -0 jq -r '[.dateline, (.text | split("\n") | first)] | join("|")' <(nclean in)
	assert_output 'WASHINGTON|A Senate committee on Wednesday approved a bill that would require labels on political ads made with artificial intelligence.'
}

@test "an article printed twice keeps its first copy, whole" {
	a='The council voted on Tuesday to spend $4.5 million on repairs to the harbour bridge, after engineers found corrosion in two of its girders.'
	b='Work is expected to start in May and take fourteen weeks, and the bridge will stay open to traffic in one lane each way until it is done.'
	jq -nc --arg a "$a" --arg b "$b" '{text: ("Home\nNews\nSport\nWeather\n" + $a + "\n" + $b + "\nMost read\n" + $a + "\n" + $b + "\n© 2024 Harbour Post")}' >in
	run -0 jq -r .text <(nclean in)
	assert_output "$(printf '%s\n%s' "$a" "$b")"
}

@test "a list that the article announces stays, with the text after it" {
	jq -nc '{text: ("Sign in\nHome | Music | Film | Books\nThe band said on Monday that it would tour North America and Europe next year for the first time since its singer recovered from surgery.\nThe tour dates announced so far:\nMar 3 — Chicago, IL — United Center\nMar 5 — Denver, CO — Red Rocks\nMar 9 — Los Angeles, CA — Hollywood Bowl\nApr 2 — London, UK — The O2\nTickets go on sale on Friday through the band'"'"'s website, and more dates are to be announced in the spring.\n© 2024 Music Daily")}' >in
	run -0 jq -r .text <(nclean in)
	assert_line --index 1 'The tour dates announced so far:'
	assert_line --index 2 'Mar 3 — Chicago, IL — United Center'
	assert_line --index 5 'Apr 2 — London, UK — The O2'
	[ "${#lines[@]}" -eq 7 ]
}

@test "a hard-wrapped article is joined into its paragraphs" {
	jq -nc '{text: ("Home\nNews\nBusiness\nSport\nPressure is growing in the financial markets for the central bank to\ntake action to stabilise the currency, even though doubts linger that\nit has fallen far enough to help the trade balance, economists and\ndealers said on Monday.\nSome experts believe that a half-point increase in the discount rate,\npreferably together with cuts abroad, would be enough to discourage\nthe sellers who have driven the currency down this year.\n© 2024 Markets Daily")}' >in
	run -0 jq -r .text <(nclean in)
	assert_output "$(printf '%s\n%s' 'Pressure is growing in the financial markets for the central bank to take action to stabilise the currency, even though doubts linger that it has fallen far enough to help the trade balance, economists and dealers said on Monday.' 'Some experts believe that a half-point increase in the discount rate, preferably together with cuts abroad, would be enough to discourage the sellers who have driven the currency down this year.')"
}

@test "three breaks at one width, the fewest that show a wrapped text, are joined; two are not" {
	jq -nc '{text: "Pressure is growing in the financial markets for the central bank to\ntake action to stabilise the currency, even though doubts linger that\nit has fallen far enough to help the trade balance, economists and\ndealers said on Monday."}' >in
	run -0 jq -r .text <(nclean in)
	assert_output 'Pressure is growing in the financial markets for the central bank to take action to stabilise the currency, even though doubts linger that it has fallen far enough to help the trade balance, economists and dealers said on Monday.'
	jq -nc '{text: "Pressure is growing in the financial markets for the central bank to\ntake action to stabilise the currency, even though doubts linger that\nit has fallen far enough."}' >in
	run -0 jq -r .text <(nclean in)
	assert_output "$(printf '%s\n%s\n%s' 'Pressure is growing in the financial markets for the central bank to' 'take action to stabilise the currency, even though doubts linger that' 'it has fallen far enough.')"
}

@test "menus on one line, brand lines and Live labels go" {
	jq -nc '{source: "Capital Wire", text: ("Capital Wire Live\nHome | Politics | Congress | White House\nHome > Politics > Congress\nLIVE\nThe committee approved the bill on Wednesday by twelve votes to four, sending it to the full Senate with support from both parties.\nCritics said the bill put the burden on stations that cannot easily tell whether an advertisement was made with artificial intelligence.\nNews · Sport · Weather · Culture")}' >in
	run -0 jq -r '.clean.removed[] | .rule' <(nclean --explain in)
	assert_output "$(printf '%s\n' brand menu menu live-label menu)"
}

@test "a 'Related: ...' promo inside the article goes; a sentence opening with 'Related' stays" {
	jq -nc '{text: ("The prosecutor said on Monday that the former mayor would be charged with fraud over the sale of city land to a developer.\nRelated: Council votes to sell the old bus depot\nRelated charges against two of his aides were dropped last year for lack of evidence, the prosecutor said.\nThe former mayor has denied any wrongdoing and says the sale was approved by the full council.")}' >in
	run -0 jq -r '.clean.removed[] | [.rule, .text] | join(" ")' <(nclean --explain in)
	assert_output 'related-inline Related: Council votes to sell the old bus depot'
}

@test "a comment thread after the article goes, the article stays" {
	jq -nc '{text: ("The school board named a new superintendent on Wednesday after a search that took more than a year and drew some ninety applicants.\nHer contract runs for three years, and she will take over from the interim head on the first of July.\n12 responses to “School board picks new superintendent”\nMike T. says:\nApril 3, 2024 at 8:12 pm\nAbout time they made a decision, and I wish her every success in the job, which is a hard one.\nReply\nSandra said:\nApril 4, 2024 at 7:01 am\nAnother administrator on a six-figure salary while the classrooms go without books, as usual.\nReply")}' >in
	run -0 jq -r .text <(nclean in)
	assert_output "$(printf '%s\n%s' 'The school board named a new superintendent on Wednesday after a search that took more than a year and drew some ninety applicants.' 'Her contract runs for three years, and she will take over from the interim head on the first of July.')"
}

@test "a list of teasers for other stories goes, the first copy of a lead in it too" {
	lead='NEW DELHI: Nearly 150 people returned home on Wednesday after being deported, officials at the airport said, the third such flight this year.'
	jq -nc --arg l "$lead" '{text: ("Top stories\nGovernment to restore internet in the valley soon\nNEW DELHI: The home minister said on Wednesday that the internet would be restored as soon as the local administration deems it fit.\nDeportees return home with shattered dreams\n" + $l + "\nSchools and colleges open again, says government\nNEW DELHI: All schools and colleges are now open and attendance is close to full, the government said in a statement on Wednesday.\nDeportees return home with shattered dreams\n" + $l + "\nThe flight landed at the airport at six in the morning, and the passengers were questioned by immigration officers before they could leave.\nMany of them said they had paid agents large sums of money to take them across the border, and had lost it all.\n© 2024 India News")}' >in
	run -0 jq -r .text <(nclean in)
	assert_line --index 0 "${lead#NEW DELHI: }"
	[ "${#lines[@]}" -eq 3 ]
}

# A site's pages: the articles of examples/, each between the site's
# masthead and footer and with the three lines only this site prints.
site_pages() {
	jq -c --arg site "Lakeview Ledger" '{id, source: $site, text: ("Lakeview Ledger\nBecome a Lakeview Ledger member for one dollar a week and read everything we publish without limits.\n" + .text + "\nGot a story for us? Write to the newsroom at desk@lakeview.example, we read every message.\nThe Lakeview Ledger is printed by Lakeview Media Group in Harbour Town.")}' "$EXAMPLES"
}

@test "--state: after 30 pages of a site its own lines go from the next, and no article text" {
	site_pages >site.ndjson
	head -30 site.ndjson >learn.ndjson
	tail -n +31 site.ndjson >next.ndjson
	jq -c '{id, text}' "$EXAMPLES" | tail -n +31 | nclean >alone.ndjson
	run -0 nclean --state st.db learn.ndjson
	nclean --state st.db --explain next.ndjson >out
	run -0 jq -r '.clean.removed[] | select(.rule == "site") | .text' out
	[ "${#lines[@]}" -ge 12 ]
	lines_of out >text
	! grep -q 'Lakeview Ledger member\|desk@lakeview\|Lakeview Media Group' text
	# Every line the article alone keeps is kept on its page.
	lines_of alone.ndjson | while IFS= read -r l; do
		[ -z "$l" ] || grep -qxF -- "$l" text || fail "lost: $l"
	done
}

@test "--state: a sentence two pages quote, and a page fed ten times, are not learned" {
	q='"We will not give up until every family has a home," the minister said at the opening of the new estate.'
	# The quote goes after the article's first paragraph.
	quoted='{source: "s", text: (.text | split("\n") | .[0:3] + [$q] + .[3:] | join("\n"))}'
	for i in $(seq 10); do
		jq -c --arg q "$q" "select(.id | startswith(\"01\")) | $quoted" "$EXAMPLES"
	done >same.ndjson
	jq -c --arg q "$q" "select(.id | startswith(\"02\") or startswith(\"03\")) | $quoted" "$EXAMPLES" >two.ndjson
	run -0 nclean --state st.db same.ndjson two.ndjson
	jq -c --arg q "$q" "select(.id | startswith(\"05\")) | $quoted" "$EXAMPLES" >next.ndjson
	nclean --state st.db next.ndjson >out
	run -0 jq -r '.text' out
	assert_line "$q"
	# Four pages, whose lines were each seen on one page at most but the
	# quote's, on four.
	run -0 ntsql st.db "SELECT (SELECT count(*) FROM page), (SELECT max(pages) FROM line)"
	assert_output '4|4'
}

@test "--state: the output of several threads is the output of one" {
	site_pages >site.ndjson
	nclean --state a.db --jobs 1 --explain site.ndjson >one
	nclean --state b.db --jobs 4 --explain site.ndjson >four
	cmp one four
	run -0 jq -r '.clean.removed[] | select(.rule == "site") | .text' one
	[ "${#lines[@]}" -gt 0 ]
}

@test "--state: the learning of one site is not another's" {
	site_pages >site.ndjson
	jq -c '.source = "Other Site"' site.ndjson | tail -1 >other.ndjson
	run -0 nclean --state st.db site.ndjson
	run -0 jq -r '.text' <(nclean --state st.db other.ndjson)
	assert_line --partial 'Lakeview Ledger member'
}

@test "--state: the host of the URL is the site when there is no source" {
	for i in $(seq 1 12); do
		jq -c --arg i "$i" 'select(.id | startswith("0") or startswith("1")) | {url: ("https://www.lakeview.example/news/" + .id), text: (.text + "\nThe Lakeview Ledger is printed by Lakeview Media Group in Harbour Town.")}' "$EXAMPLES"
	done | head -12 >pages.ndjson
	nclean --state st.db --explain pages.ndjson >out
	run -0 jq -r '[.clean.removed[] | select(.rule == "site")] | length' out
	assert_line --index 11 1
	run -0 ntsql st.db "SELECT name FROM site"
	assert_output 'lakeview.example'
}

@test "--max-age forgets what the state learned" {
	site_pages | head -10 >site.ndjson
	run -0 env NTOOLS_NOW=1000000 nclean --state st.db site.ndjson
	run -0 env NTOOLS_NOW=1000100 nclean --state st.db --max-age 1d site.ndjson
	run -0 ntsql st.db "SELECT count(*) > 0 FROM line"
	assert_output 1
	run -0 env NTOOLS_NOW=9000000 nclean --state st.db --max-age 1d /dev/null
	run -0 ntsql st.db "SELECT count(*) FROM line"
	assert_output 0
}

@test "--max-age needs --state, and a number with a unit" {
	run -2 --separate-stderr nclean --max-age 30d /dev/null
	[ "$stderr" = "nclean: --max-age needs --state" ]
	run -2 --separate-stderr nclean --state st.db --max-age 3y /dev/null
	[ "$stderr" = "nclean: --max-age: '3y' is not a number of s, m, h, d or w" ]
	[ ! -e st.db ]
}

@test "--state refuses a file that is not its own, and leaves it alone" {
	printf 'not a database, just text\n' >st.db
	cp st.db orig
	run -1 --separate-stderr nclean --state st.db "$PAGES"
	[ "$stderr" = "nclean: st.db: file is not a database" ]
	cmp st.db orig
	ndedupe --state dd.db "$PAGES" >/dev/null
	run -1 --separate-stderr nclean --state dd.db "$PAGES"
	[ "$stderr" = "nclean: dd.db: not an nclean state file (application_id 1849975920); refusing to touch it" ]
}

@test "--state: a second run on a held state file exits 75 naming the holder" {
	mkfifo in
	nclean --state st.db in >out 2>err &
	holder=$!
	sleep 0.5
	run -75 --separate-stderr nclean --state st.db --wait 0 "$PAGES"
	[ "${stderr%%;*}" = "nclean: st.db: in use by nclean (pid $holder)" ]
	assert_output ''
	echo '{"id":"x","text":"One line of text."}' >in
	wait "$holder"
	run -0 nclean --state st.db "$PAGES"
}

@test "--state: the HTML path learns the lines its DOM kept" {
	for i in $(seq 1 8); do
		jq -nc --arg i "$i" '{source: "h", html: ("<html><body><article><h1>Story number " + $i + " of the week</h1><p>This is the first paragraph of story " + $i + ", which tells of a different event each time, " + ("abcdefghij"[($i|tonumber):($i|tonumber)+1]) + " and more.</p><p>Subscribers get our morning briefing before anyone else does, every day.</p></article></body></html>")}'
	done >pages.ndjson
	nclean --state st.db --explain pages.ndjson >out
	run -0 jq -r '[.clean.removed[] | select(.rule == "site")] | length' out
	assert_line --index 7 1
}

@test "--explain: on pages, and on joined lines, every span is the input at its offsets" {
	jq -nc '{text: ("Home\nNews\nBusiness\nSport\nPressure is growing in the financial markets for the central bank to\ntake action to stabilise the currency, even though doubts linger that\nit has fallen far enough to help the trade balance, economists and\ndealers said on Monday.\nRelated: Markets close lower\n© 2024 Markets Daily")}' >in
	cat "$PAGES" >>in
	nclean --explain in >out
	paste -d '\t' <(jq -c . in) <(jq -c .clean out) |
	while IFS=$'\t' read -r rec clean; do
		jq -n --argjson r "$rec" --argjson c "$clean" -e \
		    '[$c.removed[] | $r.text[.start:.end] == .text] | all' >/dev/null ||
		    fail "offsets wrong in $rec"
	done
}

@test "--state: --check touches no file; a record with no source or url teaches nothing" {
	run -0 nclean --check --state st.db
	[ ! -e st.db ]
	jq -c '{text}' "$EXAMPLES" >nosite.ndjson
	run -0 nclean --state st.db nosite.ndjson
	run -0 ntsql st.db "SELECT (SELECT count(*) FROM site), (SELECT count(*) FROM line)"
	assert_output '0|0'
}

@test "a brand line is the site's name as a word: 'Newsom' is not the site 'News'" {
	printf '%s\n' '{"source":"News","text":"Newsom signs bill\nNews Live\nThe governor signed the bill on Tuesday after a long fight in the legislature, his office said.\nIt takes effect next year, when the state budget will have to find the money for it."}' >in
	run -0 jq -c '[.clean.removed[] | [.rule, .text]]' <(nclean --explain in)
	assert_output '[["brand","News Live"]]'
}
