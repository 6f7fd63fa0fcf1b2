/*
 * article.c: NgArticle, the RDF-free record of one article's facts that
 * the extractor fills in and the output stage turns into triples.
 */
#include "buf.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

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

static void free_prov(NgProvenance *p) {
  free(p->rule);
  free(p->evidence);
}

static NgStatus copy_prov(NgProvenance *dst, const NgProvenance *src) {
  NgProvenance p = {NULL, NULL, 0, 0};
  if (src) {
    p.rule = ng_strdup(src->rule);
    p.evidence = ng_strdup(src->evidence);
    p.begin = src->begin;
    p.end = src->end;
    if ((src->rule && !p.rule) || (src->evidence && !p.evidence)) {
      free_prov(&p);
      return NG_ERR_NOMEM;
    }
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
    free_prov(&e->prov);
  }
  for (size_t i = 0; i < a->n_relations; ++i) {
    free(a->relations[i].literal);
    free_prov(&a->relations[i].prov);
  }
  for (size_t i = 0; i < a->n_collaborations; ++i) {
    NgCollaboration *c = &a->collaborations[i];
    free(c->members);
    free(c->date);
    free_strings(c->topics, c->n_topics);
    free(c->kind);
    free_prov(&c->prov);
  }
  free(a->entities);
  free(a->relations);
  free(a->collaborations);
  free(a->label);
  free(a->key);
  free(a->headline);
  free(a->date_published);
  free(a->url);
  free(a);
}

static int same_key(const char *x, const char *y) {
  char *kx = ng_name_key(x);
  char *ky = ng_name_key(y);
  int same = kx && ky && !strcmp(kx, ky);
  free(kx);
  free(ky);
  return same;
}

NgStatus ng_article_add_entity(NgArticle *a, NgEntityType type,
                               const char *name, size_t *index) {
  if (!a || !name || !*name) {
    return NG_ERR_BAD_ARG;
  }
  for (size_t i = 0; i < a->n_entities; ++i) {
    if (a->entities[i].type == type && same_key(a->entities[i].name, name)) {
      if (index) {
        *index = i;
      }
      return NG_FAILURE;
    }
  }
  NgEntity *p = realloc(a->entities, (a->n_entities + 1) * sizeof(*p));
  if (!p) {
    return NG_ERR_NOMEM;
  }
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
  ++a->n_entities;
  return NG_SUCCESS;
}

NgStatus ng_article_add_alias(NgArticle *a, size_t index, const char *alias) {
  if (!a || index >= a->n_entities || !alias || !*alias) {
    return NG_ERR_BAD_ARG;
  }
  NgEntity *e = &a->entities[index];
  if (same_key(e->name, alias)) {
    return NG_FAILURE;
  }
  for (size_t i = 0; i < e->n_alt_names; ++i) {
    if (same_key(e->alt_names[i], alias)) {
      return NG_FAILURE;
    }
  }
  char **v = realloc(e->alt_names, (e->n_alt_names + 1) * sizeof(*v));
  if (!v) {
    return NG_ERR_NOMEM;
  }
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
  TRY(st, copy_prov(&p, prov));
  free_prov(&a->entities[index].prov);
  a->entities[index].prov = p;
  return NG_SUCCESS;
}

static int same_literal(const char *x, const char *y) {
  return (!x && !y) || (x && y && !strcmp(x, y));
}

NgStatus ng_article_add_relation(NgArticle *a, NgRelationType type,
                                 size_t subject, size_t object,
                                 const char *literal,
                                 const NgProvenance *prov) {
  if (!a || object >= a->n_entities ||
      (type != NG_REL_AUTHOR && subject >= a->n_entities)) {
    return NG_ERR_BAD_ARG;
  }
  for (size_t i = 0; i < a->n_relations; ++i) {
    const NgRelation *r = &a->relations[i];
    if (r->type == type && r->subject == subject && r->object == object &&
        same_literal(r->literal, literal)) {
      return NG_FAILURE;
    }
  }
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
  NgStatus st = copy_prov(&r->prov, prov);
  if (st) {
    free(r->literal);
    return st;
  }
  ++a->n_relations;
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
  if ((date && !c->date) || (kind && !c->kind) || copy_prov(&c->prov, prov)) {
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
  for (size_t i = 0; i < c->n_topics; ++i) {
    if (same_key(c->topics[i], topic)) {
      return NG_FAILURE;
    }
  }
  char **v = realloc(c->topics, (c->n_topics + 1) * sizeof(*v));
  if (!v) {
    return NG_ERR_NOMEM;
  }
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
