/*
 * check_prefilter.c: specification of the pattern analysis behind the
 * engine's shortcuts (extractor/prefilter.c): what a pattern needs (its
 * literals, word lists, mentions) and where a match may start, derived
 * soundly, with unknown constructs left alone; and, with the engine's
 * verification switched on, that the shortcuts find exactly the matches
 * of a plain scan over the shared corpus and over text made to provoke
 * them (non-ASCII letters, placeholders, word lists next to mentions).
 */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include "prefilter.h"
#include "rules.h"

#include <check.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static NgAtoms *atoms;
static NgPrefilter *pre;
static NgRule rule;
static uint64_t present[64];

static void setup(void) {
  ck_assert_int_eq(ng_atoms_new(&atoms), NG_SUCCESS);
  pre = NULL;
  memset(&rule, 0, sizeof(rule));
}

static void teardown(void) {
  ng_prefilter_free(pre);
  ng_atoms_free(atoms);
}

/* Analyses pattern (word-list reference n stands for classes mask[n]). */
static void analyse(const char *pattern) {
  rule.expanded = (char *)pattern;
  ck_assert_int_eq(ng_prefilter_analyse(atoms, &rule, &pre), NG_SUCCESS);
  ck_assert_int_eq(ng_atoms_build(atoms), NG_SUCCESS);
  ck_assert_uint_le(ng_atoms_words(atoms), 64);
}

/* Whether the clauses are met by text (classes and mentions given). */
static int met(const char *text, uint64_t classes, uint32_t mentions) {
  ck_assert_int_eq(ng_atoms_scan(atoms, text, strlen(text), present, NULL),
                   NG_SUCCESS);
  return ng_prefilter_met(pre, present, classes, classes, mentions);
}

static int starts(const char *text, size_t p) {
  return ng_prefilter_may_start(pre, (const unsigned char *)text,
                                strlen(text), p);
}

START_TEST(literals_are_required) {
  analyse("(?<![\\p{L}\\p{N}])Dean\\sof\\s(?:Medicine|Law)");
  ck_assert(pre->analysed);
  ck_assert(met("the Dean of Law spoke", 0, 0));
  ck_assert(!met("the Dean of Arts spoke", 0, 0)); /* neither branch */
  ck_assert(!met("the Provost of Law spoke", 0, 0));
  ck_assert(!met("dean of law", 0, 0)); /* case-sensitive */
}
END_TEST

START_TEST(negated_parts_are_not_required) {
  analyse("said\\s(?!Dean)\\w+");
  ck_assert(pre->analysed);
  ck_assert(met("said hello", 0, 0));
  ck_assert(!met("anything at all", 0, 0));
}
END_TEST

START_TEST(caseless_words_are_required_in_either_case) {
  analyse("(?i:joint)\\s\\w+");
  ck_assert(pre->analysed);
  ck_assert(met("a JOINT venture", 0, 0));
  ck_assert(met("a Joint venture", 0, 0));
  ck_assert(!met("a new venture", 0, 0));
  ng_prefilter_free(pre);
  pre = NULL;
  /* k and s also match the Kelvin sign and the long s: the letters around
   * them are required, not they */
  analyse("(?i:kite)");
  ck_assert(met("\xE2\x84\xAAITE", 0, 0));
  ng_prefilter_free(pre);
  pre = NULL;
  analyse("(?i:hospital)");
  ck_assert(met("ho\xC5\xBFPITAL", 0, 0));
  ck_assert(!met("hotel", 0, 0));
}
END_TEST

START_TEST(optional_parts_are_not_required) {
  analyse("(?:Dean\\s)?\\p{Lu}\\w+|Provost");
  ck_assert(met("Maria", 0, 0));
  ck_assert(starts("x Maria", 2));
  ck_assert(starts("x Provost", 2));
  ck_assert(!starts("x maria", 2));
}
END_TEST

