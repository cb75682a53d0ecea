/* test_threads.c: 8 threads x 1,000 mixed calls on one handle; all succeed, totals are consistent.
 * Between them each thread makes 200 calls that must fail (an unknown method, another team's
 * customer) and checks that its last error stays its own while the other threads keep calling. */
#include "check.h"

#include <pthread.h>

#define THREADS 8
#define CALLS 1000
#define CREATES_PER_10 3

static rapport_db *db;
static char reps[THREADS][64];
static char first_customer[THREADS][64];
static pthread_mutex_t report = PTHREAD_MUTEX_INITIALIZER;

typedef struct { int t; int unexpected; int created; int expected_errors; int calls; } worker;

static int call_in_thread(worker *w, const char *method, const char *request, int want, char *id_out) {
    char *out = NULL;
    int rc = rapport_call(db, reps[w->t], method, request, &out);
    if (rc != want) {
        pthread_mutex_lock(&report);
        fprintf(stderr, "thread %d: %s gave %d, want %d: %s\n", w->t, method, rc, want, out ? out : "");
        pthread_mutex_unlock(&report);
        w->unexpected++;
    } else if (rc != RAPPORT_OK) {
        /* The last error is this thread's own, whatever the other threads are doing. */
        if (rapport_errcode(db) != want || strstr(out, rapport_errmsg(db)) == NULL) w->unexpected++;
        w->expected_errors++;
    } else if (rapport_errcode(db) != RAPPORT_OK) {
        w->unexpected++;
    } else {
        w->calls++; /* a call that had to succeed, and did */
    }
    if (id_out && out && js_get_str(out, "id", id_out, 64) < 0) w->unexpected++;
    rapport_free(out);
    return rc;
}

static void *work(void *arg) {
    worker *w = arg;
    char ids[CALLS][64];
    int n = 0;
    char req[256];
    for (int i = 0; i < CALLS; i++) {
        switch (i % 10) {
        case 0: case 1: case 2:
            snprintf(req, sizeof req, "{\"name\": \"线程%d客户%d\", \"region\": \"44/4403\"}", w->t, i);
            if (call_in_thread(w, "customers.create", req, RAPPORT_OK, ids[n]) == RAPPORT_OK) {
                if (n == 0) memcpy(first_customer[w->t], ids[0], 64);
                n++;
                w->created++;
            }
            break;
        case 3:
            snprintf(req, sizeof req, "{\"id\": \"%s\", \"name\": \"线程%d客户%d(更新)\"}", ids[n - 1], w->t, i);
            call_in_thread(w, "customers.update", req, RAPPORT_OK, NULL);
            break;
        case 4: case 5:
            snprintf(req, sizeof req, "{\"id\": \"%s\"}", ids[(i * 7) % n]);
            call_in_thread(w, "customers.get", req, RAPPORT_OK, NULL);
            break;
        case 6:
            call_in_thread(w, "customers.list", "{\"limit\": 20}", RAPPORT_OK, NULL);
            break;
        case 7:
            call_in_thread(w, "org.get", "{}", RAPPORT_OK, NULL);
            break;
        case 8:
            call_in_thread(w, "customers.list", "{\"limit\": 5, \"region\": \"44\"}", RAPPORT_OK, NULL);
            break;
        case 9:
            snprintf(req, sizeof req, "{\"customer_id\": \"%s\", \"limit\": 5}", ids[(i * 3) % n]);
            call_in_thread(w, "contacts.list", req, RAPPORT_OK, NULL);
            break;
        }
        /* Expected refusals, interleaved with the other threads' successes. */
        if (i % 10 == 8) call_in_thread(w, "customers.no_such_method", "{}", RAPPORT_UNKNOWN_METHOD, NULL);
        if (i % 10 == 9) {
            int other = (w->t + 1) % THREADS;
            snprintf(req, sizeof req, "{\"id\": \"%s\"}", first_customer[other][0] ? first_customer[other] : "missing");
            call_in_thread(w, "customers.get", req, RAPPORT_NOT_FOUND, NULL);
        }
    }
    return NULL;
}

int main(void) {
    char dir[] = "/tmp/rapport-threads-XXXXXX", path[256], dept[64], req[256];
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    snprintf(path, sizeof path, "%s/crm.db", dir);
    CHECK_RC(rapport_open(path, "{\"busy_timeout_ms\": 60000}", &db), RAPPORT_OK);

    call_for(db, NULL, "departments.create", "{\"name\": \"销售部\"}", "id", dept, sizeof dept);
    for (int t = 0; t < THREADS; t++) {
        snprintf(req, sizeof req, "{\"name\": \"销售%d\", \"department_id\": \"%s\", \"roles\": [\"sales_rep\"]}", t, dept);
        call_for(db, NULL, "users.create", req, "id", reps[t], sizeof reps[t]);
    }

    pthread_t threads[THREADS];
    worker workers[THREADS];
    for (int t = 0; t < THREADS; t++) {
        workers[t] = (worker){.t = t};
        if (pthread_create(&threads[t], NULL, work, &workers[t]) != 0) { perror("pthread_create"); return 1; }
    }
    int created = 0, expected_errors = 0, calls = 0;
    for (int t = 0; t < THREADS; t++) {
        pthread_join(threads[t], NULL);
        failures += workers[t].unexpected;
        created += workers[t].created;
        expected_errors += workers[t].expected_errors;
        calls += workers[t].calls;
    }

    /* Totals: every create landed once, each rep sees exactly their own. */
    CHECK(created == THREADS * CALLS * CREATES_PER_10 / 10);
    CHECK(count_customers(db, NULL) == created);
    for (int t = 0; t < THREADS; t++) CHECK(count_customers(db, reps[t]) == CALLS * CREATES_PER_10 / 10);
    CHECK(calls == THREADS * CALLS);
    CHECK(expected_errors == THREADS * CALLS * 2 / 10);
    printf("test_threads: %d threads x %d calls all succeeded (%d customers created); %d refusals, each seen only by its own thread\n",
           THREADS, CALLS, created, expected_errors);

    CHECK_RC(rapport_close(db), RAPPORT_OK);
    snprintf(req, sizeof req, "rm -rf '%s'", dir);
    if (system(req) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return finish("test_threads");
}
