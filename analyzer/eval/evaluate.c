/* SPDX-License-Identifier: Apache-2.0 */
/* The evaluator. One depth-first exploration per rule and DriverEntry over
 * positions (frame, block, event); a frame is one inlined call of a helper.
 * The state is the set of facts about variables still live and the rule's
 * history on this path; a block entered again in an equal state is not
 * explored again, which also bounds loops (histories never hold an item twice). */
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
#include "facts/nofail.h"
#include "eval/history.h"
#include "facts/pointers.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/map.h"

/* The liveness of `g`, computed once per exploration. */
struct liveness *liveness_of(struct explorer *x, const struct cfg *g)
{
	for (size_t i = 0; i < x->nlives; i++)
		if (x->lives[i]->g == g)
			return x->lives[i];
	GROW(x->lives, x->lives_cap, x->nlives + 1);
	return x->lives[x->nlives++] = liveness_compute(g);
}

/* pointer_target, once per call and exploration: it reads every store of the run. */
static enum pointer_target pointer_of(struct explorer *x, size_t from, const struct cfg *g,
				      const struct cfg_call *c, size_t *unit, size_t *index)
{
	struct pointed {
		enum pointer_target target;
		struct pointer_targets to;
	};
	void **slot = ptrmap_slot(&x->pointers, c);
	if (!*slot) {
		struct pointed *p = alloc_zeroed(1, sizeof(*p));
		p->target = pointer_target(x->prog, x->frames[0].unit, from, g, c, &p->to);
		*slot = p;
	}
	const struct pointed *p = *slot;
	*unit = p->to.unit[0];
	*index = p->to.index[0];
	return p->target;
}

/* Whether a body is visible for the helper a call reaches, the depth allows
 * following it, and it is not already on the frame stack. */
static bool inline_target_of(struct explorer *x, int frame, const struct cfg_call *c, size_t *unit,
			     size_t *index)
{
	/* Destructors run on objects whose members carry no facts here (a
	 * local's, a member's); the kinds judge them by what they may call
	 * instead (see cleanup-on-failure). One run by `delete p` acts on *p,
	 * whose members the path knows: it is followed as a method called on it. */
	const struct frame *f = &x->frames[frame];
	if (!c->callee) {
		/* Through a pointer the driver fills with one function only. */
		if (f->depth + 1 > x->opts->max_depth || pointer_of(x, f->unit, f->g, c, unit, index) != POINTER_FUNCTION)
			return false;
	} else if (c->callee_in_system_header || (c->callee[0] == '~' && !c->object.root)) {
		return false;
	} else if (f->depth + 1 > x->opts->max_depth ||
		   !program_resolve_scoped(x->prog, c->callee, c->scope, f->unit, unit, index)) {
		return false;
	}
	if (!program_function(x->prog, *unit, *index)->cfg)
		return false;
	/* DriverEntry handing its driver object on as another type
	 * (`(PFILTER_EXTENSION)DriverObject`, a crash-dump filter's entry in
	 * the same image): that path is another kind of driver, whose duties
	 * the rules cannot judge from the helper's body. */
	for (size_t a = 0; frame == 0 && a < c->nargs; a++) {
		const struct cfg_value *v = &c->args[a];
		if (v->kind == VALUE_PLACE && v->place.root_is_param && v->place.param_index == 0 && !v->place.deref &&
		    v->text && v->text[0] == '(' && strcmp(v->text + strcspn(v->text, ")") + 1, v->place.root) == 0)
			return false;
	}
	for (int i = frame; i >= 0; i = x->frames[i].parent)
		if (x->frames[i].unit == *unit && x->frames[i].index == *index)
			return false;
	return true;
}

/* Asked once per event and exploration: a path passes the same events many
 * times, and the kinds compare the callee with every name of their lists. */
static bool is_relevant(struct explorer *x, const struct cfg *g, const struct cfg_event *e)
{
	if (!x->kind->relevant)
		return false;
	void **slot = ptrmap_slot(&x->relevant, e);
	if (!*slot) {
		bool *yes = alloc_bytes(sizeof(*yes));
		*yes = x->kind->relevant(x->check, g, e);
		*slot = yes;
	}
	return *(bool *)*slot;
}

static bool relevant_event(void *ctx, const struct cfg *g, const struct cfg_event *e)
{
	return is_relevant(ctx, g, e);
}

