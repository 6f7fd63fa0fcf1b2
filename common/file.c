/*
 * file.c: opening the data files a rule set consists of.  A rule set is
 * user-edited: a phase or word list naming a directory, a device or a
 * FIFO (/dev/zero, /dev/stdin, a pipe) must be an error, not an endless
 * read or a wait for a writer that never comes.
 */
#define _POSIX_C_SOURCE 200809L
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

FILE *ng_fopen_regular(const char *path, const char **why) {
  /* O_NONBLOCK: opening a FIFO must not wait for a writer */
  int fd = open(path, O_RDONLY | O_NONBLOCK);
  if (fd < 0) {
    *why = strerror(errno);
    return NULL;
  }
  struct stat sb;
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
    *why = S_ISDIR(sb.st_mode) ? "is a directory" : "not a regular file";
    close(fd);
    return NULL;
  }
  /* back to blocking reads for an ordinary file */
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0) {
    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  }
  FILE *f = fdopen(fd, "r");
  if (!f) {
    *why = strerror(errno);
    close(fd);
  }
  return f;
}
