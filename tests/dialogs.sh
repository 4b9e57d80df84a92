#!/usr/bin/env bash
# Under Xvfb, with the release binary, on a copy of the bundled deck: the close prompt, the
# conflict prompt and the delete confirmation driven by the keyboard alone (screenshots in
# $OUT, look at them), and typing into the editor of a deck with big data (≈45 MB CSV) with
# --frame-stats: every frame's CPU time while typing.
#
#   tests/dialogs.sh
#
# Needs the packages of tests/screenshots.sh. The positions clicked (the editor's Title field
# and its Delete… button) are for a 1280×800 screen.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-target/screenshots/dialogs}
mkdir -p "$OUT"
BIN=target/release/storyplot
[ -x "$BIN" ] || cargo build --release
# shellcheck source=tests/xvfb.sh
. tests/xvfb.sh
start_xvfb 1280x800 "${DISPLAY_NUM:-:93}"
DECK=$(mktemp -d)/deck
cp -r scenes "$DECK"
shot() { sleep "${2:-0.8}"; import -window root "$OUT/$1.png"; echo "$OUT/$1.png"; }
open_window() {
    W=$(window_of "$1")
    xdotool windowactivate --sync "$W" 2>/dev/null || true
    xdotool windowmove "$W" 0 0 windowsize "$W" 1280 780 2>/dev/null || true
    sleep 1
}
title() { xdotool getwindowname "$W"; }

"$BIN" "$DECK" >/dev/null 2>&1 &
APP=$!
open_window $APP
xdotool key e
shot 01-editor 1.5
# an unsaved edit: click into the Title field, type
xdotool mousemove "${TITLE_X:-1010}" "${TITLE_Y:-244}" click 1
sleep 0.3
xdotool key End
xdotool type --delay 50 " (draft)"
shot 02-edited
echo "title after the edit: $(title)"
# 1. the close prompt
xdotool key alt+F4
shot 03-close-prompt
xdotool key Next Next End
shot 04-close-prompt-after-pagedown-pagedown-end
xdotool key Tab
shot 05-close-prompt-tab-to-discard
xdotool key Escape
shot 06-close-prompt-escape
echo "after Esc: window still open: $(title)"
# 2. the conflict prompt: the same file changed on disk under the unsaved edit
FILE=$(ls "$DECK"/01-*.ron)
sed -i '0,/title: "/s//title: "Changed on disk: /' "$FILE"
shot 07-conflict 1.5
xdotool key Next Next
shot 08-conflict-after-pagedown
xdotool key Tab Return
shot 09-conflict-took-disk
echo "after taking the disk version: $(title)"
# 3. the delete confirmation: opened with a click, answered with keys
xdotool mousemove "${DELETE_X:-797}" "${DELETE_Y:-124}" click 1
shot 10-confirm-delete
xdotool key Next End
shot 11-confirm-delete-after-keys
xdotool key Return
shot 12-confirm-delete-enter-cancels
xdotool mousemove "${DELETE_X:-797}" "${DELETE_Y:-124}" click 1
sleep 0.8
xdotool key Tab Return
shot 13-confirm-delete-tab-enter-deletes
echo "after deleting: $(title)"
kill $APP; wait $APP 2>/dev/null || true
APP=

# 4. typing into the editor of a deck with big data
BIG=target/bigdeck
[ -f "$BIG/data/big.csv" ] || { echo "no $BIG: run cargo bench --bench perf first"; exit 1; }
LOG=$(mktemp)
"$BIN" "$BIG" --frame-stats 2>"$LOG" &
APP=$!
open_window $APP
sleep 4 # the data is read in the background
shot 20-big-deck
xdotool key e
sleep 1
xdotool mousemove "${TITLE_X:-1010}" "${TITLE_Y:-244}" click 1
sleep 0.5
xdotool key End
BEFORE=$(grep -c '^storyplot: frame' "$LOG" || true)
TEXT=" typed fluently"
xdotool type --delay 50 "$TEXT"
sleep 0.5
AFTER=$(grep -c '^storyplot: frame' "$LOG" || true)
shot 21-big-deck-typed
kill $APP; wait $APP 2>/dev/null || true
APP=
FRAMES=$(sed -n "$((BEFORE + 1)),${AFTER}p" "$LOG")
N=$(echo "$FRAMES" | grep -c frame || true)
MAX=$(echo "$FRAMES" | sed -n 's/.*: cpu \([0-9.]*\) ms.*/\1/p' | sort -n | tail -1)
echo "typing ${#TEXT} characters 50 ms apart: $N frames, the slowest took $MAX ms of CPU"
awk -v m="$MAX" 'BEGIN { exit !(m <= 16) }' || { echo "FAIL: a frame took over 16 ms"; exit 1; }
echo "ok: every frame within 16 ms"
