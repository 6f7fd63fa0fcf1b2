/*
 * check_store.c: unit tests of NgStore (output/store.c, output/query.c):
 * one named graph per article replaced all or nothing, shared nodes merged,
 * export of one graph or all, query result formats, safe parameters and
 * errors.  Runs on the memory store and on an sqlite store in a temp dir.
 */
#define _POSIX_C_SOURCE 200809L
#include "newsgraph.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[256];
static char spec[512];

/* The store specs the store tests run on, by loop index. */
static const char *store_spec(int i) {
  if (i == 0) {
    return "memory";
  }
  snprintf(spec, sizeof spec, "sqlite:%s/t.db", tmpdir);
  return spec;
}

static void setup(void) {
  snprintf(tmpdir, sizeof tmpdir, "%s/check_store.XXXXXX",
           getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  ck_assert_int_eq(system(cmd), 0);
}

/* An invented article: two institutions agree on a topic; a person holds a
 * post at the first.  partner names the second institution. */
static NgArticle *article(const char *key, const char *partner,
                          const char *date) {
  NgArticle *a = ng_article_new(key, key);
  size_t org[2], p, c;
  ck_assert_ptr_nonnull(a);
  ng_article_add_entity(a, NG_ORGANIZATION, "Quillmere Polytechnic", &org[0]);
  ng_article_add_entity(a, NG_ORGANIZATION, partner, &org[1]);
  ng_article_add_entity(a, NG_PERSON, "Odile Varnak", &p);
  ck_assert_int_eq(ng_article_add_relation(a, NG_REL_MEMBER, p, org[0],
                                           "Rector", NULL), NG_SUCCESS);
  ck_assert_int_eq(ng_article_add_collaboration(a, org, 2, date, "agreement",
                                                NULL, &c), NG_SUCCESS);
  ng_article_add_topic(a, c, "tidal energy");
  return a;
}

/* Runs sparql on store into a string.  New (free()). */
static char *query(NgStore *store, const char *sparql, const char *format,
                   NgStatus *st) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  ck_assert_ptr_nonnull(f);
  *st = ng_store_query(store, sparql, format, f);
  fclose(f);
  return buf;
}

static char *export(NgStore *store, const char *graph, const char *format) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(ng_store_export(store, graph, format, f), NG_SUCCESS);
  fclose(f);
  return buf;
}

static size_t count_lines(const char *s) {
  size_t n = 0;
  for (; *s; ++s) {
    n += *s == '\n';
  }
  return n;
}

#define PFX                                                                    \
  "PREFIX schema: <http://schema.org/> PREFIX org: <http://www.w3.org/ns/org#> "

START_TEST(test_put_twice_is_idempotent) {
  NgStore *s = NULL;
  ck_assert_int_eq(ng_store_open(store_spec(_i), NULL, &s), NG_SUCCESS);
  NgArticle *a = article("harbour-news-1", "Brackwater Institute", "2021-05-04");
  ck_assert_int_eq(ng_store_put_article(s, a), NG_SUCCESS);
  size_t once = ng_store_size(s);
  ck_assert_uint_gt(once, 10);
  ck_assert_int_eq(ng_store_put_article(s, a), NG_SUCCESS);
  ck_assert_uint_eq(ng_store_size(s), once);
  ng_article_free(a);
  ng_store_close(s);
}
END_TEST

START_TEST(test_changed_article_drops_stale_facts) {
  NgStore *s = NULL;
  NgStatus st;
  ck_assert_int_eq(ng_store_open(store_spec(_i), NULL, &s), NG_SUCCESS);
  NgArticle *v1 = article("harbour-news-2", "Brackwater Institute", "2021-05-04");
  NgArticle *v2 = article("harbour-news-2", "Fenmoor College", NULL);
  ck_assert_int_eq(ng_store_put_article(s, v1), NG_SUCCESS);
  ck_assert_int_eq(ng_store_put_article(s, v2), NG_SUCCESS);
  char *out = query(s, PFX "SELECT ?n WHERE { ?o a schema:Organization ; "
                           "schema:name ?n } ORDER BY ?n", "csv", &st);
  ck_assert_int_eq(st, NG_SUCCESS);
  ck_assert_ptr_nonnull(strstr(out, "Fenmoor College"));
  ck_assert_ptr_null(strstr(out, "Brackwater"));
  free(out);
  out = query(s, PFX "ASK { ?c schema:foundingDate ?d }", "csv", &st);
  ck_assert_str_eq(out, "false\n");
  free(out);
  ng_article_free(v1);
  ng_article_free(v2);
  ng_store_close(s);
}
END_TEST

