/*
 * store.c: NgStore, persistent stores of article graphs over librdf
 * storages (memory, sqlite, Berkeley DB hashes, PostgreSQL).  Each article
 * lives in its own named graph, replaced all or nothing when the article is
 * loaded again; export writes one graph or all of them.  Queries are in
 * query.c.  SQLite and PostgreSQL stores are written by the batched writers
 * of store_sqlite.c and store_pg.c (librdf still reads them); memory and
 * hashes stores through librdf.
 */
#define _POSIX_C_SOURCE 200809L
#include "output/store.h"
#include "output/remote.h"
#include "output/sparql_data.h"

#include "buf.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* librdf storage names and option values, in one place. */
#define STORAGE_HASHES "hashes"
#define STORAGE_SQLITE "sqlite"
#define STORAGE_POSTGRESQL "postgresql"
#define OPT_HASH_TYPE "hash-type"
#define OPT_CONTEXTS "contexts"
#define OPT_NEW "new"
#define OPT_DIR "dir"
#define OPT_SYNCHRONOUS "synchronous"
#define HASH_MEMORY "memory"
#define HASH_BDB "bdb"
#define YES "yes"
#define NO "no"
#define SQLITE_SYNC "normal"
/* The name of the model inside hashes and PostgreSQL stores. */
#define MODEL_NAME "newsgraph"
/* One of the files a bdb hashes store called MODEL_NAME consists of. */
#define BDB_MARKER_FILE MODEL_NAME "-sp2o.db"
/* Seconds libpq waits for a server before giving up. */
#define PG_CONNECT_TIMEOUT "10"
/* What librdf says when the PostgreSQL server cannot be reached (then we
 * do not retry with new='yes'). */
#define PG_CONNECT_FAILED "Connection to postgresql"

/* ----------------------------------------------------------------- logger */

static char last_error[1024];

const char *ng_store_last_error(void) { return last_error; }

void ng_store_clear_error(void) { last_error[0] = '\0'; }

static int forward_log(void *user, librdf_log_message *msg) {
  (void)user;
  librdf_log_level level = librdf_log_message_level(msg);
  const char *text = librdf_log_message_message(msg);
  if (level < LIBRDF_LOG_WARN || !text) {
    return 1;
  }
  raptor_locator *loc = librdf_log_message_locator(msg);
  const char *file = loc ? raptor_locator_file(loc) : NULL;
  if (!file && loc && loc->uri) {
    file = (const char *)raptor_uri_as_string(loc->uri);
  }
  if (librdf_log_message_facility(msg) == LIBRDF_FROM_QUERY) {
    file = "query"; /* not the base IRI the query was parsed against */
  }
  int line = loc ? raptor_locator_line(loc) : -1;
  if (level >= LIBRDF_LOG_ERROR) {
    snprintf(last_error, sizeof last_error, "%s", text);
  }
  ng_log(level >= LIBRDF_LOG_ERROR ? NG_LOG_ERROR : NG_LOG_WARNING, file,
         line > 0 ? (unsigned)line : 0, (size_t)-1, NULL, "%s", text);
  return 1;
}

librdf_world *ng_store_world(void) {
  static int installed;
  librdf_world *w = ng_rdf_world();
  if (w && !installed) {
    librdf_world_set_logger(w, NULL, forward_log);
    installed = 1;
  }
  return w;
}

/* ----------------------------------------------------------------- models */

/* A new librdf hash of storage options (strings put one by one, so paths
 * and values need no quoting).  New: librdf_free_hash. */
static librdf_hash *new_options(void) {
  return librdf_new_hash_from_string(ng_store_world(), NULL, "");
}

static int put_opt(librdf_hash *h, const char *key, const char *value) {
  return librdf_hash_put_strings(h, key, value);
}

librdf_model *ng_store_memory_model(int contexts) {
  librdf_world *w = ng_store_world();
  librdf_hash *opt = w ? new_options() : NULL;
  if (!opt || put_opt(opt, OPT_HASH_TYPE, HASH_MEMORY) ||
      put_opt(opt, OPT_CONTEXTS, contexts ? YES : NO)) {
    librdf_free_hash(opt);
    return NULL;
  }
  librdf_storage *s = librdf_new_storage_with_options(w, STORAGE_HASHES, NULL, opt);
  librdf_free_hash(opt);
  librdf_model *m = s ? librdf_new_model(w, s, NULL) : NULL;
  if (!m) {
    librdf_free_storage(s);
  }
  return m;
}

