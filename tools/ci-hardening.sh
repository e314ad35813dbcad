#!/usr/bin/env bash
# The hardening stage of CI (docs/security.md): every libFuzzer target for a bounded time, the whole
# suite under ASan+UBSan, the threaded broker tests under TSan. Any crash or sanitizer report fails
# it. tools/bootstrap.sh test runs it when CI=true or HOLDFAST_HARDENING=1; it can also be run on
# its own after bootstrap has installed the packages:
#   tools/ci-hardening.sh [fuzz] [asan] [tsan]      (default: $HOLDFAST_HARDENING_PHASES)
# Knobs: HOLDFAST_HARDENING_PHASES (default "fuzz asan tsan"), HOLDFAST_FUZZ_SECONDS (per target, default 20), HOLDFAST_HARDENING_DIR
# (build dirs, default build-hardening), HOLDFAST_JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

root=$PWD
out=${HOLDFAST_HARDENING_DIR:-build-hardening}
fuzz_seconds=${HOLDFAST_FUZZ_SECONDS:-20}
jobs=${HOLDFAST_JOBS:-$(nproc)}
phases=("$@")
((${#phases[@]})) || read -r -a phases <<<"${HOLDFAST_HARDENING_PHASES:-fuzz asan tsan}"

# The tests that run BrokerHost's and LedgerHost's threads (and the binary, for headless and
# faults), plus tsan_canary, which passes only if TSan still reports a race in our code: the rest
# are single-threaded parsers and models, for which TSan has nothing to say.
tsan_tests='^(tsan_canary|tst_(passthrough|passthroughinterop|passthroughtls|httpproxy|httpproxycurl|fanouthttp|fanoutws|fanoutwsclose|fanoutwsdeflate|routeoptions|publishapi|publishcomposer|ledgerwriter|brokernode|console|headless|usagepage|faults|limits|tlslistener))$'

phase_start=0
begin() {
    phase_start=$SECONDS
    echo "=== hardening: $1"
}
end() { echo "=== hardening: $1 took $((SECONDS - phase_start)) s"; }

configure() { # dir, extra cmake arguments...
    local dir=$1
    shift
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >"$dir.configure.log" 2>&1 ||
        {
            cat "$dir.configure.log"
            return 1
        }
}

run_fuzz() {
    begin "fuzz (${fuzz_seconds} s per target)"
    local dir=$out/fuzz
    mkdir -p "$dir"
    CC=clang CXX=clang++ configure "$dir" -DHOLDFAST_FUZZ=ON
    cmake --build "$dir" -j "$jobs"
    local failed=()
    local target dict
    while read -r target dict; do
        # New inputs go to a scratch corpus; the committed seeds stay as written.
        local work=$dir/work/$target
        rm -rf "$work"
        mkdir -p "$work" "$dir/crashes"
        local args=(-max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048
            -print_final_stats=1 -artifact_prefix="$dir/crashes/$target-")
        [ -z "$dict" ] || args+=(-dict="$root/tests/fuzz/dict/$dict")
        if "$dir/tests/fuzz/$target" "${args[@]}" "$work" "$root/tests/fuzz/corpus/$target" \
            >"$dir/$target.log" 2>&1; then
            echo "$target: $(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$dir/$target.log" |
                grep -Eo '[0-9]+$') runs, no crash"
        else
            echo "$target: FAILED (log $dir/$target.log, inputs in $dir/crashes)"
            tail -n 40 "$dir/$target.log"
            failed+=("$target")
        fi
    done <"$dir/fuzz-targets.txt"
    end fuzz
    ((${#failed[@]} == 0)) || {
        echo "fuzzers failed: ${failed[*]}"
        return 1
    }
}

run_asan() {
    begin "ASan+UBSan build and the whole suite"
    local dir=$out/asan
    mkdir -p "$dir"
    configure "$dir" -DHOLDFAST_SANITIZE=address,undefined
    cmake --build "$dir" -j "$jobs"
    (cd "$dir" && ctest --output-on-failure -j 2 --timeout 900)
    end asan
}

run_tsan() {
    begin "TSan build and the threaded tests"
    local dir=$out/tsan
    mkdir -p "$dir"
    configure "$dir" -DHOLDFAST_SANITIZE=thread
    # Only what those tests need; their names double as target names.
    local targets
    mapfile -t targets < <(cd "$dir" && ctest -N -R "$tsan_tests" | sed -n 's/^ *Test *#[0-9]*: //p')
    cmake --build "$dir" -j "$jobs" --target holdfast "${targets[@]}"
    (cd "$dir" && ctest --output-on-failure -j 2 --timeout 900 -R "$tsan_tests")
    end tsan
}

total_start=$SECONDS
for phase in "${phases[@]}"; do
    case $phase in
    fuzz) run_fuzz ;;
    asan) run_asan ;;
    tsan) run_tsan ;;
    *)
        echo "unknown phase: $phase (fuzz, asan, tsan)" >&2
        exit 2
        ;;
    esac
done
echo "=== hardening: all phases passed in $((SECONDS - total_start)) s"
