/*
 * engine.h: running a rule set over one document (internal).
 *
 * The engine knows nothing of people or organizations: it runs the phases
 * in order, each over every sentence, turns matches into mentions (typed
 * spans of the cleaned text) and actions (a rule's emits with their
 * arguments resolved to mentions or text), and applies the conflict
 * policy.  extract.c gives the actions their meaning.
 */
#ifndef NG_ENGINE_H
#define NG_ENGINE_H

#include "rules.h"

/* "no mention", "no entity", "no slot": an index that is none. */
#define NONE ((size_t)-1)

typedef struct NgMention {
  int type;           /* NgMentionType */
  size_t begin, end;  /* span in the cleaned text */
  size_t sentence;
  const NgRule *rule; /* NULL for builtin steps */
  size_t action;      /* the action that created it, or (size_t)-1 */
  size_t next;        /* next mention of the same sentence, or -1 */
  int superseded;     /* inside a longer mention of a later phase */
  int dropped;        /* removed by a drop action */
} NgMention;

/* An argument of an action.  A run holds hundreds of thousands of them
 * for a long article, so offsets and indexes are 32 bits: a document is
 * under NG_MAX_DOCUMENT_BYTES (2^28), and ng_engine_run refuses an
 * article whose actions, arguments or references would not fit them. */
typedef struct NgActionArg {
  const char *key;      /* borrowed from the rule; NULL when positional */
  const char *literal;  /* a literal value from the rule, else NULL */
  uint32_t begin, end;  /* the group's span in the cleaned text */
  uint32_t first_ref;   /* mentions it stands for: refs[first_ref ..] */
  uint32_t n_refs : 31;
  uint32_t set : 1;     /* a group that took part in the match */
} NgActionArg;

/* NgAction.mention of an action that made no mention. */
#define NG_NO_MENTION UINT32_MAX

typedef struct NgAction {
  const NgRule *rule;
  const NgEmit *emit;
  uint32_t sentence;
  uint32_t begin, end; /* the whole match, cleaned-text span */
  uint32_t first_arg;
  uint32_t n_args;
  uint32_t mention; /* mention verbs: the mention created, or NG_NO_MENTION */
} NgAction;

/* The engine's per-document results; arrays are reused across documents
 * (reset, not freed), so steady-state extraction does not allocate. */
typedef struct NgRun {
  NgMention *mentions;
  size_t n_mentions, cap_mentions;
  NgAction *actions;
  size_t n_actions, cap_actions;
  NgActionArg *args;
  size_t n_args, cap_args;
  uint32_t *refs;
  size_t n_refs, cap_refs;
  size_t *sentence_head; /* first mention of each sentence, or -1 */
  size_t cap_sentences;
} NgRun;

typedef struct NgEngine NgEngine;

NgStatus ng_engine_new(const NgRuleset *rules, NgEngine **out);
void ng_engine_free(NgEngine *engine);

/* Runs every phase over doc; results in *run (owned by the engine,
 * borrowed by the caller until the next run).  NG_ERR_INPUT when the run
 * would pass its 32-bit indexes (billions of actions: never in practice),
 * NG_ERR_NOMEM when it cannot grow. */
NgStatus ng_engine_run(NgEngine *engine, const NgDocument *doc,
                       const NgRun **run);

/* Frees the per-document arrays that grew large (a huge article's), once
 * the caller is done with the run ng_engine_run gave it. */
void ng_engine_trim(NgEngine *engine);

/* The initials of the organization name[0..n) as a reader would expect
 * its unexplained acronym: a leading "The" skipped, words split at spaces
 * and hyphens; with all_words zero only the capitalised words count
 * ("Harlow Health Network": "HHN"), otherwise every word gives its
 * first letter ("Ministry of Health": "MOH").  Writes them, upper case
 * and NUL-terminated, into out[cap] and returns their number; 0 when
 * there are fewer than three or more than cap - 1. */
size_t ng_name_initials(const char *name, size_t n, int all_words, char *out,
                        size_t cap);

/* The argument of action a with the given key (first one), or NULL. */
const NgActionArg *ng_action_arg(const NgRun *run, const NgAction *a,
                                 const char *key);

#endif /* NG_ENGINE_H */
