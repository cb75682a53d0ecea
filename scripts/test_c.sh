#!/usr/bin/env bash
# The C ABI's tests: installs the SDK from the debug build into target/c-sdk, builds the C tests and the
# ERP example against it with pkg-config (shared and static), runs each under valgrind, checks the C threads'
# concurrent run against the serial oracle, then the JVM host.
# Expects `cargo build --workspace` to have run (scripts/test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
source scripts/tools.sh

ensure_apt_packages valgrind gcc pkg-config libjna-java
command -v javac > /dev/null || ensure_apt_packages default-jdk-headless

target_dir="$(cargo_target_dir)"
sdk="$target_dir/c-sdk"
out="$target_dir/c-test"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

bash scripts/c_sdk.sh debug "$sdk" > /dev/null
export PKG_CONFIG_PATH="$sdk/lib/pkgconfig"

cflags="-std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -g -O1 -pthread -I examples/c $(pkg-config --cflags rapport)"
shared_libs="$(pkg-config --libs rapport) -Wl,-rpath,$sdk/lib"
# Static: the archive, then the system libraries it needs (Libs.private).
static_libs="$(pkg-config --libs-only-L rapport) -Wl,-Bstatic -lrapport -Wl,-Bdynamic \
$(pkg-config --static --libs-only-l rapport | sed 's/-lrapport//')"

# The README's "Use from C" example, compiled and run like the rest.
awk '/^## Use from C/ {in_section = 1} in_section && /^```c$/ {in_code = 1; next} in_code && /^```$/ {exit} in_code' \
    README.md > "$out/readme_example.c"

for source in tests/c/test_abi.c tests/c/test_threads.c examples/c/erp_sync.c "$out/readme_example.c"; do
    name="$(basename "$source" .c)"
    # shellcheck disable=SC2086
    gcc $cflags "$source" $shared_libs -o "$out/${name}_shared"
    # shellcheck disable=SC2086
    gcc $cflags "$source" $static_libs -o "$out/${name}_static"
done
if readelf -d "$out/test_abi_static" | grep -q 'librapport'; then
    echo "the static build still needs librapport.so" >&2
    exit 1
fi

# Under valgrind: any memory error or leak fails the run; the summary lines are printed.
run_checked() {
    local label="$1"
    shift
    local supp="$root/tests/c/valgrind.supp"
    if ! valgrind --leak-check=full --error-exitcode=1 --num-callers=40 \
        --suppressions="$supp" --log-file="$tmp/valgrind.log" "$@" > "$tmp/stdout.txt"; then
        cat "$tmp/stdout.txt" "$tmp/valgrind.log" >&2
        echo "FAILED under valgrind: $label" >&2
        exit 1
    fi
    tail -n 3 "$tmp/stdout.txt" | sed "s/^/  /"
    printf '  valgrind %s: %s; %s\n' "$label" \
        "$(grep -o 'ERROR SUMMARY: [0-9]* errors' "$tmp/valgrind.log")" \
        "$(grep -Eo '(All heap blocks were freed.*|(definitely|indirectly|possibly) lost: [0-9,]* bytes|suppressed: [0-9,]* bytes)' \
            "$tmp/valgrind.log" | paste -sd ';' | sed 's/;/; /g')"
}