void ng_store_free_memory_model(librdf_model *model) {
  if (model) {
    librdf_storage *s = librdf_model_get_storage(model);
    librdf_free_model(model);
    librdf_free_storage(s);
  }
}

/* ------------------------------------------------------------ spec parsing */

static int file_exists(const char *path) { return access(path, F_OK) == 0; }

/* The storage options of "sqlite:PATH" (never new: the writer has made
 * the schema, and new='yes' would wipe the database). */
static NgStatus sqlite_options(const char *path, librdf_hash *opt) {
  if (!*path) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "missing database path in store spec sqlite:PATH");
    return NG_ERR_BAD_ARG;
  }
  if (put_opt(opt, OPT_NEW, NO) ||
      put_opt(opt, OPT_SYNCHRONOUS, SQLITE_SYNC) ||
      put_opt(opt, OPT_CONTEXTS, YES)) {
    return NG_ERR_NOMEM;
  }
  return NG_SUCCESS;
}

/* The storage options of "hashes:DIR" (Berkeley DB files in DIR, which is
 * created when missing). */
static NgStatus bdb_options(const char *dir, librdf_hash *opt) {
  if (!*dir) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "missing directory in store spec hashes:DIR");
    return NG_ERR_BAD_ARG;
  }
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    ng_log(NG_LOG_ERROR, dir, 0, (size_t)-1, NULL,
           "cannot create store directory: %s", strerror(errno));
    return NG_ERR_STORE;
  }
  NgBuf marker = NG_BUF_INIT;
  if (ng_buf_printf(&marker, "%s/%s", dir, BDB_MARKER_FILE)) {
    return NG_ERR_NOMEM;
  }
  int exists = file_exists(marker.data);
  ng_buf_release(&marker);
  if (put_opt(opt, OPT_HASH_TYPE, HASH_BDB) || put_opt(opt, OPT_DIR, dir) ||
      put_opt(opt, OPT_CONTEXTS, YES) ||
      put_opt(opt, OPT_NEW, exists ? NO : YES)) {
    return NG_ERR_NOMEM;
  }
  return NG_SUCCESS;
}

/* A libpq conninfo value in single quotes (librdf pastes option values
 * into its conninfo unquoted, so a value with a space or quote would
 * otherwise change the connection string). */
static NgStatus pg_quote(NgBuf *b, const char *v) {
  NgStatus st = ng_buf_putc(b, '\'');
  for (; !st && *v; ++v) {
    if (*v == '\'' || *v == '\\') {
      st = ng_buf_putc(b, '\\');
    }
    st = st ? st : ng_buf_putc(b, *v);
  }
  return st ? st : ng_buf_putc(b, '\'');
}

/* Reads the next "key=value" of a conninfo string (value bare or in single
 * quotes with backslash escapes) into key and value; *p advances.
 * NG_FAILURE at the end of the string. */
static NgStatus pg_next_pair(const char **p, NgBuf *key, NgBuf *value) {
  const char *s = *p;
  while (isspace((unsigned char)*s)) {
    ++s;
  }
  if (!*s) {
    return NG_FAILURE;
  }
  ng_buf_reset(key);
  ng_buf_reset(value);
  while (*s && *s != '=' && !isspace((unsigned char)*s)) {
    ng_buf_putc(key, *s++);
  }
  while (isspace((unsigned char)*s)) {
    ++s;
  }
  if (*s++ != '=' || !key->len) {
    return NG_ERR_BAD_ARG;
  }
  while (isspace((unsigned char)*s)) {
    ++s;
  }
  if (*s == '\'') {
    for (++s; *s && *s != '\''; ++s) {
      if (*s == '\\' && s[1]) {
        ++s;
      }
      ng_buf_putc(value, *s);
    }
    if (*s++ != '\'') {
      return NG_ERR_BAD_ARG;
    }
  } else {
    while (*s && !isspace((unsigned char)*s)) {
      ng_buf_putc(value, *s++);
    }
  }
  *p = s;
  return NG_SUCCESS;
}

/* Maps conninfo keys to the option names of librdf's postgresql storage. */
static const char *pg_option_name(const char *key) {
  static const char *const map[][2] = {
      {"host", "host"},         {"hostaddr", "host"}, {"port", "port"},
      {"dbname", "database"},   {"database", "database"},
      {"user", "user"},         {"password", "password"}};
  for (size_t i = 0; i < NG_ARRAY_LEN(map); ++i) {
    if (!strcmp(key, map[i][0])) {
      return map[i][1];
    }
  }
  return NULL;
}

