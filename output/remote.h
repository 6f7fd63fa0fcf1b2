/*
 * remote.h: the client of a SPARQL 1.1 server store (output/remote.c):
 * queries over the SPARQL 1.1 Protocol, writes as SPARQL 1.1 Update, both
 * over HTTP with libcurl; and, for Virtuoso, the extensions that make it
 * answer like the embedded engine (a deduplicated union graph as the
 * default graph) and load fast (its Turtle/N-Quads loader on a spooled
 * file).  Internal to output/.
 */
#ifndef NG_OUTPUT_REMOTE_H
#define NG_OUTPUT_REMOTE_H

#include "output/sparql.h"

#include <stdio.h>

typedef struct NgRemote NgRemote;

typedef struct NgRemoteConfig {
  const char *query_url;  /* SPARQL Protocol query endpoint */
  const char *update_url; /* SPARQL Update endpoint (NULL: query_url) */
  const char *user;       /* HTTP user for updates (NULL: none) */
  const char *password;
  const char *spool_dir;  /* a directory the server can read files from
                             (Virtuoso's DirsAllowed), or NULL */
  const char *label;      /* for messages */
} NgRemoteConfig;

/* The graph newsgraph keeps on a Virtuoso server as the set union of the
 * article graphs: the default graph of every query. */
#define NG_UNION_GRAPH "urn:x-newsgraph:union"

/* Connects (one probe query; NG_ERR_STORE, logged, when the server does
 * not answer).  cfg's strings are copied.  New: ng_remote_close. */
NgStatus ng_remote_open(const NgRemoteConfig *cfg, NgRemote **out);

/* Sends what is still batched, then frees.  Accepts NULL. */
void ng_remote_close(NgRemote *r);

/* Queues graph_iri to be replaced by the statements in nquads (N-Quads
 * lines whose graph is graph_iri); written at the next flush, at the
 * latest when enough graphs are queued. */
NgStatus ng_remote_put_graph(NgRemote *r, const char *graph_iri,
                             const char *nquads, size_t len);

/* Writes every queued graph.  On failure the graphs of the batch are
 * named in the log. */
NgStatus ng_remote_flush(NgRemote *r);

NgStatus ng_remote_remove_graph(NgRemote *r, const char *graph_iri);

/* Runs a query on the server (seconds: the time it may take, 0 none); on
 * success *out is new, its terms in dict. */
NgStatus ng_remote_query(NgRemote *r, const char *sparql, NgDict *dict,
                         double seconds, NgResult **out);

/* Writes the statements of every article graph (graph_iri NULL) or of one,
 * as ng_store_export does. */
NgStatus ng_remote_export(NgRemote *r, const char *graph_iri,
                          const char *format, FILE *out);

/* Number of statements in the article graphs; (size_t)-1 on failure. */
size_t ng_remote_size(NgRemote *r);

/* Runs SQL on a Virtuoso server (as its administrator).  For the private
 * server's housekeeping (checkpoint). */
NgStatus ng_remote_virtuoso_sql(NgRemote *r, const char *sql);

/* The query endpoint.  Borrowed. */
const char *ng_remote_query_url(const NgRemote *r);

/* Whether the server said it is Virtuoso. */
int ng_remote_is_virtuoso(const NgRemote *r);

#endif /* NG_OUTPUT_REMOTE_H */
