/*
 * engine.c: runs the phases of a rule set over a document (see engine.h).
 *
 * For each phase, for each sentence: build the phase's view of the
 * sentence (the text itself, or the text with every mention so far
 * replaced by one placeholder character), run each rule's JIT-compiled
 * pattern over it with the engine's one match-data block, record the
 * emits, then settle conflicts between new mentions:
 *
 *   longest match first, then higher priority, then earlier rule.
 *
 * A new mention may enclose mentions of earlier phases (they become
 * "superseded": kept for relations that name them, hidden from later
 * phases) but never cuts one in half.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "engine.h"

#include "buf.h"
#include "prefilter.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* the per-document presence cache packs offsets and two flags in 32 bits */
_Static_assert(NG_MAX_DOCUMENT_BYTES < ((size_t)1 << 30),
               "document offsets must fit in 30 bits");
_Static_assert((NG_GAZ_STRICT_START | NG_GAZ_BOUNDED) == 3u,
               "the packed flags are two bits");

/* NgAction.mention of a mention action that settled on no mention */
#define VOID_ACTION (NG_NO_MENTION - 1)
/* The run's arrays are indexed in 32 bits (see engine.h), short of the
 * two values above. */
#define RUN_MAX (NG_NO_MENTION - 2)

/* Resource limits of every match (see "Bounded matching" below).  The
 * match limit counts backtracking steps per start position; the depth
 * limit and the heap limit (KiB) bound the interpreter (NEWSGRAPH_NO_JIT),
 * the JIT stack bounds JIT matching: 32 KiB at first, grown up to 8 MiB,
 * which real sentences never need (nested constructs thousands deep do). */
#define MATCH_LIMIT 200000u
#define PRESENCE_CAP ((size_t)1 << 20) /* word-list hits kept per document */
#define DEPTH_LIMIT 20000u
#define HEAP_LIMIT_KIB (64u * 1024u)
#define JIT_STACK_START (32u * 1024u)
#define JIT_STACK_MAX (8u * 1024u * 1024u)
/* A rule that hits a limit this many times in one sentence skips the rest
 * of that sentence (one warning says which bytes), so a hostile sentence
 * costs at most this many failed attempts per rule. */
#define LIMIT_HITS_PER_SENTENCE 4
/* Limit warnings printed per article; the rest are counted in one line. */
#define LIMIT_WARNINGS_PER_ARTICLE 20

/* Word-list lookups repeat: many rules test the same spans of the same
 * sentence against the same trie.  A direct-mapped cache of span -> class
 * mask, valid for one view of one sentence (generation-stamped, so it is
 * never cleared), makes each repeat a single probe. */
#define LOOKUP_CACHE 4096
/* ng_engine_run frees the scratch arrays larger than this once the phases
 * are done, ng_engine_trim the run's: an ordinary article's stay for the
 * next one (no allocation per article), a huge article's are not held
 * through its extraction and output and every later one */
#define KEEP_SCRATCH_BYTES ((size_t)1 << 20)
/* The places of each symbol a view keeps (see NgEngine.sym_last): a
 * power of two */
#define SYM_LAST 8
#define SYM_NONE (-1)
#define SYM_LEAD (-2)

typedef struct LookupSlot {
  uint32_t generation;
  uint32_t begin, end;
  uint64_t mask;
} LookupSlot;

/* Where a word-list reference's span started, for a rule written without
 * capture groups around its references (see on_callout): one stack per
 * reference, linked through a pool that each match call empties. */
typedef struct RefStart {
  size_t pos;
  uint32_t below; /* the entry under it in its reference's stack */
} RefStart;

#define NO_REF UINT32_MAX

typedef struct CalloutCtx {
  const NgRule *rule;
  const NgGazetteer *gaz;
  uint32_t generation;
  LookupSlot *cache;
  const NgGazHits *hits; /* every entry from a word start of the view, when
                            its presence scan has run (else NULL) */
  const uint64_t *start_mask; /* the same by start: see NgEngine */
  uint64_t callouts;          /* NEWSGRAPH_PROFILE: callouts made */
  RefStart *starts;           /* the pool (owned) */
  size_t n_starts, cap_starts;
  uint32_t top[NG_START_CALLOUTS + 1];     /* each reference's stack top */
  uint32_t top_stamp[NG_START_CALLOUTS + 1]; /* ... valid when == stamp */
  uint32_t stamp;                          /* the current match call's */
} CalloutCtx;

struct NgEngine {
  const NgRuleset *rules;
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  pcre2_jit_stack *jit_stack;
  CalloutCtx cctx;
  int cls_common; /* the COMMON word list, for initials= (or -1) */
  int cls_legal_form; /* LEGAL_FORM: "Inc", "Co., Ltd" (or -1) */
  int cls_company_word; /* COMPANY_WORD: "Health", "Labs" (or -1) */
  int cls_given_name; /* GIVEN_NAME: no bar to a family name (or -1) */
  NgRun run;
  NgBuf text;         /* the phase view of the current sentence */
  size_t *beg_map;    /* view byte -> cleaned-text offset where it starts */
  size_t *end_map;    /* view byte -> cleaned-text offset where it ends */
  size_t cap_map;
  NgGazetteer *names; /* per-document names, for the propagate step */
  uint64_t *lits;     /* literals present in the current view */
  uint32_t *lit_last; /* ... and where the last of each starts */
  NgAtomHits hits;    /* ... and where they start */
  NgGazHits entries;  /* word-list entries from the view's word starts */
  unsigned char *reach; /* per byte: a rule's anchor lies ahead */
  uint32_t reach_gap;   /* ... for the rules of this gap_id (0: none yet
                           in this view) */
  uint64_t *start_mask; /* per view byte: the classes of the entries of
                           ctx.hits that start there */
  size_t cap_view;      /* of reach and start_mask */
  /* the view's symbols (prefilter.h, NG_NEED_*): sym_n[k] of symbol k,
   * the last SYM_LAST of them at sym_last[k][i % SYM_LAST] for i below
   * sym_n[k] (rules need a few of each, and only the last ones bound
   * where they may start) */
  uint32_t sym_n[NG_NEED_SYMS];
  uint32_t sym_last[NG_NEED_SYMS][SYM_LAST];
  int8_t sym_of[256]; /* the symbol of each byte, or SYM_NONE, or
                         SYM_LEAD for the first byte of a placeholder */
  /* What each sentence's text holds, found once for every phase: the
   * word-list entries (tg) and literals (tl) of sentence s are
   * tg[tp[s].g_first ..] and tl[tp[s].l_first ..], at offsets from the
   * sentence's start; a view with mentions takes those that no mention
   * covers (see view_presence).  Kept for the whole document, so packed
   * in 32-bit offsets (a document is under NG_MAX_DOCUMENT_BYTES, 2^28). */
  struct TextPresence {
    uint32_t known, g_first, g_n, l_first, l_n;
    uint64_t strict, loose;
  } *tp;
  size_t cap_tp;
  uint32_t *cached; /* the sentences whose tp is known */
  size_t n_cached, cap_cached;
  struct PackedHit {
    uint64_t mask;
    uint32_t start;
    uint32_t end_flags; /* end << 2 | NG_GAZ_* flags */
  } *tg;
  size_t n_tg, cap_tg;
  struct LitHit {
    uint32_t start, end, id;
  } *tl;
  size_t n_tl, cap_tl;
  /* the mentions the current view shows as placeholders: text [tb, te)
   * (from the sentence's start) stands at view offset v */
  struct Replaced {
    size_t tb, te, v;
  } *repl;
  size_t n_repl, cap_repl;
  const char *doc_text;
  const NgSentence *sent; /* the current view's sentence */
  size_t sent_index;
  int verify;         /* NEWSGRAPH_VERIFY_PREFILTER: check every shortcut */
  struct MatchLog {   /* matches recorded for verification */
    PCRE2_SIZE *ov;
    size_t n, cap, width;
  } log[2];
  const NgDocument *doc; /* the document being run, for diagnostics */
  size_t limit_hits;     /* matches given up in this document */
  double *rule_seconds; /* NEWSGRAPH_PROFILE: time spent in each rule */
  double presence_seconds; /* ... finding a view's words, which the first
                              rule that needs them would otherwise pay */
  /* per rule: the mention types its matches can drop, when it only drops
   * and no rule of its phase makes mentions of those types (else 0): a
   * sentence without such a mention needs no match of it */
  uint32_t *drop_types;
  uint64_t *rule_tries;    /* ... match attempts (pcre2_match calls) */
  uint64_t *rule_callouts; /* ... callouts (word-list tests) */
  uint64_t *rule_matches;  /* ... matches */
};

/* ------------------------------------------------------------ callouts */

