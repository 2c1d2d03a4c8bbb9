/* SPDX-License-Identifier: Apache-2.0 */
/* The budget and retry policy: each rule explored on each DriverEntry within
 * its states and time, retried stepping over the helpers it sees nothing in,
 * and the notes that say what a finding rests on. */
#include "eval/evaluate.h"
#include "eval/explorer.h"

#include <stdint.h>
#include <stdio.h>
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "eval/history.h"
#include "base/problems.h"
#include "facts/program.h"
#include "facts/reads.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/strvec.h"

#define DEFAULT_MAX_DEPTH PROGRAM_HELPER_DEPTH
#define DEFAULT_MAX_STATES 1000000
#define DEFAULT_MAX_SECONDS 60.0
/* The default state budget is for paths that multiply; code that is merely
 * long (a DriverEntry inlining hundreds of helpers) earns this many visits
 * per block on top of it. */
#define VISITS_PER_BLOCK 64

/* What one exploration of a rule over the entry came to. */
struct exploration {
	bool truncated, out_of_time, widened, stepped_over;
	bool frames_full;       /* truncated because no helper frame was left */
	size_t steps;
	unsigned deepest;       /* the deepest helper inlined */
};

struct explorer *explorer_new(const struct check *c, const struct kind_ops *kind, const struct eval_options *opts,
			      double deadline, const struct strindex *global_reads, bool quiet_helpers)
{
	struct explorer *x = alloc_zeroed(1, sizeof(*x));
	x->deadline = deadline;
	x->global_reads = global_reads;
	x->check = c;
	x->kind = kind;
	x->prog = c->prog;
	x->opts = opts;
	x->quiet_helpers = quiet_helpers;
	struct frame *root = &x->frames[0];
	root->g = c->fn->cfg;
	root->unit = c->entry->unit;
	root->index = c->entry->index;
	root->parent = -1;
	root->depth = 0;
	root->live = liveness_of(x, root->g);
	root->cyclic = root->live->cyclic;
	root->visits = alloc_zeroed(root->g->nblocks + 1, sizeof(*root->visits));
	x->positions = root->g->nblocks;
	x->nframes = 1;
	return x;
}

void explorer_run(struct explorer *x)
{
	struct arena arena = { .frames = x->frames, .reads = x->global_reads,
			       .loses_dead_statuses = x->kind->printing_examines_nothing };
	struct state s = { .frame = 0, .block = x->frames[0].g->entry, .event = 0, .arena = &arena };
	for (size_t i = 0; i < x->check->nseeds; i++) {
		struct fact *f = state_set_fact(&s, x->check->seeds[i].frame, x->check->seeds[i].name);
		f->known_const = true;
		f->number = x->check->seeds[i].value;
		f->outcome = eval_constant_outcome(f->number);
	}
	explorer_walk(x, &s);
	confirm_close(x);
	state_release(&s);
	state_arena_release(&arena);
}

void explorer_free(struct explorer *x)
{
	for (int i = 0; i < x->nframes; i++) {
		free(x->frames[i].visits);
		free(x->frames[i].this_prefix);
		frames_release_members(&x->frames[i]);
		strvec_clear(&x->frames[i].forget);
		for (size_t k = 0; k < x->frames[i].nparams; k++)
			free(x->frames[i].param_prefix[k]);
		free(x->frames[i].param_prefix);
		free(x->frames[i].param_address);
		free(x->frames[i].param_frame);
		free(x->frames[i].live_names);
		free(x->frames[i].arena_ids);
		free(x->frames[i].sites);
		free(x->frames[i].again);
	}
	free(x->global_read);
	for (size_t i = 0; i < x->nlives; i++)
		liveness_free(x->lives[i]);
	free(x->lives);
	for (size_t i = 0; i < x->ntails; i++)
		tails_free(x->tails[i]);
	free(x->tails);
	ptrmap_clear(&x->returns);
	free(x->ret_links);
	free(x->sites);
	free(x->again_sites);
	u64set_clear(&x->seen);
	state_first_seen_clear(&x->bases);
	ptrmap_clear(&x->quiet);
	ptrmap_clear(&x->relevant);
	ptrmap_clear(&x->pointers);
	free(x);
}

