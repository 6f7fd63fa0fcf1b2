/*
 * remote.c: a SPARQL 1.1 server as a store.  Queries go over the SPARQL
 * 1.1 Protocol (HTTP POST, results read as the SPARQL XML results format,
 * streamed through raptor's SAX2 parser; CONSTRUCT/DESCRIBE as Turtle);
 * writes are SPARQL 1.1 Update, batched so that one request carries many
 * article graphs.  Any server speaking the protocols works (Virtuoso,
 * Fuseki, Oxigraph, GraphDB ...).
 *
 * Virtuoso gets four extras, found by its Server header:
 *  - its default graph is every graph with duplicates (a triple stated by
 *    2,500 articles is 2,500 rows), so newsgraph keeps a deduplicated union
 *    graph (NG_UNION_GRAPH) up to date with every write and makes it the
 *    default graph of every query (DEFINE input:default-graph-uri), the
 *    union and Virtuoso's system graph left out of GRAPH ?g;
 *  - a literal INSERT DATA runs at ~60 article graphs/s, so when the server
 *    can read a spool directory (the private server) batches are written
 *    there as N-Quads and loaded by Virtuoso's own parser (DB.DBA.TTLP);
 *  - DESCRIBE is asked for the subject's statements only ("SPO" mode),
 *    which is what newsgraph documents for DESCRIBE on every store;
 *  - SELECT answers are read as a Turtle result set, which Virtuoso writes
 *    much faster than XML (see "Turtle results" below), by newsgraph's own
 *    streaming reader (output/results_ttl.c);
 *  - an ORDER BY on projected variables (no LIMIT/OFFSET) is cut from the
 *    query and the answer sorted here (ng_query_local_order): Virtuoso
 *    took longer to sort 150,000 rows than to find them.
 */
#define _POSIX_C_SOURCE 200809L
#include "output/remote.h"

#include "output/rdf.h"
#include "output/results_ttl.h"
#include "output/store.h"

#include "buf.h"
#include "util.h"

#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <threads.h>
#include <unistd.h>

/* Article graphs per write request, and statements per spooled file. */
#define BATCH_GRAPHS 200
#define BATCH_BYTES (16u << 20)
/* Graphs a fresh Virtuoso database holds of its own. */
#define VIRTRDF_GRAPH "http://www.openlinksw.com/schemas/virtrdf#"
#define LDP_GRAPH "http://www.w3.org/ns/ldp#"
#define QA_GRAPH "http://localuriqaserver/sparql"
#define ACCEPT_RESULTS "application/sparql-results+xml"
#define ACCEPT_GRAPH "text/turtle"
/* Virtuoso 7.2's SPARQL endpoint sends at most this many rows of an
 * answer, whatever ResultSetMaxRows says, and does not say it cut
 * (measured). */
#define VIRTUOSO_ROW_CUT 1048576u

typedef struct Queued {
  char *graph;
  size_t off, len; /* its N-Triples in batch */
} Queued;

struct NgRemote {
  char *query_url, *update_url, *user, *password, *spool, *label;
  CURL *curl;
  int virtuoso;
  int xml_only; /* read SELECT answers as XML even on Virtuoso */
  NgBuf batch;
  Queued *queued;
  size_t n_queued, cap_queued;
  unsigned long spool_seq;
  /* batches are sent by a second connection in a thread while the next
   * batch fills (extraction and the server's loading overlap) */
  struct NgRemote *writer;
  thrd_t thread;
  int in_flight;
  NgStatus async_st;
  int loader_ready; /* the loader procedure exists on the server */
  /* the last response */
  long status;
  int partial; /* Virtuoso answered with partial results */
  char server[128];
};

int ng_remote_is_virtuoso(const NgRemote *r) {
  return r->virtuoso;
}

const char *ng_remote_query_url(const NgRemote *r) {
  return r->query_url;
}

/* ----------------------------------------------------------------- HTTP */

typedef size_t (*SinkFn)(void *user, const char *data, size_t n);

typedef struct Call {
  NgRemote *r;
  SinkFn sink;
  void *user;
  NgBuf error; /* the body of an error response */
  int failed;  /* the sink refused data */
} Call;

static size_t on_header(char *data, size_t size, size_t n, void *user) {
  Call *c = user;
  size_t len = size * n;
  if (len > 7 && !strncasecmp(data, "Server:", 7)) {
    size_t k =
        len - 7 < sizeof c->r->server - 1 ? len - 7 : sizeof c->r->server - 1;
    memcpy(c->r->server, data + 7, k);
    c->r->server[k] = '\0';
    if (strstr(c->r->server, "Virtuoso")) {
      c->r->virtuoso = 1;
    }
  }
  /* Virtuoso's "anytime" answers: cut short by a time limit, marked
   * only by this header */
  if (len > 12 && !strncasecmp(data, "X-SQL-State:", 12) &&
      strstr(data, "S1TAT")) {
    c->r->partial = 1;
  }
  return len;
}

static size_t on_body(char *data, size_t size, size_t n, void *user) {
  Call *c = user;
  size_t len = size * n;
  long status = 0;
  curl_easy_getinfo(c->r->curl, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 300) {
    if (c->error.len < 8192) {
      ng_buf_append(&c->error, data, len);
    }
    return len;
  }
  if (c->sink && c->sink(c->user, data, len) != len) {
    c->failed = 1;
    return 0;
  }
  return len;
}

/* The first lines of a server's error message, for the log. */
static void log_server_error(NgRemote *r, const NgBuf *body) {
  NgBuf msg = NG_BUF_INIT;
  const char *s = body->len ? body->data : "";
  int lines = 0;
  while (*s && lines < 3) {
    size_t n = strcspn(s, "\r\n");
    if (n) {
      ng_buf_printf(&msg, "%s%.*s", msg.len ? " / " : "", (int)n, s);
      ++lines;
    }
    s += n;
    s += strspn(s, "\r\n");
  }
  ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
         "the SPARQL server of store %s answered HTTP %ld%s%s", r->label,
         r->status, msg.len ? ": " : "", msg.data);
  ng_buf_release(&msg);
}

/* POSTs a form with one field (name=value) to url; the response body goes
 * to sink.  auth: send the store's credentials. */
static NgStatus post_form(NgRemote *r, const char *url, int auth,
                          const char *name, const char *value,
                          const char *accept, double seconds, SinkFn sink,
                          void *user) {
  char *enc = curl_easy_escape(r->curl, value, (int)strlen(value));
  NgBuf body = NG_BUF_INIT;
  Call c = {r, sink, user, NG_BUF_INIT, 0};
  if (!enc || ng_buf_printf(&body, "%s=%s", name, enc)) {
    curl_free(enc);
    return NG_ERR_NOMEM;
  }
  curl_free(enc);
  struct curl_slist *headers = NULL;
  NgBuf acc = NG_BUF_INIT;
  ng_buf_printf(&acc, "Accept: %s", accept ? accept : "*/*");
  headers = curl_slist_append(headers, acc.data);
  headers = curl_slist_append(headers, "Expect:");
  CURL *h = r->curl;
  curl_easy_reset(h);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data);
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body.len);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &c);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &c);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "newsgraph/" PACKAGE_VERSION);
  if (seconds > 0) {
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)(seconds * 1000));
  }
  if (auth && r->user) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_ANY);
    curl_easy_setopt(h, CURLOPT_USERNAME, r->user);
    curl_easy_setopt(h, CURLOPT_PASSWORD, r->password ? r->password : "");
  }
  r->partial = 0;
  r->status = 0;
  CURLcode rc = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
  curl_slist_free_all(headers);
  ng_buf_release(&acc);
  ng_buf_release(&body);
  NgStatus st = NG_SUCCESS;
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "the SPARQL server of store %s did not answer within %.0f s",
           r->label, seconds);
    st = NG_ERR_TIMEOUT;
  } else if (c.failed) {
    st = NG_ERR_STORE; /* the sink has said why */
  } else if (rc != CURLE_OK) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "cannot reach the SPARQL server of store %s (%s): %s", r->label, url,
           curl_easy_strerror(rc));
    st = NG_ERR_STORE;
  } else if (r->status >= 300) {
    log_server_error(r, &c.error);
    /* a 400 on a query is the server's syntax error */
    st = r->status == 400 && !strcmp(name, "query") ? NG_ERR_SYNTAX
                                                    : NG_ERR_STORE;
  } else if (r->partial) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "the SPARQL server of store %s sent partial results (it ran "
           "out of time): not shown",
           r->label);
    st = NG_ERR_TIMEOUT;
  }
  ng_buf_release(&c.error);
  return st;
}

