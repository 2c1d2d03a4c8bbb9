/* SPDX-License-Identifier: Apache-2.0 */
/* SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), for authenticating the
 * cache's entries. Incremental: init, any number of updates, final. */
#ifndef ENTRYCHECK_SHA256_H
#define ENTRYCHECK_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES 32
#define SHA256_BLOCK 64

struct sha256 {
	uint32_t state[8];
	uint64_t length;               /* bytes hashed so far */
	unsigned char block[SHA256_BLOCK];
	size_t used;                   /* bytes waiting in `block` */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, unsigned char digest[SHA256_BYTES]);

struct hmac_sha256 {
	struct sha256 inner, outer;
};

/* A key longer than a block is hashed first, as RFC 2104 says. */
void hmac_sha256_init(struct hmac_sha256 *h, const void *key, size_t key_len);
void hmac_sha256_update(struct hmac_sha256 *h, const void *data, size_t len);
void hmac_sha256_final(struct hmac_sha256 *h, unsigned char mac[SHA256_BYTES]);

/* Whether the CPU's SHA instructions are used (by default when it has them);
 * `on` false makes every hash portable, for tests of both. Returns whether
 * they were used before. */
bool sha256_accelerate(bool on);

/* Whether two MACs are equal, in a time that does not depend on where they differ. */
bool hmac_sha256_equal(const unsigned char a[SHA256_BYTES], const unsigned char b[SHA256_BYTES]);

#endif
