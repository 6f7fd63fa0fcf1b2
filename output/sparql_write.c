/*
 * sparql_write.c: writes query results: SELECT and ASK as an aligned text
 * table, as the SPARQL 1.1 result formats (CSV, TSV, JSON, XML) or as a
 * Graphviz graph (DOT: the first two columns are nodes, the others label
 * the edge between them); CONSTRUCT and DESCRIBE triples as Turtle.  The
 * same writers serve the embedded engine and the results a SPARQL server
 * sends back, so every store prints the same bytes for the same answer.
 */
#define _POSIX_C_SOURCE 200809L
#include "output/sparql.h"
#include "output/store.h"

#include "buf.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define XSD "http://www.w3.org/2001/XMLSchema#"

static const NgTermId *row_of(const NgResult *r, size_t i) {
  return r->rows + i * r->n_vars;
}

/* ---------------------------------------------------------------- table */

/* A cell of the table: <iri>, a literal's text, _:blank, "" unbound. */
static void cell(const NgDict *d, NgTermId id, NgBuf *b) {
  ng_buf_reset(b);
  if (!id) {
    return;
  }
  const NgTerm *t = ng_dict_term(d, id);
  if (t->kind == NG_TERM_IRI) {
    ng_buf_printf(b, "<%s>", t->lex);
  } else if (t->kind == NG_TERM_BLANK) {
    ng_buf_printf(b, "_:%s", t->lex);
  } else {
    /* one line per row: line breaks inside a value are shown escaped */
    for (uint32_t i = 0; i < t->len; ++i) {
      char c = t->lex[i];
      if (c == '\n') {
        ng_buf_puts(b, "\\n");
      } else if (c == '\r') {
        ng_buf_puts(b, "\\r");
      } else if (c == '\t') {
        ng_buf_puts(b, "\\t");
      } else {
        ng_buf_putc(b, c);
      }
    }
  }
}

static size_t width(const char *s) {
  size_t w = 0;
  for (; *s; ++s) {
    w += ((unsigned char)*s & 0xC0) != 0x80;
  }
  return w;
}

static NgStatus write_table(const NgResult *r, const NgDict *d, FILE *out) {
  size_t cols = r->n_vars;
  if (!cols) {
    fprintf(out, "(no variables; %zu row%s)\n", r->n_rows,
            r->n_rows == 1 ? "" : "s");
    return ferror(out) ? NG_ERR_IO : NG_SUCCESS;
  }
  size_t *w = calloc(cols, sizeof(size_t));
  if (!w) {
    return NG_ERR_NOMEM;
  }
  NgBuf b = NG_BUF_INIT;
  for (size_t c = 0; c < cols; ++c) {
    w[c] = width(r->vars[c]) + 1;
  }
  for (size_t i = 0; i < r->n_rows; ++i) {
    for (size_t c = 0; c < cols; ++c) {
      cell(d, row_of(r, i)[c], &b);
      size_t cw = width(b.data);
      w[c] = cw > w[c] ? cw : w[c];
    }
  }
  for (size_t c = 0; c < cols; ++c) {
    fprintf(out, "?%s", r->vars[c]);
    for (size_t k = width(r->vars[c]) + 1; c + 1 < cols && k < w[c] + 2; ++k) {
      fputc(' ', out);
    }
  }
  fputc('\n', out);
  for (size_t c = 0; c < cols; ++c) {
    for (size_t k = 0; k < w[c]; ++k) {
      fputc('-', out);
    }
    fputs(c + 1 == cols ? "\n" : "  ", out);
  }
  for (size_t i = 0; i < r->n_rows; ++i) {
    for (size_t c = 0; c < cols; ++c) {
      cell(d, row_of(r, i)[c], &b);
      fputs(b.data, out);
      for (size_t k = width(b.data); c + 1 < cols && k < w[c] + 2; ++k) {
        fputc(' ', out);
      }
    }
    fputc('\n', out);
  }
  ng_buf_release(&b);
  free(w);
  return ferror(out) ? NG_ERR_IO : NG_SUCCESS;
}

/* ------------------------------------------------------------------ csv */

static void csv_value(const NgDict *d, NgTermId id, FILE *out) {
  if (!id) {
    return;
  }
  const NgTerm *t = ng_dict_term(d, id);
  const char *s = t->lex;
  if (t->kind == NG_TERM_BLANK) {
    fprintf(out, "_:%s", s);
    return;
  }
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, out);
    return;
  }
  fputc('"', out);
  for (; *s; ++s) {
    if (*s == '"') {
      fputc('"', out);
    }
    fputc(*s, out);
  }
  fputc('"', out);
}