static size_t ignore_body(void *user, const char *data, size_t n) {
  (void)user, (void)data;
  return n;
}

static NgStatus update(NgRemote *r, const char *sparql) {
  return post_form(r, r->update_url, 1, "update", sparql, NULL, 0, ignore_body,
                   NULL);
}

/* --------------------------------------------------- XML results reader */

/* Receives one row of a SELECT result: n term ids (0 unbound). */
typedef NgStatus (*RowFn)(void *user, const NgTermId *row, size_t n);

typedef struct XmlRes {
  NgDict *dict;
  raptor_sax2 *sax;
  raptor_locator loc; /* raptor's SAX2 parser needs one (NULL crashes) */
  char **vars;
  size_t n_vars, cap_vars;
  NgTermId *row;
  size_t cap_row;
  long var;  /* binding being read, -1 none */
  int value; /* 0 none, 1 uri, 2 literal, 3 bnode, 4 boolean */
  NgBuf text;
  char *lang, *datatype;
  int boolean, has_boolean;
  RowFn on_row;
  void *user;
  NgStatus st;
} XmlRes;

static const char *local_name(raptor_xml_element *e) {
  return (const char *)raptor_qname_get_local_name(
      raptor_xml_element_get_name(e));
}

static const char *attribute(raptor_xml_element *e, const char *name) {
  raptor_qname **attrs = raptor_xml_element_get_attributes(e);
  int n = raptor_xml_element_get_attributes_count(e);
  for (int i = 0; attrs && i < n; ++i) {
    if (!strcmp((const char *)raptor_qname_get_local_name(attrs[i]), name)) {
      return (const char *)raptor_qname_get_value(attrs[i]);
    }
  }
  return NULL;
}

static void xml_start(void *user, raptor_xml_element *e) {
  XmlRes *x = user;
  const char *n = local_name(e);
  if (x->st) {
    return;
  }
  if (!strcmp(n, "variable")) {
    const char *v = attribute(e, "name");
    if (ng_grow((void **)&x->vars, &x->cap_vars, x->n_vars + 1,
                sizeof(char *)) ||
        !(x->vars[x->n_vars] = ng_strdup(v ? v : ""))) {
      x->st = NG_ERR_NOMEM;
      return;
    }
    ++x->n_vars;
  } else if (!strcmp(n, "result")) {
    if (ng_grow((void **)&x->row, &x->cap_row, x->n_vars + 1,
                sizeof(NgTermId))) {
      x->st = NG_ERR_NOMEM;
      return;
    }
    memset(x->row, 0, (x->n_vars + 1) * sizeof(NgTermId));
  } else if (!strcmp(n, "binding")) {
    const char *v = attribute(e, "name");
    x->var = -1;
    for (size_t i = 0; v && i < x->n_vars; ++i) {
      if (!strcmp(x->vars[i], v)) {
        x->var = (long)i;
      }
    }
  } else if (!strcmp(n, "uri") || !strcmp(n, "literal") ||
             !strcmp(n, "bnode") || !strcmp(n, "boolean")) {
    x->value = n[0] == 'u' ? 1 : n[0] == 'l' ? 2 : n[1] == 'n' ? 3 : 4;
    ng_buf_reset(&x->text);
    free(x->lang);
    free(x->datatype);
    const unsigned char *lang = raptor_xml_element_get_language(e);
    x->lang = lang && *lang ? ng_strdup((const char *)lang) : NULL;
    x->datatype = ng_strdup(attribute(e, "datatype"));
  }
}

static void xml_chars(void *user, raptor_xml_element *e, const unsigned char *s,
                      int len) {
  (void)e;
  XmlRes *x = user;
  if (x->value && len > 0) {
    ng_buf_append(&x->text, (const char *)s, (size_t)len);
  }
}

#define XSD_BOOLEAN "http://www.w3.org/2001/XMLSchema#boolean"

static NgTermId xml_term(XmlRes *x) {
  NgDict *d = x->dict;
  if (x->value == 1) {
    return ng_dict_intern(d, NG_TERM_IRI, x->text.data, x->text.len, 0, NULL);
  }
  if (x->value == 3) {
    return ng_dict_intern(d, NG_TERM_BLANK, x->text.data, x->text.len, 0, NULL);
  }
  NgTermId dt = x->datatype ? ng_dict_iri(d, x->datatype) : 0;
  if (x->datatype && !dt) {
    return 0;
  }
  /* Virtuoso writes booleans as 1 and 0: the canonical forms are words */
  if (x->datatype && !strcmp(x->datatype, XSD_BOOLEAN) &&
      (!strcmp(x->text.data, "1") || !strcmp(x->text.data, "0"))) {
    const char *w = x->text.data[0] == '1' ? "true" : "false";
    return ng_dict_intern(d, NG_TERM_LITERAL, w, strlen(w), dt, NULL);
  }
  return ng_dict_intern(d, NG_TERM_LITERAL, x->text.data, x->text.len, dt,
                        x->lang);
}

static void xml_end(void *user, raptor_xml_element *e) {
  XmlRes *x = user;
  const char *n = local_name(e);
  if (x->st) {
    return;
  }
  if (x->value &&
      (!strcmp(n, "uri") || !strcmp(n, "literal") || !strcmp(n, "bnode"))) {
    NgTermId t = xml_term(x);
    if (!t) {
      x->st = NG_ERR_NOMEM;
    } else if (x->var >= 0) {
      x->row[x->var] = t;
    }
    x->value = 0;
  } else if (x->value == 4 && !strcmp(n, "boolean")) {
    x->boolean = !strcmp(x->text.data, "true");
    x->has_boolean = 1;
    x->value = 0;
  } else if (!strcmp(n, "result")) {
    x->st = x->on_row(x->user, x->row, x->n_vars);
  }
}

static size_t xml_sink(void *user, const char *data, size_t n) {
  XmlRes *x = user;
  if (raptor_sax2_parse_chunk(x->sax, (const unsigned char *)data, n, 0) ||
      x->st) {
    if (!x->st) {
      ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
             "the SPARQL server sent malformed XML results");
      x->st = NG_ERR_STORE;
    }
    return 0;
  }
  return n;
}

