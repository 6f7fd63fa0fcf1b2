#define _POSIX_C_SOURCE 200809L /* strtok_r */
/*
 * gazetteer.c: the token trie behind every word list (see gazetteer.h).
 *
 * While entries are added, nodes live in one array; each node links its
 * children as a list sorted by byte (first child, next sibling), so that
 * a node costs no allocation of its own.  Terminal nodes point at a chain
 * of entries (class, case-sensitive spelling, value).  Once a rule set's
 * lists are loaded, the trie is copied into one flat array in depth-first
 * order (ng_gazetteer_load_index) and the node array is freed: the walk
 * over every word of every sentence then reads a few contiguous bytes per
 * step, searched by binary search, and the rule set holds the trie once.
 * Adding an entry to a frozen trie first rebuilds its nodes (thaw).
 */
#include "gazetteer.h"

#include "buf.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct Node {
  uint32_t child;          /* first child (the smallest byte), or 0 */
  uint32_t sibling;        /* the parent's next child, or 0 */
  int32_t entry;           /* first entry index or -1 */
  unsigned char byte;      /* on the edge from the parent */
  unsigned char has_exact; /* some entry here matches its exact spelling */
  uint64_t fold_mask; /* classes of the entries here that fold case */
} Node;

typedef struct Entry { /* (24 bytes: a rule set has ~100,000) */
  char *exact; /* spelling for case-sensitive entries, NULL when folding */
  char *value;
  int32_t next;
  int32_t cls;
} Entry;

struct NgGazetteer {
  uint32_t root[256]; /* the root's children by byte: the first step of
                         every walk, without a search */
  Node *nodes;        /* NULL once frozen (and while empty after a clear) */
  size_t n_nodes, cap_nodes;
  Entry *entries;
  size_t n_entries, cap_entries;
  char *class_names[NG_GAZ_MAX_CLASSES];
  int max_words[NG_GAZ_MAX_CLASSES];
  int n_classes;
  struct Union {
    char *name;
    uint64_t mask;
  } unions[NG_GAZ_MAX_CLASSES];
  int n_unions;
  /* the same trie, read-only (NULL until frozen, and again once an entry
   * is added): one record per node, in depth-first order so that a walk
   * along a word reads neighbouring memory; a node is then the offset of
   * its record (the root's is 0), see freeze */
  uint32_t *flat;
  size_t n_flat; /* words */
  uint32_t flat_root[256];
};

/* A record of the flat trie: word 0 holds the number of children (bits
 * 0-8), whether entries end here (bit 9) and whether one of them is
 * case-sensitive (bit 10); when entries end here, word 1 the first one's
 * index and words 2-3 the classes of the folding ones; then the
 * children's bytes, sorted, four to a word; then their records' offsets. */
#define FLAT_N(w) ((w)&0x1FFu)
#define FLAT_ENTRY 0x200u
#define FLAT_EXACT 0x400u

static uint32_t n_children(const NgGazetteer *g, const Node *n) {
  uint32_t k = 0;
  for (uint32_t c = n->child; c; c = g->nodes[c].sibling) {
    ++k;
  }
  return k;
}

static uint32_t record_size(uint32_t n_edges, int entry) {
  return 1 + (entry ? 3 : 0) + (n_edges + 3) / 4 + n_edges;
}

/* The number of words of the flat record at r. */
static uint32_t flat_record_size(const uint32_t *r) {
  return record_size(FLAT_N(r[0]), (r[0] & FLAT_ENTRY) != 0);
}

static void unfreeze(NgGazetteer *g) {
  free(g->flat);
  g->flat = NULL;
  g->n_flat = 0;
}

/* Frees the node array, which a frozen trie does not read. */
static void drop_nodes(NgGazetteer *g) {
  free(g->nodes);
  g->nodes = NULL;
  g->n_nodes = g->cap_nodes = 0;
}

/* Fills order (the nodes depth-first, the root first) and offset (each
 * node's record, by node index); returns the flat size in words. */
static size_t lay_out(const NgGazetteer *g, uint32_t *order,
                      uint32_t *offset, uint32_t *stack) {
  size_t n_order = 0, top = 0, at = 0;
  stack[top++] = 0;
  while (top) {
    uint32_t i = stack[--top];
    const Node *nd = &g->nodes[i];
    order[n_order++] = i;
    offset[i] = (uint32_t)at;
    at += record_size(n_children(g, nd), nd->entry >= 0);
    /* the first child is visited next: pushed last */
    size_t first = top;
    for (uint32_t c = nd->child; c; c = g->nodes[c].sibling) {
      stack[top++] = c;
    }
    for (size_t a = first, b = top; a + 1 < b; ++a, --b) {
      uint32_t t = stack[a];
      stack[a] = stack[b - 1];
      stack[b - 1] = t;
    }
  }
  return at;
}

