/* SPDX-License-Identifier: Apache-2.0 */
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

#include "findings/finding.h"

struct program;
struct rule_set;
struct entry_point;
struct problems;

struct eval_options {
	bool strict;               /* a call whose body is not visible did nothing */
	bool verbose;              /* notes also say what a rule followed (DE011's unload routines) */
	unsigned max_depth;        /* helper inlining depth (default 8) */
	unsigned max_states;       /* per rule and entry (default 1000000, plus 64 per block of
				    * the code explored; a number given is the whole budget) */
	unsigned visits_per_block; /* set by the evaluator */
	double max_seconds;        /* per entry, all rules (default 60); then "analysis incomplete" */
	const struct strindex *global_reads; /* eval_global_reads for the entry evaluated, or
				    * NULL: worked out here */
};

/* The names of globals that some function of the driver whose DriverEntry
 * is function `entry_index` of unit `entry_unit` reads, passes or tests: the
 * functions of its file and of the units its calls may reach
 * (program_reaches), never another driver's of the run, whose globals may
 * have the same names; for the places of the device objects (the device
 * list, a device extension), only DriverEntry and the helpers it calls. */
void eval_global_reads(const struct program *prog, size_t entry_unit, size_t entry_index, struct strindex *reads);

/* Applies every rule of `rules` whose models include the entry's to `entry`.
 * Findings go to `out` (deduplicated by rule, location and message); notes
 * about what could not be decided go to `notes`. Returns false when a budget
 * (states, time) ended the analysis before every path was checked. */
bool evaluate_entry(const struct program *prog, const struct entry_point *entry,
		    const struct rule_set *rules, const struct eval_options *opts,
		    struct findings *out, struct problems *notes);

#endif
