/* SPDX-License-Identifier: Apache-2.0 */
/* Checking and repairing UTF-8. Reports must be valid UTF-8 even for file
 * names and source text that are not, so text from outside goes through
 * here before it is written. */
#ifndef ENTRYCHECK_UTF8_H
#define ENTRYCHECK_UTF8_H

#include <stddef.h>

/* Length of the well-formed UTF-8 sequence at `s` (at most `n` bytes), or 0
 * when the bytes there are not one (overlong, surrogate, truncated, stray). */
size_t utf8_sequence_length(const unsigned char *s, size_t n);
/* Takes `text` (malloc'd, may be NULL) and returns it as well-formed UTF-8:
 * each byte that is not part of a valid sequence becomes U+FFFD. */
char *utf8_repaired(char *text);
/* A repaired copy of `s` (NULL: ""); the caller frees it. */
char *utf8_valid_copy(const char *s);

#endif
