/* The `entries` report: every DriverEntry found, with its driver models and
 * whether it can be analyzed, as text or as JSON. */
#ifndef ENTRYCHECK_EMIT_ENTRIES_H
#define ENTRYCHECK_EMIT_ENTRIES_H

#include <stdio.h>

struct run_result;

/* One line per entry, "file:line:col: Function [model, ...]", then a summary. */
void emit_entries_text(FILE *out, const struct run_result *r);
/* {"entries":[...],"problems":[...]}; returns an allocated string the caller frees. */
char *emit_entries_json(const struct run_result *r);

#endif
