#!/usr/bin/env bash
# The wasm cost of one method: builds the shipped module as it is and with N synthetic methods added, and
# prints the bytes per method (raw and gzip -9, after wasm-bindgen and after wasm-opt). Each later method
# must stay under 1.5 KB gzipped (issue 11).
#
# Each synthetic method has its own request type (six to nine fields of varied names and types: strings,
# options, numbers, dates, flags, enums, and a vec of its own two-to-four-field line type, as a real
# `quotes.create` would), answers an existing response type and runs an engine function of its own (one call), so the
# figure is what a declaration costs before its logic. Names and shapes vary (a fixed seed), so gzip cannot
# fold one method into the next, which identical synthetic methods let it do.
# The probe module is written into core/src/api, registered, measured and removed again (also on failure
# or Ctrl-C); nothing is left in the working tree. About two minutes.
# Usage: bash scripts/wasm_method_cost.sh [N] (default 120; fewer are noisier: the figure is a difference of
# two gzipped modules).
set -euo pipefail
cd "$(dirname "$0")/.."

count="${1:-120}"
source scripts/tools.sh
target_dir="$(cargo_target_dir)"
build="$target_dir/web-build"
out="$target_dir/size/method-cost"
mkdir -p "$out"

probe=core/src/api/wasm_probe.rs
registry=core/src/api/registry.rs
api_mod=core/src/api/mod.rs
[ -e "$probe" ] && { echo "$probe exists: a previous run did not clean up" >&2; exit 1; }
git diff --quiet -- "$registry" "$api_mod" || { echo "$registry or $api_mod has uncommitted changes" >&2; exit 1; }

# The first full build installs the tools and measures the module as it is.
echo "==> the module as it is (scripts/test_web.sh --build-only)"
bash scripts/test_web.sh --build-only > "$out/base-build.log" 2>&1 || { tail -20 "$out/base-build.log" >&2; exit 1; }
cp "$build/bindgen/rapport_wasm_bg.wasm" "$out/base.bindgen.wasm"
cp bindings/js/pkg/rapport_wasm_bg.wasm "$out/base.opt.wasm"

bindgen_version="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)"
wasm_bindgen="$target_dir/tools/wasm-bindgen-$bindgen_version/bin/wasm-bindgen"
wasm_opt="bindings/js/node_modules/.bin/wasm-opt"

restore() {
    rm -f "$probe"
    git checkout -q -- "$registry" "$api_mod"
}
trap restore EXIT

# Request types derive JsonSchema the way the rest of core does (only behind the `schema` feature once it exists).
schema_feature=0
grep -q '^schema = ' core/Cargo.toml && schema_feature=1
python3 - "$count" "$schema_feature" > "$probe" << 'EOF'
"""Writes the probe module: varied request types, so gzip cannot fold one method into the next."""
import random
import sys

count, schema_feature = int(sys.argv[1]), sys.argv[2] == "1"
rng = random.Random(11)
words = """amount currency due_date note owner_id customer_id contact_id title reason quantity discount price_list_id
valid_until region channel priority subject tags memo warehouse carrier tracking_no approved_by department_id
probability stage score budget margin payment_terms delivery_address invoice_no sku unit_price tax_rate expected_on
status category source campaign_id segment target period quota visit_at latitude longitude photo_ref signature
comment external_ref rep_id territory contract_no renewal_on""".split()
types = ["String", "Option<String>", "u32", "Option<u32>", "i64", "Option<i64>", "bool", "f64", "Option<NaiveDate>",
         "Vec<String>", "Option<CustomerKind>", "BatchMode"]
if schema_feature:
    derive = '#[derive(Debug, Clone, Serialize, Deserialize)]\n#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]'
else:
    derive = "#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]"

def fields(n):
    out = []
    for name in rng.sample(words, n):
        ty = rng.choice(types)
        optional = ty.startswith(("Option", "Vec", "bool", "BatchMode")) or rng.random() < 0.3
        out.append((name, ty, optional))
    return out

def struct(name, doc, fs):
    lines = [f"/// {doc}", derive, "#[serde(deny_unknown_fields)]", f"pub struct {name} {{"]
    for field, ty, optional in fs:
        if optional:
            lines.append("    #[serde(default)]")
        lines.append(f"    pub {field}: {ty},")
    lines.append("}")
    return "\n".join(lines)