/* The spaces a word-list lookup trims (gazetteer.c). */
static int gaz_space(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

static int is_ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

/* A new match call: every reference's stack is empty. */
static void ref_starts_reset(CalloutCtx *ctx) {
  ctx->n_starts = 0;
  if (++ctx->stamp == 0) { /* wrapped: forget every stack */
    memset(ctx->top_stamp, 0, sizeof(ctx->top_stamp));
    ctx->stamp = 1;
  }
}

/* Reference n starts at pos on the current path; 0, or a pcre2 error that
 * ends the match when the pool cannot grow. */
static int ref_start_push(CalloutCtx *ctx, uint32_t n, size_t pos) {
  if (ctx->n_starts == ctx->cap_starts) {
    size_t cap = ctx->cap_starts ? 2 * ctx->cap_starts : 256;
    RefStart *v = cap < NO_REF ? realloc(ctx->starts, cap * sizeof(*v)) : NULL;
    if (!v) {
      return PCRE2_ERROR_NOMEMORY;
    }
    ctx->starts = v;
    ctx->cap_starts = cap;
  }
  RefStart *r = &ctx->starts[ctx->n_starts];
  r->pos = pos;
  r->below = ctx->top_stamp[n] == ctx->stamp ? ctx->top[n] : NO_REF;
  ctx->top[n] = (uint32_t)ctx->n_starts++;
  ctx->top_stamp[n] = ctx->stamp;
  return 0;
}

/* Where the span of reference n that ends at end started: the latest
 * start of n pushed before end.  Why that is the start on the current
 * path, though pcre2 does not tell the callouts when it backtracks: the
 * reference (?Cs)(?<!..)(?:W(?:\sW){0,k})(?Cn) holds no callout between
 * its two, so a start of n pushed after its own start was pushed by a
 * later part of the pattern, reached from one of the ends it had before
 * (no reference stands in a lookbehind: pcre2 allows only fixed-length
 * lookbehinds); those ends only decrease as pcre2 backtracks into the
 * words (possessive words, one optional period each), so every such start
 * lies at or after the current end, and is dropped here for good (the
 * paths that pushed it were abandoned). */
static size_t ref_start_pop(CalloutCtx *ctx, uint32_t n, size_t end) {
  uint32_t i = ctx->top_stamp[n] == ctx->stamp ? ctx->top[n] : NO_REF;
  while (i != NO_REF && ctx->starts[i].pos >= end) {
    i = ctx->starts[i].below;
  }
  ctx->top[n] = i;
  ctx->top_stamp[n] = ctx->stamp;
  return i == NO_REF ? PCRE2_UNSET : ctx->starts[i].pos;
}

/* A word-list reference: the span just matched must be an entry of the
 * callout's class; 0 lets the match go on, 1 backtracks.  A rule with
 * start callouts writes the span without a capture group (rules.c): each
 * group costs every callout a copy of its offsets, and a pattern with
 * many references has dozens of groups; the span then starts where its
 * start callout was. */
static int on_callout(pcre2_callout_block *cb, void *data) {
  CalloutCtx *ctx = data;
  uint32_t n = cb->callout_number;
  ++ctx->callouts;
  if (!ctx->rule || n == 0) {
    return 0;
  }
  if (n > NG_START_CALLOUTS && ctx->rule->start_callouts) {
    /* the start of reference n - NG_START_CALLOUTS: when the view's
     * entries are known, one of its classes must start here, else the
     * reference fails whatever words follow (the span it will test
     * starts here, and the listed entries are all there are) */
    n -= NG_START_CALLOUTS;
    if ((int)n > ctx->rule->n_callouts) {
      return 0;
    }
    if (ctx->hits && !(ctx->start_mask[cb->current_position] &
                       ctx->rule->callout_mask[n])) {
      return 1;
    }
    return ref_start_push(ctx, n, cb->current_position);
  }
  if ((int)n > ctx->rule->n_callouts) {
    return 0;
  }
  PCRE2_SIZE b, e;
  if (ctx->rule->start_callouts) {
    e = cb->current_position;
    b = ref_start_pop(ctx, n, e);
  } else {
    uint32_t g = cb->capture_last;
    b = cb->offset_vector[2 * g];
    e = cb->offset_vector[2 * g + 1];
  }
  if (b == PCRE2_UNSET || e < b) {
    return 1;
  }
  const unsigned char *t = (const unsigned char *)cb->subject;
  if (ctx->hits && e > b && !gaz_space(t[b]) && !gaz_space(t[e - 1]) &&
      (b == 0 || !is_ascii_alnum(t[b - 1]))) {
    /* a span from a word start, without surrounding spaces: the presence
     * scan has looked it up already (a span it did not list is none) */
    const NgGazHit *v = ctx->hits->v;
    size_t lo = 0, hi = ctx->hits->n;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (v[mid].start < b) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (; lo < ctx->hits->n && v[lo].start == b && v[lo].end <= e; ++lo) {
      if (v[lo].end == e) {
        return v[lo].mask & ctx->rule->callout_mask[n] ? 0 : 1;
      }
    }
    return 1;
  }

  LookupSlot *slot = &ctx->cache[(b * 31u + e) & (LOOKUP_CACHE - 1)];
  if (slot->generation != ctx->generation || slot->begin != b ||
      slot->end != e) {
    slot->generation = ctx->generation;
    slot->begin = (uint32_t)b;
    slot->end = (uint32_t)e;
    slot->mask = ng_gazetteer_lookup(ctx->gaz, (const char *)cb->subject + b,
                                     e - b, -1, NULL);
  }
  return slot->mask & ctx->rule->callout_mask[n] ? 0 : 1;
}

/* ----------------------------------------------------------- lifecycle */

/* Fills e->drop_types (see NgEngine). */
static void find_drop_types(NgEngine *e) {
  const NgRuleset *rs = e->rules;
  const uint32_t all = (1u << NG_M_COUNT) - 1;
  for (size_t p = 0; p < rs->n_phases; ++p) {
    const NgPhase *ph = &rs->phases[p];
    if (ph->input == NG_PHASE_BUILTIN) {
      continue;
    }
    uint32_t made = 0; /* the mention types the phase's rules make */
    for (size_t i = 0; i < ph->n_rules; ++i) {
      const NgRule *r = &rs->rules[ph->first_rule + i];
      for (size_t k = 0; k < r->n_emits; ++k) {
        if (r->emits[k].mention_type >= 0) {
          made |= 1u << r->emits[k].mention_type;
        }
      }
    }
    for (size_t i = 0; i < ph->n_rules; ++i) {
      const NgRule *r = &rs->rules[ph->first_rule + i];
      uint32_t types = 0;
      for (size_t k = 0; k < r->n_emits; ++k) {
        const NgEmit *em = &r->emits[k];
        if (strcmp(em->verb, "drop")) {
          types = 0;
          break;
        }
        /* as finish_sentence reads it: a literal type, else every type */
        uint32_t t = all;
        for (size_t j = 0; j < em->n_args; ++j) {
          const NgEmitArg *a = &em->args[j];
          if (a->key && !strcmp(a->key, "type")) {
            int only = a->literal ? ng_mention_type_of(a->literal) : -1;
            t = only >= 0 ? 1u << only : all;
            break;
          }
        }
        types |= t;
      }
      e->drop_types[ph->first_rule + i] = types & made ? 0 : types;
    }
  }
}

NgStatus ng_engine_new(const NgRuleset *rules, NgEngine **out) {
  NgEngine *e = calloc(1, sizeof(*e));
  if (!e) {
    return NG_ERR_NOMEM;
  }
  e->rules = rules;
  e->cls_common = ng_ruleset_class(rules, "COMMON");
  e->cls_legal_form = ng_ruleset_class(rules, "LEGAL_FORM");
  e->cls_company_word = ng_ruleset_class(rules, "COMPANY_WORD");
  e->cls_given_name = ng_ruleset_class(rules, "GIVEN_NAME");
  ng_buf_init(&e->text);
  e->md = pcre2_match_data_create(rules->max_groups + 1, NULL);
  e->mctx = pcre2_match_context_create(NULL);
  e->jit_stack = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX, NULL);
  if (!e->md || !e->mctx || !e->jit_stack || ng_gazetteer_new(&e->names)) {
    ng_engine_free(e);
    return NG_ERR_NOMEM;
  }
  for (int t = 0; t < NG_M_COUNT; ++t) {
    ng_gazetteer_class(e->names, ng_mention_type_name(t), 1);
  }
  e->cctx.gaz = rules->gaz;
  e->cctx.cache = calloc(LOOKUP_CACHE, sizeof(LookupSlot));
  if (!e->cctx.cache) {
    ng_engine_free(e);
    return NG_ERR_NOMEM;
  }
  e->lits = calloc(ng_atoms_words(rules->atoms), sizeof(uint64_t));
  e->lit_last = calloc(64 * ng_atoms_words(rules->atoms), sizeof(uint32_t));
  if (!e->lits || !e->lit_last) {
    ng_engine_free(e);
    return NG_ERR_NOMEM;
  }
  e->drop_types = calloc(rules->n_rules + 1, sizeof(uint32_t));
  if (!e->drop_types) {
    ng_engine_free(e);
    return NG_ERR_NOMEM;
  }
  const char *plain = getenv("NEWSGRAPH_NO_SHORTCUTS");
  if (!(plain && *plain)) {
    find_drop_types(e);
  }
  const char *verify = getenv("NEWSGRAPH_VERIFY_PREFILTER");
  e->verify = verify && *verify && strcmp(verify, "0");
  const char *profile = getenv("NEWSGRAPH_PROFILE");
  if (profile && *profile) {
    e->rule_seconds = calloc(rules->n_rules + 1, sizeof(double));
    e->rule_tries = calloc(rules->n_rules + 1, sizeof(uint64_t));
    e->rule_callouts = calloc(rules->n_rules + 1, sizeof(uint64_t));
    e->rule_matches = calloc(rules->n_rules + 1, sizeof(uint64_t));
  }
  for (unsigned c = 0; c < 256; ++c) {
    e->sym_of[c] = (int8_t)(c < 128 ? ng_need_symbol((unsigned char)c)
                            : c == 0xEE ? SYM_LEAD /* U+E001.. */
                                        : SYM_NONE);
  }
  pcre2_set_callout(e->mctx, on_callout, &e->cctx);
  pcre2_set_match_limit(e->mctx, MATCH_LIMIT);
  pcre2_set_depth_limit(e->mctx, DEPTH_LIMIT);
  pcre2_set_heap_limit(e->mctx, HEAP_LIMIT_KIB);
  pcre2_jit_stack_assign(e->mctx, NULL, e->jit_stack);
  *out = e;
  return NG_SUCCESS;
}

/* NEWSGRAPH_PROFILE: the rules that took most time, on stderr. */
static void print_profile(const NgEngine *e) {
  double total = 0;
  unsigned long long tries = 0, matches = 0, callouts = 0;
  for (size_t i = 0; i < e->rules->n_rules; ++i) {
    total += e->rule_seconds[i];
    tries += e->rule_tries[i];
    matches += e->rule_matches[i];
    callouts += e->rule_callouts[i];
  }
  fprintf(stderr,
          "newsgraph: profile: %.3f s in rules: %llu tries, %llu matches, "
          "%llu callouts\n",
          total, tries, matches, callouts);
  fprintf(stderr,
          "newsgraph: profile: %.3f s finding the sentences' word-list "
          "entries and literals (in no rule's time)\n",
          e->presence_seconds);
  for (int shown = 0; shown < 25; ++shown) {
    size_t best = (size_t)-1;
    for (size_t i = 0; i < e->rules->n_rules; ++i) {
      if (e->rule_seconds[i] > 0 &&
          (best == (size_t)-1 || e->rule_seconds[i] > e->rule_seconds[best])) {
        best = i;
      }
    }
    if (best == (size_t)-1) {
      break;
    }
    fprintf(
        stderr,
        "newsgraph: profile: %8.3f s  %5.1f%%  %-36s %9llu tries "
        "%7llu matches %10llu callouts\n",
        e->rule_seconds[best], 100 * e->rule_seconds[best] / total,
        e->rules->rules[best].id,
        (unsigned long long)(e->rule_tries ? e->rule_tries[best] : 0),
        (unsigned long long)(e->rule_matches ? e->rule_matches[best] : 0),
        (unsigned long long)(e->rule_callouts ? e->rule_callouts[best] : 0));
    e->rule_seconds[best] = -e->rule_seconds[best];
  }
}

void ng_engine_free(NgEngine *e) {
  if (!e) {
    return;
  }
  if (e->rule_seconds) {
    print_profile(e);
    free(e->rule_seconds);
  }
  free(e->rule_tries);
  free(e->drop_types);
  free(e->rule_callouts);
  free(e->rule_matches);
  pcre2_match_data_free(e->md);
  pcre2_match_context_free(e->mctx);
  pcre2_jit_stack_free(e->jit_stack);
  ng_gazetteer_free(e->names);
  free(e->cctx.cache);
  free(e->cctx.starts);
  free(e->lits);
  free(e->lit_last);
  free(e->hits.start);
  free(e->hits.id);
  free(e->entries.v);
  free(e->tp);
  free(e->cached);
  free(e->tg);
  free(e->tl);
  free(e->repl);
  free(e->reach);
  free(e->start_mask);
  free(e->log[0].ov);
  free(e->log[1].ov);
  ng_buf_release(&e->text);
  free(e->beg_map);
  free(e->end_map);
  free(e->run.mentions);
  free(e->run.actions);
  free(e->run.args);
  free(e->run.refs);
  free(e->run.sentence_head);
  free(e);
}

/* Frees *array when its capacity exceeds KEEP_SCRATCH_BYTES, for
 * ng_engine_trim. */
static void drop_large(void **array, size_t *cap, size_t elem) {
  if (*cap > KEEP_SCRATCH_BYTES / elem) {
    free(*array);
    *array = NULL;
    *cap = 0;
  }
}

/* Frees the scratch of the phases that grew large: the presence lists,
 * the view and its maps, the match logs.  No reader of a run needs them,
 * so ng_engine_run drops them before the extractor reads its actions. */
