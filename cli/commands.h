/*
 * commands.h: the subcommands of the newsgraph command.  Each takes the
 * arguments after its name (argv[0] is the subcommand name) and returns
 * the process exit code: 0 success, 1 runtime failure (some input could
 * not be processed, the output or a store could not be opened or
 * written), 2 usage error (bad option, malformed rules or query).
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

/* Sets the article size limit from a --max-size argument ("500000",
 * "64K", "32M", "1G"; binary units).  0 on success; -1, with a message on
 * stderr naming command, when arg is not a size or is out of range. */
int ng_cli_max_size(const char *command, const char *arg); /* options.c */

#endif /* NG_CLI_COMMANDS_H */