/* Runs sparql (a SELECT or ASK) and streams its rows to on_row. */
static NgStatus select_rows(NgRemote *r, const char *sparql, NgDict *dict,
                            double seconds, RowFn on_row, void *user,
                            XmlRes *x) {
  memset(x, 0, sizeof *x);
  x->dict = dict;
  x->var = -1;
  x->on_row = on_row;
  x->user = user;
  ng_buf_init(&x->text);
  raptor_world *rw = librdf_world_get_raptor(ng_rdf_world());
  raptor_uri *base =
      rw ? raptor_new_uri(rw, (const unsigned char *)r->query_url) : NULL;
  x->sax = base ? raptor_new_sax2(rw, &x->loc, x) : NULL;
  if (!x->sax) {
    raptor_free_uri(base);
    return NG_ERR_NOMEM;
  }
  raptor_sax2_set_start_element_handler(x->sax, xml_start);
  raptor_sax2_set_end_element_handler(x->sax, xml_end);
  raptor_sax2_set_characters_handler(x->sax, xml_chars);
  raptor_sax2_parse_start(x->sax, base);
  NgStatus st = post_form(r, r->query_url, 0, "query", sparql, ACCEPT_RESULTS,
                          seconds, xml_sink, x);
  if (!st && raptor_sax2_parse_chunk(x->sax, NULL, 0, 1) && !x->st) {
    x->st = NG_ERR_STORE;
  }
  raptor_free_sax2(x->sax);
  raptor_free_uri(base);
  x->sax = NULL;
  return st ? st : x->st;
}

static void xml_free(XmlRes *x) {
  for (size_t i = 0; i < x->n_vars; ++i) {
    free(x->vars[i]);
  }
  free(x->vars);
  free(x->row);
  free(x->lang);
  free(x->datatype);
  ng_buf_release(&x->text);
}

/* ----------------------------------------------------- Turtle results */

typedef struct GraphRes {
  NgDict *dict;
  raptor_parser *parser;
  NgTermId *t;
  size_t n, cap;
  NgStatus st;
} GraphRes;

static NgTermId raptor_term_id(NgDict *d, const raptor_term *t) {
  switch (t->type) {
  case RAPTOR_TERM_TYPE_URI: {
    size_t len;
    const unsigned char *s = raptor_uri_as_counted_string(t->value.uri, &len);
    return ng_dict_intern(d, NG_TERM_IRI, (const char *)s, len, 0, NULL);
  }
  case RAPTOR_TERM_TYPE_BLANK:
    return ng_dict_intern(d, NG_TERM_BLANK, (const char *)t->value.blank.string,
                          t->value.blank.string_len, 0, NULL);
  case RAPTOR_TERM_TYPE_LITERAL: {
    NgTermId dt = 0;
    if (t->value.literal.datatype) {
      dt = ng_dict_iri(
          d, (const char *)raptor_uri_as_string(t->value.literal.datatype));
      if (!dt) {
        return 0;
      }
    }
    return ng_dict_intern(d, NG_TERM_LITERAL,
                          (const char *)t->value.literal.string,
                          t->value.literal.string_len, dt,
                          (const char *)t->value.literal.language);
  }
  default:
    return 0;
  }
}

static void graph_statement(void *user, raptor_statement *s) {
  GraphRes *g = user;
  NgTermId a = raptor_term_id(g->dict, s->subject),
           b = raptor_term_id(g->dict, s->predicate),
           c = raptor_term_id(g->dict, s->object);
  if (!a || !b || !c ||
      ng_grow((void **)&g->t, &g->cap, (g->n + 1) * 3, sizeof(NgTermId))) {
    g->st = NG_ERR_NOMEM;
    return;
  }
  g->t[g->n * 3] = a;
  g->t[g->n * 3 + 1] = b;
  g->t[g->n * 3 + 2] = c;
  ++g->n;
}

static size_t graph_sink(void *user, const char *data, size_t n) {
  GraphRes *g = user;
  if (raptor_parser_parse_chunk(g->parser, (const unsigned char *)data, n, 0) ||
      g->st) {
    if (!g->st) {
      g->st = NG_ERR_STORE;
      ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
             "the SPARQL server sent a malformed Turtle graph");
    }
    return 0;
  }
  return n;
}

static int cmp3(const void *a, const void *b) {
  const NgTermId *x = a, *y = b;
  for (int i = 0; i < 3; ++i) {
    if (x[i] != y[i]) {
      return x[i] < y[i] ? -1 : 1;
    }
  }
  return 0;
}

static NgStatus construct(NgRemote *r, const char *sparql, NgDict *dict,
                          double seconds, NgResult *res) {
  GraphRes g = {dict, NULL, NULL, 0, 0, NG_SUCCESS};
  raptor_world *rw = librdf_world_get_raptor(ng_rdf_world());
  g.parser = rw ? raptor_new_parser(rw, "turtle") : NULL;
  raptor_uri *base =
      rw ? raptor_new_uri(rw, (const unsigned char *)r->query_url) : NULL;
  if (!g.parser || !base) {
    raptor_free_parser(g.parser);
    raptor_free_uri(base);
    return NG_ERR_NOMEM;
  }
  raptor_parser_set_statement_handler(g.parser, &g, graph_statement);
  raptor_parser_parse_start(g.parser, base);
  NgStatus st = post_form(r, r->query_url, 0, "query", sparql, ACCEPT_GRAPH,
                          seconds, graph_sink, &g);
  if (!st && raptor_parser_parse_chunk(g.parser, NULL, 0, 1) && !g.st) {
    g.st = NG_ERR_STORE;
  }
  raptor_free_parser(g.parser);
  raptor_free_uri(base);
  st = st ? st : g.st;
  if (!st && g.n) { /* a graph: each triple once */
    qsort(g.t, g.n, 3 * sizeof(NgTermId), cmp3);
    size_t k = 1;
    for (size_t i = 1; i < g.n; ++i) {
      if (cmp3(g.t + (k - 1) * 3, g.t + i * 3)) {
        memmove(g.t + k * 3, g.t + i * 3, 3 * sizeof(NgTermId));
        ++k;
      }
    }
    g.n = k;
  }
  res->triples = g.t;
  res->n_triples = st ? 0 : g.n;
  return st;
}

/* ---------------------------------------------------------------- query */

/* The query as sent: on Virtuoso, rewritten for its deviations (see
 * ng_query_virtuoso_text), with the union graph as default graph and its
 * system graphs out of GRAPH ?g (unless the query names its own dataset). */
static char *query_text(NgRemote *r, const char *sparql, const NgQuery *q,
                        NgQueryForm form, int has_dataset) {
  NgBuf b = NG_BUF_INIT;
  char *rewritten = NULL;
  if (r->virtuoso) {
    rewritten = ng_query_virtuoso_text(sparql, q, NG_UNION_GRAPH);
    if (!rewritten) {
      return NULL;
    }
    sparql = rewritten;
  }
  if (r->virtuoso && !has_dataset) {
    ng_buf_puts(&b, "DEFINE input:default-graph-uri <" NG_UNION_GRAPH ">\n"
                    "DEFINE input:named-graph-exclude <" VIRTRDF_GRAPH ">\n"
                    "DEFINE input:named-graph-exclude <" LDP_GRAPH ">\n"
                    "DEFINE input:named-graph-exclude <" QA_GRAPH ">\n");
  }
  if (r->virtuoso && form == NG_QUERY_DESCRIBE) {
    ng_buf_puts(&b, "DEFINE sql:describe-mode \"SPO\"\n");
  }
  ng_buf_puts(&b, sparql);
  free(rewritten);
  return ng_buf_detach(&b);
}

