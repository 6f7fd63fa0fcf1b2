/*
 * results_ttl.h: a streaming reader of SELECT answers written as a Turtle
 * result set (the RDF graph of res:ResultSet / res:solution / res:binding
 * nodes that Virtuoso writes for Accept: text/turtle), made for that
 * shape: no RDF graph is built, values go straight into rows.  Internal
 * to output/ (output/remote.c reads Virtuoso's answers with it).
 */
#ifndef NG_OUTPUT_RESULTS_TTL_H
#define NG_OUTPUT_RESULTS_TTL_H

#include "output/sparql.h"

typedef struct NgTtlResults NgTtlResults;

/* A reader whose values are interned in dict (borrowed; it must outlive
 * the reader).  label names the server in messages.  NULL when out of
 * memory. */
NgTtlResults *ng_ttl_results_new(NgDict *dict, const char *label);

/* Reads the next n bytes of the answer (any split: a statement cut by
 * the end of a chunk is finished with the next).  The bytes are read
 * where they are; only a statement cut between chunks is copied.
 * NG_ERR_STORE: the answer is malformed (logged); NG_ERR_UNSUPPORTED: it
 * is Turtle of a shape this reader does not know (not logged: ask for
 * the answer in another format); NG_ERR_NOMEM.  After an error the reader
 * only answers with that error. */
NgStatus ng_ttl_results_chunk(NgTtlResults *t, const char *data, size_t n);

/* The end of the answer: NG_ERR_STORE (logged) when it ends inside a
 * statement (a truncated answer) or holds no result set.  On success
 * *vars (n_vars names, new) and *rows (n_rows * n_vars term ids, 0
 * unbound, new) are the caller's to free; *lossy is set when a value
 * may have lost its type (Virtuoso writes booleans as 1 and 0 and
 * doubles as decimals): the caller asks again in a lossless format. */
NgStatus ng_ttl_results_end(NgTtlResults *t, char ***vars, size_t *n_vars,
                            NgTermId **rows, size_t *n_rows, int *lossy);

void ng_ttl_results_free(NgTtlResults *t);

#endif /* NG_OUTPUT_RESULTS_TTL_H */
