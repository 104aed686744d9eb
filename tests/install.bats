#!/usr/bin/env bats
# make install under any PREFIX or DESTDIR gives working programs: they
# find their data beside the executable, whatever they were built for.
load helpers

seeds() {
	"$1/nimport" "$FIX"/nimport/seeds/*.txt
}

# run_installed BINDIR: the text tools and npipe, run from /, on the seeds.
run_installed() {
	local bin=$1
	cd /
	seeds "$bin" | "$bin/nclean" >"$BATS_TEST_TMPDIR/clean" || return 1
	[ "$(wc -l <"$BATS_TEST_TMPDIR/clean")" = 5 ] || return 1
	"$bin/nsplit" "$BATS_TEST_TMPDIR/clean" | grep -q '"doc_id"' || return 1
	"$bin/nentities" "$BATS_TEST_TMPDIR/clean" | grep -q '"type":"person"' || return 1
	printf 'name: t\ninput: %s\nsteps:\n  - nclean\n  - nsplit\n' \
	    "$BATS_TEST_TMPDIR/clean" >"$BATS_TEST_TMPDIR/t.yaml"
	"$bin/npipe" "$BATS_TEST_TMPDIR/t.yaml" | grep -q '"doc_id"'
}

@test "make install PREFIX=dir: the installed tools run from / without NTOOLS_DATA" {
	run -0 make -s -C "$NT_ROOT" install PREFIX="$BATS_TEST_TMPDIR/p"
	run -0 run_installed "$BATS_TEST_TMPDIR/p/bin"
}

@test "a staged install (DESTDIR) works from where it was staged" {
	run -0 make -s -C "$NT_ROOT" install DESTDIR="$BATS_TEST_TMPDIR/d" PREFIX=/usr
	run -0 run_installed "$BATS_TEST_TMPDIR/d/usr/bin"
}

@test "only run-time data is installed, not the scripts that build it" {
	run -0 make -s -C "$NT_ROOT" install PREFIX="$BATS_TEST_TMPDIR/p"
	run -0 find "$BATS_TEST_TMPDIR/p/share/ntools" -name 'build*'
	assert_output ""
	[ -f "$BATS_TEST_TMPDIR/p/share/ntools/nclean/rules.yaml" ]
}

@test "a data file that is nowhere is reported with every path tried" {
	mkdir bin
	cp "$NT_ROOT/tools/nsplit" bin/
	[ ! -e "$(make -s -C "$NT_ROOT" print-datadir)/nsplit/abbrev.yaml" ] ||
	    skip "an installed copy of the data would be found"
	run -2 --separate-stderr bin/nsplit </dev/null
	assert_equal "$stderr" "nsplit: data file nsplit/abbrev.yaml not found (tried $PWD/bin/../data/nsplit/abbrev.yaml, $PWD/bin/../share/ntools/nsplit/abbrev.yaml, $(make -s -C "$NT_ROOT" print-datadir)/nsplit/abbrev.yaml; set NTOOLS_DATA to the data directory)"
}
