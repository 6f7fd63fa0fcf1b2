/*
 * check_constructions.c: the general constructions of news text that the
 * shipped rule set must read, one test per construction, each with
 * several invented variants and at least one sentence that must NOT be
 * read that way.  (tests/check_extract.c pins down the extractor's
 * mechanics; this file is the catalogue of what a reader expects.)
 *
 * Each case is a text and the facts expected of it, one per line, in a
 * small language that reads like the fact it states:
 *
 *   person Jane Roe            org Acme Clinic          event Harbour Summit
 *   no person Health Systems   no org Health            (must not exist)
 *   alias Acme Clinic = AC     (one organization with both names)
 *   member Jane Roe @ Acme Clinic                (a post there, any role)
 *   member Jane Roe @ Acme Clinic as chief executive   (role contains)
 *   no member Jane Roe @ Acme Clinic
 *   title Jane Roe = Director  (a role, at an organization or not)
 *   parent School of Law < Acme University
 *   collab Acme Clinic + Beacon Institute [+ ...]    no collab A + B
 *   collabs 1                  (how many collaborations the text holds)
 *   topic Acme Clinic + Beacon Institute : smart wards
 *   cdate Acme Clinic + Beacon Institute : 2031-05-02
 *   performer Harbour Summit : Jane Roe    (also organizer, sponsor,
 *   attendee, location; "no performer ..." for the negative)
 *   edate Harbour Summit : 2031-05-10   (edate Harbour Summit : * any date;
 *   eend Harbour Summit : 2031-05-12 the last day of one held over days)
 *   published 2031-05-02       author Jane Roe    (the article's date, writer)
 *
 * Entity names must match exactly (an organization may also match by an
 * alternate name); an event is named by any part of its name.
 */
#include "newsgraph.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static NgRuleset *rules;
static NgExtractor *ex;

static void quiet(void *handle, const NgDiagnostic *d) {
  (void)handle;
  (void)d;
}

static void load_rules(void) {
  const char *env = getenv("NEWSGRAPH_RULES");
  const char *src = getenv("NG_SRCDIR");
  char path[1024];
  if (env && *env) {
    snprintf(path, sizeof path, "%s", env);
  } else {
    snprintf(path, sizeof path, "%s/extractor/rules", src ? src : "..");
  }
  ng_log_set_sink(quiet, NULL);
  if (ng_ruleset_load(path, &rules) != NG_SUCCESS ||
      ng_extractor_new(rules, &ex) != NG_SUCCESS) {
    fprintf(stderr, "check_constructions: cannot load the rules in %s\n",
            path);
    exit(EXIT_FAILURE);
  }
}

static void free_rules(void) {
  ng_extractor_free(ex);
  ng_ruleset_free(rules);
  ng_log_set_sink(NULL, NULL);
}

/* ------------------------------------------------------------ lookups */

static const char *const type_names[] = {"person", "org", "event", "place"};
static const char *const rel_names[] = {"member",    "parent",  "location",
                                        "organizer", "sponsor", "performer",
                                        "attendee",  "author"};

static void dump(const NgArticle *art, char *buf, size_t size) {
  size_t n = 0;
#define PUT(...)                                                             \
  n += (size_t)snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__)
  buf[0] = '\0';
  for (size_t i = 0; i < art->n_entities; ++i) {
    const NgEntity *e = &art->entities[i];
    PUT("\n  %s \"%s\"", type_names[e->type], e->name);
    for (size_t k = 0; k < e->n_alt_names; ++k) {
      PUT(" = \"%s\"", e->alt_names[k]);
    }
    if (e->job_title) {
      PUT(" title \"%s\"", e->job_title);
    }
    if (e->start_date) {
      PUT(" date %s", e->start_date);
    }
  }
  for (size_t i = 0; i < art->n_relations; ++i) {
    const NgRelation *r = &art->relations[i];
    PUT("\n  %s %s -> %s%s%s (%s)", rel_names[r->type],
        r->type == NG_REL_AUTHOR ? "article" : art->entities[r->subject].name,
        art->entities[r->object].name, r->literal ? " as " : "",
        r->literal ? r->literal : "", r->prov.rule ? r->prov.rule : "");
  }
  for (size_t i = 0; i < art->n_collaborations; ++i) {
    const NgCollaboration *c = &art->collaborations[i];
    PUT("\n  collab");
    for (size_t k = 0; k < c->n_members; ++k) {
      PUT(" %s\"%s\"", k ? "+ " : "", art->entities[c->members[k]].name);
    }
    if (c->date) {
      PUT(" on %s", c->date);
    }
    for (size_t k = 0; k < c->n_topics; ++k) {
      PUT(" : \"%s\"", c->topics[k]);
    }
  }
