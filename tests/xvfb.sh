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
