/* SPDX-License-Identifier: Apache-2.0 */
/* A growable NUL-terminated byte string, for building text a piece at a
 * time (reports, keys, messages). The buffer owns its bytes until
 * strbuf_detach hands them over. */
#ifndef ENTRYCHECK_STRBUF_H
#define ENTRYCHECK_STRBUF_H

#include <stddef.h>

/* STRBUF_INIT is an empty buffer. */
struct strbuf {
	char *buf;
	size_t len, cap;
};
#define STRBUF_INIT { NULL, 0, 0 }
void strbuf_add(struct strbuf *sb, const char *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The buffer's string; never NULL. */
const char *strbuf_str(const struct strbuf *sb);
/* Hands the string to the caller (who frees it) and empties the buffer. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);

#endif
