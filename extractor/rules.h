/*
 * rules.h: the loaded form of a rule set (internal to extractor/).
 *
 * A rule set is a directory: main.phases lists the phases in order, each
 * phase one .rules file of named rules; lists.def indexes the word lists.
 * doc/rules.md describes the file formats for rule writers.
 */
#ifndef NG_RULES_H
#define NG_RULES_H

#include "gazetteer.h"
#include "newsgraph.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdatomic.h>

/* Mention types, in placeholder order: a mention of type t stands in the
 * text of later phases as the one character U+E001 + t. */
typedef enum NgMentionType {
  NG_M_PERSON = 0,
  NG_M_ORG,
  NG_M_EVENT,
  NG_M_DATE,
  NG_M_PLACE,
  NG_M_COUNT
} NgMentionType;

#define NG_PLACEHOLDER_BASE 0xE001u

/* Name of mention type t ("PERSON", ...), and the type named name (-1). */
const char *ng_mention_type_name(int t);
int ng_mention_type_of(const char *name);

/* One argument of an emit: key=group, key="literal", or a positional
 * group (key NULL). */
typedef struct NgEmitArg {
  char *key;
  char *group;   /* capture group name, or NULL for a literal */
  int group_no;  /* its number in the compiled pattern */
  int alt_nos[4]; /* further groups of the same name (alternatives) */
  int n_alt;
  char *literal; /* when group is NULL */
} NgEmitArg;

/* One action of a rule's right-hand side. */
typedef struct NgEmit {
  char *verb;       /* "PERSON", "member", ... */
  int mention_type; /* NgMentionType for mention verbs, -1 for relations */
  NgEmitArg *args;
  size_t n_args;
  int initials_group; /* the group of initials=, or -1 (set at load) */
} NgEmit;

/* Callout numbers above this are start callouts (see NgRule). */
#define NG_START_CALLOUTS 127

/* One word of a word-list entry: letters/digits, inner & and -, an inner
 * ' before a letter and periods before a letter, and an optional final
 * period ("Co.", "Univ.", "Int'l"); a possessive is not part of the word
 * ("University's" is the head "University", "Labs'" the head "Labs").
 * A pattern that references word lists defines it once, as the group
 * NG_WORD_GROUP at its end, and calls it as (?&NG_WORD_GROUP) from each
 * reference: written out at each of them, the words of the longest
 * entries made the largest rules reach pcre2's limit on compiled size. */
#define NG_WORD_PATTERN                                                        \
  "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}&-]|'(?=\\p{L})(?!s\\b)|\\.(?=\\p{L}))*+\\.?"
#define NG_WORD_GROUP "ngword"

typedef struct NgRule {
  char *id;
  char *file; /* borrowed from the rule set's file name pool */
  unsigned line;
  size_t phase;
  int priority;
  size_t order; /* position in load order, for the conflict policy */
  char *source; /* the pattern as written, or compiled from tokens */
  char *tokens; /* the token pattern as written, or NULL */
  char *expanded;
  /* the plain code: NULL for a rule that runs only its anchored copy below
   * (unless NEWSGRAPH_VERIFY_PREFILTER compares the two) */
  pcre2_code *code;
  NgEmit *emits;
  size_t n_emits;
  uint64_t callout_mask[256]; /* word-list classes callout n accepts */
  int n_callouts;
  /* each word-list reference n is preceded by the start callout
   * NG_START_CALLOUTS + n (when the rule has at most NG_START_CALLOUTS
   * references) */
  int start_callouts;
  char *example;
  /* "requires": each entry is a set of which one must be present in the
   * sentence (word-list classes, and mention types as bits 0-7 of
   * mentions), or the rule is not tried there */
  struct NgRequirement {
    uint64_t classes;
    uint32_t mentions;
  } *requires;
  size_t n_requires;
  /* where the pattern can match (prefilter.h), and its anchored copy for
   * running at candidate positions only (NULL: scan the whole sentence) */
  struct NgPrefilter *pre;
  pcre2_code *anchored;
  /* which of code and anchored are to be compiled to machine code, and
   * whether that is done (see ng_rule_ready) */
  unsigned char jit_code, jit_anchored;
  _Atomic int jit_done;
} NgRule;

typedef enum NgPhaseInput {
  NG_PHASE_TEXT = 0,     /* rules see the sentence as written */
  NG_PHASE_MENTIONS = 1, /* mentions so far stand as placeholders */
  NG_PHASE_BUILTIN = 2   /* a step written in C (see engine.c) */
} NgPhaseInput;

typedef struct NgPhase {
  char *name;
  char *file;
  NgPhaseInput input;
  size_t first_rule;
  size_t n_rules;
} NgPhase;

typedef struct NgMacro {
  char *name;
  char *body; /* expanded */
} NgMacro;

struct NgRuleset {
  char *dir;
  NgPhase *phases;
  size_t n_phases;
  NgRule *rules;
  size_t n_rules;
  NgMacro *macros;
  size_t n_macros;
  NgGazetteer *gaz;
  struct NgAtoms *atoms; /* the literals of every rule (prefilter.h) */
  uint32_t max_groups;
  char **files; /* file name pool */
  size_t n_files;
};

/* Word-list class ids the extractor consults directly (or -1). */
int ng_ruleset_class(const NgRuleset *rules, const char *name);

/* Marks rule r's pattern for compiling to machine code (pcre2's JIT),
 * unless NEWSGRAPH_NO_JIT is set.  ng_prefilter_prepare calls it for the
 * rules that run their plain code: a rule that runs only its anchored
 * copy does not pay for compiling both. */
void ng_rule_jit(NgRule *r);

/* Compiles what ng_rule_jit (and the prefilter, for the anchored copy)
 * marked, the first time any thread is about to match rule r; a failure
 * is a warning (the pattern is then interpreted).  Compiling on first use
 * rather than at load: the JIT of every rule took half a second and 26 MB
 * of machine code, and most articles need a fraction of the rules.  Safe
 * to call from several threads at once; a thread that returns from it may
 * match r's patterns, which no thread changes afterwards. */
void ng_rule_ready(const NgRule *r);

/* Validates the verb and keys of an emit against the extractor's schema;
 * returns an error message (static) or NULL. */
const char *ng_schema_check(const NgEmit *emit);

#endif /* NG_RULES_H */
