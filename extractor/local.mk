# extractor/local.mk: the rule engine, word lists and recognisers, and the
# shipped rule set (installed to $(pkgdatadir)/rules).
libnewsgraph_la_SOURCES += \
	%reldir%/article.c \
	%reldir%/names.c \
	%reldir%/gazetteer.c \
	%reldir%/gazetteer.h \
	%reldir%/rules.c \
	%reldir%/tokens.c \
	%reldir%/tokens.h \
	%reldir%/rules.h \
	%reldir%/schema.c \
	%reldir%/engine.c \
	%reldir%/engine.h \
	%reldir%/prefilter.c \
	%reldir%/prefilter.h \
	%reldir%/dates.c \
	%reldir%/dates.h \
	%reldir%/extract.h \
	%reldir%/extract.c \
	%reldir%/identity.c \
	%reldir%/resolve.c \
	%reldir%/facts.c

rulesdir = $(pkgdatadir)/rules
dist_rules_DATA = \
	%reldir%/rules/main.phases \
	%reldir%/rules/lists.def \
	%reldir%/rules/candidates.rules \
	%reldir%/rules/composites.rules \
	%reldir%/rules/relations.rules \
	%reldir%/rules/cleanup.rules \
	%reldir%/rules/honorifics.lst \
	%reldir%/rules/titles.lst \
	%reldir%/rules/org_heads.lst \
	%reldir%/rules/title_mods.lst \
	%reldir%/rules/event_heads.lst \
	%reldir%/rules/event_acts.lst \
	%reldir%/rules/event_parts.lst \
	%reldir%/rules/event_sessions.lst \
	%reldir%/rules/event_ceremonies.lst \
	%reldir%/rules/honours.lst \
	%reldir%/rules/post_offices.lst \
	%reldir%/rules/coop_verbs.lst \
	%reldir%/rules/coop_nouns.lst \
	%reldir%/rules/collective_heads.lst \
	%reldir%/rules/months.lst \
	%reldir%/rules/countries.lst \
	%reldir%/rules/stopwords.lst \
	%reldir%/rules/blacklist.lst \
	%reldir%/rules/name_particles.lst \
	%reldir%/rules/postnominals.lst \
	%reldir%/rules/legal_forms.lst \
	%reldir%/rules/legal_prefixes.lst \
	%reldir%/rules/function_words.lst \
	%reldir%/rules/company_words.lst \
	%reldir%/rules/org_heads_world.lst \
	%reldir%/rules/list_intro.lst \
	%reldir%/rules/appoint_verbs.lst \
	%reldir%/rules/unit_heads.lst \
	%reldir%/rules/posts.rules \
	%reldir%/rules/collaborations.rules \
	%reldir%/rules/events.rules

# Generated word lists (tools/make-lists; committed, so building needs
# none of their sources).
rulesgendir = $(pkgdatadir)/rules/gen
dist_rulesgen_DATA = \
	%reldir%/rules/gen/org_heads.lst \
	%reldir%/rules/gen/titles.lst \
	%reldir%/rules/gen/event_heads.lst \
	%reldir%/rules/gen/facility_heads.lst \
	%reldir%/rules/gen/demonyms.lst \
	%reldir%/rules/gen/countries.lst \
	%reldir%/rules/gen/regions.lst \
	%reldir%/rules/gen/cities.lst \
	%reldir%/rules/gen/place_kinds.lst \
	%reldir%/rules/gen/common_words.lst \
	%reldir%/rules/gen/given_names.lst \
	%reldir%/rules/gen/namelike.lst