#undef PUT
}

static int named(const NgEntity *e, const char *name, int loose) {
  if (!strcmp(e->name, name) || (loose && strstr(e->name, name))) {
    return 1;
  }
  for (size_t k = 0; k < e->n_alt_names; ++k) {
    if (!strcmp(e->alt_names[k], name)) {
      return 1;
    }
  }
  return 0;
}

/* Every entity of type called name (by name or alias; events loosely):
 * indexes into out, the count returned. */
static size_t entities(const NgArticle *art, int type, const char *name,
                       size_t *out, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < art->n_entities && n < max; ++i) {
    const NgEntity *e = &art->entities[i];
    if ((type < 0 || (int)e->type == type) &&
        named(e, name, e->type == NG_EVENT)) {
      out[n++] = i;
    }
  }
  return n;
}

static int has_relation(const NgArticle *art, int type, const char *s,
                        const char *o, const char *role) {
  for (size_t i = 0; i < art->n_relations; ++i) {
    const NgRelation *r = &art->relations[i];
    if ((int)r->type != type) {
      continue;
    }
    const NgEntity *subj = &art->entities[r->subject];
    const NgEntity *obj = &art->entities[r->object];
    if (named(subj, s, subj->type == NG_EVENT) &&
        named(obj, o, obj->type == NG_EVENT) &&
        (!role || (r->literal && strstr(r->literal, role)))) {
      return 1;
    }
  }
  return 0;
}

static int has_title(const NgArticle *art, const char *person,
                     const char *role) {
  for (size_t i = 0; i < art->n_entities; ++i) {
    const NgEntity *e = &art->entities[i];
    if (e->type == NG_PERSON && named(e, person, 0) && e->job_title &&
        strstr(e->job_title, role)) {
      return 1;
    }
  }
  for (size_t i = 0; i < art->n_relations; ++i) {
    const NgRelation *r = &art->relations[i];
    if (r->type == NG_REL_MEMBER && named(&art->entities[r->subject], person, 0) &&
        r->literal && strstr(r->literal, role)) {
      return 1;
    }
  }
  return 0;
}

/* The collaboration whose members include every name of list ("A + B"). */
static const NgCollaboration *collab(const NgArticle *art, const char *list) {
  for (size_t i = 0; i < art->n_collaborations; ++i) {
    const NgCollaboration *c = &art->collaborations[i];
    int all = 1;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *m = strtok_r(buf, "+", &save); m && all;
         m = strtok_r(NULL, "+", &save)) {
      while (*m == ' ') {
        ++m;
      }
      size_t len = strlen(m);
      while (len && m[len - 1] == ' ') {
        m[--len] = '\0';
      }
      int found = 0;
      for (size_t k = 0; k < c->n_members; ++k) {
        found |= named(&art->entities[c->members[k]], m, 0);
      }
      all = found;
    }
    if (all) {
      return c;
    }
  }
  return NULL;
}

/* ------------------------------------------------------------- checks */

/* Splits "A @ B as C" style lines: the part before sep into a, the rest
 * into b (both trimmed).  Returns 0 when sep is absent. */
static int split(const char *s, const char *sep, char *a, char *b,
                 size_t size) {
  const char *p = strstr(s, sep);
  if (!p) {
    return 0;
  }
  snprintf(a, size, "%.*s", (int)(p - s), s);
  snprintf(b, size, "%s", p + strlen(sep));
  return 1;
}

static int rel_type(const char *word) {
  for (int i = 0; i < 8; ++i) {
    if (!strcmp(word, rel_names[i])) {
      return i;
    }
  }
  return -1;
}

