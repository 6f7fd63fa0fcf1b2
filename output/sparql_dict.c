/*
 * sparql_dict.c: the term dictionary and the quad index of the embedded
 * SPARQL engine.  Terms are interned once and compared as integers; the
 * quads are kept in sorted copies (one per index order a pattern needs,
 * built on first use), so that every triple pattern is a binary search
 * followed by a scan of exactly the matching rows.
 */
#define _POSIX_C_SOURCE 200809L
#include "output/sparql.h"

#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define XSD "http://www.w3.org/2001/XMLSchema#"

double ng_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ------------------------------------------------------------- arena */

/* Strings live in large chunks freed together with the dictionary. */
typedef struct Chunk {
  struct Chunk *next;
  size_t used, cap;
  char data[];
} Chunk;

#define CHUNK_SIZE (256 * 1024)

static char *arena_copy(Chunk **head, const char *s, size_t n) {
  Chunk *c = *head;
  if (!c || c->cap - c->used < n + 1) {
    size_t cap = n + 1 > CHUNK_SIZE ? n + 1 : CHUNK_SIZE;
    Chunk *nc = malloc(sizeof(Chunk) + cap);
    if (!nc) {
      return NULL;
    }
    nc->next = c;
    nc->used = 0;
    nc->cap = cap;
    *head = c = nc;
  }
  char *p = c->data + c->used;
  memcpy(p, s, n);
  p[n] = '\0';
  c->used += n + 1;
  return p;
}

/* ------------------------------------------------------------- dict */

struct NgDict {
  NgTerm *terms; /* terms[0] unused */
  size_t n, cap;
  uint32_t *table; /* open addressing: term ids, 0 empty */
  size_t table_cap;
  Chunk *chunks;
  NgTermId xsd[NG_XSD_COUNT];
};

static const char *const xsd_iris[NG_XSD_COUNT] = {
    XSD "string",
    XSD "integer",
    XSD "decimal",
    XSD "double",
    XSD "float",
    XSD "boolean",
    XSD "dateTime",
    XSD "date",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"};

static const char *const integer_types[] = {"integer",
                                            "int",
                                            "long",
                                            "short",
                                            "byte",
                                            "nonNegativeInteger",
                                            "positiveInteger",
                                            "nonPositiveInteger",
                                            "negativeInteger",
                                            "unsignedInt",
                                            "unsignedLong",
                                            "unsignedShort",
                                            "unsignedByte"};

static uint64_t hash_bytes(uint64_t h, const char *s, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  }
  return h;
}

static uint64_t term_hash(NgTermKind kind, const char *lex, size_t len,
                          NgTermId dt, const char *lang) {
  uint64_t h = 14695981039346656037ULL ^ (uint64_t)kind;
  h = hash_bytes(h, lex, len);
  h = (h ^ dt) * 1099511628211ULL;
  if (lang) {
    h = hash_bytes(h ^ 0xff, lang, strlen(lang));
  }
  return h;
}

static int lang_equal(const char *stored, const char *lang) {
  if (!stored || !lang) {
    return !stored && !lang;
  }
  for (; *stored && *lang; ++stored, ++lang) {
    if (*stored != tolower((unsigned char)*lang)) {
      return 0;
    }
  }
  return !*stored && !*lang;
}

static NgStatus table_grow(NgDict *d) {
  size_t cap = d->table_cap ? d->table_cap * 2 : 1024;
  uint32_t *t = calloc(cap, sizeof(uint32_t));
  if (!t) {
    return NG_ERR_NOMEM;
  }
  for (size_t id = 1; id < d->n; ++id) {
    const NgTerm *x = &d->terms[id];
    size_t i = term_hash(x->kind, x->lex, x->len, x->dt, x->lang) & (cap - 1);
    while (t[i]) {
      i = (i + 1) & (cap - 1);
    }
    t[i] = (uint32_t)id;
  }
  free(d->table);
  d->table = t;
  d->table_cap = cap;
  return NG_SUCCESS;
}

/* The number parsers: whole lexical form, XSD syntax, no locale. */
static int parse_integer(const char *s, int64_t *out, double *num) {
  const char *p = s;
  if (*p == '+' || *p == '-') {
    ++p;
  }
  if (!isdigit((unsigned char)*p)) {
    return 0;
  }
  while (isdigit((unsigned char)*p)) {
    ++p;
  }
  if (*p) {
    return 0;
  }
  errno = 0;
  long long v = strtoll(s, NULL, 10);
  *out = errno ? (v < 0 ? INT64_MIN : INT64_MAX) : (int64_t)v;
  *num = strtod(s, NULL);
  return 1;
}

