/* SPDX-License-Identifier: Apache-2.0 */
/* The user's cache directory, shared by the caches that keep work between
 * runs (precompiled preludes, per-file results, evaluations). Safe under runs
 * in parallel: entries are written under a temporary name and renamed. */
#ifndef ENTRYCHECK_CACHEDIR_H
#define ENTRYCHECK_CACHEDIR_H

#include <stdbool.h>
#include <stddef.h>

#include "base/cacheseal.h"

/* Why a cache folder is not used. A folder the user does not own, or that
 * others may write, is refused: another user could plant entries in it or
 * swap the key. */
enum cache_refusal {
	CACHE_USABLE,
	CACHE_UNAVAILABLE,            /* there is none, or it cannot be made or written */
	CACHE_NOT_OWNED,              /* another user owns it */
	CACHE_OPEN_TO_OTHERS,         /* its group or others may write it */
	CACHE_BAD_KEY,                /* its key is unreadable, mangled, or not the user's alone */
};
/* What a refusal means, for a warning naming the folder. */
const char *cache_refusal_text(enum cache_refusal r);

/* One kind of entries: its folder, and the key that seals them. */
struct cache_dir {
	char *path;
	unsigned char key[CACHE_KEY_BYTES];
};

/* Checks the cache folder, `requested` (--cache-dir) when given, else
 * $XDG_CACHE_HOME/entrycheck, else ~/.cache/entrycheck, each kind's folder
 * under it and the key, making what is missing (folders 0700). The first
 * refusal, with `*where` the folder or file at fault (caller frees). */
enum cache_refusal cache_root_check(const char *requested, char **where);
/* The folder of the kind `sub`, checked as cache_root_check does, or NULL.
 * Release with cache_dir_free. */
struct cache_dir *cache_dir_open(const char *requested, const char *sub);
void cache_dir_free(struct cache_dir *d);
/* Removes the least recently used entries whose names start with `prefix`
 * until they take at most `max_bytes` (the newest always stays), and the
 * temporaries (".tmp-" in the name) a killed run left over an hour ago. */
void cache_dir_trim(const char *dir, const char *prefix, unsigned long long max_bytes);

/* The whole content of a regular file of at most `max` bytes (NUL-terminated,
 * its length in `len`), or NULL. Caller frees. */
char *cache_read_file(const char *path, size_t max, size_t *len);
/* The bytes of the running executable, hashed (a rebuilt entrycheck may make
 * other facts and findings); 0 when it cannot be read. */
unsigned long long cache_tool_hash(void);
/* Writes `len` bytes as `path` under a temporary name, then renames it:
 * readers see the whole entry or none. Whether it was written. */
bool cache_write_entry(const char *path, const char *data, size_t len);

#endif
