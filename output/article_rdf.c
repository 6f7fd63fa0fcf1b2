/*
 * article_rdf.c: the mapping from an NgArticle (plain C facts from the
 * extractor) to triples in the vocabulary of shared/eval/VOCABULARY.md:
 * schema.org nodes for the article, people, organizations, events and
 * places; W3C ORG memberships and collaborations; SKOS topics and roles;
 * PROV plus the newsgraph ontology (ng:) for where each fact came from.
 * Every node is an IRI minted from names, never a blank node, so the same
 * article always gives the same triples.
 *
 * The triples go either into a librdf model (for Turtle, RDF/XML and the
 * stores) or straight into N-Triples lines, sorted and without duplicates
 * (ng_article_serialize): the bytes the model would be written as, without
 * building it.  A line is kept as its three terms, each term stored once
 * per article (see Lines).
 */
#include "buf.h"
#include "rdf.h"
#include "util.h"
#include "vocab.h"

#include <stdint.h>

/* N-Triples lines without their " .\n", each as its three terms written
 * out ("<s>", "<p>", and "<o>" or a literal): the line is s, a space, p, a
 * space and o.  The terms are interned: an article's lines repeat the same
 * few subjects, predicates and objects (a node's IRI starts each of its
 * triples), and storing every line's text whole made one article of 16,000
 * people hold 47 MB of lines (67 MB allocated) before writing them. */
typedef struct Line {
  uint32_t s, p, o; /* offsets of the terms in Lines.terms */
} Line;

/* The IRIs whose terms were found last: the same few subjects (a node's
 * IRI starts each of its triples) and predicates (string constants) come
 * again and again, and finding their term by the IRI's address and one
 * comparison costs less than escaping and hashing it anew. */
#define IRI_CACHE 16
#define IRI_CACHE_BYTES 200

typedef struct IriSlot {
  const char *iri;            /* the address it came at (NULL: empty) */
  uint32_t at;                /* its term in Lines.terms */
  char copy[IRI_CACHE_BYTES]; /* its text then (the address may be reused) */
} IriSlot;

typedef struct Lines {
  NgBuf terms;       /* each term: its length (uint32_t), then its bytes */
  uint32_t *set;     /* hash set of the terms: offset + 1, 0 when free */
  size_t cap_set;    /* a power of two, at most half full (or 0) */
  size_t n_terms;
  NgBuf term;        /* the term being written */
  Line *v;
  size_t n, cap;
  IriSlot iris[IRI_CACHE];
} Lines;

/* FNV-1a, as the string maps hash. */
static uint64_t term_hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603u;
  for (size_t i = 0; i < n; i++) {
    h = (h ^ (unsigned char)s[i]) * 1099511628211u;
  }
  return h;
}

static uint32_t term_len(const char *terms, uint32_t at) {
  uint32_t n;
  memcpy(&n, terms + at, sizeof n);
  return n;
}

/* The slot of set (cap entries) holding the term s[0..n), or the free
 * slot where it belongs. */
static uint32_t *term_slot(uint32_t *set, size_t cap, const char *terms,
                           const char *s, size_t n, uint64_t h) {
  for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
    uint32_t at = set[i];
    if (!at || (term_len(terms, at - 1) == n &&
                !memcmp(terms + at - 1 + sizeof(uint32_t), s, n))) {
      return &set[i];
    }
  }
}

/* Interns l->term: *at receives the offset of the equal term in l->terms
 * (stored now when new). */
static NgStatus intern_term(Lines *l, uint32_t *at) {
  const char *s = l->term.data;
  size_t n = l->term.len;
  if (2 * (l->n_terms + 1) > l->cap_set) {
    size_t cap = l->cap_set ? 2 * l->cap_set : 1024;
    uint32_t *set = calloc(cap, sizeof *set);
    if (!set) {
      return NG_ERR_NOMEM;
    }
    for (size_t i = 0; i < l->cap_set; i++) {
      uint32_t t = l->set[i];
      if (t) {
        const char *ts = l->terms.data + t - 1 + sizeof(uint32_t);
        uint32_t tn = term_len(l->terms.data, t - 1);
        *term_slot(set, cap, l->terms.data, ts, tn, term_hash(ts, tn)) = t;
      }
    }
    free(l->set);
    l->set = set;
    l->cap_set = cap;
  }
  uint32_t *slot =
      term_slot(l->set, l->cap_set, l->terms.data, s, n, term_hash(s, n));
  if (*slot) {
    *at = *slot - 1;
    return NG_SUCCESS;
  }
  /* offsets (plus one) must fit in 32 bits */
  if (n > UINT32_MAX || l->terms.len + sizeof(uint32_t) + n >= UINT32_MAX) {
    return NG_ERR_NOMEM;
  }
  uint32_t len = (uint32_t)n;
  *at = (uint32_t)l->terms.len;
  NgStatus st;
  TRY(st, ng_buf_append(&l->terms, (const char *)&len, sizeof len));
  TRY(st, ng_buf_append(&l->terms, s, n));
  *slot = *at + 1;
  ++l->n_terms;
  return NG_SUCCESS;
}

