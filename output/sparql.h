/*
 * sparql.h: newsgraph's embedded SPARQL 1.1 query engine, used for the
 * memory, sqlite and hashes stores and for --data files.  rasqal 0.9.33
 * gives wrong answers to ordinary queries (OPTIONAL after other patterns,
 * BIND, GRAPH, aggregates over empty groups, VALUES, ...; see
 * doc/store.md), so queries are parsed and evaluated here instead:
 *
 *   NgDict     terms (IRIs, blank nodes, literals) as small integer ids
 *   NgDataset  the quads of a store, sorted in the index orders a triple
 *              pattern needs; the default graph is the set union of all
 *              graphs
 *   NgQuery    a parsed query: the algebra of SPARQL 1.1 section 18
 *   NgResult   its answer: rows of term ids, a boolean, or triples
 *
 * A construct the engine does not evaluate is refused when the query is
 * parsed (NG_ERR_UNSUPPORTED, with a message naming it), never answered
 * wrongly.  Internal to output/; the data layer (sparql_data.c) is the only
 * part that knows librdf.
 */
#ifndef NG_OUTPUT_SPARQL_H
#define NG_OUTPUT_SPARQL_H

#include "newsgraph.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------------ terms */

typedef uint32_t NgTermId; /* 0: no term (an unbound variable) */

typedef enum NgTermKind {
  NG_TERM_IRI = 1,
  NG_TERM_BLANK = 2,
  NG_TERM_LITERAL = 3
} NgTermKind;

/* What a literal's datatype makes of it, cached at interning. */
typedef enum NgLitType {
  NG_LIT_NONE = 0, /* not a literal */
  NG_LIT_STRING,   /* simple literal or xsd:string */
  NG_LIT_LANG,     /* language-tagged string */
  NG_LIT_INTEGER,  /* xsd:integer and its derived types */
  NG_LIT_DECIMAL,  /* xsd:decimal */
  NG_LIT_FLOAT,    /* xsd:float */
  NG_LIT_DOUBLE,   /* xsd:double */
  NG_LIT_BOOLEAN,  /* xsd:boolean */
  NG_LIT_DATETIME, /* xsd:dateTime */
  NG_LIT_DATE,     /* xsd:date */
  NG_LIT_OTHER     /* any other datatype */
} NgLitType;

typedef struct NgTerm {
  uint8_t kind;     /* NgTermKind */
  uint8_t type;     /* NgLitType of a literal */
  uint8_t valid;    /* a numeric/boolean/date literal's lexical form parses */
  uint32_t len;     /* bytes of lex */
  NgTermId dt;      /* datatype IRI of a typed literal (0: simple/lang) */
  const char *lex;  /* IRI, blank node label or lexical form; NUL-ended */
  const char *lang; /* lowercase language tag, or NULL */
  double num;       /* numeric value of a valid numeric literal */
  int64_t ival;     /* integer value of a valid xsd:integer (if it fits) */
} NgTerm;

typedef struct NgDict NgDict;

/* New empty dictionary.  New: free with ng_dict_free. */
NgDict *ng_dict_new(void);
void ng_dict_free(NgDict *d);

/* The id of the term (interned when new).  lex need not be NUL-ended;
 * dt is a datatype IRI's id (0 for none; xsd:string is made a simple
 * literal), lang a language tag (NULL for none; stored lowercase).  0 when
 * out of memory. */
NgTermId ng_dict_intern(NgDict *d, NgTermKind kind, const char *lex, size_t len,
                        NgTermId dt, const char *lang);
NgTermId ng_dict_iri(NgDict *d, const char *iri);

/* The term of id (id must be valid).  Borrowed. */
const NgTerm *ng_dict_term(const NgDict *d, NgTermId id);
size_t ng_dict_size(const NgDict *d);

