/*
 * store_sqlite.c: the batched writer of article graphs into an SQLite
 * store (see store_write.h).
 *
 * The rows are librdf's own (tables uris, blanks, literals, triples; a
 * node is looked up by its text before it is added, as librdf does), so
 * librdf reads what this writes.  The writer has its own connection with
 * prepared statements and a cache of node ids, creates the schema itself
 * (CREATE ... IF NOT EXISTS inside a transaction, so two processes
 * creating one store at once cannot clobber each other, which librdf's
 * new='yes' would), and writes several articles per transaction:
 *
 *   BEGIN IMMEDIATE                      (waits for another writer)
 *     SAVEPOINT a; replace graph 1; RELEASE a
 *     SAVEPOINT a; replace graph 2; RELEASE a   (or ROLLBACK TO a: only
 *     ...                                        that article fails)
 *   COMMIT                               (every NG_BATCH_ARTICLES or
 *                                         NG_BATCH_SECONDS, and on flush)
 *
 * A transaction SQLite rolls back as a whole (disk full, I/O error) loses
 * the articles of the batch: each is then named in an error, and each
 * keeps its previous graph, so rerunning the load repairs the store.
 */
#define _POSIX_C_SOURCE 200809L
#include "output/store_write.h"

#include "buf.h"
#include "util.h"

#include <sqlite3.h>
#include <threads.h>

/* librdf's sqlite schema (rdf_storage_sqlite.c), to the letter, and the
 * two indexes newsgraph adds (a literal lookup and a graph removal would
 * otherwise scan a whole table). */
static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS uris (id INTEGER PRIMARY KEY, uri TEXT);"
    "CREATE TABLE IF NOT EXISTS blanks (id INTEGER PRIMARY KEY, blank TEXT);"
    "CREATE TABLE IF NOT EXISTS literals (id INTEGER PRIMARY KEY, text TEXT, "
    "language TEXT, datatype INTEGER);"
    "CREATE TABLE IF NOT EXISTS triples (subjectUri INTEGER, subjectBlank "
    "INTEGER, predicateUri INTEGER, objectUri INTEGER, objectBlank INTEGER, "
    "objectLiteral INTEGER, contextUri INTEGER);"
    "CREATE INDEX IF NOT EXISTS spindex ON triples (subjectUri, "
    "subjectBlank, predicateUri);"
    "CREATE INDEX IF NOT EXISTS uriindex ON uris (uri);"
    "CREATE INDEX IF NOT EXISTS ng_literal_text ON literals (text);"
    "CREATE INDEX IF NOT EXISTS ng_triples_context ON triples (contextUri);";

/* The objects schema_sql makes: all present means nothing to create. */
static const char schema_check_sql[] =
    "SELECT count(*) FROM sqlite_master WHERE name IN ('uris', 'blanks', "
    "'literals', 'triples', 'spindex', 'uriindex', 'ng_literal_text', "
    "'ng_triples_context')";
#define SCHEMA_OBJECTS 8

enum {
  SEL_URI,
  INS_URI,
  SEL_BLANK,
  INS_BLANK,
  SEL_LITERAL,
  INS_LITERAL,
  INS_TRIPLE,
  DEL_GRAPH,
  N_STMTS
};

static const char *const stmt_sql[N_STMTS] = {
    "SELECT id FROM uris WHERE uri = ?1",
    "INSERT INTO uris (id, uri) VALUES (NULL, ?1)",
    "SELECT id FROM blanks WHERE blank = ?1",
    "INSERT INTO blanks (id, blank) VALUES (NULL, ?1)",
    "SELECT id FROM literals WHERE text = ?1 AND language IS ?2 AND "
    "datatype IS ?3",
    "INSERT INTO literals (id, text, language, datatype) VALUES (NULL, ?1, "
    "?2, ?3)",
    "INSERT INTO triples (subjectUri, subjectBlank, predicateUri, objectUri, "
    "objectBlank, objectLiteral, contextUri) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
    "?7)",
    "DELETE FROM triples WHERE contextUri = ?1",
};

/* Node text -> row id, for the nodes seen in committed or open work.
 * Open addressing; cleared whenever a rollback may have undone an id. */
typedef struct CacheSlot {
  char *key; /* kind byte, text, NUL, language, NUL, datatype; NULL: free */
  size_t key_len;
  sqlite3_int64 id;
} CacheSlot;

typedef struct Cache {
  CacheSlot *slots;
  size_t cap, n;
} Cache;

struct NgSqliteWriter {
  sqlite3 *db;
  char *label;
  int readonly;
  int in_tx;
  NgBatch batch;
  sqlite3_stmt *stmt[N_STMTS];
  Cache cache;
  struct timespec busy_start;
  NgBuf key;
};

