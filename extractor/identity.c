/*
 * identity.c: one node per real-world thing.  Mentions become slots (one
 * per distinct name and type); slots that name the same thing are joined
 * (acronyms, short forms, "Univ." for "University", a unit's name inside
 * "X of Y") and each group becomes one entity with all its names.
 */
#include "extract.h"

#include "buf.h"
#include "util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------- strings */

static int is_ws(char c) {
  return c == ' ' || c == '\n' || c == '\t';
}

/* Whether text[e - 1], a closing bracket, closes one opened inside
 * text[b..e): "Deputy Director (Finance)" keeps its remit whole. */
static int closes_inner_bracket(const char *text, size_t b, size_t e) {
  char close = text[e - 1];
  if (close != ')' && close != ']') {
    return 0;
  }
  char open = close == ')' ? '(' : '[';
  int depth = 0;
  for (size_t i = b; i < e; ++i) {
    depth += text[i] == open ? 1 : text[i] == close ? -1 : 0;
  }
  return depth >= 0 && memchr(text + b, open, e - b) != NULL;
}

/* Whether text[b..e), which ends in a period, ends in a word written
 * with periods inside ("e.V.", "S.p.A.", "U.S."): that period is the
 * word's own, not the sentence's. */
static int dotted_word_ends(const char *text, size_t b, size_t e) {
  for (size_t k = e - 1; k-- > b && !is_ws(text[k]);) {
    if (text[k] == '.') {
      return 1;
    }
  }
  return 0;
}

/* Whether text[b..e) ends in "ng'" after a letter: the apostrophe is a
 * letter of names written in East African orthographies (Luo names that
 * end in "ng'"), not a closing quotation mark. */
static int ends_in_velar_nasal(const char *text, size_t b, size_t e) {
  return e - b >= 4 && text[e - 2] == 'g' && text[e - 3] == 'n' &&
         isalpha((unsigned char)text[e - 4]);
}

/* Copy of text[b..e) with surrounding spaces and punctuation trimmed, a
 * leading article ("the", "a", "an", "this", "that") dropped when
 * drop_article, and double quotation marks removed. */
char *ng_clean_span(const char *text, size_t b, size_t e,
                        int drop_article) {
  size_t start = b;
  while (b < e && (is_ws(text[b]) || strchr(",;:\"'([", text[b]))) {
    ++b;
  }
  int quoted = memchr(text + start, '\'', b - start) != NULL;
  while (e > b && (is_ws(text[e - 1]) || strchr(",;:\"')]", text[e - 1]) ||
                   (text[e - 1] == '.' && (e - b < 4 || text[e - 3] != ' ') &&
                    !dotted_word_ends(text, b, e)))) {
    if (closes_inner_bracket(text, b, e) ||
        (text[e - 1] == '\'' && !quoted && ends_in_velar_nasal(text, b, e))) {
      break;
    }
    --e;
  }
  if (drop_article) {
    static const char *const articles[] = {"the ", "a ", "an ", "this ",
                                           "that ", "its ", "their "};
    for (size_t i = 0; i < NG_ARRAY_LEN(articles); ++i) {
      size_t n = strlen(articles[i]);
      if (e - b > n && !strncasecmp(text + b, articles[i], n)) {
        b += n;
        break;
      }
    }
  }
  /* a quoted word inside a name ('"la Vela" Foundation') loses its
   * quotation marks: a name never holds them */
  char *out = ng_strndup(text + b, e - b);
  if (out && memchr(out, '"', e - b)) {
    char *w = out;
    for (const char *r = out; *r; ++r) {
      if (*r != '"') {
        *w++ = *r;
      }
    }
    *w = '\0';
  }
  return out;
}

/* Whether s[0..n) holds a vowel: initials ("GV") hold none.  A letter
 * beyond ASCII counts as one ("TRẦN", "ŁÓDŹ"): initials are plain. */
static int has_vowel(const char *s, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if ((unsigned char)s[i] >= 0x80 || strchr("AEIOUY", s[i])) {
      return 1;
    }
  }
  return 0;
}

/* The small letter of a capital of Latin-1, Latin Extended-A and
 * Additional, Greek or Cyrillic, or c itself: a surname in capitals
 * is as often "KÖSEOĞLU" or "ŁUKASZEWICZ" as "OKAFOR".  Turkish "İ" has
 * the plain "i" as its small letter. */
static uint32_t small_letter(uint32_t c) {
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3A9) ||
      (c >= 0x410 && c <= 0x42F)) {
    return c + 0x20;
  }
  if (c >= 0x400 && c <= 0x40F) {
    return c + 0x50;
  }
  if (c == 0x130) {
    return 'i';
  }
  if (c == 0x178) {
    return 0xFF;
  }
  int even = c % 2 == 0;
  if (((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) && even) {
    return c + 1;
  }
  if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) && !even) {
    return c + 1;
  }
  /* Latin Extended Additional (Vietnamese "TRẦN"): capitals even */
  if (c >= 0x1E00 && c <= 0x1EFF && !(c >= 0x1E96 && c <= 0x1E9F) && even) {
    return c + 1;
  }
  return c;
}

/* Writes the small form of the character at *r (advancing *r) to *w
 * (advancing *w); never writes more bytes than it reads. */
static void put_small(const char **r, char **w) {
  unsigned char c0 = (unsigned char)**r;
  if (c0 < 0x80) {
    *(*w)++ = (char)tolower(c0);
    ++*r;
    return;
  }
  unsigned char c1 = (unsigned char)(*r)[1];
  if (c0 == 0xE1 && (c1 & 0xC0) == 0x80 &&
      ((unsigned char)(*r)[2] & 0xC0) == 0x80) {
    /* three bytes in, three out: U+1E00..U+1EFF keep their length */
    uint32_t c = small_letter(((uint32_t)(c0 & 0x0F) << 12) |
                              ((uint32_t)(c1 & 0x3F) << 6) |
                              ((unsigned char)(*r)[2] & 0x3F));
    *(*w)++ = (char)(0xE0 | (c >> 12));
    *(*w)++ = (char)(0x80 | ((c >> 6) & 0x3F));
    *(*w)++ = (char)(0x80 | (c & 0x3F));
    *r += 3;
    return;
  }
  if (c0 >= 0xC2 && c0 <= 0xDF && (c1 & 0xC0) == 0x80) {
    uint32_t c = small_letter(((uint32_t)(c0 & 0x1F) << 6) | (c1 & 0x3F));
    if (c < 0x80) {
      *(*w)++ = (char)c;
    } else {
      *(*w)++ = (char)(0xC0 | (c >> 6));
      *(*w)++ = (char)(0x80 | (c & 0x3F));
    }
    *r += 2;
    return;
  }
  *(*w)++ = *(*r)++;
}

/* "OKAFOR Chidi" -> "Okafor Chidi", "KÖSEOĞLU" -> "Köseoğlu"; initials
 * such as "GV" stay. */
static void fix_capitals(char *name) {
  char *w = name;
  for (const char *r = name; *r;) {
    while (*r == ' ') {
      *w++ = *r++;
    }
    const char *end = r;
    int caps = 1, letters = 0;
    while (*end && *end != ' ') {
      if (islower((unsigned char)*end)) {
        caps = 0;
      }
      letters += isalpha((unsigned char)*end) != 0;
      ++end;
    }
    if (caps && letters >= 2 && has_vowel(r, (size_t)(end - r))) {
      /* the first letter, and each first after a hyphen, stay capitals */
      int keep = 1;
      while (r < end) {
        if (keep) {
          unsigned char c0 = (unsigned char)*r;
          size_t n = c0 < 0x80 ? 1 : c0 < 0xE0 ? 2 : c0 < 0xF0 ? 3 : 4;
          for (size_t i = 0; i < n && r < end; ++i) {
            *w++ = *r++;
          }
        } else {
          put_small(&r, &w);
        }
        keep = r > name && r[-1] == '-';
      }
    } else {
      while (r < end) {
        *w++ = *r++;
      }
    }
  }
  *w = '\0';
}

/* The key under which names are merged: the words of ng_name_key with
 * common abbreviations spelt out ("Univ." = "University", "Centre" =
 * "Center"), joined without separators ("Health Care" = "Healthcare"). */
static char *merge_key(const char *name) {
  static const char *const abbrev[][2] = {
      {"univ", "university"}, {"intl", "international"},
      {"dept", "department"}, {"inst", "institute"},
      {"natl", "national"},   {"ctr", "center"},
      {"centre", "center"},   {"and", ""},
      /* a company is the same with or without its legal form */
      {"ltd", ""},            {"limited", ""},
      {"inc", ""},            {"corp", ""},
      {"llc", ""},            {"plc", ""},
      {"gmbh", ""},           {"co", ""},
      {"company", ""},        {"bv", ""},
      {"nv", ""},             {"ag", ""},
      {"spa", ""},            {"srl", ""},
      {"kk", ""},             {"pty", ""},
      {"pte", ""},            {"sdn", ""},
      {"bhd", ""},            {"llp", ""},
      {"pvt", ""},            {"tbk", ""},
      {"berhad", ""}};
  /* the same written with periods: "B.V.", "S.p.A.", "L.L.C." */
  static const char *const dotted[] = {"-b-v", "-n-v", "-s-a", "-a-g",
                                       "-k-k", "-s-p-a", "-s-r-l", "-l-l-c",
                                       "-l-l-p"};
  char *key = ng_name_key(name);
  if (!key) {
    return NULL;
  }
  size_t klen = strlen(key);
  for (size_t i = 0; i < NG_ARRAY_LEN(dotted); ++i) {
    size_t n = strlen(dotted[i]);
    if (klen > n && !strcmp(key + klen - n, dotted[i])) {
      key[klen - n] = '\0';
      break;
    }
  }
  NgBuf b = NG_BUF_INIT;
  for (char *w = key; *w;) {
    size_t n = strcspn(w, "-");
    size_t i;
    for (i = 0; i < NG_ARRAY_LEN(abbrev); ++i) {
      if (strlen(abbrev[i][0]) == n && !strncmp(w, abbrev[i][0], n)) {
        ng_buf_puts(&b, abbrev[i][1]);
        break;
      }
    }
    if (i == NG_ARRAY_LEN(abbrev)) {
      ng_buf_append(&b, w, n);
    }
    w += n + (w[n] == '-');
  }
  free(key);
  return ng_buf_detach(&b);
}

/* ---------------------------------------------------------- provenance */

void ng_make_prov(Ctx *c, const NgRule *rule, size_t sentence,
                      NgProvenance *p, NgBuf *evidence) {
  const NgSentence *s = ng_document_sentence(c->doc, sentence);
  ng_buf_reset(evidence);
  ng_buf_append(evidence, c->text + s->span.begin, s->span.end - s->span.begin);
  p->rule = rule ? rule->id : (char *)"builtin";
  p->evidence = evidence->data;
  p->begin = ng_document_original_offset(c->doc, s->span.begin);
  p->end = ng_document_original_offset(c->doc, s->span.end);
}

