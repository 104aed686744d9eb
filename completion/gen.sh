#!/bin/sh
# gen.sh SHELL PROG...: write the bash or zsh completion of each program,
# made from what the program says of its options (--describe-options,
# ntools(7)), to standard output.  The Makefile runs it at build time, so
# the completions always match the programs they were built with.
set -eu
shell=$1
shift
for prog in "$@"; do
	name=$(basename "$prog")
	fn=_ntools_$(printf '%s' "$name" | tr -c 'a-zA-Z0-9_\n' _)
	desc=$("$prog" --describe-options)
	case $shell in
	bash)
		opts=$(printf '%s\n' "$desc" | awk -F'\t' '{ printf "%s--%s", sep, $1; sep = " " }')
		args=$(printf '%s\n' "$desc" | awk -F'\t' '$2 == "arg" { printf "%s--%s", sep, $1; sep = " " }')
		cat <<BASH
$fn()
{
	local cur=\${COMP_WORDS[COMP_CWORD]} prev=
	[ "\$COMP_CWORD" -gt 0 ] && prev=\${COMP_WORDS[COMP_CWORD-1]}
	case " $args " in
	*" \$prev "*)
		COMPREPLY=(\$(compgen -f -- "\$cur"))
		return
		;;
	esac
	case \$cur in
	-*) COMPREPLY=(\$(compgen -W "$opts" -- "\$cur")) ;;
	*) COMPREPLY=(\$(compgen -f -- "\$cur")) ;;
	esac
}
complete -o filenames -F $fn $name
BASH
		;;
	zsh)
		printf '#compdef %s\n# %s: made by completion/gen.sh from %s --describe-options\n' \
		    "$name" "$name" "$name"
		printf '_arguments -s \\\n'
		# _arguments reads [ ] : and quotes in a description.
		printf '%s\n' "$desc" | sed "s/\[/(/g; s/\]/)/g; s/:/ /g; s/'//g" |
		    awk -F'\t' '{
			h = $4
			rep = $3 == "repeat" ? "*" : ""
			if ($2 == "arg")
				printf "  \047%s--%s=[%s]:%s:_files\047 \\\n", rep, $1, h, $1
			else
				printf "  \047--%s[%s]\047 \\\n", $1, h
		}'
		printf "  '*:file:_files'\n"
		;;
	*)
		echo "gen.sh: no completion for shell '$shell'" >&2
		exit 2
		;;
	esac
done
