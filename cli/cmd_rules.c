/* cli/cmd_rules.c: STUB of the rules subcommand. */
#include "commands.h"
int ng_cmd_rules(int argc, char **argv) { (void)argc; (void)argv; return NG_EXIT_USAGE; }
