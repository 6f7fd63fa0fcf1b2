/*
 * sparql_eval.c: evaluation of a parsed query over an NgDataset.  The
 * algebra is evaluated as SPARQL 1.1 section 18.5 defines it, with two
 * standard optimisations that do not change any answer:
 *
 *  - a pattern that is a basic graph pattern (or a join/union of them) is
 *    evaluated "seeded" with each row of its left side (an index nested
 *    loop join), which is the same as joining it bottom-up because such
 *    patterns have no inner scope;
 *  - a FILTER conjunct is applied as soon as every variable it reads is
 *    bound for certain, inside basic graph patterns and below joins and
 *    left joins (filter(join(A,B)) = join(filter(A),B) when the filter
 *    reads only variables A always binds).
 *
 * Everything else is evaluated bottom-up with hash joins on the variables
 * both sides always bind.  Rows are arrays of term ids, one per variable
 * of the query (0: unbound).
 */
#define _POSIX_C_SOURCE 200809L
#include "output/sparql_ast.h"

#include "util.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ row sets */

/* The most one set of solutions may take: beyond it a query (a cross
 * product, most likely) fails instead of exhausting the machine. */
#define MAX_SET_BYTES ((size_t)3 << 30)

typedef struct Sols {
  size_t n, cap;
  int w;
  NgTermId *rows;
} Sols;

static void sols_init(Sols *s, int w) {
  s->n = s->cap = 0;
  s->w = w;
  s->rows = NULL;
}

static void sols_free(Sols *s) {
  free(s->rows);
  s->rows = NULL;
  s->n = s->cap = 0;
}

static NgTermId *sols_row(const Sols *s, size_t i) {
  return s->rows + i * (size_t)s->w;
}

static int deadline_passed(EvalCtx *cx) {
  if (cx->error) {
    return 1;
  }
  if (++cx->ticks & 0x3FFF) {
    return 0;
  }
  if (cx->deadline > 0 && ng_now() > cx->deadline) {
    cx->error = NG_ERR_TIMEOUT;
    return 1;
  }
  return 0;
}

static int sols_add(EvalCtx *cx, Sols *s, const NgTermId *row) {
  if (cx->error) {
    return 0;
  }
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 16;
    if (cap * (size_t)(s->w ? s->w : 1) * sizeof(NgTermId) > MAX_SET_BYTES) {
      if (!cx->too_big) {
        ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
               "the query's intermediate results outgrow %u MiB (a cross "
               "product?)",
               (unsigned)(MAX_SET_BYTES >> 20));
      }
      cx->too_big = 1;
      cx->error = NG_ERR_NOMEM;
      return 0;
    }
    NgTermId *r = realloc(s->rows, cap * (size_t)s->w * sizeof(NgTermId) +
                                       (s->w ? 0 : 1));
    if (!r) {
      cx->error = NG_ERR_NOMEM;
      return 0;
    }
    s->rows = r;
    s->cap = cap;
  }
  if (s->w) {
    memcpy(s->rows + s->n * (size_t)s->w, row, (size_t)s->w * sizeof(NgTermId));
  }
  ++s->n;
  deadline_passed(cx);
  return !cx->error;
}

static void sols_move(Sols *dst, Sols *src) {
  sols_free(dst);
  *dst = *src;
  src->rows = NULL;
  src->n = src->cap = 0;
}

/* ----------------------------------------------------------- variables */

static int width(const EvalCtx *cx) {
  return cx->q->n_vars;
}

static unsigned char *varset(EvalCtx *cx) {
  unsigned char *v = ng_query_alloc(cx->q, (size_t)width(cx) + 1);
  if (!v) {
    cx->error = NG_ERR_NOMEM;
  }
  return v;
}

static void mark_slot(unsigned char *set, const Slot *s) {
  if (s->var >= 0) {
    set[s->var] = 1;
  }
}

/* The variables an expression reads (not those of EXISTS patterns). */
static void expr_vars(const Expr *e, unsigned char *set, int *has_exists) {
  if (!e) {
    return;
  }
  if (e->op == E_VAR || e->op == E_AGG) {
    set[e->var] = 1;
    if (e->op == E_AGG) {
      return;
    }
  }
  if (e->op == E_EXISTS || e->op == E_NOTEXISTS) {
    *has_exists = 1;
  }
  if (e->op == E_FUNC && (e->fn == F_BOUND || e->fn == F_NOW)) {
    /* BOUND reads its variable like any other */
  }
  for (int i = 0; i < e->n; ++i) {
    expr_vars(e->args[i], set, has_exists);
  }
}

static void analyse(EvalCtx *cx, Pattern *x);

static void analyse_query(EvalCtx *cx, NgQuery *q) {
  if (q->where) {
    analyse(cx, q->where);
  }
}

/* Fills certain (always bound), maybe (sometimes bound) and safe (may be
 * evaluated seeded) for x and its children. */
static void analyse(EvalCtx *cx, Pattern *x) {
  if (!x || x->certain || cx->error) {
    return;
  }
  int w = width(cx);
  x->certain = varset(cx);
  x->maybe = varset(cx);
  if (!x->certain || !x->maybe) {
    return;
  }
  analyse(cx, x->a);
  analyse(cx, x->b);
  switch (x->kind) {
  case P_EMPTY:
    x->safe = 1;
    break;
  case P_BGP:
    for (size_t i = 0; i < x->n_triples; ++i) {
      mark_slot(x->certain, &x->triples[i].s);
      mark_slot(x->certain, &x->triples[i].p);
      mark_slot(x->certain, &x->triples[i].o);
    }
    memcpy(x->maybe, x->certain, (size_t)w);
    x->safe = 1;
    break;
  case P_JOIN:
    for (int v = 0; v < w; ++v) {
      x->certain[v] = x->a->certain[v] | x->b->certain[v];
      x->maybe[v] = x->a->maybe[v] | x->b->maybe[v];
    }
    x->safe = x->a->safe && x->b->safe;
    break;
  case P_UNION:
    for (int v = 0; v < w; ++v) {
      x->certain[v] = x->a->certain[v] & x->b->certain[v];
      x->maybe[v] = x->a->maybe[v] | x->b->maybe[v];
    }
    x->safe = x->a->safe && x->b->safe;
    break;
  case P_LEFTJOIN:
    memcpy(x->certain, x->a->certain, (size_t)w);
    for (int v = 0; v < w; ++v) {
      x->maybe[v] = x->a->maybe[v] | x->b->maybe[v];
    }
    if (x->expr) {
      int ex = 0;
      unsigned char *tmp = varset(cx);
      if (tmp) {
        expr_vars(x->expr, tmp, &ex);
      }
      /* EXISTS inside the condition is found by the scan below */
      (void)ex;
    }
    break;
  case P_MINUS:
    memcpy(x->certain, x->a->certain, (size_t)w);
    memcpy(x->maybe, x->a->maybe, (size_t)w);
    break;
  case P_FILTER:
    memcpy(x->certain, x->a->certain, (size_t)w);
    memcpy(x->maybe, x->a->maybe, (size_t)w);
    break;
  case P_EXTEND:
    memcpy(x->certain, x->a->certain, (size_t)w);
    memcpy(x->maybe, x->a->maybe, (size_t)w);
    x->maybe[x->var] = 1;
    break;
  case P_GRAPH:
    memcpy(x->certain, x->a->certain, (size_t)w);
    memcpy(x->maybe, x->a->maybe, (size_t)w);
    mark_slot(x->certain, &x->graph);
    mark_slot(x->maybe, &x->graph);
    x->safe = x->a->safe;
    break;
  case P_VALUES:
    for (size_t j = 0; j < x->n_vals_vars; ++j) {
      int all = 1;
      for (size_t r = 0; r < x->n_vals_rows; ++r) {
        if (!x->vals[r * x->n_vals_vars + j]) {
          all = 0;
        } else {
          x->maybe[x->vals_vars[j]] = 1;
        }
      }
      if (all && x->n_vals_rows) {
        x->certain[x->vals_vars[j]] = 1;
      }
    }
    x->safe = 1;
    break;
  case P_SUBQUERY:
    analyse_query(cx, x->sub);
    for (size_t i = 0; i < x->n_sub; ++i) {
      x->maybe[x->sub_outer[i]] = 1;
      /* a plain projected variable the subquery's pattern always binds
       * (grouped: only a grouping variable) */
      int key = !x->sub->grouped;
      for (int k = 0; !key && k < x->sub->n_group; ++k) {
        key = x->sub->group_vars[k] == x->sub_inner[i] &&
              x->sub->group_exprs[k]->op == E_VAR;
      }
      if (key && x->sub->where && x->sub->where->certain[x->sub_inner[i]]) {
        int plain = 1;
        for (int k = 0; k < x->sub->n_proj; ++k) {
          if (x->sub->proj_vars[k] == x->sub_inner[i] &&
              x->sub->proj_exprs[k]) {
            plain = 0;
          }
        }
        x->certain[x->sub_outer[i]] = (unsigned char)plain;
      }
    }
    break;
  }
}

static void analyse_expr_patterns(EvalCtx *cx, Expr *e);

/* EXISTS patterns inside expressions need analysis too. */
static void analyse_patterns_in(EvalCtx *cx, Pattern *x) {
  if (!x) {
    return;
  }
  analyse_expr_patterns(cx, x->expr);
  analyse_patterns_in(cx, x->a);
  analyse_patterns_in(cx, x->b);
  if (x->kind == P_SUBQUERY) {
    NgQuery *q = x->sub;
    analyse_patterns_in(cx, q->where);
    for (int i = 0; i < q->n_proj; ++i) {
      analyse_expr_patterns(cx, q->proj_exprs[i]);
    }
    for (int i = 0; i < q->n_having; ++i) {
      analyse_expr_patterns(cx, q->having[i]);
    }
  }
}

static void analyse_expr_patterns(EvalCtx *cx, Expr *e) {
  if (!e) {
    return;
  }
  if (e->pattern) {
    analyse(cx, e->pattern);
    analyse_patterns_in(cx, e->pattern);
  }
  for (int i = 0; i < e->n; ++i) {
    analyse_expr_patterns(cx, e->args[i]);
  }
}

/* ------------------------------------------------------------ filters */

/* A filter conjunct with the variables it reads. */
typedef struct Filter {
  const Expr *expr;
  unsigned char *vars;
  int n_vars;
  int *var_list;
} Filter;