START_TEST(word_lists_and_mentions_are_required) {
  rule.n_callouts = 1;
  rule.callout_mask[1] = 4;
  analyse("(?<![\\p{L}\\p{N}])(\\w+)(?C1)(?![\\p{L}\\p{N}])\\s\\x{E002}");
  ck_assert(pre->analysed);
  ck_assert(met("", 4, 1u << 1));
  ck_assert(!met("", 2, 1u << 1)); /* another class */
  ck_assert(!met("", 4, 1u << 0)); /* a person, not an organization */
}
END_TEST

/* A word-list reference calls the one word its pattern defines at the
 * end (rules.h): read as the word written out, it is required and starts
 * where the word does, and a leading gap stays one. */
START_TEST(word_calls_read_as_the_word_they_call) {
  rule.n_callouts = 1;
  rule.callout_mask[1] = 4;
  analyse("(?<![\\p{L}\\p{N}])((?&" NG_WORD_GROUP ")(?:\\s(?&" NG_WORD_GROUP
          ")){0,2})(?C1)(?![\\p{L}\\p{N}])\\sof\\s\\x{E002}"
          "(?(DEFINE)(?<" NG_WORD_GROUP ">" NG_WORD_PATTERN "))");
  ck_assert(pre->analysed);
  ck_assert(pre->anchorable);
  ck_assert(met(" of ", 4, 1u << 1));
  ck_assert(!met(" of ", 2, 1u << 1)); /* another class */
  ck_assert(!met(" by ", 4, 1u << 1)); /* no literal */
  ck_assert(starts("the Dean of", 4));
  ck_assert(!starts("the Dean of", 3)); /* a space starts no word */
  ck_assert(!starts("the Dean of", 5)); /* inside a word */
  /* a leading gap stays one past the word's definition */
  ng_prefilter_free(pre);
  pre = NULL;
  analyse("(?<a>[^;:]+?)\\swere\\s(?&" NG_WORD_GROUP ")"
          "(?(DEFINE)(?<" NG_WORD_GROUP ">" NG_WORD_PATTERN "))");
  ck_assert(pre->has_lead_gap);
  /* (calls of other groups: unknown_constructs_are_left_alone) */
}
END_TEST

START_TEST(starts_follow_lookbehinds_and_first_characters) {
  analyse("(?<![\\p{L}\\p{N}'-])(?=\\p{Lu})\\w+\\sHospital");
  ck_assert(pre->anchorable);
  ck_assert(starts("Acme Hospital", 0));
  ck_assert(starts("the Acme Hospital", 4));
  ck_assert(!starts("the Acme Hospital", 3));   /* a space */
  ck_assert(!starts("the Acme Hospital", 0));   /* lower case */
  ck_assert(!starts("theAcme Hospital", 3));    /* after a letter */
  ck_assert(!starts("o'Acme Hospital", 2));     /* after an apostrophe */
  ck_assert(starts("\xC3\xA9 Acme Hospital", 3)); /* after a non-ASCII byte */
  ck_assert(starts("\xC3\x89" "cole Hospital", 0)); /* a non-ASCII capital */
}
END_TEST

START_TEST(a_caret_starts_only_at_the_beginning) {
  analyse("^By\\s\\w+|(?<=;\\s)By\\s\\w+");
  ck_assert(starts("By Jane", 0));
  ck_assert(!starts("xBy Jane", 1)); /* not after a space */
  ck_assert(starts("x; By Jane", 3));
}
END_TEST

START_TEST(a_pattern_that_may_match_empty_starts_anywhere) {
  analyse("(?:Dean)?");
  ck_assert(pre->analysed);
  ck_assert(!pre->anchorable);
  ck_assert_uint_eq(pre->n_clauses, 0);
}
END_TEST

START_TEST(caseless_letters_start_in_either_case) {
  analyse("(?i)k\\w+");
  ck_assert(starts("King", 0));
  ck_assert(starts("king", 0));
  ck_assert(starts("\xE2\x84\xAAing", 0)); /* the Kelvin sign folds to k */
  ck_assert(!starts("ring", 0));
}
END_TEST

