/*
 * store-synth.c: puts synthetic articles (invented names, built with the
 * NgArticle builder, no extractor involved) into a store, for the
 * kill-midway test and for load/query timings.
 *
 * Usage: store-synth SPEC FIRST COUNT
 * Articles FIRST .. FIRST+COUNT-1; each has three organizations (one of
 * them shared by all articles), two people with posts, an event with a
 * venue, organizer and speaker, and a dated collaboration on two topics:
 * about 40 triples.  Prints the store size and the rate on stdout.
 */
#define _POSIX_C_SOURCE 200809L
#include "newsgraph.h"

#include <stdio.h>
#include <stdlib.h>
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

int main(int argc, char **argv) {
  if (argc != 4) {
    fputs("usage: store-synth SPEC FIRST COUNT\n", stderr);
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