/* -------------------------------------------------------------- waiting */

static double since(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)(t.tv_sec - t0->tv_sec) +
         (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* SQLite's busy handler for the writer: polls every few milliseconds (a
 * writer that commits a batch, extracts an article and begins again
 * leaves the store free for a few milliseconds only; SQLite's own handler
 * sleeps up to 100 ms and would miss every such gap) until the wait has
 * lasted NG_STORE_BUSY_SECONDS. */
static int busy_wait(void *arg, int count) {
  NgSqliteWriter *w = arg;
  if (count == 0) {
    clock_gettime(CLOCK_MONOTONIC, &w->busy_start);
  } else if (since(&w->busy_start) >= NG_STORE_BUSY_SECONDS) {
    return 0;
  }
  struct timespec d = {0, (count < 50 ? 1 : 4) * 1000000L};
  nanosleep(&d, NULL);
  return 1;
}

static int set_busy_timeout(sqlite3 *db, char **err,
                            const struct sqlite3_api_routines *api) {
  (void)err;
  (void)api;
  sqlite3_busy_timeout(db, NG_STORE_BUSY_SECONDS * 1000);
  return SQLITE_OK;
}

static void register_busy_timeout(void) {
  sqlite3_auto_extension((void (*)(void))set_busy_timeout);
}

void ng_sqlite_busy_timeout_everywhere(void) {
  static once_flag once = ONCE_FLAG_INIT;
  call_once(&once, register_busy_timeout);
}

/* ---------------------------------------------------------------- cache */

static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; ++i) {
    h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  }
  return h;
}

static void cache_clear(Cache *c) {
  for (size_t i = 0; i < c->cap; ++i) {
    free(c->slots[i].key);
    c->slots[i].key = NULL;
  }
  c->n = 0;
}

static void cache_release(Cache *c) {
  cache_clear(c);
  free(c->slots);
  c->slots = NULL;
  c->cap = 0;
}

static CacheSlot *cache_find(Cache *c, const char *key, size_t len) {
  if (!c->cap) {
    return NULL;
  }
  size_t i = hash_bytes(key, len) & (c->cap - 1);
  while (c->slots[i].key) {
    if (c->slots[i].key_len == len && !memcmp(c->slots[i].key, key, len)) {
      return &c->slots[i];
    }
    i = (i + 1) & (c->cap - 1);
  }
  return &c->slots[i];
}

/* Remembers key -> id; a failure to allocate only costs a later lookup. */
static void cache_put(Cache *c, const char *key, size_t len, sqlite3_int64 id) {
  if ((c->n + 1) * 2 > c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 4096;
    CacheSlot *slots = calloc(cap, sizeof *slots);
    if (!slots) {
      return;
    }
    Cache bigger = {slots, cap, 0};
    for (size_t i = 0; i < c->cap; ++i) {
      if (c->slots[i].key) {
        *cache_find(&bigger, c->slots[i].key, c->slots[i].key_len) =
            c->slots[i];
        bigger.n++;
      }
    }
    free(c->slots);
    *c = bigger;
  }
  CacheSlot *s = cache_find(c, key, len);
  if (s->key) {
    s->id = id;
    return;
  }
  s->key = malloc(len);
  if (!s->key) {
    return;
  }
  memcpy(s->key, key, len);
  s->key_len = len;
  s->id = id;
  c->n++;
}

/* -------------------------------------------------------------- errors */

/* The message of w's last error; for a failed write, what usually causes
 * it.  Borrowed until the next call. */
static const char *error_text(NgSqliteWriter *w) {
  static _Thread_local char text[512];
  int code = sqlite3_errcode(w->db);
  snprintf(text, sizeof text, "%s%s", sqlite3_errmsg(w->db),
           code == SQLITE_IOERR || code == SQLITE_FULL
               ? " (a full disk, a file size limit or a failing device)"
               : "");
  return text;
}

/* Reports an SQLite failure of w (what: what was being done). */
static NgStatus sql_fail(NgSqliteWriter *w, const char *article,
                         const char *what) {
  int code = sqlite3_extended_errcode(w->db);
  const char *msg = error_text(w);
  if ((code & 0xFF) == SQLITE_BUSY) {
    ng_log(NG_LOG_ERROR, article, 0, (size_t)-1, NULL,
           "cannot %s store %s: another process has been writing it for more "
           "than %d s (%s)",
           what, w->label, NG_STORE_BUSY_SECONDS, msg);
  } else if ((code & 0xFF) == SQLITE_READONLY) {
    ng_log(NG_LOG_ERROR, article, 0, (size_t)-1, NULL,
           "cannot %s store %s: it is read-only (%s)", what, w->label, msg);
  } else {
    ng_log(NG_LOG_ERROR, article, 0, (size_t)-1, NULL, "cannot %s store %s: %s",
           what, w->label, msg);
  }
  return NG_ERR_STORE;
}

