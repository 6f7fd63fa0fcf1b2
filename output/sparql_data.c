/*
 * sparql_data.c: fills an NgDataset (the embedded SPARQL engine's quad
 * index) from RDF files, parsed by raptor, or from a librdf model (the
 * memory, sqlite and hashes stores), each statement with its graph.
 */
#define _POSIX_C_SOURCE 200809L
#include "output/sparql_data.h"

#include "buf.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------ raptor */

static NgTermId from_raptor(NgDict *d, const raptor_term *t) {
  if (!t) {
    return 0;
  }
  switch (t->type) {
  case RAPTOR_TERM_TYPE_URI: {
    size_t len;
    const unsigned char *s = raptor_uri_as_counted_string(t->value.uri, &len);
    return ng_dict_intern(d, NG_TERM_IRI, (const char *)s, len, 0, NULL);
  }
  case RAPTOR_TERM_TYPE_BLANK:
    return ng_dict_intern(d, NG_TERM_BLANK, (const char *)t->value.blank.string,
                          t->value.blank.string_len, 0, NULL);
  case RAPTOR_TERM_TYPE_LITERAL: {
    NgTermId dt = 0;
    if (t->value.literal.datatype) {
      size_t len;
      const unsigned char *s =
          raptor_uri_as_counted_string(t->value.literal.datatype, &len);
      dt = ng_dict_intern(d, NG_TERM_IRI, (const char *)s, len, 0, NULL);
      if (!dt) {
        return 0;
      }
    }
    return ng_dict_intern(d, NG_TERM_LITERAL,
                          (const char *)t->value.literal.string,
                          t->value.literal.string_len, dt,
                          (const char *)t->value.literal.language);
  }
  default:
    return 0;
  }
}

typedef struct LoadState {
  NgDataset *ds;
  NgStatus st;
} LoadState;

static void on_statement(void *user, raptor_statement *s) {
  LoadState *ls = user;
  if (ls->st) {
    return;
  }
  NgDict *d = ng_dataset_dict(ls->ds);
  NgTermId g = s->graph ? from_raptor(d, s->graph) : 0;
  NgTermId a = from_raptor(d, s->subject), b = from_raptor(d, s->predicate),
           c = from_raptor(d, s->object);
  if (!a || !b || !c || (s->graph && !g) ||
      ng_dataset_add(ls->ds, g, a, b, c)) {
    ls->st = NG_ERR_NOMEM;
  }
}

const char *ng_rdf_parser_for(const char *path) {
  static const char *const by_ext[][2] = {
      {".nq", "nquads"},  {".nt", "ntriples"}, {".trig", "trig"},
      {".rdf", "rdfxml"}, {".owl", "rdfxml"},  {".xml", "rdfxml"},
      {".ttl", "turtle"}, {".n3", "turtle"}};
  const char *dot = strrchr(path, '.');
  for (size_t i = 0; dot && i < NG_ARRAY_LEN(by_ext); ++i) {
    if (!strcmp(dot, by_ext[i][0])) {
      return by_ext[i][1];
    }
  }
  return "turtle";
}

/* ------------------------------------------------------------ N-Quads */

/* N-Triples and N-Quads are read here rather than by raptor 2.0.15, whose
 * N-Triples parser keeps a reference to every literal datatype IRI it
 * meets (a leak the sanitizer build reports at exit). */

typedef struct NqReader {
  const char *path;
  unsigned line;
  NgDict *dict;
  NgBuf term;
} NqReader;

static int nq_error(NqReader *r, const char *what) {
  ng_log(NG_LOG_ERROR, r->path, r->line, (size_t)-1, NULL, "bad N-Quads: %s",
         what);
  return 0;
}

static int hexdig(int c) {
  return c >= '0' && c <= '9'   ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                : -1;
}

/* Appends the code point of the \uXXXX or \UXXXXXXXX escape at *p (which
 * points at the 'u') as UTF-8, and moves *p past it. */
