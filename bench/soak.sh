#!/usr/bin/env bash
# Soak: a headless broker under rounds of connection churn (SSE, Fanout WebSockets, WebSocket
# passthrough to a local echo origin) with publishes, its RSS and open descriptors sampled all
# along. Fails when descriptors do not come back to the idle baseline after the last round, or
# RSS keeps growing past a threshold. See bench/SOAK.md. Not run by CI.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/soak.sh [--build DIR] [--minutes M | --quick] [--out DIR]
                     [--fd-tolerance N] [--rss-growth-mib MIB] [--clients N] [--echo-clients N]

  --build DIR          build directory with app/holdfast (Release or RelWithDebInfo); default build
  --minutes M          how long to run rounds (default 10)
  --quick              one minute, for trying it out
  --out DIR            where soak.csv, summary.txt and the logs go (default: a new /tmp dir)
  --fd-tolerance N     descriptors allowed above the idle baseline at the end (default 2)
  --rss-growth-mib MIB RSS growth allowed from the end of round 1 to the end (default 16)
  --clients N          SSE and Fanout WebSocket clients per round, each (default 200)
  --echo-clients N     passthrough WebSocket clients echoing through the origin (default 50)
EOF
}

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build"
minutes=10
out=""
fd_tolerance=2
rss_growth_mib=16
clients=200
echo_clients=50
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=$(cd "$2" && pwd); shift 2 ;;
    --minutes) minutes="$2"; shift 2 ;;
    --quick) minutes=1; shift ;;
    --out) out="$2"; shift 2 ;;
    --fd-tolerance) fd_tolerance="$2"; shift 2 ;;
    --rss-growth-mib) rss_growth_mib="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --echo-clients) echo_clients="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
    esac
done
holdfast="$build/app/holdfast"
[ -x "$holdfast" ] || { echo "soak: no $holdfast (cmake --build $build --target holdfast)" >&2; exit 2; }
[ -n "$out" ] || out=$(mktemp -d /tmp/holdfast-soak.XXXXXX)
mkdir -p "$out"
csv="$out/soak.csv"
summary="$out/summary.txt"

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

# The WebSocket passthrough needs an echo origin: python3-websockets' tests/peers/ws_origin.py.
origin_port=""
if /usr/bin/python3 -c 'import websockets' 2>/dev/null; then
    /usr/bin/python3 "$root/tests/peers/ws_origin.py" --no-deflate >"$out/origin.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do
        origin_port=$(awk '/^READY/ {print $2; exit}' "$out/origin.log")
        [ -n "$origin_port" ] && break
        sleep 0.1
    done
fi
[ -n "$origin_port" ] || echo "soak: no python3-websockets; rounds skip the WebSocket passthrough" >&2

routes="$out/routes"
printf '*,path_beg=/test/ test\n' >"$routes"
[ -z "$origin_port" ] || printf '* 127.0.0.1:%s\n' "$origin_port" >>"$routes"

"$holdfast" --headless --listen 127.0.0.1:0 --publish-listen 127.0.0.1:0 --routes "$routes" \
    --ledger "$out/ledger.sqlite" >"$out/holdfast.log" 2>&1 &
broker=$!
pids+=($broker)
port=""
for _ in $(seq 100); do
    line=$(grep -m1 'listening on' "$out/holdfast.log" || true)
    if [ -n "$line" ]; then
        port=$(sed -E 's/.*listening on [^ ]*:([0-9]+) with.*/\1/' <<<"$line")
        publish_port=$(sed -E 's/.*publish API on [^ ]*:([0-9]+).*/\1/' <<<"$line")
        break
    fi
    sleep 0.1
