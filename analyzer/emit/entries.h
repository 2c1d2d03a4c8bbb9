/* SPDX-License-Identifier: Apache-2.0 */
/* The `entries` report: every DriverEntry found, with its driver models and
 * whether it can be analyzed, as text or as JSON (emit/emit.h). */
#ifndef ENTRYCHECK_EMIT_ENTRIES_H
#define ENTRYCHECK_EMIT_ENTRIES_H

#include "emit/emit.h"

struct cJSON;

/* One line per entry, "file:line:col: Function [model, ...]", then a summary. */
char *emit_entries_text(const struct run_result *r, const struct emit_options *opts);
/* {"entries":[...],"problems":[...]}. */
char *emit_entries_json(const struct run_result *r, const struct emit_options *opts);
/* Adds the "entries" and "problems" members to `root` (the check report's
 * JSON shares them). */
void emit_entries_members(struct cJSON *root, const struct run_result *r);

#endif
