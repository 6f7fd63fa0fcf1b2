/*
 * results_ttl.c: reads a SELECT answer written as a Turtle result set
 * (see results_ttl.h), statement by statement, as the chunks of the HTTP
 * answer arrive.
 *
 * Why not raptor: raptor's Turtle parser builds every statement of the
 * result graph (four per binding: 600,000 bindings make 2.4 million
 * statements for a 150,000-row answer), copies each term into raptor
 * terms, and the rows were then rebuilt from those statements: about 2.5 s
 * of CPU for 52 MB, more than the server took to write it.  The shape
 * Virtuoso writes is small and regular:
 *
 *   @prefix res: <http://www.w3.org/2005/sparql-results#> .
 *   _:_ a res:ResultSet .
 *   _:_ res:resultVariable "x" , "a" .
 *   _:_ res:solution [
 *         res:binding [ res:variable "x" ; res:value ns0:y ] ;
 *         res:binding [ res:variable "a" ; res:value "A"@en ] ] .
 *
 * so this reader knows only that: @prefix, a blank subject with rdf:type,
 * res:resultVariable and res:solution, solutions and bindings as [ ]
 * lists, and the terms of Turtle (IRIs, prefixed names, blank nodes,
 * strings in the four quoting styles with their escapes, language tags,
 * datatypes, numbers, booleans).  Anything else in valid Turtle is
 * NG_ERR_UNSUPPORTED (the caller asks again in XML), never a guess.
 *
 * A statement is parsed where the bytes are; when a chunk ends inside one,
 * its beginning is copied and the next chunk's bytes are added a few
 * kilobytes at a time until it is complete.  What a statement adds
 * (prefixes, variables, a row) is undone when it turns out to be cut, so
 * it is parsed again whole.
 */
#define _POSIX_C_SOURCE 200809L
#include "output/results_ttl.h"

#include "buf.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define RES_NS "http://www.w3.org/2005/sparql-results#"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#define XSD "http://www.w3.org/2001/XMLSchema#"

/* What a parsing step says. */
enum { R_OK = 0, R_MORE, R_BAD, R_UNKNOWN, R_NOMEM, R_EMPTY };

typedef struct Prefix {
  char *name, *iri;
} Prefix;

struct NgTtlResults {
  NgDict *dict; /* borrowed */
  char *label;
  Prefix *prefixes;
  size_t n_prefixes, cap_prefixes;
  char **vars;
  size_t n_vars, cap_vars;
  NgTermId *rows;
  size_t n_rows, cap_rows;
  int result_set; /* a res:ResultSet or res:resultVariable was seen */
  int lossy;
  NgBuf carry;   /* the beginning of a statement cut by a chunk's end */
  NgBuf text;    /* a decoded string or IRI */
  NgBuf iri;     /* an expanded prefixed name */
  NgStatus st;   /* the first error */
  const char *why; /* what was malformed */
};

typedef struct Cur {
  const char *p, *end;
  int eof;      /* no bytes follow end */
  int *at_eof;  /* set when a step looked past the end of the answer: its
                   statement is cut short, whatever else it seemed */
} Cur;

NgTtlResults *ng_ttl_results_new(NgDict *dict, const char *label) {
  NgTtlResults *t = calloc(1, sizeof *t);
  if (!t || !(t->label = ng_strdup(label ? label : "?"))) {
    free(t);
    return NULL;
  }
  t->dict = dict;
  ng_buf_init(&t->carry);
  ng_buf_init(&t->text);
  ng_buf_init(&t->iri);
  return t;
}

void ng_ttl_results_free(NgTtlResults *t) {
  if (!t) {
    return;
  }
  for (size_t i = 0; i < t->n_prefixes; ++i) {
    free(t->prefixes[i].name);
    free(t->prefixes[i].iri);
  }
  free(t->prefixes);
  for (size_t i = 0; i < t->n_vars; ++i) {
    free(t->vars[i]);
  }
  free(t->vars);
  free(t->rows);
  ng_buf_release(&t->carry);
  ng_buf_release(&t->text);
  ng_buf_release(&t->iri);
  free(t->label);
  free(t);
}

/* ---------------------------------------------------------------- lexing */

/* The byte k ahead, 0 past the end of the answer, -1 past the end of the
 * bytes at hand (more may come). */
