/*
 * check_output.c: unit tests of output/: IRI minting, the mapping of every
 * kind of fact to the vocabulary of shared/eval/VOCABULARY.md, escaping of
 * hostile names, date datatypes, deterministic output, and the formats.
 * Triples are checked in N-Triples form, one line each, never as Turtle.
 */
#define _POSIX_C_SOURCE 200809L
#include "newsgraph.h"
#include "output/rdf.h"
#include "output/vocab.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASE "http://ex.org/id/"
#define ID(kind, key) "<" BASE kind "/" key ">"
#define P(iri) "<" iri ">"

/* ------------------------------------------------------------- helpers */

/* The graph in format as a string.  New (free()). */
static char *write_graph(NgGraph *g, const char *format) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(ng_graph_write(g, format, f), NG_SUCCESS);
  ck_assert_int_eq(fclose(f), 0);
  return text;
}

static NgGraph *graph_of(const NgArticle *a) {
  NgGraph *g = NULL;
  ck_assert_int_eq(ng_graph_new(BASE, &g), NG_SUCCESS);
  ck_assert_int_eq(ng_graph_add_article(g, a), NG_SUCCESS);
  return g;
}

/* The N-Triples of the graph of a. New (free()). */
static char *ntriples_of(const NgArticle *a) {
  NgGraph *g = graph_of(a);
  char *nt = write_graph(g, "ntriples");
  ng_graph_free(g);
  return nt;
}

/* Asserts that the N-Triples text holds the line "s p o .". */
#define ck_assert_triple(nt, s, p, o)                                          \
  ck_assert_msg(has_triple(nt, s, p, o), "missing triple: %s %s %s\n%s", s, p, \
                o, nt)
#define ck_assert_no_triple(nt, s, p, o)                                       \
  ck_assert_msg(!has_triple(nt, s, p, o), "unexpected triple: %s %s %s", s, p, \
                o)

static int has_triple(const char *text, const char *s, const char *p,
                      const char *o) {
  char line[4096];
  snprintf(line, sizeof line, "%s %s %s .", s, p, o);
  size_t n = strlen(line);
  for (const char *q = text; (q = strstr(q, line)); q++) {
    if ((q == text || q[-1] == '\n') && (q[n] == '\n' || q[n] == '\0')) {
      return 1;
    }
  }
  return 0;
}

static size_t count(const char *text, const char *needle) {
  size_t n = 0;
  for (const char *p = text; (p = strstr(p, needle)); p++) {
    n++;
  }
  return n;
}

static size_t add(NgArticle *a, NgEntityType type, const char *name) {
  size_t i = 0;
  ck_assert_int_eq(ng_article_add_entity(a, type, name, &i), NG_SUCCESS);
  return i;
}

/* Parses text (in syntax) with librdf into a fresh model; the number of
 * triples read, or -1 when it does not parse. */
static int parse_back(const char *text, const char *syntax) {
  librdf_world *w = ng_rdf_world();
  librdf_storage *st = librdf_new_storage(w, "memory", NULL, NULL);
  librdf_model *m = librdf_new_model(w, st, NULL);
  librdf_parser *p = librdf_new_parser(w, syntax, NULL, NULL);
  librdf_uri *base = librdf_new_uri(w, NG_U("http://base.example/"));
  ck_assert(st && m && p && base);
  int rc = librdf_parser_parse_string_into_model(p, NG_U(text), base, m);
  int n = rc ? -1 : librdf_model_size(m);
  librdf_free_uri(base);
  librdf_free_parser(p);
  librdf_free_model(m);
  librdf_free_storage(st);
  return n;
}

/* A log sink counting warnings and errors. */
static int n_warnings, n_errors;
static void counting_sink(void *h, const NgDiagnostic *d) {
  (void)h;
  if (d->level == NG_LOG_WARNING) {
    n_warnings++;
  } else if (d->level == NG_LOG_ERROR) {
    n_errors++;
  }
}

/* ---------------------------------------------------------------- IRIs */

START_TEST(mint_iri_is_base_kind_key) {
  char *iri = ng_mint_iri(BASE, "organization", "Acme Hospital");
  ck_assert_str_eq(iri, BASE "organization/acme-hospital");
  free(iri);
  iri = ng_mint_iri(BASE, "organization", "The ACME  hospital");
  ck_assert_str_eq(iri, BASE "organization/acme-hospital");
  free(iri);
  iri = ng_mint_iri(NULL, "person", "Ana Souza");
  ck_assert_str_eq(iri, NG_DEFAULT_BASE_IRI "person/ana-souza");
  free(iri);
}
END_TEST

