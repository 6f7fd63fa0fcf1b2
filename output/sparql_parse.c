/*
 * sparql_parse.c: a recursive-descent parser for SPARQL 1.1 queries (the
 * grammar of the SPARQL 1.1 Query Language, section 19), producing the
 * algebra of section 18.2 directly: each group graph pattern is translated
 * as it is read (Join, LeftJoin, Filter, Union, Minus, Extend, Graph,
 * Values, subqueries), property paths are split into triple patterns where
 * the algebra allows (sequences, inverses of IRIs) and kept as paths
 * otherwise.  What the engine does not evaluate is refused here, with the
 * construct named, so that no query is ever answered wrongly.
 */
#define _POSIX_C_SOURCE 200809L
#include "output/sparql_ast.h"

#include "buf.h"
#include "util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define XSD "http://www.w3.org/2001/XMLSchema#"

/* --------------------------------------------------------------- arena */

typedef struct Block {
  struct Block *next;
  size_t used, cap;
  max_align_t data[];
} Block;

void *ng_query_alloc(NgQuery *q, size_t n) {
  Block *b = q->arena;
  n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
  if (!b || b->cap - b->used < n) {
    size_t cap = n > 64 * 1024 ? n : 64 * 1024;
    Block *nb = malloc(sizeof(Block) + cap);
    if (!nb) {
      return NULL;
    }
    nb->next = b;
    nb->used = 0;
    nb->cap = cap;
    q->arena = b = nb;
  }
  char *p = (char *)b->data + b->used;
  b->used += n;
  memset(p, 0, n);
  return p;
}

static void arena_free(void *arena) {
  for (Block *b = arena; b;) {
    Block *next = b->next;
    free(b);
    b = next;
  }
}

/* --------------------------------------------------------------- lexer */

typedef enum Tok {
  T_EOF,
  T_IRI,
  T_PNAME,
  T_BLANK,
  T_VAR,
  T_STRING,
  T_LANGTAG,
  T_INTEGER,
  T_DECIMAL,
  T_DOUBLE,
  T_WORD,
  T_NIL,
  T_ANON,
  T_PUNCT
} Tok;

typedef struct Token {
  Tok type;
  const char *start; /* in the query text */
  size_t len;
  unsigned line;
  char *text; /* decoded: IRI, string, var name, pname, word (arena) */
  size_t text_len;
  char punct[3]; /* T_PUNCT: "{", "&&", "^^", ... */
} Token;

/* A prefix declaration. */
typedef struct Prefix {
  const char *name, *iri;
} Prefix;

/* Variable names visible in one scope (the query, or a subquery). */
typedef struct Scope {
  char **names;
  int *vars;
  size_t n, cap;
  struct Scope *parent;
} Scope;

typedef struct Parser {
  NgQuery *top;
  NgDict *dict;
  const char *src, *pos;
  unsigned line;
  Token tok;   /* the current token */
  NgStatus st; /* first error */
  Prefix *prefixes;
  size_t n_prefixes, cap_prefixes;
  const char *base;
  Scope *scope;
  int agg_allowed;  /* parsing SELECT/HAVING/ORDER BY expressions */
  NgQuery *current; /* query (or subquery) whose aggregates are collected */
  /* blank node labels of patterns and templates */
  char **labels;
  int *label_vars;
  size_t n_labels, cap_labels;
  int template_mode; /* parsing a CONSTRUCT template */
  int template_bnodes;
  size_t cap_vars;
  /* the Filter node the last group_pattern made of its own FILTERs (the
   * OPTIONAL rule of 18.2.2.6 lifts only those into the LeftJoin) */
  Pattern *group_filter;
  /* lenient: a construct the engine does not evaluate is noted (first
   * one in top->unsupported) and parsed past, for queries a server runs */
  int lenient;
  /* where the token before the current one ends (ORDER BY's extent) */
  const char *prev_end;
} Parser;

static void error_at(Parser *p, NgStatus st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void error_at(Parser *p, NgStatus st, const char *fmt, ...) {
  if (p->st) {
    return;
  }
  if (p->lenient) { /* the server will judge the query itself */
    p->st = st;
    return;
  }
  p->st = st;
  NgBuf b = NG_BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  ng_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  if (st == NG_ERR_UNSUPPORTED) {
    ng_buf_puts(&b, " is not supported by newsgraph's embedded SPARQL "
                    "engine; run the query on a SPARQL server store (--store "
                    "virtuoso:DIR, see doc/store.md)");
    p->top->unsupported = "see message";
  }
  ng_log(NG_LOG_ERROR, "query", p->tok.line ? p->tok.line : p->line, (size_t)-1,
         NULL, "%s", b.data);
  ng_buf_release(&b);
}

static void syntax(Parser *p, const char *expected) {
  if (p->tok.type == T_EOF) {
    error_at(p, NG_ERR_SYNTAX,
             "syntax error at the end of the query: "
             "expected %s",
             expected);
  } else {
    int n = p->tok.len > 40 ? 40 : (int)p->tok.len;
    error_at(p, NG_ERR_SYNTAX, "syntax error at '%.*s': expected %s", n,
             p->tok.start, expected);
  }
}

static void unsupported(Parser *p, const char *what) {
  if (p->lenient) {
    if (!p->top->unsupported) {
      p->top->unsupported = "unsupported";
    }
    return;
  }
  error_at(p, NG_ERR_UNSUPPORTED, "%s", what);
}

static void nomem(Parser *p) {
  if (!p->st) {
    p->st = NG_ERR_NOMEM;
  }
}

static void *alloc(Parser *p, size_t n) {
  void *x = ng_query_alloc(p->top, n ? n : 1);
  if (!x) {
    nomem(p);
  }
  return x;
}

static char *copy(Parser *p, const char *s, size_t n) {
  char *d = alloc(p, n + 1);
  if (d) {
    memcpy(d, s, n);
    d[n] = '\0';
  }
  return d;
}

/* Grows an arena array (old contents copied; the old block is wasted). */
static void *grow(Parser *p, void *v, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) {
    return v;
  }
  size_t nc = *cap ? *cap * 2 : 8;
  while (nc < need) {
    nc *= 2;
  }
  void *nv = alloc(p, nc * elem);
  if (nv && v) {
    memcpy(nv, v, *cap * elem);
  }
  if (nv) {
    *cap = nc;
  }
  return nv;
}

static int is_name_start(unsigned char c) {
  return isalpha(c) || c == '_' || c >= 0x80;
}

static int is_name_char(unsigned char c) {
  return isalnum(c) || c == '_' || c == '-' || c >= 0x80;
}

static int hexval(int c) {
  return isdigit(c)               ? c - '0'
         : (c >= 'a' && c <= 'f') ? c - 'a' + 10
         : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                  : -1;
}

static void put_utf8(NgBuf *b, unsigned long c) {
  char out[4];
  int n;
  if (c < 0x80) {
    out[0] = (char)c, n = 1;
  } else if (c < 0x800) {
    out[0] = (char)(0xC0 | (c >> 6)), out[1] = (char)(0x80 | (c & 0x3F));
    n = 2;
  } else if (c < 0x10000) {
    out[0] = (char)(0xE0 | (c >> 12));
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    n = 3;
  } else {
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    n = 4;
  }
  ng_buf_append(b, out, (size_t)n);
}

/* Reads \uXXXX or \UXXXXXXXX at s (after the backslash); returns the
 * characters consumed (0 when malformed). */
static size_t read_uchar(const char *s, unsigned long *c) {
  int n = *s == 'u' ? 4 : *s == 'U' ? 8 : 0;
  unsigned long v = 0;
  for (int i = 1; n && i <= n; ++i) {
    int h = hexval((unsigned char)s[i]);
    if (h < 0) {
      return 0;
    }
    v = v * 16 + (unsigned long)h;
  }
  if (!n || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    return 0;
  }
  *c = v;
  return (size_t)n + 1;
}

static void set_text(Parser *p, NgBuf *b) {
  p->tok.text = copy(p, b->data, b->len);
  p->tok.text_len = b->len;
  ng_buf_release(b);
}

static void skip_space(Parser *p) {
  for (;;) {
    char c = *p->pos;
    if (c == '\n') {
      ++p->line, ++p->pos;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++p->pos;
    } else if (c == '#') {
      while (*p->pos && *p->pos != '\n') {
        ++p->pos;
      }
    } else {
      return;
    }
  }
}

/* Scans an IRIREF at p->pos ('<' ... '>'); 0 (nothing consumed) when the
 * '<' is the less-than operator instead. */
static int lex_iri(Parser *p) {
  const char *s = p->pos + 1;
  NgBuf b = NG_BUF_INIT;
  while (*s && *s != '>') {
    unsigned char c = (unsigned char)*s;
    if (c <= 0x20 || strchr("<\"{}|^`", c)) {
      ng_buf_release(&b);
      return 0;
    }
    if (c == '\\') {
      unsigned long u;
      size_t n = read_uchar(s + 1, &u);
      if (!n) {
        ng_buf_release(&b);
        return 0;
      }
      put_utf8(&b, u);
      s += n + 1;
      continue;
    }
    ng_buf_putc(&b, (char)c);
    ++s;
  }
  if (*s != '>') {
    ng_buf_release(&b);
    return 0;
  }
  p->tok.type = T_IRI;
  set_text(p, &b);
  p->pos = s + 1;
  return 1;
}

static void lex_string(Parser *p) {
  char q = *p->pos;
  int long_form = p->pos[1] == q && p->pos[2] == q;
  const char *s = p->pos + (long_form ? 3 : 1);
  NgBuf b = NG_BUF_INIT;
  for (;;) {
    char c = *s;
    if (!c || (!long_form && (c == '\n' || c == '\r'))) {
      ng_buf_release(&b);
      p->pos = s;
      error_at(p, NG_ERR_SYNTAX, "syntax error: unterminated string");
      return;
    }
    if (c == q && (!long_form || (s[1] == q && s[2] == q))) {
      s += long_form ? 3 : 1;
      break;
    }
    if (c == '\n') {
      ++p->line;
    }
    if (c == '\\') {
      char e = s[1];
      const char *esc = strchr("tbnrf\"'\\", e);
      if (e && esc) {
        static const char to[] = "\t\b\n\r\f\"'\\";
        ng_buf_putc(&b, to[esc - "tbnrf\"'\\"]);
        s += 2;
        continue;
      }
      unsigned long u;
      size_t n = read_uchar(s + 1, &u);
      if (!n) {
        ng_buf_release(&b);
        p->pos = s;
        error_at(p, NG_ERR_SYNTAX, "syntax error: bad escape in string");
        return;
      }
      put_utf8(&b, u);
      s += n + 1;
      continue;
    }
    ng_buf_putc(&b, c);
    ++s;
  }
  p->tok.type = T_STRING;
  set_text(p, &b);
  p->pos = s;
}

/* Prefixed names: PN_PREFIX? ':' PN_LOCAL?, with %XX and \-escapes in the
 * local part; a trailing '.' ends the statement, not the name. */
