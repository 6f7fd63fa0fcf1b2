/*
 * store-cli.c: runs the load, query and export subcommands of
 * cli/cmd_store.c without cli/main.c, for tests/store.test.
 * Usage: store-cli load|query|export ARGS...
 */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs("usage: store-cli load|query|export ARGS...\n", stderr);
    return NG_EXIT_USAGE;
  }
  if (!strcmp(argv[1], "load")) {
    return ng_cmd_load(argc - 1, argv + 1);
  }
  if (!strcmp(argv[1], "query")) {
    return ng_cmd_query(argc - 1, argv + 1);
  }
  if (!strcmp(argv[1], "export")) {
    return ng_cmd_export(argc - 1, argv + 1);
  }
  fprintf(stderr, "store-cli: unknown subcommand %s\n", argv[1]);
  return NG_EXIT_USAGE;
}

/* rasqal 0.9.33 leaks the rows of every SELECT DISTINCT (roqet itself does,
 * under LeakSanitizer): not ours to fix, so LeakSanitizer is told to ignore
 * leaks allocated inside librasqal in this test program. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
  return "leak:librasqal.so\n";
}
