/* SPDX-License-Identifier: Apache-2.0 */
/* A front-end session (run/session.h): the header model, caches and inputs
 * set up once, and the inputs parsed in batches on worker threads, in input
 * order for the visitor whatever the number of workers. */
#include "run/run.h"
#include "run/session.h"
#include "run/scope.h"

#include "facts/textscan.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cfg/cfg.h"
#include "front/cursor.h"
#include "facts/entry.h"
#include "config.h"
#include "base/cachedir.h"
#include "base/locate.h"
#include "base/alloc.h"
#include "base/path.h"
#include "front/frontend.h"
#include "facts/program.h"
#include "kinds/table.h"
#include "rules/settings.h"
#include "findings/fix.h"
#include "findings/gate.h"
#include "run/jobs.h"
#include "run/resultcache.h"
#include "run/select.h"
#include "run/shard.h"

static void report_clang_errors(const struct parsed_unit *u, bool verbose, struct problems *problems)
{
	size_t errors = 0;
	const struct unit_diagnostic *first = NULL;
	char *cwd = path_current_directory();
	for (size_t i = 0; i < u->ndiags; i++) {
		const struct unit_diagnostic *d = &u->diags[i];
		if (strstr(d->message, "' file not found"))
			continue; /* replaced by a stub and reported as a note already */
		if (d->severity >= CXDiagnostic_Error && errors++ == 0)
			first = d;
		if (verbose && d->severity >= CXDiagnostic_Warning) {
			char *shown = d->file ? path_relative_to(d->file, cwd) : NULL;
			problems_add(problems, PROBLEM_NOTE, shown, d->line, d->column, "clang %s: %s",
				     d->severity >= CXDiagnostic_Error ? "error" : "warning", d->message);
			free(shown);
		}
	}
	if (errors) {
		char *shown = first->file ? path_relative_to(first->file, cwd) : alloc_strdup("?");
		problems_add(problems, PROBLEM_WARNING, u->input->display, 0, 0,
			     "clang reported %zu error%s while parsing; the first: %s:%u:%u: %s", errors,
			     errors == 1 ? "" : "s", shown, first->line, first->column, first->message);
		free(shown);
	}
	free(cwd);
}

/* The trees a missing header may be found in: each directory named on the
 * command line, the directory of each file named, or with a compile database
 * alone, the directory of each of its files. */
static void analysis_roots(const struct strvec *paths, const struct input_set *inputs,
			   struct strvec *roots)
{
	for (size_t i = 0; i < paths->len; i++) {
		char *abs = path_absolute(paths->items[i], NULL);
		if (path_is_directory(abs)) {
			strvec_push(roots, abs);
		} else {
			char *dir = path_dirname(abs);
			strvec_push(roots, dir);
			free(dir);
		}
		free(abs);
	}
	for (size_t i = 0; !paths->len && i < inputs->len; i++) {
		char *dir = path_dirname(inputs->items[i].path);
		if (!strvec_contains(roots, dir))
			strvec_push(roots, dir);
		free(dir);
	}
}

/* Inputs without a compile database entry take their project's flags.
 * Returns -1 when a build file had an error (a property too long): the run
 * goes on, and fails. */
static int import_projects(const struct run_options *opts, struct input_set *inputs,
			   struct problems *problems)
{
	if (opts->no_project)
		return 0;
	size_t errors = problems_count(problems, PROBLEM_ERROR);
	struct project_set set;
	run_find_projects(opts, &set, problems);
	project_apply(&set, inputs);
	project_set_release(&set);
	return problems_count(problems, PROBLEM_ERROR) > errors ? -1 : 0;
}

/* Each input's nearest .entrycheck.json gives its include paths and
 * defines, after its project's flags; the run's own configuration stands for
 * inputs with none above them. Returns -1 when one is invalid. */
static int apply_nearest_settings(const struct run_options *opts, struct settings_tree *tree,
				  struct input_set *inputs, struct problems *problems)
{
	bool bad = false;
	for (size_t i = 0; opts->nearest_settings && i < inputs->len; i++) {
		struct input *in = &inputs->items[i];
		const struct settings *s = settings_tree_for(tree, in->path, &bad, problems);
		if (!s)
			s = opts->settings;
		if (s)
			strvec_push_all(&in->args, &s->args);
	}
	return bad ? -1 : 0;
}

