/* SPDX-License-Identifier: Apache-2.0 */
/* The pipeline. Translation units are disposed of as soon as their facts are
 * taken, so memory stays flat however many files a run covers. */
#include "run/run.h"
#include "run/session.h"

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
#include "base/locate.h"
#include "front/frontend.h"
#include "facts/program.h"
#include "facts/reads.h"
#include "kinds/table.h"
#include "rules/settings.h"
#include "findings/fix.h"
#include "findings/gate.h"
#include "run/evalcache.h"
#include "run/jobs.h"
#include "run/resultcache.h"
#include "run/select.h"
#include "run/shard.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/path.h"
#include "base/strbuf.h"

/* What the front end declared itself: one note per name with -v, else one
 * per file. */
static void report_assumptions(const struct parsed_unit *u, bool verbose, struct problems *problems)
{
	if (u->synth.len == 0)
		return;
	if (!verbose) {
		problems_add(problems, PROBLEM_NOTE, u->input->display, 0, 0,
			     "%zu name%s declared by no header %s assumed", u->synth.len,
			     u->synth.len == 1 ? "" : "s", u->synth.len == 1 ? "was" : "were");
		problems_hint_last(problems, "-v lists them");
		return;
	}
	char *cwd = path_current_directory();
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
	struct evalcache *cache;    /* or NULL */
	struct findings *findings;   /* per entry */
	struct problems *notes;      /* per entry */
	bool *cached;                /* per entry: taken from the cache */
};

static void evaluate_one(size_t i, unsigned worker, void *ctx)
{
	struct evaluation *ev = ctx;
	struct entry_point *e = &ev->entries->items[i];
	(void)worker;
	/* The globals its own driver reads: what other drivers read changes nothing. */
	struct strindex global_reads = STRINDEX_INIT;
	eval_global_reads(ev->prog, e->unit, e->index, &global_reads);
	struct eval_options opts = *ev->opts;
	opts.global_reads = &global_reads;
	if (ev->cache && evalcache_load(ev->cache, ev->prog, &global_reads, e, &ev->findings[i], &ev->notes[i])) {
		ev->cached[i] = true;
		strindex_clear(&global_reads);
		return;
	}
	struct program_reads reads = { 0 };
	if (ev->cache) {
		reads_begin(&reads);
		if (e->unit != ENTRY_NO_UNIT)
			reads_note_unit(ev->prog, e->unit);
	}
	e->incomplete = !evaluate_entry(ev->prog, e, ev->rules, &opts, &ev->findings[i], &ev->notes[i]);
	if (ev->cache) {
		reads_end();
		if (!e->incomplete)
			evalcache_store(ev->cache, e, &reads, &ev->findings[i], &ev->notes[i]);
	}
	reads_release(&reads);
	strindex_clear(&global_reads);
}

static struct eval_options eval_options_of(const struct run_options *opts)
{
	return (struct eval_options){ .strict = opts->strict, .verbose = opts->verbose, .max_states = opts->max_states,
				      .max_seconds = opts->eval_seconds };
}

/* The notes of an entry's evaluation travel with its findings as caveats:
 * each said once, without the "DriverEntry: " they start with, and at most
 * FINDING_CAVEATS_MAX, the last then counting the rest (all stay among the
 * run's notes). */
static void attach_caveats(const struct entry_point *e, const struct problems *notes, struct findings *found)
{
	if (!found->len || !notes->len)
		return;
	struct strvec said = STRVEC_INIT, caveats = STRVEC_INIT;
	size_t prefix = strlen(e->function);
	for (size_t k = 0; k < notes->len; k++) {
		const char *m = notes->items[k].message;
		if (!strncmp(m, e->function, prefix) && !strncmp(m + prefix, ": ", 2))
			m += prefix + 2;
		if (!strvec_contains(&said, m))
			strvec_push(&said, m);
	}
	size_t keep = said.len <= FINDING_CAVEATS_MAX ? said.len : FINDING_CAVEATS_MAX - 1;
	for (size_t k = 0; k < keep; k++)
		strvec_push(&caveats, said.items[k]);
	if (keep < said.len)
		strvec_pushf(&caveats, "%zu more notes on %s are among the notes of the run", said.len - keep,
			     e->function);
	for (size_t i = 0; i < found->len; i++)
		strvec_push_all(&found->items[i].caveats, &caveats);
	strvec_clear(&caveats);
	strvec_clear(&said);
}

