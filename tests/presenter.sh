#!/usr/bin/env bash
# Opens the stage and the presenter window under Xvfb (one process, two native windows),
# checks that both exist, steps with Next in each window, and screenshots both to $OUT
# (default target/screenshots). Needs the same packages as tests/screenshots.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-target/screenshots}
mkdir -p "$OUT"
BIN=target/release/storyplot
[ -x "$BIN" ] || cargo build --release
# shellcheck source=tests/xvfb.sh
. tests/xvfb.sh
start_xvfb 2560x1080 "${DISPLAY_NUM:-:96}"
"$BIN" --presenter --scene "${SCENE:-list-3-retaliation}" >/dev/null 2>&1 &
APP=$!
for _ in $(seq 1 50); do
    n=$( (xdotool search --onlyvisible --pid $APP 2>/dev/null || true) | wc -l)
    [ "$n" -ge 2 ] && break
    sleep 0.2
done
WINDOWS=$(xwininfo -root -tree | grep -E '\("storyplot" "storyplot"\)|\("" "Storyplot"\)' || true)
echo "$WINDOWS" | sed 's/^ *//'
PRESENTER=$(echo "$WINDOWS" | grep '"Presenter — ' | awk '{print $1}' | head -1)
STAGE=$(echo "$WINDOWS" | grep -v '"Presenter — ' | awk '{print $1}' | head -1)
[ -n "$STAGE" ] && [ -n "$PRESENTER" ] || { echo "expected two windows, found: $WINDOWS"; exit 1; }
echo "two windows: stage $STAGE, presenter $PRESENTER"
xdotool mousemove 0 0
sleep 1
import -window "$STAGE" "$OUT/presenter-0-stage.png"
import -window "$PRESENTER" "$OUT/presenter-0-presenter.png"
# Next from the presenter window, then from the stage
xdotool windowactivate --sync "$PRESENTER"; xdotool key Next; sleep 0.8
import -window "$STAGE" "$OUT/presenter-1-stage.png"
import -window "$PRESENTER" "$OUT/presenter-1-presenter.png"
xdotool windowactivate --sync "$STAGE"; xdotool key Next; sleep 0.8
import -window "$STAGE" "$OUT/presenter-2-stage.png"
import -window "$PRESENTER" "$OUT/presenter-2-presenter.png"
# Closing the presenter window leaves the stage running
xdotool windowactivate --sync "$PRESENTER"; xdotool key alt+F4; sleep 1
kill -0 $APP || { echo "FAIL: closing the presenter ended the app"; exit 1; }
LEFT=$(xwininfo -root -tree | grep -cE '\("storyplot" "storyplot"\)|\("" "Storyplot"\)' || true)
xwininfo -root -tree | grep -q '"Presenter — ' && { echo "FAIL: the presenter window is still open"; exit 1; }
echo "after closing the presenter: $LEFT window(s) left, the stage still running"
ls "$OUT"/presenter-*.png
