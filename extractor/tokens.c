/*
 * tokens.c: compiles the token-level form of a rule (see tokens.h and
 * doc/rules.md, "TOKEN PATTERNS") into a pcre2 pattern.
 *
 * The expression is parsed into a small tree (sequences, alternatives,
 * groups, quantified atoms, lookaheads), then written out.  The only
 * subtle part is whitespace: each element is preceded by the gap its
 * left neighbour calls for, "\s+" between two words and "\s*" next to
 * punctuation, and a quantified element repeats its gap inside the
 * repetition so that "A ( "," B )*" never demands a space before a comma.
 * Group spans may therefore begin with a gap: the engine trims
 * whitespace from every group it reports, so a named group still stands
 * for exactly the words it covers.
 */
#include "tokens.h"

#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* What an element begins or ends with, for choosing gaps. */
typedef enum Edge { EDGE_NONE = 0, EDGE_WORD, EDGE_PUNCT, EDGE_MIXED } Edge;

typedef enum Kind { K_ATOM, K_GROUP, K_LOOK, K_ANCHOR } Kind;

typedef struct Node Node;
typedef struct Seq {
  Node **items;
  size_t n;
} Seq;

typedef struct Alt {
  Seq *seqs;
  size_t n;
} Alt;

struct Node {
  Kind kind;
  char *text;       /* K_ATOM: the pattern; K_GROUP: "?<name>" or NULL;
                       K_LOOK: "!" or "="; K_ANCHOR: "^" or "$" */
  Edge first, last; /* K_ATOM */
  Alt alt;          /* K_GROUP, K_LOOK */
  int min, max;     /* quantifier; max -1 = unbounded */
  int lazy;
};

typedef struct Parser {
  const char *src;
  const char *p;
  const char *error;
  const char *error_at;
} Parser;

/* ---------------------------------------------------------- the tree */

static void free_alt(Alt *a);

static void free_node(Node *n) {
  if (!n) {
    return;
  }
  free(n->text);
  free_alt(&n->alt);
  free(n);
}

static void free_seq(Seq *s) {
  for (size_t i = 0; i < s->n; ++i) {
    free_node(s->items[i]);
  }
  free(s->items);
}

static void free_alt(Alt *a) {
  for (size_t i = 0; i < a->n; ++i) {
    free_seq(&a->seqs[i]);
  }
  free(a->seqs);
}

static int push_item(Seq *s, Node *n) {
  Node **v = realloc(s->items, (s->n + 1) * sizeof(*v));
  if (!v) {
    return 0;
  }
  s->items = v;
  v[s->n++] = n;
  return 1;
}

static Seq *push_seq(Alt *a) {
  Seq *v = realloc(a->seqs, (a->n + 1) * sizeof(*v));
  if (!v) {
    return NULL;
  }
  a->seqs = v;
  memset(&v[a->n], 0, sizeof(Seq));
  return &v[a->n++];
}

/* ------------------------------------------------------------ parsing */

static int failed(Parser *ps, const char *msg, const char *at) {
  if (!ps->error) {
    ps->error = msg;
    ps->error_at = at;
  }
  return 0;
}

static void skip_blank(Parser *ps) {
  while (*ps->p == ' ' || *ps->p == '\t') {
    ++ps->p;
  }
}

static int is_word_byte(unsigned char c) {
  return isalnum(c) || c >= 0x80;
}

/* The built-in token classes: orthographic shapes of one word.  Each
 * asserts its own word boundaries and never gives back a part of a word
 * (possessive quantifiers), so the gaps between tokens may be "\s*". */