/* Whether a helper, or what it calls as deep as inlining goes, holds an event
 * the kind finds relevant. Worked out once per helper and exploration; a
 * helper already being looked at counts as quiet (a cycle adds nothing). */
static bool helper_is_quiet(struct explorer *x, size_t unit, size_t index, unsigned depth)
{
	const struct function_facts *fn = program_function(x->prog, unit, index);
	void **slot = ptrmap_slot(&x->quiet, fn);
	if (*slot)
		return *(bool *)*slot;
	bool *quiet = alloc_bytes(sizeof(*quiet));
	*quiet = true;
	*slot = quiet;
	const struct cfg *g = fn->cfg;
	for (size_t b = 0; *quiet && g && b < g->nblocks; b++) {
		for (size_t e = 0; *quiet && e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			if (is_relevant(x, g, ev)) {
				*quiet = false;
				break;
			}
			const struct cfg_call *c = ev->kind == EVENT_CALL ? &g->calls[ev->call] : NULL;
			size_t u, i;
			if (c && c->callee && !c->callee_in_system_header && c->callee[0] != '~' &&
			    depth + 1 < x->opts->max_depth && program_resolve_scoped(x->prog, c->callee, c->scope, unit, &u, &i) &&
			    program_function(x->prog, u, i)->cfg && !helper_is_quiet(x, u, i, depth + 1))
				*quiet = false;
		}
	}
	return *quiet; /* the map owns it; `slot` may have moved meanwhile */
}

enum call_target {
	CALL_OPAQUE,            /* no body followed: the call may have done anything */
	CALL_INLINE,            /* the helper's body is explored */
	CALL_STEPPED_OVER,      /* a quiet helper, stepped over: nothing the kind sees happens */
};

/* What becomes of a call: the helper it reaches is inlined when a body is
 * visible, the depth allows it, and it is not already on the frame stack. */
static enum call_target inline_target(struct explorer *x, int frame, const struct cfg_call *c, size_t *unit,
				      size_t *index)
{
	enum call_target t = inline_target_of(x, frame, c, unit, index) ? CALL_INLINE : CALL_OPAQUE;
	if (t == CALL_INLINE && x->quiet_helpers &&
	    helper_is_quiet(x, *unit, *index, (unsigned)x->frames[frame].depth + 1)) {
		x->stepped_over = true;
		return CALL_STEPPED_OVER;
	}
	return t;
}
/* Whether the call is one the full exploration would have followed and a
 * retry after the budget did not: what it returned or left behind is then
 * taken as unknown, a guess a finding must not rest on (confirm.c). */
static bool retry_guessed(struct explorer *x, int frame, const struct cfg_call *c, enum call_target target)
{
	if (!x->quiet_helpers || target == CALL_INLINE)
		return false;
	if (target == CALL_STEPPED_OVER)
		return true;
	size_t unit, index;
	return x->opts->max_depth < PROGRAM_HELPER_DEPTH && c->callee && !c->callee_in_system_header &&
	       c->callee[0] != '~' && x->frames[frame].depth + 1 <= PROGRAM_HELPER_DEPTH &&
	       program_resolve_scoped(x->prog, c->callee, c->scope, x->frames[frame].unit, &unit, &index) &&
	       program_function(x->prog, unit, index)->cfg;
}

static void finish_path(struct explorer *x, struct state *s)
{
	confirm_finish(x, s);
}

static void drop_frame_facts(struct state *s, int frame)
{
	for (size_t i = s->nfacts; i-- > 0;)
		if (s->facts[i].frame == frame)
			state_drop_fact_at(s, i);
}

/* Forgets the facts no relevant call produced (with `sites_too`, those
 * that one did too, but for statuses); returns whether there were any. */
static bool forget_flag_facts(struct state *s, unsigned visits, bool sites_too)
{
	bool any = false;
	state_flush(s);
	if (!s->nflags && !sites_too)
		return false;
	for (size_t i = s->nfacts; i-- > 0;) {
		/* First the join's own frame, then every helper's: the flags of
		 * the routines that called it, DriverEntry's InitDone flags and the
		 * globals it sets (g_Ext->bPoolInit) above all, still decide their
		 * cleanup. Past four times the limit, all. */
		int frame = s->facts[i].frame;
		bool forget = frame == s->frame ||
			      (visits >= 2 * WIDEN_AFTER && frame != 0 && !eval_frame_is_global(frame)) ||
			      visits >= 4 * WIDEN_AFTER;
		if (forget && (s->facts[i].site < 0 || sites_too) && !s->facts[i].holds_status) {
			state_drop_fact_at(s, i);
			any = true;
		}
	}
	return any;
}

