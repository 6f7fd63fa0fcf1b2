/*
 * sparql_expr.c: expression evaluation of the embedded SPARQL engine:
 * SPARQL 1.1 operators (section 17.3, with the error semantics of the
 * logical connectives), the built-in functions the parser accepts, XSD
 * casts, effective boolean values, the ORDER BY ordering of terms and the
 * aggregates.  xsd:integer and xsd:decimal are computed exactly (a 128-bit
 * mantissa and a decimal scale, division to 28 significant digits rounded
 * half-even, as XPath processors commonly do); xsd:double in C doubles.
 */
#define _GNU_SOURCE /* newlocale, towupper_l */
#include "output/sparql_ast.h"

#include "buf.h"
#include "util.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <wctype.h>

__extension__ typedef __int128 i128;

/* ------------------------------------------------------------- scratch */

typedef struct Scratch {
  struct Scratch *next;
  size_t used, cap;
  char data[];
} Scratch;

static char *scratch_alloc(EvalCtx *cx, size_t n) {
  Scratch *s = cx->scratch;
  if (!s || s->cap - s->used < n + 1) {
    size_t cap = n + 1 > 64 * 1024 ? n + 1 : 64 * 1024;
    Scratch *ns = malloc(sizeof(Scratch) + cap);
    if (!ns) {
      cx->error = NG_ERR_NOMEM;
      return NULL;
    }
    ns->next = s;
    ns->used = 0;
    ns->cap = cap;
    cx->scratch = s = ns;
  }
  char *p = s->data + s->used;
  s->used += n + 1;
  return p;
}

static char *scratch_copy(EvalCtx *cx, const char *s, size_t n) {
  char *p = scratch_alloc(cx, n);
  if (p) {
    memcpy(p, s, n);
    p[n] = '\0';
  }
  return p;
}

void ng_expr_scratch_reset(EvalCtx *cx) {
  Scratch *s = cx->scratch;
  if (!s) {
    return;
  }
  /* keep one block */
  Scratch *rest = s->next;
  s->next = NULL;
  s->used = 0;
  while (rest) {
    Scratch *n = rest->next;
    free(rest);
    rest = n;
  }
}

static locale_t utf8_locale;

void ng_expr_ctx_init(EvalCtx *cx);
void ng_expr_ctx_free(EvalCtx *cx);

void ng_expr_ctx_init(EvalCtx *cx) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  cx->now = (double)t.tv_sec + (double)t.tv_nsec / 1e9;
  if (!utf8_locale) {
    utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
  }
}

void ng_expr_ctx_free(EvalCtx *cx) {
  ng_expr_scratch_reset(cx);
  free(cx->scratch);
  cx->scratch = NULL;
}

/* ---------------------------------------------------------------- values */

static Val err(void) {
  Val v;
  memset(&v, 0, sizeof v);
  v.kind = V_ERROR;
  return v;
}

static Val of_term(EvalCtx *cx, NgTermId id) {
  if (!id) {
    return err();
  }
  const NgTerm *t = ng_dict_term(cx->dict, id);
  Val v;
  memset(&v, 0, sizeof v);
  v.kind = V_TERM;
  v.id = id;
  v.type = (NgLitType)t->type;
  v.lex = t->lex;
  v.len = t->len;
  v.lang = t->lang;
  v.dt = t->dt;
  v.num = t->num;
  v.ival = t->ival;
  return v;
}

static int kind_of(EvalCtx *cx, const Val *v) {
  if (v->kind == V_TERM) {
    return ng_dict_term(cx->dict, v->id)->kind;
  }
  return v->kind == V_LIT ? NG_TERM_LITERAL : 0;
}

static Val lit(NgLitType type, const char *lex, size_t len, NgTermId dt,
               const char *lang) {
  Val v;
  memset(&v, 0, sizeof v);
  v.kind = V_LIT;
  v.type = type;
  v.lex = lex;
  v.len = len;
  v.dt = dt;
  v.lang = lang;
  return v;
}

static Val str_val(EvalCtx *cx, const char *s, size_t n, const char *lang) {
  char *c = scratch_copy(cx, s, n);
  if (!c) {
    return err();
  }
  return lit(lang ? NG_LIT_LANG : NG_LIT_STRING, c, n, 0, lang);
}

static Val bool_val(EvalCtx *cx, int b) {
  return lit(NG_LIT_BOOLEAN, b ? "true" : "false", b ? 4 : 5,
             ng_dict_xsd(cx->dict, NG_XSD_BOOLEAN), NULL);
}

NgTermId ng_expr_term(EvalCtx *cx, const Val *v) {
  if (v->kind == V_TERM) {
    return v->id;
  }
  if (v->kind != V_LIT) {
    return 0;
  }
  NgTermId id =
      ng_dict_intern(cx->dict, NG_TERM_LITERAL, v->lex, v->len, v->dt, v->lang);
  if (!id) {
    cx->error = NG_ERR_NOMEM;
  }
  return id;
}

static int is_numeric_type(NgLitType t) {
  return t == NG_LIT_INTEGER || t == NG_LIT_DECIMAL || t == NG_LIT_FLOAT ||
         t == NG_LIT_DOUBLE;
}

static int is_string(const Val *v) {
  return v->kind != V_ERROR && (v->type == NG_LIT_STRING);
}

static int is_stringish(const Val *v) { /* simple, xsd:string or @lang */
  return v->kind != V_ERROR &&
         (v->type == NG_LIT_STRING || v->type == NG_LIT_LANG);
}

/* --------------------------------------------------------------- numbers */

typedef struct Num {
  NgLitType type; /* INTEGER, DECIMAL, FLOAT, DOUBLE */
  i128 m;         /* integer/decimal mantissa */
  int scale;      /* decimal digits after the point */
  double d;       /* float/double value, or decimal approximation */
  int exact;      /* m/scale hold the value */
} Num;

static const i128 LIMIT_M = (i128)1000000000000000000LL * 1000000000000000000LL;

static i128 pow10i(int n) {
  i128 r = 1;
  while (n-- > 0) {
    r *= 10;
  }
  return r;
}

static double num_double(const Num *n) {
  if (n->type == NG_LIT_FLOAT || n->type == NG_LIT_DOUBLE || !n->exact) {
    return n->d;
  }
  return (double)n->m / (double)pow10i(n->scale);
}

/* Parses an integer or decimal lexical form exactly when it fits. */
static int parse_exact(const char *s, i128 *m, int *scale) {
  int neg = 0, digits = 0;
  i128 v = 0;
  *scale = 0;
  if (*s == '+' || *s == '-') {
    neg = *s++ == '-';
  }
  int frac = 0;
  for (; *s; ++s) {
    if (*s == '.' && !frac) {
      frac = 1;
      continue;
    }
    if (!isdigit((unsigned char)*s)) {
      return 0;
    }
    if (v > LIMIT_M) {
      return 0;
    }
    v = v * 10 + (*s - '0');
    ++digits;
    if (frac) {
      ++*scale;
    }
  }
  if (!digits || *scale > 30) {
    return 0;
  }
  *m = neg ? -v : v;
  return 1;
}

