#!/usr/bin/env bash
# Under Xvfb, with the release binary:
#  1. idle: the app paints no frame in 10 s with no input (no autoplay, no presenter);
#  2. start-up: time from process start to the first frame, next to a bare eframe window;
#  3. memory: resident set with the bundled deck open.
# Needs the packages of tests/screenshots.sh. Exit status 1 when the app painted while idle.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example bare_window
BIN=target/release/storyplot
BARE=target/release/examples/bare_window
# shellcheck source=tests/xvfb.sh
. tests/xvfb.sh
start_xvfb 1920x1080 "${DISPLAY_NUM:-:95}"
xdotool mousemove 0 0

# 1 + 3: idle frames and memory
LOG=$(mktemp)
"$BIN" --frame-stats 2>"$LOG" &
APP=$!
sleep 4          # start-up and the first frames settle
BEFORE=$(grep -c '^storyplot: frame' "$LOG" || true)
RSS_KB=$(awk '/VmRSS/ {print $2}' /proc/$APP/status)
sleep 10
AFTER=$(grep -c '^storyplot: frame' "$LOG" || true)
IDLE=$((AFTER - BEFORE))
kill $APP; wait $APP 2>/dev/null || true
APP=
echo "frames at start: $BEFORE; frames painted in 10 s idle: $IDLE"
"$BARE" >/dev/null 2>&1 &
APP=$!
sleep 3
BARE_RSS_KB=$(awk '/VmRSS/ {print $2}' /proc/$APP/status)
kill $APP; wait $APP 2>/dev/null || true
APP=
echo "resident set: storyplot with the bundled deck $((RSS_KB / 1024)) MiB, bare eframe window $((BARE_RSS_KB / 1024)) MiB"

# 2: time to first frame, 5 runs each, median
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
APP_MS=$(for i in 1 2 3 4 5; do "$BIN" --exit-after-first-frame 2>&1 | sed -n 's/.*first frame after \([0-9.]*\) ms/\1/p'; done | median)
BARE_MS=$(for i in 1 2 3 4 5; do "$BARE" --exit-after-first-frame 2>&1 | sed -n 's/.*first frame after \([0-9.]*\) ms/\1/p'; done | median)
echo "first frame (median of 5): storyplot $APP_MS ms, bare eframe window $BARE_MS ms"

[ "$IDLE" -eq 0 ] || { echo "FAIL: the app painted $IDLE frames while idle"; exit 1; }
echo "ok: zero frames while idle"
