/*
 * fuzz-rules.c: bytes -> a rule-set directory -> ng_ruleset_load, and, when
 * the rule set loads, an extraction of a short fixed text with it.
 *
 * The input is a bundle of files: the text up to the first line
 * "== NAME" is main.phases, and each "== NAME" line starts the file NAME
 * (letters, digits, '.', '-', '_'; at most 40 characters; a name not
 * starting with a letter is skipped with its contents).  The files are
 * written to a private temporary directory, emptied before each input.
 *
 * Properties checked: loading gives a rule set or NG_ERR_SYNTAX /
 * NG_ERR_IO (a clean error, each reported), never another status, a crash
 * or a leak; a loaded rule set extracts the fixed text without an error;
 * every diagnostic has a message.
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"

#include <dirent.h>
#include <string.h>
#include <unistd.h>

static char dir[256];
static NgDocument *sample;

/* Invented names only: the text exercises persons, titles, organizations,
 * dates and a collaboration so that fuzzed rules find something. */
static const char sample_text[] =
    "Dr. Alda Morrow, Vice President of Kestrel Valley University, and "
    "Prof. Tomas Ebbe of the Lindqvist Institute signed an agreement on "
    "14 March 2024 to cooperate on river ecology research.\n\n"
    "The Harbour Forum was held on 2 May 2023 at Pell Hall (KVU).\n";

static void remove_files(void) {
  DIR *d = opendir(dir);
  if (!d) {
    return;
  }
  char path[512];
  for (struct dirent *e; (e = readdir(d));) {
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      unlink(path);
    }
  }
  closedir(d);
}

static void cleanup(void) {
  remove_files();
  rmdir(dir);
  ng_document_free(sample);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  ng_fuzz_quiet_log();
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/ng-fuzz-rules.XXXXXX",
           tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    perror("fuzz-rules: mkdtemp");
    exit(1);
  }
  if (ng_document_from_bytes("sample.txt", sample_text, sizeof sample_text - 1,
                             &sample)) {
    fprintf(stderr, "fuzz-rules: cannot read the sample text\n");
    exit(1);
  }
  atexit(cleanup);
  return 0;
}

static int valid_name(const char *s, size_t n) {
  if (n == 0 || n > 40 ||
      !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) {
    return 0;
  }
  for (size_t i = 0; i < n; ++i) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')) {
      return 0;
    }
  }
  return 1;
}

static void write_file(const char *name, const uint8_t *data, size_t n) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "ab");
  FUZZ_CHECK(f != NULL, "cannot write %s", path);
  FUZZ_CHECK(fwrite(data, 1, n, f) == n && fclose(f) == 0, "cannot write %s",
             path);
}

/* Splits the bundle into files (see the top of the file). */
static void unpack(const uint8_t *data, size_t size) {
  char name[48] = "main.phases";
  int keep = 1;
  size_t start = 0, i = 0;
  while (i <= size) {
    int at_line = i == 0 || data[i - 1] == '\n';
    if (i < size && at_line && size - i >= 3 && !memcmp(data + i, "== ", 3)) {
      if (keep) {
        write_file(name, data + start, i - start);
      }
      const uint8_t *nl = memchr(data + i, '\n', size - i);
      size_t end = nl ? (size_t)(nl - data) : size;
      size_t len = end - (i + 3);
      keep = valid_name((const char *)data + i + 3, len);
      if (keep) {
        memcpy(name, data + i + 3, len);
        name[len] = '\0';
      }
      i = start = nl ? end + 1 : size;
      if (!nl) {
        break;
      }
      continue;
    }
    if (i == size) {
      break;
    }
    ++i;
  }
  if (keep && start <= size) {
    write_file(name, data + start, size - start);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  remove_files();
  unpack(data, size);
  NgRuleset *rules = NULL;
  NgStatus st = ng_ruleset_load(dir, &rules);
  FUZZ_CHECK(st == NG_SUCCESS || st == NG_ERR_SYNTAX || st == NG_ERR_IO,
             "ng_ruleset_load: %s", ng_strerror(st));
  FUZZ_CHECK((st == NG_SUCCESS) == (rules != NULL),
             "status and result disagree");
  if (rules) {
    NgExtractor *ex = NULL;
    st = ng_extractor_new(rules, &ex);
    FUZZ_CHECK(st == NG_SUCCESS, "ng_extractor_new: %s", ng_strerror(st));
    NgArticle *article = NULL;
    st = ng_extractor_run(ex, sample, &article);
    FUZZ_CHECK(st == NG_SUCCESS, "ng_extractor_run: %s", ng_strerror(st));
    ng_article_free(article);
    ng_extractor_free(ex);
    ng_ruleset_free(rules);
  }
  return 0;
}
