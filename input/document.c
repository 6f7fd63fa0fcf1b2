/*
 * document.c: the NgDocument object.  Checks that the bytes are text
 * (not empty, not binary), runs them through the cleaner (plain text or
 * HTML), drops boilerplate lines and finds the sentences.
 */
#include "input.h"

#include <ctype.h>

_Static_assert(NG_MAX_DOCUMENT_BYTES < UINT32_MAX,
               "the offset map stores offsets as uint32_t");

/* Text offsets [text, next run's text) come from original offsets orig
 * onward, one byte each. */
typedef struct OffsetRun {
  NgOffset text, orig;
} OffsetRun;

struct NgDocument {
  char *label;
  char *original;
  size_t original_len;
  char *text;
  size_t text_len;
  /* the original offset of each text offset (text_len + 1 of them): as
   * runs of bytes copied verbatim when that is smaller (most text is, so
   * a huge article's map shrinks to a few runs), else one per byte */
  NgOffset *map;
  OffsetRun *runs;
  size_t n_runs;
  NgSentence *sentences;
  size_t n_sentences;
  int is_html;
};

void ng_document_free(NgDocument *doc) {
  if (!doc) {
    return;
  }
  free(doc->label);
  free(doc->original);
  free(doc->text);
  free(doc->map);
  free(doc->runs);
  free(doc->sentences);
  free(doc);
}

static int only_whitespace(const char *s, size_t n) {
  size_t i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  for (; i < n; i++) {
    if (!isspace((unsigned char)s[i])) {
      return 0;
    }
  }
  return 1;
}

/* NUL bytes anywhere, or more than 10% control characters (other than
 * \t \n \r \f) in the first 4 KiB, mean the input is not text; a UTF-16
 * byte order mark is named as such. */
static NgStatus check_text(const char *label, const char *s, size_t n) {
  if (only_whitespace(s, n)) {
    ng_log(NG_LOG_ERROR, label, 0, 0, NULL, "empty input");
    return NG_ERR_INPUT;
  }
  if (n >= 2 && (((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) ||
                 ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF))) {
    ng_log(NG_LOG_ERROR, label, 0, 0, NULL,
           "UTF-16 text (byte order mark) is not supported: convert it to "
           "UTF-8, e.g. iconv -f UTF-16 -t UTF-8");
    return NG_ERR_INPUT;
  }
  const char *nul = memchr(s, '\0', n);
  if (nul) {
    size_t at = (size_t)(nul - s);
    ng_log(NG_LOG_ERROR, label, 0, at, NULL,
           "binary input (NUL byte at offset %zu)", at);
    return NG_ERR_INPUT;
  }
  size_t head = n < 4096 ? n : 4096, controls = 0, first = 0;
  for (size_t i = 0; i < head; i++) {
    unsigned char ch = (unsigned char)s[i];
    if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\f') ||
        ch == 0x7F) {
      first = controls++ ? first : i;
    }
  }
  if (controls * 10 > head) {
    ng_log(NG_LOG_ERROR, label, 0, first, NULL,
           "binary input (%zu control characters in the first %zu bytes)",
           controls, head);
    return NG_ERR_INPUT;
  }
  return NG_SUCCESS;
}

/* Sets doc's offset map from map[0..n): as runs (doc->runs) when they
 * take less room, then freeing map, else map itself.  Takes ownership of
 * map; NG_ERR_NOMEM leaves it doc's. */
static NgStatus set_offsets(NgDocument *doc, NgOffset *map, size_t n) {
  doc->map = map;
  size_t runs = 0;
  for (size_t i = 0; i < n; ++i) {
    runs += !i || map[i] != map[i - 1] + 1;
  }
  if (runs * sizeof(OffsetRun) >= n * sizeof(NgOffset)) {
    return NG_SUCCESS;
  }
  doc->runs = malloc(runs * sizeof(OffsetRun));
  if (!doc->runs) {
    return NG_ERR_NOMEM;
  }
  for (size_t i = 0; i < n; ++i) {
    if (!i || map[i] != map[i - 1] + 1) {
      doc->runs[doc->n_runs].text = (NgOffset)i;
      doc->runs[doc->n_runs++].orig = map[i];
    }
  }
  free(map);
  doc->map = NULL;
  return NG_SUCCESS;
}

/* Cleans doc->original into doc->text, its offset map and
 * doc->sentences. */
