#!/usr/bin/env bats
# ndedupe: which records a user gets back, and what the state file
# promises across runs, kills and concurrent runs.

load helpers

S="$FIX/ndedupe/stories.ndjson"

ids() {
	jq -r .id "$@" | tr '\n' ' '
}

@test "each story once: the first record of it is kept, in input order" {
	run -0 ndedupe "$S"
	[ "$(printf '%s\n' "$output" | ids)" = \
	    "a1 b1 e1 r1 r2 r3 r4 s1 s2 n1 " ]
}

@test "records that are kept come out byte for byte" {
	ndedupe "$S" >out
	jq -c 'select(.id == "a1" or .id == "r2")' "$S" >want
	jq -c 'select(.id == "a1" or .id == "r2")' out >got
	cmp want got
	grep -F '"id":"a1"' "$S" >want
	grep -F '"id":"a1"' out >got
	cmp want got
}

@test "copies are found: boilerplate, unicode, typos, synonyms, a paragraph less, swapped sentences, the first part" {
	run -0 ndedupe --annotate "$S"
	run -0 jq -r 'select(.dup) | "\(.id) \(.dup_of)"' <<<"$output"
	assert_output "$(printf '%s\n' 'a2 a1' 'a3 a1' 'a4 a1' 'b2 b1' 'e2 e1' \
	    'a5 a1' 'b3 b1' 'e3 e1' 'r5 r1' 's3 s1')"
}

@test "the word lists are data: synonyms and boilerplate words come from the data files" {
	mkdir -p data/nclean data/ndedupe
	printf 'boilerplate_words: [gadzooks]\n' >data/nclean/rules.yaml
	printf 'synonyms:\n  - [froody, hoopy]\nfunction_words: [the]\n' \
	    >data/ndedupe/words.yaml
	t='The froody panel met in Geneva on Monday to weigh the plan.'
	u='The hoopy panel met in Geneva on Monday to weigh the plan.\nGadzooks gadzooks'
	jq -nc --arg t "$t" --arg u "$u" '{id: "x", text: $t}, {id: "y", text: $u}' >in
	NTOOLS_DATA=$PWD/data run -0 ndedupe -a in
	assert_line --index 1 --regexp '"dup":true,"dup_of":"x"'
	# the built-in lists know neither word
	run -0 ndedupe -a in
	assert_line --index 1 --regexp '"dup":false,"story":"y"}$'
}

@test "a word file that is wrong is a usage error that names the place" {
	mkdir -p data/nclean data/ndedupe
	cp "$NT_ROOT/data/nclean/rules.yaml" data/nclean/
	printf 'synonyms:\n  - [said, stated]\nfunction_word: [the]\n' \
	    >data/ndedupe/words.yaml
	NTOOLS_DATA=$PWD/data run -2 --separate-stderr ndedupe "$S"
	[ "$stderr" = "ndedupe: $PWD/data/ndedupe/words.yaml:3:1: unknown key 'function_word' (known: synonyms, function_words)" ]
	assert_output ''
}

@test "--annotate keeps every record and marks each one" {
	run -0 ndedupe -a "$S"
	[ "${#lines[@]}" -eq 20 ]
	assert_line --index 0 --regexp '"dup":false,"story":"a1"}$'
	assert_line --index 2 --regexp '"dup":true,"dup_of":"a1","dup_kind":"exact","similarity":1\.000,"containment":1\.000,"story":"a1"}$'
	run -0 jq -r 'select(.id == "a5") | .similarity > 0.8 and .similarity < 1' \
	    <<<"$output"
	assert_output true
}

@test "templates that differ in numbers, and short texts, stay apart" {
	run -0 ndedupe -a "$S"
	run -0 jq -r 'select(.id | test("^[rsn]")) | "\(.id) \(.dup)"' \
	    <<<"$output"
	assert_output "$(printf '%s\n' 'r1 false' 'r2 false' 'r3 false' \
	    'r4 false' 'r5 true' 's1 false' 's2 false' 's3 true' 'n1 false')"
}

@test "a results table's first half with its lines run together is found; the same table of another quarter stays apart" {
	# Run together, the table's line starts ("Oper", "Sales") are names
	# the whole table does not have; its figures are all in it.
	t=$'Oper shr nine cts vs six cts\nOper net 182,000 vs 121,000\nSales 7,410,000 vs 6,920,000\nYear\nOper shr 58 cts vs 22 cts\nOper net 1,305,000 vs 471,000\nSales 29.4 mln vs 23.1 mln\nNOTE: Net excludes discontinued operations losses 612,000 dlrs vs 35,000 dlrs in quarter and loss 655,000 dlrs vs gain 288,000 dlrs in year.\nShare adjusted for June 1986 100 pct stock dividend.'
	jq -nc --arg t "$t" '{id: "full", text: $t},
	    {id: "half", text: ($t | split("\nSales 29")[0] | gsub("\n"; " "))},
	    {id: "other", text: ($t | sub("nine cts vs six"; "11 cts vs nine") |
	        sub("182,000 vs 121,000"; "240,000 vs 182,000") |
	        sub("7,410,000 vs 6,920,000"; "8,150,000 vs 7,410,000"))},
	    {id: "otherhalf", text: ($t | sub("nine cts vs six"; "11 cts vs nine") |
	        sub("182,000 vs 121,000"; "240,000 vs 182,000") |
	        sub("7,410,000 vs 6,920,000"; "8,150,000 vs 7,410,000") |
	        split("\nSales 29")[0] | gsub("\n"; " "))}' >in
	run -0 ndedupe --annotate in
	run -0 jq -r '"\(.id) \(.dup_of)"' <<<"$output"
	assert_output "$(printf '%s\n' 'full null' 'half full' 'other null' \
	    'otherhalf other')"
}

