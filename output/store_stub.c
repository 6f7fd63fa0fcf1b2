/* output/store_stub.c: STUB of the persistent stores (NgStore), until
 * output/store.c lands from its own branch. */
#include "util.h"

NgStatus ng_store_open(const char *spec, const char *base_iri, NgStore **out) {
  (void)spec;
  (void)base_iri;
  *out = NULL;
  return NG_ERR_INTERNAL;
}

void ng_store_close(NgStore *store) {
  (void)store;
}

NgStatus ng_store_put_article(NgStore *store, const NgArticle *article) {
  (void)store;
  (void)article;
  return NG_ERR_INTERNAL;
}

size_t ng_store_size(NgStore *store) {
  (void)store;
  return 0;
}
