# examples/local.mk: build fragment of examples/ (included by the top-level Makefile.am).