/* Starts l->term as the IRI term <iri>. */
static NgStatus iri_term(Lines *l, const char *iri) {
  NgStatus st;
  ng_buf_reset(&l->term);
  TRY(st, ng_buf_putc(&l->term, '<'));
  TRY(st, ng_nt_escape(&l->term, NG_U(iri), strlen(iri), 0));
  return ng_buf_putc(&l->term, '>');
}

/* *at receives the offset of the term <iri> in l->terms (stored now when
 * new), as iri_term and intern_term would give it. */
static NgStatus iri_term_at(Lines *l, const char *iri, uint32_t *at) {
  IriSlot *slot =
      &l->iris[(((uintptr_t)iri * 0x9E3779B97F4A7C15u) >> 60) & (IRI_CACHE - 1)];
  if (slot->iri == iri && !strcmp(slot->copy, iri)) {
    *at = slot->at;
    return NG_SUCCESS;
  }
  NgStatus st;
  TRY(st, iri_term(l, iri));
  TRY(st, intern_term(l, at));
  size_t n = strlen(iri);
  if (n < sizeof(slot->copy)) {
    memcpy(slot->copy, iri, n + 1);
    slot->iri = iri;
    slot->at = *at;
  }
  return NG_SUCCESS;
}

/* The state of one article's mapping; st keeps the first error, after
 * which every add is a no-op, so the callers need not test each call. */

typedef struct Emitter {
  librdf_world *world;
  librdf_model *model;   /* NULL when writing lines */
  librdf_node *context;
  Lines *lines;          /* NULL when adding to a model */
  const char *base;
  const NgArticle *article;
  char *article_iri;
  char **entity_iris; /* one per entity */
  char **entity_keys;
  NgStatus st;
} Emitter;

static const char *const kind_of_type[] = {NG_KIND_PERSON, NG_KIND_ORGANIZATION,
                                           NG_KIND_EVENT, NG_KIND_PLACE};
static const char *const class_of_type[] = {SCHEMA_PERSON, SCHEMA_ORGANIZATION,
                                            SCHEMA_EVENT, SCHEMA_PLACE};

static void fail(Emitter *e, NgStatus st, const char *what) {
  if (e->st <= NG_FAILURE) {
    e->st = st;
    ng_log(NG_LOG_ERROR, e->article->label, 0, (size_t)-1, NULL,
           "cannot add the triples of the article: %s", what);
  }
}

/* A copy of s that is valid UTF-8 without control characters other than
 * tab and newline (bad bytes become U+FFFD, others a space) and without
 * U+FFFE and U+FFFF (U+FFFD instead: raptor's writers refuse them, and its
 * Turtle writer then silently drops the rest of the subject's triples), so
 * that any serializer writes a literal every parser reads back.  New
 * (free()). */
static char *clean_text(const char *s) {
  NgBuf b = NG_BUF_INIT;
  const unsigned char *p = (const unsigned char *)s;
  NgStatus st = NG_SUCCESS;
  while (*p && st == NG_SUCCESS) {
    /* printable ASCII (and tabs and newlines) stays as it is: copied a
     * run at a time, not a character at a time (every literal of the
     * output, sentences of evidence among them, comes through here) */
    size_t run = 0;
    while ((p[run] >= 0x20 && p[run] < 0x7F) || p[run] == '\t' ||
           p[run] == '\n') {
      ++run;
    }
    if (run) {
      st = ng_buf_append(&b, (const char *)p, run);
      p += run;
      continue;
    }
    uint32_t c = 0;
    size_t n = ng_utf8_decode(p, &c);
    if (n == 0 || c == 0xFFFE || c == 0xFFFF) {
      st = ng_buf_puts(&b, "\xEF\xBF\xBD");
      n = n ? n : 1;
    } else if (n == 1 && ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)) {
      st = ng_buf_putc(&b, ' ');
    } else {
      st = ng_buf_append(&b, (const char *)p, n);
    }
    p += n;
  }
  if (st != NG_SUCCESS) {
    ng_buf_release(&b);
    return NULL;
  }
  return ng_buf_detach(&b);
}