static int peek(const Cur *c, size_t k) {
  if ((size_t)(c->end - c->p) > k) {
    return (unsigned char)c->p[k];
  }
  if (c->eof) {
    *c->at_eof = 1;
    return 0;
  }
  return -1;
}

/* Skips white space and comments; R_MORE inside an unfinished comment. */
static int skip_ws(Cur *c) {
  for (;;) {
    int ch = peek(c, 0);
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      ++c->p;
    } else if (ch == '#') {
      const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
      if (!nl) {
        if (!c->eof) {
          return R_MORE;
        }
        c->p = c->end;
      } else {
        c->p = nl + 1;
      }
    } else {
      return R_OK;
    }
  }
}

/* Skips white space and comments, then reads the next byte into *ch
 * without taking it; R_MORE when the chunk ends first. */
static int next_byte(Cur *c, int *ch) {
  int r = skip_ws(c);
  if (r) {
    return r;
  }
  *ch = peek(c, 0);
  return *ch < 0 ? R_MORE : R_OK;
}

/* Expects the punctuation ch after white space. */
static int punct(Cur *c, char ch) {
  int r = skip_ws(c);
  if (r) {
    return r;
  }
  int got = peek(c, 0);
  if (got < 0) {
    return R_MORE;
  }
  if (got != ch) {
    return R_BAD;
  }
  ++c->p;
  return R_OK;
}

static int hex_value(int ch) {
  if (ch >= '0' && ch <= '9') {
    return ch - '0';
  }
  if (ch >= 'a' && ch <= 'f') {
    return ch - 'a' + 10;
  }
  if (ch >= 'A' && ch <= 'F') {
    return ch - 'A' + 10;
  }
  return -1;
}

/* Appends code point u as UTF-8. */
static NgStatus put_utf8(NgBuf *b, unsigned long u) {
  char s[4];
  size_t n;
  if (u < 0x80) {
    s[0] = (char)u;
    n = 1;
  } else if (u < 0x800) {
    s[0] = (char)(0xC0 | (u >> 6));
    s[1] = (char)(0x80 | (u & 0x3F));
    n = 2;
  } else if (u < 0x10000) {
    s[0] = (char)(0xE0 | (u >> 12));
    s[1] = (char)(0x80 | ((u >> 6) & 0x3F));
    s[2] = (char)(0x80 | (u & 0x3F));
    n = 3;
  } else {
    s[0] = (char)(0xF0 | (u >> 18));
    s[1] = (char)(0x80 | ((u >> 12) & 0x3F));
    s[2] = (char)(0x80 | ((u >> 6) & 0x3F));
    s[3] = (char)(0x80 | (u & 0x3F));
    n = 4;
  }
  return ng_buf_append(b, s, n);
}

/* A \uXXXX or \UXXXXXXXX escape at c->p (after the backslash, at 'u' or
 * 'U'), appended to b as UTF-8. */
static int uchar(Cur *c, NgBuf *b) {
  size_t digits = c->p[0] == 'u' ? 4 : 8;
  unsigned long u = 0;
  for (size_t i = 1; i <= digits; ++i) {
    int ch = peek(c, i);
    if (ch < 0) {
      return R_MORE;
    }
    int v = hex_value(ch);
    if (v < 0) {
      return R_BAD;
    }
    u = u * 16 + (unsigned long)v;
  }
  if (u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF)) {
    return R_BAD;
  }
  c->p += digits + 1;
  return put_utf8(b, u) ? R_NOMEM : R_OK;
}

/* <IRI> at c->p: *s and *len the IRI (in the input when it has no escapes,
 * else decoded into t->text). */
static int iriref(NgTtlResults *t, Cur *c, const char **s, size_t *len) {
  const char *q = c->p + 1, *stop = NULL;
  for (const char *x = q; x < c->end; ++x) {
    if (*x == '>' || *x == '\\' || (unsigned char)*x <= ' ' || *x == '<' ||
        *x == '"') {
      stop = x;
      break;
    }
  }
  if (!stop) {
    return c->eof ? R_BAD : R_MORE;
  }
  if (*stop == '>') { /* the common case: no escapes */
    *s = q;
    *len = (size_t)(stop - q);
    c->p = stop + 1;
    return R_OK;
  }
  ng_buf_reset(&t->text);
  Cur d = *c;
  d.p = q;
  for (;;) {
    int ch = peek(&d, 0);
    if (ch < 0) {
      return R_MORE;
    }
    if (ch == '>') {
      break;
    }
    if (ch == '\\') {
      int e = peek(&d, 1);
      if (e < 0) {
        return R_MORE;
      }
      if (e != 'u' && e != 'U') {
        return R_BAD;
      }
      ++d.p;
      int r = uchar(&d, &t->text);
      if (r) {
        return r;
      }
      continue;
    }
    if (ch <= ' ' || ch == '<' || ch == '"') {
      return R_BAD;
    }
    if (ng_buf_putc(&t->text, (char)ch)) {
      return R_NOMEM;
    }
    ++d.p;
  }
  c->p = d.p + 1;
  *s = t->text.data;
  *len = t->text.len;
  return R_OK;
}

