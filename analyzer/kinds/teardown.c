/* SPDX-License-Identifier: Apache-2.0 */
/* The teardown-in-unload kind: what DriverEntry sets up and still holds when
 * it returns success must be undone by the unload routine it registers, on
 * every path of that routine. The unload routines are found on the path: a
 * function stored in a field that names one (DriverObject->DriverUnload,
 * config.EvtDriverUnload), or named in that field of the structure a
 * registration call is given (FLT_REGISTRATION.FilterUnloadCallback of
 * FltRegisterFilter, the driver attributes' EvtCleanupCallback of
 * WdfDriverCreate), from the path's stores or a global's initializer. Each
 * unload routine is judged once, over its graph and the helpers it calls: a
 * release counts on every path it is made on, and a branch whose other side
 * releases it (`if (g_Cookie.QuadPart) CmUnRegisterCallback(g_Cookie);`, a
 * loop deleting every device) counts as a guard: that side never set it up.
 * A rule with an "order" judges instead the order of two teardown calls in
 * those routines (FLT008, kinds/unloadorder.c); one with "used_after", what
 * those routines reach after releasing it (kinds/unloaduse.c); one with
 * "freed_before", what they release while a routine that reads it is still
 * registered (kinds/unloadearly.c); one with "flushed_after", a timer they
 * cancel while its DPC may still run (kinds/unloaddpc.c). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/problems.h"
#include "facts/classify.h"
#include "facts/entry.h"
#include "facts/models.h"
#include "facts/program.h"
#include "facts/reads.h"
#include "kinds/heldobjects.h"
#include "kinds/pairs.h"
#include "kinds/shared.h"
#include "kinds/undone.h"
#include "kinds/unloadfind.h"
#include "kinds/unloadorder.h"
#include "kinds/unloaduse.h"
#include "kinds/unloaddetach.h"
#include "kinds/unloaddpc.h"
#include "kinds/unloadearly.h"
#include "kinds/unstored.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/strbuf.h"
#include "base/strvec.h"

#define MAX_PAIRS UNDONE_MAX_PAIRS

struct teardown_params {
	struct pair_list pairs;
	struct unload_sources sources;       /* where the unload routines are named */
	model_set framework_unloads;         /* the framework unloads the driver without one */
	size_t dropped;                      /* pairs beyond MAX_PAIRS, not checked (said once) */
	/* In these models (the legacy "other", which WDM003 does not judge), a
	 * routine declared with one of `unstored_types` (DRIVER_UNLOAD) and
	 * defined, but stored nowhere, is the unload routine the path forgot. */
	model_set unstored_models;
	struct strvec unstored_types;
	/* "order": in the unload routines, no call of `then` may be followed by
	 * one of `first` (a rule with an order judges only that). */
	struct strvec order_first, order_then;
	/* "used_after": the unload routines must not reach what these released. */
	struct releaser_list releasers;
	/* "freed_before": no global released before a routine that reads it is removed. */
	struct early_params early;
	/* "flushed_after": no timer with a DPC cancelled without a flush after it. */
	struct dpc_params dpc;
	/* "detached_first": no device deleted before it is detached. */
	struct detach_params detach;
	const char *consequence;             /* what a forgotten teardown leaves, unless the pair
					      * says ("after_unload") */
};

