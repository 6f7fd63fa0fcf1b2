/*
 * boiler.c: drops boilerplate lines (breadcrumbs, menus, copyright and
 * legal footers, lone punctuation, runs of short navigation lines) from
 * the cleaned text by general heuristics, never by site names.  Works in
 * place in one pass: the output is a subsequence of the input, so the
 * write position never passes the read position, and a run of short lines
 * can be held back and copied later from where it still stands.  Lines
 * longer than BOILER_MAX_LINE are never boilerplate, which keeps huge
 * single-line inputs cheap.
 */
#include "input.h"

#include <ctype.h>

/* Case-insensitive search of lowercase ASCII lit in s[0, n). */
static int contains_ci(const char *s, size_t n, const char *lit) {
  size_t ln = strlen(lit);
  for (size_t i = 0; i + ln <= n; i++) {
    size_t k = 0;
    while (k < ln && tolower((unsigned char)s[i + k]) == lit[k]) {
      k++;
    }
    if (k == ln) {
      return 1;
    }
  }
  return 0;
}

static int starts_ci(const char *s, size_t n, const char *lit) {
  size_t ln = strlen(lit);
  if (ln > n) {
    return 0;
  }
  for (size_t k = 0; k < ln; k++) {
    if (tolower((unsigned char)s[k]) != lit[k]) {
      return 0;
    }
  }
  return 1;
}

/* Next occurrence of lit (ln bytes) in s[i, n), or n. */
static size_t find(const char *s, size_t n, size_t i, const char *lit,
                   size_t ln) {
  while (i + ln <= n) {
    const char *p = memchr(s + i, lit[0], n - ln + 1 - i);
    if (!p) {
      return n;
    }
    i = (size_t)(p - s);
    if (memcmp(p, lit, ln) == 0) {
      return i;
    }
    i++;
  }
  return n;
}

static int contains(const char *s, size_t n, const char *lit) {
  return find(s, n, 0, lit, strlen(lit)) < n;
}

static size_t count_str(const char *s, size_t n, const char *lit) {
  size_t ln = strlen(lit), count = 0;
  for (size_t i = find(s, n, 0, lit, ln); i < n;
       i = find(s, n, i + ln, lit, ln)) {
    count++;
  }
  return count;
}

static size_t count_words(const char *s, size_t n) {
  size_t words = 0;
  int in_word = 0;
  for (size_t i = 0; i < n; i++) {
    int sp = s[i] == ' ';
    words += !sp && !in_word;
    in_word = !sp;
  }
  return words;
}

/* A period that ends a sentence: followed by a space or the line end. */
static int has_sentence_period(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '.' && i > 0 && (i + 1 == n || s[i + 1] == ' ')) {
      return 1;
    }
  }
  return 0;
}

/* "Home > News", "Home» News", two or more "»"/"›", or two or more
 * " > " in a line that is no sentence. */
static int is_breadcrumb(const char *s, size_t n) {
  if (n > 4 && starts_ci(s, n, "home")) {
    size_t k = 4;
    while (k < n && s[k] == ' ') {
      k++;
    }
    if (k < n && (s[k] == '>' || s[k] == '/' || s[k] == '|' ||
                  (n - k >= 2 && memcmp(s + k, "\xC2\xBB", 2) == 0) ||
                  (n - k >= 3 && memcmp(s + k, "\xE2\x80\xBA", 3) == 0))) {
      return 1;
    }
  }
  /* guillemets that open as well as close quote a name ("«Quorva»"), and
   * a sentence is no breadcrumb */
  if (count_str(s, n, "\xC2\xBB") + count_str(s, n, "\xE2\x80\xBA") >= 2 &&
      !contains(s, n, "\xC2\xAB") && !contains(s, n, "\xE2\x80\xB9") &&
      !has_sentence_period(s, n)) {
    return 1;
  }
  return count_str(s, n, " > ") >= 2 && !has_sentence_period(s, n);
}

/* A year of the last two centuries standing as a word ("2031"): a line
 * that dates the article ("Published: 4 May 2031 | By A | Views: 9"). */
