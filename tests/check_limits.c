/*
 * check_limits.c: bounded time on hostile text.  The engine's pcre2 limits
 * (extractor/engine.c, "bounded matching"): a match attempt that exceeds a
 * limit costs only the match that would have started there, is named by a
 * warning (article, byte offset, rule), and the rest of the sentence is
 * still searched; after repeated losses in one sentence the rule skips the
 * rest of it, also with a warning.  And the input stage's cut of an
 * over-long "sentence" (input/segment.c), and a rule set naming a device
 * or a FIFO refused instead of read forever.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include "newsgraph.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DIAGS 64

typedef struct Diag {
  NgLogLevel level;
  char file[256];
  size_t offset;
  char rule[64];
  char message[512];
} Diag;

static Diag diags[MAX_DIAGS];
static int n_diags;

static void capture(void *handle, const NgDiagnostic *d) {
  (void)handle;
  if (n_diags == MAX_DIAGS) {
    return;
  }
  Diag *x = &diags[n_diags++];
  x->level = d->level;
  snprintf(x->file, sizeof x->file, "%s", d->file ? d->file : "");
  x->offset = d->offset;
  snprintf(x->rule, sizeof x->rule, "%s", d->rule ? d->rule : "");
  snprintf(x->message, sizeof x->message, "%s", d->message);
}

static char dir[64];
static NgRuleset *rs;
static NgExtractor *ex;
static NgDocument *doc;
static NgArticle *art;

static void write_file(const char *name, const char *text) {
  char path[128];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  ck_assert_msg(f != NULL, "cannot write %s", path);
  fputs(text, f);
  fclose(f);
}

static void setup(void) {
  n_diags = 0;
  ng_log_set_sink(capture, NULL);
  snprintf(dir, sizeof dir, "/tmp/ng-limits-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
  rs = NULL;
  ex = NULL;
  doc = NULL;
  art = NULL;
}

static void teardown(void) {
  ng_article_free(art);
  ng_document_free(doc);
  ng_extractor_free(ex);
  ng_ruleset_free(rs);
  const char *files[] = {"main.phases", "lists.def", "x.rules"};
  char path[128];
  for (size_t i = 0; i < 3; ++i) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    remove(path);
  }
  rmdir(dir);
  ng_log_set_sink(NULL, NULL);
}

/* One text phase: rule "slow" backtracks catastrophically on a run of x
 * after a space (nested quantifiers, no 'y' to end them) and otherwise
 * finds "Wanda Pell"; rule "fast" finds "Otto Brine". */
static void load_slow_rules(void) {
  write_file("main.phases", "phase one x.rules text\n");
  write_file("lists.def", "");
  write_file("x.rules", "rule slow\n"
                        "  pattern (?<=\\s)(?:x+x+)+y|(?<p>Wanda Pell)\n"
                        "  emit PERSON p\n"
                        "rule fast\n"
                        "  pattern (?<p>Otto Brine)\n"
                        "  emit PERSON p\n");
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_SUCCESS);
  ck_assert_int_eq(ng_extractor_new(rs, &ex), NG_SUCCESS);
}

static void run_on(const char *text) {
  ck_assert_int_eq(
      ng_document_from_bytes("hostile.txt", text, strlen(text), &doc),
      NG_SUCCESS);
  ck_assert_int_eq(ng_extractor_run(ex, doc, &art), NG_SUCCESS);
}

static int has_person(const char *name) {
  for (size_t i = 0; art && i < art->n_entities; ++i) {
    if (art->entities[i].type == NG_PERSON &&
        !strcmp(art->entities[i].name, name)) {
      return 1;
    }
  }
  return 0;
}

/* The warnings of rule id, in order. */
static int warnings_of(const char *id, const Diag **out, int max) {
  int n = 0;
  for (int i = 0; i < n_diags && n < max; ++i) {
    if (diags[i].level == NG_LOG_WARNING && !strcmp(diags[i].rule, id)) {
      out[n++] = &diags[i];
    }
  }
  return n;
}

static const char xs[] = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

START_TEST(a_match_lost_to_a_limit_is_named_and_the_rest_is_searched) {
  load_slow_rules();
  char text[256];
  snprintf(text, sizeof text,
           "They met %s and then Wanda Pell and Otto "
           "Brine.",
           xs);
  run_on(text);
  const Diag *w[8];
  ck_assert_int_eq(warnings_of("slow", w, 8), 1);
  ck_assert_str_eq(w[0]->file, "hostile.txt");
  ck_assert_uint_eq(w[0]->offset, strlen("They met "));
  ck_assert_ptr_nonnull(strstr(w[0]->message, "match limit"));
  ck_assert_ptr_nonnull(strstr(w[0]->message, "x.rules:1"));
  /* the matches after the failing position are still found */
  ck_assert(has_person("Wanda Pell"));
  ck_assert(has_person("Otto Brine"));
}
END_TEST

START_TEST(a_match_before_the_failing_position_is_kept) {
  load_slow_rules();
  char text[256];
  snprintf(text, sizeof text, "Wanda Pell saw %s there.", xs);
  run_on(text);
  const Diag *w[8];
  ck_assert_int_eq(warnings_of("slow", w, 8), 1);
  ck_assert_uint_eq(w[0]->offset, strlen("Wanda Pell saw "));
  ck_assert(has_person("Wanda Pell"));
}
END_TEST

