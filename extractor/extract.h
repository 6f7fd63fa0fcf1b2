/*
 * extract.h: the parts of extraction (internal to extractor/).  The engine
 * gives mentions and actions (engine.h); identity.c turns mentions into
 * entities, resolve.c says what an argument stands for, facts.c gives
 * relation actions their meaning, and extract.c runs the three over one
 * document.
 */
#ifndef NG_EXTRACT_H
#define NG_EXTRACT_H

#include "dates.h"
#include "engine.h"

#include "buf.h"
#include "strmap.h"

/* Bodies of one article that may wait to join its collaboration. */
#define NG_MAX_JOINERS 8

struct NgExtractor {
  const NgRuleset *rules;
  NgEngine *engine;
  NgExplainFunc explain;
  void *explain_handle;
  int cls_honorific;
  int cls_org_head;
  int cls_collective; /* COLLECTIVE: "alliance", "consortium", ... */
  int cls_head_first; /* "Universidade", "Instituto": heads that come first */
  int cls_coop_verb;
  int cls_coop_noun; /* COOP_NOUN: "agreement", "cooperation", ... */
  int cls_event_head;
  int cls_event_act;
  int cls_event_part; /* "the ceremony": a part of an event (resolve.c) */
  int cls_event_session; /* "the panel": where the programme is given */
  int cls_event_ceremony; /* "the X Awards": "the ceremony" is the event */
  /* for short forms of organization names (identity.c) */
  int cls_legal_form;
  int cls_company_word;
  int cls_country;
  int cls_place_name;
  int cls_place_kind; /* "Province": a lone one is where, not what */
  int cls_common;
  int cls_unit_head; /* "Department" of "Department of X of Y" */
  int cls_title, cls_title_mod; /* where a post splits: "Editor and CEO" */
  int cls_titles; /* plural posts, valued by the singular: "Vice Deans" */
  int cls_post_office; /* "Minister" -> "Ministry": the office of a post */
  int cls_postnominal;  /* "MBE" after a name is no part of it */
  int cls_function;     /* "of", "the": no modifier of a post */
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
  int spelled;   /* an acronym joined to the name whose initials it is */
  int referent;  /* a head noun alone ("the University") that stands for
                    no body of the article: no entity */
  size_t entity;
} Slot;

/* Entities an argument stands for (at most 32). */
typedef struct Targets {
  size_t items[32];
  size_t n;
} Targets;

/* The letters of a kind's head noun that name it in the languages of
 * Europe too ("unive": University, Universiti, Universidad, Universität);
 * a word must have two more to be matched by them (resolve.c,
 * identity.c). */
enum { NG_KIND_STEM = 5 };