static int parse_decimal(const char *s, double *num) {
  const char *p = s;
  int digits = 0;
  if (*p == '+' || *p == '-') {
    ++p;
  }
  while (isdigit((unsigned char)*p)) {
    ++p, ++digits;
  }
  if (*p == '.') {
    ++p;
    while (isdigit((unsigned char)*p)) {
      ++p, ++digits;
    }
  }
  if (*p || !digits) {
    return 0;
  }
  *num = strtod(s, NULL);
  return 1;
}

static int parse_double(const char *s, double *num) {
  if (!strcmp(s, "INF") || !strcmp(s, "+INF")) {
    *num = INFINITY;
    return 1;
  }
  if (!strcmp(s, "-INF")) {
    *num = -INFINITY;
    return 1;
  }
  if (!strcmp(s, "NaN")) {
    *num = NAN;
    return 1;
  }
  const char *p = s;
  int digits = 0;
  if (*p == '+' || *p == '-') {
    ++p;
  }
  while (isdigit((unsigned char)*p)) {
    ++p, ++digits;
  }
  if (*p == '.') {
    ++p;
    while (isdigit((unsigned char)*p)) {
      ++p, ++digits;
    }
  }
  if (!digits) {
    return 0;
  }
  if (*p == 'e' || *p == 'E') {
    ++p;
    if (*p == '+' || *p == '-') {
      ++p;
    }
    if (!isdigit((unsigned char)*p)) {
      return 0;
    }
    while (isdigit((unsigned char)*p)) {
      ++p;
    }
  }
  if (*p) {
    return 0;
  }
  *num = strtod(s, NULL);
  return 1;
}

static int n_digits(const char *s, int n) {
  for (int i = 0; i < n; ++i) {
    if (!isdigit((unsigned char)s[i])) {
      return 0;
    }
  }
  return 1;
}

/* YYYY-MM-DD with an optional timezone; *rest is where the date ends. */
static int parse_date_part(const char *s, const char **rest) {
  const char *p = s;
  if (*p == '-') {
    ++p;
  }
  int y = 0;
  while (isdigit((unsigned char)*p)) {
    ++p, ++y;
  }
  if (y < 4 || p[0] != '-' || !n_digits(p + 1, 2) || p[3] != '-' ||
      !n_digits(p + 4, 2)) {
    return 0;
  }
  int month = (p[1] - '0') * 10 + (p[2] - '0');
  int day = (p[4] - '0') * 10 + (p[5] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31) {
    return 0;
  }
  *rest = p + 6;
  return 1;
}

static int parse_tz(const char *p) {
  if (!*p) {
    return 1;
  }
  if (!strcmp(p, "Z")) {
    return 1;
  }
  return (p[0] == '+' || p[0] == '-') && n_digits(p + 1, 2) && p[3] == ':' &&
         n_digits(p + 4, 2) && !p[6];
}

static int parse_date(const char *s) {
  const char *rest;
  return parse_date_part(s, &rest) && parse_tz(rest);
}

static int parse_datetime(const char *s) {
  const char *p;
  if (!parse_date_part(s, &p) || *p != 'T' || !n_digits(p + 1, 2) ||
      p[3] != ':' || !n_digits(p + 4, 2) || p[6] != ':' ||
      !n_digits(p + 7, 2)) {
    return 0;
  }
  p += 9;
  if (*p == '.') {
    ++p;
    if (!isdigit((unsigned char)*p)) {
      return 0;
    }
    while (isdigit((unsigned char)*p)) {
      ++p;
    }
  }
  return parse_tz(p);
}

