/*
 * rules.c: loading a rule set (main.phases, lists.def, *.rules), expanding
 * macros, and compiling every pattern once with pcre2 (JIT when available).
 * Every problem is reported as FILE:LINE: message and loading goes on, so
 * one `newsgraph rules --check` run lists all of them.
 */
#define _DEFAULT_SOURCE 1 /* readlink */
#include "rules.h"
#include "tokens.h"

#include "buf.h"
#include "prefilter.h"
#include "util.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MACRO_DEPTH 16

typedef struct Loader {
  NgRuleset *rs;
  NgStatus status;
  size_t cap_rules, cap_phases, cap_macros;
} Loader;

#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
static void fail(Loader *ld, NgStatus st, const char *file, unsigned line,
                 const char *rule, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ng_vlog(NG_LOG_ERROR, file, line, (size_t)-1, rule, fmt, ap);
  va_end(ap);
  if (!ld->status || ld->status == NG_FAILURE) {
    ld->status = st;
  }
}

static char *pool_file(NgRuleset *rs, const char *name) {
  for (size_t i = 0; i < rs->n_files; ++i) {
    if (!strcmp(rs->files[i], name)) {
      return rs->files[i];
    }
  }
  char **v = realloc(rs->files, (rs->n_files + 1) * sizeof(*v));
  if (!v) {
    return NULL;
  }
  rs->files = v;
  return (v[rs->n_files] = ng_strdup(name)) ? v[rs->n_files++] : NULL;
}

/* ---------------------------------------------------------------- emits */

static void free_emits(NgEmit *emits, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < emits[i].n_args; ++j) {
      free(emits[i].args[j].key);
      free(emits[i].args[j].group);
      free(emits[i].args[j].literal);
    }
    free(emits[i].args);
    free(emits[i].verb);
  }
  free(emits);
}

static const char *skip_space(const char *s) {
  while (*s == ' ' || *s == '\t') {
    ++s;
  }
  return s;
}

/* Parses one token of an action: key=group, key="literal" or group. */
static const char *parse_arg(const char *s, NgEmitArg *arg) {
  memset(arg, 0, sizeof(*arg));
  const char *start = s;
  while (*s && (isalnum((unsigned char)*s) || *s == '_')) {
    ++s;
  }
  if (s == start) {
    return NULL;
  }
  if (*s != '=') {
    arg->group = ng_strndup(start, (size_t)(s - start));
    return s;
  }
  arg->key = ng_strndup(start, (size_t)(s - start));
  ++s;
  if (*s == '"') {
    const char *end = strchr(s + 1, '"');
    if (!end) {
      return NULL;
    }
    arg->literal = ng_strndup(s + 1, (size_t)(end - s - 1));
    return end + 1;
  }
  start = s;
  while (*s && (isalnum((unsigned char)*s) || *s == '_')) {
    ++s;
  }
  if (s == start) {
    return NULL;
  }
  arg->group = ng_strndup(start, (size_t)(s - start));
  return s;
}

/* Parses "VERB arg arg ; VERB arg ..." into rule->emits. */
static const char *parse_emits(NgRule *rule, const char *text) {
  const char *s = skip_space(text);
  while (*s) {
    NgEmit *v = realloc(rule->emits, (rule->n_emits + 1) * sizeof(*v));
    if (!v) {
      return "out of memory";
    }
    rule->emits = v;
    NgEmit *e = &v[rule->n_emits++];
    memset(e, 0, sizeof(*e));
    const char *start = s;
    while (*s && (isalnum((unsigned char)*s) || *s == '_')) {
      ++s;
    }
    if (s == start) {
      return "expected a verb";
    }
    e->verb = ng_strndup(start, (size_t)(s - start));
    e->mention_type = ng_mention_type_of(e->verb);
    s = skip_space(s);
    while (*s && *s != ';') {
      NgEmitArg *a = realloc(e->args, (e->n_args + 1) * sizeof(*a));
      if (!a) {
        return "out of memory";
      }
      e->args = a;
      const char *next = parse_arg(s, &a[e->n_args]);
      ++e->n_args;
      if (!next) {
        return "malformed argument (expected key=group, key=\"text\" or group)";
      }
      s = skip_space(next);
    }
    const char *why = ng_schema_check(e);
    if (why) {
      return why;
    }
    if (*s == ';') {
      s = skip_space(s + 1);
    }
  }
  return rule->n_emits ? NULL : "empty emit";
}