static void *teardown_compile(const cJSON *params, const struct rule_extras *extras)
{
	struct teardown_params *tp = alloc_zeroed(1, sizeof(*tp));
	const cJSON *order = cJSON_GetObjectItemCaseSensitive(params, "order");
	kinds_names_compile(&tp->order_first, cJSON_GetObjectItemCaseSensitive(order, "first"));
	kinds_names_compile(&tp->order_then, cJSON_GetObjectItemCaseSensitive(order, "then"));
	const cJSON *used_after = cJSON_GetObjectItemCaseSensitive(params, "used_after");
	releasers_compile(&tp->releasers, cJSON_GetObjectItemCaseSensitive(used_after, "releases"));
	const cJSON *freed_before = cJSON_GetObjectItemCaseSensitive(params, "freed_before");
	kinds_early_compile(&tp->early, freed_before);
	const cJSON *flushed_after = cJSON_GetObjectItemCaseSensitive(params, "flushed_after");
	kinds_dpc_compile(&tp->dpc, flushed_after);
	const cJSON *detached_first = cJSON_GetObjectItemCaseSensitive(params, "detached_first");
	kinds_detach_compile(&tp->detach, detached_first);
	/* A rule of order, of uses after release or of early releases judges
	 * only that: no pairs, not even the user's. */
	if (!order && !used_after && !freed_before && !flushed_after && !detached_first) {
		pairs_compile(&tp->pairs, extras->shared_pairs, true);
		pairs_compile(&tp->pairs, extras->cleanup_pairs, true);
	}
	/* A pair's flags are one bit of a uint64_t; the rest are noted per entry. */
	if (tp->pairs.len > MAX_PAIRS) {
		tp->dropped = tp->pairs.len - MAX_PAIRS;
		pairs_truncate(&tp->pairs, MAX_PAIRS);
	}
	kinds_names_compile(&tp->sources.fields, cJSON_GetObjectItemCaseSensitive(params, "unload_fields"));
	tp->consequence = kinds_param_string(params, "consequence");
	kinds_names_compile(&tp->sources.shutdown_when, cJSON_GetObjectItemCaseSensitive(params, "shutdown_teardown_calls"));
	kinds_names_compile(&tp->sources.slots, cJSON_GetObjectItemCaseSensitive(params, "teardown_slots"));
	const cJSON *reg;
	cJSON_ArrayForEach(reg, cJSON_GetObjectItemCaseSensitive(params, "registrations")) {
		tp->sources.regs = alloc_resize(tp->sources.regs, (tp->sources.nregs + 1) * sizeof(*tp->sources.regs));
		struct registration *r = &tp->sources.regs[tp->sources.nregs++];
		memset(r, 0, sizeof(*r));
		kinds_names_compile(&r->calls, cJSON_GetObjectItemCaseSensitive(reg, "calls"));
		r->arg = kinds_param_int(reg, "arg", 0);
		r->field = kinds_param_string(reg, "field");
		kinds_names_compile(&r->when_reaches, cJSON_GetObjectItemCaseSensitive(reg, "when_reaches"));
	}
	const cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(params, "framework_unloads")) {
		int model = driver_model_from_name(m->valuestring);
		if (model >= 0)
			tp->framework_unloads |= MODEL_BIT(model);
	}
	const cJSON *unstored = cJSON_GetObjectItemCaseSensitive(params, "unstored_unload");
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(unstored, "models")) {
		int model = driver_model_from_name(m->valuestring);
		if (model >= 0)
			tp->unstored_models |= MODEL_BIT(model);
	}
	kinds_names_compile(&tp->unstored_types, cJSON_GetObjectItemCaseSensitive(unstored, "role_types"));
	return tp;
}

static void teardown_release(void *compiled)
{
	struct teardown_params *tp = compiled;
	pairs_release(&tp->pairs);
	strvec_clear(&tp->sources.fields);
	strvec_clear(&tp->sources.shutdown_when);
	strvec_clear(&tp->sources.slots);
	strvec_clear(&tp->unstored_types);
	strvec_clear(&tp->order_first);
	strvec_clear(&tp->order_then);
	releasers_release(&tp->releasers);
	kinds_early_release(&tp->early);
	kinds_dpc_release(&tp->dpc);
	kinds_detach_release(&tp->detach);
	for (size_t i = 0; i < tp->sources.nregs; i++) {
		strvec_clear(&tp->sources.regs[i].calls);
		strvec_clear(&tp->sources.regs[i].when_reaches);
	}
	free(tp->sources.regs);
	free(tp);
}

static bool function_value(const struct cfg_value *v)
{
	if (v->kind == VALUE_FUNCTION)
		return true;
	for (size_t k = 0; k < v->nalts; k++)
		if (function_value(&v->alts[k]))
			return true;
	return false;
}

static bool is_registration(const struct teardown_params *tp, const struct cfg_call *call)
{
	if (kinds_call_listed(call, &tp->sources.shutdown_when))
		return true;
	for (size_t r = 0; r < tp->sources.nregs; r++)
		if (kinds_call_listed(call, &tp->sources.regs[r].calls))
			return true;
	return false;
}

