/*
 * facts.c: the meaning of relation actions.  Each verb of schema.c
 * (member, parent, event_date, collab, ...) becomes facts of the NgArticle
 * with the rule and sentence that gave them.
 */
#include "extract.h"

#include "buf.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
  char *s = ng_clean_span(c->text, arg->begin, arg->end, 1);
  if (s && !*s) {
    free(s);
    s = NULL;
  }
  return s;
}

/* Whether a member action gives way to the order of posts in its list:
 * order="after" (a post after the name) does not hold for a person whose
 * post came before the name; order="chain" (a post before a name inside
 * a comma list) holds only in a list that names posts first. */
static int out_of_order(Ctx *c, const NgAction *a) {
  const NgActionArg *order = ng_action_arg(c->run, a, "order");
  const NgActionArg *person = ng_action_arg(c->run, a, "person");
  if (!order || !order->literal || !person) {
    return 0;
  }
  if (!strcmp(order->literal, "chain")) {
    return !c->list_of_posts_first[a->sentence];
  }
  if (!strcmp(order->literal, "after")) {
    for (size_t k = 0; k < person->n_refs; ++k) {
      if (c->post_before[c->run->refs[person->first_ref + k]]) {
        return 1;
      }
    }
  }
  return 0;
}

/* Whether text opens with a post: its first word, or first two, a title
 * or a title's modifier ("Vice President", "CEO"), so that "Minister of
 * Water and Sanitation" stays one post and "Editor and CEO" is two. */
static int opens_a_post(Ctx *c, const char *text) {
  size_t n1 = strcspn(text, " ,");
  size_t n2 = text[n1] == ' ' ? n1 + 1 + strcspn(text + n1 + 1, " ,") : n1;
  uint64_t want = 0;
  if (c->ex->cls_title >= 0) {
    want |= (uint64_t)1 << c->ex->cls_title;
  }
  if (c->ex->cls_title_mod >= 0) {
    want |= (uint64_t)1 << c->ex->cls_title_mod;
  }
  const NgGazetteer *g = c->ex->rules->gaz;
  return !want || (ng_gazetteer_lookup(g, text, n1, -1, NULL) & want) ||
         (ng_gazetteer_lookup(g, text, n2, -1, NULL) & want);
}

/* The office a post with a remit names, when the article names it too:
 * "Minister of Water and Sanitation" -> "Ministry of Water and Sanitation"
 * (class POST_OFFICE, each entry valued by its office's head noun). */
static size_t office_of_post(Ctx *c, const char *role) {
  int cls = c->ex->cls_post_office;
  const char *of = role ? strstr(role, " of ") : NULL;
  const char *for_ = role ? strstr(role, " for ") : NULL;
  if (!of || (for_ && for_ < of)) {
    of = for_;
  }
  if (cls < 0 || !of) {
    return NONE;
  }
  const char *head = of;
  while (head > role && head[-1] != ' ') {
    --head;
  }
  const char *office = NULL;
  uint64_t m = ng_gazetteer_lookup(c->ex->rules->gaz, head,
                                   (size_t)(of - head), cls, &office);
  if (!((m >> cls) & 1u) || !office) {
    return NONE;
  }
  NgBuf b = NG_BUF_INIT;
  ng_buf_puts(&b, office);
  ng_buf_puts(&b, of);
  size_t e = b.data ? ng_org_entity_named(c, b.data) : NONE;
  ng_buf_release(&b);
  return e;
}

/* A post said in the plural for several holders, said in the singular
 * for each: "Vice Deans of Medicine" -> "Vice Dean of Medicine" (the
 * TITLES entry's value is its singular; the text's letter case is kept
 * where the two spellings agree); only the words before the remit.  role
 * is replaced in place. */
static void singular_post(Ctx *c, char **role) {
  int cls = c->ex->cls_titles;
  if (cls < 0 || !*role) {
    return;
  }
  const NgGazetteer *g = c->ex->rules->gaz;
  for (const char *w = *role; *w;) {
    uint64_t mask = 0;
    const char *one = NULL;
    size_t n = ng_gazetteer_longest(g, w, strlen(w), &mask);
    if (n && ((mask >> cls) & 1u) &&
        ((ng_gazetteer_lookup(g, w, n, cls, &one) >> cls) & 1u) && one) {
      NgBuf b = NG_BUF_INIT;
      ng_buf_append(&b, *role, (size_t)(w - *role));
      for (size_t i = 0; one[i]; ++i) {
        char t = i < n ? w[i] : 0;
        ng_buf_append(&b, tolower((unsigned char)t) ==
                                  tolower((unsigned char)one[i])
                              ? &t
                              : &one[i],
                      1);
      }
      ng_buf_puts(&b, w + n);
      char *s = ng_buf_detach(&b);
      if (s) {
        free(*role);
        *role = s;
      }
      return;
    }
    w += strcspn(w, " ");
    w += strspn(w, " ");
    /* the remit is as written: "chair of the board of directors" */
    static const char *const remit[] = {"of ", "for ", "to ", "in ", "on "};
    for (size_t k = 0; k < NG_ARRAY_LEN(remit); ++k) {
      if (!strncmp(w, remit[k], strlen(remit[k]))) {
        return;
      }
    }
  }
}

/* Whether text[0..n) is, as a whole, an entry of class cls. */
static int is_entry(Ctx *c, const char *text, size_t n, int cls) {
  return cls >= 0 && n &&
         ((ng_gazetteer_lookup(c->ex->rules->gaz, text, n, -1, NULL) >> cls) &
          1u);
}

/* A holder's status in parentheses is no part of the post: "Minister
 * (acting) of Health" is "Minister of Health".  Only one lower-case word
 * in parentheses: "Deputy Director (Research)" names a remit and stays.
 * role is changed in place. */
static void drop_status_note(char *role) {
  for (char *p = role ? strstr(role, " (") : NULL; p; p = strstr(p + 1, " (")) {
    size_t n = 0;
    while (p[2 + n] >= 'a' && p[2 + n] <= 'z') {
      ++n;
    }
    /* "(acting)" inside the post, or "(acting" at its end (the rule's
     * text stops before the ")") */
    if (n && n <= 10 && (p[2 + n] == ')' || !p[2 + n])) {
      const char *rest = p + 2 + n + (p[2 + n] == ')');
      memmove(p, rest, strlen(rest) + 1);
      return;
    }
  }
}

/* A courtesy title written between a post and the name is not part of
 * the post: "Dean Professor" (of "Dean Professor Ana Ruiz") is "Dean".
 * Only when what is left ends with a post, so that "Associate Professor"
 * and "Professor" stay as they are.  role is replaced in place. */
static void drop_trailing_courtesy(Ctx *c, char **role) {
  int hon = c->ex->cls_honorific, title = c->ex->cls_title;
  char *r = *role;
  if (!r || hon < 0 || title < 0) {
    return;
  }
  size_t n = strlen(r);
  /* the courtesy title: the last two words ("Associate Professor"), else
   * the last one; a courtesy title of two words is never cut in two */
  for (int words = 2; words >= 1; --words) {
    size_t cut = n;
    for (int w = 0; w < words && cut; ++w) {
      while (cut && r[cut - 1] != ' ') {
        --cut;
      }
      if (w + 1 < words && cut) {
        --cut;
      }
    }
    if (!is_entry(c, r + cut, n - cut, hon)) {
      continue;
    }
    if (!cut) {
      return; /* the role is a courtesy title and nothing else */
    }
    size_t left = cut - 1; /* before the space */
    size_t start = left;
    while (start && r[start - 1] != ' ') {
      --start;
    }
    /* the post left ends with a title: its last word, or its last two */
    size_t start2 = start ? start - 1 : 0;
    while (start2 && r[start2 - 1] != ' ') {
      --start2;
    }
    if (is_entry(c, r + start, left - start, title) ||
        (start && is_entry(c, r + start2, left - start2, title))) {
      r[left] = '\0';
    }
    return;
  }
}

/* "the hospital's chief executive": the owner named by a common noun is
 * the body the post is of (resolved, if at all, from the org argument),
 * no part of the post's name. */
static void drop_common_owner(char *role) {
  if (!role || !islower((unsigned char)role[0])) {
    return;
  }
  size_t n = strcspn(role, " ");
  if (n > 2 && role[n] == ' ' && (!strncmp(role + n - 2, "'s", 2) ||
                                  role[n - 1] == '\'') && role[n + 1]) {
    memmove(role, role + n + 1, strlen(role + n + 1) + 1);
  }
}

/* "Oban Hospital's chief medical officer", "Quorvex's chief": a named
 * owner before the post (one to five capitalised words, the last with
 * "'s") is the body the post is of, no part of the post's name. */
static void drop_named_owner(char *role) {
  if (!role || !isupper((unsigned char)role[0])) {
    return;
  }
  size_t k = 0;
  for (int words = 0; words < 5 && role[k]; ++words) {
    if (!isupper((unsigned char)role[k])) {
      return;
    }
    size_t n = strcspn(role + k, " ");
    const char *end = role + k + n;
    if (role[k + n] == ' ' && role[k + n + 1] &&
        ((n > 2 && !strncmp(end - 2, "'s", 2)) ||
         (n > 4 && !strncmp(end - 4, "\xe2\x80\x99s", 4)))) {
      memmove(role, end + 1, strlen(end + 1) + 1);
      return;
    }
    k += n + (role[k + n] == ' ');
  }
}

/* Whether the n bytes at text are an entry of word-list class cls. */
static int in_class(Ctx *c, const char *text, size_t n, int cls) {
  return cls >= 0 &&
         ((ng_gazetteer_lookup(c->ex->rules->gaz, text, n, -1, NULL) >> cls) &
          1);
}

/* Whether word, lower case or not, is a kind of country subdivision
 * ("province", "Region"); the list holds them capitalised. */
static int is_place_kind(Ctx *c, const char *word) {
  char cap[64];
  size_t n = strlen(word);
  if (!n || n >= sizeof cap) {
    return 0;
  }
  memcpy(cap, word, n + 1);
  cap[0] = (char)toupper((unsigned char)cap[0]);
  return in_class(c, cap, n, c->ex->cls_place_kind);
}

/* Whether text[0..n) is a country, its people's word or a known place. */
static int is_place(Ctx *c, const char *text, size_t n) {
  return in_class(c, text, n, c->ex->cls_country) ||
         in_class(c, text, n, c->ex->cls_place_name);
}

/* A post does not carry where its holder serves: "Ukrainian Vice
 * Minister of Health" is "Vice Minister of Health", "Harlow Minister
 * for Health" is "Minister for Health" (a country, its people's word or
 * a known place first, while a post word follows). */
static void drop_leading_place(Ctx *c, char *role) {
  if (!role || !isupper((unsigned char)role[0])) {
    return;
  }
  size_t n = strcspn(role, " ");
  if (!role[n] || !isupper((unsigned char)role[n + 1]) ||
      !is_place(c, role, n)) {
    return;
  }
  memmove(role, role + n + 1, strlen(role + n + 1) + 1);
}

/* The end of a word of letters (and hyphens) at p. */
static const char *word_end(const char *p) {
  while (isalpha((unsigned char)*p) || *p == '-' || (*p & 0x80)) {
    ++p;
  }
  return p;
}

/* Where a post that the rules read only up to a modifier really ends,
 * when "and" joins two modifiers of one head noun: "chief" or "chief
 * operating" of "chief operating and financial officer".  role is the
 * role= argument; returns the offset after the head noun (a title word),
 * or 0 unless the text at the post is a title's modifier, one or two
 * words, "and" or "&" (after the post's end), and one or two words
 * ending with a title word. */
static size_t shared_head_end(Ctx *c, const NgActionArg *role) {
  if (!role || !role->set || role->literal) {
    return 0;
  }
  const char *b = c->text + role->begin, *e = c->text + role->end;
  const char *p = word_end(b);
  if (!in_class(c, b, (size_t)(p - b), c->ex->cls_title_mod)) {
    return 0;
  }
  for (int side = 0; side < 2; ++side) {
    int words = 0;
    const char *last = NULL, *last_end = NULL;
    while (words < 3 && *p == ' ') {
      const char *w = p + 1, *we = word_end(w);
      if (we == w || in_class(c, w, (size_t)(we - w), c->ex->cls_function)) {
        break;
      }
      last = w, last_end = we, p = we, ++words;
    }
    if (!words || words > 2) {
      return 0;
    }
    if (side == 0) {
      /* the rules' post ends before the "and" */
      if (p < e || (strncmp(p, " and ", 5) && strncmp(p, " & ", 3))) {
        return 0;
      }
      p += p[1] == '&' ? 2 : 4;
    } else if (in_class(c, last, (size_t)(last_end - last), c->ex->cls_title)) {
      return (size_t)(last_end - c->text);
    }
  }
  return 0;
}

/* Whether the words from r to cut only modify a head noun yet to come:
 * one or two words, no remit, the last no title word ("chief operating"
 * of "chief operating & financial officer"). */
static int modifiers_only(Ctx *c, const char *r, const char *cut) {
  const char *last = r;
  int words = 1;
  for (const char *q = r; q < cut; ++q) {
    if (*q == ' ') {
      last = q + 1;
      ++words;
    }
  }
  return words <= 2 && !in_class(c, last, (size_t)(cut - last), c->ex->cls_title);
}

/* The organization a mention right after offset at names: " at the X",
 * " of X" (NONE when none). */
static size_t org_right_after(Ctx *c, size_t sentence, size_t at) {
  const char *p = c->text + at;
  if (!strncmp(p, " at ", 4) || !strncmp(p, " of ", 4)) {
    p += 4;
  } else {
    return NONE;
  }
  if (!strncmp(p, "the ", 4)) {
    p += 4;
  }
  size_t begin = (size_t)(p - c->text);
  for (size_t m = c->run->sentence_head[sentence]; m != NONE;
       m = c->run->mentions[m].next) {
    const NgMention *mm = &c->run->mentions[m];
    if (mm->begin == begin && mm->type == NG_M_ORG && !mm->dropped &&
        !mm->superseded) {
      size_t e = ng_mention_entity(c, m);
      if (e != NONE && c->art->entities[e].type == NG_ORGANIZATION) {
        return e;
      }
    }
  }
  return NONE;
}

/* The post a rule's role= argument names, cleaned: no common-noun owner,
 * no status note, in the singular, no courtesy title after it (new; NULL
 * when none).  *shared (when not NULL) receives shared_head_end's offset,
 * or 0. */
