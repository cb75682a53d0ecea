/* test_abi.c: every entry point of rapport.h, including misuse; each refusal leaves the database unchanged. */
#include "check.h"

#include <pthread.h>
#include <unistd.h>

static const char *TEST_MODE =
    "{\"create_if_missing\": true, \"test_mode\": {\"start\": \"2026-03-02T01:00:00Z\", \"step_ms\": 1000, \"id_seed\": 42}}";

/* Everything a refused call could have touched, as one string. */
static char *snapshot(rapport_db *db) {
    const char *methods[] = {"departments.list", "users.list", "customers.list", "pipelines.list"};
    const char *requests[] = {"{}", "{}", "{\"limit\": 1000, \"include_archived\": true}", "{\"include_archived\": true}"};
    size_t len = 0;
    char *all = calloc(1, 1);
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++) {
        char *out = expect_call(db, NULL, methods[i], requests[i], RAPPORT_OK, "snapshot");
        size_t n = out ? strlen(out) : 0;
        all = realloc(all, len + n + 2);
        if (out) memcpy(all + len, out, n);
        len += n;
        all[len++] = '\n';
        all[len] = '\0';
        rapport_free(out);
    }
    return all;
}

/* A refused call: the code, the error JSON's code name and field, and the handle's last error agree. */
static void expect_refusal(rapport_db *db, const char *actor, const char *method, const char *request, int want,
                           const char *want_field, const char *where) {
    char *out = expect_call(db, actor, method, request, want, where);
    CHECK(out != NULL);
    if (out) {
        char code[64] = "";
        js_get_str(js_get(out, "error"), "code", code, sizeof code);
        CHECK(strcmp(code, "") != 0);
        if (want_field && strcmp(error_member(out, "field"), want_field) != 0) {
            fprintf(stderr, "%s: field %s, want %s (%s)\n", where, error_member(out, "field"), want_field, out);
            failures++;
        }
        char message[256] = "";
        js_get_str(js_get(out, "error"), "message", message, sizeof message);
        CHECK(strcmp(message, rapport_errmsg(db)) == 0);
    }
    CHECK_RC(rapport_errcode(db), want);
    rapport_free(out);
}

static void versions_and_codes(void) {
    CHECK(rapport_libversion_number() == RAPPORT_VERSION_NUMBER);
    CHECK(strchr(rapport_libversion(), '.') != NULL);
    CHECK(strcmp(rapport_errstr(RAPPORT_OK), "not an error") == 0);
    CHECK(strstr(rapport_errstr(RAPPORT_NOT_FOUND), "No such record") != NULL);
    CHECK(strstr(rapport_errstr(RAPPORT_MISUSE), "NULL") != NULL);
    CHECK(strcmp(rapport_errstr(RAPPORT_READ_ONLY), rapport_errstr(RAPPORT_IO)) != 0);
    CHECK(strcmp(rapport_errstr(999), "unknown error code") == 0);
    CHECK(strcmp(rapport_errstr(-1), "unknown error code") == 0);
    rapport_free(NULL);
    CHECK_RC(rapport_close(NULL), RAPPORT_OK);
}

