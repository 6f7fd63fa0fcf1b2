/*
 * cli/cmd_extract.c: "newsgraph extract", the front door of the pipeline.
 * Loads the rule set once and runs an extractor per thread (-j) over the
 * inputs (files, directories of files, standard input).  N-Triples and
 * N-Quads are serialised article by article on the threads and written in
 * input order; Turtle and RDF/XML articles are added in input order to one
 * graph written once at the end.  With -o the output goes to a temporary
 * file beside the target that is renamed into place only when complete,
 * so a reader never sees a half-written graph.
 */
#define _POSIX_C_SOURCE 200809L

#include "buf.h"
#include "commands.h"
#include "newsgraph.h"
#include "parallel.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* More inputs than this get a progress line (on a terminal, without -q). */
enum { PROGRESS_MIN_INPUTS = 20 };

typedef struct Options {
  const char *format;
  const char *output;
  const char *base;
  const char *rules;
  int explain;
  int quiet;
  unsigned jobs; /* threads; 0: one per processor */
} Options;

/* The inputs named on the command line, directories expanded. */
typedef struct InputList {
  char **paths; /* each new (free()); "-" is standard input */
  size_t n;
  size_t cap;
} InputList;

/* Where the graph goes.  tmp_path is set while a temporary file exists. */
typedef struct Output {
  FILE *stream;
  const char *path; /* borrowed from argv; NULL for standard output */
  char *tmp_path;   /* new (free()), NULL when writing directly */
} Output;

/* State of the diagnostic sink installed while extracting. */
typedef struct Console {
  int quiet;
  int progress;     /* a progress line may be on the terminal */
  int line_visible; /* it is there now and must be erased first */
  struct timespec last;
} Console;

/* The temporary file to remove when a signal ends the process.  Only a
 * pointer read by the handler: the handler must stay async-signal-safe. */
static const char *volatile pending_tmp_path = NULL;

/* ------------------------------------------------------------- messages */

static void usage(FILE *out) {
  fputs("usage: newsgraph extract [-f FORMAT] [-o FILE] [--base IRI] "
        "[--rules DIR]\n"
        "                         [-j N] [--max-size SIZE] [--explain] [-q]\n"
        "                         FILE|DIR|- ...\n",
        out);
}

static void help(void) {
  usage(stdout);
  fputs("\n"
        "Read each input, extract its facts with the rule set and write one\n"
        "RDF graph holding the facts of all of them.  A DIR stands for its\n"
        "regular files in name order (not recursive, hidden files skipped);\n"
        "'-' is standard input.\n"
        "\n"
        "Options:\n"
        "  -f, --format FORMAT  turtle (default), ntriples, nquads or rdfxml\n"
        "  -o, --output FILE    write the graph to FILE instead of standard\n"
        "                       output; FILE appears only once complete\n"
        "      --base IRI       mint node IRIs under IRI (default\n"
        "                       " NG_DEFAULT_BASE_IRI ")\n"
        "      --rules DIR      use the rule set in DIR (default: "
        "$NEWSGRAPH_RULES,\n"
        "                       else the built-in rules)\n"
        "  -j, --jobs N         extract on N threads (default: one per\n"
        "                       processor); the output is the same for any N\n"
        "      --max-size SIZE  refuse an input larger than SIZE bytes (K, M, G\n"
        "                       suffixes; default 32M, at most 256M)\n"
        "      --explain        print on stderr every fact kept, as\n"
        "                       'RULE: fact | sentence'\n"
        "  -q, --quiet          no progress line and no warnings, errors only\n"
        "  -h, --help           show this help and exit\n"
        "      --               end of options (for inputs starting with '-')\n"
        "\n"
        "Exit status: 0 all inputs processed; 1 some input could not be read\n"
        "or processed (each is named on stderr; the others are still in the\n"
        "output) or the output could not be written; 2 usage error or the\n"
        "rules failed to load.\n",
        stdout);
}

static void usage_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

static void usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("newsgraph extract: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  usage(stderr);
  fputs("Try 'newsgraph extract --help' for more information.\n", stderr);
}

/* -------------------------------------------------------------- console */