static struct exploration explore_rule(const struct check *c, const struct kind_ops *kind,
				       const struct eval_options *opts, double deadline,
				       const struct strindex *global_reads, bool quiet_helpers)
{
	struct explorer *x = explorer_new(c, kind, opts, deadline, global_reads, quiet_helpers);
	explorer_run(x);
	struct exploration r = { x->truncated, x->out_of_time, x->widened, x->stepped_over, x->frames_full,
				 x->steps, x->deepest };
	explorer_free(x);
	return r;
}

/* Explores the rule over the entry. When the states run out, it explores
 * again stepping over every helper in which the kind sees nothing (no
 * relevant call or store, however deep): their branches multiply the paths
 * without changing what the rule judges, except through the values they
 * return or leave behind, which become unknown. When that does not finish
 * either, helpers are followed less deep (two calls, then none): a call not
 * followed may have done anything, as a call without a visible body. The
 * first retry that finishes replaces the first run's findings, and a note
 * says what they may rest on. Returns false when every try ended at a
 * budget; `*in_time` false when it was the entry's time. */
static bool run_path_rule(const struct check *c, const struct kind_ops *kind,
			  const struct eval_options *opts, double deadline,
			  const struct strindex *global_reads, bool *in_time, bool *widened)
{
	static const unsigned retry_depths[] = { 0 /* the default */, 2, 1 };
	struct findings found = { 0 };
	struct problems notes = { 0 };
	struct check local = *c;
	local.out = &found;
	local.notes = &notes;
	struct exploration r = explore_rule(&local, kind, opts, deadline, global_reads, false);
	char *first_why = r.frames_full ? alloc_printf("followed helpers at more than %d call sites", MAX_FRAMES)
					: alloc_printf("explored %zu states", r.steps - 1);
	unsigned deepest = r.deepest; /* no helper followed: a retry would change nothing */
	for (size_t k = 0; r.truncated && !r.out_of_time && deepest > 0 &&
			   k < sizeof(retry_depths) / sizeof(*retry_depths); k++) {
		struct eval_options shallow = *opts;
		if (retry_depths[k] && retry_depths[k] < deepest)
			shallow.max_depth = retry_depths[k];
		else if (retry_depths[k])
			continue;
		struct findings retry = { 0 };
		struct problems retry_notes = { 0 };
		local.out = &retry;
		local.notes = &retry_notes;
		struct exploration q = explore_rule(&local, kind, &shallow, deadline, global_reads, true);
		if (!q.truncated) {
			findings_release(&found);
			problems_clear(&notes);
			found = retry;
			notes = retry_notes;
			r = q;
			char *how = retry_depths[k] ? alloc_printf(" and following helpers %u call%s deep at most",
								shallow.max_depth, shallow.max_depth == 1 ? "" : "s")
						   : alloc_strdup("");
			problems_add(&notes, PROBLEM_NOTE, c->entry->file, c->entry->line, c->entry->column,
				     "%s: rule %s %s without finishing, so it was checked again "
				     "stepping over the helpers that do nothing it judges%s; a finding of it may "
				     "rest on a value such a helper returned or left behind, taken as unknown",
				     c->entry->function, (c->rule)->id, first_why, how);
			free(how);
			break;
		}
		findings_release(&retry);
		problems_clear(&retry_notes);
		r.out_of_time = q.out_of_time;
	}
	findings_append(c->out, &found);
	problems_move(c->notes, &notes);
	if (r.out_of_time)
		problems_add(c->notes, PROBLEM_WARNING, c->entry->file, c->entry->line, c->entry->column,
			     "%s: analysis incomplete: budget exceeded (%g s for the entry, reached in rule "
			     "%s); this rule and the ones after it did not check every path",
			     c->entry->function, opts->max_seconds, (c->rule)->id);
	else if (r.truncated && r.frames_full)
		problems_add(c->notes, PROBLEM_WARNING, c->entry->file, c->entry->line, c->entry->column,
			     "%s: analysis incomplete: budget exceeded (rule %s followed helpers at more than "
			     "%d call sites; the ones past them were stepped over); some paths were not checked",
			     c->entry->function, (c->rule)->id, MAX_FRAMES);
	else if (r.truncated)
		problems_add(c->notes, PROBLEM_WARNING, c->entry->file, c->entry->line, c->entry->column,
			     "%s: analysis incomplete: budget exceeded (rule %s explored %zu states); some "
			     "paths were not checked",
			     c->entry->function, (c->rule)->id, r.steps - 1);
	free(first_why);
	*in_time = !r.out_of_time;
	*widened |= r.widened;
	return !r.truncated;
}

