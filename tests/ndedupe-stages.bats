#!/usr/bin/env bats
# ndedupe's stages (--emit-keys, --pairs, --clusters, --apply): chained
# through sort, over one shard or several, they give the records one
# ndedupe process gives.

load helpers

S="$FIX/ndedupe/stories.ndjson"

# The stories three times over, renamed and interleaved, a record with
# no text and one with no id among them: copies across shards.
mix() {
	jq -c '.id += "x"' "$S" | tac >x
	jq -c '.id += "y"' "$S" >y
	paste -d '\n' "$S" x y | grep -v '^$' >mix.ndjson
	printf '%s\n' '{"id":"t0","title":"no text"}' \
	    '{"text":"A record without an id, in the middle of the rest."}' \
	    >>mix.ndjson
	jq -c '.id += "z"' "$S" >>mix.ndjson
}

# FILE over three shards through the four stages: what -a --apply writes.
sharded() {
	split -n l/3 -d "$1" part.
	for i in 0 1 2; do
		ndedupe --emit-keys --shard "$i" "part.0$i" >"keys.$i"
	done
	sort keys.0 keys.1 keys.2 | ndedupe --pairs | sort |
	    ndedupe --clusters >verdicts
	for i in 0 1 2; do
		ndedupe -a --shard "$i" --apply verdicts "part.0$i"
	done
}

@test "the four stages chained with sort give the kept records and dup_of of one process" {
	mix
	ndedupe --annotate mix.ndjson >want
	ndedupe --emit-keys mix.ndjson | sort | ndedupe --pairs | sort |
	    ndedupe --clusters >verdicts
	ndedupe --annotate --apply verdicts mix.ndjson >got
	cmp want got
	[ "$(jq -r 'select(.dup) | .id' got | wc -l)" -ge 40 ]
}

@test "without --annotate, --apply drops what one process drops" {
	mix
	ndedupe mix.ndjson >want
	ndedupe --emit-keys mix.ndjson | sort | ndedupe --pairs | sort |
	    ndedupe --clusters >verdicts
	ndedupe --apply verdicts mix.ndjson >got
	cmp want got
}

@test "over three shards, keys shuffled by sort, the output joined in order is one process's" {
	mix
	split -n l/3 -d mix.ndjson part.
	for i in 0 1 2; do
		ndedupe --emit-keys --shard "$i" "part.0$i" >"keys.$i"
	done
	sort keys.0 keys.1 keys.2 | ndedupe --pairs | sort >pairs
	ndedupe --clusters pairs >verdicts
	for i in 0 1 2; do
		ndedupe -a --shard "$i" --apply verdicts "part.0$i"
	done >got
	ndedupe -a mix.ndjson >want
	cmp want got
}

@test "spun, wrapped and excerpted copies over three shards: one process's dup_kind, similarity, containment and story" {
	C="$FIX/ndedupe/copies.ndjson"
	{ cat "$C"; jq -c '.id += "x"' "$C" | tac; } >c.ndjson
	sharded c.ndjson >got
	ndedupe -a c.ndjson >want
	cmp want got
	[ "$(jq -r 'select(.dup) | .dup_kind' got | sort -u | tr '\n' ' ')" = "exact excerpt mixed spun wrapped " ]
}

@test "a copy found by a copy that added to its story, over three shards: one process's records" {
	{ cat "$FIX/ndedupe/adds.ndjson" "$S"; } >in.ndjson
	sharded in.ndjson >got
	ndedupe -a in.ndjson >want
	cmp want got
	run -0 jq -r 'select(.id == "start") | "\(.dup_of) \(.story)"' got
	assert_output "whole end"
}

@test "--emit-keys --compact: each signature once, in the d line; over three shards, one process's records" {
	C="$FIX/ndedupe/copies.ndjson"
	mix
	cat "$C" >>mix.ndjson
	split -n l/3 -d mix.ndjson part.
	for i in 0 1 2; do
		ndedupe --emit-keys --compact --shard "$i" "part.0$i" >"keys.$i"
	done
	sort keys.0 keys.1 keys.2 | ndedupe --pairs | sort >pairs
	ndedupe --clusters pairs >verdicts
	for i in 0 1 2; do
		ndedupe -a --shard "$i" --apply verdicts "part.0$i"
	done >got
	ndedupe -a mix.ndjson >want
	cmp want got
	# A tenth of the bytes of the self-contained key lines, or less.
	full=$(ndedupe --emit-keys mix.ndjson | wc -c)
	[ "$(cat keys.0 keys.1 keys.2 | wc -c)" -lt "$((full / 10))" ]
	# Key lines whose d lines are gone are refused.
	sort keys.0 | grep -v '^d' >nod
	run --separate-stderr -1 ndedupe --pairs nod
	[ "$stderr" = "ndedupe: nod:1: a key line without a signature, and none in a d line before it" ]
	run --separate-stderr -2 ndedupe --pairs --compact nod
	[ "$stderr" = "ndedupe: --compact needs --emit-keys" ]
}

@test "a key line out of order is fatal, at its file and line" {
	ndedupe --emit-keys "$S" | sort -r >keys
	run --separate-stderr -1 ndedupe --pairs keys
	[ "$stderr" = "ndedupe: keys:2: key lines out of order: sort them first (LC_ALL=C sort)" ]
}

@test "a verdict missing for a record is fatal, not a record passed on" {
	ndedupe --emit-keys "$S" | sort | ndedupe --pairs | sort |
	    ndedupe --clusters | sed 3d >verdicts
	run --separate-stderr -1 ndedupe --apply verdicts "$S"
	[ "$stderr" = "ndedupe: verdicts: no verdict for record 3 of shard 0" ]
}