static double seconds_between(const struct timespec *a,
                              const struct timespec *b) {
  return (double)(b->tv_sec - a->tv_sec) +
         (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void erase_progress(Console *con) {
  if (con->line_visible) {
    fputs("\r\033[K", stderr);
    con->line_visible = 0;
  }
}

/* Filters (-q) and prints a diagnostic as the default sink does, erasing
 * the progress line first so the two never share a line. */
static void console_say(Console *con, const NgDiagnostic *d) {
  if (con->quiet && d->level != NG_LOG_ERROR) {
    return;
  }
  erase_progress(con);
  ng_log_write(stderr, d);
}

/* The sink while extracting: what a worker thread says waits for its
 * article's turn (parallel.h); the rest is said at once. */
static void console_sink(void *handle, const NgDiagnostic *d) {
  if (!ng_parallel_capture(d)) {
    console_say(handle, d);
  }
}

static void console_print(Console *con, const char *text) {
  erase_progress(con);
  fputs(text, stderr);
}

static void show_progress(Console *con, size_t done, size_t total,
                          size_t failed) {
  if (!con->progress) {
    return;
  }
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (done < total && con->line_visible &&
      seconds_between(&con->last, &now) < 0.2) {
    return; /* redrawing faster than the eye reads only costs time */
  }
  con->last = now;
  fprintf(stderr, "\r\033[Knewsgraph extract: %zu/%zu inputs (%zu%%)", done,
          total, total ? done * 100 / total : 100);
  if (failed) {
    fprintf(stderr, ", %zu failed", failed);
  }
  con->line_visible = 1;
  if (done == total) {
    fputc('\n', stderr);
    con->line_visible = 0;
  }
}

/* Prints one kept fact for --explain: "RULE: KIND TEXT | SENTENCE", the
 * sentence on one line. */
static void explain_fact(void *handle, const char *kind, const char *text,
                         const NgProvenance *prov) {
  (void)handle;
  NgBuf line = NG_BUF_INIT;
  ng_buf_printf(&line, "%s: %s %s", prov && prov->rule ? prov->rule : "-", kind,
                text);
  if (prov && prov->evidence) {
    ng_buf_puts(&line, " | ");
    int space = 0;
    for (const char *p = prov->evidence; *p; p++) {
      if (*p == '\n' || *p == '\r' || *p == '\t' || *p == ' ') {
        space = 1;
        continue;
      }
      if (space) {
        ng_buf_putc(&line, ' ');
        space = 0;
      }
      ng_buf_putc(&line, *p);
    }
  }
  ng_buf_putc(&line, '\n');
  ng_parallel_print(line.data);
  ng_buf_release(&line);
}

/* --------------------------------------------------------------- inputs */

static NgStatus add_input(InputList *list, char *path) {
  if (!path) {
    return NG_ERR_NOMEM;
  }
  if (ng_grow((void **)&list->paths, &list->cap, list->n + 1,
              sizeof(*list->paths)) != NG_SUCCESS) {
    free(path);
    return NG_ERR_NOMEM;
  }
  list->paths[list->n++] = path;
  return NG_SUCCESS;
}

static void input_list_free(InputList *list) {
  for (size_t i = 0; i < list->n; i++) {
    free(list->paths[i]);
  }
  free(list->paths);
}

static int compare_paths(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join_path(const char *dir, const char *name) {
  NgBuf b = NG_BUF_INIT;
  size_t len = strlen(dir);
  if (ng_buf_puts(&b, dir) != NG_SUCCESS ||
      (len && dir[len - 1] != '/' && ng_buf_putc(&b, '/') != NG_SUCCESS) ||
      ng_buf_puts(&b, name) != NG_SUCCESS) {
    ng_buf_release(&b);
    return NULL;
  }
  return ng_buf_detach(&b);
}

/* Appends the regular, non-hidden files of dir in byte order of their
 * names.  NG_ERR_IO (reported) when dir cannot be read. */
static NgStatus add_directory(InputList *list, const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    ng_log(NG_LOG_ERROR, dir, 0, (size_t)-1, NULL, "cannot read directory: %s",
           strerror(errno));
    return NG_ERR_IO;
  }
  size_t first = list->n;
  NgStatus st = NG_SUCCESS;
  struct dirent *e;
  errno = 0;
  while (st == NG_SUCCESS && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') {
      continue;
    }
    char *path = join_path(dir, e->d_name);
    struct stat sb;
    if (path && (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))) {
      free(path); /* not a regular file: subdirectories are not entered */
      continue;
    }
    st = add_input(list, path);
  }
  if (st == NG_SUCCESS && errno != 0) {
    ng_log(NG_LOG_ERROR, dir, 0, (size_t)-1, NULL, "cannot read directory: %s",
           strerror(errno));
    st = NG_ERR_IO;
  }
  closedir(d);
  qsort(list->paths + first, list->n - first, sizeof(*list->paths),
        compare_paths);
  return st;
}