START_TEST(mint_iri_is_always_a_valid_iri) {
  const char *names[] = {"a \"quoted\" <name> {x} |y| \\z ^w `v`",
                         "line\nbreak\ttab",
                         "\xE6\x9D\xB1\xE6\xB9\x96 Lab",
                         "bad \xFF\xFE bytes",
                         "\xEF\xB7\x90 nonchar",
                         "!!!",
                         ""};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    char *iri = ng_mint_iri(BASE, "person", names[i]);
    ck_assert_ptr_nonnull(iri);
    ck_assert_msg(!strncmp(iri, BASE "person/", strlen(BASE "person/")), "%s",
                  iri);
    for (const unsigned char *p = (const unsigned char *)iri; *p; p++) {
      ck_assert_msg(*p > 0x20 && *p != 0x7F && !strchr("<>\"{}|\\^`", *p),
                    "byte 0x%02x in %s", *p, iri);
    }
    ck_assert_msg(strlen(iri) > strlen(BASE "person/"), "empty key: %s", iri);
    free(iri);
  }
}
END_TEST

START_TEST(names_of_punctuation_get_distinct_iris) {
  char *a = ng_mint_iri(BASE, "organization", "!!!");
  char *b = ng_mint_iri(BASE, "organization", "???");
  ck_assert_str_eq(a, BASE "organization/_212121");
  ck_assert_str_ne(a, b);
  free(a);
  free(b);
}
END_TEST

START_TEST(same_organization_in_two_articles_is_one_node) {
  NgArticle *a = ng_article_new("one.txt", "one");
  NgArticle *b = ng_article_new("two.txt", "two");
  add(a, NG_ORGANIZATION, "Northwind Institute of Optics");
  add(b, NG_ORGANIZATION, "the Northwind Institute of Optics");
  NgGraph *g = graph_of(a);
  ck_assert_int_eq(ng_graph_add_article(g, b), NG_SUCCESS);
  char *nt = write_graph(g, "ntriples");
  ck_assert_triple(nt, ID("organization", "northwind-institute-of-optics"),
                   P(RDF_TYPE), P(SCHEMA_ORGANIZATION));
  ck_assert_uint_eq(count(nt, P(SCHEMA_ORGANIZATION) " ."), 1);
  ck_assert_uint_eq(count(nt, P(SCHEMA_NEWS_ARTICLE) " ."), 2);
  free(nt);
  ng_graph_free(g);
  ng_article_free(a);
  ng_article_free(b);
}
END_TEST

START_TEST(article_iris_come_from_the_key) {
  NgArticle *a = ng_article_new("dir/Some File.txt", "Some File");
  char *iri = ng_article_iri(BASE, a);
  char *graph = ng_article_graph_iri(BASE, a);
  ck_assert_str_eq(iri, BASE "article/some-file");
  ck_assert_str_eq(graph, BASE "graph/some-file");
  free(iri);
  free(graph);
  ng_article_free(a);
}
END_TEST

/* ------------------------------------------------------------- mapping */

START_TEST(article_node_has_type_date_headline_source_url) {
  NgArticle *a = ng_article_new("in/story.txt", "story");
  ng_article_set_field(a, "headline", "A headline");
  ng_article_set_field(a, "date_published", "2022-11-30");
  ng_article_set_field(a, "url", "https://news.example.net/a b");
  size_t p = add(a, NG_PERSON, "Lena Markov");
  ng_article_add_relation(a, NG_REL_AUTHOR, 0, p, NULL, NULL);
  char *nt = ntriples_of(a);
  const char *art = ID("article", "story");
  ck_assert_triple(nt, art, P(RDF_TYPE), P(SCHEMA_NEWS_ARTICLE));
  ck_assert_triple(nt, art, P(SCHEMA_DATE_PUBLISHED),
                   "\"2022-11-30\"^^" P(XSD_DATE));
  ck_assert_triple(nt, art, P(SCHEMA_HEADLINE), "\"A headline\"");
  ck_assert_triple(nt, art, P(DCTERMS_SOURCE), "\"in/story.txt\"");
  ck_assert_triple(nt, art, P(SCHEMA_URL), "<https://news.example.net/a%20b>");
  ck_assert_triple(nt, art, P(SCHEMA_AUTHOR), ID("person", "lena-markov"));
  free(nt);
  ng_article_free(a);
}
END_TEST

