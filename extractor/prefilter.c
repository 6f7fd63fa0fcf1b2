/*
 * prefilter.c: the analysis of rule patterns behind prefilter.h, and the
 * Aho-Corasick automaton over the literals it finds.
 *
 * The analysis reads the pcre2 syntax that rules.c produces (groups,
 * lookarounds, classes, \p properties, quantifiers, callouts for word
 * lists, inline (?i)) by recursive descent and computes, for every part
 * of the pattern at once:
 *
 *   - start alternatives: pairs (previous bytes, next bytes) such that any
 *     match of the part starting at p has the byte before p in one pair's
 *     first set and the byte at p in its second; alternatives that match
 *     empty are kept apart, since what follows them constrains the same
 *     position;
 *   - required words, in conjunctive normal form: literal strings the
 *     pattern consumes as written (or, under (?i), in either ASCII case),
 *     word-list classes whose callout must succeed, mention placeholders
 *     it consumes.
 *
 * Every rule of combination only ever widens a set or drops a clause, so
 * the result is a necessary condition of a match.  Anything unknown (back
 * references, \K, \G, verbs, recursion, conditionals, options other than
 * i) sets "bad": the rule is then run as a plain scan.
 */
#include "prefilter.h"

#include "input/input.h"
#include "rules.h"
#include "util.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ALTS 16
#define MAX_CLAUSES 12
#define MAX_CLAUSE_LITS 96
#define MIN_LIT_BYTES 2 /* shorter literals would rarely be absent */
#define MAX_LIT_BYTES 48

_Static_assert(sizeof(NG_NEED_PUNCT) - 1 == NG_NEED_N_PUNCT,
               "NG_NEED_N_PUNCT counts the bytes of NG_NEED_PUNCT");
_Static_assert(NG_NEED_MENTION(NG_M_COUNT) <= NG_NEED_SYMS,
               "every mention type has a symbol");

/* ------------------------------------------------------------ byte sets */

static NgByteSet bs_none(void) {
  NgByteSet s;
  memset(&s, 0, sizeof(s));
  return s;
}

static NgByteSet bs_all(void) {
  NgByteSet s;
  memset(&s, 0xFF, sizeof(s));
  s.w[4] = 1; /* the edge only */
  return s;
}

static void bs_add(NgByteSet *s, unsigned b) {
  s->w[b >> 6] |= (uint64_t)1 << (b & 63);
}

static void bs_add_range(NgByteSet *s, unsigned lo, unsigned hi) {
  /* (a word at a time where the range covers one: 0x80-0xFF, every
   * non-ASCII byte, is added for most items of most patterns at load) */
  for (unsigned b = lo; b <= hi;) {
    if (!(b & 63) && hi - b >= 63) {
      s->w[b >> 6] = ~(uint64_t)0;
      b += 64;
    } else {
      bs_add(s, b++);
    }
  }
}

static NgByteSet bs_and(const NgByteSet *a, const NgByteSet *b) {
  NgByteSet s;
  for (int i = 0; i < 5; ++i) {
    s.w[i] = a->w[i] & b->w[i];
  }
  return s;
}

static void bs_or(NgByteSet *a, const NgByteSet *b) {
  for (int i = 0; i < 5; ++i) {
    a->w[i] |= b->w[i];
  }
}

static int bs_empty(const NgByteSet *s) {
  return !(s->w[0] | s->w[1] | s->w[2] | s->w[3] | s->w[4]);
}

static int bs_equal(const NgByteSet *a, const NgByteSet *b) {
  return !memcmp(a, b, sizeof(*a));
}

static int bs_subset(const NgByteSet *a, const NgByteSet *b) {
  for (int i = 0; i < 5; ++i) {
    if (a->w[i] & ~b->w[i]) {
      return 0;
    }
  }
  return 1;
}

/* ------------------------------------------------------ needed counts */

int ng_need_symbol(unsigned char c) {
  const char *at = c ? strchr(NG_NEED_PUNCT, c) : NULL;
  return at ? (int)(at - NG_NEED_PUNCT) : -1;
}

/* a + b, saturating at 255 */
static uint8_t need_add(uint8_t a, uint8_t b) {
  return (uint8_t)(a + b > 255 ? 255 : a + b);
}

/* a times n (n >= 0), saturating at 255 */
static uint8_t need_times(uint8_t a, long n) {
  return (uint8_t)(n > 255 || (long)a * n > 255 ? (a ? 255 : 0) : a * n);
}

/* --------------------------------------------------------- char sets */

/* The characters one item may match: ASCII exactly, the rest as flags. */
typedef struct CharSet {
  uint64_t ascii[2];
  int nonascii; /* may match a character beyond ASCII */
  int pua;      /* ... a mention placeholder among them */
} CharSet;

static int is_placeholder(uint32_t cp) {
  return cp >= NG_PLACEHOLDER_BASE && cp < NG_PLACEHOLDER_BASE + NG_M_COUNT;
}

static void cs_add(CharSet *c, uint32_t cp) {
  if (cp < 128) {
    c->ascii[cp >> 6] |= (uint64_t)1 << (cp & 63);
  } else {
    c->nonascii = 1;
    c->pua |= is_placeholder(cp);
  }
}