static bool teardown_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct teardown_params *tp = c->compiled;
	if (kinds_event_is_store(e))
		return e->target.field && function_value(&e->value);
	const struct cfg_call *call = event_call(g, e);
	if (!call)
		return false;
	if (is_registration(tp, call))
		return true;
	for (size_t k = 0; k < tp->pairs.len; k++)
		if (kinds_call_listed(call, &tp->pairs.items[k].acquire) || kinds_call_listed(call, &tp->pairs.items[k].release))
			return true;
	return false;
}

/* What a call is to this rule, worked out once per call: summaries replay
 * every call of a path at each of its nodes. */
enum { PAIR_ACQUIRES = 1, PAIR_RELEASES = 2 };
struct call_role {
	bool registration;
	unsigned char *pair;           /* per pair: PAIR_* (in the same allocation) */
	unsigned short *ks, nks;       /* the pairs it acquires or releases */
};

static const struct call_role *call_role(const struct check *c, const struct cfg_call *call)
{
	const struct teardown_params *tp = c->compiled;
	void **slot = ptrmap_slot(c->memo, call);
	if (*slot)
		return *slot;
	struct call_role *role = alloc_zeroed(1, sizeof(*role) + tp->pairs.len * (sizeof(*role->ks) + 1));
	role->ks = (unsigned short *)(role + 1);
	role->pair = (unsigned char *)(role->ks + tp->pairs.len);
	role->registration = is_registration(tp, call);
	for (size_t k = 0; k < tp->pairs.len; k++) {
		role->pair[k] = pairs_call_releases(&tp->pairs.items[k], call)   ? PAIR_RELEASES
				: pairs_call_acquires(&tp->pairs.items[k], call) ? PAIR_ACQUIRES
									   : 0;
		if (role->pair[k])
			role->ks[role->nks++] = (unsigned short)k;
	}
	*slot = role;
	return role;
}

/* What is set up and still held on the path: per pair, the first
 * acquisition not known to have failed and not released since. */
static void held_on_path(const struct check *c, const struct path *p, const struct revealed *r,
			 const struct hist_item **held)
{
	const struct teardown_params *tp = c->compiled;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind != HIST_CALL)
			continue;
		const struct call_role *role = call_role(c, event_call(it->g, it->event));
		for (size_t j = 0; j < role->nks; j++) {
			size_t k = role->ks[j];
			if (role->pair[k] == PAIR_RELEASES)
				held[k] = NULL;
			else if (!held[k] && role->pair[k] == PAIR_ACQUIRES &&
				 !(tp->pairs.items[k].may_fail && revealed_outcome(r, it->site) == OUTCOME_FAILURE) &&
				 (!tp->pairs.items[k].unload_when_kept ||
				  pairs_call_keeps(&tp->pairs.items[k], it->g, event_call(it->g, it->event), it->frame == 0)))
				held[k] = it;
		}
	}
}

/* ---- the check ---- */

static const char *consequence_of(const struct check *c, const struct cleanup_pair *pair)
{
	const struct teardown_params *tp = c->compiled;
	return pair->after_unload ? pair->after_unload : tp->consequence ? tp->consequence : "";
}

