/* The `check` report: findings, each with its related locations and the
 * evidence path, then a summary line, in GCC or MSBuild style; or the same as
 * JSON (schema: analyzer/schema/report.schema.json). SARIF: emit_sarif.h. */
#ifndef ENTRYCHECK_EMIT_FINDINGS_H
#define ENTRYCHECK_EMIT_FINDINGS_H

#include <stdbool.h>
#include <stdio.h>

struct run_result;

/* The version of the JSON report's layout: the "version" member, and the
 * schema's. Raised when a member is removed or changes meaning. */
#define FINDINGS_JSON_VERSION 1

struct text_style {
	bool msvc;      /* MSBuild style instead of GCC style */
	bool color;     /* ANSI colors (the caller decides: a terminal, NO_COLOR unset) */
};

/* GCC style: "file:line:col: level: message [ID]", related locations as
 * notes, the evidence indented below, and a summary line. MSBuild style:
 * "file(line,col): error ID: message" ("warning ID:" for warnings; notes,
 * which MSBuild has no category for, as "note ID:", so they show in the build
 * log without entering the error list or failing a build that treats warnings
 * as errors), related locations as "file(line,col): note: text" as cl.exe
 * prints them. */
void emit_findings_styled(FILE *out, const struct run_result *r, const struct text_style *style);
/* GCC style without colors. */
void emit_findings_text(FILE *out, const struct run_result *r);
/* {"version", "tool", "entries", "problems", "findings"}, each finding with
 * its fingerprint; every string valid UTF-8. The caller frees the string. */
char *emit_findings_json(const struct run_result *r);

#endif
