# output/store.mk: persistent stores, SPARQL queries and their presets
# (issue #4).  Kept apart from output/local.mk so that the store and the
# graph mapping are built by separate fragments.
libnewsgraph_la_SOURCES += \
	%reldir%/store.h \
	%reldir%/store.c \
	%reldir%/store_write.h \
	%reldir%/store_batch.c \
	%reldir%/store_sqlite.c \
	%reldir%/store_pg.c \
	%reldir%/query.c

# query.c parses with rasqal directly (librdf defers parsing to execution);
# store_sqlite.c and store_pg.c write librdf's schemas themselves.
libnewsgraph_la_LIBADD += $(RASQAL_LIBS) $(SQLITE3_LIBS) $(LIBPQ_LIBS)

querydir = $(pkgdatadir)/queries
dist_query_DATA = \
	%reldir%/queries/partnerships.rq \
	%reldir%/queries/partners-of.rq \
	%reldir%/queries/people-of.rq \
	%reldir%/queries/posts-of.rq \
	%reldir%/queries/events.rq \
	%reldir%/queries/speakers.rq \
	%reldir%/queries/timeline.rq

check_PROGRAMS += tests/check_store tests/store-synth
TESTS += tests/check_store tests/store.test tests/store-pg.test \
	tests/store-faults.test
EXTRA_DIST += tests/store.test tests/store-pg.test tests/store-faults.test \
	tools/ci-postgres \
	bench/gen-articles doc/store.md
tests_check_store_SOURCES = tests/check_store.c
tests_check_store_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_store_LDADD = libnewsgraph.la $(CHECK_LIBS)

# Puts N synthetic articles into a store through the library (the
# kill-midway test and load timings, independent of the extractor).
tests_store_synth_SOURCES = tests/store-synth.c
tests_store_synth_LDADD = libnewsgraph.la

