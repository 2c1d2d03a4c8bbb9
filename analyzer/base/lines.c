/* SPDX-License-Identifier: Apache-2.0 */
/* The line cache (lines.h). */
#include "base/lines.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

static const struct cached_source *line_cache_get(struct line_cache *s, const char *path)
{
	for (size_t i = s->len; i-- > 0;)
		if (!strcmp(s->items[i].path, path))
			return &s->items[i];
	GROW(s->items, s->cap, s->len + 1);
	struct cached_source *c = &s->items[s->len++];
	memset(c, 0, sizeof(*c));
	c->path = alloc_strdup(path);
	const char *err;
	c->ok = source_load(path, SOURCE_MAX_BYTES, &c->src, &err) == SOURCE_OK;
	if (!c->ok)
		return c;
	size_t cap = 0;
	for (size_t off = 0;;) {
		GROW(c->starts, cap, c->nlines + 1);
		c->starts[c->nlines++] = off;
		const char *nl = memchr(c->src.text + off, '\n', c->src.len - off);
		if (!nl)
			break;
		off = (size_t)(nl - c->src.text) + 1;
	}
	return c;
}

const char *line_cache_line(struct line_cache *s, const char *path, unsigned line, size_t *len)
{
	const struct cached_source *c = path ? line_cache_get(s, path) : NULL;
	if (!c || !c->ok || line == 0 || line > c->nlines)
		return NULL;
	size_t start = c->starts[line - 1];
	size_t end = line < c->nlines ? c->starts[line] - 1 : c->src.len;
	if (end > start && c->src.text[end - 1] == '\r')
		end--;
	*len = end - start;
	return c->src.text + start;
}

void line_cache_release(struct line_cache *s)
{
	for (size_t i = 0; i < s->len; i++) {
		free(s->items[i].path);
		free(s->items[i].starts);
		if (s->items[i].ok)
			source_release(&s->items[i].src);
	}
	free(s->items);
}
