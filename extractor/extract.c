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
#include "extract.h"

#include "buf.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
  ex->cls_collective = ng_ruleset_class(rules, "COLLECTIVE");
  ex->cls_head_first = ng_ruleset_class(rules, "HEAD_FIRST");
  ex->cls_coop_verb = ng_ruleset_class(rules, "COOP_VERB");
  ex->cls_coop_noun = ng_ruleset_class(rules, "COOP_NOUN");
  ex->cls_event_head = ng_ruleset_class(rules, "EVENT_HEAD");
  ex->cls_event_act = ng_ruleset_class(rules, "EVENT_ACT");
  ex->cls_event_part = ng_ruleset_class(rules, "EVENT_PART");
  ex->cls_event_session = ng_ruleset_class(rules, "EVENT_SESSION");
  ex->cls_event_ceremony = ng_ruleset_class(rules, "EVENT_CEREMONY");
  ex->cls_legal_form = ng_ruleset_class(rules, "LEGAL_FORM");
  ex->cls_company_word = ng_ruleset_class(rules, "COMPANY_WORD");
  ex->cls_country = ng_ruleset_class(rules, "COUNTRY");
  ex->cls_place_name = ng_ruleset_class(rules, "PLACE_NAME");
  ex->cls_place_kind = ng_ruleset_class(rules, "PLACE_KIND");
  ex->cls_common = ng_ruleset_class(rules, "COMMON");
  ex->cls_unit_head = ng_ruleset_class(rules, "UNIT_HEAD");
  ex->cls_post_office = ng_ruleset_class(rules, "POST_OFFICE");
  ex->cls_postnominal = ng_ruleset_class(rules, "POSTNOMINAL");
  ex->cls_title = ng_ruleset_class(rules, "TITLE");
  ex->cls_title_mod = ng_ruleset_class(rules, "TITLE_MOD");
  ex->cls_function = ng_ruleset_class(rules, "FUNCTION");
  ex->cls_titles = ng_ruleset_class(rules, "TITLES");
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

typedef struct Placed {
  size_t begin;
  size_t mention;
} Placed;

static int by_position(const void *x, const void *y) {
  const Placed *a = x, *b = y;
  if (a->begin != b->begin) {
    return (a->begin > b->begin) - (a->begin < b->begin);
  }
  return (a->mention > b->mention) - (a->mention < b->mention);
}

/* Counts each entity's mentions and lists the mentions of entities in
 * text order (anaphors look back along this list). */
static NgStatus order_mentions(Ctx *c) {
  const NgRun *r = c->run;
  Placed *placed = malloc((r->n_mentions + 1) * sizeof(*placed));
  if (!placed) {
    return NG_ERR_NOMEM;
  }
  for (size_t m = 0; m < r->n_mentions; ++m) {
    size_t e = ng_mention_entity(c, m);
    if (e != NONE) {
      ++c->entity_count[e];
      placed[c->n_order].begin = r->mentions[m].begin;
      placed[c->n_order++].mention = m;
    }
  }
  qsort(placed, c->n_order, sizeof(*placed), by_position);
  for (size_t i = 0; i < c->n_order; ++i) {
    c->order[i] = placed[i].mention;
  }
  free(placed);
  return NG_SUCCESS;
}

/* The people action a gives a post, when its order= is value; NULL
 * otherwise. */
static const NgActionArg *ordered_people(const NgRun *r, const NgAction *a,
                                         const char *value) {
  const NgActionArg *order = ng_action_arg(r, a, "order");
  if (!order || !order->literal || strcmp(order->literal, value)) {
    return NULL;
  }
  return ng_action_arg(r, a, "person");
}

/* Lists that name each post before its holder ("attended by the Dean,
 * Jane Roe, the Provost of X, Ben Cole"): the people given a post by an
 * order="before" member action, and the sentences that hold one; in such
 * a sentence the later items (order="chain") name posts first too.  There
 * a post after a name is the next person's, not this one's (facts.c). */