typedef struct Rows {
  NgTermId *v;
  size_t n, cap, width;
} Rows;

static NgStatus collect_row(void *user, const NgTermId *row, size_t n) {
  Rows *rows = user;
  rows->width = n;
  if (ng_grow((void **)&rows->v, &rows->cap, (rows->n + 1) * (n ? n : 1),
              sizeof(NgTermId))) {
    return NG_ERR_NOMEM;
  }
  memcpy(rows->v + rows->n * n, row, n * sizeof(NgTermId));
  ++rows->n;
  return NG_SUCCESS;
}

/* ------------------------------------------- Turtle results (Virtuoso) */

/* Virtuoso writes the SPARQL XML results format at about a third of the
 * speed at which it writes the same rows as a Turtle result set (an RDF
 * graph of res:solution/res:binding nodes, one solution after another in
 * the order of the answer): 0.85 s against 0.35 s for 17,500 rows,
 * measured.  It is read by output/results_ttl.c as it arrives.  It is not
 * lossless: booleans come as the integers 1 and 0 and doubles as decimals
 * ("1000.0"), so an answer holding a decimal or an integer 0 or 1 is asked
 * again in XML, and so is one of a shape that reader does not know. */

static size_t ttl_sink(void *user, const char *data, size_t n) {
  return ng_ttl_results_chunk(user, data, n) ? 0 : n;
}

/* Runs a SELECT on Virtuoso, its answer read as a Turtle result set.
 * *lossy is set when the answer holds a value that set may have changed,
 * or is of a shape the reader does not know (ask again in XML).  On
 * success rows, *vars and *n_vars are the caller's to free. */
static NgStatus select_turtle(NgRemote *r, const char *sparql, NgDict *dict,
                              double seconds, Rows *rows, char ***vars,
                              size_t *n_vars, int *lossy) {
  *vars = NULL;
  *n_vars = 0;
  *lossy = 0;
  NgTtlResults *t = ng_ttl_results_new(dict, r->label);
  if (!t) {
    return NG_ERR_NOMEM;
  }
  NgStatus st = post_form(r, r->query_url, 0, "query", sparql, "text/turtle",
                          seconds, ttl_sink, t);
  if (st == NG_ERR_STORE) {
    /* the sink refused the answer: the reader's own status says why */
    NgStatus why = ng_ttl_results_chunk(t, "", 0);
    st = why ? why : st;
  }
  if (!st) {
    st = ng_ttl_results_end(t, vars, n_vars, &rows->v, &rows->n, lossy);
    rows->width = *n_vars;
  }
  ng_ttl_results_free(t);
  if (st == NG_ERR_UNSUPPORTED) {
    *lossy = 1; /* a shape the reader does not know: ask in XML */
    return NG_SUCCESS;
  }
  return st;
}

/* Drops the variables the rewrite introduced (?__ngg...) and Virtuoso's
 * own _star_fake, and makes the
 * 1/0 Virtuoso sends for boolean values true/false again. */
static void fix_virtuoso_rows(NgResult *res, NgDict *dict, NgQuery *q) {
  NgTermId t = ng_dict_intern(dict, NG_TERM_LITERAL, "true", 4,
                              ng_dict_xsd(dict, NG_XSD_BOOLEAN), NULL);
  NgTermId f = ng_dict_intern(dict, NG_TERM_LITERAL, "false", 5,
                              ng_dict_xsd(dict, NG_XSD_BOOLEAN), NULL);
  size_t w = res->n_vars, keep = 0;
  int *map = calloc(w + 1, sizeof(int));
  if (!map || !t || !f) {
    free(map);
    return;
  }
  for (size_t c = 0; c < w; ++c) {
    /* Virtuoso answers SELECT * WHERE { } with a made-up column */
    int fake = q && ng_query_star(q) && !strcmp(res->vars[c], "_star_fake");
    if (strncmp(res->vars[c], "__ngg", 5) && !fake) {
      map[keep++] = (int)c;
    }
  }
  for (size_t c = 0; q && c < w; ++c) {
    if (!ng_query_boolean_var(q, res->vars[c])) {
      continue;
    }
    for (size_t i = 0; i < res->n_rows; ++i) {
      NgTermId *v = &res->rows[i * w + c];
      const NgTerm *term = *v ? ng_dict_term(dict, *v) : NULL;
      if (term && term->type == NG_LIT_INTEGER) {
        *v = !strcmp(term->lex, "0") ? f : t;
      }
    }
  }
  if (keep < w) {
    for (size_t i = 0; i < res->n_rows; ++i) {
      for (size_t k = 0; k < keep; ++k) {
        res->rows[i * keep + k] = res->rows[i * w + (size_t)map[k]];
      }
    }
    for (size_t c = 0, k = 0; c < w; ++c) {
      if (k < keep && map[k] == (int)c) {
        res->vars[k++] = res->vars[c];
      } else {
        free(res->vars[c]);
      }
    }
    res->n_vars = keep;
  }
  free(map);
}

NgStatus ng_remote_query(NgRemote *r, const char *sparql, NgDict *dict,
                         double seconds, NgResult **out) {
  *out = NULL;
  NgQueryForm form;
  int has_dataset;
  NgStatus st = ng_query_scan(sparql, &form, &has_dataset);
  if (st) {
    return st;
  }
  /* parsed here too (leniently: the server may know more than the
   * embedded engine), to keep Virtuoso's known mistakes from reaching the
   * user */
  NgQuery *q = NULL;
  NgDict *qd = r->virtuoso ? ng_dict_new() : NULL;
  if (qd && ng_query_parse_lenient(sparql, qd, &q)) {
    q = NULL;
  }
  const char *problem = q ? ng_query_virtuoso_problem(q) : NULL;
  if (problem) {
    ng_log(NG_LOG_ERROR, "query", 0, (size_t)-1, NULL,
           "%s is not supported on a Virtuoso store: its answer would be "
           "wrong (see doc/store.md; an sqlite: store evaluates it with "
           "newsgraph's own engine)",
           problem);
    ng_query_free(q);
    ng_dict_free(qd);
    return NG_ERR_UNSUPPORTED;
  }
  char *text = query_text(r, sparql, q, form, has_dataset);
  NgResult *res = calloc(1, sizeof *res);
  if (!text || !res) {
    free(text);
    free(res);
    ng_query_free(q);
    ng_dict_free(qd);
    return NG_ERR_NOMEM;
  }
  res->form = form;
  if (form == NG_QUERY_CONSTRUCT || form == NG_QUERY_DESCRIBE) {
    st = construct(r, text, dict, seconds, res);
  } else {
    Rows rows = {NULL, 0, 0, 0};
    XmlRes x;
    memset(&x, 0, sizeof x);
    ng_buf_init(&x.text);
    int lossy = 1;
    if (r->virtuoso && !r->xml_only && form == NG_QUERY_SELECT) {
      char **vars = NULL;
      size_t n_vars = 0;
      st = select_turtle(r, text, dict, seconds, &rows, &vars, &n_vars,
                         &lossy);
      if (!st && !lossy) {
        res->n_vars = n_vars;
        res->vars = vars;
        res->rows = rows.v;
        res->n_rows = rows.n;
        fix_virtuoso_rows(res, dict, q);
        rows.v = NULL;
      } else {
        for (size_t i = 0; i < n_vars; ++i) {
          free(vars[i]);
        }
        free(vars);
        free(rows.v);
        rows = (Rows){NULL, 0, 0, 0};
      }
    }
    if (!lossy) {
      /* answered in Turtle */
    } else if (!st) {
      st = select_rows(r, text, dict, seconds, collect_row, &rows, &x);
    }
    if (!lossy || st) {
      /* done, or failed */
    } else if (form == NG_QUERY_ASK) {
      /* Virtuoso answers ASK in XML as one row of __ASK_RETVAL */
      if (x.has_boolean) {
        res->boolean = x.boolean;
      } else if (rows.n && rows.width && rows.v[0]) {
        const NgTerm *t = ng_dict_term(dict, rows.v[0]);
        res->boolean = !strcmp(t->lex, "1") || !strcmp(t->lex, "true");
      }
    } else {
      res->n_vars = x.n_vars;
      res->vars = x.vars;
      x.vars = NULL;
      x.n_vars = 0;
      res->rows = rows.v;
      res->n_rows = rows.n;
      rows.v = NULL;
      if (r->virtuoso) {
        fix_virtuoso_rows(res, dict, q);
      }
    }
    free(rows.v);
    xml_free(&x);
    if (!st && r->virtuoso && res->n_rows == VIRTUOSO_ROW_CUT) {
      ng_log(NG_LOG_ERROR, "query", 0, (size_t)-1, NULL,
             "the answer from store %s has %zu rows, the size at which "
             "Virtuoso's endpoint cuts an answer short without saying so: "
             "it is most likely incomplete, so it is not shown (ask for it "
             "in parts: ORDER BY with LIMIT and OFFSET)",
             r->label, res->n_rows);
      st = NG_ERR_STORE;
    }
    /* the ORDER BY query_text cut (ng_query_local_order) */
    if (!st && r->virtuoso && q && ng_query_local_order(q) &&
        (st = ng_result_sort(res, q, dict)) == NG_ERR_UNSUPPORTED) {
      ng_log(NG_LOG_ERROR, "query", 0, (size_t)-1, NULL,
             "the SPARQL server of store %s answered without a column "
             "the query orders by",
             r->label);
      st = NG_ERR_STORE;
    }
  }
  free(text);
  ng_query_free(q);
  ng_dict_free(qd);
  if (st) {
    ng_result_free(res);
    return st;
  }
  *out = res;
  return NG_SUCCESS;
}

