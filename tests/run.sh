#!/bin/sh
# Run the C unit tests and the bats suites; print "N passed, N failed".
# Arguments: the unit test programs.  Exit status 1 if anything failed.
cd "$(dirname "$0")/.." || exit 1
export LC_ALL=C
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT INT TERM
status=0
# Unit tests find the data files of this tree (ndedupe's word lists, the
# rules, the abbreviations); the bats suites unset it again.
for t in "$@"; do
	echo "# $t"
	NTOOLS_DATA="$PWD/data" "$t" >>"$out" 2>&1 || status=1
done
[ $# -gt 0 ] && grep -E '^(not )?ok ' "$out" | grep -E '^not ok' || true
bats --tap tests/*.bats | tee -a "$out" | grep -vE '^ok ' || true
# bats' own status is lost in the pipe: count instead.
passed=$(grep -cE '^ok ' "$out")
failed=$(grep -cE '^not ok ' "$out")
planned=$(grep -E '^1\.\.[0-9]+' "$out" | tail -n 1 | cut -d. -f3)
[ "$failed" -gt 0 ] && status=1
[ "$passed" -eq 0 ] && status=1
echo
echo "$passed passed, $failed failed"
exit $status
