/*
 * clean.c: the cleaner every decoded character passes through.  It
 * normalises quotes, dashes and spaces, drops zero-width characters and
 * leading bullets, trims and collapses spaces, collapses line breaks to at
 * most one blank line, and records for each output byte the original
 * offset it came from.  Spaces and breaks are held back (pending) until a
 * visible character follows, which trims line ends for free.
 */
#include "input.h"

/* Spaces in a row that make a wide gap, written as one tab. */
enum { WIDE_GAP = 3 };

NgStatus ng_clean_init(NgCleaner *c, size_t hint) {
  memset(c, 0, sizeof *c);
  c->cap = hint + 64;
  c->text = malloc(c->cap);
  c->map = malloc(c->cap * sizeof *c->map);
  if (!c->text || !c->map) {
    ng_clean_release(c);
    return NG_ERR_NOMEM;
  }
  return NG_SUCCESS;
}

void ng_clean_release(NgCleaner *c) {
  free(c->text);
  free(c->map);
  c->text = NULL;
  c->map = NULL;
  c->len = c->cap = 0;
}

/* Makes room for n more bytes plus pending separators and the final NUL. */
static int reserve_n(NgCleaner *c, size_t n) {
  if (c->status) {
    return 0;
  }
  if (c->len + n + 8 <= c->cap) {
    return 1;
  }
  size_t cap = c->cap * 2;
  while (cap < c->len + n + 8) {
    cap *= 2;
  }
  char *text = realloc(c->text, cap);
  if (!text) {
    c->status = NG_ERR_NOMEM;
    return 0;
  }
  c->text = text;
  NgOffset *map = realloc(c->map, cap * sizeof *map);
  if (!map) {
    c->status = NG_ERR_NOMEM;
    return 0;
  }
  c->map = map;
  c->cap = cap;
  return 1;
}

static void put_byte(NgCleaner *c, char b, size_t off) {
  c->text[c->len] = b;
  c->map[c->len] = (NgOffset)off;
  c->len++;
}

static int is_space(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\v' || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000;
}