/* ---------------------------------------------------------------- writes */

static void free_queue(NgRemote *r) {
  for (size_t i = 0; i < r->n_queued; ++i) {
    free(r->queued[i].graph);
  }
  r->n_queued = 0;
  ng_buf_reset(&r->batch);
}

/* " <g1> <g2> ..." of the queued graphs (or of those in list). */
static void graph_list(NgBuf *b, char *const *graphs, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    ng_buf_printf(b, " <%s>", graphs[i]);
  }
}

/* Which of graphs exist on the server (their IRIs, new). */
static NgStatus existing_graphs(NgRemote *r, char **graphs, size_t n,
                                char ***out, size_t *n_out) {
  *out = NULL;
  *n_out = 0;
  NgBuf q = NG_BUF_INIT;
  ng_buf_puts(&q, "SELECT DISTINCT ?g WHERE { VALUES ?g {");
  graph_list(&q, graphs, n);
  ng_buf_puts(&q, " } GRAPH ?g { ?s ?p ?o } }");
  NgDict *d = ng_dict_new();
  Rows rows = {NULL, 0, 0, 0};
  XmlRes x;
  NgStatus st =
      d ? select_rows(r, q.data, d, 0, collect_row, &rows, &x) : NG_ERR_NOMEM;
  if (d) {
    xml_free(&x);
  }
  if (!st && rows.n) {
    *out = calloc(rows.n, sizeof(char *));
    for (size_t i = 0; *out && i < rows.n; ++i) {
      if (rows.v[i * rows.width]) {
        (*out)[(*n_out)++] =
            ng_strdup(ng_dict_term(d, rows.v[i * rows.width])->lex);
      }
    }
    if (!*out) {
      st = NG_ERR_NOMEM;
    }
  }
  free(rows.v);
  ng_dict_free(d);
  ng_buf_release(&q);
  return st;
}

/* Removes graphs (and, on Virtuoso, their statements that no other
 * article graph holds from the union graph).  batch: every graph of the
 * write in progress, whose statements are about to come back. */
static NgStatus clear_graphs(NgRemote *r, char **graphs, size_t n, char **batch,
                             size_t n_batch) {
  if (!n) {
    return NG_SUCCESS;
  }
  NgBuf u = NG_BUF_INIT;
  if (r->virtuoso) {
    ng_buf_puts(&u, "DELETE { GRAPH <" NG_UNION_GRAPH "> { ?s ?p ?o } } "
                    "WHERE { VALUES ?g {");
    graph_list(&u, graphs, n);
    ng_buf_puts(&u, " } GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { GRAPH ?h "
                    "{ ?s ?p ?o } FILTER(?h NOT IN (<" NG_UNION_GRAPH ">");
    for (size_t i = 0; i < n_batch; ++i) {
      ng_buf_printf(&u, ", <%s>", batch[i]);
    }
    for (size_t i = 0; i < n; ++i) {
      ng_buf_printf(&u, ", <%s>", graphs[i]);
    }
    ng_buf_puts(&u, ")) } } ;\n");
  }
  for (size_t i = 0; i < n; ++i) {
    ng_buf_printf(&u, "%sDROP SILENT GRAPH <%s>", i ? " ;\n" : "", graphs[i]);
  }
  NgStatus st = update(r, u.data);
  ng_buf_release(&u);
  return st;
}

/* Writes the statements of the queued graphs as N-Quads, each also in
 * the union graph when union_too. */
static NgStatus write_spool(NgRemote *r, const char *path, int union_too) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL,
           "cannot write the load file: %s", strerror(errno));
    return NG_ERR_IO;
  }
  for (size_t i = 0; i < r->n_queued; ++i) {
    const Queued *q = &r->queued[i];
    const char *s = r->batch.data + q->off, *end = s + q->len;
    while (s < end) {
      const char *nl = memchr(s, '\n', (size_t)(end - s));
      size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
      /* "s p o ." -> "s p o <g> ." */
      size_t body = n;
      while (body && (s[body - 1] == ' ' || s[body - 1] == '.')) {
        --body;
      }
      if (body) {
        fwrite(s, 1, body, f);
        fprintf(f, " <%s> .\n", q->graph);
        if (union_too) {
          fwrite(s, 1, body, f);
          fputs(" <" NG_UNION_GRAPH "> .\n", f);
        }
      }
      s += n + 1;
    }
  }
  int bad = ferror(f);
  if (fclose(f) || bad) {
    ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL,
           "cannot write the load file");
    return NG_ERR_IO;
  }
  return NG_SUCCESS;
}

/* A SPARQL string literal of s (for SQL text and file names). */
static void sparql_string(NgBuf *b, const char *s) {
  ng_buf_putc(b, '"');
  for (; *s; ++s) {
    if (*s == '\n') {
      ng_buf_puts(b, "\\n");
      continue;
    }
    if (*s == '"' || *s == '\\') {
      ng_buf_putc(b, '\\');
    }
    ng_buf_putc(b, *s);
  }
  ng_buf_putc(b, '"');
}

