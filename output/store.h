/*
 * store.h: what output/store.c (opening stores, writing article graphs,
 * export) shares with output/query.c (SPARQL queries and parameters).
 * Internal to output/.
 */
#ifndef NG_OUTPUT_STORE_H
#define NG_OUTPUT_STORE_H

#include "output/rdf.h"
#include "output/sparql.h"

#include "buf.h"
#include "output/store_write.h"

struct NgStore {
  librdf_storage *storage;
  librdf_model *model;
  char *base;          /* base IRI nodes are minted under */
  char *label;         /* the spec, password removed */
  int transactional;   /* the storage has real transactions */
  int in_memory;       /* the storage is already an in-memory one */
  int files_only;      /* --data: the dataset is all there is */
  double timeout;      /* seconds a query may run (0: no limit) */
  NgDict *dict;        /* terms of dataset */
  NgDataset *dataset;  /* the statements indexed for the embedded SPARQL
                          engine, or NULL; dropped by every write */
  struct NgRemote *remote;    /* a SPARQL server store: all goes there */
  struct NgVirtuoso *virt;    /* the private server behind virtuoso:DIR */
  int wrote;                  /* something was written (remote stores) */
  NgSqliteWriter *sqlite; /* writes of an sqlite store, or NULL */
  NgPgWriter *pg;         /* writes of a postgresql store, or NULL */
};

/* Replaces the named graph graph_iri by the statements of staged (a
 * memory model, borrowed), on any kind of store. */
NgStatus ng_store_put_graph(NgStore *store, const char *graph_iri,
                            librdf_model *staged);

/* Server stores (store_remote.c): opening virtuoso:DIR and sparql:URL,
 * writing one staged article graph, closing. */
NgStatus ng_store_open_remote(NgStore *store, const char *spec,
                              NgBuf *label);
NgStatus ng_store_remote_put(NgStore *store, const char *graph_iri,
                             librdf_model *staged);
void ng_store_remote_close(NgStore *store);

/* The librdf world with the store's logger installed (librdf, rasqal and
 * raptor messages forwarded to ng_log).  Borrowed; NULL on failure. */
librdf_world *ng_store_world(void);

/* The text of the last error librdf reported since the last call of
 * ng_store_clear_error ("" if none).  Borrowed. */
const char *ng_store_last_error(void);
void ng_store_clear_error(void);

/* A new in-memory model (hashes in memory), with contexts when contexts
 * is non-zero.  New: free with ng_store_free_memory_model. */
librdf_model *ng_store_memory_model(int contexts);
void ng_store_free_memory_model(librdf_model *model);

/* The store's statements indexed for the embedded SPARQL engine (read
 * once, then kept until a write).  Borrowed; NULL (logged) on failure. */
NgDataset *ng_store_dataset(NgStore *store);
void ng_store_drop_dataset(NgStore *store);

/* A raptor serializer writing to a stream: start, feed statements from
 * librdf streams, end (which also frees it, on every path). */
typedef struct NgWriter {
  raptor_serializer *ser;
  int nquads; /* statements carry their graph */
} NgWriter;

/* format: "turtle" (the project's prefixes declared), "ntriples", "nquads".
 * NG_ERR_BAD_ARG for another format. */
NgStatus ng_writer_start(NgWriter *w, const char *format, FILE *out);

/* Writes every statement of stream (borrowed; read to its end) in graph
 * (borrowed, may be NULL). */
NgStatus ng_writer_stream(NgWriter *w, librdf_stream *stream,
                          librdf_node *graph);

NgStatus ng_writer_end(NgWriter *w);

#endif /* NG_OUTPUT_STORE_H */
