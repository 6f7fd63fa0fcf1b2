/*
 * replay.c: the main() of a fuzz harness outside libFuzzer.  Runs the
 * harness once on every file named on the command line (a directory
 * stands for the files in it), so that make check replays the seed
 * corpus and every committed crash reproducer with the ordinary compiler
 * and, in the sanitizer build, under ASan and UBSan.  A property that
 * does not hold aborts, which fails the test.
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Seconds one input may take before the replay is killed (a hang found
 * by the fuzzer stays a failure here); generous for the sanitizer and
 * valgrind builds. */
#define SECONDS_PER_INPUT 120

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
    return 1;
  }
  size_t cap = 4096, len = 0;
  uint8_t *data = malloc(cap);
  for (size_t n; data && (n = fread(data + len, 1, cap - len, f)) > 0;) {
    len += n;
    if (len == cap) {
      uint8_t *bigger = realloc(data, cap *= 2);
      if (!bigger) {
        free(data);
      }
      data = bigger;
    }
  }
  int bad = !data || ferror(f);
  fclose(f);
  if (bad) {
    fprintf(stderr, "replay: %s: cannot read\n", path);
    free(data);
    return 1;
  }
  /* an exact-size copy, so that ASan sees reads past the end */
  uint8_t *exact = malloc(len ? len : 1);
  if (!exact) {
    free(data);
    return 1;
  }
  memcpy(exact, data, len);
  free(data);
  alarm(SECONDS_PER_INPUT);
  LLVMFuzzerTestOneInput(exact, len);
  alarm(0);
  free(exact);
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path, size_t *count) {
  struct stat sb;
  if (stat(path, &sb) != 0) {
    fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
    return 1;
  }
  if (!S_ISDIR(sb.st_mode)) {
    ++*count;
    return run_file(path);
  }
  DIR *d = opendir(path);
  if (!d) {
    fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
    return 1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.') {
      continue;
    }
    if (n == cap) {
      char **more = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *more);
      if (!more) {
        rc = 1;
        break;
      }
      names = more;
    }
    if (!(names[n] = strdup(e->d_name))) {
      rc = 1;
      break;
    }
    ++n;
  }
  closedir(d);
  if (n) {
    qsort(names, n, sizeof *names, by_name);
  }
  for (size_t i = 0; i < n; ++i) {
    size_t len = strlen(path) + strlen(names[i]) + 2;
    char *full = malloc(len);
    if (!full) {
      rc = 1;
    } else {
      snprintf(full, len, "%s/%s", path, names[i]);
      if (stat(full, &sb) == 0 && S_ISREG(sb.st_mode)) {
        ++*count;
        rc |= run_file(full);
      }
    }
    free(full);
    free(names[i]);
  }
  free(names);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
    return 2;
  }
  LLVMFuzzerInitialize(&argc, &argv);
  size_t count = 0;
  int rc = 0;
  for (int i = 1; i < argc; ++i) {
    rc |= run_path(argv[i], &count);
  }
  printf("%s: %zu inputs replayed%s\n", argv[0], count,
         rc ? ", some unreadable" : "");
  return rc;
}