done
[ -n "$port" ] || { echo "soak: the broker did not start:" >&2; cat "$out/holdfast.log" >&2; exit 1; }

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$broker/status"; }
fd_count() { ls "/proc/$broker/fd" | wc -l; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$broker/status"; }

start_s=$(date +%s)
round=0
phase=idle
echo "time_utc,elapsed_s,round,phase,rss_kib,fds,threads" >"$csv"
sample() {
    kill -0 "$broker" 2>/dev/null || return 0
    echo "$(date -u +%FT%TZ),$(($(date +%s) - start_s)),$round,$phase,$(rss_kib),$(fd_count),$(threads)" >>"$csv"
}
# A sampler in the background, every 2 s; the round loop tells it the phase through a file.
phase_file="$out/.phase"
echo "0 idle" >"$phase_file"
(
    while kill -0 "$broker" 2>/dev/null; do
        read -r round phase <"$phase_file" || true
        sample
        sleep 2
    done
) &
pids+=($!)
set_phase() { echo "$round $1" >"$phase_file"; phase=$1; }

sleep 3
idle_rss=$(rss_kib)
idle_fds=$(fd_count)
echo "soak: broker pid $broker on 127.0.0.1:$port (publish $publish_port); idle RSS $idle_rss KiB, $idle_fds fds; $minutes min; output in $out"

# One round: three load generators at once, each opening its clients, receiving publishes for
# a few seconds and closing every socket; the passthrough clients echo messages meanwhile.
load() {
    "$holdfast" load --ramp-rate 1000 --duration 8s --drain 2s --json "$@"
}
end_s=$((start_s + minutes * 60))
load_failures=0
warm_rss=""
while [ "$(date +%s)" -lt "$end_s" ]; do
    round=$((round + 1))
    set_phase load
    load --url "http://127.0.0.1:$port/test/sse" --transport sse --clients "$clients" \
        --publish-url "http://127.0.0.1:$publish_port/publish/" --channel test --publish-rate 20 \
        >"$out/round-$round-sse.json" 2>"$out/round-$round-sse.err" &
    l1=$!
    load --url "ws://127.0.0.1:$port/test/websocket" --transport ws --clients "$clients" \
        --publish-url "http://127.0.0.1:$publish_port/publish/" --channel test --publish-rate 20 \
        >"$out/round-$round-wsfanout.json" 2>"$out/round-$round-wsfanout.err" &
    l2=$!
    l3=""
    if [ -n "$origin_port" ]; then
        # Passthrough clients that send: each echoes through the broker to the origin and back.
        load --url "ws://127.0.0.1:$port/echo" --transport ws --echo --clients "$echo_clients" \
            >"$out/round-$round-echo.json" 2>"$out/round-$round-echo.err" &
        l3=$!
    fi
    for l in $l1 $l2 $l3; do
        wait "$l" || load_failures=$((load_failures + 1))
    done
    kill -0 "$broker" 2>/dev/null || { echo "soak: the broker died in round $round" >&2; exit 1; }
    set_phase idle
    sleep 2
    [ -n "$warm_rss" ] || warm_rss=$(rss_kib)
done
rounds=$round

# Descriptors of the closed clients go once the broker has seen every close; give it a moment.
set_phase settle
end_fds=$(fd_count)
for _ in $(seq 30); do
    end_fds=$(fd_count)
    [ "$end_fds" -le $((idle_fds + fd_tolerance)) ] && break
    sleep 0.5
done
end_rss=$(rss_kib)
sample
max_rss=$(awk -F, 'NR > 1 && $5 > m {m = $5} END {print m}' "$csv")
max_fds=$(awk -F, 'NR > 1 && $6 > m {m = $6} END {print m}' "$csv")
# RSS at the idle end of each round, fitted to a line: KiB per round.
slope=$(awk -F, 'NR > 1 && $4 == "idle" && $3 > 0 {x[$3] = $3; y[$3] = $5}
    END {n = 0; for (k in x) {n++; sx += x[k]; sy += y[k]; sxx += x[k] * x[k]; sxy += x[k] * y[k]}
         d = n * sxx - sx * sx; if (n < 2 || d == 0) print 0; else printf "%.0f", (n * sxy - sx * sy) / d}' "$csv")
deliveries=$(/usr/bin/python3 - "$out" <<'PY'
import glob, json, sys
received = lost = 0
for name in glob.glob(sys.argv[1] + "/round-*-sse.json") + glob.glob(sys.argv[1] + "/round-*-wsfanout.json"):
    try:
        messages = json.load(open(name))["messages"]
    except (ValueError, KeyError, OSError):
        continue
    received += messages.get("received", 0)
    lost += messages.get("lost", 0)
print("%d received, %d lost" % (received, lost))
PY
)
echoes=$(/usr/bin/python3 - "$out" <<'PY'
import glob, json, sys
sent = completed = errors = 0
for name in glob.glob(sys.argv[1] + "/round-*-echo.json"):
    try:
        echo = json.load(open(name))["echo"]
    except (ValueError, KeyError, OSError):
        continue
    sent += echo.get("sent", 0)
    completed += echo.get("completed", 0)
    errors += echo.get("errors", 0)
print("%d sent, %d echoed, %d errors" % (sent, completed, errors))
PY
)

# A clean stop, and the ledger counting every connection as closed.
kill -TERM "$broker"
broker_exit=0
wait "$broker" || broker_exit=$?
report=$("$holdfast" report --ledger "$out/ledger.sqlite" --by transport --format json)
ledger=$(/usr/bin/python3 -c 'import json, sys
t = json.load(sys.stdin)["total"]
print("%d connections, %d open, %d minutes" % (t["connections"], t["open_connections"], t["minutes"]))' <<<"$report")
ledger_open=$(/usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["total"]["open_connections"])' <<<"$report")

verdict=ok
problems=()
if [ "$end_fds" -gt $((idle_fds + fd_tolerance)) ]; then
    problems+=("descriptors: $end_fds at the end, idle baseline $idle_fds (tolerance $fd_tolerance)")
fi
if [ $((end_rss - warm_rss)) -gt $((rss_growth_mib * 1024)) ]; then
    problems+=("RSS grew $(((end_rss - warm_rss) / 1024)) MiB after round 1 (threshold $rss_growth_mib MiB)")
fi
[ "$broker_exit" -eq 0 ] || problems+=("the broker exited $broker_exit on SIGTERM")
[ "$ledger_open" -eq 0 ] || problems+=("the ledger has $ledger_open open connections after the stop")
[ ${#problems[@]} -eq 0 ] || verdict=FAIL

{
    echo "holdfast soak: $minutes min, $rounds rounds of $clients clients per transport, $(date -u +%FT%TZ)"
    echo "command: bench/soak.sh --build $build --minutes $minutes --clients $clients --echo-clients $echo_clients"
    echo "RSS KiB: idle $idle_rss, after round 1 $warm_rss, end $end_rss, max $max_rss; slope $slope KiB/round"
    echo "fds: idle $idle_fds, end $end_fds, max $max_fds (tolerance $fd_tolerance)"
    echo "messages to SSE and Fanout WebSocket clients: $deliveries; load runs that reported a failure: $load_failures"
    echo "WebSocket passthrough echoes: $echoes"
    echo "ledger after SIGTERM (exit $broker_exit): $ledger"
    for p in "${problems[@]}"; do echo "problem: $p"; done
    echo "verdict: $verdict"
} | tee "$summary"
[ "$verdict" = ok ]
