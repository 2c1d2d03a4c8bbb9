/* The gate: which findings count. Inline suppressions (suppress.c) and the
 * baseline (baseline.c) mark findings; a finding neither suppressed nor in
 * the baseline is active, and active findings at or above --fail-on fail the
 * run. Everything that decides this lives here, applied once per run. */
#ifndef ENTRYCHECK_GATE_H
#define ENTRYCHECK_GATE_H

#include <stdbool.h>

#include "base/util.h"

struct findings;
struct rule_set;
struct problems;

struct gate {
	bool has_baseline;
	struct strvec accepted;   /* the baseline's fingerprints */
};

/* Reads the baseline `path` (NULL: none). Returns 0, or -1 after one error
 * in `problems`; the run must not start with a baseline it cannot read. */
int gate_open(struct gate *g, const char *baseline, struct problems *problems);

/* Marks every finding: the inline suppressions of `files` (absolute paths)
 * and of the files findings are in, then the baseline. */
void gate_apply(const struct gate *g, struct findings *findings, const struct rule_set *rules,
		const struct strvec *files, struct problems *problems);

/* Whether an active finding is at or above `fail_on` (a rule_level, or -1
 * for none). */
bool gate_fails(const struct findings *findings, int fail_on);

void gate_close(struct gate *g);

#endif
