/*
 * buf.h: one growable byte buffer (after git's strbuf).
 *
 * Invariants: data is never NULL and always NUL-terminated at data[len];
 * a buffer initialised with NG_BUF_INIT points at a shared empty string
 * until the first append.  ng_buf_reset keeps the allocation (len = 0),
 * ng_buf_release frees it, ng_buf_detach hands the storage to the caller.
 */
#ifndef NG_BUF_H
#define NG_BUF_H

#include "newsgraph.h"

#include <stdarg.h>
#include <stddef.h>

typedef struct NgBuf {
  char *data;
  size_t len;
  size_t cap; /* 0 while data is the shared empty string */
} NgBuf;

extern char ng_buf_empty[1];
#define NG_BUF_INIT {ng_buf_empty, 0, 0}

void ng_buf_init(NgBuf *b);
NgStatus ng_buf_reserve(NgBuf *b, size_t extra);
NgStatus ng_buf_append(NgBuf *b, const char *s, size_t n);
NgStatus ng_buf_puts(NgBuf *b, const char *s);
NgStatus ng_buf_putc(NgBuf *b, char c);
NgStatus ng_buf_printf(NgBuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
NgStatus ng_buf_vprintf(NgBuf *b, const char *fmt, va_list ap);
void ng_buf_truncate(NgBuf *b, size_t len);
void ng_buf_reset(NgBuf *b);
void ng_buf_release(NgBuf *b);
/* Returns the storage (new: free()) and leaves b empty; a copy of "" when
 * nothing was appended.  NULL when out of memory. */
char *ng_buf_detach(NgBuf *b);

#endif /* NG_BUF_H */
