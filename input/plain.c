/*
 * plain.c: decodes plain-text input for the cleaner (clean.c).  Invalid
 * bytes are replaced one by one with U+FFFD (counted for the one warning
 * the document emits); "\r\n" and lone "\r" become line breaks.  The
 * HTML counterpart is html.c.
 */
#include "input.h"

void ng_plain_to_text(const char *bytes, size_t len, NgCleaner *c) {
  const unsigned char *s = (const unsigned char *)bytes;
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t run = i;
    while (run < len && s[run] >= 0x20 && s[run] < 0x7F) {
      run++;
    }
    if (run > i) {
      ng_clean_ascii(c, bytes + i, run - i, i);
      i = run;
      continue;
    }
    if (s[i] == '\r') {
      /* "\r\n" is one break, mapped to the '\r' */
      ng_clean_break(c, 1, i);
      i += (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    size_t n = ng_utf8_decode(s + i, len - i, &cp);
    if (n == 0) {
      ng_clean_bad_byte(c, i);
      i++;
      continue;
    }
    ng_clean_put(c, cp, i, n);
    i += n;
  }
}
