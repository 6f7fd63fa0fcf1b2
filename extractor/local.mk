# extractor/local.mk: the rule engine, word lists and recognisers.
libnewsgraph_la_SOURCES += \
	%reldir%/article.c \
	%reldir%/names.c \
	%reldir%/stub.c
