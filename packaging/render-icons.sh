#!/usr/bin/env bash
# Renders the committed PNG icons from the SVG. Run after editing the SVG (needs librsvg2-bin);
# the build itself only copies the PNGs, so it does not need rsvg-convert.
set -euo pipefail
cd "$(dirname "$0")/icons/hicolor"
for size in 16 32 48 64 128 256; do
    mkdir -p "${size}x${size}/apps"
    rsvg-convert -w "$size" -h "$size" scalable/apps/holdfast.svg -o "${size}x${size}/apps/holdfast.png"
done
