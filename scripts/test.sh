#!/usr/bin/env bash
# The one test command: formatting, lints, every test (incl. README examples), the C ABI, mobile and WebAssembly binding tests, a CLI smoke test.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test"
cargo test --workspace

step "cargo build (the CLI, librapport.so and librapport.a for the foreign-language tests)"
cargo build --workspace --all-targets

step "C ABI: C tests and the ERP example under valgrind (shared and static), the JVM host"
bash scripts/test_c.sh

step "Mobile bindings: generated Kotlin/Swift/Python, the Python and Kotlin scenarios"
bash scripts/test_mobile.sh

step "WebAssembly: the npm package (size build), its Node tests, tsc, the demo page in headless Chromium"
bash scripts/test_web.sh

step "CLI smoke test"
target_dir="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
rapport="$target_dir/debug/rapport"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$rapport" demo --db "$tmp/demo.db" --customers 300
"$rapport" call "$tmp/demo.db" - users.list '{"role": "sales_manager"}' > "$tmp/managers.json"
grep -q '"sales_manager"' "$tmp/managers.json"
if "$rapport" call "$tmp/demo.db" - users.get '{"id": "no-such-user"}' 2> "$tmp/error.json"; then
    echo "expected rapport call to fail" >&2
    exit 1
else
    rc=$?
fi
[ "$rc" -eq 3 ] && grep -q '"not_found"' "$tmp/error.json"
# The data commands (LIFE-1, LIFE-2): a GBK file imported with a mapping, exported, backed up and restored.
"$rapport" init "$tmp/data.db" > /dev/null
for command in init import export backup restore; do "$rapport" "$command" --help | grep -q "rapport $command"; done
printf '\xbf\xcd\xbb\xa7,\xb5\xe7\xbb\xb0\n\xbb\xaa\xc7\xbf,0755-1\n\xba\xea\xb4\xef,020-2\n' > "$tmp/gbk.csv"  # 客户,电话 in GBK
echo '{"columns": {"客户": "name", "电话": "phone"}}' > "$tmp/map.json"
"$rapport" import "$tmp/gbk.csv" --db "$tmp/data.db" --entity customers --map "$tmp/map.json" --encoding gbk | grep -q "2 created"
"$rapport" export customers.list --db "$tmp/data.db" --out "$tmp/customers.csv" > /dev/null
grep -q "华强" "$tmp/customers.csv"
"$rapport" backup "$tmp/backup.db" --db "$tmp/data.db" > /dev/null
"$rapport" import "$tmp/gbk.csv" --db "$tmp/data.db" --entity customers --map "$tmp/map.json" --encoding gbk --duplicates create > /dev/null
"$rapport" restore "$tmp/backup.db" --db "$tmp/data.db" > /dev/null
"$rapport" export customers.list --db "$tmp/data.db" --format jsonl | [ "$(wc -l)" -eq 2 ]
if "$rapport" restore "$tmp/gbk.csv" --db "$tmp/data.db" 2> /dev/null; then echo "restoring a CSV should fail" >&2; exit 1; fi

printf '\nAll checks passed.\n'
