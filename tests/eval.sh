#!/bin/sh
# make eval: every tests/eval/*.sh, each scoring a tool on the gold data.
cd "$(dirname "$0")/.." || exit 1
SHARED=${SHARED:-$(cd .. && pwd)/shared}
if [ ! -d "$SHARED/eval" ]; then
	echo "eval: $SHARED/eval is missing; nothing to score" >&2
	exit 0
fi
export SHARED
for s in tests/eval/*.sh; do
	[ -e "$s" ] || continue
	sh "$s" || exit 1
done