/* Fills the cached type and value of a literal term. */
static void classify(NgDict *d, NgTerm *t) {
  if (t->kind != NG_TERM_LITERAL) {
    return;
  }
  if (t->lang) {
    t->type = NG_LIT_LANG;
    return;
  }
  if (!t->dt) {
    t->type = NG_LIT_STRING;
    return;
  }
  const char *dt = d->terms[t->dt].lex;
  t->type = NG_LIT_OTHER;
  if (strncmp(dt, XSD, strlen(XSD))) {
    return;
  }
  const char *local = dt + strlen(XSD);
  for (size_t i = 0; i < NG_ARRAY_LEN(integer_types); ++i) {
    if (!strcmp(local, integer_types[i])) {
      t->type = NG_LIT_INTEGER;
      t->valid = (uint8_t)parse_integer(t->lex, &t->ival, &t->num);
      return;
    }
  }
  if (!strcmp(local, "decimal")) {
    t->type = NG_LIT_DECIMAL;
    t->valid = (uint8_t)parse_decimal(t->lex, &t->num);
  } else if (!strcmp(local, "double") || !strcmp(local, "float")) {
    t->type = local[0] == 'd' ? NG_LIT_DOUBLE : NG_LIT_FLOAT;
    t->valid = (uint8_t)parse_double(t->lex, &t->num);
  } else if (!strcmp(local, "boolean")) {
    t->type = NG_LIT_BOOLEAN;
    t->valid = !strcmp(t->lex, "true") || !strcmp(t->lex, "false") ||
               !strcmp(t->lex, "1") || !strcmp(t->lex, "0");
    t->num = !strcmp(t->lex, "true") || !strcmp(t->lex, "1");
  } else if (!strcmp(local, "dateTime")) {
    t->type = NG_LIT_DATETIME;
    t->valid = (uint8_t)parse_datetime(t->lex);
  } else if (!strcmp(local, "date")) {
    t->type = NG_LIT_DATE;
    t->valid = (uint8_t)parse_date(t->lex);
  }
}

NgTermId ng_dict_intern(NgDict *d, NgTermKind kind, const char *lex, size_t len,
                        NgTermId dt, const char *lang) {
  if (kind == NG_TERM_LITERAL && dt && dt == d->xsd[NG_XSD_STRING]) {
    dt = 0; /* RDF 1.1: "x"^^xsd:string is the simple literal "x" */
  }
  if (kind == NG_TERM_LITERAL && lang && !*lang) {
    lang = NULL;
  }
  if (kind != NG_TERM_LITERAL) {
    dt = 0;
    lang = NULL;
  }
  if (len > UINT32_MAX - 1) {
    return 0;
  }
  if ((d->n + 1) * 2 > d->table_cap && table_grow(d)) {
    return 0;
  }
  uint64_t h = term_hash(kind, lex, len, dt, NULL);
  if (lang) {
    /* hash the lowercase tag, as stored */
    char low[64];
    size_t n = strlen(lang);
    if (n < sizeof low) {
      for (size_t i = 0; i <= n; ++i) {
        low[i] = (char)tolower((unsigned char)lang[i]);
      }
      h = term_hash(kind, lex, len, dt, low);
    } else {
      return 0; /* no real language tag is that long */
    }
  }
  size_t mask = d->table_cap - 1;
  size_t i = h & mask;
  for (; d->table[i]; i = (i + 1) & mask) {
    const NgTerm *t = &d->terms[d->table[i]];
    if (t->kind == kind && t->len == len && t->dt == dt &&
        !memcmp(t->lex, lex, len) && lang_equal(t->lang, lang)) {
      return d->table[i];
    }
  }
  if (ng_grow((void **)&d->terms, &d->cap, d->n + 1, sizeof(NgTerm))) {
    return 0;
  }
  NgTerm *t = &d->terms[d->n];
  memset(t, 0, sizeof *t);
  t->kind = (uint8_t)kind;
  t->len = (uint32_t)len;
  t->dt = dt;
  t->lex = arena_copy(&d->chunks, lex, len);
  if (lang) {
    char *l = arena_copy(&d->chunks, lang, strlen(lang));
    for (char *c = l; c && *c; ++c) {
      *c = (char)tolower((unsigned char)*c);
    }
    t->lang = l;
  }
  if (!t->lex || (lang && !t->lang)) {
    return 0;
  }
  classify(d, t);
  d->table[i] = (uint32_t)d->n;
  return (NgTermId)d->n++;
}

NgTermId ng_dict_iri(NgDict *d, const char *iri) {
  return ng_dict_intern(d, NG_TERM_IRI, iri, strlen(iri), 0, NULL);
}

const NgTerm *ng_dict_term(const NgDict *d, NgTermId id) {
  return &d->terms[id];
}

size_t ng_dict_size(const NgDict *d) {
  return d->n - 1;
}

NgTermId ng_dict_xsd(const NgDict *d, NgXsd which) {
  return d->xsd[which];
}

