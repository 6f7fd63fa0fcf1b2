/*
 * segment.c: splits the cleaned text into sentences, each tagged with the
 * index of its paragraph and line.  A sentence never spans a line break;
 * within a line it ends after . ! ? (and closing quotes or brackets) when
 * a space and a sentence start follow, unless the period closes a known
 * abbreviation or an initial.  The abbreviations are compiled in so that
 * the input stage needs no data files.
 *
 * A "sentence" longer than NG_MAX_SENTENCE_BYTES is no sentence (a table,
 * a list without punctuation, garbage): it is cut into pieces of at most
 * that size, at a space where one is near, so that the work the extractor
 * does per sentence stays bounded whatever the input.
 */
#include "input.h"

#include <ctype.h>

static const char *const abbreviations[] = {
    "Dr",  "Mr",   "Mrs",  "Ms",  "Prof", "Assoc",  "Asst", "St",    "Jr",
    "Sr",  "Inc",  "Ltd",  "Co",  "Corp", "Univ",   "Dept", "No",    "Nos",
    "Vol", "Fig",  "Jan",  "Feb", "Mar",  "Apr",    "Jun",  "Jul",   "Aug",
    "Sep", "Sept", "Oct",  "Nov", "Dec",  "Mon",    "Tue",  "Wed",   "Thu",
    "Fri", "Sat",  "Sun",  "etc", "vs",   "approx", "Gov",  "Sen",   "Rep",
    "Gen", "Col",  "Capt", "Lt",  "Eng",  "Rev",    "Hon",  "Int'l", "Ph.D",
    /* forms of address and ranks of other countries and services */
    "Engr", "Adm", "Cmdr", "Maj", "Sgt", "Sra", "Srta", "Mme", "Fr",  "Smt",
    "Rt",   "Drs", "Ir",   "Mt",  "Ave", "Bros", "Pty", "Pte", "Bhd", "Dist",
    "Sdn",  "Pvt",
    /* academic and professional forms of Spanish, Portuguese, Italian */
    "Dra",  "Profa", "Lic", "Lcda", "Licda", "Ing", "Arq", "Mtro", "Mtra",
    "Dott", "Avv",
    /* German doctoral degrees: "Dr. med.", "Dr. rer. nat."; Austrian and
     * Central European degrees before a name: "Mag. A", "Priv.-Doz. B",
     * "Mgr. C" */
    "med",  "rer", "nat", "phil", "habil", "jur", "dent", "Mag", "MMag",
    "Doz",  "Dipl", "Mgr", "Bc",
    /* Romanian ranks: "Prof. univ. dr. A", "Conf. univ. dr. B"; French
     * "Pr. A" (professeur) */
    "univ", "dr", "Conf", "Lect", "Pr",
    /* Czech and Slovak doctorates, Polish degrees in small letters:
     * "MUDr. A", "Doc. B", "dr hab. inż. C", "dr n. med. D", "lek. E" */
    "Doc", "MUDr", "MVDr", "RNDr", "PhDr", "JUDr", "PharmDr", "PaedDr",
    "hab", "in\xC5\xBC", "lek", "mgr", "n",
    /* "Md. A", "Mohd. B": Muhammad written short before a given name */
    "Md",   "Mohd", "Muhd",
};

static int is_abbreviation(const char *w, size_t n) {
  for (size_t k = 0; k < NG_ARRAY_LEN(abbreviations); k++) {
    if (strlen(abbreviations[k]) == n && memcmp(abbreviations[k], w, n) == 0) {
      return 1;
    }
  }
  return 0;
}

/* Initials: single letters joined by periods ("J", "U.S", "e.g"); a lone
 * letter must be a capital. */
static int is_initials(const char *w, size_t n) {
  if (n == 1) {
    return isupper((unsigned char)w[0]);
  }
  for (size_t k = 0; k < n; k++) {
    int letter = isalpha((unsigned char)w[k]);
    if ((k % 2 == 0) != (letter != 0) || (k % 2 == 1 && w[k] != '.')) {
      return 0;
    }
  }
  return n % 2 == 1;
}