/* Returning from an inlined frame: binds the returned value to the call's
 * result in the parent and continues after the call. */
static void return_to_parent(struct state *s, const struct frame *f, int frame, enum outcome outcome,
			     int site)
{
	const struct cfg *pg = s->frame >= 0 ? NULL : NULL;
	(void)pg;
	int parent = f->parent;
	drop_frame_facts(s, frame);
	s->frame = parent;
	s->block = f->call_block;
	s->event = f->call_event + 1;
	(void)outcome;
	(void)site;
}

/* A call the path follows into the helper's body, frame `callee`: the call
 * is recorded when the kind finds it relevant, the arguments are bound to
 * the helper's parameters, and the state moves to the helper's entry. */
static void enter_helper(struct explorer *x, struct state *s, const struct cfg *g, const struct cfg_event *e,
			 int callee)
{
	int frame = s->frame;
	const struct cfg_call *c = &g->calls[e->call];
	const struct cfg *cg = x->frames[callee].g;
	if (is_relevant(x, g, e)) {
		int site = frames_site_on_path(x, s, frame, e->call);
		state_mark_earlier_runs(s, site);
		state_push_hist(s, (struct hist_item){ .kind = HIST_CALL, .g = g, .event = e, .frame = (unsigned)frame,
						       .site = site });
	}
	for (size_t a = 0; a < c->nargs && a < cg->nparams; a++) {
		enum outcome o;
		int site;
		eval_value(s, frame, &c->args[a], &o, &site);
		/* A constant argument selects the helper's path
		 * (PreparePort(filter, KIND_SCAN) fills the scan port). */
		const struct cfg_value *v = &c->args[a];
		const struct fact *from = state_value_fact(s, frame, v);
		bool known = v->kind == VALUE_CONSTANT || v->kind == VALUE_NULL || (from && from->known_const);
		long long number = v->kind == VALUE_CONSTANT ? v->number
				   : v->kind == VALUE_NULL ? 0 : from ? from->number : 0;
		/* A flag word's known bits go along: Has(m_Done, Step::Filter). Read
		 * now: making the parameter's fact may move the one it copies. */
		uint64_t ones = from && !known ? from->ones : 0, zeros = from && !known ? from->zeros : 0;
		struct fact *f = state_set_fact(s, callee, cg->params[a].name);
		f->outcome = o;
		f->site = site;
		f->examined = true;
		f->known_const = known;
		f->number = number;
		f->positive = f->nonneg = f->excludes = f->kept_if_failed = false;
		f->ones = ones;
		f->zeros = zeros;
	}
	for (size_t k = 0; k < x->frames[callee].forget.len; k++)
		state_forget_unbound_members(s, x->frames[callee].forget.items[k]);
	s->frame = callee;
	s->block = cg->entry;
	s->event = 0;
}

static void set_kernel_status(struct state *s, struct fact *f)
{
	if (f) {
		state_touch_fact(s, f);
		f->kernel_status = true;
	}
}

/* The result of call `e` (its "@N" and the variable assigned) is a kernel
 * routine's status that the rule does not track. */
static void mark_kernel_status(struct state *s, int frame, const struct cfg_event *e, const struct cfg_call *c)
{
	char *k = liveness_call_name(e->call);
	set_kernel_status(s, state_find_fact(s, frame, k));
	free(k);
	if (c->result.root)
		set_kernel_status(s, state_find_resolved(s, state_resolve_place(s, frame, &c->result)));
}

/* Whether `c` references the thread of a handle its frame's creation of a
 * system thread filled, a creation the path has not seen fail: the
 * reference fails only when the creation did, and on that path there is no
 * thread to hold (facts_references_thread_handle). */
static bool references_fresh_thread(const struct explorer *x, struct state *s, int frame, const struct cfg_call *c)
{
	if (!facts_references_thread_handle(c) || c->args[0].kind != VALUE_PLACE)
		return false;
	const struct fact *h = state_value_fact(s, frame, &c->args[0]);
	if (!h || h->site < 0 || (size_t)h->site >= x->nsites || h->outcome == OUTCOME_FAILURE || h->earlier_run)
		return false;
	const struct site *made = &x->sites[h->site];
	return made->frame == frame && facts_thread_creation(&x->frames[frame].g->calls[made->call]);
}