NgDict *ng_dict_new(void) {
  NgDict *d = calloc(1, sizeof *d);
  if (!d) {
    return NULL;
  }
  d->n = 1; /* id 0 is "no term" */
  if (ng_grow((void **)&d->terms, &d->cap, 64, sizeof(NgTerm))) {
    free(d);
    return NULL;
  }
  memset(&d->terms[0], 0, sizeof(NgTerm));
  for (int i = 0; i < NG_XSD_COUNT; ++i) {
    if (!(d->xsd[i] = ng_dict_iri(d, xsd_iris[i]))) {
      ng_dict_free(d);
      return NULL;
    }
  }
  return d;
}

void ng_dict_free(NgDict *d) {
  if (!d) {
    return;
  }
  for (Chunk *c = d->chunks; c;) {
    Chunk *next = c->next;
    free(c);
    c = next;
  }
  free(d->terms);
  free(d->table);
  free(d);
}

/* ------------------------------------------------------------- dataset */

/* Index orders: which of s, p, o, g (0..3) comes first, second, ...
 * Orders 0-2 are over the deduplicated triples of the default graph,
 * 3-8 over the quads of the named graphs. */
enum {
  ORD_SPO,
  ORD_POS,
  ORD_OSP,
  ORD_GSPO,
  ORD_GPOS,
  ORD_GOSP,
  ORD_SPOG,
  ORD_POSG,
  ORD_OSPG,
  N_ORDERS
};

static const int perm[N_ORDERS][4] = {{0, 1, 2, 3}, {1, 2, 0, 3}, {2, 0, 1, 3},
                                      {3, 0, 1, 2}, {3, 1, 2, 0}, {3, 2, 0, 1},
                                      {0, 1, 2, 3}, {1, 2, 0, 3}, {2, 0, 1, 3}};

struct NgDataset {
  NgDict *dict;
  NgTermId *quads; /* g s p o, as added */
  size_t n, cap;
  int frozen; /* no add since the indexes were built */
  NgTermId *index[N_ORDERS];
  size_t index_n[N_ORDERS];
  NgTermId *graphs;
  size_t n_graphs;
};

NgDataset *ng_dataset_new(NgDict *dict) {
  NgDataset *ds = calloc(1, sizeof *ds);
  if (ds) {
    ds->dict = dict;
  }
  return ds;
}

static void drop_indexes(NgDataset *ds) {
  for (int i = 0; i < N_ORDERS; ++i) {
    free(ds->index[i]);
    ds->index[i] = NULL;
    ds->index_n[i] = 0;
  }
  free(ds->graphs);
  ds->graphs = NULL;
  ds->n_graphs = 0;
  ds->frozen = 0;
}

void ng_dataset_free(NgDataset *ds) {
  if (ds) {
    drop_indexes(ds);
    free(ds->quads);
    free(ds);
  }
}

NgDict *ng_dataset_dict(NgDataset *ds) {
  return ds->dict;
}

NgStatus ng_dataset_add(NgDataset *ds, NgTermId g, NgTermId s, NgTermId p,
                        NgTermId o) {
  if (ds->frozen) {
    drop_indexes(ds);
  }
  if (ng_grow((void **)&ds->quads, &ds->cap, (ds->n + 1) * 4,
              sizeof(NgTermId))) {
    return NG_ERR_NOMEM;
  }
  NgTermId *q = ds->quads + ds->n * 4;
  q[0] = s;
  q[1] = p;
  q[2] = o;
  q[3] = g;
  ++ds->n;
  return NG_SUCCESS;
}

size_t ng_dataset_size(NgDataset *ds) {
  return ds->n;
}

