/*
 * world.c: the one process-wide librdf world (and the raptor world inside
 * it) shared by graphs, stores and queries.  Redland's and raptor's
 * messages are forwarded to ng_log, so the library never prints.
 */
#include "rdf.h"

#include <stdlib.h>
#include <threads.h>

static librdf_world *world;
static once_flag world_once = ONCE_FLAG_INIT;

static NgLogLevel level_of(int librdf_level) {
  if (librdf_level >= LIBRDF_LOG_ERROR) {
    return NG_LOG_ERROR;
  }
  return librdf_level == LIBRDF_LOG_WARN ? NG_LOG_WARNING : NG_LOG_INFO;
}

/* librdf's logger: carries the file and line of a parser's locator. */
static int librdf_logger(void *user_data, librdf_log_message *m) {
  (void)user_data;
  raptor_locator *loc = librdf_log_message_locator(m);
  const char *file = loc && loc->file ? loc->file : NULL;
  unsigned line = loc && loc->line > 0 ? (unsigned)loc->line : 0;
  const char *msg = librdf_log_message_message(m);
  ng_log(level_of(librdf_log_message_level(m)), file, line, (size_t)-1, NULL,
         "redland: %s", msg ? msg : "unknown problem");
  return 1;
}

/* raptor's log handler, for serializers used directly (graph.c). */
static void raptor_logger(void *user_data, raptor_log_message *m) {
  (void)user_data;
  NgLogLevel level = m->level >= RAPTOR_LOG_LEVEL_ERROR  ? NG_LOG_ERROR
                     : m->level == RAPTOR_LOG_LEVEL_WARN ? NG_LOG_WARNING
                                                         : NG_LOG_INFO;
  const char *file = m->locator && m->locator->file ? m->locator->file : NULL;
  unsigned line =
      m->locator && m->locator->line > 0 ? (unsigned)m->locator->line : 0;
  ng_log(level, file, line, (size_t)-1, NULL, "raptor: %s",
         m->text ? m->text : "unknown problem");
}

static void free_world(void) {
  librdf_free_world(world);
  world = NULL;
}

static void make_world(void) {
  librdf_world *w = librdf_new_world();
  if (!w) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "cannot create the redland world: out of memory");
    return;
  }
  librdf_world_set_logger(w, NULL, librdf_logger);
  librdf_world_open(w);
  raptor_world *rw = librdf_world_get_raptor(w);
  if (!rw) {
    ng_log(NG_LOG_ERROR, NULL, 0, (size_t)-1, NULL,
           "cannot open the raptor world of redland");
    librdf_free_world(w);
    return;
  }
  /* librdf routes parser messages itself; this catches serializers */
  raptor_world_set_log_handler(rw, NULL, raptor_logger);
  world = w;
  if (atexit(free_world)) {
    /* not fatal: the world then lives until the process ends */
    ng_log(NG_LOG_WARNING, NULL, 0, (size_t)-1, NULL,
           "cannot register the redland world for release at exit");
  }
}

librdf_world *ng_rdf_world(void) {
  call_once(&world_once, make_world);
  return world;
}