START_TEST(test_shared_org_is_one_node) {
  NgStore *s = NULL;
  NgStatus st;
  ck_assert_int_eq(ng_store_open(store_spec(_i), NULL, &s), NG_SUCCESS);
  NgArticle *a = article("harbour-news-3", "Brackwater Institute", NULL);
  NgArticle *b = article("harbour-news-4", "Fenmoor College", NULL);
  ck_assert_int_eq(ng_store_put_article(s, a), NG_SUCCESS);
  ck_assert_int_eq(ng_store_put_article(s, b), NG_SUCCESS);
  char *out = query(s, PFX "SELECT DISTINCT ?o WHERE { ?o schema:name "
                           "\"Quillmere Polytechnic\" }", "tsv", &st);
  ck_assert_int_eq(st, NG_SUCCESS);
  ck_assert_uint_eq(count_lines(out), 2); /* header + one IRI */
  free(out);
  /* the partnerships preset shape sees both collaborations */
  out = query(s, PFX "SELECT DISTINCT ?b WHERE { ?c a "
                     "org:OrganizationalCollaboration . ?c org:hasMember ?x , "
                     "?y . ?x schema:name ?a . ?y schema:name ?b . "
                     "FILTER(STR(?a) = \"Quillmere Polytechnic\" && ?x != ?y) }",
              "tsv", &st);
  ck_assert_uint_eq(count_lines(out), 3);
  free(out);
  ng_article_free(a);
  ng_article_free(b);
  ng_store_close(s);
}
END_TEST

START_TEST(test_export_one_graph_and_nquads) {
  NgStore *s = NULL;
  ck_assert_int_eq(ng_store_open(store_spec(_i), NULL, &s), NG_SUCCESS);
  NgArticle *a = article("harbour-news-5", "Brackwater Institute", NULL);
  NgArticle *b = article("harbour-news-6", "Fenmoor College", NULL);
  ck_assert_int_eq(ng_store_put_article(s, a), NG_SUCCESS);
  ck_assert_int_eq(ng_store_put_article(s, b), NG_SUCCESS);
  char *ga = ng_article_graph_iri(NG_DEFAULT_BASE_IRI, a);
  char *gb = ng_article_graph_iri(NG_DEFAULT_BASE_IRI, b);
  char *one = export(s, ga, "ntriples");
  ck_assert_ptr_nonnull(strstr(one, "Brackwater"));
  ck_assert_ptr_null(strstr(one, "Fenmoor"));
  char *quads = export(s, NULL, "nquads");
  ck_assert_ptr_nonnull(strstr(quads, ga));
  ck_assert_ptr_nonnull(strstr(quads, gb));
  ck_assert_uint_eq(count_lines(quads), ng_store_size(s));
  char *ttl = export(s, NULL, "turtle");
  ck_assert_ptr_nonnull(strstr(ttl, "@prefix schema: <http://schema.org/>"));
  /* removing a graph leaves the other */
  ck_assert_int_eq(ng_store_remove_graph(s, ga), NG_SUCCESS);
  char *rest = export(s, NULL, "ntriples");
  ck_assert_ptr_null(strstr(rest, "Brackwater"));
  ck_assert_ptr_nonnull(strstr(rest, "Fenmoor"));
  FILE *devnull = fopen("/dev/null", "w");
  ck_assert_int_eq(ng_store_export(s, NULL, "rdfxml-nope", devnull),
                   NG_ERR_BAD_ARG);
  fclose(devnull);
  free(rest);
  free(ttl);
  free(quads);
  free(one);
  free(ga);
  free(gb);
  ng_article_free(a);
  ng_article_free(b);
  ng_store_close(s);
}
END_TEST