@test "one template about two companies stays apart; a typo in a name does not" {
	t='said on Monday that it had agreed to buy a regional rival for cash and shares, a deal that would make the combined group the largest maker of packaging in the country. The board of the buyer backed the offer and expected the deal to close by the end of the year, subject to approval by regulators and shareholders.'
	jq -nc --arg t "$t" '{id: "1", text: ("Acme Holdings " + $t)},
	    {id: "2", text: ("Orbis Industries " + $t | sub("the buyer"; "Orbis"))},
	    {id: "3", text: ("Acme Holdings " + $t | sub("the buyer"; "Acme"))},
	    {id: "4", text: ("Acme Holdigns " + $t | sub("the buyer"; "Acme"))}' >in
	run -0 ndedupe --annotate in
	run -0 jq -r '"\(.id) \(.dup) \(.dup_of)"' <<<"$output"
	assert_output "$(printf '%s\n' '1 false null' '2 false null' \
	    '3 true 1' '4 true 1')"
	sed -n 1p in >in1
	sed -n 2p in >in2
	ndedupe --state st in1 >/dev/null
	run -0 ndedupe --state st in2
	assert_output "$(cat in2)"
}

@test "one template about two companies named only at a sentence start stays apart; a copy of either is found, a typo in the name forgiven" {
	t='said on Monday that it would close two plants in the north of the country and cut about 400 jobs, as demand for its steel pipes fell for a third year in a row. It expects the closures to cost some 30 million dollars, to be booked in the second quarter, and to save twice that much a year from next year.'
	jq -nc --arg t "$t" '{id: "1", text: ("Vantor " + $t)},
	    {id: "2", text: ("Kelmar " + $t)},
	    {id: "3", text: ("Vantor " + $t | sub("It expects"; "Vantor expects"))},
	    {id: "4", text: ("Kelmar " + $t | sub("It expects"; "Kelmar expects"))},
	    {id: "5", text: ("Vanttor " + $t)}' >in
	run -0 ndedupe --annotate in
	run -0 jq -r '"\(.id) \(.dup) \(.dup_of)"' <<<"$output"
	assert_output "$(printf '%s\n' '1 false null' '2 false null' \
	    '3 true 1' '4 true 2' '5 true 1')"
	# the same with the first one kept in a state file
	sed -n 1p in >in1
	ndedupe --state st in1 >/dev/null
	run -0 ndedupe --annotate --state st in
	run -0 jq -r '"\(.id) \(.dup) \(.dup_of)"' <<<"$output"
	assert_output "$(printf '%s\n' '1 true 1' '2 false null' \
	    '3 true 1' '4 true 2' '5 true 1')"
}

@test "a spun copy with one name word swapped is found; one with its first name swapped, the same figures, is not" {
	t='Alaska Air Group Inc said its Alaska Airlines unit carried 58.6 pct more passengers last month than in May 1986, and that revenue passenger miles rose eight pct to 234.9 mln while seat miles were up seven pct to 400.7 mln. For the first five months of 1987 the load factor was 54.5 pct.'
	jq -nc --arg t "$t" '{id: "a1", text: $t},
	    {id: "a2", text: ($t | sub("Air Group"; "Air Team") | sub("rose"; "climbed") | sub("carried"; "transported"))},
	    {id: "a3", text: ($t | sub("Air Group"; "Sea Group") | sub("rose"; "climbed") | sub("carried"; "transported"))}' >in
	run -0 ndedupe -a in
	run -0 jq -r '"\(.id) \(.dup_of)"' <<<"$output"
	assert_output "$(printf '%s\n' 'a1 null' 'a2 a1' 'a3 null')"
}

@test "a spun and wrapped copy whose spinner swapped its first name and two others is found by the many names it kept" {
	t='The Finance Ministry said on Tuesday that Britain, France, Germany, Italy and Spain had agreed in Brussels to lend Greece and Portugal more money, after talks with the International Monetary Fund and the European Central Bank that ran late into Monday night.
Officials in Athens and Lisbon welcomed the deal, which the Bundesbank and the Bank of France are to back with loans of their own over the next three years.'
	jq -nc --arg t "$t" '{id: "o", text: $t},
	    {id: "s", text: ("World News | Europe\n" + ($t |
	    sub("Finance"; "Exchequer") | sub("Bundesbank"; "Bundesbanker") |
	    sub("Lisbon"; "Lisboa") | sub("money"; "funds") |
	    sub("talks"; "discussions") | sub("night"; "evening") |
	    sub("deal"; "accord") | sub("loans"; "credits") |
	    sub("welcomed"; "hailed") | sub("lend"; "advance") |
	    sub("agreed"; "consented") | sub("ran late"; "went belated") |
	    sub("said"; "stated")) +
	    "\nShare this story\nMarkets Rally On Rate Hopes\nOil Falls As Stocks Grow")}' >in
	run -0 ndedupe -a in
	run -0 jq -r '"\(.id) \(.dup_of) \(.dup_kind)"' <<<"$output"
	assert_output "$(printf '%s\n' 'o null null' 's o mixed')"
}

@test "an excerpt spun and wrapped whose spinner swapped a word of its first name is found, in memory, with --state and by the stages; the same text about other companies is not" {
	# spunlead.ndjson: an article; its first two paragraphs spun, with
	# "Westfield" once "Eastfield", inside a site's header and teasers;
	# and that copy with every name another company's.
	F="$FIX/ndedupe/spunlead.ndjson"
	want="$(printf '%s\n' 'orig null null' 'copy orig mixed' 'other null null')"
	run -0 ndedupe --annotate "$F"
	run -0 jq -r '"\(.id) \(.dup_of) \(.dup_kind)"' <<<"$output"
	assert_output "$want"
	run -0 ndedupe --annotate --state st "$F"
	run -0 jq -r '"\(.id) \(.dup_of) \(.dup_kind)"' <<<"$output"
	assert_output "$want"
	ndedupe --emit-keys "$F" | sort | ndedupe --pairs | sort |
	    ndedupe --clusters >verdicts
	run -0 ndedupe --annotate --apply verdicts "$F"
	run -0 jq -r '"\(.id) \(.dup_of) \(.dup_kind)"' <<<"$output"
	assert_output "$want"
}

@test "a notice made mostly of phrases many records share is still found" {
	a='The bank said it was issuing a eurobond with a fixed coupon and that the notes would be listed on the exchange in Luxembourg once the selling group had been formed by the lead managers'
	b='The notes will be sold in denominations that suit retail buyers and the payment date falls on the first business day of next month while fees for management and underwriting are combined and the selling concession is paid in full'
	d='concerns the alpha borough bridge fund of alpha harbour city for repairs'
	jq -nc --arg a "$a" --arg b "$b" --arg d "$d" '
	    (range(1; 6) | {id: "t\(.)", text: "\($a)\nNotice \(.) \($d)\n\($b)"}),
	    {id: "copy", text: "\($a)\nNotice 5 \($d)"}' >in
	run -0 ndedupe --annotate in
	run -0 jq -r '"\(.id) \(.dup_of)"' <<<"$output"
	assert_output "$(printf '%s\n' 't1 null' 't2 null' 't3 null' 't4 null' \
	    't5 null' 'copy t5')"
}