void ng_explain(Ctx *c, const char *kind, const NgProvenance *p,
                    const char *fmt, ...) {
  if (!c->ex->explain) {
    return;
  }
  NgBuf b = NG_BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  ng_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  c->ex->explain(c->ex->explain_handle, kind, b.data, p);
  ng_buf_release(&b);
}

/* --------------------------------------------------------------- slots */

static size_t find(Ctx *c, size_t i) {
  while (c->slots[i].parent != i) {
    c->slots[i].parent = c->slots[c->slots[i].parent].parent;
    i = c->slots[i].parent;
  }
  return i;
}

static void join(Ctx *c, size_t a, size_t b) {
  a = find(c, a);
  b = find(c, b);
  if (a == b || c->slots[a].type != c->slots[b].type) {
    return;
  }
  if (c->slots[b].first_begin < c->slots[a].first_begin) {
    size_t t = a;
    a = b;
    b = t;
  }
  c->slots[b].parent = a;
}

static int in_class(Ctx *c, const char *w, size_t n, int cls);

/* Drops post-nominal letters in capitals that a person's name runs on
 * into without a comma ("Helen Roe MBE FRCP"), while two words and one
 * not in capitals remain ("WANG Lina" keeps its family name). */
static void drop_postnominals(Ctx *c, char *name) {
  for (;;) {
    char *sp = strrchr(name, ' ');
    if (!sp || !strchr(name, ' ') || strchr(name, ' ') == sp) {
      return; /* fewer than three words */
    }
    const char *w = sp + 1;
    size_t n = strlen(w);
    int caps = n >= 2;
    for (size_t i = 0; i < n; ++i) {
      caps &= isupper((unsigned char)w[i]) || w[i] == '-';
    }
    int lower_left = 0;
    for (const char *p = name; p < sp; ++p) {
      lower_left |= islower((unsigned char)*p);
    }
    if (!caps || !lower_left || !in_class(c, w, n, c->ex->cls_postnominal)) {
      return;
    }
    *sp = '\0';
  }
}

/* A person's name without the nickname quoted inside it: 'Rosalind "Ros"
 * Roe' is Rosalind Roe.  NULL when the span quotes no word (or on no
 * memory). */
static char *without_nickname(const char *text, size_t b, size_t e) {
  const char *q = memchr(text + b, '"', e - b);
  const char *close = q ? memchr(q + 1, '"', (size_t)(text + e - q - 1)) : NULL;
  if (!q || !close || q == text + b || q[-1] != ' ' || close[1] != ' ' ||
      memchr(q + 1, ' ', (size_t)(close - q - 1))) {
    return NULL;
  }
  size_t head = (size_t)(q - 1 - (text + b)); /* without the space before */
  size_t tail = (size_t)(text + e - (close + 1));
  char *out = malloc(head + tail + 1);
  if (out) {
    memcpy(out, text + b, head);
    memcpy(out + head, close + 1, tail);
    out[head + tail] = '\0';
  }
  return out;
}

static char *mention_name(Ctx *c, const NgMention *m) {
  char *plain = m->type == NG_M_PERSON
                    ? without_nickname(c->text, m->begin, m->end)
                    : NULL;
  char *name = plain ? ng_clean_span(plain, 0, strlen(plain), 0)
                     : ng_clean_span(c->text, m->begin, m->end,
                                     m->type != NG_M_PERSON);
  free(plain);
  if (name && m->type == NG_M_PERSON) {
    drop_postnominals(c, name);
    fix_capitals(name);
  }
  return name;
}

/* The key of the slot index: the type, then the merge key. */
static NgStatus index_key(NgBuf *b, int type, const char *key) {
  char t = (char)type;
  ng_buf_reset(b);
  return ng_buf_append(b, &t, 1) || ng_buf_puts(b, key) ? NG_ERR_NOMEM
                                                         : NG_SUCCESS;
}

/* The slot of type whose merge key is key, or NONE. */
static size_t slot_of_key(Ctx *c, int type, const char *key) {
  NgBuf b = NG_BUF_INIT;
  size_t *found = NULL;
  if (index_key(&b, type, key) == NG_SUCCESS) {
    found = ng_strmap_get(&c->slot_index, b.data, b.len);
  }
  ng_buf_release(&b);
  return found ? *found : NONE;
}

/* Forgets the last slot (just made, and not wanted after all). */
static void drop_last_slot(Ctx *c) {
  Slot *s = &c->slots[c->n_slots - 1];
  NgBuf b = NG_BUF_INIT;
  if (index_key(&b, s->type, s->key) == NG_SUCCESS) {
    ng_strmap_remove(&c->slot_index, b.data, b.len);
  }
  ng_buf_release(&b);
  free(s->name);
  free(s->key);
  --c->n_slots;
}

/* The slot of name (taken: freed here on every path) for a type. */
/* Whether s holds a lower-case ASCII letter. */
static int has_small_letter(const char *s) {
  for (; *s; ++s) {
    if (islower((unsigned char)*s)) {
      return 1;
    }
  }
  return 0;
}

static NgStatus slot_named(Ctx *c, int type, char *name, size_t mention,
                           size_t begin, size_t *out) {
  char *key = name ? merge_key(name) : NULL;
  if (!name || !key) {
    free(name);
    free(key);
    return NG_ERR_NOMEM;
  }
  size_t known = slot_of_key(c, type, key);
  if (known != NONE) {
    Slot *k = &c->slots[known];
    if (type == NG_M_ORG && !has_small_letter(k->name) &&
        has_small_letter(name) && strlen(name) == strlen(k->name)) {
      /* a name first read in a page's capitals ("ACME UNIVERSITY"), then
       * as the text writes it: the text's form names the body */
      free(k->name);
      k->name = name;
      name = NULL;
    }
    free(name);
    free(key);
    ++k->count;
    *out = known;
    return NG_SUCCESS;
  }
  NgStatus st;
  NgBuf b = NG_BUF_INIT;
  if ((st = ng_grow((void **)&c->slots, &c->cap_slots, c->n_slots + 1,
                    sizeof(Slot))) ||
      (st = index_key(&b, type, key)) ||
      (st = ng_strmap_put(&c->slot_index, b.data, b.len, c->n_slots, NULL)) >
          NG_FAILURE) {
    ng_buf_release(&b);
    free(name);
    free(key);
    return st;
  }
  ng_buf_release(&b);
  Slot *s = &c->slots[c->n_slots];
  memset(s, 0, sizeof(*s));
  s->type = type;
  s->name = name;
  s->key = key;
  s->parent = c->n_slots;
  s->count = 1;
  s->first_begin = begin;
  s->first_mention = mention;
  s->entity = NONE;
  *out = c->n_slots++;
  return NG_SUCCESS;
}

static NgStatus slot_for(Ctx *c, size_t mention, size_t *out) {
  const NgMention *m = &c->run->mentions[mention];
  return slot_named(c, m->type, mention_name(c, m), mention, m->begin, out);
}

int ng_entity_type(int mention_type) {
  switch (mention_type) {
  case NG_M_PERSON: return NG_PERSON;
  case NG_M_ORG: return NG_ORGANIZATION;
  case NG_M_EVENT: return NG_EVENT;
  default: return -1;
  }
}

/* The capitalised words of a person's name (particles such as "binti"
 * or "de" left out), at most 8; their number. */
static size_t name_words(const char *name, const char *w[8], size_t n[8]) {
  size_t k = 0;
  for (const char *q = name; *q && k < 8;) {
    size_t len = strcspn(q, " ");
    if (len && isupper((unsigned char)q[0])) {
      w[k] = q, n[k++] = len;
    }
    q += len + (q[len] == ' ');
  }
  return k;
}

/* Whether two middle words say the same name: equal, or one the other's
 * initial ("R." or "R" of "Rathnayake"). */
static int same_middle(const char *a, size_t an, const char *b, size_t bn) {
  if (an == bn && !memcmp(a, b, an)) {
    return 1;
  }
  int ai = an == 1 || (an == 2 && a[1] == '.');
  int bi = bn == 1 || (bn == 2 && b[1] == '.');
  return (ai || bi) && a[0] == b[0];
}

/* Whether person names x and y, with the same first and last words, can
 * be one person: the middle words of one are missing from the other or
 * say the same names ("Nadia E. Quell" / "Nadia Quell", "Ana Sitali
 * Mumba" / "Ana Mumba", "Ana R. Dias" / "Ana Rosa Dias", "Nur binti Ali
 * Tan" / "Nur Ali Tan"). */
static int middles_agree(const char *x, const char *y) {
  const char *xw[8], *yw[8];
  size_t xn[8], yn[8];
  size_t kx = name_words(x, xw, xn), ky = name_words(y, yw, yn);
  if (kx < 2 || ky < 2 || kx == 8 || ky == 8) {
    return 0;
  }
  if (kx == 2 || ky == 2) {
    return 1;
  }
  if (kx != ky) {
    return 0;
  }
  for (size_t i = 1; i + 1 < kx; ++i) {
    if (!same_middle(xw[i], xn[i], yw[i], yn[i])) {
      return 0;
    }
  }
  return 1;
}

/* Slots sorted by a name (then index): the organizations' names that
 * begin with a given prefix are then one run, found by bisection, so the
 * short forms of n names cost n log n, not n^2; people by the key of
 * their first and last words likewise (join_middle_names). */
typedef struct NamedSlot {
  const char *name;
  size_t slot;
} NamedSlot;

static int cmp_slot_name(const void *x, const void *y) {
  const NamedSlot *a = x, *b = y;
  int d = strcmp(a->name, b->name);
  return d ? d : (a->slot > b->slot) - (a->slot < b->slot);
}

/* People named with and without their middle names in one article are
 * one person: the names that share first and last words (particles left
 * out), when each agrees with the fullest of them (middles_agree); a
 * group with two names that disagree ("Ana Rosa Dias", "Ana Rita Dias")
 * is left apart.  Sorted by key, so n log n. */
