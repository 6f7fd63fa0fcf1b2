# bench/local.mk: "make bench", the throughput benchmark (not part of
# "make check").  bench/run-bench builds an optimised copy of newsgraph in
# bench/build, makes a corpus of at least 100 MB and times one extract run.
EXTRA_DIST += %reldir%/run-bench

.PHONY: bench
bench:
	NG_SHARED='$(NG_SHARED)' NG_SRCDIR='$(abs_top_srcdir)' \
	NG_BUILDDIR='$(abs_top_builddir)' \
	$(SHELL) $(abs_top_srcdir)/%reldir%/run-bench $(BENCH_FLAGS)

clean-local: clean-bench
clean-bench:
	-rm -rf bench/build bench/out
