#!/usr/bin/env bash
# The README's stage screenshots (issue 17): the last step of scenes 01, 03, 08, 09, 12 and 15
# of the bundled deck (deck positions 1, 4, 9, 10, 13 and 16), fullscreen at SIZE in THEME
# (light, dark or contrast), written to $OUT (default target/readme-shots). Look at them.
#
#   tests/readme-shots.sh [SIZE] [THEME]
#
# Needs the same packages as tests/screenshots.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-1920x1080}
THEME=${2:-light}
OUT=${OUT:-target/readme-shots}
mkdir -p "$OUT"
BIN=target/release/storyplot
[ -x "$BIN" ] || cargo build --release
case "$THEME" in light) PRESSES=0 ;; dark) PRESSES=1 ;; contrast) PRESSES=2 ;; *) echo "theme: light, dark or contrast" >&2; exit 2 ;; esac
# shellcheck source=tests/xvfb.sh
. tests/xvfb.sh
start_xvfb "$SIZE" "${DISPLAY_NUM:-:93}"
"$BIN" --present >/dev/null 2>&1 &
APP=$!
W=$(window_of $APP)
xdotool windowactivate --sync "$W" 2>/dev/null || true
sleep 1.5
xdotool mousemove 0 0 2>/dev/null || true
for _ in $(seq 1 "$PRESSES"); do xdotool key t; sleep 0.3; done
# The scene number and Enter (a digit opens the jump box with it).
go() { for d in $(echo "$1" | grep -o .); do xdotool key "$d"; done; xdotool key Return; sleep 0.9; }
for pos in 1 4 9 10 13 16; do
    # the next scene's first step, then one step back: this scene's last step
    go $((pos + 1))
    xdotool key Prior
    sleep 1.2
    import -window root "$OUT/scene$(printf '%02d' "$pos")-$THEME-$SIZE.png"
done
ls "$OUT"/*-"$THEME"-"$SIZE".png
