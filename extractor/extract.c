/*
 * extract.c: from the engine's mentions and actions to an NgArticle.
 *
 * This is where the rules' output gets its meaning: mentions become
 * entities (one per real-world thing: names, acronyms and short forms
 * merged), relation actions become facts, and the arguments that name no
 * mention ("it", "the two sides", "the conference") are resolved against
 * what the article said before.  Every fact keeps the rule and sentence it
 * came from.
 */
#include "dates.h"
#include "engine.h"

#include "buf.h"
#include "util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE ((size_t)-1)

struct NgExtractor {
  const NgRuleset *rules;
  NgEngine *engine;
  NgExplainFunc explain;
  void *explain_handle;
  int cls_honorific;
  int cls_org_head;
  int cls_coop_verb;
  int cls_event_head;
};

/* A distinct name of one type; slots that name the same thing are joined
 * (union-find) and become one entity. */
typedef struct Slot {
  int type;
  char *name;
  char *key;
  size_t parent;
  size_t count;
  size_t first_begin;
  size_t first_mention;
  int preferred; /* named as the full form by an alias rule */
  size_t entity;
} Slot;

typedef struct Ctx {
  NgExtractor *ex;
  const NgDocument *doc;
  const char *text;
  const NgRun *run;
  NgArticle *art;
  Slot *slots;
  size_t n_slots, cap_slots;
  size_t *mention_slot; /* mention -> slot or NONE */
  size_t *entity_count; /* entity -> number of mentions */
  size_t *order;        /* mentions in text order */
  size_t n_order;
  int ref_year; /* the article's year, else 0 */
  size_t last_collab;
  struct PendingParent {
    size_t unit, parent, mention;
  } *parents; /* "X of Y" splits, related once entities exist */
  size_t n_parents, cap_parents;
} Ctx;

/* ------------------------------------------------------------ lifecycle */

NgStatus ng_extractor_new(const NgRuleset *rules, NgExtractor **out) {
  *out = NULL;
  if (!rules) {
    return NG_ERR_BAD_ARG;
  }
  NgExtractor *ex = calloc(1, sizeof(*ex));
  if (!ex) {
    return NG_ERR_NOMEM;
  }
  ex->rules = rules;
  ex->cls_honorific = ng_ruleset_class(rules, "HONORIFIC");
  ex->cls_org_head = ng_ruleset_class(rules, "ORG_HEAD");
  ex->cls_coop_verb = ng_ruleset_class(rules, "COOP_VERB");
  ex->cls_event_head = ng_ruleset_class(rules, "EVENT_HEAD");
  NgStatus st = ng_engine_new(rules, &ex->engine);
  if (st) {
    free(ex);
    return st;
  }
  *out = ex;
  return NG_SUCCESS;
}

void ng_extractor_free(NgExtractor *ex) {
  if (ex) {
    ng_engine_free(ex->engine);
    free(ex);
  }
}

void ng_extractor_set_explain(NgExtractor *ex, NgExplainFunc func,
                              void *handle) {
  ex->explain = func;
  ex->explain_handle = handle;
}

/* ------------------------------------------------------------- strings */

static int is_ws(char c) {
  return c == ' ' || c == '\n' || c == '\t';
}

/* Copy of text[b..e) with surrounding spaces and punctuation trimmed and a
 * leading article ("the", "a", "an", "this") dropped when drop_article. */
static char *clean_span(const char *text, size_t b, size_t e,
                        int drop_article) {
  while (b < e && (is_ws(text[b]) || strchr(",;:\"'([", text[b]))) {
    ++b;
  }
  while (e > b && (is_ws(text[e - 1]) || strchr(",;:\"')]", text[e - 1]) ||
                   (text[e - 1] == '.' && (e - b < 4 || text[e - 3] != ' ')))) {
    --e;
  }
  if (drop_article) {
    static const char *const articles[] = {"the ", "a ", "an ", "this ",
                                           "its ", "their "};
    for (size_t i = 0; i < NG_ARRAY_LEN(articles); ++i) {
      size_t n = strlen(articles[i]);
      if (e - b > n && !strncmp(text + b, articles[i], n)) {
        b += n;
        break;
      }
    }
  }
  return ng_strndup(text + b, e - b);
}

static int has_vowel(const char *s, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (strchr("AEIOUY", s[i])) {
      return 1;
    }
  }
  return 0;
}

/* "FENG Haicang" -> "Feng Haicang"; initials such as "GV" stay. */
static void fix_capitals(char *name) {
  for (char *w = name; *w;) {
    while (*w == ' ') {
      ++w;
    }
    char *end = w;
    int caps = 1, letters = 0;
    while (*end && *end != ' ') {
      if (islower((unsigned char)*end)) {
        caps = 0;
      }
      letters += isalpha((unsigned char)*end) != 0;
      ++end;
    }
    if (caps && letters >= 2 && has_vowel(w, (size_t)(end - w))) {
      for (char *c = w + 1; c < end; ++c) {
        if (c[-1] != '-') {
          *c = (char)tolower((unsigned char)*c);
        }
      }
    }
    w = end;
  }
}

/* The key under which names are merged: the words of ng_name_key with
 * common abbreviations spelt out ("Univ." = "University", "Centre" =
 * "Center"), joined without separators ("Health Care" = "Healthcare"). */
static char *merge_key(const char *name) {
  static const char *const abbrev[][2] = {
      {"univ", "university"}, {"intl", "international"},
      {"dept", "department"}, {"inst", "institute"},
      {"natl", "national"},   {"ctr", "center"},
      {"centre", "center"},   {"and", ""},
      /* a company is the same with or without its legal form */
      {"ltd", ""},            {"limited", ""},
      {"inc", ""},            {"corp", ""},
      {"llc", ""},            {"plc", ""},
      {"gmbh", ""}};
  char *key = ng_name_key(name);
  if (!key) {
    return NULL;
  }
  NgBuf b = NG_BUF_INIT;
  for (char *w = key; *w;) {
    size_t n = strcspn(w, "-");
    size_t i;
    for (i = 0; i < NG_ARRAY_LEN(abbrev); ++i) {
      if (strlen(abbrev[i][0]) == n && !strncmp(w, abbrev[i][0], n)) {
        ng_buf_puts(&b, abbrev[i][1]);
        break;
      }
    }
    if (i == NG_ARRAY_LEN(abbrev)) {
      ng_buf_append(&b, w, n);
    }
    w += n + (w[n] == '-');
  }
  free(key);
  return ng_buf_detach(&b);
}

/* ---------------------------------------------------------- provenance */

static void make_prov(Ctx *c, const NgRule *rule, size_t sentence,
                      NgProvenance *p, NgBuf *evidence) {
  const NgSentence *s = ng_document_sentence(c->doc, sentence);
  ng_buf_reset(evidence);
  ng_buf_append(evidence, c->text + s->span.begin, s->span.end - s->span.begin);
  p->rule = rule ? rule->id : (char *)"builtin";
  p->evidence = evidence->data;
  p->begin = ng_document_original_offset(c->doc, s->span.begin);
  p->end = ng_document_original_offset(c->doc, s->span.end);
}

