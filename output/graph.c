/*
 * graph.c: NgGraph, an in-memory librdf model that articles are added to,
 * and the writing of any model (graphs here, stores in store.c) through
 * raptor's serializers.  Statements are sorted before they are written,
 * because a librdf storage does not promise any order: the same content
 * must give the same bytes.
 */
#include "buf.h"
#include "rdf.h"
#include "util.h"
#include "vocab.h"

/* An indexed in-memory storage: "memory" finds statements by scanning a
 * list, which makes each add (it checks for duplicates) linear. */
static const char *const graph_storage_name = "hashes";
static const char *const graph_storage_options = "hash-type='memory'";

struct NgGraph {
  librdf_storage *storage;
  librdf_model *model;
  char *base;
};

static const char *const formats[] = {"turtle", "ntriples", "nquads", "rdfxml"};

int ng_format_supported(const char *name) {
  for (size_t i = 0; name && i < NG_ARRAY_LEN(formats); i++) {
    if (!strcmp(name, formats[i])) {
      return 1;
    }
  }
  return 0;
}

NgStatus ng_graph_new(const char *base_iri, NgGraph **out) {
  if (!out) {
    return NG_ERR_BAD_ARG;
  }
  *out = NULL;
  librdf_world *world = ng_rdf_world();
  if (!world) {
    return NG_ERR_RDF;
  }
  NgGraph *g = calloc(1, sizeof *g);
  if (!g || !(g->base = ng_strdup(base_iri ? base_iri : NG_DEFAULT_BASE_IRI))) {
    free(g);
    return NG_ERR_NOMEM;
  }
  g->storage = librdf_new_storage(world, graph_storage_name, "newsgraph",
                                  graph_storage_options);
  g->model = g->storage ? librdf_new_model(world, g->storage, NULL) : NULL;
  if (!g->model) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "cannot create an in-memory redland model");
    ng_graph_free(g);
    return NG_ERR_RDF;
  }
  *out = g;
  return NG_SUCCESS;
}

void ng_graph_free(NgGraph *graph) {
  if (!graph) {
    return;
  }
  if (graph->model) {
    librdf_free_model(graph->model);
  }
  if (graph->storage) {
    librdf_free_storage(graph->storage);
  }
  free(graph->base);
  free(graph);
}

NgStatus ng_graph_add_article(NgGraph *graph, const NgArticle *article) {
  if (!graph || !article) {
    return NG_ERR_BAD_ARG;
  }
  return ng_rdf_add_article(graph->model, NULL, graph->base, article);
}

size_t ng_graph_size(const NgGraph *graph) {
  if (!graph) {
    return 0;
  }
  int n = librdf_model_size(graph->model);
  return n > 0 ? (size_t)n : 0;
}

NgStatus ng_graph_write(NgGraph *graph, const char *format, FILE *stream) {
  if (!graph || !stream) {
    return NG_ERR_BAD_ARG;
  }
  return ng_rdf_write_model(graph->model, format ? format : "turtle", stream);
}

/* ------------------------------------------------------------- writing */

/* One statement to write and the key it sorts by. */
typedef struct Row {
  char *key;
  size_t key_len;
  raptor_statement *statement;
} Row;

typedef struct Rows {
  Row *rows;
  size_t len;
  size_t cap;
} Rows;

static void rows_free(Rows *r) {
  for (size_t i = 0; i < r->len; i++) {
    free(r->rows[i].key);
    raptor_free_statement(r->rows[i].statement);
  }
  free(r->rows);
}

