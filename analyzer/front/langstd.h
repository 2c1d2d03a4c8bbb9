/* SPDX-License-Identifier: Apache-2.0 */
/* Language standards clang accepts for -std=, so a bad one in a compile
 * database is named as such instead of libclang's "could not read a
 * precompiled header" (its answer to any invalid command line). */
#ifndef ENTRYCHECK_LANGSTD_H
#define ENTRYCHECK_LANGSTD_H

#include <stdbool.h>

struct strvec;

/* The last -std=VALUE in `args` when clang would reject it for a C
 * (`cplusplus` false) or C++ file, else NULL. Points into `args`. */
const char *langstd_rejected(const struct strvec *args, bool cplusplus);

#endif
