#!/bin/sh
# make fuzz: build each libFuzzer target with ASan and UBSan and run it
# for $1 seconds on its corpus (tests/fuzz/corpus/NAME), which grows.
# The library is compiled once, into tests/fuzz/obj; the pipeline target
# loads pipelines with the programs of tools/, so `make` comes first.
cd "$(dirname "$0")/../.." || exit 1
secs=${1:-60}
shift
cc=${FUZZ_CC:-clang}
pkgs="yaml-0.1 libpcre2-8 libutf8proc sqlite3 libxxhash libxml-2.0"
flags="-g -O1 -fsanitize=fuzzer-no-link,address,undefined
    -fno-sanitize-recover=all -std=c11 -D_GNU_SOURCE -iquote lib
    -DNT_VERSION=\"fuzz\" -DNT_DATADIR=\"/nonexistent\"
    -DNT_BINDIR=\"/nonexistent\" $(pkg-config --cflags $pkgs)"
libs="$(pkg-config --libs $pkgs jansson) -lm"
obj=tests/fuzz/obj
mkdir -p "$obj"
# An object is made again when its source or any header is newer (a
# header's struct changed under an old object once made a false crash).
hdr=$(ls -t lib/*/*.h | head -n 1)
for c in lib/*/*.c; do
	o=$obj/$(echo "${c#lib/}" | tr / _).o
	[ "$o" -nt "$c" ] && [ "$o" -nt "$hdr" ] && continue
	# shellcheck disable=SC2086
	$cc $flags -c -o "$o" "$c" || exit 1
done
status=0
for t in "$@"; do
	name=$(basename "$t")
	corpus=tests/fuzz/corpus/${name#fuzz_}
	mkdir -p "$corpus"
	echo "fuzz: $name for $secs s, corpus $corpus"
	# shellcheck disable=SC2086
	$cc $flags -fsanitize=fuzzer -o "$t" "$t.c" "$obj"/*.o $libs || exit 1
	"$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 \
	    -print_final_stats=1 "$corpus" 2>"$t.log" || status=1
	grep -E '^stat::number_of_executed_units' "$t.log"
	tail -n 6 "$t.log"
	[ $status -eq 0 ] || { echo "fuzz: $name failed; see $t.log"; exit 1; }
	# Keep the grown corpus small: a set of inputs that covers all the
	# corpus covers, chosen greedily (-merge=1 kept two or three times
	# as many files).
	rm -rf "$corpus.min" && mkdir "$corpus.min" &&
	    "$t" -set_cover_merge=1 "$corpus.min" "$corpus" >/dev/null 2>&1 &&
	    rm -rf "$corpus" && mv "$corpus.min" "$corpus"
done
exit $status
