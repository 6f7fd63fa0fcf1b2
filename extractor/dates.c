/*
 * dates.c: reading the date expressions of news text into ISO 8601.
 *
 * "November 15, 2023", "On the afternoon of May 10", "Feb. 1",
 * "July 5th to 6th", "30 September 2024", "2018-02-04 09:41:00",
 * "24.09.26" (YY.MM.DD), "24/10/2025" (DD/MM/YYYY).  A date without a year
 * takes the year the caller supplies (from the article's date line, the
 * event's name or the nearest explicit year), and none when the caller
 * has none: an unresolvable date is left out rather than guessed.
 */
#include "dates.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const months[12] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

/* Month names of Spanish, Portuguese, French, German, Italian, Dutch,
 * the Scandinavian languages, Indonesian and Malay, Turkish, Polish (in
 * the genitive a date uses) and Greek (genitive, as written, with its
 * capital), as the date lines of pages in those languages write them
 * ("9 de abril de 2031", "24 janvier 2031", "5. März 2031", "12 maart
 * 2031", "3 marca 2031", "12 Νοεμβρίου 2031"): full names only, in small
 * letters (the first may be a capital). */
static const struct {
  const char *name;
  int month;
} foreign_months[] = {
    {"enero", 1},      {"janeiro", 1},   {"janvier", 1},    {"januar", 1},
    {"gennaio", 1},    {"febrero", 2},   {"fevereiro", 2},  {"février", 2},
    {"februar", 2},    {"febbraio", 2},  {"marzo", 3},      {"março", 3},
    {"mars", 3},       {"märz", 3},      {"abril", 4},      {"avril", 4},
    {"aprile", 4},     {"mayo", 5},      {"maio", 5},       {"mai", 5},
    {"maggio", 5},     {"junio", 6},     {"junho", 6},      {"juin", 6},
    {"juni", 6},       {"giugno", 6},    {"julio", 7},      {"julho", 7},
    {"juillet", 7},    {"juli", 7},      {"luglio", 7},     {"agosto", 8},
    {"août", 8},       {"septiembre", 9}, {"setiembre", 9}, {"setembro", 9},
    {"septembre", 9},  {"settembre", 9}, {"octubre", 10},   {"outubro", 10},
    {"octobre", 10},   {"oktober", 10},  {"ottobre", 10},   {"noviembre", 11},
    {"novembro", 11},  {"novembre", 11}, {"diciembre", 12}, {"dezembro", 12},
    {"décembre", 12},  {"dezember", 12}, {"dicembre", 12},
    /* Dutch, Swedish, Danish, Norwegian, Indonesian, Malay */
    {"januari", 1},    {"februari", 2},  {"maart", 3},      {"maret", 3},
    {"mac", 3},        {"mei", 5},       {"maj", 5},        {"augustus", 8},
    {"augusti", 8},    {"agustus", 8},   {"ogos", 8},       {"desember", 12},
    {"disember", 12},  {"december", 12}, {"marts", 3},      {"september", 9},
    {"oktober", 10},   {"november", 11}, {"april", 4},      {"juni", 6},
    {"juli", 7},
    /* Turkish */
    {"ocak", 1},       {"şubat", 2},     {"mart", 3},       {"nisan", 4},
    {"mayıs", 5},      {"haziran", 6},   {"temmuz", 7},     {"ağustos", 8},
    {"eylül", 9},      {"ekim", 10},     {"kasım", 11},     {"aralık", 12},
    /* Polish, genitive */
    {"stycznia", 1},   {"lutego", 2},    {"marca", 3},      {"kwietnia", 4},
    {"maja", 5},       {"czerwca", 6},   {"lipca", 7},      {"sierpnia", 8},
    {"września", 9},   {"października", 10}, {"listopada", 11},
    {"grudnia", 12},
    /* Greek, genitive */
    {"Ιανουαρίου", 1}, {"Φεβρουαρίου", 2}, {"Μαρτίου", 3},  {"Απριλίου", 4},
    {"Μαΐου", 5},      {"Ιουνίου", 6},   {"Ιουλίου", 7},    {"Αυγούστου", 8},
    {"Σεπτεμβρίου", 9}, {"Οκτωβρίου", 10}, {"Νοεμβρίου", 11},
    {"Δεκεμβρίου", 12}};

