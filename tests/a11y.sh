#!/usr/bin/env bash
# Keyboard only, in a real window under Xvfb (issue 15): the focus ring on the legend, the plot,
# a source link and a timeline marker in the three themes; the table view on three scenes; the
# deck from the first step to the last with the keys a clicker sends. Writes PNGs to $OUT
# (default target/a11y) and the window title after each move to $OUT/titles.txt. Look at them.
#
#   tests/a11y.sh [WIDTHxHEIGHT]
#
# Needs what tests/screenshots.sh needs. The pointer is parked in a corner and never used.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-1280x720}
OUT=${OUT:-target/a11y}
mkdir -p "$OUT"
rm -f "$OUT"/*.png "$OUT/titles.txt"
BIN=${BIN:-target/release/storyplot}
[ -x "$BIN" ] || cargo build --release
# shellcheck source=tests/xvfb.sh
. tests/xvfb.sh
start_xvfb "$SIZE" "${DISPLAY_NUM:-:96}"
"$BIN" >/dev/null 2>&1 &
APP=$!
W=$(window_of $APP)
xdotool windowactivate --sync "$W" 2>/dev/null || true
xdotool mousemove 0 0 2>/dev/null || true
sleep 1.5
shot() { import -window root "$OUT/$1.png"; echo "$OUT/$1.png"; }
key() {
    for k in "$@"; do
        xdotool key "$k"
        sleep 0.25
    done
    sleep 0.4
}
tabs() { for _ in $(seq 1 "$1"); do key Tab; done; }
title() { echo "$1: $(xdotool getwindowname "$W")" >>"$OUT/titles.txt"; }

# Scene 3 has two series, sources with links and a timeline to walk.
key 3 Return
for theme in light dark contrast; do
    # Fullscreen, Overview, Help, Log scale, Reset plot, Data table, then the legend.
    tabs 7
    shot "focus-legend-$theme"
    tabs 2
    shot "focus-plot-$theme"
    tabs 1
    shot "focus-link-$theme"
    tabs 5
    shot "focus-marker-$theme"
    key Escape T
done
# Back to the light theme for the rest.
title "themes done"

# The table view on three scenes: open with D, walk, close with Esc.
for scene in 3 8 12; do
    # One key per digit: 1, 2, then Enter.
    # shellcheck disable=SC2046
    key $(echo "$scene" | sed 's/./& /g') Return
    key d
    shot "table-scene$scene-open"
    key Down Down Down Next
    shot "table-scene$scene-moved"
    key Escape
    title "table $scene closed"
done

# The whole deck, start to end, by keyboard alone.
key Home
title "start"
for i in $(seq 1 70); do
    key Next
    title "next $i"
    if [ $((i % 10)) -eq 0 ]; then
        shot "$(printf 'walk-%02d' "$i")"
    fi
done
shot "walk-end"
echo "$OUT/titles.txt"
