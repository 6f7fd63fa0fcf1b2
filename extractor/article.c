/*
 * article.c: NgArticle, the RDF-free record of one article's facts that
 * the extractor fills in and the output stage turns into triples.
 *
 * The add functions refuse duplicates (the same entity, relation, alias or
 * topic twice).  They find them in an index by key rather than by scanning
 * what the article holds, so an article of n facts costs n lookups, not
 * n^2.  The index covers the arrays as the add functions left them: when a
 * caller changed the number of entities or relations directly (facts.c
 * drops relations), it is rebuilt; names and topics are only ever added
 * through ng_article_add_alias and ng_article_add_topic.
 *
 * Provenance strings (rule ids, evidence sentences) are held once per
 * article in the index's string pool, however many facts name them.
 */
#include "buf.h"
#include "strmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct NgArticleIndex;
static void index_free(struct NgArticleIndex *x);

NgArticle *ng_article_new(const char *label, const char *key) {
  NgArticle *a = calloc(1, sizeof(*a));
  if (!a) {
    return NULL;
  }
  a->label = ng_strdup(label ? label : "");
  a->key = ng_strdup(key ? key : "");
  if (!a->label || !a->key) {
    ng_article_free(a);
    return NULL;
  }
  return a;
}

static struct NgArticleIndex *index_of(NgArticle *a);

/* The article's one copy of s (NULL for NULL), owned by its index: a long
 * article repeats a few rule ids and each sentence for every fact read
 * from it.  NG_ERR_NOMEM when it cannot be made. */
static NgStatus intern(NgArticle *a, const char *s, char **out);

/* Fills *dst from src (NULL: no provenance) with the article's copies of
 * its strings (see intern: never freed one by one). */
static NgStatus copy_prov(NgArticle *a, NgProvenance *dst,
                          const NgProvenance *src) {
  NgProvenance p = {NULL, NULL, 0, 0};
  if (src) {
    NgStatus st;
    TRY(st, intern(a, src->rule, &p.rule));
    TRY(st, intern(a, src->evidence, &p.evidence));
    p.begin = src->begin;
    p.end = src->end;
  }
  *dst = p;
  return NG_SUCCESS;
}

static void free_strings(char **v, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    free(v[i]);
  }
  free(v);
}

void ng_article_free(NgArticle *a) {
  if (!a) {
    return;
  }
  for (size_t i = 0; i < a->n_entities; ++i) {
    NgEntity *e = &a->entities[i];
    free(e->name);
    free_strings(e->alt_names, e->n_alt_names);
    free(e->subclass);
    free(e->honorific);
    free(e->given_name);
    free(e->family_name);
    free(e->job_title);
    free(e->start_date);
    free(e->end_date);
    free(e->description);
  }
  for (size_t i = 0; i < a->n_relations; ++i) {
    free(a->relations[i].literal);
  }
  for (size_t i = 0; i < a->n_collaborations; ++i) {
    NgCollaboration *c = &a->collaborations[i];
    free(c->members);
    free(c->date);
    free_strings(c->topics, c->n_topics);
    free(c->kind);
  }
  free(a->entities);
  free(a->relations);
  free(a->collaborations);
  free(a->label);
  free(a->key);
  free(a->headline);
  free(a->date_published);
  free(a->url);
  index_free(a->index);
  free(a);
}

/* ------------------------------------------------------------- index */

struct NgArticleIndex {
  NgStrMap strings;   /* the provenance strings, each held once (intern) */
  NgStrMap entities;  /* type + name key -> first entity of that name */
  NgStrMap names;     /* entity + key of its name or an alternate name */
  size_t n_entities;  /* entities covered by both */
  NgStrMap relations; /* type, subject, object, literal -> relation */
  size_t n_relations; /* relations covered */
  NgStrMap topics;    /* collaboration + topic key */
  int topics_built;
};

static void index_free(struct NgArticleIndex *x) {
  if (x) {
    ng_strmap_release(&x->strings);
    ng_strmap_release(&x->entities);
    ng_strmap_release(&x->names);
    ng_strmap_release(&x->relations);
    ng_strmap_release(&x->topics);
    free(x);
  }
}