static int name_char(int ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
         (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch >= 0x80;
}

/* A prefixed name (or the word 'a', or true/false: *word set) at c->p;
 * the IRI expanded into t->iri (NUL-terminated). */
static int pname(NgTtlResults *t, Cur *c, int *word) {
  size_t i = 0;
  int ch;
  *word = 0;
  /* the prefix: name characters and dots, not ending in a dot */
  while ((ch = peek(c, i)) >= 0 && (name_char(ch) || ch == '.')) {
    ++i;
  }
  if (ch < 0) {
    return R_MORE;
  }
  if (ch != ':') { /* a bare word */
    while (i && c->p[i - 1] == '.') {
      --i;
    }
    if (!i) {
      t->why = "an unexpected character";
      return R_BAD;
    }
    if (i == 1 && c->p[0] == 'a') {
      *word = 'a';
    } else if (i == 4 && !memcmp(c->p, "true", 4)) {
      *word = 't';
    } else if (i == 5 && !memcmp(c->p, "false", 5)) {
      *word = 'f';
    } else {
      return R_UNKNOWN;
    }
    c->p += i;
    return R_OK;
  }
  const char *name = c->p;
  size_t name_len = i;
  const Prefix *pf = NULL;
  for (size_t k = 0; k < t->n_prefixes && !pf; ++k) {
    if (strlen(t->prefixes[k].name) == name_len &&
        !memcmp(t->prefixes[k].name, name, name_len)) {
      pf = &t->prefixes[k];
    }
  }
  if (!pf) {
    t->why = "a prefix that was not declared";
    return R_BAD;
  }
  ng_buf_reset(&t->iri);
  if (ng_buf_puts(&t->iri, pf->iri)) {
    return R_NOMEM;
  }
  ++i; /* the colon */
  /* the local part: name characters, ':', '.', %XX and \-escapes; a
   * final dot ends the statement */
  size_t dots = 0;
  for (;;) {
    ch = peek(c, i);
    if (ch < 0) {
      return R_MORE;
    }
    if (name_char(ch) || ch == ':' || ch == '.' || ch == '%') {
      dots = ch == '.' ? dots + 1 : 0;
      if (ng_buf_putc(&t->iri, (char)ch)) {
        return R_NOMEM;
      }
      ++i;
    } else if (ch == '\\') {
      int e = peek(c, i + 1);
      if (e < 0) {
        return R_MORE;
      }
      if (!e || !strchr("_~.-!$&'()*+,;=/?#@%", e)) {
        return R_BAD;
      }
      dots = 0;
      if (ng_buf_putc(&t->iri, (char)e)) {
        return R_NOMEM;
      }
      i += 2;
    } else {
      break;
    }
  }
  ng_buf_truncate(&t->iri, t->iri.len - dots);
  c->p += i - dots;
  return R_OK;
}

/* An IRI in either form: *s NUL-terminated, in t->iri or t->text. */
static int any_iri(NgTtlResults *t, Cur *c, const char **s, int *word) {
  int ch = peek(c, 0);
  *word = 0;
  if (ch < 0) {
    return R_MORE;
  }
  if (ch == '<') {
    const char *v;
    size_t len;
    int r = iriref(t, c, &v, &len);
    if (r) {
      return r;
    }
    if (v != t->text.data) {
      ng_buf_reset(&t->text);
      if (ng_buf_append(&t->text, v, len)) {
        return R_NOMEM;
      }
    }
    *s = t->text.data;
    return R_OK;
  }
  int r = pname(t, c, word);
  *s = t->iri.data;
  return r;
}

/* A string literal's text at c->p (any of the four quotes): *s and *len in
 * the input when it has no escapes, else decoded into t->text. */
static int string(NgTtlResults *t, Cur *c, const char **s, size_t *len) {
  int q = peek(c, 0);
  int q1 = peek(c, 1), q2 = peek(c, 2);
  if (q1 < 0 || (q1 == q && q2 < 0)) {
    return R_MORE;
  }
  int longq = q1 == q && q2 == q;
  if (q1 == q && !longq) { /* "" */
    *s = c->p + 1;
    *len = 0;
    c->p += 2;
    return R_OK;
  }
  Cur d = *c;
  d.p += longq ? 3 : 1;
  const char *start = d.p;
  int decoded = 0;
  ng_buf_reset(&t->text);
  for (;;) {
    int ch = peek(&d, 0);
    if (ch < 0) {
      return R_MORE;
    }
    if (!ch && d.p >= d.end) {
      return R_BAD; /* the answer ends inside a string */
    }
    if (ch == q) {
      if (!longq) {
        break;
      }
      int a = peek(&d, 1), b = peek(&d, 2);
      if (a < 0 || (a == q && b < 0)) {
        return R_MORE;
      }
      if (a == q && b == q) {
        /* a closing """ may follow quotes of the text ("""a"""" ) */
        int e = peek(&d, 3);
        if (e < 0) {
          return R_MORE;
        }
        if (e != q) {
          break;
        }
      }
    } else if (!longq && (ch == '\n' || ch == '\r')) {
      return R_BAD;
    }
    if (ch == '\\') {
      int e = peek(&d, 1);
      if (e < 0) {
        return R_MORE;
      }
      if (!decoded) {
        if (ng_buf_append(&t->text, start, (size_t)(d.p - start))) {
          return R_NOMEM;
        }
        decoded = 1;
      }
      const char *map = strchr("t\tb\bn\nr\rf\f\"\"''\\\\", e);
      if (e == 'u' || e == 'U') {
        ++d.p;
        int r = uchar(&d, &t->text);
        if (r) {
          return r;
        }
        continue;
      }
      if (!e || !map || (map - "t\tb\bn\nr\rf\f\"\"''\\\\") % 2) {
        return R_BAD;
      }
      if (ng_buf_putc(&t->text, map[1])) {
        return R_NOMEM;
      }
      d.p += 2;
      continue;
    }
    if (decoded && ng_buf_putc(&t->text, (char)ch)) {
      return R_NOMEM;
    }
    ++d.p;
  }
  if (decoded) {
    *s = t->text.data;
    *len = t->text.len;
  } else {
    *s = start;
    *len = (size_t)(d.p - start);
  }
  c->p = d.p + (longq ? 3 : 1);
  return R_OK;
}

/* A number at c->p: its lexical form and datatype. */
static int number(Cur *c, const char **s, size_t *len, NgXsd *type) {
  size_t i = 0;
  int ch = peek(c, 0), dot = 0, exp = 0, digits = 0;
  if (ch == '+' || ch == '-') {
    ++i;
  }
  for (;;) {
    ch = peek(c, i);
    if (ch < 0) {
      return R_MORE;
    }
    if (ch >= '0' && ch <= '9') {
      ++digits;
      ++i;
    } else if (ch == '.' && !dot && !exp) {
      int n = peek(c, i + 1);
      if (n < 0) {
        return R_MORE;
      }
      if (n < '0' || n > '9') {
        break; /* the statement's end */
      }
      dot = 1;
      ++i;
    } else if ((ch == 'e' || ch == 'E') && !exp && digits) {
      exp = 1;
      ++i;
      ch = peek(c, i);
      if (ch < 0) {
        return R_MORE;
      }
      if (ch == '+' || ch == '-') {
        ++i;
      }
    } else {
      break;
    }
  }
  if (!digits) {
    return R_BAD;
  }
  *s = c->p;
  *len = i;
  *type = exp ? NG_XSD_DOUBLE : dot ? NG_XSD_DECIMAL : NG_XSD_INTEGER;
  c->p += i;
  return R_OK;
}

/* An integer 0/1 (perhaps a boolean) or a decimal (perhaps a double). */
static int ambiguous(NgXsd type, const char *s, size_t len) {
  return type == NG_XSD_DECIMAL ||
         (type == NG_XSD_INTEGER && len == 1 && (*s == '0' || *s == '1'));
}

/* The value of a binding: a term interned in t->dict (*id). */
static int term(NgTtlResults *t, Cur *c, NgTermId *id) {
  int r = skip_ws(c);
  if (r) {
    return r;
  }
  int ch = peek(c, 0);
  if (ch < 0) {
    return R_MORE;
  }
  NgDict *d = t->dict;
  const char *s;
  size_t len;
  *id = 0;
  if (ch == '<') {
    if ((r = iriref(t, c, &s, &len))) {
      return r;
    }
    *id = ng_dict_intern(d, NG_TERM_IRI, s, len, 0, NULL);
  } else if (ch == '_') {
    if (peek(c, 1) < 0) {
      return R_MORE;
    }
    if (peek(c, 1) != ':') {
      return R_BAD;
    }
    size_t i = 2;
    while ((ch = peek(c, i)) >= 0 && (name_char(ch) || ch == '.')) {
      ++i;
    }
    if (ch < 0) {
      return R_MORE;
    }
    while (i > 2 && c->p[i - 1] == '.') {
      --i;
    }
    if (i == 2) {
      return R_BAD;
    }
    *id = ng_dict_intern(d, NG_TERM_BLANK, c->p + 2, i - 2, 0, NULL);
    c->p += i;
  } else if (ch == '"' || ch == '\'') {
    if ((r = string(t, c, &s, &len))) {
      return r;
    }
    /* the text may be in t->text, which a datatype IRI would overwrite */
    const char *lex = s;
    char *own = NULL;
    NgTermId dt = 0;
    char lang[64] = "";
    int next = peek(c, 0);
    if (next < 0) {
      return R_MORE;
    }
    if (next == '@') {
      size_t i = 1;
      while ((ch = peek(c, i)) >= 0 &&
             ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '-')) {
        ++i;
      }
      if (ch < 0) {
        return R_MORE;
      }
      if (i == 1 || i - 1 >= sizeof lang) {
        return R_BAD;
      }
      memcpy(lang, c->p + 1, i - 1);
      lang[i - 1] = '\0';
      c->p += i;
    } else if (next == '^') {
      if (peek(c, 1) < 0) {
        return R_MORE;
      }
      if (peek(c, 1) != '^') {
        return R_BAD;
      }
      if (lex == t->text.data) {
        if (!(own = malloc(len + 1))) {
          return R_NOMEM;
        }
        memcpy(own, lex, len);
        lex = own;
      }
      c->p += 2;
      const char *dts;
      int word;
      r = any_iri(t, c, &dts, &word);
      if (!r && word) {
        r = R_BAD;
      }
      if (!r && !(dt = ng_dict_intern(d, NG_TERM_IRI, dts, strlen(dts), 0,
                                      NULL))) {
        r = R_NOMEM;
      }
      if (r) {
        free(own);
        return r;
      }
    }
    *id = ng_dict_intern(d, NG_TERM_LITERAL, lex, len, dt,
                         lang[0] ? lang : NULL);
    free(own);
  } else if ((ch >= '0' && ch <= '9') || ch == '+' || ch == '-' ||
             ch == '.') {
    NgXsd type;
    if ((r = number(c, &s, &len, &type))) {
      return r;
    }
    t->lossy |= ambiguous(type, s, len);
    *id = ng_dict_intern(d, NG_TERM_LITERAL, s, len, ng_dict_xsd(d, type),
                         NULL);
  } else {
    int word;
    if ((r = any_iri(t, c, &s, &word))) {
      return r;
    }
    if (word == 'a') {
      return R_BAD;
    }
    if (word) {
      *id = ng_dict_intern(d, NG_TERM_LITERAL, word == 't' ? "true" : "false",
                           word == 't' ? 4 : 5, ng_dict_xsd(d, NG_XSD_BOOLEAN),
                           NULL);
    } else {
      *id = ng_dict_intern(d, NG_TERM_IRI, s, strlen(s), 0, NULL);
    }
  }
  return *id ? R_OK : R_NOMEM;
}