static NgStatus find_posts_before(Ctx *c) {
  const NgRun *r = c->run;
  size_t n_sent = ng_document_n_sentences(c->doc);
  c->post_before = calloc(r->n_mentions + 1, 1);
  c->list_of_posts_first = calloc(n_sent + 1, 1);
  if (!c->post_before || !c->list_of_posts_first) {
    return NG_ERR_NOMEM;
  }
  for (size_t i = 0; i < r->n_actions; ++i) {
    if (ordered_people(r, &r->actions[i], "before")) {
      c->list_of_posts_first[r->actions[i].sentence] = 1;
    }
  }
  for (size_t i = 0; i < r->n_actions; ++i) {
    const NgAction *a = &r->actions[i];
    const NgActionArg *person = ordered_people(r, a, "before");
    if (!person && c->list_of_posts_first[a->sentence]) {
      person = ordered_people(r, a, "chain");
    }
    for (size_t k = 0; person && k < person->n_refs; ++k) {
      c->post_before[r->refs[person->first_ref + k]] = 1;
    }
  }
  return NG_SUCCESS;
}

/* Whether an action verb says something of an event (which an action
 * without an event argument takes to be the article's main one). */
static int about_an_event(const char *verb) {
  static const char *const verbs[] = {"event_date", "event_end", "location",
                                      "organizer",  "sponsor",   "performer",
                                      "attendee",   "roster"};
  for (size_t i = 0; i < NG_ARRAY_LEN(verbs); ++i) {
    if (!strcmp(verb, verbs[i])) {
      return 1;
    }
  }
  return 0;
}

/* Whether a is a collaboration made of separate pairs ("separate
 * agreements with B and C": each=). */
static int is_separate_collab(const NgRun *r, const NgAction *a) {
  const NgActionArg *each = ng_action_arg(r, a, "each");
  return each && each->set && !strcmp(a->emit->verb, "collab");
}

/* At the first action k of a sentence (in by_sentence order), runs the
 * sentence's separate-pairs collaborations, so that the sentence's other
 * readings of all the parties as one collaboration know of them
 * (facts.c).  The caller does not run these actions again. */
static void run_separate_first(Ctx *c, const NgRun *r, const size_t *order,
                               size_t k, NgBuf *ev) {
  if (k > 0 && r->actions[order[k - 1]].sentence ==
                   r->actions[order[k]].sentence) {
    return;
  }
  for (size_t j = k; j < r->n_actions &&
                     r->actions[order[j]].sentence ==
                         r->actions[order[k]].sentence;
       ++j) {
    const NgAction *a = &r->actions[order[j]];
    if (is_separate_collab(r, a)) {
      ng_run_action(c, a, ev);
    }
  }
}

/* order[0 .. n_actions) := the indexes of the run's actions by sentence,
 * in their run order within one sentence (a counting sort: linear). */
static void sort_by_sentence(const NgRun *r, size_t *order) {
  uint32_t n_sent = 0;
  for (size_t i = 0; i < r->n_actions; ++i) {
    if (r->actions[i].sentence + 1 > n_sent) {
      n_sent = r->actions[i].sentence + 1;
    }
  }
  size_t *start = calloc((size_t)n_sent + 1, sizeof(size_t));
  if (!start) { /* keep run order */
    for (size_t i = 0; i < r->n_actions; ++i) {
      order[i] = i;
    }
    return;
  }
  for (size_t i = 0; i < r->n_actions; ++i) {
    ++start[r->actions[i].sentence + 1];
  }
  for (uint32_t s = 0; s < n_sent; ++s) {
    start[s + 1] += start[s];
  }
  for (size_t i = 0; i < r->n_actions; ++i) {
    order[start[r->actions[i].sentence]++] = i;
  }
  free(start);
}