/* Expands the operands into list.  Returns NG_ERR_NOMEM only; unreadable
 * directories are reported and counted in *failed.  A file operand that
 * does not exist stays in the list for the loader to report in turn. */
static NgStatus collect_inputs(char **operands, int n, InputList *list,
                               size_t *failed) {
  for (int i = 0; i < n; i++) {
    struct stat sb;
    if (strcmp(operands[i], "-") != 0 && stat(operands[i], &sb) == 0 &&
        S_ISDIR(sb.st_mode)) {
      NgStatus st = add_directory(list, operands[i]);
      if (st == NG_ERR_NOMEM) {
        return st;
      }
      *failed += st != NG_SUCCESS;
      continue;
    }
    if (add_input(list, ng_strdup(operands[i])) != NG_SUCCESS) {
      return NG_ERR_NOMEM;
    }
  }
  return NG_SUCCESS;
}

/* --------------------------------------------------------------- output */

static void remove_tmp_and_reraise(int sig) {
  const char *tmp = pending_tmp_path;
  if (tmp) {
    unlink(tmp);
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

static void set_cleanup_handlers(const char *tmp_path) {
  static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
  pending_tmp_path = tmp_path;
  for (size_t i = 0; i < NG_ARRAY_LEN(sigs); i++) {
    signal(sigs[i], tmp_path ? remove_tmp_and_reraise : SIG_DFL);
  }
}

/* Opens the destination: standard output, a non-regular file such as
 * /dev/null written in place, or a temporary file ".NAME.XXXXXX" in the
 * target's directory.  Reports and returns NG_ERR_IO on failure. */
static NgStatus output_open(Output *out, const char *path) {
  out->stream = NULL;
  out->path = NULL;
  out->tmp_path = NULL;
  if (!path || strcmp(path, "-") == 0) {
    out->stream = stdout;
    return NG_SUCCESS;
  }
  out->path = path;
  struct stat sb;
  if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
    if (S_ISDIR(sb.st_mode)) {
      ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL,
             "cannot write output: is a directory");
      return NG_ERR_IO;
    }
    out->stream = fopen(path, "w"); /* a device or a pipe: no rename */
    if (!out->stream) {
      ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL, "cannot open output: %s",
             strerror(errno));
      return NG_ERR_IO;
    }
    return NG_SUCCESS;
  }
  const char *slash = strrchr(path, '/');
  NgBuf tmp = NG_BUF_INIT;
  if (slash) {
    ng_buf_append(&tmp, path, (size_t)(slash - path + 1));
  }
  ng_buf_printf(&tmp, ".%s.XXXXXX", slash ? slash + 1 : path);
  out->tmp_path = ng_buf_detach(&tmp);
  if (!out->tmp_path) {
    return NG_ERR_NOMEM;
  }
  int fd = mkstemp(out->tmp_path);
  if (fd < 0) {
    ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL, "cannot create output: %s",
           strerror(errno));
    free(out->tmp_path);
    out->tmp_path = NULL;
    return NG_ERR_IO;
  }
  set_cleanup_handlers(out->tmp_path);
  /* mkstemp makes the file private; the result should get the usual
   * permissions of a new file */
  mode_t mask = umask(0);
  umask(mask);
  if (fchmod(fd, 0666 & ~mask) != 0 || !(out->stream = fdopen(fd, "w"))) {
    ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL, "cannot create output: %s",
           strerror(errno));
    close(fd);
    unlink(out->tmp_path);
    set_cleanup_handlers(NULL);
    free(out->tmp_path);
    out->tmp_path = NULL;
    return NG_ERR_IO;
  }
  return NG_SUCCESS;
}

