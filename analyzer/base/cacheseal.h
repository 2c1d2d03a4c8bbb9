/* SPDX-License-Identifier: Apache-2.0 */
/* The cache folder's key and the MAC that seals each entry with it: an entry
 * is used only when its MAC, HMAC-SHA256 under the key of its kind, its name
 * and its bytes, matches. The key is 32 random bytes in the file "key" of
 * the cache folder, readable by its owner alone; whoever cannot read it
 * cannot make an entry a run will use. */
#ifndef ENTRYCHECK_CACHESEAL_H
#define ENTRYCHECK_CACHESEAL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/sha256.h"
#include "base/strbuf.h"

#define CACHE_KEY_BYTES 32
#define CACHE_MAC_BYTES SHA256_BYTES
#define CACHE_KEY_FILE "key"

/* The key of the cache folder `dir`, made when missing (32 random bytes,
 * created as a whole, mode 0600). 0, or -1 when it cannot be made or read,
 * or is not a regular file of 32 bytes owned by the user that no one
 * else may read or write: then `*where` is its path (caller frees). */
int cache_key_load(const char *dir, unsigned char key[CACHE_KEY_BYTES], char **where);

/* An entry's MAC, incrementally: its `kind` (a short text), its `name` (the
 * key it is filed under) then its bytes. */
void cache_mac_begin(struct hmac_sha256 *h, const unsigned char key[CACHE_KEY_BYTES], const char *kind,
		     unsigned long long name);

/* Appends to `out` an entry of `kind` named `name`: `magic` (16 bytes), the
 * MAC, then `body`. */
void cache_seal(const unsigned char key[CACHE_KEY_BYTES], const char *magic, unsigned long long name,
		const char *body, size_t len, struct strbuf *out);
/* The body of `data` when it is an entry sealed by cache_seal with the same
 * key, magic and name, with its length in `*body_len`; else NULL. */
const unsigned char *cache_unseal(const unsigned char key[CACHE_KEY_BYTES], const char *magic,
				  unsigned long long name, const char *data, size_t len, size_t *body_len);

#endif