static const struct Builtin {
  const char *name;
  const char *pattern;
} builtins[] = {
    /* a capitalised word: "Acme", "O'Brien", "Ji-Woo", "McDonald";
     * a possessive "'s" is a token of its own */
    {"Cap", "(?<![\\p{L}\\p{N}])\\p{Lu}[\\p{L}\\p{M}\\p{N}]*+"
            "(?:['\u2019](?!s(?![\\p{L}\\p{N}]))\\p{L}[\\p{L}\\p{M}]*+"
            "|-[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}]*+)*+"},
    /* all capitals, two letters or more: "WHO", "R&D", "C-TEC" */
    {"Upper",
     "(?<![\\p{L}\\p{N}])(?=[\\p{Lu}\\p{N}&-]*\\p{Lu}[\\p{N}&-]*\\p{Lu})"
     "\\p{Lu}[\\p{Lu}\\p{N}&-]*+(?![\\p{L}\\p{N}])"},
    /* an initial: "J." */
    {"Initial", "(?<![\\p{L}\\p{N}])\\p{Lu}\\."},
    /* a lower-case word: "of", "chief", "co-founder" */
    {"Lower", "(?<![\\p{L}\\p{N}])\\p{Ll}[\\p{L}\\p{M}\\p{N}'\u2019-]*+"},
    /* a brand written lower then upper: "eVita", "iPhone" */
    {"Mixed", "(?<![\\p{L}\\p{N}])\\p{Ll}++\\p{Lu}[\\p{L}\\p{M}\\p{N}-]*+"},
    /* a number, an ordinal: "2031", "7th" */
    {"Num", "(?<![\\p{L}\\p{N}])\\p{N}++(?:st|nd|rd|th)?+(?![\\p{L}\\p{N}])"},
    /* any word */
    {"Word",
     "(?<![\\p{L}\\p{N}])[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}'\u2019&-]*+"},
};

static Node *new_node(Kind kind) {
  Node *n = calloc(1, sizeof(*n));
  if (n) {
    n->kind = kind;
    n->min = n->max = 1;
  }
  return n;
}

static void append_escaped(NgBuf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    char c = s[i];
    if (c == ' ') {
      while (i + 1 < n && s[i + 1] == ' ') {
        ++i;
      }
      ng_buf_puts(b, "\\s+");
    } else if (strchr("\\^$.|?*+()[]{}/#", c)) {
      ng_buf_putc(b, '\\');
      ng_buf_putc(b, c);
    } else {
      ng_buf_putc(b, c);
    }
  }
}

/* "text" or i"text": literal words and punctuation. */
static Node *parse_literal(Parser *ps, int fold) {
  const char *start = ps->p;
  ++ps->p; /* the opening quote */
  NgBuf raw = NG_BUF_INIT;
  while (*ps->p && *ps->p != '"') {
    if (ps->p[0] == '\\' && ps->p[1]) {
      ++ps->p;
    }
    ng_buf_putc(&raw, *ps->p++);
  }
  if (*ps->p != '"' || !raw.len) {
    ng_buf_release(&raw);
    failed(ps, *ps->p ? "empty literal" : "unterminated literal", start);
    return NULL;
  }
  ++ps->p;
  Node *n = new_node(K_ATOM);
  NgBuf pat = NG_BUF_INIT;
  unsigned char first = (unsigned char)raw.data[0];
  unsigned char last = (unsigned char)raw.data[raw.len - 1];
  n->first = is_word_byte(first) ? EDGE_WORD : EDGE_PUNCT;
  n->last = is_word_byte(last) ? EDGE_WORD : EDGE_PUNCT;
  if (n->first == EDGE_WORD) {
    ng_buf_puts(&pat, "(?<![\\p{L}\\p{N}])");
  }
  ng_buf_puts(&pat, fold ? "(?i:" : "(?:");
  append_escaped(&pat, raw.data, raw.len);
  ng_buf_putc(&pat, ')');
  if (n->last == EDGE_WORD) {
    ng_buf_puts(&pat, "(?![\\p{L}\\p{N}])");
  }
  ng_buf_release(&raw);
  n->text = ng_buf_detach(&pat);
  return n;
}

/* /regex/: a raw pcre2 fragment standing as one element. */
static Node *parse_regex(Parser *ps) {
  const char *start = ps->p++;
  NgBuf pat = NG_BUF_INIT;
  ng_buf_puts(&pat, "(?:");
  while (*ps->p && *ps->p != '/') {
    if (ps->p[0] == '\\' && ps->p[1] == '/') {
      ++ps->p;
    } else if (ps->p[0] == '\\' && ps->p[1]) {
      ng_buf_putc(&pat, *ps->p++);
    }
    ng_buf_putc(&pat, *ps->p++);
  }
  if (*ps->p != '/') {
    ng_buf_release(&pat);
    failed(ps, "unterminated /regex/", start);
    return NULL;
  }
  ++ps->p;
  ng_buf_putc(&pat, ')');
  Node *n = new_node(K_ATOM);
  n->text = ng_buf_detach(&pat);
  n->first = n->last = EDGE_MIXED;
  return n;
}

static int parse_alt(Parser *ps, Alt *alt, int depth);