/* A call the path does not follow (no body, or a quiet helper stepped
 * over): it is recorded, relevant or opaque, and its result, the variable
 * assigned it and its out parameters hold what it produced, unknown. */
static void step_over_call(struct explorer *x, struct state *s, const struct cfg *g, const struct cfg_event *e,
			   enum call_target target)
{
	int frame = s->frame;
	const struct cfg_call *c = &g->calls[e->call];
	int site = -1;
	if (is_relevant(x, g, e)) {
		site = frames_site_on_path(x, s, frame, e->call);
		state_mark_earlier_runs(s, site);
		struct hist_item it = { .kind = HIST_CALL, .g = g, .event = e, .frame = (unsigned)frame, .site = site };
		frames_out_global(x, frame, c, &it);
		it.this_global = frames_this_object(x, frame);
		state_push_hist(s, it);
	} else if (target == CALL_OPAQUE && !c->callee_in_system_header &&
		   !(c->callee && c->callee[0] == '~')) {
		state_push_hist(s, (struct hist_item){ .kind = HIST_OPAQUE, .g = g, .event = e, .frame = (unsigned)frame,
						       .site = -1 });
	}
	long long was;
	bool was_known = state_result_before(s, frame, c, &was);
	struct fact held;
	bool moves = !was_known && state_exchange_held(s, frame, c, &held);
	bool compared = !was_known && state_compare_exchange(s, frame, c, &was);
	/* A routine that cannot fail with these arguments has no failure branch
	 * (ExInitializeLookasideListEx with a valid pool type and flags), nor
	 * one that fails only where an earlier call did. */
	enum outcome o = facts_call_cannot_fail(c) || references_fresh_thread(x, s, frame, c) ? OUTCOME_SUCCESS
											     : OUTCOME_UNKNOWN;
	char *k = liveness_call_name(e->call);
	state_assign_name(s, frame, k, o, site, g, e);
	free(k);
	if (c->result.root)
		state_assign_resolved(s, state_resolve_place(s, frame, &c->result), o, site, true, g, e);
	if (o == OUTCOME_UNKNOWN && site < 0 && (c->callee_in_system_header || c->imported))
		mark_kernel_status(s, frame, e, c);
	if (was_known || compared)
		state_result_known(s, frame, e->call, c, was);
	if (moves)
		state_result_holds(s, frame, e->call, c, &held);
	/* The path cannot count references another thread or routine holds, so a
	 * drop is taken as the last one: what the count guards is released, not
	 * left on a path that rests on a count nobody knows. */
	if (cfg_is_decrement(c->callee) && c->nargs == 1)
		state_result_known(s, frame, e->call, c, 0);
	eval_fill_out_params(x, s, g, e, site, compared);
	if (compared)
		state_compare_exchanged(s, frame, c, was);
	state_devices_after_call(s, c, site);
}

/* A call event: the statuses passed to it are examined, but for one only
 * printed (`DbgPrintEx(..., "%x", status)`: a log line decides nothing), to
 * the kind that judges statuses; the
 * helper it reaches is entered when the path can follow it, else the call
 * is stepped over. Returns whether the state moved into the helper. */
static bool step_call(struct explorer *x, struct state *s, const struct cfg *g, const struct cfg_event *e)
{
	int frame = s->frame;
	const struct cfg_call *c = &g->calls[e->call];
	for (size_t a = 0; a < c->nargs; a++)
		if (c->args[a].kind != VALUE_ADDRESS && !(x->kind->printing_examines_nothing && cfg_arg_formatted(c, a)))
			state_mark_examined(s, frame, state_value_fact(s, frame, &c->args[a]), g, e);
	size_t unit, index;
	enum call_target target = inline_target(x, frame, c, &unit, &index);
	if (!s->guess && retry_guessed(x, frame, c, target))
		s->guess = c;
	if (target == CALL_INLINE) {
		int callee = frames_for(x, frame, s->block, s->event, unit, index, c);
		if (callee >= 0) {
			enter_helper(x, s, g, e, callee);
			return true;
		}
		/* No frame is left for it: what it does goes unseen, so the
		 * exploration did not check every path (run_path_rule retries). */
		x->truncated = x->frames_full = true;
	}
	step_over_call(x, s, g, e, target);
	return false;
}

