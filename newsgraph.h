/*
 * newsgraph.h: the public API of libnewsgraph.
 *
 * newsgraph reads news articles about institutions and turns each one into a
 * knowledge graph.  Data flows in three stages, one folder each:
 *
 *   input/      NgDocument   bytes -> cleaned text, sentences, offset map
 *   extractor/  NgArticle    rules + word lists -> people, organizations,
 *                            events, collaborations (plain C structs, no RDF)
 *   output/     NgGraph      NgArticle -> RDF (librdf model) -> Turtle etc.,
 *               NgStore      persistent stores and SPARQL queries
 *
 * Conventions (after serd/sord):
 *   - every public name starts with ng_ / Ng / NG_;
 *   - functions return an NgStatus and never print; diagnostics go through
 *     one replaceable sink (ng_log_set_sink);
 *   - each function's comment says who owns what it returns: "borrowed"
 *     (valid while the owner lives, do not free), "new" (free with the named
 *     function), or "takes ownership";
 *   - every *_free function accepts NULL.
 */
#ifndef NEWSGRAPH_H
#define NEWSGRAPH_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ status */

/* Return codes.  Values are part of the ABI: never renumber, only append. */
typedef enum NgStatus {
  NG_SUCCESS = 0,      /* done */
  NG_FAILURE = 1,      /* non-fatal: no match, nothing found, end of input */
  NG_ERR_NOMEM = 2,    /* out of memory */
  NG_ERR_IO = 3,       /* a file or stream could not be read or written */
  NG_ERR_BAD_ARG = 4,  /* invalid argument (a caller's bug or a bad option) */
  NG_ERR_SYNTAX = 5,   /* a rule file, word list or query is malformed */
  NG_ERR_INPUT = 6,    /* an article cannot be processed (empty, binary) */
  NG_ERR_RDF = 7,      /* librdf/raptor refused an operation */
  NG_ERR_STORE = 8,    /* a persistent store failed (open, write, commit) */
  NG_ERR_INTERNAL = 9, /* an invariant was broken: a bug in newsgraph */
  NG_ERR_TIMEOUT = 10,  /* a query ran out of its time (ng_store_set_timeout) */
  NG_ERR_UNSUPPORTED = 11 /* a query uses a construct the store's engine
                             does not evaluate (the message names it) */
} NgStatus;

/* A short lowercase description of st.  Borrowed (static storage). */
const char *ng_strerror(NgStatus st);

/* ------------------------------------------------------------- diagnostics */

typedef enum NgLogLevel {
  NG_LOG_ERROR = 0,
  NG_LOG_WARNING = 1,
  NG_LOG_INFO = 2
} NgLogLevel;

/* One diagnostic.  All pointers are borrowed for the duration of the call.
 * file is NULL when no file is involved; line/column are 1-based, 0 when
 * unknown; offset is a byte offset in file, (size_t)-1 when unknown; rule is
 * the id of the rule concerned, or NULL. */
typedef struct NgDiagnostic {
  NgLogLevel level;
  const char *file;
  unsigned line;
  unsigned column;
  size_t offset;
  const char *rule;
  const char *message; /* lowercase, no trailing period, the problem first */
} NgDiagnostic;

typedef void (*NgLogSink)(void *handle, const NgDiagnostic *diag);

/* Replaces the process-wide diagnostic sink.  NULL restores the default,
 * which prints "newsgraph: FILE:LINE: warning: MESSAGE" lines to stderr. */
void ng_log_set_sink(NgLogSink sink, void *handle);

/* Writes d to stream the way the default sink does, as one line
 * "newsgraph: FILE:LINE: warning: rule ID: MESSAGE" (for sinks that filter
 * or reorder diagnostics and then print them). */
void ng_log_write(FILE *stream, const NgDiagnostic *d);

