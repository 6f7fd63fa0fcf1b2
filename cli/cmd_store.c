/*
 * cmd_store.c: the load, query and export subcommands: articles into a
 * persistent store (one named graph each), SPARQL over a store or over
 * Turtle files (with preset queries and safely bound parameters), and the
 * store's contents back out as Turtle, N-Triples or N-Quads.
 */
#define _GNU_SOURCE /* getopt_long */
#include "commands.h"
#include "newsgraph.h"
#include "parallel.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_STORE "sqlite:newsgraph.db"
/* Without a terminal, a progress line every this many articles. */
#define PROGRESS_EVERY 100

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static void fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("newsgraph: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

/* The exit status when a store (or the data files of --data) cannot be
 * opened: a malformed spec is a usage error, anything else (a missing,
 * locked, unreadable or unreachable store, a data file that does not
 * parse) a runtime failure. */
static int store_open_exit(NgStatus st) {
  return st == NG_ERR_BAD_ARG ? NG_EXIT_USAGE : NG_EXIT_INPUT;
}

/* ------------------------------------------------------------ file lists */

typedef struct Paths {
  char **v;
  size_t n, cap;
} Paths;

static int paths_add(Paths *p, const char *path) {
  if (p->n == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 64;
    char **v = realloc(p->v, cap * sizeof(*v));
    if (!v) {
      return -1;
    }
    p->v = v;
    p->cap = cap;
  }
  if (!(p->v[p->n] = strdup(path))) {
    return -1;
  }
  ++p->n;
  return 0;
}

static void paths_free(Paths *p) {
  for (size_t i = 0; i < p->n; ++i) {
    free(p->v[i]);
  }
  free(p->v);
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds path: a file as is, a directory's regular files recursively
 * (names starting with '.' skipped), each directory's entries in byte
 * order of their names.  Returns -1 (reported) when path cannot be read. */
static int collect(Paths *out, const char *path) {
  struct stat sb;
  if (stat(path, &sb) != 0) {
    fprintf(stderr, "newsgraph: %s: cannot read: %s\n", path, strerror(errno));
    return -1;
  }
  if (!S_ISDIR(sb.st_mode)) {
    return paths_add(out, path);
  }
  DIR *d = opendir(path);
  if (!d) {
    fprintf(stderr, "newsgraph: %s: cannot read directory: %s\n", path,
            strerror(errno));
    return -1;
  }
  Paths names = {NULL, 0, 0};
  int rc = 0;
  for (struct dirent *e; rc == 0 && (e = readdir(d));) {
    if (e->d_name[0] != '.') {
      rc = paths_add(&names, e->d_name);
    }
  }
  closedir(d);
  if (names.n) {
    qsort(names.v, names.n, sizeof(char *), by_name);
  }
  for (size_t i = 0; i < names.n; ++i) {
    size_t len = strlen(path) + strlen(names.v[i]) + 2;
    char *full = malloc(len);
    if (!full) {
      rc = -1;
      break;
    }
    snprintf(full, len, "%s%s%s", path,
             path[strlen(path) - 1] == '/' ? "" : "/", names.v[i]);
    if (stat(full, &sb) == 0 && (S_ISDIR(sb.st_mode) || S_ISREG(sb.st_mode))) {
      rc |= collect(out, full);
    }
    free(full);
  }
  paths_free(&names);
  return rc;
}

/* ------------------------------------------------------------------ load */

static const char load_usage[] =
    "usage: newsgraph load [--store SPEC] [--base IRI] [--rules DIR] [-j N]\n"
    "                      [--max-size SIZE] [-q] FILE|DIR...\n"
    "       newsgraph load [--store SPEC] --rdf FILE.nq|FILE.trig...\n"
    "\n"
    "Extracts each article and stores its graph as one named graph of the\n"
    "store, replacing the graph an earlier load of the same article left\n"
    "(so loading twice changes nothing).  A directory stands for its\n"
    "regular files, recursively, in name order; names starting with '.'\n"
    "are skipped.\n"
    "\n"
    "  -s, --store SPEC  sqlite:PATH, hashes:DIR, postgresql:CONNINFO,\n"
    "                    virtuoso:DIR, sparql:URL or memory (default\n"
    "                    " DEFAULT_STORE "; see newsgraph(1), STORES)\n"
    "      --rdf         the inputs are N-Quads or TriG files: each of their\n"
    "                    named graphs replaces the store's graph of that name\n"
    "  -b, --base IRI    base IRI of minted nodes\n"
    "  -r, --rules DIR   rule directory (default: the installed rules)\n"
    "  -j, --jobs N      extract on N threads (default: one per processor);\n"
    "                    articles go into the store in input order\n"
    "      --max-size SIZE  refuse an article larger than SIZE bytes (K, M,\n"
    "                    G suffixes; default 32M, at most 256M)\n"
    "  -q, --quiet       no progress on stderr\n"
    "  -h, --help        this text\n"
    "\n"
    "Exit status: 0 all loaded, 1 some article failed (named on stderr; the\n"
    "others are still loaded) or the store cannot be opened or written,\n"
    "2 usage error (bad option or store spec, rules that do not load).\n";

typedef struct Progress {
  int quiet, tty;
  size_t done, total;
  struct timespec start;
} Progress;

static double elapsed(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)(t.tv_sec - t0->tv_sec) +
         (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void progress(Progress *p, int last) {
  if (p->quiet || (!p->tty && !last && p->done % PROGRESS_EVERY)) {
    return;
  }
  double s = elapsed(&p->start);
  fprintf(stderr, "%sloaded %zu/%zu articles (%.1f articles/s)%s",
          p->tty ? "\r" : "", p->done, p->total,
          s > 0 ? (double)p->done / s : 0.0, p->tty && !last ? "" : "\n");
}

/* A load in progress: the threads extract, the calling thread stores. */
typedef struct LoadRun {
  NgStore *store;
  const NgRuleset *rules;
  const Paths *files;
  Progress *pg;
  int rc;
} LoadRun;

/* What extracting one file gave. */
typedef struct Loaded {
  NgStatus st;
  const char *stage; /* what failed */
  NgArticle *article;
} Loaded;

/* One thread's extractor and the load it serves. */
typedef struct LoadWorker {
  const LoadRun *run;
  NgExtractor *ex;
} LoadWorker;

static void *load_worker_new(void *ctx) {
  const LoadRun *run = ctx;
  LoadWorker *w = calloc(1, sizeof(*w));
  if (!w || ng_extractor_new(run->rules, &w->ex) != NG_SUCCESS) {
    free(w);
    return NULL;
  }
  w->run = run;
  return w;
}

static void load_worker_free(void *p) {
  LoadWorker *w = p;
  if (w) {
    ng_extractor_free(w->ex);
    free(w);
  }
}

static void loaded_free(void *p) {
  Loaded *l = p;
  if (l) {
    ng_article_free(l->article);
    free(l);
  }
}

/* Reads and extracts file i, on any thread. */
static void *load_work(void *p, size_t i) {
  LoadWorker *w = p;
  Loaded *l = calloc(1, sizeof(*l));
  if (!l) {
    return NULL;
  }
  NgDocument *doc = NULL;
  l->stage = "cannot read";
  l->st = ng_document_load_file(w->run->files->v[i], &doc);
  if (!l->st) {
    l->stage = "cannot extract";
    l->st = ng_extractor_run(w->ex, doc, &l->article);
  }
  ng_document_free(doc);
  return l;
}

/* Stores the article of file i, on the calling thread, in input order. */
static int load_deliver(void *ctx, size_t i, void *p) {
  LoadRun *run = ctx;
  Loaded *l = p;
  NgStatus st = l ? l->st : NG_ERR_NOMEM;
  const char *stage = l ? l->stage : "cannot extract";
  if (!st) {
    stage = "cannot store";
    st = ng_store_put_article(run->store, l->article);
  }
  if (st) {
    fprintf(stderr, "newsgraph: %s: %s article: %s\n", run->files->v[i], stage,
            ng_strerror(st));
    run->rc = NG_EXIT_INPUT;
  }
  loaded_free(l);
  ++run->pg->done;
  progress(run->pg, i + 1 == run->files->n);
  return 0;
}

static void load_say(void *ctx, const NgDiagnostic *d) {
  (void)ctx;
  ng_log_write(stderr, d);
}

static void load_print(void *ctx, const char *text) {
  (void)ctx;
  fputs(text, stderr);
}

/* While loading: what a thread says waits for its article's turn. */
static void load_sink(void *handle, const NgDiagnostic *d) {
  if (!ng_parallel_capture(d)) {
    load_say(handle, d);
  }
}

/* load --rdf: the named graphs of each file into the store. */
static int load_rdf_files(NgStore *store, const Paths *files, int rc) {
  for (size_t i = 0; i < files->n; ++i) {
    size_t n = 0;
    NgStatus st = ng_store_load_rdf(store, files->v[i], &n);
    if (st) {
      fprintf(stderr, "newsgraph: %s: cannot load: %s\n", files->v[i],
              ng_strerror(st));
      rc = NG_EXIT_INPUT;
    }
  }
  NgStatus st = ng_store_flush(store);
  if (st) {
    fail("load: the graphs could not be written to the store: %s",
         ng_strerror(st));
    rc = NG_EXIT_INPUT;
  }
  return rc;
}

int ng_cmd_load(int argc, char **argv) {
  static const struct option opts[] = {
      {"store", required_argument, NULL, 's'},
      {"base", required_argument, NULL, 'b'},
      {"rules", required_argument, NULL, 'r'},
      {"jobs", required_argument, NULL, 'j'},
      {"max-size", required_argument, NULL, 'M'},
      {"quiet", no_argument, NULL, 'q'},
      {"rdf", no_argument, NULL, 'R'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  const char *spec = DEFAULT_STORE, *base = NULL, *rules_dir = NULL;
  unsigned jobs = 0;
  int rdf = 0;
  Progress pg = {0, isatty(2), 0, 0, {0, 0}};
  optind = 0;
  for (int c; (c = getopt_long(argc, argv, "s:b:r:j:qh", opts, NULL)) != -1;) {
    switch (c) {
    case 's': spec = optarg; break;
    case 'b': base = optarg; break;
    case 'r': rules_dir = optarg; break;
    case 'j':
      if (!(jobs = ng_parallel_parse_jobs(optarg))) {
        fail("load: -j takes a number of threads from 1 to 1024, not '%s'",
             optarg);
        return NG_EXIT_USAGE;
      }
      break;
    case 'M':
      if (ng_cli_max_size("load", optarg)) {
        return NG_EXIT_USAGE;
      }
      break;
    case 'q': pg.quiet = 1; break;
    case 'R': rdf = 1; break;
    case 'h': fputs(load_usage, stdout); return NG_EXIT_OK;
    default: fputs(load_usage, stderr); return NG_EXIT_USAGE;
    }
  }
  if (optind >= argc) {
    fail("load: no input (give FILE or DIR; see newsgraph load --help)");
    return NG_EXIT_USAGE;
  }
  Paths files = {NULL, 0, 0};
  int rc = NG_EXIT_OK;
  for (int i = optind; i < argc; ++i) {
    if (collect(&files, argv[i])) {
      rc = NG_EXIT_INPUT;
    }
  }
  NgStore *store = NULL;
  NgRuleset *rules = NULL;
  NgStatus st = ng_store_open(spec, base, &store);
  if (st) {
    /* the store has already said why; name it without any password */
    fail("load: cannot open the store: %s", ng_strerror(st));
    paths_free(&files);
    return store_open_exit(st);
  }
  if (rdf) {
    rc = load_rdf_files(store, &files, rc);
    ng_store_close(store);
    paths_free(&files);
    return rc;
  }
  if (!rules_dir) {
    rules_dir = ng_default_rules_dir();
  }
  if ((st = ng_ruleset_load(rules_dir, &rules))) {
    fprintf(stderr, "newsgraph: load: cannot load rules from %s: %s\n",
            rules_dir, ng_strerror(st));
    rc = NG_EXIT_USAGE;
  }
  pg.total = files.n;
  clock_gettime(CLOCK_MONOTONIC, &pg.start);
  if (rc != NG_EXIT_USAGE) {
    LoadRun run = {store, rules, &files, &pg, rc};
    static const NgParallelOps ops = {
        load_worker_new, load_worker_free, load_work, load_deliver,
        loaded_free,     load_say,         load_print};
    ng_log_set_sink(load_sink, NULL);
    if (ng_parallel_run(files.n, jobs ? jobs : ng_parallel_cpus(), &ops,
                        &run) < 0) {
      run.rc = NG_EXIT_USAGE; /* no worker could start: reported */
    }
    ng_log_set_sink(NULL, NULL);
    rc = run.rc;
  }
  /* stores write in batches: the last one is committed or sent now, and
   * a failure names the articles it loses */
  if (rc != NG_EXIT_USAGE && (st = ng_store_flush(store))) {
    fail("load: the last articles could not be written to %s: %s",
         ng_store_label(store), ng_strerror(st));
    rc = NG_EXIT_INPUT;
  }
  ng_ruleset_free(rules);
  ng_store_close(store);
  paths_free(&files);
  return rc;
}

/* ------------------------------------------------------------------ query */

static const char query_usage[] =
    "usage: newsgraph query [--store SPEC | --data FILE...] [-f FORMAT]\n"
    "                       [--param NAME=VALUE...] [--timeout SECONDS]\n"
    "                       (QUERY | -q FILE.rq | --preset NAME)\n"
    "       newsgraph query --list-presets\n"
    "\n"
    "Runs a SPARQL 1.1 query over a store or over RDF files.  The query is\n"
    "given as text (the one positional argument), read from a file (-q), or\n"
    "named (--preset).  The default graph is the union of every article\n"
    "graph, each statement once; GRAPH ?g ranges over the article graphs.\n"
    "SELECT and ASK results are written in FORMAT; CONSTRUCT and DESCRIBE\n"
    "results as Turtle.  sqlite, hashes, memory and --data queries run in\n"
    "newsgraph's embedded engine, which refuses, naming it, any construct\n"
    "it does not evaluate; virtuoso: and sparql: stores run them on the\n"
    "server.\n"
    "\n"
    "  -s, --store SPEC        the store (default " DEFAULT_STORE ")\n"
    "  -d, --data FILE         query this Turtle (or .nt/.nq/.rdf) file\n"
    "                          instead of a store; repeatable\n"
    "  -f, --format FORMAT     table (default on a terminal), tsv (default\n"
    "                          otherwise), csv, json, xml, or dot (Graphviz:\n"
    "                          the first two variables are nodes, the others\n"
    "                          label the edge; e.g. --preset partnerships)\n"
    "  -p, --param NAME=VALUE  replaces $NAME in the query by VALUE as a\n"
    "                          string literal (escaped: a value cannot\n"
    "                          change the query); repeatable\n"
    "  -q, --query-file FILE   read the query from FILE\n"
    "  -t, --timeout SECONDS   stop the query after SECONDS (exit status 3)\n"
    "  -P, --preset NAME       run the preset query NAME\n"
    "  -l, --list-presets      list the preset queries and their parameters\n"
    "  -h, --help              this text\n"
    "\n"
    "Presets are read from $NEWSGRAPH_QUERIES, else the installed queries\n"
    "directory.  Exit status: 0 done, 1 the store or a data file cannot be\n"
    "opened or read, or the query failed while running, 2 usage error\n"
    "(bad option or store spec, malformed or refused query), 3 the query\n"
    "ran out of time (--timeout).\n";

/* Reads a whole file.  New (free()); NULL (reported) on failure. */
static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "newsgraph: %s: cannot read: %s\n", path, strerror(errno));
    return NULL;
  }
  size_t len = 0, cap = 4096;
  char *s = malloc(cap);
  for (size_t n; s && (n = fread(s + len, 1, cap - len - 1, f)) > 0;) {
    len += n;
    if (cap - len < 2) {
      char *t = realloc(s, cap *= 2);
      if (!t) {
        free(s);
      }
      s = t;
    }
  }
  if (s && ferror(f)) {
    fprintf(stderr, "newsgraph: %s: cannot read: %s\n", path, strerror(errno));
    free(s);
    s = NULL;
  }
  fclose(f);
  if (s) {
    s[len] = '\0';
  }
  return s;
}

static int preset_name_ok(const char *name) {
  if (!*name) {
    return 0;
  }
  for (const char *p = name; *p; ++p) {
    if (!(*p == '-' || *p == '_' || (*p >= 'a' && *p <= 'z') ||
          (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))) {
      return 0;
    }
  }
  return 1;
}

static char *preset_path(const char *name) {
  const char *dir = ng_default_queries_dir();
  size_t len = strlen(dir) + strlen(name) + 5;
  char *p = malloc(len);
  if (p) {
    snprintf(p, len, "%s/%s.rq", dir, name);
  }
  return p;
}

static int ends_with_rq(const char *name) {
  size_t n = strlen(name);
  return n > 3 && !strcmp(name + n - 3, ".rq");
}

/* Prints "NAME  DESCRIPTION" for each preset (the description is the
 * first comment line of the .rq). */
static int list_presets(void) {
  const char *dir = ng_default_queries_dir();
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "newsgraph: %s: cannot read presets: %s\n", dir,
            strerror(errno));
    return NG_EXIT_USAGE;
  }
  Paths names = {NULL, 0, 0};
  for (struct dirent *e; (e = readdir(d));) {
    if (ends_with_rq(e->d_name) && paths_add(&names, e->d_name)) {
      break;
    }
  }
  closedir(d);
  if (names.n) {
    qsort(names.v, names.n, sizeof(char *), by_name);
  }
  for (size_t i = 0; i < names.n; ++i) {
    names.v[i][strlen(names.v[i]) - 3] = '\0';
    char *path = preset_path(names.v[i]);
    char *text = path ? read_file(path) : NULL;
    const char *desc = "";
    if (text && text[0] == '#') {
      text[strcspn(text, "\n")] = '\0';
      desc = text + 1 + (text[1] == ' ');
    }
    printf("%-14s %s\n", names.v[i], desc);
    free(text);
    free(path);
  }
  paths_free(&names);
  return NG_EXIT_OK;
}