/* The entry routines every configuration of the run names: the run's own and
 * each input's nearest one's. A name counts in every file: an entry point is
 * a definition with the name and a driver's signature, which one subtree's
 * name rarely meets elsewhere. The one a build file names counts in the files
 * it compiles alone (inputs_entry_names): the project says which they are. */
static void configured_entry_names(const struct run_options *opts, struct settings_tree *tree,
				   const struct input_set *inputs, struct strvec *out,
				   struct problems *problems)
{
	if (opts->settings)
		strvec_push_all(out, &opts->settings->entry_points);
	bool bad = false;
	for (size_t i = 0; opts->nearest_settings && i < inputs->len; i++) {
		const struct settings *s = settings_tree_for(tree, inputs->items[i].path, &bad, problems);
		for (size_t k = 0; s && k < s->entry_points.len; k++)
			if (!strvec_contains(out, s->entry_points.items[k]))
				strvec_push(out, s->entry_points.items[k]);
	}
}

/* One file of a batch, filled by the worker that parsed it. */
struct parse_slot {
	size_t input;
	struct problems problems;
	void *taken;
	int rc;
	bool parsed, used_pch, cached;
	double seconds;
};

struct parse_batch {
	const struct run_options *opts;
	struct frontend *fe;
	struct input_set *inputs;
	const struct unit_visitor *visit;
	struct parse_slot *slots;
	struct resultcache *cache; /* or NULL */
	pthread_mutex_t lock;     /* guards the progress line and `done` */
	size_t done;              /* files finished in the run so far */
};

static void parse_one(size_t item, unsigned worker, void *ctx)
{
	struct parse_batch *b = ctx;
	struct parse_slot *slot = &b->slots[item];
	const struct input *in = &b->inputs->items[slot->input];
	if (b->opts->progress) {
		pthread_mutex_lock(&b->lock);
		b->opts->progress(b->opts->progress_ctx, b->done, b->inputs->len, in->display);
		pthread_mutex_unlock(&b->lock);
	}
	struct result_lookup look = { 0 };
	struct unit_facts *cached = b->cache ? alloc_zeroed(1, sizeof(*cached)) : NULL;
	struct parsed_unit unit;
	if (cached && resultcache_load(b->cache, in, &look, cached, &slot->problems)) {
		slot->parsed = slot->cached = true;
		slot->taken = cached;
		cached = NULL;
	} else if (frontend_parse_on(b->fe, worker, in, &unit, &slot->problems) != 0) {
		slot->rc = -1;
	} else {
		slot->parsed = true;
		slot->used_pch = unit.used_pch;
		slot->seconds = unit.seconds;
		report_clang_errors(&unit, b->opts->verbose, &slot->problems);
		slot->taken = b->visit->take(&unit, b->visit->data, &slot->problems, &slot->rc);
		if (b->cache && slot->taken && slot->rc == 0)
			((struct unit_facts *)slot->taken)->facts_hash =
				resultcache_store(b->cache, &look, &unit, slot->taken, &slot->problems);
		parsed_unit_release(&unit);
	}
	free(cached);
	if (b->visit->facts && slot->taken) { /* set here: a unit from the cache has no input */
		((struct unit_facts *)slot->taken)->scope = in->scope;
		((struct unit_facts *)slot->taken)->projects = &in->projects;
	}
	pthread_mutex_lock(&b->lock);
	b->done++;
	pthread_mutex_unlock(&b->lock);
}

/* Parses the inputs `items` names on `workers` threads, then hands the
 * results on in input order, so that the run is the same with any number. */
static int parse_batch(struct parse_batch *b, const size_t *items, size_t n, unsigned workers,
		       bool *counted, struct run_stats *stats, struct problems *problems)
{
	b->slots = alloc_zeroed(n + 1, sizeof(*b->slots));
	for (size_t k = 0; k < n; k++)
		b->slots[k].input = items[k];
	jobs_run(n, workers, parse_one, b);
	int rc = 0;
	for (size_t k = 0; k < n; k++) {
		struct parse_slot *slot = &b->slots[k];
		problems_move(problems, &slot->problems);
		if (slot->rc != 0)
			rc = -1;
		if (!slot->parsed)
			continue;
		if (!counted[slot->input]) { /* a helper may be parsed for several groups */
			counted[slot->input] = true;
			stats->parsed++;
			stats->cached += slot->cached;
			stats->with_pch += slot->used_pch;
		}
		stats->parse_seconds += slot->seconds;
		if (b->visit->keep)
			b->visit->keep(slot->taken, b->visit->data);
	}
	free(b->slots);
	b->slots = NULL;
	return rc;
}