static NgStatus call_virtuoso(NgRemote *r, const char *expr) {
  NgBuf q = NG_BUF_INIT;
  ng_buf_printf(&q, "PREFIX sql: <sql:> SELECT (%s AS ?r) WHERE { }", expr);
  NgStatus st = post_form(r, r->update_url, 1, "query", q.data, ACCEPT_RESULTS,
                          0, ignore_body, NULL);
  ng_buf_release(&q);
  return st;
}

NgStatus ng_remote_virtuoso_sql(NgRemote *r, const char *sql) {
  NgBuf e = NG_BUF_INIT;
  ng_buf_puts(&e, "bif:exec(");
  sparql_string(&e, sql);
  ng_buf_puts(&e, ")");
  NgStatus st = call_virtuoso(r, e.data);
  ng_buf_release(&e);
  return st;
}

/* The private Virtuoso's loader, a stored procedure (Virtuoso/PL): for
 * each graph named in graphs (space-separated) that exists, the union
 * graph loses the graph's statements that no other graph holds, then the
 * graph is emptied; then the N-Quads file at path (none when empty) is
 * parsed by Virtuoso's own loader.  The file holds each statement twice,
 * in its article graph and in the union graph (which keeps one copy).
 * The same cleanup in SPARQL Update (DELETE ... FILTER NOT EXISTS) takes
 * minutes per batch.  A graph's statements are reached through the GS
 * index (graph, subject): "where G = gid" alone scans the whole quad
 * table, once per graph, which made reloads quadratic. */
#define LOADER_PROCEDURE                                                       \
  "create procedure DB.DBA.NEWSGRAPH_REPLACE (in graphs varchar, "             \
  "in path varchar) {\n"                                                       \
  "  declare names, uid, gid any;\n"                                           \
  "  declare i integer;\n"                                                     \
  "  names := split_and_decode (graphs, 0, '\\0\\0 ');\n"                      \
  "  uid := iri_to_id ('" NG_UNION_GRAPH "');\n"                               \
  "  for (i := 0; i < length (names); i := i + 1) {\n"                         \
  "    gid := case when names[i] = '' then null "                              \
  "else iri_to_id (names[i], 0) end;\n"                                        \
  "    if (gid is not null) {\n"                                               \
  "      for (select b.S as qs, b.P as qp, b.O as qo from (select distinct "\
  "S from DB.DBA.RDF_QUAD table option (index RDF_QUAD_GS) where G = gid) "    \
  "a, DB.DBA.RDF_QUAD b where b.S = a.S and b.G = gid) do {\n"               \
  "        if (not exists (select 1 from DB.DBA.RDF_QUAD where S = qs and "    \
  "P = qp and O = qo and G <> gid and G <> uid))\n"                            \
  "          delete from DB.DBA.RDF_QUAD where G = uid and S = qs and "        \
  "P = qp and O = qo;\n"                                                       \
  "      }\n"                                                                  \
  "      delete from DB.DBA.RDF_QUAD table option (index RDF_QUAD_GS) "        \
  "where G = gid;\n"                                                           \
  "    }\n"                                                                    \
  "  }\n"                                                                      \
  "  if (path <> '')\n"                                                        \
  "    DB.DBA.TTLP (file_to_string_output (path), '', '" NG_UNION_GRAPH        \
  "', 512);\n"                                                                 \
  "  return length (names);\n"                                                 \
  "}"

/* Replaces graphs on the private Virtuoso, with the queued statements
 * (if any) read from a file in its spool directory. */
static NgStatus load_spooled(NgRemote *r, char **graphs, size_t n) {
  NgStatus st = NG_SUCCESS;
  if (!r->loader_ready) {
    st = ng_remote_virtuoso_sql(r, LOADER_PROCEDURE);
    r->loader_ready = !st;
  }
  NgBuf path = NG_BUF_INIT, names = NG_BUF_INIT, e = NG_BUF_INIT;
  if (!st && r->n_queued) {
    ng_buf_printf(&path, "%s/batch-%ld-%lu.nq", r->spool, (long)getpid(),
                  ++r->spool_seq);
    st = write_spool(r, path.data, 1);
  }
  for (size_t i = 0; i < n; ++i) {
    ng_buf_printf(&names, "%s%s", i ? " " : "", graphs[i]);
  }
  if (!st) {
    ng_buf_puts(&e, "sql:NEWSGRAPH_REPLACE(");
    sparql_string(&e, names.data);
    ng_buf_puts(&e, ", ");
    sparql_string(&e, path.data);
    ng_buf_puts(&e, ")");
    st = call_virtuoso(r, e.data);
  }
  if (path.len) {
    unlink(path.data);
  }
  ng_buf_release(&path);
  ng_buf_release(&names);
  ng_buf_release(&e);
  return st;
}

/* INSERT DATA of every queued graph, in one request. */
static NgStatus insert_data(NgRemote *r) {
  NgBuf u = NG_BUF_INIT;
  for (size_t i = 0; i < r->n_queued; ++i) {
    const Queued *q = &r->queued[i];
    ng_buf_printf(&u, "%sINSERT DATA { GRAPH <%s> {\n", i ? " ;\n" : "",
                  q->graph);
    ng_buf_append(&u, r->batch.data + q->off, q->len);
    ng_buf_puts(&u, "} }");
  }
  NgStatus st = u.len ? update(r, u.data) : NG_SUCCESS;
  ng_buf_release(&u);
  return st;
}

/* Waits for the batch in flight; its status. */
static NgStatus wait_writer(NgRemote *r) {
  if (!r->in_flight) {
    return NG_SUCCESS;
  }
  int res;
  thrd_join(r->thread, &res);
  r->in_flight = 0;
  return r->writer->async_st;
}

static NgStatus flush_now(NgRemote *r);

static int writer_main(void *arg) {
  NgRemote *w = arg;
  w->async_st = flush_now(w);
  return 0;
}

static NgRemote *clone_remote(const NgRemote *r);

/* Hands the queued batch to the writer thread (after the previous one is
 * done, so that batches reach the server in order). */
static NgStatus send_async(NgRemote *r) {
  NgStatus st = wait_writer(r);
  if (st) {
    return st; /* the failed batch was named; this one stays queued */
  }
  if (!r->writer && !(r->writer = clone_remote(r))) {
    return flush_now(r);
  }
  NgRemote *w = r->writer;
  NgBuf tb = w->batch;
  Queued *tq = w->queued;
  size_t tcap = w->cap_queued;
  w->batch = r->batch;
  w->queued = r->queued;
  w->cap_queued = r->cap_queued;
  w->n_queued = r->n_queued;
  r->batch = tb;
  r->queued = tq;
  r->cap_queued = tcap;
  r->n_queued = 0;
  ng_buf_reset(&r->batch);
  w->virtuoso = r->virtuoso;
  if (thrd_create(&r->thread, writer_main, w) != thrd_success) {
    return flush_now(w);
  }
  r->in_flight = 1;
  return NG_SUCCESS;
}

NgStatus ng_remote_flush(NgRemote *r) {
  if (!r) {
    return NG_SUCCESS;
  }
  NgStatus st = wait_writer(r);
  NgStatus st2 = flush_now(r);
  return st ? st : st2;
}

