/*
 * resolve.c: what an argument stands for.  A rule's group names mentions,
 * or a phrase that names none ("it", "the two sides", "the hospital",
 * "the conference") and stands for something said before; dates take the
 * year their context gives.
 *
 * Anaphors look back along the mentions before them, and "the forum"
 * looks for the event whose name holds "forum".  Both go through an index
 * (built on first use: the mentions of organizations in text order, and
 * which of them and which events hold each word) rather than scanning
 * every mention or entity, so that many anaphors in a long article cost
 * each a lookup, not a pass over the article.
 */
#include "extract.h"

#include "buf.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* -------------------------------------------------------------- index */

typedef struct Positions {
  size_t *v;
  size_t n, cap;
} Positions;

struct ResolveIndex {
  /* anaphors: orgs[k] is a position in c->order holding a mention of an
   * organization, in text order; before[k] the largest k' < k whose
   * entity differs from that of k (NONE: none) */
  size_t *orgs, *before;
  size_t n_orgs;
  size_t *evs; /* positions in c->order of the events' mentions */
  size_t n_evs;
  NgStrMap org_words; /* a word of an organization's name -> lists[i]: the
                         k whose entity's name holds it, ascending */
  Positions *lists;
  size_t n_lists, cap_lists;
  /* events: those among the first n_seen entities, in index order */
  Positions events;
  size_t n_seen;
  size_t best_any;      /* the event with the most mentions (the first) */
  NgStrMap event_words; /* a word of an event's name -> that event with the
                           most mentions holding it (the first) */
  NgStrMap event_alt_words; /* the same for the events' other names, asked
                               only when no event's name holds the word */
  int stale;            /* a count changed: rebuild the event part */
};

void ng_resolve_index_free(Ctx *c) {
  struct ResolveIndex *x = c->resolve;
  if (!x) {
    return;
  }
  free(x->orgs);
  free(x->before);
  free(x->evs);
  for (size_t i = 0; i < x->n_lists; ++i) {
    free(x->lists[i].v);
  }
  free(x->lists);
  ng_strmap_release(&x->org_words);
  free(x->events.v);
  ng_strmap_release(&x->event_words);
  ng_strmap_release(&x->event_alt_words);
  free(x);
  c->resolve = NULL;
}

static NgStatus push(Positions *p, size_t v) {
  NgStatus st;
  TRY(st, ng_grow((void **)&p->v, &p->cap, p->n + 1, sizeof(*p->v)));
  p->v[p->n++] = v;
  return NG_SUCCESS;
}

static int is_word(const char *w) {
  for (; *w; ++w) {
    if (!isalnum((unsigned char)*w)) {
      return 0;
    }
  }
  return 1;
}

/* Calls add(c, x, word, len, id) for each distinct word (a run of letters
 * and digits, lower-cased) of name: exactly the words ng_contains_word
 * finds in the lower-cased name.  Stops at the first error. */
static NgStatus each_word(Ctx *c, struct ResolveIndex *x, const char *name,
                          size_t id,
                          NgStatus (*add)(Ctx *, struct ResolveIndex *,
                                          const char *, size_t, size_t)) {
  char *low = ng_strdup(name);
  if (!low) {
    return NG_ERR_NOMEM;
  }
  for (char *p = low; *p; ++p) {
    *p = (char)tolower((unsigned char)*p);
  }
  NgStatus st = NG_SUCCESS;
  for (const char *w = low; *w && st <= NG_FAILURE;) {
    if (!isalnum((unsigned char)*w)) {
      ++w;
      continue;
    }
    size_t n = 0;
    while (isalnum((unsigned char)w[n])) {
      ++n;
    }
    st = add(c, x, w, n, id);
    w += n;
  }
  free(low);
  return st > NG_FAILURE ? st : NG_SUCCESS;
}

static NgStatus add_org_word(Ctx *c, struct ResolveIndex *x, const char *w,
                             size_t n, size_t k) {
  (void)c;
  size_t *at;
  NgStatus st;
  TRY(st, ng_strmap_put(&x->org_words, w, n, x->n_lists, &at));
  if (st == NG_SUCCESS) {
    TRY(st, ng_grow((void **)&x->lists, &x->cap_lists, x->n_lists + 1,
                    sizeof(*x->lists)));
    memset(&x->lists[x->n_lists++], 0, sizeof(Positions));
  }
  Positions *l = &x->lists[*at];
  if (l->n && l->v[l->n - 1] == k) {
    return NG_SUCCESS; /* the word twice in one name */
  }
  return push(l, k);
}

static NgStatus put_event_word(Ctx *c, NgStrMap *map, const char *w,
                               size_t n, size_t e) {
  size_t *at;
  NgStatus st;
  TRY(st, ng_strmap_put(map, w, n, e, &at));
  if (st == NG_FAILURE && c->entity_count[e] > c->entity_count[*at]) {
    *at = e;
  }
  return NG_SUCCESS;
}

static NgStatus add_event_word(Ctx *c, struct ResolveIndex *x, const char *w,
                               size_t n, size_t e) {
  return put_event_word(c, &x->event_words, w, n, e);
}