/* The inputs not parsed yet that the selection wants, in input order. */
static size_t next_batch(const struct input_set *inputs, const struct selection *sel, bool selective,
			 bool *done, size_t *items)
{
	size_t n = 0;
	for (size_t i = 0; i < inputs->len; i++) {
		if (done[i] || (selective && !sel->wanted[i]))
			continue;
		done[i] = true;
		items[n++] = i;
	}
	return n;
}

/* Returns -1 when nothing can run (the model, a bad compile database). */
int session_open(struct front_session *s, const struct run_options *opts, struct input_set *inputs,
		 struct run_stats *stats, struct settings_tree *tree, struct session_mode mode,
		 unsigned workers, struct problems *problems)
{
	memset(s, 0, sizeof(*s));
	s->opts = opts;
	s->inputs = inputs;
	s->stats = stats;
	s->workers = workers;
	if (header_model_init(&s->model, &opts->model, problems) != 0) {
		header_model_release(&s->model);
		return -1;
	}
	int rc = inputs_collect(&opts->paths, opts->compile_commands, inputs, problems);
	if (rc != 0 && opts->compile_commands && !inputs->database) {
		header_model_release(&s->model);
		return -1;
	}
	struct strvec named = STRVEC_INIT; /* files named on the command line, as inputs hold them */
	for (size_t i = 0; i < opts->paths.len; i++) {
		char *abs = path_absolute(opts->paths.items[i], NULL);
		if (!path_is_directory(abs))
			strvec_push(&named, abs);
		free(abs);
	}
	size_t found = inputs->len;
	long excluded = inputs_exclude_reporting(inputs, &opts->exclude, &opts->exclude_from, &named,
						 problems);
	strvec_clear(&named);
	if (excluded < 0)
		rc = -1;
	stats->excluded = found - inputs->len;
	if (import_projects(opts, inputs, problems) != 0)
		rc = -1;
	if (apply_nearest_settings(opts, tree, inputs, problems) != 0)
		rc = -1;
	configured_entry_names(opts, tree, inputs, &s->entry_names, problems);
	stats->files = inputs->len;
	if (opts->compile_commands && inputs->len == 0 && rc == 0) {
		/* An empty database must not pass the gate as "0 files, clean". */
		problems_add(problems, PROBLEM_ERROR, inputs->database, 0, 0,
			     "the compilation database lists no files to analyze");
		rc = -1;
	}
	s->rc = rc;
	struct strvec roots = STRVEC_INIT;
	analysis_roots(&opts->paths, inputs, &roots);
	/* A folder others could write is not trusted at all, its key included. */
	bool no_cache = opts->no_cache;
	char *where = NULL;
	enum cache_refusal refused = no_cache ? CACHE_USABLE : cache_root_check(opts->cache_dir, &where);
	if (refused != CACHE_USABLE && refused != CACHE_UNAVAILABLE) {
		problems_add(problems, PROBLEM_WARNING, where, 0, 0, "%s; the run goes on without the cache",
			     cache_refusal_text(refused));
		no_cache = true;
	}
	free(where);
	struct frontend_options fopts = { .use_pch = opts->use_pch, .args = &opts->args,
					  .roots = &roots, .workers = workers, .no_cache = no_cache,
					  .cache_dir = opts->cache_dir };
	s->fe = frontend_new(&s->model, &fopts);
	if (mode.facts && !no_cache) {
		struct resultcache_options ropts = {
			.requested_dir = opts->cache_dir, .model = &s->model, .run_args = &opts->args,
			.entry_names = &s->entry_names,
			.verbose = opts->verbose, .use_pch = opts->use_pch, .fe = s->fe
		};
		s->cache = resultcache_open(&ropts);
	}
	if (opts->cache_dir && !no_cache &&
	    (mode.facts ? !s->cache : opts->use_pch && !s->model.wdk_dir && !frontend_cache_dir(s->fe)))
		problems_add(problems, PROBLEM_WARNING, opts->cache_dir, 0, 0,
			     "cannot create or write the cache directory here; nothing is kept for the "
			     "next run");
	s->selective = mode.selective;
	if (mode.selective) {
		selection_start(&s->sel, inputs, &s->entry_names);
		/* Before any parse: stand-ins for headers are looked for in the driver's folder. */
		scope_assign(inputs, &roots, s->sel.names_entry);
		selection_want_includers(&s->sel);
		s->start = alloc_zeroed(inputs->len + 1, sizeof(*s->start));
		for (size_t i = 0; i < inputs->len; i++) /* --parse-all: a group wants all its inputs */
			s->start[i] = mode.parse_all || s->sel.wanted[i];
	}
	strvec_clear(&roots);
	s->counted = alloc_zeroed(inputs->len + 1, sizeof(*s->counted));
	s->tried = alloc_zeroed(inputs->len + 1, sizeof(*s->tried));
	return 0;
}