/* The storage options of "postgresql:CONNINFO".  Also writes to label the
 * conninfo without its password, and to libpq the conninfo for the
 * writer's own connection (libpq's key names, values quoted). */
static NgStatus pg_options(const char *conninfo, librdf_hash *opt,
                           NgBuf *label, NgBuf *libpq) {
  NgBuf key = NG_BUF_INIT, value = NG_BUF_INIT, quoted = NG_BUF_INIT;
  NgStatus st = NG_SUCCESS;
  const char *p = conninfo;
  int have_password = 0, have_db = 0, have_user = 0;
  ng_buf_puts(label, "postgresql:");
  while (!st && (st = pg_next_pair(&p, &key, &value)) == NG_SUCCESS) {
    const char *name = pg_option_name(key.data);
    if (!name) {
      ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
             "unknown key %s in postgresql store spec (known: host, port, "
             "dbname, user, password)", key.data);
      st = NG_ERR_BAD_ARG;
      break;
    }
    have_password |= !strcmp(name, "password");
    have_db |= !strcmp(name, "database");
    have_user |= !strcmp(name, "user");
    if (strcmp(name, "password")) {
      ng_buf_printf(label, "%s%s=%s", label->len > 11 ? " " : "", key.data,
                    value.data);
    }
    ng_buf_reset(&quoted);
    st = pg_quote(&quoted, value.data);
    if (!st) {
      /* libpq knows hostaddr itself; "database" is librdf's word */
      const char *pq = !strcmp(key.data, "database") ? "dbname" : key.data;
      st = ng_buf_printf(libpq, "%s=%s ", pq, quoted.data);
    }
    if (!st && !strcmp(name, "password")) {
      /* librdf's conninfo template ends with the password: the connect
       * timeout rides along so that an unreachable host fails in time */
      st = ng_buf_puts(&quoted, " connect_timeout=" PG_CONNECT_TIMEOUT);
    }
    if (!st && put_opt(opt, name, quoted.data)) {
      st = NG_ERR_NOMEM;
    }
  }
  if (st == NG_ERR_BAD_ARG && key.len && !pg_option_name(key.data)) {
    /* already reported */
  } else if (st == NG_ERR_BAD_ARG) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "malformed postgresql store spec: expected key=value pairs");
  } else if (st == NG_FAILURE) {
    st = NG_SUCCESS;
  }
  if (!st && (!have_db || !have_user)) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "postgresql store spec needs dbname=... and user=...");
    st = NG_ERR_BAD_ARG;
  }
  if (!st && !have_password) {
    const char *env = getenv("PGPASSWORD");
    ng_buf_reset(&quoted);
    if ((st = pg_quote(&quoted, env ? env : "")) == NG_SUCCESS &&
        (st = ng_buf_puts(&quoted, " connect_timeout=" PG_CONNECT_TIMEOUT)) ==
            NG_SUCCESS &&
        put_opt(opt, "password", quoted.data)) {
      st = NG_ERR_NOMEM;
    }
  }
  if (!st) {
    /* a missing password comes from $PGPASSWORD, which libpq reads */
    st = ng_buf_puts(libpq, "connect_timeout=" PG_CONNECT_TIMEOUT);
  }
  ng_buf_release(&key);
  ng_buf_release(&value);
  ng_buf_release(&quoted);
  return st;
}

/* ----------------------------------------------------------------- open */

void ng_store_close(NgStore *store) {
  if (!store) {
    return;
  }
  ng_store_remote_close(store);
  ng_dataset_free(store->dataset);
  ng_dict_free(store->dict);
  ng_sqlite_writer_close(store->sqlite);
  ng_pg_writer_close(store->pg);
  librdf_free_model(store->model);
  librdf_free_storage(store->storage);
  free(store->base);
  free(store->label);
  free(store);
}

/* Creates the storage and model of store; *opened tells whether librdf
 * got as far as trying (for the postgresql retry). */