/* Start of the word ending at end (letters, inner periods, apostrophes;
 * bytes of letters beyond ASCII inside it, as in "inż"). */
static size_t word_start(const char *t, size_t line_begin, size_t end) {
  size_t b = end;
  while (b > line_begin && (isalpha((unsigned char)t[b - 1]) ||
                            (unsigned char)t[b - 1] >= 0x80 ||
                            t[b - 1] == '.' || t[b - 1] == '\'')) {
    b--;
  }
  while (b < end && !isalpha((unsigned char)t[b])) {
    b++; /* a word starts with a (ASCII) letter */
  }
  return b;
}

/* True when the period at k closes an abbreviation or an initial. */
static int period_is_abbreviation(const char *t, size_t line_begin, size_t k) {
  size_t b = word_start(t, line_begin, k);
  return b < k && (is_abbreviation(t + b, k - b) || is_initials(t + b, k - b));
}

/* True when the period at k closes a short capitalised word that
 * parentheses hold alone ("Dr. (Med.) A", "B (Hons.) of"): a degree or
 * a rank, no end of a sentence ("he said (twice.) Then" ends one). */
static int period_in_paren_word(const char *t, size_t line_begin, size_t k,
                                size_t end) {
  size_t b = word_start(t, line_begin, k);
  return b > line_begin && b < k && k - b <= 6 && t[b - 1] == '(' &&
         isupper((unsigned char)t[b]) && k + 1 < end && t[k + 1] == ')';
}

/* Does the word w (n bytes) look like a month's name in a language that
 * writes the day as an ordinal before it?  The first three letters of
 * the months of German, Danish, Norwegian and English ("Mai", "März",
 * "okt"), or the ending of the Finnish ones ("kesäkuuta"). */
static int month_like(const char *w, size_t n) {
  static const char *const stems[] = {"jan", "feb", "mar", "m\xC3\xA4r",
                                      "apr", "mai", "maj", "may", "jun",
                                      "jul", "aug", "sep", "okt", "oct",
                                      "nov", "dez", "dec"};
  char low[4];
  if (n >= 5 && !memcmp(w + n - 5, "kuuta", 5)) {
    return 1;
  }
  for (size_t j = 0; j < sizeof low; j++) {
    low[j] = j < n ? (char)tolower((unsigned char)w[j]) : '\0';
  }
  for (size_t i = 0; i < sizeof stems / sizeof stems[0]; i++) {
    if (!memcmp(low, stems[i], strlen(stems[i]))) {
      return 1;
    }
  }
  return 0;
}

/* The digits, one or two, that end just before k and follow line_begin,
 * a space or a period: where they begin, or k when there are none. */
static size_t small_number_before(const char *t, size_t line_begin,
                                  size_t k) {
  size_t d = k;
  while (d > line_begin && k - d < 3 && isdigit((unsigned char)t[d - 1])) {
    d--;
  }
  if (d == k || k - d > 2 ||
      (d > line_begin && isalnum((unsigned char)t[d - 1]))) {
    return k;
  }
  return d;
}

/* True when the period at k closes a day written as an ordinal before
 * its month and year ("5. März 2031", "12. kesäkuuta 2030"), as German,
 * the Nordic languages and Finnish write it: one or two digits, a
 * month's name, a year of four digits.  "aged 65. In 2019" ends a
 * sentence. */
static int period_after_ordinal_day(const char *t, size_t line_begin,
                                    size_t k, size_t end) {
  size_t d = small_number_before(t, line_begin, k);
  if (d == k || (d > line_begin && t[d - 1] == '.')) {
    return 0;
  }
  size_t w = k + 1;
  if (w >= end || t[w] != ' ') {
    return 0;
  }
  size_t m = ++w;
  while (m < end &&
         (isalpha((unsigned char)t[m]) || (unsigned char)t[m] >= 0x80)) {
    m++;
  }
  if (m == w || m + 5 > end || t[m] != ' ' || !month_like(t + w, m - w)) {
    return 0;
  }
  for (size_t y = m + 1; y < m + 5; y++) {
    if (!isdigit((unsigned char)t[y])) {
      return 0;
    }
  }
  return m + 5 == end || !isalnum((unsigned char)t[m + 5]);
}

