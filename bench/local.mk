# bench/local.mk: "make bench", the throughput benchmark (not part of
# "make check").  bench/run-bench builds an optimised copy of newsgraph in
# bench/build when needed, makes a corpus of at least 100 MB, and times
# extract on one thread and on all, a pcre2grep pass over the same files,
# and one article of growing size.  bench/gen-articles (synthetic articles)
# also serves tests/jobs.test.
EXTRA_DIST += %reldir%/run-bench

.PHONY: bench
bench:
	NG_SHARED='$(NG_SHARED)' NG_SRCDIR='$(abs_top_srcdir)' \
	NG_BUILDDIR='$(abs_top_builddir)' \
	$(SHELL) $(abs_top_srcdir)/%reldir%/run-bench $(BENCH_FLAGS)

clean-local: clean-bench
clean-bench:
	-rm -rf bench/build bench/out