static void open_misuse(const char *dir) {
    rapport_db *db = (rapport_db *)0x1;
    char path[512];

    CHECK_RC(rapport_open(":memory:", NULL, NULL), RAPPORT_MISUSE);
    CHECK_RC(rapport_errcode(NULL), RAPPORT_MISUSE);
    CHECK(strstr(rapport_errmsg(NULL), "out_db") != NULL);

    CHECK_RC(rapport_open(NULL, NULL, &db), RAPPORT_MISUSE);
    CHECK(db != NULL); /* set even on failure, to explain it */
    CHECK_RC(rapport_errcode(db), RAPPORT_MISUSE);
    CHECK(strstr(rapport_errmsg(db), "path is NULL") != NULL);
    char *out = NULL;
    CHECK_RC(rapport_call(db, NULL, "org.get", "{}", &out), RAPPORT_MISUSE); /* a failed handle has no db */
    CHECK(strcmp(error_member(out, "field"), "db") == 0);
    rapport_free(out);
    CHECK_RC(rapport_close(db), RAPPORT_OK);

    CHECK_RC(rapport_open("\xff\xfe.db", NULL, &db), RAPPORT_MISUSE);
    CHECK(strstr(rapport_errmsg(db), "path is not valid UTF-8") != NULL);
    rapport_close(db);

    CHECK_RC(rapport_open(":memory:", "{\"read_only\": \xc3\x28}", &db), RAPPORT_MISUSE);
    CHECK(strstr(rapport_errmsg(db), "options_json") != NULL);
    rapport_close(db);

    CHECK_RC(rapport_open(":memory:", "{not json", &db), RAPPORT_MALFORMED_REQUEST);
    rapport_close(db);
    CHECK_RC(rapport_open(":memory:", "{\"busy_timeout_ms\": \"soon\"}", &db), RAPPORT_MALFORMED_REQUEST);
    CHECK(strstr(rapport_errmsg(db), "invalid type") != NULL);
    rapport_close(db);

    /* Found by the boundary fuzzer: a busy timeout SQLite cannot take panicked (internal), a URI with an
       unknown access mode was internal; both are typed refusals, and the message does not repeat the path. */
    CHECK_RC(rapport_open(":memory:", "{\"busy_timeout_ms\": 4294967295}", &db), RAPPORT_VALIDATION);
    rapport_close(db);
    snprintf(path, sizeof path, "file:%s/uri.db?mode=nosuchmode", dir);
    CHECK_RC(rapport_open(path, NULL, &db), RAPPORT_IO);
    CHECK(strstr(rapport_errmsg(db), "nosuchmode") == NULL);
    rapport_close(db);

    snprintf(path, sizeof path, "%s/no/such/dir/crm.db", dir);
    CHECK_RC(rapport_open(path, NULL, &db), RAPPORT_IO);
    CHECK(strlen(rapport_errmsg(db)) > 0);
    rapport_close(db);
    snprintf(path, sizeof path, "%s/missing.db", dir);
    CHECK_RC(rapport_open(path, "{\"create_if_missing\": false}", &db), RAPPORT_IO);
    rapport_close(db);
    CHECK(access(path, F_OK) != 0); /* nothing created */

    /* A closed handle and a made-up one are misuse, not a crash. */
    CHECK_RC(rapport_open(":memory:", NULL, &db), RAPPORT_OK);
    CHECK_RC(rapport_close(db), RAPPORT_OK);
    CHECK_RC(rapport_close(db), RAPPORT_MISUSE);
    CHECK_RC(rapport_call(db, NULL, "org.get", "{}", &out), RAPPORT_MISUSE);
    CHECK(strstr(out, "not an open handle") != NULL);
    rapport_free(out);
    CHECK_RC(rapport_errcode(db), RAPPORT_MISUSE); /* kept for the thread, as for NULL */
    CHECK_RC(rapport_call((rapport_db *)0x7777, NULL, "org.get", "{}", &out), RAPPORT_MISUSE);
    rapport_free(out);
}

/* The host's error log: what rapport_set_log's function received. */
static int logged_count;
static int logged_code;
static char logged_message[1024];
static void *logged_user_data;

static void log_failure(void *user_data, int code, const char *message) {
    logged_count++;
    logged_code = code;
    logged_user_data = user_data;
    snprintf(logged_message, sizeof logged_message, "%s", message);
}

/* Replaces every `from` in the file with `to` (same length): a stored value corrupted on disk. */
static int corrupt_file(const char *path, const char *from, const char *to) {
    FILE *f = fopen(path, "r+b");
    if (!f) return 0;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *bytes = malloc((size_t)size);
    int replaced = 0;
    if (fread(bytes, 1, (size_t)size, f) == (size_t)size) {
        size_t n = strlen(from);
        for (long i = 0; i + (long)n <= size; i++) {
            if (memcmp(bytes + i, from, n) == 0) {
                memcpy(bytes + i, to, n);
                replaced++;
            }
        }
        fseek(f, 0, SEEK_SET);
        fwrite(bytes, 1, (size_t)size, f);
    }
    free(bytes);
    fclose(f);
    return replaced;
}

/* An internal failure reaches the installed log with its cause; the caller's error JSON carries no
   stored value; rapport_reported_errors counts it; after rapport_set_log(NULL, ...) nothing is called. */