static void join_middle_names(Ctx *c) {
  NamedSlot *ks = malloc((c->n_slots + 1) * sizeof(*ks));
  size_t n = 0;
  for (size_t i = 0; ks && i < c->n_slots; ++i) {
    const char *w[8];
    size_t len[8];
    size_t k = c->slots[i].type == NG_M_PERSON
                   ? name_words(c->slots[i].name, w, len)
                   : 0;
    if (k < 2) {
      continue;
    }
    char *key = malloc(len[0] + len[k - 1] + 2);
    if (!key) {
      continue;
    }
    memcpy(key, w[0], len[0]);
    key[len[0]] = ' ';
    memcpy(key + len[0] + 1, w[k - 1], len[k - 1]);
    key[len[0] + 1 + len[k - 1]] = '\0';
    ks[n].name = key;
    ks[n++].slot = i;
  }
  if (ks) {
    qsort(ks, n, sizeof(*ks), cmp_slot_name);
  }
  for (size_t g = 0; g < n;) {
    size_t e = g + 1;
    while (e < n && !strcmp(ks[e].name, ks[g].name)) {
      ++e;
    }
    size_t full = g;
    for (size_t i = g; i < e; ++i) {
      if (strlen(c->slots[ks[i].slot].name) >
          strlen(c->slots[ks[full].slot].name)) {
        full = i;
      }
    }
    int agree = 1;
    for (size_t i = g; i < e && agree; ++i) {
      for (size_t j = i + 1; j < e && agree; ++j) {
        agree = middles_agree(c->slots[ks[i].slot].name,
                              c->slots[ks[j].slot].name);
      }
    }
    for (size_t i = g; agree && i < e; ++i) {
      if (i != full && find(c, ks[i].slot) != find(c, ks[full].slot)) {
        join(c, ks[full].slot, ks[i].slot);
      }
    }
    g = e;
  }
  for (size_t i = 0; i < n; ++i) {
    free((char *)ks[i].name);
  }
  free(ks);
}

/* Adds to runs the shorter forms a fuller person name (slot j) may be
 * called by: each run of its words from a capitalised word after the
 * first to the end ("Ruiz de la Torre", "Cardenas Villa" of "Ana Maria
 * Cardenas Villa"), and its words before a lower-case particle ("Ahmad
 * Faizal" of "Ahmad Faizal bin Hassan").  The first fuller name (in slot
 * order) keeps each form. */
static void index_name_runs(NgStrMap *runs, const char *name, size_t j) {
  const char *end = name + strlen(name);
  for (const char *w = strchr(name, ' '); w; w = strchr(w + 1, ' ')) {
    const char *word = w + 1;
    if (islower((unsigned char)*word)) {
      ng_strmap_put(runs, name, (size_t)(w - name), j, NULL);
      break;
    }
    if (strchr(word, ' ')) {
      ng_strmap_put(runs, word, (size_t)(end - word), j, NULL);
    }
  }
}

/* A person name that is a shorter form of a fuller name of the same
 * article is that person: one word of it ("Okafor", the first or last
 * word before any other), or a run of index_name_runs. */
void ng_join_short_names(Ctx *c) {
  NgStrMap first = NG_STRMAP_INIT, last = NG_STRMAP_INIT, any = NG_STRMAP_INIT,
           runs = NG_STRMAP_INIT;
  for (size_t j = 0; j < c->n_slots; ++j) {
    const Slot *t = &c->slots[j];
    const char *space = t->type == NG_M_PERSON ? strchr(t->name, ' ') : NULL;
    if (!space) {
      continue;
    }
    const char *end = strrchr(t->name, ' ') + 1;
    ng_strmap_put(&first, t->name, (size_t)(space - t->name), j, NULL);
    ng_strmap_put(&last, end, strlen(end), j, NULL);
    for (const char *w = space + 1; w < end; w += strcspn(w, " ") + 1) {
      if (isupper((unsigned char)*w)) {
        ng_strmap_put(&any, w, strcspn(w, " "), j, NULL);
      }
    }
    index_name_runs(&runs, t->name, j);
  }
  for (size_t i = 0; i < c->n_slots; ++i) {
    Slot *s = &c->slots[i];
    if (s->type != NG_M_PERSON) {
      continue;
    }
    size_t n = strlen(s->name);
    if (strchr(s->name, ' ')) {
      const size_t *r = ng_strmap_get(&runs, s->name, n);
      if (r && *r != i) {
        join(c, *r, i);
      }
      continue;
    }
    const size_t *f = ng_strmap_get(&first, s->name, n);
    const size_t *l = ng_strmap_get(&last, s->name, n);
    const size_t *a = f || l ? NULL : ng_strmap_get(&any, s->name, n);
    if (f || l) {
      join(c, f && (!l || *f < *l) ? *f : *l, i);
    } else if (a) {
      join(c, *a, i);
    }
  }
  ng_strmap_release(&first);
  ng_strmap_release(&last);
  ng_strmap_release(&any);
  ng_strmap_release(&runs);
  join_middle_names(c);
}

/* The schema.org class of an organization, from its rightmost head noun. */
static const char *org_subclass(Ctx *c, const char *name) {
  if (c->ex->cls_org_head < 0) {
    return NULL;
  }
  const char *end = name + strlen(name);
  while (end > name) {
    const char *w = end;
    while (w > name && w[-1] != ' ') {
      --w;
    }
    const char *value = NULL;
    /* "Acme Hospital, Lagos": the head keeps no comma */
    size_t n = (size_t)(end - w) - (end > w && end[-1] == ',');
    uint64_t mask =
        ng_gazetteer_lookup(c->ex->rules->gaz, w, n, c->ex->cls_org_head, &value);
    if ((mask >> c->ex->cls_org_head) & 1) {
      return value && *value ? value : NULL;
    }
    end = w > name ? w - 1 : name;
  }
  return NULL;
}

/* A line in title case ("Acme And Beacon Sign Deal On Smart Wards") does
 * not show where a name ends, so an organization first named there counts
 * only when the body names it too (or it is an acronym). */
int ng_title_case_line(const char *text, const NgSentence *s) {
  size_t long_words = 0, capitalised = 0;
  const char *end = text + s->span.end;
  if (end > text + s->span.begin && end[-1] == '.') {
    return 0;
  }
  /* bylines and source lines list a few names between commas; a long
   * headline may hold a comma ("..., Springfield") */
  size_t commas = 0;
  for (const char *p = text + s->span.begin; p < end; ++p) {
    commas += *p == ',';
  }
  if (commas > 1 || (commas && !strncmp(text + s->span.begin, "By ", 3))) {
    return 0;
  }
  int comma = commas == 1;
  for (const char *w = text + s->span.begin; w < end;) {
    while (w < end && *w == ' ') {
      ++w;
    }
    const char *e = w;
    while (e < end && *e != ' ') {
      ++e;
    }
    if (e - w >= 4) {
      ++long_words;
      capitalised += isupper((unsigned char)*w) != 0;
    }
    w = e;
  }
  return long_words >= (comma ? 8 : 4) && capitalised * 10 >= long_words * 7;
}

int ng_sentence_whole_line(const Ctx *c, size_t i) {
  const NgSentence *s = ng_document_sentence(c->doc, i);
  size_t b = s->span.begin, e = s->span.end;
  while (e < c->text_len && c->text[e] == ' ') {
    ++e;
  }
  return (b == 0 || c->text[b - 1] == '\n') &&
         (e >= c->text_len || c->text[e] == '\n');
}

int ng_sentence_ends_in_colon(const Ctx *c, size_t i) {
  const NgSentence *s = ng_document_sentence(c->doc, i);
  size_t e = s->span.end;
  while (e > s->span.begin && c->text[e - 1] == ' ') {
    --e;
  }
  return e > s->span.begin && c->text[e - 1] == ':';
}

/* Whether sentence i is an item of a list that a line ending in a colon
 * announces ("The partners are:", then one body per line): such a line
 * in title case is a name, not a headline.  Looks back over at most
 * ANNOUNCED_ITEMS lines of their own. */
#define ANNOUNCED_ITEMS 24
static int announced_item(const Ctx *c, size_t i) {
  for (size_t k = i, n = 0;
       n < ANNOUNCED_ITEMS && ng_sentence_whole_line(c, k); ++n) {
    if (k == 0) {
      return 0;
    }
    if (ng_sentence_ends_in_colon(c, --k)) {
      return 1;
    }
  }
  return 0;
}

/* ----------------------------------------------------- identity rules */

static int is_org_head(Ctx *c, const char *w, size_t n) {
  return c->ex->cls_org_head >= 0 &&
         ((ng_gazetteer_lookup(c->ex->rules->gaz, w, n, -1, NULL) >>
           c->ex->cls_org_head) & 1);
}

static size_t find_org_slot(Ctx *c, const char *name) {
  char *key = merge_key(name);
  size_t found = key ? slot_of_key(c, NG_M_ORG, key) : NONE;
  free(key);
  return found;
}

size_t ng_org_entity_named(Ctx *c, const char *name) {
  size_t slot = find_org_slot(c, name);
  return slot == NONE ? NONE : c->slots[find(c, slot)].entity;
}


/* Whether "Public Health Commission" (up to the next " of ") names a body:
 * capitalised words, "and" or "&" between them, ending in a head noun, or
 * opening with one of the languages that put it first ("Universität
 * Elbtal", "Universidad del Valle X": its small words are its own). */
static int names_a_body(Ctx *c, const char *seg, size_t n) {
  size_t first = strcspn(seg, " ");
  if (first < n && in_class(c, seg, first, c->ex->cls_head_first)) {
    return 1;
  }
  const char *last = seg;
  for (size_t i = 0; i < n; ++i) {
    if (seg[i] == ' ') {
      last = seg + i + 1;
    }
  }
  int connectors = 0, proper = 0;
  for (const char *w = seg; w < seg + n;) {
    size_t len = strcspn(w, " ");
    if (len > (size_t)(seg + n - w)) {
      len = (size_t)(seg + n - w);
    }
    int connector = (len == 3 && !strncmp(w, "and", 3)) ||
                    (len == 1 && *w == '&');
    if (!connector && !isupper((unsigned char)*w)) {
      return 0;
    }
    connectors += connector;
    proper |= !connector && !in_class(c, w, len, c->ex->cls_common);
    w += len + 1;
  }
  /* "Department of Housing and Family Services": ordinary words joined by
   * "and" are the remit of the name before them, not a body of their own
   * ("Harlow and District Hospital" is one) */
  if (connectors && !proper) {
    return 0;
  }
  return is_org_head(c, last, (size_t)(seg + n - last));
}

/* The length of the acronym that s[0..n) is, alone or before its campus
 * ("HMU", "HMU-Tamsin": 2 to 8 capitals, then the end or a hyphen); 0
 * when it is none. */
static size_t campus_acronym(const char *s, size_t n) {
  size_t acr = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  if (acr > n) {
    acr = n;
  }
  return acr >= 2 && acr <= 8 && (acr == n || s[acr] == '-') ? acr : 0;
}

/* Whether head (a word of a name) is a hospital's and right[0..n) a
 * university's name, or an acronym the article defines (known). */
static int hospital_of_university(Ctx *c, const char *head, size_t head_len,
                                  const char *right, size_t n, int known) {
  char word[64], body[256];
  if (head_len >= sizeof word || n >= sizeof body) {
    return 0;
  }
  memcpy(word, head, head_len);
  word[head_len] = '\0';
  const char *kind = org_subclass(c, word);
  if (!kind || strcmp(kind, "Hospital")) {
    return 0;
  }
  if (known && campus_acronym(right, n) && !memchr(right, ' ', n)) {
    return 1;
  }
  memcpy(body, right, n);
  body[n] = '\0';
  kind = org_subclass(c, body);
  return kind && !strcmp(kind, "CollegeOrUniversity");
}

