/*
 * sparql_data.c: fills an NgDataset (the embedded SPARQL engine's quad
 * index) from RDF files, parsed by raptor, or from a librdf model (the
 * memory, sqlite and hashes stores), each statement with its graph.
 */
#define _POSIX_C_SOURCE 200809L
#include "output/sparql_data.h"

#include "util.h"

#include <errno.h>
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

NgStatus ng_dataset_load_file(NgDataset *ds, const char *path) {
  if (access(path, R_OK) != 0) {
    ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL, "cannot read data file: %s",
           strerror(errno));
    return NG_ERR_IO;
  }
  raptor_world *rw = librdf_world_get_raptor(ng_rdf_world());
  raptor_parser *p = rw ? raptor_new_parser(rw, ng_rdf_parser_for(path)) : NULL;
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
