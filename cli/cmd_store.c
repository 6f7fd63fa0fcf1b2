/* cli/cmd_store.c: STUB of the load, query and export subcommands. */
#include "commands.h"
int ng_cmd_load(int argc, char **argv) { (void)argc; (void)argv; return NG_EXIT_USAGE; }
int ng_cmd_query(int argc, char **argv) { (void)argc; (void)argv; return NG_EXIT_USAGE; }
int ng_cmd_export(int argc, char **argv) { (void)argc; (void)argv; return NG_EXIT_USAGE; }
