/*
 * check_gazetteer.c: specification of the word-list trie behind $CLASS
 * references (extractor/gazetteer.h): folding and exact classes, entries
 * of several words written with irregular spacing, values, classes, the
 * longest-prefix search used by the propagate step, clearing, a list of
 * 100,000 entries, and entries added to a loaded (frozen) trie.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include "gazetteer.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- helpers */

static NgGazetteer *gaz;

static void setup(void) {
  ck_assert_int_eq(ng_gazetteer_new(&gaz), NG_SUCCESS);
}

static void teardown(void) {
  ng_gazetteer_free(gaz);
  gaz = NULL;
}

static void add(const char *text, int cls, int fold, const char *value) {
  ck_assert_int_eq(ng_gazetteer_add(gaz, text, strlen(text), cls, fold, value),
                   NG_SUCCESS);
}

static uint64_t lookup(const char *text) {
  return ng_gazetteer_lookup(gaz, text, strlen(text), -1, NULL);
}

#define BIT(c) ((uint64_t)1 << (c))

/* --------------------------------------------------------------- tests */

START_TEST(classes_are_named_and_numbered) {
  ck_assert_int_eq(ng_gazetteer_class(gaz, "TITLE", 0), -1);
  int title = ng_gazetteer_class(gaz, "TITLE", 1);
  int month = ng_gazetteer_class(gaz, "MONTH", 1);
  ck_assert_int_eq(title, 0);
  ck_assert_int_eq(month, 1);
  ck_assert_int_eq(ng_gazetteer_class(gaz, "TITLE", 1), title);
  ck_assert_int_eq(ng_gazetteer_class(gaz, "MONTH", 0), month);
  ck_assert_str_eq(ng_gazetteer_class_name(gaz, month), "MONTH");
  ck_assert_ptr_null(ng_gazetteer_class_name(gaz, 2));
  ck_assert_ptr_null(ng_gazetteer_class_name(gaz, -1));
  /* an entry needs a class that exists */
  ck_assert_int_eq(ng_gazetteer_add(gaz, "x", 1, 7, 1, NULL), NG_ERR_BAD_ARG);
}
END_TEST

START_TEST(at_most_64_classes) {
  char name[16];
  for (int i = 0; i < NG_GAZ_MAX_CLASSES; ++i) {
    snprintf(name, sizeof name, "C%d", i);
    ck_assert_int_eq(ng_gazetteer_class(gaz, name, 1), i);
  }
  ck_assert_int_eq(ng_gazetteer_class(gaz, "ONE_TOO_MANY", 1), -1);
  ck_assert_int_eq(ng_gazetteer_class(gaz, "C63", 0), 63);
}
END_TEST

START_TEST(fold_entries_match_in_any_ascii_case) {
  int title = ng_gazetteer_class(gaz, "TITLE", 1);
  add("Chief Executive", title, 1, NULL);
  ck_assert_uint_eq(lookup("Chief Executive"), BIT(title));
  ck_assert_uint_eq(lookup("chief executive"), BIT(title));
  ck_assert_uint_eq(lookup("CHIEF EXECUTIVE"), BIT(title));
  ck_assert_uint_eq(lookup("Chief"), 0);
  ck_assert_uint_eq(lookup("Chief Executives"), 0);
  ck_assert_uint_eq(ng_gazetteer_size(gaz), 1);
}
END_TEST

START_TEST(exact_entries_match_only_as_written) {
  int country = ng_gazetteer_class(gaz, "COUNTRY", 1);
  add("Chad", country, 0, NULL);
  ck_assert_uint_eq(lookup("Chad"), BIT(country));
  ck_assert_uint_eq(lookup("chad"), 0);
  ck_assert_uint_eq(lookup("CHAD"), 0);
}
END_TEST