typedef struct Ctx {
  NgExtractor *ex;
  const NgDocument *doc;
  const char *text;
  size_t text_len; /* bytes of text */
  const NgRun *run;
  NgArticle *art;
  Slot *slots;
  size_t n_slots, cap_slots;
  NgStrMap slot_index; /* type + merge key -> slot, so that finding a
                          name's slot does not scan them all */
  size_t *mention_slot; /* mention -> slot or NONE */
  size_t *entity_count; /* entity -> number of mentions */
  size_t *order;        /* mentions in text order */
  size_t n_order;
  int ref_year; /* the article's year, else 0 */
  size_t last_collab;
  /* "an agreement between A and four hospitals": the one named party and
   * the sentence, waiting for the article to name the others ("The
   * hospitals are B, C, D and E"); NONE when nothing waits */
  size_t group_party;
  size_t group_sentence;
  /* "C has joined the network", with no other member named there: the
   * bodies and the actions that read them, waiting for the end of the
   * article to join its one collaboration (ng_add_joiners) */
  struct Joiner {
    size_t org;
    const NgAction *action;
  } joiners[NG_MAX_JOINERS];
  size_t n_joiners;
  char group_date[11]; /* the date said with the group, or "" */
  int group_each;      /* the group's members each signed apart */
  /* "Four institutions signed the charter": a group with no party of its
   * own, its members listed next ("They are A; B; ...") */
  int group_open;
  /* "A signed separate agreements with B and C": the sentence and all
   * the parties, which no other reading of the sentence joins into one
   * collaboration */
  size_t apart_sentence;
  Targets apart_parties;
  /* the event the last action that named one was about, with its
   * sentence and position: what a later action in the same or the next
   * sentence may be about when it names no event, or only a kind of one
   * (see event_of_action in facts.c) */
  size_t focus_event, focus_sentence, focus_begin;
  size_t near_event; /* while one event is resolved: the recent event a
                        kind alone ("that meeting") stands for, or NONE */
  /* posts written before names ("the Dean, Jane Roe, the Provost, Ben
   * Cole"): mentions given a post that way, by sentence */
  unsigned char *post_before; /* per mention: 1 when a post precedes it */
  unsigned char *list_of_posts_first; /* per sentence */
  struct PendingParent {
    size_t unit, parent, mention;
  } *parents; /* "X of Y" splits, related once entities exist */
  size_t n_parents, cap_parents;
  struct ResolveIndex *resolve; /* resolve.c's lookups, made on first use */
  NgStrMap collabs; /* facts.c: members -> the last collaboration of them */
  /* while a party list's anaphor is resolved ("A and both institutions"):
   * the bodies the list names already, which the anaphor is not */
  const struct Targets *named_already;
  /* "During the forum, A and B signed ...": per sentence, the event its
   * collaborations were concluded at and the rule that said so (event
   * NONE when none), and the collaborations recorded undated with their
   * sentences; ng_date_collabs_at_events joins the two once the events
   * are dated */
  struct Occasion {
    size_t event;
    const NgRule *rule;
    int day; /* "on the third day of the fair": 3; "at its close": -1;
                else 0 (its first) */
  } *occasion;
  struct UndatedCollab {
    size_t collab, sentence;
  } *undated;
  size_t n_undated, cap_undated;
  /* per collaboration (by index), 1 when its date is the day the news
   * was told ("A and B today announced a partnership"), which the day
   * its agreement was signed, said later, replaces */
  unsigned char *news_dated;
  size_t cap_news_dated;
} Ctx;

/* ---------------------------------------------------------- identity.c */

/* Copy of text[b..e) trimmed of spaces and punctuation, a leading "the",
 * "a", "an", "this" dropped when drop_article.  New: free(). */
char *ng_clean_span(const char *text, size_t b, size_t e, int drop_article);

/* The provenance of a fact read from sentence by rule; evidence is filled
 * with the sentence text and must outlive p. */
void ng_make_prov(Ctx *c, const NgRule *rule, size_t sentence,
                  NgProvenance *p, NgBuf *evidence);

