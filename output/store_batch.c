/*
 * store_batch.c: what the batched SQL writers share (see store_write.h):
 * the list of articles in the open transaction, so that a transaction
 * lost to a full disk or an I/O error names every article it held, and a
 * flat view of a librdf node.
 */
#define _POSIX_C_SOURCE 200809L
#include "output/store_write.h"

#include "util.h"

NgStatus ng_batch_add(NgBatch *b, const char *label) {
  if (b->n == 0) {
    clock_gettime(CLOCK_MONOTONIC, &b->started);
  }
  char *copy = ng_strdup(label ? label : "(unnamed article)");
  if (!copy ||
      ng_grow((void **)&b->labels, &b->cap, b->n + 1, sizeof(char *))) {
    free(copy);
    return NG_ERR_NOMEM;
  }
  b->labels[b->n++] = copy;
  return NG_SUCCESS;
}

/* NG_BATCH_ARTICLES, or $NEWSGRAPH_STORE_BATCH when it is a number from 1
 * (a transaction per article) to 100000. */
static size_t batch_articles(void) {
  const char *env = getenv("NEWSGRAPH_STORE_BATCH");
  char *end = NULL;
  long v = env && *env ? strtol(env, &end, 10) : 0;
  return end && !*end && v >= 1 && v <= 100000 ? (size_t)v : NG_BATCH_ARTICLES;
}

int ng_batch_due(const NgBatch *b) {
  if (b->n >= batch_articles()) {
    return 1;
  }
  if (b->n == 0) {
    return 0;
  }
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  double s = (double)(now.tv_sec - b->started.tv_sec) +
             (double)(now.tv_nsec - b->started.tv_nsec) / 1e9;
  return s >= NG_BATCH_SECONDS;
}

void ng_batch_clear(NgBatch *b) {
  for (size_t i = 0; i < b->n; ++i) {
    free(b->labels[i]);
  }
  b->n = 0;
}

/* Articles named one by one when a batch is lost; the rest are counted. */
#define LOST_NAMED 10

void ng_batch_lost(NgBatch *b, const char *store_label, const char *reason) {
  for (size_t i = 0; i < b->n && i < LOST_NAMED; ++i) {
    ng_log(NG_LOG_ERROR, b->labels[i], 0, (size_t)-1, NULL,
           "not stored: the transaction holding it was rolled back (%s); "
           "store %s keeps this article's previous graph",
           reason, store_label);
  }
  if (b->n > LOST_NAMED) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "and %zu more articles of the same transaction not stored in %s, "
           "%s to %s; load them again",
           b->n - LOST_NAMED, store_label, b->labels[LOST_NAMED],
           b->labels[b->n - 1]);
  }
  ng_batch_clear(b);
}

void ng_batch_release(NgBatch *b) {
  ng_batch_clear(b);
  free(b->labels);
  b->labels = NULL;
  b->cap = 0;
}

NgStatus ng_flat_node(librdf_node *n, NgFlatNode *out) {
  memset(out, 0, sizeof *out);
  if (librdf_node_is_resource(n)) {
    librdf_uri *u = librdf_node_get_uri(n);
    out->kind = NG_NODE_URI;
    out->text =
        u ? (const char *)librdf_uri_as_counted_string(u, &out->len) : NULL;
  } else if (librdf_node_is_blank(n)) {
    out->kind = NG_NODE_BLANK;
    out->text = (const char *)librdf_node_get_blank_identifier(n);
    out->len = out->text ? strlen(out->text) : 0;
  } else if (librdf_node_is_literal(n)) {
    out->kind = NG_NODE_LITERAL;
    out->text = (const char *)librdf_node_get_literal_value_as_counted_string(
        n, &out->len);
    out->language = librdf_node_get_literal_value_language(n);
    librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(n);
    out->datatype =
        dt ? (const char *)librdf_uri_as_counted_string(dt, &out->datatype_len)
           : NULL;
  } else {
    return NG_ERR_RDF;
  }
  return out->text ? NG_SUCCESS : NG_ERR_RDF;
}