static void report_missing(const struct check *c, const struct path *p, const struct hist_item *acquire,
			   const struct cleanup_pair *pair, const char *unload, const struct cfg *ug, bool some_path,
			   const struct cfg_loc *missed, const char *dead, const struct cfg_loc *dead_at, const char *held_in)
{
	const struct cfg_call *acq = event_call(acquire->g, acquire->event);
	char *release = pairs_release_text(pair);
	char *acquire_line = kinds_line_number_text(acquire->event->loc.line);
	char *readable = held_in ? cfg_alias_readable(held_in) : NULL; /* DeviceExtension->Link */
	held_in = readable;
	char *problem = held_in ? alloc_printf("the unload routine %s calls %s only for other objects, not for %s",
					       unload, release, held_in)
		: unload
		? alloc_printf("the unload routine %s does not call %s%s%s%s%s", unload, release,
			    some_path ? " on every path" : "", dead ? " (it tests '" : "", dead ? dead : "",
			    dead ? "' first, which nothing in the driver sets)" : "")
		: alloc_printf("no unload routine undoes it (no %s is registered), yet the framework unloads the driver",
			    "EvtDriverUnload or EvtCleanupCallback");
	const char *vars[] = { "acquire", acq->callee ? acq->callee : acq->macro, "acquire_line", acquire_line,
			       "release", release, "problem", problem, "unload", unload ? unload : "", "entry", c->entry->function,
			       "consequence", consequence_of(c, pair), NULL };
	struct cfg_loc where = ug ? ug->loc : acquire->event->loc;
	char *text = unload ? alloc_printf("the unload routine %s", unload) : NULL;
	size_t before = c->out->len;
	eval_add_finding(c, acquire->event->loc, acquire->g->function, p, ug ? &where : NULL, text, vars);
	free(text);
	/* The unload path that misses it: where it ends without the teardown. */
	if (missed && missed->line && c->out->len > before) {
		struct finding *f = &c->out->items[c->out->len - 1];
		f->related = alloc_resize(f->related, (f->nrelated + 1) * sizeof(*f->related));
		f->related[f->nrelated++] = (struct finding_step){ alloc_strdup(missed->file), missed->line, missed->column,
			alloc_printf("the unload routine ends here without %s%s%s", release, held_in ? " for " : "",
				     held_in ? held_in : ""), STEP_EVENT };
	}
	/* A release of another variant, which does not undo this one. */
	struct cfg_loc variant_at;
	const char *variant;
	if (unload && c->out->len > before &&
	    kinds_routine_calls_variant(c, unload, c->entry->unit, &pair->release, &variant_at, &variant)) {
		struct finding *f = &c->out->items[c->out->len - 1];
		f->related = alloc_resize(f->related, (f->nrelated + 1) * sizeof(*f->related));
		f->related[f->nrelated++] = (struct finding_step){ alloc_strdup(variant_at.file), variant_at.line,
			variant_at.column, alloc_printf("calls %s here, which does not undo %s", variant,
							acq->callee ? acq->callee : acq->macro), STEP_EVENT };
	}
	if (dead && dead_at->line && c->out->len > before) {
		struct finding *f = &c->out->items[c->out->len - 1];
		f->related = alloc_resize(f->related, (f->nrelated + 1) * sizeof(*f->related));
		f->related[f->nrelated++] = (struct finding_step){ alloc_strdup(dead_at->file), dead_at->line,
			dead_at->column, alloc_printf("'%s' is never set", dead), STEP_BRANCH };
	}
	free(problem);
	free(acquire_line);
	free(release);
	free(readable);
}

/* Notes said once per DriverEntry, not once per path: kept in the check's
 * memo under the rule's params, which no call or function shares. */
struct once {
	bool followed, stepped_back, unreadable, dropped;
	bool unstored_asked, unstored;       /* the routine declared as an unload routine
					      * and stored nowhere, asked once */
	size_t unstored_unit, unstored_index;
	const void *ordered[8];              /* the unload routines whose order (or uses after
					      * release) was judged */
	size_t nordered;
};

static struct once *notes_once(const struct check *c)
{
	void **slot = ptrmap_slot(c->memo, c->compiled);
	if (!*slot)
		*slot = alloc_zeroed(1, sizeof(struct once));
	return *slot;
}

/* A path that registers no unload routine, in a model where nothing else
 * judges that (WDM003 judges a WDM driver's): when the driver defines a
 * routine declared as one (DRIVER_UNLOAD) and stores it nowhere, what is held
 * is reported, with that routine as the evidence of the forgotten store. */