/* Well-known datatype IRIs, interned by ng_dict_new. */
typedef enum NgXsd {
  NG_XSD_STRING,
  NG_XSD_INTEGER,
  NG_XSD_DECIMAL,
  NG_XSD_DOUBLE,
  NG_XSD_FLOAT,
  NG_XSD_BOOLEAN,
  NG_XSD_DATETIME,
  NG_XSD_DATE,
  NG_RDF_LANGSTRING,
  NG_XSD_COUNT
} NgXsd;
NgTermId ng_dict_xsd(const NgDict *d, NgXsd which);

/* ---------------------------------------------------------------- dataset */

typedef struct NgDataset NgDataset;

/* A new empty dataset over dict (borrowed, outlives the dataset).  New:
 * free with ng_dataset_free. */
NgDataset *ng_dataset_new(NgDict *dict);
void ng_dataset_free(NgDataset *ds);
NgDict *ng_dataset_dict(NgDataset *ds);

/* Adds a quad; g is 0 for the default graph. */
NgStatus ng_dataset_add(NgDataset *ds, NgTermId g, NgTermId s, NgTermId p,
                        NgTermId o);

/* Where a pattern looks: the default graph (the set union of every graph),
 * one named graph, or any named graph. */
typedef enum NgGraphMode {
  NG_IN_DEFAULT = 0,
  NG_IN_NAMED = 1 /* g given: that graph; g 0: every named graph */
} NgGraphMode;

/* The statements matching s, p, o (0: any) in mode/g, as a range over an
 * index; read with ng_match_get.  Sorts the index it needs on first use. */
typedef struct NgMatch {
  const NgTermId *base; /* first row */
  size_t n;             /* rows */
  int width;            /* 3 (triples) or 4 (quads) */
  int order;            /* which permutation the rows are in */
} NgMatch;

NgStatus ng_dataset_match(NgDataset *ds, NgGraphMode mode, NgTermId g,
                          NgTermId s, NgTermId p, NgTermId o, NgMatch *m);

/* Row i of m as s, p, o, g (g 0 in the default graph). */
void ng_match_get(const NgMatch *m, size_t i, NgTermId out[4]);

/* The named graphs, sorted by id.  Borrowed; *n their number. */
const NgTermId *ng_dataset_graphs(NgDataset *ds, size_t *n);
size_t ng_dataset_size(NgDataset *ds);    /* quads */
size_t ng_dataset_unnamed(NgDataset *ds); /* quads in the default graph */

/* Reads an RDF file (by extension: .nq, .nt, .trig, .rdf/.owl/.xml,
 * else Turtle) into ds: quads into their graphs, triples into the default
 * graph.  Parse errors are logged with the file name. */
NgStatus ng_dataset_load_file(NgDataset *ds, const char *path);

/* ------------------------------------------------------------------ query */

typedef struct NgQuery NgQuery;

typedef enum NgQueryForm {
  NG_QUERY_SELECT,
  NG_QUERY_ASK,
  NG_QUERY_CONSTRUCT,
  NG_QUERY_DESCRIBE
} NgQueryForm;

/* Parses a SPARQL 1.1 query.  Errors are logged as "query:LINE: ..." and
 * give NG_ERR_SYNTAX; a construct the engine does not evaluate gives
 * NG_ERR_UNSUPPORTED (the message names it).  Constants are interned in
 * dict (borrowed; must outlive the query).  New: free with
 * ng_query_free. */
NgStatus ng_query_parse(const char *text, NgDict *dict, NgQuery **out);
void ng_query_free(NgQuery *q);
NgQueryForm ng_query_form(const NgQuery *q);

/* ng_query_parse for a query a SPARQL server will run: constructs the
 * embedded engine does not evaluate are parsed past, not refused, and
 * nothing is logged (a query this parser cannot read is NG_ERR_SYNTAX; the
 * server then judges it). */
NgStatus ng_query_parse_lenient(const char *text, NgDict *dict, NgQuery **out);

/* For a query parsed leniently that Virtuoso 7.2 would answer wrongly
 * (doc/store.md lists its deviations from SPARQL 1.1): the message naming
 * the construct; NULL when the query is safe to send. */
const char *ng_query_virtuoso_problem(NgQuery *q);

