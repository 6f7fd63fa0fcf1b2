# ontology/local.mk: build fragment of ontology/ (included by the top-level Makefile.am).
