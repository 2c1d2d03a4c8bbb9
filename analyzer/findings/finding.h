/* SPDX-License-Identifier: Apache-2.0 */
/* The findings model: what the evaluator produces, the gate marks and the
 * emitters print. A finding is about one rule at one location, with the
 * DriverEntry it concerns, its evidence path and what a fix needs. */
#ifndef ENTRYCHECK_FINDING_H
#define ENTRYCHECK_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strvec.h"

struct rule;

/* What a step of an evidence path is, for reports that draw the path (the
 * HTML report): stores, zeroings, a lost status and related locations are
 * STEP_EVENT. */
enum step_kind { STEP_EVENT, STEP_CALL, STEP_BRANCH, STEP_RETURN };

/* A location with a sentence, for evidence paths and related locations. */
struct finding_step {
	char *file;                /* absolute path */
	unsigned line, column;
	char *message;
	enum step_kind kind;
};

/* A mechanical fix (findings/fix.c): on `line` of `file`, the bytes of columns
 * [start_column, end_column) (1-based) become `text`. */
struct finding_fix {
	char *description;         /* "return status instead of STATUS_SUCCESS" */
	char *file;
	unsigned line, start_column, end_column;
	char *text;
};

#define FINDING_CAVEATS_MAX 8

/* Where a finding stands against the baseline given with --baseline. */
enum baseline_state { BASELINE_NONE, BASELINE_NEW, BASELINE_UNCHANGED };

struct finding {
	const struct rule *rule;
	char *file;                /* absolute path of the reported location */
	unsigned line, column;
	char *function;            /* the function containing the location */
	char *entry_file;          /* the DriverEntry the finding is about */
	unsigned entry_line;
	char *message;
	struct finding_step *related;   /* e.g. where the filter was registered */
	size_t nrelated;
	struct finding_step *path;      /* the evidence: decisions and events leading here */
	size_t npath;
	/* What a mechanical fix needs (findings/fix.c), set when known, else NULL/false: */
	char *returned;            /* at a `return` of the path's function: the returned
				    * expression as written, whitespace removed */
	bool returned_constant;    /* that expression is an integer constant (STATUS_SUCCESS) */
	char *status_var;          /* the plain local variable the related call's status is
				    * assigned to, in the same function and frame as the return */
	struct finding_fix *fix;   /* the fix worked out from those facts, or NULL */
	/* Declarations entrycheck assumed ("NAME (what)") that the finding's
	 * message or evidence names: it rests on a guess, and says so. */
	struct strvec assumed;
	/* What the notes of its DriverEntry's evaluation say weakens what was
	 * checked there (a join reached in too many ways, a path through a call
	 * whose body is not visible, a budget exceeded), deduplicated; at most
	 * FINDING_CAVEATS_MAX, the last then counting the rest (run/run.c). */
	struct strvec caveats;
	/* The gate, set after evaluation (suppress.c, baseline.c): */
	char *suppression;         /* the justification of the inline suppression that
				    * silences it ("" when the form carries none), or NULL */
	enum baseline_state baseline;
};

struct findings {
	struct finding *items;
	size_t len, cap;
};

/* Sorts by file, line, column and rule id, and drops the findings another
 * rule supersedes at the same location. */
void findings_finish(struct findings *f);
void findings_release(struct findings *f);
/* Keeps the findings whose `keep` (one per finding) is true, in order. */
void findings_keep(struct findings *f, const bool *keep);
/* Moves `from`'s findings to the end of `to`, dropping those `to` already
 * holds (two DriverEntry routines reaching the same helper), and leaves
 * `from` empty. */
void findings_append(struct findings *to, struct findings *from);

/* Whether text reports show `f` and the gate counts it: neither suppressed
 * inline nor already in the baseline. */
bool finding_is_active(const struct finding *f);

#endif