START_TEST(one_spelling_may_belong_to_several_classes) {
  int black = ng_gazetteer_class(gaz, "BLACKLIST", 1);
  int stop = ng_gazetteer_class(gaz, "STOPCAP", 1);
  add("AI", black, 0, NULL);
  add("ai", stop, 1, NULL);
  ck_assert_uint_eq(lookup("AI"), BIT(black) | BIT(stop));
  ck_assert_uint_eq(lookup("Ai"), BIT(stop));
}
END_TEST

START_TEST(irregular_spacing_is_one_space) {
  int title = ng_gazetteer_class(gaz, "TITLE", 1);
  int head = ng_gazetteer_class(gaz, "ORG_HEAD", 1);
  add("  Vice \t President ", title, 1, NULL);
  add("Medical   Center", head, 0, NULL);
  ck_assert_uint_eq(lookup("vice president"), BIT(title));
  ck_assert_uint_eq(lookup("Vice\n\nPresident"), BIT(title));
  ck_assert_uint_eq(lookup(" Vice  President  "), BIT(title));
  ck_assert_uint_eq(lookup("VicePresident"), 0);
  /* exact entries compare their letters exactly, their spaces loosely */
  ck_assert_uint_eq(lookup("Medical Center"), BIT(head));
  ck_assert_uint_eq(lookup("Medical\tCenter"), BIT(head));
  ck_assert_uint_eq(lookup("medical center"), 0);
}
END_TEST

START_TEST(values_come_with_the_wanted_class) {
  int head = ng_gazetteer_class(gaz, "ORG_HEAD", 1);
  int unit = ng_gazetteer_class(gaz, "ORG_UNIT", 1);
  add("Hospital", head, 1, "Hospital");
  add("Hospital", unit, 1, "Ward");
  add("Center", head, 1, NULL);
  const char *value = "unchanged";
  uint64_t m = ng_gazetteer_lookup(gaz, "hospital", 8, head, &value);
  ck_assert_uint_eq(m, BIT(head) | BIT(unit));
  ck_assert_str_eq(value, "Hospital");
  m = ng_gazetteer_lookup(gaz, "Hospital", 8, unit, &value);
  ck_assert_str_eq(value, "Ward");
  value = "unchanged";
  m = ng_gazetteer_lookup(gaz, "Center", 6, head, &value);
  ck_assert_uint_eq(m, BIT(head));
  ck_assert_ptr_null(value);
  /* a miss leaves *value alone */
  value = "unchanged";
  ck_assert_uint_eq(ng_gazetteer_lookup(gaz, "Clinic", 6, head, &value), 0);
  ck_assert_str_eq(value, "unchanged");
}
END_TEST

START_TEST(max_words_counts_the_longest_entry) {
  int title = ng_gazetteer_class(gaz, "TITLE", 1);
  int month = ng_gazetteer_class(gaz, "MONTH", 1);
  ck_assert_int_eq(ng_gazetteer_max_words(gaz, title), 0);
  add("Dean", title, 1, NULL);
  ck_assert_int_eq(ng_gazetteer_max_words(gaz, title), 1);
  add("Chief Medical Officer", title, 1, NULL);
  add("Dean of Students", title, 1, NULL);
  add("Director   General", title, 1, NULL);
  add("May", month, 1, NULL);
  ck_assert_int_eq(ng_gazetteer_max_words(gaz, title), 3);
  ck_assert_int_eq(ng_gazetteer_max_words(gaz, month), 1);
  ck_assert_int_eq(ng_gazetteer_max_words(gaz, 9), 0);
}
END_TEST

