/*
 * store-synth.c: puts synthetic articles (invented names, built with the
 * NgArticle builder, no extractor involved; with --extract, articles
 * extracted from files first) into a store, for the
 * kill-midway test and for load/query timings.
 *
 * Usage: store-synth SPEC FIRST COUNT
 *        store-synth --extract DIR SPEC  (the articles of DIR, extracted
 *        first, then stored: both timed)
 * Articles FIRST .. FIRST+COUNT-1; each has three organizations (one of
 * them shared by all articles), two people with posts, an event with a
 * venue, organizer and speaker, and a dated collaboration on two topics:
 * about 40 triples.  Prints the store size and the rate on stdout.
 */
#define _POSIX_C_SOURCE 200809L
#include "newsgraph.h"

#include <dirent.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const syl[] = {"ka", "lo", "vi", "ren", "tha", "mo",
                                  "zu", "pel", "dri", "son", "qua", "ne",
                                  "bor", "li", "fa", "gen"};

/* An invented word for n (distinct n give distinct words). */
static void word(char *out, unsigned long n, int cap) {
  char *p = out;
  do {
    const char *s = syl[n % 16];
    while (*s) {
      *p++ = *s++;
    }
    n /= 16;
  } while (n);
  *p = '\0';
  out[0] = (char)(out[0] - 'a' + 'A');
  (void)cap;
}

static NgArticle *make_article(unsigned long i) {
  char key[64], w1[64], w2[64], name[256], date[32];
  snprintf(key, sizeof key, "synthetic-%lu", i);
  NgArticle *a = ng_article_new(key, key);
  if (!a) {
    return NULL;
  }
  size_t org[3], per[2], ev, place, c;
  word(w1, i * 7 + 1, 64);
  word(w2, i * 7 + 2, 64);
  snprintf(name, sizeof name, "%s Institute of %s", w1, w2);
  ng_article_add_entity(a, NG_ORGANIZATION, name, &org[0]);
  word(w1, i * 7 + 3, 64);
  snprintf(name, sizeof name, "%s Medical Centre", w1);
  ng_article_add_entity(a, NG_ORGANIZATION, name, &org[1]);
  ng_article_add_entity(a, NG_ORGANIZATION, "Common Synthetic Foundation",
                        &org[2]);
  for (int k = 0; k < 2; ++k) {
    word(w1, i * 7 + 4 + (unsigned long)k, 64);
    word(w2, i * 3 + 5 + (unsigned long)k, 64);
    snprintf(name, sizeof name, "%s %s", w1, w2);
    ng_article_add_entity(a, NG_PERSON, name, &per[k]);
    ng_article_add_relation(a, NG_REL_MEMBER, per[k], org[k],
                            k ? "Director" : "Professor", NULL);
  }
  word(w1, i * 7 + 6, 64);
  snprintf(name, sizeof name, "%s Forum %lu", w1, i);
  ng_article_add_entity(a, NG_EVENT, name, &ev);
  snprintf(date, sizeof date, "20%02lu-%02lu-%02lu", 10 + i % 15, 1 + i % 12,
           1 + i % 28);
  ng_article_set_entity_field(a, ev, "start_date", date);
  word(w1, i * 7 + 7, 64);
  snprintf(name, sizeof name, "%s Hall", w1);
  ng_article_add_entity(a, NG_PLACE, name, &place);
  ng_article_add_relation(a, NG_REL_LOCATION, ev, place, NULL, NULL);
  ng_article_add_relation(a, NG_REL_ORGANIZER, ev, org[0], NULL, NULL);
  ng_article_add_relation(a, NG_REL_PERFORMER, ev, per[1], NULL, NULL);
  ng_article_add_collaboration(a, org, 3, date, "agreement", NULL, &c);
  ng_article_add_topic(a, c, "synthetic research");
  word(w1, i, 64);
  snprintf(name, sizeof name, "%s studies", w1);
  ng_article_add_topic(a, c, name);
  snprintf(name, sizeof name, "Synthetic article %lu", i);
  ng_article_set_field(a, "headline", name);
  return a;
}