/* Drops a temporary file without presenting it. */
static void output_abort(Output *out) {
  if (out->stream && out->stream != stdout) {
    fclose(out->stream);
  }
  out->stream = NULL;
  if (out->tmp_path) {
    unlink(out->tmp_path);
    set_cleanup_handlers(NULL);
    free(out->tmp_path);
    out->tmp_path = NULL;
  }
}

/* Flushes the stream and, for a temporary file, makes it durable and
 * renames it onto the target.  On failure nothing is left behind. */
static NgStatus output_commit(Output *out) {
  const char *name = out->path ? out->path : "standard output";
  if (fflush(out->stream) != 0 || ferror(out->stream) ||
      (out->tmp_path && fsync(fileno(out->stream)) != 0)) {
    ng_log(NG_LOG_ERROR, name, 0, (size_t)-1, NULL, "cannot write output: %s",
           strerror(errno));
    output_abort(out);
    return NG_ERR_IO;
  }
  if (out->stream != stdout) {
    FILE *stream = out->stream;
    out->stream = NULL;
    if (fclose(stream) != 0) {
      ng_log(NG_LOG_ERROR, name, 0, (size_t)-1, NULL, "cannot write output: %s",
             strerror(errno));
      output_abort(out);
      return NG_ERR_IO;
    }
  }
  if (out->tmp_path) {
    if (rename(out->tmp_path, out->path) != 0) {
      ng_log(NG_LOG_ERROR, name, 0, (size_t)-1, NULL,
             "cannot rename output into place: %s", strerror(errno));
      output_abort(out);
      return NG_ERR_IO;
    }
    set_cleanup_handlers(NULL);
    free(out->tmp_path);
    out->tmp_path = NULL;
  }
  return NG_SUCCESS;
}

/* --------------------------------------------------------- the pipeline */

/* Line formats are serialised article by article (on the threads): memory
 * then stays that of a few articles however many are read. */
static int streams(const char *format) {
  return !strcmp(format, "ntriples") || !strcmp(format, "nquads");
}

/* The state of one run, shared by the threads (read only) and the
 * delivering thread. */
typedef struct Run {
  const Options *opt;
  const NgRuleset *rules;
  const InputList *inputs;
  Console *con;
  NgGraph *graph; /* Turtle and RDF/XML: the one graph of every article */
  FILE *out;
  size_t failed;
  NgStatus write_status;
} Run;

/* What one input gave: an article to add to the graph, or its lines. */
typedef struct Result {
  NgStatus st;
  NgArticle *article;
  NgLines *lines;
} Result;

/* One thread's extractor and the run it serves. */
typedef struct Worker {
  const Run *run;
  NgExtractor *ex;
} Worker;

static void *worker_new(void *ctx) {
  const Run *run = ctx;
  Worker *w = calloc(1, sizeof(*w));
  if (!w || ng_extractor_new(run->rules, &w->ex) != NG_SUCCESS) {
    free(w);
    return NULL;
  }
  w->run = run;
  if (run->opt->explain) {
    ng_extractor_set_explain(w->ex, explain_fact, NULL);
  }
  return w;
}

static void worker_free(void *p) {
  Worker *w = p;
  if (w) {
    ng_extractor_free(w->ex);
    free(w);
  }
}

static void result_free(void *p) {
  Result *r = p;
  if (r) {
    ng_article_free(r->article);
    ng_lines_free(r->lines);
    free(r);
  }
}

/* Reads and extracts input i (and serialises it when the format streams).
 * Any failure is reported (by the library or here) and kept in st. */
