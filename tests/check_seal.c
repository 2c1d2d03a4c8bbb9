/* SPDX-License-Identifier: Apache-2.0 */
/* The cache's seal: SHA-256 and HMAC-SHA256 against the published test
 * vectors (FIPS 180-4 examples, RFC 4231), entries sealed and unsealed, and
 * the cache folder's checks (modes, the key's making and refusals). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cachedir.h"
#include "base/cacheseal.h"
#include "base/sha256.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/path.h"
#include "testutil.h"

static char *hex(const unsigned char *bytes, size_t n)
{
	char *out = alloc_bytes(2 * n + 1);
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", bytes[i]);
	return out;
}

static char *sha256_hex(const void *data, size_t len, size_t pieces)
{
	struct sha256 s;
	unsigned char d[SHA256_BYTES];
	sha256_init(&s);
	const char *p = data;
	size_t step = pieces ? len / pieces + 1 : len;
	for (size_t done = 0; done < len; done += step)
		sha256_update(&s, p + done, len - done < step ? len - done : step);
	sha256_final(&s, d);
	return hex(d, sizeof(d));
}

static char *hmac_hex(const void *key, size_t key_len, const char *data)
{
	struct hmac_sha256 h;
	unsigned char mac[SHA256_BYTES];
	hmac_sha256_init(&h, key, key_len);
	hmac_sha256_update(&h, data, strlen(data));
	hmac_sha256_final(&h, mac);
	return hex(mac, sizeof(mac));
}

#define ASSERT_HEX(got, want)                   \
	do {                                    \
		char *g_ = (got);               \
		ck_assert_str_eq(g_, want);     \
		free(g_);                       \
	} while (0)

/* Each vector test runs with the portable code (_i 0) and with the CPU's
 * SHA instructions when it has them (_i 1). */
START_TEST(sha256_matches_the_standard_examples)
{
	sha256_accelerate(_i == 1);
	ASSERT_HEX(sha256_hex("", 0, 0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	ASSERT_HEX(sha256_hex("abc", 3, 0), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	ASSERT_HEX(sha256_hex(two, strlen(two), 0), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	ASSERT_HEX(sha256_hex(two, strlen(two), 7), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	char *million = alloc_bytes(1000000);
	memset(million, 'a', 1000000);
	ASSERT_HEX(sha256_hex(million, 1000000, 0), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	ASSERT_HEX(sha256_hex(million, 1000000, 333), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}
END_TEST

START_TEST(hmac_matches_rfc_4231)
{
	sha256_accelerate(_i == 1);
	unsigned char key[131];
	memset(key, 0x0b, 20);
	ASSERT_HEX(hmac_hex(key, 20, "Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	ASSERT_HEX(hmac_hex("Jefe", 4, "what do ya want for nothing?"),
		   "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	memset(key, 0xaa, sizeof(key)); /* longer than a block: hashed first */
	ASSERT_HEX(hmac_hex(key, sizeof(key), "Test Using Larger Than Block-Size Key - Hash Key First"),
		   "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}
END_TEST

START_TEST(both_ways_agree_on_every_length)
{
	unsigned char data[300];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 131 + 7);
	for (size_t len = 0; len <= sizeof(data); len++) {
		sha256_accelerate(false);
		char *portable = sha256_hex(data, len, 3);
		sha256_accelerate(true);
		char *fast = sha256_hex(data, len, 0);
		ck_assert_str_eq(portable, fast);
		free(portable);
		free(fast);
	}
}
END_TEST

START_TEST(an_entry_unseals_only_under_its_key_magic_and_name)
{
	unsigned char key[CACHE_KEY_BYTES] = { 1 }, other[CACHE_KEY_BYTES] = { 2 };
	const char *magic = "entrycheck-test\n";
	struct strbuf sealed = STRBUF_INIT;
	cache_seal(key, magic, 42, "facts", 5, &sealed);
	size_t n = 0;
	const unsigned char *body = cache_unseal(key, magic, 42, sealed.buf, sealed.len, &n);
	ck_assert_ptr_nonnull(body);
	ck_assert_uint_eq(n, 5);
	ck_assert(!memcmp(body, "facts", 5));
	ck_assert_ptr_null(cache_unseal(other, magic, 42, sealed.buf, sealed.len, &n));
	ck_assert_ptr_null(cache_unseal(key, magic, 43, sealed.buf, sealed.len, &n));
	ck_assert_ptr_null(cache_unseal(key, "entrycheck-eval\n", 42, sealed.buf, sealed.len, &n));
	ck_assert_ptr_null(cache_unseal(key, magic, 42, sealed.buf, sealed.len - 1, &n));
	sealed.buf[sealed.len - 1] ^= 1;
	ck_assert_ptr_null(cache_unseal(key, magic, 42, sealed.buf, sealed.len, &n));
	ck_assert_ptr_null(cache_unseal(key, magic, 42, NULL, 0, &n));
	strbuf_release(&sealed);
}
END_TEST

START_TEST(the_folder_is_made_for_the_user_alone_and_checked)
{
	char *dir = scratch_dir();
	char *root = path_join(dir, "deep/cache");
	char *where = NULL;
	ck_assert_int_eq(cache_root_check(root, &where), CACHE_USABLE);
	ck_assert_ptr_null(where);
	struct stat st;
	ck_assert_int_eq(stat(root, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0700);
	char *key = path_join(root, CACHE_KEY_FILE);
	ck_assert_int_eq(stat(key, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(st.st_size, CACHE_KEY_BYTES);

	/* The key stays what it was made; the kinds share it. */
	struct cache_dir *a = cache_dir_open(root, "results"), *b = cache_dir_open(root, "evals");
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert(!memcmp(a->key, b->key, CACHE_KEY_BYTES));
	cache_dir_free(a);
	cache_dir_free(b);

	chmod(root, 0775);
	ck_assert_int_eq(cache_root_check(root, &where), CACHE_OPEN_TO_OTHERS);
	ck_assert_str_eq(where, root);
	free(where);
	ck_assert_ptr_null(cache_dir_open(root, "pch"));
	chmod(root, 0700);

	chmod(key, 0640);
	ck_assert_int_eq(cache_root_check(root, &where), CACHE_BAD_KEY);
	ck_assert_str_eq(where, key);
	free(where);
	chmod(key, 0600);
	ck_assert_int_eq(truncate(key, 16), 0);
	ck_assert_int_eq(cache_root_check(root, &where), CACHE_BAD_KEY);
	free(where);
	unlink(key);
	ck_assert_int_eq(symlink("/etc/hostname", key), 0); /* never followed */
	ck_assert_int_eq(cache_root_check(root, &where), CACHE_BAD_KEY);
	free(where);

	ck_assert_int_eq(cache_root_check("", &where), CACHE_UNAVAILABLE);
	path_remove_tree(dir);
	free(key);
	free(root);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("seal");
	TCase *tc = tcase_create("mac");
	tcase_add_loop_test(tc, sha256_matches_the_standard_examples, 0, 2);
	tcase_add_loop_test(tc, hmac_matches_rfc_4231, 0, 2);
	tcase_add_test(tc, both_ways_agree_on_every_length);
	tcase_add_test(tc, an_entry_unseals_only_under_its_key_magic_and_name);
	suite_add_tcase(s, tc);
	tc = tcase_create("folder");
	tcase_add_test(tc, the_folder_is_made_for_the_user_alone_and_checked);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