typedef struct Filters {
  Filter *v;
  int n;
} Filters;

/* Splits e into conjuncts (AND at the top). */
static void conjuncts(EvalCtx *cx, const Expr *e, Filter **v, int *n,
                      int *cap) {
  if (e->op == E_AND) {
    conjuncts(cx, e->args[0], v, n, cap);
    conjuncts(cx, e->args[1], v, n, cap);
    return;
  }
  if (*n == *cap) {
    int nc = *cap ? *cap * 2 : 8;
    Filter *nv = ng_query_alloc(cx->q, (size_t)nc * sizeof(Filter));
    if (!nv) {
      cx->error = NG_ERR_NOMEM;
      return;
    }
    if (*v) {
      memcpy(nv, *v, (size_t)*n * sizeof(Filter));
    }
    *v = nv;
    *cap = nc;
  }
  Filter *f = &(*v)[(*n)++];
  memset(f, 0, sizeof *f);
  f->expr = e;
  f->vars = varset(cx);
  if (!f->vars) {
    return;
  }
  int ex = 0;
  expr_vars(e, f->vars, &ex);
  f->var_list = ng_query_alloc(cx->q, (size_t)width(cx) * sizeof(int) + 1);
  if (!f->var_list) {
    cx->error = NG_ERR_NOMEM;
    return;
  }
  for (int i = 0; i < width(cx); ++i) {
    if (f->vars[i]) {
      f->var_list[f->n_vars++] = i;
    }
  }
  if (ex) {
    f->n_vars = -1; /* never pushed: EXISTS sees the whole row */
  }
}

static int filter_true(EvalCtx *cx, const Expr *e, const NgTermId *row) {
  Val v = ng_expr_eval(cx, e, row);
  int b = ng_expr_ebv(cx, &v);
  ng_expr_scratch_reset(cx);
  return b == 1;
}

/* Whether every variable f reads is in set. */
static int covered(const Filter *f, const unsigned char *set) {
  if (f->n_vars < 0) {
    return 0;
  }
  for (int i = 0; i < f->n_vars; ++i) {
    if (!set[f->var_list[i]]) {
      return 0;
    }
  }
  return 1;
}

static int row_binds_all(const Filter *f, const NgTermId *row) {
  for (int i = 0; i < f->n_vars; ++i) {
    if (!row[f->var_list[i]]) {
      return 0;
    }
  }
  return 1;
}

/* --------------------------------------------------------- evaluation */

/* Where triple patterns look: the default graph, or named graphs (the
 * graph given by a variable or a term). */
typedef struct Gctx {
  int named;
  Slot g;
} Gctx;

static void eval(EvalCtx *cx, Pattern *x, const NgTermId *seed, const Gctx *gc,
                 const Filters *pushed, Sols *out);

/* Values of a slot under row (0: an unbound variable). */
static NgTermId slot_value(const Slot *s, const NgTermId *row) {
  return s->var >= 0 ? row[s->var] : s->term;
}

/* Binds var to t in row; 0 when var is bound to something else. */
static int bind(NgTermId *row, int var, NgTermId t, int *set) {
  if (var < 0) {
    return 1;
  }
  if (row[var]) {
    return row[var] == t;
  }
  row[var] = t;
  *set |= 1;
  return 1;
}

/* ---------------------------------------------------------------- paths */

typedef struct NodeSet {
  NgTermId *v;
  size_t n, cap;
  uint32_t *table; /* open addressing */
  size_t tcap;
} NodeSet;

static void nodeset_free(NodeSet *s) {
  free(s->v);
  free(s->table);
  memset(s, 0, sizeof *s);
}

static int nodeset_has(const NodeSet *s, NgTermId t) {
  if (!s->tcap) {
    return 0;
  }
  size_t i = (t * 2654435761u) & (s->tcap - 1);
  for (; s->table[i]; i = (i + 1) & (s->tcap - 1)) {
    if (s->table[i] == t) {
      return 1;
    }
  }
  return 0;
}

/* Adds t; 1 when new, 0 when present, -1 out of memory. */
static int nodeset_add(NodeSet *s, NgTermId t) {
  if (nodeset_has(s, t)) {
    return 0;
  }
  if ((s->n + 1) * 2 > s->tcap) {
    size_t cap = s->tcap ? s->tcap * 2 : 64;
    uint32_t *tab = calloc(cap, sizeof(uint32_t));
    if (!tab) {
      return -1;
    }
    for (size_t k = 0; k < s->n; ++k) {
      size_t i = (s->v[k] * 2654435761u) & (cap - 1);
      while (tab[i]) {
        i = (i + 1) & (cap - 1);
      }
      tab[i] = s->v[k];
    }
    free(s->table);
    s->table = tab;
    s->tcap = cap;
  }
  if (ng_grow((void **)&s->v, &s->cap, s->n + 1, sizeof(NgTermId))) {
    return -1;
  }
  s->v[s->n++] = t;
  size_t i = (t * 2654435761u) & (s->tcap - 1);
  while (s->table[i]) {
    i = (i + 1) & (s->tcap - 1);
  }
  s->table[i] = t;
  return 1;
}

/* The graph to match in: mode and term (0: any named graph). */
static void graph_of(const Gctx *gc, const NgTermId *row, NgGraphMode *mode,
                     NgTermId *g) {
  *mode = gc->named ? NG_IN_NAMED : NG_IN_DEFAULT;
  *g = gc->named ? slot_value(&gc->g, row) : 0;
}

/* Pairs (from, to) of path x: calls emit for each (bag semantics for
 * IRI, inverse, sequence and alternative; sets for *, + and ?).  from or
 * to 0 means unbound.  Within a named-graph context with an unbound graph
 * variable, pairs come with their graph in *gout (0 otherwise). */
typedef int (*PairFn)(EvalCtx *cx, void *user, NgTermId a, NgTermId b,
                      NgTermId g);

static int path_pairs(EvalCtx *cx, const Path *x, NgGraphMode mode, NgTermId g,
                      NgTermId from, NgTermId to, PairFn emit, void *user);

typedef struct SeqState {
  const Path *second;
  NgGraphMode mode;
  NgTermId to;
  PairFn emit;
  void *user;
  NgTermId from_bound;
  NgTermId first_from;
} SeqState;

typedef struct SeqInner {
  PairFn emit;
  void *user;
  NgTermId from;
} SeqInner;

static int seq_inner(EvalCtx *cx, void *user, NgTermId a, NgTermId b,
                     NgTermId g) {
  (void)a;
  SeqInner *s = user;
  return s->emit(cx, s->user, s->from, b, g);
}

static int seq_outer(EvalCtx *cx, void *user, NgTermId a, NgTermId b,
                     NgTermId g) {
  SeqState *s = user;
  SeqInner in = {s->emit, s->user, a};
  return path_pairs(cx, s->second, s->mode, g, b, s->to, seq_inner, &in);
}

typedef struct Collect {
  NodeSet *set;
} Collect;

static int collect_to(EvalCtx *cx, void *user, NgTermId a, NgTermId b,
                      NgTermId g) {
  (void)a, (void)g;
  Collect *c = user;
  if (nodeset_add(c->set, b) < 0) {
    cx->error = NG_ERR_NOMEM;
    return 0;
  }
  return 1;
}

/* Every node reachable from start by zero (when zero) or more steps of
 * x, in graph g: a breadth-first search.  Fills reach (a set). */
static void reach_from(EvalCtx *cx, const Path *x, NgGraphMode mode, NgTermId g,
                       NgTermId start, int zero, NodeSet *reach) {
  NodeSet frontier = {0};
  if (nodeset_add(&frontier, start) < 0) {
    cx->error = NG_ERR_NOMEM;
    return;
  }
  if (zero && nodeset_add(reach, start) < 0) {
    cx->error = NG_ERR_NOMEM;
  }
  size_t head = 0;
  while (head < frontier.n && !cx->error) {
    NgTermId node = frontier.v[head++];
    NodeSet step = {0};
    Collect c = {&step};
    path_pairs(cx, x, mode, g, node, 0, collect_to, &c);
    for (size_t i = 0; i < step.n && !cx->error; ++i) {
      int added = nodeset_add(reach, step.v[i]);
      if (added < 0 || nodeset_add(&frontier, step.v[i]) < 0) {
        cx->error = NG_ERR_NOMEM;
      }
    }
    nodeset_free(&step);
    if (deadline_passed(cx)) {
      break;
    }
  }
  nodeset_free(&frontier);
}

/* Every subject and object of the graph (for x* with both ends free). */
static void all_nodes(EvalCtx *cx, NgGraphMode mode, NgTermId g, NodeSet *out) {
  NgMatch m;
  if (ng_dataset_match(cx->ds, mode, g, 0, 0, 0, &m)) {
    cx->error = NG_ERR_NOMEM;
    return;
  }
  for (size_t i = 0; i < m.n && !cx->error; ++i) {
    NgTermId t[4];
    ng_match_get(&m, i, t);
    if (nodeset_add(out, t[0]) < 0 || nodeset_add(out, t[2]) < 0) {
      cx->error = NG_ERR_NOMEM;
    }
  }
}

/* The named graphs a path is evaluated in when the graph is unbound. */
static int each_graph(EvalCtx *cx, const Path *x, NgTermId from, NgTermId to,
                      PairFn emit, void *user) {
  size_t n;
  const NgTermId *gs = ng_dataset_graphs(cx->ds, &n);
  for (size_t i = 0; i < n && !cx->error; ++i) {
    if (!path_pairs(cx, x, NG_IN_NAMED, gs[i], from, to, emit, user)) {
      return 0;
    }
  }
  return !cx->error;
}

