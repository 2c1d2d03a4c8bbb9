/* SPDX-License-Identifier: Apache-2.0 */
/* Reading a JSON file the user wrote (rules, schema, configuration, baseline,
 * compilation database): one way to read it and one way to say what is
 * wrong, at the file:line:col of the problem. */
#ifndef ENTRYCHECK_JSON_LOAD_H
#define ENTRYCHECK_JSON_LOAD_H

#include <stddef.h>

#include "json/pos.h"

struct problems;

/* Reads `path` (at most `max_bytes`; UTF-16 and byte-order marks decoded as
 * for sources) and parses it strictly into `doc`. On failure adds one error
 * to `problems`, named `shown` (NULL: `path`): "cannot read WHAT: why", or
 * "invalid JSON in WHAT: the syntax error" at its line and column; returns -1. */
int json_load_file(const char *path, const char *shown, const char *what, size_t max_bytes,
		   struct json_doc *doc, struct problems *problems);

#endif
