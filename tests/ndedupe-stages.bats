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
	split -n l/3 -d c.ndjson part.
	for i in 0 1 2; do
		ndedupe --emit-keys --shard "$i" "part.0$i" >"keys.$i"
	done
	sort keys.0 keys.1 keys.2 | ndedupe --pairs | sort |
	    ndedupe --clusters >verdicts
	for i in 0 1 2; do
		ndedupe -a --shard "$i" --apply verdicts "part.0$i"
	done >got
	ndedupe -a c.ndjson >want
	cmp want got
	[ "$(jq -r 'select(.dup) | .dup_kind' got | sort -u | tr '\n' ' ')" = "exact excerpt mixed spun wrapped " ]
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

@test "one stage at a time, and no state for the stages" {
	run --separate-stderr -2 ndedupe --pairs --clusters
	[ "$stderr" = "ndedupe: give one stage at most" ]
	run --separate-stderr -2 ndedupe --emit-keys --state s.db
	[ "${stderr%%$'\n'*}" = "ndedupe: the stages keep no --state" ]
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
