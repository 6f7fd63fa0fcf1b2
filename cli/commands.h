/*
 * commands.h: the subcommands of the newsgraph command.  Each takes the
 * arguments after its name (argv[0] is the subcommand name) and returns
 * the process exit code: 0 success, 1 some input could not be processed,
 * 2 usage error (bad option, malformed rules or query).
 */
#ifndef NG_CLI_COMMANDS_H
#define NG_CLI_COMMANDS_H

enum { NG_EXIT_OK = 0, NG_EXIT_INPUT = 1, NG_EXIT_USAGE = 2,
       NG_EXIT_TIMEOUT = 3 /* newsgraph query --timeout ran out */ };

int ng_cmd_extract(int argc, char **argv); /* cli/cmd_extract.c */
int ng_cmd_rules(int argc, char **argv);   /* cli/cmd_rules.c */
int ng_cmd_load(int argc, char **argv);    /* cli/cmd_store.c */
int ng_cmd_query(int argc, char **argv);   /* cli/cmd_store.c */
int ng_cmd_export(int argc, char **argv);  /* cli/cmd_store.c */
int ng_cmd_serve(int argc, char **argv);   /* cli/cmd_serve.c */

#endif /* NG_CLI_COMMANDS_H */
