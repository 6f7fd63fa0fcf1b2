# input/local.mk: reading and cleaning articles (no RDF here).
libnewsgraph_la_SOURCES += \
	%reldir%/document.c