static void explain(Ctx *c, const char *kind, const NgProvenance *p,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void explain(Ctx *c, const char *kind, const NgProvenance *p,
                    const char *fmt, ...) {
  if (!c->ex->explain) {
    return;
  }
  NgBuf b = NG_BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  ng_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  c->ex->explain(c->ex->explain_handle, kind, b.data, p);
  ng_buf_release(&b);
}

/* --------------------------------------------------------------- slots */

static size_t find(Ctx *c, size_t i) {
  while (c->slots[i].parent != i) {
    c->slots[i].parent = c->slots[c->slots[i].parent].parent;
    i = c->slots[i].parent;
  }
  return i;
}

static void join(Ctx *c, size_t a, size_t b) {
  a = find(c, a);
  b = find(c, b);
  if (a == b || c->slots[a].type != c->slots[b].type) {
    return;
  }
  if (c->slots[b].first_begin < c->slots[a].first_begin) {
    size_t t = a;
    a = b;
    b = t;
  }
  c->slots[b].parent = a;
}

static char *mention_name(Ctx *c, const NgMention *m) {
  char *name = clean_span(c->text, m->begin, m->end, m->type != NG_M_PERSON);
  if (name && m->type == NG_M_PERSON) {
    fix_capitals(name);
  }
  return name;
}

/* The slot of name (taken: freed here on every path) for a type. */
static NgStatus slot_named(Ctx *c, int type, char *name, size_t mention,
                           size_t begin, size_t *out) {
  char *key = name ? merge_key(name) : NULL;
  if (!name || !key) {
    free(name);
    free(key);
    return NG_ERR_NOMEM;
  }
  for (size_t i = 0; i < c->n_slots; ++i) {
    if (c->slots[i].type == type && !strcmp(c->slots[i].key, key)) {
      free(name);
      free(key);
      ++c->slots[i].count;
      *out = i;
      return NG_SUCCESS;
    }
  }
  NgStatus st;
  if ((st = ng_grow((void **)&c->slots, &c->cap_slots, c->n_slots + 1,
                    sizeof(Slot)))) {
    free(name);
    free(key);
    return st;
  }
  Slot *s = &c->slots[c->n_slots];
  memset(s, 0, sizeof(*s));
  s->type = type;
  s->name = name;
  s->key = key;
  s->parent = c->n_slots;
  s->count = 1;
  s->first_begin = begin;
  s->first_mention = mention;
  s->entity = NONE;
  *out = c->n_slots++;
  return NG_SUCCESS;
}

static NgStatus slot_for(Ctx *c, size_t mention, size_t *out) {
  const NgMention *m = &c->run->mentions[mention];
  return slot_named(c, m->type, mention_name(c, m), mention, m->begin, out);
}

static int entity_type(int mention_type) {
  switch (mention_type) {
  case NG_M_PERSON: return NG_PERSON;
  case NG_M_ORG: return NG_ORGANIZATION;
  case NG_M_EVENT: return NG_EVENT;
  default: return -1;
  }
}

/* A one-word person name ("Kohane") that is a word of a fuller name of
 * the same article is that person. */
static void join_short_names(Ctx *c) {
  for (size_t i = 0; i < c->n_slots; ++i) {
    Slot *s = &c->slots[i];
    if (s->type != NG_M_PERSON || strchr(s->name, ' ')) {
      continue;
    }
    size_t n = strlen(s->name);
    for (size_t j = 0; j < c->n_slots; ++j) {
      const Slot *t = &c->slots[j];
      if (j == i || t->type != NG_M_PERSON || !strchr(t->name, ' ')) {
        continue;
      }
      const char *last = strrchr(t->name, ' ') + 1;
      if ((!strncmp(t->name, s->name, n) && t->name[n] == ' ') ||
          !strcmp(last, s->name)) {
        join(c, j, i);
        break;
      }
    }
  }
}

/* The schema.org class of an organization, from its rightmost head noun. */
static const char *org_subclass(Ctx *c, const char *name) {
  if (c->ex->cls_org_head < 0) {
    return NULL;
  }
  const char *end = name + strlen(name);
  while (end > name) {
    const char *w = end;
    while (w > name && w[-1] != ' ') {
      --w;
    }
    const char *value = NULL;
    uint64_t mask = ng_gazetteer_lookup(c->ex->rules->gaz, w, (size_t)(end - w),
                                        c->ex->cls_org_head, &value);
    if ((mask >> c->ex->cls_org_head) & 1) {
      return value && *value ? value : NULL;
    }
    end = w > name ? w - 1 : name;
  }
  return NULL;
}

/* A line in title case ("Acme And Beacon Sign Deal On Smart Wards") does
 * not show where a name ends, so an organization first named there counts
 * only when the body names it too (or it is an acronym). */
static int title_case_line(const char *text, const NgSentence *s) {
  size_t long_words = 0, capitalised = 0;
  const char *end = text + s->span.end;
  if (end > text + s->span.begin && end[-1] == '.') {
    return 0;
  }
  /* bylines and source lines list names between commas */
  if (memchr(text + s->span.begin, ',', s->span.end - s->span.begin)) {
    return 0;
  }
  for (const char *w = text + s->span.begin; w < end;) {
    while (w < end && *w == ' ') {
      ++w;
    }
    const char *e = w;
    while (e < end && *e != ' ') {
      ++e;
    }
    if (e - w >= 4) {
      ++long_words;
      capitalised += isupper((unsigned char)*w) != 0;
    }
    w = e;
  }
  return long_words >= 4 && capitalised * 10 >= long_words * 7;
}

/* ----------------------------------------------------- identity rules */

static int is_org_head(Ctx *c, const char *w, size_t n) {
  return c->ex->cls_org_head >= 0 &&
         ((ng_gazetteer_lookup(c->ex->rules->gaz, w, n, -1, NULL) >>
           c->ex->cls_org_head) & 1);
}

static size_t find_org_slot(Ctx *c, const char *name) {
  char *key = merge_key(name);
  size_t found = NONE;
  for (size_t i = 0; key && i < c->n_slots; ++i) {
    if (c->slots[i].type == NG_M_ORG && !strcmp(c->slots[i].key, key)) {
      found = i;
      break;
    }
  }
  free(key);
  return found;
}

/* Whether "Public Health Commission" (up to the next " of ") names a body:
 * capitalised words, "and" or "&" between them, ending in a head noun. */
static int names_a_body(Ctx *c, const char *seg, size_t n) {
  const char *last = seg;
  for (size_t i = 0; i < n; ++i) {
    if (seg[i] == ' ') {
      last = seg + i + 1;
    }
  }
  for (const char *w = seg; w < seg + n;) {
    size_t len = strcspn(w, " ");
    if (len > (size_t)(seg + n - w)) {
      len = (size_t)(seg + n - w);
    }
    int connector = (len == 3 && !strncmp(w, "and", 3)) ||
                    (len == 1 && *w == '&');
    if (!connector && !isupper((unsigned char)*w)) {
      return 0;
    }
    w += len + 1;
  }
  return is_org_head(c, last, (size_t)(seg + n - last));
}

/* "Department of Rural Affairs of the National Health Commission": the
 * unit's name is also the short name of the whole, and the body after the
 * last "of" that begins a body's name is its parent. */
static NgStatus split_of_chain(Ctx *c, size_t slot) {
  const char *name = c->slots[slot].name;
  for (const char *of = strstr(name, " of "); of; of = strstr(of + 1, " of ")) {
    const char *right = of + 4;
    if (!strncmp(right, "the ", 4)) {
      right += 4;
    }
    const char *next = strstr(right, " of ");
    size_t seg = next ? (size_t)(next - right) : strlen(right);
    size_t known = find_org_slot(c, right);
    if (!(known != NONE && known != slot) && !names_a_body(c, right, seg)) {
      continue;
    }
    int left_has_head = 0;
    for (const char *w = name; w < of;) {
      size_t len = strcspn(w, " ");
      left_has_head |= is_org_head(c, w, len);
      w += len + 1;
    }
    if (!left_has_head) {
      continue;
    }
    size_t unit, parent;
    size_t m = c->slots[slot].first_mention;
    size_t begin = c->slots[slot].first_begin;
    NgStatus st;
    TRY(st, slot_named(c, NG_M_ORG, ng_strndup(name, (size_t)(of - name)), m,
                       begin, &unit));
    TRY(st, slot_named(c, NG_M_ORG, ng_strdup(right), m, begin + 1, &parent));
    join(c, slot, unit);
    c->slots[slot].preferred = 1;
    TRY(st, ng_grow((void **)&c->parents, &c->cap_parents, c->n_parents + 1,
                    sizeof(*c->parents)));
    c->parents[c->n_parents].unit = slot;
    c->parents[c->n_parents].parent = parent;
    c->parents[c->n_parents].mention = m;
    ++c->n_parents;
    return NG_SUCCESS;
  }
  return NG_SUCCESS;
}

static NgStatus split_of_chains(Ctx *c) {
  size_t n = c->n_slots;
  NgStatus st;
  for (size_t i = 0; i < n; ++i) {
    if (c->slots[i].type == NG_M_ORG) {
      TRY(st, split_of_chain(c, i));
    }
  }
  return NG_SUCCESS;
}

/* Whether the words of small stand together in big (both lower-cased
 * name keys with '-' between words); returns the position or -1. */
static long word_pos(const char *big, const char *small) {
  size_t n = strlen(small);
  for (const char *p = big; (p = strstr(p, small)); ++p) {
    if ((p == big || p[-1] == '-') && (p[n] == '\0' || p[n] == '-')) {
      return (long)(p - big);
    }
  }
  return -1;
}

/* Whether the key prefix kb[0..n) ends in a word that joins names
 * ("of", "the", "for", "and"): then what follows is a name of its own. */
static int ends_with_connector(const char *kb, size_t n) {
  static const char *const words[] = {"of", "the", "for", "and", "at", "in"};
  for (size_t i = 0; i < NG_ARRAY_LEN(words); ++i) {
    size_t w = strlen(words[i]);
    if (n >= w && !strncmp(kb + n - w, words[i], w) &&
        (n == w || kb[n - w - 1] == '-')) {
      return 1;
    }
  }
  return 0;
}

/* An event named inside a longer event name ("Joint Meetings of the 2031
 * Harbour Summit and ...") is that event; an organization name that ends
 * exactly one longer name ("Labor Government", "Allan Labor Government")
 * is its short form. */
static void join_contained_names(Ctx *c) {
  for (size_t i = 0; i < c->n_slots; ++i) {
    Slot *a = &c->slots[i];
    if ((a->type != NG_M_EVENT && a->type != NG_M_ORG) ||
        !strchr(a->name, ' ')) {
      continue;
    }
    char *ka = ng_name_key(a->name);
    size_t best = NONE, count = 0;
    long best_pos = -1;
    for (size_t j = 0; ka && j < c->n_slots; ++j) {
      Slot *b = &c->slots[j];
      if (j == i || b->type != a->type) {
        continue;
      }
      char *kb = ng_name_key(b->name);
      if (!kb) {
        continue;
      }
      size_t la = strlen(ka), lb = strlen(kb);
      if (a->type == NG_M_ORG && lb > la) {
        /* a ends b: "labor-government" ends "allan-labor-government" */
        if (kb[lb - la - 1] == '-' && !strcmp(kb + lb - la, ka) &&
            !ends_with_connector(kb, lb - la - 1)) {
          ++count;
          best = j;
        }
      } else if (a->type == NG_M_EVENT && lb < la && strchr(b->name, ' ')) {
        long pos = word_pos(ka, kb);
        if (pos >= 0 && (best == NONE || pos < best_pos)) {
          best = j;
          best_pos = pos;
        }
      }
      free(kb);
    }
    free(ka);
    if (best == NONE) {
      continue;
    }
    if (a->type == NG_M_EVENT) {
      c->slots[best].preferred = 1;
      join(c, best, i);
    } else if (count == 1) {
      join(c, best, i);
    }
  }
}

/* The first word of name in word-list class cls, lower-cased into out. */
static int class_word(Ctx *c, const char *name, int cls, char *out,
                      size_t size) {
  for (const char *w = name; cls >= 0 && *w;) {
    size_t n = strcspn(w, " ");
    if ((ng_gazetteer_lookup(c->ex->rules->gaz, w, n, -1, NULL) >> cls) & 1 &&
        n < size) {
      for (size_t i = 0; i < n; ++i) {
        out[i] = (char)tolower((unsigned char)w[i]);
      }
      out[n] = '\0';
      return 1;
    }
    w += n + (w[n] == ' ');
  }
  return 0;
}

/* A headline in title case names the article's event in its own words
 * ("Dialogue Between A and B"); when the body names exactly one event of
 * the same kind ("the Dialogue with B"), they are one event. */
static void join_headline_events(Ctx *c) {
  for (size_t i = 0; i < c->n_slots; ++i) {
    const Slot *a = &c->slots[i];
    const NgMention *m = &c->run->mentions[a->first_mention];
    char head[64], other[64];
    if (a->type != NG_M_EVENT || find(c, i) != i ||
        !title_case_line(c->text, ng_document_sentence(c->doc, m->sentence)) ||
        !class_word(c, a->name, c->ex->cls_event_head, head, sizeof(head))) {
      continue;
    }
    size_t match = NONE, count = 0;
    for (size_t j = 0; j < c->n_slots; ++j) {
      const Slot *b = &c->slots[j];
      if (b->type == NG_M_EVENT && find(c, j) == j && j != i &&
          class_word(c, b->name, c->ex->cls_event_head, other,
                     sizeof(other)) &&
          !strcmp(head, other)) {
        match = j;
        ++count;
      }
    }
    if (count == 1) {
      c->slots[match].preferred = 1;
      join(c, match, i);
    }
  }
}

static NgStatus relate_parents(Ctx *c) {
  NgBuf ev = NG_BUF_INIT;
  for (size_t i = 0; i < c->n_parents; ++i) {
    size_t u = c->slots[c->parents[i].unit].entity;
    size_t p = c->slots[c->parents[i].parent].entity;
    const NgMention *m = &c->run->mentions[c->parents[i].mention];
    NgProvenance prov;
    make_prov(c, m->rule, m->sentence, &prov, &ev);
    prov.rule = (char *)"builtin:of-chain";
    if (u != NONE && p != NONE && u != p &&
        ng_article_add_relation(c->art, NG_REL_PARENT, u, p, NULL, &prov) ==
            NG_SUCCESS) {
      explain(c, "relation", &prov, "%s is part of %s",
              c->art->entities[u].name, c->art->entities[p].name);
    }
  }
  ng_buf_release(&ev);
  return NG_SUCCESS;
}

static int longer_name(const Slot *a, const Slot *b) {
  size_t la = strlen(a->name), lb = strlen(b->name);
  return la != lb ? la > lb : a->first_begin < b->first_begin;
}

static NgStatus build_entities(Ctx *c) {
  NgStatus st;
  NgBuf ev = NG_BUF_INIT;
  for (size_t i = 0; i < c->n_slots; ++i) {
    size_t root = find(c, i);
    if (root != i) {
      continue;
    }
    /* canonical: a full form named by an alias rule, else the longest */
    size_t best = i;
    for (size_t j = 0; j < c->n_slots; ++j) {
      if (find(c, j) != root) {
        continue;
      }
      const Slot *a = &c->slots[j], *b = &c->slots[best];
      if (a->preferred != b->preferred ? a->preferred > b->preferred
                                       : longer_name(a, b)) {
        best = j;
      }
    }
    size_t e;
    st = ng_article_add_entity(c->art, (NgEntityType)entity_type(c->slots[i].type),
                               c->slots[best].name, &e);
    if (st > NG_FAILURE) {
      ng_buf_release(&ev);
      return st;
    }
    for (size_t j = 0; j < c->n_slots; ++j) {
      if (find(c, j) == root) {
        c->slots[j].entity = e;
        if (j != best && ng_article_add_alias(c->art, e, c->slots[j].name) >
                             NG_FAILURE) {
          ng_buf_release(&ev);
          return NG_ERR_NOMEM;
        }
      }
    }
    const NgMention *m = &c->run->mentions[c->slots[i].first_mention];
    NgProvenance p;
    make_prov(c, m->rule, m->sentence, &p, &ev);
    ng_article_set_entity_provenance(c->art, e, &p);
    if (c->slots[i].type == NG_M_ORG) {
      ng_article_set_entity_field(c->art, e, "subclass",
                                  org_subclass(c, c->slots[best].name));
    }
    explain(c, "entity", &p, "%s \"%s\"",
            ng_mention_type_name(c->slots[i].type), c->slots[best].name);
  }
  ng_buf_release(&ev);
  return NG_SUCCESS;
}

/* --------------------------------------------------------- resolution */

static size_t mention_entity(Ctx *c, size_t m) {
  size_t s = c->mention_slot[m];
  return s == NONE ? NONE : c->slots[s].entity;
}

static int cmp_begin(const void *x, const void *y, const NgRun *run) {
  const NgMention *a = &run->mentions[*(const size_t *)x];
  const NgMention *b = &run->mentions[*(const size_t *)y];
  return (a->begin > b->begin) - (a->begin < b->begin);
}

static const NgRun *sort_run;
static int cmp_begin_q(const void *x, const void *y) {
  return cmp_begin(x, y, sort_run);
}

typedef struct Targets {
  size_t items[32];
  size_t n;
} Targets;

static void add_target(Targets *t, size_t e) {
  if (e == NONE) {
    return;
  }
  for (size_t i = 0; i < t->n; ++i) {
    if (t->items[i] == e) {
      return;
    }
  }
  if (t->n < NG_ARRAY_LEN(t->items)) {
    t->items[t->n++] = e;
  }
}

static int entity_is(Ctx *c, size_t e, NgEntityType t) {
  return e != NONE && c->art->entities[e].type == t;
}

/* Lower-case copy of the argument's text. */
static char *arg_text_lower(Ctx *c, const NgActionArg *arg) {
  char *s = clean_span(c->text, arg->begin, arg->end, 0);
  for (char *p = s; p && *p; ++p) {
    *p = (char)tolower((unsigned char)*p);
  }
  return s;
}

static int contains_word(const char *hay, const char *word) {
  size_t n = strlen(word);
  if (!n) {
    return 0;
  }
  for (const char *p = hay; (p = strstr(p, word)); ++p) {
    if ((p == hay || !isalnum((unsigned char)p[-1])) &&
        !isalnum((unsigned char)p[n])) {
      return 1;
    }
  }
  return 0;
}

static int name_has_word(const NgEntity *e, const char *word) {
  char *low = ng_strdup(e->name);
  for (char *p = low; p && *p; ++p) {
    *p = (char)tolower((unsigned char)*p);
  }
  int has = low && contains_word(low, word);
  free(low);
  return has;
}

/* The organizations an anaphor before position pos stands for: "it",
 * "the hospital", "the two sides", "both parties". */
static void resolve_org_anaphor(Ctx *c, const char *phrase, size_t pos,
                                Targets *t) {
  static const char *const plural[] = {"two", "three", "both", "all", "they",
                                       "sides", "parties", "partners"};
  static const char *const agreement[] = {"mou", "agreement", "memorandum",
                                          "partnership", "collaboration",
                                          "cooperation"};
  const char *last = strrchr(phrase, ' ');
  last = last ? last + 1 : phrase;
  for (size_t i = 0; i < NG_ARRAY_LEN(agreement); ++i) {
    if (!strcmp(last, agreement[i]) && c->last_collab != NONE) {
      const NgCollaboration *co = &c->art->collaborations[c->last_collab];
      for (size_t k = 0; k < co->n_members; ++k) {
        add_target(t, co->members[k]);
      }
      return;
    }
  }
  int is_plural = 0;
  for (size_t i = 0; i < NG_ARRAY_LEN(plural); ++i) {
    is_plural |= contains_word(phrase, plural[i]);
  }
  if (is_plural) {
    if (c->last_collab != NONE) {
      const NgCollaboration *co = &c->art->collaborations[c->last_collab];
      for (size_t i = 0; i < co->n_members; ++i) {
        add_target(t, co->members[i]);
      }
      return;
    }
    for (size_t i = c->n_order; i-- > 0 && t->n < 2;) {
      size_t m = c->order[i];
      size_t e = mention_entity(c, m);
      if (c->run->mentions[m].end <= pos && entity_is(c, e, NG_ORGANIZATION)) {
        add_target(t, e);
      }
    }
    return;
  }
  /* the last word of the phrase names the kind: "the hospital" */
  const char *head = strrchr(phrase, ' ');
  head = head ? head + 1 : phrase;
  int pronoun = !strcmp(head, "it") || !strcmp(head, "its");
  size_t sentence_of_pos = NONE;
  for (size_t i = c->n_order; i-- > 0;) {
    size_t m = c->order[i];
    const NgMention *mm = &c->run->mentions[m];
    size_t e = mention_entity(c, m);
    if (mm->end > pos || !entity_is(c, e, NG_ORGANIZATION)) {
      continue;
    }
    if (pronoun) {
      /* the subject of the latest sentence naming an organization */
      if (sentence_of_pos == NONE) {
        sentence_of_pos = mm->sentence;
      }
      if (mm->sentence != sentence_of_pos) {
        break;
      }
      t->n = 0;
      add_target(t, e);
      continue;
    }
    if (name_has_word(&c->art->entities[e], head)) {
      add_target(t, e);
      return;
    }
  }
}

/* Entities an argument stands for, of the wanted types (bitmask of
 * 1 << NgEntityType); anaphors are resolved for organizations. */
static void resolve_arg(Ctx *c, const NgActionArg *arg, unsigned types,
                        Targets *t) {
  t->n = 0;
  if (!arg || !arg->set) {
    return;
  }
  for (size_t i = 0; i < arg->n_refs; ++i) {
    size_t e = mention_entity(c, c->run->refs[arg->first_ref + i]);
    if (e != NONE && (types >> c->art->entities[e].type) & 1) {
      add_target(t, e);
    }
  }
  if (t->n || !(types & (1u << NG_ORGANIZATION)) || arg->n_refs) {
    return;
  }
  char *phrase = arg_text_lower(c, arg);
  if (phrase) {
    resolve_org_anaphor(c, phrase, arg->begin, t);
  }
  free(phrase);
}

/* The event an argument names, or the article's main event that an
 * anaphor ("the conference", "the ceremony") stands for: the event with
 * the most mentions whose name shares the anaphor's head noun.  With no
 * event yet, the phrase itself names a new one. */
static size_t resolve_event(Ctx *c, const NgActionArg *arg) {
  Targets t;
  resolve_arg(c, arg, 1u << NG_EVENT, &t);
  if (t.n) {
    return t.items[0];
  }
  char *phrase = arg && arg->set ? arg_text_lower(c, arg) : ng_strdup("");
  if (!phrase) {
    return NONE;
  }
  const char *head = strrchr(phrase, ' ');
  head = head ? head + 1 : phrase;
  size_t best = NONE, best_any = NONE;
  for (size_t e = 0; e < c->art->n_entities; ++e) {
    if (c->art->entities[e].type != NG_EVENT) {
      continue;
    }
    if (best_any == NONE || c->entity_count[e] > c->entity_count[best_any]) {
      best_any = e;
    }
    if (name_has_word(&c->art->entities[e], head) &&
        (best == NONE || c->entity_count[e] > c->entity_count[best])) {
      best = e;
    }
  }
  /* "the forum", "this event" stand for the main event; a part of an
   * event ("the signing ceremony") that no event's name shares is new */
  static const char *const parts[] = {"ceremony", "signing", "session",
                                      "banquet", "visit", "launch", "tour",
                                      "reception", "dinner", "workshop"};
  int is_generic = 1;
  for (size_t i = 0; i < NG_ARRAY_LEN(parts); ++i) {
    is_generic &= strcmp(head, parts[i]) != 0;
  }
  if (best == NONE && (is_generic || !arg || !arg->set)) {
    best = best_any;
  }
  if (best == NONE && arg && arg->set) {
    char *name = clean_span(c->text, arg->begin, arg->end, 1);
    if (name && *name && ng_article_add_entity(c->art, NG_EVENT, name, &best) <=
                             NG_FAILURE) {
      c->entity_count[best] = 1;
    } else {
      best = NONE;
    }
    free(name);
  }
  free(phrase);
  return best;
}

/* --------------------------------------------------------------- dates */

/* The year that an undated "May 10" in this article belongs to: the
 * article's own year, else the year in the event's name, else the nearest
 * explicit year before pos. */
static int context_year(Ctx *c, const char *event_name, size_t pos) {
  if (event_name) {
    int y = ng_date_year_in(event_name);
    if (y) {
      return y;
    }
  }
  if (c->ref_year) {
    return c->ref_year;
  }
  for (size_t p = pos; p-- > 0;) {
    if (p + 4 <= pos && isdigit((unsigned char)c->text[p])) {
      char buf[8];
      memcpy(buf, c->text + p, 4);
      buf[4] = '\0';
      if ((p == 0 || !isalnum((unsigned char)c->text[p - 1])) &&
          !isalnum((unsigned char)c->text[p + 4])) {
        int y = ng_date_year_in(buf);
        if (y) {
          return y;
        }
      }
    }
  }
  return 0;
}

/* Reads the date of arg into out ("" when it cannot be resolved). */
static void arg_date(Ctx *c, const NgActionArg *arg, const char *event_name,
                     char start[11], char end[11]) {
  start[0] = end[0] = '\0';
  if (!arg || !arg->set) {
    return;
  }
  char *s = ng_strndup(c->text + arg->begin, arg->end - arg->begin);
  NgDate a, b;
  if (s && ng_date_parse(s, &a, &b)) {
    if (!a.year) {
      a.year = context_year(c, event_name, arg->begin);
      if (b.day && !b.year) {
        b.year = a.year;
      }
    }
    if (a.year && (!a.day || ng_date_valid(a.year, a.month, a.day))) {
      ng_date_format(&a, start);
    }
    if (b.day && b.year && ng_date_valid(b.year, b.month, b.day) &&
        ng_date_compare(&b, &a) > 0) {
      ng_date_format(&b, end);
    }
  }
  free(s);
}

/* ------------------------------------------------------------- actions */

static char *arg_literal(Ctx *c, const NgActionArg *arg) {
  if (!arg) {
    return NULL;
  }
  if (arg->literal) {
    return ng_strdup(arg->literal);
  }
  if (!arg->set) {
    return NULL;
  }
  char *s = clean_span(c->text, arg->begin, arg->end, 1);
  if (s && !*s) {
    free(s);
    s = NULL;
  }
  return s;
}

static void do_member(Ctx *c, const NgAction *a, const NgProvenance *p) {
  Targets people, orgs;
  resolve_arg(c, ng_action_arg(c->run, a, "person"), 1u << NG_PERSON, &people);
  resolve_arg(c, ng_action_arg(c->run, a, "org"), 1u << NG_ORGANIZATION, &orgs);
  char *role = arg_literal(c, ng_action_arg(c->run, a, "role"));
  for (size_t i = 0; i < people.n; ++i) {
    for (size_t j = 0; j < orgs.n; ++j) {
      /* "Editor and Vice President": two posts; "Director of Equity,
       * Access, and Advocacy": one */
      const char *r = role;
      char *part = NULL;
      while (r) {
        const char *cut = strstr(r, " and ");
        const char *amp = strstr(r, " & ");
        size_t skip = 5;
        if (!cut || (amp && amp < cut)) {
          cut = amp;
          skip = 3;
        }
        if (cut && cut > r && cut[-1] == ',') {
          cut = NULL;
        }
        free(part);
        part = cut ? ng_strndup(r, (size_t)(cut - r)) : ng_strdup(r);
        if (ng_article_add_relation(c->art, NG_REL_MEMBER, people.items[i],
                                    orgs.items[j], part, p) == NG_SUCCESS) {
          explain(c, "relation", p, "%s is %s of %s",
                  c->art->entities[people.items[i]].name, part,
                  c->art->entities[orgs.items[j]].name);
        }
        r = cut ? cut + skip : NULL;
      }
      free(part);
      if (!role &&
          ng_article_add_relation(c->art, NG_REL_MEMBER, people.items[i],
                                  orgs.items[j], NULL, p) == NG_SUCCESS) {
        explain(c, "relation", p, "%s is a member of %s",
                c->art->entities[people.items[i]].name,
                c->art->entities[orgs.items[j]].name);
      }
    }
    if (!orgs.n && role && !c->art->entities[people.items[i]].job_title) {
      ng_article_set_entity_field(c->art, people.items[i], "job_title", role);
      explain(c, "relation", p, "%s has title %s",
              c->art->entities[people.items[i]].name, role);
    }
  }
  free(role);
}

static void do_title(Ctx *c, const NgAction *a, const NgProvenance *p) {
  Targets people;
  resolve_arg(c, ng_action_arg(c->run, a, "person"), 1u << NG_PERSON, &people);
  char *role = arg_literal(c, ng_action_arg(c->run, a, "role"));
  for (size_t i = 0; role && i < people.n; ++i) {
    if (!c->art->entities[people.items[i]].job_title) {
      ng_article_set_entity_field(c->art, people.items[i], "job_title", role);
      explain(c, "relation", p, "%s has title %s",
              c->art->entities[people.items[i]].name, role);
    }
  }
  free(role);
}

static void do_parent(Ctx *c, const NgAction *a, const NgProvenance *p) {
  Targets units, parents;
  unsigned org = 1u << NG_ORGANIZATION;
  resolve_arg(c, ng_action_arg(c->run, a, "unit"), org, &units);
  resolve_arg(c, ng_action_arg(c->run, a, "parent"), org, &parents);
  if (units.n && parents.n && units.items[0] != parents.items[0] &&
      ng_article_add_relation(c->art, NG_REL_PARENT, units.items[0],
                              parents.items[0], NULL, p) == NG_SUCCESS) {
    explain(c, "relation", p, "%s is part of %s",
            c->art->entities[units.items[0]].name,
            c->art->entities[parents.items[0]].name);
  }
}

static void do_event_date(Ctx *c, const NgAction *a, const NgProvenance *p) {
  size_t e = resolve_event(c, ng_action_arg(c->run, a, "event"));
  if (e == NONE || c->art->entities[e].start_date) {
    return;
  }
  char start[11], end[11], end2[11];
  arg_date(c, ng_action_arg(c->run, a, "date"), c->art->entities[e].name, start,
           end);
  const NgActionArg *until = ng_action_arg(c->run, a, "end");
  if (until && until->set) {
    arg_date(c, until, c->art->entities[e].name, end2, end);
    memcpy(end, end2, sizeof(end2));
  }
  if (!*start) {
    return;
  }
  ng_article_set_entity_field(c->art, e, "start_date", start);
  if (*end && strcmp(end, start) > 0) {
    ng_article_set_entity_field(c->art, e, "end_date", end);
  }
  if (!c->art->entities[e].prov.rule) {
    ng_article_set_entity_provenance(c->art, e, p);
  }
  explain(c, "relation", p, "%s starts %s%s%s", c->art->entities[e].name,
          start, *end ? " ends " : "", end);
}

static void do_location(Ctx *c, const NgAction *a, const NgProvenance *p) {
  size_t e = resolve_event(c, ng_action_arg(c->run, a, "event"));
  char *place = arg_literal(c, ng_action_arg(c->run, a, "place"));
  size_t pl;
  if (e != NONE && place &&
      ng_article_add_entity(c->art, NG_PLACE, place, &pl) <= NG_FAILURE &&
      ng_article_add_relation(c->art, NG_REL_LOCATION, e, pl, NULL, p) ==
          NG_SUCCESS) {
    explain(c, "relation", p, "%s took place at %s", c->art->entities[e].name,
            place);
  }
  free(place);
}

/* In a stretch of text naming several people and their employers ("A,
 * President of X, and B, Dean of Y, delivered speeches"), the people are
 * the ones who act; organizations count only when no person is named. */
static void keep_people_of_lists(Ctx *c, Targets *t) {
  size_t people = 0;
  for (size_t i = 0; i < t->n; ++i) {
    people += c->art->entities[t->items[i]].type == NG_PERSON;
  }
  if (!people || people == t->n) {
    return;
  }
  size_t out = 0;
  for (size_t i = 0; i < t->n; ++i) {
    if (c->art->entities[t->items[i]].type == NG_PERSON) {
      t->items[out++] = t->items[i];
    }
  }
  t->n = out;
}

static void do_event_role(Ctx *c, const NgAction *a, NgRelationType type,
                          const NgProvenance *p) {
  size_t e = resolve_event(c, ng_action_arg(c->run, a, "event"));
  if (e == NONE) {
    return;
  }
  for (size_t k = 0; k < a->n_args; ++k) {
    const NgActionArg *arg = &c->run->args[a->first_arg + k];
    if (!arg->key || strcmp(arg->key, "agent")) {
      continue;
    }
    Targets t;
    resolve_arg(c, arg, (1u << NG_PERSON) | (1u << NG_ORGANIZATION), &t);
    keep_people_of_lists(c, &t);
    for (size_t i = 0; i < t.n; ++i) {
      if (ng_article_add_relation(c->art, type, e, t.items[i], NULL, p) ==
          NG_SUCCESS) {
        explain(c, "relation", p, "%s %s %s", c->art->entities[e].name,
                a->emit->verb, c->art->entities[t.items[i]].name);
      }
    }
  }
}

static int same_members(const NgCollaboration *co, const Targets *t) {
  if (co->n_members != t->n) {
    return 0;
  }
  for (size_t i = 0; i < t->n; ++i) {
    int found = 0;
    for (size_t j = 0; j < co->n_members; ++j) {
      found |= co->members[j] == t->items[i];
    }
    if (!found) {
      return 0;
    }
  }
  return 1;
}

/* Whether the first word of text belongs to word-list class cls. */
static int starts_with_class(Ctx *c, const char *text, int cls) {
  size_t n = strcspn(text, " ");
  return cls >= 0 &&
         ((ng_gazetteer_lookup(c->ex->rules->gaz, text, n, -1, NULL) >> cls) &
          1);
}

/* Splits a topic phrase at commas and "and" between phrases of two or
 * more words, so that each subject is its own concept. */
static void add_topics(Ctx *c, size_t collab, const char *topic) {
  NgBuf part = NG_BUF_INIT;
  const char *s = topic;
  while (*s) {
    const char *cut = NULL;
    size_t skip = 0;
    for (const char *q = s; *q && !cut; ++q) {
      if (!strncmp(q, ", and ", 6)) {
        cut = q, skip = 6;
      } else if (!strncmp(q, ", ", 2)) {
        cut = q, skip = 2;
      } else if (!strncmp(q, " and ", 5) && strchr(s, ' ') < q &&
                 strchr(q + 5, ' ')) {
        cut = q, skip = 5;
      }
    }
    size_t n = cut ? (size_t)(cut - s) : strlen(s);
    ng_buf_reset(&part);
    ng_buf_append(&part, s, n);
    char *clean = clean_span(part.data, 0, part.len, 1);
    if (clean && strlen(clean) > 2 && strncmp(clean, "other ", 6) &&
        strncmp(clean, "various ", 8) && strcmp(clean, "etc") &&
        !starts_with_class(c, clean, c->ex->cls_coop_verb)) {
      ng_article_add_topic(c->art, collab, clean);
    }
    free(clean);
    s += n + skip;
  }
  ng_buf_release(&part);
}

static void do_collab(Ctx *c, const NgAction *a, const NgProvenance *p) {
  Targets members = {{0}, 0};
  for (size_t k = 0; k < a->n_args; ++k) {
    const NgActionArg *arg = &c->run->args[a->first_arg + k];
    if (!arg->key || strcmp(arg->key, "members")) {
      continue;
    }
    Targets t;
    resolve_arg(c, arg, 1u << NG_ORGANIZATION, &t);
    for (size_t i = 0; i < t.n; ++i) {
      add_target(&members, t.items[i]);
    }
  }
  if (members.n < 2) {
    return;
  }
  char date[11], end[11];
  arg_date(c, ng_action_arg(c->run, a, "date"), NULL, date, end);
  char *kind = arg_literal(c, ng_action_arg(c->run, a, "kind"));
  size_t idx = NONE;
  for (size_t i = 0; i < c->art->n_collaborations; ++i) {
    if (same_members(&c->art->collaborations[i], &members)) {
      idx = i;
    }
  }
  if (idx == NONE) {
    if (ng_article_add_collaboration(c->art, members.items, members.n,
                                     *date ? date : NULL, kind, p, &idx)) {
      free(kind);
      return;
    }
    NgBuf names = NG_BUF_INIT;
    for (size_t i = 0; i < members.n; ++i) {
      ng_buf_printf(&names, "%s%s", i ? ", " : "",
                    c->art->entities[members.items[i]].name);
    }
    explain(c, "collaboration", p, "between %s%s%s", names.data,
            *date ? " dated " : "", date);
    ng_buf_release(&names);
  } else if (*date && !c->art->collaborations[idx].date) {
    c->art->collaborations[idx].date = ng_strdup(date);
  }
  free(kind);
  c->last_collab = idx;
  for (size_t k = 0; k < a->n_args; ++k) {
    const NgActionArg *arg = &c->run->args[a->first_arg + k];
    char *topic = arg->key && !strcmp(arg->key, "topic") ? arg_literal(c, arg)
                                                         : NULL;
    if (topic) {
      add_topics(c, idx, topic);
      explain(c, "collaboration", p, "about %s", topic);
    }
    free(topic);
  }
}

static void do_article(Ctx *c, const NgAction *a, const NgProvenance *p) {
  const char *verb = a->emit->verb;
  if (!strcmp(verb, "article_date") && !c->art->date_published) {
    char start[11], end[11];
    int saved = c->ref_year;
    c->ref_year = 0;
    arg_date(c, ng_action_arg(c->run, a, "date"), NULL, start, end);
    c->ref_year = saved;
    if (strlen(start) == 10) {
      ng_article_set_field(c->art, "date_published", start);
      explain(c, "article", p, "published %s", start);
    }
  } else if (!strcmp(verb, "author")) {
    Targets t;
    resolve_arg(c, ng_action_arg(c->run, a, "person"), 1u << NG_PERSON, &t);
    for (size_t i = 0; i < t.n; ++i) {
      if (ng_article_add_relation(c->art, NG_REL_AUTHOR, 0, t.items[i], NULL,
                                  p) == NG_SUCCESS) {
        explain(c, "article", p, "written by %s",
                c->art->entities[t.items[i]].name);
      }
    }
  } else if (!strcmp(verb, "headline") && !c->art->headline) {
    char *h = arg_literal(c, ng_action_arg(c->run, a, "text"));
    ng_article_set_field(c->art, "headline", h);
    free(h);
  }
}

static void do_honorific(Ctx *c, const NgAction *a) {
  const NgActionArg *h = ng_action_arg(c->run, a, "honorific");
  size_t e = a->mention != NONE ? mention_entity(c, a->mention) : NONE;
  if (h && h->set && e != NONE && !c->art->entities[e].honorific) {
    size_t end = h->end; /* keep the period of "Dr." as written */
    while (end > h->begin && strchr(" ,", c->text[end - 1])) {
      --end;
    }
    char *s = ng_strndup(c->text + h->begin, end - h->begin);
    ng_article_set_entity_field(c->art, e, "honorific", s);
    free(s);
  }
}

static void run_action(Ctx *c, const NgAction *a, NgBuf *ev) {
  const char *verb = a->emit->verb;
  if (a->emit->mention_type >= 0) {
    do_honorific(c, a);
    return;
  }
  NgProvenance p;
  make_prov(c, a->rule, a->sentence, &p, ev);
  if (!strcmp(verb, "member")) {
    do_member(c, a, &p);
  } else if (!strcmp(verb, "title")) {
    do_title(c, a, &p);
  } else if (!strcmp(verb, "parent")) {
    do_parent(c, a, &p);
  } else if (!strcmp(verb, "event_date")) {
    do_event_date(c, a, &p);
  } else if (!strcmp(verb, "location")) {
    do_location(c, a, &p);
  } else if (!strcmp(verb, "organizer")) {
    do_event_role(c, a, NG_REL_ORGANIZER, &p);
  } else if (!strcmp(verb, "sponsor")) {
    do_event_role(c, a, NG_REL_SPONSOR, &p);
  } else if (!strcmp(verb, "performer")) {
    do_event_role(c, a, NG_REL_PERFORMER, &p);
  } else if (!strcmp(verb, "attendee")) {
    do_event_role(c, a, NG_REL_ATTENDEE, &p);
  } else if (!strcmp(verb, "collab")) {
    do_collab(c, a, &p);
  } else {
    do_article(c, a, &p);
  }
}

/* ----------------------------------------------------------------- run */

static char *article_key(const NgDocument *doc) {
  const char *label = ng_document_label(doc);
  if (!strcmp(label, "-") || !*label) {
    size_t len;
    const char *bytes = ng_document_original(doc, &len);
    unsigned long long h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; ++i) {
      h = (h ^ (unsigned char)bytes[i]) * 1099511628211ULL;
    }
    char buf[40];
    snprintf(buf, sizeof(buf), "stdin-%016llx", h);
    return ng_strdup(buf);
  }
  const char *base = strrchr(label, '/');
  base = base ? base + 1 : label;
  const char *dot = strrchr(base, '.');
  return ng_strndup(base, dot && dot != base ? (size_t)(dot - base)
                                             : strlen(base));
}