size_t ng_dataset_unnamed(NgDataset *ds) {
  size_t n = 0;
  for (size_t i = 0; i < ds->n; ++i) {
    n += !ds->quads[i * 4 + 3];
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

static int cmp4(const void *a, const void *b) {
  const NgTermId *x = a, *y = b;
  for (int i = 0; i < 4; ++i) {
    if (x[i] != y[i]) {
      return x[i] < y[i] ? -1 : 1;
    }
  }
  return 0;
}

/* Sorts rows of width w and drops repeated rows; returns the new count. */
static size_t sort_unique(NgTermId *rows, size_t n, int w) {
  if (!n) {
    return 0;
  }
  qsort(rows, n, (size_t)w * sizeof(NgTermId), w == 3 ? cmp3 : cmp4);
  size_t out = 1;
  for (size_t i = 1; i < n; ++i) {
    if (memcmp(rows + (out - 1) * w, rows + i * w,
               (size_t)w * sizeof(NgTermId))) {
      memmove(rows + out * w, rows + i * w, (size_t)w * sizeof(NgTermId));
      ++out;
    }
  }
  return out;
}

static NgStatus build_index(NgDataset *ds, int order) {
  int w = order < ORD_GSPO ? 3 : 4;
  NgTermId *rows = malloc((ds->n ? ds->n : 1) * (size_t)w * sizeof(NgTermId));
  if (!rows) {
    return NG_ERR_NOMEM;
  }
  size_t n = 0;
  for (size_t i = 0; i < ds->n; ++i) {
    const NgTermId *q = ds->quads + i * 4;
    if (w == 4 && !q[3]) {
      continue; /* default-graph triples are in no named graph */
    }
    for (int k = 0; k < w; ++k) {
      rows[n * w + k] = q[perm[order][k]];
    }
    ++n;
  }
  ds->index[order] = rows;
  ds->index_n[order] = sort_unique(rows, n, w);
  ds->frozen = 1;
  return NG_SUCCESS;
}

static NgStatus build_graphs(NgDataset *ds) {
  if (!ds->index[ORD_GSPO] && build_index(ds, ORD_GSPO)) {
    return NG_ERR_NOMEM;
  }
  size_t n = ds->index_n[ORD_GSPO];
  ds->graphs = malloc((n ? n : 1) * sizeof(NgTermId));
  if (!ds->graphs) {
    return NG_ERR_NOMEM;
  }
  ds->n_graphs = 0;
  for (size_t i = 0; i < n; ++i) {
    NgTermId g = ds->index[ORD_GSPO][i * 4];
    if (!ds->n_graphs || ds->graphs[ds->n_graphs - 1] != g) {
      ds->graphs[ds->n_graphs++] = g;
    }
  }
  return NG_SUCCESS;
}

const NgTermId *ng_dataset_graphs(NgDataset *ds, size_t *n) {
  if (!ds->graphs && build_graphs(ds)) {
    *n = 0;
    return NULL;
  }
  *n = ds->n_graphs;
  return ds->graphs;
}

/* First row in [0, n) whose first k columns are >= key (lower) or >
 * key (upper). */
static size_t bound(const NgTermId *rows, size_t n, int w, const NgTermId *key,
                    int k, int upper) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const NgTermId *r = rows + mid * w;
    int c = 0;
    for (int i = 0; i < k && !c; ++i) {
      c = r[i] < key[i] ? -1 : r[i] > key[i] ? 1 : 0;
    }
    if (c < 0 || (upper && c == 0)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

NgStatus ng_dataset_match(NgDataset *ds, NgGraphMode mode, NgTermId g,
                          NgTermId s, NgTermId p, NgTermId o, NgMatch *m) {
  NgTermId val[4] = {s, p, o, g};
  int order;
  /* the order whose leading columns are exactly the bound positions */
  if (s && !p && o) {
    order = ORD_OSP;
  } else if (s) {
    order = ORD_SPO;
  } else if (p) {
    order = ORD_POS;
  } else if (o) {
    order = ORD_OSP;
  } else {
    order = ORD_SPO;
  }
  if (mode == NG_IN_NAMED) {
    order += g ? ORD_GSPO : ORD_SPOG;
  }
  if (!ds->index[order] && build_index(ds, order)) {
    return NG_ERR_NOMEM;
  }
  int w = order < ORD_GSPO ? 3 : 4;
  NgTermId key[4];
  int k = 0;
  for (int i = 0; i < w; ++i) {
    NgTermId v = val[perm[order][i]];
    if (!v) {
      break;
    }
    key[k++] = v;
  }
  const NgTermId *rows = ds->index[order];
  size_t n = ds->index_n[order];
  size_t lo = k ? bound(rows, n, w, key, k, 0) : 0;
  size_t hi = k ? bound(rows, n, w, key, k, 1) : n;
  m->base = rows + lo * w;
  m->n = hi - lo;
  m->width = w;
  m->order = order;
  return NG_SUCCESS;
}

void ng_match_get(const NgMatch *m, size_t i, NgTermId out[4]) {
  const NgTermId *r = m->base + i * (size_t)m->width;
  out[3] = 0;
  for (int k = 0; k < m->width; ++k) {
    out[perm[m->order][k]] = r[k];
  }
}
