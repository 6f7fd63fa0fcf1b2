# tests/local.mk: build fragment of tests/ (included by the top-level Makefile.am).