START_TEST(test_query_formats) {
  NgStore *s = NULL;
  NgStatus st;
  ck_assert_int_eq(ng_store_open(store_spec(_i), NULL, &s), NG_SUCCESS);
  NgArticle *a = article("harbour-news-7", "Brackwater Institute", "2022-01-02");
  ck_assert_int_eq(ng_store_put_article(s, a), NG_SUCCESS);
  const char *q = PFX "SELECT ?d WHERE { ?c schema:foundingDate ?d }";
  static const char *const expect[][2] = {
      {"table", "?d\n----------\n2022-01-02\n"},
      {"csv", "2022-01-02"},
      {"tsv", "?d\n"},
      {"json", "\"bindings\""},
      {"xml", "<sparql"}};
  for (size_t i = 0; i < 5; ++i) {
    char *out = query(s, q, expect[i][0], &st);
    ck_assert_int_eq(st, NG_SUCCESS);
    ck_assert_msg(strstr(out, expect[i][1]), "%s: %s", expect[i][0], out);
    free(out);
  }
  char *out = query(s, PFX "CONSTRUCT { ?c a org:OrganizationalCollaboration }"
                           " WHERE { ?c a org:OrganizationalCollaboration }",
                    "csv", &st);
  ck_assert_int_eq(st, NG_SUCCESS);
  ck_assert_ptr_nonnull(strstr(out, "org:OrganizationalCollaboration"));
  free(out);
  out = query(s, q, "yaml", &st);
  ck_assert_int_eq(st, NG_ERR_BAD_ARG);
  free(out);
  ng_article_free(a);
  ng_store_close(s);
}
END_TEST

static void quiet_sink(void *h, const NgDiagnostic *d) {
  (void)d;
  ++*(int *)h;
}

START_TEST(test_bad_query_is_syntax_error) {
  NgStore *s = NULL;
  NgStatus st;
  int n = 0;
  ck_assert_int_eq(ng_store_open("memory", NULL, &s), NG_SUCCESS);
  ng_log_set_sink(quiet_sink, &n);
  char *out = query(s, "SELECT ?x WHERE { ?x ?y }", "csv", &st);
  ng_log_set_sink(NULL, NULL);
  ck_assert_int_eq(st, NG_ERR_SYNTAX);
  ck_assert_int_gt(n, 0); /* the parser's message was logged */
  free(out);
  ng_store_close(s);
}
END_TEST

START_TEST(test_hostile_parameters_are_escaped) {
  const char *names[] = {"org"};
  const char *hostile[] = {
      "x\") } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o FILTER(\"",
      "back\\slash\" . ?a ?b ?c #", "line\nbreak'''\"\"\""};
  char *out = NULL;
  for (size_t i = 0; i < 3; ++i) {
    const char *values[] = {hostile[i]};
    ck_assert_int_eq(ng_sparql_bind("SELECT ?o WHERE { ?o ?p $org }", names,
                                    values, 1, &out), NG_SUCCESS);
    /* the query still parses, and matches nothing but that exact string */
    NgStore *s = NULL;
    NgStatus st;
    ck_assert_int_eq(ng_store_open("memory", NULL, &s), NG_SUCCESS);
    NgArticle *a = article("harbour-news-8", "Brackwater Institute", NULL);
    ck_assert_int_eq(ng_store_put_article(s, a), NG_SUCCESS);
    char *res = query(s, out, "tsv", &st);
    ck_assert_msg(st == NG_SUCCESS, "%s", out);
    ck_assert_ptr_null(strstr(res, "http")); /* no row */
    free(res);
    ng_article_free(a);
    ng_store_close(s);
    free(out);
  }
  const char *values[] = {"a\"b\\c\nd"};
  ck_assert_int_eq(ng_sparql_bind("ASK { ?o ?p $org }", names, values, 1, &out),
                   NG_SUCCESS);
  ck_assert_str_eq(out, "ASK { ?o ?p \"a\\\"b\\\\c\\nd\" }");
  free(out);
  /* $ inside strings, IRIs and comments is not a parameter */
  ck_assert_int_eq(ng_sparql_bind("# $org\nASK { <http://x/$org> ?p '$org', "
                                  "$org }", names, values, 1, &out),
                   NG_SUCCESS);
  ck_assert_str_eq(out, "# $org\nASK { <http://x/$org> ?p '$org', "
                        "\"a\\\"b\\\\c\\nd\" }");
  free(out);
  int n = 0;
  ng_log_set_sink(quiet_sink, &n);
  ck_assert_int_eq(ng_sparql_bind("ASK { ?o ?p $who }", names, values, 1, &out),
                   NG_ERR_BAD_ARG);
  ck_assert_int_eq(ng_sparql_bind("ASK { ?o ?p ?q }", names, values, 1, &out),
                   NG_ERR_BAD_ARG);
  ng_log_set_sink(NULL, NULL);
  ck_assert_ptr_null(out);
}
END_TEST

