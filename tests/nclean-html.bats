#!/usr/bin/env bats
# nclean on records that hold a web page (html) and no text.

load helpers

H="$FIX/nclean/html"

# A record {"id": NAME, "html": the file} for each file named.
rec() {
	for f in "$@"; do
		jq -Rsc --arg id "$(basename "$f" .html)" '{id: $id, html: .}' "$f"
	done
}

@test "a news page: its paragraphs and subheading, none of its furniture" {
	rec "$H/news.html" >in
	run -0 bash -c "nclean in | jq -r .text"
	assert_output "The council approved £48 million for the new harbour bridge on Tuesday evening, ending a dispute over its cost that had lasted more than six years.
Councillors voted 31 to 12 in favour, after the regional transport authority agreed to pay a third of the bill and the port company promised another £9 million.
A bridge that opens less often
The design keeps a lifting span for tall ships, but engineers say it will open far less often than the present swing bridge, which stops road traffic about 40 times a day.
“This is the day the town has waited for,” said the council leader, Tom Ashby. Work is due to start next spring and to take three years."
}

@test "a news page: title, date, author, lang and url from its head; html dropped" {
	rec "$H/news.html" >in
	run -0 bash -c "nclean in | jq -c 'del(.text)'"
	assert_output '{"id":"news","title":"Harbour bridge gets its funding at last","date":"2024-03-05T08:30:00+01:00","author":"Maria Lindqvist","lang":"en","url":"https://gazette.example/news/2024/03/05/harbour-bridge-funding"}'
}

@test "--keep-html keeps the page, unchanged" {
	rec "$H/news.html" >in
	run -0 bash -c "nclean --keep-html in | jq -j .html | cmp - '$H/news.html'"
}

@test "fields the record has already are never overwritten" {
	rec "$H/news.html" | jq -c '. + {title: "Mine", date: "2020-01-01",
	    author: "Me", lang: "sv", url: "https://mine.example/"}' >in
	run -0 bash -c "nclean in | jq -c '[.title, .date, .author, .lang, .url]'"
	assert_output '["Mine","2020-01-01","Me","sv","https://mine.example/"]'
}

@test "--explain names the DOM's reasons, one span per line of the page" {
	rec "$H/news.html" >in
	nclean --explain in >out
	run -0 jq -r '.clean.removed[].rule' out
	for r in dom:cookie dom:header dom:title dom:byline dom:share \
	    dom:caption dom:related dom:newsletter dom:comments dom:aside \
	    dom:footer; do
		assert_line "$r"
	done
	run -0 jq -r '.clean.removed[] | select(.rule == "dom:title") | .text' out
	assert_output 'Harbour bridge gets its funding at last'
	run -0 jq -r '.clean.removed[] | select(.rule == "dom:comments") | .text' out
	assert_line '12 comments'
	# Spans are whole lines of the page, in order, never overlapping.
	run -0 jq -e '[.clean.removed[] | .text | test("\n") | not] | all' out
	run -0 jq -e '.clean.removed | [range(1; length) as $i |
	    .[$i].start > .[$i - 1].end] | all' out
}

@test "--rules apply to the page's text, and --explain names them" {
	rec "$H/news.html" >in
	printf '%s\n' 'rules:' '  - id: quote-line' \
	    '    pattern: "^“This is the day"' >r.yaml
	run -0 bash -c "nclean --rules r.yaml --explain in | jq -r '.clean.removed[] | select(.rule == \"quote-line\") | .text[0:20]'"
	assert_output '“This is the day the'
	run -0 bash -c "nclean --rules r.yaml in | jq -r .text"
	refute_output --partial 'waited for'
}

@test "JSON-LD: headline, date, authors, lang, url; lines not in articleBody go" {
	rec "$H/jsonld.html" >in
	run -0 bash -c "nclean --explain in | jq -c '[.title, .date, .author, .lang, .url]'"
	assert_output '["Riksbank cuts its rate by a quarter point","2024-05-08T09:30:00Z","Erik Holm, Sara Berg","en","https://wire.example/markets/riksbank-cut"]'
	run -0 bash -c "nclean --explain in | jq -r '.text, (.clean.removed[] | .rule)'"
	assert_line --index 0 --partial "Sweden's central bank cut its policy rate"
	assert_line 'dom:not-in-articlebody'
	refute_output --partial 'demo account'
}

