/* SPDX-License-Identifier: Apache-2.0 */
/* Growable strings. */
#include "base/strbuf.h"
#include "base/alloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void strbuf_add(struct strbuf *sb, const char *data, size_t len)
{
	GROW(sb->buf, sb->cap, sb->len + len + 1);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addc(struct strbuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = alloc_vprintf(fmt, ap);
	va_end(ap);
	strbuf_adds(sb, s);
	free(s);
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

char *strbuf_detach(struct strbuf *sb)
{
	char *s = sb->buf ? sb->buf : alloc_strdup("");
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return s;
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}
