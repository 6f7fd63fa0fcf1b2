/* input/document.c: TEMPORARY minimal loader used on main until the input
 * module lands (lines become sentences, split after ". " + capital). */
#include "buf.h"
#include "util.h"
#include <stdio.h>
struct NgDocument { char *label; char *orig; size_t olen; NgSentence *s; size_t n; };
static NgStatus build(NgDocument *d) {
  size_t cap = 0; size_t line = 0, para = 0; size_t b = 0;
  for (size_t i = 0; i <= d->olen; ++i) {
    int eol = i == d->olen || d->orig[i] == '\n';
    int stop = !eol && d->orig[i] == '.' && i + 2 < d->olen && d->orig[i+1] == ' ' && d->orig[i+2] >= 'A' && d->orig[i+2] <= 'Z' && !(i >= 2 && (d->orig[i-2] == 'D' || d->orig[i-2] == ' '|| d->orig[i-3] == ' '));
    if (eol || stop) {
      size_t e = stop ? i + 1 : i;
      while (b < e && (d->orig[b] == ' ' || d->orig[b] == '\t' || d->orig[b] == '\r')) ++b;
      size_t x = e; while (x > b && (d->orig[x-1] == ' ' || d->orig[x-1] == '\r')) --x;
      if (x > b) { if (ng_grow((void**)&d->s, &cap, d->n + 1, sizeof(NgSentence))) return NG_ERR_NOMEM; d->s[d->n].span.begin = b; d->s[d->n].span.end = x; d->s[d->n].line = line; d->s[d->n].paragraph = para; d->n++; }
      b = stop ? i + 2 : i + 1; if (eol) { ++line; ++para; }
    }
  }
  return NG_SUCCESS;
}
NgStatus ng_document_from_bytes(const char *label, const char *bytes, size_t len, NgDocument **out) {
  NgDocument *d = calloc(1, sizeof(*d)); d->label = ng_strdup(label); d->orig = ng_strndup(bytes, len); d->olen = len;
  for (size_t i = 0; i < len; ++i) if (d->orig[i] == '\t') d->orig[i] = ' ';
  build(d); *out = d; return NG_SUCCESS; }
NgStatus ng_document_load_stream(FILE *f, const char *label, NgDocument **out) {
  NgBuf b = NG_BUF_INIT; char tmp[65536]; size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) ng_buf_append(&b, tmp, n);
  NgStatus st = ng_document_from_bytes(label, b.data, b.len, out); ng_buf_release(&b); return st; }
NgStatus ng_document_load_file(const char *path, NgDocument **out) {
  FILE *f = fopen(path, "rb"); if (!f) { *out = NULL; ng_log(NG_LOG_ERROR, path, 0, (size_t)-1, NULL, "cannot open"); return NG_ERR_IO; }
  NgStatus st = ng_document_load_stream(f, path, out); fclose(f); return st; }
void ng_document_free(NgDocument *d) { if (d) { free(d->label); free(d->orig); free(d->s); free(d); } }
const char *ng_document_label(const NgDocument *d) { return d->label; }
const char *ng_document_original(const NgDocument *d, size_t *len) { *len = d->olen; return d->orig; }
const char *ng_document_text(const NgDocument *d, size_t *len) { *len = d->olen; return d->orig; }
size_t ng_document_original_offset(const NgDocument *d, size_t o) { (void)d; return o; }
size_t ng_document_n_sentences(const NgDocument *d) { return d->n; }
const NgSentence *ng_document_sentence(const NgDocument *d, size_t i) { return i < d->n ? &d->s[i] : NULL; }
int ng_document_is_html(const NgDocument *d) { (void)d; return 0; }