static void note_read(struct strindex *reads, const struct cfg_value *v, bool device_objects)
{
	if ((v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS) && v->place.root_is_global) {
		const char *k = liveness_place_name(&v->place);
		/* An extension's field counts where tested only (note_reads). */
		if (k && (k[0] == '<') == device_objects && (!device_objects || !strcmp(k, CFG_DEVICE_LIST)))
			strindex_add(reads, k);
	}
}

/* The places that stand for an object every device object has (the driver's
 * device list, a device extension: names starting with '<', cfg/aliases.c)
 * are read by the dispatch routines of every driver, and written by the
 * helpers that set up each device: kept only for the tests DriverEntry and
 * its helpers make of them, they would otherwise keep apart states no test
 * of the paths tells apart (btrfs's DE005 ran out of budget). */
static bool device_object_place(const char *name)
{
	return name[0] == '<';
}

/* A member some test reads: "\x01" and its last name ("\x01Ready" of
 * `Ctx->Ready`), which no variable's name can be (see state_resolve_name);
 * "\x02" and the name too when the test is of its bits, a comparison, or
 * of a flag's truth (not of a pointer's). */
static void note_tested_member(struct strindex *reads, const char *var, const struct cfg_cond *c)
{
	if (!var || !strpbrk(var, ".>") || var[0] == '<')
		return;
	char *k = alloc_printf("\x01%s", eval_last_member(var));
	strindex_add(reads, k);
	if (eval_counted_test(c)) {
		k[0] = '\x02';
		strindex_add(reads, k);
	}
	free(k);
}

/* A helper's result tested (`if (GetState(Ext) != Stopped)`) tests the
 * member the helper returns (`return Ext->State;`): an accessor's member is
 * as tested as one the caller reads itself. */
static void note_tested_results(const struct program *prog, size_t u, const struct cfg *g, struct strindex *reads)
{
	for (size_t b = 0; g && b < g->nblocks; b++) {
		const struct cfg_cond *c = &g->blocks[b].cond;
		for (int side = 0; side < 2; side++) {
			const struct cfg_call *call = cfg_named_call(g, side ? c->var2 : c->var);
			size_t cu, ci;
			if (!call || !call->callee || !program_resolve_scoped(prog, call->callee, call->scope, u, &cu, &ci))
				continue;
			const struct cfg *callee = program_function(prog, cu, ci)->cfg;
			for (size_t k = 0; callee && k < callee->nblocks; k++)
				for (size_t e = 0; e < callee->blocks[k].nevents; e++) {
					const struct cfg_event *ev = &callee->blocks[k].events[e];
					if (ev->kind == EVENT_RETURN && ev->value.kind == VALUE_PLACE)
						note_tested_member(reads, liveness_place_name(&ev->value.place), c);
				}
		}
	}
}

