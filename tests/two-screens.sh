#!/usr/bin/env bash
# Issue 16 with two screens in a real X server: Xorg with the dummy driver, whose outputs are
# real RandR outputs that xrandr can switch on, move, resize and switch off (Xvfb has one, and
# `xrandr --setmonitor` added no monitor to Xvfb 21.1 here). A 1920x1080 "laptop" (DUMMY0,
# primary) and a 1280x800 "projector" (DUMMY1). Checks with xwininfo that --present --presenter
# puts the stage full screen on the projector and the presenter on the laptop, that X swaps
# them, that moving, resizing, unplugging and plugging the projector back keeps the stage
# filling a screen and the scene and step, and the same with a HiDPI laptop (scale 2). Screenshots to $OUT (default target/screenshots).
# Needs (as root, for Xorg): xserver-xorg-core xserver-xorg-video-dummy, and the packages of
# tests/screenshots.sh plus x11-utils x11-xserver-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-target/screenshots}
mkdir -p "$OUT"
BIN=${BIN:-target/release/storyplot}
[ -x "$BIN" ] || cargo build --release
DISPLAY=${DISPLAY_NUM:-:95}
export DISPLAY
TMP=$(mktemp -d)
cat >"$TMP/xorg.conf" <<'EOF'
Section "ServerFlags"
  Option "AutoAddDevices" "false"
  Option "AutoEnableDevices" "false"
  Option "DontVTSwitch" "true"
EndSection
Section "Device"
  Identifier "card"
  Driver "dummy"
  VideoRam 256000
EndSection
Section "Monitor"
  Identifier "monitor"
  HorizSync 5.0 - 1000.0
  VertRefresh 5.0 - 200.0
EndSection
Section "Screen"
  Identifier "screen"
  Device "card"
  Monitor "monitor"
  DefaultDepth 24
  SubSection "Display"
    Depth 24
    Virtual 3200 1080
  EndSubSection
EndSection
EOF
Xorg "$DISPLAY" -config "$TMP/xorg.conf" -logfile "$TMP/xorg.log" -noreset -nolisten tcp \
    >/dev/null 2>&1 &
XORG=$!
APP=
WM=
trap 'kill $APP $WM $XORG 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do xrandr >/dev/null 2>&1 && break; sleep 0.2; done
xrandr --output DUMMY0 --mode 1920x1080 --pos 0x0 --primary
xrandr --addmode DUMMY1 1280x800
xrandr --addmode DUMMY1 1024x768
xrandr --output DUMMY1 --mode 1280x800 --right-of DUMMY0
openbox >/dev/null 2>&1 &
WM=$!
sleep 0.5
XDG_DATA_HOME=$(mktemp -d) XDG_CONFIG_HOME=$(mktemp -d) XDG_RUNTIME_DIR=$(mktemp -d)
export XDG_DATA_HOME XDG_CONFIG_HOME XDG_RUNTIME_DIR
FAILED=0
fail() { echo "FAIL: $*"; FAILED=1; }

# "x y width height" of a monitor, from xrandr.
monitor() {
    xrandr --listmonitors | grep " $1\$" |
        sed -E 's#.* ([0-9]+)/[0-9]+x([0-9]+)/[0-9]+\+([0-9]+)\+([0-9]+) .*#\3 \4 \1 \2#'
}
# "x y width height" of a window's inner area.
inner_of() {
    xwininfo -id "$1" | awk '/Absolute upper-left X/ {x=$4} /Absolute upper-left Y/ {y=$4}
        /Width:/ {w=$2} /Height:/ {h=$2} END {print x, y, w, h}'
}
title_of() { xwininfo -id "$1" | sed -n 's/^xwininfo: Window id: [^ ]* "\(.*\)"$/\1/p'; }
# The stage fills exactly the monitor named $1.
stage_fills() {
    local got want
    got=$(inner_of "$STAGE")
    want=$(monitor "$1")
    echo "$2: stage $got, $1 is $want"
    [ "$got" = "$want" ] || fail "$2: the stage does not fill $1"
}
# The presenter window lies inside the monitor named $1.
presenter_on() {
    local x y w h mx my mw mh
    read -r x y w h <<<"$(inner_of "$PRESENTER")"
    read -r mx my mw mh <<<"$(monitor "$1")"
    echo "$2: presenter $x $y $w $h, $1 is $mx $my $mw $mh"
    [ "$x" -ge "$mx" ] && [ "$y" -ge "$my" ] && [ $((x + w)) -le $((mx + mw)) ] &&
        [ $((y + h)) -le $((my + mh)) ] || fail "$2: the presenter is not on $1"
}
settle() {
    # The app reads the screens at most once a second, in frames it paints anyway (the
    # presenter's clock paints one each second).
    sleep 2.5
}

