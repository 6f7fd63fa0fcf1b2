/*
 * cli/options.c: option values that several subcommands share.
 */
#include "commands.h"
#include "newsgraph.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int ng_cli_max_size(const char *command, const char *arg) {
  char *end = NULL;
  errno = 0;
  unsigned long long v =
      arg[0] >= '0' && arg[0] <= '9' ? strtoull(arg, &end, 10) : 0;
  unsigned long long unit = 1;
  if (end && *end) {
    switch (*end) {
    case 'k':
    case 'K':
      unit = 1024ULL;
      break;
    case 'm':
    case 'M':
      unit = 1024ULL * 1024;
      break;
    case 'g':
    case 'G':
      unit = 1024ULL * 1024 * 1024;
      break;
    default:
      unit = 0;
    }
    end += unit != 0;
    if (*end == 'i' && end[1] == 'B') {
      end += 2; /* "64MiB" */
    } else if (*end == 'B') {
      ++end; /* "64MB", "64KB" */
    }
  }
  if (!end || *end || errno || unit == 0 || v == 0 ||
      v > NG_MAX_DOCUMENT_BYTES / unit ||
      ng_set_max_document_bytes((size_t)(v * unit)) != NG_SUCCESS) {
    fprintf(stderr,
            "newsgraph %s: bad --max-size '%s' (a size such as 500000, "
            "64K, 32M; at most %zuM)\n",
            command, arg, NG_MAX_DOCUMENT_BYTES / (1024 * 1024));
    return -1;
  }
  return 0;
}
