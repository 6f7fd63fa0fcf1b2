/*
 * cli/main.c: entry point of the newsgraph command.  Handles the global
 * options (--help, --version) and hands the rest of the command line to
 * one subcommand (cli/commands.h); everything else lives in libnewsgraph.
 */
#include "commands.h"
#include "newsgraph.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

typedef int (*NgCommandFunc)(int argc, char **argv);

typedef struct NgCommand {
  const char *name;
  NgCommandFunc run;
  const char *summary;
} NgCommand;

static const NgCommand commands[] = {
    {"extract", ng_cmd_extract,
     "read articles and write their knowledge graph"},
    {"rules", ng_cmd_rules, "check that a rule set loads and compiles"},
    {"load", ng_cmd_load, "extract articles into a persistent store"},
    {"query", ng_cmd_query, "run a SPARQL query on a graph file or a store"},
    {"export", ng_cmd_export, "write the contents of a store as RDF"},
    {"serve", ng_cmd_serve,
     "keep a virtuoso:DIR store's SPARQL server running for other tools"},
};

static void usage(FILE *out) {
  fputs("usage: newsgraph [--help] [--version] COMMAND [ARGS...]\n", out);
}

static void help(void) {
  usage(stdout);
  fputs("\n"
        "Read news articles and press releases about institutions and turn\n"
        "each into an RDF knowledge graph: people and their posts,\n"
        "organizations and their units, events with dates, venues, hosts\n"
        "and speakers, and collaborations between institutions.  The graph\n"
        "uses schema.org, W3C ORG, PROV and SKOS terms and can be queried\n"
        "with SPARQL.\n"
        "\n"
        "Commands:\n",
        stdout);
  for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
    printf("  %-9s %s\n", commands[i].name, commands[i].summary);
  }
  fputs(
      "\n"
      "Options:\n"
      "  -h, --help     show this help and exit\n"
      "  -V, --version  show the version and exit\n"
      "\n"
      "Run 'newsgraph COMMAND --help' for the options of a command.\n"
      "\n"
      "Examples:\n"
      "  newsgraph extract article.txt > article.ttl\n"
      "  newsgraph extract -f ntriples -o all.nt articles/\n"
      "  newsgraph rules --check extractor/rules\n"
      "  newsgraph query --data all.ttl --preset partnerships\n"
      "\n"
      "Exit status:\n"
      "  0  success\n"
      "  1  some input could not be read or processed, or the output\n"
      "     could not be written (each problem is named on stderr)\n"
      "  2  usage error: bad option, malformed rules or query\n"
      "\n"
      "Environment:\n"
      "  NEWSGRAPH_RULES  the rules directory used when --rules is not\n"
      "                   given (default: the installed rules, or the\n"
      "                   source tree's extractor/rules when run uninstalled)\n"
      "\n"
      "See newsgraph(1) for the full manual.\n",
      stdout);
}

static const NgCommand *find_command(const char *name) {
  for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
    if (strcmp(commands[i].name, name) == 0) {
      return &commands[i];
    }
  }
  return NULL;
}

#if defined(__SANITIZE_ADDRESS__)
/* In the sanitizer build: rasqal 0.9.33 leaks the rows of every SELECT
 * DISTINCT (its own roqet does too).  Not ours to fix, so LeakSanitizer is
 * told to ignore leaks allocated inside librasqal; every other leak is
 * still reported. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
  return "leak:librasqal.so\n";
}
#endif

int main(int argc, char **argv) {
  /* a file size limit (ulimit -f) makes a write fail with EFBIG, reported
   * like any write error, instead of killing the process midway */
  signal(SIGXFSZ, SIG_IGN);
  if (argc < 2) {
    usage(stderr);
    fputs("Try 'newsgraph --help' for more information.\n", stderr);
    return NG_EXIT_USAGE;
  }
  const char *arg = argv[1];
  if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
    help();
    return NG_EXIT_OK;
  }
  if (strcmp(arg, "--version") == 0 || strcmp(arg, "-V") == 0) {
    printf("newsgraph %s\n", ng_version());
    return NG_EXIT_OK;
  }
  if (strcmp(arg, "help") == 0) {
    /* "newsgraph help extract" is "newsgraph extract --help" */
    if (argc == 2) {
      help();
      return NG_EXIT_OK;
    }
    const NgCommand *cmd = find_command(argv[2]);
    if (cmd) {
      char *sub_argv[] = {argv[2], (char *)"--help", NULL};
      return cmd->run(2, sub_argv);
    }
    arg = argv[2];
  }
  const NgCommand *cmd = find_command(arg);
  if (!cmd) {
    if (arg[0] == '-') {
      fprintf(stderr, "newsgraph: unknown option '%s'\n", arg);
    } else {
      fprintf(stderr, "newsgraph: unknown command '%s'\n", arg);
    }
    usage(stderr);
    fputs("Try 'newsgraph --help' for the list of commands.\n", stderr);
    return NG_EXIT_USAGE;
  }
  return cmd->run(argc - 1, argv + 1);
}