static int lex_pname(Parser *p) {
  const char *s = p->pos;
  while (is_name_char((unsigned char)*s) || *s == '.') {
    ++s;
  }
  while (s > p->pos && s[-1] == '.') {
    --s;
  }
  if (*s != ':') {
    return 0;
  }
  if (s > p->pos && !is_name_start((unsigned char)*p->pos)) {
    return 0;
  }
  NgBuf b = NG_BUF_INIT;
  ng_buf_append(&b, p->pos, (size_t)(s - p->pos + 1));
  ++s;
  const char *local = s;
  for (;;) {
    unsigned char c = (unsigned char)*s;
    if (is_name_char(c) || c == ':' ||
        (c == '.' && (is_name_char((unsigned char)s[1]) || s[1] == ':' ||
                      s[1] == '%' || s[1] == '\\' || s[1] == '.'))) {
      if (c == '.' && s == local) {
        break;
      }
      ng_buf_putc(&b, (char)c);
      ++s;
    } else if (c == '%' && hexval((unsigned char)s[1]) >= 0 &&
               hexval((unsigned char)s[2]) >= 0) {
      ng_buf_append(&b, s, 3);
      s += 3;
    } else if (c == '\\' && s[1] && strchr("_~.-!$&'()*+,;=/?#@%", s[1])) {
      ng_buf_putc(&b, s[1]);
      s += 2;
    } else {
      break;
    }
  }
  while (b.len && b.data[b.len - 1] == '.') { /* cannot end with '.' */
    ng_buf_truncate(&b, b.len - 1);
    --s;
  }
  p->tok.type = T_PNAME;
  set_text(p, &b);
  p->pos = s;
  return 1;
}

static void lex_number(Parser *p) {
  const char *s = p->pos;
  Tok t = T_INTEGER;
  while (isdigit((unsigned char)*s)) {
    ++s;
  }
  if (*s == '.' && isdigit((unsigned char)s[1])) {
    t = T_DECIMAL;
    ++s;
    while (isdigit((unsigned char)*s)) {
      ++s;
    }
  } else if (*s == '.' && s > p->pos && (s[1] == 'e' || s[1] == 'E')) {
    t = T_DECIMAL;
    ++s;
  }
  if ((*s == 'e' || *s == 'E') &&
      (isdigit((unsigned char)s[1]) ||
       ((s[1] == '+' || s[1] == '-') && isdigit((unsigned char)s[2])))) {
    t = T_DOUBLE;
    s += 2;
    while (isdigit((unsigned char)*s)) {
      ++s;
    }
  }
  p->tok.type = t;
  p->tok.text = copy(p, p->pos, (size_t)(s - p->pos));
  p->tok.text_len = (size_t)(s - p->pos);
  p->pos = s;
}

static void next(Parser *p) {
  if (p->st) {
    p->tok.type = T_EOF;
    return;
  }
  p->prev_end = p->tok.start ? p->tok.start + p->tok.len : p->src;
  skip_space(p);
  Token *t = &p->tok;
  memset(t, 0, sizeof *t);
  t->start = p->pos;
  t->line = p->line;
  const char *s = p->pos;
  unsigned char c = (unsigned char)*s;
  if (!c) {
    t->type = T_EOF;
  } else if (c == '<' && lex_iri(p)) {
    /* done */
  } else if (c == '"' || c == '\'') {
    lex_string(p);
  } else if ((c == '?' || c == '$') && is_name_char((unsigned char)s[1]) &&
             s[1] != '-') {
    const char *e = s + 1;
    while (is_name_char((unsigned char)*e) && *e != '-') {
      ++e;
    }
    t->type = T_VAR;
    t->text = copy(p, s + 1, (size_t)(e - s - 1));
    t->text_len = (size_t)(e - s - 1);
    p->pos = e;
  } else if (c == '_' && s[1] == ':') {
    const char *e = s + 2;
    while (is_name_char((unsigned char)*e) ||
           (*e == '.' && is_name_char((unsigned char)e[1]))) {
      ++e;
    }
    t->type = T_BLANK;
    t->text = copy(p, s + 2, (size_t)(e - s - 2));
    t->text_len = (size_t)(e - s - 2);
    p->pos = e;
  } else if (c == '@' && isalpha((unsigned char)s[1])) {
    const char *e = s + 1;
    while (isalnum((unsigned char)*e) || *e == '-') {
      ++e;
    }
    t->type = T_LANGTAG;
    t->text = copy(p, s + 1, (size_t)(e - s - 1));
    t->text_len = (size_t)(e - s - 1);
    p->pos = e;
  } else if (isdigit(c) || (c == '.' && isdigit((unsigned char)s[1]))) {
    lex_number(p);
  } else if ((is_name_start(c) || c == ':') && lex_pname(p)) {
    /* done */
  } else if (isalpha(c)) {
    const char *e = s;
    while (isalnum((unsigned char)*e) || *e == '_') {
      ++e;
    }
    t->type = T_WORD;
    t->text = copy(p, s, (size_t)(e - s));
    t->text_len = (size_t)(e - s);
    p->pos = e;
  } else if (c == '(' || c == '[') {
    const char *e = s + 1;
    unsigned lines = 0;
    while (*e == ' ' || *e == '\t' || *e == '\r' || *e == '\n') {
      lines += *e++ == '\n';
    }
    if (*e == (c == '(' ? ')' : ']')) {
      t->type = c == '(' ? T_NIL : T_ANON;
      p->line += lines;
      p->pos = e + 1;
    } else {
      t->type = T_PUNCT;
      t->punct[0] = (char)c;
      p->pos = s + 1;
    }
  } else {
    static const char *const two[] = {"&&", "||", "!=", "<=", ">=", "^^"};
    t->type = T_PUNCT;
    for (size_t i = 0; i < NG_ARRAY_LEN(two); ++i) {
      if (s[0] == two[i][0] && s[1] == two[i][1]) {
        memcpy(t->punct, two[i], 2);
        p->pos = s + 2;
        break;
      }
    }
    if (!t->punct[0]) {
      if (!strchr("{}()[].,;*/|^!=<>+-?", c)) {
        p->pos = s + 1;
        t->len = 1;
        error_at(p, NG_ERR_SYNTAX, "syntax error: unexpected character '%c'",
                 c);
        t->type = T_EOF;
        return;
      }
      t->punct[0] = (char)c;
      p->pos = s + 1;
    }
  }
  t->len = (size_t)(p->pos - t->start);
}

static int is_punct(const Parser *p, const char *s) {
  return p->tok.type == T_PUNCT && !strcmp(p->tok.punct, s);
}

static int is_word(const Parser *p, const char *w) {
  return p->tok.type == T_WORD && !strcasecmp(p->tok.text, w);
}

static int accept(Parser *p, const char *s) {
  if (is_punct(p, s)) {
    next(p);
    return 1;
  }
  return 0;
}

static int accept_word(Parser *p, const char *w) {
  if (is_word(p, w)) {
    next(p);
    return 1;
  }
  return 0;
}

static void expect(Parser *p, const char *s) {
  if (!accept(p, s)) {
    char what[8];
    snprintf(what, sizeof what, "'%s'", s);
    syntax(p, what);
  }
}

static void expect_word(Parser *p, const char *w) {
  if (!accept_word(p, w)) {
    syntax(p, w);
  }
}

/* ------------------------------------------------------------ variables */

static int new_var(Parser *p, const char *name, int hidden) {
  NgQuery *q = p->top;
  size_t n = (size_t)q->n_vars;
  size_t cap = p->cap_vars;
  char **names = grow(p, q->var_names, &cap, n + 1, sizeof(char *));
  size_t cap2 = p->cap_vars;
  unsigned char *h = grow(p, q->var_hidden, &cap2, n + 1, 1);
  if (!names || !h) {
    return 0;
  }
  p->cap_vars = cap;
  q->var_names = names;
  q->var_hidden = h;
  names[n] = copy(p, name, strlen(name));
  h[n] = (unsigned char)hidden;
  return q->n_vars++;
}

static int hidden_var(Parser *p, const char *what) {
  char name[48];
  snprintf(name, sizeof name, "_%s%d", what, p->top->n_vars);
  return new_var(p, name, 1);
}

/* The variable called name in the current scope (created when new). */
static int scoped_var(Parser *p, const char *name) {
  Scope *s = p->scope;
  for (size_t i = 0; i < s->n; ++i) {
    if (!strcmp(s->names[i], name)) {
      return s->vars[i];
    }
  }
  int v = new_var(p, name, 0);
  size_t cap = s->cap;
  char **names = grow(p, s->names, &cap, s->n + 1, sizeof(char *));
  size_t cap2 = s->cap;
  int *vars = grow(p, s->vars, &cap2, s->n + 1, sizeof(int));
  if (!names || !vars || p->st) {
    return 0;
  }
  s->cap = cap;
  s->names = names;
  s->vars = vars;
  names[s->n] = p->top->var_names[v];
  vars[s->n++] = v;
  return v;
}

static int label_var(Parser *p, const char *label) {
  for (size_t i = 0; i < p->n_labels; ++i) {
    if (!strcmp(p->labels[i], label)) {
      return p->label_vars[i];
    }
  }
  size_t cap = p->cap_labels;
  char **l = grow(p, p->labels, &cap, p->n_labels + 1, sizeof(char *));
  size_t cap2 = p->cap_labels;
  int *v = grow(p, p->label_vars, &cap2, p->n_labels + 1, sizeof(int));
  if (!l || !v) {
    return 0;
  }
  p->cap_labels = cap;
  p->labels = l;
  p->label_vars = v;
  l[p->n_labels] = copy(p, label, strlen(label));
  v[p->n_labels] = p->template_mode ? ++p->template_bnodes : hidden_var(p, "b");
  return v[p->n_labels++];
}

/* --------------------------------------------------------------- IRIs */

static int has_scheme(const char *iri) {
  const char *c = iri;
  if (!isalpha((unsigned char)*c)) {
    return 0;
  }
  while (isalnum((unsigned char)*c) || *c == '+' || *c == '-' || *c == '.') {
    ++c;
  }
  return *c == ':';
}

/* iri resolved against the BASE (a simplified RFC 3986 resolution that
 * covers fragments, absolute paths and relative paths). */
static NgTermId resolve_iri(Parser *p, const char *iri) {
  if (!p->base || has_scheme(iri)) {
    return ng_dict_iri(p->dict, iri);
  }
  NgBuf b = NG_BUF_INIT;
  const char *base = p->base;
  if (!*iri) {
    ng_buf_puts(&b, base);
  } else if (*iri == '#') {
    ng_buf_append(&b, base, strcspn(base, "#"));
    ng_buf_puts(&b, iri);
  } else if (*iri == '/' && iri[1] == '/') {
    ng_buf_append(&b, base, (size_t)(strchr(base, ':') - base + 1));
    ng_buf_puts(&b, iri);
  } else if (*iri == '/') {
    const char *auth = strstr(base, "//");
    const char *path = auth ? strchr(auth + 2, '/') : strchr(base, ':') + 1;
    ng_buf_append(&b, base, path ? (size_t)(path - base) : strlen(base));
    ng_buf_puts(&b, iri);
  } else {
    const char *slash = strrchr(base, '/');
    ng_buf_append(&b, base, slash ? (size_t)(slash - base + 1) : strlen(base));
    ng_buf_puts(&b, iri);
  }
  NgTermId id = ng_dict_iri(p->dict, b.data);
  ng_buf_release(&b);
  return id;
}

