# output/store.mk: persistent stores, SPARQL queries and their presets
# (issue #4).  Kept apart from output/local.mk so that the store and the
# graph mapping are built by separate fragments.
libnewsgraph_la_SOURCES += \
	%reldir%/store.h \
	%reldir%/store.c \
	%reldir%/query.c \
	%reldir%/sparql.h \
	%reldir%/sparql_ast.h \
	%reldir%/sparql_data.h \
	%reldir%/sparql_dict.c \
	%reldir%/sparql_parse.c \
	%reldir%/sparql_eval.c \
	%reldir%/sparql_expr.c \
	%reldir%/sparql_write.c \
	%reldir%/sparql_data.c \
	%reldir%/remote.h \
	%reldir%/remote.c \
	%reldir%/results_ttl.h \
	%reldir%/results_ttl.c \
	%reldir%/virtuoso.h \
	%reldir%/virtuoso.c \
	%reldir%/store_remote.c \
	%reldir%/store_import.c \
	%reldir%/store_write.h \
	%reldir%/store_batch.c \
	%reldir%/store_sqlite.c \
	%reldir%/store_pg.c

# query.c parses with rasqal directly (librdf defers parsing to execution);
# store_sqlite.c and store_pg.c write librdf's schemas themselves.
libnewsgraph_la_LIBADD += $(RASQAL_LIBS) $(SQLITE3_LIBS) $(CURL_LIBS) $(LIBPQ_LIBS)

querydir = $(pkgdatadir)/queries
dist_query_DATA = \
	%reldir%/queries/partnerships.rq \
	%reldir%/queries/partners-of.rq \
	%reldir%/queries/people-of.rq \
	%reldir%/queries/posts-of.rq \
	%reldir%/queries/events.rq \
	%reldir%/queries/speakers.rq \
	%reldir%/queries/timeline.rq

check_PROGRAMS += tests/check_store tests/check_results tests/store-synth
TESTS += tests/check_store tests/check_results tests/store.test tests/store-pg.test \
	tests/sparql/embedded.test tests/sparql/virtuoso.test \
	tests/sparql/remote-faults.test tests/store-faults.test
EXTRA_DIST += tests/store.test tests/store-pg.test tests/store-faults.test \
	tools/ci-postgres \
	tests/sparql/embedded.test tests/sparql/virtuoso.test \
	tests/sparql/remote-faults.test tests/sparql/diff.py tests/sparql/preset_check.py \
	tests/sparql/edge.trig tests/sparql/queries \
	bench/gen-articles doc/store.md
tests_check_store_SOURCES = tests/check_store.c
tests_check_store_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_store_LDADD = libnewsgraph.la $(CHECK_LIBS)
tests_check_results_SOURCES = tests/check_results.c
tests_check_results_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_results_LDADD = libnewsgraph.la $(CHECK_LIBS)

# Puts N synthetic articles into a store through the library (the
# kill-midway test and load timings, independent of the extractor).
tests_store_synth_SOURCES = tests/store-synth.c
tests_store_synth_LDADD = libnewsgraph.la

