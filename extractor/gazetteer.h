/*
 * gazetteer.h: word lists compiled into one token trie.
 *
 * Entries from every list go into a single trie keyed by their normalised
 * text (ASCII letters lower-cased for case-folding classes, runs of spaces
 * as one).  A lookup walks the trie once over the candidate span, so the
 * cost of a lookup does not grow with the number of entries: 100,000 titles
 * cost no more per match than ten.  Each entry carries a class (one of at
 * most 64, named in lists.def) and an optional value (e.g. the schema.org
 * class of an organisation head noun).
 */
#ifndef NG_GAZETTEER_H
#define NG_GAZETTEER_H

#include "newsgraph.h"

#include <stdint.h>

#define NG_GAZ_MAX_CLASSES 64

typedef struct NgGazetteer NgGazetteer;

/* New empty gazetteer (free with ng_gazetteer_free). */
NgStatus ng_gazetteer_new(NgGazetteer **out);
void ng_gazetteer_free(NgGazetteer *gaz);

/* Removes every entry but keeps the classes (for per-document lists). */
void ng_gazetteer_clear(NgGazetteer *gaz);
/* ng_gazetteer_clear, then frees the arrays larger than keep_bytes: a
 * per-document trie that one huge document grew does not stay that size. */
void ng_gazetteer_trim(NgGazetteer *gaz, size_t keep_bytes);

/* The id of class name, created when create is non-zero; -1 when unknown
 * (or when NG_GAZ_MAX_CLASSES classes exist already). */
int ng_gazetteer_class(NgGazetteer *gaz, const char *name, int create);

/* A union of classes declared in lists.def ("union NAME CLASS ..."): its
 * class mask and the largest number of words of its entries.  Returns 1
 * when name is a union, 0 otherwise. */
int ng_gazetteer_union(const NgGazetteer *gaz, const char *name,
                       uint64_t *mask, int *max_words);

/* The name of class id.  Borrowed. */
const char *ng_gazetteer_class_name(const NgGazetteer *gaz, int id);

/* Adds the entry text[0..len) to class id; with fold non-zero it matches
 * regardless of ASCII case, otherwise exactly.  value (copied, may be
 * NULL) is returned by lookups of this entry in this class.  Adding an
 * entry that is already there (same class, spelling, case rule and value)
 * changes nothing, so a caller may add the same name any number of times
 * and ng_gazetteer_size() counts distinct entries. */
NgStatus ng_gazetteer_add(NgGazetteer *gaz, const char *text, size_t len,
                          int id, int fold, const char *value);

/* The classes (bit i = class i) that the span text[0..len) belongs to, as
 * a whole; 0 when none.  When value is not NULL and class want is in the
 * mask, *value receives that entry's value (borrowed, may be NULL). */
uint64_t ng_gazetteer_lookup(const NgGazetteer *gaz, const char *text,
                             size_t len, int want, const char **value);

/* The largest number of space-separated words of an entry of class id. */
int ng_gazetteer_max_words(const NgGazetteer *gaz, int id);

/* The length of the longest entry that text[0..len) starts with and that
 * ends at a word boundary (the next byte is not a letter or digit); 0 when
 * none.  *mask receives that entry's classes. */
size_t ng_gazetteer_longest(const NgGazetteer *gaz, const char *text,
                            size_t len, uint64_t *mask);

/* The classes of every entry that occurs in text[0..len) between word
 * boundaries (one walk of the trie from each word start). */
uint64_t ng_gazetteer_scan(const NgGazetteer *gaz, const char *text,
                           size_t len);

/* Entries found in a text: text[start..end) is an entry of the classes
 * in mask (as ng_gazetteer_lookup of that span says), in order of start,
 * then end. */
typedef struct NgGazHit {
  size_t start, end;
  uint64_t mask;
  unsigned flags; /* NG_GAZ_* */
} NgGazHit;

/* The entry starts at a word byte after a non-word byte (or the start),
 * and ends before a non-word byte (or the end): ng_gazetteer_scan sees it
 * when both hold.  (Word bytes: ASCII letters and digits, and every byte
 * of a non-ASCII character.) */
#define NG_GAZ_STRICT_START 1u
#define NG_GAZ_BOUNDED 2u

typedef struct NgGazHits {
  NgGazHit *v;
  size_t n, cap;
} NgGazHits;

/* The word lists a text may hold, for the engine's prefilter, in one walk
 * of the trie from each start: *strict receives what ng_gazetteer_scan
 * returns; *loose (a superset) the classes of every entry that text holds
 * from a word start (the first byte, or one after a byte that is not an
 * ASCII letter or digit) to any end, and hits (emptied first, when not
 * NULL) each of those entries; when any is not NULL, *any the classes of
 * every entry from any character to any end.  NG_ERR_NOMEM when hits
 * cannot grow. */
NgStatus ng_gazetteer_presence(const NgGazetteer *gaz, const char *text,
                               size_t len, uint64_t *strict, uint64_t *loose,
                               NgGazHits *hits, uint64_t *any);

/* The entries that text[start..len) begins with, whatever follows them,
 * appended to hits with their flags (NG_GAZ_STRICT_START when strict_start
 * is set); *loose receives their classes too.  NG_ERR_NOMEM when hits
 * cannot grow. */
NgStatus ng_gazetteer_walk_from(const NgGazetteer *gaz, const char *text,
                                size_t start, size_t len, int strict_start,
                                uint64_t *loose, NgGazHits *hits);

/* Number of entries added. */
size_t ng_gazetteer_size(const NgGazetteer *gaz);

/* Reads a lists.def index in dir: lines "FILE.lst CLASS [fold|exact]"
 * ('#' comments), each list one entry per line, optionally followed by a
 * TAB and a value; and lines "union NAME CLASS CLASS ..." naming a set of
 * classes that one check can test at once.  Errors are reported as FILE:LINE: message through
 * ng_log; returns NG_ERR_SYNTAX / NG_ERR_IO after reporting all of them. */
NgStatus ng_gazetteer_load_index(NgGazetteer *gaz, const char *dir,
                                 const char *index_name);

#endif /* NG_GAZETTEER_H */
