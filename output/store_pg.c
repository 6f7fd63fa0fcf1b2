/*
 * store_pg.c: the batched writer of article graphs into a PostgreSQL store
 * (see store_write.h).
 *
 * librdf's postgresql storage writes each node and each statement with
 * its own INSERT in autocommit mode (it ignores duplicate-key errors,
 * which would abort a transaction): a commit per row, about ten articles
 * a second.  This writer fills the same tables (Resources, Literals,
 * Bnodes and Statements<model>, whose ids librdf derives from the MD5 of
 * each node: the same derivation is used here, through librdf's own
 * digest) with its own connection:
 *
 *   BEGIN; SELECT pg_advisory_xact_lock(model)   (one writer at a time)
 *     SAVEPOINT a; DELETE the graph; INSERT its nodes ... ON CONFLICT DO
 *     NOTHING; INSERT its statements; RELEASE a     (one round trip per
 *     article; on failure ROLLBACK TO a: only that article fails)
 *     ...
 *   COMMIT                           (as store_sqlite.c: per batch)
 *
 * librdf keeps reading the tables for queries and export.
 */
#define _POSIX_C_SOURCE 200809L
#include "output/store_write.h"

#include "buf.h"
#include "util.h"

#include <inttypes.h>
#include <libpq-fe.h>

struct NgPgWriter {
  PGconn *conn;
  char *label;
  uint64_t model;     /* librdf's hash of the model name */
  librdf_digest *md5; /* librdf's digest, as its storage uses */
  int in_tx;
  NgBatch batch;
  NgBuf sql; /* the statements of one article */
  NgBuf resources, literals, bnodes, statements; /* VALUES lists */
  uint64_t *seen; /* node ids already in this article's VALUES */
  size_t seen_cap, seen_n;
};

/* ----------------------------------------------------------------- ids */

/* librdf_storage_postgresql_hash: the first 8 bytes of the MD5 of the
 * type letter (none for the model) and the string, little-endian. */
static uint64_t pg_hash(NgPgWriter *w, const char *type, const char *s,
                        size_t len) {
  librdf_digest_init(w->md5);
  if (type) {
    librdf_digest_update(w->md5, (const unsigned char *)type, 1);
  }
  librdf_digest_update(w->md5, (const unsigned char *)s, len);
  librdf_digest_final(w->md5);
  const unsigned char *d = librdf_digest_get_digest(w->md5);
  uint64_t h = 0;
  for (int i = 0; i < 8; ++i) {
    h += (uint64_t)d[i] << (i * 8);
  }
  return h;
}

/* The id librdf gives node n (and its composite string for literals:
 * value "<" language ">" datatype). */
static NgStatus node_hash(NgPgWriter *w, const NgFlatNode *n, uint64_t *id) {
  if (n->kind == NG_NODE_URI) {
    *id = pg_hash(w, "R", n->text, n->len);
  } else if (n->kind == NG_NODE_BLANK) {
    *id = pg_hash(w, "B", n->text, n->len);
  } else {
    NgBuf b = NG_BUF_INIT;
    NgStatus st = ng_buf_append(&b, n->text, n->len);
    st = st ? st : ng_buf_putc(&b, '<');
    st = st || !n->language ? st : ng_buf_puts(&b, n->language);
    st = st ? st : ng_buf_putc(&b, '>');
    st = st || !n->datatype ? st
                            : ng_buf_append(&b, n->datatype, n->datatype_len);
    if (st) {
      ng_buf_release(&b);
      return st;
    }
    *id = pg_hash(w, "L", b.data, b.len);
    ng_buf_release(&b);
  }
  return NG_SUCCESS;
}

/* Whether id was already queued for this article (then not again). */
static int seen_before(NgPgWriter *w, uint64_t id) {
  if ((w->seen_n + 1) * 2 > w->seen_cap) {
    size_t cap = w->seen_cap ? w->seen_cap * 2 : 256;
    uint64_t *t = calloc(cap, sizeof *t);
    if (!t) {
      return 0; /* queued twice: ON CONFLICT DO NOTHING copes */
    }
    for (size_t i = 0; i < w->seen_cap; ++i) {
      if (w->seen[i]) {
        size_t k = w->seen[i] & (cap - 1);
        while (t[k]) {
          k = (k + 1) & (cap - 1);
        }
        t[k] = w->seen[i];
      }
    }
    free(w->seen);
    w->seen = t;
    w->seen_cap = cap;
  }
  uint64_t key = id ? id : 1; /* 0 marks a free slot */
  size_t k = key & (w->seen_cap - 1);
  while (w->seen[k]) {
    if (w->seen[k] == key) {
      return 1;
    }
    k = (k + 1) & (w->seen_cap - 1);
  }
  w->seen[k] = key;
  w->seen_n++;
  return 0;
}

