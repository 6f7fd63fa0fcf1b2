/*
 * check_results.c: unit tests of the Turtle result set reader
 * (output/results_ttl.c) and of the ORDER BY newsgraph does for a server
 * (ng_query_local_order, ng_result_sort, the cut in
 * ng_query_virtuoso_text): every term form Virtuoso writes, an answer
 * split at every byte, and the error paths (an answer cut short, a
 * malformed row, a shape the reader does not know, an empty answer).
 */
#define _POSIX_C_SOURCE 200809L
#include "newsgraph.h"
#include "output/results_ttl.h"
#include "output/sparql.h"

#include "buf.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* An answer holding each kind of term, one row with an unbound column. */
static const char answer[] =
    "@prefix res: <http://www.w3.org/2005/sparql-results#> .\n"
    "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
    "_:_ a res:ResultSet .\n"
    "_:_ res:resultVariable \"s\" , \"u\" , \"l\" , \"n\" .\n"
    "@prefix xsd:\t<http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix ns1:\t<http://e.org/> .\n"
    "# a comment\n"
    "_:_ res:solution [\n"
    "      res:binding [ res:variable \"s\" ; res:value \"a\\tb\\\"c\\u00E9\" ] ;\n"
    "      res:binding [ res:variable \"u\" ; res:value ns1:x\\-y.z ] ;\n"
    "      res:binding [ res:variable \"l\" ; res:value \"x\"@en-gb ] ;\n"
    "      res:binding [ res:variable \"n\" ; res:value -12 ] ] .\n"
    "_:_ res:solution [\n"
    "      res:binding [ res:variable \"u\" ; res:value <http://e.org/a%20b> ] ;\n"
    "      res:binding [ res:variable \"s\" ; res:value \"\"\"two\nlines \"q\" \"\"\" ] ;\n"
    "      res:binding [ res:variable \"l\" ; res:value \"2020-01-01\"^^xsd:date ] ;\n"
    "      res:binding [ res:variable \"n\" ; res:value 3.0e4 ] ] .\n"
    "_:_ res:solution [\n"
    "      res:binding [ res:variable \"u\" ; res:value _:b12 ] ;\n"
    "      res:binding [ res:variable \"l\" ; res:value \"v\"^^<http://e.org/dt> ] ;\n"
    "      res:binding [ res:variable \"n\" ; res:value true ] ] .\n"
    "_:_ res:solution [ ] .\n";

typedef struct Read {
  NgStatus st;
  char **vars;
  size_t n_vars, n_rows;
  NgTermId *rows;
  int lossy;
} Read;

/* Reads text given in chunks of the sizes in cuts (0-terminated; what is
 * left after them in one chunk). */
static Read read_chunks(NgDict *d, const char *text, size_t len,
                        const size_t *cuts) {
  Read r;
  memset(&r, 0, sizeof r);
  NgTtlResults *t = ng_ttl_results_new(d, "test");
  ck_assert_ptr_nonnull(t);
  size_t at = 0;
  for (; cuts && *cuts && !r.st; ++cuts) {
    size_t n = *cuts < len - at ? *cuts : len - at;
    r.st = ng_ttl_results_chunk(t, text + at, n);
    at += n;
  }
  if (!r.st && at < len) {
    r.st = ng_ttl_results_chunk(t, text + at, len - at);
  }
  if (!r.st) {
    r.st = ng_ttl_results_end(t, &r.vars, &r.n_vars, &r.rows, &r.n_rows,
                              &r.lossy);
  }
  ng_ttl_results_free(t);
  return r;
}

static void read_free(Read *r) {
  for (size_t i = 0; i < r->n_vars; ++i) {
    free(r->vars[i]);
  }
  free(r->vars);
  free(r->rows);
}

static Read read_text(NgDict *d, const char *text) {
  return read_chunks(d, text, strlen(text), NULL);
}

static NgTermId lit(NgDict *d, const char *lex, const char *dt,
                    const char *lang) {
  return ng_dict_intern(d, NG_TERM_LITERAL, lex, strlen(lex),
                        dt ? ng_dict_iri(d, dt) : 0, lang);
}

#define XSD "http://www.w3.org/2001/XMLSchema#"