static void error_log(const char *dir) {
    char path[512], id[64], req[128];
    snprintf(path, sizeof path, "%s/log.db", dir);
    rapport_db *db = NULL;
    /* No reader connections: the writer is the last to close, so the WAL is checkpointed into the file. */
    CHECK_RC(rapport_open(path, "{\"reader_connections\": 0}", &db), RAPPORT_OK);
    char *out = expect_call(db, NULL, "custom_fields.define",
                            "{\"entity\": \"customer\", \"key\": \"note\", \"label\": \"Note\", \"field_type\": \"text\"}",
                            RAPPORT_OK, "define");
    rapport_free(out);
    call_for(db, NULL, "customers.create", "{\"name\": \"Log\", \"custom\": {\"note\": \"QQQQQQ\"}}", "id", id, sizeof id);
    CHECK_RC(rapport_close(db), RAPPORT_OK);
    CHECK(corrupt_file(path, "{\"note\":\"QQQQQQ\"}", "[\"note\":\"QQQQQQ\"}") > 0);

    int marker = 42;
    unsigned long long before = rapport_reported_errors();
    CHECK_RC(rapport_set_log(log_failure, &marker), RAPPORT_OK);
    CHECK_RC(rapport_open(path, NULL, &db), RAPPORT_OK);
    snprintf(req, sizeof req, "{\"id\": \"%s\"}", id);
    out = expect_call(db, NULL, "customers.get", req, RAPPORT_INTERNAL, "corrupt customer");
    CHECK(out != NULL && strstr(out, "QQQQQQ") == NULL);
    rapport_free(out);
    CHECK(logged_count == 1 && logged_code == RAPPORT_INTERNAL && logged_user_data == &marker);
    CHECK(strstr(logged_message, "line 1 column") != NULL); /* the JSON parser's error, the innermost cause */
    CHECK(rapport_reported_errors() == before + 1);

    CHECK_RC(rapport_set_log(NULL, NULL), RAPPORT_OK);
    out = expect_call(db, NULL, "customers.get", req, RAPPORT_INTERNAL, "corrupt customer, no log");
    rapport_free(out);
    CHECK(logged_count == 1);
    CHECK(rapport_reported_errors() == before + 2);
    CHECK_RC(rapport_close(db), RAPPORT_OK);
}

/* What the ORG-6 and ORG-7 refusals below could have touched, as one string: both inboxes, the outbox,
   the roles and the grants. */
static char *org_snapshot(rapport_db *db, const char *manager, const char *rep) {
    const char *actors[] = {manager, rep, NULL, NULL, NULL};
    const char *methods[] = {"inbox.list", "inbox.list", "outbox.list", "roles.list", "grants.list"};
    size_t len = 0;
    char *all = calloc(1, 1);
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++) {
        char *out = expect_call(db, actors[i], methods[i], "{}", RAPPORT_OK, "org snapshot");
        size_t n = out ? strlen(out) : 0;
        all = realloc(all, len + n + 2);
        if (out) memcpy(all + len, out, n);
        len += n;
        all[len++] = '\n';
        all[len] = '\0';
        rapport_free(out);
    }
    return all;
}

/* Bad input to the custom roles (ORG-6) and notification (ORG-7) methods: typed refusals with their field,
   and nothing changed. A manager hands a rep a customer (an assignment in the rep's inbox); a message to the
   rep is delivered and reported. */
