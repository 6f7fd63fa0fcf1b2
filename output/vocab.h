/*
 * vocab.h: every IRI that output/ writes, as named constants, so that the
 * mapping in article_rdf.c reads like VOCABULARY.md and a typo is a compile
 * error rather than a silently wrong predicate.  Internal to output/.
 */
#ifndef NG_OUTPUT_VOCAB_H
#define NG_OUTPUT_VOCAB_H

/* Namespaces (exactly the IRIs of shared/eval/VOCABULARY.md) and the
 * project's own ontology (ontology/newsgraph.ttl). */
#define NG_NS_SCHEMA "http://schema.org/"
#define NG_NS_ORG "http://www.w3.org/ns/org#"
#define NG_NS_PROV "http://www.w3.org/ns/prov#"
#define NG_NS_SKOS "http://www.w3.org/2004/02/skos/core#"
#define NG_NS_DCTERMS "http://purl.org/dc/terms/"
#define NG_NS_XSD "http://www.w3.org/2001/XMLSchema#"
#define NG_NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NG_NS_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define NG_NS_NG "https://newsgraph.example.org/ontology#"

#define RDF_TYPE NG_NS_RDF "type"

#define SCHEMA_NEWS_ARTICLE NG_NS_SCHEMA "NewsArticle"
#define SCHEMA_PERSON NG_NS_SCHEMA "Person"
#define SCHEMA_ORGANIZATION NG_NS_SCHEMA "Organization"
#define SCHEMA_EVENT NG_NS_SCHEMA "Event"
#define SCHEMA_PLACE NG_NS_SCHEMA "Place"

#define SCHEMA_NAME NG_NS_SCHEMA "name"
#define SCHEMA_ALTERNATE_NAME NG_NS_SCHEMA "alternateName"
#define SCHEMA_DESCRIPTION NG_NS_SCHEMA "description"
#define SCHEMA_HONORIFIC_PREFIX NG_NS_SCHEMA "honorificPrefix"
#define SCHEMA_GIVEN_NAME NG_NS_SCHEMA "givenName"
#define SCHEMA_FAMILY_NAME NG_NS_SCHEMA "familyName"
#define SCHEMA_JOB_TITLE NG_NS_SCHEMA "jobTitle"
#define SCHEMA_START_DATE NG_NS_SCHEMA "startDate"
#define SCHEMA_END_DATE NG_NS_SCHEMA "endDate"
#define SCHEMA_FOUNDING_DATE NG_NS_SCHEMA "foundingDate"
#define SCHEMA_DATE_PUBLISHED NG_NS_SCHEMA "datePublished"
#define SCHEMA_HEADLINE NG_NS_SCHEMA "headline"
#define SCHEMA_URL NG_NS_SCHEMA "url"
#define SCHEMA_AUTHOR NG_NS_SCHEMA "author"
#define SCHEMA_PARENT_ORGANIZATION NG_NS_SCHEMA "parentOrganization"
#define SCHEMA_LOCATION NG_NS_SCHEMA "location"
#define SCHEMA_ORGANIZER NG_NS_SCHEMA "organizer"
#define SCHEMA_SPONSOR NG_NS_SCHEMA "sponsor"
#define SCHEMA_PERFORMER NG_NS_SCHEMA "performer"
#define SCHEMA_ATTENDEE NG_NS_SCHEMA "attendee"
#define SCHEMA_ABOUT NG_NS_SCHEMA "about"

#define ORG_MEMBERSHIP NG_NS_ORG "Membership"
#define ORG_ROLE NG_NS_ORG "Role"
#define ORG_ORGANIZATIONAL_COLLABORATION NG_NS_ORG "OrganizationalCollaboration"
#define ORG_MEMBER NG_NS_ORG "member"
#define ORG_ORGANIZATION NG_NS_ORG "organization"
#define ORG_ROLE_PROP NG_NS_ORG "role"
#define ORG_MEMBER_OF NG_NS_ORG "memberOf"
#define ORG_HAS_MEMBER NG_NS_ORG "hasMember"

#define PROV_WAS_DERIVED_FROM NG_NS_PROV "wasDerivedFrom"

#define SKOS_CONCEPT NG_NS_SKOS "Concept"
#define SKOS_PREF_LABEL NG_NS_SKOS "prefLabel"

#define DCTERMS_SOURCE NG_NS_DCTERMS "source"

#define XSD_DATE NG_NS_XSD "date"
#define XSD_G_YEAR_MONTH NG_NS_XSD "gYearMonth"
#define XSD_G_YEAR NG_NS_XSD "gYear"
#define XSD_INTEGER NG_NS_XSD "integer"

#define NG_EVIDENCE NG_NS_NG "evidence"
#define NG_START_OFFSET NG_NS_NG "startOffset"
#define NG_END_OFFSET NG_NS_NG "endOffset"
#define NG_RULE NG_NS_NG "rule"
#define NG_KIND NG_NS_NG "kind"

/* Kinds of minted node IRIs: base + kind + "/" + key. */
#define NG_KIND_PERSON "person"
#define NG_KIND_ORGANIZATION "organization"
#define NG_KIND_EVENT "event"
#define NG_KIND_PLACE "place"
#define NG_KIND_ROLE "role"
#define NG_KIND_MEMBERSHIP "membership"
#define NG_KIND_COLLABORATION "collaboration"
#define NG_KIND_TOPIC "topic"
#define NG_KIND_ARTICLE "article"
#define NG_KIND_GRAPH "graph"

/* The prefixes declared in Turtle and RDF/XML output, in this order.  rdf:
 * is missing on purpose: raptor's serializers declare it themselves and
 * refuse a second declaration. */
#define NG_PREFIXES                                                            \
  {"schema", NG_NS_SCHEMA}, {"org", NG_NS_ORG}, {"prov", NG_NS_PROV},          \
      {"skos", NG_NS_SKOS}, {"dcterms", NG_NS_DCTERMS}, {"xsd", NG_NS_XSD},    \
      {"ng", NG_NS_NG}, {                                                      \
    "rdfs", NG_NS_RDFS                                                         \
  }

#endif /* NG_OUTPUT_VOCAB_H */
