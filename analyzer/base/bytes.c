/* SPDX-License-Identifier: Apache-2.0 */
#include "base/bytes.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

void bytes_put_num(struct strbuf *out, unsigned long long n)
{
	do {
		unsigned char b = n & 0x7f;
		n >>= 7;
		strbuf_addc(out, (char)(b | (n ? 0x80 : 0)));
	} while (n);
}

void bytes_put_signed(struct strbuf *out, long long n)
{
	/* zigzag: small negative numbers stay short */
	bytes_put_num(out, ((unsigned long long)n << 1) ^ (unsigned long long)(n >> 63));
}

void bytes_put_str(struct strbuf *out, const char *s)
{
	if (!s) {
		bytes_put_num(out, 0);
		return;
	}
	size_t len = strlen(s);
	bytes_put_num(out, len + 1);
	strbuf_add(out, s, len);
}

void bytes_put_strvec(struct strbuf *out, const struct strvec *v)
{
	bytes_put_num(out, v->len);
	for (size_t i = 0; i < v->len; i++)
		bytes_put_str(out, v->items[i]);
}

unsigned long long bytes_num(struct bytes_in *in)
{
	unsigned long long n = 0;
	for (unsigned shift = 0; !in->failed; shift += 7) {
		if (in->p >= in->end || shift > 63) {
			in->failed = true;
			break;
		}
		unsigned char b = *in->p++;
		n |= (unsigned long long)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return n;
	}
	return 0;
}

long long bytes_signed(struct bytes_in *in)
{
	unsigned long long z = bytes_num(in);
	return (long long)(z >> 1) ^ -(long long)(z & 1);
}

size_t bytes_count(struct bytes_in *in)
{
	unsigned long long n = bytes_num(in);
	if (in->failed || n > (unsigned long long)(in->end - in->p)) {
		in->failed = true;
		return 0;
	}
	return (size_t)n;
}

bool bytes_bool(struct bytes_in *in)
{
	return bytes_num(in) != 0;
}

char *bytes_str(struct bytes_in *in)
{
	unsigned long long n = bytes_num(in);
	if (in->failed || n == 0)
		return NULL;
	if (n - 1 > (unsigned long long)(in->end - in->p) || memchr(in->p, 0, n - 1)) {
		in->failed = true;
		return NULL;
	}
	char *s = alloc_strndup((const char *)in->p, n - 1);
	in->p += n - 1;
	return s;
}

void bytes_strvec(struct bytes_in *in, struct strvec *v)
{
	size_t n = bytes_count(in);
	for (size_t i = 0; i < n && !in->failed; i++) {
		char *s = bytes_str(in);
		strvec_push(v, s ? s : "");
		free(s);
	}
}
