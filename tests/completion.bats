#!/usr/bin/env bats
# Shell completion, made at build time from each program's
# --describe-options, and installed by make install.
load helpers

# complete_words LINE: what bash's completion of nclean offers for the
# words of LINE (the last one being completed), one per line.
complete_words() {
	bash -c '
		source "$1"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_ntools_nclean
		printf "%s\n" "${COMPREPLY[@]}"
	' complete "$NT_ROOT/completion/bash/nclean" "$@"
}

@test "sourcing the installed bash completion defines it for nclean" {
	run -0 make -s -C "$NT_ROOT" install PREFIX="$BATS_TEST_TMPDIR/p"
	f="$BATS_TEST_TMPDIR/p/share/bash-completion/completions/nclean"
	run -0 bash -c "source '$f' && complete -p nclean"
	assert_output "complete -o filenames -F _ntools_nclean nclean"
	[ -f "$BATS_TEST_TMPDIR/p/share/zsh/site-functions/_nclean" ]
}

@test "bash completion offers the program's own options, and files after one that takes a value" {
	run -0 complete_words nclean --ex
	assert_output "--explain"
	run -0 complete_words nclean --keep
	assert_output "--keep-html"
	touch rules-a.yaml rules-b.yaml
	run -0 bash -o pipefail -c "$(declare -f complete_words); complete_words nclean --rules rul | sort"
	assert_output "$(printf '%s\n' rules-a.yaml rules-b.yaml)"
}

@test "every program has a completion for each shell, listing every option it describes" {
	for t in "$NT_ROOT"/tools/*.c; do
		p=$(basename "$t" .c)
		for o in $("$NT_ROOT/tools/$p" --describe-options | cut -f1); do
			grep -q -- "--$o" "$NT_ROOT/completion/bash/$p" || fail "bash $p: --$o"
			grep -q -- "--$o" "$NT_ROOT/completion/zsh/_$p" || fail "zsh $p: --$o"
		done
		run -0 zsh -n "$NT_ROOT/completion/zsh/_$p"
		run -0 head -n 1 "$NT_ROOT/completion/zsh/_$p"
		assert_output "#compdef $p"
	done
}
