/*
 * rdf_temp.c: TEMPORARY stand-ins for output/graph.c and output/article_rdf.c
 * (ng_rdf_world, ng_rdf_add_article, ng_mint_iri, ng_article_iri,
 * ng_article_graph_iri) so that the store can be built and tested before
 * the real mapping lands.  The lead drops this file at merge time; it writes
 * only the few triples the store tests rely on (rdf:type, schema:name, the
 * collaboration shape of VOCABULARY.md, memberships and event facts).
 */
#include "buf.h"
#include "output/rdf.h"
#include "util.h"

#include <stdlib.h>

#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_SCHEMA "http://schema.org/"
#define NS_ORG "http://www.w3.org/ns/org#"
#define NS_SKOS "http://www.w3.org/2004/02/skos/core#"
#define NS_PROV "http://www.w3.org/ns/prov#"

static librdf_world *the_world;

static void free_world(void) {
  librdf_free_world(the_world);
  the_world = NULL;
}

librdf_world *ng_rdf_world(void) {
  if (!the_world) {
    the_world = librdf_new_world();
    if (!the_world) {
      return NULL;
    }
    librdf_world_open(the_world);
    atexit(free_world);
  }
  return the_world;
}

char *ng_mint_iri(const char *base, const char *kind, const char *name) {
  char *key = ng_name_key(name);
  if (!key) {
    return NULL;
  }
  NgBuf b = NG_BUF_INIT;
  NgStatus st = ng_buf_printf(&b, "%s%s/%s", base ? base : NG_DEFAULT_BASE_IRI,
                              kind, key);
  free(key);
  if (st) {
    ng_buf_release(&b);
    return NULL;
  }
  return ng_buf_detach(&b);
}

char *ng_article_iri(const char *base, const NgArticle *a) {
  return ng_mint_iri(base, "article", a->key);
}

char *ng_article_graph_iri(const char *base, const NgArticle *a) {
  return ng_mint_iri(base, "graph", a->key);
}

/* Adds (s, p, o) where o is an IRI (is_iri) or a plain literal. */
static NgStatus add3(librdf_model *m, librdf_node *ctx, const char *s,
                     const char *p, const char *o, int is_iri) {
  librdf_world *w = ng_rdf_world();
  librdf_node *ns = librdf_new_node_from_uri_string(w, (const unsigned char *)s);
  librdf_node *np = librdf_new_node_from_uri_string(w, (const unsigned char *)p);
  librdf_node *no =
      is_iri ? librdf_new_node_from_uri_string(w, (const unsigned char *)o)
             : librdf_new_node_from_literal(w, (const unsigned char *)o, NULL, 0);
  if (!ns || !np || !no) {
    librdf_free_node(ns);
    librdf_free_node(np);
    librdf_free_node(no);
    return NG_ERR_NOMEM;
  }
  librdf_statement *stmt = librdf_new_statement_from_nodes(w, ns, np, no);
  if (!stmt) {
    return NG_ERR_NOMEM;
  }
  int rc = ctx ? librdf_model_context_add_statement(m, ctx, stmt)
               : librdf_model_add_statement(m, stmt);
  librdf_free_statement(stmt);
  return rc ? NG_ERR_RDF : NG_SUCCESS;
}

static const char *const kinds[] = {"person", "organization", "event",
                                    "place"};
static const char *const classes[] = {NS_SCHEMA "Person",
                                      NS_SCHEMA "Organization",
                                      NS_SCHEMA "Event", NS_SCHEMA "Place"};

static char *entity_iri(const char *base, const NgArticle *a, size_t i) {
  return ng_mint_iri(base, kinds[a->entities[i].type], a->entities[i].name);
}

static NgStatus add_entity(librdf_model *m, librdf_node *ctx,
                           const char *base, const NgArticle *a, size_t i) {
  NgStatus st = NG_SUCCESS;
  const NgEntity *e = &a->entities[i];
  char *iri = entity_iri(base, a, i);
  if (!iri) {
    return NG_ERR_NOMEM;
  }
  if (!(st = add3(m, ctx, iri, NS_RDF "type", classes[e->type], 1)) &&
      !(st = add3(m, ctx, iri, NS_SCHEMA "name", e->name, 0)) &&
      e->start_date) {
    st = add3(m, ctx, iri, NS_SCHEMA "startDate", e->start_date, 0);
  }
  free(iri);
  return st;
}