START_TEST(person_has_name_parts_aliases_and_title) {
  NgArticle *a = ng_article_new("x", "x");
  size_t p = add(a, NG_PERSON, "Lena Markov");
  ng_article_set_entity_field(a, p, "honorific", "Professor");
  ng_article_set_entity_field(a, p, "given_name", "Lena");
  ng_article_set_entity_field(a, p, "family_name", "Markov");
  ng_article_set_entity_field(a, p, "job_title", "chief scientist");
  ng_article_add_alias(a, p, "L. Markov");
  char *nt = ntriples_of(a);
  const char *s = ID("person", "lena-markov");
  ck_assert_triple(nt, s, P(RDF_TYPE), P(SCHEMA_PERSON));
  ck_assert_triple(nt, s, P(SCHEMA_NAME), "\"Lena Markov\"");
  ck_assert_triple(nt, s, P(SCHEMA_HONORIFIC_PREFIX), "\"Professor\"");
  ck_assert_triple(nt, s, P(SCHEMA_GIVEN_NAME), "\"Lena\"");
  ck_assert_triple(nt, s, P(SCHEMA_FAMILY_NAME), "\"Markov\"");
  ck_assert_triple(nt, s, P(SCHEMA_JOB_TITLE), "\"chief scientist\"");
  ck_assert_triple(nt, s, P(SCHEMA_ALTERNATE_NAME), "\"L. Markov\"");
  free(nt);
  ng_article_free(a);
}
END_TEST

START_TEST(organization_has_subclass_beside_organization) {
  NgArticle *a = ng_article_new("x", "x");
  size_t o = add(a, NG_ORGANIZATION, "Riverbend General Hospital");
  ng_article_set_entity_field(a, o, "subclass", "Hospital");
  ng_article_add_alias(a, o, "RGH");
  size_t bad = add(a, NG_ORGANIZATION, "Odd Works");
  ng_article_set_entity_field(a, bad, "subclass", "not a class>");
  n_warnings = 0;
  ng_log_set_sink(counting_sink, NULL);
  char *nt = ntriples_of(a);
  ng_log_set_sink(NULL, NULL);
  const char *s = ID("organization", "riverbend-general-hospital");
  ck_assert_triple(nt, s, P(RDF_TYPE), P(SCHEMA_ORGANIZATION));
  ck_assert_triple(nt, s, P(RDF_TYPE), "<" NG_NS_SCHEMA "Hospital>");
  ck_assert_triple(nt, s, P(SCHEMA_ALTERNATE_NAME), "\"RGH\"");
  ck_assert_uint_eq(count(nt, ID("organization", "odd-works") " " P(RDF_TYPE)),
                    1);
  ck_assert_int_eq(n_warnings, 1);
  free(nt);
  ng_article_free(a);
}
END_TEST

START_TEST(membership_with_role) {
  NgArticle *a = ng_article_new("x", "x");
  size_t p = add(a, NG_PERSON, "Lena Markov");
  size_t o = add(a, NG_ORGANIZATION, "Riverbend College");
  char rule[] = "title-of-org",
       ev[] = "Lena Markov, Provost of Riverbend College";
  NgProvenance prov = {rule, ev, 10, 52};
  ng_article_add_relation(a, NG_REL_MEMBER, p, o, "Provost", &prov);
  char *nt = ntriples_of(a);
  const char *m = ID("membership", "lena-markov--riverbend-college--provost");
  const char *role = ID("role", "provost");
  ck_assert_triple(nt, m, P(RDF_TYPE), P(ORG_MEMBERSHIP));
  ck_assert_triple(nt, m, P(ORG_MEMBER), ID("person", "lena-markov"));
  ck_assert_triple(nt, m, P(ORG_ORGANIZATION),
                   ID("organization", "riverbend-college"));
  ck_assert_triple(nt, m, P(ORG_ROLE_PROP), role);
  ck_assert_triple(nt, role, P(RDF_TYPE), P(ORG_ROLE));
  ck_assert_triple(nt, role, P(SKOS_PREF_LABEL), "\"Provost\"");
  ck_assert_triple(nt, ID("person", "lena-markov"), P(ORG_MEMBER_OF),
                   ID("organization", "riverbend-college"));
  ck_assert_triple(nt, m, P(PROV_WAS_DERIVED_FROM), ID("article", "x"));
  ck_assert_triple(nt, m, P(NG_EVIDENCE),
                   "\"Lena Markov, Provost of Riverbend College\"");
  ck_assert_triple(nt, m, P(NG_START_OFFSET), "\"10\"^^" P(XSD_INTEGER));
  ck_assert_triple(nt, m, P(NG_END_OFFSET), "\"52\"^^" P(XSD_INTEGER));
  ck_assert_triple(nt, m, P(NG_RULE), "\"title-of-org\"");
  free(nt);
  ng_article_free(a);
}
END_TEST