/* --------------------------------------------------------------- macros */

static const NgMacro *find_macro(const NgRuleset *rs, const char *name,
                                 size_t len) {
  for (size_t i = 0; i < rs->n_macros; ++i) {
    if (strlen(rs->macros[i].name) == len &&
        !strncmp(rs->macros[i].name, name, len)) {
      return &rs->macros[i];
    }
  }
  return NULL;
}

/* A call of the word of a word-list entry (rules.h). */
#define WORD "(?&" NG_WORD_GROUP ")"

static NgStatus expand(Loader *ld, NgRule *rule, const char *src, NgBuf *out,
                       int depth, int mentions_ok) {
  NgRuleset *rs = ld->rs;
  if (depth > MAX_MACRO_DEPTH) {
    fail(ld, NG_ERR_SYNTAX, rule->file, rule->line, rule->id,
         "macros nest too deeply (a macro that uses itself?)");
    return NG_ERR_SYNTAX;
  }
  NgStatus st;
  for (const char *s = src; *s;) {
    if (s[0] == '\\' && s[1]) {
      TRY(st, ng_buf_append(out, s, 2));
      s += 2;
      continue;
    }
    if (s[0] != '$' || !isupper((unsigned char)s[1])) {
      /* the text up to the next escape or reference in one append: the
       * rules expand to megabytes, and a call per byte was a fifth of
       * loading them */
      size_t run = 1 + strcspn(s + 1, "\\$");
      TRY(st, ng_buf_append(out, s, run));
      s += run;
      continue;
    }
    const char *name = s + 1;
    size_t len = 0;
    while (isupper((unsigned char)name[len]) || isdigit((unsigned char)name[len]) ||
           name[len] == '_') {
      ++len;
    }
    s = name + len;
    char key[128];
    snprintf(key, sizeof(key), "%.*s", (int)(len < 120 ? len : 120), name);
    const NgMacro *m = find_macro(rs, name, len);
    if (m) {
      ng_buf_puts(out, "(?:");
      TRY(st, expand(ld, rule, m->body, out, depth + 1, mentions_ok));
      ng_buf_putc(out, ')');
      continue;
    }
    int t = ng_mention_type_of(key);
    if (t >= 0 || !strcmp(key, "AGENT")) {
      if (!mentions_ok) {
        fail(ld, NG_ERR_SYNTAX, rule->file, rule->line, rule->id,
             "$%s stands for a mention and is only available in phases "
             "that see mentions",
             key);
        return NG_ERR_SYNTAX;
      }
      if (t >= 0) {
        ng_buf_printf(out, "\\x{%X}", NG_PLACEHOLDER_BASE + (unsigned)t);
      } else {
        ng_buf_printf(out, "[\\x{%X}\\x{%X}]",
                      NG_PLACEHOLDER_BASE + NG_M_PERSON,
                      NG_PLACEHOLDER_BASE + NG_M_ORG);
      }
      continue;
    }
    int cls = ng_gazetteer_class(rs->gaz, key, 0);
    uint64_t mask = cls >= 0 ? (uint64_t)1 << cls : 0;
    int words = cls >= 0 ? ng_gazetteer_max_words(rs->gaz, cls) : 0;
    if (mask || ng_gazetteer_union(rs->gaz, key, &mask, &words)) {
      if (rule->n_callouts >= 255) {
        fail(ld, NG_ERR_SYNTAX, rule->file, rule->line, rule->id,
             "too many word-list references in one rule");
        return NG_ERR_SYNTAX;
      }
      int n = ++rule->n_callouts;
      rule->callout_mask[n] = mask;
      ng_buf_puts(out, "(?<![\\p{L}\\p{N}])");
      if (rule->start_callouts && n <= NG_START_CALLOUTS) {
        /* a start callout next (after the word start, which costs less to
         * test): no entry of the classes starts here, no need to match the
         * words and try each length (engine.c); the words then need no
         * capture group, the engine knows where they start (each group
         * would cost every callout of the pattern) */
        ng_buf_printf(out, "(?C%d)", NG_START_CALLOUTS + n);
      }
      ng_buf_printf(out,
                    "(%s" WORD "(?:\\s" WORD "){0,%d})(?C%d)"
                    "(?![\\p{L}\\p{N}])",
                    rule->start_callouts ? "?:" : "", words > 1 ? words - 1 : 0,
                    n);
      continue;
    }
    fail(ld, NG_ERR_SYNTAX, rule->file, rule->line, rule->id,
         "undefined macro or word list $%s", key);
    return NG_ERR_SYNTAX;
  }
  return NG_SUCCESS;
}