/* A helper's parameter tested (`switch (Stage)` in a teardown) tests the
 * member its caller passes (`Teardown(&g, g.Stage)`): that member is as
 * tested as one the caller reads itself. */
static void note_tested_arguments(const struct program *prog, size_t u, const struct cfg *g,
				  struct strindex *reads)
{
	for (size_t k = 0; g && k < g->ncalls; k++) {
		const struct cfg_call *call = &g->calls[k];
		size_t cu, ci;
		if (!call->callee || call->callee_in_system_header ||
		    !program_resolve_scoped(prog, call->callee, call->scope, u, &cu, &ci))
			continue;
		const struct cfg *callee = program_function(prog, cu, ci)->cfg;
		for (size_t b = 0; callee && b < callee->nblocks; b++) {
			const struct cfg_cond *c = &callee->blocks[b].cond;
			for (size_t a = 0; c->var && a < call->nargs && a < callee->nparams; a++)
				if (call->args[a].kind == VALUE_PLACE && callee->params[a].name &&
				    !strcmp(callee->params[a].name, c->var))
					note_tested_member(reads, liveness_place_name(&call->args[a].place), c);
		}
	}
}

static void note_reads(const struct cfg *g, struct strindex *reads, bool device_objects)
{
	for (size_t b = 0; g && b < g->nblocks; b++) {
		const struct cfg_block *blk = &g->blocks[b];
		if (!device_objects) {
			note_tested_member(reads, blk->cond.var, &blk->cond);
			note_tested_member(reads, blk->cond.var2, &blk->cond);
		}
		if (blk->cond.var && device_object_place(blk->cond.var) == device_objects)
			strindex_add(reads, blk->cond.var);
		if (blk->cond.var2 && device_object_place(blk->cond.var2) == device_objects)
			strindex_add(reads, blk->cond.var2);
		for (int side = 0; side < 2 && !device_objects; side++) {
			const char *x = eval_exchanged(g, side ? blk->cond.var2 : blk->cond.var);
			if (x)
				strindex_add(reads, x);
		}
		for (size_t e = 0; e < blk->nevents; e++) {
			const struct cfg_event *ev = &blk->events[e];
			note_read(reads, &ev->value, device_objects);
			if (ev->kind == EVENT_CALL)
				for (size_t a = 0; a < g->calls[ev->call].nargs; a++)
					note_read(reads, &g->calls[ev->call].args[a], device_objects);
		}
	}
}

/* The globals the tests of function `g` of unit `u` read. */
static void note_tests(const struct program *prog, size_t u, const struct cfg *g, struct strindex *reads)
{
	struct strvec bound = STRVEC_INIT;
	note_reads(g, reads, false);
	note_tested_results(prog, u, g, reads);
	note_tested_arguments(prog, u, g, reads);
	eval_bound_tests(prog, u, g, &bound);
	for (size_t k = 0; k < bound.len; k++)
		strindex_add(reads, bound.items[k]);
	strvec_clear(&bound);
}

struct reads_walk {
	struct strindex *reads;
	size_t entry_unit;
};

/* The variables of its own file a library folder's function tests as a
 * flag (`if (_trace_started)`): a shared trace file's state, set by its
 * start routine and tested by its stop routine. */
static void note_library_flags(const struct cfg *g, struct strindex *reads)
{
	for (size_t b = 0; g && b < g->nblocks; b++) {
		const struct cfg_cond *c = &g->blocks[b].cond;
		if (c->var && c->var_global && !strpbrk(c->var, ".->[*") && cfg_owns(g, c->var))
			strindex_add(reads, c->var);
	}
}