START_TEST(membership_without_role) {
  NgArticle *a = ng_article_new("x", "x");
  size_t p = add(a, NG_PERSON, "Lena Markov");
  size_t o = add(a, NG_ORGANIZATION, "Riverbend College");
  ng_article_add_relation(a, NG_REL_MEMBER, p, o, NULL, NULL);
  char *nt = ntriples_of(a);
  const char *m = ID("membership", "lena-markov--riverbend-college");
  ck_assert_triple(nt, m, P(RDF_TYPE), P(ORG_MEMBERSHIP));
  ck_assert_triple(nt, m, P(PROV_WAS_DERIVED_FROM), ID("article", "x"));
  ck_assert_uint_eq(count(nt, P(ORG_ROLE_PROP)), 0);
  ck_assert_uint_eq(count(nt, P(NG_START_OFFSET)), 0); /* no evidence known */
  free(nt);
  ng_article_free(a);
}
END_TEST

START_TEST(each_relation_type_has_its_predicate) {
  NgArticle *a = ng_article_new("x", "x");
  size_t ev = add(a, NG_EVENT, "Harbor Science Week");
  size_t place = add(a, NG_PLACE, "Pier Hall");
  size_t unit = add(a, NG_ORGANIZATION, "Department of Tides");
  size_t org = add(a, NG_ORGANIZATION, "Harbor Institute");
  size_t p1 = add(a, NG_PERSON, "Ida Brenner");
  size_t p2 = add(a, NG_PERSON, "Omar Feld");
  ng_article_add_relation(a, NG_REL_PARENT, unit, org, NULL, NULL);
  ng_article_add_relation(a, NG_REL_LOCATION, ev, place, NULL, NULL);
  ng_article_add_relation(a, NG_REL_ORGANIZER, ev, org, NULL, NULL);
  ng_article_add_relation(a, NG_REL_SPONSOR, ev, unit, NULL, NULL);
  ng_article_add_relation(a, NG_REL_PERFORMER, ev, p1, NULL, NULL);
  ng_article_add_relation(a, NG_REL_ATTENDEE, ev, p2, NULL, NULL);
  char *nt = ntriples_of(a);
  const char *e = ID("event", "harbor-science-week");
  ck_assert_triple(nt, ID("organization", "department-of-tides"),
                   P(SCHEMA_PARENT_ORGANIZATION),
                   ID("organization", "harbor-institute"));
  ck_assert_triple(nt, e, P(SCHEMA_LOCATION), ID("place", "pier-hall"));
  ck_assert_triple(nt, ID("place", "pier-hall"), P(RDF_TYPE), P(SCHEMA_PLACE));
  ck_assert_triple(nt, ID("place", "pier-hall"), P(SCHEMA_NAME),
                   "\"Pier Hall\"");
  ck_assert_triple(nt, e, P(SCHEMA_ORGANIZER),
                   ID("organization", "harbor-institute"));
  ck_assert_triple(nt, e, P(SCHEMA_SPONSOR),
                   ID("organization", "department-of-tides"));
  ck_assert_triple(nt, e, P(SCHEMA_PERFORMER), ID("person", "ida-brenner"));
  ck_assert_triple(nt, e, P(SCHEMA_ATTENDEE), ID("person", "omar-feld"));
  ck_assert_triple(nt, e, P(RDF_TYPE), P(SCHEMA_EVENT));
  ck_assert_triple(nt, e, P(PROV_WAS_DERIVED_FROM), ID("article", "x"));
  free(nt);
  ng_article_free(a);
}
END_TEST

START_TEST(relation_between_wrong_types_is_left_out) {
  NgArticle *a = ng_article_new("x", "x");
  size_t p = add(a, NG_PERSON, "Ida Brenner");
  size_t o = add(a, NG_ORGANIZATION, "Harbor Institute");
  ng_article_add_relation(a, NG_REL_MEMBER, o, p, "Chair", NULL); /* reversed */
  ng_article_add_relation(a, NG_REL_LOCATION, o, p, NULL, NULL);
  n_warnings = 0;
  ng_log_set_sink(counting_sink, NULL);
  char *nt = ntriples_of(a);
  ng_log_set_sink(NULL, NULL);
  ck_assert_int_eq(n_warnings, 2);
  ck_assert_uint_eq(count(nt, P(ORG_MEMBERSHIP)), 0);
  ck_assert_uint_eq(count(nt, P(SCHEMA_LOCATION)), 0);
  free(nt);
  ng_article_free(a);
}
END_TEST

START_TEST(out_of_range_index_is_bad_arg) {
  NgArticle *a = ng_article_new("x", "x");
  size_t p = add(a, NG_PERSON, "Ida Brenner");
  ck_assert_int_eq(ng_article_add_relation(a, NG_REL_AUTHOR, 0, p, NULL, NULL),
                   NG_SUCCESS);
  a->relations[0].object = p + 7; /* a broken article: the model checks this */
  NgGraph *g = NULL;
  ck_assert_int_eq(ng_graph_new(BASE, &g), NG_SUCCESS);
  ng_log_set_sink(counting_sink, NULL);
  ck_assert_int_eq(ng_graph_add_article(g, a), NG_ERR_BAD_ARG);
  ng_log_set_sink(NULL, NULL);
  ng_graph_free(g);
  ng_article_free(a);
}
END_TEST

