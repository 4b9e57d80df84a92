#!/usr/bin/env bash
# Issue 16 under Xvfb: a window saved in the lower-right corner of a 1920x1080 screen, then the
# app started on a 1024x768 screen. Checks with xwininfo that the window (frame included) is
# entirely on the screen, that --present and F fill exactly 1024x768 at (0,0), and screenshots
# each state to $OUT (default target/screenshots). Look at them.
# Needs the packages of tests/screenshots.sh plus x11-utils (xwininfo, xprop).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-target/screenshots}
mkdir -p "$OUT"
BIN=${BIN:-target/release/storyplot}
[ -x "$BIN" ] || cargo build --release
# shellcheck source=tests/xvfb.sh
. tests/xvfb.sh
FAILED=0
fail() { echo "FAIL: $*"; FAILED=1; }

# "x y width height" of a window's frame (its inner rectangle plus the frame the window manager
# put around it, from _NET_FRAME_EXTENTS).
outer_of() {
    local info x y w h ext l r t b
    info=$(xwininfo -id "$1")
    x=$(echo "$info" | awk '/Absolute upper-left X/ {print $4}')
    y=$(echo "$info" | awk '/Absolute upper-left Y/ {print $4}')
    w=$(echo "$info" | awk '/Width:/ {print $2}')
    h=$(echo "$info" | awk '/Height:/ {print $2}')
    ext=$(xprop -id "$1" _NET_FRAME_EXTENTS 2>/dev/null | grep -o '[0-9, ]*$' || true)
    read -r l r t b <<<"$(echo "${ext:-0, 0, 0, 0}" | tr -d ',')"
    echo "$((x - ${l:-0})) $((y - ${t:-0})) $((w + ${l:-0} + ${r:-0})) $((h + ${t:-0} + ${b:-0}))"
}

inner_of() {
    local info
    info=$(xwininfo -id "$1")
    echo "$(echo "$info" | awk '/Absolute upper-left X/ {print $4}') $(echo "$info" | awk '/Absolute upper-left Y/ {print $4}') $(echo "$info" | awk '/Width:/ {print $2}') $(echo "$info" | awk '/Height:/ {print $2}')"
}

close_app() {
    xdotool windowactivate --sync "$2" 2>/dev/null || true
    xdotool key --window "$2" alt+F4
    for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
    fail "the app did not close"
    kill "$1" 2>/dev/null || true
}

# 1. A session on a 1920x1080 screen, the window moved to the lower-right corner, closed.
start_xvfb 1920x1080 "${DISPLAY_NUM:-:93}"
PROFILE=$XDG_DATA_HOME
"$BIN" >/dev/null 2>&1 &
APP=$!
W=$(window_of $APP)
sleep 1
xdotool windowmove "$W" 1500 900
sleep 0.5
echo "saved at 1920x1080: frame $(outer_of "$W") (x y width height)"
import -window root "$OUT/screens-0-saved-1920x1080.png"
close_app $APP "$W"
SAVED=$(grep -o '"window": "[^"]*"' "$PROFILE"/storyplot/app.ron 2>/dev/null || true)
echo "eframe saved: $SAVED"
echo "$SAVED" | grep -q 'outer_position_pixels:Some((x:1500.0,y:900.0))' ||
    fail "the corner position was not saved"
kill "$WM" "$XVFB" 2>/dev/null || true
sleep 0.5
# Every run below starts from this saved session (a run in fullscreen would save that too).
cp "$PROFILE"/storyplot/app.ron "$PROFILE"/saved.ron
fresh_session() { cp "$PROFILE"/saved.ron "$PROFILE"/storyplot/app.ron; }

# 2. The same profile on a 1024x768 screen.
start_xvfb 1024x768 "${DISPLAY_NUM2:-:94}"
export XDG_DATA_HOME=$PROFILE
echo "--list-screens:"
"$BIN" --list-screens || fail "--list-screens failed"
"$BIN" --screen 3 >/dev/null 2>&1 && fail "--screen 3 with one screen was accepted"
visible() {
    read -r x y w h <<<"$(outer_of "$1")"
    echo "$2: frame $x $y $w $h on 1024x768"
    [ "$x" -ge 0 ] && [ "$y" -ge 0 ] && [ $((x + w)) -le 1024 ] && [ $((y + h)) -le 768 ] ||
        fail "$2: the window is not entirely on the screen"
}
fills() {
    local got
    got=$(inner_of "$1")
    echo "$2: $got"
    [ "$got" = "0 0 1024 768" ] || fail "$2: expected exactly 1024x768 at (0,0), got $got"
}

fresh_session
"$BIN" >/dev/null 2>&1 &
APP=$!
W=$(window_of $APP)
sleep 1.5
xdotool mousemove 0 0
visible "$W" "restored"
import -window root "$OUT/screens-1-restored-1024x768.png"
xdotool windowactivate --sync "$W"
xdotool key f
sleep 1.5
fills "$W" "after F"
xdotool key Escape
sleep 1.5
visible "$W" "after Esc"
xdotool key F5
sleep 1.5
fills "$W" "after F5"
import -window root "$OUT/screens-2-f5-1024x768.png"
close_app $APP "$W"

fresh_session
"$BIN" --present >/dev/null 2>&1 &
APP=$!
W=$(window_of $APP)
sleep 1.5
xdotool mousemove 0 0
fills "$W" "--present"
import -window root "$OUT/screens-3-present-1024x768.png"
close_app $APP "$W"

# 3. --present and the presenter on one screen: the presenter is a normal window inside the
# screen (over the stage's lower-right corner when it is in front).
fresh_session
"$BIN" --present --presenter >/dev/null 2>&1 &
APP=$!
for _ in $(seq 1 50); do
    [ "$( (xdotool search --onlyvisible --pid $APP 2>/dev/null || true) | wc -l)" -ge 2 ] && break
    sleep 0.2
done
sleep 1.5
xdotool mousemove 0 0
PRESENTER=$(xwininfo -root -tree | grep '"Presenter — ' | awk '{print $1}' | head -1)
[ -n "$PRESENTER" ] || fail "no presenter window"
[ -n "$PRESENTER" ] && visible "$PRESENTER" "presenter on one screen"
import -window root "$OUT/screens-4-present-presenter-1024x768.png"
kill $APP 2>/dev/null || true

ls "$OUT"/screens-*.png
[ $FAILED -eq 0 ] && echo "all checks passed"
exit $FAILED