START_TEST(repeated_losses_skip_the_rest_of_the_sentence_with_a_warning) {
  load_slow_rules();
  char text[512];
  snprintf(text, sizeof text,
           "One %s two %s three %s four %s five Wanda Pell and Otto Brine.\n"
           "Wanda Pell came back.",
           xs, xs, xs, xs);
  run_on(text);
  const Diag *w[8];
  ck_assert_int_eq(warnings_of("slow", w, 8), 4);
  /* the first three name their positions, the fourth the skipped bytes */
  ck_assert_uint_eq(w[0]->offset, strlen("One "));
  ck_assert_ptr_nonnull(strstr(w[3]->message, "not searched"));
  char range[64];
  snprintf(range, sizeof range, "%zu-%zu", w[3]->offset,
           strlen(text) - strlen("\nWanda Pell came back."));
  ck_assert_msg(strstr(w[3]->message, range), "no range %s in: %s", range,
                w[3]->message);
  /* another rule is not affected; the next sentence is searched again */
  ck_assert(has_person("Otto Brine"));
  ck_assert(has_person("Wanda Pell"));
  ck_assert_ptr_nonnull(art->entities[0].prov.evidence);
}
END_TEST

START_TEST(an_over_long_sentence_is_cut_with_one_warning) {
  load_slow_rules();
  /* 3 x 1500 bytes of words without a sentence end, then a name */
  size_t n = 4500;
  char *text = malloc(n + 64);
  ck_assert_ptr_nonnull(text);
  for (size_t i = 0; i < n; i += 5) {
    memcpy(text + i, "word ", 5);
  }
  strcpy(text + n, "Otto Brine spoke.");
  run_on(text);
  size_t count = ng_document_n_sentences(doc);
  ck_assert_uint_ge(count, 3);
  for (size_t i = 0; i < count; ++i) {
    const NgSentence *s = ng_document_sentence(doc, i);
    ck_assert_uint_le(s->span.end - s->span.begin, 2000);
  }
  int cut_warnings = 0;
  for (int i = 0; i < n_diags; ++i) {
    cut_warnings += diags[i].level == NG_LOG_WARNING &&
                    strstr(diags[i].message, "cut into pieces") != NULL;
  }
  ck_assert_int_eq(cut_warnings, 1);
  ck_assert(has_person("Otto Brine"));
  free(text);
}
END_TEST

START_TEST(nesting_as_deep_as_a_sentence_fits_the_jit_stack) {
  /* 990 nested parentheses (a sentence holds at most 2000 bytes) against
   * a recursive pattern: pcre2's default 32 KiB JIT stack gives up, the
   * engine's does not, and the name after them is found by the same
   * rule */
  write_file("main.phases", "phase one x.rules text\n");
  write_file("lists.def", "");
  write_file("x.rules", "rule nest\n"
                        "  pattern (?<b>\\((?:[^()]|(?&b))*\\))\\s(?<p>Ada)"
                        "|(?<p>Otto Brine)\n"
                        "  emit PERSON p\n");
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_SUCCESS);
  ck_assert_int_eq(ng_extractor_new(rs, &ex), NG_SUCCESS);
  size_t depth = 990;
  char *text = malloc(2 * depth + 64);
  ck_assert_ptr_nonnull(text);
  memset(text, '(', depth);
  memset(text + depth, ')', depth);
  strcpy(text + 2 * depth, " Ada and Otto Brine.");
  run_on(text);
  const Diag *w[8];
  ck_assert_int_eq(warnings_of("nest", w, 8), 0);
  ck_assert(has_person("Ada"));
  ck_assert(has_person("Otto Brine"));
  free(text);
}
END_TEST

START_TEST(a_rule_set_naming_a_device_or_a_fifo_is_refused) {
  /* /dev/zero would be read forever, a FIFO would wait for a writer */
  write_file("main.phases", "phase one ../../../../../dev/zero text\n");
  write_file("lists.def", "");
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_ERR_IO);
  ck_assert_ptr_nonnull(
      strstr(diags[n_diags - 1].message, "not a regular file"));
  char fifo[128];
  snprintf(fifo, sizeof fifo, "%s/fifo.lst", dir);
  ck_assert_int_eq(mkfifo(fifo, 0600), 0);
  write_file("main.phases", "phase one x.rules text\n");
  write_file("lists.def", "fifo.lst FIFO fold\n");
  write_file("x.rules", "rule r\n  pattern (?<o>x)\n  emit ORG o\n");
  n_diags = 0;
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_ERR_IO);
  ck_assert_int_ge(n_diags, 1);
  ck_assert_ptr_nonnull(strstr(diags[0].file, "fifo.lst"));
  ck_assert_ptr_nonnull(strstr(diags[0].message, "not a regular file"));
  remove(fifo);
}
END_TEST

static Suite *limits_suite(void) {
  Suite *s = suite_create("limits");
  TCase *tc = tcase_create("limits");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, a_match_lost_to_a_limit_is_named_and_the_rest_is_searched);
  tcase_add_test(tc, a_match_before_the_failing_position_is_kept);
  tcase_add_test(tc,
                 repeated_losses_skip_the_rest_of_the_sentence_with_a_warning);
  tcase_add_test(tc, an_over_long_sentence_is_cut_with_one_warning);
  tcase_add_test(tc, nesting_as_deep_as_a_sentence_fits_the_jit_stack);
  tcase_add_test(tc, a_rule_set_naming_a_device_or_a_fifo_is_refused);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(limits_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