START_TEST(unknown_constructs_are_left_alone) {
  static const char *const patterns[] = {
      "(\\w+)\\s\\1",         /* a back reference */
      "Dean\\K\\s\\w+",       /* \K moves the start */
      "\\G\\w+",              /* \G depends on where the search starts */
      "(*SKIP)\\w+",          /* verbs */
      "(?x) a b",             /* options other than i */
      "(?(?=a)ab|cd)",        /* conditionals */
      "(?1)(a)",              /* recursion */
      "(?&other)(?(DEFINE)(?<other>a))", /* a call of another group */
      "(?(DEFINE(?<w>a))",                /* no DEFINE after all */
      "[[:alpha:]]+",         /* POSIX classes */
      "\\p{Greek}",           /* properties not listed */
      "Dean)",                /* unbalanced */
  };
  for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; ++i) {
    ng_prefilter_free(pre);
    pre = NULL;
    analyse(patterns[i]);
    ck_assert_msg(!pre->analysed, "%s analysed", patterns[i]);
  }
}
END_TEST

/* The CJK scripts of names written in them hold no ASCII character: a
 * class of them starts nowhere an ASCII byte stands, and the words
 * around it are still required. */
START_TEST(cjk_scripts_hold_no_ascii) {
  analyse("(?<![\\p{L}\\p{N}])[\\p{Han}\\p{Hangul}\\p{Hiragana}\\p{Katakana}]+"
          "\\s(?:said|says)");
  ck_assert(pre->analysed);
  ck_assert(pre->anchorable);
  ck_assert(met("Li said so", 0, 0)); /* the words only */
  ck_assert(!met("Li spoke", 0, 0));
  ck_assert(!starts("Li said", 0)); /* ASCII: no member */
  ck_assert(starts("\xE6\x9D\x8E said", 0));
}
END_TEST

START_TEST(an_anchor_is_reached_only_through_its_gap) {
  analyse("\\p{Lu}[\\p{L}\\s]*\\sUniversity");
  ck_assert(pre->has_gap);
  ck_assert_uint_eq(pre->gap.n_lits, 1);
  ck_assert((pre->gap_ascii[0] >> ' ') & 1);   /* spaces may come first */
  ck_assert(!((pre->gap_ascii[0] >> ',') & 1)); /* commas may not */
  ck_assert(!pre->gap_pua);                    /* nor placeholders */
}
END_TEST

/* A class repeated without bound that opens the pattern: a failed start
 * rules out the rest of the class's run (engine.c), so only the plain
 * form is taken, never one an alternative, a quantified group, or a
 * reference to where the match began could break. */
START_TEST(a_leading_gap_is_read_only_in_its_plain_form) {
  analyse("(?:(?<a>(?:[^;:]+?))\\s(?:were|was)\\spresent)");
  ck_assert(pre->has_lead_gap);
  ck_assert(ng_byteset_has(&pre->lead_stop, ';'));
  ck_assert(ng_byteset_has(&pre->lead_stop, ':'));
  ck_assert(!ng_byteset_has(&pre->lead_stop, ','));
  ck_assert(!ng_byteset_has(&pre->lead_stop, 0xE2));
  static const char *const not_gaps[] = {
      "(?:(?<a>[^;:]+?)\\swere|\\sDean)",     /* an alternative beside it */
      "(?:(?<a>[^;:]+?)\\swere)?\\sDean",     /* its group is optional */
      "(?<a>[^;:]{1,60}?)\\swere",            /* bounded */
      "(?<a>[^;:]++)\\swere",                 /* possessive */
      "(?<a>[^;a]+?)\\swere",                 /* a letter: case matters */
      "(?<a>[^;:]+?)\\swere\\s\\k<a>",        /* a reference to it */
      "(?<a>[^;:]+?)\\G\\swere",              /* where the search began */
      "(?<a>[^;:]+?)(*COMMIT)\\swere",        /* a backtracking verb */
      "(?<![\\p{L}])(?<a>[^;:]+?)\\swere",    /* something before it */
  };
  for (size_t i = 0; i < sizeof(not_gaps) / sizeof(*not_gaps); ++i) {
    ng_prefilter_free(pre);
    pre = NULL;
    rule.expanded = (char *)not_gaps[i];
    ck_assert_int_eq(ng_prefilter_analyse(atoms, &rule, &pre), NG_SUCCESS);
    ck_assert_msg(!pre->has_lead_gap, "%s", not_gaps[i]);
  }
}
END_TEST