/* Writes node nd's record at r (offsets of the children from offset). */
static void write_record(const NgGazetteer *g, const Node *nd,
                         const uint32_t *offset, uint32_t *r) {
  uint32_t n = n_children(g, nd), w = 1;
  r[0] = n | (nd->entry >= 0 ? FLAT_ENTRY : 0u) |
         (nd->has_exact ? FLAT_EXACT : 0u);
  if (nd->entry >= 0) {
    r[1] = (uint32_t)nd->entry;
    r[2] = (uint32_t)nd->fold_mask;
    r[3] = (uint32_t)(nd->fold_mask >> 32);
    w = 4;
  }
  unsigned char *bytes = (unsigned char *)(r + w);
  uint32_t *children = r + w + (n + 3) / 4;
  uint32_t j = 0;
  for (uint32_t c = nd->child; c; c = g->nodes[c].sibling, ++j) {
    bytes[j] = g->nodes[c].byte;
    children[j] = offset[c];
  }
}

/* Builds the flat copy of the trie and frees the nodes (an allocation
 * failure leaves no copy: the walks then read the nodes, as while
 * loading). */
static void freeze(NgGazetteer *g) {
  unfreeze(g);
  size_t n = g->n_nodes;
  if (!n) {
    return;
  }
  uint32_t *order = malloc(n * sizeof(*order));  /* depth-first */
  uint32_t *offset = malloc(n * sizeof(*offset)); /* by node index */
  uint32_t *stack = malloc(n * sizeof(*stack));
  size_t total = order && offset && stack ? lay_out(g, order, offset, stack)
                                          : 0;
  g->flat = total && total < UINT32_MAX ? calloc(total, sizeof(uint32_t))
                                        : NULL;
  if (g->flat) {
    g->n_flat = total;
    for (size_t k = 0; k < n; ++k) {
      write_record(g, &g->nodes[order[k]], offset, g->flat + offset[order[k]]);
    }
    for (int b = 0; b < 256; ++b) {
      g->flat_root[b] = g->root[b] ? offset[g->root[b]] : 0;
    }
  }
  free(order);
  free(offset);
  free(stack);
  if (g->flat) {
    drop_nodes(g);
  }
}

/* The index among offs[0..n) (sorted) of offset at. */
static uint32_t record_index(const uint32_t *offs, size_t n, uint32_t at) {
  size_t lo = 0, hi = n;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (offs[mid] <= at) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return (uint32_t)lo;
}

/* Fills node k (zeroed) from the flat record at offs[k], and its
 * children's bytes and links (records found among offs[0..n)). */
static void thaw_record(NgGazetteer *g, const uint32_t *offs, size_t n,
                        size_t k) {
  const uint32_t *r = g->flat + offs[k];
  uint32_t ne = FLAT_N(r[0]), w = 1;
  Node *nd = &g->nodes[k];
  nd->entry = -1;
  nd->has_exact = (r[0] & FLAT_EXACT) != 0;
  if (r[0] & FLAT_ENTRY) {
    nd->entry = (int32_t)r[1];
    nd->fold_mask = r[2] | (uint64_t)r[3] << 32;
    w = 4;
  }
  const unsigned char *bytes = (const unsigned char *)(r + w);
  const uint32_t *children = r + w + (ne + 3) / 4;
  uint32_t *link = &nd->child;
  for (uint32_t j = 0; j < ne; ++j) {
    uint32_t c = record_index(offs, n, children[j]);
    g->nodes[c].byte = bytes[j];
    *link = c;
    link = &g->nodes[c].sibling;
  }
}

/* Rebuilds the nodes of a frozen trie (node i: the i-th record) and
 * frees the flat copy, so that entries can be added again. */
