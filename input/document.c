/* input/document.c: STUB, to be replaced by the input module. */
#include "util.h"
NgStatus ng_document_load_file(const char *path, NgDocument **out) { (void)path; *out = NULL; return NG_ERR_INTERNAL; }
NgStatus ng_document_load_stream(FILE *stream, const char *label, NgDocument **out) { (void)stream; (void)label; *out = NULL; return NG_ERR_INTERNAL; }
NgStatus ng_document_from_bytes(const char *label, const char *bytes, size_t len, NgDocument **out) { (void)label; (void)bytes; (void)len; *out = NULL; return NG_ERR_INTERNAL; }
void ng_document_free(NgDocument *doc) { (void)doc; }
const char *ng_document_label(const NgDocument *doc) { (void)doc; return ""; }
const char *ng_document_original(const NgDocument *doc, size_t *len) { (void)doc; *len = 0; return ""; }
const char *ng_document_text(const NgDocument *doc, size_t *len) { (void)doc; *len = 0; return ""; }
size_t ng_document_original_offset(const NgDocument *doc, size_t o) { (void)doc; return o; }
size_t ng_document_n_sentences(const NgDocument *doc) { (void)doc; return 0; }
const NgSentence *ng_document_sentence(const NgDocument *doc, size_t i) { (void)doc; (void)i; return NULL; }
int ng_document_is_html(const NgDocument *doc) { (void)doc; return 0; }
