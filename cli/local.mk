# cli/local.mk: the newsgraph command (main() only; everything else is in
# libnewsgraph).
newsgraph_SOURCES += %reldir%/main.c