static Node *parse_group(Parser *ps, int depth) {
  const char *start = ps->p++;
  Node *n = new_node(K_GROUP);
  if (!n) {
    failed(ps, "out of memory", start);
    return NULL;
  }
  if (ps->p[0] == '?' && ps->p[1] == '<' && ps->p[2] != '=' &&
      ps->p[2] != '!') {
    const char *name = ps->p + 2, *e = name;
    while (isalnum((unsigned char)*e) || *e == '_') {
      ++e;
    }
    if (e == name || *e != '>') {
      free_node(n);
      failed(ps, "expected (?<name> ...)", start);
      return NULL;
    }
    NgBuf b = NG_BUF_INIT;
    ng_buf_printf(&b, "?<%.*s>", (int)(e - name), name);
    n->text = ng_buf_detach(&b);
    ps->p = e + 1;
  } else if (ps->p[0] == '?' && (ps->p[1] == '=' || ps->p[1] == '!')) {
    n->kind = K_LOOK;
    n->text = ng_strndup(ps->p + 1, 1);
    ps->p += 2;
  } else if (ps->p[0] == '?' && ps->p[1] == ':') {
    ps->p += 2;
  } else if (ps->p[0] == '?') {
    free_node(n);
    failed(ps, "unknown group kind (expected (, (?:, (?<name>, (?= or (?!)",
           start);
    return NULL;
  }
  if (!parse_alt(ps, &n->alt, depth + 1)) {
    free_node(n);
    return NULL;
  }
  if (*ps->p != ')') {
    free_node(n);
    failed(ps, "missing )", start);
    return NULL;
  }
  ++ps->p;
  return n;
}

static Node *parse_name(Parser *ps) {
  const char *start = ps->p;
  const char *e = start;
  while (isalpha((unsigned char)*e)) {
    ++e;
  }
  for (size_t i = 0; i < NG_ARRAY_LEN(builtins); ++i) {
    if (strlen(builtins[i].name) == (size_t)(e - start) &&
        !strncmp(builtins[i].name, start, (size_t)(e - start))) {
      Node *n = new_node(K_ATOM);
      n->text = ng_strdup(builtins[i].pattern);
      n->first = n->last = EDGE_WORD;
      ps->p = e;
      return n;
    }
  }
  failed(ps,
         "unknown token (expected \"literal\", Cap, Upper, Initial, Lower, "
         "Mixed, Num, Word, $NAME, /regex/ or a group)",
         start);
  return NULL;
}

/* A quantifier after an element: ?, *, +, {m}, {m,}, {m,n}, each
 * optionally followed by ? (lazy). */
static int parse_quantifier(Parser *ps, Node *n) {
  const char *start = ps->p;
  switch (*ps->p) {
  case '?':
    n->min = 0, n->max = 1, ++ps->p;
    break;
  case '*':
    n->min = 0, n->max = -1, ++ps->p;
    break;
  case '+':
    n->min = 1, n->max = -1, ++ps->p;
    break;
  case '{': {
    char *end;
    long lo = strtol(ps->p + 1, &end, 10), hi = lo;
    if (end == ps->p + 1 || lo < 0 || lo > 100) {
      return failed(ps, "bad {m,n} quantifier", start);
    }
    if (*end == ',') {
      const char *h = end + 1;
      hi = *h == '}' ? -1 : strtol(h, &end, 10);
      if (*h != '}' && (end == h || hi < lo || hi > 100)) {
        return failed(ps, "bad {m,n} quantifier", start);
      }
      if (*h == '}') {
        end = (char *)h;
      }
    }
    if (*end != '}') {
      return failed(ps, "bad {m,n} quantifier", start);
    }
    n->min = (int)lo;
    n->max = (int)hi;
    ps->p = end + 1;
    break;
  }
  default:
    return 1;
  }
  if (n->kind == K_LOOK || n->kind == K_ANCHOR) {
    return failed(ps, "a lookahead or anchor cannot be repeated", start);
  }
  if (*ps->p == '?') {
    n->lazy = 1;
    ++ps->p;
  }
  return 1;
}

