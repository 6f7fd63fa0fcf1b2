/* output/stub.c: STUB, to be replaced by the output module. */
#include "util.h"
NgStatus ng_graph_new(const char *b, NgGraph **out) { (void)b; *out = NULL; return NG_ERR_INTERNAL; }
void ng_graph_free(NgGraph *g) { (void)g; }
NgStatus ng_graph_add_article(NgGraph *g, const NgArticle *a) { (void)g; (void)a; return NG_ERR_INTERNAL; }
size_t ng_graph_size(const NgGraph *g) { (void)g; return 0; }
int ng_format_supported(const char *n) { (void)n; return 0; }
NgStatus ng_graph_write(NgGraph *g, const char *f, FILE *s) { (void)g; (void)f; (void)s; return NG_ERR_INTERNAL; }