/* `p->Member = v` returned: p is no NULL pointer from here on, so a later
 * `if (p != NULL)` of the same p goes one way (a cleanup label's guard).
 * A local's only: a parameter stands for what its caller gave, and a fact
 * of it would only set apart states no test of it joins. */
static void stored_through(struct state *s, int frame, const struct cfg_place *target)
{
	if (!target->root || target->root_is_global || target->root_is_this || target->root_is_param || !target->path)
		return;
	size_t n = strlen(target->root);
	if (strncmp(target->path, target->root, n) || strncmp(target->path + n, "->", 2))
		return;
	struct fact *f = state_find_resolved(s, state_resolve_name(s, frame, target->root));
	/* Only a pointer the path knows nothing else of: one that holds what a
	 * relevant call returned has its test decided by that call. */
	if (f && !f->known_const && f->site < 0 && !f->excludes) {
		state_touch_fact(s, f);
		f->excludes = true;
		f->excluded = 0;
	}
}

/* An assignment or a store: the target holds the value's outcome (and so
 * does the caller's variable a pointer parameter stands for); the statuses
 * the value looks at are examined; a relevant store is recorded. */
static void step_store(struct explorer *x, struct state *s, const struct cfg *g, const struct cfg_event *e)
{
	int frame = s->frame;
	enum outcome o;
	int site;
	eval_value(s, frame, &e->value, &o, &site);
	if (e->kind == EVENT_STORE)
		state_mark_examined(s, frame, state_value_fact(s, frame, &e->value), g, e);
	state_examine_value_names(s, frame, &e->value, g, e);
	struct stored st;
	state_stored_before(s, frame, e, &st);
	/* `status = F()`: the status now lives in the variable; the
	 * call's own value is read by nothing else, so it does not keep
	 * the status held when the variable is overwritten. */
	struct fact *held = e->kind == EVENT_ASSIGN && !e->compound && e->value.kind == VALUE_CALL
				    ? state_value_fact(s, frame, &e->value) : NULL;
	/* A call's result that is an object, not a status (what an exchange
	 * took out: a handle), is none in the variable either; nor is a flag
	 * that records whether a status succeeded (`ok = NT_SUCCESS(s)`). */
	bool status = !(held && held->site >= 0 && !held->holds_status) && !e->value.success_of;
	if (held && held->holds_status) {
		state_touch_fact(s, held);
		held->holds_status = false;
	}
	const struct fact *source = state_value_fact(s, frame, &e->value);
	bool kernel_status = o == OUTCOME_UNKNOWN && !e->compound && source && source->kernel_status;
	bool earlier = source && source->earlier_run && site == source->site;
	/* Through a C helper's object or parameter, the caller's fact is kept
	 * for a constant (a flag the caller's later helpers test); anything
	 * else is kept under the helper's own name, as before the binding, and
	 * the caller's fact is dropped: a pointer a call returned and kept
	 * there, read by a later helper, is the guess branches.c knows, and a
	 * fact per outcome of every buffer kept so would only tell states
	 * apart (npcap's three adapter names took DE006 past its budget). */
	/* `status |= F()` carries the status it held on in what it stores. */
	if (e->compound && e->value.kind == VALUE_CALL)
		state_mark_examined(s, frame, state_find_resolved(s, state_resolve_place(s, frame, &e->target)), g, e);
	struct fact_ref target = state_resolve_place(s, frame, &e->target);
	bool constant = e->value.kind == VALUE_CONSTANT || e->value.kind == VALUE_NULL || (source && source->known_const);
	if (e->target.field && (e->target.root_is_global || e->target.root_is_param || e->target.root_is_this) &&
	    !constant && source && source->site >= 0 && !e->compound)
		state_note_kept_field(s, e->target.field);
	if (target.bound && !constant) {
		struct fact *was = state_find_fact(s, target.frame, target.name);
		if (was)
			state_drop_fact_at(s, (size_t)(was - s->facts));
		free(target.owned);
		target = (struct fact_ref){ target.own_frame, target.own_name, NULL, false, false,
					    target.own_frame, target.own_name };
	}
	state_assign_resolved(s, target, o, site, status, g, e);
	if (kernel_status)
		set_kernel_status(s, state_find_resolved(s, state_resolve_place(s, frame, &e->target)));
	if (earlier)
		state_mark_earlier_runs_of(s, state_find_resolved(s, state_resolve_place(s, frame, &e->target)));
	int to;
	const struct cfg_place *caller;
	if (e->target.deref && !e->compound && frames_caller_place(x, frame, &e->target, &to, &caller))
		state_assign_resolved(s, state_resolve_place(s, to, caller), o, site, true, g, e);
	state_stored_after(s, frame, e, &st);
	stored_through(s, frame, &e->target);
	if (is_relevant(x, g, e)) {
		struct hist_item it = { .kind = HIST_STORE, .g = g, .event = e, .frame = (unsigned)frame, .site = site,
					.outcome = o };
		frames_caller_variable(x, frame, &e->target, &it);
		it.member_global = frames_this_global(x, frame, &e->target);
		if (!it.member_global)
			it.member_global = frames_param_member_global(x, frame, &e->target);
		state_push_hist(s, it);
	}
}