static void org_refusals(void) {
    rapport_db *db = NULL;
    CHECK_RC(rapport_open(":memory:", TEST_MODE, &db), RAPPORT_OK);
    char dept[64], manager[64], rep[64], entry[64], message[64], req[512];
    call_for(db, NULL, "departments.create", "{\"name\": \"华东销售部\"}", "id", dept, sizeof dept);
    snprintf(req, sizeof req, "{\"name\": \"王经理\", \"department_id\": \"%s\", \"roles\": [\"sales_manager\"]}", dept);
    call_for(db, NULL, "users.create", req, "id", manager, sizeof manager);
    snprintf(req, sizeof req, "{\"name\": \"张伟\", \"department_id\": \"%s\", \"roles\": [\"sales_rep\"]}", dept);
    call_for(db, NULL, "users.create", req, "id", rep, sizeof rep);
    snprintf(req, sizeof req, "{\"name\": \"杭州新锐自动化\", \"owner_id\": \"%s\"}", rep);
    char *out = expect_call(db, manager, "customers.create", req, RAPPORT_OK, "assign");
    rapport_free(out);
    out = expect_call(db, rep, "inbox.list", "{}", RAPPORT_OK, "the rep's inbox");
    const char *first = js_first(js_get(out, "items"));
    CHECK(js_get_str(first, "id", entry, sizeof entry) > 0 && js_int(js_get(out, "unread"), -1) == 1);
    rapport_free(out);
    snprintf(req, sizeof req, "{\"channel\": \"push\", \"recipient_kind\": \"user\", \"recipient_id\": \"%s\", "
                              "\"template_key\": \"visit.reminder\"}", rep);
    call_for(db, NULL, "outbox.send", req, "id", message, sizeof message);
    out = expect_call(db, NULL, "outbox.take", "{\"limit\": 10}", RAPPORT_OK, "take");
    CHECK(js_count(out) == 1);
    rapport_free(out);
    snprintf(req, sizeof req, "{\"id\": \"%s\", \"outcome\": \"sent\"}", message);
    out = expect_call(db, NULL, "outbox.report", req, RAPPORT_OK, "report");
    rapport_free(out);

    char *before = org_snapshot(db, manager, rep);
    expect_refusal(db, rep, "inbox.list", "{\"unread_only\": ", RAPPORT_MALFORMED_REQUEST, NULL, "truncated JSON");
    expect_refusal(db, rep, "inbox.list", "{\"unread_only\": \"yes\"}", RAPPORT_MALFORMED_REQUEST, "unread_only",
                   "a flag that is not a boolean");
    expect_refusal(db, rep, "inbox.mark_read", "{\"ids\": \"all\"}", RAPPORT_MALFORMED_REQUEST, "ids", "ids not a list");
    expect_refusal(db, NULL, "roles.define",
                   "{\"code\": \"field_audit\", \"name\": \"现场审计\", \"scope\": \"own\", "
                   "\"permissions\": {\"customer\": [\"edit\", \"fly\"]}}",
                   RAPPORT_MALFORMED_REQUEST, "permissions.customer[1]", "an unknown action");
    expect_refusal(db, NULL, "grants.grant",
                   "{\"role\": \"sales_rep\", \"department_id\": \"no-such-department\", \"access\": \"read\"}",
                   RAPPORT_VALIDATION, "department_id", "a grant over an unknown department");
    expect_refusal(db, NULL, "outbox.report", req, RAPPORT_INVALID_STATE, NULL, "a delivery reported twice");
    snprintf(req, sizeof req, "{\"ids\": [\"%s\"]}", entry);
    expect_refusal(db, manager, "inbox.mark_read", req, RAPPORT_NOT_FOUND, "ids.0", "another user's entry");
    expect_refusal(db, NULL, "inbox.mark_read", req, RAPPORT_VALIDATION, "actor", "the host has no inbox");
    char *after = org_snapshot(db, manager, rep);
    CHECK(strcmp(before, after) == 0);
    free(before);
    free(after);

    /* Its owner marks it read. */
    out = expect_call(db, rep, "inbox.mark_read", req, RAPPORT_OK, "mark read");
    CHECK(js_int(js_get(out, "marked"), -1) == 1 && js_int(js_get(out, "unread"), -1) == 0);
    rapport_free(out);
    CHECK_RC(rapport_close(db), RAPPORT_OK);
}

/* LIFE-1 through rapport_call_with_progress: what the progress callback received, and when it cancels. */
typedef struct {
    int reports;
    int cancel_at; /* cancel on this report (1-based); 0: never */
    int ordered;   /* items rose and done <= total in every report */
    uint64_t last_items, last_done, last_total;
} progress_log;

static int record_progress(uint64_t items, uint64_t done, uint64_t total, void *user_data) {
    progress_log *log = user_data;
    if ((log->reports > 0 && items <= log->last_items) || done > total) log->ordered = 0;
    log->reports++;
    log->last_items = items;
    log->last_done = done;
    log->last_total = total;
    return log->cancel_at > 0 && log->reports >= log->cancel_at ? -1 : 0;
}

/* An imports.run request of `rows` generated customers named "<prefix> <n>" (free it). */
static char *import_request(int rows, const char *prefix) {
    size_t cap = 256 + (size_t)rows * 64, len = 0;
    char *req = malloc(cap);
    len += (size_t)snprintf(req + len, cap - len, "{\"entity\": \"customers\", \"format\": \"csv\", \"text\": \"name,phone\\n");
    for (int i = 1; i <= rows; i++)
        len += (size_t)snprintf(req + len, cap - len, "%s %d,0755-8%07d\\n", prefix, i, i);
    snprintf(req + len, cap - len, "\", \"mapping\": {\"columns\": {\"name\": \"name\", \"phone\": \"phone\"}}, "
                                   "\"mode\": \"skip_invalid\"}");
    return req;
}