static void trim_scratch(NgEngine *e) {
  drop_large((void **)&e->tp, &e->cap_tp, sizeof(*e->tp));
  drop_large((void **)&e->cached, &e->cap_cached, sizeof(*e->cached));
  drop_large((void **)&e->tg, &e->cap_tg, sizeof(*e->tg));
  drop_large((void **)&e->tl, &e->cap_tl, sizeof(*e->tl));
  drop_large((void **)&e->repl, &e->cap_repl, sizeof(*e->repl));
  e->n_tg = e->n_tl = e->n_cached = e->n_repl = 0;
  drop_large((void **)&e->entries.v, &e->entries.cap, sizeof(NgGazHit));
  e->entries.n = 0;
  e->cctx.hits = NULL;
  e->cctx.start_mask = NULL;
  if (e->hits.cap > KEEP_SCRATCH_BYTES / sizeof(size_t)) {
    free(e->hits.start);
    free(e->hits.id);
    e->hits.start = NULL;
    e->hits.id = NULL;
    e->hits.cap = e->hits.n = 0;
  }
  if (e->cap_map > KEEP_SCRATCH_BYTES / sizeof(size_t)) {
    free(e->beg_map);
    free(e->end_map);
    e->beg_map = e->end_map = NULL;
    e->cap_map = 0;
  }
  if (e->cap_view > KEEP_SCRATCH_BYTES / sizeof(uint64_t)) {
    free(e->reach);
    free(e->start_mask);
    e->reach = NULL;
    e->start_mask = NULL;
    e->cap_view = 0;
  }
  if (e->text.cap > KEEP_SCRATCH_BYTES) {
    ng_buf_release(&e->text);
  }
  drop_large((void **)&e->cctx.starts, &e->cctx.cap_starts, sizeof(RefStart));
  e->cctx.n_starts = 0;
  for (int i = 0; i < 2; ++i) {
    drop_large((void **)&e->log[i].ov, &e->log[i].cap, sizeof(PCRE2_SIZE));
    e->log[i].n = 0;
  }
}

void ng_engine_trim(NgEngine *e) {
  NgRun *r = &e->run;
  drop_large((void **)&r->mentions, &r->cap_mentions, sizeof(NgMention));
  drop_large((void **)&r->actions, &r->cap_actions, sizeof(NgAction));
  drop_large((void **)&r->args, &r->cap_args, sizeof(NgActionArg));
  drop_large((void **)&r->refs, &r->cap_refs, sizeof(*r->refs));
  drop_large((void **)&r->sentence_head, &r->cap_sentences, sizeof(size_t));
  r->n_mentions = r->n_actions = r->n_args = r->n_refs = 0;
  trim_scratch(e);
}

const NgActionArg *ng_action_arg(const NgRun *run, const NgAction *a,
                                 const char *key) {
  for (size_t i = 0; i < a->n_args; ++i) {
    const NgActionArg *arg = &run->args[a->first_arg + i];
    if (arg->key && !strcmp(arg->key, key)) {
      return arg;
    }
  }
  return NULL;
}

/* ------------------------------------------------------------ mentions */

/* ng_grow for an array of the run, whose indexes are 32 bits: an article
 * that would need more than RUN_MAX entries is refused. */
static NgStatus grow_run(void **array, size_t *cap, size_t need, size_t elem) {
  if (need > RUN_MAX) {
    return NG_ERR_INPUT;
  }
  return ng_grow(array, cap, need, elem);
}

static NgStatus add_mention(NgEngine *e, int type, size_t begin, size_t end,
                            size_t sentence, const NgRule *rule,
                            size_t action, size_t *id) {
  NgRun *r = &e->run;
  NgStatus st;
  TRY(st, grow_run((void **)&r->mentions, &r->cap_mentions, r->n_mentions + 1,
                   sizeof(NgMention)));
  NgMention *m = &r->mentions[r->n_mentions];
  m->type = type;
  m->begin = begin;
  m->end = end;
  m->sentence = sentence;
  m->rule = rule;
  m->action = action;
  m->superseded = 0;
  m->dropped = 0;
  /* keep each sentence's list in text order */
  size_t *link = &r->sentence_head[sentence];
  while (*link != NONE && r->mentions[*link].begin <= begin) {
    link = &r->mentions[*link].next;
  }
  m->next = *link;
  *link = r->n_mentions;
  *id = r->n_mentions++;
  return NG_SUCCESS;
}

static int visible(const NgMention *m) {
  return !m->superseded && !m->dropped;
}

/* ---------------------------------------------------------- phase view */

static NgStatus reserve_map(NgEngine *e, size_t n) {
  if (n <= e->cap_map) {
    return NG_SUCCESS;
  }
  size_t cap = e->cap_map ? e->cap_map : 256;
  while (cap < n) {
    cap *= 2;
  }
  size_t *b = realloc(e->beg_map, cap * sizeof(size_t));
  if (!b) {
    return NG_ERR_NOMEM;
  }
  e->beg_map = b;
  size_t *x = realloc(e->end_map, cap * sizeof(size_t));
  if (!x) {
    return NG_ERR_NOMEM;
  }
  e->end_map = x;
  e->cap_map = cap;
  return NG_SUCCESS;
}

static void put_utf8(char *out, uint32_t c) {
  out[0] = (char)(0xE0 | (c >> 12));
  out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
  out[2] = (char)(0x80 | (c & 0x3F));
}

/* Builds the view of sentence s: its text, with visible mentions replaced
 * by placeholders when with_mentions is set. */
static NgStatus build_view(NgEngine *e, const char *doc_text,
                           const NgSentence *s, size_t sidx,
                           int with_mentions) {
  size_t len = s->span.end - s->span.begin;
  NgStatus st;
  ng_buf_reset(&e->text);
  TRY(st, ng_buf_reserve(&e->text, len + 1));
  TRY(st, reserve_map(e, len + 1));
  size_t pos = s->span.begin, out = 0;
  size_t m = with_mentions ? e->run.sentence_head[sidx] : NONE;
  e->doc_text = doc_text;
  e->sent = s;
  e->sent_index = sidx;
  e->n_repl = 0;
  while (pos < s->span.end) {
    while (m != NONE && (!visible(&e->run.mentions[m]) ||
                         e->run.mentions[m].begin < pos)) {
      m = e->run.mentions[m].next;
    }
    if (m != NONE && e->run.mentions[m].begin == pos) {
      const NgMention *mm = &e->run.mentions[m];
      TRY(st, ng_grow((void **)&e->repl, &e->cap_repl, e->n_repl + 1,
                      sizeof(*e->repl)));
      e->repl[e->n_repl].tb = mm->begin - s->span.begin;
      e->repl[e->n_repl].te = mm->end - s->span.begin;
      e->repl[e->n_repl++].v = out;
      put_utf8(e->text.data + out, NG_PLACEHOLDER_BASE + (uint32_t)mm->type);
      for (int k = 0; k < 3; ++k) {
        e->beg_map[out + k] = mm->begin;
        e->end_map[out + k] = mm->end;
      }
      out += 3;
      pos = mm->end;
      m = mm->next;
      continue;
    }
    e->text.data[out] = doc_text[pos];
    e->beg_map[out] = pos;
    e->end_map[out] = pos + 1;
    ++out;
    ++pos;
  }
  e->text.len = out;
  e->text.data[out] = '\0';
  e->cctx.hits = NULL; /* not scanned yet */
  e->reach_gap = 0;
  if (++e->cctx.generation == 0) { /* wrapped: forget every entry */
    memset(e->cctx.cache, 0, LOOKUP_CACHE * sizeof(LookupSlot));
    e->cctx.generation = 1;
  }
  e->beg_map[out] = s->span.end;
  e->end_map[out] = s->span.end;
  return NG_SUCCESS;
}

/* -------------------------------------------------------------- matches */

