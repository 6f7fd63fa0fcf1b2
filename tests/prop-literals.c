/*
 * prop-literals.c: the property test of the RDF writers (with
 * tests/output-property.test): whatever characters a name holds, every
 * output format is accepted by other parsers (rapper, serdi) and gives the
 * same literals back.
 *
 *   prop-literals gen SEED COUNT DIR
 *       makes COUNT random names (quotes, backslashes, control characters,
 *       <>{}|^`, combining marks, right-to-left marks, non-characters,
 *       line and paragraph separators, astral characters, a few very long
 *       strings), puts them in an article as names, alternate names, job
 *       titles, roles, topics, a headline and evidence, and writes the
 *       graph as DIR/out.ttl, out.nt, out.nq and out.rdf; DIR/expected.hex
 *       lists the literal each name must become, hex-encoded, one a line:
 *       the name itself, except that controls other than tab and line
 *       feed become a space and U+FFFE/U+FFFF become U+FFFD (raptor cannot
 *       write those two).
 *   prop-literals literals FILE.nt
 *       prints the value of every literal of an N-Triples (or N-Quads)
 *       file another tool wrote, hex-encoded, one a line (the caller
 *       sorts them).
 *
 * Exit status 0, or 1 with a message.
 */
#define _POSIX_C_SOURCE 200809L
#include "newsgraph.h"

#include <raptor2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint32_t rnd(uint32_t n) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state % n);
}

static void put_cp(char **p, uint32_t cp) {
  unsigned char *o = (unsigned char *)*p;
  if (cp < 0x80) {
    *o++ = (unsigned char)cp;
  } else if (cp < 0x800) {
    *o++ = (unsigned char)(0xC0 | (cp >> 6));
    *o++ = (unsigned char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *o++ = (unsigned char)(0xE0 | (cp >> 12));
    *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    *o++ = (unsigned char)(0x80 | (cp & 0x3F));
  } else {
    *o++ = (unsigned char)(0xF0 | (cp >> 18));
    *o++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    *o++ = (unsigned char)(0x80 | (cp & 0x3F));
  }
  *p = (char *)o;
}

/* The hostile characters names are made of (besides letters). */
static const uint32_t nasty[] = {
    '"',    '\'',    '\\',     '<',     '>',    '{',    '}',    '|',
    '^',    '`',     '&',      '#',     '%',    ':',    '@',    '.',
    '\t',   '\n',    '\r',     0x01,    0x08,   0x0B,   0x0C,   0x1B,
    0x1F,   0x7F,    0x85,     0xA0,    0xAD,   0x0301, 0x0308, 0x20DD,
    0x200E, 0x200F,  0x202A,   0x202E,  0x061C, 0x0627, 0x05D0, 0x200B,
    0x200D, 0x2028,  0x2029,   0xFEFF,  0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF,
    0xFFFD, 0x1FFFE, 0x10FFFF, 0x1F600, 0x4E2D, 0xE001, 0x0000 /* end */};

/* A random name: a distinct plain prefix (so that names mint distinct
 * IRIs), then hostile characters and letters; every 25th is 20,000 to
 * 100,000 bytes long.  New (free()). */
static char *make_name(unsigned i) {
  size_t n_nasty = sizeof nasty / sizeof nasty[0] - 1;
  size_t len = i % 25 == 24 ? 5000 + rnd(20000) : 1 + rnd(40);
  char *s = malloc(len * 4 + 64);
  char *p = s + sprintf(s, "Zq%u ", i);
  for (size_t k = 0; k < len; ++k) {
    uint32_t r = rnd(10);
    put_cp(&p, r < 4   ? nasty[rnd((uint32_t)n_nasty)]
               : r < 9 ? 'a' + rnd(26)
                       : ' ');
  }
  *p = '\0';
  return s;
}

/* What the writers make of s (see the top of the file).  New (free()). */
static char *expected_literal(const char *s) {
  char *out = malloc(strlen(s) + 1);
  char *o = out;
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7F) {
      *o++ = ' ';
      ++p;
    } else if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
      memcpy(o, "\xEF\xBF\xBD", 3);
      o += 3;
      p += 3;
    } else {
      *o++ = (char)*p++;
    }
  }
  *o = '\0';
  return out;
}

static void print_hex(FILE *f, const unsigned char *s, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    fprintf(f, "%02x", s[i]);
  }
  fputc('\n', f);
}

static int write_format(NgGraph *g, const char *dir, const char *format,
                        const char *ext) {
  char path[4096];
  snprintf(path, sizeof path, "%s/out.%s", dir, ext);
  FILE *f = fopen(path, "wb");
  if (!f) {
    perror(path);
    return 1;
  }
  NgStatus st = ng_graph_write(g, format, f);
  if (fclose(f) || st) {
    fprintf(stderr, "prop-literals: writing %s: %s\n", path, ng_strerror(st));
    return 1;
  }
  return 0;
}