static const char *const rel_props[] = {
    NS_ORG "memberOf",        NS_SCHEMA "parentOrganization",
    NS_SCHEMA "location",     NS_SCHEMA "organizer",
    NS_SCHEMA "sponsor",      NS_SCHEMA "performer",
    NS_SCHEMA "attendee",     NS_SCHEMA "author"};

static NgStatus add_relation(librdf_model *m, librdf_node *ctx,
                             const char *base, const NgArticle *a,
                             const NgRelation *r) {
  if (r->type == NG_REL_AUTHOR) {
    return NG_SUCCESS;
  }
  char *s = entity_iri(base, a, r->subject);
  char *o = entity_iri(base, a, r->object);
  NgStatus st = (s && o) ? add3(m, ctx, s, rel_props[r->type], o, 1)
                         : NG_ERR_NOMEM;
  if (!st && r->type == NG_REL_MEMBER && r->literal) {
    NgBuf ms = NG_BUF_INIT;
    if (ng_buf_printf(&ms, "%s/membership/%s", s, r->literal) ||
        (st = add3(m, ctx, ms.data, NS_RDF "type", NS_ORG "Membership", 1)) ||
        (st = add3(m, ctx, ms.data, NS_ORG "member", s, 1)) ||
        (st = add3(m, ctx, ms.data, NS_ORG "organization", o, 1))) {
      st = st ? st : NG_ERR_NOMEM;
    } else {
      NgBuf role = NG_BUF_INIT;
      if (ng_buf_printf(&role, "%s/role", ms.data) ||
          (st = add3(m, ctx, ms.data, NS_ORG "role", role.data, 1)) ||
          (st = add3(m, ctx, role.data, NS_SKOS "prefLabel", r->literal, 0))) {
        st = st ? st : NG_ERR_NOMEM;
      }
      ng_buf_release(&role);
    }
    ng_buf_release(&ms);
  }
  free(s);
  free(o);
  return st;
}

static NgStatus add_collaboration(librdf_model *m, librdf_node *ctx,
                                  const char *base, const NgArticle *a,
                                  size_t ci, const char *article_iri) {
  const NgCollaboration *c = &a->collaborations[ci];
  NgStatus st = NG_SUCCESS;
  NgBuf iri = NG_BUF_INIT;
  if (ng_buf_printf(&iri, "%s/collaboration/%zu", article_iri, ci)) {
    return NG_ERR_NOMEM;
  }
  st = add3(m, ctx, iri.data, NS_RDF "type", NS_ORG "OrganizationalCollaboration", 1);
  if (!st) {
    st = add3(m, ctx, iri.data, NS_PROV "wasDerivedFrom", article_iri, 1);
  }
  for (size_t i = 0; !st && i < c->n_members; ++i) {
    char *o = entity_iri(base, a, c->members[i]);
    st = o ? add3(m, ctx, iri.data, NS_ORG "hasMember", o, 1) : NG_ERR_NOMEM;
    free(o);
  }
  if (!st && c->date) {
    st = add3(m, ctx, iri.data, NS_SCHEMA "foundingDate", c->date, 0);
  }
  for (size_t i = 0; !st && i < c->n_topics; ++i) {
    char *t = ng_mint_iri(base, "topic", c->topics[i]);
    if (!t) {
      st = NG_ERR_NOMEM;
    } else if (!(st = add3(m, ctx, iri.data, NS_SCHEMA "about", t, 1))) {
      st = add3(m, ctx, t, NS_SKOS "prefLabel", c->topics[i], 0);
    }
    free(t);
  }
  ng_buf_release(&iri);
  return st;
}

NgStatus ng_rdf_add_article(librdf_model *model, librdf_node *context,
                            const char *base_iri, const NgArticle *article) {
  NgStatus st = NG_SUCCESS;
  char *airi = ng_article_iri(base_iri, article);
  if (!airi) {
    return NG_ERR_NOMEM;
  }
  st = add3(model, context, airi, NS_RDF "type", NS_SCHEMA "NewsArticle", 1);
  if (!st && article->headline) {
    st = add3(model, context, airi, NS_SCHEMA "headline", article->headline, 0);
  }
  for (size_t i = 0; !st && i < article->n_entities; ++i) {
    st = add_entity(model, context, base_iri, article, i);
  }
  for (size_t i = 0; !st && i < article->n_relations; ++i) {
    st = add_relation(model, context, base_iri, article, &article->relations[i]);
  }
  for (size_t i = 0; !st && i < article->n_collaborations; ++i) {
    st = add_collaboration(model, context, base_iri, article, i, airi);
  }
  free(airi);
  return st;
}