/* Checks that a file store named by spec exists (a query or an export
 * must not create an empty store by mistake). */
static int store_exists(const char *spec) {
  char marker[4096];
  if (!strncmp(spec, "virtuoso:", 9)) {
    snprintf(marker, sizeof marker, "%s/newsgraph-virtuoso", spec + 9);
  }
  const char *path = !strncmp(spec, "sqlite:", 7)     ? spec + 7
                     : !strncmp(spec, "hashes:", 7)   ? spec + 7
                     : !strncmp(spec, "virtuoso:", 9) ? marker
                                                      : NULL;
  if (path && access(path, F_OK) != 0) {
    fprintf(stderr, "newsgraph: store %s does not exist (create it with "
            "newsgraph load)\n", spec);
    return 0;
  }
  return 1;
}

typedef struct QueryArgs {
  const char *spec, *format, *file, *preset, *text;
  const char **data;
  size_t n_data;
  const char **names, **values;
  size_t n_params;
  int list;
  double timeout;
} QueryArgs;

static int add_param(QueryArgs *q, char *arg) {
  char *eq = strchr(arg, '=');
  if (!eq || eq == arg) {
    fail("query: bad --param %s (expected NAME=VALUE)", arg);
    return -1;
  }
  *eq = '\0';
  for (const char *p = arg; *p; ++p) {
    if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
          (*p >= '0' && *p <= '9'))) {
      *eq = '=';
      fail("query: bad parameter name in --param %s (letters, digits, _)",
           arg);
      return -1;
    }
  }
  q->names[q->n_params] = arg;
  q->values[q->n_params++] = eq + 1;
  return 0;
}