/* Parses the inputs of one group (`group`: per input, or NULL for all) and
 * hands each to `visit`: with a selection, the group's entry files first,
 * then round after round what their units (`grown`, which `visit` fills)
 * reach, wherever it lies; else every input of the group. */
void session_parse(struct front_session *s, const bool *group, const struct unit_visitor *visit,
			  const struct run_result *grown, struct problems *problems)
{
	size_t n = s->inputs->len;
	if (s->selective) {
		memcpy(s->sel.wanted, s->start, n * sizeof(*s->start));
		if (group)
			selection_restrict(&s->sel, group);
	}
	bool *done = alloc_zeroed(n + 1, sizeof(*done));
	for (size_t i = 0; !s->selective && group && i < n; i++)
		done[i] = !group[i];
	size_t *items = alloc_zeroed(n + 1, sizeof(*items));
	struct parse_batch batch = { .opts = s->opts, .fe = s->fe, .inputs = s->inputs, .visit = visit,
				     .cache = s->cache, .done = s->stats->parsed };
	pthread_mutex_init(&batch.lock, NULL);
	do {
		size_t k = next_batch(s->inputs, &s->sel, s->selective, done, items);
		for (size_t i = 0; i < k; i++)
			s->tried[items[i]] = true;
		if (parse_batch(&batch, items, k, s->workers, s->counted, s->stats, problems) != 0)
			s->rc = -1;
	} while (s->selective && selection_grow(&s->sel, grown->units, grown->nunits));
	pthread_mutex_destroy(&batch.lock);
	free(items);
	free(done);
}

/* Returns 1 when some input could not be parsed or a visit failed, else 0. */
int session_close(struct front_session *s)
{
	const struct run_options *opts = s->opts;
	if (opts->progress)
		opts->progress(opts->progress_ctx, s->stats->parsed, s->inputs->len, NULL);
	for (size_t i = 0; i < s->inputs->len; i++)
		s->stats->skipped += !s->tried[i];
	free(s->counted);
	free(s->tried);
	free(s->start);
	strvec_clear(&s->entry_names);
	if (s->selective)
		selection_release(&s->sel);
	s->stats->pch_seconds = frontend_pch_seconds(s->fe);
	s->stats->pch_cached = frontend_pch_cached(s->fe);
	s->stats->cache_rejected += frontend_pch_rejected(s->fe) + resultcache_rejected(s->cache);
	resultcache_close(s->cache);
	frontend_free(s->fe);
	header_model_release(&s->model);
	return s->rc == 0 ? 0 : 1;
}

/* The whole front half in one go, every input one group (the cfg command). */
int session_parse_inputs(const struct run_options *opts, struct input_set *inputs, struct run_stats *stats,
			 struct settings_tree *tree, const struct unit_visitor *visit, unsigned workers,
			 struct problems *problems)
{
	struct front_session s;
	struct session_mode every = { .facts = visit->facts, .selective = false, .parse_all = true };
	if (session_open(&s, opts, inputs, stats, tree, every, workers, problems) != 0)
		return -1;
	session_parse(&s, NULL, visit, NULL, problems);
	return session_close(&s);
}

/* --jobs, or as many workers as processors. */
unsigned session_workers(const struct run_options *opts)
{
	return opts->jobs ? opts->jobs : jobs_default();
}
