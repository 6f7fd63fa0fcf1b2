# output/local.mk: RDF graphs, serialisers, stores and queries (the only
# folder that includes <redland.h>).
libnewsgraph_la_SOURCES += \
	%reldir%/rdf.h \
	%reldir%/stub.c