@test "a copy with HTML character references and a byline above is the story wrapped; a byline alone does not join two stories" {
	a="France's state channel TF-1 should make a profit of about 25 francs a share next year, its new president said on Monday after a year of losses."
	b="The channel, sold to a group led by a builder this spring, expects costs of its new programmes to weigh on this year's results."
	c="Its shares, 40 pct of the capital, go on sale on Tuesday & the offer closes on Friday."
	jq -nc --arg a "$a" --arg b "$b" --arg c "$c" '($a + "\n" + $b + "\n" + $c) as $t |
	    {id: "story", text: $t},
	    {id: "copy", text: ("By Anna Smith | Posted on May 3, 2024 by admin\n" +
	    ($t | gsub("\u0027"; "&#8217;") | gsub("&"; "&amp;") |
	    gsub("&amp;#8217;"; "&#8217;")))},
	    {id: "other", text: ("By Anna Smith | Posted on May 3, 2024 by admin\n" +
	    "The council voted to close the swimming pool on Monday after a " +
	    "survey found its roof unsafe, and said it would reopen next year.")}' >in
	run -0 grep -c '&#8217;s state' in
	run -0 ndedupe -a in
	run -0 jq -r '"\(.id) \(.dup_of) \(.dup_kind) \(.similarity)"' <<<"$output"
	assert_output "$(printf '%s\n' 'story null null null' 'copy story wrapped 1' 'other null null null')"
}

@test "a text with no words left is a duplicate of its exact bytes only" {
	printf '%s\n' '{"id":"1","text":"[ad_1]\nSource link"}' \
	    '{"id":"2","text":"[ad_2]\nSoruce lnik"}' \
	    '{"id":"3","text":"[ad_1]\nSource link"}' '{"id":"4","text":""}' \
	    '{"id":"5","text":" "}' '{"id":"6","text":""}' >in
	run -0 ndedupe in
	[ "$(printf '%s\n' "$output" | ids)" = "1 2 4 5 " ]
}

@test "a copy cut, spun and wrapped at once is found, and each copy says what it is" {
	run -0 ndedupe --annotate "$FIX/ndedupe/copies.ndjson"
	run -0 jq -r '"\(.id) \(.dup) \(.dup_of) \(.dup_kind) \(.story)"' <<<"$output"
	assert_output "$(printf '%s\n' 'p1 false null null p1' \
	    'p2 true p1 mixed p1' 'p3 true p1 spun p1' 'p4 true p1 wrapped p1' \
	    'p5 true p1 excerpt p1' 't1 false null null t1' \
	    'o1 false null null o1')"
}

@test "a copy with a synonym or two swapped is spun, one with the same words exact, in memory and with --state" {
	t='The company said on Tuesday that its quarterly profit rose by a fifth as demand for its machines held up in Europe and Asia. The chief executive said the firm expected sales to grow again next year despite higher costs for steel and energy.'
	jq -nc --arg t "$t" '{id: "o", text: $t},
	    {id: "same", text: ($t | gsub(" "; "  "))},
	    {id: "spun", text: ($t | sub("said on"; "stated on"))},
	    {id: "spun2", text: ($t | sub("The company"; "The firm") | sub("executive said"; "executive mentioned"))}' >in
	want="$(printf '%s\n' 'o null null' 'same o exact' 'spun o spun' 'spun2 o spun')"
	run -0 ndedupe -a in
	run -0 jq -r '"\(.id) \(.dup_of) \(.dup_kind)"' <<<"$output"
	assert_output "$want"
	# The original from the state file, read back by a later run.
	head -n 1 in >first
	ndedupe --state st.db first >/dev/null
	run -0 ndedupe -a --state st.db in
	run -0 jq -r '"\(.id) \(.dup_of) \(.dup_kind)"' <<<"$output"
	assert_output "$(printf 'o o exact\n'; sed 1d <<<"$want")"
}

@test "a table of results under a site's name joins its full version; another company's table stays apart" {
	a='Shr 31 cts vs 27 cts\nNet 671,000 dlrs vs 1,256,000 dlrs\nYear\nShr 1.85 dlrs vs 1.12 dlrs\nNet four mln dlrs vs 2.8 mln dlrs'
	more='\nAssets 426.4 mln dlrs vs 334.1 mln dlrs\nDeposits 323.1 mln dlrs vs 277.2 mln dlrs\nLoans 335.9 mln dlrs vs 254.9 mln dlrs'
	other='Shr 44 cts vs 29 cts\nNet 912,000 dlrs vs 1,004,000 dlrs\nYear\nShr 2.05 dlrs vs 1.72 dlrs\nNet five mln dlrs vs 4.1 mln dlrs'
	jq -nc --arg a "$a" --arg m "$more" --arg o "$other" '
	    {id: "cut", text: ("DailyWire.com - Your daily source of news\n" + $a)},
	    {id: "full", text: ($a + $m)},
	    {id: "other", text: ("DailyWire.com - Your daily source of news\n" + $o + $m)}' >in
	run -0 ndedupe -a in
	run -0 jq -r '"\(.id) \(.dup_of) \(.dup_kind)"' <<<"$output"
	assert_output "$(printf '%s\n' 'cut null null' 'full cut mixed' 'other null null')"
}

