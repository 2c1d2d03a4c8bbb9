/* SPDX-License-Identifier: Apache-2.0 */
/* What an unload routine undoes on every path (kinds/undone.h). */
#include "kinds/undone.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "facts/entry.h"
#include "facts/program.h"
#include "kinds/pairs.h"
#include "kinds/shared.h"
#include "kinds/threads.h"
#include "base/alloc.h"
#include "base/map.h"

/* How many calls deep an unload routine's helpers are followed. */
#define UNLOAD_DEPTH 6

static struct undone undone_by(const struct check *c, const struct pair_list *pairs, size_t unit, size_t index,
				unsigned depth, const struct cfg_call *via);

/* What the function, or what it calls however deep, may release of `pairs`
 * (a bit each), with BEYOND_OPAQUE when it makes a call that could do
 * anything. Past UNLOAD_DEPTH a helper is not followed path by path: what
 * it may release counts as released, and one that can release nothing (an
 * allocator, a logging routine) must not hide what the rest forgot. */
#define BEYOND_OPAQUE (1ull << 63)
static uint64_t undone_beyond(const struct check *c, const struct pair_list *pairs, size_t unit, size_t index)
{
	const struct function_facts *root = program_function(c->prog, unit, index);
	void **slot = ptrmap_slot(c->memo, &root->line); /* the memo frees what it holds */
	if (*slot)
		return *(uint64_t *)*slot;
	struct u64set seen = U64SET_INIT;
	size_t n = 0, cap = 16;
	size_t *stack = alloc_bytes(cap * 2 * sizeof(*stack));
	uint64_t bits = 0;
#define PUSH(u_, i_)                                                                         \
	do {                                                                                 \
		if (u64set_add(&seen, ((unsigned long long)(u_) << 32 | (i_)) + 1)) {        \
			if (n == cap)                                                        \
				stack = alloc_resize(stack, (cap *= 2) * 2 * sizeof(*stack)); \
			stack[2 * n] = (u_);                                                 \
			stack[2 * n + 1] = (i_);                                             \
			n++;                                                                 \
		}                                                                            \
	} while (0)
	PUSH(unit, index);
	while (n && !(bits & BEYOND_OPAQUE)) {
		n--;
		size_t fu = stack[2 * n];
		const struct cfg *g = program_function(c->prog, fu, stack[2 * n + 1])->cfg;
		if (!g)
			bits |= BEYOND_OPAQUE;
		for (size_t k = 0; g && k < g->ncalls; k++) {
			const struct cfg_call *call = &g->calls[k];
			for (size_t q = 0; q < pairs->len && q < UNDONE_MAX_PAIRS; q++)
				if (pairs_call_releases(&pairs->items[q], call))
					bits |= q < 63 ? 1ull << q : BEYOND_OPAQUE; /* the last pair's bit is taken */
			const struct thread_routines *threads = kinds_call_waits(call) ? kinds_started_threads(c) : NULL;
			for (size_t t = 0; threads && t < threads->n; t++)
				PUSH(threads->unit[t], threads->index[t]);
			size_t u, i;
			const struct pointer_targets *t;
			if (call->callee && call->callee_in_system_header)
				continue;
			if (call->callee && program_resolve_scoped(c->prog, call->callee, call->scope, fu, &u, &i)) {
				PUSH(u, i);
			} else if (call->callee) {
				if (cfg_call_unknown_macro(call) || (!call->undeclared && !call->imported))
					bits |= BEYOND_OPAQUE;
			} else {
				enum pointer_target to = kinds_pointer_target(c, fu, g, call, &t);
				bool functions = (to == POINTER_FUNCTION || to == POINTER_FUNCTIONS) &&
						 kinds_targets_visible(c, t);
				if (to != POINTER_KERNEL && !functions)
					bits |= BEYOND_OPAQUE;
				for (size_t x = 0; functions && x < t->n; x++)
					PUSH(t->unit[x], t->index[x]);
			}
		}
	}
#undef PUSH
	free(stack);
	u64set_clear(&seen);
	uint64_t *memo = alloc_bytes(sizeof(*memo));
	*memo = bits;
	/* Asked again: the walk's own memo lookups (the threads started) may
	 * have grown the map and moved the slot. */
	*ptrmap_slot(c->memo, &root->line) = memo;
	return bits;
}