START_TEST(test_every_term_form) {
  NgDict *d = ng_dict_new();
  Read r = read_text(d, answer);
  ck_assert_int_eq(r.st, NG_SUCCESS);
  ck_assert_uint_eq(r.n_vars, 4);
  ck_assert_str_eq(r.vars[0], "s");
  ck_assert_str_eq(r.vars[3], "n");
  ck_assert_uint_eq(r.n_rows, 4);
  NgTermId want[16] = {
      lit(d, "a\tb\"c\xc3\xa9", NULL, NULL),
      ng_dict_iri(d, "http://e.org/x-y.z"),
      lit(d, "x", NULL, "en-gb"),
      lit(d, "-12", XSD "integer", NULL),
      lit(d, "two\nlines \"q\" ", NULL, NULL),
      ng_dict_iri(d, "http://e.org/a%20b"),
      lit(d, "2020-01-01", XSD "date", NULL),
      lit(d, "3.0e4", XSD "double", NULL),
      0,
      ng_dict_intern(d, NG_TERM_BLANK, "b12", 3, 0, NULL),
      lit(d, "v", "http://e.org/dt", NULL),
      lit(d, "true", XSD "boolean", NULL),
      0, 0, 0, 0};
  for (int i = 0; i < 16; ++i) {
    ck_assert_msg(r.rows[i] == want[i], "value %d", i);
  }
  ck_assert_int_eq(r.lossy, 0);
  read_free(&r);
  ng_dict_free(d);
}
END_TEST

/* The same rows whatever the chunks: cut at every byte, and one byte at a
 * time. */
START_TEST(test_any_split) {
  NgDict *d = ng_dict_new();
  Read whole = read_text(d, answer);
  ck_assert_int_eq(whole.st, NG_SUCCESS);
  size_t len = strlen(answer);
  for (size_t cut = 1; cut < len; ++cut) {
    size_t cuts[] = {cut, 0};
    Read r = read_chunks(d, answer, len, cuts);
    ck_assert_msg(r.st == NG_SUCCESS, "cut at %zu", cut);
    ck_assert_uint_eq(r.n_rows, whole.n_rows);
    ck_assert_msg(!memcmp(r.rows, whole.rows,
                          whole.n_rows * whole.n_vars * sizeof(NgTermId)),
                  "cut at %zu", cut);
    read_free(&r);
  }
  size_t *ones = malloc((len + 1) * sizeof(size_t));
  for (size_t i = 0; i < len; ++i) {
    ones[i] = 1;
  }
  ones[len] = 0;
  Read r = read_chunks(d, answer, len, ones);
  ck_assert_int_eq(r.st, NG_SUCCESS);
  ck_assert(!memcmp(r.rows, whole.rows,
                    whole.n_rows * whole.n_vars * sizeof(NgTermId)));
  read_free(&r);
  free(ones);
  read_free(&whole);
  ng_dict_free(d);
}
END_TEST

/* A decimal or an integer 0/1 may be a double or a boolean Virtuoso
 * rewrote: the caller asks again in XML. */
START_TEST(test_lossy_values) {
  static const char *const texts[] = {"1", "0", "1.5", "-0.25"};
  for (int i = 0; i < 4; ++i) {
    char text[512];
    snprintf(text, sizeof text,
             "@prefix res: <http://www.w3.org/2005/sparql-results#> .\n"
             "_:_ res:resultVariable \"x\" .\n"
             "_:_ res:solution [ res:binding [ res:variable \"x\" ; "
             "res:value %s ] ] .\n",
             texts[i]);
    NgDict *d = ng_dict_new();
    Read r = read_text(d, text);
    ck_assert_int_eq(r.st, NG_SUCCESS);
    ck_assert_msg(r.lossy, "%s", texts[i]);
    read_free(&r);
    ng_dict_free(d);
  }
}
END_TEST

/* An answer cut short anywhere inside a statement is an error, never
 * the rows before the cut. */
START_TEST(test_truncated_answer) {
  size_t len = strlen(answer);
  NgDict *d = ng_dict_new();
  int errors = 0;
  for (size_t cut = 1; cut < len; ++cut) {
    Read r = read_chunks(d, answer, cut, NULL);
    /* a cut just after a statement's '.' (or in the white space after
     * it) is a shorter answer, not a cut one */
    size_t k = cut;
    while (k > 0 && strchr(" \n\t", answer[k - 1])) {
      --k;
    }
    int whole = k > 0 && answer[k - 1] == '.' &&
                (k == len || answer[k] == '\n');
    /* nor is a cut inside a comment (its end is not seen) */
    const char *comment = strstr(answer, "# a comment\n");
    whole |= cut >= (size_t)(comment - answer) &&
             cut <= (size_t)(comment - answer) + strlen("# a comment\n");
    int after_rs = cut > strlen("@prefix res: <http://www.w3.org/2005/"
                                "sparql-results#> .\n@prefix rdf: <http://"
                                "www.w3.org/1999/02/22-rdf-syntax-ns#> .\n");
    if (whole && after_rs) {
      ck_assert_msg(r.st == NG_SUCCESS, "cut at %zu", cut);
    } else {
      ck_assert_msg(r.st == NG_ERR_STORE, "cut at %zu: status %d", cut, r.st);
      ++errors;
    }
    read_free(&r);
  }
  ck_assert_int_gt(errors, 100);
  ng_dict_free(d);
}
END_TEST

