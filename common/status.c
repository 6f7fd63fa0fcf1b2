/*
 * status.c: status codes, their descriptions, and the small allocation
 * helpers of util.h.
 */
#include "util.h"

#include "config.h"

const char *ng_strerror(NgStatus st) {
  switch (st) {
  case NG_SUCCESS: return "success";
  case NG_FAILURE: return "no match";
  case NG_ERR_NOMEM: return "out of memory";
  case NG_ERR_IO: return "input/output error";
  case NG_ERR_BAD_ARG: return "invalid argument";
  case NG_ERR_SYNTAX: return "syntax error";
  case NG_ERR_INPUT: return "input cannot be processed";
  case NG_ERR_RDF: return "rdf library error";
  case NG_ERR_STORE: return "store error";
  case NG_ERR_INTERNAL: return "internal error";
  case NG_ERR_TIMEOUT: return "timed out";
  case NG_ERR_UNSUPPORTED: return "not supported";
  }
  return "unknown status";
}

const char *ng_version(void) {
  return PACKAGE_VERSION;
}

char *ng_strdup(const char *s) {
  return s ? ng_strndup(s, strlen(s)) : NULL;
}

char *ng_strndup(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (d) {
    memcpy(d, s, n);
    d[n] = '\0';
  }
  return d;
}

NgStatus ng_grow(void **array, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) {
    return NG_SUCCESS;
  }
  size_t n = *cap ? *cap : 8;
  while (n < need) {
    n *= 2;
  }
  if (n > ((size_t)-1) / elem) {
    return NG_ERR_NOMEM;
  }
  void *p = realloc(*array, n * elem);
  if (!p) {
    return NG_ERR_NOMEM;
  }
  *array = p;
  *cap = n;
  return NG_SUCCESS;
}