static int is_space(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

static NgStatus push_action(NgEngine *e, const NgRule *rule, const NgEmit *em,
                            size_t sentence, const PCRE2_SIZE *ov) {
  NgRun *r = &e->run;
  NgStatus st;
  TRY(st, grow_run((void **)&r->actions, &r->cap_actions, r->n_actions + 1,
                   sizeof(NgAction)));
  TRY(st, grow_run((void **)&r->args, &r->cap_args, r->n_args + em->n_args,
                   sizeof(NgActionArg)));
  NgAction *a = &r->actions[r->n_actions++];
  a->rule = rule;
  a->emit = em;
  a->sentence = (uint32_t)sentence;
  a->begin = (uint32_t)e->beg_map[ov[0]];
  a->end = ov[1] > ov[0] ? (uint32_t)e->end_map[ov[1] - 1] : a->begin;
  a->first_arg = (uint32_t)r->n_args;
  a->n_args = (uint32_t)em->n_args;
  a->mention = NG_NO_MENTION;
  for (size_t i = 0; i < em->n_args; ++i) {
    const NgEmitArg *ea = &em->args[i];
    NgActionArg *arg = &r->args[r->n_args++];
    memset(arg, 0, sizeof(*arg));
    arg->key = ea->key;
    arg->literal = ea->literal;
    if (ea->group) {
      int g = ea->group_no;
      for (int k = 0; k < ea->n_alt && ov[2 * g] == PCRE2_UNSET; ++k) {
        g = ea->alt_nos[k];
      }
      PCRE2_SIZE b = ov[2 * g], x = ov[2 * g + 1];
      /* a group stands for the words it covers, not for the gaps a
       * token pattern puts before or after them */
      while (b != PCRE2_UNSET && x > b && is_space(e->text.data[b])) {
        ++b;
      }
      while (b != PCRE2_UNSET && x > b && is_space(e->text.data[x - 1])) {
        --x;
      }
      if (b != PCRE2_UNSET && x > b) {
        arg->set = 1;
        arg->begin = (uint32_t)e->beg_map[b];
        arg->end = (uint32_t)e->end_map[x - 1];
      }
    }
  }
  return NG_SUCCESS;
}

/* --------------------------------------------------------- initials
 *
 * "ORG org initials=abbr": the mention is the shortest run of the group's
 * last words that spells the acronym (the capitalised words give their
 * first letter, or their first capitals: "AI"; small words like "of" give
 * their first letter or nothing), and at least one of those words is not
 * an ordinary word ("Artificial Intelligence (AI)" names no body). */
enum { INITIALS_MAX_WORDS = 12, INITIALS_MAX_LETTERS = 16 };

typedef struct Word {
  const unsigned char *p;
  size_t n;
} Word;

/* Whether words w[0..nw) spell acronym a[0..na). */
static int spells(const Word *w, size_t nw, const char *a, size_t na) {
  if (!nw) {
    return na == 0;
  }
  int upper = isupper(w->p[0]);
  if (!upper && spells(w + 1, nw - 1, a, na)) {
    return 1; /* a small word gives nothing */
  }
  if (!na || toupper(w->p[0]) != (unsigned char)a[0]) {
    return 0;
  }
  if (spells(w + 1, nw - 1, a + 1, na - 1)) {
    return 1;
  }
  /* more of its capitals: "AI", "McGill" */
  size_t used = 1;
  for (size_t k = 1; upper && k < w->n && used < na; ++k) {
    if (isupper(w->p[k])) {
      if (w->p[k] != (unsigned char)a[used]) {
        return 0;
      }
      ++used;
      if (spells(w + 1, nw - 1, a + used, na - used)) {
        return 1;
      }
    }
  }
  return 0;
}

/* The view offset where the run of words in [b, x) that spells the
 * acronym in [ab, ax) starts, or NONE. */
static size_t initials_start(NgEngine *e, size_t b, size_t x, size_t ab,
                             size_t ax) {
  const char *t = e->text.data;
  char acr[INITIALS_MAX_LETTERS];
  size_t na = 0;
  for (size_t k = ab; k < ax; ++k) {
    if (isalnum((unsigned char)t[k])) {
      if (na == sizeof acr) {
        return NONE;
      }
      acr[na++] = (char)toupper((unsigned char)t[k]);
    }
  }
  Word w[INITIALS_MAX_WORDS];
  size_t nw = 0;
  for (size_t k = b; k < x;) {
    while (k < x && (is_space(t[k]) || t[k] == '-')) {
      ++k;
    }
    size_t j = k;
    while (j < x && !is_space(t[j]) && t[j] != '-') {
      ++j;
    }
    if (j > k && isalnum((unsigned char)t[k])) {
      if (nw == INITIALS_MAX_WORDS) {
        return NONE;
      }
      w[nw].p = (const unsigned char *)t + k;
      w[nw++].n = j - k;
    }
    k = j;
  }
  if (na < 2) {
    return NONE;
  }
  int common = e->cls_common;
  for (size_t first = 0; first < nw; ++first) {
    if (!isupper(w[first].p[0]) || !spells(w + first, nw - first, acr, na)) {
      continue;
    }
    for (size_t k = first; k < nw; ++k) {
      int ordinary =
          common >= 0 &&
          ((ng_gazetteer_lookup(e->rules->gaz, (const char *)w[k].p, w[k].n,
                                -1, NULL) >>
            common) &
           1u);
      if (isupper(w[k].p[0]) && !ordinary) {
        return (size_t)((const char *)w[first].p - t);
      }
    }
    return NONE;
  }
  return NONE;
}

/* Where the mention of emit em, which has initials=, starts (view
 * offsets ov): NONE when no run of its words spells the acronym. */
static size_t initials_of_emit(NgEngine *e, const NgEmit *em,
                               const PCRE2_SIZE *ov) {
  int g0 = em->args[0].group_no, g = em->initials_group;
  if (ov[2 * g] == PCRE2_UNSET || ov[2 * g0] == PCRE2_UNSET) {
    return NONE;
  }
  return initials_start(e, ov[2 * g0], ov[2 * g0 + 1], ov[2 * g],
                        ov[2 * g + 1]);
}

/* Records a match (or, with log NULL, pushes its actions). */
static NgStatus take_match(NgEngine *e, const NgRule *rule, size_t sentence,
                           struct MatchLog *log) {
  const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(e->md);
  NgStatus st;
  if (e->rule_matches && !log) {
    ++e->rule_matches[rule - e->rules->rules];
  }
  if (log) {
    TRY(st, ng_grow((void **)&log->ov, &log->cap, (log->n + 1) * log->width,
                    sizeof(PCRE2_SIZE)));
    memcpy(log->ov + log->n * log->width, ov, log->width * sizeof(PCRE2_SIZE));
    ++log->n;
    return NG_SUCCESS;
  }
  /* a match whose acronym its words do not spell counts for nothing */
  for (size_t i = 0; i < rule->n_emits; ++i) {
    if (rule->emits[i].initials_group >= 0 &&
        initials_of_emit(e, &rule->emits[i], ov) == NONE) {
      return NG_SUCCESS;
    }
  }
  for (size_t i = 0; i < rule->n_emits; ++i) {
    const NgEmit *em = &rule->emits[i];
    TRY(st, push_action(e, rule, em, sentence, ov));
    NgActionArg *arg =
        &e->run.args[e->run.actions[e->run.n_actions - 1].first_arg];
    if (em->initials_group >= 0 && arg->set && !arg->key) {
      arg->begin = (uint32_t)e->beg_map[initials_of_emit(e, em, ov)];
    }
  }
  return NG_SUCCESS;
}

/* Where the next match may be looked for after one at ov. */
static size_t after_match(const PCRE2_SPTR subject, size_t len,
                          const PCRE2_SIZE *ov) {
  size_t start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
  while (start < len && (subject[start] & 0xC0) == 0x80) {
    ++start; /* stay on a character boundary */
  }
  return start;
}

/* Every match of rule in the view, from left to right without overlap:
 * each one the leftmost that starts at or after the end of the last. */
/* ----------------------------------------------------- bounded matching
 *
 * pcre2 gives up a match attempt that exceeds a limit (steps, depth, heap
 * or JIT stack) with an error for the whole search, without saying at
 * which start position.  The engine then finds that position by anchored
 * attempts from where the search began (an unanchored search is the
 * anchored attempts at each position in turn, so nothing is found twice
 * or missed), reports it, and goes on searching after it: only the
 * matches that would have started there are lost, and each loss is named
 * by a warning with the article, the byte offset and the rule. */

/* One pcre2_match call over the current view (every call starts with no
 * reference started). */
static int match_at(NgEngine *e, const pcre2_code *code, size_t start,
                    uint32_t options) {
  ref_starts_reset(&e->cctx);
  return pcre2_match(code, (PCRE2_SPTR)e->text.data, e->text.len, start,
                     options | PCRE2_NO_UTF_CHECK, e->md, e->mctx);
}

static size_t next_char(const unsigned char *s, size_t len, size_t i) {
  ++i;
  while (i < len && (s[i] & 0xC0) == 0x80) {
    ++i; /* stay on a character boundary */
  }
  return i;
}

/* The byte offset in the original article of view offset v. */
static size_t original_offset(const NgEngine *e, size_t v) {
  return ng_document_original_offset(e->doc, e->beg_map[v]);
}

/* Reports a match given up at view offset at (rc: the pcre2 error); when
 * skip is set, also that the rule skips the sentence from there to its
 * end (view length len). */
static void report_limit(NgEngine *e, const NgRule *rule, int rc, size_t at,
                         size_t len, int skip) {
  size_t n = ++e->limit_hits;
  const char *label = ng_document_label(e->doc);
  size_t off = original_offset(e, at);
  if (n > LIMIT_WARNINGS_PER_ARTICLE) {
    return; /* counted; ng_engine_run sums them up */
  }
  PCRE2_UCHAR msg[128];
  pcre2_get_error_message(rc, msg, sizeof(msg));
  if (skip) {
    ng_log(NG_LOG_WARNING, label, 0, off, rule->id,
           "matching stopped (%s; rule at %s:%u): limits hit %d times in "
           "this sentence, so matches of this rule in bytes %zu-%zu are not "
           "searched",
           (const char *)msg, rule->file, rule->line, LIMIT_HITS_PER_SENTENCE,
           off, original_offset(e, len));
  } else {
    ng_log(NG_LOG_WARNING, label, 0, off, rule->id,
           "matching stopped (%s; rule at %s:%u): a match of this rule "
           "starting here is lost; the rest of the sentence is still searched",
           (const char *)msg, rule->file, rule->line);
  }
}

/* After pcre2_match from start failed with a limit: the first start
 * position at or after start where an anchored attempt matches (rc >= 0,
 * match data set) or fails with a limit (rc < 0); rc is NOMATCH when no
 * position does (the limit then depended on the unanchored search). */
static int probe_anchored(NgEngine *e, const NgRule *rule, size_t start,
                          size_t *at) {
  const PCRE2_SPTR subject = (PCRE2_SPTR)e->text.data;
  size_t len = e->text.len;
  for (size_t p = start; p <= len; p = next_char(subject, len, p)) {
    int rc = match_at(e, rule->code, p, PCRE2_ANCHORED);
    if (rc != PCRE2_ERROR_NOMATCH) {
      *at = p;
      return rc;
    }
  }
  *at = len;
  return PCRE2_ERROR_NOMATCH;
}

/* NEWSGRAPH_PROFILE: one more match attempt of rule. */
static void count_try(NgEngine *e, const NgRule *rule) {
  if (e->rule_tries) {
    ++e->rule_tries[rule - e->rules->rules];
  }
}

static NgStatus scan_rule(NgEngine *e, const NgRule *rule, size_t sentence,
                          struct MatchLog *log) {
  const PCRE2_SPTR subject = (PCRE2_SPTR)e->text.data;
  size_t len = e->text.len, start = 0;
  int hits = 0;
  e->cctx.rule = rule;
  while (start <= len) {
    count_try(e, rule);
    int rc = match_at(e, rule->code, start, 0);
    if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
      size_t at;
      rc = probe_anchored(e, rule, start, &at);
      if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) {
        int skip = ++hits >= LIMIT_HITS_PER_SENTENCE;
        report_limit(e, rule, rc, at, len, skip);
        if (skip) {
          break;
        }
        start = next_char(subject, len, at);
        continue;
      }
    }
    if (rc == PCRE2_ERROR_NOMATCH) {
      break;
    }
    NgStatus st;
    TRY(st, take_match(e, rule, sentence, log));
    start = after_match(subject, len, pcre2_get_ovector_pointer(e->md));
  }
  return NG_SUCCESS;
}

/* The first position at or after p (up to top <= len) where a match of
 * rule may start, or NONE; reach (when not NULL) says where its anchor lies
 * ahead, classes_at (when not NULL) which word-list classes start where. */
static size_t next_start(const NgPrefilter *pre, const unsigned char *reach,
                         const uint64_t *classes_at, const unsigned char *s,
                         size_t len, size_t top, size_t p) {
  for (; p <= top; ++p) {
    if (reach && !reach[p]) {
      /* (most bytes reach no anchor: find the next one that does) */
      const unsigned char *r = memchr(reach + p, 1, top - p + 1);
      if (!r) {
        return NONE;
      }
      p = (size_t)(r - reach);
    }
    if ((p == len || (s[p] & 0xC0) != 0x80) &&
        ng_prefilter_may_start_at(pre, s, len, p, classes_at)) {
      return p;
    }
  }
  return NONE;
}

/* The same matches as scan_rule, trying the anchored pattern only where
 * the prefilter says a match may start: the leftmost match at or after a
 * position is the first success among the candidates that follow it. */
static NgStatus scan_anchored(NgEngine *e, const NgRule *rule, size_t sentence,
                              const unsigned char *reach, size_t last,
                              struct MatchLog *log) {
  const PCRE2_SPTR subject = (PCRE2_SPTR)e->text.data;
  const unsigned char *s = (const unsigned char *)e->text.data;
  /* no match starts after last: the positions after it are not tried */
  size_t len = e->text.len, top = last < len ? last : len;
  int hits = 0;
  /* a start callout fails where no entry of its classes starts, once the
   * view's entries are known (on_callout): no need to try there */
  const uint64_t *at = e->cctx.hits ? e->start_mask : NULL;
  e->cctx.rule = rule;
  for (size_t p = next_start(rule->pre, reach, at, s, len, top, 0); p != NONE;) {
    count_try(e, rule);
    int rc = match_at(e, rule->anchored, p, 0);
    if (rc == PCRE2_ERROR_NOMATCH) {
      size_t q = p + 1;
      if (rule->pre->has_lead_gap) {
        /* every start up to the first byte the leading gap refuses fails
         * as this one did (prefilter.c, "leading gaps"): that byte is
         * ASCII, so the one after it starts a character */
        q = p;
        while (q < len && !ng_byteset_has(&rule->pre->lead_stop, s[q])) {
          ++q;
        }
        if (q >= len) {
          break;
        }
        ++q;
      }
      p = next_start(rule->pre, reach, at, s, len, top, q);
      continue;
    }
    if (rc < 0) {
      /* an anchored attempt at p gave up at a limit: only matches
       * starting at p are lost, named in a warning */
      int skip = ++hits >= LIMIT_HITS_PER_SENTENCE;
      report_limit(e, rule, rc, p, len, skip);
      if (skip) {
        break;
      }
      p = next_start(rule->pre, reach, at, s, len, top, p + 1);
      continue;
    }
    NgStatus st;
    TRY(st, take_match(e, rule, sentence, log));
    p = next_start(rule->pre, reach, at, s, len, top,
                   after_match(subject, len, pcre2_get_ovector_pointer(e->md)));
  }
  return NG_SUCCESS;
}

