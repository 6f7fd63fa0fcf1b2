/*
 * sparql_ast.h: the parsed form of a query, shared by the parser
 * (sparql_parse.c), the evaluator (sparql_eval.c) and the expression
 * evaluator (sparql_expr.c).  Group graph patterns are already translated
 * into the algebra of SPARQL 1.1 section 18.2 (Join, LeftJoin, Filter,
 * Union, Minus, Extend, Graph, Values, subqueries).  Every node lives in
 * the query's arena and is freed with it.  Internal to output/.
 */
#ifndef NG_OUTPUT_SPARQL_AST_H
#define NG_OUTPUT_SPARQL_AST_H

#include "output/sparql.h"

typedef struct Expr Expr;
typedef struct Pattern Pattern;
typedef struct Path Path;

/* A position of a triple pattern: a variable (var >= 0) or a term. */
typedef struct Slot {
  int var;       /* variable index, or -1 */
  NgTermId term; /* the term when var < 0 */
  int bnode;     /* CONSTRUCT templates: a blank node label number (> 0) */
} Slot;

typedef enum PathKind {
  PATH_IRI,  /* iri */
  PATH_INV,  /* ^a */
  PATH_SEQ,  /* a/b */
  PATH_ALT,  /* a|b */
  PATH_STAR, /* a* */
  PATH_PLUS, /* a+ */
  PATH_OPT,  /* a? */
  PATH_NEG   /* !(iri|^iri...) */
} PathKind;

struct Path {
  PathKind kind;
  NgTermId iri; /* PATH_IRI */
  Path *a, *b;  /* operands */
  size_t n_neg; /* PATH_NEG: the excluded IRIs ... */
  NgTermId *neg;
  unsigned char *neg_inverse; /* ... and whether each is ^iri */
};

typedef struct TriplePat {
  Slot s, p, o;
  Path *path; /* a property path (p unused) when not a plain predicate */
} TriplePat;

typedef enum ExprOp {
  E_VAR,
  E_TERM,
  E_OR,
  E_AND,
  E_NOT,
  E_EQ,
  E_NE,
  E_LT,
  E_GT,
  E_LE,
  E_GE,
  E_IN,
  E_NOTIN,
  E_ADD,
  E_SUB,
  E_MUL,
  E_DIV,
  E_NEG,
  E_PLUS,
  E_FUNC,
  E_CAST,
  E_EXISTS,
  E_NOTEXISTS,
  E_AGG
} ExprOp;

/* Built-in functions the engine evaluates. */
typedef enum Builtin {
  F_STR,
  F_LANG,
  F_LANGMATCHES,
  F_DATATYPE,
  F_BOUND,
  F_IRI,
  F_ABS,
  F_CEIL,
  F_FLOOR,
  F_ROUND,
  F_CONCAT,
  F_SUBSTR,
  F_STRLEN,
  F_REPLACE,
  F_UCASE,
  F_LCASE,
  F_ENCODE_FOR_URI,
  F_CONTAINS,
  F_STRSTARTS,
  F_STRENDS,
  F_STRBEFORE,
  F_STRAFTER,
  F_YEAR,
  F_MONTH,
  F_DAY,
  F_HOURS,
  F_MINUTES,
  F_SECONDS,
  F_TZ,
  F_NOW,
  F_COALESCE,
  F_IF,
  F_STRLANG,
  F_STRDT,
  F_SAMETERM,
  F_ISIRI,
  F_ISBLANK,
  F_ISLITERAL,
  F_ISNUMERIC,
  F_REGEX
} Builtin;

typedef enum AggKind {
  AGG_COUNT,
  AGG_SUM,
  AGG_MIN,
  AGG_MAX,
  AGG_AVG,
  AGG_SAMPLE,
  AGG_CONCAT
} AggKind;

struct Expr {
  ExprOp op;
  int fn;        /* Builtin for E_FUNC, AggKind for E_AGG */
  int var;       /* E_VAR; E_AGG: the variable holding the group's value */
  NgTermId term; /* E_TERM; E_CAST: the target datatype */
  int n;
  Expr **args;      /* E_AGG: 0 args for COUNT(*) */
  Pattern *pattern; /* E_EXISTS, E_NOTEXISTS */
  int distinct;     /* E_AGG */
  const char *sep;  /* E_AGG GROUP_CONCAT separator (default " ") */
  void *regex;      /* E_FUNC REGEX/REPLACE with a constant pattern: compiled */
};

typedef enum PatKind {
  P_EMPTY,    /* the one empty solution */
  P_BGP,      /* triples (and paths) */
  P_JOIN,     /* a, b */
  P_LEFTJOIN, /* a OPTIONAL { b } with condition expr (may be NULL) */
  P_UNION,    /* a, b */
  P_MINUS,    /* a, b */
  P_FILTER,   /* a, expr */
  P_EXTEND,   /* a, var := expr */
  P_GRAPH,    /* GRAPH graph { a } */
  P_VALUES,   /* inline data */
  P_SUBQUERY  /* { SELECT ... } */
} PatKind;

