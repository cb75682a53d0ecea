#!/usr/bin/env bash
# Writes the schema-version fixtures (LIFE-6) that core/tests/schema_versions.rs migrates:
#   bash scripts/schema_fixtures.sh [N ...]        (default: every version from 1 to SCHEMA_VERSION - 1)
# For each version N it takes the source of the last commit before schema v(N+1) was introduced (the parent
# of the first commit adding core/src/storage/schema/v(N+1)_*.sql), builds that commit's `rapport` CLI in
# its own target directory, seeds a demo database with it, adds what the demo leaves empty so every table of
# that version has rows, and records that same binary's answers to a fixed list of reads. It writes
#   core/tests/fixtures/schema/vN.db          the database, self-contained (journal_mode DELETE, no -wal), vacuumed
#                                             into 1 KB pages (a physical layout, not the schema: the files stay small)
#   core/tests/fixtures/schema/vN.reads.json  {version, commit, open_options, tables: {name: rows}, reads: [...]}
# The old CLI is patched in one way only: it takes its open options from RAPPORT_OPEN_OPTIONS (JSON), so the
# engine runs in test mode (fixed clock, seeded ids) and the fixture is reproducible; the core is the old one.
# The same commit gives the same bytes: run it twice and the .db files do not change.
# Needs git, cargo, sqlite3 and jq. Old builds go to $OLD_TARGET_DIR (default /tmp/rapport-old-target, kept
# for the next run), sources to $WORK (default a temporary directory, removed at the end).
# After adding schema v(N+1): run `bash scripts/schema_fixtures.sh N` and commit vN.db and vN.reads.json.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
out="$repo/core/tests/fixtures/schema"
old_target="${OLD_TARGET_DIR:-/tmp/rapport-old-target}"
if [ -n "${WORK:-}" ]; then
    work="$WORK"
else
    work="$(mktemp -d /tmp/rapport-schema-fixtures.XXXXXX)"
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$out" "$work"

# The current schema version: the highest vN of the schema files the migrations include.
current="$(grep -o 'include_str!("schema/v[0-9]*_' core/src/storage/migrations.rs | tr -dc '0-9\n' | sort -n | tail -1)"
if [ "$#" -gt 0 ]; then versions=("$@"); else versions=($(seq 1 $((current - 1)))); fi

# The engine's clock: the demo starts at DEMO_START (one second per reading), each later write gets a minute
# of its own the next day, and every read is answered at READ_AT (a fixed clock); the test opens at READ_AT too.
DEMO_START="2026-03-02T08:00:00Z"
READ_AT="2026-03-05T08:00:00Z"

# The last commit at version $1: the parent of the first commit that added a v($1+1) schema file.
source_commit() {
    local next=$(($1 + 1)) first
    first="$(git log --format=%H --diff-filter=A -- "core/src/storage/schema/v${next}_*.sql" | tail -1)"
    [ -n "$first" ] || { echo "no commit adds core/src/storage/schema/v${next}_*.sql" >&2; exit 1; }
    git rev-parse "$first^"
}

# Exports the commit's tree and makes its CLI read RAPPORT_OPEN_OPTIONS; prints the binary's path.
build_cli() {
    local commit="$1" src="$work/src-$1"
    if [ ! -d "$src" ]; then
        mkdir -p "$src"
        git archive "$commit" | tar -x -C "$src"
        sed -i 's/OpenOptions::default()/open_options()/' "$src/examples/src/main.rs"
        cat >> "$src/examples/src/main.rs" <<'EOF'

/// Added by scripts/schema_fixtures.sh: the open options from RAPPORT_OPEN_OPTIONS (JSON), else the defaults.
fn open_options() -> OpenOptions {
    match std::env::var("RAPPORT_OPEN_OPTIONS") {
        Ok(json) => serde_json::from_str(&json).expect("RAPPORT_OPEN_OPTIONS is OpenOptions as JSON"),
        Err(_) => OpenOptions::default(),
    }
}
EOF
    fi
    (cd "$src" && CARGO_TARGET_DIR="$old_target" cargo build --offline -q -p rapport-examples --bin rapport >&2)
    cp "$old_target/debug/rapport" "$work/rapport-$1"
    echo "$work/rapport-$1"
}

# --- one fixture -------------------------------------------------------------------------------------------

