/* SPDX-License-Identifier: Apache-2.0 */
/* Drivers' folders (run/scope.h): counts of entry files per directory, then
 * a climb from each input's directory. */
#include "run/scope.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/map.h"
#include "base/path.h"

/* Whether `path` is `dir` or lies under it. */
static bool within(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (strncmp(path, dir, n))
		return false;
	return path[n] == '\0' || path[n] == '/' || (n == 1 && dir[0] == '/');
}

/* The highest of `roots` that holds `path`, or NULL. */
static const char *root_of(const struct strvec *roots, const char *path)
{
	const char *best = NULL;
	for (size_t i = 0; i < roots->len; i++)
		if (within(path, roots->items[i]) && (!best || strlen(roots->items[i]) < strlen(best)))
			best = roots->items[i];
	return best;
}

struct counts {
	struct strindex dirs;
	size_t *n;        /* per directory of `dirs`: entry files under it */
	size_t cap;
};

static size_t count_at(const struct counts *c, const char *dir)
{
	int k = strindex_find(&c->dirs, dir);
	return k >= 0 ? c->n[k] : 0;
}

/* Counts an entry file in every directory above it, up to its root. */
static void count_entry(struct counts *c, const char *path, const char *root)
{
	char *dir = path_dirname(path);
	for (;;) {
		size_t known = c->dirs.len;
		int k = strindex_add(&c->dirs, dir);
		if (c->dirs.len > known) {
			GROW(c->n, c->cap, c->dirs.len);
			c->n[k] = 0;
		}
		c->n[k]++;
		if (!strcmp(dir, root) || !strcmp(dir, "/"))
			break;
		char *up = path_dirname(dir);
		free(dir);
		dir = up;
	}
	free(dir);
}

void scope_assign(struct input_set *inputs, const struct strvec *roots, const bool *names_entry)
{
	struct counts c = { STRINDEX_INIT, NULL, 0 };
	for (size_t i = 0; i < inputs->len; i++) {
		const char *root = root_of(roots, inputs->items[i].path);
		if (names_entry[i] && root)
			count_entry(&c, inputs->items[i].path, root);
	}
	for (size_t i = 0; i < inputs->len; i++) {
		struct input *in = &inputs->items[i];
		const char *root = root_of(roots, in->path);
		char *dir = path_dirname(in->path);
		/* Up while the parent adds no entry file, or holds one at most. */
		while (root && strcmp(dir, root) && strcmp(dir, "/")) {
			char *up = path_dirname(dir);
			size_t here = count_at(&c, dir), there = count_at(&c, up);
			if (there != here && there > 1) {
				free(up);
				break;
			}
			free(dir);
			dir = up;
		}
		free(in->scope);
		in->scope = dir;
	}
	strindex_clear(&c.dirs);
	free(c.n);
}
