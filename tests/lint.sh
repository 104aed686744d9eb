#!/bin/sh
# Refuse functions that invite overflows or hidden state in our sources.
banned='\<(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|atof|tmpnam|mktemp|setlocale)[[:space:]]*\('
if grep -nE "$banned" lib/*/*.c lib/*/*.h tools/*.c; then
	echo "lint: banned function used (see above)" >&2
	exit 1
fi
echo "lint: no banned functions"

# Layers (lib/README.md): core includes only core; text includes core and
# text; a program family includes core, text and itself, and import also
# clean (a feed item's HTML is read by nclean's extractor).
bad=0
for f in lib/*/*.c lib/*/*.h; do
	layer=${f#lib/}
	layer=${layer%%/*}
	case $layer in
	core) ok='core' ;;
	text) ok='core|text' ;;
	import) ok='core|text|clean|import' ;;
	*) ok="core|text|$layer" ;;
	esac
	if grep -nE '#include "[a-z_]+/' "$f" | grep -vE "#include \"($ok)/"; then
		echo "lint: $f includes a header of a layer it may not use" >&2
		bad=1
	fi
done
[ "$bad" = 0 ] || exit 1
echo "lint: layers respected"

# No function over 120 lines (KNF: a function's braces open and close in
# the first column).
long=$(for f in lib/*/*.c tools/*.c; do
	awk -v f="$f" '/^[a-z_][a-z_0-9]*\(/ { name = $0 }
	    /^\{/ { start = NR }
	    /^\}/ { if (start && NR - start - 1 > 120)
		    printf "%s:%d: %s is %d lines\n", f, start, name,
		    NR - start - 1
		start = 0 }' "$f"
done)
if [ -n "$long" ]; then
	echo "$long"
	echo "lint: functions over 120 lines (see above)" >&2
	exit 1
fi
echo "lint: no function over 120 lines"
