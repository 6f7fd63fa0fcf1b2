/*
 * prefilter.h: what a rule's pattern says about where it can match
 * (internal to extractor/).
 *
 * Every rule is a pcre2 pattern run over each sentence.  Most sentences
 * cannot hold a match of most rules, and most positions of a sentence
 * cannot start one, but pcre2 learns neither: it tries the pattern at
 * every position of every sentence.  At load time this module reads each
 * expanded pattern and derives two necessary conditions of a match:
 *
 *   - the words it needs: a conjunction of clauses, each satisfied by any
 *     of some literal strings, word-list classes (a word-list reference
 *     only succeeds on an entry) or mention placeholders; one pass per
 *     sentence (an Aho-Corasick automaton over every rule's literals, and
 *     the word-list trie) says which are present, and a rule whose clauses
 *     are not all met is not run there;
 *
 *   - where a match can start: sets of allowed previous and first bytes
 *     (from leading lookbehinds, lookaheads, "^" and the first character
 *     the pattern consumes), so the engine runs an anchored copy of the
 *     pattern at those positions only.
 *
 * Both are sound over-approximations: a construct the analysis does not
 * know makes it give up (the rule is then run as before), so the matches
 * found are exactly those of a plain scan, which the engine can verify
 * (NEWSGRAPH_VERIFY_PREFILTER, see engine.c).
 */
#ifndef NG_PREFILTER_H
#define NG_PREFILTER_H

#include "newsgraph.h"

#include <stddef.h>
#include <stdint.h>

struct NgRule;

/* A set of the 256 byte values plus one special member (bit 256): "start
 * of subject" in a set of previous bytes, "end of subject" in a set of
 * next bytes. */
typedef struct NgByteSet {
  uint64_t w[5];
} NgByteSet;

#define NG_BYTESET_EDGE 256

static inline int ng_byteset_has(const NgByteSet *s, unsigned b) {
  return (int)((s->w[b >> 6] >> (b & 63)) & 1);
}

/* One way a match may start at position p: the byte before p (or the
 * edge, at p == 0) is in prev, the byte at p (or the edge, at the end)
 * is in next, and an entry of one of the word-list classes classes starts
 * at p (a word-list reference's start callout is there), unless classes
 * is NG_START_ANY_CLASS. */
#define NG_START_ANY_CLASS (~(uint64_t)0)

typedef struct NgStartAlt {
  NgByteSet prev;
  NgByteSet next;
  uint64_t classes;
} NgStartAlt;

/* One clause of the words a match needs: any of these will do. */
typedef struct NgClause {
  uint64_t classes;     /* word-list classes (bit i = class i) of an entry
                           that starts at a word start */
  uint64_t classes_any; /* ... of an entry anywhere */
  uint32_t mentions;    /* mention placeholders (bit t = NgMentionType t) */
  uint32_t first_lit;   /* literal atoms: lits[first_lit .. + n_lits) */
  uint32_t n_lits;
  int behind; /* may be met before where the match starts (in a
                 lookbehind); else at or after it */
} NgClause;

/* Symbols a match needs a least number of, each occurrence a character
 * the match consumes: the ASCII punctuation below (patterns write them as
 * literals: "," between a name and its post, "(" around an acronym),
 * then a mention placeholder of any type, then one of each type.  A
 * match that starts at p needs its count of each at or after p, which a
 * sentence may well hold once but not twice, or not after p. */
#define NG_NEED_PUNCT ",.;:()\"'&/!?-"
#define NG_NEED_N_PUNCT 13
#define NG_NEED_ANY_MENTION NG_NEED_N_PUNCT
#define NG_NEED_MENTION(t) (NG_NEED_N_PUNCT + 1 + (t))
#define NG_NEED_SYMS 24

/* What the analysis learnt of one rule. */
typedef struct NgPrefilter {
  int analysed;       /* 0: the pattern uses a construct not analysed */
  int anchorable;     /* starts restrict positions: run anchored there */
  int needs_any;      /* a clause has classes_any */
  NgStartAlt *starts; /* where a match may start (any one suffices) */
  size_t n_starts;    /* at most 16 */
  int start_classes;  /* some start asks for an entry of some classes */
  /* the same as two tables: bit i of prev_alts[b] says that b is in
   * starts[i].prev, and likewise for next */
  uint16_t prev_alts[NG_BYTESET_EDGE + 1];
  uint16_t next_alts[NG_BYTESET_EDGE + 1];
  /* a required anchor: a match at p holds an occurrence of gap (literals,
   * word-list classes at word starts, placeholders) at some b >= p, with
   * every character of [p, b) in the gap set (gap_ascii exactly, others
   * as flags); has_gap 0 when the pattern has none */
  int has_gap;
  NgClause gap;
  uint64_t gap_ascii[2];
  int gap_nonascii, gap_pua;
  uint32_t gap_ws;   /* ... which hold at most this many runs of ASCII
                        spaces (UINT32_MAX: any number); bytes that are
                        not ASCII neither end a run nor start one, so a
                        run counts once however many spaces, of whatever
                        kind, it holds */
  NgByteSet gap_first; /* an occurrence of the gap's classes (not its
                          literals or placeholders) starts with one of
                          these bytes: "(?=\p{Lu})$ORG_HEAD" only at a
                          capital */
  NgClause *clauses; /* all must be met */
  size_t n_clauses;
  uint32_t *lits; /* literal atom ids of the clauses */
  size_t n_lits;
  /* the gap's literals again, as a set of atom ids (ng_atoms_words words,
   * owned; NULL when it has none): the engine asks of every literal
   * occurrence of a sentence whether it is one, for every rule */
  uint64_t *gap_lit_set;
  /* rules whose gaps are the same (clause, bytes, spaces) have the same
   * gap_id, so the engine computes where their anchors lie once per
   * sentence view (0: no gap) */
  uint32_t gap_id;
  /* a leading gap (prefilter.c): the pattern opens with an unbounded
   * repetition of a class, so an anchored attempt that fails at p fails
   * at every later start before the first byte of lead_stop (the ASCII
   * bytes the class refuses; it takes every other character) */
  int has_lead_gap;
  NgByteSet lead_stop;
  /* need[k]: the fewest occurrences of symbol k (NG_NEED_*) that a match
   * consumes (saturating at 255); has_need when one is not 0 */
  int has_need;
  uint8_t need[NG_NEED_SYMS];
} NgPrefilter;

