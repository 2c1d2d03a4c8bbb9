/* The user's cache directory, shared by the caches that keep work between
 * runs (precompiled preludes, per-file results). Safe under runs in parallel:
 * entries are written under a temporary name and renamed. */
#ifndef ENTRYCHECK_CACHEDIR_H
#define ENTRYCHECK_CACHEDIR_H

#include <stdbool.h>
#include <stddef.h>

/* `requested` (--cache-dir) when given, else $XDG_CACHE_HOME/entrycheck,
 * else ~/.cache/entrycheck, with `sub` under it, created when missing. NULL
 * when there is none that can be written. Caller frees. */
char *cache_dir_open(const char *requested, const char *sub);
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