static struct NgArticleIndex *index_of(NgArticle *a) {
  if (!a->index) {
    a->index = calloc(1, sizeof(*a->index));
  }
  return a->index;
}

static NgStatus intern(NgArticle *a, const char *s, char **out) {
  *out = NULL;
  if (!s) {
    return NG_SUCCESS;
  }
  struct NgArticleIndex *x = index_of(a);
  const char *copy = x ? ng_strmap_intern(&x->strings, s, strlen(s)) : NULL;
  if (!copy) {
    return NG_ERR_NOMEM;
  }
  *out = (char *)copy; /* (NgProvenance's fields are not const) */
  return NG_SUCCESS;
}

/* A key: a prefix (type or owner index) and a name's normalised key.
 * New in b; NG_ERR_NOMEM when out of memory. */
static NgStatus keyed(NgBuf *b, const void *prefix, size_t n,
                      const char *name) {
  char *k = ng_name_key(name);
  NgStatus st = k ? NG_SUCCESS : NG_ERR_NOMEM;
  ng_buf_reset(b);
  if (st == NG_SUCCESS && (ng_buf_append(b, prefix, n) || ng_buf_puts(b, k))) {
    st = NG_ERR_NOMEM;
  }
  free(k);
  return st;
}

static NgStatus entity_key(NgBuf *b, NgEntityType type, const char *name) {
  unsigned char t = (unsigned char)type;
  return keyed(b, &t, 1, name);
}

static NgStatus name_key(NgBuf *b, size_t entity, const char *name) {
  return keyed(b, &entity, sizeof(entity), name);
}

/* Brings the entity and name maps up to the article's entities. */
static NgStatus index_entities(NgArticle *a, struct NgArticleIndex *x) {
  if (x->n_entities == a->n_entities) {
    return NG_SUCCESS;
  }
  ng_strmap_release(&x->entities);
  ng_strmap_release(&x->names);
  x->n_entities = 0;
  NgBuf b = NG_BUF_INIT;
  NgStatus st = NG_SUCCESS;
  for (size_t i = 0; st <= NG_FAILURE && i < a->n_entities; ++i) {
    const NgEntity *e = &a->entities[i];
    if ((st = entity_key(&b, e->type, e->name)) ||
        (st = ng_strmap_put(&x->entities, b.data, b.len, i, NULL)) >
            NG_FAILURE ||
        (st = name_key(&b, i, e->name)) ||
        (st = ng_strmap_put(&x->names, b.data, b.len, 0, NULL)) >
            NG_FAILURE) {
      break;
    }
    for (size_t k = 0; k < e->n_alt_names; ++k) {
      if ((st = name_key(&b, i, e->alt_names[k])) ||
          (st = ng_strmap_put(&x->names, b.data, b.len, 0, NULL)) >
              NG_FAILURE) {
        break;
      }
    }
  }
  ng_buf_release(&b);
  if (st > NG_FAILURE) {
    ng_strmap_release(&x->entities);
    ng_strmap_release(&x->names);
    return st;
  }
  x->n_entities = a->n_entities;
  return NG_SUCCESS;
}

static NgStatus relation_key(NgBuf *b, NgRelationType type, size_t subject,
                             size_t object, const char *literal) {
  unsigned char t = (unsigned char)type, has = literal != NULL;
  ng_buf_reset(b);
  if (ng_buf_append(b, (const char *)&t, 1) ||
      ng_buf_append(b, (const char *)&subject, sizeof(subject)) ||
      ng_buf_append(b, (const char *)&object, sizeof(object)) ||
      ng_buf_append(b, (const char *)&has, 1) ||
      (literal && ng_buf_puts(b, literal))) {
    return NG_ERR_NOMEM;
  }
  return NG_SUCCESS;
}