START_TEST(rare_punctuation_is_required_alone) {
  analyse("\\p{Lu}\\w+\\s\\(\\w+\\)");
  ck_assert(pre->analysed);
  ck_assert(met("Ana Ruiz (director) spoke", 0, 0));
  ck_assert(!met("Ana Ruiz, director, spoke", 0, 0)); /* no parenthesis */
  ng_prefilter_free(pre);
  pre = NULL;
  analyse("\\p{Lu}\\w+,\\s\\w+"); /* commas are everywhere: not kept */
  ck_assert(met("Ana Ruiz said", 0, 0));
}
END_TEST

START_TEST(lookbehind_clauses_may_lie_before_the_start) {
  analyse("(?<=Dean\\s)\\p{Lu}\\w+\\sUniversity");
  ck_assert(pre->analysed);
  int behind = 0, ahead = 0;
  for (size_t i = 0; i < pre->n_clauses; ++i) {
    if (pre->clauses[i].behind) {
      ++behind;
    } else {
      ++ahead;
    }
  }
  ck_assert_int_eq(behind, 1); /* "Dean " precedes where a match starts */
  ck_assert_int_eq(ahead, 1);  /* " University" follows it */
}
END_TEST

START_TEST(implied_clauses_leave_room_for_later_ones) {
  /* the second group gives thirteen clauses "E002 or Aa", "E002 or Bb"
   * ..., all implied by the first placeholder's: were they kept, they
   * would crowd out the verb's clause, which has more ways to be met */
  analyse("\\x{E002}\\s(?:\\x{E002}|Aa\\sBb\\sCc\\sDd\\sEe\\sFf\\sGg\\sHh\\sIi"
          "\\sJj\\sKk\\sLl\\sMm)\\s(?:signed|inked|sealed|concluded|reached|"
          "renewed|extended|forged|formed|launched|unveiled|announced)");
  ck_assert(pre->analysed);
  ck_assert(met("a signed deal", 0, 1u << 1));
  ck_assert(!met("a new deal", 0, 1u << 1)); /* no verb */
}
END_TEST

START_TEST(near_copies_merge_to_leave_room) {
  /* the group gives thirteen clauses "E002 or Aa", "E002 or Bb" ...,
   * none implied by another: two of them merge rather than the verb's
   * clause, which has the most ways to be met, being dropped */
  analyse("(?:\\x{E002}|Aa\\sBb\\sCc\\sDd\\sEe\\sFf\\sGg\\sHh\\sIi\\sJj"
          "\\sKk\\sLl\\sMm)\\s(?:signed|inked|sealed|concluded|reached|"
          "renewed|extended|forged|formed|launched|unveiled|announced)");
  ck_assert(pre->analysed);
  ck_assert(met("a signed deal", 0, 1u << 1));
  ck_assert(!met("a new deal", 0, 1u << 1)); /* no verb */
}
END_TEST

/* ------------------------------------------- the engine's shortcuts */

static NgRuleset *rules;
static NgExtractor *ex;
static int errors;

static void count_errors(void *handle, const NgDiagnostic *d) {
  (void)handle;
  if (d->level == NG_LOG_ERROR) {
    ++errors;
    fprintf(stderr, "check_prefilter: %s\n", d->message);
  }
}