static int val_num(const Val *v, Num *n) {
  if (v->kind == V_ERROR || !is_numeric_type(v->type)) {
    return 0;
  }
  memset(n, 0, sizeof *n);
  n->type = v->type;
  if (v->kind == V_TERM || v->kind == V_LIT) {
    /* computed literals carry exact values in num/ival only for doubles:
     * parse the lexical form, which is always set */
    char buf[128];
    if (v->len >= sizeof buf) {
      return 0;
    }
    memcpy(buf, v->lex, v->len);
    buf[v->len] = '\0';
    if (n->type == NG_LIT_FLOAT || n->type == NG_LIT_DOUBLE) {
      char *end;
      if (!strcmp(buf, "INF") || !strcmp(buf, "+INF")) {
        n->d = INFINITY;
      } else if (!strcmp(buf, "-INF")) {
        n->d = -INFINITY;
      } else if (!strcmp(buf, "NaN")) {
        n->d = NAN;
      } else {
        n->d = strtod(buf, &end);
        if (end == buf || *end) {
          return 0;
        }
      }
      return 1;
    }
    if (strchr(buf, 'e') || strchr(buf, 'E')) {
      return 0;
    }
    if (n->type == NG_LIT_INTEGER && strchr(buf, '.')) {
      return 0;
    }
    n->exact = parse_exact(buf, &n->m, &n->scale);
    n->d = strtod(buf, NULL);
    if (!n->exact) {
      /* too long to be exact: keep the approximation */
      char *end;
      n->d = strtod(buf, &end);
      return end != buf && !*end;
    }
    return 1;
  }
  return 0;
}

static void i128_str(i128 v, char *out) {
  char tmp[64];
  int n = 0, neg = v < 0;
  unsigned __int128 u =
      neg ? (unsigned __int128)(-(v + 1)) + 1 : (unsigned __int128)v;
  do {
    tmp[n++] = (char)('0' + (int)(u % 10));
    u /= 10;
  } while (u);
  int k = 0;
  if (neg) {
    out[k++] = '-';
  }
  while (n) {
    out[k++] = tmp[--n];
  }
  out[k] = '\0';
}

static Val num_val(EvalCtx *cx, const Num *n) {
  char buf[96];
  NgXsd dt = n->type == NG_LIT_INTEGER   ? NG_XSD_INTEGER
             : n->type == NG_LIT_DECIMAL ? NG_XSD_DECIMAL
             : n->type == NG_LIT_FLOAT   ? NG_XSD_FLOAT
                                         : NG_XSD_DOUBLE;
  if ((n->type == NG_LIT_INTEGER || n->type == NG_LIT_DECIMAL) && n->exact) {
    i128 m = n->m;
    int scale = n->scale;
    while (scale > 1 && m % 10 == 0) { /* trailing zeros of the fraction */
      m /= 10;
      --scale;
    }
    if (n->type == NG_LIT_DECIMAL && scale == 0) {
      m *= 10;
      scale = 1;
    }
    if (scale == 1 && n->type == NG_LIT_DECIMAL && m % 10 == 0 &&
        n->scale == 0) {
      /* integral decimal: "N.0" */
    }
    char digits[64];
    int neg = m < 0;
    i128_str(neg ? -m : m, digits);
    size_t len = strlen(digits);
    char *o = buf;
    if (neg) {
      *o++ = '-';
    }
    if (scale) {
      if ((int)len <= scale) {
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < scale - (int)len; ++i) {
          *o++ = '0';
        }
        memcpy(o, digits, len);
        o += len;
      } else {
        memcpy(o, digits, len - (size_t)scale);
        o += len - (size_t)scale;
        *o++ = '.';
        memcpy(o, digits + len - scale, (size_t)scale);
        o += scale;
      }
    } else {
      memcpy(o, digits, len);
      o += len;
    }
    *o = '\0';
  } else if (n->type == NG_LIT_INTEGER || n->type == NG_LIT_DECIMAL) {
    return err(); /* an inexact integer or decimal: refuse to guess */
  } else if (isnan(n->d)) {
    strcpy(buf, "NaN");
  } else if (isinf(n->d)) {
    strcpy(buf, n->d > 0 ? "INF" : "-INF");
  } else {
    /* the shortest mantissa that reads back as the same double */
    int prec = 1;
    for (; prec < 17; ++prec) {
      snprintf(buf, sizeof buf, "%.*E", prec, n->d);
      if (strtod(buf, NULL) == n->d) {
        break;
      }
    }
    snprintf(buf, sizeof buf, "%.*E", prec, n->d);
    /* 1.500000E+01 -> 1.5E1 */
    char *e = strchr(buf, 'E');
    char mant[64], ex[16];
    memcpy(mant, buf, (size_t)(e - buf));
    mant[e - buf] = '\0';
    size_t ml = strlen(mant);
    while (ml > 2 && mant[ml - 1] == '0' && mant[ml - 2] != '.') {
      mant[--ml] = '\0';
    }
    snprintf(ex, sizeof ex, "%d", atoi(e + 1));
    snprintf(buf, sizeof buf, "%sE%s", mant, ex);
  }
  char *c = scratch_copy(cx, buf, strlen(buf));
  if (!c) {
    return err();
  }
  return lit(n->type, c, strlen(c), ng_dict_xsd(cx->dict, dt), NULL);
}

static NgLitType promote(NgLitType a, NgLitType b) {
  if (a == NG_LIT_DOUBLE || b == NG_LIT_DOUBLE) {
    return NG_LIT_DOUBLE;
  }
  if (a == NG_LIT_FLOAT || b == NG_LIT_FLOAT) {
    return NG_LIT_FLOAT;
  }
  if (a == NG_LIT_DECIMAL || b == NG_LIT_DECIMAL) {
    return NG_LIT_DECIMAL;
  }
  return NG_LIT_INTEGER;
}

static int align(Num *a, Num *b) {
  while (a->scale < b->scale) {
    if (a->m > LIMIT_M || a->m < -LIMIT_M) {
      return 0;
    }
    a->m *= 10;
    ++a->scale;
  }
  while (b->scale < a->scale) {
    if (b->m > LIMIT_M || b->m < -LIMIT_M) {
      return 0;
    }
    b->m *= 10;
    ++b->scale;
  }
  return 1;
}

/* Rounds m/10^(scale) to at most 28 significant digits, half-even. */
static void round28(Num *n) {
  i128 a = n->m < 0 ? -n->m : n->m;
  int digits = 0;
  for (i128 t = a; t; t /= 10) {
    ++digits;
  }
  int drop = digits - 28;
  if (drop > n->scale) {
    drop = n->scale;
  }
  if (drop <= 0) {
    return;
  }
  i128 p = pow10i(drop);
  i128 q = a / p, r = a % p, half = p / 2;
  if (r > half || (r == half && (q % 2))) {
    ++q;
  }
  n->m = n->m < 0 ? -q : q;
  n->scale -= drop;
}