/* Appends s as an SQL string literal. */
static NgStatus put_string(NgPgWriter *w, NgBuf *b, const char *s, size_t n) {
  NgStatus st = ng_buf_reserve(b, 2 * n + 3);
  if (st) {
    return st;
  }
  int err = 0;
  b->data[b->len++] = '\'';
  b->len += PQescapeStringConn(w->conn, b->data + b->len, s, n, &err);
  b->data[b->len++] = '\'';
  b->data[b->len] = '\0';
  return err ? NG_ERR_RDF : NG_SUCCESS;
}

/* Queues node n for insertion (once per article); *id receives its id. */
static NgStatus queue_node(NgPgWriter *w, const NgFlatNode *n, uint64_t *id) {
  NgStatus st;
  TRY(st, node_hash(w, n, id));
  if (seen_before(w, *id)) {
    return NG_SUCCESS;
  }
  NgBuf *b = n->kind == NG_NODE_URI     ? &w->resources
             : n->kind == NG_NODE_BLANK ? &w->bnodes
                                        : &w->literals;
  st = ng_buf_printf(b, "%s(%" PRIu64 ",", b->len ? "," : "", *id);
  st = st ? st : put_string(w, b, n->text, n->len);
  if (!st && n->kind == NG_NODE_LITERAL) {
    st = ng_buf_putc(b, ',');
    st = st ? st
            : put_string(w, b, n->language ? n->language : "",
                         n->language ? strlen(n->language) : 0);
    st = st ? st : ng_buf_putc(b, ',');
    st = st ? st
            : put_string(w, b, n->datatype ? n->datatype : "",
                         n->datatype ? n->datatype_len : 0);
  }
  return st ? st : ng_buf_putc(b, ')');
}

/* -------------------------------------------------------------- errors */

/* Runs sql; 0 when it succeeded, else reports (naming article). */
static int run(NgPgWriter *w, const char *sql, const char *article,
               const char *what) {
  PGresult *r = PQexec(w->conn, sql);
  ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  int ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
  if (!ok) {
    const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(w->conn);
    char text[512];
    snprintf(text, sizeof text, "%s", msg && *msg ? msg : "no reply");
    text[strcspn(text, "\n")] = '\0';
    ng_log(NG_LOG_ERROR, article, 0, (size_t)-1, NULL, "cannot %s store %s: %s",
           what, w->label, text);
  }
  PQclear(r);
  return ok ? 0 : -1;
}

/* --------------------------------------------------------------- open */

NgStatus ng_pg_writer_open(const char *conninfo, const char *model_name,
                           const char *label, NgPgWriter **out) {
  *out = NULL;
  NgPgWriter *w = calloc(1, sizeof *w);
  if (!w || !(w->label = ng_strdup(label))) {
    free(w);
    return NG_ERR_NOMEM;
  }
  ng_buf_init(&w->sql);
  ng_buf_init(&w->resources);
  ng_buf_init(&w->literals);
  ng_buf_init(&w->bnodes);
  ng_buf_init(&w->statements);
  w->md5 = librdf_new_digest(ng_rdf_world(), "MD5");
  if (!w->md5) {
    ng_pg_writer_close(w);
    return NG_ERR_RDF;
  }
  w->model = pg_hash(w, NULL, model_name, strlen(model_name));
  w->conn = PQconnectdb(conninfo);
  if (!w->conn || PQstatus(w->conn) != CONNECTION_OK) {
    char text[512];
    snprintf(text, sizeof text, "%s",
             w->conn ? PQerrorMessage(w->conn) : "out of memory");
    text[strcspn(text, "\n")] = '\0';
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "cannot connect to store %s for writing: %s", label, text);
    ng_pg_writer_close(w);
    return NG_ERR_STORE;
  }
  /* no NOTICE lines on stderr from the server */
  if (run(w, "SET client_min_messages TO warning", NULL, "configure")) {
    ng_pg_writer_close(w);
    return NG_ERR_STORE;
  }
  /* librdf indexes no column of the statements: replacing a graph (and
   * exporting one) would scan the whole table, a load would slow down
   * with the store's size */
  char sql[160];
  snprintf(sql, sizeof sql,
           "CREATE INDEX IF NOT EXISTS ng_context_%" PRIu64
           " ON Statements%" PRIu64 " (Context)",
           w->model, w->model);
  if (run(w, sql, NULL, "index")) {
    ng_log(NG_LOG_WARNING, NULL, 0, (size_t)-1, NULL,
           "store %s: going on without an index of graphs (loads will be "
           "slower)",
           label);
  }
  *out = w;
  return NG_SUCCESS;
}

