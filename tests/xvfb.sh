# Sourced by the scripts that run the app in a real window: starts Xvfb of SIZE (WIDTHxHEIGHT)
# on DISPLAY_NUM with openbox as window manager (keyboard focus and fullscreen need one), gives
# the app a fresh profile so remembered preferences do not change what it shows, and stops
# everything on exit (including the app, whose pid the caller keeps in APP).
#   start_xvfb SIZE DISPLAY_NUM
start_xvfb() {
    Xvfb "$2" -screen 0 "${1}x24" -nolisten tcp >/dev/null 2>&1 &
    XVFB=$!
    APP=
    trap 'kill $APP $WM $XVFB 2>/dev/null || true' EXIT
    export DISPLAY=$2
    sleep 1
    openbox >/dev/null 2>&1 &
    WM=$!
    sleep 0.5
    XDG_DATA_HOME=$(mktemp -d) XDG_CONFIG_HOME=$(mktemp -d) XDG_RUNTIME_DIR=$(mktemp -d)
    export XDG_DATA_HOME XDG_CONFIG_HOME XDG_RUNTIME_DIR
}

# Prints the id of process $1's first visible window, waiting up to 12 s for it; fails (with a
# message on stderr) when none appears.
#   W=$(window_of $APP)
window_of() {
    local w
    for _ in $(seq 1 60); do
        w=$( (xdotool search --onlyvisible --pid "$1" 2>/dev/null || true) | head -1)
        [ -n "$w" ] && { echo "$w"; return 0; }
        sleep 0.2
    done
    echo "no window appeared" >&2
    return 1
}