static NgStatus make_model(NgStore *store, const char *factory,
                           const char *name, librdf_hash *opt) {
  librdf_world *w = ng_store_world();
  store->storage = librdf_new_storage_with_options(w, factory, name, opt);
  if (!store->storage) {
    return NG_ERR_STORE;
  }
  store->model = librdf_new_model(w, store->storage, NULL);
  if (!store->model) {
    librdf_free_storage(store->storage);
    store->storage = NULL;
    return NG_ERR_STORE;
  }
  return NG_SUCCESS;
}

/* Opens a PostgreSQL store: first as an existing model, then, unless the
 * server was unreachable, with new='yes' (which creates the tables; on an
 * existing model librdf would empty it, hence the first attempt). */
static NgStatus open_pg(NgStore *store, const char *conninfo, NgBuf *label) {
  librdf_hash *opt = new_options();
  if (!opt) {
    return NG_ERR_NOMEM;
  }
  NgBuf libpq = NG_BUF_INIT;
  NgStatus st = pg_options(conninfo, opt, label, &libpq);
  if (!st) {
    ng_store_clear_error();
    st = make_model(store, STORAGE_POSTGRESQL, MODEL_NAME, opt);
    if (st && !strstr(ng_store_last_error(), PG_CONNECT_FAILED)) {
      st = put_opt(opt, OPT_NEW, YES)
               ? NG_ERR_NOMEM
               : make_model(store, STORAGE_POSTGRESQL, MODEL_NAME, opt);
    }
  }
  if (!st) {
    /* librdf made the tables; writes take the batched path */
    st = ng_pg_writer_open(libpq.data, MODEL_NAME, label->data, &store->pg);
  }
  ng_buf_release(&libpq);
  librdf_free_hash(opt);
  return st;
}

/* Opens the storage named by spec into store (store->label set). */
static NgStatus open_spec(NgStore *store, const char *spec) {
  NgBuf label = NG_BUF_INIT;
  NgStatus st = NG_SUCCESS;
  librdf_hash *opt = NULL;
  if (!strncmp(spec, "virtuoso:", 9) || !strncmp(spec, "sparql:", 7)) {
    st = ng_store_open_remote(store, spec, &label);
  } else if (!strncmp(spec, "postgresql:", 11)) {
    st = open_pg(store, spec + 11, &label);
    /* not transactional: librdf's postgresql storage inserts every node
     * and ignores the duplicate-key error, which inside a transaction
     * aborts it; so writes go in autocommit, staged first */
    store->transactional = 0;
  } else if ((opt = new_options()) == NULL) {
    st = NG_ERR_NOMEM;
  } else if (!strcmp(spec, "memory")) {
    ng_buf_puts(&label, spec);
    store->in_memory = 1;
    st = (put_opt(opt, OPT_HASH_TYPE, HASH_MEMORY) ||
          put_opt(opt, OPT_CONTEXTS, YES))
             ? NG_ERR_NOMEM
             : make_model(store, STORAGE_HASHES, MODEL_NAME, opt);
  } else if (!strncmp(spec, "sqlite:", 7)) {
    ng_buf_puts(&label, spec);
    store->transactional = 1;
    if (!(st = sqlite_options(spec + 7, opt)) &&
        !(st = ng_sqlite_writer_open(spec + 7, label.data, &store->sqlite))) {
      st = make_model(store, STORAGE_SQLITE, spec + 7, opt);
    }
  } else if (!strncmp(spec, "hashes:", 7)) {
    ng_buf_puts(&label, spec);
    if (!(st = bdb_options(spec + 7, opt))) {
      st = make_model(store, STORAGE_HASHES, MODEL_NAME, opt);
    }
  } else {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "unknown store spec %s (expected memory, sqlite:PATH, "
           "hashes:DIR, postgresql:CONNINFO, virtuoso:DIR or sparql:URL)",
           spec);
    st = NG_ERR_BAD_ARG;
  }
  librdf_free_hash(opt);
  store->label = ng_buf_detach(&label);
  return st;
}

NgStatus ng_store_open(const char *spec, const char *base_iri,
                       NgStore **out) {
  *out = NULL;
  if (!spec || !ng_store_world()) {
    return spec ? NG_ERR_RDF : NG_ERR_BAD_ARG;
  }
  NgStore *store = calloc(1, sizeof(*store));
  if (!store) {
    return NG_ERR_NOMEM;
  }
  store->base = ng_strdup(base_iri ? base_iri : NG_DEFAULT_BASE_IRI);
  NgStatus st = store->base ? open_spec(store, spec) : NG_ERR_NOMEM;
  if (st == NG_ERR_STORE) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL, "cannot open store %s",
           store->label ? store->label : "");
  }
  if (st) {
    ng_store_close(store);
    return st;
  }
  *out = store;
  return NG_SUCCESS;
}