static int foreign_month_at(const char *s, size_t *len) {
  for (size_t i = 0; i < sizeof foreign_months / sizeof foreign_months[0];
       ++i) {
    const char *name = foreign_months[i].name;
    size_t n = strlen(name);
    if (tolower((unsigned char)s[0]) == (unsigned char)name[0] &&
        !strncmp(s + 1, name + 1, n - 1) && !isalpha((unsigned char)s[n]) &&
        (unsigned char)s[n] < 0x80) {
      *len = n;
      return foreign_months[i].month;
    }
  }
  return 0;
}

/* The month (1-12) named by the word at s (full name, or a 3+ letter
 * abbreviation, "Sept" included; or a full name of another language),
 * its length in *len; 0 if none. */
static int month_at(const char *s, size_t *len) {
  int foreign = foreign_month_at(s, len);
  if (foreign) {
    return foreign;
  }
  size_t n = 0;
  char w[16];
  while (n < sizeof(w) - 1 && isalpha((unsigned char)s[n])) {
    w[n] = (char)tolower((unsigned char)s[n]);
    ++n;
  }
  w[n] = '\0';
  if (n < 3) {
    return 0;
  }
  for (int m = 0; m < 12; ++m) {
    if (!strcmp(w, months[m]) || (n <= 4 && !strncmp(w, months[m], n) &&
                                  (n == 3 || !strcmp(w, "sept")))) {
      *len = n + (s[n] == '.' ? 1 : 0);
      return m + 1;
    }
  }
  return 0;
}

int ng_date_month_word(const char *w) {
  size_t n = 0;
  int m = month_at(w, &n);
  return m && w[n] == '\0' ? m : 0;
}

/* Reads a day number with an optional ordinal suffix. */
static int day_at(const char *s, size_t *len) {
  size_t n = 0;
  int d = 0;
  while (isdigit((unsigned char)s[n]) && n < 2) {
    d = d * 10 + (s[n] - '0');
    ++n;
  }
  if (!n || isdigit((unsigned char)s[n]) || d < 1 || d > 31) {
    return 0;
  }
  if ((!strncmp(s + n, "st", 2) || !strncmp(s + n, "nd", 2) ||
       !strncmp(s + n, "rd", 2) || !strncmp(s + n, "th", 2)) &&
      !isalpha((unsigned char)s[n + 2])) {
    n += 2;
  }
  *len = n;
  return d;
}

static int year_at(const char *s, size_t *len) {
  if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
      isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
      !isdigit((unsigned char)s[4])) {
    int y = atoi(s);
    if (y >= 1900 && y <= 2100) {
      *len = 4;
      return y;
    }
  }
  return 0;
}

static const char *skip_sep(const char *s) {
  while (*s == ' ' || *s == ',' || *s == '.') {
    ++s;
  }
  return s;
}

int ng_date_valid(int y, int m, int d) {
  static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2100 || m < 1 || m > 12) {
    return 0;
  }
  if (d == 0) {
    return 1;
  }
  if (d < 1 || d > days[m - 1]) {
    return 0;
  }
  return !(m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)));
}