@test "JSON-LD: a page whose text comes by script gets the articleBody" {
	printf '%s' '<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"H","articleBody":"' >p.html
	for w in harbour bridge council ferry quay port; do
		printf 'This paragraph of the story is about the %s, and what the town thinks of the %s.\\n' "$w" "$w"
	done >>p.html
	printf '%s' '"}</script></head><body><div id="app">Loading...</div></body></html>' >>p.html
	rec p.html >in
	run -0 bash -c "nclean in | jq -r .text"
	assert_line --index 0 'This paragraph of the story is about the harbour, and what the town thinks of the harbour.'
	assert_line --index 5 --partial 'about the port,'
	refute_output --partial 'Loading'
}

@test "a table is a line per row, cells joined by ' | '; a list a line per item" {
	rec "$H/table-list.html" >in
	run -0 bash -c "nclean in | jq -r .text"
	assert_line 'Year to March | 2024 | 2023'
	assert_line 'Revenue (£m) | 412.5 | 388.0'
	assert_line 'Dividend (p) | 12.4 | 11.8'
	assert_line 'Sales of alcohol-free beer rose 38 percent.'
	assert_line 'Exports to Germany and the Netherlands doubled.'
	assert_line 'Energy costs fell by a tenth after the new boilers came in.'
	refute_output --partial 'Home'
	refute_output --partial 'delayed'
	run -0 bash -c "nclean --explain in | jq -r '.clean.removed[] | select(.rule == \"dom:nav\") | .text'"
	assert_output 'Home Markets Companies'
}

@test "a Windows-1252 page through nimport keeps its accents" {
	run -0 bash -c "nimport '$H/cp1252.html' | nclean | jq -r '.title, .lang, .text'"
	assert_output 'Le café de la gare rouvre ses portes
fr
Après deux années de travaux, le café de la gare a rouvert lundi, à la grande joie des habitués du quartier.
“C’est une renaissance”, a déclaré la gérante, Élodie François, devant une salle déjà pleine.
Le menu reste le même : café crème, croissants et crêpes, à des prix inchangés depuis 2019.'
}

@test "no markup and no entity is left in the text" {
	printf '%s\n' '<html><body><article>' \
	    '<p>Fish &amp; chips &eacute;t&eacute; &#8217;s &#x2014; caf&eacute; &nbsp; <b>bold</b> <i>and</i> <a href="/x">a link</a>, a sentence long enough.</p>' \
	    '<p>A <span>second</span> paragraph<!-- a comment --> with <![CDATA[ cdata ]]> <script>var x = "<b>no</b>";</script> and more.</p>' \
	    '<p>Written &amp;amp; twice, and a last sentence to end the article.</p>' \
	    '</article></body></html>' >p.html
	rec p.html >in
	run -0 bash -c "nclean in | jq -r .text"
	assert_output 'Fish & chips été ’s — café bold and a link, a sentence long enough.
A second paragraph with and more.
Written & twice, and a last sentence to end the article.'
	refute_output --regexp '<[a-zA-Z/!]'
	refute_output --regexp '&[a-zA-Z#0-9]+;'
}

@test "a record with text is cleaned as text; its html is left alone" {
	printf '%s\n' '{"text":"Source link\nA sentence long enough to be a paragraph of the article, and it ends.","html":"<p>other</p>"}' >in
	run -0 nclean in
	assert_output '{"text":"A sentence long enough to be a paragraph of the article, and it ends.","html":"<p>other</p>","lang":"en"}'
}

@test "html that is not a string is rejected; neither field passes through" {
	printf '%s\n' '{"html":3}' '{"id":2}' >in
	run -3 --separate-stderr nclean in
	assert_output '{"id":2}'
	[ "$stderr" = "$(printf '%s\n' "nclean: in:1: field 'html' is not a string" \
	    "nclean: 1 record had no 'text' field and passed through unchanged")" ]
	run -3 --separate-stderr nclean --strict in
	[ "$stderr" = "nclean: in:1: field 'html' is not a string" ]
}

@test "--strict takes html records; -f names the field the text goes to" {
	rec "$H/table-list.html" >in
	run -0 bash -c "nclean --strict -f body in | jq -r '.body | split(\"\n\")[0]'"
	assert_output --partial 'Harlow Brewing reported higher sales'
}