START_TEST(longest_entry_ends_at_a_word_boundary) {
  int org = ng_gazetteer_class(gaz, "ORG", 1);
  int per = ng_gazetteer_class(gaz, "PERSON", 1);
  add("Acme", org, 0, NULL);
  add("Acme Labs", org, 0, NULL);
  add("Ann Lee", per, 0, NULL);
  uint64_t mask = 99;
  const char *s = "Acme Labs opened";
  ck_assert_uint_eq(ng_gazetteer_longest(gaz, s, strlen(s), &mask), 9);
  ck_assert_uint_eq(mask, BIT(org));
  /* "Acme Labsx" is no entry: fall back to "Acme" */
  s = "Acme Labsx opened";
  ck_assert_uint_eq(ng_gazetteer_longest(gaz, s, strlen(s), &mask), 4);
  ck_assert_uint_eq(mask, BIT(org));
  /* the end of the text is a boundary, punctuation is one */
  ck_assert_uint_eq(ng_gazetteer_longest(gaz, "Acme", 4, &mask), 4);
  s = "Acme, then";
  ck_assert_uint_eq(ng_gazetteer_longest(gaz, s, strlen(s), &mask), 4);
  /* inside a longer word there is no match */
  s = "Acmeville";
  ck_assert_uint_eq(ng_gazetteer_longest(gaz, s, strlen(s), &mask), 0);
  ck_assert_uint_eq(mask, 0);
  /* a UTF-8 letter after the entry is part of the word */
  s = "Acme\xc3\xa9";
  ck_assert_uint_eq(ng_gazetteer_longest(gaz, s, strlen(s), &mask), 0);
  /* the search starts at the first byte only */
  s = " Acme";
  ck_assert_uint_eq(ng_gazetteer_longest(gaz, s, strlen(s), &mask), 0);
  /* the spaces between words may be a run */
  s = "Ann  Lee said";
  ck_assert_uint_eq(ng_gazetteer_longest(gaz, s, strlen(s), &mask), 8);
  ck_assert_uint_eq(mask, BIT(per));
  /* exact entries keep their case in the longest search too */
  s = "acme labs";
  ck_assert_uint_eq(ng_gazetteer_longest(gaz, s, strlen(s), &mask), 0);
  /* len bounds the search */
  s = "Acme Labs";
  ck_assert_uint_eq(ng_gazetteer_longest(gaz, s, 6, &mask), 4);
}
END_TEST

START_TEST(clear_removes_entries_but_keeps_classes) {
  int org = ng_gazetteer_class(gaz, "ORG", 1);
  add("Acme", org, 1, "x");
  add("Acme Labs", org, 1, NULL);
  ck_assert_uint_eq(ng_gazetteer_size(gaz), 2);
  ng_gazetteer_clear(gaz);
  ck_assert_uint_eq(ng_gazetteer_size(gaz), 0);
  ck_assert_uint_eq(lookup("Acme"), 0);
  uint64_t mask;
  ck_assert_uint_eq(ng_gazetteer_longest(gaz, "Acme", 4, &mask), 0);
  ck_assert_int_eq(ng_gazetteer_class(gaz, "ORG", 0), org);
  /* and the trie is usable again */
  add("Beta", org, 1, NULL);
  ck_assert_uint_eq(lookup("beta"), BIT(org));
  ck_assert_uint_eq(lookup("Acme"), 0);
  ng_gazetteer_clear(gaz);
  ng_gazetteer_clear(gaz);
  ck_assert_uint_eq(ng_gazetteer_size(gaz), 0);
}
END_TEST

START_TEST(an_entry_added_twice_is_kept_once) {
  int org = ng_gazetteer_class(gaz, "ORG", 1);
  int per = ng_gazetteer_class(gaz, "PERSON", 1);
  /* a document that names one institution 100,000 times */
  for (int i = 0; i < 100000; ++i) {
    add("Pell Institute", org, 0, NULL);
  }
  ck_assert_uint_eq(ng_gazetteer_size(gaz), 1);
  ck_assert_uint_eq(lookup("Pell Institute"), BIT(org));
  /* another spelling, case rule, class or value is another entry */
  add("PELL Institute", org, 0, NULL);
  add("Pell Institute", org, 1, NULL);
  add("Pell Institute", per, 0, NULL);
  add("Pell Institute", org, 0, "x");
  add("Pell Institute", org, 0, "x");
  ck_assert_uint_eq(ng_gazetteer_size(gaz), 5);
  ck_assert_uint_eq(lookup("PELL Institute"), BIT(org));
  ck_assert_uint_eq(lookup("pell institute"), BIT(org));
  ck_assert_uint_eq(lookup("Pell Institute"), BIT(org) | BIT(per));
}
END_TEST