/* A zeroing (RtlZeroMemory): recorded when relevant, with the caller's
 * variable it writes through a pointer parameter. */
static void step_zero(struct explorer *x, struct state *s, const struct cfg *g, const struct cfg_event *e)
{
	/* Its members are 0 now: those a test reads (the seeds) are known so. */
	struct fact_ref r = state_resolve_place(s, s->frame, &e->target);
	state_forget_members(s, r.frame, r.name);
	size_t n = r.name && eval_frame_is_global(r.frame) ? strlen(r.name) : 0;
	for (size_t i = 0; n && i < x->check->nseeds; i++) {
		const char *k = x->check->seeds[i].name;
		if (x->check->seeds[i].frame != r.frame || strncmp(k, r.name, n) || k[n] != '.')
			continue;
		struct fact *f = state_set_fact(s, r.frame, k);
		f->known_const = true;
		f->number = 0;
		f->outcome = eval_constant_outcome(0);
	}
	free(r.owned);
	if (is_relevant(x, g, e)) {
		struct hist_item it = { .kind = HIST_ZERO, .g = g, .event = e, .frame = (unsigned)s->frame,
					.site = -1 };
		frames_caller_variable(x, s->frame, &e->target, &it);
		state_push_hist(s, it);
	}
}

/* A helper returns the value `e` returns, whose outcome and call site are
 * `o` and `site`: the state moves back to the caller, after the call, whose
 * result (and the variable it is assigned to) hold the value. */
static void return_from_helper(struct explorer *x, struct state *s, const struct cfg_event *e, enum outcome o,
			       int site)
{
	int frame = s->frame;
	const struct frame *f = &x->frames[frame];
	const struct cfg *pg = x->frames[f->parent].g;
	const struct cfg_event *call_event = &pg->blocks[f->call_block].events[f->call_event];
	const struct cfg_call *c = &pg->calls[call_event->call];
	/* A helper that returns a constant on this path (TRUE, FALSE, NULL)
	 * decides the caller's test of it: `if (ok)` after `ok = Init()`. */
	const struct fact *from = state_value_fact(s, frame, &e->value);
	bool known = e->value.kind == VALUE_CONSTANT || e->value.kind == VALUE_NULL ||
		     (from && from->known_const);
	long long number = e->value.kind == VALUE_CONSTANT ? e->value.number
			   : from && from->known_const ? from->number : 0;
	bool kernel_status = o == OUTCOME_UNKNOWN && from && from->kernel_status;
	return_to_parent(s, f, frame, o, site);
	if (x->kind->helper_status_own && is_relevant(x, pg, call_event))
		site = frames_site_recorded(s, s->frame, call_event);
	char *k = liveness_call_name(call_event->call);
	state_assign_name(s, s->frame, k, o, site, pg, call_event);
	free(k);
	if (c->result.root)
		state_assign_resolved(s, state_resolve_place(s, s->frame, &c->result), o, site, true, pg, call_event);
	if (known)
		state_result_known(s, s->frame, call_event->call, c, number);
	if (kernel_status && site < 0)
		mark_kernel_status(s, s->frame, call_event, c);
}

/* DriverEntry returns, untested, the status of call `site` (`status =
 * F(); return status;`, `return F();`), or of a kernel routine the rule
 * does not track (site -1, maybe through helpers that return it as it is):
 * the call may have failed, and then DriverEntry returns that failure. A
 * kind that judges failure returns also sees that path: a copy of the state
 * that learns the call failed (what the call acquired is then not held) and
 * returns failure. */