static NgTermId pname_iri(Parser *p, const char *pname) {
  const char *colon = strchr(pname, ':');
  size_t n = (size_t)(colon - pname);
  for (size_t i = p->n_prefixes; i-- > 0;) {
    if (strlen(p->prefixes[i].name) == n &&
        !strncmp(p->prefixes[i].name, pname, n)) {
      NgBuf b = NG_BUF_INIT;
      ng_buf_puts(&b, p->prefixes[i].iri);
      /* %XX stays as written; \-escapes were removed by the lexer */
      ng_buf_puts(&b, colon + 1);
      NgTermId id = ng_dict_iri(p->dict, b.data);
      ng_buf_release(&b);
      return id;
    }
  }
  error_at(p, NG_ERR_SYNTAX,
           "undeclared prefix '%.*s:' (add PREFIX %.*s: "
           "<...>)",
           (int)n, pname, (int)n, pname);
  return 0;
}

/* The IRI of the current token (T_IRI or T_PNAME), or 0 (reported). */
static NgTermId read_iri(Parser *p) {
  NgTermId id = 0;
  if (p->tok.type == T_IRI) {
    id = resolve_iri(p, p->tok.text);
  } else if (p->tok.type == T_PNAME) {
    id = pname_iri(p, p->tok.text);
  } else {
    syntax(p, "an IRI");
    return 0;
  }
  if (!id && !p->st) {
    nomem(p);
  }
  next(p);
  return id;
}

static int is_iri_token(const Parser *p) {
  return p->tok.type == T_IRI || p->tok.type == T_PNAME;
}

/* ------------------------------------------------------------- literals */

static NgTermId literal(Parser *p, const char *lex, size_t len, NgXsd type) {
  NgTermId id = ng_dict_intern(p->dict, NG_TERM_LITERAL, lex, len,
                               ng_dict_xsd(p->dict, type), NULL);
  if (!id) {
    nomem(p);
  }
  return id;
}

/* A numeric literal token, with an optional sign already read. */
static NgTermId number(Parser *p, const char *sign) {
  NgXsd type = p->tok.type == T_INTEGER   ? NG_XSD_INTEGER
               : p->tok.type == T_DECIMAL ? NG_XSD_DECIMAL
                                          : NG_XSD_DOUBLE;
  NgBuf b = NG_BUF_INIT;
  ng_buf_puts(&b, sign);
  ng_buf_append(&b, p->tok.text, p->tok.text_len);
  NgTermId id = literal(p, b.data, b.len, type);
  ng_buf_release(&b);
  next(p);
  return id;
}

static int is_number_token(const Parser *p) {
  return p->tok.type == T_INTEGER || p->tok.type == T_DECIMAL ||
         p->tok.type == T_DOUBLE;
}

/* RDFLiteral: String (LANGTAG | '^^' iri)? */
static NgTermId rdf_literal(Parser *p) {
  char *lex = p->tok.text;
  size_t len = p->tok.text_len;
  next(p);
  if (p->tok.type == T_LANGTAG) {
    NgTermId id =
        ng_dict_intern(p->dict, NG_TERM_LITERAL, lex, len, 0, p->tok.text);
    next(p);
    return id ? id : (nomem(p), 0);
  }
  NgTermId dt = 0;
  if (accept(p, "^^")) {
    dt = read_iri(p);
    if (!dt) {
      return 0;
    }
  }
  NgTermId id = ng_dict_intern(p->dict, NG_TERM_LITERAL, lex, len, dt, NULL);
  return id ? id : (nomem(p), 0);
}

static NgTermId boolean(Parser *p) {
  NgTermId id = literal(p, is_word(p, "true") ? "true" : "false",
                        is_word(p, "true") ? 4 : 5, NG_XSD_BOOLEAN);
  next(p);
  return id;
}

/* --------------------------------------------------------------- nodes */

static Expr *new_expr(Parser *p, ExprOp op, int n) {
  Expr *e = alloc(p, sizeof *e);
  if (e) {
    e->op = op;
    e->n = n;
    e->var = -1;
    if (n) {
      e->args = alloc(p, (size_t)n * sizeof(Expr *));
      if (!e->args) {
        return NULL;
      }
    }
  }
  return e;
}

static Pattern *new_pattern(Parser *p, PatKind kind) {
  Pattern *x = alloc(p, sizeof *x);
  if (x) {
    x->kind = kind;
    x->var = -1;
    x->graph.var = -1;
  }
  return x;
}

static Pattern *binary(Parser *p, PatKind kind, Pattern *a, Pattern *b) {
  if (kind == P_JOIN && a && a->kind == P_EMPTY) {
    return b;
  }
  if (kind == P_JOIN && b && b->kind == P_EMPTY) {
    return a;
  }
  Pattern *x = new_pattern(p, kind);
  if (x) {
    x->a = a;
    x->b = b;
  }
  return x;
}

static Slot var_slot(int v) {
  Slot s = {v, 0, 0};
  return s;
}

static Slot term_slot(NgTermId t) {
  Slot s = {-1, t, 0};
  return s;
}

/* ---------------------------------------------------------- expressions */

static Expr *expression(Parser *p);
static Pattern *group_pattern(Parser *p);
static void query_body(Parser *p, NgQuery *q, int sub);

typedef struct FuncName {
  const char *name;
  int fn;
  int min, max; /* argument counts (max -1: any) */
} FuncName;

static const FuncName builtins[] = {{"STR", F_STR, 1, 1},
                                    {"LANG", F_LANG, 1, 1},
                                    {"LANGMATCHES", F_LANGMATCHES, 2, 2},
                                    {"DATATYPE", F_DATATYPE, 1, 1},
                                    {"BOUND", F_BOUND, 1, 1},
                                    {"IRI", F_IRI, 1, 1},
                                    {"URI", F_IRI, 1, 1},
                                    {"ABS", F_ABS, 1, 1},
                                    {"CEIL", F_CEIL, 1, 1},
                                    {"FLOOR", F_FLOOR, 1, 1},
                                    {"ROUND", F_ROUND, 1, 1},
                                    {"CONCAT", F_CONCAT, 0, -1},
                                    {"SUBSTR", F_SUBSTR, 2, 3},
                                    {"STRLEN", F_STRLEN, 1, 1},
                                    {"REPLACE", F_REPLACE, 3, 4},
                                    {"UCASE", F_UCASE, 1, 1},
                                    {"LCASE", F_LCASE, 1, 1},
                                    {"ENCODE_FOR_URI", F_ENCODE_FOR_URI, 1, 1},
                                    {"CONTAINS", F_CONTAINS, 2, 2},
                                    {"STRSTARTS", F_STRSTARTS, 2, 2},
                                    {"STRENDS", F_STRENDS, 2, 2},
                                    {"STRBEFORE", F_STRBEFORE, 2, 2},
                                    {"STRAFTER", F_STRAFTER, 2, 2},
                                    {"YEAR", F_YEAR, 1, 1},
                                    {"MONTH", F_MONTH, 1, 1},
                                    {"DAY", F_DAY, 1, 1},
                                    {"HOURS", F_HOURS, 1, 1},
                                    {"MINUTES", F_MINUTES, 1, 1},
                                    {"SECONDS", F_SECONDS, 1, 1},
                                    {"TZ", F_TZ, 1, 1},
                                    {"NOW", F_NOW, 0, 0},
                                    {"COALESCE", F_COALESCE, 0, -1},
                                    {"IF", F_IF, 3, 3},
                                    {"STRLANG", F_STRLANG, 2, 2},
                                    {"STRDT", F_STRDT, 2, 2},
                                    {"SAMETERM", F_SAMETERM, 2, 2},
                                    {"ISIRI", F_ISIRI, 1, 1},
                                    {"ISURI", F_ISIRI, 1, 1},
                                    {"ISBLANK", F_ISBLANK, 1, 1},
                                    {"ISLITERAL", F_ISLITERAL, 1, 1},
                                    {"ISNUMERIC", F_ISNUMERIC, 1, 1},
                                    {"REGEX", F_REGEX, 2, 3}};

/* SPARQL built-ins the engine refuses, by name. */
static const char *const refused_builtins[] = {
    "BNODE", "RAND", "TIMEZONE", "UUID",   "STRUUID",
    "MD5",   "SHA1", "SHA256",   "SHA384", "SHA512"};

static const char *const aggregates[] = {
    "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"};

static const char *const casts[] = {"string", "integer", "decimal",  "double",
                                    "float",  "boolean", "dateTime", "date"};

static Expr *var_expr(Parser *p, int v) {
  Expr *e = new_expr(p, E_VAR, 0);
  if (e) {
    e->var = v;
  }
  return e;
}

static Expr *term_expr(Parser *p, NgTermId t) {
  Expr *e = t ? new_expr(p, E_TERM, 0) : NULL;
  if (e) {
    e->term = t;
  }
  return e;
}

/* '(' Expression (',' Expression)* ')' or NIL; *n the count. */
static Expr **arg_list(Parser *p, int *n) {
  *n = 0;
  if (p->tok.type == T_NIL) {
    next(p);
    return NULL;
  }
  expect(p, "(");
  Expr **args = NULL;
  size_t cap = 0;
  do {
    Expr *e = expression(p);
    args = grow(p, args, &cap, (size_t)*n + 1, sizeof(Expr *));
    if (!e || !args) {
      return NULL;
    }
    args[(*n)++] = e;
  } while (accept(p, ","));
  expect(p, ")");
  return args;
}

static Expr *aggregate(Parser *p, int kind) {
  if (!p->agg_allowed) {
    error_at(p, NG_ERR_SYNTAX,
             "aggregate %s is only allowed in SELECT, "
             "HAVING and ORDER BY",
             aggregates[kind]);
    return NULL;
  }
  next(p);
  expect(p, "(");
  Expr *e = new_expr(p, E_AGG, 0);
  if (!e) {
    return NULL;
  }
  e->fn = kind;
  e->distinct = accept_word(p, "DISTINCT");
  if (kind == AGG_COUNT && accept(p, "*")) {
    e->n = 0;
  } else {
    p->agg_allowed = 0; /* no aggregate inside an aggregate */
    Expr *arg = expression(p);
    p->agg_allowed = 1;
    e->args = alloc(p, sizeof(Expr *));
    if (!arg || !e->args) {
      return NULL;
    }
    e->args[0] = arg;
    e->n = 1;
  }
  if (kind == AGG_CONCAT) {
    e->sep = " ";
    if (accept(p, ";")) {
      expect_word(p, "SEPARATOR");
      expect(p, "=");
      if (p->tok.type != T_STRING) {
        syntax(p, "a string");
        return NULL;
      }
      e->sep = p->tok.text;
      next(p);
    }
  }
  expect(p, ")");
  /* the group's value is read from a hidden variable */
  e->var = hidden_var(p, "agg");
  NgQuery *q = p->current;
  size_t cap = (size_t)q->n_aggs;
  Expr **aggs = grow(p, q->aggs, &cap, (size_t)q->n_aggs + 1, sizeof(Expr *));
  if (!aggs) {
    return NULL;
  }
  q->aggs = aggs;
  aggs[q->n_aggs++] = e;
  q->grouped = 1;
  return e;
}

