/* SPDX-License-Identifier: Apache-2.0 */
/* "Did you mean": the candidate closest to a mistyped word. */
#ifndef ENTRYCHECK_SUGGEST_H
#define ENTRYCHECK_SUGGEST_H

#include <stddef.h>

/* The candidate at the smallest edit distance (insertions, deletions,
 * substitutions and swaps of adjacent letters) from `word`, provided that
 * distance is at most 2 and less than half the word's length; else NULL.
 * `candidates` holds `count` strings, each `stride` bytes after the previous
 * one (a member of a table of structs). */
const char *suggest_closest(const char *word, const void *candidates, size_t count, size_t stride);

#endif
