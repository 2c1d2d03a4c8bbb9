/* SPDX-License-Identifier: Apache-2.0 */
/* SHA-256 as FIPS 180-4 specifies it: 64-byte blocks, big-endian words,
 * the message padded with 0x80, zeros and its length in bits. HMAC wraps it
 * with the key xored into an inner and an outer pad. */
#include "base/sha256.h"

#include <string.h>

static const uint32_t round_constants[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))
#define SIGMA0(x) (rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22))
#define SIGMA1(x) (rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25))
#define GAMMA0(x) (rotr(x, 7) ^ rotr(x, 18) ^ ((x) >> 3))
#define GAMMA1(x) (rotr(x, 17) ^ rotr(x, 19) ^ ((x) >> 10))
/* One round, the eight working variables named in rotation instead of moved:
 * the schedule is a ring of 16 words, each extended as it is needed. */
#define ROUND(a, b, c, d, e, f, g, h, i)                                                        \
	do {                                                                                    \
		uint32_t w_ = (i) < 16 ? w[(i) & 15]                                            \
				       : (w[(i) & 15] += GAMMA1(w[((i) - 2) & 15]) + w[((i) - 7) & 15] + \
							 GAMMA0(w[((i) - 15) & 15]));                 \
		uint32_t t_ = h + SIGMA1(e) + CH(e, f, g) + round_constants[i] + w_;            \
		d += t_;                                                                        \
		h = t_ + SIGMA0(a) + MAJ(a, b, c);                                              \
	} while (0)
#define EIGHT_ROUNDS(i)                                  \
	do {                                             \
		ROUND(a, b, c, d, e, f, g, h, (i));      \
		ROUND(h, a, b, c, d, e, f, g, (i) + 1);  \
		ROUND(g, h, a, b, c, d, e, f, (i) + 2);  \
		ROUND(f, g, h, a, b, c, d, e, (i) + 3);  \
		ROUND(e, f, g, h, a, b, c, d, (i) + 4);  \
		ROUND(d, e, f, g, h, a, b, c, (i) + 5);  \
		ROUND(c, d, e, f, g, h, a, b, (i) + 6);  \
		ROUND(b, c, d, e, f, g, h, a, (i) + 7);  \
	} while (0)

static void compress(uint32_t state[8], const unsigned char *block)
{
	uint32_t w[16];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16 |
		       (uint32_t)block[4 * i + 2] << 8 | (uint32_t)block[4 * i + 3];
	uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
	uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
	EIGHT_ROUNDS(0); /* unrolled: each round's index is a constant */
	EIGHT_ROUNDS(8);
	EIGHT_ROUNDS(16);
	EIGHT_ROUNDS(24);
	EIGHT_ROUNDS(32);
	EIGHT_ROUNDS(40);
	EIGHT_ROUNDS(48);
	EIGHT_ROUNDS(56);
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	state[4] += e;
	state[5] += f;
	state[6] += g;
	state[7] += h;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>

/* The SHA extensions (Intel's SHA-NI, AMD since Zen) do two rounds per
 * instruction: the state lives as ABEF and CDGH, the schedule as four
 * vectors of four words. Several times the portable speed, which matters
 * for the 10 to 15 MB preludes checked on each run that parses. */
__attribute__((target("sha,sse4.1,ssse3"))) static void compress_sha_ni(uint32_t state[8],
								      const unsigned char *block)
{
	const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
	__m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
	__m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
	__m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
	__m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
	__m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
	const __m128i abef_in = abef, cdgh_in = cdgh;
	__m128i m[4];
	for (int g = 0; g < 16; g++) {
		if (g < 4) {
			m[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block + 16 * g)), byte_swap);
		} else { /* words 4g..4g+3 from the four before them */
			__m128i t = _mm_sha256msg1_epu32(m[g & 3], m[(g + 1) & 3]);
			t = _mm_add_epi32(t, _mm_alignr_epi8(m[(g + 3) & 3], m[(g + 2) & 3], 4));
			m[g & 3] = _mm_sha256msg2_epu32(t, m[(g + 3) & 3]);
		}
		__m128i wk = _mm_add_epi32(m[g & 3], _mm_loadu_si128((const __m128i *)&round_constants[4 * g]));
		cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
		abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
	}
	abef = _mm_add_epi32(abef, abef_in);
	cdgh = _mm_add_epi32(cdgh, cdgh_in);
	__m128i feba = _mm_shuffle_epi32(abef, 0x1B);
	__m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
	_mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
	_mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

