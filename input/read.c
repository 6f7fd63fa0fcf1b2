/*
 * read.c: reads an article's bytes from a file or a stream, all at once,
 * refusing inputs larger than the article size limit before holding them
 * (a regular file by its size, a stream after one byte more than the
 * limit).  The limit itself lives here too.
 */
#define _POSIX_C_SOURCE 200809L /* fileno, fstat */

#include "input.h"

#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>

static _Atomic size_t max_bytes = NG_DEFAULT_MAX_DOCUMENT_BYTES;

NgStatus ng_set_max_document_bytes(size_t bytes) {
  if (bytes == 0 || bytes > NG_MAX_DOCUMENT_BYTES) {
    return NG_ERR_BAD_ARG;
  }
  atomic_store(&max_bytes, bytes);
  return NG_SUCCESS;
}

size_t ng_max_document_bytes(void) {
  return atomic_load(&max_bytes);
}

/* size: the input's size when known, 0 for a stream read past the limit */
NgStatus ng_too_large(const char *label, size_t size) {
  size_t max = ng_max_document_bytes();
  if (size) {
    ng_log(NG_LOG_ERROR, label, 0, (size_t)-1, NULL,
           "input too large: %zu bytes, the limit is %zu (see --max-size)",
           size, max);
  } else {
    ng_log(NG_LOG_ERROR, label, 0, (size_t)-1, NULL,
           "input too large: more than the limit of %zu bytes (see "
           "--max-size)",
           max);
  }
  return NG_ERR_INPUT;
}

/* Reads stream to its end; hint is the expected size (0 if unknown), so
 * that a regular file is read into one allocation of the right size. */
static NgStatus read_all(FILE *stream, const char *label, size_t hint,
                         char **data, size_t *len) {
  size_t max = ng_max_document_bytes();
  size_t cap = hint > 65536 ? hint + 1 : 65536, n = 0;
  char *buf = malloc(cap + 1);
  if (!buf) {
    return NG_ERR_NOMEM;
  }
  for (;;) {
    if (n == cap) {
      if (cap > max) {
        free(buf);
        return ng_too_large(label, 0);
      }
      /* one byte past the limit is enough to know the input is too big */
      size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
      char *nbuf = realloc(buf, ncap + 1);
      if (!nbuf) {
        free(buf);
        return NG_ERR_NOMEM;
      }
      buf = nbuf;
      cap = ncap;
    }
    size_t got = fread(buf + n, 1, cap - n, stream);
    n += got;
    if (got == 0) {
      break;
    }
  }
  if (ferror(stream)) {
    int err = errno;
    free(buf);
    ng_log(NG_LOG_ERROR, label, 0, (size_t)-1, NULL, "cannot read: %s",
           strerror(err ? err : EIO));
    return NG_ERR_IO;
  }
  if (n > max) {
    free(buf);
    return ng_too_large(label, 0);
  }
  buf[n] = '\0';
  *data = buf;
  *len = n;
  return NG_SUCCESS;
}

NgStatus ng_read_stream(FILE *stream, const char *label, char **data,
                        size_t *len) {
  return read_all(stream, label, 0, data, len);
}

NgStatus ng_read_file(const char *path, char **data, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL, "cannot open: %s",
           strerror(errno));
    return NG_ERR_IO;
  }
  struct stat sb;
  size_t hint = 0;
  /* a regular file's size tells us early that it is too big to read */
  if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode)) {
    if ((unsigned long long)sb.st_size > ng_max_document_bytes()) {
      fclose(f);
      return ng_too_large(path, (size_t)sb.st_size);
    }
    hint = (size_t)sb.st_size;
  }
  errno = 0;
  NgStatus st = read_all(f, path, hint, data, len);
  fclose(f);
  return st;
}