static Expr *exists_expr(Parser *p, int negated) {
  Expr *e = new_expr(p, negated ? E_NOTEXISTS : E_EXISTS, 0);
  int saved = p->agg_allowed;
  p->agg_allowed = 0;
  Pattern *g = group_pattern(p);
  p->agg_allowed = saved;
  if (e) {
    e->pattern = g;
  }
  return g ? e : NULL;
}

/* REGEX/REPLACE with constant pattern and flags: compile now, so that a
 * bad pattern is reported as a query error. */
static void precompile_regex(Parser *p, Expr *e) {
  int fi = e->fn == F_REGEX ? 2 : 3;
  Expr *pat = e->args[1];
  Expr *fl = e->n > fi ? e->args[fi] : NULL;
  if (pat->op != E_TERM || (fl && fl->op != E_TERM)) {
    return;
  }
  const NgTerm *pt = ng_dict_term(p->dict, pat->term);
  const NgTerm *ft = fl ? ng_dict_term(p->dict, fl->term) : NULL;
  if (pt->kind != NG_TERM_LITERAL || (ft && ft->kind != NG_TERM_LITERAL)) {
    return;
  }
  char err[256];
  e->regex =
      ng_regex_compile(pt->lex, pt->len, ft ? ft->lex : "", err, sizeof err);
  if (!e->regex) {
    error_at(p, NG_ERR_SYNTAX, "bad regular expression: %s", err);
  }
}

static Expr *builtin_call(Parser *p) {
  const char *name = p->tok.text;
  if (!strcasecmp(name, "NOT")) {
    next(p);
    if (!is_word(p, "EXISTS")) {
      syntax(p, "EXISTS");
      return NULL;
    }
    next(p);
    return exists_expr(p, 1);
  }
  if (!strcasecmp(name, "EXISTS")) {
    next(p);
    return exists_expr(p, 0);
  }
  for (size_t i = 0; i < NG_ARRAY_LEN(aggregates); ++i) {
    if (!strcasecmp(name, aggregates[i])) {
      return aggregate(p, (int)i);
    }
  }
  for (size_t i = 0; i < NG_ARRAY_LEN(refused_builtins); ++i) {
    if (!strcasecmp(name, refused_builtins[i])) {
      char what[64];
      snprintf(what, sizeof what, "the function %s", refused_builtins[i]);
      unsupported(p, what);
      if (p->lenient) { /* parse the call, evaluate nothing */
        next(p);
        int n;
        arg_list(p, &n);
        return p->st ? NULL : term_expr(p, literal(p, "", 0, NG_XSD_STRING));
      }
      return NULL;
    }
  }
  for (size_t i = 0; i < NG_ARRAY_LEN(builtins); ++i) {
    if (strcasecmp(name, builtins[i].name)) {
      continue;
    }
    next(p);
    int n = 0;
    Expr **args;
    if (builtins[i].fn == F_BOUND) {
      expect(p, "(");
      if (p->tok.type != T_VAR) {
        syntax(p, "a variable");
        return NULL;
      }
      args = alloc(p, sizeof(Expr *));
      if (args) {
        args[0] = var_expr(p, scoped_var(p, p->tok.text));
      }
      next(p);
      expect(p, ")");
      n = 1;
    } else {
      args = arg_list(p, &n);
    }
    if (p->st) {
      return NULL;
    }
    if (n < builtins[i].min || (builtins[i].max >= 0 && n > builtins[i].max)) {
      error_at(p, NG_ERR_SYNTAX, "%s takes %d%s argument%s, not %d",
               builtins[i].name, builtins[i].min,
               builtins[i].max < 0                 ? " or more"
               : builtins[i].max > builtins[i].min ? " or more"
                                                   : "",
               builtins[i].min == 1 && builtins[i].max == 1 ? "" : "s", n);
      return NULL;
    }
    Expr *e = new_expr(p, E_FUNC, 0);
    if (!e) {
      return NULL;
    }
    e->fn = builtins[i].fn;
    e->n = n;
    e->args = args;
    if (e->fn == F_REGEX || e->fn == F_REPLACE) {
      precompile_regex(p, e);
    }
    return e;
  }
  return NULL;
}

static int is_builtin_name(const Parser *p) {
  if (p->tok.type != T_WORD) {
    return 0;
  }
  const char *n = p->tok.text;
  if (!strcasecmp(n, "NOT") || !strcasecmp(n, "EXISTS")) {
    return 1;
  }
  for (size_t i = 0; i < NG_ARRAY_LEN(builtins); ++i) {
    if (!strcasecmp(n, builtins[i].name)) {
      return 1;
    }
  }
  for (size_t i = 0; i < NG_ARRAY_LEN(aggregates); ++i) {
    if (!strcasecmp(n, aggregates[i])) {
      return 1;
    }
  }
  for (size_t i = 0; i < NG_ARRAY_LEN(refused_builtins); ++i) {
    if (!strcasecmp(n, refused_builtins[i])) {
      return 1;
    }
  }
  return 0;
}

/* iri or iri(args): a constant, an XSD cast, or (refused) a function. */
static Expr *iri_or_function(Parser *p) {
  NgTermId iri = read_iri(p);
  if (!iri) {
    return NULL;
  }
  if (p->tok.type != T_NIL && !is_punct(p, "(")) {
    return term_expr(p, iri);
  }
  const char *s = ng_dict_term(p->dict, iri)->lex;
  if (!strncmp(s, XSD, strlen(XSD))) {
    for (size_t i = 0; i < NG_ARRAY_LEN(casts); ++i) {
      if (!strcmp(s + strlen(XSD), casts[i])) {
        int n;
        Expr **args = arg_list(p, &n);
        if (p->st) {
          return NULL;
        }
        if (n != 1) {
          error_at(p, NG_ERR_SYNTAX, "the cast to xsd:%s takes one argument",
                   casts[i]);
          return NULL;
        }
        Expr *e = new_expr(p, E_CAST, 0);
        if (e) {
          e->term = iri;
          e->n = 1;
          e->args = args;
        }
        return e;
      }
    }
  }
  NgBuf b = NG_BUF_INIT;
  ng_buf_printf(&b, "the function <%s>", s);
  unsupported(p, b.data);
  ng_buf_release(&b);
  if (p->lenient) {
    int n;
    arg_list(p, &n);
    return p->st ? NULL : term_expr(p, iri);
  }
  return NULL;
}

static Expr *primary(Parser *p) {
  if (accept(p, "(")) {
    Expr *e = expression(p);
    expect(p, ")");
    return e;
  }
  switch (p->tok.type) {
  case T_VAR: {
    Expr *e = var_expr(p, scoped_var(p, p->tok.text));
    next(p);
    return e;
  }
  case T_IRI:
  case T_PNAME:
    return iri_or_function(p);
  case T_STRING:
    return term_expr(p, rdf_literal(p));
  case T_INTEGER:
  case T_DECIMAL:
  case T_DOUBLE:
    return term_expr(p, number(p, ""));
  case T_WORD:
    if (is_word(p, "true") || is_word(p, "false")) {
      return term_expr(p, boolean(p));
    }
    if (is_builtin_name(p)) {
      return builtin_call(p);
    }
    break;
  default:
    break;
  }
  syntax(p, "an expression");
  return NULL;
}

static Expr *unary(Parser *p) {
  ExprOp op = accept(p, "!")   ? E_NOT
              : accept(p, "-") ? E_NEG
              : accept(p, "+") ? E_PLUS
                               : E_VAR;
  if (op == E_VAR) {
    return primary(p);
  }
  Expr *e = new_expr(p, op, 1);
  Expr *a = unary(p);
  if (!e || !a) {
    return NULL;
  }
  e->args[0] = a;
  return e;
}

static Expr *binop(Parser *p, ExprOp op, Expr *a, Expr *b) {
  Expr *e = new_expr(p, op, 2);
  if (!e || !a || !b) {
    return NULL;
  }
  e->args[0] = a;
  e->args[1] = b;
  return e;
}

static Expr *multiplicative(Parser *p) {
  size_t start = (size_t)(p->tok.start - p->src);
  Expr *e = unary(p);
  while (e && !p->st) {
    if (accept(p, "*")) {
      e = binop(p, E_MUL, e, unary(p));
    } else if (accept(p, "/")) {
      /* where the dividend starts (Virtuoso divides integers as integers:
       * the server path inserts "1.0 * " there) */
      NgQuery *t = p->top;
      if (!t->n_div || t->div_starts[t->n_div - 1] != start) {
        size_t cap = (size_t)t->n_div;
        size_t *v =
            grow(p, t->div_starts, &cap, (size_t)t->n_div + 1, sizeof(size_t));
        if (v) {
          t->div_starts = v;
          v[t->n_div++] = start;
        }
      }
      e = binop(p, E_DIV, e, unary(p));
    } else {
      break;
    }
  }
  return e;
}

static Expr *additive(Parser *p) {
  Expr *e = multiplicative(p);
  while (e && !p->st) {
    if (accept(p, "+")) {
      e = binop(p, E_ADD, e, multiplicative(p));
    } else if (accept(p, "-")) {
      e = binop(p, E_SUB, e, multiplicative(p));
    } else {
      break;
    }
  }
  return e;
}

static Expr *relational(Parser *p) {
  Expr *e = additive(p);
  static const struct {
    const char *op;
    ExprOp code;
  } ops[] = {{"=", E_EQ}, {"!=", E_NE}, {"<", E_LT},
             {">", E_GT}, {"<=", E_LE}, {">=", E_GE}};
  for (size_t i = 0; e && i < NG_ARRAY_LEN(ops); ++i) {
    if (accept(p, ops[i].op)) {
      return binop(p, ops[i].code, e, additive(p));
    }
  }
  int negated = 0;
  if (e && (is_word(p, "IN") || (is_word(p, "NOT") && (negated = 1)))) {
    next(p);
    if (negated) {
      expect_word(p, "IN");
    }
    int n;
    Expr **list = arg_list(p, &n);
    if (p->st) {
      return NULL;
    }
    Expr *in = new_expr(p, negated ? E_NOTIN : E_IN, 0);
    Expr **args = alloc(p, (size_t)(n + 1) * sizeof(Expr *));
    if (!in || !args) {
      return NULL;
    }
    args[0] = e;
    for (int i = 0; i < n; ++i) {
      args[i + 1] = list[i];
    }
    in->n = n + 1;
    in->args = args;
    return in;
  }
  return e;
}

static Expr *and_expr(Parser *p) {
  Expr *e = relational(p);
  while (e && accept(p, "&&")) {
    e = binop(p, E_AND, e, relational(p));
  }
  return e;
}

