/* SPDX-License-Identifier: Apache-2.0 */
/* Runs of operator characters in a source text, found before it is parsed:
 * clang's parse of `!!…!x` costs the square of the run's length (its
 * warnings look through the whole operand at each level), so a run of
 * 100,000 stalls a check for minutes while no real driver writes 20. */
#ifndef ENTRYCHECK_FRONT_OPRUNS_H
#define ENTRYCHECK_FRONT_OPRUNS_H

#include <stddef.h>

/* Longer runs are not handed to clang: 8,192 costs about a second. */
#define OPRUN_MAX 8192

/* The length of the longest run of the characters `! ~ - + * &`, blanks
 * between them allowed, outside comments and literals; *line and *column
 * (1-based) say where it starts. 0 when there is none. */
size_t opruns_longest(const char *text, unsigned *line, unsigned *column);

#endif
