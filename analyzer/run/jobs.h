/* Evaluating the DriverEntry routines of a run on several threads. */
#ifndef ENTRYCHECK_JOBS_H
#define ENTRYCHECK_JOBS_H

#include "eval/evaluate.h"
#include "facts/classify.h"
#include "facts/program.h"
#include "report/finding.h"
#include "base/problems.h"
#include "rules/rules.h"

/* Evaluates every entry with `jobs` threads (0: one per core), setting each
 * entry's `incomplete`; findings and notes come out in entry order, the same
 * whatever the number of threads. */
void evaluate_entries(const struct program *prog, struct entry_list *entries, const struct rule_set *rules,
		      const struct eval_options *opts, unsigned jobs, struct findings *out,
		      struct problems *notes);

#endif
