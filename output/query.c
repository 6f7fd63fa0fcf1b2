/*
 * query.c: SPARQL over a store (rasqal through librdf): result formats,
 * the aligned "table" format, safe binding of preset parameters, and where
 * the preset queries live.
 */
#define _POSIX_C_SOURCE 200809L
#include "output/store.h"

#include "buf.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define QUERY_LANGUAGE "sparql"
/* Base IRI of query text (relative IRIs in a query resolve against it). */
#define QUERY_BASE "file:///query"

static const char *const result_formats[] = {"table", "csv", "tsv", "json",
                                             "xml"};

int ng_query_format_supported(const char *name) {
  for (size_t i = 0; name && i < NG_ARRAY_LEN(result_formats); ++i) {
    if (!strcmp(name, result_formats[i])) {
      return 1;
    }
  }
  return 0;
}

/* ------------------------------------------------------------- table */

/* One cell as shown in a table: IRIs in <>, literals as their text, blank
 * nodes as _:id, unbound as empty.  New (free()). */
static char *cell_text(librdf_node *n) {
  if (!n) {
    return ng_strdup("");
  }
  if (librdf_node_is_literal(n)) {
    return ng_strdup((const char *)librdf_node_get_literal_value(n));
  }
  if (librdf_node_is_resource(n)) {
    NgBuf b = NG_BUF_INIT;
    librdf_uri *u = librdf_node_get_uri(n);
    ng_buf_printf(&b, "<%s>", u ? (const char *)librdf_uri_as_string(u) : "");
    return ng_buf_detach(&b);
  }
  NgBuf b = NG_BUF_INIT;
  ng_buf_printf(&b, "_:%s", (const char *)librdf_node_get_blank_identifier(n));
  return ng_buf_detach(&b);
}

/* Display width of a UTF-8 string: one column per code point. */
static size_t width(const char *s) {
  size_t w = 0;
  for (; *s; ++s) {
    w += ((unsigned char)*s & 0xC0) != 0x80;
  }
  return w;
}

typedef struct Table {
  char **cells; /* rows * cols, row-major; row 0 the header */
  size_t n, cap, cols;
} Table;

static NgStatus table_add(Table *t, char *cell) {
  if (!cell || ng_grow((void **)&t->cells, &t->cap, t->n + 1, sizeof(char *))) {
    free(cell);
    return NG_ERR_NOMEM;
  }
  t->cells[t->n++] = cell;
  return NG_SUCCESS;
}

static void table_free(Table *t) {
  for (size_t i = 0; i < t->n; ++i) {
    free(t->cells[i]);
  }
  free(t->cells);
}

static NgStatus table_print(const Table *t, FILE *out) {
  size_t *w = calloc(t->cols ? t->cols : 1, sizeof(size_t));
  if (!w) {
    return NG_ERR_NOMEM;
  }
  for (size_t i = 0; i < t->n; ++i) {
    size_t cw = width(t->cells[i]);
    w[i % t->cols] = cw > w[i % t->cols] ? cw : w[i % t->cols];
  }
  for (size_t i = 0; i < t->n; ++i) {
    size_t c = i % t->cols;
    int last = c + 1 == t->cols;
    fputs(t->cells[i], out);
    for (size_t k = width(t->cells[i]); !last && k < w[c] + 2; ++k) {
      fputc(' ', out);
    }
    if (last) {
      fputc('\n', out);
    }
    if (last && i + 1 == t->cols) { /* rule under the header */
      for (size_t cc = 0; cc < t->cols; ++cc) {
        for (size_t k = 0; k < w[cc]; ++k) {
          fputc('-', out);
        }
        fputs(cc + 1 == t->cols ? "\n" : "  ", out);
      }
    }
  }
  free(w);
  return ferror(out) ? NG_ERR_IO : NG_SUCCESS;
}

static NgStatus write_table(librdf_query_results *r, FILE *out) {
  Table t = {NULL, 0, 0, 0};
  int cols = librdf_query_results_get_bindings_count(r);
  NgStatus st = cols > 0 ? NG_SUCCESS : NG_ERR_RDF;
  t.cols = cols > 0 ? (size_t)cols : 0;
  for (int c = 0; !st && c < cols; ++c) {
    const char *name = librdf_query_results_get_binding_name(r, c);
    NgBuf b = NG_BUF_INIT;
    ng_buf_printf(&b, "?%s", name ? name : "");
    st = table_add(&t, ng_buf_detach(&b));
  }
  for (; !st && !librdf_query_results_finished(r);
       librdf_query_results_next(r)) {
    for (int c = 0; !st && c < cols; ++c) {
      librdf_node *n = librdf_query_results_get_binding_value(r, c);
      st = table_add(&t, cell_text(n));
      librdf_free_node(n);
    }
  }
  if (!st) {
    st = table_print(&t, out);
  }
  table_free(&t);
  return st;
}

/* ------------------------------------------------------------- results */