static Node *parse_item(Parser *ps, int depth) {
  skip_blank(ps);
  const char *start = ps->p;
  Node *n = NULL;
  char c = *ps->p;
  if (c == '!' || c == '&') {
    /* !X: X does not follow here; &X: X follows (neither consumes) */
    ++ps->p;
    skip_blank(ps);
    Node *inner = parse_item(ps, depth);
    if (!inner) {
      return NULL;
    }
    n = new_node(K_LOOK);
    n->text = ng_strdup(c == '!' ? "!" : "=");
    Seq *s = push_seq(&n->alt);
    if (!s || !push_item(s, inner)) {
      free_node(inner);
      free_node(n);
      failed(ps, "out of memory", start);
      return NULL;
    }
    return n;
  }
  if (c == '"') {
    n = parse_literal(ps, 0);
  } else if (c == 'i' && ps->p[1] == '"') {
    ++ps->p;
    n = parse_literal(ps, 1);
  } else if (c == '/') {
    n = parse_regex(ps);
  } else if (c == '(') {
    if (depth > 32) {
      failed(ps, "groups nest too deeply", start);
      return NULL;
    }
    n = parse_group(ps, depth);
  } else if (c == '^') {
    ++ps->p;
    n = new_node(K_ANCHOR);
    n->text = ng_strdup("^");
  } else if (c == '$' && isupper((unsigned char)ps->p[1])) {
    const char *e = ps->p + 1;
    while (isupper((unsigned char)*e) || isdigit((unsigned char)*e) ||
           *e == '_') {
      ++e;
    }
    n = new_node(K_ATOM);
    n->text = ng_strndup(ps->p, (size_t)(e - ps->p));
    /* a macro may begin or end with punctuation ("$POSTOF" is "," or
     * "of"): "\s*" around it is safe, since every word token and word
     * list asserts its own word boundaries */
    n->first = n->last = EDGE_MIXED;
    ps->p = e;
  } else if (c == '$') {
    ++ps->p;
    n = new_node(K_ANCHOR);
    n->text = ng_strdup("$");
  } else if (isalpha((unsigned char)c)) {
    n = parse_name(ps);
  } else {
    failed(ps, "unexpected character", start);
    return NULL;
  }
  if (!n) {
    return NULL;
  }
  skip_blank(ps);
  if (!parse_quantifier(ps, n)) {
    free_node(n);
    return NULL;
  }
  return n;
}

static int parse_alt(Parser *ps, Alt *alt, int depth) {
  Seq *seq = push_seq(alt);
  if (!seq) {
    return failed(ps, "out of memory", ps->p);
  }
  for (;;) {
    skip_blank(ps);
    if (!*ps->p || *ps->p == ')') {
      return 1;
    }
    if (*ps->p == '|') {
      ++ps->p;
      if (!(seq = push_seq(alt))) {
        return failed(ps, "out of memory", ps->p);
      }
      continue;
    }
    Node *n = parse_item(ps, depth);
    if (!n) {
      return 0;
    }
    if (!push_item(seq, n)) {
      free_node(n);
      return failed(ps, "out of memory", ps->p);
    }
  }
}

/* ------------------------------------------------------------ writing */

static Edge merge(Edge a, Edge b) {
  if (a == EDGE_NONE) {
    return b;
  }
  if (b == EDGE_NONE) {
    return a;
  }
  return a == b ? a : EDGE_MIXED;
}

static const char *gap(Edge prev, Edge next) {
  if (prev == EDGE_NONE || next == EDGE_NONE) {
    return "";
  }
  return prev == EDGE_WORD && next == EDGE_WORD ? "\\s+" : "\\s*";
}

static Edge write_alt(const Alt *a, Edge prev, NgBuf *out);

/* Writes one occurrence of n (ignoring its quantifier) after an element
 * ending in prev; returns the edge it ends with. */
static Edge write_once(const Node *n, Edge prev, NgBuf *out) {
  switch (n->kind) {
  case K_ATOM:
    ng_buf_puts(out, gap(prev, n->first));
    ng_buf_puts(out, n->text);
    return n->last;
  case K_GROUP: {
    ng_buf_puts(out, n->text ? "(" : "(?:");
    if (n->text) {
      ng_buf_puts(out, n->text);
    }
    Edge e = write_alt(&n->alt, prev, out);
    ng_buf_putc(out, ')');
    return e;
  }
  default:
    return prev;
  }
}

