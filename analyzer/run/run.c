/* The pipeline. Translation units are disposed of as soon as their facts are
 * taken, so memory stays flat however many files a run covers. */
#include "run/run.h"

#include "facts/written.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cfg/cfg.h"
#include "front/cursor.h"
#include "facts/entry.h"
#include "config.h"
#include "base/locate.h"
#include "front/frontend.h"
#include "facts/program.h"
#include "kinds/table.h"
#include "rules/settings.h"
#include "report/fix.h"
#include "report/gate.h"
#include "run/jobs.h"
#include "run/resultcache.h"
#include "run/select.h"
#include "run/shard.h"

static void report_clang_errors(const struct parsed_unit *u, bool verbose, struct problems *problems)
{
	size_t errors = 0;
	const struct unit_diagnostic *first = NULL;
	char *cwd = current_directory();
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
		char *shown = first->file ? path_relative_to(first->file, cwd) : xstrdup("?");
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
		if (is_directory(abs)) {
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

/* What the front end declared itself: one note per name with -v, else one
 * per file. */
static void report_assumptions(const struct parsed_unit *u, bool verbose, struct problems *problems)
{
	if (u->synth.len == 0)
		return;
	if (!verbose) {
		problems_add(problems, PROBLEM_NOTE, u->input->display, 0, 0,
			     "%zu name%s declared by no header %s assumed (-v lists them)", u->synth.len,
			     u->synth.len == 1 ? "" : "s", u->synth.len == 1 ? "was" : "were");
		return;
	}
	char *cwd = current_directory();
	for (size_t i = 0; i < u->synth.len; i++) {
		const struct synth_decl *d = &u->synth.items[i];
		char *shown = d->file ? path_relative_to(d->file, cwd) : NULL;
		problems_add(problems, PROBLEM_NOTE, shown, d->line, d->column,
			     "'%s' is declared by no header; assumed to be %s", d->name, d->assumed);
		free(shown);
	}
	free(cwd);
}

/* DriverEntry routines are evaluated side by side: each reads facts that no
 * evaluation changes and keeps its findings and notes apart. */
struct evaluation {
	const struct program *prog;
	struct entry_list *entries;
	const struct rule_set *rules;
	const struct eval_options *opts;
	struct findings *findings;   /* per entry */
	struct problems *notes;      /* per entry */
};

static void evaluate_one(size_t i, unsigned worker, void *ctx)
{
	struct evaluation *ev = ctx;
	(void)worker;
	ev->entries->items[i].incomplete = !evaluate_entry(ev->prog, &ev->entries->items[i], ev->rules, ev->opts,
							   &ev->findings[i], &ev->notes[i]);
}

/* Evaluates the entries of out->entries (one group's) and adds their
 * findings and notes to the run's, in entry order. */
static void evaluate_group(const struct run_options *opts, const struct program *prog, struct run_result *out)
{
	struct timespec start, end;
	clock_gettime(CLOCK_MONOTONIC, &start);
	struct strindex global_reads = STRINDEX_INIT;
	eval_global_reads(prog, &global_reads);
	struct eval_options eopts = { .strict = opts->strict, .max_states = opts->max_states,
				      .max_seconds = opts->eval_seconds, .global_reads = &global_reads };
	struct evaluation ev = { prog, &out->entries, &out->rules, &eopts,
				 xcalloc(out->entries.len + 1, sizeof(struct findings)),
				 xcalloc(out->entries.len + 1, sizeof(struct problems)) };
	/* Each entry apart, then merged in entry order: the same output for any -j. */
	jobs_run(out->entries.len, opts->jobs ? opts->jobs : jobs_default(), evaluate_one, &ev);
	for (size_t i = 0; i < out->entries.len; i++) {
		findings_append(&out->findings, &ev.findings[i]);
		problems_move(&out->problems, &ev.notes[i]);
	}
	free(ev.findings);
	free(ev.notes);
	strindex_clear(&global_reads);
	clock_gettime(CLOCK_MONOTONIC, &end);
	out->stats.eval_seconds += (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
}

/* --select keeps only the rules a selector names, --ignore turns those it
 * names off; a selector is an ID or its prefix (FLT, WDF00), in any case. A
 * selector that names no rule is an error: a typo must not turn a gate off. */
static int apply_selectors(struct rule_set *rules, const struct strvec *selectors, bool keep,
			   struct problems *problems)
{
	if (selectors->len == 0)
		return 0;
	int rc = 0;
	bool *named = xcalloc(rules->len + 1, sizeof(*named));
	for (size_t k = 0; k < selectors->len; k++) {
		const char *sel = selectors->items[k];
		bool any = false;
		for (size_t i = 0; i < rules->len; i++) {
			if (!rules->items[i].retired && !strncasecmp(rules->items[i].id, sel, strlen(sel))) {
				named[i] = true;
				any = true;
			}
		}
		if (!any) {
			problems_add(problems, PROBLEM_ERROR, NULL, 0, 0, "--%s %s names no rule (see 'entrycheck rules')",
				     keep ? "select" : "ignore", sel);
			rc = -1;
		}
	}
	for (size_t i = 0; i < rules->len; i++)
		if (named[i] != keep)
			rules->items[i].models = 0;
	free(named);
	return rc;
}

char *run_builtin_rules_dir(void)
{
	const char *env = getenv("ENTRYCHECK_RULES_DIR");
	if (env && env[0])
		return xstrdup(env);
	return locate_data_dir("rules", "schema.json", ENTRYCHECK_DEFAULT_RULES_DIR);
}

int run_load_rules(const struct run_options *opts, struct rule_set *rules, struct problems *problems)
{
	int rc = 0;
	if (!rules->kinds)
		rules->kinds = &kind_table;
	if (opts->settings)
		rules->extras.cleanup_pairs = opts->settings->pairs;
	if (opts->rule_dirs.len == 0) {
		char *dir = run_builtin_rules_dir();
		rc = rule_set_load_dir(rules, dir, NULL, problems);
		free(dir);
	}
	for (size_t i = 0; i < opts->rule_dirs.len; i++)
		if (rule_set_load_dir(rules, opts->rule_dirs.items[i], NULL, problems) != 0)
			rc = -1;
	if (rc == 0 && opts->settings && settings_apply_rules(opts->settings, rules, problems) != 0)
		rc = -1;
	if (rc == 0 && (apply_selectors(rules, &opts->select, true, problems) != 0 ||
			apply_selectors(rules, &opts->ignore, false, problems) != 0))
		rc = -1;
	return rc;
}

/* The gate's marks: inline suppressions of every input and of every file a
 * finding is in, then the baseline. */
static void mark_findings(const struct gate *gate, struct run_result *out)
{
	struct strvec files = STRVEC_INIT;
	for (size_t i = 0; i < out->inputs.len; i++)
		strvec_push(&files, out->inputs.items[i].path);
	gate_apply(gate, &out->findings, &out->rules, &files, &out->problems);
	strvec_clear(&files);
}

static void report_degraded(const struct entry_point *e, struct problems *problems)
{
	struct strbuf names = STRBUF_INIT;
	for (size_t k = 0; k < e->assumed.len; k++)
		strbuf_addf(&names, "%s%s", k ? ", " : "", e->assumed.items[k]);
	problems_add(problems, PROBLEM_NOTE, e->file, e->line, e->column,
		     "%s is analyzed with declarations entrycheck assumed for names no header "
		     "declares: %s; findings that rest on them are guesses", e->function,
		     strbuf_str(&names));
	strbuf_release(&names);
}

/* An entry point written in the file that the parser never formed (parse
 * errors swallowed it, or an unknown macro before it) must not pass the gate
 * as "no DriverEntry here": it is listed, found from the text, as not
 * analyzable. */
static void list_unformed_entries(const struct parsed_unit *unit, const struct strvec *entry_names,
				  struct unit_facts *facts)
{
	if (!unit->source.text)
		return;
	size_t n = 1 + (entry_names ? entry_names->len : 0);
	for (size_t k = 0; k < n; k++) {
		const char *name = k == 0 ? "DriverEntry" : entry_names->items[k - 1];
		bool formed = false;
		for (size_t i = 0; i < facts->nfunctions && !formed; i++)
			formed = facts->functions[i].is_driver_entry && !strcmp(facts->functions[i].name, name);
		unsigned line, column;
		if (!formed && written_definition(unit->source.text, name, &line, &column))
			unit_facts_add_unformed(facts, name, line, column,
						"parse errors swallowed its definition");
	}
}

void run_find_projects(const struct run_options *opts, struct project_set *out,
		       struct problems *problems)
{
	struct project_options po = opts->project;
	po.verbose = opts->verbose;
	project_find_all(&opts->paths, &po, out, problems);
}

/* Inputs without a compile database entry take their project's flags. */
static void import_projects(const struct run_options *opts, struct input_set *inputs,
			    struct problems *problems)
{
	if (opts->no_project)
		return;
	struct project_set set;
	run_find_projects(opts, &set, problems);
	project_apply(&set, inputs);
	project_set_release(&set);
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
 * name rarely meets elsewhere. */
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

/* The models a configuration gives the file at `path`: its nearest one's,
 * else the run's. */
static model_set configured_models(const struct run_options *opts, struct settings_tree *tree,
				   const char *path, struct problems *problems)
{
	bool bad = false;
	const struct settings *s = opts->nearest_settings ? settings_tree_for(tree, path, &bad, problems)
							  : NULL;
	if (!s)
		s = opts->settings;
	return s ? settings_models_for(s, path) : 0;
}

/* The driver type a build file names, where a model stands for it. */
static const struct {
	const char *driver_type;
	enum driver_model model;
} project_models[] = {
	{ "KMDF", MODEL_KMDF },
	{ "UMDF", MODEL_UMDF },
	{ "WDM", MODEL_WDM },
};

/* The project's driver type is a strong signal: it replaces a classification
 * that found no framework or port call (wdm from dispatch writes, or other),
 * and never one that did. A framework type does not replace wdm: code that
 * fills the dispatch table itself and never calls the framework is a WDM
 * driver, whatever template its project was made from. */
static void apply_project_models(const struct input_set *inputs, const struct strindex *paths,
				 struct entry_list *entries)
{
	for (size_t i = 0; i < entries->len; i++) {
		struct entry_point *e = &entries->items[i];
		if (strcmp(e->models_from, "code") || (e->models & ~(MODEL_BIT(MODEL_WDM) | MODEL_BIT(MODEL_OTHER))))
			continue;
		int at = strindex_find(paths, e->path);
		const char *type = at >= 0 ? inputs->items[at].facts.driver_type : NULL;
		for (size_t k = 0; type && k < sizeof(project_models) / sizeof(*project_models); k++) {
			enum driver_model m = project_models[k].model;
			if (strcasecmp(type, project_models[k].driver_type) || e->models == MODEL_BIT(m) ||
			    ((m == MODEL_KMDF || m == MODEL_UMDF) && (e->models & MODEL_BIT(MODEL_WDM))))
				continue;
			e->models = MODEL_BIT(m);
			e->models_from = "project";
		}
	}
}

/* What each parsed input is handed to, before the unit is released: `take`
 * runs on a parse worker (one file's problems go to `problems`, its own list)
 * and returns what to keep of the unit, or NULL; `keep`, when set, then gets
 * those in input order on the calling thread, whatever the number of workers. */
struct unit_visitor {
	void *(*take)(const struct parsed_unit *unit, void *data, struct problems *problems, int *rc);
	void (*keep)(void *taken, void *data);
	void *data;
	bool facts;               /* take returns a struct unit_facts: the result cache may
				   * keep it, and give it for an unchanged file without a parse */
};

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
	struct result_cache *cache; /* or NULL */
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
	struct unit_facts *cached = b->cache ? xcalloc(1, sizeof(*cached)) : NULL;
	struct parsed_unit unit;
	if (cached && result_cache_load(b->cache, in, &look, cached, &slot->problems)) {
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
			result_cache_store(b->cache, &look, &unit, slot->taken, &slot->problems);
		parsed_unit_release(&unit);
	}
	free(cached);
	pthread_mutex_lock(&b->lock);
	b->done++;
	pthread_mutex_unlock(&b->lock);
}

/* Parses the inputs `items` names on `workers` threads, then hands the
 * results on in input order, so that the run is the same with any number. */
static int parse_batch(struct parse_batch *b, const size_t *items, size_t n, unsigned workers,
		       bool *counted, struct run_stats *stats, struct problems *problems)
{
	b->slots = xcalloc(n + 1, sizeof(*b->slots));
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

/* The front half every command that parses shares, kept open while a run
 * parses its groups one after the other: the header model, the inputs with
 * their projects' and nearest configurations' flags (`tree` caches those
 * configurations), the parser, the result cache and the selection of what
 * matters (run/select.h): a group starts from its inputs that name an entry
 * point (with --parse-all, from all its inputs) and adds what they reach,
 * wherever it lies. The cfg command parses every input, without selection. */
struct front_session {
	const struct run_options *opts;
	struct input_set *inputs;
	struct run_stats *stats;
	struct header_model model;
	struct frontend *fe;
	struct result_cache *cache;
	unsigned workers;
	bool selective;
	struct selection sel;
	bool *start;              /* per input: what the selection wanted first */
	bool *counted;            /* per input: parsed (or taken from the cache) in some group */
	bool *tried;              /* per input: handed to the parser in some group */
	struct strvec entry_names; /* configured entry routines besides DriverEntry */
	int rc;
};

/* `selective`: parse what the selection wants; `parse_all`: it wants every
 * input of a group. Returns -1 when nothing can run (the model, a bad
 * compile database). */
static int session_open(struct front_session *s, const struct run_options *opts, struct input_set *inputs,
			struct run_stats *stats, struct settings_tree *tree, bool facts, bool selective,
			bool parse_all, unsigned workers, struct problems *problems)
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
	stats->excluded = inputs_exclude(inputs, &opts->exclude);
	import_projects(opts, inputs, problems);
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
	struct frontend_options fopts = { .use_pch = opts->use_pch, .args = &opts->args,
					  .roots = &roots, .workers = workers, .no_cache = opts->no_cache,
					  .cache_dir = opts->cache_dir };
	s->fe = frontend_new(&s->model, &fopts);
	strvec_clear(&roots);
	if (facts && !opts->no_cache) {
		struct result_cache_options ropts = {
			.requested_dir = opts->cache_dir, .model = &s->model, .run_args = &opts->args,
			.entry_names = &s->entry_names,
			.verbose = opts->verbose, .use_pch = opts->use_pch, .fe = s->fe
		};
		s->cache = result_cache_open(&ropts);
	}
	if (opts->cache_dir && !opts->no_cache &&
	    (facts ? !s->cache : opts->use_pch && !s->model.wdk_dir && !frontend_cache_dir(s->fe)))
		problems_add(problems, PROBLEM_WARNING, opts->cache_dir, 0, 0,
			     "cannot create or write the cache directory here; nothing is kept for the "
			     "next run");
	s->selective = selective;
	if (selective) {
		selection_start(&s->sel, inputs, &s->entry_names);
		s->start = xcalloc(inputs->len + 1, sizeof(*s->start));
		for (size_t i = 0; i < inputs->len; i++) /* --parse-all: a group wants all its inputs */
			s->start[i] = parse_all || s->sel.wanted[i];
	}
	s->counted = xcalloc(inputs->len + 1, sizeof(*s->counted));
	s->tried = xcalloc(inputs->len + 1, sizeof(*s->tried));
	return 0;
}

/* Parses the inputs of one group (`group`: per input, or NULL for all) and
 * hands each to `visit`: with a selection, the group's entry files first,
 * then round after round what their units (`grown`, which `visit` fills)
 * reach, wherever it lies; else every input of the group. */
static void session_parse(struct front_session *s, const bool *group, const struct unit_visitor *visit,
			  const struct run_result *grown, struct problems *problems)
{
	size_t n = s->inputs->len;
	if (s->selective) {
		memcpy(s->sel.wanted, s->start, n * sizeof(*s->start));
		if (group)
			selection_restrict(&s->sel, group);
	}
	bool *done = xcalloc(n + 1, sizeof(*done));
	for (size_t i = 0; !s->selective && group && i < n; i++)
		done[i] = !group[i];
	size_t *items = xcalloc(n + 1, sizeof(*items));
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
static int session_close(struct front_session *s)
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
	result_cache_close(s->cache);
	frontend_free(s->fe);
	header_model_release(&s->model);
	return s->rc == 0 ? 0 : 1;
}

/* The whole front half in one go, every input one group (the cfg command). */
static int parse_inputs(const struct run_options *opts, struct input_set *inputs, struct run_stats *stats,
			struct settings_tree *tree, const struct unit_visitor *visit, unsigned workers,
			struct problems *problems)
{
	struct front_session s;
	if (session_open(&s, opts, inputs, stats, tree, visit->facts, false, true, workers, problems) != 0)
		return -1;
	session_parse(&s, NULL, visit, NULL, problems);
	return session_close(&s);
}

struct collect {
	const struct run_options *opts;
	const struct strvec *entry_names;
	struct run_result *out;
	size_t cap;               /* of out->units */
};

/* Takes the facts later stages need from a parsed unit, on its worker. */
static void *take_facts(const struct parsed_unit *unit, void *data, struct problems *problems, int *rc)
{
	const struct collect *c = data;
	report_assumptions(unit, c->opts->verbose, problems);
	struct unit_facts *facts = xcalloc(1, sizeof(*facts));
	entry_collect(unit, c->entry_names, facts);
	list_unformed_entries(unit, c->entry_names, facts);
	return facts;
}

/* Adds a unit's facts to the run, in input order. */
static void keep_facts(void *taken, void *data)
{
	struct collect *c = data;
	struct run_result *out = c->out;
	GROW(out->units, c->cap, out->nunits + 1);
	out->units[out->nunits++] = *(struct unit_facts *)taken;
	free(taken);
}

/* --jobs, or as many workers as processors. */
static unsigned parse_workers(const struct run_options *opts)
{
	return opts->jobs ? opts->jobs : jobs_default();
}

/* The entry points whose unit is an input of `group`: a helper file parsed
 * for them may hold another group's (or shard's) DriverEntry. */
static void keep_group_entries(const bool *group, const struct strindex *paths, struct run_result *out)
{
	struct entry_list kept = { 0 };
	for (size_t i = 0; i < out->entries.len; i++) {
		int k = strindex_find(paths, out->units[out->entries.items[i].unit].path);
		if (k >= 0 && group[k]) {
			GROW(kept.items, kept.cap, kept.len + 1);
			kept.items[kept.len++] = out->entries.items[i];
		} else {
			entry_point_release(&out->entries.items[i]);
		}
	}
	free(out->entries.items);
	out->entries = kept;
}

/* How many inputs a group holds at most (by default; --group-size). A run parses, classifies and
 * evaluates its groups one after the other and releases each group's facts
 * before the next, so its memory follows the size of a group, not of the
 * tree. Groups are whole projects or directories (run/shard.h), and the
 * helpers their entry points reach are parsed for them wherever they lie. */
#define GROUP_INPUTS 1000

/* One group: the previous group's units released, parsed, its entry points
 * classified and evaluated; the entries go to `entries`, findings and notes
 * to `out`. */
static void analyze_group(const struct run_options *opts, struct front_session *s, const bool *group,
			  const struct strindex *paths, struct settings_tree *tree,
			  const struct unit_visitor *visit, struct run_result *out, struct entry_list *entries)
{
	for (size_t i = 0; i < out->nunits; i++)
		unit_facts_release(&out->units[i]);
	out->nunits = 0;
	for (size_t i = 0; i < entries->len; i++)
		entries->items[i].unit = ENTRY_NO_UNIT;
	session_parse(s, group, visit, out, &out->problems);
	/* The group's functions by name, for classification and evaluation alike. */
	struct program prog;
	program_build(&prog, out->units, out->nunits);
	classify_entries(&prog, opts->model_override, &out->entries);
	keep_group_entries(group, paths, out);
	apply_project_models(&out->inputs, paths, &out->entries);
	for (size_t i = 0; !opts->model_override && i < out->entries.len; i++) {
		/* The configuration's models by path; --model on the command line wins. */
		model_set set = configured_models(opts, tree, out->entries.items[i].path, &out->problems);
		if (set) {
			out->entries.items[i].models = set;
			out->entries.items[i].models_from = "configuration";
		}
	}
	if (opts->check)
		evaluate_group(opts, &prog, out);
	program_release(&prog);
	for (size_t i = 0; i < out->entries.len; i++) {
		GROW(entries->items, entries->cap, entries->len + 1);
		entries->items[entries->len++] = out->entries.items[i];
	}
	free(out->entries.items);
	memset(&out->entries, 0, sizeof(out->entries));
}

int run_analysis(const struct run_options *opts, struct run_result *out)
{
	memset(out, 0, sizeof(*out));
	struct gate gate = { 0 };
	if (opts->check && (run_load_rules(opts, &out->rules, &out->problems) != 0 ||
			    gate_open(&gate, opts->baseline, &out->problems) != 0)) {
		gate_close(&gate);
		out->fatal = true;
		return -1;
	}
	struct collect c = { opts, NULL, out, 0 };
	struct unit_visitor visit = { take_facts, keep_facts, &c, true };
	struct settings_tree tree = { 0 };
	struct front_session s;
	if (session_open(&s, opts, &out->inputs, &out->stats, &tree, true, true, opts->parse_all,
			 parse_workers(opts), &out->problems) != 0) {
		settings_tree_release(&tree);
		gate_close(&gate);
		out->fatal = true;
		return -1;
	}
	c.entry_names = &s.entry_names;
	struct strindex paths = STRINDEX_INIT; /* input path -> its position */
	for (size_t i = 0; i < out->inputs.len; i++)
		strindex_add(&paths, out->inputs.items[i].path);
	bool *mine = shard_assign(&out->inputs, opts->shard, opts->shards);
	size_t per_group = opts->group_inputs ? opts->group_inputs : GROUP_INPUTS;
	size_t ngroups = (out->inputs.len + per_group - 1) / per_group;
	struct entry_list entries = { 0 };
	for (size_t g = 1; g <= (ngroups ? ngroups : 1); g++) {
		bool *group = shard_assign(&out->inputs, (unsigned)g, ngroups > 1 ? (unsigned)ngroups : 0);
		for (size_t i = 0; i < out->inputs.len; i++)
			group[i] = group[i] && mine[i];
		analyze_group(opts, &s, group, &paths, &tree, &visit, out, &entries);
		free(group);
	}
	free(mine);
	strindex_clear(&paths);
	int rc = session_close(&s);
	settings_tree_release(&tree);
	out->entries = entries;
	entry_list_sort(&out->entries);
	size_t looked_at = out->stats.parsed + out->stats.skipped;
	/* A shard without entry points says nothing of the whole run. */
	if (out->entries.len == 0 && looked_at > 0 && !opts->shards)
		problems_add(&out->problems, PROBLEM_NOTE, NULL, 0, 0,
			     "no DriverEntry definition in the %zu file%s analyzed", looked_at,
			     looked_at == 1 ? "" : "s");
	if (opts->check) {
		findings_finish(&out->findings);
		fixes_compute(&out->findings);
		mark_findings(&gate, out);
	}
	gate_close(&gate);
	for (size_t i = 0; i < out->entries.len; i++) {
		const struct entry_point *e = &out->entries.items[i];
		enum problem_level level = opts->unanalyzable == RULE_ERROR     ? PROBLEM_ERROR
					   : opts->unanalyzable == RULE_WARNING ? PROBLEM_WARNING
										: PROBLEM_NOTE;
		if (!e->analyzable && e->unformed)
			problems_add(&out->problems, level, e->file, e->line, e->column,
				     "%s cannot be analyzed: %s", e->function, e->first_error);
		else if (!e->analyzable)
			problems_add(&out->problems, level, e->file, e->line, e->column,
				     "%s cannot be analyzed: parse errors dropped code inside it (%s)",
				     e->function, e->first_error);
		else if (e->assumed.len)
			report_degraded(e, &out->problems);
	}
	problems_sort(&out->problems);
	return rc;
}

struct cfg_dump {
	CXTranslationUnit tu;
	const char *function;
	bool dot;
	FILE *out;
	const char *base_dir;
	size_t dumped;
};

static void dump_function(CXCursor c, void *data)
{
	struct cfg_dump *d = data;
	char *name = cursor_spelling(c);
	bool wanted = !d->function || !strcmp(name, d->function);
	free(name);
	if (!wanted)
		return;
	struct cfg *g = cfg_build(d->tu, c);
	if (d->dumped++ && !d->dot)
		fputc('\n', d->out);
	if (d->dot)
		cfg_print_dot(d->out, g, d->base_dir);
	else
		cfg_print_text(d->out, g, d->base_dir);
	cfg_free(g);
}

/* Dumps the graphs of a parsed unit's definitions; an error when --function
 * names none of them. Writes as it goes: the cfg command parses on one worker. */
static void *dump_unit(const struct parsed_unit *unit, void *data, struct problems *problems, int *rc)
{
	struct cfg_dump *d = data;
	size_t before = d->dumped;
	d->tu = unit->tu;
	cursor_visit_definitions(unit->tu, dump_function, d);
	if (d->function && d->dumped == before) {
		problems_add(problems, PROBLEM_ERROR, unit->input->display, 0, 0,
			     "no definition of function '%s'", d->function);
		*rc = -1;
	}
	return NULL;
}

int run_cfg_dump(const struct run_options *opts, const char *function, bool dot, FILE *out,
		 struct problems *problems)
{
	struct input_set inputs = { 0 };
	struct run_stats stats = { 0 };
	struct settings_tree tree = { 0 };
	char *cwd = current_directory();
	struct cfg_dump d = { NULL, function, dot, out, cwd, 0 };
	struct unit_visitor visit = { dump_unit, NULL, &d, false };
	int rc = parse_inputs(opts, &inputs, &stats, &tree, &visit, 1, problems);
	settings_tree_release(&tree);
	inputs_release(&inputs);
	free(cwd);
	problems_sort(problems);
	return rc;
}

void run_result_release(struct run_result *r)
{
	for (size_t i = 0; i < r->nunits; i++)
		unit_facts_release(&r->units[i]);
	free(r->units);
	entry_list_release(&r->entries);
	findings_release(&r->findings);
	rule_set_release(&r->rules);
	inputs_release(&r->inputs);
	problems_clear(&r->problems);
	memset(r, 0, sizeof(*r));
}

void run_options_release(struct run_options *opts)
{
	strvec_clear(&opts->paths);
	strvec_clear(&opts->args);
	strvec_clear(&opts->rule_dirs);
	strvec_clear(&opts->exclude);
	strvec_clear(&opts->select);
	strvec_clear(&opts->ignore);
}
