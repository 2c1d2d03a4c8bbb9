/* SPDX-License-Identifier: Apache-2.0 */
/* Fast non-cryptographic 64-bit hashes, for cache keys, hash tables and
 * telling contents apart. Their values are stored in the caches, so changing
 * one changes every key. A hash an attacker must not forge is HMAC-SHA-256
 * (base/sha256.h), not these. */
#ifndef ENTRYCHECK_HASH_H
#define ENTRYCHECK_HASH_H

#include <stddef.h>

/* 64-bit FNV-1a of `len` bytes, continuing from `seed` (0: a fresh start). */
unsigned long long hash_bytes(const void *data, size_t len, unsigned long long seed);
/* A hash of a whole content (a file, a cache entry), eight bytes a step:
 * the caches hash megabytes on every run. Not hash_bytes's values. */
unsigned long long hash_content(const void *data, size_t len);
/* hash_bytes of a string with its terminator, or of NULL (kept apart from ""). */
unsigned long long hash_string(const char *s, unsigned long long h);

#endif
