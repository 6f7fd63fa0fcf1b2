/*
 * check_rules.c: specification of the rule-set loader (extractor/rules.c)
 * and of the engine's policy as a rule writer meets it: the shipped rules
 * load; every kind of mistake in a rule set is an NG_ERR_SYNTAX (or
 * NG_ERR_IO) with a diagnostic naming the right file and line; macros and
 * word lists expand; overlapping proposals are settled by length, then
 * priority, then file order; later phases may enclose mentions but never
 * cut them.  Broken rule sets are written to a fresh temporary directory.
 *
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include "newsgraph.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------ diagnostics */

#define MAX_DIAGS 32

typedef struct Diag {
  NgLogLevel level;
  char file[256];
  unsigned line;
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
  x->line = d->line;
  snprintf(x->rule, sizeof x->rule, "%s", d->rule ? d->rule : "");
  snprintf(x->message, sizeof x->message, "%s", d->message);
}

static int ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && !strcmp(s + a - b, suffix);
}

/* Fails unless an error diagnostic names file (its last component), line
 * and a message containing text. */
static void expect_diag(const char *file, unsigned line, const char *text) {
  for (int i = 0; i < n_diags; ++i) {
    const Diag *d = &diags[i];
    if (d->level == NG_LOG_ERROR && ends_with(d->file, file) &&
        d->line == line && strstr(d->message, text)) {
      return;
    }
  }
  char all[2048] = "";
  for (int i = 0; i < n_diags; ++i) {
    size_t n = strlen(all);
    snprintf(all + n, sizeof all - n, "\n  %s:%u: %s", diags[i].file,
             diags[i].line, diags[i].message);
  }
  ck_abort_msg("no error %s:%u containing '%s'; got:%s", file, line, text,
               all);
}

/* ------------------------------------------------------- rule sets */

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

static const char *const files[] = {"main.phases", "lists.def", "x.rules",
                                    "y.rules",     "z.rules",   "heads.lst",
                                    "empty.lst"};

static void setup(void) {
  n_diags = 0;
  ng_log_set_sink(capture, NULL);
  snprintf(dir, sizeof dir, "/tmp/ng-rules-XXXXXX");
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
  char path[128];
  for (size_t i = 0; i < sizeof files / sizeof files[0]; ++i) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    remove(path);
  }
  rmdir(dir);
  ng_log_set_sink(NULL, NULL);
}

/* A rule set of one text phase (x.rules) and one word list, class HEAD. */
static NgStatus load_text_set(const char *rules) {
  write_file("main.phases", "phase one x.rules text\n");
  write_file("lists.def", "heads.lst HEAD fold\n");
  write_file("heads.lst", "Hospital\nMedical Center\n");
  write_file("x.rules", rules);
  return ng_ruleset_load(dir, &rs);
}

/* Runs the loaded rule set over text; the article is in art. */
static void run_on(const char *text) {
  ck_assert_int_eq(ng_extractor_new(rs, &ex), NG_SUCCESS);
  ck_assert_int_eq(ng_document_from_bytes("t.txt", text, strlen(text), &doc),
                   NG_SUCCESS);
  ck_assert_int_eq(ng_extractor_run(ex, doc, &art), NG_SUCCESS);
}

/* The entity of type named name, or -1. */
static long entity(NgEntityType type, const char *name) {
  for (size_t i = 0; art && i < art->n_entities; ++i) {
    if (art->entities[i].type == type && !strcmp(art->entities[i].name, name)) {
      return (long)i;
    }
  }
  return -1;
}

/* ----------------------------------------------------- shipped rules */

START_TEST(the_shipped_rules_load) {
  const char *env = getenv("NEWSGRAPH_RULES");
  char path[1024];
  if (env && *env) {
    snprintf(path, sizeof path, "%s", env);
  } else {
    const char *src = getenv("NG_SRCDIR");
    snprintf(path, sizeof path, "%s/extractor/rules", src ? src : "..");
  }
  ck_assert_int_eq(ng_ruleset_load(path, &rs), NG_SUCCESS);
  ck_assert_uint_gt(ng_ruleset_n_rules(rs), 0);
  ck_assert_uint_ge(ng_ruleset_n_phases(rs), 2);
  for (int i = 0; i < n_diags; ++i) {
    ck_assert_msg(diags[i].level != NG_LOG_ERROR, "error: %s:%u: %s",
                  diags[i].file, diags[i].line, diags[i].message);
  }
}
END_TEST

