/* One run of the analysis: inputs -> parsed units -> per-file facts ->
 * classified entry points, with every problem met on the way. The CLI turns
 * a run's result into reports; tests call run_analysis directly. */
#ifndef ENTRYCHECK_RUN_H
#define ENTRYCHECK_RUN_H

#include <stdbool.h>

#include "classify.h"
#include "inputs.h"
#include "problems.h"
#include "util.h"
#include "wdkmodel.h"

struct unit_facts;

struct run_options {
	struct strvec paths;            /* files and directories */
	const char *compile_commands;   /* -p DIR|FILE, or NULL */
	struct strvec args;             /* -I, -D, -U, --extra-arg, in command-line order */
	struct model_options model;
	bool use_pch;
	bool verbose;                   /* report every clang diagnostic of the analyzed files */
	model_set model_override;       /* --model, or 0 */
};

struct run_stats {
	size_t files;                   /* inputs found */
	size_t parsed;                  /* inputs parsed into an AST */
	size_t with_pch;                /* of those, parsed against a precompiled prelude */
	double parse_seconds;           /* summed over files, excluding building PCHs */
	double pch_seconds;
};

struct run_result {
	struct input_set inputs;
	struct unit_facts *units;
	size_t nunits;
	struct entry_list entries;
	struct problems problems;
	struct run_stats stats;
	bool fatal;                     /* nothing could run: bad options, database or model */
};

/* Runs the analysis. Always fills `out` (release with run_result_release).
 * Returns 0 when every input was analyzed, 1 when some could not be (see
 * out->problems), and -1 when nothing could run (out->fatal). */
int run_analysis(const struct run_options *opts, struct run_result *out);
void run_result_release(struct run_result *r);
void run_options_release(struct run_options *opts);

#endif