static NgStatus index_relations(NgArticle *a, struct NgArticleIndex *x) {
  if (x->n_relations == a->n_relations) {
    return NG_SUCCESS;
  }
  ng_strmap_release(&x->relations);
  x->n_relations = 0;
  NgBuf b = NG_BUF_INIT;
  NgStatus st = NG_SUCCESS;
  for (size_t i = 0; i < a->n_relations; ++i) {
    const NgRelation *r = &a->relations[i];
    if ((st = relation_key(&b, r->type, r->subject, r->object, r->literal)) ||
        (st = ng_strmap_put(&x->relations, b.data, b.len, i, NULL)) >
            NG_FAILURE) {
      break;
    }
  }
  ng_buf_release(&b);
  if (st > NG_FAILURE) {
    ng_strmap_release(&x->relations);
    return st;
  }
  x->n_relations = a->n_relations;
  return NG_SUCCESS;
}

static NgStatus index_topics(NgArticle *a, struct NgArticleIndex *x) {
  if (x->topics_built) {
    return NG_SUCCESS;
  }
  NgBuf b = NG_BUF_INIT;
  NgStatus st = NG_SUCCESS;
  for (size_t i = 0; st <= NG_FAILURE && i < a->n_collaborations; ++i) {
    const NgCollaboration *c = &a->collaborations[i];
    for (size_t k = 0; k < c->n_topics; ++k) {
      if ((st = keyed(&b, &i, sizeof(i), c->topics[k])) ||
          (st = ng_strmap_put(&x->topics, b.data, b.len, 0, NULL)) >
              NG_FAILURE) {
        break;
      }
    }
  }
  ng_buf_release(&b);
  if (st > NG_FAILURE) {
    ng_strmap_release(&x->topics);
    return st;
  }
  x->topics_built = 1;
  return NG_SUCCESS;
}

/* ----------------------------------------------------------- articles */

NgStatus ng_article_add_entity(NgArticle *a, NgEntityType type,
                               const char *name, size_t *index) {
  if (!a || !name || !*name) {
    return NG_ERR_BAD_ARG;
  }
  struct NgArticleIndex *x = index_of(a);
  NgBuf key = NG_BUF_INIT;
  size_t *found = NULL;
  NgStatus st = NG_ERR_NOMEM;
  if (!x || index_entities(a, x) || entity_key(&key, type, name) ||
      (st = ng_strmap_put(&x->entities, key.data, key.len, a->n_entities,
                          &found)) > NG_FAILURE) {
    ng_buf_release(&key);
    return NG_ERR_NOMEM;
  }
  if (st == NG_FAILURE) {
    ng_buf_release(&key);
    if (index) {
      *index = *found; /* the first entity of that type and name */
    }
    return NG_FAILURE;
  }
  /* the entity's own name, for add_alias */
  x->n_entities = (size_t)-1; /* rebuilt at the next use unless added */
  NgEntity *p = NULL;
  if (name_key(&key, a->n_entities, name) ||
      ng_strmap_put(&x->names, key.data, key.len, 0, NULL) > NG_FAILURE ||
      !(p = realloc(a->entities, (a->n_entities + 1) * sizeof(*p)))) {
    ng_buf_release(&key);
    return NG_ERR_NOMEM;
  }
  ng_buf_release(&key);
  a->entities = p;
  NgEntity *e = &a->entities[a->n_entities];
  memset(e, 0, sizeof(*e));
  e->type = type;
  if (!(e->name = ng_strdup(name))) {
    return NG_ERR_NOMEM;
  }
  if (index) {
    *index = a->n_entities;
  }
  x->n_entities = ++a->n_entities;
  return NG_SUCCESS;
}

