/* SPDX-License-Identifier: Apache-2.0 */
/* A strict JSON parser (RFC 8259) that builds a cJSON tree and remembers
 * where in the text every value and every object member's key starts, so
 * that an error about any node of a rule file or configuration can be
 * reported as file:line:col. It does not print, and does not read files.
 *
 * Usage:
 *
 *     struct json_doc doc;
 *     struct json_error err;
 *     if (json_doc_parse(text, len, &doc, &err) != 0) {
 *             report(err.line, err.column, err.message);
 *             return;
 *     }
 *     unsigned line, col;
 *     json_doc_position(&doc, cJSON_GetObjectItemCaseSensitive(doc.root, "x"), &line, &col);
 *     json_doc_release(&doc);
 */
#ifndef ENTRYCHECK_JSON_POS_H
#define ENTRYCHECK_JSON_POS_H

#include <stdbool.h>
#include <stddef.h>

struct cJSON;

/* Where a node starts: lines are 1-based, columns are 1-based byte offsets
 * in the line (a UTF-8 byte-order mark does not count). */
struct json_pos {
	const struct cJSON *node;
	unsigned line, column;          /* the value's first byte */
	unsigned key_line, key_column;  /* its key's opening quote; 0 outside objects */
};

/* A parsed document. The tree and the position table belong to it. */
struct json_doc {
	struct cJSON *root;
	struct json_pos *pos;   /* sorted by node address */
	size_t npos, cap;
};

struct json_error {
	unsigned line, column;  /* where the problem is, 1-based */
	char message[160];      /* e.g. "expected ',' or '}' after an object member" */
};

/* Parses `len` bytes of `text` (which need not be NUL-terminated). Accepts
 * exactly one JSON value, surrounded by optional whitespace, in UTF-8 with
 * or without a byte-order mark. Rejects comments, trailing commas, duplicate
 * keys, invalid UTF-8, UTF-16/32 text, "\u0000" in strings, numbers out of
 * double's range and nesting deeper than 256. Returns 0 and fills `out`
 * (release it with json_doc_release), or -1 with `out` empty and `err` set. */
int json_doc_parse(const char *text, size_t len, struct json_doc *out, struct json_error *err);

/* Where `node` (a value of `d`'s tree) starts. Returns false, leaving
 * `line` and `col` alone, when the node is not from this document. */
bool json_doc_position(const struct json_doc *d, const struct cJSON *node, unsigned *line,
		       unsigned *col);
/* Where the key of the object member `node` starts. Returns false when the
 * node is not an object member of this document. */
bool json_doc_key_position(const struct json_doc *d, const struct cJSON *node, unsigned *line,
			   unsigned *col);

void json_doc_release(struct json_doc *d);

#endif