START_TEST(collaboration_has_members_date_topics_kind) {
  NgArticle *a = ng_article_new("x", "x");
  size_t o1 = add(a, NG_ORGANIZATION, "Zenith Polytechnic");
  size_t o2 = add(a, NG_ORGANIZATION, "Alder Clinic");
  size_t members[] = {o1, o2};
  size_t c = 0;
  char rule[] = "collab", ev[] = "They signed.";
  NgProvenance prov = {rule, ev, 0, 12};
  ng_article_add_collaboration(a, members, 2, "2021-06-15", "memorandum", &prov,
                               &c);
  ng_article_add_topic(a, c, "remote care");
  char *nt = ntriples_of(a);
  /* the key sorts member keys, whatever the order of their indexes */
  const char *n =
      ID("collaboration", "alder-clinic--zenith-polytechnic--2021-06-15");
  ck_assert_triple(nt, n, P(RDF_TYPE), P(ORG_ORGANIZATIONAL_COLLABORATION));
  ck_assert_no_triple(nt, n, P(RDF_TYPE), P(SCHEMA_ORGANIZATION));
  ck_assert_triple(nt, n, P(ORG_HAS_MEMBER),
                   ID("organization", "zenith-polytechnic"));
  ck_assert_triple(nt, n, P(ORG_HAS_MEMBER),
                   ID("organization", "alder-clinic"));
  ck_assert_triple(nt, n, P(SCHEMA_FOUNDING_DATE),
                   "\"2021-06-15\"^^" P(XSD_DATE));
  ck_assert_triple(nt, n, P(SCHEMA_ABOUT), ID("topic", "remote-care"));
  ck_assert_triple(nt, ID("topic", "remote-care"), P(RDF_TYPE),
                   P(SKOS_CONCEPT));
  ck_assert_triple(nt, ID("topic", "remote-care"), P(SKOS_PREF_LABEL),
                   "\"remote care\"");
  ck_assert_triple(nt, n, P(NG_KIND), "\"memorandum\"");
  ck_assert_triple(nt, n, P(PROV_WAS_DERIVED_FROM), ID("article", "x"));
  ck_assert_triple(nt, n, P(NG_END_OFFSET), "\"12\"^^" P(XSD_INTEGER));
  free(nt);
  ng_article_free(a);
}
END_TEST

START_TEST(dates_get_their_datatypes) {
  ck_assert_str_eq(ng_date_datatype("2024-02-29"), XSD_DATE);
  ck_assert_str_eq(ng_date_datatype("2024-05"), XSD_G_YEAR_MONTH);
  ck_assert_str_eq(ng_date_datatype("1999"), XSD_G_YEAR);
  ck_assert_ptr_null(ng_date_datatype("2023-02-29"));
  ck_assert_ptr_null(ng_date_datatype("2024-13"));
  ck_assert_ptr_null(ng_date_datatype("2024-04-31"));
  ck_assert_ptr_null(ng_date_datatype("May 2024"));
  ck_assert_ptr_null(ng_date_datatype("2024-05-01T10:00"));
  ck_assert_ptr_null(ng_date_datatype(""));

  NgArticle *a = ng_article_new("x", "x");
  size_t e1 = add(a, NG_EVENT, "First Meeting");
  size_t e2 = add(a, NG_EVENT, "Second Meeting");
  size_t e3 = add(a, NG_EVENT, "Third Meeting");
  ng_article_set_entity_field(a, e1, "start_date", "2024-05-01");
  ng_article_set_entity_field(a, e1, "end_date", "2024-05-03");
  ng_article_set_entity_field(a, e2, "start_date", "2024-05");
  ng_article_set_entity_field(a, e3, "start_date", "2024");
  ng_article_set_entity_field(a, e3, "end_date", "soon");
  ng_log_set_sink(counting_sink, NULL);
  n_warnings = 0;
  char *nt = ntriples_of(a);
  ng_log_set_sink(NULL, NULL);
  ck_assert_int_eq(n_warnings, 1);
  ck_assert_triple(nt, ID("event", "first-meeting"), P(SCHEMA_START_DATE),
                   "\"2024-05-01\"^^" P(XSD_DATE));
  ck_assert_triple(nt, ID("event", "first-meeting"), P(SCHEMA_END_DATE),
                   "\"2024-05-03\"^^" P(XSD_DATE));
  ck_assert_triple(nt, ID("event", "second-meeting"), P(SCHEMA_START_DATE),
                   "\"2024-05\"^^" P(XSD_G_YEAR_MONTH));
  ck_assert_triple(nt, ID("event", "third-meeting"), P(SCHEMA_START_DATE),
                   "\"2024\"^^" P(XSD_G_YEAR));
  ck_assert_uint_eq(count(nt, "soon"), 0);
  free(nt);
  ng_article_free(a);
}
END_TEST

