/* The `check` report: findings, each with its related locations and the
 * evidence path, then a summary line; or the same as JSON. */
#ifndef ENTRYCHECK_EMIT_FINDINGS_H
#define ENTRYCHECK_EMIT_FINDINGS_H

#include <stdio.h>

struct run_result;

/* GCC style: "file:line:col: level: message [ID]", related locations as
 * notes, the evidence indented below, and a summary line. */
void emit_findings_text(FILE *out, const struct run_result *r);
/* The entries report's JSON plus "findings"; the caller frees the string. */
char *emit_findings_json(const struct run_result *r);

#endif