static NgStatus flush_now(NgRemote *r) {
  if (!r->n_queued) {
    return NG_SUCCESS;
  }
  char **graphs = calloc(r->n_queued, sizeof(char *));
  if (!graphs) {
    return NG_ERR_NOMEM;
  }
  for (size_t i = 0; i < r->n_queued; ++i) {
    graphs[i] = r->queued[i].graph;
  }
  char **old = NULL;
  size_t n_old = 0;
  NgStatus st = NG_SUCCESS;
  if (r->spool && r->virtuoso) {
    /* the private server: one call does it all, in SQL */
    st = load_spooled(r, graphs, r->n_queued);
  } else {
    st = existing_graphs(r, graphs, r->n_queued, &old, &n_old);
    if (!st) {
      st = clear_graphs(r, old, n_old, graphs, r->n_queued);
    }
    if (!st) {
      st = insert_data(r);
    }
  }
  if (!st && r->virtuoso && !r->spool) {
    NgBuf u = NG_BUF_INIT;
    ng_buf_puts(&u, "INSERT { GRAPH <" NG_UNION_GRAPH "> { ?s ?p ?o } } "
                    "WHERE { VALUES ?g {");
    graph_list(&u, graphs, r->n_queued);
    ng_buf_puts(&u, " } GRAPH ?g { ?s ?p ?o } }");
    st = update(r, u.data);
    ng_buf_release(&u);
  }
  if (st) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "cannot write %zu article graphs (%s%s) to store %s", r->n_queued,
           graphs[0], r->n_queued > 1 ? " ..." : "", r->label);
  }
  for (size_t i = 0; i < n_old; ++i) {
    free(old[i]);
  }
  free(old);
  free(graphs);
  free_queue(r);
  return st;
}

NgStatus ng_remote_put_graph(NgRemote *r, const char *graph_iri,
                             const char *ntriples, size_t len) {
  for (size_t i = 0; i < r->n_queued; ++i) {
    if (!strcmp(r->queued[i].graph, graph_iri)) {
      NgStatus st = send_async(r); /* the same graph twice: in order */
      if (st) {
        return st;
      }
      break;
    }
  }
  if (ng_grow((void **)&r->queued, &r->cap_queued, r->n_queued + 1,
              sizeof(Queued))) {
    return NG_ERR_NOMEM;
  }
  Queued *q = &r->queued[r->n_queued];
  q->graph = ng_strdup(graph_iri);
  q->off = r->batch.len;
  q->len = len;
  if (!q->graph || ng_buf_append(&r->batch, ntriples, len)) {
    free(q->graph);
    return NG_ERR_NOMEM;
  }
  ++r->n_queued;
  if (r->n_queued >= BATCH_GRAPHS || r->batch.len >= BATCH_BYTES) {
    return send_async(r);
  }
  return NG_SUCCESS;
}

NgStatus ng_remote_remove_graph(NgRemote *r, const char *graph_iri) {
  NgStatus st = ng_remote_flush(r);
  char *g = (char *)graph_iri;
  if (!st && r->spool && r->virtuoso) {
    return load_spooled(r, &g, 1);
  }
  return st ? st : clear_graphs(r, &g, 1, &g, 1);
}

/* ---------------------------------------------------------- size, export */

size_t ng_remote_size(NgRemote *r) {
  NgDict *d = ng_dict_new();
  NgResult *res = NULL;
  size_t n = (size_t)-1;
  if (d && !ng_remote_flush(r) &&
      !ng_remote_query(r,
                       "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p "
                       "?o } }",
                       d, 0, &res) &&
      res->n_rows == 1 && res->n_vars == 1 && res->rows[0]) {
    n = (size_t)strtoull(ng_dict_term(d, res->rows[0])->lex, NULL, 10);
  }
  ng_result_free(res);
  ng_dict_free(d);
  return n;
}

/* Statements asked for in one request of an export: well below the
 * 2^20 rows at which Virtuoso's endpoint cuts an answer short; a server
 * with a lower limit is served by NEWSGRAPH_EXPORT_PAGE. */
#define EXPORT_PAGE_ROWS 200000

static unsigned long long export_page_rows(void) {
  const char *env = getenv("NEWSGRAPH_EXPORT_PAGE");
  unsigned long long n = env ? strtoull(env, NULL, 10) : 0;
  return n ? n : EXPORT_PAGE_ROWS;
}

/* An export in progress: every statement (s, p, o, g) gathered, page by
 * page, before anything is written. */
typedef struct Export {
  NgRemote *r;
  NgDict *dict;
  Rows quads; /* width 4 */
} Export;

/* The graph listing: rows of (?g, ?n). */
static unsigned long long listed_count(const Export *e, const NgResult *list,
                                       size_t i) {
  NgTermId n = list->rows[i * 2 + 1];
  return n ? strtoull(ng_dict_term(e->dict, n)->lex, NULL, 10) : 0;
}

/* Runs q (a SELECT of ?s ?p ?o ?g) and appends its rows to e->quads;
 * fewer or more rows than want, the statements that the graph listing
 * counted, is an error (a cut answer, or a store that changed
 * meanwhile). */
static NgStatus export_query(Export *e, const char *q, unsigned long long want,
                             size_t n_graphs) {
  NgResult *res = NULL;
  /* statements carry offsets, integers as often 0 as not, which the
   * Turtle result set cannot tell from booleans: XML at once */
  e->r->xml_only = 1;
  NgStatus st = ng_remote_query(e->r, q, e->dict, 0, &res);
  e->r->xml_only = 0;
  if (!st && (res->n_vars != 4 || res->n_rows != want)) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "%s: the server sent %zu of the %llu statements of %zu graphs "
           "(its result size limit; or the store changed meanwhile): "
           "nothing written",
           e->r->label, res->n_rows, want, n_graphs);
    st = NG_ERR_STORE;
  }
  if (!st && ng_grow((void **)&e->quads.v, &e->quads.cap,
                     (e->quads.n + res->n_rows) * 4, sizeof(NgTermId))) {
    st = NG_ERR_NOMEM;
  }
  if (!st) {
    memcpy(e->quads.v + e->quads.n * 4, res->rows,
           res->n_rows * 4 * sizeof(NgTermId));
    e->quads.n += res->n_rows;
  }
  ng_result_free(res);
  return st;
}

/* Asks for the statements of the graphs of list's rows [from, to), which
 * the listing counted as want. */
static NgStatus export_page(Export *e, const NgResult *list, size_t from,
                            size_t to, unsigned long long want) {
  NgBuf q = NG_BUF_INIT;
  NgStatus st = ng_buf_puts(&q, "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s "
                                "?p ?o } VALUES ?g {");
  for (size_t i = from; !st && i < to; ++i) {
    st = ng_buf_printf(&q, " <%s>",
                       ng_dict_term(e->dict, list->rows[i * 2])->lex);
  }
  if (!st) {
    st = ng_buf_puts(&q, " } }");
  }
  if (!st) {
    st = export_query(e, q.data, want, to - from);
  }
  ng_buf_release(&q);
  return st;
}

/* Runs the two counting queries of an export: the statements per graph
 * (*list) and in all (*total_out); a listing that does not add up to the
 * total was cut short. */