static NgStatus write_csv(const NgResult *r, const NgDict *d, FILE *out) {
  for (size_t c = 0; c < r->n_vars; ++c) {
    fprintf(out, "%s%s", c ? "," : "", r->vars[c]);
  }
  fputs("\r\n", out);
  for (size_t i = 0; i < r->n_rows; ++i) {
    for (size_t c = 0; c < r->n_vars; ++c) {
      if (c) {
        fputc(',', out);
      }
      csv_value(d, row_of(r, i)[c], out);
    }
    fputs("\r\n", out);
  }
  return ferror(out) ? NG_ERR_IO : NG_SUCCESS;
}

/* ------------------------------------------------------------------ tsv */

/* The N-Triples/Turtle escapes of a string body. */
static void nt_escape(const char *s, size_t n, FILE *out) {
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"':
      fputs("\\\"", out);
      break;
    case '\\':
      fputs("\\\\", out);
      break;
    case '\n':
      fputs("\\n", out);
      break;
    case '\r':
      fputs("\\r", out);
      break;
    case '\t':
      fputs("\\t", out);
      break;
    default:
      if (c < 0x20 || c == 0x7F) {
        fprintf(out, "\\u%04X", c);
      } else {
        fputc((char)c, out);
      }
    }
  }
}

static int matches_number(const char *s, int kind) {
  /* kind 0 integer, 1 decimal, 2 double: Turtle's bare number syntax */
  const char *p = s;
  if (*p == '+' || *p == '-') {
    ++p;
  }
  int before = 0, after = 0, dot = 0;
  while (*p >= '0' && *p <= '9') {
    ++p, ++before;
  }
  if (*p == '.') {
    dot = 1;
    ++p;
    while (*p >= '0' && *p <= '9') {
      ++p, ++after;
    }
  }
  if (kind == 0) {
    return before && !dot && !*p;
  }
  if (kind == 1) {
    return dot && after && !*p;
  }
  if ((*p != 'e' && *p != 'E') || (!before && !after)) {
    return 0;
  }
  ++p;
  if (*p == '+' || *p == '-') {
    ++p;
  }
  if (!(*p >= '0' && *p <= '9')) {
    return 0;
  }
  while (*p >= '0' && *p <= '9') {
    ++p;
  }
  return !*p;
}

/* A term in Turtle syntax (numbers and booleans bare when their lexical
 * form allows). */
static void turtle_term(const NgDict *d, NgTermId id, FILE *out) {
  const NgTerm *t = ng_dict_term(d, id);
  if (t->kind == NG_TERM_IRI) {
    fputc('<', out);
    fputs(t->lex, out);
    fputc('>', out);
    return;
  }
  if (t->kind == NG_TERM_BLANK) {
    fprintf(out, "_:%s", t->lex);
    return;
  }
  const char *dt = t->dt ? ng_dict_term(d, t->dt)->lex : NULL;
  if (dt && ((!strcmp(dt, XSD "integer") && matches_number(t->lex, 0)) ||
             (!strcmp(dt, XSD "decimal") && matches_number(t->lex, 1)) ||
             (!strcmp(dt, XSD "double") && matches_number(t->lex, 2)) ||
             (!strcmp(dt, XSD "boolean") &&
              (!strcmp(t->lex, "true") || !strcmp(t->lex, "false"))))) {
    fputs(t->lex, out);
    return;
  }
  fputc('"', out);
  nt_escape(t->lex, t->len, out);
  fputc('"', out);
  if (t->lang) {
    fprintf(out, "@%s", t->lang);
  } else if (dt) {
    fprintf(out, "^^<%s>", dt);
  }
}

static NgStatus write_tsv(const NgResult *r, const NgDict *d, FILE *out) {
  for (size_t c = 0; c < r->n_vars; ++c) {
    fprintf(out, "%s?%s", c ? "\t" : "", r->vars[c]);
  }
  fputc('\n', out);
  for (size_t i = 0; i < r->n_rows; ++i) {
    for (size_t c = 0; c < r->n_vars; ++c) {
      if (c) {
        fputc('\t', out);
      }
      NgTermId id = row_of(r, i)[c];
      if (id) {
        turtle_term(d, id, out);
      }
    }
    fputc('\n', out);
  }
  return ferror(out) ? NG_ERR_IO : NG_SUCCESS;
}