static void load_verifying(void) {
  const char *env = getenv("NEWSGRAPH_RULES");
  const char *src = getenv("NG_SRCDIR");
  char path[1024];
  if (env && *env) {
    snprintf(path, sizeof path, "%s", env);
  } else {
    snprintf(path, sizeof path, "%s/extractor/rules", src ? src : "..");
  }
  errors = 0;
  ng_log_set_sink(count_errors, NULL);
  setenv("NEWSGRAPH_VERIFY_PREFILTER", "1", 1);
  ck_assert_int_eq(ng_ruleset_load(path, &rules), NG_SUCCESS);
  ck_assert_int_eq(ng_extractor_new(rules, &ex), NG_SUCCESS);
}

static void free_verifying(void) {
  ng_extractor_free(ex);
  ng_ruleset_free(rules);
  ng_log_set_sink(NULL, NULL);
  unsetenv("NEWSGRAPH_VERIFY_PREFILTER");
}

static NgStatus extract_text(const char *label, const char *text, size_t len) {
  NgDocument *doc = NULL;
  NgArticle *art = NULL;
  NgStatus st = ng_document_from_bytes(label, text, len, &doc);
  if (st == NG_SUCCESS) {
    st = ng_extractor_run(ex, doc, &art);
  }
  ng_article_free(art);
  ng_document_free(doc);
  return st;
}

/* Sentences that test the corners: names after non-ASCII punctuation,
 * word-list entries right after mentions, lists, dates, bylines. */
static const char *const provocations[] =
    {"By Jane Roe, Press Office, Northbridge University Hospital\n\n"
     "\xE2\x80\x9C" "Acme University\xE2\x80\x9D and \xC3\x89" "cole Centrale "
     "signed a memorandum of understanding on 3 March 2031.\n\n"
     "Dr. Jos\xC3\xA9 \xC3\x81" "lvarez, Vice President of Northbridge "
     "University\xE2\x80\x99s School of Nursing, said the partnership would "
     "last.\n\n"
     "The Harbour Health Summit (HHS) was held at the Riverside Convention "
     "Centre on May 4-6, 2031 and organized by Acme Medical College.\n\n"
     "Professor Maria Okafor;Dean of Medicine at Calder InstituteHospital "
     "attended.\n",
     "Source: Press Office, ACMEU\n",
     "Written by: Lena Novak | Photos: Ines Reyes\n\n"
     "On 2031-03-04 the two sides agreed to cooperate in the fields of "
     "rural telemedicine and nursing education.\n"};

START_TEST(shortcuts_find_what_a_plain_scan_finds) {
  load_verifying();
  for (size_t i = 0; i < sizeof provocations / sizeof provocations[0]; ++i) {
    ck_assert_int_eq(
        extract_text("provocation.txt", provocations[i], strlen(provocations[i])),
        NG_SUCCESS);
  }
  const char *shared = getenv("NG_SHARED");
  char pattern[1024];
  snprintf(pattern, sizeof pattern, "%s/corpus/*/*.txt",
           shared ? shared : "../../shared");
  glob_t g;
  if (glob(pattern, 0, NULL, &g) == 0) {
    for (size_t i = 0; i < g.gl_pathc; ++i) {
      NgDocument *doc = NULL;
      NgArticle *art = NULL;
      ck_assert_int_eq(ng_document_load_file(g.gl_pathv[i], &doc), NG_SUCCESS);
      ck_assert_msg(ng_extractor_run(ex, doc, &art) == NG_SUCCESS,
                    "shortcuts differ from a plain scan on %s",
                    g.gl_pathv[i]);
      ng_article_free(art);
      ng_document_free(doc);
    }
    globfree(&g);
  } else {
    fprintf(stderr, "check_prefilter: no shared corpus at %s\n", pattern);
  }
  ck_assert_int_eq(errors, 0);
  free_verifying();
}
END_TEST