static int num_arith(ExprOp op, const Num *x, const Num *y, Num *out) {
  Num a = *x, b = *y;
  memset(out, 0, sizeof *out);
  out->type = promote(a.type, b.type);
  if (op == E_DIV && out->type == NG_LIT_INTEGER) {
    out->type = NG_LIT_DECIMAL;
  }
  if (out->type == NG_LIT_FLOAT || out->type == NG_LIT_DOUBLE || !a.exact ||
      !b.exact) {
    if (out->type != NG_LIT_FLOAT && out->type != NG_LIT_DOUBLE) {
      return 0; /* an inexact decimal: no answer rather than a wrong one */
    }
    double p = num_double(&a), q = num_double(&b);
    out->d = op == E_ADD   ? p + q
             : op == E_SUB ? p - q
             : op == E_MUL ? p * q
                           : p / q;
    if (out->type == NG_LIT_FLOAT) {
      out->d = (float)out->d;
    }
    return 1;
  }
  out->exact = 1;
  switch (op) {
  case E_ADD:
  case E_SUB:
    if (!align(&a, &b)) {
      return 0;
    }
    out->m = op == E_ADD ? a.m + b.m : a.m - b.m;
    out->scale = a.scale;
    break;
  case E_MUL:
    if ((a.m && (b.m > LIMIT_M / (a.m < 0 ? -a.m : a.m) ||
                 b.m < -LIMIT_M / (a.m < 0 ? -a.m : a.m))) ||
        a.scale + b.scale > 60) {
      return 0;
    }
    out->m = a.m * b.m;
    out->scale = a.scale + b.scale;
    round28(out);
    break;
  case E_DIV: {
    if (!b.m) {
      return 0; /* division by zero is an error */
    }
    /* a/b to 30 fractional digits, then 28 significant digits */
    i128 num = a.m, den = b.m;
    int scale = a.scale - b.scale;
    int neg = (num < 0) != (den < 0);
    num = num < 0 ? -num : num;
    den = den < 0 ? -den : den;
    i128 q = num / den, r = num % den;
    int extra = 0;
    while (r && extra < 60 && q < LIMIT_M / 10) {
      q = q * 10 + (r * 10) / den;
      r = (r * 10) % den;
      ++extra;
    }
    scale += extra;
    /* round half-even on the remainder */
    if (r) {
      i128 twice = r * 2;
      if (twice > den || (twice == den && (q % 2))) {
        ++q;
      }
    }
    while (scale < 0) {
      if (q > LIMIT_M) {
        return 0;
      }
      q *= 10;
      ++scale;
    }
    out->m = neg ? -q : q;
    out->scale = scale;
    round28(out);
    break;
  }
  default:
    return 0;
  }
  if (out->m > LIMIT_M * 100 || out->m < -LIMIT_M * 100) {
    return 0;
  }
  out->d = num_double(out);
  return 1;
}

/* -1, 0, 1, or 2 when unordered (NaN). */
static int num_cmp(const Num *x, const Num *y) {
  Num a = *x, b = *y;
  if (a.exact && b.exact && a.type != NG_LIT_FLOAT && a.type != NG_LIT_DOUBLE &&
      b.type != NG_LIT_FLOAT && b.type != NG_LIT_DOUBLE && align(&a, &b)) {
    return a.m < b.m ? -1 : a.m > b.m;
  }
  double p = num_double(x), q = num_double(y);
  if (isnan(p) || isnan(q)) {
    return 2;
  }
  return p < q ? -1 : p > q;
}

/* ------------------------------------------------------------ date/time */

/* Seconds since the epoch of an xsd:dateTime or xsd:date lexical form
 * (without timezone: as UTC, the XPath implicit timezone); *has_tz. */
static int parse_when(const char *s, int is_date, double *secs, int *has_tz) {
  int neg = *s == '-';
  long y = strtol(s + neg, NULL, 10) * (neg ? -1 : 1);
  const char *p = strchr(s + neg, '-');
  if (!p) {
    return 0;
  }
  int mo = atoi(p + 1), d = atoi(p + 4);
  int h = 0, mi = 0;
  double sec = 0;
  const char *tz = p + 6;
  if (!is_date) {
    if (*tz != 'T') {
      return 0;
    }
    h = atoi(tz + 1);
    mi = atoi(tz + 4);
    sec = strtod(tz + 7, (char **)&tz);
  }
  long off = 0;
  *has_tz = 0;
  if (*tz == 'Z') {
    *has_tz = 1;
  } else if (*tz == '+' || *tz == '-') {
    *has_tz = 1;
    off = (atoi(tz + 1) * 60 + atoi(tz + 4)) * 60;
    if (*tz == '-') {
      off = -off;
    }
  }
  /* days from civil (Howard Hinnant's algorithm) */
  long yy = y - (mo <= 2);
  long era = (yy >= 0 ? yy : yy - 399) / 400;
  long yoe = yy - era * 400;
  long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  long days = era * 146097 + doe - 719468;
  *secs = (double)days * 86400.0 + h * 3600 + mi * 60 + sec - (double)off;
  return 1;
}

static int when_cmp(const Val *a, const Val *b, int *res) {
  double x, y;
  int tx, ty;
  if (!parse_when(a->lex, a->type == NG_LIT_DATE, &x, &tx) ||
      !parse_when(b->lex, b->type == NG_LIT_DATE, &y, &ty)) {
    return 0;
  }
  if (tx != ty) {
    /* one with and one without a timezone: ordered only when 14 hours
     * apart (XML Schema's partial order); else indeterminate */
    if (fabs(x - y) <= 14 * 3600) {
      return 0;
    }
  }
  *res = x < y ? -1 : x > y;
  return 1;
}

/* ------------------------------------------------------------ compare */

static int valid_lit(EvalCtx *cx, const Val *v) {
  if (v->kind == V_TERM) {
    return ng_dict_term(cx->dict, v->id)->valid;
  }
  return 1; /* computed literals are well-formed */
}

static int same_term(EvalCtx *cx, const Val *a, const Val *b) {
  if (a->kind == V_TERM && b->kind == V_TERM) {
    return a->id == b->id;
  }
  if (kind_of(cx, a) != kind_of(cx, b)) {
    return 0;
  }
  if (kind_of(cx, a) != NG_TERM_LITERAL) {
    return a->len == b->len && !memcmp(a->lex, b->lex, a->len);
  }
  return a->len == b->len && !memcmp(a->lex, b->lex, a->len) &&
         a->dt == b->dt &&
         ((!a->lang && !b->lang) ||
          (a->lang && b->lang && !strcasecmp(a->lang, b->lang)));
}

static int bytes_cmp(const Val *a, const Val *b) {
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->lex, b->lex, n);
  if (c) {
    return c < 0 ? -1 : 1;
  }
  return a->len < b->len ? -1 : a->len > b->len;
}

/* Compares a and b for the operator op: 1 true, 0 false, -1 error. */
static int compare(EvalCtx *cx, ExprOp op, const Val *a, const Val *b) {
  if (a->kind == V_ERROR || b->kind == V_ERROR) {
    return -1;
  }
  int ka = kind_of(cx, a), kb = kind_of(cx, b);
  int c = 0, ordered = 0;
  Num x, y;
  if (ka == NG_TERM_LITERAL && kb == NG_TERM_LITERAL) {
    int va = valid_lit(cx, a), vb = valid_lit(cx, b);
    if (is_numeric_type(a->type) && is_numeric_type(b->type) && va && vb &&
        val_num(a, &x) && val_num(b, &y)) {
      c = num_cmp(&x, &y);
      if (c == 2) { /* NaN: every comparison false, != true */
        return op == E_NE;
      }
      ordered = 1;
    } else if (a->type == NG_LIT_STRING && b->type == NG_LIT_STRING) {
      c = bytes_cmp(a, b);
      ordered = 1;
    } else if (a->type == NG_LIT_BOOLEAN && b->type == NG_LIT_BOOLEAN && va &&
               vb) {
      int p = a->lex[0] == 't' || a->lex[0] == '1';
      int q = b->lex[0] == 't' || b->lex[0] == '1';
      c = p < q ? -1 : p > q;
      ordered = 1;
    } else if (((a->type == NG_LIT_DATETIME && b->type == NG_LIT_DATETIME) ||
                (a->type == NG_LIT_DATE && b->type == NG_LIT_DATE)) &&
               va && vb) {
      if (!when_cmp(a, b, &c)) {
        return -1;
      }
      ordered = 1;
    } else if (a->type == NG_LIT_LANG && b->type == NG_LIT_LANG &&
               (op == E_EQ || op == E_NE)) {
      int eq = same_term(cx, a, b);
      return op == E_EQ ? eq : !eq;
    }
  }
  if (!ordered) {
    if (op != E_EQ && op != E_NE) {
      return -1; /* no order between these */
    }
    /* RDFterm-equal: the same term, else false, except two literals of
     * datatypes the engine does not know, which is an error */
    if (same_term(cx, a, b)) {
      return op == E_EQ;
    }
    if (ka == NG_TERM_LITERAL && kb == NG_TERM_LITERAL &&
        (a->type == NG_LIT_OTHER || b->type == NG_LIT_OTHER ||
         !valid_lit(cx, a) || !valid_lit(cx, b)) &&
        a->type == b->type) {
      return -1;
    }
    return op == E_NE;
  }
  switch (op) {
  case E_EQ:
    return c == 0;
  case E_NE:
    return c != 0;
  case E_LT:
    return c < 0;
  case E_GT:
    return c > 0;
  case E_LE:
    return c <= 0;
  case E_GE:
    return c >= 0;
  default:
    return -1;
  }
}