@test "two copies of one article cut otherwise, each with names of its own, are one story" {
	a='Engineers from Siemens and Alstom began testing the new high-speed line between Lyon and Turin on Monday, a year later than planned, the French transport ministry said in a statement.'
	b='The first trains will carry passengers from March, and tickets will go on sale through SNCF and Trenitalia next month, said Marie Dubois, who runs the project for the two governments.'
	c='The tunnel under the Alps, which is 57 kilometres long, cost more than the budget set when work began, and the ministry said the final bill would be published once the accounts had been checked by auditors.'
	d='Local groups in the valley, who had fought the line for two decades, said they would go on protesting against the noise and the lorries that still use the old road through the mountains.'
	e='Officials in Brussels said the European Commission would pay part of the cost, as it does for other links between member states, and that Vienna and Munich hoped to be joined to the line by 2035.'
	jq -nc --arg a "$a" --arg b "$b" --arg c "$c" --arg d "$d" --arg e "$e" '
	    {id: "x", text: ($a + "\n" + $b + "\n" + $c + "\n" + $d)},
	    {id: "y", text: ($a + "\n" + $c + "\n" + $d + "\n" + $e)},
	    {id: "z", text: ($a + "\n" + $c + "\n" + $d + "\n" + $e |
	        sub("Siemens"; "Bombardier") | sub("57"; "64"))}' >in
	run -0 ndedupe -a in
	run -0 jq -r '"\(.id) \(.dup_of)"' <<<"$output"
	# z has another first name and other figures: another story.
	assert_output "$(printf '%s\n' 'x null' 'y x' 'z null')"
}

@test "two copies cut otherwise, each with figures of its own, are one story; the report a year on stays apart" {
	p=('The port of Rotterdam handled 467 mln tonnes of cargo last year, 3.2 pct more than in 2022, its operator said on Thursday, as container traffic recovered from the slump.'
	    'Container volumes rose to 14.5 mln units from 13.4 mln, while the tonnage of coal fell by 19 pct as power stations in Germany burned less of it.'
	    'The operator said it would invest 1.1 billion euros over five years in new quays and in the rail links to the hinterland, and that 2,300 people now worked for it directly.'
	    'Its chief executive, Anna de Vries, said the port expected growth of about 2 pct this year, although the war in Ukraine and high energy prices made forecasts hard.'
	    'Liquid bulk, mostly oil and chemicals, stayed flat at 210 mln tonnes, and the share of ships calling with cleaner fuels rose to 28 pct from 21 pct.'
	    'The port of Antwerp, its closest rival, is due to publish its own figures next week, and analysts expect it to report a smaller rise than Rotterdam did.'
	    'Dry bulk other than coal, mainly iron ore and grain, came to 76 mln tonnes, and the port said 31 new companies had settled on its land during the year, 12 of them in energy.')
	# x lacks the last paragraph, y the second: each has figures the
	# other has not.  z is y with most of its figures those of a year on.
	jq -nc --args '$ARGS.positional as $p |
	    {id: "x", text: ($p[0:6] | join("\n"))},
	    {id: "y", text: ([$p[0]] + $p[2:] | join("\n"))},
	    {id: "z", text: ([$p[0]] + $p[2:] | join("\n") |
	        sub("467"; "481") | sub("3.2"; "2.9") | sub("2022"; "2023") |
	        sub("1.1 billion"; "1.4 billion") | sub("2,300"; "2,450") |
	        sub("210"; "204") | sub("28 pct from 21"; "33 pct from 28") |
	        sub("76"; "71") | sub("31 new"; "26 new"))}' "${p[@]}" >in
	want="$(printf '%s\n' 'x null' 'y x' 'z null')"
	run -0 ndedupe -a in
	run -0 jq -r '"\(.id) \(.dup_of)"' <<<"$output"
	assert_output "$want"
	# The stages decide as one process does.
	ndedupe --emit-keys in | LC_ALL=C sort | ndedupe --pairs |
	    LC_ALL=C sort | ndedupe --clusters >verdicts
	run -0 ndedupe -a --apply verdicts in
	run -0 jq -r '"\(.id) \(.dup_of)"' <<<"$output"
	assert_output "$want"
}

@test "two copies that share three of their five paragraphs, names and numbers agreeing, are one story cut both ways" {
	p=('The city council of Leeds approved a plan on Tuesday to close the old market hall for two years while builders replace its roof and repair the walls.'
	    'Traders who rent stalls in the hall will move to a temporary site near the railway station, and the council said it would cut their rents by half during the works.'
	    'The leader of the council said the building was no longer safe and that the repairs could not wait, because water had been coming through the roof for years.'
	    'Several traders said that they feared losing customers who would not follow them across the centre, and some said they might give up and leave for good.'
	    'One woman who has sold cheese there for thirty years said she would wait to see how the new site worked before she made up her mind about what to do next.'
	    'Shoppers who spoke to reporters on the steps of the hall were mostly in favour of the work, though several asked why it had taken so long for the council to act.'
	    'A man who runs a cafe opposite said his trade would suffer while the hall was shut, but that the town needed a market that people could be proud of again.')
	jq -nc --args '$ARGS.positional as $p |
	    {id: "x", text: ($p[0:5] | join("\n"))},
	    {id: "y", text: ($p[0:3] + $p[5:] | join("\n"))}' "${p[@]}" >in
	run -0 ndedupe -a in
	run -0 jq -r '"\(.id) \(.dup_of) \(.dup_kind)"' <<<"$output"
	assert_output "$(printf '%s\n' 'x null null' 'y x mixed')"
}

@test "a notice of two sentences, lightly spun, is a copy though it kept few of its spots; another company's notice stays apart" {
	a='Harbour Foods Ltd said it agreed to sell its frozen pizza business to a group led by its managers for 48 mln dlrs.'
	b='The sale will let it concentrate on its bakeries in Ohio, where it employs 1,200 people.'
	jq -nc --arg a "$a" --arg b "$b" '($a + "\n" + $b) as $t |
	    ($t | sub("concentrate on"; "focus upon") |
	    sub("where it"; "where the firm") | sub("frozen"; "chilled") |
	    sub("employs"; "has")) as $s |
	    {id: "o", text: $t}, {id: "s", text: $s},
	    {id: "other", text: ($s | sub("Harbour Foods Ltd"; "Lakeside Brands Inc") |
	    sub("pizza"; "soup"))}' >in
	run -0 ndedupe -a in
	run -0 jq -r '"\(.id) \(.dup_of) \(.dup_kind)"' <<<"$output"
	assert_output "$(printf '%s\n' 'o null null' 's o spun' 'other null null')"
}