q() { sqlite3 "$db" "$1"; }
has() { grep -qx "$1" <<<"$methods"; }

# A write as `actor` with its own minute of the clock (the day after the demo) and its own id seed. The step
# is counted in a file: a write whose answer is kept runs in a subshell ($(write ...)), which a shell
# variable would not leave.
write() {
    local write_step
    write_step=$(($(cat "$work/write_step") + 1))
    echo "$write_step" >"$work/write_step"
    local at
    at="$(printf '2026-03-03T%02d:%02d:00Z' $((9 + write_step / 60)) $((write_step % 60)))"
    RAPPORT_OPEN_OPTIONS="{\"test_mode\":{\"start\":\"$at\",\"step_ms\":1000,\"id_seed\":$((version * 1000 + write_step))}}" \
        "$cli" call "$db" "$1" "$2" "$3"
}
# A write whose answer is not needed.
do_write() { write "$@" >/dev/null; }

# What the demo leaves empty, and a few records in other states (converted, archived, done, deactivated).
seed_extras() {
    do_write - roles.set_scope '{"role": "viewer", "scope": "all"}'
    do_write - custom_fields.define '{"entity": "customer", "key": "employees", "label": "员工人数", "field_type": "number", "required": false}'
    if has approvals.set_flow; then
        # ORG-5: a configured flow (version 1) whose second step applies only from 500,000.00.
        do_write - approvals.set_flow '{"document_type": "opportunity_evaluation", "steps": [
            {"name": "主管", "approver": {"kind": "manager_in_scope"}},
            {"name": "总监", "approver": {"kind": "role", "role": "sales_manager"}, "condition": {"field": "amount", "op": "gte", "value": 50000000}}]}'
    fi
    if has roles.define; then
        # ORG-6: a custom role held by a user, with a department grant to the role.
        do_write - roles.define '{"code": "key_account_manager", "name": "大客户经理", "scope": "subordinates",
            "permissions": {"customer": ["create", "edit", "view_financial"], "activity": ["create", "edit"]}}'
        do_write - users.create "{\"name\": \"大客户经理\", \"department_id\": \"$rep_department\", \"custom_roles\": [\"key_account_manager\"]}"
        do_write - grants.grant "{\"role\": \"key_account_manager\", \"department_id\": \"$rep_department\", \"access\": \"read\"}"
    fi
    if has announcements.post; then
        # ORG-7: an announcement in inboxes and a message in the outbox.
        do_write - announcements.post "{\"title\": \"三月销售冲刺\", \"body\": \"本月目标提高 10%\", \"department_ids\": [\"$rep_department\"]}"
        do_write "$rep" outbox.send "{\"channel\": \"push\", \"recipient_kind\": \"user\", \"recipient_id\": \"$rep2\", \"template_key\": \"colleague.note\"}"
    fi
    do_write "$rep" customers.update "{\"id\": \"$rep_customer\", \"custom\": {\"employees\": 320}, \"tags\": [\"key-account\"]}"
    do_write - leads.set_territory "{\"department_id\": \"$rep_department\", \"region_prefix\": \"31\"}"
    local opp lead converted
    opp="$(write "$rep" opportunities.create "{\"customer_id\": \"$rep_customer\", \"title\": \"二期设备采购\", \"currency\": \"CNY\",
        \"expected_close_date\": \"2026-06-30\", \"lines\": [{\"description\": \"工业泵\", \"product_code\": \"PUMP-200\", \"quantity\": \"4\", \"unit_price\": 125000}]}" | jq -r .id)"
    do_write "$rep" opportunities.add_collaborator "{\"id\": \"$opp\", \"user_id\": \"$rep2\", \"access\": \"read\"}"
    lead="$(write - leads.create "{\"person_name\": \"陈静\", \"company_name\": \"深圳市前海科技有限公司\", \"phone\": \"+86 138 0013 8000\",
        \"region\": \"44/4403\", \"source\": \"website\", \"owner_id\": \"$rep\", \"external_ref\": \"fixture-lead-1\"}" | jq -r .id)"
    do_write "$rep" leads.start_work "{\"id\": \"$lead\"}"
    do_write "$rep" leads.qualify "{\"id\": \"$lead\"}"
    converted="$(write "$rep" leads.convert "{\"id\": \"$lead\", \"opportunity\": {\"title\": \"线索转化商机\", \"amount\": 8800000,
        \"currency\": \"CNY\", \"expected_close_date\": \"2026-06-30\"}}" | jq -r .opportunity_id)"
    # OPP-3: a win passes every approval stage, so the converted opportunity goes through the gate first (an
    # approved submission); the first one waits at its gate (a pending submission).
    local gate
    gate="$(q "SELECT s.code FROM pipeline_stages s JOIN opportunities o ON o.pipeline_id = s.pipeline_id
        WHERE o.id = '$converted' AND s.requires_approval = 1 ORDER BY s.position LIMIT 1")"
    if [ -n "$gate" ]; then
        do_write "$rep" opportunities.advance "{\"id\": \"$converted\", \"stage\": \"$gate\"}"
        do_write "$rep" opportunities.submit_for_approval "{\"id\": \"$converted\", \"note\": \"预算已确认\"}"
        do_write "$manager" opportunities.approve "{\"id\": \"$converted\", \"note\": \"同意\"}"
        do_write "$rep" opportunities.advance "{\"id\": \"$opp\", \"stage\": \"$gate\"}"
        do_write "$rep" opportunities.submit_for_approval "{\"id\": \"$opp\", \"note\": \"请审批\"}"
    fi
    do_write "$rep" opportunities.win "{\"id\": \"$converted\", \"note\": \"价格与交期优势\"}"
    do_write - opportunities.lose "{\"id\": \"$(q "SELECT id FROM opportunities WHERE status = 'open' AND owner_id <> '$rep' ORDER BY id DESC LIMIT 1")\",
        \"reason\": \"价格偏高\", \"competitor\": \"Acme Pumps\"}"
    local visit
    visit="$(write "$rep" activities.create "{\"customer_id\": \"$rep_customer\", \"kind\": \"visit\", \"subject\": \"拜访，演示新产品\",
        \"starts_at\": \"2026-03-03T02:00:00Z\", \"duration_minutes\": 90}" | jq -r .id)"
    do_write "$rep" activities.complete "{\"id\": \"$visit\", \"outcome\": \"客户同意下周报价\"}"
    do_write "$rep" activities.create "{\"customer_id\": \"$rep_customer\", \"kind\": \"call\", \"subject\": \"电话跟进报价\",
        \"starts_at\": \"2026-03-06T03:00:00Z\", \"duration_minutes\": 30}"
    do_write - customers.archive "{\"id\": \"$(q "SELECT id FROM customers WHERE owner_id IS NOT NULL AND id NOT IN (SELECT customer_id FROM opportunities) ORDER BY id DESC LIMIT 1")\"}"
    local dept
    dept="$(write - departments.create '{"name": "已撤销 Closed", "external_ref": "fixture-dept-closed"}' | jq -r .id)"
    do_write - departments.archive "{\"id\": \"$dept\"}"
    do_write - users.deactivate "{\"id\": \"$(q "SELECT user_id FROM user_roles WHERE role = 'marketer' ORDER BY user_id LIMIT 1")\"}"
    if has orders.push; then
        local customer_ref order_ref
        customer_ref="$(q "SELECT external_ref FROM customers WHERE id = '$rep_customer'")"
        order_ref="$(q "SELECT external_ref FROM orders ORDER BY id LIMIT 1")"
        do_write - orders.push "{\"items\": [{\"external_ref\": \"fixture-so-1\", \"number\": \"SO202603-001\", \"customer_external_ref\": \"$customer_ref\",
            \"order_date\": \"2026-03-03\", \"due_date\": \"2026-04-01\", \"amount\": 12800000, \"currency\": \"CNY\", \"status\": \"approved\"}]}"
        do_write - deliveries.push "{\"items\": [{\"external_ref\": \"fixture-dn-1\", \"order_external_ref\": \"$order_ref\", \"delivery_date\": \"2026-03-03\", \"amount\": 100000}]}"
        do_write - receipts.push "{\"items\": [{\"external_ref\": \"fixture-rc-1\", \"customer_external_ref\": \"$customer_ref\", \"order_external_ref\": \"fixture-so-1\", \"receipt_date\": \"2026-03-03\", \"amount\": 5000000}]}"
    fi
    if has quotes.create; then
        # DOC-1 to DOC-7: a catalogue with a price list, a quote revised once, an order from it approved
        # through its flow, a delivery per line, a credit return approved by an agent then a manager, and
        # the receivables they leave.
        local product service quote quote2 order approval ret agent
        product="$(write - products.create '{"code": "PUMP-200", "name": "工业泵", "unit": "台", "list_price": 125000, "tax_rate_bp": 1300,
            "warranty_months": 12, "needs_installation": true, "category": "pumps", "external_ref": "fixture-p-1"}' | jq -r .id)"
        service="$(write - products.create '{"code": "SVC-HOUR", "name": "安装服务", "unit": "小时", "list_price": 20000, "tax_rate_bp": 600}' | jq -r .id)"
        do_write - price_lists.define "{\"code\": \"vip\", \"name\": \"大客户价\", \"rules\": [{\"product_id\": \"$product\",
            \"customer_tag\": \"key-account\", \"unit_price\": 118000, \"min_quantity\": 2}]}"
        quote="$(write "$rep" quotes.create "{\"customer_id\": \"$rep_customer\", \"lines\": [{\"product_id\": \"$product\", \"quantity\": 4},
            {\"product_id\": \"$service\", \"quantity\": \"2.5\", \"discount_bp\": 500}]}" | jq -r .id)"
        do_write "$rep" quotes.send "{\"id\": \"$quote\"}"
        quote2="$(write "$rep" quotes.revise "{\"id\": \"$quote\"}" | jq -r .id)"
        do_write "$rep" quotes.send "{\"id\": \"$quote2\"}"
        order="$(write "$rep" orders.create "{\"quote_id\": \"$quote2\", \"shipping_address\": \"深圳市南山区\"}" | jq -r .id)"
        approval="$(write "$rep" orders.submit "{\"id\": \"$order\"}" | jq -r .id)"
        do_write - approvals.approve "{\"id\": \"$approval\"}"
        do_write "$rep" orders.deliver "{\"order_id\": \"$order\", \"lines\": [{\"line_no\": 1, \"quantity\": 2}]}"
        ret="$(write "$rep" returns.create "{\"order_id\": \"$order\", \"kind\": \"credit\", \"reason\": \"运输破损\",
            \"lines\": [{\"line_no\": 1, \"quantity\": 1}]}" | jq -r .id)"
        approval="$(q "SELECT id FROM approvals WHERE document_id = '$ret'")"
        do_write - approvals.approve "{\"id\": \"$approval\"}"
        do_write - approvals.approve "{\"id\": \"$approval\"}"
        do_write - quotes.set_discount_ceilings '{"ceilings": {"sales_rep": 1500}}'
        if has contracts.create; then
            contract="$(write "$rep" contracts.create "{\"customer_id\": \"$rep_customer\", \"title\": \"年度框架协议\",
                \"start_date\": \"2026-03-03\", \"end_date\": \"2026-12-31\", \"lines\": [{\"product_id\": \"$product\", \"quantity\": 10}],
                \"payment_plan\": [{\"due_date\": \"2026-04-30\", \"percent_bp\": 3000}, {\"due_date\": \"2026-09-30\", \"percent_bp\": 7000}]}" | jq -r .id)"
            approval="$(write "$rep" contracts.submit "{\"id\": \"$contract\"}" | jq -r .id)"
            do_write - approvals.approve "{\"id\": \"$approval\"}"
            do_write "$rep" contracts.sign "{\"id\": \"$contract\", \"signed_date\": \"2026-03-03\"}"
            korder="$(write "$rep" orders.create "{\"contract_id\": \"$contract\", \"lines\": [{\"product_id\": \"$product\", \"quantity\": 4}]}" | jq -r .id)"
            approval="$(write "$rep" orders.submit "{\"id\": \"$korder\"}" | jq -r .id)"
            do_write - approvals.approve "{\"id\": \"$approval\"}"
            invoice="$(write "$rep" invoices.request "{\"order_id\": \"$korder\", \"amount\": 100000, \"invoice_title\": \"深圳客户\", \"invoice_type\": \"vat_general\"}" | jq -r .id)"
            do_write - invoices.issue "{\"id\": \"$invoice\", \"invoice_number\": \"44031234\", \"issue_date\": \"2026-03-03\"}"
        fi
    fi
    if has alerts.configure; then do_write - alerts.configure '{"no_activity_days": 30, "no_order_days": 90, "birthday_days": 7}'; fi
    if has lead_scoring.configure; then
        do_write - lead_scoring.configure '{"cap": 100, "rules": [{"field": "source", "op": "equals", "value": "website", "points": 30}, {"field": "email", "op": "present", "points": 10}]}'
    fi
    if has scores.rescore; then do_write - scores.rescore '{"as_of": "2026-03-03", "window_days": 365}'; fi
}