NgStatus ng_store_open_files(const char *const *paths, size_t n_paths,
                             NgStore **out) {
  NgStatus st = ng_store_open("memory", NULL, out);
  if (st) {
    return st;
  }
  NgStore *store = *out;
  store->dict = ng_dict_new();
  store->dataset = store->dict ? ng_dataset_new(store->dict) : NULL;
  if (!store->dataset) {
    st = NG_ERR_NOMEM;
  }
  /* the files go straight into the query engine's index; the (empty)
   * librdf model is never written */
  store->files_only = 1;
  for (size_t i = 0; !st && i < n_paths; ++i) {
    st = ng_dataset_load_file(store->dataset, paths[i]);
  }
  if (st) {
    ng_store_close(*out);
    *out = NULL;
  }
  return st;
}

const char *ng_store_label(const NgStore *store) { return store->label; }

/* ------------------------------------------------------------- writing */

static librdf_node *iri_node(const char *iri) {
  return librdf_new_node_from_uri_string(ng_store_world(),
                                         (const unsigned char *)iri);
}

/* Ends a write: commits (or rolls back when st is an error) a started
 * transaction. */
static NgStatus finish_write(NgStore *store, int in_tx, NgStatus st) {
  if (in_tx && st) {
    librdf_model_transaction_rollback(store->model);
  } else if (in_tx && librdf_model_transaction_commit(store->model)) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "cannot commit to store %s", store->label);
    st = NG_ERR_STORE;
  }
  if (!st && librdf_model_sync(store->model)) {
    st = NG_ERR_STORE;
  }
  return st;
}

/* Adds the statements of staged to graph one by one: the bulk call of
 * librdf's postgresql storage skips a statement that another graph
 * already holds, so replacing that graph later would lose it. */
static NgStatus add_each(librdf_model *model, librdf_node *graph,
                         librdf_model *staged) {
  librdf_stream *s = librdf_model_as_stream(staged);
  NgStatus st = s ? NG_SUCCESS : NG_ERR_STORE;
  for (; !st && !librdf_stream_end(s); librdf_stream_next(s)) {
    librdf_statement *stmt = librdf_stream_get_object(s);
    if (!stmt || librdf_model_context_add_statement(model, graph, stmt)) {
      st = NG_ERR_STORE;
    }
  }
  librdf_free_stream(s);
  return st;
}

/* Replaces the statements of graph by those of staged (NULL: none), in one
 * transaction where the storage has them. */
static NgStatus replace_graph(NgStore *store, librdf_node *graph,
                              librdf_model *staged) {
  int in_tx = 0;
  ng_store_drop_dataset(store);
  if (store->transactional) {
    if (librdf_model_transaction_start(store->model)) {
      ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
             "cannot start a transaction on store %s", store->label);
      return NG_ERR_STORE;
    }
    in_tx = 1;
  }
  NgStatus st = NG_SUCCESS;
  if (librdf_model_context_remove_statements(store->model, graph)) {
    st = NG_ERR_STORE;
  }
  if (!st && staged) {
    st = add_each(store->model, graph, staged);
  }
  if (st) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "cannot write graph to store %s", store->label);
  }
  return finish_write(store, in_tx, st);
}

/* Replaces (staged NULL: removes) graph iri through the store's batched
 * writer, when it has one; NG_FAILURE when it has none. */
static NgStatus write_batched(NgStore *store, const char *iri,
                              librdf_model *staged, const char *article) {
  if (!store->sqlite && !store->pg) {
    return NG_FAILURE;
  }
  ng_store_drop_dataset(store);
  return store->sqlite ? ng_sqlite_writer_put(store->sqlite, iri, staged,
                                              article)
                       : ng_pg_writer_put(store->pg, iri, staged, article);
}

NgStatus ng_store_put_graph(NgStore *store, const char *graph_iri,
                            librdf_model *staged) {
  if (store->remote) {
    return ng_store_remote_put(store, graph_iri, staged);
  }
  NgStatus st = write_batched(store, graph_iri, staged, NULL);
  if (st != NG_FAILURE) {
    return st;
  }
  librdf_node *graph = iri_node(graph_iri);
  st = graph ? replace_graph(store, graph, staged) : NG_ERR_NOMEM;
  librdf_free_node(graph);
  return st;
}