static Expr *expression(Parser *p) {
  Expr *e = and_expr(p);
  while (e && accept(p, "||")) {
    e = binop(p, E_OR, e, and_expr(p));
  }
  return e;
}

/* Constraint: BrackettedExpression | BuiltInCall | FunctionCall */
static Expr *constraint(Parser *p) {
  if (is_punct(p, "(")) {
    next(p);
    Expr *e = expression(p);
    expect(p, ")");
    return e;
  }
  if (is_builtin_name(p)) {
    return builtin_call(p);
  }
  if (is_iri_token(p)) {
    return iri_or_function(p);
  }
  syntax(p, "a constraint: (expression) or a function call");
  return NULL;
}

/* ---------------------------------------------------------------- paths */

static Path *new_path(Parser *p, PathKind kind, Path *a, Path *b) {
  Path *x = alloc(p, sizeof *x);
  if (x) {
    x->kind = kind;
    x->a = a;
    x->b = b;
  }
  return x;
}

static Path *path_alt(Parser *p);

static Path *path_negated(Parser *p) {
  Path *x = new_path(p, PATH_NEG, NULL, NULL);
  size_t cap = 0, cap2 = 0;
  int paren = accept(p, "(");
  do {
    int inv = accept(p, "^");
    NgTermId iri;
    if (accept_word(p, "a")) {
      iri = ng_dict_iri(p->dict, RDF "type");
    } else {
      iri = read_iri(p);
    }
    if (!x || !iri) {
      return NULL;
    }
    x->neg = grow(p, x->neg, &cap, x->n_neg + 1, sizeof(NgTermId));
    x->neg_inverse = grow(p, x->neg_inverse, &cap2, x->n_neg + 1, 1);
    if (!x->neg || !x->neg_inverse) {
      return NULL;
    }
    x->neg[x->n_neg] = iri;
    x->neg_inverse[x->n_neg++] = (unsigned char)inv;
  } while (paren && accept(p, "|"));
  if (paren) {
    expect(p, ")");
  }
  return x;
}

static Path *path_primary(Parser *p) {
  if (accept_word(p, "a")) {
    Path *x = new_path(p, PATH_IRI, NULL, NULL);
    if (x) {
      x->iri = ng_dict_iri(p->dict, RDF "type");
    }
    return x;
  }
  if (accept(p, "!")) {
    return path_negated(p);
  }
  if (accept(p, "(")) {
    Path *x = path_alt(p);
    expect(p, ")");
    return x;
  }
  NgTermId iri = read_iri(p);
  Path *x = iri ? new_path(p, PATH_IRI, NULL, NULL) : NULL;
  if (x) {
    x->iri = iri;
  }
  return x;
}

static Path *path_elt(Parser *p) {
  int inv = accept(p, "^");
  Path *x = path_primary(p);
  if (x && !p->st) {
    if (accept(p, "*")) {
      x = new_path(p, PATH_STAR, x, NULL);
    } else if (accept(p, "+")) {
      x = new_path(p, PATH_PLUS, x, NULL);
    } else if (accept(p, "?")) {
      x = new_path(p, PATH_OPT, x, NULL);
    } else if (is_punct(p, "{")) {
      /* {n,m} quantifiers were dropped from SPARQL 1.1; '{' here would
       * start a group, which the grammar does not allow */
    }
  }
  return inv && x ? new_path(p, PATH_INV, x, NULL) : x;
}

static Path *path_seq(Parser *p) {
  Path *x = path_elt(p);
  while (x && accept(p, "/")) {
    x = new_path(p, PATH_SEQ, x, path_elt(p));
  }
  return x;
}

static Path *path_alt(Parser *p) {
  Path *x = path_seq(p);
  while (x && accept(p, "|")) {
    x = new_path(p, PATH_ALT, x, path_seq(p));
  }
  return x;
}

/* ------------------------------------------------------------- triples */

typedef struct Bgp {
  TriplePat *t;
  size_t n, cap;
} Bgp;

static void add_triple(Parser *p, Bgp *bgp, Slot s, Slot pr, Slot o,
                       Path *path) {
  TriplePat *t = grow(p, bgp->t, &bgp->cap, bgp->n + 1, sizeof(TriplePat));
  if (!t) {
    return;
  }
  bgp->t = t;
  t[bgp->n].s = s;
  t[bgp->n].p = pr;
  t[bgp->n].o = o;
  t[bgp->n].path = path;
  ++bgp->n;
}

static Path *inverse(Parser *p, Path *x);

/* Emits s path o, splitting sequences and inverted IRIs into plain triple
 * patterns as SPARQL 1.1 section 18.2.2.4 translates them. */
static void emit_path(Parser *p, Bgp *bgp, Slot s, Path *x, Slot o) {
  if (!x || p->st) {
    return;
  }
  switch (x->kind) {
  case PATH_IRI:
    add_triple(p, bgp, s, term_slot(x->iri), o, NULL);
    return;
  case PATH_SEQ: {
    Slot mid = var_slot(hidden_var(p, "path"));
    emit_path(p, bgp, s, x->a, mid);
    emit_path(p, bgp, mid, x->b, o);
    return;
  }
  case PATH_INV:
    if (x->a->kind == PATH_IRI || x->a->kind == PATH_SEQ ||
        x->a->kind == PATH_INV) {
      emit_path(p, bgp, o, x->a, s);
      return;
    }
    emit_path(p, bgp, s, inverse(p, x->a), o);
    return;
  default: {
    Slot none = {-1, 0, 0};
    add_triple(p, bgp, s, none, o, x);
  }
  }
}

/* ^x pushed inwards where it can be: ^(a|b) = ^a|^b, ^(a*) = (^a)*. */
static Path *inverse(Parser *p, Path *x) {
  switch (x->kind) {
  case PATH_ALT:
    return new_path(p, PATH_ALT, inverse(p, x->a), inverse(p, x->b));
  case PATH_STAR:
  case PATH_PLUS:
  case PATH_OPT:
    return new_path(p, x->kind, inverse(p, x->a), NULL);
  case PATH_INV:
    return x->a;
  case PATH_SEQ:
    return new_path(p, PATH_SEQ, inverse(p, x->b), inverse(p, x->a));
  case PATH_NEG: {
    Path *n = new_path(p, PATH_NEG, NULL, NULL);
    if (n) {
      *n = *x;
      n->neg_inverse = alloc(p, x->n_neg ? x->n_neg : 1);
      for (size_t i = 0; n->neg_inverse && i < x->n_neg; ++i) {
        n->neg_inverse[i] = !x->neg_inverse[i];
      }
    }
    return n;
  }
  default:
    return new_path(p, PATH_INV, x, NULL);
  }
}

static Slot node_or_var(Parser *p, Bgp *bgp);
static void property_list(Parser *p, Bgp *bgp, Slot subject, int required);

static int starts_node(const Parser *p) {
  switch (p->tok.type) {
  case T_VAR:
  case T_IRI:
  case T_PNAME:
  case T_BLANK:
  case T_STRING:
  case T_INTEGER:
  case T_DECIMAL:
  case T_DOUBLE:
  case T_NIL:
  case T_ANON:
    return 1;
  case T_WORD:
    return is_word(p, "true") || is_word(p, "false");
  case T_PUNCT:
    return is_punct(p, "(") || is_punct(p, "[") ||
           ((is_punct(p, "+") || is_punct(p, "-")));
  default:
    return 0;
  }
}

static Slot fresh_node(Parser *p) {
  if (p->template_mode) {
    Slot s = {-1, 0, ++p->template_bnodes};
    return s;
  }
  return var_slot(hidden_var(p, "b"));
}

/* A collection ( a b c ): rdf:first/rdf:rest triples, returns its head. */
static Slot collection(Parser *p, Bgp *bgp) {
  next(p); /* ( */
  Slot head = {-1, ng_dict_iri(p->dict, RDF "nil"), 0};
  Slot prev = head;
  int first = 1;
  while (!p->st && !is_punct(p, ")") && p->tok.type != T_EOF) {
    Slot cell = fresh_node(p);
    Slot item = node_or_var(p, bgp);
    if (first) {
      head = cell;
    } else {
      add_triple(p, bgp, prev, term_slot(ng_dict_iri(p->dict, RDF "rest")),
                 cell, NULL);
    }
    add_triple(p, bgp, cell, term_slot(ng_dict_iri(p->dict, RDF "first")), item,
               NULL);
    prev = cell;
    first = 0;
  }
  expect(p, ")");
  if (!first) {
    add_triple(p, bgp, prev, term_slot(ng_dict_iri(p->dict, RDF "rest")),
               term_slot(ng_dict_iri(p->dict, RDF "nil")), NULL);
  }
  return head;
}

static Slot node_or_var(Parser *p, Bgp *bgp) {
  Slot s = {-1, 0, 0};
  switch (p->tok.type) {
  case T_VAR:
    if (p->template_mode) {
      s.var = scoped_var(p, p->tok.text);
    } else {
      s.var = scoped_var(p, p->tok.text);
    }
    next(p);
    return s;
  case T_IRI:
  case T_PNAME:
    s.term = read_iri(p);
    return s;
  case T_BLANK: {
    int v = label_var(p, p->tok.text);
    next(p);
    if (p->template_mode) {
      s.bnode = v;
    } else {
      s.var = v;
    }
    return s;
  }
  case T_ANON:
    next(p);
    return fresh_node(p);
  case T_NIL:
    next(p);
    s.term = ng_dict_iri(p->dict, RDF "nil");
    return s;
  case T_STRING:
    s.term = rdf_literal(p);
    return s;
  case T_INTEGER:
  case T_DECIMAL:
  case T_DOUBLE:
    s.term = number(p, "");
    return s;
  case T_WORD:
    if (is_word(p, "true") || is_word(p, "false")) {
      s.term = boolean(p);
      return s;
    }
    break;
  case T_PUNCT:
    if (is_punct(p, "+") || is_punct(p, "-")) {
      const char *sign = is_punct(p, "-") ? "-" : "+";
      next(p);
      if (!is_number_token(p)) {
        syntax(p, "a number");
        return s;
      }
      s.term = number(p, sign);
      return s;
    }
    if (is_punct(p, "[")) {
      next(p);
      Slot b = fresh_node(p);
      property_list(p, bgp, b, 1);
      expect(p, "]");
      return b;
    }
    if (is_punct(p, "(")) {
      return collection(p, bgp);
    }
    break;
  default:
    break;
  }
  syntax(p, "a variable, IRI, literal or blank node");
  return s;
}

static void object_list(Parser *p, Bgp *bgp, Slot s, Slot verb, Path *path) {
  do {
    Slot o = node_or_var(p, bgp);
    if (p->st) {
      return;
    }
    if (path) {
      emit_path(p, bgp, s, path, o);
    } else {
      add_triple(p, bgp, s, verb, o, NULL);
    }
  } while (accept(p, ","));
}

static int starts_verb(const Parser *p) {
  return p->tok.type == T_VAR || is_iri_token(p) || is_word(p, "a") ||
         is_punct(p, "^") || is_punct(p, "!") || is_punct(p, "(");
}