static NgStatus export_list(Export *e, const char *graph_iri,
                            NgResult **list, unsigned long long *total_out) {
  NgBuf only = NG_BUF_INIT, q = NG_BUF_INIT, cq = NG_BUF_INIT;
  NgStatus st = NG_SUCCESS;
  if (graph_iri) {
    st = ng_buf_printf(&only, "VALUES ?g { <%s> } ", graph_iri);
  }
  if (!st) {
    st = ng_buf_printf(&q,
                       "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p "
                       "?o } %s} GROUP BY ?g",
                       only.data);
  }
  if (!st) {
    st = ng_buf_printf(
        &cq, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } %s}",
        only.data);
  }
  NgResult *cnt = NULL;
  if (!st) {
    st = ng_remote_query(e->r, cq.data, e->dict, 0, &cnt);
  }
  if (!st) {
    st = ng_remote_query(e->r, q.data, e->dict, 0, list);
  }
  ng_buf_release(&only);
  ng_buf_release(&q);
  ng_buf_release(&cq);
  if (!st && (cnt->n_rows != 1 || cnt->n_vars != 1 || !cnt->rows[0] ||
              (*list)->n_vars != 2)) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "%s: the server's count of statements has an unexpected shape",
           e->r->label);
    st = NG_ERR_STORE;
  }
  unsigned long long total = 0, listed = 0;
  if (!st) {
    total = strtoull(ng_dict_term(e->dict, cnt->rows[0])->lex, NULL, 10);
    for (size_t i = 0; i < (*list)->n_rows; ++i) {
      listed += listed_count(e, *list, i);
    }
  }
  if (!st && listed != total) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "%s: the server listed graphs holding %llu of %llu statements "
           "(its result size limit; or the store changed meanwhile): "
           "nothing written",
           e->r->label, listed, total);
    st = NG_ERR_STORE;
  }
  ng_result_free(cnt);
  *total_out = total;
  return st;
}

/* Gathers the statements of every graph (only graph_iri when given), a
 * page of graphs at a time, each page's size known beforehand; a store
 * that fits one page is asked for in one plain query, with no list of
 * graphs for the server to read and join. */
static NgStatus export_pages(Export *e, const char *graph_iri) {
  NgResult *list = NULL;
  unsigned long long total = 0, page = 0, limit = export_page_rows();
  NgStatus st = export_list(e, graph_iri, &list, &total);
  if (!st && !graph_iri && total <= limit) {
    st = export_query(e, "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                      total, list->n_rows);
    ng_result_free(list);
    return st;
  }
  size_t first = 0;
  for (size_t i = 0; !st && i < list->n_rows; ++i) {
    unsigned long long n = listed_count(e, list, i);
    if (i > first && page + n > limit) {
      st = export_page(e, list, first, i, page);
      first = i;
      page = 0;
    }
    page += n;
  }
  if (!st && first < list->n_rows) {
    st = export_page(e, list, first, list->n_rows, page);
  }
  ng_result_free(list);
  return st;
}

/* Keeps one row of each (s, p, o) (cmp3 reads the first three ids of a
 * row): a triple stated in several graphs is one triple of the union. */
static void unique_triples(Rows *q) {
  if (!q->n) {
    return;
  }
  qsort(q->v, q->n, 4 * sizeof(NgTermId), cmp3);
  size_t keep = 1;
  for (size_t i = 1; i < q->n; ++i) {
    if (cmp3(q->v + i * 4, q->v + (keep - 1) * 4)) {
      memmove(q->v + keep * 4, q->v + i * 4, 4 * sizeof(NgTermId));
      ++keep;
    }
  }
  q->n = keep;
}

/* Nothing is written until every page has come back whole: a server that
 * cuts a long answer short without saying so (Virtuoso's endpoint, at
 * 2^20 rows, measured) must not turn into a short export. */
NgStatus ng_remote_export(NgRemote *r, const char *graph_iri,
                          const char *format, FILE *out) {
  Export e = {r, ng_dict_new(), {NULL, 0, 0, 4}};
  NgStatus st = e.dict ? ng_remote_flush(r) : NG_ERR_NOMEM;
  if (!st) {
    st = export_pages(&e, graph_iri);
  }
  if (!st && strcmp(format, "nquads")) {
    unique_triples(&e.quads);
  }
  if (!st) {
    NgResult res = {.form = NG_QUERY_SELECT,
                    .n_vars = 4,
                    .n_rows = e.quads.n,
                    .rows = e.quads.v};
    st = ng_result_write_statements(&res, e.dict, format, out);
  }
  free(e.quads.v);
  ng_dict_free(e.dict);
  return st;
}

/* ------------------------------------------------------------ open/close */

/* A second connection with r's settings (no probe). */
static NgRemote *clone_remote(const NgRemote *r) {
  NgRemote *w = calloc(1, sizeof *w);
  if (!w) {
    return NULL;
  }
  ng_buf_init(&w->batch);
  w->query_url = ng_strdup(r->query_url);
  w->update_url = ng_strdup(r->update_url);
  w->user = ng_strdup(r->user);
  w->password = ng_strdup(r->password);
  w->spool = ng_strdup(r->spool);
  w->label = ng_strdup(r->label);
  w->curl = curl_easy_init();
  w->virtuoso = r->virtuoso;
  w->spool_seq = 1000000; /* its file names differ from r's */
  if (!w->query_url || !w->update_url || !w->label || !w->curl ||
      (r->user && !w->user) || (r->password && !w->password) ||
      (r->spool && !w->spool)) {
    ng_remote_close(w);
    return NULL;
  }
  return w;
}

NgStatus ng_remote_open(const NgRemoteConfig *cfg, NgRemote **out) {
  *out = NULL;
  static int curl_ready;
  if (!curl_ready) {
    if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
      return NG_ERR_STORE;
    }
    curl_ready = 1;
  }
  NgRemote *r = calloc(1, sizeof *r);
  if (!r) {
    return NG_ERR_NOMEM;
  }
  ng_buf_init(&r->batch);
  r->query_url = ng_strdup(cfg->query_url);
  r->update_url = ng_strdup(cfg->update_url ? cfg->update_url : cfg->query_url);
  r->user = ng_strdup(cfg->user);
  r->password = ng_strdup(cfg->password);
  r->spool = ng_strdup(cfg->spool_dir);
  r->label = ng_strdup(cfg->label ? cfg->label : cfg->query_url);
  r->curl = curl_easy_init();
  if (!r->query_url || !r->update_url || !r->label || !r->curl ||
      (cfg->user && !r->user) || (cfg->password && !r->password) ||
      (cfg->spool_dir && !r->spool)) {
    ng_remote_close(r);
    return NG_ERR_NOMEM;
  }
  /* one probe: is there a SPARQL server, and is it Virtuoso? */
  NgDict *d = ng_dict_new();
  Rows rows = {NULL, 0, 0, 0};
  XmlRes x;
  NgStatus st = d ? select_rows(r, "ASK { }", d, 30, collect_row, &rows, &x)
                  : NG_ERR_NOMEM;
  if (d) {
    xml_free(&x);
  }
  free(rows.v);
  ng_dict_free(d);
  if (st) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "no SPARQL server answers at %s", r->query_url);
    ng_remote_close(r);
    return NG_ERR_STORE;
  }
  *out = r;
  return NG_SUCCESS;
}

void ng_remote_close(NgRemote *r) {
  if (!r) {
    return;
  }
  if ((r->n_queued || r->in_flight) && ng_remote_flush(r)) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "article graphs still queued for store %s were not written",
           r->label);
  }
  ng_remote_close(r->writer);
  free_queue(r);
  free(r->queued);
  ng_buf_release(&r->batch);
  if (r->curl) {
    curl_easy_cleanup(r->curl);
  }
  free(r->query_url);
  free(r->update_url);
  free(r->user);
  if (r->password) {
    memset(r->password, 0, strlen(r->password));
  }
  free(r->password);
  free(r->spool);
  free(r->label);
  free(r);
}
