/*
 * dates.h: date expressions of news text (internal to extractor/).
 */
#ifndef NG_DATES_H
#define NG_DATES_H

#include <stddef.h>

/* A calendar date; 0 in a field means "not given". */
typedef struct NgDate {
  int year;
  int month;
  int day;
} NgDate;

/* Reads the first date expression in text into *start (and *end for a
 * range such as "July 5th to 6th"); returns 1 when one was found.  Fields
 * the text does not give stay 0. */
int ng_date_parse(const char *text, NgDate *start, NgDate *end);

/* The first plausible year (1900-2100) standing alone in text, or 0. */
int ng_date_year_in(const char *text);

/* Whether year/month/day (day 0 = month only) is a real date. */
int ng_date_valid(int y, int m, int d);

/* "YYYY-MM-DD", "YYYY-MM", "YYYY", or "" without a year. */
void ng_date_format(const NgDate *d, char out[11]);

/* <0, 0, >0 as a is before, equal to, after b (missing fields as 0). */
int ng_date_compare(const NgDate *a, const NgDate *b);

/* The day a relative expression of text names, counted from ref (a full
 * date): "yesterday" is the day before, "today" ref itself, "on Monday"
 * or "last Monday" the latest Monday on or before ref (news reports what
 * has happened); "last week" the month of the seven days before ref when
 * they share one, "this month" and "last month" a month (day 0).
 * Returns 1 and fills *out when text holds one. */
int ng_date_relative(const char *text, const NgDate *ref, NgDate *out);

/* Days since 1970-01-01 of the full date d. */
long ng_date_days(const NgDate *d);

/* The full date n days after d (before it when n < 0), in place. */
void ng_date_add_days(NgDate *d, long n);

/* The month (1-12) that the whole word w names ("May", "Sept.",
 * "octubre"), or 0. */
int ng_date_month_word(const char *w);

/* The length of the weekday's name that s opens ("Friday", any case, as
 * a whole word), or 0. */
size_t ng_date_weekday_len(const char *s);

#endif /* NG_DATES_H */