static int numeric_date(const char *s, NgDate *out) {
  int a, b, c, n = 0;
  /* 2018-02-04, 2018/02/04, 2018.02.04 */
  if (sscanf(s, "%4d-%2d-%2d%n", &a, &b, &c, &n) == 3 ||
      sscanf(s, "%4d/%2d/%2d%n", &a, &b, &c, &n) == 3 ||
      sscanf(s, "%4d.%2d.%2d%n", &a, &b, &c, &n) == 3) {
    /* a > 999: "24.09.26" is YY.MM.DD, below */
    if (n >= 8 && a > 999 && ng_date_valid(a, b, c)) {
      out->year = a, out->month = b, out->day = c;
      return 1;
    }
  }
  /* 24/10/2025 (day first, as in most of the world's news sites) */
  if (sscanf(s, "%2d/%2d/%4d%n", &a, &b, &c, &n) == 3 && c > 1900 &&
      ng_date_valid(c, b, a)) {
    out->year = c, out->month = b, out->day = a;
    return 1;
  }
  /* 24-10-2025 (day first, with hyphens, as South Asian sites print it) */
  if (sscanf(s, "%2d-%2d-%4d%n", &a, &b, &c, &n) == 3 && c > 1900 &&
      n == 10 && !isdigit((unsigned char)s[n]) && ng_date_valid(c, b, a)) {
    out->year = c, out->month = b, out->day = a;
    return 1;
  }
  /* 14.03.2025 (day first, as much of Europe writes it) */
  if (sscanf(s, "%2d.%2d.%4d%n", &a, &b, &c, &n) == 3 && c > 1900 &&
      n >= 8 && !isdigit((unsigned char)s[n]) && ng_date_valid(c, b, a)) {
    out->year = c, out->month = b, out->day = a;
    return 1;
  }
  /* 24.09.26 (YY.MM.DD, as Korean boards print it) */
  if (sscanf(s, "%2d.%2d.%2d%n", &a, &b, &c, &n) == 3 && n == 8 &&
      !isdigit((unsigned char)s[8]) && ng_date_valid(2000 + a, b, c)) {
    out->year = 2000 + a, out->month = b, out->day = c;
    return 1;
  }
  return 0;
}

static const char *const weekdays[] = {"monday", "tuesday",  "wednesday",
                                       "thursday", "friday", "saturday",
                                       "sunday"};

size_t ng_date_weekday_len(const char *s) {
  for (size_t i = 0; i < sizeof(weekdays) / sizeof(weekdays[0]); ++i) {
    size_t n = strlen(weekdays[i]);
    if (!strncasecmp(s, weekdays[i], n) && !isalnum((unsigned char)s[n])) {
      return n;
    }
  }
  return 0;
}

/* Past the name of a weekday that opens the end of a range ("Thursday 8
 * and Friday 9 May", "to Sunday, 18 May"), or p. */
static const char *skip_weekday(const char *p) {
  size_t n = ng_date_weekday_len(p);
  return n ? skip_sep(p + n) : p;
}

/* After a range's first part: where the second begins ("-", "to",
 * "and"), or NULL when no range follows ("until" starts a period whose
 * first date is the one read: see check_dates). */
static const char *range_sep(const char *p) {
  while (*p == ' ') {
    ++p;
  }
  if (*p == '-') {
    return skip_weekday(skip_sep(p + 1));
  }
  static const char *const words[] = {"to ", "and "};
  for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); ++i) {
    if (!strncmp(p, words[i], strlen(words[i]))) {
      return skip_weekday(skip_sep(p + strlen(words[i])));
    }
  }
  return NULL;
}

/* A date that opens with its day d (p just after it): "12 May 2031",
 * "12-14 May", "12 to 14 May 2031", "30 April to 2 May 2031", "12 May
 * 2031 - 14 May 2031" (the year of a range's end is its start's too). */
static int day_first_date(const char *p, int d, NgDate *start, NgDate *end) {
  size_t len;
  int d2 = 0;
  const char *q = range_sep(p);
  size_t len2;
  if (q && (d2 = day_at(q, &len2)) != 0) {
    const char *after = q + len2;
    while (*after == ' ') {
      ++after;
    }
    if (month_at(!strncmp(after, "of ", 3) ? after + 3 : after, &len)) {
      p = after; /* "12-14 May", "12 to 14 May" */
    } else {
      d2 = 0;
    }
  }
  if (*p == '.' && p[1] == ' ') {
    ++p; /* "5. März" */
  }
  while (*p == ' ') {
    ++p;
  }
  if (!strncmp(p, "of ", 3) || !strncmp(p, "de ", 3)) {
    p += 3; /* "12 of May", "9 de abril" */
  }
  int m = month_at(p, &len);
  if (!m) {
    return 0;
  }
  start->day = d, start->month = m;
  p = skip_sep(p + len);
  if (!strncmp(p, "de ", 3) || !strncmp(p, "del ", 4)) {
    p += p[2] == ' ' ? 3 : 4; /* "abril de 2031" */
  }
  int y = year_at(p, &len);
  if (y) {
    start->year = y;
    p += len;
  }
  if (d2 > d) {
    end->year = start->year, end->month = m, end->day = d2;
    return 1;
  }
  /* "30 April to 2 May 2031": the end names its own month */
  q = d2 ? NULL : range_sep(p);
  int d3 = q ? day_at(q, &len2) : 0;
  int m3 = d3 ? month_at(skip_sep(q + len2), &len) : 0;
  if (m3) {
    const char *r = skip_sep(skip_sep(q + len2) + len);
    int y3 = year_at(r, &len);
    end->day = d3, end->month = m3;
    end->year = y3 ? y3 : start->year;
    if (!start->year) {
      start->year = end->year;
    }
  }
  return 1;
}

