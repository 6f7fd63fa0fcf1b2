/*
 * check_dates.c: specification of the date reader (extractor/dates.h):
 * the forms of news text listed at the top of dates.c, ranges, dates that
 * do not exist, the year finder, comparison and ISO 8601 formatting.
 */
#include "dates.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* Parses text and compares the formatted start (and end) with the
 * expected ISO strings; a field the text lacks is 0, so "May 10" formats
 * as "" (no year) and is checked field by field instead. */
static void expect(const char *text, const char *start, const char *end) {
  NgDate a, b;
  char sa[11], sb[11];
  ck_assert_msg(ng_date_parse(text, &a, &b), "'%s' not read as a date", text);
  ng_date_format(&a, sa);
  ng_date_format(&b, sb);
  ck_assert_msg(!strcmp(sa, start), "'%s' starts '%s', expected '%s'", text,
                sa, start);
  ck_assert_msg(!strcmp(sb, end), "'%s' ends '%s', expected '%s'", text, sb,
                end);
}

static void expect_fields(const char *text, int y, int m, int d) {
  NgDate a, b;
  ck_assert_msg(ng_date_parse(text, &a, &b), "'%s' not read as a date", text);
  ck_assert_msg(a.year == y && a.month == m && a.day == d,
                "'%s' read as %d-%d-%d, expected %d-%d-%d", text, a.year,
                a.month, a.day, y, m, d);
}

static void expect_none(const char *text) {
  NgDate a, b;
  ck_assert_msg(!ng_date_parse(text, &a, &b), "'%s' read as %d-%d-%d", text,
                a.year, a.month, a.day);
  ck_assert_int_eq(a.year + a.month + a.day, 0);
}

/* The day a relative word names, counted from ref (y-m-d). */
static void expect_relative(const char *text, int y, int m, int d,
                            const char *want) {
  NgDate ref = {y, m, d}, out = {0, 0, 0};
  char got[11] = "";
  int found = ng_date_relative(text, &ref, &out);
  if (found) {
    ng_date_format(&out, got);
  }
  ck_assert_msg(want ? found && !strcmp(got, want) : !found,
                "'%s' from %04d-%02d-%02d: got '%s', want '%s'", text, y, m, d,
                got, want ? want : "(none)");
}

/* Date lines of pages in other languages name the month in their own
 * words, full, with "de" between the parts in Spanish and Portuguese, in
 * the genitive in Polish and Greek. */