static void property_list(Parser *p, Bgp *bgp, Slot subject, int required) {
  if (!starts_verb(p)) {
    if (required) {
      syntax(p, "a predicate");
    }
    return;
  }
  for (;;) {
    Slot verb = {-1, 0, 0};
    Path *path = NULL;
    if (p->tok.type == T_VAR) {
      if (p->template_mode) {
        verb.var = scoped_var(p, p->tok.text);
      } else {
        verb.var = scoped_var(p, p->tok.text);
      }
      next(p);
    } else if (p->template_mode) {
      if (accept_word(p, "a")) {
        verb.term = ng_dict_iri(p->dict, RDF "type");
      } else {
        verb.term = read_iri(p);
      }
    } else {
      path = path_alt(p);
      if (path && path->kind == PATH_IRI) {
        verb.term = path->iri;
        path = NULL;
      }
    }
    if (p->st) {
      return;
    }
    object_list(p, bgp, subject, verb, path);
    if (p->st) {
      return;
    }
    while (accept(p, ";")) {
    }
    if (!starts_verb(p)) {
      return;
    }
  }
}

/* TriplesBlock: TriplesSameSubject ('.' TriplesSameSubject?)* */
static void triples_block(Parser *p, Bgp *bgp) {
  while (!p->st && starts_node(p)) {
    int bracketed = is_punct(p, "[") || is_punct(p, "(");
    Slot s = node_or_var(p, bgp);
    property_list(p, bgp, s, !bracketed);
    if (!accept(p, ".")) {
      return;
    }
  }
}

/* ------------------------------------------------------------- patterns */

static Pattern *flush_bgp(Parser *p, Pattern *g, Bgp *bgp) {
  if (!bgp->n) {
    return g;
  }
  Pattern *x = new_pattern(p, P_BGP);
  if (!x) {
    return g;
  }
  x->triples = bgp->t;
  x->n_triples = bgp->n;
  bgp->t = NULL;
  bgp->n = bgp->cap = 0;
  return binary(p, P_JOIN, g, x);
}

static Pattern *values_block(Parser *p) {
  Pattern *x = new_pattern(p, P_VALUES);
  if (!x) {
    return NULL;
  }
  size_t nv = 0, cap = 0;
  int single = 0;
  if (p->tok.type == T_VAR) {
    single = 1;
    x->vals_vars = alloc(p, sizeof(int));
    if (!x->vals_vars) {
      return NULL;
    }
    x->vals_vars[0] = scoped_var(p, p->tok.text);
    nv = 1;
    next(p);
  } else if (p->tok.type == T_NIL) {
    next(p);
  } else {
    expect(p, "(");
    while (!p->st && p->tok.type == T_VAR) {
      x->vals_vars = grow(p, x->vals_vars, &cap, nv + 1, sizeof(int));
      if (!x->vals_vars) {
        return NULL;
      }
      x->vals_vars[nv++] = scoped_var(p, p->tok.text);
      next(p);
    }
    expect(p, ")");
  }
  x->n_vals_vars = nv;
  expect(p, "{");
  size_t rcap = 0, rows = 0;
  NgTermId *vals = NULL;
  while (!p->st && !is_punct(p, "}")) {
    int nil_row = !single && p->tok.type == T_NIL;
    if (nil_row) {
      next(p);
    } else if (!single) {
      expect(p, "(");
    }
    vals = grow(p, vals, &rcap, (rows + 1) * (nv ? nv : 1), sizeof(NgTermId));
    if (!vals) {
      return NULL;
    }
    for (size_t i = 0; !nil_row && i < nv && !p->st; ++i) {
      NgTermId t = 0;
      if (accept_word(p, "UNDEF")) {
        t = 0;
      } else if (is_iri_token(p)) {
        t = read_iri(p);
      } else if (p->tok.type == T_STRING) {
        t = rdf_literal(p);
      } else if (is_number_token(p)) {
        t = number(p, "");
      } else if (is_punct(p, "+") || is_punct(p, "-")) {
        const char *sign = is_punct(p, "-") ? "-" : "+";
        next(p);
        if (is_number_token(p)) {
          t = number(p, sign);
        } else {
          syntax(p, "a number");
        }
      } else if (is_word(p, "true") || is_word(p, "false")) {
        t = boolean(p);
      } else {
        syntax(p, "a value or UNDEF");
      }
      vals[rows * nv + i] = t;
    }
    if (nil_row && nv) {
      syntax(p, "a row of values");
    }
    if (!single && !nil_row) {
      expect(p, ")");
    }
    ++rows;
  }
  expect(p, "}");
  x->vals = vals;
  x->n_vals_rows = rows;
  return x;
}

static Pattern *subquery(Parser *p);

/* GroupGraphPattern: '{' (SubSelect | GroupGraphPatternSub) '}',
 * translated as SPARQL 1.1 section 18.2.2.6 says. */
static Pattern *group_pattern(Parser *p) {
  expect(p, "{");
  if (p->st) {
    return NULL;
  }
  if (is_word(p, "SELECT")) {
    Pattern *s = subquery(p);
    expect(p, "}");
    p->group_filter = NULL;
    return s;
  }
  Pattern *g = new_pattern(p, P_EMPTY);
  Bgp bgp = {NULL, 0, 0};
  Expr *filters = NULL;
  while (!p->st && !is_punct(p, "}")) {
    if (starts_node(p)) {
      triples_block(p, &bgp);
      continue;
    }
    if (accept(p, ".")) {
      continue;
    }
    if (p->tok.type != T_WORD && !is_punct(p, "{")) {
      syntax(p, "a triple pattern, OPTIONAL, FILTER, '{' or '}'");
      break;
    }
    if (accept_word(p, "FILTER")) {
      Expr *f = constraint(p);
      filters = filters ? binop(p, E_AND, filters, f) : f;
      continue;
    }
    g = flush_bgp(p, g, &bgp);
    if (accept_word(p, "OPTIONAL")) {
      Pattern *a = group_pattern(p);
      Pattern *own = p->group_filter;
      Pattern *lj = a ? new_pattern(p, P_LEFTJOIN) : NULL;
      if (lj) {
        lj->a = g;
        if (a->kind == P_FILTER && a == own) {
          lj->b = a->a;
          lj->expr = a->expr;
        } else {
          lj->b = a;
        }
        g = lj;
      }
    } else if (accept_word(p, "MINUS")) {
      g = binary(p, P_MINUS, g, group_pattern(p));
    } else if (accept_word(p, "BIND")) {
      expect(p, "(");
      Expr *e = expression(p);
      expect_word(p, "AS");
      if (p->tok.type != T_VAR) {
        syntax(p, "a variable");
        break;
      }
      Pattern *x = new_pattern(p, P_EXTEND);
      if (x) {
        x->a = g;
        x->expr = e;
        x->var = scoped_var(p, p->tok.text);
        g = x;
      }
      next(p);
      expect(p, ")");
    } else if (accept_word(p, "GRAPH")) {
      Pattern *x = new_pattern(p, P_GRAPH);
      if (!x) {
        break;
      }
      if (p->tok.type == T_VAR) {
        x->graph = var_slot(scoped_var(p, p->tok.text));
        next(p);
      } else {
        x->graph = term_slot(read_iri(p));
      }
      x->a = group_pattern(p);
      g = binary(p, P_JOIN, g, x);
    } else if (is_word(p, "SERVICE")) {
      unsupported(p, "SERVICE (a federated query)");
      if (p->lenient) {
        next(p);
        accept_word(p, "SILENT");
        if (p->tok.type == T_VAR) {
          next(p);
        } else {
          read_iri(p);
        }
        group_pattern(p); /* parsed, not evaluated */
      }
    } else if (accept_word(p, "VALUES")) {
      g = binary(p, P_JOIN, g, values_block(p));
    } else if (is_punct(p, "{")) {
      Pattern *a = group_pattern(p);
      while (!p->st && accept_word(p, "UNION")) {
        a = binary(p, P_UNION, a, group_pattern(p));
      }
      g = binary(p, P_JOIN, g, a);
    } else {
      syntax(p, "a triple pattern, OPTIONAL, FILTER, '{' or '}'");
    }
  }
  g = flush_bgp(p, g, &bgp);
  expect(p, "}");
  p->group_filter = NULL;
  if (filters && g && !p->st) {
    Pattern *f = new_pattern(p, P_FILTER);
    if (f) {
      f->a = g;
      f->expr = filters;
      g = f;
      p->group_filter = f;
    }
  }
  return p->st ? NULL : g;
}

/* ------------------------------------------------------------- queries */

static NgQuery *new_subquery(Parser *p) {
  NgQuery *q = alloc(p, sizeof *q);
  if (q) {
    q->dict = p->dict;
    q->form = NG_QUERY_SELECT;
    q->limit = -1;
  }
  return q;
}

static void add_proj(Parser *p, NgQuery *q, int var, Expr *e, size_t *cap) {
  size_t c1 = *cap, c2 = *cap;
  q->proj_vars = grow(p, q->proj_vars, &c1, (size_t)q->n_proj + 1, sizeof(int));
  q->proj_exprs =
      grow(p, q->proj_exprs, &c2, (size_t)q->n_proj + 1, sizeof(Expr *));
  if (!q->proj_vars || !q->proj_exprs) {
    return;
  }
  *cap = c1;
  for (int i = 0; i < q->n_proj; ++i) {
    if (q->proj_vars[i] == var && (e || q->proj_exprs[i])) {
      error_at(p, NG_ERR_SYNTAX, "variable ?%s is projected twice",
               p->top->var_names[var]);
      return;
    }
    if (q->proj_vars[i] == var) {
      return; /* SELECT ?x ?x: once */
    }
  }
  q->proj_vars[q->n_proj] = var;
  q->proj_exprs[q->n_proj++] = e;
}

static void select_clause(Parser *p, NgQuery *q) {
  expect_word(p, "SELECT");
  if (accept_word(p, "DISTINCT")) {
    q->distinct = 1;
  } else if (accept_word(p, "REDUCED")) {
    q->reduced = 1;
  }
  if (accept(p, "*")) {
    q->star = 1;
    return;
  }
  size_t cap = 0;
  p->agg_allowed = 1;
  p->current = q;
  while (!p->st && (p->tok.type == T_VAR || is_punct(p, "("))) {
    if (p->tok.type == T_VAR) {
      add_proj(p, q, scoped_var(p, p->tok.text), NULL, &cap);
      next(p);
      continue;
    }
    next(p);
    Expr *e = expression(p);
    expect_word(p, "AS");
    if (p->tok.type != T_VAR) {
      syntax(p, "a variable");
      break;
    }
    int v = scoped_var(p, p->tok.text);
    next(p);
    expect(p, ")");
    if (e) {
      add_proj(p, q, v, e, &cap);
    }
  }
  p->agg_allowed = 0;
  if (!q->n_proj && !p->st) {
    syntax(p, "'*', a variable or (expression AS ?var)");
  }
}