/* -------------------------------------------------------------- writing */

static NgStatus begin(NgPgWriter *w, const char *article) {
  if (w->in_tx) {
    return NG_SUCCESS;
  }
  if (PQstatus(w->conn) != CONNECTION_OK) {
    PQreset(w->conn); /* the server went away: try once more */
  }
  char sql[128];
  /* writers of one model take turns; readers are not blocked */
  snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(%" PRId64 ")",
           (int64_t)w->model);
  if (run(w, sql, article, "write to")) {
    if (PQtransactionStatus(w->conn) != PQTRANS_IDLE) {
      run(w, "ROLLBACK", NULL, "roll back");
    }
    return NG_ERR_STORE;
  }
  w->in_tx = 1;
  return NG_SUCCESS;
}

/* The SQL that replaces graph (id ctx) by staged: node inserts, then the
 * statements. */
static NgStatus build_sql(NgPgWriter *w, uint64_t ctx, librdf_model *staged) {
  ng_buf_reset(&w->sql);
  ng_buf_reset(&w->resources);
  ng_buf_reset(&w->literals);
  ng_buf_reset(&w->bnodes);
  ng_buf_reset(&w->statements);
  if (w->seen) {
    memset(w->seen, 0, w->seen_cap * sizeof *w->seen);
  }
  w->seen_n = 0;
  NgStatus st = NG_SUCCESS;
  librdf_stream *s = staged ? librdf_model_as_stream(staged) : NULL;
  if (staged && !s) {
    return NG_ERR_RDF;
  }
  for (; !st && s && !librdf_stream_end(s); librdf_stream_next(s)) {
    librdf_statement *stmt = librdf_stream_get_object(s);
    librdf_node *nodes[3] = {stmt ? librdf_statement_get_subject(stmt) : NULL,
                             stmt ? librdf_statement_get_predicate(stmt) : NULL,
                             stmt ? librdf_statement_get_object(stmt) : NULL};
    uint64_t ids[3];
    for (int i = 0; !st && i < 3; ++i) {
      NgFlatNode n;
      st = nodes[i] ? ng_flat_node(nodes[i], &n) : NG_ERR_RDF;
      st = st ? st : queue_node(w, &n, &ids[i]);
    }
    if (!st) {
      st = ng_buf_printf(
          &w->statements, "%s(%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ")",
          w->statements.len ? "," : "", ids[0], ids[1], ids[2], ctx);
    }
  }
  librdf_free_stream(s);
  NgBuf *q = &w->sql;
  st = st ? st
          : ng_buf_printf(q,
                          "SAVEPOINT ng_article;"
                          "DELETE FROM Statements%" PRIu64
                          " WHERE Context=%" PRIu64 ";",
                          w->model, ctx);
  if (!st && w->resources.len) {
    st = ng_buf_printf(q,
                       "INSERT INTO Resources (ID,URI) VALUES %s "
                       "ON CONFLICT (ID) DO NOTHING;",
                       w->resources.data);
  }
  if (!st && w->literals.len) {
    st = ng_buf_printf(q,
                       "INSERT INTO Literals (ID,Value,Language,Datatype) "
                       "VALUES %s ON CONFLICT (ID) DO NOTHING;",
                       w->literals.data);
  }
  if (!st && w->bnodes.len) {
    st = ng_buf_printf(q,
                       "INSERT INTO Bnodes (ID,Name) VALUES %s "
                       "ON CONFLICT (ID) DO NOTHING;",
                       w->bnodes.data);
  }
  if (!st && w->statements.len) {
    st = ng_buf_printf(q,
                       "INSERT INTO Statements%" PRIu64
                       " (Subject,Predicate,Object,Context) VALUES %s;",
                       w->model, w->statements.data);
  }
  return st ? st : ng_buf_puts(q, "RELEASE SAVEPOINT ng_article");
}