/* The number of imports the host sees (a cancelled one leaves none). */
static int count_imports(rapport_db *db) {
    char *out = expect_call(db, NULL, "imports.list", "{}", RAPPORT_OK, "imports.list");
    int n = js_count(js_get(out, "items"));
    rapport_free(out);
    return n;
}

/* LIFE-1: an import of 3,000 generated rows reports its progress (items rising to every row, done <= total);
   a second one cancelled from the callback after its first report fails with RAPPORT_CANCELLED and leaves no
   customer and no import behind; bad input to rapport_call_with_progress is refused before any work. */
static void life_1_import_progress_and_cancel(void) {
    rapport_db *db = NULL;
    CHECK_RC(rapport_open(":memory:", TEST_MODE, &db), RAPPORT_OK);
    char *req = import_request(3000, "华强客户");
    progress_log log = {.ordered = 1};
    char *out = NULL;
    CHECK_RC(rapport_call_with_progress(db, NULL, "imports.run", req, record_progress, &log, &out), RAPPORT_OK);
    CHECK(js_int(js_get(out, "rows"), -1) == 3000 && js_int(js_get(out, "created"), -1) == 3000);
    rapport_free(out);
    free(req);
    CHECK(log.reports >= 3 && log.ordered);
    CHECK(log.last_items == 3000 && log.last_done == log.last_total && log.last_total > 0);
    CHECK(count_customers(db, NULL) == 3000 && count_imports(db) == 1);

    req = import_request(3000, "取消客户");
    progress_log cancel = {.ordered = 1, .cancel_at = 1};
    CHECK_RC(rapport_call_with_progress(db, NULL, "imports.run", req, record_progress, &cancel, &out), RAPPORT_CANCELLED);
    CHECK(strcmp(error_member(out, "code"), "cancelled") == 0);
    rapport_free(out);
    CHECK_RC(rapport_errcode(db), RAPPORT_CANCELLED);
    CHECK(cancel.reports == 1 && cancel.last_items >= 1);
    CHECK(count_customers(db, NULL) == 3000 && count_imports(db) == 1);

    /* NULL callback: a plain call; a method that is not long work never calls back. */
    progress_log quiet = {.ordered = 1};
    CHECK_RC(rapport_call_with_progress(db, NULL, "org.get", "{}", NULL, NULL, &out), RAPPORT_OK);
    rapport_free(out);
    CHECK_RC(rapport_call_with_progress(db, NULL, "org.get", "{}", record_progress, &quiet, &out), RAPPORT_OK);
    rapport_free(out);
    CHECK(quiet.reports == 0);

    /* Bad input at the boundary: typed refusals, the callback never called, nothing imported. */
    CHECK_RC(rapport_call_with_progress(db, NULL, NULL, req, record_progress, &quiet, &out), RAPPORT_MISUSE);
    CHECK(strcmp(error_member(out, "field"), "method") == 0);
    rapport_free(out);
    CHECK_RC(rapport_call_with_progress(db, NULL, "imports.\xc0\xaf", req, record_progress, &quiet, &out),
             RAPPORT_MISUSE);
    CHECK(strcmp(error_member(out, "field"), "method") == 0);
    rapport_free(out);
    CHECK_RC(rapport_call_with_progress(db, NULL, "imports.run", "{\"text\": \"\xff\"}", record_progress, &quiet, &out),
             RAPPORT_MISUSE);
    CHECK(strcmp(error_member(out, "field"), "request_json") == 0);
    rapport_free(out);
    CHECK_RC(rapport_call_with_progress(db, "\xfe", "imports.run", req, record_progress, &quiet, &out), RAPPORT_MISUSE);
    CHECK(strcmp(error_member(out, "field"), "actor_id") == 0);
    rapport_free(out);
    CHECK_RC(rapport_call_with_progress(db, NULL, "imports.run", NULL, record_progress, &quiet, &out), RAPPORT_MISUSE);
    rapport_free(out);
    CHECK_RC(rapport_call_with_progress(db, NULL, "imports.run", req, record_progress, &quiet, NULL), RAPPORT_MISUSE);
    CHECK_RC(rapport_call_with_progress(NULL, NULL, "imports.run", req, record_progress, &quiet, &out), RAPPORT_MISUSE);
    CHECK(strcmp(error_member(out, "field"), "db") == 0);
    rapport_free(out);
    CHECK_RC(rapport_call_with_progress(db, NULL, "imports.run", "{\"entity\": \"customers\", \"text\": 5}",
                                        record_progress, &quiet, &out), RAPPORT_MALFORMED_REQUEST);
    rapport_free(out);
    CHECK(quiet.reports == 0);
    CHECK(count_customers(db, NULL) == 3000 && count_imports(db) == 1);
    free(req);
    CHECK_RC(rapport_close(db), RAPPORT_OK);
}

