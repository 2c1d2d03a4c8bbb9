/* SPDX-License-Identifier: Apache-2.0 */
/* The tree-wide header index. Walking is done once per run, lazily by the
 * caller; a lookup scans the candidates of one base name, which are few. */
#include "front/headers.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/hash.h"
#include "base/path.h"
#include "base/str.h"
#include "base/strvec.h"

#define MAX_DEPTH 32

struct header_file {
	char *path;        /* absolute */
	char *lower_base;  /* lower-case base name, the sort key */
};

struct header_index {
	struct header_file *files;
	size_t len, cap;
};

static void index_directory(struct header_index *ix, const char *dir, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *child = path_join(dir, de->d_name);
		if (path_is_directory(child)) {
			index_directory(ix, child, depth + 1);
		} else if (path_is_regular_file(child)) {
			GROW(ix->files, ix->cap, ix->len + 1);
			ix->files[ix->len].lower_base = str_lower(de->d_name);
			ix->files[ix->len].path = child;
			ix->len++;
			continue;
		}
		free(child);
	}
	closedir(d);
}

static int by_base(const void *a, const void *b)
{
	const struct header_file *x = a, *y = b;
	int c = strcmp(x->lower_base, y->lower_base);
	return c ? c : strcmp(x->path, y->path);
}

struct header_index *header_index_new(const struct strvec *roots)
{
	struct header_index *ix = alloc_zeroed(1, sizeof(*ix));
	struct strvec seen = STRVEC_INIT;
	for (size_t i = 0; i < roots->len; i++) {
		if (strvec_contains(&seen, roots->items[i]))
			continue;
		strvec_push(&seen, roots->items[i]);
		index_directory(ix, roots->items[i], 0);
	}
	strvec_clear(&seen);
	if (ix->len)
		qsort(ix->files, ix->len, sizeof(*ix->files), by_base);
	/* Nested roots index a file twice: keep one. */
	size_t kept = 0;
	for (size_t i = 0; i < ix->len; i++) {
		if (kept && !strcmp(ix->files[kept - 1].path, ix->files[i].path)) {
			free(ix->files[i].path);
			free(ix->files[i].lower_base);
			continue;
		}
		ix->files[kept++] = ix->files[i];
	}
	ix->len = kept;
	return ix;
}

void header_index_free(struct header_index *ix)
{
	if (!ix)
		return;
	for (size_t i = 0; i < ix->len; i++) {
		free(ix->files[i].path);
		free(ix->files[i].lower_base);
	}
	free(ix->files);
	free(ix);
}

/* How many leading directory components `path` shares with `dir`. */
static size_t shared_components(const char *path, const char *dir)
{
	size_t n = 0, i = 0;
	for (; path[i] && dir[i] && path[i] == dir[i]; i++)
		if (path[i] == '/')
			n++;
	if (!dir[i] && path[i] == '/')
		n++;
	return n;
}

/* Whether `path` ends with "/" + `name`, ignoring case. */
static bool ends_with_component(const char *path, const char *name)
{
	size_t pl = strlen(path), nl = strlen(name);
	return pl > nl && path[pl - nl - 1] == '/' && !strcasecmp(path + pl - nl, name);
}

/* The first file whose lower-case base name is `lower`, or where it would be. */
static size_t first_of(const struct header_index *ix, const char *lower)
{
	size_t lo = 0, hi = ix->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix->files[mid].lower_base, lower) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Whether `path` lies under the directory `within` (NULL: anywhere). */
static bool under(const char *path, const char *within)
{
	size_t n = within ? strlen(within) : 0;
	if (n && within[n - 1] == '/')
		n--;
	return !within || (!strncmp(path, within, n) && path[n] == '/');
}

enum header_match header_index_find(const struct header_index *ix, const char *name,
				    const char *includer, const char *within, char **found)
{
	*found = NULL;
	char *lower = str_lower(path_basename(name));
	char *dir = includer ? path_dirname(includer) : alloc_strdup("/");
	size_t lo = first_of(ix, lower);
	const char *best = NULL;
	size_t best_shared = 0;
	bool tie = false;
	for (size_t i = lo; i < ix->len && !strcmp(ix->files[i].lower_base, lower); i++) {
		const char *path = ix->files[i].path;
		if (!ends_with_component(path, name) || (includer && !strcmp(path, includer)) ||
		    !under(path, within))
			continue;
		size_t shared = shared_components(path, dir);
		if (!best || shared > best_shared) {
			best = path;
			best_shared = shared;
			tie = false;
		} else if (shared == best_shared) {
			tie = true;
		}
	}
	free(lower);
	free(dir);
	if (!best)
		return HEADER_NONE;
	*found = alloc_strdup(best);
	return tie ? HEADER_AMBIGUOUS : HEADER_FOUND;
}

unsigned long long header_index_signature(const struct header_index *ix, const char *name,
					  const char *within)
{
	char *lower = str_lower(path_basename(name));
	unsigned long long h = hash_bytes(lower, strlen(lower) + 1, 0);
	for (size_t i = first_of(ix, lower); i < ix->len && !strcmp(ix->files[i].lower_base, lower); i++)
		if (under(ix->files[i].path, within))
			h = hash_bytes(ix->files[i].path, strlen(ix->files[i].path) + 1, h);
	free(lower);
	return h;
}