@test "a copy spun and cut, with its figures and names all in the story, is a copy by 60% of its shingles; another year's figures stay apart" {
	a='Northgate Shipping Co said its net profit rose 14 pct to 62.5 mln dlrs in 1986, helped by higher freight rates on its Asian routes and lower fuel costs.'
	b='Revenue climbed to 1.24 billion dlrs from 1.09 billion, and the company has raised its dividend to 35 cts a share from 30 cts, which will be payable in May.'
	c='The company expects trade to remain strong this year, and plans to add four new container ships to its fleet by the end of 1988.'
	d='Chairman Peter Lindqvist told reporters in Oslo that the fleet is to serve new ports in India and the Gulf, and that the line would have a base in Dubai.'
	# The third sentence left out; verbs and function words swapped, as
	# a rewriter does, cost the copy most of its spots.
	jq -nc --arg a "$a" --arg b "$b" --arg c "$c" --arg d "$d" '([$a, $b, $d] |
	    join("\n") | sub("rose"; "climbed") | sub("helped"; "aided") |
	    sub("Revenue climbed"; "Revenue increased") |
	    sub("has raised"; "lifted") | sub("told"; "informed") |
	    sub("will be"; "shall prove") | sub("is to"; "exists to") |
	    sub("would have"; "should own") | sub("the company"; "the firm") |
	    sub("on its"; "across its") | sub("in May"; "during May") |
	    sub("and the Gulf"; "plus the Gulf")) as $s |
	    {id: "story", text: ([$a, $b, $c, $d] | join("\n"))},
	    {id: "copy", text: $s},
	    {id: "year", text: ($s | sub("62.5"; "48.1") | sub("1.24"; "1.31") |
	    sub("1986"; "1987"))}' >in
	run -0 ndedupe -a in
	run -0 jq -r '"\(.id) \(.dup_of) \(.dup_kind)"' <<<"$output"
	assert_output "$(printf '%s\n' 'story null null' 'copy story mixed' 'year null null')"
}

@test "a story's first sentence, spun, is a copy by its few spots all found; another company's sentence stays apart" {
	a='Heineken shareholders approved plans closing its Zoeterwoude brewery, cutting 300 jobs within two years, managers told staff on Friday in Leiden.'
	b='The company said it had offered the staff places at its other sites in the Netherlands, and that the beer made there would move to Den Bosch.'
	c='Unions said they would fight the plan, which they called a blow to a town whose name has been on the bottles for fifty years.'
	# Three words swapped cost the sentence half its word shingles.
	jq -nc --arg a "$a" --arg b "$b" --arg c "$c" '($a |
	    sub("closing"; "shutting") | sub("brewery"; "plant") |
	    sub("jobs"; "posts")) as $s |
	    {id: "story", text: ([$a, $b, $c] | join("\n"))},
	    {id: "line", text: $s},
	    {id: "other", text: ($s | sub("Heineken"; "Carlsberg") |
	    sub("Zoeterwoude"; "Fredericia") | sub("Leiden"; "Odense"))}' >in
	run -0 ndedupe -a in
	run -0 jq -r '"\(.id) \(.dup_of) \(.dup_kind)"' <<<"$output"
	assert_output "$(printf '%s\n' 'story null null' 'line story mixed' 'other null null')"
}

@test "a copy with its first two paragraphs in the other order is no other story from one template" {
	p=('Prices of public authority bonds ended a quiet session lower on the bourse, with domestic investors taking profits in a technical reaction to recent strong gains.'
	    'Dealers said long maturities dropped as much as 50 pfennigs but most paper lost around 20 pfennigs. Foreigners, which had been buying and selling West German public authority bonds before the session, stood aside during trading.'
	    'The central bank left its money market rates unchanged, and dealers said they expected little movement until the trade figures were published next week.'
	    'Some banks said the market had risen too far too fast in the past month and that a pause was overdue, although the longer term outlook remained good because inflation was still very low.'
	    'In the secondary market for new issues, most of the bonds launched in the past two weeks traded slightly below their issue prices, after the heavy supply of new paper at the start of the month.'
	    'Turnover was thin all day, with many traders away ahead of the long weekend, and several houses closed their books early in the afternoon as the prices drifted lower in very slow business.')
	jq -nc --args '{id: "o", text: ($ARGS.positional | join("\n"))},
	    {id: "c", text: ([$ARGS.positional[1], $ARGS.positional[0]] +
	    $ARGS.positional[2:] | join("\n"))}' "${p[@]}" >in
	run -0 ndedupe -a in
	run -0 jq -r '"\(.id) \(.dup_of)"' <<<"$output"
	assert_output "$(printf '%s\n' 'o null' 'c o')"
}

@test "two stories on one topic from one day stay apart" {
	a='Heavy rain flooded roads across the north of the county on Monday, and the fire service said it had rescued a dozen drivers from cars stuck in water near the river. Schools in three villages closed early as the water rose.'
	b='The county council said on Monday that it would spend more on drains after the floods, and asked people in the north to report blocked gullies. Its leader said the river would be dredged this summer once the water had fallen.'
	jq -nc --arg a "$a" --arg b "$b" '{id: "1", text: $a}, {id: "2", text: $b},
	    {id: "3", text: ($a + "\n" + $b)}' >in
	run -0 ndedupe -a in
	run -0 jq -r '"\(.id) \(.dup) \(.dup_of)"' <<<"$output"
	assert_output "$(printf '%s\n' '1 false null' '2 false null' '3 true 1')"
}

@test "the full story after its first part is a copy that extends it" {
	sed -n 5p "$FIX/ndedupe/copies.ndjson" >in
	sed -n 1p "$FIX/ndedupe/copies.ndjson" >>in
	run -0 ndedupe --annotate in
	run -0 jq -r '"\(.id) \(.dup_of) \(.dup_kind) \(.story) \(.containment)"' <<<"$output"
	assert_output "$(printf '%s\n' 'p5 null null p5 null' \
	    'p1 p5 extended p5 1')"
}

@test "a copy that adds to the record it was found like finds the later copies of what it added, in memory and with --state" {
	# The story's last part, the whole article, its first part (which
	# shares nothing with the last), that part again.
	cp "$FIX/ndedupe/adds.ndjson" in
	# "start" is found by "whole", which added it to the story.
	want="$(printf '%s\n' 'end false null end' 'whole true end end' \
	    'start true whole end' 'again true whole end')"
	run -0 ndedupe -a in
	run -0 jq -r '"\(.id) \(.dup) \(.dup_of) \(.story)"' <<<"$output"
	assert_output "$want"
	run -0 ndedupe in
	run -0 jq -r .id <<<"$output"
	assert_output end
	# The same across runs: "whole" is kept in the state with its words.
	head -n 2 in >first
	sed 1,2d in >rest
	ndedupe -a --state st.db first >got
	ndedupe -a --state st.db rest >>got
	run -0 jq -r '"\(.id) \(.dup) \(.dup_of) \(.story)"' got
	assert_output "$want"
}