static int is_acronym(const char *name) {
  size_t upper = 0, n = strlen(name);
  for (const char *p = name; *p; ++p) {
    upper += isupper((unsigned char)*p) != 0;
  }
  return n <= 10 && upper >= 2 && !strchr(name, ' ');
}

static NgStatus collect_slots(Ctx *c) {
  const NgRun *r = c->run;
  char *used = calloc(r->n_mentions + 1, 1);
  if (!used) {
    return NG_ERR_NOMEM;
  }
  /* a mention enclosed by a longer one is an entity only when a relation
   * names it (its own mention verb does not count) */
  for (size_t i = 0; i < r->n_actions; ++i) {
    const NgAction *a = &r->actions[i];
    for (size_t k = 0; a->emit->mention_type < 0 && k < a->n_args; ++k) {
      const NgActionArg *arg = &r->args[a->first_arg + k];
      for (size_t j = 0; j < arg->n_refs; ++j) {
        used[r->refs[arg->first_ref + j]] = 1;
      }
    }
  }
  NgStatus st = NG_SUCCESS;
  for (int pass = 0; pass < 2 && !st; ++pass) {
    for (size_t m = 0; m < r->n_mentions && !st; ++m) {
      const NgMention *mm = &r->mentions[m];
      if (!pass) {
        c->mention_slot[m] = NONE;
      }
      if (mm->dropped || entity_type(mm->type) < 0 ||
          (mm->superseded && !used[m])) {
        continue;
      }
      int headline = mm->type == NG_M_ORG &&
                     title_case_line(c->text, ng_document_sentence(
                                                  c->doc, mm->sentence));
      if (headline != pass) {
        continue;
      }
      size_t slot;
      st = slot_for(c, m, &slot);
      if (!st && headline && c->slots[slot].count == 1 &&
          !is_acronym(c->slots[slot].name)) {
        /* only the title names it: forget the new slot */
        free(c->slots[slot].name);
        free(c->slots[slot].key);
        --c->n_slots;
        continue;
      }
      c->mention_slot[m] = slot;
    }
  }
  free(used);
  return st;
}

