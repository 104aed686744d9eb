#!/bin/sh
# Remake doc/report.png, the picture in the README: the top of the page
# `make run` writes (news-stats.html), as headless Chromium draws it.
# Run as root on Debian after `make deps`; needs no network.
set -e
cd "$(dirname "$0")/.."
make run >/dev/null
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" \
    --hide-scrollbars --window-size=800,1800 \
    --screenshot="$PWD/doc/report.png" "file://$PWD/news-stats.html" \
    2>/dev/null