@test "--state: a story keeps its id across runs, and two runs over one input agree" {
	C="$FIX/ndedupe/copies.ndjson"
	ndedupe -a --state st.db "$C" | jq -r '"\(.id) \(.story)"' >one
	ndedupe -a --state st.db "$C" | jq -r '"\(.id) \(.story)"' >two
	cmp one two
	grep -qx 'p2 p1' two
	# Split over runs, a later copy still joins the story of the first.
	rm -f st.db*
	head -n 1 "$C" >first
	tail -n +2 "$C" >rest
	ndedupe -a --state st.db first >/dev/null
	run -0 ndedupe -a --state st.db rest
	run -0 jq -r 'select(.id == "p2" or .id == "p3") | .story' <<<"$output"
	assert_output "$(printf 'p1\np1')"
	# Without --state every record has a story too.
	run -0 ndedupe -a "$S"
	run -0 jq -r 'select(.story == null) | .id' <<<"$output"
	assert_output ''
}

@test "--jobs: many threads give the output, state, diagnostics and status of one" {
	# Several batches: the fixtures again and again, each round a story
	# of its own too, bad lines and records without ids among them.
	for i in $(seq 1 150); do
		jq -c --arg i "$i" '.id += "-" + $i |
		    .text = "Update " + $i + ". " + .text' "$S" \
		    "$FIX/ndedupe/copies.ndjson"
		printf '{"text":"Round %d of the council vote ended with %d ayes."}\n' "$i" "$i"
		[ $((i % 40)) -eq 0 ] && echo '{"text": "broken'
	done >mix
	for j in 1 3; do
		run -3 --separate-stderr ndedupe --jobs $j mix
		echo "$output" >m$j
		run -3 --separate-stderr ndedupe --jobs $j --annotate --reject r$j mix
		echo "$output" >o$j
		echo "$stderr" >e$j
		run -3 ndedupe --jobs $j --state s$j.db mix
		echo "$output" >s$j
		# the second run finds every story in the state
		run -3 --separate-stderr ndedupe --jobs $j --annotate --state s$j.db mix
		echo "$output" >a$j
	done
	cmp m1 m3
	cmp o1 o3
	cmp e1 e3
	# without --annotate, the records it marks as no duplicate
	diff <(jq -r .id m1) <(jq -r 'select(.dup == false) | .id' o1)
	cmp r1 r3
	cmp s1 s3
	cmp a1 a3
	[ "$(grep -c '"dup":true' o1)" -gt 2000 ]
	[ "$(grep -c '"dup_kind":"spun"' o1)" -gt 100 ]
	[ "$(grep -c '"dup":false' a1)" -eq 0 ]
	run -2 ndedupe --jobs 0 mix
}

@test "--threshold 1 keeps near copies and still drops exact ones" {
	run -0 ndedupe -a -t 1 "$S"
	run -0 jq -r 'select(.dup) | .id' <<<"$output"
	[ "$(echo $output)" = "a2 a3 a4 b2 e2 e3 r5 s3" ]
}

@test "--field compares another field" {
	printf '%s\n' '{"id":"1","title":"Same title","text":"one"}' \
	    '{"id":"2","title":"Same  TITLE","text":"two"}' >in
	run -0 ndedupe -f title in
	assert_output '{"id":"1","title":"Same title","text":"one"}'
}

@test "a record without text passes through; one without id is known by its number" {
	printf '%s\n' '{"text":"Markets closed higher."}' '{"x":1}' \
	    '{"text":"markets closed higher"}' >in
	run -0 --separate-stderr ndedupe -a in
	assert_line --index 1 '{"x":1}'
	assert_line --index 2 '{"text":"markets closed higher","dup":true,"dup_of":1,"dup_kind":"exact","similarity":1.000,"containment":1.000,"story":1}'
	[ "$stderr" = "ndedupe: 1 record had no 'text' field and passed through unchanged" ]
	run -0 ndedupe -a --id-field x in
	assert_line --index 2 --partial '"dup_of":1,'
}

@test "bad lines are rejected and the rest is deduplicated" {
	printf '%s\n' '{"id":"1","text":"Markets closed higher."}' '{"id":' \
	    '{"id":"2","text":"Markets closed higher."}' >in
	run -3 --separate-stderr ndedupe in
	assert_output '{"id":"1","text":"Markets closed higher."}'
	[ "$stderr" = "ndedupe: in:2: invalid JSON: unexpected end of line (column 7)" ]
}

@test "every prefix of the input is handled" {
	size=$(wc -c <"$S")
	for n in $(seq 1 97 "$size"); do
		head -c "$n" "$S" >in
		run ndedupe -a in
		[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
	done
}

@test "invalid UTF-8 is rejected; a long text is fine" {
	printf '{"id":"1","text":"caf\xe9"}\n' >in
	run -3 --separate-stderr ndedupe in
	[ "$stderr" = "ndedupe: in:1: invalid UTF-8 (column 22)" ]
	# 8 MB of text in one line.
	awk 'BEGIN { printf "{\"id\":\"big\",\"text\":\""
		for (i = 0; i < 200000; i++)
			printf "Words of a long article, %d of them. ", i % 50
		print "\"}" }' >big
	cat big big >in
	run -0 ndedupe -a in
	[ "${#lines[@]}" -eq 2 ]
	assert_line --index 1 --partial '"dup":true,"dup_of":"big"'
}

@test "a closed output is an error" {
	run -1 bash -c "ndedupe '$S' >&-"
}

@test "empty input, empty output" {
	run -0 ndedupe </dev/null
	assert_output ''
}

@test "a write error on the output is exit 1" {
	run -1 ndedupe "$S" -o /dev/full
	run -1 ndedupe "$S" --state st.db -o /dev/full
}

@test "options are checked before anything is read" {
	run -2 --separate-stderr ndedupe -t 0 "$S"
	[ "$stderr" = "ndedupe: --threshold: '0' is not a number above 0 and at most 1" ]
	run -2 ndedupe -t 1.5 "$S"
	run -2 ndedupe -k 0 "$S"
	run -2 ndedupe -k 3x "$S"
	run -2 --separate-stderr ndedupe --max-age 30d "$S"
	[ "$stderr" = "ndedupe: --max-age needs --state" ]
	run -2 ndedupe --state st.db --max-age 3y "$S"
	run -2 ndedupe --bogus "$S"
	run -0 ndedupe --check -t 0.9 --state st.db
	[ ! -e st.db ]
}