/* What a call undoes: a release of a pair, or a helper's own teardown. */
static void call_undoes(const struct check *c, const struct pair_list *pairs, size_t unit, const struct cfg *g,
			const struct cfg_call *call, unsigned depth,
			uint64_t *must, uint64_t *may, struct undone *hidden)
{
	bool releases = false;
	for (size_t k = 0; k < pairs->len && k < UNDONE_MAX_PAIRS; k++) {
		if (pairs_call_releases(&pairs->items[k], call)) {
			*must |= 1ull << k;
			releases = true;
		}
	}
	/* A wait returns when the driver's system thread has run to its end:
	 * what its start routine releases is released here. */
	const struct thread_routines *threads = kinds_call_waits(call) && depth < UNLOAD_DEPTH
							? kinds_started_threads(c) : NULL;
	for (size_t k = 0; threads && k < threads->n; k++) {
		struct undone h = undone_by(c, pairs, threads->unit[k], threads->index[k], depth + 1, NULL);
		*must |= h.must;
		*may |= h.may;
	}
	if (releases)
		return;
	size_t u, i;
	const struct pointer_targets *t;
	enum pointer_target pointer = call->callee ? POINTER_UNKNOWN : kinds_pointer_target(c, unit, g, call, &t);
	if (depth < UNLOAD_DEPTH && call->callee && !call->callee_in_system_header &&
	    program_resolve_scoped(c->prog, call->callee, call->scope, unit, &u, &i) &&
	    program_function(c->prog, u, i)->cfg) {
		struct undone h = undone_by(c, pairs, u, i, depth + 1, call);
		*must |= h.must;
		*may |= h.may;
		for (size_t k = 0; k < UNDONE_MAX_PAIRS; k++)
			if (h.dead[k] && !hidden->dead[k]) {
				hidden->dead[k] = h.dead[k];
				hidden->dead_at[k] = h.dead_at[k];
			}
		if (h.hidden && !hidden->hidden) {
			hidden->hidden = h.hidden;
			hidden->hidden_line = h.hidden_line;
		}
		return;
	}
	if (depth < UNLOAD_DEPTH && (pointer == POINTER_FUNCTION || pointer == POINTER_FUNCTIONS) &&
	    kinds_targets_visible(c, t)) {
		/* One of the functions stored: what each undoes may be undone, what
		 * all of them undo must be. */
		uint64_t all = ~0ull;
		for (size_t k = 0; k < t->n; k++) {
			struct undone h = undone_by(c, pairs, t->unit[k], t->index[k], depth + 1, NULL);
			all &= h.must;
			*may |= h.may | h.must;
			if (h.hidden && !hidden->hidden) {
				hidden->hidden = h.hidden;
				hidden->hidden_line = h.hidden_line;
			}
		}
		*must |= all;
		return;
	}
	uint64_t beyond = depth >= UNLOAD_DEPTH && call->callee && !call->callee_in_system_header &&
				  program_resolve_scoped(c->prog, call->callee, call->scope, unit, &u, &i)
			  ? undone_beyond(c, pairs, u, i)
			  : BEYOND_OPAQUE;
	if (!(beyond & BEYOND_OPAQUE)) {
		*must |= beyond;
		*may |= beyond;
		return;
	}
	/* A call through a pointer, or to a routine of the driver's whose body
	 * is not here, or a macro of a missing header, could undo anything; the
	 * kit's routines undo only what the pairs say. */
	if (!hidden->hidden &&
	    (!call->callee ? pointer != POINTER_KERNEL
			   : cfg_call_unknown_macro(call) ||
				     (!call->callee_in_system_header && !call->undeclared && !call->imported))) {
		hidden->hidden = call->callee ? call->callee : call->text;
		hidden->hidden_line = call->loc.line;
	}
}

/* Whether `var` is a member reached through the object `this` or a
 * parameter points to (`this->m_Stage`, `Globals->InitStage`): state that
 * outlives the call, not a value the caller picks. */
static bool member_of_param(const struct cfg *g, const char *var)
{
	const char *arrow = var ? strstr(var, "->") : NULL;
	if (!arrow)
		return false;
	size_t len = (size_t)(arrow - var);
	if (len == 4 && !strncmp(var, "this", 4))
		return true;
	for (size_t p = 0; p < g->nparams; p++)
		if (g->params[p].name && strlen(g->params[p].name) == len && !strncmp(var, g->params[p].name, len))
			return true;
	return false;
}