START_TEST(empty_entries_are_refused) {
  int org = ng_gazetteer_class(gaz, "ORG", 1);
  ck_assert_int_eq(ng_gazetteer_add(gaz, "   ", 3, org, 1, NULL),
                   NG_ERR_BAD_ARG);
  ck_assert_int_eq(ng_gazetteer_add(gaz, "", 0, org, 1, NULL), NG_ERR_BAD_ARG);
  ck_assert_uint_eq(ng_gazetteer_size(gaz), 0);
  ck_assert_uint_eq(lookup(""), 0);
}
END_TEST

/* 100,000 titles load and each is found; no timing is asserted, but the
 * test's timeout (with CK_TIMEOUT_MULTIPLIER) catches a quadratic trie. */
START_TEST(a_list_of_100000_entries_loads) {
  char dir[] = "/tmp/ng-gaz-XXXXXX";
  ck_assert_ptr_nonnull(mkdtemp(dir));
  char path[128];
  snprintf(path, sizeof path, "%s/lists.def", dir);
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs("# one big list\nbig.lst BIG fold\n", f);
  fclose(f);
  snprintf(path, sizeof path, "%s/big.lst", dir);
  f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  for (int i = 0; i < 100000; ++i) {
    fprintf(f, "Deputy Director %d of Unit %x\tv%d\n", i, i * 7, i);
  }
  fclose(f);
  ck_assert_int_eq(ng_gazetteer_load_index(gaz, dir, "lists.def"), NG_SUCCESS);
  ck_assert_uint_eq(ng_gazetteer_size(gaz), 100000);
  int big = ng_gazetteer_class(gaz, "BIG", 0);
  ck_assert_int_eq(big, 0);
  ck_assert_int_eq(ng_gazetteer_max_words(gaz, big), 6);
  const char *value = NULL;
  char q[64];
  snprintf(q, sizeof q, "deputy director %d of unit %x", 76543, 76543 * 7);
  ck_assert_uint_eq(ng_gazetteer_lookup(gaz, q, strlen(q), big, &value),
                    BIT(big));
  ck_assert_str_eq(value, "v76543");
  snprintf(q, sizeof q, "Deputy Director %d of Unit %x", 76543, 76543 * 7 + 1);
  ck_assert_uint_eq(lookup(q), 0);
  /* one more entry rebuilds the frozen trie's nodes: all still found */
  add(q, big, 1, "new");
  for (int i = 0; i < 100000; i += 997) {
    char want[16];
    snprintf(q, sizeof q, "Deputy Director %d of Unit %x", i, i * 7);
    snprintf(want, sizeof want, "v%d", i);
    ck_assert_uint_eq(ng_gazetteer_lookup(gaz, q, strlen(q), big, &value),
                      BIT(big));
    ck_assert_str_eq(value, want);
  }
  ck_assert_uint_eq(ng_gazetteer_size(gaz), 100001);
  remove(path);
  snprintf(path, sizeof path, "%s/lists.def", dir);
  remove(path);
  remove(dir);
}
END_TEST

