/*
 * tokens.h: the token-level form of rules (internal to extractor/).
 *
 * A rule written with "tokens" instead of "pattern" states a construction
 * as a sequence of tokens, the way CoreNLP's TokensRegex or GATE's JAPE
 * do, instead of characters:
 *
 *     tokens (?<person> $PERSON ) "," ( $POSTNOMINAL "," )* (?<role> $POST )
 *
 * Elements are separated by spaces; the compiler inserts the whitespace
 * between tokens itself (one or more spaces between two words, any
 * amount next to punctuation), so an analyst never writes \s.  The result
 * is an ordinary pcre2 pattern (with $NAME references left for macro
 * expansion), compiled and JIT-compiled like every other rule.
 * doc/rules.md describes the language for rule writers.
 */
#ifndef NG_TOKENS_H
#define NG_TOKENS_H

#include "buf.h"

#include <stddef.h>

/* Translates the token expression src into a pcre2 pattern appended to
 * out.  Returns NULL on success, else a static message; *error_offset then
 * receives the byte offset in src where the problem was found. */
const char *ng_tokens_compile(const char *src, NgBuf *out,
                              size_t *error_offset);

#endif /* NG_TOKENS_H */
