#!/usr/bin/env bash
# Renders a PNG of each console tab into docs/screenshots/ under Xvfb, with live demo traffic:
# held HTTP streams, SSE and long-poll clients on the built-in /test/ backend, a WebSocket through
# Fanout when python3-websockets is there, and a publish every half second.
#   tools/screenshots.sh [BUILD_DIR] [LANGUAGE]   (default: build; English)
# With a LANGUAGE (de, ja) the console runs with --lang and the PNGs go to docs/screenshots/LANGUAGE/,
# to check that no translated label is cut off.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
language=${2:-}
holdfast="$build/app/holdfast"
out=docs/screenshots
lang_args=()
if [ -n "$language" ]; then
    out=docs/screenshots/$language
    lang_args=(--lang "$language")
fi
[ -x "$holdfast" ] || { echo "build first: $holdfast is missing" >&2; exit 1; }

if ! command -v Xvfb >/dev/null; then
    echo "installing xvfb" >&2
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y xvfb; else sudo apt-get install -y xvfb; fi
fi

listen=127.0.0.1:17676
publish=127.0.0.1:15561
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp &
pids+=($!)
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

mkdir -p "$out"
export DISPLAY=$display QT_QPA_PLATFORM=xcb
export HOLDFAST_SCREENSHOT_DIR=$out HOLDFAST_SCREENSHOT_DELAY_MS=7000
export XDG_CONFIG_HOME=$work/config
"$holdfast" --listen "$listen" --publish-listen "$publish" --ledger "$work/ledger.sqlite" "${lang_args[@]}" &
app=$!
pids+=($app)
for _ in $(seq 50); do curl -s -o /dev/null "http://$publish/" && break; sleep 0.1; done

# Demo traffic: clients stay open until the script ends.
for path in stream stream stream sse sse long-poll; do
    curl -s -N -o /dev/null "http://$listen/test/$path" &
    pids+=($!)
done
if /usr/bin/python3 -c 'import websockets' 2>/dev/null; then
    /usr/bin/python3 - "$listen" <<'PY' &
import asyncio, sys, websockets
async def main():
    async with websockets.connect(f"ws://{sys.argv[1]}/test/websocket") as ws:
        async for _ in ws:
            pass
asyncio.run(main())
PY
    pids+=($!)
fi
(
    n=1
    while kill -0 "$app" 2>/dev/null; do
        curl -s -o /dev/null -d "{\"items\":[{\"channel\":\"test\",\"id\":\"$n\",\"formats\":{\"http-stream\":{\"content\":\"tick $n\\n\"},\"ws-message\":{\"content\":\"tick $n\"}}}]}" "http://$publish/publish/" || true
        n=$((n + 1))
        sleep 0.5
    done
) &
pids+=($!)

# The console saves the PNGs and closes itself.
wait "$app" || true
ls -l "$out"/*.png