static void note_helper_reads(struct call_walk *w, size_t unit, size_t index)
{
	const struct reads_walk *r = w->data;
	const struct cfg *g = program_function(w->prog, unit, index)->cfg;
	bool own = eval_own_unit(w->prog, r->entry_unit, unit);
	note_reads(g, r->reads, true);
	for (size_t i = 0; g && i < g->ncalls; i++) {
		const struct cfg_call *call = &g->calls[i];
		size_t cu, ci;
		if (!call->callee)
			continue;
		/* A library routine the driver's own code calls: its flags (not
		 * those of what it calls in turn: each flag kept splits the paths). */
		if (own && program_resolve_scoped(w->prog, call->callee, call->scope, unit, &cu, &ci) &&
		    !eval_own_unit(w->prog, r->entry_unit, cu))
			note_library_flags(program_function(w->prog, cu, ci)->cfg, r->reads);
		call_walk_follow(w, call->callee, unit);
	}
}

void eval_global_reads(const struct program *prog, size_t entry_unit, size_t entry_index, struct strindex *reads)
{
	/* Every function of the driver's own files; of a library folder's, the
	 * flags of the routines the driver calls (note_helper_reads). */
	for (size_t u = 0; entry_unit < prog->nunits && u < prog->nunits; u++) {
		if (!eval_own_unit(prog, entry_unit, u))
			continue;
		const struct unit_facts *unit = &prog->units[u];
		for (size_t i = 0; i < unit->nfunctions; i++)
			note_tests(prog, u, unit->functions[i].cfg, reads);
	}
	struct reads_walk r = { reads, entry_unit };
	if (entry_unit < prog->nunits)
		call_walk_run(prog, entry_unit, entry_index, note_helper_reads, &r);
}

/* Whether `name` is written as an identifier in `text`. */
static bool names(const char *text, const char *name, size_t n)
{
	for (const char *p = text ? strstr(text, name) : NULL; p; p = strstr(p + 1, name)) {
		bool start = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
		bool end = !(isalnum((unsigned char)p[n]) || p[n] == '_');
		if (start && end)
			return true;
	}
	return false;
}

/* Marks the findings that name a declaration assumed for this entry, or a
 * routine it calls that no header declares (C declares it where it is
 * called: a macro of a missing header, maybe, that returns or jumps). */
static void mark_assumed(const struct strvec *assumed, struct finding *f)
{
	for (size_t i = 0; i < assumed->len; i++) {
		const char *item = assumed->items[i];
		size_t n = strcspn(item, " ");
		char *name = alloc_strndup(item, n);
		bool named = names(f->message, name, n);
		for (size_t k = 0; k < f->npath && !named; k++)
			named = names(f->path[k].message, name, n);
		for (size_t k = 0; k < f->nrelated && !named; k++)
			named = names(f->related[k].message, name, n);
		if (named)
			strvec_push(&f->assumed, item);
		free(name);
	}
}

/* Runs rule `c` on its routine: the kind's check of the whole entry, then
 * its paths while the entry has time. */
static bool check_rule(struct check *c, const struct eval_options *opts, double deadline,
		       const struct strindex *global_reads, bool *in_time, bool *widened)
{
	const struct kind_ops *kind = c->rule->def->ops; /* the loader admits known kinds only */
	struct ptrmap memo = PTRMAP_INIT;
	bool complete = true;
	c->memo = &memo;
	if (kind->check_entry)
		kind->check_entry(c);
	if (kind->check_path && *in_time && (!kind->may_report || kind->may_report(c)))
		complete = run_path_rule(c, kind, opts, deadline, global_reads, in_time, widened);
	ptrmap_clear(&memo);
	return complete;
}

