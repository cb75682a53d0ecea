#!/usr/bin/env bash
# Installs Rapport's C SDK from a cargo build into PREFIX: include/rapport.h, lib/librapport.so.X.Y.Z
# (+ the SONAME and dev symlinks), lib/librapport.a and lib/pkgconfig/rapport.pc.
#   cargo build --release -p rapport-ffi && bash scripts/c_sdk.sh release /opt/rapport
#   export PKG_CONFIG_PATH=/opt/rapport/lib/pkgconfig
set -euo pipefail
profile="${1:?usage: c_sdk.sh debug|release PREFIX}"
prefix="${2:?usage: c_sdk.sh debug|release PREFIX}"
cd "$(dirname "$0")/.."
target_dir="${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')}"
built="$target_dir/$profile"
version="$(sed -n 's/^Version: //p' bindings/c/rapport.pc)"
major="${version%%.*}"
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"

install -d "$prefix/include" "$prefix/lib/pkgconfig"
install -m 644 bindings/c/include/rapport.h "$prefix/include/rapport.h"
install -m 755 "$built/librapport.so" "$prefix/lib/librapport.so.$version"
ln -sfn "librapport.so.$version" "$prefix/lib/librapport.so.$major"
ln -sfn "librapport.so.$major" "$prefix/lib/librapport.so"
install -m 644 "$built/librapport.a" "$prefix/lib/librapport.a"
sed "s|^prefix=.*|prefix=$prefix|" bindings/c/rapport.pc > "$prefix/lib/pkgconfig/rapport.pc"
echo "Rapport $version C SDK installed in $prefix"