/* ---------------------------------------------------------------- rules */

static void free_rule(NgRule *r) {
  free(r->id);
  free(r->source);
  free(r->tokens);
  free(r->expanded);
  free(r->example);
  pcre2_code_free(r->code);
  pcre2_code_free(r->anchored);
  ng_prefilter_free(r->pre);
  free(r->requires);
  free_emits(r->emits, r->n_emits);
}

void ng_rule_jit(NgRule *r) {
  /* NEWSGRAPH_NO_JIT: valgrind cannot follow JIT-generated code */
  const char *no_jit = getenv("NEWSGRAPH_NO_JIT");
  if (r->code && !(no_jit && *no_jit)) {
    r->jit_code = 1;
  }
}

/* Held while a rule is compiled: compiling changes the pcre2_code that
 * the other threads may be about to match with. */
static pthread_mutex_t jit_lock = PTHREAD_MUTEX_INITIALIZER;

void ng_rule_ready(const NgRule *rule) {
  if (atomic_load_explicit(&rule->jit_done, memory_order_acquire)) {
    return;
  }
  /* the rule set is shared read-only by the threads but for this state,
   * which only the holder of jit_lock changes */
  NgRule *r = (NgRule *)rule;
  pthread_mutex_lock(&jit_lock);
  if (!atomic_load_explicit(&r->jit_done, memory_order_relaxed)) {
    if (r->jit_code) {
      int jit = pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
      if (jit && jit != PCRE2_ERROR_JIT_BADOPTION) {
        ng_log(NG_LOG_WARNING, r->file, r->line, (size_t)-1, r->id,
               "jit compilation failed (%d), matching without jit", jit);
      }
    }
    if (r->jit_anchored && r->anchored) {
      pcre2_jit_compile(r->anchored, PCRE2_JIT_COMPLETE);
    }
    atomic_store_explicit(&r->jit_done, 1, memory_order_release);
  }
  pthread_mutex_unlock(&jit_lock);
}