/* "Department of Rural Affairs of the National Water Commission": the
 * unit's name is also the short name of the whole, and the body after the
 * last "of" that begins a body's name is its parent. */
static NgStatus split_of_chain(Ctx *c, size_t slot) {
  const char *name = c->slots[slot].name;
  for (const char *of = strstr(name, " of "); of; of = strstr(of + 1, " of ")) {
    const char *right = of + 4;
    if (!strncmp(right, "the ", 4)) {
      right += 4;
    }
    const char *next = strstr(right, " of ");
    size_t seg = next ? (size_t)(next - right) : strlen(right);
    size_t known = find_org_slot(c, right);
    if (!(known != NONE && known != slot) && !names_a_body(c, right, seg)) {
      continue;
    }
    /* the left part is a unit when its last head noun is singular:
     * "Department of Surgery of X" is; "University Hospitals of X" names
     * a group of hospitals, not a part of X */
    const char *head = NULL;
    size_t head_len = 0;
    for (const char *w = name; w < of;) {
      size_t len = strcspn(w, " ");
      if (is_org_head(c, w, len)) {
        head = w;
        head_len = len;
      }
      w += len + 1;
    }
    if (!head || (head_len > 3 && head[head_len - 1] == 's' &&
                  !strchr("sui", head[head_len - 2]))) {
      continue;
    }
    /* and names a unit ("Department", "Faculty", "Office"), or a hospital
     * of a university ("Third Teaching Hospital of Harlow University",
     * "Affiliated Hospital of HMU"): "University of Springfield Medical
     * Center" is one name, not a university that belongs to a medical
     * center */
    if (c->ex->cls_unit_head >= 0 &&
        !((ng_gazetteer_lookup(c->ex->rules->gaz, head, head_len, -1, NULL) >>
           c->ex->cls_unit_head) & 1) &&
        !hospital_of_university(c, head, head_len, right, seg,
                                known != NONE && known != slot)) {
      continue;
    }
    size_t unit, parent;
    size_t m = c->slots[slot].first_mention;
    size_t begin = c->slots[slot].first_begin;
    NgStatus st;
    TRY(st, slot_named(c, NG_M_ORG, ng_strndup(name, (size_t)(of - name)), m,
                       begin, &unit));
    TRY(st, slot_named(c, NG_M_ORG, ng_strdup(right), m, begin + 1, &parent));
    join(c, slot, unit);
    c->slots[slot].preferred = 1;
    TRY(st, ng_grow((void **)&c->parents, &c->cap_parents, c->n_parents + 1,
                    sizeof(*c->parents)));
    c->parents[c->n_parents].unit = slot;
    c->parents[c->n_parents].parent = parent;
    c->parents[c->n_parents].mention = m;
    ++c->n_parents;
    return NG_SUCCESS;
  }
  return NG_SUCCESS;
}

/* "HHN Imaging Centre", "QRU Centre for Sleep Studies": a name that opens
 * with the acronym of another organization of the article, and goes on
 * with a head noun of its own, is a unit of that organization. */
static NgStatus split_acronym_prefix(Ctx *c, size_t slot) {
  const char *name = c->slots[slot].name;
  size_t n = strcspn(name, " ");
  if (n < 2 || !name[n]) {
    return NG_SUCCESS;
  }
  for (size_t k = 0; k < n; ++k) {
    if (!isupper((unsigned char)name[k]) && !isdigit((unsigned char)name[k])) {
      return NG_SUCCESS;
    }
  }
  int has_head = 0;
  for (const char *w = name + n + 1; *w;) {
    size_t len = strcspn(w, " ");
    has_head |= is_org_head(c, w, len);
    w += len + (w[len] == ' ');
  }
  char *acr = ng_strndup(name, n);
  size_t parent = acr ? find_org_slot(c, acr) : NONE;
  free(acr);
  if (!has_head || parent == NONE || parent == slot) {
    return NG_SUCCESS;
  }
  NgStatus st;
  TRY(st, ng_grow((void **)&c->parents, &c->cap_parents, c->n_parents + 1,
                  sizeof(*c->parents)));
  c->parents[c->n_parents].unit = slot;
  c->parents[c->n_parents].parent = parent;
  c->parents[c->n_parents].mention = c->slots[slot].first_mention;
  ++c->n_parents;
  return NG_SUCCESS;
}

NgStatus ng_split_of_chains(Ctx *c) {
  size_t n = c->n_slots;
  NgStatus st;
  for (size_t i = 0; i < n; ++i) {
    if (c->slots[i].type == NG_M_ORG) {
      TRY(st, split_of_chain(c, i));
      TRY(st, split_acronym_prefix(c, i));
    }
  }
  return NG_SUCCESS;
}

/* Whether the words of small stand together in big (both lower-cased
 * name keys with '-' between words); returns the position or -1. */
static long word_pos(const char *big, const char *small) {
  size_t n = strlen(small);
  for (const char *p = big; (p = strstr(p, small)); ++p) {
    if ((p == big || p[-1] == '-') && (p[n] == '\0' || p[n] == '-')) {
      return (long)(p - big);
    }
  }
  return -1;
}

/* Whether the key prefix kb[0..n) ends in a word that joins names
 * ("of", "the", "for", "and"): then what follows is a name of its own. */
static int ends_with_connector(const char *kb, size_t n) {
  static const char *const words[] = {"of", "the", "for", "and", "at", "in"};
  for (size_t i = 0; i < NG_ARRAY_LEN(words); ++i) {
    size_t w = strlen(words[i]);
    if (n >= w && !strncmp(kb + n - w, words[i], w) &&
        (n == w || kb[n - w - 1] == '-')) {
      return 1;
    }
  }
  return 0;
}

/* An event named inside a longer event name ("Joint Meetings of the 2031
 * Harbour Summit and ...") is that event; an organization name that ends
 * exactly one longer name ("Labor Government", "Ruiz Labor Government")
 * is its short form. */
/* What join_contained_names looks names up in, so that each name is
 * compared with the few names that may contain it rather than with all:
 * keys[j] is the name key of slot j; ends maps each tail of an
 * organization's key (after a '-' not preceded by a connector) to how many
 * keys end so and the last slot that does; events maps the key of each
 * event of two words or more to its first slot. */
typedef struct Contained {
  char **keys;
  NgStrMap ends, events;
  struct Ends {
    size_t count, last;
  } *tails;
  size_t n_tails, cap_tails;
  size_t *empty_events; /* events whose key is empty: compared as before */
  size_t n_empty;
} Contained;

static NgStatus contained_index(Ctx *c, Contained *x) {
  memset(x, 0, sizeof(*x));
  x->keys = calloc(c->n_slots + 1, sizeof(char *));
  x->empty_events = calloc(c->n_slots + 1, sizeof(size_t));
  if (!x->keys || !x->empty_events) {
    return NG_ERR_NOMEM;
  }
  NgStatus st;
  for (size_t j = 0; j < c->n_slots; ++j) {
    const Slot *b = &c->slots[j];
    if (b->type != NG_M_EVENT && b->type != NG_M_ORG) {
      continue;
    }
    char *kb = x->keys[j] = ng_name_key(b->name);
    if (!kb) {
      continue; /* as before: a name without a key is never compared */
    }
    size_t lb = strlen(kb);
    if (b->type == NG_M_EVENT && strchr(b->name, ' ')) {
      if (!lb) {
        x->empty_events[x->n_empty++] = j;
      } else {
        TRY(st, ng_strmap_put(&x->events, kb, lb, j, NULL));
      }
      continue;
    }
    for (size_t p = 0; b->type == NG_M_ORG && p < lb; ++p) {
      if (kb[p] != '-' || ends_with_connector(kb, p)) {
        continue;
      }
      size_t *at;
      TRY(st, ng_strmap_put(&x->ends, kb + p + 1, lb - p - 1, x->n_tails, &at));
      if (st == NG_SUCCESS) {
        TRY(st, ng_grow((void **)&x->tails, &x->cap_tails, x->n_tails + 1,
                        sizeof(*x->tails)));
        x->tails[x->n_tails].count = 0;
        ++x->n_tails;
      }
      x->tails[*at].count += 1;
      x->tails[*at].last = j;
    }
  }
  return NG_SUCCESS;
}

static void contained_free(Ctx *c, Contained *x) {
  for (size_t j = 0; x->keys && j < c->n_slots; ++j) {
    free(x->keys[j]);
  }
  free(x->keys);
  free(x->tails);
  free(x->empty_events);
  ng_strmap_release(&x->ends);
  ng_strmap_release(&x->events);
}

/* The event named inside event i's key ka (la bytes) at the first word
 * position, the earliest slot at that position; NONE when none is. */
static size_t contained_event(const Contained *x, size_t i, const char *ka,
                              size_t la) {
  /* an empty key (a name of punctuation) is where word_pos finds it */
  long empty_at = la && x->n_empty ? word_pos(ka, "") : -1;
  for (size_t p = 0; p <= la; ++p) {
    if (p && ka[p - 1] != '-') {
      continue; /* word_pos: a word starts here */
    }
    size_t best = NONE;
    for (size_t e = p; e <= la; ++e) {
      if ((e < la && ka[e] != '-') || e - p >= la || e == p) {
        continue; /* a word ends here; shorter than ka; not empty */
      }
      const size_t *j = ng_strmap_get(&x->events, ka + p, e - p);
      if (j && *j != i && (best == NONE || *j < best)) {
        best = *j;
      }
    }
    for (size_t k = 0; empty_at == (long)p && k < x->n_empty; ++k) {
      size_t j = x->empty_events[k];
      if (j != i && (best == NONE || j < best)) {
        best = j;
      }
    }
    if (best != NONE) {
      return best;
    }
  }
  return NONE;
}

void ng_join_contained_names(Ctx *c) {
  Contained x;
  if (contained_index(c, &x) != NG_SUCCESS) {
    contained_free(c, &x);
    return;
  }
  for (size_t i = 0; i < c->n_slots; ++i) {
    Slot *a = &c->slots[i];
    if ((a->type != NG_M_EVENT && a->type != NG_M_ORG) ||
        !strchr(a->name, ' ')) {
      continue;
    }
    const char *ka = x.keys[i];
    size_t best = NONE, count = 0;
    if (ka && a->type == NG_M_ORG) {
      /* a ends b: "labor-government" ends "allan-labor-government" */
      const size_t *t = ng_strmap_get(&x.ends, ka, strlen(ka));
      if (t) {
        count = x.tails[*t].count;
        best = x.tails[*t].last;
      }
    } else if (ka) {
      best = contained_event(&x, i, ka, strlen(ka));
    }
    if (best == NONE) {
      continue;
    }
    if (a->type == NG_M_EVENT) {
      c->slots[best].preferred = 1;
      join(c, best, i);
    } else if (count == 1) {
      join(c, best, i);
    }
  }
  contained_free(c, &x);
}

