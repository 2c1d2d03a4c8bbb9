/* SPDX-License-Identifier: Apache-2.0 */
/* Joining the reports of --shard runs (or of any runs over disjoint parts of
 * a tree) into the report one whole run would have written: a JSON `check`
 * or `entries` report, or a SARIF log with one run. Items are ordered as
 * the run orders them (by file, line and column, then rule and message),
 * identical items met in several reports are kept once, fingerprints are
 * kept as written. Reports of different formats, tool versions or rule sets
 * are refused. Reads reports only; never prints. */
#ifndef ENTRYCHECK_MERGE_H
#define ENTRYCHECK_MERGE_H

#include <stddef.h>

struct problems;

enum merge_format { MERGE_ANY, MERGE_JSON, MERGE_SARIF };

struct merge_options {
	enum merge_format want;     /* MERGE_ANY, or refuse reports of another format */
	const char *automation_id;  /* sarif: replaces the reports' run.automationDetails.id; NULL: keep
				     * theirs, which must then agree */
};

/* Merges the `n` reports at `paths`. Returns 0 and sets `*out` (the merged
 * report; the caller frees it) and `*format`, or -1 after adding errors to
 * `problems` (unreadable or invalid file, unknown layout, mixed formats,
 * tool versions or rule sets). */
int merge_reports(const char *const *paths, size_t n, const struct merge_options *opts, char **out,
		  enum merge_format *format, struct problems *problems);

#endif
