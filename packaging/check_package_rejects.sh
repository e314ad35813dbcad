#!/usr/bin/env bash
# tst_package_rejects: check_package.sh must fail a package with a hole in it. Repacks the real
# .deb with one defect per check and expects each check to name its defect.
#   check_package_rejects.sh BUILD_DIR VERSION HOLDFAST_BINARY
set -euo pipefail

build_dir=$1
version=$2
binary=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$build_dir/packaging/tst_package_rejects

[ -x "$binary" ] || { echo "FAIL: $binary is not built" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"
(cd "$build_dir" && cpack -G DEB -B "$work" >"$work/cpack.log" 2>&1) ||
    { cat "$work/cpack.log"; echo "FAIL: cpack" >&2; exit 1; }
tree=$work/tree
dpkg-deb -R "$work/holdfast_${version}_$(dpkg --print-architecture).deb" "$tree"

rm "$tree/usr/share/icons/hicolor/64x64/apps/holdfast.png"
man=$tree/usr/share/man/man1/holdfast.1.gz
gzip -dc "$man" | sed '/ca\\-file/d' | gzip -9n >"$man.new"
mv "$man.new" "$man"
sed -i '/^Type=/d' "$tree/usr/share/applications/holdfast.desktop"
sed -i '/<summary>/d' "$tree/usr/share/metainfo/io.github.holdfast.Holdfast.metainfo.xml"
sed -i 's/^ProtectSystem=strict/ProtectSystem=sometimes/' "$tree/lib/systemd/system/holdfast.service"
broken=$work/holdfast_broken.deb
dpkg-deb --root-owner-group -b "$tree" "$broken" >/dev/null

status=0
bash "$here/check_package.sh" "$build_dir" "$version" "$binary" "$broken" >"$work/check.log" 2>&1 ||
    status=$?
cat "$work/check.log"
echo "=== check_package.sh exited with $status"
expected=(
    "FAIL: contents: no /usr/share/icons/hicolor/64x64/apps/holdfast.png"
    "FAIL: holdfast.1 does not document --ca-file"
    "FAIL: desktop-file-validate"
    "FAIL: appstreamcli validate"
)
if command -v systemd-analyze >/dev/null; then
    expected+=("FAIL: systemd-analyze verify holdfast.service")
else
    echo "SKIP (unit defect): systemd-analyze is not installed (package systemd)"
fi
missing=0
for line in "${expected[@]}"; do
    if ! grep -qxF "$line" "$work/check.log"; then
        echo "MISSED: $line" >&2
        missing=1
    fi
done
[ "$status" -ne 0 ] || { echo "FAIL: the broken package passed" >&2; exit 1; }
[ "$missing" -eq 0 ] || exit 1
echo "PASS: every defect was reported"