/* Whether t[p..end) holds a space or none, then a year of four digits
 * that ends a word. */
static int year_follows(const char *t, size_t p, size_t end) {
  if (p < end && t[p] == ' ') {
    p++;
  }
  size_t q = p;
  while (q < end && isdigit((unsigned char)t[q])) {
    q++;
  }
  return q - p == 4 && (q == end || !isalnum((unsigned char)t[q]));
}

/* True when the period at k is one of a date written day first in
 * figures with spaced periods, as Central European pages print it
 * ("19. 11. 2029"): after the day or after the month. */
static int period_in_spaced_date(const char *t, size_t line_begin, size_t k,
                                 size_t end) {
  size_t d = small_number_before(t, line_begin, k);
  if (d == k) {
    return 0;
  }
  /* after the month: "19. 11" before it, " 2029" after it */
  size_t p = d;
  if (p > line_begin && t[p - 1] == ' ') {
    p--;
  }
  if (p > line_begin && t[p - 1] == '.') {
    return small_number_before(t, line_begin, p - 1) != p - 1 &&
           year_follows(t, k + 1, end);
  }
  /* after the day: " 11. 2029" after it */
  size_t m = k + 1;
  if (m < end && t[m] == ' ') {
    m++;
  }
  size_t q = m;
  while (q < end && q - m < 3 && isdigit((unsigned char)t[q])) {
    q++;
  }
  return q > m && q - m <= 2 && q < end && t[q] == '.' &&
         year_follows(t, q + 1, end);
}

/* Can the text at p (n bytes) start a sentence? */
static int starts_sentence(const char *p, size_t n) {
  unsigned char ch = (unsigned char)p[0];
  if (ch < 0x80) {
    return isupper(ch) || isdigit(ch) || ch == '"' || ch == '\'';
  }
  uint32_t cp;
  if (ng_utf8_decode((const unsigned char *)p, n, &cp) == 0) {
    return 0;
  }
  if ((cp >= 0xC0 && cp <= 0xDE)) {
    return cp != 0xD7; /* Latin-1 capitals */
  }
  if ((cp >= 0x100 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF)) {
    return cp % 2 == 0; /* Latin Extended: capitals mostly come first */
  }
  /* another script's letter; not punctuation, symbols or U+FFFD */
  return cp >= 0x370 && !(cp >= 0x2000 && cp <= 0x2BFF) &&
         !(cp >= 0x3000 && cp <= 0x303F) && cp != 0xFFFD &&
         !(cp >= 0xFE30 && cp <= 0xFF0F);
}

/* "the medical field.The program": a period glued to a capitalised word
 * of 3+ letters after a word of 4+ letters that is no abbreviation. */
static int glued_boundary(const char *t, size_t b, size_t e, size_t k) {
  if (k + 1 >= e || !isupper((unsigned char)t[k + 1])) {
    return 0;
  }
  size_t after = k + 1;
  while (after < e && isalpha((unsigned char)t[after])) {
    after++;
  }
  size_t before = k;
  while (before > b && isalpha((unsigned char)t[before - 1])) {
    before--;
  }
  if (after - (k + 1) < 3 || k - before < 4 ||
      (before > b &&
       (t[before - 1] == '.' || isalnum((unsigned char)t[before - 1])))) {
    return 0;
  }
  return !is_abbreviation(t + before, k - before);
}

/* "a photo of the new wardThe Harlow Clinic opened": a caption glued to
 * the next sentence by scraping, "The" and a capitalised word right after
 * a word of 3+ lower-case letters. */
static int glued_the(const char *t, size_t b, size_t e, size_t k) {
  if (k < b + 3 || k + 5 > e || strncmp(t + k, "The ", 4) ||
      !isupper((unsigned char)t[k + 4])) {
    return 0;
  }
  for (size_t i = k - 3; i < k; ++i) {
    if (!islower((unsigned char)t[i])) {
      return 0;
    }
  }
  return 1;
}