static int closure_pairs(EvalCtx *cx, const Path *x, NgGraphMode mode,
                         NgTermId g, NgTermId from, NgTermId to, PairFn emit,
                         void *user) {
  int zero = x->kind != PATH_PLUS;
  const Path *step = x->a;
  if (x->kind == PATH_OPT) {
    /* zero or one step: the set of {from} and the one-step pairs */
    NodeSet seen = {0};
    NodeSet starts = {0};
    int ok = 1;
    if (from) {
      nodeset_add(&starts, from);
    } else if (to) {
      Path inv = {PATH_INV, 0, (Path *)step, NULL, 0, NULL, NULL};
      (void)inv;
      all_nodes(cx, mode, g, &starts);
    } else {
      all_nodes(cx, mode, g, &starts);
    }
    for (size_t i = 0; ok && i < starts.n && !cx->error; ++i) {
      NodeSet r = {0};
      if (nodeset_add(&r, starts.v[i]) < 0) {
        cx->error = NG_ERR_NOMEM;
      }
      Collect c = {&r};
      path_pairs(cx, step, mode, g, starts.v[i], 0, collect_to, &c);
      for (size_t k = 0; ok && k < r.n && !cx->error; ++k) {
        if (!to || r.v[k] == to) {
          ok = emit(cx, user, starts.v[i], r.v[k], g);
        }
      }
      nodeset_free(&r);
    }
    nodeset_free(&seen);
    nodeset_free(&starts);
    return ok && !cx->error;
  }
  if (from) {
    NodeSet reach = {0};
    reach_from(cx, step, mode, g, from, zero, &reach);
    int ok = 1;
    for (size_t i = 0; ok && i < reach.n && !cx->error; ++i) {
      if (!to || reach.v[i] == to) {
        ok = emit(cx, user, from, reach.v[i], g);
      }
    }
    nodeset_free(&reach);
    return ok && !cx->error;
  }
  if (to) {
    /* walk backwards from to */
    Path inv = {PATH_INV, 0, (Path *)step, NULL, 0, NULL, NULL};
    NodeSet reach = {0};
    reach_from(cx, &inv, mode, g, to, zero, &reach);
    int ok = 1;
    for (size_t i = 0; ok && i < reach.n && !cx->error; ++i) {
      ok = emit(cx, user, reach.v[i], to, g);
    }
    nodeset_free(&reach);
    return ok && !cx->error;
  }
  /* both ends free: from every node of the graph (for +: every node with
   * an outgoing step) */
  NodeSet starts = {0};
  all_nodes(cx, mode, g, &starts);
  int ok = 1;
  for (size_t i = 0; ok && i < starts.n && !cx->error; ++i) {
    NodeSet reach = {0};
    reach_from(cx, step, mode, g, starts.v[i], zero, &reach);
    for (size_t k = 0; ok && k < reach.n && !cx->error; ++k) {
      ok = emit(cx, user, starts.v[i], reach.v[k], g);
    }
    nodeset_free(&reach);
  }
  nodeset_free(&starts);
  return ok && !cx->error;
}

static int path_pairs(EvalCtx *cx, const Path *x, NgGraphMode mode, NgTermId g,
                      NgTermId from, NgTermId to, PairFn emit, void *user) {
  if (cx->error) {
    return 0;
  }
  if (mode == NG_IN_NAMED && !g && x->kind != PATH_IRI && x->kind != PATH_NEG) {
    /* composite paths are evaluated graph by graph */
    return each_graph(cx, x, from, to, emit, user);
  }
  switch (x->kind) {
  case PATH_IRI: {
    NgMatch m;
    if (ng_dataset_match(cx->ds, mode, g, from, x->iri, to, &m)) {
      cx->error = NG_ERR_NOMEM;
      return 0;
    }
    for (size_t i = 0; i < m.n; ++i) {
      NgTermId t[4];
      ng_match_get(&m, i, t);
      if (!emit(cx, user, t[0], t[2], t[3]) || deadline_passed(cx)) {
        return 0;
      }
    }
    return 1;
  }
  case PATH_INV: {
    /* swap the ends: collect (b, a) */
    typedef struct Swap {
      PairFn emit;
      void *user;
    } Swap;
    Swap sw = {emit, user};
    int swap_fn(EvalCtx * c, void *u, NgTermId a, NgTermId b, NgTermId gg);
    return path_pairs(cx, x->a, mode, g, to, from, swap_fn, &sw);
  }
  case PATH_SEQ: {
    SeqState s = {x->b, mode, to, emit, user, from, 0};
    return path_pairs(cx, x->a, mode, g, from, 0, seq_outer, &s);
  }
  case PATH_ALT:
    return path_pairs(cx, x->a, mode, g, from, to, emit, user) &&
           path_pairs(cx, x->b, mode, g, from, to, emit, user);
  case PATH_STAR:
  case PATH_PLUS:
  case PATH_OPT:
    return closure_pairs(cx, x, mode, g, from, to, emit, user);
  case PATH_NEG: {
    /* forward part: predicates not excluded; inverse part likewise */
    int has_fwd = 0, has_inv = 0;
    for (size_t k = 0; k < x->n_neg; ++k) {
      has_fwd |= !x->neg_inverse[k];
      has_inv |= x->neg_inverse[k];
    }
    if (!has_inv) {
      has_fwd = 1;
    }
    for (int inv = 0; inv < 2; ++inv) {
      if ((inv && !has_inv) || (!inv && !has_fwd)) {
        continue;
      }
      NgMatch m;
      NgTermId s = inv ? to : from, o = inv ? from : to;
      if (ng_dataset_match(cx->ds, mode, g, s, 0, o, &m)) {
        cx->error = NG_ERR_NOMEM;
        return 0;
      }
      for (size_t i = 0; i < m.n; ++i) {
        NgTermId t[4];
        ng_match_get(&m, i, t);
        if ((s && t[0] != s) || (o && t[2] != o)) {
          continue;
        }
        int excluded = 0;
        for (size_t k = 0; k < x->n_neg && !excluded; ++k) {
          excluded = x->neg_inverse[k] == inv && x->neg[k] == t[1];
        }
        if (excluded) {
          continue;
        }
        int ok = inv ? emit(cx, user, t[2], t[0], t[3])
                     : emit(cx, user, t[0], t[2], t[3]);
        if (!ok || deadline_passed(cx)) {
          return 0;
        }
      }
    }
    return 1;
  }
  }
  return 1;
}

typedef struct SwapUser {
  PairFn emit;
  void *user;
} SwapUser;

int swap_fn(EvalCtx *c, void *u, NgTermId a, NgTermId b, NgTermId gg);
int swap_fn(EvalCtx *c, void *u, NgTermId a, NgTermId b, NgTermId gg) {
  SwapUser *s = u;
  return s->emit(c, s->user, b, a, gg);
}

/* ------------------------------------------------ basic graph patterns */

typedef struct BgpState {
  EvalCtx *cx;
  const Pattern *x;
  const Gctx *gc;
  NgTermId *row;
  unsigned char *used;
  Filter *filters;
  int n_filters;
  unsigned char *filter_done;
  Sols *out;
  int depth;
} BgpState;

static void bgp_step(BgpState *st);

/* How many statements pattern t matches under row (a path: a guess). */
static size_t estimate(BgpState *st, const TriplePat *t) {
  NgGraphMode mode;
  NgTermId g;
  graph_of(st->gc, st->row, &mode, &g);
  NgTermId s = slot_value(&t->s, st->row), o = slot_value(&t->o, st->row);
  if (t->path) {
    return s || o ? 1000 : (size_t)-1 / 2;
  }
  NgMatch m;
  if (ng_dataset_match(st->cx->ds, mode, g, s, slot_value(&t->p, st->row), o,
                       &m)) {
    st->cx->error = NG_ERR_NOMEM;
    return 0;
  }
  return m.n;
}

/* Applies the filters that became decidable; 0 when one fails. */
static int check_filters(BgpState *st, int *newly, int n_new) {
  for (int i = 0; i < st->n_filters; ++i) {
    if (st->filter_done[i] || !row_binds_all(&st->filters[i], st->row)) {
      continue;
    }
    newly[n_new++] = i;
    st->filter_done[i] = 1;
    if (!filter_true(st->cx, st->filters[i].expr, st->row)) {
      for (int k = 0; k < n_new; ++k) {
        st->filter_done[newly[k]] = 0;
      }
      return -1;
    }
  }
  return n_new;
}

/* Continues the search after binding the terms of one match. */
static void bgp_bound(BgpState *st, const TriplePat *t, NgTermId s, NgTermId p,
                      NgTermId o, NgTermId g) {
  NgTermId *row = st->row;
  int vs = t->s.var, vp = t->p.var, vo = t->o.var;
  int gv = st->gc->named ? st->gc->g.var : -1;
  int set_s = 0, set_p = 0, set_o = 0, set_g = 0;
  int ok = bind(row, vs, s, &set_s) && (t->path || bind(row, vp, p, &set_p)) &&
           bind(row, vo, o, &set_o) && (!g || bind(row, gv, g, &set_g));
  if (ok) {
    int newly[64];
    int n_new = st->n_filters <= 64 ? check_filters(st, newly, 0) : 0;
    if (n_new >= 0) {
      bgp_step(st);
      for (int k = 0; k < n_new; ++k) {
        st->filter_done[newly[k]] = 0;
      }
    }
  }
  if (set_s) {
    row[vs] = 0;
  }
  if (set_p) {
    row[vp] = 0;
  }
  if (set_o) {
    row[vo] = 0;
  }
  if (set_g) {
    row[gv] = 0;
  }
}

typedef struct PathUser {
  BgpState *st;
  const TriplePat *t;
} PathUser;

static int path_emit(EvalCtx *cx, void *user, NgTermId a, NgTermId b,
                     NgTermId g) {
  PathUser *u = user;
  bgp_bound(u->st, u->t, a, 0, b, g);
  return !cx->error;
}

static void bgp_step(BgpState *st) {
  EvalCtx *cx = st->cx;
  const Pattern *x = st->x;
  if (cx->error) {
    return;
  }
  if (st->depth == (int)x->n_triples) {
    /* filters still open (their variables unbound) see the row as is */
    for (int i = 0; i < st->n_filters; ++i) {
      if (!st->filter_done[i] &&
          !filter_true(cx, st->filters[i].expr, st->row)) {
        return;
      }
    }
    sols_add(cx, st->out, st->row);
    return;
  }
  /* the pattern with the fewest matches under the current bindings */
  size_t best = (size_t)-1;
  int bi = -1;
  for (size_t i = 0; i < x->n_triples; ++i) {
    if (st->used[i]) {
      continue;
    }
    size_t n = estimate(st, &x->triples[i]);
    if (bi < 0 || n < best) {
      best = n;
      bi = (int)i;
    }
    if (!n) {
      return; /* nothing can match */
    }
  }
  const TriplePat *t = &x->triples[bi];
  st->used[bi] = 1;
  ++st->depth;
  NgGraphMode mode;
  NgTermId g;
  graph_of(st->gc, st->row, &mode, &g);
  NgTermId s = slot_value(&t->s, st->row), o = slot_value(&t->o, st->row);
  if (t->path) {
    PathUser u = {st, t};
    path_pairs(cx, t->path, mode, g, s, o, path_emit, &u);
  } else {
    NgTermId p = slot_value(&t->p, st->row);
    NgMatch m;
    if (ng_dataset_match(cx->ds, mode, g, s, p, o, &m)) {
      cx->error = NG_ERR_NOMEM;
    }
    for (size_t i = 0; !cx->error && i < m.n; ++i) {
      NgTermId q[4];
      ng_match_get(&m, i, q);
      bgp_bound(st, t, q[0], q[1], q[2], q[3]);
      if (deadline_passed(cx)) {
        break;
      }
    }
  }
  --st->depth;
  st->used[bi] = 0;
}

