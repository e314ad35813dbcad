#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine: installs what is missing, builds, then either
# runs the console (run) or the whole test suite (test).
#   tools/bootstrap.sh run [holdfast options...]
#   tools/bootstrap.sh test
# In test mode with CI=true or HOLDFAST_HARDENING=1 it first runs tools/ci-hardening.sh (fuzzers,
# ASan+UBSan and TSan builds; docs/security.md), so a developer's plain test run stays quick.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
hardening=0
if [ "${CI:-}" = true ] || [ "${HOLDFAST_HARDENING:-0}" = 1 ]; then
    hardening=1
fi
case "$mode" in
run | test) shift ;;
*)
    echo "usage: $0 run [holdfast options...] | test" >&2
    exit 2
    ;;
esac

packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-websockets-dev libqt6sql6-sqlite qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools libgl-dev libssl-dev zlib1g-dev
    qt6-translations-l10n # Qt's own strings (standard buttons) in the console's language
)
# The test suite's independent peers; running the console needs none of them.
if [ "$mode" = test ]; then
    packages+=(
        python3 python3-websockets curl clang-format
        iproute2 # ss(8) reads the listen backlog in tst_httpproxy
        pushpin  # the reference GRIP proxy for the differential tests (pulls in condure and zurl)
        chromium # Debian's browser for tests/tst_chromium (never a downloaded one)
        # tst_package: dpkg-shlibdeps for cpack, then Debian's checkers of the .deb, its AppStream
        # metadata, menu entry, man page (man --warnings) and unit (systemd-analyze verify)
        dpkg-dev lintian appstream desktop-file-utils man-db systemd
    )
    # tests/peers/grip-node (the official @fanoutio/grip library) needs Node.js and npm; a
    # machine that already has them (e.g. from NodeSource, whose nodejs bundles npm) keeps its own.
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        packages+=(nodejs npm)
    fi
    if [ "$hardening" = 1 ]; then
        packages+=(clang libclang-rt-14-dev llvm) # libFuzzer, its runtimes and llvm-symbolizer
    fi
fi
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
        missing+=("$package")
done
if ((${#missing[@]})); then
    echo "Installing: ${missing[*]}"
    as_root=()
    [ "$(id -u)" -eq 0 ] || as_root=(sudo)
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}"
    # The tests start their own Pushpin on free ports; the package's system service would hold
    # 7999 and 5561 (Holdfast's default publish port), so it is stopped and disabled.
    if [[ " ${missing[*]} " == *" pushpin "* ]] && [ -d /run/systemd/system ]; then
        "${as_root[@]}" systemctl disable --now pushpin.service zurl.service || true
    fi
fi

# The GRIP backend on the official Node library, for tests/tst_gripnode and tst_pushpindiffws.
if [ "$mode" = test ] && command -v npm >/dev/null; then
    npm ci --prefix tests/peers/grip-node --no-audit --no-fund
fi

build_dir=${HOLDFAST_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
if [ "$mode" = run ]; then
    # The application and the libraries it links, not the test programs nobody asked for.
    cmake --build "$build_dir" -j "$(nproc)" --target holdfast
else
    cmake --build "$build_dir" -j "$(nproc)"
fi

if [ "$mode" = run ]; then
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [[ " $* " != *" --headless "* ]]; then
        echo "No display found: running the broker headless (Ctrl+C stops it)." >&2
        set -- --headless "$@"
    fi
    exec "$build_dir/app/holdfast" "$@"
fi

if [ "$mode" = test ] && [ "$hardening" = 1 ]; then
    tools/ci-hardening.sh
fi

cd "$build_dir"
exec ctest --output-on-failure -j 2 --timeout 600