/* A word of an event's other name ("the workshop" of a workshop named by
 * its title) stands for it only where no event's own name holds the
 * word: a named "X Symposium" keeps "the symposium". */
static NgStatus add_event_alt_word(Ctx *c, struct ResolveIndex *x,
                                   const char *w, size_t n, size_t e) {
  return put_event_word(c, &x->event_alt_words, w, n, e);
}

static NgStatus index_orgs(Ctx *c, struct ResolveIndex *x) {
  x->orgs = malloc((c->n_order + 1) * sizeof(size_t));
  x->before = malloc((c->n_order + 1) * sizeof(size_t));
  x->evs = malloc((c->n_order + 1) * sizeof(size_t));
  if (!x->orgs || !x->before || !x->evs) {
    return NG_ERR_NOMEM;
  }
  NgStatus st;
  for (size_t i = 0; i < c->n_order; ++i) {
    size_t e = ng_mention_entity(c, c->order[i]);
    if (e != NONE && c->art->entities[e].type == NG_EVENT) {
      x->evs[x->n_evs++] = i;
    }
    if (e == NONE || c->art->entities[e].type != NG_ORGANIZATION) {
      continue;
    }
    size_t k = x->n_orgs++;
    x->orgs[k] = i;
    size_t prev = k ? k - 1 : NONE;
    if (prev != NONE &&
        ng_mention_entity(c, c->order[x->orgs[prev]]) == e) {
      prev = x->before[prev];
    }
    x->before[k] = prev;
    TRY(st, each_word(c, x, c->art->entities[e].name, k, add_org_word));
  }
  return NG_SUCCESS;
}

/* Takes in the entities added since the last call (and, when a count
 * changed, all of them again). */
static NgStatus index_events(Ctx *c, struct ResolveIndex *x) {
  NgStatus st;
  if (x->stale) {
    x->events.n = x->n_seen = 0;
    x->best_any = NONE;
    ng_strmap_release(&x->event_words);
    ng_strmap_release(&x->event_alt_words);
    x->stale = 0;
  }
  for (; x->n_seen < c->art->n_entities; ++x->n_seen) {
    size_t e = x->n_seen;
    if (c->art->entities[e].type != NG_EVENT) {
      continue;
    }
    TRY(st, push(&x->events, e));
    if (x->best_any == NONE ||
        c->entity_count[e] > c->entity_count[x->best_any]) {
      x->best_any = e;
    }
    const NgEntity *en = &c->art->entities[e];
    TRY(st, each_word(c, x, en->name, e, add_event_word));
    for (size_t k = 0; k < en->n_alt_names; ++k) {
      TRY(st, each_word(c, x, en->alt_names[k], e, add_event_alt_word));
    }
  }
  return NG_SUCCESS;
}

static struct ResolveIndex *resolve_index(Ctx *c) {
  if (!c->resolve) {
    c->resolve = calloc(1, sizeof(*c->resolve));
    if (!c->resolve) {
      return NULL;
    }
    c->resolve->best_any = NONE;
    if (index_orgs(c, c->resolve) != NG_SUCCESS) {
      ng_resolve_index_free(c);
      return NULL;
    }
  }
  if (index_events(c, c->resolve) != NG_SUCCESS) {
    c->resolve->stale = 1;
    return NULL;
  }
  return c->resolve;
}

/* The number of x->orgs entries (or of list entries, positions into it)
 * whose mention begins at or before pos: those after begin after it, and
 * end after it too. */
static size_t orgs_up_to(Ctx *c, const struct ResolveIndex *x, const size_t *ks,
                         size_t n, size_t pos) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    size_t k = ks ? ks[mid] : mid;
    if (c->run->mentions[c->order[x->orgs[k]]].begin <= pos) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/* --------------------------------------------------------- resolution */

size_t ng_mention_entity(Ctx *c, size_t m) {
  size_t s = c->mention_slot[m];
  return s == NONE ? NONE : c->slots[s].entity;
}

void ng_add_target(Targets *t, size_t e) {
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
  char *s = ng_clean_span(c->text, arg->begin, arg->end, 0);
  for (char *p = s; p && *p; ++p) {
    *p = (char)tolower((unsigned char)*p);
  }
  return s;
}

int ng_contains_word(const char *hay, const char *word) {
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
  int has = low && ng_contains_word(low, word);
  free(low);
  return has;
}

/* Whether word (lower case) is a word of name before its first link
 * ("of", "for", "at", "de"): "faculty" in "Faculty of X", not in
 * "Committee of the Faculty of X". */
static int word_before_of(const char *name, const char *word) {
  size_t end = strlen(name);
  static const char *const links[] = {" of ", " for ", " at ", " de "};
  for (size_t i = 0; i < NG_ARRAY_LEN(links); ++i) {
    const char *p = strstr(name, links[i]);
    if (p && (size_t)(p - name) < end) {
      end = (size_t)(p - name);
    }
  }
  size_t n = strlen(word);
  for (const char *w = name; w + n <= name + end; ++w) {
    if ((w == name || w[-1] == ' ') && !strncasecmp(w, word, n) &&
        (w[n] == ' ' || w[n] == '\0' || w + n == name + end)) {
      return 1;
    }
  }
  return 0;
}