/* What the routine undoes; `via`, the call that reaches it, when a switch
 * of the routine on a parameter that call gives a constant (a teardown
 * given the stage reached) takes only that constant's case, or one it gives
 * a recorded stage is a stage's switch: then it is judged afresh, not
 * remembered for every caller. */
static struct undone undone_by(const struct check *c, const struct pair_list *pairs, size_t unit, size_t index,
				unsigned depth, const struct cfg_call *via)
{
	const struct function_facts *fn = program_function(c->prog, unit, index);
	bool selects = via && kinds_switch_selects(fn->cfg, via);
	bool recorded = false;
	for (size_t b = 0; via && fn->cfg && b < fn->cfg->nblocks; b++)
		recorded |= kinds_switch_on_recorded(fn->cfg, &fn->cfg->blocks[b], via);
	void **slot = selects || recorded ? NULL : ptrmap_slot(c->memo, fn);
	if (slot && *slot)
		return *(struct undone *)*slot;
	struct undone *d = alloc_zeroed(1, sizeof(*d));
	if (slot)
		*slot = d; /* a recursive call sees nothing undone */
	const struct cfg *g = fn->cfg;
	d->g = g;
	size_t n = g->nblocks;
	uint64_t *gen = alloc_zeroed(n, sizeof(*gen)), *in = alloc_zeroed(n, sizeof(*in));
	unsigned char *refuses = alloc_zeroed(n, 1);
	uint64_t may = 0;
	struct undone hidden = { 0 };
	for (size_t b = 0; b < n; b++) {
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			const struct cfg_call *call = event_call(g, ev);
			if (call)
				call_undoes(c, pairs, unit, g, call, depth, &gen[b], &may, &hidden);
			/* A minifilter's unload callback that returns an error
			 * (STATUS_FLT_DO_NOT_DETACH) refuses the unload: nothing
			 * needs undoing on that path. */
			if (ev->kind == EVENT_RETURN && ev->value.kind == VALUE_CONSTANT && (int32_t)ev->value.number < 0)
				refuses[b] = 1;
		}
		may |= gen[b];
	}
	/* Per branch, what each side excuses: the releases made only past
	 * other sides. A switch on a global is such a branch too: a teardown
	 * switching on how far the setup got (`case Ready: IoDeleteDevice(...);
	 * case Ring: ExFreePool(...)`) releases in each case what that stage set
	 * up. A switch on a parameter or a local picks which object to release
	 * (`switch (Kind)`), not whether it was set up: it excuses nothing. */
	size_t *first_edge = alloc_zeroed(n + 1, sizeof(*first_edge));
	for (size_t b = 0; b < n; b++)
		first_edge[b + 1] = first_edge[b] + (g->blocks[b].nsucc - g->blocks[b].nexcept);
	uint64_t *excuse = alloc_zeroed(first_edge[n] + 1, sizeof(*excuse));
	unsigned char *mark0 = alloc_zeroed(n, 1), *mark1 = alloc_zeroed(n, 1);
	int *stack = alloc_zeroed(n + 1, sizeof(*stack));
	for (size_t b = 0; b < n; b++) {
		const struct cfg_block *blk = &g->blocks[b];
		size_t nedges = blk->nsucc - blk->nexcept;
		if (nedges < 2 || blk->cond.kind == COND_NONE || (nedges != 2 && blk->cond.kind != COND_SWITCH))
			continue;
		bool chosen = selects && kinds_switch_selected(g, blk, via) >= 0;
		/* A member of the object a method runs on, or of the state a
		 * helper is given by pointer, records its stage as a global does
		 * (`switch (m_Stage)` in its Teardown, `switch (Globals->Stage)`);
		 * so does a parameter its caller gives such a value
		 * (`Teardown(&g, g.Stage)`). */
		bool stage = blk->cond.var_global || member_of_param(g, blk->cond.var) ||
			     kinds_switch_on_recorded(g, blk, via);
		if (blk->cond.kind == COND_SWITCH && (!stage || chosen))
			continue;
		if (blk->cond.kind == COND_SWITCH) {
			/* What some case reaches and this one does not: all cases'
			 * blocks once, then each case's own (linear in the cases). */
			memset(mark1, 0, n);
			for (size_t t = 0; t < nedges; t++)
				kinds_reach(g, blk->succ[t], mark1, stack);
			for (size_t s = 0; s < nedges; s++) {
				memset(mark0, 0, n);
				kinds_reach(g, blk->succ[s], mark0, stack);
				for (size_t k = 0; k < n; k++)
					if (mark1[k] && !mark0[k])
						excuse[first_edge[b] + s] |= gen[k];
			}
			continue;
		}
		/* A test of a flag (or a flag word's bit) nothing sets: its other
		 * side is always taken, and never because a setup did not happen. */
		bool dead = kinds_branch_never_taken(c->prog, unit, g, &blk->cond);
		memset(mark0, 0, n);
		memset(mark1, 0, n);
		kinds_reach(g, blk->succ[0], mark0, stack);
		kinds_reach(g, blk->succ[1], mark1, stack);
		for (size_t k = 0; dead && k < n; k++)
			for (size_t q = 0; mark0[k] && !mark1[k] && q < UNDONE_MAX_PAIRS; q++)
				if ((gen[k] >> q & 1) && !hidden.dead[q]) {
					/* the guard the report names: the flag, or the bit test */
					hidden.dead[q] = blk->cond.kind == COND_BITS || blk->cond.var[0] == '@' ? blk->cond.text
												      : blk->cond.var;
					hidden.dead_at[q] = blk->cond.loc;
				}
		for (size_t k = 0; !dead && k < n; k++) {
			if (mark0[k] && !mark1[k])
				excuse[first_edge[b] + 1] |= gen[k];
			if (mark1[k] && !mark0[k])
				excuse[first_edge[b]] |= gen[k];
		}
	}
	/* Must-release, forward: the meet over the edges into a block. */
	for (size_t b = 0; b < n; b++)
		in[b] = UINT64_MAX;
	in[g->entry] = 0;
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t b = 0; b < n; b++) {
			const struct cfg_block *blk = &g->blocks[b];
			uint64_t out = in[b] | gen[b] | (refuses[b] ? UINT64_MAX : 0);
			int only = selects ? kinds_switch_selected(g, blk, via) : -1;
			for (size_t s = 0; s < blk->nsucc - blk->nexcept; s++) {
				int to = blk->succ[s];
				if (to < 0 || to == g->entry || (only >= 0 && (int)s != only))
					continue;
				uint64_t edge = out | excuse[first_edge[b] + s];
				if ((in[to] & edge) != in[to]) {
					in[to] &= edge;
					changed = true;
				}
			}
		}
	}
	d->must = in[g->exit] | gen[g->exit];
	/* For each pair missed, a path's end that misses it: a block into the
	 * exit whose edge lacks it, at its return statement when it has one. */
	for (size_t k = 0; k < UNDONE_MAX_PAIRS; k++) {
		if (d->must >> k & 1)
			continue;
		d->missed[k] = g->end.line ? g->end : g->loc;
		for (size_t b = 0; b < n; b++) {
			const struct cfg_block *blk = &g->blocks[b];
			bool into_exit = false;
			for (size_t s = 0; s < blk->nsucc - blk->nexcept; s++) {
				uint64_t edge = in[b] | gen[b] | (refuses[b] ? UINT64_MAX : 0) | excuse[first_edge[b] + s];
				into_exit |= blk->succ[s] == g->exit && !(edge >> k & 1);
			}
			if (!into_exit)
				continue;
			for (size_t e = 0; e < blk->nevents; e++)
				if (blk->events[e].kind == EVENT_RETURN)
					d->missed[k] = blk->events[e].loc;
			break;
		}
	}
	free(refuses);
	d->may = may;
	d->hidden = hidden.hidden;
	d->hidden_line = hidden.hidden_line;
	memcpy(d->dead, hidden.dead, sizeof(d->dead));
	memcpy(d->dead_at, hidden.dead_at, sizeof(d->dead_at));
	free(stack);
	free(mark1);
	free(mark0);
	free(excuse);
	free(first_edge);
	free(in);
	free(gen);
	struct undone r = *d;
	if (!slot)
		free(d);
	return r;
}

struct undone kinds_undone_by(const struct check *c, const struct pair_list *pairs, size_t unit, size_t index)
{
	return undone_by(c, pairs, unit, index, 0, NULL);
}