for linkage in shared static; do
    echo "C tests, linked $linkage:"
    run_checked "README example ($linkage)" "$out/readme_example_$linkage"
    grep -q '"code":"validation"' "$tmp/stdout.txt"
    run_checked "test_abi ($linkage)" "$out/test_abi_$linkage"
    run_checked "test_threads ($linkage)" "$out/test_threads_$linkage"
    (cd examples/c && run_checked "erp_sync ($linkage)" "$out/erp_sync_$linkage" "$tmp/erp_$linkage.db" data/erp_customers.csv)
    grep -q 'Customers: 6 created, 0 updated' "$tmp/stdout.txt"
    grep -Eq 'Outbox: [1-9][0-9]* delivered' "$tmp/stdout.txt"
    grep -q 'reporting a delivery twice: RAPPORT_INVALID_STATE' "$tmp/stdout.txt"
    grep -q 'Quote to cash from the ERP: 6 orders with lines, 6 deliveries, 2 receipts pushed; 6 over-deliveries refused' \
        "$tmp/stdout.txt"
    # DOC-10: the reps' invoice requests issued by the ERP; receivables pushed once the ERP owns them.
    grep -q 'Invoices: 6 requested by the reps, 6 issued by the ERP' "$tmp/stdout.txt"
    grep -q 'Receivables: 6 pushed by the ERP, which owns them' "$tmp/stdout.txt"
    grep -q 'a receivable on an unknown order: rejected (not_found)' "$tmp/stdout.txt"
done

# The parity scenario through the C ABI: its transcript equals the Rust API's (tests/parity/expected.txt) byte for byte.
# shellcheck disable=SC2086
gcc $cflags tests/c/test_parity.c $shared_libs -o "$out/test_parity"
run_checked "parity scenario" "$out/test_parity" tests/parity/scenario.tsv tests/parity/expected.txt

# Concurrency through one handle against the serial oracle: the C test logs its writes (6 threads), then
# rapport-tests' check_call_log replays them serially in seq order and compares every answer, table and total.
# shellcheck disable=SC2086
gcc $cflags tests/c/test_concurrency.c $shared_libs -o "$out/test_concurrency"
mkdir -p "$tmp/concurrency"
run_checked "concurrency through one handle" "$out/test_concurrency" "$tmp/concurrency"
cargo run -q -p rapport-tests --bin check_call_log -- "$tmp/concurrency/crm.db" "$tmp/concurrency/calls.tsv"

# The ERP example twice on one file: the second run updates instead of duplicating.
(cd examples/c && "$out/erp_sync_shared" "$tmp/erp_rerun.db" data/erp_customers.csv > "$tmp/first.txt" 2>&1 \
    && "$out/erp_sync_shared" "$tmp/erp_rerun.db" data/erp_customers.csv > "$tmp/second.txt" 2>&1)
grep -q 'Customers: 6 created, 0 updated' "$tmp/first.txt"
grep -q 'Customers: 0 created, 6 updated' "$tmp/second.txt"
grep -q 'Opportunities: 3 synced, 3 already closed' "$tmp/second.txt"
# The first run's approval requests were delivered then: the rerun delivers its own summary only.
grep -q 'Outbox: 1 delivered' "$tmp/second.txt"
# DOC-10: the rerun asks for no invoice twice (the requests are keyed) and pushes the same receivables.
grep -q 'Invoices: 6 requested by the reps, 0 issued by the ERP' "$tmp/second.txt"
[ "$(grep '^Receivables:' "$tmp/first.txt")" = "$(grep '^Receivables:' "$tmp/second.txt")" ]
# DOC-8: the pushes are upserts by the ERP's keys, so the aging report is the same after the rerun.
grep -q 'Quote to cash from the ERP: 6 orders with lines, 6 deliveries, 2 receipts pushed' "$tmp/second.txt"
[ "$(grep -A4 '^Aging on' "$tmp/first.txt")" = "$(grep -A4 '^Aging on' "$tmp/second.txt")" ]
grep -A4 '^Aging on' "$tmp/second.txt" | grep -Eq '^  all +0\.00 +[0-9.]+ +[0-9.]+'
echo "erp_sync: a rerun on the same file updated 6 customers and created none"

# A JVM host through JNA.
jna=/usr/share/java/jna.jar
javac -d "$out/jvm" -cp "$jna" examples/jvm/ErpHost.java
java -Djna.library.path="$sdk/lib" -cp "$out/jvm:$jna" ErpHost "$tmp/jvm.db"