static int is_target(const Targets *t, size_t e) {
  for (size_t i = 0; t && i < t->n; ++i) {
    if (t->items[i] == e) {
      return 1;
    }
  }
  return 0;
}

/* One word with no lower-case letter: "WHO", "NUHS" (an acronym says
 * nothing of what kind of body it names). */
static int is_bare_acronym(const char *name) {
  if (!name || !*name || strchr(name, ' ')) {
    return 0;
  }
  for (const char *p = name; *p; ++p) {
    if (*p >= 'a' && *p <= 'z') {
      return 0;
    }
  }
  return 1;
}

/* The organizations an anaphor before position pos stands for: "it",
 * "the hospital", "the two sides", "both parties". */
/* How many bodies a phrase counts ("the three partners": 3), from two
 * to twelve in words or digits; 0 when it says no number. */
static size_t counted(const char *phrase) {
  static const char *const numbers[] = {"two",   "three", "four", "five",
                                        "six",   "seven", "eight", "nine",
                                        "ten",   "eleven", "twelve"};
  for (size_t i = 0; i < NG_ARRAY_LEN(numbers); ++i) {
    if (ng_contains_word(phrase, numbers[i])) {
      return i + 2;
    }
  }
  for (const char *p = phrase; *p; ++p) {
    if (isdigit((unsigned char)*p) && (p == phrase || p[-1] == ' ')) {
      long v = strtol(p, NULL, 10);
      return v >= 2 && v <= 12 ? (size_t)v : 0;
    }
  }
  return 0;
}

/* The kind a plural anaphor names ("the two universities": "unive"),
 * as the first letters of its head noun, enough to meet its singular
 * and its cognates ("University", "Universidad", "Universität"); 0 when
 * the noun says no kind ("the two sides", "both institutions"). */
static size_t kind_stem(const char *phrase, char stem[8]) {
  static const char *const generic[] = {
      "sides",   "parties", "partners",      "institutions", "organisations",
      "organizations", "bodies", "entities", "groups",   "members",
      "signatories",   "establishments", "they", "all", "both", "two"};
  const char *head = strrchr(phrase, ' ');
  head = head ? head + 1 : phrase;
  size_t n = strlen(head);
  for (size_t i = 0; i < NG_ARRAY_LEN(generic); ++i) {
    if (!strcmp(head, generic[i])) {
      return 0;
    }
  }
  if (n < 4 || head[n - 1] != 's' || !is_word(head)) {
    return 0;
  }
  size_t k = n - 1 < NG_KIND_STEM ? n - 1 : NG_KIND_STEM;
  memcpy(stem, head, k);
  stem[k] = '\0';
  return k;
}

/* Whether a body's name has the kind stem as its head noun: the last
 * word before "of", "for", "de", "in" ("X University of Y") or the first
 * word ("Universidad X"); not "X University Hospital". */
static int name_of_kind(const char *name, const char *stem, size_t k) {
  if (!strncasecmp(name, stem, k)) {
    return 1;
  }
  size_t end = strlen(name);
  static const char *const links[] = {" of ", " for ", " de ", " in ", " at ",
                                      " (", ", "};
  for (size_t i = 0; i < NG_ARRAY_LEN(links); ++i) {
    const char *p = strstr(name, links[i]);
    if (p && (size_t)(p - name) < end) {
      end = (size_t)(p - name);
    }
  }
  size_t b = end;
  while (b > 0 && name[b - 1] != ' ') {
    --b;
  }
  return end - b >= k && !strncasecmp(name + b, stem, k);
}

/* Whether text[end, pos) is a few words of one clause ("X by its",
 * "X and its", "X, its"): the body ending at end is the one a pronoun at
 * pos stands for. */
static int close_before(const Ctx *c, size_t end, size_t pos) {
  enum { CLOSE_BYTES = 12 };
  if (end > pos || pos - end > CLOSE_BYTES) {
    return 0;
  }
  for (size_t k = end; k < pos; ++k) {
    char ch = c->text[k];
    if (ch == ';' || ch == '.' || ch == '(' || ch == ')' || ch == ':') {
      return 0;
    }
  }
  return 1;
}

/* The want latest bodies named before pos, of the kind stem[0..stem_n)
 * when stem_n > 0 (name_of_kind), into t; 1 when there are as many.
 * With counts (the phrase says how many), one more body in the sentence
 * of the last of them makes them items of a longer list: none.  A kind
 * is looked for among the latest KIND_REACH bodies only, so that an
 * article of many bodies and many such phrases stays linear. */