static NgStatus thaw(NgGazetteer *g) {
  if (!g->flat) {
    return NG_SUCCESS;
  }
  size_t n = 0;
  for (size_t at = 0; at < g->n_flat; at += flat_record_size(g->flat + at)) {
    ++n;
  }
  uint32_t *offs = malloc(n * sizeof(*offs));
  Node *nodes = calloc(n, sizeof(*nodes));
  if (!offs || !nodes) {
    free(offs);
    free(nodes);
    return NG_ERR_NOMEM;
  }
  size_t k = 0;
  for (size_t at = 0; at < g->n_flat; at += flat_record_size(g->flat + at)) {
    offs[k++] = (uint32_t)at;
  }
  g->nodes = nodes;
  g->n_nodes = g->cap_nodes = n;
  for (k = 0; k < n; ++k) {
    thaw_record(g, offs, n, k);
  }
  for (int b = 0; b < 256; ++b) {
    g->root[b] = g->flat_root[b] ? record_index(offs, n, g->flat_root[b]) : 0;
  }
  free(offs);
  unfreeze(g);
  return NG_SUCCESS;
}

/* Whether some entry ends at node. */
static int has_entry(const NgGazetteer *g, uint32_t node) {
  return g->flat ? (g->flat[node] & FLAT_ENTRY) != 0
                 : g->nodes[node].entry >= 0;
}

/* The first entry that ends at node, or -1. */
static int32_t first_entry(const NgGazetteer *g, uint32_t node) {
  if (g->flat) {
    return g->flat[node] & FLAT_ENTRY ? (int32_t)g->flat[node + 1] : -1;
  }
  return g->nodes[node].entry;
}

static NgStatus add_node(NgGazetteer *g, uint32_t *id) {
  NgStatus st;
  TRY(st, ng_grow((void **)&g->nodes, &g->cap_nodes, g->n_nodes + 1,
                  sizeof(Node)));
  Node *n = &g->nodes[g->n_nodes];
  memset(n, 0, sizeof(*n));
  n->entry = -1;
  *id = (uint32_t)g->n_nodes++;
  return NG_SUCCESS;
}

NgStatus ng_gazetteer_new(NgGazetteer **out) {
  NgGazetteer *g = calloc(1, sizeof(*g));
  uint32_t root;
  if (!g || add_node(g, &root)) {
    free(g);
    return NG_ERR_NOMEM;
  }
  *out = g;
  return NG_SUCCESS;
}

static void free_entries(NgGazetteer *g) {
  for (size_t i = 0; i < g->n_entries; ++i) {
    free(g->entries[i].exact);
    free(g->entries[i].value);
  }
  g->n_entries = 0;
}

void ng_gazetteer_free(NgGazetteer *g) {
  if (!g) {
    return;
  }
  free_entries(g);
  unfreeze(g);
  free(g->nodes);
  free(g->entries);
  for (int i = 0; i < g->n_classes; ++i) {
    free(g->class_names[i]);
  }
  for (int i = 0; i < g->n_unions; ++i) {
    free(g->unions[i].name);
  }
  free(g);
}

void ng_gazetteer_clear(NgGazetteer *g) {
  unfreeze(g);
  free_entries(g);
  memset(g->root, 0, sizeof(g->root));
  /* (no node array after a freeze: the next add makes the root) */
  g->n_nodes = g->nodes ? 1 : 0;
  if (g->nodes) {
    memset(&g->nodes[0], 0, sizeof(Node));
    g->nodes[0].entry = -1;
  }
}

void ng_gazetteer_trim(NgGazetteer *g, size_t keep_bytes) {
  ng_gazetteer_clear(g);
  if (g->cap_nodes > keep_bytes / sizeof(Node)) {
    Node *n = realloc(g->nodes, sizeof(Node));
    if (n) { /* else the larger array stays, still valid */
      g->nodes = n;
      g->cap_nodes = 1;
    }
  }
  if (g->cap_entries > keep_bytes / sizeof(Entry)) {
    free(g->entries);
    g->entries = NULL;
    g->cap_entries = 0;
  }
}

int ng_gazetteer_class(NgGazetteer *g, const char *name, int create) {
  for (int i = 0; i < g->n_classes; ++i) {
    if (!strcmp(g->class_names[i], name)) {
      return i;
    }
  }
  if (!create || g->n_classes == NG_GAZ_MAX_CLASSES) {
    return -1;
  }
  if (!(g->class_names[g->n_classes] = ng_strdup(name))) {
    return -1;
  }
  return g->n_classes++;
}

int ng_gazetteer_union(const NgGazetteer *g, const char *name, uint64_t *mask,
                       int *max_words) {
  for (int i = 0; i < g->n_unions; ++i) {
    if (!strcmp(g->unions[i].name, name)) {
      *mask = g->unions[i].mask;
      *max_words = 0;
      for (int c = 0; c < g->n_classes; ++c) {
        if ((*mask >> c) & 1 && g->max_words[c] > *max_words) {
          *max_words = g->max_words[c];
        }
      }
      return 1;
    }
  }
  return 0;
}