static int nq_uchar(NqReader *r, const char **p) {
  int n = **p == 'u' ? 4 : 8;
  unsigned long c = 0;
  for (int i = 1; i <= n; ++i) {
    int h = hexdig((unsigned char)(*p)[i]);
    if (h < 0) {
      return nq_error(r, "bad \\u escape");
    }
    c = c * 16 + (unsigned long)h;
  }
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    return nq_error(r, "escape of an invalid code point");
  }
  char o[4];
  int k;
  if (c < 0x80) {
    o[0] = (char)c, k = 1;
  } else if (c < 0x800) {
    o[0] = (char)(0xC0 | (c >> 6)), o[1] = (char)(0x80 | (c & 0x3F)), k = 2;
  } else if (c < 0x10000) {
    o[0] = (char)(0xE0 | (c >> 12)), o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[2] = (char)(0x80 | (c & 0x3F)), k = 3;
  } else {
    o[0] = (char)(0xF0 | (c >> 18)), o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F)), o[3] = (char)(0x80 | (c & 0x3F));
    k = 4;
  }
  ng_buf_append(&r->term, o, (size_t)k);
  *p += n + 1;
  return 1;
}

static void nq_space(const char **p) {
  while (**p == ' ' || **p == '\t') {
    ++*p;
  }
}

static int at_end(const char *p) {
  return !*p || *p == '#' || *p == '\n' || *p == '\r';
}

/* The IRIREF at *p into r->term. */
static int nq_iri(NqReader *r, const char **p) {
  ng_buf_reset(&r->term);
  const char *s = *p + 1;
  while (*s != '>') {
    unsigned char c = (unsigned char)*s;
    if (c <= 0x20 || strchr("<\"{}|^`", c)) {
      return nq_error(r, c ? "bad character in IRI" : "unterminated IRI");
    }
    if (c == '\\') {
      ++s;
      if ((*s != 'u' && *s != 'U') || !nq_uchar(r, &s)) {
        return *s == 'u' || *s == 'U' ? 0 : nq_error(r, "bad escape in IRI");
      }
      continue;
    }
    ng_buf_putc(&r->term, (char)c);
    ++s;
  }
  *p = s + 1;
  return 1;
}

static int label_char(unsigned char c) {
  return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int nq_blank(NqReader *r, const char **p) {
  ng_buf_reset(&r->term);
  const char *s = *p + 2;
  while (label_char((unsigned char)*s) ||
         (*s == '.' && label_char((unsigned char)s[1]))) {
    ng_buf_putc(&r->term, *s++);
  }
  if (!r->term.len) {
    return nq_error(r, "empty blank node label");
  }
  *p = s;
  return 1;
}

static NgTermId interned(NqReader *r, NgTermId id) {
  return id ? id : (NgTermId)nq_error(r, "out of memory");
}

/* One term at *p: an IRI, a blank node or, when literal_ok, a literal. */
static NgTermId nq_term(NqReader *r, const char **p, int literal_ok) {
  nq_space(p);
  if (**p == '<') {
    return nq_iri(r, p)
               ? interned(r, ng_dict_intern(r->dict, NG_TERM_IRI, r->term.data,
                                            r->term.len, 0, NULL))
               : 0;
  }
  if (**p == '_' && (*p)[1] == ':') {
    return nq_blank(r, p)
               ? interned(r, ng_dict_intern(r->dict, NG_TERM_BLANK,
                                            r->term.data, r->term.len, 0, NULL))
               : 0;
  }
  if (**p != '"' || !literal_ok) {
    return (NgTermId)nq_error(r, literal_ok
                                     ? "expected an IRI, a blank node or a "
                                       "literal"
                                     : "expected an IRI or a blank node");
  }
  static const char escapes[] = "tbnrf\"'\\";
  static const char decoded[] = "\t\b\n\r\f\"'\\";
  ng_buf_reset(&r->term);
  const char *s = *p + 1;
  while (*s != '"') {
    if (!*s || *s == '\n' || *s == '\r') {
      return (NgTermId)nq_error(r, "unterminated literal");
    }
    if (*s != '\\') {
      ng_buf_putc(&r->term, *s++);
      continue;
    }
    ++s;
    const char *e = *s ? strchr(escapes, *s) : NULL;
    if (e) {
      ng_buf_putc(&r->term, decoded[e - escapes]);
      ++s;
    } else if (*s != 'u' && *s != 'U') {
      return (NgTermId)nq_error(r, "bad escape in literal");
    } else if (!nq_uchar(r, &s)) {
      return 0;
    }
  }
  ++s;
  NgBuf lex = r->term; /* the IRI of a datatype reuses r->term */
  ng_buf_init(&r->term);
  NgTermId dt = 0, id = 0;
  char lang[64] = "";
  int ok = 1;
  if (*s == '@') {
    size_t n = 0;
    ++s;
    while (n + 1 < sizeof lang &&
           ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
            (n && ((*s >= '0' && *s <= '9') || *s == '-')))) {
      lang[n++] = *s++;
    }
    lang[n] = '\0';
    ok = n ? 1 : nq_error(r, "empty language tag");
  } else if (s[0] == '^' && s[1] == '^') {
    s += 2;
    ok = *s == '<' ? nq_iri(r, &s) : nq_error(r, "expected a datatype IRI");
    if (ok) {
      dt = interned(r, ng_dict_intern(r->dict, NG_TERM_IRI, r->term.data,
                                      r->term.len, 0, NULL));
      ok = dt != 0;
    }
  }
  if (ok) {
    id = interned(r, ng_dict_intern(r->dict, NG_TERM_LITERAL, lex.data, lex.len,
                                    dt, lang[0] ? lang : NULL));
  }
  ng_buf_release(&lex);
  *p = s;
  return id;
}