/* Evaluates the entries of out->entries (one group's) and adds their
 * findings and notes to the run's, in entry order. */
static void evaluate_group(const struct run_options *opts, const struct program *prog, struct evalcache *cache,
			   struct run_result *out)
{
	struct timespec start, end;
	clock_gettime(CLOCK_MONOTONIC, &start);
	struct eval_options eopts = eval_options_of(opts);
	struct evaluation ev = { prog, &out->entries, &out->rules, &eopts, cache,
				 alloc_zeroed(out->entries.len + 1, sizeof(struct findings)),
				 alloc_zeroed(out->entries.len + 1, sizeof(struct problems)),
				 alloc_zeroed(out->entries.len + 1, sizeof(bool)) };
	/* Each entry apart, then merged in entry order: the same output for any -j. */
	jobs_run(out->entries.len, opts->jobs ? opts->jobs : jobs_default(), evaluate_one, &ev);
	for (size_t i = 0; i < out->entries.len; i++) {
		attach_caveats(&out->entries.items[i], &ev.notes[i], &ev.findings[i]);
		findings_append(&out->findings, &ev.findings[i]);
		problems_move(&out->problems, &ev.notes[i]);
		out->stats.evaluated += out->entries.items[i].analyzable;
		out->stats.eval_cached += ev.cached[i];
	}
	free(ev.findings);
	free(ev.notes);
	free(ev.cached);
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
	bool *named = alloc_zeroed(rules->len + 1, sizeof(*named));
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
		return alloc_strdup(env);
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
static int mark_findings(const struct gate *gate, struct run_result *out)
{
	struct strvec files = STRVEC_INIT;
	for (size_t i = 0; i < out->inputs.len; i++)
		strvec_push(&files, out->inputs.items[i].path);
	int errors = gate_apply(gate, &out->findings, &out->rules, &files, &out->problems);
	strvec_clear(&files);
	return errors;
}

/* Where --changed-since asks git: the directory of the first path, else of
 * the compile database, else the current one. Caller frees. */
static char *changes_dir(const struct run_options *opts)
{
	const char *first = opts->paths.len ? opts->paths.items[0] : opts->compile_commands;
	if (!first)
		return alloc_strdup(".");
	char *dir = path_is_directory(first) ? alloc_strdup(first) : path_dirname(first);
	if (!path_is_directory(dir)) {
		/* a missing input: the inputs' own error says so, not git's */
		free(dir);
		dir = alloc_strdup(".");
	}
	return dir;
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
		if (!formed && textscan_has_definition(unit->source.text, name, &line, &column))
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
		model_set base = e->models & ~MODEL_EXTENSIONS;
		if (strcmp(e->models_from, "code") || (base & ~(MODEL_BIT(MODEL_WDM) | MODEL_BIT(MODEL_OTHER))))
			continue;
		int at = strindex_find(paths, e->path);
		const char *type = at >= 0 ? inputs->items[at].facts.driver_type : NULL;
		for (size_t k = 0; type && k < sizeof(project_models) / sizeof(*project_models); k++) {
			enum driver_model m = project_models[k].model;
			if (strcasecmp(type, project_models[k].driver_type) || base == MODEL_BIT(m) ||
			    ((m == MODEL_KMDF || m == MODEL_UMDF) && (base & MODEL_BIT(MODEL_WDM))))
				continue;
			e->models = MODEL_BIT(m) | (e->models & MODEL_EXTENSIONS);
			e->models_from = "project";
		}
	}
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
	struct unit_facts *facts = alloc_zeroed(1, sizeof(*facts));
	struct strvec names = STRVEC_INIT; /* the configured ones and the build's for this file */
	inputs_entry_names(unit->input, c->entry_names, &names);
	entry_collect(unit, &names, facts);
	list_unformed_entries(unit, &names, facts);
	strvec_clear(&names);
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
			  const struct unit_visitor *visit, struct evalcache *cache, struct run_result *out,
			  struct entry_list *entries)
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
		evaluate_group(opts, &prog, cache, out);
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
	char *git_dir = changes_dir(opts);
	int opened = opts->check ? run_load_rules(opts, &out->rules, &out->problems) : 0;
	if (opened == 0 && opts->check)
		opened = gate_open(&gate, opts->baseline, opts->changed_since, git_dir, &out->problems);
	free(git_dir);
	if (opened != 0) {
		gate_close(&gate);
		out->fatal = true;
		return -1;
	}
	struct collect c = { opts, NULL, out, 0 };
	struct unit_visitor visit = { take_facts, keep_facts, &c, true };
	struct settings_tree tree = { 0 };
	struct front_session s;
	struct session_mode mode = { .facts = true, .selective = true, .parse_all = opts->parse_all };
	if (session_open(&s, opts, &out->inputs, &out->stats, &tree, mode, session_workers(opts),
			 &out->problems) != 0) {
		settings_tree_release(&tree);
		gate_close(&gate);
		out->fatal = true;
		return -1;
	}
	c.entry_names = &s.entry_names;
	/* Evaluations are kept only where the facts they read are (their hashes). */
	struct eval_options eopts = eval_options_of(opts);
	struct evalcache *cache = opts->check && s.cache ? evalcache_open(opts->cache_dir, &out->rules, &eopts) : NULL;
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
		analyze_group(opts, &s, group, &paths, &tree, &visit, cache, out, &entries);
		free(group);
	}
	free(mine);
	strindex_clear(&paths);
	out->stats.cache_rejected += evalcache_rejected(cache);
	evalcache_close(cache);
	int rc = session_close(&s);
	settings_tree_release(&tree);
	out->entries = entries;
	entry_list_sort(&out->entries);
	size_t looked_at = out->stats.parsed + out->stats.skipped;
	/* A shard without entry points says nothing of the whole run. A check
	 * of nothing is an error: a gate pointed at the wrong folder must not pass. */
	if (out->entries.len == 0 && looked_at > 0 && !opts->shards) {
		bool empty_fails = opts->check && !opts->allow_empty;
		problems_add(&out->problems, empty_fails ? PROBLEM_ERROR : PROBLEM_NOTE, NULL, 0, 0,
			     "no DriverEntry definition in the %zu file%s analyzed%s", looked_at,
			     looked_at == 1 ? "" : "s", empty_fails ? ": nothing to check (--allow-empty accepts this)" : "");
		if (empty_fails && rc == 0)
			rc = 1;
	}
	if (opts->check) {
		findings_finish(&out->findings);
		fixes_compute(&out->findings);
		if (mark_findings(&gate, out) > 0 && rc == 0)
			rc = 1;
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
	char *cwd = path_current_directory();
	struct cfg_dump d = { NULL, function, dot, out, cwd, 0 };
	struct unit_visitor visit = { dump_unit, NULL, &d, false };
	int rc = session_parse_inputs(opts, &inputs, &stats, &tree, &visit, 1, problems);
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
	strvec_clear(&opts->allow_outside);
	opts->project.outside_ok = NULL;
	strvec_clear(&opts->exclude);
	strvec_clear(&opts->exclude_from);
	strvec_clear(&opts->select);
	strvec_clear(&opts->ignore);
}
