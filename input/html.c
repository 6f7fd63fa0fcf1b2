/*
 * html.c: reduces HTML to text for the cleaner, in one forward pass with
 * no DOM.  Script, style and similar raw content, comments and the <head>
 * (except its <title>, which becomes the first line) are skipped; entities
 * are decoded; block elements become line or paragraph breaks; whitespace
 * collapses as a browser would, except inside <pre>.
 */
#include "input.h"

#include <ctype.h>

/* ASCII case-insensitive prefix test of s[0, n) against lowercase lit. */
static int has_prefix_ci(const char *s, size_t n, const char *lit) {
  size_t k = 0;
  for (; lit[k]; k++) {
    if (k >= n || tolower((unsigned char)s[k]) != lit[k]) {
      return 0;
    }
  }
  return 1;
}

int ng_html_detect(const char *bytes, size_t len) {
  size_t i = 0;
  if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
    i = 3;
  }
  while (i < len && isspace((unsigned char)bytes[i])) {
    i++;
  }
  if (has_prefix_ci(bytes + i, len - i, "<!doctype html") ||
      has_prefix_ci(bytes + i, len - i, "<html")) {
    return 1;
  }
  size_t end = len < 4096 ? len : 4096;
  unsigned tags = 0;
  for (size_t k = i; k < end; k++) {
    if (bytes[k] == '<' &&
        (has_prefix_ci(bytes + k, end - k, "<p>") ||
         has_prefix_ci(bytes + k, end - k, "<p ") ||
         has_prefix_ci(bytes + k, end - k, "<div") ||
         has_prefix_ci(bytes + k, end - k, "<br"))) {
      tags++;
    }
  }
  return tags >= 2;
}

/* ------------------------------------------------------------- entities */

typedef struct Entity {
  const char *name;
  uint32_t cp;
} Entity;

static const Entity entities[] = {
    {"amp", '&'},       {"lt", '<'},         {"gt", '>'},
    {"quot", '"'},      {"apos", '\''},      {"nbsp", 0xA0},
    {"mdash", 0x2014},  {"ndash", 0x2013},   {"lsquo", 0x2018},
    {"rsquo", 0x2019},  {"ldquo", 0x201C},   {"rdquo", 0x201D},
    {"sbquo", 0x201A},  {"bdquo", 0x201E},   {"hellip", 0x2026},
    {"copy", 0xA9},     {"reg", 0xAE},       {"trade", 0x2122},
    {"middot", 0xB7},   {"bull", 0x2022},    {"raquo", 0xBB},
    {"laquo", 0xAB},    {"rsaquo", 0x203A},  {"lsaquo", 0x2039},
    {"shy", 0xAD},      {"zwj", 0x200D},     {"zwnj", 0x200C},
    {"thinsp", 0x2009}, {"ensp", 0x2002},    {"emsp", 0x2003},
    {"prime", 0x2032},  {"Prime", 0x2033},   {"deg", 0xB0},
    {"times", 0xD7},    {"divide", 0xF7},    {"euro", 0x20AC},
    {"pound", 0xA3},    {"yen", 0xA5},       {"cent", 0xA2},
    {"sect", 0xA7},     {"para", 0xB6},      {"plusmn", 0xB1},
    {"minus", 0x2212},  {"agrave", 0xE0},    {"aacute", 0xE1},
    {"acirc", 0xE2},    {"atilde", 0xE3},    {"auml", 0xE4},
    {"aring", 0xE5},    {"aelig", 0xE6},     {"ccedil", 0xE7},
    {"egrave", 0xE8},   {"eacute", 0xE9},    {"ecirc", 0xEA},
    {"euml", 0xEB},     {"igrave", 0xEC},    {"iacute", 0xED},
    {"icirc", 0xEE},    {"iuml", 0xEF},      {"ntilde", 0xF1},
    {"ograve", 0xF2},   {"oacute", 0xF3},    {"ocirc", 0xF4},
    {"otilde", 0xF5},   {"ouml", 0xF6},      {"oslash", 0xF8},
    {"ugrave", 0xF9},   {"uacute", 0xFA},    {"ucirc", 0xFB},
    {"uuml", 0xFC},     {"yacute", 0xFD},    {"yuml", 0xFF},
    {"szlig", 0xDF},    {"Agrave", 0xC0},    {"Aacute", 0xC1},
    {"Auml", 0xC4},     {"Ccedil", 0xC7},    {"Eacute", 0xC9},
    {"Egrave", 0xC8},   {"Ntilde", 0xD1},    {"Oacute", 0xD3},
    {"Ouml", 0xD6},     {"Uuml", 0xDC},
};

