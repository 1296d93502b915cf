#!/usr/bin/env bash
# Builds the app and only what it needs (installing missing Debian packages first) and starts it.
# Extra arguments go to the app, e.g. scripts/run.sh --replay FILE.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target flowscope

app=build/release/app/flowscope
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$app" "$@"
fi
# No screen (a server, a container): run the real window under a virtual display and keep a picture.
shot=build/release/flowscope-screenshot.png
echo "flowscope: no display found; running under Xvfb and saving the window to $shot"
exec xvfb-run -a -s "-screen 0 1920x1080x24" "$app" --speed max --screenshot "$shot" "$@"
