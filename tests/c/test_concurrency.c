/* test_concurrency.c: 6 threads (an ERP host and 5 reps) of mixed reads and writes through one handle on a
 * file database, checked against the serial oracle.
 *
 * Every write is logged (actor, method, request, status code, answer) to DIR/calls.tsv, one stream per
 * thread; scripts/test_c.sh then runs rapport-tests' check_call_log, which replays the successful writes
 * one at a time in the commit order the audit log's seq shows, on a fresh database, and compares every
 * answer, every table and the totals (each report as every actor, each customer's overview). Checked
 * here: no call answers busy (default busy timeout) or internal, and each rep lists exactly the
 * customers it created. The clock is fixed (test mode, step 0) so the replay can expect every time.
 * Usage: test_concurrency DIR (writes DIR/crm.db and DIR/calls.tsv). */
#include "check.h"

#include <pthread.h>

#define REPS 5
#define THREADS (REPS + 1)
#define CALLS 200

static const char *OPTIONS = "{\"test_mode\": {\"start\": \"2026-03-02T01:00:00Z\", \"step_ms\": 0, \"id_seed\": 13}}";
static const char *STAGES[] = {"qualify", "propose", "negotiate"};

static rapport_db *db;
static char reps[REPS][64];

/* The customers every thread may name (the ERP pushes orders and receipts for them). */
static pthread_mutex_t known_lock = PTHREAD_MUTEX_INITIALIZER;
static char known[THREADS * CALLS][64];
static int n_known;

/* One stream of the log: a growing text buffer. */
typedef struct { char *text; size_t len, cap; } buffer;

static void append(buffer *b, const char *s) {
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->text = realloc(b->text, b->cap);
        if (!b->text) { perror("realloc"); exit(1); }
    }
    memcpy(b->text + b->len, s, n + 1);
    b->len += n;
}

typedef struct {
    int t;
    const char *actor; /* NULL: the system actor (the ERP host) */
    buffer log;
    unsigned rng;
    int forbidden, refused, writes, created;
    char own[CALLS][64];
    int n_own;
    char opps[CALLS][64];
    int stage[CALLS]; /* index into STAGES, or -1 once closed */
    int n_opps;
} worker;

static unsigned draw(worker *w, unsigned n) {
    w->rng ^= w->rng << 13;
    w->rng ^= w->rng >> 17;
    w->rng ^= w->rng << 5;
    return w->rng % n;
}

/* Calls, refuses busy and internal, logs a write; returns the status code (the answer in *out). */
static int call(worker *w, int is_write, const char *method, const char *request, char **out) {
    int rc = rapport_call(db, w->actor, method, request, out);
    if (rc == RAPPORT_BUSY || rc == RAPPORT_INTERNAL) {
        fprintf(stderr, "thread %d: %s answered %s: %s\n", w->t, method, rapport_errstr(rc), *out ? *out : "");
        w->forbidden++;
    }
    if (rc != RAPPORT_OK) w->refused++;
    if (is_write) {
        const char *answer = *out ? *out : "";
        size_t need = strlen(method) + strlen(request) + strlen(answer) + 128;
        char *line = malloc(need);
        if (!line) { perror("malloc"); exit(1); }
        snprintf(line, need, "W\t%s\t%s\t%s\t%d\t%s\n", w->actor ? w->actor : "-", method, request, rc, answer);
        append(&w->log, line);
        free(line);
        w->writes++;
    }
    return rc;
}

/* A write whose answer's id is copied into id_out (when it succeeds). */
static int write_for_id(worker *w, const char *method, const char *request, char *id_out) {
    char *out = NULL;
    int rc = call(w, 1, method, request, &out);
    if (rc == RAPPORT_OK && js_get_str(out, "id", id_out, 64) < 0) rc = -1;
    rapport_free(out);
    return rc;
}

static void write_only(worker *w, const char *method, const char *request) {
    char *out = NULL;
    call(w, 1, method, request, &out);
    rapport_free(out);
}

static void read_only(worker *w, const char *method, const char *request) {
    char *out = NULL;
    call(w, 0, method, request, &out);
    rapport_free(out);
}

static void pick_known(worker *w, char *id) {
    pthread_mutex_lock(&known_lock);
    if (n_known) memcpy(id, known[draw(w, (unsigned)n_known)], 64);
    else id[0] = '\0';
    pthread_mutex_unlock(&known_lock);
}