static NgStatus write_graph_results(librdf_query_results *r, FILE *out) {
  librdf_stream *s = librdf_query_results_as_stream(r);
  if (!s) {
    return NG_ERR_RDF;
  }
  NgWriter w;
  NgStatus st = ng_writer_start(&w, "turtle", out);
  if (!st) {
    st = ng_writer_stream(&w, s, NULL);
    NgStatus end = ng_writer_end(&w);
    st = st ? st : end;
  }
  librdf_free_stream(s);
  return st;
}

static NgStatus write_results(librdf_query_results *r, const char *format,
                              FILE *out) {
  if (librdf_query_results_is_graph(r)) {
    return write_graph_results(r, out);
  }
  if (librdf_query_results_is_boolean(r) &&
      (!strcmp(format, "table") || !strcmp(format, "csv") ||
       !strcmp(format, "tsv"))) {
    int b = librdf_query_results_get_boolean(r);
    fputs(b > 0 ? "true\n" : "false\n", out);
    return ferror(out) ? NG_ERR_IO : NG_SUCCESS;
  }
  if (!strcmp(format, "table")) {
    return write_table(r, out);
  }
  if (librdf_query_results_to_file_handle2(r, out, format, NULL, NULL, NULL)) {
    return NG_ERR_RDF;
  }
  return ferror(out) ? NG_ERR_IO : NG_SUCCESS;
}

/* Parses sparql with rasqal alone (librdf defers parsing to execution,
 * where a syntax error cannot be told from a failing store).  The parser's
 * messages reach ng_log through the store's logger. */
/* Forwards rasqal's parser messages (which otherwise go straight to
 * stderr) to ng_log as "query:LINE: MESSAGE". */
static void query_log(void *user, raptor_log_message *m) {
  (void)user;
  if (m->level < RAPTOR_LOG_LEVEL_ERROR) {
    return;
  }
  int line = m->locator ? m->locator->line : -1;
  ng_log(NG_LOG_ERROR, "query", line > 0 ? (unsigned)line : 0, (size_t)-1,
         NULL, "%s", m->text ? m->text : "malformed query");
}

static NgStatus check_syntax(librdf_world *w, const char *sparql) {
  rasqal_world *rw = librdf_world_get_rasqal(w);
  rasqal_query *q = rw ? rasqal_new_query(rw, QUERY_LANGUAGE, NULL) : NULL;
  if (!q) {
    return NG_ERR_RDF;
  }
  /* "bound but unused" and the like are noise for a command-line user */
  rasqal_world_set_warning_level(rw, 0);
  rasqal_world_set_log_handler(rw, NULL, query_log);
  raptor_uri *base = raptor_new_uri(librdf_world_get_raptor(w),
                                    (const unsigned char *)QUERY_BASE);
  int rc = !base || rasqal_query_prepare(q, (const unsigned char *)sparql, base);
  raptor_free_uri(base);
  rasqal_free_query(q);
  return rc ? NG_ERR_SYNTAX : NG_SUCCESS;
}

NgStatus ng_store_query(NgStore *store, const char *sparql,
                        const char *format, FILE *stream) {
  if (!ng_query_format_supported(format)) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "unknown result format %s (expected table, csv, tsv, json or xml)",
           format ? format : "(null)");
    return NG_ERR_BAD_ARG;
  }
  librdf_world *w = ng_store_world();
  NgStatus st = check_syntax(w, sparql);
  if (st) {
    return st;
  }
  librdf_query *q = librdf_new_query(w, QUERY_LANGUAGE, NULL,
                                     (const unsigned char *)sparql, NULL);
  if (!q) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL, "cannot prepare query");
    return NG_ERR_RDF;
  }
  librdf_model *model = ng_store_query_model(store);
  librdf_query_results *r =
      model ? librdf_model_query_execute(model, q) : NULL;
  if (!r) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "query failed on store %s", store->label);
    st = NG_ERR_STORE;
  } else {
    st = write_results(r, format, stream);
  }
  librdf_free_query_results(r);
  librdf_free_query(q);
  return st;
}

/* ------------------------------------------------------------ parameters */

static int is_name_char(char c) {
  return isalnum((unsigned char)c) || c == '_';
}

/* Appends value as a SPARQL string literal (STRING_LITERAL2 with ECHAR
 * escapes): no character of value can end the literal early. */
static NgStatus append_literal(NgBuf *b, const char *value) {
  NgStatus st = ng_buf_putc(b, '"');
  for (const char *p = value; !st && *p; ++p) {
    switch (*p) {
    case '"': st = ng_buf_puts(b, "\\\""); break;
    case '\\': st = ng_buf_puts(b, "\\\\"); break;
    case '\n': st = ng_buf_puts(b, "\\n"); break;
    case '\r': st = ng_buf_puts(b, "\\r"); break;
    case '\t': st = ng_buf_puts(b, "\\t"); break;
    case '\b': st = ng_buf_puts(b, "\\b"); break;
    case '\f': st = ng_buf_puts(b, "\\f"); break;
    default:
      st = ((unsigned char)*p < 0x20)
               ? ng_buf_printf(b, "\\u%04X", (unsigned)(unsigned char)*p)
               : ng_buf_putc(b, *p);
    }
  }
  return st ? st : ng_buf_putc(b, '"');
}