NgStatus ng_article_add_alias(NgArticle *a, size_t index, const char *alias) {
  if (!a || index >= a->n_entities || !alias || !*alias) {
    return NG_ERR_BAD_ARG;
  }
  NgEntity *e = &a->entities[index];
  struct NgArticleIndex *x = index_of(a);
  NgBuf key = NG_BUF_INIT;
  NgStatus st = NG_ERR_NOMEM;
  if (!x || index_entities(a, x) || name_key(&key, index, alias) ||
      (st = ng_strmap_put(&x->names, key.data, key.len, 0, NULL)) >
          NG_FAILURE) {
    ng_buf_release(&key);
    return NG_ERR_NOMEM;
  }
  if (st == NG_FAILURE) {
    ng_buf_release(&key);
    return NG_FAILURE; /* its name or an alternate name already */
  }
  char **v = realloc(e->alt_names, (e->n_alt_names + 1) * sizeof(*v));
  if (!v) {
    ng_strmap_remove(&x->names, key.data, key.len);
    ng_buf_release(&key);
    return NG_ERR_NOMEM;
  }
  ng_buf_release(&key);
  e->alt_names = v;
  if (!(v[e->n_alt_names] = ng_strdup(alias))) {
    return NG_ERR_NOMEM;
  }
  ++e->n_alt_names;
  return NG_SUCCESS;
}

static char **entity_field(NgEntity *e, const char *field) {
  static const char *const names[] = {"subclass",    "honorific",
                                      "given_name",  "family_name",
                                      "job_title",   "start_date",
                                      "end_date",    "description"};
  char **slots[] = {&e->subclass,    &e->honorific,  &e->given_name,
                    &e->family_name, &e->job_title,  &e->start_date,
                    &e->end_date,    &e->description};
  for (size_t i = 0; i < NG_ARRAY_LEN(names); ++i) {
    if (!strcmp(field, names[i])) {
      return slots[i];
    }
  }
  return NULL;
}

static NgStatus set_string(char **slot, const char *value) {
  char *copy = NULL;
  if (value && !(copy = ng_strdup(value))) {
    return NG_ERR_NOMEM;
  }
  free(*slot);
  *slot = copy;
  return NG_SUCCESS;
}

NgStatus ng_article_set_entity_field(NgArticle *a, size_t index,
                                     const char *field, const char *value) {
  if (!a || index >= a->n_entities || !field) {
    return NG_ERR_BAD_ARG;
  }
  char **slot = entity_field(&a->entities[index], field);
  return slot ? set_string(slot, value) : NG_ERR_BAD_ARG;
}

NgStatus ng_article_set_entity_provenance(NgArticle *a, size_t index,
                                          const NgProvenance *prov) {
  if (!a || index >= a->n_entities) {
    return NG_ERR_BAD_ARG;
  }
  NgProvenance p;
  NgStatus st;
  TRY(st, copy_prov(a, &p, prov));
  a->entities[index].prov = p;
  return NG_SUCCESS;
}

NgStatus ng_article_add_relation(NgArticle *a, NgRelationType type,
                                 size_t subject, size_t object,
                                 const char *literal,
                                 const NgProvenance *prov) {
  if (!a || object >= a->n_entities ||
      (type != NG_REL_AUTHOR && subject >= a->n_entities)) {
    return NG_ERR_BAD_ARG;
  }
  struct NgArticleIndex *x = index_of(a);
  NgBuf key = NG_BUF_INIT;
  NgStatus added = NG_ERR_NOMEM;
  if (!x || index_relations(a, x) ||
      relation_key(&key, type, subject, object, literal) ||
      (added = ng_strmap_put(&x->relations, key.data, key.len, a->n_relations,
                             NULL)) > NG_FAILURE) {
    ng_buf_release(&key);
    return NG_ERR_NOMEM;
  }
  if (added == NG_FAILURE) {
    ng_buf_release(&key);
    return NG_FAILURE; /* the same relation already */
  }
  x->n_relations = (size_t)-1; /* rebuilt at the next use unless added */
  ng_buf_release(&key);
  NgRelation *v =
      realloc(a->relations, (a->n_relations + 1) * sizeof(*a->relations));
  if (!v) {
    return NG_ERR_NOMEM;
  }
  a->relations = v;
  NgRelation *r = &v[a->n_relations];
  memset(r, 0, sizeof(*r));
  r->type = type;
  r->subject = subject;
  r->object = object;
  if (literal && !(r->literal = ng_strdup(literal))) {
    return NG_ERR_NOMEM;
  }
  NgStatus st = copy_prov(a, &r->prov, prov);
  if (st) {
    free(r->literal);
    return st;
  }
  x->n_relations = ++a->n_relations;
  return NG_SUCCESS;
}