bool evaluate_entry(const struct program *prog, const struct entry_point *entry,
		    const struct rule_set *rules, const struct eval_options *opts_in,
		    struct findings *out, struct problems *notes)
{
	struct eval_options opts = *opts_in;
	if (!opts.max_depth)
		opts.max_depth = DEFAULT_MAX_DEPTH;
	if (!opts.max_states) {
		opts.max_states = DEFAULT_MAX_STATES;
		opts.visits_per_block = VISITS_PER_BLOCK;
	}
	if (opts.max_seconds <= 0)
		opts.max_seconds = DEFAULT_MAX_SECONDS;
	double deadline = explorer_clock() + opts.max_seconds;
	bool in_time = true, complete = true, widened = false;
	const struct unit_facts *unit = &prog->units[entry->unit];
	const struct function_facts *fn = &unit->functions[entry->index];
	if (!fn->cfg || !entry->analyzable)
		return true;
	size_t first = out->len;
	struct strindex own_reads = STRINDEX_INIT;
	if (!opts.global_reads)
		eval_global_reads(prog, entry->unit, entry->index, &own_reads);
	const struct strindex *global_reads = opts.global_reads ? opts.global_reads : &own_reads;
	size_t nseeds;
	struct strindex seed_names = STRINDEX_INIT;
	struct global_seed *seeds = eval_load_seeds(prog, entry->unit, &nseeds, &seed_names);
	struct root_routine *roots[ROOT_COUNT] = { NULL };
	size_t nroots[ROOT_COUNT] = { 0 };
	bool found[ROOT_COUNT] = { true };
	for (size_t i = 0; i < rules->len; i++) {
		const struct rule *r = &rules->items[i];
		if (!!r->retired || !(r->models & entry->models))
			continue;
		if (r->roots & (1u << ROOT_DRIVER_ENTRY)) {
			struct check c = { r, r->params, r->compiled, prog, entry, unit, fn, opts.strict, opts.verbose,
					   out, notes, NULL, seeds, nseeds };
			complete &= check_rule(&c, &opts, deadline, global_reads, &in_time, &widened);
		}
		for (size_t root = ROOT_DRIVER_ENTRY + 1; root < ROOT_COUNT; root++) {
			if (!(r->roots & (1u << root)))
				continue;
			if (!found[root]) {
				roots[root] = eval_roots_find(prog, entry, (enum rule_root)root, &nroots[root]);
				found[root] = true;
			}
			for (size_t k = 0; k < nroots[root]; k++) {
				/* The routine stands where DriverEntry stood; the globals
				 * hold whatever DriverEntry left in them, so no seeds. */
				const struct root_routine *at = &roots[root][k];
				const struct function_facts *rf = program_function(prog, at->unit, at->index);
				struct entry_point routine = *entry;
				routine.unit = at->unit;
				routine.index = at->index;
				routine.function = rf->name;
				struct check c = { r, r->params, r->compiled, prog, &routine, &prog->units[at->unit], rf,
						   opts.strict, opts.verbose, out, notes, NULL, NULL, 0 };
				complete &= check_rule(&c, &opts, deadline, global_reads, &in_time, &widened);
			}
		}
	}
	for (size_t k = 0; k < ROOT_COUNT; k++)
		free(roots[k]);
	strindex_clear(&own_reads);
	free(seeds);
	strindex_clear(&seed_names);
	struct strvec assumed = STRVEC_INIT;
	strvec_push_all(&assumed, &entry->assumed);
	for (size_t i = 0; i < fn->cfg->ncalls; i++) {
		const struct cfg_call *k = &fn->cfg->calls[i];
		char *item = k->undeclared && k->callee ? alloc_printf("%s (a routine no header declares)", k->callee)
							: NULL;
		if (item && !strvec_contains(&assumed, item))
			strvec_push(&assumed, item);
		free(item);
	}
	for (size_t i = first; i < out->len; i++)
		mark_assumed(&assumed, &out->items[i]);
	strvec_clear(&assumed);
	if (widened)
		problems_add(notes, PROBLEM_NOTE, entry->file, entry->line, entry->column,
			     "%s: some branch points are reached in more than %d ways; there entrycheck forgot "
			     "which way earlier tests of flags went, and reports a finding on such a path only "
			     "when the path, replayed with every fact kept, reports it again",
			     entry->function, WIDEN_AFTER);
	return complete;
}