echo "--list-screens:"
"$BIN" --list-screens || fail "--list-screens failed"
[ "$("$BIN" --list-screens | wc -l)" -eq 2 ] || fail "--list-screens should list two screens"

"$BIN" --present --presenter >/dev/null 2>&1 &
APP=$!
for _ in $(seq 1 50); do
    [ "$( (xdotool search --onlyvisible --pid $APP 2>/dev/null || true) | wc -l)" -ge 2 ] && break
    sleep 0.2
done
settle
PRESENTER=$(xwininfo -root -tree | grep '"Presenter — ' | awk '{print $1}' | head -1)
STAGE=$(xwininfo -root -tree | grep '("" "Storyplot")' | grep -v '"Presenter — ' |
    awk '{print $1}' | head -1)
[ -n "$STAGE" ] && [ -n "$PRESENTER" ] || { echo "FAIL: expected two windows"; exit 1; }
xdotool mousemove 10 10
stage_fills DUMMY1 "--present --presenter"
presenter_on DUMMY0 "--present --presenter"
import -window root "$OUT/two-screens-0-present.png"

xdotool windowactivate --sync "$STAGE"
xdotool key Next Next Next Next Next
sleep 1
TITLE=$(title_of "$STAGE")
echo "stage: $TITLE"
xdotool key x
settle
stage_fills DUMMY0 "after X"
presenter_on DUMMY1 "after X"
import -window root "$OUT/two-screens-1-swapped.png"
xdotool key x
settle
stage_fills DUMMY1 "after X again"
presenter_on DUMMY0 "after X again"

xrandr --output DUMMY1 --left-of DUMMY0
settle
stage_fills DUMMY1 "projector moved to the left"
presenter_on DUMMY0 "projector moved to the left"
xrandr --output DUMMY1 --mode 1024x768
settle
stage_fills DUMMY1 "projector switched to 1024x768"
import -window root "$OUT/two-screens-2-projector-1024x768.png"
xrandr --output DUMMY1 --off
settle
stage_fills DUMMY0 "projector unplugged"
presenter_on DUMMY0 "projector unplugged"
import -window root "$OUT/two-screens-3-unplugged.png"
xrandr --output DUMMY1 --mode 1280x800 --right-of DUMMY0
settle
stage_fills DUMMY1 "projector plugged in again"
presenter_on DUMMY0 "projector plugged in again"
import -window root "$OUT/two-screens-4-plugged-in.png"
[ "$(title_of "$STAGE")" = "$TITLE" ] || fail "the scene changed: $(title_of "$STAGE")"
kill -0 $APP || fail "the app is gone"
kill $APP

# A HiDPI laptop (scale 2: 1920 pixels on 254 mm) with a scale-1 projector: the app starts
# with winit's scale for the laptop and must still fill the projector, and swap both ways.
xrandr --output DUMMY0 --set WIDTH_MM 254 --set HEIGHT_MM 143
xrandr --output DUMMY1 --set WIDTH_MM 339 --set HEIGHT_MM 212
# (a full listing makes the server read the new sizes: without it winit still saw scale 1)
xrandr | grep "^DUMMY[01] "
echo "--list-screens with a HiDPI laptop:"
"$BIN" --list-screens
"$BIN" --list-screens | grep -q 'DUMMY0.*scale 2' || fail "the laptop should have scale 2"
XDG_DATA_HOME=$(mktemp -d) "$BIN" --present --presenter >/dev/null 2>&1 &
APP=$!
for _ in $(seq 1 50); do
    [ "$( (xdotool search --onlyvisible --pid $APP 2>/dev/null || true) | wc -l)" -ge 2 ] && break
    sleep 0.2
done
settle
PRESENTER=$(xwininfo -root -tree | grep '"Presenter — ' | awk '{print $1}' | head -1)
STAGE=$(xwininfo -root -tree | grep '("" "Storyplot")' | grep -v '"Presenter — ' |
    awk '{print $1}' | head -1)
stage_fills DUMMY1 "hidpi: --present --presenter"
presenter_on DUMMY0 "hidpi: --present --presenter"
import -window root "$OUT/two-screens-5-hidpi.png"
xdotool windowactivate --sync "$STAGE"
xdotool key x
settle
settle
stage_fills DUMMY0 "hidpi: after X"
presenter_on DUMMY1 "hidpi: after X"
import -window root "$OUT/two-screens-6-hidpi-swapped.png"
xdotool key x
settle
settle
stage_fills DUMMY1 "hidpi: after X again"
presenter_on DUMMY0 "hidpi: after X again"

ls "$OUT"/two-screens-*.png
[ $FAILED -eq 0 ] && echo "all checks passed"
exit $FAILED
