/* SPDX-License-Identifier: Apache-2.0 */
/* The precompiled preludes kept between runs (see pchcache.c). Every
 * function is safe to call from runs in parallel on the same directory. */
#ifndef ENTRYCHECK_PCHCACHE_H
#define ENTRYCHECK_PCHCACHE_H

#include "base/cachedir.h"

/* The cache's folder for preludes (cachedir.h: "pch" under the cache
 * folder), or NULL when there is none that can be used (then preludes are
 * built for this run only). Release with cache_dir_free. */
struct cache_dir *pch_cache_open(const char *requested);
/* The cached prelude of `key` whose MAC holds, or NULL. Entries whose MAC
 * does not hold are removed and counted in `*rejected`. Caller frees. */
char *pch_cache_find(const struct cache_dir *d, unsigned long long key, unsigned *rejected);
/* Where to build the prelude of `key` before pch_cache_store. Caller frees. */
char *pch_cache_temp(const struct cache_dir *d, unsigned long long key);
/* Seals a built prelude from `temp` and moves it into the cache, then trims
 * the cache to its bound; returns the entry's path, or NULL (temp removed).
 * Caller frees. */
char *pch_cache_store(const struct cache_dir *d, unsigned long long key, const char *temp);
/* Removes an entry libclang could not read (it is rebuilt next time). */
void pch_cache_forget(const struct cache_dir *d, const char *path);
/* What every prelude of this installation depends on besides its flags:
 * the tool and libclang versions, the header model's files, and the mingw
 * and clang header directories. */
unsigned long long pch_cache_stamp(const char *model_dir, const char *mingw_dir, const char *resource_dir,
				   const char *libclang_version, const char *tool_version);

#endif