/* ----------------------------------------------------------------- json */

static void json_string(const char *s, size_t n, FILE *out) {
  fputc('"', out);
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"':
      fputs("\\\"", out);
      break;
    case '\\':
      fputs("\\\\", out);
      break;
    case '\n':
      fputs("\\n", out);
      break;
    case '\r':
      fputs("\\r", out);
      break;
    case '\t':
      fputs("\\t", out);
      break;
    case '\b':
      fputs("\\b", out);
      break;
    case '\f':
      fputs("\\f", out);
      break;
    default:
      if (c < 0x20 || c == 0x7F) {
        fprintf(out, "\\u%04x", c);
      } else {
        fputc((char)c, out);
      }
    }
  }
  fputc('"', out);
}

static void json_term(const NgDict *d, NgTermId id, FILE *out) {
  const NgTerm *t = ng_dict_term(d, id);
  static const char *const kinds[] = {"", "uri", "bnode", "literal"};
  fprintf(out, "{ \"type\": \"%s\", \"value\": ", kinds[t->kind]);
  json_string(t->lex, t->len, out);
  if (t->lang) {
    fputs(", \"xml:lang\": ", out);
    json_string(t->lang, strlen(t->lang), out);
  } else if (t->dt) {
    const NgTerm *dt = ng_dict_term(d, t->dt);
    fputs(", \"datatype\": ", out);
    json_string(dt->lex, dt->len, out);
  }
  fputs(" }", out);
}

static NgStatus write_json(const NgResult *r, const NgDict *d, FILE *out) {
  fputs("{\n  \"head\": { \"vars\": [", out);
  for (size_t c = 0; r->form == NG_QUERY_SELECT && c < r->n_vars; ++c) {
    fputs(c ? ", " : " ", out);
    json_string(r->vars[c], strlen(r->vars[c]), out);
  }
  fputs(r->n_vars ? " ] },\n" : "] },\n", out);
  if (r->form == NG_QUERY_ASK) {
    fprintf(out, "  \"boolean\": %s\n}\n", r->boolean ? "true" : "false");
    return ferror(out) ? NG_ERR_IO : NG_SUCCESS;
  }
  fputs("  \"results\": { \"bindings\": [", out);
  for (size_t i = 0; i < r->n_rows; ++i) {
    fputs(i ? ",\n    {" : "\n    {", out);
    int first = 1;
    for (size_t c = 0; c < r->n_vars; ++c) {
      NgTermId id = row_of(r, i)[c];
      if (!id) {
        continue; /* unbound: left out */
      }
      fputs(first ? " " : ", ", out);
      first = 0;
      json_string(r->vars[c], strlen(r->vars[c]), out);
      fputs(": ", out);
      json_term(d, id, out);
    }
    fputs(first ? "}" : " }", out);
  }
  fputs(r->n_rows ? "\n  ] }\n}\n" : "] }\n}\n", out);
  return ferror(out) ? NG_ERR_IO : NG_SUCCESS;
}

/* ------------------------------------------------------------------ xml */

static void xml_text(const char *s, size_t n, FILE *out) {
  for (size_t i = 0; i < n; ++i) {
    switch (s[i]) {
    case '&':
      fputs("&amp;", out);
      break;
    case '<':
      fputs("&lt;", out);
      break;
    case '>':
      fputs("&gt;", out);
      break;
    case '"':
      fputs("&quot;", out);
      break;
    default:
      fputc(s[i], out);
    }
  }
}