@test "pair lines out of record order are fatal, at their file and line" {
	ndedupe --emit-keys "$S" | sort | ndedupe --pairs | sort -r >pairs
	run --separate-stderr -1 ndedupe --clusters pairs
	[ "$stderr" = "ndedupe: pairs:4: pair lines out of order: sort them first (LC_ALL=C sort)" ]
}

@test "a malformed pair line is fatal with its place" {
	printf 'nonsense\n' >pairs
	run --separate-stderr -1 ndedupe --clusters pairs
	[ "$stderr" = "ndedupe: pairs:1: not a pair line" ]
}

@test "one stage at a time" {
	run --separate-stderr -2 ndedupe --pairs --clusters
	[ "$stderr" = "ndedupe: give one stage at most" ]
}

# One run of the stages with --state st.db over FILE in three shards,
# the output on stdout; the state keeps the records only at the end.
staged() {
	split -n l/3 -d "$1" part.
	for i in 0 1 2; do
		ndedupe --state st.db --emit-keys --shard "$i" "part.0$i" \
		    >"keys.$i"
	done
	sort keys.0 keys.1 keys.2 | ndedupe --state st.db --pairs | sort |
	    ndedupe --state st.db --clusters >verdicts
	for i in 0 1 2; do
		ndedupe -a --state st.db --shard "$i" --apply verdicts "part.0$i"
	done
	ndedupe --state st.db --clusters verdicts
}

@test "with --state, two runs of the stages give two one-process runs' records and state" {
	C="$FIX/ndedupe/copies.ndjson"
	mix
	{ cat "$C"; head -n 30 mix.ndjson; } >a.ndjson
	{ jq -c '.id += "w"' "$C" | tac; tail -n 40 mix.ndjson; } >b.ndjson
	ndedupe -a --state one.db a.ndjson >want.a
	ndedupe -a --state one.db b.ndjson >want.b
	staged a.ndjson >got.a
	staged b.ndjson >got.b
	cmp want.a got.a
	cmp want.b got.b
	# Each copy of the first run's records is found through the state.
	[ "$(jq -r 'select(.dup and (.id | endswith("w"))) | .id' got.b |
	    wc -l)" -eq "$(wc -l <"$C")" ]
	# The verdicts start with the state's last row, then say what to keep.
	[ "$(head -n 1 verdicts | cut -f 1)" = "#state" ]
	# (b's first record repeats the bytes of one of a: nothing to keep).
	[ "$(sed -n 2p verdicts | cut -f 2,8,9)" = "$(printf '1\t"o1w"\t-')" ]
	ndedupe -a --state one.db mix.ndjson >want.c
	ndedupe -a --state st.db mix.ndjson >got.c
	cmp want.c got.c
}

@test "with --state, a copy that added to its story is kept with its words, as one process keeps it" {
	A="$FIX/ndedupe/adds.ndjson"
	head -n 2 "$A" >a.ndjson
	{ sed 1,2d "$A"; cat "$S"; } >b.ndjson
	ndedupe -a --state one.db a.ndjson >want.a
	ndedupe -a --state one.db b.ndjson >want.b
	staged a.ndjson >got.a
	# The verdict of "whole", a copy, carries its signature for the state.
	[ "$(awk -F '\t' '$8 == "\"whole\"" { print $2, NF }' verdicts)" = "1 10" ]
	staged b.ndjson >got.b
	cmp want.a got.a
	cmp want.b got.b
	# "whole", of the first run, finds "start" through the state.
	run -0 jq -r 'select(.id == "start") | "\(.dup_of) \(.story)"' got.b
	assert_output "whole end"
	{ cat "$A"; jq -c '.id += "z"' "$A"; } >c.ndjson
	ndedupe -a --state one.db c.ndjson >want.c
	ndedupe -a --state st.db c.ndjson >got.c
	cmp want.c got.c
}

@test "with --state, verdicts are not kept when the state was written since they were made" {
	mix
	ndedupe --state st.db --emit-keys --shard 1 mix.ndjson | sort |
	    ndedupe --state st.db --pairs | sort |
	    ndedupe --state st.db --clusters >verdicts
	ndedupe --state st.db "$S" >/dev/null
	run --separate-stderr -1 ndedupe --state st.db --clusters verdicts
	[ "$stderr" = "ndedupe: st.db: written since these verdicts were made; nothing was remembered: run again" ]
}

@test "--clusters with --state needs key lines made with --state, and without it refuses them" {
	ndedupe --emit-keys "$S" | sort | ndedupe --pairs | sort >pairs
	run --separate-stderr -1 ndedupe --state st.db --clusters pairs
	[ "$stderr" = "ndedupe: record 0000000000000001: its d line keeps nothing for the state: give --emit-keys the same --state" ]
	ndedupe --state st.db --emit-keys "$S" | sort |
	    ndedupe --state st.db --pairs | sort >pairs
	run --separate-stderr -1 ndedupe --clusters pairs
	[ "$stderr" = "ndedupe: record 0000000000000001: not a d line" ]
}

@test "a stage's output to a full disk is exit 1" {
	run -1 ndedupe --emit-keys "$S" -o /dev/full
}

@test "every prefix of the key and pair lines is read or refused, never a crash" {
	ndedupe --emit-keys "$S" | sort >keys
	ndedupe --pairs keys | sort >pairs
	size=$(wc -c <keys)
	for n in $(seq 1 3331 "$size"); do
		head -c "$n" keys >k
		run ndedupe --pairs k
		[ "$status" -le 1 ]
	done
	size=$(wc -c <pairs)
	for n in $(seq 1 397 "$size"); do
		head -c "$n" pairs >p
		run ndedupe --clusters p
		[ "$status" -le 1 ]
	done
}