int ng_expr_ebv(EvalCtx *cx, const Val *v) {
  if (v->kind == V_ERROR || kind_of(cx, v) != NG_TERM_LITERAL) {
    return -1;
  }
  if (!valid_lit(cx, v)) {
    return is_numeric_type(v->type) || v->type == NG_LIT_BOOLEAN ? 0 : -1;
  }
  switch (v->type) {
  case NG_LIT_BOOLEAN:
    return v->lex[0] == 't' || v->lex[0] == '1';
  case NG_LIT_STRING:
    return v->len > 0;
  case NG_LIT_INTEGER:
  case NG_LIT_DECIMAL:
  case NG_LIT_FLOAT:
  case NG_LIT_DOUBLE: {
    Num n;
    if (!val_num(v, &n)) {
      return 0;
    }
    double d = num_double(&n);
    return !(d == 0 || isnan(d));
  }
  default:
    return -1;
  }
}

/* ---------------------------------------------------------- term order */

static int kind_rank(int kind) {
  return kind == NG_TERM_BLANK ? 1 : kind == NG_TERM_IRI ? 2 : 3;
}

int ng_term_order(const NgDict *d, NgTermId a, NgTermId b) {
  if (a == b) {
    return 0;
  }
  if (!a || !b) {
    return !a ? -1 : 1;
  }
  const NgTerm *x = ng_dict_term(d, a), *y = ng_dict_term(d, b);
  if (x->kind != y->kind) {
    return kind_rank(x->kind) < kind_rank(y->kind) ? -1 : 1;
  }
  if (x->kind == NG_TERM_LITERAL) {
    int nx = is_numeric_type((NgLitType)x->type) && x->valid;
    int ny = is_numeric_type((NgLitType)y->type) && y->valid;
    if (nx && ny) {
      Val va, vb;
      memset(&va, 0, sizeof va);
      memset(&vb, 0, sizeof vb);
      va.kind = vb.kind = V_TERM;
      va.type = (NgLitType)x->type;
      vb.type = (NgLitType)y->type;
      va.lex = x->lex;
      va.len = x->len;
      vb.lex = y->lex;
      vb.len = y->len;
      Num p, q;
      if (val_num(&va, &p) && val_num(&vb, &q)) {
        int c = num_cmp(&p, &q);
        if (c == -1 || c == 1) {
          return c;
        }
      }
    } else if ((x->type == NG_LIT_DATE || x->type == NG_LIT_DATETIME) &&
               x->type == y->type && x->valid && y->valid) {
      Val va, vb;
      memset(&va, 0, sizeof va);
      memset(&vb, 0, sizeof vb);
      va.type = vb.type = (NgLitType)x->type;
      va.lex = x->lex;
      vb.lex = y->lex;
      int c;
      if (when_cmp(&va, &vb, &c) && c) {
        return c;
      }
    }
    /* then simple literals before typed ones, by lexical form */
    if (!!x->dt != !!y->dt) {
      return x->dt ? 1 : -1;
    }
  }
  size_t n = x->len < y->len ? x->len : y->len;
  int c = memcmp(x->lex, y->lex, n);
  if (c) {
    return c < 0 ? -1 : 1;
  }
  if (x->len != y->len) {
    return x->len < y->len ? -1 : 1;
  }
  if (x->dt != y->dt) {
    return strcmp(x->dt ? ng_dict_term(d, x->dt)->lex : "",
                  y->dt ? ng_dict_term(d, y->dt)->lex : "") < 0
               ? -1
               : 1;
  }
  return strcmp(x->lang ? x->lang : "", y->lang ? y->lang : "") < 0 ? -1 : 1;
}

/* --------------------------------------------------------------- strings */

static size_t utf8_len(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; ++i) {
    c += ((unsigned char)s[i] & 0xC0) != 0x80;
  }
  return c;
}

/* Byte offset of code point index k (0-based) in s. */
static size_t utf8_offset(const char *s, size_t n, size_t k) {
  size_t i = 0;
  while (i < n && k) {
    ++i;
    while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) {
      ++i;
    }
    --k;
  }
  return i;
}

static size_t utf8_get(const char *s, size_t n, size_t i, unsigned *cp) {
  unsigned char c = (unsigned char)s[i];
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
  if (i + (size_t)len > n) {
    *cp = c;
    return 1;
  }
  unsigned v = len == 1   ? c
               : len == 2 ? c & 0x1F
               : len == 3 ? c & 0x0F
                          : c & 0x07;
  for (int k = 1; k < len; ++k) {
    v = (v << 6) | ((unsigned char)s[i + (size_t)k] & 0x3F);
  }
  *cp = v;
  return (size_t)len;
}

static void put_utf8(NgBuf *b, unsigned c) {
  char o[4];
  int n;
  if (c < 0x80) {
    o[0] = (char)c, n = 1;
  } else if (c < 0x800) {
    o[0] = (char)(0xC0 | (c >> 6)), o[1] = (char)(0x80 | (c & 0x3F)), n = 2;
  } else if (c < 0x10000) {
    o[0] = (char)(0xE0 | (c >> 12)), o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[2] = (char)(0x80 | (c & 0x3F)), n = 3;
  } else {
    o[0] = (char)(0xF0 | (c >> 18)), o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F)), o[3] = (char)(0x80 | (c & 0x3F));
    n = 4;
  }
  ng_buf_append(b, o, (size_t)n);
}

static Val buf_str(EvalCtx *cx, NgBuf *b, const char *lang) {
  Val v = str_val(cx, b->data, b->len, lang);
  ng_buf_release(b);
  return v;
}

static Val change_case(EvalCtx *cx, const Val *a, int upper) {
  NgBuf b = NG_BUF_INIT;
  for (size_t i = 0; i < a->len;) {
    unsigned c;
    i += utf8_get(a->lex, a->len, i, &c);
    if (c < 0x80) {
      c = (unsigned)(upper ? toupper((int)c) : tolower((int)c));
    } else if (utf8_locale) {
      c = (unsigned)(upper ? towupper_l((wint_t)c, utf8_locale)
                           : towlower_l((wint_t)c, utf8_locale));
    }
    put_utf8(&b, c);
  }
  return buf_str(cx, &b, a->lang);
}