/* ---------------------------------------------------------- statements */

/* Which predicate: 1 rdf:type, 2 res:resultVariable, 3 res:solution,
 * 4 res:binding, 5 res:variable, 6 res:value, 0 another. */
static int predicate(NgTtlResults *t, Cur *c, int *which) {
  int r = skip_ws(c);
  if (r) {
    return r;
  }
  const char *s;
  int word;
  if ((r = any_iri(t, c, &s, &word))) {
    return r;
  }
  static const char *const names[] = {"resultVariable", "solution", "binding",
                                      "variable", "value"};
  *which = 0;
  if (word == 'a' || (!word && !strcmp(s, RDF_TYPE))) {
    *which = 1;
  } else if (!word && !strncmp(s, RES_NS, sizeof RES_NS - 1)) {
    for (int i = 0; i < 5; ++i) {
      if (!strcmp(s + sizeof RES_NS - 1, names[i])) {
        *which = i + 2;
      }
    }
  } else if (word) {
    return R_BAD;
  }
  return R_OK;
}

/* The column of variable name (s, len), or -1. */
static long column(const NgTtlResults *t, const char *s, size_t len) {
  for (size_t i = 0; i < t->n_vars; ++i) {
    if (strlen(t->vars[i]) == len && !memcmp(t->vars[i], s, len)) {
      return (long)i;
    }
  }
  return -1;
}