static void apply_aliases(Ctx *c) {
  const NgRun *r = c->run;
  for (size_t i = 0; i < r->n_actions; ++i) {
    const NgAction *a = &r->actions[i];
    if (strcmp(a->emit->verb, "alias")) {
      continue;
    }
    const NgActionArg *n = ng_action_arg(r, a, "name");
    const NgActionArg *al = ng_action_arg(r, a, "alias");
    if (!n || !al || n->n_refs != 1 || al->n_refs != 1) {
      continue;
    }
    size_t sn = c->mention_slot[r->refs[n->first_ref]];
    size_t sa = c->mention_slot[r->refs[al->first_ref]];
    if (sn != NONE && sa != NONE) {
      c->slots[sn].preferred = 1;
      join(c, sn, sa);
    }
  }
}

/* The article's own date, read before anything else so that undated
 * "May 10" can take its year. */
static void read_article_date(Ctx *c, NgBuf *ev) {
  for (size_t i = 0; i < c->run->n_actions; ++i) {
    const NgAction *a = &c->run->actions[i];
    if (!strcmp(a->emit->verb, "article_date")) {
      run_action(c, a, ev);
      if (c->art->date_published) {
        NgDate d, e;
        ng_date_parse(c->art->date_published, &d, &e);
        c->ref_year = d.year;
        return;
      }
    }
  }
}

