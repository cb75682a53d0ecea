/* test_parity.c: the parity scenario through the C ABI (tests/parity/scenario.tsv); its transcript must equal
 * tests/parity/expected.txt byte for byte. Usage: test_parity SCENARIO EXPECTED. */
#include "check.h"

#define MAX_KEPT 64
#define MAX_TEXT (1 << 20)

static char kept_name[MAX_KEPT][64];
static char kept_id[MAX_KEPT][128];
static int kept_count;

static const char *kept(const char *name, size_t len) {
    for (int i = 0; i < kept_count; i++) {
        if (strlen(kept_name[i]) == len && memcmp(kept_name[i], name, len) == 0) return kept_id[i];
    }
    fprintf(stderr, "$%.*s is used before a step keeps it\n", (int)len, name);
    exit(2);
}

static int is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* `text` with every $name replaced by the id kept under that name, into out. */
static void substitute(const char *text, char *out, size_t cap) {
    size_t n = 0;
    for (const char *p = text; *p;) {
        const char *piece = p;
        size_t len = 1;
        if (*p == '$') {
            const char *name = p + 1;
            size_t name_len = 0;
            while (is_name_char(name[name_len])) name_len++;
            piece = kept(name, name_len);
            len = strlen(piece);
            p = name + name_len;
        } else {
            p++;
        }
        if (n + len + 1 > cap) {
            fprintf(stderr, "a step is too long\n");
            exit(2);
        }
        memcpy(out + n, piece, len);
        n += len;
    }
    out[n] = '\0';
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    char *buf = malloc(MAX_TEXT);
    size_t n = fread(buf, 1, MAX_TEXT - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* Appends to the transcript. */
static void emit(char *transcript, size_t *len, const char *a, const char *b, const char *c) {
    int n = snprintf(transcript + *len, MAX_TEXT - *len, "%s%s%s", a, b, c);
    if (n < 0 || (size_t)n >= MAX_TEXT - *len) {
        fprintf(stderr, "the transcript is too long\n");
        exit(2);
    }
    *len += (size_t)n;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s SCENARIO EXPECTED\n", argv[0]);
        return 2;
    }
    char *scenario = read_file(argv[1]);
    char *expected = read_file(argv[2]);
    char *transcript = calloc(MAX_TEXT, 1);
    char *actor = malloc(MAX_TEXT), *request = malloc(MAX_TEXT), *text = malloc(MAX_TEXT);
    size_t len = 0;
    rapport_db *db = NULL;
    int steps = 0;
    for (char *line = strtok(scenario, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '\0' || line[0] == '#') continue;
        char *fields[4] = {line, NULL, NULL, NULL};
        int count = 1;
        for (char *p = line; *p && count < 4; p++) {
            if (*p == '\t') {
                *p = '\0';
                fields[count++] = p + 1;
            }
        }
        if (strcmp(fields[0], "@open") == 0) {
            CHECK_RC(rapport_open(":memory:", fields[1], &db), RAPPORT_OK);
            continue;
        }
        if (count != 4 || !db) {
            fprintf(stderr, "a step has four fields and comes after @open: %s\n", line);
            return 2;
        }
        substitute(fields[1], actor, MAX_TEXT);
        substitute(fields[3], request, MAX_TEXT);
        char *out = NULL;
        int rc = rapport_call(db, strcmp(fields[1], "-") == 0 ? NULL : actor, fields[2], request, &out);
        steps++;
        if (rc == RAPPORT_OK) {
            if (strcmp(fields[0], "-") != 0) {
                if (kept_count == MAX_KEPT || js_get_str(out, "id", kept_id[kept_count], sizeof kept_id[0]) < 0) {
                    fprintf(stderr, "%s: no id to keep in %s\n", fields[2], out);
                    return 2;
                }
                snprintf(kept_name[kept_count++], sizeof kept_name[0], "%s", fields[0]);
            }
            emit(transcript, &len, fields[2], "\tok\t", out);
            emit(transcript, &len, "\n", "", "");
        } else {
            const char *error = js_get(out, "error");
            char code[64], field[256];
            CHECK(js_get_str(error, "code", code, sizeof code) > 0);
            if (js_get_str(error, "field", field, sizeof field) < 0) strcpy(field, "-");
            CHECK(js_get_str(error, "message", text, MAX_TEXT) >= 0);
            emit(transcript, &len, fields[2], "\terror\t", code);
            emit(transcript, &len, "\t", field, "\t");
            emit(transcript, &len, text, "\n", "");
        }
        rapport_free(out);
    }
    CHECK_RC(rapport_close(db), RAPPORT_OK);
    if (strcmp(transcript, expected) != 0) {
        size_t at = 0;
        while (transcript[at] && transcript[at] == expected[at]) at++;
        size_t line_start = at;
        while (line_start > 0 && expected[line_start - 1] != '\n') line_start--;
        fprintf(stderr, "the C transcript differs from %s at byte %zu:\n  ours:     %.200s\n  expected: %.200s\n", argv[2],
                at, transcript + line_start, expected + line_start);
        failures++;
    }
    printf("parity: %d steps through the C ABI, transcript %s\n", steps, failures ? "differs" : "identical");
    free(scenario);
    free(expected);
    free(transcript);
    free(actor);
    free(request);
    free(text);
    return failures ? 1 : 0;
}