/* [ res:variable "v" ; res:value term ] at c->p, into row. */
static int binding(NgTtlResults *t, Cur *c, NgTermId *row) {
  int r = punct(c, '[');
  if (r) {
    return r == R_BAD ? R_UNKNOWN : r;
  }
  long col = -1;
  NgTermId value = 0;
  for (;;) {
    int ch;
    if ((r = next_byte(c, &ch))) {
      return r;
    }
    if (ch == ']') {
      ++c->p;
      break;
    }
    int which;
    if ((r = predicate(t, c, &which))) {
      return r;
    }
    if (which == 5) {
      const char *s;
      size_t len;
      if ((r = next_byte(c, &ch))) {
        return r;
      }
      if (ch != '"' && ch != '\'') {
        t->why = "a variable that is not a string";
        return R_BAD;
      }
      if ((r = string(t, c, &s, &len))) {
        return r;
      }
      if (col >= 0 || (col = column(t, s, len)) < 0) {
        t->why = "a binding of a variable the answer does not declare";
        return R_BAD;
      }
    } else if (which == 6) {
      if (value) {
        t->why = "a binding with two values";
        return R_BAD;
      }
      if ((r = term(t, c, &value))) {
        return r;
      }
    } else {
      return R_UNKNOWN;
    }
    if ((r = next_byte(c, &ch))) {
      return r;
    }
    if (ch == ';') {
      ++c->p;
    } else if (ch != ']') {
      return R_BAD;
    }
  }
  if (col < 0 || !value) {
    t->why = "an incomplete binding";
    return R_BAD;
  }
  if (row[col]) {
    t->why = "two bindings of one variable in a solution";
    return R_BAD;
  }
  row[col] = value;
  return R_OK;
}