static void report_unstored(const struct check *c, const struct path *p, const struct hist_item *const *held)
{
	const struct teardown_params *tp = c->compiled;
	struct once *once = notes_once(c);
	if (!once->unstored_asked) {
		once->unstored_asked = true;
		once->unstored = unstored_routine(c->prog, c->entry->unit, &tp->unstored_types, &once->unstored_unit,
						  &once->unstored_index);
	}
	if (!once->unstored || kinds_path_hidden_by_opaque(c, p))
		return;
	const struct function_facts *fn = program_function(c->prog, once->unstored_unit, once->unstored_index);
	const char *field = tp->sources.fields.len ? tp->sources.fields.items[0] : "DriverUnload";
	struct undone undone = kinds_undone_by(c, &tp->pairs, once->unstored_unit, once->unstored_index);
	for (size_t k = 0; k < tp->pairs.len; k++) {
		if (!held[k])
			continue;
		const struct cfg_call *acq = event_call(held[k]->g, held[k]->event);
		char *release = pairs_release_text(&tp->pairs.items[k]);
		char *acquire_line = kinds_line_number_text(held[k]->event->loc.line);
		bool undoes = (undone.must | undone.may) >> k & 1;
		char *problem = undoes ? alloc_printf("the unload routine %s, which would undo it, is stored nowhere (not in %s) "
						   "and never runs", fn->name, field)
				       : alloc_printf("the unload routine %s is stored nowhere (not in %s) and never runs, "
						   "nor does it call %s", fn->name, field, release);
		char *text = alloc_printf("%s is defined here, and stored nowhere (not in %s)", fn->name, field);
		const char *vars[] = { "acquire", acq->callee ? acq->callee : acq->macro, "acquire_line", acquire_line,
				       "release", release, "problem", problem, "unload", fn->name,
				       "entry", c->entry->function, "consequence", consequence_of(c, &tp->pairs.items[k]), NULL };
		eval_add_finding(c, held[k]->event->loc, held[k]->g->function, p, &fn->cfg->loc, text, vars);
		free(text);
		free(problem);
		free(acquire_line);
		free(release);
	}
}

/* Resolves the unload routine `name`, unless it was judged already on an
 * earlier path (order and uses after release are each judged once). */
static bool unjudged_routine(const struct check *c, const struct unloads *names, size_t k, size_t *u, size_t *i)
{
	if (!program_resolve(c->prog, names->names.items[k], names->from[k], u, i))
		return false;
	struct once *once = notes_once(c);
	const void *fn = program_function(c->prog, *u, *i);
	for (size_t j = 0; j < once->nordered; j++)
		if (once->ordered[j] == fn)
			return false;
	if (once->nordered == sizeof(once->ordered) / sizeof(*once->ordered))
		return false;
	once->ordered[once->nordered++] = fn;
	return true;
}

/* Each unload routine once per DriverEntry: a call of `then` that one of
 * `first` can follow (FltUnregisterFilter before FltCloseCommunicationPort). */
static void report_order(const struct check *c, const struct path *p, const struct unloads *unloads)
{
	const struct strvec *names = &unloads->names;
	const struct teardown_params *tp = c->compiled;
	for (size_t k = 0; k < names->len; k++) {
		size_t u, i;
		if (!unjudged_routine(c, unloads, k, &u, &i))
			continue;
		struct unload_order o;
		if (!kinds_unload_order(c, u, i, &tp->order_then, &tp->order_first, &o))
			continue;
		char *first_line = kinds_line_number_text(o.first_loc.line);
		const char *vars[] = { "acquire", o.first_name, "acquire_line", first_line, "release", o.then_name,
				       "problem", "", "unload", names->items[k], "entry", c->entry->function,
				       "consequence", "", NULL };
		eval_add_finding(c, o.then_loc, o.then_function, NULL, &o.first_loc, "called after it here", vars);
		free(first_line);
	}
}

/* Each unload routine once per DriverEntry: what it, or a helper it calls,
 * reaches through a pointer after releasing it (ext->Requests after
 * IoDeleteDevice of the device whose extension ext is). */
static void report_use(const struct check *c, const struct unloads *unloads)
{
	const struct strvec *names = &unloads->names;
	const struct teardown_params *tp = c->compiled;
	for (size_t k = 0; k < names->len; k++) {
		size_t u, i;
		if (!unjudged_routine(c, unloads, k, &u, &i))
			continue;
		struct unload_use use;
		memset(&use, 0, sizeof(use));
		struct strvec seen = STRVEC_INIT;
		bool found = kinds_unload_use(c, u, i, &tp->releasers, 0, &seen, &use);
		strvec_clear(&seen);
		if (!found)
			continue;
		char *release_line = kinds_line_number_text(use.release_loc.line);
		bool extension = !strcmp(use.var, "<extension>");
		char *problem = use.again ? alloc_printf("releases '%s' again", use.var)
				: extension && use.use ? alloc_printf("reaches the device's extension (in '%s')", use.use)
				: extension ? alloc_strdup("reaches the device's extension")
					    : alloc_printf("reaches '%s' through '%s'", use.use, use.var);
		const char *vars[] = { "acquire", use.release ? use.release : "the release", "acquire_line", release_line,
				       "release", extension ? "the device's extension" : use.var, "problem", problem, "unload", names->items[k],
				       "entry", c->entry->function, "consequence", "", NULL };
		eval_add_finding(c, use.use_loc, use.function, NULL, use.release_loc.line ? &use.release_loc : NULL,
				 "released here", vars);
		free(problem);
		free(release_line);
	}
}