static void eval_bgp(EvalCtx *cx, const Pattern *x, const NgTermId *seed,
                     const Gctx *gc, const Filters *pushed, Sols *out) {
  int w = width(cx);
  NgTermId *row = malloc(((size_t)w + 1) * sizeof(NgTermId));
  unsigned char *used = calloc(x->n_triples + 1, 1);
  unsigned char *done = calloc((size_t)(pushed ? pushed->n : 0) + 1, 1);
  if (!row || !used || !done) {
    cx->error = NG_ERR_NOMEM;
  } else {
    memcpy(row, seed, (size_t)w * sizeof(NgTermId));
    BgpState st = {cx,
                   x,
                   gc,
                   row,
                   used,
                   pushed ? pushed->v : NULL,
                   pushed ? pushed->n : 0,
                   done,
                   out,
                   0};
    int newly[64];
    if (st.n_filters > 64 || check_filters(&st, newly, 0) >= 0) {
      bgp_step(&st);
    }
  }
  free(row);
  free(used);
  free(done);
}

/* --------------------------------------------------------------- joins */

static int compatible(const NgTermId *a, const NgTermId *b, int w) {
  for (int v = 0; v < w; ++v) {
    if (a[v] && b[v] && a[v] != b[v]) {
      return 0;
    }
  }
  return 1;
}

static void merge(NgTermId *out, const NgTermId *a, const NgTermId *b, int w) {
  for (int v = 0; v < w; ++v) {
    out[v] = a[v] ? a[v] : b[v];
  }
}

/* A hash index of the rows of a set on key variables. */
typedef struct HashIdx {
  size_t *heads, *next;
  size_t cap;
  const int *keys;
  int n_keys;
} HashIdx;

#define NONE ((size_t)-1)

static size_t row_hash(const NgTermId *row, const int *keys, int n) {
  size_t h = 1469598103934665603ULL;
  for (int i = 0; i < n; ++i) {
    h = (h ^ row[keys[i]]) * 1099511628211ULL;
  }
  return h;
}

static int hash_build(EvalCtx *cx, HashIdx *h, const Sols *s, const int *keys,
                      int n_keys) {
  h->cap = 16;
  while (h->cap < s->n * 2) {
    h->cap *= 2;
  }
  h->keys = keys;
  h->n_keys = n_keys;
  h->heads = malloc(h->cap * sizeof(size_t));
  h->next = malloc((s->n + 1) * sizeof(size_t));
  if (!h->heads || !h->next) {
    free(h->heads);
    free(h->next);
    cx->error = NG_ERR_NOMEM;
    return 0;
  }
  for (size_t i = 0; i < h->cap; ++i) {
    h->heads[i] = NONE;
  }
  for (size_t i = s->n; i-- > 0;) {
    size_t b = row_hash(sols_row(s, i), keys, n_keys) & (h->cap - 1);
    h->next[i] = h->heads[b];
    h->heads[b] = i;
  }
  return 1;
}

static void hash_free(HashIdx *h) {
  free(h->heads);
  free(h->next);
}

/* Variables certain on both sides: the hash key of a join. */
static int join_keys(EvalCtx *cx, const Pattern *a, const Pattern *b,
                     int *keys) {
  int n = 0;
  for (int v = 0; v < width(cx); ++v) {
    if (a->certain[v] && b->certain[v]) {
      keys[n++] = v;
    }
  }
  return n;
}

static int keys_equal(const NgTermId *x, const NgTermId *y, const int *keys,
                      int n) {
  for (int i = 0; i < n; ++i) {
    if (x[keys[i]] != y[keys[i]]) {
      return 0;
    }
  }
  return 1;
}

/* Filters of pushed that every row of x binds (handed down to x). */
static void split_filters(EvalCtx *cx, const Filters *pushed,
                          const unsigned char *certain, Filters *down,
                          Filters *rest) {
  down->n = rest->n = 0;
  down->v = rest->v = NULL;
  if (!pushed || !pushed->n) {
    return;
  }
  down->v = ng_query_alloc(cx->q, (size_t)pushed->n * sizeof(Filter));
  rest->v = ng_query_alloc(cx->q, (size_t)pushed->n * sizeof(Filter));
  if (!down->v || !rest->v) {
    cx->error = NG_ERR_NOMEM;
    return;
  }
  for (int i = 0; i < pushed->n; ++i) {
    if (covered(&pushed->v[i], certain)) {
      down->v[down->n++] = pushed->v[i];
    } else {
      rest->v[rest->n++] = pushed->v[i];
    }
  }
}

static void apply_filters(EvalCtx *cx, const Filters *f, Sols *s) {
  if (!f || !f->n || cx->error) {
    return;
  }
  size_t out = 0;
  for (size_t i = 0; i < s->n && !cx->error; ++i) {
    NgTermId *row = sols_row(s, i);
    int keep = 1;
    for (int k = 0; keep && k < f->n; ++k) {
      keep = filter_true(cx, f->v[k].expr, row);
    }
    if (keep) {
      if (out != i) {
        memcpy(sols_row(s, out), row, (size_t)s->w * sizeof(NgTermId));
      }
      ++out;
    }
    deadline_passed(cx);
  }
  s->n = out;
}

static void eval_join(EvalCtx *cx, Pattern *x, const NgTermId *seed,
                      const Gctx *gc, const Filters *pushed, Sols *out) {
  Filters down, rest;
  split_filters(cx, pushed, x->a->certain, &down, &rest);
  Sols left;
  sols_init(&left, width(cx));
  eval(cx, x->a, seed, gc, &down, &left);
  int w = width(cx);
  if (x->b->safe) {
    for (size_t i = 0; i < left.n && !cx->error; ++i) {
      eval(cx, x->b, sols_row(&left, i), gc, NULL, out);
    }
  } else {
    Sols right;
    sols_init(&right, w);
    eval(cx, x->b, seed, gc, NULL, &right);
    int *keys = malloc(((size_t)w + 1) * sizeof(int));
    NgTermId *m = malloc(((size_t)w + 1) * sizeof(NgTermId));
    HashIdx h = {0};
    if (!keys || !m) {
      cx->error = NG_ERR_NOMEM;
    } else {
      int nk = join_keys(cx, x->a, x->b, keys);
      if (hash_build(cx, &h, &right, keys, nk)) {
        for (size_t i = 0; i < left.n && !cx->error; ++i) {
          const NgTermId *l = sols_row(&left, i);
          size_t b = row_hash(l, keys, nk) & (h.cap - 1);
          for (size_t j = h.heads[b]; j != NONE && !cx->error; j = h.next[j]) {
            const NgTermId *r = sols_row(&right, j);
            if (keys_equal(l, r, keys, nk) && compatible(l, r, w)) {
              merge(m, l, r, w);
              sols_add(cx, out, m);
            }
          }
        }
        hash_free(&h);
      }
    }
    free(keys);
    free(m);
    sols_free(&right);
  }
  sols_free(&left);
  apply_filters(cx, &rest, out);
}

static void eval_leftjoin(EvalCtx *cx, Pattern *x, const NgTermId *seed,
                          const Gctx *gc, const Filters *pushed, Sols *out) {
  Filters down, rest;
  split_filters(cx, pushed, x->a->certain, &down, &rest);
  Sols left;
  sols_init(&left, width(cx));
  eval(cx, x->a, seed, gc, &down, &left);
  int w = width(cx);
  if (x->b->safe) {
    Sols r;
    sols_init(&r, w);
    for (size_t i = 0; i < left.n && !cx->error; ++i) {
      const NgTermId *l = sols_row(&left, i);
      r.n = 0;
      eval(cx, x->b, l, gc, NULL, &r);
      size_t kept = 0;
      for (size_t j = 0; j < r.n && !cx->error; ++j) {
        const NgTermId *row = sols_row(&r, j);
        if (!x->expr || filter_true(cx, x->expr, row)) {
          sols_add(cx, out, row);
          ++kept;
        }
      }
      if (!kept) {
        sols_add(cx, out, l);
      }
    }
    sols_free(&r);
  } else {
    Sols right;
    sols_init(&right, w);
    eval(cx, x->b, seed, gc, NULL, &right);
    int *keys = malloc(((size_t)w + 1) * sizeof(int));
    NgTermId *m = malloc(((size_t)w + 1) * sizeof(NgTermId));
    HashIdx h = {0};
    if (!keys || !m) {
      cx->error = NG_ERR_NOMEM;
    } else {
      int nk = join_keys(cx, x->a, x->b, keys);
      if (hash_build(cx, &h, &right, keys, nk)) {
        for (size_t i = 0; i < left.n && !cx->error; ++i) {
          const NgTermId *l = sols_row(&left, i);
          size_t b = row_hash(l, keys, nk) & (h.cap - 1);
          size_t kept = 0;
          for (size_t j = h.heads[b]; j != NONE && !cx->error; j = h.next[j]) {
            const NgTermId *r = sols_row(&right, j);
            if (keys_equal(l, r, keys, nk) && compatible(l, r, w)) {
              merge(m, l, r, w);
              if (!x->expr || filter_true(cx, x->expr, m)) {
                sols_add(cx, out, m);
                ++kept;
              }
            }
          }
          if (!kept) {
            sols_add(cx, out, l);
          }
        }
        hash_free(&h);
      }
    }
    free(keys);
    free(m);
    sols_free(&right);
  }
  sols_free(&left);
  apply_filters(cx, &rest, out);
}

/* Minus: a row of the left is dropped when some right row is compatible
 * with it and shares a variable with it (variables of the seed, which
 * stand for constants, do not count). */