/* [ res:binding [ ... ] ; ... ] at c->p: a new row. */
static int solution(NgTtlResults *t, Cur *c) {
  int r = punct(c, '[');
  if (r) {
    return r == R_BAD ? R_UNKNOWN : r; /* a solution named by a label */
  }
  size_t w = t->n_vars;
  if (!w) {
    return R_UNKNOWN; /* solutions before the variables */
  }
  if (ng_grow((void **)&t->rows, &t->cap_rows, (t->n_rows + 1) * w,
              sizeof(NgTermId))) {
    return R_NOMEM;
  }
  NgTermId *row = t->rows + t->n_rows * w;
  memset(row, 0, w * sizeof(NgTermId));
  ++t->n_rows;
  for (;;) {
    int ch;
    if ((r = next_byte(c, &ch))) {
      return r;
    }
    if (ch == ']') {
      ++c->p;
      return R_OK;
    }
    int which;
    if ((r = predicate(t, c, &which))) {
      return r;
    }
    if (which != 4) {
      return R_UNKNOWN;
    }
    do {
      if ((r = binding(t, c, row))) {
        return r;
      }
      if ((r = next_byte(c, &ch))) {
        return r;
      }
      if (ch == ',') {
        ++c->p;
      }
    } while (ch == ',');
    if (ch == ';') {
      ++c->p;
    } else if (ch != ']') {
      return R_BAD;
    }
  }
}

