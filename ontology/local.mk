# ontology/local.mk: the newsgraph ontology (OWL) and the SHACL shapes of
# its output, installed to $(pkgdatadir)/ontology.
ontologydir = $(pkgdatadir)/ontology
dist_ontology_DATA = \
	%reldir%/newsgraph.ttl \
	%reldir%/shapes.ttl