START_TEST(load_index_reads_modes_values_and_comments) {
  char dir[] = "/tmp/ng-gaz-XXXXXX";
  ck_assert_ptr_nonnull(mkdtemp(dir));
  char path[128];
  snprintf(path, sizeof path, "%s/lists.def", dir);
  FILE *f = fopen(path, "w");
  fputs("heads.lst HEAD   # fold is the default\n"
        "\n"
        "names.lst NAME exact\n",
        f);
  fclose(f);
  snprintf(path, sizeof path, "%s/heads.lst", dir);
  f = fopen(path, "w");
  fputs("# a comment line\n  Hospital\tHospital\n\nUniversity  \n", f);
  fclose(f);
  snprintf(path, sizeof path, "%s/names.lst", dir);
  f = fopen(path, "w");
  fputs("Orbis\n", f);
  fclose(f);
  ck_assert_int_eq(ng_gazetteer_load_index(gaz, dir, "lists.def"), NG_SUCCESS);
  int head = ng_gazetteer_class(gaz, "HEAD", 0);
  int name = ng_gazetteer_class(gaz, "NAME", 0);
  ck_assert_uint_eq(ng_gazetteer_size(gaz), 3);
  const char *value = NULL;
  ck_assert_uint_eq(ng_gazetteer_lookup(gaz, "HOSPITAL", 8, head, &value),
                    BIT(head));
  ck_assert_str_eq(value, "Hospital");
  ck_assert_uint_eq(lookup("university"), BIT(head));
  ck_assert_uint_eq(lookup("Orbis"), BIT(name));
  ck_assert_uint_eq(lookup("orbis"), 0);
  ck_assert_uint_eq(lookup("# a comment line"), 0);
  remove(path);
  snprintf(path, sizeof path, "%s/heads.lst", dir);
  remove(path);
  snprintf(path, sizeof path, "%s/lists.def", dir);
  remove(path);
  remove(dir);
}
END_TEST

/* A loaded index is frozen into a flat copy without its nodes; an entry
 * added afterwards rebuilds them, and a clear empties it for new ones. */
START_TEST(entries_added_after_loading_join_the_loaded_ones) {
  char dir[] = "/tmp/ng-gaz-XXXXXX";
  ck_assert_ptr_nonnull(mkdtemp(dir));
  char path[128];
  snprintf(path, sizeof path, "%s/lists.def", dir);
  FILE *f = fopen(path, "w");
  fputs("heads.lst HEAD\nnames.lst NAME exact\n", f);
  fclose(f);
  snprintf(path, sizeof path, "%s/heads.lst", dir);
  f = fopen(path, "w");
  fputs("Hospital\tHospital\nHigh School\nUniversity\n", f);
  fclose(f);
  snprintf(path, sizeof path, "%s/names.lst", dir);
  f = fopen(path, "w");
  fputs("Orbis\n", f);
  fclose(f);
  ck_assert_int_eq(ng_gazetteer_load_index(gaz, dir, "lists.def"), NG_SUCCESS);
  int head = ng_gazetteer_class(gaz, "HEAD", 0);
  int name = ng_gazetteer_class(gaz, "NAME", 0);
  add("High Court", head, 1, "Court");
  add("Orb", name, 0, NULL);
  add("Orbis", head, 1, NULL);
  ck_assert_uint_eq(ng_gazetteer_size(gaz), 7);
  const char *value = NULL;
  ck_assert_uint_eq(ng_gazetteer_lookup(gaz, "hospital", 8, head, &value),
                    BIT(head));
  ck_assert_str_eq(value, "Hospital");
  ck_assert_uint_eq(ng_gazetteer_lookup(gaz, "high court", 10, head, &value),
                    BIT(head));
  ck_assert_str_eq(value, "Court");
  ck_assert_uint_eq(lookup("high school"), BIT(head));
  ck_assert_uint_eq(lookup("University"), BIT(head));
  ck_assert_uint_eq(lookup("Orbis"), BIT(name) | BIT(head));
  ck_assert_uint_eq(lookup("orbis"), BIT(head));
  ck_assert_uint_eq(lookup("Orb"), BIT(name));
  ck_assert_uint_eq(lookup("orb"), 0);
  ck_assert_uint_eq(lookup("High"), 0);
  uint64_t mask = 0;
  ck_assert_uint_eq(ng_gazetteer_longest(gaz, "High Court rules", 16, &mask),
                    10);
  ck_assert_uint_eq(mask, BIT(head));
  ng_gazetteer_clear(gaz);
  ck_assert_uint_eq(lookup("University"), 0);
  add("Institute", head, 1, NULL);
  ck_assert_uint_eq(lookup("institute"), BIT(head));
  ck_assert_uint_eq(ng_gazetteer_size(gaz), 1);
  remove(path);
  snprintf(path, sizeof path, "%s/heads.lst", dir);
  remove(path);
  snprintf(path, sizeof path, "%s/lists.def", dir);
  remove(path);
  remove(dir);
}
END_TEST