# One read as `actor` (an actor name of the JSON file and its id, `-` for the host) at READ_AT; its answer, or
# its error, is appended to $reads as one JSON line. The answer is kept as the CLI printed it (only the
# indentation and line breaks taken out, which never fall inside a JSON string): jq would print 4.0 as 4.
# Methods this version lacks are skipped.
read_as() {
    local name="$1" actor="$2" method="$3" request="$4" answer rc=0 key=response head
    has "$method" || return 0
    answer="$(RAPPORT_OPEN_OPTIONS="{\"test_mode\": {\"start\": \"$READ_AT\"}}" \
        "$cli" call "$db" "$actor" "$method" "$request" 2>"$work/stderr")" || rc=$?
    if [ "$rc" != 0 ]; then
        key=error
        answer="$(jq -c .error "$work/stderr")"
    fi
    head="$(jq -nc --arg actor "$name" --arg actor_id "$actor" --arg method "$method" --argjson request "$request" \
        '{actor: $actor, actor_id: (if $actor_id == "-" then null else $actor_id end), method: $method, request: $request}')"
    printf '%s,"%s":%s}\n' "${head%\}}" "$key" "$(sed 's/^ *//' <<<"$answer" | tr -d '\n')" >>"$reads"
}

# The fixed list of reads, as the host and as users of several roles (an out-of-scope get included).
record_reads() {
    local all=500 opp lead activity contact pipeline history_opp agenda_date order rep_order
    opp="$(q "SELECT opportunity_id FROM opportunity_lines ORDER BY opportunity_id LIMIT 1")"
    lead="$(q "SELECT id FROM leads WHERE status = 'converted' ORDER BY id LIMIT 1")"
    activity="$(q "SELECT id FROM activities WHERE owner_id = '$rep' AND status = 'done' ORDER BY id LIMIT 1")"
    contact="$(q "SELECT id FROM contacts WHERE customer_id = '$rep_customer' ORDER BY id LIMIT 1")"
    pipeline="$(q "SELECT id FROM pipelines ORDER BY id LIMIT 1")"
    history_opp="$(q "SELECT opportunity_id FROM opportunity_stage_history GROUP BY opportunity_id ORDER BY COUNT(*) DESC, opportunity_id LIMIT 1")"
    agenda_date="$(q "SELECT substr(starts_at, 1, 10) FROM activities WHERE owner_id = '$rep' ORDER BY starts_at DESC LIMIT 1")"
    local id_of="{\"id\": \"%s\"}"
    read_as system - org.get '{}'
    read_as system - departments.list '{"include_archived": true}'
    read_as rep "$rep" departments.list '{}'
    read_as system - users.list '{}'
    read_as manager "$manager" users.list '{}'
    read_as rep "$rep" users.get "$(printf "$id_of" "$rep")"
    read_as admin "$admin" roles.list '{}'
    read_as admin "$admin" codes.list '{}'
    read_as admin "$admin" custom_fields.list '{"entity": "customer"}'
    read_as system - customers.list "{\"limit\": $all, \"include_archived\": true}"
    for who in admin manager rep rep2 viewer; do read_as "$who" "${!who}" customers.list "{\"limit\": $all}"; done
    read_as rep "$rep" customers.list "{\"limit\": $all, \"custom\": {\"key\": \"employees\", \"value\": \"320\"}}"
    read_as rep "$rep" customers.list "{\"limit\": $all, \"tag\": \"key-account\"}"
    read_as system - customers.get "$(printf "$id_of" "$rep_customer")"
    read_as rep "$rep" customers.get "$(printf "$id_of" "$rep_customer")"
    read_as rep2 "$rep2" customers.get "$(printf "$id_of" "$rep_customer")"
    read_as rep "$rep" customers.relationship_map "$(printf "$id_of" "$rep_customer")"
    read_as system - contacts.list "{\"customer_id\": \"$rep_customer\", \"limit\": $all}"
    read_as rep "$rep" contacts.list "{\"customer_id\": \"$rep_customer\", \"limit\": $all}"
    read_as rep "$rep" contacts.get "$(printf "$id_of" "$contact")"
    for who in system manager rep; do read_as "$who" "${!who:--}" leads.list "{\"limit\": $all}"; done
    read_as rep "$rep" leads.get "$(printf "$id_of" "$lead")"
    read_as admin "$admin" leads.territories '{}'
    read_as system - pipelines.list '{}'
    read_as rep "$rep" pipelines.get "$(printf "$id_of" "$pipeline")"
    for who in system manager rep rep2; do read_as "$who" "${!who:--}" opportunities.list "{\"limit\": $all}"; done
    read_as rep "$rep" opportunities.get "$(printf "$id_of" "$opp")"
    read_as rep2 "$rep2" opportunities.get "$(printf "$id_of" "$opp")"
    read_as system - opportunities.stage_history "$(printf "$id_of" "$history_opp")"
    for who in system rep; do read_as "$who" "${!who:--}" activities.list "{\"limit\": $all}"; done
    read_as rep "$rep" activities.get "$(printf "$id_of" "$activity")"
    read_as rep "$rep" agenda.day "{\"date\": \"$agenda_date\", \"user_id\": \"$rep\"}"
    read_as system - audit.history "{\"entity\": \"customer\", \"id\": \"$rep_customer\"}"
    read_as rep "$rep" audit.history "{\"entity\": \"opportunity\", \"id\": \"$opp\"}"
    if has orders.get; then
        order="$(q "SELECT id FROM orders WHERE external_ref = 'fixture-so-1'")"
        rep_order="$(q "SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.owner_id = '$rep' ORDER BY o.id LIMIT 1")"
        read_as system - orders.get "$(printf "$id_of" "$order")"
        read_as rep "$rep" orders.get "$(printf "$id_of" "$rep_order")"
        read_as rep2 "$rep2" orders.get "$(printf "$id_of" "$rep_order")"
    fi
    read_as system - customers.overview "$(printf "$id_of" "$rep_customer")"
    read_as rep "$rep" customers.overview "$(printf "$id_of" "$rep_customer")"
    read_as system - customers.scores "$(printf "$id_of" "$rep_customer")"
    read_as admin "$admin" value_models.list '{}'
    read_as admin "$admin" value_models.get "$(printf "$id_of" "$(q "SELECT id FROM value_models ORDER BY id LIMIT 1" 2>/dev/null)")"
    for who in system manager rep; do
        local a="${!who:--}"
        read_as "$who" "$a" reports.value_pyramid '{}'
        read_as "$who" "$a" reports.funnel '{"from": "2025-01", "to": "2026-12"}'
        read_as "$who" "$a" reports.pipeline '{"by": "owner"}'
        read_as "$who" "$a" reports.rfm_segments '{}'
        read_as "$who" "$a" reports.abc_classes '{}'
    done
    read_as system - reports.pipeline '{"by": "department"}'
    read_as system - reports.forecast '{"from": "2026-03", "to": "2026-12"}'
    read_as system - reports.won_lost '{"from": "2025-01", "to": "2026-12"}'
    # DOC-1 to DOC-7 (v8 on): the catalogue, quotes, orders and receivables.
    read_as rep "$rep" products.list '{}'
    for who in system rep rep2; do
        read_as "$who" "${!who:--}" quotes.list "{\"include_superseded\": true, \"limit\": $all}"
        read_as "$who" "${!who:--}" orders.list "{\"limit\": $all}"
    done
    for who in system rep rep2; do
        read_as "$who" "${!who:--}" contracts.list "{\"include_superseded\": true, \"limit\": $all}"
        read_as "$who" "${!who:--}" invoices.list "{\"limit\": $all}"
    done
    read_as system - customers.timeline "{\"id\": \"$rep_customer\", \"limit\": $all}"
    read_as system - receivables.aging '{"as_of": "2026-03-05", "group_by": "customer"}'
    read_as rep "$rep" receivables.aging '{"as_of": "2026-03-05", "group_by": "owner"}'
    read_as system - reports.lead_conversion '{"by": "source", "from": "2025-01", "to": "2026-12"}'
    read_as system - reports.customer_distribution '{"by": "region"}'
    read_as system - reports.churn '{"limit": 50}'
    read_as rep "$rep" alerts.get '{}'
    read_as admin "$admin" lead_scoring.get '{}'
    read_as system - leads.prediction "$(printf "$id_of" "$(q "SELECT id FROM leads WHERE status <> 'converted' ORDER BY id LIMIT 1")")"
    read_as system - opportunities.prediction "$(printf "$id_of" "$opp")"
}

