/*
 * make_sample_graph.c: writes the graph of one representative, invented
 * article to stdout (Turtle, or the format named by argv[1]), so that
 * tests/shacl.test can check the output stage against ontology/shapes.ttl
 * before the extractor exists.  Every kind of fact the output stage maps
 * appears at least once.  With "hostile" as argv[2], names full of quotes,
 * backslashes, newlines and brackets are added, for parsers to choke on.
 */
#include "newsgraph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(expr)                                                            \
  do {                                                                         \
    if ((expr) > NG_FAILURE) {                                                 \
      fprintf(stderr, "make_sample_graph: %s failed\n", #expr);                \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

static size_t entity(NgArticle *a, NgEntityType type, const char *name) {
  size_t i = 0;
  CHECK(ng_article_add_entity(a, type, name, &i));
  return i;
}

static NgArticle *sample_article(void) {
  NgArticle *a = ng_article_new("sample/lakeside-press-release.txt",
                                "lakeside-press-release");
  if (!a) {
    exit(1);
  }
  /* NgProvenance holds non-const strings; these are never written */
  char r1[] = "person-title-org", r2[] = "collab-signed";
  char e1[] = "Dr. Mira Okonjo, Dean of the Lakeside "
              "School of Nursing, opened the forum.";
  char e2[] = "Lakeside University and Harbor Valley "
              "Hospital signed an agreement on smart wards.";
  NgProvenance p1 = {r1, e1, 120, 190};
  NgProvenance p2 = {r2, e2, 300, 385};
  CHECK(ng_article_set_field(a, "headline", "Lakeside hosts a nursing forum"));
  CHECK(ng_article_set_field(a, "date_published", "2023-04-12"));
  CHECK(ng_article_set_field(a, "url",
                             "https://news.example.edu/lakeside/forum"));

  size_t mira = entity(a, NG_PERSON, "Mira Okonjo");
  CHECK(ng_article_set_entity_field(a, mira, "honorific", "Dr."));
  CHECK(ng_article_set_entity_field(a, mira, "given_name", "Mira"));
  CHECK(ng_article_set_entity_field(a, mira, "family_name", "Okonjo"));
  size_t tomas = entity(a, NG_PERSON, "Tomas Reyes-Lind");
  CHECK(ng_article_set_entity_field(a, tomas, "job_title", "Staff Writer"));
  size_t uni = entity(a, NG_ORGANIZATION, "Lakeside University");
  CHECK(ng_article_set_entity_field(a, uni, "subclass", "CollegeOrUniversity"));
  CHECK(ng_article_add_alias(a, uni, "LU"));
  size_t school = entity(a, NG_ORGANIZATION, "Lakeside School of Nursing");
  size_t hosp = entity(a, NG_ORGANIZATION, "Harbor Valley Hospital");
  CHECK(ng_article_set_entity_field(a, hosp, "subclass", "Hospital"));
  CHECK(ng_article_add_alias(a, hosp, "HVH"));
  size_t forum = entity(a, NG_EVENT, "Spring Forum on Nursing Practice");
  CHECK(ng_article_set_entity_field(a, forum, "start_date", "2023-04-10"));
  CHECK(ng_article_set_entity_field(a, forum, "end_date", "2023-04-11"));
  CHECK(
      ng_article_set_entity_field(a, forum, "description", "a two-day forum"));
  CHECK(ng_article_set_entity_provenance(a, forum, &p1));
  size_t hall = entity(a, NG_PLACE, "Cedar Hall");

  CHECK(ng_article_add_relation(a, NG_REL_MEMBER, mira, school, "Dean", &p1));
  CHECK(ng_article_add_relation(a, NG_REL_MEMBER, tomas, uni, NULL, NULL));
  CHECK(ng_article_add_relation(a, NG_REL_PARENT, school, uni, NULL, NULL));
  CHECK(ng_article_add_relation(a, NG_REL_LOCATION, forum, hall, NULL, NULL));
  CHECK(
      ng_article_add_relation(a, NG_REL_ORGANIZER, forum, school, NULL, NULL));
  CHECK(ng_article_add_relation(a, NG_REL_SPONSOR, forum, hosp, NULL, NULL));
  CHECK(ng_article_add_relation(a, NG_REL_PERFORMER, forum, mira, NULL, NULL));
  CHECK(ng_article_add_relation(a, NG_REL_ATTENDEE, forum, tomas, NULL, NULL));
  CHECK(ng_article_add_relation(a, NG_REL_AUTHOR, 0, tomas, NULL, NULL));

  size_t members[2] = {hosp, uni};
  size_t c = 0;
  CHECK(ng_article_add_collaboration(a, members, 2, "2023-03", "agreement", &p2,
                                     &c));
  CHECK(ng_article_add_topic(a, c, "smart wards"));
  CHECK(ng_article_add_topic(a, c, "nurse training"));
  return a;
}

static void add_hostile_names(NgArticle *a) {
  static const char *const names[] = {"Quote \" Institute",
                                      "Back\\slash \\u0041 Works",
                                      "New\nline\tTab Lab",
                                      "Angle <Brackets> & {Braces} Ltd",
                                      "Triple \"\"\" Quotes \"\"\"",
                                      "Ends With Quote\"",
                                      "\xE5\x8C\x97\xE6\xB9\x96 Center",
                                      "Bell \x07 Co",
                                      "\xFF bad byte"};
  size_t first = 0;
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    size_t o = entity(a, NG_ORGANIZATION, names[i]);
    CHECK(ng_article_add_alias(a, o, "It \"\"\" \\ <x>"));
    if (i == 0) {
      first = o;
    }
  }
  size_t p = entity(a, NG_PERSON, "Odd \"Nick\" O'Name\\");
  CHECK(ng_article_add_relation(a, NG_REL_MEMBER, p, first, "Head \"of\"\n<it>",
                                NULL));
  size_t members[2] = {first, first + 1};
  CHECK(ng_article_add_collaboration(a, members, 2, NULL, "deal \"\"\"", NULL,
                                     NULL));
}

int main(int argc, char **argv) {
  const char *format = argc > 1 ? argv[1] : "turtle";
  NgArticle *a = sample_article();
  if (argc > 2 && !strcmp(argv[2], "hostile")) {
    add_hostile_names(a);
  }
  NgGraph *g = NULL;
  CHECK(ng_graph_new(NULL, &g));
  CHECK(ng_graph_add_article(g, a));
  NgStatus st = ng_graph_write(g, format, stdout);
  ng_graph_free(g);
  ng_article_free(a);
  if (st != NG_SUCCESS) {
    fprintf(stderr, "make_sample_graph: %s\n", ng_strerror(st));
    return 1;
  }
  return 0;
}
