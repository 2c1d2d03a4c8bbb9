/* SPDX-License-Identifier: Apache-2.0 */
/* Source lines read again after the analysis, for reports and fingerprints:
 * each file is read once per cache and split into lines. */
#ifndef ENTRYCHECK_LINES_H
#define ENTRYCHECK_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/source.h"

struct cached_source {
	char *path;
	bool ok;
	struct source src;
	size_t *starts;            /* the byte offset of each line */
	size_t nlines;
};

/* Empty: { 0 }. */
struct line_cache {
	struct cached_source *items;
	size_t len, cap;
};

/* Line `line` (1-based) of `path` without its line end, and its length; NULL
 * when the file cannot be read or is shorter. The text belongs to the cache. */
const char *line_cache_line(struct line_cache *s, const char *path, unsigned line, size_t *len);
void line_cache_release(struct line_cache *s);

#endif