/* "plural": each entry's English plural, valued by the entry. */
START_TEST(a_plural_list_holds_plurals_valued_by_the_singular) {
  char dir[] = "/tmp/ng-gaz-XXXXXX";
  ck_assert_ptr_nonnull(mkdtemp(dir));
  char path[128];
  snprintf(path, sizeof path, "%s/lists.def", dir);
  FILE *f = fopen(path, "w");
  fputs("posts.lst POSTS fold plural\n", f);
  fclose(f);
  snprintf(path, sizeof path, "%s/posts.lst", dir);
  f = fopen(path, "w");
  fputs("Vice Dean\nSecretary of State\nChairman\nCEO\nBoss\nCoach\n"
        "Attorney\nNo. 2\n",
        f);
  fclose(f);
  ck_assert_int_eq(ng_gazetteer_load_index(gaz, dir, "lists.def"), NG_SUCCESS);
  int posts = ng_gazetteer_class(gaz, "POSTS", 0);
  static const char *const pairs[][2] = {
      {"vice deans", "Vice Dean"},
      {"Secretaries of State", "Secretary of State"},
      {"Chairmen", "Chairman"},
      {"CEOs", "CEO"},
      {"Bosses", "Boss"},
      {"Coaches", "Coach"},
      {"Attorneys", "Attorney"}};
  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; ++i) {
    const char *value = NULL;
    ck_assert_uint_eq(ng_gazetteer_lookup(gaz, pairs[i][0],
                                          strlen(pairs[i][0]), posts, &value),
                      BIT(posts));
    ck_assert_str_eq(value, pairs[i][1]);
  }
  /* the singular is not in the class, nor a made-up plural of a number */
  ck_assert_uint_eq(lookup("Vice Dean"), 0);
  ck_assert_uint_eq(lookup("Chairmans"), 0);
  ck_assert_uint_eq(ng_gazetteer_size(gaz), 7);
  remove(path);
  snprintf(path, sizeof path, "%s/lists.def", dir);
  remove(path);
  remove(dir);
}
END_TEST

START_TEST(free_accepts_null) {
  ng_gazetteer_free(NULL);
}
END_TEST

static Suite *gazetteer_suite(void) {
  Suite *s = suite_create("gazetteer");
  TCase *tc = tcase_create("trie");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, classes_are_named_and_numbered);
  tcase_add_test(tc, at_most_64_classes);
  tcase_add_test(tc, fold_entries_match_in_any_ascii_case);
  tcase_add_test(tc, exact_entries_match_only_as_written);
  tcase_add_test(tc, one_spelling_may_belong_to_several_classes);
  tcase_add_test(tc, irregular_spacing_is_one_space);
  tcase_add_test(tc, values_come_with_the_wanted_class);
  tcase_add_test(tc, max_words_counts_the_longest_entry);
  tcase_add_test(tc, longest_entry_ends_at_a_word_boundary);
  tcase_add_test(tc, clear_removes_entries_but_keeps_classes);
  tcase_add_test(tc, an_entry_added_twice_is_kept_once);
  tcase_add_test(tc, empty_entries_are_refused);
  tcase_add_test(tc, a_list_of_100000_entries_loads);
  tcase_add_test(tc, load_index_reads_modes_values_and_comments);
  tcase_add_test(tc, entries_added_after_loading_join_the_loaded_ones);
  tcase_add_test(tc, a_plural_list_holds_plurals_valued_by_the_singular);
  tcase_add_test(tc, free_accepts_null);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(gazetteer_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