/* Whether the word w[0..n) belongs to word-list class cls. */
static int in_class(Ctx *c, const char *w, size_t n, int cls) {
  return cls >= 0 &&
         ((ng_gazetteer_lookup(c->ex->rules->gaz, w, n, -1, NULL) >> cls) & 1);
}

/* Whether every word of s is a head noun, a legal form, a word of trade
 * or an acronym: what may follow a company's short name ("University",
 * "Ltd", "Diagnostics", "NHS Trust"): 1.  Ordinary words before a final
 * head noun may say what kind of body it is too ("Research Centre",
 * "Technical University"), or name a unit of the short form's body
 * ("Cancer Network"): 2, a short form only when the longer name came
 * first. */
static int org_suffix(Ctx *c, const char *s) {
  if (!*s) {
    return 0;
  }
  const char *last = strrchr(s, ' ');
  last = last ? last + 1 : s;
  int head_last = is_org_head(c, last, strlen(last));
  int kind = 1;
  for (const char *w = s; *w;) {
    size_t n = strcspn(w, " ");
    int caps = n >= 2;
    for (size_t i = 0; i < n; ++i) {
      caps &= isupper((unsigned char)w[i]) || w[i] == '&';
    }
    int kind_word = head_last && w != last &&
                    isupper((unsigned char)w[0]) &&
                    in_class(c, w, n, c->ex->cls_common);
    int head = is_org_head(c, w, n);
    if (!head && (in_class(c, w, n, c->ex->cls_country) ||
                  in_class(c, w, n, c->ex->cls_place_name))) {
      /* "Acme UK", "Acme Springfield" are other bodies (a head noun
       * that also names a place, "Centre", is a head) */
      return 0;
    }
    if (!caps && !head &&
        !in_class(c, w, n, c->ex->cls_legal_form) &&
        !in_class(c, w, n, c->ex->cls_company_word)) {
      if (!kind_word) {
        return 0;
      }
      kind = 2;
    }
    w += n + (w[n] == ' ');
  }
  return kind;
}

/* Whether s, the rest of a longer name after a name with a head noun,
 * only completes that head: "of Medical Sciences" after "Acme
 * Institute", "of Health of Ruritania" after "Ministry", "de Apoio à
 * Pesquisa" after "Fundação X"; not when it brings a head of its own
 * ("of the Acme Hospital Foundation"). */
static int org_complement(Ctx *c, const char *s) {
  /* "of", "for", and what the languages that put the head first say:
   * "Fundação X de Apoio à Y" after "Fundação X" */
  static const char *const links[] = {"of ",  "for ", "de ",  "da ",
                                      "do ",  "dos ", "das ", "del ",
                                      "della ", "di ", "des ", "du ",
                                      "für ", "voor "};
  int linked = 0;
  for (size_t i = 0; i < NG_ARRAY_LEN(links) && !linked; ++i) {
    linked = !strncmp(s, links[i], strlen(links[i]));
  }
  if (!linked) {
    return 0;
  }
  for (const char *w = strchr(s, ' ') + 1; *w;) {
    size_t n = strcspn(w, " ");
    if (is_org_head(c, w, n)) {
      return 0;
    }
    w += n + (w[n] == ' ');
  }
  return 1;
}

static int has_org_head(Ctx *c, const char *name) {
  for (const char *w = name; *w;) {
    size_t n = strcspn(w, " ");
    if (is_org_head(c, w, n)) {
      return 1;
    }
    w += n + (w[n] == ' ');
  }
  return 0;
}

/* Whether rest, what a longer name adds to a shorter one, makes the
 * longer one the same body: a kind of body after a name without a head
 * ("Quorvex" -> "Quorvex Ltd"), a complement after a name with one
 * ("Acme Institute" -> "... of Medical Sciences", "Ministry of Health"
 * -> "... of Ruritania"). */
static int longer_form(Ctx *c, const char *name, const char *rest, int headed,
                       int has_head) {
  if (headed) {
    return org_complement(c, rest);
  }
  /* a company name complete in itself ("Kelvara Health") and one of its
   * units ("Kelvara Health Research Institute") are two bodies: the rest
   * brings a head of another kind than a company's */
  const char *last = strrchr(name, ' ');
  last = last ? last + 1 : name;
  const char *kind = in_class(c, last, strlen(last), c->ex->cls_company_word)
                         ? org_subclass(c, rest)
                         : NULL;
  if (kind && strcmp(kind, "Corporation")) {
    return 0;
  }
  int suffix = org_suffix(c, rest);
  return suffix ? suffix : has_head && org_complement(c, rest);
}

/* The longer names a short form may stand for: the last slot seen and
 * how many distinct organizations (two means "more than one") they are.
 * Slots come in name order, so the scan ends on the last of a group. */
typedef struct Candidates {
  size_t match;
  size_t groups;
} Candidates;

static void note_candidate(Ctx *c, size_t j, Candidates *k) {
  if (k->match == NONE) {
    k->groups = 1;
    k->match = j;
  } else if (find(c, j) != find(c, k->match)) {
    k->groups = 2;
  } else if (j > k->match) {
    k->match = j;
  }
}

static int is_acronym(const char *name);

/* "HarlowTech" and "HarlowTech University", "Quorvex" and "Quorvex
 * Ltd", "Orbis" and "Orbis Diagnostics": a name that begins exactly one
 * longer organization name, the rest of which only says what kind of
 * body it is, is that organization's short form.  A place ("China" of
 * "China Medical University") or an ordinary word is no short form. */