static void eval_minus(EvalCtx *cx, Pattern *x, const NgTermId *seed,
                       const Gctx *gc, const Filters *pushed, Sols *out) {
  Filters down, rest;
  split_filters(cx, pushed, x->a->certain, &down, &rest);
  Sols left, right;
  int w = width(cx);
  sols_init(&left, w);
  sols_init(&right, w);
  eval(cx, x->a, seed, gc, &down, &left);
  if (left.n) {
    eval(cx, x->b, seed, gc, NULL, &right);
  }
  int *keys = malloc(((size_t)w + 1) * sizeof(int));
  HashIdx h = {0};
  if (!keys) {
    cx->error = NG_ERR_NOMEM;
  } else {
    int nk = 0;
    for (int v = 0; v < w; ++v) {
      if (x->a->certain[v] && x->b->certain[v] && !seed[v]) {
        keys[nk++] = v;
      }
    }
    if (!cx->error && hash_build(cx, &h, &right, keys, nk)) {
      for (size_t i = 0; i < left.n && !cx->error; ++i) {
        const NgTermId *l = sols_row(&left, i);
        size_t b = row_hash(l, keys, nk) & (h.cap - 1);
        int drop = 0;
        for (size_t j = h.heads[b]; j != NONE && !drop; j = h.next[j]) {
          const NgTermId *r = sols_row(&right, j);
          if (!keys_equal(l, r, keys, nk) || !compatible(l, r, w)) {
            continue;
          }
          for (int v = 0; v < w && !drop; ++v) {
            drop = l[v] && r[v] && !seed[v];
          }
        }
        if (!drop) {
          sols_add(cx, out, l);
        }
      }
      hash_free(&h);
    }
  }
  free(keys);
  sols_free(&left);
  sols_free(&right);
  apply_filters(cx, &rest, out);
}

static void eval_filter(EvalCtx *cx, Pattern *x, const NgTermId *seed,
                        const Gctx *gc, const Filters *pushed, Sols *out) {
  Filter *v = NULL;
  int n = 0, cap = 0;
  conjuncts(cx, x->expr, &v, &n, &cap);
  for (int i = 0; pushed && i < pushed->n; ++i) {
    if (n == cap) {
      int nc = cap ? cap * 2 : 8;
      Filter *nv = ng_query_alloc(cx->q, (size_t)nc * sizeof(Filter));
      if (!nv) {
        cx->error = NG_ERR_NOMEM;
        return;
      }
      memcpy(nv, v, (size_t)n * sizeof(Filter));
      v = nv;
      cap = nc;
    }
    v[n++] = pushed->v[i];
  }
  if (cx->error) {
    return;
  }
  Filters all = {v, n}, down, rest;
  split_filters(cx, &all, x->a->certain, &down, &rest);
  size_t start = out->n;
  Sols tmp;
  sols_init(&tmp, width(cx));
  eval(cx, x->a, seed, gc, &down, &tmp);
  apply_filters(cx, &rest, &tmp);
  for (size_t i = 0; i < tmp.n && !cx->error; ++i) {
    sols_add(cx, out, sols_row(&tmp, i));
  }
  (void)start;
  sols_free(&tmp);
}

static void eval_extend(EvalCtx *cx, Pattern *x, const NgTermId *seed,
                        const Gctx *gc, const Filters *pushed, Sols *out) {
  Filters down, rest;
  unsigned char *ok = varset(cx);
  if (!ok) {
    return;
  }
  memcpy(ok, x->a->certain, (size_t)width(cx));
  ok[x->var] = 0;
  split_filters(cx, pushed, ok, &down, &rest);
  Sols tmp;
  sols_init(&tmp, width(cx));
  eval(cx, x->a, seed, gc, &down, &tmp);
  for (size_t i = 0; i < tmp.n && !cx->error; ++i) {
    NgTermId *row = sols_row(&tmp, i);
    if (!row[x->var]) {
      Val v = ng_expr_eval(cx, x->expr, row);
      row[x->var] = ng_expr_term(cx, &v);
      ng_expr_scratch_reset(cx);
    }
    sols_add(cx, out, row);
  }
  sols_free(&tmp);
  apply_filters(cx, &rest, out);
}

static void eval_values(EvalCtx *cx, Pattern *x, const NgTermId *seed,
                        Sols *out) {
  int w = width(cx);
  NgTermId *row = malloc(((size_t)w + 1) * sizeof(NgTermId));
  if (!row) {
    cx->error = NG_ERR_NOMEM;
    return;
  }
  for (size_t r = 0; r < x->n_vals_rows && !cx->error; ++r) {
    memcpy(row, seed, (size_t)w * sizeof(NgTermId));
    int ok = 1;
    for (size_t j = 0; ok && j < x->n_vals_vars; ++j) {
      NgTermId t = x->vals[r * x->n_vals_vars + j];
      int set = 0;
      ok = !t || bind(row, x->vals_vars[j], t, &set);
    }
    if (ok) {
      sols_add(cx, out, row);
    }
  }
  free(row);
}

static void eval_graph(EvalCtx *cx, Pattern *x, const NgTermId *seed,
                       Sols *out) {
  Gctx inner = {1, x->graph};
  if (x->graph.var < 0 || seed[x->graph.var]) {
    NgTermId g = x->graph.var < 0 ? x->graph.term : seed[x->graph.var];
    inner.g.var = -1;
    inner.g.term = g;
    size_t n;
    const NgTermId *gs = ng_dataset_graphs(cx->ds, &n);
    size_t lo = 0, hi = n;
    while (lo < hi) { /* is g a named graph at all? */
      size_t mid = (lo + hi) / 2;
      if (gs[mid] < g) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo < n && gs[lo] == g) {
      eval(cx, x->a, seed, &inner, NULL, out);
    }
    return;
  }
  if (x->a->kind == P_BGP && x->a->n_triples) {
    /* the graph variable is bound by the quad patterns themselves */
    eval(cx, x->a, seed, &inner, NULL, out);
    return;
  }
  /* each named graph in turn */
  size_t n;
  const NgTermId *gs = ng_dataset_graphs(cx->ds, &n);
  int w = width(cx);
  Sols tmp;
  sols_init(&tmp, w);
  for (size_t i = 0; i < n && !cx->error; ++i) {
    inner.g.var = -1;
    inner.g.term = gs[i];
    tmp.n = 0;
    eval(cx, x->a, seed, &inner, NULL, &tmp);
    for (size_t k = 0; k < tmp.n && !cx->error; ++k) {
      NgTermId *row = sols_row(&tmp, k);
      int set = 0;
      if (bind(row, x->graph.var, gs[i], &set)) {
        sols_add(cx, out, row);
      }
    }
  }
  sols_free(&tmp);
}

static NgStatus run_query(EvalCtx *cx, NgQuery *q, Sols *out);

static void eval_subquery(EvalCtx *cx, Pattern *x, const NgTermId *seed,
                          Sols *out) {
  Sols inner;
  int w = width(cx);
  sols_init(&inner, w);
  if (run_query(cx, x->sub, &inner)) {
    sols_free(&inner);
    return;
  }
  NgTermId *row = malloc(((size_t)w + 1) * sizeof(NgTermId));
  if (!row) {
    cx->error = NG_ERR_NOMEM;
  }
  for (size_t i = 0; row && i < inner.n && !cx->error; ++i) {
    const NgTermId *r = sols_row(&inner, i);
    memcpy(row, seed, (size_t)w * sizeof(NgTermId));
    int ok = 1;
    for (size_t k = 0; ok && k < x->n_sub; ++k) {
      NgTermId t = r[x->sub_inner[k]];
      int set = 0;
      ok = !t || bind(row, x->sub_outer[k], t, &set);
    }
    if (ok) {
      sols_add(cx, out, row);
    }
  }
  free(row);
  sols_free(&inner);
}

static void eval(EvalCtx *cx, Pattern *x, const NgTermId *seed, const Gctx *gc,
                 const Filters *pushed, Sols *out) {
  if (cx->error || deadline_passed(cx)) {
    return;
  }
  switch (x->kind) {
  case P_EMPTY:
    sols_add(cx, out, seed);
    {
      Sols one = {0};
      (void)one;
    }
    if (pushed && pushed->n) {
      /* filters over the seed alone */
      NgTermId *row = sols_row(out, out->n - 1);
      for (int i = 0; i < pushed->n; ++i) {
        if (!filter_true(cx, pushed->v[i].expr, row)) {
          --out->n;
          break;
        }
      }
    }
    return;
  case P_BGP:
    eval_bgp(cx, x, seed, gc, pushed, out);
    return;
  case P_JOIN:
    eval_join(cx, x, seed, gc, pushed, out);
    return;
  case P_LEFTJOIN:
    eval_leftjoin(cx, x, seed, gc, pushed, out);
    return;
  case P_UNION: {
    Filters down, rest;
    split_filters(cx, pushed, x->a->certain, &down, &rest);
    size_t start = out->n;
    eval(cx, x->a, seed, gc, pushed, out);
    (void)start;
    eval(cx, x->b, seed, gc, pushed, out);
    return;
  }
  case P_MINUS:
    eval_minus(cx, x, seed, gc, pushed, out);
    return;
  case P_FILTER:
    eval_filter(cx, x, seed, gc, pushed, out);
    return;
  case P_EXTEND:
    eval_extend(cx, x, seed, gc, pushed, out);
    return;
  case P_GRAPH:
  case P_VALUES:
  case P_SUBQUERY: {
    Sols tmp;
    sols_init(&tmp, width(cx));
    if (x->kind == P_GRAPH) {
      eval_graph(cx, x, seed, &tmp);
    } else if (x->kind == P_VALUES) {
      eval_values(cx, x, seed, &tmp);
    } else {
      eval_subquery(cx, x, seed, &tmp);
    }
    apply_filters(cx, pushed, &tmp);
    for (size_t i = 0; i < tmp.n && !cx->error; ++i) {
      sols_add(cx, out, sols_row(&tmp, i));
    }
    sols_free(&tmp);
    return;
  }
  }
}

static int exists_cb(EvalCtx *cx, Pattern *p, const NgTermId *row) {
  Sols s;
  sols_init(&s, width(cx));
  Gctx gc = {0, {-1, 0, 0}};
  eval(cx, p, row, &gc, NULL, &s);
  int found = s.n > 0;
  sols_free(&s);
  return found;
}

/* -------------------------------------------------- solution modifiers */

/* Groups rows and computes the aggregates: one row per group with the
 * group variables and the aggregates' hidden variables bound. */
