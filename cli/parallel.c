/*
 * cli/parallel.c: the ordered thread pool behind "extract -j" and
 * "load -j" (see parallel.h).
 *
 * Job i lives in slot i % window of a ring.  Workers take the next input
 * under one mutex while it is within the window of the next one to be
 * delivered; the calling thread waits for each input in turn, replays
 * what its job said, and delivers its result.
 */
#define _POSIX_C_SOURCE 200809L
#include "parallel.h"

#include "buf.h"
#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One thing a job said: a diagnostic (its strings copied) or text. */
typedef struct Said {
  int is_text;
  NgDiagnostic d;
  char *file, *rule, *message; /* owned copies behind d, or the text */
} Said;

typedef struct Slot {
  int done;
  void *result;
  Said *said;
  size_t n_said, cap_said;
} Slot;

typedef struct Pool {
  const NgParallelOps *ops;
  void *ctx;
  size_t n;
  size_t window;
  Slot *slots;
  pthread_mutex_t lock;
  pthread_cond_t work_ready; /* a slot freed up or the run stops */
  pthread_cond_t job_done;
  size_t next;      /* next input to hand out */
  size_t delivered; /* inputs delivered so far */
  int stop;
} Pool;

typedef struct Worker {
  Pool *pool;
  void *state;
  pthread_t thread;
  int started;
} Worker;

/* The job the current thread runs, when it is a worker. */
static _Thread_local Slot *current_slot;
/* The run in progress, for text printed outside any job. */
static const NgParallelOps *current_ops;
static void *current_ctx;

static void said_free(Slot *s) {
  for (size_t i = 0; i < s->n_said; ++i) {
    free(s->said[i].file);
    free(s->said[i].rule);
    free(s->said[i].message);
  }
  free(s->said);
  s->said = NULL;
  s->n_said = s->cap_said = 0;
}

static Said *said_add(Slot *s) {
  if (ng_grow((void **)&s->said, &s->cap_said, s->n_said + 1, sizeof(Said))) {
    return NULL;
  }
  Said *x = &s->said[s->n_said++];
  memset(x, 0, sizeof(*x));
  return x;
}

int ng_parallel_capture(const NgDiagnostic *d) {
  Slot *s = current_slot;
  if (!s) {
    return 0;
  }
  Said *x = said_add(s);
  if (!x) {
    return 0; /* out of memory: say it now rather than lose it */
  }
  x->d = *d;
  x->file = ng_strdup(d->file);
  x->rule = ng_strdup(d->rule);
  x->message = ng_strdup(d->message);
  x->d.file = x->file;
  x->d.rule = x->rule;
  x->d.message = x->message ? x->message : "out of memory";
  return 1;
}

void ng_parallel_print(const char *text) {
  Slot *s = current_slot;
  Said *x = s ? said_add(s) : NULL;
  if (x) {
    x->is_text = 1;
    x->message = ng_strdup(text);
    if (x->message) {
      return;
    }
    --s->n_said;
  }
  if (current_ops && current_ops->print) {
    current_ops->print(current_ctx, text);
  } else {
    fputs(text, stderr);
  }
}

static void replay(Pool *p, Slot *s) {
  for (size_t i = 0; i < s->n_said; ++i) {
    const Said *x = &s->said[i];
    if (x->is_text) {
      p->ops->print(p->ctx, x->message);
    } else {
      p->ops->diagnostic(p->ctx, &x->d);
    }
  }
  said_free(s);
}

static void *worker_main(void *arg) {
  Worker *w = arg;
  Pool *p = w->pool;
  for (;;) {
    pthread_mutex_lock(&p->lock);
    while (!p->stop && p->next < p->n && p->next >= p->delivered + p->window) {
      pthread_cond_wait(&p->work_ready, &p->lock);
    }
    if (p->stop || p->next >= p->n) {
      pthread_mutex_unlock(&p->lock);
      return NULL;
    }
    size_t i = p->next++;
    Slot *s = &p->slots[i % p->window];
    pthread_mutex_unlock(&p->lock);
    current_slot = s;
    void *result = p->ops->work(w->state, i);
    current_slot = NULL;
    pthread_mutex_lock(&p->lock);
    s->result = result;
    s->done = 1;
    pthread_cond_broadcast(&p->job_done);
    pthread_mutex_unlock(&p->lock);
  }
}

