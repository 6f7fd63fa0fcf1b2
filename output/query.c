/*
 * query.c: SPARQL over a store: the embedded engine (sparql.h) for the
 * memory, sqlite and hashes stores and --data files, result formats, safe
 * binding of preset parameters, and where the preset queries live.
 */
#define _POSIX_C_SOURCE 200809L
#include "output/remote.h"
#include "output/store.h"

#include "buf.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const result_formats[] = {"table", "csv", "tsv", "json",
                                             "xml",   "dot"};

int ng_query_format_supported(const char *name) {
  for (size_t i = 0; name && i < NG_ARRAY_LEN(result_formats); ++i) {
    if (!strcmp(name, result_formats[i])) {
      return 1;
    }
  }
  return 0;
}

NgStatus ng_store_query(NgStore *store, const char *sparql,
                        const char *format, FILE *stream) {
  if (!ng_query_format_supported(format)) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "unknown result format %s (expected table, csv, tsv, json, xml "
           "or dot)", format ? format : "(null)");
    return NG_ERR_BAD_ARG;
  }
  if (store->remote) {
    NgDict *d = ng_dict_new();
    NgResult *r = NULL;
    NgStatus st = d ? ng_remote_flush(store->remote) : NG_ERR_NOMEM;
    if (!st) {
      st = ng_remote_query(store->remote, sparql, d, store->timeout, &r);
    }
    if (!st) {
      st = ng_result_write(r, d, format, stream);
    }
    ng_result_free(r);
    ng_dict_free(d);
    return st;
  }
  double deadline = store->timeout > 0 ? ng_now() + store->timeout : 0;
  /* the query is parsed (and refused if need be) before the store is
   * read, so a malformed query costs nothing */
  NgDict *scratch = ng_dict_new();
  NgQuery *check = NULL;
  NgStatus st = scratch ? ng_query_parse(sparql, scratch, &check)
                        : NG_ERR_NOMEM;
  ng_query_free(check);
  ng_dict_free(scratch);
  if (st) {
    return st;
  }
  NgDataset *ds = ng_store_dataset(store);
  if (!ds) {
    return NG_ERR_STORE;
  }
  NgQuery *q = NULL;
  NgResult *r = NULL;
  st = ng_query_parse(sparql, ng_dataset_dict(ds), &q);
  if (!st) {
    st = ng_query_execute(q, ds, deadline, &r);
  }
  if (!st) {
    st = ng_result_write(r, ng_dataset_dict(ds), format, stream);
  }
  ng_result_free(r);
  ng_query_free(q);
  return st;
}

void ng_store_set_timeout(NgStore *store, double seconds) {
  store->timeout = seconds > 0 ? seconds : 0;
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