static void return_untested_failure(struct explorer *x, struct state *alt, const struct cfg *g,
				    const struct cfg_event *e, int site)
{
	state_push_hist(alt, (struct hist_item){ .kind = HIST_REFINE, .g = g, .event = e, .site = site,
						 .outcome = OUTCOME_FAILURE });
	for (size_t i = 0; site >= 0 && i < alt->nfacts; i++)
		if (alt->facts[i].site == site && !alt->facts[i].earlier_run) {
			state_touch_fact(alt, &alt->facts[i]);
			alt->facts[i].outcome = OUTCOME_FAILURE;
		}
	state_push_hist(alt, (struct hist_item){ .kind = HIST_RETURN, .g = g, .event = e, .site = site,
						 .outcome = OUTCOME_FAILURE });
	finish_path(x, alt);
	state_release(alt);
}

/* A return: the status returned is examined. DriverEntry's return ends the
 * path (returns false) with its return item, and the kind judges it; a
 * helper's moves the state back to its caller. */
static bool step_return(struct explorer *x, struct state *s, const struct cfg *g, const struct cfg_event *e)
{
	int frame = s->frame;
	enum outcome o;
	int site;
	eval_value(s, frame, &e->value, &o, &site);
	state_mark_examined(s, frame, state_value_fact(s, frame, &e->value), g, e);
	if (frame == 0) {
		const struct fact *value = state_value_fact(s, frame, &e->value);
		bool fork = o == OUTCOME_UNKNOWN && (site >= 0 || (value && value->kernel_status)) &&
			    !x->kind->failure_returns_silent;
		struct state alt;
		if (g->blocks[s->block].jumps && x->kind->records_jumps)
			state_push_hist(s, (struct hist_item){ .kind = HIST_JUMP, .g = g, .site = s->block });
		if (fork)
			state_copy(&alt, s);
		state_push_hist(s, (struct hist_item){ .kind = HIST_RETURN, .g = g, .event = e, .site = site,
						       .outcome = o });
		finish_path(x, s);
		if (fork) /* after the path as it is, whose evidence comes first */
			return_untested_failure(x, &alt, g, e, site);
		return false;
	}
	if (x->kind->records_leaves)
		state_push_hist(s, (struct hist_item){ .kind = HIST_LEAVE, .g = g, .event = e,
						       .frame = (unsigned)frame });
	return_from_helper(x, s, e, o, site);
	return true;
}

/* Processes one event; returns false when the path ends. `moved`: the
 * state moved elsewhere (into a helper, or back to the caller) and holds
 * its new position. */
static bool step_event(struct explorer *x, struct state *s, const struct cfg *g,
		       const struct cfg_event *e, bool *moved)
{
	*moved = false;
	switch (e->kind) {
	case EVENT_CALL:
		*moved = step_call(x, s, g, e);
		return true;
	case EVENT_ASSIGN:
	case EVENT_STORE:
		step_store(x, s, g, e);
		return true;
	case EVENT_ZERO:
		step_zero(x, s, g, e);
		return true;
	case EVENT_RETURN:
		if (!step_return(x, s, g, e))
			return false;
		*moved = true;
		return true;
	}
	return true;
}

