# tests/engine.mk: the unit tests of the rule engine (extractor/): word
# lists, the rule-set loader, dates, and what the shipped rules extract;
# and the broken rule sets that tests/cli.test feeds to "rules --check".
# Included from Makefile.am.  The tests include extractor's internal
# headers, hence the extra -I.

NG_ENGINE_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/extractor

check_PROGRAMS += tests/check_gazetteer
TESTS += tests/check_gazetteer
tests_check_gazetteer_SOURCES = tests/check_gazetteer.c
tests_check_gazetteer_CPPFLAGS = $(NG_ENGINE_TEST_CPPFLAGS)
tests_check_gazetteer_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_gazetteer_LDADD = libnewsgraph.la $(CHECK_LIBS)

check_PROGRAMS += tests/check_rules
TESTS += tests/check_rules
tests_check_rules_SOURCES = tests/check_rules.c
tests_check_rules_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_rules_LDADD = libnewsgraph.la $(CHECK_LIBS)


check_PROGRAMS += tests/check_dates
TESTS += tests/check_dates
tests_check_dates_SOURCES = tests/check_dates.c
tests_check_dates_CPPFLAGS = $(NG_ENGINE_TEST_CPPFLAGS)
tests_check_dates_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_dates_LDADD = libnewsgraph.la $(CHECK_LIBS)

check_PROGRAMS += tests/check_prefilter
TESTS += tests/check_prefilter
tests_check_prefilter_SOURCES = tests/check_prefilter.c
tests_check_prefilter_CPPFLAGS = $(NG_ENGINE_TEST_CPPFLAGS)
tests_check_prefilter_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_prefilter_LDADD = libnewsgraph.la $(CHECK_LIBS)

check_PROGRAMS += tests/check_extract
TESTS += tests/check_extract
tests_check_extract_SOURCES = tests/check_extract.c
tests_check_extract_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_extract_LDADD = libnewsgraph.la $(CHECK_LIBS)

check_PROGRAMS += tests/check_constructions
TESTS += tests/check_constructions
tests_check_constructions_SOURCES = tests/check_constructions.c
tests_check_constructions_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_constructions_LDADD = libnewsgraph.la $(CHECK_LIBS)
EXTRA_DIST += tests/constructions.inc

# Broken rule sets: "newsgraph rules --check" must exit 2 with FILE:LINE.
EXTRA_DIST += \
	tests/rules/bad/bad-phase-line/lists.def \
	tests/rules/bad/bad-phase-line/main.phases \
	tests/rules/bad/bad-phase-line/x.rules \
	tests/rules/bad/mention-in-text-phase/lists.def \
	tests/rules/bad/mention-in-text-phase/main.phases \
	tests/rules/bad/mention-in-text-phase/x.rules \
	tests/rules/bad/pcre-error/lists.def \
	tests/rules/bad/pcre-error/main.phases \
	tests/rules/bad/pcre-error/x.rules \
	tests/rules/bad/unknown-verb/empty.lst \
	tests/rules/bad/unknown-verb/lists.def \
	tests/rules/bad/unknown-verb/main.phases \
	tests/rules/bad/unknown-verb/x.rules

# Bounded matching and the cut of over-long sentences (hostile input).
check_PROGRAMS += tests/check_limits
TESTS += tests/check_limits
tests_check_limits_SOURCES = tests/check_limits.c
tests_check_limits_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_limits_LDADD = libnewsgraph.la $(CHECK_LIBS)
