# tests/fuzz/local.mk: the fuzz harnesses (see tests/fuzz/fuzz.h).
#
# make check builds each harness with replay.c (the ordinary compiler, and
# ASan+UBSan in the sanitizer build) and replays its seed corpus and every
# committed reproducer (tests/fuzz/regress/NAME): a crash found once stays
# fixed.  "make fuzz FUZZ_SECONDS=N" builds the harnesses with clang's
# libFuzzer and runs each for N seconds (tests/fuzz/run-fuzz);
# FUZZ_HARNESSES="extract rules" runs only those.

NG_FUZZ_HARNESSES = document extract rules bind
NG_FUZZ_COMMON = %reldir%/fuzz.h %reldir%/fuzz-util.c %reldir%/replay.c
NG_FUZZ_LDADD = libnewsgraph.la $(RAPTOR_LIBS) $(RASQAL_LIBS)

check_PROGRAMS += %reldir%/replay-document %reldir%/replay-extract \
	%reldir%/replay-rules %reldir%/replay-bind
%canon_reldir%_replay_document_SOURCES = %reldir%/fuzz-document.c $(NG_FUZZ_COMMON)
%canon_reldir%_replay_document_LDADD = $(NG_FUZZ_LDADD)
%canon_reldir%_replay_extract_SOURCES = %reldir%/fuzz-extract.c $(NG_FUZZ_COMMON)
%canon_reldir%_replay_extract_LDADD = $(NG_FUZZ_LDADD)
%canon_reldir%_replay_rules_SOURCES = %reldir%/fuzz-rules.c $(NG_FUZZ_COMMON)
%canon_reldir%_replay_rules_LDADD = $(NG_FUZZ_LDADD)
%canon_reldir%_replay_bind_SOURCES = %reldir%/fuzz-bind.c $(NG_FUZZ_COMMON)
%canon_reldir%_replay_bind_LDADD = $(NG_FUZZ_LDADD)

TESTS += %reldir%/replay.test
EXTRA_DIST += %reldir%/replay.test %reldir%/run-fuzz \
	%reldir%/corpus %reldir%/regress \
	%reldir%/document.dict %reldir%/extract.dict %reldir%/rules.dict \
	%reldir%/bind.dict

FUZZ_SECONDS = 60
FUZZ_JOBS = 1
FUZZ_HARNESSES = $(NG_FUZZ_HARNESSES)
fuzz: libnewsgraph.la
	FUZZ_SRCDIR='$(abs_top_srcdir)' FUZZ_BUILDDIR='$(abs_top_builddir)' \
	FUZZ_PKGDATADIR='$(pkgdatadir)' \
	FUZZ_SOURCES='$(libnewsgraph_la_SOURCES)' \
	FUZZ_SECONDS='$(FUZZ_SECONDS)' FUZZ_JOBS='$(FUZZ_JOBS)' \
	FUZZ_HARNESSES='$(FUZZ_HARNESSES)' \
	$(SHELL) $(top_srcdir)/%reldir%/run-fuzz

clean-local: clean-fuzz
clean-fuzz:
	-rm -rf %reldir%/work

.PHONY: fuzz clean-fuzz
