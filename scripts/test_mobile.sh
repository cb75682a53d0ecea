#!/usr/bin/env bash
# Mobile bindings tests: installs what they need (only when missing), generates the bindings from the
# workspace's debug build, runs the Python scenario (pytest) and the Kotlin scenario (kotlinc + JNA on the JVM),
# and checks the Swift sources are produced.
set -euo pipefail
cd "$(dirname "$0")/.."

KOTLIN_COMPILER_VERSION=2.4.20
step() { printf '\n==> %s\n' "$*"; }

source scripts/tools.sh
target_dir="$(cargo_target_dir)"
tools="$target_dir/tools"

step "mobile: tools (installed only when missing)"
ensure_apt_packages libjna-java
command -v javac > /dev/null || ensure_apt_packages default-jdk-headless
if ! python3 -c 'import pytest' 2> /dev/null; then
    python3 -m pip install -q pytest 2> /dev/null || python3 -m pip install -q --break-system-packages pytest
fi
kotlin_home="$tools/kotlin-$KOTLIN_COMPILER_VERSION"
kotlinc="$kotlin_home/node_modules/kotlin-compiler/bin/kotlinc"
if [ ! -x "$kotlinc" ]; then
    mkdir -p "$kotlin_home"
    npm install --silent --no-audit --no-fund --prefix "$kotlin_home" "kotlin-compiler@$KOTLIN_COMPILER_VERSION"
fi
jna=/usr/share/java/jna.jar
echo "python $(python3 -c 'import sys; print(sys.version.split()[0])'), pytest $(python3 -c 'import pytest; print(pytest.__version__)'), kotlinc $KOTLIN_COMPILER_VERSION, $(java -version 2>&1 | head -1), jna $(readlink -f "$jna")"

step "mobile: generate bindings (scripts/bindings.sh)"
# The same build as `cargo test` (dev-dependency features included), so nothing is compiled twice.
cargo build --workspace --all-targets
bash scripts/bindings.sh --no-build
lib_dir="$target_dir/debug"

step "mobile: Swift sources are produced"
for f in rapport.swift rapportFFI.h rapportFFI.modulemap rapport_core.swift rapport_coreFFI.h rapport_coreFFI.modulemap; do
    [ -s "bindings/swift/$f" ] || { echo "missing bindings/swift/$f" >&2; exit 1; }
done
grep -q 'class Engine' bindings/swift/rapport.swift
grep -q 'enum RapportError' bindings/swift/rapport_core.swift
echo "ok: $(ls bindings/swift | tr '\n' ' ')"

step "mobile: Python scenario (pytest)"
RAPPORT_PYTHON_BINDINGS="$PWD/bindings/python" python3 -m pytest -q -p no:cacheprovider tests/python

step "mobile: README's Python example"
readme_block() { awk -v lang="$1" '$0 == "```" lang {f = 1; next} /^```$/ {if (f) exit} f' README.md; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
readme_block python > "$tmp/readme_example.py"
(cd "$tmp" && PYTHONPATH="$OLDPWD/bindings/python" python3 readme_example.py) && echo ok

step "mobile: Kotlin scenario and README's Kotlin example (kotlinc + JNA)"
build="$target_dir/kotlin-test"
mkdir -p "$build"
readme_block kotlin > "$build/Readme.kt"
# Recompile only when the generated bindings or the scenario changed (kotlinc is slow to start).
sources="$(find bindings/kotlin tests/kotlin -name '*.kt' | sort) $build/Readme.kt"
stamp=$(cat $sources | sha256sum | cut -d' ' -f1)
if [ ! -f "$build/app.jar" ] || [ "$(cat "$build/stamp" 2> /dev/null)" != "$stamp" ]; then
    # shellcheck disable=SC2086
    "$kotlinc" -nowarn -include-runtime -cp "$jna" -d "$build/app.jar" $sources
    echo "$stamp" > "$build/stamp"
fi
java -Djna.library.path="$lib_dir" -cp "$build/app.jar:$jna" MainKt

printf '\nMobile bindings: all checks passed.\n'
