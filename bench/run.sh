#!/usr/bin/env bash
# Holdfast against Pushpin and nginx in one run (bench/README.md): installs what is missing
# (Debian 12, as root or with sudo), builds Holdfast in Release in build-bench, then runs
# bench/run.py, which starts every peer itself on free 127.0.0.1 ports.
#   bench/run.sh [--quick] [--rounds N] [--scenarios S1,S3,S4,S5,S6] [--json F] [--markdown F]
#                [--chart F] [--verbose]
# Not part of CI: a full run takes about ten minutes on 2 cores and wants a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
    cmake ninja-build g++ pkg-config qt6-base-dev qt6-websockets-dev libqt6sql6-sqlite
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev libssl-dev qt6-translations-l10n
    python3 iproute2 # the driver, and ss(8) to count established connections
    pushpin          # the reference GRIP proxy (with condure and zurl)
    nginx-light      # the reference WebSocket reverse proxy
)
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
    # The driver starts its own instances; system services would only compete for the CPU.
    if [ -d /run/systemd/system ]; then
        "${as_root[@]}" systemctl disable --now pushpin.service zurl.service nginx.service || true
    fi
fi

build_dir=${HOLDFAST_BENCH_BUILD_DIR:-build-bench}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target holdfast bench_echo_origin bench_gui_stall

exec python3 bench/run.py --build "$build_dir" "$@"