static NgStatus compile_rule(Loader *ld, NgRule *r) {
  NgRuleset *rs = ld->rs;
  if (r->tokens && !r->source) {
    NgBuf pat = NG_BUF_INIT;
    size_t at = 0;
    const char *why = ng_tokens_compile(r->tokens, &pat, &at);
    if (why) {
      ng_buf_release(&pat);
      fail(ld, NG_ERR_SYNTAX, r->file, r->line, r->id,
           "bad token pattern: %s at offset %zu", why, at);
      return NG_ERR_SYNTAX;
    }
    r->source = ng_buf_detach(&pat);
  } else if (r->tokens) {
    fail(ld, NG_ERR_SYNTAX, r->file, r->line, r->id,
         "a rule has either a pattern or tokens, not both");
    return NG_ERR_SYNTAX;
  }
  if (!r->source) {
    fail(ld, NG_ERR_SYNTAX, r->file, r->line, r->id,
         "rule has no pattern (or tokens)");
    return NG_ERR_SYNTAX;
  }
  int mentions_ok = rs->phases[r->phase].input == NG_PHASE_MENTIONS;
  int code = 0;
  PCRE2_SIZE offset = 0;
  /* first with a start callout before each word-list reference (engine.c),
   * which only saves work; without them when there are too many for the
   * callout numbers (at most 255) or they make the pattern too large */
  /* NEWSGRAPH_NO_SHORTCUTS: none, so tests can compare the outputs */
  const char *plain = getenv("NEWSGRAPH_NO_SHORTCUTS");
  for (int with_start = plain && *plain ? 0 : 1; with_start >= 0;
       --with_start) {
    NgBuf buf = NG_BUF_INIT;
    r->start_callouts = with_start;
    r->n_callouts = 0;
    NgStatus st = expand(ld, r, r->source, &buf, 0, mentions_ok);
    if (st) {
      ng_buf_release(&buf);
      return st;
    }
    if (with_start && r->n_callouts > NG_START_CALLOUTS) {
      ng_buf_release(&buf);
      continue;
    }
    if (r->n_callouts) {
      ng_buf_puts(&buf, "(?(DEFINE)(?<" NG_WORD_GROUP ">" NG_WORD_PATTERN "))");
    }
    free(r->expanded);
    r->expanded = ng_buf_detach(&buf);
    /* compiled anchored: nearly every rule runs only that copy (the
     * prefilter's candidate positions); ng_prefilter_prepare compiles the
     * plain code for the rest (same groups, names and size) */
    r->anchored = pcre2_compile((PCRE2_SPTR)r->expanded, PCRE2_ZERO_TERMINATED,
                                PCRE2_UTF | PCRE2_UCP | PCRE2_DUPNAMES |
                                    PCRE2_ANCHORED,
                                &code, &offset, NULL);
    if (r->anchored || !with_start || code != PCRE2_ERROR_PATTERN_TOO_LARGE) {
      break;
    }
  }
  if (!r->anchored) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(code, msg, sizeof(msg));
    char text[400];
    snprintf(text, sizeof(text), "cannot compile pattern: %s at offset %zu%s",
             (const char *)msg, (size_t)offset,
             strcmp(r->source, r->expanded) ? " of the macro-expanded pattern"
                                            : "");
    fail(ld, NG_ERR_SYNTAX, r->file, r->line, r->id, "%s", text);
    return NG_ERR_SYNTAX;
  }
  /* compiled to machine code by ng_rule_jit, once the prefilter knows
   * whether the anchored code or the plain one will run */
  uint32_t groups = 0;
  pcre2_pattern_info(r->anchored, PCRE2_INFO_CAPTURECOUNT, &groups);
  if (groups + 1 > rs->max_groups) {
    rs->max_groups = groups + 1;
  }
  for (size_t i = 0; i < r->n_emits; ++i) {
    r->emits[i].initials_group = -1;
    for (size_t j = 0; j < r->emits[i].n_args; ++j) {
      NgEmitArg *a = &r->emits[i].args[j];
      if (!a->group) {
        continue;
      }
      PCRE2_SPTR first, last;
      uint32_t entry = 0;
      pcre2_pattern_info(r->anchored, PCRE2_INFO_NAMEENTRYSIZE, &entry);
      int n = pcre2_substring_nametable_scan(r->anchored, (PCRE2_SPTR)a->group,
                                             &first, &last);
      a->group_no = n;
      a->n_alt = 0;
      if (n >= 0 && first && last) {
        /* a name given to several alternatives: remember each group */
        a->group_no = (first[0] << 8) | first[1];
        for (PCRE2_SPTR e = first + entry; e <= last && a->n_alt < 4;
             e += entry) {
          a->alt_nos[a->n_alt++] = (e[0] << 8) | e[1];
        }
      }
      if (a->group_no < 0) {
        fail(ld, NG_ERR_SYNTAX, r->file, r->line, r->id,
             "emit names group '%s', which the pattern does not define",
             a->group);
        return NG_ERR_SYNTAX;
      }
      if (a->key && !strcmp(a->key, "initials")) {
        r->emits[i].initials_group = a->group_no;
      }
    }
  }
  return NG_SUCCESS;
}

static NgRule *new_rule(Loader *ld, const char *id, const char *file,
                        unsigned line, size_t phase) {
  NgRuleset *rs = ld->rs;
  if (ng_grow((void **)&rs->rules, &ld->cap_rules, rs->n_rules + 1,
              sizeof(NgRule))) {
    return NULL;
  }
  NgRule *r = &rs->rules[rs->n_rules];
  memset(r, 0, sizeof(*r));
  r->id = ng_strdup(id);
  r->file = pool_file(rs, file);
  r->line = line;
  r->phase = phase;
  r->order = rs->n_rules++;
  return r;
}