@test "--state: the same input twice, the second run writes nothing" {
	run -0 ndedupe --state st.db "$S"
	[ "${#lines[@]}" -eq 10 ]
	run -0 ndedupe --state st.db "$S"
	assert_output ''
	# Annotated, every record of the second run is a duplicate.
	run -0 ndedupe -a --state st.db "$S"
	run -0 jq -r 'select(.dup | not) | .id' <<<"$output"
	assert_output ''
}

@test "--state: half, then all, writes exactly what one run over all writes" {
	head -n 9 "$S" >half
	ndedupe --state st.db half >out1
	ndedupe --state st.db "$S" >out2
	ndedupe "$S" >want
	cat out1 out2 | cmp - want
	[ -s out2 ]
}

@test "--state remembers across files and runs the same as in memory" {
	ndedupe -a "$S" >mem
	split -l 7 "$S" part.
	for f in part.*; do ndedupe -a --state st.db --batch 2 "$f"; done >state
	cmp mem state
}

@test "--state: a file that is not a state file is refused and left alone" {
	echo 'precious notes' >notes.txt
	cp notes.txt keep
	run -1 --separate-stderr ndedupe --state notes.txt "$S"
	[ "$stderr" = "ndedupe: notes.txt: file is not a database" ]
	assert_output ''
	cmp notes.txt keep

	ndedupe --state st.db "$S" >/dev/null
	# Another program's SQLite database, and one of a later format.
	run -0 ndedupe --state st.db "$S"
	ntsql st.db 'PRAGMA user_version = 9'
	run -1 --separate-stderr ndedupe --state st.db "$S"
	[ "$stderr" = "ndedupe: st.db: state format 9, this ndedupe reads format 6" ]
	ntsql other.db 'CREATE TABLE t(x); INSERT INTO t VALUES(1)'
	cp other.db keep
	run -1 --separate-stderr ndedupe --state other.db "$S"
	[ "$stderr" = "ndedupe: other.db: not an ndedupe state file (application_id 0); refusing to touch it" ]
	cmp other.db keep
}

@test "--state: a file of an older format (FNV words, no spots, key tables, no first word) is refused, untouched" {
	ndedupe --state st.db "$S" >/dev/null
	for v in 1 2 3 4; do
		ntsql st.db "PRAGMA user_version = $v"
		cp st.db keep
		run -1 --separate-stderr ndedupe --state st.db "$S"
		[ "$stderr" = "ndedupe: st.db: state format $v, made by an older ndedupe (other keys, hashes or tables); this one reads format 6: start a new state file" ]
		assert_output ''
		cmp st.db keep
	done
}

@test "--state: a file of format 5 (filters of 10 bits a key) is read, moved to format 6, and grows with filters of 16" {
	# Made by the ndedupe of format 5 from the stories, with runs of
	# keys written every 20 keys: its filters are of the old kind.
	gzip -dc "$FIX/ndedupe/state-v5.db.gz" >st.db
	run -0 ntsql st.db 'PRAGMA user_version; SELECT count(*) FROM run'
	assert_output "$(printf '5\n1')"
	export NTOOLS_STATE_KEYS=20
	# Every story is known: found through the old run's filter.
	run -0 ndedupe --state st.db "$S"
	assert_output ''
	run -0 ntsql st.db 'PRAGMA user_version; SELECT filter FROM run'
	assert_output "$(printf '6\n1')"
	# New stories make runs with the new filters, and both kinds answer.
	jq -c '.id += "-new" | .text |= (split(" ") | reverse | join(" "))' \
	    "$S" >new
	run -0 ndedupe --state st.db new
	[ "$(printf '%s\n' "$output" | wc -l)" -ge 9 ]
	run -0 ntsql st.db 'SELECT count(*) > 0 FROM run WHERE filter = 2'
	assert_output 1
	cat "$S" new >both
	run -0 ndedupe --state st.db both
	assert_output ''
}

@test "--state made with another --shingle is a usage error" {
	ndedupe --state st.db "$S" >/dev/null
	run -2 --separate-stderr ndedupe -k 4 --state st.db "$S"
	[ "$stderr" = "ndedupe: st.db: made with another --shingle; use the same options or a new state file" ]
}

@test "--state: a damaged file is exit 1, not replaced" {
	ndedupe --state st.db "$S" >/dev/null
	# Overwrite three pages after the first with garbage (the page
	# size is the header's big-endian 16-bit number at byte 16).
	ps=$(od -An -tu1 -j16 -N2 st.db | awk '{ print $1 * 256 + $2 }')
	[ "$ps" -ge 4096 ]
	yes garbage | head -c $((3 * ps)) |
	    dd of=st.db bs="$ps" seek=1 conv=notrunc 2>/dev/null
	cp st.db keep
	run -1 --separate-stderr ndedupe --state st.db "$S"
	assert_output ''
	[ "$stderr" = "ndedupe: st.db: database disk image is malformed" ]
	cmp st.db keep
}

@test "--max-age forgets what was stored longer ago" {
	NTOOLS_NOW=1000000 ndedupe --state st.db "$S" >/dev/null
	run -0 env NTOOLS_NOW=2000000 ndedupe --state st.db --max-age 30d "$S"
	assert_output ''
	# 1000000 s later the first run's records are older than 10 days.
	run -0 env NTOOLS_NOW=2000000 ndedupe --state st.db --max-age 10d "$S"
	[ "${#lines[@]}" -eq 10 ]
	run -0 env NTOOLS_NOW=2000001 ndedupe --state st.db --max-age 10d "$S"
	assert_output ''
}

@test "--state held by another run: wait, or give up with a clear message" {
	ndedupe --state st.db "$S" >/dev/null
	mkfifo hold
	ntsql -l st.db <hold >locked 3>&- &
	holder=$!
	exec 5>hold
	for i in $(seq 1 600); do
		[ -s locked ] && break
		sleep 0.05
	done
	[ -s locked ]
	run -1 --separate-stderr ndedupe --state st.db --wait 1 "$S"
	[ "$stderr" = "ndedupe: st.db: in use by another run; gave up after 1 s (see --wait)" ]
	assert_output ''
	# Released while the next run waits: it goes on.
	(sleep 1; exec 5>&-) 3>&- &
	exec 5>&-
	run -0 ndedupe --state st.db --wait 30 "$S"
	assert_output ''
	wait "$holder"
}

