/*
 * strmap.h: a hash map from byte-string keys to indexes (internal).
 *
 * The extractor and the article record look things up by name ("is there
 * already an organization with this key?", "which slot has this name?").
 * Scanning a list for each lookup makes an article of n names cost n^2;
 * this map makes each lookup constant time, so extraction stays linear in
 * the size of an article.  Open addressing with linear probing; keys are
 * copied; removal shifts the entries back, so no tombstones accumulate.
 *
 * Invariants: cap is 0 or a power of two, at most half full; a map set to
 * NG_STRMAP_INIT is empty and owns nothing.
 */
#ifndef NG_STRMAP_H
#define NG_STRMAP_H

#include "newsgraph.h"

#include <stddef.h>
#include <stdint.h>

/* 24 bytes: a long article's maps hold hundreds of thousands of entries,
 * and keys are far shorter than 4 GiB (a document is under 2^28 bytes). */
typedef struct NgStrMapEntry {
  char *key; /* NULL: the entry is free */
  uint32_t len;
  uint32_t hash;
  size_t value;
} NgStrMapEntry;

typedef struct NgStrMap {
  NgStrMapEntry *v;
  size_t cap, n;
} NgStrMap;

#define NG_STRMAP_INIT {NULL, 0, 0}

/* The value stored under key[0..len), or NULL when there is none.  The
 * pointer is borrowed and valid until the map next changes. */
size_t *ng_strmap_get(const NgStrMap *m, const char *key, size_t len);

/* Stores value under key (copied) when the key is absent (NG_SUCCESS);
 * when present, leaves it (NG_FAILURE).  Either way *slot (when not NULL)
 * receives the stored value's address, valid until the map next changes.
 * NG_ERR_NOMEM when the map cannot grow, NG_ERR_BAD_ARG for a key of
 * 4 GiB or more. */
NgStatus ng_strmap_put(NgStrMap *m, const char *key, size_t len, size_t value,
                       size_t **slot);

/* The map's own copy of key[0..len) (NUL-terminated), stored with value 0
 * when absent: one copy of each distinct string however often it is
 * interned.  Borrowed from the map: valid until the key is removed or the
 * map released (growing the map does not move it).  NULL when out of
 * memory. */
const char *ng_strmap_intern(NgStrMap *m, const char *key, size_t len);

/* Removes key; NG_FAILURE when it was absent. */
NgStatus ng_strmap_remove(NgStrMap *m, const char *key, size_t len);

/* Frees every key and the table; the map is then empty (NG_STRMAP_INIT). */
void ng_strmap_release(NgStrMap *m);

#endif /* NG_STRMAP_H */