/* Verification (NEWSGRAPH_VERIFY_PREFILTER): the shortcut taken for rule
 * (skipped: no run; else the anchored run) finds exactly the matches of a
 * plain scan. */
static NgStatus verify_rule(NgEngine *e, const NgRule *rule, size_t sentence,
                            int skipped, const unsigned char *reach,
                            size_t last) {
  uint32_t groups = 0;
  pcre2_pattern_info(rule->code, PCRE2_INFO_CAPTURECOUNT, &groups);
  for (int k = 0; k < 2; ++k) {
    e->log[k].n = 0;
    e->log[k].width = 2 * ((size_t)groups + 1);
  }
  NgStatus st;
  TRY(st, scan_rule(e, rule, sentence, &e->log[0]));
  if (!skipped) {
    TRY(st, scan_anchored(e, rule, sentence, reach, last, &e->log[1]));
  }
  /* (no match logged: the buffers may still be NULL, which memcmp must
   * not see even for zero bytes) */
  if (e->log[0].n != e->log[1].n ||
      (e->log[0].n &&
       memcmp(e->log[0].ov, e->log[1].ov,
             e->log[0].n * e->log[0].width * sizeof(PCRE2_SIZE)))) {
    ng_log(NG_LOG_ERROR, rule->file, rule->line, (size_t)-1, rule->id,
           "prefilter %s %zu matches of %zu in \"%.*s\"",
           skipped ? "skipped a sentence with" : "found", e->log[1].n,
           e->log[0].n, (int)e->text.len, e->text.data);
    return NG_ERR_INTERNAL;
  }
  return NG_SUCCESS;
}

/* ------------------------------------------------------------ conflicts */

static const NgActionArg *mention_span(const NgRun *r, const NgAction *a) {
  const NgActionArg *arg = &r->args[a->first_arg];
  return a->n_args && !arg->key && arg->set ? arg : NULL;
}

static int better(const NgRun *r, size_t x, size_t y) {
  const NgAction *a = &r->actions[x], *b = &r->actions[y];
  const NgActionArg *sa = mention_span(r, a), *sb = mention_span(r, b);
  size_t la = sa->end - sa->begin, lb = sb->end - sb->begin;
  if (la != lb) {
    return la > lb;
  }
  if (a->rule->priority != b->rule->priority) {
    return a->rule->priority > b->rule->priority;
  }
  if (a->rule->order != b->rule->order) {
    return a->rule->order < b->rule->order;
  }
  return sa->begin < sb->begin;
}

/* Whether [b, e) may become a mention of sentence s: it must not overlap
 * a visible mention partially nor lie inside one. */
static int fits(const NgRun *r, size_t s, size_t b, size_t e) {
  for (size_t m = r->sentence_head[s]; m != NONE; m = r->mentions[m].next) {
    const NgMention *mm = &r->mentions[m];
    if (!visible(mm) || mm->end <= b || mm->begin >= e) {
      continue;
    }
    if (!(b <= mm->begin && mm->end <= e) || (b == mm->begin && e == mm->end)) {
      return 0;
    }
  }
  return 1;
}

static void supersede_inside(NgRun *r, size_t s, size_t keep, size_t b,
                             size_t e) {
  for (size_t m = r->sentence_head[s]; m != NONE; m = r->mentions[m].next) {
    NgMention *mm = &r->mentions[m];
    if (m != keep && visible(mm) && b <= mm->begin && mm->end <= e) {
      mm->superseded = 1;
    }
  }
}

/* Whether text[b, e) holds a wide gap (a tab, input/clean.c): the gap
 * parts two fields of a page ("About X<gap>Services"), never the words of
 * one name. */
static int spans_wide_gap(const NgEngine *e, size_t b, size_t end) {
  size_t len = 0;
  const char *text = ng_document_text(e->doc, &len);
  return end <= len && b < end && memchr(text + b, '\t', end - b) != NULL;
}

/* Settles the mention actions in [first, r->n_actions) of sentence s. */
static NgStatus settle_mentions(NgEngine *e, size_t first, size_t s) {
  NgRun *r = &e->run;
  for (;;) {
    size_t best = NONE;
    for (size_t i = first; i < r->n_actions; ++i) {
      NgAction *a = &r->actions[i];
      if (a->emit->mention_type < 0 || a->mention != NG_NO_MENTION) {
        continue;
      }
      if (!mention_span(r, a)) {
        a->mention = VOID_ACTION;
        continue;
      }
      if (best == NONE || better(r, i, best)) {
        best = i;
      }
    }
    if (best == NONE) {
      return NG_SUCCESS;
    }
    NgAction *a = &r->actions[best];
    const NgActionArg *sp = mention_span(r, a);
    if (!fits(r, s, sp->begin, sp->end) ||
        spans_wide_gap(e, sp->begin, sp->end)) {
      a->mention = VOID_ACTION;
      continue;
    }
    size_t id;
    NgStatus st;
    TRY(st, add_mention(e, a->emit->mention_type, sp->begin, sp->end, s,
                        a->rule, best, &id));
    a->mention = (uint32_t)id;
    supersede_inside(r, s, id, sp->begin, sp->end);
  }
}

static NgStatus add_ref(NgRun *r, size_t m) {
  NgStatus st;
  TRY(st, grow_run((void **)&r->refs, &r->cap_refs, r->n_refs + 1,
                   sizeof(*r->refs)));
  r->refs[r->n_refs++] = (uint32_t)m;
  return NG_SUCCESS;
}

/* An argument stands for the mention with exactly its span, else for the
 * visible mentions inside it. */
static NgStatus resolve_refs(NgRun *r, NgActionArg *arg, size_t s) {
  arg->first_ref = (uint32_t)r->n_refs;
  arg->n_refs = 0;
  if (!arg->set) {
    return NG_SUCCESS;
  }
  NgStatus st;
  size_t exact = NONE;
  for (size_t m = r->sentence_head[s]; m != NONE; m = r->mentions[m].next) {
    const NgMention *mm = &r->mentions[m];
    if (!mm->dropped && mm->begin == arg->begin && mm->end == arg->end &&
        (exact == NONE || visible(mm))) {
      exact = m;
    }
  }
  if (exact != NONE) {
    TRY(st, add_ref(r, exact));
    arg->n_refs = 1;
    return NG_SUCCESS;
  }
  for (size_t m = r->sentence_head[s]; m != NONE; m = r->mentions[m].next) {
    const NgMention *mm = &r->mentions[m];
    if (visible(mm) && arg->begin <= mm->begin && mm->end <= arg->end) {
      TRY(st, add_ref(r, m));
      ++arg->n_refs;
    }
  }
  return NG_SUCCESS;
}

/* Resolves arguments, applies drops, and removes void actions. */
static NgStatus finish_sentence(NgEngine *e, size_t first, size_t s) {
  NgRun *r = &e->run;
  NgStatus st;
  size_t out = first;
  for (size_t i = first; i < r->n_actions; ++i) {
    NgAction *a = &r->actions[i];
    if (a->mention == VOID_ACTION) {
      continue;
    }
    for (size_t k = 0; k < a->n_args; ++k) {
      TRY(st, resolve_refs(r, &r->args[a->first_arg + k], s));
    }
    if (!strcmp(a->emit->verb, "drop")) {
      const NgActionArg *arg = ng_action_arg(r, a, "mention");
      const NgActionArg *only = ng_action_arg(r, a, "type");
      int type = only && only->literal ? ng_mention_type_of(only->literal) : -1;
      for (size_t k = 0; arg && k < arg->n_refs; ++k) {
        NgMention *mm = &r->mentions[r->refs[arg->first_ref + k]];
        if (type < 0 || mm->type == type) {
          mm->dropped = 1;
        }
      }
    }
    if (out != i) {
      r->actions[out] = *a;
      if (a->mention != NG_NO_MENTION) {
        r->mentions[a->mention].action = out;
      }
    }
    ++out;
  }
  r->n_actions = out;
  return NG_SUCCESS;
}

/* --------------------------------------------------------------- phases */

/* What the current view holds, each part computed when first needed. */
typedef struct Present {
  int mentions_known, have, any_known, syms_known;
  uint32_t mentions; /* placeholder types */
  size_t last_mention[NG_M_COUNT]; /* ... and where the last of each type
                                      starts (NONE: none) */
  uint64_t strict;   /* word-list classes as ng_gazetteer_scan sees them */
  uint64_t loose;    /* ... of every entry from a word start (and where:
                        e->entries; the literals: e->lits, e->hits) */
  uint64_t any;      /* ... of every entry anywhere */
} Present;

static uint32_t view_mentions(NgEngine *e, Present *p) {
  if (!p->mentions_known) {
    p->mentions = 0;
    for (int k = 0; k < NG_M_COUNT; ++k) {
      p->last_mention[k] = NONE;
    }
    const unsigned char *t = (const unsigned char *)e->text.data;
    for (size_t i = 0; i + 2 < e->text.len; ++i) {
      /* placeholders U+E001.. are EE 80 81.. in UTF-8 */
      if (t[i] == 0xEE && t[i + 1] == 0x80 && t[i + 2] > 0x80 &&
          t[i + 2] <= 0x80 + NG_M_COUNT) {
        p->mentions |= 1u << (t[i + 2] - 0x81);
        p->last_mention[t[i + 2] - 0x81] = i;
      }
    }
    p->mentions_known = 1;
  }
  return p->mentions;
}

static NgStatus reserve_view(NgEngine *e, size_t n) {
  if (n <= e->cap_view) {
    return NG_SUCCESS;
  }
  size_t cap = e->cap_view ? e->cap_view : 256;
  while (cap < n) {
    cap *= 2;
  }
  unsigned char *r = realloc(e->reach, cap);
  if (!r) {
    return NG_ERR_NOMEM;
  }
  e->reach = r;
  uint64_t *m = realloc(e->start_mask, cap * sizeof(*m));
  if (!m) {
    return NG_ERR_NOMEM;
  }
  e->start_mask = m;
  e->cap_view = cap;
  return NG_SUCCESS;
}

/* Finds the word-list entries and literals of the current view's sentence
 * as written (once per sentence). */
