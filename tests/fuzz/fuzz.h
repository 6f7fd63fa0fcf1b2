/*
 * fuzz.h: what the fuzz harnesses of tests/fuzz/ share.  Each harness
 * defines LLVMFuzzerInitialize and LLVMFuzzerTestOneInput; it is linked
 * either with libFuzzer (make fuzz, clang) or with replay.c (make check,
 * any compiler), which feeds it the seed corpus and the committed
 * reproducers of every crash found so far.
 *
 * A harness states each property it checks with FUZZ_CHECK: when one does
 * not hold it prints what went wrong and aborts, which libFuzzer records
 * as a crash with the input that caused it.
 */
#ifndef NG_FUZZ_H
#define NG_FUZZ_H

#include "newsgraph.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                                  \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: property violated: %s: ", __FILE__, __LINE__,    \
              #cond);                                                          \
      fprintf(stderr, __VA_ARGS__);                                            \
      fputc('\n', stderr);                                                     \
      abort();                                                                 \
    }                                                                          \
  } while (0)

/* A diagnostic sink that prints nothing (fuzzing produces millions of
 * warnings) but checks what every diagnostic must hold: a message that is
 * not empty.  Set NG_FUZZ_VERBOSE to see them. */
void ng_fuzz_quiet_log(void);

/* Non-zero when s[0, n) is valid UTF-8 (shortest forms, no surrogates, at
 * most U+10FFFF). */
int ng_fuzz_valid_utf8(const unsigned char *s, size_t n);

#endif /* NG_FUZZ_H */