static void rep_step(worker *w, int i) {
    char req[512], id[64];
    unsigned roll = draw(w, 20);
    if (w->n_own == 0 || roll < 4) {
        snprintf(req, sizeof req, "{\"name\": \"线程%d客户%d\", \"region\": \"44/440%u\", \"industry\": \"%s\"}", w->t, i,
                 draw(w, 4), draw(w, 2) ? "retail" : "machinery");
        if (write_for_id(w, "customers.create", req, w->own[w->n_own]) == RAPPORT_OK) {
            pthread_mutex_lock(&known_lock);
            memcpy(known[n_known++], w->own[w->n_own], 64);
            pthread_mutex_unlock(&known_lock);
            w->n_own++;
            w->created++;
        }
        return;
    }
    const char *customer = w->own[draw(w, (unsigned)w->n_own)];
    switch (roll) {
    case 4: case 5:
        snprintf(req, sizeof req, "{\"id\": \"%s\", \"industry\": \"%s\", \"credit_limit\": %u}", customer,
                 draw(w, 2) ? "logistics" : "electronics", 100000 * draw(w, 50));
        write_only(w, "customers.update", req);
        break;
    case 6: case 7:
        snprintf(req, sizeof req, "{\"customer_id\": \"%s\", \"name\": \"联系人%d-%d\", \"phones\": [\"138 %04d %04d\"]}",
                 customer, w->t, i, w->t, i);
        write_only(w, "contacts.create", req);
        break;
    case 8: case 9:
        snprintf(req, sizeof req,
                 "{\"kind\": \"call\", \"subject\": \"跟进%d\", \"customer_id\": \"%s\", \"status\": \"%s\", "
                 "\"starts_at\": \"2026-0%u-%02uT02:00:00Z\"}",
                 i, customer, draw(w, 2) ? "done" : "planned", 2 + draw(w, 2), 1 + draw(w, 27));
        write_only(w, "activities.create", req);
        break;
    case 10: case 11:
        snprintf(req, sizeof req,
                 "{\"customer_id\": \"%s\", \"title\": \"商机%d-%d\", \"amount\": %u, \"expected_close_date\": \"2026-0%u-15\", "
                 "\"source\": \"%s\"}",
                 customer, w->t, i, 10000 * (1 + draw(w, 300)), 4 + draw(w, 5), draw(w, 2) ? "web" : "referral");
        if (write_for_id(w, "opportunities.create", req, w->opps[w->n_opps]) == RAPPORT_OK) w->stage[w->n_opps++] = 0;
        break;
    case 12: case 13: case 14: case 15:
        if (w->n_opps) {
            int k = (int)draw(w, (unsigned)w->n_opps);
            if (w->stage[k] < 0) break;
            if (w->stage[k] < 2) {
                snprintf(req, sizeof req, "{\"id\": \"%s\", \"stage\": \"%s\"}", w->opps[k], STAGES[w->stage[k] + 1]);
                if (write_for_id(w, "opportunities.advance", req, id) == RAPPORT_OK) w->stage[k]++;
            } else if (draw(w, 3)) {
                snprintf(req, sizeof req, "{\"id\": \"%s\"}", w->opps[k]);
                if (write_for_id(w, "opportunities.win", req, id) == RAPPORT_OK) w->stage[k] = -1;
            } else {
                snprintf(req, sizeof req, "{\"id\": \"%s\", \"reason\": \"价格\", \"competitor\": \"Acme\"}", w->opps[k]);
                if (write_for_id(w, "opportunities.lose", req, id) == RAPPORT_OK) w->stage[k] = -1;
            }
        }
        break;
    case 16:
        read_only(w, "customers.list", "{\"limit\": 20}");
        break;
    case 17:
        read_only(w, "reports.pipeline", "{\"by\": \"owner\"}");
        break;
    case 18:
        snprintf(req, sizeof req, "{\"id\": \"%s\"}", customer);
        read_only(w, "customers.overview", req);
        break;
    default:
        read_only(w, "reports.funnel", "{\"from\": \"2026-01\", \"to\": \"2026-12\"}");
        break;
    }
}