/* CPU seconds (user + system) the process has used so far. */
static double cpu_seconds(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static double seconds_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (double)(t1.tv_sec - t0->tv_sec) +
         (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* store-synth --extract DIR SPEC: extracts every file of DIR with the
 * default rules (timed), then puts the articles into SPEC (timed
 * separately, flush included): the load rate without extraction. */
static int extract_then_load(const char *dir, const char *spec) {
  DIR *d = opendir(dir);
  if (!d) {
    perror(dir);
    return 2;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  for (struct dirent *e; (e = readdir(d));) {
    if (e->d_name[0] == '.') {
      continue;
    }
    if (n == cap) {
      names = realloc(names, (cap = cap ? cap * 2 : 256) * sizeof *names);
    }
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    names[n] = malloc(len);
    snprintf(names[n++], len, "%s/%s", dir, e->d_name);
  }
  closedir(d);
  if (n) {
    qsort(names, n, sizeof *names, by_name);
  }
  NgRuleset *rules = NULL;
  NgExtractor *ex = NULL;
  NgStore *store = NULL;
  if (ng_ruleset_load(ng_default_rules_dir(), &rules) ||
      ng_extractor_new(rules, &ex) || ng_store_open(spec, NULL, &store)) {
    return 2;
  }
  NgArticle **arts = calloc(n + 1, sizeof *arts);
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  double c0 = cpu_seconds();
  size_t got = 0;
  for (size_t i = 0; i < n; ++i) {
    NgDocument *doc = NULL;
    if (!ng_document_load_file(names[i], &doc) &&
        !ng_extractor_run(ex, doc, &arts[got])) {
      ++got;
    }
    ng_document_free(doc);
  }
  double ext = seconds_since(&t0), ext_cpu = cpu_seconds() - c0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  c0 = cpu_seconds();
  int rc = 0;
  for (size_t i = 0; i < got && !rc; ++i) {
    rc = ng_store_put_article(store, arts[i]) != NG_SUCCESS;
  }
  rc |= ng_store_flush(store) != NG_SUCCESS;
  double load = seconds_since(&t0), load_cpu = cpu_seconds() - c0;
  printf("%zu articles: extraction %.2f s (%.1f articles/s; %.2f s CPU), "
         "store %.2f s (%.1f articles/s; %.2f s CPU here), %zu triples\n",
         got, ext, ext > 0 ? (double)got / ext : 0.0, ext_cpu, load,
         load > 0 ? (double)got / load : 0.0, load_cpu, ng_store_size(store));
  for (size_t i = 0; i < n; ++i) {
    ng_article_free(arts[i]);
    free(names[i]);
  }
  free(arts);
  free(names);
  ng_store_close(store);
  ng_extractor_free(ex);
  ng_ruleset_free(rules);
  return rc;
}

int main(int argc, char **argv) {
  if (argc == 4 && !strcmp(argv[1], "--extract")) {
    return extract_then_load(argv[2], argv[3]);
  }
  if (argc != 4) {
    fputs("usage: store-synth SPEC FIRST COUNT\n"
          "       store-synth --extract DIR SPEC\n",
          stderr);
    return 2;
  }
  unsigned long first = strtoul(argv[2], NULL, 10);
  unsigned long count = strtoul(argv[3], NULL, 10);
  NgStore *store = NULL;
  if (ng_store_open(argv[1], NULL, &store)) {
    return 2;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int rc = 0;
  for (unsigned long i = first; i < first + count; ++i) {
    NgArticle *a = make_article(i);
    NgStatus st = a ? ng_store_put_article(store, a) : NG_ERR_NOMEM;
    ng_article_free(a);
    if (st) {
      fprintf(stderr, "store-synth: article %lu: %s\n", i, ng_strerror(st));
      rc = 1;
      break;
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("%zu triples; %lu articles in %.2f s (%.1f articles/s)\n",
         ng_store_size(store), count, s, s > 0 ? (double)count / s : 0.0);
  ng_store_close(store);
  return rc;
}
