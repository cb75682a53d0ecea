#!/usr/bin/env bash
# The long form of the boundary fuzzing: coverage-guided runs (cargo-fuzz, libFuzzer, stable toolchain) of the
# targets in tests/fuzz/, then a merge of what they found into the committed corpus, minimised.
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     # default: 600 s each, engine_call and c_entry_points
#
# Installs cargo-fuzz when missing. The instrumented build goes to $RAPPORT_FUZZ_TARGET_DIR (default
# tests/fuzz/target), apart from the workspace's. A broken rule stops that target's run: the input is saved
# under tests/fuzz/artifacts/<target>/ and the script exits non-zero at the end; copy the input into
# tests/fuzz/corpus/<target>/regress-<what> so the bounded test (tests/tests/fuzz_boundary.rs) replays it.
# Inputs named regress-* (regressions) and seed-* (one readable request per method) are always kept; the rest
# of the corpus is what covers the features found.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

seconds="${1:-600}"
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(engine_call c_entry_points)

command -v cargo-fuzz > /dev/null || cargo install cargo-fuzz
export CARGO_TARGET_DIR="${RAPPORT_FUZZ_TARGET_DIR:-$root/tests/fuzz/target}"
triple="$(rustc -vV | sed -n 's/^host: //p')"

cd tests/fuzz
# No sanitizer: -Zsanitizer needs nightly; libFuzzer's coverage instrumentation works on stable. Should a
# cargo-fuzz release need a nightly flag, RUSTC_BOOTSTRAP=1 lets the stable compiler take it.
cargo fuzz build --fuzz-dir . -s none -O || RUSTC_BOOTSTRAP=1 cargo fuzz build --fuzz-dir . -s none -O

# The schemas' names (fields, methods, enum values) as a libFuzzer dictionary for the text form.
dict="$(mktemp)"
work="$(mktemp -d)"
trap 'rm -rf "$work" "$dict"' EXIT
grep -ohE '"[A-Za-z_][A-Za-z0-9_.]*"' "$root"/bindings/schema/*.json | sort -u > "$dict"

failed=0
for target in "${targets[@]}"; do
    bin="$CARGO_TARGET_DIR/$triple/release/$target"
    corpus="corpus/$target"
    mkdir -p "$corpus" "artifacts/$target" "$work/$target/found" "$work/$target/merged"
    before_files="$(find "$corpus" -type f | wc -l)"
    printf '\n==> %s: %s s from %s corpus files\n' "$target" "$seconds" "$before_files"
    status=0
    "$bin" "$work/$target/found" "$corpus" -dict="$dict" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="artifacts/$target/" > "$work/$target/log" 2>&1 || status=$?
    grep -a 'cov:' "$work/$target/log" | tail -1 || true
    grep -a '^stat::' "$work/$target/log" || true
    if [ "$status" -ne 0 ]; then
        failed=1
        echo "$target: a broken rule (exit $status); the input is in tests/fuzz/artifacts/$target/:"
        grep -a -A6 'panicked at' "$work/$target/log" | head -20 || true
    fi
    # Minimise: the committed corpus and what was found, down to a set covering every edge seen (hit counts
    # left out, which would keep several times as many inputs for the replay test to run).
    "$bin" -set_cover_merge=1 -use_counters=0 "$work/$target/merged" "$corpus" "$work/$target/found" \
        > "$work/$target/merge.log" 2>&1 \
        || "$bin" -merge=1 -use_counters=0 "$work/$target/merged" "$corpus" "$work/$target/found" \
            > "$work/$target/merge.log" 2>&1
    find "$corpus" -type f \( -name 'regress-*' -o -name 'seed-*' \) -exec cp {} "$work/$target/merged/" \;
    find "$corpus" -type f ! -name 'regress-*' ! -name 'seed-*' -delete
    cp "$work/$target/merged"/* "$corpus/"
    printf '%s: corpus %s -> %s files, %s\n' "$target" "$before_files" "$(find "$corpus" -type f | wc -l)" \
        "$(du -sh --apparent-size "$corpus" | cut -f1)"
done
exit "$failed"