/* Argument compatibility of the string functions (SPARQL 17.4.3.1.4). */
static int compatible_args(const Val *a, const Val *b) {
  if (!is_stringish(a) || !is_stringish(b)) {
    return 0;
  }
  if (b->type == NG_LIT_STRING) {
    return 1;
  }
  return a->type == NG_LIT_LANG && !strcasecmp(a->lang, b->lang);
}

static const char *find_bytes(const char *h, size_t hn, const char *n,
                              size_t nn) {
  if (!nn) {
    return h;
  }
  for (size_t i = 0; i + nn <= hn; ++i) {
    if (!memcmp(h + i, n, nn)) {
      return h + i;
    }
  }
  return NULL;
}

/* The string form of a term for STR(): an IRI, or a literal's lexical. */
static Val str_of(EvalCtx *cx, const Val *a) {
  int k = kind_of(cx, a);
  if (a->kind == V_ERROR || k == NG_TERM_BLANK) {
    return err();
  }
  return lit(NG_LIT_STRING, a->lex, a->len, 0, NULL);
}

/* --------------------------------------------------------------- regex */

void *ng_regex_compile(const char *pattern, size_t len, const char *flags,
                       char *errbuf, size_t err_len) {
  uint32_t opts = PCRE2_UTF;
  for (const char *f = flags; *f; ++f) {
    switch (*f) {
    case 'i':
      opts |= PCRE2_CASELESS;
      break;
    case 's':
      opts |= PCRE2_DOTALL;
      break;
    case 'm':
      opts |= PCRE2_MULTILINE;
      break;
    case 'x':
      opts |= PCRE2_EXTENDED;
      break;
    case 'q':
      opts |= PCRE2_LITERAL;
      break;
    default:
      snprintf(errbuf, err_len, "unknown regex flag '%c'", *f);
      return NULL;
    }
  }
  int code;
  PCRE2_SIZE off;
  pcre2_code *re =
      pcre2_compile((PCRE2_SPTR)pattern, len, opts, &code, &off, NULL);
  if (!re) {
    PCRE2_UCHAR msg[160];
    pcre2_get_error_message(code, msg, sizeof msg);
    snprintf(errbuf, err_len, "%s at offset %zu", (const char *)msg,
             (size_t)off);
  }
  return re;
}

void ng_regex_free(void *re) {
  pcre2_code_free(re);
}

int ng_regex_match(void *re, const char *s, size_t len) {
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
  if (!md) {
    return -1;
  }
  int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
  pcre2_match_data_free(md);
  return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

/* The regex of e: the precompiled one, or compiled now (freed by the
 * caller through *owned). */
static void *regex_of(const Expr *e, const Val *pat, const Val *flags,
                      void **owned) {
  *owned = NULL;
  if (e->regex) {
    return e->regex;
  }
  char err_[160];
  char fl[16] = "";
  if (flags) {
    if (flags->len >= sizeof fl) {
      return NULL;
    }
    memcpy(fl, flags->lex, flags->len);
    fl[flags->len] = '\0';
  }
  *owned = ng_regex_compile(pat->lex, pat->len, fl, err_, sizeof err_);
  return *owned;
}

/* ------------------------------------------------------------ functions */

static Val eval_args(EvalCtx *cx, const Expr *e, const NgTermId *row, Val *v,
                     int n) {
  for (int i = 0; i < n && i < e->n; ++i) {
    v[i] = ng_expr_eval(cx, e->args[i], row);
    if (v[i].kind == V_ERROR) {
      return err();
    }
  }
  Val ok;
  memset(&ok, 0, sizeof ok);
  ok.kind = V_TERM;
  return ok;
}

static Val int_val(EvalCtx *cx, long long n) {
  Num x;
  memset(&x, 0, sizeof x);
  x.type = NG_LIT_INTEGER;
  x.exact = 1;
  x.m = n;
  return num_val(cx, &x);
}

/* Field of a date/time lexical form. */
static Val datetime_part(EvalCtx *cx, const Val *a, int fn) {
  if (a->kind == V_ERROR ||
      (a->type != NG_LIT_DATETIME && a->type != NG_LIT_DATE) ||
      !valid_lit(cx, a)) {
    return err();
  }
  const char *s = a->lex;
  int neg = *s == '-';
  const char *p = strchr(s + neg, '-'); /* after the year */
  const char *t = strchr(s, 'T');
  switch (fn) {
  case F_YEAR:
    return int_val(cx, strtoll(s, NULL, 10));
  case F_MONTH:
    return int_val(cx, atoi(p + 1));
  case F_DAY:
    return int_val(cx, atoi(p + 4));
  case F_HOURS:
    return t ? int_val(cx, atoi(t + 1)) : err();
  case F_MINUTES:
    return t ? int_val(cx, atoi(t + 4)) : err();
  case F_SECONDS: {
    if (!t) {
      return err();
    }
    const char *sec = t + 7;
    size_t n = strspn(sec, "0123456789.");
    char *c = scratch_copy(cx, sec, n);
    return c ? lit(NG_LIT_DECIMAL, c, n, ng_dict_xsd(cx->dict, NG_XSD_DECIMAL),
                   NULL)
             : err();
  }
  case F_TZ: {
    const char *tz = a->type == NG_LIT_DATE ? p + 6 : t + 9;
    while (*tz && (isdigit((unsigned char)*tz) || *tz == '.')) {
      ++tz;
    }
    return str_val(cx, tz, strlen(tz), NULL);
  }
  }
  return err();
}

static Val cast(EvalCtx *cx, const Expr *e, const NgTermId *row) {
  Val a = ng_expr_eval(cx, e->args[0], row);
  int k = kind_of(cx, &a);
  if (a.kind == V_ERROR || k == NG_TERM_BLANK) {
    return err();
  }
  const char *to = ng_dict_term(cx->dict, e->term)->lex +
                   strlen("http://www.w3.org/2001/XMLSchema#");
  if (!strcmp(to, "string")) {
    return lit(NG_LIT_STRING, a.lex, a.len, 0, NULL);
  }
  if (k == NG_TERM_IRI) {
    return err();
  }
  char buf[128];
  if (a.len >= sizeof buf) {
    return err();
  }
  memcpy(buf, a.lex, a.len);
  buf[a.len] = '\0';
  /* trim the whitespace XSD allows around values */
  char *s = buf;
  while (isspace((unsigned char)*s)) {
    ++s;
  }
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1])) {
    s[--n] = '\0';
  }
  NgTermId dt = e->term;
  if (!strcmp(to, "boolean")) {
    if (is_numeric_type(a.type)) {
      Num x;
      if (!val_num(&a, &x)) {
        return err();
      }
      double d = num_double(&x);
      return bool_val(cx, !(d == 0 || isnan(d)));
    }
    if (a.type == NG_LIT_BOOLEAN || a.type == NG_LIT_STRING) {
      if (!strcmp(s, "true") || !strcmp(s, "1")) {
        return bool_val(cx, 1);
      }
      if (!strcmp(s, "false") || !strcmp(s, "0")) {
        return bool_val(cx, 0);
      }
    }
    return err();
  }
  if (!strcmp(to, "integer") || !strcmp(to, "decimal") ||
      !strcmp(to, "double") || !strcmp(to, "float")) {
    Num x;
    memset(&x, 0, sizeof x);
    NgLitType target = to[0] == 'i'                   ? NG_LIT_INTEGER
                       : to[0] == 'd' && to[1] == 'e' ? NG_LIT_DECIMAL
                       : to[0] == 'd'                 ? NG_LIT_DOUBLE
                                                      : NG_LIT_FLOAT;
    if (a.type == NG_LIT_BOOLEAN) {
      x.type = NG_LIT_INTEGER;
      x.exact = 1;
      x.m = a.lex[0] == 't' || a.lex[0] == '1';
      x.d = (double)x.m;
    } else if (is_numeric_type(a.type)) {
      if (!valid_lit(cx, &a) || !val_num(&a, &x)) {
        return err();
      }
    } else if (a.type == NG_LIT_STRING) {
      Val tmp = lit(target, s, n, 0, NULL);
      if (!val_num(&tmp, &x)) {
        return err();
      }
      if (target == NG_LIT_INTEGER &&
          (strchr(s, '.') || strchr(s, 'e') || strchr(s, 'E'))) {
        return err();
      }
    } else {
      return err();
    }
    Num out = x;
    out.type = target;
    if (target == NG_LIT_DOUBLE || target == NG_LIT_FLOAT) {
      out.d = num_double(&x);
      if (target == NG_LIT_FLOAT) {
        out.d = (float)out.d;
      }
    } else if (x.type == NG_LIT_DOUBLE || x.type == NG_LIT_FLOAT) {
      if (!isfinite(x.d) || fabs(x.d) > 1e30) {
        return err();
      }
      double t = target == NG_LIT_INTEGER ? trunc(x.d) : x.d;
      char nb[64];
      snprintf(nb, sizeof nb, target == NG_LIT_INTEGER ? "%.0f" : "%.17g", t);
      if (!parse_exact(nb, &out.m, &out.scale)) {
        return err();
      }
      out.exact = 1;
    } else if (target == NG_LIT_INTEGER) {
      if (!x.exact) {
        return err();
      }
      out.m = x.m / pow10i(x.scale);
      out.scale = 0;
    }
    Val v = num_val(cx, &out);
    if (v.kind != V_ERROR) {
      v.dt = dt;
    }
    return v;
  }
  if (!strcmp(to, "dateTime") || !strcmp(to, "date")) {
    NgLitType target = to[4] == 'T' ? NG_LIT_DATETIME : NG_LIT_DATE;
    if (a.type != NG_LIT_STRING && a.type != NG_LIT_DATETIME &&
        a.type != NG_LIT_DATE) {
      return err();
    }
    if (target == NG_LIT_DATE && a.type == NG_LIT_DATETIME) {
      n = strcspn(s, "T");
      s[n] = '\0';
    }
    NgTermId id = ng_dict_intern(cx->dict, NG_TERM_LITERAL, s, n, dt, NULL);
    if (!id || !ng_dict_term(cx->dict, id)->valid) {
      return err();
    }
    return of_term(cx, id);
  }
  return err();
}

