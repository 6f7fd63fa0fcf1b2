# common/local.mk: helpers every stage uses (status codes, diagnostics,
# growable buffers).  Nothing here knows about RDF or rules.
libnewsgraph_la_SOURCES += \
	%reldir%/status.c \
	%reldir%/log.c \
	%reldir%/buf.c \
	%reldir%/file.c \
	%reldir%/buf.h \
	%reldir%/strmap.c \
	%reldir%/strmap.h \
	%reldir%/util.h
