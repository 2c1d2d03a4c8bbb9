/* SPDX-License-Identifier: Apache-2.0 */
/* The `check` report: findings, each with its related locations and the
 * evidence path, then a summary line, in GCC or MSBuild style; or the same as
 * JSON (schema: analyzer/schema/report.schema.json). SARIF: emit/sarif.h. */
#ifndef ENTRYCHECK_EMIT_FINDINGS_H
#define ENTRYCHECK_EMIT_FINDINGS_H

#include "emit/emit.h"

/* The version of the JSON report's layout: the "version" member, and the
 * schema's. Raised when a member is removed or changes meaning. */
#define FINDINGS_JSON_VERSION 1

/* GCC style: "file:line:col: level: message [ID]", related locations as
 * notes, the evidence indented below, and a summary line. MSBuild style
 * (opts->msvc): "file(line,col): error ID: message" ("warning ID:" for
 * warnings; notes, which MSBuild has no category for, as "note ID:", so they
 * show in the build log without entering the error list or failing a build
 * that treats warnings as errors), related locations as
 * "file(line,col): note: text" as cl.exe prints them. */
char *emit_findings_text(const struct run_result *r, const struct emit_options *opts);
/* {"version", "tool", "entries", "problems", "findings"}, each finding with
 * its fingerprint; every string valid UTF-8. */
char *emit_findings_json(const struct run_result *r, const struct emit_options *opts);

#endif