static Val call(EvalCtx *cx, const Expr *e, const NgTermId *row) {
  Val a[4];
  memset(a, 0, sizeof a);
  switch (e->fn) {
  case F_BOUND:
    return bool_val(cx, row[e->args[0]->var] != 0);
  case F_COALESCE:
    for (int i = 0; i < e->n; ++i) {
      Val v = ng_expr_eval(cx, e->args[i], row);
      if (v.kind != V_ERROR) {
        return v;
      }
    }
    return err();
  case F_IF: {
    Val c = ng_expr_eval(cx, e->args[0], row);
    int b = ng_expr_ebv(cx, &c);
    if (b < 0) {
      return err();
    }
    return ng_expr_eval(cx, e->args[b ? 1 : 2], row);
  }
  case F_NOW: {
    time_t t = (time_t)cx->now;
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[64];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    char *c = scratch_copy(cx, buf, strlen(buf));
    return c ? lit(NG_LIT_DATETIME, c, strlen(c),
                   ng_dict_xsd(cx->dict, NG_XSD_DATETIME), NULL)
             : err();
  }
  default:
    break;
  }
  if (eval_args(cx, e, row, a, e->n < 4 ? e->n : 4).kind == V_ERROR &&
      e->fn != F_CONCAT) {
    return err();
  }
  switch (e->fn) {
  case F_STR:
    return str_of(cx, &a[0]);
  case F_LANG:
    if (kind_of(cx, &a[0]) != NG_TERM_LITERAL) {
      return err();
    }
    return a[0].lang ? str_val(cx, a[0].lang, strlen(a[0].lang), NULL)
                     : lit(NG_LIT_STRING, "", 0, 0, NULL);
  case F_LANGMATCHES: {
    if (!is_string(&a[0]) || !is_string(&a[1])) {
      return err();
    }
    if (a[1].len == 1 && a[1].lex[0] == '*') {
      return bool_val(cx, a[0].len > 0);
    }
    int ok = a[0].len >= a[1].len &&
             !strncasecmp(a[0].lex, a[1].lex, a[1].len) &&
             (a[0].len == a[1].len || a[0].lex[a[1].len] == '-');
    return bool_val(cx, ok && a[1].len > 0);
  }
  case F_DATATYPE: {
    if (kind_of(cx, &a[0]) != NG_TERM_LITERAL) {
      return err();
    }
    NgTermId dt = a[0].lang ? ng_dict_xsd(cx->dict, NG_RDF_LANGSTRING)
                  : a[0].dt ? a[0].dt
                            : ng_dict_xsd(cx->dict, NG_XSD_STRING);
    return of_term(cx, dt);
  }
  case F_IRI: {
    int k = kind_of(cx, &a[0]);
    if (k == NG_TERM_IRI) {
      return a[0];
    }
    if (!is_string(&a[0])) {
      return err();
    }
    NgTermId id =
        ng_dict_intern(cx->dict, NG_TERM_IRI, a[0].lex, a[0].len, 0, NULL);
    return id ? of_term(cx, id) : err();
  }
  case F_ABS:
  case F_CEIL:
  case F_FLOOR:
  case F_ROUND: {
    Num x;
    if (!val_num(&a[0], &x) || !valid_lit(cx, &a[0])) {
      return err();
    }
    if (x.type == NG_LIT_INTEGER) {
      if (e->fn == F_ABS && x.m < 0) {
        x.m = -x.m;
      }
      return num_val(cx, &x);
    }
    if (x.type == NG_LIT_DECIMAL) {
      if (!x.exact) {
        return err();
      }
      i128 p = pow10i(x.scale), q = x.m / p, r = x.m % p;
      switch (e->fn) {
      case F_ABS:
        x.m = x.m < 0 ? -x.m : x.m;
        return num_val(cx, &x);
      case F_CEIL:
        q += r > 0;
        break;
      case F_FLOOR:
        q -= r < 0;
        break;
      default: /* round half up (towards positive infinity) */
        if (r * 2 >= p) {
          ++q;
        } else if (r < 0 && -r * 2 > p) {
          --q;
        }
      }
      x.m = q;
      x.scale = 0;
      return num_val(cx, &x);
    }
    x.d = e->fn == F_ABS     ? fabs(x.d)
          : e->fn == F_CEIL  ? ceil(x.d)
          : e->fn == F_FLOOR ? floor(x.d)
                             : floor(x.d + 0.5);
    return num_val(cx, &x);
  }
  case F_CONCAT: {
    NgBuf b = NG_BUF_INIT;
    const char *lang = NULL;
    int same_lang = 1;
    for (int i = 0; i < e->n; ++i) {
      Val v = ng_expr_eval(cx, e->args[i], row);
      if (!is_stringish(&v)) {
        ng_buf_release(&b);
        return err();
      }
      if (i == 0) {
        lang = v.lang;
      } else if (!v.lang || !lang || strcasecmp(v.lang, lang)) {
        same_lang = 0;
      }
      ng_buf_append(&b, v.lex, v.len);
    }
    return buf_str(cx, &b, same_lang && e->n ? lang : NULL);
  }
  case F_SUBSTR: {
    if (!is_stringish(&a[0])) {
      return err();
    }
    Num s, l;
    if (!val_num(&a[1], &s) || (e->n > 2 && !val_num(&a[2], &l))) {
      return err();
    }
    double start = floor(num_double(&s) + 0.5);
    double len = e->n > 2 ? floor(num_double(&l) + 0.5) : INFINITY;
    size_t total = utf8_len(a[0].lex, a[0].len);
    /* characters at positions p with start <= p < start + len */
    double first = start < 1 ? 1 : start;
    double last = start + len; /* exclusive */
    if (isnan(start) || isnan(len) || last <= first || first > (double)total) {
      return str_val(cx, "", 0, a[0].lang);
    }
    size_t from = (size_t)first - 1;
    size_t to = last > (double)total + 1 ? total : (size_t)last - 1;
    size_t bf = utf8_offset(a[0].lex, a[0].len, from);
    size_t bt = utf8_offset(a[0].lex, a[0].len, to);
    return str_val(cx, a[0].lex + bf, bt - bf, a[0].lang);
  }
  case F_STRLEN:
    if (!is_stringish(&a[0])) {
      return err();
    }
    return int_val(cx, (long long)utf8_len(a[0].lex, a[0].len));
  case F_UCASE:
  case F_LCASE:
    if (!is_stringish(&a[0])) {
      return err();
    }
    return change_case(cx, &a[0], e->fn == F_UCASE);
  case F_ENCODE_FOR_URI: {
    if (!is_stringish(&a[0])) {
      return err();
    }
    NgBuf b = NG_BUF_INIT;
    for (size_t i = 0; i < a[0].len; ++i) {
      unsigned char c = (unsigned char)a[0].lex[i];
      if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
        ng_buf_putc(&b, (char)c);
      } else {
        ng_buf_printf(&b, "%%%02X", c);
      }
    }
    return buf_str(cx, &b, NULL);
  }
  case F_CONTAINS:
  case F_STRSTARTS:
  case F_STRENDS:
  case F_STRBEFORE:
  case F_STRAFTER: {
    if (!compatible_args(&a[0], &a[1])) {
      return err();
    }
    const char *h = a[0].lex, *n = a[1].lex;
    size_t hn = a[0].len, nn = a[1].len;
    if (e->fn == F_STRSTARTS) {
      return bool_val(cx, hn >= nn && !memcmp(h, n, nn));
    }
    if (e->fn == F_STRENDS) {
      return bool_val(cx, hn >= nn && !memcmp(h + hn - nn, n, nn));
    }
    const char *at = find_bytes(h, hn, n, nn);
    if (e->fn == F_CONTAINS) {
      return bool_val(cx, at != NULL);
    }
    if (!at) {
      return lit(NG_LIT_STRING, "", 0, 0, NULL);
    }
    /* the result keeps the first argument's language unless empty */
    if (e->fn == F_STRBEFORE) {
      size_t len = (size_t)(at - h);
      return str_val(cx, h, len, len || nn ? a[0].lang : a[0].lang);
    }
    size_t off = (size_t)(at - h) + nn;
    return str_val(cx, h + off, hn - off, a[0].lang);
  }
  case F_YEAR:
  case F_MONTH:
  case F_DAY:
  case F_HOURS:
  case F_MINUTES:
  case F_SECONDS:
  case F_TZ:
    return datetime_part(cx, &a[0], e->fn);
  case F_STRLANG: {
    if (!is_string(&a[0]) || !is_string(&a[1]) || !a[1].len) {
      return err();
    }
    char *lang = scratch_copy(cx, a[1].lex, a[1].len);
    return lang ? str_val(cx, a[0].lex, a[0].len, lang) : err();
  }
  case F_STRDT: {
    if (!is_string(&a[0]) || kind_of(cx, &a[1]) != NG_TERM_IRI) {
      return err();
    }
    NgTermId id = ng_dict_intern(cx->dict, NG_TERM_LITERAL, a[0].lex, a[0].len,
                                 ng_expr_term(cx, &a[1]), NULL);
    return id ? of_term(cx, id) : err();
  }
  case F_SAMETERM:
    return bool_val(cx, same_term(cx, &a[0], &a[1]));
  case F_ISIRI:
    return bool_val(cx, kind_of(cx, &a[0]) == NG_TERM_IRI);
  case F_ISBLANK:
    return bool_val(cx, kind_of(cx, &a[0]) == NG_TERM_BLANK);
  case F_ISLITERAL:
    return bool_val(cx, kind_of(cx, &a[0]) == NG_TERM_LITERAL);
  case F_ISNUMERIC:
    return bool_val(cx, kind_of(cx, &a[0]) == NG_TERM_LITERAL &&
                            is_numeric_type(a[0].type) && valid_lit(cx, &a[0]));
  case F_REGEX: {
    if (!is_stringish(&a[0]) || !is_string(&a[1]) ||
        (e->n > 2 && !is_string(&a[2]))) {
      return err();
    }
    void *owned;
    void *re = regex_of(e, &a[1], e->n > 2 ? &a[2] : NULL, &owned);
    if (!re) {
      return err();
    }
    int m = ng_regex_match(re, a[0].lex, a[0].len);
    ng_regex_free(owned);
    return m < 0 ? err() : bool_val(cx, m);
  }
  case F_REPLACE: {
    if (!is_stringish(&a[0]) || !is_string(&a[1]) || !is_string(&a[2]) ||
        (e->n > 3 && !is_string(&a[3]))) {
      return err();
    }
    void *owned;
    void *re = regex_of(e, &a[1], e->n > 3 ? &a[3] : NULL, &owned);
    if (!re) {
      return err();
    }
    PCRE2_SIZE outlen = a[0].len * 2 + a[2].len + 64;
    Val v = err();
    for (int attempt = 0; attempt < 8; ++attempt) {
      char *out = malloc(outlen + 1);
      if (!out) {
        break;
      }
      PCRE2_SIZE len = outlen;
      int rc = pcre2_substitute(
          re, (PCRE2_SPTR)a[0].lex, a[0].len, 0,
          PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH, NULL,
          NULL, (PCRE2_SPTR)a[2].lex, a[2].len, (PCRE2_UCHAR *)out, &len);
      if (rc == PCRE2_ERROR_NOMEMORY) {
        free(out);
        outlen = len;
        continue;
      }
      if (rc >= 0) {
        v = str_val(cx, out, len, a[0].lang);
      }
      free(out);
      break;
    }
    ng_regex_free(owned);
    return v;
  }
  default:
    return err();
  }
}