/* --------------------------------------------------- escaping, formats */

static const char *const hostile[] = {
    "Quote \" and 'single'",
    "Back\\slash \\n \\u0041",
    "New\nline and\ttab",
    "Angle <brackets> & {braces}",
    "Triple \"\"\" quotes \"\"\"",
    "Ends with \"",
    "\xE5\x8C\x97\xE6\xB9\x96\xE5\xAD\xA6\xE9\x99\xA2",
    "Control \x01\x1F chars",
    "Carriage\rreturn"};

static NgArticle *hostile_article(void) {
  NgArticle *a = ng_article_new("hostile \"file\".txt", "hostile <key>");
  for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
    size_t o = add(a, NG_ORGANIZATION, hostile[i]);
    ng_article_add_alias(a, o, "alias \"\"\" of it");
  }
  size_t p = add(a, NG_PERSON, "Name \"With\" \\ Quotes");
  ng_article_add_relation(a, NG_REL_MEMBER, p, 0, "Head \"of\" <it>\n", NULL);
  ng_article_set_field(a, "headline", "Head\"line\"\"\"\n\\");
  return a;
}

START_TEST(hostile_names_give_parseable_output) {
  NgArticle *a = hostile_article();
  NgGraph *g = graph_of(a);
  int size = (int)ng_graph_size(g);
  ck_assert_int_gt(size, 20);
  const char *formats[][2] = {{"turtle", "turtle"},
                              {"ntriples", "ntriples"},
                              {"nquads", "nquads"},
                              {"rdfxml", "rdfxml"}};
  for (size_t i = 0; i < 4; i++) {
    char *text = write_graph(g, formats[i][0]);
    ck_assert_msg(parse_back(text, formats[i][1]) == size,
                  "%s output does not parse back to %d triples:\n%s",
                  formats[i][0], size, text);
    free(text);
  }
  /* names with quotes and backslashes come back exactly */
  char *nt = write_graph(g, "ntriples");
  ck_assert_msg(strstr(nt, "\"Name \\\"With\\\" \\\\ Quotes\""), "%s", nt);
  free(nt);
  ng_graph_free(g);
  ng_article_free(a);
}
END_TEST

START_TEST(output_is_deterministic) {
  /* two graphs filled in opposite orders give the same bytes */
  NgArticle *a = hostile_article();
  NgArticle *b = ng_article_new("b.txt", "b");
  size_t p = add(b, NG_PERSON, "Ida Brenner");
  size_t o = add(b, NG_ORGANIZATION, "Harbor Institute");
  ng_article_add_relation(b, NG_REL_MEMBER, p, o, "Chair", NULL);
  NgGraph *g1 = graph_of(a);
  ck_assert_int_eq(ng_graph_add_article(g1, b), NG_SUCCESS);
  NgGraph *g2 = graph_of(b);
  ck_assert_int_eq(ng_graph_add_article(g2, a), NG_SUCCESS);
  const char *formats[] = {"turtle", "ntriples", "nquads", "rdfxml"};
  for (size_t i = 0; i < 4; i++) {
    char *t1 = write_graph(g1, formats[i]);
    char *t2 = write_graph(g2, formats[i]);
    char *t3 = write_graph(g1, formats[i]);
    ck_assert_str_eq(t1, t2);
    ck_assert_str_eq(t1, t3);
    free(t1);
    free(t2);
    free(t3);
  }
  ng_graph_free(g1);
  ng_graph_free(g2);
  ng_article_free(a);
  ng_article_free(b);
}
END_TEST

START_TEST(ntriples_output_is_sorted) {
  NgArticle *a = hostile_article();
  char *nt = ntriples_of(a);
  char *prev = NULL;
  for (char *line = strtok(nt, "\n"); line; line = strtok(NULL, "\n")) {
    if (prev) {
      ck_assert_msg(strcmp(prev, line) < 0, "%s\nbefore\n%s", prev, line);
    }
    prev = line;
  }
  free(nt);
  ng_article_free(a);
}
END_TEST

