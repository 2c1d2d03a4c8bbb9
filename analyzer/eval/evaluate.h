/* The path-sensitive evaluator: applies the rules to one DriverEntry.
 *
 * For each rule it explores the paths through DriverEntry, inlining the
 * helpers whose bodies the run shows, with an abstract state: what each
 * status or pointer variable is known to hold (success/non-NULL, failure/NULL,
 * unknown) and the history of the events the rule cares about. Branches that
 * contradict the state are not taken; a path reaching a point in a state seen
 * before is not explored again, so the cost stays near-linear. At each return
 * of DriverEntry the rule's kind replays the history and reports. */
#ifndef ENTRYCHECK_EVALUATE_H
#define ENTRYCHECK_EVALUATE_H

#include <stdbool.h>
#include <stddef.h>

struct program;
struct rule_set;
struct entry_point;
struct problems;

/* A location with a sentence, for evidence paths and related locations. */
struct finding_step {
	char *file;                /* absolute path */
	unsigned line, column;
	char *message;
};

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
	/* What a mechanical fix needs (emit_sarif.c), set when known, else NULL/false: */
	char *returned;            /* at a `return` of the path's function: the returned
				    * expression as written, whitespace removed */
	bool returned_constant;    /* that expression is an integer constant (STATUS_SUCCESS) */
	char *status_var;          /* the plain local variable the related call's status is
				    * assigned to, in the same function and frame as the return */
	/* The gate, set after evaluation (suppress.c, baseline.c): */
	char *suppression;         /* the justification of the inline suppression that
				    * silences it ("" when the form carries none), or NULL */
	enum baseline_state baseline;
};

struct findings {
	struct finding *items;
	size_t len, cap;
};

struct eval_options {
	bool strict;               /* a call whose body is not visible did nothing */
	unsigned max_depth;        /* helper inlining depth (default 8) */
	unsigned max_states;       /* per rule and entry (default 200000) */
	double max_seconds;        /* per entry, all rules (default 60); then "analysis incomplete" */
};

/* Applies every rule of `rules` whose models include the entry's to `entry`.
 * Findings go to `out` (deduplicated by rule, location and message); notes
 * about what could not be decided go to `notes`. Returns false when a budget
 * (states, time) ended the analysis before every path was checked. */
bool evaluate_entry(const struct program *prog, const struct entry_point *entry,
		    const struct rule_set *rules, const struct eval_options *opts,
		    struct findings *out, struct problems *notes);

/* Sorts by file, line, column and rule id, and drops the findings another
 * rule supersedes at the same location. */
void findings_finish(struct findings *f);
void findings_release(struct findings *f);

/* Whether text reports show `f` and the gate counts it: neither suppressed
 * inline nor already in the baseline. */
bool finding_is_active(const struct finding *f);

#endif
