/*
 * store_remote.c: the NgStore side of SPARQL server stores:
 *
 *   virtuoso:DIR   newsgraph's private Virtuoso for DIR (virtuoso.c),
 *                  started on demand;
 *   sparql:URL     any SPARQL 1.1 server: URL is its query endpoint; the
 *                  update endpoint and credentials come from
 *                  NEWSGRAPH_SPARQL_UPDATE, NEWSGRAPH_SPARQL_USER and
 *                  NEWSGRAPH_SPARQL_PASSWORD.
 *
 * Article graphs are mapped to RDF in memory (as for every store), written
 * as N-Triples text and handed to remote.c, which batches them.
 */
#define _POSIX_C_SOURCE 200809L
#include "output/remote.h"
#include "output/store.h"
#include "output/virtuoso.h"

#include "buf.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Appends s as N-Triples string or IRI content: non-ASCII as \u escapes
 * (Virtuoso's loader then needs no guess about the encoding). */
static void put_escaped(NgBuf *b, const unsigned char *s, size_t n,
                        int literal) {
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = s[i];
    if (c >= 0x80) {
      uint32_t cp;
      size_t len = ng_utf8_decode(s + i, &cp);
      if (!len) { /* not UTF-8: cannot happen for raptor's terms */
        cp = 0xFFFD;
        len = 1;
      }
      ng_buf_printf(b, cp > 0xFFFF ? "\\U%08X" : "\\u%04X", (unsigned)cp);
      i += len - 1;
    } else if (literal && (c == '\\' || c == '"')) {
      ng_buf_putc(b, '\\');
      ng_buf_putc(b, (char)c);
    } else if (literal && (c == '\n' || c == '\r' || c == '\t')) {
      ng_buf_puts(b, c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t");
    } else if (c < 0x20 || c == 0x7F) {
      ng_buf_printf(b, "\\u%04X", c);
    } else {
      ng_buf_putc(b, (char)c);
    }
  }
}

static void put_term(NgBuf *b, const raptor_term *t) {
  switch (t->type) {
  case RAPTOR_TERM_TYPE_URI: {
    size_t len;
    const unsigned char *u = raptor_uri_as_counted_string(t->value.uri, &len);
    ng_buf_putc(b, '<');
    put_escaped(b, u, len, 0);
    ng_buf_putc(b, '>');
    break;
  }
  case RAPTOR_TERM_TYPE_BLANK:
    ng_buf_puts(b, "_:");
    ng_buf_append(b, (const char *)t->value.blank.string,
                  t->value.blank.string_len);
    break;
  case RAPTOR_TERM_TYPE_LITERAL:
    ng_buf_putc(b, '"');
    put_escaped(b, t->value.literal.string, t->value.literal.string_len, 1);
    ng_buf_putc(b, '"');
    if (t->value.literal.language) {
      ng_buf_printf(b, "@%s", t->value.literal.language);
    } else if (t->value.literal.datatype) {
      ng_buf_printf(b, "^^<%s>",
                    raptor_uri_as_string(t->value.literal.datatype));
    }
    break;
  default:
    break;
  }
}

NgStatus ng_store_remote_put(NgStore *store, const char *graph_iri,
                             librdf_model *staged) {
  NgBuf text = NG_BUF_INIT;
  librdf_stream *s = librdf_model_as_stream(staged);
  if (!s) {
    return NG_ERR_RDF;
  }
  for (; !librdf_stream_end(s); librdf_stream_next(s)) {
    raptor_statement *st = librdf_stream_get_object(s);
    put_term(&text, st->subject);
    ng_buf_putc(&text, ' ');
    put_term(&text, st->predicate);
    ng_buf_putc(&text, ' ');
    put_term(&text, st->object);
    ng_buf_puts(&text, " .\n");
  }
  librdf_free_stream(s);
  store->wrote = 1;
  NgStatus st =
      ng_remote_put_graph(store->remote, graph_iri, text.data, text.len);
  ng_buf_release(&text);
  return st;
}

NgStatus ng_store_open_remote(NgStore *store, const char *spec, NgBuf *label) {
  NgRemoteConfig cfg;
  memset(&cfg, 0, sizeof cfg);
  NgBuf q = NG_BUF_INIT, u = NG_BUF_INIT;
  NgStatus st = NG_SUCCESS;
  ng_buf_puts(label, spec);
  if (!strncmp(spec, "virtuoso:", 9)) {
    st = ng_virtuoso_attach(spec + 9, 1, &store->virt);
    if (!st) {
      ng_buf_printf(&q, "%s/sparql", ng_virtuoso_url(store->virt));
      ng_buf_printf(&u, "%s/sparql-auth", ng_virtuoso_url(store->virt));
      cfg.query_url = q.data;
      cfg.update_url = u.data;
      cfg.user = "dba";
      cfg.password = ng_virtuoso_password(store->virt);
      cfg.spool_dir = ng_virtuoso_spool(store->virt);
    }
  } else {
    const char *url = spec + 7;
    if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) {
      ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
             "store spec sparql:URL needs an http:// or https:// URL, not "
             "%s",
             url);
      st = NG_ERR_BAD_ARG;
    }
    cfg.query_url = url;
    cfg.update_url = getenv("NEWSGRAPH_SPARQL_UPDATE");
    cfg.user = getenv("NEWSGRAPH_SPARQL_USER");
    cfg.password = getenv("NEWSGRAPH_SPARQL_PASSWORD");
  }
  cfg.label = spec;
  if (!st) {
    st = ng_remote_open(&cfg, &store->remote);
  }
  ng_buf_release(&q);
  ng_buf_release(&u);
  return st;
}

const char *ng_store_endpoint(const NgStore *store) {
  return store->remote ? ng_remote_query_url(store->remote) : NULL;
}

void ng_store_remote_close(NgStore *store) {
  if (store->remote && ng_remote_flush(store->remote)) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "article graphs still queued for store %s were lost",
           store->label ? store->label : "");
  }
  if (store->remote && store->virt && store->wrote) {
    /* a checkpoint now spares the next start replaying the log */
    ng_remote_virtuoso_sql(store->remote, "checkpoint");
  }
  ng_remote_close(store->remote);
  store->remote = NULL;
  ng_virtuoso_detach(store->virt);
  store->virt = NULL;
}