START_TEST(adding_an_article_twice_adds_nothing) {
  NgArticle *a = hostile_article();
  NgGraph *g = graph_of(a);
  size_t n = ng_graph_size(g);
  ck_assert_int_eq(ng_graph_add_article(g, a), NG_SUCCESS);
  ck_assert_uint_eq(ng_graph_size(g), n);
  ng_graph_free(g);
  ng_article_free(a);
}
END_TEST

/* An article with every kind of fact, some the mapping leaves out with a
 * warning (a bad date, a relation between wrong types, a bad subclass). */
static NgArticle *rich_article(void) {
  NgArticle *a = hostile_article();
  ng_article_set_field(a, "date_published", "2024-02-29");
  ng_article_set_field(a, "url", "https://news.example/a?b=c d\"");
  size_t p = add(a, NG_PERSON, "J\xC3\xBCrgen \xF0\x9F\x98\x80 Smith");
  ng_article_set_entity_field(a, p, "honorific", "Dr.");
  ng_article_set_entity_field(a, p, "job_title", "Dean\tof\x7F" "Arts");
  size_t o = add(a, NG_ORGANIZATION, "Harbor Institute");
  ng_article_set_entity_field(a, o, "subclass", "CollegeOrUniversity");
  size_t o2 = add(a, NG_ORGANIZATION, "Bay Clinic");
  ng_article_set_entity_field(a, o2, "subclass", "not a class");
  size_t e = add(a, NG_EVENT, "Harbor Summit 2024");
  ng_article_set_entity_field(a, e, "start_date", "2024-05-01");
  ng_article_set_entity_field(a, e, "end_date", "2024-13-01");
  NgProvenance prov = {(char *)"rule-x", (char *)"It said \"so\".", 10, 42};
  ng_article_set_entity_provenance(a, e, &prov);
  size_t pl = add(a, NG_PLACE, "Great Hall");
  ng_article_add_relation(a, NG_REL_MEMBER, p, o, "Dean", &prov);
  ng_article_add_relation(a, NG_REL_PARENT, o2, o, NULL, &prov);
  ng_article_add_relation(a, NG_REL_LOCATION, e, pl, NULL, &prov);
  ng_article_add_relation(a, NG_REL_ORGANIZER, e, o, NULL, &prov);
  ng_article_add_relation(a, NG_REL_PERFORMER, e, p, NULL, NULL);
  ng_article_add_relation(a, NG_REL_ATTENDEE, pl, p, NULL, NULL); /* wrong */
  ng_article_add_relation(a, NG_REL_AUTHOR, 0, p, NULL, NULL);
  size_t members[] = {o, o2};
  size_t c;
  ng_article_add_collaboration(a, members, 2, "2024-03", "memorandum", &prov,
                               &c);
  ng_article_add_topic(a, c, "rural \"tele\" medicine");
  ng_article_add_topic(a, c, "nursing");
  return a;
}

START_TEST(serialized_lines_are_the_graph_written) {
  NgArticle *articles[] = {hostile_article(), rich_article(),
                           ng_article_new("empty.txt", "empty")};
  const char *formats[] = {"ntriples", "nquads"};
  ng_log_set_sink(counting_sink, NULL);
  for (size_t i = 0; i < 3; i++) {
    for (size_t f = 0; f < 2; f++) {
      n_warnings = n_errors = 0;
      NgGraph *g = graph_of(articles[i]);
      char *expected = write_graph(g, formats[f]);
      ng_graph_free(g);
      int warnings = n_warnings;
      n_warnings = 0;
      char *lines = NULL;
      size_t len = 0;
      ck_assert_int_eq(
          ng_article_serialize(articles[i], BASE, formats[f], &lines, &len),
          NG_SUCCESS);
      ck_assert_uint_eq(len, strlen(lines));
      ck_assert_str_eq(lines, expected);
      ck_assert_int_eq(n_warnings, warnings); /* the same facts left out */
      ck_assert_int_eq(n_errors, 0);
      free(lines);
      free(expected);
    }
  }
  ng_log_set_sink(NULL, NULL);
  char *lines = NULL;
  size_t len = 0;
  ck_assert_int_eq(ng_article_serialize(articles[1], BASE, "turtle", &lines,
                                        &len),
                   NG_ERR_BAD_ARG);
  ck_assert_ptr_null(lines);
  ck_assert_int_eq(ng_article_serialize(NULL, BASE, "ntriples", &lines, &len),
                   NG_ERR_BAD_ARG);
  for (size_t i = 0; i < 3; i++) {
    ng_article_free(articles[i]);
  }
}
END_TEST

