/* erp_sync.c: an ERP integration written against rapport.h, as a vendor would write it.
 *
 * It opens (or creates) a Rapport database file, bootstraps the sales organisation, imports the
 * customers and contacts an ERP exported as CSV with batch methods (bad rows are reported, not
 * fatal), creates an opportunity per customer, moves them through the pipeline (including the
 * manager's approval gate), prints the pipeline, pushes the ERP's item master, orders with lines, deliveries
 * and receipts and prints the aging report, and delivers what the engine queued in its outbox
 * (approval requests for the approvers' phones, the run's summary). Every rapport_call result is checked; each
 * error code gets the handling an ERP would give it. Safe to run again on the same file: every
 * record carries the ERP's key as `external_ref`, so a rerun updates instead of duplicating.
 *
 *   cc erp_sync.c $(pkg-config --cflags --libs rapport) -o erp_sync
 *   ./erp_sync crm.db data/erp_customers.csv
 */
#include <rapport.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_scan.h"

#define MAX_ROWS 1000
#define MAX_FIELDS 12

/* ---- a growable JSON text buffer -------------------------------------------------------------- */

typedef struct { char *s; size_t len, cap; } text;

static void text_put(text *t, const char *s, size_t n) {
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        if (!t->s) { perror("realloc"); exit(70); }
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void text_printf(text *t, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    text_put(t, buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* Appends s as a JSON string literal (UTF-8 passes through; quotes and controls are escaped). */
static void text_json_string(text *t, const char *s) {
    text_put(t, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') { char e[2] = {'\\', (char)c}; text_put(t, e, 2); }
        else if (c < 0x20) text_printf(t, "\\u%04x", c);
        else text_put(t, s, 1);
    }
    text_put(t, "\"", 1);
}

/* ---- calling the engine ----------------------------------------------------------------------- */

static rapport_db *db;

/* Runs a method; on success returns the answer (free with rapport_free). On failure returns NULL with
 * *rc_out set: the code `expected` is left to the caller, every other one is handled the way an
 * ERP would (data and rule refusals logged, the rest stops the sync). */
static char *call_expecting(const char *actor, const char *method, const char *request, int *rc_out, int expected) {
    char *out = NULL;
    int rc;
    for (int attempt = 0;; attempt++) {
        rc = rapport_call(db, actor, method, request, &out);
        if (rc != RAPPORT_BUSY || attempt == 5) break;
        /* Another writer held the file past the busy timeout: back off and retry. */
        rapport_free(out);
        struct timespec pause = {0, 50 * 1000 * 1000 * (attempt + 1)};
        nanosleep(&pause, NULL);
    }
    if (rc_out) *rc_out = rc;
    if (rc == RAPPORT_OK) return out;
    if (rc == expected) { rapport_free(out); return NULL; }

    char field[128] = "", message[512] = "";
    const char *error = js_get(out, "error");
    js_get_str(error, "field", field, sizeof field);
    js_get_str(error, "message", message, sizeof message);
    switch (rc) {
    case RAPPORT_VALIDATION:
    case RAPPORT_MALFORMED_REQUEST:
    case RAPPORT_CONFLICT:
        /* Bad data from the ERP: report the field, keep going with the next record. */
        fprintf(stderr, "  %s refused (%s) field %s: %s\n", method, rapport_errstr(rc), field[0] ? field : "-", message);
        break;
    case RAPPORT_NOT_FOUND:
    case RAPPORT_PERMISSION_DENIED:
    case RAPPORT_INVALID_STATE:
        /* A business rule said no: log it for the user; not a failure of the sync. */
        fprintf(stderr, "  %s not done (%s): %s\n", method, rapport_errstr(rc), message);
        break;
    case RAPPORT_UNKNOWN_ACTOR:
        fprintf(stderr, "  %s: the acting user is unknown or inactive: %s\n", method, message);
        break;
    default:
        /* BUSY after retries, IO, READ_ONLY, SCHEMA_TOO_NEW, MISUSE, INTERNAL...: stop the sync. */
        fprintf(stderr, "erp_sync: %s failed with %d (%s): %s\n", method, rc, rapport_errstr(rc), rapport_errmsg(db));
        rapport_free(out);
        rapport_close(db);
        exit(1);
    }
    rapport_free(out);
    return NULL;
}

static char *call(const char *actor, const char *method, const char *request, int *rc_out) {
    return call_expecting(actor, method, request, rc_out, RAPPORT_OK);
}

/* Calls a method that must succeed and copies member `key` (a string) of the answer into buf. */
static void call_for(const char *actor, const char *method, const char *request, const char *key, char *buf,
                     size_t cap) {
    int rc;
    char *out = call(actor, method, request, &rc);
    if (!out || js_get_str(out, key, buf, cap) < 0) {
        fprintf(stderr, "erp_sync: %s gave no %s (rc %d)\n", method, key, rc);
        rapport_free(out);
        rapport_close(db);
        exit(1);
    }
    rapport_free(out);
}

/* Prints how many opportunities a list request finds and their total (one page is enough here). */
static void print_bucket(const char *actor, const char *label, const char *request) {
    int rc;
    char *page = call(actor, "opportunities.list", request, &rc);
    long long count = 0, total = 0;
    for (const char *o = js_first(js_get(page, "items")); o; o = js_next(o)) {
        count++;
        total += js_int(js_get(o, "amount_base"), 0);
    }
    printf("  %-14s %4lld  %14.2f\n", label, count, total / 100.0);
    rapport_free(page);
}

/* The staff the sync set up, to name the recipient of a message. */
typedef struct { const char *id, *name; } person;

static const char *name_of(const person *staff, size_t n, const char *id) {
    for (size_t i = 0; i < n; i++) {
        if (strcmp(staff[i].id, id) == 0) return staff[i].name;
    }
    return id;
}

/* ---- the ERP's CSV export --------------------------------------------------------------------- */

typedef struct { char *field[MAX_FIELDS]; } row;

/* Splits one CSV line in place (RFC 4180 quotes; no newlines inside fields). */
static int csv_split(char *line, row *r) {
    int n = 0;
    char *p = line;
    line[strcspn(line, "\r\n")] = '\0';
    while (n < MAX_FIELDS) {
        char *start = p, *w = p;
        if (*p == '"') {
            for (p++;; p++) {
                if (*p == '"' && p[1] == '"') { *w++ = '"'; p++; }
                else if (*p == '"') { p++; break; }
                else if (!*p) break;
                else *w++ = *p;
            }
        } else {
            while (*p && *p != ',') *w++ = *p++;
        }
        char *next = *p == ',' ? p + 1 : NULL;
        *w = '\0';
        r->field[n++] = start;
        if (!next) break;
        p = next;
    }
    for (int i = n; i < MAX_FIELDS; i++) r->field[i] = "";
    return n;
}

enum { ERP_ID, NAME, KIND, REGION, PHONE, EMAIL, INDUSTRY, C_NAME, C_TITLE, C_PHONE, C_EMAIL, AMOUNT };

/* ---- the sync --------------------------------------------------------------------------------- */

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "erp_sync.db";
    const char *csv_path = argc > 2 ? argv[2] : "data/erp_customers.csv";

    if (rapport_libversion_number() != RAPPORT_VERSION_NUMBER) {
        fprintf(stderr, "erp_sync: header %d does not match library %s\n", RAPPORT_VERSION_NUMBER, rapport_libversion());
        return 1;
    }
    int rc = rapport_open(path, "{\"create_if_missing\": true, \"busy_timeout_ms\": 5000}", &db);
    if (rc != RAPPORT_OK) {
        /* The handle exists even on failure, so the message can be read. */
        fprintf(stderr, "erp_sync: cannot open %s: %s (%s)\n", path, rapport_errmsg(db), rapport_errstr(rc));
        rapport_close(db);
        return 1;
    }
    printf("Rapport %s, database %s\n", rapport_libversion(), path);

    /* 1. The organisation: one sales department, a manager and two reps, a pipeline with an
     *    approval gate. external_ref makes every step an upsert. */
    char *out = call(NULL, "org.configure", "{\"name\": \"华南贸易有限公司\", \"base_currency\": \"CNY\"}", NULL);
    rapport_free(out);
    char dept[64], director[64], manager[64], reps[2][64];
    call_for(NULL, "departments.create", "{\"external_ref\": \"ERP-D-10\", \"name\": \"华南销售部\"}", "id", dept,
             sizeof dept);
    text req = {0};
    text_printf(&req, "{\"external_ref\": \"ERP-U-0\", \"name\": \"陈总监\", \"department_id\": \"%s\", "
                      "\"roles\": [\"sales_manager\"]}", dept);
    call_for(NULL, "users.create", req.s, "id", director, sizeof director);
    req.len = 0;
    text_printf(&req, "{\"external_ref\": \"ERP-U-1\", \"name\": \"王经理\", \"department_id\": \"%s\", "
                      "\"roles\": [\"sales_manager\"], \"manager_id\": \"%s\"}", dept, director);
    call_for(NULL, "users.create", req.s, "id", manager, sizeof manager);
    const char *rep_names[2] = {"张伟", "李娜"};
    for (int i = 0; i < 2; i++) {
        req.len = 0;
        text_printf(&req, "{\"external_ref\": \"ERP-U-%d\", \"name\": \"%s\", \"department_id\": \"%s\", "
                          "\"roles\": [\"sales_rep\"], \"manager_id\": \"%s\"}", i + 2, rep_names[i], dept, manager);
        call_for(NULL, "users.create", req.s, "id", reps[i], sizeof reps[i]);
    }
    out = call_expecting(NULL, "pipelines.create",
               "{\"code\": \"erp\", \"name\": \"标准销售流程\", \"is_default\": true, \"stages\": ["
               "{\"code\": \"qualify\", \"name\": \"初步接洽\", \"probability\": 10},"
               "{\"code\": \"evaluate\", \"name\": \"需求评估\", \"probability\": 40, \"requires_approval\": true},"
               "{\"code\": \"negotiate\", \"name\": \"商务谈判\", \"probability\": 80}]}",
               &rc, RAPPORT_CONFLICT);
    if (rc == RAPPORT_CONFLICT) printf("Pipeline erp already set up (a rerun)\n");
    rapport_free(out);
    /* ORG-5: the evaluation is approved by the rep's manager, and above 2,000,000.00 also by the manager
     * two levels up (the director). Configured once: each set_flow is a new version. */
    char flow_version[16] = "";
    out = call(NULL, "approvals.get_flow", "{\"document_type\": \"opportunity_evaluation\"}", &rc);
    snprintf(flow_version, sizeof flow_version, "%lld", js_int(js_get(out, "version"), -1));
    rapport_free(out);
    if (strcmp(flow_version, "0") == 0) {
        rapport_free(call(NULL, "approvals.set_flow",
                          "{\"document_type\": \"opportunity_evaluation\", \"steps\": ["
                          "{\"name\": \"直属经理\", \"approver\": {\"kind\": \"manager\"}},"
                          "{\"name\": \"销售总监\", \"approver\": {\"kind\": \"manager\", \"levels\": 2},"
                          " \"condition\": {\"field\": \"amount\", \"op\": \"gte\", \"value\": 200000000}}]}",
                          &rc));
    }

    /* 2. Import customers, then their contacts, from the ERP's CSV. */
    FILE *csv = fopen(csv_path, "r");
    if (!csv) { perror(csv_path); rapport_close(db); return 1; }
    static char lines[MAX_ROWS][1024];
    static row rows[MAX_ROWS];
    int n = 0;
    fgets(lines[0], sizeof lines[0], csv); /* header */
    while (n < MAX_ROWS && fgets(lines[n], sizeof lines[n], csv)) {
        if (csv_split(lines[n], &rows[n]) >= NAME + 1) n++;
    }
    fclose(csv);

    req.len = 0;
    text_printf(&req, "{\"mode\": \"skip_invalid\", \"items\": [");
    for (int i = 0; i < n; i++) {
        row *r = &rows[i];
        text_printf(&req, "%s{\"external_ref\": ", i ? "," : "");
        text_json_string(&req, r->field[ERP_ID]);
        text_printf(&req, ", \"name\": ");
        text_json_string(&req, r->field[NAME]);
        text_printf(&req, ", \"kind\": ");
        text_json_string(&req, r->field[KIND]);
        text_printf(&req, ", \"region\": ");
        text_json_string(&req, r->field[REGION]);
        text_printf(&req, ", \"industry\": ");
        text_json_string(&req, r->field[INDUSTRY]);
        if (*r->field[PHONE]) { text_printf(&req, ", \"phone\": "); text_json_string(&req, r->field[PHONE]); }
        if (*r->field[EMAIL]) { text_printf(&req, ", \"email\": "); text_json_string(&req, r->field[EMAIL]); }
        text_printf(&req, ", \"owner_id\": \"%s\"}", reps[i % 2]);
    }
    text_printf(&req, "]}");
    out = call(NULL, "customers.batch", req.s, &rc);
    if (!out) { rapport_close(db); return 1; }
    static char customer_id[MAX_ROWS][64];
    for (const char *w = js_first(js_get(out, "written")); w; w = js_next(w)) {
        long long index = js_int(js_get(w, "index"), -1);
        if (index >= 0 && index < n) (void)js_get_str(w, "id", customer_id[index], sizeof customer_id[index]);
    }
    printf("Customers: %lld created, %lld updated\n", js_int(js_get(out, "created"), 0),
           js_int(js_get(out, "updated"), 0));
    for (const char *e = js_first(js_get(out, "rejected")); e; e = js_next(e)) {
        char code[32] = "", field[64] = "", message[256] = "";
        long long index = js_int(js_get(e, "index"), -1);
        js_get_str(e, "code", code, sizeof code);
        js_get_str(e, "field", field, sizeof field);
        js_get_str(e, "message", message, sizeof message);
        printf("  CSV row %lld (%s) skipped: %s in %s: %s\n", index + 2, index >= 0 && index < n ? rows[index].field[ERP_ID] : "?",
               code, field, message);
    }
    rapport_free(out);

    req.len = 0;
    text_printf(&req, "{\"mode\": \"skip_invalid\", \"items\": [");
    int contacts = 0;
    for (int i = 0; i < n; i++) {
        row *r = &rows[i];
        if (!customer_id[i][0] || !*r->field[C_NAME]) continue;
        text_printf(&req, "%s{\"external_ref\": \"%s-P1\", \"customer_external_ref\": ", contacts++ ? "," : "", r->field[ERP_ID]);
        text_json_string(&req, r->field[ERP_ID]);
        text_printf(&req, ", \"name\": ");
        text_json_string(&req, r->field[C_NAME]);
        text_printf(&req, ", \"title\": ");
        text_json_string(&req, r->field[C_TITLE]);
        if (*r->field[C_PHONE]) { text_printf(&req, ", \"phones\": ["); text_json_string(&req, r->field[C_PHONE]); text_printf(&req, "]"); }
        if (*r->field[C_EMAIL]) { text_printf(&req, ", \"emails\": ["); text_json_string(&req, r->field[C_EMAIL]); text_printf(&req, "]"); }
        text_printf(&req, "}");
    }
    text_printf(&req, "]}");
    out = call(NULL, "contacts.batch", req.s, &rc);
    if (out) {
        printf("Contacts: %lld created, %lld updated, %d rejected\n", js_int(js_get(out, "created"), 0),
               js_int(js_get(out, "updated"), 0), js_count(js_get(out, "rejected")));
        rapport_free(out);
    }

    /* 3. One opportunity per imported customer, created by its owner, moved through the pipeline. */
    int opportunities = 0, closed = 0;
    for (int i = 0; i < n; i++) {
        if (!customer_id[i][0]) continue;
        const char *rep = reps[i % 2];
        char opp[64], stage[32], status[32];
        req.len = 0;
        text_printf(&req, "{\"external_ref\": \"ERP-OPP-%s\", \"customer_id\": \"%s\", \"title\": ", rows[i].field[ERP_ID],
                    customer_id[i]);
        text_json_string(&req, rows[i].field[NAME]);
        text_printf(&req, ", \"currency\": \"CNY\", \"lines\": [{\"description\": \"年度供货合同\", \"quantity\": \"1\", "
                          "\"unit_price\": %lld}]}", atoll(rows[i].field[AMOUNT]));
        out = call_expecting(rep, "opportunities.create", req.s, &rc, RAPPORT_INVALID_STATE);
        if (rc == RAPPORT_INVALID_STATE) closed++; /* won or lost in an earlier run: the ERP leaves it */
        if (!out) continue;
        js_get_str(out, "id", opp, sizeof opp);
        js_get_str(out, "stage", stage, sizeof stage);
        js_get_str(out, "status", status, sizeof status);
        rapport_free(out);
        opportunities++;
        if (strcmp(status, "open") != 0 || strcmp(stage, "qualify") != 0) continue; /* moved in an earlier run */

        /* qualify -> evaluate; evaluate needs the manager's approval before negotiate. */
        text step = {0};
        text_printf(&step, "{\"id\": \"%s\", \"stage\": \"evaluate\"}", opp);
        rapport_free(call(rep, "opportunities.advance", step.s, &rc));
        if (i % 4 == 3) { free(step.s); continue; } /* stays in evaluation */
        step.len = 0;
        text_printf(&step, "{\"id\": \"%s\", \"stage\": \"negotiate\"}", opp);
        out = call_expecting(rep, "opportunities.advance", step.s, &rc, RAPPORT_INVALID_STATE); /* not approved yet */
        if (rc == RAPPORT_INVALID_STATE) printf("  %s: negotiate waits for approval, as it should\n", rows[i].field[ERP_ID]);
        rapport_free(out);
        text note = {0};
        text_printf(&note, "{\"id\": \"%s\", \"note\": \"预算已确认\"}", opp);
        rapport_free(call(rep, "opportunities.submit_for_approval", note.s, &rc));
        /* The manager approves from their pending list; a large deal then waits for the director. */
        char approval[64] = "", state[32] = "";
        out = call(manager, "approvals.pending", "{\"limit\": 1}", &rc);
        const char *first = out ? js_first(js_get(out, "items")) : NULL;
        if (first) js_get_str(first, "id", approval, sizeof approval);
        rapport_free(out);
        text decision = {0};
        text_printf(&decision, "{\"id\": \"%s\", \"comment\": \"同意\"}", approval);
        out = call(manager, "approvals.approve", decision.s, &rc);
        if (out) js_get_str(out, "status", state, sizeof state);
        rapport_free(out);
        if (strcmp(state, "pending") == 0) {
            out = call(director, "approvals.approve", decision.s, &rc);
            if (out) js_get_str(out, "status", state, sizeof state);
            rapport_free(out);
            printf("  %s: %s after the manager and the director (2,000,000.00 or more)\n", rows[i].field[ERP_ID], state);
        } else {
            printf("  %s: %s by the manager alone (below 2,000,000.00)\n", rows[i].field[ERP_ID], state);
        }
        free(decision.s);
        rapport_free(call(rep, "opportunities.advance", step.s, &rc));
        if (i % 4 == 0) rapport_free(call(rep, "opportunities.win", note.s, &rc));
        if (i % 4 == 1) {
            note.len = 0;
            text_printf(&note, "{\"id\": \"%s\", \"reason\": \"价格偏高\", \"competitor\": \"Acme\"}", opp);
            rapport_free(call(rep, "opportunities.lose", note.s, &rc));
        }
        free(step.s);
        free(note.s);
    }
    printf("Opportunities: %d synced, %d already closed\n", opportunities, closed);

    /* 4. The pipeline, as the manager sees it: open deals per stage, then the closed ones. */
    char *pipelines = call(manager, "pipelines.list", "{}", &rc);
    const char *erp = NULL;
    for (const char *p = js_first(pipelines); p; p = js_next(p)) {
        char code[32];
        if (js_get_str(p, "code", code, sizeof code) > 0 && strcmp(code, "erp") == 0) erp = p;
    }
    printf("\nPipeline (open opportunities, amounts in CNY):\n");
    for (const char *st = js_first(js_get(erp, "stages")); st; st = js_next(st)) {
        char code[32], name[96];
        js_get_str(st, "code", code, sizeof code);
        js_get_str(st, "name", name, sizeof name);
        req.len = 0;
        text_printf(&req, "{\"stage\": \"%s\", \"status\": \"open\", \"limit\": 1000}", code);
        print_bucket(manager, name, req.s);
    }
    print_bucket(manager, "won", "{\"status\": \"won\", \"limit\": 1000}");
    print_bucket(manager, "lost", "{\"status\": \"lost\", \"limit\": 1000}");
    rapport_free(pipelines);

    /* 5. DOC-1, DOC-8, DOC-6: what the ERP already decided, pushed with its lines: the item master, approved
     *    orders of the imported customers, their deliveries per line and the payments received. A push records
     *    the ERP's decisions (no approval flow, no credit check) and obeys every other rule: an order's amount
     *    is its lines' gross total, a delivery never exceeds what is left to deliver. Then the aging report, as
     *    the ERP's finance desk reads it, by owner. Prices are whole yuan, so net and tax (13%) are exact. */
    static const struct { const char *ref, *code, *name; long long price; } items[] = {
        {"ERP-P-100", "PUMP-200", "循环泵 200W", 128000}, {"ERP-P-101", "VALVE-50", "球阀 DN50", 4500},
        {"ERP-P-102", "CTRL-1", "控制柜", 356000}};
    char product[3][64] = {"", "", ""};
    req.len = 0;
    text_printf(&req, "{\"items\": [");
    for (int i = 0; i < 3; i++) {
        text_printf(&req, "%s{\"external_ref\": \"%s\", \"code\": \"%s\", \"name\": \"%s\", \"unit\": \"台\", "
                          "\"list_price\": %lld, \"tax_rate_bp\": 1300, \"warranty_months\": 12}",
                    i ? "," : "", items[i].ref, items[i].code, items[i].name, items[i].price);
    }
    text_printf(&req, "]}");
    out = call(NULL, "products.push", req.s, &rc);
    int p = 0;
    for (const char *w = out ? js_first(js_get(out, "written")) : NULL; w && p < 3; w = js_next(w), p++) {
        js_get_str(w, "id", product[p], sizeof product[p]);
    }
    rapport_free(out);
    int orders = 0, deliveries = 0, receipts = 0, refused = 0;
    static long long order_gross[MAX_ROWS];
    static int order_month[MAX_ROWS];
    for (int i = 0; i < n && product[2][0]; i++) {
        if (!customer_id[i][0]) continue;
        long long q1 = 1 + i % 3, q2 = 2 * (1 + i % 4);
        long long net = q1 * items[i % 3].price + q2 * items[1].price, gross = net + net * 13 / 100;
        int month = 1 + i % 5;
        order_gross[i] = gross;
        order_month[i] = month;
        req.len = 0;
        text_printf(&req, "{\"items\": [{\"external_ref\": \"ERP-SO-%s\", \"customer_id\": \"%s\", \"number\": "
                          "\"SO2026-%03d\", \"status\": \"approved\", \"order_date\": \"2026-%02d-05\", \"due_date\": "
                          "\"2026-%02d-05\", \"amount\": %lld, \"shipping_address\": ",
                    rows[i].field[ERP_ID], customer_id[i], i + 1, month, month + 1, gross);
        text_json_string(&req, rows[i].field[REGION]);
        text_printf(&req, ", \"lines\": [{\"product_id\": \"%s\", \"quantity\": %lld}, {\"product_id\": \"%s\", "
                          "\"quantity\": %lld}]}]}", product[i % 3], q1, product[1], q2);
        out = call(NULL, "orders.push", req.s, &rc);
        if (out && js_count(js_get(out, "written")) == 1) orders++;
        rapport_free(out);
        /* Half of line 2 leaves the warehouse; then an over-delivery of line 1, which the engine refuses. */
        req.len = 0;
        text_printf(&req, "{\"items\": [{\"external_ref\": \"ERP-DN-%s\", \"order_external_ref\": \"ERP-SO-%s\", "
                          "\"delivery_date\": \"2026-%02d-10\", \"lines\": [{\"line_no\": 2, \"quantity\": %lld}]}]}",
                    rows[i].field[ERP_ID], rows[i].field[ERP_ID], month, q2 / 2);
        out = call(NULL, "deliveries.push", req.s, &rc);
        if (out && js_count(js_get(out, "written")) == 1) deliveries++;
        rapport_free(out);
        req.len = 0;
        text_printf(&req, "{\"mode\": \"skip_invalid\", \"items\": [{\"external_ref\": \"ERP-DN-%s-X\", "
                          "\"order_external_ref\": \"ERP-SO-%s\", \"delivery_date\": \"2026-%02d-11\", "
                          "\"lines\": [{\"line_no\": 1, \"quantity\": %lld}]}]}",
                    rows[i].field[ERP_ID], rows[i].field[ERP_ID], month, q1 + 1);
        out = call(NULL, "deliveries.push", req.s, &rc);
        if (out) refused += js_count(js_get(out, "rejected"));
        rapport_free(out);
        if (i % 3 == 0) { /* every third customer has paid its order in full */
            req.len = 0;
            text_printf(&req, "{\"items\": [{\"external_ref\": \"ERP-RC-%s\", \"customer_id\": \"%s\", "
                              "\"order_external_ref\": \"ERP-SO-%s\", \"receipt_date\": \"2026-%02d-28\", \"amount\": %lld}]}",
                        rows[i].field[ERP_ID], customer_id[i], rows[i].field[ERP_ID], month, gross);
            out = call(NULL, "receipts.push", req.s, &rc);
            if (out && js_count(js_get(out, "written")) == 1) receipts++;
            rapport_free(out);
        }
    }
    printf("\nQuote to cash from the ERP: %d orders with lines, %d deliveries, %d receipts pushed; "
           "%d over-deliveries refused\n", orders, deliveries, receipts, refused);
    out = call(manager, "receivables.aging", "{\"as_of\": \"2026-06-30\", \"group_by\": \"owner\"}", &rc);
    if (out) {
        printf("Aging on 2026-06-30 (CNY, by due date):\n  %-10s %12s", "owner", "not due");
        for (const char *b = js_first(js_get(out, "buckets")); b; b = js_next(b)) {
            char label[16] = "";
            js_get_str(b, "label", label, sizeof label);
            printf(" %12s", label);
        }
        printf(" %12s\n", "total");
        for (const char *g = js_first(js_get(out, "groups")); g; g = js_next(g)) {
            char name[64] = "";
            js_get_str(g, "name", name, sizeof name);
            printf("  %-10s %12.2f", name, js_int(js_get(g, "not_due"), 0) / 100.0);
            for (const char *a = js_first(js_get(g, "buckets")); a; a = js_next(a)) printf(" %12.2f", js_int(a, 0) / 100.0);
            printf(" %12.2f\n", js_int(js_get(g, "total"), 0) / 100.0);
        }
        printf("  %-10s %12.2f", "all", js_int(js_get(out, "not_due"), 0) / 100.0);
        for (const char *b = js_first(js_get(out, "buckets")); b; b = js_next(b)) {
            printf(" %12.2f", js_int(js_get(b, "amount"), 0) / 100.0);
        }
        printf(" %12.2f\n", js_int(js_get(out, "total"), 0) / 100.0);
        rapport_free(out);
    }

    /* 6. DOC-10: invoicing and receivables are the ERP's. Each customer's owner asks for an invoice on its
     *    order (开票申请, keyed so a rerun asks nothing twice); the ERP's finance desk takes the waiting requests
     *    and reports each issued invoice back (number, date, amount). Then the ERP takes receivables over: once
     *    money is recorded the switch is the documented migration (the engine's open receivables close), and
     *    the ERP pushes its own with what is still open, keyed by its AR numbers; the aging report, the credit
     *    check and the 360 view now read those. A rerun finds the ERP already owning them and pushes the same. */
    int requested = 0, issued = 0, pushed = 0;
    for (int i = 0; i < n; i++) {
        if (!customer_id[i][0] || !order_gross[i]) continue;
        req.len = 0;
        text_printf(&req, "{\"order_external_ref\": \"ERP-SO-%s\", \"amount\": %lld, \"invoice_type\": \"vat_general\", "
                          "\"external_ref\": \"ERP-IR-%s\", \"invoice_title\": ",
                    rows[i].field[ERP_ID], order_gross[i], rows[i].field[ERP_ID]);
        text_json_string(&req, rows[i].field[NAME]);
        text_printf(&req, "}");
        out = call(reps[i % 2], "invoices.request", req.s, &rc);
        if (out) requested++;
        rapport_free(out);
    }
    char *queue = call(NULL, "invoices.list", "{\"status\": \"requested\", \"limit\": 100}", &rc);
    int number = 44030000;
    for (const char *inv = queue ? js_first(js_get(queue, "items")) : NULL; inv; inv = js_next(inv)) {
        char id[64] = "";
        js_get_str(inv, "id", id, sizeof id);
        req.len = 0;
        text_printf(&req, "{\"id\": \"%s\", \"invoice_number\": \"%d\", \"issue_date\": \"2026-06-30\"}", id, ++number);
        out = call(NULL, "invoices.issue", req.s, &rc);
        if (out) issued++;
        rapport_free(out);
    }
    rapport_free(queue);
    printf("\nInvoices: %d requested by the reps, %d issued by the ERP\n", requested, issued);
    rapport_free(call(NULL, "finance.configure", "{\"receivables_owner\": \"erp\", \"migrate\": true}", &rc));
    for (int i = 0; i < n; i++) {
        if (!customer_id[i][0] || !order_gross[i]) continue;
        req.len = 0;
        text_printf(&req, "{\"items\": [{\"external_ref\": \"AR-%s\", \"order_external_ref\": \"ERP-SO-%s\", "
                          "\"due_date\": \"2026-%02d-05\", \"amount\": %lld, \"outstanding\": %lld}]}",
                    rows[i].field[ERP_ID], rows[i].field[ERP_ID], order_month[i] + 1, order_gross[i],
                    i % 3 == 0 ? 0 : order_gross[i]);
        out = call(NULL, "receivables.push", req.s, &rc);
        if (out && js_count(js_get(out, "written")) == 1) pushed++;
        rapport_free(out);
    }
    out = call(manager, "receivables.aging", "{\"as_of\": \"2026-06-30\"}", &rc);
    printf("Receivables: %d pushed by the ERP, which owns them; aging total %.2f\n", pushed,
           out ? js_int(js_get(out, "total"), 0) / 100.0 : -1.0);
    rapport_free(out);
    /* A receivable on an order the ERP never pushed is rejected, and nothing else is written. */
    out = call(NULL, "receivables.push", "{\"mode\": \"skip_invalid\", \"items\": [{\"external_ref\": \"AR-X\", "
               "\"order_external_ref\": \"NO-SUCH\", \"due_date\": \"2026-07-01\", \"amount\": 100}]}", &rc);
    char rejected_code[32] = "";
    if (out) js_get_str(js_first(js_get(out, "rejected")), "code", rejected_code, sizeof rejected_code);
    if (strcmp(rejected_code, "not_found") == 0) printf("  a receivable on an unknown order: rejected (not_found), as it should\n");
    rapport_free(out);

    /* 7. ORG-7: the engine never sends anything; the host delivers what its outbox holds. This run's summary
     *    goes to the manager's phone too. Take a batch (each message leased for a minute, offered again if
     *    this process died before reporting), deliver each, report each once. */
    const person staff[] = {{director, "陈总监"}, {manager, "王经理"}, {reps[0], rep_names[0]}, {reps[1], rep_names[1]}};
    const size_t staff_count = sizeof staff / sizeof *staff;
    req.len = 0;
    text_printf(&req, "{\"channel\": \"push\", \"recipient_kind\": \"user\", \"recipient_id\": \"%s\", "
                      "\"template_key\": \"erp.sync_summary\", \"params\": {\"opportunities\": %d, \"closed\": %d}}",
                manager, opportunities, closed);
    rapport_free(call(NULL, "outbox.send", req.s, &rc));
    printf("\nOutbox (delivered by the ERP host):\n");
    int delivered = 0;
    char reported[64] = "";
    for (;;) {
        char *batch = call(NULL, "outbox.take", "{\"limit\": 50, \"lease_seconds\": 60}", &rc);
        const char *m = js_first(batch);
        if (!m) { rapport_free(batch); break; }
        for (; m; m = js_next(m)) {
            char id[64] = "", channel[16] = "", recipient[64] = "", template_key[64] = "", step[96] = "";
            js_get_str(m, "id", id, sizeof id);
            js_get_str(m, "channel", channel, sizeof channel);
            js_get_str(m, "recipient_id", recipient, sizeof recipient);
            js_get_str(m, "template_key", template_key, sizeof template_key);
            js_get_str(js_get(m, "params"), "step", step, sizeof step);
            /* A real host hands it to its push, SMS or mail gateway here. */
            printf("  %-5s %-20s -> %s%s%s\n", channel, template_key, name_of(staff, staff_count, recipient),
                   step[0] ? ", step " : "", step);
            req.len = 0;
            text_printf(&req, "{\"id\": \"%s\", \"outcome\": \"sent\"}", id);
            char *sent = call(NULL, "outbox.report", req.s, &rc);
            if (sent) { delivered++; snprintf(reported, sizeof reported, "%s", id); }
            rapport_free(sent);
        }
        rapport_free(batch);
    }
    printf("Outbox: %d delivered\n", delivered);
    /* A delivery is reported once: a second report (a retry after a lost answer) is refused. */
    if (reported[0]) {
        req.len = 0;
        text_printf(&req, "{\"id\": \"%s\", \"outcome\": \"sent\"}", reported);
        out = call_expecting(NULL, "outbox.report", req.s, &rc, RAPPORT_INVALID_STATE);
        if (rc == RAPPORT_INVALID_STATE) {
            printf("  reporting a delivery twice: RAPPORT_INVALID_STATE (%s), as it should\n", rapport_errmsg(db));
        }
        rapport_free(out);
    }
    free(req.s);
    rapport_close(db);
    return 0;
}
