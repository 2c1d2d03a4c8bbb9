/* SPDX-License-Identifier: Apache-2.0 */
/* Reading an include directive from a line of source text, without the
 * preprocessor: for the pre-scans that run before or beside clang (the
 * header model's flavour and needs, the stand-ins for missing headers, the
 * check that included files are readable). */
#ifndef ENTRYCHECK_DIRECTIVE_H
#define ENTRYCHECK_DIRECTIVE_H

#include <stdbool.h>

struct include_directive {
	char *name;          /* as written between the delimiters; allocated */
	bool quoted;         /* "name" rather than <name> */
	unsigned column;     /* 1-based, of the opening delimiter */
	const char *word;    /* "include", "include_next" or "import" */
};

/* Parses the line that starts at `line` and ends at `end` (NULL: at the
 * first '\n' or NUL). True for an #include, #include_next or #import with a
 * non-empty name; then `out->name` is the caller's to free. */
bool include_directive_parse(const char *line, const char *end, struct include_directive *out);

#endif