/* Attendees are those who came without speaking (VOCABULARY.md): one who
 * also spoke at the event is its performer only. */
static void drop_speaking_attendees(NgArticle *art) {
  size_t out = 0;
  for (size_t i = 0; i < art->n_relations; ++i) {
    NgRelation *r = &art->relations[i];
    int spoke = 0;
    for (size_t j = 0; r->type == NG_REL_ATTENDEE && j < art->n_relations;
         ++j) {
      const NgRelation *q = &art->relations[j];
      spoke |= q->type == NG_REL_PERFORMER && q->subject == r->subject &&
               q->object == r->object;
    }
    if (spoke) {
      free(r->literal);
      free(r->prov.rule);
      free(r->prov.evidence);
      continue;
    }
    art->relations[out++] = *r;
  }
  art->n_relations = out;
}

static NgStatus extract(Ctx *c) {
  const NgRun *r = c->run;
  NgStatus st;
  c->mention_slot = malloc((r->n_mentions + 1) * sizeof(size_t));
  c->order = malloc((r->n_mentions + 1) * sizeof(size_t));
  if (!c->mention_slot || !c->order) {
    return NG_ERR_NOMEM;
  }
  TRY(st, collect_slots(c));
  TRY(st, split_of_chains(c));
  apply_aliases(c);
  join_short_names(c);
  join_contained_names(c);
  join_headline_events(c);
  TRY(st, build_entities(c));
  TRY(st, relate_parents(c));
  c->entity_count = calloc(c->art->n_entities + 2 * r->n_actions + 1,
                           sizeof(size_t));
  if (!c->entity_count) {
    return NG_ERR_NOMEM;
  }
  for (size_t m = 0; m < r->n_mentions; ++m) {
    size_t e = mention_entity(c, m);
    if (e != NONE) {
      ++c->entity_count[e];
      c->order[c->n_order++] = m;
    }
  }
  sort_run = r;
  qsort(c->order, c->n_order, sizeof(size_t), cmp_begin_q);
  NgBuf ev = NG_BUF_INIT;
  read_article_date(c, &ev);
  /* actions that name their event come first, so that "the main event"
   * is known when an action that names none is read */
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < r->n_actions; ++i) {
      const NgAction *a = &r->actions[i];
      const NgActionArg *ev_arg = ng_action_arg(r, a, "event");
      int unnamed = ev_arg && !ev_arg->set;
      if (unnamed == pass && strcmp(a->emit->verb, "article_date")) {
        run_action(c, a, &ev);
      }
    }
  }
  ng_buf_release(&ev);
  drop_speaking_attendees(c->art);
  return NG_SUCCESS;
}

NgStatus ng_extractor_run(NgExtractor *ex, const NgDocument *doc,
                          NgArticle **out) {
  *out = NULL;
  if (!ex || !doc) {
    return NG_ERR_BAD_ARG;
  }
  const NgRun *run;
  NgStatus st;
  TRY(st, ng_engine_run(ex->engine, doc, &run));
  char *key = article_key(doc);
  Ctx c;
  memset(&c, 0, sizeof(c));
  c.ex = ex;
  c.doc = doc;
  c.text = ng_document_text(doc, &(size_t){0});
  c.run = run;
  c.last_collab = NONE;
  c.art = ng_article_new(ng_document_label(doc), key);
  free(key);
  if (!c.art) {
    return NG_ERR_NOMEM;
  }
  st = extract(&c);
  for (size_t i = 0; i < c.n_slots; ++i) {
    free(c.slots[i].name);
    free(c.slots[i].key);
  }
  free(c.slots);
  free(c.parents);
  free(c.mention_slot);
  free(c.order);
  free(c.entity_count);
  if (st > NG_FAILURE) {
    ng_article_free(c.art);
    return st;
  }
  *out = c.art;
  return NG_SUCCESS;
}