static NgStatus write_xml(const NgResult *r, const NgDict *d, FILE *out) {
  fputs("<?xml version=\"1.0\"?>\n"
        "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
        "  <head>\n",
        out);
  for (size_t c = 0; r->form == NG_QUERY_SELECT && c < r->n_vars; ++c) {
    fputs("    <variable name=\"", out);
    xml_text(r->vars[c], strlen(r->vars[c]), out);
    fputs("\"/>\n", out);
  }
  fputs("  </head>\n", out);
  if (r->form == NG_QUERY_ASK) {
    fprintf(out, "  <boolean>%s</boolean>\n</sparql>\n",
            r->boolean ? "true" : "false");
    return ferror(out) ? NG_ERR_IO : NG_SUCCESS;
  }
  fputs("  <results>\n", out);
  for (size_t i = 0; i < r->n_rows; ++i) {
    fputs("    <result>\n", out);
    for (size_t c = 0; c < r->n_vars; ++c) {
      NgTermId id = row_of(r, i)[c];
      if (!id) {
        continue;
      }
      const NgTerm *t = ng_dict_term(d, id);
      fputs("      <binding name=\"", out);
      xml_text(r->vars[c], strlen(r->vars[c]), out);
      fputs("\">", out);
      if (t->kind == NG_TERM_IRI) {
        fputs("<uri>", out);
        xml_text(t->lex, t->len, out);
        fputs("</uri>", out);
      } else if (t->kind == NG_TERM_BLANK) {
        fputs("<bnode>", out);
        xml_text(t->lex, t->len, out);
        fputs("</bnode>", out);
      } else {
        fputs("<literal", out);
        if (t->lang) {
          fprintf(out, " xml:lang=\"%s\"", t->lang);
        } else if (t->dt) {
          fputs(" datatype=\"", out);
          xml_text(ng_dict_term(d, t->dt)->lex, ng_dict_term(d, t->dt)->len,
                   out);
          fputs("\"", out);
        }
        fputs(">", out);
        xml_text(t->lex, t->len, out);
        fputs("</literal>", out);
      }
      fputs("</binding>\n", out);
    }
    fputs("    </result>\n", out);
  }
  fputs("  </results>\n</sparql>\n", out);
  return ferror(out) ? NG_ERR_IO : NG_SUCCESS;
}

/* ------------------------------------------------------------------ dot */

static void dot_string(const char *s, FILE *out) {
  fputc('"', out);
  for (; *s; ++s) {
    if (*s == '"' || *s == '\\') {
      fputc('\\', out);
    }
    if (*s == '\n') {
      fputs("\\n", out);
      continue;
    }
    fputc(*s, out);
  }
  fputc('"', out);
}

/* The text a node or label shows: a literal's text, an IRI's last
 * segment (its local name), a blank node's label. */
static void dot_text(const NgDict *d, NgTermId id, NgBuf *b) {
  ng_buf_reset(b);
  const NgTerm *t = ng_dict_term(d, id);
  if (t->kind == NG_TERM_IRI) {
    const char *s = strrchr(t->lex, '#');
    const char *slash = strrchr(t->lex, '/');
    s = s && (!slash || s > slash) ? s : slash;
    ng_buf_puts(b, s && s[1] ? s + 1 : t->lex);
  } else {
    ng_buf_append(b, t->lex, t->len);
  }
}

/* A buffer's text, "" when nothing was ever appended. */
#define BUF_STR(b) ((b).len ? (b).data : "")

/* One edge per distinct (node, node, label); each node once.  The label:
 * the values of the variables after the first two, one a line; the last
 * variable's values of consecutive rows that agree on all the others are
 * joined with ", " (one edge per collaboration, with all its topics). */