int ng_date_parse(const char *text, NgDate *start, NgDate *end) {
  memset(start, 0, sizeof(*start));
  memset(end, 0, sizeof(*end));
  const char *s = text;
  for (; *s; ++s) {
    if (s != text && isalnum((unsigned char)s[-1])) {
      continue;
    }
    if (isdigit((unsigned char)*s) && numeric_date(s, start)) {
      return 1;
    }
    size_t len;
    int m = month_at(s, &len);
    if (m) {
      const char *p = skip_sep(s + len);
      int d = day_at(p, &len);
      if (d) {
        start->month = m, start->day = d;
        p = skip_sep(p + len);
        int y = year_at(p, &len);
        if (y) {
          start->year = y;
          p += len;
        }
        /* a range: "July 5th to 6th", "May 3-5", "June 30 - July 2" */
        const char *q = range_sep(p);
        if (q) {
          int m2 = month_at(q, &len);
          if (m2) {
            q = skip_sep(q + len);
          }
          int d2 = day_at(q, &len);
          if (d2) {
            end->month = m2 ? m2 : m;
            end->day = d2;
            q = skip_sep(q + len);
            int y2 = year_at(q, &len);
            end->year = y2 ? y2 : start->year;
            if (y2 && !start->year) {
              start->year = y2;
            }
          }
        }
        return 1;
      }
      /* "September 2024", "December of 2015" */
      if (!strncmp(p, "of ", 3)) {
        p += 3;
      }
      int y = year_at(p, &len);
      if (y) {
        start->year = y, start->month = m;
        return 1;
      }
    }
    int d = day_at(s, &len);
    if (d && day_first_date(s + len, d, start, end)) {
      return 1;
    }
  }
  return 0;
}

int ng_date_year_in(const char *text) {
  for (const char *s = text; *s; ++s) {
    size_t len;
    if ((s == text || !isalnum((unsigned char)s[-1])) && year_at(s, &len)) {
      return atoi(s);
    }
  }
  return 0;
}

void ng_date_format(const NgDate *d, char out[11]) {
  if (!d->year) {
    out[0] = '\0';
  } else if (!d->month) {
    snprintf(out, 11, "%04u", (unsigned)d->year % 10000u);
  } else if (!d->day) {
    snprintf(out, 11, "%04u-%02u", (unsigned)d->year % 10000u,
             (unsigned)d->month % 100u);
  } else {
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d->year % 10000u,
             (unsigned)d->month % 100u, (unsigned)d->day % 100u);
  }
}

int ng_date_compare(const NgDate *a, const NgDate *b) {
  long x = a->year * 10000L + a->month * 100L + a->day;
  long y = b->year * 10000L + b->month * 100L + b->day;
  return (x > y) - (x < y);
}

/* ------------------------------------------------------ relative days */

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
static long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, NgDate *out) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  out->day = (int)(doy - (153 * mp + 2) / 5 + 1);
  out->month = (int)(mp < 10 ? mp + 3 : mp - 9);
  out->year = (int)(yoe + era * 400 + (out->month <= 2));
}

long ng_date_days(const NgDate *d) {
  return days_from_civil(d->year, d->month, d->day);
}

void ng_date_add_days(NgDate *d, long n) {
  civil_from_days(days_from_civil(d->year, d->month, d->day) + n, d);
}

/* Whether the lower-case word w (n bytes) stands in text at s as a whole
 * word, in any case. */
static int word_at(const char *text, const char *s, const char *w, size_t n) {
  if (s != text && isalnum((unsigned char)s[-1])) {
    return 0;
  }
  for (size_t i = 0; i < n; ++i) {
    if (!s[i] || tolower((unsigned char)s[i]) != w[i]) {
      return 0;
    }
  }
  return !isalnum((unsigned char)s[n]);
}