START_TEST(a_minimal_rule_set_loads) {
  ck_assert_int_eq(load_text_set("# a comment\n"
                                 "rule hospital\n"
                                 "  priority 3\n"
                                 "  pattern (?<o>\\p{Lu}\\w+ $HEAD)\n"
                                 "  emit ORG o\n"
                                 "  example Riverside Hospital\n"),
                   NG_SUCCESS);
  ck_assert_uint_eq(ng_ruleset_n_rules(rs), 1);
  ck_assert_uint_eq(ng_ruleset_n_phases(rs), 1);
  ck_assert_int_eq(n_diags, 0);
}
END_TEST

START_TEST(load_refuses_a_null_directory) {
  ck_assert_int_eq(ng_ruleset_load(NULL, &rs), NG_ERR_BAD_ARG);
  ck_assert_ptr_null(rs);
}
END_TEST

START_TEST(a_missing_directory_is_an_io_error) {
  ck_assert_int_eq(ng_ruleset_load("/nonexistent/ng-rules", &rs), NG_ERR_IO);
  ck_assert_ptr_null(rs);
  expect_diag("/nonexistent/ng-rules/lists.def", 0, "cannot open");
}
END_TEST

/* ------------------------------------------------ malformed rule sets */

START_TEST(an_unknown_key_names_its_line) {
  ck_assert_int_eq(load_text_set("rule r1\n"
                                 "  pattern Hospital\n"
                                 "  prioriti 3\n"
                                 "  emit ORG x\n"),
                   NG_ERR_SYNTAX);
  ck_assert_ptr_null(rs);
  expect_diag("x.rules", 3, "unknown key 'prioriti'");
}
END_TEST