/* @prefix name: <iri> . (after the @prefix) */
static int prefix(NgTtlResults *t, Cur *c) {
  int r = skip_ws(c);
  if (r) {
    return r;
  }
  size_t i = 0;
  int ch;
  while ((ch = peek(c, i)) >= 0 && (name_char(ch) || ch == '.')) {
    ++i;
  }
  if (ch < 0) {
    return R_MORE;
  }
  if (ch != ':') {
    return R_BAD;
  }
  const char *name = c->p;
  c->p += i + 1;
  if ((r = next_byte(c, &ch))) {
    return r;
  }
  const char *s;
  size_t len;
  if (ch != '<') {
    return R_BAD;
  }
  if ((r = iriref(t, c, &s, &len)) || (r = punct(c, '.'))) {
    return r;
  }
  if (ng_grow((void **)&t->prefixes, &t->cap_prefixes, t->n_prefixes + 1,
              sizeof(Prefix))) {
    return R_NOMEM;
  }
  Prefix *p = &t->prefixes[t->n_prefixes];
  p->name = malloc(i + 1);
  p->iri = malloc(len + 1);
  if (!p->name || !p->iri) {
    free(p->name);
    free(p->iri);
    return R_NOMEM;
  }
  memcpy(p->name, name, i);
  p->name[i] = '\0';
  memcpy(p->iri, s, len);
  p->iri[len] = '\0';
  ++t->n_prefixes;
  return R_OK;
}

/* One statement at c->p (R_EMPTY: only white space is left). */
static int statement(NgTtlResults *t, Cur *c) {
  int r = skip_ws(c);
  if (r) {
    return r;
  }
  int ch = peek(c, 0);
  if (ch == 0 && c->p < c->end) {
    t->why = "a NUL byte";
    return R_BAD;
  }
  if (ch <= 0) {
    return R_EMPTY; /* nothing but white space */
  }
  if (ch == '@') {
    static const char kw[] = "@prefix";
    for (size_t i = 0; i < sizeof kw - 1; ++i) {
      int x = peek(c, i);
      if (x < 0) {
        return R_MORE;
      }
      if (x != kw[i]) {
        return R_UNKNOWN; /* @base */
      }
    }
    c->p += sizeof kw - 1;
    return prefix(t, c);
  }
  /* the subject: the result set's blank node */
  if (ch != '_') {
    return R_UNKNOWN;
  }
  NgTermId ignored;
  if ((r = term(t, c, &ignored))) {
    return r;
  }
  for (;;) {
    int which;
    if ((r = predicate(t, c, &which))) {
      return r;
    }
    do {
      if ((r = skip_ws(c))) {
        return r;
      }
      if (which == 1) {
        const char *s;
        int word;
        if ((r = any_iri(t, c, &s, &word))) {
          return r;
        }
        if (word || strcmp(s, RES_NS "ResultSet")) {
          return R_UNKNOWN;
        }
        t->result_set = 1;
      } else if (which == 2) {
        const char *s;
        size_t len;
        ch = peek(c, 0);
        if (ch < 0) {
          return R_MORE;
        }
        if (ch != '"' && ch != '\'') {
          return R_UNKNOWN;
        }
        if ((r = string(t, c, &s, &len))) {
          return r;
        }
        if (t->n_rows) {
          return R_UNKNOWN; /* variables after solutions */
        }
        if (column(t, s, len) >= 0) {
          t->why = "a variable declared twice";
          return R_BAD;
        }
        char *v = malloc(len + 1);
        if (!v || ng_grow((void **)&t->vars, &t->cap_vars, t->n_vars + 1,
                          sizeof(char *))) {
          free(v);
          return R_NOMEM;
        }
        memcpy(v, s, len);
        v[len] = '\0';
        t->vars[t->n_vars++] = v;
        t->result_set = 1;
      } else if (which == 3) {
        if ((r = solution(t, c))) {
          return r;
        }
      } else {
        return R_UNKNOWN;
      }
      if ((r = next_byte(c, &ch))) {
        return r;
      }
      if (ch == ',') {
        ++c->p;
      }
    } while (ch == ',');
    if (ch == ';') { /* another predicate, or a ';' before the end */
      ++c->p;
      if ((r = next_byte(c, &ch))) {
        return r;
      }
      if (ch != '.') {
        continue;
      }
    }
    if (ch == '.') {
      ++c->p;
      return R_OK;
    }
    t->why = ch ? "a statement with an unexpected character"
                : "a statement without its end";
    return R_BAD;
  }
}

/* Parses whole statements from c; *used: the bytes they took.  What a
 * statement cut short (R_MORE) added is undone. */