/* Decodes the entity at s[0] == '&'; stores the code point and returns
 * the entity's length, or 0 when it is not one (then '&' is text). */
static size_t decode_entity(const char *s, size_t n, uint32_t *cp) {
  size_t end = 1;
  while (end < n && end < 34 && s[end] != ';' && s[end] != '&' &&
         !isspace((unsigned char)s[end])) {
    end++;
  }
  if (end >= n || s[end] != ';' || end < 2) {
    return 0;
  }
  if (s[1] == '#') {
    uint32_t v = 0;
    int hex = end > 2 && (s[2] == 'x' || s[2] == 'X');
    size_t k = hex ? 3 : 2;
    if (k == end) {
      return 0;
    }
    for (; k < end; k++) {
      int d = (unsigned char)s[k];
      if (isdigit(d)) {
        d -= '0';
      } else if (hex && isxdigit(d)) {
        d = tolower(d) - 'a' + 10;
      } else {
        return 0;
      }
      v = v > 0x10FFFF ? v : v * (hex ? 16 : 10) + (uint32_t)d;
    }
    *cp = (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) ? 0xFFFD
                                                                    : v;
    return end + 1;
  }
  for (size_t e = 0; e < NG_ARRAY_LEN(entities); e++) {
    size_t nl = strlen(entities[e].name);
    if (nl == end - 1 && memcmp(entities[e].name, s + 1, nl) == 0) {
      *cp = entities[e].cp;
      return end + 1;
    }
  }
  return 0;
}

/* ----------------------------------------------------------------- tags */

typedef enum TagKind {
  TAG_INLINE,
  TAG_LINE,      /* a line break */
  TAG_PARAGRAPH, /* a paragraph break */
  TAG_CELL,      /* a space */
  TAG_RAW,       /* content skipped up to the closing tag */
  TAG_HEAD,
  TAG_BODY,
  TAG_TITLE,
  TAG_PRE
} TagKind;

typedef struct TagName {
  const char *name;
  TagKind kind;
} TagName;

static const TagName tag_names[] = {
    {"p", TAG_PARAGRAPH},       {"div", TAG_PARAGRAPH},
    {"h1", TAG_PARAGRAPH},      {"h2", TAG_PARAGRAPH},
    {"h3", TAG_PARAGRAPH},      {"h4", TAG_PARAGRAPH},
    {"h5", TAG_PARAGRAPH},      {"h6", TAG_PARAGRAPH},
    {"section", TAG_PARAGRAPH}, {"article", TAG_PARAGRAPH},
    {"main", TAG_PARAGRAPH},    {"nav", TAG_PARAGRAPH},
    {"aside", TAG_PARAGRAPH},   {"figure", TAG_PARAGRAPH},
    {"br", TAG_LINE},           {"li", TAG_LINE},
    {"tr", TAG_LINE},           {"header", TAG_LINE},
    {"footer", TAG_LINE},       {"blockquote", TAG_LINE},
    {"table", TAG_LINE},        {"ul", TAG_LINE},
    {"ol", TAG_LINE},           {"dl", TAG_LINE},
    {"dd", TAG_LINE},           {"dt", TAG_LINE},
    {"hr", TAG_LINE},           {"figcaption", TAG_LINE},
    {"caption", TAG_LINE},      {"option", TAG_LINE},
    {"form", TAG_LINE},         {"address", TAG_LINE},
    {"td", TAG_CELL},           {"th", TAG_CELL},
    {"script", TAG_RAW},        {"style", TAG_RAW},
    {"noscript", TAG_RAW},      {"template", TAG_RAW},
    {"svg", TAG_RAW},           {"iframe", TAG_RAW},
    {"head", TAG_HEAD},         {"body", TAG_BODY},
    {"title", TAG_TITLE},       {"pre", TAG_PRE},
};

static TagKind tag_kind(const char *name) {
  for (size_t k = 0; k < NG_ARRAY_LEN(tag_names); k++) {
    if (strcmp(tag_names[k].name, name) == 0) {
      return tag_names[k].kind;
    }
  }
  return TAG_INLINE;
}

/* Offset just past the '>' closing the tag whose name ends at i, quotes
 * respected; len when the tag is never closed. */
static size_t tag_end(const char *s, size_t len, size_t i) {
  char quote = 0;
  for (; i < len; i++) {
    char ch = s[i];
    if (quote) {
      if (ch == quote) {
        quote = 0;
      }
    } else if (ch == '"' || ch == '\'') {
      quote = ch;
    } else if (ch == '>') {
      return i + 1;
    }
  }
  return len;
}