/* Whether the fact line holds of art. */
static int holds(const NgArticle *art, const char *line) {
  char verb[32], rest[512], a[512], b[512], c[512];
  size_t idx[16];
  if (sscanf(line, "%31s %511[^\n]", verb, rest) != 2) {
    ck_abort_msg("bad fact line '%s'", line);
  }
  for (int t = 0; t < 3; ++t) {
    if (!strcmp(verb, type_names[t])) {
      return entities(art, t, rest, idx, 16) > 0;
    }
  }
  if (!strcmp(verb, "alias") && split(rest, " = ", a, b, sizeof a)) {
    size_t n = entities(art, -1, a, idx, 16);
    for (size_t i = 0; i < n; ++i) {
      if (named(&art->entities[idx[i]], b, 0)) {
        return 1;
      }
    }
    return 0;
  }
  if (!strcmp(verb, "member") && split(rest, " @ ", a, b, sizeof a)) {
    char org[512];
    if (split(b, " as ", org, c, sizeof org)) {
      return has_relation(art, NG_REL_MEMBER, a, org, c);
    }
    return has_relation(art, NG_REL_MEMBER, a, b, NULL);
  }
  if (!strcmp(verb, "title") && split(rest, " = ", a, b, sizeof a)) {
    return has_title(art, a, b);
  }
  if (!strcmp(verb, "jobtitle") && split(rest, " = ", a, b, sizeof a)) {
    for (size_t i = 0; i < art->n_entities; ++i) {
      const NgEntity *e = &art->entities[i];
      if (e->type == NG_PERSON && named(e, a, 0) && e->job_title &&
          !strcmp(e->job_title, b)) {
        return 1;
      }
    }
    return 0;
  }
  if (!strcmp(verb, "parent") && split(rest, " < ", a, b, sizeof a)) {
    return has_relation(art, NG_REL_PARENT, a, b, NULL);
  }
  if (!strcmp(verb, "collab")) {
    return collab(art, rest) != NULL;
  }
  if (!strcmp(verb, "collabs")) {
    return art->n_collaborations == strtoul(rest, NULL, 10);
  }
  if (!strcmp(verb, "published")) {
    /* "published *": the article has a date at all */
    return art->date_published &&
           (!strcmp(rest, "*") || !strcmp(art->date_published, rest));
  }
  if (!strcmp(verb, "author")) {
    for (size_t i = 0; i < art->n_relations; ++i) {
      const NgRelation *r = &art->relations[i];
      if (r->type == NG_REL_AUTHOR && named(&art->entities[r->object], rest, 0)) {
        return 1;
      }
    }
    return 0;
  }
  if ((!strcmp(verb, "topic") || !strcmp(verb, "cdate")) &&
      split(rest, " : ", a, b, sizeof a)) {
    const NgCollaboration *co = collab(art, a);
    if (!co) {
      return 0;
    }
    if (!strcmp(verb, "cdate")) {
      return co->date && (!strcmp(co->date, b) || !strcmp(b, "*"));
    }
    for (size_t k = 0; k < co->n_topics; ++k) {
      if (strstr(co->topics[k], b)) {
        return 1;
      }
    }
    return 0;
  }
  if ((!strcmp(verb, "edate") || !strcmp(verb, "eend")) &&
      split(rest, " : ", a, b, sizeof a)) {
    size_t n = entities(art, NG_EVENT, a, idx, 16);
    for (size_t i = 0; i < n; ++i) {
      const char *d = verb[1] == 'e' ? art->entities[idx[i]].end_date
                                     : art->entities[idx[i]].start_date;
      if (d && (!strcmp(d, b) || !strcmp(b, "*"))) {
        return 1;
      }
    }
    return 0;
  }
  int rt = rel_type(verb);
  if (rt > 1 && split(rest, " : ", a, b, sizeof a)) {
    return has_relation(art, rt, a, b, NULL);
  }
  ck_abort_msg("bad fact line '%s'", line);
  return 0;
}

/* Extracts text and checks every fact line of facts. */
static void expect(const char *text, const char *facts) {
  NgDocument *doc = NULL;
  NgArticle *art = NULL;
  ck_assert_int_eq(ng_document_from_bytes("news.txt", text, strlen(text), &doc),
                   NG_SUCCESS);
  ck_assert_int_eq(ng_extractor_run(ex, doc, &art), NG_SUCCESS);
  char line[600];
  for (const char *p = facts; *p;) {
    size_t n = strcspn(p, "\n");
    snprintf(line, sizeof line, "%.*s", (int)n, p);
    p += n + (p[n] == '\n');
    if (!*line) {
      continue;
    }
    int negative = !strncmp(line, "no ", 3);
    int ok = holds(art, negative ? line + 3 : line);
    if (ok == negative) {
      static char buf[16384];
      dump(art, buf, sizeof buf);
      ng_article_free(art);
      ng_document_free(doc);
      ck_abort_msg("%s: expected \"%s\"\n text: %s\n got:%s",
                   negative ? "false fact" : "missing fact", line, text, buf);
    }
  }
  ng_article_free(art);
  ng_document_free(doc);
}

/* ------------------------------------------------------- constructions */

#include "constructions.inc"

int main(void) {
  load_rules();
  Suite *s = suite_create("constructions");
  TCase *tc = tcase_create("constructions");
  tcase_set_timeout(tc, 60);
  add_construction_tests(tc);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  free_rules();
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
