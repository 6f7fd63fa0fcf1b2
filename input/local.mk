# input/local.mk: reading and cleaning articles (no RDF here).
libnewsgraph_la_SOURCES += \
	%reldir%/input.h \
	%reldir%/read.c \
	%reldir%/utf8.c \
	%reldir%/plain.c \
	%reldir%/html.c \
	%reldir%/clean.c \
	%reldir%/boiler.c \
	%reldir%/segment.c \
	%reldir%/document.c

check_PROGRAMS += tests/check_input
TESTS += tests/check_input
tests_check_input_SOURCES = tests/check_input.c
tests_check_input_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_input_LDADD = libnewsgraph.la $(CHECK_LIBS)