/* --------------------------------------------------------------- eval */

Val ng_expr_eval(EvalCtx *cx, const Expr *e, const NgTermId *row) {
  switch (e->op) {
  case E_VAR:
  case E_AGG:
    return of_term(cx, row[e->var]);
  case E_TERM:
    return of_term(cx, e->term);
  case E_OR:
  case E_AND: {
    Val x = ng_expr_eval(cx, e->args[0], row);
    int a = ng_expr_ebv(cx, &x);
    /* || : true wins over error; && : false wins over error */
    if (e->op == E_OR && a == 1) {
      return bool_val(cx, 1);
    }
    if (e->op == E_AND && a == 0) {
      return bool_val(cx, 0);
    }
    Val y = ng_expr_eval(cx, e->args[1], row);
    int b = ng_expr_ebv(cx, &y);
    if (e->op == E_OR) {
      return b == 1             ? bool_val(cx, 1)
             : (a < 0 || b < 0) ? err()
                                : bool_val(cx, 0);
    }
    return b == 0             ? bool_val(cx, 0)
           : (a < 0 || b < 0) ? err()
                              : bool_val(cx, 1);
  }
  case E_NOT: {
    Val x = ng_expr_eval(cx, e->args[0], row);
    int a = ng_expr_ebv(cx, &x);
    return a < 0 ? err() : bool_val(cx, !a);
  }
  case E_EQ:
  case E_NE:
  case E_LT:
  case E_GT:
  case E_LE:
  case E_GE: {
    Val x = ng_expr_eval(cx, e->args[0], row);
    Val y = ng_expr_eval(cx, e->args[1], row);
    int c = compare(cx, e->op, &x, &y);
    return c < 0 ? err() : bool_val(cx, c);
  }
  case E_IN:
  case E_NOTIN: {
    Val x = ng_expr_eval(cx, e->args[0], row);
    if (x.kind == V_ERROR) {
      return err();
    }
    int error = 0;
    for (int i = 1; i < e->n; ++i) {
      Val y = ng_expr_eval(cx, e->args[i], row);
      int c = compare(cx, E_EQ, &x, &y);
      if (c == 1) {
        return bool_val(cx, e->op == E_IN);
      }
      error |= c < 0;
    }
    return error ? err() : bool_val(cx, e->op == E_NOTIN);
  }
  case E_ADD:
  case E_SUB:
  case E_MUL:
  case E_DIV: {
    Val x = ng_expr_eval(cx, e->args[0], row);
    Val y = ng_expr_eval(cx, e->args[1], row);
    Num a, b, r;
    if (!valid_lit(cx, &x) || !valid_lit(cx, &y) || !val_num(&x, &a) ||
        !val_num(&y, &b) || !num_arith(e->op, &a, &b, &r)) {
      return err();
    }
    return num_val(cx, &r);
  }
  case E_NEG:
  case E_PLUS: {
    Val x = ng_expr_eval(cx, e->args[0], row);
    Num a;
    if (!valid_lit(cx, &x) || !val_num(&x, &a)) {
      return err();
    }
    if (e->op == E_NEG) {
      a.m = -a.m;
      a.d = -a.d;
    }
    return num_val(cx, &a);
  }
  case E_FUNC:
    return call(cx, e, row);
  case E_CAST:
    return cast(cx, e, row);
  case E_EXISTS:
  case E_NOTEXISTS: {
    int found = cx->exists(cx, e->pattern, row);
    if (cx->error) {
      return err();
    }
    return bool_val(cx, e->op == E_EXISTS ? found : !found);
  }
  }
  return err();
}

