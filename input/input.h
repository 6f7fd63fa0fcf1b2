/*
 * input.h: internals of the input stage, shared by its modules.
 *
 * Flow: read.c (bytes) -> document.c checks empty/binary -> plain.c (plain
 * text) or html.c (markup) decode characters, each with the offset of its
 * first original byte, into the cleaner of clean.c (quotes, dashes, spaces,
 * line breaks) -> boiler.c drops boilerplate lines in place -> segment.c
 * finds sentences.  utf8.c (and the inline decoder below) is the one
 * UTF-8 codec they all use; it uses none of them.  The offset map is kept as uint32_t (one per byte of
 * cleaned text): NG_MAX_DOCUMENT_BYTES fits, and it halves the memory.
 */
#ifndef NG_INPUT_H
#define NG_INPUT_H

#include "util.h"

#include <stdint.h>

typedef uint32_t NgOffset;

/* The cleaned text being built, with its offset map.  Invariants: text
 * holds len bytes (not NUL-terminated until ng_clean_finish); map[i] is
 * the original offset of text[i]; a sticky status records the first
 * allocation failure so callers test it once at the end. */
typedef struct NgCleaner {
  char *text;
  NgOffset *map;
  size_t len;
  size_t cap;
  size_t line_start;   /* offset in text where the current line begins */
  unsigned pending_nl; /* line breaks seen since the last character (<=2) */
  NgOffset nl_off;     /* original offset of the first pending break */
  int pending_space;   /* spaces seen after the last character (to 3) */
  int keep_gaps;       /* plain text: a wide gap is written as a tab */
  NgOffset space_off;
  int last_dash;    /* the last character written was a dash (Unicode, or
                     * two hyphens typed for one: clean.c) */
  size_t n_bad;     /* invalid UTF-8 bytes replaced */
  size_t first_bad; /* offset of the first of them */
  NgStatus status;
} NgCleaner;

/* Prepares c for an input of about hint bytes. */
NgStatus ng_clean_init(NgCleaner *c, size_t hint);

/* Frees what c owns (after a failure; ng_clean_finish hands it over). */
void ng_clean_release(NgCleaner *c);

/* Adds code point cp that stands at original offset off.  srclen is the
 * number of original bytes it came from when they are copied verbatim
 * (then each byte maps to its own offset), 0 otherwise (an entity). */
void ng_clean_put(NgCleaner *c, uint32_t cp, size_t off, size_t srclen);

/* Adds the n printable ASCII characters (0x20..0x7E) at s, which stand
 * at original offset off: the fast path of ng_clean_put. */
void ng_clean_ascii(NgCleaner *c, const char *s, size_t n, size_t off);

/* Adds a line break ('\n') or a paragraph break (n == 2). */
void ng_clean_break(NgCleaner *c, unsigned n, size_t off);

/* Records an invalid byte at off and adds U+FFFD for it. */
void ng_clean_bad_byte(NgCleaner *c, size_t off);

/* Decodes one UTF-8 character at s (n > 0 bytes left): stores the code
 * point in *cp and returns its length, or returns 0 when the first byte
 * does not start a valid, shortest-form character. */
static inline size_t ng_utf8_decode(const unsigned char *s, size_t n,
                                    uint32_t *cp) {
  unsigned c0 = s[0];
  if (c0 < 0x80) {
    *cp = c0;
    return 1;
  }
  if (c0 >= 0xC2 && c0 <= 0xDF) {
    if (n < 2 || (s[1] & 0xC0) != 0x80) {
      return 0;
    }
    *cp = ((uint32_t)(c0 & 0x1F) << 6) | (s[1] & 0x3F);
    return 2;
  }
  if (c0 >= 0xE0 && c0 <= 0xEF) {
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) {
      return 0;
    }
    uint32_t v = ((uint32_t)(c0 & 0x0F) << 12) |
                 ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF)) {
      return 0;
    }
    *cp = v;
    return 3;
  }
  if (c0 >= 0xF0 && c0 <= 0xF4) {
    if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
        (s[3] & 0xC0) != 0x80) {
      return 0;
    }
    uint32_t v = ((uint32_t)(c0 & 0x07) << 18) |
                 ((uint32_t)(s[1] & 0x3F) << 12) |
                 ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    if (v < 0x10000 || v > 0x10FFFF) {
      return 0;
    }
    *cp = v;
    return 4;
  }
  return 0;
}

/* Encodes cp (a valid scalar value) into out; returns its length. */
size_t ng_utf8_encode(uint32_t cp, char out[4]);

/* Feeds the plain-text bytes to c: decodes UTF-8 (bad bytes -> U+FFFD),
 * turns "\r\n" and "\r" into line breaks (plain.c). */
void ng_plain_to_text(const char *bytes, size_t len, NgCleaner *c);

/* Non-zero when bytes look like HTML (a doctype or <html> at the start,
 * or several <p>/<div>/<br> tags in the first kilobytes). */
int ng_html_detect(const char *bytes, size_t len);

/* Feeds the text content of HTML bytes to c (see html.c). */
void ng_html_to_text(const char *bytes, size_t len, NgCleaner *c);

/* Drops boilerplate lines of text[0, *len) in place, moving map along,
 * and leaves lines separated by "\n" and paragraphs by "\n\n". */
void ng_boiler_filter(char *text, NgOffset *map, size_t *len);

/* The longest sentence, in bytes of cleaned text.  Real sentences are far
 * shorter (the longest of the shared corpus has 600 bytes); a longer run
 * of text without a sentence end is cut into pieces of at most this size,
 * so that the extractor's work per sentence stays bounded. */
#define NG_MAX_SENTENCE_BYTES 2000

/* What ng_segment had to do: how many over-long sentences it cut, and the
 * text offset of the first. */
typedef struct NgSegmentStats {
  size_t n_cut;
  size_t first_cut;
} NgSegmentStats;

/* Finds the sentences of the cleaned text.  *out is new (free()). */
NgStatus ng_segment(const char *text, size_t len, NgSentence **out,
                    size_t *n_out, NgSegmentStats *stats);

/* Reads a whole file or stream, refusing more than
 * ng_max_document_bytes().  *data is new (free()), NUL-terminated.
 * Diagnostics name label. */
NgStatus ng_read_file(const char *path, char **data, size_t *len);
NgStatus ng_read_stream(FILE *stream, const char *label, char **data,
                        size_t *len);

/* Reports that the input label is larger than the limit (size: its size
 * when known, else 0) and returns NG_ERR_INPUT. */
NgStatus ng_too_large(const char *label, size_t size);

#endif /* NG_INPUT_H */