static void write_quantifier(int min, int max, int lazy, NgBuf *out) {
  if (min == 0 && max == 1) {
    ng_buf_putc(out, '?');
  } else if (min == 0 && max < 0) {
    ng_buf_putc(out, '*');
  } else if (min == 1 && max < 0) {
    ng_buf_putc(out, '+');
  } else if (max < 0) {
    ng_buf_printf(out, "{%d,}", min);
  } else if (min == max) {
    ng_buf_printf(out, "{%d}", min);
  } else {
    ng_buf_printf(out, "{%d,%d}", min, max);
  }
  if (lazy) {
    ng_buf_putc(out, '?');
  }
}

static Edge write_item(const Node *n, Edge prev, NgBuf *out) {
  if (n->kind == K_ANCHOR) {
    ng_buf_puts(out, n->text);
    return n->text[0] == '^' ? EDGE_NONE : prev;
  }
  if (n->kind == K_LOOK) {
    ng_buf_printf(out, "(?%s", n->text);
    write_alt(&n->alt, prev, out);
    ng_buf_putc(out, ')');
    return prev;
  }
  if (n->min == 1 && n->max == 1) {
    return write_once(n, prev, out);
  }
  if (prev == EDGE_NONE && n->min == 0) {
    /* an optional element that opens the pattern takes the gap after
     * it along ("(?:A\s*)?B"): whether A is there or not, B then starts
     * where no gap is due */
    NgBuf first = NG_BUF_INIT, again = NG_BUF_INIT;
    Edge end = write_once(n, EDGE_NONE, &first);
    write_once(n, end, &again);
    ng_buf_printf(out, "(?:(?:%s)", first.data);
    if (n->max != 1) {
      ng_buf_printf(out, "(?:%s)", again.data);
      write_quantifier(0, n->max < 0 ? -1 : n->max - 1, n->lazy, out);
    }
    ng_buf_puts(out, "\\s*)");
    write_quantifier(0, 1, n->lazy, out);
    ng_buf_release(&first);
    ng_buf_release(&again);
    return EDGE_NONE;
  }
  /* the first occurrence follows prev, later ones follow the element
   * itself: when the two need different gaps, write them apart */
  NgBuf first = NG_BUF_INIT, again = NG_BUF_INIT;
  Edge end = write_once(n, prev, &first);
  write_once(n, end, &again);
  if (!strcmp(first.data, again.data)) {
    ng_buf_printf(out, "(?:%s)", first.data);
    write_quantifier(n->min, n->max, n->lazy, out);
  } else {
    int more_min = n->min > 0 ? n->min - 1 : 0;
    int more_max = n->max < 0 ? -1 : n->max - 1;
    if (n->min == 0) {
      ng_buf_puts(out, "(?:");
    }
    ng_buf_printf(out, "(?:%s)", first.data);
    if (more_max != 0) {
      ng_buf_printf(out, "(?:%s)", again.data);
      write_quantifier(more_min, more_max, n->lazy, out);
    }
    if (n->min == 0) {
      ng_buf_putc(out, ')');
      write_quantifier(0, 1, n->lazy, out);
    }
  }
  ng_buf_release(&first);
  ng_buf_release(&again);
  return n->min == 0 ? merge(prev, end) : end;
}

static Edge write_seq(const Seq *s, Edge prev, NgBuf *out) {
  for (size_t i = 0; i < s->n; ++i) {
    prev = write_item(s->items[i], prev, out);
  }
  return prev;
}

static Edge write_alt(const Alt *a, Edge prev, NgBuf *out) {
  Edge end = EDGE_NONE;
  for (size_t i = 0; i < a->n; ++i) {
    if (i) {
      ng_buf_putc(out, '|');
    }
    end = merge(end, write_seq(&a->seqs[i], prev, out));
  }
  return end;
}

const char *ng_tokens_compile(const char *src, NgBuf *out,
                              size_t *error_offset) {
  Parser ps = {src, src, NULL, NULL};
  Alt top = {NULL, 0};
  if (parse_alt(&ps, &top, 0) && *ps.p == ')') {
    failed(&ps, "unbalanced )", ps.p);
  }
  if (!ps.error && top.n == 1 && top.seqs[0].n == 0) {
    failed(&ps, "empty token pattern", src);
  }
  if (ps.error) {
    free_alt(&top);
    *error_offset = (size_t)(ps.error_at - src);
    return ps.error;
  }
  ng_buf_puts(out, "(?:");
  write_alt(&top, EDGE_NONE, out);
  ng_buf_putc(out, ')');
  free_alt(&top);
  return NULL;
}
