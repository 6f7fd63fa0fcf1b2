/*
 * fuzz-util.c: helpers shared by the fuzz harnesses (see fuzz.h).
 */
#include "fuzz.h"

#include <string.h>

static void quiet_sink(void *handle, const NgDiagnostic *d) {
  (void)handle;
  FUZZ_CHECK(d->message && *d->message, "a diagnostic without a message");
  if (getenv("NG_FUZZ_VERBOSE")) {
    fprintf(stderr, "diag: %s: %s\n", d->file ? d->file : "-", d->message);
  }
}

void ng_fuzz_quiet_log(void) {
  ng_log_set_sink(quiet_sink, NULL);
}

int ng_fuzz_valid_utf8(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return 0;
    }
    if (i + len > n) {
      return 0;
    }
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) {
        return 0;
      }
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return 0;
    }
    i += len;
  }
  return 1;
}
