#!/usr/bin/env bash
# tst_package: builds the .deb with CPack from a built tree and checks it with Debian's own tools.
#   check_package.sh BUILD_DIR VERSION HOLDFAST_BINARY [DEB]
# Given DEB, checks that package instead of building one (check_package_rejects.sh does).
set -euo pipefail

build_dir=$1
version=$2
binary=$3
given_deb=${4:-}
work=$build_dir/packaging/tst_package${given_deb:+_given}
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
step() { echo "--- $*"; }

[ -x "$binary" ] || { echo "FAIL: $binary is not built" >&2; exit 1; }
for tool in cpack dpkg-deb dpkg-shlibdeps lintian appstreamcli desktop-file-validate man readelf; do
    command -v "$tool" >/dev/null ||
        { echo "FAIL: $tool is missing (tools/bootstrap.sh test installs it)" >&2; exit 1; }
done

rm -rf "$work"
mkdir -p "$work"
if [ -n "$given_deb" ]; then
    deb=$given_deb
else
    step "cpack"
    # Its own output directory, so a `cpack` run by hand in the build tree is left alone.
    (cd "$build_dir" && cpack -G DEB -B "$work" >"$work/cpack.log" 2>&1) ||
        { cat "$work/cpack.log"; echo "FAIL: cpack" >&2; exit 1; }
    deb=$work/holdfast_${version}_$(dpkg --print-architecture).deb
fi
[ -f "$deb" ] || { ls "$work"; echo "FAIL: no $deb" >&2; exit 1; }
echo "$deb: $(stat -c %s "$deb") bytes"

step "dpkg-deb --info"
info=$(dpkg-deb --info "$deb")
echo "$info"
expect_info() { grep -Eq "$1" <<<"$info" || fail "control: no line matching '$1'"; }
expect_info "^ Package: holdfast$"
expect_info "^ Version: ${version//./\\.}$"
expect_info "^ Section: net$"
expect_info "^ Maintainer: .+<.+@.+>$"
expect_info "^ Homepage: https://"
# From dpkg-shlibdeps: the Qt libraries the binary links, with versions.
expect_info "^ Depends: .*libqt6core6[^,]*\(>= 6"
expect_info "^ Depends: .*libqt6widgets6"
expect_info "^ Depends: .*libssl3"
# A plugin, so only named by hand.
expect_info "^ Depends: .*libqt6sql6-sqlite"

step "dpkg-deb --contents"
contents=$(dpkg-deb --contents "$deb")
echo "$contents"
for path in usr/bin/holdfast \
    usr/share/applications/holdfast.desktop \
    usr/share/metainfo/io.github.holdfast.Holdfast.metainfo.xml \
    usr/share/icons/hicolor/scalable/apps/holdfast.svg \
    usr/share/icons/hicolor/{16x16,32x32,48x48,64x64,128x128,256x256}/apps/holdfast.png \
    usr/share/man/man1/holdfast.1.gz \
    lib/systemd/system/holdfast.service \
    usr/share/doc/holdfast/copyright usr/share/doc/holdfast/changelog.gz; do
    grep -q " \./$path\$" <<<"$contents" || fail "contents: no /$path"
done

root=$work/root
dpkg-deb -x "$deb" "$root"
packaged=$root/usr/bin/holdfast

step "the packaged binary"
rpath=$(readelf -d "$packaged" | grep -E 'RPATH|RUNPATH' || true)
[ -z "$rpath" ] || fail "the packaged binary carries a run path: $rpath"
readelf -S "$packaged" | grep -q '\.debug_info' && fail "the packaged binary is not stripped"
"$packaged" --version | grep -qx "holdfast $version" || fail "--version does not say $version"
help=$(QT_QPA_PLATFORM=offscreen "$packaged" --help)
report_help=$("$packaged" report --help)
load_help=$("$packaged" load --help)
publish_help=$("$packaged" publish --help)

step "man page"
man_warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z \
    "$root/usr/share/man/man1/holdfast.1.gz" 2>&1 >/dev/null || true)
[ -z "$man_warnings" ] || fail "man --warnings: $man_warnings"
man_source=$(gzip -dc "$root/usr/share/man/man1/holdfast.1.gz")
# A version bump in CMake must reach the man page and the changelog too.
grep -q "^\.TH HOLDFAST 1 .*\"holdfast $version\"" <<<"$man_source" ||
    fail "holdfast.1: .TH does not name holdfast $version"
gzip -dc "$root/usr/share/doc/holdfast/changelog.gz" | head -n 1 | grep -qF "holdfast ($version)" ||
    fail "changelog: the latest entry is not $version"
# Every option the --help of holdfast, report, load and publish lists must be in the man page,
# where roff writes - as \-.
for option in $(grep -oE -- '--[a-z][a-z-]+' <<<"$help$report_help$load_help$publish_help" | sort -u); do
    grep -qF -- "${option//-/\\-}" <<<"$man_source" || fail "holdfast.1 does not document $option"
done

step "desktop-file-validate"
desktop-file-validate "$root/usr/share/applications/holdfast.desktop" || fail "desktop-file-validate"

step "appstreamcli validate --no-net"
appstreamcli validate --no-net --explain \
    "$root/usr/share/metainfo/io.github.holdfast.Holdfast.metainfo.xml" ||
    fail "appstreamcli validate"
# Also checks that the metainfo's launchable and icon exist in the tree.
appstreamcli validate-tree --no-net "$root" || fail "appstreamcli validate-tree"

step "systemd-analyze verify"
if command -v systemd-analyze >/dev/null; then
    # The unit as installed, but started from the unpacked binary; MANPATH lets verify find
    # Documentation=man:holdfast(1) in the package.
    mkdir -p "$work/unit"
    sed "s|^ExecStart=/usr/bin/holdfast |ExecStart=$packaged |" \
        "$root/lib/systemd/system/holdfast.service" >"$work/unit/holdfast.service"
    grep -q "^ExecStart=$packaged " "$work/unit/holdfast.service" || fail "ExecStart= is not /usr/bin/holdfast"
    # Unknown keys and bad values are reported on lines naming the unit file, exit code or not.
    verify=$(MANPATH=$root/usr/share/man systemd-analyze verify "$work/unit/holdfast.service" 2>&1 || true)
    echo "$verify"
    if grep -q holdfast.service <<<"$verify"; then
        fail "systemd-analyze verify holdfast.service"
    fi
else
    echo "SKIP: systemd-analyze is not installed (package systemd)"
fi

step "lintian"
lintian --display-info --tag-display-limit 0 "$deb" >"$work/lintian.log" 2>&1 || true
cat "$work/lintian.log"
grep -q '^E: ' "$work/lintian.log" && fail "lintian reports errors"

if ((failures)); then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "PASS: $deb"