/* Everything on the calling thread: work then deliver, input by input. */
static int run_here(size_t n, const NgParallelOps *ops, void *ctx) {
  void *state = ops->worker_new(ctx);
  if (!state) {
    fputs("newsgraph: cannot set up a worker\n", stderr);
    return -1;
  }
  int rc = 0;
  for (size_t i = 0; i < n && !rc; ++i) {
    rc = ops->deliver(ctx, i, ops->work(state, i));
  }
  ops->worker_free(state);
  return rc;
}

int ng_parallel_run(size_t n, unsigned jobs, const NgParallelOps *ops,
                    void *ctx) {
  current_ops = ops;
  current_ctx = ctx;
  if (jobs > n) {
    jobs = n ? (unsigned)n : 1;
  }
  if (jobs <= 1) {
    int rc = run_here(n, ops, ctx);
    current_ops = NULL;
    return rc;
  }
  Pool p;
  memset(&p, 0, sizeof(p));
  p.ops = ops;
  p.ctx = ctx;
  p.n = n;
  p.window = 4 * (size_t)jobs;
  p.slots = calloc(p.window, sizeof(Slot));
  Worker *workers = calloc(jobs, sizeof(Worker));
  int rc = 0;
  if (!p.slots || !workers) {
    free(p.slots);
    free(workers);
    fputs("newsgraph: out of memory\n", stderr);
    current_ops = NULL;
    return -1;
  }
  pthread_mutex_init(&p.lock, NULL);
  pthread_cond_init(&p.work_ready, NULL);
  pthread_cond_init(&p.job_done, NULL);
  unsigned started = 0;
  for (unsigned k = 0; k < jobs; ++k) {
    workers[k].pool = &p;
    workers[k].state = ops->worker_new(ctx);
    if (!workers[k].state) {
      continue;
    }
    int err =
        pthread_create(&workers[k].thread, NULL, worker_main, &workers[k]);
    if (err) {
      ops->worker_free(workers[k].state);
      workers[k].state = NULL;
      continue;
    }
    workers[k].started = 1;
    ++started;
  }
  if (!started) {
    fputs("newsgraph: cannot start a worker thread\n", stderr);
    rc = -1;
  }
  size_t limit = n; /* after a stop: the inputs already handed out */
  for (size_t i = 0; started && i < limit; ++i) {
    Slot *s = &p.slots[i % p.window];
    pthread_mutex_lock(&p.lock);
    while (!s->done) {
      pthread_cond_wait(&p.job_done, &p.lock);
    }
    void *result = s->result;
    s->done = 0;
    s->result = NULL;
    pthread_mutex_unlock(&p.lock);
    if (!rc) {
      replay(&p, s);
      rc = ops->deliver(ctx, i, result);
    } else {
      said_free(s); /* one thread would never have run it */
      if (ops->discard) {
        ops->discard(result);
      }
    }
    pthread_mutex_lock(&p.lock);
    ++p.delivered;
    if (rc && !p.stop) {
      p.stop = 1;
      limit = p.next;
    }
    pthread_cond_broadcast(&p.work_ready);
    pthread_mutex_unlock(&p.lock);
  }
  for (unsigned k = 0; k < jobs; ++k) {
    if (workers[k].started) {
      pthread_join(workers[k].thread, NULL);
    }
    if (workers[k].state) {
      ops->worker_free(workers[k].state);
    }
  }
  /* jobs finished after a stop: their results were never delivered */
  for (size_t k = 0; k < p.window; ++k) {
    if (p.slots[k].done && ops->discard) {
      ops->discard(p.slots[k].result);
    }
    said_free(&p.slots[k]);
  }
  pthread_cond_destroy(&p.job_done);
  pthread_cond_destroy(&p.work_ready);
  pthread_mutex_destroy(&p.lock);
  free(p.slots);
  free(workers);
  current_ops = NULL;
  return rc;
}

unsigned ng_parallel_cpus(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n >= 1 ? (n > 1024 ? 1024u : (unsigned)n) : 1u;
}

unsigned ng_parallel_parse_jobs(const char *text) {
  char *end;
  errno = 0;
  long n = text && *text ? strtol(text, &end, 10) : 0;
  if (!text || !*text || *end || errno || n < 1 || n > 1024) {
    return 0;
  }
  return (unsigned)n;
}