static int has_year(const char *s, size_t n) {
  for (size_t i = 0; i + 4 <= n; i++) {
    if (((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0')) &&
        isdigit((unsigned char)s[i + 2]) && isdigit((unsigned char)s[i + 3]) &&
        (i == 0 || !isalnum((unsigned char)s[i - 1])) &&
        (i + 4 == n || !isalnum((unsigned char)s[i + 4]))) {
      return 1;
    }
  }
  return 0;
}

/* Two or more '|' between short segments: "About | Contact | Jobs"; or a
 * call to follow or subscribe ("Follow us on X | Y for the latest news").
 * A line that opens with a number or holds a year is the article's own
 * data line ("2031.03.11 | Press Office | Views 84"), not a menu. */
static int is_menu(const char *s, size_t n, size_t words) {
  if (words <= 12 &&
      (starts_ci(s, n, "follow us") || starts_ci(s, n, "subscribe to") ||
       starts_ci(s, n, "share this"))) {
    return 1;
  }
  if (count_str(s, n, "|") < 2 || (n > 0 && isdigit((unsigned char)s[0])) ||
      has_year(s, n)) {
    return 0;
  }
  size_t limit = has_sentence_period(s, n) ? 4 : 6;
  size_t seg = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i == n || s[i] == '|') {
      if (count_words(s + seg, i - seg) > limit) {
        return 0;
      }
      seg = i + 1;
    }
  }
  return 1;
}

/* "(C) 2021" or "(c)2021". */
static int has_c_year(const char *s, size_t n) {
  for (size_t i = 0; i + 3 < n; i++) {
    if (s[i] == '(' && (s[i + 1] == 'C' || s[i + 1] == 'c') &&
        s[i + 2] == ')') {
      size_t k = i + 3;
      while (k < n && s[k] == ' ') {
        k++;
      }
      if (k + 4 <= n && isdigit((unsigned char)s[k]) &&
          isdigit((unsigned char)s[k + 1]) &&
          isdigit((unsigned char)s[k + 2]) &&
          isdigit((unsigned char)s[k + 3])) {
        return 1;
      }
    }
  }
  return 0;
}

/* Copyright and legal footers.  "Copyright" and "Powered by" also occur
 * in article prose, so they count only in short lines. */
static int is_legal(const char *s, size_t n, size_t words) {
  if (contains(s, n, "\xC2\xA9") || contains(s, n, "版权所有") ||
      contains(s, n, "ICP备") || contains(s, n, "公网安备") ||
      (contains(s, n, "(") && has_c_year(s, n))) {
    return 1;
  }
  return (words <= 40 && contains_ci(s, n, "all rights reserved")) ||
         (words <= 25 && contains_ci(s, n, "copyright")) ||
         (words <= 12 && contains(s, n, "Powered by"));
}

/* "|", "-", "***": nothing but ASCII punctuation. */
static int is_punctuation(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] != ' ' && !ispunct((unsigned char)s[i])) {
      return 0;
    }
  }
  return 1;
}

/* A line that could be a navigation menu entry: one to three words, no
 * digits (dates are kept), no byline ("By X", "Written by: Y"). */
static int is_short_nav(const char *s, size_t n) {
  if (n > 40) {
    return 0;
  }
  size_t words = count_words(s, n);
  if (words == 0 || words > 3 || s[n - 1] == '.' || s[n - 1] == ':') {
    return 0;
  }
  for (size_t i = 0; i < n; i++) {
    if (isdigit((unsigned char)s[i]) || s[i] == ':') {
      return 0;
    }
  }
  return !(n >= 3 && (s[0] == 'B' || s[0] == 'b') && s[1] == 'y' &&
           s[2] == ' ') &&
         !contains_ci(s, n, " by ");
}

/* Lines longer than this are article text: skipping them keeps a huge
 * single-line input linear and cheap. */
#define BOILER_MAX_LINE 1500

static int is_boilerplate(const char *s, size_t n) {
  if (n > BOILER_MAX_LINE) {
    return 0;
  }
  size_t words = count_words(s, n);
  return is_breadcrumb(s, n) || is_menu(s, n, words) || is_legal(s, n, words) ||
         is_punctuation(s, n);
}

/* The heading of a list of links to other pages ("Related news:", "Read
 * more", "You may also like"): the headlines under it name other
 * stories' events and people. */
static int is_links_heading(const char *s, size_t n) {
  static const char *const headings[] = {
      "related",          "related news",      "related stories",
      "related articles", "related posts",     "related links",
      "related content",  "related reading",   "read more",
      "read also",        "also read",         "see also",
      "more news",        "more stories",      "more articles",
      "latest news",      "latest stories",    "recent news",
      "recent posts",     "recent stories",    "other news",
      "recommended",      "recommended for you", "you may also like",
      "you might also like", "most read",      "most popular",
      "popular news",     "top stories",       "trending",
      "trending now",     "in other news",     "more from this section",
      NULL};
  while (n > 0 && (ispunct((unsigned char)s[n - 1]) || s[n - 1] == ' ')) {
    n--; /* "Related news:", "Read more >>" */
  }
  for (size_t k = 0; headings[k]; k++) {
    if (strlen(headings[k]) == n && starts_ci(s, n, headings[k])) {
      return 1;
    }
  }
  return 0;
}

