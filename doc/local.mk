# doc/local.mk: the manual page and the Markdown documents of doc/.
dist_man_MANS += %reldir%/newsgraph.1
EXTRA_DIST += %reldir%/partnerships.svg

# doc/*.md are written by several engineers; ship whichever exist
# without listing each one here.
dist-hook: dist-doc-markdown
.PHONY: dist-doc-markdown
dist-doc-markdown:
	$(MKDIR_P) $(distdir)/%reldir%
	for f in $(srcdir)/%reldir%/*.md; do \
	  if test -f "$$f"; then cp -p "$$f" $(distdir)/%reldir%/ || exit 1; fi; \
	done