/* Parses one statement line; 1 with the terms set, 0 (reported) when
 * malformed.  *g stays 0 without a graph name. */
static int nq_statement(NqReader *r, const char *p, int quads, NgTermId t[4]) {
  t[3] = 0;
  if (!(t[0] = nq_term(r, &p, 0))) {
    return 0;
  }
  nq_space(&p);
  if (*p != '<') {
    return nq_error(r, "expected a predicate IRI");
  }
  if (!(t[1] = nq_term(r, &p, 0)) || !(t[2] = nq_term(r, &p, 1))) {
    return 0;
  }
  nq_space(&p);
  if (quads && *p != '.' && !(t[3] = nq_term(r, &p, 0))) {
    return 0;
  }
  nq_space(&p);
  if (*p != '.') {
    return nq_error(r, quads ? "expected '.' after the graph name"
                             : "expected '.' after the object");
  }
  ++p;
  nq_space(&p);
  return at_end(p) ? 1 : nq_error(r, "unexpected text after '.'");
}

/* Reads an N-Triples (quads 0) or N-Quads file into ds. */
static NgStatus load_nquads(NgDataset *ds, const char *path, int quads) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL, "cannot read data file: %s",
           strerror(errno));
    return NG_ERR_IO;
  }
  NqReader r = {path, 0, ng_dataset_dict(ds), NG_BUF_INIT};
  NgBuf line = NG_BUF_INIT;
  NgStatus st = NG_SUCCESS;
  char chunk[65536];
  for (;;) {
    ng_buf_reset(&line);
    while (fgets(chunk, sizeof chunk, f)) {
      ng_buf_puts(&line, chunk);
      if (line.data[line.len - 1] == '\n') {
        break;
      }
    }
    if (!line.len) {
      break;
    }
    ++r.line;
    const char *p = line.data;
    nq_space(&p);
    if (at_end(p)) {
      continue;
    }
    NgTermId t[4];
    if (!nq_statement(&r, p, quads, t)) {
      st = NG_ERR_SYNTAX;
      break;
    }
    if (ng_dataset_add(ds, t[3], t[0], t[1], t[2])) {
      st = NG_ERR_NOMEM;
      break;
    }
  }
  if (!st && ferror(f)) {
    ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL, "cannot read data file");
    st = NG_ERR_IO;
  }
  ng_buf_release(&line);
  ng_buf_release(&r.term);
  fclose(f);
  return st;
}

