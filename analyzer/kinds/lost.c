/* SPDX-License-Identifier: Apache-2.0 */
/* The status-lost kind: the status of a must-check call, or of a helper of
 * the driver's own that can fail, discarded, overwritten before it is
 * examined, or never examined before DriverEntry returns success. Replays a
 * path's history in order, with what the branches revealed of each call. */
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "facts/nofail.h"
#include "kinds/callparams.h"
#include "kinds/failing.h"
#include "kinds/iterations.h"
#include "kinds/shared.h"
#include "kinds/surely.h"
#include "base/alloc.h"
#include "base/strbuf.h"

/* status-lost */

/* A listed call the rule judges (not exempted). */
static bool call_must_check(const struct check *c, const struct cfg_call *call)
{
	const struct call_params *cp = c->compiled;
	return kinds_call_listed(call, &cp->calls) && !call_params_exempted(cp, call);
}

static bool lost_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct call_params *cp = c->compiled;
	return call_params_listed(c, g, e) || kinds_surely_relevant(&cp->surely, g, e) ||
	       (cp->own_helpers && e->kind == EVENT_CALL && failing_helper_can_fail(c, g, event_call(g, e), call_must_check));
}

/* A call of the driver's own that can fail, not one of the listed calls nor
 * a creator recorded for "unless_fresh_handle". */
static bool own_helper(const struct check *c, const struct cfg_call *call)
{
	return !(call_params_flags(c, call) & (CALL_JUDGED | CALL_CONTEXT));
}

/* A creator recorded only for what it tells of a later call. */
static bool context_call(const struct check *c, const struct cfg_call *call)
{
	return call_params_flags(c, call) & CALL_CONTEXT;
}

/* What became of each call's status after the call, in one pass over the
 * path (a path holds each site's call once): examined, and the first
 * overwrite before that. */
struct status_fate {
	bool examined, settled;
	bool context;              /* (summaries) the site is a creator's */
	const struct hist_item *lost;
};

static struct status_fate *status_fates(const struct path *p)
{
	int max = -1;
	for (size_t i = 0; i < p->len; i++)
		if (p->items[i].site > max)
			max = p->items[i].site;
	struct status_fate *fate = alloc_zeroed((size_t)max + 2, sizeof(*fate));
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->site < 0)
			continue;
		struct status_fate *f = &fate[it->site];
		if (it->kind == HIST_CALL) {
			*f = (struct status_fate){ 0 }; /* only what follows the call counts */
			continue;
		}
		/* A value the call filled, tested against 0 (`length != 0`), tells
		 * how it went without examining its status. */
		bool refined = it->kind == HIST_REFINE && !(it->cond && it->cond->kind == COND_COMPARE);
		if (it->kind == HIST_EXAMINED || refined || it->kind == HIST_RETURN)
			f->examined = true;
		if (it->kind == HIST_LOST && !f->examined && !f->lost)
			f->lost = it;
		if (it->kind == HIST_EXAMINED || refined || it->kind == HIST_LOST)
			f->settled = true;
	}
	return fate;
}

/* Whether `g` prints the status `call` kept in its variable, after the call
 * (`DbgPrintEx(..., "%x", status)`), where printing it is looking at it: in
 * a void routine, which cannot hand it on (a helper's best-effort send), or
 * for a helper of the driver's own (`status = Beacon.Send(); LOG(status);`,
 * a best-effort step the author logs). A kernel routine's status that a
 * routine returning a status only prints before it returns success was
 * dropped (ObRegisterCallbacks'); so is one overwritten while it goes on. */
static bool printed_after(const struct cfg *g, const struct cfg_call *call, bool own)
{
	if (!own && (!g->canonical_return_type || strcmp(g->canonical_return_type, "void")))
		return false;
	/* A helper's, printed before the first return the text reaches after the
	 * call: a failure label's print further down is another path's. */
	unsigned until = 0;
	for (size_t b = 0; own && b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			unsigned line = g->blocks[b].events[e].loc.line;
			if (g->blocks[b].events[e].kind == EVENT_RETURN && line > call->loc.line && (!until || line < until))
				until = line;
		}
	for (size_t k = 0; k < g->ncalls; k++) {
		const struct cfg_call *other = &g->calls[k];
		if (other->loc.line < call->loc.line || (until && other->loc.line > until))
			continue;
		for (size_t a = 0; a < other->nargs; a++)
			if (other->args[a].kind == VALUE_PLACE && other->args[a].place.root &&
			    !strcmp(other->args[a].place.root, call->result.root) && cfg_arg_formatted(other, a))
				return true;
	}
	return false;
}

/* A string copy in a helper whose source is the helper's parameter, given
 * by the call this path made it through a literal (`AddName(L"hideme.exe")`
 * copying Name into a 64-character array): read as that call's copy, which
 * cannot fail when the literal fits (facts_call_cannot_fail). */
