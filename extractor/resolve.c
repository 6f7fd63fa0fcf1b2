/*
 * resolve.c: what an argument stands for.  A rule's group names mentions,
 * or a phrase that names none ("it", "the two sides", "the hospital",
 * "the conference") and stands for something said before; dates take the
 * year their context gives.
 */
#include "extract.h"

#include "buf.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        ng_add_target(t, co->members[k]);
      }
      return;
    }
  }
  int is_plural = 0;
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
    for (size_t i = c->n_order; i-- > 0 && t->n < 2;) {
      size_t m = c->order[i];
      size_t e = ng_mention_entity(c, m);
      if (c->run->mentions[m].end <= pos && entity_is(c, e, NG_ORGANIZATION)) {
        ng_add_target(t, e);
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
    size_t e = ng_mention_entity(c, m);
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
      ng_add_target(t, e);
      continue;
    }
    if (name_has_word(&c->art->entities[e], head)) {
      ng_add_target(t, e);
      return;
    }
  }
}

/* Entities an argument stands for, of the wanted types (bitmask of
 * 1 << NgEntityType); anaphors are resolved for organizations. */
void ng_resolve_arg(Ctx *c, const NgActionArg *arg, unsigned types,
                        Targets *t) {
  t->n = 0;
  if (!arg || !arg->set) {
    return;
  }
  for (size_t i = 0; i < arg->n_refs; ++i) {
    size_t e = ng_mention_entity(c, c->run->refs[arg->first_ref + i]);
    if (e != NONE && (types >> c->art->entities[e].type) & 1) {
      ng_add_target(t, e);
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
size_t ng_resolve_event(Ctx *c, const NgActionArg *arg) {
  Targets t;
  ng_resolve_arg(c, arg, 1u << NG_EVENT, &t);
  if (t.n) {
    return t.items[0];
  }
  /* a literal names the kind of event: event="visit" */
  int literal = arg && arg->literal && !arg->set;
  char *phrase = literal       ? ng_strdup(arg->literal)
                 : arg && arg->set ? arg_text_lower(c, arg)
                                   : ng_strdup("");
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
  if (best == NONE && (is_generic || !arg || (!arg->set && !literal))) {
    best = best_any;
  }
  if (best == NONE && arg && (arg->set || literal)) {
    char *name = literal ? ng_strdup(phrase)
                         : ng_clean_span(c->text, arg->begin, arg->end, 1);
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
void ng_arg_date(Ctx *c, const NgActionArg *arg, const char *event_name,
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

