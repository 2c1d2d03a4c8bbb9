/* SPDX-License-Identifier: Apache-2.0 */
/* Loading and decoding source files. Only UTF-8 (with or without BOM) and
 * UTF-16 (with BOM, or recognizably ASCII-range UTF-16 without one) are
 * transcoded; other 8-bit encodings such as CP-1252 pass through unchanged. */
#include "base/source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/strbuf.h"

const char *source_status_text(enum source_status status)
{
	switch (status) {
	case SOURCE_OK: return "ok";
	case SOURCE_NOT_FOUND: return "no such file";
	case SOURCE_NOT_A_FILE: return "not a regular file";
	case SOURCE_UNREADABLE: return "cannot be read";
	case SOURCE_TOO_LARGE: return "file too large";
	case SOURCE_BINARY: return "binary file (not C or C++ source)";
	case SOURCE_BAD_UTF16: return "invalid UTF-16 text";
	}
	return "cannot be read";
}

const char *source_encoding_name(enum source_encoding encoding)
{
	switch (encoding) {
	case SOURCE_UTF8: return "utf-8";
	case SOURCE_UTF8_BOM: return "utf-8-bom";
	case SOURCE_UTF16LE: return "utf-16le";
	case SOURCE_UTF16BE: return "utf-16be";
	}
	return "utf-8";
}

void source_release(struct source *s)
{
	free(s->text);
	memset(s, 0, sizeof(*s));
}

static void put_utf8(struct strbuf *sb, unsigned long cp)
{
	char b[4];
	if (cp < 0x80) {
		b[0] = (char)cp;
		strbuf_add(sb, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(sb, b, 3);
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(sb, b, 4);
	}
}

static enum source_status decode_utf16(const unsigned char *p, size_t len, bool big_endian,
				       struct source *out)
{
	if (len % 2)
		return SOURCE_BAD_UTF16;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < len; i += 2) {
		unsigned long u = big_endian ? (unsigned long)(p[i] << 8 | p[i + 1])
					     : (unsigned long)(p[i] | p[i + 1] << 8);
		if (u >= 0xD800 && u <= 0xDBFF) {
			if (i + 3 >= len)
				goto bad;
			unsigned long lo = big_endian ? (unsigned long)(p[i + 2] << 8 | p[i + 3])
						      : (unsigned long)(p[i + 2] | p[i + 3] << 8);
			if (lo < 0xDC00 || lo > 0xDFFF)
				goto bad;
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
			i += 2;
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			goto bad;
		} else if (u == 0) {
			goto bad;
		}
		put_utf8(&sb, u);
	}
	out->len = sb.len;
	out->text = strbuf_detach(&sb);
	out->rewritten = true;
	return SOURCE_OK;
bad:
	strbuf_release(&sb);
	return SOURCE_BAD_UTF16;
}

/* UTF-16 without a byte-order mark: most code units of source text are
 * ASCII, so one byte of each pair is zero in a consistent position. */
static int guess_utf16_without_bom(const unsigned char *p, size_t len)
{
	if (len < 8 || len % 2)
		return 0;
	size_t pairs = len / 2 < 512 ? len / 2 : 512, zero_hi = 0, zero_lo = 0;
	for (size_t i = 0; i < pairs; i++) {
		zero_hi += p[2 * i + 1] == 0 && p[2 * i] != 0;
		zero_lo += p[2 * i] == 0 && p[2 * i + 1] != 0;
	}
	if (zero_hi * 10 >= pairs * 9)
		return 1; /* little endian */
	if (zero_lo * 10 >= pairs * 9)
		return 2; /* big endian */
	return 0;
}

/* Text has almost no control characters besides tab, newlines, form feed,
 * ESC (colour codes in comments) and a final Ctrl-Z; machine code or
 * compressed data has plenty even without NUL bytes. */
static bool looks_binary(const unsigned char *p, size_t len)
{
	size_t controls = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = p[i];
		controls += (c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' &&
			     c != '\r' && c != 0x1a && c != 0x1b) ||
			    c == 0x7f;
	}
	return controls > 8 && controls * 100 > len;
}

enum source_status source_decode(const unsigned char *data, size_t len, struct source *out)
{
	memset(out, 0, sizeof(*out));
	if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE) {
		out->encoding = SOURCE_UTF16LE;
		return decode_utf16(data + 2, len - 2, false, out);
	}
	if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF) {
		out->encoding = SOURCE_UTF16BE;
		return decode_utf16(data + 2, len - 2, true, out);
	}
	int guess = guess_utf16_without_bom(data, len);
	if (guess) {
		out->encoding = guess == 1 ? SOURCE_UTF16LE : SOURCE_UTF16BE;
		return decode_utf16(data, len, guess == 2, out);
	}
	size_t skip = 0;
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
		/* clang would count the mark's three bytes as columns on line 1. */
		skip = 3;
		out->encoding = SOURCE_UTF8_BOM;
		out->rewritten = true;
	}
	if (memchr(data + skip, '\0', len - skip) || looks_binary(data + skip, len - skip)) {
		memset(out, 0, sizeof(*out));
		return SOURCE_BINARY;
	}
	out->text = alloc_strndup((const char *)data + skip, len - skip);
	out->len = len - skip;
	return SOURCE_OK;
}

const char *source_size_text(size_t bytes)
{
	static _Thread_local char text[32];
	if (bytes >= 1024u * 1024u && bytes % (1024u * 1024u) == 0)
		snprintf(text, sizeof(text), "%zu MiB", bytes / (1024u * 1024u));
	else
		snprintf(text, sizeof(text), "%zu bytes", bytes);
	return text;
}

enum source_status source_load(const char *path, size_t max_bytes, struct source *out,
			       const char **sys_error)
{
	struct stat st;
	memset(out, 0, sizeof(*out));
	*sys_error = NULL;
	if (stat(path, &st) != 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return SOURCE_NOT_FOUND;
		*sys_error = strerror(errno);
		return SOURCE_UNREADABLE;
	}
	if (!S_ISREG(st.st_mode))
		return SOURCE_NOT_A_FILE;
	if ((unsigned long long)st.st_size > max_bytes) {
		static _Thread_local char reason[96];
		snprintf(reason, sizeof(reason), "file too large: %llu bytes, the limit is %s",
			 (unsigned long long)st.st_size, source_size_text(max_bytes));
		*sys_error = reason;
		return SOURCE_TOO_LARGE;
	}

	FILE *f = fopen(path, "rb");
	if (!f) {
		*sys_error = strerror(errno);
		return SOURCE_UNREADABLE;
	}
	size_t size = (size_t)st.st_size;
	unsigned char *data = alloc_bytes(size + 1);
	size_t got = fread(data, 1, size, f);
	int failed = ferror(f);
	int saved_errno = errno;
	fclose(f);
	if (failed || got != size) {
		free(data);
		*sys_error = failed ? strerror(saved_errno) : "file changed while reading";
		return SOURCE_UNREADABLE;
	}
	enum source_status status = source_decode(data, size, out);
	free(data);
	return status;
}