static NgStatus extract(Ctx *c) {
  const NgRun *r = c->run;
  NgStatus st;
  c->mention_slot = malloc((r->n_mentions + 1) * sizeof(size_t));
  c->order = malloc((r->n_mentions + 1) * sizeof(size_t));
  if (!c->mention_slot || !c->order) {
    return NG_ERR_NOMEM;
  }
  TRY(st, ng_collect_slots(c));
  TRY(st, ng_split_of_chains(c));
  ng_apply_aliases(c);
  ng_join_short_names(c);
  ng_join_contained_names(c);
  TRY(st, ng_join_initials(c));
  ng_join_prefix_names(c);
  ng_join_bare_heads(c);
  ng_join_headline_events(c);
  ng_join_event_variants(c);
  TRY(st, ng_build_entities(c));
  TRY(st, ng_relate_parents(c));
  c->entity_count = calloc(c->art->n_entities + 2 * r->n_actions + 1,
                           sizeof(size_t));
  if (!c->entity_count) {
    return NG_ERR_NOMEM;
  }
  TRY(st, order_mentions(c));
  TRY(st, find_posts_before(c));
  NgBuf ev = NG_BUF_INIT;
  ng_read_article_date(c, &ev);
  /* actions about no event first, in run order (phase, then rule);
   * then collaborations in text order, so that "the agreement" stands
   * for the latest one named before it, whichever phase read it;
   * then those that name their event, so that "the main event" is known
   * when an action that names none is read, and so is every event that
   * an action for known events only (event="?signing") may stand for.
   * Event actions are read in text order (by sentence), so that an event
   * named in the text is known before a later sentence names its kind
   * (event="signing"). */
  size_t *by_sentence = malloc((r->n_actions + 1) * sizeof(size_t));
  if (!by_sentence) {
    ng_buf_release(&ev);
    return NG_ERR_NOMEM;
  }
  sort_by_sentence(r, by_sentence);
  for (int pass = 0; pass < 4; ++pass) {
    for (size_t k = 0; k < r->n_actions; ++k) {
      if (pass == 1) {
        /* a sentence's separate agreements before its other readings */
        run_separate_first(c, r, by_sentence, k, &ev);
      }
      const NgAction *a = &r->actions[pass ? by_sentence[k] : k];
      const NgActionArg *ev_arg = ng_action_arg(r, a, "event");
      int unnamed = ev_arg && !ev_arg->set &&
                    (!ev_arg->literal || ev_arg->literal[0] == '?');
      int rank = !strncmp(a->emit->verb, "collab", 6)           ? 1
                 : !ev_arg && !about_an_event(a->emit->verb) ? 0
                 : unnamed                                     ? 3
                                                               : 2;
      if (rank == pass && strcmp(a->emit->verb, "article_date") &&
          !(pass == 1 && is_separate_collab(r, a))) {
        ng_run_action(c, a, &ev);
      }
    }
  }
  free(by_sentence);
  ng_buf_release(&ev);
  ng_drop_speaking_attendees(c->art);
  ng_drop_titles_said_in_full(c->art);
  ng_date_events_by_sentence(c);
  ng_date_signings(c->art);
  ng_add_joiners(c);
  ng_date_collabs_at_events(c);
  ng_organizers_named_in_events(c);
  ng_add_parent_memberships(c->art);
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
  c.text = ng_document_text(doc, &c.text_len);
  c.run = run;
  c.last_collab = NONE;
  c.group_party = NONE;
  c.apart_sentence = NONE;
  c.focus_event = NONE;
  c.near_event = NONE;
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
  ng_strmap_release(&c.slot_index);
  ng_resolve_index_free(&c);
  ng_strmap_release(&c.collabs);
  free(c.parents);
  free(c.mention_slot);
  free(c.order);
  free(c.entity_count);
  free(c.post_before);
  free(c.list_of_posts_first);
  free(c.occasion);
  free(c.undated);
  free(c.news_dated);
  /* the run is read; a huge article's scratch goes now, before its
   * output is built (ordinary articles keep theirs for the next) */
  ng_engine_trim(ex->engine);
  if (st > NG_FAILURE) {
    ng_article_free(c.art);
    return st;
  }
  *out = c.art;
  return NG_SUCCESS;
}