static librdf_node *iri_node(Emitter *e, const char *iri) {
  librdf_node *n = librdf_new_node_from_uri_string(e->world, NG_U(iri));
  if (!n) {
    fail(e, NG_ERR_RDF, "redland refused an iri");
  }
  return n;
}

/* Adds (s p o); takes ownership of o, even on failure. */
static void add_node(Emitter *e, const char *s, const char *p, librdf_node *o) {
  if (!o || e->st > NG_FAILURE) {
    if (o) {
      librdf_free_node(o);
    }
    return;
  }
  librdf_node *sn = iri_node(e, s);
  librdf_node *pn = sn ? iri_node(e, p) : NULL;
  if (!sn || !pn) {
    if (sn) {
      librdf_free_node(sn);
    }
    librdf_free_node(o);
    return;
  }
  /* takes the three nodes, and frees them when it fails */
  librdf_statement *stmt = librdf_new_statement_from_nodes(e->world, sn, pn, o);
  if (!stmt) {
    fail(e, NG_ERR_NOMEM, "out of memory");
    return;
  }
  int rc = e->context
               ? librdf_model_context_add_statement(e->model, e->context, stmt)
               : librdf_model_add_statement(e->model, stmt);
  librdf_free_statement(stmt);
  if (rc) {
    fail(e, NG_ERR_RDF, "redland refused a statement");
  }
}

/* Adds the line of a triple with subject s, predicate p and the object
 * term at offset o. */
static NgStatus add_line_to(Lines *l, const char *s, const char *p,
                            uint32_t o) {
  NgStatus st;
  Line line;
  line.o = o;
  TRY(st, iri_term_at(l, s, &line.s));
  TRY(st, iri_term_at(l, p, &line.p));
  TRY(st, ng_grow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v)));
  l->v[l->n++] = line;
  return NG_SUCCESS;
}

/* Adds the line of a triple with subject s and predicate p whose object
 * term l->term holds. */
static NgStatus add_line(Lines *l, const char *s, const char *p) {
  NgStatus st;
  uint32_t o;
  TRY(st, intern_term(l, &o));
  return add_line_to(l, s, p, o);
}

static void add_iri(Emitter *e, const char *s, const char *p, const char *o) {
  if (e->st > NG_FAILURE) {
    return;
  }
  if (!e->lines) {
    add_node(e, s, p, iri_node(e, o));
    return;
  }
  Lines *l = e->lines;
  uint32_t at;
  if (iri_term_at(l, o, &at) || add_line_to(l, s, p, at)) {
    fail(e, NG_ERR_NOMEM, "out of memory");
  }
}

/* Adds (s p "value"^^datatype), datatype NULL for a plain string; nothing
 * when value is NULL. */
static void add_literal(Emitter *e, const char *s, const char *p,
                        const char *value, const char *datatype) {
  if (!value || e->st > NG_FAILURE) {
    return;
  }
  char *text = clean_text(value);
  if (e->lines && text) {
    Lines *l = e->lines;
    ng_buf_reset(&l->term);
    if (ng_buf_putc(&l->term, '"') ||
        ng_nt_escape(&l->term, NG_U(text), strlen(text), 1) ||
        ng_buf_putc(&l->term, '"') ||
        (datatype && ng_buf_printf(&l->term, "^^<%s>", datatype)) ||
        add_line(l, s, p)) {
      fail(e, NG_ERR_NOMEM, "out of memory");
    }
    free(text);
    return;
  }
  librdf_uri *dt = NULL;
  if (!text || (datatype && !(dt = librdf_new_uri(e->world, NG_U(datatype))))) {
    free(text);
    fail(e, text ? NG_ERR_RDF : NG_ERR_NOMEM, "cannot make a literal");
    return;
  }
  librdf_node *o =
      librdf_new_node_from_typed_literal(e->world, NG_U(text), NULL, dt);
  free(text);
  if (dt) {
    librdf_free_uri(dt);
  }
  if (!o) {
    fail(e, NG_ERR_RDF, "redland refused a literal");
    return;
  }
  add_node(e, s, p, o);
}

static void add_integer(Emitter *e, const char *s, const char *p, size_t v) {
  char num[32];
  snprintf(num, sizeof num, "%zu", v);
  add_literal(e, s, p, num, XSD_INTEGER);
}

