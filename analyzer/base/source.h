/* SPDX-License-Identifier: Apache-2.0 */
/* Reading a source file into memory as UTF-8 text clang can parse: strips a
 * UTF-8 byte-order mark, transcodes UTF-16, and refuses binary or huge files.
 * Line structure is kept exactly, so clang's lines and columns stay right. */
#ifndef ENTRYCHECK_SOURCE_H
#define ENTRYCHECK_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

enum source_status {
	SOURCE_OK,
	SOURCE_NOT_FOUND,
	SOURCE_NOT_A_FILE,   /* a directory, device or socket */
	SOURCE_UNREADABLE,   /* open or read failed: see the errno text */
	SOURCE_TOO_LARGE,
	SOURCE_BINARY,
	SOURCE_BAD_UTF16,    /* a UTF-16 byte-order mark but broken text */
};

enum source_encoding { SOURCE_UTF8, SOURCE_UTF8_BOM, SOURCE_UTF16LE, SOURCE_UTF16BE };

/* Files above this size are refused as "too large" (driver sources are far smaller). */
#define SOURCE_MAX_BYTES (8u * 1024u * 1024u)

struct source {
	char *text;     /* UTF-8 (or the original bytes for other 8-bit encodings), NUL-terminated */
	size_t len;
	enum source_encoding encoding;
	bool rewritten; /* text differs from the bytes on disk: pass it to clang as an unsaved file */
};

/* Loads `path`. On SOURCE_OK fills `out` (release with source_release);
 * otherwise `out` is empty and, for SOURCE_UNREADABLE, `*sys_error` is set
 * to strerror's text, for SOURCE_TOO_LARGE to a phrase naming the size and
 * the limit (valid until the next call in this thread). */
enum source_status source_load(const char *path, size_t max_bytes, struct source *out,
			       const char **sys_error);
/* Decodes bytes already in memory; `data` is not kept. */
enum source_status source_decode(const unsigned char *data, size_t len, struct source *out);
/* A phrase for the message "cannot analyze 'f': <phrase>". */
const char *source_status_text(enum source_status status);
/* "8 MiB" or "1000 bytes"; valid until the next call in this thread. */
const char *source_size_text(size_t bytes);
const char *source_encoding_name(enum source_encoding encoding);
void source_release(struct source *s);

#endif
