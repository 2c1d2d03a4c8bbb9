/* SPDX-License-Identifier: Apache-2.0 */
/* The nothing-left kind: a path that returns success after deleting every
 * device object it created, holding nothing else (no registration of the
 * unload pairs, no AddDevice, no call that keeps the driver running later):
 * the driver stays loaded with nothing the system can ever call. Judged on
 * the path: the devices it created and the deletions it made, matched by the
 * variable the device pointer went to. */
#include <stdlib.h>

#include "kinds/devices.h"
#include "kinds/pairs.h"
#include "kinds/shared.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/strvec.h"

struct leftover_params {
	struct pair_list pairs;          /* the unload pairs: what stays registered */
	struct device_calls devices;     /* device objects */
	struct strvec lives_on_calls;    /* calls after which the system calls the driver again */
	struct strvec lives_on_fields;   /* fields a routine stored in does (AddDevice) */
};

static void *leftover_compile(const cJSON *params, const struct rule_extras *extras)
{
	struct leftover_params *lp = alloc_zeroed(1, sizeof(*lp));
	pairs_compile(&lp->pairs, extras->shared_pairs, true);
	pairs_compile(&lp->pairs, extras->cleanup_pairs, true);
	pairs_drop_kept(&lp->pairs); /* pool kept keeps nothing running */
	devices_calls_compile(&lp->devices, cJSON_GetObjectItemCaseSensitive(params, "devices"));
	kinds_names_compile(&lp->lives_on_calls, cJSON_GetObjectItemCaseSensitive(params, "lives_on_calls"));
	kinds_names_compile(&lp->lives_on_fields, cJSON_GetObjectItemCaseSensitive(params, "lives_on_fields"));
	return lp;
}

static void leftover_release(void *compiled)
{
	struct leftover_params *lp = compiled;
	pairs_release(&lp->pairs);
	devices_calls_release(&lp->devices);
	strvec_clear(&lp->lives_on_calls);
	strvec_clear(&lp->lives_on_fields);
	free(lp);
}

static bool lives_on_store(const struct leftover_params *lp, const struct cfg_event *e)
{
	return kinds_event_is_store(e) && e->target.field && strvec_contains(&lp->lives_on_fields, e->target.field);
}

static bool leftover_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct leftover_params *lp = c->compiled;
	if (lives_on_store(lp, e))
		return true;
	const struct cfg_call *call = event_call(g, e);
	if (!call)
		return false;
	if (kinds_call_listed(call, &lp->devices.create) || kinds_call_listed(call, &lp->devices.delete) ||
	    kinds_call_listed(call, &lp->lives_on_calls))
		return true;
	for (size_t k = 0; k < lp->pairs.len; k++)
		if (kinds_call_listed(call, &lp->pairs.items[k].acquire) || kinds_call_listed(call, &lp->pairs.items[k].release))
			return true;
	return false;
}

/* Replays the path: the devices created (not known to have failed) and
 * whether each was deleted since; false when something else is left: a
 * registration of an unload pair still held, a routine in a field that the
 * system calls later, a call that keeps the driver running. */
static bool only_devices(const struct check *c, const struct path *p, struct device *devices, size_t *ndevices)
{
	const struct leftover_params *lp = c->compiled;
	enum outcome *runs = revealed_runs(p);
	const struct hist_item **held = alloc_zeroed(lp->pairs.len + 1, sizeof(*held));
	bool left = false;
	*ndevices = 0;
	for (size_t i = 0; i < p->len && !left; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind == HIST_STORE) {
			left = lives_on_store(lp, it->event);
			continue;
		}
		if (it->kind != HIST_CALL)
			continue;
		const struct cfg_call *call = event_call(it->g, it->event);
		bool failed = runs[i] == OUTCOME_FAILURE;
		if (kinds_call_listed(call, &lp->lives_on_calls) && !failed) {
			left = true;
			continue;
		}
		/* A creation makes a device, not a registration left. */
		if (devices_step(&lp->devices, runs[i], it, devices, ndevices, true) &&
		    kinds_call_listed(call, &lp->devices.create))
			continue;
		for (size_t k = 0; k < lp->pairs.len; k++) {
			const struct cleanup_pair *pair = &lp->pairs.items[k];
			if (pairs_call_releases(pair, call))
				held[k] = NULL;
			else if (!held[k] && pairs_call_acquires(pair, call) && !(pair->may_fail && failed))
				held[k] = it;
		}
	}
	for (size_t k = 0; k < lp->pairs.len && !left; k++)
		left = held[k] != NULL;
	free(held);
	free(runs);
	return !left;
}

static void leftover_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = eval_path_return(p);
	if (!ret || ret->frame != 0 || ret->outcome != OUTCOME_SUCCESS)
		return;
	struct device *devices = alloc_zeroed(p->len + 1, sizeof(*devices));
	size_t n = 0;
	bool nothing_else = only_devices(c, p, devices, &n);
	bool all_deleted = n > 0;
	for (size_t d = 0; d < n; d++)
		all_deleted &= devices[d].deleted != NULL;
	/* A call whose body is not visible may have left something registered;
	 * a loop's run the path did not record may have made another device. */
	if (nothing_else && all_deleted && !kinds_path_hidden_by_opaque(c, p) && !revealed_runs_lost(p)) {
		const struct device *last = &devices[n - 1];
		const struct cfg_call *create = event_call(last->created->g, last->created->event);
		char *create_line = kinds_line_number_text(last->created->event->loc.line);
		char *delete_line = kinds_line_number_text(last->deleted->event->loc.line);
		const char *vars[] = { "create", create->callee ? create->callee : create->macro, "create_line",
				       create_line, "delete_line", delete_line, NULL };
		eval_add_finding(c, eval_return_loc(ret), ret->g->function, p, &last->deleted->event->loc,
		       "the last device is deleted here", vars);
		free(delete_line);
		free(create_line);
	}
	free(devices);
}

/* A path reports only after creating a device and deleting it. */
static bool leftover_may_report(const struct check *c)
{
	const struct leftover_params *lp = c->compiled;
	return kinds_program_calls(c, &lp->devices.create) && kinds_program_calls(c, &lp->devices.delete);
}

static const struct kind_ops leftover_ops = {
	.may_report = leftover_may_report,
	.relevant = leftover_relevant,
	.check_path = leftover_path,
	.summary = kinds_ordered_outcomes_summary,
	.success_returns_only = true,
};

const struct kind kind_nothing_left = {
	.name = "nothing-left",
	.placeholders = (const char *const[]){ "create", "create_line", "delete_line", NULL },
	.compile = leftover_compile,
	.release = leftover_release,
	.ops = &leftover_ops,
};