static int exec(NgSqliteWriter *w, const char *sql) {
  return sqlite3_exec(w->db, sql, NULL, NULL, NULL);
}

/* --------------------------------------------------------------- open */

static NgStatus make_schema(NgSqliteWriter *w) {
  sqlite3_stmt *check = NULL;
  int have = 0;
  if (sqlite3_prepare_v2(w->db, schema_check_sql, -1, &check, NULL) !=
          SQLITE_OK ||
      sqlite3_step(check) != SQLITE_ROW) {
    sqlite3_finalize(check);
    return sql_fail(w, NULL, "read");
  }
  have = sqlite3_column_int(check, 0);
  sqlite3_finalize(check);
  if (have == SCHEMA_OBJECTS || (w->readonly && have >= 4)) {
    return NG_SUCCESS; /* a read-only store is still readable */
  }
  if (exec(w, "BEGIN IMMEDIATE") != SQLITE_OK) {
    return sql_fail(w, NULL, "create");
  }
  if (exec(w, schema_sql) != SQLITE_OK) {
    NgStatus st = sql_fail(w, NULL, "create");
    exec(w, "ROLLBACK");
    return st;
  }
  if (exec(w, "COMMIT") != SQLITE_OK) {
    NgStatus st = sql_fail(w, NULL, "create");
    exec(w, "ROLLBACK");
    return st;
  }
  return NG_SUCCESS;
}

NgStatus ng_sqlite_writer_open(const char *path, const char *label,
                               NgSqliteWriter **out) {
  *out = NULL;
  ng_sqlite_busy_timeout_everywhere();
  NgSqliteWriter *w = calloc(1, sizeof *w);
  if (!w || !(w->label = ng_strdup(label))) {
    free(w);
    return NG_ERR_NOMEM;
  }
  ng_buf_init(&w->key);
  NgStatus st = NG_SUCCESS;
  if (sqlite3_open_v2(path, &w->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      NULL) != SQLITE_OK) {
    st = w->db ? sql_fail(w, NULL, "open") : NG_ERR_NOMEM;
  } else {
    sqlite3_busy_handler(w->db, busy_wait, w);
    sqlite3_extended_result_codes(w->db, 1);
    w->readonly = sqlite3_db_readonly(w->db, "main") == 1;
    /* as librdf's default: durable commits, fewer syncs than FULL */
    if (exec(w, "PRAGMA synchronous=NORMAL") != SQLITE_OK) {
      st = sql_fail(w, NULL, "open");
    }
  }
  if (!st) {
    st = make_schema(w);
  }
  for (int i = 0; !st && !w->readonly && i < N_STMTS; ++i) {
    if (sqlite3_prepare_v3(w->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                           &w->stmt[i], NULL) != SQLITE_OK) {
      st = sql_fail(w, NULL, "open");
    }
  }
  if (st) {
    ng_sqlite_writer_close(w);
    return st;
  }
  *out = w;
  return NG_SUCCESS;
}

/* -------------------------------------------------------------- writing */