NgStatus ng_nt_escape(NgBuf *b, const unsigned char *s, size_t n,
                      int quotes) {
  NgStatus st;
  for (size_t i = 0; i < n; i++) {
    /* a run of bytes written as they are: one append, not one per byte
     * (every triple of the output passes through here) */
    size_t run = i;
    while (run < n && s[run] < 0x80 &&
           (!quotes || (s[run] >= 0x20 && s[run] != 0x7F &&
                        s[run] != '\\' && s[run] != '"'))) {
      ++run;
    }
    if (run > i) {
      TRY(st, ng_buf_append(b, (const char *)s + i, run - i));
      i = run - 1;
      continue;
    }
    unsigned char c = s[i];
    if (c >= 0x80) {
      uint32_t cp;
      size_t len = ng_utf8_decode(s + i, &cp);
      TRY(st, ng_buf_printf(b, cp > 0xFFFF ? "\\U%08X" : "\\u%04X",
                            (unsigned)cp));
      i += (len ? len : 1) - 1;
      continue;
    }
    if (!quotes) {
      TRY(st, ng_buf_putc(b, (char)c));
      continue;
    }
    const char *esc = c == '\\' ? "\\\\" : c == '"' ? "\\\""
                    : c == '\n' ? "\\n" : c == '\r' ? "\\r"
                    : c == '\t' ? "\\t" : NULL;
    if (esc) {
      TRY(st, ng_buf_puts(b, esc));
    } else if (c < 0x20 || c == 0x7F) {
      TRY(st, ng_buf_printf(b, "\\u%04X", c));
    } else {
      TRY(st, ng_buf_putc(b, (char)c));
    }
  }
  return NG_SUCCESS;
}

/* Appends a term in its N-Triples form, written directly: sorting by these
 * keys puts N-Triples lines in byte order, and building them costs no
 * iostream (raptor_term_to_string took a third of extraction time). */
static NgStatus put_term(NgBuf *b, const raptor_term *t) {
  NgStatus st;
  switch (t->type) {
  case RAPTOR_TERM_TYPE_URI:
    TRY(st, ng_buf_putc(b, '<'));
    size_t len;
    const unsigned char *u = raptor_uri_as_counted_string(t->value.uri, &len);
    TRY(st, ng_nt_escape(b, u, len, 0));
    return ng_buf_putc(b, '>');
  case RAPTOR_TERM_TYPE_BLANK:
    TRY(st, ng_buf_puts(b, "_:"));
    return ng_buf_append(b, (const char *)t->value.blank.string,
                         t->value.blank.string_len);
  case RAPTOR_TERM_TYPE_LITERAL:
    TRY(st, ng_buf_putc(b, '"'));
    TRY(st, ng_nt_escape(b, t->value.literal.string,
                        t->value.literal.string_len, 1));
    TRY(st, ng_buf_putc(b, '"'));
    if (t->value.literal.language) {
      TRY(st, ng_buf_printf(b, "@%s", t->value.literal.language));
    } else if (t->value.literal.datatype) {
      TRY(st, ng_buf_printf(b, "^^<%s>", raptor_uri_as_string(
                                             t->value.literal.datatype)));
    }
    return NG_SUCCESS;
  default:
    return ng_buf_putc(b, '?');
  }
}

/* The sort key of a statement: its terms' N-Triples forms, space-separated. */
static NgStatus statement_key(raptor_statement *s, NgBuf *key) {
  raptor_term *terms[4] = {s->subject, s->predicate, s->object, s->graph};
  NgStatus st;
  for (size_t i = 0; i < 4 && terms[i]; i++) {
    if (i) {
      TRY(st, ng_buf_putc(key, ' '));
    }
    TRY(st, put_term(key, terms[i]));
  }
  return NG_SUCCESS;
}

/* Appends a fresh copy of s (with context as its graph when with_graph),
 * never the stored statement itself: librdf hands out shared references. */
static NgStatus rows_add(Rows *r, raptor_world *rw, librdf_statement *s,
                         librdf_node *context, int with_graph) {
  NgStatus st;
  TRY(st, ng_grow((void **)&r->rows, &r->cap, r->len + 1, sizeof *r->rows));
  raptor_statement *copy = raptor_new_statement_from_nodes(
      rw, raptor_term_copy(s->subject), raptor_term_copy(s->predicate),
      raptor_term_copy(s->object),
      with_graph && context ? raptor_term_copy(context) : NULL);
  if (!copy) {
    return NG_ERR_NOMEM;
  }
  NgBuf key = NG_BUF_INIT;
  size_t key_len;
  char *k = NULL;
  if (statement_key(copy, &key) != NG_SUCCESS ||
      (key_len = key.len, !(k = ng_buf_detach(&key)))) {
    ng_buf_release(&key);
    raptor_free_statement(copy);
    return NG_ERR_NOMEM;
  }
  r->rows[r->len].key = k;
  r->rows[r->len].key_len = key_len;
  r->rows[r->len].statement = copy;
  r->len++;
  return NG_SUCCESS;
}