/* Adds a date typed xsd:date, xsd:gYearMonth or xsd:gYear; a value of
 * another form is left out with a warning. */
static void add_date(Emitter *e, const char *s, const char *p, const char *date,
                     const char *rule) {
  if (!date) {
    return;
  }
  const char *dt = ng_date_datatype(date);
  if (!dt) {
    ng_log(NG_LOG_WARNING, e->article->label, 0, (size_t)-1, rule,
           "date %s is not YYYY-MM-DD, YYYY-MM or YYYY: left out", date);
    return;
  }
  add_literal(e, s, p, date, dt);
}

/* Where a fact came from: the article, and the evidence in ng: terms. */
static void add_provenance(Emitter *e, const char *node,
                           const NgProvenance *prov) {
  add_iri(e, node, PROV_WAS_DERIVED_FROM, e->article_iri);
  add_literal(e, node, NG_EVIDENCE, prov->evidence, NULL);
  if (prov->end > prov->begin) {
    add_integer(e, node, NG_START_OFFSET, prov->begin);
    add_integer(e, node, NG_END_OFFSET, prov->end);
  }
  add_literal(e, node, NG_RULE, prov->rule, NULL);
}

/* Non-zero when s is a plain class name ("Hospital", "CollegeOrUniversity"). */
static int is_class_name(const char *s) {
  if (!s || !(*s >= 'A' && *s <= 'Z')) {
    return 0;
  }
  for (; *s; s++) {
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
          (*s >= '0' && *s <= '9'))) {
      return 0;
    }
  }
  return 1;
}

static void add_entity(Emitter *e, size_t i) {
  const NgEntity *ent = &e->article->entities[i];
  const char *iri = e->entity_iris[i];
  add_iri(e, iri, RDF_TYPE, class_of_type[ent->type]);
  if (ent->subclass) {
    if (is_class_name(ent->subclass)) {
      char *cls = NULL;
      NgBuf b = NG_BUF_INIT;
      if (ng_buf_puts(&b, NG_NS_SCHEMA) || ng_buf_puts(&b, ent->subclass) ||
          !(cls = ng_buf_detach(&b))) {
        ng_buf_release(&b);
        fail(e, NG_ERR_NOMEM, "out of memory");
        return;
      }
      add_iri(e, iri, RDF_TYPE, cls);
      free(cls);
    } else {
      ng_log(NG_LOG_WARNING, e->article->label, 0, (size_t)-1, ent->prov.rule,
             "subclass %s of %s is not a class name: left out", ent->subclass,
             ent->name);
    }
  }
  add_literal(e, iri, SCHEMA_NAME, ent->name, NULL);
  for (size_t k = 0; k < ent->n_alt_names; k++) {
    add_literal(e, iri, SCHEMA_ALTERNATE_NAME, ent->alt_names[k], NULL);
  }
  add_literal(e, iri, SCHEMA_DESCRIPTION, ent->description, NULL);
  if (ent->type == NG_PERSON) {
    add_literal(e, iri, SCHEMA_HONORIFIC_PREFIX, ent->honorific, NULL);
    add_literal(e, iri, SCHEMA_GIVEN_NAME, ent->given_name, NULL);
    add_literal(e, iri, SCHEMA_FAMILY_NAME, ent->family_name, NULL);
    add_literal(e, iri, SCHEMA_JOB_TITLE, ent->job_title, NULL);
  } else if (ent->type == NG_EVENT) {
    add_date(e, iri, SCHEMA_START_DATE, ent->start_date, ent->prov.rule);
    add_date(e, iri, SCHEMA_END_DATE, ent->end_date, ent->prov.rule);
    add_provenance(e, iri, &ent->prov);
  }
}

/* Joins keys with "--", which no key contains, so the join is unambiguous.
 * New (free()); NULL when out of memory. */
static char *join_keys(const char *const *keys, size_t n) {
  NgBuf b = NG_BUF_INIT;
  for (size_t i = 0; i < n; i++) {
    if ((i && ng_buf_puts(&b, "--")) || ng_buf_puts(&b, keys[i])) {
      ng_buf_release(&b);
      return NULL;
    }
  }
  return ng_buf_detach(&b);
}

/* Mints base + kind + "/" + key(name).  New (free()); fails e when NULL. */
static char *mint(Emitter *e, const char *kind, const char *name) {
  char *iri = ng_mint_iri(e->base, kind, name);
  if (!iri) {
    fail(e, NG_ERR_NOMEM, "out of memory");
  }
  return iri;
}