static int parse_query_args(int argc, char **argv, QueryArgs *q) {
  static const struct option opts[] = {
      {"store", required_argument, NULL, 's'},
      {"data", required_argument, NULL, 'd'},
      {"format", required_argument, NULL, 'f'},
      {"param", required_argument, NULL, 'p'},
      {"query-file", required_argument, NULL, 'q'},
      {"preset", required_argument, NULL, 'P'},
      {"list-presets", no_argument, NULL, 'l'},
      {"timeout", required_argument, NULL, 't'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  optind = 0;
  for (int c; (c = getopt_long(argc, argv, "s:d:f:p:q:P:lt:h", opts, NULL)) != -1;) {
    switch (c) {
    case 's': q->spec = optarg; break;
    case 'd': q->data[q->n_data++] = optarg; break;
    case 'f': q->format = optarg; break;
    case 'p':
      if (add_param(q, optarg)) {
        return NG_EXIT_USAGE;
      }
      break;
    case 'q': q->file = optarg; break;
    case 'P': q->preset = optarg; break;
    case 'l': q->list = 1; break;
    case 't': {
      char *end;
      q->timeout = strtod(optarg, &end);
      if (*end || end == optarg || !(q->timeout > 0)) {
        fail("query: bad --timeout %s (a number of seconds > 0)", optarg);
        return NG_EXIT_USAGE;
      }
      break;
    }
    case 'h': fputs(query_usage, stdout); return -1;
    default: fputs(query_usage, stderr); return NG_EXIT_USAGE;
    }
  }
  if (q->list) {
    return NG_EXIT_OK;
  }
  int sources = (optind < argc) + !!q->file + !!q->preset;
  if (sources != 1 || argc - optind > 1) {
    fail("query: give exactly one of QUERY, -q FILE or --preset NAME "
         "(see newsgraph query --help)");
    return NG_EXIT_USAGE;
  }
  if (q->spec && q->n_data) {
    fail("query: give --store or --data, not both");
    return NG_EXIT_USAGE;
  }
  if (q->format && !ng_query_format_supported(q->format)) {
    fail("query: unknown format %s (expected table, csv, tsv, json, xml or "
         "dot)", q->format);
    return NG_EXIT_USAGE;
  }
  if (q->preset && !preset_name_ok(q->preset)) {
    fail("query: bad preset name %s (see newsgraph query --list-presets)",
         q->preset);
    return NG_EXIT_USAGE;
  }
  q->text = optind < argc ? argv[optind] : NULL;
  return NG_EXIT_OK;
}

/* The query text, parameters bound.  New (free()); NULL (reported). */
static char *query_text(const QueryArgs *q) {
  char *raw = NULL;
  if (q->text) {
    raw = strdup(q->text);
  } else if (q->file) {
    raw = read_file(q->file);
  } else {
    char *path = preset_path(q->preset);
    if (path && access(path, R_OK) != 0) {
      fprintf(stderr, "newsgraph: query: unknown preset %s (no %s; see "
              "newsgraph query --list-presets)\n", q->preset, path);
    } else if (path) {
      raw = read_file(path);
    }
    free(path);
  }
  char *bound = NULL;
  if (raw && ng_sparql_bind(raw, q->names, q->values, q->n_params, &bound)) {
    bound = NULL;
  }
  free(raw);
  return bound;
}

static int run_query(QueryArgs *q) {
  char *sparql = query_text(q);
  if (!sparql) {
    return NG_EXIT_USAGE;
  }
  NgStore *store = NULL;
  NgStatus st;
  if (q->n_data) {
    st = ng_store_open_files(q->data, q->n_data, &store);
  } else {
    const char *spec = q->spec ? q->spec : DEFAULT_STORE;
    st = store_exists(spec) ? ng_store_open(spec, NULL, &store) : NG_ERR_STORE;
  }
  if (st) {
    free(sparql);
    return store_open_exit(st);
  }
  const char *format = q->format ? q->format : isatty(1) ? "table" : "tsv";
  ng_store_set_timeout(store, q->timeout);
  st = ng_store_query(store, sparql, format, stdout);
  if (fflush(stdout) && !st) {
    st = NG_ERR_IO;
  }
  ng_store_close(store);
  free(sparql);
  if (st == NG_ERR_SYNTAX || st == NG_ERR_BAD_ARG ||
      st == NG_ERR_UNSUPPORTED) {
    return NG_EXIT_USAGE; /* the message names the problem */
  }
  if (st == NG_ERR_TIMEOUT) {
    fail("query: stopped after %g s (--timeout); no result was written",
         q->timeout);
    return NG_EXIT_TIMEOUT;
  }
  if (st) {
    fail("query: failed: %s", ng_strerror(st));
    return NG_EXIT_INPUT;
  }
  return NG_EXIT_OK;
}

int ng_cmd_query(int argc, char **argv) {
  QueryArgs q;
  memset(&q, 0, sizeof q);
  /* at most one --data/--param per argument */
  q.data = calloc((size_t)argc + 1, sizeof(char *));
  q.names = calloc((size_t)argc + 1, sizeof(char *));
  q.values = calloc((size_t)argc + 1, sizeof(char *));
  int rc = NG_EXIT_USAGE;
  if (q.data && q.names && q.values) {
    rc = parse_query_args(argc, argv, &q);
    if (rc == -1) {
      rc = NG_EXIT_OK; /* --help */
    } else if (rc == NG_EXIT_OK) {
      rc = q.list ? list_presets() : run_query(&q);
    }
  }
  free(q.data);
  free(q.names);
  free(q.values);
  return rc;
}

/* ----------------------------------------------------------------- export */

static const char export_usage[] =
    "usage: newsgraph export [--store SPEC] [-f turtle|ntriples|nquads] "
    "[--graph IRI]\n"
    "\n"
    "Writes the store's contents to standard output: every article graph,\n"
    "or only the named graph IRI.  turtle and ntriples write statements\n"
    "(one copy of those several graphs share), nquads writes each\n"
    "statement with the name of its graph.\n"
    "\n"
    "  -s, --store SPEC    the store (default " DEFAULT_STORE ")\n"
    "  -f, --format NAME   turtle (default), ntriples or nquads\n"
    "  -g, --graph IRI     only this article graph\n"
    "  -h, --help          this text\n";

int ng_cmd_export(int argc, char **argv) {
  static const struct option opts[] = {
      {"store", required_argument, NULL, 's'},
      {"format", required_argument, NULL, 'f'},
      {"graph", required_argument, NULL, 'g'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  const char *spec = DEFAULT_STORE, *format = "turtle", *graph = NULL;
  optind = 0;
  for (int c; (c = getopt_long(argc, argv, "s:f:g:h", opts, NULL)) != -1;) {
    switch (c) {
    case 's': spec = optarg; break;
    case 'f': format = optarg; break;
    case 'g': graph = optarg; break;
    case 'h': fputs(export_usage, stdout); return NG_EXIT_OK;
    default: fputs(export_usage, stderr); return NG_EXIT_USAGE;
    }
  }
  if (optind < argc) {
    fail("export: unexpected argument %s (see newsgraph export --help)",
         argv[optind]);
    return NG_EXIT_USAGE;
  }
  if (strcmp(format, "turtle") && strcmp(format, "ntriples") &&
      strcmp(format, "nquads")) {
    fail("export: unknown format %s (expected turtle, ntriples or nquads)",
         format);
    return NG_EXIT_USAGE;
  }
  NgStore *store = NULL;
  NgStatus st = store_exists(spec) ? ng_store_open(spec, NULL, &store)
                                   : NG_ERR_STORE;
  if (st) {
    return store_open_exit(st);
  }
  st = ng_store_export(store, graph, format, stdout);
  if (fflush(stdout) && !st) {
    st = NG_ERR_IO;
  }
  ng_store_close(store);
  if (st) {
    fail("export: failed: %s", ng_strerror(st));
    return NG_EXIT_INPUT;
  }
  return NG_EXIT_OK;
}