/* Runs the prepared lookup s (parameters bound): *id, or 0 when no row. */
static int step_id(sqlite3_stmt *s, sqlite3_int64 *id) {
  int rc = sqlite3_step(s);
  *id = 0;
  /* several rows cannot happen here, but librdf would take the last */
  while (rc == SQLITE_ROW) {
    *id = sqlite3_column_int64(s, 0);
    rc = sqlite3_step(s);
  }
  sqlite3_reset(s);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int step_done(sqlite3_stmt *s) {
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int bind_text(sqlite3_stmt *s, int i, const char *t, size_t n) {
  return t ? sqlite3_bind_text(s, i, t, (int)n, SQLITE_STATIC)
           : sqlite3_bind_null(s, i);
}

/* Builds the cache key of n in w->key: the kind, the text and, for a
 * literal, its language and datatype, NUL-separated.  0 when out of
 * memory. */
static int make_key(NgSqliteWriter *w, const NgFlatNode *n) {
  NgBuf *k = &w->key;
  ng_buf_reset(k);
  NgStatus st = ng_buf_putc(k, (char)('0' + n->kind));
  st = st ? st : ng_buf_append(k, n->text, n->len);
  if (n->kind == NG_NODE_LITERAL) {
    st = st ? st : ng_buf_putc(k, '\0');
    st = st || !n->language ? st : ng_buf_puts(k, n->language);
    st = st ? st : ng_buf_putc(k, '\0');
    st = st || !n->datatype ? st
                            : ng_buf_append(k, n->datatype, n->datatype_len);
  }
  return st == NG_SUCCESS;
}

/* The row id of node n, added (as librdf adds it) when missing. */
static int node_id(NgSqliteWriter *w, const NgFlatNode *n, sqlite3_int64 *id) {
  int rc;
  sqlite3_int64 dt = 0;
  if (n->kind == NG_NODE_LITERAL && n->datatype) {
    /* first: it uses the key buffer too */
    NgFlatNode d = {NG_NODE_URI, n->datatype, n->datatype_len, NULL, NULL, 0};
    if ((rc = node_id(w, &d, &dt)) != SQLITE_OK) {
      return rc;
    }
  }
  int keyed = make_key(w, n);
  CacheSlot *hit =
      keyed ? cache_find(&w->cache, w->key.data, w->key.len) : NULL;
  if (hit && hit->key) {
    *id = hit->id;
    return SQLITE_OK;
  }
  sqlite3_stmt *sel, *ins;
  if (n->kind == NG_NODE_LITERAL) {
    sel = w->stmt[SEL_LITERAL];
    ins = w->stmt[INS_LITERAL];
    for (int pass = 0; pass < 2; ++pass) {
      sqlite3_stmt *s = pass ? ins : sel;
      bind_text(s, 1, n->text, n->len);
      bind_text(s, 2, n->language, n->language ? strlen(n->language) : 0);
      if (n->datatype) {
        sqlite3_bind_int64(s, 3, dt);
      } else {
        sqlite3_bind_null(s, 3);
      }
    }
  } else {
    sel = w->stmt[n->kind == NG_NODE_URI ? SEL_URI : SEL_BLANK];
    ins = w->stmt[n->kind == NG_NODE_URI ? INS_URI : INS_BLANK];
    bind_text(sel, 1, n->text, n->len);
    bind_text(ins, 1, n->text, n->len);
  }
  if ((rc = step_id(sel, id)) != SQLITE_OK) {
    return rc;
  }
  if (!*id) {
    if ((rc = step_done(ins)) != SQLITE_OK) {
      return rc;
    }
    *id = sqlite3_last_insert_rowid(w->db);
  }
  if (keyed) {
    cache_put(&w->cache, w->key.data, w->key.len, *id);
  }
  return SQLITE_OK;
}

static int uri_id(NgSqliteWriter *w, const char *uri, size_t len,
                  sqlite3_int64 *id) {
  NgFlatNode n = {NG_NODE_URI, uri, len, NULL, NULL, 0};
  return node_id(w, &n, id);
}

/* Columns of the triples row: subjectUri, subjectBlank, predicateUri,
 * objectUri, objectBlank, objectLiteral, contextUri (1-based). */
static int add_triple(NgSqliteWriter *w, librdf_statement *st,
                      sqlite3_int64 graph) {
  librdf_node *nodes[3] = {librdf_statement_get_subject(st),
                           librdf_statement_get_predicate(st),
                           librdf_statement_get_object(st)};
  sqlite3_stmt *ins = w->stmt[INS_TRIPLE];
  for (int c = 1; c <= 6; ++c) {
    sqlite3_bind_null(ins, c);
  }
  for (int i = 0; i < 3; ++i) {
    NgFlatNode n;
    sqlite3_int64 id;
    int rc;
    if (!nodes[i] || ng_flat_node(nodes[i], &n)) {
      return SQLITE_MISMATCH;
    }
    if ((i == 0 && n.kind == NG_NODE_LITERAL) ||
        (i == 1 && n.kind != NG_NODE_URI)) {
      return SQLITE_MISMATCH;
    }
    if ((rc = node_id(w, &n, &id)) != SQLITE_OK) {
      return rc;
    }
    int col = i == 0   ? (n.kind == NG_NODE_URI ? 1 : 2)
              : i == 1 ? 3
                       : (n.kind == NG_NODE_URI     ? 4
                          : n.kind == NG_NODE_BLANK ? 5
                                                    : 6);
    sqlite3_bind_int64(ins, col, id);
  }
  sqlite3_bind_int64(ins, 7, graph);
  return step_done(ins);
}

/* Begins the batch transaction when none is open. */
static NgStatus begin(NgSqliteWriter *w, const char *article) {
  if (w->in_tx) {
    return NG_SUCCESS;
  }
  if (exec(w, "BEGIN IMMEDIATE") != SQLITE_OK) {
    return sql_fail(w, article, "write to");
  }
  w->in_tx = 1;
  return NG_SUCCESS;
}

/* After a failed statement: drops what the article wrote, or, when SQLite
 * has already rolled the whole transaction back, reports the batch lost. */
static void undo_article(NgSqliteWriter *w, const char *reason) {
  cache_clear(&w->cache);
  if (sqlite3_get_autocommit(w->db)) {
    w->in_tx = 0;
    ng_batch_lost(&w->batch, w->label, reason);
    return;
  }
  if (exec(w, "ROLLBACK TO ng_article") != SQLITE_OK ||
      exec(w, "RELEASE ng_article") != SQLITE_OK) {
    exec(w, "ROLLBACK");
    w->in_tx = 0;
    ng_batch_lost(&w->batch, w->label, reason);
  }
}

NgStatus ng_sqlite_writer_put(NgSqliteWriter *w, const char *graph_iri,
                              librdf_model *staged, const char *article) {
  if (w->readonly) {
    ng_log(NG_LOG_ERROR, article, 0, (size_t)-1, NULL,
           "cannot write to store %s: it is read-only (file permissions or "
           "a read-only file system); nothing was written",
           w->label);
    return NG_ERR_STORE;
  }
  NgStatus st;
  TRY(st, begin(w, article));
  if (exec(w, "SAVEPOINT ng_article") != SQLITE_OK) {
    st = sql_fail(w, article, "write to");
    undo_article(w, "savepoint failed");
    return st;
  }
  sqlite3_int64 graph;
  int rc = uri_id(w, graph_iri, strlen(graph_iri), &graph);
  if (rc == SQLITE_OK) {
    sqlite3_bind_int64(w->stmt[DEL_GRAPH], 1, graph);
    rc = step_done(w->stmt[DEL_GRAPH]);
  }
  librdf_stream *s =
      rc == SQLITE_OK && staged ? librdf_model_as_stream(staged) : NULL;
  if (rc == SQLITE_OK && staged && !s) {
    rc = SQLITE_NOMEM;
  }
  for (; rc == SQLITE_OK && s && !librdf_stream_end(s); librdf_stream_next(s)) {
    librdf_statement *stmt = librdf_stream_get_object(s);
    rc = stmt ? add_triple(w, stmt, graph) : SQLITE_NOMEM;
  }
  librdf_free_stream(s);
  if (rc == SQLITE_OK && exec(w, "RELEASE ng_article") != SQLITE_OK) {
    rc = sqlite3_errcode(w->db);
  }
  if (rc != SQLITE_OK) {
    char reason[256];
    if (rc == SQLITE_MISMATCH) {
      snprintf(reason, sizeof reason, "a statement librdf cannot store");
      ng_log(NG_LOG_ERROR, article, 0, (size_t)-1, NULL,
             "cannot write to store %s: %s", w->label, reason);
      st = NG_ERR_STORE;
    } else {
      snprintf(reason, sizeof reason, "%s", error_text(w));
      st = sql_fail(w, article, "write to");
    }
    undo_article(w, reason);
    return st;
  }
  if (article && (st = ng_batch_add(&w->batch, article)) != NG_SUCCESS) {
    return st;
  }
  return ng_batch_due(&w->batch) ? ng_sqlite_writer_flush(w) : NG_SUCCESS;
}

NgStatus ng_sqlite_writer_flush(NgSqliteWriter *w) {
  if (!w->in_tx) {
    return NG_SUCCESS;
  }
  if (exec(w, "COMMIT") == SQLITE_OK) {
    w->in_tx = 0;
    ng_batch_clear(&w->batch);
    return NG_SUCCESS;
  }
  char reason[256];
  snprintf(reason, sizeof reason, "commit failed: %s", error_text(w));
  NgStatus st = sql_fail(w, NULL, "commit to");
  if (!sqlite3_get_autocommit(w->db)) {
    exec(w, "ROLLBACK");
  }
  w->in_tx = 0;
  cache_clear(&w->cache);
  ng_batch_lost(&w->batch, w->label, reason);
  return st;
}

void ng_sqlite_writer_close(NgSqliteWriter *w) {
  if (!w) {
    return;
  }
  if (w->db) {
    ng_sqlite_writer_flush(w);
  }
  for (int i = 0; i < N_STMTS; ++i) {
    sqlite3_finalize(w->stmt[i]);
  }
  sqlite3_close(w->db);
  cache_release(&w->cache);
  ng_batch_release(&w->batch);
  ng_buf_release(&w->key);
  free(w->label);
  free(w);
}
