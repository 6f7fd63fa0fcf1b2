/*
 * fuzz-extract.c: bytes -> document -> extraction with the shipped rule
 * set -> RDF graph -> Turtle and N-Quads.
 *
 * Properties checked on every input:
 *   - reading gives a document or NG_ERR_INPUT; extraction and the graph
 *     succeed on every document;
 *   - the Turtle and the N-Quads written re-parse with raptor (a parser
 *     world of the harness's own) without an error or warning;
 *   - both parse back to the same set of triples, as many as the graph
 *     holds.
 * The extractor is reused from one input to the next, as in a real run.
 * The rule set is $NEWSGRAPH_RULES or the source tree's extractor/rules.
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"

#include <raptor2.h>
#include <string.h>

static NgRuleset *rules;
static NgExtractor *extractor;
static raptor_world *parser_world;

typedef struct Parsed {
  char **lines; /* each statement as "S P O", N-Triples terms */
  size_t n, cap;
  int errors;
} Parsed;

static void on_parse_message(void *user, raptor_log_message *m) {
  Parsed *p = user;
  if (m->level >= RAPTOR_LOG_LEVEL_WARN) {
    fprintf(stderr, "raptor: %s (line %d)\n", m->text,
            m->locator ? m->locator->line : -1);
    p->errors++;
  }
}

static void on_statement(void *user, raptor_statement *s) {
  Parsed *p = user;
  unsigned char *t[3] = {raptor_term_to_string(s->subject),
                         raptor_term_to_string(s->predicate),
                         raptor_term_to_string(s->object)};
  FUZZ_CHECK(t[0] && t[1] && t[2], "raptor cannot write a parsed term");
  size_t len =
      strlen((char *)t[0]) + strlen((char *)t[1]) + strlen((char *)t[2]) + 3;
  char *line = malloc(len);
  FUZZ_CHECK(line != NULL, "out of memory");
  snprintf(line, len, "%s %s %s", t[0], t[1], t[2]);
  for (int i = 0; i < 3; ++i) {
    raptor_free_memory(t[i]);
  }
  if (p->n == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 64;
    p->lines = realloc(p->lines, p->cap * sizeof(char *));
    FUZZ_CHECK(p->lines != NULL, "out of memory");
  }
  p->lines[p->n++] = line;
}

static int by_text(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void parsed_free(Parsed *p) {
  for (size_t i = 0; i < p->n; ++i) {
    free(p->lines[i]);
  }
  free(p->lines);
}

/* Writes graph in format and parses it back into *p (sorted). */
static void round_trip(NgGraph *graph, const char *format, const char *syntax,
                       Parsed *p) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  FUZZ_CHECK(f != NULL, "open_memstream");
  NgStatus st = ng_graph_write(graph, format, f);
  FUZZ_CHECK(fclose(f) == 0, "fclose");
  FUZZ_CHECK(st == NG_SUCCESS, "ng_graph_write %s: %s", format,
             ng_strerror(st));
  memset(p, 0, sizeof *p);
  raptor_world_set_log_handler(parser_world, p, on_parse_message);
  raptor_parser *parser = raptor_new_parser(parser_world, syntax);
  FUZZ_CHECK(parser != NULL, "raptor_new_parser %s", syntax);
  raptor_parser_set_statement_handler(parser, p, on_statement);
  raptor_uri *base = raptor_new_uri(
      parser_world, (const unsigned char *)"http://base.example/");
  int rc = raptor_parser_parse_start(parser, base);
  rc = rc ? rc
          : raptor_parser_parse_chunk(parser, (const unsigned char *)buf, len,
                                      1);
  raptor_free_uri(base);
  raptor_free_parser(parser);
  if (rc || p->errors) {
    fprintf(stderr, "--- the %s that does not parse:\n%s\n", format, buf);
  }
  FUZZ_CHECK(rc == 0 && p->errors == 0, "%s output does not re-parse", format);
  free(buf);
  if (p->n) {
    qsort(p->lines, p->n, sizeof(char *), by_text);
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  ng_fuzz_quiet_log();
  const char *dir = getenv("NEWSGRAPH_RULES");
  if (!dir || !*dir) {
    dir = NG_ABS_SRCDIR "/extractor/rules";
  }
  NgStatus st = ng_ruleset_load(dir, &rules);
  if (!st) {
    st = ng_extractor_new(rules, &extractor);
  }
  if (st) {
    fprintf(stderr, "fuzz-extract: cannot load the rules in %s: %s\n", dir,
            ng_strerror(st));
    exit(1);
  }
  parser_world = raptor_new_world();
  if (!parser_world || raptor_world_open(parser_world)) {
    fprintf(stderr, "fuzz-extract: cannot open a raptor world\n");
    exit(1);
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  NgDocument *doc = NULL;
  NgStatus st =
      ng_document_from_bytes("fuzz.txt", (const char *)data, size, &doc);
  FUZZ_CHECK(st == NG_SUCCESS || st == NG_ERR_INPUT, "reading: %s",
             ng_strerror(st));
  if (st) {
    return 0;
  }
  NgArticle *article = NULL;
  st = ng_extractor_run(extractor, doc, &article);
  FUZZ_CHECK(st == NG_SUCCESS, "extraction: %s", ng_strerror(st));
  NgGraph *graph = NULL;
  st = ng_graph_new(NULL, &graph);
  FUZZ_CHECK(st == NG_SUCCESS, "ng_graph_new: %s", ng_strerror(st));
  st = ng_graph_add_article(graph, article);
  FUZZ_CHECK(st == NG_SUCCESS, "ng_graph_add_article: %s", ng_strerror(st));
  Parsed ttl, nq;
  round_trip(graph, "turtle", "turtle", &ttl);
  round_trip(graph, "nquads", "nquads", &nq);
  FUZZ_CHECK(ttl.n == ng_graph_size(graph),
             "the Turtle holds %zu triples, the graph %zu", ttl.n,
             ng_graph_size(graph));
  FUZZ_CHECK(nq.n == ttl.n, "the N-Quads hold %zu triples, the Turtle %zu",
             nq.n, ttl.n);
  for (size_t i = 0; i < ttl.n; ++i) {
    FUZZ_CHECK(strcmp(ttl.lines[i], nq.lines[i]) == 0,
               "Turtle and N-Quads differ:\n  %s\n  %s", ttl.lines[i],
               nq.lines[i]);
  }
  parsed_free(&ttl);
  parsed_free(&nq);
  ng_graph_free(graph);
  ng_article_free(article);
  ng_document_free(doc);
  return 0;
}