/* A line that goes on a list of links after a blank line: it opens with
 * a dash, guillemet or star (other bullets are gone by now). */
static int is_link_item(const char *s, size_t n) {
  return n > 1 && (s[0] == '-' || s[0] == '*' || s[0] == '>' ||
                   (n > 2 && memcmp(s, "\xC2\xBB", 2) == 0));
}

typedef struct Filter {
  char *text;
  NgOffset *map;
  size_t w;  /* write position */
  int blank; /* a blank line since the last line written */
  /* held-back short lines: [begin, end) of the text, how many, whether a
   * blank line came before, inside, or after them */
  size_t run_begin, run_end, run_count;
  int run_blank_before, run_blank_inside, run_blank_after;
  /* inside a list of links: 1 until a blank line, 2 after one */
  int links;
  /* the run of short lines held back is a list's items */
  int run_is_list;
  /* under a line that announces a list ("The partners are:") or a
   * heading of members ("Project partners"), up to the next line of
   * prose: short lines there are the list's items, between longer ones
   * too ("Acme University (coordinator), Springfield") */
  int in_list;
  /* the last line written is prose, and so was the one before the run */
  int last_prose, run_prose_before;
} Filter;

/* Writes text[b, e) after a line or paragraph separator. */
static void emit(Filter *f, size_t b, size_t e) {
  if (f->w > 0) {
    NgOffset off = f->map[b - 1]; /* the break before the line */
    for (int k = 0; k < 1 + f->blank; k++) {
      f->text[f->w] = '\n';
      f->map[f->w++] = off;
    }
  }
  memmove(f->text + f->w, f->text + b, e - b);
  memmove(f->map + f->w, f->map + b, (e - b) * sizeof *f->map);
  f->w += e - b;
  f->blank = 0;
}

/* A line of article prose: a sentence long enough that no menu, title
 * or footer entry is one. */
static int is_prose(const char *s, size_t n) {
  return n >= 80 && has_sentence_period(s, n);
}

/* Ends a run of short lines: three or more (blank lines between them do
 * not matter) are a navigation menu and go, unless a line announcing a
 * list comes right before them, or prose stands on both sides of them
 * (menus frame an article; a list of short names sits inside it); fewer
 * are copied as they stand, blank lines included.  prose_after: the line
 * that ends the run is prose. */
static void flush_run(Filter *f, int prose_after) {
  if (f->run_count == 0) {
    return;
  }
  if (f->run_count < 3 || f->run_is_list ||
      (f->run_prose_before && prose_after)) {
    f->blank = f->run_blank_before;
    emit(f, f->run_begin, f->run_end);
    f->blank = f->run_blank_after;
  } else {
    f->blank = f->run_blank_before || f->run_blank_inside || f->run_blank_after;
  }
  f->run_count = 0;
}

static void blank_line(Filter *f) {
  if (f->run_count) {
    f->run_blank_after = 1;
  } else {
    f->blank = 1;
  }
}

/* A heading of two or three words that names the members of a list
 * under it ("Project partners", "Consortium members", "The
 * participants") opens a list, as a line ending in a colon does
 * (announces_list), up to the next line of prose or boilerplate (a menu
 * right under the list goes with it).  A lone "Partners" or "Members" is
 * as often an entry of a menu. */
static int heads_member_list(const char *s, size_t n) {
  static const char *const last[] = {"partners", "members", "participants",
                                     "signatories"};
  size_t words = count_words(s, n);
  if (words < 2 || words > 3) {
    return 0;
  }
  size_t b = n;
  while (b > 0 && s[b - 1] != ' ') {
    --b;
  }
  for (size_t k = 0; k < sizeof last / sizeof *last; k++) {
    if (strlen(last[k]) == n - b && starts_ci(s + b, n - b, last[k])) {
      return 1;
    }
  }
  return 0;
}

static void short_line(Filter *f, size_t b, size_t e) {
  if (heads_member_list(f->text + b, e - b)) {
    int blank = f->run_blank_after;
    flush_run(f, 0); /* the short lines before it are what they are */
    f->blank |= blank;
    f->in_list = 1;
  }
  if (f->run_count++ == 0) {
    f->run_is_list = f->in_list;
    f->run_prose_before = f->last_prose;
    f->run_begin = b;
    f->run_blank_before = f->blank;
    f->run_blank_inside = 0;
  } else {
    f->run_blank_inside |= f->run_blank_after;
  }
  f->run_blank_after = 0;
  f->run_end = e;
}