struct Pattern {
  PatKind kind;
  Pattern *a, *b;
  size_t n_triples;
  TriplePat *triples;
  Expr *expr;
  int var;
  Slot graph;
  size_t n_vals_vars, n_vals_rows;
  int *vals_vars;
  NgTermId *vals; /* n_vals_rows * n_vals_vars, 0 UNDEF */
  NgQuery *sub;
  int *sub_inner, *sub_outer; /* SUBQUERY: projected inner -> outer vars */
  size_t n_sub;
  /* analysis, filled after parsing (sparql_eval.c) */
  unsigned char *certain; /* vars bound in every solution */
  unsigned char *maybe;   /* vars bound in some solution */
  int safe;               /* may be evaluated seeded with a row */
};

typedef struct OrderKey {
  Expr *expr;
  int desc;
} OrderKey;

struct NgQuery {
  NgDict *dict;
  void *arena;
  NgQueryForm form;
  /* variables of the whole query (every scope), by index */
  int n_vars;
  char **var_names;
  unsigned char *var_hidden; /* internal (blank nodes, paths, renamed) */
  /* SELECT */
  int distinct, reduced, star;
  int n_proj;
  int *proj_vars;
  Expr **proj_exprs; /* NULL entries: a plain variable */
  Pattern *where;
  /* GROUP BY, aggregates, HAVING */
  int grouped; /* GROUP BY or an aggregate present */
  int n_group;
  Expr **group_exprs;
  int *group_vars; /* var the key is bound to (AS, or the variable), or -1 */
  int n_aggs;
  Expr **aggs;
  int n_having;
  Expr **having;
  /* ORDER BY, LIMIT, OFFSET */
  int n_order;
  OrderKey *order;
  /* the top query's ORDER BY clause in the text (order_len 0: none), cut
   * when a server's answer is sorted here (ng_query_local_order) */
  size_t order_at, order_len;
  long limit, offset; /* limit -1: none */
  /* CONSTRUCT template, DESCRIBE resources */
  size_t n_template;
  TriplePat *template_;
  int n_describe;
  Slot *describe;
  int has_dataset;
  const char *unsupported;
  double deadline;
  /* text offsets where the dividend of each '/' starts (server rewrite) */
  size_t *div_starts;
  int n_div;
};

/* Allocates n zeroed bytes in the query's arena (NULL when out of memory). */
void *ng_query_alloc(NgQuery *q, size_t n);

/* ------------------------------------------------ expression evaluation */

/* A value computed by an expression: a term id when it is one, else the
 * parts of a literal (strings borrowed from the dictionary or scratch). */
typedef struct Val {
  int kind; /* V_ERROR, V_TERM (id set), V_LIT (computed literal) */
  NgTermId id;
  NgLitType type; /* of a literal */
  const char *lex;
  size_t len;
  const char *lang;
  NgTermId dt;
  double num;
  int64_t ival;
  int is_int_exact; /* an integer whose ival is exact */
} Val;

enum { V_ERROR = 0, V_TERM = 1, V_LIT = 2 };

typedef struct EvalCtx EvalCtx;

/* Evaluates e over row (one term id per query variable); the result's
 * strings stay valid until ng_expr_scratch_reset. */
Val ng_expr_eval(EvalCtx *cx, const Expr *e, const NgTermId *row);

/* The effective boolean value of v: 1 true, 0 false, -1 error. */
int ng_expr_ebv(EvalCtx *cx, const Val *v);

/* The term of v (interned when computed); 0 for an error. */
NgTermId ng_expr_term(EvalCtx *cx, const Val *v);

/* Orders two terms as ORDER BY does (unbound, blank nodes, IRIs, then
 * literals: numbers by value, strings by code point, then by datatype and
 * lexical form).  <0, 0, >0. */
int ng_term_order(const NgDict *d, NgTermId a, NgTermId b);

/* Aggregates over the rows of one group (row pointers). */
NgTermId ng_expr_aggregate(EvalCtx *cx, const Expr *agg,
                           const NgTermId *const *rows, size_t n);

void ng_expr_scratch_reset(EvalCtx *cx);

/* Context shared by expression and pattern evaluation. */
struct EvalCtx {
  NgQuery *q;
  NgDataset *ds;
  NgDict *dict;
  void *scratch; /* per-evaluation string scratch */
  double deadline;
  long ticks; /* work counter for deadline checks */
  int timed_out;
  NgStatus error; /* out of memory or timeout during evaluation */
  /* EXISTS: evaluates a pattern seeded with row; non-zero if it has a
   * solution (set by sparql_eval.c) */
  int (*exists)(EvalCtx *cx, Pattern *p, const NgTermId *row);
  double now; /* NOW() for the whole query */
  int too_big; /* a solution set hit its size limit (reported) */
  unsigned long bnode_seq;
};

/* The compiled form of a constant REGEX pattern (pcre2), compiled at
 * parse time so that a bad pattern is a query error. */
void *ng_regex_compile(const char *pattern, size_t len, const char *flags,
                       char *err, size_t err_len);
void ng_regex_free(void *re);
int ng_regex_match(void *re, const char *s, size_t len);

#endif /* NG_OUTPUT_SPARQL_AST_H */
