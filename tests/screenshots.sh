#!/usr/bin/env bash
# Runs the release binary in a real window under Xvfb, steps through the deck with the keys a
# clicker sends, and writes PNGs to $OUT (default target/screenshots). Look at them.
#
#   tests/screenshots.sh [WIDTHxHEIGHT] [KEYS...]
#
# Needs: xvfb xauth openbox imagemagick xdotool, and the window's libraries
# (libxcursor1 libxi6 libxkbcommon-x11-0 libegl1 libegl-mesa0 libgl1-mesa-dri).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-1920x1080}
shift || true
OUT=${OUT:-target/screenshots}
mkdir -p "$OUT"
BIN=target/release/storyplot
[ -x "$BIN" ] || cargo build --release
# shellcheck source=tests/xvfb.sh
. tests/xvfb.sh
start_xvfb "$SIZE" "${DISPLAY_NUM:-:97}"
"$BIN" --present ${STORYPLOT_ARGS:-} >/dev/null 2>&1 &
APP=$!
W=$(window_of $APP)
xdotool windowactivate --sync "$W" 2>/dev/null || true
sleep 1.5
# The pointer rests in a corner, so no tooltip covers the stage.
xdotool mousemove 0 0 2>/dev/null || true
shot() { import -window root "$OUT/$1.png"; echo "$OUT/$1.png"; }
shot "00-start-$SIZE"
KEYS=("$@")
if [ ${#KEYS[@]} -eq 0 ]; then
    # every step of the deck: press Next until the end (bounded)
    for i in $(seq 1 60); do
        xdotool key Next
        sleep 0.7
        shot "$(printf '%02d' "$i")-next-$SIZE"
    done
else
    i=0
    for k in "${KEYS[@]}"; do
        i=$((i + 1))
        xdotool key "$k"
        sleep 0.8
        shot "$(printf '%02d' "$i")-$k-$SIZE"
    done
fi