/* A line that announces a list of short items: it ends in a colon and
 * has three words or more ("The consortium partners are:", "Signed by
 * the following institutions:") or ends in "are:" or "include:"
 * ("Partners include:"); "Share:" or "Follow us:" heads links. */
static int announces_list(const char *s, size_t n) {
  while (n && s[n - 1] == ' ') {
    --n;
  }
  if (!n || s[n - 1] != ':') {
    return 0;
  }
  static const char *const verbs[] = {" are:", " were:", " include:",
                                      " includes:", " included:"};
  for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++) {
    size_t k = strlen(verbs[i]);
    if (n > k && !memcmp(s + n - k, verbs[i], k)) {
      return 1;
    }
  }
  return count_words(s, n) >= 3;
}

/* The length of a numeric date at s[0..n) ("13/11/2026", "4.11.2026",
 * "2026-11-09"), or 0. */
static size_t numeric_date_at(const char *s, size_t n) {
  size_t i = 0, a = 0, b = 0, c = 0;
  while (i < n && isdigit((unsigned char)s[i]) && a < 4) {
    ++i, ++a;
  }
  if (i >= n || (s[i] != '/' && s[i] != '.' && s[i] != '-') || !a ||
      a == 3) {
    return 0;
  }
  char sep = s[i++];
  while (i < n && isdigit((unsigned char)s[i]) && b < 2) {
    ++i, ++b;
  }
  if (i >= n || s[i] != sep || !b) {
    return 0;
  }
  ++i;
  while (i < n && isdigit((unsigned char)s[i]) && c < 4) {
    ++i, ++c;
  }
  if ((a == 4) == (c == 4) || (a == 4 ? c != 2 : c != 4) ||
      (i < n && isalnum((unsigned char)s[i]))) {
    return 0;
  }
  return i;
}

/* Where the date that ends a breadcrumb line starts ("Home » News »
 * Partnerships   Friday, 13/11/2026 - 10:05": the page's own date, which
 * the line would take with it), or n when it ends in none. */
static size_t crumb_date(const char *s, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (!isdigit((unsigned char)s[i]) || (i && isalnum((unsigned char)s[i - 1]))) {
      continue;
    }
    size_t d = numeric_date_at(s + i, n - i);
    if (!d) {
      continue;
    }
    size_t k = i + d;
    while (k < n && (s[k] == ' ' || s[k] == '-' || s[k] == '|' ||
                     s[k] == ':' || isdigit((unsigned char)s[k]))) {
      ++k;
    }
    if (k == n) {
      return i;
    }
  }
  return n;
}

void ng_boiler_filter(char *text, NgOffset *map, size_t *len) {
  Filter f = {text, map, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  size_t n = *len, i = 0;
  while (i < n) {
    const char *nl = memchr(text + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - text) : n;
    int written = 0; /* the line is copied as prose */
    if (f.links && e > i) {
      /* a headline goes with the list; prose, or an undashed line after
       * a blank one, ends it */
      int item = !has_sentence_period(text + i, e - i) &&
                 (f.links == 1 || is_link_item(text + i, e - i));
      f.links = item;
      if (item) {
        i = e + 1;
        continue;
      }
    }
    if (e == i) {
      f.links += f.links == 1;
      blank_line(&f);
    } else if (e - i <= 40 && is_links_heading(text + i, e - i)) {
      flush_run(&f, 0);
      f.links = 1;
      f.last_prose = 0;
    } else if (is_boilerplate(text + i, e - i)) {
      flush_run(&f, 0);
      f.last_prose = 0;
      f.in_list = 0;
      size_t d = is_breadcrumb(text + i, e - i) ? crumb_date(text + i, e - i)
                                                : e - i;
      if (d < e - i) {
        emit(&f, i + d, e); /* the page's date outlives its breadcrumb */
      }
    } else if (is_short_nav(text + i, e - i)) {
      short_line(&f, i, e);
    } else {
      int prose = is_prose(text + i, e - i);
      flush_run(&f, prose);
      emit(&f, i, e);
      f.last_prose = prose;
      f.in_list &= !prose;
      written = 1;
    }
    if (written && announces_list(text + i, e - i)) {
      f.in_list = 1;
    }
    i = e + 1;
  }
  flush_run(&f, 0);
  *len = f.w;
}
