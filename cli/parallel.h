/*
 * cli/parallel.h: one job per input on several threads, results handed
 * back in input order on the calling thread.
 *
 * The commands that read many articles (extract, load) split each input's
 * work in two: the part that may run on any thread (reading, cleaning,
 * extraction, serialising: "work") and the part that must happen once, in
 * input order (writing the output or the store: "deliver").  Workers take
 * inputs in order, at most a window ahead of the last one delivered, so
 * memory stays that of a few articles per thread.  Whatever a job says on
 * stderr (diagnostics, --explain lines) is kept with the job and said when
 * it is delivered, so the output and the messages are those of one thread,
 * whatever the number of threads.
 */
#ifndef NG_CLI_PARALLEL_H
#define NG_CLI_PARALLEL_H

#include "newsgraph.h"

#include <stddef.h>

typedef struct NgParallelOps {
  /* per-thread state (an extractor, say); NULL when it cannot be made */
  void *(*worker_new)(void *ctx);
  void (*worker_free)(void *worker);
  /* input i, on any thread: its result (may be NULL) */
  void *(*work)(void *worker, size_t i);
  /* input i, on the calling thread, in input order: takes the result;
   * returns non-zero to stop (later results are then discarded) */
  int (*deliver)(void *ctx, size_t i, void *result);
  void (*discard)(void *result);
  /* what a job said, on the calling thread: a diagnostic, or text for
   * stderr */
  void (*diagnostic)(void *ctx, const NgDiagnostic *d);
  void (*print)(void *ctx, const char *text);
} NgParallelOps;

/* Runs inputs 0..n-1 on up to jobs threads (1: all on the calling thread,
 * no thread started).  Returns 0, or -1 (reported) when no worker could be
 * made or a thread could not start, or the first non-zero deliver value. */
int ng_parallel_run(size_t n, unsigned jobs, const NgParallelOps *ops,
                    void *ctx);

/* For a log sink: when the calling thread is running a job, keeps d with
 * the job (to be passed to ops->diagnostic when it is delivered) and
 * returns 1; else returns 0 and the sink prints d itself. */
int ng_parallel_capture(const NgDiagnostic *d);

/* Text for stderr from a job: kept with the job, or printed through
 * ops->print at once when not on a worker thread. */
void ng_parallel_print(const char *text);

/* The number of processors online (at least 1): the default of -j. */
unsigned ng_parallel_cpus(void);

/* Parses a -j value: a whole number from 1 to 1024.  Returns 0 when
 * text is not one. */
unsigned ng_parallel_parse_jobs(const char *text);

#endif /* NG_CLI_PARALLEL_H */
