/*
 * rdf.h: the internal face of output/ that the graph, store and query
 * modules share.  Only output/ includes <redland.h>.
 */
#ifndef NG_OUTPUT_RDF_H
#define NG_OUTPUT_RDF_H

#include "newsgraph.h"

#include <redland.h>

/* The one process-wide librdf world, created (and its raptor logger
 * installed) on first use.  Borrowed; freed at exit. */
librdf_world *ng_rdf_world(void);

/* Adds the triples of article to model, in context (a named graph node,
 * borrowed; NULL for the default graph), with nodes minted under base_iri.
 * Every Redland return value is checked; nothing owned leaks on any path. */
NgStatus ng_rdf_add_article(librdf_model *model, librdf_node *context,
                            const char *base_iri, const NgArticle *article);

#endif /* NG_OUTPUT_RDF_H */
