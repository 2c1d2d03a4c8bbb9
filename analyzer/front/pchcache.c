/* SPDX-License-Identifier: Apache-2.0 */
/* The precompiled preludes kept between runs, in the user's cache directory:
 * building one takes a second or more, and a developer re-runs entrycheck on
 * the same tree with the same flags all day. One file per prelude, named by
 * a key of everything that shaped it and by its MAC (cacheseal.h), checked
 * before libclang reads it; written under a temporary name and renamed, so
 * runs in parallel never see half a file; the least recently used go first
 * when the directory grows past its bound. */
#include "front/pchcache.h"

#include "base/alloc.h"
#include "base/cachedir.h"
#include "base/hash.h"
#include "base/path.h"
#include "base/str.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#define PCH_CACHE_MAX_BYTES (1024ULL * 1024 * 1024)

#define MAGIC "entrycheck-pch\n"

struct cache_dir *pch_cache_open(const char *requested)
{
	return cache_dir_open(requested, "pch");
}

/* The MAC of the prelude in `path` filed under `key`, as hex; false when it
 * cannot be read. */
static bool prelude_mac(const struct cache_dir *d, unsigned long long key, const char *path,
			char hex[2 * CACHE_MAC_BYTES + 1])
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	struct hmac_sha256 h;
	cache_mac_begin(&h, d->key, MAGIC, key);
	static const size_t chunk = 1 << 16;
	char *buf = alloc_bytes(chunk);
	size_t got;
	while ((got = fread(buf, 1, chunk, f)) > 0)
		hmac_sha256_update(&h, buf, got);
	bool ok = !ferror(f);
	fclose(f);
	free(buf);
	unsigned char mac[CACHE_MAC_BYTES];
	hmac_sha256_final(&h, mac);
	for (size_t i = 0; i < sizeof(mac); i++)
		snprintf(hex + 2 * i, 3, "%02x", mac[i]);
	return ok;
}

/* An entry is "prelude-KEY-MAC.pch": its MAC in its name, so that the
 * prelude and what vouches for it are renamed into place at once. */
char *pch_cache_find(const struct cache_dir *d, unsigned long long key, unsigned *rejected)
{
	char *prefix = alloc_printf("prelude-%016llx-", key);
	size_t n = strlen(prefix);
	DIR *dir = opendir(d->path);
	struct dirent *e;
	char *found = NULL;
	while (dir && !found && (e = readdir(dir)) != NULL) {
		const char *name = e->d_name;
		size_t len = strlen(name);
		if (strncmp(name, prefix, n) || len != n + 2 * CACHE_MAC_BYTES + 4 || strcmp(name + len - 4, ".pch"))
			continue;
		char *path = path_join(d->path, name);
		char hex[2 * CACHE_MAC_BYTES + 1];
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && prelude_mac(d, key, path, hex) &&
		    !strncmp(hex, name + n, 2 * CACHE_MAC_BYTES)) {
			found = path;
			break;
		}
		unlink(path); /* a prelude no run of this cache sealed: made again */
		++*rejected;
		free(path);
	}
	if (dir)
		closedir(dir);
	free(prefix);
	if (found)
		utime(found, NULL); /* recently used: trimmed last */
	return found;
}

char *pch_cache_temp(const struct cache_dir *d, unsigned long long key)
{
	return alloc_printf("%s/prelude-%016llx.pch.tmp-%ld", d->path, key, (long)getpid());
}

char *pch_cache_store(const struct cache_dir *d, unsigned long long key, const char *temp)
{
	char hex[2 * CACHE_MAC_BYTES + 1];
	char *path = NULL;
	if (prelude_mac(d, key, temp, hex)) {
		path = alloc_printf("%s/prelude-%016llx-%s.pch", d->path, key, hex);
		if (rename(temp, path) != 0) {
			free(path);
			path = NULL;
		}
	}
	if (!path) {
		unlink(temp);
		return NULL;
	}
	cache_dir_trim(d->path, "prelude-", PCH_CACHE_MAX_BYTES);
	return path;
}

void pch_cache_forget(const struct cache_dir *d, const char *path)
{
	if (d && path && str_starts_with(path, d->path))
		unlink(path);
}

/* Hashes every file under `dir` (names and contents), sorted by name. */
static unsigned long long hash_tree(const char *dir, unsigned long long h, int depth)
{
	struct dirent **names = NULL;
	int n = depth > 8 ? -1 : scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		if (strcmp(name, ".") && strcmp(name, "..")) {
			char *path = path_join(dir, name);
			h = hash_bytes(name, strlen(name) + 1, h);
			struct stat st;
			if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
				h = hash_tree(path, h, depth + 1);
			} else if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				FILE *f = fopen(path, "rb");
				char buf[8192];
				size_t got;
				while (f && (got = fread(buf, 1, sizeof(buf), f)) > 0)
					h = hash_bytes(buf, got, h);
				if (f)
					fclose(f);
			}
			free(path);
		}
		free(names[i]);
	}
	free(names);
	return h;
}

/* A directory's identity as far as a package upgrade goes: replacing its
 * files (dpkg renames new ones in) changes its modification time. */
static unsigned long long stamp_dir(const char *dir, unsigned long long h)
{
	struct stat st;
	if (!dir || stat(dir, &st) != 0)
		return hash_bytes("-", 1, h);
	long long parts[3] = { (long long)st.st_ino, (long long)st.st_mtime, (long long)st.st_size };
	h = hash_bytes(dir, strlen(dir) + 1, h);
	return hash_bytes(parts, sizeof(parts), h);
}

unsigned long long pch_cache_stamp(const char *model_dir, const char *mingw_dir, const char *resource_dir,
				   const char *libclang_version, const char *tool_version)
{
	unsigned long long h = hash_bytes(tool_version, strlen(tool_version) + 1, 0);
	h = hash_bytes(libclang_version, strlen(libclang_version) + 1, h);
	/* A prelude records its headers by path: a moved installation builds anew. */
	h = hash_bytes(model_dir, strlen(model_dir) + 1, h);
	h = hash_tree(model_dir, h, 0);
	h = stamp_dir(mingw_dir, h);
	if (mingw_dir) {
		char *ddk = path_join(mingw_dir, "ddk");
		h = stamp_dir(ddk, h);
		free(ddk);
	}
	h = stamp_dir(resource_dir, h);
	return h;
}