static int cmp_size(const void *x, const void *y) {
  size_t a = *(const size_t *)x, b = *(const size_t *)y;
  return (a > b) - (a < b);
}

NgStatus ng_article_add_collaboration(NgArticle *a, const size_t *members,
                                      size_t n_members, const char *date,
                                      const char *kind,
                                      const NgProvenance *prov,
                                      size_t *index) {
  if (!a || !members) {
    return NG_ERR_BAD_ARG;
  }
  size_t *m = malloc((n_members ? n_members : 1) * sizeof(*m));
  if (!m) {
    return NG_ERR_NOMEM;
  }
  memcpy(m, members, n_members * sizeof(*m));
  qsort(m, n_members, sizeof(*m), cmp_size);
  size_t n = 0;
  for (size_t i = 0; i < n_members; ++i) {
    if (m[i] >= a->n_entities) {
      free(m);
      return NG_ERR_BAD_ARG;
    }
    if (!n || m[n - 1] != m[i]) {
      m[n++] = m[i];
    }
  }
  if (n < 2) {
    free(m);
    return NG_ERR_BAD_ARG;
  }
  NgCollaboration *v = realloc(a->collaborations, (a->n_collaborations + 1) *
                                                      sizeof(*v));
  if (!v) {
    free(m);
    return NG_ERR_NOMEM;
  }
  a->collaborations = v;
  NgCollaboration *c = &v[a->n_collaborations];
  memset(c, 0, sizeof(*c));
  c->members = m;
  c->n_members = n;
  c->date = ng_strdup(date);
  c->kind = ng_strdup(kind);
  if ((date && !c->date) || (kind && !c->kind) || copy_prov(a, &c->prov, prov)) {
    free(c->date);
    free(c->kind);
    free(m);
    return NG_ERR_NOMEM;
  }
  if (index) {
    *index = a->n_collaborations;
  }
  ++a->n_collaborations;
  return NG_SUCCESS;
}

NgStatus ng_article_add_topic(NgArticle *a, size_t index, const char *topic) {
  if (!a || index >= a->n_collaborations || !topic || !*topic) {
    return NG_ERR_BAD_ARG;
  }
  NgCollaboration *c = &a->collaborations[index];
  struct NgArticleIndex *x = index_of(a);
  NgBuf key = NG_BUF_INIT;
  NgStatus st = NG_ERR_NOMEM;
  if (!x || index_topics(a, x) || keyed(&key, &index, sizeof(index), topic) ||
      (st = ng_strmap_put(&x->topics, key.data, key.len, 0, NULL)) >
          NG_FAILURE) {
    ng_buf_release(&key);
    return NG_ERR_NOMEM;
  }
  if (st == NG_FAILURE) {
    ng_buf_release(&key);
    return NG_FAILURE; /* the same topic already */
  }
  char **v = realloc(c->topics, (c->n_topics + 1) * sizeof(*v));
  if (!v) {
    ng_strmap_remove(&x->topics, key.data, key.len);
    ng_buf_release(&key);
    return NG_ERR_NOMEM;
  }
  ng_buf_release(&key);
  c->topics = v;
  if (!(v[c->n_topics] = ng_strdup(topic))) {
    return NG_ERR_NOMEM;
  }
  ++c->n_topics;
  return NG_SUCCESS;
}

NgStatus ng_article_set_field(NgArticle *a, const char *field,
                              const char *value) {
  if (!a || !field) {
    return NG_ERR_BAD_ARG;
  }
  if (!strcmp(field, "headline")) {
    return set_string(&a->headline, value);
  }
  if (!strcmp(field, "date_published")) {
    return set_string(&a->date_published, value);
  }
  if (!strcmp(field, "url")) {
    return set_string(&a->url, value);
  }
  return NG_ERR_BAD_ARG;
}
