/* SPDX-License-Identifier: Apache-2.0 */
/* One run of the analysis: inputs -> parsed units -> per-file facts ->
 * classified entry points, with every problem met on the way. The CLI turns
 * a run's result into reports; tests call run_analysis directly. */
#ifndef ENTRYCHECK_RUN_H
#define ENTRYCHECK_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "facts/classify.h"
#include "eval/evaluate.h"
#include "project/inputs.h"
#include "project/project.h"
#include "base/problems.h"
#include "rules/rules.h"
#include "base/strvec.h"
#include "front/wdkmodel.h"

struct unit_facts;
struct settings;

struct run_options {
	struct strvec paths;            /* files and directories */
	const char *compile_commands;   /* -p DIR|FILE, or NULL */
	bool no_project;                /* --no-project: build files are not read */
	struct project_options project; /* --configuration, --platform, --allow-outside-imports */
	struct strvec allow_outside;    /* --allow-outside-imports: real paths (project.outside_ok) */
	struct strvec args;             /* -I, -D, -U, --extra-arg, in command-line order */
	struct model_options model;
	bool use_pch;
	bool no_cache;                  /* --no-cache: the preludes are built for this run only */
	const char *cache_dir;          /* --cache-dir, or NULL for the user's cache directory */
	bool parse_all;                 /* --parse-all: parse every input, not only what entry points reach */
	unsigned shard, shards;         /* --shard K/N: only the entry points of shard K of N
					 * (run/shard.h); shards 0: the whole run */
	unsigned jobs;                  /* --jobs: files parsed at once; 0: one per online processor */
	bool verbose;                   /* report every clang diagnostic of the analyzed files */
	model_set model_override;       /* --model, or 0 */
	bool check;                     /* load the rules and evaluate every DriverEntry */
	struct strvec rule_dirs;        /* --rules; empty: the rule set built in */
	bool strict;                    /* --strict: calls whose bodies are not visible do nothing */
	unsigned max_states;            /* --max-states, or 0 for the default */
	size_t group_inputs;            /* --group-size, or 0 for the default (run.c: GROUP_INPUTS) */
	double eval_seconds;            /* --eval-timeout, or 0 for the default */
	const char *baseline;           /* --baseline: findings it holds do not fail the run */
	const char *changed_since;      /* --changed-since REF: only findings touching a line changed
					 * since the merge base of REF and HEAD are kept (findings/changes.h),
					 * in the git work tree holding the first path */
	bool allow_empty;               /* --allow-empty: a check with no DriverEntry is no error */
	enum rule_level unanalyzable;   /* --unanalyzable: the level at which a DriverEntry that cannot
					 * be analyzed is reported; RULE_ERROR (0, the default) fails the
					 * run with exit 2, the others count toward --fail-on */
	struct strvec exclude;          /* --exclude and the configuration's "exclude": globs */
	struct strvec exclude_from;     /* for each, where it came from: "--exclude" or the
					 * configuration file's path */
	struct strvec select, ignore;   /* --select, --ignore: rule IDs or ID prefixes */
	/* Called before each file is parsed (done of total so far; from the parse
	 * workers, one call at a time), and once with `file` NULL when parsing is
	 * over; NULL: no progress is shown. */
	void (*progress)(void *ctx, size_t done, size_t total, const char *file);
	void *progress_ctx;
	const struct settings *settings; /* the configuration file: rule overrides, entry points,
					  * models by path, extra pairs; or NULL */
	bool nearest_settings;          /* each file's nearest .entrycheck.json gives its include
					 * paths, defines and models; `settings` those of files
					 * with none (no --config) */
};

struct run_stats {
	size_t files;                   /* inputs found */
	size_t parsed;                  /* inputs parsed into an AST, or taken from the result cache */
	size_t cached;                  /* of those, taken from the result cache */
	size_t excluded;                /* files dropped by --exclude */
	size_t skipped;                 /* inputs not parsed: they neither name an entry point nor
					 * define what one reaches */
	size_t with_pch;                /* of those, parsed against a precompiled prelude */
	double parse_seconds;           /* summed over files, excluding building PCHs */
	double pch_seconds;
	unsigned pch_cached;            /* preludes taken from the cache instead of built */
	double eval_seconds;            /* evaluating the rules over every DriverEntry */
	size_t evaluated;               /* analyzable DriverEntry routines evaluated... */
	size_t eval_cached;             /* ...of them, taken from the evaluation cache */
	size_t cache_rejected;          /* cache entries whose MAC did not hold: misses, made again */
};

struct run_result {
	struct input_set inputs;
	struct unit_facts *units;       /* the facts of the run's last group (run.c: GROUP_INPUTS), all
					 * of them in a run of one group; the entries of earlier
					 * groups have ENTRY_NO_UNIT as their unit */
	size_t nunits;
	struct entry_list entries;
	struct problems problems;
	struct run_stats stats;
	struct rule_set rules;          /* with opts.check */
	struct findings findings;       /* with opts.check: sorted, superseded ones dropped */
	bool fatal;                     /* nothing could run: bad options, database or model */
};

/* Runs the analysis. Always fills `out` (release with run_result_release).
 * Returns 0 when every input was analyzed, 1 when some could not be or an
 * error was found besides the findings (a check that found no DriverEntry
 * without opts->allow_empty, a suppression naming no rule; see
 * out->problems), and -1 when nothing could run (out->fatal). */
int run_analysis(const struct run_options *opts, struct run_result *out);
void run_result_release(struct run_result *r);

/* The built-in rule set's directory: $ENTRYCHECK_RULES_DIR, else the
 * installed rules next to the executable, else the source tree's. Caller frees. */
char *run_builtin_rules_dir(void);
/* Loads the rule set run_analysis uses: opts->rule_dirs, or the built-in
 * rules, with the configuration's overrides applied. Returns 0 or -1 after
 * adding errors to `problems`. */
int run_load_rules(const struct run_options *opts, struct rule_set *rules, struct problems *problems);

/* Parses each input as run_analysis does and dumps the control-flow graph of
 * every function defined in its main file, or only of `function` when not
 * NULL, to `out` as text or as Graphviz DOT (`dot`). Returns 0, 1 when some
 * input could not be parsed or `function` was not found (see `problems`),
 * and -1 when nothing could run. */
int run_cfg_dump(const struct run_options *opts, const char *function, bool dot, FILE *out,
		 struct problems *problems);
void run_options_release(struct run_options *opts);

/* Finds and evaluates the build files for opts->paths, as run_analysis
 * does, for the projects command. Release `out` with project_set_release. */
void run_find_projects(const struct run_options *opts, struct project_set *out,
		       struct problems *problems);

#endif
