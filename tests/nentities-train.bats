#!/usr/bin/env bats
# nentities-train: training a name model, and learning word clusters.

load helpers

@test "a tiny model trained on a fixture tags a new sentence with it" {
	run -0 --separate-stderr nentities-train -o tiny.bin \
	    "$FIX/nentities/train.ndjson"
	[[ "$stderr" =~ ^"12 documents for training, 0 for scoring, "[0-9]+" candidates, "[0-9]+" features; 0 name tokens out of reach, 0 names of other types ignored"$ ]]
	echo '{"text":"Erik Strand said the Baltic Shipping Union would open an office in Oslo."}' >in
	run -0 bash -c "nentities --model tiny.bin in |
	    jq -c '[.entities[] | [.type, .text]]'"
	assert_output '[["person","Erik Strand"],["organization","Baltic Shipping Union"],["location","Oslo"]]'
}

@test "training twice gives the same bytes; another seed another model" {
	nentities-train -q -o a.bin "$FIX/nentities/train.ndjson"
	nentities-train -q -o b.bin "$FIX/nentities/train.ndjson"
	cmp a.bin b.bin
	nentities-train -q --seed 7 -o c.bin "$FIX/nentities/train.ndjson"
	run -1 cmp -s a.bin c.bin
}

@test "--dev records are scored, not trained on" {
	head -n 9 "$FIX/nentities/train.ndjson" >train
	tail -n 3 "$FIX/nentities/train.ndjson" >dev
	run -0 --separate-stderr nentities-train -q --dev dev -o m.bin train dev
	# the three held-out records name two people, two bodies, one place
	# (Ingrid Moe, Fjord Energy, Bergen; Lindqvist; Arctic Fisheries Board)
	[ "$(printf '%s\n' "$stderr" | sed -n 1p)" = "dev, exact spans:" ]
	printf '%s\n' "$stderr" | grep -Eq '^person        P [01]\.[0-9]{3} R [01]\.[0-9]{3} F1 [01]\.[0-9]{3} \(gold 2, system [0-9]+\)$'
	printf '%s\n' "$stderr" | grep -Eq '^organization  P .* \(gold 2, system [0-9]+\)$'
	printf '%s\n' "$stderr" | grep -Eq '^location      P .* \(gold 1, system [0-9]+\)$'
	printf '%s\n' "$stderr" | grep -Eq '^per\+org\+loc   P .* \(gold 5, system [0-9]+\)$'
	# trained on them, the model finds them all
	run -0 --separate-stderr nentities-train -q -o all.bin train dev
	run -0 bash -c "jq -c '{text}' dev | nentities --model all.bin | jq -c '[.entities[] | .text]'"
	assert_line -n 0 '["Ingrid Moe","Fjord Energy","Bergen"]'
	assert_line -n 1 '["Lindqvist"]'
	assert_line -n 2 '["Arctic Fisheries Board","Arctic"]'
}

@test "bad training records are rejected with their line, the rest is used" {
	{
		head -n 2 "$FIX/nentities/train.ndjson"
		echo '{"text":"No names here."}'
		echo '{"text":"Oslo.","entities":[{"start":0,"end":9,"type":"location"}]}'
		echo '{"text":"Oslo.","entities":[{"start":0,"type":"location"}]}'
		echo 'not json'
		echo '{"text":"Oslo.","entities":[{"start":0,"end":4,"type":"city"}]}'
	} >bad
	run -3 --separate-stderr nentities-train -q -o m.bin bad
	assert_equal "$stderr" "nentities-train: bad:3: no \"entities\" array
nentities-train: bad:4: entity [0, 9) is not inside the text
nentities-train: bad:5: an entity needs integer start and end and a string type
nentities-train: bad:6: not a JSON object (column 1)"
	run -0 nentities --model m.bin --check
}

@test "nentities --model: a missing or damaged model is a usage error" {
	run -2 --separate-stderr nentities --model missing.bin </dev/null
	assert_equal "$stderr" "nentities: missing.bin: No such file or directory"
	printf 'NTNERMD\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' >short.bin
	run -2 --separate-stderr nentities --model short.bin </dev/null
	assert_equal "$stderr" "nentities: short.bin: not an nentities model"
	nentities-train -q -o m.bin "$FIX/nentities/train.ndjson"
	head -c 1000 m.bin >cut.bin
	run -2 --separate-stderr nentities --model cut.bin </dev/null
	assert_equal "$stderr" "nentities: cut.bin: a damaged model (sizes do not add up)"
}

@test "--make-clusters learns clusters that training reads" {
	for i in $(seq 1 40); do
		jq -c '{text}' "$FIX/nentities/train.ndjson"
	done >text
	run -0 --separate-stderr nentities-train --make-clusters --k1 4 --k2 2 \
	    -o c.tsv text
	[ "$(head -n 1 c.tsv)" = "# word clusters for nentities (nentities-train --make-clusters): word, coarse, fine" ]
	# every word seen at least 3 times, each with a coarse and a fine id
	grep -q "^Bergen	[1-4]	[1-8]$" c.tsv
	run -0 awk -F '\t' 'NR > 1 && !($2 >= 1 && $2 <= 4 && $3 >= 1 && $3 <= 8) { bad++ } END { print bad + 0 }' c.tsv
	assert_output 0
	nentities-train --make-clusters --k1 4 --k2 2 -o c2.tsv text 2>/dev/null
	cmp c.tsv c2.tsv
	run -0 nentities-train -q --clusters c.tsv -o m.bin "$FIX/nentities/train.ndjson"
	printf 'Bergen\tx\t1\n' >bad.tsv
	run -2 --separate-stderr nentities-train --clusters bad.tsv "$FIX/nentities/train.ndjson"
	assert_equal "$stderr" "nentities-train: bad.tsv:1: expected word<TAB>cluster<TAB>cluster"
}

@test "bad options are usage errors" {
	run -2 --separate-stderr nentities-train --epochs 0 </dev/null
	assert_equal "$stderr" "nentities-train: --epochs: expected a number from 1 to 1000, not '0'"
	run -2 nentities-train --nope </dev/null
}

@test "no records give a model that names nothing; a full disk is an error" {
	run -0 nentities-train -q -o empty.bin </dev/null
	echo '{"text":"Anna Berg went to Oslo on Monday."}' >in
	run -0 bash -c "nentities --model empty.bin in | jq -c '[.entities[] | .type]'"
	assert_output '["date"]'
	run -1 --separate-stderr nentities-train -q -o /dev/full "$FIX/nentities/train.ndjson"
	assert_equal "$stderr" "nentities-train: write error: /dev/full: No space left on device"
}
