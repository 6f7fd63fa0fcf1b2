/*
 * sparql_data.h: where the embedded SPARQL engine's quads come from:
 * RDF files (raptor) and librdf models (the memory, sqlite and hashes
 * stores).  Internal to output/.
 */
#ifndef NG_OUTPUT_SPARQL_DATA_H
#define NG_OUTPUT_SPARQL_DATA_H

#include "output/rdf.h"
#include "output/sparql.h"

/* Adds every statement of model (borrowed) to ds, each in its context
 * (0: the default graph). */
NgStatus ng_dataset_load_model(NgDataset *ds, librdf_model *model);

/* The raptor parser name for an RDF file, by its extension: .nq, .nt,
 * .trig, .rdf/.owl/.xml, else Turtle.  Borrowed (static). */
const char *ng_rdf_parser_for(const char *path);

#endif /* NG_OUTPUT_SPARQL_DATA_H */
