/* The precompiled preludes kept between runs (see pchcache.c). Every
 * function is safe to call from runs in parallel on the same directory. */
#ifndef ENTRYCHECK_PCHCACHE_H
#define ENTRYCHECK_PCHCACHE_H

#include "base/util.h"

/* The cache's directory for preludes: `requested` (--cache-dir) when given,
 * else $XDG_CACHE_HOME/entrycheck, else ~/.cache/entrycheck, with "pch"
 * under it, created when missing. NULL when there is none that can be
 * written (then preludes are built for this run only). Caller frees. */
char *pch_cache_open(const char *requested);
/* The cached prelude of `key`, or NULL. Caller frees. */
char *pch_cache_find(const char *dir, unsigned long long key);
/* Where to build the prelude of `key` before pch_cache_store. Caller frees. */
char *pch_cache_temp(const char *dir, unsigned long long key);
/* Moves a built prelude from `temp` into the cache and trims the cache to
 * its bound; returns the entry's path, or NULL (temp removed). Caller frees. */
char *pch_cache_store(const char *dir, unsigned long long key, const char *temp);
/* Removes an entry libclang could not read (it is rebuilt next time). */
void pch_cache_forget(const char *dir, const char *path);
/* What every prelude of this installation depends on besides its flags:
 * the tool and libclang versions, the header model's files, and the mingw
 * and clang header directories. */
unsigned long long pch_cache_stamp(const char *model_dir, const char *mingw_dir, const char *resource_dir,
				   const char *libclang_version, const char *tool_version);

#endif