static NgStatus text_presence(NgEngine *e) {
  struct TextPresence *tp = &e->tp[e->sent_index];
  if (tp->known) {
    return NG_SUCCESS;
  }
  const char *text = e->doc_text + e->sent->span.begin;
  size_t len = e->sent->span.end - e->sent->span.begin;
  NgStatus st;
  TRY(st, ng_gazetteer_presence(e->rules->gaz, text, len, &tp->strict,
                                &tp->loose, &e->entries, NULL));
  TRY(st, ng_atoms_scan(e->rules->atoms, text, len, e->lits, &e->hits));
  /* a long document keeps only its latest sentences' (phases run through
   * the sentences in order, so the rest would be found again anyway):
   * memory stays bounded, time unchanged */
  if (e->n_tg + e->entries.n > PRESENCE_CAP ||
      e->n_tl + e->hits.n > PRESENCE_CAP) {
    for (size_t i = 0; i < e->n_cached; ++i) {
      e->tp[e->cached[i]].known = 0;
    }
    e->n_cached = e->n_tg = e->n_tl = 0;
  }
  TRY(st, ng_grow((void **)&e->cached, &e->cap_cached, e->n_cached + 1,
                  sizeof(*e->cached)));
  TRY(st, ng_grow((void **)&e->tg, &e->cap_tg, e->n_tg + e->entries.n,
                  sizeof(*e->tg)));
  tp->g_first = (uint32_t)e->n_tg;
  tp->g_n = (uint32_t)e->entries.n;
  for (size_t i = 0; i < e->entries.n; ++i) {
    const NgGazHit *h = &e->entries.v[i];
    struct PackedHit *ph = &e->tg[e->n_tg++];
    ph->mask = h->mask;
    ph->start = (uint32_t)h->start;
    ph->end_flags = (uint32_t)(h->end << 2 | (h->flags & 3u));
  }
  TRY(st, ng_grow((void **)&e->tl, &e->cap_tl, e->n_tl + e->hits.n,
                  sizeof(*e->tl)));
  tp->l_first = (uint32_t)e->n_tl;
  tp->l_n = (uint32_t)e->hits.n;
  for (size_t i = 0; i < e->hits.n; ++i) {
    struct LitHit *h = &e->tl[e->n_tl++];
    h->start = (uint32_t)e->hits.start[i];
    h->end = (uint32_t)(e->hits.start[i] +
                        ng_atoms_len(e->rules->atoms, e->hits.id[i]));
    h->id = e->hits.id[i];
  }
  tp->known = 1;
  e->cached[e->n_cached++] = (uint32_t)e->sent_index;
  return NG_SUCCESS;
}

static int by_start(const void *x, const void *y) {
  const NgGazHit *a = x, *b = y;
  if (a->start != b->start) {
    return (a->start > b->start) - (a->start < b->start);
  }
  return (a->end > b->end) - (a->end < b->end);
}

static int ascii_alnum_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

/* What the view holds, from what its sentence's text holds: an entry or a
 * literal that no shown mention covers is in the view too (at an offset
 * moved by the placeholders before it), and nothing else is, since no
 * entry or literal holds a placeholder; but an entry loses its strict
 * edges where a placeholder (a word byte) now touches it, and the text
 * after a placeholder starts words the text did not (when the mention
 * ended in a letter or digit): those are walked in the view itself. */
static NgStatus view_presence_now(NgEngine *e, Present *p);

static NgStatus view_presence(NgEngine *e, Present *p) {
  if (p->have) {
    return NG_SUCCESS;
  }
  if (!e->rule_seconds) {
    return view_presence_now(e, p);
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  NgStatus st = view_presence_now(e, p);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  e->presence_seconds += (double)(t1.tv_sec - t0.tv_sec) +
                         1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  return st;
}

static NgStatus view_presence_now(NgEngine *e, Present *p) {
  NgStatus st;
  TRY(st, reserve_view(e, e->text.len + 1));
  TRY(st, text_presence(e));
  const struct TextPresence *tp = &e->tp[e->sent_index];
  /* (a rule set without word lists or literals has no arrays at all:
   * no offset may be applied to their NULL) */
  const struct PackedHit *g = e->tg ? e->tg + tp->g_first : NULL;
  const struct LitHit *l = e->tl ? e->tl + tp->l_first : NULL;
  const struct Replaced *r = e->repl;
  size_t nr = e->n_repl;
  e->entries.n = 0;
  e->hits.n = 0;
  if (e->lits) {
    memset(e->lits, 0, ng_atoms_words(e->rules->atoms) * sizeof(uint64_t));
  }
  p->strict = nr ? 0 : tp->strict;
  p->loose = nr ? 0 : tp->loose;
  /* room for every entry and literal of the text at once: the loops
   * below store them without a check each (a view holds at most those,
   * but for the words after placeholders, which grow as they come) */
  TRY(st, ng_grow((void **)&e->entries.v, &e->entries.cap, tp->g_n,
                  sizeof(NgGazHit)));
  TRY(st, ng_atom_hits_reserve(&e->hits, tp->l_n));
  size_t k = 0, delta = 0;
  for (size_t i = 0; i < tp->g_n; ++i) {
    NgGazHit h;
    h.mask = g[i].mask;
    h.start = g[i].start;
    h.end = g[i].end_flags >> 2;
    h.flags = g[i].end_flags & 3u;
    int touched_before = 0;
    while (k < nr && r[k].te <= h.start) {
      touched_before = r[k].te == h.start;
      delta += r[k].te - r[k].tb - 3;
      ++k;
    }
    if (k < nr && r[k].tb < h.end) {
      continue; /* a mention covers part of it: not in the view */
    }
    if (!touched_before && k && r[k - 1].te == h.start) {
      touched_before = 1;
    }
    if (nr) {
      if (touched_before) {
        h.flags &= ~NG_GAZ_STRICT_START;
      }
      if (k < nr && r[k].tb == h.end) {
        h.flags &= ~NG_GAZ_BOUNDED;
      }
      p->loose |= h.mask;
      if ((h.flags & (NG_GAZ_STRICT_START | NG_GAZ_BOUNDED)) ==
          (NG_GAZ_STRICT_START | NG_GAZ_BOUNDED)) {
        p->strict |= h.mask;
      }
    }
    h.start -= delta;
    h.end -= delta;
    e->entries.v[e->entries.n++] = h;
  }
  /* words that start right after a placeholder */
  const char *text = e->doc_text + e->sent->span.begin;
  size_t before = e->entries.n;
  for (size_t j = 0; j < nr; ++j) {
    if (r[j].te > r[j].tb && ascii_alnum_byte((unsigned char)text[r[j].te - 1])) {
      TRY(st, ng_gazetteer_walk_from(e->rules->gaz, e->text.data, r[j].v + 3,
                                     e->text.len, 0, &p->loose, &e->entries));
    }
  }
  if (e->entries.n > before) {
    qsort(e->entries.v, e->entries.n, sizeof(NgGazHit), by_start);
  }
  k = 0;
  delta = 0;
  for (size_t i = 0; i < tp->l_n; ++i) {
    while (k < nr && r[k].te <= l[i].start) {
      delta += r[k].te - r[k].tb - 3;
      ++k;
    }
    if (k < nr && r[k].tb < l[i].end) {
      continue;
    }
    uint32_t id = l[i].id;
    uint32_t at = (uint32_t)(l[i].start - delta);
    uint64_t bit = (uint64_t)1 << (id & 63);
    if (!(e->lits[id >> 6] & bit) || at > e->lit_last[id]) {
      e->lit_last[id] = at;
    }
    e->lits[id >> 6] |= bit;
    e->hits.start[e->hits.n] = at;
    e->hits.id[e->hits.n++] = id;
  }
  memset(e->start_mask, 0, (e->text.len + 1) * sizeof(*e->start_mask));
  for (size_t i = 0; i < e->entries.n; ++i) {
    e->start_mask[e->entries.v[i].start] |= e->entries.v[i].mask;
  }
  e->cctx.hits = &e->entries;
  e->cctx.start_mask = e->start_mask;
  p->have = 1;
  return NG_SUCCESS;
}

/* The classes of every entry anywhere in the view (rarely needed). */
static NgStatus view_any(NgEngine *e, Present *p) {
  if (!p->any_known) {
    uint64_t strict, loose;
    NgStatus st;
    TRY(st, ng_gazetteer_presence(e->rules->gaz, e->text.data, e->text.len,
                                  &strict, &loose, NULL, &p->any));
    p->any_known = 1;
  }
  return NG_SUCCESS;
}

/* Whether the view holds what the pattern of rule needs to match (*worth). */
static NgStatus worth_trying(NgEngine *e, const NgRule *rule, Present *p,
                             int *worth) {
  const NgPrefilter *pre = rule->pre;
  *worth = 1;
  if (!pre || (!pre->n_clauses && !pre->has_gap)) {
    return NG_SUCCESS;
  }
  NgStatus st;
  TRY(st, view_presence(e, p));
  if (pre->needs_any) {
    TRY(st, view_any(e, p));
  }
  *worth = ng_prefilter_met(pre, e->lits, p->loose, p->any, view_mentions(e, p));
  return NG_SUCCESS;
}

static int has_lit(const NgPrefilter *pre, uint32_t id) {
  const uint32_t *v = pre->lits + pre->gap.first_lit;
  size_t lo = 0, hi = pre->gap.n_lits;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (v[mid] == id) {
      return 1;
    }
    if (v[mid] < id) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return 0;
}

/* Fills e->reach for rule: reach[p] when an occurrence of its anchor
 * starts at some b >= p, every character of [p, b) may be consumed before
 * it, and [p, b) holds no more than pre->gap_ws runs of ASCII spaces (a
 * byte that is not ASCII continues a run: \s* may take a no-break space
 * between two spaces) (the view's literals, classes and placeholders (p)
 * must be known). */
static void find_reach(NgEngine *e, const NgPrefilter *pre, const Present *pr) {
  const unsigned char *s = (const unsigned char *)e->text.data;
  size_t len = e->text.len;
  unsigned char *reach = e->reach;
  memset(reach, 0, len + 1);
  /* end: one past the last occurrence; no byte from there on reaches one,
   * so the backward scan below starts there (it is called for nearly
   * every rule and view, and the tail after the anchor is often long) */
  size_t end = 0;
  const uint64_t *set = pre->gap_lit_set;
  for (size_t i = 0; pre->gap.n_lits && i < e->hits.n; ++i) {
    uint32_t id = e->hits.id[i];
    if (set ? (int)((set[id >> 6] >> (id & 63)) & 1) : has_lit(pre, id)) {
      reach[e->hits.start[i]] = 1; /* an occurrence: reach marks it first */
      end = e->hits.start[i] >= end ? e->hits.start[i] + 1 : end;
    }
  }
  for (size_t i = 0; pre->gap.classes && i < e->entries.n; ++i) {
    if ((e->entries.v[i].mask & pre->gap.classes) &&
        ng_byteset_has(&pre->gap_first, s[e->entries.v[i].start])) {
      reach[e->entries.v[i].start] = 1;
      end = e->entries.v[i].start >= end ? e->entries.v[i].start + 1 : end;
    }
  }
  for (int k = 0; pre->gap.mentions && k < NG_M_COUNT; ++k) {
    size_t m = pr->last_mention[k];
    if (((pre->gap.mentions >> k) & 1) && m != NONE && m >= end) {
      end = m + 1;
    }
  }
  if (!pre->gap_ascii[0] && !pre->gap_ascii[1] && !pre->gap_nonascii &&
      !pre->gap_pua) {
    /* nothing may come before an anchor: reach is where they are */
    for (size_t p = 0; pre->gap.mentions && p < end && p + 2 < len; ++p) {
      if (s[p] == 0xEE && s[p + 1] == 0x80 && s[p + 2] > 0x80 &&
          s[p + 2] <= 0x80 + NG_M_COUNT &&
          ((pre->gap.mentions >> (s[p + 2] - 0x81)) & 1)) {
        reach[p] = 1;
      }
    }
    return;
  }
  /* spaces: the fewest runs of spaces between here and the next
   * occurrence that the gap lets through (UINT32_MAX: none); in_run:
   * [p, b) starts with a run of spaces, counted already */
  uint32_t spaces = UINT32_MAX;
  int in_run = 0; /* (only counts once spaces is set: 0 is right at end) */
  for (size_t p = end; p-- > 0;) {
    unsigned char c = s[p];
    if ((c & 0xC0) == 0x80) {
      continue;
    }
    int occ = reach[p];
    int ok;
    if (c < 0x80) {
      ok = (int)((pre->gap_ascii[c >> 6] >> (c & 63)) & 1);
    } else if (c == 0xEE && p + 2 < len && s[p + 1] == 0x80 &&
               s[p + 2] > 0x80 && s[p + 2] <= 0x80 + NG_M_COUNT) {
      occ |= (int)((pre->gap.mentions >> (s[p + 2] - 0x81)) & 1);
      ok = pre->gap_pua;
    } else {
      ok = pre->gap_nonascii;
    }
    int space = c == ' ' || (c >= 9 && c <= 13);
    if (occ) {
      spaces = 0;
      in_run = 0;
    } else if (!ok) {
      spaces = UINT32_MAX;
      in_run = 0;
    } else if (space) {
      if (!in_run && spaces < UINT32_MAX - 1) {
        ++spaces;
      }
      in_run = 1;
    } else if (c < 0x80) {
      in_run = 0;
    }
    reach[p] = spaces != UINT32_MAX && spaces <= pre->gap_ws;
  }
}

/* The last view offset where a match of the rule may start (NONE: no
 * bound): each clause met at or after the start (not in a lookbehind, not
 * by an entry anywhere) must be met by an occurrence there, so a match
 * starts at or before the last occurrence of every such clause (the
 * view's literals, entries and placeholders must be known). */
static size_t last_start(NgEngine *e, const NgPrefilter *pre, Present *p) {
  size_t bound = NONE;
  view_mentions(e, p);
  for (size_t i = 0; i < pre->n_clauses; ++i) {
    const NgClause *c = &pre->clauses[i];
    if (c->behind || c->classes_any) {
      continue;
    }
    size_t at = NONE; /* the clause's last occurrence */
    for (uint32_t k = 0; k < c->n_lits; ++k) {
      uint32_t id = pre->lits[c->first_lit + k];
      if (((e->lits[id >> 6] >> (id & 63)) & 1) &&
          (at == NONE || e->lit_last[id] > at)) {
        at = e->lit_last[id];
      }
    }
    for (size_t k = e->entries.n; c->classes && k-- > 0;) {
      if (e->entries.v[k].mask & c->classes) {
        if (at == NONE || e->entries.v[k].start > at) {
          at = e->entries.v[k].start;
        }
        break; /* entries are sorted by start */
      }
    }
    for (int k = 0; c->mentions && k < NG_M_COUNT; ++k) {
      size_t m = p->last_mention[k];
      if (((c->mentions >> k) & 1) && m != NONE && (at == NONE || m > at)) {
        at = m;
      }
    }
    if (at == NONE) {
      return NONE; /* (not met: worth_trying says so; no bound here) */
    }
    if (bound == NONE || at < bound) {
      bound = at;
    }
  }
  return bound;
}

/* Counts one more occurrence of symbol k, at view offset i. */
static void add_symbol(NgEngine *e, int k, size_t i) {
  e->sym_last[k][e->sym_n[k]++ & (SYM_LAST - 1)] = (uint32_t)i;
}

/* Finds the view's symbols (e->sym_n, e->sym_last), once per view. */
static void view_symbols(NgEngine *e, Present *p) {
  if (p->syms_known) {
    return;
  }
  const unsigned char *t = (const unsigned char *)e->text.data;
  size_t len = e->text.len;
  memset(e->sym_n, 0, sizeof(e->sym_n));
  for (size_t i = 0; i < len; ++i) {
    int k = e->sym_of[t[i]];
    if (k >= 0) {
      add_symbol(e, k, i);
    } else if (k == SYM_LEAD && i + 2 < len && t[i + 1] == 0x80 &&
               t[i + 2] > 0x80 && t[i + 2] <= 0x80 + NG_M_COUNT) {
      /* a placeholder is two: a mention, and one of its type */
      add_symbol(e, NG_NEED_ANY_MENTION, i);
      add_symbol(e, NG_NEED_MENTION(t[i + 2] - 0x81), i);
    }
  }
  p->syms_known = 1;
}

/* Lowers *last (NONE: no bound) to the last view offset where a match of
 * the rule may start by the symbols it consumes: the k-th last occurrence
 * of a symbol it needs k of (when it is among those kept).  0 when the
 * view holds too few of one (no match at all), else 1. */
static int symbols_bound(const NgEngine *e, const NgPrefilter *pre,
                         size_t *last) {
  for (int k = 0; k < NG_NEED_SYMS; ++k) {
    uint32_t need = pre->need[k];
    if (!need) {
      continue;
    }
    if (e->sym_n[k] < need) {
      return 0;
    }
    if (need > SYM_LAST) {
      continue; /* its place is not kept: no bound */
    }
    size_t at = e->sym_last[k][(e->sym_n[k] - need) & (SYM_LAST - 1)];
    if (*last == NONE || at < *last) {
      *last = at;
    }
  }
  return 1;
}

/* Runs rule over the view, by the shortest way the prefilter allows. */
static NgStatus run_rule(NgEngine *e, const NgRule *rule, size_t sentence,
                         Present *p) {
  NgStatus st;
  uint32_t drops = e->drop_types[rule - e->rules->rules];
  if (drops) {
    /* a rule that only drops mentions of some types does nothing in a
     * sentence without one (finish_sentence drops only mentions not
     * dropped yet, of the types the emit names) */
    size_t m = e->run.sentence_head[sentence];
    while (m != NONE && (e->run.mentions[m].dropped ||
                         !((drops >> e->run.mentions[m].type) & 1))) {
      m = e->run.mentions[m].next;
    }
    if (m == NONE) {
      return NG_SUCCESS;
    }
  }
  for (size_t i = 0; i < rule->n_requires; ++i) {
    if (!(rule->requires[i].mentions & view_mentions(e, p))) {
      TRY(st, view_presence(e, p));
      if (!(rule->requires[i].classes & p->strict)) {
        return NG_SUCCESS; /* the rule's own "requires": part of its meaning */
      }
    }
  }
  int worth;
  TRY(st, worth_trying(e, rule, p, &worth));
  if (worth && rule->anchored && rule->pre->start_classes) {
    TRY(st, view_presence(e, p)); /* which classes start where */
  }
  const unsigned char *reach = NULL;
  size_t last = NONE;
  if (worth && rule->anchored && rule->pre->has_gap) {
    if (!rule->pre->gap_id || rule->pre->gap_id != e->reach_gap) {
      view_mentions(e, p);
      find_reach(e, rule->pre, p);
      e->reach_gap = rule->pre->gap_id;
    }
    reach = e->reach;
  }
  if (worth && rule->anchored && rule->pre->n_clauses) {
    last = last_start(e, rule->pre, p);
  }
  if (worth && rule->anchored && rule->pre->has_need) {
    view_symbols(e, p);
    worth = symbols_bound(e, rule->pre, &last);
  }
  if (worth || e->verify) {
    ng_rule_ready(rule); /* its machine code, before its first match */
  }
  if (e->verify && (!worth || rule->anchored)) {
    TRY(st, verify_rule(e, rule, sentence, !worth, reach, last));
  }
  if (!worth) {
    return NG_SUCCESS;
  }
  return rule->anchored ? scan_anchored(e, rule, sentence, reach, last, NULL)
                        : scan_rule(e, rule, sentence, NULL);
}

static NgStatus run_phase(NgEngine *e, const NgDocument *doc,
                          const NgPhase *ph) {
  const char *text = ng_document_text(doc, &(size_t){0});
  size_t n = ng_document_n_sentences(doc);
  NgStatus st;
  for (size_t s = 0; s < n; ++s) {
    const NgSentence *sent = ng_document_sentence(doc, s);
    TRY(st, build_view(e, text, sent, s, ph->input == NG_PHASE_MENTIONS));
    size_t first = e->run.n_actions;
    Present present;
    memset(&present, 0, sizeof(present));
    for (size_t i = 0; i < ph->n_rules; ++i) {
      const NgRule *rule = &e->rules->rules[ph->first_rule + i];
      struct timespec t0, t1;
      uint64_t callouts = e->cctx.callouts;
      double presence = e->presence_seconds;
      if (e->rule_seconds) {
        clock_gettime(CLOCK_MONOTONIC, &t0);
      }
      TRY(st, run_rule(e, rule, s, &present));
      if (e->rule_seconds) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        e->rule_seconds[ph->first_rule + i] +=
            (double)(t1.tv_sec - t0.tv_sec) +
            1e-9 * (double)(t1.tv_nsec - t0.tv_nsec) -
            (e->presence_seconds - presence);
        e->rule_callouts[ph->first_rule + i] += e->cctx.callouts - callouts;
      }
    }
    TRY(st, settle_mentions(e, first, s));
    TRY(st, finish_sentence(e, first, s));
  }
  return NG_SUCCESS;
}

