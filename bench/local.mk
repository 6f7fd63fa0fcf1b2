# bench/local.mk: build fragment of bench/ (included by the top-level Makefile.am).