print("//! Synthetic methods for scripts/wasm_method_cost.sh (written and removed by it).\n")
print("#![allow(unnameable_types)]\n")
print("use chrono::NaiveDate;\nuse serde::{Deserialize, Serialize};\n")
print("use super::method::methods;\nuse crate::domain::common::{BatchMode, IdRequest};")
print("use crate::domain::contact::RelationshipNode;\nuse crate::domain::customer::{Customer, CustomerKind};")
print("use crate::engine::{Engine, EngineResult};")
decls = []
for i in range(1, count + 1):
    line_fields = fields(rng.randint(2, 4))
    print()
    print(struct(f"ProbeLine{i}", f"A line of probe request {i}.", line_fields))
    main = fields(rng.randint(5, 8))
    id_field = f"{rng.choice(words)}_ref"
    body = [(id_field, "String", False)] + main[:-1] + [(f"lines_{i}", f"Vec<ProbeLine{i}>", True)]
    print()
    print(struct(f"ProbeRequest{i}", f"Probe request {i}.", body))
    if i % 2:
        answer, call = "Vec<RelationshipNode>", "relationship_map"
    else:
        answer, call = "Customer", "customer"
    verb = "_".join(rng.sample(words, 2))
    # Each method runs an engine function of its own, as a real one does (here a one-line call).
    print()
    print(f"impl Engine {{\n    /// The engine function of probe method {i}.\n"
          f"    pub fn probe_{verb}_{i}(&self, actor: Option<&str>, r: ProbeRequest{i}) -> EngineResult<{answer}> {{\n"
          f"        self.{call}(actor, IdRequest::new(r.{id_field}))\n    }}\n}}")
    decls.append(
        f'    /// Synthetic method {i} of the wasm cost probe: {" ".join(rng.sample(words, 6))}.\n'
        f'    "probe.{verb}_{i}" => probe_{verb}_{i}(ProbeRequest{i}) -> {answer},\n'
        f'        example r#"{{"{id_field}": "0190a8b2-7c1e-7000-8000-0000000000c1"}}"#;'
    )
print("\nmethods! {")
print("\n".join(decls))
print("}")
EOF
sed -i 's/^pub mod audit;$/pub mod audit;\npub mod wasm_probe;/' "$api_mod"
# The registry lists modules one a line (`    audit,`; before issue 11: `    super::audit::METHODS,`).
sed -i -e 's/^\(\s*\)super::audit::METHODS,$/\1super::audit::METHODS,\n\1super::wasm_probe::METHODS,/' \
    -e 's/^\(\s*\)audit,$/\1audit,\n\1wasm_probe,/' "$registry"
grep -q wasm_probe "$registry" || { echo "cannot register the probe in $registry" >&2; exit 1; }

echo "==> the module with $count synthetic methods"
cargo build -q -p rapport-wasm --target wasm32-unknown-unknown --profile wasm-release
rm -rf "$out/probe-bindgen"
"$wasm_bindgen" --target web --out-dir "$out/probe-bindgen" --out-name rapport_wasm \
    "$target_dir/wasm32-unknown-unknown/wasm-release/rapport_wasm.wasm"
cp "$out/probe-bindgen/rapport_wasm_bg.wasm" "$out/probe.bindgen.wasm"
"$wasm_opt" "${wasm_opt_flags[@]}" "$out/probe.bindgen.wasm" -o "$out/probe.opt.wasm"
restore
trap - EXIT

size() { stat -c %s "$1"; }
gz() { gzip -9c "$1" | wc -c; }
row() {
    local name="$1" base="$2" probe="$3"
    local br bg pr pg
    br="$(size "$base")" bg="$(gz "$base")" pr="$(size "$probe")" pg="$(gz "$probe")"
    printf '%-22s %10s %10s %10s %10s %9s %9s\n' "$name" "$br" "$bg" "$pr" "$pg" \
        "$(((pr - br) / count))" "$(((pg - bg) / count))"
}
echo
printf '%-22s %10s %10s %10s %10s %9s %9s\n' "module" "raw" "gzip -9" "raw +$count" "gz +$count" "raw/meth" "gz/meth"
row "after wasm-bindgen" "$out/base.bindgen.wasm" "$out/probe.bindgen.wasm"
row "after wasm-opt" "$out/base.opt.wasm" "$out/probe.opt.wasm"
if command -v twiggy > /dev/null; then
    twiggy diff -n 25 "$out/base.bindgen.wasm" "$out/probe.bindgen.wasm" > "$out/twiggy-diff.txt" || true
    echo
    echo "largest differences (twiggy diff, after wasm-bindgen; all in $out/twiggy-diff.txt):"
    head -20 "$out/twiggy-diff.txt"
fi
limit=1536
gz_per_method=$((($(gz "$out/probe.opt.wasm") - $(gz "$out/base.opt.wasm")) / count))
if [ "$gz_per_method" -gt "$limit" ]; then
    echo "a method costs $gz_per_method bytes gzipped in the shipped module, over the $limit-byte budget" >&2
    exit 1
fi
echo "ok: $gz_per_method bytes gzipped per method in the shipped module (budget $limit)"
