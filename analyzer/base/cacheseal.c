/* SPDX-License-Identifier: Apache-2.0 */
/* The key is made under a temporary name with O_EXCL and mode 0600, then
 * linked to its name: link never replaces, so runs racing to make it agree
 * on the first one linked, and no run ever reads a key half written. */
#include "base/cacheseal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/path.h"

#define MAGIC_LEN 16

static bool random_bytes(unsigned char *out, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = getrandom(out + got, len - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		got += (size_t)n;
	}
	return true;
}

/* Writes a new key as `path` unless one is there. 0 when one is there now. */
static int key_make(const char *path)
{
	unsigned char key[CACHE_KEY_BYTES];
	if (!random_bytes(key, sizeof(key)))
		return -1;
	char *temp = alloc_printf("%s.tmp-%ld-%lx", path, (long)getpid(), (unsigned long)pthread_self());
	int fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	bool ok = fd >= 0 && write(fd, key, sizeof(key)) == (ssize_t)sizeof(key) && fsync(fd) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	int rc = ok && (link(temp, path) == 0 || errno == EEXIST) ? 0 : -1;
	if (fd >= 0)
		unlink(temp);
	free(temp);
	memset(key, 0, sizeof(key));
	return rc;
}

int cache_key_load(const char *dir, unsigned char key[CACHE_KEY_BYTES], char **where)
{
	char *path = path_join(dir, CACHE_KEY_FILE);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && key_make(path) == 0)
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	bool ok = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
		  !(st.st_mode & 077) && st.st_size == CACHE_KEY_BYTES &&
		  read(fd, key, CACHE_KEY_BYTES) == CACHE_KEY_BYTES;
	if (fd >= 0)
		close(fd);
	if (ok) {
		free(path);
		return 0;
	}
	memset(key, 0, CACHE_KEY_BYTES);
	*where = path;
	return -1;
}

void cache_mac_begin(struct hmac_sha256 *h, const unsigned char key[CACHE_KEY_BYTES], const char *kind,
		     unsigned long long name)
{
	hmac_sha256_init(h, key, CACHE_KEY_BYTES);
	hmac_sha256_update(h, kind, strlen(kind) + 1);
	unsigned char bytes[8];
	for (int i = 0; i < 8; i++)
		bytes[i] = (unsigned char)(name >> (8 * i));
	hmac_sha256_update(h, bytes, sizeof(bytes));
}

void cache_seal(const unsigned char key[CACHE_KEY_BYTES], const char *magic, unsigned long long name,
		const char *body, size_t len, struct strbuf *out)
{
	struct hmac_sha256 h;
	unsigned char mac[CACHE_MAC_BYTES];
	cache_mac_begin(&h, key, magic, name);
	hmac_sha256_update(&h, body, len);
	hmac_sha256_final(&h, mac);
	strbuf_add(out, magic, MAGIC_LEN);
	strbuf_add(out, (const char *)mac, sizeof(mac));
	strbuf_add(out, body, len);
}

const unsigned char *cache_unseal(const unsigned char key[CACHE_KEY_BYTES], const char *magic,
				  unsigned long long name, const char *data, size_t len, size_t *body_len)
{
	if (!data || len < MAGIC_LEN + CACHE_MAC_BYTES || memcmp(data, magic, MAGIC_LEN))
		return NULL;
	const char *body = data + MAGIC_LEN + CACHE_MAC_BYTES;
	size_t n = len - MAGIC_LEN - CACHE_MAC_BYTES;
	struct hmac_sha256 h;
	unsigned char mac[CACHE_MAC_BYTES];
	cache_mac_begin(&h, key, magic, name);
	hmac_sha256_update(&h, body, n);
	hmac_sha256_final(&h, mac);
	if (!hmac_sha256_equal(mac, (const unsigned char *)data + MAGIC_LEN))
		return NULL;
	*body_len = n;
	return (const unsigned char *)body;
}
