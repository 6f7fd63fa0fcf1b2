/*
 * log.c: the one place diagnostics pass through.  Library code never
 * prints; it calls ng_log, and the sink (stderr by default, replaceable
 * with ng_log_set_sink) decides what to do with the message.
 */
#include "buf.h"
#include "newsgraph.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const level_names[] = {"error", "warning", "info"};

void ng_log_write(FILE *stream, const NgDiagnostic *d) {
  NgBuf b = NG_BUF_INIT;
  ng_buf_puts(&b, "newsgraph: ");
  if (d->file) {
    ng_buf_puts(&b, d->file);
    if (d->line) {
      ng_buf_printf(&b, ":%u", d->line);
      if (d->column) {
        ng_buf_printf(&b, ":%u", d->column);
      }
    } else if (d->offset != (size_t)-1) {
      ng_buf_printf(&b, ": byte %zu", d->offset);
    }
    ng_buf_puts(&b, ": ");
  }
  if (d->level != NG_LOG_ERROR) {
    ng_buf_printf(&b, "%s: ", level_names[d->level]);
  }
  if (d->rule) {
    ng_buf_printf(&b, "rule %s: ", d->rule);
  }
  ng_buf_puts(&b, d->message);
  ng_buf_putc(&b, '\n');
  fputs(b.data, stream);
  ng_buf_release(&b);
}

static void default_sink(void *handle, const NgDiagnostic *d) {
  (void)handle;
  ng_log_write(stderr, d);
}

static NgLogSink current_sink = default_sink;
static void *current_handle = NULL;

void ng_log_set_sink(NgLogSink sink, void *handle) {
  current_sink = sink ? sink : default_sink;
  current_handle = sink ? handle : NULL;
}

void ng_vlog(NgLogLevel level, const char *file, unsigned line,
             size_t offset, const char *rule, const char *fmt, va_list ap) {
  NgBuf msg = NG_BUF_INIT;
  ng_buf_vprintf(&msg, fmt, ap);
  NgDiagnostic d = {level, file, line, 0, offset, rule, msg.data};
  current_sink(current_handle, &d);
  ng_buf_release(&msg);
}

void ng_log(NgLogLevel level, const char *file, unsigned line, size_t offset,
            const char *rule, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ng_vlog(level, file, line, offset, rule, fmt, ap);
  va_end(ap);
}