/* ---------------------------------------------------------- aggregates */

static int cmp_ids(const void *a, const void *b) {
  NgTermId x = *(const NgTermId *)a, y = *(const NgTermId *)b;
  return x < y ? -1 : x > y;
}

NgTermId ng_expr_aggregate(EvalCtx *cx, const Expr *agg,
                           const NgTermId *const *rows, size_t n) {
  int w = cx->q->n_vars;
  if (agg->fn == AGG_COUNT && agg->n == 0) {
    size_t count = n;
    if (agg->distinct && n) {
      /* distinct solutions: compare whole rows */
      const NgTermId **v = malloc(n * sizeof(NgTermId *));
      if (!v) {
        cx->error = NG_ERR_NOMEM;
        return 0;
      }
      count = 0;
      for (size_t i = 0; i < n; ++i) {
        int dup = 0;
        for (size_t k = 0; k < count && !dup; ++k) {
          dup = !memcmp(v[k], rows[i], (size_t)w * sizeof(NgTermId));
        }
        if (!dup) {
          v[count++] = rows[i];
        }
      }
      free(v);
    }
    Val r = int_val(cx, (long long)count);
    return ng_expr_term(cx, &r);
  }
  /* the values of the expression over the group (errors left out) */
  NgTermId *vals = malloc((n ? n : 1) * sizeof(NgTermId));
  if (!vals) {
    cx->error = NG_ERR_NOMEM;
    return 0;
  }
  size_t m = 0;
  for (size_t i = 0; i < n; ++i) {
    Val v = ng_expr_eval(cx, agg->args[0], rows[i]);
    if (v.kind != V_ERROR) {
      NgTermId id = ng_expr_term(cx, &v);
      if (id) {
        vals[m++] = id;
      }
    }
  }
  if (agg->distinct && m) {
    qsort(vals, m, sizeof(NgTermId), cmp_ids);
    size_t k = 1;
    for (size_t i = 1; i < m; ++i) {
      if (vals[i] != vals[k - 1]) {
        vals[k++] = vals[i];
      }
    }
    m = k;
  }
  NgTermId result = 0;
  switch (agg->fn) {
  case AGG_COUNT: {
    Val r = int_val(cx, (long long)m);
    result = ng_expr_term(cx, &r);
    break;
  }
  case AGG_SUM:
  case AGG_AVG: {
    Num sum;
    memset(&sum, 0, sizeof sum);
    sum.type = NG_LIT_INTEGER;
    sum.exact = 1;
    int ok = 1;
    for (size_t i = 0; ok && i < m; ++i) {
      Val v = of_term(cx, vals[i]);
      Num x, r;
      ok = valid_lit(cx, &v) && val_num(&v, &x) &&
           num_arith(E_ADD, &sum, &x, &r);
      if (ok) {
        sum = r;
      }
    }
    if (ok && agg->fn == AGG_AVG && m) {
      Num cnt, r;
      memset(&cnt, 0, sizeof cnt);
      cnt.type = NG_LIT_INTEGER;
      cnt.exact = 1;
      cnt.m = (i128)m;
      ok = num_arith(E_DIV, &sum, &cnt, &r);
      sum = r;
    }
    if (ok) {
      Val r = num_val(cx, &sum);
      result = ng_expr_term(cx, &r);
    }
    break;
  }
  case AGG_MIN:
  case AGG_MAX:
    for (size_t i = 0; i < m; ++i) {
      int c = result ? ng_term_order(cx->dict, vals[i], result) : 0;
      if (!result || (agg->fn == AGG_MIN ? c < 0 : c > 0)) {
        result = vals[i];
      }
    }
    break;
  case AGG_SAMPLE:
    result = m ? vals[0] : 0;
    break;
  case AGG_CONCAT: {
    NgBuf b = NG_BUF_INIT;
    int ok = 1;
    for (size_t i = 0; ok && i < m; ++i) {
      const NgTerm *t = ng_dict_term(cx->dict, vals[i]);
      if (t->kind != NG_TERM_LITERAL) {
        ok = 0;
        break;
      }
      if (i) {
        ng_buf_puts(&b, agg->sep);
      }
      ng_buf_append(&b, t->lex, t->len);
    }
    if (ok) {
      Val r = buf_str(cx, &b, NULL);
      result = ng_expr_term(cx, &r);
    } else {
      ng_buf_release(&b);
    }
    break;
  }
  }
  free(vals);
  return result;
}