static void group_rows(EvalCtx *cx, NgQuery *q, Sols *s) {
  int w = width(cx);
  int nk = q->n_group;
  size_t n = s->n;
  NgTermId *keys = malloc((n ? n : 1) * ((size_t)nk + 1) * sizeof(NgTermId));
  size_t *order = malloc((n ? n : 1) * sizeof(size_t));
  if (!keys || !order) {
    cx->error = NG_ERR_NOMEM;
    free(keys);
    free(order);
    return;
  }
  for (size_t i = 0; i < n && !cx->error; ++i) {
    for (int k = 0; k < nk; ++k) {
      Val v = ng_expr_eval(cx, q->group_exprs[k], sols_row(s, i));
      keys[i * (size_t)nk + (size_t)k] =
          v.kind == V_ERROR ? 0 : ng_expr_term(cx, &v);
      ng_expr_scratch_reset(cx);
    }
  }
  /* groups in order of first appearance: hash on the key tuple */
  size_t cap = 16;
  while (cap < n * 2) {
    cap *= 2;
  }
  size_t *heads = malloc(cap * sizeof(size_t));
  size_t *group_of = malloc((n ? n : 1) * sizeof(size_t));
  size_t *first = malloc((n ? n : 1) * sizeof(size_t));
  size_t n_groups = 0;
  if (!heads || !group_of || !first) {
    cx->error = NG_ERR_NOMEM;
  }
  for (size_t i = 0; heads && i < cap; ++i) {
    heads[i] = NONE;
  }
  size_t *chain = malloc((n ? n : 1) * sizeof(size_t));
  if (!chain) {
    cx->error = NG_ERR_NOMEM;
  }
  for (size_t i = 0; !cx->error && i < n; ++i) {
    const NgTermId *k = keys + i * (size_t)nk;
    size_t h = 1469598103934665603ULL;
    for (int j = 0; j < nk; ++j) {
      h = (h ^ k[j]) * 1099511628211ULL;
    }
    size_t b = h & (cap - 1), g = NONE;
    for (size_t j = heads[b]; j != NONE; j = chain[j]) {
      if (!memcmp(keys + first[j] * (size_t)nk, k,
                  (size_t)nk * sizeof(NgTermId))) {
        g = j;
        break;
      }
    }
    if (g == NONE) {
      g = n_groups++;
      first[g] = i;
      chain[g] = heads[b];
      heads[b] = g;
    }
    group_of[i] = g;
  }
  Sols out;
  sols_init(&out, w);
  if (!nk && !n && !cx->error) {
    n_groups = 1; /* no GROUP BY: one group, even of no rows */
  }
  /* rows of each group, contiguous: counting sort by group */
  size_t *start = calloc(n_groups + 1, sizeof(size_t));
  const NgTermId **members = malloc((n ? n : 1) * sizeof(NgTermId *));
  NgTermId *row = malloc(((size_t)w + 1) * sizeof(NgTermId));
  if (!start || !members || !row) {
    cx->error = NG_ERR_NOMEM;
  }
  for (size_t i = 0; !cx->error && i < n; ++i) {
    ++start[group_of[i] + 1];
  }
  for (size_t g = 0; !cx->error && g < n_groups; ++g) {
    start[g + 1] += start[g];
  }
  size_t *fill = calloc(n_groups + 1, sizeof(size_t));
  if (!fill) {
    cx->error = NG_ERR_NOMEM;
  }
  for (size_t i = 0; !cx->error && i < n; ++i) {
    size_t g = group_of[i];
    members[start[g] + fill[g]++] = sols_row(s, i);
  }
  for (size_t g = 0; !cx->error && g < n_groups; ++g) {
    memset(row, 0, (size_t)w * sizeof(NgTermId));
    if (n) {
      const NgTermId *k = keys + first[g] * (size_t)nk;
      for (int j = 0; j < nk; ++j) {
        if (q->group_vars[j] >= 0) {
          row[q->group_vars[j]] = k[j];
        }
      }
    }
    size_t m = start[g + 1] - start[g];
    for (int a = 0; a < q->n_aggs && !cx->error; ++a) {
      row[q->aggs[a]->var] =
          ng_expr_aggregate(cx, q->aggs[a], members + start[g], m);
      ng_expr_scratch_reset(cx);
    }
    sols_add(cx, &out, row);
  }
  free(fill);
  free(start);
  free(members);
  free(row);
  free(chain);
  free(heads);
  free(group_of);
  free(first);
  free(keys);
  free(order);
  sols_move(s, &out);
}

typedef struct SortCtx {
  EvalCtx *cx;
  NgQuery *q;
  NgTermId *keys; /* per row: n_order keys */
} SortCtx;

static SortCtx *sort_ctx;

static int sort_cmp(const void *a, const void *b) {
  size_t i = *(const size_t *)a, j = *(const size_t *)b;
  int nk = sort_ctx->q->n_order;
  for (int k = 0; k < nk; ++k) {
    int c = ng_term_order(sort_ctx->cx->dict,
                          sort_ctx->keys[i * (size_t)nk + (size_t)k],
                          sort_ctx->keys[j * (size_t)nk + (size_t)k]);
    if (c) {
      return sort_ctx->q->order[k].desc ? -c : c;
    }
  }
  return i < j ? -1 : i > j; /* stable */
}

static void order_rows(EvalCtx *cx, NgQuery *q, Sols *s) {
  int nk = q->n_order;
  NgTermId *keys = malloc((s->n ? s->n : 1) * (size_t)nk * sizeof(NgTermId));
  size_t *idx = malloc((s->n ? s->n : 1) * sizeof(size_t));
  Sols out;
  sols_init(&out, s->w);
  if (!keys || !idx) {
    cx->error = NG_ERR_NOMEM;
  }
  for (size_t i = 0; !cx->error && i < s->n; ++i) {
    idx[i] = i;
    for (int k = 0; k < nk; ++k) {
      Val v = ng_expr_eval(cx, q->order[k].expr, sols_row(s, i));
      keys[i * (size_t)nk + (size_t)k] =
          v.kind == V_ERROR ? 0 : ng_expr_term(cx, &v);
      ng_expr_scratch_reset(cx);
    }
  }
  if (!cx->error) {
    SortCtx sc = {cx, q, keys};
    SortCtx *saved = sort_ctx;
    sort_ctx = &sc;
    qsort(idx, s->n, sizeof(size_t), sort_cmp);
    sort_ctx = saved;
    for (size_t i = 0; i < s->n && !cx->error; ++i) {
      sols_add(cx, &out, sols_row(s, idx[i]));
    }
    sols_move(s, &out);
  }
  sols_free(&out);
  free(keys);
  free(idx);
}

/* The projected variables of a SELECT (for SELECT *: the named variables
 * of the query's pattern). */
static int projection(NgQuery *q, int *vars) {
  if (!q->star) {
    memcpy(vars, q->proj_vars, (size_t)q->n_proj * sizeof(int));
    return q->n_proj;
  }
  int n = 0;
  for (int v = 0; v < q->n_vars; ++v) {
    if (!q->var_hidden[v] && q->where && q->where->maybe &&
        q->where->maybe[v]) {
      vars[n++] = v;
    }
  }
  return n;
}

static size_t row_key_hash(const NgTermId *row, const int *vars, int n) {
  return row_hash(row, vars, n);
}

static void distinct_rows(EvalCtx *cx, const int *vars, int n, Sols *s) {
  size_t cap = 16;
  while (cap < s->n * 2) {
    cap *= 2;
  }
  size_t *table = malloc(cap * sizeof(size_t));
  if (!table) {
    cx->error = NG_ERR_NOMEM;
    return;
  }
  for (size_t i = 0; i < cap; ++i) {
    table[i] = NONE;
  }
  size_t out = 0;
  for (size_t i = 0; i < s->n; ++i) {
    NgTermId *row = sols_row(s, i);
    size_t b = row_key_hash(row, vars, n) & (cap - 1);
    int dup = 0;
    for (; table[b] != NONE; b = (b + 1) & (cap - 1)) {
      if (keys_equal(sols_row(s, table[b]), row, vars, n)) {
        dup = 1;
        break;
      }
    }
    if (dup) {
      continue;
    }
    if (out != i) {
      memcpy(sols_row(s, out), row, (size_t)s->w * sizeof(NgTermId));
    }
    /* the slot holds the row's new position */
    size_t nb = row_key_hash(sols_row(s, out), vars, n) & (cap - 1);
    while (table[nb] != NONE) {
      nb = (nb + 1) & (cap - 1);
    }
    table[nb] = out++;
  }
  s->n = out;
  free(table);
}

/* Evaluates q's pattern and modifiers; rows keep every variable (the
 * caller projects).  For a SELECT, non-projected variables are cleared so
 * that DISTINCT sees only the projection. */
static NgStatus run_query(EvalCtx *cx, NgQuery *q, Sols *out) {
  int w = width(cx);
  NgTermId *seed = calloc((size_t)w + 1, sizeof(NgTermId));
  if (!seed) {
    return cx->error = NG_ERR_NOMEM;
  }
  Gctx gc = {0, {-1, 0, 0}};
  eval(cx, q->where, seed, &gc, NULL, out);
  free(seed);
  if (cx->error) {
    return cx->error;
  }
  if (q->grouped) {
    group_rows(cx, q, out);
    for (int h = 0; h < q->n_having && !cx->error; ++h) {
      size_t k = 0;
      for (size_t i = 0; i < out->n; ++i) {
        NgTermId *row = sols_row(out, i);
        if (filter_true(cx, q->having[h], row)) {
          if (k != i) {
            memcpy(sols_row(out, k), row, (size_t)w * sizeof(NgTermId));
          }
          ++k;
        }
      }
      out->n = k;
    }
  }
  /* SELECT expressions, in order */
  for (int i = 0; i < q->n_proj && !cx->error; ++i) {
    if (!q->proj_exprs || !q->proj_exprs[i]) {
      continue;
    }
    for (size_t r = 0; r < out->n && !cx->error; ++r) {
      NgTermId *row = sols_row(out, r);
      if (!row[q->proj_vars[i]]) {
        Val v = ng_expr_eval(cx, q->proj_exprs[i], row);
        row[q->proj_vars[i]] = ng_expr_term(cx, &v);
        ng_expr_scratch_reset(cx);
      }
    }
  }
  if (q->n_order && !cx->error) {
    order_rows(cx, q, out);
  }
  if (q->form == NG_QUERY_SELECT && !cx->error) {
    int *vars = malloc(((size_t)w + 1) * sizeof(int));
    if (!vars) {
      return cx->error = NG_ERR_NOMEM;
    }
    int n = projection(q, vars);
    unsigned char *keep = calloc((size_t)w + 1, 1);
    if (!keep) {
      free(vars);
      return cx->error = NG_ERR_NOMEM;
    }
    for (int i = 0; i < n; ++i) {
      keep[vars[i]] = 1;
    }
    for (size_t r = 0; r < out->n; ++r) {
      NgTermId *row = sols_row(out, r);
      for (int v = 0; v < w; ++v) {
        if (!keep[v]) {
          row[v] = 0;
        }
      }
    }
    if (q->distinct) {
      distinct_rows(cx, vars, n, out);
    }
    free(keep);
    free(vars);
  }
  /* OFFSET and LIMIT */
  size_t off = q->offset > 0 ? (size_t)q->offset : 0;
  if (off >= out->n) {
    out->n = 0;
  } else if (off) {
    memmove(out->rows, sols_row(out, off),
            (out->n - off) * (size_t)w * sizeof(NgTermId));
    out->n -= off;
  }
  if (q->limit >= 0 && (size_t)q->limit < out->n) {
    out->n = (size_t)q->limit;
  }
  return cx->error;
}