NgStatus ng_dataset_load_file(NgDataset *ds, const char *path) {
  if (access(path, R_OK) != 0) {
    ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL, "cannot read data file: %s",
           strerror(errno));
    return NG_ERR_IO;
  }
  const char *syntax = ng_rdf_parser_for(path);
  if (!strcmp(syntax, "nquads") || !strcmp(syntax, "ntriples")) {
    return load_nquads(ds, path, syntax[1] == 'q');
  }
  raptor_world *rw = librdf_world_get_raptor(ng_rdf_world());
  raptor_parser *p = rw ? raptor_new_parser(rw, syntax) : NULL;
  unsigned char *uri_s = p ? raptor_uri_filename_to_uri_string(path) : NULL;
  raptor_uri *uri = uri_s ? raptor_new_uri(rw, uri_s) : NULL;
  LoadState ls = {ds, NG_SUCCESS};
  if (!uri) {
    ls.st = NG_ERR_NOMEM;
  } else {
    raptor_parser_set_statement_handler(p, &ls, on_statement);
    if (raptor_parser_parse_file(p, uri, uri) && !ls.st) {
      ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL, "cannot parse data file");
      ls.st = NG_ERR_SYNTAX;
    }
  }
  raptor_free_uri(uri);
  raptor_free_memory(uri_s);
  raptor_free_parser(p);
  return ls.st;
}

/* ------------------------------------------------------------- librdf */

static NgTermId from_node(NgDict *d, librdf_node *n) {
  if (!n) {
    return 0;
  }
  if (librdf_node_is_resource(n)) {
    size_t len;
    const unsigned char *s =
        librdf_uri_as_counted_string(librdf_node_get_uri(n), &len);
    return ng_dict_intern(d, NG_TERM_IRI, (const char *)s, len, 0, NULL);
  }
  if (librdf_node_is_blank(n)) {
    size_t len;
    const unsigned char *s = librdf_node_get_counted_blank_identifier(n, &len);
    return ng_dict_intern(d, NG_TERM_BLANK, (const char *)s, len, 0, NULL);
  }
  size_t len;
  const unsigned char *s =
      librdf_node_get_literal_value_as_counted_string(n, &len);
  librdf_uri *dt_uri = librdf_node_get_literal_value_datatype_uri(n);
  NgTermId dt = 0;
  if (dt_uri) {
    size_t dl;
    const unsigned char *ds = librdf_uri_as_counted_string(dt_uri, &dl);
    dt = ng_dict_intern(d, NG_TERM_IRI, (const char *)ds, dl, 0, NULL);
    if (!dt) {
      return 0;
    }
  }
  return ng_dict_intern(d, NG_TERM_LITERAL, (const char *)s, len, dt,
                        librdf_node_get_literal_value_language(n));
}

NgStatus ng_dataset_load_model(NgDataset *ds, librdf_model *model) {
  NgDict *d = ng_dataset_dict(ds);
  librdf_stream *s = librdf_model_as_stream(model);
  if (!s) {
    return NG_ERR_STORE;
  }
  NgStatus st = NG_SUCCESS;
  for (; !st && !librdf_stream_end(s); librdf_stream_next(s)) {
    librdf_statement *stmt = librdf_stream_get_object(s);
    librdf_node *ctx = librdf_stream_get_context2(s);
    if (!stmt) {
      st = NG_ERR_STORE;
      break;
    }
    NgTermId g = ctx ? from_node(d, ctx) : 0;
    NgTermId a = from_node(d, librdf_statement_get_subject(stmt));
    NgTermId b = from_node(d, librdf_statement_get_predicate(stmt));
    NgTermId c = from_node(d, librdf_statement_get_object(stmt));
    if (!a || !b || !c || (ctx && !g) || ng_dataset_add(ds, g, a, b, c)) {
      st = NG_ERR_NOMEM;
    }
  }
  librdf_free_stream(s);
  return st;
}
