/* SPDX-License-Identifier: Apache-2.0 */
/* One directory per cache under the user's cache directory; entries are
 * files, trimmed by their modification time, which a hit refreshes. */
#include "base/cachedir.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <pthread.h>
#include <stdio.h>

#include "base/alloc.h"
#include "base/hash.h"
#include "base/locate.h"
#include "base/path.h"

static const char *const kinds[] = { "pch", "results", "evals" };

const char *cache_refusal_text(enum cache_refusal r)
{
	switch (r) {
	case CACHE_USABLE: return "usable";
	case CACHE_UNAVAILABLE: return "cannot create or write the cache directory here";
	case CACHE_NOT_OWNED: return "the cache directory belongs to another user";
	case CACHE_OPEN_TO_OTHERS: return "the cache directory may be written by its group or by others";
	case CACHE_BAD_KEY: return "the cache's key is not a 32-byte file that only its owner may read";
	}
	return "unusable";
}

static char *root_path(const char *requested)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	if (requested)
		return *requested ? alloc_strdup(requested) : NULL;
	if (xdg && path_is_absolute(xdg))
		return path_join(xdg, "entrycheck");
	if (home && path_is_absolute(home))
		return alloc_printf("%s/.cache/entrycheck", home);
	return NULL;
}

/* Makes `dir` for the user alone when missing (its parents as usual), then
 * checks it is a directory the user owns, writes, and shares with no one. */
static enum cache_refusal folder_usable(const char *dir)
{
	char *parent = path_dirname(dir);
	if (mkdir(dir, 0700) != 0 && errno == ENOENT && path_make_directories(parent) == 0)
		mkdir(dir, 0700);
	free(parent);
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return CACHE_UNAVAILABLE;
	if (st.st_uid != geteuid())
		return CACHE_NOT_OWNED;
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return CACHE_OPEN_TO_OTHERS;
	return access(dir, W_OK | X_OK) == 0 ? CACHE_USABLE : CACHE_UNAVAILABLE;
}

/* The root and `sub` under it (all kinds when NULL) checked, and the key. */
static enum cache_refusal root_open(const char *requested, const char *sub, unsigned char key[CACHE_KEY_BYTES],
				    char **root, char **where)
{
	*root = root_path(requested);
	if (!*root)
		return CACHE_UNAVAILABLE;
	enum cache_refusal r = folder_usable(*root);
	if (r != CACHE_USABLE) {
		*where = alloc_strdup(*root);
		return r;
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++) {
		if (sub && strcmp(sub, kinds[i]))
			continue;
		char *dir = path_join(*root, kinds[i]);
		r = folder_usable(dir);
		if (r != CACHE_USABLE) {
			*where = dir;
			return r;
		}
		free(dir);
	}
	return cache_key_load(*root, key, where) == 0 ? CACHE_USABLE : CACHE_BAD_KEY;
}

enum cache_refusal cache_root_check(const char *requested, char **where)
{
	unsigned char key[CACHE_KEY_BYTES];
	char *root = NULL;
	*where = NULL;
	enum cache_refusal r = root_open(requested, NULL, key, &root, where);
	memset(key, 0, sizeof(key));
	free(root);
	return r;
}

struct cache_dir *cache_dir_open(const char *requested, const char *sub)
{
	struct cache_dir *d = alloc_zeroed(1, sizeof(*d));
	char *root = NULL, *where = NULL;
	enum cache_refusal r = root_open(requested, sub, d->key, &root, &where);
	free(where);
	if (r != CACHE_USABLE) {
		free(root);
		cache_dir_free(d);
		return NULL;
	}
	d->path = path_join(root, sub);
	free(root);
	return d;
}

void cache_dir_free(struct cache_dir *d)
{
	if (!d)
		return;
	memset(d->key, 0, sizeof(d->key));
	free(d->path);
	free(d);
}

struct cached {
	char *path;
	off_t size;
	time_t used;
};

static int newest_first(const void *a, const void *b)
{
	const struct cached *x = a, *y = b;
	if (x->used != y->used)
		return x->used > y->used ? -1 : 1;
	return strcmp(x->path, y->path);
}

/* Removes the least recently used entries past the bound, and temporaries a
 * killed run left more than an hour ago. */
void cache_dir_trim(const char *dir, const char *prefix, unsigned long long max_bytes)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct cached *all = NULL;
	size_t n = 0, cap = 0;
	time_t now = time(NULL);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, strlen(prefix)))
			continue;
		char *path = path_join(dir, e->d_name);
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (strstr(e->d_name, ".tmp-")) {
			if (now - st.st_mtime > 3600)
				unlink(path);
			free(path);
			continue;
		}
		GROW(all, cap, n + 1);
		all[n++] = (struct cached){ path, st.st_size, st.st_mtime };
	}
	closedir(d);
	if (n > 1)
		qsort(all, n, sizeof(*all), newest_first);
	unsigned long long total = 0;
	for (size_t i = 0; i < n; i++) {
		total += (unsigned long long)all[i].size;
		if (total > max_bytes && i > 0)
			unlink(all[i].path);
		free(all[i].path);
	}
	free(all);
}


char *cache_read_file(const char *path, size_t max, size_t *len)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (unsigned long long)st.st_size > max)
		return NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = alloc_bytes((size_t)st.st_size + 1);
	size_t got = fread(buf, 1, (size_t)st.st_size + 1, f);
	fclose(f);
	if (got != (size_t)st.st_size) { /* changed under us */
		free(buf);
		return NULL;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

/* Both caches of a run ask; the executable is read once. */
static pthread_once_t tool_once = PTHREAD_ONCE_INIT;
static unsigned long long tool;

static void hash_tool(void)
{
	char *exe = locate_executable();
	size_t len = 0;
	char *bytes = exe ? cache_read_file(exe, 1024u * 1024 * 1024, &len) : NULL;
	tool = bytes ? hash_content(bytes, len) | 1 : 0;
	free(bytes);
	free(exe);
}

unsigned long long cache_tool_hash(void)
{
	pthread_once(&tool_once, hash_tool);
	return tool;
}

bool cache_write_entry(const char *path, const char *data, size_t len)
{
	char *temp = alloc_printf("%s.tmp-%ld-%lx", path, (long)getpid(), (unsigned long)pthread_self());
	FILE *f = fopen(temp, "wb");
	bool ok = f && fwrite(data, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = false;
	if (ok && rename(temp, path) != 0)
		ok = false;
	if (!ok && f)
		unlink(temp);
	free(temp);
	return ok;
}