static bool cpu_has_sha(void)
{
	unsigned a, b, c, d;
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1) || !(c & bit_SSSE3))
		return false;
	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
}
#else
static bool cpu_has_sha(void)
{
	return false;
}
#define compress_sha_ni compress
#endif

/* -1 until asked; racing threads compute the same answer. */
static int accelerated = -1;

bool sha256_accelerate(bool on)
{
	int was = __atomic_load_n(&accelerated, __ATOMIC_RELAXED);
	if (was < 0)
		was = cpu_has_sha();
	__atomic_store_n(&accelerated, on && cpu_has_sha(), __ATOMIC_RELAXED);
	return was;
}

static void compress_block(uint32_t state[8], const unsigned char *block)
{
	int use = __atomic_load_n(&accelerated, __ATOMIC_RELAXED);
	if (use < 0) {
		use = cpu_has_sha();
		__atomic_store_n(&accelerated, use, __ATOMIC_RELAXED);
	}
	if (use)
		compress_sha_ni(state, block);
	else
		compress(state, block);
}

void sha256_init(struct sha256 *s)
{
	static const uint32_t initial[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	memcpy(s->state, initial, sizeof(initial));
	s->length = 0;
	s->used = 0;
}

void sha256_update(struct sha256 *s, const void *data, size_t len)
{
	const unsigned char *p = data;
	s->length += len;
	if (s->used) {
		size_t take = SHA256_BLOCK - s->used < len ? SHA256_BLOCK - s->used : len;
		memcpy(s->block + s->used, p, take);
		s->used += take;
		p += take;
		len -= take;
		if (s->used < SHA256_BLOCK)
			return;
		compress_block(s->state, s->block);
		s->used = 0;
	}
	for (; len >= SHA256_BLOCK; p += SHA256_BLOCK, len -= SHA256_BLOCK)
		compress_block(s->state, p);
	memcpy(s->block, p, len);
	s->used = len;
}

void sha256_final(struct sha256 *s, unsigned char digest[SHA256_BYTES])
{
	uint64_t bits = s->length * 8;
	unsigned char pad[SHA256_BLOCK + 8] = { 0x80 };
	size_t zeros = (s->used < 56 ? 56 : 120) - s->used;
	for (int i = 0; i < 8; i++)
		pad[zeros + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_update(s, pad, zeros + 8);
	for (int i = 0; i < 8; i++) {
		digest[4 * i] = (unsigned char)(s->state[i] >> 24);
		digest[4 * i + 1] = (unsigned char)(s->state[i] >> 16);
		digest[4 * i + 2] = (unsigned char)(s->state[i] >> 8);
		digest[4 * i + 3] = (unsigned char)s->state[i];
	}
	memset(s, 0, sizeof(*s));
}

void hmac_sha256_init(struct hmac_sha256 *h, const void *key, size_t key_len)
{
	unsigned char k[SHA256_BLOCK] = { 0 }, pad[SHA256_BLOCK];
	if (key_len > SHA256_BLOCK) {
		struct sha256 s;
		sha256_init(&s);
		sha256_update(&s, key, key_len);
		sha256_final(&s, k);
	} else if (key_len) {
		memcpy(k, key, key_len);
	}
	for (int i = 0; i < SHA256_BLOCK; i++)
		pad[i] = k[i] ^ 0x36;
	sha256_init(&h->inner);
	sha256_update(&h->inner, pad, sizeof(pad));
	for (int i = 0; i < SHA256_BLOCK; i++)
		pad[i] = k[i] ^ 0x5c;
	sha256_init(&h->outer);
	sha256_update(&h->outer, pad, sizeof(pad));
	memset(k, 0, sizeof(k));
	memset(pad, 0, sizeof(pad));
}

void hmac_sha256_update(struct hmac_sha256 *h, const void *data, size_t len)
{
	sha256_update(&h->inner, data, len);
}

void hmac_sha256_final(struct hmac_sha256 *h, unsigned char mac[SHA256_BYTES])
{
	unsigned char inner[SHA256_BYTES];
	sha256_final(&h->inner, inner);
	sha256_update(&h->outer, inner, sizeof(inner));
	sha256_final(&h->outer, mac);
	memset(inner, 0, sizeof(inner));
}

bool hmac_sha256_equal(const unsigned char a[SHA256_BYTES], const unsigned char b[SHA256_BYTES])
{
	unsigned char diff = 0;
	for (int i = 0; i < SHA256_BYTES; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}