/* ------------------------------------------------------------- results */

void ng_result_free(NgResult *r) {
  if (!r) {
    return;
  }
  for (size_t i = 0; i < r->n_vars; ++i) {
    free(r->vars[i]);
  }
  free(r->vars);
  free(r->rows);
  free(r->triples);
  free(r);
}

typedef struct TripleSet {
  NgTermId *t;
  size_t n, cap;
} TripleSet;

static int add_triple(TripleSet *ts, NgTermId s, NgTermId p, NgTermId o) {
  if (ng_grow((void **)&ts->t, &ts->cap, (ts->n + 1) * 3, sizeof(NgTermId))) {
    return 0;
  }
  ts->t[ts->n * 3] = s;
  ts->t[ts->n * 3 + 1] = p;
  ts->t[ts->n * 3 + 2] = o;
  ++ts->n;
  return 1;
}

static int cmp_triple(const void *a, const void *b) {
  const NgTermId *x = a, *y = b;
  for (int i = 0; i < 3; ++i) {
    if (x[i] != y[i]) {
      return x[i] < y[i] ? -1 : 1;
    }
  }
  return 0;
}

static void unique_triples(TripleSet *ts) {
  if (!ts->n) {
    return;
  }
  qsort(ts->t, ts->n, 3 * sizeof(NgTermId), cmp_triple);
  size_t out = 1;
  for (size_t i = 1; i < ts->n; ++i) {
    if (memcmp(ts->t + (out - 1) * 3, ts->t + i * 3, 3 * sizeof(NgTermId))) {
      memmove(ts->t + out * 3, ts->t + i * 3, 3 * sizeof(NgTermId));
      ++out;
    }
  }
  ts->n = out;
}

static void construct(EvalCtx *cx, NgQuery *q, const Sols *s, TripleSet *ts) {
  int max_b = 0;
  for (size_t i = 0; i < q->n_template; ++i) {
    const TriplePat *t = &q->template_[i];
    max_b = t->s.bnode > max_b ? t->s.bnode : max_b;
    max_b = t->o.bnode > max_b ? t->o.bnode : max_b;
  }
  NgTermId *fresh = calloc((size_t)max_b + 1, sizeof(NgTermId));
  if (!fresh) {
    cx->error = NG_ERR_NOMEM;
    return;
  }
  for (size_t r = 0; r < s->n && !cx->error; ++r) {
    const NgTermId *row = sols_row(s, r);
    for (int b = 1; b <= max_b; ++b) {
      char label[48];
      snprintf(label, sizeof label, "c%lu", ++cx->bnode_seq);
      fresh[b] = ng_dict_intern(cx->dict, NG_TERM_BLANK, label, strlen(label),
                                0, NULL);
    }
    for (size_t i = 0; i < q->n_template; ++i) {
      const TriplePat *t = &q->template_[i];
      NgTermId v[3];
      const Slot *sl[3] = {&t->s, &t->p, &t->o};
      int ok = 1;
      for (int k = 0; k < 3; ++k) {
        v[k] = sl[k]->bnode ? fresh[sl[k]->bnode] : slot_value(sl[k], row);
        ok &= v[k] != 0;
      }
      if (!ok) {
        continue;
      }
      const NgTerm *st = ng_dict_term(cx->dict, v[0]);
      const NgTerm *pt = ng_dict_term(cx->dict, v[1]);
      if (st->kind == NG_TERM_LITERAL || pt->kind != NG_TERM_IRI) {
        continue; /* not an RDF triple: left out */
      }
      if (!add_triple(ts, v[0], v[1], v[2])) {
        cx->error = NG_ERR_NOMEM;
      }
    }
  }
  free(fresh);
  unique_triples(ts);
}

/* DESCRIBE: the statements of the default graph with each described
 * resource as subject. */
static void describe(EvalCtx *cx, NgQuery *q, const Sols *s, TripleSet *ts) {
  NodeSet res = {0};
  for (int i = 0; i < q->n_describe; ++i) {
    if (q->describe[i].var < 0) {
      nodeset_add(&res, q->describe[i].term);
    }
  }
  for (size_t r = 0; r < s->n; ++r) {
    const NgTermId *row = sols_row(s, r);
    for (int i = 0; i < q->n_describe; ++i) {
      if (q->describe[i].var >= 0 && row[q->describe[i].var]) {
        nodeset_add(&res, row[q->describe[i].var]);
      }
    }
    for (int v = 0; q->star && v < q->n_vars; ++v) {
      if (!q->var_hidden[v] && row[v]) {
        nodeset_add(&res, row[v]);
      }
    }
  }
  for (size_t i = 0; i < res.n && !cx->error; ++i) {
    NgMatch m;
    if (ng_dataset_match(cx->ds, NG_IN_DEFAULT, 0, res.v[i], 0, 0, &m)) {
      cx->error = NG_ERR_NOMEM;
      break;
    }
    for (size_t k = 0; k < m.n; ++k) {
      NgTermId t[4];
      ng_match_get(&m, k, t);
      if (!add_triple(ts, t[0], t[1], t[2])) {
        cx->error = NG_ERR_NOMEM;
      }
    }
  }
  nodeset_free(&res);
  unique_triples(ts);
}

void ng_expr_ctx_init(EvalCtx *cx);
void ng_expr_ctx_free(EvalCtx *cx);

NgStatus ng_query_execute(NgQuery *q, NgDataset *ds, double deadline,
                          NgResult **out) {
  *out = NULL;
  EvalCtx cx;
  memset(&cx, 0, sizeof cx);
  cx.q = q;
  cx.ds = ds;
  cx.dict = ng_dataset_dict(ds);
  cx.deadline = deadline;
  cx.exists = exists_cb;
  ng_expr_ctx_init(&cx);
  analyse(&cx, q->where);
  analyse_patterns_in(&cx, q->where);
  for (int i = 0; i < q->n_proj; ++i) {
    analyse_expr_patterns(&cx, q->proj_exprs ? q->proj_exprs[i] : NULL);
  }
  for (int i = 0; i < q->n_having; ++i) {
    analyse_expr_patterns(&cx, q->having[i]);
  }
  for (int i = 0; i < q->n_order; ++i) {
    analyse_expr_patterns(&cx, q->order[i].expr);
  }
  Sols s;
  sols_init(&s, q->n_vars);
  NgResult *r = calloc(1, sizeof *r);
  if (!r) {
    cx.error = NG_ERR_NOMEM;
  }
  if (!cx.error) {
    run_query(&cx, q, &s);
  }
  if (!cx.error) {
    r->form = q->form;
    r->ordered = q->n_order > 0;
    if (q->form == NG_QUERY_ASK) {
      r->boolean = s.n > 0;
    } else if (q->form == NG_QUERY_SELECT) {
      int *vars = malloc(((size_t)q->n_vars + 1) * sizeof(int));
      int n = vars ? projection(q, vars) : 0;
      r->vars = calloc((size_t)n + 1, sizeof(char *));
      r->rows = malloc((s.n ? s.n : 1) * ((size_t)n + 1) * sizeof(NgTermId));
      if (!vars || !r->vars || !r->rows) {
        cx.error = NG_ERR_NOMEM;
      }
      for (int i = 0; !cx.error && i < n; ++i) {
        r->vars[i] = ng_strdup(q->var_names[vars[i]]);
        if (!r->vars[i]) {
          cx.error = NG_ERR_NOMEM;
        }
        r->n_vars = (size_t)i + 1;
      }
      for (size_t i = 0; !cx.error && i < s.n; ++i) {
        for (int k = 0; k < n; ++k) {
          r->rows[i * (size_t)n + (size_t)k] = sols_row(&s, i)[vars[k]];
        }
      }
      r->n_rows = cx.error ? 0 : s.n;
      free(vars);
    } else {
      TripleSet ts = {NULL, 0, 0};
      if (q->form == NG_QUERY_CONSTRUCT) {
        construct(&cx, q, &s, &ts);
      } else {
        describe(&cx, q, &s, &ts);
      }
      r->triples = ts.t;
      r->n_triples = ts.n;
    }
  }
  sols_free(&s);
  ng_expr_ctx_free(&cx);
  if (cx.error) {
    ng_result_free(r);
    if (cx.error == NG_ERR_TIMEOUT) {
      ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
             "the query ran out of time and was stopped");
    }
    return cx.error;
  }
  *out = r;
  return NG_SUCCESS;
}

/* ------------------------------------------------------------- Virtuoso */

/* Virtuoso 7.2 answers these wrongly (each checked with the differential
 * suite, doc/store.md): refused on a Virtuoso store, with the reason. */
static const char *const V_OPTIONAL_FILTER =
    "an OPTIONAL whose FILTER reads a variable bound only outside it "
    "(Virtuoso 7.2 evaluates the FILTER without that variable)";
static const char *const V_UNBOUND_JOIN =
    "a variable bound by an OPTIONAL (so perhaps unbound) that a later "
    "pattern uses again (Virtuoso 7.2 drops the rows where it is unbound)";
