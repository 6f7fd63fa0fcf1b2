/*
 * store_import.c: loads the named graphs of N-Quads or TriG files into a
 * store (newsgraph load --rdf), each graph replacing the one of the same
 * name: graphs extracted elsewhere, or test datasets, enter any store
 * through the same write path as article graphs.
 */
#define _POSIX_C_SOURCE 200809L
#include "output/sparql_data.h"
#include "output/store.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

static librdf_node *node_of(librdf_world *w, const NgDict *d, NgTermId id) {
  const NgTerm *t = ng_dict_term(d, id);
  if (t->kind == NG_TERM_IRI) {
    return librdf_new_node_from_uri_string(w, NG_U(t->lex));
  }
  if (t->kind == NG_TERM_BLANK) {
    return librdf_new_node_from_blank_identifier(w, NG_U(t->lex));
  }
  librdf_uri *dt =
      t->dt ? librdf_new_uri(w, NG_U(ng_dict_term(d, t->dt)->lex)) : NULL;
  if (t->dt && !dt) {
    return NULL;
  }
  librdf_node *n = librdf_new_node_from_typed_counted_literal(
      w, NG_U(t->lex), t->len, t->lang, t->lang ? strlen(t->lang) : 0, dt);
  librdf_free_uri(dt);
  return n;
}

/* Puts the statements of graph g of ds into a new memory model and
 * replaces the store's graph with it. */
static NgStatus put_one(NgStore *store, NgDataset *ds, NgTermId g) {
  librdf_world *w = ng_store_world();
  NgDict *d = ng_dataset_dict(ds);
  NgMatch m;
  NgStatus st = ng_dataset_match(ds, NG_IN_NAMED, g, 0, 0, 0, &m);
  librdf_model *staged = st ? NULL : ng_store_memory_model(0);
  if (!st && !staged) {
    st = NG_ERR_NOMEM;
  }
  for (size_t i = 0; !st && i < m.n; ++i) {
    NgTermId q[4];
    ng_match_get(&m, i, q);
    librdf_node *s = node_of(w, d, q[0]), *p = node_of(w, d, q[1]),
                *o = node_of(w, d, q[2]);
    librdf_statement *stmt =
        s && p && o ? librdf_new_statement_from_nodes(w, s, p, o) : NULL;
    if (!stmt) { /* the nodes were taken over only if it was made */
      librdf_free_node(s);
      librdf_free_node(p);
      librdf_free_node(o);
      st = NG_ERR_NOMEM;
    } else if (librdf_model_add_statement(staged, stmt)) {
      st = NG_ERR_RDF;
    }
    librdf_free_statement(stmt);
  }
  if (!st) {
    st = ng_store_put_graph(store, ng_dict_term(d, g)->lex, staged);
  }
  ng_store_free_memory_model(staged);
  return st;
}

NgStatus ng_store_load_rdf(NgStore *store, const char *path, size_t *n_graphs) {
  if (n_graphs) {
    *n_graphs = 0;
  }
  NgDict *d = ng_dict_new();
  NgDataset *ds = d ? ng_dataset_new(d) : NULL;
  NgStatus st = ds ? ng_dataset_load_file(ds, path) : NG_ERR_NOMEM;
  size_t n = 0;
  const NgTermId *graphs = NULL;
  if (!st) {
    graphs = ng_dataset_graphs(ds, &n);
    if (ng_dataset_unnamed(ds)) {
      ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL,
             "statements outside a named graph: load --rdf takes N-Quads "
             "(.nq) or TriG (.trig) whose every statement is in a graph");
      st = NG_ERR_INPUT;
    }
  }
  for (size_t i = 0; !st && i < n; ++i) {
    if (ng_dict_term(d, graphs[i])->kind != NG_TERM_IRI) {
      ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL,
             "a graph named by a blank node cannot be stored");
      st = NG_ERR_INPUT;
      break;
    }
    st = put_one(store, ds, graphs[i]);
    if (!st && n_graphs) {
      ++*n_graphs;
    }
  }
  ng_dataset_free(ds);
  ng_dict_free(d);
  return st;
}