static void dataset_clauses(Parser *p, NgQuery *q) {
  while (!p->st && is_word(p, "FROM")) {
    q->has_dataset = 1;
    unsupported(p, "FROM / FROM NAMED (a dataset given in the query)");
    if (!p->lenient) {
      return;
    }
    next(p);
    accept_word(p, "NAMED");
    read_iri(p);
  }
}

static void solution_modifiers(Parser *p, NgQuery *q) {
  p->current = q;
  if (accept_word(p, "GROUP")) {
    expect_word(p, "BY");
    q->grouped = 1;
    size_t c1 = 0, c2 = 0;
    do {
      Expr *e = NULL;
      int v = -1;
      if (p->tok.type == T_VAR) {
        v = scoped_var(p, p->tok.text);
        e = var_expr(p, v);
        next(p);
      } else if (is_punct(p, "(")) {
        next(p);
        e = expression(p);
        if (accept_word(p, "AS")) {
          if (p->tok.type != T_VAR) {
            syntax(p, "a variable");
            return;
          }
          v = scoped_var(p, p->tok.text);
          next(p);
        }
        expect(p, ")");
      } else {
        e = constraint(p);
      }
      q->group_exprs =
          grow(p, q->group_exprs, &c1, (size_t)q->n_group + 1, sizeof(Expr *));
      q->group_vars =
          grow(p, q->group_vars, &c2, (size_t)q->n_group + 1, sizeof(int));
      if (!e || !q->group_exprs || !q->group_vars) {
        return;
      }
      q->group_exprs[q->n_group] = e;
      q->group_vars[q->n_group++] = v;
    } while (!p->st && (p->tok.type == T_VAR || is_punct(p, "(") ||
                        is_builtin_name(p) || is_iri_token(p)));
  }
  if (accept_word(p, "HAVING")) {
    size_t cap = 0;
    p->agg_allowed = 1;
    do {
      Expr *e = constraint(p);
      q->having =
          grow(p, q->having, &cap, (size_t)q->n_having + 1, sizeof(Expr *));
      if (!e || !q->having) {
        return;
      }
      q->having[q->n_having++] = e;
      q->grouped = 1;
    } while (!p->st &&
             (is_punct(p, "(") || is_builtin_name(p) || is_iri_token(p)));
    p->agg_allowed = 0;
  }
  const char *order_start = p->tok.start;
  if (accept_word(p, "ORDER")) {
    expect_word(p, "BY");
    size_t cap = 0;
    p->agg_allowed = 1;
    do {
      OrderKey k = {NULL, 0};
      if (is_word(p, "ASC") || is_word(p, "DESC")) {
        k.desc = is_word(p, "DESC");
        next(p);
        expect(p, "(");
        k.expr = expression(p);
        expect(p, ")");
      } else if (p->tok.type == T_VAR) {
        k.expr = var_expr(p, scoped_var(p, p->tok.text));
        next(p);
      } else {
        k.expr = constraint(p);
      }
      q->order =
          grow(p, q->order, &cap, (size_t)q->n_order + 1, sizeof(OrderKey));
      if (!k.expr || !q->order) {
        return;
      }
      q->order[q->n_order++] = k;
    } while (!p->st &&
             (p->tok.type == T_VAR || is_punct(p, "(") || is_word(p, "ASC") ||
              is_word(p, "DESC") || is_builtin_name(p) || is_iri_token(p)));
    p->agg_allowed = 0;
    if (q == p->top && !p->st) {
      q->order_at = (size_t)(order_start - p->src);
      q->order_len = (size_t)(p->prev_end - order_start);
    }
  }
  for (int round = 0; round < 2 && !p->st; ++round) {
    if (is_word(p, "LIMIT") || is_word(p, "OFFSET")) {
      int limit = is_word(p, "LIMIT");
      next(p);
      if (p->tok.type != T_INTEGER) {
        syntax(p, "a whole number");
        return;
      }
      long v = strtol(p->tok.text, NULL, 10);
      if (limit) {
        q->limit = v;
      } else {
        q->offset = v;
      }
      next(p);
    }
  }
}

/* The part after the query form: dataset, WHERE, modifiers, VALUES. */
static void query_body(Parser *p, NgQuery *q, int sub) {
  if (!sub) {
    dataset_clauses(p, q);
  }
  int saved = p->agg_allowed;
  p->agg_allowed = 0;
  if (!accept_word(p, "WHERE") && !is_punct(p, "{")) {
    syntax(p, "WHERE or '{'");
    return;
  }
  q->where = group_pattern(p);
  p->agg_allowed = saved;
  solution_modifiers(p, q);
  if (!sub && accept_word(p, "VALUES")) {
    q->where = binary(p, P_JOIN, q->where, values_block(p));
  }
}

/* The variables of the subquery's projection, in the outer scope. */
static Pattern *subquery(Parser *p) {
  NgQuery *q = new_subquery(p);
  Scope inner = {NULL, NULL, 0, 0, p->scope};
  Scope *outer = p->scope;
  if (!q) {
    return NULL;
  }
  NgQuery *saved_current = p->current;
  p->scope = &inner;
  select_clause(p, q);
  query_body(p, q, 1);
  if (!p->st && accept_word(p, "VALUES")) {
    q->where = binary(p, P_JOIN, q->where, values_block(p));
  }
  p->scope = outer;
  p->current = saved_current;
  if (p->st) {
    return NULL;
  }
  Pattern *x = new_pattern(p, P_SUBQUERY);
  if (!x) {
    return NULL;
  }
  x->sub = q;
  if (q->star) {
    /* SELECT *: every named variable of the subquery's scope */
    x->sub_inner = alloc(p, (inner.n ? inner.n : 1) * sizeof(int));
    x->sub_outer = alloc(p, (inner.n ? inner.n : 1) * sizeof(int));
    for (size_t i = 0; x->sub_inner && x->sub_outer && i < inner.n; ++i) {
      x->sub_inner[x->n_sub] = inner.vars[i];
      x->sub_outer[x->n_sub++] = scoped_var(p, inner.names[i]);
    }
  } else {
    x->sub_inner = alloc(p, (size_t)q->n_proj * sizeof(int));
    x->sub_outer = alloc(p, (size_t)q->n_proj * sizeof(int));
    for (int i = 0; x->sub_inner && x->sub_outer && i < q->n_proj; ++i) {
      x->sub_inner[i] = q->proj_vars[i];
      x->sub_outer[i] = scoped_var(p, p->top->var_names[q->proj_vars[i]]);
    }
    x->n_sub = (size_t)q->n_proj;
  }
  return x;
}

static void prologue(Parser *p) {
  for (;;) {
    if (accept_word(p, "BASE")) {
      if (p->tok.type != T_IRI) {
        syntax(p, "an IRI");
        return;
      }
      p->base = p->tok.text;
      next(p);
    } else if (accept_word(p, "PREFIX")) {
      if (p->tok.type != T_PNAME || p->tok.text[p->tok.text_len - 1] != ':') {
        syntax(p, "a prefix name such as schema:");
        return;
      }
      char *name = p->tok.text;
      name[p->tok.text_len - 1] = '\0';
      next(p);
      if (p->tok.type != T_IRI) {
        syntax(p, "an IRI");
        return;
      }
      Prefix *v = grow(p, p->prefixes, &p->cap_prefixes, p->n_prefixes + 1,
                       sizeof(Prefix));
      if (!v) {
        return;
      }
      p->prefixes = v;
      NgTermId iri = resolve_iri(p, p->tok.text);
      v[p->n_prefixes].name = name;
      v[p->n_prefixes++].iri = iri ? ng_dict_term(p->dict, iri)->lex : "";
      next(p);
    } else {
      return;
    }
  }
}

static void construct_template(Parser *p, NgQuery *q) {
  expect(p, "{");
  Bgp bgp = {NULL, 0, 0};
  p->template_mode = 1;
  size_t saved_labels = p->n_labels;
  p->n_labels = 0; /* template labels are their own */
  char **saved_l = p->labels;
  int *saved_v = p->label_vars;
  size_t saved_cap = p->cap_labels;
  p->labels = NULL;
  p->label_vars = NULL;
  p->cap_labels = 0;
  triples_block(p, &bgp);
  p->template_mode = 0;
  p->labels = saved_l;
  p->label_vars = saved_v;
  p->n_labels = saved_labels;
  p->cap_labels = saved_cap;
  expect(p, "}");
  q->template_ = bgp.t;
  q->n_template = bgp.n;
}

static void query(Parser *p) {
  NgQuery *q = p->top;
  prologue(p);
  if (p->st) {
    return;
  }
  if (is_word(p, "SELECT")) {
    q->form = NG_QUERY_SELECT;
    select_clause(p, q);
    query_body(p, q, 0);
  } else if (accept_word(p, "ASK")) {
    q->form = NG_QUERY_ASK;
    query_body(p, q, 0);
  } else if (accept_word(p, "CONSTRUCT")) {
    q->form = NG_QUERY_CONSTRUCT;
    if (is_punct(p, "{")) {
      construct_template(p, q);
      query_body(p, q, 0);
    } else {
      /* CONSTRUCT WHERE { triples }: the pattern is its own template */
      dataset_clauses(p, q);
      expect_word(p, "WHERE");
      expect(p, "{");
      Bgp bgp = {NULL, 0, 0};
      triples_block(p, &bgp);
      expect(p, "}");
      for (size_t i = 0; i < bgp.n && !p->st; ++i) {
        if (bgp.t[i].path) {
          error_at(p, NG_ERR_SYNTAX,
                   "CONSTRUCT WHERE allows no property "
                   "paths");
        }
      }
      Pattern *x = new_pattern(p, P_BGP);
      if (x) {
        x->triples = bgp.t;
        x->n_triples = bgp.n;
      }
      q->where = x;
      q->template_ = bgp.t;
      q->n_template = bgp.n;
      solution_modifiers(p, q);
    }
  } else if (accept_word(p, "DESCRIBE")) {
    q->form = NG_QUERY_DESCRIBE;
    size_t cap = 0;
    if (accept(p, "*")) {
      q->star = 1;
    } else {
      while (!p->st && (p->tok.type == T_VAR || is_iri_token(p))) {
        Slot s = {-1, 0, 0};
        if (p->tok.type == T_VAR) {
          s.var = scoped_var(p, p->tok.text);
          next(p);
        } else {
          s.term = read_iri(p);
        }
        q->describe =
            grow(p, q->describe, &cap, (size_t)q->n_describe + 1, sizeof(Slot));
        if (!q->describe) {
          return;
        }
        q->describe[q->n_describe++] = s;
      }
      if (!q->n_describe && !p->st) {
        syntax(p, "an IRI, a variable or '*'");
        return;
      }
    }
    dataset_clauses(p, q);
    if (is_word(p, "WHERE") || is_punct(p, "{")) {
      query_body(p, q, 0);
    } else {
      q->where = new_pattern(p, P_EMPTY);
      solution_modifiers(p, q);
    }
  } else if (p->tok.type == T_WORD &&
             (is_word(p, "INSERT") || is_word(p, "DELETE") ||
              is_word(p, "LOAD") || is_word(p, "CLEAR") || is_word(p, "DROP") ||
              is_word(p, "CREATE") || is_word(p, "ADD") || is_word(p, "MOVE") ||
              is_word(p, "COPY") || is_word(p, "WITH"))) {
    error_at(p, NG_ERR_SYNTAX,
             "%s is SPARQL Update: newsgraph query only "
             "reads (load articles with newsgraph load)",
             p->tok.text);
    return;
  } else {
    syntax(p, "SELECT, ASK, CONSTRUCT or DESCRIBE");
    return;
  }
  if (!p->st && p->tok.type != T_EOF) {
    syntax(p, "the end of the query");
  }
}