NgStatus ng_store_flush(NgStore *store) {
  if (!store) {
    return NG_ERR_BAD_ARG;
  }
  return store->remote   ? ng_remote_flush(store->remote)
         : store->sqlite ? ng_sqlite_writer_flush(store->sqlite)
         : store->pg     ? ng_pg_writer_flush(store->pg)
                         : NG_SUCCESS;
}

NgStatus ng_store_put_article(NgStore *store, const NgArticle *article) {
  char *iri = ng_article_graph_iri(store->base, article);
  librdf_node *graph = iri ? iri_node(iri) : NULL;
  /* staging first: a failure while mapping never touches the store */
  librdf_model *staged = graph ? ng_store_memory_model(0) : NULL;
  NgStatus st = staged ? ng_rdf_add_article(staged, NULL, store->base, article)
                       : NG_ERR_NOMEM;
  if (!st && store->remote) {
    st = ng_store_remote_put(store, iri, staged);
  } else if (!st && (st = write_batched(store, iri, staged, article->label)) ==
                        NG_FAILURE) {
    st = replace_graph(store, graph, staged);
  }
  ng_store_free_memory_model(staged);
  librdf_free_node(graph);
  free(iri);
  return st;
}

NgStatus ng_store_remove_graph(NgStore *store, const char *graph_iri) {
  if (store->remote) {
    store->wrote = 1;
    return ng_remote_remove_graph(store->remote, graph_iri);
  }
  NgStatus st = write_batched(store, graph_iri, NULL, NULL);
  if (st != NG_FAILURE) {
    return st;
  }
  librdf_node *graph = iri_node(graph_iri);
  if (!graph) {
    return NG_ERR_NOMEM;
  }
  st = replace_graph(store, graph, NULL);
  librdf_free_node(graph);
  return st;
}

size_t ng_store_size(NgStore *store) {
  if (store->remote) {
    return ng_remote_size(store->remote);
  }
  ng_store_flush(store); /* librdf reads through its own connection */
  int n = librdf_model_size(store->model);
  if (n >= 0) {
    return (size_t)n;
  }
  /* storages that cannot count: count by walking */
  size_t count = 0;
  librdf_stream *s = librdf_model_as_stream(store->model);
  for (; s && !librdf_stream_end(s); librdf_stream_next(s)) {
    ++count;
  }
  librdf_free_stream(s);
  return count;
}

void ng_store_drop_dataset(NgStore *store) {
  if (store->files_only) {
    return;
  }
  ng_dataset_free(store->dataset);
  ng_dict_free(store->dict);
  store->dataset = NULL;
  store->dict = NULL;
}

NgDataset *ng_store_dataset(NgStore *store) {
  if (store->dataset) {
    return store->dataset;
  }
  /* batched writers commit first: librdf reads through its own connection */
  if (ng_store_flush(store)) {
    return NULL;
  }
  store->dict = ng_dict_new();
  store->dataset = store->dict ? ng_dataset_new(store->dict) : NULL;
  if (!store->dataset || ng_dataset_load_model(store->dataset, store->model)) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "cannot read the statements of store %s", store->label);
    ng_store_drop_dataset(store);
    return NULL;
  }
  return store->dataset;
}

/* ------------------------------------------------------------- export */

static const char *const prefixes[][2] = {
    {"schema", "http://schema.org/"},
    {"org", "http://www.w3.org/ns/org#"},
    {"prov", "http://www.w3.org/ns/prov#"},
    {"skos", "http://www.w3.org/2004/02/skos/core#"},
    {"dcterms", "http://purl.org/dc/terms/"},
    {"xsd", "http://www.w3.org/2001/XMLSchema#"}};
/* rdf: is declared by raptor itself (declaring it again fails) */