/* Each unload routine once per DriverEntry: a global it releases before it
 * removes a routine that reads it (g_Totals freed, then the filter driver
 * deregistered, whose FilterDetach writes into g_Totals). */
static void report_early(const struct check *c, const struct unloads *unloads)
{
	const struct strvec *names = &unloads->names;
	const struct teardown_params *tp = c->compiled;
	for (size_t k = 0; k < names->len; k++) {
		size_t u, i;
		if (!unjudged_routine(c, unloads, k, &u, &i))
			continue;
		struct unload_early early;
		memset(&early, 0, sizeof(early));
		if (!kinds_unload_early(c, &tp->early, u, i, &early))
			continue;
		const struct unload_order *o = &early.order;
		/* At the unload routine's own call that leads to the release (the
		 * order is its to fix), the release and the removal related. */
		bool via = o->top_loc.line && o->top_name &&
			   (o->top_loc.line != o->then_loc.line || strcmp(o->top_loc.file, o->then_loc.file));
		char *line = kinds_line_number_text(o->first_loc.line);
		char *problem = alloc_printf("'%s', which %s reads", early.place, early.routine);
		char *release = via ? alloc_printf("%s (which calls %s)", o->top_name, o->then_name)
				    : alloc_strdup(o->then_name);
		const char *vars[] = { "acquire", o->first_name, "acquire_line", line, "release", release,
				       "problem", problem, "unload", names->items[k], "entry", c->entry->function,
				       "consequence", "", NULL };
		char *text = alloc_printf("%s removes %s only here", o->first_name, early.routine);
		size_t before = c->out->len;
		eval_add_finding(c, via ? o->top_loc : o->then_loc, names->items[k], NULL, &o->first_loc, text, vars);
		if (via && c->out->len > before) {
			struct finding *f = &c->out->items[c->out->len - 1];
			f->related = alloc_resize(f->related, (f->nrelated + 1) * sizeof(*f->related));
			f->related[f->nrelated++] = (struct finding_step){ alloc_strdup(o->then_loc.file), o->then_loc.line,
				o->then_loc.column, alloc_printf("%s releases '%s' here", o->then_name, early.place), STEP_EVENT };
		}
		free(text);
		free(release);
		free(problem);
		free(line);
		free(early.place);
		free(early.routine);
	}
}

/* Each unload routine once per DriverEntry: a device it deletes before it
 * detaches it from the device below. */
static void report_detach(const struct check *c, const struct unloads *unloads)
{
	const struct strvec *names = &unloads->names;
	const struct teardown_params *tp = c->compiled;
	for (size_t k = 0; k < names->len; k++) {
		size_t u, i;
		struct unload_detach d;
		if (!unjudged_routine(c, unloads, k, &u, &i) || !kinds_unload_detach(c, &tp->detach, u, i, &d))
			continue;
		char *line = kinds_line_number_text(d.delete_loc.line);
		const char *vars[] = { "acquire", d.device, "acquire_line", line, "release", d.lower, "problem", "",
				       "unload", names->items[k], "entry", c->entry->function, "consequence", "", NULL };
		eval_add_finding(c, d.detach_loc, d.function, NULL, &d.delete_loc, "deleted here", vars);
		free(line);
	}
}

/* Each unload routine once per DriverEntry: a timer it cancels, set with a
 * DPC, and no KeFlushQueuedDpcs that can come after. */