static bool fits_as_given(const struct path *p, const struct hist_item *it)
{
	const struct cfg_call *call = event_call(it->g, it->event);
	const struct cfg_value *src = call && call->nargs == 3 ? &call->args[2] : NULL;
	if (!src || it->frame == 0 || src->kind != VALUE_PLACE || !src->place.root_is_param || src->place.field ||
	    src->place.deref || src->place.index || src->place.param_index < 0)
		return false;
	/* The call into this helper: made in the frame that called it (frames
	 * are numbered as the path opened them, not by depth). */
	const struct cfg_call *via = NULL;
	for (unsigned f = it->frame; f-- > 0 && !via;) {
		const struct cfg_call *c = eval_call_in_frame(p, it, f);
		if (c && c->callee && it->g->function && !strcmp(c->callee, it->g->function))
			via = c;
	}
	if (!via || (size_t)src->place.param_index >= via->nargs || via->args[src->place.param_index].kind != VALUE_STRING)
		return false;
	struct cfg_value args[3] = { call->args[0], call->args[1], via->args[src->place.param_index] };
	struct cfg_call copy = *call;
	copy.args = args;
	return facts_call_cannot_fail(&copy);
}

static void lost_path(const struct check *c, const struct path *p)
{
	const struct call_params *cp = c->compiled;
	const struct hist_item *ret = eval_path_return(p);
	struct status_fate *fate = status_fates(p);
	struct revealed r;
	revealed_init(&r, p);
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		revealed_learn(&r, it);
		if (it->kind != HIST_CALL)
			continue;
		const struct cfg_call *call = event_call(it->g, it->event);
		if (context_call(c, call))
			continue;
		/* A copy the path sized for its source, a reference to a handle
		 * just created: the call cannot fail here. */
		if (!own_helper(c, call) && (kinds_surely_succeeds(&cp->surely, p, i, &r) || fits_as_given(p, it)))
			continue;
		char *how = NULL;
		const struct cfg_loc *related = NULL;
		/* A helper's status lost on a path that returns failure anyway
		 * (a stop helper in a failure branch) changes nothing the caller
		 * of DriverEntry sees: only a path that may report success is
		 * judged. */
		if (own_helper(c, call) && (!ret || ret->outcome == OUTCOME_FAILURE))
			continue;
		if (!call->result_used) {
			/* `(void)f(...)` says the status is ignored on purpose (C6031
			 * is silent there too): a choice, not a status lost; so does
			 * a helper's discarded once per item of a loop. */
			if (!call->cast_to_void && !(own_helper(c, call) && kinds_per_item_call(it->g, it->event, call)))
				how = alloc_strdup("discarded");
		} else {
			bool examined = it->site >= 0 && fate[it->site].examined;
			const struct hist_item *lost = it->site >= 0 ? fate[it->site].lost : NULL;
			if (lost && own_helper(c, call) &&
			    (lost->g != it->g || !call->result.root ||
			     cfg_quietly_read_between(it->g, call->result.root, &it->event->loc, &lost->event->loc))) {
				/* A helper's status kept in a variable may be examined by an
				 * assertion (ASSERT(NT_SUCCESS(status))) that the free build
				 * compiles away, or in a block only another build compiles
				 * (#if DBG): no claim. Nor when another function overwrites it. */
			} else if (lost) {
				how = alloc_printf("overwritten at line %u before it is examined", lost->event->loc.line);
				related = &lost->event->loc;
			} else if (!examined && ret && ret->outcome != OUTCOME_FAILURE && call->result.root &&
				   !printed_after(it->g, call, own_helper(c, call)) &&
				   !(own_helper(c, call) &&
				     cfg_quietly_read_between(it->g, call->result.root, &it->event->loc, &it->g->end))) {
				/* (A helper's status an assertion reads after the call, as
				 * for an overwrite above: no claim.) */
				/* (Used, but in no variable we follow, e.g. an assignment whose
				 * operator a macro body hides from libclang before 17: no claim.) */
				how = alloc_printf("never examined before %s returns", c->entry->function);
				related = ret->event ? &ret->event->loc : NULL;
			}
		}
		if (how) {
			char *line = kinds_line_number_text(it->event->loc.line);
			const char *vars[] = { "call", call->callee, "call_line", line, "how", how, NULL };
			eval_add_finding(c, it->event->loc, it->g->function, p, related, related ? "here" : NULL, vars);
			free(line);
			free(how);
		}
	}
	revealed_release(&r);
	free(fate);
}

static void lost_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	struct status_fate *fate = status_fates(p);
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		/* What "unless_sized" and "unless_fresh_handle" read: the stores
		 * of a MaximumLength, a creator and how its test went. */
		if (it->kind == HIST_STORE) {
			key_ptr(key, it->event);
			continue;
		}
		if (it->kind == HIST_REFINE && it->site >= 0 && fate[it->site].context) {
			key_int(key, (unsigned long long)it->site << 2 | it->outcome);
			continue;
		}
		if (it->kind != HIST_CALL)
			continue;
		const struct cfg_call *call = event_call(it->g, it->event);
		if (context_call(c, call)) {
			if (it->site >= 0)
				fate[it->site].context = true;
			key_int(key, (unsigned long long)it->site);
			continue;
		}
		/* A helper's status lost so far is judged at the return: the
		 * path must not merge with one that kept it. */
		bool held = own_helper(c, call) && !call->result_used;
		if (!call->result_used && !held)
			continue;
		if (held || it->site < 0 || !fate[it->site].settled)
			key_int(key, it->site);
	}
	free(fate);
}

static const struct kind_ops status_lost_ops = {
	.relevant = lost_relevant,
	.helper_status_own = true,
	.printing_examines_nothing = true,
	.check_path = lost_path,
	.summary = lost_summary,
};

const struct kind kind_status_lost = {
	.name = "status-lost",
	.placeholders = (const char *const[]){ "call", "call_line", "how", NULL },
	.compile = call_params_compile,
	.release = call_params_release,
	.ops = &status_lost_ops,
};