/* Parses "union NAME CLASS CLASS ..." (the classes must be declared above
 * it); returns an error message or NULL. */
static const char *add_union(NgGazetteer *g, char *rest) {
  char *save = NULL;
  char *name = strtok_r(rest, " \t\r\n", &save);
  if (!name) {
    return "expected \"union NAME CLASS ...\"";
  }
  if (g->n_unions == NG_GAZ_MAX_CLASSES ||
      ng_gazetteer_class(g, name, 0) >= 0) {
    return "union name already used or too many unions";
  }
  uint64_t mask = 0;
  for (char *cls; (cls = strtok_r(NULL, " \t\r\n", &save));) {
    int id = ng_gazetteer_class(g, cls, 0);
    if (id < 0) {
      return "union names a class that no earlier line declares";
    }
    mask |= (uint64_t)1 << id;
  }
  if (!mask) {
    return "a union needs at least one class";
  }
  if (!(g->unions[g->n_unions].name = ng_strdup(name))) {
    return "out of memory";
  }
  g->unions[g->n_unions++].mask = mask;
  return NULL;
}

const char *ng_gazetteer_class_name(const NgGazetteer *g, int id) {
  return id >= 0 && id < g->n_classes ? g->class_names[id] : NULL;
}

int ng_gazetteer_max_words(const NgGazetteer *g, int id) {
  return id >= 0 && id < g->n_classes ? g->max_words[id] : 0;
}

size_t ng_gazetteer_size(const NgGazetteer *g) {
  return g->n_entries;
}