static const char *const V_MINUS =
    "MINUS with no variable in common with the pattern before it "
    "(Virtuoso 7.2 removes every row; SPARQL removes none)";
static const char *const V_SAMETERM =
    "sameTerm with a literal (Virtuoso 7.2 answers false for equal "
    "literals)";
static const char *const V_CLOSURE =
    "a property path with *, + or ? in a query that keeps duplicates "
    "(Virtuoso 7.2 repeats nodes reached twice; use SELECT DISTINCT)";

typedef struct VCheck {
  EvalCtx *cx;
  const char *problem;
  int set_semantics; /* the query's answer is a set: closures may repeat */
} VCheck;

static void vcheck_pattern(VCheck *v, Pattern *x);

static int path_has_closure(const Path *p) {
  if (!p) {
    return 0;
  }
  if (p->kind == PATH_STAR || p->kind == PATH_PLUS || p->kind == PATH_OPT) {
    return 1;
  }
  return path_has_closure(p->a) || path_has_closure(p->b);
}

static void vcheck_expr(VCheck *v, const Expr *e) {
  if (!e || v->problem) {
    return;
  }
  if (e->op == E_FUNC && e->fn == F_SAMETERM) {
    for (int i = 0; i < e->n; ++i) {
      if (e->args[i]->op == E_TERM &&
          ng_dict_term(v->cx->dict, e->args[i]->term)->kind ==
              NG_TERM_LITERAL) {
        v->problem = V_SAMETERM;
        return;
      }
    }
  }
  if (e->pattern) {
    vcheck_pattern(v, e->pattern);
  }
  for (int i = 0; i < e->n; ++i) {
    vcheck_expr(v, e->args[i]);
  }
}

static void vcheck_query(VCheck *v, NgQuery *q);

/* Whether var may be left unbound in x by an OPTIONAL (a left join with
 * something before it: OPTIONAL first in a group binds like a pattern). */
static int optional_binds(const Pattern *x, int var) {
  if (!x || x->kind == P_SUBQUERY) {
    return 0;
  }
  if (x->kind == P_LEFTJOIN && x->a->kind != P_EMPTY && x->b->maybe[var] &&
      !x->a->certain[var]) {
    return 1;
  }
  return optional_binds(x->a, var) || optional_binds(x->b, var);
}

static void vcheck_pattern(VCheck *v, Pattern *x) {
  if (!x || v->problem) {
    return;
  }
  int w = width(v->cx);
  switch (x->kind) {
  case P_BGP:
    for (size_t i = 0; i < x->n_triples; ++i) {
      if (path_has_closure(x->triples[i].path) && !v->set_semantics) {
        v->problem = V_CLOSURE;
        return;
      }
    }
    break;
  case P_LEFTJOIN:
    if (x->expr) {
      unsigned char *reads = varset(v->cx);
      int ex = 0;
      if (reads) {
        expr_vars(x->expr, reads, &ex);
        for (int i = 0; i < w; ++i) {
          if (reads[i] && !x->b->maybe[i]) {
            v->problem = V_OPTIONAL_FILTER;
            return;
          }
        }
      }
    }
    break;
  case P_JOIN:
    for (int i = 0; i < w; ++i) {
      if (x->a->maybe[i] && !x->a->certain[i] && x->b->maybe[i] &&
          optional_binds(x->a, i)) {
        v->problem = V_UNBOUND_JOIN;
        return;
      }
    }
    break;
  case P_MINUS: {
    int shared = 0;
    for (int i = 0; i < w && !shared; ++i) {
      shared = x->a->maybe[i] && x->b->maybe[i];
    }
    if (!shared) {
      v->problem = V_MINUS;
      return;
    }
    break;
  }
  case P_SUBQUERY:
    vcheck_query(v, x->sub);
    break;
  default:
    break;
  }
  vcheck_expr(v, x->expr);
  vcheck_pattern(v, x->a);
  vcheck_pattern(v, x->b);
}

static void vcheck_query(VCheck *v, NgQuery *q) {
  vcheck_pattern(v, q->where);
  for (int i = 0; i < q->n_proj; ++i) {
    vcheck_expr(v, q->proj_exprs ? q->proj_exprs[i] : NULL);
  }
  for (int i = 0; i < q->n_having; ++i) {
    vcheck_expr(v, q->having[i]);
  }
  for (int i = 0; i < q->n_order; ++i) {
    vcheck_expr(v, q->order[i].expr);
  }
}

const char *ng_query_virtuoso_problem(NgQuery *q) {
  EvalCtx cx;
  memset(&cx, 0, sizeof cx);
  cx.q = q;
  cx.dict = q->dict;
  analyse(&cx, q->where);
  analyse_patterns_in(&cx, q->where);
  for (int i = 0; i < q->n_proj; ++i) {
    analyse_expr_patterns(&cx, q->proj_exprs ? q->proj_exprs[i] : NULL);
  }
  if (cx.error) {
    return NULL; /* out of memory: the server will judge */
  }
  VCheck v = {&cx, NULL,
              q->form != NG_QUERY_SELECT || (q->distinct && !q->grouped)};
  vcheck_query(&v, q);
  return v.problem;
}

/* Whether e's value is a boolean (an operator or function that gives
 * one). */
static int boolean_expr(const NgDict *d, const Expr *e) {
  switch (e->op) {
  case E_OR:
  case E_AND:
  case E_NOT:
  case E_EQ:
  case E_NE:
  case E_LT:
  case E_GT:
  case E_LE:
  case E_GE:
  case E_IN:
  case E_NOTIN:
  case E_EXISTS:
  case E_NOTEXISTS:
    return 1;
  case E_FUNC:
    switch (e->fn) {
    case F_BOUND:
    case F_LANGMATCHES:
    case F_CONTAINS:
    case F_STRSTARTS:
    case F_STRENDS:
    case F_SAMETERM:
    case F_ISIRI:
    case F_ISBLANK:
    case F_ISLITERAL:
    case F_ISNUMERIC:
    case F_REGEX:
      return 1;
    case F_IF:
      return boolean_expr(d, e->args[1]) && boolean_expr(d, e->args[2]);
    default:
      return 0;
    }
  case E_CAST:
    return !strcmp(ng_dict_term(d, e->term)->lex,
                   "http://www.w3.org/2001/XMLSchema#boolean");
  case E_TERM:
    return ng_dict_term(d, e->term)->type == NG_LIT_BOOLEAN;
  default:
    return 0;
  }
}

/* Whether var is bound to a boolean by a BIND in x. */
static int bound_boolean(const NgDict *d, const Pattern *x, int var) {
  if (!x) {
    return 0;
  }
  if (x->kind == P_EXTEND && x->var == var && boolean_expr(d, x->expr)) {
    return 1;
  }
  return bound_boolean(d, x->a, var) || bound_boolean(d, x->b, var);
}

int ng_query_local_order(const NgQuery *q) {
  if (q->form != NG_QUERY_SELECT || q->star || !q->n_order || !q->order_len ||
      q->limit >= 0 || q->offset > 0) {
    return 0;
  }
  for (int k = 0; k < q->n_order; ++k) {
    const Expr *e = q->order[k].expr;
    int projected = 0;
    for (int i = 0; e->op == E_VAR && i < q->n_proj && !projected; ++i) {
      projected = q->proj_vars[i] == e->var;
    }
    if (!projected) {
      return 0;
    }
  }
  return 1;
}

typedef struct RowSort {
  const NgDict *dict;
  const NgTermId *rows;
  size_t width;
  int n_keys;
  const int *cols, *desc;
} RowSort;

static const RowSort *row_sort;

static int row_sort_cmp(const void *a, const void *b) {
  size_t i = *(const size_t *)a, j = *(const size_t *)b;
  const RowSort *r = row_sort;
  for (int k = 0; k < r->n_keys; ++k) {
    size_t c = (size_t)r->cols[k];
    int d = ng_term_order(r->dict, r->rows[i * r->width + c],
                          r->rows[j * r->width + c]);
    if (d) {
      return r->desc[k] ? -d : d;
    }
  }
  return i < j ? -1 : i > j; /* stable */
}

NgStatus ng_result_sort(NgResult *res, const NgQuery *q, const NgDict *dict) {
  int nk = q->n_order;
  size_t w = res->n_vars, n = res->n_rows;
  int *cols = malloc((size_t)nk * 2 * sizeof(int));
  size_t *idx = malloc((n ? n : 1) * sizeof(size_t));
  NgTermId *sorted = malloc((n && w ? n * w : 1) * sizeof(NgTermId));
  NgStatus st = cols && idx && sorted ? NG_SUCCESS : NG_ERR_NOMEM;
  for (int k = 0; !st && k < nk; ++k) {
    const Expr *e = q->order[k].expr;
    cols[k] = -1;
    for (size_t c = 0; e->op == E_VAR && c < w; ++c) {
      if (!strcmp(res->vars[c], q->var_names[e->var])) {
        cols[k] = (int)c;
      }
    }
    cols[nk + k] = q->order[k].desc;
    if (cols[k] < 0) {
      st = NG_ERR_UNSUPPORTED;
    }
  }
  if (!st) {
    for (size_t i = 0; i < n; ++i) {
      idx[i] = i;
    }
    RowSort rs = {dict, res->rows, w, nk, cols, cols + nk};
    const RowSort *saved = row_sort;
    row_sort = &rs;
    qsort(idx, n, sizeof(size_t), row_sort_cmp);
    row_sort = saved;
    for (size_t i = 0; i < n; ++i) {
      memcpy(sorted + i * w, res->rows + idx[i] * w, w * sizeof(NgTermId));
    }
    free(res->rows);
    res->rows = sorted;
    sorted = NULL;
    res->ordered = 1;
  }
  free(cols);
  free(idx);
  free(sorted);
  return st;
}

int ng_query_boolean_var(NgQuery *q, const char *name) {
  for (int i = 0; i < q->n_proj; ++i) {
    int v = q->proj_vars[i];
    if (strcmp(q->var_names[v], name)) {
      continue;
    }
    if (q->proj_exprs && q->proj_exprs[i]) {
      return boolean_expr(q->dict, q->proj_exprs[i]);
    }
    return bound_boolean(q->dict, q->where, v);
  }
  if (q->star) {
    for (int v = 0; v < q->n_vars; ++v) {
      if (!strcmp(q->var_names[v], name)) {
        return bound_boolean(q->dict, q->where, v);
      }
    }
  }
  return 0;
}