/* Offset of the "</name" that closes raw content starting at i (len when
 * there is none). */
static size_t raw_end(const char *s, size_t len, size_t i, const char *name) {
  size_t nl = strlen(name);
  while (i < len) {
    const char *lt = memchr(s + i, '<', len - i);
    if (!lt) {
      return len;
    }
    i = (size_t)(lt - s);
    if (i + 1 < len && s[i + 1] == '/' &&
        has_prefix_ci(s + i + 2, len - i - 2, name) &&
        (i + 2 + nl == len || !isalnum((unsigned char)s[i + 2 + nl]))) {
      return i;
    }
    i++;
  }
  return len;
}

typedef struct HtmlState {
  const char *s;
  size_t len;
  NgCleaner *c;
  int in_head;
  int in_title;
  int in_pre;
} HtmlState;

/* Handles the markup starting at '<' at i; returns where text resumes, or
 * i itself when the '<' is plain text. */
static size_t markup(HtmlState *h, size_t i) {
  const char *s = h->s;
  size_t len = h->len;
  if (has_prefix_ci(s + i, len - i, "<!--")) {
    for (size_t k = i + 4; k + 2 < len; k++) {
      if (s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>') {
        return k + 3;
      }
    }
    return len;
  }
  if (i + 1 < len && (s[i + 1] == '!' || s[i + 1] == '?')) {
    const char *gt = memchr(s + i, '>', len - i);
    return gt ? (size_t)(gt - s) + 1 : len;
  }
  size_t k = i + 1;
  int closing = k < len && s[k] == '/';
  k += closing;
  if (k >= len || !isalpha((unsigned char)s[k])) {
    return i;
  }
  char name[16];
  size_t nl = 0;
  while (k < len && isalnum((unsigned char)s[k])) {
    if (nl + 1 < sizeof name) {
      name[nl++] = (char)tolower((unsigned char)s[k]);
    }
    k++;
  }
  name[nl] = '\0';
  size_t end = tag_end(s, len, k);
  switch (tag_kind(name)) {
  case TAG_PARAGRAPH:
    ng_clean_break(h->c, 2, i);
    break;
  case TAG_LINE:
    ng_clean_break(h->c, 1, i);
    break;
  case TAG_CELL:
    ng_clean_put(h->c, ' ', i, 0);
    break;
  case TAG_RAW:
    if (!closing) {
      end = tag_end(s, len, raw_end(s, len, end, name));
    }
    break;
  case TAG_HEAD:
    h->in_head = !closing;
    break;
  case TAG_BODY:
    h->in_head = 0;
    break;
  case TAG_TITLE:
    h->in_title = !closing;
    if (closing) {
      ng_clean_break(h->c, 2, i);
    }
    break;
  case TAG_PRE:
    h->in_pre = !closing;
    ng_clean_break(h->c, 1, i);
    break;
  case TAG_INLINE:
    break;
  }
  return end;
}

void ng_html_to_text(const char *bytes, size_t len, NgCleaner *c) {
  HtmlState h = {bytes, len, c, 0, 0, 0};
  const unsigned char *s = (const unsigned char *)bytes;
  size_t i = 0;
  while (i < len) {
    unsigned char ch = s[i];
    if (ch == '<') {
      size_t next = markup(&h, i);
      if (next != i) {
        i = next;
        continue;
      }
    }
    if (h.in_head && !h.in_title) {
      i++;
      continue;
    }
    size_t run = i;
    while (run < len && s[run] >= 0x20 && s[run] < 0x7F && s[run] != '<' &&
           s[run] != '&') {
      run++;
    }
    if (run > i) {
      ng_clean_ascii(c, bytes + i, run - i, i);
      i = run;
      continue;
    }
    uint32_t cp;
    if (ch == '&') {
      size_t n = decode_entity(bytes + i, len - i, &cp);
      if (n) {
        ng_clean_put(c, cp, i, 0);
        i += n;
        continue;
      }
    }
    if (ch == '\r' || ch == '\n' || ch == '\t' || ch == '\f') {
      if (h.in_pre && ch != '\t') {
        ng_clean_break(c, 1, i);
        i += (ch == '\r' && i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
      } else {
        ng_clean_put(c, ' ', i, 1);
        i++;
      }
      continue;
    }
    size_t n = ng_utf8_decode(s + i, len - i, &cp);
    if (n == 0) {
      ng_clean_bad_byte(c, i);
      i++;
      continue;
    }
    ng_clean_put(c, cp, i, n);
    i += n;
  }
}