START_TEST(test_malformed_rows) {
  static const char *const bad[] = {
      /* a variable the answer does not declare */
      "_:_ res:solution [ res:binding [ res:variable \"y\" ; res:value 2 ] ] .",
      /* two values */
      "_:_ res:solution [ res:binding [ res:variable \"x\" ; res:value 2 ; "
      "res:value 3 ] ] .",
      /* no value */
      "_:_ res:solution [ res:binding [ res:variable \"x\" ] ] .",
      /* the variable bound twice */
      "_:_ res:solution [ res:binding [ res:variable \"x\" ; res:value 2 ] ; "
      "res:binding [ res:variable \"x\" ; res:value 3 ] ] .",
      /* an undeclared prefix */
      "_:_ res:solution [ res:binding [ res:variable \"x\" ; res:value "
      "nope:y ] ] .",
      /* a string not closed on its line */
      "_:_ res:solution [ res:binding [ res:variable \"x\" ; res:value "
      "\"a\nb\" ] ] .",
      /* a bad escape */
      "_:_ res:solution [ res:binding [ res:variable \"x\" ; res:value "
      "\"a\\qb\" ] ] .",
      /* garbage after the statement's objects */
      "_:_ res:solution [ ] ] .",
      /* a NUL byte */
      "_:_ res:solution [ ] .\n\0 more",
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; ++i) {
    NgBuf b = NG_BUF_INIT;
    ng_buf_puts(&b, "@prefix res: <http://www.w3.org/2005/sparql-results#> .\n"
                    "_:_ res:resultVariable \"x\" .\n");
    size_t len = strlen(bad[i]);
    if (i == sizeof bad / sizeof *bad - 1) {
      len += 6; /* past the NUL */
    }
    ng_buf_append(&b, bad[i], len);
    NgDict *d = ng_dict_new();
    Read r = read_chunks(d, b.data, b.len, NULL);
    ck_assert_msg(r.st == NG_ERR_STORE, "case %zu: status %d", i, r.st);
    read_free(&r);
    ng_dict_free(d);
    ng_buf_release(&b);
  }
}
END_TEST

/* Valid Turtle of another shape: not guessed at (the caller asks again in
 * XML). */
START_TEST(test_unknown_shapes) {
  static const char *const other[] = {
      "@base <http://e.org/> .\n",
      "PREFIX res: <http://www.w3.org/2005/sparql-results#>\n",
      "<http://e.org/rs> res:resultVariable \"x\" .\n",
      "_:_ res:solution _:s1 .\n",
      "_:_ res:resultVariable \"x\" .\n_:_ res:index 1 .\n",
      "_:_ a res:Other .\n",
  };
  for (size_t i = 0; i < sizeof other / sizeof *other; ++i) {
    NgBuf b = NG_BUF_INIT;
    ng_buf_puts(&b, "@prefix res: <http://www.w3.org/2005/sparql-results#> .\n");
    ng_buf_puts(&b, other[i]);
    NgDict *d = ng_dict_new();
    Read r = read_text(d, b.data);
    ck_assert_msg(r.st == NG_ERR_UNSUPPORTED, "case %zu: status %d", i, r.st);
    read_free(&r);
    ng_dict_free(d);
    ng_buf_release(&b);
  }
}
END_TEST

START_TEST(test_empty_answers) {
  NgDict *d = ng_dict_new();
  Read r = read_text(d, "");
  ck_assert_int_eq(r.st, NG_ERR_STORE); /* no result set at all */
  r = read_text(d, "@prefix res: <http://www.w3.org/2005/sparql-results#> .\n"
                   "_:_ a res:ResultSet .\n_:_ res:resultVariable \"x\" .\n");
  ck_assert_int_eq(r.st, NG_SUCCESS);
  ck_assert_uint_eq(r.n_vars, 1);
  ck_assert_uint_eq(r.n_rows, 0);
  read_free(&r);
  ng_dict_free(d);
}
END_TEST

#define PFX "PREFIX s: <http://schema.org/> "