NgStatus ng_writer_start(NgWriter *w, const char *format, FILE *out) {
  w->ser = NULL;
  w->nquads = !strcmp(format, "nquads");
  if (strcmp(format, "turtle") && strcmp(format, "ntriples") && !w->nquads) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "unknown export format %s (expected turtle, ntriples or nquads)",
           format);
    return NG_ERR_BAD_ARG;
  }
  raptor_world *rw = librdf_world_get_raptor(ng_store_world());
  w->ser = raptor_new_serializer(rw, format);
  if (!w->ser) {
    return NG_ERR_RDF;
  }
  for (size_t i = 0; !strcmp(format, "turtle") && i < NG_ARRAY_LEN(prefixes);
       ++i) {
    raptor_uri *u = raptor_new_uri(rw, (const unsigned char *)prefixes[i][1]);
    int rc = !u || raptor_serializer_set_namespace(
                       w->ser, u, (const unsigned char *)prefixes[i][0]);
    raptor_free_uri(u);
    if (rc) {
      raptor_free_serializer(w->ser);
      w->ser = NULL;
      return NG_ERR_RDF;
    }
  }
  if (raptor_serializer_start_to_file_handle(w->ser, NULL, out)) {
    raptor_free_serializer(w->ser);
    w->ser = NULL;
    return NG_ERR_IO;
  }
  return NG_SUCCESS;
}

NgStatus ng_writer_stream(NgWriter *w, librdf_stream *stream,
                          librdf_node *graph) {
  for (; !librdf_stream_end(stream); librdf_stream_next(stream)) {
    librdf_statement *s = librdf_stream_get_object(stream);
    if (!s) {
      return NG_ERR_RDF;
    }
    raptor_statement copy = *s;
    copy.graph = w->nquads ? graph : NULL;
    if (raptor_serializer_serialize_statement(w->ser, &copy)) {
      return NG_ERR_IO;
    }
  }
  return NG_SUCCESS;
}

NgStatus ng_writer_end(NgWriter *w) {
  NgStatus st = NG_SUCCESS;
  if (w->ser) {
    st = raptor_serializer_serialize_end(w->ser) ? NG_ERR_IO : NG_SUCCESS;
    raptor_free_serializer(w->ser);
    w->ser = NULL;
  }
  return st;
}

/* Writes the statements of graph (NULL: of all graphs, each once) as
 * triples. */
static NgStatus export_triples(NgStore *store, librdf_node *graph,
                               NgWriter *w) {
  /* a memory copy merges statements that several graphs share */
  librdf_model *copy = ng_store_memory_model(0);
  librdf_stream *src = !copy ? NULL
                       : graph ? librdf_model_context_as_stream(store->model, graph)
                               : librdf_model_as_stream(store->model);
  NgStatus st = NG_SUCCESS;
  if (!src || librdf_model_add_statements(copy, src)) {
    st = copy ? NG_ERR_STORE : NG_ERR_NOMEM;
  }
  librdf_free_stream(src);
  librdf_stream *all = st ? NULL : librdf_model_as_stream(copy);
  if (!st) {
    st = all ? ng_writer_stream(w, all, NULL) : NG_ERR_RDF;
  }
  librdf_free_stream(all);
  ng_store_free_memory_model(copy);
  return st;
}

static NgStatus export_quads_of(NgStore *store, librdf_node *graph,
                                NgWriter *w) {
  librdf_stream *s = librdf_model_context_as_stream(store->model, graph);
  NgStatus st = s ? ng_writer_stream(w, s, graph) : NG_ERR_STORE;
  librdf_free_stream(s);
  return st;
}

static NgStatus export_all_quads(NgStore *store, NgWriter *w) {
  librdf_iterator *it = librdf_model_get_contexts(store->model);
  NgStatus st = NG_SUCCESS;
  for (; !st && it && !librdf_iterator_end(it); librdf_iterator_next(it)) {
    librdf_node *g = librdf_iterator_get_object(it);
    st = g ? export_quads_of(store, g, w) : NG_ERR_STORE;
  }
  /* a store without graphs has no context iterator at all */
  librdf_free_iterator(it);
  return st;
}

NgStatus ng_store_export(NgStore *store, const char *graph_iri,
                         const char *format, FILE *stream) {
  if (store->remote) {
    return ng_remote_export(store->remote, graph_iri, format, stream);
  }
  NgWriter w;
  NgStatus st = ng_store_flush(store);
  if (st) {
    return st;
  }
  st = ng_writer_start(&w, format, stream);
  if (st) {
    return st;
  }
  librdf_node *graph = graph_iri ? iri_node(graph_iri) : NULL;
  if (graph_iri && !graph) {
    st = NG_ERR_NOMEM;
  } else if (w.nquads) {
    st = graph ? export_quads_of(store, graph, &w)
               : export_all_quads(store, &w);
  } else {
    st = export_triples(store, graph, &w);
  }
  NgStatus end = ng_writer_end(&w);
  librdf_free_node(graph);
  return st ? st : end;
}
