/*
 * store_write.h: the batched writers of article graphs into SQL stores
 * (internal to output/).
 *
 * librdf writes a statement at a time, with SQL text built and parsed per
 * node, and (for PostgreSQL) outside any transaction: 10 to 70 articles a
 * second.  These writers put article graphs straight into librdf's own
 * schema (which librdf keeps reading for queries and export), several
 * articles per transaction, each article still all or nothing inside it:
 *
 *   store_sqlite.c  SQLite: prepared statements, a node-id cache, busy
 *                   timeout and retry against other processes;
 *   store_pg.c      PostgreSQL: node ids computed as librdf computes them
 *                   (MD5 of the node), multi-row INSERT ... ON CONFLICT,
 *                   one round trip per article.
 *
 * store_batch.c holds what both share: the batch of articles in the open
 * transaction (to name them if it is lost) and a flat view of a node.
 * A writer is used by one thread at a time (the store's).
 */
#ifndef NG_OUTPUT_STORE_WRITE_H
#define NG_OUTPUT_STORE_WRITE_H

#include "output/rdf.h"

#include <time.h>

/* Articles per transaction ($NEWSGRAPH_STORE_BATCH overrides it), and the
 * longest a transaction stays open (so that another process waiting for
 * the store gets its turn). */
#define NG_BATCH_ARTICLES 200
#define NG_BATCH_SECONDS 0.5

/* How long a writer waits for a store another process is writing. */
#define NG_STORE_BUSY_SECONDS 120

/* The articles written in the open transaction. */
typedef struct NgBatch {
  char **labels; /* each new (free()) */
  size_t n, cap;
  struct timespec started;
} NgBatch;

/* Records label (copied) as written in the open transaction; starts the
 * clock on the first. */
NgStatus ng_batch_add(NgBatch *b, const char *label);

/* Whether the batch is full or has been open long enough to commit. */
int ng_batch_due(const NgBatch *b);

/* Reports every article of the batch as lost (the transaction holding it
 * was rolled back because of reason), naming each, then empties it. */
void ng_batch_lost(NgBatch *b, const char *store_label, const char *reason);

/* Empties the batch (after a commit). */
void ng_batch_clear(NgBatch *b);

void ng_batch_release(NgBatch *b);

/* A node as the SQL schemas see it. */
typedef enum NgNodeKind {
  NG_NODE_URI,
  NG_NODE_BLANK,
  NG_NODE_LITERAL
} NgNodeKind;

typedef struct NgFlatNode {
  NgNodeKind kind;
  const char *text; /* URI, blank id or literal value; borrowed */
  size_t len;
  const char *language; /* literals: NULL when none */
  const char *datatype; /* literals: datatype URI, NULL when none */
  size_t datatype_len;
} NgFlatNode;

/* The flat view of n (borrowed from n).  NG_ERR_RDF for an unknown type. */
NgStatus ng_flat_node(librdf_node *n, NgFlatNode *out);

/* --------------------------------------------------------------- sqlite */

typedef struct NgSqliteWriter NgSqliteWriter;

/* Opens the database at path for writing (creating it, and librdf's
 * schema plus the project's indexes, when missing), with a busy timeout.
 * label names the store in messages.  A read-only database opens (for
 * queries) but every write is refused with a clear message.  New: free
 * with ng_sqlite_writer_close. */
NgStatus ng_sqlite_writer_open(const char *path, const char *label,
                               NgSqliteWriter **out);

/* Replaces the statements of graph_iri by those of staged (NULL: removes
 * the graph), inside the open transaction (begun when needed), all or
 * nothing; commits when the batch is due.  article names it in messages
 * (NULL for a removal). */
NgStatus ng_sqlite_writer_put(NgSqliteWriter *w, const char *graph_iri,
                              librdf_model *staged, const char *article);

/* Commits the open transaction, if any. */
NgStatus ng_sqlite_writer_flush(NgSqliteWriter *w);

/* Flushes (failures are logged) and closes.  Accepts NULL. */
void ng_sqlite_writer_close(NgSqliteWriter *w);

/* Sets the busy timeout of every SQLite connection the process opens from
 * now on (librdf's own included): called before librdf opens one. */
void ng_sqlite_busy_timeout_everywhere(void);

/* ----------------------------------------------------------- postgresql */

typedef struct NgPgWriter NgPgWriter;

/* Connects to the database of conninfo (a libpq connection string) whose
 * librdf model is named model_name (its tables exist: librdf made them).
 * label names the store in messages.  New: free with ng_pg_writer_close. */
NgStatus ng_pg_writer_open(const char *conninfo, const char *model_name,
                           const char *label, NgPgWriter **out);

/* As ng_sqlite_writer_put. */
NgStatus ng_pg_writer_put(NgPgWriter *w, const char *graph_iri,
                          librdf_model *staged, const char *article);

NgStatus ng_pg_writer_flush(NgPgWriter *w);

void ng_pg_writer_close(NgPgWriter *w);

#endif /* NG_OUTPUT_STORE_WRITE_H */
