# output/local.mk: RDF graphs, serialisers, stores and queries (the only
# folder that includes <redland.h>).
libnewsgraph_la_SOURCES += \
	%reldir%/rdf.h \
	%reldir%/vocab.h \
	%reldir%/world.c \
	%reldir%/iri.c \
	%reldir%/article_rdf.c \
	%reldir%/graph.c

check_PROGRAMS += tests/check_output tests/make_sample_graph
TESTS += tests/check_output tests/shacl.test
EXTRA_DIST += tests/shacl.test tests/shacl-validate.mjs \
	tests/shacl/package.json tests/shacl/package-lock.json
tests_check_output_SOURCES = tests/check_output.c
tests_check_output_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_output_LDADD = libnewsgraph.la $(CHECK_LIBS)
tests_make_sample_graph_SOURCES = tests/make_sample_graph.c
tests_make_sample_graph_LDADD = libnewsgraph.la