static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static unsigned char fold_byte(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* The child of node along byte, or 0 (the root is never a child). */
static uint32_t child(const NgGazetteer *g, uint32_t node, unsigned char b) {
  if (!node) {
    return g->flat ? g->flat_root[b] : g->root[b];
  }
  if (g->flat) {
    const uint32_t *r = g->flat + node;
    uint32_t n = FLAT_N(r[0]);
    const uint32_t *after = r + ((r[0] & FLAT_ENTRY) ? 4 : 1);
    const unsigned char *eb = (const unsigned char *)after;
    const uint32_t *children = after + (n + 3) / 4;
    uint32_t lo = 0, hi = n;
    while (hi - lo > 8) {
      uint32_t mid = (lo + hi) / 2;
      if (eb[mid] <= b) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    for (; lo < hi && eb[lo] <= b; ++lo) {
      if (eb[lo] == b) {
        return children[lo];
      }
    }
    return 0;
  }
  /* (a list sorted by byte: only a trie being loaded, or one never
   * frozen like a document's names, is read so) */
  for (uint32_t c = g->nodes[node].child; c && g->nodes[c].byte <= b;
       c = g->nodes[c].sibling) {
    if (g->nodes[c].byte == b) {
      return c;
    }
  }
  return 0;
}

static NgStatus add_child(NgGazetteer *g, uint32_t node, unsigned char b,
                          uint32_t *out) {
  uint32_t id;
  NgStatus st;
  TRY(st, add_node(g, &id)); /* (may move the nodes) */
  uint32_t *link = &g->nodes[node].child;
  while (*link && g->nodes[*link].byte < b) {
    link = &g->nodes[*link].sibling;
  }
  g->nodes[id].byte = b;
  g->nodes[id].sibling = *link;
  *link = id;
  if (!node) {
    g->root[b] = id;
  }
  *out = id;
  return NG_SUCCESS;
}

/* Walks text as a normalised key (ASCII folded, whitespace runs as one
 * space, surrounding space ignored); creates nodes when build is set.
 * Returns the final node, or 0 when the key is absent. */
static NgStatus walk(NgGazetteer *g, const char *text, size_t len, int build,
                     uint32_t *out) {
  const unsigned char *s = (const unsigned char *)text;
  size_t i = 0, end = len;
  while (i < end && is_space(s[i])) {
    ++i;
  }
  while (end > i && is_space(s[end - 1])) {
    --end;
  }
  uint32_t node = 0;
  while (i < end) {
    unsigned char b = s[i];
    if (is_space(b)) {
      while (i < end && is_space(s[i])) {
        ++i;
      }
      b = ' ';
    } else {
      b = fold_byte(b);
      ++i;
    }
    uint32_t next = child(g, node, b);
    if (!next) {
      if (!build) {
        *out = 0;
        return NG_FAILURE;
      }
      NgStatus st;
      TRY(st, add_child(g, node, b, &next));
    }
    node = next;
  }
  *out = node;
  return node ? NG_SUCCESS : NG_FAILURE;
}

NgStatus ng_gazetteer_add(NgGazetteer *g, const char *text, size_t len,
                          int id, int fold, const char *value) {
  if (id < 0 || id >= g->n_classes) {
    return NG_ERR_BAD_ARG;
  }
  /* the flat copy would miss the new entry: back to nodes */
  NgStatus st;
  TRY(st, thaw(g));
  uint32_t node;
  if (!g->n_nodes) {
    TRY(st, add_node(g, &node)); /* the root, after a clear */
  }
  st = walk(g, text, len, 1, &node);
  if (st) {
    return st == NG_FAILURE ? NG_ERR_BAD_ARG : st;
  }
  /* The same entry twice adds nothing but a longer chain to compare with
   * on every lookup: a document's names list sees each name as often as
   * the text repeats it. */
  for (int32_t i = g->nodes[node].entry; i >= 0; i = g->entries[i].next) {
    const Entry *d = &g->entries[i];
    if (d->cls == id && !d->exact == !!fold &&
        (fold || (strlen(d->exact) == len && !memcmp(d->exact, text, len))) &&
        (!d->value == !value && (!value || !strcmp(d->value, value)))) {
      return NG_SUCCESS;
    }
  }
  TRY(st, ng_grow((void **)&g->entries, &g->cap_entries, g->n_entries + 1,
                  sizeof(Entry)));
  Entry *e = &g->entries[g->n_entries];
  e->cls = id;
  e->exact = fold ? NULL : ng_strndup(text, len);
  e->value = ng_strdup(value);
  if ((!fold && !e->exact) || (value && !e->value)) {
    free(e->exact);
    free(e->value);
    return NG_ERR_NOMEM;
  }
  int words = 1;
  for (size_t i = 0; i < len; ++i) {
    if (is_space((unsigned char)text[i]) && i + 1 < len &&
        !is_space((unsigned char)text[i + 1])) {
      ++words;
    }
  }
  if (words > g->max_words[id]) {
    g->max_words[id] = words;
  }
  e->next = g->nodes[node].entry;
  g->nodes[node].entry = (int32_t)g->n_entries++;
  if (fold) {
    g->nodes[node].fold_mask |= (uint64_t)1 << id;
  } else {
    g->nodes[node].has_exact = 1;
  }
  return NG_SUCCESS;
}

/* Case-sensitive comparison that treats whitespace runs as equal. */
static int same_exact(const char *a, const char *b, size_t blen) {
  size_t i = 0, j = 0, alen = strlen(a);
  while (i < alen && is_space((unsigned char)a[i])) {
    ++i;
  }
  while (j < blen && is_space((unsigned char)b[j])) {
    ++j;
  }
  while (alen > i && is_space((unsigned char)a[alen - 1])) {
    --alen;
  }
  while (blen > j && is_space((unsigned char)b[blen - 1])) {
    --blen;
  }
  while (i < alen && j < blen) {
    if (is_space((unsigned char)a[i]) && is_space((unsigned char)b[j])) {
      while (i < alen && is_space((unsigned char)a[i])) {
        ++i;
      }
      while (j < blen && is_space((unsigned char)b[j])) {
        ++j;
      }
      continue;
    }
    if (a[i++] != b[j++]) {
      return 0;
    }
  }
  return i == alen && j == blen;
}

/* The classes of the entries at node that text[0..len) spells (the
 * folding ones need no comparison). */
static uint64_t node_mask(const NgGazetteer *g, uint32_t node, const char *text,
                          size_t len) {
  uint64_t mask;
  int exact;
  if (g->flat) {
    const uint32_t *r = g->flat + node;
    if (!(r[0] & FLAT_ENTRY)) {
      return 0;
    }
    mask = r[2] | (uint64_t)r[3] << 32;
    exact = (r[0] & FLAT_EXACT) != 0;
  } else {
    mask = g->nodes[node].fold_mask;
    exact = g->nodes[node].has_exact;
  }
  if (exact) {
    for (int32_t i = first_entry(g, node); i >= 0; i = g->entries[i].next) {
      const Entry *e = &g->entries[i];
      if (e->exact && same_exact(e->exact, text, len)) {
        mask |= (uint64_t)1 << e->cls;
      }
    }
  }
  return mask;
}

uint64_t ng_gazetteer_lookup(const NgGazetteer *g, const char *text,
                             size_t len, int want, const char **value) {
  uint32_t node;
  if (walk((NgGazetteer *)g, text, len, 0, &node) != NG_SUCCESS) {
    return 0;
  }
  if (!value) {
    return node_mask(g, node, text, len);
  }
  uint64_t mask = 0;
  for (int32_t i = first_entry(g, node); i >= 0; i = g->entries[i].next) {
    const Entry *e = &g->entries[i];
    if (e->exact && !same_exact(e->exact, text, len)) {
      continue;
    }
    mask |= (uint64_t)1 << e->cls;
    if (value && e->cls == want) {
      *value = e->value;
    }
  }
  return mask;
}

static int is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c >= 0x80;
}

/* Walks the trie along text from its start and visits every entry that
 * text begins with and that ends at a word boundary: *all receives the
 * union of their classes, *last those of the longest; returns the longest
 * one's length (0 when none). */
static size_t walk_prefixes(const NgGazetteer *g, const char *text,
                            size_t len, uint64_t *last, uint64_t *all) {
  const unsigned char *s = (const unsigned char *)text;
  uint32_t node = 0;
  size_t best = 0;
  *last = *all = 0;
  for (size_t i = 0; i < len;) {
    unsigned char b = s[i];
    size_t step = 1;
    if (is_space(b)) {
      while (i + step < len && is_space(s[i + step])) {
        ++step;
      }
      b = ' ';
    } else {
      b = fold_byte(b);
    }
    if (!(node = child(g, node, b))) {
      break;
    }
    i += step;
    if (has_entry(g, node) && (i == len || !is_word_byte(s[i]))) {
      uint64_t m = node_mask(g, node, text, i);
      if (m) {
        best = i;
        *last = m;
        *all |= m;
      }
    }
  }
  return best;
}

size_t ng_gazetteer_longest(const NgGazetteer *g, const char *text,
                            size_t len, uint64_t *mask) {
  uint64_t all;
  return walk_prefixes(g, text, len, mask, &all);
}

uint64_t ng_gazetteer_scan(const NgGazetteer *g, const char *text,
                           size_t len) {
  const unsigned char *s = (const unsigned char *)text;
  uint64_t found = 0;
  for (size_t start = 0; start < len; ++start) {
    if (is_word_byte(s[start]) && (!start || !is_word_byte(s[start - 1]))) {
      uint64_t last, all;
      walk_prefixes(g, text + start, len - start, &last, &all);
      found |= all;
    }
  }
  return found;
}

/* The classes of the entries text[start..) begins with, whatever follows
 * them: into *all, and into *bounded those that end before a byte that is
 * not a word byte. */
static NgStatus walk_all(const NgGazetteer *g, const char *text, size_t start,
                         size_t len, uint64_t *all, uint64_t *bounded,
                         NgGazHits *hits, unsigned start_flags) {
  const unsigned char *s = (const unsigned char *)text;
  uint32_t node = 0;
  for (size_t i = start; i < len;) {
    unsigned char b = s[i];
    size_t step = 1;
    if (is_space(b)) {
      while (i + step < len && is_space(s[i + step])) {
        ++step;
      }
      b = ' ';
    } else {
      b = fold_byte(b);
    }
    if (!(node = child(g, node, b))) {
      return NG_SUCCESS;
    }
    i += step;
    if (has_entry(g, node)) {
      uint64_t m = node_mask(g, node, text + start, i - start);
      int ends = i == len || !is_word_byte(s[i]);
      *all |= m;
      if (bounded && ends) {
        *bounded |= m;
      }
      if (hits && m) {
        NgStatus st;
        TRY(st, ng_grow((void **)&hits->v, &hits->cap, hits->n + 1,
                        sizeof(*hits->v)));
        hits->v[hits->n].start = start;
        hits->v[hits->n].end = i;
        hits->v[hits->n].flags = start_flags | (ends ? NG_GAZ_BOUNDED : 0u);
        hits->v[hits->n++].mask = m;
      }
    }
  }
  return NG_SUCCESS;
}

static int is_ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

NgStatus ng_gazetteer_presence(const NgGazetteer *g, const char *text,
                               size_t len, uint64_t *strict, uint64_t *loose,
                               NgGazHits *hits, uint64_t *any) {
  const unsigned char *s = (const unsigned char *)text;
  NgStatus st;
  *strict = *loose = 0;
  if (any) {
    *any = 0;
  }
  if (hits) {
    hits->n = 0;
  }
  for (size_t start = 0; start < len; ++start) {
    unsigned char c = s[start];
    /* spaces start no entry (lookups trim them), nor does the middle of
     * a character */
    if (is_space(c) || (c & 0xC0) == 0x80 || !child(g, 0, fold_byte(c))) {
      continue;
    }
    unsigned char prev = start ? s[start - 1] : ' ';
    if (!is_ascii_alnum(prev)) {
      /* ng_gazetteer_scan starts only at word bytes after non-word bytes */
      int strict_start = is_word_byte(c) && !is_word_byte(prev);
      uint64_t here = 0;
      TRY(st, walk_all(g, text, start, len, &here, strict_start ? strict : NULL,
                       hits, strict_start ? NG_GAZ_STRICT_START : 0u));
      *loose |= here;
      if (any) {
        *any |= here;
      }
    } else if (any) {
      TRY(st, walk_all(g, text, start, len, any, NULL, NULL, 0u));
    }
  }
  return NG_SUCCESS;
}

NgStatus ng_gazetteer_walk_from(const NgGazetteer *g, const char *text,
                                size_t start, size_t len, int strict_start,
                                uint64_t *loose, NgGazHits *hits) {
  unsigned char c = start < len ? (unsigned char)text[start] : ' ';
  if (is_space(c) || (c & 0xC0) == 0x80 || !child(g, 0, fold_byte(c))) {
    return NG_SUCCESS;
  }
  uint64_t ignored = 0;
  return walk_all(g, text, start, len, loose, strict_start ? &ignored : NULL,
                  hits, strict_start ? NG_GAZ_STRICT_START : 0u);
}

/* ------------------------------------------------------------- loading */

/* The English plural of a post or head noun, written to out (size at
 * least len + 4): the head word is the last one, or the one before the
 * first "of", "for", "to" or "in" ("Secretaries of State").  0 when the
 * entry has no word to make plural (it ends in a period or a digit). */
static size_t plural_of(const char *entry, size_t len, char *out) {
  size_t end = len;
  static const char *const cut[] = {" of ", " for ", " to ", " in "};
  for (size_t i = 0; i < sizeof cut / sizeof cut[0]; ++i) {
    const char *at = strstr(entry, cut[i]);
    if (at && (size_t)(at - entry) < end) {
      end = (size_t)(at - entry);
    }
  }
  if (!end || !isalpha((unsigned char)entry[end - 1])) {
    return 0;
  }
  size_t start = end;
  while (start && entry[start - 1] != ' ' && entry[start - 1] != '-') {
    --start;
  }
  const char *w = entry + start;
  size_t wn = end - start, k = start;
  memcpy(out, entry, start);
  char last = (char)tolower((unsigned char)w[wn - 1]);
  char prev = wn > 1 ? (char)tolower((unsigned char)w[wn - 2]) : 0;
  int upper = wn > 1 && isupper((unsigned char)w[wn - 1]) &&
              isupper((unsigned char)w[wn - 2]);
  if (!upper && wn > 3 && !strncasecmp(w + wn - 3, "man", 3)) {
    memcpy(out + k, w, wn - 2); /* Chairman -> Chairmen */
    k += wn - 2;
    memcpy(out + k, "en", 2);
    k += 2;
  } else if (!upper && last == 'y' && prev && !strchr("aeiou", prev)) {
    memcpy(out + k, w, wn - 1); /* Secretary -> Secretaries */
    k += wn - 1;
    memcpy(out + k, "ies", 3);
    k += 3;
  } else if (!upper && (strchr("sxz", last) ||
                        (wn > 1 && (last == 'h') && strchr("cs", prev)))) {
    memcpy(out + k, w, wn); /* Boss -> Bosses, Coach -> Coaches */
    k += wn;
    memcpy(out + k, "es", 2);
    k += 2;
  } else {
    memcpy(out + k, w, wn); /* Dean -> Deans, CEO -> CEOs */
    k += wn;
    out[k++] = 's';
  }
  memcpy(out + k, entry + end, len - end);
  k += len - end;
  out[k] = '\0';
  return k;
}

static NgStatus load_list(NgGazetteer *g, const char *path, int id, int fold,
                          int plural) {
  const char *why = NULL;
  FILE *f = ng_fopen_regular(path, &why);
  if (!f) {
    ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL, "cannot open word list: %s",
           why);
    return NG_ERR_IO;
  }
  char line[4096];
  unsigned lineno = 0;
  NgStatus result = NG_SUCCESS;
  while (fgets(line, sizeof(line), f)) {
    ++lineno;
    size_t n = strcspn(line, "\r\n");
    if (line[n] == '\0' && !feof(f)) {
      ng_log(NG_LOG_ERROR, path, lineno, (size_t)-1, NULL,
             "entry longer than %zu bytes", sizeof(line) - 2);
      result = NG_ERR_SYNTAX;
      int c;
      while ((c = fgetc(f)) != EOF && c != '\n') {
      }
      continue;
    }
    line[n] = '\0';
    char *value = strchr(line, '\t');
    if (value) {
      *value++ = '\0';
    }
    size_t len = strlen(line);
    while (len && is_space((unsigned char)line[len - 1])) {
      line[--len] = '\0';
    }
    const char *entry = line;
    while (is_space((unsigned char)*entry)) {
      ++entry;
      --len;
    }
    if (!len || entry[0] == '#') {
      continue;
    }
    NgStatus st;
    if (plural) {
      /* the plural form, valued by the entry as written ("Vice Deans"
       * -> "Vice Dean"), so that a post can be said in the singular */
      char many[sizeof line + 4];
      size_t n_many = plural_of(entry, len, many);
      st = n_many ? ng_gazetteer_add(g, many, n_many, id, fold, entry)
                  : NG_SUCCESS;
    } else {
      st = ng_gazetteer_add(g, entry, len, id, fold, value);
    }
    if (st) {
      fclose(f);
      return st;
    }
  }
  fclose(f);
  return result;
}