/* The writer thread of life_2: creates customers until told to stop. */
typedef struct {
    rapport_db *db;
    volatile int stop;
    int written;
    int failed;
} backup_writer;

static void *write_during_backup(void *arg) {
    backup_writer *w = arg;
    char req[128];
    while (!w->stop) {
        snprintf(req, sizeof req, "{\"name\": \"备份期间 %d\"}", w->written);
        char *out = NULL;
        if (rapport_call(w->db, NULL, "customers.create", req, &out) == RAPPORT_OK) w->written++;
        else w->failed++;
        rapport_free(out);
    }
    return NULL;
}

/* LIFE-2: an export of 1,500 customers to a CSV file with progress; a backup taken while another thread
   writes opens on its own with a consistent count; a restore brings it back; a file that is not a database is
   refused and changes nothing. */
static void life_2_export_and_backup(const char *dir) {
    char path[512], csv[512], backup[512], req[1024];
    snprintf(path, sizeof path, "%s/life2.db", dir);
    snprintf(csv, sizeof csv, "%s/customers.csv", dir);
    snprintf(backup, sizeof backup, "%s/backup.db", dir);
    rapport_db *db = NULL;
    CHECK_RC(rapport_open(path, NULL, &db), RAPPORT_OK);
    char *rows = import_request(1500, "导出客户");
    char *out = NULL;
    CHECK_RC(rapport_call(db, NULL, "imports.run", rows, &out), RAPPORT_OK);
    rapport_free(out);
    free(rows);

    progress_log log = {.ordered = 1};
    snprintf(req, sizeof req, "{\"list\": \"customers.list\", \"format\": \"csv\", \"path\": \"%s\"}", csv);
    CHECK_RC(rapport_call_with_progress(db, NULL, "exports.run", req, record_progress, &log, &out), RAPPORT_OK);
    CHECK(js_int(js_get(out, "rows"), -1) == 1500);
    rapport_free(out);
    CHECK(log.reports >= 1 && log.last_items == 1500);
    FILE *f = fopen(csv, "r");
    int lines = 0;
    for (int c; f && (c = fgetc(f)) != EOF;) lines += c == '\n';
    if (f) fclose(f);
    CHECK(lines == 1501);

    backup_writer w = {.db = db};
    pthread_t thread;
    CHECK(pthread_create(&thread, NULL, write_during_backup, &w) == 0);
    snprintf(req, sizeof req, "{\"path\": \"%s\"}", backup);
    progress_log pages = {.ordered = 1};
    CHECK_RC(rapport_call_with_progress(db, NULL, "backups.create", req, record_progress, &pages, &out), RAPPORT_OK);
    rapport_free(out);
    w.stop = 1;
    pthread_join(thread, NULL);
    CHECK(w.failed == 0);
    int total = count_customers(db, NULL);

    rapport_db *copy = NULL;
    CHECK_RC(rapport_open(backup, "{\"read_only\": true}", &copy), RAPPORT_OK);
    int held = count_customers(copy, NULL);
    CHECK_RC(rapport_close(copy), RAPPORT_OK);
    CHECK(held >= 1500 && held <= total);

    CHECK_RC(rapport_call_with_progress(db, NULL, "backups.restore", req, NULL, NULL, &out), RAPPORT_OK);
    rapport_free(out);
    CHECK(count_customers(db, NULL) == held);
    snprintf(req, sizeof req, "{\"path\": \"%s\"}", csv);
    CHECK_RC(rapport_call(db, NULL, "backups.restore", req, &out), RAPPORT_VALIDATION);
    rapport_free(out);
    CHECK(count_customers(db, NULL) == held);
    CHECK_RC(rapport_close(db), RAPPORT_OK);
}