static void *work(void *p, size_t i) {
  Worker *w = p;
  const Options *opt = w->run->opt;
  const char *path = w->run->inputs->paths[i];
  Result *r = calloc(1, sizeof(*r));
  if (!r) {
    return NULL;
  }
  NgDocument *doc = NULL;
  r->st = strcmp(path, "-") == 0 ? ng_document_load_stream(stdin, "-", &doc)
                                 : ng_document_load_file(path, &doc);
  if (r->st != NG_SUCCESS) {
    return r; /* the loader has named the file and the problem */
  }
  if (opt->explain) {
    NgBuf head = NG_BUF_INIT;
    ng_buf_printf(&head, "# %s\n", path);
    ng_parallel_print(head.data);
    ng_buf_release(&head);
  }
  r->st = ng_extractor_run(w->ex, doc, &r->article);
  ng_document_free(doc);
  if (r->st != NG_SUCCESS) {
    ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL, "cannot extract facts: %s",
           ng_strerror(r->st));
    return r;
  }
  if (streams(opt->format)) {
    r->st = ng_article_lines(r->article, opt->base, opt->format, &r->lines);
    ng_article_free(r->article);
    r->article = NULL;
    if (r->st != NG_SUCCESS) {
      ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL,
             "cannot add facts to the graph: %s", ng_strerror(r->st));
    }
  }
  return r;
}

static int deliver(void *ctx, size_t i, void *p) {
  Run *run = ctx;
  Result *r = p;
  if (!r) {
    ng_log(NG_LOG_ERROR, run->inputs->paths[i], 0, (size_t)-1, NULL,
           "out of memory");
    ++run->failed;
  } else if (r->st != NG_SUCCESS) {
    ++run->failed;
  } else if (r->lines) {
    run->write_status = ng_lines_write(r->lines, run->out);
  } else if (r->article) {
    NgStatus st = ng_graph_add_article(run->graph, r->article);
    if (st != NG_SUCCESS) {
      ng_log(NG_LOG_ERROR, run->inputs->paths[i], 0, (size_t)-1, NULL,
             "cannot add facts to the graph: %s", ng_strerror(st));
      ++run->failed;
    }
  }
  result_free(r);
  show_progress(run->con, i + 1, run->inputs->n, run->failed);
  return run->write_status != NG_SUCCESS;
}

static void say_diagnostic(void *ctx, const NgDiagnostic *d) {
  console_say(((Run *)ctx)->con, d);
}

static void say_text(void *ctx, const char *text) {
  console_print(((Run *)ctx)->con, text);
}

/* Parses the options into opt; returns -1 to go on, else an exit code.
 * *first_operand receives the index of the first input in argv. */
static int parse_options(int argc, char **argv, Options *opt,
                         int *first_operand) {
  enum { OPT_BASE = 256, OPT_RULES, OPT_EXPLAIN, OPT_MAX_SIZE };
  static const struct option longopts[] = {
      {"format", required_argument, NULL, 'f'},
      {"output", required_argument, NULL, 'o'},
      {"jobs", required_argument, NULL, 'j'},
      {"base", required_argument, NULL, OPT_BASE},
      {"rules", required_argument, NULL, OPT_RULES},
      {"explain", no_argument, NULL, OPT_EXPLAIN},
      {"max-size", required_argument, NULL, OPT_MAX_SIZE},
      {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "f:o:j:qh", longopts, NULL)) != -1) {
    switch (c) {
    case 'j':
      if (!(opt->jobs = ng_parallel_parse_jobs(optarg))) {
        usage_error("-j takes a number of threads from 1 to 1024, not '%s'",
                    optarg);
        return NG_EXIT_USAGE;
      }
      break;
    case 'f':
      opt->format = optarg;
      break;
    case 'o':
      opt->output = optarg;
      break;
    case OPT_BASE:
      opt->base = optarg;
      break;
    case OPT_RULES:
      opt->rules = optarg;
      break;
    case OPT_EXPLAIN:
      opt->explain = 1;
      break;
    case OPT_MAX_SIZE:
      if (ng_cli_max_size("extract", optarg)) {
        return NG_EXIT_USAGE;
      }
      break;
    case 'q':
      opt->quiet = 1;
      break;
    case 'h':
      help();
      return NG_EXIT_OK;
    default: /* getopt_long has named the problem */
      usage(stderr);
      fputs("Try 'newsgraph extract --help' for more information.\n", stderr);
      return NG_EXIT_USAGE;
    }
  }
  if (optind >= argc) {
    usage_error("no input given (use '%s' for standard input)", "-");
    return NG_EXIT_USAGE;
  }
  if (!ng_format_supported(opt->format)) {
    usage_error("unknown output format '%s' (turtle, ntriples, nquads, "
                "rdfxml)",
                opt->format);
    return NG_EXIT_USAGE;
  }
  if (opt->base && !strchr(opt->base, ':')) {
    usage_error("base '%s' is not an absolute IRI", opt->base);
    return NG_EXIT_USAGE;
  }
  *first_operand = optind;
  return -1;
}