static int compare_keys(const Row *a, const Row *b) {
  size_t n = a->key_len < b->key_len ? a->key_len : b->key_len;
  int c = memcmp(a->key, b->key, n);
  return c ? c : (a->key_len > b->key_len) - (a->key_len < b->key_len);
}

static int compare_rows(const void *x, const void *y) {
  return compare_keys(x, y);
}

/* Collects the statements of model, sorted, duplicates dropped. */
static NgStatus collect(librdf_model *model, raptor_world *rw, int with_graph,
                        Rows *out) {
  librdf_stream *stream = librdf_model_as_stream(model);
  if (!stream) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "cannot list the statements of a redland model");
    return NG_ERR_RDF;
  }
  NgStatus st = NG_SUCCESS;
  for (; !librdf_stream_end(stream) && st == NG_SUCCESS;
       librdf_stream_next(stream)) {
    librdf_statement *s = librdf_stream_get_object(stream);
    if (!s) {
      st = NG_ERR_RDF;
      break;
    }
    st = rows_add(out, rw, s, librdf_stream_get_context2(stream), with_graph);
  }
  librdf_free_stream(stream);
  if (st != NG_SUCCESS) {
    return st;
  }
  if (out->len) {
    qsort(out->rows, out->len, sizeof *out->rows, compare_rows);
  }
  size_t kept = 0;
  for (size_t i = 0; i < out->len; i++) {
    if (kept && !compare_keys(&out->rows[kept - 1], &out->rows[i])) {
      free(out->rows[i].key);
      raptor_free_statement(out->rows[i].statement);
      continue;
    }
    out->rows[kept++] = out->rows[i];
  }
  out->len = kept;
  return NG_SUCCESS;
}

static NgStatus declare_prefixes(raptor_world *rw, raptor_serializer *ser) {
  static const struct {
    const char *prefix;
    const char *iri;
  } prefixes[] = {NG_PREFIXES};
  for (size_t i = 0; i < NG_ARRAY_LEN(prefixes); i++) {
    raptor_uri *uri = raptor_new_uri(rw, NG_U(prefixes[i].iri));
    int rc = uri ? raptor_serializer_set_namespace(ser, uri,
                                                   NG_U(prefixes[i].prefix))
                 : 1;
    if (uri) {
      raptor_free_uri(uri);
    }
    if (rc) {
      return NG_ERR_RDF;
    }
  }
  return NG_SUCCESS;
}

static NgStatus serialize(raptor_world *rw, const char *format,
                          const Rows *rows, FILE *stream) {
  raptor_serializer *ser = raptor_new_serializer(rw, format);
  if (!ser) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "cannot create a raptor serializer for %s", format);
    return NG_ERR_RDF;
  }
  NgStatus st = NG_SUCCESS;
  if (!strcmp(format, "turtle") || !strcmp(format, "rdfxml")) {
    st = declare_prefixes(rw, ser);
  }
  if (st == NG_SUCCESS &&
      raptor_serializer_start_to_file_handle(ser, NULL, stream)) {
    st = NG_ERR_RDF;
  }
  for (size_t i = 0; st == NG_SUCCESS && i < rows->len; i++) {
    if (raptor_serializer_serialize_statement(ser, rows->rows[i].statement)) {
      st = NG_ERR_RDF;
    }
  }
  if (st == NG_SUCCESS && raptor_serializer_serialize_end(ser)) {
    st = NG_ERR_RDF;
  }
  raptor_free_serializer(ser);
  if (st != NG_SUCCESS) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "raptor cannot serialize the graph as %s", format);
  }
  return st;
}

NgStatus ng_rdf_write_model(librdf_model *model, const char *format,
                            FILE *stream) {
  if (!model || !stream || !ng_format_supported(format)) {
    return NG_ERR_BAD_ARG;
  }
  librdf_world *world = ng_rdf_world();
  raptor_world *rw = world ? librdf_world_get_raptor(world) : NULL;
  if (!rw) {
    return NG_ERR_RDF;
  }
  Rows rows = {NULL, 0, 0};
  NgStatus st = collect(model, rw, !strcmp(format, "nquads"), &rows);
  if (st == NG_SUCCESS) {
    st = serialize(rw, format, &rows, stream);
  }
  rows_free(&rows);
  if (st == NG_SUCCESS && (fflush(stream) || ferror(stream))) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "cannot write the graph: output error");
    st = NG_ERR_IO;
  }
  return st;
}