/* The symbol (NG_NEED_*) of ASCII byte c, or -1. */
int ng_need_symbol(unsigned char c);

/* The literal strings of every rule of a rule set, and the automaton
 * that finds which of them occur in a text. */
typedef struct NgAtoms NgAtoms;

NgStatus ng_atoms_new(NgAtoms **out);
void ng_atoms_free(NgAtoms *atoms);

/* Builds the automaton once every rule is analysed (ng_prefilter_analyse
 * adds literals; none may be added after). */
NgStatus ng_atoms_build(NgAtoms *atoms);

/* The length in bytes of literal id. */
size_t ng_atoms_len(const NgAtoms *atoms, uint32_t id);

/* Number of 64-bit words of a presence set (at least 1). */
size_t ng_atoms_words(const NgAtoms *atoms);

/* Where literals occur: hit i is literal id[i] starting at start[i]. */
typedef struct NgAtomHits {
  size_t *start;
  uint32_t *id;
  size_t n, cap;
} NgAtomHits;

/* Appends the hit (start, id) to hits, growing its arrays (owned by hits)
 * as needed.  NG_ERR_NOMEM when they cannot grow; hits is then unchanged. */
NgStatus ng_atom_hits_push(NgAtomHits *hits, size_t start, uint32_t id);

/* Makes room for n hits in all (not n more), so that n - hits->n
 * pushes, or direct stores below n, need no check. */
NgStatus ng_atom_hits_reserve(NgAtomHits *hits, size_t n);

/* Sets in present (ng_atoms_words words, cleared first) the bit of every
 * literal that occurs in text[0..len), and lists the occurrences in hits
 * (emptied first; NULL: not listed).  NG_ERR_NOMEM when the list cannot
 * grow. */
NgStatus ng_atoms_scan(const NgAtoms *atoms, const char *text, size_t len,
                       uint64_t *present, NgAtomHits *hits);

/* Analyses rule->expanded (compiled with PCRE2_UTF | PCRE2_UCP), adding
 * its literals to atoms.  *out is new (free with ng_prefilter_free); it
 * has analysed == 0 when the pattern holds a construct the analysis does
 * not know.  Only NG_ERR_NOMEM is an error. */
NgStatus ng_prefilter_analyse(NgAtoms *atoms, const struct NgRule *rule,
                              NgPrefilter **out);

void ng_prefilter_free(NgPrefilter *pre);

/* Whether every clause of pre is met by what a sentence holds: literal
 * presence bits, word-list classes of entries at word starts (classes)
 * and anywhere (classes_any, only read when pre->needs_any), and mention
 * placeholder types. */
int ng_prefilter_met(const NgPrefilter *pre, const uint64_t *lits,
                     uint64_t classes, uint64_t classes_any, uint32_t mentions);

/* Prepares every rule of rules: analyses its pattern, compiles the
 * anchored copy of those whose starts are restricted, and builds the
 * literal automaton.  Only NG_ERR_NOMEM is an error (a pattern that
 * cannot be analysed is run as a plain scan). */
struct NgRuleset;
NgStatus ng_prefilter_prepare(struct NgRuleset *rules);

/* Whether a match may start at byte p of s[0..len) (p <= len, p at a
 * character boundary), by the bytes around p alone. */
static inline int ng_prefilter_may_start(const NgPrefilter *pre,
                                         const unsigned char *s, size_t len,
                                         size_t p) {
  unsigned prev = p ? s[p - 1] : NG_BYTESET_EDGE;
  unsigned next = p < len ? s[p] : NG_BYTESET_EDGE;
  return (pre->prev_alts[prev] & pre->next_alts[next]) != 0;
}

/* The same, also by the word-list entries that start at p: classes_at[p]
 * holds the classes of the entries that start there, for every p <= len
 * (NULL when they are not known: then as ng_prefilter_may_start). */
static inline int ng_prefilter_may_start_at(const NgPrefilter *pre,
                                            const unsigned char *s,
                                            size_t len, size_t p,
                                            const uint64_t *classes_at) {
  unsigned prev = p ? s[p - 1] : NG_BYTESET_EDGE;
  unsigned next = p < len ? s[p] : NG_BYTESET_EDGE;
  unsigned alts = (unsigned)(pre->prev_alts[prev] & pre->next_alts[next]);
  if (!alts || !pre->start_classes || !classes_at) {
    return alts != 0;
  }
  for (size_t i = 0; i < pre->n_starts; ++i) {
    if (((alts >> i) & 1) && (pre->starts[i].classes == NG_START_ANY_CLASS ||
                              (pre->starts[i].classes & classes_at[p]))) {
      return 1;
    }
  }
  return 0;
}

#endif /* NG_PREFILTER_H */