static void add_membership(Emitter *e, const NgRelation *r) {
  const char *person = e->entity_iris[r->subject];
  const char *org = e->entity_iris[r->object];
  const char *role_label = r->literal && *r->literal ? r->literal : NULL;
  char *role_key = role_label ? ng_iri_key(role_label) : NULL;
  const char *keys[3] = {e->entity_keys[r->subject], e->entity_keys[r->object],
                         role_key};
  char *key =
      (!role_label || role_key) ? join_keys(keys, role_label ? 3 : 2) : NULL;
  char *node = key ? ng_iri_from_key(e->base, NG_KIND_MEMBERSHIP, key) : NULL;
  char *role =
      role_key ? ng_iri_from_key(e->base, NG_KIND_ROLE, role_key) : NULL;
  if (!node || (role_label && !role)) {
    fail(e, NG_ERR_NOMEM, "out of memory");
  } else {
    add_iri(e, node, RDF_TYPE, ORG_MEMBERSHIP);
    add_iri(e, node, ORG_MEMBER, person);
    add_iri(e, node, ORG_ORGANIZATION, org);
    if (role) {
      add_iri(e, node, ORG_ROLE_PROP, role);
      add_iri(e, role, RDF_TYPE, ORG_ROLE);
      add_literal(e, role, SKOS_PREF_LABEL, role_label, NULL);
    }
    add_iri(e, person, ORG_MEMBER_OF, org);
    add_provenance(e, node, &r->prov);
  }
  free(role_key);
  free(key);
  free(node);
  free(role);
}

/* What each relation type needs of its subject and object, and its
 * predicate (NULL: mapped by its own function). */
typedef struct RelationMap {
  int subject_types; /* bit mask of 1 << NgEntityType; 0: unused */
  int object_types;
  const char *predicate;
} RelationMap;

#define T(x) (1 << (x))
static const RelationMap relation_map[] = {
    [NG_REL_MEMBER] = {T(NG_PERSON), T(NG_ORGANIZATION), NULL},
    [NG_REL_PARENT] = {T(NG_ORGANIZATION), T(NG_ORGANIZATION),
                       SCHEMA_PARENT_ORGANIZATION},
    [NG_REL_LOCATION] = {T(NG_EVENT), T(NG_PLACE), SCHEMA_LOCATION},
    [NG_REL_ORGANIZER] = {T(NG_EVENT), T(NG_PERSON) | T(NG_ORGANIZATION),
                          SCHEMA_ORGANIZER},
    [NG_REL_SPONSOR] = {T(NG_EVENT), T(NG_PERSON) | T(NG_ORGANIZATION),
                        SCHEMA_SPONSOR},
    [NG_REL_PERFORMER] = {T(NG_EVENT), T(NG_PERSON) | T(NG_ORGANIZATION),
                          SCHEMA_PERFORMER},
    [NG_REL_ATTENDEE] = {T(NG_EVENT), T(NG_PERSON) | T(NG_ORGANIZATION),
                         SCHEMA_ATTENDEE},
    [NG_REL_AUTHOR] = {0, T(NG_PERSON), SCHEMA_AUTHOR},
};

static const char *const relation_names[] = {
    "member",  "parent",    "location", "organizer",
    "sponsor", "performer", "attendee", "author"};

/* Out-of-range indexes are a caller's bug (NG_ERR_BAD_ARG); a relation
 * between entities of the wrong types breaks the vocabulary's contract,
 * so it is left out with a warning rather than written wrongly. */
static void add_relation(Emitter *e, const NgRelation *r) {
  const NgArticle *a = e->article;
  if ((unsigned)r->type >= NG_ARRAY_LEN(relation_map)) {
    fail(e, NG_ERR_BAD_ARG, "unknown relation type");
    return;
  }
  const RelationMap *m = &relation_map[r->type];
  if ((m->subject_types && r->subject >= a->n_entities) ||
      r->object >= a->n_entities) {
    fail(e, NG_ERR_BAD_ARG, "relation names an entity that does not exist");
    return;
  }
  if ((m->subject_types &&
       !(m->subject_types & T(a->entities[r->subject].type))) ||
      !(m->object_types & T(a->entities[r->object].type))) {
    ng_log(NG_LOG_WARNING, a->label, 0, r->prov.begin, r->prov.rule,
           "%s relation between entities of the wrong types: left out",
           relation_names[r->type]);
    return;
  }
  if (r->type == NG_REL_MEMBER) {
    add_membership(e, r);
  } else if (r->type == NG_REL_AUTHOR) {
    add_iri(e, e->article_iri, m->predicate, e->entity_iris[r->object]);
  } else {
    add_iri(e, e->entity_iris[r->subject], m->predicate,
            e->entity_iris[r->object]);
  }
}
#undef T