double explorer_clock(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Follows one path from `s` until it ends, merges or branches; at a branch
 * the successors go onto `work`, the first taken on top (depth first, in the
 * order the recursive explorer had).
 *
 * The budget counts the blocks paths reach. One a path walks to after a test
 * its facts decide, in a frame no cycle can enter, in a state whose facts no
 * state there had before, counts 1/STRAIGHT_PER_STEP: such a walk cannot fork
 * or loop, and facts new at each block are no combination of histories
 * multiplying (a failure label that frees N guarded pointers, reached by N
 * paths each holding its own ones, is N walks of N blocks). */
static void explore_path(struct explorer *x, struct state *s, struct worklist *work)
{
	bool straight = false;
	for (;;) {
		size_t budget = x->opts->max_states + (size_t)x->opts->visits_per_block * x->positions;
		if (!straight && ++x->steps > budget) {
			x->truncated = true;
			return;
		}
		if (((x->steps + x->straight_steps) & 1023) == 0 && explorer_clock() > x->deadline) {
			x->truncated = x->out_of_time = true;
			return;
		}
		struct frame *f = &x->frames[s->frame];
		const struct cfg *g = f->g;
		const struct cfg_block *b = &g->blocks[s->block];
		if (s->event == 0) {
			s->nsteps++;
			liveness_drop_dead_facts(x, s, f, s->frame, s->block);
			if (x->replay && confirm_replay_stops(x, s))
				return;
			/* A kind that reports only at a success, or not at a failure:
			 * nothing ahead returns one. */
			if ((x->kind->success_returns_only || x->kind->failure_returns_silent) && !x->replay &&
			    explorer_returns_only_failure(x, s))
				return;
		}
		if (s->event == 0 && !x->replay) {
			if (f->visits[s->block] >= WIDEN_AFTER &&
			    forget_flag_facts(s, f->visits[s->block], x->kind->outcomes_unread))
				x->widened = s->widened = true;
			bool new_facts;
			if (state_seen_before(x, s, &new_facts)) {
				/* Merged into a path seen before: what this one did so far is
				 * still reported (findings at events need no return). */
				if (x->kind->summary)
					finish_path(x, s);
				return;
			}
			f->visits[s->block]++;
			if (straight && new_facts)
				x->straight_steps++;
			else if (straight)
				x->steps++;
			if (x->steps + x->straight_steps / STRAIGHT_PER_STEP > budget) {
				x->truncated = true;
				return;
			}
		}
		bool moved = false;
		while (s->event < b->nevents) {
			const struct cfg_event *e = &b->events[s->event];
			if (!step_event(x, s, g, e, &moved))
				return;
			if (moved)
				break;
			s->event++;
		}
		if (moved) {
			straight = false; /* another frame: its own cycles */
			continue;
		}

		if (s->block == g->exit) {
			if (s->frame == 0) {
				/* Fell off the end: a return with no value. */
				state_push_hist(s, (struct hist_item){ .kind = HIST_RETURN, .g = g,
						.site = -1 });
				finish_path(x, s);
				return;
			}
			if (x->kind->records_leaves)
				state_push_hist(s, (struct hist_item){ .kind = HIST_LEAVE, .g = g,
						.frame = (unsigned)s->frame });
			const struct frame *cf = &x->frames[s->frame];
			const struct cfg *pg = x->frames[cf->parent].g;
			const struct cfg_event *call_event = &pg->blocks[cf->call_block].events[cf->call_event];
			int callee_frame = s->frame;
			return_to_parent(s, cf, callee_frame, OUTCOME_UNKNOWN, -1);
			char *k = liveness_call_name(call_event->call);
			if (!state_find_fact(s, s->frame, k))
				state_assign_name(s, s->frame, k, OUTCOME_UNKNOWN, -1, pg, call_event);
			free(k);
			straight = false;
			continue;
		}
		if (b->nsucc == 0)
			return;
		if (b->nsucc == 1 || b->cond.kind == COND_NONE) {
			if (b->jumps && s->frame == 0 && x->kind->records_jumps)
				state_push_hist(s, (struct hist_item){ .kind = HIST_JUMP, .g = g,
						.site = (int)b->id });
			s->block = b->succ[0];
			s->event = 0;
			if (s->block < 0)
				return;
			continue;
		}
		int decided = state_take_decided_branch(s, g, b);
		if (x->replay && decided >= 0 && !confirm_replay_decided(x, s, b, decided))
			return;
		if (decided > 0) {
			straight = !f->cyclic;
			continue;
		}
		if (decided < 0 && x->replay)
			confirm_replay_fork(x, work, s, g, b);
		else if (decided < 0)
			for (size_t i = b->nsucc; i-- > 0;) {
				size_t before = work->len;
				state_push_successor(work, s, g, b, i);
				if (work->len > before)
					state_note_destructor_guess(&work->items[work->len - 1], g, b, i, relevant_event, x);
				confirm_note_decision(work, before, s, i);
			}
		return;
	}
}

void explorer_walk(struct explorer *x, const struct state *start)
{
	struct worklist work = { 0 };
	alloc_grow((void **)&work.items, &work.cap, 1, sizeof(*work.items));
	state_copy(&work.items[work.len++], start);
	while (work.len > 0) {
		struct state s = work.items[--work.len];
		if (!x->truncated)
			explore_path(x, &s, &work);
		state_release(&s);
	}
	free(work.items);
}