static const char *skip_blanks(const char *s) {
  while (*s == ' ') {
    ++s;
  }
  return s;
}

/* How many months back from the article's the words at s name: 0 for
 * "this month" ("earlier this month"), 1 for "last month"; else -1. */
static int month_said(const char *text, const char *s) {
  int back = word_at(text, s, "this", 4)   ? 0
             : word_at(text, s, "last", 4) ? 1
                                           : -1;
  return back >= 0 && word_at(text, skip_blanks(s + 4), "month", 5) ? back
                                                                     : -1;
}

/* "the 3rd" said without a month ("On the 3rd, the two sides signed"):
 * that day of ref's month when it is not after ref, else of the month
 * before.  Not "the 3rd of May", "the 3rd May" or "the 3rd edition". */
static int ordinal_day_of_ref_month(const char *w, const NgDate *ref,
                                    NgDate *out) {
  if (strncasecmp(w, "the ", 4)) {
    return 0;
  }
  w += 4;
  char *end;
  long d = strtol(w, &end, 10);
  if (end == w || end - w > 2 || d < 1 || d > 31) {
    return 0;
  }
  static const char *const suffixes[] = {"st", "nd", "rd", "th"};
  size_t k = 0;
  while (k < 4 && strncmp(end, suffixes[k], 2)) {
    ++k;
  }
  if (k == 4 || isalnum((unsigned char)end[2])) {
    return 0;
  }
  const char *after = skip_blanks(end + 2);
  if (isalnum((unsigned char)*after)) {
    return 0; /* "the 3rd of May", "the 3rd May", "the 3rd edition" */
  }
  int year = ref->year, month = ref->month;
  if (d > ref->day) {
    if (--month == 0) {
      month = 12;
      --year;
    }
  }
  if (!ng_date_valid(year, month, (int)d)) {
    return 0;
  }
  out->year = year;
  out->month = month;
  out->day = (int)d;
  return 1;
}

int ng_date_relative(const char *text, const NgDate *ref, NgDate *out) {
  if (!ref->year || !ref->month || !ref->day ||
      !ng_date_valid(ref->year, ref->month, ref->day)) {
    return 0;
  }
  long today = days_from_civil(ref->year, ref->month, ref->day);
  for (const char *s = text; *s; ++s) {
    long back = -1;
    int month_back = month_said(text, s);
    if (month_back >= 0) {
      /* "last month", "earlier this month": the month alone */
      civil_from_days(today, out);
      out->day = 0;
      out->month -= month_back;
      if (out->month == 0) {
        out->month = 12;
        out->year -= 1;
      }
      return 1;
    }
    if (word_at(text, s, "last", 4) &&
        word_at(text, skip_blanks(s + 4), "week", 4)) {
      /* "last week": its month, when the seven days before ref share one */
      NgDate first, last;
      civil_from_days(today - 7, &first);
      civil_from_days(today - 1, &last);
      if (first.month == last.month) {
        *out = first;
        out->day = 0;
        return 1;
      }
      continue;
    }
    if (word_at(text, s, "yesterday", 9)) {
      back = 1;
    } else if (word_at(text, s, "today", 5)) {
      back = 0;
    } else if (word_at(text, s, "on", 2) &&
               ordinal_day_of_ref_month(skip_blanks(s + 2), ref, out)) {
      return 1;
    } else if (word_at(text, s, "on", 2) || word_at(text, s, "last", 4)) {
      int on = tolower((unsigned char)*s) == 'o';
      const char *w = skip_blanks(s + (on ? 2 : 4));
      for (int k = 0; k < 7; ++k) {
        if (word_at(text, w, weekdays[k], strlen(weekdays[k]))) {
          /* 1970-01-01 was a Thursday (3) */
          int wd_ref = (int)(((today % 7) + 7 + 3) % 7);
          back = (wd_ref - k + 7) % 7;
          if (back == 0 && !on) {
            back = 7; /* "last Monday" said on a Monday */
          }
        }
      }
    }
    if (back >= 0) {
      civil_from_days(today - back, out);
      return 1;
    }
  }
  return 0;
}