static void report_dpc(const struct check *c, const struct unloads *unloads)
{
	const struct strvec *names = &unloads->names;
	const struct teardown_params *tp = c->compiled;
	for (size_t k = 0; k < names->len; k++) {
		size_t u, i;
		if (!unjudged_routine(c, unloads, k, &u, &i))
			continue;
		struct unload_dpc dpc;
		memset(&dpc, 0, sizeof(dpc));
		if (!kinds_unload_dpc(c, &tp->dpc, u, i, &dpc))
			continue;
		const struct unload_order *o = &dpc.order;
		char *line = kinds_line_number_text(dpc.set_loc.line);
		const char *vars[] = { "acquire", dpc.set_name, "acquire_line", line, "release", o->then_name,
				       "problem", dpc.dpc, "unload", names->items[k], "entry", c->entry->function,
				       "consequence", "", NULL };
		char *text = alloc_printf("%s sets the timer with the DPC %s here", dpc.set_name, dpc.dpc);
		eval_add_finding(c, o->then_loc, o->then_function, NULL, &dpc.set_loc, text, vars);
		free(text);
		free(line);
		free(dpc.dpc);
	}
}

static void teardown_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = eval_path_return(p);
	if (!ret || ret->frame != 0 || ret->outcome == OUTCOME_FAILURE)
		return;
	const struct teardown_params *tp = c->compiled;
	if (tp->dropped && !notes_once(c)->dropped) {
		notes_once(c)->dropped = true;
		problems_add(c->notes, PROBLEM_NOTE, c->entry->file, c->entry->line, c->entry->column,
			     "%s: %s checks the first %d unload pairs; %zu more (from the end of the pair table) "
			     "are not checked",
			     c->entry->function, c->rule->id, MAX_PAIRS, tp->dropped);
	}
	struct revealed r;
	revealed_of_path(&r, p);
	const struct hist_item *held[MAX_PAIRS] = { 0 };
	held_on_path(c, p, &r, held);
	bool any = false;
	for (size_t k = 0; k < tp->pairs.len; k++)
		any |= held[k] != NULL;
	struct unloads unloads = { STRVEC_INIT, NULL, 0 };
	bool ordered = tp->order_then.len && tp->order_first.len;
	bool detaches = tp->detach.deletes.len && tp->detach.detaches.len;
	const struct hist_item *unreadable =
		any || ordered || tp->releasers.n || tp->early.n || tp->dpc.cancels.len || detaches
			? kinds_unload_routines(c, &tp->sources, p, &unloads)
			: NULL;
	if (ordered)
		report_order(c, p, &unloads);
	if (tp->releasers.n)
		report_use(c, &unloads);
	if (tp->early.n)
		report_early(c, &unloads);
	if (tp->dpc.cancels.len)
		report_dpc(c, &unloads);
	if (detaches)
		report_detach(c, &unloads);
	if (unreadable && !c->strict && !notes_once(c)->unreadable) {
		notes_once(c)->unreadable = true;
		const struct cfg_call *call = event_call(unreadable->g, unreadable->event);
		problems_add(c->notes, PROBLEM_NOTE, c->entry->file, c->entry->line, c->entry->column,
			     "%s: %s not checked: which unload routine %s (line %u) registers cannot be read from "
			     "its arguments (written inside a macro's expansion?)",
			     c->entry->function, c->rule->id, call->callee, unreadable->event->loc.line);
	}
	if (unreadable && !c->strict)
		any = false;
	const struct strvec names = unloads.names;
	if (any && !names.len && (c->entry->models & tp->unstored_models) && tp->unstored_types.len)
		report_unstored(c, p, held);
	if (!any || (!names.len && !(c->entry->models & tp->framework_unloads))) {
		kinds_unloads_clear(&unloads);
		revealed_release(&r);
		return;
	}
	/* Every unload routine runs: a release in any one counts. */
	uint64_t must = 0, may = 0;
	const char *hidden = NULL, *first = names.len ? names.items[0] : NULL;
	unsigned hidden_line = 0;
	const struct cfg *first_g = NULL;
	struct undone first_d;
	memset(&first_d, 0, sizeof(first_d));
	for (size_t k = 0; k < names.len; k++) {
		size_t u, i;
		if (!program_resolve(c->prog, names.items[k], unloads.from[k], &u, &i) ||
		    !program_function(c->prog, u, i)->cfg) {
			hidden = names.items[k];
			continue;
		}
		struct undone d = kinds_undone_by(c, &tp->pairs, u, i);
		must |= d.must;
		may |= d.may;
		if (!first_g) {
			first_g = d.g;
			first_d = d;
		}
		if (d.hidden && !hidden) {
			hidden = d.hidden;
			hidden_line = d.hidden_line;
		}
	}
	struct once *once = notes_once(c);
	if (c->verbose && names.len && !once->followed) {
		char *list = kinds_names_joined(&names, ", ");
		problems_add(c->notes, PROBLEM_NOTE, c->entry->file, c->entry->line, c->entry->column,
			     "%s: %s followed the unload routine %s for what %s sets up", c->entry->function,
			     c->rule->id, list, c->entry->function);
		free(list);
		once->followed = true;
	}
	for (size_t k = 0; k < tp->pairs.len; k++) {
		if (!held[k] || (must >> k & 1))
			continue;
		if (hidden && !c->strict) {
			if (once->stepped_back)
				continue;
			once->stepped_back = true;
			char at[32] = "";
			if (hidden_line)
				snprintf(at, sizeof(at), " (line %u)", hidden_line);
			problems_add(c->notes, PROBLEM_NOTE, c->entry->file, c->entry->line, c->entry->column,
				     "%s: %s not checked for %s: the unload routine calls %s%s, whose body is not "
				     "visible; --strict assumes it does nothing",
				     c->entry->function, c->rule->id,
				     event_call(held[k]->g, held[k]->event)->callee ? event_call(held[k]->g, held[k]->event)->callee : "a setup",
				     hidden, at);
			continue;
		}
		report_missing(c, p, held[k], &tp->pairs.items[k], first, first_g, may >> k & 1,
			       first_g ? &first_d.missed[k] : NULL, first_g ? first_d.dead[k] : NULL, &first_d.dead_at[k],
			       NULL);
	}
	/* A pair released as a whole, but held in two globals: each must be. */
	struct held_object *objects = alloc_zeroed(p->len + 1, sizeof(*objects));
	size_t nobjects = hidden ? 0 : kinds_objects_forgotten(c, &tp->pairs, p, &r, must, &names, unloads.from, objects);
	for (size_t h = 0; h < nobjects; h++)
		report_missing(c, p, objects[h].acquire, &tp->pairs.items[objects[h].pair], first, first_g, false,
			       first_g ? &first_g->end : NULL, NULL, NULL, objects[h].key);
	free(objects);
	kinds_unloads_clear(&unloads);
	revealed_release(&r);
}