static int statements(NgTtlResults *t, Cur *c, size_t *used) {
  const char *begin = c->p;
  for (;;) {
    const char *at = c->p;
    size_t n_prefixes = t->n_prefixes, n_vars = t->n_vars,
           n_rows = t->n_rows;
    int result_set = t->result_set, lossy = t->lossy;
    *c->at_eof = 0;
    int r = statement(t, c);
    if (r == R_OK) {
      continue;
    }
    if (r != R_EMPTY && r != R_NOMEM && *c->at_eof) {
      r = R_MORE; /* cut short at the end of the answer */
    }
    if (r == R_MORE) {
      for (size_t i = n_prefixes; i < t->n_prefixes; ++i) {
        free(t->prefixes[i].name);
        free(t->prefixes[i].iri);
      }
      for (size_t i = n_vars; i < t->n_vars; ++i) {
        free(t->vars[i]);
      }
      t->n_prefixes = n_prefixes;
      t->n_vars = n_vars;
      t->n_rows = n_rows;
      t->result_set = result_set;
      t->lossy = lossy;
      c->p = at;
    }
    *used = (size_t)(c->p - begin);
    return r == R_EMPTY ? R_OK : r;
  }
}

static NgStatus fail(NgTtlResults *t, int r) {
  if (r == R_NOMEM) {
    t->st = NG_ERR_NOMEM;
  } else if (r == R_UNKNOWN) {
    t->st = NG_ERR_UNSUPPORTED;
  } else {
    t->st = NG_ERR_STORE;
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "the SPARQL server of store %s sent a malformed Turtle result set%s%s",
           t->label, t->why ? ": " : "", t->why ? t->why : "");
  }
  return t->st;
}

NgStatus ng_ttl_results_chunk(NgTtlResults *t, const char *data, size_t n) {
  if (t->st) {
    return t->st;
  }
  size_t at = 0;
  /* a statement cut by the last chunk: add this chunk's bytes to it a
   * little at a time until it is whole, then read the rest in place */
  for (size_t step = 4096; t->carry.len && at < n; step *= 2) {
    size_t old = t->carry.len, take = n - at < step ? n - at : step;
    if (ng_buf_append(&t->carry, data + at, take)) {
      return fail(t, R_NOMEM);
    }
    at += take;
    int at_eof = 0;
    Cur c = {t->carry.data, t->carry.data + t->carry.len, 0, &at_eof};
    size_t used;
    int r = statements(t, &c, &used);
    if (r && r != R_MORE) {
      return fail(t, r);
    }
    if (used >= old) { /* the cut statement is whole: the rest in place */
      at -= t->carry.len - used;
      ng_buf_reset(&t->carry);
    } else if (used) {
      return fail(t, R_BAD); /* cannot happen: statements end in new bytes */
    }
  }
  if (at < n) {
    int at_eof = 0;
    Cur c = {data + at, data + n, 0, &at_eof};
    size_t used;
    int r = statements(t, &c, &used);
    if (r && r != R_MORE) {
      return fail(t, r);
    }
    if (ng_buf_append(&t->carry, data + at + used, n - at - used)) {
      return fail(t, R_NOMEM);
    }
  }
  return NG_SUCCESS;
}

NgStatus ng_ttl_results_end(NgTtlResults *t, char ***vars, size_t *n_vars,
                            NgTermId **rows, size_t *n_rows, int *lossy) {
  *vars = NULL;
  *rows = NULL;
  *n_vars = *n_rows = 0;
  *lossy = 0;
  if (t->st) {
    return t->st;
  }
  if (t->carry.len) {
    int at_eof = 0;
    Cur c = {t->carry.data, t->carry.data + t->carry.len, 1, &at_eof};
    size_t used;
    int r = statements(t, &c, &used);
    if (r == R_MORE || (!r && used < t->carry.len)) {
      t->why = "the answer ends inside a statement (cut short)";
      r = R_BAD;
    }
    if (r) {
      return fail(t, r);
    }
  }
  if (!t->result_set) {
    t->why = "no result set in the answer";
    return fail(t, R_BAD);
  }
  *vars = t->vars;
  *n_vars = t->n_vars;
  *rows = t->rows;
  *n_rows = t->n_rows;
  *lossy = t->lossy;
  t->vars = NULL;
  t->n_vars = 0;
  t->rows = NULL;
  t->n_rows = 0;
  return NG_SUCCESS;
}
