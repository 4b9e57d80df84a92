#!/usr/bin/env bash
# Exports the bundled story as a web site and checks it in headless Chromium over WebDriver
# (tests/web_browser.mjs): → five times, Back, PageDown, Shift+Space, a tap on a data point, a
# swipe, dark mode; screenshots at 1280x720 and 390x844 go to $OUT (default target/web-shots).
# Look at them.
#
#   tests/web.sh
#
# Needs: node (18 or later, for fetch), chromium chromium-driver (Debian's packages).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-target/web-shots}
SITE=${SITE:-target/web-site}
BIN=${BIN:-${CARGO_TARGET_DIR:-target}/debug/storyplot}
[ -x "$BIN" ] || cargo build
rm -rf "$SITE"
"$BIN" export --html "$SITE"
du -sh "$SITE"
node tests/web_browser.mjs "$SITE" "$OUT"
