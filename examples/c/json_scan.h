/* json_scan.h: a tiny reader for the JSON answers of rapport_call, for the C examples and tests.
 *
 * Production hosts would use their JSON library (cJSON, jansson, yyjson...). This header keeps the
 * examples self-contained: it finds members of objects, walks arrays and copies out strings and
 * integers. Every function takes a pointer to the start of a JSON value and returns NULL or -1 when
 * the text is not what it expects, never reading past the terminating NUL.
 */
#ifndef RAPPORT_JSON_SCAN_H
#define RAPPORT_JSON_SCAN_H

#include <stdlib.h>
#include <string.h>

static inline const char *js_ws(const char *p) {
    while (p && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
    return p;
}

/* The end of the string starting at p (which points at its opening quote). */
static inline const char *js_skip_string(const char *p) {
    if (!p || *p != '"') return NULL;
    for (p++; *p; p++) {
        if (*p == '\\') { if (!*++p) return NULL; }
        else if (*p == '"') return p + 1;
    }
    return NULL;
}

/* The end of the JSON value starting at p. */
static inline const char *js_skip(const char *p) {
    p = js_ws(p);
    if (!p || !*p) return NULL;
    if (*p == '"') return js_skip_string(p);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        while (*p) {
            if (*p == '"') { p = js_skip_string(p); if (!p) return NULL; continue; }
            if (*p == '{' || *p == '[') depth++;
            else if (*p == '}' || *p == ']') { if (--depth == 0) return p + 1; }
            p++;
        }
        return NULL;
    }
    while (*p && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n') p++;
    return p;
}

/* The value of member `key` of the object at p, or NULL. */
static inline const char *js_get(const char *p, const char *key) {
    size_t len = strlen(key);
    p = js_ws(p);
    if (!p || *p != '{') return NULL;
    p = js_ws(p + 1);
    while (p && *p == '"') {
        const char *name = p + 1, *end = js_skip_string(p);
        if (!end) return NULL;
        const char *value = js_ws(end);
        if (!value || *value != ':') return NULL;
        value = js_ws(value + 1);
        if ((size_t)(end - 1 - name) == len && strncmp(name, key, len) == 0) return value;
        p = js_ws(js_skip(value));
        if (p && *p == ',') p = js_ws(p + 1);
    }
    return NULL;
}

/* The first element of the array at p, or NULL when empty or not an array. */
static inline const char *js_first(const char *p) {
    p = js_ws(p);
    if (!p || *p != '[') return NULL;
    p = js_ws(p + 1);
    return (p && *p != ']') ? p : NULL;
}

/* The element after the one at p, or NULL at the end. */
static inline const char *js_next(const char *p) {
    p = js_ws(js_skip(p));
    return (p && *p == ',') ? js_ws(p + 1) : NULL;
}

/* The number of elements of the array at p (0 when not an array). */
static inline int js_count(const char *p) {
    int n = 0;
    for (p = js_first(p); p; p = js_next(p)) n++;
    return n;
}

/* Copies the string at p into buf (escapes other than \uXXXX decoded); returns its length or -1. */
static inline int js_str(const char *p, char *buf, size_t cap) {
    size_t n = 0;
    p = js_ws(p);
    if (!p || *p != '"' || cap == 0) return -1;
    for (p++; *p && *p != '"'; p++) {
        char c = *p;
        if (c == '\\') {
            c = *++p;
            if (c == 'n') c = '\n'; else if (c == 't') c = '\t';
            else if (c == 'u') { for (int k = 0; k < 4; k++) if (!*++p) return -1; c = '?'; }
            if (!c) return -1;
        }
        if (n + 1 >= cap) return -1;
        buf[n++] = c;
    }
    if (*p != '"') return -1;
    buf[n] = '\0';
    return (int)n;
}

/* The integer at p, or `fallback` when there is none (null, not a number). */
static inline long long js_int(const char *p, long long fallback) {
    char *end;
    p = js_ws(p);
    if (!p || !*p) return fallback;
    long long v = strtoll(p, &end, 10);
    return end == p ? fallback : v;
}

/* Convenience: member `key` of the object at p as a string into buf; returns length or -1. */
static inline int js_get_str(const char *p, const char *key, char *buf, size_t cap) {
    return js_str(js_get(p, key), buf, cap);
}

#endif /* RAPPORT_JSON_SCAN_H */