static void erp_step(worker *w, int i) {
    char req[512], customer[64];
    pick_known(w, customer);
    if (!customer[0]) {
        read_only(w, "org.get", "{}");
        return;
    }
    unsigned roll = draw(w, 10);
    if (roll < 5) {
        snprintf(req, sizeof req,
                 "{\"items\": [{\"external_ref\": \"so-%d\", \"customer_id\": \"%s\", \"status\": \"%s\", "
                 "\"order_date\": \"2026-0%u-%02u\", \"amount\": %u}]}",
                 i, customer, draw(w, 3) ? "approved" : "completed", 1 + draw(w, 2), 1 + draw(w, 28),
                 1000 * (1 + draw(w, 500)));
        write_only(w, "orders.push", req);
    } else if (roll < 8) {
        snprintf(req, sizeof req,
                 "{\"items\": [{\"external_ref\": \"rc-%d\", \"customer_id\": \"%s\", \"receipt_date\": \"2026-02-%02u\", "
                 "\"amount\": %u}]}",
                 i, customer, 1 + draw(w, 28), 500 * (1 + draw(w, 500)));
        write_only(w, "receipts.push", req);
    } else if (roll < 9) {
        read_only(w, "reports.customer_distribution", "{\"by\": \"industry\"}");
    } else {
        snprintf(req, sizeof req, "{\"id\": \"%s\"}", customer);
        read_only(w, "customers.overview", req);
    }
}

static void *work(void *arg) {
    worker *w = arg;
    for (int i = 0; i < CALLS; i++) {
        if (w->actor) rep_step(w, i);
        else erp_step(w, i);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: test_concurrency DIR\n");
        return 2;
    }
    char path[512], req[512], dept[64];
    snprintf(path, sizeof path, "%s/crm.db", argv[1]);
    CHECK_RC(rapport_open(path, OPTIONS, &db), RAPPORT_OK);

    /* The set-up, by the system actor: the first stream of the log. */
    worker setup = {.t = -1, .actor = NULL, .rng = 7};
    if (write_for_id(&setup, "departments.create", "{\"name\": \"销售部\"}", dept) != RAPPORT_OK) failures++;
    for (int r = 0; r < REPS; r++) {
        snprintf(req, sizeof req, "{\"name\": \"销售%d\", \"department_id\": \"%s\", \"roles\": [\"sales_rep\"]}", r, dept);
        if (write_for_id(&setup, "users.create", req, reps[r]) != RAPPORT_OK) failures++;
    }
    write_only(&setup,
               "pipelines.create",
               "{\"code\": \"standard\", \"name\": \"标准流程\", \"stages\": [{\"code\": \"qualify\", \"name\": \"接洽\", "
               "\"probability\": 10}, {\"code\": \"propose\", \"name\": \"报价\", \"probability\": 50}, "
               "{\"code\": \"negotiate\", \"name\": \"谈判\", \"probability\": 80}]}");

    pthread_t threads[THREADS];
    worker *workers = calloc(THREADS, sizeof *workers);
    if (!workers) { perror("calloc"); return 1; }
    for (int t = 0; t < THREADS; t++) {
        workers[t].t = t;
        workers[t].actor = t == 0 ? NULL : reps[t - 1];
        workers[t].rng = 2463534242u + 977u * (unsigned)t;
        if (pthread_create(&threads[t], NULL, work, &workers[t]) != 0) { perror("pthread_create"); return 1; }
    }
    int forbidden = setup.forbidden, writes = setup.writes, refused = 0, calls = 0;
    for (int t = 0; t < THREADS; t++) {
        pthread_join(threads[t], NULL);
        forbidden += workers[t].forbidden;
        writes += workers[t].writes;
        refused += workers[t].refused;
        calls += CALLS;
    }
    CHECK(forbidden == 0);
    for (int r = 0; r < REPS; r++) CHECK(count_customers(db, reps[r]) == workers[r + 1].created);

    /* The log: the options, then each stream in the order its actor's calls ran. */
    char log_path[512];
    snprintf(log_path, sizeof log_path, "%s/calls.tsv", argv[1]);
    FILE *log = fopen(log_path, "w");
    if (!log) { perror("fopen"); return 1; }
    fprintf(log, "#options\t%s\n#stream\n%s", OPTIONS, setup.log.text ? setup.log.text : "");
    for (int t = 0; t < THREADS; t++) fprintf(log, "#stream\n%s", workers[t].log.text ? workers[t].log.text : "");
    CHECK(fclose(log) == 0);
    printf("test_concurrency: %d threads x %d calls through one handle (%d writes logged, %d refused), no busy or internal\n",
           THREADS, CALLS, writes, refused);

    free(setup.log.text);
    for (int t = 0; t < THREADS; t++) free(workers[t].log.text);
    free(workers);
    CHECK_RC(rapport_close(db), RAPPORT_OK);
    return finish("test_concurrency");
}