static int gen(unsigned long seed, unsigned count, const char *dir) {
  rng_state = seed * 2654435761u + 1;
  NgArticle *a = ng_article_new("prop.txt", "prop");
  char path[4096];
  snprintf(path, sizeof path, "%s/expected.hex", dir);
  FILE *exp = fopen(path, "w");
  if (!a || !exp) {
    perror(path);
    return 1;
  }
  size_t org = 0, coll = 0;
  ng_article_add_entity(a, NG_ORGANIZATION, "Zq Plain Institute", &org);
  ng_article_add_entity(a, NG_ORGANIZATION, "Zq Other Institute", &coll);
  size_t members[2] = {org, coll};
  ng_article_add_collaboration(a, members, 2, "2024-03-14", "agreement", NULL,
                               &coll);
  for (unsigned i = 0; i < count; ++i) {
    char *name = make_name(i);
    size_t idx;
    NgProvenance prov = {(char *)"prop-rule", name, 0, strlen(name)};
    switch (i % 6) {
    case 0:
      ng_article_add_entity(a, NG_PERSON, name, &idx);
      break;
    case 1:
      ng_article_add_entity(a, NG_ORGANIZATION, name, &idx);
      break;
    case 2:
      ng_article_add_alias(a, org, name);
      break;
    case 3: {
      char other[32];
      snprintf(other, sizeof other, "Zq Post Holder %u", i);
      ng_article_add_entity(a, NG_PERSON, other, &idx);
      ng_article_set_entity_field(a, idx, "job_title", name);
      ng_article_add_relation(a, NG_REL_MEMBER, idx, org, name, &prov);
      break;
    }
    case 4:
      ng_article_add_topic(a, coll, name);
      break;
    default:
      ng_article_add_entity(a, NG_EVENT, name, &idx);
      ng_article_set_entity_provenance(a, idx, &prov);
      break;
    }
    if (i == 7) {
      ng_article_set_field(a, "headline", name);
    }
    char *lit = expected_literal(name);
    print_hex(exp, (const unsigned char *)lit, strlen(lit));
    free(lit);
    free(name);
  }
  if (fclose(exp)) {
    perror(path);
    return 1;
  }
  NgGraph *g = NULL;
  NgStatus st = ng_graph_new(NULL, &g);
  st = st ? st : ng_graph_add_article(g, a);
  if (st) {
    fprintf(stderr, "prop-literals: graph: %s\n", ng_strerror(st));
    return 1;
  }
  int rc = write_format(g, dir, "turtle", "ttl") |
           write_format(g, dir, "ntriples", "nt") |
           write_format(g, dir, "nquads", "nq") |
           write_format(g, dir, "rdfxml", "rdf");
  ng_graph_free(g);
  ng_article_free(a);
  return rc;
}

static int parse_errors;

static void on_message(void *user, raptor_log_message *m) {
  (void)user;
  if (m->level >= RAPTOR_LOG_LEVEL_WARN) {
    fprintf(stderr, "prop-literals: raptor: %s (line %d)\n", m->text,
            m->locator ? m->locator->line : -1);
    parse_errors++;
  }
}

static void on_statement(void *user, raptor_statement *s) {
  (void)user;
  if (s->object->type == RAPTOR_TERM_TYPE_LITERAL) {
    print_hex(stdout, s->object->value.literal.string,
              s->object->value.literal.string_len);
  }
}

static int literals(const char *path) {
  raptor_world *w = raptor_new_world();
  if (!w || raptor_world_open(w)) {
    return 1;
  }
  raptor_world_set_log_handler(w, NULL, on_message);
  raptor_parser *p = raptor_new_parser(w, "nquads");
  raptor_uri *uri = raptor_new_uri_from_uri_or_file_string(
      w, NULL, (const unsigned char *)path);
  raptor_parser_set_statement_handler(p, NULL, on_statement);
  int rc = !p || !uri || raptor_parser_parse_file(p, uri, NULL);
  raptor_free_uri(uri);
  raptor_free_parser(p);
  raptor_free_world(w);
  if (rc || parse_errors) {
    fprintf(stderr, "prop-literals: %s does not parse as N-Quads\n", path);
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 5 && !strcmp(argv[1], "gen")) {
    return gen(strtoul(argv[2], NULL, 10), (unsigned)atoi(argv[3]), argv[4]);
  }
  if (argc == 3 && !strcmp(argv[1], "literals")) {
    return literals(argv[2]);
  }
  fputs("usage: prop-literals gen SEED COUNT DIR | literals FILE.nt\n", stderr);
  return 2;
}
