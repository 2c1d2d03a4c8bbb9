/* The user's cache directory, shared by the caches that keep work between
 * runs (precompiled preludes, per-file results). Safe under runs in parallel:
 * entries are written under a temporary name and renamed. */
#ifndef ENTRYCHECK_CACHEDIR_H
#define ENTRYCHECK_CACHEDIR_H

/* `requested` (--cache-dir) when given, else $XDG_CACHE_HOME/entrycheck,
 * else ~/.cache/entrycheck, with `sub` under it, created when missing. NULL
 * when there is none that can be written. Caller frees. */
char *cache_dir_open(const char *requested, const char *sub);
/* Removes the least recently used entries whose names start with `prefix`
 * until they take at most `max_bytes` (the newest always stays), and the
 * temporaries (".tmp-" in the name) a killed run left over an hour ago. */
void cache_dir_trim(const char *dir, const char *prefix, unsigned long long max_bytes);

#endif
