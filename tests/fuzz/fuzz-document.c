/*
 * fuzz-document.c: bytes -> NgDocument (input/: binary and empty checks,
 * HTML reduction, UTF-8 repair, boilerplate, sentences, offset map).
 *
 * Properties checked on every input:
 *   - the result is a document or NG_ERR_INPUT (never another status);
 *   - the cleaned text is valid UTF-8 without NUL bytes;
 *   - every offset of the cleaned text maps inside the original, in
 *     non-decreasing order, the end to the original's length;
 *   - a letter or digit of the text maps to the same byte of the
 *     original (or, in HTML, to the '&' of the entity it came from);
 *   - sentences lie inside the text, in order, without overlap, on
 *     character boundaries;
 *   - reading the same bytes as a stream gives the same text.
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"

#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  ng_fuzz_quiet_log();
  return 0;
}

static int is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z');
}

static void check_document(const NgDocument *doc, const uint8_t *data,
                           size_t size) {
  size_t olen, tlen;
  const char *orig = ng_document_original(doc, &olen);
  const char *text = ng_document_text(doc, &tlen);
  FUZZ_CHECK(olen == size, "original length %zu, input %zu", olen, size);
  FUZZ_CHECK(memcmp(orig, data, size) == 0, "original bytes differ");
  FUZZ_CHECK(tlen > 0, "a document with an empty text");
  FUZZ_CHECK(strlen(text) == tlen, "NUL inside the text at %zu", strlen(text));
  FUZZ_CHECK(ng_fuzz_valid_utf8((const unsigned char *)text, tlen),
             "text is not valid UTF-8");
  int html = ng_document_is_html(doc);
  size_t prev = 0;
  for (size_t i = 0; i <= tlen; ++i) {
    size_t o = ng_document_original_offset(doc, i);
    FUZZ_CHECK(o <= olen, "text offset %zu maps to %zu, past %zu", i, o, olen);
    FUZZ_CHECK(i == tlen || o < olen, "text byte %zu maps to the end", i);
    FUZZ_CHECK(o >= prev, "text offset %zu maps to %zu, before %zu", i, o,
               prev);
    prev = o;
    unsigned char c = (unsigned char)text[i];
    if (i < tlen && is_alnum(c)) {
      unsigned char oc = (unsigned char)orig[o];
      FUZZ_CHECK(oc == c || (html && oc == '&'),
                 "text byte %zu '%c' maps to original byte %zu (0x%02x)", i, c,
                 o, oc);
    }
  }
  FUZZ_CHECK(ng_document_original_offset(doc, tlen) == olen,
             "the end of the text does not map to the end of the input");
  size_t n = ng_document_n_sentences(doc), end = 0;
  for (size_t i = 0; i < n; ++i) {
    const NgSentence *s = ng_document_sentence(doc, i);
    FUZZ_CHECK(s != NULL, "sentence %zu missing", i);
    FUZZ_CHECK(s->span.begin >= end && s->span.begin <= s->span.end &&
                   s->span.end <= tlen,
               "sentence %zu [%zu, %zu) out of place (previous end %zu, "
               "text %zu)",
               i, s->span.begin, s->span.end, end, tlen);
    FUZZ_CHECK(s->span.begin == tlen ||
                   ((unsigned char)text[s->span.begin] & 0xC0) != 0x80,
               "sentence %zu begins inside a character", i);
    FUZZ_CHECK(s->span.end == tlen ||
                   ((unsigned char)text[s->span.end] & 0xC0) != 0x80,
               "sentence %zu ends inside a character", i);
    end = s->span.end;
  }
  FUZZ_CHECK(ng_document_sentence(doc, n) == NULL, "sentence past the end");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  NgDocument *doc = NULL;
  NgStatus st = ng_document_from_bytes("fuzz", (const char *)data, size, &doc);
  FUZZ_CHECK(st == NG_SUCCESS || st == NG_ERR_INPUT,
             "ng_document_from_bytes: %s", ng_strerror(st));
  FUZZ_CHECK((st == NG_SUCCESS) == (doc != NULL), "status and result disagree");
  if (doc) {
    check_document(doc, data, size);
  }
  /* the stream reader must see the same bytes */
  FILE *f = size ? fmemopen((void *)data, size, "rb") : NULL;
  if (f) {
    NgDocument *doc2 = NULL;
    NgStatus st2 = ng_document_load_stream(f, "fuzz", &doc2);
    fclose(f);
    FUZZ_CHECK(st2 == st, "stream status %s, bytes status %s", ng_strerror(st2),
               ng_strerror(st));
    if (doc && doc2) {
      size_t l1, l2;
      const char *t1 = ng_document_text(doc, &l1);
      const char *t2 = ng_document_text(doc2, &l2);
      FUZZ_CHECK(l1 == l2 && memcmp(t1, t2, l1) == 0,
                 "stream and bytes give different texts");
    }
    ng_document_free(doc2);
  }
  ng_document_free(doc);
  return 0;
}