static int is_invisible(uint32_t cp) {
  return (cp >= 0x200B && cp <= 0x200D) || cp == 0xFEFF || cp == 0x2060 ||
         cp == 0xAD || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

static int is_bullet(uint32_t cp) {
  return cp == 0x2022 || cp == 0xB7 || cp == 0x25AA || cp == 0x25E6 ||
         cp == 0x25CF;
}

/* The ASCII stand-in of a typographic quote or dash, or 0. */
static uint32_t ascii_of(uint32_t cp) {
  switch (cp) {
  case 0x2018:
  case 0x2019:
  case 0x201A:
  case 0x201B:
  case 0x2032:
  case 0xB4: /* an acute accent typed for an apostrophe: "Acme´s" */
    return '\'';
  case 0x201C:
  case 0x201D:
  case 0x201E:
  case 0x201F:
  case 0x2033:
    return '"';
  case 0x2010:
  case 0x2011:
  case 0x2012:
  case 0x2013:
  case 0x2014:
  case 0x2015:
  case 0x2212:
    return '-';
  default:
    return 0;
  }
}

void ng_clean_break(NgCleaner *c, unsigned n, size_t off) {
  if (c->pending_nl == 0) {
    c->nl_off = (NgOffset)off;
  }
  c->pending_nl = c->pending_nl + n > 2 ? 2 : c->pending_nl + n;
  c->pending_space = 0;
}

/* Writes the held-back breaks or space that stand before a character. */
static void flush_pending(NgCleaner *c) {
  if (c->pending_nl) {
    if (c->len) {
      for (unsigned k = 0; k < c->pending_nl; k++) {
        put_byte(c, '\n', c->nl_off);
      }
    }
    c->line_start = c->len;
    c->pending_nl = 0;
    c->pending_space = 0;
    c->last_dash = 0;
  } else if (c->pending_space) {
    /* in plain text, a wide gap inside a line (three spaces or more, a
     * tab) parts the fields of a page's furniture ("Text: A    Photo:
     * B"), which rules can tell from the gap between two words */
    put_byte(c, c->keep_gaps && c->pending_space >= WIDE_GAP ? '\t' : ' ',
             c->space_off);
    c->pending_space = 0;
    c->last_dash = 0;
  }
}

/* Spaces held back: the first one's offset, and how many (a tab counts
 * as a wide gap at once). */
static void note_space(NgCleaner *c, size_t off, int n) {
  if (!c->pending_space) {
    c->space_off = (NgOffset)off;
  }
  c->pending_space = c->pending_space + n > WIDE_GAP ? WIDE_GAP
                                                     : c->pending_space + n;
}

static int reserve(NgCleaner *c) {
  return reserve_n(c, 0);
}

/* Two hyphens typed for a dash right after a word ("England--(WIRE)--
 * Acme", "so--and"): written as a spaced dash, as an em dash is, so the
 * words on either side stay apart; a third hyphen adds nothing.  The
 * first hyphen is already out.  A run at the start of a line ("-----"
 * ruling off a footer) is left as typed.  Returns 1 when the hyphen at
 * off was taken. */
static int double_hyphen(NgCleaner *c, size_t off) {
  if (c->last_dash && c->pending_space) {
    return 1; /* a third hyphen of a dash already spaced */
  }
  if (c->pending_space || c->pending_nl || c->len < c->line_start + 2 ||
      c->text[c->len - 1] != '-' || c->text[c->len - 2] == '-') {
    return 0;
  }
  if (c->text[c->len - 2] != ' ') {
    c->text[c->len - 1] = ' ';
    put_byte(c, '-', c->map[c->len - 1]);
  }
  c->last_dash = 1;
  c->pending_space = 1;
  c->space_off = (NgOffset)off;
  return 1;
}

void ng_clean_ascii(NgCleaner *c, const char *s, size_t n, size_t off) {
  /* a dash of two hyphens writes three bytes (" - ") */
  if (!reserve_n(c, n + n / 2)) {
    return;
  }
  for (size_t k = 0; k < n; k++) {
    if (s[k] == ' ') {
      if (!c->pending_nl && c->len != c->line_start) {
        note_space(c, off + k, 1);
      }
      continue;
    }
    if (s[k] == '-' && double_hyphen(c, off + k)) {
      continue;
    }
    if (c->pending_nl || c->pending_space) {
      flush_pending(c);
    }
    c->last_dash = 0;
    put_byte(c, s[k], off + k);
  }
}

void ng_clean_put(NgCleaner *c, uint32_t cp, size_t off, size_t srclen) {
  if (cp == '\n' || cp == '\f' || cp == 0x85 || cp == 0x2028) {
    ng_clean_break(c, 1, off);
    return;
  }
  if (cp == 0x2029) {
    ng_clean_break(c, 2, off);
    return;
  }
  int line_empty = c->pending_nl > 0 || c->len == c->line_start;
  if (is_space(cp)) {
    if (!line_empty) {
      note_space(c, off, cp == '\t' ? WIDE_GAP : 1);
    }
    return;
  }
  if (is_invisible(cp) || (line_empty && is_bullet(cp))) {
    return;
  }
  if (!reserve(c)) {
    return;
  }
  uint32_t a = ascii_of(cp);
  if (a == '-' && c->last_dash && !c->pending_nl) {
    return; /* "a\u2014\u2014z": the second dash of a run adds nothing */
  }
  flush_pending(c);
  if (a) {
    /* a run of dashes ("--" typed as two em dashes) keeps a single '-' */
    if (a == '-' && c->last_dash) {
      return;
    }
    if (cp == 0x2014 || cp == 0x2015) {
      /* an em dash between words separates clauses, not the halves of a
       * hyphenated name: "Okafor\u2014met" reads "Okafor - met" */
      if (c->len > c->line_start && c->text[c->len - 1] != ' ') {
        put_byte(c, ' ', off);
      }
      put_byte(c, '-', off);
      c->last_dash = 1;
      c->pending_space = 1;
      c->space_off = (NgOffset)off;
      return;
    }
    put_byte(c, (char)a, off);
    c->last_dash = a == '-';
    return;
  }
  c->last_dash = 0;
  if (cp < 0x80) {
    put_byte(c, (char)cp, off);
    return;
  }
  char u[4];
  size_t n = ng_utf8_encode(cp, u);
  for (size_t k = 0; k < n; k++) {
    put_byte(c, u[k], off + (srclen == n ? k : 0));
  }
}

void ng_clean_bad_byte(NgCleaner *c, size_t off) {
  if (c->n_bad++ == 0) {
    c->first_bad = off;
  }
  ng_clean_put(c, 0xFFFD, off, 0);
}