START_TEST(test_bad_specs) {
  NgStore *s = (NgStore *)1;
  int n = 0;
  ng_log_set_sink(quiet_sink, &n);
  ck_assert_int_eq(ng_store_open("mongodb:x", NULL, &s), NG_ERR_BAD_ARG);
  ck_assert_ptr_null(s);
  ck_assert_int_eq(ng_store_open("sqlite:", NULL, &s), NG_ERR_BAD_ARG);
  ck_assert_int_eq(ng_store_open("postgresql:host=h color=blue", NULL, &s),
                   NG_ERR_BAD_ARG);
  ck_assert_int_eq(ng_store_open("postgresql:host=h dbname='unterminated",
                                 NULL, &s), NG_ERR_BAD_ARG);
  ng_log_set_sink(NULL, NULL);
  ck_assert_int_ge(n, 4);
  ng_store_close(NULL);
}
END_TEST

START_TEST(test_sqlite_persists_and_hashes) {
  NgStore *s = NULL;
  NgArticle *a = article("harbour-news-9", "Brackwater Institute", NULL);
  ck_assert_int_eq(ng_store_open(store_spec(1), NULL, &s), NG_SUCCESS);
  ck_assert_int_eq(ng_store_put_article(s, a), NG_SUCCESS);
  size_t n = ng_store_size(s);
  ng_store_close(s);
  ck_assert_int_eq(ng_store_open(store_spec(1), NULL, &s), NG_SUCCESS);
  ck_assert_uint_eq(ng_store_size(s), n); /* reopening keeps the data */
  ng_store_close(s);
  char bdb[600];
  snprintf(bdb, sizeof bdb, "hashes:%s/bdb", tmpdir);
  ck_assert_int_eq(ng_store_open(bdb, NULL, &s), NG_SUCCESS);
  ck_assert_int_eq(ng_store_put_article(s, a), NG_SUCCESS);
  ck_assert_int_eq(ng_store_put_article(s, a), NG_SUCCESS);
  ck_assert_uint_eq(ng_store_size(s), n);
  ng_store_close(s);
  ng_article_free(a);
}
END_TEST

START_TEST(test_query_over_files) {
  char path[600];
  snprintf(path, sizeof path, "%s/d.ttl", tmpdir);
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs("@prefix schema: <http://schema.org/> .\n"
        "<http://e.org/a> schema:name \"Wendle Academy\" .\n", f);
  fclose(f);
  const char *paths[] = {path};
  NgStore *s = NULL;
  NgStatus st;
  ck_assert_int_eq(ng_store_open_files(paths, 1, &s), NG_SUCCESS);
  char *out = query(s, PFX "SELECT ?n WHERE { ?a schema:name ?n }", "csv", &st);
  ck_assert_ptr_nonnull(strstr(out, "Wendle Academy"));
  free(out);
  ng_store_close(s);
}
END_TEST

static Suite *store_suite(void) {
  Suite *s = suite_create("store");
  TCase *tc = tcase_create("stores");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_loop_test(tc, test_put_twice_is_idempotent, 0, 2);
  tcase_add_loop_test(tc, test_changed_article_drops_stale_facts, 0, 2);
  tcase_add_loop_test(tc, test_shared_org_is_one_node, 0, 2);
  tcase_add_loop_test(tc, test_export_one_graph_and_nquads, 0, 2);
  tcase_add_loop_test(tc, test_query_formats, 0, 2);
  tcase_add_test(tc, test_bad_query_is_syntax_error);
  tcase_add_test(tc, test_hostile_parameters_are_escaped);
  tcase_add_test(tc, test_bad_specs);
  tcase_add_test(tc, test_sqlite_persists_and_hashes);
  tcase_add_test(tc, test_query_over_files);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(store_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* rasqal 0.9.33 leaks the rows of every SELECT DISTINCT (roqet itself does,
 * under LeakSanitizer): not ours to fix, so LeakSanitizer is told to ignore
 * leaks allocated inside librasqal in this test program. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
  return "leak:librasqal.so\n";
}