/* Whether the projected variable name holds booleans (Virtuoso sends them
 * as the integers 1 and 0). */
int ng_query_boolean_var(NgQuery *q, const char *name);

/* Whether the ORDER BY of q (parsed from a server's query) is better done
 * by newsgraph on the answer than by the server: a SELECT (not SELECT *)
 * whose ORDER BY keys are all projected variables, without LIMIT or
 * OFFSET.  Virtuoso spends longer sorting a large answer than computing
 * it (1.8 s of 4.1 s for 150,000 rows, measured); ng_result_sort takes
 * about a tenth of a second, with the embedded engine's ordering. */
int ng_query_local_order(const NgQuery *q);

/* The query text as sent to Virtuoso: each '/' of an expression divides
 * "1.0 * dividend" (Virtuoso divides integers as integers), GRAPH <iri>
 * becomes a variable with a FILTER (with a default graph given, Virtuoso
 * finds nothing in GRAPH <iri>), GRAPH ?var leaves out hidden_graph, and
 * an ORDER BY that ng_query_local_order accepts is cut (the caller sorts
 * the answer with ng_result_sort).
 * New (free()); NULL when out of memory. */
char *ng_query_virtuoso_text(const char *text, const NgQuery *q,
                             const char *hidden_graph);

/* Finds a query's form and whether it names its own dataset (FROM), by
 * its tokens only, for queries a SPARQL server evaluates.  NG_ERR_SYNTAX
 * (logged) when the text cannot be tokenised or is not a query. */
NgStatus ng_query_scan(const char *text, NgQueryForm *form, int *has_dataset);

/* Whether the query names its own dataset (FROM or FROM NAMED). */
int ng_query_has_dataset(const NgQuery *q);

/* Whether the query is SELECT *. */
int ng_query_star(const NgQuery *q);

/* The first construct of the query that the engine refuses, or NULL when
 * it evaluates them all.  Borrowed. */
const char *ng_query_unsupported(const NgQuery *q);

/* ----------------------------------------------------------------- result */

typedef struct NgResult {
  NgQueryForm form;
  size_t n_vars;
  char **vars; /* projected variable names (without ?) */
  size_t n_rows;
  NgTermId *rows; /* n_rows * n_vars, 0 unbound */
  int boolean;    /* ASK */
  size_t n_triples;
  NgTermId *triples; /* CONSTRUCT/DESCRIBE: n_triples * 3 */
  int ordered;       /* the query had ORDER BY */
} NgResult;

void ng_result_free(NgResult *r);

/* Sorts res's rows by q's ORDER BY, for a query ng_query_local_order
 * accepts (its keys found among res's variables by name); stable.
 * NG_ERR_NOMEM, or NG_ERR_UNSUPPORTED when a key is not a column of
 * res (the rows are then left as they are). */
NgStatus ng_result_sort(NgResult *res, const NgQuery *q, const NgDict *dict);

/* Evaluates q over ds.  deadline: a CLOCK_MONOTONIC time in seconds after
 * which evaluation stops with NG_ERR_TIMEOUT (0: none).  On success *out
 * is new (free with ng_result_free); terms created by expressions are
 * interned in the dataset's dictionary. */
NgStatus ng_query_execute(NgQuery *q, NgDataset *ds, double deadline,
                          NgResult **out);

/* Writes r in format: "table", "csv", "tsv", "json", "xml" or "dot" for
 * SELECT and ASK; CONSTRUCT and DESCRIBE results are always Turtle. */
NgStatus ng_result_write(const NgResult *r, const NgDict *dict,
                         const char *format, FILE *out);

/* Writes the rows of r, each one statement (subject, predicate, object
 * and, for "nquads", graph: the first 3 or 4 variables), as "turtle",
 * "ntriples" or "nquads". */
NgStatus ng_result_write_statements(const NgResult *r, const NgDict *dict,
                                    const char *format, FILE *out);

/* The monotonic clock in seconds (for deadlines). */
double ng_now(void);

#endif /* NG_OUTPUT_SPARQL_H */