static int is_ascii_letter(uint32_t cp) {
  return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

/* Adds cp, with its other cases when caseless (non-ASCII ones, such as
 * the Kelvin sign for "k", only as the non-ASCII flag). */
static void cs_add_cased(CharSet *c, uint32_t cp, int caseless) {
  cs_add(c, cp);
  if (caseless) {
    if (is_ascii_letter(cp)) {
      cs_add(c, cp ^ 0x20);
    }
    c->nonascii = 1;
  }
}

static void cs_add_range(CharSet *c, uint32_t lo, uint32_t hi, int caseless) {
  for (uint32_t cp = lo; cp <= hi && cp < 128; ++cp) {
    cs_add_cased(c, cp, caseless);
  }
  if (hi >= 128) {
    c->nonascii = 1;
    c->pua |=
        lo < NG_PLACEHOLDER_BASE + NG_M_COUNT && hi >= NG_PLACEHOLDER_BASE;
  }
}

static void cs_union(CharSet *a, const CharSet *b) {
  a->ascii[0] |= b->ascii[0];
  a->ascii[1] |= b->ascii[1];
  a->nonascii |= b->nonascii;
  a->pua |= b->pua;
}

static void cs_negate(CharSet *c) {
  c->ascii[0] = ~c->ascii[0];
  c->ascii[1] = ~c->ascii[1];
  c->nonascii = 1;
  c->pua = 1;
}

/* Possible first bytes of a character of c (any lead byte for non-ASCII). */
static NgByteSet cs_first_bytes(const CharSet *c) {
  NgByteSet s = bs_none();
  s.w[0] = c->ascii[0];
  s.w[1] = c->ascii[1];
  if (c->nonascii) {
    bs_add_range(&s, 0x80, 0xFF);
  }
  return s;
}

/* Possible last bytes of a character of c (a continuation byte for
 * non-ASCII). */
static NgByteSet cs_last_bytes(const CharSet *c) {
  NgByteSet s = bs_none();
  s.w[0] = c->ascii[0];
  s.w[1] = c->ascii[1];
  if (c->nonascii) {
    bs_add_range(&s, 0x80, 0xBF);
  }
  return s;
}

/* Every byte and the edge but the ASCII characters of c: where a
 * negative assertion of one character of c may hold. */
static NgByteSet bs_all_but_ascii(const CharSet *c) {
  NgByteSet s = bs_all();
  s.w[0] &= ~c->ascii[0];
  s.w[1] &= ~c->ascii[1];
  return s;
}

/* Counts of ASCII spaces a part may consume, saturating at "many". */
#define WS_MANY UINT32_MAX

static uint32_t ws_add(uint32_t a, uint32_t b) {
  return a == WS_MANY || b == WS_MANY || a + b >= WS_MANY ? WS_MANY : a + b;
}

static uint32_t ws_times(uint32_t a, long times) {
  if (!a || !times) {
    return 0;
  }
  if (a == WS_MANY || times < 0 || (uint64_t)a * (uint64_t)times >= WS_MANY) {
    return WS_MANY;
  }
  return (uint32_t)(a * (uint32_t)times);
}

/* Whether c may match an ASCII space (\t \n \v \f \r or ' '). */
static int cs_has_space(const CharSet *c) {
  return ((c->ascii[0] >> 9) & 0x1F) || ((c->ascii[0] >> ' ') & 1);
}

/* Whether c holds no ASCII character but spaces (it may hold others:
 * those are not ASCII, and a run of spaces in the engine's count goes on
 * through bytes that are not ASCII, see find_reach). */
static int cs_only_space(const CharSet *c) {
  const uint64_t spaces = ((uint64_t)0x1F << 9) | ((uint64_t)1 << ' ');
  return !(c->ascii[0] & ~spaces) && !c->ascii[1];
}

/* ------------------------------------------------------------ clauses */

typedef struct Clause {
  uint64_t classes;     /* word lists looked up at word starts */
  uint64_t classes_any; /* word lists looked up anywhere */
  uint32_t mentions;
  int behind; /* may be met inside a lookbehind, before the start */
  int n_lits;
  uint32_t lits[MAX_CLAUSE_LITS];
} Clause;

/* A conjunction of clauses; none means "no requirement". */
typedef struct Cnf {
  int n;
  Clause c[MAX_CLAUSES];
} Cnf;

static int clause_weight(const Clause *c) {
  return c->n_lits + 2 * __builtin_popcountll(c->classes) +
         2 * __builtin_popcountll(c->classes_any) +
         2 * __builtin_popcount(c->mentions);
}

/* Whether sorted id lists a[0..na) and b[0..nb) have a within b. */
static int lits_within(const uint32_t *a, int na, const uint32_t *b, int nb) {
  int j = 0;
  for (int i = 0; i < na; ++i) {
    while (j < nb && b[j] < a[i]) {
      ++j;
    }
    if (j == nb || b[j] != a[i]) {
      return 0;
    }
  }
  return 1;
}

/* Whether clause a implies clause b: every way to meet a meets b, so b
 * adds nothing to a conjunction that holds a.  (A clause met at or after
 * the start implies one that may be met before it, not the other way.) */
static int clause_implies(const Clause *a, const Clause *b) {
  return !(a->classes & ~b->classes) && !(a->classes_any & ~b->classes_any) &&
         !(a->mentions & ~b->mentions) && a->behind <= b->behind &&
         a->n_lits <= b->n_lits &&
         lits_within(a->lits, a->n_lits, b->lits, b->n_lits);
}

static void lits_insert(Clause *c, uint32_t id, int *overflow) {
  int i = 0;
  while (i < c->n_lits && c->lits[i] < id) {
    ++i;
  }
  if (i < c->n_lits && c->lits[i] == id) {
    return;
  }
  if (c->n_lits == MAX_CLAUSE_LITS) {
    *overflow = 1;
    return;
  }
  memmove(&c->lits[i + 1], &c->lits[i],
          (size_t)(c->n_lits - i) * sizeof(uint32_t));
  c->lits[i] = id;
  ++c->n_lits;
}

/* z = the clause met wherever a or b is; 0 when its literals do not fit. */
static int clause_union(const Clause *a, const Clause *b, Clause *z) {
  int overflow = 0;
  *z = *a;
  z->classes |= b->classes;
  z->classes_any |= b->classes_any;
  z->mentions |= b->mentions;
  z->behind |= b->behind;
  for (int k = 0; k < b->n_lits && !overflow; ++k) {
    lits_insert(z, b->lits[k], &overflow);
  }
  return !overflow;
}

/* The weight of the union of a and b, counted without building it (a
 * full conjunction weighs every pair). */
static int union_weight(const Clause *a, const Clause *b) {
  int shared = 0;
  for (int i = 0, j = 0; i < a->n_lits && j < b->n_lits;) {
    if (a->lits[i] == b->lits[j]) {
      ++shared;
      ++i;
      ++j;
    } else if (a->lits[i] < b->lits[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return a->n_lits + b->n_lits - shared +
         2 * __builtin_popcountll(a->classes | b->classes) +
         2 * __builtin_popcountll(a->classes_any | b->classes_any) +
         2 * __builtin_popcount(a->mentions | b->mentions);
}

/* A full conjunction takes x: the two clauses (x among them) whose union
 * adds the fewest ways to be met become that union, unless dropping the
 * weakest clause (the one with the most ways) loses less.  Both only
 * widen; merging near copies ("the placeholder, It, They or the
 * hospital", "... or the university") keeps a clause of another part of
 * the pattern that dropping the weakest would lose. */
static void cnf_make_room(Cnf *f, const Clause *x) {
  Clause all[MAX_CLAUSES + 1];
  memcpy(all, f->c, sizeof(f->c));
  all[MAX_CLAUSES] = *x;
  int w[MAX_CLAUSES + 1];
  int bi = -1, bj = -1, best_add = 0, worst = MAX_CLAUSES; /* x, on a tie */
  for (int i = 0; i <= MAX_CLAUSES; ++i) {
    w[i] = clause_weight(&all[i]);
  }
  for (int i = 0; i <= MAX_CLAUSES; ++i) {
    if (w[i] > w[worst]) {
      worst = i;
    }
    for (int j = i + 1; j <= MAX_CLAUSES; ++j) {
      int add = union_weight(&all[i], &all[j]) - (w[i] > w[j] ? w[i] : w[j]);
      if (bi < 0 || add < best_add) {
        bi = i;
        bj = j;
        best_add = add;
      }
    }
  }
  Clause z;
  if (bi >= 0 && best_add < w[worst] && clause_union(&all[bi], &all[bj], &z)) {
    all[bi] = z;
    all[bj] = all[MAX_CLAUSES];
  } else {
    all[worst] = all[MAX_CLAUSES];
  }
  memcpy(f->c, all, sizeof(f->c));
}

/* Adds x to the conjunction.  A clause that another implies is redundant:
 * without them, the few places hold the clauses that say most (a pattern
 * "(A|B|C) ... (D|E)" whose first part gives a dozen supersets of one
 * clause would otherwise crowd out the second).  When full, the weakest
 * clause (the one with the most ways to be met) goes: dropping a conjunct
 * only widens. */
static void cnf_add(Cnf *f, const Clause *x) {
  for (int i = 0; i < f->n; ++i) {
    if (clause_implies(&f->c[i], x)) {
      return;
    }
  }
  int out = 0;
  for (int i = 0; i < f->n; ++i) {
    if (!clause_implies(x, &f->c[i])) {
      f->c[out++] = f->c[i];
    }
  }
  f->n = out;
  if (f->n < MAX_CLAUSES) {
    f->c[f->n++] = *x;
    return;
  }
  cnf_make_room(f, x);
}

static void cnf_and(Cnf *f, const Cnf *g) {
  for (int i = 0; i < g->n; ++i) {
    cnf_add(f, &g->c[i]);
  }
}

/* f = f OR g: each pair of clauses joined; a join too big to keep is
 * dropped (a conjunct less). */
static void cnf_or(Cnf *f, const Cnf *g) {
  if (!f->n || !g->n) {
    f->n = 0;
    return;
  }
  Cnf out;
  out.n = 0;
  for (int i = 0; i < f->n; ++i) {
    for (int j = 0; j < g->n; ++j) {
      Clause z;
      if (clause_union(&f->c[i], &g->c[j], &z)) {
        cnf_add(&out, &z);
      }
    }
  }
  *f = out;
}

/* -------------------------------------------------------------- atoms */

/* One Aho-Corasick automaton: delta[state * n_classes + byte_class[b]]. */
typedef struct Aho {
  uint8_t byte_class[256];
  size_t n_classes;
  int32_t *delta;
  size_t n_states;
  uint32_t *out_first, *out_n; /* outputs of a state: outs[first .. + n) */
  uint32_t *outs;
} Aho;

/* The literals, each matched as written or, when folded, regardless of
 * ASCII case ("joint" of a caseless "(?i:joint)", stored in lower case):
 * one automaton for each kind. */
struct NgAtoms {
  char **lit;
  size_t *len;
  unsigned char *folded;
  size_t n, cap;
  /* an open-addressing index of the atoms by text (id + 1; 0: free) */
  uint32_t *slots;
  size_t n_slots; /* a power of two, or 0 */
  Aho exact, fold;
  size_t words;
};

NgStatus ng_atoms_new(NgAtoms **out) {
  *out = calloc(1, sizeof(**out));
  if (!*out) {
    return NG_ERR_NOMEM;
  }
  (*out)->words = 1;
  return NG_SUCCESS;
}

static void aho_free(Aho *m) {
  free(m->delta);
  free(m->out_first);
  free(m->out_n);
  free(m->outs);
  memset(m, 0, sizeof(*m));
}

void ng_atoms_free(NgAtoms *a) {
  if (!a) {
    return;
  }
  for (size_t i = 0; i < a->n; ++i) {
    free(a->lit[i]);
  }
  free(a->lit);
  free(a->len);
  free(a->folded);
  free(a->slots);
  aho_free(&a->exact);
  aho_free(&a->fold);
  free(a);
}

size_t ng_atoms_len(const NgAtoms *a, uint32_t id) {
  return id < a->n ? a->len[id] : 0;
}

size_t ng_atoms_words(const NgAtoms *a) {
  return a->words;
}

static size_t atom_hash(const char *s, size_t n, int folded) {
  uint64_t h = 14695981039346656037u ^ (uint64_t)(folded != 0);
  for (size_t i = 0; i < n; ++i) {
    h = (h ^ (unsigned char)s[i]) * 1099511628211u;
  }
  return (size_t)(h ^ h >> 29);
}

/* Puts atom id in the index (which has a free slot). */
static void atoms_index(NgAtoms *a, uint32_t id) {
  size_t k = atom_hash(a->lit[id], a->len[id], a->folded[id]) &
             (a->n_slots - 1);
  while (a->slots[k]) {
    k = (k + 1) & (a->n_slots - 1);
  }
  a->slots[k] = id + 1;
}

/* The id of the atom s (n bytes, folded or not), added when new; the
 * index keeps the ids exactly as a search of the list in order would. */
static NgStatus atoms_add(NgAtoms *a, const char *s, size_t n, int folded,
                          uint32_t *id) {
  if (a->n_slots) {
    size_t k = atom_hash(s, n, folded) & (a->n_slots - 1);
    for (; a->slots[k]; k = (k + 1) & (a->n_slots - 1)) {
      size_t i = a->slots[k] - 1;
      if (a->len[i] == n && a->folded[i] == folded &&
          !memcmp(a->lit[i], s, n)) {
        *id = (uint32_t)i;
        return NG_SUCCESS;
      }
    }
  }
  if (2 * (a->n + 1) > a->n_slots) {
    size_t ns = a->n_slots ? 2 * a->n_slots : 256;
    uint32_t *v = calloc(ns, sizeof(*v));
    if (!v) {
      return NG_ERR_NOMEM;
    }
    free(a->slots);
    a->slots = v;
    a->n_slots = ns;
    for (size_t i = 0; i < a->n; ++i) {
      atoms_index(a, (uint32_t)i);
    }
  }
  if (a->n == a->cap) {
    size_t cap = a->cap ? a->cap * 2 : 64;
    char **l = realloc(a->lit, cap * sizeof(*l));
    if (!l) {
      return NG_ERR_NOMEM;
    }
    a->lit = l;
    size_t *n2 = realloc(a->len, cap * sizeof(*n2));
    if (!n2) {
      return NG_ERR_NOMEM;
    }
    a->len = n2;
    unsigned char *f = realloc(a->folded, cap);
    if (!f) {
      return NG_ERR_NOMEM;
    }
    a->folded = f;
    a->cap = cap;
  }
  if (!(a->lit[a->n] = ng_strndup(s, n))) {
    return NG_ERR_NOMEM;
  }
  a->len[a->n] = n;
  a->folded[a->n] = (unsigned char)folded;
  atoms_index(a, (uint32_t)a->n);
  *id = (uint32_t)a->n++;
  return NG_SUCCESS;
}

/* Builds m over the atoms whose folded flag is folded; a folded
 * automaton reads an upper-case ASCII letter as its lower case. */
static NgStatus aho_build(const NgAtoms *a, int folded, Aho *m) {
  aho_free(m);
  size_t nc = 1, total = 1;
  for (size_t i = 0; i < a->n; ++i) {
    for (size_t k = 0; a->folded[i] == folded && k < a->len[i]; ++k) {
      unsigned char b = (unsigned char)a->lit[i][k];
      if (!m->byte_class[b]) {
        m->byte_class[b] = (uint8_t)nc++;
      }
    }
    total += a->folded[i] == folded ? a->len[i] : 0;
  }
  for (unsigned b = 'A'; folded && b <= 'Z'; ++b) {
    m->byte_class[b] = m->byte_class[b | 0x20];
  }
  m->n_classes = nc;
  int32_t *go = malloc(total * nc * sizeof(*go));
  int32_t *fail = calloc(total, sizeof(*fail));
  int32_t *own = malloc(total * sizeof(*own)); /* an atom ending here or -1 */
  int32_t *queue = malloc(total * sizeof(*queue));
  m->delta = malloc(total * nc * sizeof(*m->delta));
  m->out_first = calloc(total, sizeof(uint32_t));
  m->out_n = calloc(total, sizeof(uint32_t));
  NgStatus st = NG_SUCCESS;
  if (!go || !fail || !own || !queue || !m->delta || !m->out_first ||
      !m->out_n) {
    st = NG_ERR_NOMEM;
    goto done;
  }
  memset(go, 0xFF, total * nc * sizeof(*go));
  own[0] = -1;
  size_t n_states = 1;
  for (size_t i = 0; i < a->n; ++i) {
    if (a->folded[i] != folded) {
      continue;
    }
    int32_t s = 0;
    for (size_t k = 0; k < a->len[i]; ++k) {
      size_t c = m->byte_class[(unsigned char)a->lit[i][k]];
      if (go[(size_t)s * nc + c] < 0) {
        own[n_states] = -1;
        go[(size_t)s * nc + c] = (int32_t)n_states++;
      }
      s = go[(size_t)s * nc + c];
    }
    own[s] = (int32_t)i; /* literals are distinct: one per state */
  }
  m->n_states = n_states;
  /* breadth first: failure links and the full transition function */
  size_t head = 0, tail = 0;
  for (size_t c = 0; c < nc; ++c) {
    int32_t t = go[c];
    m->delta[c] = t < 0 ? 0 : t;
    if (t > 0) {
      fail[t] = 0;
      queue[tail++] = t;
    }
  }
  while (head < tail) {
    int32_t s = queue[head++];
    for (size_t c = 0; c < nc; ++c) {
      int32_t t = go[(size_t)s * nc + c];
      if (t < 0) {
        m->delta[(size_t)s * nc + c] = m->delta[(size_t)fail[s] * nc + c];
        continue;
      }
      m->delta[(size_t)s * nc + c] = t;
      fail[t] = m->delta[(size_t)fail[s] * nc + c];
      queue[tail++] = t;
    }
  }
  /* outputs: a state's own atom, then those of its failure chain */
  size_t n_outs = 0;
  for (size_t s = 1; s < n_states; ++s) {
    for (int32_t t = (int32_t)s; t > 0; t = fail[t]) {
      n_outs += own[t] >= 0;
    }
  }
  m->outs = malloc((n_outs + 1) * sizeof(uint32_t));
  if (!m->outs) {
    st = NG_ERR_NOMEM;
    goto done;
  }
  n_outs = 0;
  for (size_t s = 1; s < n_states; ++s) {
    m->out_first[s] = (uint32_t)n_outs;
    for (int32_t t = (int32_t)s; t > 0; t = fail[t]) {
      if (own[t] >= 0) {
        m->outs[n_outs++] = (uint32_t)own[t];
      }
    }
    m->out_n[s] = (uint32_t)n_outs - m->out_first[s];
  }
done:
  free(go);
  free(fail);
  free(own);
  free(queue);
  return st;
}

NgStatus ng_atoms_build(NgAtoms *a) {
  a->words = a->n ? (a->n + 63) / 64 : 1;
  NgStatus st;
  TRY(st, aho_build(a, 0, &a->exact));
  return aho_build(a, 1, &a->fold);
}

NgStatus ng_atom_hits_reserve(NgAtomHits *hits, size_t n) {
  if (n <= hits->cap) {
    return NG_SUCCESS;
  }
  size_t cap = hits->cap ? hits->cap : 64;
  while (cap < n) {
    cap *= 2;
  }
  size_t *st = realloc(hits->start, cap * sizeof(*st));
  if (!st) {
    return NG_ERR_NOMEM;
  }
  hits->start = st;
  uint32_t *ids = realloc(hits->id, cap * sizeof(*ids));
  if (!ids) {
    return NG_ERR_NOMEM; /* (start grew: harmless, cap says the least) */
  }
  hits->id = ids;
  hits->cap = cap;
  return NG_SUCCESS;
}

NgStatus ng_atom_hits_push(NgAtomHits *hits, size_t start, uint32_t id) {
  NgStatus st;
  TRY(st, ng_atom_hits_reserve(hits, hits->n + 1));
  hits->start[hits->n] = start;
  hits->id[hits->n++] = id;
  return NG_SUCCESS;
}

/* Records the atoms of state (of m) that end at byte i. */
static NgStatus aho_outputs(const NgAtoms *a, const Aho *m, int32_t state,
                            size_t i, uint64_t *present, NgAtomHits *hits) {
  uint32_t n = m->out_n[state];
  for (uint32_t k = 0; k < n; ++k) {
    uint32_t id = m->outs[m->out_first[state] + k];
    present[id >> 6] |= (uint64_t)1 << (id & 63);
    if (!hits) {
      continue;
    }
    NgStatus st = ng_atom_hits_push(hits, i + 1 - a->len[id], id);
    if (st) {
      return st;
    }
  }
  return NG_SUCCESS;
}

NgStatus ng_atoms_scan(const NgAtoms *a, const char *text, size_t len,
                       uint64_t *present, NgAtomHits *hits) {
  memset(present, 0, a->words * sizeof(uint64_t));
  if (hits) {
    hits->n = 0;
  }
  if (!a->n || !a->exact.delta || !a->fold.delta) {
    return NG_SUCCESS;
  }
  const unsigned char *s = (const unsigned char *)text;
  const Aho *x = &a->exact, *f = &a->fold;
  int folds = f->n_states > 1; /* (no folded atom: no second walk) */
  int32_t sx = 0, sf = 0;
  NgStatus st;
  for (size_t i = 0; i < len; ++i) {
    sx = x->delta[(size_t)sx * x->n_classes + x->byte_class[s[i]]];
    if (x->out_n[sx]) {
      TRY(st, aho_outputs(a, x, sx, i, present, hits));
    }
    if (folds) {
      sf = f->delta[(size_t)sf * f->n_classes + f->byte_class[s[i]]];
      if (f->out_n[sf]) {
        TRY(st, aho_outputs(a, f, sf, i, present, hits));
      }
    }
  }
  return NG_SUCCESS;
}

/* ------------------------------------------------------------ analysis */

typedef struct Alt {
  NgByteSet prev, next;
  uint64_t cls; /* an entry of one of these word-list classes starts at p
                   (NG_START_ANY_CLASS: no such condition) */
  int empty;    /* the part matched nothing: what follows starts at p too */
} Alt;

/* Of two conditions on the entries at p that both hold: the narrower. */
static uint64_t cls_both(uint64_t a, uint64_t b) {
  return __builtin_popcountll(a) <= __builtin_popcountll(b) ? a : b;
}

/* (The two arrays come last: only their first n_alts and r.n members are
 * ever read, and clearing all of them for every item of every pattern
 * was most of the analysis's time at load.) */
typedef struct Info {
  int n_alts;
  int zero;   /* consumes nothing */
  int single; /* consumes exactly one character, of cs */
  CharSet cs;
  int bos;   /* "^" (start of subject) and nothing else */
  int lb_ok; /* each branch one character or "^": lb_prev is exact */
  NgByteSet lb_prev;
  int lit;  /* a literal character, unquantified, case-sensitive */
  int fold; /* ... an ASCII letter matched in either case (cp is its lower
               case); never k or s, which also match the Kelvin sign and
               the long s */
  uint32_t cp;
  int capture;      /* a capture group, unquantified */
  int group;        /* a group, capturing or not, unquantified */
  int start_callout; /* (?Cn) with n above NG_START_CALLOUTS */
  CharSet cons;     /* every character the part may consume */
  uint32_t cons_ws; /* how many runs of ASCII spaces they may hold (WS_MANY:
                       unbounded; see NgPrefilter.gap_ws) */
  /* a required anchor: a match at p holds an occurrence of gap_clause at
   * some b >= p, with every character of [p, b) in gap */
  int has_gap;
  Clause gap_clause;
  CharSet gap;
  uint32_t gap_ws;       /* at most this many runs of ASCII spaces in
                            [p, b) */
  NgByteSet gap_first;   /* an occurrence of the gap clause's classes
                            starts with one of these bytes */
  int nlb_alnum;         /* (?<![...]) excluding every ASCII letter and digit */
  uint64_t callout_mask; /* (?Cn): the classes its span must belong to */
  int needs; /* need[] holds counts (else none is needed: most parts) */
  Cnf r;
  Alt a[MAX_ALTS];
  /* when needs: the fewest occurrences of each symbol (prefilter.h,
   * NG_NEED_*) that the part consumes: added along a sequence, the least
   * of two branches, times the least count of a quantifier, none in an
   * assertion (not cleared with the rest: read only when needs is set) */
  uint8_t need[NG_NEED_SYMS];
} Info;

/* Clears in up to its arrays, which are then empty.  (Nor is the gap
 * clause's array of literals cleared: only its first n_lits are read.) */
static void info_clear(Info *in) {
  memset(in, 0, offsetof(Info, gap_clause.lits));
  memset(&in->gap, 0, offsetof(Info, r) - offsetof(Info, gap));
  in->r.n = 0;
}

typedef struct Parser {
  const char *s, *end;
  int caseless;
  int bad;
  NgStatus st;
  NgAtoms *atoms;
  const NgRule *rule;
} Parser;

static void info_zero(Info *in) {
  info_clear(in);
  in->n_alts = 1;
  in->a[0].prev = bs_all();
  in->a[0].next = bs_all();
  in->a[0].cls = NG_START_ANY_CLASS;
  in->a[0].empty = 1;
  in->zero = 1;
}

static int alt_subsumes(const Alt *x, const Alt *y) {
  return x->empty == y->empty && bs_subset(&y->prev, &x->prev) &&
         bs_subset(&y->next, &x->next) && (y->cls & ~x->cls) == 0;
}

/* Adds an alternative to list (of capacity cap), dropping it when an
 * existing one covers it. */
static void alts_push(Alt *list, int *n, int cap, const Alt *x) {
  if (bs_empty(&x->prev) || bs_empty(&x->next)) {
    return; /* cannot happen at all */
  }
  for (int i = 0; i < *n; ++i) {
    if (alt_subsumes(&list[i], x)) {
      return;
    }
  }
  int out = 0;
  for (int i = 0; i < *n; ++i) {
    if (!alt_subsumes(x, &list[i])) {
      list[out++] = list[i];
    }
  }
  *n = out;
  if (*n < cap) {
    list[(*n)++] = *x;
  }
}

/* Copies list into in, merging alternatives of the same kind when there
 * are too many (a union only widens). */
static void alts_set(Info *in, const Alt *list, int n) {
  if (n <= MAX_ALTS) {
    memcpy(in->a, list, (size_t)n * sizeof(Alt));
    in->n_alts = n;
    return;
  }
  /* first without the conditions on entries, which may make some
   * alternatives cover others again; the bytes are worth more */
  Alt plain[MAX_ALTS * MAX_ALTS + MAX_ALTS];
  int m = 0;
  for (int i = 0; i < n && i < (int)NG_ARRAY_LEN(plain); ++i) {
    Alt x = list[i];
    x.cls = NG_START_ANY_CLASS;
    alts_push(plain, &m, (int)NG_ARRAY_LEN(plain), &x);
  }
  if (n <= (int)NG_ARRAY_LEN(plain) && m <= MAX_ALTS) {
    memcpy(in->a, plain, (size_t)m * sizeof(Alt));
    in->n_alts = m;
    return;
  }
  Alt merged[2];
  int have[2] = {0, 0};
  for (int i = 0; i < n; ++i) {
    int k = list[i].empty;
    if (!have[k]) {
      merged[k] = list[i];
      have[k] = 1;
    } else {
      bs_or(&merged[k].prev, &list[i].prev);
      bs_or(&merged[k].next, &list[i].next);
      merged[k].cls |= list[i].cls;
    }
  }
  in->n_alts = 0;
  for (int k = 0; k < 2; ++k) {
    if (have[k]) {
      in->a[in->n_alts++] = merged[k];
    }
  }
}

/* Where a sequence may start, once item follows what it held so far. */
static void seq_starts(Info *seq, const Info *item) {
  Alt list[MAX_ALTS * MAX_ALTS + MAX_ALTS];
  int n = 0, any_empty = 0;
  const int cap = (int)NG_ARRAY_LEN(list);
  for (int i = 0; i < seq->n_alts; ++i) {
    any_empty |= seq->a[i].empty;
  }
  if (!any_empty) {
    return;
  }
  for (int i = 0; i < seq->n_alts; ++i) {
    const Alt *a = &seq->a[i];
    if (!a->empty) {
      alts_push(list, &n, cap, a);
      continue;
    }
    for (int j = 0; j < item->n_alts; ++j) {
      Alt x;
      x.prev = bs_and(&a->prev, &item->a[j].prev);
      x.next = bs_and(&a->next, &item->a[j].next);
      x.cls = cls_both(a->cls, item->a[j].cls);
      x.empty = item->a[j].empty;
      alts_push(list, &n, cap, &x);
    }
  }
  alts_set(seq, list, n);
}

static void info_char(Info *in, const CharSet *cs) {
  info_clear(in);
  in->n_alts = 1;
  memset(&in->a[0], 0, sizeof(in->a[0]));
  in->a[0].prev = bs_all();
  in->a[0].next = cs_first_bytes(cs);
  in->a[0].cls = NG_START_ANY_CLASS;
  in->a[0].empty = 0;
  in->single = 1;
  in->cs = *cs;
  in->cons = *cs;
  in->cons_ws = cs_has_space(cs) ? 1 : 0;
}

/* Makes the item an anchor of its own: gap_clause occurs where it starts. */
static void anchor_here(Info *in, const Clause *c) {
  in->has_gap = 1;
  in->gap_clause = *c;
  memset(&in->gap, 0, sizeof(in->gap));
  in->gap_ws = 0;
  in->gap_first = bs_all();
}

/* The part consumes one symbol k (in->need holds counts from now on). */
static void need_one(Info *in, int k) {
  if (!in->needs) {
    memset(in->need, 0, sizeof(in->need));
    in->needs = 1;
  }
  in->need[k] = 1;
}

static void info_literal(Parser *p, Info *in, uint32_t cp) {
  CharSet cs;
  memset(&cs, 0, sizeof(cs));
  cs_add_cased(&cs, cp, p->caseless);
  info_char(in, &cs);
  if (is_placeholder(cp) && !p->caseless) {
    need_one(in, NG_NEED_ANY_MENTION);
    need_one(in, NG_NEED_MENTION(cp - NG_PLACEHOLDER_BASE));
  } else if (cp < 128 && ng_need_symbol((unsigned char)cp) >= 0) {
    need_one(in, ng_need_symbol((unsigned char)cp)); /* (no case) */
  }
  if (is_placeholder(cp) && !p->caseless) {
    in->r.n = 1;
    memset(&in->r.c[0], 0, sizeof(Clause));
    in->r.c[0].mentions = 1u << (cp - NG_PLACEHOLDER_BASE);
    anchor_here(in, &in->r.c[0]);
  } else if (!p->caseless || (cp < 128 && !is_ascii_letter(cp))) {
    in->lit = 1;
    in->cp = cp;
  } else if (is_ascii_letter(cp) && (cp | 0x20) != 'k' && (cp | 0x20) != 's') {
    in->fold = 1;
    in->cp = cp | 0x20;
  }
}

/* Decodes one UTF-8 character at p->s (valid UTF-8: the pattern was
 * compiled with PCRE2_UTF). */
static uint32_t next_cp(Parser *p) {
  const unsigned char *s = (const unsigned char *)p->s;
  size_t left = (size_t)(p->end - p->s);
  if (s[0] < 0x80 || left < 2) {
    p->s += 1;
    return s[0];
  }
  if ((s[0] & 0xE0) == 0xC0) {
    p->s += 2;
    return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
  }
  if ((s[0] & 0xF0) == 0xE0 && left >= 3) {
    p->s += 3;
    return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
           (s[2] & 0x3F);
  }
  if (left >= 4) {
    p->s += 4;
    return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
  }
  p->bad = 1;
  p->s = p->end;
  return 0;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

/* \x{HHH} or \xHH, p->s just after the x. */
static uint32_t parse_hex(Parser *p) {
  uint32_t v = 0;
  if (p->s < p->end && *p->s == '{') {
    ++p->s;
    int digits = 0;
    while (p->s < p->end && hexval(*p->s) >= 0 && digits < 8) {
      v = v * 16 + (uint32_t)hexval(*p->s++);
      ++digits;
    }
    if (p->s >= p->end || *p->s != '}' || !digits) {
      p->bad = 1;
      return 0;
    }
    ++p->s;
    return v;
  }
  for (int i = 0; i < 2 && p->s < p->end && hexval(*p->s) >= 0; ++i) {
    v = v * 16 + (uint32_t)hexval(*p->s++);
  }
  return v;
}

/* The characters of a backslash class letter (\d, \s, \w, \h, \v and
 * their negations) with PCRE2_UCP; 0 when c is not one. */
static int escape_class(char c, CharSet *cs) {
  memset(cs, 0, sizeof(*cs));
  switch (c) {
  case 'd':
  case 'D':
    cs_add_range(cs, '0', '9', 0);
    break;
  case 's':
  case 'S':
    cs_add_range(cs, 9, 13, 0);
    cs_add(cs, ' ');
    break;
  case 'w':
  case 'W':
    cs_add_range(cs, '0', '9', 0);
    cs_add_range(cs, 'A', 'Z', 0);
    cs_add_range(cs, 'a', 'z', 0);
    cs_add(cs, '_');
    break;
  case 'h':
  case 'H':
    cs_add(cs, 9);
    cs_add(cs, ' ');
    break;
  case 'v':
  case 'V':
    cs_add_range(cs, 10, 13, 0);
    break;
  default:
    return 0;
  }
  cs->nonascii = 1;
  if (c >= 'A' && c <= 'Z') {
    cs_negate(cs);
  }
  return 1;
}

/* \p{NAME} / \pL, p->s just after the p or P. */
static void parse_property(Parser *p, int negate, CharSet *cs) {
  char name[16];
  size_t n = 0;
  memset(cs, 0, sizeof(*cs));
  if (p->s < p->end && *p->s == '{') {
    ++p->s;
    if (p->s < p->end && *p->s == '^') {
      negate = !negate;
      ++p->s;
    }
    while (p->s < p->end && *p->s != '}' && n + 1 < sizeof(name)) {
      name[n++] = *p->s++;
    }
    if (p->s >= p->end || *p->s != '}') {
      p->bad = 1;
      return;
    }
    ++p->s;
  } else if (p->s < p->end) {
    name[n++] = *p->s++;
  }
  name[n] = '\0';
  int caseless = p->caseless;
  if (!strcmp(name, "L") || !strcmp(name, "L&") ||
      ((!strcmp(name, "Lu") || !strcmp(name, "Ll")) && caseless)) {
    cs_add_range(cs, 'A', 'Z', 0);
    cs_add_range(cs, 'a', 'z', 0);
  } else if (!strcmp(name, "Lu")) {
    cs_add_range(cs, 'A', 'Z', 0);
  } else if (!strcmp(name, "Ll")) {
    cs_add_range(cs, 'a', 'z', 0);
  } else if (!strcmp(name, "N") || !strcmp(name, "Nd")) {
    cs_add_range(cs, '0', '9', 0);
  } else if (!strcmp(name, "M") || !strcmp(name, "Mn") || !strcmp(name, "Mc") ||
             !strcmp(name, "Me")) {
    /* no ASCII character is a mark */
  } else if (!strcmp(name, "Han") || !strcmp(name, "Hangul") ||
             !strcmp(name, "Hiragana") || !strcmp(name, "Katakana")) {
    /* nor is one in these scripts, nor in their script extensions
     * (which pcre2 matches too: CJK punctuation, never ASCII); the
     * names written in them (person-native-script) come through a
     * macro that nineteen rules share, and every one was run the plain
     * way for want of this line */
  } else {
    p->bad = 1; /* a property whose ASCII members are not listed here */
    return;
  }
  cs->nonascii = 1;
  if (negate) {
    cs_negate(cs);
  }
}

/* One character of a class: a literal code point (*cp) or a set (*set,
 * returns 1). */
static int class_item(Parser *p, uint32_t *cp, CharSet *set) {
  if (*p->s != '\\') {
    *cp = next_cp(p);
    return 0;
  }
  ++p->s;
  if (p->s >= p->end) {
    p->bad = 1;
    return 0;
  }
  char c = *p->s++;
  if (escape_class(c, set)) {
    return 1;
  }
  switch (c) {
  case 'p':
  case 'P':
    parse_property(p, c == 'P', set);
    return 1;
  case 'x':
    *cp = parse_hex(p);
    return 0;
  case 'b':
    *cp = 8;
    return 0;
  case 'n':
    *cp = '\n';
    return 0;
  case 't':
    *cp = '\t';
    return 0;
  case 'r':
    *cp = '\r';
    return 0;
  case 'f':
    *cp = '\f';
    return 0;
  case 'e':
    *cp = 0x1B;
    return 0;
  case 'a':
    *cp = 7;
    return 0;
  default:
    if ((c >= '0' && c <= '9') || is_ascii_letter((unsigned char)c)) {
      p->bad = 1;
      return 0;
    }
    if ((unsigned char)c >= 0x80) {
      p->s -= 1;
      *cp = next_cp(p);
      return 0;
    }
    *cp = (unsigned char)c;
    return 0;
  }
}

/* The symbol a class consumes, if it is one only: a single byte of
 * NG_NEED_PUNCT, or placeholders (mentions: their types when the class
 * holds nothing else, else 0). */
static void class_need(Info *in, const CharSet *cs, int negate,
                       uint32_t mentions, int caseless) {
  if (negate) {
    return;
  }
  if (mentions && !caseless) {
    need_one(in, NG_NEED_ANY_MENTION);
    if (__builtin_popcount(mentions) == 1) {
      need_one(in, NG_NEED_MENTION(__builtin_ctz(mentions)));
    }
    return;
  }
  /* exactly one ASCII byte: one word is 0, the other a power of two */
  uint64_t w = cs->ascii[0] ? cs->ascii[0] : cs->ascii[1];
  if (cs->nonascii || !w || (w & (w - 1)) ||
      (cs->ascii[0] && cs->ascii[1])) {
    return;
  }
  unsigned c = cs->ascii[0] ? (unsigned)__builtin_ctzll(cs->ascii[0])
                            : 64u + (unsigned)__builtin_ctzll(cs->ascii[1]);
  int k = ng_need_symbol((unsigned char)c);
  if (k >= 0) {
    need_one(in, k);
  }
}

/* [...]: p->s at '['. */
static void parse_class(Parser *p, Info *in) {
  CharSet cs;
  memset(&cs, 0, sizeof(cs));
  ++p->s;
  int negate = 0, first = 1;
  uint32_t mentions = 0;
  int only_placeholders = 1;
  if (p->s < p->end && *p->s == '^') {
    negate = 1;
    ++p->s;
  }
  for (;;) {
    if (p->s >= p->end || p->bad) {
      p->bad = 1;
      return;
    }
    if (*p->s == ']' && !first) {
      ++p->s;
      break;
    }
    first = 0;
    if (*p->s == '[' && p->s + 1 < p->end &&
        (p->s[1] == ':' || p->s[1] == '.' || p->s[1] == '=')) {
      p->bad = 1; /* POSIX classes */
      return;
    }
    uint32_t lo = 0;
    CharSet set;
    if (class_item(p, &lo, &set)) {
      cs_union(&cs, &set);
      only_placeholders = 0;
      continue;
    }
    if (p->s + 1 < p->end && *p->s == '-' && p->s[1] != ']') {
      ++p->s;
      uint32_t hi = 0;
      if (class_item(p, &hi, &set) || hi < lo) {
        p->bad = 1;
        return;
      }
      cs_add_range(&cs, lo, hi, p->caseless);
      only_placeholders = 0;
      continue;
    }
    cs_add_cased(&cs, lo, p->caseless);
    if (is_placeholder(lo)) {
      mentions |= 1u << (lo - NG_PLACEHOLDER_BASE);
    } else {
      only_placeholders = 0;
    }
  }
  if (negate) {
    cs_negate(&cs);
  }
  info_char(in, &cs);
  class_need(in, &cs, negate, only_placeholders ? mentions : 0, p->caseless);
  if (!negate && only_placeholders && mentions && !p->caseless) {
    in->r.n = 1;
    memset(&in->r.c[0], 0, sizeof(Clause));
    in->r.c[0].mentions = mentions;
    anchor_here(in, &in->r.c[0]);
  }
}

static void parse_alt(Parser *p, Info *out);

/* The body of a group up to its ')', with the caseless option set to
 * caseless (-1: inherited) inside. */
static void parse_group_body(Parser *p, Info *out, int caseless) {
  int saved = p->caseless;
  if (caseless >= 0) {
    p->caseless = caseless;
  }
  parse_alt(p, out);
  p->caseless = saved;
  if (p->s >= p->end || *p->s != ')') {
    p->bad = 1;
    return;
  }
  ++p->s;
}

static void lookahead(Parser *p, Info *out, int negative) {
  Info body;
  parse_group_body(p, &body, -1);
  info_zero(out);
  if (!negative) {
    for (int i = 0; i < body.n_alts; ++i) {
      out->a[i] = body.a[i];
      out->a[i].empty = 1;
    }
    out->n_alts = body.n_alts;
    out->r = body.r;
    /* what the body needs lies ahead of where it is asserted */
    out->has_gap = body.has_gap;
    out->gap_clause = body.gap_clause;
    out->gap = body.gap;
    out->gap_ws = body.gap_ws;
    out->gap_first = body.gap_first;
  } else if (body.single) {
    out->a[0].next = bs_all_but_ascii(&body.cs);
  }
}

/* The ASCII letters and digits as the two words of a CharSet. */
#define ALNUM0 ((uint64_t)0x3FF << '0')
#define ALNUM1                                                                 \
  (((uint64_t)0x3FFFFFF << ('A' - 64)) | ((uint64_t)0x3FFFFFF << ('a' - 64)))

static void lookbehind(Parser *p, Info *out, int negative) {
  Info body;
  parse_group_body(p, &body, -1);
  info_zero(out);
  if (!negative) {
    if (body.lb_ok) {
      out->a[0].prev = body.lb_prev;
    }
    out->r = body.r;
    for (int i = 0; i < out->r.n; ++i) {
      out->r.c[i].behind = 1;
    }
  } else if (body.single) {
    out->a[0].prev = bs_all_but_ascii(&body.cs);
    out->nlb_alnum = (body.cs.ascii[0] & ALNUM0) == ALNUM0 &&
                     (body.cs.ascii[1] & ALNUM1) == ALNUM1;
  }
}

/* (?Cn): a word-list reference succeeds only on an entry of its classes. */
static void callout(Parser *p, Info *out) {
  unsigned n = 0;
  int digits = 0;
  while (p->s < p->end && *p->s >= '0' && *p->s <= '9' && digits < 4) {
    n = n * 10 + (unsigned)(*p->s++ - '0');
    ++digits;
  }
  if (p->s >= p->end || *p->s != ')') {
    p->bad = 1; /* string callouts and the like */
    return;
  }
  ++p->s;
  info_zero(out);
  if (n >= 1 && (int)n <= p->rule->n_callouts && n < 256) {
    out->callout_mask = p->rule->callout_mask[n];
  }
  out->start_callout = n > NG_START_CALLOUTS;
  if (out->start_callout && p->rule->start_callouts &&
      (int)(n - NG_START_CALLOUTS) <= p->rule->n_callouts) {
    /* the engine's start callout fails where no entry of the reference's
     * classes starts, when the view's entries are known (engine.c) */
    out->a[0].cls = p->rule->callout_mask[n - NG_START_CALLOUTS];
  }
}

static void skip_name(Parser *p, char close) {
  while (p->s < p->end && *p->s != close) {
    ++p->s;
  }
  if (p->s >= p->end) {
    p->bad = 1;
    return;
  }
  ++p->s;
}

/* (?&NG_WORD_GROUP): the word of a word-list reference (rules.h), read
 * as if written out here; it runs under the options of its definition (no
 * (?i)).  Calls of any other group are recursion: bad. */
static void word_call(Parser *p, Info *out) {
  const char *name = p->s;
  skip_name(p, ')');
  if (p->bad || (size_t)(p->s - name) != strlen(NG_WORD_GROUP ")") ||
      strncmp(name, NG_WORD_GROUP ")", strlen(NG_WORD_GROUP ")"))) {
    p->bad = 1;
    return;
  }
  Parser word = *p;
  word.s = NG_WORD_PATTERN;
  word.end = word.s + strlen(word.s);
  word.caseless = 0;
  parse_alt(&word, out);
  if (word.s != word.end) {
    word.bad = 1;
  }
  p->bad |= word.bad;
  p->st = word.st;
  out->group = 1;
}

/* (?(DEFINE)...): groups defined for calls, matching nothing here.  Any
 * other conditional is bad. */
static void define_group(Parser *p, Info *out) {
  static const char define[] = "DEFINE)";
  if ((size_t)(p->end - p->s) < sizeof(define) - 1 ||
      strncmp(p->s, define, sizeof(define) - 1)) {
    p->bad = 1;
    return;
  }
  p->s += sizeof(define) - 1;
  Info body;
  parse_group_body(p, &body, -1);
  info_zero(out);
}

/* '(' ... ')': p->s at '('. */
static void parse_paren(Parser *p, Info *out) {
  const char *s = p->s;
  if (s + 1 >= p->end || s[1] == '*') {
    p->bad = 1; /* verbs such as (*SKIP) change where matches start */
    return;
  }
  if (s[1] != '?') {
    p->s += 1;
    parse_group_body(p, out, -1);
    out->capture = out->group = 1;
    return;
  }
  if (s + 2 >= p->end) {
    p->bad = 1;
    return;
  }
  char c = s[2];
  p->s += 3;
  switch (c) {
  case ':':
    parse_group_body(p, out, -1);
    out->group = 1;
    return;
  case '>':
    parse_group_body(p, out, -1);
    return;
  case '=':
    lookahead(p, out, 0);
    return;
  case '!':
    lookahead(p, out, 1);
    return;
  case 'C':
    callout(p, out);
    return;
  case '&':
    word_call(p, out);
    return;
  case '(':
    define_group(p, out);
    return;
  case '#':
    skip_name(p, ')');
    info_zero(out);
    return;
  case '<':
    if (p->s < p->end && (*p->s == '=' || *p->s == '!')) {
      int negative = *p->s == '!';
      ++p->s;
      lookbehind(p, out, negative);
      return;
    }
    skip_name(p, '>');
    parse_group_body(p, out, -1);
    out->capture = 1;
    return;
  case '\'':
    skip_name(p, '\'');
    parse_group_body(p, out, -1);
    out->capture = 1;
    return;
  case 'P':
    if (p->s < p->end && *p->s == '<') {
      ++p->s;
      skip_name(p, '>');
      parse_group_body(p, out, -1);
      out->capture = 1;
      return;
    }
    p->bad = 1;
    return;
  default:
    break;
  }
  /* options: (?i) (?-i) (?i:...) */
  p->s -= 1;
  int on = 1, caseless = -1;
  while (p->s < p->end && *p->s != ')' && *p->s != ':') {
    if (*p->s == '-') {
      on = 0;
    } else if (*p->s == 'i') {
      caseless = on;
    } else {
      p->bad = 1; /* other options change more than case */
      return;
    }
    ++p->s;
  }
  if (p->s >= p->end) {
    p->bad = 1;
    return;
  }
  if (*p->s == ')') {
    ++p->s;
    if (caseless >= 0) {
      p->caseless = caseless; /* to the end of the enclosing group */
    }
    info_zero(out);
    return;
  }
  ++p->s;
  parse_group_body(p, out, caseless);
}

/* A backslash sequence outside a class: p->s at '\'. */
static void parse_escape(Parser *p, Info *out) {
  ++p->s;
  if (p->s >= p->end) {
    p->bad = 1;
    return;
  }
  char c = *p->s++;
  CharSet cs;
  if (escape_class(c, &cs)) {
    info_char(out, &cs);
    return;
  }
  switch (c) {
  case 'p':
  case 'P':
    parse_property(p, c == 'P', &cs);
    info_char(out, &cs);
    return;
  case 'b':
  case 'B':
  case 'z':
  case 'Z':
    info_zero(out);
    return;
  case 'A':
    info_zero(out);
    out->a[0].prev = bs_none();
    bs_add(&out->a[0].prev, NG_BYTESET_EDGE);
    out->bos = 1;
    return;
  case 'x':
    info_literal(p, out, parse_hex(p));
    return;
  case 'n':
    info_literal(p, out, '\n');
    return;
  case 't':
    info_literal(p, out, '\t');
    return;
  case 'r':
    info_literal(p, out, '\r');
    return;
  case 'f':
    info_literal(p, out, '\f');
    return;
  case 'e':
    info_literal(p, out, 0x1B);
    return;
  case 'a':
    info_literal(p, out, 7);
    return;
  default:
    break;
  }
  if ((c >= '0' && c <= '9') || is_ascii_letter((unsigned char)c)) {
    p->bad = 1; /* back references, \K, \G, \Q, \R, \X, ... */
    return;
  }
  if ((unsigned char)c >= 0x80) {
    p->s -= 1;
    info_literal(p, out, next_cp(p));
    return;
  }
  info_literal(p, out, (unsigned char)c);
}

static void parse_atom(Parser *p, Info *out) {
  info_zero(out);
  switch (*p->s) {
  case '(':
    parse_paren(p, out);
    return;
  case '[':
    parse_class(p, out);
    return;
  case '\\':
    parse_escape(p, out);
    return;
  case '.': {
    CharSet cs;
    memset(&cs, 0, sizeof(cs));
    cs_add_range(&cs, 0, 127, 0);
    cs.ascii[0] &= ~((uint64_t)1 << '\n');
    cs.nonascii = 1;
    cs.pua = 1;
    ++p->s;
    info_char(out, &cs);
    return;
  }
  case '^':
    ++p->s;
    out->a[0].prev = bs_none();
    bs_add(&out->a[0].prev, NG_BYTESET_EDGE);
    out->bos = 1;
    return;
  case '$':
    ++p->s;
    return;
  case '*':
  case '+':
  case '?':
    p->bad = 1;
    return;
  default:
    info_literal(p, out, next_cp(p));
    return;
  }
}

/* A quantifier at p->s: returns 1 and its bounds (max -1: none). */
static int parse_quantifier(Parser *p, long *min, long *max) {
  if (p->s >= p->end) {
    return 0;
  }
  char c = *p->s;
  if (c == '*' || c == '+' || c == '?') {
    *min = c == '+';
    *max = c == '?' ? 1 : -1;
    ++p->s;
  } else if (c == '{') {
    const char *q = p->s + 1;
    long lo = 0, hi;
    int digits = 0;
    while (q < p->end && *q >= '0' && *q <= '9') {
      lo = lo * 10 + (*q++ - '0');
      ++digits;
    }
    if (!digits || q >= p->end) {
      return 0; /* "{" that is no quantifier is a literal */
    }
    hi = lo;
    if (*q == ',') {
      ++q;
      hi = -1;
      if (q < p->end && *q >= '0' && *q <= '9') {
        hi = 0;
        while (q < p->end && *q >= '0' && *q <= '9') {
          hi = hi * 10 + (*q++ - '0');
        }
      }
    }
    if (q >= p->end || *q != '}') {
      return 0;
    }
    p->s = q + 1;
    *min = lo;
    *max = hi;
  } else {
    return 0;
  }
  if (p->s < p->end && (*p->s == '?' || *p->s == '+')) {
    ++p->s; /* lazy or possessive: the same set of possible matches' starts */
  }
  return 1;
}

static void parse_item(Parser *p, Info *out) {
  parse_atom(p, out);
  long min, max;
  while (!p->bad && parse_quantifier(p, &min, &max)) {
    if (min == 1 && max == 1) {
      continue;
    }
    out->lit = 0;
    out->fold = 0;
    out->bos = 0;
    out->lb_ok = 0;
    out->capture = 0; /* a callout after it may see an earlier group */
    out->group = 0;
    for (int k = 0; out->needs && k < NG_NEED_SYMS; ++k) {
      out->need[k] = need_times(out->need[k], min);
    }
    out->needs &= min > 0;
    if (!(out->single && cs_only_space(&out->cs))) {
      /* a repeated space (\s*, as token patterns write the gap between
       * two tokens) is still one run of spaces, whatever its length */
      out->cons_ws = ws_times(out->cons_ws, max);
    }
    if (min == 0) {
      Alt none;
      none.prev = bs_all();
      none.next = bs_all();
      none.cls = NG_START_ANY_CLASS;
      none.empty = 1;
      Alt list[MAX_ALTS + 1];
      int n = 0;
      for (int i = 0; i < out->n_alts; ++i) {
        alts_push(list, &n, MAX_ALTS + 1, &out->a[i]);
      }
      alts_push(list, &n, MAX_ALTS + 1, &none);
      alts_set(out, list, n);
      out->r.n = 0;
      out->single = 0;
      out->callout_mask = 0;
      out->has_gap = 0;
    } else {
      out->single = out->single && max == 1 && min == 1;
    }
  }
}

/* A byte that is a literal of its own: ASCII punctuation but the common
 * ',', '.' and '-' (a sentence without "(" or ";" skips the rules that
 * need one, and an anchor there restricts where they start). */
static int rare_byte(unsigned char c) {
  return c > ' ' && c < 0x7F && !isalnum(c) && c != ',' && c != '.' && c != '-';
}

/* The literal run[0..*len) (that starts after items that may consume
 * before) is required: a clause, and the sequence's anchor if it has
 * none yet. */
static void flush_run(Parser *p, Info *seq, char *run, size_t *len, int folded,
                      const CharSet *before, uint32_t before_ws) {
  if (*len >= MIN_LIT_BYTES ||
      (*len == 1 && !folded && rare_byte((unsigned char)run[0]))) {
    uint32_t id;
    for (size_t i = 0; folded && i < *len; ++i) {
      if (run[i] >= 'A' && run[i] <= 'Z') {
        run[i] |= 0x20; /* a run with a caseless letter is all caseless */
      }
    }
    NgStatus st = atoms_add(p->atoms, run, *len, folded, &id);
    if (st) {
      p->st = st;
      p->bad = 1;
    } else {
      Clause c;
      memset(&c, 0, sizeof(c));
      c.n_lits = 1;
      c.lits[0] = id;
      cnf_add(&seq->r, &c);
      if (!seq->has_gap) {
        seq->has_gap = 1;
        seq->gap_clause = c;
        seq->gap = *before;
        seq->gap_ws = before_ws;
        seq->gap_first = bs_all();
      }
    }
  }
  *len = 0;
}

/* Items up to '|' or ')' or the end. */
static void parse_seq(Parser *p, Info *out) {
  info_zero(out);
  char run[MAX_LIT_BYTES + 4];
  size_t run_len = 0;
  int run_folded = 0; /* the run holds a caseless letter */
  int consuming = 0, zeros = 0, last_single = 0, last_bos = 0;
  /* the last item is a capture group; the one before it, and the last
   * one, a word-start lookbehind */
  int p1_capture = 0, p1_group = 0, p1_nlb = 0, p2_nlb = 0, p3_nlb = 0;
  int p1_start = 0, p2_start = 0;
  /* the bytes the current position may start with, by the zero-width
   * items since the last item that consumes (a lookahead (?=\p{Lu})),
   * and the same before the last item */
  NgByteSet here = bs_all(), here_p1 = bs_all();
  CharSet last_cs;
  memset(&last_cs, 0, sizeof(last_cs));
  /* what the items so far may consume, and what those before the last
   * one and before the current literal run may */
  CharSet before, before_last, before_run;
  memset(&before, 0, sizeof(before));
  before_last = before_run = before;
  uint32_t before_ws = 0, before_last_ws = 0, before_run_ws = 0;
  while (!p->bad && p->s < p->end && *p->s != '|' && *p->s != ')') {
    Info it;
    parse_item(p, &it);
    if (p->bad) {
      return;
    }
    if ((it.lit || it.fold) && run_len + 4 <= MAX_LIT_BYTES) {
      if (!run_len) {
        before_run = before;
        before_run_ws = before_ws;
        run_folded = 0;
      }
      run_folded |= it.fold;
      run_len += ng_utf8_encode(it.cp, run + run_len);
    } else {
      flush_run(p, out, run, &run_len, run_folded, &before_run, before_run_ws);
      if (it.lit || it.fold) {
        before_run = before;
        before_run_ws = before_ws;
        run_folded = it.fold;
        run_len = ng_utf8_encode(it.cp, run);
      }
    }
    seq_starts(out, &it);
    cnf_and(&out->r, &it.r);
    if (it.needs && !out->needs) {
      memcpy(out->need, it.need, sizeof(out->need));
      out->needs = 1;
    } else if (it.needs) {
      for (int k = 0; k < NG_NEED_SYMS; ++k) {
        out->need[k] = need_add(out->need[k], it.need[k]);
      }
    }
    if (!out->has_gap && it.has_gap) {
      out->has_gap = 1;
      out->gap_clause = it.gap_clause;
      out->gap = before;
      cs_union(&out->gap, &it.gap);
      out->gap_ws = ws_add(before_ws, it.gap_ws);
      out->gap_first = it.gap_first;
    }
    if (it.callout_mask) {
      /* rules.c writes a word-list reference as (?<![\p{L}\p{N}])(...)(?Cn),
       * or with a start callout as (?<![\p{L}\p{N}])(?Cs)(?:...)(?Cn) (the
       * span then starts at the start callout: engine.c): its span starts
       * at a word start, where the presence scan looks; a callout of any
       * other shape may look anywhere */
      Clause c;
      memset(&c, 0, sizeof(c));
      if ((p1_capture && p2_nlb) ||
          (p->rule->start_callouts && p1_group && p2_start && p3_nlb)) {
        c.classes = it.callout_mask;
        if (!out->has_gap) {
          /* the entry starts where the capture group before it does */
          out->has_gap = 1;
          out->gap_clause = c;
          out->gap = before_last;
          out->gap_ws = before_last_ws;
          /* and with the bytes the zero-width items before it allow (the
           * word-start lookbehind and the start callout among them) */
          out->gap_first = here_p1;
        }
      } else {
        c.classes_any = it.callout_mask;
      }
      cnf_add(&out->r, &c);
    }
    p3_nlb = p2_nlb;
    p2_nlb = p1_nlb;
    p1_nlb = it.nlb_alnum;
    p2_start = p1_start;
    p1_start = it.start_callout;
    here_p1 = here;
    if (it.zero) {
      NgByteSet next = bs_none();
      for (int i = 0; i < it.n_alts; ++i) {
        bs_or(&next, &it.a[i].next);
      }
      here = bs_and(&here, &next);
    } else {
      here = bs_all();
    }
    p1_capture = it.capture;
    p1_group = it.group;
    before_last = before;
    before_last_ws = before_ws;
    cs_union(&before, &it.cons);
    before_ws = ws_add(before_ws, it.cons_ws);
    if (it.zero) {
      ++zeros;
      last_bos = it.bos;
    } else {
      ++consuming;
      last_single = it.single;
      last_cs = it.cs;
    }
  }
  flush_run(p, out, run, &run_len, run_folded, &before_run, before_run_ws);
  out->cons = before;
  out->cons_ws = before_ws;
  out->zero = consuming == 0;
  out->single = consuming == 1 && zeros == 0 && last_single;
  out->cs = last_cs;
  out->bos = consuming == 0 && zeros == 1 && last_bos;
  out->lit = 0;
  /* inside a lookbehind, only the last character touches the position */
  out->lb_ok = (consuming && last_single) || out->bos;
  out->lb_prev = bs_none();
  if (consuming && last_single) {
    out->lb_prev = cs_last_bytes(&last_cs);
  } else if (out->bos) {
    bs_add(&out->lb_prev, NG_BYTESET_EDGE);
  }
}

static void parse_alt(Parser *p, Info *out) {
  parse_seq(p, out);
  while (!p->bad && p->s < p->end && *p->s == '|') {
    ++p->s;
    Info b;
    parse_seq(p, &b);
    if (p->bad) {
      return;
    }
    Alt list[2 * MAX_ALTS];
    int n = 0;
    for (int i = 0; i < out->n_alts; ++i) {
      alts_push(list, &n, 2 * MAX_ALTS, &out->a[i]);
    }
    for (int i = 0; i < b.n_alts; ++i) {
      alts_push(list, &n, 2 * MAX_ALTS, &b.a[i]);
    }
    alts_set(out, list, n);
    cnf_or(&out->r, &b.r);
    out->needs &= b.needs;
    for (int k = 0; out->needs && k < NG_NEED_SYMS; ++k) {
      out->need[k] = out->need[k] < b.need[k] ? out->need[k] : b.need[k];
    }
    cs_union(&out->cons, &b.cons);
    out->cons_ws = out->cons_ws > b.cons_ws ? out->cons_ws : b.cons_ws;
    if (out->has_gap && b.has_gap) {
      out->gap_ws = out->gap_ws > b.gap_ws ? out->gap_ws : b.gap_ws;
      /* (a branch whose clause has no classes has no class occurrence) */
      if (!out->gap_clause.classes) {
        out->gap_first = b.gap_first;
      } else if (b.gap_clause.classes) {
        bs_or(&out->gap_first, &b.gap_first);
      }
      int overflow = 0;
      Clause *c = &out->gap_clause;
      c->classes |= b.gap_clause.classes;
      c->classes_any |= b.gap_clause.classes_any;
      c->mentions |= b.gap_clause.mentions;
      for (int k = 0; k < b.gap_clause.n_lits && !overflow; ++k) {
        lits_insert(c, b.gap_clause.lits[k], &overflow);
      }
      cs_union(&out->gap, &b.gap);
      out->has_gap = !overflow;
    } else {
      out->has_gap = 0;
    }
    out->zero = out->zero && b.zero;
    out->single = out->single && b.single;
    cs_union(&out->cs, &b.cs);
    out->lb_ok = out->lb_ok && b.lb_ok;
    bs_or(&out->lb_prev, &b.lb_prev);
    out->bos = 0;
    out->lit = 0;
  }
}

/* ------------------------------------------------------------- result */

/* ------------------------------------------------------- leading gaps
 *
 * A pattern that opens with one unbounded repetition of a class of
 * characters, "(?<a>[^;:]+?) (were|was) present ...", matches from p
 * whenever it matches from a later p' with every character of [p, p') in
 * the class: the gap then takes [p, p') as well, and the rest of the
 * match is the same path from the same position (lookbehinds, \b and the
 * callouts see absolute positions; no backreference, \G, recursion,
 * conditional or backtracking verb is allowed to see where the match
 * began).  So once an anchored attempt at p fails, so does every start
 * up to the first character the class refuses (NgPrefilter.lead_stop),
 * and the engine skips them: a rule that would otherwise scan the rest
 * of the sentence from every start costs one scan per run of the class.
 *
 * The form is read conservatively from the pattern's text: groups opened
 * one after another (no alternation beside the gap in any of them, no
 * quantifier on any), then a negated class of ASCII punctuation and
 * spaces, then "+", "*", "+?" or "*?".  Anything else is no leading
 * gap. */

/* After "(?<" at s: the end of "name>", or NULL. */
static const char *skip_group_name(const char *s) {
  if (!(isalpha((unsigned char)*s) || *s == '_')) {
    return NULL;
  }
  while (isalnum((unsigned char)*s) || *s == '_') {
    ++s;
  }
  return *s == '>' ? s + 1 : NULL;
}

/* The end of the character class opening at s ("[" ...), or NULL. */
static const char *skip_class(const char *s) {
  ++s;
  if (*s == '^') {
    ++s;
  }
  if (*s == ']') {
    ++s; /* a leading ] is a member */
  }
  while (*s && *s != ']') {
    if (*s == '\\') {
      if (!s[1]) {
        return NULL;
      }
      s += 2;
    } else if (s[0] == '[' && s[1] == ':') {
      const char *e = strstr(s + 2, ":]");
      if (!e) {
        return NULL;
      }
      s = e + 2;
    } else {
      ++s;
    }
  }
  return *s ? s + 1 : NULL;
}

/* Whether the rest of the pattern (from s, inside depth groups of which
 * the outer `open` ones enclose the gap) keeps the leading gap's
 * argument: no alternation and no quantifier at those groups, and no
 * construct that may see where the match started. */
static int lead_rest_ok(const char *s, int open) {
  int depth = open;
  while (*s) {
    char c = *s;
    if (c == '\\') {
      char n = s[1];
      if (!n || n == 'G' || n == 'K' || n == 'k' || n == 'g' || n == 'Q' ||
          n == 'A' || (n >= '0' && n <= '9')) {
        return 0; /* references, \G, \K, \A and quoting are not read here */
      }
      s += 2;
      if ((n == 'x' || n == 'p' || n == 'P' || n == 'N' || n == 'o') &&
          *s == '{') {
        const char *e = strchr(s, '}');
        if (!e) {
          return 0;
        }
        s = e + 1;
      }
    } else if (c == '[') {
      if (!(s = skip_class(s))) {
        return 0;
      }
    } else if (c == '(') {
      if (s[1] == '*') {
        return 0; /* verbs change backtracking */
      }
      if (s[1] == '?') {
        char n = s[2];
        if (n == '#') {
          const char *e = strchr(s, ')');
          if (!e) {
            return 0;
          }
          s = e + 1;
          continue;
        }
        if (n == '&' && !strncmp(s + 3, NG_WORD_GROUP ")",
                                 strlen(NG_WORD_GROUP ")"))) {
          /* the word of a word-list reference (rules.h) sees only the
           * characters it matches */
          s += 3 + strlen(NG_WORD_GROUP ")");
          continue;
        }
        if (n == '(' && !strncmp(s + 3, "DEFINE)", 7)) {
          /* the groups it defines match nothing where they stand; the
           * condition's parenthesis closes after "DEFINE" */
          depth += 2;
          s += 3;
          continue;
        }
        if (n == '(' || n == 'R' || n == '&' || n == 'P' || n == '+' ||
            (n >= '0' && n <= '9') ||
            (n == '-' && s[3] >= '0' && s[3] <= '9')) {
          return 0; /* conditionals, recursion, named references */
        }
        if (n == 'C' && !(s[3] >= '0' && s[3] <= '9')) {
          return 0; /* a callout string may hold parentheses */
        }
        if (isalpha((unsigned char)n) || n == '-' || n == '^') {
          /* option settings: extended syntax would change what the
           * characters after it mean */
          for (const char *o = s + 2; *o && *o != ')' && *o != ':'; ++o) {
            if (*o == 'x') {
              return 0;
            }
          }
        }
      }
      ++depth;
      ++s;
    } else if (c == ')') {
      if (--depth < 0) {
        return 0;
      }
      ++s;
      if (depth < open) {
        /* a group around the gap closes: it must be taken exactly once */
        if (*s == '?' || *s == '*' || *s == '+' || *s == '{') {
          return 0;
        }
        open = depth;
      }
    } else if (c == '|') {
      if (depth <= open) {
        return 0; /* an alternative to the gap's branch */
      }
      ++s;
    } else {
      ++s;
    }
  }
  return depth == 0;
}

/* Whether pattern opens with a leading gap (see above); *stop receives
 * the bytes its class refuses. */
static int lead_gap(const char *pattern, NgByteSet *stop) {
  const char *s = pattern;
  int open = 0;
  for (;;) {
    if (s[0] == '(' && s[1] == '?' && s[2] == ':') {
      s += 3;
    } else if (s[0] == '(' && s[1] == '?' && s[2] == '<' && s[3] != '=' &&
               s[3] != '!') {
      if (!(s = skip_group_name(s + 3))) {
        return 0;
      }
    } else {
      break;
    }
    ++open;
  }
  if (s[0] != '[' || s[1] != '^') {
    return 0;
  }
  *stop = bs_none();
  s += 2;
  do {
    unsigned char c = (unsigned char)*s;
    /* ASCII punctuation and the space only: no escapes, ranges, letters
     * (case folding) or nested classes to interpret */
    if (c < 0x20 || c > 0x7E || isalnum(c) || c == '\\' || c == '[' ||
        c == ']' || c == '-' || c == '^') {
      return 0;
    }
    bs_add(stop, c);
    ++s;
  } while (*s != ']');
  ++s;
  if (*s != '+' && *s != '*') {
    return 0;
  }
  ++s;
  if (*s == '?') {
    ++s;
  } else if (*s == '+' || *s == '{') {
    return 0; /* possessive: not read here */
  }
  return lead_rest_ok(s, open);
}

NgStatus ng_prefilter_analyse(NgAtoms *atoms, const NgRule *rule,
                              NgPrefilter **out) {
  *out = NULL;
  NgPrefilter *pre = calloc(1, sizeof(*pre));
  Info *in = malloc(sizeof(*in));
  if (!pre || !in) {
    free(pre);
    free(in);
    return NG_ERR_NOMEM;
  }
  Parser p = {rule->expanded,
              rule->expanded + strlen(rule->expanded),
              0,
              0,
              NG_SUCCESS,
              atoms,
              rule};
  parse_alt(&p, in);
  if (p.st) {
    free(in);
    free(pre);
    return p.st;
  }
  if (p.bad || p.s != p.end) {
    free(in);
    *out = pre; /* analysed == 0 */
    return NG_SUCCESS;
  }
  pre->analysed = 1;
  pre->n_starts = (size_t)in->n_alts;
  pre->starts = calloc(pre->n_starts + 1, sizeof(NgStartAlt));
  pre->clauses = calloc((size_t)in->r.n + 1, sizeof(NgClause));
  size_t n_lits = (size_t)in->gap_clause.n_lits;
  for (int i = 0; i < in->r.n; ++i) {
    n_lits += (size_t)in->r.c[i].n_lits;
  }
  pre->lits = calloc(n_lits + 1, sizeof(uint32_t));
  if (!pre->starts || !pre->clauses || !pre->lits) {
    free(in);
    ng_prefilter_free(pre);
    return NG_ERR_NOMEM;
  }
  NgByteSet all = bs_all();
  int anywhere = 0;
  for (int i = 0; i < in->n_alts; ++i) {
    pre->starts[i].prev = in->a[i].prev;
    pre->starts[i].next = in->a[i].next;
    pre->starts[i].classes = in->a[i].cls;
    pre->start_classes |= in->a[i].cls != NG_START_ANY_CLASS;
    anywhere |= bs_equal(&in->a[i].prev, &all) &&
                bs_equal(&in->a[i].next, &all) &&
                in->a[i].cls == NG_START_ANY_CLASS;
    for (unsigned b = 0; b <= NG_BYTESET_EDGE; ++b) {
      if (ng_byteset_has(&in->a[i].prev, b)) {
        pre->prev_alts[b] |= (uint16_t)(1u << i);
      }
      if (ng_byteset_has(&in->a[i].next, b)) {
        pre->next_alts[b] |= (uint16_t)(1u << i);
      }
    }
  }
  pre->anchorable = !anywhere;
  for (int i = 0; i < in->r.n; ++i) {
    const Clause *c = &in->r.c[i];
    NgClause *d = &pre->clauses[pre->n_clauses++];
    d->classes = c->classes;
    d->classes_any = c->classes_any;
    pre->needs_any |= c->classes_any != 0;
    d->mentions = c->mentions;
    d->behind = c->behind;
    d->first_lit = (uint32_t)pre->n_lits;
    d->n_lits = (uint32_t)c->n_lits;
    for (int k = 0; k < c->n_lits; ++k) {
      pre->lits[pre->n_lits++] = c->lits[k];
    }
  }
  if (in->has_gap && !in->gap_clause.classes_any) {
    const Clause *c = &in->gap_clause;
    pre->has_gap = 1;
    pre->gap.classes = c->classes;
    pre->gap.mentions = c->mentions;
    pre->gap.first_lit = (uint32_t)pre->n_lits;
    pre->gap.n_lits = (uint32_t)c->n_lits;
    for (int k = 0; k < c->n_lits; ++k) {
      pre->lits[pre->n_lits++] = c->lits[k]; /* sorted */
    }
    pre->gap_ascii[0] = in->gap.ascii[0];
    pre->gap_ascii[1] = in->gap.ascii[1];
    pre->gap_nonascii = in->gap.nonascii;
    pre->gap_pua = in->gap.pua;
    pre->gap_ws = in->gap_ws;
    pre->gap_first = in->gap_first;
  }
  pre->has_lead_gap = lead_gap(rule->expanded, &pre->lead_stop);
  for (int k = 0; in->needs && k < NG_NEED_SYMS; ++k) {
    pre->need[k] = in->need[k];
    pre->has_need |= in->need[k] != 0;
  }
  free(in);
  *out = pre;
  return NG_SUCCESS;
}

void ng_prefilter_free(NgPrefilter *pre) {
  if (!pre) {
    return;
  }
  free(pre->starts);
  free(pre->clauses);
  free(pre->lits);
  free(pre->gap_lit_set);
  free(pre);
}

int ng_prefilter_met(const NgPrefilter *pre, const uint64_t *lits,
                     uint64_t classes, uint64_t classes_any,
                     uint32_t mentions) {
  for (size_t i = 0; i < pre->n_clauses; ++i) {
    const NgClause *c = &pre->clauses[i];
    if ((c->classes & classes) || (c->classes_any & classes_any) ||
        (c->mentions & mentions)) {
      continue;
    }
    size_t k = 0;
    for (; k < c->n_lits; ++k) {
      uint32_t id = pre->lits[c->first_lit + k];
      if ((lits[id >> 6] >> (id & 63)) & 1) {
        break;
      }
    }
    if (k == c->n_lits) {
      return 0;
    }
  }
  return 1;
}

/* Whether the anchors of a and b lie in the same places of any text. */
static int same_gap(const NgPrefilter *a, const NgPrefilter *b) {
  return a->gap.classes == b->gap.classes &&
         a->gap.mentions == b->gap.mentions &&
         a->gap.n_lits == b->gap.n_lits &&
         !memcmp(a->lits + a->gap.first_lit, b->lits + b->gap.first_lit,
                 a->gap.n_lits * sizeof(uint32_t)) &&
         a->gap_ascii[0] == b->gap_ascii[0] &&
         a->gap_ascii[1] == b->gap_ascii[1] &&
         a->gap_nonascii == b->gap_nonascii && a->gap_pua == b->gap_pua &&
         a->gap_ws == b->gap_ws && bs_equal(&a->gap_first, &b->gap_first);
}

/* The pcre2 compile options the analysis reads patterns under. */
#define ANALYSED_OPTIONS (PCRE2_UTF | PCRE2_UCP | PCRE2_DUPNAMES)

/* Gives rule r its plain (unanchored) code, compiled with options. */
static NgStatus compile_plain(NgRule *r, uint32_t options) {
  int code;
  PCRE2_SIZE offset;
  r->code = pcre2_compile((PCRE2_SPTR)r->expanded, PCRE2_ZERO_TERMINATED,
                          options & ~(uint32_t)PCRE2_ANCHORED, &code, &offset,
                          NULL);
  /* (cannot fail: the same pattern compiled anchored) */
  return r->code ? NG_SUCCESS : NG_ERR_SYNTAX;
}

NgStatus ng_prefilter_prepare(NgRuleset *rs) {
  NgStatus st;
  if (!rs->atoms) {
    TRY(st, ng_atoms_new(&rs->atoms));
  }
  const char *no_jit = getenv("NEWSGRAPH_NO_JIT");
  /* verification runs the plain code of anchored rules too, and must run
   * it as an ordinary extraction would (the JIT's match limit) */
  const char *verify = getenv("NEWSGRAPH_VERIFY_PREFILTER");
  int jit_all = verify && *verify && strcmp(verify, "0");
  for (size_t i = 0; i < rs->n_rules; ++i) {
    /* the loader compiled the anchored code only (rules.c): a rule that
     * cannot run anchored gets its plain code here instead, one that can
     * gets it only for verification */
    NgRule *r = &rs->rules[i];
    uint32_t options = 0;
    if (!r->anchored) {
      continue; /* (not compiled: the load has failed) */
    }
    if (!r->expanded ||
        pcre2_pattern_info(r->anchored, PCRE2_INFO_ARGOPTIONS, &options) ||
        options != (ANALYSED_OPTIONS | PCRE2_ANCHORED)) {
      TRY(st, compile_plain(r, options));
      pcre2_code_free(r->anchored);
      r->anchored = NULL;
      ng_rule_jit(r);
      continue; /* read under other options: left as a plain scan */
    }
    st = ng_prefilter_analyse(rs->atoms, r, &r->pre);
    int anchorable = !st && r->pre->anchorable;
    if (!anchorable || jit_all) {
      NgStatus plain = compile_plain(r, options);
      if (plain) {
        return plain;
      }
      ng_rule_jit(r);
    }
    TRY(st, st);
    if (!anchorable) {
      pcre2_code_free(r->anchored);
      r->anchored = NULL;
      continue;
    }
    if (!(no_jit && *no_jit)) {
      r->jit_anchored = 1; /* compiled on first use (ng_rule_ready) */
    }
  }
  TRY(st, ng_atoms_build(rs->atoms));
  /* the literal ids are final now */
  size_t words = ng_atoms_words(rs->atoms);
  uint32_t gap_ids = 0;
  for (size_t i = 0; i < rs->n_rules; ++i) {
    NgPrefilter *pre = rs->rules[i].pre;
    if (!pre || !pre->has_gap) {
      continue;
    }
    for (size_t j = 0; j < i && !pre->gap_id; ++j) {
      const NgPrefilter *q = rs->rules[j].pre;
      if (q && q->has_gap && same_gap(pre, q)) {
        pre->gap_id = q->gap_id;
      }
    }
    if (!pre->gap_id) {
      pre->gap_id = ++gap_ids;
    }
    if (!pre->gap.n_lits) {
      continue;
    }
    pre->gap_lit_set = calloc(words, sizeof(uint64_t));
    if (!pre->gap_lit_set) {
      return NG_ERR_NOMEM;
    }
    for (uint32_t k = 0; k < pre->gap.n_lits; ++k) {
      uint32_t id = pre->lits[pre->gap.first_lit + k];
      pre->gap_lit_set[id >> 6] |= (uint64_t)1 << (id & 63);
    }
  }
  return NG_SUCCESS;
}
#include <stdio.h>
void ng_atoms_stats(const NgAtoms *a);
void ng_atoms_stats(const NgAtoms *a) {
  fprintf(stderr, "atoms %zu states %zu classes %zu\n", a->n, a->exact.n_states,
          a->exact.n_classes);
}