/* Appends text to *slot (continuation lines join without a separator). */
static void append_value(char **slot, const char *text) {
  NgBuf b = NG_BUF_INIT;
  if (*slot) {
    ng_buf_puts(&b, *slot);
    free(*slot);
  }
  ng_buf_puts(&b, text);
  *slot = ng_buf_detach(&b);
}

static void add_macro(Loader *ld, const char *file, unsigned line,
                      const char *text, int tokens) {
  NgRuleset *rs = ld->rs;
  const char *s = skip_space(text);
  const char *name = s;
  while (isupper((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_') {
    ++s;
  }
  size_t len = (size_t)(s - name);
  s = skip_space(s);
  if (!len || *s != '=') {
    fail(ld, NG_ERR_SYNTAX, file, line, NULL,
         "expected \"define%s NAME = %s\" (NAME in capitals)",
         tokens ? "-tokens" : "", tokens ? "tokens" : "pattern");
    return;
  }
  if (find_macro(rs, name, len)) {
    fail(ld, NG_ERR_SYNTAX, file, line, NULL, "macro defined twice");
    return;
  }
  if (ng_grow((void **)&rs->macros, &ld->cap_macros, rs->n_macros + 1,
              sizeof(NgMacro))) {
    ld->status = NG_ERR_NOMEM;
    return;
  }
  const char *body = skip_space(s + 1);
  NgBuf pat = NG_BUF_INIT;
  if (tokens) {
    size_t at = 0;
    const char *why = ng_tokens_compile(body, &pat, &at);
    if (why) {
      ng_buf_release(&pat);
      fail(ld, NG_ERR_SYNTAX, file, line, NULL,
           "bad token pattern: %s at offset %zu", why, at);
      return;
    }
    body = pat.data;
  }
  NgMacro *m = &rs->macros[rs->n_macros++];
  m->name = ng_strndup(name, len);
  m->body = ng_strdup(body);
  ng_buf_release(&pat);
}

/* "requires TITLE ORG_HEAD|COUNTRY PERSON": every item must be present in
 * the sentence; an item lists word-list classes, unions or mention types
 * of which any one will do. */
static void parse_requires(Loader *ld, NgRule *r, const char *file,
                           unsigned line, const char *value) {
  char *copy = ng_strdup(value), *save = NULL;
  for (char *item = copy ? strtok_r(copy, " \t", &save) : NULL; item;
       item = strtok_r(NULL, " \t", &save)) {
    struct NgRequirement req = {0, 0};
    char *save2 = NULL;
    for (char *name = strtok_r(item, "|", &save2); name;
         name = strtok_r(NULL, "|", &save2)) {
      int cls = ng_gazetteer_class(ld->rs->gaz, name, 0);
      int type = ng_mention_type_of(name);
      uint64_t mask = 0;
      int words;
      if (cls >= 0) {
        req.classes |= (uint64_t)1 << cls;
      } else if (type >= 0) {
        req.mentions |= 1u << type;
      } else if (ng_gazetteer_union(ld->rs->gaz, name, &mask, &words)) {
        req.classes |= mask;
      } else {
        fail(ld, NG_ERR_SYNTAX, file, line, r->id,
             "requires '%s', which is no word list, union or mention type",
             name);
      }
    }
    struct NgRequirement *v =
        realloc(r->requires, (r->n_requires + 1) * sizeof(*v));
    if (!v) {
      ld->status = NG_ERR_NOMEM;
      break;
    }
    r->requires = v;
    v[r->n_requires++] = req;
  }
  free(copy);
}

typedef enum {
  KEY_NONE,
  KEY_PATTERN,
  KEY_TOKENS,
  KEY_EMIT,
  KEY_EXAMPLE
} LastKey;

static void parse_rule_line(Loader *ld, NgRule *r, const char *file,
                            unsigned line, const char *s, LastKey *last,
                            NgBuf *emit_text) {
  if (*s == '+') {
    const char *more = s[1] == ' ' ? s + 2 : s + 1;
    if (*last == KEY_PATTERN) {
      append_value(&r->source, more);
    } else if (*last == KEY_TOKENS) {
      append_value(&r->tokens, " "); /* spaces separate tokens anyway */
      append_value(&r->tokens, more);
    } else if (*last == KEY_EMIT) {
      ng_buf_putc(emit_text, ' ');
      ng_buf_puts(emit_text, more);
    } else if (*last == KEY_EXAMPLE) {
      append_value(&r->example, more);
    } else {
      fail(ld, NG_ERR_SYNTAX, file, line, r->id,
           "continuation line without a pattern, emit or example");
    }
    return;
  }
  const char *key = s;
  while (*s && *s != ' ' && *s != '\t') {
    ++s;
  }
  size_t klen = (size_t)(s - key);
  const char *value = skip_space(s);
  if (klen == 7 && !strncmp(key, "pattern", 7)) {
    if (r->source) {
      fail(ld, NG_ERR_SYNTAX, file, line, r->id, "second pattern in a rule");
    }
    free(r->source);
    r->source = ng_strdup(value);
    *last = KEY_PATTERN;
  } else if (klen == 6 && !strncmp(key, "tokens", 6)) {
    if (r->tokens) {
      fail(ld, NG_ERR_SYNTAX, file, line, r->id, "second tokens in a rule");
    }
    free(r->tokens);
    r->tokens = ng_strdup(value);
    *last = KEY_TOKENS;
  } else if (klen == 4 && !strncmp(key, "emit", 4)) {
    if (emit_text->len) {
      ng_buf_puts(emit_text, " ; ");
    }
    ng_buf_puts(emit_text, value);
    *last = KEY_EMIT;
  } else if (klen == 8 && !strncmp(key, "priority", 8)) {
    char *end;
    long p = strtol(value, &end, 10);
    if (end == value || *skip_space(end)) {
      fail(ld, NG_ERR_SYNTAX, file, line, r->id,
           "priority must be an integer");
    }
    r->priority = (int)p;
    *last = KEY_NONE;
  } else if (klen == 8 && !strncmp(key, "requires", 8)) {
    parse_requires(ld, r, file, line, value);
    *last = KEY_NONE;
  } else if (klen == 7 && !strncmp(key, "example", 7)) {
    free(r->example);
    r->example = ng_strdup(value);
    *last = KEY_EXAMPLE;
  } else {
    char k[64];
    snprintf(k, sizeof(k), "%.*s", (int)(klen < 60 ? klen : 60), key);
    fail(ld, NG_ERR_SYNTAX, file, line, r->id,
         "unknown key '%s' (expected pattern, tokens, emit, priority, "
         "requires or example)", k);
  }
}

static void finish_rule(Loader *ld, NgRule *r, NgBuf *emit_text) {
  if (!r) {
    return;
  }
  if (!emit_text->len) {
    fail(ld, NG_ERR_SYNTAX, r->file, r->line, r->id, "rule has no emit");
  } else {
    const char *why = parse_emits(r, emit_text->data);
    if (why) {
      fail(ld, NG_ERR_SYNTAX, r->file, r->line, r->id, "bad emit: %s", why);
    }
  }
  ng_buf_reset(emit_text);
}

static int valid_id(const char *s) {
  if (!*s) {
    return 0;
  }
  for (; *s; ++s) {
    if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.') {
      return 0;
    }
  }
  return 1;
}

static void chomp(char *line) {
  size_t n = strlen(line);
  while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
               line[n - 1] == ' ' || line[n - 1] == '\t')) {
    line[--n] = '\0';
  }
}