/* The part after option parsing, with every resource freed on each path. */
static int extract(const Options *opt, char **operands, int n_operands) {
  const char *rules_dir = opt->rules ? opt->rules : ng_default_rules_dir();
  NgRuleset *rules = NULL;
  NgStatus st = ng_ruleset_load(rules_dir, &rules);
  if (st != NG_SUCCESS) {
    fprintf(stderr, "newsgraph extract: cannot load rules from %s: %s\n",
            rules_dir, ng_strerror(st));
    return NG_EXIT_USAGE;
  }
  Console con = {opt->quiet, 0, 0, {0, 0}};
  NgGraph *graph = NULL;
  InputList inputs = {NULL, 0, 0};
  Output out = {NULL, NULL, NULL};
  size_t failed = 0;
  int rc = NG_EXIT_INPUT;
  if (!streams(opt->format) &&
      (st = ng_graph_new(opt->base, &graph)) != NG_SUCCESS) {
    fprintf(stderr, "newsgraph extract: cannot set up extraction: %s\n",
            ng_strerror(st));
    goto done;
  }
  ng_log_set_sink(console_sink, &con);
  if (collect_inputs(operands, n_operands, &inputs, &failed) != NG_SUCCESS) {
    fputs("newsgraph extract: out of memory\n", stderr);
    goto done;
  }
  if (output_open(&out, opt->output) != NG_SUCCESS) {
    goto done; /* before any work: an unwritable target fails fast */
  }
  con.progress =
      !opt->quiet && inputs.n > PROGRESS_MIN_INPUTS && isatty(STDERR_FILENO);
  Run run = {opt, rules, &inputs, &con, graph, out.stream, failed, NG_SUCCESS};
  static const NgParallelOps ops = {worker_new,  worker_free, work,
                                    deliver,     result_free, say_diagnostic,
                                    say_text};
  int prc = ng_parallel_run(inputs.n, opt->jobs ? opt->jobs : ng_parallel_cpus(),
                            &ops, &run);
  failed = run.failed;
  if (prc < 0) {
    output_abort(&out);
    goto done; /* no worker could start: reported */
  }
  st = run.write_status;
  if (st == NG_SUCCESS && graph) {
    st = ng_graph_write(graph, opt->format, out.stream);
  }
  if (st != NG_SUCCESS) {
    ng_log(NG_LOG_ERROR, opt->output ? opt->output : "standard output", 0,
           (size_t)-1, NULL, "cannot write the graph: %s", ng_strerror(st));
    output_abort(&out);
    goto done;
  }
  if (output_commit(&out) != NG_SUCCESS) {
    goto done;
  }
  rc = failed ? NG_EXIT_INPUT : NG_EXIT_OK;
done:
  output_abort(&out);
  ng_log_set_sink(NULL, NULL);
  input_list_free(&inputs);
  ng_graph_free(graph);
  ng_ruleset_free(rules);
  return rc;
}

int ng_cmd_extract(int argc, char **argv) {
  /* getopt_long names problems after argv[0]: make it the full command */
  char **args = calloc((size_t)argc + 1, sizeof(*args));
  if (!args) {
    fputs("newsgraph extract: out of memory\n", stderr);
    return NG_EXIT_INPUT;
  }
  memcpy(args, argv, (size_t)argc * sizeof(*args));
  args[0] = (char *)"newsgraph extract";
  Options opt = {"turtle", NULL, NULL, NULL, 0, 0, 0};
  int first = 0;
  int rc = parse_options(argc, args, &opt, &first);
  if (rc < 0) {
    rc = extract(&opt, args + first, argc - first);
  }
  free(args);
  return rc;
}
