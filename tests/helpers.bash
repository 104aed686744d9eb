# Loaded by every bats file: the build tree first on PATH, C locale,
# bats-assert, and each test in its own temporary directory.
bats_require_minimum_version 1.5.0
NT_ROOT="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
PATH="$NT_ROOT/tools:$NT_ROOT/tests/bin:$PATH"
FIX="$NT_ROOT/tests/fixtures"
export LC_ALL=C NT_ROOT FIX PATH
unset NTOOLS_DATA
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# Did the run that wrote mem (/usr/bin/time -f '%M' -o mem) peak below $1
# KB?  Not asked under make asan (NT_SANITIZED): its shadow memory and
# quarantine are no part of what a tool costs.
mem_below() {
	[ -n "${NT_SANITIZED:-}" ] || [ "$(cat mem)" -lt "$1" ]
}
