/* check.h: assertions and call helpers shared by the C tests of the Rapport ABI. */
#ifndef RAPPORT_TEST_CHECK_H
#define RAPPORT_TEST_CHECK_H

#include <rapport.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_scan.h"

static int failures;

#define CHECK(cond)                                                                         \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);        \
            failures++;                                                                     \
        }                                                                                   \
    } while (0)

#define CHECK_RC(expr, want)                                                                \
    do {                                                                                    \
        int rc_ = (expr);                                                                   \
        if (rc_ != (want)) {                                                                \
            fprintf(stderr, "%s:%d: %s gave %d (%s), want %d\n", __FILE__, __LINE__, #expr, \
                    rc_, rapport_errstr(rc_), (want));                                      \
            failures++;                                                                     \
        }                                                                                   \
    } while (0)

/* Calls and checks the code; returns the answer or error JSON (free with rapport_free). */
static inline char *expect_call(rapport_db *db, const char *actor, const char *method, const char *request, int want,
                         const char *where) {
    char *out = NULL;
    int rc = rapport_call(db, actor, method, request, &out);
    if (rc != want) {
        fprintf(stderr, "%s: %s gave %d (%s), want %d: %s\n", where, method, rc, rapport_errstr(rc), want,
                out ? out : "(no answer)");
        failures++;
    }
    return out;
}

/* Calls a method that must succeed and copies the answer's string member `key` into buf. */
static inline void call_for(rapport_db *db, const char *actor, const char *method, const char *request, const char *key,
                     char *buf, size_t cap) {
    char *out = expect_call(db, actor, method, request, RAPPORT_OK, key);
    if (js_get_str(out, key, buf, cap) < 0) {
        fprintf(stderr, "%s answered no %s: %s\n", method, key, out ? out : "(none)");
        failures++;
        buf[0] = '\0';
    }
    rapport_free(out);
}

/* The error object's member `key` of an error answer, e.g. "code" or "field" (empty if absent). */
static inline const char *error_member(const char *answer, const char *key) {
    static char buf[256];
    buf[0] = '\0';
    if (js_get_str(js_get(answer, "error"), key, buf, sizeof buf) < 0) buf[0] = '\0';
    return buf;
}

/* Counts the customers an actor can list, following the cursor. */
static inline int count_customers(rapport_db *db, const char *actor) {
    char cursor[128] = "", req[256];
    int total = 0;
    for (;;) {
        if (cursor[0]) snprintf(req, sizeof req, "{\"limit\": 1000, \"cursor\": \"%s\"}", cursor);
        else snprintf(req, sizeof req, "{\"limit\": 1000}");
        char *out = expect_call(db, actor, "customers.list", req, RAPPORT_OK, "count");
        total += js_count(js_get(out, "items"));
        int more = js_get_str(out, "next_cursor", cursor, sizeof cursor) > 0;
        rapport_free(out);
        if (!more) return total;
    }
}

static inline int finish(const char *name) {
    if (failures) {
        fprintf(stderr, "%s: %d check(s) failed\n", name, failures);
        return 1;
    }
    printf("%s: all checks passed\n", name);
    return 0;
}

#endif /* RAPPORT_TEST_CHECK_H */