static NgStatus clean(NgDocument *doc) {
  NgCleaner c;
  NgStatus st;
  TRY(st, ng_clean_init(&c, doc->original_len));
  doc->is_html = ng_html_detect(doc->original, doc->original_len);
  if (doc->is_html) {
    ng_html_to_text(doc->original, doc->original_len, &c);
  } else {
    /* (in HTML a run of spaces is only the source's layout) */
    c.keep_gaps = 1;
    ng_plain_to_text(doc->original, doc->original_len, &c);
  }
  if (c.status) {
    ng_clean_release(&c);
    return c.status;
  }
  if (c.n_bad) {
    ng_log(NG_LOG_WARNING, doc->label, 0, c.first_bad, NULL,
           "invalid utf-8 replaced (first bad byte at offset %zu, %zu bytes "
           "in all)",
           c.first_bad, c.n_bad);
  }
  ng_boiler_filter(c.text, c.map, &c.len);
  /* the cleaner always leaves room for these two */
  c.text[c.len] = '\0';
  c.map[c.len] = (NgOffset)doc->original_len;
  doc->text = c.text;
  doc->text_len = c.len;
  TRY(st, set_offsets(doc, c.map, c.len + 1));
  if (c.len == 0) {
    ng_log(NG_LOG_ERROR, doc->label, 0, (size_t)-1, NULL,
           "empty input (no text left after cleaning)");
    return NG_ERR_INPUT;
  }
  NgSegmentStats cuts;
  NgStatus st2 = ng_segment(doc->text, doc->text_len, &doc->sentences,
                            &doc->n_sentences, &cuts);
  if (st2 == NG_SUCCESS && cuts.n_cut) {
    size_t at = ng_document_original_offset(doc, cuts.first_cut);
    ng_log(NG_LOG_WARNING, doc->label, 0, at, NULL,
           "text without a sentence end cut into pieces of at most %d bytes "
           "(%zu cuts, the first in the sentence at byte %zu); facts that "
           "span a cut are not found",
           NG_MAX_SENTENCE_BYTES, cuts.n_cut, at);
  }
  return st2;
}

/* Builds a document from bytes it takes ownership of (even on failure). */
static NgStatus build(const char *label, char *bytes, size_t len,
                      NgDocument **out) {
  *out = NULL;
  NgDocument *doc = calloc(1, sizeof *doc);
  if (!doc) {
    free(bytes);
    return NG_ERR_NOMEM;
  }
  doc->original = bytes;
  doc->original_len = len;
  doc->label = ng_strdup(label);
  NgStatus st = doc->label ? check_text(label, bytes, len) : NG_ERR_NOMEM;
  if (st == NG_SUCCESS) {
    st = clean(doc);
  }
  if (st != NG_SUCCESS) {
    ng_document_free(doc);
    return st;
  }
  *out = doc;
  return NG_SUCCESS;
}

NgStatus ng_document_load_file(const char *path, NgDocument **out) {
  if (!path || !out) {
    return NG_ERR_BAD_ARG;
  }
  *out = NULL;
  char *data;
  size_t len;
  NgStatus st;
  TRY(st, ng_read_file(path, &data, &len));
  return build(path, data, len, out);
}

NgStatus ng_document_load_stream(FILE *stream, const char *label,
                                 NgDocument **out) {
  if (!stream || !out) {
    return NG_ERR_BAD_ARG;
  }
  *out = NULL;
  label = label ? label : "-";
  char *data;
  size_t len;
  NgStatus st;
  TRY(st, ng_read_stream(stream, label, &data, &len));
  return build(label, data, len, out);
}

NgStatus ng_document_from_bytes(const char *label, const char *bytes,
                                size_t len, NgDocument **out) {
  if (!out || (!bytes && len)) {
    return NG_ERR_BAD_ARG;
  }
  *out = NULL;
  label = label ? label : "-";
  if (len > ng_max_document_bytes()) {
    return ng_too_large(label, len);
  }
  char *copy = malloc(len + 1);
  if (!copy) {
    return NG_ERR_NOMEM;
  }
  if (len) {
    memcpy(copy, bytes, len);
  }
  copy[len] = '\0';
  return build(label, copy, len, out);
}

const char *ng_document_label(const NgDocument *doc) {
  return doc->label;
}

const char *ng_document_original(const NgDocument *doc, size_t *len) {
  if (len) {
    *len = doc->original_len;
  }
  return doc->original;
}

const char *ng_document_text(const NgDocument *doc, size_t *len) {
  if (len) {
    *len = doc->text_len;
  }
  return doc->text;
}

size_t ng_document_original_offset(const NgDocument *doc, size_t text_offset) {
  if (text_offset > doc->text_len) {
    text_offset = doc->text_len;
  }
  if (doc->map) {
    return doc->map[text_offset];
  }
  /* the last run that starts at or before text_offset (the first run
   * starts at 0) */
  size_t lo = 0, hi = doc->n_runs;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (doc->runs[mid].text <= text_offset) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  const OffsetRun *r = &doc->runs[lo];
  return r->orig + (text_offset - r->text);
}

size_t ng_document_n_sentences(const NgDocument *doc) {
  return doc->n_sentences;
}

const NgSentence *ng_document_sentence(const NgDocument *doc, size_t i) {
  return i < doc->n_sentences ? &doc->sentences[i] : NULL;
}

int ng_document_is_html(const NgDocument *doc) {
  return doc->is_html;
}