/* Emits a diagnostic through the current sink (printf-style message). */
void ng_log(NgLogLevel level, const char *file, unsigned line, size_t offset,
            const char *rule, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* ------------------------------------------------------------------- input */

/* A cleaned article: the original bytes, the cleaned UTF-8 text, a map from
 * every byte of the cleaned text back to a byte offset in the original, and
 * the paragraphs and sentences of the cleaned text. */
typedef struct NgDocument NgDocument;

/* A half-open byte range [begin, end) of a document's cleaned text. */
typedef struct NgSpan {
  size_t begin;
  size_t end;
} NgSpan;

/* One sentence: its span in the cleaned text and the 0-based index of the
 * paragraph (block of text between blank lines or block elements) and of
 * the line it stands in. */
typedef struct NgSentence {
  NgSpan span;
  size_t paragraph;
  size_t line;
} NgSentence;

/* The largest article that can be read at all, in bytes (the offset map
 * holds 32-bit offsets), and the default limit on the size of one article.
 * Larger inputs are refused with NG_ERR_INPUT, before they are read into
 * memory, with a diagnostic naming the file, its size and the limit.  An
 * article of N bytes takes about 8 N of memory while it is processed. */
#define NG_MAX_DOCUMENT_BYTES ((size_t)256 * 1024 * 1024)
#define NG_DEFAULT_MAX_DOCUMENT_BYTES ((size_t)32 * 1024 * 1024)

/* Sets the size limit of one article for the whole process (every later
 * load, in every thread; set it before starting threads that load).
 * NG_ERR_BAD_ARG (nothing changed) when bytes is 0 or more than
 * NG_MAX_DOCUMENT_BYTES. */
NgStatus ng_set_max_document_bytes(size_t bytes);

/* The current size limit of one article (NG_DEFAULT_MAX_DOCUMENT_BYTES
 * unless set). */
size_t ng_max_document_bytes(void);

/* Reads and cleans the file at path.  On success *out is new (free with
 * ng_document_free).  Returns NG_ERR_IO when the file cannot be read and
 * NG_ERR_INPUT when it is empty, binary (NUL bytes or mostly control
 * characters) or larger than ng_max_document_bytes(); a diagnostic names
 * the file and the problem.
 * Invalid UTF-8 is not an error: each bad byte becomes U+FFFD and one
 * warning names the file and the byte offset of the first bad byte. */
NgStatus ng_document_load_file(const char *path, NgDocument **out);

/* As ng_document_load_file, reading the stream to its end.  label names the
 * input in diagnostics and in the article's identity (e.g. "-" or "stdin"). */
NgStatus ng_document_load_stream(FILE *stream, const char *label,
                                 NgDocument **out);

/* As ng_document_load_file, from bytes in memory (copied). */
NgStatus ng_document_from_bytes(const char *label, const char *bytes,
                                size_t len, NgDocument **out);

void ng_document_free(NgDocument *doc);

/* The label given at load time (a path, or "-").  Borrowed. */
const char *ng_document_label(const NgDocument *doc);

/* The original bytes as read.  Borrowed; *len receives the length. */
const char *ng_document_original(const NgDocument *doc, size_t *len);

/* The cleaned text: valid UTF-8, NUL-terminated, HTML reduced to text,
 * boilerplate lines dropped, quotes/dashes/spaces normalised, lines
 * separated by '\n' and paragraphs by "\n\n".  Borrowed. */
const char *ng_document_text(const NgDocument *doc, size_t *len);

/* The byte offset in the original input of the cleaned-text byte at
 * text_offset (text_offset == text length maps to the original length). */
size_t ng_document_original_offset(const NgDocument *doc, size_t text_offset);

/* Number of sentences, and sentence i (0 <= i < count).  Borrowed. */
size_t ng_document_n_sentences(const NgDocument *doc);
const NgSentence *ng_document_sentence(const NgDocument *doc, size_t i);

/* True (non-zero) when the input was detected as HTML. */
int ng_document_is_html(const NgDocument *doc);

/* ---------------------------------------------------------------- articles */

/* The facts of one article, RDF-free.  Built by the extractor, read by the
 * output stage.  All fields are read-only for callers; all strings and
 * arrays are owned by the NgArticle. */

typedef enum NgEntityType {
  NG_PERSON = 0,
  NG_ORGANIZATION = 1,
  NG_EVENT = 2,
  NG_PLACE = 3
} NgEntityType;

/* Where a fact came from. */
typedef struct NgProvenance {
  char *rule;      /* id of the rule that produced it (NULL if none) */
  char *evidence;  /* the sentence it was read from (NULL if none) */
  size_t begin;    /* byte offsets of the evidence in the original file */
  size_t end;
} NgProvenance;

typedef struct NgEntity {
  NgEntityType type;
  char *name;          /* canonical name (for a person "Given Family") */
  char **alt_names;    /* other names the text ties to it */
  size_t n_alt_names;
  char *subclass;      /* finer schema.org class, e.g. "Hospital", or NULL */
  char *honorific;     /* persons: "Dr.", "Professor"; else NULL */
  char *given_name;    /* persons, when known; else NULL */
  char *family_name;
  char *job_title;     /* persons: a title held without an organization */
  char *start_date;    /* events: "YYYY-MM-DD", "YYYY-MM" or "YYYY" */
  char *end_date;
  char *description;
  NgProvenance prov;   /* the first sentence naming it */
} NgEntity;

typedef enum NgRelationType {
  NG_REL_MEMBER = 0,     /* person subject, organization object, role
                            literal (may be NULL): a post held there */
  NG_REL_PARENT = 1,     /* organization subject is a unit of object */
  NG_REL_LOCATION = 2,   /* event subject took place at place object */
  NG_REL_ORGANIZER = 3,  /* event subject, person or organization object */
  NG_REL_SPONSOR = 4,
  NG_REL_PERFORMER = 5,
  NG_REL_ATTENDEE = 6,
  NG_REL_AUTHOR = 7      /* the article was written by person object;
                            subject unused (0) */
} NgRelationType;

typedef struct NgRelation {
  NgRelationType type;
  size_t subject;  /* index into entities */
  size_t object;   /* index into entities */
  char *literal;   /* role label for NG_REL_MEMBER, else NULL */
  NgProvenance prov;
} NgRelation;

typedef struct NgCollaboration {
  size_t *members;   /* indexes of organizations, sorted, no duplicates */
  size_t n_members;
  char *date;        /* "YYYY-MM-DD", "YYYY-MM", "YYYY" or NULL */
  char **topics;
  size_t n_topics;
  char *kind;        /* "agreement", "memorandum", "partnership", ... or NULL */
  NgProvenance prov;
} NgCollaboration;

typedef struct NgArticle {
  char *label;           /* the input's label (path) */
  char *key;             /* stable identity used to mint the article IRI */
  char *headline;        /* or NULL */
  char *date_published;  /* "YYYY-MM-DD" or NULL */
  char *url;             /* or NULL */
  NgEntity *entities;
  size_t n_entities;
  NgRelation *relations;
  size_t n_relations;
  NgCollaboration *collaborations;
  size_t n_collaborations;
  struct NgArticleIndex *index; /* private to article.c: what the add
                                   functions look up, by key */
} NgArticle;

/* A new empty article.  label and key are copied.  New: free with
 * ng_article_free.  Returns NULL when out of memory. */
NgArticle *ng_article_new(const char *label, const char *key);

void ng_article_free(NgArticle *article);

/* Adds an entity named name (copied) and stores its index in *index.
 * Returns NG_FAILURE (and the existing index) when an entity of the same
 * type and the same normalised name (ng_name_key) is already present. */
NgStatus ng_article_add_entity(NgArticle *article, NgEntityType type,
                               const char *name, size_t *index);

/* Adds alias (copied) to entity index unless it equals, after
 * normalisation, its name or an alias it already has (then NG_FAILURE). */
NgStatus ng_article_add_alias(NgArticle *article, size_t index,
                              const char *alias);

/* Sets a string field of an entity (replacing any old value); value is
 * copied, NULL clears.  field is one of: "subclass", "honorific",
 * "given_name", "family_name", "job_title", "start_date", "end_date",
 * "description".  NG_ERR_BAD_ARG for another field name. */
NgStatus ng_article_set_entity_field(NgArticle *article, size_t index,
                                     const char *field, const char *value);

/* Copies prov into the entity (rule and evidence copied). */
NgStatus ng_article_set_entity_provenance(NgArticle *article, size_t index,
                                          const NgProvenance *prov);

/* Adds a relation; literal and prov are copied (prov may be NULL).
 * Returns NG_FAILURE when the same (type, subject, object, literal) is
 * already present. */
NgStatus ng_article_add_relation(NgArticle *article, NgRelationType type,
                                 size_t subject, size_t object,
                                 const char *literal,
                                 const NgProvenance *prov);

/* Adds a collaboration between n_members organizations (indexes copied,
 * sorted, duplicates dropped; fewer than two distinct members is
 * NG_ERR_BAD_ARG).  date/kind/prov may be NULL.  The new collaboration's
 * index is stored in *index when index is not NULL. */
NgStatus ng_article_add_collaboration(NgArticle *article,
                                      const size_t *members, size_t n_members,
                                      const char *date, const char *kind,
                                      const NgProvenance *prov, size_t *index);

/* Adds a topic (copied) to collaboration index unless already present. */
NgStatus ng_article_add_topic(NgArticle *article, size_t index,
                              const char *topic);

/* Sets the headline, publication date or URL (copied; NULL clears).
 * field is "headline", "date_published" or "url". */
NgStatus ng_article_set_field(NgArticle *article, const char *field,
                              const char *value);

/* ------------------------------------------------------------------ names */

/* The normalised form of a name used for identity: case-folded, accents
 * and apostrophes removed, "People's"/"Peoples" alike, runs of anything but
 * letters and digits collapsed to one '-', a leading "the" dropped.  New
 * (free with free()); NULL when out of memory. */
char *ng_name_key(const char *name);

/* The IRI of a node: base + kind + "/" + ng_name_key(name), e.g.
 * ng_mint_iri("http://ex.org/id/", "organization", "Acme Hospital") is
 * "http://ex.org/id/organization/acme-hospital".  New (free with free()). */
char *ng_mint_iri(const char *base, const char *kind, const char *name);

/* The default base IRI under which nodes are minted. */
#define NG_DEFAULT_BASE_IRI "http://newsgraph.example.org/id/"

/* -------------------------------------------------------------- extraction */

/* A loaded, compiled rule set: phases of named rules and word lists.  Read
 * only after loading, so one NgRuleset may serve many extractors. */
typedef struct NgRuleset NgRuleset;

/* Loads the rule set in dir (its "main.phases" and "lists.def"), expands
 * macros, and compiles and JIT-compiles every pattern once.  Each problem
 * is reported through the log sink as FILE:LINE: MESSAGE; the first error
 * makes the result NG_ERR_SYNTAX (or NG_ERR_IO for an unreadable file), but
 * loading goes on to report every error.  On success *out is new (free
 * with ng_ruleset_free). */
NgStatus ng_ruleset_load(const char *dir, NgRuleset **out);

void ng_ruleset_free(NgRuleset *rules);

/* Number of rules and phases loaded. */
size_t ng_ruleset_n_rules(const NgRuleset *rules);
size_t ng_ruleset_n_phases(const NgRuleset *rules);

/* The pattern rule id runs, as pcre2 sees it: macros expanded, and a
 * token pattern translated.  When tokens is not NULL it receives the
 * rule's token pattern as written, or NULL for a plain pattern.  Borrowed
 * (valid while rules lives); NULL when no rule has that id. */
const char *ng_ruleset_rule_pattern(const NgRuleset *rules, const char *id,
                                    const char **tokens);

/* The default rules directory: $NEWSGRAPH_RULES if set, else the build
 * tree's extractor/rules when the running program is the uninstalled one,
 * else the installed $(pkgdatadir)/rules.  Borrowed (static storage). */
const char *ng_default_rules_dir(void);

/* The per-thread state of extraction (match data, scratch buffers),
 * reused from one document to the next. */
typedef struct NgExtractor NgExtractor;

/* New (free with ng_extractor_free); rules is borrowed and must outlive
 * the extractor. */
NgStatus ng_extractor_new(const NgRuleset *rules, NgExtractor **out);

void ng_extractor_free(NgExtractor *ex);

/* Extracts the facts of doc.  On success *out is new (free with
 * ng_article_free). */
NgStatus ng_extractor_run(NgExtractor *ex, const NgDocument *doc,
                          NgArticle **out);

/* Called for every fact the extractor keeps, when set (for --explain):
 * kind is "entity", "relation", "collaboration" or "article"; text
 * describes the fact in one line.  All pointers borrowed for the call. */
typedef void (*NgExplainFunc)(void *handle, const char *kind,
                              const char *text, const NgProvenance *prov);
void ng_extractor_set_explain(NgExtractor *ex, NgExplainFunc func,
                              void *handle);

/* ------------------------------------------------------------------ output */

/* An RDF graph (a librdf model) that articles are added to. */
typedef struct NgGraph NgGraph;

/* New in-memory graph whose nodes are minted under base_iri (NULL for
 * NG_DEFAULT_BASE_IRI).  New: free with ng_graph_free. */
NgStatus ng_graph_new(const char *base_iri, NgGraph **out);

void ng_graph_free(NgGraph *graph);

/* Adds the triples of article, in the vocabulary of the project's
 * VOCABULARY (schema.org, W3C ORG, PROV, SKOS) plus the newsgraph
 * ontology's provenance terms.  article is borrowed. */
NgStatus ng_graph_add_article(NgGraph *graph, const NgArticle *article);

/* Number of triples in the graph. */
size_t ng_graph_size(const NgGraph *graph);

/* The IRI of an article's node and of its named graph.  New (free()). */
char *ng_article_iri(const char *base_iri, const NgArticle *article);
char *ng_article_graph_iri(const char *base_iri, const NgArticle *article);

/* Output formats: "turtle" (default, prefixes declared), "ntriples",
 * "nquads", "rdfxml".  Returns non-zero when name is one of them. */
int ng_format_supported(const char *name);

/* The triples of article (those ng_graph_add_article adds, nodes minted
 * under base_iri, NULL for NG_DEFAULT_BASE_IRI) as "ntriples" or "nquads"
 * lines, sorted and without duplicates, made without an RDF model: the
 * bytes ng_graph_write gives for a graph holding this article alone.  On
 * success *out is new (free()) and *len its length.  NG_ERR_BAD_ARG for
 * another format. */
NgStatus ng_article_serialize(const NgArticle *article, const char *base_iri,
                              const char *format, char **out, size_t *len);

/* The same lines, kept sorted but not joined, to be written later (a
 * worker thread makes them, the writer writes them: one copy fewer than
 * ng_article_serialize).  On success *out is new (free with
 * ng_lines_free). */
typedef struct NgLines NgLines;
NgStatus ng_article_lines(const NgArticle *article, const char *base_iri,
                          const char *format, NgLines **out);

/* Writes the lines to stream.  NG_ERR_IO when writing fails. */
NgStatus ng_lines_write(const NgLines *lines, FILE *stream);

/* The number of bytes ng_lines_write writes. */
size_t ng_lines_size(const NgLines *lines);

void ng_lines_free(NgLines *lines);

/* Writes the graph to stream in format.  The same graph content gives
 * byte-identical output.  NG_ERR_BAD_ARG for an unknown format, NG_ERR_IO
 * when writing fails. */
NgStatus ng_graph_write(NgGraph *graph, const char *format, FILE *stream);

/* ------------------------------------------------------------------- store */

/* A persistent store of article graphs (one named graph per article). */
typedef struct NgStore NgStore;

/* Opens (creating when needed) the store described by spec:
 *   "memory", "sqlite:PATH", "hashes:PATH", "postgresql:CONNINFO"
 * (CONNINFO "host=.. port=.. dbname=.. user=.. password=..", the password
 * may come from $PGPASSWORD instead), "virtuoso:DIR" (newsgraph's private
 * Virtuoso server for DIR, created and started when needed) or
 * "sparql:URL" (a SPARQL 1.1 server's query endpoint; see doc/store.md).
 * New: free with ng_store_close. */
NgStatus ng_store_open(const char *spec, const char *base_iri,
                       NgStore **out);

/* Commits what is still uncommitted (a failure is logged, naming the lost
 * articles: call ng_store_flush first to learn of it) and closes. */
void ng_store_close(NgStore *store);

/* Replaces the graph of article in the store, all or nothing.  SQLite and
 * PostgreSQL stores write several articles per transaction (each still
 * all or nothing): an article is durable once the batch is committed,
 * which happens every few hundred articles or half a second, and at the
 * latest in ng_store_flush or ng_store_close.  When a whole transaction is
 * lost (disk full, I/O error) every article of it is named in a
 * diagnostic and keeps its previous graph.  Another process writing the
 * same store is waited for (up to two minutes).  A SPARQL server store
 * queues graphs and writes them in batches too: a failure may then be
 * reported by a later put or by ng_store_flush, naming the batch's graphs.
 * One thread at a time uses a store: extraction threads hand their
 * articles to one writer. */
NgStatus ng_store_put_article(NgStore *store, const NgArticle *article);

/* Loads the named graphs of an RDF file (N-Quads .nq or TriG .trig) into
 * the store, each replacing the graph of the same name, as article graphs
 * are (statements outside a named graph are an error: NG_ERR_INPUT,
 * logged).  *n_graphs (may be NULL) is set to the number of graphs. */
NgStatus ng_store_load_rdf(NgStore *store, const char *path,
                           size_t *n_graphs);

/* Commits or sends whatever the store still has queued (NG_SUCCESS at
 * once for stores that write directly); NG_ERR_STORE, each lost article
 * named in a diagnostic, when that fails.  ng_store_close flushes too but
 * cannot report. */
NgStatus ng_store_flush(NgStore *store);

/* Number of triples (quads) in the store. */
size_t ng_store_size(NgStore *store);

/* Opens a throw-away in-memory store holding the triples of the RDF files
 * at paths (Turtle, or N-Triples/N-Quads/RDF/XML by file extension), for
 * queries over files without a persistent store.  Each parse error is
 * logged.  New: free with ng_store_close. */
NgStatus ng_store_open_files(const char *const *paths, size_t n_paths,
                             NgStore **out);

/* Result formats of ng_store_query: "table" (aligned columns), "csv",
 * "tsv", "json", "xml" (the SPARQL results formats), "dot" (Graphviz: the
 * first two variables are nodes, the others label the edge between them).
 * Returns non-zero when name is one of them. */
int ng_query_format_supported(const char *name);

/* Runs the SPARQL 1.1 query on the store and writes the results to
 * stream: SELECT/ASK in format, CONSTRUCT/DESCRIBE always as Turtle.  The
 * default graph is the union of all graphs (each statement once); GRAPH
 * ranges over the article graphs.  NG_ERR_SYNTAX (the parser's message
 * logged) for a malformed query, NG_ERR_UNSUPPORTED for a construct the
 * store's engine does not evaluate (logged, naming it), NG_ERR_TIMEOUT,
 * NG_ERR_BAD_ARG for an unknown format, NG_ERR_IO when writing fails. */
NgStatus ng_store_query(NgStore *store, const char *sparql,
                        const char *format, FILE *stream);

/* Stops queries on store that run longer than seconds (0: no limit) with
 * NG_ERR_TIMEOUT. */
void ng_store_set_timeout(NgStore *store, double seconds);

/* Writes the store's statements to stream: every graph (graph_iri NULL)
 * or the one named graph graph_iri.  format is "turtle" or "ntriples"
 * (statements, duplicates across graphs written once) or "nquads" (each
 * statement with its graph name).  NG_ERR_BAD_ARG for an unknown format. */
NgStatus ng_store_export(NgStore *store, const char *graph_iri,
                         const char *format, FILE *stream);

/* Removes the named graph graph_iri (borrowed) from the store, all or
 * nothing.  NG_SUCCESS also when there was no such graph. */
NgStatus ng_store_remove_graph(NgStore *store, const char *graph_iri);

/* The SPARQL 1.1 Protocol endpoint of a server store (virtuoso:DIR: its
 * private server's, while the store is open), NULL for other stores.
 * Borrowed. */
const char *ng_store_endpoint(const NgStore *store);

/* The spec the store was opened with, any password removed, for messages.
 * Borrowed (valid until ng_store_close). */
const char *ng_store_label(const NgStore *store);

/* Replaces each "$name" token of sparql (name: letters, digits, '_') by the
 * value of the parameter of that name written as a SPARQL string literal
 * (quotes, backslashes and control characters escaped), so that a value
 * can never change the query's structure.  names/values: n_params borrowed
 * strings.  "$name" inside a string literal, IRI or comment of the query is
 * left alone.  NG_ERR_BAD_ARG (logged) when the query uses a parameter
 * that is not given, a given one is not used, or a value is not valid
 * UTF-8.  On success *out is new (free()). */
NgStatus ng_sparql_bind(const char *sparql, const char *const *names,
                        const char *const *values, size_t n_params,
                        char **out);

/* The directory of the preset queries (NAME.rq): $NEWSGRAPH_QUERIES if
 * set, else the source tree's output/queries when the running program is
 * the uninstalled one, else $(pkgdatadir)/queries.  Borrowed. */
const char *ng_default_queries_dir(void);

/* ----------------------------------------------------------------- version */

/* The library's version, e.g. "0.1.0".  Borrowed. */
const char *ng_version(void);

#ifdef __cplusplus
}
#endif

#endif /* NEWSGRAPH_H */