START_TEST(a_rule_without_pattern) {
  ck_assert_int_eq(load_text_set("\n"
                                 "rule no-pattern\n"
                                 "  emit ORG o\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 2, "rule has no pattern");
  ck_assert_str_eq(diags[0].rule, "no-pattern");
}
END_TEST

START_TEST(a_rule_without_emit) {
  ck_assert_int_eq(load_text_set("rule ok\n"
                                 "  pattern (?<o>x)\n"
                                 "  emit ORG o\n"
                                 "rule no-emit\n"
                                 "  pattern (?<o>Hospital)\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 4, "rule has no emit");
}
END_TEST

START_TEST(an_unknown_verb) {
  ck_assert_int_eq(load_text_set("rule r\n"
                                 "  pattern (?<o>Hospital)\n"
                                 "  emit ORGANISATION o\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 1, "unknown verb");
}
END_TEST

START_TEST(an_unknown_argument) {
  ck_assert_int_eq(load_text_set("rule r\n"
                                 "  pattern (?<p>\\w+) of (?<o>\\w+)\n"
                                 "  emit member person=p org=o job=p\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 1, "unknown argument");
}
END_TEST

START_TEST(a_missing_required_argument) {
  ck_assert_int_eq(load_text_set("rule r\n"
                                 "  pattern (?<p>\\w+)\n"
                                 "  emit member person=p\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 1, "required argument is missing");
}
END_TEST

START_TEST(a_roster_role_is_performer_or_attendee) {
  ck_assert_int_eq(load_text_set("rule r\n"
                                 "  pattern ^Speakers:$\n"
                                 "  emit roster role=\"sponsor\"\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 1, "role must be");
  ck_assert_int_eq(load_text_set("rule r\n"
                                 "  pattern ^Speakers:$\n"
                                 "  emit roster role=\"performer\"\n"),
                   NG_SUCCESS);
}
END_TEST

START_TEST(collab_topic_and_date_need_their_argument) {
  ck_assert_int_eq(load_text_set("rule r\n"
                                 "  pattern (?<t>focus)\n"
                                 "  emit collab_topic\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 1, "required argument is missing");
  ck_assert_int_eq(load_text_set("rule r\n"
                                 "  pattern on (?<t>\\w+)\n"
                                 "  emit collab_topic topic=t\n"),
                   NG_SUCCESS);
  ng_ruleset_free(rs);
  rs = NULL;
  ck_assert_int_eq(load_text_set("rule r\n"
                                 "  pattern on (?<t>\\w+)\n"
                                 "  emit collab_date\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 1, "required argument is missing");
}
END_TEST

START_TEST(a_mention_verb_needs_its_group_first) {
  ck_assert_int_eq(load_text_set("rule r\n"
                                 "  pattern (?<p>\\w+)\n"
                                 "  emit PERSON honorific=p\n"
                                 "rule s\n"
                                 "  pattern (?<p>\\w+)\n"
                                 "  emit PERSON p title=p\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 1, "group first");
  expect_diag("x.rules", 4, "unknown mention attribute");
}
END_TEST

START_TEST(an_emit_naming_a_group_the_pattern_lacks) {
  ck_assert_int_eq(load_text_set("rule r\n"
                                 "  pattern (?<org>\\w+ Hospital)\n"
                                 "  emit ORG organisation\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 1, "group 'organisation'");
}
END_TEST

START_TEST(an_undefined_macro) {
  ck_assert_int_eq(load_text_set("define GOOD = \\w+\n"
                                 "rule r\n"
                                 "  pattern (?<o>$GOOD $NOPE)\n"
                                 "  emit ORG o\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 2, "$NOPE");
}
END_TEST

START_TEST(a_mention_placeholder_in_a_text_phase) {
  ck_assert_int_eq(load_text_set("rule r\n"
                                 "  pattern (?<p>$PERSON) of (?<o>$ORG)\n"
                                 "  emit member person=p org=o\n"
                                 "rule s\n"
                                 "  pattern (?<a>$AGENT)\n"
                                 "  emit drop mention=a\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 1, "$PERSON stands for a mention");
  expect_diag("x.rules", 4, "$AGENT stands for a mention");
}
END_TEST

START_TEST(a_pattern_pcre2_cannot_compile) {
  ck_assert_int_eq(load_text_set("rule r\n"
                                 "  pattern (?<o>Hospital\n"
                                 "  emit ORG o\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 1, "cannot compile pattern");
  expect_diag("x.rules", 1, "at offset");
}
END_TEST

START_TEST(a_duplicate_rule_id) {
  ck_assert_int_eq(load_text_set("rule twin\n"
                                 "  pattern (?<o>a)\n"
                                 "  emit ORG o\n"
                                 "\n"
                                 "rule twin\n"
                                 "  pattern (?<o>b)\n"
                                 "  emit ORG o\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 5, "'twin' is used twice");
}
END_TEST

START_TEST(a_duplicate_rule_id_across_files) {
  write_file("main.phases", "phase one x.rules text\nphase two y.rules text\n");
  write_file("lists.def", "");
  write_file("x.rules", "rule twin\n  pattern (?<o>a)\n  emit ORG o\n");
  write_file("y.rules", "# y\nrule twin\n  pattern (?<o>b)\n  emit ORG o\n");
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_ERR_SYNTAX);
  expect_diag("y.rules", 2, "used twice");
}
END_TEST

START_TEST(lines_that_belong_nowhere) {
  ck_assert_int_eq(load_text_set("  pattern x\n"
                                 "rules r\n"
                                 "rule r\n"
                                 "  + continued\n"
                                 "  pattern (?<o>x)\n"
                                 "  emit ORG o\n"
                                 "  priority high\n"
                                 "define lower = x\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 1, "indented line outside a rule");
  expect_diag("x.rules", 2, "expected 'rule ID'");
  expect_diag("x.rules", 4, "continuation line without");
  expect_diag("x.rules", 7, "priority must be an integer");
  expect_diag("x.rules", 8, "define NAME = pattern");
}
END_TEST

START_TEST(every_error_is_reported_not_just_the_first) {
  ck_assert_int_eq(load_text_set("rule a\n"
                                 "  pattern (?<o>x\n"
                                 "  emit ORG o\n"
                                 "rule b\n"
                                 "  pattern (?<o>x)\n"
                                 "  emit FOO o\n"
                                 "rule c\n"
                                 "  pattern (?<o>x)\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 1, "cannot compile");
  expect_diag("x.rules", 4, "unknown verb");
  expect_diag("x.rules", 7, "no emit");
}
END_TEST

START_TEST(a_bad_main_phases_line) {
  write_file("main.phases", "# phases\n"
                            "phase one x.rules text\n"
                            "phase two y.rules sideways\n"
                            "stage three x.rules text\n");
  write_file("lists.def", "");
  write_file("x.rules", "rule r\n  pattern (?<o>a)\n  emit ORG o\n");
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_ERR_SYNTAX);
  expect_diag("main.phases", 3, "expected \"phase NAME FILE text|mentions\"");
  expect_diag("main.phases", 4, "expected \"phase NAME FILE text|mentions\"");
}
END_TEST

START_TEST(a_rule_set_without_phases) {
  write_file("main.phases", "# nothing here\n\n");
  write_file("lists.def", "");
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_ERR_SYNTAX);
  expect_diag("main.phases", 0, "no phases declared");
}
END_TEST

START_TEST(an_unknown_builtin) {
  write_file("main.phases", "phase one x.rules text\n"
                            "builtin propagate\n"
                            "builtin telepathy\n");
  write_file("lists.def", "");
  write_file("x.rules", "rule r\n  pattern (?<o>a)\n  emit ORG o\n");
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_ERR_SYNTAX);
  expect_diag("main.phases", 3, "unknown builtin step 'telepathy'");
}
END_TEST

START_TEST(a_missing_rule_file_is_an_io_error) {
  write_file("main.phases", "phase one nowhere.rules text\n");
  write_file("lists.def", "");
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_ERR_IO);
  expect_diag("nowhere.rules", 0, "cannot open rule file");
}
END_TEST

START_TEST(a_missing_list_file_is_an_io_error) {
  write_file("main.phases", "phase one x.rules text\n");
  write_file("lists.def", "empty.lst EMPTY fold\n"
                          "missing.lst MISSING fold\n");
  write_file("empty.lst", "");
  write_file("x.rules", "rule r\n  pattern (?<o>a)\n  emit ORG o\n");
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_ERR_IO);
  ck_assert_ptr_null(rs);
  expect_diag("missing.lst", 0, "cannot open word list");
}
END_TEST

START_TEST(a_bad_lists_def_line) {
  write_file("main.phases", "phase one x.rules text\n");
  write_file("lists.def", "empty.lst\n"
                          "empty.lst EMPTY sideways\n"
                          "empty.lst EMPTY fold many\n");
  write_file("empty.lst", "");
  write_file("x.rules", "rule r\n  pattern (?<o>a)\n  emit ORG o\n");
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_ERR_SYNTAX);
  expect_diag("lists.def", 1,
              "expected \"FILE.lst CLASS [fold|exact] [plural]\"");
  expect_diag("lists.def", 2, "unknown case mode 'sideways'");
  expect_diag("lists.def", 3, "unknown list option 'many'");
}
END_TEST

/* ------------------------------------------------ macros and lists */

START_TEST(macros_expand_inside_patterns) {
  ck_assert_int_eq(
      load_text_set("define CAP = \\p{Lu}\\p{Ll}+\n"
                    "define TWO = $CAP\\s$CAP\n"
                    "rule greeting\n"
                    "  pattern (?:Hello|Welcome),\\s(?<p>$TWO)\n"
                    "  emit PERSON p\n"),
      NG_SUCCESS);
  run_on("Welcome, Ada Quill. We are glad.");
  ck_assert_int_ge(entity(NG_PERSON, "Ada Quill"), 0);
  ck_assert_uint_eq(art->n_entities, 1);
  ck_assert_str_eq(art->entities[0].prov.rule, "greeting");
}
END_TEST

START_TEST(continuation_lines_join_patterns_and_emits) {
  ck_assert_int_eq(load_text_set("rule split\n"
                                 "  pattern (?<p>\\p{Lu}\\p{Ll}+\\s\\p{Lu}\\p{Ll}+)\n"
                                 "  +,\\s(?<o>\\p{Lu}\\p{Ll}+\\s$HEAD)\n"
                                 "  emit PERSON p\n"
                                 "  + ; ORG o\n"),
                   NG_SUCCESS);
  run_on("Ada Quill, Riverside Hospital, spoke.");
  ck_assert_int_ge(entity(NG_PERSON, "Ada Quill"), 0);
  ck_assert_int_ge(entity(NG_ORGANIZATION, "Riverside Hospital"), 0);
}
END_TEST

/* A union of classes: one check for several lists. */
START_TEST(a_union_matches_an_entry_of_any_of_its_classes) {
  write_file("main.phases", "phase one x.rules text\n");
  write_file("lists.def", "heads.lst HEAD fold\n"
                          "empty.lst PLACE fold\n"
                          "union PLACE_OR_HEAD PLACE HEAD\n");
  write_file("heads.lst", "Hospital\n");
  write_file("empty.lst", "Harbour\n");
  write_file("x.rules", "rule either\n"
                        "  pattern (?<o>\\p{Lu}\\p{Ll}+\\s$PLACE_OR_HEAD)\n"
                        "  emit ORG o\n");
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_SUCCESS);
  run_on("Riverside Hospital and Eastern Harbour and Hilltop Garden.");
  ck_assert_int_ge(entity(NG_ORGANIZATION, "Riverside Hospital"), 0);
  ck_assert_int_ge(entity(NG_ORGANIZATION, "Eastern Harbour"), 0);
  ck_assert_int_lt(entity(NG_ORGANIZATION, "Hilltop Garden"), 0);
}
END_TEST

START_TEST(a_union_of_an_undeclared_class_is_an_error) {
  write_file("main.phases", "phase one x.rules text\n");
  write_file("lists.def", "heads.lst HEAD fold\nunion BOTH HEAD NOSUCH\n");
  write_file("heads.lst", "Hospital\n");
  write_file("x.rules", "");
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_ERR_SYNTAX);
  expect_diag("lists.def", 2, "no earlier line declares");
}
END_TEST

/* "requires": a rule is tried only where its word lists occur. */
START_TEST(a_rule_is_skipped_where_its_requirement_is_absent) {
  ck_assert_int_eq(load_text_set("rule two-words\n"
                                 "  requires HEAD\n"
                                 "  pattern (?<o>\\p{Lu}\\p{Ll}+\\s\\p{Lu}\\p{Ll}+)\n"
                                 "  emit ORG o\n"),
                   NG_SUCCESS);
  /* the pattern alone would take "Hilltop Garden"; the sentence has no
   * HEAD entry, so the rule is not tried there */
  run_on("Hilltop Garden opened.\n\nRiverside Hospital opened.");
  ck_assert_int_lt(entity(NG_ORGANIZATION, "Hilltop Garden"), 0);
  ck_assert_int_ge(entity(NG_ORGANIZATION, "Riverside Hospital"), 0);
}
END_TEST

START_TEST(requiring_an_unknown_name_is_an_error) {
  ck_assert_int_eq(load_text_set("rule r1\n"
                                 "  requires HEAD|NOSUCH\n"
                                 "  pattern (?<o>x)\n"
                                 "  emit ORG o\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 2, "requires 'NOSUCH'");
}
END_TEST

START_TEST(a_word_list_class_matches_only_its_entries) {
  ck_assert_int_eq(load_text_set("rule head\n"
                                 "  pattern (?<o>\\p{Lu}\\p{Ll}+\\s$HEAD)\n"
                                 "  emit ORG o\n"),
                   NG_SUCCESS);
  /* "Medical Center" has two words: the reference spans up to two */
  run_on("Riverside Hospital and Lakeside Medical Center and Hilltop Garden "
         "and Valley medical center.");
  ck_assert_int_ge(entity(NG_ORGANIZATION, "Riverside Hospital"), 0);
  ck_assert_int_ge(entity(NG_ORGANIZATION, "Lakeside Medical Center"), 0);
  /* fold: the class matches in any case */
  ck_assert_int_ge(entity(NG_ORGANIZATION, "Valley medical center"), 0);
  ck_assert_int_lt(entity(NG_ORGANIZATION, "Hilltop Garden"), 0);
  ck_assert_uint_eq(art->n_entities, 3);
}
END_TEST


/* ------------------------------------------------ token patterns */

/* A construction stated as tokens: names, a comma, optional post-nominal
 * letters, a post from a word list, "of"/"at", an organization. */
START_TEST(a_token_pattern_states_a_construction) {
  write_file("main.phases", "phase one x.rules text\n");
  write_file("lists.def", "heads.lst POST fold\n");
  write_file("heads.lst", "dean\nchief executive\n");
  write_file("x.rules",
             "define-tokens NAME = Cap ( Initial | Cap )* Cap\n"
             "rule post\n"
             "  tokens (?<p> $NAME ) \",\" ( Upper \",\" )* (?<role> $POST )\n"
             "  + ( \"of\" | \"at\" ) \"the\"? (?<o> Cap+ )\n"
             "  emit PERSON p ; ORG o ; member person=p org=o role=role\n");
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_SUCCESS);
  run_on("Ada Quill, MD, FRCP, chief executive of the Harbour Clinic, spoke.\n\n"
         "Ben J. Marsh,dean at Lakeside College, agreed.\n\n"
         "Cora Vell, the dean of Hilltop, left.");
  long ada = entity(NG_PERSON, "Ada Quill");
  long clinic = entity(NG_ORGANIZATION, "Harbour Clinic");
  ck_assert_int_ge(ada, 0);
  ck_assert_int_ge(clinic, 0);
  ck_assert_int_ge(entity(NG_PERSON, "Ben J. Marsh"), 0);
  ck_assert_int_ge(entity(NG_ORGANIZATION, "Lakeside College"), 0);
  /* "the dean": an article is not in the pattern */
  ck_assert_int_lt(entity(NG_PERSON, "Cora Vell"), 0);
  int found = 0;
  for (size_t i = 0; i < art->n_relations; ++i) {
    const NgRelation *r = &art->relations[i];
    found |= r->type == NG_REL_MEMBER && r->subject == (size_t)ada &&
             r->object == (size_t)clinic && r->literal &&
             !strcmp(r->literal, "chief executive");
  }
  ck_assert_msg(found, "no membership with role 'chief executive'");
}
END_TEST

/* Two words need a space between them; a word is never cut in two. */
START_TEST(tokens_are_whole_words) {
  ck_assert_int_eq(load_text_set("rule two\n"
                                 "  tokens (?<o> Cap Cap ) \"Hospital\"\n"
                                 "  emit ORG o\n"),
                   NG_SUCCESS);
  run_on("RiversideLee Hospital. East Bay Hospital. NorthHospital.");
  ck_assert_int_ge(entity(NG_ORGANIZATION, "East Bay"), 0);
  ck_assert_uint_eq(art->n_entities, 1);
}
END_TEST

/* !X: X must not stand here; shapes Upper, Lower, Mixed, Num, Word. */
START_TEST(token_lookaheads_and_shapes) {
  ck_assert_int_eq(
      load_text_set("rule brand\n"
                    "  tokens !\"The\" (?<o> ( Mixed | Upper | Cap ) ) \"'s\" Lower\n"
                    "  emit ORG o\n"
                    "rule year\n"
                    "  tokens (?<e> Cap \"Forum\" Num )\n"
                    "  emit EVENT e\n"),
      NG_SUCCESS);
  run_on("The firm's chief spoke. eVita's chief, QT's chief and Orbis's chief "
         "met at the Harbour Forum 2031.");
  ck_assert_int_ge(entity(NG_ORGANIZATION, "eVita"), 0);
  ck_assert_int_ge(entity(NG_ORGANIZATION, "QT"), 0);
  ck_assert_int_ge(entity(NG_ORGANIZATION, "Orbis"), 0);
  ck_assert_int_ge(entity(NG_EVENT, "Harbour Forum 2031"), 0);
  ck_assert_int_lt(entity(NG_ORGANIZATION, "The"), 0);
}
END_TEST

START_TEST(a_malformed_token_pattern_names_its_rule) {
  ck_assert_int_eq(load_text_set("rule ok\n"
                                 "  tokens Cap\n"
                                 "  emit ORG o\n"
                                 "rule open\n"
                                 "  tokens \"of\n"
                                 "  emit ORG o\n"
                                 "rule shape\n"
                                 "  tokens Capital Cap\n"
                                 "  emit ORG o\n"
                                 "rule both\n"
                                 "  pattern x\n"
                                 "  tokens Cap\n"
                                 "  emit ORG o\n"
                                 "define-tokens BAD = ( Cap\n"),
                   NG_ERR_SYNTAX);
  expect_diag("x.rules", 4, "unterminated literal");
  expect_diag("x.rules", 7, "unknown token");
  expect_diag("x.rules", 10, "either a pattern or tokens");
  expect_diag("x.rules", 14, "missing )");
}
END_TEST

/* ---------------------------------------------- the conflict policy */

START_TEST(the_longest_proposal_wins) {
  ck_assert_int_eq(load_text_set("rule short\n"
                                 "  priority 50\n"
                                 "  pattern (?<o>Riverside)\n"
                                 "  emit ORG o\n"
                                 "rule long\n"
                                 "  pattern (?<p>Riverside Lee)\n"
                                 "  emit PERSON p\n"),
                   NG_SUCCESS);
  run_on("We met Riverside Lee today.");
  ck_assert_int_ge(entity(NG_PERSON, "Riverside Lee"), 0);
  ck_assert_int_lt(entity(NG_ORGANIZATION, "Riverside"), 0);
}
END_TEST

START_TEST(then_the_higher_priority) {
  ck_assert_int_eq(load_text_set("rule as-org\n"
                                 "  priority 5\n"
                                 "  pattern (?<o>Jordan Hale)\n"
                                 "  emit ORG o\n"
                                 "rule as-person\n"
                                 "  priority 9\n"
                                 "  pattern (?<p>Jordan Hale)\n"
                                 "  emit PERSON p\n"),
                   NG_SUCCESS);
  run_on("We met Jordan Hale today.");
  ck_assert_int_ge(entity(NG_PERSON, "Jordan Hale"), 0);
  ck_assert_int_lt(entity(NG_ORGANIZATION, "Jordan Hale"), 0);
  ck_assert_str_eq(art->entities[0].prov.rule, "as-person");
}
END_TEST

START_TEST(then_the_earlier_rule) {
  ck_assert_int_eq(load_text_set("rule first\n"
                                 "  pattern (?<o>Jordan Hale)\n"
                                 "  emit ORG o\n"
                                 "rule second\n"
                                 "  pattern (?<p>Jordan Hale)\n"
                                 "  emit PERSON p\n"),
                   NG_SUCCESS);
  run_on("We met Jordan Hale today.");
  ck_assert_int_ge(entity(NG_ORGANIZATION, "Jordan Hale"), 0);
  ck_assert_int_lt(entity(NG_PERSON, "Jordan Hale"), 0);
}
END_TEST

/* Phase one finds a person; phase two (mentions) encloses her in an
 * organization's name; phase three (text) tries to cut her in half. */
static void load_three_phases(void) {
  write_file("main.phases", "phase one x.rules text\n"
                            "phase two y.rules mentions\n"
                            "phase three z.rules text\n");
  write_file("lists.def", "");
  write_file("x.rules", "rule name\n"
                        "  pattern (?<p>Ada Quill)\n"
                        "  emit PERSON p\n");
  write_file("y.rules", "rule enclose\n"
                        "  pattern (?<o>$PERSON Foundation)\n"
                        "  emit ORG o\n");
  write_file("z.rules", "rule cut\n"
                        "  priority 99\n"
                        "  pattern (?<o>Quill \\w+ Sons Trust)\n"
                        "  emit ORG o\n");
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_SUCCESS);
}

START_TEST(later_phases_enclose_mentions_but_never_cut_them) {
  load_three_phases();
  run_on("The Ada Quill Foundation gave money. Ada Quill and Sons Trust did "
         "not.");
  long o = entity(NG_ORGANIZATION, "Ada Quill Foundation");
  ck_assert_int_ge(o, 0);
  ck_assert_str_eq(art->entities[o].prov.rule, "enclose");
  ck_assert_int_lt(entity(NG_ORGANIZATION, "Quill and Sons Trust"), 0);
  ck_assert_int_ge(entity(NG_PERSON, "Ada Quill"), 0);
  ck_assert_uint_eq(art->n_entities, 2);
}
END_TEST

START_TEST(a_superseded_mention_is_no_entity) {
  load_three_phases();
  run_on("The Ada Quill Foundation gave money.");
  ck_assert_int_ge(entity(NG_ORGANIZATION, "Ada Quill Foundation"), 0);
  /* its own PERSON verb does not keep an enclosed mention alive */
  ck_assert_int_lt(entity(NG_PERSON, "Ada Quill"), 0);
}
END_TEST

START_TEST(relation_arguments_name_mentions) {
  write_file("main.phases", "phase one x.rules text\n"
                            "phase two y.rules mentions\n");
  write_file("lists.def", "heads.lst HEAD fold\n");
  write_file("heads.lst", "Hospital\n");
  write_file("x.rules", "rule person\n"
                        "  pattern (?<p>Ada Quill)\n"
                        "  emit PERSON p\n"
                        "rule org\n"
                        "  pattern (?<o>\\p{Lu}\\p{Ll}+ $HEAD)\n"
                        "  emit ORG o\n");
  write_file("y.rules", "rule works-at\n"
                        "  pattern (?<p>$PERSON), (?<r>[a-z ]+) (?:at|of) "
                        "(?<o>$ORG)\n"
                        "  emit member person=p org=o role=r\n"
                        "rule title\n"
                        "  pattern (?<p>$PERSON) is (?<r>[a-z]+)\n"
                        "  emit title person=p role=\"Chair\"\n");
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_SUCCESS);
  run_on("Ada Quill, chief nurse at Riverside Hospital, spoke. Ada Quill is "
         "tired.");
  long p = entity(NG_PERSON, "Ada Quill");
  long o = entity(NG_ORGANIZATION, "Riverside Hospital");
  ck_assert_int_ge(p, 0);
  ck_assert_int_ge(o, 0);
  ck_assert_uint_eq(art->n_relations, 1);
  ck_assert_int_eq(art->relations[0].type, NG_REL_MEMBER);
  ck_assert_uint_eq(art->relations[0].subject, (size_t)p);
  ck_assert_uint_eq(art->relations[0].object, (size_t)o);
  ck_assert_str_eq(art->relations[0].literal, "chief nurse");
  ck_assert_str_eq(art->relations[0].prov.rule, "works-at");
  /* a literal argument is used as written */
  ck_assert_str_eq(art->entities[p].job_title, "Chair");
}
END_TEST

START_TEST(drop_removes_a_mention) {
  write_file("main.phases", "phase one x.rules text\n"
                            "phase two y.rules text\n");
  write_file("lists.def", "");
  write_file("x.rules", "rule caps\n"
                        "  pattern (?<o>\\b\\p{Lu}{2,}\\b)\n"
                        "  emit ORG o\n");
  write_file("y.rules", "rule not-ai\n"
                        "  pattern (?<x>\\bAI\\b)\n"
                        "  emit drop mention=x\n");
  ck_assert_int_eq(ng_ruleset_load(dir, &rs), NG_SUCCESS);
  run_on("AI helps NHSX a lot.");
  ck_assert_int_ge(entity(NG_ORGANIZATION, "NHSX"), 0);
  ck_assert_int_lt(entity(NG_ORGANIZATION, "AI"), 0);
}
END_TEST

START_TEST(free_accepts_null) {
  ng_ruleset_free(NULL);
  ck_assert_uint_eq(ng_ruleset_n_rules(NULL), 0);
  ck_assert_uint_eq(ng_ruleset_n_phases(NULL), 0);
}
END_TEST

static Suite *rules_suite(void) {
  Suite *s = suite_create("rules");
  TCase *tc = tcase_create("loader");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, the_shipped_rules_load);
  tcase_add_test(tc, a_minimal_rule_set_loads);
  tcase_add_test(tc, load_refuses_a_null_directory);
  tcase_add_test(tc, a_missing_directory_is_an_io_error);
  tcase_add_test(tc, an_unknown_key_names_its_line);
  tcase_add_test(tc, a_rule_without_pattern);
  tcase_add_test(tc, a_rule_without_emit);
  tcase_add_test(tc, an_unknown_verb);
  tcase_add_test(tc, an_unknown_argument);
  tcase_add_test(tc, a_missing_required_argument);
  tcase_add_test(tc, a_roster_role_is_performer_or_attendee);
  tcase_add_test(tc, collab_topic_and_date_need_their_argument);
  tcase_add_test(tc, a_mention_verb_needs_its_group_first);
  tcase_add_test(tc, an_emit_naming_a_group_the_pattern_lacks);
  tcase_add_test(tc, an_undefined_macro);
  tcase_add_test(tc, a_mention_placeholder_in_a_text_phase);
  tcase_add_test(tc, a_pattern_pcre2_cannot_compile);
  tcase_add_test(tc, a_duplicate_rule_id);
  tcase_add_test(tc, a_duplicate_rule_id_across_files);
  tcase_add_test(tc, lines_that_belong_nowhere);
  tcase_add_test(tc, every_error_is_reported_not_just_the_first);
  tcase_add_test(tc, a_bad_main_phases_line);
  tcase_add_test(tc, a_rule_set_without_phases);
  tcase_add_test(tc, an_unknown_builtin);
  tcase_add_test(tc, a_missing_rule_file_is_an_io_error);
  tcase_add_test(tc, a_missing_list_file_is_an_io_error);
  tcase_add_test(tc, a_bad_lists_def_line);
  tcase_add_test(tc, free_accepts_null);
  suite_add_tcase(s, tc);

  tc = tcase_create("engine");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, macros_expand_inside_patterns);
  tcase_add_test(tc, continuation_lines_join_patterns_and_emits);
  tcase_add_test(tc, a_word_list_class_matches_only_its_entries);
  tcase_add_test(tc, a_union_matches_an_entry_of_any_of_its_classes);
  tcase_add_test(tc, a_union_of_an_undeclared_class_is_an_error);
  tcase_add_test(tc, a_rule_is_skipped_where_its_requirement_is_absent);
  tcase_add_test(tc, requiring_an_unknown_name_is_an_error);
  tcase_add_test(tc, a_token_pattern_states_a_construction);
  tcase_add_test(tc, tokens_are_whole_words);
  tcase_add_test(tc, token_lookaheads_and_shapes);
  tcase_add_test(tc, a_malformed_token_pattern_names_its_rule);
  tcase_add_test(tc, the_longest_proposal_wins);
  tcase_add_test(tc, then_the_higher_priority);
  tcase_add_test(tc, then_the_earlier_rule);
  tcase_add_test(tc, later_phases_enclose_mentions_but_never_cut_them);
  tcase_add_test(tc, relation_arguments_name_mentions);
  tcase_add_test(tc, drop_removes_a_mention);
  tcase_add_test(tc, a_superseded_mention_is_no_entity);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(rules_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