static int compare_keys(const void *x, const void *y) {
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The collaboration's key: its members' keys sorted, then its date. */
static char *collaboration_key(Emitter *e, const NgCollaboration *c) {
  const char **keys = calloc(c->n_members + 1, sizeof *keys);
  if (!keys) {
    return NULL;
  }
  for (size_t i = 0; i < c->n_members; i++) {
    keys[i] = e->entity_keys[c->members[i]];
  }
  qsort(keys, c->n_members, sizeof *keys, compare_keys);
  size_t n = c->n_members;
  if (c->date) {
    keys[n++] = c->date;
  }
  char *key = join_keys(keys, n);
  free(keys);
  return key;
}

static void add_topic(Emitter *e, const char *node, const char *topic) {
  char *iri = mint(e, NG_KIND_TOPIC, topic);
  if (iri) {
    add_iri(e, node, SCHEMA_ABOUT, iri);
    add_iri(e, iri, RDF_TYPE, SKOS_CONCEPT);
    add_literal(e, iri, SKOS_PREF_LABEL, topic, NULL);
  }
  free(iri);
}

static void add_collaboration(Emitter *e, const NgCollaboration *c) {
  const NgArticle *a = e->article;
  for (size_t i = 0; i < c->n_members; i++) {
    if (c->members[i] >= a->n_entities) {
      fail(e, NG_ERR_BAD_ARG,
           "collaboration names an entity that does not exist");
      return;
    }
  }
  char *key = collaboration_key(e, c);
  char *node =
      key ? ng_iri_from_key(e->base, NG_KIND_COLLABORATION, key) : NULL;
  free(key);
  if (!node) {
    fail(e, NG_ERR_NOMEM, "out of memory");
    return;
  }
  add_iri(e, node, RDF_TYPE, ORG_ORGANIZATIONAL_COLLABORATION);
  for (size_t i = 0; i < c->n_members; i++) {
    const NgEntity *m = &a->entities[c->members[i]];
    if (m->type != NG_ORGANIZATION) {
      ng_log(NG_LOG_WARNING, a->label, 0, c->prov.begin, c->prov.rule,
             "collaboration member %s is not an organization: left out",
             m->name);
      continue;
    }
    add_iri(e, node, ORG_HAS_MEMBER, e->entity_iris[c->members[i]]);
  }
  add_date(e, node, SCHEMA_FOUNDING_DATE, c->date, c->prov.rule);
  for (size_t i = 0; i < c->n_topics; i++) {
    add_topic(e, node, c->topics[i]);
  }
  add_literal(e, node, NG_KIND, c->kind, NULL);
  add_provenance(e, node, &c->prov);
  free(node);
}

/* Adds the article node itself. */
static void add_article_node(Emitter *e) {
  const NgArticle *a = e->article;
  const char *iri = e->article_iri;
  add_iri(e, iri, RDF_TYPE, SCHEMA_NEWS_ARTICLE);
  add_literal(e, iri, SCHEMA_HEADLINE, a->headline, NULL);
  add_date(e, iri, SCHEMA_DATE_PUBLISHED, a->date_published, NULL);
  add_literal(e, iri, DCTERMS_SOURCE, a->label, NULL);
  if (a->url) {
    /* an http(s) address is a node (made a valid IRI), anything else text */
    if (!strncmp(a->url, "http://", 7) || !strncmp(a->url, "https://", 8)) {
      char *url = ng_iri_escape(a->url);
      if (url) {
        add_iri(e, iri, SCHEMA_URL, url);
      } else {
        fail(e, NG_ERR_NOMEM, "out of memory");
      }
      free(url);
    } else {
      add_literal(e, iri, SCHEMA_URL, a->url, NULL);
    }
  }
}

/* Mints the IRI and key of every entity once. */
static void mint_entities(Emitter *e) {
  const NgArticle *a = e->article;
  e->entity_iris = calloc(a->n_entities + 1, sizeof *e->entity_iris);
  e->entity_keys = calloc(a->n_entities + 1, sizeof *e->entity_keys);
  if (!e->entity_iris || !e->entity_keys) {
    fail(e, NG_ERR_NOMEM, "out of memory");
    return;
  }
  for (size_t i = 0; i < a->n_entities && e->st <= NG_FAILURE; i++) {
    if ((unsigned)a->entities[i].type >= NG_ARRAY_LEN(kind_of_type)) {
      fail(e, NG_ERR_BAD_ARG, "unknown entity type");
      return;
    }
    e->entity_keys[i] = ng_iri_key(a->entities[i].name);
    e->entity_iris[i] =
        e->entity_keys[i]
            ? ng_iri_from_key(e->base, kind_of_type[a->entities[i].type],
                              e->entity_keys[i])
            : NULL;
    if (!e->entity_iris[i]) {
      fail(e, NG_ERR_NOMEM, "out of memory");
    }
  }
}

/* Adds every triple of the article through e (model or lines). */
static NgStatus emit_article(Emitter *e) {
  const NgArticle *article = e->article;
  e->article_iri = ng_article_iri(e->base, article);
  if (!e->article_iri) {
    fail(e, NG_ERR_NOMEM, "out of memory");
  }
  mint_entities(e);
  if (e->st <= NG_FAILURE) {
    add_article_node(e);
    for (size_t i = 0; i < article->n_entities; i++) {
      add_entity(e, i);
    }
    for (size_t i = 0; i < article->n_relations; i++) {
      add_relation(e, &article->relations[i]);
    }
    for (size_t i = 0; i < article->n_collaborations; i++) {
      add_collaboration(e, &article->collaborations[i]);
    }
  }
  for (size_t i = 0; e->entity_iris && e->entity_keys && i < article->n_entities;
       i++) {
    free(e->entity_iris[i]);
    free(e->entity_keys[i]);
  }
  free(e->entity_iris);
  free(e->entity_keys);
  free(e->article_iri);
  return e->st <= NG_FAILURE ? NG_SUCCESS : e->st;
}

NgStatus ng_rdf_add_article(librdf_model *model, librdf_node *context,
                            const char *base_iri, const NgArticle *article) {
  if (!model || !article) {
    return NG_ERR_BAD_ARG;
  }
  Emitter e = {ng_rdf_world(),
               model,
               context,
               NULL,
               base_iri ? base_iri : NG_DEFAULT_BASE_IRI,
               article,
               NULL,
               NULL,
               NULL,
               NG_SUCCESS};
  if (!e.world) {
    return NG_ERR_RDF;
  }
  return emit_article(&e);
}

/* A line as five pieces of text: its terms and the spaces between. */
typedef struct Piece {
  const char *s;
  size_t n;
} Piece;

static const char *const space = " ";

static void line_pieces(const char *terms, const Line *x, Piece out[5]) {
  out[0].s = terms + x->s + sizeof(uint32_t);
  out[0].n = term_len(terms, x->s);
  out[1].s = out[3].s = space;
  out[1].n = out[3].n = 1;
  out[2].s = terms + x->p + sizeof(uint32_t);
  out[2].n = term_len(terms, x->p);
  out[4].s = terms + x->o + sizeof(uint32_t);
  out[4].n = term_len(terms, x->o);
}

/* The terms of the lines being sorted on this thread (qsort passes the
 * comparison no context; each extract thread sorts its own article). */
static _Thread_local const char *sorting_terms;

/* Orders lines as ng_rdf_write_model does: by their bytes, then length.
 * Equal terms are the same offset, so a shared subject (and predicate)
 * is skipped without reading it. */
static int compare_lines(const void *x, const void *y) {
  const Line *a = x, *b = y;
  Piece pa[5], pb[5];
  line_pieces(sorting_terms, a, pa);
  line_pieces(sorting_terms, b, pb);
  size_t ia = 0, ib = 0, oa = 0, ob = 0;
  if (a->s == b->s) {
    ia = ib = a->p == b->p ? 4 : 2;
  }
  for (;;) {
    while (ia < 5 && oa == pa[ia].n) {
      ++ia;
      oa = 0;
    }
    while (ib < 5 && ob == pb[ib].n) {
      ++ib;
      ob = 0;
    }
    if (ia == 5 || ib == 5) {
      return (ia < 5) - (ib < 5); /* the shorter line first */
    }
    size_t m = pa[ia].n - oa < pb[ib].n - ob ? pa[ia].n - oa : pb[ib].n - ob;
    int c = memcmp(pa[ia].s + oa, pb[ib].s + ob, m);
    if (c) {
      return c;
    }
    oa += m;
    ob += m;
  }
}

struct NgLines {
  Lines lines; /* v[0 .. n) sorted and distinct once made */
};

void ng_lines_free(NgLines *l) {
  if (l) {
    free(l->lines.v);
    free(l->lines.set);
    ng_buf_release(&l->lines.terms);
    ng_buf_release(&l->lines.term);
    free(l);
  }
}

NgStatus ng_article_lines(const NgArticle *article, const char *base_iri,
                          const char *format, NgLines **out) {
  if (!out) {
    return NG_ERR_BAD_ARG;
  }
  *out = NULL;
  if (!article || !format ||
      (strcmp(format, "ntriples") && strcmp(format, "nquads"))) {
    return NG_ERR_BAD_ARG;
  }
  NgLines *l = calloc(1, sizeof(*l));
  if (!l) {
    return NG_ERR_NOMEM;
  }
  ng_buf_init(&l->lines.terms);
  ng_buf_init(&l->lines.term);
  Emitter e = {NULL,
               NULL,
               NULL,
               &l->lines,
               base_iri ? base_iri : NG_DEFAULT_BASE_IRI,
               article,
               NULL,
               NULL,
               NULL,
               NG_SUCCESS};
  NgStatus st = emit_article(&e);
  if (st != NG_SUCCESS) {
    ng_lines_free(l);
    return st;
  }
  Lines *x = &l->lines;
  /* the lines are all in: the set and the term being written are done */
  free(x->set);
  x->set = NULL;
  x->cap_set = 0;
  ng_buf_release(&x->term);
  if (x->n) {
    sorting_terms = x->terms.data;
    qsort(x->v, x->n, sizeof(Line), compare_lines);
  }
  size_t kept = 0;
  for (size_t i = 0; i < x->n; i++) {
    if (kept && !compare_lines(&x->v[kept - 1], &x->v[i])) {
      continue; /* a triple added twice is one triple */
    }
    x->v[kept++] = x->v[i];
  }
  x->n = kept;
  *out = l;
  return NG_SUCCESS;
}

size_t ng_lines_size(const NgLines *l) {
  size_t n = 0;
  for (size_t i = 0; l && i < l->lines.n; i++) {
    Piece p[5];
    line_pieces(l->lines.terms.data, &l->lines.v[i], p);
    n += p[0].n + p[2].n + p[4].n + 2 + 3;
  }
  return n;
}

/* Appends line i of l, with its " .\n", to b. */
static NgStatus append_line(NgBuf *b, const NgLines *l, size_t i) {
  Piece p[5];
  line_pieces(l->lines.terms.data, &l->lines.v[i], p);
  NgStatus st;
  for (int k = 0; k < 5; k++) {
    TRY(st, ng_buf_append(b, p[k].s, p[k].n));
  }
  return ng_buf_append(b, " .\n", 3);
}

NgStatus ng_lines_write(const NgLines *l, FILE *stream) {
  if (!l || !stream) {
    return NG_ERR_BAD_ARG;
  }
  /* written in blocks of whole lines: one fwrite per block, not five
   * per line */
  NgBuf block = NG_BUF_INIT;
  NgStatus st = NG_SUCCESS;
  for (size_t i = 0; st == NG_SUCCESS && i < l->lines.n; i++) {
    if (append_line(&block, l, i)) {
      st = NG_ERR_NOMEM;
    } else if ((block.len >= 65536 || i + 1 == l->lines.n) &&
               fwrite(block.data, 1, block.len, stream) != block.len) {
      st = NG_ERR_IO;
    } else if (block.len >= 65536) {
      ng_buf_reset(&block);
    }
  }
  ng_buf_release(&block);
  if (st != NG_SUCCESS) {
    return st;
  }
  return ferror(stream) ? NG_ERR_IO : NG_SUCCESS;
}

NgStatus ng_article_serialize(const NgArticle *article, const char *base_iri,
                              const char *format, char **out, size_t *len) {
  if (!out || !len) {
    return NG_ERR_BAD_ARG;
  }
  *out = NULL;
  *len = 0;
  NgLines *l = NULL;
  NgStatus st = ng_article_lines(article, base_iri, format, &l);
  if (st != NG_SUCCESS) {
    return st;
  }
  NgBuf text = NG_BUF_INIT;
  st = ng_buf_reserve(&text, ng_lines_size(l));
  for (size_t i = 0; st == NG_SUCCESS && i < l->lines.n; i++) {
    st = append_line(&text, l, i);
  }
  ng_lines_free(l);
  if (st != NG_SUCCESS) {
    ng_buf_release(&text);
    return st;
  }
  *len = text.len;
  if (!(*out = ng_buf_detach(&text))) {
    return NG_ERR_NOMEM;
  }
  return NG_SUCCESS;
}
