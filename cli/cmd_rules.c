/*
 * cli/cmd_rules.c: "newsgraph rules --check [DIR]", the rule author's
 * compiler run.  Loads and compiles a rule set exactly as extract would,
 * so every problem is listed (FILE:LINE: MESSAGE, through the library's
 * default log sink) without having to run it over articles.
 */
#include "commands.h"
#include "newsgraph.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out) {
  fputs("usage: newsgraph rules [--check] [--show RULE] [DIR]\n", out);
}

static void help(void) {
  usage(stdout);
  fputs("\n"
        "Load the rule set in DIR (its main.phases and lists.def), expand its\n"
        "macros and compile every pattern, as 'newsgraph extract' does, and\n"
        "report the result.  Every problem is printed as FILE:LINE: MESSAGE.\n"
        "DIR defaults to $NEWSGRAPH_RULES, else the built-in rules.\n"
        "\n"
        "Options:\n"
        "  -c, --check      check the rule set (the default action)\n"
        "  -s, --show RULE  print rule RULE's token pattern (if it has one)\n"
        "                   and the pcre2 pattern it runs, macros expanded\n"
        "  -h, --help       show this help and exit\n"
        "\n"
        "Exit status: 0 the rules load (\"DIR: N rules in M phases, ok\" is\n"
        "printed); 2 they do not, or a usage error.\n",
        stdout);
}

static int usage_error(void) {
  usage(stderr);
  fputs("Try 'newsgraph rules --help' for more information.\n", stderr);
  return NG_EXIT_USAGE;
}

static int check(const char *dir, const char *show) {
  NgRuleset *rules = NULL;
  NgStatus st = ng_ruleset_load(dir, &rules);
  if (st != NG_SUCCESS) {
    fprintf(stderr, "newsgraph rules: %s: rules do not load: %s\n", dir,
            ng_strerror(st));
    ng_ruleset_free(rules);
    return NG_EXIT_USAGE;
  }
  if (show) {
    const char *tokens = NULL;
    const char *pattern = ng_ruleset_rule_pattern(rules, show, &tokens);
    if (!pattern) {
      fprintf(stderr, "newsgraph rules: %s: no rule '%s'\n", dir, show);
      ng_ruleset_free(rules);
      return NG_EXIT_USAGE;
    }
    if (tokens) {
      printf("tokens  %s\n", tokens);
    }
    printf("pattern %s\n", pattern);
  } else {
    printf("%s: %zu rules in %zu phases, ok\n", dir,
           ng_ruleset_n_rules(rules), ng_ruleset_n_phases(rules));
  }
  ng_ruleset_free(rules);
  return fflush(stdout) == 0 ? NG_EXIT_OK : NG_EXIT_INPUT;
}

int ng_cmd_rules(int argc, char **argv) {
  static const struct option longopts[] = {{"check", no_argument, NULL, 'c'},
                                           {"show", required_argument, NULL, 's'},
                                           {"help", no_argument, NULL, 'h'},
                                           {NULL, 0, NULL, 0}};
  /* getopt_long names problems after argv[0]: make it the full command */
  char **args = calloc((size_t)argc + 1, sizeof(*args));
  if (!args) {
    fputs("newsgraph rules: out of memory\n", stderr);
    return NG_EXIT_USAGE;
  }
  memcpy(args, argv, (size_t)argc * sizeof(*args));
  args[0] = (char *)"newsgraph rules";
  int c;
  int rc = -1;
  const char *show = NULL;
  optind = 1;
  while (rc < 0 && (c = getopt_long(argc, args, "cs:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'c':
      break;
    case 's':
      show = optarg;
      break;
    case 'h':
      help();
      rc = NG_EXIT_OK;
      break;
    default:
      rc = usage_error();
      break;
    }
  }
  if (rc < 0 && argc - optind > 1) {
    fprintf(stderr, "newsgraph rules: more than one directory given\n");
    rc = usage_error();
  }
  if (rc < 0) {
    rc = check(optind < argc ? args[optind] : ng_default_rules_dir(), show);
  }
  free(args);
  return rc;
}