typedef struct Sentences {
  NgSentence *items;
  size_t n;
  size_t cap;
  size_t paragraph;
  size_t line;
  NgSegmentStats *stats;
} Sentences;

static NgStatus add_one(Sentences *ss, size_t b, size_t e) {
  NgStatus st;
  TRY(st, ng_grow((void **)&ss->items, &ss->cap, ss->n + 1, sizeof *ss->items));
  NgSentence s = {{b, e}, ss->paragraph, ss->line};
  ss->items[ss->n++] = s;
  return NG_SUCCESS;
}

/* Where to cut t[b, e) (longer than the maximum): after the last space of
 * the second half of the allowed length, else at the last character
 * boundary within it. */
static size_t cut_point(const char *t, size_t b) {
  size_t limit = b + NG_MAX_SENTENCE_BYTES;
  for (size_t k = limit; k > b + NG_MAX_SENTENCE_BYTES / 2; k--) {
    if (t[k - 1] == ' ') {
      return k;
    }
  }
  while (limit > b + 1 && ((unsigned char)t[limit] & 0xC0) == 0x80) {
    limit--;
  }
  return limit;
}

static NgStatus add(Sentences *ss, const char *t, size_t b, size_t e) {
  for (;;) {
    while (b < e && t[b] == ' ') {
      b++;
    }
    while (e > b && t[e - 1] == ' ') {
      e--;
    }
    if (b == e) {
      return NG_SUCCESS;
    }
    if (e - b <= NG_MAX_SENTENCE_BYTES) {
      return add_one(ss, b, e);
    }
    size_t cut = cut_point(t, b);
    if (ss->stats->n_cut++ == 0) {
      ss->stats->first_cut = b;
    }
    NgStatus st;
    TRY(st, add_one(ss, b, cut));
    b = cut;
  }
}

static int is_closer(char ch) {
  return ch == '"' || ch == '\'' || ch == ')' || ch == ']';
}

/* Adds the sentences of the line t[b, e). */
static NgStatus split_line(Sentences *ss, const char *t, size_t b, size_t e) {
  NgStatus st;
  size_t start = b;
  for (size_t k = b; k < e; k++) {
    char ch = t[k];
    if (ch == 'T' && glued_the(t, start, e, k)) {
      TRY(st, add(ss, t, start, k));
      start = k;
      continue;
    }
    if (ch != '.' && ch != '!' && ch != '?') {
      continue;
    }
    size_t j = k + 1;
    while (j < e && (t[j] == '.' || t[j] == '!' || t[j] == '?')) {
      j++;
    }
    int lone_period = ch == '.' && j == k + 1;
    while (j < e && is_closer(t[j])) {
      j++;
    }
    if (j < e && t[j] == ' ') {
      size_t m = j;
      while (m < e && t[m] == ' ') {
        m++;
      }
      if (m < e && starts_sentence(t + m, e - m) &&
          !(lone_period && (period_is_abbreviation(t, b, k) ||
                            period_in_paren_word(t, b, k, e) ||
                            period_after_ordinal_day(t, b, k, e) ||
                            period_in_spaced_date(t, b, k, e)))) {
        TRY(st, add(ss, t, start, j));
        start = m;
      }
    } else if (lone_period && glued_boundary(t, b, e, k)) {
      TRY(st, add(ss, t, start, k + 1));
      start = k + 1;
    }
    k = j - 1;
  }
  return add(ss, t, start, e);
}

NgStatus ng_segment(const char *text, size_t len, NgSentence **out,
                    size_t *n_out, NgSegmentStats *stats) {
  stats->n_cut = 0;
  stats->first_cut = 0;
  Sentences ss = {NULL, 0, 0, 0, 0, stats};
  size_t i = 0;
  while (i < len) {
    const char *nl = memchr(text + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - text) : len;
    if (e == i) {
      ss.paragraph++; /* the blank line between two paragraphs */
    } else {
      NgStatus st = split_line(&ss, text, i, e);
      if (st > NG_FAILURE) {
        free(ss.items);
        return st;
      }
    }
    ss.line++;
    i = e + 1;
  }
  *out = ss.items;
  *n_out = ss.n;
  return NG_SUCCESS;
}
