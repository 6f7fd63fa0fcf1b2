/*
 * fuzz-bind.c: bytes -> ng_sparql_bind, the substitution of preset
 * parameters into a query.
 *
 * The first byte picks the mode:
 *   even: the rest is a parameter value (up to the first NUL), bound
 *         into a fixed query.  Properties: the value is refused (not
 *         valid UTF-8) or the result is the query with $v replaced by
 *         exactly one SPARQL string literal (checked against the grammar's
 *         STRING_LITERAL2 by hand), which rasqal parses back to the
 *         value, byte for byte.
 *   odd:  the rest is a query template, bound with fixed parameters
 *         whose values hold quotes, braces, a backslash and a line break (each
 *         escaped form differs from the raw value).  Properties:
 *         a result or NG_ERR_BAD_ARG; a result never holds the raw value
 *         (only its escaped form) unless the template held it already.
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"

#include <rasqal.h>
#include <string.h>

static rasqal_world *rq_world;

static const char prefix[] = "SELECT ?s WHERE { ?s <http://example.org/p> ";
static const char suffix[] = " }";

static void on_rasqal_message(void *user, raptor_log_message *m) {
  (void)user;
  if (getenv("NG_FUZZ_VERBOSE")) {
    fprintf(stderr, "rasqal: %s\n", m->text);
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  ng_fuzz_quiet_log();
  rq_world = rasqal_new_world();
  if (!rq_world || rasqal_world_open(rq_world)) {
    fprintf(stderr, "fuzz-bind: cannot open a rasqal world\n");
    exit(1);
  }
  rasqal_world_set_log_handler(rq_world, NULL, on_rasqal_message);
  return 0;
}

static int is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') ||
         (c >= 'a' && c <= 'f');
}

/* Length of the STRING_LITERAL2 at s ('"' ... '"', ECHAR and \u escapes,
 * no raw '"', '\\', LF or CR inside), 0 if s does not start one. */
static size_t literal_len(const char *s) {
  if (*s != '"') {
    return 0;
  }
  size_t i = 1;
  for (;;) {
    char c = s[i];
    if (c == '"') {
      return i + 1;
    }
    if (c == '\0' || c == '\n' || c == '\r') {
      return 0;
    }
    if (c == '\\') {
      char e = s[i + 1];
      if (e == 'u') {
        for (int k = 2; k < 6; ++k) {
          if (!is_hex(s[i + k])) {
            return 0;
          }
        }
        i += 6;
      } else if (e && strchr("tbnrf\"'\\", e)) {
        i += 2;
      } else {
        return 0;
      }
      continue;
    }
    ++i;
  }
}

static void value_mode(const char *value) {
  const char *names[] = {"v"};
  const char *values[] = {value};
  char query[sizeof prefix + sizeof suffix + 4];
  snprintf(query, sizeof query, "%s$v%s", prefix, suffix);
  char *out = NULL;
  NgStatus st = ng_sparql_bind(query, names, values, 1, &out);
  int utf8 = ng_fuzz_valid_utf8((const unsigned char *)value, strlen(value));
  if (!utf8) {
    FUZZ_CHECK(st == NG_ERR_BAD_ARG && !out,
               "a value that is not UTF-8 was bound (%s)", ng_strerror(st));
    return;
  }
  FUZZ_CHECK(st == NG_SUCCESS && out, "ng_sparql_bind: %s", ng_strerror(st));
  size_t np = strlen(prefix), ns = strlen(suffix), n = strlen(out);
  FUZZ_CHECK(n >= np + ns && !strncmp(out, prefix, np) &&
                 !strcmp(out + n - ns, suffix),
             "the query around the value changed: %s", out);
  FUZZ_CHECK(literal_len(out + np) == n - np - ns,
             "not one SPARQL string literal: %s", out + np);
  rasqal_query *q = rasqal_new_query(rq_world, "sparql", NULL);
  FUZZ_CHECK(q != NULL, "rasqal_new_query");
  raptor_uri *base =
      raptor_new_uri(rasqal_world_get_raptor(rq_world),
                     (const unsigned char *)"http://example.org/");
  int rc = rasqal_query_prepare(q, (const unsigned char *)out, base);
  FUZZ_CHECK(rc == 0, "rasqal cannot parse the bound query: %s", out);
  rasqal_triple *t = rasqal_query_get_triple(q, 0);
  FUZZ_CHECK(t && t->object && t->object->type == RASQAL_LITERAL_STRING,
             "the object is not a string literal: %s", out);
  FUZZ_CHECK(!strcmp((const char *)t->object->string, value),
             "rasqal reads the literal as \"%s\", the value was \"%s\"",
             (const char *)t->object->string, value);
  raptor_free_uri(base);
  rasqal_free_query(q);
  free(out);
}

static void template_mode(const char *template) {
  static const char *const names[] = {"v", "org"};
  static const char *const values[] = {"x\" } ; DROP {\n", "o'k\"\\z"};
  char *out = NULL;
  NgStatus st = ng_sparql_bind(template, names, values, 2, &out);
  FUZZ_CHECK(st == NG_SUCCESS || st == NG_ERR_BAD_ARG, "ng_sparql_bind: %s",
             ng_strerror(st));
  FUZZ_CHECK((st == NG_SUCCESS) == (out != NULL), "status and result disagree");
  if (out) {
    for (int i = 0; i < 2; ++i) {
      FUZZ_CHECK(!strstr(out, values[i]) || strstr(template, values[i]),
                 "the raw value of $%s went into the query: %s", names[i], out);
    }
    FUZZ_CHECK(ng_fuzz_valid_utf8((const unsigned char *)out, strlen(out)) ||
                   !ng_fuzz_valid_utf8((const unsigned char *)template,
                                       strlen(template)),
               "binding made a UTF-8 query invalid");
  }
  free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) {
    return 0;
  }
  char *text = malloc(size);
  FUZZ_CHECK(text != NULL, "out of memory");
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';
  if (data[0] % 2 == 0) {
    value_mode(text);
  } else {
    template_mode(text);
  }
  free(text);
  return 0;
}
