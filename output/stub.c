/* output/stub.c: STUB, to be replaced by the output module. */
#include "util.h"
NgStatus ng_graph_new(const char *b, NgGraph **out) { (void)b; *out = NULL; return NG_ERR_INTERNAL; }
void ng_graph_free(NgGraph *g) { (void)g; }
NgStatus ng_graph_add_article(NgGraph *g, const NgArticle *a) { (void)g; (void)a; return NG_ERR_INTERNAL; }
size_t ng_graph_size(const NgGraph *g) { (void)g; return 0; }
char *ng_article_iri(const char *b, const NgArticle *a) { (void)b; (void)a; return NULL; }
char *ng_article_graph_iri(const char *b, const NgArticle *a) { (void)b; (void)a; return NULL; }
int ng_format_supported(const char *n) { (void)n; return 0; }
NgStatus ng_graph_write(NgGraph *g, const char *f, FILE *s) { (void)g; (void)f; (void)s; return NG_ERR_INTERNAL; }
char *ng_mint_iri(const char *b, const char *k, const char *n) { (void)b; (void)k; (void)n; return NULL; }
NgStatus ng_store_open(const char *s, const char *b, NgStore **out) { (void)s; (void)b; *out = NULL; return NG_ERR_INTERNAL; }
void ng_store_close(NgStore *s) { (void)s; }
NgStatus ng_store_put_article(NgStore *s, const NgArticle *a) { (void)s; (void)a; return NG_ERR_INTERNAL; }
size_t ng_store_size(NgStore *s) { (void)s; return 0; }