static void load_rule_file(Loader *ld, const char *dir, size_t phase) {
  NgRuleset *rs = ld->rs;
  NgBuf path = NG_BUF_INIT;
  ng_buf_printf(&path, "%s/%s", dir, rs->phases[phase].file);
  const char *why = NULL;
  FILE *f = ng_fopen_regular(path.data, &why);
  if (!f) {
    fail(ld, NG_ERR_IO, path.data, 0, NULL, "cannot open rule file: %s", why);
    ng_buf_release(&path);
    return;
  }
  const char *file = pool_file(rs, path.data);
  rs->phases[phase].first_rule = rs->n_rules;
  char line[8192];
  unsigned lineno = 0;
  size_t current = (size_t)-1;
  LastKey last = KEY_NONE;
  NgBuf emit_text = NG_BUF_INIT;
  while (fgets(line, sizeof(line), f)) {
    ++lineno;
    chomp(line);
    const char *s = skip_space(line);
    if (!*s || *s == '#') {
      continue;
    }
    int indented = s != line;
    NgRule *cur = current == (size_t)-1 ? NULL : &rs->rules[current];
    if (indented && cur) {
      parse_rule_line(ld, cur, file, lineno, s, &last, &emit_text);
      continue;
    }
    finish_rule(ld, cur, &emit_text);
    current = (size_t)-1;
    if (indented) {
      fail(ld, NG_ERR_SYNTAX, file, lineno, NULL,
           "indented line outside a rule");
    } else if (!strncmp(s, "define ", 7)) {
      add_macro(ld, file, lineno, s + 7, 0);
    } else if (!strncmp(s, "define-tokens ", 14)) {
      add_macro(ld, file, lineno, s + 14, 1);
    } else if (!strncmp(s, "rule ", 5)) {
      const char *id = skip_space(s + 5);
      if (!valid_id(id)) {
        fail(ld, NG_ERR_SYNTAX, file, lineno, NULL,
             "rule id '%s' must be letters, digits, '-', '_' or '.'", id);
      }
      for (size_t i = 0; i < rs->n_rules; ++i) {
        if (!strcmp(rs->rules[i].id, id)) {
          fail(ld, NG_ERR_SYNTAX, file, lineno, NULL,
               "rule id '%s' is used twice", id);
        }
      }
      NgRule *r = new_rule(ld, id, file, lineno, phase);
      if (!r) {
        ld->status = NG_ERR_NOMEM;
        break;
      }
      current = r->order;
      last = KEY_NONE;
    } else {
      fail(ld, NG_ERR_SYNTAX, file, lineno, NULL,
           "expected 'rule ID', 'define NAME = pattern' or "
           "'define-tokens NAME = tokens', got '%s'", s);
    }
  }
  if (current != (size_t)-1) {
    finish_rule(ld, &rs->rules[current], &emit_text);
  }
  ng_buf_release(&emit_text);
  rs->phases[phase].n_rules = rs->n_rules - rs->phases[phase].first_rule;
  fclose(f);
  ng_buf_release(&path);
}