static int has_upper(const char *s, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (s[i] >= 'A' && s[i] <= 'Z') {
      return 1;
    }
  }
  return 0;
}

/* Whether s[0..n) holds a word of two capitals or more ("HSHD 2031",
 * "ICSTF-BE"): an event's short name, which a reader finds again. */
static int has_acronym(const char *s, size_t n) {
  size_t run = 0;
  for (size_t i = 0; i < n; ++i) {
    run = s[i] >= 'A' && s[i] <= 'Z' ? run + 1 : 0;
    if (run >= 2) {
      return 1;
    }
  }
  return 0;
}

size_t ng_name_initials(const char *name, size_t n, int all_words, char *out,
                        size_t cap) {
  size_t k = 0, i = 0;
  if (n >= 4 && !strncmp(name, "The ", 4)) {
    i = 4;
  }
  while (i < n) {
    while (i < n && (name[i] == ' ' || name[i] == '-')) {
      ++i;
    }
    size_t j = i;
    while (j < n && name[j] != ' ' && name[j] != '-') {
      ++j;
    }
    unsigned char c0 = j > i ? (unsigned char)name[i] : 0;
    if (isalpha(c0) && (all_words || isupper(c0))) {
      if (k + 1 >= cap) {
        return 0;
      }
      out[k++] = (char)toupper(c0);
    }
    i = j;
  }
  out[k] = '\0';
  return k >= 3 ? k : 0;
}

/* Adds the acronyms that the organization name[0..n) would have to the
 * document's names, so that "UHN" is found once "University Health
 * Network" has been named (identity.c joins the two). */
static NgStatus add_initials(NgEngine *e, const char *name, size_t n) {
  char a[9], b[9];
  size_t na = ng_name_initials(name, n, 0, a, sizeof a);
  size_t nb = ng_name_initials(name, n, 1, b, sizeof b);
  NgStatus st;
  if (na) {
    TRY(st, ng_gazetteer_add(e->names, a, na, NG_M_ORG, 0, NULL));
  }
  if (nb && (nb != na || memcmp(a, b, na))) {
    TRY(st, ng_gazetteer_add(e->names, b, nb, NG_M_ORG, 0, NULL));
  }
  return NG_SUCCESS;
}

/* "Lanyu Optics Corp" is also written "Lanyu Optics": the name without
 * the legal form that ends it, when what is left is still a name (two
 * words or more, or one of three letters or more that is no ordinary
 * word). */