static char *post_of(Ctx *c, const NgAction *a, size_t *shared) {
  const NgActionArg *arg = ng_action_arg(c->run, a, "role");
  size_t end = shared_head_end(c, arg);
  if (shared) {
    *shared = end;
  }
  char *role = end ? ng_clean_span(c->text, arg->begin, end, 1)
                   : arg_literal(c, arg);
  drop_common_owner(role);
  drop_named_owner(role);
  drop_leading_place(c, role);
  drop_status_note(role);
  singular_post(c, &role);
  drop_trailing_courtesy(c, &role);
  return role;
}

static void do_member(Ctx *c, const NgAction *a, const NgProvenance *p) {
  Targets people, orgs;
  if (out_of_order(c, a)) {
    return;
  }
  ng_resolve_arg(c, ng_action_arg(c->run, a, "person"), 1u << NG_PERSON, &people);
  ng_resolve_arg(c, ng_action_arg(c->run, a, "org"), 1u << NG_ORGANIZATION, &orgs);
  size_t shared;
  char *role = post_of(c, a, &shared);
  if (!orgs.n && shared) {
    size_t org = org_right_after(c, a->sentence, shared);
    if (org != NONE) {
      ng_add_target(&orgs, org);
    }
  }
  if (!orgs.n) {
    size_t office = office_of_post(c, role);
    if (office != NONE) {
      ng_add_target(&orgs, office);
    }
  }
  for (size_t i = 0; i < people.n; ++i) {
    for (size_t j = 0; j < orgs.n; ++j) {
      /* "Editor and Vice President": two posts; "Director of Quality,
       * Safety, and Outreach": one */
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
        if (cut && ((cut > r && cut[-1] == ',') || !opens_a_post(c, cut + skip) ||
                    modifiers_only(c, r, cut))) {
          cut = NULL;
        }
        free(part);
        part = cut ? ng_strndup(r, (size_t)(cut - r)) : ng_strdup(r);
        if (ng_article_add_relation(c->art, NG_REL_MEMBER, people.items[i],
                                    orgs.items[j], part, p) == NG_SUCCESS) {
          ng_explain(c, "relation", p, "%s is %s of %s",
                  c->art->entities[people.items[i]].name, part,
                  c->art->entities[orgs.items[j]].name);
        }
        r = cut ? cut + skip : NULL;
      }
      free(part);
      if (!role &&
          ng_article_add_relation(c->art, NG_REL_MEMBER, people.items[i],
                                  orgs.items[j], NULL, p) == NG_SUCCESS) {
        ng_explain(c, "relation", p, "%s is a member of %s",
                c->art->entities[people.items[i]].name,
                c->art->entities[orgs.items[j]].name);
      }
    }
    if (!orgs.n && role && !c->art->entities[people.items[i]].job_title) {
      ng_article_set_entity_field(c->art, people.items[i], "job_title", role);
      ng_explain(c, "relation", p, "%s has title %s",
              c->art->entities[people.items[i]].name, role);
    }
  }
  free(role);
}

static void do_title(Ctx *c, const NgAction *a, const NgProvenance *p) {
  Targets people;
  ng_resolve_arg(c, ng_action_arg(c->run, a, "person"), 1u << NG_PERSON, &people);
  char *role = post_of(c, a, NULL);
  for (size_t i = 0; role && i < people.n; ++i) {
    if (!c->art->entities[people.items[i]].job_title) {
      ng_article_set_entity_field(c->art, people.items[i], "job_title", role);
      ng_explain(c, "relation", p, "%s has title %s",
              c->art->entities[people.items[i]].name, role);
    }
  }
  free(role);
}

static void do_parent(Ctx *c, const NgAction *a, const NgProvenance *p) {
  Targets units, parents;
  unsigned org = 1u << NG_ORGANIZATION;
  ng_resolve_arg(c, ng_action_arg(c->run, a, "unit"), org, &units);
  ng_resolve_arg(c, ng_action_arg(c->run, a, "parent"), org, &parents);
  if (units.n && parents.n && units.items[0] != parents.items[0] &&
      ng_article_add_relation(c->art, NG_REL_PARENT, units.items[0],
                              parents.items[0], NULL, p) == NG_SUCCESS) {
    ng_explain(c, "relation", p, "%s is part of %s",
            c->art->entities[units.items[0]].name,
            c->art->entities[parents.items[0]].name);
  }
}

/* The event an action is about.  A phrase that names only a kind of
 * event that no event's name shares ("that meeting", "the gathering")
 * stands for the event last named or spoken of before it, when that was
 * in its own sentence or the one before.  Attendance that names no event
 * at all ("Among the guests were C") goes to such an event, spoken of in
 * one of the two sentences before, only when it has no proper name, an
 * occasion like a signing or a visit ("The accord was signed at X by A
 * and B. The signatories exchanged gifts. Among the guests were C": C
 * attends the signing); otherwise an action that names no event is about
 * the article's main event. */
static size_t event_of_action(Ctx *c, const NgAction *a, int attendance) {
  const NgActionArg *arg = ng_action_arg(c->run, a, "event");
  int named = arg && (arg->set || arg->literal);
  size_t near = NONE, sentence = 0, begin = 0;
  if (c->focus_event != NONE && c->focus_begin < a->begin) {
    near = c->focus_event;
    sentence = c->focus_sentence;
    begin = c->focus_begin;
  }
  size_t s2, b2;
  size_t by_name = ng_event_named_before(c, a->begin, &s2, &b2);
  if (by_name != NONE && (near == NONE || b2 > begin)) {
    near = by_name;
    sentence = s2;
  }
  if (near != NONE && sentence + (named ? 1 : 2) < a->sentence) {
    near = NONE;
  }
  if (!named) {
    int occasion = near != NONE &&
                   !isupper((unsigned char)c->art->entities[near].name[0]);
    if (attendance && occasion) {
      return near;
    }
    near = NONE;
  }
  c->near_event = near;
  size_t e = ng_resolve_event(c, arg);
  c->near_event = NONE;
  if (named && e != NONE) {
    c->focus_event = e;
    c->focus_sentence = a->sentence;
    c->focus_begin = arg->set ? arg->begin : a->begin;
  }
  return e;
}

