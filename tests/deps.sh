#!/bin/sh
# Install the Debian packages named as arguments that are not installed:
# with apt-get when run as root, otherwise say what to run and fail.
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	    grep -q '^install ok installed$' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends \
	    $missing >/dev/null || exit 1
	exit 0
fi
echo "deps: these Debian packages are missing:$missing" >&2
echo "deps: as root, run:" >&2
echo "    apt-get install -y$missing" >&2
echo "deps: then run make again" >&2
exit 1