# A dump of every row, to check that reading changed nothing.
dump() { sqlite3 "$db" .dump | grep -v '^PRAGMA'; }

for version in "${versions[@]}"; do
    commit="$(source_commit "$version")"
    echo "== v$version from $(git log -1 --format='%h %s' "$commit" | cut -c1-80)"
    cli="$(build_cli "$commit")"
    methods="$("$cli" methods | awk '{print $1}')"
    db="$work/v$version.db"
    reads="$work/v$version.reads.jsonl"
    rm -f "$db" "$db-wal" "$db-shm" "$reads"
    RAPPORT_OPEN_OPTIONS="{\"test_mode\": {\"start\": \"$DEMO_START\", \"step_ms\": 1000, \"id_seed\": $version}}" \
        "$cli" demo --db "$db" --customers 20 >/dev/null
    found="$(q 'PRAGMA user_version')"
    [ "$found" = "$version" ] || { echo "commit $commit writes schema v$found, not v$version" >&2; exit 1; }

    role() { q "SELECT r.user_id FROM user_roles r JOIN users u ON u.id = r.user_id WHERE r.role = '$1' ${2:-} ORDER BY r.user_id LIMIT 1"; }
    system=-
    admin="$(role admin)"
    # The rep whose records the extras move on: the one owning the most customers.
    rep="$(q "SELECT r.user_id FROM user_roles r JOIN customers c ON c.owner_id = r.user_id WHERE r.role = 'sales_rep'
        GROUP BY r.user_id ORDER BY COUNT(*) DESC, r.user_id LIMIT 1")"
    rep_department="$(q "SELECT department_id FROM users WHERE id = '$rep'")"
    manager="$(role sales_manager "AND u.department_id = '$rep_department'")"
    rep2="$(role sales_rep "AND u.department_id <> '$rep_department'")"
    viewer="$(role viewer)"
    rep_customer="$(q "SELECT id FROM customers WHERE owner_id = '$rep' ORDER BY id LIMIT 1")"
    echo 0 >"$work/write_step"
    seed_extras

    # Self-contained and small: no WAL, vacuumed; then every table must have rows.
    q 'PRAGMA journal_mode = DELETE; PRAGMA page_size = 1024; VACUUM;' >/dev/null
    empty="$(for t in $(q "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
        [ "$(q "SELECT COUNT(*) FROM \"$t\"")" != 0 ] || echo "$t"; done)"
    [ -z "$empty" ] || { echo "v$version: empty tables: $empty" >&2; exit 1; }

    before="$(dump)"
    record_reads
    q 'PRAGMA journal_mode = DELETE;' >/dev/null
    [ "$before" = "$(dump)" ] || { echo "v$version: reading changed the database" >&2; exit 1; }
    [ ! -e "$db-wal" ] && [ ! -e "$db-shm" ] || { echo "v$version: a -wal or -shm file is left" >&2; exit 1; }

    tables="$(for t in $(q "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'sqlite_sequence' ORDER BY name"); do
        printf '{"%s": %s}\n' "$t" "$(q "SELECT COUNT(*) FROM \"$t\"")"; done | jq -sc add)"
    {
        jq -n --argjson version "$version" --arg commit "$commit" --arg read_at "$READ_AT" --argjson tables "$tables" \
            '{version: $version, commit: $commit, open_options: {test_mode: {start: $read_at}}, tables: $tables}' |
            sed '$d'
        echo '  ,"reads": ['
        sed '$!s/$/,/' "$reads"
        echo ']}'
    } >"$out/v$version.reads.json"
    jq empty "$out/v$version.reads.json"
    cp "$db" "$out/v$version.db"
    echo "   $(du -k "$out/v$version.db" | cut -f1) KB, $(wc -l <"$reads") reads, tables: $tables"
done