START_TEST(verification_catches_a_wrong_shortcut) {
  load_verifying();
  NgRule *date = NULL;
  for (size_t i = 0; i < rules->n_rules; ++i) {
    if (!strcmp(rules->rules[i].id, "date")) {
      date = &rules->rules[i];
    }
  }
  if (!date || !date->anchored) {
    free_verifying();
    return; /* the rule set changed: nothing to break here */
  }
  /* claim that no date can start anywhere */
  memset(date->pre->next_alts, 0, sizeof(date->pre->next_alts));
  const char *text = "The forum opened on March 3, 2031 in the city.\n";
  ck_assert_int_eq(extract_text("wrong.txt", text, strlen(text)),
                   NG_ERR_INTERNAL);
  ck_assert_int_ge(errors, 1);
  free_verifying();
}
END_TEST

/* The fewest commas, periods and mentions a match consumes: added along a
 * sequence, the least of two branches, times a quantifier's least count,
 * none in an assertion or an optional part. */
START_TEST(needed_symbols_are_counted) {
  analyse("\\x{E001},\\s(?:\\w+,\\s){2,5}(?:\\x{E002}|\\x{E001})(?=\\.)(?:;)?");
  ck_assert(pre->analysed);
  ck_assert(pre->has_need);
  ck_assert_uint_eq(pre->need[ng_need_symbol(',')], 3);
  ck_assert_uint_eq(pre->need[ng_need_symbol('.')], 0); /* asserted only */
  ck_assert_uint_eq(pre->need[ng_need_symbol(';')], 0); /* optional */
  ck_assert_uint_eq(pre->need[NG_NEED_ANY_MENTION], 2);
  ck_assert_uint_eq(pre->need[NG_NEED_MENTION(0)], 1); /* the person only */
  ck_assert_uint_eq(pre->need[NG_NEED_MENTION(1)], 0);
  ng_prefilter_free(pre);
  pre = NULL;
  /* a class of one byte is that byte; of more, or negated, none */
  analyse("[(]\\w+[)]\\s[,;]\\s[^,]");
  ck_assert_uint_eq(pre->need[ng_need_symbol('(')], 1);
  ck_assert_uint_eq(pre->need[ng_need_symbol(')')], 1);
  ck_assert_uint_eq(pre->need[ng_need_symbol(',')], 0);
  ck_assert_int_eq(ng_need_symbol('a'), -1);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("prefilter");
  TCase *a = tcase_create("analysis");
  tcase_add_checked_fixture(a, setup, teardown);
  tcase_add_test(a, literals_are_required);
  tcase_add_test(a, negated_parts_are_not_required);
  tcase_add_test(a, caseless_words_are_required_in_either_case);
  tcase_add_test(a, optional_parts_are_not_required);
  tcase_add_test(a, word_lists_and_mentions_are_required);
  tcase_add_test(a, word_calls_read_as_the_word_they_call);
  tcase_add_test(a, starts_follow_lookbehinds_and_first_characters);
  tcase_add_test(a, a_caret_starts_only_at_the_beginning);
  tcase_add_test(a, a_pattern_that_may_match_empty_starts_anywhere);
  tcase_add_test(a, caseless_letters_start_in_either_case);
  tcase_add_test(a, unknown_constructs_are_left_alone);
  tcase_add_test(a, an_anchor_is_reached_only_through_its_gap);
  tcase_add_test(a, rare_punctuation_is_required_alone);
  tcase_add_test(a, lookbehind_clauses_may_lie_before_the_start);
  tcase_add_test(a, implied_clauses_leave_room_for_later_ones);
  tcase_add_test(a, near_copies_merge_to_leave_room);
  tcase_add_test(a, a_leading_gap_is_read_only_in_its_plain_form);
  tcase_add_test(a, cjk_scripts_hold_no_ascii);
  tcase_add_test(a, needed_symbols_are_counted);
  suite_add_tcase(s, a);
  TCase *v = tcase_create("verification");
  tcase_set_timeout(v, 120);
  tcase_add_test(v, shortcuts_find_what_a_plain_scan_finds);
  tcase_add_test(v, verification_catches_a_wrong_shortcut);
  suite_add_tcase(s, v);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