@test "--jobs: many threads give the same output as one" {
	for i in $(seq 1 40); do rec "$H"/*.html; done >in
	nclean --jobs 1 --explain in >o1
	nclean --jobs 4 --explain in >o4
	cmp o1 o4
	[ "$(wc -l <o1)" -eq 160 ]
}

@test "nesting deeper than the parser's limit: the text before it, marked truncated" {
	python3 -c '
print("<html><body><p>This paragraph comes before the deep part, and it is long enough to be kept.</p>" + "<div>" * 400 + "<p>Deep text.</p>")' >p.html
	rec p.html >in
	run -0 bash -c "nclean --explain in | jq -c '[.text, .clean.truncated]'"
	assert_output '["This paragraph comes before the deep part, and it is long enough to be kept.",true]'
}

@test "hostile pages finish in linear time, with valid JSON out" {
	python3 - <<'EOF'
import json
para = "<p>A paragraph of article text, long enough to count, with a comma or two.</p>"
pages = {
    "deep": "<html><body>" + para + "<div>" * 200000 + "x" + "</div>" * 200000,
    "deepspan": "<html><body>" + para + "<div>" * 100000 + "</span>" * 100000,
    "attr": "<html><body><div title=\"" + "a" * 5000000 + "\">" + para + "</div>",
    "attrs": "<html><body><div " + " ".join("a%d=x" % i for i in range(100000)) + ">" + para,
    "unclosed": "<html><body>" + "<p><b><i><a href=x><table><tr><td><li><select><option>" * 20000 + para,
    "entities": "<html><body><p>" + "&amp;&#x41;&eacute;&bogus;&#99999999;&#0;&#xD800;" * 100000 + "</p>",
    "comment": "<html><body>" + para + "<!-- " + "a" * 5000000,
    "script": "<html><body>" + para + "<script>" + "a<b>" * 1000000,
    "tags": "<html><body>" + "<" * 3000000 + para,
    "classes": "<html><body>" + "".join("<div class=\"c%d nav-%d\">%s</div>" % (i, i, para) for i in range(20000)),
    "nul": "<html><body>" + para + "\u0000" * 1000 + "\ufffd\ud7ff" + para,
}
with open("in", "w") as f:
    for k, v in pages.items():
        f.write(json.dumps({"id": k, "html": v}) + "\n")
EOF
	start=$SECONDS
	nclean --explain in >out
	[ $((SECONDS - start)) -lt 10 ] || fail "took $((SECONDS - start)) s"
	[ "$(wc -l <out)" -eq 11 ]
	run -0 jq -e 'has("text") and (.clean | has("removed"))' out
	run -0 jq -r 'select(.id == "deep" or .id == "attr" or .id == "attrs") | .text' out
	[ "${#lines[@]}" -eq 3 ]
	assert_line --index 0 'A paragraph of article text, long enough to count, with a comma or two.'
	assert_line --index 2 'A paragraph of article text, long enough to count, with a comma or two.'
}

@test "every prefix of a page is handled without a crash" {
	n=$(wc -c <"$H/news.html")
	for k in $(seq 0 97 "$n"); do
		head -c "$k" "$H/news.html" | jq -Rsc '{html: .}'
	done >in
	run -0 bash -c "nclean --explain in | jq -c 'has(\"text\")' | sort -u"
	assert_output 'true'
}

@test "a bad dom.yaml names file:line:col and exits 2 before reading input" {
	mkdir -p d/nclean
	cp "$NT_ROOT"/data/nclean/rules.yaml "$NT_ROOT"/data/nclean/stopwords.yaml d/nclean/
	printf '%s\n' 'furniture:' '  nav: [nav]' '  bogus: [x]' >d/nclean/dom.yaml
	run -2 --separate-stderr env NTOOLS_DATA="$PWD/d" nclean /dev/null
	[ "$stderr" = "nclean: $PWD/d/nclean/dom.yaml:3:3: unknown reason 'bogus'" ]
	printf '%s\n' 'article: [Bad_Word]' >d/nclean/dom.yaml
	run -2 --separate-stderr env NTOOLS_DATA="$PWD/d" nclean --check
	[ "$stderr" = "nclean: $PWD/d/nclean/dom.yaml:1:11: 'Bad_Word' is not a word of lower-case letters, digits and single '-' (and perhaps a final '\$')" ]
}