enum { KIND_REACH = 64 };
static int latest_bodies(Ctx *c, const struct ResolveIndex *x, size_t pos,
                         size_t want, int counts, const char *stem,
                         size_t stem_n, Targets *t) {
  t->n = 0;
  size_t second_sentence = NONE, seen = 0;
  for (size_t k = orgs_up_to(c, x, NULL, x->n_orgs, pos); k-- > 0;) {
    size_t m = c->order[x->orgs[k]];
    size_t e = ng_mention_entity(c, m);
    if (c->run->mentions[m].end > pos || is_target(c->named_already, e)) {
      continue;
    }
    if (stem_n && !name_of_kind(c->art->entities[e].name, stem, stem_n)) {
      if (++seen >= KIND_REACH || x->before[k] == NONE) {
        break;
      }
      k = x->before[k] + 1; /* past the mentions of the same entity */
      continue;
    }
    if (t->n == want) {
      if (c->run->mentions[m].sentence == second_sentence && counts) {
        t->n = 0;
      }
      break;
    }
    ng_add_target(t, e);
    second_sentence = c->run->mentions[m].sentence;
    if (x->before[k] == NONE) {
      break;
    }
    k = x->before[k] + 1;
  }
  return t->n == want;
}

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
        ng_add_target(t, co->members[k]);
      }
      return;
    }
  }
  int is_plural = counted(phrase) != 0;
  for (size_t i = 0; i < NG_ARRAY_LEN(plural); ++i) {
    is_plural |= ng_contains_word(phrase, plural[i]);
  }
  if (is_plural) {
    if (c->last_collab != NONE) {
      const NgCollaboration *co = &c->art->collaborations[c->last_collab];
      for (size_t i = 0; i < co->n_members; ++i) {
        ng_add_target(t, co->members[i]);
      }
      return;
    }
    /* the n latest organizations named before pos, n as the phrase
     * counts them ("the four partners"; two when it does not say); but
     * when one more stands in the same sentence as the last of them
     * ("visited A, B and C.  The two sides ..."), they are items of a
     * longer list, not the sides */
    const struct ResolveIndex *x = resolve_index(c);
    if (!x) {
      return;
    }
    size_t want = counted(phrase);
    int counts = want != 0 || ng_contains_word(phrase, "both");
    if (!want) {
      want = 2;
    }
    /* "the two universities": the latest bodies of that kind, when
     * there are as many; else the latest bodies */
    char stem[8];
    size_t stem_n = kind_stem(phrase, stem);
    if (stem_n && latest_bodies(c, x, pos, want, counts, stem, stem_n, t)) {
      return;
    }
    (void)latest_bodies(c, x, pos, want, counts, NULL, 0, t);
    return;
  }
  /* the last word of the phrase names the kind: "the hospital" */
  const char *head = strrchr(phrase, ' ');
  head = head ? head + 1 : phrase;
  int pronoun = !strcmp(head, "it") || !strcmp(head, "its");
  size_t sentence_of_pos = NONE;
  const struct ResolveIndex *x = resolve_index(c);
  if (!x) {
    return;
  }
  /* the organizations before pos, latest first: all of them for "it",
   * those whose name holds the word for "the hospital" */
  const size_t *ks = NULL;
  size_t n = x->n_orgs;
  if (!pronoun && is_word(head)) {
    const size_t *list = *head ? ng_strmap_get(&x->org_words, head,
                                               strlen(head))
                               : NULL;
    ks = list ? x->lists[*list].v : NULL;
    n = list ? x->lists[*list].n : 0;
  }
  for (size_t i = orgs_up_to(c, x, ks, n, pos); i-- > 0;) {
    size_t m = c->order[x->orgs[ks ? ks[i] : i]];
    const NgMention *mm = &c->run->mentions[m];
    size_t e = ng_mention_entity(c, m);
    if (mm->end > pos || !entity_is(c, e, NG_ORGANIZATION)) {
      continue;
    }
    if (pronoun) {
      /* a body named just before in the same clause: "for X by its
       * director" (X, whatever the sentence's subject) */
      if (sentence_of_pos == NONE && close_before(c, mm->end, pos)) {
        ng_add_target(t, e);
        return;
      }
      /* the subject of the latest sentence naming an organization */
      if (sentence_of_pos == NONE) {
        sentence_of_pos = mm->sentence;
      }
      if (mm->sentence != sentence_of_pos) {
        break;
      }
      t->n = 0;
      ng_add_target(t, e);
      continue;
    }
    /* the latest body whose name holds the word before any "of" ("the
     * faculty": the Faculty of X, not the Committee of the Faculty of X
     * named since); else the latest whose name holds it */
    if (name_has_word(&c->art->entities[e], head)) {
      if (word_before_of(c->art->entities[e].name, head)) {
        t->n = 0;
        ng_add_target(t, e);
        return;
      }
      if (!t->n) {
        ng_add_target(t, e);
      }
    }
  }
  if (t->n) {
    return;
  }
  /* "the university" for "Universiti X", "Universidad Y": the latest
   * body whose head noun, in another language, shares the word's first
   * letters (one body: "the universities" are many) */
  size_t head_n = strlen(head);
  if (!pronoun && head_n >= NG_KIND_STEM + 2 && head[head_n - 1] != 's' &&
      is_word(head)) {
    for (size_t i = orgs_up_to(c, x, NULL, x->n_orgs, pos); i-- > 0;) {
      size_t m = c->order[x->orgs[i]];
      size_t e = ng_mention_entity(c, m);
      if (c->run->mentions[m].end <= pos && entity_is(c, e, NG_ORGANIZATION) &&
          name_of_kind(c->art->entities[e].name, head, NG_KIND_STEM)) {
        ng_add_target(t, e);
        return;
      }
    }
  }
  /* "the company", "the firm": a company's name rarely says so, its
   * class does ("Quorvex Ltd"); else the latest body whose name has no
   * head noun at all ("Quorvex Health"), as a brand's name has none */
  if (!pronoun && (!strcmp(head, "company") || !strcmp(head, "firm"))) {
    size_t headless = NONE;
    for (size_t i = orgs_up_to(c, x, NULL, x->n_orgs, pos); i-- > 0;) {
      size_t m = c->order[x->orgs[i]];
      size_t e = ng_mention_entity(c, m);
      const NgEntity *en = &c->art->entities[e];
      if (c->run->mentions[m].end > pos || !entity_is(c, e, NG_ORGANIZATION)) {
        continue;
      }
      if (en->subclass && !strcmp(en->subclass, "Corporation")) {
        ng_add_target(t, e);
        return;
      }
      if (!en->subclass && headless == NONE && !is_bare_acronym(en->name)) {
        headless = e;
      }
    }
    if (headless != NONE) {
      ng_add_target(t, headless);
    }
  }
}

