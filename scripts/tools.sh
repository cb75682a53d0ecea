# Shared helpers for the test scripts: the cargo target dir and idempotent installs.
# shellcheck shell=bash

# The workspace's target directory (honours CARGO_TARGET_DIR).
cargo_target_dir() {
    if [ -n "${CARGO_TARGET_DIR:-}" ]; then
        echo "$CARGO_TARGET_DIR"
    else
        cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p'
    fi
}

# Installs the Debian packages that are missing (apt-get update first, once); quick when all are there.
ensure_apt_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2> /dev/null | grep -q 'ok installed' || missing+=("$package")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        echo "Installing ${missing[*]}"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
    fi
}

# wasm-opt's flags for the shipped module (scripts/test_web.sh) and the method-cost probe (scripts/wasm_method_cost.sh).
# -O3, except that functions with one caller are not inlined (-ocimfs 0): that inlining merged each method's readers
# into one function, which gzip compresses far worse (about 400 bytes gzipped more per method, 50 KB of the module),
# for no measured speed. The features are those rustc enables for wasm32 by default; wasm-opt must accept them.
# shellcheck disable=SC2034
wasm_opt_flags=(-O3 --one-caller-inline-max-function-size 0 --enable-bulk-memory --enable-nontrapping-float-to-int
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue)