START_TEST(formats_and_bad_arguments) {
  ck_assert(ng_format_supported("turtle"));
  ck_assert(ng_format_supported("ntriples"));
  ck_assert(ng_format_supported("nquads"));
  ck_assert(ng_format_supported("rdfxml"));
  ck_assert(!ng_format_supported("json"));
  ck_assert(!ng_format_supported(NULL));
  NgGraph *g = NULL;
  ck_assert_int_eq(ng_graph_new(NULL, &g), NG_SUCCESS);
  ck_assert_uint_eq(ng_graph_size(g), 0);
  ck_assert_int_eq(ng_graph_write(g, "json", stdout), NG_ERR_BAD_ARG);
  ck_assert_int_eq(ng_graph_add_article(g, NULL), NG_ERR_BAD_ARG);
  ng_graph_free(g);
  ng_graph_free(NULL);
  ck_assert_int_eq(ng_graph_new(NULL, NULL), NG_ERR_BAD_ARG);
}
END_TEST

START_TEST(write_error_is_io) {
  NgArticle *a = hostile_article();
  NgGraph *g = graph_of(a);
  FILE *f = fopen("/dev/full", "w");
  if (f) {
    ng_log_set_sink(counting_sink, NULL);
    ck_assert_int_eq(ng_graph_write(g, "ntriples", f), NG_ERR_IO);
    ng_log_set_sink(NULL, NULL);
    fclose(f);
  }
  ng_graph_free(g);
  ng_article_free(a);
}
END_TEST

START_TEST(nquads_carry_the_context) {
  librdf_world *w = ng_rdf_world();
  librdf_storage *st =
      librdf_new_storage(w, "hashes", "t", "hash-type='memory',contexts='yes'");
  librdf_model *m = librdf_new_model(w, st, NULL);
  ck_assert(st && m);
  NgArticle *a = ng_article_new("x", "ctx");
  add(a, NG_PLACE, "Pier Hall");
  char *giri = ng_article_graph_iri(BASE, a);
  librdf_node *ctx = librdf_new_node_from_uri_string(w, NG_U(giri));
  ck_assert_int_eq(ng_rdf_add_article(m, ctx, BASE, a), NG_SUCCESS);
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  ck_assert_int_eq(ng_rdf_write_model(m, "nquads", f), NG_SUCCESS);
  fclose(f);
  ck_assert_triple(text, ID("place", "pier-hall"), P(RDF_TYPE),
                   P(SCHEMA_PLACE) " " ID("graph", "ctx"));
  free(text);
  free(giri);
  librdf_free_node(ctx);
  librdf_free_model(m);
  librdf_free_storage(st);
  ng_article_free(a);
}
END_TEST

START_TEST(redland_messages_go_to_the_log_sink) {
  n_errors = n_warnings = 0;
  ng_log_set_sink(counting_sink, NULL);
  ck_assert_int_eq(parse_back("<a> <b> \"unterminated .", "turtle"), -1);
  ng_log_set_sink(NULL, NULL);
  ck_assert_int_gt(n_errors + n_warnings, 0);
}
END_TEST

static Suite *output_suite(void) {
  Suite *s = suite_create("output");
  TCase *iri = tcase_create("iri");
  tcase_add_test(iri, mint_iri_is_base_kind_key);
  tcase_add_test(iri, mint_iri_is_always_a_valid_iri);
  tcase_add_test(iri, names_of_punctuation_get_distinct_iris);
  tcase_add_test(iri, same_organization_in_two_articles_is_one_node);
  tcase_add_test(iri, article_iris_come_from_the_key);
  suite_add_tcase(s, iri);
  TCase *map = tcase_create("mapping");
  tcase_add_test(map, article_node_has_type_date_headline_source_url);
  tcase_add_test(map, person_has_name_parts_aliases_and_title);
  tcase_add_test(map, organization_has_subclass_beside_organization);
  tcase_add_test(map, membership_with_role);
  tcase_add_test(map, membership_without_role);
  tcase_add_test(map, each_relation_type_has_its_predicate);
  tcase_add_test(map, relation_between_wrong_types_is_left_out);
  tcase_add_test(map, out_of_range_index_is_bad_arg);
  tcase_add_test(map, collaboration_has_members_date_topics_kind);
  tcase_add_test(map, dates_get_their_datatypes);
  suite_add_tcase(s, map);
  TCase *out = tcase_create("writing");
  tcase_add_test(out, hostile_names_give_parseable_output);
  tcase_add_test(out, output_is_deterministic);
  tcase_add_test(out, ntriples_output_is_sorted);
  tcase_add_test(out, adding_an_article_twice_adds_nothing);
  tcase_add_test(out, serialized_lines_are_the_graph_written);
  tcase_add_test(out, formats_and_bad_arguments);
  tcase_add_test(out, write_error_is_io);
  tcase_add_test(out, nquads_carry_the_context);
  tcase_add_test(out, redland_messages_go_to_the_log_sink);
  suite_add_tcase(s, out);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(output_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