/* Days added to a date cross months, years and leap days. */
START_TEST(days_added_to_a_date) {
  static const struct {
    NgDate from;
    long n;
    const char *want;
  } cases[] = {
      {{2031, 5, 14}, 7, "2031-05-21"},  {{2031, 5, 28}, 7, "2031-06-04"},
      {{2031, 12, 29}, 7, "2032-01-05"}, {{2032, 2, 27}, 3, "2032-03-01"},
      {{2031, 3, 1}, -1, "2031-02-28"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    NgDate d = cases[i].from;
    char got[11];
    ng_date_add_days(&d, cases[i].n);
    ng_date_format(&d, got);
    ck_assert_str_eq(got, cases[i].want);
    ck_assert_int_eq(ng_date_days(&d) - ng_date_days(&cases[i].from),
                     cases[i].n);
  }
}
END_TEST

START_TEST(months_named_in_other_languages) {
  expect("9 de abril de 2031", "2031-04-09", "");
  expect("2 de outubro de 2031", "2031-10-02", "");
  expect("24 janvier 2031", "2031-01-24", "");
  expect("3 maggio 2031", "2031-05-03", "");
  expect("14 février 2031", "2031-02-14", "");
  expect("1 de março de 2031", "2031-03-01", "");
  expect("12 maart 2031", "2031-03-12", "");      /* Dutch */
  expect("3 augusti 2031", "2031-08-03", "");     /* Swedish */
  expect("17 Agustus 2031", "2031-08-17", "");    /* Indonesian */
  expect("21 Mayıs 2031", "2031-05-21", "");      /* Turkish */
  expect("3 marca 2031", "2031-03-03", "");       /* Polish */
  expect("12 Νοεμβρίου 2031", "2031-11-12", "");  /* Greek */
  expect_none("de abril");
  expect_none("Mart");
}
END_TEST

START_TEST(days_counted_from_the_article) {
  expect_relative("They signed it yesterday.", 2031, 10, 12, "2031-10-11");
  expect_relative("They sign it today.", 2031, 10, 12, "2031-10-12");
  /* 2031-10-14 is a Tuesday */
  expect_relative("It was signed on Monday.", 2031, 10, 14, "2031-10-13");
  expect_relative("It was signed on Tuesday.", 2031, 10, 14, "2031-10-14");
  expect_relative("It was signed last Tuesday.", 2031, 10, 14, "2031-10-07");
  expect_relative("It was signed on Wednesday.", 2031, 10, 14, "2031-10-08");
  /* a week or a month back: the month alone, and a week only when its
   * seven days share one */
  expect_relative("It was signed last week.", 2031, 10, 14, "2031-10");
  expect_relative("It was signed last week.", 2031, 10, 5, NULL);
  expect_relative("It was signed last month.", 2031, 10, 14, "2031-09");
  expect_relative("It was signed last month.", 2031, 1, 14, "2030-12");
  expect_relative("They met earlier this month.", 2031, 10, 14, "2031-10");
  /* across a month, a year and a leap day */
  expect_relative("signed yesterday", 2031, 1, 1, "2030-12-31");
  expect_relative("signed yesterday", 2032, 3, 1, "2032-02-29");
  expect_relative("signed yesterday", 2031, 3, 1, "2031-02-28");
  /* no relative word, or a weekday that no "on" or "last" introduces */
  expect_relative("They signed it in May.", 2031, 10, 14, NULL);
  expect_relative("Mondays are busy.", 2031, 10, 14, NULL);
  expect_relative("Todays news", 2031, 10, 14, NULL);
  /* no full reference date */
  expect_relative("signed yesterday", 2031, 10, 0, NULL);
}
END_TEST

START_TEST(the_forms_of_news_text) {
  expect("November 15, 2023", "2023-11-15", "");
  expect("on November 15 2023 at noon", "2023-11-15", "");
  expect("30 September 2024", "2024-09-30", "");
  expect("the 5th of May, 2031", "2031-05-05", "");
  expect("2018-02-04 09:41:00", "2018-02-04", "");
  expect("2018/02/04", "2018-02-04", "");
  expect("2031.03.11 | News", "2031-03-11", "");
  expect("24.09.26", "2024-09-26", "");
  expect("24/10/2025", "2025-10-24", "");
  expect("24-10-2025", "2025-10-24", "");
  expect("14.03.2031 | Views: 9", "2031-03-14", "");
  expect("4.3.2031", "2031-03-04", "");
  expect("Posted 3/7/2031", "2031-07-03", "");
  expect("September 2024", "2024-09", "");
  expect("December of 2015", "2015-12", "");
  expect("Sept. 9, 2030", "2030-09-09", "");
}
END_TEST

START_TEST(dates_without_a_year) {
  expect_fields("On the afternoon of May 10", 0, 5, 10);
  expect_fields("Feb. 1", 0, 2, 1);
  expect_fields("on 3rd March", 0, 3, 3);
  expect_fields("Dec 24th", 0, 12, 24);
  NgDate a, b;
  char out[11] = "x";
  ng_date_parse("May 10", &a, &b);
  ng_date_format(&a, out);
  ck_assert_str_eq(out, ""); /* no year, no date: never guessed */
}
END_TEST

START_TEST(ranges) {
  expect_fields("July 5th to 6th", 0, 7, 5);
  NgDate a, b;
  ck_assert(ng_date_parse("July 5th to 6th", &a, &b));
  ck_assert_int_eq(b.month, 7);
  ck_assert_int_eq(b.day, 6);
  expect("May 3-5, 2031", "2031-05-03", "2031-05-05");
  expect("June 30 - July 2, 2031", "2031-06-30", "2031-07-02");
  expect("October 14 and 15, 2025", "2025-10-14", "2025-10-15");
  expect("March 1, 2030 to March 3, 2030", "2030-03-01", "2030-03-03");
}
END_TEST

/* Ranges written day first, as most of the world writes dates: the days
 * before one month, or each day with its month; the end's year is the
 * start's. */
START_TEST(ranges_written_day_first) {
  expect("12-14 May 2031", "2031-05-12", "2031-05-14");
  expect("12 to 14 May 2031", "2031-05-12", "2031-05-14");
  expect("3 and 4 June 2031", "2031-06-03", "2031-06-04");
  expect("12 May to 14 May 2031", "2031-05-12", "2031-05-14");
  expect("30 April - 2 May 2031", "2031-04-30", "2031-05-02");
  expect("29 December 2030 to 2 January 2031", "2030-12-29", "2031-01-02");
  /* "until" opens a period, as in month-first dates: the first is read */
  expect("From 2 March 2031 until 9 April 2031", "2031-03-02", "");
  expect("3 to 12 May 2031", "2031-05-03", "2031-05-12");
  /* no range: a number that is no day of a month after it, or an end
   * before the start */
  expect("12 May 2031 and 40 guests", "2031-05-12", "");
  expect("14 to 12 May 2031", "2031-05-14", "");
}
END_TEST

START_TEST(the_first_date_is_read) {
  expect("From March 2, 2031 until April 9, 2031", "2031-03-02", "");
  expect("in 2031 the clinic opened on 4 May 2031", "2031-05-04", "");
}
END_TEST

START_TEST(impossible_dates_are_rejected) {
  expect_none("2023-02-30");
  expect_none("2023-02-29");
  expect_none("2031-13-01");
  expect_none("31/04/2025");
  expect_none("31-02-2025");
  expect_none("24.13.01");
  expect_none("May 32");
  expect_none("32 May");
  expect_fields("2024-02-29", 2024, 2, 29); /* a leap day */
  /* month-name dates are read as written; validity is checked by the
   * caller with ng_date_valid */
  ck_assert(!ng_date_valid(2023, 2, 30));
  ck_assert(!ng_date_valid(2023, 2, 29));
  ck_assert(ng_date_valid(2024, 2, 29));
  ck_assert(!ng_date_valid(1900, 2, 29));
  ck_assert(ng_date_valid(2000, 2, 29));
  ck_assert(ng_date_valid(2031, 4, 0)); /* a month alone */
  ck_assert(!ng_date_valid(2031, 4, 31));
  ck_assert(!ng_date_valid(1899, 1, 1));
  ck_assert(!ng_date_valid(2101, 1, 1));
  ck_assert(!ng_date_valid(2031, 0, 1));
}
END_TEST

START_TEST(text_without_dates) {
  expect_none("");
  expect_none("The clinic opened a new wing.");
  expect_none("Room 24 on floor 3");
  expect_none("Mayor Lee spoke");  /* "Mayor" is no month */
  expect_none("1,200 beds");
  expect_none("version 2031");     /* a year alone is no date */
}
END_TEST

START_TEST(years_standing_alone) {
  ck_assert_int_eq(ng_date_year_in("the 2031 Harbour Summit"), 2031);
  ck_assert_int_eq(ng_date_year_in("Expo2031"), 0);
  ck_assert_int_eq(ng_date_year_in("12031 visitors"), 0);
  ck_assert_int_eq(ng_date_year_in("1850 and 1999"), 1999);
  ck_assert_int_eq(ng_date_year_in("no year"), 0);
}
END_TEST

START_TEST(formatting_and_comparing) {
  char out[11];
  NgDate d = {2031, 5, 10};
  ng_date_format(&d, out);
  ck_assert_str_eq(out, "2031-05-10");
  d.day = 0;
  ng_date_format(&d, out);
  ck_assert_str_eq(out, "2031-05");
  d.month = 0;
  ng_date_format(&d, out);
  ck_assert_str_eq(out, "2031");
  NgDate none = {0, 5, 10};
  ng_date_format(&none, out);
  ck_assert_str_eq(out, "");
  NgDate a = {2031, 5, 10}, b = {2031, 5, 11}, c = {2031, 5, 0};
  ck_assert_int_lt(ng_date_compare(&a, &b), 0);
  ck_assert_int_gt(ng_date_compare(&b, &a), 0);
  ck_assert_int_eq(ng_date_compare(&a, &a), 0);
  ck_assert_int_lt(ng_date_compare(&c, &a), 0);
}
END_TEST

static Suite *dates_suite(void) {
  Suite *s = suite_create("dates");
  TCase *tc = tcase_create("parse");
  tcase_add_test(tc, the_forms_of_news_text);
  tcase_add_test(tc, dates_without_a_year);
  tcase_add_test(tc, ranges);
  tcase_add_test(tc, ranges_written_day_first);
  tcase_add_test(tc, the_first_date_is_read);
  tcase_add_test(tc, impossible_dates_are_rejected);
  tcase_add_test(tc, text_without_dates);
  tcase_add_test(tc, years_standing_alone);
  tcase_add_test(tc, formatting_and_comparing);
  tcase_add_test(tc, days_counted_from_the_article);
  tcase_add_test(tc, months_named_in_other_languages);
  tcase_add_test(tc, days_added_to_a_date);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(dates_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
