/* SPDX-License-Identifier: Apache-2.0 */
/* The gate: which findings count. Inline suppressions (suppress.c) and the
 * baseline (baseline.c) mark findings; a finding neither suppressed nor in
 * the baseline is active, and active findings at or above --fail-on fail the
 * run. With --changed-since (changes.c), findings that touch no changed line
 * are dropped. Everything that decides this lives here, applied once per run. */
#ifndef ENTRYCHECK_GATE_H
#define ENTRYCHECK_GATE_H

#include <stdbool.h>

#include "base/strvec.h"
#include "findings/changes.h"

struct findings;
struct rule_set;
struct problems;

struct gate {
	bool has_baseline;
	struct strvec accepted;   /* the baseline's fingerprints */
	bool has_changes;
	struct changes changes;   /* --changed-since: the lines changed */
};

/* Reads the baseline `path` (NULL: none) and, when `changed_since` is not
 * NULL, the lines changed since it in the git work tree holding `dir`.
 * Returns 0, or -1 after one error in `problems`; the run must not start
 * with a baseline or a change it cannot read. */
int gate_open(struct gate *g, const char *baseline, const char *changed_since, const char *dir,
	      struct problems *problems);

/* Marks every finding: the inline suppressions of `files` (absolute paths)
 * and of the files findings are in, then the baseline; then, with
 * --changed-since, drops those that touch no changed line (a note says how
 * many). Returns the number of errors it added to `problems` (suppressions
 * naming no rule or an unknown one). */
int gate_apply(const struct gate *g, struct findings *findings, const struct rule_set *rules,
		const struct strvec *files, struct problems *problems);

/* Whether an active finding is at or above `fail_on` (a rule_level, or -1
 * for none). */
bool gate_fails(const struct findings *findings, int fail_on);

void gate_close(struct gate *g);

#endif
