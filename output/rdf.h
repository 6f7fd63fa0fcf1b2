/*
 * rdf.h: the internal face of output/ that the graph, store and query
 * modules share.  Only output/ includes <redland.h>.
 */
#ifndef NG_OUTPUT_RDF_H
#define NG_OUTPUT_RDF_H

#include "newsgraph.h"

#include <redland.h>
#include <stdint.h>

/* The one process-wide librdf world, created (and its raptor logger
 * installed) on first use.  Borrowed; freed at exit. */
librdf_world *ng_rdf_world(void);

/* Adds the triples of article to model, in context (a named graph node,
 * borrowed; NULL for the default graph), with nodes minted under base_iri.
 * Every Redland return value is checked; nothing owned leaks on any path. */
NgStatus ng_rdf_add_article(librdf_model *model, librdf_node *context,
                            const char *base_iri, const NgArticle *article);

/* Appends s[0..n) as raptor's N-Triples writer writes it: \\, \", \n, \r,
 * \t escaped, other control characters and all non-ASCII as \uXXXX or
 * \UXXXXXXXX (quotes is 0 inside IRIs, where only the last applies). */
struct NgBuf;
NgStatus ng_nt_escape(struct NgBuf *b, const unsigned char *s, size_t n,
                      int quotes);

/* The one place where C strings become Redland's unsigned char strings. */
#define NG_U(s) ((const unsigned char *)(s))

/* Decodes one strict UTF-8 sequence at s into *c and returns its length;
 * 0 when s does not start one (bad lead byte, truncated, overlong,
 * surrogate or beyond U+10FFFF).  s must be NUL-terminated. */
size_t ng_utf8_decode(const unsigned char *s, uint32_t *c);

/* iri with every byte that IRIs forbid anywhere (controls, space,
 * <>"{}|\^`, invalid UTF-8, non-characters) percent-encoded.  New (free());
 * NULL when out of memory. */
char *ng_iri_escape(const char *iri);

/* The key under which name is minted: ng_name_key(name), or, when that is
 * empty (a name of punctuation only), "_" followed by the hex bytes of name
 * (keys never contain '_', so the two cannot meet).  New (free()). */
char *ng_iri_key(const char *name);

/* base + kind + "/" + key, where key is already a key (ng_iri_key, or keys
 * joined by "--"); any byte that may not stand in an IRI is percent-encoded.
 * New (free()); NULL when out of memory. */
char *ng_iri_from_key(const char *base, const char *kind, const char *key);

/* The XSD datatype IRI of a date: xsd:date for "YYYY-MM-DD", xsd:gYearMonth
 * for "YYYY-MM", xsd:gYear for "YYYY"; NULL for anything else (including
 * impossible months and days).  Borrowed (static storage). */
const char *ng_date_datatype(const char *date);

/* Output format names that ng_rdf_write_model accepts. */
int ng_format_supported(const char *name);

/* Writes every statement of model to stream in format, sorted (by the
 * N-Triples form of subject, predicate, object, graph) and without
 * duplicates, so that the same content always gives the same bytes.  For
 * "nquads" each statement's context, when it has one, is written as its
 * graph name.  model is borrowed.  NG_ERR_BAD_ARG for an unknown format,
 * NG_ERR_RDF when raptor refuses, NG_ERR_IO when writing fails. */
NgStatus ng_rdf_write_model(librdf_model *model, const char *format,
                            FILE *stream);

#endif /* NG_OUTPUT_RDF_H */