/* --------------------------------------------------------------- phases */

static const char *const builtin_steps[] = {"propagate", NULL};

static void load_phases(Loader *ld, const char *dir) {
  NgRuleset *rs = ld->rs;
  NgBuf path = NG_BUF_INIT;
  ng_buf_printf(&path, "%s/main.phases", dir);
  const char *why = NULL;
  FILE *f = ng_fopen_regular(path.data, &why);
  if (!f) {
    fail(ld, NG_ERR_IO, path.data, 0, NULL, "cannot open: %s", why);
    ng_buf_release(&path);
    return;
  }
  char line[1024];
  unsigned lineno = 0;
  while (fgets(line, sizeof(line), f)) {
    ++lineno;
    char *hash = strchr(line, '#');
    if (hash) {
      *hash = '\0';
    }
    char kw[32], name[128], file[512], input[32];
    int n = sscanf(line, "%31s %127s %511s %31s", kw, name, file, input);
    if (n <= 0) {
      continue;
    }
    NgPhase ph;
    memset(&ph, 0, sizeof(ph));
    if (!strcmp(kw, "builtin") && n == 2) {
      int known = 0;
      for (size_t i = 0; builtin_steps[i]; ++i) {
        known |= !strcmp(builtin_steps[i], name);
      }
      if (!known) {
        fail(ld, NG_ERR_SYNTAX, path.data, lineno, NULL,
             "unknown builtin step '%s' (known: propagate)", name);
        continue;
      }
      ph.input = NG_PHASE_BUILTIN;
    } else if (!strcmp(kw, "phase") && n == 4 &&
               (!strcmp(input, "text") || !strcmp(input, "mentions"))) {
      ph.input = strcmp(input, "text") ? NG_PHASE_MENTIONS : NG_PHASE_TEXT;
      ph.file = ng_strdup(file);
    } else {
      fail(ld, NG_ERR_SYNTAX, path.data, lineno, NULL,
           "expected \"phase NAME FILE text|mentions\" or \"builtin NAME\"");
      continue;
    }
    ph.name = ng_strdup(name);
    if (ng_grow((void **)&rs->phases, &ld->cap_phases, rs->n_phases + 1,
                sizeof(NgPhase))) {
      ld->status = NG_ERR_NOMEM;
      break;
    }
    rs->phases[rs->n_phases++] = ph;
  }
  if (!rs->n_phases && !ld->status) {
    fail(ld, NG_ERR_SYNTAX, path.data, 0, NULL, "no phases declared");
  }
  fclose(f);
  ng_buf_release(&path);
}