/* ORDER BY is cut from the text sent to Virtuoso only when newsgraph can
 * sort the answer itself; the sort is the embedded engine's. */
START_TEST(test_local_order) {
  static const struct {
    const char *query;
    int local;
  } cases[] = {
      {PFX "SELECT ?a ?b WHERE { ?x s:name ?a , ?b } ORDER BY ?a DESC(?b)", 1},
      {PFX "SELECT DISTINCT ?a WHERE { ?x s:name ?a } ORDER BY ?a", 1},
      {PFX "SELECT ?a WHERE { ?x s:name ?a } ORDER BY ?a LIMIT 5", 0},
      {PFX "SELECT ?a WHERE { ?x s:name ?a } ORDER BY ?a OFFSET 5", 0},
      {PFX "SELECT ?a WHERE { ?x s:name ?a ; s:age ?n } ORDER BY ?n", 0},
      {PFX "SELECT ?a WHERE { ?x s:name ?a } ORDER BY STR(?a)", 0},
      {PFX "SELECT * WHERE { ?x s:name ?a } ORDER BY ?a", 0},
      {PFX "SELECT ?a WHERE { ?x s:name ?a }", 0},
      {PFX "SELECT ?a WHERE { { SELECT ?a WHERE { ?x s:name ?a } ORDER BY ?a "
           "LIMIT 2 } }",
       0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; ++i) {
    NgDict *d = ng_dict_new();
    NgQuery *q = NULL;
    ck_assert_int_eq(ng_query_parse_lenient(cases[i].query, d, &q),
                     NG_SUCCESS);
    ck_assert_msg(ng_query_local_order(q) == cases[i].local, "case %zu", i);
    char *text = ng_query_virtuoso_text(cases[i].query, q, "urn:u");
    ck_assert_ptr_nonnull(text);
    int has_order = strstr(text, "ORDER BY") != NULL;
    ck_assert_msg(has_order == (strstr(cases[i].query, "ORDER BY") != NULL &&
                                !cases[i].local),
                  "case %zu: %s", i, text);
    free(text);
    ng_query_free(q);
    ng_dict_free(d);
  }
  /* the cut leaves what follows the ORDER BY */
  const char *trailing = PFX "SELECT ?a WHERE { ?x s:name ?a } ORDER BY ?a "
                             "VALUES ?a { \"b\" \"a\" }";
  NgDict *d = ng_dict_new();
  NgQuery *q = NULL;
  ck_assert_int_eq(ng_query_parse_lenient(trailing, d, &q), NG_SUCCESS);
  char *text = ng_query_virtuoso_text(trailing, q, "urn:u");
  ck_assert_ptr_null(strstr(text, "ORDER"));
  ck_assert_ptr_nonnull(strstr(text, "} "));
  ck_assert_ptr_nonnull(strstr(text, " VALUES ?a { \"b\" \"a\" }"));
  free(text);
  /* ng_result_sort: ?a ascending, unbound first, numbers by value */
  NgResult res;
  memset(&res, 0, sizeof res);
  char a[] = "a", b[] = "b";
  char *vars[] = {a};
  res.vars = vars;
  res.n_vars = 1;
  res.n_rows = 4;
  res.rows = malloc(4 * sizeof(NgTermId));
  res.rows[0] = lit(d, "10", XSD "integer", NULL);
  res.rows[1] = lit(d, "9", XSD "integer", NULL);
  res.rows[2] = 0;
  res.rows[3] = lit(d, "9.5", XSD "decimal", NULL);
  NgTermId want[] = {0, res.rows[1], res.rows[3], res.rows[0]};
  ck_assert_int_eq(ng_result_sort(&res, q, d), NG_SUCCESS);
  ck_assert(!memcmp(res.rows, want, sizeof want));
  ck_assert_int_eq(res.ordered, 1);
  /* a key that is not a column of the answer */
  vars[0] = b;
  ck_assert_int_eq(ng_result_sort(&res, q, d), NG_ERR_UNSUPPORTED);
  free(res.rows);
  ng_query_free(q);
  ng_dict_free(d);
}
END_TEST

static Suite *results_suite(void) {
  Suite *s = suite_create("results");
  TCase *tc = tcase_create("turtle result sets");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_every_term_form);
  tcase_add_test(tc, test_any_split);
  tcase_add_test(tc, test_lossy_values);
  tcase_add_test(tc, test_truncated_answer);
  tcase_add_test(tc, test_malformed_rows);
  tcase_add_test(tc, test_unknown_shapes);
  tcase_add_test(tc, test_empty_answers);
  tcase_add_test(tc, test_local_order);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(results_suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
