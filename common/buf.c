/*
 * buf.c: the growable byte buffer every stage builds strings with.
 */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char ng_buf_empty[1];

void ng_buf_init(NgBuf *b) {
  b->data = ng_buf_empty;
  b->len = 0;
  b->cap = 0;
}

NgStatus ng_buf_reserve(NgBuf *b, size_t extra) {
  if (extra > (size_t)-1 - b->len - 1) {
    return NG_ERR_NOMEM;
  }
  size_t need = b->len + extra + 1;
  if (need <= b->cap) {
    return NG_SUCCESS;
  }
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) {
    cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
  }
  char *data = b->cap ? realloc(b->data, cap) : malloc(cap);
  if (!data) {
    return NG_ERR_NOMEM;
  }
  if (!b->cap) {
    data[0] = '\0';
  }
  b->data = data;
  b->cap = cap;
  return NG_SUCCESS;
}

NgStatus ng_buf_append(NgBuf *b, const char *s, size_t n) {
  if (ng_buf_reserve(b, n)) {
    return NG_ERR_NOMEM;
  }
  if (n) {
    memcpy(b->data + b->len, s, n);
  }
  b->len += n;
  b->data[b->len] = '\0';
  return NG_SUCCESS;
}

NgStatus ng_buf_puts(NgBuf *b, const char *s) {
  return ng_buf_append(b, s, strlen(s));
}

NgStatus ng_buf_putc(NgBuf *b, char c) {
  return ng_buf_append(b, &c, 1);
}

NgStatus ng_buf_vprintf(NgBuf *b, const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n < 0) {
    return NG_ERR_BAD_ARG;
  }
  if (ng_buf_reserve(b, (size_t)n)) {
    return NG_ERR_NOMEM;
  }
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
  return NG_SUCCESS;
}

NgStatus ng_buf_printf(NgBuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  NgStatus st = ng_buf_vprintf(b, fmt, ap);
  va_end(ap);
  return st;
}

void ng_buf_truncate(NgBuf *b, size_t len) {
  if (len < b->len) {
    b->len = len;
    b->data[len] = '\0';
  }
}

void ng_buf_reset(NgBuf *b) {
  ng_buf_truncate(b, 0);
}

void ng_buf_release(NgBuf *b) {
  if (b->cap) {
    free(b->data);
  }
  ng_buf_init(b);
}

char *ng_buf_detach(NgBuf *b) {
  char *s = b->cap ? b->data : calloc(1, 1);
  ng_buf_init(b);
  return s;
}