static NgStatus add_without_legal_form(NgEngine *e, const char *name,
                                       size_t n) {
  if (e->cls_legal_form < 0) {
    return NG_SUCCESS;
  }
  for (size_t i = 1; i < n; ++i) {
    if (name[i] != ' ') {
      continue;
    }
    size_t tail = i + 1, end = n;
    while (end > tail && name[end - 1] == '.') {
      --end;
    }
    uint64_t cls = ng_gazetteer_lookup(e->rules->gaz, name + tail, end - tail,
                                       -1, NULL) |
                   ng_gazetteer_lookup(e->rules->gaz, name + tail, n - tail,
                                       -1, NULL);
    if (!((cls >> e->cls_legal_form) & 1)) {
      continue;
    }
    size_t k = i;
    while (k > 0 && (name[k - 1] == ',' || name[k - 1] == ' ')) {
      --k;
    }
    int words = 1;
    for (size_t j = 0; j < k; ++j) {
      words += name[j] == ' ';
    }
    if (words == 1 &&
        (k < 3 || (e->cls_common >= 0 &&
                   ((ng_gazetteer_lookup(e->rules->gaz, name, k, -1, NULL) >>
                     e->cls_common) &
                    1)))) {
      return NG_SUCCESS;
    }
    return ng_gazetteer_add(e->names, name, k, NG_M_ORG, 0, NULL);
  }
  return NG_SUCCESS;
}

/* "Quorlan Health" is also written "Quorlan": a name of two words whose
 * second is a noun of trade ("Health", "Labs", "Systems") and whose first,
 * of four letters or more, is a capitalised word of no word list (not
 * "Digital", "Kestrel", "Paris" or a given name: "Ada Health" stays
 * whole). */
static NgStatus add_without_company_word(NgEngine *e, const char *name,
                                         size_t n) {
  const char *sp = memchr(name, ' ', n);
  if (e->cls_company_word < 0 || !sp || sp - name < 4 ||
      memchr(sp + 1, ' ', n - (size_t)(sp + 1 - name)) || name[0] < 'A' ||
      name[0] > 'Z') {
    return NG_SUCCESS;
  }
  size_t k = (size_t)(sp - name);
  for (size_t i = 1; i < k; ++i) {
    unsigned char ch = (unsigned char)name[i];
    if (!((ch >= 'a' && ch <= 'z') || ch >= 0x80)) {
      return NG_SUCCESS;
    }
  }
  uint64_t tail = ng_gazetteer_lookup(e->rules->gaz, sp + 1,
                                      n - k - 1, -1, NULL);
  if (!((tail >> e->cls_company_word) & 1) ||
      ng_gazetteer_lookup(e->rules->gaz, name, k, -1, NULL)) {
    return NG_SUCCESS;
  }
  return ng_gazetteer_add(e->names, name, k, NG_M_ORG, 0, NULL);
}

/* Whether text[0..n) is an entry of a word list other than the given
 * names: an ordinary word, a post, a place ("Mr", "Minister", "Paris"),
 * which a given name or a family name is not taken to be. */
static int in_lists_but_given_names(const NgEngine *e, const char *text,
                                    size_t n) {
  uint64_t lists = ng_gazetteer_lookup(e->rules->gaz, text, n, -1, NULL);
  if (e->cls_given_name >= 0) {
    lists &= ~((uint64_t)1 << e->cls_given_name);
  }
  return lists != 0;
}

/* Where a given name starts that is written right before position p of
 * text (a capitalised word of letters, after a sentence start, a space or
 * punctuation, that is in no word list: not "Mr", "Minister", "The" or
 * an ordinary word); p itself when there is none. */
static size_t given_name_before(const NgEngine *e, const char *text,
                                size_t from, size_t p) {
  if (p < from + 3 || text[p - 1] != ' ') {
    return p;
  }
  size_t b = p - 1;
  while (b > from && ((text[b - 1] >= 'a' && text[b - 1] <= 'z') ||
                      (unsigned char)text[b - 1] >= 0x80)) {
    --b;
  }
  if (b == from || text[b - 1] < 'A' || text[b - 1] > 'Z') {
    return p;
  }
  --b;
  if (p - 1 - b < 2 ||
      (b > from && (isalnum((unsigned char)text[b - 1]) ||
                    (unsigned char)text[b - 1] >= 0x80 ||
                    text[b - 1] == '-' || text[b - 1] == '.' ||
                    text[b - 1] == '\''))) {
    return p;
  }
  if (in_lists_but_given_names(e, text + b, p - 1 - b)) {
    return p;
  }
  return b;
}

/* A person's family name alone ("Roe said" after "Jane Roe was named")
 * is the person too: the last word of a name of two words or more, when
 * it is capitalised, at least three bytes long and no entry of any word
 * list but the given names (not "Young", "Paris" or "Director", which
 * are more often something else; but "Willis" or "Simon", which are
 * given names too). */
static NgStatus add_family_name(NgEngine *e, const char *name, size_t n) {
  const char *sp = NULL;
  for (size_t i = n; i-- > 0;) {
    if (name[i] == ' ') {
      sp = name + i;
      break;
    }
  }
  if (!sp) {
    return NG_SUCCESS;
  }
  const char *w = sp + 1;
  size_t wn = (size_t)(name + n - w);
  unsigned char c0 = (unsigned char)w[0], c1 = wn > 1 ? (unsigned char)w[1] : 0;
  if (wn < 3 || !((c0 >= 'A' && c0 <= 'Z') || c0 >= 0x80) ||
      !((c1 >= 'a' && c1 <= 'z') || c1 >= 0x80) || memchr(w, '.', wn)) {
    return NG_SUCCESS;
  }
  if (in_lists_but_given_names(e, w, wn)) {
    return NG_SUCCESS;
  }
  return ng_gazetteer_add(e->names, w, wn, NG_M_PERSON, 0, NULL);
}

/* builtin propagate: every later occurrence of a person's or an
 * organization's name (or acronym) that no rule claimed becomes a mention
 * too, as a reader recognises "PDSA" once "(PDSA)" has introduced it; so
 * does an event's short name with an acronym ("HSHD 2031"). */
static NgStatus propagate_names(NgEngine *e, const NgDocument *doc) {
  NgRun *r = &e->run;
  size_t len;
  const char *text = ng_document_text(doc, &len);
  NgStatus st;
  ng_gazetteer_clear(e->names);
  for (size_t m = 0; m < r->n_mentions; ++m) {
    const NgMention *mm = &r->mentions[m];
    size_t n = mm->end - mm->begin;
    if (mm->dropped || n < 2 || !has_upper(text + mm->begin, n) ||
        (mm->type != NG_M_ORG && mm->type != NG_M_PERSON &&
         (mm->type != NG_M_EVENT || !has_acronym(text + mm->begin, n)))) {
      continue;
    }
    TRY(st, ng_gazetteer_add(e->names, text + mm->begin, n, mm->type, 0, NULL));
    if (mm->type == NG_M_EVENT) {
      continue;
    }
    if (mm->type == NG_M_ORG) {
      TRY(st, add_initials(e, text + mm->begin, n));
      TRY(st, add_without_legal_form(e, text + mm->begin, n));
      TRY(st, add_without_company_word(e, text + mm->begin, n));
    } else {
      TRY(st, add_family_name(e, text + mm->begin, n));
    }
    /* "St. Elm Hospital" is also written "St Elm Hospital" */
    const char *dot = memchr(text + mm->begin, '.', n);
    if (dot && dot + 1 < text + mm->end && dot[1] == ' ') {
      char *bare = malloc(n);
      if (!bare) {
        return NG_ERR_NOMEM;
      }
      size_t k = 0;
      for (size_t i = 0; i < n; ++i) {
        char ch = text[mm->begin + i];
        if (ch != '.' || i + 1 >= n || text[mm->begin + i + 1] != ' ') {
          bare[k++] = ch;
        }
      }
      st = ng_gazetteer_add(e->names, bare, k, mm->type, 0, NULL);
      free(bare);
      TRY(st, st);
    }
  }
  if (!ng_gazetteer_size(e->names)) {
    return NG_SUCCESS;
  }
  size_t n_sent = ng_document_n_sentences(doc);
  for (size_t s = 0; s < n_sent; ++s) {
    const NgSentence *sent = ng_document_sentence(doc, s);
    for (size_t p = sent->span.begin; p < sent->span.end; ++p) {
      unsigned char prev = p > sent->span.begin ? (unsigned char)text[p - 1] : ' ';
      if ((prev >= 'A' && prev <= 'Z') || (prev >= 'a' && prev <= 'z') ||
          (prev >= '0' && prev <= '9') || prev >= 0x80 || prev == '-') {
        continue;
      }
      uint64_t mask;
      size_t n = ng_gazetteer_longest(e->names, text + p, sent->span.end - p,
                                      &mask);
      if (!n || (p + n < sent->span.end && text[p + n] == '-') ||
          !fits(r, s, p, p + n)) {
        continue;
      }
      int type = (mask >> NG_M_ORG) & 1     ? NG_M_ORG
                 : (mask >> NG_M_PERSON) & 1 ? NG_M_PERSON
                                             : NG_M_EVENT;
      size_t b = p;
      /* a family name known alone ("Mr Roe said") after a given name
       * ("Jane Roe, who joins ..."): the fuller name is the mention */
      if (type == NG_M_PERSON && !memchr(text + p, ' ', n)) {
        b = given_name_before(e, text, sent->span.begin, p);
        if (b != p && !fits(r, s, b, p + n)) {
          b = p;
        }
      }
      size_t id;
      TRY(st, add_mention(e, type, b, p + n, s, NULL, NONE, &id));
      supersede_inside(r, s, id, b, p + n);
      p += n - 1;
    }
  }
  return NG_SUCCESS;
}

/* The names' trie is needed by no later phase: a long article's (one of
 * 16,000 people: 30 MB) goes before those phases grow their actions. */
static NgStatus propagate(NgEngine *e, const NgDocument *doc) {
  NgStatus st = propagate_names(e, doc);
  ng_gazetteer_trim(e->names, KEEP_SCRATCH_BYTES);
  return st;
}

NgStatus ng_engine_run(NgEngine *e, const NgDocument *doc,
                       const NgRun **out) {
  NgRun *r = &e->run;
  r->n_mentions = r->n_actions = r->n_args = r->n_refs = 0;
  size_t n = ng_document_n_sentences(doc);
  NgStatus st;
  TRY(st, ng_grow((void **)&r->sentence_head, &r->cap_sentences, n + 1,
                  sizeof(size_t)));
  for (size_t s = 0; s < n; ++s) {
    r->sentence_head[s] = NONE;
  }
  TRY(st, ng_grow((void **)&e->tp, &e->cap_tp, n + 1, sizeof(*e->tp)));
  memset(e->tp, 0, (n + 1) * sizeof(*e->tp));
  e->n_tg = 0;
  e->n_tl = 0;
  e->n_cached = 0;
  e->doc = doc;
  e->limit_hits = 0;
  for (size_t p = 0; p < e->rules->n_phases; ++p) {
    const NgPhase *ph = &e->rules->phases[p];
    if (ph->input == NG_PHASE_BUILTIN) {
      TRY(st, propagate(e, doc));
    } else {
      TRY(st, run_phase(e, doc, ph));
    }
  }
  if (e->limit_hits > LIMIT_WARNINGS_PER_ARTICLE) {
    ng_log(NG_LOG_WARNING, ng_document_label(doc), 0, (size_t)-1, NULL,
           "matching stopped %zu more times in this article (only the first "
           "%d are shown)",
           e->limit_hits - LIMIT_WARNINGS_PER_ARTICLE,
           LIMIT_WARNINGS_PER_ARTICLE);
  }
  e->doc = NULL;
  trim_scratch(e); /* a huge article's, before its actions are read */
  *out = r;
  return NG_SUCCESS;
}