NgStatus ng_gazetteer_load_index(NgGazetteer *g, const char *dir,
                                 const char *index_name) {
  NgBuf path = NG_BUF_INIT;
  ng_buf_printf(&path, "%s/%s", dir, index_name);
  const char *open_error = NULL;
  FILE *f = ng_fopen_regular(path.data, &open_error);
  if (!f) {
    ng_log(NG_LOG_ERROR, path.data, 0, (size_t)-1, NULL, "cannot open: %s",
           open_error);
    ng_buf_release(&path);
    return NG_ERR_IO;
  }
  char line[1024];
  unsigned lineno = 0;
  NgStatus result = NG_SUCCESS;
  while (fgets(line, sizeof(line), f)) {
    ++lineno;
    char file[512], cls[128], mode[32] = "fold", form[32] = "";
    char *hash = strchr(line, '#');
    if (hash) {
      *hash = '\0';
    }
    if (!strncmp(line, "union", 5) && (line[5] == ' ' || line[5] == '\t')) {
      const char *why = add_union(g, line + 6);
      if (why) {
        ng_log(NG_LOG_ERROR, path.data, lineno, (size_t)-1, NULL, "%s", why);
        result = NG_ERR_SYNTAX;
      }
      continue;
    }
    int n = sscanf(line, "%511s %127s %31s %31s", file, cls, mode, form);
    if (n <= 0) {
      continue;
    }
    if (n < 2) {
      ng_log(NG_LOG_ERROR, path.data, lineno, (size_t)-1, NULL,
             "expected \"FILE.lst CLASS [fold|exact] [plural]\"");
      result = NG_ERR_SYNTAX;
      continue;
    }
    if (strcmp(mode, "fold") && strcmp(mode, "exact")) {
      ng_log(NG_LOG_ERROR, path.data, lineno, (size_t)-1, NULL,
             "unknown case mode '%s' (expected fold or exact)", mode);
      result = NG_ERR_SYNTAX;
      continue;
    }
    if (n == 4 && strcmp(form, "plural")) {
      ng_log(NG_LOG_ERROR, path.data, lineno, (size_t)-1, NULL,
             "unknown list option '%s' (expected plural)", form);
      result = NG_ERR_SYNTAX;
      continue;
    }
    int id = ng_gazetteer_class(g, cls, 1);
    if (id < 0) {
      ng_log(NG_LOG_ERROR, path.data, lineno, (size_t)-1, NULL,
             "too many word-list classes (at most %d)", NG_GAZ_MAX_CLASSES);
      result = NG_ERR_SYNTAX;
      continue;
    }
    NgBuf list = NG_BUF_INIT;
    ng_buf_printf(&list, "%s/%s", dir, file);
    NgStatus st =
        load_list(g, list.data, id, !strcmp(mode, "fold"), n == 4);
    ng_buf_release(&list);
    if (st == NG_ERR_NOMEM) {
      result = st;
      break;
    }
    if (st && !result) {
      result = st;
    }
  }
  fclose(f);
  ng_buf_release(&path);
  if (!result) {
    freeze(g);
  }
  return result;
}