static void do_event_date(Ctx *c, const NgAction *a, const NgProvenance *p) {
  size_t e = event_of_action(c, a, 0);
  if (e == NONE || c->art->entities[e].start_date) {
    return;
  }
  char start[11], end[11], end2[11];
  ng_arg_date(c, ng_action_arg(c->run, a, "date"), c->art->entities[e].name, start,
           end);
  const NgActionArg *until = ng_action_arg(c->run, a, "end");
  if (until && until->set) {
    ng_arg_date(c, until, c->art->entities[e].name, end2, end);
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
  ng_explain(c, "relation", p, "%s starts %s%s%s", c->art->entities[e].name,
          start, *end ? " ends " : "", end);
}

/* event_same_day: "Following the signing, the X Workshop was held in the
 * same hall": an event held right after another takes that one's day,
 * when the other's day is known (and its own is not). */
static void do_event_same_day(Ctx *c, const NgAction *a,
                              const NgProvenance *p) {
  size_t e = event_of_action(c, a, 0);
  size_t o = ng_resolve_event(c, ng_action_arg(c->run, a, "other"));
  if (e == NONE || o == NONE || e == o || c->art->entities[e].start_date ||
      !c->art->entities[o].start_date ||
      strlen(c->art->entities[o].start_date) != 10) {
    return;
  }
  char day[11];
  memcpy(day, c->art->entities[o].start_date, sizeof(day));
  ng_article_set_entity_field(c->art, e, "start_date", day);
  if (!c->art->entities[e].prov.rule) {
    ng_article_set_entity_provenance(c->art, e, p);
  }
  ng_explain(c, "relation", p, "%s starts %s (the day of %s)",
             c->art->entities[e].name, day, c->art->entities[o].name);
}

/* The date an ISO "YYYY-MM-DD" says. */
static NgDate iso_date(const char *iso) {
  NgDate d = {atoi(iso), atoi(iso + 5), atoi(iso + 8)};
  return d;
}

/* Days since 1970-01-01 of an ISO date "YYYY-MM-DD" (the proleptic
 * Gregorian calendar), to tell an event's closing day from a later date. */
static long iso_days(const char *iso) {
  NgDate d = iso_date(iso);
  return ng_date_days(&d);
}

/* "The summit will close on 4 May": the last day of an event whose first
 * day is already known.  A day before the start, or more than a month
 * after it, is some other date (a deadline, a follow-up), not the end. */
static void do_event_end(Ctx *c, const NgAction *a, const NgProvenance *p) {
  size_t e = event_of_action(c, a, 0);
  if (e == NONE || !c->art->entities[e].start_date ||
      c->art->entities[e].end_date) {
    return;
  }
  const char *start = c->art->entities[e].start_date;
  char day[11], unused[11];
  ng_arg_date(c, ng_action_arg(c->run, a, "date"), c->art->entities[e].name,
              day, unused);
  if (strlen(day) != 10 || strlen(start) != 10) {
    return;
  }
  long span = iso_days(day) - iso_days(start);
  if (span < 0 && span > -7) {
    /* "The summit opened today and closes on Thursday": a weekday
     * counted back from the article's date that falls before the first
     * day is the one after it */
    char *said = arg_literal(c, ng_action_arg(c->run, a, "date"));
    if (said && !strpbrk(said, "0123456789")) {
      NgDate d = iso_date(day);
      ng_date_add_days(&d, 7);
      ng_date_format(&d, day);
      span += 7;
    }
    free(said);
  }
  if (span <= 0 || span > 31) {
    return;
  }
  ng_article_set_entity_field(c->art, e, "end_date", day);
  ng_explain(c, "relation", p, "%s ends %s", c->art->entities[e].name, day);
}

static void do_location(Ctx *c, const NgAction *a, const NgProvenance *p) {
  size_t e = event_of_action(c, a, 0);
  char *place = arg_literal(c, ng_action_arg(c->run, a, "place"));
  size_t pl;
  if (e != NONE && place &&
      ng_article_add_entity(c->art, NG_PLACE, place, &pl) <= NG_FAILURE &&
      ng_article_add_relation(c->art, NG_REL_LOCATION, e, pl, NULL, p) ==
          NG_SUCCESS) {
    ng_explain(c, "relation", p, "%s took place at %s", c->art->entities[e].name,
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

static void add_event_role(Ctx *c, const NgAction *a, NgRelationType type,
                           size_t e, size_t agent, const NgProvenance *p) {
  if (e != NONE &&
      ng_article_add_relation(c->art, type, e, agent, NULL, p) == NG_SUCCESS) {
    ng_explain(c, "relation", p, "%s %s %s", c->art->entities[e].name,
               a->emit->verb, c->art->entities[agent].name);
  }
}

static void do_event_role(Ctx *c, const NgAction *a, NgRelationType type,
                          const NgProvenance *p) {
  size_t e = event_of_action(c, a, type == NG_REL_ATTENDEE);
  if (e == NONE) {
    return;
  }
  for (size_t k = 0; k < a->n_args; ++k) {
    const NgActionArg *arg = &c->run->args[a->first_arg + k];
    if (!arg->key || strcmp(arg->key, "agent")) {
      continue;
    }
    Targets t;
    ng_resolve_arg(c, arg, (1u << NG_PERSON) | (1u << NG_ORGANIZATION), &t);
    keep_people_of_lists(c, &t);
    for (size_t i = 0; i < t.n; ++i) {
      add_event_role(c, a, type, e, t.items[i], p);
      /* who speaks at a session speaks at the event it belongs to */
      if (type == NG_REL_PERFORMER) {
        add_event_role(c, a, type, ng_event_main_of_session(c, e), t.items[i],
                       p);
      }
    }
  }
}

/* A roster: the lines after "Confirmed speakers include:" each name one
 * person ("Dr. Jane Roe, Director, Acme"), who takes the role.  A line
 * is an item when it is a line of its own, short, and opens with a person
 * (after honorifics or initials only); the first line that is not ends
 * the roster. */
enum { ROSTER_MAX_ITEM = 300, ROSTER_MAX_LEAD = 40, ROSTER_MAX_ITEMS = 200 };

/* Whether sentence s is only a list item's number or bullet ("1.",
 * "iv)", "*"), which the sentence splitter may leave on its own. */
static int is_item_mark(Ctx *c, size_t s) {
  const NgSentence *sen = ng_document_sentence(c->doc, s);
  if (!sen || sen->span.end - sen->span.begin > 5) {
    return 0;
  }
  size_t letters = 0;
  for (size_t k = sen->span.begin; k < sen->span.end; ++k) {
    letters += isalpha((unsigned char)c->text[k]) != 0;
  }
  return letters <= 2 && !isalpha((unsigned char)c->text[sen->span.end - 1]);
}

/* The first mention of sentence s when s is a short line of its own
 * (no earlier sentence on its line but an item's number), or NONE. */
static size_t line_opening(Ctx *c, size_t s) {
  const NgSentence *sen = ng_document_sentence(c->doc, s);
  const NgSentence *prev = s ? ng_document_sentence(c->doc, s - 1) : NULL;
  if (!sen || sen->span.end - sen->span.begin > ROSTER_MAX_ITEM ||
      (prev && prev->paragraph == sen->paragraph && prev->line == sen->line &&
       !is_item_mark(c, s - 1))) {
    return NONE;
  }
  size_t first = NONE, begin = sen->span.end;
  for (size_t m = c->run->sentence_head[s]; m != NONE;
       m = c->run->mentions[m].next) {
    const NgMention *mm = &c->run->mentions[m];
    if (!mm->dropped && !mm->superseded && mm->begin < begin) {
      first = m;
      begin = mm->begin;
    }
  }
  return first;
}

/* The entity of the person that opens sentence s, or NONE. */
static size_t roster_item(Ctx *c, size_t s) {
  const NgSentence *sen = ng_document_sentence(c->doc, s);
  size_t first = line_opening(c, s);
  if (first == NONE || c->run->mentions[first].type != NG_M_PERSON ||
      c->run->mentions[first].begin - sen->span.begin > ROSTER_MAX_LEAD) {
    return NONE;
  }
  size_t begin = c->run->mentions[first].begin;
  /* before the name: honorifics and initials ("H.E. Dr.", "Dr. (Mrs.)"),
   * no words */
  const char *t = c->text;
  for (size_t k = sen->span.begin; k < begin;) {
    while (k < begin && strchr(" ,.()", t[k])) {
      ++k;
    }
    size_t w = k;
    while (w < begin && !strchr(" ,()", t[w])) {
      ++w;
    }
    size_t len = w - k;
    while (len && t[k + len - 1] == '.') {
      --len;
    }
    int initials = len > 0;
    for (size_t j = k; j < k + len; ++j) {
      initials &= isupper((unsigned char)t[j]) || t[j] == '.';
    }
    if (len && !initials && !in_class(c, t + k, len,
                                              c->ex->cls_honorific)) {
      return NONE;
    }
    k = w;
  }
  return ng_mention_entity(c, first);
}

static void do_roster(Ctx *c, const NgAction *a, NgBuf *ev) {
  const NgActionArg *role = ng_action_arg(c->run, a, "role");
  NgRelationType type = role && role->literal &&
                                !strcmp(role->literal, "attendee")
                            ? NG_REL_ATTENDEE
                            : NG_REL_PERFORMER;
  size_t e = event_of_action(c, a, 0);
  if (e == NONE) {
    return;
  }
  size_t n = ng_document_n_sentences(c->doc);
  for (size_t s = a->sentence + 1; s < n && s <= a->sentence + ROSTER_MAX_ITEMS;
       ++s) {
    if (is_item_mark(c, s)) {
      continue;
    }
    size_t person = roster_item(c, s);
    if (person == NONE) {
      break;
    }
    NgProvenance p;
    ng_make_prov(c, a->rule, s, &p, ev);
    if (ng_article_add_relation(c->art, type, e, person, NULL, &p) ==
        NG_SUCCESS) {
      ng_explain(c, "relation", &p, "%s %s %s (roster)",
                 c->art->entities[e].name, role->literal,
                 c->art->entities[person].name);
    }
  }
}

/* A contact block: a line such as "Media contact:" or "For press
 * enquiries, please contact:", then for each person a line that opens
 * with the name (roster_item) and up to CONTACT_LINES lines of the same
 * paragraph after it (a phone number, an address, a post, a body).  The
 * first organization named in them is the person's; the first stretch
 * that holds a post word (TITLE), from the start of a line (or after the
 * name on its own line) to the organization or the line's end, is the
 * role.  The block ends at the first line that opens with no person. */
enum { CONTACT_LINES = 3, CONTACT_PEOPLE = 4 };

/* The first organization mention of sentence s at or after pos, or
 * NONE; *begin := where it starts. */
static size_t first_org_in(Ctx *c, size_t s, size_t pos, size_t *begin) {
  size_t found = NONE;
  *begin = SIZE_MAX;
  for (size_t m = c->run->sentence_head[s]; m != NONE;
       m = c->run->mentions[m].next) {
    const NgMention *mm = &c->run->mentions[m];
    if (!mm->dropped && !mm->superseded && mm->type == NG_M_ORG &&
        mm->begin >= pos && mm->begin < *begin) {
      found = m;
      *begin = mm->begin;
    }
  }
  size_t e = found == NONE ? NONE : ng_mention_entity(c, found);
  return e != NONE && c->art->entities[e].type == NG_ORGANIZATION ? e : NONE;
}

/* The post in text[from, to): trimmed of spaces and commas, when it holds
 * a word of the TITLE class and no digit or "@" (a phone, an e-mail);
 * NULL otherwise.  The caller frees it. */
static char *post_in_span(Ctx *c, size_t from, size_t to) {
  const char *t = c->text;
  while (from < to && strchr(" ,;:|-", t[from])) {
    ++from;
  }
  while (to > from && strchr(" ,;:|-", t[to - 1])) {
    --to;
  }
  int title = 0;
  for (size_t k = from; k < to;) {
    if (isdigit((unsigned char)t[k]) || t[k] == '@') {
      return NULL;
    }
    size_t w = k;
    while (w < to && !strchr(" ,;", t[w])) {
      ++w;
    }
    title |= w > k && in_class(c, t + k, w - k, c->ex->cls_title);
    k = w + (w < to);
  }
  return title ? ng_clean_span(t, from, to, 0) : NULL;
}

/* Whether text[from, to) reads as the name of a body on a line of its
 * own: two to twelve words, each capitalised or a function word ("of",
 * "and", "&"), the first no modifier of a post ("Senior"), a head noun,
 * a company word or a legal form ("Institute", "Health", "Inc.") at the
 * end or before a function word, no digit, "@", ":" or "/" (a phone,
 * an e-mail, a web address), no post word.  Such lines are title case,
 * which the rules do not read. */
static int body_like(Ctx *c, size_t from, size_t to) {
  const char *t = c->text;
  size_t words = 0;
  int head = 0;
  for (size_t k = from; k < to;) {
    size_t w = k;
    while (w < to && t[w] != ' ') {
      if (isdigit((unsigned char)t[w]) || strchr("@:/|", t[w])) {
        return 0;
      }
      ++w;
    }
    if (w > k) {
      ++words;
      int cap = isupper((unsigned char)t[k]) || (unsigned char)t[k] >= 0xC0;
      if ((!cap && t[k] != '&' &&
           !in_class(c, t + k, w - k, c->ex->cls_function)) ||
          in_class(c, t + k, w - k, c->ex->cls_title)) {
        return 0;
      }
      if (words == 1 && in_class(c, t + k, w - k, c->ex->cls_title_mod)) {
        return 0; /* "Senior Communications Specialist" */
      }
      /* the head ends the name or comes before "of", "for", "and" */
      size_t len = w - k - (t[w - 1] == ',');
      int ends = w >= to || t[w - 1] == ',' ||
                 in_class(c, t + w + 1, strcspn(t + w + 1, " "),
                          c->ex->cls_function);
      head |= ends && (in_class(c, t + k, len, c->ex->cls_org_head) ||
                       in_class(c, t + k, len, c->ex->cls_company_word) ||
                       in_class(c, t + k, len, c->ex->cls_legal_form));
    }
    k = w + 1;
  }
  return head && words >= 2 && words <= 12;
}

/* The organization named by text[from, to) (made when new), or NONE. */
static size_t body_named(Ctx *c, size_t from, size_t to) {
  char *name = ng_clean_span(c->text, from, to, 0);
  size_t e = NONE;
  if (!name || !*name ||
      ng_article_add_entity(c->art, NG_ORGANIZATION, name, &e) > NG_FAILURE) {
    e = NONE;
  }
  free(name);
  return e;
}

static void do_contact(Ctx *c, const NgAction *a, NgBuf *ev) {
  size_t n = ng_document_n_sentences(c->doc);
  size_t s = a->sentence + 1;
  for (int people = 0; s < n && people < CONTACT_PEOPLE; ++people) {
    size_t person = roster_item(c, s);
    if (person == NONE) {
      return;
    }
    const NgSentence *first = ng_document_sentence(c->doc, s);
    size_t after_name = first->span.begin;
    for (size_t m = c->run->sentence_head[s]; m != NONE;
         m = c->run->mentions[m].next) {
      const NgMention *mm = &c->run->mentions[m];
      if (mm->type == NG_M_PERSON && !mm->dropped && !mm->superseded &&
          ng_mention_entity(c, m) == person && mm->end > after_name) {
        after_name = mm->end;
      }
    }
    size_t org = NONE, k = s;
    char *role = NULL;
    for (; k < n && k <= s + CONTACT_LINES; ++k) {
      const NgSentence *sen = ng_document_sentence(c->doc, k);
      if (k > s && (sen->paragraph != first->paragraph ||
                    roster_item(c, k) != NONE)) {
        break;
      }
      size_t from = k == s ? after_name : sen->span.begin, at;
      size_t end = sen->span.end;
      while (end > from && strchr(" .,;", c->text[end - 1])) {
        --end;
      }
      size_t e = org == NONE ? first_org_in(c, k, from, &at) : NONE;
      /* "Communications Manager, Harlow Maritime Museum": a post, then a
       * body the rules did not read (a title-case line) */
      size_t comma = end;
      while (e == NONE && comma > from && c->text[comma - 1] != ',') {
        --comma;
      }
      if (e == NONE && org == NONE && comma > from &&
          body_like(c, comma + (c->text[comma] == ' '), end)) {
        e = body_named(c, comma + (c->text[comma] == ' '), end);
        at = comma - 1;
      }
      char *post = role ? NULL : post_in_span(c, from, e != NONE ? at : end);
      if (post) {
        role = post;
      } else if (e == NONE && org == NONE && k > s && body_like(c, from, end)) {
        e = body_named(c, from, end);
      }
      if (e != NONE && org == NONE) {
        org = e;
      }
    }
    NgProvenance p;
    ng_make_prov(c, a->rule, s, &p, ev);
    if (org != NONE && ng_article_add_relation(c->art, NG_REL_MEMBER, person,
                                               org, role, &p) == NG_SUCCESS) {
      ng_explain(c, "relation", &p, "%s is %s of %s (contact)",
                 c->art->entities[person].name, role ? role : "a member",
                 c->art->entities[org].name);
    } else if (org == NONE && role &&
               !c->art->entities[person].job_title) {
      ng_article_set_entity_field(c->art, person, "job_title", role);
      ng_explain(c, "relation", &p, "%s has title %s (contact)",
                 c->art->entities[person].name, role);
    }
    free(role);
    s = k;
  }
}

static int compare_index(const void *x, const void *y) {
  size_t a = *(const size_t *)x, b = *(const size_t *)y;
  return (a > b) - (a < b);
}

/* The key of a set of members: their indexes in order (a collaboration
 * keeps its members sorted and distinct, and targets are distinct). */
static void members_key(const Targets *t, size_t *key) {
  memcpy(key, t->items, t->n * sizeof(size_t));
  qsort(key, t->n, sizeof(size_t), compare_index);
}

/* Whether the first word of text belongs to word-list class cls. */
static int starts_with_class(Ctx *c, const char *text, int cls) {
  return in_class(c, text, strcspn(text, " "), cls);
}

/* Whether word (one word) is a head noun of organization names, or the
 * plural of one ("hospitals"). */
static int is_body_kind(Ctx *c, const char *word) {
  size_t n = strlen(word);
  int cls = c->ex->cls_org_head;
  return in_class(c, word, n, cls) ||
         (n >= 4 && word[n - 1] == 's' && in_class(c, word, n - 1, cls));
}

/* Whether a phrase is a length of time: "another five years", "a
 * further 12 months", "the next three years" (quantity words, then a
 * unit of time); the article is gone already. */
static int is_duration(const char *topic) {
  static const char *const quantity[] = {
      "another", "further", "additional", "next", "coming", "first",
      "several", "few", "one", "two", "three", "four", "five", "six",
      "seven", "eight", "nine", "ten", "a"};
  static const char *const units[] = {"day", "days", "week", "weeks",
                                      "month", "months", "year", "years",
                                      "decade", "decades"};
  const char *w = topic;
  int quantities = 0;
  for (;;) {
    size_t n = strcspn(w, " ");
    if (!w[n]) {
      for (size_t u = 0; quantities && u < NG_ARRAY_LEN(units); ++u) {
        if (!strcmp(w, units[u])) {
          return 1;
        }
      }
      return 0;
    }
    int known = isdigit((unsigned char)w[0]) != 0;
    for (size_t q = 0; !known && q < NG_ARRAY_LEN(quantity); ++q) {
      known = strlen(quantity[q]) == n && !strncmp(w, quantity[q], n);
    }
    if (!known) {
      return 0;
    }
    ++quantities;
    w += n + 1;
  }
}

/* Whether a topic phrase (no article) only says when or where the
 * agreement was made, or where it was announced: "(on) the same day",
 * "(on) that occasion", "(on) the sidelines of X", "(in) the presence of
 * X", "(said in) a statement on 8 May" (a closed class of time words and
 * of kinds of announcement, as in "fields"). */
static int is_occasion(const char *topic) {
  static const char *const deictic[] = {"same ", "that ", "this ",
                                        "following ", "next ", "previous "};
  static const char *const units[] = {"day", "date", "week", "month", "year",
                                      "occasion", "morning", "afternoon",
                                      "evening"};
  static const char *const announcements[] = {
      "statement", "joint statement", "press release", "news release",
      "press conference", "news conference", "press briefing", "interview",
      "announcement", "release"};
  if (!strncmp(topic, "sidelines", 9) || !strcmp(topic, "occasion") ||
      !strncmp(topic, "presence of ", 12)) {
    return 1;
  }
  for (size_t k = 0; k < NG_ARRAY_LEN(announcements); ++k) {
    size_t n = strlen(announcements[k]);
    if (!strncmp(topic, announcements[k], n) &&
        (!topic[n] || !strncmp(topic + n, " on ", 4) ||
         !strncmp(topic + n, " issued", 7) || !strncmp(topic + n, " released", 9))) {
      return 1;
    }
  }
  for (size_t d = 0; d < NG_ARRAY_LEN(deictic); ++d) {
    size_t n = strlen(deictic[d]);
    for (size_t u = 0; !strncmp(topic, deictic[d], n) &&
                       u < NG_ARRAY_LEN(units); ++u) {
      if (!strcmp(topic + n, units[u])) {
        return 1;
      }
    }
  }
  return 0;
}

/* Whether a part of a topic phrase opens a clause of its own, which
 * ends the list of subjects: a time participle ("starting in May",
 * "effective from June"), a verb in the past with its object ("and
 * toured the new ward", "visited its labs"), or a phrase that says more
 * of the subject before it ("on dry eye, one of the commonest
 * complaints", "on salt marshes, which store carbon"). */
static int opens_clause(const char *part) {
  static const char *const when[] = {
      "starting ", "beginning ", "commencing ", "effective ", "running ",
      "lasting ",  "one of ",    "among ",      "which ",    "whose ",
      "with priority ", "with a focus ", "with an emphasis ",
      "with special "};
  static const char *const objects[] = {"the ", "a ", "an ", "its ",
                                        "their ", "his ", "her "};
  for (size_t i = 0; i < NG_ARRAY_LEN(when); ++i) {
    if (!strncmp(part, when[i], strlen(when[i]))) {
      return 1;
    }
  }
  size_t n = strcspn(part, " ");
  if (n < 5 || !part[n] || strncmp(part + n - 2, "ed", 2)) {
    return 0;
  }
  for (size_t i = 0; i < NG_ARRAY_LEN(objects); ++i) {
    if (!strncmp(part + n + 1, objects[i], strlen(objects[i]))) {
      return 1;
    }
  }
  return 0;
}

/* The last word of s (its start), or s itself. */
static char *last_word(char *s) {
  char *sp = strrchr(s, ' ');
  return sp ? sp + 1 : s;
}

/* Whether a short topic phrase names a site ("the hospital campus", "its
 * premises"): where the work is done, not what it is about.  What
 * follows it in the list describes the site ("..., open to staff"). */
static int is_site(char *topic) {
  static const char *const sites[] = {"campus",     "campuses", "site",
                                      "premises",   "grounds",  "headquarters",
                                      "compound"};
  size_t words = 1;
  for (const char *q = topic; *q; ++q) {
    words += *q == ' ';
  }
  const char *w = last_word(topic);
  for (size_t i = 0; words <= 3 && i < NG_ARRAY_LEN(sites); ++i) {
    if (!strcmp(w, sites[i])) {
      return 1;
    }
  }
  return 0;
}

/* Whether s opens with a number, in digits or a word ("4 hospitals",
 * "four hospitals"). */
static int starts_with_number(const char *s) {
  static const char *const numbers[] = {"two ", "three ", "four ", "five ",
                                        "six ", "seven ", "eight ", "nine ",
                                        "ten ", "several ", "multiple "};
  if (isdigit((unsigned char)*s)) {
    return 1;
  }
  for (size_t k = 0; k < NG_ARRAY_LEN(numbers); ++k) {
    if (!strncmp(s, numbers[k], strlen(numbers[k]))) {
      return 1;
    }
  }
  return 0;
}

/* Whether the word at w, followed by a space, is a preposition that
 * puts a phrase in time: "in", "by", "between" May. */
static int is_time_preposition(const char *w) {
  static const char *const preps[] = {"in ",     "by ",    "from ",
                                      "since ",  "until ", "between ",
                                      "during ", "before ", "after "};
  for (size_t k = 0; k < NG_ARRAY_LEN(preps); ++k) {
    if (!strncmp(w, preps[k], strlen(preps[k]))) {
      return 1;
    }
  }
  return 0;
}

/* The word before the word w of topic (topic itself when w opens it). */
static char *word_before(char *topic, char *w) {
  char *prep = w > topic ? w - 1 : w;
  while (prep > topic && prep[-1] != ' ') {
    --prep;
  }
  return prep;
}

/* Cuts topic before the word ahead of w when that word puts w in time
 * ("in 2031", "between April"); returns 1 when it did. */
static int cut_time_phrase(char *topic, char *w) {
  char *prep = word_before(topic, w);
  if (prep > topic && is_time_preposition(prep)) {
    prep[-1] = '\0';
    return 1;
  }
  return 0;
}

/* Cuts from a topic what only says when or where the work will be
 * done: "imaging at the hospital next year" is "imaging"; "genomics in
 * Portugal this year" is "genomics"; "in 2031", "by 2030", "in 2029 and
 * 2031", "in May", "between April 2025".  A place is cut only when the
 * word lists know it (a capitalised word after "in" may be a field: "AI
 * in Medicine"); "with four hospitals of X" counts parties. */
static void trim_topic_tail(Ctx *c, char *topic) {
  static const char *const when[] = {"year", "month", "week", "spring",
                                     "summer", "autumn", "fall", "winter"};
  /* longest first: "later this month" before "this month" */
  static const char *const deictic[] = {" later this", " early next",
                                        " next", " this", " last"};
  for (int again = 1; again;) {
    again = 0;
    char *w = last_word(topic);
    /* "next year", "this autumn", "later this month" */
    for (size_t u = 0; u < NG_ARRAY_LEN(when) && w != topic; ++u) {
      if (strcmp(w, when[u])) {
        continue;
      }
      for (size_t d = 0; d < NG_ARRAY_LEN(deictic); ++d) {
        size_t dn = strlen(deictic[d]);
        if ((size_t)(w - topic) > dn + 1 &&
            !strncmp(w - 1 - dn, deictic[d], dn)) {
          w[-1 - dn] = '\0';
          again = 1;
          break;
        }
      }
      break;
    }
    if (again) {
      continue;
    }
    /* "in 2031", "until 2030" */
    if (strlen(w) == 4 && (!strncmp(w, "19", 2) || !strncmp(w, "20", 2)) &&
        isdigit((unsigned char)w[2]) && isdigit((unsigned char)w[3])) {
      if (cut_time_phrase(topic, w)) {
        again = 1;
        continue;
      }
      char *prep = word_before(topic, w);
      /* "in May 2031": the year goes, then "in May" below */
      if (prep > topic && isupper((unsigned char)prep[0])) {
        w[-1] = '\0';
        if (ng_date_month_word(prep)) {
          again = 1;
          continue;
        }
        w[-1] = ' ';
      }
      /* "in 2029 and 2031": the last year of a list goes first */
      if (prep > topic + 5 && !strncmp(prep, "and ", 4) &&
          isdigit((unsigned char)prep[-2])) {
        prep[-1] = '\0';
        again = 1;
        continue;
      }
    }
    /* "in May", "between April": when, not what (a capital: "may" is a
     * verb) */
    if (w != topic && isupper((unsigned char)w[0]) && ng_date_month_word(w) &&
        cut_time_phrase(topic, w)) {
      again = 1;
      continue;
    }
    /* "with three partner clinics of X": parties counted, no topic */
    char *with = strstr(topic, " with ");
    if (with && starts_with_number(with + 6)) {
      *with = '\0';
      again = 1;
      continue;
    }
    /* "at the hospital", "in Portugal" */
    char *at = strstr(topic, " at the ");
    if (at && !strchr(at + 8, ' ') && is_body_kind(c, at + 8)) {
      *at = '\0';
      again = 1;
      continue;
    }
    if (w - topic > 4 && !strncmp(w - 4, " in ", 4) &&
        is_place(c, w, strlen(w))) {
      w[-4] = '\0';
      again = 1;
    }
  }
}

/* Whether the word of n bytes at w ends like an English adjective
 * ("clinical", "diagnostic", "preventive", "pulmonary", "rigorous"). */
static int adjective_ending(const char *w, size_t n) {
  static const char *const endings[] = {"al", "ic", "ive", "ary", "ous"};
  for (size_t i = 0; i < NG_ARRAY_LEN(endings); ++i) {
    size_t k = strlen(endings[i]);
    if (n > k + 2 && !strncmp(w + n - k, endings[i], k)) {
      return 1;
    }
  }
  return 0;
}

/* Whether " and " at q joins two adjectives of one noun ("clinical and
 * operational scenarios"), not two phrases: the words on both sides of
 * it end like adjectives. */
static int joins_adjectives(const char *s, const char *q) {
  const char *w = q;
  while (w > s && w[-1] != ' ') {
    --w;
  }
  const char *after = q + 5;
  return adjective_ending(w, (size_t)(q - w)) &&
         adjective_ending(after, strcspn(after, " ,"));
}

/* Whether a topic opens with the name of a document of agreement in its
 * first two words ("framework agreement at noon", "MoU"):
 * what was signed, not what it is about. */
static int names_a_document(const char *s) {
  static const char *const docs[] = {"agreement", "agreements", "memorandum",
                                     "MoU",       "MOU",        "MoUs",
                                     "accord",    "contract",   "treaty",
                                     "charter",   "pact",       "deal"};
  const char *w = s;
  for (int k = 0; k < 2 && *w; ++k) {
    size_t n = strcspn(w, " ");
    for (size_t i = 0; i < NG_ARRAY_LEN(docs); ++i) {
      if (n == strlen(docs[i]) && !strncmp(w, docs[i], n)) {
        return 1;
      }
    }
    w += n + (w[n] == ' ');
  }
  return 0;
}

/* Whether s ends in " of": a topic cut before its list ("the areas of:"). */
static int ends_with_of(const char *s) {
  size_t n = strlen(s);
  return n >= 3 && !strcmp(s + n - 3, " of");
}

/* Splits a topic phrase at commas and "and" between phrases of two or
 * more words, so that each subject is its own concept, but not "and"
 * between two adjectives of one noun; --explain names the topics kept (a
 * place or a vague word is none). */
static void add_topics(Ctx *c, size_t collab, const char *topic,
                       const NgProvenance *p) {
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
                 strchr(q + 5, ' ') && !joins_adjectives(s, q)) {
        cut = q, skip = 5;
      }
    }
    size_t n = cut ? (size_t)(cut - s) : strlen(s);
    if (s != topic && opens_clause(s)) {
      break;
    }
    ng_buf_reset(&part);
    /* "X and for the processing of Y": the preposition repeated after
     * "and" is no part of the second topic */
    static const char *const preps[] = {"for ", "in ", "on ", "to ",
                                        "with ", "of "};
    size_t lead = 0;
    /* "X, as well as Y": Y is a topic of its own */
    if (s != topic && n > 11 && !strncmp(s, "as well as ", 11)) {
      s += 11, n -= 11;
    }
    for (size_t k = 0; s != topic && k < NG_ARRAY_LEN(preps); ++k) {
      size_t plen = strlen(preps[k]);
      if (n > plen && !strncmp(s, preps[k], plen)) {
        lead = plen;
      }
    }
    ng_buf_append(&part, s + lead, n - lead);
    char *clean = ng_clean_span(part.data, 0, part.len, 1);
    /* "the field of X" is X */
    static const char *const fields[] = {"field of ", "fields of ",
                                         "area of ", "areas of ",
                                         "domain of "};
    for (size_t f = 0; clean && f < NG_ARRAY_LEN(fields); ++f) {
      size_t flen = strlen(fields[f]);
      if (!strncmp(clean, fields[f], flen)) {
        memmove(clean, clean + flen, strlen(clean + flen) + 1);
      }
    }
    if (clean) {
      trim_topic_tail(c, clean);
    }
    /* the owner is not the subject: "Peru's medical services" */
    char *own = clean ? strstr(clean, "'s ") : NULL;
    if (own && isupper((unsigned char)clean[0]) &&
        !memchr(clean, ' ', (size_t)(own - clean))) {
      memmove(clean, own + 3, strlen(own + 3) + 1);
    }
    /* "on X since 2020": when it began is no part of what it is about */
    char *since = clean ? strstr(clean, " since ") : NULL;
    if (since && (isdigit((unsigned char)since[7]) ||
                  isupper((unsigned char)since[7]))) {
      *since = '\0';
    }
    /* a lone capitalised word after "in" is a place: "signed in
     * Springfield"; a lone kind of body is whom it serves: "for clinics" */
    int place = clean && isupper((unsigned char)clean[0]) &&
                islower((unsigned char)clean[1]) && !strchr(clean, ' ');
    place |= clean && !strchr(clean, ' ') && is_body_kind(c, clean);
    /* a lone kind of place is where, not what: "in the province" */
    place |= clean && !strchr(clean, ' ') && is_place_kind(c, clean);
    /* a lone word of agreeing is what was agreed, not on what: "a
     * framework for collaboration between A and B" */
    place |= clean && !strchr(clean, ' ') &&
             in_class(c, clean, strlen(clean), c->ex->cls_coop_noun);
    if (clean && is_site(clean)) {
      free(clean);
      break;
    }
    /* "other", "various", "similar", "such" point back at a subject named
     * before rather than name one, "the following areas" forward at a
     * list */
    if (clean && !place && strlen(clean) > 2 && strncmp(clean, "other ", 6) &&
        strncmp(clean, "various ", 8) && strncmp(clean, "similar ", 8) &&
        strncmp(clean, "such ", 5) && strcmp(clean, "etc") &&
        strncmp(clean, "following ", 10) && !ends_with_of(clean) &&
        !names_a_document(clean) &&
        !is_occasion(clean) && !is_duration(clean) &&
        !starts_with_class(c, clean, c->ex->cls_coop_verb)) {
      ng_article_add_topic(c->art, collab, clean);
      ng_explain(c, "collaboration", p, "about %s", clean);
    }
    free(clean);
    s += n + skip;
  }
  ng_buf_release(&part);
}

/* Whether a date mention is a dateline's ("SPRINGFIELD, May 4, 2031 -
 * ...", "May 4, 2031. - ..."): the article's date, not an agreement's or
 * an event's. */
static int is_dateline_date(const Ctx *c, const NgMention *mm) {
  const char *after = c->text + mm->end;
  while (*after == ' ' || *after == '.') {
    ++after;
  }
  return *after == '-' || *after == '/';
}

/* The date a date mention says, into start and end (as ng_arg_date). */
static void mention_date(Ctx *c, const NgMention *mm, char start[11],
                         char end[11]) {
  NgActionArg arg;
  memset(&arg, 0, sizeof(arg));
  arg.set = 1;
  arg.begin = mm->begin;
  arg.end = mm->end;
  ng_arg_date(c, &arg, NULL, start, end);
}

/* The day a relative word of t[0..n) names ("today", "yesterday", "on
 * Monday", "on the 3rd"), counted from the article's date, into out
 * (left as it is when there is none). */
static void relative_day(Ctx *c, const char *t, size_t n, char out[11]) {
  char *text = ng_strndup(t, n);
  NgDate ref, ref_end, day;
  if (text && c->art->date_published &&
      ng_date_parse(c->art->date_published, &ref, &ref_end) &&
      ng_date_relative(text, &ref, &day)) {
    ng_date_format(&day, out);
  }
  free(text);
}

/* The date of a collaboration whose rule names none: the first full date
 * the sentence gives ("On May 2, ...", "... on 8 June"), else the day a
 * relative word names ("today", "yesterday", "on Monday"), counted from
 * the article's own date. */
static void sentence_date(Ctx *c, size_t sentence, char out[11]) {
  char end[11];
  out[0] = '\0';
  for (size_t m = c->run->sentence_head[sentence]; m != NONE;
       m = c->run->mentions[m].next) {
    const NgMention *mm = &c->run->mentions[m];
    if (mm->type != NG_M_DATE || mm->dropped || is_dateline_date(c, mm)) {
      continue;
    }
    mention_date(c, mm, out, end);
    if (strlen(out) == 10) {
      return;
    }
    out[0] = '\0';
  }
  /* "today", "yesterday", "on Monday": counted from the article's date */
  const NgSentence *s = ng_document_sentence(c->doc, sentence);
  relative_day(c, c->text + s->span.begin, s->span.end - s->span.begin, out);
}

/* The remit a body's name states after its first "for", "on", "of" or
 * "in", in that order ("Joint Laboratory for Tidal Power Storage": "Tidal
 * Power Storage"; "Centre of Excellence" states none), or NULL.  The
 * result points into name. */
static const char *name_remit(const char *name) {
  static const char *const preps[] = {" for ", " on ", " of ", " in "};
  for (size_t k = 0; k < NG_ARRAY_LEN(preps); ++k) {
    const char *at = strstr(name, preps[k]);
    if (!at) {
      continue;
    }
    const char *remit = at + strlen(preps[k]);
    if (!strncmp(remit, "the ", 4)) {
      remit += 4;
    }
    /* one word that names a quality, not a field, is no remit */
    if (!strchr(remit, ' ') && (!strcmp(remit, "Excellence") ||
                                !strcmp(remit, "Innovation") ||
                                !strcmp(remit, "Competence"))) {
      return NULL;
    }
    return *remit ? remit : NULL;
  }
  return NULL;
}

/* Adds the topics of every topic= argument of a to collaboration idx, and
 * the remit named in the name of every body its remit= arguments hold:
 * a body the partners set up covers what its name says it is for. */
static void add_topic_args(Ctx *c, size_t idx, const NgAction *a,
                           const NgProvenance *p) {
  for (size_t k = 0; k < a->n_args; ++k) {
    const NgActionArg *arg = &c->run->args[a->first_arg + k];
    int is_topic = arg->key && !strcmp(arg->key, "topic");
    int is_remit = arg->key && !strcmp(arg->key, "remit");
    char *text = is_topic || is_remit ? arg_literal(c, arg) : NULL;
    const char *topic = text && is_remit ? name_remit(text) : text;
    if (topic) {
      add_topics(c, idx, topic, p);
    }
    free(text);
  }
}

/* Whether the text between two mentions of a list of partners makes the
 * second one the first one's parent, not a partner: "the X Centre (XC) of
 * the Y University", "the X Lab at Y". */
static int qualifies_previous(Ctx *c, size_t prev_end, size_t begin) {
  const char *t = c->text + prev_end, *e = c->text + begin;
  while (t < e && (*t == ' ' || *t == ')')) {
    ++t;
  }
  if (t < e && *t == '(') { /* an acronym between */
    const char *close = memchr(t, ')', (size_t)(e - t));
    if (!close) {
      return 0;
    }
    t = close + 1;
    while (t < e && *t == ' ') {
      ++t;
    }
  }
  while (e > t && e[-1] == ' ') {
    --e;
  }
  size_t n = (size_t)(e - t);
  static const char *const joins[] = {"of", "of the", "at", "at the"};
  for (size_t i = 0; i < NG_ARRAY_LEN(joins); ++i) {
    if (n == strlen(joins[i]) && !strncmp(t, joins[i], n)) {
      return 1;
    }
  }
  return 0;
}

/* The partners a members= argument names: its organizations, less those
 * that only say whose unit the one before is. */
static void resolve_members(Ctx *c, const NgActionArg *arg, Targets *t) {
  ng_resolve_arg(c, arg, 1u << NG_ORGANIZATION, t);
  if (!arg || !arg->set || arg->n_refs < 2) {
    return;
  }
  Targets kept = {{0}, 0};
  for (size_t i = 0; i < arg->n_refs; ++i) {
    const NgMention *m = &c->run->mentions[c->run->refs[arg->first_ref + i]];
    if (i > 0) {
      const NgMention *pm =
          &c->run->mentions[c->run->refs[arg->first_ref + i - 1]];
      int ordered = pm->type == NG_M_ORG && m->type == NG_M_ORG &&
                    pm->end <= m->begin;
      /* the parent, and a name in parentheses right after another (an
       * acronym of it or of its parent: "the Faculty of X of Y
       * University (YU)" is one party) */
      if (ordered && (qualifies_previous(c, pm->end, m->begin) ||
                      (m->begin - pm->end <= 2 &&
                       c->text[m->begin - 1] == '('))) {
        continue;
      }
    }
    size_t e = ng_mention_entity(c, c->run->refs[arg->first_ref + i]);
    if (e != NONE && c->art->entities[e].type == NG_ORGANIZATION) {
      ng_add_target(&kept, e);
    }
  }
  if (kept.n) {
    *t = kept;
  }
}

/* How many sentences after "between A and four hospitals" the text may
 * name the four. */
#define GROUP_REACH 3

/* Whether every member of the sorted set a is in the sorted set b. */
static int sorted_subset(const size_t *a, size_t na, const size_t *b,
                         size_t nb) {
  size_t j = 0;
  for (size_t i = 0; i < na; ++i) {
    while (j < nb && b[j] < a[i]) {
      ++j;
    }
    if (j == nb || b[j] != a[i]) {
      return 0;
    }
  }
  return 1;
}

/* Two rules that read one sentence's collaboration, one of them seeing
 * more members ("A leads the consortium, which includes B and C": the
 * members B and C, and the leader A with them), describe one
 * collaboration: the index of the collaboration just read from the same
 * sentence whose members hold these or are held by them (grown to the
 * larger set), or NONE.  key holds the new members, sorted. */
static size_t same_reading(Ctx *c, const Targets *members, const size_t *key,
                           const NgProvenance *p) {
  if (c->last_collab == NONE) {
    return NONE;
  }
  NgCollaboration *co = &c->art->collaborations[c->last_collab];
  if (co->prov.begin != p->begin || co->prov.end != p->end) {
    return NONE;
  }
  if (sorted_subset(key, members->n, co->members, co->n_members)) {
    return c->last_collab;
  }
  if (!sorted_subset(co->members, co->n_members, key, members->n)) {
    return NONE;
  }
  size_t *grown = malloc(members->n * sizeof(*grown));
  if (!grown || ng_strmap_put(&c->collabs, (const char *)key,
                              members->n * sizeof(size_t), c->last_collab,
                              NULL) > NG_FAILURE) {
    free(grown);
    return NONE;
  }
  memcpy(grown, key, members->n * sizeof(*grown));
  ng_explain(c, "collaboration", p, "grown to %zu members", members->n);
  free(co->members);
  co->members = grown;
  co->n_members = members->n;
  return c->last_collab;
}

/* Whether the body an action's `collective` argument names is one that
 * exists to make institutions work together: its name ends in a word of
 * COLLECTIVE ("the Northern Imaging Alliance", "X Consortium"), or has
 * one before its remit ("Global Alliance for X"), not "X
 * University", whose parts are no partners.  True when the action has
 * no such argument. */
static int names_a_collective(Ctx *c, const NgAction *a) {
  const NgActionArg *arg = ng_action_arg(c->run, a, "collective");
  if (!arg || !arg->set) {
    return 1;
  }
  Targets t;
  ng_resolve_arg(c, arg, 1u << NG_ORGANIZATION, &t);
  if (t.n != 1) {
    return 0;
  }
  const char *name = c->art->entities[t.items[0]].name;
  const char *last = strrchr(name, ' ');
  last = last ? last + 1 : name;
  if (in_class(c, last, strlen(last), c->ex->cls_collective)) {
    return 1;
  }
  /* the head before the remit: "Global Alliance for Coastal Research" */
  static const char *const remits[] = {" for ", " of ", " on "};
  for (size_t i = 0; i < NG_ARRAY_LEN(remits); ++i) {
    const char *r = strstr(name, remits[i]);
    if (!r || r == name) {
      continue;
    }
    const char *w = r;
    while (w > name && w[-1] != ' ') {
      --w;
    }
    if (in_class(c, w, (size_t)(r - w), c->ex->cls_collective)) {
      return 1;
    }
  }
  return 0;
}

static void record_collab(Ctx *c, const NgAction *a, const NgProvenance *p,
                          const Targets *members, const char *date, int news);

/* Whether t holds e. */
static int has_target(const Targets *t, size_t e) {
  for (size_t i = 0; i < t->n; ++i) {
    if (t->items[i] == e) {
      return 1;
    }
  }
  return 0;
}

/* Whether members, three or more, are parties to the separate
 * agreements read from a's sentence ("A signed separate agreements with
 * B and C" is no collaboration of all three, whichever rule reads it). */
static int joined_apart(Ctx *c, const NgAction *a, const Targets *members) {
  if (c->apart_sentence != a->sentence || members->n < 3) {
    return 0;
  }
  for (size_t i = 0; i < members->n; ++i) {
    if (!has_target(&c->apart_parties, members->items[i])) {
      return 0;
    }
  }
  return 1;
}

/* Records the collaboration of members that action a read; with an
 * `each` argument ("A signed separate agreements with B and C"), one of
 * the members outside it with each of its bodies (A with B, A with C),
 * and no other reading of the sentence joins them all (joined_apart). */
static void record_each_apart(Ctx *c, const NgAction *a,
                              const NgProvenance *p, const Targets *members,
                              const char *date, int news) {
  const NgActionArg *each = ng_action_arg(c->run, a, "each");
  Targets apart = {{0}, 0};
  if (each && each->set) {
    resolve_members(c, each, &apart);
  }
  if (apart.n < 2) {
    if (!joined_apart(c, a, members)) {
      record_collab(c, a, p, members, date, news);
    }
    return;
  }
  c->apart_sentence = a->sentence;
  c->apart_parties = *members;
  Targets rest = {{0}, 0};
  for (size_t k = 0; k < members->n; ++k) {
    if (!has_target(&apart, members->items[k])) {
      ng_add_target(&rest, members->items[k]);
    }
  }
  for (size_t i = 0; i < apart.n; ++i) {
    Targets pair = rest;
    ng_add_target(&pair, apart.items[i]);
    if (pair.n >= 2) {
      c->last_collab = NONE; /* each pair is a collaboration of its own */
      record_collab(c, a, p, &pair, date, news);
    }
  }
}

/* Does sentence i end without a full stop, as a headline does? */
static int is_title_line(const Ctx *c, size_t i) {
  const NgSentence *s = ng_document_sentence(c->doc, i);
  size_t e = s->span.end;
  while (e > s->span.begin && isspace((unsigned char)c->text[e - 1])) {
    --e;
  }
  if (e == s->span.begin) {
    return 0;
  }
  /* a closing curly quote (U+2019, U+201D) after the full stop */
  if (e - s->span.begin >= 3 && !memcmp(c->text + e - 3, "\xE2\x80", 2) &&
      (c->text[e - 1] == '\x99' || c->text[e - 1] == '\x9D')) {
    return 0;
  }
  return !strchr(".!?\"')", c->text[e - 1]);
}

/* The collaboration a sentence that names no members speaks of: the
 * article's only one, else the one read in that sentence or the two
 * before it; NONE when there is none or several there (it is not said
 * which). */
static size_t collab_nearby(Ctx *c, size_t sentence) {
  NgArticle *art = c->art;
  if (art->n_collaborations <= 1) {
    return art->n_collaborations == 1 ? 0 : NONE;
  }
  size_t only = NONE;
  for (size_t k = sentence >= 2 ? sentence - 2 : 0; k <= sentence; ++k) {
    if (is_title_line(c, k)) {
      continue;
    }
    size_t begin = ng_document_original_offset(
        c->doc, ng_document_sentence(c->doc, k)->span.begin);
    for (size_t i = 0; i < art->n_collaborations; ++i) {
      if (art->collaborations[i].prov.begin != begin) {
        continue;
      }
      if (only != NONE) {
        return NONE; /* two said near: it is not said which */
      }
      only = i;
    }
  }
  return only;
}

/* Where text[0..n) first holds one of the words: the offset just after
 * it, or 0 when it holds none.  With stems, a word is the stem of a verb
 * and ends there or in "ed" or "ing" ("sign", "signed", "signing");
 * without, it may open a longer word ("agreements"). */
static size_t after_first_word(const char *t, size_t n,
                               const char *const *words, size_t k,
                               int stems) {
  size_t best = 0;
  for (size_t i = 0; i < k; ++i) {
    size_t w = strlen(words[i]);
    for (const char *q = t; q + w <= t + n; ++q) {
      if (memcmp(q, words[i], w) || (q > t && isalnum((unsigned char)q[-1]))) {
        continue;
      }
      const char *r = q + w;
      if (stems && r < t + n && isalpha((unsigned char)*r)) {
        if (t + n - r >= 2 && !memcmp(r, "ed", 2)) {
          r += 2;
        } else if (t + n - r >= 3 && !memcmp(r, "ing", 3)) {
          r += 3;
        } else {
          continue;
        }
      }
      if (!best || (size_t)(r - t) < best) {
        best = (size_t)(r - t);
      }
      break;
    }
  }
  return best;
}

/* Where text[0..n) first holds a word of signing ("signed", "signing",
 * "inked"; *signing is set), else of agreeing ("working together",
 * "agreement"): the offset just after it, or 0 when there is none.
 * Words of signing come first: "announced as a partnership on 2 May and
 * signed on Friday" is dated by the signing. */
static size_t after_signing_word(const char *t, size_t n, int *signing) {
  static const char *const sign[] = {"sign", "Sign"};
  static const char *const inked[] = {"inked", "Inked"};
  static const char *const agree[] = {"together", "agreement", "partnership",
                                      "cooperation", "collaboration"};
  size_t a = after_first_word(t, n, sign, NG_ARRAY_LEN(sign), 1);
  size_t b = after_first_word(t, n, inked, NG_ARRAY_LEN(inked), 0);
  size_t at = a && (!b || a < b) ? a : b;
  if (at) {
    *signing = 1;
    return at;
  }
  return after_first_word(t, n, agree, NG_ARRAY_LEN(agree), 0);
}

/* The day said after the first word of signing of sentence i, when
 * there is one ("The signing took place on the 5th in Z", "The deal was
 * inked on 3 May"); when signing_only is 0, after a word of agreeing too
 * ("working together today"), and a day before a word of signing counts.
 * Empty when there is none. */
static void signing_day_of(Ctx *c, size_t i, int signing_only, char out[11]) {
  out[0] = '\0';
  const NgSentence *s = ng_document_sentence(c->doc, i);
  const char *t = c->text + s->span.begin;
  size_t n = s->span.end - s->span.begin;
  int signed_word = 0;
  size_t at = after_signing_word(t, n, &signed_word);
  if (!at || (signing_only && !signed_word)) {
    return;
  }
  char end[11];
  for (size_t m = c->run->sentence_head[i]; m != NONE;
       m = c->run->mentions[m].next) {
    const NgMention *mm = &c->run->mentions[m];
    if (mm->type != NG_M_DATE || mm->dropped || is_dateline_date(c, mm) ||
        mm->begin < s->span.begin + at) {
      continue;
    }
    mention_date(c, mm, out, end);
    if (strlen(out) == 10) {
      return;
    }
    out[0] = '\0';
  }
  relative_day(c, t + at, n - at, out);
  /* a day before the word counts only for a signing ("On 3 May the
   * ministers signed"), not for a word of working together */
  if (!*out && signed_word && !signing_only) {
    sentence_date(c, i, out);
  }
}

/* The first place from `from` on, before end, where word begins a word
 * of the text that starts at t, or NULL. */
static const char *word_start(const char *t, const char *from,
                              const char *end, const char *word) {
  size_t w = strlen(word);
  for (const char *q = from; q + w <= end; ++q) {
    if (!memcmp(q, word, w) && (q == t || !isalnum((unsigned char)q[-1]))) {
      return q;
    }
  }
  return NULL;
}

/* Whether sentence tells that news was given ("A and B today announced
 * a partnership", "the company said on Monday"): the day it names may be
 * later than the signing. */
static int tells_news(Ctx *c, size_t sentence) {
  static const char *const words[] = {"announce", "announcing", "said ",
                                      "says ",    "reported",   "revealed",
                                      "confirmed", "disclosed"};
  const NgSentence *s = ng_document_sentence(c->doc, sentence);
  const char *t = c->text + s->span.begin;
  const char *end = c->text + s->span.end;
  for (size_t k = 0; k < NG_ARRAY_LEN(words); ++k) {
    if (word_start(t, t, end, words[k])) {
      return 1;
    }
  }
  return 0;
}

/* Whether a collaboration's sentence dates its news: "X announced on the
 * 6th an accord with Y", "Y said on Monday it had" (the signing may have
 * come before). */
static int dates_the_news(Ctx *c, size_t sentence) {
  static const char *const verbs[] = {"announced on ", "announces on ",
                                      "said on ", "reported on ",
                                      "revealed on ", "confirmed on "};
  const NgSentence *s = ng_document_sentence(c->doc, sentence);
  const char *t = c->text + s->span.begin;
  size_t n = s->span.end - s->span.begin;
  for (size_t k = 0; k < NG_ARRAY_LEN(verbs); ++k) {
    size_t w = strlen(verbs[k]);
    for (const char *q = word_start(t, t, t + n, verbs[k]); q;
         q = word_start(t, q + 1, t + n, verbs[k])) {
      size_t at = (size_t)(q + w - c->text);
      for (size_t m = c->run->sentence_head[sentence]; m != NONE;
           m = c->run->mentions[m].next) {
        const NgMention *mm = &c->run->mentions[m];
        if (mm->type == NG_M_DATE && !mm->dropped && mm->begin == at) {
          return 1;
        }
      }
      /* "on Monday", "on the 5th": the few words after "on" */
      const char *on = q + w - 3;
      size_t rest = (size_t)(t + n - on);
      char day[11] = "";
      relative_day(c, on, rest < 24 ? rest : 24, day);
      if (*day) {
        return 1;
      }
    }
  }
  return 0;
}

/* The day of a signing told in the sentence just before a collaboration's
 * own, when that sentence names no collaboration of its own: "Both
 * governors watched an MoU being signed today. The agreement links A
 * and B with C."  A day said after the word of signing is the signing's
 * ("announced on 2 May and signed on Friday"), else the sentence's
 * day.  Empty when there is none. */
static void signing_date_before(Ctx *c, size_t sentence, char out[11]) {
  out[0] = '\0';
  if (sentence == 0 || is_title_line(c, sentence - 1)) {
    return;
  }
  const NgSentence *s = ng_document_sentence(c->doc, sentence - 1);
  size_t begin = ng_document_original_offset(c->doc, s->span.begin);
  for (size_t i = 0; i < c->art->n_collaborations; ++i) {
    if (c->art->collaborations[i].prov.begin == begin) {
      return;
    }
  }
  signing_day_of(c, sentence - 1, 0, out);
}

static void do_collab(Ctx *c, const NgAction *a, const NgProvenance *p) {
  Targets members = {{0}, 0};
  int joined_group = 0;
  if (!names_a_collective(c, a)) {
    return;
  }
  /* (an action that announces a group joins none read before) */
  const NgActionArg *group_arg = ng_action_arg(c->run, a, "group");
  int announces_group = group_arg && group_arg->set;
  for (size_t k = 0; k < a->n_args; ++k) {
    const NgActionArg *arg = &c->run->args[a->first_arg + k];
    if (!arg->key || strcmp(arg->key, "members")) {
      continue;
    }
    Targets t;
    c->named_already = arg->set && !arg->n_refs ? &members : NULL;
    resolve_members(c, arg, &t);
    c->named_already = NULL;
    /* "The partnering institutions include B and C", a little after "an
     * agreement between A and three institutions": A is one of them */
    if (arg->set && !arg->n_refs && !t.n && !announces_group &&
        (c->group_party != NONE || c->group_open) &&
        a->sentence - c->group_sentence <= GROUP_REACH) {
      if (c->group_party != NONE) {
        ng_add_target(&t, c->group_party);
      }
      joined_group = 1;
    }
    for (size_t i = 0; i < t.n; ++i) {
      ng_add_target(&members, t.items[i]);
    }
  }
  /* "The colleges are A, B and C" says who the parties are only after
   * a group that signed ("ifgroup") */
  const NgActionArg *ifgroup = ng_action_arg(c->run, a, "ifgroup");
  if (ifgroup && ifgroup->literal && !joined_group) {
    return;
  }
  /* "The X College is the third signatory": the parties of the
   * collaboration read just before are parties with it */
  const NgActionArg *latest = ng_action_arg(c->run, a, "latest");
  size_t near = latest && latest->literal ? collab_nearby(c, a->sentence)
                                          : NONE;
  /* "B and C came on board in 2031" says nothing of its own: it counts
   * only as more members of that collaboration ("iflatest") */
  const NgActionArg *iflatest = ng_action_arg(c->run, a, "iflatest");
  if (iflatest && iflatest->literal &&
      !(near != NONE && near == c->last_collab)) {
    return;
  }
  if (near != NONE && near == c->last_collab) {
    const NgCollaboration *co = &c->art->collaborations[near];
    for (size_t i = 0; i < co->n_members; ++i) {
      ng_add_target(&members, co->members[i]);
    }
  }
  /* "C has joined the network" names no other member: C waits for the
   * end of the article ("joiner") */
  const NgActionArg *joiner = ng_action_arg(c->run, a, "joiner");
  if (joiner && joiner->literal && members.n == 1) {
    size_t k = 0;
    while (k < c->n_joiners && c->joiners[k].org != members.items[0]) {
      ++k;
    }
    if (k == c->n_joiners && k < NG_MAX_JOINERS) {
      c->joiners[c->n_joiners].org = members.items[0];
      c->joiners[c->n_joiners++].action = a;
    }
    return;
  }
  if (members.n < 2) {
    /* the one party named beside a group the text lists later, or none
     * ("Four institutions signed the charter") */
    if (announces_group &&
        !(members.n == 0 && c->group_party != NONE &&
          c->group_sentence == a->sentence)) {
      /* (a group of no party of its own keeps the party another reading
       * of its sentence gave it) */
      char end[11];
      const NgActionArg *each = ng_action_arg(c->run, a, "each");
      c->group_party = members.n ? members.items[0] : NONE;
      c->group_open = !members.n;
      c->group_sentence = a->sentence;
      c->group_each = each && each->set;
      ng_arg_date(c, ng_action_arg(c->run, a, "date"), NULL, c->group_date,
                  end);
      if (!*c->group_date) {
        sentence_date(c, a->sentence, c->group_date);
      }
    }
    return;
  }
  char date[11], end[11];
  ng_arg_date(c, ng_action_arg(c->run, a, "date"), NULL, date, end);
  size_t group_party = c->group_party;
  if (joined_group) {
    /* a group is named once: what follows speaks of other things */
    c->group_party = NONE;
    c->group_open = 0;
    if (!*date) {
      memcpy(date, c->group_date, sizeof(date));
    }
  }
  if (!*date) {
    sentence_date(c, a->sentence, date);
  }
  /* the day the news was told, not yet the day of the signing */
  int news = *date && tells_news(c, a->sentence);
  if (*date && a->sentence + 1 < ng_document_n_sentences(c->doc) &&
      dates_the_news(c, a->sentence)) {
    /* "X said on the 6th it had concluded an MoU with Y. The signing
     * took place on the 5th in Z": the day of the signing */
    char signed_on[11];
    signing_day_of(c, a->sentence + 1, 1, signed_on);
    if (*signed_on) {
      memcpy(date, signed_on, sizeof(date));
      news = 0;
    }
  }
  if (!*date) {
    signing_date_before(c, a->sentence, date);
  }
  if (joined_group && c->group_each && group_party != NONE) {
    /* "three separate MoUs with institutions ... The institutions are B,
     * C and D": the one party with each of them apart */
    for (size_t i = 0; i < members.n; ++i) {
      if (members.items[i] == group_party) {
        continue;
      }
      Targets pair = {{0}, 0};
      ng_add_target(&pair, group_party);
      ng_add_target(&pair, members.items[i]);
      c->last_collab = NONE;
      record_collab(c, a, p, &pair, date, news);
    }
    return;
  }
  record_each_apart(c, a, p, &members, date, news);
}

/* The latest collaboration, when every one of its members is among
 * key[0..n) (sorted) and one at least is not: the parties that an
 * action with extend= adds to it ("X signed the agreement as a third
 * party") join it, and the index is returned; else NONE. */
static size_t extend_latest(Ctx *c, const NgAction *a, const size_t *key,
                            size_t n) {
  const NgActionArg *extend = ng_action_arg(c->run, a, "extend");
  if (!extend || !extend->literal || c->last_collab == NONE) {
    return NONE;
  }
  NgCollaboration *co = &c->art->collaborations[c->last_collab];
  size_t k = 0;
  for (size_t i = 0; i < co->n_members; ++i) {
    while (k < n && key[k] < co->members[i]) {
      ++k;
    }
    if (k == n || key[k] != co->members[i]) {
      return NONE;
    }
  }
  if (co->n_members >= n) {
    return NONE;
  }
  size_t *m = malloc(n * sizeof(*m));
  if (!m) {
    return NONE;
  }
  memcpy(m, key, n * sizeof(*m)); /* sorted, and no duplicates */
  free(co->members);
  co->members = m;
  co->n_members = n;
  if (ng_strmap_put(&c->collabs, (const char *)key, n * sizeof(size_t),
                    c->last_collab, NULL) > NG_FAILURE) {
    return NONE;
  }
  return c->last_collab;
}

/* Whether collaboration idx is dated by the day its news was told. */
static int is_news_dated(const Ctx *c, size_t idx) {
  return idx < c->cap_news_dated && c->news_dated[idx];
}

/* Marks (news 1) or clears the date of collaboration idx as the day its
 * news was told.  Memory short: it stays unmarked, and a later day of
 * signing does not replace it. */
static void set_news_dated(Ctx *c, size_t idx, int news) {
  if (idx >= c->cap_news_dated) {
    if (!news) {
      return;
    }
    size_t cap = c->cap_news_dated ? c->cap_news_dated : 8;
    while (cap <= idx) {
      cap *= 2;
    }
    unsigned char *grown = realloc(c->news_dated, cap);
    if (!grown) {
      return;
    }
    memset(grown + c->cap_news_dated, 0, cap - c->cap_news_dated);
    c->news_dated = grown;
    c->cap_news_dated = cap;
  }
  c->news_dated[idx] = (unsigned char)(news != 0);
}

/* Gives collaboration idx the date `date` in place of the one it has
 * (none, or the day its news was told), unless it has that date already;
 * news: the new date is the day the news was told. */
static void redate_collab(Ctx *c, size_t idx, const char *date, int news,
                          const NgProvenance *p) {
  NgCollaboration *co = &c->art->collaborations[idx];
  if (!co->date || strcmp(co->date, date)) {
    free(co->date);
    co->date = ng_strdup(date);
    ng_explain(c, "collaboration", p, "dated %s", date);
  }
  set_news_dated(c, idx, news);
}

/* Keeps collaboration idx, read undated from sentence, for
 * ng_date_collabs_at_events.  Memory short: it stays undated. */
static void note_undated(Ctx *c, size_t idx, size_t sentence) {
  if (c->n_undated == c->cap_undated) {
    size_t cap = c->cap_undated ? 2 * c->cap_undated : 8;
    struct UndatedCollab *u = realloc(c->undated, cap * sizeof(*u));
    if (!u) {
      return;
    }
    c->undated = u;
    c->cap_undated = cap;
  }
  c->undated[c->n_undated].collab = idx;
  c->undated[c->n_undated++].sentence = sentence;
}

/* Records the collaboration of members (two or more) that action a read,
 * or finds the one already recorded for them, and gives it date (when it
 * has none) and the kind and topics of a's arguments.  news: date is the
 * day the news was told (set_news_dated). */
static void record_collab(Ctx *c, const NgAction *a, const NgProvenance *p,
                          const Targets *members_in, const char *date,
                          int news) {
  Targets members = *members_in;
  char *kind = arg_literal(c, ng_action_arg(c->run, a, "kind"));
  /* the last collaboration of the same members, found by its key */
  size_t key[NG_ARRAY_LEN(members.items)];
  members_key(&members, key);
  size_t *known = ng_strmap_get(&c->collabs, (const char *)key,
                                members.n * sizeof(size_t));
  size_t idx = known ? *known : NONE;
  if (idx == NONE) {
    idx = same_reading(c, &members, key, p);
  }
  if (idx == NONE && (idx = extend_latest(c, a, key, members.n)) != NONE) {
    NgBuf names = NG_BUF_INIT;
    for (size_t i = 0; i < members.n; ++i) {
      ng_buf_printf(&names, "%s%s", i ? ", " : "",
                    c->art->entities[key[i]].name);
    }
    ng_explain(c, "collaboration", p, "now between %s", names.data);
    ng_buf_release(&names);
  }
  if (idx == NONE) {
    if (ng_article_add_collaboration(c->art, members.items, members.n,
                                     *date ? date : NULL, kind, p, &idx) ||
        ng_strmap_put(&c->collabs, (const char *)key,
                      members.n * sizeof(size_t), idx, NULL) > NG_FAILURE) {
      free(kind);
      return;
    }
    NgBuf names = NG_BUF_INIT;
    for (size_t i = 0; i < members.n; ++i) {
      ng_buf_printf(&names, "%s%s", i ? ", " : "",
                    c->art->entities[members.items[i]].name);
    }
    ng_explain(c, "collaboration", p, "between %s%s%s", names.data,
            *date ? " dated " : "", date);
    ng_buf_release(&names);
    set_news_dated(c, idx, *date && news);
  } else if (*date && (!c->art->collaborations[idx].date ||
                       (!news && is_news_dated(c, idx)))) {
    /* undated, or dated by the day the news was told only */
    redate_collab(c, idx, date, news, p);
  }
  free(kind);
  c->last_collab = idx;
  add_topic_args(c, idx, a, p);
  if (!c->art->collaborations[idx].date) {
    note_undated(c, idx, a->sentence);
  }
}

/* The entity of the organization that opens sentence s, a line of its
 * own, after nothing but a bullet, a number or "the" ("- the Acme
 * Institute, Springfield", "2. Acme Hospital (AH)"), or NONE. */
static size_t listed_org(Ctx *c, size_t s) {
  const NgSentence *sen = ng_document_sentence(c->doc, s);
  size_t first = line_opening(c, s);
  if (first == NONE || c->run->mentions[first].type != NG_M_ORG) {
    return NONE;
  }
  const char *t = c->text;
  size_t k = sen->span.begin, begin = c->run->mentions[first].begin;
  if (begin - k > ROSTER_MAX_LEAD) {
    return NONE;
  }
  while (k < begin && !isalpha((unsigned char)t[k])) {
    ++k; /* bullets, dashes, numbers, brackets, and any non-ASCII mark */
  }
  if (k < begin && (!strncmp(t + k, "the ", 4) || !strncmp(t + k, "The ", 4))) {
    k += 4;
  }
  return k == begin ? ng_mention_entity(c, first) : NONE;
}

/* collab_roster: "The consortium's members are:" then one organization
 * per line; with the organizations of the members= arguments (the
 * body that leads them, named in the opening sentence) they make one
 * collaboration.  The first line that opens with no organization ends
 * the list. */
static void do_collab_roster(Ctx *c, const NgAction *a,
                             const NgProvenance *p) {
  Targets members = {{0}, 0};
  for (size_t k = 0; k < a->n_args; ++k) {
    const NgActionArg *arg = &c->run->args[a->first_arg + k];
    if (arg->key && !strcmp(arg->key, "members")) {
      Targets t;
      resolve_members(c, arg, &t);
      for (size_t i = 0; i < t.n; ++i) {
        ng_add_target(&members, t.items[i]);
      }
    }
  }
  size_t n = ng_document_n_sentences(c->doc);
  for (size_t s = a->sentence + 1; s < n && s <= a->sentence + ROSTER_MAX_ITEMS;
       ++s) {
    if (is_item_mark(c, s)) {
      continue;
    }
    size_t org = listed_org(c, s);
    if (org == NONE || c->art->entities[org].type != NG_ORGANIZATION) {
      break;
    }
    ng_add_target(&members, org);
  }
  if (members.n < 2) {
    return;
  }
  char date[11], end[11];
  ng_arg_date(c, ng_action_arg(c->run, a, "date"), NULL, date, end);
  if (!*date) {
    sentence_date(c, a->sentence, date);
  }
  record_collab(c, a, p, &members, date, 0);
}

/* Whether sentence i is a line of its own, short enough for an item of
 * a list (the cleaner has taken the bullets away). */
static int is_list_line(Ctx *c, size_t i) {
  const NgSentence *s = ng_document_sentence(c->doc, i);
  return s->span.end - s->span.begin <= 240 && ng_sentence_whole_line(c, i);
}

/* The sentence that introduces the list whose item is sentence i: the
 * line before the run of list lines that i closes, when it ends in a
 * colon and speaks of areas or what an agreement covers ("Their joint
 * work spans the following fields:", "The MoU covers:"); else NONE. */
static size_t list_intro(Ctx *c, size_t i) {
  if (!is_list_line(c, i)) {
    return NONE;
  }
  size_t k = i;
  while (k > 0 && i - k < 12 && !ng_sentence_ends_in_colon(c, k - 1) &&
         is_list_line(c, k - 1)) {
    --k;
  }
  if (k == 0 || !ng_sentence_ends_in_colon(c, k - 1)) {
    return NONE;
  }
  --k;
  const NgSentence *s = ng_document_sentence(c->doc, k);
  static const char *const words[] = {"area", "field", "domain", "sector",
                                      "cover", "focus", "topic", "aspect",
                                      "priorit", "scope", "pillar"};
  char *low = ng_strndup(c->text + s->span.begin, s->span.end - s->span.begin);
  if (!low) {
    return NONE;
  }
  for (char *q = low; *q; ++q) {
    *q = (char)tolower((unsigned char)*q);
  }
  int found = 0;
  for (size_t w = 0; w < NG_ARRAY_LEN(words) && !found; ++w) {
    found = strstr(low, words[w]) != NULL;
  }
  free(low);
  return found ? k : NONE;
}

/* collab_topic: "Discussions focused on X" names no members; it speaks of
 * the collaboration collab_nearby finds (the article's only one, or the
 * one read just before), else of none.  With item=, the sentence is an
 * item of a list, and the collaboration is the one read at the line that
 * introduces the list (list_intro). */
static void do_collab_topic(Ctx *c, const NgAction *a, const NgProvenance *p) {
  size_t at = a->sentence;
  const NgActionArg *item = ng_action_arg(c->run, a, "item");
  if (item && item->literal) {
    /* an item of a list of what the agreement covers */
    at = list_intro(c, a->sentence);
    if (at == NONE) {
      return;
    }
  }
  size_t only = collab_nearby(c, at);
  if (only != NONE) {
    add_topic_args(c, only, a, p);
  }
}

/* collab_date: "The centre was launched on 30 May" names no members; the
 * date is that of the article's collaboration when the article has
 * exactly one by then and its own rule gave it none.  With more, it is
 * that of the one collaboration said in the same sentence or the two
 * before, headlines aside ("A has entered into an agreement with B ...
 * The agreement was signed on 20 May", under a headline that names the
 * partners again).  Two said there leave it unsaid which. */
static void do_collab_date(Ctx *c, const NgAction *a, const NgProvenance *p) {
  NgArticle *art = c->art;
  if (art->n_collaborations == 0) {
    return;
  }
  char date[11], end[11];
  ng_arg_date(c, ng_action_arg(c->run, a, "date"), NULL, date, end);
  if (!*date) {
    return;
  }
  size_t only = collab_nearby(c, a->sentence);
  if (only == NONE) {
    return;
  }
  if (!art->collaborations[only].date || is_news_dated(c, only)) {
    /* "A and B today announced ... The accord had been inked on 4 May" */
    redate_collab(c, only, date, 0, p);
  }
}

/* The day of an event an occasion's day= argument counts: "second" 2,
 * the literal "last" -1 (the last day: "at the close of the summit"),
 * "closing", "last" or "final" said of a day -2 (the last of several
 * days: "on the closing day"), none 0 (the first). */
static int occasion_day(Ctx *c, const NgActionArg *arg) {
  static const char *const counted[] = {"first", "second", "third", "fourth",
                                        "fifth"};
  char *word = arg_literal(c, arg);
  int day = 0;
  for (size_t i = 0; word && i < NG_ARRAY_LEN(counted); ++i) {
    if (!strcasecmp(word, counted[i])) {
      day = (int)i + 1;
    }
  }
  if (word && (!strcasecmp(word, "last") || !strcasecmp(word, "final") ||
               !strcasecmp(word, "closing"))) {
    day = arg->literal ? -1 : -2;
  }
  free(word);
  return day;
}

/* occasion: "During the forum, A and B signed ...", "on the sidelines
 * of the congress": the event the sentence's collaborations were
 * concluded at (the first the sentence names so). */
static void do_occasion(Ctx *c, const NgAction *a) {
  const NgActionArg *named = ng_action_arg(c->run, a, "event");
  size_t e = NONE;
  if (named && named->set) {
    e = ng_resolve_known_event(c, named);
  } else {
    /* "during the final day": of the event named last before */
    size_t sentence, begin;
    e = ng_event_named_before(
        c, ng_document_sentence(c->doc, a->sentence)->span.begin, &sentence,
        &begin);
  }
  if (e == NONE || c->art->entities[e].type != NG_EVENT) {
    return;
  }
  size_t n = ng_document_n_sentences(c->doc);
  if (!c->occasion) {
    c->occasion = malloc((n + 1) * sizeof(*c->occasion));
    if (!c->occasion) {
      return;
    }
    for (size_t k = 0; k < n; ++k) {
      c->occasion[k].event = NONE;
    }
  }
  if (a->sentence < n && c->occasion[a->sentence].event == NONE) {
    c->occasion[a->sentence].event = e;
    c->occasion[a->sentence].rule = a->rule;
    c->occasion[a->sentence].day =
        occasion_day(c, ng_action_arg(c->run, a, "day"));
  }
}

/* Into out, the day of event e an occasion names (occasion_day), when
 * the event's dates give it: the close of an event with no end is its
 * first day (a day's event), but its closing day needs the end; a day
 * counted from the first needs a full first date and no end before
 * it. */
static int occasion_date(const NgEntity *e, int n, char out[11]) {
  if (n == -2 && !e->end_date) {
    return 0;
  }
  const char *from = n < 0 && e->end_date ? e->end_date : e->start_date;
  if (!from || (n > 1 && strlen(from) != 10)) {
    return 0;
  }
  if (n <= 1) {
    snprintf(out, 11, "%s", from);
    return 1;
  }
  NgDate d, end;
  if (!ng_date_parse(from, &d, &end)) {
    return 0;
  }
  ng_date_add_days(&d, n - 1);
  ng_date_format(&d, out);
  return !e->end_date || strcmp(out, e->end_date) <= 0;
}

/* Whether a collaboration was read from sentence k. */
static int sentence_has_collab(Ctx *c, size_t k) {
  size_t begin = ng_document_original_offset(
      c->doc, ng_document_sentence(c->doc, k)->span.begin);
  for (size_t i = 0; i < c->art->n_collaborations; ++i) {
    if (c->art->collaborations[i].prov.begin == begin) {
      return 1;
    }
  }
  return 0;
}

/* A sentence that tells of a signing at an occasion and names no
 * collaboration of its own ("Their pact was signed during the first day
 * of the forum") dates the one collaboration read just before it, as if
 * that one's own sentence had named the occasion. */
static void note_signed_at_occasions(Ctx *c) {
  size_t n = ng_document_n_sentences(c->doc);
  for (size_t k = 0; k < n; ++k) {
    if (c->occasion[k].event == NONE || sentence_has_collab(c, k)) {
      continue;
    }
    const NgSentence *s = ng_document_sentence(c->doc, k);
    int signing = 0;
    after_signing_word(c->text + s->span.begin, s->span.end - s->span.begin,
                       &signing);
    size_t idx = signing ? collab_nearby(c, k) : NONE;
    if (idx != NONE && !c->art->collaborations[idx].date) {
      note_undated(c, idx, k);
    }
  }
}

void ng_add_joiners(Ctx *c) {
  if (!c->n_joiners || c->art->n_collaborations != 1) {
    return; /* none to join, or it is not said which */
  }
  NgCollaboration *co = &c->art->collaborations[0];
  NgBuf ev = NG_BUF_INIT;
  for (size_t k = 0; k < c->n_joiners; ++k) {
    /* members stay sorted (extend_latest relies on it): where org goes */
    size_t org = c->joiners[k].org, i = 0;
    while (i < co->n_members && co->members[i] < org) {
      ++i;
    }
    if (i < co->n_members && co->members[i] == org) {
      continue;
    }
    size_t *m = realloc(co->members, (co->n_members + 1) * sizeof(*m));
    if (!m) {
      break; /* memory short: the body stays out */
    }
    memmove(m + i + 1, m + i, (co->n_members - i) * sizeof(*m));
    m[i] = org;
    co->members = m;
    co->n_members++;
    NgProvenance p;
    const NgAction *a = c->joiners[k].action;
    ng_make_prov(c, a->rule, a->sentence, &p, &ev);
    ng_explain(c, "collaboration", &p, "joined by %s",
               c->art->entities[org].name);
  }
  ng_buf_release(&ev);
}

/* A collaboration still undated takes the first day of the event its
 * sentence says it was concluded at: "The Forum was held on 3 and 4 May.
 * During the forum, A and B signed an MoU" dates the MoU 3 May ("At the
 * close of the summit": 4 May).  Runs once the events are dated; a
 * sentence that gave a date of its own has dated its collaborations
 * already. */
void ng_date_collabs_at_events(Ctx *c) {
  if (!c->occasion) {
    return;
  }
  note_signed_at_occasions(c);
  NgBuf ev = NG_BUF_INIT;
  for (size_t i = 0; i < c->n_undated; ++i) {
    const struct UndatedCollab *u = &c->undated[i];
    NgCollaboration *co = &c->art->collaborations[u->collab];
    const struct Occasion *o = &c->occasion[u->sentence];
    const NgEntity *e = o->event != NONE ? &c->art->entities[o->event] : NULL;
    char day[11];
    if (co->date || !e || !occasion_date(e, o->day, day) ||
        !(co->date = ng_strdup(day))) {
      continue;
    }
    NgProvenance p;
    ng_make_prov(c, o->rule, u->sentence, &p, &ev);
    ng_explain(c, "collaboration", &p, "dated %s, a day of %s", co->date,
               e->name);
  }
  ng_buf_release(&ev);
}

static void do_article(Ctx *c, const NgAction *a, const NgProvenance *p) {
  const char *verb = a->emit->verb;
  if (!strcmp(verb, "article_date") && !c->art->date_published) {
    char start[11], end[11];
    int saved = c->ref_year;
    c->ref_year = 0;
    ng_arg_date(c, ng_action_arg(c->run, a, "date"), NULL, start, end);
    c->ref_year = saved;
    if (strlen(start) == 10) {
      ng_article_set_field(c->art, "date_published", start);
      ng_explain(c, "article", p, "published %s", start);
    }
  } else if (!strcmp(verb, "author")) {
    Targets t;
    ng_resolve_arg(c, ng_action_arg(c->run, a, "person"), 1u << NG_PERSON, &t);
    for (size_t i = 0; i < t.n; ++i) {
      if (ng_article_add_relation(c->art, NG_REL_AUTHOR, 0, t.items[i], NULL,
                                  p) == NG_SUCCESS) {
        ng_explain(c, "article", p, "written by %s",
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
  size_t e =
      a->mention != NG_NO_MENTION ? ng_mention_entity(c, a->mention) : NONE;
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

void ng_run_action(Ctx *c, const NgAction *a, NgBuf *ev) {
  const char *verb = a->emit->verb;
  if (a->emit->mention_type >= 0) {
    do_honorific(c, a);
    return;
  }
  NgProvenance p;
  ng_make_prov(c, a->rule, a->sentence, &p, ev);
  if (!strcmp(verb, "member")) {
    do_member(c, a, &p);
  } else if (!strcmp(verb, "title")) {
    do_title(c, a, &p);
  } else if (!strcmp(verb, "parent")) {
    do_parent(c, a, &p);
  } else if (!strcmp(verb, "event_date")) {
    do_event_date(c, a, &p);
  } else if (!strcmp(verb, "event_end")) {
    do_event_end(c, a, &p);
  } else if (!strcmp(verb, "location")) {
    do_location(c, a, &p);
  } else if (!strcmp(verb, "occasion")) {
    do_occasion(c, a);
  } else if (!strcmp(verb, "event_same_day")) {
    do_event_same_day(c, a, &p);
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
  } else if (!strcmp(verb, "collab_roster")) {
    do_collab_roster(c, a, &p);
  } else if (!strcmp(verb, "collab_topic")) {
    do_collab_topic(c, a, &p);
  } else if (!strcmp(verb, "collab_date")) {
    do_collab_date(c, a, &p);
  } else if (!strcmp(verb, "roster")) {
    do_roster(c, a, ev);
  } else if (!strcmp(verb, "contact")) {
    do_contact(c, a, ev);
  } else {
    do_article(c, a, &p);
  }
}

/* The article's own date, read before anything else so that undated
 * "May 10" can take its year. */
void ng_read_article_date(Ctx *c, NgBuf *ev) {
  for (size_t i = 0; i < c->run->n_actions; ++i) {
    const NgAction *a = &c->run->actions[i];
    if (!strcmp(a->emit->verb, "article_date")) {
      ng_run_action(c, a, ev);
      if (c->art->date_published) {
        NgDate d, e;
        ng_date_parse(c->art->date_published, &d, &e);
        c->ref_year = d.year;
        return;
      }
    }
  }
}

/* A title held without an organization that is only the first words of
 * a post the same person holds at one ("chair" beside "chair of the
 * board of directors" of Acme) says nothing more: it goes. */
void ng_drop_titles_said_in_full(NgArticle *art) {
  for (size_t i = 0; i < art->n_relations; ++i) {
    const NgRelation *r = &art->relations[i];
    char **title = r->type == NG_REL_MEMBER && r->literal
                       ? &art->entities[r->subject].job_title
                       : NULL;
    size_t n = title && *title ? strlen(*title) : 0;
    if (n && !strncmp(r->literal, *title, n) && r->literal[n] == ' ') {
      free(*title);
      *title = NULL;
    }
  }
}

/* Attendees are those who came without speaking (VOCABULARY.md): one who
 * also spoke at the event is its performer only. */
void ng_drop_speaking_attendees(NgArticle *art) {
  /* the (event, agent) pairs of performers, looked up by key */
  NgStrMap spoke_at = NG_STRMAP_INIT;
  for (size_t j = 0; j < art->n_relations; ++j) {
    const NgRelation *q = &art->relations[j];
    size_t pair[2] = {q->subject, q->object};
    if (q->type == NG_REL_PERFORMER &&
        ng_strmap_put(&spoke_at, (const char *)pair, sizeof(pair), 1, NULL) >
            NG_FAILURE) {
      ng_strmap_release(&spoke_at);
      return; /* out of memory: keep every attendee */
    }
  }
  size_t out = 0;
  for (size_t i = 0; i < art->n_relations; ++i) {
    NgRelation *r = &art->relations[i];
    size_t pair[2] = {r->subject, r->object};
    int spoke = r->type == NG_REL_ATTENDEE &&
                ng_strmap_get(&spoke_at, (const char *)pair, sizeof(pair));
    if (spoke) {
      free(r->literal); /* (its provenance strings are the article's) */
      continue;
    }
    art->relations[out++] = *r;
  }
  art->n_relations = out;
  ng_strmap_release(&spoke_at);
}


static int says_signing(const char *name) {
  for (const char *p = name; *p; ++p) {
    if ((p == name || p[-1] == ' ') && !strncasecmp(p, "signing", 7) &&
        !isalnum((unsigned char)p[7])) {
      return 1;
    }
  }
  return 0;
}

/* Whether the event is called a signing in one of its names, or is a
 * ceremony of no other name (in an article that concludes an agreement,
 * "the ceremony was attended by ..." is the signing's). */
static int is_signing(const NgEntity *e) {
  if (says_signing(e->name) || !strcasecmp(e->name, "ceremony")) {
    return 1;
  }
  for (size_t k = 0; k < e->n_alt_names; ++k) {
    if (says_signing(e->alt_names[k])) {
      return 1;
    }
  }
  return 0;
}

static int compare_begin(const void *x, const void *y) {
  const size_t *a = x, *b = y;
  return (a[0] > b[0]) - (a[0] < b[0]);
}

/* The one date mention of a sentence besides a dateline's, or NONE when
 * it gives none or several. */
static size_t only_date_of(Ctx *c, size_t sentence) {
  size_t date = NONE;
  for (size_t m = c->run->sentence_head[sentence]; m != NONE;
       m = c->run->mentions[m].next) {
    const NgMention *mm = &c->run->mentions[m];
    if (mm->type != NG_M_DATE || mm->dropped || is_dateline_date(c, mm)) {
      continue;
    }
    if (date != NONE) {
      return NONE;
    }
    date = m;
  }
  return date;
}

/* Whether the text between an event's name and a date after it says the
 * event's days: nothing but its title or acronym and "on", "from" or
 * "between" ("the X Symposium, "A Title", on Friday 15 May"); not "the
 * X Summit report was published on 3 May". */
static int names_its_days(const char *gap, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char ch = (unsigned char)gap[i];
    if (ch == ' ' || ch == ',') {
      ++i;
    } else if (ch == '(' || ch == '"') {
      const char *close = memchr(gap + i + 1, ch == '(' ? ')' : '"',
                                 n - i - 1);
      if (!close) {
        return 0;
      }
      i = (size_t)(close - gap) + 1;
    } else if (n - i >= 6 && !memcmp(gap + i, "\xe2\x80\x9c", 3)) {
      const char *close = NULL; /* a title in curly quotes */
      for (size_t k = i + 3; k + 3 <= n && !close; ++k) {
        if (!memcmp(gap + k, "\xe2\x80\x9d", 3)) {
          close = gap + k;
        }
      }
      if (!close) {
        return 0;
      }
      i = (size_t)(close - gap) + 3;
    } else {
      break;
    }
  }
  static const char *const preps[] = {"on ", "from ", "between "};
  for (size_t k = 0; k < NG_ARRAY_LEN(preps); ++k) {
    size_t pn = strlen(preps[k]);
    if (n - i >= pn && !strncmp(gap + i, preps[k], pn)) {
      i += pn;
      break;
    }
  }
  /* "on Friday 15 May", "on Friday, 15 May": the date may begin after
   * its weekday */
  size_t wd = ng_date_weekday_len(gap + i);
  if (wd && i + wd <= n) {
    i += wd;
    i += i < n && gap[i] == ',';
    i += i < n && gap[i] == ' ';
  }
  return i == n;
}

/* An event no rule dated takes the date of the sentence that first names
 * it, when that sentence names no other event and gives one date only,
 * said before the event's name ("Scholars gathered in Oban from 12-14
 * May for a Workshop on X", "On 3 and 4 June, the city hosted the Y
 * Forum") or right after it ("... attended the Z Symposium, "A Title", on
 * Thursday 8 and Friday 9 May").  A headline's date is the
 * article's, and a signing has its agreement's. */
void ng_date_events_by_sentence(Ctx *c) {
  NgArticle *art = c->art;
  size_t n_sentences = ng_document_n_sentences(c->doc);
  unsigned char *seen = calloc(art->n_entities + 1, 1);
  if (!seen) {
    return;
  }
  for (size_t k = 0; k < n_sentences; ++k) {
    size_t event = NONE, first = NONE;
    int several = 0;
    for (size_t m = c->run->sentence_head[k]; m != NONE;
         m = c->run->mentions[m].next) {
      const NgMention *mm = &c->run->mentions[m];
      size_t e = mm->type == NG_M_EVENT && !mm->dropped
                     ? ng_mention_entity(c, m)
                     : NONE;
      if (e == NONE || art->entities[e].type != NG_EVENT) {
        continue;
      }
      several |= event != NONE && event != e;
      if (event == NONE) {
        event = e, first = m;
      }
    }
    /* a headline names the event before the text does */
    if (event == NONE || seen[event] || is_title_line(c, k)) {
      continue;
    }
    seen[event] = 1;
    const NgEntity *en = &art->entities[event];
    size_t d = several || en->start_date || is_signing(en)
                   ? NONE
                   : only_date_of(c, k);
    if (d == NONE) {
      continue;
    }
    const NgMention *dm = &c->run->mentions[d], *em = &c->run->mentions[first];
    if (dm->begin >= em->end
            ? !names_its_days(c->text + em->end, dm->begin - em->end)
            : dm->end > em->begin) {
      continue;
    }
    char start[11], end[11];
    mention_date(c, dm, start, end);
    if (strlen(start) != 10) {
      continue;
    }
    (void)ng_article_set_entity_field(art, event, "start_date", start);
    if (*end && strcmp(end, start)) {
      (void)ng_article_set_entity_field(art, event, "end_date", end);
    }
  }
  free(seen);
}

/* The signing of an agreement happens when the agreement is concluded:
 * "A and B signed the agreement on 3 May. The signing ceremony was held
 * in the Old Hall" dates the ceremony 3 May.  With several dated
 * agreements, the one read nearest to the event's first sentence. */
void ng_date_signings(NgArticle *art) {
  size_t n = 0;
  size_t (*dated)[2] = malloc((art->n_collaborations + 1) * sizeof(*dated));
  for (size_t i = 0; dated && i < art->n_collaborations; ++i) {
    if (art->collaborations[i].date) {
      dated[n][0] = art->collaborations[i].prov.begin;
      dated[n++][1] = i;
    }
  }
  if (n) {
    qsort(dated, n, sizeof(*dated), compare_begin);
  }
  for (size_t e = 0; n && e < art->n_entities; ++e) {
    const NgEntity *en = &art->entities[e];
    if (en->type != NG_EVENT || en->start_date || !is_signing(en)) {
      continue;
    }
    size_t lo = 0, hi = n; /* the first collaboration read at or after */
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (dated[mid][0] < en->prov.begin) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    size_t k = lo == n || (lo > 0 && en->prov.begin - dated[lo - 1][0] <
                                         dated[lo][0] - en->prov.begin)
                   ? lo - 1
                   : lo;
    (void)ng_article_set_entity_field(
        art, e, "start_date", art->collaborations[dated[k][1]].date);
  }
  free(dated);
}

/* Whether a parent relation is said, not only implied by a name: a
 * rule read it from the sentence, or the unit's name ends with "of (the)"
 * and the parent's name ("School of X of the University of Y"); not
 * "TMU Hospital" of "Tallis Medical University (TMU)", whose parent is
 * implied (GUIDELINES.md rule 8). */
static int says_parent(const NgEntity *unit, const NgEntity *parent,
                       const char *rule) {
  if (!rule || strncmp(rule, "builtin:", 8)) {
    return 1;
  }
  size_t un = strlen(unit->name), pn = strlen(parent->name);
  if (un <= pn + 4 || strcmp(unit->name + un - pn, parent->name)) {
    return 0;
  }
  const char *before = unit->name + un - pn;
  return !strncmp(before - 4, " of ", 4) ||
         (before - unit->name > 8 && !strncmp(before - 8, " of the ", 8));
}

/* The organization the article names (by any of its names) that ends
 * the event's name after " of " or " of the " ("9th Congress of the X
 * Society"), or NONE. */
static size_t body_ending_name(Ctx *c, const char *name) {
  for (const char *p = strstr(name, " of "); p; p = strstr(p + 1, " of ")) {
    const char *tail = p + 4;
    if (!strncasecmp(tail, "the ", 4)) {
      tail += 4;
    }
    size_t e = ng_org_entity_named(c, tail);
    if (e != NONE && c->art->entities[e].type == NG_ORGANIZATION) {
      return e;
    }
  }
  return NONE;
}

/* An event named after the body that holds it, a meeting of its own
 * ("the 9th Congress of the X Society", "the Annual General Meeting of
 * the Y Association"), is organized by that body when the article names
 * the body; not an act done to a body ("the launch of the X Network",
 * "the visit of the Z delegation"). */
void ng_organizers_named_in_events(Ctx *c) {
  NgArticle *art = c->art;
  size_t n = art->n_entities;
  for (size_t e = 0; e < n; ++e) {
    const NgEntity *en = &art->entities[e];
    size_t body = NONE;
    for (size_t k = 0; en->type == NG_EVENT && body == NONE &&
                       k <= en->n_alt_names;
         ++k) {
      const char *name = k ? en->alt_names[k - 1] : en->name;
      const char *of = strstr(name, " of "), *head = of;
      while (head && head > name && head[-1] != ' ') {
        --head;
      }
      if (of && in_class(c, head, (size_t)(of - head), c->ex->cls_event_head) &&
          !in_class(c, head, (size_t)(of - head), c->ex->cls_event_act)) {
        body = body_ending_name(c, name);
      }
    }
    if (body == NONE) {
      continue;
    }
    NgProvenance prov = art->entities[e].prov; /* copied by the article */
    prov.rule = (char *)"builtin:event-of-body";
    if (ng_article_add_relation(art, NG_REL_ORGANIZER, e, body, NULL, &prov) ==
        NG_SUCCESS) {
      ng_explain(c, "relation", &prov, "%s organizer %s", art->entities[e].name,
                 art->entities[body].name);
    }
  }
}

/* A member of a unit is a member of the body the unit is part of: a
 * "senior lecturer at the Faculty of X of Y University" works for the
 * university too.  One level up, with no post (the post is the unit's),
 * when the sentence that names the post also says whose unit it is (a
 * parent read elsewhere, often from a list, is weaker evidence), and
 * unless the article already makes the person a member of that body. */
void ng_add_parent_memberships(NgArticle *art) {
  NgStrMap member_of = NG_STRMAP_INIT, parent_of = NG_STRMAP_INIT;
  size_t n = art->n_relations;
  int ok = 1;
  for (size_t i = 0; ok && i < n; ++i) {
    const NgRelation *r = &art->relations[i];
    size_t pair[2] = {r->subject, r->object};
    if (r->type == NG_REL_MEMBER) {
      ok = ng_strmap_put(&member_of, (const char *)pair, sizeof(pair), 1,
                         NULL) <= NG_FAILURE;
    } else if (r->type == NG_REL_PARENT &&
               says_parent(&art->entities[r->subject], &art->entities[r->object],
                           r->prov.rule)) {
      /* keyed by the unit and the sentence that says so */
      size_t unit_at[2] = {r->subject, r->prov.begin};
      ok = ng_strmap_put(&parent_of, (const char *)unit_at, sizeof(unit_at),
                         r->object, NULL) <= NG_FAILURE;
    }
  }
  for (size_t i = 0; ok && i < n; ++i) {
    const NgRelation *r = &art->relations[i];
    size_t unit_at[2] = {r->object, r->prov.begin};
    const size_t *parent =
        r->type == NG_REL_MEMBER
            ? ng_strmap_get(&parent_of, (const char *)unit_at, sizeof(unit_at))
            : NULL;
    if (!parent || art->entities[*parent].type != NG_ORGANIZATION) {
      continue;
    }
    size_t pair[2] = {r->subject, *parent};
    NgStatus st = ng_strmap_put(&member_of, (const char *)pair, sizeof(pair), 1,
                                NULL);
    if (st == NG_SUCCESS) {
      NgProvenance prov = r->prov; /* copied by the article */
      prov.rule = (char *)"builtin:unit-parent";
      ok = ng_article_add_relation(art, NG_REL_MEMBER, pair[0], pair[1], NULL,
                                   &prov) <= NG_FAILURE;
    } else {
      ok = st == NG_FAILURE;
    }
  }
  ng_strmap_release(&member_of);
  ng_strmap_release(&parent_of);
}