/* -------------------------------------------------------------- public */

static NgStatus parse(const char *text, NgDict *dict, int lenient,
                      NgQuery **out);

NgStatus ng_query_parse(const char *text, NgDict *dict, NgQuery **out) {
  return parse(text, dict, 0, out);
}

NgStatus ng_query_parse_lenient(const char *text, NgDict *dict, NgQuery **out) {
  /* no message: a query this parser cannot read still goes to the
   * server, which has the last word */
  return parse(text, dict, 1, out);
}

static NgStatus parse(const char *text, NgDict *dict, int lenient,
                      NgQuery **out) {
  *out = NULL;
  NgQuery *q = calloc(1, sizeof *q);
  if (!q) {
    return NG_ERR_NOMEM;
  }
  q->dict = dict;
  q->limit = -1;
  Scope scope = {NULL, NULL, 0, 0, NULL};
  Parser p;
  memset(&p, 0, sizeof p);
  p.top = q;
  p.dict = dict;
  p.src = p.pos = text;
  p.line = 1;
  p.scope = &scope;
  p.current = q;
  p.lenient = lenient;
  next(&p);
  query(&p);
  if (!p.st && !q->where) {
    p.st = NG_ERR_NOMEM;
  }
  if (p.st) {
    if (p.st == NG_ERR_NOMEM) {
      ng_log(NG_LOG_ERROR, "query", 0, (size_t)-1, NULL,
             "out of memory while parsing the query");
    }
    ng_query_free(q);
    return p.st;
  }
  *out = q;
  return NG_SUCCESS;
}

NgQueryForm ng_query_form(const NgQuery *q) {
  return q->form;
}

int ng_query_has_dataset(const NgQuery *q) {
  return q->has_dataset;
}

int ng_query_star(const NgQuery *q) {
  return q->star;
}

const char *ng_query_unsupported(const NgQuery *q) {
  return q->unsupported;
}

/* Frees the compiled regular expressions of an expression tree. */
static void free_expr_regex(Expr *e);
static void free_pattern_regex(Pattern *x);

static void free_query_regex(NgQuery *q) {
  if (!q) {
    return;
  }
  free_pattern_regex(q->where);
  for (int i = 0; i < q->n_proj; ++i) {
    free_expr_regex(q->proj_exprs ? q->proj_exprs[i] : NULL);
  }
  for (int i = 0; i < q->n_group; ++i) {
    free_expr_regex(q->group_exprs[i]);
  }
  for (int i = 0; i < q->n_having; ++i) {
    free_expr_regex(q->having[i]);
  }
  for (int i = 0; i < q->n_order; ++i) {
    free_expr_regex(q->order[i].expr);
  }
  for (int i = 0; i < q->n_aggs; ++i) {
    free_expr_regex(q->aggs[i]);
  }
}

static void free_expr_regex(Expr *e) {
  if (!e) {
    return;
  }
  if (e->regex) {
    ng_regex_free(e->regex);
    e->regex = NULL;
  }
  for (int i = 0; i < e->n; ++i) {
    free_expr_regex(e->args[i]);
  }
  free_pattern_regex(e->pattern);
}

static void free_pattern_regex(Pattern *x) {
  if (!x) {
    return;
  }
  free_pattern_regex(x->a);
  free_pattern_regex(x->b);
  free_expr_regex(x->expr);
  if (x->kind == P_SUBQUERY) {
    free_query_regex(x->sub);
  }
}

void ng_query_free(NgQuery *q) {
  if (q) {
    free_query_regex(q);
    arena_free(q->arena);
    free(q);
  }
}

NgStatus ng_query_scan(const char *text, NgQueryForm *form, int *has_dataset) {
  NgQuery q;
  memset(&q, 0, sizeof q);
  NgDict *dict = ng_dict_new();
  if (!dict) {
    return NG_ERR_NOMEM;
  }
  Scope scope = {NULL, NULL, 0, 0, NULL};
  Parser p;
  memset(&p, 0, sizeof p);
  p.top = &q;
  p.dict = dict;
  p.src = p.pos = text;
  p.line = 1;
  p.scope = &scope;
  p.current = &q;
  *has_dataset = 0;
  int found = 0;
  for (next(&p); !p.st && p.tok.type != T_EOF; next(&p)) {
    if (p.tok.type != T_WORD) {
      continue;
    }
    if (!found && (is_word(&p, "SELECT") || is_word(&p, "ASK") ||
                   is_word(&p, "CONSTRUCT") || is_word(&p, "DESCRIBE"))) {
      *form = is_word(&p, "SELECT")      ? NG_QUERY_SELECT
              : is_word(&p, "ASK")       ? NG_QUERY_ASK
              : is_word(&p, "CONSTRUCT") ? NG_QUERY_CONSTRUCT
                                         : NG_QUERY_DESCRIBE;
      found = 1;
    } else if (is_word(&p, "FROM")) {
      *has_dataset = 1;
    } else if (!found && !is_word(&p, "BASE") && !is_word(&p, "PREFIX")) {
      if (is_word(&p, "INSERT") || is_word(&p, "DELETE") ||
          is_word(&p, "LOAD") || is_word(&p, "CLEAR") || is_word(&p, "DROP") ||
          is_word(&p, "CREATE") || is_word(&p, "ADD") || is_word(&p, "MOVE") ||
          is_word(&p, "COPY") || is_word(&p, "WITH")) {
        error_at(&p, NG_ERR_SYNTAX,
                 "%s is SPARQL Update: newsgraph query "
                 "only reads (load articles with newsgraph load)",
                 p.tok.text);
      }
    }
  }
  if (!p.st && !found) {
    syntax(&p, "SELECT, ASK, CONSTRUCT or DESCRIBE");
  }
  NgStatus st = p.st;
  arena_free(q.arena);
  ng_dict_free(dict);
  return st;
}

typedef struct Edit {
  size_t at, del;
  char *ins; /* new */
} Edit;

typedef struct Edits {
  Edit *v;
  size_t n, cap;
  int failed;
} Edits;

static void edit(Edits *e, size_t at, size_t del, char *ins) {
  if (!ins || ng_grow((void **)&e->v, &e->cap, e->n + 1, sizeof(Edit))) {
    free(ins);
    e->failed = 1;
    return;
  }
  Edit *x = &e->v[e->n++];
  x->at = at;
  x->del = del;
  x->ins = ins;
}

static int by_offset(const void *a, const void *b) {
  const Edit *x = a, *y = b;
  return x->at < y->at ? -1 : x->at > y->at;
}

char *ng_query_virtuoso_text(const char *text, const NgQuery *q,
                             const char *hidden_graph) {
  NgQuery tq;
  memset(&tq, 0, sizeof tq);
  NgDict *dict = ng_dict_new();
  if (!dict) {
    return NULL;
  }
  Scope scope = {NULL, NULL, 0, 0, NULL};
  Parser p;
  memset(&p, 0, sizeof p);
  p.top = &tq;
  p.dict = dict;
  p.src = p.pos = text;
  p.line = 1;
  p.scope = &scope;
  p.current = &tq;
  p.lenient = 1;
  Edits ed = {NULL, 0, 0, 0};
  for (int i = 0; q && i < q->n_div; ++i) {
    edit(&ed, q->div_starts[i], 0, ng_strdup("1.0 * "));
  }
  if (q && ng_query_local_order(q)) { /* newsgraph sorts the answer */
    edit(&ed, q->order_at, q->order_len, ng_strdup(""));
  }
  /* GRAPH groups: their brace depth, variable and constant */
  struct Open {
    int depth;
    char *filter; /* what to add after the group's closing brace */
  } open[64];
  int n_open = 0, depth = 0, pending = 0, graphs = 0;
  char *pending_filter = NULL;
  for (next(&p); !p.st && p.tok.type != T_EOF; next(&p)) {
    if (is_word(&p, "GRAPH")) {
      size_t start = (size_t)(p.tok.start - text);
      next(&p);
      if (n_open >= 64 || pending) {
        break;
      }
      NgBuf f = NG_BUF_INIT;
      if (p.tok.type == T_VAR) {
        ng_buf_printf(&f, " FILTER(%.*s != <%s>) }", (int)p.tok.len,
                      p.tok.start, hidden_graph);
      } else if (p.tok.type == T_IRI || p.tok.type == T_PNAME) {
        /* GRAPH <iri> -> GRAPH ?__nggN ... FILTER(?__nggN = <iri>) */
        ++graphs;
        NgBuf var = NG_BUF_INIT;
        ng_buf_printf(&var, "?__ngg%d", graphs);
        ng_buf_printf(&f, " FILTER(%s = %.*s) }", var.data, (int)p.tok.len,
                      p.tok.start);
        edit(&ed, (size_t)(p.tok.start - text), p.tok.len, ng_buf_detach(&var));
      } else {
        continue;
      }
      edit(&ed, start, 0, ng_strdup("{ "));
      pending = 1;
      pending_filter = ng_buf_detach(&f);
      continue;
    }
    if (is_punct(&p, "{")) {
      ++depth;
      if (pending) {
        open[n_open].depth = depth;
        open[n_open++].filter = pending_filter;
        pending_filter = NULL;
        pending = 0;
      }
    } else if (is_punct(&p, "}")) {
      if (n_open && open[n_open - 1].depth == depth) {
        edit(&ed, (size_t)(p.tok.start - text) + 1, 0, open[n_open - 1].filter);
        --n_open;
      }
      --depth;
    }
  }
  int ok = !p.st && !n_open && !pending && !ed.failed;
  for (int i = 0; i < n_open; ++i) {
    free(open[i].filter);
  }
  free(pending_filter);
  NgBuf out = NG_BUF_INIT;
  if (ok) {
    if (ed.n) { /* qsort wants a non-null array even for none */
      qsort(ed.v, ed.n, sizeof(Edit), by_offset);
    }
    size_t at = 0;
    for (size_t i = 0; i < ed.n; ++i) {
      ng_buf_append(&out, text + at, ed.v[i].at - at);
      ng_buf_puts(&out, ed.v[i].ins);
      at = ed.v[i].at + ed.v[i].del;
    }
    ng_buf_puts(&out, text + at);
  } else {
    /* unreadable: the server will say why, on the text as written */
    ng_buf_puts(&out, text);
  }
  for (size_t i = 0; i < ed.n; ++i) {
    free(ed.v[i].ins);
  }
  free(ed.v);
  arena_free(tq.arena);
  ng_dict_free(dict);
  return ng_buf_detach(&out);
}