void ng_join_prefix_names(Ctx *c) {
  NamedSlot *sorted = malloc((c->n_slots + 1) * sizeof(*sorted));
  size_t n_sorted = 0;
  if (sorted) { /* else the plain scan below */
    for (size_t j = 0; j < c->n_slots; ++j) {
      if (c->slots[j].type == NG_M_ORG) {
        sorted[n_sorted].name = c->slots[j].name;
        sorted[n_sorted++].slot = j;
      }
    }
    qsort(sorted, n_sorted, sizeof(*sorted), cmp_slot_name);
  }
  /* the groups that hold a name with a head noun: the acronym of such a
   * body ("YMU" of "Yushan Medical University") followed by another head
   * ("YMU Hospital") names another body, the hospital of that one */
  unsigned char *headed_group = calloc(c->n_slots + 1, 1);
  for (size_t j = 0; headed_group && j < c->n_slots; ++j) {
    if (c->slots[j].type == NG_M_ORG && has_org_head(c, c->slots[j].name)) {
      headed_group[find(c, j)] = 1;
    }
  }
  for (size_t i = 0; i < c->n_slots; ++i) {
    const Slot *a = &c->slots[i];
    size_t n = strlen(a->name);
    const char *last = strrchr(a->name, ' ');
    last = last ? last + 1 : a->name;
    if (headed_group && is_acronym(a->name) && headed_group[find(c, i)]) {
      continue;
    }
    /* "Acme University" is not the short form of "Acme University
     * Hospital": a name with its own head names its own body; it is
     * the short form of "Acme University of Technology" */
    int headed = is_org_head(c, last, strlen(last));
    int has_head = headed || has_org_head(c, a->name);
    if (a->type != NG_M_ORG || n < 2 || a->spelled ||
        in_class(c, a->name, n, c->ex->cls_country) ||
        in_class(c, a->name, n, c->ex->cls_place_name) ||
        (!strchr(a->name, ' ') && in_class(c, a->name, n, c->ex->cls_common))) {
      continue;
    }
    /* the longer names "<a> ...": one group of them, or else one group
     * named before the short form is first used ("Acme Medical
     * University ... Acme's president ... Acme University Hospital") */
    Candidates all = {NONE, 0}, earlier = {NONE, 0}, trade = {NONE, 0};
    if (sorted) {
      size_t lo = 0, hi = n_sorted; /* first name not below "<a> " */
      while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *bn = sorted[mid].name;
        int d = strncmp(bn, a->name, n);
        if (!d) {
          d = (unsigned char)bn[n] < (unsigned char)' ' ? -1 : 0;
        }
        if (d < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      for (size_t k = lo; k < n_sorted; ++k) {
        size_t j = sorted[k].slot;
        const Slot *b = &c->slots[j];
        if (strncmp(b->name, a->name, n) || b->name[n] != ' ') {
          break;
        }
        int form = longer_form(c, a->name, b->name + n + 1, headed, has_head);
        if (form == 1 && !has_head && !has_org_head(c, b->name + n + 1)) {
          note_candidate(c, j, &trade);
        }
        if (form && (form == 1 || b->first_begin < a->first_begin)) {
          note_candidate(c, j, &all);
          if (b->first_begin < a->first_begin) {
            note_candidate(c, j, &earlier);
          }
        }
      }
    } else {
      for (size_t j = 0; j < c->n_slots; ++j) {
        const Slot *b = &c->slots[j];
        int form = j != i && b->type == NG_M_ORG &&
                           !strncmp(b->name, a->name, n) && b->name[n] == ' '
                       ? longer_form(c, a->name, b->name + n + 1, headed,
                                     has_head)
                       : 0;
        if (form == 1 && !has_head && !has_org_head(c, b->name + n + 1)) {
          note_candidate(c, j, &trade);
        }
        if (form && (form == 1 || b->first_begin < a->first_begin)) {
          note_candidate(c, j, &all);
          if (b->first_begin < a->first_begin) {
            note_candidate(c, j, &earlier);
          }
        }
      }
    }
    /* "Quorlan" of "Quorlan Health" and "Quorlan University Hospital":
     * the one name that adds only a trade or a legal form */
    if (all.groups == 1) {
      join(c, all.match, i);
    } else if (trade.groups == 1) {
      join(c, trade.match, i);
    } else if (earlier.groups == 1) {
      join(c, earlier.match, i);
    }
  }
  free(headed_group);
  free(sorted);
}

/* "the Ministry" in an article that names one ministry, "Ministry of
 * Health": an organization named by a head noun alone is the one body of
 * the article that the head noun heads (its first word before "of" or
 * "for", or its last word); with two such bodies, neither. */
#define AMBIGUOUS ((size_t)-3)

static size_t head_word_of(const char *name, size_t *len) {
  const char *sp = strchr(name, ' ');
  if (!sp) {
    return NONE;
  }
  if (!strncmp(sp, " of ", 4) || !strncmp(sp, " for ", 5)) {
    *len = (size_t)(sp - name);
    return 0;
  }
  const char *last = strrchr(name, ' ') + 1;
  *len = strlen(last);
  return (size_t)(last - name);
}

/* The key under which a head noun meets its cognates ("University",
 * "Universidade", "Universität": "~unive"): its first NG_KIND_STEM
 * letters, lower-cased, after a '~' that no name starts with; 0 for a
 * word too short to say its kind by them. */
enum { COGNATE_KEY = NG_KIND_STEM + 1 };
static size_t cognate_key(const char *w, size_t n, char key[COGNATE_KEY]) {
  if (n < NG_KIND_STEM + 2) {
    return 0;
  }
  key[0] = '~';
  for (size_t k = 0; k < NG_KIND_STEM; ++k) {
    key[k + 1] = (char)tolower((unsigned char)w[k]);
  }
  return COGNATE_KEY;
}

/* The keys under which an organization's name meets a head noun said
 * alone ("the University"): its head word, that word's cognate key, and
 * for a name whose head comes first, as in the Romance languages
 * ("Universidade Técnica de X"), the first word's cognate key. */
typedef struct {
  const char *s;
  size_t n;
  char buf[COGNATE_KEY];
} HeadKey;
enum { MAX_HEAD_KEYS = 3 };

static void add_cognate(HeadKey *keys, size_t *k, const char *w, size_t n) {
  keys[*k].n = cognate_key(w, n, keys[*k].buf);
  if (keys[*k].n) {
    keys[*k].s = keys[*k].buf;
    ++*k;
  }
}

static size_t head_keys(Ctx *c, const char *name, HeadKey keys[MAX_HEAD_KEYS]) {
  size_t k = 0, len, at = head_word_of(name, &len);
  if (at != NONE && is_org_head(c, name + at, len)) {
    keys[k].s = name + at;
    keys[k++].n = len;
    add_cognate(keys, &k, name + at, len);
  }
  const char *sp = strchr(name, ' ');
  size_t first = sp ? (size_t)(sp - name) : 0;
  if (first && at != 0 && is_org_head(c, name, first)) {
    add_cognate(keys, &k, name, first);
  }
  return k;
}

/* "The Commonwealth" is no cognate of "Commonwealth X Association": the
 * same word first in a longer name is that name's modifier. */
static int word_opens(const char *name, const char *word, size_t n) {
  return !strncmp(name, word, n) && name[n] == ' ';
}

/* Whether the organization of slot j meets the bare head noun a (n
 * bytes): by the word itself, or by its cognate key (not as a modifier). */
static int headed_by(Ctx *c, size_t j, const char *a, size_t n) {
  HeadKey keys[MAX_HEAD_KEYS];
  char want[COGNATE_KEY];
  size_t wn = cognate_key(a, n, want);
  size_t nk = head_keys(c, c->slots[j].name, keys);
  for (size_t k = 0; k < nk; ++k) {
    if ((keys[k].n == n && !strncmp(keys[k].s, a, n)) ||
        (wn && keys[k].n == wn && !memcmp(keys[k].s, want, wn) &&
         !word_opens(c->slots[j].name, a, n))) {
      return 1;
    }
  }
  return 0;
}

/* The organization whose name opens the page on a line of its own (its
 * masthead: "Acme University" above the crumbs), or NONE. */
static size_t masthead(Ctx *c) {
  size_t best = NONE;
  for (size_t j = 0; j < c->n_slots; ++j) {
    if (c->slots[j].type == NG_M_ORG &&
        (best == NONE || c->slots[j].first_begin < c->slots[best].first_begin)) {
      best = j;
    }
  }
  if (best == NONE || c->slots[best].first_begin >= c->text_len) {
    return NONE;
  }
  size_t begin = c->slots[best].first_begin;
  for (size_t k = 0; k < begin; ++k) {
    if (!isspace((unsigned char)c->text[k])) {
      return NONE;
    }
  }
  size_t room = strlen(c->slots[best].name) + 3;
  if (room > c->text_len - begin) {
    room = c->text_len - begin;
  }
  return memchr(c->text + begin, '\n', room) ? best : NONE;
}

void ng_join_bare_heads(Ctx *c) {
  NgStrMap heads = NG_STRMAP_INIT;
  size_t mast = NONE;
  int mast_known = 0;
  for (size_t j = 0; j < c->n_slots; ++j) {
    HeadKey keys[MAX_HEAD_KEYS];
    size_t nk = c->slots[j].type == NG_M_ORG
                    ? head_keys(c, c->slots[j].name, keys)
                    : 0;
    for (size_t k = 0; k < nk; ++k) {
      size_t *v;
      if (ng_strmap_put(&heads, keys[k].s, keys[k].n, j, &v) == NG_FAILURE &&
          *v != AMBIGUOUS && find(c, *v) != find(c, j)) {
        *v = AMBIGUOUS;
      }
    }
  }
  for (size_t i = 0; i < c->n_slots; ++i) {
    const Slot *a = &c->slots[i];
    size_t n = strlen(a->name);
    if (a->type != NG_M_ORG || strchr(a->name, ' ') ||
        !isupper((unsigned char)a->name[0]) || !is_org_head(c, a->name, n)) {
      continue;
    }
    const size_t *v = ng_strmap_get(&heads, a->name, n);
    char key[COGNATE_KEY];
    size_t k = v ? 0 : cognate_key(a->name, n, key);
    if (k) {
      v = ng_strmap_get(&heads, key, k);
      if (v && *v != AMBIGUOUS && word_opens(c->slots[*v].name, a->name, n)) {
        v = NULL;
      }
    }
    if (v && *v != AMBIGUOUS) {
      join(c, *v, i);
      continue;
    }
    /* bodies of that kind are many: on a body's own page, "the
     * University" is the body whose name heads the page */
    if (v && !mast_known) {
      mast = masthead(c);
      mast_known = 1;
    }
    if (v && mast != NONE && headed_by(c, mast, a->name, n)) {
      join(c, mast, i);
    } else {
      c->slots[i].referent = 1;
    }
  }
  ng_strmap_release(&heads);
}

/* Puts under by_initials the keys "ACR Place" that the organization of
 * slot i would be written as: its name cut into a stem and a place (a
 * place after a comma, or one or two capitalised words first or last),
 * the stem's initials before the place.  "Indian Institute of
 * Technology Tarn", "Tarn Indian Institute of Technology" and "Indian
 * Institute of Technology, Tarn" are all "IIT Tarn".  Only a slot of
 * that spelling looks the keys up, so a cut that is no place costs
 * nothing.  Two bodies under one key: neither. */
static NgStatus index_place_initials(NgStrMap *m, Ctx *c, size_t i) {
  const char *name = c->slots[i].name;
  size_t n = strlen(name), cut[4][2], k = 0; /* stem, place offsets */
  const char *comma = strstr(name, ", ");
  if (comma && !strchr(comma + 2, ',')) {
    cut[k][0] = (size_t)(comma - name), cut[k++][1] = (size_t)(comma + 2 - name);
  } else if (!comma) {
    const char *sp1 = strchr(name, ' ');
    const char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
    const char *ls1 = strrchr(name, ' '), *ls2 = NULL;
    for (const char *q = ls1 ? ls1 - 1 : NULL; q && q > name; --q) {
      if (*q == ' ') {
        ls2 = q;
        break;
      }
    }
    if (ls1) { /* place last: "X Y Z Tarn", "X Y Z New Tarn" */
      cut[k][0] = (size_t)(ls1 - name), cut[k++][1] = (size_t)(ls1 + 1 - name);
    }
    if (ls2) {
      cut[k][0] = (size_t)(ls2 - name), cut[k++][1] = (size_t)(ls2 + 1 - name);
    }
    if (sp1) { /* place first: the place's end, then the stem's start */
      cut[k][0] = (size_t)(sp1 - name), cut[k++][1] = 0;
    }
    if (sp2) {
      cut[k][0] = (size_t)(sp2 - name), cut[k++][1] = 0;
    }
  }
  for (size_t j = 0; j < k; ++j) {
    int first = cut[j][1] == 0;
    const char *stem = first ? name + cut[j][0] + 1 : name;
    size_t stem_n = first ? n - cut[j][0] - 1 : cut[j][0];
    const char *place = first ? name : name + cut[j][1];
    size_t place_n = first ? cut[j][0] : n - cut[j][1];
    char key[128] = "";
    ng_name_initials(stem, stem_n, 0, key, 9);
    size_t a = strlen(key);
    if (a < 2 || a >= 8 || !isupper((unsigned char)place[0]) ||
        a + 1 + place_n >= sizeof key) {
      continue;
    }
    key[a] = ' ';
    memcpy(key + a + 1, place, place_n);
    key[a + 1 + place_n] = '\0';
    size_t *old;
    NgStatus st = ng_strmap_put(m, key, a + 1 + place_n, i, &old);
    if (st == NG_FAILURE) {
      if (*old != NONE && find(c, *old) != find(c, i)) {
        *old = NONE;
      }
    } else if (st) {
      return st;
    }
  }
  return NG_SUCCESS;
}

/* "UHN" alone, never defined, in an article that names "University Health
 * Network": an acronym that spells the initials of exactly one
 * organization of the article is that organization (the engine's
 * propagate step finds such acronyms; ng_name_initials says how they are
 * spelled).  An acronym already joined to a name is left alone.  A campus
 * written "HU-Tamsin" is the "Harlow University, Tamsin" of the article. */
NgStatus ng_join_initials(Ctx *c) {
  NgStrMap by_initials = NG_STRMAP_INIT;
  size_t *members = calloc(c->n_slots + 1, sizeof(*members));
  NgStatus st = members ? NG_SUCCESS : NG_ERR_NOMEM;
  for (size_t i = 0; !st && i < c->n_slots; ++i) {
    ++members[find(c, i)];
  }
  for (size_t i = 0; !st && i < c->n_slots; ++i) {
    const char *name = c->slots[i].name;
    if (c->slots[i].type != NG_M_ORG || !strchr(name, ' ')) {
      continue;
    }
    /* "Harlow University, Tamsin" is also spelled "HU-Tamsin" */
    const char *comma = strstr(name, ", ");
    size_t stem = comma && !strchr(comma + 2, ',') &&
                          isupper((unsigned char)comma[2])
                      ? (size_t)(comma - name)
                      : strlen(name);
    for (int all = 0; all < 4 && !st; ++all) {
      char key[128] = "";
      size_t n = ng_name_initials(name, all < 2 ? strlen(name) : stem, all & 1,
                                  key, 9);
      if (all >= 2) {
        /* "HU-Tamsin": the place makes two letters enough (a run of 8 may
         * have been cut short) */
        n = strlen(key);
        if (stem == strlen(name) || n < 2 || n >= 8 ||
            n + 1 + strlen(comma + 2) >= sizeof key) {
          continue;
        }
        key[n++] = '-';
        strcpy(key + n, comma + 2);
        n += strlen(comma + 2);
      }
      size_t *old;
      if (n && (st = ng_strmap_put(&by_initials, key, n, i, &old)) ==
                   NG_FAILURE) {
        st = NG_SUCCESS;
        if (*old != NONE && find(c, *old) != find(c, i)) {
          *old = NONE; /* two bodies with these initials: neither */
        }
      }
    }
  }
  for (size_t i = 0; !st && i < c->n_slots; ++i) {
    if (c->slots[i].type == NG_M_ORG) {
      st = index_place_initials(&by_initials, c, i);
    }
  }
  for (size_t i = 0; !st && i < c->n_slots; ++i) {
    const char *name = c->slots[i].name;
    size_t acr = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    if (c->slots[i].type != NG_M_ORG || acr < 2 || acr > 8 ||
        name[acr] != ' ' || !isupper((unsigned char)name[acr + 1])) {
      continue;
    }
    size_t *org = ng_strmap_get(&by_initials, name, strlen(name));
    if (org && *org != NONE && find(c, *org) != find(c, i)) {
      join(c, *org, i);
    }
  }
  for (size_t i = 0; !st && i < c->n_slots; ++i) {
    const char *name = c->slots[i].name;
    size_t acr = campus_acronym(name, strlen(name));
    if (c->slots[i].type != NG_M_ORG || !acr || name[acr] != '-' ||
        !isupper((unsigned char)name[acr + 1])) {
      continue;
    }
    size_t *org = ng_strmap_get(&by_initials, name, strlen(name));
    if (org && *org != NONE && find(c, *org) != find(c, i)) {
      join(c, *org, i);
    }
  }
  for (size_t i = 0; !st && i < c->n_slots; ++i) {
    const char *name = c->slots[i].name;
    size_t n = strlen(name);
    if (c->slots[i].type != NG_M_ORG || members[find(c, i)] != 1 || n < 3 ||
        n > 8 || strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != n) {
      continue;
    }
    size_t *org = ng_strmap_get(&by_initials, name, n);
    if (org && *org != NONE) {
      join(c, *org, i);
      c->slots[i].spelled = 1;
    }
  }
  ng_strmap_release(&by_initials);
  free(members);
  return st;
}

/* The first word of name in word-list class cls, lower-cased into out. */
static int class_word(Ctx *c, const char *name, int cls, char *out,
                      size_t size) {
  for (const char *w = name; cls >= 0 && *w;) {
    size_t n = strcspn(w, " ");
    if ((ng_gazetteer_lookup(c->ex->rules->gaz, w, n, -1, NULL) >> cls) & 1 &&
        n < size) {
      for (size_t i = 0; i < n; ++i) {
        out[i] = (char)tolower((unsigned char)w[i]);
      }
      out[n] = '\0';
      return 1;
    }
    w += n + (w[n] == ' ');
  }
  return 0;
}

/* A headline in title case names the article's event in its own words
 * ("Dialogue Between A and B"); when the body names exactly one event of
 * the same kind ("the Dialogue with B"), they are one event. */
/* Two names of one event.  "the signing ceremony" and "the Signing of
 * the MoU" in an article with one signing: an act ("signing", "opening",
 * a word of EVENT_ACT) named with "ceremony" and the same act "of"
 * something are one event when the article names only one act of that
 * kind "of" something.  "the Tallis Research Symposium" and "the Second
 * Annual Tallis Symposium": two names with one head noun, the words of
 * one (ordinals, "annual" and years aside) all in the other, are one
 * event when no third name contains them too. */
#define EVENT_VARIANTS_CAP 32 /* names compared per head: linear at worst */

static int modifier_word(const char *w, size_t n) {
  static const char *const mods[] = {
      "annual", "first", "second", "third", "fourth", "fifth", "sixth",
      "seventh", "eighth", "ninth", "tenth", "inaugural", "the"};
  for (size_t i = 0; i < NG_ARRAY_LEN(mods); ++i) {
    if (strlen(mods[i]) == n && !strncasecmp(w, mods[i], n)) {
      return 1;
    }
  }
  int digits = n > 0 && isdigit((unsigned char)w[0]);
  return digits; /* a year, "2nd", "10th" */
}

/* Whether every core word of a (not a modifier) is a word of b. */
static int core_words_in(const char *a, const char *b) {
  size_t n_core = 0;
  for (const char *w = a; *w;) {
    size_t n = strcspn(w, " ");
    if (!modifier_word(w, n)) {
      int found = 0;
      for (const char *v = b; *v && !found;) {
        size_t m = strcspn(v, " ");
        found = m == n && !strncasecmp(v, w, n);
        v += m + (v[m] == ' ');
      }
      if (!found) {
        return 0;
      }
      ++n_core;
    }
    w += n + (w[n] == ' ');
  }
  return n_core >= 2;
}

/* Whether the word w[0..n) names an act that can be an event: a word in
 * "-ing" ("signing", "opening") or one of EVENT_ACT ("launch"). */
int ng_is_event_act(Ctx *c, const char *w, size_t n) {
  return (n > 4 && !strncasecmp(w + n - 3, "ing", 3)) ||
         in_class(c, w, n, c->ex->cls_event_act);
}

void ng_join_event_variants(Ctx *c) {
  NgStrMap acts = NG_STRMAP_INIT;  /* act word -> its one "of" slot */
  NgStrMap heads = NG_STRMAP_INIT; /* head word -> its latest slot */
  size_t *next = malloc((c->n_slots + 1) * sizeof(size_t));
  char low[64];
  for (size_t j = 0; next && j < c->n_slots; ++j) {
    const Slot *b = &c->slots[j];
    next[j] = NONE;
    if (b->type != NG_M_EVENT || !strchr(b->name, ' ')) {
      continue;
    }
    size_t n = strcspn(b->name, " ");
    if (n < sizeof(low) && ng_is_event_act(c, b->name, n) &&
        !strncmp(b->name + n, " of ", 4)) {
      for (size_t k = 0; k < n; ++k) {
        low[k] = (char)tolower((unsigned char)b->name[k]);
      }
      size_t *v;
      if (ng_strmap_put(&acts, low, n, j, &v) == NG_FAILURE &&
          *v != AMBIGUOUS && find(c, *v) != find(c, j)) {
        *v = AMBIGUOUS;
      }
    }
    const char *last = strrchr(b->name, ' ') + 1;
    size_t ln = strlen(last);
    if (ln < sizeof(low)) {
      for (size_t k = 0; k < ln; ++k) {
        low[k] = (char)tolower((unsigned char)last[k]);
      }
      size_t *v;
      if (ng_strmap_put(&heads, low, ln, j, &v) == NG_FAILURE) {
        next[j] = *v; /* a list of the slots with this head, newest first */
        *v = j;
      }
    }
  }
  for (size_t i = 0; next && i < c->n_slots; ++i) {
    const Slot *a = &c->slots[i];
    size_t n = strcspn(a->name, " ");
    if (a->type != NG_M_EVENT || !a->name[n] || n >= sizeof(low)) {
      continue;
    }
    /* "<act> ceremony" */
    if (ng_is_event_act(c, a->name, n) && !strcasecmp(a->name + n, " ceremony")) {
      for (size_t k = 0; k < n; ++k) {
        low[k] = (char)tolower((unsigned char)a->name[k]);
      }
      const size_t *v = ng_strmap_get(&acts, low, n);
      if (v && *v != AMBIGUOUS) {
        join(c, *v, i);
        continue;
      }
    }
    /* the only other name of the same head that holds all its words */
    const char *last = strrchr(a->name, ' ') + 1;
    size_t ln = strlen(last);
    if (ln >= sizeof(low)) {
      continue;
    }
    for (size_t k = 0; k < ln; ++k) {
      low[k] = (char)tolower((unsigned char)last[k]);
    }
    const size_t *first = ng_strmap_get(&heads, low, ln);
    size_t match = NONE, count = 0, seen = 0;
    for (size_t j = first ? *first : NONE;
         j != NONE && seen < EVENT_VARIANTS_CAP && count < 2; j = next[j]) {
      ++seen;
      if (j != i && find(c, j) != find(c, i) &&
          core_words_in(a->name, c->slots[j].name) &&
          (match == NONE || find(c, j) != find(c, match))) {
        match = j;
        ++count;
      }
    }
    if (count == 1) {
      join(c, match, i);
    }
  }
  free(next);
  ng_strmap_release(&acts);
  ng_strmap_release(&heads);
}

void ng_join_headline_events(Ctx *c) {
  /* for each head word: how many event slots are roots of their group
   * with it, and the sum of their indexes (the only other one, when
   * there is one) */
  typedef struct Roots {
    size_t count, sum;
  } Roots;
  NgStrMap heads = NG_STRMAP_INIT;
  Roots *roots = calloc(c->n_slots + 1, sizeof(*roots));
  size_t *head_of = malloc((c->n_slots + 1) * sizeof(*head_of));
  size_t n_heads = 0;
  for (size_t j = 0; roots && head_of && j < c->n_slots; ++j) {
    char head[64];
    size_t *at = NULL;
    head_of[j] = NONE;
    if (c->slots[j].type != NG_M_EVENT ||
        !class_word(c, c->slots[j].name, c->ex->cls_event_head, head,
                    sizeof(head)) ||
        ng_strmap_put(&heads, head, strlen(head), n_heads, &at) > NG_FAILURE) {
      continue;
    }
    n_heads += *at == n_heads;
    head_of[j] = *at;
    if (find(c, j) == j) {
      roots[*at].count += 1;
      roots[*at].sum += j;
    }
  }
  for (size_t i = 0; roots && head_of && i < c->n_slots; ++i) {
    const Slot *a = &c->slots[i];
    const NgMention *m = &c->run->mentions[a->first_mention];
    if (a->type != NG_M_EVENT || find(c, i) != i ||
        !ng_title_case_line(c->text, ng_document_sentence(c->doc, m->sentence)) ||
        head_of[i] == NONE) {
      continue;
    }
    Roots *r = &roots[head_of[i]];
    if (r->count == 2) { /* i and exactly one other */
      size_t match = r->sum - i;
      c->slots[match].preferred = 1;
      join(c, match, i);
      size_t joined = find(c, match) == match ? i : match;
      r->count -= 1;
      r->sum -= joined;
    }
  }
  free(roots);
  free(head_of);
  ng_strmap_release(&heads);
}

NgStatus ng_relate_parents(Ctx *c) {
  NgBuf ev = NG_BUF_INIT;
  for (size_t i = 0; i < c->n_parents; ++i) {
    size_t u = c->slots[c->parents[i].unit].entity;
    size_t p = c->slots[c->parents[i].parent].entity;
    const NgMention *m = &c->run->mentions[c->parents[i].mention];
    NgProvenance prov;
    ng_make_prov(c, m->rule, m->sentence, &prov, &ev);
    prov.rule = (char *)"builtin:of-chain";
    if (u != NONE && p != NONE && u != p &&
        ng_article_add_relation(c->art, NG_REL_PARENT, u, p, NULL, &prov) ==
            NG_SUCCESS) {
      ng_explain(c, "relation", &prov, "%s is part of %s",
              c->art->entities[u].name, c->art->entities[p].name);
    }
  }
  ng_buf_release(&ev);
  return NG_SUCCESS;
}

static int longer_name(const Slot *a, const Slot *b) {
  size_t la = strlen(a->name), lb = strlen(b->name);
  return la != lb ? la > lb : a->first_begin < b->first_begin;
}

/* Whether the n slots of a group are all bare head nouns that found no
 * body to stand for: such a group makes no entity, and what is said of
 * it is dropped. */
static int only_referents(Ctx *c, const size_t *slots, size_t n) {
  for (size_t g = 0; g < n; ++g) {
    if (!c->slots[slots[g]].referent) {
      return 0;
    }
  }
  return n > 0;
}

NgStatus ng_build_entities(Ctx *c) {
  NgStatus st;
  NgBuf ev = NG_BUF_INIT;
  /* the slots of each group, in slot order: group[first[r] .. first[r+1])
   * for the root r */
  size_t *first = calloc(c->n_slots + 2, sizeof(size_t));
  size_t *group = malloc((c->n_slots + 1) * sizeof(size_t));
  size_t *fill = malloc((c->n_slots + 1) * sizeof(size_t));
  if (!first || !group || !fill) {
    free(first);
    free(group);
    free(fill);
    return NG_ERR_NOMEM;
  }
  for (size_t j = 0; j < c->n_slots; ++j) {
    ++first[find(c, j) + 1];
  }
  for (size_t r = 0; r < c->n_slots; ++r) {
    first[r + 1] += first[r];
    fill[r] = first[r];
  }
  for (size_t j = 0; j < c->n_slots; ++j) {
    group[fill[find(c, j)]++] = j;
  }
  free(fill);
  for (size_t i = 0; i < c->n_slots; ++i) {
    size_t root = find(c, i);
    if (root != i || only_referents(c, group + first[root],
                                    first[root + 1] - first[root])) {
      continue;
    }
    /* canonical: a full form named by an alias rule, else the longest */
    size_t best = i;
    for (size_t g = first[root]; g < first[root + 1]; ++g) {
      size_t j = group[g];
      const Slot *a = &c->slots[j], *b = &c->slots[best];
      if (a->preferred != b->preferred ? a->preferred > b->preferred
                                       : longer_name(a, b)) {
        best = j;
      }
    }
    size_t e;
    st = ng_article_add_entity(c->art, (NgEntityType)ng_entity_type(c->slots[i].type),
                               c->slots[best].name, &e);
    if (st > NG_FAILURE) {
      ng_buf_release(&ev);
      free(first);
      free(group);
      return st;
    }
    for (size_t g = first[root]; g < first[root + 1]; ++g) {
      size_t j = group[g];
      c->slots[j].entity = e;
      if (j != best && ng_article_add_alias(c->art, e, c->slots[j].name) >
                           NG_FAILURE) {
        ng_buf_release(&ev);
        free(first);
        free(group);
        return NG_ERR_NOMEM;
      }
    }
    const NgMention *m = &c->run->mentions[c->slots[i].first_mention];
    NgProvenance p;
    ng_make_prov(c, m->rule, m->sentence, &p, &ev);
    ng_article_set_entity_provenance(c->art, e, &p);
    if (c->slots[i].type == NG_M_ORG) {
      ng_article_set_entity_field(c->art, e, "subclass",
                                  org_subclass(c, c->slots[best].name));
    }
    ng_explain(c, "entity", &p, "%s \"%s\"",
            ng_mention_type_name(c->slots[i].type), c->slots[best].name);
  }
  ng_buf_release(&ev);
  free(first);
  free(group);
  return NG_SUCCESS;
}

static int is_acronym(const char *name) {
  size_t upper = 0, n = strlen(name);
  for (const char *p = name; *p; ++p) {
    upper += isupper((unsigned char)*p) != 0;
  }
  return n <= 10 && upper >= 2 && !strchr(name, ' ');
}

/* The merge keys of every person the article names, so that a name a
 * weak rule took for a body without a head noun ("A, B and C jointly
 * unveiled ...") stays the person it is elsewhere in the article. */
static NgStatus person_keys(Ctx *c, NgStrMap *keys) {
  const NgRun *r = c->run;
  for (size_t m = 0; m < r->n_mentions; ++m) {
    const NgMention *mm = &r->mentions[m];
    if (mm->dropped || mm->type != NG_M_PERSON) {
      continue;
    }
    char *name = mention_name(c, mm);
    char *key = name ? merge_key(name) : NULL;
    NgStatus st = key ? ng_strmap_put(keys, key, strlen(key), m, NULL)
                      : NG_ERR_NOMEM;
    free(name);
    free(key);
    if (st > NG_FAILURE) {
      return st;
    }
  }
  return NG_SUCCESS;
}

/* Whether organization mention mm names, without a head noun, a person
 * of keys. */
static int org_is_person(Ctx *c, const NgMention *mm, const NgStrMap *keys,
                         int *nomem) {
  if (mm->type != NG_M_ORG || !keys->n) {
    return 0;
  }
  char *name = mention_name(c, mm);
  char *key = name ? merge_key(name) : NULL;
  int yes = key && ng_strmap_get(keys, key, strlen(key)) &&
            !has_org_head(c, name);
  *nomem |= !key;
  free(name);
  free(key);
  return yes;
}

NgStatus ng_collect_slots(Ctx *c) {
  const NgRun *r = c->run;
  char *used = calloc(r->n_mentions + 1, 1);
  if (!used) {
    return NG_ERR_NOMEM;
  }
  NgStrMap persons = NG_STRMAP_INIT;
  int nomem = 0;
  if (person_keys(c, &persons)) {
    ng_strmap_release(&persons);
    free(used);
    return NG_ERR_NOMEM;
  }
  /* a mention enclosed by a longer one is an entity only when a relation
   * names it (its own mention verb does not count) */
  for (size_t i = 0; i < r->n_actions; ++i) {
    const NgAction *a = &r->actions[i];
    for (size_t k = 0; a->emit->mention_type < 0 && k < a->n_args; ++k) {
      const NgActionArg *arg = &r->args[a->first_arg + k];
      for (size_t j = 0; j < arg->n_refs; ++j) {
        used[r->refs[arg->first_ref + j]] = 1;
      }
    }
  }
  NgStatus st = NG_SUCCESS;
  for (int pass = 0; pass < 2 && !st; ++pass) {
    for (size_t m = 0; m < r->n_mentions && !st; ++m) {
      const NgMention *mm = &r->mentions[m];
      if (!pass) {
        c->mention_slot[m] = NONE;
      }
      if (mm->dropped || ng_entity_type(mm->type) < 0 ||
          (mm->superseded && !used[m]) ||
          (!pass && org_is_person(c, mm, &persons, &nomem))) {
        continue;
      }
      int headline = mm->type == NG_M_ORG &&
                     ng_title_case_line(c->text, ng_document_sentence(
                                                  c->doc, mm->sentence)) &&
                     !announced_item(c, mm->sentence);
      if (headline != pass) {
        continue;
      }
      size_t slot;
      st = slot_for(c, m, &slot);
      if (!st && headline && c->slots[slot].count == 1 &&
          !is_acronym(c->slots[slot].name)) {
        /* only the title names it: forget the new slot */
        drop_last_slot(c);
        continue;
      }
      c->mention_slot[m] = slot;
    }
  }
  ng_strmap_release(&persons);
  free(used);
  return st ? st : nomem ? NG_ERR_NOMEM : NG_SUCCESS;
}

/* Whether the words of name from w on spell acronym a: a capitalised
 * word gives its first letter, a small word ("of", "and") its first
 * letter or nothing. */
static int name_spells(const char *w, const char *a) {
  while (*w == ' ') {
    ++w;
  }
  if (!*w) {
    return !*a;
  }
  const char *next = w + strcspn(w, " ");
  int small = islower((unsigned char)*w);
  if (small && name_spells(next, a)) {
    return 1;
  }
  return *a && toupper((unsigned char)*w) == (unsigned char)*a &&
         name_spells(next, a + 1);
}

/* Whether acronym a abbreviates name more loosely: its first letter is
 * the name's first, and its other letters stand in the name in order,
 * inside words too ("Tarnavale University (TVU)"). */
static int name_abbreviates(const char *name, const char *a) {
  if (toupper((unsigned char)*name) != (unsigned char)*a) {
    return 0;
  }
  const char *w = name + 1;
  for (++a; *a; ++a) {
    while (*w && toupper((unsigned char)*w) != (unsigned char)*a) {
      ++w;
    }
    if (!*w++) {
      return 0;
    }
  }
  return 1;
}

/* The slot an acronym names when its name is a unit "of" a body: the
 * body's, when only the body's words spell it ("School of Law of the
 * Harlow University of Science (HUS)"), or when neither spells it but
 * only the body's letters abbreviate it ("the Faculty of Law of Tarnavale
 * University (TVU)"); else sn. */
static size_t acronym_owner(Ctx *c, size_t sn, const char *acr) {
  size_t n = strlen(acr);
  if (n < 2 || n > 12 || strspn(acr, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != n ||
      name_spells(c->slots[sn].name, acr)) {
    return sn;
  }
  size_t loose = NONE;
  for (size_t i = 0; i < c->n_parents; ++i) {
    size_t p = c->parents[i].parent;
    if (find(c, c->parents[i].unit) != find(c, sn)) {
      continue;
    }
    if (name_spells(c->slots[p].name, acr)) {
      return p;
    }
    if (loose == NONE && name_abbreviates(c->slots[p].name, acr)) {
      loose = p;
    }
  }
  return loose != NONE && !name_abbreviates(c->slots[sn].name, acr) ? loose
                                                                      : sn;
}

void ng_apply_aliases(Ctx *c) {
  const NgRun *r = c->run;
  for (size_t i = 0; i < r->n_actions; ++i) {
    const NgAction *a = &r->actions[i];
    if (strcmp(a->emit->verb, "alias")) {
      continue;
    }
    const NgActionArg *n = ng_action_arg(r, a, "name");
    const NgActionArg *al = ng_action_arg(r, a, "alias");
    if (!n || !al || n->n_refs != 1 || al->n_refs != 1) {
      continue;
    }
    size_t sn = c->mention_slot[r->refs[n->first_ref]];
    size_t sa = c->mention_slot[r->refs[al->first_ref]];
    if (sn != NONE && sa != NONE) {
      sn = acronym_owner(c, sn, c->slots[sa].name);
      c->slots[sn].preferred = 1;
      join(c, sn, sa);
    }
  }
}

