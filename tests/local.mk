# tests/local.mk: the end-to-end shell tests of the newsgraph command
# (unit tests are registered by each module's own local.mk).  Each
# *.test is a bash script run by the Automake test driver in the
# environment of AM_TESTS_ENVIRONMENT (NG_BUILDDIR, NG_SRCDIR, NG_SHARED);
# exit 77 means SKIP.
NG_SHELL_TESTS = \
	%reldir%/cli.test \
	%reldir%/example.test \
	%reldir%/extract.test \
	%reldir%/bad-input.test \
	%reldir%/corpus.test \
	%reldir%/valgrind.test \
	%reldir%/presets.test \
	%reldir%/shards.test

TESTS += $(NG_SHELL_TESTS)
EXTRA_DIST += $(NG_SHELL_TESTS) %reldir%/test-lib.sh

# The property test of the RDF writers: hostile names through every
# output format, read back by rapper and serdi.
check_PROGRAMS += %reldir%/prop-literals
%canon_reldir%_prop_literals_SOURCES = %reldir%/prop-literals.c
%canon_reldir%_prop_literals_LDADD = libnewsgraph.la $(RAPTOR_LIBS)
TESTS += %reldir%/output-property.test
EXTRA_DIST += %reldir%/output-property.test
