/*
 * util.h: small internal helpers shared by every stage: early-return on
 * error (after serd's try.h), checked allocation wrappers and string
 * duplication.  Internal: not part of newsgraph.h.
 */
#ifndef NG_UTIL_H
#define NG_UTIL_H

#include "newsgraph.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Evaluates expr into st and returns st from the caller when it is an
 * error (anything but NG_SUCCESS and NG_FAILURE). */
#define TRY(st, expr)                                                         \
  do {                                                                        \
    if (((st) = (expr)) > NG_FAILURE) {                                       \
      return (st);                                                            \
    }                                                                         \
  } while (0)

#define NG_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* strdup that accepts NULL (returning NULL).  New: free(). */
char *ng_strdup(const char *s);

/* Copy of the n bytes at s, NUL-terminated.  New: free(). */
char *ng_strndup(const char *s, size_t n);

/* Grows *array (of elements of size elem) so that it holds at least need
 * elements, doubling *cap.  Returns NG_ERR_NOMEM on failure, leaving
 * *array and *cap unchanged. */
NgStatus ng_grow(void **array, size_t *cap, size_t need, size_t elem);

/* Opens path for reading if it is a regular file (common/file.c).  NULL
 * otherwise, with *why (static text) saying why: the system's reason, "is
 * a directory" or "not a regular file" (a device or FIFO, which could be
 * read forever or block). */
FILE *ng_fopen_regular(const char *path, const char **why);

/* ng_log with a va_list, for functions that report on behalf of others. */
void ng_vlog(NgLogLevel level, const char *file, unsigned line,
             size_t offset, const char *rule, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 0)))
#endif
    ;

#endif /* NG_UTIL_H */