/* Length of the token at s that must be copied verbatim: a string literal
 * ('...', "...", '''...''', """..."""), an IRI <...>, or a # comment; 0
 * when s starts none of them. */
static size_t verbatim_len(const char *s) {
  if (*s == '#') {
    return strcspn(s, "\n");
  }
  if (*s == '<') {
    size_t n = 1 + strcspn(s + 1, "<>\"{}|^`\\ \t\r\n");
    return s[n] == '>' ? n + 1 : 0; /* else the < operator */
  }
  if (*s != '"' && *s != '\'') {
    return 0;
  }
  char q = *s;
  int long_form = s[1] == q && s[2] == q;
  size_t i = long_form ? 3 : 1;
  while (s[i]) {
    if (s[i] == '\\' && s[i + 1]) {
      i += 2;
    } else if (s[i] == q && (!long_form || (s[i + 1] == q && s[i + 2] == q))) {
      return i + (long_form ? 3 : 1);
    } else if (!long_form && s[i] == '\n') {
      return i;
    } else {
      ++i;
    }
  }
  return i;
}

static long find_param(const char *name, size_t len,
                       const char *const *names, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (strlen(names[i]) == len && !strncmp(names[i], name, len)) {
      return (long)i;
    }
  }
  return -1;
}

/* The offset of the first byte of s that does not begin a valid UTF-8
 * character, or (size_t)-1 when s is valid UTF-8 throughout. */
static size_t first_bad_utf8(const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    uint32_t c;
    size_t n = ng_utf8_decode(p, &c);
    if (n == 0) {
      return (size_t)(p - (const unsigned char *)s);
    }
    p += n;
  }
  return (size_t)-1;
}

NgStatus ng_sparql_bind(const char *sparql, const char *const *names,
                        const char *const *values, size_t n_params,
                        char **out) {
  NgBuf b = NG_BUF_INIT;
  NgStatus st = NG_SUCCESS;
  *out = NULL;
  /* SPARQL is Unicode text: a value that is not UTF-8 (say Latin-1 from a
   * shell) would make the query unparsable or match nothing */
  for (size_t i = 0; i < n_params; ++i) {
    size_t bad = first_bad_utf8(values[i]);
    if (bad != (size_t)-1) {
      ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
             "parameter %s: the value is not valid UTF-8 (byte %zu)",
             names[i], bad);
      return NG_ERR_BAD_ARG;
    }
  }
  char *used = calloc(n_params + 1, 1);
  if (!used) {
    return NG_ERR_NOMEM;
  }
  for (const char *p = sparql; !st && *p;) {
    size_t v = verbatim_len(p);
    if (v) {
      st = ng_buf_append(&b, p, v);
      p += v;
      continue;
    }
    if (*p != '$' || !is_name_char(p[1])) {
      st = ng_buf_putc(&b, *p++);
      continue;
    }
    size_t len = 1;
    while (is_name_char(p[len])) {
      ++len;
    }
    long i = find_param(p + 1, len - 1, names, n_params);
    if (i < 0) {
      ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
             "missing parameter %.*s (give it with --param %.*s=VALUE)",
             (int)(len - 1), p + 1, (int)(len - 1), p + 1);
      st = NG_ERR_BAD_ARG;
      break;
    }
    used[i] = 1;
    st = append_literal(&b, values[i]);
    p += len;
  }
  for (size_t i = 0; !st && i < n_params; ++i) {
    if (!used[i]) {
      ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
             "unknown parameter %s: the query has no $%s", names[i],
             names[i]);
      st = NG_ERR_BAD_ARG;
    }
  }
  free(used);
  if (st) {
    ng_buf_release(&b);
    return st;
  }
  *out = ng_buf_detach(&b);
  return *out ? NG_SUCCESS : NG_ERR_NOMEM;
}

/* ---------------------------------------------------------------- presets */

static int is_dir(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* True when the running program lives in the build tree. */
static int running_uninstalled(void) {
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) {
    return 0;
  }
  exe[n] = '\0';
  size_t len = strlen(NG_ABS_BUILDDIR);
  return !strncmp(exe, NG_ABS_BUILDDIR, len) && exe[len] == '/';
}

const char *ng_default_queries_dir(void) {
  const char *env = getenv("NEWSGRAPH_QUERIES");
  if (env && *env) {
    return env;
  }
  if (running_uninstalled() && is_dir(NG_ABS_SRCDIR "/output/queries")) {
    return NG_ABS_SRCDIR "/output/queries";
  }
  return NG_PKGDATADIR "/queries";
}
