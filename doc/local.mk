# doc/local.mk: build fragment of doc/ (included by the top-level Makefile.am).
