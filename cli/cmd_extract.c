/* cli/cmd_extract.c: STUB of the extract subcommand. */
#include "commands.h"
int ng_cmd_extract(int argc, char **argv) { (void)argc; (void)argv; return NG_EXIT_USAGE; }