int main(void) {
    char dir[] = "/tmp/rapport-abi-XXXXXX";
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    char path[512];
    snprintf(path, sizeof path, "%s/crm.db", dir);

    versions_and_codes();
    open_misuse(dir);
    error_log(dir);
    org_refusals();
    life_1_import_progress_and_cancel();
    life_2_export_and_backup(dir);

    rapport_db *db = NULL;
    CHECK_RC(rapport_open(path, TEST_MODE, &db), RAPPORT_OK);
    CHECK_RC(rapport_errcode(db), RAPPORT_OK);
    CHECK(strcmp(rapport_errmsg(db), "not an error") == 0);

    /* Two teams: a rep in each, own scope. */
    char east[64], west[64], rep_east[64], rep_west[64], customer[64], req[512];
    call_for(db, NULL, "departments.create", "{\"name\": \"华东销售部\"}", "id", east, sizeof east);
    call_for(db, NULL, "departments.create", "{\"name\": \"华西销售部\"}", "id", west, sizeof west);
    snprintf(req, sizeof req, "{\"name\": \"张伟\", \"department_id\": \"%s\", \"roles\": [\"sales_rep\"]}", east);
    call_for(db, NULL, "users.create", req, "id", rep_east, sizeof rep_east);
    snprintf(req, sizeof req, "{\"name\": \"李娜\", \"department_id\": \"%s\", \"roles\": [\"sales_rep\"]}", west);
    call_for(db, NULL, "users.create", req, "id", rep_west, sizeof rep_west);
    call_for(db, rep_east, "customers.create", "{\"name\": \"上海明辉科技有限公司\", \"region\": \"31/3101\"}", "id",
             customer, sizeof customer);

    /* The answer is the saved record; a read by its owner agrees. */
    snprintf(req, sizeof req, "{\"id\": \"%s\"}", customer);
    char *out = expect_call(db, rep_east, "customers.get", req, RAPPORT_OK, "get");
    char name[128] = "";
    js_get_str(out, "name", name, sizeof name);
    CHECK(strcmp(name, "上海明辉科技有限公司") == 0);
    rapport_free(out);

    char *before = snapshot(db);

    /* Misuse of rapport_call: NULL pointers and invalid UTF-8 in each string argument. */
    CHECK_RC(rapport_call(NULL, NULL, "org.get", "{}", &out), RAPPORT_MISUSE);
    CHECK(strcmp(error_member(out, "code"), "misuse") == 0 && strcmp(error_member(out, "field"), "db") == 0);
    rapport_free(out);
    CHECK_RC(rapport_errcode(NULL), RAPPORT_MISUSE);
    CHECK_RC(rapport_call(db, NULL, "customers.create", "{\"name\": \"X\"}", NULL), RAPPORT_MISUSE);
    CHECK_RC(rapport_errcode(db), RAPPORT_MISUSE);
    CHECK(strstr(rapport_errmsg(db), "out_response_json is NULL") != NULL);
    expect_refusal(db, NULL, NULL, "{}", RAPPORT_MISUSE, "method", "NULL method");
    expect_refusal(db, NULL, "customers.create", NULL, RAPPORT_MISUSE, "request_json", "NULL request");
    expect_refusal(db, "\xff", "customers.create", "{\"name\": \"X\"}", RAPPORT_MISUSE, "actor_id", "bad actor UTF-8");
    expect_refusal(db, NULL, "customers.\xc0\xaf", "{}", RAPPORT_MISUSE, "method", "bad method UTF-8");
    expect_refusal(db, NULL, "customers.create", "{\"name\": \"\xed\xa0\x80\"}", RAPPORT_MISUSE, "request_json",
                   "bad request UTF-8 (a surrogate)");

    /* Requests the engine refuses. */
    expect_refusal(db, NULL, "customers.create", "{\"name\": ", RAPPORT_MALFORMED_REQUEST, NULL, "truncated JSON");
    expect_refusal(db, NULL, "customers.create", "[1, 2]", RAPPORT_MALFORMED_REQUEST, NULL, "not an object");
    expect_refusal(db, NULL, "customers.create", "{\"name\": 5}", RAPPORT_MALFORMED_REQUEST, "name", "wrong type");
    expect_refusal(db, NULL, "customers.create", "{\"name\": \"\"}", RAPPORT_VALIDATION, "name", "empty name");
    expect_refusal(db, NULL, "customers.explode", "{}", RAPPORT_UNKNOWN_METHOD, NULL, "unknown method");
    expect_refusal(db, "no-such-user", "customers.list", "{}", RAPPORT_UNKNOWN_ACTOR, NULL, "unknown actor");
    expect_refusal(db, rep_west, "customers.get", req, RAPPORT_NOT_FOUND, NULL, "another team's customer");
    snprintf(req, sizeof req, "{\"id\": \"%s\", \"name\": \"改名\"}", customer);
    expect_refusal(db, rep_west, "customers.update", req, RAPPORT_NOT_FOUND, NULL, "another team's update");
    const char *bad_batch = "{\"items\": [{\"name\": \"好\"}, {\"name\": \"\"}], \"mode\": \"all_or_nothing\"}";
    expect_refusal(db, NULL, "customers.batch", bad_batch, RAPPORT_VALIDATION, "items", "a batch with one bad item");
    out = expect_call(db, NULL, "customers.batch", bad_batch, RAPPORT_VALIDATION, "batch items");
    const char *item = js_first(js_get(js_get(out, "error"), "items"));
    CHECK(js_int(js_get(item, "index"), -1) == 1 && js_next(item) == NULL);
    char item_field[32] = "";
    js_get_str(item, "field", item_field, sizeof item_field);
    CHECK(strcmp(item_field, "name") == 0);
    rapport_free(out);

    /* A request above the maximum size (16 MiB) is refused before it is parsed. */
    size_t huge = 17u << 20;
    char *big = malloc(huge + 1);
    memset(big, ' ', huge);
    memcpy(big, "{\"name\": \"", 10);
    memcpy(big + huge - 2, "\"}", 2);
    big[huge] = '\0';
    expect_refusal(db, NULL, "customers.create", big, RAPPORT_TOO_LARGE, NULL, "huge request");
    free(big);

    /* Nesting far past the parser's limit, a method name and an actor id of a megabyte: documented codes. */
    size_t depth = 100000;
    char *nested = malloc(2 * depth + 1);
    memset(nested, '[', depth);
    memset(nested + depth, ']', depth);
    nested[2 * depth] = '\0';
    expect_refusal(db, NULL, "customers.create", nested, RAPPORT_MALFORMED_REQUEST, NULL, "deeply nested request");
    free(nested);
    size_t long_len = 1u << 20;
    char *long_name = malloc(long_len + 1);
    memset(long_name, 'x', long_len);
    long_name[long_len] = '\0';
    expect_refusal(db, NULL, long_name, "{}", RAPPORT_UNKNOWN_METHOD, "method", "a huge method name");
    expect_refusal(db, long_name, "customers.list", "{}", RAPPORT_UNKNOWN_ACTOR, NULL, "a huge actor id");
    free(long_name);

    char *after = snapshot(db);
    CHECK(strcmp(before, after) == 0);
    free(after);

    /* A success clears the thread's last error. */
    out = expect_call(db, NULL, "org.get", "{}", RAPPORT_OK, "org.get");
    rapport_free(out);
    CHECK_RC(rapport_errcode(db), RAPPORT_OK);
    CHECK(strcmp(rapport_errmsg(db), "not an error") == 0);

    /* A second, read-only handle on the same file refuses writes and sees the same data. */
    rapport_db *reader = NULL;
    CHECK_RC(rapport_open(path, "{\"read_only\": true}", &reader), RAPPORT_OK);
    expect_refusal(reader, NULL, "customers.create", "{\"name\": \"只读\"}", RAPPORT_READ_ONLY, NULL, "read-only");
    after = snapshot(reader);
    CHECK(strcmp(before, after) == 0);
    free(after);
    CHECK_RC(rapport_close(reader), RAPPORT_OK);
    free(before);

    CHECK_RC(rapport_close(db), RAPPORT_OK);

    /* Reopened, the file holds what was committed. */
    CHECK_RC(rapport_open(path, NULL, &db), RAPPORT_OK);
    snprintf(req, sizeof req, "{\"id\": \"%s\"}", customer);
    out = expect_call(db, rep_east, "customers.get", req, RAPPORT_OK, "reopen");
    rapport_free(out);
    CHECK_RC(rapport_close(db), RAPPORT_OK);

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return finish("test_abi");
}