NgStatus ng_pg_writer_put(NgPgWriter *w, const char *graph_iri,
                          librdf_model *staged, const char *article) {
  NgStatus st;
  TRY(st, begin(w, article));
  /* the graph node is a resource too (librdf adds it) */
  uint64_t ctx;
  NgFlatNode g = {NG_NODE_URI, graph_iri, strlen(graph_iri), NULL, NULL, 0};
  TRY(st, node_hash(w, &g, &ctx));
  st = build_sql(w, ctx, staged);
  if (!st && !seen_before(w, ctx)) {
    NgBuf one = NG_BUF_INIT;
    st = ng_buf_printf(
        &one, "INSERT INTO Resources (ID,URI) VALUES (%" PRIu64 ",", ctx);
    st = st ? st : put_string(w, &one, graph_iri, strlen(graph_iri));
    st = st ? st : ng_buf_puts(&one, ") ON CONFLICT (ID) DO NOTHING;");
    st = st ? st : ng_buf_puts(&one, w->sql.data);
    if (!st) {
      ng_buf_reset(&w->sql);
      st = ng_buf_append(&w->sql, one.data, one.len);
    }
    ng_buf_release(&one);
  }
  if (st) {
    ng_log(NG_LOG_ERROR, article, 0, (size_t)-1, NULL,
           "cannot write to store %s: %s", w->label, ng_strerror(st));
    return st;
  }
  if (run(w, w->sql.data, article, "write to")) {
    if (PQstatus(w->conn) == CONNECTION_OK &&
        PQtransactionStatus(w->conn) == PQTRANS_INERROR &&
        !run(w,
             "ROLLBACK TO SAVEPOINT ng_article; RELEASE SAVEPOINT "
             "ng_article",
             article, "roll back")) {
      return NG_ERR_STORE; /* only this article is lost */
    }
    if (PQstatus(w->conn) == CONNECTION_OK &&
        PQtransactionStatus(w->conn) != PQTRANS_IDLE) {
      run(w, "ROLLBACK", NULL, "roll back");
    }
    w->in_tx = 0;
    ng_batch_lost(&w->batch, w->label, "the transaction failed");
    return NG_ERR_STORE;
  }
  if (article && (st = ng_batch_add(&w->batch, article)) != NG_SUCCESS) {
    return st;
  }
  return ng_batch_due(&w->batch) ? ng_pg_writer_flush(w) : NG_SUCCESS;
}

NgStatus ng_pg_writer_flush(NgPgWriter *w) {
  if (!w->in_tx) {
    return NG_SUCCESS;
  }
  w->in_tx = 0;
  if (run(w, "COMMIT", NULL, "commit to") == 0) {
    ng_batch_clear(&w->batch);
    return NG_SUCCESS;
  }
  if (PQstatus(w->conn) == CONNECTION_OK &&
      PQtransactionStatus(w->conn) != PQTRANS_IDLE) {
    run(w, "ROLLBACK", NULL, "roll back");
  }
  ng_batch_lost(&w->batch, w->label, "the commit failed");
  return NG_ERR_STORE;
}

void ng_pg_writer_close(NgPgWriter *w) {
  if (!w) {
    return;
  }
  if (w->conn && PQstatus(w->conn) == CONNECTION_OK) {
    ng_pg_writer_flush(w);
  }
  PQfinish(w->conn);
  if (w->md5) {
    librdf_free_digest(w->md5);
  }
  ng_batch_release(&w->batch);
  ng_buf_release(&w->sql);
  ng_buf_release(&w->resources);
  ng_buf_release(&w->literals);
  ng_buf_release(&w->bnodes);
  ng_buf_release(&w->statements);
  free(w->seen);
  free(w->label);
  free(w);
}
