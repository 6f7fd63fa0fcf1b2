# doc/local.mk: the manual page and the Markdown documents of doc/.
dist_man_MANS += %reldir%/newsgraph.1
EXTRA_DIST += $(wildcard $(srcdir)/%reldir%/*.md)