/* What the finding depends on: what is held, and what the stores so far
 * may have registered as an unload routine. */
static void teardown_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	const struct teardown_params *tp = c->compiled;
	struct revealed r;
	revealed_of_path(&r, p);
	const struct hist_item *held[MAX_PAIRS] = { 0 };
	held_on_path(c, p, &r, held);
	for (size_t k = 0; k < tp->pairs.len; k++) {
		if (!held[k])
			continue;
		key_int(key, k);
		key_int(key, pairs_held_key(&tp->pairs.items[k], event_call(held[k]->g, held[k]->event),
					   held[k]->event, held[k]->frame));
		key_int(key, revealed_outcome(&r, held[k]->site) == OUTCOME_UNKNOWN ? held[k]->site : -1);
	}
	kinds_held_objects_summary(&tp->pairs, p, &r, key);
	/* Where an unstored unload routine is reported, a call whose body is
	 * not visible may have stored it. */
	bool unstored = c->entry->models & tp->unstored_models;
	for (size_t i = 0; i < p->len; i++)
		if (p->items[i].kind == HIST_STORE || (unstored && p->items[i].kind == HIST_OPAQUE) ||
		    (p->items[i].kind == HIST_CALL && call_role(c, event_call(p->items[i].g, p->items[i].event))->registration))
			key_ptr(key, p->items[i].event);
	revealed_release(&r);
}

static const struct kind_ops teardown_ops = {
	.relevant = teardown_relevant,
	.check_path = teardown_path,
	.summary = teardown_summary,
	.failure_returns_silent = true,
};

const struct kind kind_teardown_in_unload = {
	.name = "teardown-in-unload",
	.placeholders = (const char *const[]){ "acquire", "acquire_line", "release", "problem", "unload", "entry",
					       "consequence", NULL },
	.compile = teardown_compile,
	.release = teardown_release,
	.ops = &teardown_ops,
};
