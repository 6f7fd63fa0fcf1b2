/* extractor/stub.c: STUB, to be replaced by the rule engine. */
#include "util.h"
NgStatus ng_ruleset_load(const char *dir, NgRuleset **out) { (void)dir; *out = NULL; return NG_ERR_INTERNAL; }
void ng_ruleset_free(NgRuleset *r) { (void)r; }
size_t ng_ruleset_n_rules(const NgRuleset *r) { (void)r; return 0; }
size_t ng_ruleset_n_phases(const NgRuleset *r) { (void)r; return 0; }
const char *ng_default_rules_dir(void) { return NG_ABS_SRCDIR "/extractor/rules"; }
NgStatus ng_extractor_new(const NgRuleset *r, NgExtractor **out) { (void)r; *out = NULL; return NG_ERR_INTERNAL; }
void ng_extractor_free(NgExtractor *ex) { (void)ex; }
NgStatus ng_extractor_run(NgExtractor *ex, const NgDocument *d, NgArticle **out) { (void)ex; (void)d; *out = NULL; return NG_ERR_INTERNAL; }
void ng_extractor_set_explain(NgExtractor *ex, NgExplainFunc f, void *h) { (void)ex; (void)f; (void)h; }
