#!/usr/bin/env bats
# The EXAMPLES of every man page, run as a user pastes them from the
# rendered page (tests/man_examples.py): each prints what the page shows.
load helpers

@test "every man page example runs as pasted and prints what the page shows" {
	run python3 "$NT_ROOT/tests/man_examples.py" "$NT_ROOT"/man/man[157]/*.[157]
	echo "$output" | grep -v '^ok' >&2
	[ "$status" -eq 0 ]
	# at least twenty examples were found and run, none failed
	n=$(echo "$output" | sed -n 's/^\([0-9][0-9]*\) examples, 0 failed$/\1/p')
	[ -n "$n" ] && [ "$n" -ge 20 ]
}

@test "a man page example that prints something else fails the check" {
	mkdir -p "$BATS_TEST_TMPDIR/man/man1"
	cat >"$BATS_TEST_TMPDIR/man/man1/x.1" <<'PAGE'
.Dd December 2, 2026
.Dt X 1
.Os
.Sh NAME
.Nm x
.Nd a page whose example is wrong
.Sh EXAMPLES
.Bd -literal -offset indent
$ echo '{"text":"a"}' | jq -r .text
b
.Ed
PAGE
	run python3 "$NT_ROOT/tests/man_examples.py" "$BATS_TEST_TMPDIR/man/man1/x.1"
	[ "$status" -eq 1 ]
	assert_output --partial "1 examples, 1 failed"
}
