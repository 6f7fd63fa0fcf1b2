/*
 * cmd_serve.c: the serve subcommand: starts (or joins) the private
 * Virtuoso server of a virtuoso:DIR store and keeps it running, its
 * SPARQL endpoint open to other tools, until interrupted; then the server
 * is stopped cleanly unless other newsgraph processes still use it.
 */
#define _GNU_SOURCE /* getopt_long */
#include "commands.h"
#include "newsgraph.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static const char serve_usage[] =
    "usage: newsgraph serve --store virtuoso:DIR\n"
    "\n"
    "Starts the private Virtuoso server of DIR (creating the database when\n"
    "DIR is new) and keeps it running until interrupted (Ctrl-C, SIGTERM,\n"
    "SIGHUP).  Meanwhile its SPARQL endpoint serves other tools, and\n"
    "newsgraph load, query and export on the same store use the running\n"
    "server instead of starting their own.\n"
    "\n"
    "  -s, --store SPEC  virtuoso:DIR\n"
    "  -h, --help        this text\n"
    "\n"
    "Exit status: 0 stopped by a signal, 2 usage error or the server\n"
    "cannot start.\n";

int ng_cmd_serve(int argc, char **argv) {
  static const struct option opts[] = {{"store", required_argument, NULL, 's'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  const char *spec = NULL;
  optind = 0;
  for (int c; (c = getopt_long(argc, argv, "s:h", opts, NULL)) != -1;) {
    switch (c) {
    case 's':
      spec = optarg;
      break;
    case 'h':
      fputs(serve_usage, stdout);
      return NG_EXIT_OK;
    default:
      fputs(serve_usage, stderr);
      return NG_EXIT_USAGE;
    }
  }
  if (optind < argc || !spec || strncmp(spec, "virtuoso:", 9)) {
    fputs("newsgraph: serve: give --store virtuoso:DIR (a sparql:URL store "
          "is already a running server)\n",
          stderr);
    return NG_EXIT_USAGE;
  }
  /* the signals are waited for, not handled: block them before any
   * thread or child exists */
  sigset_t wait_for;
  sigemptyset(&wait_for);
  sigaddset(&wait_for, SIGINT);
  sigaddset(&wait_for, SIGTERM);
  sigaddset(&wait_for, SIGHUP);
  sigprocmask(SIG_BLOCK, &wait_for, NULL);
  NgStore *store = NULL;
  if (ng_store_open(spec, NULL, &store)) {
    fputs("newsgraph: serve: cannot start the store's server\n", stderr);
    return NG_EXIT_USAGE;
  }
  const char *endpoint = ng_store_endpoint(store);
  const char *dir = spec + 9;
  printf("SPARQL endpoint: %s (read only, no password)\n"
         "updates: %s-auth (HTTP digest, user dba, password in %s/password)\n"
         "the article graphs' union, each statement once: <urn:x-newsgraph:"
         "union>\n"
         "  (query it as the default graph: FROM <urn:x-newsgraph:union>; "
         "Virtuoso's own\n"
         "  default graph holds every graph, a statement once per graph)\n"
         "stop with Ctrl-C\n",
         endpoint, endpoint, dir);
  fflush(stdout);
  int sig = 0;
  sigwait(&wait_for, &sig);
  fprintf(stderr, "newsgraph: serve: stopping (signal %d)\n", sig);
  ng_store_close(store);
  return NG_EXIT_OK;
}
