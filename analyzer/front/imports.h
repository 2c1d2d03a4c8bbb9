/* SPDX-License-Identifier: Apache-2.0 */
/* C++20 import declarations, which entrycheck cannot read: no compiled
 * module interface exists outside the driver's build. A named module's
 * import is blanked, so the file parses without it and the names the module
 * would declare are assumed where they are used; a header unit's import is
 * read as the #include of its header. Every rewrite is a note, never silent. */
#ifndef ENTRYCHECK_IMPORTS_H
#define ENTRYCHECK_IMPORTS_H

#include <stdbool.h>

struct source;
struct problems;

struct imports_result {
	unsigned named;        /* named modules blanked (`import std;`) */
	unsigned header_units; /* header units read as includes (`import <array>;`) */
};

/* Rewrites, in `src->text` and in place (same length, same lines), each
 * import declaration that begins a line outside comments, strings and
 * directives; adds one note per import to `problems` under `display`.
 * Sets `src->rewritten` when it changed anything. */
struct imports_result imports_rewrite(struct source *src, const char *display, struct problems *problems);

#endif