/* Reports a fact to the --explain callback, when one is set. */
void ng_explain(Ctx *c, const char *kind, const NgProvenance *p,
                const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* The NgEntityType of a mention type, or -1 (dates, places). */
int ng_entity_type(int mention_type);

/* Whether sentence s is a line in title case (a headline). */
int ng_title_case_line(const char *text, const NgSentence *s);
/* Whether sentence i stands on a line of its own, and whether it ends in
 * a colon (trailing spaces aside): the shape of a list and its opening
 * line ("The partners are:"). */
int ng_sentence_whole_line(const Ctx *c, size_t i);
int ng_sentence_ends_in_colon(const Ctx *c, size_t i);

/* The steps from mentions to entities, in the order extract.c runs them. */
NgStatus ng_collect_slots(Ctx *c);
NgStatus ng_split_of_chains(Ctx *c);
void ng_apply_aliases(Ctx *c);
void ng_join_short_names(Ctx *c);
void ng_join_contained_names(Ctx *c);
void ng_join_prefix_names(Ctx *c);
void ng_join_bare_heads(Ctx *c);
NgStatus ng_join_initials(Ctx *c);
void ng_join_headline_events(Ctx *c);
void ng_join_event_variants(Ctx *c);
int ng_is_event_act(Ctx *c, const char *w, size_t n);
NgStatus ng_build_entities(Ctx *c);
NgStatus ng_relate_parents(Ctx *c);

/* The organization entity known by name (as names are merged: "Univ." =
 * "University"), or NONE; once entities are built. */
size_t ng_org_entity_named(Ctx *c, const char *name);

/* ----------------------------------------------------------- resolve.c */

/* The entity of mention m, or NONE. */
size_t ng_mention_entity(Ctx *c, size_t m);

/* Frees c->resolve (NULL accepted). */
void ng_resolve_index_free(Ctx *c);

void ng_add_target(Targets *t, size_t e);

/* Whether word stands in hay between non-alphanumerics. */
int ng_contains_word(const char *hay, const char *word);

/* The entities of the wanted types (bitmask of 1 << NgEntityType) that
 * arg stands for, anaphors resolved for organizations. */
void ng_resolve_arg(Ctx *c, const NgActionArg *arg, unsigned types,
                    Targets *t);

/* The event arg names, or the article's main event that it (or, for an
 * unset arg, the rule) refers to; NONE when there is none. */
size_t ng_resolve_event(Ctx *c, const NgActionArg *arg);
/* The event the article already names that arg stands for ("the forum"
 * for its Forum on X), else NONE: no new event, no alias, not the main
 * event by default. */
size_t ng_resolve_known_event(Ctx *c, const NgActionArg *arg);

/* The article's main event when event e is one of its sessions (e's name
 * ends in a word of the EVENT_SESSION list: "the keynote session", "a
 * panel") and is not the main event itself; else NONE. */
size_t ng_event_main_of_session(Ctx *c, size_t e);
/* The event whose name was last mentioned before text position pos, with
 * that mention's sentence and position; NONE when none was. */
size_t ng_event_named_before(Ctx *c, size_t pos, size_t *sentence,
                             size_t *begin);

/* The date of arg as "YYYY-MM-DD"/"YYYY-MM"/"YYYY" in start (and the
 * last day of a range in end); "" when it cannot be resolved.  A leading
 * "on" is skipped; a relative day ("Monday", "yesterday") is counted
 * from the article's date (ng_date_relative). */
void ng_arg_date(Ctx *c, const NgActionArg *arg, const char *event_name,
                 char start[11], char end[11]);

/* ------------------------------------------------------------- facts.c */

/* Gives action a its meaning in c->art; ev is scratch for evidence. */
void ng_run_action(Ctx *c, const NgAction *a, NgBuf *ev);

/* Reads the article's own date first, so that undated days take its
 * year. */
void ng_read_article_date(Ctx *c, NgBuf *ev);

/* Drops attendees who also spoke (they are performers only). */
void ng_drop_speaking_attendees(NgArticle *art);
/* Drops a person's bare title that only opens a post they hold at an
 * organization ("chair" beside "chair of the board of X"). */
void ng_drop_titles_said_in_full(NgArticle *art);

/* Gives an event no rule dated the one date of the sentence that first
 * names it alone (facts.c). */
void ng_date_events_by_sentence(Ctx *c);

/* Gives an undated signing (an event named with "signing") the date of
 * the dated collaboration read nearest to it. */
void ng_date_signings(NgArticle *art);

/* Gives a collaboration no sentence dated the first day of the event its
 * sentence says it was concluded at ("During the forum, A and B signed
 * ..."), once the events are dated (facts.c). */
void ng_date_collabs_at_events(Ctx *c);

/* Adds the bodies that joined a group in a sentence naming no other
 * member ("C has joined the network") to the article's collaboration,
 * when it has exactly one; else they stay out. */
void ng_add_joiners(Ctx *c);

/* An event named after the body that holds it ("the 9th Congress of the
 * X Society") is organized by that body (facts.c). */
void ng_organizers_named_in_events(Ctx *c);

/* A member of a unit is also a member of its parent body (no post). */
void ng_add_parent_memberships(NgArticle *art);

#endif /* NG_EXTRACT_H */