/* Whether the last word of phrase is an ordinary word (COMMON). */
static int is_common_word(Ctx *c, const char *phrase) {
  const char *w = strrchr(phrase, ' ');
  w = w ? w + 1 : phrase;
  int cls = c->ex->cls_common;
  return cls >= 0 && ((ng_gazetteer_lookup(c->ex->rules->gaz, w, strlen(w), -1,
                                           NULL) >>
                       cls) &
                      1u);
}

/* The organization whose name or second name is word (lower case, one
 * word: an acronym such as "hmu"), into t. */
static void owner_by_short_name(Ctx *c, const char *word, Targets *t) {
  for (size_t i = 0; i < c->art->n_entities; ++i) {
    const NgEntity *e = &c->art->entities[i];
    if (e->type != NG_ORGANIZATION) {
      continue;
    }
    int named = !strcasecmp(e->name, word);
    for (size_t k = 0; !named && k < e->n_alt_names; ++k) {
      named = !strcasecmp(e->alt_names[k], word);
    }
    if (named) {
      ng_add_target(t, i);
      return;
    }
  }
}

/* "He", "She" opening a clause: the first person named in the latest
 * sentence before pos that names one, at most two sentences back ("Dr A
 * has been appointed chief nurse.  She will also hold ..."). */
static void resolve_person_pronoun(Ctx *c, size_t pos, Targets *t) {
  size_t lo = 0, hi = ng_document_n_sentences(c->doc);
  while (lo < hi) { /* the first sentence that starts after pos */
    size_t mid = (lo + hi) / 2;
    if (ng_document_sentence(c->doc, mid)->span.begin <= pos) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  for (size_t s = lo, back = 0; s-- > 0 && back < 3; ++back) {
    size_t first = NONE, first_begin = pos;
    for (size_t m = c->run->sentence_head[s]; m != NONE;
         m = c->run->mentions[m].next) {
      const NgMention *mm = &c->run->mentions[m];
      if (mm->type == NG_M_PERSON && !mm->dropped && !mm->superseded &&
          mm->end <= pos && mm->begin < first_begin) {
        first = m;
        first_begin = mm->begin;
      }
    }
    if (first != NONE) {
      ng_add_target(t, ng_mention_entity(c, first));
      return;
    }
  }
}

/* Whether phrase (lower case, without its article) is one head noun of
 * bodies ("faculty", "council"); ORG_HEAD is matched in any case. */
static int is_head_noun(Ctx *c, const char *phrase) {
  int cls = c->ex->cls_org_head;
  return phrase && *phrase && !strchr(phrase, ' ') && cls >= 0 &&
         ((ng_gazetteer_lookup(c->ex->rules->gaz, phrase, strlen(phrase), -1,
                               NULL) >>
           cls) &
          1u);
}

/* Entities an argument stands for, of the wanted types (bitmask of
 * 1 << NgEntityType); anaphors are resolved for organizations, "he" and
 * "she" for people. */
void ng_resolve_arg(Ctx *c, const NgActionArg *arg, unsigned types,
                        Targets *t) {
  t->n = 0;
  if (!arg || !arg->set) {
    return;
  }
  size_t named = 0; /* refs that stand for an entity of any type */
  for (size_t i = 0; i < arg->n_refs; ++i) {
    size_t e = ng_mention_entity(c, c->run->refs[arg->first_ref + i]);
    named += e != NONE;
    if (e != NONE && (types >> c->art->entities[e].type) & 1) {
      ng_add_target(t, e);
    }
  }
  if (!t->n && !arg->n_refs && types == (1u << NG_PERSON)) {
    char *who = arg_text_lower(c, arg);
    if (who && (!strcmp(who, "he") || !strcmp(who, "she"))) {
      resolve_person_pronoun(c, arg->begin, t);
    }
    free(who);
    return;
  }
  if (t->n || !(types & (1u << NG_ORGANIZATION)) || named) {
    return;
  }
  char *phrase = arg_text_lower(c, arg);
  /* a mention the later steps dropped leaves a lone head noun an
   * anaphor ("the Faculty's", once read as a name); anything else is a
   * name that did not hold */
  if (arg->n_refs && !is_head_noun(c, phrase)) {
    free(phrase);
    return;
  }
  if (phrase) {
    resolve_org_anaphor(c, phrase, arg->begin, t);
  }
  size_t len = phrase ? strlen(phrase) : 0;
  if (!t->n && len > 3 && phrase[len - 1] == 's' && phrase[len - 2] != 's' &&
      !is_common_word(c, phrase)) {
    /* a possessive that lost its apostrophe in scraping: "the
     * universitys Faculty", "HMUs Faculty"; not a plural ("the
     * hospitals"), which the dictionary knows */
    phrase[len - 1] = '\0';
    if (!strchr(phrase, ' ')) { /* a name or acronym first: "HMU" */
      owner_by_short_name(c, phrase, t);
    }
    if (!t->n) {
      resolve_org_anaphor(c, phrase, arg->begin, t);
    }
  }
  free(phrase);
  /* an organization's mention may have joined a person's entity ("Ana
   * Ruiz" read once as a body): an anaphor stands for bodies only */
  size_t k = 0;
  for (size_t i = 0; i < t->n; ++i) {
    if ((types >> c->art->entities[t->items[i]].type) & 1) {
      t->items[k++] = t->items[i];
    }
  }
  t->n = k;
}

/* The event an argument names, or the article's main event that an
 * anaphor ("the conference", "the ceremony") stands for: the event with
 * the most mentions whose name shares the anaphor's head noun.  With no
 * event yet, the phrase itself names a new one. */
/* "the signing ceremony" when the article names "the Signing of the
 * MoU" or "the signing": the one event named by the same act (a word
 * ending in "-ing" or of EVENT_ACT) alone or "of" something; NONE when
 * there is none or several. */
static size_t event_of_same_act(Ctx *c, const struct ResolveIndex *x,
                                const char *text) {
  char *phrase = ng_clean_span(text, 0, strlen(text), 1); /* no "the" */
  size_t n = phrase ? strcspn(phrase, " ") : 0;
  if (!phrase || !phrase[n] || n < 4 || !ng_is_event_act(c, phrase, n)) {
    free(phrase);
    return NONE;
  }
  size_t found = NONE;
  for (size_t i = 0; i < x->events.n; ++i) {
    const char *name = c->art->entities[x->events.v[i]].name;
    if (!strncasecmp(name, phrase, n) &&
        (!strncmp(name + n, " of ", 4) || !name[n])) {
      if (found != NONE && found != x->events.v[i]) {
        found = NONE;
        break;
      }
      found = x->events.v[i];
    }
  }
  free(phrase);
  return found;
}

/* Whether an event's name holds a word of EVENT_CEREMONY ("Awards"). */
static int is_ceremonial(Ctx *c, const char *name) {
  int cls = c->ex->cls_event_ceremony;
  for (const char *w = name; cls >= 0 && *w;) {
    size_t n = strcspn(w, " ");
    if (n && (ng_gazetteer_lookup(c->ex->rules->gaz, w, n, -1, NULL) >> cls) & 1u) {
      return 1;
    }
    w += n + (w[n] == ' ');
  }
  return 0;
}

/* "the ceremony" when the article's one act-event is named by its act
 * alone ("the signing", "the launch"), or that act when the article's
 * one such event is "the ceremony": a ceremony is the occasion of an
 * act, so the two are one event.  NONE when the phrase is neither or the
 * match is not unique. */
static size_t event_of_occasion(Ctx *c, const struct ResolveIndex *x,
                                const char *text) {
  char *phrase = ng_clean_span(text, 0, strlen(text), 1); /* no "the" */
  size_t n = phrase ? strlen(phrase) : 0;
  if (!phrase || n < 4 || strchr(phrase, ' ')) {
    free(phrase);
    return NONE;
  }
  int ceremony = !strcasecmp(phrase, "ceremony");
  if (!ceremony && !ng_is_event_act(c, phrase, n)) {
    free(phrase);
    return NONE;
  }
  free(phrase);
  size_t found = NONE;
  for (size_t i = 0; i < x->events.n; ++i) {
    const char *name = c->art->entities[x->events.v[i]].name;
    int fits = ceremony ? !strchr(name, ' ') &&
                              ng_is_event_act(c, name, strlen(name))
                        : !strcasecmp(name, "ceremony");
    if (fits) {
      if (found != NONE && found != x->events.v[i]) {
        return NONE;
      }
      found = x->events.v[i];
    }
  }
  /* no act: "the ceremony" of an article about "the X Awards 2031" is
   * that event (EVENT_CEREMONY) */
  if (found == NONE && ceremony && x->best_any != NONE &&
      is_ceremonial(c, c->art->entities[x->best_any].name)) {
    found = x->best_any;
  }
  return found;
}

/* "the signing and naming ceremony" read as an event first named by
 * its head alone ("the ceremony"): the acts before the head ("-ing"
 * words or EVENT_ACT, joined by "and") become another name of it, so
 * that a later "the signing" finds it. */
static void name_the_acts(Ctx *c, struct ResolveIndex *x,
                          const NgActionArg *arg, size_t e) {
  const NgEntity *en = &c->art->entities[e];
  if (strchr(en->name, ' ')) {
    return;
  }
  char *phrase = ng_clean_span(c->text, arg->begin, arg->end, 1);
  const char *head = phrase ? strrchr(phrase, ' ') : NULL;
  int acts = 0;
  for (const char *w = phrase; head && w < head;) {
    size_t n = strcspn(w, " ");
    if (!(n == 3 && !strncmp(w, "and", 3)) && !ng_is_event_act(c, w, n)) {
      acts = 0;
      break;
    }
    acts += n != 3 || strncmp(w, "and", 3);
    w += n + 1;
  }
  if (acts && !strcasecmp(head + 1, en->name) &&
      ng_article_add_alias(c->art, e, phrase) == NG_SUCCESS) {
    (void)each_word(c, x, phrase, e, add_event_word); /* else a name less */
  }
  free(phrase);
}

/* Whether an event phrase opens with a count or a period ("ninth",
 * "41st", "annual") and names whose it is ("... of the X Society"). */
static int counted_of_body(const char *phrase) {
  static const char *const counts[] = {
      "annual ", "biennial ", "yearly ", "first ",   "second ", "third ",
      "fourth ", "fifth ",    "sixth ",  "seventh ", "eighth ", "ninth ",
      "tenth "};
  if (!strstr(phrase, " of ")) {
    return 0;
  }
  for (size_t i = 0; i < NG_ARRAY_LEN(counts); ++i) {
    if (!strncmp(phrase, counts[i], strlen(counts[i]))) {
      return 1;
    }
  }
  const char *p = phrase;
  while (isdigit((unsigned char)*p)) {
    ++p;
  }
  return p > phrase && (!strncmp(p, "st ", 3) || !strncmp(p, "nd ", 3) ||
                        !strncmp(p, "rd ", 3) || !strncmp(p, "th ", 3));
}

/* The event arg stands for (ng_resolve_event); with known_only, only an
 * event the article already names so, which the phrase gives no alias. */
static size_t resolve_event(Ctx *c, const NgActionArg *arg, int known_only) {
  Targets t;
  ng_resolve_arg(c, arg, 1u << NG_EVENT, &t);
  if (t.n) {
    return t.items[0];
  }
  /* a literal names the kind of event: event="visit"; event="?signing"
   * stands for an event the article already names so, and for none
   * other (no new event, not the main one) */
  int literal = arg && arg->literal && !arg->set;
  int marked = literal && arg->literal[0] == '?';
  known_only |= marked;
  char *phrase = literal       ? ng_strdup(arg->literal + marked)
                 : arg && arg->set ? arg_text_lower(c, arg)
                                   : ng_strdup("");
  if (!phrase) {
    return NONE;
  }
  const char *head = strrchr(phrase, ' ');
  head = head ? head + 1 : phrase;
  size_t best = NONE, best_any = NONE;
  struct ResolveIndex *x = resolve_index(c);
  if (!x) {
    free(phrase);
    return NONE;
  }
  best_any = x->best_any;
  if (is_word(head)) {
    const size_t *e = *head ? ng_strmap_get(&x->event_words, head, strlen(head))
                            : NULL;
    if (!e && *head) {
      e = ng_strmap_get(&x->event_alt_words, head, strlen(head));
    }
    best = e ? *e : NONE;
    if (best != NONE && arg && arg->set && !known_only) {
      name_the_acts(c, x, arg, best);
    }
  } else {
    for (size_t i = 0; i < x->events.n; ++i) {
      size_t e = x->events.v[i];
      if (name_has_word(&c->art->entities[e], head) &&
          (best == NONE || c->entity_count[e] > c->entity_count[best])) {
        best = e;
      }
    }
  }
  /* "the forum", "this event" stand for the event of the sentence before
   * (near_event, set by facts.c), else for the main event; a part of an
   * event ("the signing ceremony") that no event's name shares is new
   * (the rule set's EVENT_PART list) */
  int cls = c->ex->cls_event_part;
  int is_generic =
      cls < 0 || !((ng_gazetteer_lookup(c->ex->rules->gaz, head, strlen(head),
                                        -1, NULL) >>
                    cls) &
                   1u);
  if (known_only) {
    free(phrase);
    return best;
  }
  /* "a seminar" brings in an event of its own; "the seminar" refers to
   * one spoken of */
  int indefinite = arg && arg->set && !literal &&
                   (!strncmp(phrase, "a ", 2) || !strncmp(phrase, "an ", 3));
  /* "the next general assembly", "the society's upcoming congress":
   * another one */
  indefinite |= arg && arg->set && !literal &&
                (!strncmp(phrase, "next ", 5) || strstr(phrase, " next ") ||
                 !strncmp(phrase, "upcoming ", 9) || strstr(phrase, " upcoming "));
  /* "the sixth convocation of the X Institute", "the yearly meeting of
   * the Y Society": counted and said as a body's, one of its own */
  indefinite |= arg && arg->set && !literal && best == NONE &&
                counted_of_body(phrase);
  if (best == NONE && !indefinite &&
      (is_generic || !arg || (!arg->set && !literal))) {
    best = c->near_event != NONE ? c->near_event : best_any;
  }
  if (best == NONE && !is_generic) {
    best = event_of_same_act(c, x, phrase);
    if (best == NONE) {
      best = event_of_occasion(c, x, phrase);
    }
    if (best != NONE && arg && (arg->set || literal)) { /* "signing
                                                           ceremony" names it too */
      char *alias = literal ? ng_strdup(phrase)
                            : ng_clean_span(c->text, arg->begin, arg->end, 1);
      if (alias && strcasecmp(alias, c->art->entities[best].name) &&
          ng_article_add_alias(c->art, best, alias) == NG_SUCCESS) {
        (void)each_word(c, x, alias, best, add_event_word);
      }
      free(alias);
    }
  }
  if (best == NONE && arg && (arg->set || literal)) {
    char *name = literal ? ng_strdup(phrase)
                         : ng_clean_span(c->text, arg->begin, arg->end, 1);
    if (name && *name && ng_article_add_entity(c->art, NG_EVENT, name, &best) <=
                             NG_FAILURE) {
      if (best < x->n_seen && c->entity_count[best] != 1) {
        x->stale = 1; /* a known event's count changes */
      }
      c->entity_count[best] = 1;
    } else {
      best = NONE;
    }
    free(name);
  }
  free(phrase);
  return best;
}

size_t ng_resolve_event(Ctx *c, const NgActionArg *arg) {
  return resolve_event(c, arg, 0);
}

size_t ng_resolve_known_event(Ctx *c, const NgActionArg *arg) {
  return resolve_event(c, arg, 1);
}

size_t ng_event_named_before(Ctx *c, size_t pos, size_t *sentence,
                             size_t *begin) {
  struct ResolveIndex *x = resolve_index(c);
  if (!x) {
    return NONE;
  }
  size_t lo = 0, hi = x->n_evs;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (c->run->mentions[c->order[x->evs[mid]]].begin < pos) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (!lo) {
    return NONE;
  }
  const NgMention *m = &c->run->mentions[c->order[x->evs[lo - 1]]];
  *sentence = m->sentence;
  *begin = m->begin;
  return ng_mention_entity(c, c->order[x->evs[lo - 1]]);
}

size_t ng_event_main_of_session(Ctx *c, size_t e) {
  int cls = c->ex->cls_event_session;
  if (cls < 0 || e == NONE || !entity_is(c, e, NG_EVENT)) {
    return NONE;
  }
  const char *name = c->art->entities[e].name;
  const char *head = strrchr(name, ' ');
  head = head ? head + 1 : name;
  if (!((ng_gazetteer_lookup(c->ex->rules->gaz, head, strlen(head), -1,
                             NULL) >>
         cls) &
        1u)) {
    return NONE;
  }
  struct ResolveIndex *x = resolve_index(c);
  size_t main_event = x ? x->best_any : NONE;
  return main_event == e ? NONE : main_event;
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

/* Whether s is a year of this era alone: "2019". */
static int is_bare_year(const char *s) {
  return (!strncmp(s, "19", 2) || !strncmp(s, "20", 2)) &&
         isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
         !s[4];
}

/* Reads the date of arg into out ("" when it cannot be resolved). */
void ng_arg_date(Ctx *c, const NgActionArg *arg, const char *event_name,
                     char start[11], char end[11]) {
  start[0] = end[0] = '\0';
  if (!arg || !arg->set) {
    return;
  }
  char *s = ng_strndup(c->text + arg->begin, arg->end - arg->begin);
  NgDate a, b, ref, ref_end;
  const char *at = s && !strncmp(s, "on ", 3) ? s + 3 : s;
  int parsed = at && ng_date_parse(at, &a, &b);
  if (at && !parsed && is_bare_year(at)) {
    /* a rule that captures a year alone means it ("partners since 2019");
     * ng_date_parse does not read one, as a year inside a name is none */
    memcpy(start, at, 4);
    start[4] = '\0';
  } else if (at && !parsed && c->art->date_published &&
      ng_date_parse(c->art->date_published, &ref, &ref_end)) {
    /* "on Monday", "yesterday": counted from the article's date */
    NgBuf on = NG_BUF_INIT;
    ng_buf_printf(&on, "on %s", at);
    if (on.data && ng_date_relative(on.data, &ref, &a)) {
      ng_date_format(&a, start);
    }
    ng_buf_release(&on);
  } else if (parsed) {
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

