/*
 * strmap.c: the hash map of strmap.h (FNV-1a hashes, linear probing).
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

/* The key's hash, as entries keep it: its home is hash & (cap - 1). */
static uint32_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; ++i) {
    h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  }
  return (uint32_t)(h ^ (h >> 29));
}

/* The entry holding key, or the free entry where it would go. */
static NgStrMapEntry *find(const NgStrMap *m, const char *key, size_t len,
                           uint32_t h) {
  size_t mask = m->cap - 1;
  for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
    NgStrMapEntry *e = &m->v[i];
    if (!e->key || (e->hash == h && e->len == len &&
                    !memcmp(e->key, key, len))) {
      return e;
    }
  }
}

size_t *ng_strmap_get(const NgStrMap *m, const char *key, size_t len) {
  if (!m->n || len > UINT32_MAX) {
    return NULL;
  }
  NgStrMapEntry *e = find(m, key, len, hash_bytes(key, len));
  return e->key ? &e->value : NULL;
}

static NgStatus grow(NgStrMap *m) {
  size_t cap = m->cap ? 2 * m->cap : 16;
  NgStrMapEntry *v = calloc(cap, sizeof(*v));
  if (!v) {
    return NG_ERR_NOMEM;
  }
  NgStrMap bigger = {v, cap, m->n};
  for (size_t i = 0; i < m->cap; ++i) {
    if (m->v[i].key) {
      *find(&bigger, m->v[i].key, m->v[i].len, m->v[i].hash) = m->v[i];
    }
  }
  free(m->v);
  *m = bigger;
  return NG_SUCCESS;
}

NgStatus ng_strmap_put(NgStrMap *m, const char *key, size_t len, size_t value,
                       size_t **slot) {
  if (len > UINT32_MAX) {
    return NG_ERR_BAD_ARG;
  }
  if (2 * (m->n + 1) > m->cap && grow(m) != NG_SUCCESS) {
    return NG_ERR_NOMEM;
  }
  uint32_t h = hash_bytes(key, len);
  NgStrMapEntry *e = find(m, key, len, h);
  if (e->key) {
    if (slot) {
      *slot = &e->value;
    }
    return NG_FAILURE;
  }
  char *copy = malloc(len + 1);
  if (!copy) {
    return NG_ERR_NOMEM;
  }
  memcpy(copy, key, len);
  copy[len] = '\0';
  e->key = copy;
  e->len = (uint32_t)len;
  e->hash = h;
  e->value = value;
  ++m->n;
  if (slot) {
    *slot = &e->value;
  }
  return NG_SUCCESS;
}

const char *ng_strmap_intern(NgStrMap *m, const char *key, size_t len) {
  if (ng_strmap_put(m, key, len, 0, NULL) > NG_FAILURE) {
    return NULL;
  }
  return find(m, key, len, hash_bytes(key, len))->key;
}

NgStatus ng_strmap_remove(NgStrMap *m, const char *key, size_t len) {
  if (!m->n || len > UINT32_MAX) {
    return NG_FAILURE;
  }
  NgStrMapEntry *e = find(m, key, len, hash_bytes(key, len));
  if (!e->key) {
    return NG_FAILURE;
  }
  free(e->key);
  e->key = NULL;
  --m->n;
  /* shift back the entries of the probe run that follows */
  size_t mask = m->cap - 1;
  size_t hole = (size_t)(e - m->v);
  for (size_t i = (hole + 1) & mask; m->v[i].key; i = (i + 1) & mask) {
    size_t home = (size_t)m->v[i].hash & mask;
    /* the entry may fill the hole when its home is not within (hole, i] */
    int between = hole <= i ? (home > hole && home <= i)
                            : (home > hole || home <= i);
    if (!between) {
      m->v[hole] = m->v[i];
      m->v[i].key = NULL;
      hole = i;
    }
  }
  return NG_SUCCESS;
}

void ng_strmap_release(NgStrMap *m) {
  for (size_t i = 0; i < m->cap; ++i) {
    free(m->v[i].key);
  }
  free(m->v);
  m->v = NULL;
  m->cap = m->n = 0;
}