@test "two runs at once on one state file write each story once between them" {
	for i in 1 2 3 4 5 6; do cat "$S"; done >six
	ndedupe six >want
	ndedupe --state st.db --batch 3 six >out1 3>&- &
	p1=$!
	ndedupe --state st.db --batch 3 six >out2 3>&- &
	p2=$!
	# Each run's own status: a bare wait would be 0 whatever they did.
	wait "$p1"
	wait "$p2"
	cat out1 out2 | jq -r .id | sort >got
	jq -r .id want | sort | cmp - got
}

# Kill a --state run mid-stream with SIGKILL, rerun it over all the
# input: no story is lost, none that a clean run drops is written.
kill_then_rerun() {
	# Many stories, fed slowly through a fifo so the kill lands mid-stream.
	for i in $(seq 1 40); do
		jq -c --arg i "$i" '.id += "-" + $i | .text += " Story " + $i + "."' "$S"
	done >all
	ndedupe all >want
	mkfifo feed
	ndedupe --state st.db --batch 7 <feed >out1 3>&- &
	pid=$!
	# The feeder never sends the last 300 lines: the run cannot finish.
	(
		exec 4>feed
		n=0
		head -n 500 all | while IFS= read -r line; do
			printf '%s\n' "$line" >&4
			n=$((n + 1))
			[ $((n % 20)) -eq 0 ] && sleep 0.05
		done
		for i in $(seq 1 1200); do
			[ -e stop ] && break
			sleep 0.1
		done
	) 3>&- &
	feeder=$!
	# Wait for some output (at most 60 s), then kill at once.
	for i in $(seq 1 600); do
		[ "$(wc -l <out1)" -ge 100 ] && break
		sleep 0.1
	done
	kill -KILL "$pid"
	# Killed, not finished nor crashed on its own: 128 + SIGKILL.
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 137 ]
	touch stop
	# The feeder ends at the stop file, or by SIGPIPE (141) if it was
	# still writing when the reader died.
	rc=0
	wait "$feeder" || rc=$?
	[ "$rc" -eq 0 ] || [ "$rc" -eq 141 ]
	[ "$(wc -l <out1)" -ge 100 ]
	[ "$(wc -l <out1)" -lt "$(wc -l <want)" ]
	run -0 ndedupe --state st.db all
	printf '%s\n' "$output" >out2
	# Every story of a clean run reached the combined output.
	jq -r .id want | sort >w
	cat out1 out2 | jq -r .id | sort -u >g
	run -0 comm -23 w g
	assert_output ''
	# And nothing that a clean run drops.
	run -0 comm -13 w g
	assert_output ''
}

@test "killed with SIGKILL mid-stream, a rerun completes: no story is lost" {
	kill_then_rerun
}

@test "killed with SIGKILL while it writes and merges runs of keys, a rerun completes: no story is lost" {
	# 40 keys in memory: a run is written at nearly every commit, and
	# merged every eighth, so the kill may land in either.
	export NTOOLS_STATE_KEYS=40
	kill_then_rerun
	run -0 ntsql st.db 'SELECT count(*) > 0 FROM run'
	assert_output 1
}

@test "killed after writing part of a batch: the rerun writes that batch again" {
	# Far more output than the 100000 bytes read plus what the pipe
	# holds, so the run is surely still blocked in write() when killed.
	jq -n -c --slurpfile s "$S" \
	    'range(1; 201) as $i | $s[] | .id += "-\($i)" | .text += " Story \($i)."' >all
	ndedupe all >want
	[ "$(wc -c <want)" -gt 400000 ]
	# The output is a pipe nobody drains past 100000 bytes: the run
	# blocks in write() with its batch written in part, uncommitted.
	mkfifo out
	ndedupe --state st.db --batch 100000 all >out 3>&- &
	pid=$!
	exec 6<out
	head -c 100000 <&6 >out1
	kill -KILL "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 137 ]
	exec 6<&-
	# Whole records only: the last line may be cut.
	sed '$d' out1 >whole
	[ "$(wc -l <whole)" -ge 50 ]
	run -0 ndedupe --state st.db all
	printf '%s\n' "$output" >out2
	jq -r .id want | sort >w
	run -0 jq -r .id out2
	printf '%s\n' "$output" | sort | cmp - w
	cat whole out2 | jq -r .id | sort -u | cmp - w
}

@test "--state over many runs, its keys written as runs and merged, decides as one run in memory" {
	# Made-up stories; one record in four repeats or nearly repeats
	# an earlier one.  The state holds 5000 keys in memory, not a
	# million: it writes runs of keys, and merges them.
	awk 'BEGIN {
		srand(7)
		for (n = 0; n < 12000; n++) {
			m = n
			if (n > 100 && n % 4 == 1)
				m = int(rand() * n)
			srand(m * 13 + 1)
			t = ""
			for (w = 0; w < 40; w++)
				t = t (w ? " " : "") "w" int(rand() * 3000)
			if (n != m && n % 8 == 1)
				t = "Advertisement\\n" t
			printf "{\"id\":\"g%d\",\"text\":\"%s.\"}\n", n, t
			srand(n + 99991)
		}
	}' >many
	ndedupe -a many >mem
	split -l 4000 many part.
	for f in part.*; do
		NTOOLS_STATE_KEYS=5000 ndedupe -a --state st.db --batch 300 "$f"
	done >state
	cmp mem state
	run -0 jq -s 'map(select(.dup)) | length' mem
	[ "$output" -gt 2000 ]
	# Runs were written, merged four at a time, with their filters.
	run -0 ntsql st.db 'SELECT max(id) > 4, max(nkeys) > 20000 FROM run'
	assert_output '1|1'
	run -0 ntsql st.db 'SELECT count(*) = (SELECT count(DISTINCT id >> 32) FROM bloom) FROM run'
	assert_output 1
	# A run with the default holds them all in memory: the same.
	ndedupe -a --state st2.db many >state2
	cmp mem state2
}