/* ---------------------------------------------------------------- API */

NgStatus ng_ruleset_load(const char *dir, NgRuleset **out) {
  *out = NULL;
  if (!dir) {
    return NG_ERR_BAD_ARG;
  }
  NgRuleset *rs = calloc(1, sizeof(*rs));
  if (!rs || !(rs->dir = ng_strdup(dir)) || ng_gazetteer_new(&rs->gaz)) {
    ng_ruleset_free(rs);
    return NG_ERR_NOMEM;
  }
  Loader ld = {rs, NG_SUCCESS, 0, 0, 0};
  NgStatus st = ng_gazetteer_load_index(rs->gaz, dir, "lists.def");
  if (st) {
    ld.status = st;
  }
  load_phases(&ld, dir);
  for (size_t p = 0; p < rs->n_phases; ++p) {
    if (rs->phases[p].input != NG_PHASE_BUILTIN) {
      load_rule_file(&ld, dir, p);
    } else {
      rs->phases[p].first_rule = rs->n_rules;
    }
  }
  for (size_t i = 0; i < rs->n_rules; ++i) {
    compile_rule(&ld, &rs->rules[i]);
  }
  if (!ld.status) {
    ld.status = ng_prefilter_prepare(rs);
  }
  if (ld.status) {
    ng_ruleset_free(rs);
    return ld.status;
  }
  *out = rs;
  return NG_SUCCESS;
}

void ng_ruleset_free(NgRuleset *rs) {
  if (!rs) {
    return;
  }
  for (size_t i = 0; i < rs->n_rules; ++i) {
    free_rule(&rs->rules[i]);
  }
  for (size_t i = 0; i < rs->n_phases; ++i) {
    free(rs->phases[i].name);
    free(rs->phases[i].file);
  }
  for (size_t i = 0; i < rs->n_macros; ++i) {
    free(rs->macros[i].name);
    free(rs->macros[i].body);
  }
  for (size_t i = 0; i < rs->n_files; ++i) {
    free(rs->files[i]);
  }
  free(rs->files);
  free(rs->rules);
  free(rs->phases);
  free(rs->macros);
  ng_gazetteer_free(rs->gaz);
  ng_atoms_free(rs->atoms);
  free(rs->dir);
  free(rs);
}

size_t ng_ruleset_n_rules(const NgRuleset *rs) {
  return rs ? rs->n_rules : 0;
}

size_t ng_ruleset_n_phases(const NgRuleset *rs) {
  return rs ? rs->n_phases : 0;
}

const char *ng_ruleset_rule_pattern(const NgRuleset *rs, const char *id,
                                    const char **tokens) {
  for (size_t i = 0; rs && id && i < rs->n_rules; ++i) {
    if (!strcmp(rs->rules[i].id, id)) {
      if (tokens) {
        *tokens = rs->rules[i].tokens;
      }
      return rs->rules[i].expanded;
    }
  }
  return NULL;
}

int ng_ruleset_class(const NgRuleset *rs, const char *name) {
  return ng_gazetteer_class(rs->gaz, name, 0);
}

static int is_dir(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The uninstalled program lives in the build tree (or its .libs); only
 * then do the source tree's rules take precedence over installed ones. */
static int running_uninstalled(void) {
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n <= 0) {
    return 0;
  }
  exe[n] = '\0';
  size_t len = strlen(NG_ABS_BUILDDIR);
  return !strncmp(exe, NG_ABS_BUILDDIR, len) && exe[len] == '/';
}

const char *ng_default_rules_dir(void) {
  const char *env = getenv("NEWSGRAPH_RULES");
  if (env && *env) {
    return env;
  }
  if (running_uninstalled() && is_dir(NG_ABS_SRCDIR "/extractor/rules")) {
    return NG_ABS_SRCDIR "/extractor/rules";
  }
  return NG_PKGDATADIR "/rules";
}
