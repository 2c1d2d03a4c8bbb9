/* SPDX-License-Identifier: Apache-2.0 */
/* Small tests and conversions on NUL-terminated strings that <string.h>
 * lacks. Case folding is ASCII only, as Windows file names and WDK
 * identifiers need. */
#ifndef ENTRYCHECK_STR_H
#define ENTRYCHECK_STR_H

#include <stdbool.h>

bool str_ends_with_nocase(const char *s, const char *suffix);
bool str_starts_with(const char *s, const char *prefix);
bool str_ends_with(const char *s, const char *suffix);
/* Whether `c` may be part of a C identifier: an ASCII letter, digit or '_'. */
bool str_ident_char(char c);
/* Whether `s` is one of `list`, a NULL-terminated array. */
bool str_listed(const char *s, const char *const *list);
/* A lower-case copy of `s`; the caller frees it. */
char *str_lower(const char *s);

#endif
