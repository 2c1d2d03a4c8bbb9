/* SPDX-License-Identifier: Apache-2.0 */
/* FNV-1a and the content hash. */
#include "base/hash.h"

#include <string.h>

unsigned long long hash_bytes(const void *data, size_t len, unsigned long long seed)
{
	const unsigned char *p = data;
	unsigned long long h = seed ? seed : 1469598103934665603ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static unsigned long long mix64(unsigned long long h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

unsigned long long hash_content(const void *data, size_t len)
{
	const unsigned char *p = data;
	unsigned long long h = 0x9e3779b97f4a7c15ULL ^ (len * 0xff51afd7ed558ccdULL);
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		unsigned long long w;
		memcpy(&w, p + i, 8);
		h = (h ^ mix64(w)) * 0x100000001b3ULL + 0x632be59bd9b4e019ULL;
	}
	unsigned long long tail = 0;
	memcpy(&tail, p + i, len - i);
	return mix64(h ^ mix64(tail ^ (unsigned long long)(len - i)));
}

unsigned long long hash_string(const char *s, unsigned long long h)
{
	return s ? hash_bytes(s, strlen(s) + 1, h) : hash_bytes("", 0, h ^ 0x9e3779b97f4a7c15ULL);
}
