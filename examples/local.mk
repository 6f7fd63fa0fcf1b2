# examples/local.mk: sample articles, shipped in the tarball and installed
# to $(pkgdatadir)/examples (the README's quick start runs the first one).
examplesdir = $(pkgdatadir)/examples
dist_examples_DATA = %reldir%/hospital-partnership.txt