static NgStatus write_dot(const NgResult *r, const NgDict *d, FILE *out) {
  if (r->form != NG_QUERY_SELECT || r->n_vars < 2) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "the dot format needs a SELECT with at least two variables (the "
           "two ends of each edge; further variables label it)");
    return NG_ERR_BAD_ARG;
  }
  NgBuf a = NG_BUF_INIT, b = NG_BUF_INIT, label = NG_BUF_INIT,
        tmp = NG_BUF_INIT;
  NgBuf seen = NG_BUF_INIT; /* edges written, one per line */
  fputs("graph newsgraph {\n"
        "  graph [overlap=false, splines=true, fontname=\"Helvetica\"];\n"
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", "
        "fontname=\"Helvetica\"];\n"
        "  edge [fontname=\"Helvetica\", fontsize=10];\n",
        out);
  /* nodes first, in order of appearance */
  NgBuf nodes = NG_BUF_INIT;
  for (size_t i = 0; i < r->n_rows; ++i) {
    for (int k = 0; k < 2; ++k) {
      NgTermId id = row_of(r, i)[k];
      if (!id) {
        continue;
      }
      dot_text(d, id, &a);
      ng_buf_reset(&tmp);
      ng_buf_printf(&tmp, "\n%s\n", a.data);
      if (strstr(nodes.len ? nodes.data : "", tmp.data)) {
        continue;
      }
      ng_buf_printf(&nodes, "\n%s\n", a.data);
      fputs("  ", out);
      dot_string(a.data, out);
      fputs(";\n", out);
    }
  }
  /* consecutive rows that agree on every variable but the last make one
   * edge whose label lists the last variable's values (the partnerships
   * preset: one edge per collaboration, its topics joined) */
  NgBuf key = NG_BUF_INIT, prev = NG_BUF_INIT, lasts = NG_BUF_INIT;
  NgBuf pa = NG_BUF_INIT, pb = NG_BUF_INIT, pmid = NG_BUF_INIT;
  NgBuf t2 = NG_BUF_INIT, t3 = NG_BUF_INIT;
  int have = 0;
  for (size_t i = 0; i <= r->n_rows; ++i) {
    const NgTermId *row = i < r->n_rows ? row_of(r, i) : NULL;
    if (row && (!row[0] || !row[1])) {
      continue;
    }
    if (row) {
      dot_text(d, row[0], &a);
      dot_text(d, row[1], &b);
      ng_buf_reset(&label);
      for (size_t c = 2; c + 1 < r->n_vars; ++c) {
        if (row[c]) {
          dot_text(d, row[c], &tmp);
          ng_buf_printf(&label, "%s%s", label.len ? "\n" : "", tmp.data);
        }
      }
      ng_buf_reset(&key);
      ng_buf_printf(&key, "%s\x1e%s\x1e%s", BUF_STR(a), BUF_STR(b),
                    BUF_STR(label));
      const char *last = NULL;
      if (r->n_vars > 2 && row[r->n_vars - 1]) {
        dot_text(d, row[r->n_vars - 1], &tmp);
        last = tmp.data;
      }
      if (have && !strcmp(BUF_STR(key), BUF_STR(prev))) {
        if (last) { /* each value once */
          ng_buf_reset(&t2);
          ng_buf_printf(&t2, ", %s, ", last);
          ng_buf_reset(&t3);
          ng_buf_printf(&t3, ", %s, ", BUF_STR(lasts));
          if (!strstr(t3.data, t2.data)) {
            ng_buf_printf(&lasts, "%s%s", lasts.len ? ", " : "", last);
          }
        }
        continue;
      }
    }
    if (have) { /* the previous group's edge */
      ng_buf_reset(&t2);
      ng_buf_printf(&t2, "%s%s%s", BUF_STR(pmid),
                    pmid.len && lasts.len ? "\n" : "", BUF_STR(lasts));
      ng_buf_reset(&tmp);
      ng_buf_printf(&tmp, "\x1f%s\x1e%s\x1e%s\x1f", BUF_STR(pa), BUF_STR(pb),
                    BUF_STR(t2));
      if (!seen.len || !strstr(seen.data, tmp.data)) {
        ng_buf_append(&seen, tmp.data, tmp.len);
        fputs("  ", out);
        dot_string(BUF_STR(pa), out);
        fputs(" -- ", out);
        dot_string(BUF_STR(pb), out);
        if (t2.len) {
          fputs(" [label=", out);
          dot_string(t2.data, out);
          fputs("]", out);
        }
        fputs(";\n", out);
      }
    }
    if (!row) {
      break;
    }
    /* start a group with this row */
    have = 1;
    ng_buf_reset(&prev);
    ng_buf_puts(&prev, BUF_STR(key));
    ng_buf_reset(&pa);
    ng_buf_puts(&pa, BUF_STR(a));
    ng_buf_reset(&pb);
    ng_buf_puts(&pb, BUF_STR(b));
    ng_buf_reset(&pmid);
    ng_buf_puts(&pmid, BUF_STR(label));
    ng_buf_reset(&lasts);
    if (r->n_vars > 2 && row[r->n_vars - 1]) {
      dot_text(d, row[r->n_vars - 1], &tmp);
      ng_buf_puts(&lasts, tmp.data);
    }
  }
  ng_buf_release(&key);
  ng_buf_release(&prev);
  ng_buf_release(&lasts);
  ng_buf_release(&pa);
  ng_buf_release(&pb);
  ng_buf_release(&pmid);
  ng_buf_release(&t2);
  ng_buf_release(&t3);
  fputs("}\n", out);
  ng_buf_release(&a);
  ng_buf_release(&b);
  ng_buf_release(&label);
  ng_buf_release(&tmp);
  ng_buf_release(&seen);
  ng_buf_release(&nodes);
  return ferror(out) ? NG_ERR_IO : NG_SUCCESS;
}

/* --------------------------------------------------------------- turtle */

static raptor_term *raptor_of(raptor_world *rw, const NgDict *d, NgTermId id) {
  const NgTerm *t = ng_dict_term(d, id);
  if (t->kind == NG_TERM_IRI) {
    return raptor_new_term_from_uri_string(rw, (const unsigned char *)t->lex);
  }
  if (t->kind == NG_TERM_BLANK) {
    return raptor_new_term_from_blank(rw, (const unsigned char *)t->lex);
  }
  raptor_uri *dt = NULL;
  if (t->dt) {
    dt = raptor_new_uri(rw, (const unsigned char *)ng_dict_term(d, t->dt)->lex);
    if (!dt) {
      return NULL;
    }
  }
  raptor_term *term = raptor_new_term_from_counted_literal(
      rw, (const unsigned char *)t->lex, t->len, dt,
      (const unsigned char *)t->lang,
      t->lang ? (unsigned char)strlen(t->lang) : 0);
  raptor_free_uri(dt);
  return term;
}

static NgStatus write_turtle(const NgResult *r, const NgDict *d, FILE *out) {
  NgWriter w;
  NgStatus st = ng_writer_start(&w, "turtle", out);
  raptor_world *rw = librdf_world_get_raptor(ng_store_world());
  for (size_t i = 0; !st && i < r->n_triples; ++i) {
    raptor_statement s;
    memset(&s, 0, sizeof s);
    s.world = rw;
    s.subject = raptor_of(rw, d, r->triples[i * 3]);
    s.predicate = raptor_of(rw, d, r->triples[i * 3 + 1]);
    s.object = raptor_of(rw, d, r->triples[i * 3 + 2]);
    if (!s.subject || !s.predicate || !s.object) {
      st = NG_ERR_NOMEM;
    } else if (raptor_serializer_serialize_statement(w.ser, &s)) {
      st = NG_ERR_IO;
    }
    raptor_free_term(s.subject);
    raptor_free_term(s.predicate);
    raptor_free_term(s.object);
  }
  NgStatus end = ng_writer_end(&w);
  return st ? st : end;
}

NgStatus ng_result_write_statements(const NgResult *r, const NgDict *d,
                                    const char *format, FILE *out) {
  NgWriter w;
  NgStatus st = ng_writer_start(&w, format, out);
  raptor_world *rw = librdf_world_get_raptor(ng_store_world());
  size_t need = w.nquads ? 4 : 3;
  if (!st && r->n_rows && r->n_vars < need) {
    st = NG_ERR_INTERNAL;
  }
  for (size_t i = 0; !st && i < r->n_rows; ++i) {
    const NgTermId *row = row_of(r, i);
    if (!row[0] || !row[1] || !row[2] || (w.nquads && !row[3])) {
      continue;
    }
    raptor_statement s;
    memset(&s, 0, sizeof s);
    s.world = rw;
    s.subject = raptor_of(rw, d, row[0]);
    s.predicate = raptor_of(rw, d, row[1]);
    s.object = raptor_of(rw, d, row[2]);
    s.graph = w.nquads ? raptor_of(rw, d, row[3]) : NULL;
    if (!s.subject || !s.predicate || !s.object || (w.nquads && !s.graph)) {
      st = NG_ERR_NOMEM;
    } else if (raptor_serializer_serialize_statement(w.ser, &s)) {
      st = NG_ERR_IO;
    }
    raptor_free_term(s.subject);
    raptor_free_term(s.predicate);
    raptor_free_term(s.object);
    raptor_free_term(s.graph);
  }
  NgStatus end = ng_writer_end(&w);
  return st ? st : end;
}

NgStatus ng_result_write(const NgResult *r, const NgDict *d, const char *format,
                         FILE *out) {
  if (r->form == NG_QUERY_CONSTRUCT || r->form == NG_QUERY_DESCRIBE) {
    return write_turtle(r, d, out);
  }
  if (r->form == NG_QUERY_ASK &&
      (!strcmp(format, "table") || !strcmp(format, "csv") ||
       !strcmp(format, "tsv"))) {
    fputs(r->boolean ? "true\n" : "false\n", out);
    return ferror(out) ? NG_ERR_IO : NG_SUCCESS;
  }
  if (!strcmp(format, "table")) {
    return write_table(r, d, out);
  }
  if (!strcmp(format, "csv")) {
    return write_csv(r, d, out);
  }
  if (!strcmp(format, "tsv")) {
    return write_tsv(r, d, out);
  }
  if (!strcmp(format, "json")) {
    return write_json(r, d, out);
  }
  if (!strcmp(format, "xml")) {
    return write_xml(r, d, out);
  }
  if (!strcmp(format, "dot")) {
    return write_dot(r, d, out);
  }
  ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
         "unknown result format %s (expected table, csv, tsv, json, xml or "
         "dot)",
         format);
  return NG_ERR_BAD_ARG;
}
